"""Scoring rules checked against hand-computed cases and properties."""

import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from radar import scoring


def test_serbia_oc_resilience_2023_is_44_on_the_published_scale():
    # (4.96 - 1) / 9 * 100 = 44.0
    assert scoring.normalised(4.96, 1, 10, True) == pytest.approx(44.0)


def test_lower_is_better_is_flipped_so_outward_is_better():
    # OC Index criminality 6.18 on 1-10, higher = worse: (1 - 5.18/9) * 100 = 42.444...
    assert scoring.normalised(6.18, 1, 10, False) == pytest.approx((1 - 5.18 / 9) * 100)
    assert scoring.normalised(1, 1, 10, False) == 100.0
    assert scoring.normalised(10, 1, 10, False) == 0.0


def test_wgi_estimate_maps_from_nominal_range_and_clips_outliers():
    assert scoring.normalised(0.0, -2.5, 2.5, True) == pytest.approx(50.0)
    assert scoring.normalised(-0.5, -2.5, 2.5, True) == pytest.approx(40.0)
    assert scoring.normalised(2.7, -2.5, 2.5, True) == 100.0
    assert scoring.normalised(-2.6, -2.5, 2.5, True) == 0.0


@settings(deadline=None)  # no hidden timing assertion: a slow CI machine must not fail a correct rule
@given(
    lo=st.floats(-100, 100), span=st.floats(0.1, 200), share=st.floats(-0.5, 1.5), better=st.booleans()
)
def test_normalised_is_bounded_and_monotone_in_the_right_direction(lo, span, share, better):
    hi = lo + span
    value = lo + share * span
    score = scoring.normalised(value, lo, hi, better)
    assert 0.0 <= score <= 100.0
    higher = scoring.normalised(value + span * 0.01, lo, hi, better)
    assert (higher >= score) if better else (higher <= score)


def _framework(rows):
    return pd.DataFrame(rows, columns=["axis_id", "axis_name", "axis_order", "indicator_id", "weight"])


FRAMEWORK = _framework([
    ("a", "Axis A", 1, "i1", 1.0),
    ("a", "Axis A", 1, "i2", 1.0),
    ("b", "Axis B", 2, "i3", 2.0),
    ("b", "Axis B", 2, "i4", 1.0),
    ("b", "Axis B", 2, "i5", 1.0),
])


def _scored(rows):
    return pd.DataFrame(rows, columns=["country_iso3", "indicator_id", "year", "score"])


def test_axis_score_is_the_weighted_mean_of_available_indicators():
    scored = _scored([
        ("SRB", "i1", 2023, 40.0), ("SRB", "i2", 2023, 60.0),
        ("SRB", "i3", 2023, 30.0), ("SRB", "i4", 2021, 90.0),  # i5 missing: 3 of 4 weight units present
    ])
    out = scoring.axis_scores(scored, FRAMEWORK, ["SRB"], min_coverage=0.5).set_index("axis_id")
    assert out.at["a", "score"] == pytest.approx(50.0)
    assert out.at["b", "score"] == pytest.approx((2 * 30 + 90) / 3)
    assert out.at["b", "coverage"] == pytest.approx(0.75)
    assert (out.at["b", "year_min"], out.at["b", "year_max"]) == (2021, 2023)
    assert out.at["b", "n_available"] == 2 and out.at["b", "n_indicators"] == 3


def test_axis_below_coverage_is_missing_never_zero():
    scored = _scored([("XKX", "i4", 2023, 70.0)])  # 1 of 4 weight units on axis b; nothing on axis a
    out = scoring.axis_scores(scored, FRAMEWORK, ["XKX"], min_coverage=0.5).set_index("axis_id")
    assert math.isnan(out.at["a", "score"]) and out.at["a", "missing_reason"] == "no data"
    assert math.isnan(out.at["b", "score"])
    assert "only 1 of 3" in out.at["b", "missing_reason"]
    assert out.at["b", "coverage"] == pytest.approx(0.25)


def test_exactly_half_the_weight_is_enough():
    scored = _scored([("ALB", "i3", 2023, 20.0)])  # weight 2 of 4
    out = scoring.axis_scores(scored, FRAMEWORK, ["ALB"], min_coverage=0.5).set_index("axis_id")
    assert out.at["b", "score"] == pytest.approx(20.0)


def test_the_default_coverage_rule_is_half_the_weight():
    """Called without min_coverage, as the app does for a framework without its own: 2 of 4 weight units (exactly
    half) give a score, 1 of 4 (a quarter) and 1.5 of 4 do not. Hand-computed, never read from the constant."""
    half = scoring.axis_scores(_scored([("ALB", "i3", 2023, 20.0)]), FRAMEWORK, ["ALB"]).set_index("axis_id")
    assert half.at["b", "score"] == pytest.approx(20.0) and half.at["b", "coverage"] == pytest.approx(0.5)
    quarter = scoring.axis_scores(_scored([("ALB", "i4", 2023, 20.0)]), FRAMEWORK, ["ALB"]).set_index("axis_id")
    assert math.isnan(quarter.at["b", "score"])
    assert quarter.at["b", "missing_reason"] == "only 1 of 3 indicators have data (needs 50% of the weight)"
    uneven = _framework([("c", "Axis C", 1, "i1", 1.0), ("c", "Axis C", 1, "i2", 1.5), ("c", "Axis C", 1, "i3", 1.5)])
    below = scoring.axis_scores(_scored([("ALB", "i2", 2023, 60.0)]), uneven, ["ALB"]).set_index("axis_id")
    assert math.isnan(below.at["c", "score"])  # 1.5 of 4 = 37.5 %
    above = scoring.axis_scores(_scored([("ALB", "i1", 2023, 60.0), ("ALB", "i2", 2023, 30.0)]), uneven,
                                ["ALB"]).set_index("axis_id")
    assert above.at["c", "score"] == pytest.approx((60.0 * 1 + 30.0 * 1.5) / 2.5)  # 2.5 of 4 = 62.5 %: 42.0


def test_the_default_lag_reaches_back_three_years_and_no_further():
    """Called without max_lag, as the app does: for 2024, a value of 2021 is used, one of 2020 is a gap."""
    obs = pd.DataFrame({"country_iso3": ["SRB", "SRB"], "indicator_id": ["three", "four"], "year": [2021, 2020],
                        "value": [1.0, 2.0]})
    assert scoring.latest_up_to(obs, 2024)["indicator_id"].tolist() == ["three"]
    assert scoring.latest_up_to(obs, 2023)["indicator_id"].tolist() == ["four", "three"]
    together = scoring.latest_for_years(obs, [2023, 2024, 2025])
    assert together[["target_year", "indicator_id"]].values.tolist() == [[2023, "four"], [2023, "three"],
                                                                          [2024, "three"]]


def test_latest_up_to_picks_each_indicators_latest_year_within_the_lag():
    obs = pd.DataFrame({
        "country_iso3": ["SRB"] * 5,
        "indicator_id": ["oc", "oc", "wgi", "wgi", "old"],
        "year": [2021, 2023, 2022, 2023, 2019],
        "value": [1.0, 2.0, 3.0, 4.0, 5.0],
    })
    out = scoring.latest_up_to(obs, 2024, max_lag=3).set_index("indicator_id")
    assert out.at["oc", "year"] == 2023 and out.at["oc", "value"] == 2.0
    assert out.at["wgi", "year"] == 2023
    assert "old" not in out.index  # 2019 is more than 3 years before 2024: a gap, not a stale value
    assert scoring.latest_up_to(obs, 2022).set_index("indicator_id").at["oc", "value"] == 1.0


def test_reference_mean_ignores_missing_axes_and_weakest_member_names_the_country():
    scores = pd.DataFrame({
        "country_iso3": ["ALB", "SRB", "XKX"],
        "axis_id": ["a"] * 3, "axis_name": ["A"] * 3, "axis_order": [1] * 3,
        "score": [40.0, 60.0, float("nan")], "year_min": [2023] * 3, "year_max": [2025] * 3,
    })
    mean = scoring.reference_mean(scores, ["ALB", "SRB", "XKX"])
    assert mean.at[0, "score"] == pytest.approx(50.0) and mean.at[0, "n"] == 2
    weakest = scoring.weakest_member(scores, ["ALB", "SRB", "XKX"])
    assert weakest.at[0, "country_iso3"] == "ALB"


def test_change_between():
    before = pd.DataFrame({"country_iso3": ["ALB", "SRB"], "axis_id": ["a", "a"], "axis_name": ["A", "A"],
                           "axis_order": [1, 1], "score": [40.0, 50.0]})
    after = before.assign(score=[45.0, float("nan")])
    change = scoring.change_between(before, after).set_index("country_iso3")
    assert change.at["ALB", "change"] == pytest.approx(5.0)
    assert math.isnan(change.at["SRB", "change"])


@settings(deadline=None)  # Hypothesis's default 200 ms deadline failed about 1 run in 8 on unchanged code
@given(st.lists(st.tuples(st.sampled_from(["ALB", "SRB"]), st.sampled_from(["i1", "i2"]), st.integers(2010, 2025),
                          st.floats(0, 100)), min_size=1, max_size=30, unique_by=lambda r: r[:3]),
       st.lists(st.integers(2008, 2027), min_size=1, max_size=6, unique=True))
def test_latest_for_years_equals_latest_up_to_year_by_year(rows, years):
    obs = pd.DataFrame(rows, columns=["country_iso3", "indicator_id", "year", "value"])
    together = scoring.latest_for_years(obs, years)
    for year in years:
        one = scoring.latest_up_to(obs, year)[["country_iso3", "indicator_id", "year", "value"]]
        batch = together[together["target_year"] == year][["country_iso3", "indicator_id", "year", "value"]]
        pd.testing.assert_frame_equal(one.reset_index(drop=True), batch.reset_index(drop=True), check_dtype=False)


def test_axis_scores_for_many_years_equal_one_year_at_a_time():
    obs = pd.DataFrame({"country_iso3": ["SRB"] * 4, "indicator_id": ["i1", "i2", "i1", "i3"],
                        "year": [2021, 2021, 2023, 2023], "score": [40.0, 60.0, 50.0, 30.0]})
    together = scoring.axis_scores(scoring.latest_for_years(obs, [2022, 2023]), FRAMEWORK, ["SRB"], 0.5,
                                   years=[2022, 2023])
    for year in (2022, 2023):
        one = scoring.axis_scores(scoring.latest_up_to(obs, year), FRAMEWORK, ["SRB"], 0.5)
        batch = together[together["target_year"] == year].drop(columns="target_year").reset_index(drop=True)
        pd.testing.assert_frame_equal(one, batch, check_dtype=False)


# -- like for like ---------------------------------------------------------------------------------------------
LFL_WEIGHTS = pd.DataFrame({"axis_id": ["courts"] * 3 + ["police"] * 2,
                            "axis_name": ["Courts"] * 3 + ["Police"] * 2, "axis_order": [1, 1, 1, 2, 2],
                            "indicator_id": ["oc_j", "wjp_a", "wjp_b", "oc_p", "wjp_c"], "weight": 1.0})


def lfl_values(year: int, rows: dict[tuple[str, str], float]) -> pd.DataFrame:
    return pd.DataFrame([{"country_iso3": c, "indicator_id": i, "year": year, "score": s,
                          "source_id": "oc" if i.startswith("oc") else "wjp"} for (c, i), s in rows.items()])


def test_like_for_like_change_uses_only_indicators_present_in_both_years():
    before = lfl_values(2018, {("BIH", "wjp_a"): 60.0, ("BIH", "wjp_b"): 40.0, ("BIH", "wjp_c"): 70.0})
    after = lfl_values(2025, {("BIH", "oc_j"): 10.0, ("BIH", "wjp_a"): 56.0, ("BIH", "wjp_b"): 44.0,
                              ("BIH", "oc_p"): 20.0, ("BIH", "wjp_c"): 80.0})
    out = scoring.like_for_like_change(before, after, LFL_WEIGHTS, 0.5).set_index("axis_id")
    courts = out.loc["courts"]
    # by hand: drawn 2018 (60+40)/2 = 50, drawn 2025 (10+56+44)/3 = 36.67; paired (56+44)/2 = 50 -> change 0
    assert courts["all_before"] == pytest.approx(50.0)
    assert courts["all_after"] == pytest.approx(110 / 3)
    assert (courts["score_before"], courts["score_after"], courts["change"]) == pytest.approx((50.0, 50.0, 0.0))
    assert courts["paired"] == ("wjp_a", "wjp_b") and courts["entered"] == ("oc_j",) and courts["left"] == ()
    assert courts["basis_changed"]
    police = out.loc["police"]
    # paired: wjp_c only = half the axis weight, enough under min_coverage 0.5: 70 -> 80; drawn 70 -> 50
    assert (police["score_before"], police["score_after"], police["change"]) == pytest.approx((70.0, 80.0, 10.0))
    assert police["all_after"] == pytest.approx(50.0)
    strict = scoring.like_for_like_change(before, after, LFL_WEIGHTS, 0.75).set_index("axis_id")
    assert math.isnan(strict.loc["police", "change"])  # 1 of 2 paired < 75%: no like-for-like change
    assert math.isnan(strict.loc["courts", "change"])  # 2 of 3 paired: 67% < 75%
    assert strict.loc["courts", "all_after"] == pytest.approx(110 / 3)  # the drawn score keeps its own rule


def test_like_for_like_change_without_any_basis_change_equals_change_between():
    before = lfl_values(2024, {("SRB", "wjp_a"): 30.0, ("SRB", "wjp_b"): 50.0})
    after = lfl_values(2025, {("SRB", "wjp_a"): 35.0, ("SRB", "wjp_b"): 49.0})
    row = scoring.like_for_like_change(before, after, LFL_WEIGHTS, 0.5).set_index("axis_id").loc["courts"]
    assert (row["score_before"], row["score_after"], row["change"]) == pytest.approx((40.0, 42.0, 2.0))
    assert not row["basis_changed"] and row["all_after"] == pytest.approx(42.0)


def test_common_indicators_are_those_every_country_has_in_every_year():
    y1 = lfl_values(2021, {("SRB", "oc_j"): 1.0, ("SRB", "wjp_a"): 1.0, ("XKX", "wjp_a"): 1.0,
                           ("XKX", "wjp_b"): 1.0, ("SRB", "wjp_b"): 1.0})
    y2 = lfl_values(2022, {("SRB", "oc_j"): 1.0, ("SRB", "wjp_a"): 1.0, ("XKX", "wjp_a"): 1.0})
    assert scoring.common_indicators([y1], ["SRB", "XKX"]) == {"wjp_a", "wjp_b"}
    assert scoring.common_indicators([y1, y2], ["SRB", "XKX"]) == {"wjp_a"}
    assert scoring.common_indicators([y1, y2], ["SRB"]) == {"oc_j", "wjp_a"}


def test_mixed_axes_count_only_countries_with_a_score():
    values = lfl_values(2025, {("SRB", "oc_j"): 1.0, ("SRB", "wjp_a"): 1.0, ("XKX", "wjp_a"): 1.0,
                               ("XKX", "wjp_b"): 1.0, ("SRB", "wjp_b"): 1.0, ("SRB", "oc_p"): 1.0})
    basis = scoring.indicator_basis(values, LFL_WEIGHTS, ["SRB", "XKX"])
    srb = basis.set_index(["country_iso3", "axis_id"]).loc[("SRB", "courts")]
    assert srb["indicators"] == ("oc_j", "wjp_a", "wjp_b") and srb["sources"] == ("oc", "wjp")
    scores = pd.DataFrame({"country_iso3": ["SRB", "XKX", "SRB", "XKX"], "axis_id": ["courts", "courts", "police",
                                                                                      "police"],
                           "score": [50.0, 40.0, 30.0, float("nan")]})
    assert scoring.mixed_axes(basis, scores) == {"courts"}  # Kosovo has no police score: nothing to compare


def test_first_years_gives_the_first_year_with_a_value():
    frames = {2018: lfl_values(2018, {("BIH", "wjp_a"): 1.0}),
              2021: lfl_values(2021, {("BIH", "wjp_a"): 1.0, ("BIH", "oc_j"): 1.0}),
              2025: lfl_values(2025, {("BIH", "oc_j"): 1.0})}
    assert scoring.first_years(frames) == {("BIH", "wjp_a"): 2018, ("BIH", "oc_j"): 2021}

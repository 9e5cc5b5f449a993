"""radar.analysis through the real store: every score checked by hand from the tidy source CSVs (the published
values), never from a number typed in, except the issue's own example (Serbia, OC Index 2023: 4.96 -> 44.0)."""

from __future__ import annotations

import math
import tomllib

import pandas as pd
import pytest

from radar import analysis, scoring, settings
from radar.schema import EU27, KEPT_COUNTRIES, WB6
from radar.store import Store


@pytest.fixture(scope="module")
def spec() -> dict[str, dict]:
    with settings.FRAMEWORKS_FILE.open("rb") as handle:
        return {f["id"]: f for f in tomllib.load(handle)["framework"]}


@pytest.fixture(scope="module")
def wbocr(store: Store) -> analysis.Framework:
    return analysis.framework(store, "wbocr")


@pytest.fixture(scope="module")
def resilience_2023(store: Store) -> analysis.YearScores:
    return analysis.year_scores(store, analysis.framework(store, "oc_resilience"), 2023)


@pytest.fixture(scope="module")
def wbocr_2025(store: Store, wbocr: analysis.Framework) -> analysis.YearScores:
    return analysis.year_scores(store, wbocr, 2025)


def _published(rows: pd.DataFrame, iso3: str, indicator: str, year: int) -> pd.Series:
    """The one fixture row of a country, indicator and year."""
    hit = rows[(rows["country_iso3"] == iso3) & (rows["indicator_id"] == indicator) & (rows["year"] == year)]
    assert len(hit) == 1, (iso3, indicator, year)
    return hit.iloc[0]


def _score_by_hand(row: pd.Series) -> float:
    """0-100 on the published scale, flipped where lower is better: the rule written out once more."""
    share = (row["value"] - row["scale_min"]) / (row["scale_max"] - row["scale_min"])
    return 100 * (share if row["higher_is_better"] else 1 - share)


def _latest_by_hand(rows: pd.DataFrame, iso3: str, indicator: str, year: int) -> pd.Series | None:
    """The fixture row used for "year Y": the latest year in [Y - 3, Y], or None."""
    hit = rows[(rows["country_iso3"] == iso3) & (rows["indicator_id"] == indicator)
               & rows["year"].between(year - scoring.MAX_LAG_YEARS, year)]
    return hit.sort_values("year").iloc[-1] if len(hit) else None


def _axis(scores: pd.DataFrame, iso3: str, axis_id: str) -> pd.Series:
    hit = scores[(scores["country_iso3"] == iso3) & (scores["axis_id"] == axis_id)]
    assert len(hit) == 1, (iso3, axis_id)
    return hit.iloc[0]


# ---- hand-checked scores ----------------------------------------------------------------------------------------

def test_serbia_oc_resilience_2023_is_44_through_the_store(store: Store) -> None:
    row = store.observations(["SRB"], ["gitoc_ocindex"], ["ocindex_resilience_score"], 2023, 2023).iloc[0]
    assert row["value"] == pytest.approx(4.96)
    score = scoring.normalised(row["value"], row["scale_min"], row["scale_max"], row["higher_is_better"])
    assert score == pytest.approx(44.0)


def test_serbia_law_enforcement_axis_2023(resilience_2023: analysis.YearScores, source_rows: pd.DataFrame) -> None:
    value = _published(source_rows, "SRB", "ocindex_law_enforcement", 2023)["value"]
    axis = _axis(resilience_2023.scores, "SRB", "law_enforcement")
    assert axis["score"] == pytest.approx((value - 1) / 9 * 100)
    assert (axis["coverage"], axis["year_min"], axis["year_max"], axis["missing_reason"]) == (1.0, 2023, 2023, "")


def test_kosovo_has_no_oc_resilience_axis(resilience_2023: analysis.YearScores) -> None:
    kosovo = resilience_2023.for_countries(["XKX"])
    assert len(kosovo) == 12
    assert kosovo["score"].isna().all()
    assert (kosovo["missing_reason"] == "no data").all()
    assert (kosovo["coverage"] == 0).all()


def test_kosovo_wbocr_2025_policing_from_wjp_alone(wbocr_2025: analysis.YearScores,
                                                   source_rows: pd.DataFrame) -> None:
    assert math.isnan(_axis(wbocr_2025.scores, "XKX", "political_will")["score"])
    assert _axis(wbocr_2025.scores, "XKX", "political_will")["missing_reason"] == "no data"
    policing = _axis(wbocr_2025.scores, "XKX", "policing")
    by_hand = [_score_by_hand(_published(source_rows, "XKX", i, 2025)) for i in ("wjp_8_1", "wjp_5_1")]
    assert policing["score"] == pytest.approx(sum(by_hand) / 2)
    assert policing["coverage"] == pytest.approx(2 / 3)
    assert (policing["n_available"], policing["n_indicators"]) == (2, 3)


def test_year_y_uses_each_indicators_latest_value(store: Store, wbocr: analysis.Framework, spec: dict[str, dict],
                                                  source_rows: pd.DataFrame) -> None:
    """wbocr 2024: the OC Index of 2023 and the WGI of 2023 (none published for 2024), WJP and CPI of 2024."""
    scores = analysis.year_scores(store, wbocr, 2024)
    serbia = scores.values_for(["SRB"]).set_index("indicator_id")
    assert set(serbia.loc[serbia["source_id"] == "gitoc_ocindex", "year"]) == {2023}
    assert set(serbia.loc[serbia["source_id"] == "wb_wgi", "year"]) == {2023}
    assert set(serbia.loc[serbia["source_id"].isin(["wjp_rol", "ti_cpi"]), "year"]) == {2024}
    for axis in spec["wbocr"]["axis"]:
        used = [r for r in (_latest_by_hand(source_rows, "SRB", i, 2024) for i in axis["indicators"]) if r is not None]
        got = _axis(scores.scores, "SRB", axis["id"])
        assert got["score"] == pytest.approx(sum(_score_by_hand(r) for r in used) / len(used)), axis["id"]
        assert got["coverage"] == pytest.approx(len(used) / len(axis["indicators"])), axis["id"]
        assert (got["year_min"], got["year_max"]) == (min(r["year"] for r in used), max(r["year"] for r in used))
    anti_corruption = _axis(scores.scores, "SRB", "anti_corruption")  # WGI 2023 and CPI 2024 in one axis
    assert (anti_corruption["year_min"], anti_corruption["year_max"]) == (2023, 2024)


def test_threat_framework_is_flipped(store: Store, source_rows: pd.DataFrame) -> None:
    scores = analysis.year_scores(store, analysis.framework(store, "oc_threat"), 2023)
    row = _published(source_rows, "SRB", "ocindex_cocaine_trade", 2023)
    assert not row["higher_is_better"]
    assert _axis(scores.scores, "SRB", "cocaine")["score"] == pytest.approx((10 - row["value"]) / 9 * 100)


# ---- references, comparisons, time ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("reference", "members"), [(analysis.WB6_MEAN, WB6), (analysis.EU27_MEAN, EU27)])
def test_reference_means_are_plain_means_of_member_scores(wbocr_2025: analysis.YearScores, reference: str,
                                                          members: tuple[str, ...]) -> None:
    refs = wbocr_2025.references[wbocr_2025.references["reference"] == reference].set_index("axis_id")
    assert len(refs) == 8
    for axis_id, ref in refs.iterrows():
        member_scores = [_axis(wbocr_2025.scores, c, axis_id)["score"] for c in members]
        present = [s for s in member_scores if not math.isnan(s)]
        assert ref["n"] == len(present) > 0
        assert ref["score"] == pytest.approx(sum(present) / len(present))


def test_eu_weakest_names_the_lowest_eu_member(wbocr_2025: analysis.YearScores) -> None:
    weakest = wbocr_2025.eu_weakest.set_index("axis_id")
    assert len(weakest) == 8
    for axis_id, row in weakest.iterrows():
        eu = {c: _axis(wbocr_2025.scores, c, axis_id)["score"] for c in EU27}
        lowest = min((s, c) for c, s in eu.items() if not math.isnan(s))
        assert (row["country_iso3"], row["score"]) == (lowest[1], pytest.approx(lowest[0]))


def test_every_kept_country_gets_every_axis(wbocr_2025: analysis.YearScores) -> None:
    assert len(wbocr_2025.scores) == len(KEPT_COUNTRIES) * 8
    assert not wbocr_2025.scores.duplicated(["country_iso3", "axis_id"]).any()


def test_largest_changes_are_sorted_by_absolute_change(store: Store) -> None:
    fw = analysis.framework(store, "oc_resilience")
    before, after = analysis.year_scores(store, fw, 2023), analysis.year_scores(store, fw, 2025)
    countries = list(WB6)
    changes = analysis.largest_changes(analysis.like_for_like(before, after, countries), n=1000)
    assert len(changes) > 5
    size = changes["change"].abs()
    assert size.is_monotonic_decreasing and (size > 0).all()
    for row in changes.itertuples():
        expected = _axis(after.scores, row.country_iso3, row.axis_id)["score"] \
            - _axis(before.scores, row.country_iso3, row.axis_id)["score"]
        assert row.change == pytest.approx(expected)
    # every WB6 axis that changed is listed, and the top five are the five largest
    both = before.for_countries(countries).merge(after.for_countries(countries), on=["country_iso3", "axis_id"])
    moved = (both["score_y"] - both["score_x"]).dropna()
    assert len(changes) == int((moved.abs() > 1e-9).sum())
    top = analysis.largest_changes(analysis.like_for_like(before, after, countries))
    assert len(top) == 5
    assert top["change"].abs().tolist() == pytest.approx(sorted(moved.abs(), reverse=True)[:5])
    assert "XKX" not in set(changes["country_iso3"])  # no OC Index for Kosovo: nothing to compare


def test_scores_over_time_one_row_per_country_axis_year(store: Store) -> None:
    fw = analysis.framework(store, "wgi")
    years, countries = [2019, 2021, 2023], ["ALB", "XKX", "SRB"]
    over_time = analysis.scores_over_time(store, fw, years, countries)
    assert len(over_time) == len(countries) * 6 * len(years)
    assert not over_time.duplicated(["country_iso3", "axis_id", "year"]).any()
    for year in years:  # the same numbers as the one-year scores
        one_year = analysis.year_scores(store, fw, year).for_countries(countries)
        same = over_time[over_time["year"] == year].merge(one_year, on=["country_iso3", "axis_id"])
        assert len(same) == len(countries) * 6
        assert same["score_x"].fillna(-1).tolist() == pytest.approx(same["score_y"].fillna(-1).tolist())
    assert analysis.scores_over_time(store, fw, [], countries).empty

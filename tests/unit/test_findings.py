"""Plain-language findings (radar/findings.py) on hand-made frames, every number checked as radar.i18n.num prints
it, and one check on the real warehouse: no WGI axis change of a WB6 government from 2022 to 2023 is clear."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pandas as pd
import pytest

from radar import analysis, findings, i18n, scoring
from radar.i18n import num
from radar.schema import WB6
from radar.store import Store

NAMES = {"ALB": "Albania", "BIH": "Bosnia and Herzegovina", "XKX": "Kosovo*", "MNE": "Montenegro",
         "MKD": "North Macedonia", "SRB": "Serbia"}
AXES = {"a1": "Policing", "a2": "Courts", "a3": "Borders"}
INDICATORS = {"a1": ["ind_pol"], "a2": ["ind_court_1", "ind_court_2"], "a3": ["ind_bord"]}
NAN = float("nan")


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def scores_frame(table: dict[str, list[float]], se: dict[str, list[float]] | None = None) -> pd.DataFrame:
    """Axis scores (scoring.AXIS_SCORE_COLUMNS' key columns) of countries on the three axes, NaN = missing."""
    rows = []
    for iso3, values in table.items():
        for order, ((axis_id, axis_name), score) in enumerate(zip(AXES.items(), values), start=1):
            rows.append({"country_iso3": iso3, "axis_id": axis_id, "axis_name": axis_name, "axis_order": order,
                         "score": score, "se": (se or {}).get(iso3, [NAN] * 3)[order - 1]})
    return pd.DataFrame(rows)


def change_rows(*rows: tuple[str, str, float, float, float | None]) -> pd.DataFrame:
    """A change_between-shaped frame from (iso3, axis_id, before, after, change_se) rows."""
    out = []
    for iso3, axis_id, before, after, se in rows:
        change = after - before
        clear = None if se is None or math.isnan(se) else bool(abs(change) > scoring.Z_90 * se)
        out.append({"country_iso3": iso3, "axis_id": axis_id, "axis_name": AXES[axis_id],
                    "axis_order": list(AXES).index(axis_id) + 1, "score_after": after, "score_before": before,
                    "change": change, "change_se": NAN if se is None else se, "clear": clear})
    return pd.DataFrame(out)


# -- change_findings: judged against the published 90% margin ------------------------------------------------
def test_a_change_within_the_margin_is_no_clear_change():
    change = change_rows(("SRB", "a1", 50.0, 53.25, 2.5), ("ALB", "a2", 40.0, 38.5, 2.0))
    assert change["clear"].dtype == bool  # no None: numpy bools, the case the real data has
    items = findings.change_findings(change, NAMES, 2022, 2023, INDICATORS)
    assert [f.text for f in items] == [
        f"Serbia, Policing: 50.0 → {num(53.25)} ({num(3.25, signed=True)}) between 2022 and 2023 is within the "
        "published uncertainty: no clear change.",
        "Albania, Courts: 40.0 → 38.5 (-1.5) between 2022 and 2023 is within the published uncertainty: "
        "no clear change.",
    ]
    assert items[0].rows == {"dc": "SRB", "ind": "ind_pol", "y0": "2019", "y1": "2023"}
    assert items[1].rows == {"dc": "ALB", "ind": "ind_court_1,ind_court_2", "y0": "2019", "y1": "2023"}


def test_a_change_exactly_at_the_margin_is_not_clear_and_just_above_it_is():
    at = change_rows(("MNE", "a3", 60.0, 60.0 + scoring.Z_90 * 2.0, 2.0))
    assert at["clear"].tolist() == [False]
    assert findings.change_findings(at, NAMES, 2021, 2022, INDICATORS)[0].text.endswith("no clear change.")
    above = change_rows(("MNE", "a3", 60.0, 63.5, 2.0))  # 3.5 > 1.645 * 2 = 3.29
    (item,) = findings.change_findings(above, NAMES, 2021, 2022, INDICATORS)
    assert item.text == ("Largest improvement since 2021: Montenegro, Borders, 60.0 → 63.5 (+3.5 points). "
                         "This exceeds the published 90% margin (±3.3).")
    assert "no clear change" not in item.text


def test_largest_improvement_and_decline_are_named_with_their_numbers():
    change = change_rows(("ALB", "a1", 40.0, 44.0, 0.5), ("BIH", "a2", 30.0, 37.25, 0.5),
                         ("SRB", "a3", 55.0, 49.9, 0.5), ("MKD", "a1", 45.0, 43.0, 0.5))
    improvement, decline = findings.change_findings(change, NAMES, 2020, 2021, INDICATORS)
    assert improvement.text == (
        f"Largest improvement since 2020: Bosnia and Herzegovina, Courts, 30.0 → {num(37.25)} "
        f"({num(7.25, signed=True)} points). This exceeds the published 90% margin (±{num(scoring.Z_90 * 0.5)}).")
    assert decline.text == ("Largest decline since 2020: Serbia, Borders, 55.0 → 49.9 (-5.1 points). "
                            "This exceeds the published 90% margin (±0.8).")
    assert decline.rows["dc"] == "SRB" and decline.rows["ind"] == "ind_bord"


def test_without_a_published_error_the_change_is_named_without_a_verdict():
    change = change_rows(("XKX", "a1", 20.0, 27.0, None), ("XKX", "a2", 50.0, 49.0, None))
    assert change["clear"].tolist() == [None, None]
    improvement, decline = findings.change_findings(change, NAMES, 2019, 2021, INDICATORS)
    assert improvement.text == "Largest improvement since 2019: Kosovo*, Policing, 20.0 → 27.0 (+7.0 points)."
    assert decline.text == "Largest decline since 2019: Kosovo*, Courts, 50.0 → 49.0 (-1.0 points)."


def test_through_change_between_the_margin_is_judged_from_both_errors():
    before = scores_frame({"SRB": [50.0, 40.0, 30.0]}, se={"SRB": [3.0, 3.0, 0.1]})
    after = scores_frame({"SRB": [55.0, 46.0, 30.5]}, se={"SRB": [4.0, 3.0, 0.1]})
    change = scoring.change_between(before, after)  # margins: 1.645*5 = 8.2, 1.645*4.24 = 7.0, 0.23
    assert change["clear"].tolist() == [False, False, True]
    (item,) = findings.change_findings(change, NAMES, 2022, 2023, INDICATORS)  # no decline
    assert item.text == ("Serbia, Courts: 40.0 → 46.0 (+6.0) between 2022 and 2023 is within the published "
                         "uncertainty: no clear change.")


def test_no_change_at_all():
    change = change_rows(("ALB", "a1", 40.0, 40.0, 1.0))
    assert [f.text for f in findings.change_findings(change, NAMES, 2022, 2023, INDICATORS)] == [
        "No axis score changed between 2022 and 2023."]


def test_numbers_follow_the_language():
    change = change_rows(("SRB", "a3", 55.0, 49.75, 0.5))
    i18n.set_language("sr-Latn")
    (item,) = findings.change_findings(change, NAMES, 2020, 2021, INDICATORS)
    assert num(49.75) == "49,8" and num(-5.25, signed=True) == "-5,2"
    assert "55,0" in item.text and "49,8" in item.text and "-5,2" in item.text
    assert "49.8" not in item.text


# -- leaders, position against the WB6, missing axes, breaks ------------------------------------------------
SCORES = scores_frame({"ALB": [61.25, 40.0, NAN], "SRB": [48.0, 52.5, 70.0], "XKX": [55.0, NAN, NAN]})


def test_leaders_per_axis():
    table = findings.leaders(SCORES)
    assert table[["axis_id", "best", "best_score", "worst", "worst_score"]].values.tolist() == [
        ["a1", "ALB", 61.25, "SRB", 48.0], ["a2", "SRB", 52.5, "ALB", 40.0], ["a3", "SRB", 70.0, "SRB", 70.0]]


def test_leader_findings_one_sentence_per_axis_with_two_countries():
    assert [f.text for f in findings.leader_findings(SCORES, NAMES)] == [
        f"Policing: Albania leads ({num(61.25)}), Serbia trails (48.0).",
        "Courts: Serbia leads (52.5), Albania trails (40.0).",
    ]  # Borders: only Serbia has a score, no leader-laggard sentence


def test_wb6_position():
    references = pd.DataFrame({"reference": ["WB6", "WB6", "WB6", "EU27"], "axis_id": ["a1", "a2", "a3", "a1"],
                               "score": [50.0, 47.5, 60.0, 90.0]})
    found = findings.wb6_position(SCORES, references, "ALB", "Albania")
    assert found.text == ("Albania is above the WB6 mean on 1 of 2 axes. Furthest below: Courts (40.0 against a "
                          "WB6 mean of 47.5).")
    found = findings.wb6_position(SCORES, references, "SRB", "Serbia")
    assert found.text == ("Serbia is above the WB6 mean on 2 of 3 axes. Furthest below: Policing (48.0 against a "
                          "WB6 mean of 50.0).")
    assert findings.wb6_position(SCORES, references, "XKX", "Kosovo*").text == (
        "Kosovo* is above the WB6 mean on 1 of 1 axis.")  # nothing below: no 'furthest below'
    assert findings.wb6_position(SCORES, references, "MNE", "Montenegro") is None


def test_missing_findings_say_the_oc_index_does_not_cover_kosovo():
    items = findings.missing_findings(SCORES, NAMES, len(AXES))
    assert [f.text for f in items] == [
        "Albania: 1 of 3 axes have too little data and are shown as gaps (Borders).",
        "Kosovo*: 2 of 3 axes have too little data and are shown as gaps (Courts, Borders). "
        "The GI-TOC Organized Crime Index does not cover Kosovo*.",  # data/countries.toml: not_covered_by
    ]
    assert findings.missing_findings(scores_frame({"SRB": [1.0, 2.0, 3.0]}), NAMES, 3) == []


def test_missing_findings_list_at_most_four_axes():
    many = pd.DataFrame({"country_iso3": ["MNE"] * 6, "axis_id": list("abcdef"), "axis_name": list("ABCDEF"),
                         "axis_order": range(6), "score": [NAN] * 6})
    (item,) = findings.missing_findings(many, NAMES, 8)
    assert item.text == "Montenegro: 6 of 8 axes have too little data and are shown as gaps (A, B, C, D …)."
    assert "Kosovo" not in item.text


BREAKS = [{"source_id": "gitoc_ocindex", "year": 2023, "text": "GI-TOC added six indicators in 2023."},
          {"source_id": "wjp_rol", "year": 2015, "text": "WJP editions before 2015 differ."},
          {"source_id": "wb_wgi", "year": 1996, "text": "Every WGI release revises earlier years."}]


@pytest.mark.parametrize("sources, year_a, year_b, expected", [
    (["gitoc_ocindex", "wjp_rol"], 2021, 2023, ["GI-TOC added six indicators in 2023."]),  # break at the end
    (["gitoc_ocindex", "wjp_rol"], 2023, 2025, []),  # break at the start: before the span
    (["gitoc_ocindex", "wjp_rol"], 2022, 2022, []),
    (["gitoc_ocindex", "wjp_rol"], 2014, 2024, ["GI-TOC added six indicators in 2023.",
                                                 "WJP editions before 2015 differ."]),
    (["wjp_rol"], 2014, 2024, ["WJP editions before 2015 differ."]),  # only the sources in use
    (["wb_wgi"], 1996, 2023, []),
    (["wb_wgi"], 1995, 1996, ["Every WGI release revises earlier years."]),
    ([], 1990, 2030, []),
])
def test_break_findings_only_inside_the_span(sources, year_a, year_b, expected):
    assert [f.text for f in findings.break_findings(BREAKS, sources, year_a, year_b)] == expected


# -- headlines --------------------------------------------------------------------------------------------------
def test_comparison_headline_with_the_biggest_move():
    changes = change_rows(("ALB", "a1", 57.0, 61.25, 1.0), ("SRB", "a2", 51.0, 52.5, 1.0))
    text = findings.comparison_headline(SCORES, changes, NAMES, 2023, 2022)
    assert text == ("In 2023, Serbia scores highest on 2 of 3 axes; Serbia scores lowest on 2. Biggest move since "
                    f"2022: Albania, Policing, 57.0 → {num(61.25)} ({num(4.25, signed=True)} points).")
    assert findings.comparison_headline(SCORES, changes.iloc[0:0], NAMES, 2023, None) == (
        "In 2023, Serbia scores highest on 2 of 3 axes; Serbia scores lowest on 2.")


def test_comparison_headline_without_data():
    empty = scores_frame({"ALB": [NAN, NAN, NAN]})
    assert findings.comparison_headline(empty, empty.iloc[0:0], NAMES, 2001, None) == (
        "No axis has enough data for the selected countries in 2001.")


def test_country_headline():
    distance = pd.DataFrame({"axis_name": list(AXES.values()), "score": [61.25, 40.0, NAN],
                             "gap_to_eu27": [-20.0, -35.5, NAN]})
    assert findings.country_headline(distance, "Albania", 2024) == (
        f"Albania, 2024: strongest on Policing ({num(61.25)}), weakest on Courts (40.0); 2 of 2 axes below the "
        "EU-27 mean.")
    one = distance.assign(score=[NAN, 80.0, NAN], gap_to_eu27=[NAN, 3.0, NAN])
    assert findings.country_headline(one, "Serbia", 2024) == (
        "Serbia, 2024: strongest on Courts (80.0), weakest on Courts (80.0); 0 of 1 axis below the EU-27 mean.")
    assert findings.country_headline(distance.assign(score=NAN), "Kosovo*", 2024) == (
        "Kosovo* has no axis with enough data in 2024.")


def test_slope_headline():
    change = pd.DataFrame({"country_iso3": ["ALB", "SRB", "MNE"], "score_before": [40.0, 50.0, 45.0],
                           "score_after": [42.0, 44.5, NAN], "change": [2.0, -5.5, NAN]})
    assert findings.slope_headline(change, NAMES, 2015, 2023, "Mean of all axes") == (
        "Mean of all axes, 2015 → 2023: Serbia moved most, 50.0 → 44.5 (-5.5 points).")


# -- the real warehouse ----------------------------------------------------------------------------------------
def test_no_wgi_change_from_2022_to_2023_is_clear(store: Store):
    fw = analysis.framework(store, "wgi")
    before, after = analysis.year_scores(store, fw, 2022), analysis.year_scores(store, fw, 2023)
    change = scoring.change_between(before.for_countries(list(WB6)), after.for_countries(list(WB6)))
    change = change.dropna(subset=["change"])
    assert len(change) == len(WB6) * len(fw.axis_ids)
    assert change["change_se"].notna().all()  # the WGI publishes a standard error for every estimate
    margin = scoring.Z_90 * change["change_se"]
    assert (change["change"].abs() <= margin).all(), change[change["change"].abs() > margin]
    assert not change["clear"].astype(bool).any()

    names = dict(zip(store.countries()["iso3"], store.countries()["name"]))
    largest = change.loc[change["change"].abs().idxmax()]
    items = findings.change_findings(change, names, 2022, 2023, fw.indicators_of)
    assert len(items) == 2  # the largest rise and the largest fall
    for item in items:
        assert item.text.endswith("is within the published uncertainty: no clear change."), item.text
        assert "Largest" not in item.text and "exceeds" not in item.text
    top = next(i for i in items if i.rows["dc"] == largest["country_iso3"]
               and largest["axis_name"] in i.text)
    assert top.text == (f"{names[largest['country_iso3']]}, {largest['axis_name']}: {num(largest['score_before'])} "
                        f"→ {num(largest['score_after'])} ({num(largest['change'], signed=True)}) between 2022 and "
                        "2023 is within the published uncertainty: no clear change.")
    # the biggest move the pages list is the same one
    biggest = analysis.largest_changes(analysis.like_for_like(before, after, list(WB6)), n=1).iloc[0]
    assert (biggest["country_iso3"], biggest["axis_id"]) == (largest["country_iso3"], largest["axis_id"])
    assert not bool(biggest["clear"])


# -- like for like ---------------------------------------------------------------------------------------------
LABELS = {"ocindex_judicial_system_and_detention": "OC Index: Judicial system and detention", "wjp_8_2": "WJP 8.2",
          "wjp_8_3": "WJP 8.3", "cpi_score": "CPI"}


def test_indicator_labels_are_short_and_name_their_source():
    assert findings.indicator_label("wjp_8_2", "8.2 Criminal adjudication system is timely and effective") == \
        "WJP 8.2"
    assert findings.indicator_label("cpi_score", "Corruption Perceptions Index score") == "CPI"
    assert findings.indicator_label("wgi_cc_est", "Control of Corruption: Estimate") == "WGI Control of Corruption"
    assert findings.indicator_label("ocindex_prevention", "Prevention") == "OC Index: Prevention"


def test_basis_note_names_what_a_country_is_scored_without():
    basis = pd.DataFrame({"country_iso3": ["SRB", "ALB", "XKX"],
                          "indicators": [("ocindex_judicial_system_and_detention", "wjp_8_2", "wjp_8_3")] * 2
                          + [("wjp_8_2", "wjp_8_3")],
                          "sources": [("gitoc_ocindex", "wjp_rol")] * 2 + [("wjp_rol",)]})
    assert findings.basis_note(basis, NAMES, LABELS) == \
        "Kosovo*’s score here rests on WJP alone; the others’ also on the OC Index"
    lacking = basis.assign(indicators=[("wjp_8_2", "wjp_8_3")] * 2 + [("wjp_8_2",)],
                           sources=[("wjp_rol",)] * 3)
    assert findings.basis_note(lacking, NAMES, LABELS) == (
        "Kosovo*’s score here lacks WJP 8.3, which the others’ include")


def test_headline_never_counts_axes_scored_on_different_indicators_without_saying_so():
    notes = {"a1": "Kosovo*’s score here rests on WJP alone; the others’ also on the OC Index"}
    scores = scores_frame({"XKX": [70.0, 30.0, 10.0], "SRB": [50.0, 40.0, 20.0]})
    text = findings.comparison_headline(scores, scores.iloc[0:0], NAMES, 2025, None, notes)
    # Kosovo leads only on Policing (a1), where the two rest on different indicators: not counted, but said
    assert text == ("In 2025, on the 2 axes that score every country on the same indicators, Serbia scores highest "
                    "on 2; Kosovo* scores lowest on 2. 1 axis is not counted, because the countries’ scores there "
                    "rest on different indicators: Policing: Kosovo*’s score here rests on WJP alone; the others’ "
                    "also on the OC Index.")
    common = findings.comparison_headline(scores, scores.iloc[0:0], NAMES, 2025, None, common=True)
    assert common.startswith("In 2025, like for like (each axis on the indicators every country has), Serbia "
                             "scores highest on 2 of 3 axes;")


def test_a_change_whose_indicators_differ_says_so_in_words():
    row = {"country_iso3": "BIH", "axis_id": "a2", "axis_name": "Courts", "axis_order": 2, "score_before": 51.5,
           "score_after": 50.1, "change": -1.4, "change_se": NAN, "clear": None, "all_before": 51.5,
           "all_after": 39.0, "paired": ("wjp_8_2", "wjp_8_3"), "entered": ("ocindex_judicial_system_and_detention",),
           "left": (), "basis_changed": True}
    (item,) = findings.change_findings(pd.DataFrame([row]), NAMES, 2018, 2025, INDICATORS, LABELS,
                                       {("BIH", "ocindex_judicial_system_and_detention"): 2021})
    assert item.text == ("Largest decline since 2018: Bosnia and Herzegovina, Courts, 51.5 → 50.1 (-1.4 points). "
                         "Computed on the indicators it has in both years (WJP 8.2, WJP 8.3). The axis score drawn, "
                         "51.5 → 39.0, is not like for like: the OC Index enters in 2021.")
    shift = findings.basis_shift_finding(pd.DataFrame([row]), NAMES, 2018, 2025, LABELS,
                                         {("BIH", "ocindex_judicial_system_and_detention"): 2021})
    assert shift.text == ("Not like for like on the chart: Bosnia and Herzegovina, Courts is drawn 51.5 → 39.0 "
                          "(-12.5 points), but on the indicators it has in both 2018 and 2025 (WJP 8.2, WJP 8.3) it "
                          "went 51.5 → 50.1 (-1.4 points): the OC Index enters in 2021.")
    assert findings.basis_change_note(row, 2025, LABELS, {}) == (
        "on WJP 8.2, WJP 8.3 only (the OC Index enters in 2025; drawn: 51.5 → 39.0)")

"""Parts of the briefing pack that need no warehouse or rendering: its headlines (radar.findings) and its
citations (radar.analysis.cited_sources), checked against sentences and tables written out by hand."""

from __future__ import annotations

import pandas as pd

from radar import analysis, findings


def test_citations_name_the_editions_used_else_those_held():
    table = pd.DataFrame({"source": ["A", "B", "C"], "citation": ["A <year>", "B <edition>", "C, no placeholder"],
                          "editions": ["2021; 2023; 2025", "2012; 2013; 2014; 2015", "x"],
                          "first_year": [2021, 2012, 2020], "last_year": [2025, 2015, 2020]})
    cited = analysis.cited_sources(table, {"A": "2025"})
    assert cited["citation"].tolist() == ["A 2025", "B 2012–2015", "C, no placeholder"]
    assert analysis.cited_sources(table)["citation"].tolist()[0] == "A 2021, 2023, 2025"
    assert analysis.filled_citation("© GI-TOC <edition>", "") == "© GI-TOC (edition)"


def test_trend_headline_names_the_biggest_rise_and_fall():
    trend = pd.DataFrame({
        "country_iso3": ["SRB"] * 4, "year": [2020, 2025, 2020, 2025], "axis_id": ["a", "a", "b", "b"],
        "axis_name": ["A", "A", "B", "B"], "axis_order": [1, 1, 2, 2], "score": [40.0, 50.0, 60.0, 55.0]})
    assert findings.trend_headline(trend, "SRB") == (
        "Biggest rise: A, 40.0 in 2020 → 50.0 in 2025 (+10.0 points); "
        "biggest fall: B, 60.0 in 2020 → 55.0 in 2025 (-5.0 points).")


def test_distance_headline_names_the_largest_gap_to_the_eu():
    distance = pd.DataFrame({"axis_name": ["A", "B", "C"], "score": [40.0, 70.0, float("nan")],
                             "eu27_mean": [75.0, 72.5, 60.0], "wb6_mean": [45.0, 50.0, 40.0]})
    distance["gap_to_eu27"] = distance["score"] - distance["eu27_mean"]
    distance["gap_to_wb6"] = distance["score"] - distance["wb6_mean"]
    assert findings.distance_headline(distance, "Serbia", 2025) == (
        "Serbia, 2025: largest gap to the EU-27 mean on A (40.0 vs 75.0, -35.0 points); "
        "above the WB6 mean on 1 of 2 axes.")


def test_a_like_for_like_briefing_draws_the_pages_like_for_like_views(store):
    """basis=common on the Country profile gives a pack whose views are the page's like-for-like views."""
    from radar import briefing
    from radar.briefing.data import view_spec
    from radar.views.build import build
    from radar.views.source import StoreSource

    pack = briefing.build_briefing(store, "SRB", "wbocr", 2025, basis="common", language="en")
    assert {v.spec.basis for v in pack.views.values()} == {"common"}
    page = build(view_spec("SRB", "wbocr", 2025, "profile", language="en", version="base", basis="common"),
                 StoreSource(store))
    assert pack.views["export", "profile"].finding == page.finding
    assert pack.views["export", "profile"].table.equals(page.table)

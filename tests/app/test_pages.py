"""Every page's default view runs cleanly and draws the charts it should."""

import duckdb
import pytest
from _apptools import PAGES, assert_clean, figure, figures, open_page, traces

from radar import settings
from radar.schema import WB6
from radar.ui import keys

EXPECTED_CHARTS = {
    "overview": {"overview_radar"},
    "compare": {"compare_radar"},
    "change": {"change_radar"},
    "country": {"country_radar", "country_gap", "country_trend"},
    "data": set(),
    "methodology": set(),  # the Sources tab opens first; each tab's content is drawn when it is opened
}
TITLES = {
    "overview": "Western Balkans Organized Crime Radar",
    "compare": "Compare countries",
    "change": "Change over time",
    "country": "Country profile",
    "data": "Data",
    "methodology": "Methodology and sources",
}


@pytest.fixture(scope="module")
def default_views(opened):
    return {page: opened(page) for page in PAGES}


@pytest.mark.parametrize("page", PAGES)
def test_default_view_runs_without_exception_error_or_notice(default_views, page):
    at = default_views[page]
    assert_clean(at)
    assert not at.warning, [w.value for w in at.warning]
    assert at.title[0].value == TITLES[page]


@pytest.mark.parametrize("page", PAGES)
def test_default_view_draws_the_expected_charts(default_views, page):
    assert set(figures(default_views[page])) == EXPECTED_CHARTS[page]


@pytest.mark.parametrize("page", PAGES)
def test_default_view_leaves_a_clean_url(default_views, page):
    # Defaults are left out of the link: the default view's address carries no parameters.
    assert dict(default_views[page].query_params) == {}


@pytest.mark.parametrize("page", ["overview", "compare"])
def test_radar_pages_show_all_six_governments_and_both_references(default_views, page):
    fig = figure(default_views[page], f"{page}_radar")
    names = list(traces(fig))
    assert names == ["WB6 mean", "EU-27 mean", "Albania", "Bosnia and Herzegovina", "Kosovo*", "Montenegro",
                     "North Macedonia", "Serbia"]
    assert all(t["type"] == "scatterpolar" for t in fig["data"])


def test_change_default_is_an_animated_radar_over_the_last_years(default_views):
    fig = figure(default_views["change"], "change_radar")
    assert [t["type"] for t in fig["data"]] == ["scatterpolar"] * len(WB6)
    frames = [f["name"] for f in fig["frames"]]
    assert frames == sorted(frames) and 1 < len(frames) <= 8
    assert fig["layout"]["polar"]["radialaxis"]["range"] == [0, 100]


def test_country_default_profiles_the_first_selected_country(default_views):
    at = default_views["country"]
    assert [t["name"] for t in figure(at, "country_radar")["data"]] == ["WB6 mean", "EU-27 mean", "Albania"]
    gap = figure(at, "country_gap")
    assert [t["name"] for t in gap["data"]] == ["Weakest EU member", "EU-27 mean", "WB6 mean", "Albania"]
    trend = figure(at, "country_trend")
    assert {t["name"] for t in trend["data"]} == {"Albania"}


def test_data_default_lists_every_wb6_observation_with_downloads(default_views):
    at = default_views["data"]
    path = settings.WAREHOUSE_DIR / "observations.parquet"
    n = duckdb.sql(f"SELECT count(*) FROM read_parquet('{path}') WHERE country_iso3 IN {tuple(WB6)}").fetchall()[0][0]
    assert any(m.value.startswith(f"{n:,} observations match.") for m in at.markdown)
    shown = at.dataframe[0].value
    assert len(shown) == min(n, 100)  # one page of rows; the downloads carry all of them
    assert set(shown["country_iso3"]) <= set(WB6)
    assert len(at.get("download_button")) == 2


def test_methodology_shows_four_tabs_and_the_coverage_matrix(default_views):
    at = default_views["methodology"]
    assert [t.label for t in at.tabs] == ["Sources", "Frameworks", "Scoring rules", "Coverage"]
    assert "Editions at a glance" in [h.value for h in at.subheader]  # the open tab, drawn
    assert not at.get("plotly_chart")  # a closed tab's content is not drawn, nor sent
    at = open_page("methodology")  # a session of its own (the default views are shared by the tests)
    at.session_state[keys.METHOD_TAB] = "Coverage"  # the reader opens the Coverage tab (a rerun)
    at.run()
    assert_clean(at)
    assert "Editions at a glance" not in [h.value for h in at.subheader]
    fig = figure(at, "coverage")
    heatmaps = [t for t in fig["data"] if t["type"] == "heatmap"]
    assert len(heatmaps) == 4  # one panel per source

"""The numbers on the overview radar are the axis scores, computed here independently of the page."""

import duckdb
import pandas as pd
import pytest
from _apptools import assert_clean, assert_numbers, country_traces, figure, traces, unwrap

from radar import analysis, settings
from radar.schema import EU27, WB6
from radar.store import Store
from tests import expected as by_hand

FRAMEWORK = settings.DEFAULT_FRAMEWORK  # 'wbocr'


@pytest.fixture(scope="module")
def store():
    s = Store()
    yield s
    s.close()


@pytest.fixture(scope="module")
def expected(store):
    """Axis scores (country x axis, framework order) for the default framework and its latest year, computed by
    hand from the publishers' tidy files (tests/expected.py), never through radar.analysis or radar.scoring."""
    fw = analysis.framework(store, FRAMEWORK)  # the axis names and order the page must show
    spec = by_hand.framework_spec(FRAMEWORK)
    ids = {i for axis in spec["axis"] for i in axis["indicators"]}
    rows = by_hand.tidy_rows()
    year = int(rows[rows["indicator_id"].isin(ids) & rows["country_iso3"].isin(WB6)]["year"].max())
    grid = pd.DataFrame({iso3: by_hand.axis_scores(FRAMEWORK, iso3, year).set_index("axis_id")["score"]
                         for iso3 in (*WB6, *EU27)}).T[[a["id"] for a in spec["axis"]]]
    return fw, year, grid


@pytest.fixture(scope="module")
def overview(opened):
    at = opened("overview")
    assert_clean(at)
    return figure(at, "overview_radar")


def _open(r):
    assert r[-1] == r[0], "outline not closed"
    return r[:-1]


def test_axes_are_in_framework_order(expected, overview):
    fw, _, _ = expected
    for trace in overview["data"]:
        theta = trace["theta"]
        assert theta[-1] == theta[0]
        assert [unwrap(t) for t in theta[:-1]] == [unwrap(a) for a in fw.axis_names]


def test_default_view_is_the_latest_year(expected, opened, store):
    _, year, _ = expected
    assert year == max(analysis.framework_years(store, FRAMEWORK))
    at = opened("overview")
    assert at.sidebar.select_slider(key="w_y").value == year
    assert any(f"{year}</div>" in m.value for m in at.markdown)  # the chart title (moved to HTML) names the year


@pytest.mark.parametrize("iso3", WB6)
def test_country_outline_equals_its_axis_scores(expected, overview, iso3):
    _, _, grid = expected
    trace = country_traces(overview)[iso3]
    assert_numbers(_open(trace["r"]), grid.loc[iso3].tolist(), what=iso3)


def test_wb6_mean_is_the_mean_of_the_six_governments(expected, overview):
    _, _, grid = expected
    means = grid.loc[list(WB6)].mean(skipna=True)  # a missing axis does not count as 0 in the mean
    assert_numbers(_open(traces(overview)["WB6 mean"]["r"]), means.tolist(), what="WB6 mean")


def test_eu27_mean_is_the_mean_of_the_27_members(expected, overview):
    _, _, grid = expected
    members = grid.loc[grid.index.isin(EU27)]
    assert len(members) == 27
    assert_numbers(_open(traces(overview)["EU-27 mean"]["r"]), members.mean(skipna=True).tolist(), what="EU-27 mean")


def test_missing_axis_is_a_gap_never_zero(expected, overview):
    fw, _, grid = expected
    axis = fw.axis_ids.index("political_will")
    assert fw.axis_names[axis] == "Political will and strategy"
    assert pd.isna(grid.at["XKX", "political_will"])  # the OC Index does not cover Kosovo
    kosovo = country_traces(overview)["XKX"]
    assert kosovo["r"][axis] is None
    assert kosovo["connectgaps"] is False
    for iso3, trace in country_traces(overview).items():
        r = _open(trace["r"])
        for value, score in zip(r, grid.loc[iso3]):
            assert (value is None) == pd.isna(score), f"{iso3}: gap drawn as {value!r}"


def test_missing_axes_are_explained_next_to_the_chart(opened):
    at = opened("overview")
    info = " ".join(i.value for i in at.info)
    assert "Gaps on the chart (not zeros)" in info
    assert "Kosovo — Political will and strategy" in info


@pytest.fixture(scope="module")
def ocindex_serbia_2023():
    """Serbia's 2023 OC Index resilience values read straight from the Parquet warehouse, in radar order."""
    wh = settings.WAREHOUSE_DIR
    return duckdb.sql(f"""
        SELECT f.axis_order, f.axis_name, o.value
        FROM read_parquet('{wh / "frameworks.parquet"}') f
        JOIN read_parquet('{wh / "observations.parquet"}') o USING (indicator_id)
        WHERE f.framework_id = 'oc_resilience' AND o.country_iso3 = 'SRB' AND o.year = 2023
        ORDER BY f.axis_order""").df()


def test_single_source_radar_is_the_published_value_on_its_1_to_10_scale(ocindex_serbia_2023, opened):
    raw = ocindex_serbia_2023
    assert len(raw) == 12
    at = opened("overview", {"fw": "oc_resilience", "y": "2023", "c": "SRB"})
    assert_clean(at)
    assert not at.warning
    fig = figure(at, "overview_radar")
    serbia = country_traces(fig)["SRB"]
    assert list(country_traces(fig)) == ["SRB"]
    assert [unwrap(t) for t in serbia["theta"][:-1]] == [unwrap(a) for a in raw["axis_name"]]
    assert_numbers(_open(serbia["r"]), ((raw["value"] - 1) / 9 * 100).tolist(), what="SRB oc_resilience 2023")
    # The hover text carries the raw published value and the year it comes from.
    for text, value in zip(serbia["hovertext"], raw["value"]):
        assert f"{value:.4g}" in text and "2023" in text and "GI-TOC" in text

"""Compare page: the four view types show the same numbers for the same selection."""

import math

import pytest
from _apptools import (
    array,
    assert_clean,
    assert_numbers,
    country_traces,
    figure,
    figures,
    open_page,
    traces,
    unwrap,
)

from radar.store import Store

SELECTION = {"fw": "wbocr", "c": "ALB,XKX,SRB", "y": "2024"}
COUNTRIES = ["ALB", "XKX", "SRB"]
VIEWS = ("radar", "multiples", "heatmap", "table")


@pytest.fixture(scope="module")
def views(opened):
    out = {}
    for view in VIEWS:
        at = opened("compare", {**SELECTION, "view": view})
        assert_clean(at)
        assert not at.warning, [w.value for w in at.warning]
        out[view] = at
    return out


@pytest.fixture(scope="module")
def names():
    s = Store()
    try:
        return dict(zip(s.countries()["iso3"], s.countries()["name"]))
    finally:
        s.close()


@pytest.fixture(scope="module")
def radar(views):
    return figure(views["radar"], "compare_radar")


@pytest.mark.parametrize("view", VIEWS)
def test_each_view_renders_and_keeps_the_link(views, view):
    at = views[view]
    assert at.button_group(key="w_compare_view").value == view
    expected = {"radar": {"compare_radar"}, "heatmap": {"compare_heatmap"}, "table": set(),
                "multiples": {f"compare_multiple_{c}" for c in COUNTRIES}}[view]
    assert set(figures(at)) == expected
    link = {"c": SELECTION["c"], "y": SELECTION["y"]}  # fw=wbocr and view=radar are defaults: left out
    assert dict(at.query_params) == (link if view == "radar" else {**link, "view": view})


def test_radar_shows_the_selected_countries_and_references(radar):
    assert list(country_traces(radar)) == COUNTRIES
    assert list(traces(radar))[:2] == ["WB6 mean", "EU-27 mean"]


def test_heatmap_z_equals_radar_r(views, radar):
    heat = figure(views["heatmap"], "compare_heatmap")["data"][0]
    assert heat["type"] == "heatmap"
    by_name = traces(radar)
    axis_labels = [unwrap(t) for t in radar["data"][0]["theta"][:-1]]
    assert [unwrap(y) for y in heat["y"]] == axis_labels  # rows in framework order
    assert heat["x"] == ["Albania", "Kosovo*", "Serbia"]
    z = array(heat["z"])
    assert z.shape == (len(axis_labels), len(COUNTRIES))
    for j, column in enumerate(heat["x"]):
        z_column = z[:, j].tolist()
        assert_numbers(z_column, by_name[column]["r"][:-1], what=column)
    kosovo = heat["x"].index("Kosovo*")
    assert math.isnan(z[0, kosovo]) and heat["text"][0][kosovo] == "n/a"  # a gap, not a colour of the scale


def test_multiples_draw_one_radar_per_country_with_the_same_numbers(views, radar):
    figs = figures(views["multiples"])
    assert len(figs) == len(COUNTRIES)
    wb6 = traces(radar)["WB6 mean"]["r"]
    for iso3 in COUNTRIES:
        panel = figs[f"compare_multiple_{iso3}"]
        assert list(country_traces(panel)) == [iso3]
        assert_numbers(country_traces(panel)[iso3]["r"], country_traces(radar)[iso3]["r"], what=iso3)
        assert_numbers(traces(panel)["WB6 mean"]["r"], wb6, what=f"{iso3} panel WB6 mean")
        assert "EU-27 mean" not in traces(panel)


def test_table_shows_the_same_numbers(views, radar, names):
    at = views["table"]
    wide = at.dataframe[0].value.set_index("Axis")
    assert list(wide.columns) == [names[c] for c in COUNTRIES] + ["WB6 mean", "EU-27 mean"]
    assert [unwrap(a) for a in wide.index] == [unwrap(t) for t in radar["data"][0]["theta"][:-1]]
    columns = {names[c]: country_traces(radar)[c]["r"][:-1] for c in COUNTRIES}
    columns["WB6 mean"] = traces(radar)["WB6 mean"]["r"][:-1]
    columns["EU-27 mean"] = traces(radar)["EU-27 mean"]["r"][:-1]
    for column, r in columns.items():
        # the table rounds to 0.1, the chart to 0.01
        assert_numbers(wide[column].tolist(), r, tol=0.051, what=column)
    assert wide[names["XKX"]].isna().iloc[0]  # empty cell, never zero


def test_table_lists_the_values_behind_each_score(views):
    values = views["table"].dataframe[1].value
    assert set(values["country"]) == {"Albania", "Kosovo", "Serbia"}
    assert {"value", "year", "score", "source"} <= set(values.columns)
    assert values["score"].between(0, 100).all()


def test_switching_view_with_the_segmented_control_keeps_the_numbers(radar):
    at = open_page("compare", SELECTION)
    at.button_group(key="w_compare_view").set_value("heatmap").run()
    assert_clean(at)
    heat = figure(at, "compare_heatmap")["data"][0]
    assert_numbers(array(heat["z"])[:, 0].tolist(), country_traces(radar)["ALB"]["r"][:-1], what="ALB")
    assert at.query_params["view"] == "heatmap"
    # A second click on the chosen segment deselects it in the browser: the view stays.
    at.button_group(key="w_compare_view").set_value(None).run()
    assert_clean(at)
    assert set(figures(at)) == {"compare_heatmap"}


def test_the_values_behind_each_score_have_a_level_column(views):
    values = views["table"].dataframe[1].value
    assert list(values.columns).index("level") == list(values.columns).index("value") + 1
    # the committed data has no ordinal indicator: every level is empty, never a number read as a level
    assert (values["level"] == "").all()

"""Each view type of Compare and of Change over time renders in the browser, for the same selection, with the same
numbers; the segmented control switches the view and the URL follows."""

from __future__ import annotations

import pytest
from e2e_helpers import (
    REFERENCES,
    WB6_NAMES,
    WBOCR_AXES,
    WGI_AXES,
    assert_clean,
    band_names,
    read_plots,
    trace_names,
    url_params,
    wait_charts,
    wait_idle,
    wait_trace_types,
    wait_traces,
    wait_url,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

SELECTION = "fw=wgi&c=ALB,SRB&y=2020"
KEEP = ["Albania", "Serbia"]


def _radar_r(open_app) -> dict[str, list]:
    page = open_app(f"/compare?{SELECTION}&view=radar")
    plots = read_plots(page)
    # two countries on WGI (which publishes standard errors): the means, the shaded margins, the outlines
    assert len(plots) == 1 and trace_names(plots[0]) == REFERENCES + band_names(KEEP) + KEEP
    assert {t["type"] for t in plots[0]["traces"]} == {"scatterpolar"}
    expect(page.locator(".chart-subtitle").first).to_contain_text("shaded: published 90% margin")
    assert_clean(page)
    return {t["name"]: t["r"] for t in plots[0]["traces"]}


def test_compare_views_render_the_same_selection(open_app):
    radar = _radar_r(open_app)
    assert all(len(radar[name]) == WGI_AXES + 1 for name in REFERENCES + KEEP)

    # small multiples: one panel per country, each against the WB6 mean, same scores as the radar
    page = open_app(f"/compare?{SELECTION}&view=multiples")
    panels = read_plots(page)
    assert [trace_names(p) for p in panels] == [["WB6 mean", "Albania"], ["WB6 mean", "Serbia"]]
    for panel in panels:
        by_name = {t["name"]: t["r"] for t in panel["traces"]}
        for name, r in by_name.items():
            assert r == radar[name], f"small multiple {name} differs from the radar"
    assert_clean(page)

    # heat map: axes x countries, the same scores (the radar rounds to 2 decimals)
    page = open_app(f"/compare?{SELECTION}&view=heatmap")
    plots = read_plots(page)
    assert len(plots) == 1
    (heat,) = plots[0]["traces"]
    assert heat["type"] == "heatmap" and heat["x"] == KEEP and len(heat["z"]) == WGI_AXES
    for j, name in enumerate(KEEP):
        for i in range(WGI_AXES):
            z, r = heat["z"][i][j], radar[name][i]
            assert (z is None) == (r is None), f"{name} axis {i}: heat map {z} vs radar {r}"
            if z is not None:
                assert abs(z - r) <= 0.006, f"{name} axis {i}: heat map {z} vs radar {r}"
    assert_clean(page)

    # table: no chart, a table with one column per country and the two means
    page = open_app(f"/compare?{SELECTION}&view=table", charts=False)
    page.get_by_test_id("stDataFrame").first.wait_for(state="visible")
    assert page.locator(".js-plotly-plot").count() == 0
    page.get_by_role("heading", name="WGI, 2020").wait_for()
    grid = page.get_by_test_id("stDataFrame").first
    grid.locator('table[role="grid"] [role="columnheader"]').first.wait_for(state="attached")
    headers = [h.strip() for h in grid.locator('table[role="grid"] [role="columnheader"]').all_text_contents()]
    for column in (*KEEP, "WB6 mean", "EU-27 mean"):
        assert column in headers, f"table columns {headers}"
    assert_clean(page)


def test_segmented_control_switches_compare_view_and_url(open_app):
    page = open_app(f"/compare?{SELECTION}")
    views = page.get_by_role("radiogroup", name="View")
    for label, param in (("Heat map", "heatmap"), ("Small multiples", "multiples"), ("Table", "table"),
                         ("Radar", None)):
        views.get_by_role("radio", name=label).click()
        wait_url(page, "/compare", view=param, fw="wgi", c="ALB,SRB", y="2020")  # radar, the default: no view=
        if param == "heatmap":
            wait_trace_types(page, ["heatmap"])
            wait_charts(page)
        elif param == "multiples":
            page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length === 2")
            wait_charts(page)
            assert [trace_names(p) for p in read_plots(page)] == [["WB6 mean", "Albania"], ["WB6 mean", "Serbia"]]
        elif param == "table":
            page.get_by_test_id("stDataFrame").first.wait_for(state="visible")
            wait_idle(page)
            page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length === 0")
        else:
            wait_traces(page, REFERENCES + band_names(KEEP) + KEEP)
            wait_charts(page)
        assert views.get_by_role("radio", name=label).get_attribute("aria-checked") == "true"
    assert "view" not in url_params(page.url), "the default view drops out of the URL"
    assert_clean(page)


def test_change_over_time_views(open_app):
    # radar per year: animated, one frame per year of the default range (the last 8 years with data), a slider
    # with a step per frame and play/pause buttons
    page = open_app("/change")
    (radar,) = read_plots(page)
    assert trace_names(radar) == WB6_NAMES
    assert radar["frames"] == 8 and radar["frame_names"] == [str(y) for y in range(2018, 2026)]
    assert radar["slider_steps"] == [radar["frame_names"]]
    assert any("Play" in b for b in radar["buttons"]) and any("Pause" in b for b in radar["buttons"])
    assert page.locator(".js-plotly-plot .slider-container").count() == 1, "the year slider is drawn"
    assert_clean(page)

    # slope between the two ends of the range: one line per country, 2018 -> 2025
    page = open_app("/change?view=slope")
    (slope,) = read_plots(page)
    assert trace_names(slope) == WB6_NAMES
    assert all(t["type"] == "scatter" and t["x"] == ["2018", "2025"] for t in slope["traces"])
    assert_clean(page)

    # lines per axis: one panel per axis, one line per country in each
    page = open_app("/change?view=lines")
    (lines,) = read_plots(page)
    assert len(lines["traces"]) == WBOCR_AXES * len(WB6_NAMES)
    assert trace_names(lines)[: len(WB6_NAMES)] == WB6_NAMES
    assert all(t["type"] == "scatter" for t in lines["traces"])
    assert sorted({x for t in lines["traces"] for x in (t["x"] or [])}) == list(range(2018, 2026))
    assert_clean(page)

"""The view lives in the URL: the real sidebar widgets change the chart and the address bar, that address opens the
same view in a fresh browser, and the view survives moving between pages."""

from __future__ import annotations

import pytest
from e2e_helpers import (
    REFERENCES,
    WB6_NAMES,
    WBOCR_AXES,
    WGI_AXES,
    assert_clean,
    band_names,
    choose_framework,
    outline_names,
    read_plots,
    remove_country,
    sidebar,
    trace_names,
    url_params,
    wait_charts,
    wait_idle,
    wait_traces,
    wait_url,
    year_slider,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

KEEP = ["Albania", "Serbia"]


def _leave_only_albania_and_serbia(page) -> None:
    left = ["ALB", "BIH", "XKX", "MNE", "MKD", "SRB"]
    for iso3, name in (("BIH", "Bosnia and Herzegovina"), ("XKX", "Kosovo"), ("MNE", "Montenegro"),
                       ("MKD", "North Macedonia")):
        remove_country(page, name)
        left.remove(iso3)
        wait_url(page, c=",".join(left))
        wait_idle(page)


def test_sidebar_widgets_change_chart_and_url_and_the_url_reopens_the_same_view(open_app, new_context):
    page = open_app("/")
    before = read_plots(page)[0]
    assert trace_names(before) == REFERENCES + WB6_NAMES
    assert len(before["traces"][0]["r"]) == WBOCR_AXES + 1
    assert not {"fw", "c", "y"} & set(url_params(page.url)), "the default view has a clean URL"

    # framework: WB-OCR composite -> WGI (6 axes, years up to 2023)
    choose_framework(page, "WGI")
    wait_url(page, fw="wgi")
    page.wait_for_function(
        "n => { const g = document.querySelector('.js-plotly-plot'); return g && g.data[0].r.length === n; }",
        arg=WGI_AXES + 1)
    wait_idle(page)
    wgi = read_plots(page)[0]
    assert trace_names(wgi) == REFERENCES + WB6_NAMES
    assert [t["theta"] for t in wgi["traces"]] != [t["theta"] for t in before["traces"]], "axes changed"
    assert year_slider(page).get_attribute("aria-valuetext") == "2023", "WGI's latest year is selected"

    # countries: remove four of the six through the multiselect's tags
    _leave_only_albania_and_serbia(page)
    wait_traces(page, REFERENCES + KEEP)
    two = read_plots(page)[0]
    assert {n: r for n, r in zip(trace_names(two), [t["r"] for t in two["traces"]]) if n in KEEP} == {
        n: r for n, r in zip(trace_names(wgi), [t["r"] for t in wgi["traces"]]) if n in KEEP}, (
        "removing countries keeps the others' values")

    # year: three steps left on the slider, 2023 -> 2020
    slider = year_slider(page)
    for year in ("2022", "2021", "2020"):
        slider.focus()
        slider.press("ArrowLeft")
        wait_url(page, y=year)
        wait_idle(page)
    page.wait_for_function(
        """r => { const g = document.querySelector('.js-plotly-plot');
                  return g && JSON.stringify(g.data[2].r) !== JSON.stringify(r); }""",
        arg=two["traces"][2]["r"])
    wait_charts(page)
    final = read_plots(page)[0]
    assert trace_names(final) == REFERENCES + KEEP
    assert [t["r"] for t in final["traces"]] != [t["r"] for t in two["traces"]], "2020 shows other scores than 2023"
    assert all(len(t["r"]) == WGI_AXES + 1 for t in final["traces"])

    params = url_params(page.url)
    assert params.get("fw") == "wgi" and params.get("c") == "ALB,SRB" and params.get("y") == "2020", page.url
    assert "fw=" in page.url and "c=" in page.url and "y=" in page.url
    assert_clean(page)

    # the same address in a fresh browser context (new cookies, new Streamlit session) shows the same chart
    shared = page.url
    fresh = open_app(shared, context=new_context(viewport={"width": 1920, "height": 1080}))
    again = read_plots(fresh)[0]
    assert trace_names(again) == trace_names(final)
    assert [t["r"] for t in again["traces"]] == [t["r"] for t in final["traces"]]
    assert [t["theta"] for t in again["traces"]] == [t["theta"] for t in final["traces"]]
    side = sidebar(fresh)
    expect(side.get_by_role("combobox", name="Framework")).to_have_value("WGI")
    assert year_slider(fresh).get_attribute("aria-valuetext") == "2020"
    for name in KEEP:
        expect(side.get_by_role("button", name=f"Remove {name}", exact=True)).to_be_visible()
    expect(side.get_by_role("button", name="Remove Montenegro", exact=True)).to_have_count(0)
    assert url_params(fresh.url) == url_params(shared), "the fresh page keeps the link as it is"
    assert_clean(fresh)


def test_view_survives_moving_to_another_page(open_app):
    page = open_app("/")
    _leave_only_albania_and_serbia(page)
    wait_traces(page, REFERENCES + KEEP)
    wait_idle(page)

    sidebar(page).get_by_role("link", name="Compare countries").click()
    wait_url(page, "/compare", c="ALB,SRB")
    page.get_by_role("heading", level=1, name="Compare countries").wait_for()
    wait_traces(page, REFERENCES + KEEP, without_bands=True)
    wait_charts(page)
    plots = read_plots(page)
    assert len(plots) == 1 and outline_names(plots[0]) == REFERENCES + KEEP
    assert set(trace_names(plots[0])) <= set(REFERENCES + KEEP + band_names(KEEP)), "shaded margins of these two"
    for name in KEEP:
        expect(sidebar(page).get_by_role("button", name=f"Remove {name}", exact=True)).to_be_visible()
    assert url_params(page.url).get("c") == "ALB,SRB"

    # and on to a third page and back: still the same two countries
    sidebar(page).get_by_role("link", name="Change over time").click()
    wait_url(page, "/change", c="ALB,SRB")
    wait_traces(page, KEEP)
    wait_charts(page)
    sidebar(page).get_by_role("link", name="Overview").click()
    wait_url(page, "/overview", c="ALB,SRB")
    wait_traces(page, REFERENCES + KEEP)
    wait_charts(page)
    assert_clean(page)

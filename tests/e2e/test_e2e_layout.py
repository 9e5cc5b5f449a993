"""Layout a user sees: on a 1920x1080 screen the radar's axis labels and the legend fit and do not collide; on a
390x844 phone no page scrolls sideways and the charts fit the screen. Screenshots of every page on the phone."""

from __future__ import annotations

import pytest
from e2e_helpers import PHONE, WBOCR_AXES, assert_clean, screenshot, wait_charts

pytestmark = pytest.mark.e2e

_BOXES = """(selector) => [...document.querySelectorAll(selector)].map(e => {
    const b = e.getBoundingClientRect();
    return {text: e.textContent, left: b.left, right: b.right, top: b.top, bottom: b.bottom,
            width: b.width, height: b.height};
})"""


def _overlap(a: dict, b: dict) -> float:
    w = min(a["right"], b["right"]) - max(a["left"], b["left"])
    h = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return max(w, 0) * max(h, 0)


def test_desktop_radar_labels_and_legend_fit(open_app):
    page = open_app("/")  # 1920x1080
    width = page.viewport_size["width"]
    plot = page.locator(".js-plotly-plot").first.bounding_box()
    assert plot and plot["x"] >= 0 and plot["x"] + plot["width"] <= width

    labels = page.evaluate(_BOXES, ".js-plotly-plot .angularaxistick text")
    assert len(labels) == WBOCR_AXES, [lb["text"] for lb in labels]
    for label in labels:
        assert label["width"] > 0, f"axis label {label['text']!r} is not drawn"
        assert label["left"] >= 0 and label["right"] <= width, f"axis label {label['text']!r} leaves the screen"
        # the SVG clips what lies outside it: a label must sit inside the chart to be readable
        assert plot["x"] <= label["left"] and label["right"] <= plot["x"] + plot["width"], (
            f"axis label {label['text']!r} is cut by the chart's edge: {label} vs {plot}")

    items = page.evaluate(_BOXES, ".chart-legend .legend-item")
    assert [i["text"] for i in items][:2] == ["WB6 mean", "EU-27 mean"] and len(items) == 8
    for item in items:
        assert item["width"] > 0 and item["left"] >= 0 and item["right"] <= width, f"legend item {item}"
    for i, a in enumerate(items):
        for b in items[i + 1:]:
            assert _overlap(a, b) < 1, f"legend items overlap: {a['text']!r} and {b['text']!r}"
    legend = page.locator(".chart-legend").first.bounding_box()
    assert legend and legend["x"] >= 0 and legend["x"] + legend["width"] <= width
    assert_clean(page)


PAGES = [("/", "overview"), ("/compare", "compare"), ("/change", "change"), ("/country", "country"),
         ("/data", "data"), ("/methodology", "methodology")]


@pytest.mark.parametrize(("path", "name"), PAGES, ids=[p[1] for p in PAGES])
def test_phone_no_sideways_scroll_and_charts_fit(open_app, path, name):
    page = open_app(path, viewport=PHONE, charts=path not in ("/data", "/methodology"))
    if path == "/methodology":
        page.get_by_role("tab", name="Coverage").click()
        wait_charts(page)
    if path == "/data":
        page.get_by_test_id("stDataFrame").first.wait_for(state="visible")

    widths = page.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]') || document.querySelector('section.main');
        return {doc: document.documentElement.scrollWidth, body: document.body.scrollWidth,
                main: main ? main.scrollWidth : null, mainClient: main ? main.clientWidth : null};
    }""")
    assert widths["doc"] <= PHONE["width"], f"{path}: the page scrolls sideways: {widths}"
    assert widths["body"] <= PHONE["width"], f"{path}: the body scrolls sideways: {widths}"
    assert widths["main"] is not None and widths["main"] <= PHONE["width"], f"{path}: main scrolls sideways: {widths}"

    if path != "/data":
        box = page.locator(".js-plotly-plot").first.bounding_box()
        assert box is not None
        assert 250 < box["width"] <= PHONE["width"], f"{path}: first chart is {box['width']:.0f}px wide"
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], f"{path}: chart off screen: {box}"
    assert_clean(page)
    screenshot(page, f"{name}-390x844")


def _outside(box: dict, frame: dict, tol: float = 1.0) -> bool:
    return (box["left"] < frame["x"] - tol or box["right"] > frame["x"] + frame["width"] + tol
            or box["top"] < frame["y"] - tol or box["bottom"] > frame["y"] + frame["height"] + tol)


def test_phone_radar_axis_labels_inside_chart(open_app):
    page = open_app("/", viewport=PHONE)
    plot = page.locator(".js-plotly-plot").first.bounding_box()
    labels = page.evaluate(_BOXES, ".js-plotly-plot .angularaxistick text")
    assert len(labels) == WBOCR_AXES
    cut = [(lb["text"], round(lb["left"]), round(lb["right"])) for lb in labels if _outside(lb, plot)]
    assert not cut, f"radar axis labels cut by the chart's edge (chart x {plot['x']:.0f}-" \
                    f"{plot['x'] + plot['width']:.0f}): {cut}"


def test_methodology_coverage_labels_inside_chart(open_app):
    page = open_app("/methodology", charts=False)
    page.get_by_role("tab", name="Coverage").click()
    wait_charts(page)
    plot = page.locator(".js-plotly-plot").first.bounding_box()
    labels = page.evaluate(_BOXES, ".js-plotly-plot .ytick text, .js-plotly-plot .xtick text")
    assert labels
    cut = sorted({lb["text"] for lb in labels if lb["width"] > 0 and _outside(lb, plot)})
    assert not cut, f"coverage chart tick labels cut by the chart's edge: {cut}"


def test_country_distance_chart_axis_title_clear_of_tick_labels(open_app):
    page = open_app("/country")
    gap = page.locator(".js-plotly-plot").nth(1)
    title = gap.locator(".g-xtitle text").first
    assert "score" in title.text_content()
    t = title.bounding_box()
    title_box = {"left": t["x"], "right": t["x"] + t["width"], "top": t["y"], "bottom": t["y"] + t["height"]}
    ticks = [{"text": e.text_content(), **_edges(e.bounding_box())} for e in gap.locator(".xtick text").all()]
    assert ticks
    hit = [tick["text"] for tick in ticks if _overlap(title_box, tick) >= 1]
    assert not hit, f"the axis title {title.text_content()!r} is drawn over the tick labels {hit}"


def _edges(b: dict) -> dict:
    return {"left": b["x"], "right": b["x"] + b["width"], "top": b["y"], "bottom": b["y"] + b["height"]}

"""The chart fills the screen it is on (issue 13): measured in Chromium on a 390x844 phone, a 1920x1080 desktop and
an 800x600 (and a 390-wide) embedding frame. Sizes only, never timings. Screenshots in artifacts/screenshots/."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from e2e_helpers import DESKTOP, PHONE, SCREENSHOTS, TIMEOUT_MS, assert_clean, screenshot, wait_charts
from playwright.sync_api import Browser, Page

from radar import qr

pytestmark = pytest.mark.e2e

# Every drawn chart: its box, its radar circle (plotly's polar background path), the font size of each visible axis
# label, the labels that stick out of the chart's box (the SVG clips them), the room between circle and chart edges.
_MEASURE = """() => [...document.querySelectorAll('.js-plotly-plot')].map(g => {
    const box = g.getBoundingClientRect();
    const disc = g.querySelector('.polarlayer .polar .plotbg path');
    const c = disc ? disc.getBoundingClientRect() : null;
    const shown = el => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
    const labels = [...g.querySelectorAll('.angularaxistick text, .radialaxistick text, .xtick text, .ytick text, '
                                         + '.annotation-text, .hm text, .g-gtitle text')].filter(shown);
    const cut = labels.filter(t => { const r = t.getBoundingClientRect();
        return r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1; });
    const holder = g.closest('.stElementContainer');
    return {box: {x: box.x, y: box.y, width: box.width, height: box.height},
            holder: holder ? holder.getBoundingClientRect().height : null,
            circle: c ? {x: c.x, y: c.y, width: c.width, height: c.height} : null,
            fonts: labels.map(t => parseFloat(getComputedStyle(t).fontSize)),
            cut: cut.map(t => t.textContent),
            animated: !!g.querySelector('.updatemenu-container')};
})"""


# Plotly redraws a chart when its box changes size (the stylesheet sizes a radar from its container's width):
# measure once every chart has been drawn at the size of its box.
_SETTLED = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(holder => {
    const g = holder.querySelector('.js-plotly-plot');
    if (!g || !g._fullLayout) return false;
    const b = holder.getBoundingClientRect();
    return Math.abs(g._fullLayout.height - b.height) <= 2 && Math.abs(g._fullLayout.width - b.width) <= 2;
})"""


# The Radar's stylesheet (st.html) is drawn a moment after the script run ends; the sizes depend on it.
_STYLED = """() => [...document.querySelectorAll('style')].some(s => s.textContent.includes('Shared page styles'))"""


def measure(page: Page) -> list[dict]:
    page.wait_for_function(_STYLED, timeout=TIMEOUT_MS)
    page.wait_for_function(_SETTLED, timeout=TIMEOUT_MS)
    return page.evaluate(_MEASURE)


RADAR_VIEWS = [("/", "overview"), ("/compare", "compare-radar"), ("/compare?view=multiples", "compare-multiples"),
               ("/change", "change-animated"), ("/country", "country")]


@pytest.mark.parametrize(("path", "name"), RADAR_VIEWS, ids=[v[1] for v in RADAR_VIEWS])
def test_phone_radar_fills_the_width_with_readable_unclipped_labels(open_app, path, name):
    page = open_app(path, viewport=PHONE)
    charts = measure(page)
    radars = [c for c in charts if c["circle"]]
    assert radars, f"{path}: no radar drawn"
    for chart in radars:
        circle, box = chart["circle"], chart["box"]
        assert circle["width"] >= 0.85 * PHONE["width"], f"{path}: circle {circle['width']:.0f}px of {PHONE['width']}"
        assert circle["x"] >= 0 and circle["x"] + circle["width"] <= PHONE["width"]
        # No blank band: above the circle only its axis numbers (a line of text and the gap to it), below as well
        # (an animated radar has its buttons and year slider below).
        assert circle["y"] - box["y"] <= 60, f"{path}: {circle['y'] - box['y']:.0f}px above the circle"
        below = box["y"] + box["height"] - (circle["y"] + circle["height"])
        assert below <= (220 if chart["animated"] else 60), f"{path}: {below:.0f}px below the circle"
        # ... and the page keeps no room for a taller chart under it (Streamlit sizes the element from the figure)
        assert chart["holder"] <= box["height"] + 2, f"{path}: {chart['holder'] - box['height']:.0f}px blank below"
    for chart in charts:
        assert min(chart["fonts"]) >= 11, f"{path}: an axis label is {min(chart['fonts'])}px"
        assert not chart["cut"], f"{path}: labels cut by the chart's edge: {chart['cut']}"
    assert_clean(page)
    screenshot(page, f"screens-{name}-390x844")


CARTESIAN_VIEWS = [("/compare?view=heatmap", "compare-heatmap"), ("/change?view=slope", "change-slope"),
                   ("/change?view=lines", "change-lines")]


@pytest.mark.parametrize(("path", "name"), CARTESIAN_VIEWS, ids=[v[1] for v in CARTESIAN_VIEWS])
def test_phone_heatmap_slope_and_lines_are_readable_and_unclipped(open_app, path, name):
    page = open_app(path, viewport=PHONE)
    for chart in measure(page):
        box = chart["box"]
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
        assert box["width"] >= 0.9 * PHONE["width"], f"{path}: chart {box['width']:.0f}px wide"
        assert chart["fonts"] and min(chart["fonts"]) >= 11, f"{path}: a label is {min(chart['fonts'])}px"
        assert not chart["cut"], f"{path}: labels cut by the chart's edge: {chart['cut']}"
    assert_clean(page)
    screenshot(page, f"screens-{name}-390x844")


def test_desktop_radar_keeps_its_axis_names_and_a_large_circle(open_app):
    page = open_app("/")  # 1920x1080
    chart = measure(page)[0]
    assert chart["circle"]["height"] >= 450, chart["circle"]
    assert min(chart["fonts"]) >= 11 and not chart["cut"], chart
    # The names are drawn beside the numbers on a wide chart (hidden only in a narrow one).
    names = page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot .angularaxistick text')]
        .map(t => t.getBoundingClientRect().width)""")
    assert len(names) == 8 and min(names) > 60, names
    assert_clean(page)
    screenshot(page, "screens-overview-1920x1080")


EMBED = {"width": 800, "height": 600}
PHONE_FRAME = {"width": 390, "height": 700}


@pytest.mark.parametrize("size", [EMBED, PHONE_FRAME], ids=["800x600", "390x700"])
def test_embedded_view_shows_only_the_chart_in_the_first_screen(open_app, size):
    page = open_app("/compare?embed=true", viewport=size)
    sidebar = page.get_by_test_id("stSidebar")
    assert sidebar.count() == 0 or not sidebar.is_visible()
    assert not page.get_by_role("heading", name="Compare countries").is_visible()  # the page's own title is hidden
    assert not page.get_by_text("Export this chart").is_visible()
    title = page.locator(".chart-title").first.bounding_box()
    assert title and title["y"] < 60, f"the chart's title starts at {title}"
    chart = measure(page)[0]
    assert chart["box"]["y"] + chart["box"]["height"] <= size["height"] + 1, (
        f"the chart ends at {chart['box']['y'] + chart['box']['height']:.0f}px in a {size['height']}px frame")
    assert chart["box"]["x"] >= 0 and chart["box"]["x"] + chart["box"]["width"] <= size["width"]
    if size is PHONE_FRAME:
        assert chart["circle"]["width"] >= 0.85 * size["width"]
    assert not chart["cut"], chart["cut"]
    assert_clean(page)
    screenshot(page, f"screens-embed-{size['width']}x{size['height']}")


def test_qr_code_drawn_in_the_browser_decodes_to_the_link(browser: Browser):
    if shutil.which("zbarimg") is None:
        pytest.fail("zbarimg is missing: run scripts/ensure-test-tools (Debian zbar-tools)")
    link = "http://127.0.0.1:8501/compare?fw=wgi&c=ALB%2CSRB&y=2023&view=heatmap&focus=SRB"
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    # A quarter of a 1080 px projector's height: the size presenter mode must at least give it.
    page.set_content(f"<body style='margin:0;background:#fff'><div style='width:270px;height:270px'>"
                     f"{qr.qr_svg(link, title='Scan to open this view')}</div></body>")
    page.add_style_tag(content=".qr-code { width: 270px; height: 270px; display: block; }")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / "screens-qr-270px.png"
    page.locator(".qr-code").screenshot(path=str(path))
    box = page.locator(".qr-code").bounding_box()
    assert box and box["height"] >= 270 * 0.99
    out = subprocess.run(["zbarimg", "--quiet", "--raw", str(path)], capture_output=True, text=True, timeout=60)
    assert out.stdout.rstrip("\n") == link, out.stderr
    context.close()


def test_wait_charts_helper_sees_phone_redraw(open_app):
    """A narrow chart is redrawn at its CSS height (the container query): the drawn SVG matches its box."""
    page = open_app("/", viewport=PHONE)
    wait_charts(page)
    sizes = page.evaluate("""() => { const g = document.querySelector('.js-plotly-plot');
        const svg = g.querySelector('.main-svg'); return [g.getBoundingClientRect().height,
        svg.getBoundingClientRect().height, g._fullLayout.height]; }""")
    assert abs(sizes[1] - sizes[0]) <= 2 and abs(sizes[2] - sizes[0]) <= 2, sizes
    assert sizes[0] < 1.3 * PHONE["width"], f"a phone radar {sizes[0]:.0f}px tall leaves blank bands"

"""The offline deck (radar.offline_deck) opened in Chromium from a file with every network request blocked: every
slide draws its chart, ←/→ and Page Up/Page Down step the slides, and nothing but the file itself is requested."""

from __future__ import annotations

from pathlib import Path

import pytest
from e2e_helpers import SCREENSHOTS
from playwright.sync_api import Browser, Route

from radar import charts
from radar.offline_deck import OfflineSlide, deck_html
from radar.schema import KOSOVO_FOOTNOTE
from tests.unit.test_charts import AXES, COUNTRIES, change_frame, over_time_frame, references_frame, score_frame

pytestmark = pytest.mark.e2e
PROJECTOR = {"width": 1920, "height": 1080}


def slides() -> list[OfflineSlide]:
    style = {"font_scale": 1.6}
    radar = charts.radar_figure(score_frame(), COUNTRIES, AXES, title="R", references=references_frame(), **style)
    heat = charts.heatmap_figure(score_frame(), COUNTRIES, AXES, title="H", **style)
    slope = charts.slope_figure(change_frame(), COUNTRIES, 2015, 2023, title="S", focus="SRB", **style)
    lines = charts.lines_figure(over_time_frame(), COUNTRIES, AXES, title="L", **style)
    return [
        OfflineSlide("Radar <2025> & co", "Albania leads on 2 of 3 axes.", radar, "Sources: WGI; GI-TOC", "2026-12-06",
                     shows_kosovo=True),
        OfflineSlide("Heat map", "Kosovo has no score on political will.", heat, "Sources: WGI", "2026-12-06",
                     shows_kosovo=True),
        OfflineSlide("Slope", "Serbia fell 2 points.", slope, "Sources: WJP", "2026-12-06"),
        OfflineSlide("Lines", "Three years per axis.", lines, "Sources: CPI", "2026-12-06", shows_kosovo=True),
    ]


@pytest.fixture(scope="module")
def deck_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("deck") / "wb-ocr-deck.html"
    path.write_text(deck_html(slides(), deck_title="Test deck"), encoding="utf-8")
    return path


_VISIBLE_CHART = """() => { const s = [...document.querySelectorAll('.slide')].find(s => !s.hidden);
    const g = s && s.querySelector('.js-plotly-plot');
    if (!g || !g._fullLayout || !g.querySelector('.main-svg')) return null;
    const b = g.getBoundingClientRect();
    return {id: s.id, title: s.querySelector('h1').textContent, traces: g.data.length, width: b.width,
            height: b.height, marks: g.querySelectorAll('.scatterlayer .trace, .heatmaplayer .hm').length}; }"""


def test_offline_deck_draws_every_slide_and_steps_with_the_keys_without_network(browser: Browser, deck_file: Path):
    context = browser.new_context(viewport=PROJECTOR)
    requested: list[str] = []
    file_url = deck_file.as_uri()

    def only_the_file(route: Route) -> None:
        requested.append(route.request.url)
        if route.request.url.split("#")[0] == file_url:
            route.continue_()
        else:
            route.abort()

    context.route("**/*", only_the_file)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(file_url)

    expected = [("slide-1", "Radar <2025> & co", 5), ("slide-2", "Heat map", 1), ("slide-3", "Slope", 3),
                ("slide-4", "Lines", 9)]
    shown = []
    keys = ["ArrowRight", "PageDown", "ArrowRight"]
    for k, (slide_id, title, traces) in enumerate(expected):
        page.wait_for_function(f"() => {{ const r = ({_VISIBLE_CHART})(); return r && r.id === '{slide_id}'; }}")
        chart = page.evaluate(_VISIBLE_CHART)
        assert (chart["title"], chart["traces"]) == (title, traces), chart
        assert chart["marks"] > 0, f"{slide_id} drew no marks"
        # the chart fills the slide below the title and finding: most of a 1080 px projector
        assert chart["width"] > 1600 and chart["height"] > 500, chart
        shown.append(slide_id)
        page.screenshot(path=str(SCREENSHOTS / f"offline-deck-{slide_id}.png"))
        if k < len(keys):
            page.keyboard.press(keys[k])
    assert shown == ["slide-1", "slide-2", "slide-3", "slide-4"]

    # Back with Page Up and ←; past either end it stays.
    page.keyboard.press("PageUp")
    page.wait_for_function("() => document.body.dataset.slide === '3'")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("() => document.body.dataset.slide === '1'")
    page.keyboard.press("End")
    page.wait_for_function("() => document.body.dataset.slide === '4'")

    # Text is text, the footnotes are where Kosovo is shown, the type is big enough for a room.
    assert page.locator("#slide-1 h1").inner_text() == "Radar <2025> & co"
    assert page.locator("#slide-1 .kosovo").text_content() == KOSOVO_FOOTNOTE
    assert page.locator("#slide-3 .kosovo").count() == 0
    sizes = page.evaluate("""() => ['h1', '.finding', '.sources'].map(sel =>
        parseFloat(getComputedStyle(document.querySelector('#slide-4 ' + sel)).fontSize))""")
    assert sizes[0] >= 40 and sizes[1] >= 30 and sizes[2] >= 18, sizes

    assert {u.split("#")[0] for u in requested} == {file_url}, f"requests other than the file: {requested}"
    assert not errors, errors
    context.close()

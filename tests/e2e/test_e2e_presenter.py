"""Presenter mode in Chromium at 1920x1080: opened from a link, chrome hidden, the chart across the screen, text at
least twice the normal size, a finding with numbers; years and deck views stepped with the keyboard alone (as a
presentation clicker sends Page Up/Page Down), Esc back to the same view; saved decks from one link."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from e2e_helpers import (
    DESKTOP,
    PRESENT_TITLE,
    ConsoleWatch,
    assert_clean,
    font_sizes,
    read_plots,
    sidebar,
    url_params,
    wait_charts,
    wait_presenter,
    wait_trace_r,
    wait_trace_types,
    wait_url,
    warnings_shown,
)
from playwright.sync_api import BrowserContext, Page, expect

from radar import analysis, charts
from radar.store import Store
from radar.ui import deck as decks

pytestmark = pytest.mark.e2e

SELECTION = "fw=wgi&c=ALB,SRB&y=2020"
KEEP = {"ALB": "Albania", "SRB": "Serbia"}
NUMBER = r"\d+\.\d"  # a score as the findings print it (English: 48.8)
FOOTER = "[data-testid='stMarkdownContainer']"


@pytest.fixture
def open_presenter(new_context: Callable[..., BrowserContext], base_url: str) -> Callable[[str], Page]:
    """Like `open_app`, for a link that opens presenter mode (whose hidden sidebar `open_app` would wait for)."""

    def _open(path: str) -> Page:
        page = new_context(viewport=DESKTOP).new_page()
        page.console_watch = ConsoleWatch(page, base_url)  # type: ignore[attr-defined]
        page.goto(path)
        wait_presenter(page)
        return page

    return _open


def radar_r(store: Store, framework_id: str, year: int, iso3: str) -> list[float | None]:
    """A country's outline as the radar draws it (axis order, closed, 2 decimals), computed from the warehouse."""
    fw = analysis.framework(store, framework_id)
    scores = analysis.year_scores(store, fw, year).for_countries([iso3]).sort_values("axis_order")
    r = [None if v != v else round(float(v), 2) for v in scores["score"]]
    return [*r, r[0]]


def footer(page: Page) -> str:
    return page.locator(FOOTER).filter(has_text=" · view ").inner_text()


def test_presenter_link_fills_the_screen_with_large_type_and_a_finding(open_app, open_presenter):
    normal = open_app(f"/compare?{SELECTION}")
    normal_axis = font_sizes(normal, ".angularaxistick text")
    normal_legend = font_sizes(normal, ".chart-legend")
    assert normal_axis and normal_legend
    expect(sidebar(normal)).to_be_visible()

    page = open_presenter(f"/compare?present=1&{SELECTION}")
    # the chrome is gone: no sidebar, no Streamlit header or toolbar, no page title
    expect(sidebar(page)).to_be_hidden()
    expect(page.get_by_test_id("stHeader")).to_be_hidden()
    expect(page.get_by_test_id("stSidebarCollapsedControl")).to_be_hidden()
    expect(page.get_by_role("heading", name="Compare countries")).to_have_count(0)
    # the chart spans most of the screen, its legend beside it, and nothing scrolls
    box = page.locator(".js-plotly-plot").first.bounding_box()
    assert box and box["width"] >= 0.65 * DESKTOP["width"], box
    assert box["height"] >= 0.65 * DESKTOP["height"], box
    legend = page.locator(".st-key-present-legend .chart-legend").bounding_box()
    assert legend and legend["x"] >= box["x"] + box["width"] - 1, (legend, box)
    assert page.evaluate("() => document.scrollingElement.scrollHeight") <= DESKTOP["height"]
    # a large caption states the finding with its numbers
    finding = page.locator(".present-finding")
    expect(finding).to_be_visible()
    expect(finding).to_contain_text("In 2020,")
    expect(finding).to_contain_text(re.compile(rf"Biggest move since 2019: .*{NUMBER} → {NUMBER} \([+-]{NUMBER} "
                                               r"points\)"))
    assert float(finding.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 28
    expect(page.locator(PRESENT_TITLE)).to_have_text("WGI, 2020")
    # text at least twice the normal page's: the radar's axis labels and the legend
    present_axis = font_sizes(page, ".angularaxistick text")
    present_legend = font_sizes(page, ".chart-legend")
    assert len(present_axis) == len(normal_axis) == 6
    assert min(present_axis) >= 2 * max(normal_axis), (present_axis, normal_axis)
    assert min(present_legend) >= 2 * max(normal_legend), (present_legend, normal_legend)
    # the high-contrast, colour-blind-safe palette
    colours = page.evaluate("() => Object.fromEntries(document.querySelector('.js-plotly-plot').data"
                            ".map(t => [t.name, t.line && t.line.color]))")
    assert {colours[name] for name in KEEP.values()} == {charts.PRESENTER_COLOURS[i] for i in KEEP}
    assert "view 1 of 4" in footer(page)
    assert_clean(page)
    assert_clean(normal)


def test_keyboard_steps_years_and_views_and_escape_returns(open_presenter, store: Store):
    page = open_presenter(f"/compare?present=1&{SELECTION}")
    title = page.locator(PRESENT_TITLE)
    for iso3, name in KEEP.items():
        wait_trace_r(page, name, radar_r(store, "wgi", 2020, iso3))
    assert radar_r(store, "wgi", 2021, "SRB") != radar_r(store, "wgi", 2020, "SRB")

    # years: the arrow keys
    page.keyboard.press("ArrowRight")
    expect(title).to_have_text("WGI, 2021")
    for iso3, name in KEEP.items():
        wait_trace_r(page, name, radar_r(store, "wgi", 2021, iso3))
    expect(page.locator(".present-finding")).to_contain_text("Biggest move since 2020")
    page.keyboard.press("ArrowRight")
    expect(title).to_have_text("WGI, 2022")
    wait_trace_r(page, "Serbia", radar_r(store, "wgi", 2022, "SRB"))
    page.keyboard.press("ArrowLeft")  # one key at a time: each press is a rerun of the app
    expect(title).to_have_text("WGI, 2021")
    wait_trace_r(page, "Serbia", radar_r(store, "wgi", 2021, "SRB"))
    page.keyboard.press("ArrowLeft")
    expect(title).to_have_text("WGI, 2020")
    for iso3, name in KEEP.items():
        wait_trace_r(page, name, radar_r(store, "wgi", 2020, iso3))

    # views: Page Down / Page Up, as a clicker sends
    page.keyboard.press("PageDown")
    wait_url(page, "/compare", present="1", slide="2")
    wait_trace_types(page, ["heatmap"])
    wait_charts(page)
    expect(page.locator(FOOTER).filter(has_text="view 2 of 4")).to_be_visible()
    expect(title).to_have_text("WGI, 2020")
    (heat,) = read_plots(page)[0]["traces"]
    assert heat["x"] == list(KEEP.values())
    page.keyboard.press("PageDown")
    wait_url(page, "/compare", present="1", slide="3")
    expect(title).to_have_text(re.compile(r"^Mean of all axes: \d{4} → \d{4}$"))  # the changes: the slope
    wait_trace_types(page, ["scatter"] * len(KEEP), index=0)
    expect(page.locator(FOOTER).filter(has_text="view 3 of 4")).to_be_visible()
    page.keyboard.press("PageUp")
    wait_url(page, "/compare", present="1", slide="2")
    wait_trace_types(page, ["heatmap"])
    page.keyboard.press("PageUp")
    wait_url(page, "/compare", present="1", slide=None)
    wait_trace_types(page, ["scatterpolar"] * 6)  # the two means, the two outlines and their published margins
    expect(title).to_have_text("WGI, 2020")

    # Esc leaves presenter mode for the page and view it was opened from
    page.keyboard.press("Escape")
    wait_url(page, "/compare", present=None, slide=None, fw="wgi", c="ALB,SRB", y="2020")
    expect(sidebar(page)).to_be_visible()
    expect(page.get_by_role("heading", name="Compare countries")).to_be_visible()
    expect(page.locator(PRESENT_TITLE)).to_have_count(0)
    wait_charts(page)
    expect(page.locator(".chart-title").first).to_have_text("WGI, 2020")
    for iso3, name in KEEP.items():
        wait_trace_r(page, name, radar_r(store, "wgi", 2020, iso3))
    assert_clean(page)


TALK = decks.Deck("Talk", [
    {"page": "overview", "fw": "wgi", "y": "2023"},
    {"page": "compare", "view": "heatmap", "fw": "wgi", "c": "ALB,MNE,SRB", "y": "2020"},
    {"page": "country", "country": "SRB", "fw": "wgi", "y": "2023"},
])
# (title, trace types): all six governments with the two means; the heat map; Serbia with the two means
TALK_SLIDES = [("Worldwide Governance Indicators, 2023", ["scatterpolar"] * 8), ("WGI, 2020", ["heatmap"]),
               ("Serbia: WGI, 2023", ["scatterpolar"] * 3)]


def test_a_saved_deck_steps_through_its_views_in_order(open_presenter, store: Store):
    raw = decks.encode(TALK)
    page = open_presenter(f"/?deck={raw}&present=1")
    title = page.locator(PRESENT_TITLE)
    for i, (heading, types) in enumerate(TALK_SLIDES, start=1):
        if i > 1:
            page.keyboard.press("PageDown")
            wait_url(page, present="1", slide=str(i))
        expect(title).to_have_text(heading)
        expect(page.locator(FOOTER).filter(has_text=f"Talk · view {i} of 3")).to_be_visible()
        wait_trace_types(page, types)
        if types[0] == "scatterpolar":  # Serbia on WGI 2023, as the warehouse has it
            wait_trace_r(page, "Serbia", radar_r(store, "wgi", 2023, "SRB"))
        assert decks.decode(url_params(page.url)["deck"]) == TALK  # the deck stays in the link
    expect(page.get_by_role("button", name="View ▶")).to_be_disabled()  # the last view
    page.keyboard.press("PageUp")
    wait_url(page, present="1", slide="2")
    expect(title).to_have_text("WGI, 2020")
    wait_trace_types(page, ["heatmap"])
    assert read_plots(page)[0]["traces"][0]["x"] == ["Albania", "Montenegro", "Serbia"]
    assert_clean(page)


def test_a_damaged_deck_shows_a_notice_and_presents_the_current_view(open_presenter):
    raw = decks.encode(TALK)
    page = open_presenter(f"/compare?deck={raw[:-6]}&present=1&{SELECTION}")
    expect(page.get_by_test_id("stAlertContentWarning")).to_contain_text("The deck in the link could not be read")
    assert any("presenting the current view instead" in w for w in warnings_shown(page))
    expect(page.locator(PRESENT_TITLE)).to_have_text("WGI, 2020")
    expect(page.locator(FOOTER).filter(has_text="This view · view 1 of 4")).to_be_visible()
    wait_trace_types(page, ["scatterpolar"] * 6)  # as on the page: means, outlines, published margins
    wait_url(page, "/compare", present="1", deck=None)  # the damaged value is dropped from the link
    assert_clean(page)

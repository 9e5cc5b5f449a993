"""What the browser tests share: waiting on the real app (never on sleeps), reading the plotly figures from the DOM,
collecting console errors, checking for error boxes, URL parameters and screenshots."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import ConsoleMessage, Error, Locator, Page, expect

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"

DESKTOP = {"width": 1920, "height": 1080}
PHONE = {"width": 390, "height": 844}
TIMEOUT_MS = 45_000  # a first page with plotly takes about 4 s on 2 cores; leave room for a loaded CI machine

# What the default view shows (data/frameworks.toml and the countries table): the WB-OCR composite has 8 axes,
# WGI 6; the radars draw the WB6 and EU-27 means first, then the countries in the table's order.
REFERENCES = ["WB6 mean", "EU-27 mean"]
WB6_NAMES = ["Albania", "Bosnia and Herzegovina", "Kosovo*", "Montenegro", "North Macedonia", "Serbia"]
WBOCR_AXES = 8
WGI_AXES = 6
SOURCES = 4  # GI-TOC, TI CPI, WGI, WJP
# Compare's radar shades the published 90% margin around each outline when it shows one or two countries and the
# framework's sources publish standard errors (WGI does): one extra trace per country, before the outlines.
BAND_SUFFIX = ": published 90% margin"

# data-test-* attributes Streamlit puts on the app root: the script has finished and the websocket is up.
APP_IDLE = ('[data-testid="stApp"][data-test-script-state="notRunning"]'
            '[data-test-connection-state="CONNECTED"]')


# ---------------------------------------------------------------- waiting


def wait_idle(page: Page, timeout: float = TIMEOUT_MS) -> None:
    """Wait until no script run is in progress: the app root says notRunning/CONNECTED and Streamlit's running
    indicator (stStatusWidget) is gone. After a widget change, first wait for something the change must cause
    (URL, chart data): the root still says notRunning for a moment before the rerun starts."""
    page.locator(APP_IDLE).wait_for(state="attached", timeout=timeout)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=timeout)


_ALL_CHARTS_DRAWN = """() => {
    const holders = document.querySelectorAll('[data-testid="stPlotlyChart"]');
    const drawn = [...document.querySelectorAll('.js-plotly-plot')]
        .filter(g => Array.isArray(g.data) && g._fullLayout && g.querySelector('.main-svg'));
    return holders.length === drawn.length;
}"""


def wait_charts(page: Page, timeout: float = TIMEOUT_MS) -> None:
    """Wait until a chart is on the page and every chart Streamlit placed has been drawn by plotly."""
    _visible_or_error(page, page.get_by_test_id("stPlotlyChart").first, timeout)
    page.locator(".js-plotly-plot .main-svg").first.wait_for(state="visible", timeout=timeout)
    wait_idle(page, timeout)
    page.wait_for_function(_ALL_CHARTS_DRAWN, timeout=timeout)


def wait_app_ready(page: Page, *, charts: bool = True, timeout: float = TIMEOUT_MS) -> None:
    """A freshly opened page: the first script run finished (and its charts are drawn, when it has charts)."""
    if _sidebar_open(page):
        _visible_or_error(page, page.get_by_test_id("stSidebarNav"), timeout)
    if charts:
        wait_charts(page, timeout)
    else:
        _visible_or_error(page, page.get_by_test_id("stMainBlockContainer"), timeout)
        wait_idle(page, timeout)


_ERROR = '[data-testid="stException"], [data-testid="stAlertContentError"]'


def _visible_or_error(page: Page, target: Locator, timeout: float) -> None:
    """Wait for `target`; if Streamlit shows an exception instead, fail at once with its text (not a timeout)."""
    error = page.locator(_ERROR).first
    target.or_(error).first.wait_for(state="visible", timeout=timeout)
    if not target.is_visible() and error.is_visible():
        raise AssertionError(f"{page.url} shows an error instead of the page: {error.inner_text()[:600]}")


def _sidebar_open(page: Page) -> bool:
    return (page.viewport_size or DESKTOP)["width"] > 640  # Streamlit collapses the sidebar on a phone


def wait_url(page: Page, path: str | None = None, timeout: float = TIMEOUT_MS, **expected: str | None) -> None:
    """Wait until the address bar has `path` and each expected parameter (None = absent)."""

    def ok(url: str) -> bool:
        parts = urlsplit(url)
        if path is not None and parts.path.rstrip("/") != path.rstrip("/"):
            return False
        got = url_params(url)
        return all(got.get(k) == v for k, v in expected.items())

    page.wait_for_url(ok, timeout=timeout)


def wait_traces(page: Page, names: list[str], index: int = 0, *, without_bands: bool = False,
                timeout: float = TIMEOUT_MS) -> None:
    """Wait until chart `index` shows exactly these trace names (after a change that redraws it); with
    `without_bands`, the shaded 90% margins (drawn only for some selections) are left out of the comparison."""
    page.wait_for_function(
        """([i, names, skip, suffix]) => { const g = document.querySelectorAll('.js-plotly-plot')[i];
            if (!g || !Array.isArray(g.data)) return false;
            const shown = g.data.map(t => t.name ?? null).filter(n => !(skip && n && n.endsWith(suffix)));
            return JSON.stringify(shown) === JSON.stringify(names); }""",
        arg=[index, names, without_bands, BAND_SUFFIX], timeout=timeout)


def wait_trace_types(page: Page, types: list[str], index: int = 0, timeout: float = TIMEOUT_MS) -> None:
    page.wait_for_function(
        """([i, types]) => { const g = document.querySelectorAll('.js-plotly-plot')[i];
            return !!g && Array.isArray(g.data) && g._fullData &&
                   JSON.stringify(g._fullData.map(t => t.type)) === JSON.stringify(types); }""",
        arg=[index, types], timeout=timeout)


# ---------------------------------------------------------------- reading what the charts show

_READ_PLOTS = """() => {
    const plain = (v, full) => {
        if (v === undefined || v === null) return full === undefined ? null : plain(full);
        if (ArrayBuffer.isView(v)) return Array.from(v, x => Number.isNaN(x) ? null : x);
        if (Array.isArray(v)) return v.map(x => (Array.isArray(x) || ArrayBuffer.isView(x)) ? plain(x)
                                               : (typeof x === 'number' && Number.isNaN(x) ? null : x));
        if (typeof v === 'object' && 'bdata' in v) return full === undefined ? null : plain(full);
        return v;
    };
    return [...document.querySelectorAll('.js-plotly-plot')].map(g => ({
        traces: g.data.map((t, i) => {
            const f = (g._fullData || [])[i] || {};
            return {name: t.name ?? null, type: f.type || t.type || 'scatter',
                    r: plain(t.r, f.r), theta: plain(t.theta, f.theta), x: plain(t.x, f.x), y: plain(t.y, f.y),
                    z: plain(t.z, f.z)};
        }),
        frames: (g._transitionData && g._transitionData._frames) ? g._transitionData._frames.length : 0,
        frame_names: ((g._transitionData && g._transitionData._frames) || []).map(f => f.name),
        slider_steps: (g.layout.sliders || []).map(s => (s.steps || []).map(st => st.label)),
        buttons: (g.layout.updatemenus || []).flatMap(m => (m.buttons || []).map(b => b.label)),
    }));
}"""


def read_plots(page: Page) -> list[dict[str, Any]]:
    """Every plotly chart on the page as the browser holds it: traces (name, type, r/theta/x/y/z), frames,
    slider steps and buttons, read from `document.querySelectorAll('.js-plotly-plot')[i].data`."""
    return page.evaluate(_READ_PLOTS)


def trace_names(plot: dict[str, Any]) -> list[str | None]:
    return [t["name"] for t in plot["traces"]]


def band_names(countries: list[str]) -> list[str]:
    """The (legend-less) shaded 90% margin traces the radar draws around these countries' outlines."""
    return [f"{c}{BAND_SUFFIX}" for c in countries]


def outline_names(plot: dict[str, Any]) -> list[str | None]:
    """Trace names without the shaded margins."""
    return [n for n in trace_names(plot) if not (n and n.endswith(BAND_SUFFIX))]


def r_by_name(plot: dict[str, Any]) -> dict[str, list]:
    return {t["name"]: t["r"] for t in plot["traces"]}


# ---------------------------------------------------------------- errors a user would see


class ConsoleWatch:
    """Console errors and uncaught page errors of one page, minus two precisely known harmless messages."""

    def __init__(self, page: Page, base_url: str) -> None:
        self.base_url = base_url.rstrip("/")
        self.messages: list[str] = []
        self.ignored: list[str] = []
        page.on("console", self._on_console)
        page.on("pageerror", self._on_pageerror)

    def _on_console(self, message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        url = (message.location or {}).get("url", "")
        entry = f"console.error: {message.text} [{url}]"
        (self.ignored if self._harmless(message.text, url) else self.messages).append(entry)

    def _on_pageerror(self, error: Error) -> None:
        self.messages.append(f"pageerror: {error}")

    def _harmless(self, text: str, url: str) -> bool:
        # 1. This machine has no internet: the favicon (page_icon=":material/radar:") is an SVG the browser
        #    fetches from fonts.gstatic.com, and DNS fails. Only a failed load from another host is ignored;
        #    any failed load from the app's own server still counts.
        if text == "Failed to load resource: net::ERR_NAME_NOT_RESOLVED" and not url.startswith(self.base_url):
            return True
        # 2. Streamlit's own frontend, on a deep link to a page (/compare...), first probes the page path as a
        #    possible base URL (/compare/_stcore/health and /compare/_stcore/host-config, 404) and then uses the
        #    parent path (streamlit/static index.js: the base URI candidates are the path and its parent). Only
        #    these two probe URLs are ignored; any other 404 counts.
        probe = re.fullmatch(re.escape(self.base_url) + r"/[A-Za-z0-9_-]+/_stcore/(health|host-config)", url)
        return text == "Failed to load resource: the server responded with a status of 404 (Not Found)" and bool(
            probe)

    def errors(self) -> list[str]:
        return list(self.messages)


def error_boxes(page: Page) -> list[str]:
    """Texts of Streamlit exceptions and error boxes on the page."""
    boxes = page.locator(_ERROR)
    return [t.strip()[:400] for t in boxes.all_inner_texts()]


def assert_clean(page: Page) -> None:
    """No exception, no error box, no console error (bar the two documented harmless ones)."""
    boxes = error_boxes(page)
    assert not boxes, f"error shown on {page.url}: {boxes}"
    assert not page.get_by_text("This app has encountered an error").count(), f"app error on {page.url}"
    watch: ConsoleWatch | None = getattr(page, "console_watch", None)
    if watch is not None:
        assert not watch.errors(), f"browser console errors on {page.url}: {watch.errors()}"


def warnings_shown(page: Page) -> list[str]:
    return [t.strip() for t in page.get_by_test_id("stAlertContentWarning").all_inner_texts()]


# ---------------------------------------------------------------- URL, sidebar


def url_params(url: str) -> dict[str, str]:
    """The query parameters of `url`, decoded (a repeated key keeps its last value)."""
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query, keep_blank_values=True).items()}


def sidebar(page: Page) -> Locator:
    return page.get_by_test_id("stSidebar")


def choose_framework(page: Page, label: str) -> None:
    side = sidebar(page)
    side.get_by_role("combobox", name="Framework").click()
    page.get_by_role("option", name=label, exact=True).click()


def remove_country(page: Page, name: str) -> None:
    sidebar(page).get_by_role("button", name=f"Remove {name}", exact=True).click()


def year_slider(page: Page) -> Locator:
    return sidebar(page).get_by_role("slider", name="Year")


# ---------------------------------------------------------------- screenshots


def screenshot(page: Page, name: str) -> Path:
    """Save the whole page to artifacts/screenshots/<name>.png. Streamlit scrolls inside stMain, not the document,
    so 'full page' means: grow the viewport to the content's height for the shot, then put it back."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.keyboard.press("Escape")  # close an open dropdown or popover
    size = page.viewport_size or DESKTOP
    height = page.evaluate("""() => { const main = document.querySelector('[data-testid="stMain"]');
        return Math.max(document.documentElement.scrollHeight, main ? main.scrollHeight : 0); }""")
    tall = min(max(int(height), size["height"]), 12_000)
    if tall > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": tall})
        page.wait_for_function("(h) => window.innerHeight === h", arg=tall, timeout=TIMEOUT_MS)
    page.screenshot(path=str(path), full_page=True, animations="disabled")
    if tall > size["height"]:
        page.set_viewport_size(size)
    return path


# ---------------------------------------------------------------- presenter mode, downloads (issue 5)

PRESENT_TITLE = ".present-title"


def wait_presenter(page: Page, timeout: float = TIMEOUT_MS) -> None:
    """Presenter mode is drawn: its title is visible (the sidebar is hidden there, so `wait_app_ready`'s wait for
    the sidebar navigation does not apply) and its chart is drawn."""
    _visible_or_error(page, page.locator(PRESENT_TITLE), timeout)
    wait_charts(page, timeout)


def font_sizes(page: Page, selector: str) -> list[float]:
    """The computed font size in CSS pixels of every element matching `selector`."""
    return page.evaluate("""(sel) => [...document.querySelectorAll(sel)]
        .map(e => parseFloat(getComputedStyle(e).fontSize))""", selector)


_TRACE_R = """([i, name]) => { const g = document.querySelectorAll('.js-plotly-plot')[i];
    if (!g || !Array.isArray(g.data)) return null;
    const k = g.data.findIndex(t => t.name === name);
    if (k < 0) return null;
    const t = g.data[k], f = (g._fullData || [])[k] || {};
    const r = (Array.isArray(t.r) || ArrayBuffer.isView(t.r)) ? t.r : f.r;
    return r ? Array.from(r, x => (x === undefined || x === null || Number.isNaN(x)) ? null : x) : null; }"""


def wait_trace_r(page: Page, name: str, r: list[float | None], index: int = 0, timeout: float = TIMEOUT_MS) -> None:
    """Wait until chart `index` draws trace `name` with exactly these r values; fail with what it shows."""
    try:
        page.wait_for_function(f"([i, name, want]) => JSON.stringify(({_TRACE_R})([i, name])) === "
                               "JSON.stringify(want)", arg=[index, name, r], timeout=timeout)
    except Error as error:
        shown = page.evaluate(_TRACE_R, [index, name])
        raise AssertionError(f"chart {index} trace {name!r} shows r={shown}, expected {r}") from error


def popover(page: Page, label: str) -> Locator:
    """Open the popover whose button reads `label` and return its (open) body."""
    page.get_by_role("button", name=label).click()
    body = page.get_by_test_id("stPopoverBody").filter(visible=True)
    body.wait_for(state="visible")
    return body


def download(page: Page, button: Locator, timeout: float = 120_000) -> tuple[str, bytes, float]:
    """Click a download button and return (file name, bytes, seconds from the click until the file is saved)."""
    start = time.perf_counter()
    with page.expect_download(timeout=timeout) as info:
        button.click()
    path = info.value.path()  # waits until the download has finished
    seconds = time.perf_counter() - start
    return info.value.suggested_filename, Path(path).read_bytes(), seconds

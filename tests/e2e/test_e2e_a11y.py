"""Accessible markup (issue 13, item 9): axe-core's WCAG 2.0/2.1 A and AA rules, run in Chromium on every page, view
and presenter mode, find no violation in the Radar's own markup.

axe-core comes from the npm registry (scripts/ensure-test-tools unpacks a pinned version into artifacts/, never
committed; this test runs that script when the file is missing) and is injected into the page by the test: the app
never loads it. Streamlit's own violations are listed in docs/ACCESSIBILITY.md and left out here by rule AND by the
element they sit in, so that the same rule failing anywhere else still fails the test.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from e2e_helpers import DESKTOP, PHONE, ROOT, wait_charts, wait_idle
from playwright.sync_api import BrowserContext, Page

pytestmark = pytest.mark.e2e

AXE_VERSION = "4.14.1"
AXE_FILE = ROOT / "artifacts" / "axe-core" / AXE_VERSION / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Streamlit's markup, not ours (docs/ACCESSIBILITY.md): rule id -> the element of Streamlit's that carries it.
STREAMLIT_OWN = {
    "list": '[data-testid="stSidebarNavItems"]',  # <ul> whose children are section <div>s
    "listitem": '[data-testid="stSidebarNavItems"]',  # the <li>s inside those <div>s
}


@pytest.fixture(scope="session")
def axe_source() -> str:
    if not AXE_FILE.exists():
        subprocess.run([str(ROOT / "scripts" / "ensure-test-tools")], check=True, timeout=600,
                       env={"AXE_VERSION": AXE_VERSION, "PATH": "/usr/local/bin:/usr/bin:/bin"})
    return Path(AXE_FILE).read_text(encoding="utf-8")


_RUN_AXE = """async ([tags, own]) => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
    const out = [];
    for (const v of result.violations) {
        for (const node of v.nodes) {
            const target = node.target[node.target.length - 1];
            const el = typeof target === 'string' ? document.querySelector(target) : null;
            const streamlit = !!(own[v.id] && el && el.closest(own[v.id]));
            out.push({rule: v.id, impact: v.impact, target: node.target.join(' '), html: node.html.slice(0, 200),
                      summary: (node.failureSummary || '').slice(0, 300), streamlit});
        }
    }
    return out;
}"""


def _show_everything(page: Page) -> None:
    """Grow the viewport to the whole page: Streamlit scrolls inside its main block, and axe judges the contrast of
    text only where it is on screen."""
    size = page.viewport_size or DESKTOP
    height = page.evaluate("""() => { const main = document.querySelector('[data-testid="stMain"]');
        return Math.max(document.documentElement.scrollHeight, main ? main.scrollHeight : 0); }""")
    tall = min(max(int(height), size["height"]), 12_000)
    if tall > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": tall})
        page.wait_for_function("(h) => window.innerHeight === h", arg=tall)
        wait_idle(page)


# The Radar's stylesheet (radar/ui/style.css, injected with st.html) is drawn a moment after the script run ends:
# judge the page with it.
_STYLED = """() => [...document.querySelectorAll('style')].some(s => s.textContent.includes('Shared page styles'))"""


def violations(page: Page, axe_source: str) -> tuple[list[dict], list[dict]]:
    """(the Radar's own violations, Streamlit's known ones) on the whole page as it is now."""
    page.wait_for_function(_STYLED)
    _show_everything(page)
    page.add_script_tag(content=axe_source)
    found = page.evaluate(_RUN_AXE, [WCAG_TAGS, STREAMLIT_OWN])
    return [v for v in found if not v["streamlit"]], [v for v in found if v["streamlit"]]


def _report(path: str, own: list[dict]) -> str:
    return f"{path}: axe found {len(own)} violation(s) in the Radar's markup:\n" + "\n".join(
        f"  [{v['impact']}] {v['rule']} at {v['target']}: {v['html']}\n      {v['summary']}" for v in own)


PAGES = [("/", True), ("/compare", True), ("/compare?view=multiples", True), ("/compare?view=heatmap", True),
         ("/compare?view=table", False), ("/change", True), ("/change?view=slope", True),
         ("/change?view=lines", True), ("/country", True), ("/data", False), ("/methodology", False),
         ("/publish", False)]


@pytest.mark.parametrize(("path", "charts"), PAGES, ids=[p[0] for p in PAGES])
def test_no_wcag_violation_in_the_radars_markup(open_app, axe_source, path, charts):
    page = open_app(path, charts=charts)
    if path == "/data":  # its citations (links in a caption) come last: check them too
        page.get_by_test_id("stCaptionContainer").filter(has_text="How to cite:").first.wait_for(state="visible")
    own, streamlit = violations(page, axe_source)
    assert not own, _report(path, own)
    # What is left out is exactly what docs/ACCESSIBILITY.md lists.
    assert {v["rule"] for v in streamlit} <= set(STREAMLIT_OWN)


PRESENTER = ["/?present=1", "/compare?present=1&view=heatmap", "/change?present=1&view=slope", "/country?present=1"]


@pytest.mark.parametrize("path", PRESENTER)
def test_no_wcag_violation_in_presenter_mode(new_context, axe_source, path):
    context: BrowserContext = new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(path)
    wait_charts(page)  # presenter mode hides the sidebar: wait on its chart, not on the navigation
    own, _streamlit = violations(page, axe_source)
    assert not own, _report(path, own)


@pytest.mark.parametrize("path", ["/", "/compare?embed=true"])
def test_no_wcag_violation_on_a_phone_and_embedded(open_app, axe_source, path):
    page = open_app(path, viewport=PHONE)
    wait_idle(page)
    own, _streamlit = violations(page, axe_source)
    assert not own, _report(path, own)

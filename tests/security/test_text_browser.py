"""What Streamlit's own frontend makes of radar.text's output, in Debian's Chromium: no link, no image, no icon, and
the words read as written. (GFM links bare URLs after escapes are resolved, and Streamlit draws ':material/x:'
icons the same way: only a browser shows that.) A tiny app renders each hostile text through st.markdown,
st.caption, st.info and st.markdown with HTML allowed; `markdown_link` must give exactly its one http(s) link."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_text import HOSTILE, JOINER, expected_text

pytestmark = pytest.mark.e2e
ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]
PROBE = '''
import json, sys
import streamlit as st
from radar.text import html_text, markdown_link, plain
samples = json.loads(open(sys.argv[1], encoding="utf-8").read())
for i, text in enumerate(samples):
    st.markdown(f"md{i}: " + plain(text))
    st.caption(f"cap{i}: " + plain(text))
    st.info(f"info{i}: " + plain(text))
    st.markdown(f"<span>html{i}: " + html_text(text) + "</span>", unsafe_allow_html=True)
st.markdown("link: " + markdown_link("![i](https://evil.example/t.png) [x](y)", "https://example.org/r?a=1&b=2"))
st.markdown("nolink: " + markdown_link("label", "javascript:alert(1)"))
st.markdown("END")
'''


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def probe_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("probe")
    (folder / "probe.py").write_text(PROBE, encoding="utf-8")
    (folder / "samples.json").write_text(json.dumps(HOSTILE), encoding="utf-8")
    port = _port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(folder / "probe.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--server.fileWatcherType", "none", "--",
         str(folder / "samples.json")],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)  # polling for the process to come up, not waiting on the UI
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_hostile_text_renders_as_text_in_a_real_browser(probe_url: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page()
            page.goto(probe_url)
            page.get_by_text("END", exact=True).wait_for(timeout=60_000)
            main = page.locator("[data-testid=stMain]")
            assert main.locator("img").count() == 0
            links = main.locator("a[href]")
            hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
            assert hrefs == ["https://example.org/r?a=1&b=2"]
            assert main.locator("[data-testid=stIconMaterial]").count() == 0
            shown = {}
            for block in main.locator("[data-testid=stMarkdownContainer], [data-testid=stCaptionContainer]").all():
                text = block.inner_text().replace(JOINER, "")
                head, _, rest = text.partition(": ")
                shown[head] = rest
            for i, text in enumerate(HOSTILE):
                want = " ".join(expected_text(text).split())
                for kind in ("md", "cap", "info", "html"):
                    assert " ".join(shown[f"{kind}{i}"].split()) == want, (kind, text)
            assert shown["link"] == "![i](https://evil.example/t.png) [x](y)" and shown["nolink"] == "label"
        finally:
            browser.close()

"""Part 2: first view in a browser. Time from `page.goto(link)` to the radar drawn (`.js-plotly-plot .main-svg`
holding every trace of the figure) in headless Chromium (Debian's, never a downloaded one), for the Radar and
for the floor app (bench/floor_app.py drawing the same figure, recorded from the Radar in this run).

Each repetition opens the link in a new browser context (an empty cache: a first visit), the Radar and the
floor alternately (which goes first alternates too), after both servers were warmed up (imports) and each
app loaded once. Reported: median per app and page, and the ratio. Target: within 1.2x of the floor.
"""

from __future__ import annotations

import asyncio
import time

from playwright.sync_api import Browser, Playwright, sync_playwright

from bench import common
from bench.common import PartResult, Server, Target
from bench.plans import PLANS
from bench.recording import FLOOR_DIR
from bench.rerun import record, warm_up

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
TARGET = 1.2
TIMEOUT_MS = 120_000
DRAWN = "n => document.querySelectorAll('.js-plotly-plot .main-svg g.trace').length >= n"


def _expected_traces(page: str) -> int:
    import pickle

    with open(FLOOR_DIR / f"floor-{page}.pkl", "rb") as handle:
        rec = pickle.load(handle)
    state = rec["states"]["|".join(rec["control"]["default"])]
    figures = [payload[0] for _c, kind, payload in state if kind == "plotly_chart"]
    return len(figures[0].data)


def first_view(browser: Browser, server: Server, page: str, traces: int) -> float:
    """Seconds from goto to the first radar drawn with all its traces, in a fresh context."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    try:
        tab = context.new_page()
        url = f"{server.http}/{PLANS[page].page}"
        start = time.perf_counter()
        tab.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
        tab.wait_for_function(DRAWN, arg=traces, polling="raf", timeout=TIMEOUT_MS)
        return time.perf_counter() - start
    finally:
        context.close()


def run(quick: bool) -> PartResult:
    pages = ["overview"] if quick else ["overview", "compare"]
    reps = 1 if quick else 6
    times: dict[str, dict[str, list[float]]] = {p: {"radar": [], "floor": []} for p in pages}
    env = {common.FLOOR_DIR_ENV: str(FLOOR_DIR)}
    with common.streamlit_server(common.APP, name="browser-radar") as radar:
        for page in pages:  # the floor draws the figure the Radar sends for this link, recorded now
            asyncio.run(record(radar, PLANS[page], 0))
        traces = {page: _expected_traces(page) for page in pages}
        with common.streamlit_server(common.FLOOR_APP, name="browser-floor", env=env) as floor:
            asyncio.run(warm_up(radar, pages))
            asyncio.run(warm_up(floor, pages))
            with sync_playwright() as pw:
                _measure(pw, radar, floor, pages, traces, reps, times)
    return report(times, traces, reps)


def _measure(pw: Playwright, radar: Server, floor: Server, pages: list[str], traces: dict[str, int], reps: int,
             times: dict[str, dict[str, list[float]]]) -> None:
    browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    try:
        for page in pages:  # one unmeasured load of each app: Chromium's own first-start costs
            first_view(browser, radar, page, traces[page])
            first_view(browser, floor, page, traces[page])
        for rep in range(reps):
            for page in pages:
                order = [("radar", radar), ("floor", floor)]
                for name, server in order if rep % 2 == 0 else order[::-1]:
                    times[page][name].append(first_view(browser, server, page, traces[page]))
            common.log(f"browser: repetition {rep + 1}/{reps} done")
    finally:
        browser.close()


def report(times: dict[str, dict[str, list[float]]], traces: dict[str, int], reps: int) -> PartResult:
    rows, targets, printed = [], [], []
    for page, t in times.items():
        radar, floor = common.median(t["radar"]), common.median(t["floor"])
        r = common.ratio(radar, floor)
        rows.append([page, traces[page], common.ms(radar), common.ms(floor), f"**{common.x(r)}**",
                     ", ".join(common.ms(v) for v in t["radar"]), ", ".join(common.ms(v) for v in t["floor"])])
        targets.append(Target("2 browser", f"{page}: first view vs floor", f"<= {TARGET}x", common.x(r), r <= TARGET))
        printed.append(f"browser {page}: {common.ms(radar)} vs floor {common.ms(floor)} = {common.x(r)} "
                       f"(target <= {TARGET}x)")
    md = "\n\n".join([
        f"Headless Chromium ({CHROMIUM}), 1920x1080, a new context (empty cache) per load; time from "
        "`page.goto` to every trace of the first radar drawn in `.js-plotly-plot .main-svg`. Median of "
        f"{reps} loads per app, the Radar and the floor alternating.",
        common.table(["link", "traces", "Radar", "floor", "ratio", "Radar, each load", "floor, each load"], rows),
    ])
    return PartResult("browser", "2. First view in a browser", md, targets, printed)

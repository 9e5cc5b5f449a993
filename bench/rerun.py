"""Part 1: the server-side time of a rerun of each page after a control change, against the floor app.

Both apps run as real servers (`streamlit run`, no file watcher) and are driven by the same websocket client,
one request at a time, so the time measured is the server's: from the rerun request to `script_finished`
on loopback, plus the server process's CPU seconds (/proc) as a cross-check. First a recording server runs
each page through its plan and pickles what the Radar sent for each state (bench/recording.py). Then a fresh
Radar and the floor app (bench/floor_app.py, drawing those figures and tables) are measured side by side:
per page, each change is made on the Radar and then on the floor, first through `n` values this Radar had not
shown (first visit: its caches miss), then through the same values again (repeat: its caches answer). The
ratio is the price of data access, scoring and figure building. Target: every page within 1.5x.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from bench import common
from bench.common import PartResult, Server, Target
from bench.plans import PLANS, Plan
from bench.recording import FLOOR_DIR, PageRecording
from bench.wsclient import Session

TARGET = 1.5
# Each change waits this long after the previous run of the same server. A Streamlit server answers a rerun
# request that arrives within ~40 ms of its previous run's end only after that window (measured: the floor app
# 44 ms per change back to back, 9.6 ms with 40 ms or more between changes; the Radar 48 and 26 ms). Interleaved
# without a pause, the app measured second always had the other's run as its pause and the first never did:
# the ratio measured that window, not the apps. A person does not click within 40 ms of a finished run.
SETTLE_S = 0.1


@dataclass
class PageTimes:
    first_wall: list[float] = field(default_factory=list)
    first_cpu: list[float] = field(default_factory=list)
    repeat_wall: list[float] = field(default_factory=list)
    repeat_cpu: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


async def record(server: Server, plan: Plan, n: int) -> None:
    """Open `plan.page` on the recording server, step its control through n values and pickle what the Radar
    sent for each (the floor app draws it back)."""
    async with Session(server.ws, plan.page, record=True) as session:
        opened = await session.open()
        widget = session.widgets[plan.key]
        recording = PageRecording(plan.name, widget, plan.key, plan.sidebar)
        recording.add(widget.value, opened.elements)
        for value in plan.values(widget, n):
            run = await session.change(plan.key, value)
            recording.add(value, run.elements)
        recording.save()


async def _change(session: Session, server: Server, key: str, value: list[str], times: PageTimes,
                  first: bool) -> None:
    await asyncio.sleep(SETTLE_S)
    cpu0 = common.cpu_seconds(server.pid)
    run = await session.change(key, value)
    cpu = common.cpu_seconds(server.pid) - cpu0
    times.errors += run.errors
    (times.first_wall if first else times.repeat_wall).append(run.seconds)
    (times.first_cpu if first else times.repeat_cpu).append(cpu)


async def measure(radar: Server, floor: Server, plan: Plan, n: int) -> tuple[PageTimes, PageTimes]:
    """Both apps' sessions open on the page; each change is made on the Radar, then on the floor (interleaved,
    so that the machine's drift hits both alike), first through n new values, then through them again."""
    real, flr = PageTimes(), PageTimes()
    async with Session(radar.ws, plan.page) as r_session, Session(floor.ws, plan.page, check_url=False) as f_session:
        real.errors += (await r_session.open()).errors
        flr.errors += (await f_session.open()).errors
        values = plan.values(r_session.widgets[plan.key], n)
        for first in (True, False):
            for value in values:
                await _change(r_session, radar, plan.key, value, real, first)
                await _change(f_session, floor, plan.key, value, flr, first)
    return real, flr


async def warm_up(server: Server, pages: list[str]) -> None:
    """Open each page once in a throwaway session: imports and first-use costs are not what we measure."""
    for page in pages:
        async with Session(server.ws, PLANS[page].page) as session:
            await session.open()


def run(quick: bool) -> PartResult:
    n = 2 if quick else 10
    pages = ["overview", "change"] if quick else list(common.PAGES)
    for old in FLOOR_DIR.glob("floor-*.pkl"):
        old.unlink()
    with common.streamlit_server(common.APP, name="rerun-record") as recorder:
        for page in pages:
            common.log(f"rerun: recording {page} for the floor ({n} states)")
            asyncio.run(record(recorder, PLANS[page], n))
    real: dict[str, PageTimes] = {}
    floor: dict[str, PageTimes] = {}
    env = {common.FLOOR_DIR_ENV: str(FLOOR_DIR)}
    # The rerun of a page itself, without the background builds of radar.ui.warm: a build running when a change
    # arrives shares the interpreter with it (part 6 measures the product with them, as it is deployed).
    with common.streamlit_server(common.APP, name="rerun-radar", env={"RADAR_PREFETCH": "0"}) as radar, \
            common.streamlit_server(common.FLOOR_APP, name="rerun-floor", env=env) as flr:
        asyncio.run(warm_up(radar, pages))
        asyncio.run(warm_up(flr, pages))
        for page in pages:
            common.log(f"rerun: {page} ({n} changes x 2 passes, Radar and floor interleaved)")
            real[page], floor[page] = asyncio.run(measure(radar, flr, PLANS[page], n))
    return report(real, floor, n)


def report(real: dict[str, PageTimes], floor: dict[str, PageTimes], n: int) -> PartResult:
    rows, targets, printed = [], [], []
    med = common.median
    for page, r in real.items():
        f = floor[page]
        first = common.ratio(med(r.first_wall), med(f.first_wall))
        repeat = common.ratio(med(r.repeat_wall), med(f.repeat_wall))
        cpu_first = common.ratio(med(r.first_cpu), med(f.first_cpu))
        errors = len(r.errors) + len(f.errors)
        rows.append([page, common.ms(med(r.first_wall)), common.ms(med(f.first_wall)), f"**{common.x(first)}**",
                     common.ms(med(r.repeat_wall)), common.ms(med(f.repeat_wall)), f"**{common.x(repeat)}**",
                     f"{common.ms(med(r.first_cpu))} / {common.ms(med(f.first_cpu))} ({common.x(cpu_first)})",
                     errors])
        ok = first <= TARGET and repeat <= TARGET and errors == 0
        targets.append(Target("1 rerun", f"{page}: rerun vs floor (first visit / repeat)", f"<= {TARGET}x",
                              f"{common.x(first)} / {common.x(repeat)}", ok))
        printed.append(f"rerun {page}: {common.x(first)} first visit, {common.x(repeat)} repeat (target <= {TARGET}x)")
    all_errors = [e for t in (*real.values(), *floor.values()) for e in t.errors]
    md = "\n\n".join([
        f"Median of {n} control changes per page and pass, one session at a time, each {SETTLE_S * 1000:.0f} ms "
        "after the previous run of its server (a request within ~40 ms of a run's end waits for that window, on "
        "any Streamlit app: see bench/rerun.py), client wall time from the "
        "rerun request to `script_finished` (loopback); CPU = the server process's CPU seconds per change "
        "(/proc). First visit = values this server had not shown yet (the Radar's caches miss); repeat = the "
        "same values again (its caches answer). Floor = bench/floor_app.py drawing the recorded text, figures and "
        "tables of the same states with the one control changed (not the Radar's other widgets: sidebar, "
        "export menus, which are part of what the Radar pays above it). The Radar runs without its background "
        "builds of likely next views (`RADAR_PREFETCH=0`): this part measures a page's own rerun; part 6 measures "
        "the product as deployed, with them.",
        common.table(["page", "Radar, first", "floor, first", "ratio", "Radar, repeat", "floor, repeat", "ratio",
                      "server CPU first, Radar / floor", "errors"], rows),
        ("Errors: " + "; ".join(sorted(set(all_errors))[:10])) if all_errors else "No errors.",
    ])
    return PartResult("rerun", "1. Rerun cost against the floor", md, targets, printed)

"""Part 4: 1, 10 and 50 concurrent sessions against one server process.

Each session is a real Streamlit session driven over the websocket (bench/wsclient.py): it opens the shared
link (the Overview, as fifty people do after a talk), then makes 10 control changes back to back (the sidebar
year, stepping back; session i starts i years further back, so sessions ask for different years at the same
moment), with no think time: a closed loop, harsher than people. All sessions start together. Each level gets
a fresh server; after a warm-up session (imports), the server's CPU seconds and resident memory are read
from /proc before the sessions connect and again once every session has finished but is still connected.

Reported: errors (exceptions, error elements, timeouts, closed connections; target 0), p50/p95 latency of a
change and of the first view, throughput (reruns per second), server CPU per rerun and per second, memory
per session. Baseline: the 1-session level of the same run (ratios of p50 and p95).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from bench import common
from bench.common import PartResult, Server, Target
from bench.plans import PLANS
from bench.wsclient import Session

RUN_TIMEOUT_S = 180.0
LEVEL_TIMEOUT_S = 900.0
PAGE = "overview"


@dataclass
class Level:
    sessions: int
    changes: int
    open_s: list[float] = field(default_factory=list)
    change_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    cpu_s: float = 0.0
    rss_before_kb: int = 0
    rss_after_kb: int = 0
    hwm_kb: int = 0

    @property
    def runs(self) -> int:
        return len(self.open_s) + len(self.change_s)


async def _user(server: Server, index: int, level: Level, finished: asyncio.Event, done: list[int]) -> None:
    plan = PLANS[PAGE]
    try:
        async with Session(server.ws, plan.page, run_timeout_s=RUN_TIMEOUT_S) as session:
            opened = await session.open()
            level.open_s.append(opened.seconds)
            level.errors += opened.errors
            widget = session.widgets[plan.key]
            values = plan.values(widget, level.changes + index)[index:]
            for value in values:
                run = await session.change(plan.key, value)
                level.change_s.append(run.seconds)
                level.errors += run.errors
            done.append(index)
            await finished.wait()  # stay connected until every session is through (memory is read then)
    except Exception as exc:  # a failed session is an error of the level, not of the benchmark
        level.errors.append(f"session {index}: {type(exc).__name__}: {exc}"[:300])
        done.append(index)


async def _level(server: Server, sessions: int, changes: int) -> Level:
    level = Level(sessions, changes)
    finished = asyncio.Event()
    done: list[int] = []
    level.rss_before_kb = common.memory_kb(server.pid)["VmRSS"]
    cpu0 = common.cpu_seconds(server.pid)
    start = time.perf_counter()
    tasks = [asyncio.create_task(_user(server, i, level, finished, done)) for i in range(sessions)]
    deadline = start + LEVEL_TIMEOUT_S
    while len(done) < sessions and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
    level.wall_s = time.perf_counter() - start
    level.cpu_s = common.cpu_seconds(server.pid) - cpu0
    mem = common.memory_kb(server.pid)
    level.rss_after_kb, level.hwm_kb = mem["VmRSS"], mem["VmHWM"]
    if len(done) < sessions:
        level.errors.append(f"{sessions - len(done)} sessions not finished within {LEVEL_TIMEOUT_S:.0f} s")
    finished.set()
    for task in tasks:
        if not task.done():
            task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return level


async def _warm_up(server: Server) -> None:
    async with Session(server.ws, PLANS[PAGE].page) as session:
        await session.open()


def run(quick: bool) -> PartResult:
    counts = [1, 5] if quick else [1, 10, 50]
    changes = 2 if quick else 10
    levels = []
    for count in counts:
        with common.streamlit_server(common.APP, name=f"concurrency-{count}") as server:
            asyncio.run(_warm_up(server))
            common.log(f"concurrency: {count} sessions x {changes} changes")
            levels.append(asyncio.run(_level(server, count, changes)))
    return report(levels)


def report(levels: list[Level]) -> PartResult:
    base = levels[0]
    p50_base, p95_base = common.median(base.change_s), common.percentile(base.change_s, 95)
    rows, targets, printed = [], [], []
    for lv in levels:
        p50, p95 = common.median(lv.change_s), common.percentile(lv.change_s, 95)
        # Each level has its own server: a session's memory is the growth over the 1-session level's server.
        extra = lv.sessions - base.sessions
        per_session = f"{(lv.rss_after_kb - base.rss_after_kb) / extra / 1024:.2f} MB" if extra else "(baseline)"
        rows.append([lv.sessions, lv.runs, len(lv.errors), common.ms(p50), common.ms(p95),
                     f"{common.x(common.ratio(p50, p50_base))} / {common.x(common.ratio(p95, p95_base))}",
                     f"{common.ms(common.median(lv.open_s))} / {common.ms(common.percentile(lv.open_s, 95))}",
                     f"{lv.runs / lv.wall_s:.1f}", common.ms(lv.cpu_s / max(lv.runs, 1)),
                     f"{lv.cpu_s / lv.wall_s:.2f}", common.mb(lv.rss_before_kb), common.mb(lv.rss_after_kb),
                     common.mb(lv.hwm_kb), per_session])
        targets.append(Target("4 concurrency", f"{lv.sessions} sessions x {lv.changes} changes: errors", "0",
                              str(len(lv.errors)), not lv.errors))
        printed.append(f"concurrency {lv.sessions}: errors {len(lv.errors)}, p50 {common.ms(p50)} "
                       f"({common.x(common.ratio(p50, p50_base))} of 1 session), p95 {common.ms(p95)} "
                       f"({common.x(common.ratio(p95, p95_base))}), {lv.runs / lv.wall_s:.1f} reruns/s")
    errors = [e for lv in levels for e in lv.errors]
    md = "\n\n".join([
        f"Page: {PAGE} (the shared link), control: the sidebar year. All sessions of a level start at once and "
        "change back to back (closed loop, no think time). Latency = request to `script_finished` as a client "
        "sees it. Ratios: p50 / p95 against the 1-session level of this run. CPU per rerun = the server "
        "process's CPU seconds over all runs of the level (first views included); CPU/s = cores kept busy "
        "(at most about 1: the scripts of one process share one interpreter lock). Memory: resident, before the "
        "sessions connected (after a warm-up session) and with every session still connected; per extra session "
        "= (RSS after at this level - RSS after at the 1-session level) / (sessions - 1).",
        common.table(["sessions", "runs", "errors", "change p50", "change p95", "ratio p50 / p95 vs 1",
                      "first view p50 / p95", "reruns/s", "CPU per rerun", "CPU/s", "RSS before", "RSS after",
                      "peak RSS", "memory per extra session"], rows),
        ("Errors: " + "; ".join(sorted(set(errors))[:10])) if errors else "No errors.",
    ])
    return PartResult("concurrency", "4. Concurrency: 1, 10 and 50 sessions on one server", md, targets, printed)

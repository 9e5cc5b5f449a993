"""Part 6: the event. N people open the presenter's shared link within 10 s, then each changes the year every 3-6 s
(random think time) a few times; one Streamlit process against `make serve` (one worker per core behind HAProxy,
scripts/serve.py), in the same run on the same machine, the two interleaved level by level.

Each person is a real session over the websocket (bench/wsclient.py), preceded by the page request a browser makes
first (GET /, which is where HAProxy sets the affinity cookie that the websocket then carries). First view = from
that request to the first run's `script_finished`; change = from the rerun request to its `script_finished`
(the JavaScript bundles a real browser also downloads are not counted: they are static files, see part 2). Each
level gets a fresh server, warmed by one session per process (the presenter opened the link before the talk).

    python -m bench event                       # N = 50, 100, 200 (about 20-30 minutes on 2 cores)
    python -m bench event --sessions 100        # one level
    python -m bench event --quick               # N = 10: a check that everything runs
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs

from bench import common
from bench.common import PartResult, Target
from bench.wsclient import Session
from scripts import serve

SESSIONS = (50, 100, 200)
QUICK_SESSIONS = (10,)
CHANGES = 3  # year changes per person
ARRIVAL_S = 10.0  # everybody opens the link within this window
THINK_S = (3.0, 6.0)  # time between two changes of one person
RUN_TIMEOUT_S = 300.0
LEVEL_TIMEOUT_S = 1500.0
YEAR = "w_y"
MODES = ("one process", "make serve")
# Targets of the issue, for make serve on this 2-core machine.
TARGET_ERRORS_AT, TARGET_P95_AT = 200, 100
TARGET_CHANGE_P95_S, TARGET_FIRST_P95_S = 1.5, 5.0


@dataclass
class Endpoint:
    """Where the sessions connect, and the server processes whose CPU and memory are read."""

    http: str
    ws: str
    pids: list[int]
    processes: int
    stats_socket: Path | None = None


@dataclass
class Level:
    mode: str
    sessions: int
    processes: int = 1
    first_s: list[float] = field(default_factory=list)
    change_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    wall_s: float = 0.0
    server_cpu_s: float = 0.0
    client_cpu_s: float = 0.0
    rss_before_kb: int = 0
    rss_after_kb: int = 0
    spread: str = ""
    load: str = ""  # the machine's 1-minute load average at the start and the end of the level

    @property
    def runs(self) -> int:
        return len(self.first_s) + len(self.change_s)


# ---- the servers ---------------------------------------------------------------------------------------------

@contextlib.contextmanager
def one_process(name: str) -> Iterator[Endpoint]:
    with common.streamlit_server(common.APP, name=name) as server:
        yield Endpoint(server.http, server.ws, [server.pid], 1)


@contextlib.contextmanager
def served(name: str, workers: int) -> Iterator[Endpoint]:
    """`make serve` (scripts/serve.py) with `workers` workers on a free loopback port, stopped with SIGTERM."""
    run_dir = common.RESULTS_DIR / f"serve-{name}"
    port = common.free_port()
    out_path = run_dir.with_suffix(".log")
    common.RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    with open(out_path, "w", encoding="utf-8") as out:
        proc = subprocess.Popen([sys.executable, "-m", "scripts.serve", "--workers", str(workers), "--port",
                                 str(port), "--address", "127.0.0.1", "--run-dir", str(run_dir)],
                                cwd=common.ROOT, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 240
        while "serve: ready" not in out_path.read_text(encoding="utf-8"):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"make serve did not come up; see {out_path}")
            time.sleep(0.5)
        ctl = [serve.tool("supervisorctl"), "-c", str(run_dir / "supervisord.conf"), "pid"]
        names = [line.split()[0] for line in (run_dir / "workers.txt").read_text().splitlines()]
        pids = [int(subprocess.run([*ctl, n], capture_output=True, text=True).stdout) for n in (*names, "haproxy")]
        yield Endpoint(f"http://127.0.0.1:{port}", f"ws://127.0.0.1:{port}/_stcore/stream", pids, workers,
                      run_dir / "haproxy.sock")
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()


def _worker_ws(target: Endpoint) -> list[str]:
    """The websocket of each Streamlit process itself (for the warm-up), bypassing the proxy."""
    if target.stats_socket is None:
        return [target.ws]
    ports = [line.split()[1] for line in (target.stats_socket.parent / "workers.txt").read_text().splitlines()]
    return [f"ws://127.0.0.1:{p}/_stcore/stream" for p in ports]


# ---- the people ----------------------------------------------------------------------------------------------

async def _page_request(http: str) -> str | None:
    """GET / as a browser does first; the affinity cookie HAProxy sets (None without a proxy)."""
    host, port = http.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        writer.write(f"GET / HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
        await writer.drain()
        data = await reader.read()
    finally:
        writer.close()
        with contextlib.suppress(Exception):
            await writer.wait_closed()
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1").split("\r\n")
    if not head[0].startswith("HTTP/1.1 200"):
        raise RuntimeError(f"page request answered {head[0]!r}")
    for line in head[1:]:
        name, _, value = line.partition(":")
        if name.strip().lower() == "set-cookie":
            return value.strip().split(";")[0]
    return None


async def _person(target: Endpoint, link: str, index: int, level: Level, finished: asyncio.Event,
                  done: list[int]) -> None:
    rng = random.Random(index)
    try:
        await asyncio.sleep(rng.uniform(0, ARRIVAL_S))
        start = time.perf_counter()
        cookie = await _page_request(target.http)
        headers = {"Cookie": cookie} if cookie else None
        async with Session(target.ws, "", query_string=link, headers=headers, run_timeout_s=RUN_TIMEOUT_S) as session:
            opened = await session.open()
            level.first_s.append(time.perf_counter() - start)
            level.errors += opened.errors
            shown = parse_qs(link)["y"][0]  # the year on screen: the link's, then each one this person chose
            for _ in range(CHANGES):
                await asyncio.sleep(rng.uniform(*THINK_S))
                year = rng.choice([o for o in session.widgets[YEAR].options if o != shown])
                run = await session.change(YEAR, year)
                shown = year
                level.change_s.append(run.seconds)
                level.errors += run.errors
            done.append(index)
            await finished.wait()  # stay connected until everybody is through (memory is read then)
    except Exception as exc:  # a failed person is an error of the level, not of the benchmark
        level.errors.append(f"session {index}: {type(exc).__name__}: {exc}"[:300])
        done.append(index)


def _alive(pids: list[int]) -> list[int]:
    """The server processes still running (a worker that died and was restarted has a new pid: not counted)."""
    return [p for p in pids if Path(f"/proc/{p}").exists()]


def _rss_kb(pids: list[int]) -> int:
    return sum(common.memory_kb(p)["VmRSS"] for p in _alive(pids))


def _cpu_s(pids: list[int]) -> float:
    return sum(common.cpu_seconds(p) for p in _alive(pids))


async def _level(target: Endpoint, link: str, mode: str, sessions: int) -> Level:
    level = Level(mode, sessions, target.processes)
    finished, done = asyncio.Event(), []
    level.rss_before_kb = _rss_kb(target.pids)
    load0 = common.load_average()
    cpu0, client0 = _cpu_s(target.pids), common.cpu_seconds()
    start = time.perf_counter()
    tasks = [asyncio.create_task(_person(target, link, i, level, finished, done)) for i in range(sessions)]
    deadline = start + LEVEL_TIMEOUT_S
    while len(done) < sessions and time.perf_counter() < deadline:
        await asyncio.sleep(0.1)
    level.wall_s = time.perf_counter() - start
    level.server_cpu_s = _cpu_s(target.pids) - cpu0
    level.client_cpu_s = common.cpu_seconds() - client0
    level.rss_after_kb = _rss_kb(target.pids)
    level.load = f"{load0} -> {common.load_average()}"
    if target.stats_socket is not None:
        with contextlib.suppress(OSError):
            counts = [r["scur"] for r in serve.haproxy_stats(target.stats_socket)
                      if r["pxname"] == "streamlit" and r["svname"] not in ("FRONTEND", "BACKEND")]
            level.spread = " / ".join(counts)
    if len(done) < sessions:
        level.errors.append(f"{sessions - len(done)} sessions not finished within {LEVEL_TIMEOUT_S:.0f} s")
    finished.set()
    for task in tasks:
        if not task.done():
            task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    return level


async def _warm_up(target: Endpoint) -> str:
    """Open the overview once per process; return the shared link (the overview one year back)."""
    link = ""
    for ws in _worker_ws(target):
        async with Session(ws, "", query_string=link, run_timeout_s=RUN_TIMEOUT_S) as session:
            await session.open()
            if not link:
                link = f"y={session.widgets[YEAR].options[-2]}"
                await session.change(YEAR, session.widgets[YEAR].options[-2])
    return link


def _interrupt(_signum: int, _frame: object) -> None:
    raise KeyboardInterrupt  # so that SIGTERM, too, stops the servers this part started


def run(quick: bool, sessions: list[int] | None = None) -> PartResult:
    signal.signal(signal.SIGTERM, _interrupt)
    counts = list(sessions or (QUICK_SESSIONS if quick else SESSIONS))
    workers = os.cpu_count() or 1
    levels = []
    for count in counts:
        for mode in MODES:
            name = f"event-{count}-{'one' if mode == 'one process' else 'serve'}"
            with one_process(name) if mode == "one process" else served(name, workers) as target:
                link = asyncio.run(_warm_up(target))
                levels.append(_run_level(target, link, mode, count))
        if count == TARGET_P95_AT:  # also as an independent client meets it: `make serve` just up, nobody first
            with served(f"event-{count}-cold", workers) as target:
                levels.append(_run_level(target, _cold_link(), COLD, count))
    return report(levels, workers)


COLD = "make serve, cold"


def _cold_link() -> str:
    """The link the warm-up would share (the overview one year back), read from the warehouse, not a session."""
    from radar import analysis, settings
    from radar.store import Store

    store = Store(settings.WAREHOUSE_DIR)
    try:
        return f"y={analysis.framework_years(store, settings.DEFAULT_FRAMEWORK)[-2]}"
    finally:
        store.close()


def _run_level(target: Endpoint, link: str, mode: str, count: int) -> Level:
    common.log(f"event: {mode}, {count} sessions open ?{link} within {ARRIVAL_S:.0f} s, then "
               f"{CHANGES} year changes each")
    level = asyncio.run(_level(target, link, mode, count))
    common.log(f"event: {mode}, {count}: {_line(level)}")
    return level


def _line(lv: Level) -> str:
    return (f"errors {len(lv.errors)}, first view p50/p95 {common.ms(common.median(lv.first_s))} / "
            f"{common.ms(common.percentile(lv.first_s, 95))}, change p50/p95 {common.ms(common.median(lv.change_s))}"
            f" / {common.ms(common.percentile(lv.change_s, 95))}, {lv.runs / lv.wall_s:.1f} reruns/s")


def _targets(levels: list[Level]) -> list[Target]:
    served_levels = {lv.sessions: lv for lv in levels if lv.mode == "make serve"}
    cold = {lv.sessions: lv for lv in levels if lv.mode == COLD}
    targets = []
    at = served_levels.get(TARGET_ERRORS_AT)
    targets.append(Target("6 event", f"make serve, {TARGET_ERRORS_AT} sessions: errors", "0",
                          str(len(at.errors)) if at else "not measured in this run", not at.errors if at else None))
    at = served_levels.get(TARGET_P95_AT)
    for what, values, limit in (("change p95", "change_s", TARGET_CHANGE_P95_S),
                                ("first view p95", "first_s", TARGET_FIRST_P95_S)):
        p95 = common.percentile(getattr(at, values), 95) if at else float("nan")
        targets.append(Target("6 event", f"make serve, {TARGET_P95_AT} sessions: {what}", f"<= {limit:g} s",
                              common.ms(p95) if at else "not measured in this run", p95 <= limit if at else None))
    at = cold.get(TARGET_P95_AT)
    if at:
        for what, values, limit in (("change p95", "change_s", TARGET_CHANGE_P95_S),
                                    ("first view p95", "first_s", TARGET_FIRST_P95_S)):
            p95 = common.percentile(getattr(at, values), 95)
            targets.append(Target("6 event", f"{COLD}, {TARGET_P95_AT} sessions: {what}", f"<= {limit:g} s",
                                  common.ms(p95), p95 <= limit))
    return targets


def report(levels: list[Level], workers: int) -> PartResult:
    rows = []
    for lv in levels:
        p95_first, p95_change = common.percentile(lv.first_s, 95), common.percentile(lv.change_s, 95)
        rows.append([lv.sessions, f"{lv.mode} ({lv.processes} process{'es' if lv.processes > 1 else ''})",
                     lv.runs, len(lv.errors),
                     f"{common.ms(common.median(lv.first_s))} / {common.ms(p95_first)}",
                     f"{common.ms(common.median(lv.change_s))} / {common.ms(p95_change)}",
                     f"{lv.runs / lv.wall_s:.1f}", f"{lv.server_cpu_s / lv.wall_s:.2f}",
                     common.ms(lv.server_cpu_s / max(lv.runs, 1)), f"{lv.server_cpu_s / lv.sessions:.2f} s",
                     f"{(lv.rss_after_kb - lv.rss_before_kb) / lv.sessions / 1024:.2f} MB",
                     common.mb(lv.rss_after_kb), f"{lv.client_cpu_s / lv.wall_s:.2f}", lv.spread or "-",
                     lv.load])
    errors = sorted({e for lv in levels for e in lv.errors})
    md = "\n\n".join([
        f"N people open the same shared link (the overview, one year back) at random moments within "
        f"{ARRIVAL_S:.0f} s, then each changes the sidebar year {CHANGES} times, waiting {THINK_S[0]:g}-"
        f"{THINK_S[1]:g} s (random) before each change. **one process** = `streamlit run` as `make run` starts it "
        f"(without file watcher); **make serve** = scripts/serve.py with {workers} workers (one per core) behind "
        "HAProxy, sessions spread by HAProxy (leastconn, cookie affinity). Both on this machine in the same run, "
        "alternating level by level, each level on a fresh server warmed by one session per process (the presenter "
        f"opened the link before the talk); **{COLD}** (at N = {TARGET_P95_AT}) = a fresh `make serve` that no person "
        "opened before the room (it opens the overview and Compare once on each worker itself before `serve: "
        "ready`, scripts/warm_workers.py), as an independent load client meets it right after `serve: ready`. "
        "First view = "
        "page request (GET /) + websocket + first run until `script_finished`; change = rerun request until "
        "`script_finished`. Reruns/s = runs / wall time of the level (arrivals and think time included); CPU = all "
        "server processes (workers and HAProxy; /proc) over the level; cores busy = server CPU seconds / wall "
        "seconds; CPU per run = server CPU seconds / runs (first views included); memory per session = (resident "
        "after - before, all server processes) / N; client cores = the load client's own CPU (it shares the "
        "machine). Sessions per worker: HAProxy's open sessions per worker at the end. Machine load: the 1-minute "
        "load average at the start and the end of the level (above 2 on 2 cores, other work competed).",
        common.table(["N", "server", "runs", "errors", "first view p50 / p95", "change p50 / p95", "reruns/s",
                      "cores busy", "CPU per run", "CPU per session", "memory per session", "resident after",
                      "client cores", "sessions per worker", "machine load"], rows),
        ("Errors: " + "; ".join(errors[:10])) if errors else "No errors.",
    ])
    printed = [f"event {lv.mode}, {lv.sessions}: {_line(lv)}" for lv in levels]
    return PartResult("event", "6. The event: N people open the shared link, one process vs make serve", md,
                      _targets(levels), printed)

"""`make serve` on this machine: real HAProxy and supervisord from Debian, two real Streamlit workers, 127.0.0.1 only.

The sessions are driven over the websocket as a browser does (bench/wsclient.py), with the affinity cookie a
browser keeps from its first request. Which worker holds a session is read from HAProxy itself (its stats
socket: current sessions per server) and from the cookie it sets. One server for the module; the last test
stops it with SIGTERM. Bounded: every wait has a deadline, and the fixture stops whatever is left.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest
from _deploytools import need_tool

from bench.wsclient import Session, SessionError
from scripts import serve

ROOT = Path(__file__).resolve().parents[2]
WORKERS = ("worker_1", "worker_2")
START_TIMEOUT_S = 150
YEAR = "w_y"  # the sidebar year, bound to `y` in the link


@dataclass
class Served:
    proc: subprocess.Popen
    port: int
    run_dir: Path
    output: Path

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}/_stcore/stream"

    @property
    def stats_socket(self) -> Path:
        return self.run_dir / "haproxy.sock"

    def supervisorctl(self, *args: str) -> str:
        return subprocess.run([need_tool("supervisorctl"), "-c", str(self.run_dir / "supervisord.conf"), *args],
                              capture_output=True, text=True, timeout=20).stdout.strip()

    def pid(self, program: str) -> int:
        text = self.supervisorctl("pid", program)
        return int(text) if text.isdigit() else 0

    def sessions_per_worker(self) -> dict[str, int]:
        return {row["svname"]: int(row["scur"]) for row in serve.haproxy_stats(self.stats_socket)
                if row["svname"] in WORKERS}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _command(port: int, run_dir: Path, workers: int = 2) -> list[str]:
    return [sys.executable, "-m", "scripts.serve", "--workers", str(workers), "--port", str(port),
            "--address", "127.0.0.1", "--run-dir", str(run_dir), "--ready-timeout", str(START_TIMEOUT_S - 10)]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Served:
    need_tool("haproxy")
    need_tool("supervisord")
    run_dir = tmp_path_factory.mktemp("serve")
    output = run_dir / "serve.out"
    port = _free_port()
    with open(output, "w", encoding="utf-8") as out:
        # As deployed: with the background builds of likely next views (the test process switches them off)
        proc = subprocess.Popen(_command(port, run_dir), cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, "RADAR_PREFETCH": "1"})
    server = Served(proc, port, run_dir, output)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while "serve: ready" not in output.read_text(encoding="utf-8"):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"make serve did not come up:\n{output.read_text(encoding='utf-8')[-3000:]}")
            time.sleep(0.5)
        yield server
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()


def _affinity_cookie(port: int) -> str:
    """What a browser's first request (the page) gets from HAProxy: `RADAR_WORKER=<worker>`."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as resp:
        resp.read()
        return resp.headers["Set-Cookie"].split(";")[0]


def _worker_of(set_cookie: str | None) -> str | None:
    return set_cookie.split(";")[0].split("=", 1)[1] if set_cookie else None


def test_sessions_spread_over_the_workers_and_stay_on_theirs_across_reruns(served: Served) -> None:
    cookies = [_affinity_cookie(served.port) for _ in range(4)]
    assigned = Counter(c.split("=", 1)[1] for c in cookies)
    assert set(assigned) == set(WORKERS), f"4 new visitors went to {dict(assigned)}"

    async def visit(cookie: str, ready: asyncio.Barrier, done: asyncio.Event) -> list[str]:
        async with Session(served.ws, headers={"Cookie": cookie}, run_timeout_s=90) as session:
            reassigned = session.response_headers.get("Set-Cookie")  # set only when HAProxy chose another worker
            runs = [await session.open()]
            options = session.widgets[YEAR].options
            for year in (options[-2], options[-3]):  # two reruns on the same worker
                runs.append(await session.change(YEAR, year))
            await ready.wait()  # every session is open and has rerun: now read HAProxy's counts
            await done.wait()
            return [e for run in runs for e in run.errors] + ([f"moved: {reassigned}"] if reassigned else [])

    async def main() -> tuple[dict[str, int], list[list[str]]]:
        ready, done = asyncio.Barrier(len(cookies) + 1), asyncio.Event()
        tasks = [asyncio.create_task(visit(c, ready, done)) for c in cookies]
        try:
            await asyncio.wait_for(ready.wait(), timeout=120)
            counts = served.sessions_per_worker()
        finally:
            done.set()
        return counts, await asyncio.gather(*tasks)

    counts, errors = asyncio.run(main())
    assert errors == [[]] * len(cookies)
    # Each open session is a websocket held by the worker its cookie names, after its reruns.
    assert counts == {w: assigned[w] for w in WORKERS}


def test_a_killed_worker_s_session_reopens_on_another_which_rebuilds_the_view_then_it_is_restarted(
        served: Served) -> None:
    victim, other = WORKERS
    cookie = f"RADAR_WORKER={victim}"

    async def before_and_after() -> tuple[str, str, str | None, list[str], list[str], str]:
        async with Session(served.ws, headers={"Cookie": cookie}, run_timeout_s=90) as session:
            await session.open()
            year = session.widgets[YEAR].options[-3]
            await session.change(YEAR, year)
            link = session.query_string
            assert served.sessions_per_worker()[victim] == 1
            os.kill(served.pid(victim), signal.SIGKILL)
            with pytest.raises(SessionError):  # the browser sees its connection drop
                await session.change(YEAR, session.widgets[YEAR].options[-2])
        # The browser reconnects with the same link and the same cookie.
        async with Session(served.ws, query_string=link, headers={"Cookie": cookie}, run_timeout_s=90) as again:
            moved_to = _worker_of(again.response_headers.get("Set-Cookie"))
            run = await again.open()
            return year, link, moved_to, run.errors, again.widgets[YEAR].value, again.query_string

    killed = served.pid(victim)
    assert killed > 0
    year, link, moved_to, errors, shown, link_after = asyncio.run(before_and_after())
    assert f"y={year}" in link
    assert moved_to == other
    assert errors == []
    assert shown == [year]  # the view was rebuilt from the link on the other worker
    assert link_after == link

    # supervisord starts the killed worker again; HAProxy takes it back once it answers its health checks.
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        restarted = served.pid(victim)
        states = serve.worker_states(served.stats_socket)
        if restarted not in (0, killed) and states.get(victim) == "UP":
            break
        time.sleep(1)
    else:
        pytest.fail(f"{victim} not back: pid {served.pid(victim)}, HAProxy {serve.worker_states(served.stats_socket)}")
    assert not Path(f"/proc/{killed}").exists()


def test_sigterm_stops_everything_it_started(served: Served) -> None:
    pids = {name: served.pid(name) for name in (*WORKERS, "haproxy")}
    pids["supervisord"] = int((served.run_dir / "supervisord.pid").read_text().strip())
    assert all(pids.values()), pids
    served.proc.send_signal(signal.SIGTERM)
    assert served.proc.wait(timeout=60) == 0
    left = {name: pid for name, pid in pids.items() if Path(f"/proc/{pid}").exists()}
    assert left == {}, f"still running after SIGTERM: {left}"
    serve.check_port_free("127.0.0.1", served.port)  # raises if anything still listens on the port
    assert "serve: stopped" in served.output.read_text(encoding="utf-8")


def test_a_port_in_use_gives_a_clear_message_and_starts_nothing(tmp_path: Path) -> None:
    need_tool("haproxy")
    need_tool("supervisord")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(_command(port, tmp_path / "run"), cwd=ROOT, capture_output=True, text=True,
                                timeout=60)
    assert result.returncode == 2
    assert f"Port {port} is already in use" in result.stderr
    assert f"PORT={port + 1}" in result.stderr
    assert not (tmp_path / "run" / "supervisord.pid").exists()


def test_every_worker_opens_the_first_pages_before_serve_says_ready(served: Served) -> None:
    """`make serve` warms each worker by opening the overview and Compare once on it (scripts/warm_workers.py):
    a run that ends in `script_finished` on every worker, or the failure is printed."""
    text = served.output.read_text(encoding="utf-8")
    assert "could not warm" not in text, text[-2000:]
    warmed = text.index(" workers warmed in ")
    assert warmed < text.index("serve: ready")
    time.sleep(3)  # the background builds the warm-up started run meanwhile: none of them fails
    for worker in WORKERS:
        log = (served.run_dir / f"{worker}.log").read_text(encoding="utf-8")
        assert "prefetch of" not in log and "Traceback" not in log, log[-2000:]

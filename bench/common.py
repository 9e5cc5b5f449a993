"""Shared helpers of the benchmarks: paths, a Streamlit server started and stopped per measurement, /proc
readings (CPU seconds, resident memory), statistics and Markdown tables."""

from __future__ import annotations

import contextlib
import math
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
RESULTS_DIR = BENCH_DIR / "results"  # scratch: recordings, synthetic warehouses, logs (git-ignored)
APP = ROOT / "app.py"
FLOOR_APP = BENCH_DIR / "floor_app.py"
FLOOR_DIR_ENV = "BENCH_FLOOR_DIR"  # the floor app reads its pickled recordings from this folder
PAGES = ("overview", "compare", "change", "country", "data", "methodology")
CLK_TCK = os.sysconf("SC_CLK_TCK")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


# -- a Streamlit server per measurement --------------------------------------------------------------
def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class Server:
    """A running `streamlit run` process on the loopback interface."""

    pid: int
    port: int
    log_file: Path

    @property
    def http(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ws(self) -> str:
        return f"ws://127.0.0.1:{self.port}/_stcore/stream"


@contextlib.contextmanager
def streamlit_server(script: Path, *, name: str, env: dict[str, str] | None = None,
                     extra_args: Sequence[str] = (), start_timeout_s: float = 60.0) -> Iterator[Server]:
    """Start `streamlit run script` headless, without a file watcher, on a free loopback port; stop it on exit.

    The working directory is the project root, so both the app and the floor app read .streamlit/config.toml.
    """
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log_file = RESULTS_DIR / f"server-{name}.log"
    cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
           "--server.fileWatcherType", "none", "--server.port", str(port), "--server.address", "127.0.0.1",
           "--browser.gatherUsageStats", "false", *extra_args]
    with open(log_file, "w", encoding="utf-8") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                env={**os.environ, **(env or {})}, start_new_session=True)
    server = Server(proc.pid, port, log_file)
    try:
        _wait_healthy(server, proc, start_timeout_s)
        yield server
    finally:
        _stop(proc)


def _wait_healthy(server: Server, proc: subprocess.Popen, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}; see {server.log_file}")
        with contextlib.suppress(OSError), urllib.request.urlopen(f"{server.http}/_stcore/health", timeout=2) as resp:
            if resp.read().strip() == b"ok":
                return
        time.sleep(0.2)
    raise TimeoutError(f"server not healthy after {timeout_s} s; see {server.log_file}")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


# -- /proc readings ------------------------------------------------------------------------------------
def cpu_seconds(pid: int | str = "self") -> float:
    """User + system CPU seconds of a process so far (/proc/<pid>/stat fields 14 and 15)."""
    text = Path(f"/proc/{pid}/stat").read_text()
    fields = text[text.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def memory_kb(pid: int | str = "self") -> dict[str, int]:
    """VmRSS (resident now) and VmHWM (peak resident) of a process, in kB (/proc/<pid>/status)."""
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            out[key] = int(rest.split()[0])
    return out


# -- the machine ---------------------------------------------------------------------------------------
def machine() -> dict[str, str]:
    """What the numbers were measured on."""
    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    model = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    versions = []
    for module in ("streamlit", "duckdb", "pandas", "pyarrow", "plotly"):
        with contextlib.suppress(ImportError):
            versions.append(f"{module} {__import__(module).__version__}")
    return {
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
        "nproc": str(os.cpu_count()),
        "ram": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "cpu": model or platform.processor(),
        "python": platform.python_version(),
        "versions": ", ".join(versions),
    }


# -- statistics and formatting -------------------------------------------------------------------------
def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def ratio(value: float, baseline: float) -> float:
    return value / baseline if baseline and not math.isnan(baseline) else math.nan


def ms(seconds: float) -> str:
    return "n/a" if math.isnan(seconds) else f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def x(value: float) -> str:
    return "n/a" if math.isnan(value) else f"{value:.2f}x"


def kb(n_bytes: float) -> str:
    return f"{n_bytes / 1024:.1f} KB"


def mb(n_kb: float) -> str:
    return f"{n_kb / 1024:.0f} MB"


def passfail(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


@dataclass
class Target:
    """One target of the issue and whether this run met it."""

    part: str
    what: str
    target: str
    measured: str
    ok: bool | None

    def row(self) -> list[str]:
        return [self.part, self.what, self.target, self.measured, passfail(self.ok)]


@dataclass
class PartResult:
    """What a part hands to the report: its Markdown section, its targets and the ratios to print."""

    name: str
    title: str
    markdown: str
    targets: list[Target]
    printed: list[str]
    seconds: float = 0.0
    load: str = ""  # the machine's load average when the part started and ended (other work skews the numbers)


def load_average() -> str:
    return f"{os.getloadavg()[0]:.1f}"

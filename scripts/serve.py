"""`make serve`: the Radar for an event or a deployment on one machine, in the foreground.

One Streamlit process per core (a process uses one core: its scripts share one interpreter lock) on loopback
ports, HAProxy from Debian in front of them on PORT (cookie affinity, websocket upgrade, health checks on
/_stcore/health, long tunnel timeouts: deploy/haproxy.cfg.in), and Debian's supervisor keeping every process
alive (deploy/supervisord.conf.in). This script writes both configurations to its run folder, runs
`supervisord -n` as its child, says when every worker is up, and on Ctrl-C or SIGTERM stops supervisord, which
stops everything it started; if this script is killed outright, the kernel sends supervisord SIGTERM.

    python -m scripts.serve [--workers N] [--port 8501] [--address 0.0.0.0] [--run-dir DIR]
    python -m scripts.serve --render-compose      # prints deploy/compose/haproxy.cfg
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import errno
import os
import resource
import secrets
import shlex
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from scripts import warm_workers

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
HAPROXY_TEMPLATE = DEPLOY / "haproxy.cfg.in"
SUPERVISOR_TEMPLATE = DEPLOY / "supervisord.conf.in"
COMPOSE_HAPROXY = DEPLOY / "compose" / "haproxy.cfg"
COOKIE = "RADAR_WORKER"
# Every worker signs Streamlit's cookies (XSRF, editors' login) with the same secret, so that a session moved to
# another worker keeps working. Taken from the environment when set (a deployment), else made per start.
COOKIE_SECRET_ENV = "STREAMLIT_SERVER_COOKIE_SECRET"
STOP_WAIT_S = 10  # supervisord's stopwaitsecs: SIGTERM, then SIGKILL after this long
# The replicas of deploy/compose.yaml as HAProxy finds them: Docker's DNS, up to this many (scale below it).
COMPOSE_SERVICE, COMPOSE_PORT, COMPOSE_MAX_REPLICAS = "radar", 8501, 16
MAX_CONNECTIONS = 2000  # HAProxy's maxconn: 2,000 browser tabs (each holds one websocket)


class ServeError(RuntimeError):
    """Something this machine lacks or already uses: the message says what to do."""


@dataclass(frozen=True)
class Worker:
    name: str
    port: int


# ---- the configurations ----------------------------------------------------------------------------------------

def streamlit_command(port: int, address: str = "127.0.0.1", python: str = sys.executable) -> list[str]:
    """The command line of one worker: headless, no file watcher (the code does not change under a server)."""
    return [python, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless=true",
            "--server.fileWatcherType=none", f"--server.address={address}", f"--server.port={port}",
            "--browser.gatherUsageStats=false"]


def haproxy_config(*, bind: str, servers: str, stats_socket: str, cookie_options: str = "",
                   extra_sections: str = "", maxconn: int = MAX_CONNECTIONS) -> str:
    return string.Template(HAPROXY_TEMPLATE.read_text(encoding="utf-8")).substitute(
        bind=bind, servers=servers, stats_socket=stats_socket, cookie_options=cookie_options,
        extra_sections=extra_sections, maxconn=maxconn)


def affordable_connections() -> int:
    """MAX_CONNECTIONS, or fewer where this machine's hard open-file limit could not hold two descriptors each
    (HAProxy refuses to start when it cannot raise its limit that far)."""
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    if hard == resource.RLIM_INFINITY:
        return MAX_CONNECTIONS
    return max(100, min(MAX_CONNECTIONS, (hard - 100) // 2))


def local_haproxy_config(workers: list[Worker], address: str, port: int, run_dir: Path) -> str:
    """HAProxy for `make serve`: one server line per worker, the cookie value is the worker's name."""
    servers = "\n".join(f"    server {w.name} 127.0.0.1:{w.port} check cookie {w.name}" for w in workers)
    return haproxy_config(bind=f"{address}:{port}", servers=servers, stats_socket=str(run_dir / "haproxy.sock"),
                          maxconn=affordable_connections())


def compose_haproxy_config() -> str:
    """HAProxy for deploy/compose.yaml: the replicas come and go in Docker's DNS, so the cookie is derived from
    each replica's address (`dynamic`) instead of a fixed server name."""
    resolvers = ("resolvers docker\n    nameserver dns 127.0.0.11:53\n    hold valid 5s\n"
                 "    accepted_payload_size 8192\n")
    servers = (f"    dynamic-cookie-key radar-replicas\n"
               f"    server-template {COMPOSE_SERVICE} 1-{COMPOSE_MAX_REPLICAS} {COMPOSE_SERVICE}:{COMPOSE_PORT} "
               f"check resolvers docker init-addr none")
    header = "# Rendered from deploy/haproxy.cfg.in by `python -m scripts.serve --render-compose`: edit the template.\n"
    return header + haproxy_config(bind=":8080", servers=servers, stats_socket="/tmp/haproxy.sock",
                                   cookie_options=" dynamic", extra_sections="\n" + resolvers)


def _supervisor_value(args: list[str]) -> str:
    """A command line for supervisord: shell-quoted, and `%` doubled (supervisord expands %(name)s)."""
    return shlex.join(args).replace("%", "%%")


def _program(name: str, command: list[str], run_dir: Path, priority: int) -> str:
    return "\n".join([
        f"[program:{name}]",
        f"command={_supervisor_value(command)}",
        f"directory={ROOT}",
        "autostart=true",
        "autorestart=true",  # a worker that dies is started again at once
        "startsecs=3",
        "startretries=10",
        "stopsignal=TERM",
        f"stopwaitsecs={STOP_WAIT_S}",
        "stopasgroup=true",
        "killasgroup=true",
        "redirect_stderr=true",
        f"stdout_logfile={run_dir / (name + '.log')}",
        "stdout_logfile_maxbytes=10MB",
        "stdout_logfile_backups=2",
        f"priority={priority}",
        "",
    ])


def supervisor_config(workers: list[Worker], run_dir: Path, haproxy: str) -> str:
    programs = [_program(w.name, streamlit_command(w.port), run_dir, 100) for w in workers]
    programs.append(_program("haproxy", [haproxy, "-db", "-f", str(run_dir / "haproxy.cfg")], run_dir, 200))
    return string.Template(SUPERVISOR_TEMPLATE.read_text(encoding="utf-8")).substitute(
        run_dir=str(run_dir), programs="\n".join(programs))


# ---- this machine ----------------------------------------------------------------------------------------------

def tool(name: str) -> str:
    """The path of a Debian tool this needs (also looked up in the sbin folders, which a user's PATH may lack)."""
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/local/sbin:/sbin")
    if not found:
        raise ServeError(f"{name} is missing: run `sudo scripts/ensure-serve-tools` (installs Debian's haproxy "
                         "and supervisor), then `make serve` again.")
    return found


def check_port_free(address: str, port: int) -> None:
    """Raise ServeError with a clear message when HAProxy could not listen on (address, port)."""
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as HAProxy does: TIME_WAIT is no conflict
        try:
            sock.bind((address, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise ServeError(f"Port {port} is already in use on {address} (another `make run` or `make serve`?)."
                                 f" Stop it, or choose another port: make serve PORT={port + 1}") from exc
            if exc.errno == errno.EACCES:
                raise ServeError(f"Port {port} needs root on this machine; choose one above 1023: "
                                 "make serve PORT=8501") from exc
            raise ServeError(f"Cannot listen on {address}:{port}: {exc.strerror}") from exc


def free_loopback_ports(count: int) -> list[int]:
    """`count` distinct free ports on 127.0.0.1 for the workers (held together so that they differ)."""
    socks = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            socks.append(sock)
        return [s.getsockname()[1] for s in socks]
    finally:
        for sock in socks:
            sock.close()


def health(url: str, timeout_s: float = 2.0) -> bool:
    with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=timeout_s) as resp:
        return resp.read().strip() == b"ok"
    return False


def haproxy_stats(stats_socket: Path) -> list[dict[str, str]]:
    """HAProxy's `show stat` (one row per frontend, server and backend) read from its stats socket."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(5)
        sock.connect(str(stats_socket))
        sock.sendall(b"show stat\n")
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    lines = b"".join(chunks).decode().strip().splitlines()
    header = lines[0].lstrip("# ").split(",")
    return [dict(zip(header, line.split(","))) for line in lines[1:] if line]


def worker_states(stats_socket: Path) -> dict[str, str]:
    """Each worker's state as HAProxy sees it ("UP", "DOWN", ...), by worker name."""
    return {row["svname"]: row["status"] for row in haproxy_stats(stats_socket)
            if row["pxname"] == "streamlit" and row["svname"] not in ("FRONTEND", "BACKEND")}


def _die_with_parent() -> None:
    """In supervisord's child: if this script is killed outright, the kernel sends supervisord SIGTERM."""
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


# ---- running ---------------------------------------------------------------------------------------------------

def prepare(workers: int, address: str, port: int, run_dir: Path) -> list[Worker]:
    """Check the machine, write both configurations to `run_dir`, and return the workers they name."""
    if workers < 1:
        raise ServeError("WORKERS must be at least 1")
    check_port_free(address, port)
    haproxy = tool("haproxy")
    tool("supervisord")
    run_dir.mkdir(parents=True, exist_ok=True)
    for stale in ("supervisor.sock", "haproxy.sock"):
        (run_dir / stale).unlink(missing_ok=True)
    pool = [Worker(f"worker_{i + 1}", p) for i, p in enumerate(free_loopback_ports(workers))]
    (run_dir / "haproxy.cfg").write_text(local_haproxy_config(pool, address, port, run_dir), encoding="utf-8")
    (run_dir / "supervisord.conf").write_text(supervisor_config(pool, run_dir, haproxy), encoding="utf-8")
    (run_dir / "workers.txt").write_text("".join(f"{w.name} {w.port}\n" for w in pool), encoding="utf-8")
    return pool


def wait_ready(proc: subprocess.Popen, pool: list[Worker], port: int, run_dir: Path, timeout_s: float) -> bool:
    """True once HAProxy answers on `port` and sees every worker UP; False if supervisord ended first."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        with contextlib.suppress(OSError, KeyError, IndexError):
            states = worker_states(run_dir / "haproxy.sock")
            if all(states.get(w.name) == "UP" for w in pool) and health(f"http://127.0.0.1:{port}/_stcore/health"):
                return True
        time.sleep(0.5)
    return False


def stop(proc: subprocess.Popen) -> int:
    """Stop supervisord (which stops every process it started); SIGKILL only if it does not finish in time."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=STOP_WAIT_S + 20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return proc.returncode


def serve(workers: int, address: str, port: int, run_dir: Path, ready_timeout_s: float) -> int:
    pool = prepare(workers, address, port, run_dir)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.setdefault(COOKIE_SECRET_ENV, secrets.token_urlsafe(32))
    stopping: list[int] = []

    def on_signal(signum: int, _frame: object) -> None:
        stopping.append(signum)

    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)
    # A session of its own: Ctrl-C reaches this script only, which then stops supervisord in order.
    proc = subprocess.Popen([tool("supervisord"), "-n", "-c", str(run_dir / "supervisord.conf")], cwd=ROOT, env=env,
                            start_new_session=True, preexec_fn=_die_with_parent)
    shown = "localhost" if address in ("0.0.0.0", "::") else address
    print(f"serve: {workers} Streamlit workers behind HAProxy on {address}:{port}; logs and configuration in "
          f"{run_dir}", flush=True)
    ready_deadline = time.monotonic() + ready_timeout_s
    ready = False
    while not stopping and proc.poll() is None:
        if not ready and time.monotonic() < ready_deadline:
            ready = wait_ready(proc, pool, port, run_dir, timeout_s=1.0)
            if ready:
                began = time.monotonic()
                problems = warm_workers.warm([w.port for w in pool])
                for problem in problems:
                    print(f"serve: could not warm {problem}", file=sys.stderr, flush=True)
                print(f"serve: {len(pool)} workers warmed in {time.monotonic() - began:.1f} s (first pages opened "
                      "once on each)", flush=True)
                print(f"serve: ready at http://{shown}:{port}  (workers: `supervisorctl -c "
                      f"{run_dir / 'supervisord.conf'} status`; Ctrl-C stops everything)", flush=True)
        elif not ready:
            print(f"serve: not every worker is up after {ready_timeout_s:.0f} s: see the logs in {run_dir}",
                  file=sys.stderr, flush=True)
            stop(proc)
            return 1
        else:
            time.sleep(0.5)
    if not stopping:  # supervisord ended by itself
        print(f"serve: supervisord exited with {proc.returncode}; see {run_dir / 'supervisord.log'}",
              file=sys.stderr, flush=True)
        return proc.returncode or 1
    print("serve: stopping every worker and HAProxy...", flush=True)
    stop(proc)
    print("serve: stopped", flush=True)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.serve", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("WORKERS") or os.cpu_count() or 1),
                        help="Streamlit processes (default: WORKERS, else one per core)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8501),
                        help="the port HAProxy listens on (default: PORT, else 8501)")
    parser.add_argument("--address", default=os.environ.get("ADDRESS") or "0.0.0.0",
                        help="the address HAProxy listens on (default: ADDRESS, else every interface, like make run)")
    parser.add_argument("--run-dir", type=Path, default=None,
                        help="configuration, sockets and logs (default: artifacts/serve-PORT)")
    parser.add_argument("--ready-timeout", type=float, default=180.0, help="seconds to wait for every worker")
    parser.add_argument("--render-compose", action="store_true", help="print deploy/compose/haproxy.cfg and exit")
    args = parser.parse_args(argv)
    if args.render_compose:
        sys.stdout.write(compose_haproxy_config())
        return 0
    run_dir = (args.run_dir or ROOT / "artifacts" / f"serve-{args.port}").resolve()
    try:
        return serve(args.workers, args.address, args.port, run_dir, args.ready_timeout)
    except ServeError as exc:
        print(f"serve: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())

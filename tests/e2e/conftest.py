"""Browser tests: one real `streamlit run app.py` for the session, driven by Debian's Chromium through Playwright.

Never `playwright install` here: no browser can be downloaded. pytest-playwright launches /usr/bin/chromium
(Debian's wrapper around /usr/lib/chromium/chromium) through the `browser_type_launch_args` override below.
One browser for the session; each test opens its own context(s) through pytest-playwright's `new_context`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from e2e_helpers import DESKTOP, ConsoleWatch, wait_app_ready
from playwright.sync_api import BrowserContext, Page

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
HEALTH_TIMEOUT_S = 60.0


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test in this folder is an e2e test (each module also says so with `pytestmark`)."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class AppServer:
    """`python -m streamlit run app.py` on a free port, from the project root, logging to artifacts/e2e/."""

    def __init__(self, root: Path, port: int, log_path: Path) -> None:
        self.root, self.port, self.log_path = root, port, log_path
        self.proc: subprocess.Popen | None = None
        self.starts = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "a" if self.starts else "w", encoding="utf-8")  # noqa: SIM115 (the child owns it)
        log.write(f"\n===== start {self.starts + 1} on port {self.port} =====\n")
        log.flush()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.fileWatcherType", "none", "--server.port", str(self.port)],
            cwd=self.root, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        log.close()
        self.starts += 1
        self._wait_healthy()

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        last_error = ""
        while time.monotonic() < deadline:
            if self.proc is None or self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode if self.proc else '?'} before it "
                                   f"was healthy:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200 and response.read().decode().strip() == "ok":
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as error:
                last_error = str(error)
            time.sleep(0.2)  # polling an HTTP endpoint for a process to come up, not waiting on the UI
        raise RuntimeError(f"{self.url}/_stcore/health did not answer 'ok' within {HEALTH_TIMEOUT_S:.0f} s "
                           f"({last_error}):\n{self.log_tail()}")

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)

    def restart(self) -> None:
        """Stop the server and start a fresh process on the same port (same base_url for the tests)."""
        self.stop()
        self.start()

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


@pytest.fixture(scope="session")
def app_server() -> Iterator[AppServer]:
    server = AppServer(ROOT, _free_port(), ARTIFACTS / "e2e" / "streamlit.log")
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def _server_running(request: pytest.FixtureRequest) -> None:
    """Each test starts against a live server. A server that is gone crashed (or was killed) during an earlier
    test: that is a failure, never a warning. The server is started again so that the tests after this one
    still run against a live one, and this test fails with the log tail."""
    if "app_server" not in request.fixturenames:
        return
    server: AppServer = request.getfixturevalue("app_server")
    if not server.alive():
        code = server.proc.returncode if server.proc is not None else "?"
        tail = server.log_tail(20)
        server.restart()
        pytest.fail(f"the streamlit server had stopped (exit code {code}) before {request.node.name}: it crashed or "
                    f"was killed during an earlier test. Log tail:\n{tail}", pytrace=False)


@pytest.fixture(scope="session")
def base_url(app_server: AppServer) -> str:
    """pytest-base-url's fixture, pointed at our server: `page.goto("/compare")` works in every context."""
    return app_server.url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    """Debian's Chromium (never a downloaded browser) with the flags that keep it quiet and offline-friendly."""
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


OpenApp = Callable[..., Page]


@pytest.fixture
def open_app(new_context: Callable[..., BrowserContext], base_url: str) -> OpenApp:
    """Open `path` in a fresh browser context (a fresh Streamlit session) and wait until the app is idle and its
    charts are drawn. The page carries `page.console_watch` (console errors and page errors since it opened)."""

    def _open(path: str, *, viewport: dict | None = None, charts: bool = True, context: BrowserContext | None = None,
              ) -> Page:
        ctx = context or new_context(viewport=viewport or DESKTOP, accept_downloads=True)
        page = ctx.new_page()
        page.console_watch = ConsoleWatch(page, base_url)  # type: ignore[attr-defined]
        page.goto(path)
        wait_app_ready(page, charts=charts)
        return page

    return _open

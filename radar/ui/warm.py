"""Keeping a server process quick under an audience: what it does once, and what it does while it waits.

**Once, after its first page** (`settle_once`). Python's collector walks every tracked object on each full (gen-2)
collection, and a Radar process holds a few hundred thousand of them for good: Streamlit, pandas, plotly's
validators, the first cached scores and figures. A full collection then takes ~90 ms on this machine, a pause every
session waits through. After the process's first run, everything alive is moved out of the collector's reach
(`gc.freeze`), once; later collections walk only what sessions allocate since.

**While it waits** (`ahead`, one `Prefetcher` per process). When a view is shown, the views a person is likely to
ask for next (radar.ui.draw.likely_next) are built in one background thread per process, which also reads the Data
page's next year spans and every framework's definition, only while no page is running in the process (`foreground`
marks each run: Python threads share one lock, so a build beside a run would slow that run), into the same
process-wide cache the pages read (radar.ui.draw). At an event the presenter opens the link before the talk; by the
time the room changes the year, each year is already built. Bounded: each job is queued once per process, the queue
holds at most QUEUE_SIZE jobs (more are dropped, not waited for; the page that offered them offers the rest next
time), and `RADAR_PREFETCH=0` switches it off (the in-process tests do).
"""

from __future__ import annotations

import contextlib
import gc
import logging
import os
import queue
import threading
import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

LOG = logging.getLogger(__name__)
QUEUE_SIZE = 256
SEEN_LIMIT = 4096  # views remembered as queued (beyond, the memory is cleared: a view may be queued again)
ENABLED = os.environ.get("RADAR_PREFETCH", "1") != "0"
QUIET_S = 0.05  # after the last run ends, how long the process stays quiet before a background build starts
STALE_S = 30.0  # a run marked as started longer ago than this is taken as gone (its thread was killed)
POLL_S = 0.02

T = TypeVar("T", bound=Hashable)

_settled = threading.Event()
_settle_lock = threading.Lock()


def settle_once() -> bool:
    """Collect, then freeze what is alive, the first time a run of this process calls it; True when it did."""
    if _settled.is_set():
        return False
    with _settle_lock:
        if _settled.is_set():
            return False
        gc.collect()
        gc.freeze()
        _settled.set()
        return True


_runs: dict[int, float] = {}  # thread id of each page run in progress -> when it started
_last_end = [0.0]


@contextmanager
def foreground() -> Iterator[None]:
    """Mark a page run of this process (app.py wraps each run in it, a page part's own rerun its part) so that
    background builds wait for it. Re-entrant: a part drawn inside a full run leaves the run's mark alone."""
    ident = threading.get_ident()
    if ident in _runs:
        yield
        return
    _runs[ident] = time.monotonic()
    try:
        yield
    finally:
        _runs.pop(ident, None)
        _last_end[0] = time.monotonic()


def quiet(now: float | None = None) -> bool:
    """No page run in progress, and none ended in the last QUIET_S."""
    now = time.monotonic() if now is None else now
    busy = any(now - started < STALE_S for started in list(_runs.values()))
    return not busy and now - _last_end[0] >= QUIET_S


def wait_quiet() -> None:
    while not quiet():
        time.sleep(POLL_S)


class Prefetcher(Generic[T]):
    """Runs `job(item)` for queued items in one daemon thread at the lowest priority, each item once, each when
    `wait` returns (by default: when no page is running)."""

    def __init__(self, job: Callable[[T], object], *, enabled: bool = ENABLED, size: int = QUEUE_SIZE,
                 wait: Callable[[], None] = wait_quiet) -> None:
        self.job, self.enabled, self.wait = job, enabled, wait
        self._queue: queue.Queue[T] = queue.Queue(maxsize=size)
        self._seen: set[T] = set()
        self._triggers: set[Hashable] = set()  # what offer_after was asked for, its items all queued or seen
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self.done = 0
        self.failed = 0

    def offer(self, items: list[T]) -> int:
        """Queue the items not queued before (in order, until the queue is full); return how many were queued."""
        return self._offer(items)[0]

    def offer_after(self, trigger: Hashable, make_items: Callable[[], list[T]]) -> int:
        """offer(make_items()) the first time `trigger` (e.g. the view just shown) asks: a page shown again does not
        work out its list again. A trigger whose items did not all fit in the queue asks again next time."""
        if not self.enabled:
            return 0
        with self._lock:
            if trigger in self._triggers:
                return 0
        queued, complete = self._offer(make_items())
        if complete:
            with self._lock:
                self._triggers.add(trigger)
        return queued

    def _offer(self, items: list[T]) -> tuple[int, bool]:
        """(how many were queued, whether every item is now queued or was before)."""
        if not self.enabled or not items:
            return 0, True
        queued, complete = 0, True
        with self._lock:
            if len(self._seen) > SEEN_LIMIT:
                self._seen.clear()
                self._triggers.clear()
            for item in items:
                if item in self._seen:
                    continue
                try:
                    self._queue.put_nowait(item)
                except queue.Full:
                    complete = False
                    break
                self._seen.add(item)
                queued += 1
            if queued and self._thread is None:
                self._thread = threading.Thread(target=self._run, name="radar-prefetch", daemon=True)
                self._thread.start()
        return queued, complete

    def drain(self) -> None:
        """Run every queued item now, in this thread (tests, and a caller that wants them built)."""
        while True:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                return
            self._one(item)

    def pending(self) -> int:
        return self._queue.qsize()

    def _run(self) -> None:
        with contextlib.suppress(OSError, AttributeError):  # lowest priority for this thread only (Linux)
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        while True:
            item = self._queue.get()
            self.wait()  # never beside a page run
            self._one(item)

    def _one(self, item: T) -> None:
        try:
            self.job(item)
            self.done += 1
        except Exception:  # noqa: BLE001 - a view that cannot be built now is built (and reported) when asked for
            self.failed += 1
            LOG.warning("prefetch of %r failed", item, exc_info=True)


def _run_job(item: tuple[Callable[[Any], object], Hashable]) -> None:
    job, key = item
    job(key)


# The process's one queue of work done ahead (views, their notes and evidence, the Data page's rows, the frameworks'
# definitions): one background thread, in the order offered, so two such jobs never compete with each other.
_ahead: Prefetcher[tuple[Callable[[Any], object], Hashable]] = Prefetcher(_run_job)


def ahead(job: Callable[[Any], object], make_keys: Callable[[], list[Hashable]], *, after: Hashable) -> int:
    """Run `job(key)` in the background for each key of `make_keys()`, each (job, key) once per process, while no
    page runs; `make_keys` is called only the first time `after` (what was just shown) asks, and not at all when
    background work is switched off (RADAR_PREFETCH=0). Returns how many were queued."""
    return _ahead.offer_after((job, after), lambda: [(job, key) for key in make_keys()])

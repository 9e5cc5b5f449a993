"""Profile one page's rerun in-process: `python -m bench.profile PAGE [KEY VALUE ...] [--repeat] [--top N]`.

Runs app.py with streamlit.testing.v1.AppTest (the page opened as a link would), sets the widget with session
state key KEY to VALUE (e.g. `w_y 2019`; several pairs allowed; a year is an int) and profiles that rerun
with cProfile. `--repeat` profiles a second run of the same state (the caches answer). Prints the functions
with the most cumulative time, the Radar's own code first. A tool for the findings; not part of the report.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import time

from streamlit.runtime.scriptrunner import script_runner
from streamlit.testing.v1 import AppTest

from bench.common import APP, ROOT

_PROFILER = cProfile.Profile()
_ACTIVE = {"on": False}
_original_run_script = script_runner.ScriptRunner._run_script


def _profiled_run_script(self: script_runner.ScriptRunner, *args: object, **kwargs: object) -> object:
    """AppTest runs the script in its own thread: profile there (cProfile sees one thread only)."""
    if not _ACTIVE["on"]:
        return _original_run_script(self, *args, **kwargs)
    _PROFILER.enable()
    try:
        return _original_run_script(self, *args, **kwargs)
    finally:
        _PROFILER.disable()


script_runner.ScriptRunner._run_script = _profiled_run_script


def _value(raw: str) -> object:
    if raw.isdigit():
        return int(raw)
    if "," in raw:
        parts = raw.split(",")
        return tuple(int(p) for p in parts) if all(p.isdigit() for p in parts) else parts
    return raw


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.profile")
    parser.add_argument("page")
    parser.add_argument("changes", nargs="*", help="KEY VALUE pairs (session-state keys of widgets)")
    parser.add_argument("--repeat", action="store_true")
    parser.add_argument("--top", type=int, default=30)
    args = parser.parse_args()
    at = AppTest.from_file(str(APP), default_timeout=120)
    if args.page != "overview":
        at.switch_page(f"app_pages/{args.page}.py")
    at.run()
    at.run()  # a second open: imports and first-use costs out of the way
    pairs = list(zip(args.changes[::2], args.changes[1::2]))
    for key, raw in pairs:
        at.session_state[key] = _value(raw)
    if args.repeat:
        at.run()
        for key, raw in pairs:
            at.session_state[key] = _value(raw)
    profiler = _PROFILER
    start = time.perf_counter()
    _ACTIVE["on"] = True
    at.run()
    _ACTIVE["on"] = False
    print(f"run: {(time.perf_counter() - start) * 1000:.0f} ms; exceptions: {[e.value for e in at.exception]}")
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(str(ROOT / "radar"), args.top)
    stats.print_stats(args.top)
    print(out.getvalue())


if __name__ == "__main__":
    main()

"""`python -m radar ...` with a publish slowed down at one stage, so that a test can kill it mid-write or start a
second publish while the first holds the lock:

    python tests/unit/publish/_paused_cli.py STAGE=SECONDS import FILE --reason ...

STAGE is `tables` (sleep after each table is written) or `switch` (sleep before CURRENT is switched). The pause is
put in with pytest's MonkeyPatch, in this process only: the production code carries no test hook.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

import pytest

from radar import versions
from radar.__main__ import main


def _then_sleep(real: Callable[..., Any], seconds: float) -> Callable[..., Any]:
    def slowed(*args: Any, **kwargs: Any) -> Any:
        result = real(*args, **kwargs)
        time.sleep(seconds)
        return result
    return slowed


def _sleep_first(real: Callable[..., Any], seconds: float) -> Callable[..., Any]:
    def slowed(*args: Any, **kwargs: Any) -> Any:
        time.sleep(seconds)
        return real(*args, **kwargs)
    return slowed


def run(pause: str, argv: list[str]) -> int:
    stage, _sep, seconds = pause.partition("=")
    with pytest.MonkeyPatch.context() as patch:
        if stage == "tables":
            patch.setattr(versions.pq, "write_table", _then_sleep(versions.pq.write_table, float(seconds)))
        elif stage == "switch":
            patch.setattr(versions, "_switch_current", _sleep_first(versions._switch_current, float(seconds)))
        else:
            raise SystemExit(f"unknown stage {stage!r}: use tables=SECONDS or switch=SECONDS")
        return main(argv)


if __name__ == "__main__":
    raise SystemExit(run(sys.argv[1], sys.argv[2:]))

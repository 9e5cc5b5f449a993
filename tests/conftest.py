"""Shared fixtures: the committed warehouse opened through radar.store, and the tidy source CSVs (expected answers)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from radar import settings
from radar.store import Store

# No background building of likely next views in the test process (radar.ui.warm): AppTest runs would race a
# thread that outlives them. tests/unit/test_warm.py drives the prefetcher itself; the benchmarks run it live.
os.environ.setdefault("RADAR_PREFETCH", "0")

SOURCE_CSVS = Path(__file__).resolve().parent / "fixtures" / "sources"


@pytest.fixture(scope="session")
def store() -> Iterator[Store]:
    """One Store over the committed warehouse, shared like the app shares it."""
    shared = Store(settings.WAREHOUSE_DIR)
    yield shared
    shared.close()


@pytest.fixture(scope="session")
def source_rows() -> pd.DataFrame:
    """Every row of tests/fixtures/sources/*.csv, with `source_id` (file name without `_eu27`) and `region`."""
    frames = []
    for path in sorted(SOURCE_CSVS.glob("*.csv")):
        frame = pd.read_csv(path, dtype={"edition": "str", "source_country_code": "str"})
        source_id = path.stem.removesuffix("_eu27")
        frames.append(frame.assign(source_id=source_id, region="EU27" if path.stem.endswith("_eu27") else "WB6"))
    return pd.concat(frames, ignore_index=True)

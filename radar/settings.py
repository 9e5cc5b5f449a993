"""Named settings of the Radar: where data lives and the limits every query runs under."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
FRAMEWORKS_FILE = DATA_DIR / "frameworks.toml"
# The warehouse the app reads; RADAR_WAREHOUSE points the app and CLI at another one (tests, benchmarks).
WAREHOUSE_DIR = Path(os.environ.get("RADAR_WAREHOUSE", DATA_DIR / "warehouse"))
# Versions published from the app or the CLI (runtime state, not committed); see radar.versions.
VERSIONS_DIR = Path(os.environ.get("RADAR_VERSIONS", DATA_DIR / "versions"))

# Query limits of the viewer's connection (radar.store), like Datasette's settings.
MAX_ROWS = 50_000  # rows one query may return to a page
QUERY_TIME_LIMIT_S = 5.0  # a query running longer is interrupted
DUCKDB_THREADS = 2
DUCKDB_MEMORY_LIMIT = "1GB"

DEFAULT_FRAMEWORK = "wbocr"

"""Named settings of the Radar: where data lives and the limits every query runs under."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
RAW_DIR = DATA_DIR / "raw"
FRAMEWORKS_FILE = DATA_DIR / "frameworks.toml"
BREAKS_FILE = DATA_DIR / "series_breaks.toml"
RELEASES_FILE = DATA_DIR / "releases.toml"  # each source's release cadence (radar.currency)
COUNTRIES_FILE = DATA_DIR / "countries.toml"  # the countries, their regions, label rule and footnote (radar.countries)
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

# Publishing new editions (radar.publish, radar.versions, radar.ui.auth).
TEMPLATES_DIR = DATA_DIR / "templates"  # the downloadable import templates (CSV and Excel)
# Editors live in Streamlit's secrets file; the CLI reads the same file (RADAR_SECRETS points elsewhere in tests).
SECRETS_FILE = Path(os.environ.get("RADAR_SECRETS", ROOT / ".streamlit" / "secrets.toml"))
EDITOR_ENV = "RADAR_EDITOR"  # the CLI's editor name when --user is not given
MAX_IMPORT_BYTES = 20 * 1024 * 1024  # a file over this size is rejected before it is read
# A workbook (a zip archive) is refused before any part is unpacked when its parts would unpack past these bounds
# (the largest real release, the WGI workbook, unpacks to 17 MB in 10 parts; see docs/SECURITY.md).
MAX_UNPACKED_PART_BYTES = 64_000_000
MAX_UNPACKED_BYTES = 128_000_000
MAX_ARCHIVE_PARTS = 2000
MAX_PROBLEMS = 500  # validation stops listing problems after this many (the count is still reported)
EARLIEST_YEAR = 1990  # a year before this in an import is a typo
PUBLISH_LOCK_TIMEOUT_S = 120.0  # a publish waits this long for another one to finish
MAX_FAILED_LOGINS = 5  # failed password attempts per session before a pause
LOGIN_PAUSE_S = 60.0  # how long a session waits after too many failed attempts

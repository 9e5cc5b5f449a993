"""The warehouse build: every adapter's tidy rows -> the four Parquet tables, written atomically."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from radar import settings
from radar.frameworks import frameworks_table
from radar.ingest import ADAPTERS
from radar.ingest.base import COUNTRY_NAMES, files_in
from radar.schema import COUNTRIES, FRAMEWORKS, INDICATORS, OBSERVATIONS, TABLES, WB6, Table, to_arrow

# One colour per WB6 country on every page: the Okabe-Ito colour-blind-safe palette, darker hues first
# so that lines keep contrast on white. EU members are drawn only as references (grey).
COUNTRY_COLOURS = {
    "ALB": "#D55E00", "BIH": "#0072B2", "XKX": "#009E73", "MNE": "#CC79A7", "MKD": "#E69F00", "SRB": "#56B4E9",
}
EU_COLOUR = "#8C8C8C"
LOCAL_NAMES = {
    "ALB": "Shqipëria", "BIH": "Bosna i Hercegovina", "XKX": "Kosova / Kosovo", "MNE": "Crna Gora",
    "MKD": "Северна Македонија", "SRB": "Србија / Srbija",
}
PARQUET_OPTIONS = {"compression": "zstd", "write_statistics": True}


def tidy_rows(raw_dir: Path = settings.RAW_DIR) -> pd.DataFrame:
    """Return the tidy rows of every source whose folder exists under `raw_dir`, with a `source_id` column."""
    frames = []
    for adapter in ADAPTERS:
        folder = raw_dir / adapter.SOURCE.source_id
        if folder.is_dir() and files_in(folder):
            frame = adapter.read(files_in(folder))
            frames.append(frame.assign(source_id=adapter.SOURCE.source_id))
    return pd.concat(frames, ignore_index=True)


def countries_table() -> pd.DataFrame:
    """Return the `countries` table: WB6 with their colours and local names, then the EU-27 references."""
    rows = []
    for iso3, name in COUNTRY_NAMES.items():
        wb6 = iso3 in WB6
        rows.append({
            "iso3": iso3,
            "name": name,
            "name_local": LOCAL_NAMES.get(iso3, name),
            "region": "WB6" if wb6 else "EU27",
            "colour": COUNTRY_COLOURS.get(iso3, EU_COLOUR),
            "footnote": "kosovo" if iso3 == "XKX" else "",
        })
    return pd.DataFrame(rows)


def indicators_table(tidy: pd.DataFrame) -> pd.DataFrame:
    """Return the `indicators` table: one row per indicator with its scale, direction and source metadata."""
    sources = {a.SOURCE.source_id: a.SOURCE for a in ADAPTERS}
    first = tidy.sort_values(["indicator_id", "year"]).groupby("indicator_id", sort=True).tail(1)
    rows = []
    for row in first.itertuples(index=False):
        source = sources[row.source_id]
        rows.append({
            "indicator_id": row.indicator_id,
            "source_id": row.source_id,
            "source": row.source,
            "name": row.indicator_name,
            "description": f"{row.indicator_group}: {row.indicator_name}",
            "indicator_group": row.indicator_group,
            "unit": row.unit,
            "scale_min": row.scale_min,
            "scale_max": row.scale_max,
            "higher_is_better": bool(row.higher_is_better),
            "source_url": source.url,
            "licence": source.licence,
            "citation": source.citation,
            "scale_labels": None,  # publishers' scales are continuous
            "scale_bounds": row.scale_bounds,  # the adapter says: "nominal" where the publisher gives approx. bounds
        })
    return pd.DataFrame(rows)


def observations_table(tidy: pd.DataFrame) -> pd.DataFrame:
    """Return the `observations` table (values with their published bounds and edition, and where each value sits
    in its file: the adapter's fields, and its sentence as the note shown to users)."""
    out = tidy.copy()
    out["note"] = out["extraction"]
    out["evidence"] = None  # evidence sentences and links come with the network's own scores (imports)
    out["evidence_url"] = None
    return out


def warehouse_tables(raw_dir: Path = settings.RAW_DIR, frameworks_file: Path = settings.FRAMEWORKS_FILE
                     ) -> dict[str, pd.DataFrame]:
    """Return the four warehouse tables built from the raw files and the frameworks file."""
    tidy = tidy_rows(raw_dir)
    indicators = indicators_table(tidy)
    return {
        COUNTRIES.name: countries_table(),
        INDICATORS.name: indicators,
        OBSERVATIONS.name: observations_table(tidy),
        FRAMEWORKS.name: frameworks_table(frameworks_file, set(indicators["indicator_id"])),
    }


def write_warehouse(tables: dict[str, pd.DataFrame], target: Path) -> Path:
    """Write the tables as Parquet into `target`, replacing it atomically (readers never see half a warehouse)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        for table in TABLES:
            _write_table(tables[table.name], table, staging)
        old = target.with_name(f".{target.name}-old")
        if target.exists():
            shutil.rmtree(old, ignore_errors=True)
            target.rename(old)
        staging.rename(target)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _write_table(frame: pd.DataFrame, table: Table, folder: Path) -> None:
    pq.write_table(to_arrow(frame, table), folder / f"{table.name}.parquet", **PARQUET_OPTIONS)


def build(raw_dir: Path = settings.RAW_DIR, target: Path = settings.WAREHOUSE_DIR) -> dict[str, int]:
    """Build the warehouse from `raw_dir` into `target`; return the row count of each table."""
    tables = warehouse_tables(raw_dir)
    write_warehouse(tables, target)
    return {name: len(frame) for name, frame in tables.items()}


def warehouse_differences(raw_dir: Path, warehouse: Path) -> list[str]:
    """Return how the warehouse at `warehouse` differs from a fresh build of `raw_dir` (empty = equal)."""
    fresh = warehouse_tables(raw_dir)
    differences = []
    for table in TABLES:
        path = warehouse / f"{table.name}.parquet"
        if not path.is_file():
            differences.append(f"{table.name}: missing from {warehouse}")
            continue
        if not pq.read_table(path).equals(to_arrow(fresh[table.name], table)):
            differences.append(f"{table.name}: differs from a fresh build")
    return differences

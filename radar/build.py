"""The warehouse build: every adapter's tidy rows -> the four Parquet tables, written atomically."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from radar import countries, precompute, settings
from radar.frameworks import frameworks_table
from radar.ingest import ADAPTERS
from radar.ingest.base import files_in
from radar.schema import (
    COUNTRIES,
    DERIVED_TABLES,
    FRAMEWORKS,
    INDICATORS,
    OBSERVATIONS,
    PARQUET_OPTIONS,
    TABLES,
    Table,
    to_arrow,
)


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
    """Return the `countries` table of data/countries.toml: WB6 with their colours and local names, then the EU-27
    references."""
    return pd.DataFrame([{"iso3": c.iso3, "name": c.name, "name_local": c.name_local, "region": c.region,
                          "colour": c.colour, "footnote": c.footnote} for c in countries.COUNTRIES])


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
        precompute.write_derived(staging)
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
    """Return how the warehouse at `warehouse` differs from a fresh build of `raw_dir` (empty = equal), the
    precomputed scores included."""
    differences = []
    with tempfile.TemporaryDirectory(prefix=".check-", dir=warehouse.parent) as scratch:
        fresh = write_warehouse(warehouse_tables(raw_dir), Path(scratch) / "fresh")
        for table in (*TABLES, *DERIVED_TABLES):
            path = warehouse / f"{table.name}.parquet"
            if not path.is_file():
                differences.append(f"{table.name}: missing from {warehouse}")
                continue
            if not pq.read_table(path).equals(pq.read_table(fresh / f"{table.name}.parquet")):
                differences.append(f"{table.name}: differs from a fresh build")
    return differences

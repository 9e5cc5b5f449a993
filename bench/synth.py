"""Synthetic warehouses for the growth benchmark: the Radar's schema (radar.schema), more countries, indicators
and years, generated deterministically with numpy, observations hive-partitioned by year
(`observations/year=YYYY/part-0.parquet`, the layout radar.store.Store reads from a folder).

Countries: the 33 kept countries (WB6 + EU-27, so every page's query finds its countries) then synthetic units
(sub-national regions, `S00001`...). Indicators: synthetic, spread over 8 sources, each with a published scale
and a direction. Frameworks: `wbocr` (8 axes x 3 indicators, as the real composite) and five more. Values are
random on each indicator's scale: numbers, not data; they exist to be counted, filtered and scored.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from radar.schema import COUNTRIES, FRAMEWORKS, INDICATORS, KEPT_COUNTRIES, OBSERVATIONS, PROVENANCE, WB6

GENERATOR_VERSION = 2  # 2: the provenance and scale_bounds columns
LAST_YEAR = 2025
N_SOURCES = 8
SEED = 7


@dataclass(frozen=True)
class Size:
    name: str
    countries: int
    indicators: int
    years: int

    @property
    def rows(self) -> int:
        return self.countries * self.indicators * self.years


SIZES = {
    "10k": Size("10k", 40, 25, 10),
    "1M": Size("1M", 250, 200, 20),
    "10M": Size("10M", 1000, 400, 25),
}


def build(size: Size, root: Path, row_group_size: int | None = None) -> Path:
    """Return the warehouse of `size` under `root`, generating it unless an identical one is there.

    `row_group_size`: rows per Parquet row group of the observations (None: pyarrow's default, 1Mi rows, so
    one row group per year file); smaller groups let row-group statistics skip countries a query does not ask.
    """
    folder = root / (size.name if row_group_size is None else f"{size.name}-rg{row_group_size}")
    manifest = {"generator": GENERATOR_VERSION, "seed": SEED, **asdict(size), "rows": size.rows,
                "row_group_size": row_group_size}
    marker = folder / "manifest.json"
    if marker.is_file() and json.loads(marker.read_text()) == manifest:
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    (folder / "observations").mkdir(parents=True)
    rng = np.random.default_rng(SEED)
    iso3 = _country_codes(size.countries)
    _write(folder / "countries.parquet", _countries(iso3), COUNTRIES.schema)
    indicators = _indicators(size.indicators, rng)
    _write(folder / "indicators.parquet", indicators, INDICATORS.schema)
    _write(folder / "frameworks.parquet", _frameworks(indicators["indicator_id"]), FRAMEWORKS.schema)
    _observations(size, iso3, indicators, rng, folder / "observations", row_group_size)
    marker.write_text(json.dumps(manifest))
    return folder


def _write(path: Path, columns: dict[str, object], schema: pa.Schema) -> None:
    pq.write_table(pa.table({f.name: columns[f.name] for f in schema}, schema=schema), path)


def _country_codes(n: int) -> list[str]:
    extra = [f"S{i:05d}" for i in range(1, n - len(KEPT_COUNTRIES) + 1)]
    return list(KEPT_COUNTRIES[:n]) + extra


def _countries(iso3: list[str]) -> dict[str, object]:
    region = ["WB6" if c in WB6 else "EU27" if c in KEPT_COUNTRIES else "SUB" for c in iso3]
    return {
        "iso3": iso3, "name": [f"Country {c}" for c in iso3], "name_local": [None] * len(iso3), "region": region,
        "colour": [f"#{(i * 2654435761) % 0xFFFFFF:06x}" for i in range(len(iso3))],
        "footnote": [None] * len(iso3),
    }


def _indicators(n: int, rng: np.random.Generator) -> dict[str, object]:
    ids = [f"ind_{i:04d}" for i in range(n)]
    source = [f"src_{i % N_SOURCES}" for i in range(n)]
    scale_max = rng.choice([1.0, 10.0, 100.0], size=n)
    return {
        "indicator_id": ids, "source_id": source, "source": [f"Synthetic source {s[-1]}" for s in source],
        "name": [f"Synthetic indicator {i}" for i in range(n)], "description": ["synthetic"] * n,
        "indicator_group": [f"group {i % 12}" for i in range(n)], "unit": ["points"] * n,
        "scale_min": np.zeros(n), "scale_max": scale_max, "higher_is_better": (np.arange(n) % 3 != 0),
        "source_url": ["https://example.org/synthetic"] * n, "licence": ["CC BY 4.0"] * n,
        "citation": ["Synthetic data for benchmarks"] * n, "scale_labels": [None] * n,
        "scale_bounds": ["strict"] * n,
    }


def _frameworks(indicator_ids: list[str]) -> dict[str, object]:
    """`wbocr`: 8 axes of 3 indicators; five more frameworks of 6 axes over later indicators."""
    rows: list[tuple] = []
    n = len(indicator_ids)
    specs = [("wbocr", 8, 3, 0)] + [(f"synthetic_{k}", 6, 2, (24 + 12 * k) % max(n - 12, 1)) for k in range(5)]
    for order, (fw, n_axes, per_axis, start) in enumerate(specs):
        for axis in range(n_axes):
            for j in range(per_axis):
                ind = indicator_ids[(start + axis * per_axis + j) % n]
                rows.append((fw, f"Framework {fw}", fw, order, "synthetic", "performance", 0.5, axis,
                             f"axis_{axis}", f"Axis {axis}", "synthetic", ind, 1.0))
    # one indicator may appear twice in a framework when the generator wraps around: keep the key unique
    seen, unique = set(), []
    for row in rows:
        key = (row[0], row[8], row[11])
        if key not in seen:
            seen.add(key)
            unique.append(row)
    names = [f.name for f in FRAMEWORKS.schema]
    return {name: [r[i] for r in unique] for i, name in enumerate(names)}


def _observations(size: Size, iso3: list[str], indicators: dict[str, object], rng: np.random.Generator,
                  folder: Path, row_group_size: int | None = None) -> None:
    """One Parquet file per year, rows sorted by country and indicator (the build's key order)."""
    n_c, n_i = size.countries, size.indicators
    countries = pa.array(iso3)
    ids = pa.array(indicators["indicator_id"])
    sources = pa.array(indicators["source_id"])
    scale_max = np.asarray(indicators["scale_max"])
    schema = pa.schema([f for f in OBSERVATIONS.schema if f.name != "year"])  # the year is in the path
    c_idx = pa.array(np.repeat(np.arange(n_c), n_i))
    i_idx_np = np.tile(np.arange(n_i), n_c)
    i_idx = pa.array(i_idx_np)
    n = n_c * n_i
    with_bounds = (i_idx_np % 4 == 0)
    for year in range(LAST_YEAR - size.years + 1, LAST_YEAR + 1):
        value = rng.random(n) * scale_max[i_idx_np]
        spread = rng.random(n) * 0.1 * scale_max[i_idx_np]
        table = pa.table({
            "country_iso3": countries.take(c_idx),
            "indicator_id": ids.take(i_idx),
            "value": value,
            "lower": pa.array(value - spread, mask=~with_bounds),
            "upper": pa.array(value + spread, mask=~with_bounds),
            "std_error": pa.array(spread / 2, mask=with_bounds),
            "n_sources": pa.array(np.full(n, 3.0), mask=with_bounds),
            "rank": pa.nulls(n, pa.float64()),
            "rank_of": pa.nulls(n, pa.float64()),
            "edition": pa.array([f"{year} edition"] * n),
            "source_id": sources.take(i_idx),
            "source_country_code": countries.take(c_idx),
            "note": pa.nulls(n, pa.string()),
            "evidence": pa.nulls(n, pa.string()),
            "evidence_url": pa.nulls(n, pa.string()),
            **{name: pa.nulls(n, schema.field(name).type) for name in PROVENANCE},
        }).select(schema.names).cast(schema)
        part = folder / f"year={year}"
        part.mkdir()
        pq.write_table(table, part / "part-0.parquet", row_group_size=row_group_size)

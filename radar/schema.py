"""Table schemas of the warehouse and the tidy frame every ingest adapter returns, with their validation."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pyarrow as pa

# The country lists and the Kosovo footnote are reviewed data (data/countries.toml, radar.countries); these names
# stay importable from here for the modules that take them with the table schemas.
from radar.countries import EU27, WB6
from radar.countries import FOOTNOTE as KOSOVO_FOOTNOTE
from radar.countries import KEPT as KEPT_COUNTRIES

__all__ = ["EU27", "KEPT_COUNTRIES", "KOSOVO_FOOTNOTE", "WB6"]  # re-exported; the schemas follow

# Columns of the tidy long frame that every adapter in radar.ingest returns (as in data/sources/*.csv, plus the
# structured provenance of each value and how strictly its indicator's scale bounds hold).
TIDY_COLUMNS: dict[str, str] = {
    "country_iso3": "str",
    "country_name": "str",
    "year": "int64",
    "source": "str",
    "indicator_id": "str",
    "indicator_name": "str",
    "value": "float64",
    "unit": "str",
    "edition": "str",
    "lower": "float64",
    "upper": "float64",
    "std_error": "float64",
    "n_sources": "float64",
    "rank": "float64",
    "rank_of": "float64",
    "scale_min": "float64",
    "scale_max": "float64",
    "higher_is_better": "bool",
    "indicator_group": "str",
    "source_country_code": "str",
    "scale_bounds": "str",  # SCALE_BOUNDS: "strict" (no value outside) or "nominal" (values may pass the bounds)
    "extraction": "str",  # where the value was read, in words (shown to users as the observation's note)
    # Where the value sits in the publisher's file, as fields (blank where the file has no such thing, e.g. a JSON
    # record has no sheet): the file's name, the sheet's title, the 1-based row number as a spreadsheet shows it
    # (a JSON Lines file: the line), and the column's header as published (a JSON record: the field's path).
    "source_file": "str",
    "source_sheet": "str",
    "source_row": "Int64",
    "source_column": "str",
}
PROVENANCE = ("source_file", "source_sheet", "source_row", "source_column")
# An indicator's scale bounds: "strict" (a value outside is an error) or "nominal" (the publisher's scale is
# approximate, e.g. WGI estimates "approx. -2.5 to +2.5": a value may pass it, charts clip it).
SCALE_BOUNDS = ("strict", "nominal")
TIDY_KEY = ["country_iso3", "year", "indicator_id"]


class SchemaError(ValueError):
    """A table does not have the shape the warehouse needs."""


def conform_tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Return `frame` with exactly the tidy columns, in order and with their dtypes, sorted by key.

    Raises SchemaError on a missing column, a missing value, an unknown scale_bounds or a duplicate key.
    """
    missing = [c for c in TIDY_COLUMNS if c not in frame.columns]
    if missing:
        raise SchemaError(f"tidy frame lacks columns: {missing}")
    out = frame[list(TIDY_COLUMNS)].copy()
    for column, dtype in TIDY_COLUMNS.items():
        if dtype == "str":
            out[column] = out[column].astype("str")
        else:
            out[column] = out[column].astype(dtype)
    if out["value"].isna().any():
        raise SchemaError("tidy frame has rows without a value: a gap must be an absent row")
    bounds = set(out["scale_bounds"]) - set(SCALE_BOUNDS)
    if bounds:
        raise SchemaError(f"scale_bounds must be one of {SCALE_BOUNDS}, not {sorted(map(str, bounds))}")
    dupes = out.duplicated(TIDY_KEY)
    if dupes.any():
        raise SchemaError(f"duplicate keys: {out.loc[dupes, TIDY_KEY].head().to_dict('records')}")
    return out.sort_values(TIDY_KEY, ignore_index=True)


@dataclass(frozen=True)
class Table:
    """One warehouse table: its Parquet file name, arrow schema and key."""

    name: str
    schema: pa.Schema
    key: tuple[str, ...]


COUNTRIES = Table(
    "countries",
    pa.schema([
        ("iso3", pa.string()),
        ("name", pa.string()),
        ("name_local", pa.string()),
        ("region", pa.string()),  # WB6 or EU27
        ("colour", pa.string()),
        ("footnote", pa.string()),
    ]),
    ("iso3",),
)
INDICATORS = Table(
    "indicators",
    pa.schema([
        ("indicator_id", pa.string()),
        ("source_id", pa.string()),
        ("source", pa.string()),
        ("name", pa.string()),
        ("description", pa.string()),
        ("indicator_group", pa.string()),
        ("unit", pa.string()),
        ("scale_min", pa.float64()),
        ("scale_max", pa.float64()),
        ("higher_is_better", pa.bool_()),
        ("source_url", pa.string()),
        ("licence", pa.string()),
        ("citation", pa.string()),
        # Nullable: an ordinal scale's level labels, "1=Early stage|2=Some level of preparation|..." (imports).
        ("scale_labels", pa.string()),
        # SCALE_BOUNDS; nullable (a version written before the column existed): blank means strict.
        ("scale_bounds", pa.string()),
    ]),
    ("indicator_id",),
)
OBSERVATIONS = Table(
    "observations",
    pa.schema([
        ("country_iso3", pa.string()),
        ("year", pa.int32()),
        ("indicator_id", pa.string()),
        ("value", pa.float64()),
        ("lower", pa.float64()),
        ("upper", pa.float64()),
        ("std_error", pa.float64()),
        ("n_sources", pa.float64()),
        ("rank", pa.float64()),
        ("rank_of", pa.float64()),
        ("edition", pa.string()),
        ("source_id", pa.string()),
        ("source_country_code", pa.string()),
        ("note", pa.string()),
        # Nullable: the evidence behind a network score (a sentence and a link), from the import template.
        ("evidence", pa.string()),
        ("evidence_url", pa.string()),
        # Where the value sits in its file (see TIDY_COLUMNS); nullable, as versions written before them lack them.
        ("source_file", pa.string()),
        ("source_sheet", pa.string()),
        ("source_row", pa.int64()),
        ("source_column", pa.string()),
    ]),
    ("country_iso3", "year", "indicator_id"),
)
FRAMEWORKS = Table(
    "frameworks",
    pa.schema([
        ("framework_id", pa.string()),
        ("framework_name", pa.string()),
        ("short_name", pa.string()),
        ("framework_order", pa.int32()),
        ("description", pa.string()),
        ("measures", pa.string()),  # "performance" or "threat"
        ("min_coverage", pa.float64()),
        ("axis_order", pa.int32()),
        ("axis_id", pa.string()),
        ("axis_name", pa.string()),
        ("axis_rationale", pa.string()),
        ("indicator_id", pa.string()),
        ("weight", pa.float64()),
    ]),
    ("framework_id", "axis_id", "indicator_id"),
)
TABLES = (COUNTRIES, INDICATORS, OBSERVATIONS, FRAMEWORKS)

# Precomputed from the base tables whenever a warehouse is written (radar.precompute): framework x country x axis x
# year scores, the values behind them, and the WB6 / EU-27 means with their members. A warehouse written before
# they existed has none; the app then computes scores on the fly.
_AXIS = [("axis_id", pa.string()), ("axis_name", pa.string()), ("axis_order", pa.int32())]
EVIDENCE_FIELDS = [("scale_labels", pa.string()), ("evidence", pa.string()), ("evidence_url", pa.string())]
EVIDENCE_COLUMNS = tuple(name for name, _type in EVIDENCE_FIELDS)
SCORES = Table(
    "scores",
    pa.schema([
        ("framework_id", pa.string()), ("year", pa.int32()), ("country_iso3", pa.string()), *_AXIS,
        ("score", pa.float64()),  # 0-100, null = not enough data (never zero)
        ("coverage", pa.float64()),  # share of the axis's weight with data
        ("n_indicators", pa.int64()), ("n_available", pa.int64()),
        ("year_min", pa.float64()), ("year_max", pa.float64()),  # the years actually used
        ("missing_reason", pa.string()),
        ("se", pa.float64()),  # standard error of the score, where the publishers give one
    ]),
    ("framework_id", "year", "country_iso3", "axis_id"),
)
SCORE_VALUES = Table(
    "score_values",
    pa.schema([
        ("framework_id", pa.string()), ("scored_year", pa.int32()), ("country_iso3", pa.string()),
        ("indicator_id", pa.string()), ("year", pa.int32()),  # the year of the value used
        ("value", pa.float64()), ("lower", pa.float64()), ("upper", pa.float64()), ("std_error", pa.float64()),
        ("edition", pa.string()), ("indicator_name", pa.string()), ("source_id", pa.string()),
        ("source", pa.string()), ("scale_min", pa.float64()), ("scale_max", pa.float64()),
        ("higher_is_better", pa.bool_()), ("unit", pa.string()), ("source_url", pa.string()),
        ("score", pa.float64()), ("score_se", pa.float64()), *_AXIS, ("weight", pa.float64()),
        # The network's assessments as evidence (issue 17), nullable: the indicator's ordinal level labels and the
        # value's evidence sentence and link. A version precomputed before they existed lacks them (the reader
        # then has no label and no evidence: radar.store.Store.year_scores).
        *EVIDENCE_FIELDS,
    ]),
    ("framework_id", "scored_year", "country_iso3", "axis_id", "indicator_id"),
)
SCORE_MEANS = Table(
    "score_means",
    pa.schema([
        ("framework_id", pa.string()), ("year", pa.int32()), ("reference", pa.string()), *_AXIS,
        ("score", pa.float64()), ("n", pa.int64()), ("year_min", pa.float64()), ("year_max", pa.float64()),
        ("members", pa.string()),  # the countries with a score, comma-separated
    ]),
    ("framework_id", "year", "reference", "axis_id"),
)
DERIVED_TABLES = (SCORES, SCORE_VALUES, SCORE_MEANS)
# How every warehouse table is written, by the build (the base) and by each published version.
PARQUET_OPTIONS = {"compression": "zstd", "write_statistics": True}


def to_arrow(frame: pd.DataFrame, table: Table) -> pa.Table:
    """Return `frame` as an arrow table of `table`'s schema, sorted by key; raise SchemaError if it does not fit."""
    names = table.schema.names
    missing = [c for c in names if c not in frame.columns]
    if missing:
        raise SchemaError(f"{table.name}: missing columns {missing}")
    ordered = frame[names].sort_values(list(table.key), ignore_index=True)
    if ordered.duplicated(list(table.key)).any():
        raise SchemaError(f"{table.name}: duplicate keys")
    try:
        return pa.Table.from_pandas(ordered, schema=table.schema, preserve_index=False)
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise SchemaError(f"{table.name}: {exc}") from exc

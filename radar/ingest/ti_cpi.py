"""Adapter for Transparency International's Corruption Perceptions Index results workbook (Strict or transitional)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.workbook.workbook import Workbook

from radar.ingest import base
from radar.ingest.ooxml import Row, find_header, label, number, open_workbook, workbook_matches, year_in

SOURCE = base.Source(
    source_id="ti_cpi",
    name="Transparency International Corruption Perceptions Index",
    publisher="Transparency International (TI)",
    url="https://www.transparency.org/cpi",
    licence=(
        "CC BY-ND 4.0 (as declared by the datahub.io CPI package; TI's own page not in the store). ND: do not "
        "publish modified versions of the index itself; check before publishing re-scaled scores."
    ),
    citation="Corruption Perceptions Index 2025 by Transparency International is licensed under CC BY-ND 4.0",
    stored_copy=(
        "TemplinB/TemplinB-EGD-SolowModels: CPI2025_Results.xlsx @ 7237ade2f452e06b42767024f1b11015c6525d5a "
        "(Strict OOXML workbook as published by Transparency International)"
    ),
)

INDICATOR_ID = "cpi_score"
INDICATOR_NAME = "Corruption Perceptions Index score"
UNIT = "score (0-100, 0 = highly corrupt, 100 = very clean)"
GROUP = "Corruption"
HEADER_SCAN_ROWS = 30  # a table's header row must sit within the first rows of its sheet
NUMERIC_FIELDS = ("value", "rank", "std_error", "n_sources", "lower", "upper")

# Header labels, with any year taken out ('CPI 2025 score', 'CPI Score 2013' -> 'cpi score'), and their fields.
_FIELDS = {
    "cpi score": "value", "rank": "rank", "standard error": "std_error", "number of sources": "n_sources",
    "sources": "n_sources", "lower ci": "lower", "upper ci": "upper", "iso3": "iso3", "year": "year",
}
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


@dataclass(frozen=True)
class Table:
    """A CPI table found in a sheet: long (one row per country-year) or wide (columns per year)."""

    title: str
    iso3: int  # column of the ISO3 code
    year: int | None  # column of the year (long layout), None for a wide table
    columns: dict[int, tuple[int | None, str]]  # column -> (year of a wide column, field)
    headers: dict[int, str]  # column -> its header as published (provenance)

    @property
    def years(self) -> set[int]:
        return {year for year, field in self.columns.values() if year is not None and field == "value"}


def header_field(cell: object) -> tuple[int | None, str | None]:
    """(year, field) of a header cell: 'CPI score 2023' -> (2023, 'value'), 'Lower CI' -> (None, 'lower')."""
    text = label(cell)
    return year_in(text), _FIELDS.get(" ".join(_YEAR.sub(" ", text).split()))


def find_table(title: str, row: Row) -> Table | None:
    """The CPI table whose header is `row`, or None if `row` is no such header."""
    fields = {i: header_field(cell) for i, cell in enumerate(row) if cell is not None}
    headers = {i: " ".join(str(cell).split()) for i, cell in enumerate(row) if cell is not None}
    iso3 = next((i for i, (_, field) in fields.items() if field == "iso3"), None)
    year = next((i for i, (_, field) in fields.items() if field == "year"), None)
    values = [y for y, field in fields.values() if field == "value"]
    if iso3 is None or not values:
        return None
    if year is not None and None in values:
        return Table(title, iso3, year, {i: (None, f) for i, (y, f) in fields.items() if f in NUMERIC_FIELDS}, headers)
    only = values[0] if len(set(values)) == 1 else None  # a one-year sheet: undated columns are of that year
    columns = {i: (y or only, f) for i, (y, f) in fields.items() if f in NUMERIC_FIELDS and (y or only)}
    return Table(title, iso3, None, columns, headers) if columns else None


# ---- records --------------------------------------------------------------------------------------------------

def _record(table: Table, code: str, year: int, row: Row, columns: Iterable[int], at: int) -> dict[str, Any]:
    """One country-year of the table; `at` is the row's 1-based number; `column` the value's header."""
    record: dict[str, Any] = dict.fromkeys(NUMERIC_FIELDS, math.nan)
    column = None
    for i in columns:
        record[table.columns[i][1]] = number(row[i]) if i < len(row) else math.nan
        column = table.headers[i] if table.columns[i][1] == "value" else column
    return record | {"code": code, "year": year, "sheet": table.title, "row": at, "column": column}


def _records(table: Table, rows: Iterable[Row], first: int) -> Iterator[dict[str, Any]]:
    by_year: dict[int | None, list[int]] = {}
    for i, (year, _) in table.columns.items():
        by_year.setdefault(year, []).append(i)
    for at, row in enumerate(rows, start=first):
        code = str(row[table.iso3] or "").strip() if table.iso3 < len(row) else ""
        if not code:
            continue
        if table.year is not None:
            year = year_in(row[table.year]) if table.year < len(row) else None
            if year is not None:
                yield _record(table, code, year, row, by_year[None], at)
        else:
            for year, columns in by_year.items():
                if year is not None:
                    yield _record(table, code, year, row, columns, at)


def table_frame(table: Table, rows: Iterable[Row], first: int) -> pd.DataFrame:
    """The scored country-years of a table whose data rows start at row `first` (1-based), with rank_of =
    countries scored that year in the same table."""
    frame = pd.DataFrame(list(_records(table, rows, first)),
                         columns=["code", "year", "sheet", "row", "column", *NUMERIC_FIELDS])
    frame = frame[frame["value"].notna()]
    return frame.assign(rank_of=frame.groupby("year")["code"].transform("nunique").astype(float))


# ---- choosing and combining tables ----------------------------------------------------------------------------

def _found_tables(book: Workbook) -> list[tuple[Table, int]]:
    """Every CPI table of the workbook, with the 1-based row number of its first data row."""
    found = []
    for ws in book.worksheets:
        rows = ws.iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True)
        head = find_header(rows, partial(find_table, ws.title), HEADER_SCAN_ROWS)
        if head is not None:
            found.append((head[1], head[0] + 2))
    return found


def chosen_tables(found: list[tuple[Table, int]]) -> list[tuple[Table, int]]:
    """The long historical table if there is one, else the wide tables, most years first."""
    long = [item for item in found if item[0].year is not None]
    return long[:1] or sorted(found, key=lambda item: -len(item[0].years))


def _extraction(frame: pd.DataFrame, long: bool) -> pd.Series:
    note = "; rank_of = countries scored in that year in the same sheet; lower/upper = 90% CI"
    years = frame["year"].astype(str)
    if long:
        return "sheet '" + frame["sheet"] + "', row ISO3=" + frame["code"] + " Year=" + years + note
    return "sheet " + frame["sheet"] + ", row ISO3=" + frame["code"] + ", columns of " + years + note


def combine(frames: list[pd.DataFrame], long: bool) -> pd.DataFrame:
    """The workbook's country-years from its chosen tables (in order); each field from the first table that has it.

    With wide tables, the time series gives score, rank, sources and standard error, and a one-year sheet adds
    that year's confidence interval.
    """
    if long:
        return frames[0].assign(extraction=lambda f: _extraction(f, long=True), value_sheet=lambda f: f["sheet"])
    stacked = pd.concat(frames, ignore_index=True).assign(value_sheet=lambda f: f["sheet"],
                                                          sheet=lambda f: "'" + f["sheet"] + "'")
    merged = stacked.groupby(["code", "year"], sort=False).agg(
        {**dict.fromkeys([*NUMERIC_FIELDS, "rank_of", "value_sheet", "row", "column"], "first"),
         "sheet": lambda s: " + ".join(dict.fromkeys(s))}
    )
    merged = merged.reset_index()
    return merged.assign(extraction=_extraction(merged, long=False))


def _with_metadata(frame: pd.DataFrame, file: str) -> pd.DataFrame:
    """The tidy columns; the provenance fields name where the score itself sits (its sheet, row and column)."""
    first, last = int(frame["year"].min()), int(frame["year"].max())
    edition = f"CPI {last} release" + (f" (series {first}-{last})" if first < last else "")
    where = {"value_sheet": "source_sheet", "row": "source_row", "column": "source_column"}
    return frame.rename(columns={"code": "source_country_code", **where}).assign(
        country_iso3=frame["code"].map(base.iso3_from_code), source=SOURCE.name, indicator_id=INDICATOR_ID,
        indicator_name=INDICATOR_NAME, unit=UNIT, edition=edition, source_file=file, scale_bounds="strict",
        scale_min=0.0, scale_max=100.0, higher_is_better=True, indicator_group=GROUP, release=last,
    )


def read_file(path: Path) -> pd.DataFrame:
    """All scored country-years (every country) of one CPI workbook, untidied, with its release year (`release`)."""
    with open_workbook(path) as book:
        tables = chosen_tables(_found_tables(book))
        frames = [table_frame(t, book[t.title].iter_rows(min_row=first, values_only=True), first)
                  for t, first in tables]
    frame = combine(frames, long=tables[0][0].year is not None) if frames else pd.DataFrame()
    if frame.empty:
        raise ValueError(f"{path}: no CPI score found")
    return _with_metadata(frame, path.name)


# ---- adapter contract ------------------------------------------------------------------------------------------

def recognise(path: Path) -> bool:
    """True when `path` is a CPI workbook: a sheet with an ISO3 column and 'CPI score' column(s)."""
    return workbook_matches(path, _found_tables)


def read(paths: list[Path]) -> pd.DataFrame:
    """The tidy frame of the CPI releases among `paths` (WB6 + EU-27); a newer release supersedes an older one."""
    frames = [read_file(path) for path in paths if recognise(path)]
    if not frames:
        raise ValueError(f"no CPI workbook among {[str(p) for p in paths]}")
    return base.tidy_newest_release(frames)

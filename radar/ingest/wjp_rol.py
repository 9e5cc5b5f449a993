"""Adapter for the World Justice Project Rule of Law Index: the 'Historical Data' sheet of WJP's data file."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.workbook.workbook import Workbook

from radar.ingest import base
from radar.ingest.ooxml import Row, find_header, open_workbook, optional_number, words, workbook_matches
from radar.schema import TIDY_KEY

SOURCE = base.Source(
    source_id="wjp_rol",
    name="World Justice Project Rule of Law Index",
    publisher="World Justice Project (WJP)",
    url="https://worldjusticeproject.org/rule-of-law-index/",
    licence=(
        "No open licence stated in the file; WJP asks users to cite the index. Treat as attribution required; "
        "check WJP terms for redistribution."
    ),
    citation="World Justice Project Rule of Law Index <year>",
    stored_copy=(
        "siadave1611-arc/justicemap: 2025_wjp_rule_of_law_index_HISTORICAL_DATA_FILE.xlsx "
        "@ 3b293ca939f27f6ad76c8b04c930ebb9bde91b7c"
    ),
)

UNIT = "score (0-1)"
SCALE = (0.0, 1.0)
HEADER_SCAN_ROWS = 30  # the header row must be within the first rows of its sheet
OVERALL_GROUP = "Overall"


@dataclass(frozen=True)
class Column:
    """One score column of the sheet: position, header as published (stripped), id and factor group."""

    index: int
    header: str
    indicator_id: str
    group: str


@dataclass(frozen=True)
class Layout:
    """Where a sheet's table sits: the id columns and the score columns found in its header row."""

    country: int
    year: int
    code: int
    scores: tuple[Column, ...]


def indicator_id(header: str) -> str | None:
    """The tidy id of a score header: overall score, 'Factor <n>: ...' or sub-factor '<n>.<m>[.] ...'; else None."""
    if "overall score" in words(header):
        return "wjp_overall"
    if factor := re.match(r"\s*factor\s*(\d+)\s*:", header, re.IGNORECASE):
        return f"wjp_f{factor.group(1)}"
    if sub := re.match(r"\s*(\d+)\.(\d+)\.?\s", header):
        return f"wjp_{sub.group(1)}_{sub.group(2)}"
    return None


def _score_columns(header: Row) -> tuple[Column, ...]:
    """The score columns, each with its factor group (the sub-factors' group is their factor's header)."""
    found = [(i, str(h).strip(), indicator_id(str(h))) for i, h in enumerate(header) if h is not None]
    scored = [(i, h, ind) for i, h, ind in found if ind is not None]
    factors = {ind.removeprefix("wjp_f"): h for _, h, ind in scored if ind.startswith("wjp_f")}

    def group(ind: str, h: str) -> str:
        if ind == "wjp_overall":
            return OVERALL_GROUP
        if ind.startswith("wjp_f"):
            return h
        return factors.get(ind.split("_")[1], f"Factor {ind.split('_')[1]}")

    return tuple(Column(i, h, ind, group(ind, h)) for i, h, ind in scored)


def _layout(row: Row) -> Layout | None:
    """The table layout if `row` is the header row (Country, Year, Country Code and the overall score), else None."""
    keys = {words(c): i for i, c in enumerate(row) if c is not None}
    if not {"country", "year", "country code"} <= keys.keys():
        return None
    scores = _score_columns(row)
    if "wjp_overall" not in {c.indicator_id for c in scores}:
        return None
    return Layout(keys["country"], keys["year"], keys["country code"], scores)


def _find_layout(rows: Iterator[Row]) -> Layout | None:
    """Advance `rows` past the header row and return the table layout, or None if the sheet has no such table."""
    found = find_header(rows, _layout, HEADER_SCAN_ROWS)
    return found[1] if found else None


def edition_label(cell: object) -> str:
    """The edition label as published: '2012-2013', or '2014' for a year stored as a number."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def edition_year(label: str) -> int | None:
    """The year an edition label refers to: its final year ('2017-2018' -> 2018), or None if it has none."""
    years = re.findall(r"(?<!\d)(\d{4})(?!\d)", label)
    return int(years[-1]) if years else None


def _cell(row: Row, index: int) -> object:
    return row[index] if index < len(row) else None


def _extraction(title: str, country: str, label: str, year: int, header: str) -> str:
    where = f"sheet '{title}', row Country_year={country}_{label}, column \"{header}\""
    return where if label == str(year) else f"{where}; edition label {label} mapped to year {year}"


def _table_rows(title: str, layout: Layout, row: Row, where: tuple[str, int]) -> Iterator[dict[str, Any]]:
    """The tidy rows of one country-edition row of the sheet (blank cells are gaps: no row); `where` is the file's
    name and the row's number."""
    code, country = _cell(row, layout.code), _cell(row, layout.country)
    label = edition_label(_cell(row, layout.year))
    year = edition_year(label)
    iso3 = base.iso3_from_code(code)
    if iso3 is None or year is None:
        return
    for col in layout.scores:
        value = optional_number(_cell(row, col.index))
        if value is not None:
            yield {
                "country_iso3": iso3, "year": year, "source": SOURCE.name, "indicator_id": col.indicator_id,
                "indicator_name": col.header, "value": value, "unit": UNIT, "edition": label,
                "scale_min": SCALE[0], "scale_max": SCALE[1], "higher_is_better": True,
                "indicator_group": col.group, "source_country_code": str(code).strip(), "scale_bounds": "strict",
                "extraction": _extraction(title, str(country).strip(), label, year, col.header),
                **base.provenance(where[0], title, where[1], col.header),
            }


def _sheet_rows(ws: Any, file: str) -> Iterator[dict[str, Any]]:
    rows = ws.iter_rows(values_only=True)
    found = find_header(rows, _layout, HEADER_SCAN_ROWS)
    if found is None:
        return
    at, layout = found  # the header's 0-based position: data rows are numbered from at + 2
    for number, row in enumerate(rows, start=at + 2):
        yield from _table_rows(ws.title, layout, row, (file, number))


def _sorted_sheets(wb: Workbook) -> list[Any]:
    """The sheets, 'Historical Data' first: where two sheets hold the same key, the historical sheet wins."""
    return sorted(wb.worksheets, key=lambda ws: words(ws.title) != "historical data")


def _workbook_rows(path: Path) -> Iterator[dict[str, Any]]:
    with open_workbook(path) as wb:
        for ws in _sorted_sheets(wb):
            yield from _sheet_rows(ws, path.name)


def _has_layout(wb: Workbook) -> bool:
    return any(_find_layout(ws.iter_rows(values_only=True)) is not None for ws in _sorted_sheets(wb))


def recognise(path: Path) -> bool:
    """True when `path` is a WJP workbook: a sheet with Country, Year, Country Code and overall-score headers."""
    return workbook_matches(path, _has_layout)


def _rows(paths: Iterable[Path]) -> Iterator[dict[str, Any]]:
    for path in paths:
        if recognise(path):
            yield from _workbook_rows(path)


def read(paths: list[Path]) -> pd.DataFrame:
    """The tidy frame of every edition in the WJP workbooks among `paths`, WB6 + EU-27 (Kosovo = XKX)."""
    frame = pd.DataFrame(list(_rows(paths)), columns=base.ROW_COLUMNS)
    # one value per key: the first one seen ('Historical Data' sheet, first file) is kept
    return base.tidy(frame.drop_duplicates(TIDY_KEY, keep="first"))

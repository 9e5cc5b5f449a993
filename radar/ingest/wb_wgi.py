"""Adapter for the World Bank Worldwide Governance Indicators workbook, long (2024 update) or wide (until 2023)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.workbook.workbook import Workbook

from radar.ingest import base
from radar.ingest.ooxml import Row, label, number, open_workbook, workbook_matches, year_in
from radar.schema import KEPT_COUNTRIES

SOURCE = base.Source(
    source_id="wb_wgi",
    name="World Bank Worldwide Governance Indicators",
    publisher="World Bank (Kaufmann & Kraay)",
    url="https://www.govindicators.org",
    licence=(
        "World Bank dataset terms of use; the WGI is listed in the World Bank Data Catalog under CC BY 4.0 "
        "(not confirmed from a stored page)."
    ),
    citation=(
        "Kaufmann, D. and A. Kraay (2024), Worldwide Governance Indicators, 2024 Update (www.govindicators.org). "
        "The WGI do not reflect the official views of the World Bank."
    ),
    stored_copy=(
        "patakota95/Dissertation: wgidataset.xlsx @ 88d1181ed8f60627d1fa7a285cad72c651654ffe (WGI 2024 update, "
        "1996-2023; identical values in timothym4r/Politics-and-Corruption-on-FDI-GDP-relation data/wgidataset.xlsx "
        "@ 8569d44918f4a7281194414839f48e69f95c3126)"
    ),
)

DIMENSIONS: dict[str, str] = {
    "va": "Voice and Accountability",
    "pv": "Political Stability and Absence of Violence/Terrorism",
    "ge": "Government Effectiveness",
    "rq": "Regulatory Quality",
    "rl": "Rule of Law",
    "cc": "Control of Corruption",
}
EST_UNIT = "estimate (standard normal units, approx. -2.5 to 2.5)"
PCT_UNIT = "percentile rank (0-100)"
HEADER_SCAN_ROWS = 40  # a header must sit within the first rows of its sheet

# Long layout (2024 update): one row per country x dimension x year.
_LONG_REQUIRED = {"code", "year", "indicator", "estimate", "pctrank"}
# Wide layout (until the 2023 update): one sheet per dimension, named like "Political StabilityNoViolence".
_SHEET_WORDS = (("voice", "va"), ("stability", "pv"), ("effectiveness", "ge"), ("regulatory", "rq"),
                ("rule", "rl"), ("corruption", "cc"))
# Sub-header labels of a wide sheet (six per year) and the long layout's names for the same fields.
_WIDE_FIELDS = {
    "estimate": "estimate", "stderr": "stddev", "numsrc": "nsource", "rank": "pctrank", "p-rank": "pctrank",
    "percentile rank": "pctrank", "lower": "pctranklower", "upper": "pctrankupper",
}
_CODE_LABELS = {"code", "wbcode", "wb code", "country code"}
_RELEASE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s+update", re.IGNORECASE)


@dataclass(frozen=True)
class Observation:
    """One country x dimension x year of a WGI release, with where its two values sit in the file."""

    code: str
    dim: str
    year: int
    fields: dict[str, float]  # estimate, stddev, nsource, pctrank, pctranklower, pctrankupper
    where_est: str
    where_pct: str


# ---- long layout ------------------------------------------------------------------------------------------------

def _long_header(row: Row) -> dict[str, int] | None:
    """Column positions by label when `row` is the long layout's header, else None."""
    columns = {label(cell): i for i, cell in enumerate(row) if cell is not None}
    return columns if columns.keys() >= _LONG_REQUIRED else None


def _long_observation(row: Row, columns: dict[str, int]) -> Observation | None:
    cell = {name: (row[i] if i < len(row) else None) for name, i in columns.items()}
    code, dim, year = str(cell["code"] or "").strip(), label(cell["indicator"]), year_in(cell["year"])
    if not code or dim not in DIMENSIONS or year is None:
        return None
    fields = {name: number(cell.get(name)) for name in set(_WIDE_FIELDS.values())}
    row_id = str(cell.get("codeindyr") or f"{code}{dim}{year}").strip()
    return Observation(
        code, dim, year, fields,
        f"row codeindyr={row_id}, column estimate (stddev, nsource)",
        f"row codeindyr={row_id}, columns pctrank, pctranklower, pctrankupper (90% CI)",
    )


def _long_observations(columns: dict[str, int], rows: Iterable[Row]) -> Iterator[Observation]:
    for row in rows:
        found = _long_observation(row, columns)
        if found is not None:
            yield found


# ---- wide layout ------------------------------------------------------------------------------------------------

def sheet_dimension(title: str) -> str | None:
    """The dimension code of a wide sheet's name ('RuleofLaw' -> 'rl'), or None."""
    text = title.lower()
    return next((dim for word, dim in _SHEET_WORDS if word in text), None)


def _is_subheader(row: Row) -> bool:
    labels = {label(cell) for cell in row}
    return {"estimate", "stderr", "numsrc"} <= labels


def _year_columns(years_row: Row, subheader: Row) -> dict[int, tuple[int, str]]:
    """Column -> (year, field) of a wide sheet; a year cell spans its six columns (merged: value in the first)."""
    columns: dict[int, tuple[int, str]] = {}
    year = None
    for i, cell in enumerate(subheader):
        year = (year_in(years_row[i]) if i < len(years_row) else None) or year
        field = _WIDE_FIELDS.get(label(cell))
        if year is not None and field is not None:
            columns[i] = (year, field)
    return columns


def _code_column(*rows: Row) -> int | None:
    return next((i for row in rows for i, cell in enumerate(row) if label(cell) in _CODE_LABELS), None)


def _wide_observations(title: str, dim: str, head: list[Row], at: int, rows: Iterable[Row]) -> Iterator[Observation]:
    """The observations of a wide sheet whose sub-header row is head[at] (years in the row above)."""
    code_at = _code_column(head[at], head[at - 1])
    columns = _year_columns(head[at - 1], head[at])
    if code_at is None or not columns:
        return
    for row in rows:
        code = str(row[code_at] or "").strip() if code_at < len(row) else ""
        if not code:
            continue
        by_year: dict[int, dict[str, float]] = {}
        for i, (year, field) in columns.items():
            by_year.setdefault(year, {})[field] = number(row[i]) if i < len(row) else math.nan
        for year, fields in by_year.items():
            where = f"sheet '{title}', row Code={code}, {year} columns"
            yield Observation(code, dim, year, fields, f"{where} Estimate (StdErr, NumSrc)",
                              f"{where} Rank, Lower, Upper (90% CI)")


# ---- workbook -----------------------------------------------------------------------------------------------------

def _sheet_observations(title: str, rows: Iterator[Row]) -> Iterator[Observation]:
    """The observations of one sheet in either layout (none if the sheet is neither)."""
    head = list(islice(rows, HEADER_SCAN_ROWS))
    for at, row in enumerate(head):
        columns = _long_header(row)
        if columns is not None:
            yield from _long_observations(columns, chain(head[at + 1:], rows))
            return
        dim = sheet_dimension(title)
        if dim is not None and at > 0 and _is_subheader(row):
            yield from _wide_observations(title, dim, head, at, chain(head[at + 1:], rows))
            return


def _stated_release(book: Workbook) -> int | None:
    """The release year in a title cell ('The Worldwide Governance Indicators, 2023 Update'), if any."""
    for ws in book.worksheets:
        for row in ws.iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True):
            for cell in row:
                found = _RELEASE.search(str(cell)) if isinstance(cell, str) else None
                if found:
                    return int(found.group(1))
    return None


def _is_release(book: Workbook) -> bool:
    for ws in book.worksheets:
        head = list(ws.iter_rows(max_row=HEADER_SCAN_ROWS, values_only=True))
        if any(_long_header(row) for row in head):
            return True
        if sheet_dimension(ws.title) and any(_is_subheader(row) for row in head[1:]):
            return True
    return False


def recognise(path: Path) -> bool:
    """True when `path` is a WGI workbook: a long codeindyr/estimate/pctrank table or per-dimension wide sheets."""
    return workbook_matches(path, _is_release)


# ---- tidy rows ------------------------------------------------------------------------------------------------

def _tidy_rows(obs: Observation, edition: str) -> Iterator[dict[str, Any]]:
    group = DIMENSIONS[obs.dim]
    common = {
        "country_iso3": base.iso3_from_code(obs.code), "year": obs.year, "source": SOURCE.name, "edition": edition,
        "higher_is_better": True, "indicator_group": group, "source_country_code": obs.code,
        "n_sources": obs.fields.get("nsource", math.nan),
    }
    estimate, pctrank = obs.fields.get("estimate", math.nan), obs.fields.get("pctrank", math.nan)
    if not math.isnan(estimate):
        yield common | {
            "indicator_id": f"wgi_{obs.dim}_est", "indicator_name": f"{group}: Estimate", "value": estimate,
            "unit": EST_UNIT, "std_error": obs.fields.get("stddev", math.nan), "lower": math.nan, "upper": math.nan,
            "scale_min": -2.5, "scale_max": 2.5, "extraction": obs.where_est,
        }
    if not math.isnan(pctrank):
        yield common | {
            "indicator_id": f"wgi_{obs.dim}_pctrank", "indicator_name": f"{group}: Percentile Rank",
            "value": pctrank, "unit": PCT_UNIT, "std_error": math.nan,
            "lower": obs.fields.get("pctranklower", math.nan), "upper": obs.fields.get("pctrankupper", math.nan),
            "scale_min": 0.0, "scale_max": 100.0, "extraction": obs.where_pct,
        }


def _release_frame(observations: Sequence[Observation], release: int) -> pd.DataFrame:
    """The rows of the countries we keep (filtered early: the long table has 214 countries)."""
    edition = f"{release} update"
    kept = [obs for obs in observations if base.iso3_from_code(obs.code) in KEPT_COUNTRIES]
    frame = pd.DataFrame([row for obs in kept for row in _tidy_rows(obs, edition)])
    return frame.assign(release=release)


def read_file(path: Path) -> pd.DataFrame:
    """The WB6 + EU-27 rows of one WGI workbook, untidied, with its release year in column `release`.

    The release is the year stated in a title cell ('2023 Update') or else the last data year + 1 (the 2024 update
    covers 1996-2023).
    """
    with open_workbook(path) as book:
        observations = [obs for ws in book.worksheets
                        for obs in _sheet_observations(ws.title, ws.iter_rows(values_only=True))]
        release = _stated_release(book)
    if not observations:
        raise ValueError(f"{path}: no WGI table found")
    return _release_frame(observations, release or max(obs.year for obs in observations) + 1)


def read(paths: list[Path]) -> pd.DataFrame:
    """The tidy frame of the WGI releases among `paths` (WB6 + EU-27); a newer release supersedes an older one."""
    frames = [read_file(path) for path in paths if recognise(path)]
    if not frames:
        raise ValueError(f"no WGI workbook among {[str(p) for p in paths]}")
    return base.tidy_newest_release(frames)

"""Adapter for the World Bank Worldwide Governance Indicators workbook: per-dimension long sheets (the 2025 revision
and 2026 update), one long sheet (2024 update) or per-dimension wide sheets (until the 2023 update)."""

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
SCORE_UNIT = "governance score (0-100, the publisher's absolute scale since the 2025 revision)"
HEADER_SCAN_ROWS = 40  # a header must sit within the first rows of its sheet


@dataclass(frozen=True)
class Kind:
    """One WGI indicator per dimension: which fields of an observation give its value, error and bounds."""

    suffix: str  # indicator id = wgi_<dim>_<suffix>
    name: str
    unit: str
    scale: tuple[float, float]
    bounds: str  # radar.schema.SCALE_BOUNDS
    value: str
    std_error: str | None
    lower: str | None
    upper: str | None


KINDS = (
    # The estimate's scale is nominal: "approx. -2.5 to +2.5" in the publisher's own header; a value may pass it.
    Kind("est", "Estimate", EST_UNIT, (-2.5, 2.5), "nominal", "estimate", "stddev", "estlower", "estupper"),
    Kind("pctrank", "Percentile Rank", PCT_UNIT, (0.0, 100.0), "strict", "pctrank", None, "pctranklower",
         "pctrankupper"),
    # From the 2025 revision on: the publisher's own 0-100 normalisation (anchored to fixed benchmark countries).
    Kind("score", "Governance Score (0-100)", SCORE_UNIT, (0.0, 100.0), "strict", "score", "scorese", "scorelower",
         "scoreupper"),
)

# Long layouts, one row per economy x dimension x year. The 2024 update: one sheet, lower-case field names. The 2025
# revision and the 2026 update: one sheet per dimension (va ... cc), header on row 1, the publisher's long labels
# ('Governance estimate (approx. -2.5 to +2.5)'), matched by their first words so that a reworded range still reads.
_LONG_2024 = {"codeindyr": "id", "code": "code", "year": "year", "indicator": "dim", "estimate": "estimate",
              "stddev": "stddev", "nsource": "nsource", "pctrank": "pctrank", "pctranklower": "pctranklower",
              "pctrankupper": "pctrankupper"}
_LONG_2025 = (("id variable", "id"), ("economy (code)", "code"), ("governance dimension", "dim"),
              ("number of sources", "nsource"), ("governance estimate", "estimate"), ("governance score", "score"))
_REQUIRED = ({"code", "year", "dim", "estimate", "pctrank"}, {"code", "year", "estimate", "score"})
_NUMBERS = {k.value for k in KINDS} | {f for k in KINDS for f in (k.std_error, k.lower, k.upper) if f} | {"nsource"}
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
    """One country x dimension x year of a WGI release, with where its values sit in the file."""

    code: str
    dim: str
    year: int
    fields: dict[str, float]  # estimate, stddev, nsource, pctrank, ..., score, scorese, ... (NaN when blank)
    sheet: str
    row: int  # 1-based, as a spreadsheet shows it
    columns: dict[str, str]  # value field (estimate, pctrank, score) -> its column's header as published
    notes: dict[str, str]  # kind suffix (est, pctrank, score) -> where the value was read, in words


# ---- long layouts -----------------------------------------------------------------------------------------------

def long_field(cell: object) -> str | None:
    """The field of a long layout's header cell ('Lower threshold (90% conf. int. score)' -> 'scorelower')."""
    text = label(cell)
    if text in _LONG_2024:
        return _LONG_2024[text]
    if text.startswith("standard error"):
        return "scorese" if "score" in text else "stddev"
    if text.startswith(("lower threshold", "upper threshold")):
        return ("score" if "score" in text else "est") + text[:5]
    return next((field for prefix, field in _LONG_2025 if text.startswith(prefix)), None)


def _long_header(row: Row, title: str) -> dict[str, int] | None:
    """Column positions by field when `row` is a long layout's header on sheet `title`, else None."""
    columns: dict[str, int] = {}
    for i, cell in enumerate(row):
        field = long_field(cell) if cell is not None else None
        if field is not None:
            columns.setdefault(field, i)
    if title.strip().lower() in DIMENSIONS:
        columns.setdefault("dim", -1)  # the sheet itself names the dimension
    return columns if any(columns.keys() >= required for required in _REQUIRED) else None


def _dimension(cell: object, title: str) -> str | None:
    """The dimension code of a row: its dimension cell ('cc', 'Control of Corruption') or else its sheet ('cc')."""
    text = label(cell)
    return text if text in DIMENSIONS else sheet_dimension(text) or (
        title.strip().lower() if title.strip().lower() in DIMENSIONS else None)


def _long_observation(title: str, published: dict[str, str], row: Row, columns: dict[str, int], at: int
                      ) -> Observation | None:
    cell = {name: (row[i] if 0 <= i < len(row) else None) for name, i in columns.items()}
    code, year = str(cell["code"] or "").strip(), year_in(cell["year"])
    dim = _dimension(cell["dim"], title)
    if not code or dim is None or year is None:
        return None
    fields = {name: number(cell.get(name)) for name in _NUMBERS}
    row_id = str(cell.get("id") or f"{code}{dim}{year}").strip()
    if "score" not in columns and "pctrank" in columns:  # the 2024 update: one sheet, lower-case names
        notes = {"est": f"row codeindyr={row_id}, column estimate (stddev, nsource)",
                 "pctrank": f"row codeindyr={row_id}, columns pctrank, pctranklower, pctrankupper (90% CI)"}
    else:
        where = f"sheet '{title}', row ID={row_id}, column"
        notes = {"est": f'{where} "{published.get("estimate")}" (standard error, number of sources, 90% bounds)',
                 "score": f'{where} "{published.get("score")}" (standard error, 90% bounds)'}
    return Observation(code, dim, year, fields, title, at, published, notes)


def _long_observations(title: str, header: Row, columns: dict[str, int], rows: Iterable[Row], first: int
                       ) -> Iterator[Observation]:
    published = {name: " ".join(str(header[i]).split()) for name, i in columns.items() if i >= 0}
    for at, row in enumerate(rows, start=first):
        found = _long_observation(title, published, row, columns, at)
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


def _year_columns(years_row: Row, subheader: Row) -> dict[int, tuple[int, str, str]]:
    """Column -> (year, field, header) of a wide sheet; a year cell spans its six columns (merged: value in the
    first); the header as published is the year and the sub-header ('2012 Estimate')."""
    columns: dict[int, tuple[int, str, str]] = {}
    year = None
    for i, cell in enumerate(subheader):
        year = (year_in(years_row[i]) if i < len(years_row) else None) or year
        field = _WIDE_FIELDS.get(label(cell))
        if year is not None and field is not None:
            columns[i] = (year, field, f"{year} {' '.join(str(cell).split())}")
    return columns


def _code_column(*rows: Row) -> int | None:
    return next((i for row in rows for i, cell in enumerate(row) if label(cell) in _CODE_LABELS), None)


def _wide_observations(title: str, dim: str, head: list[Row], at: int, rows: Iterable[Row]) -> Iterator[Observation]:
    """The observations of a wide sheet whose sub-header row is head[at] (years in the row above)."""
    code_at = _code_column(head[at], head[at - 1])
    columns = _year_columns(head[at - 1], head[at])
    if code_at is None or not columns:
        return
    for number_at, row in enumerate(rows, start=at + 2):
        code = str(row[code_at] or "").strip() if code_at < len(row) else ""
        if not code:
            continue
        by_year: dict[int, dict[str, float]] = {}
        headers: dict[int, dict[str, str]] = {}
        for i, (year, field, header) in columns.items():
            by_year.setdefault(year, {})[field] = number(row[i]) if i < len(row) else math.nan
            headers.setdefault(year, {})[field] = header
        for year, fields in by_year.items():
            where = f"sheet '{title}', row Code={code}, {year} columns"
            notes = {"est": f"{where} Estimate (StdErr, NumSrc)", "pctrank": f"{where} Rank, Lower, Upper (90% CI)"}
            yield Observation(code, dim, year, fields, title, number_at, headers[year], notes)


# ---- workbook -----------------------------------------------------------------------------------------------------

def _sheet_observations(title: str, rows: Iterator[Row]) -> Iterator[Observation]:
    """The observations of one sheet in any layout (none if the sheet is none of them)."""
    head = list(islice(rows, HEADER_SCAN_ROWS))
    for at, row in enumerate(head):
        columns = _long_header(row, title)
        if columns is not None:
            yield from _long_observations(title, row, columns, chain(head[at + 1:], rows), at + 2)
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
        if any(_long_header(row, ws.title) for row in head):
            return True
        if sheet_dimension(ws.title) and any(_is_subheader(row) for row in head[1:]):
            return True
    return False


def recognise(path: Path) -> bool:
    """True when `path` is a WGI workbook: a long table (codeindyr/estimate/pctrank, or the 2025 revision's
    economy/year/governance estimate/governance score sheets) or per-dimension wide sheets."""
    return workbook_matches(path, _is_release)


# ---- tidy rows ------------------------------------------------------------------------------------------------

def _tidy_rows(obs: Observation, edition: str, file: str) -> Iterator[dict[str, Any]]:
    group = DIMENSIONS[obs.dim]
    common = {
        "country_iso3": base.iso3_from_code(obs.code), "year": obs.year, "source": SOURCE.name, "edition": edition,
        "higher_is_better": True, "indicator_group": group, "source_country_code": obs.code,
        "n_sources": obs.fields.get("nsource", math.nan),
    }
    for kind in KINDS:
        value = obs.fields.get(kind.value, math.nan)
        if math.isnan(value):
            continue
        yield common | {
            "indicator_id": f"wgi_{obs.dim}_{kind.suffix}", "indicator_name": f"{group}: {kind.name}",
            "value": value, "unit": kind.unit, "scale_min": kind.scale[0], "scale_max": kind.scale[1],
            "scale_bounds": kind.bounds, "extraction": obs.notes.get(kind.suffix, ""),
            **{name: obs.fields.get(field, math.nan) if field else math.nan
               for name, field in (("std_error", kind.std_error), ("lower", kind.lower), ("upper", kind.upper))},
            **base.provenance(file, obs.sheet, obs.row, obs.columns.get(kind.value)),
        }


def _release_frame(observations: Sequence[Observation], release: int, file: str) -> pd.DataFrame:
    """The rows of the countries we keep (filtered early: the long table has 214 countries)."""
    edition = f"{release} update"
    kept = [obs for obs in observations if base.iso3_from_code(obs.code) in KEPT_COUNTRIES]
    frame = pd.DataFrame([row for obs in kept for row in _tidy_rows(obs, edition, file)])
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
    return _release_frame(observations, release or max(obs.year for obs in observations) + 1, path.name)


def read(paths: list[Path]) -> pd.DataFrame:
    """The tidy frame of the WGI releases among `paths` (WB6 + EU-27); a newer release supersedes an older one."""
    frames = [read_file(path) for path in paths if recognise(path)]
    if not frames:
        raise ValueError(f"no WGI workbook among {[str(p) for p in paths]}")
    return base.tidy_newest_release(frames)

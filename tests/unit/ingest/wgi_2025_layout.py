"""Workbooks in the WGI layout of the 2025 revision and the 2026 update, generated for the tests (the World Bank's
files are too large to commit).

The layout is the publisher's (issue 15): sheets exactly va, pv, ge, rq, rl, cc, header on row 1, one row per economy
and year (an economy without data has no row), the 16 columns named verbatim, then source-level means. The numbers
are NOT the World Bank's 2025/2026 values: the estimates, standard errors and numbers of sources of 1996-2023 are the
2024 update's (tests/fixtures/sources/wb_wgi.csv), the later years repeat 2023's shifted by 0.01 a year, the 90%
bounds are estimate +- 1.645 standard errors and the 0-100 score is a linear map made up for the fixture. Each test
compares what is stored with what this file holds, read back independently with openpyxl.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"
SHEETS = ("va", "pv", "ge", "rq", "rl", "cc")
HEADER = (
    "ID variable (economy code/ gov. dimension/ year)", "Economy (name)", "Economy (code)", "Region",
    "Income classification", "Year", "Governance dimension", "Number of sources",
    "Governance estimate (approx. -2.5 to +2.5)", "Standard error (estimate)",
    "Lower threshold (90% conf. int. estimate)", "Upper threshold (90% conf. int. estimate)",
    "Governance score (0-100)", "Standard error (gov. score)", "Lower threshold (90% conf. int. score)",
    "Upper threshold (90% conf. int. score)", "FRH mean", "VDM mean", "EIU mean",
)
EST, SCORE = HEADER[8], HEADER[12]
DIM_NAMES = {"va": "Voice and Accountability", "pv": "Political Stability and Absence of Violence/Terrorism",
             "ge": "Government Effectiveness", "rq": "Regulatory Quality", "rl": "Rule of Law",
             "cc": "Control of Corruption"}
NEW_CODES = {"KSV": "XKX", "ROM": "ROU"}  # the 2024 update's codes -> the 2025 layout's
OTHERS = {"AFG": "Afghanistan", "USA": "United States"}  # economies the Radar does not keep
Z90 = 1.645


@dataclass(frozen=True)
class Cell:
    """Where a generated value sits: sheet, 1-based row, column header."""

    sheet: str
    row: int
    column: str


def _base_rows() -> pd.DataFrame:
    """The 2024 update's estimates of the WB6 and EU-27 (tidy CSVs), one row per code, dimension and year."""
    frames = [pd.read_csv(FIXTURES / f"wb_wgi{s}.csv", dtype={"source_country_code": "str"}) for s in ("", "_eu27")]
    est = pd.concat(frames, ignore_index=True)
    est = est[est["indicator_id"].str.endswith("_est")]
    return est.assign(dim=est["indicator_id"].str.split("_").str[1],
                      code=est["source_country_code"].replace(NEW_CODES))


def _score(estimate: float) -> float:
    return round(min(100.0, max(0.0, 50.0 + 18.0 * estimate)), 4)


def layout_rows(last_year: int, dim_label: str = "code") -> dict[str, list[list[object]]]:
    """The data rows of each sheet for data up to `last_year` (2024: the 2025 revision; 2025: the 2026 update).

    `dim_label` 'code' writes 'va' in the Governance dimension column, 'name' the dimension's name."""
    base = _base_rows()
    latest = base[base["year"] == 2023]
    later = [latest.assign(year=y, value=latest["value"] + 0.01 * (y - 2023)) for y in range(2024, last_year + 1)]
    rows = pd.concat([base, *later], ignore_index=True)
    others = rows[rows["code"] == "ALB"].assign(code="AFG", country_name=OTHERS["AFG"])
    usa = rows[rows["code"] == "DNK"].assign(code="USA", country_name=OTHERS["USA"])
    rows = pd.concat([others, usa, rows], ignore_index=True).sort_values(["code", "year"], kind="stable")
    sheets: dict[str, list[list[object]]] = {}
    for dim in SHEETS:
        out = []
        for r in rows[rows["dim"] == dim].itertuples(index=False):
            est, se = float(r.value), float(r.std_error)
            score = _score(est)
            region = None if r.code == "XKX" else "Europe & Central Asia"
            out.append([f"{r.code}{dim}{r.year}", r.country_name, r.code, region, None, int(r.year),
                        dim if dim_label == "code" else DIM_NAMES[dim], int(r.n_sources), est, se,
                        est - Z90 * se, est + Z90 * se, score, round(18.0 * se, 4),
                        _score(est - Z90 * se), _score(est + Z90 * se), 0.61, None, 0.55])
        sheets[dim] = out
    return sheets


def write_layout(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for dim in SHEETS:
        ws = book.create_sheet(dim)
        ws.append(list(HEADER))
        for row in sheets[dim]:
            ws.append(row)
    book.save(path)
    return path


def file_values(path: Path) -> dict[tuple[str, int, str], tuple[float, ...]]:
    """(economy code, year, indicator id) -> (value, std error, lower, upper, n sources) as the workbook holds them,
    read back with openpyxl alone; plus Cell positions under key (code, year, indicator id, 'cell')."""
    found: dict = {}
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        for ws in book.worksheets:
            rows = ws.iter_rows(values_only=True)
            header = list(next(rows))
            at = {name: header.index(name) for name in header}
            for number, row in enumerate(rows, start=2):
                code, year = row[at["Economy (code)"]], int(row[at["Year"]])
                n = float(row[at["Number of sources"]])
                for kind, first in (("est", 8), ("score", 12)):
                    found[(code, year, f"wgi_{ws.title}_{kind}")] = (*(float(row[first + i]) for i in range(4)), n)
                    found[(code, year, f"wgi_{ws.title}_{kind}", "cell")] = Cell(ws.title, number, header[first])
    finally:
        book.close()
    return found

"""What the adapter tests share: the tidy CSVs as the expected answer, and how a frame is compared with them."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from radar.schema import TIDY_KEY

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "sources"
TOL = 1e-9


def expected_rows(source_id: str) -> pd.DataFrame:
    """The tidy CSVs of one source, WB6 and EU-27 rows together."""
    text = {"edition": "str", "source_country_code": "str"}
    parts = [pd.read_csv(FIXTURES / f"{source_id}{s}.csv", dtype=text) for s in ("", "_eu27")]
    return pd.concat(parts, ignore_index=True)


def keys(df: pd.DataFrame) -> set[tuple[str, int, str]]:
    return set(df[TIDY_KEY].itertuples(index=False, name=None))


def merged(actual: pd.DataFrame, wanted: pd.DataFrame) -> pd.DataFrame:
    """`wanted` beside `actual` on the tidy key (wanted's columns suffixed _want); every key must be in both."""
    out = wanted.merge(actual, on=TIDY_KEY, how="outer", suffixes=("_want", ""), indicator=True)
    assert (out["_merge"] == "both").all(), out.loc[out["_merge"] != "both", [*TIDY_KEY, "_merge"]]
    return out


def assert_close(both: pd.DataFrame, column: str, tol: float = TOL) -> None:
    """`column` equals its _want twin to `tol` (blank in both counts as equal)."""
    got, want = both[column].to_numpy(float), both[f"{column}_want"].to_numpy(float)
    same = np.isclose(got, want, rtol=0, atol=tol) | (np.isnan(got) & np.isnan(want))
    assert same.all(), both.loc[~same, [*TIDY_KEY, column, f"{column}_want"]].head()


def assert_same_values(actual: pd.DataFrame, wanted: pd.DataFrame, tol: float = TOL) -> None:
    assert_close(merged(actual, wanted), "value", tol)


def row(df: pd.DataFrame, iso3: str, year: int, indicator: str) -> pd.Series:
    """The one row of a country, year and indicator."""
    hit = df[(df.country_iso3 == iso3) & (df.year == year) & (df.indicator_id == indicator)]
    assert len(hit) == 1, (iso3, year, indicator)
    return hit.iloc[0]


def value(df: pd.DataFrame, iso3: str, year: int, indicator: str) -> float:
    return float(row(df, iso3, year, indicator)["value"])


# ---- provenance: the adapter's sheet, row and column fields lead to the value ------------------------------------

def _label(cell: object) -> str | None:
    return " ".join(str(cell).split()) if cell is not None else None


def cell_at(folder: Path, file: str, sheet: str, row: int, column: str, books: dict) -> object:
    """The cell of a workbook at (sheet, 1-based row) under the header `column` (searched in the first 40 rows),
    read with openpyxl alone; the workbook's rows are cached in `books`."""
    from radar.ingest.ooxml import open_workbook  # Strict OOXML (the CPI workbook) needs the namespace mapping

    if (file, sheet) not in books:
        with open_workbook(folder / file) as book:
            books[(file, sheet)] = list(book[sheet].iter_rows(values_only=True))
    rows = books[(file, sheet)]
    at = [j for head in rows[:40] for j, c in enumerate(head) if _label(c) == column]
    assert at, f"no column {column!r} in {file} {sheet}"
    cells = rows[row - 1]
    return next((cells[j] for j in at if j < len(cells) and cells[j] is not None), None)


def assert_provenance_leads_to_values(frame: pd.DataFrame, folder: Path, n: int = 120) -> None:
    """Every sampled workbook row: the file, sheet, 1-based row and column header it names hold its value."""
    books: dict = {}
    sample = frame[frame["source_file"].str.endswith(".xlsx")]
    assert len(sample) > 0 and sample[["source_sheet", "source_row", "source_column"]].notna().all().all()
    for r in sample.sample(min(n, len(sample)), random_state=7).itertuples(index=False):
        cell = cell_at(folder, r.source_file, r.source_sheet, int(r.source_row), r.source_column, books)
        assert cell is not None and abs(float(cell) - r.value) <= TOL, (r.country_iso3, r.year, r.indicator_id)

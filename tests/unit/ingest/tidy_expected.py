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

"""Tests of the TI CPI adapter: the Strict original in data/raw/ and other release layouts against the tidy CSVs."""

from __future__ import annotations

import math
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import tidy_expected as tidy

from radar.ingest import ooxml, ti_cpi
from radar.schema import TIDY_COLUMNS, TIDY_KEY

ROOT = Path(__file__).resolve().parents[3]
RAW = ROOT / "data" / "raw"
CPI_FILE = RAW / "ti_cpi" / "CPI2025_Results.xlsx"
NUMBERS = ["value", "lower", "upper", "std_error", "n_sources", "rank", "rank_of", "scale_min", "scale_max"]
METADATA = [
    "country_name", "source", "indicator_name", "unit", "edition", "higher_is_better", "indicator_group",
    "source_country_code", "extraction",
]
RANK_OF = {2012: 176, 2013: 177, 2014: 175, 2015: 168, 2016: 176, **dict.fromkeys(range(2017, 2025), 180), 2025: 182}


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return ti_cpi.read([CPI_FILE])


@pytest.fixture(scope="module")
def expected() -> pd.DataFrame:
    return tidy.expected_rows("ti_cpi")


@pytest.fixture(scope="module")
def original_sheets() -> dict[str, list[tuple]]:
    """Every row of every sheet of the Strict original, by sheet name (to build other layouts from)."""
    with ooxml.open_workbook(CPI_FILE) as book:
        return {ws.title: list(ws.iter_rows(values_only=True)) for ws in book.worksheets}


def _row(df: pd.DataFrame, iso3: str, year: int) -> pd.Series:
    return tidy.row(df, iso3, year, "cpi_score")


def _save(tmp_path: Path, name: str, sheets: dict[str, list[tuple]]) -> Path:
    """A transitional workbook with the given sheets (rows written as they are)."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        ws = book.create_sheet(title)
        for row in rows:
            ws.append(list(row))
    path = tmp_path / name
    book.save(path)
    return path


# ---- the Strict original against the tidy CSVs --------------------------------------------------------------

def test_frame_has_the_tidy_schema(frame: pd.DataFrame) -> None:
    assert list(frame.columns) == list(TIDY_COLUMNS)
    assert {c: str(t) for c, t in frame.dtypes.items()} == TIDY_COLUMNS
    assert not frame.duplicated(TIDY_KEY).any()
    assert frame["value"].notna().all()


def test_keys_equal_the_tidy_csvs(frame: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert len(frame) == len(expected) == 84 + 378
    assert tidy.keys(frame) == tidy.keys(expected)


@pytest.mark.parametrize("column", NUMBERS)
def test_numbers_equal_the_tidy_csvs(frame: pd.DataFrame, expected: pd.DataFrame, column: str) -> None:
    tidy.assert_close(tidy.merged(frame, expected), column)


@pytest.mark.parametrize("column", METADATA)
def test_metadata_equals_the_tidy_csvs(frame: pd.DataFrame, expected: pd.DataFrame, column: str) -> None:
    merged = tidy.merged(frame, expected)
    differ = merged[column].astype(str) != merged[f"{column}_want"].astype(str)
    assert not differ.any(), merged.loc[differ, [*TIDY_KEY, column, f"{column}_want"]].head()


def test_source_metadata_matches_the_csvs_and_sources_md(expected: pd.DataFrame) -> None:
    source = ti_cpi.SOURCE
    assert source.source_id == CPI_FILE.parent.name == "ti_cpi"
    assert {source.name} == set(expected["source"])
    assert {source.stored_copy} == set(expected["stored_copy"])
    assert "CC BY-ND 4.0" in source.licence and "CC BY-ND 4.0" in source.citation
    assert source.url == "https://www.transparency.org/cpi"


def test_montenegro_2025_is_46_ranked_65_of_182(frame: pd.DataFrame) -> None:
    row = _row(frame, "MNE", 2025)
    assert (row.value, row["rank"], row.rank_of) == (46, 65, 182)
    assert row.lower < 46 < row.upper
    assert row.edition == "CPI 2025 release (series 2012-2025)"


@pytest.mark.parametrize(
    ("year", "published"),
    [  # SOURCES.md: europeanwesternbalkans.com, balkanview.com, prishtinainsight.com
        (2024, {"MNE": (46, 65), "XKX": (44, 73), "ALB": (42, 80), "MKD": (40, 88), "SRB": (35, 105),
                "BIH": (33, 114)}),
        (2025, {"MNE": (46, 65), "XKX": (43, 76), "MKD": (40, 84), "ALB": (39, 91), "BIH": (34, 109),
                "SRB": (33, 116)}),
    ],
)
def test_wb6_scores_and_ranks_match_the_press(frame: pd.DataFrame, year: int, published: dict) -> None:
    for iso3, (score, rank) in published.items():
        row = _row(frame, iso3, year)
        assert (row.value, row["rank"]) == (score, rank), iso3


def test_kosovo_is_xkx_with_the_source_code_kept(frame: pd.DataFrame) -> None:
    kosovo = frame[frame.country_iso3 == "XKX"]
    assert sorted(kosovo.year) == list(range(2012, 2026))
    assert set(kosovo.source_country_code) == {"KSV"}
    assert set(kosovo.country_name) == {"Kosovo"}


def test_rank_of_is_the_number_of_countries_scored_each_year(frame: pd.DataFrame) -> None:
    assert frame.groupby("year")["rank_of"].unique().map(list).to_dict() == {y: [n] for y, n in RANK_OF.items()}


def test_only_wb6_and_eu27_are_kept(frame: pd.DataFrame) -> None:
    assert frame.groupby("year")["country_iso3"].nunique().eq(33).all()


# ---- recognise ------------------------------------------------------------------------------------------------

def test_recognises_its_own_release() -> None:
    assert ti_cpi.recognise(CPI_FILE)


@pytest.mark.parametrize(
    "path", [p for p in sorted(RAW.glob("*/*")) if p.parent.name != "ti_cpi"], ids=lambda p: p.name
)
def test_does_not_recognise_other_publishers(path: Path) -> None:
    assert not ti_cpi.recognise(path)


def _foreign_files(tmp_path: Path) -> list[Path]:
    text = tmp_path / "notes.txt"
    text.write_text("ISO3,CPI score\nALB,39\n")
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    corrupt = tmp_path / "corrupt.xlsx"
    corrupt.write_bytes(CPI_FILE.read_bytes()[:50_000])
    not_a_workbook = tmp_path / "other.xlsx"
    with zipfile.ZipFile(not_a_workbook, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    unrelated = _save(tmp_path, "unrelated.xlsx", {"Data": [("Country", "ISO3", "Score"), ("Albania", "ALB", 39)]})
    return [text, empty, corrupt, not_a_workbook, unrelated, tmp_path, tmp_path / "missing.xlsx"]


def test_does_not_recognise_other_files_and_never_raises(tmp_path: Path) -> None:
    for path in _foreign_files(tmp_path):
        assert not ti_cpi.recognise(path), path.name


def test_read_rejects_a_folder_without_a_release() -> None:
    with pytest.raises(ValueError, match="no CPI workbook"):
        ti_cpi.read([RAW / "wb_wgi" / "wgidataset.xlsx"])


# ---- the Strict OOXML helper ----------------------------------------------------------------------------------

def test_strict_workbook_is_mapped_to_transitional() -> None:
    with zipfile.ZipFile(CPI_FILE) as archive:
        assert ooxml.is_strict(archive)
    with pytest.warns(UserWarning):  # openpyxl alone finds no sheet in it
        plain = openpyxl.load_workbook(CPI_FILE, read_only=True)
    assert plain.sheetnames == []
    plain.close()
    with ooxml.open_workbook(CPI_FILE) as book:
        assert "CPI Historical" in book.sheetnames and len(book.sheetnames) == 6
        assert book["CPI Historical"]["A4"].value == "Country / Territory"


def test_cell_helpers() -> None:
    assert ooxml.label("  CPI  Score 2013 ") == "cpi score 2013"
    assert math.isnan(ooxml.number("..")) and math.isnan(ooxml.number("#N/A")) and math.isnan(ooxml.number(None))
    assert ooxml.number(" 46 ") == 46.0 and ooxml.number(1.5) == 1.5
    assert ooxml.year_in("CPI 2025 score") == 2025 and ooxml.year_in(2012) == 2012 and ooxml.year_in("Rank") is None
    assert ti_cpi.header_field("CPI Score 2013") == (2013, "value")
    assert ti_cpi.header_field("Standard error 2025") == (2025, "std_error")
    assert ti_cpi.header_field("CPI score for reference year") == (None, None)


# ---- other release layouts ------------------------------------------------------------------------------------

def _shifted(rows: list[tuple], title: str, blank: int) -> list[tuple]:
    """The table rows of a sheet (header first) under a title and `blank` empty rows: the header moves."""
    header_at = next(i for i, row in enumerate(rows) if "ISO3" in row)
    return [(title,), *[()] * blank, *rows[header_at:]]


@pytest.fixture(scope="module")
def long_copy(tmp_path_factory: pytest.TempPathFactory, original_sheets: dict) -> Path:
    """A transitional copy of the historical sheet under another name, its header 5 rows lower, after a decoy."""
    sheets = {
        "Read me": [("Corruption Perceptions Index",), ("ISO3 codes are used throughout",)],
        "Historical data": _shifted(original_sheets["CPI Historical"], "CPI: historical results", 5),
    }
    return _save(tmp_path_factory.mktemp("cpi"), "cpi_long.xlsx", sheets)


def test_long_sheet_under_another_name_and_header_row(long_copy: Path, frame: pd.DataFrame) -> None:
    assert ti_cpi.recognise(long_copy)
    other = ti_cpi.read([long_copy])
    merged = tidy.merged(other, frame)
    for column in NUMBERS:
        tidy.assert_close(merged, column)
    assert (merged["edition"] == merged["edition_want"]).all()
    assert other["extraction"].str.startswith("sheet 'Historical data', row ISO3=").all()


def _wide_release(tmp_path: Path, original_sheets: dict) -> Path:
    """An older-style transitional release: time-series + one-year sheets only, renamed, headers on other rows."""
    sheets = {
        "CPI 2025": _shifted(original_sheets["CPI2025"], "CPI 2025: global scores", 1),
        "CPI Timeseries 2012 - 2025": _shifted(original_sheets["CPI Timeseries 2012 - 2025"], "Time series", 0),
        "Regional averages": original_sheets["CPI 2025 Regional Averages"],
    }
    return _save(tmp_path, "cpi_wide.xlsx", sheets)


def test_wide_time_series_release(tmp_path: Path, original_sheets: dict, expected: pd.DataFrame) -> None:
    wide = ti_cpi.read([_wide_release(tmp_path, original_sheets)])
    merged = tidy.merged(wide, expected)
    for column in ["value", "n_sources"]:
        tidy.assert_close(merged, column)
    # the time series lists only the countries of the current edition: Puerto Rico (scored 2012-2014) is missing
    counted = merged["rank_of_want"] - merged["year"].isin([2012, 2013, 2014])
    assert (merged["rank_of"] == counted).all()
    # the time series rounds what the historical sheet stores as float32 (1.51 vs 1.5099999904632568)
    tidy.assert_close(merged, "std_error", tol=1e-6)
    # the time series has no rank before 2017 and no confidence interval: those come from the 2025 sheet only
    ranked, latest = merged["year"] >= 2017, merged["year"] == 2025
    tidy.assert_close(merged[ranked], "rank")
    assert merged.loc[~ranked, "rank"].isna().all()
    for column in ["lower", "upper"]:
        tidy.assert_close(merged[latest], column)
        assert merged.loc[~latest, column].isna().all()
    assert set(wide["edition"]) == {"CPI 2025 release (series 2012-2025)"}
    assert wide["extraction"].str.startswith("sheet 'CPI Timeseries 2012 - 2025'").all()
    assert _row(wide, "MNE", 2025)["extraction"].startswith("sheet 'CPI Timeseries 2012 - 2025' + 'CPI 2025'")


def test_one_year_release(tmp_path: Path, original_sheets: dict, expected: pd.DataFrame) -> None:
    path = _save(tmp_path, "CPI2025.xlsx", {"CPI2025": _shifted(original_sheets["CPI2025"], "CPI 2025", 1)})
    single = ti_cpi.read([path])
    merged = tidy.merged(single, expected[expected["year"] == 2025])
    for column in ["value", "rank", "n_sources", "rank_of", "lower", "upper"]:
        tidy.assert_close(merged, column)
    tidy.assert_close(merged, "std_error", tol=1e-6)
    assert set(single["edition"]) == {"CPI 2025 release"}
    assert _row(single, "MNE", 2025)["extraction"].startswith("sheet 'CPI2025', row ISO3=MNE, columns of 2025")


def test_newer_release_supersedes_an_older_one(tmp_path: Path, original_sheets: dict, long_copy: Path) -> None:
    header, *rows = _shifted(original_sheets["CPI Historical"], "old", 0)[1:]
    older = [header, *[(*r[:4], r[4] + 1, *r[5:]) for r in rows if r[2] is not None and r[2] <= 2023]]
    old_path = _save(tmp_path, "cpi_2023.xlsx", {"CPI Historical": older})
    alone = ti_cpi.read([old_path])
    assert set(alone["edition"]) == {"CPI 2023 release (series 2012-2023)"}
    newer = ti_cpi.read([long_copy])
    assert _row(alone, "MNE", 2023).value == _row(newer, "MNE", 2023).value + 1
    pd.testing.assert_frame_equal(ti_cpi.read([old_path, long_copy]), newer)


def test_provenance_fields_lead_to_each_value(frame: pd.DataFrame) -> None:
    tidy.assert_provenance_leads_to_values(frame, RAW / "ti_cpi")

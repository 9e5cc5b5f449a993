"""Tests of the WJP Rule of Law Index adapter: the original workbook in data/raw/ against the tidy extractions."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import tidy_expected as tidy

from radar.ingest import base, wjp_rol
from radar.schema import TIDY_COLUMNS, TIDY_KEY

ROOT = Path(__file__).resolve().parents[3]
RAW = ROOT / "data" / "raw"
OWN = RAW / "wjp_rol"
WORKBOOK = OWN / "2025_wjp_rule_of_law_index_HISTORICAL_DATA_FILE.xlsx"
METADATA = [
    "indicator_name", "edition", "unit", "scale_min", "scale_max", "higher_is_better", "indicator_group",
    "source_country_code",
]
TOL = tidy.TOL


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return wjp_rol.read(base.files_in(OWN))


@pytest.fixture(scope="module")
def expected() -> pd.DataFrame:
    return tidy.expected_rows("wjp_rol")


@pytest.fixture(scope="module")
def historical_rows() -> list[list[object]]:
    wb = openpyxl.load_workbook(WORKBOOK, read_only=True, data_only=True)
    try:
        return [list(row) for row in wb["Historical Data"].iter_rows(values_only=True)]
    finally:
        wb.close()


# ---- against the tidy extractions ------------------------------------------------------------------------------

def test_frame_has_the_tidy_columns(frame: pd.DataFrame) -> None:
    assert list(frame.columns) == list(TIDY_COLUMNS)
    assert not frame.duplicated(TIDY_KEY).any()


def test_keys_equal_the_tidy_csvs(frame: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert len(frame) == len(expected) == 3021 + 14574
    assert tidy.keys(frame) == tidy.keys(expected)


def test_values_equal_the_tidy_csvs(frame: pd.DataFrame, expected: pd.DataFrame) -> None:
    tidy.assert_same_values(frame, expected)


@pytest.mark.parametrize("column", [*METADATA, "source", "country_name", "extraction"])
def test_metadata_equals_the_tidy_csvs(frame: pd.DataFrame, expected: pd.DataFrame, column: str) -> None:
    merged = expected.merge(frame, on=TIDY_KEY, suffixes=("_want", ""))
    off = merged[merged[column] != merged[f"{column}_want"]]
    assert off.empty, off[[*TIDY_KEY, f"{column}_want", column]].head()


@pytest.mark.parametrize(
    ("iso3", "year", "indicator", "value", "tol"),
    [
        ("ALB", 2013, "wjp_overall", 0.4897809824420753, TOL),  # first data row of 'Historical Data'
        ("ALB", 2013, "wjp_1_1", 0.57, TOL),
        ("MKD", 2023, "wjp_f1", 0.4636394562364063, TOL),  # both WJP files say 0.4636 (mia.mk: 0.47)
        ("SRB", 2019, "wjp_overall", 0.50, 0.005),  # press figures, rounded to 2 decimals
        ("ALB", 2019, "wjp_overall", 0.51, 0.005),
        ("BIH", 2019, "wjp_overall", 0.53, 0.005),
        ("MKD", 2019, "wjp_overall", 0.54, 0.005),
        ("SRB", 2023, "wjp_overall", 0.48, 0.005),
        ("MKD", 2023, "wjp_overall", 0.53, 0.005),
        ("MNE", 2023, "wjp_overall", 0.56, 0.005),
        ("XKX", 2023, "wjp_overall", 0.56, 0.005),
        ("MNE", 2024, "wjp_overall", 0.57, 0.005),
    ],
)
def test_hand_checked_values(
    frame: pd.DataFrame, iso3: str, year: int, indicator: str, value: float, tol: float
) -> None:
    assert tidy.value(frame, iso3, year, indicator) == pytest.approx(value, abs=tol)


def test_edition_labels_map_to_their_final_year(frame: pd.DataFrame) -> None:
    pairs = set(frame[["edition", "year"]].drop_duplicates().itertuples(index=False, name=None))
    assert ("2012-2013", 2013) in pairs
    assert ("2017-2018", 2018) in pairs
    assert all(edition.split("-")[-1] == str(year) for edition, year in pairs)
    assert {2012, 2017}.isdisjoint(frame["year"])
    mapped = frame[frame.edition == "2017-2018"]
    assert mapped["extraction"].str.endswith("; edition label 2017-2018 mapped to year 2018").all()


def test_gaps_and_coverage(frame: pd.DataFrame) -> None:
    first_year = frame.groupby("country_iso3")["year"].min()
    assert first_year["XKX"] == 2020
    assert first_year["MNE"] == 2023
    assert first_year[["CYP", "IRL", "LVA", "LTU", "LUX", "MLT", "SVK"]].eq(2021).all()
    assert frame.loc[frame.country_iso3 == "XKX", "source_country_code"].unique().tolist() == ["XKX"]
    blank = (frame.country_iso3 == "CZE") & (frame.year == 2015) & (frame.indicator_id == "wjp_6_3")
    assert not blank.any()  # a blank cell in the source is a gap, not a row
    assert frame["value"].between(0, 1).all()
    assert frame["higher_is_better"].all()


# ---- recognise ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", base.files_in(OWN), ids=lambda p: p.name)
def test_recognises_its_own_files(path: Path) -> None:
    assert wjp_rol.recognise(path)


OTHER_RAW = [p for p in sorted(RAW.rglob("*")) if p.is_file() and p.parent != OWN]


@pytest.mark.parametrize("path", OTHER_RAW, ids=lambda p: p.parent.name + "/" + p.name)
def test_rejects_other_publishers_files(path: Path) -> None:
    assert not wjp_rol.recognise(path)


def _garbage_files(folder: Path) -> list[Path]:
    folder.mkdir()
    (folder / "garbage.xlsx").write_bytes(b"\x00\x01 not a workbook \xff" * 50)
    (folder / "empty.xlsx").write_bytes(b"")
    (folder / "table.csv").write_text("Country,Year,Country Code,WJP Rule of Law Index: Overall Score\n")
    with zipfile.ZipFile(folder / "archive.xlsx", "w") as zf:
        zf.writestr("readme.txt", "a zip that is not a workbook")
    data = WORKBOOK.read_bytes()
    (folder / "truncated.xlsx").write_bytes(data[: len(data) // 3])
    return sorted(folder.iterdir())


def test_rejects_garbage_and_corrupt_files(tmp_path: Path) -> None:
    for path in _garbage_files(tmp_path / "garbage"):
        assert wjp_rol.recognise(path) is False, path.name
    assert wjp_rol.recognise(tmp_path / "missing.xlsx") is False
    assert wjp_rol.recognise(tmp_path) is False


def test_read_ignores_files_that_are_not_its_own(tmp_path: Path) -> None:
    out = wjp_rol.read([*_garbage_files(tmp_path / "garbage"), RAW / "gitoc_ocindex" / "global_oc_index.xlsx"])
    assert out.empty
    assert list(out.columns) == list(TIDY_COLUMNS)


# ---- robustness to a next release ----------------------------------------------------------------------------

def _new_edition(rows: list[list[object]], code: str, label: str) -> list[object]:
    """A copy of the country's 2025 row published as edition `label`."""
    header = rows[0]
    row = next(r for r in rows if r[header.index("Country Code")] == code and r[header.index("Year")] == 2025)
    copy = list(row)
    copy[header.index("Year")] = label
    return copy


def _messy_sheet(rows: list[list[object]]) -> list[list[object]]:
    """Title and blank rows above, padded headers, an extra first column, text years, a blank row, new editions."""
    header, *data = rows
    year = header.index("Year")
    data = [[*r[:year], f"{r[year]} ", *r[year + 1:]] if i % 2 else r for i, r in enumerate(data)]
    new = [_new_edition(rows, "SRB", "2026"), _new_edition(rows, "XKX", "2025-2026")]
    body = [[f"{h}  " for h in header], *data[:100], [None] * len(header), *data[100:], *new]
    return [["WJP Rule of Law Index"], [], [None], *[["note", *r] for r in body]]


def test_reads_a_reorganised_workbook_and_a_new_edition(
    tmp_path: Path, frame: pd.DataFrame, historical_rows: list[list[object]]
) -> None:
    wb = openpyxl.Workbook(write_only=True)
    wb.create_sheet("Introduction").append(["The World Justice Project"])
    ws = wb.create_sheet("Historical Data ")
    for row in _messy_sheet(historical_rows):
        ws.append(row)
    wb.create_sheet("WJP ROL Index 2026 Scores").append(["Country", "Serbia"])
    path = tmp_path / "2026_historical.xlsx"
    wb.save(path)

    assert wjp_rol.recognise(path)
    out = wjp_rol.read([path])
    tidy.assert_same_values(out[out.year < 2026], frame)
    assert (out[out.year < 2026].set_index(TIDY_KEY)["edition"] == frame.set_index(TIDY_KEY)["edition"]).all()
    new = out[out.year == 2026]
    assert set(new[["country_iso3", "edition"]].itertuples(index=False, name=None)) == {
        ("SRB", "2026"), ("XKX", "2025-2026")}
    same_rows = frame[frame.country_iso3.isin(["SRB", "XKX"]) & (frame.year == 2025)]
    tidy.assert_same_values(new.assign(year=2025), same_rows)


# ---- helpers --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("header", "indicator"),
    [
        ("WJP Rule of Law Index: Overall Score", "wjp_overall"),
        ("Factor 3: Open Government ", "wjp_f3"),
        ("3.1. Publicized laws and government data ", "wjp_3_1"),
        ("8.7. Due process of the law and rights of the accused", "wjp_8_7"),
        ("5.1 Crime is effectively controlled", "wjp_5_1"),
        ("Country_year", None),
        ("Region", None),
    ],
)
def test_indicator_ids(header: str, indicator: str | None) -> None:
    assert wjp_rol.indicator_id(header) == indicator


@pytest.mark.parametrize(
    ("cell", "label", "year"),
    [("2012-2013", "2012-2013", 2013), (2014, "2014", 2014), (2014.0, "2014", 2014), ("2017-2018 ", "2017-2018", 2018)],
)
def test_edition_labels(cell: object, label: str, year: int) -> None:
    assert wjp_rol.edition_label(cell) == label
    assert wjp_rol.edition_year(label) == year


def test_provenance_fields_lead_to_each_value(frame: pd.DataFrame) -> None:
    tidy.assert_provenance_leads_to_values(frame, RAW / "wjp_rol")

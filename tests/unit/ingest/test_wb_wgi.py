"""Tests of the WGI adapter: the long 2024-update original in data/raw/ and the older wide layout vs the tidy CSVs."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
import tidy_expected as tidy
from openpyxl.utils import get_column_letter

from radar.ingest import wb_wgi
from radar.schema import EU27, TIDY_COLUMNS, TIDY_KEY, WB6

ROOT = Path(__file__).resolve().parents[3]
RAW = ROOT / "data" / "raw"
WGI_FILE = RAW / "wb_wgi" / "wgidataset.xlsx"
NUMBERS = ["value", "lower", "upper", "std_error", "n_sources", "rank", "rank_of", "scale_min", "scale_max"]
METADATA = [
    "country_name", "source", "indicator_name", "unit", "edition", "higher_is_better", "indicator_group",
    "source_country_code", "extraction",
]
TOL = tidy.TOL
YEARS = [1996, 1998, 2000, *range(2002, 2024)]
WIDE_SHEETS = {  # sheet names of the wide releases (up to the 2023 update), in their order
    "va": "VoiceandAccountability", "pv": "Political StabilityNoViolence", "ge": "GovernmentEffectiveness",
    "rq": "RegulatoryQuality", "rl": "RuleofLaw", "cc": "ControlofCorruption",
}
SUBHEADERS = ["Estimate", "StdErr", "NumSrc", "Rank", "Lower", "Upper"]


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return wb_wgi.read([WGI_FILE])


@pytest.fixture(scope="module")
def expected() -> pd.DataFrame:
    return tidy.expected_rows("wb_wgi")


# ---- the long original against the tidy CSVs --------------------------------------------------------------------

def test_frame_has_the_tidy_schema(frame: pd.DataFrame) -> None:
    assert list(frame.columns) == list(TIDY_COLUMNS)
    assert {c: str(t) for c, t in frame.dtypes.items()} == TIDY_COLUMNS
    assert not frame.duplicated(TIDY_KEY).any()
    assert frame["value"].notna().all()


def test_keys_equal_the_tidy_csvs(frame: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert len(frame) == len(expected) == 1700 + 8100
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
    source = wb_wgi.SOURCE
    assert source.source_id == WGI_FILE.parent.name == "wb_wgi"
    assert {source.name} == set(expected["source"])
    assert {source.stored_copy} == set(expected["stored_copy"])
    assert "Kaufmann, D. and A. Kraay (2024)" in source.citation and "CC BY 4.0" in source.licence
    assert source.url == "https://www.govindicators.org"


def test_albania_control_of_corruption_1996_as_published(frame: pd.DataFrame) -> None:
    est = tidy.row(frame, "ALB", 1996, "wgi_cc_est")
    assert (est.value, est.std_error, est.n_sources) == (-0.8939034938812256, 0.3159140348434448, 3)
    assert np.isnan(est.lower) and np.isnan(est.upper) and np.isnan(est["rank"])
    pct = tidy.row(frame, "ALB", 1996, "wgi_cc_pctrank")
    published = (19.354839324951172, 2.6881721019744873, 43.0107536315918, 3)
    assert (pct.value, pct.lower, pct.upper, pct.n_sources) == published
    assert np.isnan(pct.std_error)
    assert pct.extraction == "row codeindyr=ALBcc1996, columns pctrank, pctranklower, pctrankupper (90% CI)"


def test_kosovo_is_xkx_and_gaps_are_absent_rows(frame: pd.DataFrame) -> None:
    kosovo = frame[frame.country_iso3 == "XKX"]
    assert set(kosovo.source_country_code) == {"KSV"} and set(kosovo.country_name) == {"Kosovo"}
    va = tidy.row(frame, "XKX", 1996, "wgi_va_est")
    assert (va.value, va.n_sources) == (-1.6998814344406128, 1)
    assert kosovo[(kosovo.year == 1996) & (kosovo.indicator_id == "wgi_cc_est")].empty  # '..' in the source
    dims = kosovo[kosovo.indicator_id.str.endswith("_est")].groupby("year").size()
    # SOURCES.md: 1 dimension in 1996-1998, 3 in 2000-2005, 4 in 2006, 5 in 2007, all 6 from 2008
    wanted = {1996: 1, 1998: 1, 2000: 3, **dict.fromkeys(range(2002, 2006), 3), 2006: 4, 2007: 5}
    assert dims.to_dict() == wanted | dict.fromkeys(range(2008, 2024), 6)


def test_montenegro_starts_in_1998_and_romania_is_rou(frame: pd.DataFrame) -> None:
    mne = frame[(frame.country_iso3 == "MNE") & frame.indicator_id.str.endswith("_est")].groupby("year").size()
    assert mne.index.min() == 1998
    assert [mne[y] for y in (1998, 2004, 2005, 2006, 2023)] == [3, 3, 5, 6, 6]
    rou = tidy.row(frame, "ROU", 1996, "wgi_va_est")
    assert (rou.value, rou.source_country_code) == (0.2860233783721924, "ROM")


def test_years_countries_and_ranges(frame: pd.DataFrame) -> None:
    assert sorted(frame.year.unique()) == YEARS  # no 1997, 1999, 2001; no 2024 in the 2024 update
    assert set(frame.country_iso3) == set(WB6) | set(EU27)
    assert (frame[frame.country_iso3.isin(EU27)].groupby("country_iso3").size() == 6 * 25 * 2).all()
    wb6_est = frame[frame.country_iso3.isin(WB6) & frame.indicator_id.str.endswith("_est")]["value"]
    assert (round(wb6_est.min(), 2), round(wb6_est.max(), 2)) == (-2.14, 1.01)
    assert set(frame.edition) == {"2024 update"}


# ---- recognise ------------------------------------------------------------------------------------------------

def test_recognises_its_own_release() -> None:
    assert wb_wgi.recognise(WGI_FILE)


@pytest.mark.parametrize(
    "path", [p for p in sorted(RAW.glob("*/*")) if p.parent.name != "wb_wgi"], ids=lambda p: p.name
)
def test_does_not_recognise_other_publishers(path: Path) -> None:
    assert not wb_wgi.recognise(path)


def test_does_not_recognise_other_files_and_never_raises(tmp_path: Path) -> None:
    text = tmp_path / "wgidataset.csv"
    text.write_text("code,year,indicator,estimate,pctrank\nALB,1996,cc,-0.89,19.4\n")
    empty = tmp_path / "wgidataset.xlsx"
    empty.write_bytes(b"")
    corrupt = tmp_path / "truncated.xlsx"
    corrupt.write_bytes(WGI_FILE.read_bytes()[:100_000])
    foreign_zip = tmp_path / "other.xlsx"
    with zipfile.ZipFile(foreign_zip, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not-xml")
    book = openpyxl.Workbook()
    book.active.title = "RuleofLaw"  # a WGI sheet name without a WGI table is not enough
    book.active.append(["Country", "Code", "Score"])
    unrelated = tmp_path / "RuleofLaw.xlsx"
    book.save(unrelated)
    for path in [text, empty, corrupt, foreign_zip, unrelated, tmp_path, tmp_path / "missing.xlsx"]:
        assert not wb_wgi.recognise(path), path.name


def test_read_rejects_a_folder_without_a_release() -> None:
    with pytest.raises(ValueError, match="no WGI workbook"):
        wb_wgi.read([RAW / "ti_cpi" / "CPI2025_Results.xlsx"])


# ---- the wide layout (releases up to the 2023 update) ---------------------------------------------------------

Cells = dict[tuple[str, str, int], list[object]]


def _cells(expected: pd.DataFrame) -> Cells:
    """(code, dim, year) -> the six cells of a wide sheet: Estimate StdErr NumSrc Rank Lower Upper (None if blank)."""
    cells: Cells = {}
    for row in expected.itertuples(index=False):
        dim, kind = row.indicator_id.split("_")[1:]
        six = cells.setdefault((row.source_country_code, dim, row.year), [None] * 6)
        six[2] = row.n_sources
        if kind == "est":
            six[0:2] = [row.value, row.std_error]
        else:
            six[3:6] = [row.value, row.lower, row.upper]
    return cells


def _wide_sheet(book: openpyxl.Workbook, dim: str, title: str | None, countries: list[tuple[str, str]],
                cells: Cells, years: list[int]) -> None:
    ws = book.create_sheet(WIDE_SHEETS[dim])
    intro = [title, "Aggregate Governance Indicators 1996-2022", "www.govindicators.org", None,
             "The Worldwide Governance Indicators (WGI) project constructs aggregate indicators of six broad "
             "dimensions of governance", *[None] * 8]
    for line in intro:  # rows 1-13
        ws.append([line])
    ws.append([None, None, *[c for y in years for c in (y, None, None, None, None, None)]])  # row 14
    for i in range(len(years)):
        first = 3 + 6 * i
        ws.merge_cells(f"{get_column_letter(first)}14:{get_column_letter(first + 5)}14")
    ws.append(["Country/Territory", "Code", *SUBHEADERS * len(years)])  # row 15
    for name, code in countries:
        six = [cells.get((code, dim, y), [None] * 6) for y in years]
        ws.append([name, code, *["#N/A" if c is None or pd.isna(c) else float(c) for s in six for c in s]])


def _wide_release(path: Path, expected: pd.DataFrame, title: str | None, years: list[int]) -> Path:
    """A wide WGI workbook (one sheet per dimension) built from the tidy CSVs, plus two countries we do not keep."""
    countries = list(expected[["country_name", "source_country_code"]].drop_duplicates().itertuples(index=False))
    others = expected[expected.source_country_code == "ALB"].assign(source_country_code="AFG")
    cells = _cells(pd.concat([expected, others], ignore_index=True))
    book = openpyxl.Workbook()
    book.remove(book.active)
    for dim in WIDE_SHEETS:
        _wide_sheet(book, dim, title, [("Afghanistan", "AFG"), ("American Samoa", "ASM"), *countries], cells, years)
    book.save(path)
    return path


@pytest.fixture(scope="module")
def wide_path(tmp_path_factory: pytest.TempPathFactory, expected: pd.DataFrame) -> Path:
    path = tmp_path_factory.mktemp("wgi") / "wgidataset_wide.xlsx"
    return _wide_release(path, expected, "The Worldwide Governance Indicators, 2024 Update", YEARS)


def test_wide_release_is_recognised(wide_path: Path) -> None:
    assert wb_wgi.recognise(wide_path)


def test_wide_release_gives_the_same_values(wide_path: Path, frame: pd.DataFrame) -> None:
    wide = wb_wgi.read([wide_path])
    merged = tidy.merged(wide, frame)  # same keys: gaps ('#N/A') are absent rows, AFG/ASM dropped
    for column in NUMBERS:
        tidy.assert_close(merged, column)
    for column in ["indicator_name", "unit", "edition", "indicator_group", "source_country_code", "country_name"]:
        assert (merged[column] == merged[f"{column}_want"]).all(), column
    srb = tidy.row(wide, "SRB", 2012, "wgi_rl_est")
    assert srb.extraction == "sheet 'RuleofLaw', row Code=SRB, 2012 columns Estimate (StdErr, NumSrc)"
    ws = openpyxl.load_workbook(wide_path, read_only=True)["RuleofLaw"]
    rows = list(ws.iter_rows(values_only=True))
    number = next(i for i, r in enumerate(rows, start=1) if r[1] == "SRB")
    column = 2 + 6 * YEARS.index(2012)  # the year's six columns after Country/Territory and Code
    assert (srb.source_sheet, srb.source_row, srb.source_column) == ("RuleofLaw", number, "2012 Estimate")
    assert rows[number - 1][column] == srb.value and rows[13][column] == 2012 and rows[14][column] == "Estimate"


def test_wide_release_without_title_dates_itself_by_its_last_year(tmp_path: Path, expected: pd.DataFrame) -> None:
    few = expected[expected.country_iso3.isin(["MNE", "XKX"])]
    wide = wb_wgi.read([_wide_release(tmp_path / "untitled.xlsx", few, None, YEARS[:-1])])
    assert set(wide.edition) == {"2023 update"} and set(wide.country_iso3) == {"MNE", "XKX"}
    assert wide.year.max() == 2022


def test_newer_release_supersedes_an_older_one(tmp_path: Path, expected: pd.DataFrame, wide_path: Path) -> None:
    older = expected[expected.country_iso3.isin(WB6)].assign(value=lambda f: f["value"] + 0.5)
    old_path = _wide_release(tmp_path / "wgi_2023.xlsx", older, "The Worldwide Governance Indicators, 2023 Update",
                             YEARS[:-1])
    alone = wb_wgi.read([old_path])
    assert set(alone.edition) == {"2023 update"}
    want = tidy.row(expected, "SRB", 2012, "wgi_rl_est").value + 0.5
    assert tidy.row(alone, "SRB", 2012, "wgi_rl_est").value == pytest.approx(want, abs=TOL)
    pd.testing.assert_frame_equal(wb_wgi.read([old_path, wide_path]), wb_wgi.read([wide_path]))


def test_provenance_fields_lead_to_each_value(frame: pd.DataFrame) -> None:
    tidy.assert_provenance_leads_to_values(frame, RAW / "wb_wgi")

"""Tests of the GI-TOC OC Index adapter: the original files in data/raw/ against the tidy extractions."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import tidy_expected as tidy

from radar.ingest import base, gitoc_ocindex
from radar.schema import TIDY_COLUMNS, TIDY_KEY

ROOT = Path(__file__).resolve().parents[3]
RAW = ROOT / "data" / "raw"
OWN = RAW / "gitoc_ocindex"
METADATA = [
    "indicator_name", "edition", "unit", "scale_min", "scale_max", "higher_is_better", "indicator_group",
    "source_country_code",
]
TOL = tidy.TOL


def _own_files(suffix: str) -> list[Path]:
    return [p for p in base.files_in(OWN) if p.suffix == suffix]


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return gitoc_ocindex.read(base.files_in(OWN))


@pytest.fixture(scope="module")
def workbook_frame() -> pd.DataFrame:
    return gitoc_ocindex.read(_own_files(".xlsx"))


@pytest.fixture(scope="module")
def expected() -> pd.DataFrame:
    return tidy.expected_rows("gitoc_ocindex")


# ---- against the tidy extractions ------------------------------------------------------------------------------

def test_frame_has_the_tidy_columns(frame: pd.DataFrame) -> None:
    assert list(frame.columns) == list(TIDY_COLUMNS)
    assert not frame.duplicated(TIDY_KEY).any()


def test_keys_equal_the_tidy_csvs(frame: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert len(frame) == len(expected) == 3264
    assert tidy.keys(frame) == tidy.keys(expected)


def test_values_equal_the_tidy_csvs(frame: pd.DataFrame, expected: pd.DataFrame) -> None:
    tidy.assert_same_values(frame, expected)


@pytest.mark.parametrize("column", [*METADATA, "source", "country_name", "extraction"])
def test_metadata_equals_the_tidy_csvs(frame: pd.DataFrame, expected: pd.DataFrame, column: str) -> None:
    merged = expected.merge(frame, on=TIDY_KEY, suffixes=("_want", ""))
    off = merged[merged[column] != merged[f"{column}_want"]]
    assert off.empty, off[[*TIDY_KEY, f"{column}_want", column]].head()


def test_no_kosovo_row(frame: pd.DataFrame) -> None:
    assert "XKX" not in set(frame["country_iso3"])
    assert not frame["source_country_code"].str.contains("kosovo", case=False).any()


def test_covers_wb5_and_eu27_in_every_edition(frame: pd.DataFrame) -> None:
    per_year = frame.groupby("year")["country_iso3"].nunique()
    assert per_year.to_dict() == {2021: 32, 2023: 32, 2025: 32}
    indicators = frame.groupby(["country_iso3", "year"])["indicator_id"].nunique()
    assert set(indicators.xs(2021, level="year")) == {30}
    assert set(indicators.xs(2023, level="year")) == {36}
    assert set(indicators.xs(2025, level="year")) == {36}


@pytest.mark.parametrize(
    ("iso3", "year", "indicator", "value"),
    [
        ("SRB", 2023, "ocindex_resilience_score", 4.96),
        ("MKD", 2021, "ocindex_criminality_score", 5.31),  # GI-TOC Risk Bulletin, SEE Observatory 10
        ("MKD", 2021, "ocindex_resilience_score", 5.21),
        ("MNE", 2021, "ocindex_resilience_score", 4.46),
        ("BIH", 2021, "ocindex_resilience_score", 3.92),
        ("SRB", 2025, "ocindex_criminality_score", 6.18),  # 2025 press: SRB, BIH, MNE worst in the WB
        ("BIH", 2025, "ocindex_criminality_score", 5.92),
        ("MNE", 2025, "ocindex_criminality_score", 5.82),
        ("ALB", 2025, "ocindex_resilience_score", 5.17),
        ("ALB", 2025, "ocindex_extortion_and_protection_racketeering", 4.0),
    ],
)
def test_hand_checked_values(frame: pd.DataFrame, iso3: str, year: int, indicator: str, value: float) -> None:
    assert tidy.value(frame, iso3, year, indicator) == pytest.approx(value, abs=TOL)


def test_direction_and_scale(frame: pd.DataFrame) -> None:
    assert (frame["higher_is_better"] == (frame["indicator_group"] == "resilience")).all()
    assert frame["value"].between(1, 10).all()
    assert frame.loc[frame.country_iso3 == "CZE", "source_country_code"].unique().tolist() == ["Czech Republic"]


# ---- one kind of file only ------------------------------------------------------------------------------------

def test_workbook_only_gives_2021_and_2023(workbook_frame: pd.DataFrame, expected: pd.DataFrame) -> None:
    tidy.assert_same_values(workbook_frame, expected[expected.year.isin([2021, 2023])])


def test_jsonl_only_gives_2025(expected: pd.DataFrame) -> None:
    tidy.assert_same_values(gitoc_ocindex.read(_own_files(".jsonl")), expected[expected.year == 2025])


def test_json_array_file_reads_like_jsonl(tmp_path: Path, expected: pd.DataFrame) -> None:
    records = [json.loads(line) for p in _own_files(".jsonl") for line in p.read_text().splitlines() if line]
    path = tmp_path / "organizedCrime.json"
    path.write_text(json.dumps({"metadata": {"years": [2025]}, "countries": records}))
    assert gitoc_ocindex.recognise(path)
    tidy.assert_same_values(gitoc_ocindex.read([path]), expected[expected.year == 2025])


def test_workbook_wins_over_json_for_the_same_edition(tmp_path: Path, workbook_frame: pd.DataFrame) -> None:
    record = json.loads((OWN / "organizedCrime_2025_WB6_records.jsonl").read_text().splitlines()[-1])
    assert record["iso3"] == "SRB"
    record.update(year=2023, criminality=9.99)
    path = tmp_path / "conflict.jsonl"
    path.write_text(json.dumps(record) + "\n")
    out = gitoc_ocindex.read([path, *_own_files(".xlsx")])
    assert tidy.value(out, "SRB", 2023, "ocindex_criminality_score") == tidy.value(
        workbook_frame, "SRB", 2023, "ocindex_criminality_score")


def test_empty_input_gives_an_empty_tidy_frame() -> None:
    out = gitoc_ocindex.read([])
    assert out.empty
    assert list(out.columns) == list(TIDY_COLUMNS)


# ---- recognise ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", base.files_in(OWN), ids=lambda p: p.name)
def test_recognises_its_own_files(path: Path) -> None:
    assert gitoc_ocindex.recognise(path)


OTHER_RAW = [p for p in sorted(RAW.rglob("*")) if p.is_file() and p.parent != OWN]


@pytest.mark.parametrize("path", OTHER_RAW, ids=lambda p: p.parent.name + "/" + p.name)
def test_rejects_other_publishers_files(path: Path) -> None:
    assert not gitoc_ocindex.recognise(path)


def _garbage_files(folder: Path) -> list[Path]:
    folder.mkdir()
    (folder / "garbage.xlsx").write_bytes(b"\x00\x01 not a workbook \xff" * 50)
    (folder / "empty.jsonl").write_bytes(b"")
    (folder / "notes.json").write_text('{"country": "Serbia", "year": 2025}')
    (folder / "broken.jsonl").write_text('{"country": "Serbia",\n')
    (folder / "table.csv").write_text("Country,Criminality,Resilience\nSerbia,6.18,4.96\n")
    with zipfile.ZipFile(folder / "archive.xlsx", "w") as zf:
        zf.writestr("readme.txt", "a zip that is not a workbook")
    truncated = (OWN / "global_oc_index.xlsx").read_bytes()
    (folder / "truncated.xlsx").write_bytes(truncated[: len(truncated) // 2])
    return sorted(folder.iterdir())


def test_rejects_garbage_and_corrupt_files(tmp_path: Path) -> None:
    for path in _garbage_files(tmp_path / "garbage"):
        assert gitoc_ocindex.recognise(path) is False, path.name
    assert gitoc_ocindex.recognise(tmp_path / "missing.xlsx") is False
    assert gitoc_ocindex.recognise(tmp_path) is False


def test_read_ignores_files_that_are_not_its_own(tmp_path: Path, workbook_frame: pd.DataFrame) -> None:
    out = gitoc_ocindex.read([*_garbage_files(tmp_path / "garbage"), *OTHER_RAW, *_own_files(".xlsx")])
    tidy.assert_same_values(out, workbook_frame)


# ---- robustness to a next release ----------------------------------------------------------------------------

def _sheet_values(path: Path, title: str) -> list[list[object]]:
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        return [list(row) for row in wb[title].iter_rows(values_only=True)]
    finally:
        wb.close()


def _messy_copy(rows: list[list[object]]) -> list[list[object]]:
    """Title and blank rows above, padded headers, an extra column, columns reversed, a blank row in the data."""
    header, *data = rows
    header = [f"  {h}  " for h in header] + ["Notes "]
    data = [[*row, "remark"] for row in data]
    body = [list(reversed(r)) for r in [header, *data[:10], [None] * len(header), *data[10:]]]
    return [["Global Organized Crime Index"], [], [None, None], *body]


def _serbia_as_2026(rows: list[list[object]]) -> list[list[object]]:
    header = rows[0]
    serbia = next(r for r in rows if r[header.index("Country")] == "Serbia")
    return [header, serbia]


def test_reads_a_reorganised_workbook_and_a_new_edition(tmp_path: Path, workbook_frame: pd.DataFrame) -> None:
    source = OWN / "global_oc_index.xlsx"
    sheets = {
        "Read me": [["Scores of the Global Organized Crime Index"], ["no table here"]],
        "2023_dataset": _messy_copy(_sheet_values(source, "2023_dataset")),
        "2021_dataset": _sheet_values(source, "2021_dataset"),
        "2026_dataset": _serbia_as_2026(_sheet_values(source, "2023_dataset")),
    }
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    path = tmp_path / "next_release.xlsx"
    wb.save(path)

    assert gitoc_ocindex.recognise(path)
    out = gitoc_ocindex.read([path])
    tidy.assert_same_values(out[out.year != 2026], workbook_frame)
    new = out[out.year == 2026].assign(year=2023)
    assert set(new["country_iso3"]) == {"SRB"}
    assert set(new["edition"]) == {"2026"}
    tidy.assert_same_values(new, workbook_frame[(workbook_frame.country_iso3 == "SRB") & (workbook_frame.year == 2023)])


def test_reads_a_copy_with_another_file_name(tmp_path: Path, workbook_frame: pd.DataFrame) -> None:
    path = tmp_path / "download (3).xlsx"
    shutil.copy(OWN / "global_oc_index.xlsx", path)
    tidy.assert_same_values(gitoc_ocindex.read([path]), workbook_frame)


# ---- helpers --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "iso3"),
    [("Czech Republic", "CZE"), ("Czechia", "CZE"), ("Macedonia", "MKD"), ("North Macedonia ", "MKD"),
     ("Bosnia and Herzegovina", "BIH"), ("Slovak Republic", "SVK"), ("Kosovo", None), ("St, Lucia", None)],
)
def test_country_names(name: str, iso3: str | None) -> None:
    assert gitoc_ocindex.country_iso3(name) == iso3


@pytest.mark.parametrize(
    ("header", "indicator"),
    [
        ("Criminality avg,", "ocindex_criminality_score"),
        ("Resilience", "ocindex_resilience_score"),
        ("Criminal markets avg, ", "ocindex_criminal_markets_score"),
        ("Mafia-style groups", "ocindex_mafia_style_groups"),
    ],
)
def test_header_labels(header: str, indicator: str) -> None:
    by_label = {gitoc_ocindex.label_key(i.sheet_label): i.indicator_id for i in gitoc_ocindex.INDICATORS}
    assert by_label[gitoc_ocindex.label_key(header)] == indicator


def test_provenance_fields_lead_to_each_value(frame: pd.DataFrame) -> None:
    tidy.assert_provenance_leads_to_values(frame, RAW / "gitoc_ocindex")


def test_json_records_name_their_line_and_field(frame: pd.DataFrame) -> None:
    import json

    rows = frame[frame["source_file"].str.endswith(".jsonl")]
    assert len(rows) > 0 and rows["source_sheet"].isna().all()
    for r in rows.sample(60, random_state=5).itertuples(index=False):
        lines = (RAW / "gitoc_ocindex" / r.source_file).read_text(encoding="utf-8").splitlines()
        record = json.loads(lines[int(r.source_row) - 1])
        for part in r.source_column.split("."):
            record = record[part]
        assert record == r.value and r.year == 2025

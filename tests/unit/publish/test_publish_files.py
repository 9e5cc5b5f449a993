"""Files as people make them: what the bytes really are, size and emptiness, encodings, separators, decimal commas,
blank rows, trailing spaces, several sheets; each accepted when it can be read without guessing, else rejected with a
clear message."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pytest
from _publishtools import INDICATOR, score, write_csv, write_xlsx

from radar import settings
from radar.ingest import encodings, template_files
from radar.ingest import template as tpl
from radar.publish import pipeline
from radar.publish.validate import parse_number

SERBIAN_LATIN = "Tužilaštvo je podiglo optužnicu; Đorđević, Čačak i Šabac – značajan pomak."
SERBIAN_CYRILLIC = "Тужилаштво је подигло оптужницу против организоване криминалне групе у Београду."
MACEDONIAN = "Обвинителството поднесе обвинение; Ѓорѓија, Ќерка и Ѕвезда."
ALBANIAN = "Prokuroria ngriti aktakuzë ndaj grupit kriminal; çështja është në gjykatë."


def prepared(path: Path, tables: dict[str, pd.DataFrame]) -> pipeline.Preview:
    return pipeline.prepare(path, version="test", current=tables)


def messages(preview: pipeline.Preview) -> str:
    return " | ".join(str(p) for p in preview.problems)


def added_rows(preview: pipeline.Preview) -> pd.DataFrame:
    assert preview.ok, messages(preview)
    assert preview.diff is not None
    return preview.diff.added


# ---- the file itself ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "payload", "expected"), [
    ("scores.csv", b"", "the file is empty"),
    ("scores.csv", b"\r\n  \r\n", "the file is empty"),
    ("scores.xlsx", b"country,year,indicator_id,value\nSRB,2024,x,1\n", "named .xlsx but is text"),
    ("scores.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old Excel 97-2003 (.xls)"),
    ("scores.csv", b"\x00\x01\x02binary\x00" * 50, "named .csv but is binary data"),
    ("scores.csv", b"%PDF-1.7\n...", "named .csv but is a PDF document"),
    ("scores.pdf", b"%PDF-1.7\n...", "unsupported file type .pdf"),
    ("scores", b"country,year\n", "unsupported file type (no extension)"),
    ("records.json", b"country,year\n", "named .json but is text"),
])
def test_files_that_are_not_what_they_say_are_rejected(tmp_path: Path, base_tables: dict, name: str, payload: bytes,
                                                       expected: str) -> None:
    path = tmp_path / name
    path.write_bytes(payload)
    preview = prepared(path, base_tables)
    assert not preview.ok and preview.diff is None
    assert len(preview.problems) == 1 and expected in preview.problems[0].message, messages(preview)
    assert preview.problems[0].file == name


def test_a_workbook_named_csv_is_rejected_and_told_to_rename(tmp_path: Path, base_tables: dict) -> None:
    workbook = write_xlsx(tmp_path / "real.xlsx", [score()])
    path = tmp_path / "scores.csv"
    path.write_bytes(workbook.read_bytes())
    preview = prepared(path, base_tables)
    assert "named .csv but is an Excel workbook" in messages(preview) and "Rename it to .xlsx" in messages(preview)


def test_a_zip_that_is_no_workbook_is_rejected(tmp_path: Path, base_tables: dict) -> None:
    path = tmp_path / "scores.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert "is a zip archive, not an Excel workbook" in messages(prepared(path, base_tables))


def _oversized(path: Path) -> Path:
    """About 0.3 MB: a CSV template padded in one evidence cell, or a real workbook with a large stored part."""
    if path.suffix == ".csv":
        write_csv(path, [score(evidence="x" * 299_000)])
    else:
        write_xlsx(path, [score()])
        with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as archive:
            archive.writestr("xl/media/padding.bin", bytes(range(256)) * 1170)
    assert 250_000 < path.stat().st_size < 350_000
    return path


@pytest.mark.parametrize("name", ["big.csv", "big.xlsx"])
def test_a_file_over_the_size_limit_is_rejected_before_it_is_read(tmp_path: Path, base_tables: dict, name: str,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the size check runs: every reader (CSV decoding, openpyxl, each adapter, the formula scan, zip parts)
    is replaced by a trap that fails the test if the file gets that far."""
    import openpyxl

    from radar.ingest import ADAPTERS
    from radar.publish import files

    path = _oversized(tmp_path / name)
    monkeypatch.setattr(settings, "MAX_IMPORT_BYTES", 100_000)

    def trap(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was read past the size check")

    for owner, attribute in [(tpl, "read_template"), (tpl, "read_csv"), (tpl, "read_xlsx"), (tpl, "recognise"),
                             (encodings, "decode_text"), (openpyxl, "load_workbook"), (files, "formula_problems"),
                             (files, "archive_problems"), (zipfile.ZipFile, "open")]:
        monkeypatch.setattr(owner, attribute, trap)
    for adapter in ADAPTERS:
        monkeypatch.setattr(adapter, "recognise", trap)
        monkeypatch.setattr(adapter, "read", trap)
    preview = prepared(path, base_tables)
    assert [p.message for p in preview.problems] == [
        "the file is 0.3 MB, over the 0.1 MB limit (settings.MAX_IMPORT_BYTES); split it or ask a developer"]
    assert preview.problems[0].row is None and preview.recognised is None and preview.tables is None


def test_an_unknown_workbook_is_not_recognised(tmp_path: Path, base_tables: dict) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["name", "salary"])
    book.save(tmp_path / "payroll.xlsx")
    preview = prepared(tmp_path / "payroll.xlsx", base_tables)
    assert preview.recognised is None and "not recognised" in messages(preview)


# ---- encodings -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("encoding", "bom", "text", "expected"), [
    ("utf-8", False, SERBIAN_CYRILLIC, "utf-8"),
    ("utf-8", True, SERBIAN_LATIN, "utf-8-sig"),
    ("utf-16", False, ALBANIAN, "utf-16"),  # Excel's "Unicode text" (the BOM comes with the codec)
    ("cp1250", False, SERBIAN_LATIN, "cp1250"),
    ("cp1250", False, ALBANIAN, "cp1250"),
    ("cp1251", False, SERBIAN_CYRILLIC, "cp1251"),
    ("cp1251", False, MACEDONIAN, "cp1251"),
])
def test_csv_in_the_regions_encodings_is_read_exactly(tmp_path: Path, with_indicator: dict, encoding: str, bom: bool,
                                                     text: str, expected: str) -> None:
    path = write_csv(tmp_path / "scores.csv", [score(evidence=text)], encoding=encoding, bom=bom)
    preview = prepared(path, with_indicator)
    assert added_rows(preview)["indicator_id"].tolist() == [INDICATOR]
    assert preview.tables is not None
    obs = preview.tables["observations"]
    assert obs.loc[obs["indicator_id"] == INDICATOR, "evidence"].tolist() == [text]
    assert encodings.decode_text(path.read_bytes())[1] == expected


def test_a_single_byte_file_that_reads_as_both_1250_and_1251_is_rejected(tmp_path: Path, with_indicator: dict
                                                                        ) -> None:
    # 'ő' (Hungarian, a one-letter word) is 0xF5 in Windows-1250 and 'х' in Windows-1251: both plausible.
    path = write_csv(tmp_path / "scores.csv", [score(evidence="ő")], encoding="cp1250")
    preview = prepared(path, with_indicator)
    assert "cannot tell the file's encoding without guessing" in messages(preview)
    assert "CSV UTF-8" in messages(preview)


def test_bytes_in_no_known_encoding_are_rejected(tmp_path: Path, with_indicator: dict) -> None:
    path = tmp_path / "scores.csv"
    path.write_bytes(b"country,year,indicator_id,value,evidence\n" + b"SRB,2024,x,1,\x81\x98\x90\n")
    assert "encoding is not UTF-8, Windows-1250" in messages(prepared(path, with_indicator))


def test_a_bom_with_invalid_utf8_is_rejected(tmp_path: Path, with_indicator: dict) -> None:
    path = tmp_path / "scores.csv"
    path.write_bytes(b"\xef\xbb\xbf" + b"country,year,indicator_id,value,evidence\nSRB,2024,x,1,"
                     + "Đorđe".encode("cp1250") + b"\n")
    assert "byte-order mark but is not valid UTF-8" in messages(prepared(path, with_indicator))


# ---- separators, decimal commas, blank rows, spaces ----------------------------------------------------------------

def test_semicolon_csv_with_decimal_commas_as_saved_by_excel_in_the_region(tmp_path: Path, with_indicator: dict,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from radar.publish import validate

    defs = with_indicator["indicators"]
    scaled = defs.assign(scale_labels=defs["scale_labels"].where(defs["indicator_id"] != INDICATOR, None))
    monkeypatch.setattr(validate, "current_year", lambda: 2026)
    tables = {**with_indicator, "indicators": scaled}  # the same indicator on a continuous 1-5 scale
    path = write_csv(tmp_path / "scores.csv", [score(value="2,5", lower="1,75", upper="3")], delimiter=";",
                     encoding="cp1250", blank_lines=True)
    rows = added_rows(prepared(path, tables))
    assert rows["value"].tolist() == [2.5]
    preview = prepared(path, tables)
    assert preview.tables is not None
    obs = preview.tables["observations"].set_index("indicator_id").loc[INDICATOR]
    assert (obs["lower"], obs["upper"]) == (1.75, 3.0)
    assert any("separated by semicolons, decimal commas accepted" in n for n in preview.notes)


def test_excel_sep_line_tabs_blank_rows_and_trailing_spaces(tmp_path: Path, with_indicator: dict) -> None:
    text = ("sep=\t\r\n\r\n country \tyear\t indicator_id\tvalue \tevidence\r\n\t\t\t\t\r\n"
            f" Serbia \t 2024 \t{INDICATOR} \t 3 \t  Spaces around.  \r\n\r\n")
    path = tmp_path / "scores.csv"
    path.write_text(text, encoding="utf-8")
    rows = added_rows(prepared(path, with_indicator))
    assert rows[["country_iso3", "year", "value"]].values.tolist() == [["SRB", 2024, 3.0]]


def test_comma_csv_with_quoted_decimal_comma_and_ambiguous_thousands(tmp_path: Path, with_indicator: dict) -> None:
    path = write_csv(tmp_path / "scores.csv", [score(value="1,234"), score(country="ALB", value="3")])
    preview = prepared(path, with_indicator)
    assert [(p.row, p.column) for p in preview.problems] == [(2, "value")]
    assert "'1,234' is ambiguous" in preview.problems[0].message


@pytest.mark.parametrize(("text", "decimal_comma", "expected"), [
    ("3.5", False, 3.5), ("3,5", False, 3.5), ("3,5", True, 3.5), ("-0,25", True, -0.25), ("\u22121.5", False, -1.5),
    ("1,234", True, 1.234), ("12", False, 12.0), (" 7 ", False, 7.0), (4, False, 4.0),
])
def test_numbers_that_can_be_read_without_guessing(text: object, decimal_comma: bool, expected: float) -> None:
    assert parse_number(text, decimal_comma) == expected


@pytest.mark.parametrize(("text", "decimal_comma", "expected"), [
    ("1,234", False, "ambiguous"), ("1.234", True, "ambiguous"), ("1.234,5", True, "mixes"), ("abc", False,
                                                                                              "not a number"),
    ("45%", False, "not a number"), (float("nan"), False, "not a finite number"), (True, False, "not a number"),
])
def test_numbers_that_cannot(text: object, decimal_comma: bool, expected: str) -> None:
    from radar.publish.validate import CellError

    with pytest.raises(CellError, match=expected):
        parse_number(text, decimal_comma)


# ---- Excel ---------------------------------------------------------------------------------------------------------

def test_excel_with_several_sheets_blank_rows_above_the_header(tmp_path: Path, with_indicator: dict) -> None:
    path = write_xlsx(tmp_path / "scores.xlsx", [score(), score(country="Montenegro", value=4)],
                      blank_rows_on_top=2, extra_sheet=True)
    rows = added_rows(prepared(path, with_indicator))
    assert sorted(rows["country_iso3"]) == ["MNE", "SRB"]


def test_the_blank_downloadable_templates_are_rejected_as_empty(tmp_path: Path, base_tables: dict) -> None:
    for name, make in template_files.TEMPLATE_FILES.items():
        path = tmp_path / name
        path.write_bytes(make())
        preview = prepared(path, base_tables)
        assert preview.recognised == "template", name
        assert "no data rows" in messages(preview), name


def test_the_committed_templates_are_the_generated_ones() -> None:
    import openpyxl

    for name, make in template_files.TEMPLATE_FILES.items():
        committed = settings.TEMPLATES_DIR / name
        assert committed.is_file(), f"{committed} missing: run python -m radar templates"
        if name.endswith(".csv"):
            assert committed.read_bytes() == make()
        else:
            book = openpyxl.load_workbook(committed)
            assert book.sheetnames == ["scores", "indicators", "instructions"]
            assert [c.value for c in book["scores"][1]] == [c.name for c in tpl.SCORE_COLUMNS]
            assert [c.value for c in book["indicators"][1]] == [c.name for c in tpl.INDICATOR_COLUMNS]


def test_a_renamed_scores_sheet_is_found_by_its_header(tmp_path: Path, with_indicator: dict) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Sheet1"
    book.active.append(["country", "year", "indicator_id", "value", "evidence"])
    book.active.append(["MKD", 2023, INDICATOR, 3, "Test evidence."])
    book.save(tmp_path / "renamed.xlsx")
    rows = added_rows(prepared(tmp_path / "renamed.xlsx", with_indicator))
    assert rows[["country_iso3", "year"]].values.tolist() == [["MKD", 2023]]


def test_a_scores_sheet_without_the_header_row_is_rejected_naming_the_sheet(tmp_path: Path, base_tables: dict
                                                                           ) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "Scores "
    book.active.append(["Land", "Jahr", "Wert"])
    book.active.append(["Serbien", 2024, 3])
    book.save(tmp_path / "wrong.xlsx")
    preview = prepared(tmp_path / "wrong.xlsx", base_tables)
    assert [(p.sheet, p.row) for p in preview.problems] == [("Scores ", None)]
    assert "is not the template's header" in preview.problems[0].message

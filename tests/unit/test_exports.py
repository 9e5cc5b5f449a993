"""CSV and Excel downloads: formula injection defused, numbers kept as numbers, citations, BOM and letters."""

from __future__ import annotations

import csv
import io
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook

from radar import exports

WHEN = date(2024, 5, 17)
CITATIONS = ["World Bank WGI: Kaufmann and Kraay (2024) (https://www.govindicators.org); licence: CC BY 4.0",
             "=HYPERLINK(\"http://evil\") source that starts like a formula"]
DANGEROUS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x"]
LETTERS = ["Србија", "ćčšžđ ĆČŠŽĐ", "Crna Gora / Црна Гора", "Shqipëri", "Македонија"]


@pytest.fixture
def frame() -> pd.DataFrame:
    """Text columns with formula-like cells (object and pandas string dtype) beside numeric columns with
    negative numbers."""
    return pd.DataFrame({
        "label": pd.Series(DANGEROUS, dtype=object),
        "note": pd.Series(LETTERS, dtype="string"),
        "change": [-1.5, -0.25, 3.0, -100.0, 0.0],
        "rank": [-1, -2, 3, 4, -5],
    })


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_csv_starts_with_a_utf8_bom():
    data = exports.csv_bytes(pd.DataFrame({"a": [1]}), [], WHEN)
    assert data.startswith(b"\xef\xbb\xbf")
    assert not data[3:].startswith(b"\xef\xbb\xbf")  # exactly one


def test_csv_defuses_every_formula_like_text_cell_and_keeps_numbers(frame):
    rows = csv_rows(exports.csv_bytes(frame, CITATIONS, WHEN))
    header, body = rows[0], rows[1:1 + len(frame)]
    assert header == ["label", "note", "change", "rank"]
    assert [r[0] for r in body] == ["'" + text for text in DANGEROUS]
    for row in body:
        assert row[0].startswith("'"), row
        assert row[0][0] not in "=+-@\t\r"
    # numbers stay numbers: a negative number is written as a plain number, never with an apostrophe
    assert [float(r[2]) for r in body] == [-1.5, -0.25, 3.0, -100.0, 0.0]
    assert [int(r[3]) for r in body] == [-1, -2, 3, 4, -5]
    assert all(not r[2].startswith("'") and not r[3].startswith("'") for r in body)
    assert pd.read_csv(io.BytesIO(exports.csv_bytes(frame, [], WHEN)), encoding="utf-8-sig",
                       nrows=len(frame))["change"].dtype == "float64"


def test_csv_defuses_headers_that_look_like_formulas():
    rows = csv_rows(exports.csv_bytes(pd.DataFrame({"=cmd": ["a"], "ok": [-1]}), [], WHEN))
    assert rows[0] == ["'=cmd", "ok"]
    assert rows[1] == ["a", "-1"]


def test_csv_ends_with_the_citation_lines(frame):
    rows = csv_rows(exports.csv_bytes(frame, CITATIONS, WHEN))
    tail = [r[0] for r in rows[1 + len(frame):]]
    assert tail[0] == "WB-OCR Radar data export, 2024-05-17. Cite each source:"
    assert tail[1:] == [f"• {c}" for c in CITATIONS]
    assert all(not line.startswith(tuple("=+-@")) for line in tail)


def test_csv_keeps_cyrillic_and_latin_letters(frame):
    text = exports.csv_bytes(frame, ["Izvor: Zavod za statistiku Crne Gore / Завод"], WHEN).decode("utf-8-sig")
    back = pd.read_csv(io.StringIO(text), nrows=len(frame))
    assert back["note"].tolist() == LETTERS
    assert "Izvor: Zavod za statistiku Crne Gore / Завод" in text


def test_excel_has_no_formula_and_reads_back_the_literal_text(frame):
    book = load_workbook(io.BytesIO(exports.excel_bytes(frame, CITATIONS, when=WHEN)))
    assert book.sheetnames == ["data", "sources"]
    sheet = book["data"]
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert cells and all(cell.data_type != "f" for cell in cells)
    for sheet_any in book.worksheets:
        for row in sheet_any.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet_any.title}!{cell.coordinate} is a formula: {cell.value!r}"
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["label", "note", "change", "rank"]
    assert [r[0] for r in values[1:]] == DANGEROUS  # the literal text, stored as text
    assert [r[1] for r in values[1:]] == LETTERS
    assert [sheet.cell(row=i, column=1).data_type for i in range(2, 2 + len(frame))] == ["s"] * len(frame)
    # numbers stay numbers, negative ones included
    assert [r[2] for r in values[1:]] == [-1.5, -0.25, 3.0, -100.0, 0.0]
    assert [r[3] for r in values[1:]] == [-1, -2, 3, 4, -5]
    assert all(sheet.cell(row=i, column=c).data_type == "n" for i in range(2, 2 + len(frame)) for c in (3, 4))


def test_excel_carries_the_citation_lines(frame):
    book = load_workbook(io.BytesIO(exports.excel_bytes(frame, CITATIONS, when=WHEN)))
    lines = [row[0].value for row in book["sources"].iter_rows()]
    assert lines == ["WB-OCR Radar data export, 2024-05-17. Cite each source:", *[f"• {c}" for c in CITATIONS]]
    assert all(row[0].data_type == "s" for row in book["sources"].iter_rows())


def test_excel_leaves_missing_values_empty():
    book = load_workbook(io.BytesIO(exports.excel_bytes(pd.DataFrame({"a": [1.0, None], "b": ["x", "y"]}), [])))
    assert [[c.value for c in row] for row in book["data"].iter_rows()] == [["a", "b"], [1, "x"], [None, "y"]]


@pytest.mark.parametrize("text", DANGEROUS + ["\r=x"])
def test_defuse_prefixes_an_apostrophe(text):
    assert exports.defuse(text) == "'" + text


@pytest.mark.parametrize("value", ["plain", "a=b", "", "'=already", -3, -2.5, None])
def test_defuse_leaves_other_values_alone(value):
    assert exports.defuse(value) == value

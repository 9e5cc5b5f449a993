"""The blank import template files (data/templates/): CSV per table and one Excel workbook with an instructions
sheet, byte-identical each time they are made."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill

from radar.ingest.template import COLUMNS, INDICATOR_COLUMNS, INDICATORS, INSTRUCTIONS, SCORE_COLUMNS, SCORES, Column

FIXED_TIME = datetime(2026, 1, 1)  # workbook timestamps, so that regenerating the template changes no byte of data


def template_csv(table: str = SCORES) -> bytes:
    """The blank CSV template of one table: the header row, UTF-8 with a byte-order mark (Excel reads it)."""
    return ("\ufeff" + ",".join(c.name for c in COLUMNS[table]) + "\r\n").encode("utf-8")


def _header(ws: object, columns: tuple[Column, ...]) -> None:
    ws.append([c.name for c in columns])  # type: ignore[attr-defined]
    for cell, column in zip(ws[1], columns):  # type: ignore[index]
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DCE6F2" if column.required else "F2F2F2")
        ws.column_dimensions[cell.column_letter].width = max(14, len(column.name) + 4)  # type: ignore[attr-defined]
    ws.freeze_panes = "A2"  # type: ignore[attr-defined]


def _instructions(ws: object) -> None:
    lines = [
        ["WB-OCR Radar import template", "", "", "", ""],
        ["Fill in 'scores' (one row per country, year and indicator). Use 'indicators' only to define a NEW "
         "indicator (or put one on a radar). Values only: no formulas. Blank rows are ignored. Full guide: "
         "docs/IMPORT_TEMPLATE.md", "", "", "", ""],
        ["", "", "", "", ""],
        ["sheet", "column", "required", "what goes in it", "example (illustrative, not real data)"],
    ]
    for table, columns in COLUMNS.items():
        lines += [[table, c.name, "yes" if c.required else "no", c.meaning, c.example] for c in columns]
    for line in lines:
        ws.append(line)  # type: ignore[attr-defined]
    for cell in ws[4]:  # type: ignore[index]
        cell.font = Font(bold=True)
    ws["A1"].font = Font(bold=True, size=14)  # type: ignore[index]
    for letter, width in zip("ABCDE", (12, 18, 10, 90, 60)):
        ws.column_dimensions[letter].width = width  # type: ignore[attr-defined]
    for row in ws.iter_rows():  # type: ignore[attr-defined]
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, even where a text starts with '='


def template_xlsx() -> bytes:
    """The blank Excel template: sheets 'scores' and 'indicators' (header rows) and 'instructions'."""
    book = openpyxl.Workbook()
    scores = book.active
    scores.title = SCORES
    _header(scores, SCORE_COLUMNS)
    _header(book.create_sheet(INDICATORS), INDICATOR_COLUMNS)
    _instructions(book.create_sheet(INSTRUCTIONS))
    book.properties.creator = "WB-OCR Radar"
    book.properties.created = book.properties.modified = FIXED_TIME
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


TEMPLATE_FILES = {
    "wb-ocr-template.csv": lambda: template_csv(SCORES),
    "wb-ocr-template-indicators.csv": lambda: template_csv(INDICATORS),
    "wb-ocr-template.xlsx": template_xlsx,
}


def write_templates(folder: Path) -> list[Path]:
    """Write the blank template files into `folder`; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in TEMPLATE_FILES.items():
        (folder / name).write_bytes(make())
        written.append(folder / name)
    return written

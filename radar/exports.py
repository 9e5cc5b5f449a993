"""Downloads: a table as CSV or Excel bytes with a citation line per source, safe against formula injection."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from radar.i18n import _

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def defuse(text: object) -> object:
    """Return a text cell that a spreadsheet would run as a formula with a leading apostrophe; other values as is."""
    if isinstance(text, str) and text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def defused(frame: pd.DataFrame) -> pd.DataFrame:
    """Return `frame` with every text cell defused (numbers, even negative ones, stay numbers)."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(defuse)
    out.columns = [defuse(str(c)) for c in out.columns]
    return out


def citation_lines(citations: list[str], when: date | None = None) -> list[str]:
    """The lines that travel with every download: what it is, when it was taken, and how to cite each source."""
    when = when or date.today()
    head = _("WB-OCR Radar data export, {date}. Cite each source:").format(date=when.isoformat())
    return [head, *[f"• {c}" for c in citations]]  # not "- ": a leading minus reads as a formula


def csv_bytes(frame: pd.DataFrame, citations: list[str], when: date | None = None) -> bytes:
    """CSV (UTF-8 with BOM, so Excel reads the region's letters) of `frame`, defused, with a `citation` column
    naming each row's source citation when `frame` has a `citation` column, and citation lines at the end."""
    buffer = io.StringIO()
    defused(frame).to_csv(buffer, index=False)
    for line in citation_lines(citations, when):
        buffer.write('"' + str(defuse(line)).replace('"', '""') + '"\n')
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def excel_bytes(frame: pd.DataFrame, citations: list[str], sheet: str = "data", when: date | None = None) -> bytes:
    """An .xlsx with the rows on one sheet and the citations on a 'sources' sheet; every text cell is stored as
    text (never a formula)."""
    book = Workbook()
    data = book.active
    data.title = sheet
    data.append([str(c) for c in frame.columns])
    for cell in data[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        data.append([None if _blank(v) else v for v in row])
    for row in data.iter_rows(min_row=1):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would store a leading "=" as a formula
    notes = book.create_sheet("sources")
    for line in citation_lines(citations, when):
        notes.append([line])
        notes.cell(row=notes.max_row, column=1).data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _blank(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False

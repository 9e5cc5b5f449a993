"""Downloads: a table as CSV or Excel bytes with a citation line per source, safe against formula injection.

What a download carries of the network's assessments (issue 17): an ordinal value's level label next to it, each
network value's evidence sentence and link, and links only when they are http(s) (any other is a blank cell).
"""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font

from radar import i18n
from radar.assessment import own_level_labels
from radar.i18n import _
from radar.text import safe_url

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# The indicator values behind a chart, as its download lists them (field ids, like the Data page's download).
VALUE_COLUMNS = ("country", "axis_name", "indicator_name", "year", "value", "level", "scale_labels", "unit", "score",
                 "source", "edition", "evidence", "evidence_url", "source_url", "country_iso3", "indicator_id")


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


def export_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows as a download carries them: an ordinal value's level label (`level`) right after the value (from
    the rows' own `scale_labels`, which is not exported), and every link column (a name ending in 'url') with
    http(s) links only, any other (javascript:, data:, a relative path) a blank cell."""
    out = frame
    if "scale_labels" in out.columns:
        if "value" in out.columns and "level" not in out.columns:
            out = out.assign(level=own_level_labels(out))
        out = out.drop(columns="scale_labels")
    if "level" in out.columns and "value" in out.columns:
        rest = [c for c in out.columns if c != "level"]
        at = rest.index("value") + 1
        out = out[[*rest[:at], "level", *rest[at:]]]
    links = {c: [safe_url(v) or "" for v in out[c]] for c in out.columns if str(c).lower().endswith("url")}
    return out.assign(**links) if links else out


def values_table(values: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """The indicator values behind a chart (YearScores.values_for): one row per country, axis and indicator, in
    radar order, with the country's name, and the network values' evidence (blank for the publishers' values)."""
    rows = values.assign(country=values["country_iso3"].map(names)).sort_values(
        [c for c in ("country_iso3", "axis_order", "indicator_id") if c in values.columns], ignore_index=True)
    return rows[[c for c in VALUE_COLUMNS if c in rows.columns]]


def citation_lines(citations: list[str], when: date | None = None) -> list[str]:
    """The lines that travel with every download: what it is, when it was taken, and how to cite each source."""
    when = when or date.today()
    head = _("WB-OCR Radar data export, {date}. Cite each source:").format(date=when.isoformat())
    return [head, *[f"• {c}" for c in citations]]  # not "- ": a leading minus reads as a formula


def csv_bytes(frame: pd.DataFrame, citations: list[str], when: date | None = None,
              language: str | None = None) -> bytes:
    """CSV (UTF-8 with BOM, so Excel reads the region's letters) of `frame` as export_table makes it, defused, with
    citation lines at the end, in `language` (default: the run's; a download is made after the run)."""
    with i18n.using(language or i18n.language()):
        buffer = io.StringIO()
        defused(export_table(frame)).to_csv(buffer, index=False)
        for line in citation_lines(citations, when):
            buffer.write('"' + str(defuse(line)).replace('"', '""') + '"\n')
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def excel_bytes(frame: pd.DataFrame, citations: list[str], sheet: str = "data", when: date | None = None,
                language: str | None = None, extra: dict[str, pd.DataFrame] | None = None) -> bytes:
    """An .xlsx with the rows (as export_table makes them) on one sheet, each of `extra` on a sheet of its own,
    and the citations on a 'sources' sheet; every text cell is stored as text (never a formula)."""
    with i18n.using(language or i18n.language()):
        book = Workbook()
        _fill(book.active, sheet, frame)
        for title, rows in (extra or {}).items():
            _fill(book.create_sheet(), title, rows)
        notes = book.create_sheet("sources")
        for line in citation_lines(citations, when):
            notes.append([line])
            notes.cell(row=notes.max_row, column=1).data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _fill(data, title: str, frame: pd.DataFrame) -> None:
    """One sheet: a bold header row, then the rows of export_table(frame), text cells as text."""
    frame = export_table(frame)
    data.title = title
    data.append([str(c) for c in frame.columns])
    for cell in data[1]:
        cell.font = Font(bold=True)
    for row in frame.itertuples(index=False):
        data.append([None if _blank(v) else v for v in row])
    for row in data.iter_rows(min_row=1):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would store a leading "=" as a formula


def _blank(value: object) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False

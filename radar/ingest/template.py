"""The network's own import template: its columns, and reading a filled-in CSV or Excel file as people make it.

Reading accepts CSV saved by Excel in the region's locales (comma, semicolon or tab separators; decimal commas
where the separator is not a comma; UTF-8 with or without a byte-order mark, UTF-16 with one, Windows-1250 or
Windows-1251 when only one of them gives plausible text), Excel workbooks with several sheets, stray blank rows
and trailing spaces. It returns raw cells with their row numbers; radar.publish.validate checks the values.
Not listed in radar.ingest.ADAPTERS: the build reads publishers' releases only; the template is imported through
radar.publish. radar.ingest.template_files makes the blank files in data/templates/.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import openpyxl

from radar.ingest import base, encodings, ooxml
from radar.schema import KEPT_COUNTRIES

SOURCE = base.Source(
    source_id="bsp_network",
    name="WB-OCR network assessments (Balkan Security Platform)",
    publisher=("Balkan Security Platform: IDM (Albania), CSS (Bosnia and Herzegovina), KCSS (Kosovo), Institute "
               "Alternative (Montenegro), Eurothink (North Macedonia), BCSP (Serbia)"),
    url="",
    licence="As stated by the network with each assessment (see each score's evidence link).",
    citation="Balkan Security Platform, WB-OCR Radar network assessment",
    stored_copy="imported through the WB-OCR import template (each version keeps the imported file)",
)
KIND = "template"  # what radar.publish reports as recognised for a template file


@dataclass(frozen=True)
class Column:
    """One column of the template: its header, whether every file must have it, and what goes in it."""

    name: str
    required: bool
    meaning: str
    example: str


SCORES = "scores"
INDICATORS = "indicators"
INSTRUCTIONS = "instructions"
SCORE_COLUMNS: tuple[Column, ...] = (
    Column("country", True, "ISO3 code (ALB, BIH, XKX, MNE, MKD, SRB or an EU-27 code) or English short name "
           "(Albania, ..., Kosovo, North Macedonia)", "SRB"),
    Column("year", True, "Year the score refers to (four digits, not in the future)", "2025"),
    Column("indicator_id", True, "Id of an indicator: one already in the Radar or one defined on the "
           "'indicators' sheet of the same file", "bsp_ec_ch24_preparation"),
    Column("value", True, "The score: a number on the indicator's scale (for an ordinal scale, one of its levels)",
           "2"),
    Column("lower", False, "Optional lower bound of the score (on the same scale, not above value)", ""),
    Column("upper", False, "Optional upper bound of the score (on the same scale, not below value)", ""),
    Column("evidence", True, "One sentence saying what the score rests on", "Example sentence: the reason for "
           "this score, citing the report."),
    Column("evidence_url", False, "Link (http:// or https://) to the report or page behind the score",
           "https://example.org/report"),
)
INDICATOR_COLUMNS: tuple[Column, ...] = (
    Column("indicator_id", True, "Id of the new (or redefined) indicator: lower-case letters, digits and _ "
           "(start network ids with bsp_)", "bsp_ec_ch24_preparation"),
    Column("name", True, "Name shown on charts", "EC: Chapter 24 level of preparation"),
    Column("description", False, "What the indicator measures and how it is scored", "European Commission "
           "assessment of preparation under Chapter 24 (five levels)"),
    Column("unit", False, "Unit or scale wording (default: 'score (min-max)')", "level (1-5)"),
    Column("scale_min", False, "Lowest value of the published scale (required unless scale_labels is given)", "1"),
    Column("scale_max", False, "Highest value of the published scale (required unless scale_labels is given)", "5"),
    Column("higher_is_better", True, "true if a higher value means a better government performance, else false",
           "true"),
    Column("scale_labels", False, "For an ordinal scale: its levels and labels, 'level=label' separated by |",
           "1=Early stage|2=Some level of preparation|3=Moderately prepared|4=Good level of preparation|"
           "5=Well advanced"),
    Column("framework_id", False, "To put the indicator on a radar: an existing framework id, or a new one",
           "wbocr"),
    Column("framework_name", False, "Name of a NEW framework (required when framework_id is new)", ""),
    Column("axis_id", False, "Axis of that framework: an existing axis id, or a new one (required with "
           "framework_id)", "prosecution_courts"),
    Column("axis_name", False, "Name of a NEW axis (required when axis_id is new)", ""),
    Column("weight", False, "Weight of the indicator in its axis (positive number, default 1)", "1"),
)
COLUMNS = {SCORES: SCORE_COLUMNS, INDICATORS: INDICATOR_COLUMNS}
# The European Commission's five levels of preparation (annual enlargement package), as an ordinal scale.
EC_PREPARATION_LABELS = ("1=Early stage|2=Some level of preparation|3=Moderately prepared|"
                         "4=Good level of preparation|5=Well advanced")


class TemplateReadError(ValueError):
    """The file cannot be read as a template (encoding, layout); `sheet`/`row` say where when known."""

    def __init__(self, message: str, sheet: str | None = None, row: int | None = None) -> None:
        super().__init__(message)
        self.message, self.sheet, self.row = message, sheet, row


class Formula(str):
    """A cell that holds a formula (its text, starting with '='), not a value."""


@dataclass
class Sheet:
    """One table of a filled-in template: its normalised headers and its non-blank rows with their row numbers."""

    name: str  # 'scores' or 'indicators' (for a CSV, the table its header shows)
    title: str | None  # the sheet's name in the workbook (None for a CSV)
    header_row: int  # 1-based, as a spreadsheet shows it
    columns: list[str]  # normalised headers, '' for a blank header cell
    rows: list[tuple[int, list[object]]] = field(default_factory=list)

    def cell(self, cells: list[object], column: str) -> object:
        """The cell of `column` in a row (None when the file has no such column or the row is short)."""
        if column not in self.columns:
            return None
        at = self.columns.index(column)
        return cells[at] if at < len(cells) else None


@dataclass
class TemplateFile:
    """A filled-in template: its tables by name, and how its text was read (CSV)."""

    sheets: dict[str, Sheet]
    encoding: str | None = None
    delimiter: str | None = None
    decimal_comma: bool = False  # CSV in a locale whose decimal separator is the comma (separator ';' or tab)


# ---- headers and countries -------------------------------------------------------------------------------------

def header_name(cell: object) -> str:
    """A header cell as a column name: 'Indicator ID ' -> 'indicator_id', '\\ufeffcountry' -> 'country'."""
    text = str(cell or "").replace("\ufeff", "").strip().strip('"').strip().lower()
    return re.sub(r"[\s\-]+", "_", text)


def table_of(columns: list[str]) -> str | None:
    """Which template table a header row is: 'scores', 'indicators', or None (fewer than two known columns)."""
    names = set(columns)
    known = {t: len(names & {c.name for c in cols}) for t, cols in COLUMNS.items()}
    if known[SCORES] >= 2 and names & {"country", "year", "value"}:
        return SCORES
    if known[INDICATORS] >= 2:
        return INDICATORS
    return None


def _name_key(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("&", " and ")))


_COUNTRY_KEYS: dict[str, str] = {
    **{_name_key(name): iso3 for iso3, name in base.COUNTRY_NAMES.items()},
    "macedonia": "MKD", "republic of north macedonia": "MKD", "bosnia herzegovina": "BIH",
    "czech republic": "CZE", "slovak republic": "SVK", "the netherlands": "NLD", "republic of kosovo": "XKX",
}


def country_iso3(cell: object) -> str | None:
    """Our ISO3 for a country cell (ISO3 code, publisher alias like KSV, or English name), None if unknown."""
    text = str(cell or "").strip().rstrip("*").strip()
    code = base.iso3_from_code(text)
    if code in KEPT_COUNTRIES:
        return code
    return _COUNTRY_KEYS.get(_name_key(text))


# ---- CSV ------------------------------------------------------------------------------------------------------

_DELIMITERS = (",", ";", "\t")


def _records(text: str, delimiter: str) -> list[list[str]]:
    """The CSV records; TemplateReadError naming the record where the csv module gives up (a field over its
    131,072-character limit, usually a quote that is never closed)."""
    records: list[list[str]] = []
    try:
        records.extend(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise TemplateReadError(f"the CSV cannot be read from this row on ({exc}): usually a quote \" that is never "
                                "closed; save the file again from Excel", row=len(records) + 1) from exc
    return records


def _blank(cells: list[object]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def _first_line(text: str) -> tuple[str, int]:
    """The first non-blank line and its 0-based index."""
    for at, line in enumerate(text.splitlines()):
        if line.strip().strip(",;\t"):
            return line, at
    raise TemplateReadError("the file has no rows: it is empty or holds only blank lines")


def _delimiter(text: str) -> tuple[str, int]:
    """The separator of a CSV text (an Excel 'sep=' line, else the one whose header has the most template columns),
    and how many lines to skip before the header search."""
    line, at = _first_line(text)
    declared = re.fullmatch(r"\s*sep=(.)\s*", line)
    if declared:
        return declared.group(1), at + 1
    best = max(_DELIMITERS, key=lambda d: _known_columns(_split(line, d)))
    return best, 0


def _split(line: str, delimiter: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter), [])
    except csv.Error:  # an overlong field: this separator finds no header
        return []


def _known_columns(cells: list[str]) -> int:
    names = {header_name(c) for c in cells}
    return max(len(names & {c.name for c in cols}) for cols in COLUMNS.values())


def _sheet_from_rows(rows: list[tuple[int, list[object]]], title: str | None, table: str | None = None
                     ) -> Sheet | None:
    """The template table whose header is the first non-blank row of `rows` (None if it is not one). With `table`
    (a sheet named after it), one known column of that table is enough: validation names the missing ones."""
    filled = [(number, cells) for number, cells in rows if not _blank(cells)]
    if not filled:
        return None
    header_row, header = filled[0]
    columns = [header_name(c) for c in header]
    while columns and not columns[-1]:
        columns.pop()
    name = table_of(columns) if table is None else _named_table(table, columns)
    if name is None:
        return None
    body = [(number, [_clean(c) for c in cells]) for number, cells in filled[1:]]
    return Sheet(name, title, header_row, columns, body)


def _named_table(table: str, columns: list[str]) -> str | None:
    """`table` when a header row under a sheet named after it has at least one of its columns."""
    return table if set(columns) & {c.name for c in COLUMNS[table]} else None


def _clean(cell: object) -> object:
    """Trailing and leading spaces (incl. no-break spaces) off text cells; a blank text cell is None."""
    if isinstance(cell, str) and not isinstance(cell, Formula):
        text = cell.replace("\u00a0", " ").strip()
        return text or None
    return cell


def read_csv(data: bytes) -> TemplateFile:
    """A CSV template file (scores or indicators table). Raises TemplateReadError when it is not one."""
    try:
        text, encoding = encodings.decode_text(data)
    except encodings.UndecodableText as exc:
        raise TemplateReadError(str(exc)) from exc
    delimiter, skip = _delimiter(text)
    records = _records(text, delimiter)
    rows = [(n, [Formula(c) if c.strip().startswith("=") else c for c in cells])
            for n, cells in enumerate(records, start=1) if n > skip]
    sheet = _sheet_from_rows(rows, None)
    if sheet is None:
        raise TemplateReadError(
            "the first row is not the template's header: expected columns "
            + ", ".join(c.name for c in SCORE_COLUMNS) + " (scores) or "
            + ", ".join(c.name for c in INDICATOR_COLUMNS[:7]) + ", ... (indicators), "
            "separated by commas or semicolons", row=skip + 1)
    return TemplateFile({sheet.name: sheet}, encoding, delimiter, decimal_comma=delimiter != ",")


# ---- Excel ----------------------------------------------------------------------------------------------------

def _cell_value(cell: object) -> object:
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", None) == "f" or (isinstance(value, str) and value.startswith("=")):
        return Formula(str(value))
    return value


def _sheet_rows(ws: object, max_row: int | None = None) -> list[tuple[int, list[object]]]:
    """(row number, cells) of a sheet's rows, formulas as Formula cells. TemplateReadError (naming the sheet and
    the last row read) when openpyxl stops on a damaged sheet: malformed XML, a cell it cannot convert."""
    rows = ws.iter_rows(max_row=max_row)  # type: ignore[attr-defined]
    read: list[tuple[int, list[object]]] = []
    try:
        read.extend((number, [_cell_value(c) for c in row]) for number, row in enumerate(rows, start=1))
    except (SyntaxError, ValueError, KeyError, TypeError, IndexError, AttributeError, EOFError, OSError,
            zipfile.BadZipFile, zlib.error) as exc:  # SyntaxError: ElementTree's and lxml's ParseError
        title = getattr(ws, "title", None)
        raise TemplateReadError(f"the sheet is damaged after row {len(read)} ({type(exc).__name__}: "
                                f"{str(exc)[:200]}): save the workbook again from Excel", sheet=title,
                                row=len(read) + 1) from exc
    return read


def _named_sheets(book: openpyxl.Workbook) -> dict[str, Sheet]:
    """The sheets named 'scores' and 'indicators' (any case, spaces), each read as that table."""
    sheets: dict[str, Sheet] = {}
    for ws in book.worksheets:
        table = header_name(ws.title)
        if table not in COLUMNS or table in sheets:
            continue
        rows = _sheet_rows(ws)
        if all(_blank(cells) for _, cells in rows):
            continue
        sheet = _sheet_from_rows(rows, ws.title, table)
        if sheet is None:
            raise TemplateReadError(f"the first non-blank row of sheet '{ws.title}' is not the template's header "
                                    f"({', '.join(c.name for c in COLUMNS[table][:4])}, ...)", sheet=ws.title)
        sheets[table] = sheet
    return sheets


def _sheets_by_header(book: openpyxl.Workbook) -> dict[str, Sheet]:
    """Without sheets named like the template's: the first sheet whose header is each table's."""
    sheets: dict[str, Sheet] = {}
    for ws in book.worksheets:
        sheet = _sheet_from_rows(_sheet_rows(ws), ws.title)
        if sheet is not None and sheet.name not in sheets:
            sheets[sheet.name] = sheet
    return sheets


def read_xlsx(path: Path) -> TemplateFile:
    """An Excel template: the 'scores' and 'indicators' sheets (by name, else by their header row); other sheets
    are ignored. Formulas are kept as Formula cells (validation rejects them). Raises TemplateReadError."""
    try:
        _check_archive(path)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except ooxml.UnsafeArchive as exc:
        raise TemplateReadError(f"the workbook is refused before it is unpacked: {exc.message}") from exc
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is reported, never raised
        raise TemplateReadError(f"the workbook cannot be opened ({type(exc).__name__}): save it again from Excel "
                                "as .xlsx") from exc
    try:
        sheets = _named_sheets(book) or _sheets_by_header(book)
    finally:
        book.close()
    if not sheets:
        raise TemplateReadError("no 'scores' or 'indicators' sheet with the template's header row")
    return TemplateFile(sheets)


def is_workbook(path: Path) -> bool:
    return zipfile.is_zipfile(path)


def _check_archive(path: Path) -> None:
    """ooxml.UnsafeArchive before openpyxl unpacks anything of a bomb (see ooxml.check_archive)."""
    with zipfile.ZipFile(path) as archive:
        ooxml.check_archive(archive)


def read_template(path: Path) -> TemplateFile:
    """A filled-in template, CSV or Excel (by content). Raises TemplateReadError."""
    if is_workbook(path):
        return read_xlsx(path)
    return read_csv(path.read_bytes())


def recognise(path: Path) -> bool:
    """True when `path` is a filled-in template: a CSV whose header has template columns, or a workbook with a
    'scores' or 'indicators' sheet (or a sheet with the template's header)."""
    try:
        if is_workbook(path):
            _check_archive(path)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                book = openpyxl.load_workbook(path, read_only=True)
            try:
                return any(header_name(ws.title) in COLUMNS or _sheet_from_rows(_sheet_rows(ws, 50), None)
                           for ws in book.worksheets)
            finally:
                book.close()
        head = path.read_bytes()[:65536]
        text = encodings.decode_text(head)[0] if head else ""
        delimiter, skip = _delimiter(text)
        records = _records(text, delimiter)[skip:skip + 50]
        return _sheet_from_rows(list(enumerate(records, start=1)), None) is not None
    except Exception:  # noqa: BLE001 - recognise never raises: an unreadable file is simply not a template
        return False

"""Open any .xlsx workbook with openpyxl (Strict OOXML mapped to transitional in memory), plus the workbook, header
and cell readers every adapter shares."""

from __future__ import annotations

import io
import math
import re
import warnings
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

import openpyxl
from openpyxl.workbook.workbook import Workbook

Row = tuple[Any, ...]  # one sheet row's cell values, as openpyxl's iter_rows(values_only=True) gives it
T = TypeVar("T")

_STRICT = b"http://purl.oclc.org/ooxml/"
_TRANSITIONAL = "http://schemas.openxmlformats.org/"

# Strict namespace / relationship-type URIs and their transitional equivalents; the longest come first so that
# a prefix (e.g. .../relationships) never shadows a more specific entry (.../relationships/extendedProperties).
_NAMESPACES: dict[str, str] = {
    "officeDocument/relationships/extendedProperties": "officeDocument/2006/relationships/extended-properties",
    "officeDocument/relationships/customProperties": "officeDocument/2006/relationships/custom-properties",
    "officeDocument/relationships": "officeDocument/2006/relationships",
    "officeDocument/extendedProperties": "officeDocument/2006/extended-properties",
    "officeDocument/customProperties": "officeDocument/2006/custom-properties",
    "officeDocument/docPropsVTypes": "officeDocument/2006/docPropsVTypes",
    "officeDocument/sharedTypes": "officeDocument/2006/sharedTypes",
    "officeDocument/math": "officeDocument/2006/math",
    "officeDocument/bibliography": "officeDocument/2006/bibliography",
    "spreadsheetml/main": "spreadsheetml/2006/main",
    "drawingml/main": "drawingml/2006/main",
    "drawingml/chart": "drawingml/2006/chart",
    "drawingml/chartDrawing": "drawingml/2006/chartDrawing",
    "drawingml/spreadsheetDrawing": "drawingml/2006/spreadsheetDrawing",
    "drawingml/picture": "drawingml/2006/picture",
    "drawingml/diagram": "drawingml/2006/diagram",
    "drawingml/lockedCanvas": "drawingml/2006/lockedCanvas",
    "drawingml/compatibility": "drawingml/2006/compatibility",
}
_REPLACEMENTS: list[tuple[bytes, bytes]] = [
    (_STRICT + strict.encode(), (_TRANSITIONAL + transitional).encode())
    for strict, transitional in sorted(_NAMESPACES.items(), key=lambda item: -len(item[0]))
]


def is_strict(archive: zipfile.ZipFile) -> bool:
    """Return True when the workbook part of an open .xlsx archive uses the Strict OOXML namespaces.

    Raises KeyError when the archive has no workbook part.
    """
    return _STRICT in archive.read(workbook_part(archive))[:4096]


def workbook_part(archive: zipfile.ZipFile) -> str:
    """The name of the workbook part, as the package relationships point to it (usually xl/workbook.xml)."""
    rels = archive.read("_rels/.rels") if "_rels/.rels" in archive.namelist() else b""
    for element in re.findall(rb"<Relationship\b[^>]*>", rels):
        target = re.search(rb'Target="/?([^"]+)"', element)
        if b"relationships/officeDocument" in element and target:
            return target.group(1).decode()
    return "xl/workbook.xml"


def _to_transitional(data: bytes) -> bytes:
    """Return one XML part with its Strict namespace URIs replaced by the transitional ones."""
    if _STRICT not in data:
        return data
    for strict, transitional in _REPLACEMENTS:
        data = data.replace(strict, transitional)
    return data


def transitional_copy(archive: zipfile.ZipFile) -> io.BytesIO:
    """Return an in-memory copy of a Strict workbook archive with every XML part mapped to transitional."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename.endswith((".xml", ".rels")):
                data = _to_transitional(data)
            out.writestr(info.filename, data)
    buffer.seek(0)
    return buffer


@contextmanager
def open_workbook(path: Path) -> Iterator[Workbook]:
    """Open an .xlsx workbook read-only with cached values, Strict or transitional; close it on exit.

    Raises zipfile.BadZipFile, KeyError or another openpyxl/XML error when the file is not a readable workbook.
    """
    with zipfile.ZipFile(path) as archive:
        source: Path | io.BytesIO = transitional_copy(archive) if is_strict(archive) else Path(path)
    with warnings.catch_warnings():
        # openpyxl warns about extensions it drops (conditional formatting, data validation): irrelevant to values
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")
        workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
        try:
            yield workbook
        finally:
            workbook.close()


def workbook_matches(path: Path, test: Callable[[Workbook], object]) -> bool:
    """True when `path` opens as a workbook (see open_workbook) and `test(workbook)` is truthy; never raises.

    What every adapter's recognise() rests on: a foreign, corrupt or missing file is simply not a release.
    """
    try:
        with open_workbook(path) as workbook:
            return bool(test(workbook))
    except Exception:  # noqa: BLE001 - any unreadable or foreign file is simply not a release
        return False


def find_header(rows: Iterator[Row], parse: Callable[[Row], T | None], scan_rows: int) -> tuple[int, T] | None:
    """The first of the first `scan_rows` rows that `parse` accepts, as (its 0-based position, parse(row)), or None.

    `rows` is left just past that header row, so that the caller reads the table's data rows from it.
    """
    for at, row in enumerate(islice(rows, scan_rows)):
        found = parse(row)
        if found is not None:
            return at, found
    return None


# ---- cell readers shared by the adapters ---------------------------------------------------------------------

def label(cell: object) -> str:
    """A header cell as a comparable label: lower case, single spaces ('CPI  Score 2013 ' -> 'cpi score 2013')."""
    return " ".join(str(cell).split()).lower() if cell is not None else ""


def words(text: object) -> str:
    """Lower-case words of a label, punctuation dropped: 'St, Lucia' and 'St. Lucia ' both give 'st lucia'."""
    return " ".join(re.findall(r"[a-z0-9]+", str(text).lower()))


def number(cell: object) -> float:
    """The cell's numeric value; NaN for a blank, a missing marker ('..', '#N/A') or any non-numeric text."""
    if cell is None or isinstance(cell, bool):
        return math.nan
    if isinstance(cell, int | float):
        return float(cell)
    try:
        return float(str(cell).strip())
    except ValueError:
        return math.nan


def optional_number(cell: object) -> float | None:
    """The cell's numeric value, or None for a blank, a missing marker or any non-numeric text (a gap)."""
    value = number(cell)
    return None if math.isnan(value) else value


def year_in(cell: object) -> int | None:
    """The four-digit year (1900-2099) in a cell ('CPI score 2023' -> 2023, 1996 -> 1996), or None."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return int(cell) if 1900 <= cell <= 2099 and float(cell).is_integer() else None
    found = re.search(r"(?<!\d)((?:19|20)\d{2})(?!\d)", label(cell))
    return int(found.group(1)) if found else None

"""Open any .xlsx workbook with openpyxl (Strict OOXML mapped to transitional in memory), plus the workbook, header
and cell readers every adapter shares.

A workbook is a zip archive: before any of its parts is unpacked, `check_archive` refuses one whose parts would
unpack past settings.MAX_UNPACKED_PART_BYTES each or settings.MAX_UNPACKED_BYTES in all, or that uses another
compression than Excel's (stored or deflate). zipfile never unpacks a part past the size the archive declares for
it, so checking the declared sizes bounds every later read, openpyxl's included.
"""

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

from radar import settings

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


class UnsafeArchive(ValueError):
    """A workbook archive refused before it is unpacked; `part` names the offending part when there is one."""

    def __init__(self, message: str, part: str | None = None) -> None:
        super().__init__(message)
        self.message, self.part = message, part


_ZIP_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # what Excel, LibreOffice and openpyxl write


def check_archive(archive: zipfile.ZipFile) -> None:
    """Refuse (UnsafeArchive) an archive with too many parts, a part or a total that would unpack past the limits,
    or a compression method other than stored/deflate (bzip2 and lzma unpack without an output bound)."""
    infos = archive.infolist()
    if len(infos) > settings.MAX_ARCHIVE_PARTS:
        raise UnsafeArchive(f"the workbook has {len(infos)} parts, over the limit of {settings.MAX_ARCHIVE_PARTS}: "
                            "it is not a workbook Excel saves")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise UnsafeArchive(f"part {info.filename} is encrypted: save the workbook again without a password",
                                info.filename)
        if info.compress_type not in _ZIP_METHODS:
            raise UnsafeArchive(f"part {info.filename} is compressed with method {info.compress_type}, which Excel "
                                "never uses: save the workbook again from Excel", info.filename)
        if info.file_size > settings.MAX_UNPACKED_PART_BYTES:
            raise UnsafeArchive(f"part {info.filename} would unpack to {info.file_size / 1e6:.0f} MB, over the "
                                f"{settings.MAX_UNPACKED_PART_BYTES / 1e6:.0f} MB limit per part (a compression "
                                "bomb, or a sheet far larger than any release)", info.filename)
        total += info.file_size
    if total > settings.MAX_UNPACKED_BYTES:
        raise UnsafeArchive(f"the workbook would unpack to {total / 1e6:.0f} MB, over the "
                            f"{settings.MAX_UNPACKED_BYTES / 1e6:.0f} MB limit (a compression bomb, or far larger "
                            "than any release)")


def read_part(archive: zipfile.ZipFile, name: str, limit: int | None = None) -> bytes:
    """One part of an archive, unpacked; UnsafeArchive when it would unpack past `limit` (default: per part)."""
    limit = settings.MAX_UNPACKED_PART_BYTES if limit is None else limit
    with archive.open(name) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise UnsafeArchive(f"part {name} unpacks past {limit / 1e6:.0f} MB", name)
    return data


def is_strict(archive: zipfile.ZipFile) -> bool:
    """Return True when the workbook part of an open .xlsx archive uses the Strict OOXML namespaces.

    Raises KeyError when the archive has no workbook part.
    """
    with archive.open(workbook_part(archive)) as handle:
        return _STRICT in handle.read(4096)


def workbook_part(archive: zipfile.ZipFile) -> str:
    """The name of the workbook part, as the package relationships point to it (usually xl/workbook.xml)."""
    rels = read_part(archive, "_rels/.rels") if "_rels/.rels" in archive.namelist() else b""
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
    """Return an in-memory copy of a Strict workbook archive with every XML part mapped to transitional.

    Raises UnsafeArchive (see check_archive) before anything is unpacked."""
    check_archive(archive)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:
        for info in archive.infolist():
            data = read_part(archive, info.filename)
            if info.filename.endswith((".xml", ".rels")):
                data = _to_transitional(data)
            out.writestr(info.filename, data)
    buffer.seek(0)
    return buffer


@contextmanager
def open_workbook(path: Path) -> Iterator[Workbook]:
    """Open an .xlsx workbook read-only with cached values, Strict or transitional; close it on exit.

    Raises UnsafeArchive (before anything is unpacked), zipfile.BadZipFile, KeyError or another openpyxl/XML error
    when the file is not a readable workbook.
    """
    with zipfile.ZipFile(path) as archive:
        check_archive(archive)
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

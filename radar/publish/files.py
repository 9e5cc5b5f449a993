"""Checks of an imported file itself, before any row is read: size, emptiness, what its bytes really are (whatever
its name says), and Excel formulas that have no computed value."""

from __future__ import annotations

import hashlib
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from radar import settings
from radar.ingest import ooxml
from radar.publish.problems import Problem

# What a file name's suffix promises, and the kinds of content that keep that promise.
SUFFIX_KINDS = {".csv": "csv", ".txt": "csv", ".tsv": "csv", ".xlsx": "xlsx", ".json": "json", ".jsonl": "json"}
ACCEPTED = ".csv, .xlsx, .json or .jsonl"
SNIFF_BYTES = 65536
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_CONTENT_NAMES = {
    "xlsx": "an Excel workbook (.xlsx)", "zip": "a zip archive", "docx": "a Word document", "ole": (
        "an old Excel 97-2003 (.xls) file or a password-protected workbook"), "pdf": "a PDF document",
    "binary": "binary data", "text": "text (like a CSV file)", "json": "JSON text",
}


@dataclass(frozen=True)
class FileFacts:
    """What a file is: its name as given, size, SHA-256 checksum, and what its bytes are."""

    name: str
    size: int
    sha256: str
    suffix: str
    content: str  # 'xlsx', 'zip', 'docx', 'ole', 'pdf', 'binary', 'text', 'json' or 'empty'


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _zip_content(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return "binary"
    if any(n.startswith("xl/") for n in names) and "[Content_Types].xml" in names:
        return "xlsx"
    return "docx" if any(n.startswith("word/") for n in names) else "zip"


def content_of(path: Path, size: int) -> str:
    """What the bytes of a file are, by their first bytes (never by the file's name)."""
    if size == 0:
        return "empty"
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_content(path)
    if head.startswith(_OLE):
        return "ole"
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"
    if b"\x00" in head:
        return "binary"
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped:
        return "empty"
    return "json" if stripped[:1] in (b"{", b"[") else "text"


def safe_name(name: str) -> str:
    """A file name as given, made safe to store: no folders, no characters a file system or shell trips on."""
    base = Path(str(name).replace("\\", "/")).name
    cleaned = re.sub(r"[^\w.\- ()\[\]+,]", "_", base).strip(" .")
    return cleaned[:150] or "upload"


def facts_of(path: Path, name: str | None = None) -> FileFacts:
    name = safe_name(name or path.name)
    size = path.stat().st_size
    return FileFacts(name, size, sha256_of(path), Path(name).suffix.lower(), content_of(path, size))


def _mismatch(facts: FileFacts, kind: str) -> str | None:
    """Why the content does not keep the promise of the name (None when it does)."""
    found = _CONTENT_NAMES.get(facts.content, facts.content)
    if kind == "xlsx" and facts.content != "xlsx":
        hint = " Rename it to .csv, or open it in Excel and save it as .xlsx." if facts.content == "text" else ""
        if facts.content == "ole":
            hint = " Save it as an unprotected .xlsx workbook."
        return f"the file is named {facts.suffix} but is {found}, not an Excel workbook.{hint}"
    if kind == "csv" and facts.content not in ("text", "json"):
        hint = " Rename it to .xlsx." if facts.content == "xlsx" else ""
        return f"the file is named {facts.suffix} but is {found}, not CSV text.{hint}"
    if kind == "json" and facts.content != "json":
        return f"the file is named {facts.suffix} but is {found}, not JSON."
    return None


def file_problems(facts: FileFacts, max_bytes: int | None = None) -> tuple[str | None, list[Problem]]:
    """The kind to read the file as ('csv', 'xlsx' or 'json') and the problems of the file as a whole."""
    limit = settings.MAX_IMPORT_BYTES if max_bytes is None else max_bytes
    if facts.size > limit:
        return None, [Problem(facts.name, None, None, None,
                              f"the file is {facts.size / 1e6:.1f} MB, over the {limit / 1e6:.1f} MB limit "
                              "(settings.MAX_IMPORT_BYTES); split it or ask a developer")]
    if facts.content == "empty":
        return None, [Problem(facts.name, None, None, None, "the file is empty: it has no rows")]
    kind = SUFFIX_KINDS.get(facts.suffix)
    if kind is None:
        shown, found = facts.suffix or "(no extension)", _CONTENT_NAMES.get(facts.content, facts.content)
        return None, [Problem(facts.name, None, None, None,
                              f"unsupported file type {shown}: expected {ACCEPTED} (the file is {found})")]
    mismatch = _mismatch(facts, kind)
    if mismatch:
        return None, [Problem(facts.name, None, None, None, mismatch)]
    return kind, []


# ---- workbooks: the archive, its sheets' XML, formulas --------------------------------------------------------

def archive_problems(path: Path, name: str) -> list[Problem]:
    """The problem of a workbook that must not be unpacked at all (a compression bomb, too many parts, a foreign
    compression method), or of a file that is not a readable zip archive; [] when it may be opened."""
    try:
        with zipfile.ZipFile(path) as archive:
            ooxml.check_archive(archive)
    except ooxml.UnsafeArchive as exc:
        return [Problem(name, None, None, None, f"the workbook is refused before it is unpacked: {exc.message}")]
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        return [Problem(name, None, None, None, f"the workbook is damaged: it is not a readable zip archive ({exc})")]
    return []


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attribute(element: ET.Element, name: str) -> str | None:
    return next((v for k, v in element.attrib.items() if _local(k) == name), None)


def _workbook_part(archive: zipfile.ZipFile) -> str:
    names = set(archive.namelist())
    if "_rels/.rels" in names:
        for rel in ET.fromstring(ooxml.read_part(archive, "_rels/.rels")).iter():
            target = rel.get("Target", "")
            if rel.get("Type", "").endswith("/officeDocument") and target:
                return target.lstrip("/")
    return "xl/workbook.xml"


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the part holding its cells, as the workbook and its relationships say."""
    book = _workbook_part(archive)
    folder, leaf = posixpath.split(book)
    rels_name = posixpath.join(folder, "_rels", leaf + ".rels")
    targets = {}
    if rels_name in archive.namelist():
        for rel in ET.fromstring(ooxml.read_part(archive, rels_name)).iter():
            if rel.get("Id") and rel.get("Target"):
                target = rel.get("Target", "")
                targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(folder, target))
    parts = {}
    for element in ET.fromstring(ooxml.read_part(archive, book)).iter():
        if _local(element.tag) == "sheet":
            rid = _attribute(element, "id")
            if rid in targets:
                parts[element.get("name", "")] = targets[rid]
    return parts


class SheetXMLError(ValueError):
    """A sheet's XML is not well-formed: `line` and `column` say where the parser stopped."""

    def __init__(self, sheet: str, line: int, column: int, reason: str) -> None:
        super().__init__(f"sheet {sheet}: {reason} at line {line}, column {column}")
        self.sheet, self.line, self.column, self.reason = sheet, line, column, reason


_HAS_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CHUNK = 1 << 16


class _CellScan:
    """Expat handlers that note each cell's reference, whether it holds a formula and a cached value: one pass,
    linear in the size of the sheet whatever its content (a regular expression over the XML was not)."""

    def __init__(self, only_uncomputed: bool) -> None:
        self.only_uncomputed = only_uncomputed
        self.cells: list[list] = []  # open cells (nested only in a malformed sheet): [ref, formula, cached]
        self.in_value = False
        self.found: list[tuple[int, str]] = []

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        local = tag.rpartition(":")[2]
        if local == "c":
            self.cells.append([attrs.get("r", ""), False, False])
        elif self.cells and local == "f":
            self.cells[-1][1] = True
        elif self.cells and local == "is":
            self.cells[-1][2] = True
        elif self.cells and local == "v":
            self.in_value = True

    def end(self, tag: str) -> None:
        local = tag.rpartition(":")[2]
        if local == "v":
            self.in_value = False
        elif local == "c" and self.cells:
            ref, formula, cached = self.cells.pop()
            found = re.fullmatch(r"([A-Z]+)(\d+)", ref)
            if formula and not (self.only_uncomputed and cached) and found:
                self.found.append((int(found.group(2)), found.group(1)))

    def text(self, data: str) -> None:
        if self.in_value and data and self.cells:
            self.cells[-1][2] = True


def scan_sheet(data: bytes, sheet: str, only_uncomputed: bool = True) -> list[tuple[int, str]]:
    """(row, column letter) of the sheet's formula cells (only those without a computed value with
    `only_uncomputed`). Raises SheetXMLError when the XML is not well-formed. Linear time: one expat pass."""
    parser = expat.ParserCreate()
    scan = _CellScan(only_uncomputed)
    if _HAS_FORMULA.search(data):
        parser.StartElementHandler, parser.EndElementHandler = scan.start, scan.end
        parser.CharacterDataHandler = scan.text
    try:
        for at in range(0, len(data), _CHUNK):
            parser.Parse(data[at:at + _CHUNK], False)
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise SheetXMLError(sheet, exc.lineno, exc.offset + 1, expat.ErrorString(exc.code)) from None
    return scan.found


def formula_cells(path: Path, only_uncomputed: bool = True, limit: int = 200) -> list[tuple[str, int, str]]:
    """(sheet, row, column letter) of the workbook's formula cells; with `only_uncomputed`, only those without a
    computed value saved in the file (what a program that never ran Excel's calculation writes).

    Raises ooxml.UnsafeArchive (before unpacking), SheetXMLError for a sheet that is not well-formed XML."""
    found: list[tuple[str, int, str]] = []
    with zipfile.ZipFile(path) as archive:
        ooxml.check_archive(archive)
        for sheet, part in sheet_parts(archive).items():
            if part not in archive.namelist():
                continue
            found += [(sheet, row, column) for row, column in
                      scan_sheet(ooxml.read_part(archive, part), sheet, only_uncomputed)]
            if len(found) >= limit:
                return found[:limit]
    return found


def formula_problems(path: Path, name: str) -> list[Problem]:
    """A problem for each formula cell without a computed value (a publisher's values must be values), or the
    located problem of a workbook that cannot be scanned (refused archive, damaged part, malformed sheet XML):
    only the latter have no row, so that the caller opens no reader on a damaged workbook."""
    try:
        cells = formula_cells(path)
    except ooxml.UnsafeArchive as exc:
        return [Problem(name, None, None, None, f"the workbook is refused before it is unpacked: {exc.message}")]
    except SheetXMLError as exc:
        return [Problem(name, exc.sheet, None, None, f"the sheet is damaged: its XML is not well-formed "
                        f"({exc.reason}, line {exc.line}, column {exc.column}); save the workbook again from Excel")]
    except (zipfile.BadZipFile, zlib.error, KeyError, ET.ParseError, OSError, ValueError, EOFError, RuntimeError,
            NotImplementedError) as exc:  # what zipfile and ElementTree raise for damaged parts
        return [Problem(name, None, None, None, f"the workbook is damaged: its parts cannot be read "
                        f"({type(exc).__name__}: {exc}); save it again from Excel")]
    return [Problem(name, sheet, row, column, "a formula without a computed value: open the file in Excel, let it "
                    "calculate and save it (or paste the values)") for sheet, row, column in cells]

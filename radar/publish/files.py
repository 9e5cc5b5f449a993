"""Checks of an imported file itself, before any row is read: size, emptiness, what its bytes really are (whatever
its name says), and Excel formulas that have no computed value."""

from __future__ import annotations

import hashlib
import posixpath
import re
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass
from pathlib import Path

from radar import settings
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


# ---- formulas in workbooks -------------------------------------------------------------------------------------

def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attribute(element: ET.Element, name: str) -> str | None:
    return next((v for k, v in element.attrib.items() if _local(k) == name), None)


def _workbook_part(archive: zipfile.ZipFile) -> str:
    names = set(archive.namelist())
    if "_rels/.rels" in names:
        for rel in ET.fromstring(archive.read("_rels/.rels")).iter():
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
        for rel in ET.fromstring(archive.read(rels_name)).iter():
            if rel.get("Id") and rel.get("Target"):
                target = rel.get("Target", "")
                targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                    posixpath.join(folder, target))
    parts = {}
    for element in ET.fromstring(archive.read(book)).iter():
        if _local(element.tag) == "sheet":
            rid = _attribute(element, "id")
            if rid in targets:
                parts[element.get("name", "")] = targets[rid]
    return parts


_HAS_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_REF = re.compile(rb'\br="([A-Z]+)(\d+)"')
_CACHED = re.compile(rb"<(?:\w+:)?(?:v>[^<]|is>)")


def formula_cells(path: Path, only_uncomputed: bool = True, limit: int = 200) -> list[tuple[str, int, str]]:
    """(sheet, row, column letter) of the workbook's formula cells; with `only_uncomputed`, only those without a
    computed value saved in the file (what a program that never ran Excel's calculation writes)."""
    found: list[tuple[str, int, str]] = []
    with zipfile.ZipFile(path) as archive:
        for sheet, part in sheet_parts(archive).items():
            if part not in archive.namelist():
                continue
            data = archive.read(part)
            if not _HAS_FORMULA.search(data):
                continue
            for match in _CELL.finditer(data):
                inner = match.group(2) or b""
                if not _HAS_FORMULA.search(inner) or (only_uncomputed and _CACHED.search(inner)):
                    continue
                ref = _REF.search(match.group(1))
                if ref:
                    found.append((sheet, int(ref.group(2)), ref.group(1).decode()))
                if len(found) >= limit:
                    return found
    return found


def formula_problems(path: Path, name: str) -> list[Problem]:
    """A problem for each formula cell without a computed value (a publisher's values must be values)."""
    try:
        cells = formula_cells(path)
    except (zipfile.BadZipFile, KeyError, ET.ParseError):
        return []  # an unreadable workbook is reported by whoever reads it
    return [Problem(name, sheet, row, column, "a formula without a computed value: open the file in Excel, let it "
                    "calculate and save it (or paste the values)") for sheet, row, column in cells]

"""The attack corpus: hostile import files, built by code (nothing binary is committed), each with what the import
must say about it. Every file is small on disk; what makes it hostile is what it would do to a reader.

Each entry: (name, builder, expected) where `builder()` returns the file's bytes and `expected` is a piece of the
located message the import must give (lower case).
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import openpyxl

from radar.ingest import template as tpl
from radar.ingest import template_files

MAIN_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
SHEET = "xl/worksheets/sheet1.xml"


def template_workbook() -> bytes:
    """The downloadable template with one (synthetic) score row: a workbook every reader accepts."""
    book = openpyxl.load_workbook(io.BytesIO(template_files.template_xlsx()))
    book["scores"].append(["SRB", 2024, "cpi_score", 40, None, None, "Synthetic test row.", None])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def with_parts(base: bytes, replace: dict[str, bytes], add: dict[str, bytes] | None = None,
               method: int = zipfile.ZIP_DEFLATED, padded: dict[str, tuple[bytes, int, bytes]] | None = None) -> bytes:
    """A copy of the archive `base` with some parts replaced or added (same part order), compressed with `method`.
    `padded` parts are (head, number of spaces, tail), written in chunks so that a bomb is built in little memory."""
    source = zipfile.ZipFile(io.BytesIO(base))
    out = io.BytesIO()
    padded = padded or {}
    with zipfile.ZipFile(out, "w", method) as archive:
        for info in source.infolist():
            if info.filename in padded:
                _write_padded(archive, info.filename, *padded[info.filename])
            else:
                archive.writestr(info.filename, replace.get(info.filename, source.read(info)))
        for name, data in (add or {}).items():
            archive.writestr(name, data)
        for name, spec in padded.items():
            if name not in source.namelist():
                _write_padded(archive, name, *spec)
    return out.getvalue()


def _write_padded(archive: zipfile.ZipFile, name: str, head: bytes, spaces: int, tail: bytes) -> None:
    chunk = b" " * (1 << 20)
    info = zipfile.ZipInfo(name)
    info.compress_type = zipfile.ZIP_DEFLATED
    with archive.open(info, "w", force_zip64=True) as handle:
        handle.write(head)
        for _ in range(spaces // len(chunk)):
            handle.write(chunk)
        handle.write(b" " * (spaces % len(chunk)) + tail)


def first_sheet_part(base: bytes) -> str:
    from radar.publish import files

    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        return next(iter(files.sheet_parts(archive).values()))


def _sheet(body: bytes) -> bytes:
    return b'<?xml version="1.0"?><worksheet ' + MAIN_NS + b"><sheetData>" + body + b"</sheetData></worksheet>"


def crafted_unclosed_cells(count: int = 40_000) -> bytes:
    """Row 1 of the issue: one <f> and `count` unclosed <c> tags (8 KB packed; 28 s for the old regex scan)."""
    base = template_workbook()
    body = b'<?xml version="1.0"?><worksheet ' + MAIN_NS + b'><sheetData><row r="1"><f>' + b"<c>" * count
    return with_parts(base, {first_sheet_part(base): body})


def formula_in_closed_cells(count: int = 40_000) -> bytes:
    """Well-formed, but `count` formula cells without values: the scan reports the first 200, quickly."""
    base = template_workbook()
    cells = b"".join(b'<c r="A%d"><f>1+1</f></c>' % (n + 1) for n in range(count))
    return with_parts(base, {first_sheet_part(base): _sheet(b'<row r="1">' + cells + b"</row>")})


def bomb_one_part(size: int = 400_000_000) -> bytes:
    """Row 2: a sheet of `size` bytes of spaces (about 400 KB packed, 1000:1)."""
    base = template_workbook()
    head = b'<?xml version="1.0"?><worksheet ' + MAIN_NS + b'><sheetData><row r="1"><c r="A1"><v>1</v></c>'
    return with_parts(base, {}, padded={first_sheet_part(base): (head, size, b"</row></sheetData></worksheet>")})


def bomb_many_parts(parts: int = 30, size: int = 20_000_000) -> bytes:
    """Parts each under the per-part cap whose total is over the total cap (30 x 20 MB = 600 MB)."""
    return with_parts(template_workbook(), {}, padded={f"xl/media/pad{n}.xml": (b"", size, b"") for n in range(parts)})


def too_many_parts(count: int = 5000) -> bytes:
    return with_parts(template_workbook(), {}, {f"xl/x/{n}.xml": b"" for n in range(count)})


def bzip2_parts() -> bytes:
    """Every part compressed with bzip2, which Excel never writes and zipfile unpacks without an output bound."""
    return with_parts(template_workbook(), {}, method=zipfile.ZIP_BZIP2)


def truncated_workbook() -> bytes:
    data = template_workbook()
    return data[: len(data) // 2]


def malformed_sheet_without_formula() -> bytes:
    """A sheet whose XML breaks off (no formula in it): the reader must say which sheet, not crash."""
    base = template_workbook()
    return with_parts(base, {first_sheet_part(base): _sheet(b'<row r="1"><c r="A1" t="inlineStr"><is><t>country')[
        :-30]})


def billion_laughs() -> bytes:
    """A sheet whose DTD expands entities exponentially (expat refuses it)."""
    base = template_workbook()
    entities = b'<!ENTITY a0 "lol">' + b"".join(b'<!ENTITY a%d "&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;&a%d;">'
                                                 % (n, *([n - 1] * 10)) for n in range(1, 10))
    body = (b'<?xml version="1.0"?><!DOCTYPE worksheet [' + entities + b']><worksheet ' + MAIN_NS +
            b'><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&a9;</t></is></c><c r="B1"><f>1</f></c></row>'
            b"</sheetData></worksheet>")
    return with_parts(base, {first_sheet_part(base): body})


def external_entity() -> bytes:
    """A sheet that asks for a local file through an external entity (never fetched)."""
    base = template_workbook()
    body = (b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x SYSTEM "file:///etc/passwd">]><worksheet '
            + MAIN_NS + b'><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row>'
            b"</sheetData></worksheet>")
    return with_parts(base, {first_sheet_part(base): body})


def traversal_part_names() -> bytes:
    """Parts named like paths out of the archive: nothing is ever extracted to disk, so they are just names."""
    return with_parts(template_workbook(), {}, {"../../etc/evil.xml": b"<x/>", "/abs/evil.xml": b"<x/>"})


HEADER = ",".join(c.name for c in tpl.SCORE_COLUMNS)


def csv_huge_field() -> bytes:
    """Row 8 of the issue: a field over the csv module's 131,072-character limit."""
    return (HEADER + "\nSRB,2024,cpi_score,40,,,\"" + "x" * 200_000 + "\",\n").encode()


def csv_unclosed_quote() -> bytes:
    return (HEADER + "\nSRB,2024,cpi_score,40,,,\"never closed\n" + ("more text\n" * 20_000)).encode()


def csv_nul_bytes() -> bytes:
    return HEADER.encode() + b"\nSRB,2024,cpi_score,4\x000,,,x,\n"


def csv_odd_separator() -> bytes:
    return b'sep="\n' + HEADER.encode() + b"\nSRB,2024,cpi_score,40,,,x,\n"


def csv_markdown_everywhere() -> bytes:
    """Markdown and HTML in every text cell: validation may accept or refuse it, the import never crashes."""
    hostile = '"![i](https://evil.example/t.png) [x](javascript:alert(1)) <img src=x onerror=alert(1)>"'
    return (HEADER + f"\n{hostile},{hostile},{hostile},{hostile},,,{hostile},{hostile}\n").encode()


def json_deep_nesting() -> bytes:
    return b"[" * 100_000 + b"]" * 100_000


CORPUS: list[tuple[str, Callable[[], bytes], str]] = [
    ("crafted-unclosed-cells.xlsx", crafted_unclosed_cells, "not well-formed"),
    ("bomb-one-part.xlsx", bomb_one_part, "refused before it is unpacked"),
    ("bomb-many-parts.xlsx", bomb_many_parts, "refused before it is unpacked"),
    ("too-many-parts.xlsx", too_many_parts, "refused before it is unpacked"),
    ("bzip2-parts.xlsx", bzip2_parts, "refused before it is unpacked"),
    ("truncated.xlsx", truncated_workbook, ""),
    ("malformed-sheet.xlsx", malformed_sheet_without_formula, "not well-formed"),
    ("billion-laughs.xlsx", billion_laughs, "not well-formed"),
    ("external-entity.xlsx", external_entity, ""),
    ("traversal-names.xlsx", traversal_part_names, ""),
    ("huge-field.csv", csv_huge_field, "field larger than field limit"),
    ("unclosed-quote.csv", csv_unclosed_quote, ""),
    ("nul-bytes.csv", csv_nul_bytes, ""),
    ("odd-separator.csv", csv_odd_separator, ""),
    ("markdown-everywhere.csv", csv_markdown_everywhere, ""),
    ("deep-nesting.json", json_deep_nesting, ""),
]

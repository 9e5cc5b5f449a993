"""Helpers of the publishing tests: template files as people make them, a CLI runner with its own folders, and a
publisher workbook with one cell changed."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Sequence
from pathlib import Path

import openpyxl

from radar.ingest import ooxml, template_files
from radar.ingest import template as tpl
from radar.publish import files

ROOT = Path(__file__).resolve().parents[3]
RAW = ROOT / "data" / "raw"
CPI_FILE = RAW / "ti_cpi" / "CPI2025_Results.xlsx"
SCORE_HEADER = [c.name for c in tpl.SCORE_COLUMNS]
INDICATOR_HEADER = [c.name for c in tpl.INDICATOR_COLUMNS]
PASSWORD = "correct horse battery staple"
INDICATOR = "bsp_ec_ch24"  # the test's own network indicator (an ordinal 1-5 scale, on the wbocr composite)
# Test data only (written to tmp_path, never to data/): synthetic scores of a synthetic indicator.
EC_DEFINITION = {
    "indicator_id": INDICATOR, "name": "EC Chapter 24 level of preparation (test)", "higher_is_better": "true",
    "scale_labels": tpl.EC_PREPARATION_LABELS, "framework_id": "wbocr", "axis_id": "prosecution_courts",
}


def score(country: str = "SRB", year: object = 2024, indicator: str = INDICATOR, value: object = 2,
          evidence: str = "Test evidence sentence.", **extra: object) -> dict[str, object]:
    return {"country": country, "year": year, "indicator_id": indicator, "value": value, "evidence": evidence,
            **extra}


def _row(header: Sequence[str], record: dict[str, object]) -> list[object]:
    return [record.get(name) for name in header]


def write_xlsx(path: Path, scores: Sequence[dict[str, object]] = (), indicators: Sequence[dict[str, object]] = (),
               *, score_header: Sequence[str] = SCORE_HEADER, blank_rows_on_top: int = 0,
               extra_sheet: bool = False) -> Path:
    """A filled-in Excel template (the downloadable one, with rows appended)."""
    book = openpyxl.load_workbook(io.BytesIO(template_files.template_xlsx()))
    sheet = book["scores"]
    if list(score_header) != SCORE_HEADER or blank_rows_on_top:
        book.remove(sheet)
        sheet = book.create_sheet("scores", 0)
        for _ in range(blank_rows_on_top):
            sheet.append([None])
        sheet.append(list(score_header))
    for record in scores:
        sheet.append(_row(score_header, record))
    for record in indicators:
        book["indicators"].append(_row(INDICATOR_HEADER, record))
    if extra_sheet:
        book.create_sheet("my notes", 0).append(["country", "year", "notes of the analyst"])
    book.save(path)
    return path


def csv_text(scores: Sequence[dict[str, object]], *, header: Sequence[str] = SCORE_HEADER, delimiter: str = ",",
             blank_lines: bool = False) -> str:
    lines = [delimiter.join(header)]
    for record in scores:
        cells = ["" if record.get(h) is None else str(record.get(h)) for h in header]
        lines.append(delimiter.join(f'"{c}"' if delimiter in c else c for c in cells))
        if blank_lines:
            lines.append(delimiter * (len(header) - 1))
    return "\r\n".join(lines) + "\r\n"


def write_csv(path: Path, scores: Sequence[dict[str, object]], *, encoding: str = "utf-8", bom: bool = False,
              **kwargs: object) -> Path:
    data = csv_text(scores, **kwargs).encode(encoding)  # type: ignore[arg-type]
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def secrets_file(folder: Path) -> Path:
    """A secrets file with one password editor, 'alice'."""
    from radar.publish.editors import hash_password

    entry = hash_password(PASSWORD, salt=b"\x01" * 16)
    path = folder / "secrets.toml"
    path.write_text('[editors.users."alice"]\n' + "".join(f"{k} = {v!r}\n".replace("'", '"')
                                                           for k, v in entry.items()))
    return path


def run_cli(args: Sequence[str], env: dict[str, str], timeout: float = 120, **popen: object
            ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "radar", *args], cwd=ROOT, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=timeout, check=False, **popen)  # type: ignore[call-overload]


PAUSED_CLI = Path(__file__).with_name("_paused_cli.py")


def start_paused_cli(args: Sequence[str], env: dict[str, str], pause: str) -> subprocess.Popen[str]:
    """`python -m radar ARGS` in a process whose publish sleeps at one stage ("tables=30" or "switch=30")."""
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return subprocess.Popen([sys.executable, str(PAUSED_CLI), pause, *args], cwd=ROOT,
                            env={**os.environ, **env, "PYTHONPATH": path},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


# ---- a publisher's workbook with one value changed -------------------------------------------------------------

def cpi_cell(path: Path, iso3: str, year: int) -> tuple[str, str, float]:
    """(sheet, cell ref, value) of a country-year's score in the CPI workbook's long historical table."""
    with ooxml.open_workbook(path) as book:
        for ws in book.worksheets:
            rows = ws.iter_rows(values_only=True)
            for at, row in enumerate(rows, start=1):
                labels = [ooxml.label(c) for c in row]
                if "iso3" in labels and "year" in labels and "cpi score" in labels:
                    code, when, value = labels.index("iso3"), labels.index("year"), labels.index("cpi score")
                    for number, data in enumerate(rows, start=at + 1):
                        if data[code] == iso3 and data[when] == year:
                            return ws.title, f"{openpyxl.utils.get_column_letter(value + 1)}{number}", data[value]
                    break
                if at > 30:
                    break
    raise LookupError(f"{iso3} {year} not found in {path}")


def with_cell_changed(source: Path, target: Path, sheet: str, ref: str, value: float) -> Path:
    """A byte-for-byte copy of an .xlsx (Strict or transitional) with one numeric cell's value replaced."""
    with zipfile.ZipFile(source) as archive:
        part = files.sheet_parts(archive)[sheet]
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for info in archive.infolist():
                data = archive.read(info)
                if info.filename == part:
                    pattern = re.compile(rb'(<c r="' + ref.encode() + rb'"[^>]*>\s*<v>)[^<]*(</v>)')
                    data, count = pattern.subn(rb"\g<1>" + repr(value).encode() + rb"\g<2>", data)
                    assert count == 1, f"cell {ref} not found in {part}"
                out.writestr(info, data)
    return target


def release_summary(path: Path, warehouse: Path) -> dict[str, object]:
    """What importing a release into the warehouse at `warehouse` would do (run in a worker process)."""
    from radar import settings
    from radar.publish import pipeline

    settings.WAREHOUSE_DIR = warehouse
    preview = pipeline.prepare(path, version="base")
    return {"ok": preview.ok, "recognised": preview.recognised, "problems": [str(p) for p in preview.problems],
            "summary": preview.diff.summary() if preview.diff is not None else None,
            "empty": preview.diff.empty if preview.diff is not None else None, "notes": preview.notes}


def cpi_release_up_to(last_year: int, target: Path) -> Path:
    """TI's CPI workbook as it stood for the CPI `last_year` release, for its long table: a byte-for-byte copy of the
    real CPI 2025 workbook whose 'CPI Historical' sheet keeps only the rows of years up to `last_year` (TI's CPI2023
    file gives identical scores for 2012-2023, data/SOURCES.md). The adapter reads that long table only."""
    row = re.compile(rb"<row\b[^>]*>.*?</row>", re.S)

    def kept(match: re.Match[bytes]) -> bytes:
        year = re.search(rb'<c r="C\d+"[^>]*><v>(\d{4})</v>', match.group(0))
        return match.group(0) if year is None or int(year.group(1)) <= last_year else b""

    sheet, _ref, _value = cpi_cell(CPI_FILE, "ALB", 2012)
    with zipfile.ZipFile(CPI_FILE) as archive:
        part = files.sheet_parts(archive)[sheet]
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
            for info in archive.infolist():
                data = archive.read(info)
                out.writestr(info, row.sub(kept, data) if info.filename == part else data)
    return target

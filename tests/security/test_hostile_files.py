"""The attack corpus against the import: every hostile file gets located problems (never an exception, never a
traceback from the CLI), archives are refused before any part is unpacked, memory stays bounded, the formula scan
is linear and still finds what the old one found."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from corpus import CORPUS, MAIN_NS, bomb_many_parts, bomb_one_part, bzip2_parts, external_entity, too_many_parts

from radar import settings, versions
from radar.ingest import ooxml
from radar.ingest import template as tpl
from radar.publish import files, pipeline

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def base_tables() -> dict[str, pd.DataFrame]:
    return versions.read_tables(versions.BASE_VERSION)


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for name, build, _ in CORPUS:
        (folder / name).write_bytes(build())
    return folder


@pytest.mark.parametrize(("name", "expected"), [(n, e) for n, _, e in CORPUS], ids=[n for n, _, _ in CORPUS])
def test_every_hostile_file_gets_located_problems_and_is_never_published(corpus_dir: Path, base_tables: dict,
                                                                       name: str, expected: str) -> None:
    preview = pipeline.prepare(corpus_dir / name, current=base_tables, version=versions.BASE_VERSION)
    assert preview.problems and not preview.ok and preview.tables is None
    assert all(p.file == name and p.message for p in preview.problems)
    assert expected in " ".join(p.message.lower() for p in preview.problems)


def test_a_crafted_sheet_is_located_in_its_sheet(corpus_dir: Path, base_tables: dict) -> None:
    preview = pipeline.prepare(corpus_dir / "crafted-unclosed-cells.xlsx", current=base_tables)
    damaged = [p for p in preview.problems if "not well-formed" in p.message]
    assert [p.sheet for p in damaged] == ["scores"]
    assert "line 1, column" in damaged[0].message


@pytest.mark.parametrize("build", [bomb_one_part, bomb_many_parts, too_many_parts, bzip2_parts])
def test_archives_are_refused_before_any_part_is_unpacked(tmp_path: Path, base_tables: dict, build,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(build())

    def never(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a part was opened: {args[1:]}")

    monkeypatch.setattr(zipfile.ZipFile, "open", never)  # ZipFile.read goes through open too
    preview = pipeline.prepare(path, current=base_tables)
    (problem,) = preview.problems
    assert problem.message.startswith("the workbook is refused before it is unpacked")


def test_the_limits_in_the_messages_are_the_settings(tmp_path: Path, base_tables: dict) -> None:
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb_one_part(400_000_000))
    (problem,) = pipeline.prepare(path, current=base_tables).problems
    assert "would unpack to 400 MB, over the 64 MB limit per part" in problem.message
    path.write_bytes(bomb_many_parts(30, 20_000_000))
    (problem,) = pipeline.prepare(path, current=base_tables).problems
    assert "would unpack to 600 MB, over the 128 MB limit" in problem.message  # 30 x 20 MB + the template


def test_every_reader_refuses_a_bomb_itself(tmp_path: Path) -> None:
    """Not only prepare(): the adapters' open_workbook, the template reader and its recogniser refuse it too."""
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb_one_part())
    with pytest.raises(ooxml.UnsafeArchive), ooxml.open_workbook(path):
        pass
    with pytest.raises(tpl.TemplateReadError, match="refused before it is unpacked"):
        tpl.read_xlsx(path)
    assert tpl.recognise(path) is False
    with zipfile.ZipFile(path) as archive, pytest.raises(ooxml.UnsafeArchive):
        ooxml.transitional_copy(archive)


def test_a_bomb_keeps_the_process_small(tmp_path: Path) -> None:
    """Peak resident memory of a fresh process that imports a 1000:1 bomb (400 MB unpacked): the imports themselves
    take about 180 MB; before the fix the process peaked at 1.4 GB."""
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(bomb_one_part())
    # VmHWM (this process's peak resident set): ru_maxrss would carry over the test process's peak across exec.
    code = ("import re, sys; from pathlib import Path; from radar.publish import pipeline; "
            "p = pipeline.prepare(Path(sys.argv[1])); assert p.problems; "
            "print(int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1)) // 1024)")
    done = subprocess.run([sys.executable, "-c", code, str(path)], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) < 350


def test_no_external_entity_is_ever_fetched(corpus_dir: Path, base_tables: dict, tmp_path: Path) -> None:
    path = tmp_path / "xxe.xlsx"
    path.write_bytes(external_entity())
    preview = pipeline.prepare(path, current=base_tables)
    assert "root:" not in json.dumps(preview.summary(), default=str)


def test_the_cli_never_prints_a_traceback_for_a_hostile_file(corpus_dir: Path, tmp_path: Path) -> None:
    env = {**os.environ, "RADAR_VERSIONS": str(tmp_path / "versions"), "RADAR_SECRETS": str(tmp_path / "none.toml")}
    for name, _, _ in CORPUS:
        done = subprocess.run([sys.executable, "-m", "radar", "import", str(corpus_dir / name), "--dry-run", "--json"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
        assert "Traceback" not in done.stderr, (name, done.stderr[-2000:])
        assert done.returncode == 1, (name, done.returncode, done.stderr[-500:])
        summary = json.loads(done.stdout)
        assert summary["errors"] and all(e["file"] == name and e["message"] for e in summary["errors"]), name
    assert not (tmp_path / "versions").exists() or not any((tmp_path / "versions").iterdir())


# ---- the formula scan: linear, and the same answers as before on well-formed sheets ---------------------------

def _sheet(rows: bytes, prefix: bytes = b"") -> bytes:
    p = prefix + b":" if prefix else b""
    ns = MAIN_NS.replace(b"xmlns=", b"xmlns:" + prefix + b"=") if prefix else MAIN_NS
    return (b"<" + p + b"worksheet " + ns + b"><" + p + b"sheetData>" + rows + b"</" + p + b"sheetData></" + p +
            b"worksheet>")


def test_the_scan_finds_formulas_without_a_computed_value_only() -> None:
    rows = (b'<row r="1"><c r="A1"><f>1+1</f></c><c r="B1"><f>1+1</f><v>2</v></c><c r="C1"><v>3</v></c></row>'
            b'<row r="7"><c r="AB7" t="str"><f>A1</f><v></v></c><c r="D7" t="inlineStr"><f>x</f><is><t>y</t></is>'
            b"</c><c r=\"E7\"><f/></c></row>")
    assert files.scan_sheet(_sheet(rows), "s") == [(1, "A"), (7, "AB"), (7, "E")]
    assert files.scan_sheet(_sheet(rows), "s", only_uncomputed=False) == [(1, "A"), (1, "B"), (7, "AB"), (7, "D"),
                                                                          (7, "E")]


def test_the_scan_reads_prefixed_namespaces() -> None:
    rows = b'<x:row r="2"><x:c r="C2"><x:f>1</x:f></x:c><x:c r="D2"><x:f>1</x:f><x:v>1</x:v></x:c></x:row>'
    assert files.scan_sheet(_sheet(rows, b"x"), "s") == [(2, "C")]


def test_the_scan_locates_malformed_xml() -> None:
    with pytest.raises(files.SheetXMLError) as caught:
        files.scan_sheet(b'<worksheet>\n<sheetData><row r="1"><c r="A1"><f>1</f></c></sheetData>', "scores")
    assert (caught.value.sheet, caught.value.line) == ("scores", 2)
    assert "mismatched tag" in caught.value.reason


def test_deep_nesting_of_cells_is_scanned_in_one_pass() -> None:
    """40,000 nested (closed) cells: the old regex needed a quadratic number of steps, the parser one pass."""
    body = _sheet(b'<row r="1">' + b'<c r="A1"><f>1</f>' * 40_000 + b"</c>" * 40_000 + b"</row>")
    assert len(files.scan_sheet(body, "s")) == 40_000


def test_formula_cells_stop_at_the_limit(tmp_path: Path) -> None:
    from corpus import formula_in_closed_cells

    path = tmp_path / "many.xlsx"
    path.write_bytes(formula_in_closed_cells(1000))
    assert files.formula_cells(path) == [("scores", n, "A") for n in range(1, 201)]


def test_the_caps_accept_every_real_release() -> None:
    """The largest real release (the WGI workbook, 17 MB unpacked) passes with room to spare."""
    for path in sorted(settings.RAW_DIR.rglob("*.xlsx")):
        with zipfile.ZipFile(path) as archive:
            ooxml.check_archive(archive)

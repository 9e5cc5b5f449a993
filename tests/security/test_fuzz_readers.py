"""Property-based fuzzing of the import readers through prepare(): random bytes under every accepted name, a real
workbook truncated or with bytes changed, CSV with huge fields and stray quotes, JSON of any shape. Whatever the
file, prepare() returns located problems (the file's name on each) and never raises."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from corpus import HEADER, template_workbook
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from radar import versions
from radar.publish import pipeline

FUZZ = settings(max_examples=40, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
WORKBOOK = template_workbook()


@pytest.fixture(scope="module")
def base_tables() -> dict[str, pd.DataFrame]:
    return versions.read_tables(versions.BASE_VERSION)


def prepared(name: str, payload: bytes, tables: dict[str, pd.DataFrame]) -> pipeline.Preview:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(payload)
        return pipeline.prepare(path, current=tables, version=versions.BASE_VERSION)


def assert_located(preview: pipeline.Preview, name: str) -> None:
    assert all(p.file == name and isinstance(p.message, str) and p.message for p in preview.problems)
    assert preview.ok or preview.problems


@FUZZ
@given(name=st.sampled_from(["f.csv", "f.tsv", "f.txt", "f.xlsx", "f.json", "f.jsonl", "f"]), payload=st.binary())
def test_random_bytes_under_any_name(base_tables: dict, name: str, payload: bytes) -> None:
    assert_located(prepared(name, payload, base_tables), name)


@FUZZ
@given(cut=st.integers(min_value=0, max_value=len(WORKBOOK)))
def test_a_truncated_workbook(base_tables: dict, cut: int) -> None:
    assert_located(prepared("t.xlsx", WORKBOOK[:cut], base_tables), "t.xlsx")


@FUZZ
@given(changes=st.lists(st.tuples(st.integers(min_value=0, max_value=len(WORKBOOK) - 1),
                                  st.integers(min_value=0, max_value=255)), min_size=1, max_size=8))
def test_a_workbook_with_bytes_changed(base_tables: dict, changes: list[tuple[int, int]]) -> None:
    data = bytearray(WORKBOOK)
    for at, value in changes:
        data[at] = value
    assert_located(prepared("m.xlsx", bytes(data), base_tables), "m.xlsx")


def _parts() -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(WORKBOOK)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


PARTS = _parts()


@FUZZ
@given(part=st.sampled_from(sorted(PARTS)), cut=st.integers(min_value=0, max_value=2000),
       junk=st.binary(max_size=200))
def test_a_workbook_with_a_damaged_part(base_tables: dict, part: str, cut: int, junk: bytes) -> None:
    """Each part of a valid archive cut short and followed by junk: damaged XML that the zip layer cannot see."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in PARTS.items():
            archive.writestr(name, data[:cut] + junk if name == part else data)
    assert_located(prepared("d.xlsx", out.getvalue(), base_tables), "d.xlsx")


cells = st.one_of(st.text(max_size=40),
                  st.sampled_from(['"', '""', '"x', "=1+1", "\r", "\n", ";", "\t", "x" * 140_000]))


@FUZZ
@given(rows=st.lists(st.lists(cells, max_size=10), max_size=6), sep=st.sampled_from([",", ";", "\t"]),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1250"]))
def test_csv_as_people_and_attackers_make_it(base_tables: dict, rows: list[list[str]], sep: str, encoding: str
                                           ) -> None:
    text = HEADER.replace(",", sep) + "\n" + "\n".join(sep.join(row) for row in rows)
    payload = text.encode(encoding, errors="replace")
    assert_located(prepared("c.csv", payload, base_tables), "c.csv")


json_values = st.recursive(st.none() | st.booleans() | st.floats() | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                       max_size=4), max_leaves=20)


@FUZZ
@given(value=json_values)
def test_json_of_any_shape(base_tables: dict, value: object) -> None:
    import json

    assert_located(prepared("j.json", json.dumps(value).encode(), base_tables), "j.json")

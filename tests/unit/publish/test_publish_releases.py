"""Publishers' releases through the import: each real file in data/raw/ is recognised and re-imports with no change; a
copy of the CPI workbook with one value changed (a corrected re-release, published once confirmed) gives exactly that
one change, published into a new version."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from _publishtools import CPI_FILE, RAW, cpi_cell, release_summary, with_cell_changed

from radar import versions
from radar.publish import pipeline
from radar.store import Store

RAW_FILES = sorted(p for p in RAW.glob("*/*") if p.is_file())


@pytest.fixture(scope="module")
def raw_imports(warehouse_copy: Path) -> dict[Path, dict]:
    """Every raw file imported against the base, two processes at a time (the WGI workbook alone takes seconds)."""
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = {path: pool.submit(release_summary, path, warehouse_copy) for path in RAW_FILES}
        return {path: future.result(timeout=300) for path, future in futures.items()}


@pytest.mark.parametrize("path", RAW_FILES, ids=[p.name for p in RAW_FILES])
def test_each_release_in_data_raw_is_recognised_and_changes_nothing(path: Path, raw_imports: dict) -> None:
    found = raw_imports[path]
    assert found["ok"], found["problems"]
    assert found["recognised"] == path.parent.name
    assert found["empty"] is True, found["summary"]
    assert found["notes"] and "values for" in found["notes"][0]


@pytest.fixture(scope="module")
def changed_cpi(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float, float]:
    """The CPI workbook (Strict OOXML, as released) with Albania's 2025 score changed by +3 in its source table."""
    sheet, ref, old = cpi_cell(CPI_FILE, "ALB", 2025)
    new = float(old) + 3
    target = with_cell_changed(CPI_FILE, tmp_path_factory.mktemp("cpi") / "CPI2025_Results.xlsx", sheet, ref, new)
    return target, float(old), new


def test_one_changed_value_is_exactly_one_changed_row_with_old_and_new(changed_cpi: tuple, base_tables: dict
                                                                       ) -> None:
    path, old, new = changed_cpi
    refused = pipeline.prepare(path, version="base", current=base_tables)
    assert refused.needs_confirmation and "corrected re-release" in refused.problems[0].message
    preview = pipeline.prepare(path, version="base", current=base_tables, allow_older=True)
    assert preview.ok and preview.diff is not None, [str(p) for p in preview.problems]
    assert preview.recognised == "ti_cpi"
    assert preview.diff.counts() == {"added": 0, "changed": 1, "removed": 0}
    row = preview.diff.changed.iloc[0]
    assert (row["country_iso3"], row["year"], row["indicator_id"]) == ("ALB", 2025, "cpi_score")
    assert (row["old_value"], row["new_value"]) == (old, new)
    assert row["fields"] == "value"
    base_value = base_tables["observations"].query("country_iso3 == 'ALB' and year == 2025 and "
                                                   "indicator_id == 'cpi_score'")["value"].item()
    assert base_value == old


def test_publishing_the_changed_release_makes_a_version_the_store_reads(changed_cpi: tuple, vdir: Path) -> None:
    path, old, new = changed_cpi
    preview, manifest = pipeline.publish(path, None, "alice", "CPI correction (test)", allow_older=True)
    assert manifest["recognised"] == "ti_cpi" and manifest["diff"]["changed"] == 1
    assert manifest["sha256"] == preview.facts.sha256 and manifest["parent"] == versions.BASE_VERSION
    assert versions.current_version() == manifest["version"]
    folder = versions.warehouse_of(manifest["version"])
    assert (folder / "upload" / path.name).read_bytes() == path.read_bytes()
    store = Store(folder)
    try:
        got = store.query("SELECT value FROM observations WHERE country_iso3 = 'ALB' AND year = 2025 AND "
                          "indicator_id = 'cpi_score'")["value"].item()
        others = store.query("SELECT count(*) AS n FROM observations")["n"].item()
    finally:
        store.close()
    assert got == new
    assert others == len(versions.read_tables(versions.BASE_VERSION)["observations"])


def test_a_release_with_a_formula_without_a_computed_value_is_rejected(tmp_path: Path, base_tables: dict) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "CPI 2025"
    ws.append(["Country / Territory", "ISO3", "Region", "CPI 2025 score", "Rank"])
    ws.append(["Albania", "ALB", "ECA", "=40-1", 91])
    ws.append(["Serbia", "SRB", "ECA", 33, 116])
    book.save(tmp_path / "cpi.xlsx")
    preview = pipeline.prepare(tmp_path / "cpi.xlsx", version="base", current=base_tables)
    assert preview.recognised == "ti_cpi" and not preview.ok
    assert [(p.sheet, p.row, p.column) for p in preview.problems] == [("CPI 2025", 2, "D")]
    assert "formula without a computed value" in preview.problems[0].message


def test_a_release_with_values_off_the_published_scale_or_in_the_future(tmp_path: Path, base_tables: dict,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    from radar.publish import validate

    monkeypatch.setattr(validate, "current_year", lambda: 2024)
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "CPI 2025"
    ws.append(["Country / Territory", "ISO3", "Region", "CPI 2025 score", "Rank"])
    ws.append(["Albania", "ALB", "ECA", 139, 91])
    book.save(tmp_path / "cpi.xlsx")
    preview = pipeline.prepare(tmp_path / "cpi.xlsx", version="base", current=base_tables)
    text = [p.message for p in preview.problems]
    assert any("ALB 2025 cpi_score: year 2025 is in the future" in t for t in text), text
    assert any("139 is outside the published scale 0 to 100" in t for t in text), text
    assert all(p.sheet == "CPI 2025" for p in preview.problems)


def test_a_release_replaces_only_the_countries_and_years_it_covers(tmp_path: Path, base_tables: dict) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "CPI 2024"
    ws.append(["Country / Territory", "ISO3", "Region", "CPI 2024 score", "Rank", "Standard error 2024",
               "Number of sources", "Lower CI", "Upper CI"])
    ws.append(["Serbia", "SRB", "ECA", 35, 105, 2.0, 8, 31.0, 39.0])
    book.save(tmp_path / "cpi2024.xlsx")
    preview = pipeline.prepare(tmp_path / "cpi2024.xlsx", version="base", current=base_tables, allow_older=True)
    assert preview.ok and preview.diff is not None and preview.tables is not None  # an older edition, confirmed
    assert set(preview.diff.changed["country_iso3"]) <= {"SRB"} and preview.diff.removed.empty
    before = base_tables["observations"].query("indicator_id == 'cpi_score'")
    after = preview.tables["observations"].query("indicator_id == 'cpi_score'")
    assert len(after) == len(before)
    untouched = after.query("not (country_iso3 == 'SRB' and year == 2024)").reset_index(drop=True)
    expected = before.query("not (country_iso3 == 'SRB' and year == 2024)").reset_index(drop=True)
    pd.testing.assert_frame_equal(untouched, expected)

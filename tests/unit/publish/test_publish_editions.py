"""Editions of a publisher's release against the Radar's: an older release is refused unless confirmed (both editions
named), a corrected re-release of the same edition is shown as such and refused unless confirmed, the same edition
with equal values is no change, and an edition label alone is a relabelling, never a changed value.

The releases are TI's CPI as published: the real CPI 2025 workbook, and a copy whose long 'CPI Historical' table is cut
to 2012-2023 for the CPI 2023 release (TI's own CPI2023 file has identical scores for those years; data/SOURCES.md).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from _publishtools import CPI_FILE, cpi_cell, cpi_release_up_to, run_cli, secrets_file, with_cell_changed

from radar import settings, versions
from radar.publish import pipeline

CPI_2023 = "CPI 2023 release (series 2012-2023)"
CPI_2025 = "CPI 2025 release (series 2012-2025)"
COUNTRIES = 33  # WB6 + EU-27, every one scored in every CPI year


@pytest.fixture(scope="module")
def cpi_2023(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return cpi_release_up_to(2023, tmp_path_factory.mktemp("cpi2023") / "CPI2023_Historical.xlsx")


def test_the_base_holds_the_cpi_2025_release(base_tables: dict) -> None:
    obs = base_tables["observations"]
    assert set(obs.loc[obs["source_id"] == "ti_cpi", "edition"]) == {CPI_2025}


def test_an_older_release_is_refused_naming_both_editions(cpi_2023: Path, base_tables: dict) -> None:
    preview = pipeline.prepare(cpi_2023, version="base", current=base_tables)
    assert not preview.ok and preview.needs_confirmation
    assert len(preview.problems) == 1
    message = preview.problems[0].message
    assert "older edition" in message and f"'{CPI_2023}'" in message and f"'{CPI_2025}'" in message
    assert preview.edition is not None and preview.edition.relation == "older"
    # equal scores: the edition label alone is no changed value, but every relabelled row is shown
    diff = preview.diff
    assert diff is not None and diff.counts() == {"added": 0, "changed": 0, "removed": 0}
    assert len(diff.relabelled) == COUNTRIES * 12  # 2012-2023
    assert diff.relabellings() == [{"from": CPI_2025, "to": CPI_2023, "rows": COUNTRIES * 12}]
    assert not diff.empty


def test_a_confirmed_older_release_publishes_the_relabelling_only(cpi_2023: Path, vdir: Path,
                                                                  base_tables: dict) -> None:
    with pytest.raises(pipeline.PublishRejected):
        pipeline.publish(cpi_2023, None, "alice", "older CPI (test)")
    preview, manifest = pipeline.publish(cpi_2023, None, "alice", "older CPI, on purpose (test)", allow_older=True)
    assert manifest["edition"] == {"source_id": "ti_cpi", "file": CPI_2023, "radar": CPI_2025, "relation": "older",
                                   "corrected_re_release": False, "confirmed": True}
    assert manifest["diff"]["changed"] == 0 and manifest["diff"]["relabelled"] == COUNTRIES * 12
    before = base_tables["observations"].query("source_id == 'ti_cpi'").set_index(["country_iso3", "year"])
    after = versions.read_tables(manifest["version"])["observations"].query("source_id == 'ti_cpi'").set_index(
        ["country_iso3", "year"])
    pd.testing.assert_series_equal(after["value"], before["value"])  # 2024 and 2025 stay: not in the file
    assert set(after.loc[after.index.get_level_values("year") <= 2023, "edition"]) == {CPI_2023}
    assert set(after.loc[after.index.get_level_values("year") >= 2024, "edition"]) == {CPI_2025}


def test_the_same_edition_with_equal_values_is_no_change(base_tables: dict) -> None:
    preview = pipeline.prepare(CPI_FILE, version="base", current=base_tables)
    assert preview.ok and preview.diff is not None and preview.diff.empty
    summary = preview.summary()
    assert summary["no_change"] is True and summary["changed"] == 0 and summary["relabelled"] == 0
    assert summary["edition"]["relation"] == "same" and not summary["edition"]["corrected_re_release"]


def test_a_corrected_re_release_is_shown_as_such_and_needs_a_confirmation(tmp_path: Path, base_tables: dict) -> None:
    sheet, ref, old = cpi_cell(CPI_FILE, "SRB", 2025)
    path = with_cell_changed(CPI_FILE, tmp_path / "CPI2025_corrected.xlsx", sheet, ref, float(old) + 1)
    preview = pipeline.prepare(path, version="base", current=base_tables)
    assert preview.needs_confirmation and preview.edition is not None and preview.edition.corrected
    message = preview.problems[0].message
    assert "corrected re-release" in message and f"'{CPI_2025}'" in message
    assert preview.diff is not None and preview.diff.counts() == {"added": 0, "changed": 1, "removed": 0}
    confirmed = pipeline.prepare(path, version="base", current=base_tables, allow_older=True)
    assert confirmed.ok and confirmed.edition is not None and confirmed.edition.confirmed
    assert confirmed.summary()["edition"]["corrected_re_release"] is True


def test_the_cli_refuses_an_older_release_with_exit_1_and_allows_it_when_asked(cpi_2023: Path, vdir: Path,
                                                                               tmp_path: Path) -> None:
    env = {"RADAR_VERSIONS": str(vdir), "RADAR_WAREHOUSE": str(settings.WAREHOUSE_DIR),
           "RADAR_SECRETS": str(secrets_file(tmp_path)), "RADAR_EDITOR": "alice"}
    refused = run_cli(["import", str(cpi_2023), "--dry-run", "--json"], env)
    assert refused.returncode == 1, refused.stderr
    out = json.loads(refused.stdout)
    assert (out["changed"], out["relabelled"], out["no_change"]) == (0, COUNTRIES * 12, False)
    assert len(out["errors"]) == 1 and CPI_2023 in out["errors"][0]["message"] and CPI_2025 in out["errors"][0][
        "message"]
    published = run_cli(["import", str(cpi_2023), "--allow-older", "--reason", "on purpose (test)"], env)
    assert published.returncode == 0, published.stderr
    assert "relabelled: 396 rows with equal values" in published.stdout and "published version v0001-" in (
        published.stdout)
    same = run_cli(["import", str(CPI_FILE), "--dry-run"], {**env, "RADAR_VERSIONS": str(tmp_path / "fresh")})
    assert same.returncode == 0 and "no change:" in same.stdout

"""The WGI 2025 revision and 2026 update layouts (one long sheet per dimension, the 0-100 governance score): read,
recognised, checked with the value's sheet, row and column, and published; stored values equal the file's numbers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
import wgi_2025_layout as layout

from radar import settings, versions
from radar.ingest import gitoc_ocindex, ti_cpi, wb_wgi, wjp_rol
from radar.publish import pipeline
from radar.schema import EU27, TIDY_COLUMNS, WB6

ROOT = Path(__file__).resolve().parents[3]
WGI_2024 = ROOT / "data" / "raw" / "wb_wgi" / "wgidataset.xlsx"
KEPT = set(WB6) | set(EU27)
NOMINAL_PASSED = ("FIN", 2025, "va", 2.53)  # an estimate beyond the nominal +2.5 (the publisher: "approx.")


def _with_estimate(sheets: dict[str, list[list[object]]], code: str, year: int, dim: str, value: float) -> None:
    row = next(r for r in sheets[dim] if r[2] == code and r[5] == year)
    row[8] = value


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("wgi2025")
    sheets_2026 = layout.layout_rows(2025)
    code, year, dim, value = NOMINAL_PASSED
    _with_estimate(sheets_2026, code, year, dim, value)
    return {
        "2025": layout.write_layout(folder / "wgidataset_with_sourcedata-2025.xlsx",
                                    layout.layout_rows(2024, dim_label="name")),
        "2026": layout.write_layout(folder / "wgidataset_with_sourcedata-2026.xlsx", sheets_2026),
    }


@pytest.fixture(scope="module")
def frame_2026(files: dict[str, Path]) -> pd.DataFrame:
    return wb_wgi.read([files["2026"]])


@pytest.fixture(scope="module")
def in_file(files: dict[str, Path]) -> dict:
    return layout.file_values(files["2026"])


# ---- reading ---------------------------------------------------------------------------------------------------

def test_both_layouts_are_recognised_by_the_wgi_adapter_only(files: dict[str, Path]) -> None:
    for path in files.values():
        assert wb_wgi.recognise(path)
        assert not any(a.recognise(path) for a in (ti_cpi, wjp_rol, gitoc_ocindex)), path.name


def test_every_kept_value_equals_the_file(frame_2026: pd.DataFrame, in_file: dict) -> None:
    assert list(frame_2026.columns) == list(TIDY_COLUMNS)
    wanted = {k: v for k, v in in_file.items() if len(k) == 3 and k[0] in KEPT}
    # est and score: the 4,900 estimates of 1996-2023 in the tidy CSVs, and 2 x 198 (33 economies x 6) for 2024-2025
    assert len(frame_2026) == len(wanted) == 2 * (4900 + 2 * 198)
    for r in frame_2026.itertuples(index=False):
        value, se, lower, upper, n = wanted[(r.source_country_code, r.year, r.indicator_id)]
        assert (r.value, r.std_error, r.lower, r.upper, r.n_sources) == (value, se, lower, upper, n)
        assert r.source_country_code == r.country_iso3  # the layout codes Kosovo XKX, Romania ROU


def test_the_score_is_an_indicator_of_its_own_on_its_scale(frame_2026: pd.DataFrame) -> None:
    by_kind = frame_2026.assign(kind=frame_2026["indicator_id"].str.rsplit("_", n=1).str[1])
    assert set(by_kind["kind"]) == {"est", "score"}  # the layout has no percentile rank
    score = by_kind[by_kind["kind"] == "score"].iloc[0]
    assert (score.scale_min, score.scale_max, score.scale_bounds) == (0.0, 100.0, "strict")
    assert score.unit.startswith("governance score (0-100")
    assert score.indicator_name.endswith("Governance Score (0-100)")
    est = by_kind[by_kind["kind"] == "est"].iloc[0]
    assert (est.scale_min, est.scale_max, est.scale_bounds) == (-2.5, 2.5, "nominal")
    assert set(frame_2026["edition"]) == {"2026 update"}  # data 1996-2025


def test_kosovo_is_xkx_and_economies_not_kept_are_left_out(frame_2026: pd.DataFrame) -> None:
    kosovo = frame_2026[frame_2026["country_iso3"] == "XKX"]
    assert set(kosovo["source_country_code"]) == {"XKX"} and set(kosovo["country_name"]) == {"Kosovo"}
    assert not kosovo[(kosovo["year"] == 1996) & (kosovo["indicator_id"] == "wgi_cc_est")].shape[0]  # no row
    assert set(frame_2026["country_iso3"]) == KEPT  # AFG and USA dropped


def test_provenance_fields_point_at_the_value(frame_2026: pd.DataFrame, in_file: dict) -> None:
    for r in frame_2026.sample(200, random_state=3).itertuples(index=False):
        cell = in_file[(r.source_country_code, r.year, r.indicator_id, "cell")]
        assert (r.source_file, r.source_sheet, r.source_row, r.source_column) == (
            "wgidataset_with_sourcedata-2026.xlsx", cell.sheet, cell.row, cell.column)
    row = frame_2026[(frame_2026.country_iso3 == "SRB") & (frame_2026.year == 2025)
                     & (frame_2026.indicator_id == "wgi_rl_score")].iloc[0]
    assert row.extraction == f"sheet 'rl', row ID=SRBrl2025, column \"{layout.SCORE}\" (standard error, 90% bounds)"


def test_the_2025_revision_names_its_dimensions_and_dates_itself(files: dict[str, Path]) -> None:
    frame = wb_wgi.read([files["2025"]])
    assert set(frame["edition"]) == {"2025 update"} and frame["year"].max() == 2024
    assert set(frame["indicator_id"].str.split("_").str[1]) == set(layout.SHEETS)


def test_a_newer_release_replaces_every_year_it_contains(files: dict[str, Path], frame_2026: pd.DataFrame) -> None:
    both = wb_wgi.read([WGI_2024, files["2025"], files["2026"]])
    pd.testing.assert_frame_equal(both, frame_2026)  # no percentile rank of the 2024 update is left beside it


# ---- validation and publishing ---------------------------------------------------------------------------------

@pytest.fixture
def warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, Path]]:
    """A copy of the committed warehouse and an empty versions folder of this test's own."""
    copy = tmp_path / "warehouse"
    shutil.copytree(settings.WAREHOUSE_DIR, copy)
    monkeypatch.setattr(settings, "WAREHOUSE_DIR", copy)
    monkeypatch.setattr(settings, "VERSIONS_DIR", tmp_path / "versions")
    yield {"warehouse": copy, "versions": tmp_path / "versions"}


def test_cli_dry_run_json_of_the_2026_file(files: dict[str, Path], warehouse: dict[str, Path], in_file: dict
                                           ) -> None:
    env = {**os.environ, "RADAR_WAREHOUSE": str(warehouse["warehouse"]), "RADAR_VERSIONS": str(warehouse["versions"])}
    done = subprocess.run([sys.executable, "-m", "radar", "import", str(files["2026"]), "--dry-run", "--json"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["recognised"] == "wb_wgi" and out["errors"] == []
    base = versions.read_tables(versions.BASE_VERSION)["observations"]
    wgi = base[base["source_id"] == "wb_wgi"]
    kept = {k for k in in_file if len(k) == 3 and k[0] in KEPT}
    old_keys = set(zip(wgi["country_iso3"], wgi["year"], wgi["indicator_id"]))
    # every value of the 2024 update is replaced: estimates changed (new edition), percentile ranks removed
    assert out["added"] == len(kept - old_keys)
    assert out["changed"] == len(kept & old_keys) == int(wgi["indicator_id"].str.endswith("_est").sum())
    assert out["removed"] == len(old_keys - kept) == int(wgi["indicator_id"].str.endswith("_pctrank").sum())
    assert sorted(out["indicators_added"]) == [f"wgi_{d}_score" for d in sorted(layout.SHEETS)]
    assert not warehouse["versions"].exists()


def test_published_values_equal_the_file_and_the_wgi_radar_uses_the_score(files: dict[str, Path],
                                                                         warehouse: dict[str, Path],
                                                                         in_file: dict) -> None:
    preview, manifest = pipeline.publish(files["2026"], None, "alice", "WGI 2026 update (test)")
    assert preview.ok and manifest["recognised"] == "wb_wgi"
    tables = versions.read_tables(manifest["version"])
    obs = tables["observations"]
    wgi = obs[obs["source_id"] == "wb_wgi"]
    wanted = {k: v for k, v in in_file.items() if len(k) == 3 and k[0] in KEPT}
    assert len(wgi) == len(wanted)
    for r in wgi.itertuples(index=False):
        value, se, lower, upper, n = wanted[(r.country_iso3, r.year, r.indicator_id)]
        assert (r.value, r.std_error, r.lower, r.upper, r.n_sources) == (value, se, lower, upper, n)
        assert r.edition == "2026 update" and r.source_file == files["2026"].name and r.source_row >= 2
    code, year, dim, value = NOMINAL_PASSED
    assert wanted[(code, year, f"wgi_{dim}_est")][0] == value  # stored although past the nominal 2.5
    indicators = tables["indicators"].set_index("indicator_id")
    assert indicators.loc["wgi_rl_est", "scale_bounds"] == "nominal"
    assert indicators.loc["wgi_rl_score", "scale_bounds"] == "strict"
    fw = tables["frameworks"]
    wgi_axes = fw[fw["framework_id"] == "wgi"].set_index("axis_id")["indicator_id"].to_dict()
    assert wgi_axes == {d: f"wgi_{d}_score" for d in layout.SHEETS}
    composite = set(fw.loc[fw["framework_id"] == "wbocr", "indicator_id"])
    assert {"wgi_cc_est", "wgi_rq_est"} <= composite  # other frameworks keep what they name


def test_a_score_off_its_strict_scale_is_refused_at_its_cell(tmp_path: Path, warehouse: dict[str, Path]) -> None:
    sheets = layout.layout_rows(2025)
    row = next(r for r in sheets["cc"] if r[2] == "MNE" and r[5] == 2025)
    row[12] = 101.5
    path = layout.write_layout(tmp_path / "wgi_bad.xlsx", sheets)
    number = sheets["cc"].index(row) + 2
    preview = pipeline.prepare(path)
    assert not preview.ok
    problems = [(p.sheet, p.row, p.column) for p in preview.problems]
    assert problems == [("cc", number, layout.SCORE)], [str(p) for p in preview.problems]
    assert "MNE 2025 wgi_cc_score: 101.5 is outside the published scale 0 to 100" in preview.problems[0].message


def test_a_build_with_the_2026_file_in_data_raw_scores_the_wgi_radar_on_the_score(tmp_path: Path,
                                                                                  files: dict[str, Path]) -> None:
    from radar import build

    raw = tmp_path / "raw"
    for folder in settings.RAW_DIR.iterdir():
        if folder.is_dir() and folder.name != "wb_wgi":
            (raw / folder.name).mkdir(parents=True)
            for path in folder.iterdir():
                (raw / folder.name / path.name).symlink_to(path)
    (raw / "wb_wgi").mkdir()
    (raw / "wb_wgi" / WGI_2024.name).symlink_to(WGI_2024)
    (raw / "wb_wgi" / files["2026"].name).symlink_to(files["2026"])
    tables = build.warehouse_tables(raw)
    obs = tables["observations"]
    wgi = obs[obs["source_id"] == "wb_wgi"]
    assert set(wgi["edition"]) == {"2026 update"} and not wgi["indicator_id"].str.endswith("_pctrank").any()
    fw = tables["frameworks"]
    assert fw[fw["framework_id"] == "wgi"].set_index("axis_id")["indicator_id"].to_dict() == {
        d: f"wgi_{d}_score" for d in layout.SHEETS}
    committed = pd.read_parquet(settings.WAREHOUSE_DIR / "frameworks.parquet")
    assert committed[committed["framework_id"] == "wgi"].set_index("axis_id")["indicator_id"].to_dict() == {
        d: f"wgi_{d}_est" for d in layout.SHEETS}  # the 2024 update in data/raw publishes no score


def test_an_axis_switches_to_its_preferred_indicator_and_back() -> None:
    from radar.frameworks import with_preferences

    frameworks = pd.DataFrame({"framework_id": ["wgi", "wgi", "wbocr"], "axis_id": ["rl", "cc", "anti_corruption"],
                               "indicator_id": ["wgi_rl_est", "wgi_cc_est", "wgi_cc_est"]})
    prefer = {("wgi", "rl", "wgi_rl_est"): "wgi_rl_score", ("wgi", "cc", "wgi_cc_est"): "wgi_cc_score"}
    scored = with_preferences(frameworks, prefer, {"wgi_rl_est", "wgi_rl_score", "wgi_cc_est"})
    assert scored["indicator_id"].tolist() == ["wgi_rl_score", "wgi_cc_est", "wgi_cc_est"]  # no cc score: estimate
    back = with_preferences(scored, prefer, {"wgi_rl_est", "wgi_cc_est"})
    assert back["indicator_id"].tolist() == ["wgi_rl_est", "wgi_cc_est", "wgi_cc_est"]


def test_frameworks_file_prefer_is_checked_and_resolved(tmp_path: Path) -> None:
    from radar.frameworks import frameworks_table
    from radar.schema import SchemaError

    axes = "".join(f'[[framework.axis]]\nid = "{d}"\nname = "{d}"\nindicators = ["wgi_{d}_est"]\n'
                   f'prefer = {{ wgi_{d}_est = "wgi_{d}_score" }}\n' for d in ("va", "rl", "cc"))
    path = tmp_path / "fw.toml"
    path.write_text(f'[[framework]]\nid = "wgi"\nname = "WGI"\n{axes}')
    estimates = {f"wgi_{d}_est" for d in ("va", "rl", "cc")}
    assert set(frameworks_table(path, estimates)["indicator_id"]) == estimates
    scores = {f"wgi_{d}_score" for d in ("va", "rl", "cc")}
    assert set(frameworks_table(path, estimates | scores)["indicator_id"]) == scores
    assert set(frameworks_table(path, scores)["indicator_id"]) == scores  # a warehouse of the 2026 update alone
    path.write_text(path.read_text().replace('prefer = { wgi_cc_est', 'prefer = { wgi_xx_est', 1).replace(
        'prefer = { wgi_va_est', 'prefer = { wgi_xx_est', 1))
    with pytest.raises(SchemaError, match="prefer names indicators not on the axis"):
        frameworks_table(path, estimates)

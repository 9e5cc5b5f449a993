"""The warehouse build: the committed warehouse equals a fresh build of data/raw, holds every published value of
the tidy source CSVs, is written deterministically and atomically, and `python -m radar check` says so."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from radar import __main__ as cli
from radar import build, settings
from radar.schema import DERIVED_TABLES, OBSERVATIONS, PARQUET_OPTIONS, TABLES, WB6, Table

ROOT = Path(__file__).resolve().parents[2]
KEY = ["country_iso3", "year", "indicator_id"]
TOL = 1e-9


def _altered_copy(folder: Path) -> Path:
    """A copy of the committed warehouse whose observations.parquet has one value changed (+1)."""
    shutil.copytree(settings.WAREHOUSE_DIR, folder)
    path = folder / "observations.parquet"
    table = pq.read_table(path)
    values = table.column("value").to_pylist()
    values[0] += 1.0
    table = table.set_column(table.schema.get_field_index("value"), "value", pa.array(values, pa.float64()))
    pq.write_table(table, path, **PARQUET_OPTIONS)
    return folder


@pytest.fixture(scope="module", autouse=True)
def cli_check() -> Iterator[subprocess.Popen[str]]:
    """`python -m radar check` on the committed warehouse, started before this module's tests so that its fresh
    build (about 5 s) runs beside the in-process ones."""
    env = {k: v for k, v in os.environ.items() if k != "RADAR_WAREHOUSE"}
    run = subprocess.Popen(
        [sys.executable, "-m", "radar", "check", "--raw", str(settings.RAW_DIR), "--warehouse",
         str(settings.WAREHOUSE_DIR)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    yield run
    if run.poll() is None:
        run.kill()
    run.communicate()


@pytest.fixture(scope="module")
def committed_check() -> tuple[list[str], dict[str, pd.DataFrame]]:
    """warehouse_differences(raw, committed warehouse), and the fresh tables it built (kept, to build only once)."""
    real, kept = build.warehouse_tables, {}

    def keeping(*args: object, **kwargs: object) -> dict[str, pd.DataFrame]:
        kept.update(real(*args, **kwargs))
        return kept

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(build, "warehouse_tables", keeping)
        differences = build.warehouse_differences(settings.RAW_DIR, settings.WAREHOUSE_DIR)
    assert sorted(kept) == sorted(t.name for t in TABLES)
    return differences, kept


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse built from data/raw into a temporary folder."""
    target = tmp_path_factory.mktemp("first") / "warehouse"
    build.build(settings.RAW_DIR, target)
    return target


def _duckdb_table(table: str, where: str = "") -> pd.DataFrame:
    """A committed warehouse table read with a plain DuckDB connection (not through radar.store)."""
    path = settings.WAREHOUSE_DIR / f"{table}.parquet"
    with duckdb.connect() as con:
        return con.execute(f"SELECT * FROM read_parquet(?) {where}", [str(path)]).df()


def _file_bytes(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


# ---- (a) the committed warehouse is a fresh build ----------------------------------------------------------------

def test_committed_warehouse_equals_a_fresh_build(committed_check: tuple[list[str], dict]) -> None:
    differences, _ = committed_check
    assert differences == []


# ---- (b) schemas and determinism ---------------------------------------------------------------------------------

@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.name)
def test_build_writes_each_table_with_its_schema(built: Path, table: Table) -> None:
    path = built / f"{table.name}.parquet"
    assert path.is_file()
    assert pq.read_schema(path).remove_metadata().equals(table.schema)
    assert pq.read_metadata(path).num_rows > 0


def test_build_writes_the_four_tables_and_their_precomputed_scores(built: Path) -> None:
    expected = [f"{t.name}.parquet" for t in (*TABLES, *DERIVED_TABLES)]
    assert sorted(p.name for p in built.iterdir()) == sorted(expected)
    assert not [p for p in built.parent.iterdir() if p.name.startswith(".")], "staging or old folder left behind"


def test_building_twice_gives_byte_identical_files(built: Path, committed_check: tuple[list[str], dict],
                                                   tmp_path: Path) -> None:
    # two independent builds from data/raw: `built`, and the one warehouse_differences made
    _, second = committed_check
    build.write_warehouse(second, tmp_path / "warehouse")
    assert _file_bytes(tmp_path / "warehouse") == _file_bytes(built)


# ---- (c) observations hold the published values ------------------------------------------------------------------

@pytest.fixture(scope="module")
def observations() -> pd.DataFrame:
    return _duckdb_table("observations")


@pytest.fixture(scope="module")
def matched(observations: pd.DataFrame, source_rows: pd.DataFrame) -> pd.DataFrame:
    """Fixture rows outer-joined with the warehouse rows of the same sources and region (WB6 or EU-27)."""
    region = observations["country_iso3"].isin(WB6).map({True: "WB6", False: "EU27"})
    sources = source_rows["source_id"].unique()
    ours = observations[observations["source_id"].isin(sources)].assign(region=region)
    return source_rows.merge(ours, on=[*KEY, "source_id", "region"], how="outer", suffixes=("_csv", ""),
                             indicator=True)


@pytest.mark.parametrize("region", ["WB6", "EU27"])
def test_observations_hold_exactly_the_fixture_rows(matched: pd.DataFrame, region: str) -> None:
    rows = matched[matched["region"] == region]
    assert len(rows) > 1000
    missing = rows[rows["_merge"] == "left_only"]
    assert missing.empty, f"fixture rows not in the warehouse: {missing[KEY].head().to_dict('records')}"
    extra = rows[rows["_merge"] == "right_only"]
    assert extra.empty, f"warehouse rows not in the fixtures: {extra[KEY].head().to_dict('records')}"


@pytest.mark.parametrize("column", ["value", "lower", "upper", "std_error"])
def test_observations_carry_the_published_numbers(matched: pd.DataFrame, column: str) -> None:
    both = matched[matched["_merge"] == "both"]
    published, stored = both[f"{column}_csv"], both[column]
    assert (published.isna() == stored.isna()).all(), f"{column} present in one and absent in the other"
    off = both[(published - stored).abs() > TOL]
    assert off.empty, off[[*KEY, f"{column}_csv", column]].head()
    assert published.notna().sum() > 400  # not a vacuous comparison: CPI and WGI publish bounds and errors


def test_every_observation_comes_from_the_fixture_sources(observations: pd.DataFrame,
                                                          source_rows: pd.DataFrame) -> None:
    assert len(observations) == len(source_rows)
    assert set(observations["source_id"]) == set(source_rows["source_id"])


def test_every_observation_says_where_in_its_file_it_was_read(observations: pd.DataFrame) -> None:
    assert observations[["source_file", "source_row", "source_column", "note"]].notna().all().all()
    files = {s: set(f) for s, f in observations.groupby("source_id")["source_file"]}
    assert files == {"gitoc_ocindex": {"global_oc_index.xlsx", "organizedCrime_2025_WB6_records.jsonl",
                                       "organizedCrime_2025_EU27_records.jsonl"},
                     "ti_cpi": {"CPI2025_Results.xlsx"}, "wb_wgi": {"wgidataset.xlsx"},
                     "wjp_rol": {"2025_wjp_rule_of_law_index_HISTORICAL_DATA_FILE.xlsx"}}
    no_sheet = observations[observations["source_sheet"].isna()]  # only the JSON Lines records have no sheet
    assert len(no_sheet) > 0 and no_sheet["source_file"].str.endswith(".jsonl").all()
    srb = observations.query("country_iso3 == 'SRB' and year == 2023 and indicator_id == 'wgi_rl_est'").iloc[0]
    # the 2024 update's one long sheet: header on row 1; the tidy CSV's note names the row codeindyr=SRBrl2023
    assert (srb["source_sheet"], srb["source_column"]) == ("Sheet1", "estimate") and srb["source_row"] > 1
    assert srb["note"] == "row codeindyr=SRBrl2023, column estimate (stddev, nsource)"


def test_kosovo_has_no_oc_index_rows() -> None:
    kosovo = _duckdb_table("observations", "WHERE country_iso3 = 'XKX'")
    assert len(kosovo) > 0  # Kosovo is covered by the other sources
    assert not kosovo["indicator_id"].str.startswith("ocindex_").any()
    assert "gitoc_ocindex" not in set(kosovo["source_id"])


# ---- (d) indicators declare scale, direction and source ----------------------------------------------------------

@pytest.fixture(scope="module")
def indicators() -> pd.DataFrame:
    return _duckdb_table("indicators")


def test_every_indicator_declares_its_scale_and_direction(indicators: pd.DataFrame) -> None:
    assert len(indicators) > 100
    assert (indicators["scale_min"] < indicators["scale_max"]).all()
    assert indicators["higher_is_better"].notna().all()
    for column in ("source", "source_id", "licence", "citation", "source_url", "name", "unit"):
        assert (indicators[column].fillna("").str.strip() != "").all(), column


def test_scale_bounds_are_nominal_only_for_the_wgi_estimates(indicators: pd.DataFrame) -> None:
    bounds = indicators.set_index("indicator_id")["scale_bounds"]
    assert set(bounds) == {"strict", "nominal"}
    assert set(bounds[bounds == "nominal"].index) == {f"wgi_{d}_est" for d in ("va", "pv", "ge", "rq", "rl", "cc")}


def test_every_observed_indicator_is_described(indicators: pd.DataFrame, observations: pd.DataFrame) -> None:
    assert set(observations["indicator_id"]) == set(indicators["indicator_id"])


def test_oc_index_markets_and_actors_are_lower_is_better(indicators: pd.DataFrame) -> None:
    oc = indicators[indicators["source_id"] == "gitoc_ocindex"].set_index("indicator_id")
    threat = oc[oc["indicator_group"].isin(["criminality", "criminal_markets", "criminal_actors"])]
    assert len(threat) == 23  # criminality + markets (15 and their mean) + actors (5 and their mean)
    assert not threat["higher_is_better"].any()
    resilience = oc[oc["indicator_group"] == "resilience"]
    assert len(resilience) == 13 and resilience["higher_is_better"].all()
    with settings.FRAMEWORKS_FILE.open("rb") as handle:
        frameworks = {f["id"]: f for f in tomllib.load(handle)["framework"]}
    threat_ids = [i for axis in frameworks["oc_threat"]["axis"] for i in axis["indicators"]]
    assert len(threat_ids) == 20
    assert not oc.loc[threat_ids, "higher_is_better"].any()


# ---- (e) an interrupted write leaves the previous warehouse intact -----------------------------------------------

def _committed_tables() -> dict[str, pd.DataFrame]:
    return {t.name: pq.read_table(settings.WAREHOUSE_DIR / f"{t.name}.parquet").to_pandas() for t in TABLES}


def test_write_is_atomic_when_it_fails_midway(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "warehouse"
    tables = _committed_tables()
    build.write_warehouse(tables, target)
    before = _file_bytes(target)
    # the new warehouse differs in every table, so that a table written in place would show
    changed = {name: frame.iloc[: len(frame) // 2] for name, frame in tables.items()}
    real_write, calls = build._write_table, []

    def fail_on_third(frame: pd.DataFrame, table: Table, folder: Path) -> None:
        calls.append(table.name)
        if len(calls) == 3:
            raise OSError("disk full")
        real_write(frame, table, folder)

    monkeypatch.setattr(build, "_write_table", fail_on_third)
    with pytest.raises(OSError, match="disk full"):
        build.write_warehouse(changed, target)
    assert calls == [t.name for t in TABLES[:3]]
    assert _file_bytes(target) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["warehouse"], "staging folder left behind"


def test_failed_first_write_creates_no_warehouse(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(frame: pd.DataFrame, table: Table, folder: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(build, "_write_table", fail)
    with pytest.raises(OSError):
        build.write_warehouse(_committed_tables(), tmp_path / "warehouse")
    assert list(tmp_path.iterdir()) == []


def test_successful_write_replaces_the_previous_warehouse(tmp_path: Path) -> None:
    target = tmp_path / "warehouse"
    tables = _committed_tables()
    build.write_warehouse({n: f.iloc[:3] for n, f in tables.items()}, target)
    build.write_warehouse(tables, target)
    assert pq.read_metadata(target / f"{OBSERVATIONS.name}.parquet").num_rows == len(tables[OBSERVATIONS.name])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["warehouse"]


# ---- (f) the command line ----------------------------------------------------------------------------------------

def test_cli_check_passes_on_the_committed_warehouse(cli_check: subprocess.Popen[str]) -> None:
    out, err = cli_check.communicate(timeout=120)
    assert cli_check.returncode == 0, err
    assert "equals a fresh build" in out


def test_cli_check_fails_with_a_message_on_an_altered_warehouse(
    committed_check: tuple[list[str], dict], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # the command in-process, its fresh build served from the one made above (a subprocess would build again)
    _, fresh = committed_check
    monkeypatch.setattr(build, "warehouse_tables", lambda *args, **kwargs: fresh)
    altered = _altered_copy(tmp_path / "warehouse")
    assert cli.main(["check", "--warehouse", str(altered)]) == 1
    err = capsys.readouterr().err
    assert err.strip() == "observations: differs from a fresh build"
    # and the same command passes once the altered table is put back
    shutil.copy2(settings.WAREHOUSE_DIR / "observations.parquet", altered / "observations.parquet")
    assert cli.main(["check", "--warehouse", str(altered)]) == 0


def test_cli_check_names_a_missing_table(committed_check: tuple[list[str], dict], tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    _, fresh = committed_check
    monkeypatch.setattr(build, "warehouse_tables", lambda *args, **kwargs: fresh)
    shutil.copytree(settings.WAREHOUSE_DIR, tmp_path / "warehouse")
    (tmp_path / "warehouse" / "frameworks.parquet").unlink()
    assert cli.main(["check", "--warehouse", str(tmp_path / "warehouse")]) == 1
    assert "frameworks: missing from" in capsys.readouterr().err

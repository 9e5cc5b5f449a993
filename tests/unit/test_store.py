"""radar.store on the committed warehouse: the questions pages ask, checked against the tidy source CSVs, and a
connection that is locked down, limited and safe to share between threads."""

from __future__ import annotations

import threading
import tomllib
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from radar import settings
from radar.schema import EU27, WB6
from radar.store import QueryError, Store

ALL_YEARS = (1900, 2100)


@pytest.fixture(scope="module")
def frameworks_spec() -> list[dict]:
    with settings.FRAMEWORKS_FILE.open("rb") as handle:
        return tomllib.load(handle)["framework"]


def _fixture_keys(rows: pd.DataFrame) -> set[tuple[str, int, str]]:
    return set(rows[["country_iso3", "year", "indicator_id"]].itertuples(index=False, name=None))


# ---- reference tables --------------------------------------------------------------------------------------------

def test_countries_are_wb6_first_with_their_colours_then_eu27(store: Store) -> None:
    countries = store.countries()
    assert len(countries) == 33
    assert countries["iso3"].head(6).tolist() == sorted(WB6, key=lambda c: countries.set_index("iso3").at[c, "name"])
    assert set(countries["iso3"].tail(27)) == set(EU27)
    wb6 = countries[countries["region"] == "WB6"]
    assert set(wb6["iso3"]) == set(WB6)
    assert wb6["colour"].str.fullmatch(r"#[0-9A-F]{6}").all()
    assert wb6["colour"].nunique() == 6
    assert not set(wb6["colour"]) & set(countries.loc[countries["region"] == "EU27", "colour"])
    assert countries.set_index("iso3").at["XKX", "footnote"] == "kosovo"


def test_frameworks_in_file_order_with_their_axis_counts(store: Store, frameworks_spec: list[dict]) -> None:
    frameworks = store.frameworks()
    assert frameworks["framework_id"].tolist() == [f["id"] for f in frameworks_spec]
    assert frameworks["n_axes"].tolist() == [len(f["axis"]) for f in frameworks_spec]
    assert frameworks.set_index("framework_id").at["oc_threat", "measures"] == "threat"


def test_framework_axes_in_radar_order(store: Store, frameworks_spec: list[dict]) -> None:
    spec = next(f for f in frameworks_spec if f["id"] == "wbocr")
    axes = store.framework_axes("wbocr")
    assert axes.drop_duplicates("axis_id")["axis_id"].tolist() == [a["id"] for a in spec["axis"]]
    assert axes["axis_order"].is_monotonic_increasing
    for axis in spec["axis"]:
        assert sorted(axes.loc[axes["axis_id"] == axis["id"], "indicator_id"]) == sorted(axis["indicators"])
    assert axes[["scale_min", "scale_max", "higher_is_better", "source"]].notna().all().all()
    assert store.framework_axes("no_such_framework").empty


def test_sources_summarise_each_source(store: Store, source_rows: pd.DataFrame) -> None:
    sources = store.sources().set_index("source_id")
    expected = source_rows.groupby("source_id").agg(first=("year", "min"), last=("year", "max"), n=("value", "size"),
                                                   k=("indicator_id", "nunique"))
    assert sources.index.tolist() == sorted(expected.index)
    assert sources["first_year"].tolist() == expected["first"].tolist()
    assert sources["last_year"].tolist() == expected["last"].tolist()
    assert sources["n_observations"].tolist() == expected["n"].tolist()
    assert sources["n_indicators"].tolist() == expected["k"].tolist()
    assert (sources[["licence", "citation", "source_url"]].map(len) > 0).all().all()
    assert sources.at["gitoc_ocindex", "editions"] == "2021; 2023; 2025"


# ---- questions the pages ask -------------------------------------------------------------------------------------

def test_framework_years(store: Store) -> None:
    assert store.framework_years("oc_resilience", WB6) == [2021, 2023, 2025]
    assert store.framework_years("oc_resilience", ["XKX"]) == []  # the OC Index does not cover Kosovo
    assert store.framework_years("wgi", WB6) == sorted(store.framework_years("wgi", WB6))


def test_framework_observations_filter_by_countries_and_years(store: Store, source_rows: pd.DataFrame) -> None:
    rows = store.framework_observations("wgi", ["ALB", "SRB"], 2010, 2012)
    wanted = source_rows[
        source_rows["country_iso3"].isin(["ALB", "SRB"]) & source_rows["year"].between(2010, 2012)
        & source_rows["indicator_id"].str.fullmatch(r"wgi_[a-z]{2}_est")
    ]
    assert len(rows) == len(wanted) == 2 * 3 * 6
    assert _fixture_keys(rows) == _fixture_keys(wanted)
    merged = rows.merge(wanted, on=["country_iso3", "year", "indicator_id"], suffixes=("", "_csv"))
    assert (merged["value"] - merged["value_csv"]).abs().max() < 1e-9
    assert (merged["std_error"] - merged["std_error_csv"]).abs().max() < 1e-9


def test_coverage_counts_indicators_per_country_year_source(store: Store, source_rows: pd.DataFrame) -> None:
    coverage = store.coverage(WB6)
    assert set(coverage["country_iso3"]) == set(WB6)
    assert coverage[(coverage["country_iso3"] == "XKX") & (coverage["source_id"] == "gitoc_ocindex")].empty
    wb6 = source_rows[source_rows["country_iso3"].isin(WB6)]
    expected = wb6.groupby(["country_iso3", "year", "source_id"])["indicator_id"].nunique()
    got = coverage.set_index(["country_iso3", "year", "source_id"])["n_indicators"]
    assert got.sort_index().to_dict() == expected.sort_index().to_dict()


def test_observations_without_filters_return_every_row_newest_first(store: Store, source_rows: pd.DataFrame) -> None:
    rows = store.observations([], [], [], *ALL_YEARS)
    assert len(rows) == len(source_rows)
    assert rows["year"].is_monotonic_decreasing
    assert rows[["country", "source", "unit", "source_url"]].notna().all().all()


def test_observations_with_filters(store: Store, source_rows: pd.DataFrame) -> None:
    rows = store.observations(["MNE"], ["wjp_rol"], [], 2023, 2025)
    wanted = source_rows[(source_rows["country_iso3"] == "MNE") & (source_rows["source_id"] == "wjp_rol")
                         & source_rows["year"].between(2023, 2025)]
    assert len(rows) == len(wanted) > 0
    assert _fixture_keys(rows) == _fixture_keys(wanted)
    one = store.observations(["ALB", "SRB"], [], ["cpi_score"], *ALL_YEARS)
    assert set(one["country_iso3"]) == {"ALB", "SRB"} and set(one["indicator_id"]) == {"cpi_score"}
    assert len(one) == len(source_rows[source_rows["country_iso3"].isin(["ALB", "SRB"])
                                       & (source_rows["indicator_id"] == "cpi_score")])


def test_observations_limit(store: Store) -> None:
    assert len(store.observations([], [], [], *ALL_YEARS, limit=10)) == 10
    newest = store.observations([], [], [], *ALL_YEARS, limit=1)
    assert newest.at[0, "year"] == store.query("SELECT max(year) AS hi FROM observations")["hi"].item()


# ---- the connection is locked down -------------------------------------------------------------------------------

@pytest.mark.parametrize("sql", [
    "SELECT * FROM read_csv('/etc/passwd')",
    "SELECT * FROM read_text('/etc/hostname')",
    "SELECT * FROM glob('/etc/*')",
    "SET enable_external_access = true",
    "SET allowed_directories = ['/']",
    "RESET lock_configuration",
    "COPY (SELECT 1) TO '/tmp/radar-store-test.csv'",
    "LOAD httpfs",
], ids=["read_csv", "read_text", "glob", "external access", "allowed directories", "reset lock", "copy to",
        "load extension"])
def test_locked_down_connection_refuses(store: Store, sql: str) -> None:
    with pytest.raises(QueryError):
        store.query(sql)
    assert not Path("/tmp/radar-store-test.csv").exists()


def test_files_outside_the_warehouse_cannot_be_read(store: Store, tmp_path: Path) -> None:
    outside = tmp_path / "outside.parquet"
    pq.write_table(pa.table({"secret": [1]}), outside)
    with pytest.raises(QueryError):
        store.query("SELECT * FROM read_parquet(?)", [str(outside)])
    with pytest.raises(QueryError):
        store.query(f"SELECT * FROM read_parquet('{settings.WAREHOUSE_DIR}/../frameworks.toml')")
    with pytest.raises(QueryError):
        store.query(f"ATTACH '{tmp_path / 'other.duckdb'}' AS other")
    assert not (tmp_path / "other.duckdb").exists()


def test_store_refuses_statements_that_change_its_views() -> None:
    own = Store(settings.WAREHOUSE_DIR)  # not the shared store: if this succeeds, the views are gone
    try:
        with pytest.raises(QueryError):
            own.query("CREATE OR REPLACE VIEW countries AS SELECT 'fake' AS iso3")
    finally:
        own.close()


@pytest.mark.parametrize("evil", ["ALB'); DROP VIEW observations; --", "ALB' OR '1'='1", "%", "*"])
def test_user_values_are_only_values(store: Store, evil: str) -> None:
    assert store.observations([evil], [], [], *ALL_YEARS).empty
    assert store.observations([], [evil], [evil], *ALL_YEARS).empty
    assert store.framework_years(evil, WB6) == []
    assert store.framework_years("wgi", [evil]) == []
    assert store.framework_observations("wgi", [evil], *ALL_YEARS).empty
    assert store.framework_axes(evil).empty
    assert len(store.observations(["ALB"], [], [], *ALL_YEARS)) > 0  # the views are still there


# ---- limits ------------------------------------------------------------------------------------------------------

def test_row_limit() -> None:
    small = Store(settings.WAREHOUSE_DIR, max_rows=5)
    try:
        assert len(small.query("SELECT * FROM observations")) == 5
        assert len(small.observations([], [], [], *ALL_YEARS)) == 5
        assert len(small.observations([], [], [], *ALL_YEARS, limit=100)) == 5
        assert len(small.countries()) == 5
    finally:
        small.close()


def test_time_limit_stops_a_slow_query_and_the_store_keeps_working() -> None:
    quick = Store(settings.WAREHOUSE_DIR, time_limit_s=0.2)
    try:
        # Without the interrupt this query would run for hours: reaching the assertion is the proof.
        with pytest.raises(QueryError, match="stopped after 0.2 s"):
            quick.query("SELECT count(*) FROM range(100000000) a, range(100000000) b WHERE a.range + b.range = 7")
        assert len(quick.countries()) == 33
    finally:
        quick.close()


def test_a_missing_warehouse_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="lacks tables"):
        Store(tmp_path)


# ---- threads -----------------------------------------------------------------------------------------------------

def test_one_store_serves_many_threads(store: Store) -> None:
    questions = {
        "observations": lambda: len(store.observations(["SRB"], [], [], *ALL_YEARS)),
        "countries": lambda: store.countries()["iso3"].tolist(),
        "years": lambda: store.framework_years("wgi", WB6),
    }
    expected = {name: ask() for name, ask in questions.items()}
    names = list(questions)
    start = threading.Barrier(8)

    def twenty_questions(worker: int) -> list[tuple[str, object]]:
        start.wait()  # all eight threads query at once
        return [(name, questions[name]()) for name in (names[(worker + i) % 3] for i in range(20))]

    with ThreadPoolExecutor(max_workers=8) as pool:
        answers = [a for batch in pool.map(twenty_questions, range(8)) for a in batch]  # re-raises a thread's error
    assert len(answers) == 160
    assert all(answer == expected[name] for name, answer in answers)

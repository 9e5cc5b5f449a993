"""radar.store against hostile SQL: a second statement after a SELECT is refused (and changes nothing), and no file
outside the warehouse is readable, DuckDB's temporary directory included."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from radar import settings
from radar.store import QueryError, Store

WB6 = {"ALB", "BIH", "XKX", "MNE", "MKD", "SRB"}


@pytest.fixture
def own_store() -> Iterator[Store]:
    """A store of the test's own: if an attack succeeds, no other test sees its effect."""
    store = Store(settings.WAREHOUSE_DIR)
    yield store
    store.close()


@pytest.mark.parametrize("sql", [
    "SELECT 1; CREATE OR REPLACE VIEW countries AS SELECT 'fake' AS iso3",
    "SELECT 1;CREATE OR REPLACE VIEW countries AS SELECT 'fake' AS iso3;",
    "SELECT * FROM countries; DROP VIEW countries",
    "SELECT 1 /* a comment; */ ; CREATE OR REPLACE VIEW countries AS SELECT 'fake' AS iso3",
    "WITH x AS (SELECT 1) SELECT * FROM x; CREATE OR REPLACE VIEW countries AS SELECT 'fake' AS iso3",
    "SELECT 1; SELECT 2",
    "SELECT 1; SET threads = 1",
    "SELECT 1;\n-- harmless?\nCREATE OR REPLACE VIEW countries AS SELECT 'fake' AS iso3",
])
def test_a_second_statement_is_refused_and_changes_nothing(own_store: Store, sql: str) -> None:
    with pytest.raises(QueryError, match="only a single SELECT"):
        own_store.query(sql)
    countries = own_store.query("SELECT iso3 FROM countries")
    assert set(countries["iso3"]) >= WB6 and "fake" not in set(countries["iso3"])


def test_a_single_select_with_a_trailing_semicolon_still_runs(own_store: Store) -> None:
    assert own_store.query("SELECT 42 AS answer;")["answer"].tolist() == [42]


def test_duckdbs_temporary_directory_is_not_readable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """DuckDB lets a query read its temporary directory ('.tmp' under the working directory by default) whatever
    allowed_directories says: the store has none."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".tmp").mkdir()
    (tmp_path / ".tmp" / "secret.csv").write_text("secret,1\n", encoding="utf-8")
    store = Store(settings.WAREHOUSE_DIR)
    try:
        for path in (".tmp/secret.csv", str(tmp_path / ".tmp" / "secret.csv")):
            with pytest.raises(QueryError):
                store.query(f"SELECT * FROM read_csv('{path}')")
        assert store.query("SELECT current_setting('temp_directory') AS t")["t"].tolist() == [""]
    finally:
        store.close()

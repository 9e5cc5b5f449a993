"""The only module that talks to DuckDB: read-only views over the warehouse's Parquet files.

One `Store` per warehouse directory holds one in-memory DuckDB database whose views read the Parquet
tables. The connection is locked down before any query (only the warehouse directory is readable, no
external access, configuration frozen). Each query takes its own cursor, so one Store is safe to share
between threads (DuckDB 2.0 refuses concurrent use of one connection). Every value reaches SQL as a bound
parameter; identifiers never come from users. Limits: settings.MAX_ROWS rows, settings.QUERY_TIME_LIMIT_S.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from radar import settings
from radar.schema import DERIVED_TABLES, EVIDENCE_COLUMNS, TABLES


class QueryError(RuntimeError):
    """A query failed or ran past its time limit."""


class Store:
    """Read-only access to one warehouse directory."""

    def __init__(self, warehouse: Path = settings.WAREHOUSE_DIR, *, max_rows: int = settings.MAX_ROWS,
                 time_limit_s: float = settings.QUERY_TIME_LIMIT_S) -> None:
        self.warehouse = Path(warehouse).resolve()
        self.max_rows = max_rows
        self.time_limit_s = time_limit_s
        missing = [t.name for t in TABLES if not _table_glob(self.warehouse, t.name)]
        if missing:
            raise FileNotFoundError(f"warehouse {self.warehouse} lacks tables {missing}")
        self._con = duckdb.connect(":memory:", config={
            "threads": settings.DUCKDB_THREADS, "memory_limit": settings.DUCKDB_MEMORY_LIMIT,
            # No spilling to disk: DuckDB lets a query read its temporary directory (default '.tmp' under the working
            # directory) whatever allowed_directories says, so there is none. A query over the memory limit fails.
            "temp_directory": "",
        })
        # The precomputed tables (radar.precompute) are optional: a warehouse written before them has none.
        self.has_scores = all(_table_glob(self.warehouse, t.name) for t in DERIVED_TABLES)
        self._scores_lock = threading.Lock()
        # framework id -> (year -> (scores, values, means), the three frames empty), or None: read year by year
        self._scores_cache: dict[str, tuple[dict[int, tuple[pd.DataFrame, ...]], tuple[pd.DataFrame, ...]] | None] = {}
        for table in TABLES + (DERIVED_TABLES if self.has_scores else ()):
            self._con.execute(
                f"CREATE VIEW {table.name} AS SELECT * FROM read_parquet('{_table_glob(self.warehouse, table.name)}',"
                f" hive_partitioning = true, union_by_name = true)"
            )
        self._lock_down()

    def _lock_down(self) -> None:
        # Order matters: allow the directory first, then cut external access, then freeze the settings.
        self._con.execute(f"SET allowed_directories = ['{self.warehouse}/']")
        self._con.execute("SET enable_external_access = false")
        self._con.execute("SET lock_configuration = true")

    def close(self) -> None:
        self._con.close()

    # -- the one way a query runs ------------------------------------------------------------------
    def query(self, sql: str, params: Sequence | dict | None = None) -> pd.DataFrame:
        """Run one parameterised SELECT under the time and row limits; return at most max_rows rows.

        Anything but a single SELECT (DDL, ATTACH, COPY, SET, several statements) is refused, so no caller can
        change the views every session shares."""
        try:
            statements = duckdb.extract_statements(sql)
        except duckdb.Error as exc:
            raise QueryError(str(exc)) from exc
        if len(statements) != 1 or statements[0].type != duckdb.StatementType.SELECT:
            raise QueryError("only a single SELECT statement may run")
        cursor = self._con.cursor()
        timer = threading.Timer(self.time_limit_s, cursor.interrupt)
        timer.start()
        try:
            return cursor.sql(sql, params=params or []).limit(self.max_rows).df()
        except duckdb.InterruptException as exc:
            raise QueryError(f"query stopped after {self.time_limit_s} s") from exc
        except duckdb.Error as exc:
            raise QueryError(str(exc)) from exc
        finally:
            timer.cancel()
            cursor.close()

    # -- reference tables ----------------------------------------------------------------------------
    def countries(self) -> pd.DataFrame:
        """Countries: iso3, name, name_local, region (WB6/EU27), colour, footnote."""
        return self.query("SELECT * FROM countries ORDER BY region DESC, name")

    def indicators(self) -> pd.DataFrame:
        """Every indicator with its scale, direction and source metadata."""
        return self.query("SELECT * FROM indicators ORDER BY source_id, indicator_id")

    def frameworks(self) -> pd.DataFrame:
        """One row per framework: framework_id, names, description, measures, min_coverage, n_axes."""
        return self.query("""
            SELECT framework_id, any_value(framework_name) AS framework_name, any_value(short_name) AS short_name,
                   any_value(description) AS description, any_value(measures) AS measures,
                   any_value(min_coverage) AS min_coverage, count(DISTINCT axis_id) AS n_axes
            FROM frameworks GROUP BY framework_id ORDER BY min(framework_order)""")

    def framework_axes(self, framework_id: str) -> pd.DataFrame:
        """The axes of one framework, in radar order, one row per axis x indicator with its weight and metadata."""
        return self.query("""
            SELECT f.axis_order, f.axis_id, f.axis_name, f.axis_rationale, f.indicator_id, f.weight,
                   i.name AS indicator_name, i.source_id, i.source, i.scale_min, i.scale_max, i.higher_is_better,
                   i.unit, i.source_url
            FROM frameworks f JOIN indicators i USING (indicator_id)
            WHERE f.framework_id = ? ORDER BY f.axis_order, f.indicator_id""", [framework_id])

    def sources(self) -> pd.DataFrame:
        """One row per source with its citation, licence, editions and years covered."""
        return self.query("""
            SELECT i.source_id, any_value(i.source) AS source, any_value(i.source_url) AS source_url,
                   any_value(i.licence) AS licence, any_value(i.citation) AS citation,
                   min(o.year) AS first_year, max(o.year) AS last_year,
                   count(DISTINCT o.indicator_id) AS n_indicators, count(*) AS n_observations,
                   string_agg(DISTINCT o.edition, '; ' ORDER BY o.edition) AS editions
            FROM indicators i JOIN observations o USING (indicator_id)
            GROUP BY i.source_id ORDER BY i.source_id""")

    # -- questions the pages ask ---------------------------------------------------------------------
    def framework_years(self, framework_id: str, countries: Sequence[str]) -> list[int]:
        """Years in which any indicator of the framework has a value for any of `countries`, ascending."""
        frame = self.query("""
            SELECT DISTINCT o.year FROM observations o
            WHERE o.indicator_id IN (SELECT indicator_id FROM frameworks WHERE framework_id = ?)
              AND o.country_iso3 IN (SELECT unnest(?::VARCHAR[]))
            ORDER BY o.year""", [framework_id, list(countries)])
        return [int(y) for y in frame["year"]]

    def framework_observations(self, framework_id: str, countries: Sequence[str], year_from: int,
                               year_to: int) -> pd.DataFrame:
        """Observations of the framework's indicators for `countries` in [year_from, year_to], with scale,
        direction and source: what scoring needs to pick each indicator's latest value and normalise it, with the
        indicator's level labels and the value's evidence (the network's assessments)."""
        return self.query("""
            SELECT o.country_iso3, o.year, o.indicator_id, o.value, o.lower, o.upper, o.std_error, o.edition,
                   i.name AS indicator_name, i.source_id, i.source, i.scale_min, i.scale_max, i.higher_is_better,
                   i.unit, i.source_url, i.scale_labels, o.evidence, o.evidence_url
            FROM observations o JOIN indicators i USING (indicator_id)
            WHERE o.indicator_id IN (SELECT indicator_id FROM frameworks WHERE framework_id = ?)
              AND o.country_iso3 IN (SELECT unnest(?::VARCHAR[]))
              AND o.year BETWEEN ? AND ?
            ORDER BY o.country_iso3, o.indicator_id, o.year""", [framework_id, list(countries), year_from, year_to])

    # -- precomputed scores (only when has_scores) --------------------------------------------------------
    def year_scores(self, framework_id: str, year: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        """The precomputed (scores, values, means) of one framework in one year, every kept country.

        A framework's precomputed tables are read once (three queries for all its years) and kept in memory by
        year: a page that compares many years (the span of Change over time) then slices frames instead of
        running three queries a year. A framework too large for one read (max_rows) is read year by year. The
        values always carry schema.EVIDENCE_COLUMNS (empty where the version predates them)."""
        cached = self._framework_scores(framework_id)
        if cached is not None:
            by_year, blank = cached
            return by_year.get(year, blank)
        return self._year_scores_query(framework_id, year)

    def _framework_scores(self, framework_id: str
                          ) -> tuple[dict[int, tuple[pd.DataFrame, ...]], tuple[pd.DataFrame, ...]] | None:
        with self._scores_lock:
            if framework_id in self._scores_cache:
                return self._scores_cache[framework_id]
        scores = self.query("""
            SELECT * EXCLUDE (framework_id) FROM scores WHERE framework_id = ? ORDER BY year, country_iso3, axis_order
            """, [framework_id])
        values = self.query("""
            SELECT * EXCLUDE (framework_id) FROM score_values WHERE framework_id = ?
            ORDER BY scored_year, country_iso3, indicator_id, axis_order""", [framework_id])
        values = _with_evidence_columns(values)
        means = self.query("""
            SELECT * EXCLUDE (framework_id) FROM score_means WHERE framework_id = ?
            ORDER BY year, reference DESC, axis_order""", [framework_id])
        cached = None  # truncated (max_rows): read year by year
        if max(len(scores), len(values), len(means)) < self.max_rows:
            def split(frame: pd.DataFrame, column: str) -> dict[int, pd.DataFrame]:
                return {int(y): part.drop(columns=column).reset_index(drop=True)
                        for y, part in frame.groupby(column, sort=False)}

            parts = [split(scores, "year"), split(values, "scored_year"), split(means, "year")]
            blank = tuple(f.drop(columns=c).iloc[0:0] for f, c in ((scores, "year"), (values, "scored_year"),
                                                                   (means, "year")))
            cached = ({y: tuple(p.get(y, b) for p, b in zip(parts, blank)) for y in parts[0]}, blank)
        with self._scores_lock:
            self._scores_cache[framework_id] = cached
        return cached

    def _year_scores_query(self, framework_id: str, year: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
        scores = self.query("""
            SELECT * EXCLUDE (framework_id, year) FROM scores WHERE framework_id = ? AND year = ?
            ORDER BY country_iso3, axis_order""", [framework_id, year])
        values = self.query("""
            SELECT * EXCLUDE (framework_id, scored_year) FROM score_values WHERE framework_id = ? AND scored_year = ?
            ORDER BY country_iso3, indicator_id, axis_order""", [framework_id, year])
        means = self.query("""
            SELECT * EXCLUDE (framework_id, year) FROM score_means WHERE framework_id = ? AND year = ?
            ORDER BY reference DESC, axis_order""", [framework_id, year])
        return scores, _with_evidence_columns(values), means

    def scores_over_time(self, framework_id: str, years: Sequence[int], countries: Sequence[str]) -> pd.DataFrame:
        """The precomputed axis scores of `countries` in each of `years` (column `year`)."""
        cached = self._framework_scores(framework_id)
        if cached is not None:
            by_year, blank = cached
            frames = [by_year[y][0].assign(year=np.int32(y)) for y in sorted({int(y) for y in years}) if y in by_year]
            if not frames:
                return blank[0].assign(year=pd.Series(dtype="int32"))
            found = pd.concat(frames, ignore_index=True)
            return found[found["country_iso3"].isin(set(countries))].reset_index(drop=True)
        return self.query("""
            SELECT * EXCLUDE (framework_id) FROM scores
            WHERE framework_id = ? AND year IN (SELECT unnest(?::INTEGER[]))
              AND country_iso3 IN (SELECT unnest(?::VARCHAR[]))
            ORDER BY year, country_iso3, axis_order""", [framework_id, [int(y) for y in years], list(countries)])

    def coverage(self, countries: Sequence[str]) -> pd.DataFrame:
        """Country x year x source: number of indicators with a value (0 rows = not covered)."""
        return self.query("""
            SELECT o.country_iso3, o.year, i.source_id, any_value(i.source) AS source,
                   count(DISTINCT o.indicator_id) AS n_indicators
            FROM observations o JOIN indicators i USING (indicator_id)
            WHERE o.country_iso3 IN (SELECT unnest(?::VARCHAR[]))
            GROUP BY ALL ORDER BY o.country_iso3, o.year, i.source_id""", [list(countries)])

    def observations(self, countries: Sequence[str], source_ids: Sequence[str], indicator_ids: Sequence[str],
                     year_from: int, year_to: int, limit: int | None = None) -> pd.DataFrame:
        """Raw observations matching the filters (an empty list means no filter on that field), newest first, with
        the network values' evidence and the indicator's level labels (`scale_labels`)."""
        limit = min(limit or self.max_rows, self.max_rows)
        return self.query("""
            SELECT c.name AS country, o.country_iso3, o.year, i.source, o.indicator_id, i.name AS indicator_name,
                   o.value, i.unit, o.lower, o.upper, o.std_error, o.edition, i.scale_min, i.scale_max,
                   i.higher_is_better, i.source_url, o.evidence, o.evidence_url, i.scale_labels
            FROM observations o JOIN indicators i USING (indicator_id) JOIN countries c ON c.iso3 = o.country_iso3
            WHERE (len(?::VARCHAR[]) = 0 OR o.country_iso3 IN (SELECT unnest(?::VARCHAR[])))
              AND (len(?::VARCHAR[]) = 0 OR i.source_id IN (SELECT unnest(?::VARCHAR[])))
              AND (len(?::VARCHAR[]) = 0 OR o.indicator_id IN (SELECT unnest(?::VARCHAR[])))
              AND o.year BETWEEN ? AND ?
            ORDER BY o.year DESC, c.region DESC, o.country_iso3, o.indicator_id
            LIMIT ?""", [list(countries), list(countries), list(source_ids), list(source_ids),
                         list(indicator_ids), list(indicator_ids), year_from, year_to, limit])


def _with_evidence_columns(values: pd.DataFrame) -> pd.DataFrame:
    """A version precomputed before the evidence columns existed: no label, no evidence (never a failure)."""
    return values.assign(**{c: pd.Series(None, index=values.index, dtype=object)
                            for c in EVIDENCE_COLUMNS if c not in values.columns})


def _table_glob(warehouse: Path, name: str) -> str:
    """Return the Parquet path or glob of one table: a single file, or a (hive-partitioned) folder."""
    single = warehouse / f"{name}.parquet"
    if single.is_file():
        return str(single)
    folder = warehouse / name
    if folder.is_dir() and any(folder.rglob("*.parquet")):
        return str(folder / "**" / "*.parquet")
    return ""

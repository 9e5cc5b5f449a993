"""Cached access to the warehouse for the pages: one Store per published version, cached answers.

This module is also the `Source` of radar.views.build and the `Catalog` of radar.views.spec in the app.

Answers are cached as shared resources (pandas copy-on-write: a caller that changes a frame changes its own
copy, never the cached one); every cached function takes the version id as its first argument, so that
publishing or restoring a version (radar.versions) switches every page to the new data on the next run,
without a restart, while answers of the old version are never mixed in. Names (countries, frameworks, axes,
indicators) are cached in English and translated on the way out into the language of the run; a publisher's
own indicator name stays available beside its translation (`indicator_name_original`).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from radar import analysis, i18n, settings, versions
from radar import frameworks as frameworks_module
from radar.analysis import localised_frame
from radar.store import Store
from radar.ui import warm

CACHE_ENTRIES = 256  # per function; every entry is small (a few hundred rows)


@st.cache_resource(show_spinner=False, max_entries=4)
def _store(version: str) -> Store:
    """The read-only Store of one version (each query takes its own cursor, so sessions share it)."""
    return Store(versions.warehouse_of(version))


def version() -> str:
    """The current version id, read once per script run (a publish takes effect on the next run)."""
    return versions.current_version()


def store() -> Store:
    return _store(version())


@st.cache_resource(show_spinner=False, max_entries=8)
def _countries(v: str) -> pd.DataFrame:
    return _store(v).countries()


@st.cache_resource(show_spinner=False, max_entries=8)
def _frameworks(v: str) -> pd.DataFrame:
    return _store(v).frameworks()


@st.cache_resource(show_spinner=False, max_entries=8)
def _indicators(v: str) -> pd.DataFrame:
    return _store(v).indicators()


@st.cache_resource(show_spinner=False, max_entries=8)
def _sources(v: str) -> pd.DataFrame:
    return _store(v).sources()


@st.cache_resource(show_spinner=False, max_entries=64)
def _framework(v: str, framework_id: str) -> analysis.Framework:
    return analysis.framework(_store(v), framework_id)


@st.cache_resource(show_spinner=False, max_entries=64)
def _framework_years(v: str, framework_id: str) -> list[int]:
    return analysis.framework_years(_store(v), framework_id)


@st.cache_resource(show_spinner=False, max_entries=CACHE_ENTRIES)
def _year_scores(v: str, framework_id: str, year: int) -> analysis.YearScores:
    return analysis.year_scores(_store(v), _framework(v, framework_id), year)


@st.cache_resource(show_spinner=False, max_entries=CACHE_ENTRIES)
def _scores_over_time(v: str, framework_id: str, years: tuple[int, ...], countries: tuple[str, ...]
                      ) -> pd.DataFrame:
    return analysis.scores_over_time(_store(v), _framework(v, framework_id), list(years), list(countries))


@st.cache_resource(show_spinner=False, max_entries=CACHE_ENTRIES)
def _year_change(v: str, framework_id: str, year_a: int, year_b: int, countries: tuple[str, ...],
                 basis: frozenset[str] | None) -> pd.DataFrame:
    return analysis.year_change(_framework(v, framework_id), _year_scores(v, framework_id, year_a),
                                _year_scores(v, framework_id, year_b), countries, basis)


@st.cache_resource(show_spinner=False, max_entries=8)
def _coverage(v: str, countries: tuple[str, ...]) -> pd.DataFrame:
    return analysis.coverage_matrix(_store(v), countries)


@st.cache_resource(show_spinner=False, max_entries=32, ttl=3600)
def _observations(v: str, countries: tuple[str, ...], source_ids: tuple[str, ...], indicator_ids: tuple[str, ...],
                  year_from: int, year_to: int) -> pd.DataFrame:
    return _store(v).observations(countries, source_ids, indicator_ids, year_from, year_to)


# -- in the run's language, worked out once per version and language (the run's language is a key: a page run
# of another language computes its own entry) -------------------------------------------------------------
@st.cache_resource(show_spinner=False, max_entries=64)
def _countries_in(v: str, language: str) -> pd.DataFrame:
    return localised_frame(_countries(v), "name")


@st.cache_resource(show_spinner=False, max_entries=64)
def _country_names_in(v: str, language: str) -> dict[str, str]:
    table = _countries_in(v, language)
    return dict(zip(table["iso3"], table["name"]))


@st.cache_resource(show_spinner=False, max_entries=64)
def _frameworks_in(v: str, language: str) -> pd.DataFrame:
    return localised_frame(_frameworks(v), "framework_name", "short_name", "description")


@st.cache_resource(show_spinner=False, max_entries=64)
def _indicators_in(v: str, language: str) -> pd.DataFrame:
    return localised_frame(_indicators(v), "name", keep_original="name_original")


@st.cache_resource(show_spinner=False, max_entries=64)
def _sources_in(v: str, language: str) -> pd.DataFrame:
    return analysis.cited_sources(_sources(v))


@st.cache_resource(show_spinner=False, max_entries=CACHE_ENTRIES)
def _framework_in(v: str, language: str, framework_id: str) -> analysis.Framework:
    return _framework(v, framework_id).localised()


@st.cache_resource(show_spinner=False, max_entries=CACHE_ENTRIES)
def _year_scores_in(v: str, language: str, framework_id: str, year: int) -> analysis.YearScores:
    return _year_scores(v, framework_id, year).localised()


# -- what pages call: the current version and language are implied ----------------------------------
def countries() -> pd.DataFrame:
    return _countries_in(version(), i18n.language())


def frameworks() -> pd.DataFrame:
    return _frameworks_in(version(), i18n.language())


def indicators() -> pd.DataFrame:
    return _indicators_in(version(), i18n.language())


def sources() -> pd.DataFrame:
    """Sources with their citation filled in with the editions the warehouse holds."""
    return _sources_in(version(), i18n.language())


@st.cache_resource(show_spinner=False, max_entries=64)
def _sources_of_in(v: str, language: str, names: tuple[str, ...]) -> pd.DataFrame:
    table = _sources_in(v, language)
    return table[table["source"].isin(names)]


def sources_of(names: tuple[str, ...]) -> pd.DataFrame:
    """sources() of the sources named (a framework's)."""
    return _sources_of_in(version(), i18n.language(), tuple(names))


def framework(framework_id: str) -> analysis.Framework:
    return _framework_in(version(), i18n.language(), framework_id)


def framework_years(framework_id: str) -> list[int]:
    return _framework_years(version(), framework_id)


def framework_ids() -> list[str]:
    return list(_frameworks(version())["framework_id"])


def axis_ids(framework_id: str) -> list[str]:
    return _framework(version(), framework_id).axis_ids


def year_scores(framework_id: str, year: int) -> analysis.YearScores:
    return _year_scores_in(version(), i18n.language(), framework_id, year)


def scores_over_time(framework_id: str, years: tuple[int, ...], countries: tuple[str, ...]) -> pd.DataFrame:
    return localised_frame(_scores_over_time(version(), framework_id, years, countries), "axis_name")


def year_change(framework_id: str, year_a: int, year_b: int, countries: tuple[str, ...],
                basis: frozenset[str] | None) -> pd.DataFrame:
    return localised_frame(_year_change(version(), framework_id, year_a, year_b, tuple(countries), basis),
                           "axis_name")


def coverage(countries: tuple[str, ...]) -> pd.DataFrame:
    return _coverage(version(), countries)


def observations(countries: tuple[str, ...], source_ids: tuple[str, ...], indicator_ids: tuple[str, ...],
                 year_from: int, year_to: int) -> pd.DataFrame:
    rows = _observations(version(), countries, source_ids, indicator_ids, year_from, year_to)
    return localised_frame(rows, "indicator_name", "country", keep_original="indicator_name_original")


def _catalog_ahead(key: tuple[str, str]) -> None:
    v, framework_id = key
    _framework_years(v, framework_id)
    _framework(v, framework_id).axis_ids  # noqa: B018 - worked out once, kept on the cached framework


def catalog_ahead() -> None:
    """Read every framework's definition and years in the background (radar.ui.warm), once per version: switching
    the framework then costs what a repeat costs."""
    v = version()
    warm.ahead(_catalog_ahead, lambda: [(v, framework_id) for framework_id in framework_ids()], after=v)


def _observations_ahead(key: tuple) -> None:
    _observations(*key)


def observations_ahead(countries: tuple[str, ...], source_ids: tuple[str, ...], indicator_ids: tuple[str, ...],
                       year_from: int, year_to: int, spans: Callable[[], list[tuple[int, int]]]) -> None:
    """Read the same filter's observations for other year spans (`spans()`, the ones a person is likely to pick
    next first) in the background (radar.ui.warm): their first view then costs what a repeat costs."""
    v = version()
    warm.ahead(_observations_ahead, lambda: [(v, countries, source_ids, indicator_ids, a, b) for a, b in spans()],
               after=(v, countries, source_ids, indicator_ids, year_from, year_to))


@st.cache_data(show_spinner=False, max_entries=1)
def _breaks() -> list[dict]:
    return frameworks_module.series_breaks(settings.BREAKS_FILE)


def series_breaks() -> list[dict]:
    return _breaks()


def country_names() -> dict[str, str]:
    """iso3 -> name in the run's language (a copy: the caller may change it)."""
    return dict(_country_names_in(version(), i18n.language()))

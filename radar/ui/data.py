"""Cached access to the warehouse for the pages: one shared Store, cached answers from radar.analysis."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from radar import analysis, settings
from radar.store import Store

CACHE_ENTRIES = 256  # per function; every entry is small (a few hundred rows)


@st.cache_resource(show_spinner=False)
def store() -> Store:
    """The one read-only Store of the process (each query takes its own cursor, so sessions share it)."""
    return Store(settings.WAREHOUSE_DIR)


@st.cache_data(show_spinner=False, max_entries=8)
def countries() -> pd.DataFrame:
    return store().countries()


@st.cache_data(show_spinner=False, max_entries=8)
def frameworks() -> pd.DataFrame:
    return store().frameworks()


@st.cache_data(show_spinner=False, max_entries=8)
def indicators() -> pd.DataFrame:
    return store().indicators()


@st.cache_data(show_spinner=False, max_entries=8)
def sources() -> pd.DataFrame:
    return store().sources()


@st.cache_data(show_spinner=False, max_entries=32)
def framework(framework_id: str) -> analysis.Framework:
    return analysis.framework(store(), framework_id)


@st.cache_data(show_spinner=False, max_entries=32)
def framework_years(framework_id: str) -> list[int]:
    return analysis.framework_years(store(), framework_id)


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def year_scores(framework_id: str, year: int) -> analysis.YearScores:
    return analysis.year_scores(store(), framework(framework_id), year)


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def scores_over_time(framework_id: str, years: tuple[int, ...], countries: tuple[str, ...]) -> pd.DataFrame:
    return analysis.scores_over_time(store(), framework(framework_id), list(years), list(countries))


@st.cache_data(show_spinner=False, max_entries=8)
def coverage(countries: tuple[str, ...]) -> pd.DataFrame:
    return analysis.coverage_matrix(store(), countries)


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES, ttl=3600)
def observations(countries: tuple[str, ...], source_ids: tuple[str, ...], indicator_ids: tuple[str, ...],
                 year_from: int, year_to: int) -> pd.DataFrame:
    return store().observations(countries, source_ids, indicator_ids, year_from, year_to)


def country_names() -> dict[str, str]:
    return dict(zip(countries()["iso3"], countries()["name"]))

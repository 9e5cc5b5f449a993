"""The Data page's table for people: headers in the chosen language (the field ids stay the frame's column names,
and the codes come last), empty cells for gaps (never "None"), numbers in the locale's format with every digit the
publisher gave (35.0458 stays 35.0458, or 35,0458 in Albanian and Serbian), sorted as numbers."""

from __future__ import annotations

import math
from decimal import Decimal

import pandas as pd
import streamlit as st
from babel.numbers import format_decimal
from pandas.io.formats.style import Styler

from radar.i18n import N_, _, babel_locale
from radar.text import safe_url

# Field -> header, in the order shown: what a reader needs first, the codes last.
HEADERS: dict[str, str] = {
    "country": N_("Country"),
    "year": N_("Year"),
    "indicator_name": N_("Indicator"),
    "value": N_("Value"),
    "level": N_("Level"),
    "unit": N_("Unit"),
    "lower": N_("Lower bound"),
    "upper": N_("Upper bound"),
    "source": N_("Source"),
    "edition": N_("Edition"),
    "source_url": N_("Link"),
    "evidence": N_("Evidence"),
    "evidence_url": N_("Evidence link"),
    "country_iso3": N_("Country code"),
    "indicator_id": N_("Indicator code"),
}
NUMBERS = ("value",)  # always present: numeric underneath (sorts by value), shown for the locale
GAPPY = ("lower", "upper")  # often missing: shown as text, an empty cell for a gap
TEXTS = ("evidence", "evidence_url", "edition", "unit", "level")
LINKS = ("source_url", "evidence_url")  # drawn as links: http(s) only, anything else an empty cell


def number_text(value: object, locale: str | None = None) -> str:
    """`value` in the locale's format with all the digits it has (its shortest exact decimal form), grouped by
    thousands; "" for a gap."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return ""
    exact = Decimal(repr(float(value)))
    return format_decimal(exact, locale=locale or babel_locale(), decimal_quantization=False)


def columns(rows: pd.DataFrame) -> list[str]:
    """The fields of `rows` that the table shows, in the order shown."""
    return [c for c in HEADERS if c in rows.columns]


def readable(rows: pd.DataFrame, locale: str | None = None) -> pd.DataFrame:
    """The shown fields, with the often-missing numbers as locale text and every gap an empty string: the table
    draws a missing value as the word "None", which reads as data."""
    locale = locale or babel_locale()
    shown = rows[columns(rows)].copy()
    for column in GAPPY:
        if column in shown.columns:
            shown[column] = [number_text(v, locale) for v in shown[column]]
    for column in TEXTS:
        if column in shown.columns:
            shown[column] = ["" if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else str(v)
                             for v in shown[column]]
    for column in LINKS:
        if column in shown.columns:
            shown[column] = [safe_url(v) or "" for v in shown[column]]
    return shown


def styled(rows: pd.DataFrame, locale: str | None = None) -> Styler:
    """`readable(rows)` with the display text of the numeric values (the locale's format, every digit); the data
    underneath stays numeric, so the column sorts by value. Only those cells carry an id (`cell_ids=False`, and a
    style that gives them one): Streamlit reads a Styler's display text from the cells with an id, and working out
    and sending it for every cell of the page cost most of the page's run. Years are whole numbers (the schema's
    int64), which every cell shows as written."""
    locale = locale or babel_locale()
    shown = readable(rows, locale)
    numbers = [c for c in NUMBERS if c in shown.columns]
    styler = Styler(shown, cell_ids=False).format(
        {c: (lambda v, loc=locale: number_text(v, loc)) for c in numbers}, na_rep="")
    return styler.map(lambda _value: "text-align: right", subset=numbers) if numbers else styler


def column_config(rows: pd.DataFrame) -> dict:
    """Translated headers for every shown field; links as links, evidence as wide text."""
    config: dict = {c: st.column_config.Column(_(HEADERS[c])) for c in columns(rows)}
    config["source_url"] = st.column_config.LinkColumn(_(HEADERS["source_url"]), display_text=_("publisher"))
    config["evidence"] = st.column_config.TextColumn(_(HEADERS["evidence"]), width="large")
    config["evidence_url"] = st.column_config.LinkColumn(_(HEADERS["evidence_url"]))
    return config


def show(rows: pd.DataFrame) -> None:
    """The table on the page (one page of rows)."""
    st.dataframe(styled(rows), hide_index=True, width="stretch", column_order=columns(rows),
                 column_config=column_config(rows))

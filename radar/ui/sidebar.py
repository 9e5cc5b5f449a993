"""The shared sidebar: framework, countries and year, made once per run in app.py and read by every page."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from radar import i18n, settings
from radar.i18n import _
from radar.schema import KOSOVO_FOOTNOTE, WB6
from radar.ui import data, state


@dataclass(frozen=True)
class Selection:
    """What the user chose in the sidebar (validated, never empty)."""

    framework_id: str
    countries: list[str]
    year: int
    years: list[int]  # the years with data for this framework


def render() -> Selection:
    """Draw the shared controls into the sidebar and return the selection."""
    frameworks = data.frameworks()
    names = dict(zip(frameworks["framework_id"], frameworks["short_name"]))
    side = st.sidebar
    framework_id = state.choice_control(
        "fw", _("Framework"), list(names), settings.DEFAULT_FRAMEWORK, format_func=names.get, container=side,
        help=_("The set of radar axes. The WB-OCR composite maps four sources onto Chapter 24."),
    )
    country_names = data.country_names()
    countries = state.multi_control(
        "c", _("Countries"), list(WB6), list(WB6), format_func=country_names.get, container=side,
        help=_("The Western Balkan governments to show (all six when empty)."),
    )
    years = data.framework_years(framework_id)
    year = state.year_control("y", _("Year"), years, years[-1], container=side,
                              help=_("Each indicator's latest value published up to this year."))
    selection = Selection(framework_id, countries, year, years)
    st.session_state["_selection"] = selection
    if "XKX" in countries:
        side.caption(_(KOSOVO_FOOTNOTE))
    return selection


LANGUAGE_LABEL = "Language · Gjuha · Јазик · Jezik"  # in every interface language, so anyone finds it


def language() -> str:
    """The language picker (first in the sidebar); sets the language of this run and returns its code."""
    code = state.choice_control("lang", LANGUAGE_LABEL, list(i18n.LANGUAGES), i18n.SOURCE_LANGUAGE,
                                format_func=i18n.language_name, container=st.sidebar)
    i18n.set_language(code)
    return code


def selection() -> Selection:
    """The selection made by the sidebar in this run."""
    return st.session_state["_selection"]

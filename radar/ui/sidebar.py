"""The shared sidebar: framework, countries and year, made once per run in app.py and read by every page."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from radar import countries as radar_countries
from radar import i18n, params, settings
from radar.i18n import _
from radar.schema import WB6
from radar.text import plain
from radar.ui import data, state
from radar.views.registry import Page
from radar.views.spec import BASES, BASIS_ALL


@dataclass(frozen=True)
class Selection:
    """What the user chose in the sidebar (validated, never empty); passed to the page explicitly."""

    framework_id: str
    countries: list[str]
    year: int
    years: list[int]  # the years with data for this framework
    focus: str = ""  # the country brought forward ("" = none)
    basis: str = BASIS_ALL  # "common": each axis on the indicators every shown country has (like for like)


def render(entry: Page) -> Selection:
    """Draw the shared controls that act on `entry` into the sidebar and return the selection; the values of
    the others are kept from earlier pages (or their defaults) but not shown."""
    frameworks = data.frameworks()
    names = dict(zip(frameworks["framework_id"], frameworks["short_name"]))
    data.catalog_ahead()  # the other frameworks, read in the background
    side = st.sidebar
    shown = set(entry.shared)
    default_fw = settings.DEFAULT_FRAMEWORK
    if "fw" in shown:
        framework_id = state.choice_control(
            "fw", _("Framework"), list(names), default_fw, format_func=names.get, container=side,
            help=_("The set of radar axes. The WB-OCR composite maps four sources onto Chapter 24."))
    else:
        framework_id = _unshown(params.parse_choice(state.link_text("fw"), list(names), default_fw, _("Framework")))
    country_names = data.country_names()
    if "c" in shown:
        countries = state.multi_control(
            "c", _("Countries"), list(WB6), list(WB6), format_func=country_names.get, container=side,
            help=_("The Western Balkan governments to show (all six when empty)."))
    else:
        countries = _unshown(params.parse_list(state.link_text("c"), list(WB6), list(WB6), _("Countries")))
    years = data.framework_years(framework_id)
    if "y" in shown:
        year = state.year_control("y", _("Year"), years, years[-1], container=side,
                                  help=_("Each indicator's latest value published up to this year."))
    else:
        year = _unshown(params.parse_year(state.link_text("y"), years, years[-1], _("Year")))
    basis = _basis_control(side) if "basis" in shown else _unshown(
        params.parse_choice(state.link_text("basis"), list(BASES), BASIS_ALL, _("Indicators")))
    focus = ""
    if "focus" in shown:
        options = ["", *countries]
        focus = state.choice_control(
            "focus", _("Bring forward"), options, "", container=side,
            format_func=lambda c: country_names.get(c, _("No country")) if c else _("No country"),
            help=_("Draw one country on top and grey the others (the WB6 and EU-27 means stay)."))
    if shown & {"c", "y"}:
        for footnote in radar_countries.footnotes(countries):
            side.caption(plain(_(footnote)))
    return Selection(framework_id, countries, year, years, focus, basis)


def _basis_control(side) -> str:
    """`basis=`: each country scored on all its indicators (default), or every axis only on the indicators that
    every shown country has in every year compared (like for like)."""
    labels = {BASIS_ALL: _("All indicators"), "common": _("Like for like")}
    return state.choice_control(
        "basis", _("Indicators"), list(BASES), BASIS_ALL, format_func=labels.get, container=side, widget="segmented",
        help=_("All indicators: each country is scored on every indicator it has, so countries (and years) may "
               "rest on different sources; such axes are marked ◆. Like for like: each axis uses only the "
               "indicators that every shown country has in every year compared."))


def _unshown(parsed: tuple):
    """A shared value that this page does not show, kept from another page or read from the link: valid, or
    the default with a notice (it is not written back into this page's link)."""
    value, notice = parsed
    if notice:
        state.notice(notice)
    return value


LANGUAGE_LABEL = "Language · Gjuha · Јазик · Jezik"  # in every interface language, so anyone finds it


def language() -> str:
    """The language picker (first in the sidebar); sets the language of this run and returns its code."""
    code = state.choice_control("lang", LANGUAGE_LABEL, list(i18n.LANGUAGES), i18n.SOURCE_LANGUAGE,
                                format_func=i18n.language_name, container=st.sidebar)
    i18n.set_language(code)
    return code

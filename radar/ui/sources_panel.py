"""The "sources" panel of the Methodology and Publish pages: for each source, the edition in the Radar, when it was
published, when the next one is due and since when it is overdue (radar.currency over data/releases.toml), so that
an editor knows what to fetch and upload."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st
from babel.dates import format_date

from radar import currency, i18n, settings
from radar.i18n import N_, _, ngettext, num
from radar.text import markdown_link, plain
from radar.ui import data


@st.cache_data(show_spinner=False, max_entries=1)
def _cadences() -> dict[str, currency.Cadence]:
    return currency.read_cadences(settings.RELEASES_FILE)


def _month(day: date) -> str:
    return format_date(day, "LLLL y", locale=i18n.babel_locale())


def _day(day: date) -> str:
    return format_date(day, "long", locale=i18n.babel_locale())


def _cadence_words(cadence: currency.Cadence | None) -> str:
    if cadence is None:
        return _("not on the release calendar")
    month = format_date(date(2000, cadence.month, 1), "LLLL", locale=i18n.babel_locale())
    if cadence.every_years == 1:
        return _("every year, in {month}").format(month=month)
    return ngettext("every {n} year, in {month}", "every {n} years, in {month}", cadence.every_years).format(
        n=cadence.every_years, month=month)


def _published(c: currency.Currency) -> str:
    if c.published is None:
        return "–"
    return _day(c.published) if c.published_known else _("expected {month}").format(month=_month(c.published))


def _status(c: currency.Currency) -> str:
    if c.next_due is None:
        return "–"
    if not c.overdue:
        return _("next due {month}").format(month=_month(c.next_due))
    if c.releases_due == 1:
        return _("due since {month}").format(month=_month(c.next_due))
    return ngettext("due since {month} ({n} release)", "due since {month} ({n} releases)", c.releases_due).format(
        month=_month(c.next_due), n=c.releases_due)


def currency_frame(src: pd.DataFrame, today: date) -> tuple[pd.DataFrame, list[currency.Currency]]:
    """The panel's table (one row per source of `src`, the version's sources) and each source's currency."""
    editions = {sid: [e for e in str(labels or "").split(";") if e.strip()]
                for sid, labels in zip(src["source_id"], src["editions"])}
    found = currency.currencies({sid: [e.strip() for e in labels] for sid, labels in editions.items()},
                                _cadences(), today)
    frame = pd.DataFrame({
        _("Source"): src["source"].tolist(),
        _("Edition in the Radar"): [c.edition or "–" for c in found],
        _("Published"): [_published(c) for c in found],
        _("Releases"): [_cadence_words(c.cadence) for c in found],
        _("Next edition"): [_status(c) for c in found],
    })
    return frame, found


@st.cache_resource(show_spinner=False, max_entries=64)
def _panel(v: str, language: str, today: date) -> tuple[pd.DataFrame, str]:
    """The panel's table and its overdue sources in words, once per version, language and day (`v` and `language`
    are the keys of the run that makes them)."""
    src = data.sources()
    frame, found = currency_frame(src, today)
    names = dict(zip(src["source_id"], src["source"]))
    return frame, "; ".join(f"{plain(names[c.source_id])} ({plain(_status(c))})" for c in found if c.overdue)


def sources_panel(today: date | None = None, *, for_editors: bool = False) -> None:
    """Draw the panel: overdue sources first in words (for editors, a warning saying what to do), then the table of
    every source."""
    today = today or date.today()
    frame, late = _panel(data.version(), i18n.language(), today)
    if late and for_editors:
        st.warning(_("A newer edition is due: {sources}. Fetch it from the publisher and upload it below.").format(
            sources=late), icon=":material/update:")
    elif late:
        st.info(_("A newer edition than the one shown here is due: {sources}.").format(sources=late),
                icon=":material/update:")
    st.dataframe(frame, hide_index=True, width="stretch")
    st.caption(_("Today: {day}. Release months from data/releases.toml (reviewed); a date marked 'expected' is the "
                 "month the source's calendar expects, not a recorded publication date.").format(day=_day(today)))


DIRECTION = {True: N_("higher = better"), False: N_("higher = worse")}


def _number(value: float) -> str:
    return num(value, 0 if value == int(value) else 1)


@st.cache_resource(show_spinner=False, max_entries=64)
def source_sections(v: str, language: str) -> tuple[tuple[str, str], ...]:
    """Per source of the version, its heading and its markdown (years, editions, scales, licence, how to cite), once
    per version and language. Text from the data is escaped (radar.text.plain) and links go through markdown_link."""
    src, indicators = data.sources(), data.indicators()
    out = []
    for row in src.itertuples(index=False):
        scale = indicators[indicators["source_id"] == row.source_id]
        scales = sorted({_("{lo} to {hi} ({direction})").format(
            lo=_number(lo), hi=_number(hi), direction=_(DIRECTION[bool(better)]))
            for lo, hi, better in zip(scale["scale_min"], scale["scale_max"], scale["higher_is_better"])})
        out.append((str(row.source), "\n".join([
            _("- **Years:** {a}–{b} · **Indicators:** {n} · **Values:** {v}").format(
                a=row.first_year, b=row.last_year, n=row.n_indicators, v=num(row.n_observations, 0)),
            _("- **Editions:** {e}").format(e=plain(str(row.editions))),
            _("- **Scale and direction:** {s}").format(s=plain("; ".join(scales))),
            _("- **Licence:** {l}").format(l=plain(str(row.licence))),
            _("- **How to cite:** {c}").format(c=plain(str(row.citation)) + " "
                                               + markdown_link(str(row.source_url), row.source_url)),
        ])))
    return tuple(out)

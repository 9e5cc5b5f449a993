"""The "sources" panel of the Methodology and Publish pages: for each source, the edition in the Radar, when it was
published, when the next one is due and since when it is overdue (radar.currency over data/releases.toml), so that
an editor knows what to fetch and upload."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st
from babel.dates import format_date

from radar import currency, i18n, settings
from radar.i18n import _, ngettext
from radar.text import plain
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


def sources_panel(today: date | None = None, *, for_editors: bool = False) -> None:
    """Draw the panel: overdue sources first in words (for editors, a warning saying what to do), then the table of
    every source."""
    today = today or date.today()
    src = data.sources()
    frame, found = currency_frame(src, today)
    names = dict(zip(src["source_id"], src["source"]))
    late = "; ".join(f"{plain(names[c.source_id])} ({plain(_status(c))})" for c in found if c.overdue)
    if late and for_editors:
        st.warning(_("A newer edition is due: {sources}. Fetch it from the publisher and upload it below.").format(
            sources=late), icon=":material/update:")
    elif late:
        st.info(_("A newer edition than the one shown here is due: {sources}.").format(sources=late),
                icon=":material/update:")
    st.dataframe(frame, hide_index=True, width="stretch")
    st.caption(_("Today: {day}. Release months from data/releases.toml (reviewed); a date marked 'expected' is the "
                 "month the source's calendar expects, not a recorded publication date.").format(day=_day(today)))

"""The Country profile's briefing pack downloads: PDF and PowerPoint, built on click and cached per version."""

from __future__ import annotations

from datetime import date

import streamlit as st

from radar import briefing, i18n, images
from radar.i18n import _
from radar.store import Store
from radar.ui import data
from radar.views.spec import BASIS_ALL

CACHE_ENTRIES = 24  # each entry is one file of about 0.5-1 MB


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def _briefing(version: str, country: str, framework_id: str, year: int, today: date, language: str, _store: Store,
              basis: str = BASIS_ALL) -> briefing.Briefing:
    """The briefing's data (shared by its PDF and its slides) in `language`; the store is not hashed, the
    version, the date (printed as 'generated') and the language are. The run's language is never changed:
    the build runs in `language` (i18n.using) and restores it."""
    return briefing.build_briefing(_store, country, framework_id, year, version=version, today=today,
                                   language=language, basis=basis)


@st.cache_data(show_spinner=False, max_entries=CACHE_ENTRIES)
def _pack(version: str, country: str, framework_id: str, year: int, today: date, kind: str, language: str,
          _store: Store, basis: str = BASIS_ALL) -> bytes:
    """The briefing of (version, country, framework, year) as `kind` ('pdf' or 'pptx'), in `language` (the
    briefing's own: the file is written in it whatever the run's language is)."""
    pack = _briefing(version, country, framework_id, year, today, language, _store, basis)
    return briefing.briefing_pdf(pack) if kind == "pdf" else briefing.briefing_pptx(pack)


def pack_bytes(country: str, framework_id: str, year: int, kind: str, basis: str = BASIS_ALL) -> bytes:
    """The briefing file of the current data version (built once, then served from the cache)."""
    return _pack(data.version(), country, framework_id, year, date.today(), kind, i18n.language(), data.store(),
                 basis)


def downloads(country: str, framework_id: str, year: int, basis: str = BASIS_ALL) -> None:
    """A 'Briefing pack' popover with the PDF and PowerPoint downloads; each file is made only when clicked, and
    the menu's content is drawn only while it is open (opening it is a rerun)."""
    with st.popover(_("Briefing pack"), icon=":material/picture_as_pdf:", key="briefing_menu",
                    on_change="rerun") as menu:
        if menu.open:
            _menu(country, framework_id, year, basis)


def _menu(country: str, framework_id: str, year: int, basis: str) -> None:
    """The briefing pack menu's content."""
    stem = briefing.file_stem(country, framework_id, year)
    st.caption(_("This country on this framework and year: radar, distance to the EU, trend, strongest and "
                 "weakest axes, every indicator, sources and methodology. The first file takes a few seconds."))
    if not images.available():
        st.caption(_("Image exports need Chromium on the server (Debian: apt-get install chromium)."))
        return
    for label, kind, mime in ((_("Briefing pack (PDF)"), "pdf", briefing.PDF_MIME),
                              (_("Slides (PowerPoint)"), "pptx", briefing.PPTX_MIME)):
        st.download_button(label, lambda kind=kind: pack_bytes(country, framework_id, year, kind, basis),
                           f"{stem}.{kind}", mime, key=f"briefing_{kind}", on_click="ignore", width="stretch",
                           icon=":material/download:")

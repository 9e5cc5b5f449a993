"""Entry point of the WB-OCR Radar: page config, navigation (from the view registry), the shared sidebar, and
the page itself, given its context explicitly; the view state lives in the URL."""

import importlib

import streamlit as st

from radar.i18n import _
from radar.text import plain
from radar.ui import data, presenter, sidebar, state, theme, warm
from radar.ui.context import PageContext
from radar.views import registry

st.set_page_config(page_title="WB-OCR Radar", page_icon=":material/radar:", layout="wide",
                   initial_sidebar_state="auto")


def navigation_pages() -> dict[str, list]:
    """The navigation's sections and pages in the run's language: every page at its own path, the first one
    included (/overview), and the same first page at "/" (a hidden default: Streamlit serves its default page only
    at "/", so /overview would otherwise be "Page not found")."""
    home = registry.DEFAULT_PAGE
    pages = {
        _(section): [st.Page(entry.file, title=_(entry.title), icon=entry.icon, url_path=entry.path)
                     for entry in entries]
        for section, entries in registry.sections().items()
    }
    pages[_(home.section)].insert(0, st.Page(home.file, title=_(home.title), icon=home.icon, url_path="home",
                                             default=True, visibility="hidden"))
    return pages


with warm.foreground():  # background builds (radar.ui.warm) wait while a page runs
    state.begin_run()
    language = sidebar.language()
    chosen = st.navigation(state.session_pages(language, navigation_pages), position="sidebar", expanded=True)
    entry = registry.page(chosen.url_path)

    theme.inject()
    ctx = PageContext(entry, sidebar.render(entry), language, data.version())
    notice_box = st.container()
    if state.flag("present"):
        theme.inject_presenter()
        presenter.render(ctx)
    else:
        presenter.enter_button()
        if not entry.editors_only:
            presenter.deck_controls(ctx)
        importlib.import_module(entry.module).render(ctx)
    state.write_url()
    for notice in state.pop_notices():
        notice_box.warning(plain(notice), icon=":material/link_off:")
warm.settle_once()  # after the process's first page: the long-lived objects out of the collector's reach

"""Entry point of the WB-OCR Radar: page config, navigation, the shared sidebar and the view state in the URL."""

import streamlit as st

from radar.i18n import _
from radar.ui import presenter, sidebar, state, theme

st.set_page_config(page_title="WB-OCR Radar", page_icon=":material/radar:", layout="wide",
                   initial_sidebar_state="auto")

state.begin_run()
sidebar.language()
pages = {
    _("Radar"): [
        st.Page("app_pages/overview.py", title=_("Overview"), icon=":material/radar:", url_path="overview",
                default=True),
        st.Page("app_pages/compare.py", title=_("Compare countries"), icon=":material/compare_arrows:",
                url_path="compare"),
        st.Page("app_pages/change.py", title=_("Change over time"), icon=":material/timeline:", url_path="change"),
        st.Page("app_pages/country.py", title=_("Country profile"), icon=":material/flag:", url_path="country"),
    ],
    _("Evidence"): [
        st.Page("app_pages/data.py", title=_("Data"), icon=":material/table:", url_path="data"),
        st.Page("app_pages/methodology.py", title=_("Methodology and sources"), icon=":material/menu_book:",
                url_path="methodology"),
    ],
    _("Editors"): [
        st.Page("app_pages/publish.py", title=_("Publish data"), icon=":material/upload_file:", url_path="publish"),
    ],
}
page = st.navigation(pages, position="sidebar", expanded=True)

theme.inject()
sidebar.render()
notice_box = st.container()
page_name = page.url_path or "overview"
if state.flag("present"):
    presenter.render(page_name)
else:
    presenter.enter_button()
    presenter.deck_controls(page_name)
    page.run()
state.write_url()
for notice in state.pop_notices():
    notice_box.warning(notice, icon=":material/link_off:")

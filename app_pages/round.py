"""The annual round (editors only): per WB6 country and network indicator, whether the chosen year is scored, in
review, in draft (returned to its author) or missing, so that the coordinator sees the state of the round at a
glance; then the drafts behind it."""

from datetime import date

import pandas as pd
import streamlit as st

from radar import versions
from radar.i18n import _
from radar.publish import annual, drafts, preview
from radar.ui import auth, data
from radar.ui.context import PageContext


@st.cache_data(show_spinner=False, max_entries=4)
def _tables(version: str) -> dict[str, pd.DataFrame]:
    """The indicators and observations of one version (immutable once written)."""
    tables = versions.read_tables(version)
    return {name: tables[name] for name in ("indicators", "observations")}


def render(ctx: PageContext) -> None:
    LABELS = {annual.SCORED: _("scored"), annual.IN_REVIEW: _("in review"), annual.IN_DRAFT: _("in draft"),
              annual.MISSING: _("missing")}
    MARKS = {annual.SCORED: "✓", annual.IN_REVIEW: "◐", annual.IN_DRAFT: "○", annual.MISSING: "–"}
    st.title(_("Annual round"))
    st.caption(_("The network's own assessments of the year: which country has scored which indicator, what waits "
                 "for a review, what was returned to its author, and what is still missing."))
    editor = auth.login_gate()
    if editor is None:
        return
    auth.logout_control(editor)

    # What we ask: the current version's tables and every draft
    tables = _tables(data.version())
    listed = drafts.list_drafts()
    year = st.selectbox(_("Year of the round"), annual.round_years(tables, date.today().year, listed), key="round_year")
    status = annual.round_status(tables, listed, year)
    if status.empty:
        st.info(_("The network has no indicator of its own yet: define one on the template's 'indicators' sheet and "
                  "submit it."))
        return

    # What we show: the counts, the grid, then the drafts
    counts = annual.round_counts(status)
    for column, state in zip(st.columns(len(annual.STATUSES)), annual.STATUSES):
        column.metric(f"{MARKS[state]} {LABELS[state]}", counts[state])
    names = dict(zip(data.countries()["iso3"], data.countries()["name"]))
    grid = annual.round_grid(status.assign(status=[f"{MARKS[s]} {LABELS[s]}" for s in status["status"]]), names,
                             annual.responsible(auth.editors().organisations))
    st.dataframe(grid.rename(columns={"country": _("Country"), "organisation": _("Organisation")}), hide_index=True,
                 width="stretch", key="round_grid")
    st.caption(_("In review: a submitted draft (it waits for an editor of another organisation). In draft: returned "
                 "to its author with a comment. A cell in review may also be scored already: the draft changes it."))
    pending = [d for d in listed if d["status"] in annual.DRAFT_STATUS]
    if pending:
        st.subheader(_("Drafts of the round"))
        st.dataframe(preview.drafts_frame(pending), hide_index=True, width="stretch")
    st.page_link("app_pages/publish.py", label=_("Submit or review on the Publish page"),
                 icon=":material/upload_file:")

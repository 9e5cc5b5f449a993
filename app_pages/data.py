"""Data: filter the observations, see the raw published values, download them with their citations."""

import streamlit as st

from radar import countries, exports
from radar.i18n import _, ngettext, num
from radar.schema import EU27, WB6
from radar.text import plain
from radar.ui import components, data, data_table, draw, evidence, state
from radar.ui.context import PageContext, page_part

PAGE_ROWS = 100  # rows sent to the browser at a time (about 1,500 cells); downloads carry every row
DATA_SPANS_AHEAD = 12  # year spans whose rows are read in the background (radar.ui.data.observations_ahead)


@page_part
def rows_page(ctx: PageContext, rows) -> None:
    """One page of the matching rows: turning the page reruns only this part."""
    _rows_page(rows)


def _rows_page(rows) -> None:
    pages = max(1, -(-len(rows) // PAGE_ROWS))
    page = 1
    if pages > 1:
        page = st.number_input(_("Page"), min_value=1, max_value=pages, value=1, step=1, key="data_page",
                               help=_("{n} rows per page").format(n=PAGE_ROWS))
    first = (page - 1) * PAGE_ROWS
    shown = evidence.with_levels(rows.iloc[first:first + PAGE_ROWS])
    if not shown["level"].astype(bool).any():  # no ordinal value on this page: no empty column
        shown = shown.drop(columns="level")
    shown = shown[data_table.columns(shown)]
    st.write(ngettext("{n} observation matches.", "{n} observations match.", len(rows)).format(n=num(len(rows), 0))
             + (" " + _("Rows {a}–{b} are shown; the downloads hold all of them.").format(
                 a=num(first + 1, 0), b=num(first + len(shown), 0)) if pages > 1 else ""))
    data_table.show(shown)


def render(ctx: PageContext) -> None:
    st.title(_("Data"))
    st.markdown(_("Every published value in the Radar, as the publishers released it. Filter, check, download."))
    observations(ctx)


@page_part
def observations(ctx: PageContext) -> None:
    """The filters, the matching rows and their downloads: changing a filter reruns only this part of the page."""
    # 1. What the user chose
    names = data.country_names()
    src = data.sources()
    source_names = dict(zip(src["source_id"], src["source"]))
    indicators = data.indicators()
    sel_countries = state.multi_control("dc", _("Countries"), list(WB6 + EU27), list(WB6), format_func=names.get)
    left, right = st.columns(2)
    sel_sources = state.multi_control("src", _("Sources"), list(source_names), [], format_func=source_names.get,
                                      container=left, help=_("All sources when empty."))
    pool = indicators[indicators["source_id"].isin(sel_sources)] if sel_sources else indicators
    ind_names = dict(zip(pool["indicator_id"], pool["name"]))
    sel_indicators = state.multi_control("ind", _("Indicators"), list(ind_names), [], format_func=ind_names.get,
                                         container=right, help=_("All indicators when empty."))
    lo, hi = int(src["first_year"].min()), int(src["last_year"].max())
    year_from, year_to = state.year_range_control("y0", "y1", _("Years"), list(range(lo, hi + 1)), (lo, hi))

    # 2. What we ask the store
    rows = data.observations(tuple(sel_countries), tuple(sel_sources), tuple(sel_indicators), year_from, year_to)
    data.observations_ahead(tuple(sel_countries), tuple(sel_sources), tuple(sel_indicators), year_from, year_to,
                            lambda: draw.likely_spans(list(range(lo, hi + 1)), year_from, year_to)[:DATA_SPANS_AHEAD])
    citations = components.citations_for(list(rows["source"].unique()))

    # 3. What we draw
    rows_page(ctx, rows)
    d1, d2 = st.columns(2)
    # Files are made only when clicked: an Excel file of thousands of rows costs a second to write.
    d1.download_button(_("Download CSV"), lambda: exports.csv_bytes(rows, citations, language=ctx.language),
                       "wb-ocr-radar-data.csv",
                       "text/csv", icon=":material/download:", width="stretch", on_click="ignore")
    d2.download_button(_("Download Excel"), lambda: exports.excel_bytes(rows, citations, language=ctx.language),
                       "wb-ocr-radar-data.xlsx",
                       exports.XLSX_MIME, icon=":material/download:", width="stretch", on_click="ignore")
    st.caption(_("How to cite:") + "  \n" + "  \n".join(citations))
    for footnote in countries.footnotes(sel_countries):
        st.caption(plain(_(footnote)))

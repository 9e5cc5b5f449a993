"""Drawing a view spec: the built view (cached by its spec and shared by every session), its title and legend
as HTML, its chart(s), its data table (the text alternative) and its slide-ready exports.

Pages and presenter mode call `view(spec)` for what to show and `show(...)` to draw it; nothing here builds a
figure of its own (radar.views.build does).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import astuple, dataclass, replace
from datetime import date
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from radar import charts, exports, i18n, images
from radar.chart_screen import axis_key
from radar.countries import WB6
from radar.i18n import _
from radar.text import html_text, plain
from radar.ui import components, data, evidence, screen, share, warm
from radar.views import registry
from radar.views.basis import scores_for
from radar.views.build import Built, build
from radar.views.notes import NOTES, Notes
from radar.views.notes import notes as page_notes
from radar.views.spec import ViewSpec

BUILT_ENTRIES = 512  # built views kept per process (a few hundred KB each)
PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    "toImageButtonOptions": {"format": "png", "width": 1920, "height": 1080, "scale": 1},
}


@dataclass(frozen=True)
class Shown:
    """A built view and what the screen draws of it: each figure without title, legend and footnote (those
    are HTML above it, so they wrap on a phone), and the legend items."""

    built: Built
    screens: tuple[go.Figure, ...]
    legend: tuple[dict, ...]
    axis_key: tuple[str, ...] = ()  # a radar's axis names in the order of their numbers on screen
    heading_html: str = ""  # the title, subtitle and legend above the chart (made once, with the view)


class FrozenFigure(go.Figure):
    """A finished figure, shared by every session and never changed again: its dict, which st.plotly_chart asks
    for (and serialises) on every run, is made once instead of deep-copied on each. Nothing may change it after
    `freeze` (a view is built before it is cached and shown; radar.ui.draw never changes a shown figure)."""

    def to_dict(self) -> dict:
        made = self.__dict__.get("_frozen_dict")
        if made is None:
            made = super().to_dict()
            self.__dict__["_frozen_dict"] = made
        return made


def freeze(figure: go.Figure) -> FrozenFigure:
    """`figure` itself, from now on a FrozenFigure (its class changed in place: copying a figure validates it all
    again, ~10 ms a chart, and the copy need not serialise exactly alike)."""
    figure.__class__ = FrozenFigure
    figure.to_dict()
    return figure


@st.cache_resource(show_spinner=False, max_entries=BUILT_ENTRIES)
def _shown(key: tuple, _spec: ViewSpec) -> Shown:
    """The view of `_spec` (its fields are `key`), built once per process and shared by all sessions; nothing
    mutates it afterwards."""
    built = build(_spec, data)
    screens = tuple(charts.screen_figure(f)[0] for f in built.figures)
    if _spec.style == "presenter":  # the chart takes the height its container gives it (presenter.css)
        for screen in screens:
            screen.layout.height = None
            screen.layout.autosize = True
            if any(t.type == "scatterpolar" for t in screen.data):  # two label lines above and below suffice
                screen.layout.margin.t, screen.layout.margin.b = 80, 110
    legend = tuple(charts.legend_items(built.figures[0])) if built.figures else ()
    screens = tuple(freeze(screen) for screen in screens)
    shown = Shown(built, screens, legend, tuple(axis_key(built.figures[0])) if built.figures else ())
    if not screens:
        return shown
    with i18n.using(_spec.language):
        return replace(shown, heading_html=title_html(built.title, built.subtitle) + legend_html(shown))


def view(spec: ViewSpec) -> Shown:
    """The view `spec` describes (from the process-wide cache); the views likely to be asked for next are built
    in the background (radar.ui.warm)."""
    shown = _shown(astuple(spec), spec)
    warm.ahead(_build_ahead, lambda: likely_next(spec, data.framework_years(spec.framework_id)), after=spec)
    return shown


# Pages whose views are drawn for one year (the sidebar's year): the same view in another year is a likely click.
YEAR_PAGES = tuple(p.path for p in registry.PAGES if "y" in p.shared and "from" not in p.own)
SPAN_PAGES = tuple(p.path for p in registry.PAGES if "from" in p.own)  # their views span year_from..year_to


def likely_next(spec: ViewSpec, years: list[int]) -> list[ViewSpec]:
    """The views a person is likely to ask for after `spec`, most likely first: on the Country profile, the other
    WB6 governments; on a page of one year, the same view in the other years (nearest first, earlier before
    later); on a page of a span of years, the same span slid earlier or later (nearest first), then either end
    moved by one year."""
    out: list[ViewSpec] = []
    if spec.page == "country":
        out += [replace(spec, country=c, countries=(c,)) for c in WB6 if c != spec.country]
    if spec.page in YEAR_PAGES and spec.year in years:
        here = years.index(spec.year)
        out += [replace(spec, year=y) for y in sorted(years, key=lambda y: (abs(years.index(y) - here), y))
                if y != spec.year]
    if spec.page in SPAN_PAGES and spec.year_from in years and spec.year_to in years:
        out += [replace(spec, year_from=a, year_to=b) for a, b in likely_spans(years, spec.year_from, spec.year_to)]
    return out


def likely_spans(years: list[int], year_from: int, year_to: int) -> list[tuple[int, int]]:
    """The spans a person is likely to pick after (year_from, year_to): the same number of years slid by one,
    two, ... years (earlier before later), then each end moved by one year (never the span itself)."""
    a, b = years.index(year_from), years.index(year_to)
    slid = sorted((k for k in range(-a, len(years) - b) if k), key=lambda k: (abs(k), k))
    out = [(years[a + k], years[b + k]) for k in slid]
    out += [(years[i], years[j]) for i, j in ((a - 1, b), (a + 1, b), (a, b - 1), (a, b + 1))
            if 0 <= i < j < len(years)]
    return list(dict.fromkeys(out))


def _build_ahead(spec: ViewSpec) -> None:
    """Everything the page of `spec` shows that is worked out once per view: the view, its notes and, on the
    Country profile, the government's "Why these scores" and indicator table."""
    _shown(astuple(spec), spec)
    if spec.page in NOTES:
        _notes(astuple(spec), spec)
    if spec.page == "country" and spec.view == "profile":
        with i18n.using(spec.language):
            evidence.profile_values(spec.country, spec.framework_id, spec.year)



@st.cache_resource(show_spinner=False, max_entries=BUILT_ENTRIES)
def _notes(key: tuple, _spec: ViewSpec) -> Notes:
    return page_notes(_spec, data)


def notes(spec: ViewSpec) -> Notes:
    """What the page of `spec` writes beside its chart (findings, gaps, changes), once per spec per process."""
    return _notes(astuple(spec), spec)


def title_html(title: str, subtitle: str = "") -> str:
    return (f"<div class='chart-title'>{html_text(title)}</div>"
            + (f"<div class='chart-subtitle'>{html_text(subtitle)}</div>" if subtitle else ""))


def show(shown: Shown, *, key: str, table: bool = True, export: bool = True, columns: int = 3,
         config: dict | None = None) -> None:
    """Draw a view: title and legend (HTML), its chart(s) full width (small multiples in `columns`), its data
    table in an expander, and the slide-ready downloads."""
    built = shown.built
    if shown.screens:
        st.markdown(shown.heading_html, unsafe_allow_html=True)
    else:  # a table view: its title is the table's heading
        st.subheader(plain(built.title))
    config = config or PLOTLY_CONFIG
    alt = built.alt or _("Chart: {title}. Its data is in the table below.").format(title=built.title)
    if len(shown.screens) == 1:
        st.plotly_chart(shown.screens[0], width="stretch", theme=None, config=config, key=key, alt=alt)
    elif shown.screens:
        cols = st.columns(columns)
        for i, (iso3, fig) in enumerate(zip(built.countries, shown.screens)):
            with cols[i % columns]:
                st.plotly_chart(fig, width="stretch", theme=None, config=config, key=f"{key}_{iso3}", alt=alt)
    if len(shown.screens) == 1 and shown.axis_key:  # a phone shows the axes' numbers: their names are here
        st.markdown(screen.axis_key_html(list(shown.axis_key)), unsafe_allow_html=True)
    url = view_url(built.spec)
    # The link back from a view embedded on another site (`embed=true`; radar/ui/style.css shows it only there):
    # not sent to a page known not to be embedded.
    if url and shown.screens and st.context.is_embedded is not False:
        st.markdown(share.open_link_html(url, _("Open in the Radar")), unsafe_allow_html=True)
    if table and built.table is not None:
        if shown.screens:
            # Sent only when opened (a rerun): a closed table costs the page's first view nothing.
            with st.expander(_("Data table for this chart"), key=f"{key}_table", on_change="rerun") as box:
                if box.open:
                    st.dataframe(built.table, hide_index=True, width="stretch")
        else:
            st.dataframe(built.table, hide_index=True, width="stretch")
    if export and built.make is not None:
        with st.container(horizontal=True):
            export_menu(built, key)
            embed_menu(built, url, key)


def legend_html(shown: Shown) -> str:
    """The chart's legend: each country a link that brings it forward (`focus=`), the means plain entries."""
    spec = shown.built.spec
    if not any(item.get("iso3") for item in shown.legend):
        return components.legend_html(list(shown.legend))

    def link_for(iso3: str | None) -> str:
        params = {**spec.link_params(), "lang": spec.language}
        params.pop("focus", None)
        if iso3:
            params["focus"] = iso3
        return "?" + urlencode({k: v for k, v in params.items() if v and not (k == "lang" and v == "en")})

    return screen.focus_legend_html(list(shown.legend), spec.focus or None, link_for)


def view_url(spec: ViewSpec) -> str | None:
    """The public address of the view (configured, or from the request), or None when none is known."""
    params = {**spec.link_params(), **({"lang": spec.language} if spec.language != "en" else {})}
    try:
        return share.public_url(spec.page, params)
    except ValueError:
        return None


def export_footnote(built: Built, when: date | None = None) -> str:
    """The footnote printed on every exported chart: sources, date, direction and, where shown, Kosovo."""
    when = when or date.today()
    return (_("WB-OCR Radar, Balkan Security Platform · exported {d}").format(d=when.isoformat()) + "<br>"
            + components.chart_footnote_text(list(built.countries), built.measures, list(built.sources)))


def image_formats() -> tuple[tuple[str, str, float, str], ...]:
    """(label, format, scale, file suffix) of each image download."""
    return ((_("PNG 1920×1080"), "png", 1.0, ".png"), (_("PNG 2× (3840×2160)"), "png", 2.0, "@2x.png"),
            (_("SVG (vector)"), "svg", 1.0, ".svg"), (_("PDF"), "pdf", 1.0, ".pdf"))


def embed_menu(built: Built, url: str | None, key: str) -> None:
    """The <iframe> snippet that puts this view (at its public `url`) on a partner's or a newspaper's page."""
    if not url:
        return
    with st.popover(_("Embed"), icon=":material/code:", key=f"{key}_embed",
                    on_change="rerun") as menu:
        if not menu.open:  # drawn only while open (opening it is a rerun)
            return
        st.caption(_("Embed this view on another site (the chart, its legend, sources and a link back):"))
        st.code(share.embed_snippet(url, built.title), language="html", wrap_lines=True)


# Views of one year, whose downloads also list the indicator values behind the chart (level labels, evidence).
ONE_YEAR_VIEWS = {("overview", "radar"), ("compare", "radar"), ("compare", "multiples"), ("compare", "heatmap"),
                  ("compare", "table"), ("country", "profile"), ("country", "gap")}


def values_behind(built: Built):
    """The indicator values behind a one-year view on its basis (YearScores.values_for), else None."""
    spec = built.spec
    if (spec.page, spec.view) not in ONE_YEAR_VIEWS:
        return None
    with i18n.using(spec.language):
        return scores_for(spec, data, spec.year).values_for(list(built.countries))


def export_menu(built: Built, key: str) -> None:
    """Downloads of one view: PNG (1920x1080 and 2x), SVG, PDF, and its data as CSV and Excel with citations.
    Images are rendered only when clicked (kaleido on the system Chromium), in the view's language. The menu's
    content is drawn only while it is open (opening it is a rerun): a closed menu costs the page's runs nothing."""
    with st.popover(_("Export this chart"), icon=":material/download:", key=f"{key}_export",
                    on_change="rerun") as menu:
        if menu.open:
            _export_items(built, key)


def _export_items(built: Built, key: str) -> None:
    """The export menu's content (drawn while it is open)."""
    footnote = export_footnote(built)
    citations = components.citations_for(list(built.sources))
    language = built.spec.language

    def image(fmt: str, scale: float = 1.0) -> Callable[[], bytes]:
        def render() -> bytes:
            with i18n.using(language):
                return images.figure_bytes(charts.export_figure(built.make, footnote), fmt, scale=scale)
        return render

    st.caption(_("Slide-ready: 1920×1080 with title, legend, sources, date and footnotes."))
    formats = image_formats() if images.available() else ()
    if not formats:
        st.caption(_("Image exports need Chromium on the server (Debian: apt-get install chromium)."))
    for label, fmt, scale, suffix in formats:
        st.download_button(label, image(fmt, scale), f"{built.export_name}{suffix}", images.FORMATS[fmt],
                           key=f"{key}_{fmt}_{scale}", on_click="ignore", width="stretch")
    rows, names = built.table, data.country_names()
    behind = (built.spec.page, built.spec.view) in ONE_YEAR_VIEWS

    def extra() -> dict[str, pd.DataFrame]:
        """The values behind the chart, as a sheet of the Excel file and a CSV of their own: worked out only
        when one of those downloads is asked for, not on every run of the page."""
        values = values_behind(built)
        return {"values": exports.values_table(values, names)} if values is not None and not values.empty else {}

    if rows is not None:
        st.download_button(_("Data (CSV)"), lambda: exports.csv_bytes(rows, citations, language=language),
                           f"{built.export_name}.csv", "text/csv", key=f"{key}_csv", on_click="ignore",
                           width="stretch")
        st.download_button(_("Data (Excel)"), lambda: exports.excel_bytes(rows, citations, language=language,
                                                                          extra=extra()),
                           f"{built.export_name}.xlsx", exports.XLSX_MIME, key=f"{key}_xlsx",
                           on_click="ignore", width="stretch")
    if behind:
        st.download_button(_("Values behind the chart (CSV)"),
                           lambda: exports.csv_bytes(extra().get("values", pd.DataFrame()), citations,
                                                     language=language),
                           f"{built.export_name}-values.csv", "text/csv", key=f"{key}_values_csv",
                           on_click="ignore", width="stretch")

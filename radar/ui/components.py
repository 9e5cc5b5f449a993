"""Rendering helpers shared by pages: a chart with its text alternative, footnotes, notices, source lines."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from radar import charts, exports, findings, i18n, images
from radar.i18n import _
from radar.schema import KOSOVO_FOOTNOTE
from radar.ui import data

PLOTLY_CONFIG = {
    "displaylogo": False,
    "responsive": True,
    "modeBarButtonsToRemove": ["lasso2d", "select2d"],
    "toImageButtonOptions": {"format": "png", "width": 1920, "height": 1080, "scale": 1},
}


def chart(make: Callable[..., go.Figure] | go.Figure, *, key: str, table: pd.DataFrame | None = None,
          alt: str = "", export: Export | None = None) -> None:
    """Draw a figure full width with its title and legend as HTML above it (they wrap on a phone), its data as
    a table in an expander (the text alternative), and, with `export`, the slide-ready downloads.

    `make` is the figure builder with its data bound (functools.partial), so that exports and presenter mode
    can draw the same chart with other styles; a ready Figure is accepted where no export is offered.
    """
    fig = make() if callable(make) else make
    screen, title, subtitle = charts.screen_figure(fig)
    st.markdown(f"<div class='chart-title'>{html.escape(title)}</div>"
                + (f"<div class='chart-subtitle'>{html.escape(subtitle)}</div>" if subtitle else "")
                + legend_html(charts.legend_items(fig)), unsafe_allow_html=True)
    st.plotly_chart(screen, width="stretch", theme=None, config=PLOTLY_CONFIG, key=key,
                    alt=alt or _("Chart: {title}. Its data is in the table below.").format(title=title))
    if table is not None:
        with st.expander(_("Data table for this chart")):
            st.dataframe(table, hide_index=True, width="stretch")
    if export is not None and callable(make):
        export_menu(make, export, table, key)


@dataclass(frozen=True)
class Export:
    """What a chart's downloads need besides the figure: a file name, the countries shown (for the Kosovo
    footnote), the sources (for the citation) and the data rows."""

    name: str
    countries: list[str]
    sources: list[str]
    measures: str = "performance"
    rows: pd.DataFrame | None = None


def export_footnote(export: Export, when: date | None = None) -> str:
    """The footnote printed on every exported chart: sources, date, direction and, where shown, Kosovo."""
    when = when or date.today()
    text = (_("WB-OCR Radar, Balkan Security Platform · exported {d}").format(d=when.isoformat()) + "<br>"
            + chart_footnote_text(export.countries, export.measures, export.sources))
    return text


def export_menu(make: Callable[..., go.Figure], export: Export, table: pd.DataFrame | None, key: str) -> None:
    """Downloads of one chart: PNG (1920x1080 and 2x), SVG, PDF, and its data as CSV and Excel with citations.
    Images are rendered only when clicked (kaleido on the system Chromium)."""
    footnote = export_footnote(export)
    rows = export.rows if export.rows is not None else table
    citations = citations_for(export.sources)

    def image(fmt: str, scale: float = 1.0) -> Callable[[], bytes]:
        return lambda: images.figure_bytes(charts.export_figure(make, footnote), fmt, scale=scale)

    with st.popover(_("Export this chart"), icon=":material/download:"):
        st.caption(_("Slide-ready: 1920×1080 with title, legend, sources, date and footnotes."))
        formats = image_formats() if images.available() else ()
        if not formats:
            st.caption(_("Image exports need Chromium on the server (Debian: apt-get install chromium)."))
        for label, fmt, scale, suffix in formats:
            st.download_button(label, image(fmt, scale), f"{export.name}{suffix}", images.FORMATS[fmt],
                               key=f"{key}_{fmt}_{scale}", on_click="ignore", width="stretch")
        if rows is not None:
            st.download_button(_("Data (CSV)"), lambda: exports.csv_bytes(rows, citations), f"{export.name}.csv",
                               "text/csv", key=f"{key}_csv", on_click="ignore", width="stretch")
            st.download_button(_("Data (Excel)"), lambda: exports.excel_bytes(rows, citations),
                               f"{export.name}.xlsx", exports.XLSX_MIME, key=f"{key}_xlsx", on_click="ignore",
                               width="stretch")


def image_formats() -> tuple[tuple[str, str, float, str], ...]:
    """(label, format, scale, file suffix) of each image download."""
    return ((_("PNG 1920×1080"), "png", 1.0, ".png"), (_("PNG 2× (3840×2160)"), "png", 2.0, "@2x.png"),
            (_("SVG (vector)"), "svg", 1.0, ".svg"), (_("PDF"), "pdf", 1.0, ".pdf"))


def citations_for(source_names: list[str]) -> list[str]:
    """Citation lines of the named sources, from the warehouse."""
    src = data.sources()
    chosen = src[src["source"].isin(source_names)]
    return [f"{r.source}: {r.citation} ({r.source_url}); licence: {r.licence}" for r in chosen.itertuples()]


_DASH_CSS = {"solid": "solid", "dash": "dashed", "dot": "dotted", "dashdot": "dashed"}
_GLYPHS = {"circle": "●", "circle-open": "○", "diamond": "◆", "square": "■", "x-thin": "×"}


def legend_html(items: list[dict]) -> str:
    """A wrapping HTML legend: one line sample (colour and dash as on the chart) and name per item."""
    if not items:
        return ""
    chips = []
    for item in items:
        if item["symbol"]:
            glyph = _GLYPHS.get(item["symbol"], "●")
            sample = f"<span class='legend-glyph' style='color:{item['colour']}' aria-hidden='true'>{glyph}</span>"
        else:
            style = _DASH_CSS.get(item["dash"], "solid")
            sample = (f"<span class='legend-line' style='border-top:4px {style} {item['colour']}'"
                      " aria-hidden='true'></span>")
        chips.append(f"<span class='legend-item' role='listitem'>{sample}{html.escape(item['name'])}</span>")
    label = _("Legend")
    return f"<div class='chart-legend' role='list' aria-label='{html.escape(label)}'>{''.join(chips)}</div>"


def score_table(scores: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """Country x axis scores as a readable table (missing = empty, with the reason)."""
    out = pd.DataFrame({
        _("Country"): scores["country_iso3"].map(names),
        _("Axis"): scores["axis_name"],
        _("Score (0-100)"): scores["score"].round(1),
        _("Data year"): [charts.years_text(a, b) for a, b in zip(scores["year_min"], scores["year_max"])],
        _("Coverage"): (scores["coverage"] * 100).round(0).astype("Int64").astype(str) + "%",
        _("Note"): [charts.describe_missing(a, n) if pd.isna(s) else ""
                    for s, a, n in zip(scores["score"], scores["n_available"], scores["n_indicators"])],
    })
    return out


def footnotes(countries: list[str], measures: str = "performance", sources: list[str] | None = None) -> None:
    """Caption under a chart: direction, scale, sources, and the Kosovo designation where Kosovo is shown."""
    lines = [_("Scores 0–100 on each indicator's published scale; outward (or right, or up) = better.")]
    if measures == "threat":
        lines.append(_("This framework measures the criminal THREAT a government faces (GI-TOC: higher = more "
                       "crime), flipped so that outward = less criminality. It is not a performance score."))
    if sources:
        lines.append(_("Sources: ") + "; ".join(sources) + ".")
    if "XKX" in countries:
        lines.append(_(KOSOVO_FOOTNOTE))
    st.caption("  \n".join(lines))


def missing_note(scores: pd.DataFrame, names: dict[str, str]) -> None:
    """List the axes drawn as gaps, with the reason, so a gap is never read as a zero."""
    missing = scores[scores["score"].isna()]
    if missing.empty:
        return
    items = [f"{names.get(r.country_iso3, r.country_iso3)} — {r.axis_name}: "
             f"{charts.describe_missing(r.n_available, r.n_indicators)}"
             for r in missing.itertuples(index=False)]
    shown = items[:12]
    more = len(items) - len(shown)
    st.info(_("Gaps on the chart (not zeros): ") + "; ".join(shown) + (f"; … and {more} more." if more > 0 else "."),
            icon=":material/info:")


def chart_footnote_text(countries: list[str], measures: str, sources: list[str]) -> str:
    """The footnote printed inside a figure (kept with exports)."""
    parts = [_("Outward = better; 0–100 on each indicator's published scale.")]
    if measures == "threat":
        parts.append(_("Threat scale flipped: outward = less crime."))
    parts.append(_("Sources: ") + ", ".join(sources))
    text = " ".join(parts)
    if "XKX" in countries:
        text += "<br>" + _("*Kosovo: without prejudice to positions on status, in line with UNSCR 1244/1999 "
                            "and the ICJ Opinion.")
    return text


def findings_block(items: list[findings.Finding], *, title: str | None = None) -> None:
    """Written findings as a list; a finding with rows behind it links to them on the Data page."""
    if not items:
        return
    if title:
        st.markdown(f"**{title}**")
    lines = []
    for item in items:
        link = ""
        if item.rows:
            query = urlencode({**item.rows, "lang": i18n.language()})
            link = " [" + _("rows") + f" ↗](./data?{query})"
        lines.append(f"- {item.text}{link}")
    st.markdown("\n".join(lines))


def sources_list(frameworks_sources: pd.DataFrame) -> None:
    """Where each number comes from: one line per source with its citation and link."""
    source_word, licence_word = _("source"), _("licence")
    for row in frameworks_sources.itertuples(index=False):
        st.markdown(f"- **{row.source}** ({row.first_year}–{row.last_year}). {row.citation} "
                    f"[{source_word}]({row.source_url}) · {licence_word}: {row.licence}")

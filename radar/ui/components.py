"""Rendering helpers shared by pages: legends, footnotes, gaps, findings and source lines. Every piece of text
that comes from the data or a link goes through radar.text (shown as text, never as markup)."""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from radar import countries as radar_countries
from radar import findings, i18n
from radar.i18n import _
from radar.text import html_text, markdown_link, plain
from radar.ui import data
from radar.ui.screen import legend_sample


def citations_for(source_names: list[str]) -> list[str]:
    """Citation lines of the named sources, from the warehouse."""
    return list(_citations(data.version(), i18n.language(), tuple(sorted(set(source_names)))))


@st.cache_resource(show_spinner=False, max_entries=256)
def _citations(v: str, language: str, names: tuple[str, ...]) -> tuple[str, ...]:
    """citations_for, once per version, language and set of sources."""
    chosen = data.sources_of(names)
    return tuple(f"{source}: {citation} ({url}); licence: {licence}" for source, citation, url, licence in zip(
        chosen["source"], chosen["citation"], chosen["source_url"], chosen["licence"]))


def legend_html(items: list[dict]) -> str:
    """A wrapping HTML legend: one line sample (colour and dash as on the chart) and name per item."""
    if not items:
        return ""
    chips = [f"<span class='legend-item' role='listitem'>{legend_sample(item)}{html_text(item['name'])}</span>"
             for item in items]
    label = _("Legend")
    return f"<div class='chart-legend' role='list' aria-label='{html_text(label)}'>{''.join(chips)}</div>"


def footnotes(countries: list[str], measures: str = "performance", sources: list[str] | None = None) -> None:
    """Caption under a chart: direction, scale, sources, and the Kosovo designation where Kosovo is shown."""
    lines = [_("Scores 0–100 on each indicator's published scale; outward (or right, or up) = better.")]
    if measures == "threat":
        lines.append(_("This framework measures the criminal THREAT a government faces (GI-TOC: higher = more "
                       "crime), flipped so that outward = less criminality. It is not a performance score."))
    if sources:
        lines.append(_("Sources: ") + "; ".join(sources) + ".")
    lines += [_(footnote) for footnote in radar_countries.footnotes(countries)]
    st.caption("  \n".join(plain(line) for line in lines))


def gaps_note(lines: tuple[str, ...] | list[str]) -> None:
    """List the axes drawn as gaps, with the reason, so a gap is never read as a zero."""
    if not lines:
        return
    shown = [plain(line) for line in lines[:12]]
    more = len(lines) - len(shown)
    st.info(_("Gaps on the chart (not zeros): ") + "; ".join(shown) + (f"; … and {more} more." if more > 0 else "."),
            icon=":material/info:")


def chart_footnote_text(countries: list[str], measures: str, sources: list[str]) -> str:
    """The footnote printed inside a figure (kept with exports)."""
    parts = [_("Outward = better; 0–100 on each indicator's published scale.")]
    if measures == "threat":
        parts.append(_("Threat scale flipped: outward = less crime."))
    parts.append(_("Sources: ") + ", ".join(sources))
    text = " ".join(parts)
    for footnote in radar_countries.footnotes(countries):
        text += "<br>" + _(footnote)
    return text


def findings_block(items: list[findings.Finding], *, title: str | None = None) -> None:
    """Written findings as a list; a finding with rows behind it links to them on the Data page."""
    if not items:
        return
    if title:
        st.markdown(f"**{plain(title)}**")
    lines = []
    for item in items:
        link = ""
        if item.rows:
            query = urlencode({**item.rows, "lang": i18n.language()})
            link = " [" + _("rows") + f" ↗](./data?{query})"
        lines.append(f"- {plain(item.text)}{link}")
    st.markdown("\n".join(lines))


def sources_list(names: tuple[str, ...]) -> None:
    """Where each number comes from: one line per source named (a framework's), with its citation and link."""
    st.markdown(_sources_markdown(data.version(), i18n.language(), tuple(names)))


@st.cache_resource(show_spinner=False, max_entries=64)
def _sources_markdown(v: str, language: str, names: tuple[str, ...]) -> str:
    """The sources list's markdown, once per version, language and set of sources (`v` and `language` are the
    keys of the run that makes it)."""
    rows = data.sources_of(names)
    source_word, licence_word = _("source"), _("licence")
    return "\n".join(
        f"- **{plain(source)}** ({first}–{last}). {plain(citation)} "
        f"{markdown_link(source_word, url)} · {plain(licence_word)}: {plain(licence)}"
        for source, first, last, citation, url, licence in zip(
            rows["source"], rows["first_year"], rows["last_year"], rows["citation"], rows["source_url"],
            rows["licence"]))

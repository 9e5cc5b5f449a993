"""HTML pieces for charts on a screen, for components.chart and presenter mode to use: the numbered key of a radar's
axes (a narrow chart shows only the numbers), and a legend whose country entries are links that follow one country
(`focus=` in the link, like every other control). Untrusted text is escaped; no Streamlit call here."""

from __future__ import annotations

from collections.abc import Callable

from radar.i18n import _
from radar.text import html_text

_DASH_CSS = {"solid": "solid", "dash": "dashed", "dot": "dotted", "dashdot": "dashed"}
_GLYPHS = {"circle": "●", "circle-open": "○", "diamond": "◆", "square": "■", "x-thin": "×"}


def axis_key_html(names: list[str]) -> str:
    """An ordered list of the radar's axis names: item N names the axis numbered N on the chart."""
    if not names:
        return ""
    items = "".join(f"<li>{html_text(name)}</li>" for name in names)
    label = html_text(_("Axes of the radar"))  # outside the f-string, where the extractor finds it
    return f"<ol class='axis-key' aria-label='{label}'>{items}</ol>"


def legend_sample(item: dict) -> str:
    """A legend entry's sample, as on the chart: a glyph for markers, else a line of its colour and dash."""
    if item.get("symbol"):
        glyph = _GLYPHS.get(item["symbol"], "●")
        return f"<span class='legend-glyph' style='color:{item['colour']}' aria-hidden='true'>{glyph}</span>"
    style = _DASH_CSS.get(item.get("dash") or "solid", "solid")
    return f"<span class='legend-line' style='border-top:4px {style} {item['colour']}' aria-hidden='true'></span>"


def focus_legend_html(items: list[dict], focus: str | None, link_for: Callable[[str | None], str]) -> str:
    """A legend (charts.legend_items) as a native list, where each country is a link to the same view following
    that country (`link_for(iso3)`), and the followed one links back to the view without a focus (`link_for(None)`).
    The means are plain entries. A faded entry is marked so CSS can grey it."""
    if not items:
        return ""
    entries = []
    for item in items:
        name = html_text(item["name"])
        iso3 = item.get("iso3")
        classes = "legend-item" + (" legend-faded" if item.get("faded") else "")
        if not iso3:
            entries.append(f"<li class='{classes}'>{legend_sample(item)}{name}</li>")
            continue
        followed = iso3 == focus
        href = html_text(link_for(None if followed else iso3))
        title = html_text(_("Show all countries alike") if followed else _("Bring {country} forward").format(
            country=item["name"]))
        current = " aria-current='true'" if followed else ""
        entries.append(f"<li class='{classes}'><a class='legend-follow' href='{href}' target='_self' "
                       f"title='{title}'{current}>{legend_sample(item)}{name}</a></li>")
    label = html_text(_("Legend: choose a country to bring it forward"))
    return f"<ul class='chart-legend' aria-label='{label}'>{''.join(entries)}</ul>"

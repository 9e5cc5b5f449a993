"""The hover text of a score on a chart (radar and heat map): the score, the years and coverage behind it, and one
line per value used, with an ordinal value's level label and a network score's evidence (its sentence shortened
and its link's host as text: a hover box cannot hold a link, so none is drawn). No Streamlit, no SQL.

Text from the data reaches a figure HTML-escaped (plotly reads <a href>, <b>, <br> in its text): the names of a
frame are escaped by the view builders (radar.views.build.chart_safe) before they get here; the level labels,
evidence and links are escaped here, after they are shortened (so that no entity is cut in half).
"""

from __future__ import annotations

import html
import math

import pandas as pd

from radar.assessment import evidence_lines, level_label
from radar.i18n import _, num

INDENT = "&nbsp;&nbsp;&nbsp;"  # an evidence note sits under its value's line


def describe_missing(n_available: int, n_indicators: int) -> str:
    """Why an axis is missing, in words (scoring's coverage rule)."""
    if not n_available:
        return _("no data")
    return _("only {a} of {n} indicators have data, too few for a score").format(
        a=n_available, n=n_indicators)


def years_text(year_min: float, year_max: float) -> str:
    """'2023' or '2021–2023' for the years a score used."""
    if pd.isna(year_min):
        return ""
    return f"{int(year_min)}" if year_min == year_max else f"{int(year_min)}–{int(year_max)}"


def _escaped(text: str) -> str:
    return html.escape(text, quote=False)


def value_shown(row) -> str:
    """A value as its hover line shows it: '3 · Moderately prepared' on an ordinal scale (the unit says no more
    than the label), else the number with its unit ('0.412 (estimate)')."""
    label = level_label(row.value, getattr(row, "scale_labels", None))
    if label:
        return f"{int(row.value) if float(row.value).is_integer() else num(row.value, 2)} · {_escaped(label)}"
    return f"{num(row.value, 3 if abs(row.value) < 10 else 1)} ({row.unit})"


def value_lines(row) -> list[str]:
    """One value's hover lines: the indicator and its value; under it its score, year and source (two short lines
    rather than one long one: a hover box wider than the chart is cut at its edge); then its evidence, if any."""
    lines = [f"• {row.indicator_name[:60]}: {value_shown(row)}",
             f"{INDENT}→ {num(row.score)}/100, {row.year}, {row.source}"]
    note = evidence_lines(getattr(row, "evidence", None), getattr(row, "evidence_url", None))
    if note:
        lines.append(INDENT + "<i>" + _escaped(_("Evidence")) + "</i>: " + _escaped(note[0]))
        lines += [INDENT + _escaped(line) for line in note[1:]]
    return lines


def hover_texts(scores: pd.DataFrame, values: pd.DataFrame | None) -> list[str]:
    """Return one hover text per row of `scores` (a country x axis): its score, coverage and the values used."""
    by_cell: dict[tuple[str, str], list[str]] = {}
    if values is not None and not values.empty:
        for row in values.itertuples(index=False):
            by_cell.setdefault((row.country_iso3, row.axis_id), []).extend(value_lines(row))
    texts = []
    for row in scores.itertuples(index=False):
        name = getattr(row, "country_name", row.country_iso3)
        head = f"<b>{name}</b> · {row.axis_name}<br>"
        if isinstance(row.score, float) and math.isnan(row.score):
            body = "<b>" + _("Missing") + "</b>: " + describe_missing(row.n_available, row.n_indicators)
        else:
            body = _("Score <b>{score}</b>/100 · data year {years} · coverage {cov}%").format(
                score=num(row.score), years=years_text(row.year_min, row.year_max), cov=num(row.coverage * 100, 0))
        lines = by_cell.get((row.country_iso3, row.axis_id), [])
        texts.append(head + body + ("<br>" + "<br>".join(lines) if lines else ""))
    return texts

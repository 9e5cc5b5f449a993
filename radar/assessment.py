"""The network's assessments as text, pure and at the bottom layer (charts, exports and briefing packs use it):
an ordinal value with its level's label, and a network score's evidence as a short note (its sentence shortened,
its link's host) for places that cannot hold a link, such as a chart's hover.

The labels come from the indicator's `scale_labels` ('1=Early stage|2=...', radar.ingest.template) and are shown
through `_()`, so that a catalog may translate them like any other text of the data. What these functions return
is plain text: the caller escapes it for where it goes (radar.text, or html.escape for a plotly figure).
"""

from __future__ import annotations

import math
import textwrap
from urllib.parse import urlsplit

import pandas as pd

from radar.i18n import _
from radar.text import safe_url

NOTE_WIDTH = 72  # characters per line of an evidence note (a hover box stays narrower than a phone)
NOTE_LINES = 2  # lines of an evidence note at most; a longer sentence ends with "…"


def scale_levels(scale_labels: object) -> dict[float, str]:
    """An ordinal scale's levels ('1=Early stage|2=Some level...' -> {1.0: 'Early stage', ...}); {} when blank or
    unreadable (a continuous scale)."""
    if not isinstance(scale_labels, str) or not scale_labels.strip():
        return {}
    levels: dict[float, str] = {}
    for part in scale_labels.split("|"):
        level, sep, label = part.partition("=")
        try:
            number = float(level.strip().replace(",", "."))
        except ValueError:
            return {}
        if not sep or not label.strip():
            return {}
        levels[number] = label.strip()
    return levels


def level_label(value: object, scale_labels: object) -> str | None:
    """The label of an ordinal value ('Moderately prepared' for 3 on the EC scale), translated; None when the scale
    is not ordinal or the value is not one of its levels."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if math.isnan(number):
        return None
    label = scale_levels(scale_labels).get(number)
    return _(label) if label is not None else None


def value_text(value: object, scale_labels: object = None, digits: int = 2) -> str:
    """A raw value as people read it: '3 · Moderately prepared' on an ordinal scale, else the number."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return "" if value is None else str(value)
    if math.isnan(number):
        return ""
    shown = str(int(number)) if number.is_integer() else f"{number:.{digits}f}".rstrip("0").rstrip(".")
    label = level_label(number, scale_labels)
    return f"{shown} · {label}" if label else shown


def level_labels(values: pd.DataFrame, indicators: pd.DataFrame, column: str = "value") -> pd.Series:
    """For a frame with indicator_id and `column`: each ordinal value's level label ('' on a continuous scale)."""
    labels = dict(zip(indicators["indicator_id"], indicators["scale_labels"])) if "scale_labels" in indicators else {}
    return pd.Series([level_label(v, labels.get(i)) or "" for v, i in zip(values[column], values["indicator_id"])],
                     index=values.index, dtype=object)


def own_level_labels(values: pd.DataFrame, column: str = "value") -> pd.Series:
    """`level_labels` for a frame that carries its indicators' `scale_labels` itself ('' everywhere without it:
    e.g. a version published before the precomputed values had the column)."""
    if "scale_labels" not in values.columns:
        return pd.Series([""] * len(values), index=values.index, dtype=object)
    return pd.Series([level_label(v, s) or "" for v, s in zip(values[column], values["scale_labels"])],
                     index=values.index, dtype=object)


def text_or_blank(text: object) -> str:
    """`text` stripped, or '' for a gap (None, NaN, pandas NA, blank)."""
    if text is None or text is pd.NA or (isinstance(text, float) and math.isnan(text)):
        return ""
    return str(text).strip()


def link_host(url: object) -> str:
    """The host of an http(s) link ('example.org'), '' for anything else (javascript:, data:, a blank)."""
    target = safe_url(url)
    if target is None:
        return ""
    try:
        return urlsplit(target).hostname or ""
    except ValueError:
        return ""


def evidence_lines(evidence: object, url: object, width: int = NOTE_WIDTH, lines: int = NOTE_LINES) -> list[str]:
    """A network score's evidence as at most `lines` short lines: its sentence (shortened with '…') and its link's
    host in brackets ('' parts left out); [] when there is neither."""
    sentence = " ".join(text_or_blank(evidence).split())
    host = link_host(url)
    out = textwrap.wrap(sentence, width=width, max_lines=lines, placeholder=" …") if sentence else []
    if host:
        out.append(f"({host})")
    return out

"""The network's own assessments as evidence, without Streamlit (issue 17 item 1): an ordinal value with its level's
label, and per axis of a framework the network's scores of one country with their evidence sentence and link, then
the publishers' indicators on that axis (the Country profile's "Why these scores").

The labels come from the indicator's `scale_labels` ('1=Early stage|2=...', radar.ingest.template) and are shown
through `_()`, so that a catalog may translate them like any other text of the data.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from radar.i18n import _

NETWORK_SOURCE = "bsp_network"  # radar.ingest.template.SOURCE.source_id (not imported: the viewer needs no openpyxl)


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


@dataclass(frozen=True)
class AxisEvidence:
    """One axis of a country's profile: the network's scores with their reasons, then the publishers' indicators."""

    axis_name: str
    network: pd.DataFrame  # indicator_name, year, value_text, evidence, evidence_url
    publishers: list[str]  # "indicator name (source)" of the other indicators used on this axis


def why_these_scores(values: pd.DataFrame, observations: pd.DataFrame, indicators: pd.DataFrame
                     ) -> list[AxisEvidence]:
    """Per axis (in axis order) of one country's year scores (`values`: YearScores.values_for([country])), the
    network's scores with the evidence of the observation used (`observations`: the country's network
    observations with evidence and evidence_url), then the publishers' indicators on the axis."""
    if values.empty:
        return []
    found = observations[["indicator_id", "year", "evidence", "evidence_url"]].drop_duplicates(
        ["indicator_id", "year"]) if not observations.empty else pd.DataFrame(
        columns=["indicator_id", "year", "evidence", "evidence_url"])
    labels = dict(zip(indicators["indicator_id"], indicators["scale_labels"])) if "scale_labels" in indicators else {}
    out = []
    for (_order, axis_name), rows in values.sort_values(["axis_order", "indicator_name"]).groupby(
            ["axis_order", "axis_name"], sort=True):
        own = rows[rows["source_id"] == NETWORK_SOURCE]
        joined = own.merge(found.astype({"year": own["year"].dtype}) if not found.empty else found,
                           on=["indicator_id", "year"], how="left")
        network = pd.DataFrame({
            "indicator_name": joined["indicator_name"], "year": joined["year"],
            "value_text": [value_text(v, labels.get(i)) for v, i in zip(joined["value"], joined["indicator_id"])],
            "evidence": joined["evidence"], "evidence_url": joined["evidence_url"]})
        others = rows[rows["source_id"] != NETWORK_SOURCE]
        publishers = [f"{n} ({s})" for n, s in zip(others["indicator_name"], others["source"])]
        out.append(AxisEvidence(str(axis_name), network.reset_index(drop=True), publishers))
    return out

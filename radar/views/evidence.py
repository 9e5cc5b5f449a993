"""The network's own assessments as evidence, without Streamlit (issue 17 item 1): an ordinal value with its level's
label, and per axis of a framework the network's scores of one country with their evidence sentence and link, then
the publishers' indicators on that axis (the Country profile's "Why these scores", and the briefing pack's).

The level helpers live in radar.assessment (the charts and exports use them too) and keep their names here. The
labels come from the indicator's `scale_labels` ('1=Early stage|2=...', radar.ingest.template) and are shown
through `_()`, so that a catalog may translate them like any other text of the data.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

# The level helpers live at the bottom layer (charts and exports use them too); the views' names stay.
from radar.assessment import level_label, level_labels, scale_levels, value_text

__all__ = ["NETWORK_SOURCE", "AxisEvidence", "level_label", "level_labels", "scale_levels", "value_text",
           "why_from_values", "why_these_scores"]

NETWORK_SOURCE = "bsp_network"  # radar.ingest.template.SOURCE.source_id (not imported: the viewer needs no openpyxl)


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
        own = rows[rows["source_id"] == NETWORK_SOURCE].drop(columns=["evidence", "evidence_url"], errors="ignore")
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


def why_from_values(values: pd.DataFrame) -> list[AxisEvidence]:
    """`why_these_scores` for values that carry their own evidence and level labels (the year's values of a
    warehouse precomputed with them, YearScores.values_for); without those columns, no label and no evidence."""
    columns = ["indicator_id", "year", "evidence", "evidence_url"]
    own = values["source_id"] == NETWORK_SOURCE if "source_id" in values else pd.Series(False, index=values.index)
    observations = values.loc[own, columns] if all(c in values for c in columns) else pd.DataFrame(columns=columns)
    indicators = (values[["indicator_id", "scale_labels"]].drop_duplicates("indicator_id") if "scale_labels" in values
                  else pd.DataFrame(columns=["indicator_id", "scale_labels"]))
    return why_these_scores(values, observations, indicators)

"""The network's assessments as evidence (pure): an ordinal value with its level's label, and per axis the
network's scores with their evidence, then the publishers' indicators (hand-made frames)."""

from __future__ import annotations

import pandas as pd

from radar.ingest import template as tpl
from radar.views import evidence

EC = tpl.EC_PREPARATION_LABELS


def test_ordinal_values_read_with_their_level() -> None:
    assert tpl.SOURCE.source_id == evidence.NETWORK_SOURCE
    assert evidence.scale_levels(EC)[3.0] == "Moderately prepared" and len(evidence.scale_levels(EC)) == 5
    assert evidence.value_text(3.0, EC) == "3 · Moderately prepared"
    assert evidence.value_text(5, EC) == "5 · Well advanced"
    assert evidence.level_label(2.5, EC) is None and evidence.value_text(2.5, EC) == "2.5"  # not a level
    assert evidence.value_text(-0.1234, None) == "-0.12" and evidence.value_text(float("nan"), EC) == ""
    assert evidence.scale_levels("not=a|scale") == {} and evidence.scale_levels(None) == {}
    frame = pd.DataFrame({"indicator_id": ["ec", "cpi"], "value": [1.0, 41.0]})
    indicators = pd.DataFrame({"indicator_id": ["ec", "cpi"], "scale_labels": [EC, None]})
    assert evidence.level_labels(frame, indicators).tolist() == ["Early stage", ""]


def test_why_these_scores_per_axis() -> None:
    values = pd.DataFrame({
        "axis_order": [1, 1, 2], "axis_name": ["Prosecution and courts", "Prosecution and courts", "Integrity"],
        "indicator_id": ["ec", "wjp", "cpi"], "indicator_name": ["EC Chapter 24", "WJP criminal justice", "CPI"],
        "source_id": ["bsp_network", "wjp", "ti_cpi"], "source": ["Network", "WJP", "TI"],
        "year": [2024, 2024, 2024], "value": [3.0, 0.5, 35.0]})
    observations = pd.DataFrame({"indicator_id": ["ec", "ec"], "year": [2024, 2023],
                                 "evidence": ["The 2024 report says so.", "Older."],
                                 "evidence_url": ["https://example.org/ec", None]})
    indicators = pd.DataFrame({"indicator_id": ["ec", "wjp", "cpi"], "scale_labels": [EC, None, None]})
    axes = evidence.why_these_scores(values, observations, indicators)
    assert [a.axis_name for a in axes] == ["Prosecution and courts", "Integrity"]
    first = axes[0].network.iloc[0]
    assert (first["indicator_name"], first["value_text"], first["evidence"], first["evidence_url"]) == (
        "EC Chapter 24", "3 · Moderately prepared", "The 2024 report says so.", "https://example.org/ec")
    assert axes[0].publishers == ["WJP criminal justice (WJP)"]
    assert axes[1].network.empty and axes[1].publishers == ["CPI (TI)"]

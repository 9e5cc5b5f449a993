"""The Country profile's "Why these scores" (issue 17 item 1): per axis, the network's own scores of the country
with their level's label, evidence sentence and link, then the publishers' indicators on that axis. Text from the
data goes through radar.text.plain, links through markdown_link (http/https only)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from radar.i18n import _
from radar.text import markdown_link, plain, safe_url
from radar.ui import data
from radar.views import evidence


def with_levels(values: pd.DataFrame) -> pd.DataFrame:
    """`values` (indicator_id, value) with a `level` column: the ordinal level's label, '' on continuous scales."""
    return values.assign(level=evidence.level_labels(values, data.indicators()))


def axis_lines(axis: evidence.AxisEvidence) -> list[str]:
    """The markdown of one axis: its name, one line per network score, then the publishers' indicators."""
    lines = [f"**{plain(axis.axis_name)}**", ""]
    for row in axis.network.itertuples(index=False):
        reason = plain(row.evidence) if isinstance(row.evidence, str) and row.evidence.strip() else _(
            "(no evidence given)")
        link = " " + markdown_link(_("evidence"), row.evidence_url) if safe_url(row.evidence_url) else ""
        lines.append(_("- {indicator} ({year}): **{value}**. {reason}").format(
            indicator=plain(row.indicator_name), year=int(row.year), value=plain(row.value_text), reason=reason)
            + link)
    if axis.publishers:
        lines.append(_("- Publishers' indicators: {names}").format(names=plain("; ".join(axis.publishers))))
    return lines


def why_these_scores(country: str, country_label: str, values: pd.DataFrame) -> None:
    """Draw the section for one country's values of the year (YearScores.values_for([country]))."""
    st.subheader(_("Why these scores"))
    own = values[values["source_id"] == evidence.NETWORK_SOURCE]
    observations = data.observations((country,), (evidence.NETWORK_SOURCE,), tuple(own["indicator_id"].unique()),
                                     int(own["year"].min()), int(own["year"].max())) if not own.empty else (
        pd.DataFrame())
    axes = evidence.why_these_scores(values, observations, data.indicators())
    if own.empty:
        st.caption(_("The network has published no assessment of its own for {country} in this framework yet: each "
                     "axis rests on the publishers' indicators.").format(country=plain(country_label)))
    for axis in axes:
        st.markdown("\n".join(axis_lines(axis)))

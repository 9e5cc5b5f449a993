"""The Country profile's "Why these scores" (issue 17 item 1): per axis, the network's own scores of the country
with their level's label, evidence sentence and link, then the publishers' indicators on that axis. Text from the
data goes through radar.text.plain, links through markdown_link (http/https only)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from radar import i18n
from radar.i18n import N_, _
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


@st.cache_resource(show_spinner=False, max_entries=data.CACHE_ENTRIES)
def _profile(v: str, language: str, country: str, framework_id: str, year: int
             ) -> tuple[tuple[str, ...], bool, pd.DataFrame]:
    """One country's "Why these scores" per axis (markdown), whether the network scored it, and its values with
    their levels (the profile's table): worked out once per version, language, country, framework and year, and
    shared by every session (the profile's reruns then only draw). `v` and `language` are the keys of the run that
    computes them."""
    values = data.year_scores(framework_id, year).values_for([country])
    own = values[values["source_id"] == evidence.NETWORK_SOURCE]
    observations = data.observations((country,), (evidence.NETWORK_SOURCE,), tuple(own["indicator_id"].unique()),
                                     int(own["year"].min()), int(own["year"].max())) if not own.empty else (
        pd.DataFrame())
    axes = evidence.why_these_scores(values, observations, data.indicators())
    return tuple("\n".join(axis_lines(axis)) for axis in axes), not own.empty, profile_table(with_levels(values))


# The profile's table of every indicator: field -> header, in the order shown.
PROFILE_COLUMNS = {"axis_name": N_("Axis"), "indicator_name": N_("Indicator"), "value": N_("Raw value"),
                   "level": N_("Level"), "unit": N_("Unit"), "year": N_("Year used"), "edition": N_("Edition"),
                   "score": N_("Score"), "source": N_("Source"), "source_url": N_("Link")}


def profile_table(values: pd.DataFrame) -> pd.DataFrame:
    """The indicator values as the profile's table shows them: headers in the run's language, scores rounded."""
    return (values[list(PROFILE_COLUMNS)].round({"score": 1})
            .rename(columns={field: _(header) for field, header in PROFILE_COLUMNS.items()}))


def profile_values(country: str, framework_id: str, year: int) -> pd.DataFrame:
    """The country's indicator values of the year with their level, as the profile's table shows them
    (profile_table)."""
    return _profile(data.version(), i18n.language(), country, framework_id, year)[2]


def why_these_scores(country: str, country_label: str, framework_id: str, year: int) -> None:
    """Draw the section for one country's scores in `year` on `framework_id`."""
    st.subheader(_("Why these scores"))
    axes, scored, _values = _profile(data.version(), i18n.language(), country, framework_id, year)
    if not scored:
        st.caption(_("The network has published no assessment of its own for {country} in this framework yet: each "
                     "axis rests on the publishers' indicators.").format(country=plain(country_label)))
    for axis in axes:
        st.markdown(axis)

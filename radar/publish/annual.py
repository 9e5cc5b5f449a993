"""The annual round of the network's own assessments (the Annual round page), without Streamlit: per WB6 country
and network indicator, whether the year is scored (in the current version), in review (a submitted or approved
draft), in draft (a draft returned to its author) or missing.

A cell takes the first of: in review (a pending change, even over a published score), scored, in draft, missing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from radar.ingest import template as tpl
from radar.publish import drafts
from radar.schema import INDICATORS, OBSERVATIONS, WB6

IN_REVIEW, SCORED, IN_DRAFT, MISSING = "in review", "scored", "in draft", "missing"
STATUSES = (SCORED, IN_REVIEW, IN_DRAFT, MISSING)
_RANK = {IN_REVIEW: 0, SCORED: 1, IN_DRAFT: 2, MISSING: 3}
DRAFT_STATUS = {drafts.SUBMITTED: IN_REVIEW, drafts.APPROVED: IN_REVIEW, drafts.RETURNED: IN_DRAFT}


def network_indicators(tables: dict[str, pd.DataFrame], listed: Sequence[dict[str, Any]]) -> dict[str, str]:
    """id -> name of the network's own indicators: those in the version, then those a waiting draft defines."""
    indicators = tables[INDICATORS.name]
    own = indicators[indicators["source_id"] == tpl.SOURCE.source_id].sort_values("indicator_id")
    found = dict(zip(own["indicator_id"], own["name"]))
    for draft in listed:
        if draft["status"] in DRAFT_STATUS:
            named = draft.get("indicators") or {}
            for indicator_id in (draft.get("diff") or {}).get("indicators_added") or []:
                found.setdefault(indicator_id, named.get(indicator_id, indicator_id))
    return found


def round_years(tables: dict[str, pd.DataFrame], this_year: int, listed: Sequence[dict[str, Any]] = ()
                ) -> list[int]:
    """The years a round can be shown for: this year and every year the network scored or a draft holds, newest
    first."""
    obs = tables[OBSERVATIONS.name]
    scored = obs.loc[obs["source_id"] == tpl.SOURCE.source_id, "year"]
    drafted = [cell[1] for d in listed if d["status"] in DRAFT_STATUS for cell in d.get("cells") or []]
    return sorted({this_year, *(int(y) for y in scored), *(int(y) for y in drafted)}, reverse=True)


def round_status(tables: dict[str, pd.DataFrame], listed: Sequence[dict[str, Any]], year: int,
                 countries: Sequence[str] = WB6) -> pd.DataFrame:
    """One row per country and network indicator: country_iso3, indicator_id, indicator, status, draft, who."""
    indicators = network_indicators(tables, listed)
    obs = tables[OBSERVATIONS.name]
    scored = set(zip(obs.loc[obs["year"] == year, "country_iso3"], obs.loc[obs["year"] == year, "indicator_id"]))
    cells: dict[tuple[str, str], tuple[str, str, str]] = {}
    for draft in sorted(listed, key=lambda d: d["draft"]):  # later drafts win among equals
        status = DRAFT_STATUS.get(draft["status"])
        if status is None:
            continue
        for country, cell_year, indicator_id in draft.get("cells") or []:
            if int(cell_year) != year:
                continue
            held = cells.get((country, indicator_id))
            if held is None or _RANK[status] <= _RANK[held[0]]:
                cells[(country, indicator_id)] = (status, draft["draft"], draft["submitted_by"])
    rows = []
    for country in countries:
        for indicator_id, name in indicators.items():
            status, draft_id, who = cells.get((country, indicator_id), (MISSING, "", ""))
            if (country, indicator_id) in scored and _RANK[SCORED] < _RANK[status]:
                status, draft_id, who = SCORED, "", ""
            rows.append({"country_iso3": country, "indicator_id": indicator_id, "indicator": name, "status": status,
                         "draft": draft_id, "who": who})
    return pd.DataFrame(rows, columns=["country_iso3", "indicator_id", "indicator", "status", "draft", "who"])


def responsible(organisations: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """ISO3 -> the organisation(s) that speak for it (the editors' secrets), for the round's grid."""
    out: dict[str, list[str]] = {}
    for org_id, org in organisations.items():
        countries = org.get("countries") or []
        for code in [countries] if isinstance(countries, str) else countries:
            out.setdefault(str(code).strip().upper(), []).append(str(org.get("name") or org_id))
    return {code: ", ".join(names) for code, names in out.items()}


def round_grid(status: pd.DataFrame, names: dict[str, str], who: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The round as a grid: one row per country (named, with the organisation speaking for it when `who` is given),
    one column per indicator, the status in each cell."""
    if status.empty:
        return pd.DataFrame()
    grid = status.pivot(index="country_iso3", columns="indicator", values="status")
    codes = list(dict.fromkeys(status["country_iso3"]))
    grid = grid.reindex(codes)
    grid.index = [names.get(c, c) for c in codes]
    grid.index.name = "country"
    grid = grid.reset_index()
    if who is not None:
        grid.insert(1, "organisation", [who.get(c, "") for c in codes])
    return grid


def round_counts(status: pd.DataFrame) -> dict[str, int]:
    """How many country-indicator cells are in each state (every state listed, zero included)."""
    counts = status["status"].value_counts()
    return {s: int(counts.get(s, 0)) for s in STATUSES}

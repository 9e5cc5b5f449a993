"""The candidate warehouse tables of an import: a publisher's release replaces its source's rows for every country
and year the release covers (other years and countries stay); the template upserts its rows by (country_iso3, year,
indicator_id) and may add indicators, axes and frameworks. Rows whose data did not change keep their old note and
provenance fields."""

from __future__ import annotations

import pandas as pd

from radar import settings
from radar.build import indicators_table, observations_table
from radar.frameworks import preferences, with_preferences
from radar.publish.diff import COMPARED, INDICATOR_COMPARED, KEY, unchanged_keys
from radar.publish.validate import Membership, TemplateRows
from radar.schema import COUNTRIES, FRAMEWORKS, INDICATORS, OBSERVATIONS, TABLES, Table, to_arrow
from radar.scoring import DEFAULT_MIN_COVERAGE

Tables = dict[str, pd.DataFrame]


def conformed(frame: pd.DataFrame, table: Table) -> pd.DataFrame:
    """`frame` with exactly the table's columns and types, sorted by key (raises SchemaError when it does not fit).

    Nullable columns a frame lacks (e.g. a version written before they existed) are added blank.
    """
    frame = frame.copy()
    for name in table.schema.names:
        if name not in frame.columns:
            frame[name] = None
    return to_arrow(frame, table).to_pandas()


def conformed_tables(tables: Tables) -> Tables:
    return {t.name: conformed(tables[t.name], t) for t in TABLES}


def _has_key(frame: pd.DataFrame, keys: pd.DataFrame, key: list[str]) -> pd.Series:
    """Which rows of `frame` have a key in `keys`."""
    if keys.empty or frame.empty:
        return pd.Series(False, index=frame.index)
    found = frame[key].merge(keys[key].drop_duplicates().assign(_hit=True), on=key, how="left")["_hit"]
    return pd.Series(found.fillna(False).astype(bool).to_numpy(), index=frame.index)


def upsert(old: pd.DataFrame, new: pd.DataFrame, key: list[str], compared: list[str]) -> pd.DataFrame:
    """`old` with `new`'s rows put in by key; a row whose compared columns are unchanged keeps its old version."""
    same = unchanged_keys(old, new, key, compared)
    incoming = new[~_has_key(new, same, key)]
    kept = old[~_has_key(old, incoming, key)]
    return pd.concat([kept, incoming], ignore_index=True).sort_values(key, ignore_index=True)


# ---- a publisher's release -----------------------------------------------------------------------------------------

def release_tables(current: Tables, tidy: pd.DataFrame, source_id: str) -> Tables:
    """The tables after a release of `source_id` (its tidy rows): for each country and year the release covers, the
    source's rows are replaced by the release's (so a value it no longer publishes is removed). A framework axis
    switches to its preferred indicator (data/frameworks.toml `prefer`) when the release brings it, and back when
    no value of it is left."""
    current = conformed_tables(current)  # a version written before a nullable column existed gets it blank
    rows = tidy.assign(source_id=source_id)
    new_obs = conformed(observations_table(rows), OBSERVATIONS)
    obs = current[OBSERVATIONS.name]
    covered = new_obs[["country_iso3", "year"]].drop_duplicates().assign(source_id=source_id)
    in_scope = _has_key(obs, covered, ["country_iso3", "year", "source_id"])
    scoped = obs[in_scope]
    same = unchanged_keys(scoped, new_obs, KEY, COMPARED)  # these keep their old row (note, provenance)
    observations = pd.concat([obs[~in_scope], scoped[_has_key(scoped, same, KEY)],
                              new_obs[~_has_key(new_obs, same, KEY)]], ignore_index=True)
    indicators = upsert(current[INDICATORS.name], conformed(indicators_table(rows), INDICATORS), ["indicator_id"],
                        INDICATOR_COMPARED)
    frameworks = with_preferences(current[FRAMEWORKS.name], preferences(settings.FRAMEWORKS_FILE),
                                  set(observations["indicator_id"]))
    return conformed_tables({**current, OBSERVATIONS.name: observations, INDICATORS.name: indicators,
                             FRAMEWORKS.name: frameworks})


# ---- the template --------------------------------------------------------------------------------------------------

def _framework_meta(frameworks: pd.DataFrame, m: Membership, file: str) -> dict[str, object]:
    """Framework-level columns of a membership's row: the existing framework's, or a new framework's."""
    same = frameworks[frameworks["framework_id"] == m.framework_id]
    if not same.empty:
        first = same.iloc[0]
        return {c: first[c] for c in ("framework_name", "short_name", "framework_order", "description", "measures",
                                      "min_coverage")}
    order = int(frameworks["framework_order"].max()) + 1 if not frameworks.empty else 1
    return {"framework_name": m.framework_name, "short_name": m.framework_name, "framework_order": order,
            "description": f"Framework of the network's own indicators, imported from {file}.",
            "measures": "performance", "min_coverage": DEFAULT_MIN_COVERAGE}


def _axis_meta(frameworks: pd.DataFrame, m: Membership, file: str) -> dict[str, object]:
    same = frameworks[frameworks["framework_id"] == m.framework_id]
    axis = same[same["axis_id"] == m.axis_id]
    if not axis.empty:
        first = axis.iloc[0]
        return {"axis_order": first["axis_order"], "axis_name": first["axis_name"],
                "axis_rationale": first["axis_rationale"]}
    order = int(same["axis_order"].max()) + 1 if not same.empty else 1
    return {"axis_order": order, "axis_name": m.axis_name, "axis_rationale": f"Added by the import of {file}."}


def with_memberships(frameworks: pd.DataFrame, memberships: list[Membership], file: str) -> pd.DataFrame:
    """The frameworks table with each membership put in (a repeated one only changes the weight)."""
    out = frameworks.copy()
    for m in memberships:
        key = (out["framework_id"] == m.framework_id) & (out["axis_id"] == m.axis_id) & (
            out["indicator_id"] == m.indicator_id)
        if key.any():
            out.loc[key, "weight"] = m.weight
            continue
        row = {"framework_id": m.framework_id, **_framework_meta(out, m, file), "axis_id": m.axis_id,
               **_axis_meta(out, m, file), "indicator_id": m.indicator_id, "weight": m.weight}
        out = pd.concat([out, pd.DataFrame([row])], ignore_index=True)
    return out


def template_tables(current: Tables, rows: TemplateRows, file: str) -> Tables:
    """The tables after a template import: its observations and indicators upserted, its memberships added."""
    current = conformed_tables(current)
    observations = upsert(current[OBSERVATIONS.name], conformed(rows.observations, OBSERVATIONS), KEY, COMPARED)
    indicators = upsert(current[INDICATORS.name], conformed(rows.indicators, INDICATORS), ["indicator_id"],
                        INDICATOR_COMPARED)
    frameworks = with_memberships(current[FRAMEWORKS.name], rows.memberships, file)
    return conformed_tables({COUNTRIES.name: current[COUNTRIES.name], OBSERVATIONS.name: observations,
                             INDICATORS.name: indicators, FRAMEWORKS.name: frameworks})


def framework_problems(tables: Tables) -> list[str]:
    """What would break the radars: a framework naming an indicator that does not exist, or with fewer than 3 axes."""
    frameworks, known = tables[FRAMEWORKS.name], set(tables[INDICATORS.name]["indicator_id"])
    problems = [f"framework {f}, axis {a}: unknown indicator {i}"
                for f, a, i in zip(frameworks["framework_id"], frameworks["axis_id"], frameworks["indicator_id"])
                if i not in known]
    axes = frameworks.groupby("framework_id")["axis_id"].nunique()
    problems += [f"framework {f}: {n} axes, a radar needs at least 3" for f, n in axes.items() if n < 3]
    return problems


"""Scores precomputed when a warehouse is written (the build, and every published version): for every framework,
year and kept country, each axis's score with the year actually used, its coverage and the values behind it, and
the WB6 and EU-27 means with their members. The app then reads scores instead of computing them on a first
visit (radar.analysis reads these tables when a warehouse has them, and computes on the fly when it does not).

The scores are computed by the same functions as on the fly (radar.scoring through radar.analysis), from the
warehouse's own base tables, so a precomputed score is the score the app would compute.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq

from radar import analysis, scoring
from radar.schema import (
    DERIVED_TABLES,
    EU27,
    KEPT_COUNTRIES,
    PARQUET_OPTIONS,
    SCORE_MEANS,
    SCORE_VALUES,
    SCORES,
    WB6,
    to_arrow,
)
from radar.store import Store

MEANS = ((analysis.WB6_MEAN, WB6), (analysis.EU27_MEAN, EU27))


def framework_scores(store: Store, framework_id: str) -> dict[str, pd.DataFrame]:
    """Every year's scores, values and means of one framework (each row tagged with the framework)."""
    fw = analysis.framework(store, framework_id)
    years = analysis.framework_years(store, framework_id)
    if not years:
        return {t.name: pd.DataFrame(columns=t.schema.names) for t in DERIVED_TABLES}
    observations = store.framework_observations(framework_id, KEPT_COUNTRIES, min(years) - scoring.MAX_LAG_YEARS,
                                                max(years))
    weights = fw.axes[["axis_id", "axis_name", "axis_order", "indicator_id", "weight"]]
    used = scoring.with_scores(scoring.latest_for_years(observations, years))
    scores = scoring.axis_scores(used, weights, list(KEPT_COUNTRIES), fw.min_coverage, years=years)
    scores = scores.rename(columns={"target_year": "year"})
    values = used.merge(weights, on="indicator_id").rename(columns={"target_year": "scored_year"})
    means = pd.concat([_means(scores, name, members) for name, members in MEANS], ignore_index=True)
    return {
        SCORES.name: scores.assign(framework_id=framework_id),
        SCORE_VALUES.name: values.assign(framework_id=framework_id),
        SCORE_MEANS.name: means.assign(framework_id=framework_id),
    }


def _means(scores: pd.DataFrame, reference: str, countries: tuple[str, ...]) -> pd.DataFrame:
    """One mean per year and axis over `countries`, with the members that had a score."""
    mean = scoring.reference_mean(scores, countries, by=("year",))
    have = scores[scores["country_iso3"].isin(countries) & scores["score"].notna()]
    members = have.groupby(["year", "axis_id"])["country_iso3"].agg(lambda s: ",".join(sorted(s)))
    mean["members"] = [members.get((y, a), "") for y, a in zip(mean["year"], mean["axis_id"])]
    return mean.assign(reference=reference)


def derived_tables(store: Store) -> dict[str, pd.DataFrame]:
    """The precomputed tables of the warehouse `store` reads (from its base tables)."""
    parts = [framework_scores(store, fw) for fw in store.frameworks()["framework_id"]]
    return {t.name: pd.concat([p[t.name] for p in parts], ignore_index=True) for t in DERIVED_TABLES}


def write_derived(folder: Path, *, durable: bool = False) -> dict[str, int]:
    """Compute the precomputed tables from the base tables in `folder` and write them beside them."""
    store = Store(folder)
    try:
        tables = derived_tables(store)
    finally:
        store.close()
    for table in DERIVED_TABLES:
        with (folder / f"{table.name}.parquet").open("wb") as handle:
            pq.write_table(to_arrow(tables[table.name], table), handle, **PARQUET_OPTIONS)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
    return {name: len(frame) for name, frame in tables.items()}

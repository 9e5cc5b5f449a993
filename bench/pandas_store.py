"""The baseline of the growth benchmark: the store's questions answered by pandas on the same Parquet files.

`PandasStore` reads with `pd.read_parquet(columns=..., filters=...)` on every call (partition pruning and
column selection, as a careful pandas user would), then merges and groups in pandas. `MemoryStore` loads every
observation into one data frame once and filters it in memory (the "full table in pandas" way). Both answer
with the same columns and order as radar.store.Store, so radar.analysis runs unchanged on either.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

OBS_COLUMNS = ["country_iso3", "year", "indicator_id", "value", "lower", "upper", "std_error", "edition"]
IND_COLUMNS = ["indicator_id", "name", "source_id", "source", "scale_min", "scale_max", "higher_is_better", "unit",
               "source_url"]


class PandasStore:
    """Store's page queries in pandas, reading the Parquet files on each call."""

    def __init__(self, warehouse: Path) -> None:
        self.warehouse = Path(warehouse)
        self.max_rows = 50_000

    # -- reading ---------------------------------------------------------------------------------------
    def _table(self, name: str, columns: list[str] | None = None) -> pd.DataFrame:
        return pd.read_parquet(self.warehouse / f"{name}.parquet", columns=columns)

    def _observations(self, columns: list[str], filters: list[tuple]) -> pd.DataFrame:
        frame = pd.read_parquet(self.warehouse / "observations", columns=columns, filters=filters or None)
        if "year" in frame.columns:
            frame["year"] = frame["year"].astype("int64")
        return frame

    def _framework_indicators(self, framework_id: str) -> list[str]:
        frameworks = self._table("frameworks", ["framework_id", "indicator_id"])
        return frameworks.loc[frameworks["framework_id"] == framework_id, "indicator_id"].unique().tolist()

    # -- what radar.analysis needs -----------------------------------------------------------------------
    def frameworks(self) -> pd.DataFrame:
        f = self._table("frameworks")
        out = f.groupby("framework_id", sort=False).agg(
            framework_name=("framework_name", "first"), short_name=("short_name", "first"),
            description=("description", "first"), measures=("measures", "first"),
            min_coverage=("min_coverage", "first"), n_axes=("axis_id", "nunique"),
            framework_order=("framework_order", "min"))
        return out.sort_values("framework_order").drop(columns="framework_order").reset_index()

    def framework_axes(self, framework_id: str) -> pd.DataFrame:
        f = self._table("frameworks")
        f = f[f["framework_id"] == framework_id][["axis_order", "axis_id", "axis_name", "axis_rationale",
                                                  "indicator_id", "weight"]]
        ind = self._table("indicators").rename(columns={"name": "indicator_name"})[
            ["indicator_id", "indicator_name", "source_id", "source", "scale_min", "scale_max", "higher_is_better",
             "unit", "source_url"]]
        return f.merge(ind, on="indicator_id").sort_values(["axis_order", "indicator_id"], ignore_index=True)

    def framework_years(self, framework_id: str, countries: Sequence[str]) -> list[int]:
        ids = self._framework_indicators(framework_id)
        obs = self._observations(["year"], [("indicator_id", "in", ids), ("country_iso3", "in", list(countries))])
        return sorted(int(y) for y in obs["year"].unique())

    def framework_observations(self, framework_id: str, countries: Sequence[str], year_from: int,
                               year_to: int) -> pd.DataFrame:
        ids = self._framework_indicators(framework_id)
        obs = self._observations(OBS_COLUMNS, [("indicator_id", "in", ids), ("country_iso3", "in", list(countries)),
                                               ("year", ">=", year_from), ("year", "<=", year_to)])
        ind = self._table("indicators", IND_COLUMNS).rename(columns={"name": "indicator_name"})
        out = obs.merge(ind, on="indicator_id")
        return out.sort_values(["country_iso3", "indicator_id", "year"], ignore_index=True)

    def coverage(self, countries: Sequence[str]) -> pd.DataFrame:
        obs = self._observations(["country_iso3", "year", "indicator_id"], [("country_iso3", "in", list(countries))])
        ind = self._table("indicators", ["indicator_id", "source_id", "source"])
        merged = obs.merge(ind, on="indicator_id")
        out = merged.groupby(["country_iso3", "year", "source_id"]).agg(
            source=("source", "first"), n_indicators=("indicator_id", "nunique")).reset_index()
        return out.sort_values(["country_iso3", "year", "source_id"], ignore_index=True)

    def observations(self, countries: Sequence[str], source_ids: Sequence[str], indicator_ids: Sequence[str],
                     year_from: int, year_to: int, limit: int | None = None) -> pd.DataFrame:
        filters: list[tuple] = [("year", ">=", year_from), ("year", "<=", year_to)]
        if countries:
            filters.append(("country_iso3", "in", list(countries)))
        if indicator_ids:
            filters.append(("indicator_id", "in", list(indicator_ids)))
        obs = self._observations(OBS_COLUMNS, filters)
        return self._finish_observations(obs, source_ids, limit)

    def _finish_observations(self, obs: pd.DataFrame, source_ids: Sequence[str], limit: int | None) -> pd.DataFrame:
        ind = self._table("indicators", IND_COLUMNS).rename(columns={"name": "indicator_name"})
        if source_ids:
            ind = ind[ind["source_id"].isin(source_ids)]
        countries = self._table("countries", ["iso3", "name", "region"]).rename(
            columns={"iso3": "country_iso3", "name": "country"})
        out = obs.merge(ind, on="indicator_id").merge(countries, on="country_iso3")
        out = out.sort_values(["year", "region", "country_iso3", "indicator_id"],
                              ascending=[False, False, True, True], ignore_index=True)
        return out.head(min(limit or self.max_rows, self.max_rows))


class MemoryStore(PandasStore):
    """The same answers from every observation held in memory (loaded once)."""

    def __init__(self, warehouse: Path) -> None:
        super().__init__(warehouse)
        self.all = self._observations(OBS_COLUMNS, [])

    def _select(self, columns: list[str], countries: Sequence[str] | None = None, ids: Sequence[str] | None = None,
                year_from: int | None = None, year_to: int | None = None) -> pd.DataFrame:
        frame = self.all
        mask = pd.Series(True, index=frame.index)
        if countries:
            mask &= frame["country_iso3"].isin(list(countries))
        if ids:
            mask &= frame["indicator_id"].isin(list(ids))
        if year_from is not None:
            mask &= frame["year"] >= year_from
        if year_to is not None:
            mask &= frame["year"] <= year_to
        return frame.loc[mask, columns]

    def framework_years(self, framework_id: str, countries: Sequence[str]) -> list[int]:
        obs = self._select(["year"], countries, self._framework_indicators(framework_id))
        return sorted(int(y) for y in obs["year"].unique())

    def framework_observations(self, framework_id: str, countries: Sequence[str], year_from: int,
                               year_to: int) -> pd.DataFrame:
        obs = self._select(OBS_COLUMNS, countries, self._framework_indicators(framework_id), year_from, year_to)
        ind = self._table("indicators", IND_COLUMNS).rename(columns={"name": "indicator_name"})
        return obs.merge(ind, on="indicator_id").sort_values(["country_iso3", "indicator_id", "year"],
                                                             ignore_index=True)

    def coverage(self, countries: Sequence[str]) -> pd.DataFrame:
        obs = self._select(["country_iso3", "year", "indicator_id"], countries)
        ind = self._table("indicators", ["indicator_id", "source_id", "source"])
        out = obs.merge(ind, on="indicator_id").groupby(["country_iso3", "year", "source_id"]).agg(
            source=("source", "first"), n_indicators=("indicator_id", "nunique")).reset_index()
        return out.sort_values(["country_iso3", "year", "source_id"], ignore_index=True)

    def observations(self, countries: Sequence[str], source_ids: Sequence[str], indicator_ids: Sequence[str],
                     year_from: int, year_to: int, limit: int | None = None) -> pd.DataFrame:
        obs = self._select(OBS_COLUMNS, countries, indicator_ids, year_from, year_to)
        return self._finish_observations(obs, source_ids, limit)

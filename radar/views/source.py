"""A `Source` of data for the view builders straight from a Store, without Streamlit (briefing packs, the
command line, tests). The app uses radar.ui.data instead, which answers the same questions from its caches."""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from radar import analysis, frameworks, settings
from radar.analysis import localised_frame
from radar.store import Store


class StoreSource:
    """Answers from one Store, names in the language of the caller's run (scores computed once per key)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._framework = lru_cache(maxsize=32)(lambda fw: analysis.framework(store, fw))
        self._years = lru_cache(maxsize=32)(lambda fw: analysis.framework_years(store, fw))
        self._scores = lru_cache(maxsize=128)(lambda fw, y: analysis.year_scores(store, self._framework(fw), y))
        self._over_time = lru_cache(maxsize=64)(
            lambda fw, ys, cs: analysis.scores_over_time(store, self._framework(fw), list(ys), list(cs)))
        self._change = lru_cache(maxsize=64)(
            lambda fw, a, b, cs, basis: analysis.year_change(self._framework(fw), self._scores(fw, a),
                                                             self._scores(fw, b), cs, basis))

    def year_change(self, framework_id: str, year_a: int, year_b: int, countries: tuple[str, ...],
                    basis: frozenset[str] | None) -> pd.DataFrame:
        change = self._change(framework_id, year_a, year_b, tuple(countries), basis)
        return localised_frame(change, "axis_name")

    def framework_ids(self) -> list[str]:
        return list(self.store.frameworks()["framework_id"])

    def framework(self, framework_id: str) -> analysis.Framework:
        return self._framework(framework_id).localised()

    def framework_years(self, framework_id: str) -> list[int]:
        return self._years(framework_id)

    def axis_ids(self, framework_id: str) -> list[str]:
        return self._framework(framework_id).axis_ids

    def year_scores(self, framework_id: str, year: int) -> analysis.YearScores:
        return self._scores(framework_id, year).localised()

    def scores_over_time(self, framework_id: str, years: tuple[int, ...], countries: tuple[str, ...]
                         ) -> pd.DataFrame:
        return localised_frame(self._over_time(framework_id, tuple(years), tuple(countries)), "axis_name")

    def countries(self) -> pd.DataFrame:
        return localised_frame(self.store.countries(), "name")

    def series_breaks(self) -> list[dict]:
        return frameworks.series_breaks(settings.BREAKS_FILE)

    def coverage(self, countries: tuple[str, ...]) -> pd.DataFrame:
        return analysis.coverage_matrix(self.store, countries)

    def country_names(self) -> dict[str, str]:
        table = self.countries()
        return dict(zip(table["iso3"], table["name"]))

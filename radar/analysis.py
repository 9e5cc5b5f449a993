"""Answers the pages ask for, composed from radar.store queries and radar.scoring rules.

No Streamlit here (radar.ui.data caches these), no SQL (radar.store), no maths of its own (radar.scoring).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property

import pandas as pd

from radar import i18n, scoring
from radar.i18n import _
from radar.schema import EU27, KEPT_COUNTRIES, WB6
from radar.store import Store

WB6_MEAN = "WB6"
EU27_MEAN = "EU27"


def filled_citation(citation: str, editions: str) -> str:
    """A publisher's citation with its '<edition>' or '<year>' placeholder replaced by the editions meant."""
    return re.sub(r"<[a-z]+>", editions or "(edition)", citation)


def editions_cited(editions: str, first_year: int, last_year: int) -> str:
    """How to name the editions of a whole series in a citation: up to three listed, else the span of years."""
    listed = [e.strip() for e in str(editions or "").split(";") if e.strip()]
    return ", ".join(listed) if 0 < len(listed) <= 3 else f"{first_year}–{last_year}"


def cited_sources(sources: pd.DataFrame, editions_used: dict[str, str] | None = None) -> pd.DataFrame:
    """The sources table (radar.store's `sources()`) with each citation's placeholder filled in: with the
    editions a view actually used (`editions_used`, by source name) where given, else with the editions the
    warehouse holds (editions_cited)."""
    used = editions_used or {}
    return sources.assign(citation=[
        filled_citation(c, used.get(s) or editions_cited(e, a, b))
        for c, s, e, a, b in zip(sources["citation"], sources["source"], sources["editions"],
                                 sources["first_year"], sources["last_year"])])


def localised_frame(frame: pd.DataFrame, *columns: str, keep_original: str | None = None) -> pd.DataFrame:
    """`frame` with the text of `columns` in the run's language (unchanged in English). With `keep_original`,
    the first column's English text is kept under that name too (a publisher's own wording)."""
    if keep_original and keep_original not in frame.columns and columns and columns[0] in frame.columns:
        frame = frame.assign(**{keep_original: frame[columns[0]]})
    if i18n.language() == i18n.SOURCE_LANGUAGE:
        return frame
    present = [c for c in columns if c in frame.columns]
    return frame.assign(**{c: frame[c].map(lambda t: _(t) if isinstance(t, str) else t) for c in present})


@dataclass(frozen=True)
class Framework:
    """A framework's identity and rules, and its axes in radar order."""

    framework_id: str
    name: str
    short_name: str
    description: str
    measures: str
    min_coverage: float
    axes: pd.DataFrame  # axis_order, axis_id, axis_name, axis_rationale, indicator_id, weight, indicator metadata

    def localised(self) -> Framework:
        """This framework with its names, axes and indicator names in the run's language."""
        if i18n.language() == i18n.SOURCE_LANGUAGE:
            return self
        axes = localised_frame(self.axes, "indicator_name", "axis_name", "axis_rationale",
                               keep_original="indicator_name_original")
        return replace(self, name=_(self.name), short_name=_(self.short_name), description=_(self.description),
                       axes=axes)

    @cached_property
    def axis_names(self) -> list[str]:
        return self.axes.drop_duplicates("axis_id")["axis_name"].tolist()

    @cached_property
    def axis_ids(self) -> list[str]:
        return self.axes.drop_duplicates("axis_id")["axis_id"].tolist()

    @cached_property
    def sources(self) -> list[str]:
        return sorted(self.axes["source"].unique())

    @cached_property
    def source_ids(self) -> list[str]:
        return sorted(self.axes["source_id"].unique())

    @cached_property
    def indicators_of(self) -> dict[str, list[str]]:
        """Axis id -> the indicator ids behind it."""
        return self.axes.groupby("axis_id", sort=False)["indicator_id"].apply(list).to_dict()


def framework(store: Store, framework_id: str) -> Framework:
    """Return one framework with its axes; KeyError if the id is unknown."""
    meta = store.frameworks().set_index("framework_id")
    if framework_id not in meta.index:
        raise KeyError(framework_id)
    row = meta.loc[framework_id]
    return Framework(framework_id, row["framework_name"], row["short_name"], row["description"], row["measures"],
                     float(row["min_coverage"]), store.framework_axes(framework_id))


def framework_years(store: Store, framework_id: str) -> list[int]:
    """Years with any data for the WB6 in this framework (the years a user can pick)."""
    return store.framework_years(framework_id, WB6)


@dataclass(frozen=True)
class YearScores:
    """Every kept country's scores on one framework in one year, and the values behind them."""

    year: int
    scores: pd.DataFrame  # scoring.AXIS_SCORE_COLUMNS for WB6 + EU-27
    values: pd.DataFrame  # one row per country x indicator actually used: value, year, score, source, ...
    references: pd.DataFrame  # axis_id, axis_name, axis_order, score, n, reference (WB6 / EU27)
    eu_weakest: pd.DataFrame  # per axis: the lowest-scoring EU member

    def for_countries(self, countries: list[str]) -> pd.DataFrame:
        """Scores of `countries` only, in the order given, then axis order."""
        subset = self.scores[self.scores["country_iso3"].isin(countries)].copy()
        subset["_order"] = subset["country_iso3"].map({c: i for i, c in enumerate(countries)})
        return subset.sort_values(["_order", "axis_order"]).drop(columns="_order").reset_index(drop=True)

    def values_for(self, countries: list[str]) -> pd.DataFrame:
        return self.values[self.values["country_iso3"].isin(countries)].reset_index(drop=True)

    def localised(self) -> YearScores:
        """These scores with axis and indicator names in the run's language."""
        if i18n.language() == i18n.SOURCE_LANGUAGE:
            return self
        return replace(self, scores=localised_frame(self.scores, "axis_name"),
                       values=localised_frame(self.values, "indicator_name", "axis_name",
                                              keep_original="indicator_name_original"),
                       references=localised_frame(self.references, "axis_name"),
                       eu_weakest=localised_frame(self.eu_weakest, "axis_name"))


def year_scores(store: Store, fw: Framework, year: int) -> YearScores:
    """Score every kept country on `fw` for `year` (each indicator's latest value up to `year`): read from the
    warehouse's precomputed scores (radar.precompute) when it has them, else computed here."""
    if store.has_scores:
        scores, values, means = store.year_scores(fw.framework_id, year)
        if not scores.empty:
            references = means[["axis_id", "axis_name", "axis_order", "score", "n", "year_min", "year_max",
                                "reference"]]
            return YearScores(year, scores, values, references, scoring.weakest_member(scores, EU27))
    return computed_year_scores(store, fw, year)


def computed_year_scores(store: Store, fw: Framework, year: int) -> YearScores:
    """`year_scores` computed from the observations (the reference the precomputed scores are checked against)."""
    observations = store.framework_observations(fw.framework_id, KEPT_COUNTRIES, year - scoring.MAX_LAG_YEARS, year)
    used = scoring.with_scores(scoring.latest_up_to(observations, year))
    weights = fw.axes[["axis_id", "axis_name", "axis_order", "indicator_id", "weight"]]
    scores = scoring.axis_scores(used, weights, list(KEPT_COUNTRIES), fw.min_coverage)
    values = used.merge(weights, on="indicator_id")
    references = pd.concat([
        scoring.reference_mean(scores, WB6).assign(reference=WB6_MEAN),
        scoring.reference_mean(scores, EU27).assign(reference=EU27_MEAN),
    ], ignore_index=True)
    return YearScores(year, scores, values, references, scoring.weakest_member(scores, EU27))


def scores_over_time(store: Store, fw: Framework, years: list[int], countries: list[str]) -> pd.DataFrame:
    """Axis scores of `countries` for each of `years` (column `year` = the year asked for): precomputed when
    the warehouse has them, else computed here."""
    if store.has_scores and years:
        found = store.scores_over_time(fw.framework_id, years, countries)
        if not found.empty:
            return found[[*scoring.AXIS_SCORE_COLUMNS, "year"]]
    if not years:
        return pd.DataFrame(columns=[*scoring.AXIS_SCORE_COLUMNS, "year"])
    observations = store.framework_observations(
        fw.framework_id, countries, min(years) - scoring.MAX_LAG_YEARS, max(years)
    )
    weights = fw.axes[["axis_id", "axis_name", "axis_order", "indicator_id", "weight"]]
    used = scoring.with_scores(scoring.latest_for_years(observations, years))
    scores = scoring.axis_scores(used, weights, countries, fw.min_coverage, years=years)
    return scores.rename(columns={"target_year": "year"})


def previous_year(years: list[int], year: int) -> int | None:
    """The latest available year before `year`, or None."""
    earlier = [y for y in years if y < year]
    return max(earlier) if earlier else None


def largest_changes(change: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The `n` largest absolute axis changes of a like-for-like frame (`like_for_like`: each change on the
    indicators a country has in both years; the columns say which indicators entered or left), largest first.

    Only axes whose values actually changed count (a value carried forward is no change).
    """
    change = change.dropna(subset=["change"])
    change = change[change["change"].abs() > 1e-9]
    order = change["change"].abs().sort_values(ascending=False).index
    return change.loc[order].head(n).reset_index(drop=True)


WEIGHT_COLUMNS = ["axis_id", "axis_name", "axis_order", "indicator_id", "weight"]


def weights_of(fw: Framework | None, *values: pd.DataFrame) -> pd.DataFrame:
    """A framework's axis weights (or, without one, those carried by indicator-level `values`)."""
    if fw is not None:
        return fw.axes[WEIGHT_COLUMNS]
    return pd.concat([v[WEIGHT_COLUMNS] for v in values]).drop_duplicates(["axis_id", "indicator_id"])


def like_for_like(before: YearScores, after: YearScores, countries: list[str] | tuple[str, ...],
                  fw: Framework | None = None) -> pd.DataFrame:
    """scoring.like_for_like_change between two years' scores, for `countries`."""
    min_coverage = fw.min_coverage if fw is not None else scoring.DEFAULT_MIN_COVERAGE
    return scoring.like_for_like_change(before.values, after.values, weights_of(fw, before.values, after.values),
                                        min_coverage, list(countries))


def year_change(fw: Framework, before: YearScores, after: YearScores, countries: tuple[str, ...],
                basis: frozenset[str] | None) -> pd.DataFrame:
    """like_for_like between two years' scores of `fw` for `countries`, on `basis` (the common indicators; None =
    every indicator each country has): what the data sources cache once per (framework, years, countries,
    basis), since a page's chart and its notes ask for the same comparison."""
    if basis is not None:
        before, after = on_basis(before, fw, basis), on_basis(after, fw, basis)
    return like_for_like(before, after, countries, fw)


def on_basis(scores: YearScores, fw: Framework, indicators: frozenset[str]) -> YearScores:
    """`scores` recomputed on `indicators` only (a common basis): every kept country's axis scores, the WB6 and
    EU-27 means and the weakest EU member, from the same indicator-level values."""
    values = scoring.on_indicators(scores.values, indicators)
    axis = scoring.axis_scores(scoring.indicator_rows(values), fw.axes[WEIGHT_COLUMNS], list(KEPT_COUNTRIES),
                               fw.min_coverage)
    references = pd.concat([
        scoring.reference_mean(axis, WB6).assign(reference=WB6_MEAN),
        scoring.reference_mean(axis, EU27).assign(reference=EU27_MEAN),
    ], ignore_index=True)
    return YearScores(scores.year, axis, values, references, scoring.weakest_member(axis, EU27))


def over_time_from(by_year: dict[int, YearScores], countries: list[str] | tuple[str, ...]) -> pd.DataFrame:
    """Axis scores of `countries` over the years of `by_year` (column `year`), like scores_over_time."""
    frames = [s.for_countries(list(countries)).assign(year=y) for y, s in sorted(by_year.items())]
    if not frames:
        return pd.DataFrame(columns=[*scoring.AXIS_SCORE_COLUMNS, "year"])
    return pd.concat(frames, ignore_index=True)


def distance_to_eu(scores: YearScores, country: str) -> pd.DataFrame:
    """Per axis: the country's score, the EU-27 mean, the WB6 mean, the weakest EU member and the gaps."""
    own = scores.for_countries([country])[["axis_id", "axis_name", "axis_order", "score", "missing_reason",
                                           "year_min", "year_max"]]
    refs = scores.references.pivot(index="axis_id", columns="reference", values="score")
    weakest = scores.eu_weakest.set_index("axis_id")
    out = own.assign(
        wb6_mean=own["axis_id"].map(refs[WB6_MEAN]),
        eu27_mean=own["axis_id"].map(refs[EU27_MEAN]),
        eu_weakest=own["axis_id"].map(weakest["country_iso3"]),
        eu_weakest_score=own["axis_id"].map(weakest["score"]),
    )
    out["gap_to_eu27"] = out["score"] - out["eu27_mean"]
    out["gap_to_wb6"] = out["score"] - out["wb6_mean"]
    return out


def strongest_and_weakest(distance: pd.DataFrame, n: int = 2) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A country's `n` highest-scoring axes (best first) and `n` lowest (worst first), from `distance_to_eu`
    (axes without a score are left out)."""
    ranked = distance.dropna(subset=["score"]).sort_values(["score", "axis_order"])
    return ranked.tail(n).iloc[::-1].reset_index(drop=True), ranked.head(n).reset_index(drop=True)


def coverage_matrix(store: Store, countries: list[str] | tuple[str, ...] = WB6) -> pd.DataFrame:
    """Country x year x source: indicators with a value (absent row = not covered)."""
    return store.coverage(list(countries))

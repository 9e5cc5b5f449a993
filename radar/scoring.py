"""Scoring: normalisation to 0-100, axis scores with a coverage rule, reference means, change and rank.

Pure pandas; no I/O. Every function takes and returns data frames with documented columns, so that each
rule can be checked by hand (tests/unit/test_scoring.py).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# "Year Y" uses each indicator's latest value for a year in [Y - MAX_LAG_YEARS, Y]. Three years spans the
# OC Index's two-year cycle and the WGI's publication lag, and no more: an older value is a gap.
MAX_LAG_YEARS = 3
# An axis is drawn only when the indicators with data carry at least this share of its weight
# (a framework may set its own `min_coverage`).
DEFAULT_MIN_COVERAGE = 0.5

AXIS_SCORE_COLUMNS = [
    "country_iso3", "axis_id", "axis_name", "axis_order", "score", "coverage", "n_indicators",
    "n_available", "year_min", "year_max", "missing_reason", "se",
]
# Two-sided 90% level, the level at which WGI and CPI publish their intervals: a change is "clear" only when
# it exceeds Z_90 standard errors of the difference.
Z_90 = 1.645


def normalised(value, scale_min, scale_max, higher_is_better):
    """Return value mapped to 0-100 on its published scale, flipped where lower is better, clipped to 0-100.

    Works on scalars and on aligned pandas Series / numpy arrays. 100 always means the best end of the scale.
    """
    span = np.asarray(scale_max, dtype=float) - np.asarray(scale_min, dtype=float)
    share = (np.asarray(value, dtype=float) - np.asarray(scale_min, dtype=float)) / span
    share = np.where(np.asarray(higher_is_better, dtype=bool), share, 1.0 - share)
    out = np.clip(share * 100.0, 0.0, 100.0)
    if isinstance(value, pd.Series):
        return pd.Series(out, index=value.index, name="score")
    return float(out) if np.ndim(out) == 0 else out


def with_scores(observations: pd.DataFrame) -> pd.DataFrame:
    """Return observations (with value, scale_min, scale_max, higher_is_better) plus a `score` column and,
    where the publisher gives a standard error (`std_error`), `score_se`: that error on the 0-100 scale."""
    out = observations.copy()
    out["score"] = normalised(out["value"], out["scale_min"], out["scale_max"], out["higher_is_better"])
    if "std_error" in out.columns:
        out["score_se"] = out["std_error"].astype(float) * 100.0 / (out["scale_max"] - out["scale_min"])
    return out


def latest_up_to(observations: pd.DataFrame, year: int, max_lag: int = MAX_LAG_YEARS) -> pd.DataFrame:
    """Return, per country and indicator, the row of the latest year in [year - max_lag, year].

    The returned `year` is the year actually used; callers keep it to show it.
    """
    window = observations[(observations["year"] <= year) & (observations["year"] >= year - max_lag)]
    if window.empty:
        return window.copy()
    latest = window.sort_values("year").groupby(["country_iso3", "indicator_id"], sort=False).tail(1)
    return latest.sort_values(["country_iso3", "indicator_id"], ignore_index=True)


def latest_for_years(observations: pd.DataFrame, years: list[int], max_lag: int = MAX_LAG_YEARS) -> pd.DataFrame:
    """latest_up_to for many years at once: per target year (column `target_year`), country and indicator, the
    row of the latest year in [target_year - max_lag, target_year]. One as-of merge instead of one pass a year."""
    if observations.empty or not years:
        return observations.assign(target_year=pd.Series(dtype="int64")).iloc[0:0]
    keys = observations[["country_iso3", "indicator_id"]].drop_duplicates()
    grid = keys.merge(pd.DataFrame({"target_year": sorted(years)}), how="cross").sort_values("target_year")
    right = observations.assign(_year=observations["year"].astype("int64")).sort_values("_year")
    found = pd.merge_asof(grid, right, left_on="target_year", right_on="_year", by=["country_iso3", "indicator_id"],
                          direction="backward", tolerance=max_lag)
    found = found.dropna(subset=["_year"]).drop(columns="_year")
    found["year"] = found["year"].astype("int64")
    return found.sort_values(["target_year", "country_iso3", "indicator_id"], ignore_index=True)


def axis_scores(
    scored: pd.DataFrame,
    framework: pd.DataFrame,
    countries: list[str],
    min_coverage: float = DEFAULT_MIN_COVERAGE,
    years: list[int] | None = None,
) -> pd.DataFrame:
    """Return one row per country x axis of `framework` with the weighted mean score and its coverage.

    `scored`: rows (country_iso3, indicator_id, year, score) already reduced to one value per country and
    indicator (see latest_up_to). `framework`: rows (axis_id, axis_name, axis_order, indicator_id, weight).
    An axis whose available weight share is below `min_coverage` gets score NaN and a `missing_reason`;
    it is never 0. Columns: AXIS_SCORE_COLUMNS.

    With `years`, `scored` holds a `target_year` column (see latest_for_years) and the result has one row per
    target year x country x axis, with that year in `target_year`.
    """
    fw = framework[["axis_id", "axis_name", "axis_order", "indicator_id", "weight"]].reset_index(drop=True)
    countries = sorted(dict.fromkeys(countries))
    targets = sorted(set(years)) if years is not None else [None]
    axes = fw.drop_duplicates("axis_id").sort_values("axis_order", kind="stable")
    ny, nc, na = len(targets), len(countries), len(axes)
    # Dense (target year x country x framework row) arrays of the values used: a few numpy reductions per axis
    # instead of pandas merges and groupbys (this runs on every like-for-like comparison and basis change).
    indicators = pd.Index(fw["indicator_id"].unique())
    shape = (ny, nc, len(indicators))
    score, year, se = np.full(shape, np.nan), np.full(shape, np.nan), np.full(shape, np.nan)
    if len(scored) and nc and len(indicators):
        ci = pd.Index(countries).get_indexer(scored["country_iso3"])
        ii = indicators.get_indexer(scored["indicator_id"])
        yi = pd.Index(targets).get_indexer(scored["target_year"]) if years is not None else np.zeros(len(ci), int)
        ok = (ci >= 0) & (ii >= 0) & (yi >= 0)
        at = (yi[ok], ci[ok], ii[ok])
        score[at] = pd.to_numeric(scored["score"], errors="coerce").to_numpy(float, na_value=np.nan)[ok]
        year[at] = pd.to_numeric(scored["year"], errors="coerce").to_numpy(float, na_value=np.nan)[ok]
        if "score_se" in scored:
            se[at] = pd.to_numeric(scored["score_se"], errors="coerce").to_numpy(float, na_value=np.nan)[ok]
    rows = indicators.get_indexer(fw["indicator_id"])
    weight = fw["weight"].to_numpy(float)
    score, year, se = score[..., rows], year[..., rows], se[..., rows]
    has = ~np.isnan(score)
    out = {name: np.full((ny, nc, na), np.nan) for name in
           ("w_total", "w_has", "w_score", "w2_se2", "n_indicators", "n_available", "year_min", "year_max")}
    se_missing = np.zeros((ny, nc, na), bool)
    for k, axis_id in enumerate(axes["axis_id"]):
        cols = np.flatnonzero(fw["axis_id"].to_numpy() == axis_id)
        w, h = weight[cols], has[..., cols]
        out["w_total"][..., k] = w.sum()
        out["w_has"][..., k] = np.where(h, w, 0.0).sum(axis=-1)
        out["w_score"][..., k] = np.where(h, w * np.nan_to_num(score[..., cols]), 0.0).sum(axis=-1)
        out["w2_se2"][..., k] = np.where(h, np.nan_to_num((w * se[..., cols]) ** 2), 0.0).sum(axis=-1)
        se_missing[..., k] = (h & np.isnan(se[..., cols])).any(axis=-1)
        out["n_indicators"][..., k] = len(cols)
        out["n_available"][..., k] = h.sum(axis=-1)
        y = year[..., cols]
        seen = ~np.isnan(y).all(axis=-1)
        out["year_min"][..., k] = np.where(seen, np.where(np.isnan(y), np.inf, y).min(axis=-1, initial=np.inf), np.nan)
        out["year_max"][..., k] = np.where(seen, np.where(np.isnan(y), -np.inf, y).max(axis=-1, initial=-np.inf),
                                           np.nan)
    flat = {name: values.reshape(-1) for name, values in out.items()}
    with np.errstate(invalid="ignore", divide="ignore"):
        coverage = flat["w_has"] / flat["w_total"]
        enough = (coverage >= min_coverage - 1e-12) & (flat["w_has"] > 0)
        mean = np.where(enough, flat["w_score"] / np.where(flat["w_has"] > 0, flat["w_has"], 1.0), np.nan)
        error = np.where(enough & ~se_missing.reshape(-1), np.sqrt(flat["w2_se2"]) / flat["w_has"], np.nan)
    n_available = flat["n_available"].astype("int64")
    n_indicators = flat["n_indicators"].astype("int64")
    result = pd.DataFrame({
        "country_iso3": np.tile(np.repeat(np.array(countries, dtype=object), na), ny),
        "axis_id": np.tile(axes["axis_id"].to_numpy(object), ny * nc),
        "axis_name": np.tile(axes["axis_name"].to_numpy(object), ny * nc),
        "axis_order": np.tile(axes["axis_order"].to_numpy(), ny * nc),
        "score": mean,
        "coverage": coverage,
        "n_indicators": n_indicators,
        "n_available": n_available,
        "year_min": flat["year_min"],
        "year_max": flat["year_max"],
        "missing_reason": np.where(enough, "", _missing_reasons(n_available, n_indicators, min_coverage)),
        "se": error,
    })
    if years is not None:
        result["target_year"] = np.repeat(np.array(targets), nc * na)
    return result


def _missing_reasons(n_available: pd.Series, n_indicators: pd.Series, min_coverage: float) -> list[str]:
    return [
        "no data" if a == 0 else f"only {a} of {n} indicators have data (needs {min_coverage:.0%} of the weight)"
        for a, n in zip(n_available, n_indicators)
    ]


def reference_mean(scores: pd.DataFrame, countries: tuple[str, ...] | list[str], by: tuple[str, ...] = ()
                   ) -> pd.DataFrame:
    """Return per axis the mean score of `countries` that have one: axis_id, axis_name, axis_order, score, n.
    With `by` (e.g. ("year",) for scores over time), one mean per value of those columns and axis."""
    subset = scores[scores["country_iso3"].isin(countries)]
    grouped = subset.groupby([*by, "axis_id", "axis_name", "axis_order"], sort=False).agg(
        score=("score", "mean"), n=("score", "count"), year_min=("year_min", "min"), year_max=("year_max", "max")
    )
    return grouped.reset_index().sort_values([*by, "axis_order"], ignore_index=True)


def weakest_member(scores: pd.DataFrame, countries: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """Return per axis the lowest-scoring of `countries`: axis_id, axis_order, country_iso3, score."""
    subset = scores[scores["country_iso3"].isin(countries) & scores["score"].notna()]
    idx = subset.groupby("axis_id")["score"].idxmin()
    out = subset.loc[idx, ["axis_id", "axis_name", "axis_order", "country_iso3", "score"]]
    return out.sort_values("axis_order", ignore_index=True)


def change_between(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Return per country and axis the score in both years and `change` = after - before (NaN if either missing).

    Where both scores carry a published standard error (`se`), `change_se` is the error of the difference and
    `clear` says whether the change exceeds its 90% margin (True/False); without published errors `clear` is
    None (uncertainty unknown).
    """
    keys = ["country_iso3", "axis_id"]
    take = ["score"] + (["se"] if "se" in after.columns and "se" in before.columns else [])
    merged = after[keys + ["axis_name", "axis_order", *take]].merge(
        before[keys + take], on=keys, how="outer", suffixes=("_after", "_before")
    )
    merged["change"] = merged["score_after"] - merged["score_before"]
    if "se_after" in merged:
        merged["change_se"] = np.sqrt(merged["se_after"] ** 2 + merged["se_before"] ** 2)
    else:
        merged["change_se"] = np.nan
    merged["clear"] = [None if pd.isna(e) or pd.isna(c) else bool(abs(c) > Z_90 * e)
                       for c, e in zip(merged["change"], merged["change_se"])]
    return merged.sort_values(["country_iso3", "axis_order"], ignore_index=True)


def paired_overall_change(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """Per country: the mean of its axis scores in each year over the axes it has in BOTH years, and the change.

    Only paired axes count, so an axis that gains data (e.g. a source that starts covering a country) never
    shows up as a change. Columns: country_iso3, score_before, score_after, change, n_axes.
    """
    paired = change_between(before, after).dropna(subset=["score_before", "score_after"])
    grouped = paired.groupby("country_iso3", sort=False).agg(
        score_before=("score_before", "mean"), score_after=("score_after", "mean"), n_axes=("axis_id", "size"))
    grouped["change"] = grouped["score_after"] - grouped["score_before"]
    return grouped.reset_index()


# -- like for like: the same indicators across countries and across years --------------------------------
def indicator_rows(values: pd.DataFrame, countries: list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:
    """One row per country x indicator with a score (`values` may repeat an indicator once per axis)."""
    rows = values[values["score"].notna()]
    if countries is not None:
        rows = rows[rows["country_iso3"].isin(countries)]
    return rows.drop_duplicates(["country_iso3", "indicator_id"]).reset_index(drop=True)


def common_indicators(values_by_year: list[pd.DataFrame], countries: list[str] | tuple[str, ...]) -> frozenset[str]:
    """The indicator ids that every one of `countries` has a score for in every frame of `values_by_year`
    (one frame of indicator-level values per year compared)."""
    common: set[str] | None = None
    for values in values_by_year:
        rows = indicator_rows(values, countries)
        for iso3 in countries:
            own = set(rows.loc[rows["country_iso3"] == iso3, "indicator_id"])
            common = own if common is None else common & own
    return frozenset(common or ())


def on_indicators(values: pd.DataFrame, indicators: frozenset[str] | set[str]) -> pd.DataFrame:
    """`values` restricted to `indicators` (the rows an axis score may use under a common basis)."""
    return values[values["indicator_id"].isin(indicators)].reset_index(drop=True)


def indicator_basis(values: pd.DataFrame, weights: pd.DataFrame, countries: list[str] | tuple[str, ...]
                    ) -> pd.DataFrame:
    """Per country x axis: the indicators (in framework order) and sources its score rests on.

    Columns: country_iso3, axis_id, indicators (tuple of ids), sources (tuple of source ids, sorted)."""
    rows = indicator_rows(values, countries)
    source_of = dict(zip(rows["indicator_id"], rows["source_id"])) if "source_id" in rows else {}
    have = set(zip(rows["country_iso3"], rows["indicator_id"]))
    axes = [(axis_id, tuple(part["indicator_id"])) for axis_id, part in weights.groupby("axis_id", sort=False)]
    out = []
    for iso3 in countries:
        for axis_id, indicators in axes:
            ids = tuple(i for i in indicators if (iso3, i) in have)
            out.append((iso3, axis_id, ids, tuple(sorted({source_of.get(i, "") for i in ids}))))
    return pd.DataFrame(out, columns=["country_iso3", "axis_id", "indicators", "sources"])


def mixed_axes(basis: pd.DataFrame, scores: pd.DataFrame) -> frozenset[str]:
    """Axes on which the countries that have a score rest on different indicator sets (`basis` from
    indicator_basis, `scores` from axis_scores: a country drawn as a gap does not count)."""
    scored = scores.loc[scores["score"].notna(), ["country_iso3", "axis_id"]]
    merged = basis.merge(scored, on=["country_iso3", "axis_id"])
    sets = merged.groupby("axis_id")["indicators"].agg(lambda s: len(set(s)))
    return frozenset(sets[sets > 1].index)


def like_for_like_change(values_a: pd.DataFrame, values_b: pd.DataFrame, weights: pd.DataFrame,
                         min_coverage: float = DEFAULT_MIN_COVERAGE,
                         countries: list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:
    """Per country and axis, the change between two years on the indicators the country has in BOTH years.

    `values_a`, `values_b`: indicator-level normalised values of the two years (country_iso3, indicator_id,
    year, score, optional score_se; e.g. analysis.YearScores.values). `weights`: axis_id, axis_name,
    axis_order, indicator_id, weight. The paired scores follow the coverage rule of axis_scores (paired
    indicators must carry `min_coverage` of the axis weight, else the change is NaN).

    Columns: those of change_between (score_before, score_after, change, change_se, clear: all on the paired
    indicators), plus `all_before`, `all_after` (each year's score on all its own indicators, as a chart
    draws it), `paired`, `entered`, `left` (tuples of indicator ids: in both years, only in the later, only in
    the earlier) and `basis_changed` (an indicator entered or left).
    """
    a, b = indicator_rows(values_a, countries), indicator_rows(values_b, countries)
    if countries is None:
        countries = sorted(set(a["country_iso3"]) | set(b["country_iso3"]))
    countries = list(countries)
    keys = ["country_iso3", "indicator_id"]
    both = a[keys].merge(b[keys], on=keys)
    # The four scorings (each year on the paired indicators, then on all its own) in one pass of axis_scores.
    parts = (a.merge(both, on=keys), b.merge(both, on=keys), a, b)
    stacked = pd.concat([part.assign(target_year=i) for i, part in enumerate(parts)], ignore_index=True)
    scored = axis_scores(stacked, weights, countries, min_coverage, years=list(range(len(parts))))
    before, after, own_a, own_b = (scored[scored["target_year"] == i].drop(columns="target_year")
                                   .reset_index(drop=True) for i in range(len(parts)))
    out = change_between(before, after)
    own_a = own_a.set_index(["country_iso3", "axis_id"])["score"]
    own_b = own_b.set_index(["country_iso3", "axis_id"])["score"]
    index = pd.MultiIndex.from_frame(out[["country_iso3", "axis_id"]])
    out["all_before"] = own_a.reindex(index).to_numpy()
    out["all_after"] = own_b.reindex(index).to_numpy()
    in_a, in_b = set(zip(a["country_iso3"], a["indicator_id"])), set(zip(b["country_iso3"], b["indicator_id"]))
    indicators_of = weights.groupby("axis_id", sort=False)["indicator_id"].apply(list).to_dict()
    paired, entered, left = [], [], []
    for iso3, axis_id in zip(out["country_iso3"], out["axis_id"]):
        ids = indicators_of.get(axis_id, [])
        paired.append(tuple(i for i in ids if (iso3, i) in in_a and (iso3, i) in in_b))
        entered.append(tuple(i for i in ids if (iso3, i) in in_b and (iso3, i) not in in_a))
        left.append(tuple(i for i in ids if (iso3, i) in in_a and (iso3, i) not in in_b))
    out["paired"], out["entered"], out["left"] = paired, entered, left
    out["basis_changed"] = [bool(e or lt) for e, lt in zip(entered, left)]
    return out


def first_years(values_by_year: dict[int, pd.DataFrame], countries: list[str] | tuple[str, ...] | None = None
                ) -> dict[tuple[str, str], int]:
    """(country, indicator) -> the first of the years in `values_by_year` in which it has a score."""
    out: dict[tuple[str, str], int] = {}
    for year in sorted(values_by_year):
        rows = indicator_rows(values_by_year[year], countries)
        for key in zip(rows["country_iso3"], rows["indicator_id"]):
            out.setdefault(key, year)
    return out

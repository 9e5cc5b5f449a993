"""Like for like: which indicators a view's scores rest on, and the view's scores on a common basis.

`basis=all` (the default) scores each country on every indicator it has; an axis on which the shown countries
rest on different indicators is marked (◆) and every finding that compares countries there says so.
`basis=common` scores each axis only on the indicators that every shown country has in every year the view
compares (`compared_years`). Changes between two years are always computed on the indicators a country has in
both years (radar.scoring.like_for_like_change), whatever the basis. Pure functions of a spec and a source.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import plotly.graph_objects as go

from radar import analysis, charts, findings, scoring
from radar.i18n import _
from radar.schema import EU27
from radar.views.spec import BASIS_COMMON, ViewSpec

if TYPE_CHECKING:
    from radar.views.build import Source

MARK = "◆"  # on an axis label: the countries' scores on this axis rest on different indicators


def span_years(spec: ViewSpec, source: Source) -> tuple[int, ...]:
    """The years with data from `spec.year_from` to `spec.year_to`."""
    years = source.framework_years(spec.framework_id)
    return tuple(y for y in years if spec.year_from <= y <= spec.year_to)


def compared_years(spec: ViewSpec, source: Source) -> tuple[int, ...]:
    """The years a view compares: Change over time, every year of its span; the Overview, the year and the
    previous one ("what changed"); any other page, its year."""
    if spec.page == "change":
        return span_years(spec, source) or (spec.year_to,)
    if spec.page == "overview":
        prev = analysis.previous_year(source.framework_years(spec.framework_id), spec.year)
        return (prev, spec.year) if prev else (spec.year,)
    return (spec.year,)


def shown_countries(spec: ViewSpec) -> tuple[str, ...]:
    return (spec.country,) if spec.page == "country" else spec.countries


def common_basis(spec: ViewSpec, source: Source) -> frozenset[str] | None:
    """The indicators every shown country has in every compared year (None under basis=all)."""
    if spec.basis != BASIS_COMMON:
        return None
    values = [source.year_scores(spec.framework_id, y).values for y in compared_years(spec, source)]
    return scoring.common_indicators(values, shown_countries(spec))


def scores_for(spec: ViewSpec, source: Source, year: int, basis: frozenset[str] | None = None
               ) -> analysis.YearScores:
    """Every kept country's scores in `year` on the spec's basis."""
    scores = source.year_scores(spec.framework_id, year)
    basis = common_basis(spec, source) if basis is None else basis
    return scores if basis is None else analysis.on_basis(scores, source.framework(spec.framework_id), basis)


def over_time_for(spec: ViewSpec, source: Source, years: tuple[int, ...], countries: tuple[str, ...]
                  ) -> pd.DataFrame:
    """Axis scores of `countries` over `years` on the spec's basis."""
    basis = common_basis(spec, source)
    if basis is None:
        return source.scores_over_time(spec.framework_id, years, countries)
    return analysis.over_time_from({y: scores_for(spec, source, y, basis) for y in years}, countries)


def labels(fw: analysis.Framework) -> dict[str, str]:
    """Indicator id -> short name ('WJP 8.2', 'OC Index: Prevention')."""
    rows = fw.axes.drop_duplicates("indicator_id")
    return {i: findings.indicator_label(i, n) for i, n in zip(rows["indicator_id"], rows["indicator_name"])}


def basis_of(scores: analysis.YearScores, fw: analysis.Framework, countries: tuple[str, ...] | list[str]
             ) -> pd.DataFrame:
    """Per shown country x axis: the indicators and sources its score rests on (scoring.indicator_basis)."""
    return scoring.indicator_basis(scores.values_for(list(countries)), fw.axes[analysis.WEIGHT_COLUMNS],
                                   list(countries))


def mixed_notes(scores: analysis.YearScores, fw: analysis.Framework, countries: tuple[str, ...] | list[str],
                names: dict[str, str]) -> dict[str, str]:
    """Axis id -> in words, how the shown countries' indicators differ there (only axes where they do)."""
    basis = basis_of(scores, fw, countries)
    shown = scores.for_countries(list(countries))
    return findings.basis_notes(basis, shown, scoring.mixed_axes(basis, shown), names, labels(fw))


def like_for_like(spec: ViewSpec, source: Source, year_a: int, year_b: int) -> pd.DataFrame:
    """The shown countries' axis changes from `year_a` to `year_b` on the indicators each has in both years
    (on the spec's basis)."""
    return source.year_change(spec.framework_id, year_a, year_b, shown_countries(spec), common_basis(spec, source))


def entered_in(spec: ViewSpec, source: Source) -> dict[tuple[str, str], int]:
    """(country, indicator) -> the first compared year in which it has a value (for "the OC Index enters in
    2021")."""
    years = compared_years(spec, source)
    return scoring.first_years({y: source.year_scores(spec.framework_id, y).values for y in years},
                               shown_countries(spec))


def score_basis_column(scores: pd.DataFrame, basis: pd.DataFrame, mixed: frozenset[str] | set[str],
                       names: dict[str, str]) -> list[str]:
    """Per row of `scores`: the indicators its score uses, marked ◆ where the countries' indicators differ."""
    used = {(c, a): ids for c, a, ids in zip(basis["country_iso3"], basis["axis_id"], basis["indicators"])}
    return [(MARK + " " if a in mixed and pd.notna(s) else "")
            + ", ".join(names.get(i, i) for i in used.get((c, a), ()))
            for c, a, s in zip(scores["country_iso3"], scores["axis_id"], scores["score"])]


def marked_radar(*, mixed: tuple[str, ...] = (), notes: tuple[tuple[str, str], ...] = (), **kwargs) -> go.Figure:
    """charts.radar_figure with each axis in `mixed` (axis names) marked ◆ on its label, and the words of
    `notes` (axis name, text) in the hover of every country on that axis."""
    fig = charts.radar_figure(**kwargs)
    if not mixed:
        return fig
    axis_names = list(kwargs["axis_names"])
    theta = None
    said = dict(notes)
    for trace in fig.data:
        if not (isinstance(trace.meta, dict) and "iso3" in trace.meta) or trace.hovertext is None:
            continue
        theta = list(trace.theta)
        hover = list(trace.hovertext)
        for i, axis in enumerate(axis_names):
            if axis in said:
                hover[i] += "<br>" + MARK + " " + said[axis]
        hover[-1] = hover[0]
        trace.hovertext = hover
    if theta:
        text = [t + " " + MARK if axis in mixed else t for t, axis in zip(theta[:-1], axis_names)]
        fig.update_polars(angularaxis={"tickmode": "array", "tickvals": theta[:-1], "ticktext": text})
        subtitle = fig.layout.title.text or ""
        key = _("◆ the countries’ scores on this axis rest on different indicators (hover for which)")
        fig.layout.title.text = subtitle.replace("</sup>", " · " + key + "</sup>") if "</sup>" in subtitle else \
            subtitle + "<br><sup>" + key + "</sup>"
    return fig


def reference_note(scores: analysis.YearScores, fw: analysis.Framework, country: str, name: str) -> str:
    """On a country view: in words, the axes on which the country's score rests on fewer sources than most
    EU-27 members' scores (those of the means it is compared with), e.g. Kosovo without the OC Index; ''
    when it rests on the same sources everywhere (and always under a common basis, which scores the means on
    the country's own indicators)."""
    basis = scoring.indicator_basis(scores.values, fw.axes[analysis.WEIGHT_COLUMNS], [country, *EU27])
    scored = scores.scores.loc[scores.scores["score"].notna(), ["country_iso3", "axis_id"]]
    basis = basis.merge(scored, on=["country_iso3", "axis_id"])
    axis_name = dict(zip(fw.axis_ids, fw.axis_names))
    lacking: dict[tuple[str, ...], list[str]] = {}
    for axis_id, part in basis.groupby("axis_id", sort=False):
        own = part.loc[part["country_iso3"] == country, "sources"]
        eu = part.loc[part["country_iso3"] != country, "sources"]
        if own.empty or eu.empty:
            continue
        missing = tuple(sorted(set(eu.mode().iloc[0]) - set(own.iloc[0])))
        if missing:
            lacking.setdefault(missing, []).append(axis_name[axis_id])
    return " ".join(_("On {axes}, {country}’s score rests on fewer sources than most EU members’ (without {sources}): "
                      "its gap to the EU-27 mean there is not like for like.").format(
        axes=", ".join(axes), country=name, sources=findings.sources_words(list(missing)))
        for missing, axes in lacking.items())

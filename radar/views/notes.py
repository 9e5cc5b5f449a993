"""What a page writes beside its chart — findings, gaps, the largest changes, coverage — made from its view
spec by pure functions, like the chart itself (radar.views.build), so that it too is computed once per spec and
shared by every session that shows the same view."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from radar import analysis, charts, findings, i18n, scoring
from radar.i18n import num
from radar.schema import WB6
from radar.views.build import Source, span_years
from radar.views.spec import ViewSpec


@dataclass(frozen=True)
class Change:
    """One line of 'what changed': a country's axis score before and after."""

    country: str
    axis: str
    before: str
    after: str
    change: str
    rising: bool
    within_uncertainty: bool


@dataclass(frozen=True)
class Notes:
    findings: tuple[findings.Finding, ...] = ()
    gaps: tuple[str, ...] = ()  # "Country — Axis: why it is a gap"
    changes: tuple[Change, ...] = ()
    previous_year: int | None = None
    coverage: tuple[tuple[str, int], ...] = ()  # (country name, axes with enough data)
    n_axes: int = 0
    leaders: tuple[findings.Finding, ...] = ()
    breaks: tuple[findings.Finding, ...] = field(default=())


def gap_lines(scores: pd.DataFrame, names: dict[str, str]) -> tuple[str, ...]:
    """The axes drawn as gaps, with the reason, so that a gap is never read as a zero."""
    missing = scores[scores["score"].isna()]
    return tuple(f"{names.get(r.country_iso3, r.country_iso3)} — {r.axis_name}: "
                 f"{charts.describe_missing(r.n_available, r.n_indicators)}" for r in missing.itertuples(index=False))


def _overview(spec: ViewSpec, source: Source) -> Notes:
    fw = source.framework(spec.framework_id)
    names = source.country_names()
    shown = list(spec.countries)
    now = source.year_scores(spec.framework_id, spec.year)
    scores = now.for_countries(shown)
    prev = analysis.previous_year(source.framework_years(spec.framework_id), spec.year)
    items: list[findings.Finding] = []
    changes: tuple[Change, ...] = ()
    if prev:
        before = source.year_scores(spec.framework_id, prev)
        items += findings.change_findings(scoring.change_between(before.for_countries(shown), scores), names, prev,
                                          spec.year, fw.indicators_of)
        top = analysis.biggest_changes(before, now, shown, n=6)
        changes = tuple(Change(names[r.country_iso3], r.axis_name, num(r.score_before), num(r.score_after),
                               num(r.change, signed=True), r.change > 0, r.clear is False)
                        for r in top.itertuples(index=False))
    items += findings.missing_findings(scores, names, len(fw.axis_ids))
    breaks = tuple(findings.break_findings(source.series_breaks(), fw.source_ids, prev, spec.year)) if prev else ()
    covered = scores.groupby("country_iso3")["score"].count()
    return Notes(tuple(items), gap_lines(scores, names), changes, prev,
                 tuple((names[c], int(covered.get(c, 0))) for c in shown if c in WB6), len(fw.axis_ids),
                 breaks=breaks)


def _compare(spec: ViewSpec, source: Source) -> Notes:
    fw = source.framework(spec.framework_id)
    names = source.country_names()
    scores = source.year_scores(spec.framework_id, spec.year).for_countries(list(spec.countries))
    return Notes(tuple(findings.missing_findings(scores, names, len(fw.axis_ids))), gap_lines(scores, names),
                 n_axes=len(fw.axis_ids), leaders=tuple(findings.leader_findings(scores, names)))


def _change(spec: ViewSpec, source: Source) -> Notes:
    fw = source.framework(spec.framework_id)
    names = source.country_names()
    over_time = source.scores_over_time(spec.framework_id, span_years(spec, source), spec.countries)
    first, last = (over_time[over_time["year"] == y] for y in (spec.year_from, spec.year_to))
    items = findings.change_findings(scoring.change_between(first, last), names, spec.year_from, spec.year_to,
                                     fw.indicators_of)
    breaks = findings.break_findings(source.series_breaks(), fw.source_ids, spec.year_from, spec.year_to)
    return Notes(tuple(items), breaks=tuple(breaks), n_axes=len(fw.axis_ids))


def _country(spec: ViewSpec, source: Source) -> Notes:
    names = source.country_names()
    own = source.year_scores(spec.framework_id, spec.year).for_countries([spec.country])
    return Notes(gaps=gap_lines(own, names))


NOTES: dict[str, Callable[[ViewSpec, Source], Notes]] = {
    "overview": _overview, "compare": _compare, "change": _change, "country": _country,
}


def notes(spec: ViewSpec, source: Source) -> Notes:
    """The notes of the page `spec` is on (empty for a page without any)."""
    with i18n.using(spec.language):
        make = NOTES.get(spec.page)
        return make(spec, source) if make else Notes()


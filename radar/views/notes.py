"""What a page writes beside its chart — findings, gaps, the largest changes, coverage — made from its view
spec by pure functions, like the chart itself (radar.views.build), so that it too is computed once per spec and
shared by every session that shows the same view."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from radar import analysis, charts, findings, i18n
from radar.i18n import num
from radar.schema import WB6
from radar.views import basis as like
from radar.views.build import Source
from radar.views.spec import BASIS_COMMON, ViewSpec


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
    note: str = ""  # where the axis score drawn is not like for like with the change: why


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
    # A country profile's highest- and lowest-scoring axes: (axis name, score, gap to the EU-27 mean or None)
    strongest: tuple[tuple[str, float, float | None], ...] = ()
    weakest: tuple[tuple[str, float, float | None], ...] = ()


def gap_lines(scores: pd.DataFrame, names: dict[str, str], common: bool = False) -> tuple[str, ...]:
    """The axes drawn as gaps, with the reason, so that a gap is never read as a zero (under a common basis,
    every gap is an axis with too few indicators shared by all shown countries)."""
    missing = scores[scores["score"].isna()]
    if common:  # one line per axis: the reason is the same for every country
        shared = i18n._("too few of its indicators are shared by every shown country in every year compared")
        return tuple(f"{axis}: {shared}" for axis in dict.fromkeys(missing["axis_name"]))
    return tuple(f"{names.get(r.country_iso3, r.country_iso3)} — {r.axis_name}: "
                 f"{charts.describe_missing(r.n_available, r.n_indicators)}" for r in missing.itertuples(index=False))


def gap_findings(spec: ViewSpec, scores: pd.DataFrame, names: dict[str, str], n_axes: int
                 ) -> list[findings.Finding]:
    """The findings about gaps: per country, and under a common basis one sentence for the axes left out."""
    if spec.basis != BASIS_COMMON:
        return findings.missing_findings(scores, names, n_axes)
    out = [f for f in (findings.common_gap_finding(scores, n_axes),) if f is not None]
    left_out = scores.groupby("axis_id")["score"].apply(lambda s: s.isna().all())
    rest = scores[~scores["axis_id"].map(left_out)]
    return out + findings.missing_findings(rest, names, n_axes)


def _overview(spec: ViewSpec, source: Source) -> Notes:
    fw = source.framework(spec.framework_id)
    names = source.country_names()
    shown = list(spec.countries)
    now = like.scores_for(spec, source, spec.year)
    scores = now.for_countries(shown)
    prev = analysis.previous_year(source.framework_years(spec.framework_id), spec.year)
    items: list[findings.Finding] = []
    changes: tuple[Change, ...] = ()
    if prev:
        labels, entered = like.labels(fw), like.entered_in(spec, source)
        change = like.like_for_like(spec, source, prev, spec.year)
        items += findings.change_findings(change, names, prev, spec.year, fw.indicators_of, labels, entered)
        shift = findings.basis_shift_finding(change, names, prev, spec.year, labels, entered)
        items += [shift] if shift else []
        top = analysis.largest_changes(change, n=6)
        changes = tuple(Change(names[r.country_iso3], r.axis_name, num(r.score_before), num(r.score_after),
                               num(r.change, signed=True), r.change > 0, r.clear is False,
                               findings.basis_change_note(r._asdict(), spec.year, labels, entered))
                        for r in top.itertuples(index=False))
    items += gap_findings(spec, scores, names, len(fw.axis_ids))
    breaks = tuple(findings.break_findings(source.series_breaks(), fw.source_ids, prev, spec.year)) if prev else ()
    covered = scores.groupby("country_iso3")["score"].count()
    return Notes(tuple(items), gap_lines(scores, names, spec.basis == BASIS_COMMON), changes, prev,
                 tuple((names[c], int(covered.get(c, 0))) for c in shown if c in WB6), len(fw.axis_ids),
                 breaks=breaks)


def _compare(spec: ViewSpec, source: Source) -> Notes:
    fw = source.framework(spec.framework_id)
    names = source.country_names()
    now = like.scores_for(spec, source, spec.year)
    scores = now.for_countries(list(spec.countries))
    return Notes(tuple(gap_findings(spec, scores, names, len(fw.axis_ids))),
                 gap_lines(scores, names, spec.basis == BASIS_COMMON),
                 n_axes=len(fw.axis_ids), leaders=tuple(findings.leader_findings(
                     scores, names, like.mixed_notes(now, fw, spec.countries, names))))


def _change(spec: ViewSpec, source: Source) -> Notes:
    fw = source.framework(spec.framework_id)
    names = source.country_names()
    change = like.like_for_like(spec, source, spec.year_from, spec.year_to)
    labels, entered = like.labels(fw), like.entered_in(spec, source)
    items = findings.change_findings(change, names, spec.year_from, spec.year_to, fw.indicators_of, labels, entered)
    shift = findings.basis_shift_finding(change, names, spec.year_from, spec.year_to, labels, entered)
    items += [shift] if shift else []
    breaks = findings.break_findings(source.series_breaks(), fw.source_ids, spec.year_from, spec.year_to)
    return Notes(tuple(items), breaks=tuple(breaks), n_axes=len(fw.axis_ids))


def _axis_lines(rows: pd.DataFrame) -> tuple[tuple[str, float, float | None], ...]:
    return tuple((r.axis_name, float(r.score), None if pd.isna(r.gap_to_eu27) else float(r.gap_to_eu27))
                 for r in rows.itertuples(index=False))


def _country(spec: ViewSpec, source: Source) -> Notes:
    names = source.country_names()
    own = like.scores_for(spec, source, spec.year).for_countries([spec.country])
    strongest, weakest = analysis.strongest_and_weakest(
        analysis.distance_to_eu(source.year_scores(spec.framework_id, spec.year), spec.country))
    return Notes(gaps=gap_lines(own, names, spec.basis == BASIS_COMMON), strongest=_axis_lines(strongest),
                 weakest=_axis_lines(weakest))


NOTES: dict[str, Callable[[ViewSpec, Source], Notes]] = {
    "overview": _overview, "compare": _compare, "change": _change, "country": _country,
}


def notes(spec: ViewSpec, source: Source) -> Notes:
    """The notes of the page `spec` is on (empty for a page without any)."""
    with i18n.using(spec.language):
        make = NOTES.get(spec.page)
        return make(spec, source) if make else Notes()


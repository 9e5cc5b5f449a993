"""Built views: a view spec in, its figure(s), table, finding, title and export name out, by pure functions.

Every page, presenter mode, exports and decks draw a chart through `build(spec, source)`: the page draws it on
screen, presenter mode with the presenter style, an export with the export style. A built view is never
mutated after it is made, so one can be shared by every session that asks for the same spec.

`source` is whatever gives the data (radar.ui.data in the app: cached, in the run's language; a Store-backed
object in tests); see `Source`.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any, Protocol

import pandas as pd
import plotly.graph_objects as go

from radar import analysis, charts, countries, findings, i18n, scoring
from radar.i18n import _
from radar.schema import WB6
from radar.views import basis as like
from radar.views.basis import span_years
from radar.views.spec import BASIS_COMMON, MEAN_AXIS, ViewSpec

__all__ = ["Built", "Source", "build", "span_years"]

FONT_SCALE = {"screen": 1.0, "presenter": 2.0, "export": charts.EXPORT_FONT_SCALE, "print": 1.0}
PRESENTER_HEIGHT = 600


class Source(Protocol):
    """The data a builder reads (names and scores already in the spec's language)."""

    def framework(self, framework_id: str) -> analysis.Framework: ...

    def framework_years(self, framework_id: str) -> list[int]: ...

    def year_scores(self, framework_id: str, year: int) -> analysis.YearScores: ...

    def scores_over_time(self, framework_id: str, years: tuple[int, ...], countries: tuple[str, ...]
                         ) -> pd.DataFrame: ...

    def countries(self) -> pd.DataFrame: ...

    def country_names(self) -> dict[str, str]: ...

    def coverage(self, countries: tuple[str, ...]) -> pd.DataFrame: ...

    def year_change(self, framework_id: str, year_a: int, year_b: int, countries: tuple[str, ...],
                    basis: frozenset[str] | None) -> pd.DataFrame: ...

    def series_breaks(self) -> list[dict]: ...


@dataclass(frozen=True)
class Built:
    """One view, ready to draw: its figure(s) (none for a table view), its data table (the text alternative and
    the CSV/Excel download), its one-sentence finding, and what its exports need."""

    spec: ViewSpec
    title: str
    subtitle: str
    figures: tuple[go.Figure, ...]
    table: pd.DataFrame | None
    finding: str
    export_name: str
    countries: tuple[str, ...]  # shown (for the Kosovo footnote)
    sources: tuple[str, ...]
    measures: str
    alt: str = ""
    make: Callable[..., go.Figure] | None = field(default=None, compare=False)  # builder with data bound

    @property
    def figure(self) -> go.Figure | None:
        return self.figures[0] if self.figures else None


def score_table(scores: pd.DataFrame, names: dict[str, str], used: list[str] | None = None) -> pd.DataFrame:
    """Country x axis scores as a readable table (missing = empty, with the reason); with `used`, the
    indicators each score rests on (like.score_basis_column)."""
    table = pd.DataFrame({
        _("Country"): scores["country_iso3"].map(names),
        _("Axis"): scores["axis_name"],
        _("Score (0-100)"): scores["score"].round(1),
        _("Data year"): [charts.years_text(a, b) for a, b in zip(scores["year_min"], scores["year_max"])],
        _("Coverage"): (scores["coverage"] * 100).round(0).astype("Int64").astype(str) + "%",
        _("Note"): [charts.describe_missing(a, n) if pd.isna(s) else ""
                    for s, a, n in zip(scores["score"], scores["n_available"], scores["n_indicators"])],
    })
    if "year" in scores.columns:
        table[_("Year")] = scores["year"].to_numpy()
    if used is not None:
        table[_("Indicators used")] = used
    return table


def style_kwargs(spec: ViewSpec) -> dict[str, Any]:
    """Font scale and size of a style (the export's footnote and size are added by the export)."""
    if spec.style == "presenter":
        return {"font_scale": FONT_SCALE["presenter"], "height": PRESENTER_HEIGHT}
    return {}


def _palette(spec: ViewSpec, source: Source) -> pd.DataFrame:
    countries = source.countries()
    return charts.with_colours(countries, charts.PRESENTER_COLOURS) if spec.style == "presenter" else countries


def _focus(spec: ViewSpec) -> dict[str, str]:
    return {"focus": spec.focus} if spec.focus else {}


# Text from the data that a chart draws: plotly reads a subset of HTML in its text (<a href>, <br>, <b>...), so
# names reach a figure HTML-escaped (plotly shows the entities as the characters they stand for).
CHART_TEXT_COLUMNS = ("axis_name", "indicator_name", "name", "source", "unit", "edition", "country")
CHART_TEXT_ARGS = ("title", "subtitle", "axis_names", "country_name")


def chart_safe(value: Any) -> Any:
    """`value` (a frame, a list of names or a text) with the data's text escaped for a plotly figure."""
    if isinstance(value, pd.DataFrame):
        present = [c for c in CHART_TEXT_COLUMNS if c in value.columns]
        return value.assign(**{c: value[c].map(lambda t: html.escape(t, quote=False) if isinstance(t, str) else t)
                               for c in present}) if present else value
    if isinstance(value, str):
        return html.escape(value, quote=False)
    if isinstance(value, list | tuple):
        return [html.escape(v, quote=False) if isinstance(v, str) else v for v in value]
    return value


def _bind(builder: Callable[..., go.Figure], **bound: Any) -> Callable[..., go.Figure]:
    """The builder with its data bound (the data's text escaped for plotly); style keywords (font_scale, height,
    footnote) may still be given."""
    safe = {k: chart_safe(v) if isinstance(v, pd.DataFrame) or k in CHART_TEXT_ARGS else v for k, v in bound.items()}
    return partial(builder, **safe)


def _make(builder: Callable[..., go.Figure], spec: ViewSpec, **bound: Any) -> Callable[..., go.Figure]:
    """`_bind`, following the spec's focus country."""
    return _bind(builder, **bound, **_focus(spec))


def build(spec: ViewSpec, source: Source) -> Built:
    """The view `spec` describes, built in the spec's language."""
    with i18n.using(spec.language):
        return BUILDERS[(spec.page, spec.view)](spec, source)


# -- one builder per (page, view type) ------------------------------------------------------------------
def _snapshot(spec: ViewSpec, source: Source):
    fw = source.framework(spec.framework_id)
    now = like.scores_for(spec, source, spec.year)
    return fw, now, now.for_countries(list(spec.countries)), source.country_names()


def _basis_table(spec: ViewSpec, fw: analysis.Framework, now: analysis.YearScores, scores: pd.DataFrame,
                 names: dict[str, str], notes: dict[str, str]) -> pd.DataFrame:
    """The score table with the indicators each score uses (◆ where the countries' indicators differ)."""
    used = like.score_basis_column(scores, like.basis_of(now, fw, spec.countries), set(notes), like.labels(fw))
    return score_table(scores, names, used)


def _built(spec: ViewSpec, fw: analysis.Framework, make: Callable[..., go.Figure] | None, *, title: str,
           table: pd.DataFrame | None, finding: str, name: str, countries: tuple[str, ...] | None = None,
           alt: str = "", figures: tuple[go.Figure, ...] | None = None) -> Built:
    if figures is None:
        figures = (make(**style_kwargs(spec)),) if make is not None else ()
    subtitle = ""
    if figures:
        text = html.unescape(figures[0].layout.title.text or "")  # the page escapes it again for its HTML
        title, _sep, subtitle = text.partition("<br><sup>")
        subtitle = subtitle.removesuffix("</sup>")
    return Built(spec, title, subtitle, figures, table, finding, name, countries or spec.countries,
                 tuple(fw.sources), fw.measures, alt, make)


def _radar(spec: ViewSpec, source: Source) -> Built:
    fw, now, scores, names = _snapshot(spec, source)
    countries = list(spec.countries)
    prev = analysis.previous_year(source.framework_years(spec.framework_id), spec.year)
    changes = analysis.largest_changes(like.like_for_like(spec, source, prev, spec.year), n=6) \
        if prev else scores.iloc[0:0]
    if spec.page == "overview":
        title = f"{fw.name}, {spec.year}"
        subtitle = _("Dashed: WB6 mean · dotted: EU-27 mean · outward = better")
        bands = False
    else:
        title = f"{fw.short_name}, {spec.year}"
        bands = len(countries) <= 2 and bool(scores["se"].notna().any())
        subtitle = _("Dashed: WB6 mean · dotted: EU-27 mean") + (
            " · " + _("shaded: published 90% margin") if bands else "")
    notes = like.mixed_notes(now, fw, countries, names)
    axis_name = dict(zip(fw.axis_ids, fw.axis_names))
    make = _make(like.marked_radar, spec, scores=scores, countries=_palette(spec, source),
                 axis_names=fw.axis_names, title=title, subtitle=subtitle, references=now.references,
                 values=now.values_for(countries), bands=bands,
                 mixed=tuple(axis_name[a] for a in notes), notes=tuple((axis_name[a], t) for a, t in notes.items()),
                 **({"label_wrap": 20} if spec.style == "presenter" else {}))
    return _built(spec, fw, make, title=title, table=_basis_table(spec, fw, now, scores, names, notes),
                  finding=findings.comparison_headline(scores, changes, names, spec.year, prev, notes,
                                                       spec.basis == BASIS_COMMON),
                  name=f"wb-ocr-{spec.framework_id}-{spec.year}" + ("" if spec.page == "overview" else "-radar"),
                  alt=_("Radar of axis scores for the selected countries with WB6 and EU-27 means."))


def _multiples(spec: ViewSpec, source: Source) -> Built:
    fw, now, scores, names = _snapshot(spec, source)
    wb6_ref = now.references[now.references["reference"] == "WB6"]
    palette = _palette(spec, source)
    scale = style_kwargs(spec).get("font_scale", 1.0)
    figures = tuple(
        _bind(charts.radar_figure, scores=now.for_countries([iso3]), countries=palette, axis_names=fw.axis_names,
              title=countries.label(iso3, names[iso3]), references=wb6_ref, values=now.values_for([iso3]),
              show_legend=False, label_wrap=14)(height=round(430 * min(scale, 1.2)), font_scale=min(scale, 1.4))
        for iso3 in spec.countries)
    built = _built(spec, fw, None, title=f"{fw.short_name}, {spec.year}", table=score_table(scores, names),
                   finding=findings.comparison_headline(scores, scores.iloc[0:0], names, spec.year, None,
                                                        like.mixed_notes(now, fw, spec.countries, names),
                                                        spec.basis == BASIS_COMMON),
                   name=f"wb-ocr-{spec.framework_id}-{spec.year}-multiples", figures=figures)
    return _retitled(built, f"{fw.short_name}, {spec.year}",
                     _("Each panel: one country (solid) against the WB6 mean (dashed)."))


def _retitled(built: Built, title: str, subtitle: str) -> Built:
    return replace(built, title=title, subtitle=subtitle)


def _heatmap(spec: ViewSpec, source: Source) -> Built:
    fw, now, scores, names = _snapshot(spec, source)
    title = f"{fw.short_name}, {spec.year}"
    presenter = spec.style == "presenter"
    make = _make(charts.heatmap_figure, spec, scores=scores, countries=_palette(spec, source),
                 axis_names=fw.axis_names, title=title,
                 subtitle=_("Score 0–100, darker = lower; empty cell = not enough data"),
                 values=now.values_for(list(spec.countries)), **({"label_wrap": 48} if presenter else {}))
    built = _built(spec, fw, make if not presenter else None, title=title, table=score_table(scores, names),
                   finding=findings.comparison_headline(scores, scores.iloc[0:0], names, spec.year, None,
                                                        like.mixed_notes(now, fw, spec.countries, names),
                                                        spec.basis == BASIS_COMMON),
                   name=f"wb-ocr-{spec.framework_id}-{spec.year}-heatmap",
                   figures=(make(font_scale=1.5, height=PRESENTER_HEIGHT + 40),) if presenter else None)
    return built if not presenter else _with_make(built, make)


def _with_make(built: Built, make: Callable[..., go.Figure]) -> Built:
    return replace(built, make=make)


def wide_table(spec: ViewSpec, scores: pd.DataFrame, references: pd.DataFrame, axis_names: list[str],
               names: dict[str, str]) -> pd.DataFrame:
    """Axes as rows, countries and the two means as columns (the Table view)."""
    wide = scores.assign(country=scores["country_iso3"].map(names)).pivot(
        index="axis_name", columns="country", values="score").reindex(axis_names).round(1)
    wide = wide[[names[c] for c in spec.countries]]
    refs = references.pivot(index="axis_name", columns="reference", values="score").round(1)
    wide[_("WB6 mean")] = refs["WB6"]
    wide[_("EU-27 mean")] = refs["EU27"]
    return wide.rename_axis(_("Axis")).reset_index()


def _table(spec: ViewSpec, source: Source) -> Built:
    fw, now, scores, names = _snapshot(spec, source)
    return _built(spec, fw, None, title=f"{fw.short_name}, {spec.year}",
                  table=wide_table(spec, scores, now.references, fw.axis_names, names),
                  finding=findings.comparison_headline(scores, scores.iloc[0:0], names, spec.year, None,
                                                        like.mixed_notes(now, fw, spec.countries, names),
                                                        spec.basis == BASIS_COMMON),
                  name=f"wb-ocr-{spec.framework_id}-{spec.year}-table", figures=())


def _over_time(spec: ViewSpec, source: Source):
    fw = source.framework(spec.framework_id)
    return fw, like.over_time_for(spec, source, span_years(spec, source), spec.countries), source.country_names()


def _span_name(spec: ViewSpec) -> str:
    return f"wb-ocr-{spec.framework_id}-{spec.year_from}-{spec.year_to}-{spec.view}"


def _animated(spec: ViewSpec, source: Source) -> Built:
    fw, over_time, names = _over_time(spec, source)
    title = f"{fw.short_name}, {spec.year_from}–{spec.year_to}"
    make = _make(charts.animated_radar_figure, spec, over_time=over_time, countries=_palette(spec, source),
                 axis_names=fw.axis_names, title=title, subtitle=_("Press ▶ to play, or drag the year slider"),
                 start_year=spec.year_to)
    return _built(spec, fw, make, title=title, table=score_table(over_time, names),
                  finding=_span_finding(spec, source, names, fw), name=_span_name(spec))


def _span_finding(spec: ViewSpec, source: Source, names: dict[str, str], fw: analysis.Framework) -> str:
    """The span's largest change, like for like (on the indicators a country has in both years)."""
    items = findings.change_findings(like.like_for_like(spec, source, spec.year_from, spec.year_to), names,
                                     spec.year_from, spec.year_to, fw.indicators_of, like.labels(fw),
                                     like.entered_in(spec, source))
    return items[0].text if items else _("{fw}: each axis from {a} to {b}, one line per government.").format(
        fw=fw.short_name, a=spec.year_from, b=spec.year_to)


def slope_change(spec: ViewSpec, over_time: pd.DataFrame) -> pd.DataFrame:
    """The slope view's changes: on one axis, or on the mean of the axes a country has in both years."""
    pick = over_time if spec.axis == MEAN_AXIS else over_time[over_time["axis_id"] == spec.axis]
    ends = [pick[pick["year"] == y] for y in (spec.year_from, spec.year_to)]
    return (scoring.paired_overall_change if spec.axis == MEAN_AXIS else scoring.change_between)(*ends)


def axis_choices(fw: analysis.Framework) -> dict[str, str]:
    """The slope view's axis choices: the mean of all axes, then each axis."""
    return {MEAN_AXIS: _("Mean of all axes"), **dict(zip(fw.axis_ids, fw.axis_names))}


def _slope(spec: ViewSpec, source: Source) -> Built:
    fw, over_time, names = _over_time(spec, source)
    axis_name = axis_choices(fw).get(spec.axis, _("Mean of all axes"))
    change = slope_change(spec, over_time)
    make = _make(charts.slope_figure, spec, change=change, countries=_palette(spec, source),
                 year_a=spec.year_from, year_b=spec.year_to,
                 title=f"{axis_name}: {spec.year_from} → {spec.year_to}", subtitle=fw.short_name)
    table = change.assign(country=change["country_iso3"].map(names))[
        ["country", "score_before", "score_after", "change"]].round(1)
    return _built(spec, fw, make, title="", table=table, name=_span_name(spec),
                  finding=findings.slope_headline(slope_like_for_like(spec, source), names, spec.year_from,
                                                  spec.year_to, axis_name))


def slope_like_for_like(spec: ViewSpec, source: Source) -> pd.DataFrame:
    """The slope's changes for its finding, like for like: on one axis, each country on the indicators it has
    in both years; on the mean of the axes, the mean of those like-for-like axis scores over the axes a
    country has in both years (`basis_changed` where any indicator entered or left)."""
    change = like.like_for_like(spec, source, spec.year_from, spec.year_to)
    if spec.axis != MEAN_AXIS:
        return change[change["axis_id"] == spec.axis]
    paired = change.dropna(subset=["score_before", "score_after"])
    out = paired.groupby("country_iso3", sort=False).agg(
        score_before=("score_before", "mean"), score_after=("score_after", "mean"),
        basis_changed=("basis_changed", "any")).reset_index()
    out["change"] = out["score_after"] - out["score_before"]
    return out


def _lines(spec: ViewSpec, source: Source) -> Built:
    fw, over_time, names = _over_time(spec, source)
    presenter = spec.style == "presenter"
    make = _make(charts.lines_figure, spec, over_time=over_time, countries=_palette(spec, source),
                 axis_names=fw.axis_names, title=f"{fw.short_name}, {spec.year_from}–{spec.year_to}",
                 **({"columns": 4} if presenter else {}))
    figures = (make(font_scale=1.4, height=PRESENTER_HEIGHT),) if presenter else None
    return _built(spec, fw, make, title="", table=score_table(over_time, names), name=_span_name(spec),
                  finding=_span_finding(spec, source, names, fw), figures=figures)


def _country_snapshot(spec: ViewSpec, source: Source):
    fw = source.framework(spec.framework_id)
    now = like.scores_for(spec, source, spec.year)
    names = source.country_names()
    return fw, now, names, countries.label(spec.country, names[spec.country])


def _profile(spec: ViewSpec, source: Source) -> Built:
    fw, now, names, label = _country_snapshot(spec, source)
    own = now.for_countries([spec.country])
    distance = analysis.distance_to_eu(now, spec.country)
    presenter = spec.style == "presenter"
    title = (f"{label}: {fw.short_name}, {spec.year}" if presenter else
             _("{c} against the WB6 and EU-27 means, {y}").format(c=label, y=spec.year))
    make = _make(charts.radar_figure, spec, scores=own, countries=_palette(spec, source), axis_names=fw.axis_names,
                 title=title, references=now.references, values=now.values_for([spec.country]),
                 **({"label_wrap": 20} if presenter else {"height": 600}))
    return _built(spec, fw, make, title=title, table=score_table(own, names), countries=(spec.country,),
                  finding=_country_finding(spec, fw, now, distance, names),
                  name=f"wb-ocr-{spec.country}-{spec.framework_id}-{spec.year}")


def _country_finding(spec: ViewSpec, fw: analysis.Framework, now: analysis.YearScores, distance: pd.DataFrame,
                     names: dict[str, str]) -> str:
    """The profile's headline, and where the country rests on fewer sources than the EU means: said."""
    head = findings.country_headline(distance, names[spec.country], spec.year)
    note = like.reference_note(now, fw, spec.country, names[spec.country]) if spec.basis != BASIS_COMMON else ""
    return f"{head} {note}".strip()


def distance_table(distance: pd.DataFrame) -> pd.DataFrame:
    return distance[["axis_name", "score", "wb6_mean", "eu27_mean", "gap_to_eu27", "eu_weakest",
                     "eu_weakest_score"]].round(1)


def _gap(spec: ViewSpec, source: Source) -> Built:
    fw, now, names, label = _country_snapshot(spec, source)
    distance = analysis.distance_to_eu(now, spec.country)
    colour = _palette(spec, source).set_index("iso3").at[spec.country, "colour"]
    make = _bind(charts.gap_dot_figure, distance=distance, country_name=label, colour=colour,
                   title=_("{c}: distance to the EU on each axis, {y}").format(c=label, y=spec.year),
                   subtitle=_("Country vs WB6 mean, EU-27 mean and weakest EU member"))
    return _built(spec, fw, make, title="", table=distance_table(distance), countries=(spec.country,),
                  finding=_country_finding(spec, fw, now, distance, names),
                  name=f"wb-ocr-{spec.country}-{spec.framework_id}-{spec.year}-gap")


def _trend(spec: ViewSpec, source: Source) -> Built:
    fw, _now, names, label = _country_snapshot(spec, source)
    years = tuple(source.framework_years(spec.framework_id))
    over_time = like.over_time_for(spec, source, years, (spec.country,))
    make = _make(charts.lines_figure, spec, over_time=over_time, countries=_palette(spec, source),
                 axis_names=fw.axis_names, title=f"{label}: {fw.short_name}")
    return _built(spec, fw, make, title="", table=score_table(over_time, names), countries=(spec.country,),
                  finding="", name=f"wb-ocr-{spec.country}-{spec.framework_id}-trend")


def _coverage(spec: ViewSpec, source: Source) -> Built:
    coverage = source.coverage(tuple(WB6))
    countries = source.countries()
    years = sorted(coverage["year"].unique().tolist())
    sources = tuple(sorted(coverage["source"].unique()))
    make = _bind(charts.coverage_figure, coverage=coverage, countries=countries[countries["iso3"].isin(WB6)],
                 years=years, title=_("Coverage: country × year × source (WB6)"))
    names = source.country_names()
    built = _built(spec, source.framework(spec.framework_id), make, title="", finding="", countries=tuple(WB6),
                   table=coverage.assign(country=coverage["country_iso3"].map(names)), name="wb-ocr-coverage")
    return replace(built, sources=sources)


BUILDERS: dict[tuple[str, str], Callable[[ViewSpec, Source], Built]] = {
    ("overview", "radar"): _radar,
    ("compare", "radar"): _radar,
    ("compare", "multiples"): _multiples,
    ("compare", "heatmap"): _heatmap,
    ("compare", "table"): _table,
    ("change", "radar"): _animated,
    ("change", "slope"): _slope,
    ("change", "lines"): _lines,
    ("country", "profile"): _profile,
    ("country", "gap"): _gap,
    ("country", "trend"): _trend,
    ("methodology", "coverage"): _coverage,
}

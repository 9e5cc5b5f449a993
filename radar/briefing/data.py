"""What a briefing pack contains: one government on one framework in one year, gathered once (numbers, findings,
the three views of the Country profile page as the view builders make them, sources and methodology), then
written out as a PDF (radar.briefing.pdf) or a deck (radar.briefing.pptx)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from radar import analysis, countries, findings, frameworks, i18n, scoring, settings
from radar.i18n import _
from radar.schema import EU27, KEPT_COUNTRIES, WB6
from radar.store import Store
from radar.views.build import Built, build
from radar.views.evidence import AxisEvidence, why_from_values
from radar.views.source import StoreSource
from radar.views.spec import BASIS_ALL, ViewSpec

AUTHOR = "WB-OCR Radar"
PUBLISHER = "Balkan Security Platform"
PDF_MIME = "application/pdf"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
N_EXTREMES = 2  # strongest and weakest axes listed, as on the Country profile page
VIEWS = ("profile", "gap", "trend")  # the Country profile page's views a pack draws, in page order
STYLES = ("export", "presenter")  # the PDF's charts are exports of the page's views, the slides' are presented


@dataclass(frozen=True)
class Briefing:
    """Everything a briefing pack shows about one country on one framework in one year, numbers included."""

    country: str  # iso3
    name: str  # "Serbia"
    name_local: str  # "Србија / Srbija"
    label: str  # the name as printed on charts ("Kosovo*" carries the designation's asterisk)
    framework: analysis.Framework
    year: int
    years: list[int]  # the trend's years: from the first with a score up to `year`
    generated: date
    version: str
    language: str
    views: dict[tuple[str, str], Built]  # (style, view type) -> the page's view built from its spec
    finding: str  # the profile view's finding (radar.findings.country_headline), as on the page
    distance_finding: str  # radar.findings.distance_headline (the country named as in the page's finding)
    trend_finding: str  # radar.findings.trend_headline
    scores: pd.DataFrame  # the country's axis scores (scoring.AXIS_SCORE_COLUMNS)
    distance: pd.DataFrame  # analysis.distance_to_eu
    trend: pd.DataFrame  # axis scores per year of the country, and of the WB6 and EU-27 means (iso3 'WB6', 'EU27')
    strongest: pd.DataFrame  # rows of `distance`, best first
    weakest: pd.DataFrame  # rows of `distance`, worst first
    indicators: pd.DataFrame  # every indicator of every axis, with the value used (NaN where none), its level labels
    why: list[AxisEvidence]  # per axis: the network's scores with their level and evidence, then the publishers'
    sources: pd.DataFrame  # source, citation, source_url, licence, editions (used here), caveat
    methodology: str
    kosovo_footnote: str  # "" unless the country is Kosovo

    @property
    def title(self) -> str:
        return _("Country briefing: {country}, {framework}, {year}").format(
            country=self.label, framework=self.framework.short_name, year=self.year)

    @property
    def file_stem(self) -> str:
        return file_stem(self.country, self.framework.framework_id, self.year)

    @property
    def how_to_cite(self) -> str:
        return _("{author} ({publisher}), \u201c{title}\u201d, generated {d} from data version {v}. Cite the "
                 "original source of each number as listed under Sources.").format(
            author=AUTHOR, publisher=PUBLISHER, title=self.title, d=self.generated.isoformat(), v=self.version)

    @property
    def source_line(self) -> str:
        """One line naming the sources and editions used, for chart captions and slide footers."""
        used = [f"{r.source}, {r.editions}" if r.editions else r.source for r in self.sources.itertuples()]
        return (_("Sources: ") + "; ".join(used) + ". " + _("{author}, {publisher}, {d}.").format(
            author=AUTHOR, publisher=PUBLISHER, d=self.generated.isoformat()))

    @property
    def direction_note(self) -> str:
        text = _("Scores 0\u2013100 on each indicator's published scale; outward (right, up) = better.")
        if self.framework.measures == "threat":
            text += " " + _("This framework measures the criminal THREAT a government faces (GI-TOC: higher = "
                            "more crime), flipped so that outward = less criminality; it is not a performance "
                            "score.")
        return text

    @property
    def network_scores(self) -> int:
        """How many of the network's own scores the pack shows (0: every axis rests on the publishers)."""
        return sum(len(a.network) for a in self.why)

    @property
    def missing_axes(self) -> list[str]:
        """'axis: reason' for each axis drawn as a gap."""
        gone = self.scores[self.scores["score"].isna()]
        return [f"{r.axis_name}: {r.missing_reason}" for r in gone.itertuples(index=False)]


def file_stem(country: str, framework_id: str, year: int) -> str:
    """The download name of a briefing, without extension."""
    return f"wb-ocr-briefing-{country}-{framework_id}-{year}"


def view_spec(country: str, framework_id: str, year: int, view: str, *, language: str, version: str,
              style: str = "export", basis: str = BASIS_ALL) -> ViewSpec:
    """The spec of one of the Country profile page's views, as the page would make it for this country."""
    return ViewSpec(page="country", view=view, framework_id=framework_id, countries=(country,), year=year,
                    country=country, language=language, version=version, style=style, basis=basis)


def build_briefing(store: Store, country: str, framework_id: str, year: int, *, version: str = "base",
                   today: date | None = None, language: str | None = None, source: StoreSource | None = None,
                   basis: str = BASIS_ALL) -> Briefing:
    """Gather one country's briefing from the warehouse (KeyError for an unknown framework or country), in
    `language` (default: the run's). Its charts are the Country profile page's views (radar.views.build) in
    the export style (the PDF) and the presenter style (the slides)."""
    if country not in WB6:
        raise KeyError(country)
    language = language or i18n.language()
    source = source or StoreSource(store)
    with i18n.using(language):
        fw = source.framework(framework_id)  # KeyError for an unknown framework
        views = {(style, v): build(view_spec(country, framework_id, year, v, language=language, version=version,
                                             style=style, basis=basis), source) for style in STYLES for v in VIEWS}
        row = source.countries().set_index("iso3").loc[country]
        label = countries.label(country, row["name"])
        now = source.year_scores(framework_id, year)
        distance = analysis.distance_to_eu(now, country)
        trend = trend_with_means(source, framework_id, country, year)
        years = sorted(trend["year"].unique().tolist()) or [year]
        strongest, weakest = extremes(distance)
        values = now.values_for([country])
        return Briefing(
            country=country, name=row["name"], name_local=row["name_local"], label=label, framework=fw, year=year,
            years=years, generated=today or date.today(), version=version, language=language, views=views,
            finding=views["export", "profile"].finding,
            distance_finding=findings.distance_headline(distance, row["name"], year),
            trend_finding=findings.trend_headline(trend, country), scores=now.for_countries([country]),
            distance=distance, trend=trend, strongest=strongest, weakest=weakest,
            indicators=indicator_rows(fw, values), why=why_from_values(values),
            sources=sources_used(store.sources(), fw, values),
            methodology=methodology_note(fw, year),
            kosovo_footnote=" ".join(_(f) for f in countries.footnotes([country])),
        )


def trend_with_means(source: StoreSource, framework_id: str, country: str, year: int) -> pd.DataFrame:
    """Axis scores per year of `country` (the trend view's data, up to `year`), plus rows 'WB6' and 'EU27'
    holding each year's means (scoring.reference_mean), from the first year any of them has a score."""
    years = tuple(y for y in source.framework_years(framework_id) if y <= year) or (year,)
    columns = ["country_iso3", "year", "axis_id", "axis_name", "axis_order", "score"]
    frames = [source.scores_over_time(framework_id, years, (country,))]
    every = source.scores_over_time(framework_id, years, KEPT_COUNTRIES)
    for ref_id, members in ((analysis.WB6_MEAN, WB6), (analysis.EU27_MEAN, EU27)):
        frames.append(scoring.reference_mean(every, members, by=("year",)).assign(country_iso3=ref_id))
    trend = pd.concat(frames, ignore_index=True)[columns]
    scored = trend.dropna(subset=["score"])
    if not scored.empty:  # earlier years would be empty panels
        trend = trend[trend["year"] >= scored["year"].min()]
    return trend.sort_values(["country_iso3", "year", "axis_order"], ignore_index=True)


def extremes(distance: pd.DataFrame, n: int = N_EXTREMES) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The strongest axes (best first) and the weakest (worst first): up to `n` each, and never more than half
    of the axes with a score, so that no axis is listed as both."""
    ranked = distance.dropna(subset=["score"]).sort_values(["score", "axis_order"], ascending=[False, True])
    k = max(1, min(n, len(ranked) // 2))
    return ranked.head(k).reset_index(drop=True), ranked.iloc[::-1].head(k).reset_index(drop=True)


def indicator_rows(fw: analysis.Framework, values: pd.DataFrame) -> pd.DataFrame:
    """Every indicator of every axis in radar order, with the value used for the country (NaN where none) and its
    indicator's level labels (`scale_labels`, where the values carry them)."""
    axes = fw.axes[["axis_order", "axis_id", "axis_name", "indicator_id", "indicator_name", "unit", "source",
                    "source_url"]]
    used = values[[c for c in ("indicator_id", "value", "year", "edition", "score", "scale_labels") if c in values]]
    return axes.merge(used, on="indicator_id", how="left").sort_values(
        ["axis_order", "source", "indicator_name"], ignore_index=True)


def sources_used(sources: pd.DataFrame, fw: analysis.Framework, values: pd.DataFrame) -> pd.DataFrame:
    """The framework's sources with their citation (filled with the editions used here, else with the editions
    the warehouse holds: analysis.cited_sources), link, licence and caveats (source_caveats)."""
    table = sources[sources["source"].isin(fw.sources)].reset_index(drop=True)
    editions = values.groupby("source")["edition"].agg(lambda e: ", ".join(sorted(set(map(str, e))))).to_dict()
    table = analysis.cited_sources(table, editions)
    caveats = source_caveats()
    table["editions_all"] = table["editions"].fillna("")
    table["editions"] = table["source"].map(editions).fillna("")
    table["caveat"] = [caveats.get(s, "") for s in table["source_id"]]
    return table[["source_id", "source", "citation", "source_url", "licence", "editions", "editions_all", "caveat"]]


def source_caveats(path: Path = settings.BREAKS_FILE) -> dict[str, str]:
    """The reviewed caveats of each source ({source_id: text in the run's language})."""
    return {source_id: _(text) for source_id, text in frameworks.source_caveats(path).items()}


def methodology_note(fw: analysis.Framework, year: int) -> str:
    """A short paragraph of the scoring rules of docs/methodology.md, with this framework's numbers."""
    lag = scoring.MAX_LAG_YEARS
    text = _(
        "Every number is a value published by its source, read from the publisher's own file: nothing is typed "
        "in, estimated or gap-filled. Each value is mapped to 0\u2013100 on its indicator's published scale, "
        "score = (value \u2212 scale minimum) / (scale maximum \u2212 scale minimum) \u00d7 100, and flipped "
        "where a higher value is worse, so that a higher score (outward on the radar) always means better. "
        "\u201c{year}\u201d uses each indicator's latest value for a year from {y0} to {year} (at most {lag} "
        "years older); the year actually used is listed with every indicator. An axis score is the weighted "
        "mean of its indicators that have a value; an axis is shown only when these carry at least {cov:.0%} "
        "of its weight, otherwise it is missing \u2014 a gap, never a zero. The WB6 and EU-27 means are "
        "unweighted means of the countries that have the axis; a change is a difference in points on the "
        "0\u2013100 scale."
    ).format(year=year, y0=year - lag, lag=lag, cov=fw.min_coverage)
    if fw.measures == "threat":
        text += " " + _("This framework measures the criminal threat a government faces, not its performance.")
    return text

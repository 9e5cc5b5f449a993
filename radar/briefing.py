"""Country briefing pack: one government's radar, gaps, trend and evidence as a PDF (reportlab) and a PPTX deck."""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd
import plotly.graph_objects as go
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Inches, Pt
from reportlab.lib import colors
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)

from radar import analysis, charts, findings, i18n, images, scoring
from radar.i18n import _, num
from radar.schema import EU27, KEPT_COUNTRIES, KOSOVO_FOOTNOTE, WB6
from radar.store import Store

AUTHOR = "WB-OCR Radar"
PUBLISHER = "Balkan Security Platform"
PDF_MIME = "application/pdf"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
METHODOLOGY_FILE = Path(__file__).resolve().parents[1] / "docs" / "methodology.md"
MEAN_COLOURS = {analysis.WB6_MEAN: "#6b7280", analysis.EU27_MEAN: "#111827"}
MEAN_NAMES = {analysis.WB6_MEAN: "WB6 mean", analysis.EU27_MEAN: "EU-27 mean"}
N_EXTREMES = 2  # strongest and weakest axes listed, as on the Country profile page


# -- the data of a briefing ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Briefing:
    """Everything a briefing pack shows about one country on one framework in one year, numbers included."""

    country: str  # iso3
    name: str  # "Serbia"
    name_local: str  # "Србија / Srbija"
    label: str  # the name as printed on charts ("Kosovo*" carries the designation's asterisk)
    colour: str
    framework: analysis.Framework
    year: int
    years: list[int]  # the trend's years: the framework's years up to `year`
    generated: date
    version: str
    finding: str  # radar.findings.country_headline
    distance_finding: str
    trend_finding: str
    countries: pd.DataFrame  # the countries table (chart colours)
    scores: pd.DataFrame  # the country's axis scores (scoring.AXIS_SCORE_COLUMNS)
    references: pd.DataFrame  # WB6 and EU-27 means per axis
    distance: pd.DataFrame  # analysis.distance_to_eu
    trend: pd.DataFrame  # axis scores per year of the country and of the WB6 and EU-27 means
    strongest: pd.DataFrame  # rows of `distance`, best first
    weakest: pd.DataFrame  # rows of `distance`, worst first
    indicators: pd.DataFrame  # every indicator of every axis, with the value used (NaN where none)
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
    def missing_axes(self) -> list[str]:
        """'axis: reason' for each axis drawn as a gap."""
        gone = self.scores[self.scores["score"].isna()]
        return [f"{r.axis_name}: {r.missing_reason}" for r in gone.itertuples(index=False)]


def file_stem(country: str, framework_id: str, year: int) -> str:
    """The download name of a briefing, without extension."""
    return f"wb-ocr-briefing-{country}-{framework_id}-{year}"


def build_briefing(store: Store, country: str, framework_id: str, year: int, *, version: str = "base",
                   today: date | None = None) -> Briefing:
    """Gather one country's briefing from the warehouse (KeyError for an unknown framework or country)."""
    if country not in WB6:
        raise KeyError(country)
    fw = analysis.framework(store, framework_id).localised()  # names in the run's language; scores follow
    table = analysis.localised_frame(store.countries(), "name")
    row = table.set_index("iso3").loc[country]
    label = row["name"] + ("*" if country == "XKX" else "")
    now = analysis.year_scores(store, fw, year)
    distance = analysis.distance_to_eu(now, country)
    years = [y for y in analysis.framework_years(store, framework_id) if y <= year] or [year]
    trend = trend_with_means(store, fw, years, country)
    scored = trend.dropna(subset=["score"])
    if not scored.empty:  # from the first year any line has a score: earlier years would be empty panels
        trend = trend[trend["year"] >= scored["year"].min()].reset_index(drop=True)
        years = [y for y in years if y >= scored["year"].min()]
    ranked = distance.dropna(subset=["score"]).sort_values(["score", "axis_order"], ascending=[False, True])
    k = max(1, min(N_EXTREMES, len(ranked) // 2))
    values = now.values_for([country])
    return Briefing(
        country=country, name=row["name"], name_local=row["name_local"], label=label, colour=row["colour"],
        framework=fw, year=year, years=years, generated=today or date.today(), version=version,
        finding=findings.country_headline(distance, label, year),
        distance_finding=distance_headline(distance, label, year), trend_finding=trend_headline(trend, country),
        countries=table, scores=now.for_countries([country]), references=now.references, distance=distance,
        trend=trend, strongest=ranked.head(k).reset_index(drop=True),
        weakest=ranked.iloc[::-1].head(k).reset_index(drop=True),
        indicators=indicator_rows(fw, values), sources=sources_used(store, fw, values),
        methodology=methodology_note(fw, year), kosovo_footnote=_(KOSOVO_FOOTNOTE) if country == "XKX" else "",
    )


def trend_with_means(store: Store, fw: analysis.Framework, years: list[int], country: str) -> pd.DataFrame:
    """Axis scores per year of `country`, plus rows 'WB6' and 'EU27' holding the two means of that year."""
    every = analysis.scores_over_time(store, fw, years, list(KEPT_COUNTRIES))
    frames = [every[every["country_iso3"] == country]]
    for ref_id, members in ((analysis.WB6_MEAN, WB6), (analysis.EU27_MEAN, EU27)):
        frames.append(yearly_means(every, members).assign(country_iso3=ref_id))
    return pd.concat(frames, ignore_index=True)[["country_iso3", "year", "axis_id", "axis_name", "axis_order",
                                                 "score"]]


def yearly_means(scores: pd.DataFrame, members: tuple[str, ...]) -> pd.DataFrame:
    """scoring.reference_mean for every year at once: per year and axis, the mean score of the `members` that
    have one (one groupby instead of one per year)."""
    subset = scores[scores["country_iso3"].isin(members)]
    return subset.groupby(["year", "axis_id", "axis_name", "axis_order"], as_index=False, sort=False).agg(
        score=("score", "mean"), n=("score", "count"))


def indicator_rows(fw: analysis.Framework, values: pd.DataFrame) -> pd.DataFrame:
    """Every indicator of every axis in radar order, with the value used for the country (NaN where none)."""
    axes = fw.axes[["axis_order", "axis_id", "axis_name", "indicator_id", "indicator_name", "unit", "source",
                    "source_url"]]
    used = values[["indicator_id", "value", "year", "edition", "score"]]
    return axes.merge(used, on="indicator_id", how="left").sort_values(
        ["axis_order", "source", "indicator_name"], ignore_index=True)


def sources_used(store: Store, fw: analysis.Framework, values: pd.DataFrame) -> pd.DataFrame:
    """The framework's sources with their citation (edition filled in), link, licence and caveats."""
    table = store.sources()
    table = table[table["source"].isin(fw.sources)].reset_index(drop=True)
    editions = values.groupby("source")["edition"].agg(lambda e: ", ".join(sorted(set(map(str, e)))))
    caveats = source_caveats()
    table["editions_all"] = table["editions"].fillna("")
    table["editions"] = table["source"].map(editions).fillna("")
    table["citation"] = [analysis.filled_citation(c, e or every)
                         for c, e, every in zip(table["citation"], table["editions"], table["editions_all"])]
    table["caveat"] = [_caveat_for(s, caveats) for s in table["source"]]
    return table[["source_id", "source", "citation", "source_url", "licence", "editions", "editions_all", "caveat"]]


def _caveat_bullets(path: Path) -> list[tuple[str, str]]:
    """(bold heading, plain text) of each bullet of the methodology text's second section ('Known breaks and
    caveats by source' in English; found by position, so that a translation's own heading works too)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return []
    sections = ("\n" + text).split("\n## ")  # [before the first heading, first section, second section, ...]
    if len(sections) < 3:
        return []
    out = []
    for bullet in re.split(r"\n- ", "\n" + sections[2].partition("\n")[2].strip()):
        match = re.match(r"\*\*(.+?)\*\*(.*)", " ".join(bullet.split()), re.S)
        if match:
            out.append((match.group(1), _plain(match.group(1) + match.group(2))))
    return out


def source_caveats(path: Path = METHODOLOGY_FILE) -> dict[str, str]:
    """The caveats by source as {English bold heading: text in the run's language}; {} if absent. The
    translated methodology text (docs/methodology.<language>.md) lists the sources in the same order."""
    english = _caveat_bullets(path)
    local = _caveat_bullets(path.with_name(f"methodology.{i18n.language()}.md"))
    if len(local) != len(english):
        local = english
    return {heading: text for (heading, _text), (_heading, text) in zip(english, local)}


def _plain(markdown: str) -> str:
    return re.sub(r"[*`]", "", markdown)


def _caveat_for(source: str, caveats: dict[str, str]) -> str:
    """The caveat whose heading starts with the same two words as the source name ('World Bank WGI')."""
    for heading, text in caveats.items():
        if source.split()[:2] == heading.split()[:2]:
            return text
    return ""


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


# -- findings of the briefing's other views ------------------------------------------------------------
def distance_headline(distance: pd.DataFrame, label: str, year: int) -> str:
    """The country's largest gap to the EU-27 mean and how it stands against the WB6 mean."""
    have = distance.dropna(subset=["score", "eu27_mean"])
    if have.empty:
        return _("{country} has no axis with enough data to compare with the EU-27 in {year}.").format(
            country=label, year=year)
    far = have.loc[have["gap_to_eu27"].idxmin()]
    above = int((have["gap_to_wb6"] > 0).sum())
    return _("{country}, {year}: largest gap to the EU-27 mean on {axis} ({s} vs {eu}, {g} points); "
             "above the WB6 mean on {k} of {n} axes.").format(
        country=label, year=year, axis=far["axis_name"], s=num(far["score"]), eu=num(far["eu27_mean"]),
        g=num(far["gap_to_eu27"], signed=True), k=above, n=len(have))


def trend_headline(trend: pd.DataFrame, country: str) -> str:
    """The country's biggest rise and fall: each axis from its first scored year to the last year of the trend."""
    own = trend[(trend["country_iso3"] == country)].dropna(subset=["score"]).sort_values("year")
    last = trend["year"].max()
    if own.empty:
        return _("No axis has enough data in any year up to {year}.").format(year=last)
    ends = own.groupby("axis_id").agg(axis_name=("axis_name", "first"), y0=("year", "first"), a=("score", "first"),
                                      y1=("year", "last"), b=("score", "last"))
    ends = ends[(ends["y1"] == last) & (ends["y0"] < last)]
    if ends.empty:
        return _("Not enough years of data for a trend up to {year}.").format(year=last)
    ends["change"] = ends["b"] - ends["a"]
    parts = []
    for row, word in ((ends.loc[ends["change"].idxmax()], _("biggest rise")),
                      (ends.loc[ends["change"].idxmin()], _("biggest fall"))):
        if (word == _("biggest rise")) == (row["change"] > 0) and abs(row["change"]) > 1e-9:
            parts.append(_("{word}: {axis}, {a} in {y0} \u2192 {b} in {y1} ({d} points)").format(
                word=word, axis=row["axis_name"], a=num(row["a"]), y0=int(row["y0"]), b=num(row["b"]),
                y1=int(row["y1"]), d=num(row["change"], signed=True)))
    if not parts:
        return _("No axis changed between its first year and {year}.").format(year=last)
    return "; ".join(parts)[0].upper() + "; ".join(parts)[1:] + "."


# -- charts --------------------------------------------------------------------------------------------
def radar_chart(b: Briefing, countries: pd.DataFrame | None = None, **style) -> go.Figure:
    """The country against the WB6 and EU-27 means (builder: style = font_scale, footnote, height)."""
    fig = charts.radar_figure(b.scores, countries if countries is not None else b.countries,
                              b.framework.axis_names, references=b.references,
                              title=_("{c} against the WB6 and EU-27 means, {y}").format(c=b.label, y=b.year),
                              **style)
    # The outer ring is 100 (said in the caption): a '100' tick label would sit on the top axis label.
    return fig.update_polars(radialaxis_tickvals=[0, 25, 50, 75])


def distance_chart(b: Briefing, colour: str | None = None, **style) -> go.Figure:
    """Per axis: the country, the WB6 mean, the EU-27 mean and the weakest EU member."""
    return charts.gap_dot_figure(b.distance, b.label, colour or b.colour,
                                 title=_("{c}: distance to the EU on each axis, {y}").format(c=b.label, y=b.year),
                                 **style)


def trend_chart(b: Briefing, countries: pd.DataFrame | None = None, columns: int = 2, **style) -> go.Figure:
    """Small multiples of the axes over the years: the country and the two means."""
    table = countries if countries is not None else b.countries
    means = pd.DataFrame({"iso3": list(MEAN_NAMES), "name": list(MEAN_NAMES.values()),
                          "colour": [MEAN_COLOURS[m] for m in MEAN_NAMES]})
    table = pd.concat([table[table["iso3"] == b.country], means], ignore_index=True)
    fig = charts.lines_figure(b.trend, table, b.framework.axis_names, columns=columns,
                              title=_("{c}: {fw}, {a}\u2013{z}").format(c=b.label, fw=b.framework.short_name,
                                                                          a=b.years[0], z=b.years[-1]), **style)
    for trace in fig.data:  # the means as thin dashed lines, as on the radar
        if trace.legendgroup in MEAN_NAMES:
            trace.line.update(width=1.6, dash="dash" if trace.legendgroup == analysis.WB6_MEAN else "dot")
            trace.marker.update(size=3)
    if columns > 2:  # narrow panels: shorter title lines, more room between rows, level year labels
        for note in fig.layout.annotations[:len(b.framework.axis_names)]:
            note.text = charts.wrap_label(note.text.replace("<br>", " "), 26)
        _spread_rows(fig, len(b.framework.axis_names), columns, gap=0.2)
        fig.update_xaxes(tickangle=0, dtick=5 if len(b.years) > 8 else 1)
    return fig


def _spread_rows(fig: go.Figure, panels: int, columns: int, gap: float) -> None:
    """Give the rows of a subplot grid `gap` (share of the height) between them, titles moving with them."""
    rows = math.ceil(panels / columns)
    tall = (1 - gap * (rows - 1)) / rows
    for i in range(panels):
        row, col = divmod(i, columns)
        top = 1 - row * (tall + gap)
        fig.update_yaxes(domain=[max(0.0, top - tall), top], row=row + 1, col=col + 1)
        fig.layout.annotations[i].y = top


@dataclass(frozen=True)
class ChartImages:
    """PNG bytes (rendered at 2x) of the three charts, with their CSS pixel sizes."""

    radar: bytes
    distance: bytes
    trend: bytes
    sizes: dict[str, tuple[int, int]]


def _untitled(fig: go.Figure, margin: dict[str, int]) -> go.Figure:
    """The figure without its title (the page or slide prints it as text), the legend at the very top."""
    fig.update_layout(title=None, margin=margin)
    fig.update_layout(legend={"y": 1 - 6 / (fig.layout.height or 600), "yref": "container"})
    return fig


def _render(make: Callable[..., go.Figure], size: tuple[int, int], font_scale: float, margin: dict[str, int]
            ) -> bytes:
    width, height = size
    fig = _untitled(charts.export_figure(make, "", width=width, height=height, font_scale=font_scale), margin)
    return images.figure_bytes(fig, "png", width=width, height=height, scale=2)


def fitted_sizes(sizes: dict[str, tuple[int, int]], n_axes: int, trend_columns: int) -> dict[str, tuple[int, int]]:
    """`sizes` with the distance plot and the trend grown to the framework's number of axes (never shrunk)."""
    (dw, dh), (tw, th) = sizes["distance"], sizes["trend"]
    rows = math.ceil(n_axes / trend_columns)
    return {**sizes, "distance": (dw, max(dh, 46 * n_axes + 160)), "trend": (tw, max(th, 150 * rows + 110))}


def chart_images(b: Briefing, sizes: dict[str, tuple[int, int]], font_scale: float,
                 countries: pd.DataFrame | None = None, trend_columns: int = 4) -> ChartImages:
    """Render the radar, distance and trend charts as PNG at the given CSS pixel sizes."""
    countries = countries if countries is not None else b.countries
    colour = countries.set_index("iso3").at[b.country, "colour"]
    sizes = fitted_sizes(sizes, len(b.framework.axis_names), trend_columns)
    top, side = round(44 * font_scale), round(90 * font_scale)  # a radar's axis labels sit outside its plot
    return ChartImages(
        radar=_render(partial(radar_chart, b, countries), sizes["radar"], font_scale,
                      {"t": top + round(36 * font_scale), "l": side, "r": side}),
        distance=_render(partial(distance_chart, b, colour), sizes["distance"], font_scale, {"t": top}),
        trend=_render(partial(trend_chart, b, countries, trend_columns), sizes["trend"], font_scale,
                      {"t": top + round(28 * font_scale)}),
        sizes=sizes,
    )


def fmt_score(value: float) -> str:
    """A 0-100 score as printed everywhere in the pack: one decimal, 'n/a' when missing."""
    return _("n/a") if value is None or (isinstance(value, float) and math.isnan(value)) else num(value)


def fmt_raw(value: float) -> str:
    """A published value as printed in the indicator table: 4 significant digits, as in the charts' hover."""
    return "\u2014" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.4g}"


def fmt_gap(value: float) -> str:
    return _("n/a") if value is None or (isinstance(value, float) and math.isnan(value)) else num(value, signed=True)


# -- PDF (reportlab) -------------------------------------------------------------------------------------
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian's fonts-dejavu-core
ACCENT = "#1d4ed8"
INK = "#111827"
MUTED = "#4b5563"
RULE = "#d1d5db"
PANEL = "#f3f4f6"
PDF_SIZES = {"radar": (900, 740), "distance": (1000, 540), "trend": (1000, 420)}
PDF_FONT_SCALE = 1.25
_ASCII = {"\u2192": "->", "\u2212": "-", "\u2265": ">=", "\u2014": "-", "\u201c": '"', "\u201d": '"'}


def pdf_fonts() -> tuple[str, str]:
    """(regular, bold): DejaVu Sans (Latin Extended and Cyrillic glyphs) when installed, else Helvetica."""
    faces = {"DejaVuSans": "DejaVuSans.ttf", "DejaVuSans-Bold": "DejaVuSans-Bold.ttf",
             "DejaVuSans-Oblique": "DejaVuSans-Oblique.ttf"}
    if not all((FONT_DIR / f).is_file() for f in faces.values()):
        return "Helvetica", "Helvetica-Bold"
    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        for name, file in faces.items():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
        for bold, italic, face in ((0, 0, "DejaVuSans"), (1, 0, "DejaVuSans-Bold"), (0, 1, "DejaVuSans-Oblique"),
                                   (1, 1, "DejaVuSans-Bold")):
            addMapping("DejaVuSans", bold, italic, face)
    return "DejaVuSans", "DejaVuSans-Bold"


class _Pdf:
    """One PDF being written: its fonts, styles and the text helpers of the story."""

    def __init__(self) -> None:
        self.font, self.bold = pdf_fonts()
        self.unicode = self.font != "Helvetica"
        ink, muted = colors.HexColor(INK), colors.HexColor(MUTED)

        def style(name: str, size: float, leading: float, font: str | None = None, colour=ink, **kw):
            return ParagraphStyle(name, fontName=font or self.font, fontSize=size, leading=leading,
                                  textColor=colour, **kw)

        self.styles = {
            "kicker": style("kicker", 9, 12, self.bold, colors.HexColor(ACCENT), spaceAfter=6),
            "h1": style("h1", 28, 32, self.bold),
            "local": style("local", 13, 17, colour=muted, spaceAfter=8),
            "subtitle": style("subtitle", 12.5, 16, spaceAfter=3),
            "meta": style("meta", 9, 12, colour=muted, spaceAfter=12),
            "finding": style("finding", 12, 16.5),
            "h2": style("h2", 14, 18, self.bold, spaceBefore=9, spaceAfter=5),
            "h3": style("h3", 10.5, 14, self.bold, spaceBefore=6, spaceAfter=2),
            "body": style("body", 9.5, 13.5, spaceAfter=4),
            "small": style("small", 8, 11, colour=muted, spaceAfter=3),
            "cell": style("cell", 7.6, 9.6),
            "cell_r": style("cell_r", 7.6, 9.6, alignment=2),
            "cell_b": style("cell_b", 8, 10.5, self.bold),
            "cell_rb": style("cell_rb", 8, 10.5, self.bold, alignment=2),
            "head": style("head", 7.6, 9.6, self.bold, colors.white),
            "head_r": style("head_r", 7.6, 9.6, self.bold, colors.white, alignment=2),
        }

    def text(self, text: str) -> str:
        """`text` safe for a Paragraph: escaped, and ASCII stand-ins where the fallback font lacks glyphs."""
        if not self.unicode:
            text = "".join(_ASCII.get(ch, ch) for ch in text).encode("cp1252", "replace").decode("cp1252")
        return escape(text)

    def para(self, text: str, style: str, markup: bool = False):
        return Paragraph(text if markup else self.text(text), self.styles[style])


def _pdf_page_decor(b: Briefing, font: str, bold: str) -> Callable:
    """A canvas class that draws the running header (from page 2) and 'page N of M' footer on every page."""
    width, height = A4
    header = f"{AUTHOR} \u00b7 {b.title}"
    footer = f"{PUBLISHER} \u00b7 generated {b.generated.isoformat()} \u00b7 data version {b.version}"

    class NumberedCanvas(Canvas):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 (reportlab's name)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            for number, state in enumerate(self._pages, start=1):
                self.__dict__.update(state)
                self._decorate(number, len(self._pages))
                super().showPage()
            super().save()

        def _decorate(self, number: int, total: int) -> None:
            self.setStrokeColor(colors.HexColor(RULE))
            self.setFillColor(colors.HexColor(MUTED))
            self.setLineWidth(0.5)
            if number > 1:
                self.setFont(font, 7.5)
                self.drawString(48, height - 34, header if font != "Helvetica" else header.replace("\u00b7", "-"))
                self.line(48, height - 40, width - 48, height - 40)
            self.line(48, 40, width - 48, 40)
            self.setFont(font, 7.5)
            self.drawString(48, 28, footer if font != "Helvetica" else footer.replace("\u00b7", "-"))
            self.setFont(bold, 7.5)
            self.drawRightString(width - 48, 28, f"{number} / {total}")

    return NumberedCanvas


def _pdf_image(png: bytes, size: tuple[int, int], width: float):
    return Image(io.BytesIO(png), width=width, height=width * size[1] / size[0])


def _finding_box(pdf: _Pdf, text: str, width: float):
    box = Table([[pdf.para(text, "finding")]], colWidths=[width])
    box.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#eff6ff")),
        ("LINEBEFORE", (0, 0), (0, -1), 3, colors.HexColor(ACCENT)),
        ("LEFTPADDING", (0, 0), (-1, -1), 10), ("RIGHTPADDING", (0, 0), (-1, -1), 10),
        ("TOPPADDING", (0, 0), (-1, -1), 8), ("BOTTOMPADDING", (0, 0), (-1, -1), 9),
    ]))
    return box


def _grid_style(extra: list[tuple] | None = None):
    return TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(INK)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, colors.HexColor(RULE)),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        *(extra or []),
    ])


def _title_page(pdf: _Pdf, b: Briefing, shots: ChartImages, width: float) -> list:
    story = [pdf.para(_("COUNTRY BRIEFING \u00b7 WB-OCR RADAR"), "kicker"), pdf.para(b.label, "h1")]
    if pdf.unicode and b.name_local and b.name_local != b.name:
        story.append(pdf.para(b.name_local, "local"))
    story += [
        pdf.para(b.framework.name, "subtitle"),
        pdf.para(_("Year {y} \u00b7 generated {d} \u00b7 data version {v}").format(
            y=b.year, d=b.generated.isoformat(), v=b.version), "meta"),
        _finding_box(pdf, b.finding, width),
        pdf.para(_("Radar: {c} against the WB6 and EU-27 means, {y}").format(c=b.label, y=b.year), "h2"),
        _pdf_image(shots.radar, shots.sizes["radar"], width),
        pdf.para(b.direction_note + " " + _("The outer ring is 100. Dashed line: WB6 mean; dotted line: EU-27 "
                                            "mean."), "small"),
    ]
    if b.missing_axes:
        story.append(pdf.para(_("Gaps on the radar (not zeros): ") + "; ".join(b.missing_axes) + ".", "small"))
    if b.kosovo_footnote:
        story.append(pdf.para(b.kosovo_footnote, "small"))
    return story


def _extremes_table(pdf: _Pdf, b: Briefing, width: float):
    head = [pdf.para(h, "head" if i < 2 else "head_r") for i, h in enumerate(
        ["", _("Axis"), _("Score"), _("WB6 mean"), _("EU-27 mean"), _("vs WB6"), _("vs EU-27")])]
    rows, spans = [head], []
    for word, frame in ((_("Strongest"), b.strongest), (_("Weakest"), b.weakest)):
        first = len(rows)
        for i, r in enumerate(frame.itertuples(index=False)):
            rows.append([pdf.para(word if i == 0 else "", "cell_b"), pdf.para(r.axis_name, "cell"),
                         pdf.para(fmt_score(r.score), "cell_rb"), pdf.para(fmt_score(r.wb6_mean), "cell_r"),
                         pdf.para(fmt_score(r.eu27_mean), "cell_r"), pdf.para(fmt_gap(r.gap_to_wb6), "cell_r"),
                         pdf.para(fmt_gap(r.gap_to_eu27), "cell_r")])
        spans.append(("LINEABOVE", (0, first), (-1, first), 0.8, colors.HexColor(MUTED)))
    fixed = [62, 0, 42, 52, 58, 46, 50]
    fixed[1] = width - sum(fixed)
    table = Table(rows, colWidths=fixed, repeatRows=1)
    table.setStyle(_grid_style(spans))
    return table


def _analysis_page(pdf: _Pdf, b: Briefing, shots: ChartImages, width: float) -> list:
    return [
        pdf.para(_("Strongest and weakest axes, {y}").format(y=b.year), "h2"),
        _extremes_table(pdf, b, width) if not b.strongest.empty else pdf.para(b.finding, "body"),
        KeepTogether([
            pdf.para(_("Distance to the EU on each axis, {y}").format(y=b.year), "h2"),
            _pdf_image(shots.distance, shots.sizes["distance"], width),
            pdf.para(b.distance_finding + " " + _("0\u2013100, right = better; the open circle is the weakest EU "
                                                  "member."), "small"),
        ]),
        KeepTogether([
            pdf.para(_("Trend, {a}\u2013{z}").format(a=b.years[0], z=b.years[-1]), "h2"),
            _pdf_image(shots.trend, shots.sizes["trend"], width),
            pdf.para(b.trend_finding, "small"),
        ]),
    ]


def _indicator_table(pdf: _Pdf, b: Briefing, width: float):
    heads = [_("Indicator"), _("Raw value"), _("Unit"), _("Year used"), _("Edition"), _("Score"), _("Source")]
    rows = [[pdf.para(h, "head_r" if h in (_("Raw value"), _("Score")) else "head") for h in heads]]
    extra: list[tuple] = []
    axis_rows = b.distance.set_index("axis_id")
    for axis_id, group in b.indicators.groupby("axis_id", sort=False):
        a = axis_rows.loc[axis_id]
        status = (_("axis score {s} \u00b7 WB6 mean {w} \u00b7 EU-27 mean {e}").format(
            s=fmt_score(a["score"]), w=fmt_score(a["wb6_mean"]), e=fmt_score(a["eu27_mean"]))
            if not pd.isna(a["score"]) else _("axis missing: {why}").format(why=a["missing_reason"]))
        n = len(rows)
        rows.append([pdf.para(f"<b>{pdf.text(a['axis_name'])}</b> \u00a0 {pdf.text(status)}", "cell", markup=True),
                     "", "", "", "", "", ""])
        extra += [("SPAN", (0, n), (-1, n)), ("BACKGROUND", (0, n), (-1, n), colors.HexColor(PANEL))]
        for r in group.itertuples(index=False):
            has = not pd.isna(r.value)
            link = f'<link href="{escape(r.source_url)}" color="{ACCENT}">{pdf.text(r.source)}</link>'
            rows.append([pdf.para(r.indicator_name, "cell"), pdf.para(fmt_raw(r.value), "cell_r"),
                         pdf.para(r.unit, "cell"), pdf.para(str(int(r.year)) if has else "\u2014", "cell"),
                         pdf.para(str(r.edition) if has else _("no value"), "cell"),
                         pdf.para(fmt_score(r.score) if has else "\u2014", "cell_r"),
                         pdf.para(link, "cell", markup=True)])
    fixed = [0, 46, 84, 34, 62, 34, 104]
    fixed[0] = width - sum(fixed)
    table = Table(rows, colWidths=fixed, repeatRows=1)
    table.setStyle(_grid_style(extra))
    return table


def _sources_page(pdf: _Pdf, b: Briefing) -> list:
    story = [pdf.para(_("Sources"), "h2")]
    for s in b.sources.itertuples(index=False):
        block = [pdf.para(s.source, "h3"), pdf.para(s.citation, "body"),
                 pdf.para(f'<link href="{escape(s.source_url)}" color="{ACCENT}">{pdf.text(s.source_url)}</link>',
                          "body", markup=True)]
        block.append(pdf.para(_("Editions used in this briefing: {e}").format(
            e=s.editions or _("none (no value for {c})").format(c=b.label)), "small"))
        block.append(pdf.para(_("Licence: {l}").format(l=s.licence), "small"))
        if s.caveat:
            block.append(pdf.para(_("Caveats: {c}").format(c=s.caveat), "small"))
        story.append(KeepTogether(block))
    story += [pdf.para(_("How to cite this briefing"), "h2"), pdf.para(b.how_to_cite, "body"),
              pdf.para(_("Methodology note"), "h2"), pdf.para(b.methodology, "body")]
    if b.kosovo_footnote:
        story += [pdf.para(_("Kosovo"), "h2"), pdf.para(b.kosovo_footnote, "body")]
    return story


def briefing_pdf(b: Briefing, rendered: ChartImages | None = None) -> bytes:
    """The briefing as an A4 PDF: title, finding and radar; strongest and weakest axes, distance to the EU and
    trend; every indicator behind each axis; sources, citation, licences, methodology and footnotes."""
    pdf = _Pdf()
    shots = rendered or chart_images(b, PDF_SIZES, PDF_FONT_SCALE)
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=48, rightMargin=48, topMargin=50, bottomMargin=52,
                            title=b.title, author=AUTHOR, subject=_("{f}: {c}, {y}").format(
                                f=b.framework.name, c=b.name, y=b.year),
                            creator=f"{AUTHOR} ({PUBLISHER})", keywords=["organized crime", "Western Balkans",
                                                                          b.name, b.framework.short_name])
    width = doc.width
    story = [*_title_page(pdf, b, shots, width), PageBreak(), *_analysis_page(pdf, b, shots, width), PageBreak(),
             pdf.para(_("Every indicator behind each axis, {y}").format(y=b.year), "h2"),
             pdf.para(_("Raw value as published, the year actually used (the latest up to {y}), the edition and "
                        "the 0\u2013100 score; the source name links to the publisher.").format(y=b.year), "small"),
             _indicator_table(pdf, b, width), CondPageBreak(260), *_sources_page(pdf, b)]
    doc.build(story, canvasmaker=_pdf_page_decor(b, pdf.font, pdf.bold))
    return buffer.getvalue()


# -- PowerPoint (python-pptx) --------------------------------------------------------------------------------
PPTX_SIZES = {"radar": (900, 720), "distance": (1500, 600), "trend": (1500, 600)}
PPTX_FONT_SCALE = 1.5
SLIDE_W, SLIDE_H, SIDE = 13.333, 7.5, 0.5  # inches: 16:9
BODY_TOP, BODY_BOTTOM = 2.3, 6.72  # where a chart slide's picture may go
N_SLIDES = 6


def _rgb(colour: str):
    return RGBColor.from_string(colour.lstrip("#").upper())


def _write(frame, paragraphs: list[tuple[str, float, bool, str]]) -> None:
    """Fill a text frame: one paragraph per (text, size in pt, bold, colour)."""
    frame.word_wrap = True
    for i, (text, size, bold, colour) in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if i == 0 and not frame.paragraphs[0].runs else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = text
        run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, _rgb(colour)
        paragraph.space_after = Pt(size * 0.35)


def _box(slide, left: float, top: float, width: float, height: float,
         paragraphs: list[tuple[str, float, bool, str]]):
    shape = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    _write(shape.text_frame, paragraphs)
    return shape


def _new_slide(deck, title: str, notes: str):
    """A 'Title Only' slide with its title placed for 16:9, and speaker notes."""
    slide = deck.slides.add_slide(deck.slide_layouts[5])
    head = slide.shapes.title
    head.left, head.top, head.width, head.height = Inches(SIDE), Inches(0.3), Inches(SLIDE_W - 2 * SIDE), Inches(0.8)
    head.text = title
    para = head.text_frame.paragraphs[0]
    para.alignment = 1  # left
    para.runs[0].font.size, para.runs[0].font.bold = Pt(28), True
    para.runs[0].font.color.rgb = _rgb(INK)
    slide.notes_slide.notes_text_frame.text = notes
    return slide


def _footer(slide, b: Briefing) -> None:
    """The small citation and footnote line at the bottom of a slide."""
    lines = [(b.source_line, 9, False, MUTED)]
    if b.kosovo_footnote:
        lines.append((b.kosovo_footnote, 9, False, MUTED))
    _box(slide, SIDE, 6.78, SLIDE_W - 2 * SIDE, 0.62, lines)


def _finding(slide, b: Briefing, second: str = "") -> None:
    lines = [(b.finding, 16 if second else 17, True, INK)] + ([(second, 13, False, MUTED)] if second else [])
    _box(slide, SIDE, 1.0, SLIDE_W - 2 * SIDE, 1.25 if second else 0.9, lines)


def _picture(slide, png: bytes, size: tuple[int, int], left: float, top: float, width: float, height: float):
    """Place `png` inside the box (inches), keeping its aspect, centred."""
    scale = min(width / size[0], height / size[1])
    w, h = size[0] * scale, size[1] * scale
    return slide.shapes.add_picture(io.BytesIO(png), Inches(left + (width - w) / 2), Inches(top + (height - h) / 2),
                                    Inches(w), Inches(h))


def _title_slide(deck, b: Briefing) -> None:
    slide = _new_slide(deck, b.label, b.finding)
    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, Inches(0.22), Inches(SLIDE_H))
    bar.fill.solid()
    bar.fill.fore_color.rgb = _rgb(ACCENT)
    bar.line.fill.background()
    head = slide.shapes.title
    head.top, head.height = Inches(1.7), Inches(1.2)
    head.text_frame.paragraphs[0].runs[0].font.size = Pt(54)
    _box(slide, SIDE, 1.1, 9, 0.5, [(_("COUNTRY BRIEFING \u00b7 WB-OCR RADAR"), 14, True, ACCENT)])
    _box(slide, SIDE, 2.95, SLIDE_W - 2 * SIDE, 1.2, [
        *([(b.name_local, 18, False, MUTED)] if b.name_local and b.name_local != b.name else []),
        (b.framework.name, 22, False, INK),
        (_("Year {y} \u00b7 generated {d} \u00b7 data version {v}").format(
            y=b.year, d=b.generated.isoformat(), v=b.version), 14, False, MUTED)])
    _box(slide, SIDE, 4.55, SLIDE_W - 2 * SIDE, 1.3, [(b.finding, 20, False, INK)])
    _box(slide, SIDE, 6.2, SLIDE_W - 2 * SIDE, 1.1, [
        (f"{AUTHOR} \u00b7 {PUBLISHER}", 12, True, MUTED),
        *([(b.kosovo_footnote, 10, False, MUTED)] if b.kosovo_footnote else [])])


def _score_table(slide, b: Briefing, left: float, top: float, width: float) -> None:
    """Axis | country | WB6 mean | EU-27 mean, in radar order."""
    rows = b.distance.sort_values("axis_order")
    shape = slide.shapes.add_table(len(rows) + 1, 4, Inches(left), Inches(top), Inches(width),
                                   Inches(0.34 * (len(rows) + 1)))
    table = shape.table
    table.columns[0].width = Inches(width - 3 * 0.95)
    for c in (1, 2, 3):
        table.columns[c].width = Inches(0.95)
    cells = [[_("Axis"), b.label, _("WB6 mean"), _("EU-27 mean")]]
    cells += [[r.axis_name, fmt_score(r.score), fmt_score(r.wb6_mean), fmt_score(r.eu27_mean)]
              for r in rows.itertuples(index=False)]
    for i, row in enumerate(cells):
        for j, text in enumerate(row):
            cell = table.cell(i, j)
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb(INK if i == 0 else ("#ffffff" if i % 2 else PANEL))
            cell.margin_top = cell.margin_bottom = Inches(0.04)
            cell.text_frame.text = text
            run = cell.text_frame.paragraphs[0].runs[0]
            run.font.size, run.font.bold = Pt(11), i == 0 or j == 1
            run.font.color.rgb = _rgb("#ffffff" if i == 0 else INK)
            cell.text_frame.paragraphs[0].alignment = 1 if j == 0 else 3  # left / right


def _radar_slide(deck, b: Briefing, shots: ChartImages) -> None:
    slide = _new_slide(deck, _("{c} against the WB6 and EU-27 means, {y}").format(c=b.label, y=b.year),
                       f"{b.finding}\n{b.direction_note}")
    _finding(slide, b)
    _picture(slide, shots.radar, shots.sizes["radar"], SIDE - 0.2, 1.85, 6.9, BODY_BOTTOM - 1.85)
    _score_table(slide, b, 7.35, 1.95, SLIDE_W - 7.35 - SIDE)
    _box(slide, 7.35, 6.15, SLIDE_W - 7.35 - SIDE, 0.6,
         [(b.direction_note + " " + _("The outer ring is 100."), 10, False, MUTED)])
    _footer(slide, b)


def _chart_slide(deck, b: Briefing, title: str, second: str, png: bytes, size: tuple[int, int]) -> None:
    slide = _new_slide(deck, title, f"{b.finding}\n{second}")
    _finding(slide, b, second)
    _picture(slide, png, size, SIDE, BODY_TOP, SLIDE_W - 2 * SIDE, BODY_BOTTOM - BODY_TOP)
    _footer(slide, b)


def _extremes_slide(deck, b: Briefing) -> None:
    slide = _new_slide(deck, _("Strongest and weakest axes, {y}").format(y=b.year),
                       f"{b.finding}\n{b.distance_finding}")
    _finding(slide, b)
    half = (SLIDE_W - 2 * SIDE - 0.4) / 2
    for k, (word, frame) in enumerate(((_("Strongest"), b.strongest), (_("Weakest"), b.weakest))):
        if frame.empty:
            continue
        lines = [(word.upper(), 14, True, ACCENT)]
        for r in frame.itertuples(index=False):
            lines += [("", 6, False, INK), (r.axis_name, 20, True, INK),
                      (_("{s} / 100").format(s=fmt_score(r.score)), 30, True, INK),
                      (_("WB6 mean {w} ({gw} points) \u00b7 EU-27 mean {e} ({ge} points)").format(
                          w=fmt_score(r.wb6_mean), gw=fmt_gap(r.gap_to_wb6), e=fmt_score(r.eu27_mean),
                          ge=fmt_gap(r.gap_to_eu27)), 13, False, MUTED)]
        _box(slide, SIDE + k * (half + 0.4), 2.1, half, 4.5, lines)
    _footer(slide, b)


def _sources_slide(deck, b: Briefing) -> None:
    slide = _new_slide(deck, _("Sources and how to cite"), b.methodology)
    lines: list[tuple[str, float, bool, str]] = []
    for s in b.sources.itertuples(index=False):
        lines += [(s.source, 13, True, INK), (f"{s.citation} \u2014 {s.source_url}", 11, False, INK),
                  (_("Licence: {l}").format(l=s.licence), 9, False, MUTED)]
    lines += [(_("How to cite this briefing"), 13, True, INK), (b.how_to_cite, 11, False, INK),
              (_("Methodology: see the speaker notes and the Radar's Methodology page."), 9, False, MUTED)]
    if b.kosovo_footnote:
        lines.append((b.kosovo_footnote, 10, False, MUTED))
    _box(slide, SIDE, 1.1, SLIDE_W - 2 * SIDE, 6.2, lines)


def briefing_pptx(b: Briefing, rendered: ChartImages | None = None) -> bytes:
    """The briefing as a 16:9 deck: title, radar, distance to the EU, trend, strongest/weakest and sources.
    Every chart slide carries the finding and a citation line (with the Kosovo footnote where it applies)."""
    shots = rendered or chart_images(b, PPTX_SIZES, PPTX_FONT_SCALE,
                                     charts.with_colours(b.countries, charts.PRESENTER_COLOURS))
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    deck.core_properties.title, deck.core_properties.author = b.title, AUTHOR
    deck.core_properties.subject = b.framework.name
    _title_slide(deck, b)
    _radar_slide(deck, b, shots)
    _chart_slide(deck, b, _("{c}: distance to the EU on each axis, {y}").format(c=b.label, y=b.year),
                 b.distance_finding, shots.distance, shots.sizes["distance"])
    _chart_slide(deck, b, _("{c}: trend, {a}\u2013{z}").format(c=b.label, a=b.years[0], z=b.years[-1]),
                 b.trend_finding, shots.trend, shots.sizes["trend"])
    _extremes_slide(deck, b)
    _sources_slide(deck, b)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()

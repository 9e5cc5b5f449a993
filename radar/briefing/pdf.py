"""The briefing as an A4 PDF (reportlab): title, finding and radar; strongest and weakest axes, distance to the
EU and trend; why these scores (the network's own, with their evidence); every indicator behind each axis;
sources, citation, licences, methodology and footnotes. Text from the data is escaped for reportlab's markup, and
a link is a link only when it is http(s)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import pandas as pd
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

from radar import i18n
from radar.briefing.data import AUTHOR, PUBLISHER, Briefing
from radar.briefing.figures import ChartImages, chart_images
from radar.briefing.style import ACCENT, INK, MUTED, PANEL, RULE, fmt_gap, fmt_score, fmt_value
from radar.i18n import _
from radar.text import safe_url

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian's fonts-dejavu-core
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
            target = safe_url(r.source_url)
            link = (f'<link href="{escape(target, {chr(34): "&quot;"})}" color="{ACCENT}">{pdf.text(r.source)}</link>'
                    if target else pdf.text(r.source))
            rows.append([pdf.para(r.indicator_name, "cell"),
                         pdf.para(fmt_value(r.value, getattr(r, "scale_labels", None)), "cell_r"),
                         pdf.para(r.unit, "cell"), pdf.para(str(int(r.year)) if has else "\u2014", "cell"),
                         pdf.para(str(r.edition) if has else _("no value"), "cell"),
                         pdf.para(fmt_score(r.score) if has else "\u2014", "cell_r"),
                         pdf.para(link, "cell", markup=True)])
    fixed = [0, 64, 70, 34, 58, 34, 100]  # the raw value holds an ordinal level's label
    fixed[0] = width - sum(fixed)
    table = Table(rows, colWidths=fixed, repeatRows=1)
    table.setStyle(_grid_style(extra))
    return table


def _link(pdf: _Pdf, url: object) -> str:
    """Markup of a link shown as its address, http(s) only ('' for any other: javascript:, data:, a blank)."""
    target = safe_url(url)
    if target is None:
        return ""
    return f'<link href="{escape(target, {chr(34): "&quot;"})}" color="{ACCENT}">{pdf.text(target)}</link>'


def _why_section(pdf: _Pdf, b: Briefing) -> list:
    """Why these scores, as on the Country profile: per axis, the network's own scores with their level, evidence
    sentence and link, then the publishers' indicators on the axis."""
    story = [pdf.para(_("Why these scores"), "h2")]
    if not b.network_scores:
        return [*story, pdf.para(_(
            "The network has published no assessment of its own for {country} in this framework yet: each axis "
            "rests on the publishers' indicators.").format(country=b.label), "body")]
    for axis in b.why:
        block = [pdf.para(axis.axis_name, "h3")]
        for row in axis.network.itertuples(index=False):
            reason = row.evidence.strip() if isinstance(row.evidence, str) and row.evidence.strip() else _(
                "(no evidence given)")
            link = _link(pdf, row.evidence_url)
            block.append(pdf.para(f"{pdf.text(f'{row.indicator_name} ({int(row.year)}): ')}"
                                  f"<b>{pdf.text(row.value_text)}</b>. {pdf.text(reason)}"
                                  + (f" {link}" if link else ""), "body", markup=True))
        if axis.publishers:
            block.append(pdf.para(re.sub(r"^[-*]\s+", "", _("- Publishers' indicators: {names}").format(
                names="; ".join(axis.publishers))), "small"))
        story.append(KeepTogether(block))
    return story


def _sources_page(pdf: _Pdf, b: Briefing) -> list:
    story = [pdf.para(_("Sources"), "h2")]
    for s in b.sources.itertuples(index=False):
        block = [pdf.para(s.source, "h3"), pdf.para(s.citation, "body"),
                 pdf.para(_link(pdf, s.source_url) or pdf.text(str(s.source_url or "")), "body", markup=True)]
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
    """The briefing as an A4 PDF, in the briefing's language: title, finding and radar; strongest and weakest
    axes, distance to the EU and trend; every indicator behind each axis; sources, citation, licences,
    methodology and footnotes."""
    with i18n.using(b.language):
        return _briefing_pdf(b, rendered)


def _briefing_pdf(b: Briefing, rendered: ChartImages | None) -> bytes:
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
             *_why_section(pdf, b), CondPageBreak(200),
             pdf.para(_("Every indicator behind each axis, {y}").format(y=b.year), "h2"),
             pdf.para(_("Raw value as published, the year actually used (the latest up to {y}), the edition and "
                        "the 0\u2013100 score; the source name links to the publisher.").format(y=b.year), "small"),
             _indicator_table(pdf, b, width), CondPageBreak(260), *_sources_page(pdf, b)]
    doc.build(story, canvasmaker=_pdf_page_decor(b, pdf.font, pdf.bold))
    return buffer.getvalue()

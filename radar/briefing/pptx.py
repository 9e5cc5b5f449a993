"""The briefing as a 16:9 deck (python-pptx): title, radar, distance to the EU, trend, strongest and weakest
axes, why these scores (the network's own scores with their evidence, when the country has any), and sources.
Every chart slide carries the finding and a citation line (with the Kosovo footnote where it applies); the charts
are the page's views in the presenter style."""

from __future__ import annotations

import io
import textwrap

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.shapes import MSO_SHAPE
from pptx.util import Inches, Pt

from radar import i18n
from radar.briefing.data import AUTHOR, PUBLISHER, Briefing
from radar.briefing.figures import ChartImages, chart_images
from radar.briefing.style import ACCENT, INK, MUTED, PANEL, fmt_gap, fmt_score
from radar.i18n import _
from radar.text import safe_url

PPTX_SIZES = {"radar": (900, 720), "distance": (1500, 600), "trend": (1500, 600)}
PPTX_FONT_SCALE = 1.5
SLIDE_W, SLIDE_H, SIDE = 13.333, 7.5, 0.5  # inches: 16:9
BODY_TOP, BODY_BOTTOM = 2.3, 6.72  # where a chart slide's picture may go
EVIDENCE_CHARS = 240  # an evidence sentence on a slide at most (the speaker notes hold it whole)


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


def _run(paragraph, text: str, size: float, bold: bool = False, colour: str = INK, link: str | None = None):
    run = paragraph.add_run()
    run.text = text
    run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, _rgb(colour)
    if link:
        run.hyperlink.address = link  # http(s) only: the caller passes safe_url's answer
    return run


def _why_slide(deck, b: Briefing) -> None:
    """Why these scores: per axis with the network's own scores, each score's level, evidence sentence and link
    (a hyperlink only when it is http(s); its address shown as text)."""
    notes, axes = [], [a for a in b.why if not a.network.empty]
    slide = _new_slide(deck, _("Why these scores"), "")
    frame = slide.shapes.add_textbox(Inches(SIDE), Inches(1.1), Inches(SLIDE_W - 2 * SIDE), Inches(5.6)).text_frame
    frame.word_wrap = True
    first = True
    for axis in axes:
        head = frame.paragraphs[0] if first else frame.add_paragraph()
        first = False
        _run(head, axis.axis_name, 15, True, ACCENT)
        head.space_before = Pt(6)
        for row in axis.network.itertuples(index=False):
            reason = row.evidence.strip() if isinstance(row.evidence, str) and row.evidence.strip() else _(
                "(no evidence given)")
            line = frame.add_paragraph()
            _run(line, f"{row.indicator_name} ({int(row.year)}): ", 12)
            _run(line, row.value_text, 12, True)
            _run(line, ". " + textwrap.shorten(reason, EVIDENCE_CHARS, placeholder=" \u2026"), 12, False, INK)
            target = safe_url(row.evidence_url)
            if target:
                _run(line, " " + target, 10, False, ACCENT, link=target)
            notes.append(f"{axis.axis_name} \u2014 {row.indicator_name} ({int(row.year)}): {row.value_text}. "
                         f"{reason} {target or ''}".strip())
    slide.notes_slide.notes_text_frame.text = "\n".join(notes)
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
    """The briefing as a 16:9 deck, in the briefing's language: title, radar, distance to the EU, trend,
    strongest/weakest, why these scores (when the network scored the country) and sources. Every chart slide
    carries the finding and a citation line (with the Kosovo footnote where it applies)."""
    with i18n.using(b.language):
        return _briefing_pptx(b, rendered)


def _briefing_pptx(b: Briefing, rendered: ChartImages | None) -> bytes:
    shots = rendered or chart_images(b, PPTX_SIZES, PPTX_FONT_SCALE, "presenter")
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
    if b.network_scores:
        _why_slide(deck, b)
    _sources_slide(deck, b)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()

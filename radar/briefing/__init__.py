"""Country briefing pack: one government's radar, gaps, trend and evidence as a PDF and a PowerPoint deck.

- data: what a pack contains (`Briefing`, `build_briefing`): numbers, findings, sources and the Country profile
  page's views, built from their view specs (radar.views), so that a pack's chart equals its page's;
- figures: those views laid out for paper or a slide and rendered as PNG;
- pdf, pptx: the two files.
"""

from radar.briefing.data import AUTHOR, PDF_MIME, PPTX_MIME, PUBLISHER, Briefing, build_briefing, file_stem
from radar.briefing.figures import ChartImages, chart_images
from radar.briefing.pdf import briefing_pdf, pdf_fonts
from radar.briefing.pptx import briefing_pptx

__all__ = ["AUTHOR", "PDF_MIME", "PPTX_MIME", "PUBLISHER", "Briefing", "ChartImages", "briefing_pdf",
           "briefing_pptx", "build_briefing", "chart_images", "file_stem", "pdf_fonts"]

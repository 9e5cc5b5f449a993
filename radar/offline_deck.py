"""A deck as ONE self-contained, interactive HTML file for a venue without network: every slide's title, finding,
chart (plotly, interactive), sources line, date and, where Kosovo is shown, the Kosovo designation; ←/→ and
Page Up/Page Down step the slides (as a presenter's clicker sends), Home/End jump to the ends.

plotly.js is inlined from the installed plotly package, the fonts are the system's, nothing is requested from any
host: the file opens from a USB stick in any browser with the network off. No Streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from radar.charts import BASE_FONT, FOOTNOTE
from radar.i18n import _
from radar.schema import KOSOVO_FOOTNOTE
from radar.text import html_text

SYSTEM_FONTS = 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", Arial, sans-serif'


@dataclass(frozen=True)
class OfflineSlide:
    """One slide: what the presenter's view shows, with its chart built for a projector (e.g. font_scale 1.6)."""

    title: str
    finding: str
    figure: go.Figure
    sources: str
    date: str
    shows_kosovo: bool = False


def slide_figure_json(fig: go.Figure) -> str:
    """The figure as JSON for the file: its own title and footnote are dropped (the slide carries them as text),
    it fills its box, and no '<' is left that could close the script element that holds it."""
    out = go.Figure(fig)
    scale = (out.layout.font.size or BASE_FONT) / BASE_FONT
    # The title moves out, so the plot starts under the legend at the top of the box.
    out.update_layout(title=None, width=None, height=None, autosize=True, margin={"t": round(60 * scale)},
                      legend={"yref": "container", "y": 1, "yanchor": "top"})
    out.layout.annotations = tuple(a for a in out.layout.annotations if a.name != FOOTNOTE)
    return out.to_json().replace("<", "\\u003c")


def _slide_html(number: int, total: int, slide: OfflineSlide) -> str:
    kosovo = (f"<p class='kosovo'>{html_text(_(KOSOVO_FOOTNOTE))}</p>" if slide.shows_kosovo else "")
    label = _("Slide {i} of {n}").format(i=number, n=total)
    return (
        f"<section class='slide' id='slide-{number}' aria-roledescription='slide' aria-label='{html_text(label)}'"
        f"{'' if number == 1 else ' hidden'}>"
        f"<h1>{html_text(slide.title)}</h1>"
        f"<p class='finding'>{html_text(slide.finding)}</p>"
        f"<div class='chart' id='chart-{number}' role='img' aria-label='{html_text(slide.title)}'></div>"
        f"<script type='application/json' id='figure-{number}'>{slide_figure_json(slide.figure)}</script>"
        f"<footer><p class='sources'>{html_text(slide.sources)} · {html_text(slide.date)}</p>{kosovo}"
        f"<p class='count'>{html_text(label)}</p></footer></section>"
    )


_CSS = """
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; background: #fff; color: #111827; font-family: FONTS; }
.slide { display: flex; flex-direction: column; height: 100vh; padding: 2vh 3vw 7vh 3vw; }
.slide[hidden] { display: none; }
h1 { font-size: clamp(28px, 4.2vh, 64px); line-height: 1.15; margin: 0 0 .8vh 0; }
.finding { font-size: clamp(22px, 3.2vh, 48px); line-height: 1.3; margin: 0 0 1vh 0;
  border-left: .4em solid #1d4ed8; padding-left: .6em; }
.chart { flex: 1 1 auto; min-height: 0; }
footer { font-size: clamp(16px, 1.9vh, 28px); color: #374151; }
footer p { margin: .3vh 0; }
.count { text-align: right; }
nav { position: fixed; bottom: 1vh; left: 3vw; display: flex; gap: 1vw; }
nav button { font: inherit; font-size: clamp(16px, 1.9vh, 28px); padding: .2em .8em; border: 2px solid #374151;
  background: #fff; color: #111827; border-radius: .3em; cursor: pointer; }
nav button:focus-visible { outline: 3px solid #1d4ed8; outline-offset: 2px; }
"""

_SCRIPT = """
(function () {
  const slides = [...document.querySelectorAll('.slide')];
  const drawn = new Set();
  let current = 0;
  function draw(i) {
    const box = document.getElementById('chart-' + (i + 1));
    if (!drawn.has(i)) {
      const fig = JSON.parse(document.getElementById('figure-' + (i + 1)).textContent);
      Plotly.newPlot(box, fig.data, fig.layout, {responsive: true, displaylogo: false, typesetMath: false})
        .then(gd => { if (fig.frames) Plotly.addFrames(gd, fig.frames); });
      drawn.add(i);
    } else {
      Plotly.Plots.resize(box);
    }
  }
  function show(i) {
    current = Math.max(0, Math.min(slides.length - 1, i));
    slides.forEach((s, k) => { s.hidden = k !== current; });
    document.body.dataset.slide = String(current + 1);
    history.replaceState(null, '', '#slide-' + (current + 1));
    draw(current);
  }
  document.addEventListener('keydown', e => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    const step = {ArrowRight: 1, ArrowDown: 1, PageDown: 1, ' ': 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1}[e.key];
    if (step) { e.preventDefault(); show(current + step); }
    else if (e.key === 'Home') { e.preventDefault(); show(0); }
    else if (e.key === 'End') { e.preventDefault(); show(slides.length - 1); }
  });
  document.getElementById('prev').addEventListener('click', () => show(current - 1));
  document.getElementById('next').addEventListener('click', () => show(current + 1));
  const start = parseInt((location.hash.match(/^#slide-(\\d+)$/) || [])[1] || '1', 10);
  show(start - 1);
})();
"""


def deck_html(slides: Sequence[OfflineSlide], *, deck_title: str = "WB-OCR Radar", lang: str = "en") -> str:
    """The whole deck as one HTML document (plotly.js inlined, about 5 MB)."""
    if not slides:
        raise ValueError("a deck needs at least one slide")
    body = "".join(_slide_html(i, len(slides), s) for i, s in enumerate(slides, start=1))
    nav = (f"<nav aria-label='{html_text(_('Slides'))}'>"
           f"<button id='prev' type='button'>{html_text(_('◀ Previous'))}</button>"
           f"<button id='next' type='button'>{html_text(_('Next ▶'))}</button></nav>")
    # The plotly bundle must not end the inline script early.
    plotly_js = get_plotlyjs().replace("</script", "<\\/script")
    return (
        f"<!DOCTYPE html><html lang='{html_text(lang)}'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>"
        f"<title>{html_text(deck_title)}</title><style>{_CSS.replace('FONTS', SYSTEM_FONTS)}</style></head>"
        f"<body data-slide='1'><main>{body}</main>{nav}"
        f"<script>{plotly_js}</script><script>{_SCRIPT}</script></body></html>"
    )

"""The pack's three charts are the Country profile page's views (radar.views.build: the same builder, data,
title and finding as on screen), laid out for paper or a slide and rendered as PNG.

What the pack changes is layout only: the title moves out of the picture (the page or slide prints it as text),
the radar's '100' tick goes (the caption says the outer ring is 100), the trend gets more columns and starts at
its first scored year, and it carries the WB6 and EU-27 means, named and styled as on the radar.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import plotly.graph_objects as go

from radar import charts, images
from radar.briefing.data import Briefing

MEAN_LINE_WIDTH = 1.6
MEAN_MARKER_SIZE = 3


@dataclass(frozen=True)
class ChartImages:
    """PNG bytes (rendered at 2x) of the three charts, with their CSS pixel sizes."""

    radar: bytes
    distance: bytes
    trend: bytes
    sizes: dict[str, tuple[int, int]]


def radar_chart(b: Briefing, style: str, **layout) -> go.Figure:
    """The profile view: the country against the WB6 and EU-27 means (layout = font_scale, footnote, height)."""
    fig = b.views[style, "profile"].make(**layout)
    # The outer ring is 100 (said in the caption): a '100' tick label would sit on the top axis label.
    return fig.update_polars(radialaxis_tickvals=[0, 25, 50, 75])


def distance_chart(b: Briefing, style: str, **layout) -> go.Figure:
    """The gap view: per axis, the country, the WB6 mean, the EU-27 mean and the weakest EU member."""
    return b.views[style, "gap"].make(**layout)


def trend_chart(b: Briefing, style: str, columns: int = 2, **layout) -> go.Figure:
    """The trend view (small multiples of the axes over the years), with the two means added to each panel and
    the years cut to the briefing's (from the first with a score up to its year)."""
    fig = b.views[style, "trend"].make(columns=columns, **layout)
    axes = b.framework.axis_names
    for ref_id, line in charts.REFERENCE_STYLES.items():
        rows = b.trend[b.trend["country_iso3"] == ref_id]
        for i, axis in enumerate(axes):
            panel = rows[rows["axis_name"] == axis].sort_values("year")
            fig.add_trace(go.Scatter(
                x=panel["year"], y=[None if v != v else round(float(v), 2) for v in panel["score"]],
                mode="lines+markers", name=charts.reference_name(ref_id), legendgroup=ref_id, showlegend=(i == 0),
                line={"color": line["color"], "dash": line["dash"], "width": MEAN_LINE_WIDTH},
                marker={"size": MEAN_MARKER_SIZE, "color": line["color"]},
                hovertemplate=f"<b>{charts.reference_name(ref_id)}</b> · {axis}<br>%{{x}}: %{{y:.1f}}/100"
                              "<extra></extra>",
            ), row=i // columns + 1, col=i % columns + 1)
    fig.update_xaxes(range=[b.years[0] - 0.5, b.years[-1] + 0.5])
    if columns > 2:  # narrow panels: shorter title lines, more room between rows, level year labels
        for note in fig.layout.annotations[:len(axes)]:
            note.text = charts.wrap_label(note.text.replace("<br>", " "), 26)
        _spread_rows(fig, len(axes), columns, gap=0.2)
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


def chart_images(b: Briefing, sizes: dict[str, tuple[int, int]], font_scale: float, style: str = "export",
                 trend_columns: int = 4) -> ChartImages:
    """Render the radar, distance and trend charts (the views in `style`) as PNG at the given CSS pixel sizes."""
    sizes = fitted_sizes(sizes, len(b.framework.axis_names), trend_columns)
    top, side = round(44 * font_scale), round(90 * font_scale)  # a radar's axis labels sit outside its plot
    return ChartImages(
        radar=_render(partial(radar_chart, b, style), sizes["radar"], font_scale,
                      {"t": top + round(36 * font_scale), "l": side, "r": side}),
        distance=_render(partial(distance_chart, b, style), sizes["distance"], font_scale, {"t": top}),
        trend=_render(partial(trend_chart, b, style, trend_columns), sizes["trend"], font_scale,
                      {"t": top + round(28 * font_scale)}),
        sizes=sizes,
    )

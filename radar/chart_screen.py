"""Screen layout of the figures radar.charts builds: title, legend and footnote moved out into HTML, a radar laid
out in fractions of its chart with numbered axes (so that radar/ui/style.css can size it from the container's
width), narrow-wrapped labels for a phone. No Streamlit."""

from __future__ import annotations

import math

import plotly.graph_objects as go

from radar.charts import BASE_FONT, FADED_OPACITY, FOOTNOTE, wrap_label

SCREEN_LABEL_WRAP = 20
SCREEN_SIDE_MARGIN = 16  # px each side of a radar on screen: room for a one- or two-digit axis number
SCREEN_POLAR_PAD = 0.1  # share of the chart's height above and below the circle (two lines of label on a desktop)


def legend_items(fig: go.Figure) -> list[dict]:
    """The figure's legend as data: name, colour and dash of each trace shown in the legend (once per group), in
    the legend's order (`legendrank`, which keeps the countries' order when a followed country is drawn last),
    with the country's iso3 (None for a mean) and whether it is faded because another country is followed."""
    items, seen = [], set()
    ranked = sorted(enumerate(fig.data), key=lambda pair: (getattr(pair[1], "legendrank", None) or 1000, pair[0]))
    for _i, trace in ranked:
        name = getattr(trace, "name", None)
        if not name or trace.showlegend is False or name in seen:
            continue
        seen.add(name)
        line = getattr(trace, "line", None)
        marker = getattr(trace, "marker", None)
        colour = (line.color if line is not None and line.color else None) or (
            marker.color if marker is not None and isinstance(marker.color, str) else "#6b7280")
        dash = line.dash if line is not None and line.dash else "solid"
        symbol = marker.symbol if marker is not None and isinstance(marker.symbol, str) else None
        markers_only = getattr(trace, "mode", None) == "markers"
        meta = trace.meta if isinstance(getattr(trace, "meta", None), dict) else {}
        opacity = getattr(trace, "opacity", None)
        items.append({"name": name, "colour": colour, "dash": dash, "symbol": symbol if markers_only else None,
                      "iso3": meta.get("iso3"), "faded": opacity is not None and opacity <= FADED_OPACITY})
    return items


def axis_number_label(number: int, name: str, angle: float, wrap: int = SCREEN_LABEL_WRAP,
                      scale: float = 1.0) -> str:
    """An angular axis label for the screen: the axis number in bold next to the circle, then its name. On the
    upper half the number is the last line (the label sits above the circle), elsewhere the first, so that a
    narrow chart that hides the name (style.css) keeps the number beside the circle."""
    vertical = abs(math.sin(math.radians(angle))) < 0.3  # above or below the circle: room to the sides
    # Larger type (presenter mode) wraps the top and bottom labels sooner: they would reach the side labels.
    lines = wrap_label(name, round(2 * wrap / max(scale, 1.0)) if vertical else wrap).split("<br>")
    mark = f"<b>{number}</b>"
    upper = math.cos(math.radians(angle)) > 0.35
    return "<br>".join([*lines, mark] if upper else [mark, *lines])


def axis_key(fig: go.Figure) -> list[str]:
    """The radar's axis names in the order of their numbers on screen (empty for a figure without a radar)."""
    names: list[str] = []
    for trace in fig.data:
        if trace.type == "scatterpolar" and trace.theta is not None:
            for t in trace.theta:
                name = str(t).replace("<br>", " ")
                if name not in names:
                    names.append(name)
    return names


def _number_axes(fig: go.Figure) -> None:
    """Replace each radar trace's axis labels by numbered ones (same label for the same axis in every trace)."""
    names = axis_key(fig)
    step = 360 / max(len(names), 1)
    scale = (fig.layout.font.size or BASE_FONT) / BASE_FONT
    labels = {n: axis_number_label(i + 1, n, i * step, scale=scale) for i, n in enumerate(names)}
    for trace in fig.data:
        if trace.type == "scatterpolar" and trace.theta is not None:
            trace.theta = [labels[str(t).replace("<br>", " ")] for t in trace.theta]
    axis = fig.layout.polar.angularaxis
    if axis.tickmode == "array" and axis.tickvals:  # labels marked on the chart (radar.views.basis): numbered too
        number = {n: i for i, n in enumerate(names)}
        vals = [str(v).replace("<br>", " ") for v in axis.tickvals]
        texts = [str(t).replace("<br>", " ") for t in (axis.ticktext or axis.tickvals)]
        axis.ticktext = [axis_number_label(number[v] + 1, t, number[v] * step, scale=scale)
                         for v, t in zip(vals, texts) if v in number]
        axis.tickvals = [labels[v] for v in vals if v in number]


def screen_figure(fig: go.Figure) -> tuple[go.Figure, str, str]:
    """Return (figure, title, subtitle) for a web page: title, legend and footnote move out of the figure into
    HTML (which wraps on a phone), and the margins shrink to what the plot needs."""
    out = go.Figure(fig)
    text = out.layout.title.text or ""
    title, _, subtitle = text.partition("<br><sup>")
    out.update_layout(title=None, showlegend=False)
    out.layout.annotations = tuple(a for a in out.layout.annotations if a.name != FOOTNOTE)
    polar = any(t.type == "scatterpolar" for t in out.data)
    scale = (out.layout.font.size or BASE_FONT) / BASE_FONT
    if polar:
        _number_axes(out)
        # Sized by fractions of the chart, not pixels, so the circle follows the container: the stylesheet makes a
        # narrow chart about as tall as it is wide and shows only the axis numbers there (radar/ui/style.css).
        side = round(SCREEN_SIDE_MARGIN * scale)
        pad = min(0.25, SCREEN_POLAR_PAD * scale)  # larger type (presenter mode) needs more room for its labels
        out.update_layout(margin={"t": 0, "b": 0, "l": side, "r": side, "autoexpand": False},
                          polar={"domain": {"x": [0, 1], "y": [pad, 1 - pad]}})
    else:
        # Cartesian axes make room for their own labels and titles (automargin); only trim the outer space.
        out.update_layout(margin={"t": round(30 * scale), "b": round(40 * scale)})
        out.update_xaxes(automargin=True)
        out.update_yaxes(automargin=True)
        for trace in out.data:
            if trace.type == "heatmap" and trace.colorbar.title.text:  # an axes x countries heat map
                # Row labels wrapped narrowly and the colour scale under the grid: a phone keeps the width for
                # the cells, whose numbers stay readable.
                trace.y = [wrap_label(str(y).replace("<br>", " "), SCREEN_LABEL_WRAP - 4) for y in trace.y]
                trace.colorbar.update(orientation="h", x=0, xanchor="left", y=-0.02, yanchor="top", len=1,
                                      lenmode="fraction", thickness=12, title={"side": "top"})
                out.update_layout(height=max(out.layout.height or 0, 64 * len(trace.y) + 280))
        if "xaxis2" in out.layout.to_plotly_json():  # small multiples: the annotations are the panels' titles
            for note in out.layout.annotations:
                note.text = wrap_label(str(note.text).replace("<br>", " "), SCREEN_LABEL_WRAP + 2)
            out.update_layout(margin={"t": round(60 * scale)})
    if out.layout.updatemenus:  # animation controls sit under the plot
        out.update_layout(margin={"b": 150})
    return out, title, subtitle.removesuffix("</sup>")

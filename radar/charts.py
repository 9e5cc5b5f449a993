"""Plotly figure builders: data frames in, Figure out. No Streamlit, no SQL, no scoring.

Conventions shared by every builder: one colour per country (from the `countries` table), radar axes in the
framework's fixed order clockwise from the top, 0-100 scores where outward/up/right = better, a missing
score drawn as a gap (never 0), and hover text with the raw value, the score, the year used and the source.
"""

from __future__ import annotations

import math
import textwrap

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

# The hover text and its helpers live in radar.chart_hover; their names stay importable from here.
from radar.chart_hover import describe_missing, hover_texts, years_text  # noqa: F401 (re-exported)
from radar.countries import label as country_label
from radar.i18n import _, num
from radar.scoring import Z_90

FONT_FAMILY = "Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"
TEXT_COLOUR = "#1f2937"  # contrast 14.7:1 on white
MUTED_COLOUR = "#4b5563"  # contrast 7.6:1 on white (WCAG AA for small text)
GRID_COLOUR = "#d1d5db"
REFERENCE_STYLES = {
    "WB6": {"color": "#374151", "dash": "dash"},
    "EU27": {"color": "#111827", "dash": "dot"},
}


def reference_name(reference: str) -> str:
    return _("WB6 mean") if reference == "WB6" else _("EU-27 mean")
# Sequential, colour-blind safe and monotone in lightness (cividis), for heat maps.
HEAT_COLOURSCALE = "Cividis"
MISSING_FILL = "#f3f4f6"
BASE_FONT = 15
LABEL_WRAP = 18
SLOPE_LABEL_WRAP = 16
FADED_OPACITY = 0.25  # the other countries when one is followed (focus)
FOCUS_WIDTH = 1.8  # the followed country's line, times the usual width
FOOTNOTE = "footnote"  # name of the annotation that carries sources and the Kosovo designation


def wrap_label(text: str, width: int = LABEL_WRAP) -> str:
    """Return `text` broken into lines of at most `width` characters with <br> (for radar axis labels)."""
    return "<br>".join(textwrap.wrap(str(text), width=width)) or str(text)


def _fmt(value: float, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _("n/a")
    return num(value, digits)


def base_layout(title: str, subtitle: str = "", font_scale: float = 1.0, height: int = 560,
                footnote: str = "") -> dict:
    """The layout every chart shares (title, fonts, margins, legend above the plot, footnote), as a dict."""
    layout = {
        "title": {"text": f"{title}<br><sup>{subtitle}</sup>" if subtitle else title, "x": 0.012, "xanchor": "left",
                  "y": 1 - round(30 * font_scale) / height, "yref": "container", "yanchor": "top",
                  "font": {"size": round(20 * font_scale)}},
        "font": {"family": FONT_FAMILY, "size": round(BASE_FONT * font_scale), "color": TEXT_COLOUR},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
        "height": height,
        "margin": {"l": 40, "r": 40, "t": round((150 if subtitle else 120) * font_scale),
                   "b": round((40 + (40 if footnote else 0)) * font_scale), "autoexpand": True},
        # Under the title, above the plot: a bottom legend collides with the radar's lowest axis label.
        "legend": {"orientation": "h", "yref": "container", "yanchor": "top", "x": 0, "xanchor": "left",
                   "y": 1 - round((68 if subtitle else 44) * font_scale) / height,
                   "font": {"size": round(BASE_FONT * font_scale)}},
        "hoverlabel": {"font": {"size": round(14 * font_scale)}, "align": "left"},
    }
    if footnote:
        layout["annotations"] = [{"name": FOOTNOTE, "text": footnote, "xref": "paper", "yref": "paper", "x": 0,
                                  "y": 0, "yshift": -round(30 * font_scale), "showarrow": False,
                                  "xanchor": "left", "yanchor": "top", "align": "left",
                                  "font": {"size": round(12 * font_scale), "color": MUTED_COLOUR}}]
    return layout


def _base_layout(fig: go.Figure, title: str, subtitle: str = "", font_scale: float = 1.0, height: int = 560,
                 footnote: str = "") -> go.Figure:
    layout = base_layout(title, subtitle, font_scale, height, footnote)
    notes = layout.pop("annotations", [])
    fig.update_layout(layout)
    for note in notes:
        fig.add_annotation(note)
    return fig


def _closed(items: list) -> list:
    return [*items, items[0]] if items else items


def radar_figure(
    scores: pd.DataFrame,
    countries: pd.DataFrame,
    axis_names: list[str],
    *,
    title: str,
    subtitle: str = "",
    references: pd.DataFrame | None = None,
    values: pd.DataFrame | None = None,
    footnote: str = "",
    font_scale: float = 1.0,
    height: int = 620,
    show_legend: bool = True,
    label_wrap: int = LABEL_WRAP,
    bands: bool = False,
    focus: str | None = None,
) -> go.Figure:
    """Radar of axis scores, one closed outline per country (gaps where an axis is missing) plus reference rings.

    scores: country_iso3, axis_name, axis_order, score, coverage, year_min, year_max, missing_reason.
    countries: iso3, name, colour. references: reference (WB6/EU27), axis_name, axis_order, score.
    focus: an iso3 to follow: the other countries faded, it drawn on top and thicker; the means unchanged.
    """
    theta = _closed([wrap_label(a, label_wrap) for a in axis_names])
    meta = countries.set_index("iso3")
    # Traces and layout are put together as plain dicts and validated once, by the one Figure made of them:
    # adding them one by one to a Figure costs several times that (plotly checks each step).
    traces: list[dict] = []
    for ref_id, style in REFERENCE_STYLES.items():
        if references is None:
            break
        ref = references[references["reference"] == ref_id].sort_values("axis_order")
        if ref.empty:
            continue
        r = _closed([None if pd.isna(v) else round(float(v), 2) for v in ref["score"]])
        name = reference_name(ref_id)
        traces.append(dict(
            type="scatterpolar", r=r, theta=theta, mode="lines", name=name, connectgaps=False,
            line={"color": style["color"], "dash": style["dash"], "width": 2 * max(1.0, font_scale * 0.75)},
            hovertext=_closed([f"<b>{name}</b> · {a}<br>" + _("Score {score} (mean of {n} countries)").format(
                score=_fmt(s), n=n) for a, s, n in zip(ref["axis_name"], ref["score"], ref["n"])]),
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    order = _in_table_order(scores["country_iso3"], countries)
    cells = {iso3: cell.sort_values("axis_order") for iso3, cell in scores.groupby("country_iso3", sort=False)}
    if bands:
        for iso3 in drawing_order(order, focus):
            band = uncertainty_band(cells[iso3], theta[:-1], meta.at[iso3, "colour"], _country_label(meta, iso3))
            if band is not None:
                traces.append({**band, "opacity": focus_style(iso3, focus, order)["opacity"]})
    # Each country's values, split once (each outline's hover reads only its own).
    values_of = dict(tuple(values.groupby("country_iso3", sort=False))) if values is not None else {}
    for iso3 in drawing_order(order, focus):
        cell = cells[iso3].assign(country_name=meta.at[iso3, "name"])
        r = _closed([None if pd.isna(v) else round(float(v), 2) for v in cell["score"]])
        style = focus_style(iso3, focus, order)
        traces.append(dict(
            type="scatterpolar", r=r, theta=theta, mode="lines+markers", name=_country_label(meta, iso3),
            connectgaps=False,
            line={"color": meta.at[iso3, "colour"], "width": 3 * max(1.0, font_scale * 0.75) * style["width"]},
            marker={"size": 8 * font_scale * style["width"], "color": meta.at[iso3, "colour"]},
            opacity=style["opacity"], legendrank=style["rank"],
            hovertext=_closed(hover_texts(cell, values_of.get(iso3))), hovertemplate="%{hovertext}<extra></extra>",
            meta={"iso3": iso3},
        ))
    layout = base_layout(title, subtitle, font_scale, height, footnote)
    layout["polar"] = {
        "radialaxis": {"range": [0, 100], "tickvals": [0, 25, 50, 75, 100], "angle": 90, "tickangle": 90,
                       "gridcolor": GRID_COLOUR,
                       "tickfont": {"size": round(11 * font_scale), "color": MUTED_COLOUR}},
        "angularaxis": {"direction": "clockwise", "rotation": 90, "gridcolor": GRID_COLOUR,
                        "tickfont": {"size": round(13 * font_scale)}},
        "bgcolor": "white",
    }
    layout["showlegend"] = show_legend
    return go.Figure(data=traces, layout=layout)


def uncertainty_band(cell: pd.DataFrame, theta: list[str], colour: str, label: str) -> dict | None:
    """The published 90% margin around one country's outline as a shaded ring (None when no axis has one)."""
    if "se" not in cell or cell["se"].isna().all():
        return None
    margin = cell["se"] * Z_90
    upper = (cell["score"] + margin).clip(upper=100).tolist()
    lower = (cell["score"] - margin).clip(lower=0).tolist()
    # Outer ring one way round, inner ring the other way: filled, that is the ring between them.
    inner = [lower[0], *lower[:0:-1], lower[0]]
    inner_theta = [theta[0], *theta[:0:-1], theta[0]]
    r = [None if pd.isna(v) else round(float(v), 2) for v in [*upper, upper[0], *inner]]
    return dict(
        type="scatterpolar", r=r, theta=[*theta, theta[0], *inner_theta], mode="lines", fill="toself",
        fillcolor=_rgba(colour, 0.18), line={"width": 0}, hoverinfo="skip", showlegend=False,
        name=_("{country}: published 90% margin").format(country=label),
    )


def _rgba(hex_colour: str, alpha: float) -> str:
    value = hex_colour.lstrip("#")
    red, green, blue = (int(value[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({red},{green},{blue},{alpha})"


def _in_table_order(iso3s: pd.Series, countries: pd.DataFrame) -> list[str]:
    """The distinct countries of `iso3s` in the order of the countries table (the same order on every chart)."""
    present = set(iso3s)
    return [c for c in countries["iso3"] if c in present]


def _country_label(meta: pd.DataFrame, iso3: str) -> str:
    return country_label(iso3, meta.at[iso3, "name"])


def drawing_order(order: list[str], focus: str | None) -> list[str]:
    """The countries in the order they are drawn: the followed one (`focus`, when shown) last, so on top."""
    return [c for c in order if c != focus] + [focus] if focus in order else list(order)


def focus_style(iso3: str, focus: str | None, order: list[str]) -> dict:
    """How one country's trace is drawn when `focus` is followed: the others faded, the followed one thicker;
    `legendrank` keeps the legend in the countries' order whatever the drawing order. Nothing changes when
    `focus` is None or not among the countries shown."""
    rank = 1000 + order.index(iso3) + 1 if iso3 in order else None
    if focus not in order:
        return {"opacity": None, "width": 1.0, "rank": rank}
    return {"opacity": None if iso3 == focus else FADED_OPACITY, "width": FOCUS_WIDTH if iso3 == focus else 1.0,
            "rank": rank}


def heatmap_figure(scores: pd.DataFrame, countries: pd.DataFrame, axis_names: list[str], *, title: str,
                   subtitle: str = "", values: pd.DataFrame | None = None, footnote: str = "",
                   font_scale: float = 1.0, height: int | None = None, label_wrap: int = 28,
                   focus: str | None = None) -> go.Figure:
    """Heat map: axes as rows (in framework order), countries as columns, score as colour and text; a missing
    score is an empty light cell marked 'n/a', not a colour of the scale. With `focus`, the other countries'
    columns are veiled and the followed country's column is outlined and its name set in bold."""
    meta = countries.set_index("iso3")
    order = _in_table_order(scores["country_iso3"], countries)
    grid = scores.pivot(index="axis_name", columns="country_iso3", values="score").reindex(index=axis_names,
                                                                                          columns=order)
    cells = scores.assign(country_name=scores["country_iso3"].map(meta["name"]))
    hover = dict(zip(zip(cells["axis_name"], cells["country_iso3"]), hover_texts(cells, values)))
    text = [[_fmt(v) for v in row] for row in grid.to_numpy()]
    columns = [_country_label(meta, c) for c in order]
    if focus in order:
        columns = [f"<b>{name}</b>" if c == focus else name for c, name in zip(order, columns)]
    fig = go.Figure(go.Heatmap(
        z=grid.to_numpy(), x=columns,
        y=[wrap_label(a, label_wrap) for a in axis_names],
        zmin=0, zmax=100, colorscale=HEAT_COLOURSCALE, text=text, texttemplate="%{text}",
        textfont={"size": round(14 * font_scale)},
        hovertext=[[hover.get((a, c), "") for c in order] for a in axis_names],
        hovertemplate="%{hovertext}<extra></extra>", xgap=2, ygap=2,
        colorbar={"title": {"text": _("score") + "<br>(0–100)"}, "thickness": 14},
    ))
    fig.update_yaxes(autorange="reversed", showgrid=False, automargin=True)
    fig.update_xaxes(side="top", showgrid=False, automargin=True)
    height = height or max(360, 60 * len(axis_names) + 160)
    if focus in order:
        for k, iso3 in enumerate(order):
            followed = iso3 == focus
            fig.add_shape(type="rect", xref="x", yref="paper", x0=k - 0.5, x1=k + 0.5, y0=0, y1=1,
                          name="focus" if followed else "faded", layer="above",
                          line={"color": TEXT_COLOUR, "width": 4 * font_scale} if followed else {"width": 0},
                          fillcolor="rgba(0,0,0,0)" if followed else f"rgba(255,255,255,{1 - FADED_OPACITY})")
    fig = _base_layout(fig, title, subtitle, font_scale, height, footnote)
    fig.update_layout(plot_bgcolor=MISSING_FILL)  # after the base layout, which paints the plot white
    fig.update_layout(margin={"t": 140})
    return fig


def spread_positions(values: list[float], min_gap: float, lo: float = 0.0, hi: float = 100.0) -> list[float]:
    """Label positions near `values` (same order) at least `min_gap` apart and inside [lo, hi]: labels of
    close values are pushed apart instead of printed on top of each other."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    placed = [0.0] * len(values)
    previous = lo - min_gap
    for i in order:
        placed[i] = max(values[i], previous + min_gap)
        previous = placed[i]
    overflow = previous - hi
    if overflow > 0:  # shift the stack down, never below lo
        for i in order:
            placed[i] = max(lo, placed[i] - overflow)
    return placed


def slope_figure(change: pd.DataFrame, countries: pd.DataFrame, year_a: int, year_b: int, *, title: str,
                 subtitle: str = "", footnote: str = "", font_scale: float = 1.0, height: int = 560,
                 focus: str | None = None) -> go.Figure:
    """Slope chart: one line per country from its score in `year_a` to `year_b`, labelled at both ends
    (labels of close values are spread apart so they stay readable). With `focus`, the other countries' lines
    and labels are faded and the followed one is drawn on top, thicker.

    change: country_iso3, score_before, score_after (for one axis or the mean of axes).
    """
    meta = countries.set_index("iso3")
    rows = change.set_index("country_iso3")
    order = _in_table_order(change["country_iso3"], countries)
    fig = go.Figure()
    for iso3 in drawing_order(order, focus):
        label = _country_label(meta, iso3)
        ys = [rows.at[iso3, "score_before"], rows.at[iso3, "score_after"]]
        delta = ys[1] - ys[0]
        style = focus_style(iso3, focus, order)
        fig.add_trace(go.Scatter(
            x=[str(year_a), str(year_b)], y=[None if pd.isna(v) else round(float(v), 2) for v in ys],
            mode="lines+markers", name=label, cliponaxis=False, opacity=style["opacity"], legendrank=style["rank"],
            meta={"iso3": iso3}, line={"color": meta.at[iso3, "colour"], "width": 3 * font_scale * style["width"]},
            marker={"size": 10 * font_scale * style["width"]},
            hovertemplate=f"<b>{label}</b><br>%{{x}}: %{{y:.1f}}/100<br>"
            + _("change {d}").format(d=_fmt(delta)) + "<extra></extra>",
        ))
    plot_px = max(height * 0.7, 200)  # the plot area, roughly, once title and margins are taken
    gap = 100 * (BASE_FONT * font_scale * 1.1) / plot_px
    # On a category axis an annotation's x is the category's index (a year string would read as a number).
    for column, x, anchor, with_name in (("score_before", 0, "right", False), ("score_after", 1, "left", True)):
        present = [c for c in order if not pd.isna(rows.at[c, column])]
        # A long name is wrapped (a phone leaves about 120 px right of the lines), and its label takes two lines.
        named = {c: wrap_label(f"{_country_label(meta, c)} {_fmt(float(rows.at[c, column]))}", SLOPE_LABEL_WRAP)
                 for c in present}
        lines = max((t.count("<br>") + 1 for t in named.values()), default=1) if with_name else 1
        positions = spread_positions([float(rows.at[c, column]) for c in present], gap * lines)
        for iso3, y in zip(present, positions):
            value = _fmt(float(rows.at[iso3, column]))
            fig.add_annotation(
                x=x, y=y, xanchor=anchor, xshift=-12 if anchor == "right" else 12, showarrow=False, align="left",
                text=named[iso3] if with_name else value, opacity=focus_style(iso3, focus, order)["opacity"],
                font={"color": meta.at[iso3, "colour"], "size": round(BASE_FONT * font_scale)},
            )
    fig.update_yaxes(range=[0, 100], title=_("score (0–100, higher = better)"), gridcolor=GRID_COLOUR)
    fig.update_xaxes(type="category", showgrid=False, range=[-0.45, 1.9])
    fig = _base_layout(fig, title, subtitle, font_scale, height, footnote)
    fig.update_layout(margin={"l": round(70 * font_scale), "r": round(40 * font_scale)}, showlegend=False)
    return fig


def lines_figure(over_time: pd.DataFrame, countries: pd.DataFrame, axis_names: list[str], *, title: str,
                 subtitle: str = "", footnote: str = "", font_scale: float = 1.0, columns: int = 2,
                 height: int | None = None, focus: str | None = None) -> go.Figure:
    """Small multiples of lines: one panel per axis (framework order), one line per country across years; with
    `focus`, the other countries faded and the followed one drawn on top, thicker."""
    meta = countries.set_index("iso3")
    rows = math.ceil(len(axis_names) / columns)
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=[wrap_label(a, 40) for a in axis_names],
                        shared_xaxes=True, vertical_spacing=min(0.5 / max(rows, 1), 0.12), horizontal_spacing=0.08)
    for i, axis in enumerate(axis_names):
        panel = over_time[over_time["axis_name"] == axis]
        order = _in_table_order(panel["country_iso3"], countries)
        for iso3 in drawing_order(order, focus):
            style = focus_style(iso3, focus, order)
            line = panel[panel["country_iso3"] == iso3].sort_values("year")
            whiskers = line["se"] * Z_90 if "se" in line and line["se"].notna().any() else None
            fig.add_trace(go.Scatter(
                x=line["year"], y=[None if pd.isna(v) else round(float(v), 2) for v in line["score"]],
                error_y=None if whiskers is None else {"type": "data", "array": whiskers.round(2).tolist(),
                                                       "visible": True, "thickness": 1.2, "width": 3},
                mode="lines+markers", name=_country_label(meta, iso3), legendgroup=iso3, showlegend=(i == 0),
                opacity=style["opacity"], legendrank=style["rank"], meta={"iso3": iso3},
                line={"color": meta.at[iso3, "colour"], "width": 2.5 * style["width"]},
                marker={"size": 6 * style["width"]},
                hovertemplate=f"<b>{_country_label(meta, iso3)}</b> · {axis}<br>%{{x}}: %{{y:.1f}}/100<extra></extra>",
            ), row=i // columns + 1, col=i % columns + 1)
    fig.update_yaxes(range=[0, 100], tickvals=[0, 50, 100], gridcolor=GRID_COLOUR)
    fig.update_xaxes(showgrid=False, dtick=2 if over_time["year"].nunique() > 8 else 1)
    fig.update_annotations(font={"size": round(13 * font_scale)})
    return _base_layout(fig, title, subtitle, font_scale, height or 220 * rows + 160, footnote)


# High-contrast, colour-blind-safe colours for a projector (Paul Tol's "vibrant" scheme, which stays
# distinguishable under the common colour-vision deficiencies and keeps >= 3:1 contrast on white for lines).
PRESENTER_COLOURS = {"ALB": "#CC3311", "BIH": "#0077BB", "XKX": "#009988", "MNE": "#EE3377", "MKD": "#EE7733",
                     "SRB": "#33BBEE"}
EXPORT_FONT_SCALE = 1.4


def with_colours(countries: pd.DataFrame, colours: dict[str, str]) -> pd.DataFrame:
    """The countries table with `colours` replacing the default colour where given."""
    return countries.assign(colour=[colours.get(i, c) for i, c in zip(countries["iso3"], countries["colour"])])


def export_figure(make, footnote: str, *, width: int = 1920, height: int = 1080,
                  font_scale: float = EXPORT_FONT_SCALE) -> go.Figure:
    """A slide-ready figure: title, legend and footnote (sources, date, Kosovo designation) inside, sized for
    a 1920x1080 slide. `make(**style)` is the page's figure builder with its data already bound."""
    fig = make(font_scale=font_scale, footnote=footnote, height=height)
    fig.update_layout(width=width)
    return fig


# The animated radar and the profile's and methodology's figures live in radar.chart_panels, the screen layout
# (phone-first sizing, numbered radar axes, HTML legend data) in radar.chart_screen; both build on this module, and
# the pages reach them through these names (imported when called: those modules import this one).
def animated_radar_figure(*args, **kwargs) -> go.Figure:
    from radar.chart_panels import animated_radar_figure as build
    return build(*args, **kwargs)


def gap_dot_figure(*args, **kwargs) -> go.Figure:
    from radar.chart_panels import gap_dot_figure as build
    return build(*args, **kwargs)


def coverage_figure(*args, **kwargs) -> go.Figure:
    from radar.chart_panels import coverage_figure as build
    return build(*args, **kwargs)


def screen_figure(fig: go.Figure) -> tuple[go.Figure, str, str]:
    from radar.chart_screen import screen_figure as build
    return build(fig)


def legend_items(fig: go.Figure) -> list[dict]:
    from radar.chart_screen import legend_items as build
    return build(fig)

"""Plotly figure builders: data frames in, Figure out. No Streamlit, no SQL, no scoring.

Conventions shared by every builder: one colour per country (from the `countries` table), radar axes in the
framework's fixed order clockwise from the top, 0-100 scores where outward/up/right = better, a missing
score drawn as a gap (never 0), and hover text with the raw value, the score, the year used and the source.
"""

from __future__ import annotations

import math
import textwrap

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

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
SCREEN_LABEL_WRAP = 20
SLOPE_LABEL_WRAP = 16
SCREEN_SIDE_MARGIN = 16  # px each side of a radar on screen: room for a one- or two-digit axis number
SCREEN_POLAR_PAD = 0.085  # share of the chart's height above and below the circle (two lines of label on a desktop)
FOOTNOTE = "footnote"  # name of the annotation that carries sources and the Kosovo designation


def wrap_label(text: str, width: int = LABEL_WRAP) -> str:
    """Return `text` broken into lines of at most `width` characters with <br> (for radar axis labels)."""
    return "<br>".join(textwrap.wrap(str(text), width=width)) or str(text)


def _fmt(value: float, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return _("n/a")
    return num(value, digits)


def describe_missing(n_available: int, n_indicators: int) -> str:
    """Why an axis is missing, in words (scoring's coverage rule)."""
    if not n_available:
        return _("no data")
    return _("only {a} of {n} indicators have data, too few for a score").format(
        a=n_available, n=n_indicators)


def years_text(year_min: float, year_max: float) -> str:
    """'2023' or '2021–2023' for the years a score used."""
    if pd.isna(year_min):
        return ""
    return f"{int(year_min)}" if year_min == year_max else f"{int(year_min)}–{int(year_max)}"


def _base_layout(fig: go.Figure, title: str, subtitle: str = "", font_scale: float = 1.0, height: int = 560,
                 footnote: str = "") -> go.Figure:
    fig.update_layout(
        title={"text": f"{title}<br><sup>{subtitle}</sup>" if subtitle else title, "x": 0.012, "xanchor": "left",
               "y": 1 - round(30 * font_scale) / height, "yref": "container", "yanchor": "top",
               "font": {"size": round(20 * font_scale)}},
        font={"family": FONT_FAMILY, "size": round(BASE_FONT * font_scale), "color": TEXT_COLOUR},
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=height,
        margin={"l": 40, "r": 40, "t": round((150 if subtitle else 120) * font_scale),
                "b": round((40 + (40 if footnote else 0)) * font_scale), "autoexpand": True},
        # Under the title, above the plot: a bottom legend collides with the radar's lowest axis label.
        legend={"orientation": "h", "yref": "container", "yanchor": "top", "x": 0, "xanchor": "left",
                "y": 1 - round((68 if subtitle else 44) * font_scale) / height,
                "font": {"size": round(BASE_FONT * font_scale)}},
        hoverlabel={"font": {"size": round(14 * font_scale)}, "align": "left"},
    )
    if footnote:
        fig.add_annotation(name=FOOTNOTE, text=footnote, xref="paper", yref="paper", x=0, y=0,
                           yshift=-round(30 * font_scale), showarrow=False,
                           xanchor="left", yanchor="top", align="left",
                           font={"size": round(12 * font_scale), "color": MUTED_COLOUR})
    return fig


def hover_texts(scores: pd.DataFrame, values: pd.DataFrame | None) -> list[str]:
    """Return one hover text per row of `scores` (a country x axis): its score, coverage and the values used."""
    by_cell: dict[tuple[str, str], list[str]] = {}
    if values is not None and not values.empty:
        for row in values.itertuples(index=False):
            by_cell.setdefault((row.country_iso3, row.axis_id), []).append(
                f"• {row.indicator_name[:60]}: {num(row.value, 3 if abs(row.value) < 10 else 1)} ({row.unit})"
                f" → {num(row.score)}/100, {row.year}, {row.source}"
            )
    texts = []
    for row in scores.itertuples(index=False):
        name = getattr(row, "country_name", row.country_iso3)
        head = f"<b>{name}</b> · {row.axis_name}<br>"
        if isinstance(row.score, float) and math.isnan(row.score):
            body = "<b>" + _("Missing") + "</b>: " + describe_missing(row.n_available, row.n_indicators)
        else:
            body = _("Score <b>{score}</b>/100 · data year {years} · coverage {cov}%").format(
                score=num(row.score), years=years_text(row.year_min, row.year_max), cov=num(row.coverage * 100, 0))
        lines = by_cell.get((row.country_iso3, row.axis_id), [])
        texts.append(head + body + ("<br>" + "<br>".join(lines) if lines else ""))
    return texts


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
) -> go.Figure:
    """Radar of axis scores, one closed outline per country (gaps where an axis is missing) plus reference rings.

    scores: country_iso3, axis_name, axis_order, score, coverage, year_min, year_max, missing_reason.
    countries: iso3, name, colour. references: reference (WB6/EU27), axis_name, axis_order, score.
    """
    theta = _closed([wrap_label(a, label_wrap) for a in axis_names])
    meta = countries.set_index("iso3")
    fig = go.Figure()
    for ref_id, style in REFERENCE_STYLES.items():
        if references is None:
            break
        ref = references[references["reference"] == ref_id].sort_values("axis_order")
        if ref.empty:
            continue
        r = _closed([None if pd.isna(v) else round(float(v), 2) for v in ref["score"]])
        name = reference_name(ref_id)
        fig.add_trace(go.Scatterpolar(
            r=r, theta=theta, mode="lines", name=name, connectgaps=False,
            line={"color": style["color"], "dash": style["dash"], "width": 2 * max(1.0, font_scale * 0.75)},
            hovertext=_closed([f"<b>{name}</b> · {a}<br>" + _("Score {score} (mean of {n} countries)").format(
                score=_fmt(s), n=n) for a, s, n in zip(ref["axis_name"], ref["score"], ref["n"])]),
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    if bands:
        for iso3 in _in_table_order(scores["country_iso3"], countries):
            band = uncertainty_band(scores[scores["country_iso3"] == iso3].sort_values("axis_order"), theta[:-1],
                                    meta.at[iso3, "colour"], _country_label(meta, iso3))
            if band is not None:
                fig.add_trace(band)
    for iso3 in _in_table_order(scores["country_iso3"], countries):
        cell = scores[scores["country_iso3"] == iso3].sort_values("axis_order")
        cell = cell.assign(country_name=meta.at[iso3, "name"])
        r = _closed([None if pd.isna(v) else round(float(v), 2) for v in cell["score"]])
        fig.add_trace(go.Scatterpolar(
            r=r, theta=theta, mode="lines+markers", name=_country_label(meta, iso3), connectgaps=False,
            line={"color": meta.at[iso3, "colour"], "width": 3 * max(1.0, font_scale * 0.75)},
            marker={"size": 8 * font_scale, "color": meta.at[iso3, "colour"]},
            hovertext=_closed(hover_texts(cell, values)), hovertemplate="%{hovertext}<extra></extra>",
            meta={"iso3": iso3},
        ))
    fig.update_layout(
        polar={
            "radialaxis": {"range": [0, 100], "tickvals": [0, 25, 50, 75, 100], "angle": 90, "tickangle": 90,
                           "gridcolor": GRID_COLOUR,
                           "tickfont": {"size": round(11 * font_scale), "color": MUTED_COLOUR}},
            "angularaxis": {"direction": "clockwise", "rotation": 90, "gridcolor": GRID_COLOUR,
                            "tickfont": {"size": round(13 * font_scale)}},
            "bgcolor": "white",
        },
        showlegend=show_legend,
    )
    return _base_layout(fig, title, subtitle, font_scale, height, footnote)


def uncertainty_band(cell: pd.DataFrame, theta: list[str], colour: str, label: str) -> go.Scatterpolar | None:
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
    return go.Scatterpolar(
        r=r, theta=[*theta, theta[0], *inner_theta], mode="lines", fill="toself",
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
    return meta.at[iso3, "name"] + ("*" if iso3 == "XKX" else "")


def heatmap_figure(scores: pd.DataFrame, countries: pd.DataFrame, axis_names: list[str], *, title: str,
                   subtitle: str = "", values: pd.DataFrame | None = None, footnote: str = "",
                   font_scale: float = 1.0, height: int | None = None, label_wrap: int = 28) -> go.Figure:
    """Heat map: axes as rows (in framework order), countries as columns, score as colour and text; a missing
    score is an empty light cell marked 'n/a', not a colour of the scale."""
    meta = countries.set_index("iso3")
    order = _in_table_order(scores["country_iso3"], countries)
    grid = scores.pivot(index="axis_name", columns="country_iso3", values="score").reindex(index=axis_names,
                                                                                          columns=order)
    cells = scores.assign(country_name=scores["country_iso3"].map(meta["name"]))
    hover = dict(zip(zip(cells["axis_name"], cells["country_iso3"]), hover_texts(cells, values)))
    text = [[_fmt(v) for v in row] for row in grid.to_numpy()]
    fig = go.Figure(go.Heatmap(
        z=grid.to_numpy(), x=[_country_label(meta, c) for c in order],
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
                 subtitle: str = "", footnote: str = "", font_scale: float = 1.0, height: int = 560) -> go.Figure:
    """Slope chart: one line per country from its score in `year_a` to `year_b`, labelled at both ends
    (labels of close values are spread apart so they stay readable).

    change: country_iso3, score_before, score_after (for one axis or the mean of axes).
    """
    meta = countries.set_index("iso3")
    rows = change.set_index("country_iso3")
    order = _in_table_order(change["country_iso3"], countries)
    fig = go.Figure()
    for iso3 in order:
        label = _country_label(meta, iso3)
        ys = [rows.at[iso3, "score_before"], rows.at[iso3, "score_after"]]
        delta = ys[1] - ys[0]
        fig.add_trace(go.Scatter(
            x=[str(year_a), str(year_b)], y=[None if pd.isna(v) else round(float(v), 2) for v in ys],
            mode="lines+markers", name=label, cliponaxis=False,
            line={"color": meta.at[iso3, "colour"], "width": 3 * font_scale}, marker={"size": 10 * font_scale},
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
                text=named[iso3] if with_name else value,
                font={"color": meta.at[iso3, "colour"], "size": round(BASE_FONT * font_scale)},
            )
    fig.update_yaxes(range=[0, 100], title=_("score (0–100, higher = better)"), gridcolor=GRID_COLOUR)
    fig.update_xaxes(type="category", showgrid=False, range=[-0.45, 1.9])
    fig = _base_layout(fig, title, subtitle, font_scale, height, footnote)
    fig.update_layout(margin={"l": round(70 * font_scale), "r": round(40 * font_scale)}, showlegend=False)
    return fig


def lines_figure(over_time: pd.DataFrame, countries: pd.DataFrame, axis_names: list[str], *, title: str,
                 subtitle: str = "", footnote: str = "", font_scale: float = 1.0, columns: int = 2,
                 height: int | None = None) -> go.Figure:
    """Small multiples of lines: one panel per axis (framework order), one line per country across years."""
    meta = countries.set_index("iso3")
    rows = math.ceil(len(axis_names) / columns)
    fig = make_subplots(rows=rows, cols=columns, subplot_titles=[wrap_label(a, 40) for a in axis_names],
                        shared_xaxes=True, vertical_spacing=min(0.5 / max(rows, 1), 0.12), horizontal_spacing=0.08)
    for i, axis in enumerate(axis_names):
        panel = over_time[over_time["axis_name"] == axis]
        for iso3 in _in_table_order(panel["country_iso3"], countries):
            line = panel[panel["country_iso3"] == iso3].sort_values("year")
            whiskers = line["se"] * Z_90 if "se" in line and line["se"].notna().any() else None
            fig.add_trace(go.Scatter(
                x=line["year"], y=[None if pd.isna(v) else round(float(v), 2) for v in line["score"]],
                error_y=None if whiskers is None else {"type": "data", "array": whiskers.round(2).tolist(),
                                                       "visible": True, "thickness": 1.2, "width": 3},
                mode="lines+markers", name=_country_label(meta, iso3), legendgroup=iso3, showlegend=(i == 0),
                line={"color": meta.at[iso3, "colour"], "width": 2.5}, marker={"size": 6},
                hovertemplate=f"<b>{_country_label(meta, iso3)}</b> · {axis}<br>%{{x}}: %{{y:.1f}}/100<extra></extra>",
            ), row=i // columns + 1, col=i % columns + 1)
    fig.update_yaxes(range=[0, 100], tickvals=[0, 50, 100], gridcolor=GRID_COLOUR)
    fig.update_xaxes(showgrid=False, dtick=2 if over_time["year"].nunique() > 8 else 1)
    fig.update_annotations(font={"size": round(13 * font_scale)})
    return _base_layout(fig, title, subtitle, font_scale, height or 220 * rows + 160, footnote)


def animated_radar_figure(over_time: pd.DataFrame, countries: pd.DataFrame, axis_names: list[str], *, title: str,
                          subtitle: str = "", footnote: str = "", font_scale: float = 1.0,
                          start_year: int | None = None, height: int = 700) -> go.Figure:
    """A radar per year as animation frames, with play/pause buttons and a year slider (fixed 0-100 range)."""
    years = sorted(over_time["year"].unique())
    start = start_year if start_year in years else years[-1]

    def frame_figure(year: int) -> go.Figure:
        cut = over_time[over_time["year"] == year]
        return radar_figure(cut, countries, axis_names, title=title, font_scale=font_scale)

    fig = frame_figure(start)
    # A frame only carries what changes from year to year (r and hover text): plotly merges it into the traces,
    # so the figure sent to the browser is a fraction of a full figure per year.
    fig.frames = [go.Frame(data=[go.Scatterpolar(r=t.r, hovertext=t.hovertext) for t in frame_figure(y).data],
                           name=str(y)) for y in years]
    fig.update_layout(
        updatemenus=[{
            "type": "buttons", "direction": "left", "x": 0, "y": -0.06, "xanchor": "left", "yanchor": "top",
            "pad": {"r": 10, "t": 10}, "showactive": False,
            "buttons": [
                {"label": "▶ " + _("Play"), "method": "animate",
                 "args": [None, {"frame": {"duration": 1200, "redraw": True}, "fromcurrent": True,
                                 "transition": {"duration": 300}}]},
                {"label": "❚❚ " + _("Pause"), "method": "animate",
                 "args": [[None], {"frame": {"duration": 0, "redraw": False}, "mode": "immediate"}]},
            ],
        }],
        sliders=[{
            "active": years.index(start), "x": 0.24, "len": 0.76, "y": -0.04, "yanchor": "top",
            "currentvalue": {"prefix": _("Year") + ": ", "font": {"size": round(16 * font_scale)}},
            "steps": [{"label": str(y), "method": "animate",
                       "args": [[str(y)], {"frame": {"duration": 0, "redraw": True}, "mode": "immediate"}]}
                      for y in years],
        }],
        legend={"y": -0.25},
    )
    return _base_layout(fig, title, subtitle, font_scale, height, footnote)


def gap_dot_figure(distance: pd.DataFrame, country_name: str, colour: str, *, title: str, subtitle: str = "",
                   footnote: str = "", font_scale: float = 1.0, height: int | None = None) -> go.Figure:
    """Dot plot per axis: the country's score against the WB6 mean, the EU-27 mean and the weakest EU member."""
    distance = distance.sort_values("axis_order")
    y = [wrap_label(a, 30) for a in distance["axis_name"]]
    fig = go.Figure()
    series = [
        (_("Weakest EU member"), distance["eu_weakest_score"],
         {"symbol": "circle-open", "color": "#6b7280", "size": 11}, distance["eu_weakest"].fillna("")),
        (reference_name("EU27"), distance["eu27_mean"], {"symbol": "diamond", "color": "#111827", "size": 12}, None),
        (reference_name("WB6"), distance["wb6_mean"], {"symbol": "square", "color": "#9ca3af", "size": 11}, None),
        (country_name, distance["score"], {"symbol": "circle", "color": colour, "size": 16}, None),
    ]
    for name, xs, marker, extra in series:
        extra_text = [f" ({e})" for e in extra] if extra is not None else [""] * len(xs)
        fig.add_trace(go.Scatter(
            x=[None if pd.isna(v) else round(float(v), 2) for v in xs], y=y, mode="markers", name=name, marker=marker,
            hovertext=[f"<b>{name}</b>{e}<br>{a}: {_fmt(v)}/100" for v, a, e in
                       zip(xs, distance["axis_name"], extra_text)],
            hovertemplate="%{hovertext}<extra></extra>",
        ))
    fig.update_xaxes(range=[0, 100], title=_("score 0–100, → better"), gridcolor=GRID_COLOUR)
    fig.update_yaxes(autorange="reversed", showgrid=True, gridcolor="#f3f4f6", automargin=True)
    return _base_layout(fig, title, subtitle, font_scale, height or max(380, 55 * len(y) + 180), footnote)


def coverage_figure(coverage: pd.DataFrame, countries: pd.DataFrame, years: list[int], *, title: str,
                    subtitle: str = "", footnote: str = "", font_scale: float = 1.0,
                    height: int | None = None) -> go.Figure:
    """Coverage matrix: one panel per source, countries x years; a covered cell shows how many indicators have a
    value, an uncovered cell is hatched with × and says 'not covered' (never a low score)."""
    meta = countries.set_index("iso3")
    sources = sorted(coverage["source"].unique())
    order = [c for c in countries["iso3"] if c in set(coverage["country_iso3"])]
    fig = make_subplots(rows=len(sources), cols=1, subplot_titles=sources, shared_xaxes=True,
                        vertical_spacing=0.35 / max(len(sources), 1))
    for i, source in enumerate(sources, start=1):
        part = coverage[coverage["source"] == source]
        grid = part.pivot(index="country_iso3", columns="year", values="n_indicators").reindex(index=order,
                                                                                             columns=years)
        z = np.where(grid.isna(), np.nan, 1.0)
        fig.add_trace(go.Heatmap(
            z=z, x=[str(y) for y in years], y=[_country_label(meta, c) for c in order], zmin=0, zmax=1,
            colorscale=[[0, "#2563eb"], [1, "#2563eb"]], showscale=False, xgap=2, ygap=2,
            text=[["" if pd.isna(v) else f"{int(v)}" for v in row] for row in grid.to_numpy()],
            texttemplate="%{text}", textfont={"color": "white", "size": round(11 * font_scale)},
            hovertemplate="%{y}, %{x}: " + _("{n} indicators").format(n="%{text}") + "<extra>" + source + "</extra>",
        ), row=i, col=1)
        missing = [(str(y), _country_label(meta, c)) for c in order for y in years if pd.isna(grid.at[c, y])]
        if missing:
            fig.add_trace(go.Scatter(
                x=[m[0] for m in missing], y=[m[1] for m in missing], mode="markers", showlegend=(i == 1),
                name=_("not covered"), legendgroup="nc",
                marker={"symbol": "x-thin", "size": 9, "line": {"width": 1.5, "color": "#6b7280"}},
                hovertemplate="%{y}, %{x}: <b>" + _("not covered by {source}").format(source=source)
                + "</b><extra></extra>",
            ), row=i, col=1)
        fig.update_yaxes(autorange="reversed", row=i, col=1)
    fig.update_xaxes(type="category", showgrid=False, tickangle=-60)
    fig.update_layout(plot_bgcolor="white")
    return _base_layout(fig, title, subtitle, font_scale, height or 190 * len(sources) + 140, footnote)


def legend_items(fig: go.Figure) -> list[dict]:
    """The figure's legend as data: name, colour and dash of each trace shown in the legend (once per group)."""
    items, seen = [], set()
    for trace in fig.data:
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
        items.append({"name": name, "colour": colour, "dash": dash, "symbol": symbol if markers_only else None})
    return items


def axis_number_label(number: int, name: str, angle: float, wrap: int = SCREEN_LABEL_WRAP) -> str:
    """An angular axis label for the screen: the axis number in bold next to the circle, then its name. On the
    upper half the number is the last line (the label sits above the circle), elsewhere the first, so that a
    narrow chart that hides the name (style.css) keeps the number beside the circle."""
    vertical = abs(math.sin(math.radians(angle))) < 0.3  # above or below the circle: room to the sides
    lines = wrap_label(name, 2 * wrap if vertical else wrap).split("<br>")
    mark = f"<b>{number}</b>"
    upper = math.cos(math.radians(angle)) > 0.35
    return "<br>".join([*lines, mark] if upper else [mark, *lines])


def _number_axes(fig: go.Figure) -> None:
    """Replace each radar trace's axis labels by numbered ones (same label for the same axis in every trace)."""
    names: list[str] = []
    for trace in fig.data:
        if trace.type == "scatterpolar" and trace.theta is not None:
            for t in trace.theta:
                name = str(t).replace("<br>", " ")
                if name not in names:
                    names.append(name)
    step = 360 / max(len(names), 1)
    labels = {n: axis_number_label(i + 1, n, i * step) for i, n in enumerate(names)}
    for trace in fig.data:
        if trace.type == "scatterpolar" and trace.theta is not None:
            trace.theta = [labels[str(t).replace("<br>", " ")] for t in trace.theta]


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
        out.update_layout(margin={"t": 0, "b": 0, "l": side, "r": side, "autoexpand": False},
                          polar={"domain": {"x": [0, 1], "y": [SCREEN_POLAR_PAD, 1 - SCREEN_POLAR_PAD]}})
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

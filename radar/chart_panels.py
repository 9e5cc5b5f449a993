"""The animated radar (a radar per year), and the figures of the country profile and the methodology page: the
distance-to-EU dot plot and the coverage matrix.
Same conventions as radar.charts (one colour per country, 0-100 scores, a gap is never a zero)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from radar.charts import (
    GRID_COLOUR,
    _base_layout,
    _country_label,
    _fmt,
    radar_figure,
    reference_name,
    wrap_label,
    years_text,
)
from radar.i18n import _, num


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


def animated_radar_figure(over_time: pd.DataFrame, countries: pd.DataFrame, axis_names: list[str], *, title: str,
                          subtitle: str = "", footnote: str = "", font_scale: float = 1.0,
                          start_year: int | None = None, height: int = 700, focus: str | None = None) -> go.Figure:
    """A radar per year as animation frames, with play/pause buttons and a year slider (fixed 0-100 range); `focus`
    as in radar_figure (every frame draws the countries in the same order, the followed one last)."""
    years = sorted(over_time["year"].unique())
    start = start_year if start_year in years else years[-1]

    fig = radar_figure(over_time[over_time["year"] == start], countries, axis_names, title=title,
                       font_scale=font_scale, focus=focus)
    drawn = [trace.meta.get("iso3") if isinstance(trace.meta, dict) else None for trace in fig.data]
    by_year = {int(y): part for y, part in over_time.sort_values("axis_order").groupby("year", sort=False)}

    def frame_points(year: int) -> list[tuple[list, list]]:
        """Per drawn trace: r and the hover's numbers [score, years used, coverage %] per point (None for a
        gap), closed like the outline; computed from the scores, not by drawing a figure per year."""
        cut = by_year.get(int(year), over_time.iloc[0:0])
        out = []
        for iso3 in drawn:
            rows = cut[cut["country_iso3"] == iso3]
            r = [None if pd.isna(v) else round(float(v), 2) for v in rows["score"]]
            custom = [None if pd.isna(row.score) else [_fmt(row.score), years_text(row.year_min, row.year_max),
                                                       num(row.coverage * 100, 0)] for row in rows.itertuples()]
            out.append(([*r, r[0]], [*custom, custom[0]]) if r else ([], []))
        return out

    # A frame carries only what changes from year to year: r, and the hover's numbers as customdata for one
    # template shared by every frame (plotly merges a frame into the traces), so each year costs a few numbers.
    template = ("<b>%{fullData.name}</b> · %{theta}<br>" + _(
        "Score <b>{score}</b>/100 · data year {years} · coverage {cov}%").format(
        score="%{customdata[0]}", years="%{customdata[1]}", cov="%{customdata[2]}") + "<extra></extra>")
    for trace, (_r, custom) in zip(fig.data, frame_points(start)):
        trace.update(customdata=custom, hovertext=None, hovertemplate=template)
    fig.frames = [go.Frame(data=[go.Scatterpolar(r=r, customdata=c) for r, c in frame_points(y)], name=str(y))
                  for y in years]
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

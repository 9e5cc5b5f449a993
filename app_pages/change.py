"""Change over time: a radar per year with play/step, a slope between two years, and lines per axis."""

from dataclasses import replace

import streamlit as st

from radar.i18n import _
from radar.ui import components, data, draw
from radar.ui.context import PageContext, axis_control, page_part, span_control, view_control
from radar.views.spec import MEAN_AXIS, ViewSpec


@page_part
def slope(ctx: PageContext, spec: ViewSpec) -> None:
    """The slope chart and its axis picker: picking an axis reruns only this part of the page."""
    axis = axis_control(ctx)
    draw.show(draw.view(replace(spec, axis=axis)), key="change_slope")
    if axis == MEAN_AXIS:
        st.caption(_("Mean of all axes: unweighted mean over the axes a country has data for in BOTH years, so "
                     "that an axis gaining data never counts as a change."))


def render(ctx: PageContext) -> None:
    st.title(_("Change over time"))
    change(ctx)


@page_part
def change(ctx: PageContext) -> None:
    """The view and the span of years, the chart and its findings: changing the view or the span reruns only this
    part of the page."""
    sel = ctx.selection
    fw = data.framework(sel.framework_id)
    view = view_control(ctx)
    year_from, year_to = span_control(ctx)
    spec = ctx.spec(view, year_from=year_from, year_to=year_to)
    if view == "slope":
        slope(ctx, spec)
    else:
        draw.show(draw.view(spec), key=f"change_{view}")

    notes = draw.notes(spec)
    components.findings_block([*notes.findings, *notes.breaks],
                              title=_("Findings, {a} → {b}").format(a=year_from, b=year_to))
    components.footnotes(sel.countries, fw.measures, fw.sources)

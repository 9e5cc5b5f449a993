"""What a page is given when it runs: its registry entry, the sidebar's selection, the language and the data
version (app.py makes it and passes it to the page's `render(ctx)`), and the page-scoped controls whose
values, with the selection, make the page's view specs."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import streamlit as st

from radar import i18n
from radar.i18n import _
from radar.schema import WB6
from radar.ui import data, state, warm
from radar.ui.sidebar import Selection
from radar.views.build import axis_choices
from radar.views.registry import Page
from radar.views.spec import MEAN_AXIS, ViewSpec, default_range


@dataclass(frozen=True)
class PageContext:
    entry: Page
    selection: Selection
    language: str
    version: str

    def spec(self, view: str | None = None, **changes) -> ViewSpec:
        """The view spec of this page for the selection (and the page's own values in `changes`)."""
        sel = self.selection
        lo, hi = default_range(sel.years)
        base = ViewSpec(self.entry.path, view or self.entry.default_view, sel.framework_id, tuple(sel.countries),
                        sel.year, lo, hi, sel.countries[0], MEAN_AXIS, sel.focus, self.language, self.version,
                        basis=sel.basis)
        return replace(base, **changes)


def page_part(draw: Callable[..., None]) -> Callable[..., None]:
    """A part of a page that reruns alone when one of its own controls changes (`st.fragment`): the sidebar, the
    navigation and the rest of the page are not run again. `draw(ctx, ...)` gets what app.py gives a full run:
    the page's language, the foreground mark that holds back background builds (radar.ui.warm), and the address
    bar brought up to date after it."""

    @st.fragment
    @functools.wraps(draw)
    def part(ctx: PageContext, *args: Any, **kwargs: Any) -> None:
        with warm.foreground(), i18n.using(ctx.language):
            draw(ctx, *args, **kwargs)
            state.write_url()

    return part


def view_control(ctx: PageContext) -> str:
    """The page's view-type switch (`view=` in the link, scoped to this page)."""
    labels = {v.view_id: _(v.label) for v in ctx.entry.views}
    return state.choice_control("view", _("View"), list(labels), ctx.entry.default_view, format_func=labels.get,
                                widget="segmented", scope=ctx.entry.path)


def span_control(ctx: PageContext) -> tuple[int, int]:
    """The first and last year of a change (`from=`, `to=`)."""
    years = ctx.selection.years
    return state.year_range_control("from", "to", _("Years"), years, default_range(years))


def axis_control(ctx: PageContext) -> str:
    """One axis, or the mean of all axes (`axis=`)."""
    axes = axis_choices(data.framework(ctx.selection.framework_id))
    return state.choice_control("axis", _("Axis"), list(axes), MEAN_AXIS, format_func=axes.get)


def country_control(ctx: PageContext) -> str:
    """The one country a profile shows (`country=`)."""
    names = data.country_names()
    return state.choice_control("country", _("Country"), list(WB6), ctx.selection.countries[0],
                                format_func=names.get, widget="segmented")


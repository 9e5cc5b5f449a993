"""The view spec: a small hashable value that says exactly what one view shows, from which its figure, table
and finding are built (radar.views.build). Pages, presenter mode, exports, decks and briefing packs all draw
from a spec, so a slide always equals its page, and a built view can be cached by its spec.

`spec_from_link()` turns a link's (or a deck view's) parameters into a spec, validating every value like the
pages do: a bad value gives the default and a notice, never an exception.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

from radar.i18n import SOURCE_LANGUAGE
from radar.params import parse_choice, parse_list, parse_year
from radar.schema import WB6
from radar.views.registry import Page, page

STYLES = ("screen", "presenter", "export", "print")
MEAN_AXIS = "_mean"  # the slope view's "mean of all axes"
TREND_YEARS = 8  # Change over time opens on the last eight years with data
BASIS_ALL, BASIS_COMMON = "all", "common"  # each country on all its indicators / only those every one has
BASES = (BASIS_ALL, BASIS_COMMON)


@dataclass(frozen=True)
class ViewSpec:
    """Everything that decides what a view shows (all hashable)."""

    page: str
    view: str
    framework_id: str
    countries: tuple[str, ...]
    year: int
    year_from: int = 0
    year_to: int = 0
    country: str = ""
    axis: str = MEAN_AXIS
    focus: str = ""
    language: str = SOURCE_LANGUAGE
    version: str = ""
    style: str = "screen"
    basis: str = BASIS_ALL  # BASIS_COMMON: each axis scored on the indicators every shown country has in
    # every year the view compares (radar.views.build.compared_years)

    @property
    def entry(self) -> Page:
        return page(self.page)

    def styled(self, style: str) -> ViewSpec:
        return replace(self, style=style)

    def link_params(self) -> dict[str, str]:
        """The link parameters of this view (defaults included; the caller may drop them)."""
        out = {"fw": self.framework_id, "c": ",".join(self.countries), "y": str(self.year)}
        entry = self.entry
        if len(entry.views) > 1:
            out["view"] = self.view
        if "from" in entry.own:
            out["from"], out["to"] = str(self.year_from), str(self.year_to)
        if "axis" in entry.own and self.axis != MEAN_AXIS:
            out["axis"] = self.axis
        if "country" in entry.own:
            out["country"] = self.country
        if self.focus:
            out["focus"] = self.focus
        if self.basis != BASIS_ALL:
            out["basis"] = self.basis
        return {k: v for k, v in out.items() if k in entry.params or k in ("fw", "c", "y")}


class Catalog(Protocol):
    """What validating a link needs to know about the data (radar.ui.data provides it)."""

    def framework_ids(self) -> list[str]: ...

    def framework_years(self, framework_id: str) -> list[int]: ...

    def axis_ids(self, framework_id: str) -> list[str]: ...


def default_range(years: Sequence[int]) -> tuple[int, int]:
    """Change over time's default span: the last `TREND_YEARS` years with data."""
    return years[max(0, len(years) - TREND_YEARS)], years[-1]


def spec_from_link(page_path: str, raw: Mapping[str, str], catalog: Catalog, *, default_framework: str,
                   language: str = SOURCE_LANGUAGE, version: str = "", style: str = "screen"
                   ) -> tuple[ViewSpec, list[str]]:
    """The spec of `/<page_path>?<raw>`, with a notice for each value that was not valid."""
    entry = page(page_path)
    notices: list[str] = []

    def keep(pair):
        value, notice = pair
        if notice:
            notices.append(notice)
        return value

    frameworks = catalog.framework_ids()
    fw = keep(parse_choice(raw.get("fw"), frameworks, default_framework if default_framework in frameworks
                           else frameworks[0], "framework"))
    countries = keep(parse_list(raw.get("c"), list(WB6), list(WB6), "countries"))
    years = catalog.framework_years(fw)
    year = keep(parse_year(raw.get("y"), years, years[-1]))
    view = entry.default_view
    if "view" in entry.params:
        view = keep(parse_choice(raw.get("view"), entry.view_ids, entry.default_view, "view"))
    lo, hi = default_range(years)
    year_from = keep(parse_year(raw.get("from"), years, lo)) if "from" in entry.own else lo
    year_to = keep(parse_year(raw.get("to"), years, hi)) if "to" in entry.own else hi
    axis = MEAN_AXIS
    if "axis" in entry.own:
        axis = keep(parse_choice(raw.get("axis"), [MEAN_AXIS, *catalog.axis_ids(fw)], MEAN_AXIS, "axis"))
    country = keep(parse_choice(raw.get("country"), list(WB6), countries[0], "country"))
    focus = keep(parse_choice(raw.get("focus"), ["", *countries], "", "focus")) if raw.get("focus") else ""
    basis = keep(parse_choice(raw.get("basis"), list(BASES), BASIS_ALL, "basis")) if "basis" in entry.params \
        else BASIS_ALL
    spec = ViewSpec(entry.path, view, fw, tuple(countries), year, min(year_from, year_to), max(year_from, year_to),
                    country, axis, focus, language, version, style, basis)
    return spec, notices


def stepped(spec: ViewSpec, years: Sequence[int], step: int) -> ViewSpec:
    """The spec `step` years later (or earlier) within `years`: the year, or the end of a span."""
    if not step:
        return spec
    years = list(years)
    if spec.page == "change" and spec.view in ("slope", "lines", "radar"):
        pos = min(max(years.index(spec.year_to) + step, 0), len(years) - 1)
        return replace(spec, year_to=years[pos], year_from=min(spec.year_from, years[pos]))
    pos = min(max(years.index(spec.year) + step, 0), len(years) - 1)
    return replace(spec, year=years[pos])

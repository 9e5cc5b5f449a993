"""The view registry: every page of the Radar, the view types each page offers and the link parameters each
owns. Navigation (app.py), the sidebar's controls, decks, presenter mode, exports and the page tests are all
derived from this one table: adding a page or a view type is one entry here plus its page file (and, for a
view type, its builder in radar.views.build).

Link parameters are ids, never labels. Shared ones (`fw`, `c`, `y`, `basis`, `focus`) are drawn once in the sidebar,
but only on the pages that use them; page-scoped ones (`view`, `from`, `to`, `axis`, `country`, ...) belong to
their page (`view` means something else on Compare than on Change over time).
"""

from __future__ import annotations

from dataclasses import dataclass

from radar.i18n import N_


@dataclass(frozen=True)
class ViewType:
    """One way a page can draw its data (chosen with `view=` where a page offers several)."""

    view_id: str
    label: str  # untranslated (N_); pages translate it
    charted: bool = True  # False: a table, no figure


@dataclass(frozen=True)
class Page:
    """One page of the Radar."""

    path: str  # URL path: /<path>
    title: str  # untranslated (N_)
    icon: str
    section: str  # untranslated heading of its group in the navigation
    shared: tuple[str, ...] = ()  # shared sidebar parameters that act on this page
    own: tuple[str, ...] = ()  # page-scoped link parameters besides `view`
    views: tuple[ViewType, ...] = ()  # selectable view types (first = default); empty: no chart view
    extra: tuple[ViewType, ...] = ()  # further charts the page always shows (built from the same spec)
    in_decks: bool = True  # has a chart view to present (else presenting it starts on the first page)
    editors_only: bool = False  # never in a deck or a shared view (editors' tools)

    @property
    def file(self) -> str:
        return f"app_pages/{self.path}.py"

    @property
    def module(self) -> str:
        return f"app_pages.{self.path}"

    @property
    def default_view(self) -> str:
        return self.views[0].view_id if self.views else ""

    @property
    def view_ids(self) -> tuple[str, ...]:
        return tuple(v.view_id for v in self.views)

    @property
    def params(self) -> tuple[str, ...]:
        """Every link parameter this page reads (its view spec's keys)."""
        return self.shared + (("view",) if len(self.views) > 1 else ()) + self.own

    def view_type(self, view_id: str) -> ViewType:
        for view in (*self.views, *self.extra):
            if view.view_id == view_id:
                return view
        raise KeyError(view_id)


SHARED = ("fw", "c", "y", "basis", "focus")  # drawn in the sidebar, in this order, where a page uses them
CHART_SHARED = ("fw", "c", "y", "basis", "focus")

PAGES: tuple[Page, ...] = (
    Page("overview", N_("Overview"), ":material/radar:", N_("Radar"), CHART_SHARED,
         views=(ViewType("radar", N_("Radar")),)),
    Page("compare", N_("Compare countries"), ":material/compare_arrows:", N_("Radar"), CHART_SHARED,
         views=(ViewType("radar", N_("Radar")), ViewType("multiples", N_("Small multiples")),
                ViewType("heatmap", N_("Heat map")), ViewType("table", N_("Table"), charted=False))),
    Page("change", N_("Change over time"), ":material/timeline:", N_("Radar"), CHART_SHARED, ("from", "to", "axis"),
         views=(ViewType("radar", N_("Radar per year")), ViewType("slope", N_("Slope between two years")),
                ViewType("lines", N_("Lines per axis")))),
    Page("country", N_("Country profile"), ":material/flag:", N_("Radar"), ("fw", "c", "y", "basis"), ("country",),
         views=(ViewType("profile", N_("Profile")),),
         extra=(ViewType("gap", N_("Distance to the EU")), ViewType("trend", N_("Trend")))),
    Page("data", N_("Data"), ":material/table:", N_("Evidence"), own=("dc", "src", "ind", "y0", "y1"),
         in_decks=False),
    Page("methodology", N_("Methodology and sources"), ":material/menu_book:", N_("Evidence"), ("fw",),
         extra=(ViewType("coverage", N_("Coverage")),), in_decks=False),
    Page("publish", N_("Publish data"), ":material/upload_file:", N_("Editors"), in_decks=False, editors_only=True),
    Page("round", N_("Annual round"), ":material/event_available:", N_("Editors"), in_decks=False, editors_only=True),
)
PAGE_BY_PATH = {p.path: p for p in PAGES}
DEFAULT_PAGE = PAGES[0]
DECK_PAGES = tuple(p.path for p in PAGES if not p.editors_only)
# Every key a deck view may carry (page-scoped and shared view keys of the pages that can be presented).
DECK_KEYS = tuple(dict.fromkeys(k for p in PAGES if p.in_decks for k in (*p.shared, "view", *p.own)))


def page(path: str | None) -> Page:
    """The page at `path` (the first page for an empty or unknown path)."""
    return PAGE_BY_PATH.get(path or "", DEFAULT_PAGE)


def sections() -> dict[str, list[Page]]:
    """Pages grouped by their navigation section, in registry order."""
    out: dict[str, list[Page]] = {}
    for p in PAGES:
        out.setdefault(p.section, []).append(p)
    return out

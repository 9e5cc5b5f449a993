"""Presenter mode: one chart filling a projector screen, large type, a plain-language finding with its numbers,
stepping through years and through a deck of views from the keyboard (arrows, Page Up/Down as a clicker sends).

`present=1` in a link opens it; `deck=` carries a saved deck (radar.ui.deck) and `slide=` the view shown.
Leaving presenter mode returns to the page and view it was opened from.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from functools import partial

import streamlit as st

from radar import analysis, charts, findings, params, scoring
from radar.i18n import _
from radar.schema import WB6
from radar.ui import components, data, state
from radar.ui import deck as decks

FONT_SCALE = 2.0  # axis labels and legend at least twice the normal size at 1920x1080
CHART_HEIGHT = 600
KINDS = ("radar", "heatmap", "slope", "lines", "country")
_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stDecoration"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 1rem 2.5rem 1rem 2.5rem !important; max-width: 100% !important; }
.present-title { font-size: 2.6rem; font-weight: 700; color: #111827; line-height: 1.15; }
.present-finding { font-size: 1.9rem; color: #111827; line-height: 1.3; margin: .4rem 0 .2rem 0;
  border-left: .5rem solid #1d4ed8; padding-left: 1rem; }
.st-key-present-mode .chart-legend { font-size: 2rem; gap: .4rem 2rem; }
.st-key-present-mode .legend-line { width: 48px; border-top-width: 6px !important; }
.present-foot { font-size: 1rem; color: #374151; }
</style>
"""


@dataclass(frozen=True)
class Slide:
    """What one presenter view shows."""

    kind: str
    framework_id: str
    countries: list[str]
    year: int
    country: str
    year_from: int
    year_to: int


def slide_kind(page: str, view: str) -> str:
    """The presenter chart for a page and its view type (a table is shown as the heat map)."""
    if page == "country":
        return "country"
    if page == "change":
        return {"slope": "slope", "lines": "lines"}.get(view, "radar")
    if page == "compare" and view in ("heatmap", "table"):
        return "heatmap"
    return "radar"


def slide_from_link(view: dict[str, str]) -> Slide:
    """A deck view's parameters validated like any link (bad values fall back to defaults)."""
    frameworks = list(data.frameworks()["framework_id"])
    fw, _n = params.parse_choice(view.get("fw"), frameworks, frameworks[0], "framework")
    countries, _n = params.parse_list(view.get("c"), list(WB6), list(WB6), "countries")
    years = data.framework_years(fw)
    year, _n = params.parse_year(view.get("y"), years, years[-1])
    country, _n = params.parse_choice(view.get("country"), list(WB6), countries[0], "country")
    year_from, _n = params.parse_year(view.get("from"), years, years[max(0, len(years) - 8)])
    year_to, _n = params.parse_year(view.get("to"), years, years[-1])
    kind = slide_kind(view.get("page", "overview"), view.get("view", ""))
    return Slide(kind, fw, countries, year, country, min(year_from, year_to), max(year_from, year_to))


def current_view(page: str) -> dict[str, str]:
    """The view the user is on (page and every view key the session holds), as a deck view."""
    values = {k: state.peek(k, scope=page if k == "view" else None) for k in decks.VIEW_KEYS}
    values = {k: v for k, v in values.items() if v is not None}
    return decks.view_of(page, {k: ",".join(v) if isinstance(v, list) else v for k, v in values.items()})


def default_deck(page: str) -> decks.Deck:
    """Without a saved deck: the current view, then the heat map, the biggest changes and a country profile."""
    base = current_view(page)
    return decks.Deck(_("This view"), [
        base,
        {**base, "page": "compare", "view": "heatmap"},
        {**base, "page": "change", "view": "slope"},
        {**base, "page": "country"},
    ])


def render(page: str) -> None:
    """Draw presenter mode for `page` (instead of the page itself)."""
    st.html(_CSS)
    deck = _deck_in_link() or default_deck(page)
    index = state.hidden_value("slide", 1, lambda raw: params.parse_position(raw, len(deck.views))) - 1
    index = min(max(index, 0), len(deck.views) - 1)
    slide = slide_from_link(deck.views[index])
    slide = _with_year_offset(slide, index)
    with st.container(key="present-mode"):
        _draw(slide)
        _controls(slide, index, len(deck.views), deck.name)


def _deck_in_link() -> decks.Deck | None:
    raw = state.hidden_value("deck", "", lambda r: (r or "", None))
    if not raw:
        return None
    deck = decks.decode(raw)
    if deck is None:
        st.session_state.setdefault("_notices", []).append(_("The deck in the link could not be read: "
                                                            "presenting the current view instead."))
        state.set_value("deck", "")
    return deck


def _with_year_offset(slide: Slide, index: int) -> Slide:
    """Apply the years stepped with the arrow keys on this slide."""
    years = data.framework_years(slide.framework_id)
    offset = st.session_state.setdefault("_present_offsets", {}).get(index, 0)
    if not offset:
        return slide
    if slide.kind in ("slope", "lines"):
        pos = min(max(years.index(slide.year_to) + offset, 0), len(years) - 1)
        return replace(slide, year_to=years[pos], year_from=min(slide.year_from, years[pos]))
    pos = min(max(years.index(slide.year) + offset, 0), len(years) - 1)
    return replace(slide, year=years[pos])


def _draw(slide: Slide) -> None:
    fw = data.framework(slide.framework_id)
    names = data.country_names()
    countries = charts.with_colours(data.countries(), charts.PRESENTER_COLOURS)
    style = {"font_scale": FONT_SCALE, "height": CHART_HEIGHT}
    years = data.framework_years(slide.framework_id)
    if slide.kind in ("radar", "heatmap", "country"):
        now = data.year_scores(slide.framework_id, slide.year)
        prev = analysis.previous_year(years, slide.year)
    if slide.kind in ("radar", "heatmap"):
        scores = now.for_countries(slide.countries)
        changes = analysis.biggest_changes(data.year_scores(slide.framework_id, prev), now, slide.countries) \
            if prev else scores.iloc[0:0]
        finding = findings.comparison_headline(scores, changes, names, slide.year, prev)
        title = f"{fw.short_name}, {slide.year}"
    if slide.kind == "radar":
        make = partial(charts.radar_figure, scores, countries=countries, axis_names=fw.axis_names, title=title,
                       references=now.references, values=now.values_for(slide.countries), label_wrap=20, **style)
    elif slide.kind == "heatmap":
        make = partial(charts.heatmap_figure, scores, countries=countries, axis_names=fw.axis_names, title=title,
                       font_scale=1.5, height=CHART_HEIGHT + 40, label_wrap=48)
    elif slide.kind == "country":
        own = now.for_countries([slide.country])
        distance = analysis.distance_to_eu(now, slide.country)
        finding = findings.country_headline(distance, names[slide.country], slide.year)
        title = f"{names[slide.country]}: {fw.short_name}, {slide.year}"
        make = partial(charts.radar_figure, own, countries=countries, axis_names=fw.axis_names, title=title,
                       references=now.references, values=now.values_for([slide.country]), label_wrap=20, **style)
    else:
        span = [y for y in years if slide.year_from <= y <= slide.year_to]
        over_time = data.scores_over_time(slide.framework_id, tuple(span), tuple(slide.countries))
        title = f"{fw.short_name}, {slide.year_from}–{slide.year_to}"
        if slide.kind == "slope":
            change = scoring.paired_overall_change(*[over_time[over_time["year"] == y]
                                                     for y in (slide.year_from, slide.year_to)])
            finding = findings.slope_headline(change, names, slide.year_from, slide.year_to, _("Mean of all axes"))
            make = partial(charts.slope_figure, change, countries=countries, year_a=slide.year_from,
                           year_b=slide.year_to, title=title, **style)
        else:
            finding = _("{fw}: each axis from {a} to {b}, one line per government.").format(
                fw=fw.short_name, a=slide.year_from, b=slide.year_to)
            make = partial(charts.lines_figure, over_time, countries=countries, axis_names=fw.axis_names,
                           title=title, font_scale=1.4, height=CHART_HEIGHT, columns=4)
    fig = make()
    screen, _t, _s = charts.screen_figure(fig)
    st.html(f"<div class='present-title'>{html.escape(title)}</div>"
            f"<div class='present-finding' role='status'>{html.escape(finding)}</div>"
            + components.legend_html(charts.legend_items(fig)))
    st.plotly_chart(screen, width="stretch", theme=None, config={"displayModeBar": False}, key="present_chart")
    foot = components.chart_footnote_text(slide.countries if slide.kind != "country" else [slide.country],
                                          fw.measures, fw.sources).replace("<br>", " ")
    st.html(f"<div class='present-foot'>{html.escape(foot)}</div>")


def _controls(slide: Slide, index: int, total: int, deck_name: str) -> None:
    cols = st.columns([1, 1, 1, 1, 2, 1])
    if cols[0].button(_("◀ Year"), shortcut="Left", width="stretch", key="present_year_prev"):
        _step_year(index, -1)
    if cols[1].button(_("Year ▶"), shortcut="Right", width="stretch", key="present_year_next"):
        _step_year(index, +1)
    if cols[2].button(_("◀ View"), shortcut="PageUp", width="stretch", key="present_prev", disabled=index == 0):
        _go(index - 1)
    if cols[3].button(_("View ▶"), shortcut="PageDown", width="stretch", key="present_next",
                      disabled=index >= total - 1):
        _go(index + 1)
    cols[4].markdown(_("**{name}** · view {i} of {n} · ←/→ years, PgUp/PgDn views, Esc exits").format(
        name=html.escape(deck_name) or _("Deck"), i=index + 1, n=total))
    if cols[5].button(_("Exit ✕"), shortcut="Esc", width="stretch", key="present_exit"):
        state.set_value("present", False)
        st.rerun()


def _step_year(index: int, step: int) -> None:
    offsets = st.session_state.setdefault("_present_offsets", {})
    offsets[index] = offsets.get(index, 0) + step
    st.rerun()


def _go(index: int) -> None:
    state.set_value("slide", index + 1)
    st.rerun()


def deck_controls(page: str) -> None:
    """Sidebar: line up views into a named deck, present it, and share it as one link."""
    raw = state.hidden_value("deck", "", lambda r: (r or "", None))
    deck = decks.decode(raw) or decks.Deck("", [])
    with st.sidebar.expander(_("Presentation deck ({n} views)").format(n=len(deck.views))):
        name = st.text_input(_("Deck name"), value=deck.name, max_chars=80, key="deck_name")
        add, clear = st.columns(2)
        if add.button(_("Add this view"), width="stretch", key="deck_add"):
            _save_deck(decks.Deck(name, [*deck.views, current_view(page)][: decks.MAX_VIEWS]))
        if clear.button(_("Clear"), width="stretch", key="deck_clear", disabled=not deck.views):
            _save_deck(decks.Deck(name, []))
        for i, view in enumerate(deck.views, start=1):
            st.caption(f"{i}. {view['page']}" + (f" · {view['view']}" if view.get("view") else "")
                       + (f" · {view['fw']}" if view.get("fw") else "") + (f" · {view['y']}" if view.get("y") else ""))
        if deck.views:
            if name != deck.name:
                _save_deck(decks.Deck(name, deck.views), rerun=False)
            if st.button(_("Present this deck"), icon=":material/slideshow:", width="stretch", key="deck_present"):
                _start_presenting()
            link = f"./{page}?deck={decks.encode(decks.Deck(name, deck.views))}&present=1"
            st.markdown("[" + _("Link to this deck") + f"]({link})", help=_("Copy this link to share the deck."))


def _save_deck(deck: decks.Deck, rerun: bool = True) -> None:
    state.set_value("deck", decks.encode(deck) if deck.views else "")
    if rerun:
        st.rerun()


def _start_presenting() -> None:
    state.set_value("present", True)
    state.set_value("slide", 1)
    st.session_state["_present_offsets"] = {}
    st.rerun()


def enter_button() -> None:
    """The sidebar button that opens presenter mode on the current view."""
    if st.sidebar.button(_("Presenter mode"), icon=":material/slideshow:", width="stretch",
                         help=_("Full-screen chart with large type; step years with ←/→ and views with "
                                "PgUp/PgDn; Esc leaves.")):
        _start_presenting()

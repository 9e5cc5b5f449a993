"""Presenter mode: one chart filling a projector screen, large type, a plain-language finding with its numbers,
stepping through years and through a deck of views from the keyboard (arrows, Page Up/Down as a clicker sends).

`present=1` in a link opens it; `deck=` carries a saved deck (radar.ui.deck) and `slide=` the view shown.
Each slide is a view spec (radar.views.spec) built by the same builder as its page (radar.views.build), in
the presenter style: presenter mode draws no chart of its own. Every link parameter the page accepts is
honoured and kept, so leaving presenter mode returns to the page and view it was opened from.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import streamlit as st

from radar import countries, offline_deck, params, qr, settings
from radar.i18n import _
from radar.text import html_text, plain
from radar.ui import components, data, draw, keys, state
from radar.ui import deck as decks
from radar.ui.context import PageContext
from radar.views import registry
from radar.views.spec import ViewSpec, spec_from_link, stepped

PRESENTER_CONFIG = {"displayModeBar": False, "responsive": True}


def _slot_scope(entry: registry.Page, key: str) -> str | None:
    return entry.path if key == "view" else None


def current_view(ctx: PageContext) -> dict[str, str]:
    """The view the user is on (its page and every link parameter the page reads), as a deck view."""
    entry = ctx.entry
    values = {k: state.link_text(k, scope=_slot_scope(entry, k)) for k in entry.params}
    return decks.view_of(entry.path, {k: v for k, v in values.items() if v not in (None, "")})


def keep_page_params(ctx: PageContext, spec: ViewSpec) -> None:
    """Hold the page's own link parameters (validated) while presenting, so that none is reported unknown
    and Esc returns to exactly this view."""
    entry = ctx.entry
    held = {"view": spec.view, "from": spec.year_from, "to": spec.year_to, "axis": spec.axis,
            "country": spec.country}
    defaults = ctx.spec()
    default_of = {"view": entry.default_view, "from": defaults.year_from, "to": defaults.year_to,
                  "axis": defaults.axis, "country": defaults.country}
    for key in entry.params:
        if key in held:
            state.hold(key, held[key], default_of[key], scope=_slot_scope(entry, key))


def default_deck(ctx: PageContext, here: dict[str, str]) -> decks.Deck:
    """Without a saved deck: the current view, then the heat map, the biggest changes and a country profile."""
    shared = {k: v for k, v in here.items() if k in registry.SHARED}
    views = [here]
    for page, extra in (("compare", {"view": "heatmap"}), ("change", {"view": "slope"}), ("country", {})):
        candidate = {**shared, "page": page, **extra}
        if candidate != here:
            views.append(candidate)
    return decks.Deck(_("This view"), views)


def slide_spec(ctx: PageContext, view: dict[str, str]) -> tuple[ViewSpec, list[str]]:
    """A deck view's spec in the presenter style, validated like any link."""
    return spec_from_link(view.get("page", ""), view, data, default_framework=settings.DEFAULT_FRAMEWORK,
                          language=ctx.language, version=ctx.version, style="presenter")


def render(ctx: PageContext) -> None:
    """Draw presenter mode for the page of `ctx` (instead of the page itself)."""
    here = current_view(ctx)
    here_spec, notices = slide_spec(ctx, here)
    if ctx.entry.in_decks:
        keep_page_params(ctx, here_spec)
    for notice in notices:
        state.notice(notice)
    deck = _deck_in_link() or default_deck(ctx, here)
    index = state.hidden_value("slide", 1, lambda raw: params.parse_position(raw, len(deck.views))) - 1
    index = min(max(index, 0), len(deck.views) - 1)
    spec, _notices = slide_spec(ctx, deck.views[index])
    if not spec.entry.in_decks:  # e.g. presenting from the Data page: its deck starts on the Overview
        spec = replace(spec, page=registry.DEFAULT_PAGE.path, view=registry.DEFAULT_PAGE.default_view)
    offsets = st.session_state.setdefault(keys.PRESENT_OFFSETS, {})
    spec = stepped(spec, data.framework_years(spec.framework_id), offsets.get(index, 0))
    with st.container(key="present-mode"):
        _draw(spec, index)
        _controls(index, len(deck.views), deck.name)


def _deck_in_link() -> decks.Deck | None:
    raw = state.hidden_value("deck", "", lambda r: (r or "", None))
    if not raw:
        return None
    deck = decks.decode(raw)
    if deck is None:
        state.notice(_("The deck in the link could not be read: presenting the current view instead."))
        state.set_value("deck", "")
    return deck


def _draw(spec: ViewSpec, index: int) -> None:
    shown = draw.view(spec)
    built = shown.built
    st.html(f"<div class='present-title'>{html_text(built.title)}</div>"
            f"<div class='present-finding' role='status'>{html_text(built.finding)}</div>")
    with st.container(key="present-chart", horizontal=True):
        chart = st.container(key="present-figure")
        side = st.container(key="present-legend")
    if st.session_state.get(keys.PRESENT_QR):
        url = draw.view_url(replace(spec, style="screen"))
        if url:  # the room joins: the view's own link (normal mode) as a code big enough for the back row
            side.html(f"<div class='present-qr'>{qr.qr_svg(url, title=_('Link to this view'))}</div>")
            side.caption(plain(url))
    elif shown.legend:
        side.html(components.legend_html(list(shown.legend)))
    key = f"present_chart_{index}"
    if len(shown.screens) == 1:
        chart.plotly_chart(shown.screens[0], width="stretch", theme=None, config=PRESENTER_CONFIG, key=key)
    elif shown.screens:
        cols = chart.columns(3)
        for i, (iso3, fig) in enumerate(zip(built.countries, shown.screens)):
            cols[i % 3].plotly_chart(fig, width="stretch", theme=None, config=PRESENTER_CONFIG, key=f"{key}_{iso3}")
    elif built.table is not None:
        chart.dataframe(built.table, hide_index=True, width="stretch", key=key)
    foot = components.chart_footnote_text(list(built.countries), built.measures, list(built.sources))
    st.html(f"<div class='present-foot'>{html_text(foot.replace('<br>', ' '))}</div>")


def _controls(index: int, total: int, deck_name: str) -> None:
    with st.container(key="present-controls", horizontal=True):
        if st.button(_("◀ Year"), shortcut="Left", key="present_year_prev"):
            _step_year(index, -1)
        if st.button(_("Year ▶"), shortcut="Right", key="present_year_next"):
            _step_year(index, +1)
        if st.button(_("◀ View"), shortcut="PageUp", key="present_prev", disabled=index == 0):
            _go(index - 1)
        if st.button(_("View ▶"), shortcut="PageDown", key="present_next", disabled=index >= total - 1):
            _go(index + 1)
        if st.button(_("QR code"), shortcut="q", key="present_qr", icon=":material/qr_code_2:",
                     help=_("Show a QR code of this view's link, for the audience to open on their phones.")):
            st.session_state[keys.PRESENT_QR] = not st.session_state.get(keys.PRESENT_QR, False)
            st.rerun()
        st.markdown(_("**{name}** · view {i} of {n} · ←/→ years, PgUp/PgDn views, Esc exits").format(
            name=plain(deck_name) or _("Deck"), i=index + 1, n=total))
        if st.button(_("Exit ✕"), shortcut="Esc", key="present_exit"):
            state.set_value("present", False)
            st.rerun()


def _step_year(index: int, step: int) -> None:
    offsets = st.session_state.setdefault(keys.PRESENT_OFFSETS, {})
    offsets[index] = offsets.get(index, 0) + step
    st.rerun()


def _go(index: int) -> None:
    state.set_value("slide", index + 1)
    st.rerun()


def deck_controls(ctx: PageContext) -> None:
    """Sidebar: line up views into a named deck, present it, and share it as one link (drawn only while its
    expander is open: opening it is a rerun, and a closed deck costs every other run nothing)."""
    raw = state.hidden_value("deck", "", lambda r: (r or "", None))
    deck = decks.decode(raw) or decks.Deck("", [])
    with st.sidebar.expander(_("Presentation deck ({n} views)").format(n=len(deck.views)), key=keys.DECK_MENU,
                             on_change="rerun") as box:
        if box.open:
            _deck_menu(ctx, deck)


def _deck_menu(ctx: PageContext, deck: decks.Deck) -> None:
    """The deck expander's content."""
    name = st.text_input(_("Deck name"), value=deck.name, max_chars=80, key="deck_name")
    add, clear = st.columns(2)
    if add.button(_("Add this view"), width="stretch", key="deck_add", disabled=not ctx.entry.in_decks):
        _save_deck(decks.Deck(name, [*deck.views, current_view(ctx)][: decks.MAX_VIEWS]))
    if clear.button(_("Clear"), width="stretch", key="deck_clear", disabled=not deck.views):
        _save_deck(decks.Deck(name, []))
    for i, view in enumerate(deck.views, start=1):
        entry = registry.page(view["page"])
        parts = [_(entry.title)] + [view[k] for k in ("view", "fw", "y") if view.get(k)]
        st.caption(plain(f"{i}. " + " · ".join(parts)))
    if deck.views:
        if name != deck.name:
            _save_deck(decks.Deck(name, deck.views), rerun=False)
        if st.button(_("Present this deck"), icon=":material/slideshow:", width="stretch", key="deck_present"):
            _start_presenting()
        named = decks.Deck(name, deck.views)
        st.download_button(_("Download for offline use (HTML)"), lambda: offline_html(ctx, named),
                           f"wb-ocr-deck-{date.today().isoformat()}.html", "text/html", on_click="ignore",
                           icon=":material/download:", width="stretch", key="deck_offline",
                           help=_("One file with every slide, for a venue without a network: open it in any "
                                  "browser, step with ←/→ or Page Up/Page Down."))
        link = f"./{ctx.entry.path}?deck={decks.encode(decks.Deck(name, deck.views))}&present=1"
        st.markdown("[" + plain(_("Link to this deck")) + f"](<{link}>)",
                    help=_("Copy this link to share the deck."))


def offline_html(ctx: PageContext, deck: decks.Deck) -> str:
    """The deck as one self-contained HTML file: each view built by its page's builder in the presenter style."""
    slides = []
    for view in deck.views:
        spec, _notices = slide_spec(ctx, view)
        if not spec.entry.in_decks:
            continue
        built = draw.view(spec).built
        figure = built.figure if built.figure is not None else (built.make() if built.make else None)
        if figure is None:  # a table view: its slide is the heat map of the same selection
            built = draw.view(replace(spec, view="heatmap")).built
            figure = built.figure
        footnote = components.chart_footnote_text(list(built.countries), built.measures, list(built.sources))
        slides.append(offline_deck.OfflineSlide(
            built.title, built.finding, figure, footnote.split("<br>")[0], date.today().isoformat(),
            shows_kosovo=bool(countries.footnotes(built.countries))))
    return offline_deck.deck_html(slides, deck_title=deck.name or "WB-OCR Radar", lang=ctx.language)


def _save_deck(deck: decks.Deck, rerun: bool = True) -> None:
    state.set_value("deck", decks.encode(deck) if deck.views else "")
    if rerun:
        st.rerun()


def _start_presenting() -> None:
    state.set_value("present", True)
    state.set_value("slide", 1)
    st.session_state[keys.PRESENT_OFFSETS] = {}
    st.rerun()


def enter_button() -> None:
    """The sidebar button that opens presenter mode on the current view."""
    if st.sidebar.button(_("Presenter mode"), icon=":material/slideshow:", width="stretch",
                         help=_("Full-screen chart with large type; step years with ←/→ and views with "
                                "PgUp/PgDn; Esc leaves.")):
        _start_presenting()

"""View state <-> URL: every control's value lives in `st.query_params`, so any view can be shared as a link.

How it works (each script run):
1. `begin_run()` (app.py, before any widget) forgets which keys the current page uses.
2. Each control is made with one of the `*_control` helpers below. The first time a key is needed in a
   session its value comes from the link (validated by radar.params; a bad value gives a notice and the
   default), afterwards from the session, so it survives moving between pages (Streamlit clears plain
   query parameters on a page switch).
3. `write_url()` (app.py, after the page ran) writes the current page's values back to the URL, leaving out
   defaults, so the address bar always holds the exact view.
Widgets are not bound with `bind="query-params"` because that writes display labels (which change with the
language) into the URL and drops bad values silently; ids and a visible notice serve users better.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from radar import params
from radar.i18n import _
from radar.ui.keys import DEFAULTS as _DEFAULTS
from radar.ui.keys import NAV_PAGES, UNKNOWN_REPORTED
from radar.ui.keys import NOTICES as _NOTICES
from radar.ui.keys import VIEW as _VIEW
from radar.views import registry

# Keys never reported as unknown: the language, and the shared view keys on a page that does not show them
# (they are kept for the next page, not an error in the link).
_KNOWN_EXTRA = {"lang", *registry.SHARED}
logging.getLogger("streamlit.elements.lib.policies").setLevel(logging.ERROR)


def _view() -> dict[str, Any]:
    return st.session_state.setdefault(_VIEW, {})


def session_pages(language: str, make: Callable[[], dict[str, list]]) -> dict[str, list]:
    """The navigation's pages, made by `make` once per session and language (the session's runs follow one
    another, so the page objects are never used by two runs at once; making them costs a path lookup each)."""
    made = st.session_state.get(NAV_PAGES)
    if made is None or made[0] != language:
        made = (language, make())
        st.session_state[NAV_PAGES] = made
    return {section: list(pages) for section, pages in made[1].items()}


def begin_run() -> None:
    """Start a run: no key is in use yet on this page."""
    st.session_state[_DEFAULTS] = {}
    st.session_state.setdefault(_NOTICES, [])


def _from_url(key: str) -> str | None:
    values = st.query_params.get_all(key)
    if not values:
        return None
    return ",".join(values) if len(values) > 1 else values[0]


def _slot(key: str, scope: str | None) -> str:
    """Where the session keeps a value: the URL key, or `scope:key` for a key that several pages use with
    different meanings (e.g. `view` on Compare and on Change over time)."""
    return f"{scope}:{key}" if scope else key


def _initial(key: str, parse: Callable[[str | None], tuple[Any, str | None]], scope: str | None = None) -> Any:
    view = _view()
    slot = _slot(key, scope)
    if slot not in view:
        value, notice = parse(_from_url(key))
        view[slot] = value
        if notice:
            st.session_state[_NOTICES].append(notice)
    return view[slot]


def _register(key: str, default: Any, serialise: Callable[[Any], str] = str, scope: str | None = None) -> None:
    st.session_state[_DEFAULTS][key] = (default, serialise, _slot(key, scope))


def _prepare_widget(key: str, value: Any, valid: Callable[[Any], bool], scope: str | None = None) -> str:
    """Put the view value into the widget's state when the widget is new or holds an invalid value."""
    wkey = f"w_{scope}_{key}" if scope else f"w_{key}"
    if wkey not in st.session_state or not valid(st.session_state[wkey]):
        st.session_state[wkey] = value
    return wkey


def choice_control(key: str, label: str, options: Sequence[str], default: str, *,
                   format_func: Callable[[str], str] = str, container: Any = None, widget: str = "selectbox",
                   help: str | None = None, scope: str | None = None) -> str:
    """A single-choice control (selectbox or segmented control) whose value lives in the URL as an id.
    `scope` keeps the session's value apart from another page's control with the same URL key."""
    container = container or st
    options = list(options)
    value = _initial(key, lambda raw: params.parse_choice(raw, options, default, label), scope)
    if value not in options:
        value = default
    wkey = _prepare_widget(key, value, lambda v: v in options, scope)
    if widget == "segmented":
        chosen = container.segmented_control(label, options, key=wkey, format_func=format_func, help=help)
        chosen = chosen if chosen in options else value  # a second click deselects: keep the view
    else:
        chosen = container.selectbox(label, options, key=wkey, format_func=format_func, help=help)
    _view()[_slot(key, scope)] = chosen
    _register(key, default, scope=scope)
    return chosen


def multi_control(key: str, label: str, options: Sequence[str], default: Sequence[str], *,
                  format_func: Callable[[str], str] = str, container: Any = None,
                  help: str | None = None) -> list[str]:
    """A multiselect whose value lives in the URL as comma-separated ids (empty = the default)."""
    container = container or st
    options = list(options)
    value = _initial(key, lambda raw: params.parse_list(raw, options, default, label))
    value = [v for v in value if v in options] or list(default)
    wkey = _prepare_widget(key, value, lambda v: isinstance(v, list) and all(i in options for i in v))
    chosen = container.multiselect(label, options, key=wkey, format_func=format_func, help=help)
    _view()[key] = list(chosen)
    _register(key, list(default), ",".join)
    return list(chosen) or list(default)


def year_control(key: str, label: str, years: Sequence[int], default: int, *, container: Any = None,
                 widget: str = "select_slider", help: str | None = None) -> int:
    """A year picker over the years that have data; the value lives in the URL."""
    container = container or st
    years = list(years)
    value = _initial(key, lambda raw: params.parse_year(raw, years, default, label))
    if value not in years:
        value = default
    wkey = _prepare_widget(key, value, lambda v: v in years)
    if widget == "selectbox" or len(years) == 1:
        chosen = container.selectbox(label, years, key=wkey, help=help)
    else:
        chosen = container.select_slider(label, years, key=wkey, help=help)
    _view()[key] = chosen
    _register(key, default)
    return int(chosen)


def year_range_control(key_from: str, key_to: str, label: str, years: Sequence[int], default: tuple[int, int], *,
                       container: Any = None) -> tuple[int, int]:
    """A two-handled year range whose ends live in the URL as two keys."""
    container = container or st
    years = list(years)
    lo = _initial(key_from, lambda raw: params.parse_year(raw, years, default[0], label))
    hi = _initial(key_to, lambda raw: params.parse_year(raw, years, default[1], label))
    lo, hi = (lo if lo in years else default[0]), (hi if hi in years else default[1])
    if lo > hi:
        lo, hi = hi, lo
    wkey = _prepare_widget(f"{key_from}_{key_to}", (lo, hi),
                           lambda v: isinstance(v, tuple | list) and len(v) == 2 and all(y in years for y in v))
    # `value=` tells Streamlit this is a two-handled slider (without it a drag comes back as one year); the
    # session value set above wins, so Streamlit's note about a default beside a session value is silenced.
    chosen = container.select_slider(label, years, value=(years[0], years[-1]), key=wkey)
    lo, hi = int(chosen[0]), int(chosen[1])
    _view()[key_from], _view()[key_to] = lo, hi
    _register(key_from, default[0])
    _register(key_to, default[1])
    return lo, hi


def flag(key: str) -> bool:
    """A boolean view flag read from the link once (e.g. present=1), kept for the session."""
    value = _initial(key, lambda raw: (params.parse_flag(raw), None))
    _register(key, False, lambda v: "1" if v else "0")
    return bool(value)


def hidden_value(key: str, default: Any, parse: Callable[[str | None], tuple[Any, str | None]],
                 serialise: Callable[[Any], str] = str) -> Any:
    """A view value with no widget of its own (e.g. the presenter's slide number): read from the link once,
    kept for the session, written back to the link."""
    value = _initial(key, parse)
    _register(key, default, serialise)
    return value


def peek(key: str, default: Any = None, scope: str | None = None) -> Any:
    """The session's value of a view key, whether or not this page shows its control."""
    return _view().get(_slot(key, scope), default)


def set_value(key: str, value: Any) -> None:
    """Change a view value from code (e.g. a button); its widget follows on the next run."""
    _view()[key] = value
    st.session_state.pop(f"w_{key}", None)


def current_params() -> dict[str, str]:
    """The URL parameters of the current view: every key in use whose value is not its default."""
    out = {}
    for key, (default, serialise, slot) in st.session_state.get(_DEFAULTS, {}).items():
        value = _view().get(slot, default)
        if value != default:
            out[key] = serialise(value)
    return out


def write_url() -> None:
    """Make the address bar hold exactly the current view (only touches the URL when it differs)."""
    wanted = current_params()
    unknown = [k for k in st.query_params if k not in wanted and k not in st.session_state[_DEFAULTS]
               and k not in _KNOWN_EXTRA]
    if unknown and not st.session_state.get(UNKNOWN_REPORTED):
        st.session_state[UNKNOWN_REPORTED] = True
        st.session_state[_NOTICES].append(_("Ignored unknown link parameters: {names}.").format(
            names=", ".join(params.shown(k, 16) for k in unknown[:5])))
    if dict(st.query_params.to_dict()) != wanted:
        st.query_params.from_dict(wanted)


def notice(text: str) -> None:
    """Add a notice about the link (shown once, as text, under the page's title)."""
    st.session_state.setdefault(_NOTICES, []).append(text)


def link_text(key: str, scope: str | None = None) -> str | None:
    """A view value as link text, without a widget: the session's value if it has one, else the link's raw
    text (validated by the caller, e.g. radar.views.spec.spec_from_link for presenter mode)."""
    value = _view().get(_slot(key, scope))
    if value is None:
        return _from_url(key)
    return ",".join(map(str, value)) if isinstance(value, list) else str(value)


def hold(key: str, value: Any, default: Any, scope: str | None = None,
         serialise: Callable[[Any], str] = str) -> None:
    """Keep a validated view value (no widget shows it in this run) in the session and in the link."""
    _view()[_slot(key, scope)] = value
    _register(key, default, serialise, scope=scope)


def pop_notices() -> list[str]:
    """Notices about the link collected so far (each shown once)."""
    notices = list(dict.fromkeys(st.session_state.get(_NOTICES, [])))
    st.session_state[_NOTICES] = []
    return notices

"""Helpers shared by the AppTest page tests: open a page (optionally from a link), read its figures back.

Every test drives the real entry point (app.py) through streamlit.testing.v1.AppTest. A figure drawn with
st.plotly_chart comes back as an untyped element whose `proto.spec` is the figure's JSON and whose
`proto.id` ends with the chart's key ("...-overview_radar").
"""

from __future__ import annotations

import base64
import json
import math
import re
from pathlib import Path
from typing import Any

import numpy as np
from streamlit.testing.v1 import AppTest

from radar.views import registry

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
PAGES = tuple(p.path for p in registry.PAGES if not p.editors_only)  # every page a visitor can open
TIMEOUT = 30


def open_page(page: str = "overview", params: dict[str, str] | None = None) -> AppTest:
    """Open `page` in a new session, as a visitor following the link `/<page>?<params>` would."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    if page != "overview":
        at.switch_page(f"app_pages/{page}.py")
    return at.run()


def assert_clean(at: AppTest) -> None:
    """The run raised nothing and showed no error element."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def figures(at: AppTest) -> dict[str, dict[str, Any]]:
    """Every plotly figure of the last run, by chart key, as the figure JSON sent to the browser."""
    out = {}
    for element in at.get("plotly_chart"):
        key = element.proto.id.rsplit("-", 1)[-1]
        out[key] = json.loads(element.proto.spec)
    return out


def figure(at: AppTest, key: str) -> dict[str, Any]:
    figs = figures(at)
    assert key in figs, f"chart {key!r} not drawn; charts drawn: {sorted(figs)}"
    return figs[key]


def traces(fig: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Traces of a figure by name (names are unique on the radars)."""
    out = {}
    for trace in fig["data"]:
        assert trace.get("name") not in out, f"duplicate trace name {trace.get('name')!r}"
        out[trace.get("name")] = trace
    return out


def country_traces(fig: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The country outlines of a radar, by ISO3 (the builder tags each with meta.iso3)."""
    return {t["meta"]["iso3"]: t for t in fig["data"] if isinstance(t.get("meta"), dict) and "iso3" in t["meta"]}


def array(value: Any) -> np.ndarray:
    """A figure's data array as numpy: plotly sends numeric arrays either as lists or as typed arrays
    ({"dtype", "bdata", "shape"}, base64); a gap is None in a list and NaN in a typed array."""
    if isinstance(value, dict) and "bdata" in value:
        flat = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        if isinstance(shape, str):
            shape = [int(s) for s in shape.split(",")]
        return flat.reshape(shape) if shape else flat
    return np.array([[np.nan if v is None else v for v in row] if isinstance(row, list) else
                     (np.nan if row is None else row) for row in value], dtype=float)


def unwrap(label: str) -> str:
    """An axis label as drawn (with <br> line breaks, and on screen its bold axis number) reduced to compare with a
    name: no number, no breaks, no spaces."""
    return re.sub(r"<b>\d+</b>", "", label).replace("<br>", "").replace(" ", "")


def same_number(a: Any, b: Any, tol: float = 0.01) -> bool:
    """Equal within `tol`, where None/NaN (a gap) equals only None/NaN."""
    a_gap = a is None or (isinstance(a, float) and math.isnan(a))
    b_gap = b is None or (isinstance(b, float) and math.isnan(b))
    if a_gap or b_gap:
        return a_gap and b_gap
    return abs(float(a) - float(b)) <= tol


def assert_numbers(actual: list, expected: list, tol: float = 0.01, what: str = "") -> None:
    assert len(actual) == len(expected), f"{what}: {len(actual)} values, expected {len(expected)}"
    bad = [(i, a, e) for i, (a, e) in enumerate(zip(actual, expected)) if not same_number(a, e, tol)]
    assert not bad, f"{what}: (index, shown, expected) differ: {bad}"


def warnings(at: AppTest) -> list[str]:
    return [w.value for w in at.warning]


# A notice may quote the user's value only after radar.params.shown() cleaned it; the template's own
# apostrophe ("link's") and the quotes around a cleaned value (or around the control's name) are the app's,
# not the user's.
_QUOTED_CLEAN = re.compile(r"'[A-Za-z0-9 ._,…()-]*'|“[A-Za-z0-9 ._,…()-]*”")
UNSAFE = ("<", ">", ";", '"', "'", "`")


def assert_safe_notice(text: str, raw: str) -> None:
    """The notice does not echo anything unsafe from the link: no raw '<', ';' or quotes, and not the raw value."""
    rest = _QUOTED_CLEAN.sub("", text.replace("link's", "link"))
    for ch in UNSAFE:
        assert ch not in rest, f"notice echoes {ch!r}: {text!r}"
    if len(raw) > 3 and any(ch in raw for ch in UNSAFE):
        assert raw not in text, f"notice echoes the raw value: {text!r}"
    assert len(text) < 300, f"notice too long ({len(text)} chars)"


def open_menus(at: AppTest, *keys: str) -> AppTest:
    """Open the lazy popovers (menus drawn only while open, such as each chart's export menu, key
    `<chart key>_export`) as a reader's click would: a rerun with each one open."""
    for key in keys:
        at.session_state[key] = True
    return at.run()

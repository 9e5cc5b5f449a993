"""The floor: an app that draws the Radar's pages from figures and tables recorded from the real app.

No data access, no scoring, no figure building: each page shows the one control the benchmark changes (same
label, options and key as in the Radar) and, for the control's value, the elements the Radar sent for it:
text replayed as sent, the same plotly figures (unpickled `go.Figure`, drawn again with st.plotly_chart, so
their serialisation is paid as in the Radar) and the same tables (data frames drawn again with st.dataframe).
What a page costs above this floor is the price of the data, the scoring and the figure building.

Recordings: one pickle per page, `floor-<page>.pkl` in the folder named by BENCH_FLOOR_DIR (written by
bench.recording once per benchmark run). Run by the benchmark with `streamlit run bench/floor_app.py`.
"""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.proto import Alert_pb2, Heading_pb2, Html_pb2, Markdown_pb2, Text_pb2

PROTOS: dict[str, Any] = {"markdown": Markdown_pb2.Markdown, "heading": Heading_pb2.Heading, "html": Html_pb2.Html,
                          "alert": Alert_pb2.Alert, "text": Text_pb2.Text}
PAGES = {"overview": "Overview", "compare": "Compare countries", "change": "Change over time",
         "country": "Country profile", "data": "Data", "methodology": "Methodology and sources"}
FOLDER = Path(os.environ.get("BENCH_FLOOR_DIR", Path(__file__).resolve().parent / "results" / "floor"))


def recording(page: str) -> dict[str, Any] | None:
    """The page's recording, loaded once per file version (none yet: None, not cached)."""
    path = FOLDER / f"floor-{page}.pkl"
    if not path.is_file():
        return None
    return _load(str(path), path.stat().st_mtime_ns)


@st.cache_resource(show_spinner=False, max_entries=16)
def _load(path: str, mtime_ns: int) -> dict[str, Any]:
    with open(path, "rb") as handle:
        return pickle.load(handle)


def state_id(values: list[str]) -> str:
    return "|".join(values)


def control(spec: dict[str, Any]) -> list[str]:
    """Draw the page's control as the Radar does and return its value as formatted option strings."""
    where = st.sidebar if spec["sidebar"] else st
    kind, label, options, default, key = spec["kind"], spec["label"], spec["options"], spec["default"], spec["key"]
    if kind == "slider" and len(default) == 2:
        value = where.select_slider(label, options, value=(default[0], default[1]), key=key)
        return [value[0], value[1]]
    if kind == "slider":
        return [where.select_slider(label, options, value=default[0], key=key)]
    if kind == "button_group":
        return [where.segmented_control(label, options, default=default[0], key=key) or default[0]]
    if kind == "multiselect":
        return list(where.multiselect(label, options, default=default, key=key))
    return [where.selectbox(label, options, index=options.index(default[0]), key=key)]


def draw(elements: list[tuple[int, str, Any]]) -> None:
    for container, kind, payload in elements:
        where = st.sidebar if container == 1 else st._main
        if kind == "plotly_chart":
            fig, config, key = payload
            where.plotly_chart(fig, width="stretch", theme=None, config=config, key=key)
        elif kind == "dataframe":
            where.dataframe(payload, hide_index=True, width="stretch")
        elif kind in PROTOS:
            where._enqueue(kind, PROTOS[kind].FromString(payload))


def page(url_path: str) -> None:
    rec = recording(url_path)
    if rec is None:
        st.title(PAGES[url_path])
        st.write("Not recorded in this benchmark run.")
        return
    values = control(rec["control"])
    states = rec["states"]
    draw(states.get(state_id(values), states[state_id(rec["control"]["default"])]))


def _page_function(url_path: str):  # noqa: ANN202 - st.Page takes a callable
    def run() -> None:
        page(url_path)

    run.__name__ = f"floor_{url_path}"
    return run


st.set_page_config(page_title="WB-OCR Radar (floor)", layout="wide")
navigation = st.navigation([st.Page(_page_function(p), title=t, url_path=p, default=p == "overview")
                            for p, t in PAGES.items()], position="sidebar")
navigation.run()

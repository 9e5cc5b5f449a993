"""Recordings for the floor app: the elements the Radar sent for each state of a page, pickled once per run.

Figures are rebuilt as `go.Figure` objects from the JSON the Radar sent and tables as data frames from its
Arrow payload, so that the floor app draws them again (and pays their serialisation) without data access,
scoring or figure building.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import plotly.io as pio
import pyarrow as pa
from streamlit.proto.Dataframe_pb2 import Dataframe
from streamlit.proto.PlotlyChart_pb2 import PlotlyChart

from bench.common import RESULTS_DIR
from bench.wsclient import Element, Widget

FLOOR_DIR = RESULTS_DIR / "floor"


class PageRecording:
    """The control of one page and the elements drawn for each of its values."""

    def __init__(self, page: str, widget: Widget, key: str, sidebar: bool) -> None:
        self.page = page
        self.control = {"kind": widget.kind, "label": widget.label, "options": widget.options, "key": key,
                        "sidebar": sidebar, "default": list(widget.value)}
        self.states: dict[str, list[tuple[int, str, Any]]] = {}

    def add(self, values: list[str], elements: list[Element]) -> None:
        state = "|".join(values)
        if state not in self.states:
            self.states[state] = [_payload(e) for e in elements]

    def save(self, folder: Path = FLOOR_DIR) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"floor-{self.page}.pkl"
        with open(path, "wb") as handle:
            pickle.dump({"control": self.control, "states": self.states}, handle, protocol=pickle.HIGHEST_PROTOCOL)
        return path


def _payload(element: Element) -> tuple[int, str, Any]:
    if element.kind == "plotly_chart":
        proto = PlotlyChart.FromString(element.proto)
        key = proto.id.split("-", 2)[2] if proto.id.count("-") >= 2 else None
        config = json.loads(proto.config) if proto.config else {}
        return element.container, element.kind, (pio.from_json(proto.spec), config, key)
    if element.kind == "dataframe":
        proto = Dataframe.FromString(element.proto)
        data = proto.arrow_data.data or proto.lazy_data.initial_chunk.data
        return element.container, element.kind, pa.ipc.open_stream(data).read_all().to_pandas()
    return element.container, element.kind, element.proto

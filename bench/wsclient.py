"""A load client that drives real Streamlit sessions over the websocket `/_stcore/stream`, as a browser does.

It sends `BackMsg.rerun_script` with the page, the URL's query string, the state of every widget it has set
(widget ids come from the ForwardMsg deltas: each widget proto carries its id, and an id ends with the
widget's user key), the hashes of the cacheable messages it holds (so the server sends a reference
instead of a figure the browser already has, exactly as the browser's message cache works) and, when the
widget changed is drawn inside a fragment (`st.fragment`), that fragment's id, so that only that part of the
page reruns, as in a browser. It reads every ForwardMsg up to `script_finished` and measures the time, the
bytes by kind, and errors.

Only loopback servers started by the benchmark are ever contacted.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from typing import Any

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

WIDGET_KINDS = ("selectbox", "multiselect", "slider", "button_group", "radio", "text_input", "checkbox")
FINISHED = ForwardMsg.ScriptFinishedStatus
# Elements the floor app replays as they were sent (text); figures and tables it renders again.
TEXT_KINDS = ("markdown", "heading", "html", "alert", "text")


@dataclass
class Widget:
    """A widget seen in the deltas: its id, kind and the formatted options the server accepts."""

    id: str
    kind: str
    label: str
    options: list[str]
    value: list[str]  # the value the server drew it with, as formatted options
    fragment_id: str = ""  # the page part (st.fragment) it is drawn in: a change reruns only that part


@dataclass
class Element:
    """One element of a run, in order, as the floor app needs it to draw the same page."""

    container: int  # 0 main, 1 sidebar (delta_path[0])
    kind: str
    proto: bytes  # the serialized element proto (ForwardMsg.delta.new_element.<kind>)


@dataclass
class RunResult:
    """What one script run sent to the browser and how long it took from the request to `script_finished`."""

    seconds: float = 0.0
    n_messages: int = 0
    bytes_total: int = 0
    bytes_by_kind: dict[str, int] = field(default_factory=dict)
    figure_json_bytes: int = 0  # the plotly spec strings, inside the figure messages
    table_cells: list[int] = field(default_factory=list)  # rows x columns of each data frame sent
    table_bytes: int = 0  # the Arrow IPC payload of data frames
    errors: list[str] = field(default_factory=list)
    elements: list[Element] = field(default_factory=list)
    status: str = ""

    def add_bytes(self, kind: str, n: int) -> None:
        self.bytes_by_kind[kind] = self.bytes_by_kind.get(kind, 0) + n
        self.bytes_total += n


class SessionError(RuntimeError):
    """The server closed the session or did not finish a run in time."""


class Session:
    """One browser-like session of a Streamlit app (use `async with`)."""

    def __init__(self, ws_url: str, page: str = "", query_string: str = "", *, record: bool = False,
                 run_timeout_s: float = 120.0, check_url: bool = True, headers: dict[str, str] | None = None) -> None:
        self.ws_url = ws_url
        self.headers = dict(headers or {})  # e.g. the Cookie a browser sends (a proxy's affinity cookie)
        self.page_name = page  # the url path of the page ("" = default page)
        self.query_string = query_string
        self.page_script_hash = ""
        self.record = record
        self.run_timeout_s = run_timeout_s
        self.check_url = check_url  # the Radar writes every view value to the URL: a change must change it
        self.widgets: dict[str, Widget] = {}  # by user key
        self._states: dict[str, WidgetState] = {}  # by widget id: every value this client set
        self._cache: dict[str, bytes] = {}  # hash -> message, the browser's ForwardMsg cache
        self._ws: Any = None

    async def __aenter__(self) -> Session:
        self._ws = await websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=None,
                                            open_timeout=30, ping_interval=None,
                                            additional_headers=self.headers or None)
        return self

    @property
    def response_headers(self) -> Any:
        """The headers of the server's answer to the websocket upgrade (e.g. a proxy's Set-Cookie)."""
        return self._ws.response.headers

    async def __aexit__(self, *exc: object) -> None:
        if self._ws is not None:
            with contextlib.suppress(Exception):
                await self._ws.close()

    # -- what a user does ----------------------------------------------------------------------------
    async def open(self) -> RunResult:
        """The first run of the page, as when a link is opened."""
        return await self._run()

    async def change(self, key: str, value: str | list[str]) -> RunResult:
        """Set the widget with user key `key` to `value` (formatted option(s)) and rerun."""
        widget = self.widgets.get(key)
        if widget is None:
            raise KeyError(f"no widget with key {key!r}; seen: {sorted(self.widgets)}")
        values = [value] if isinstance(value, str) else list(value)
        unknown = [v for v in values if widget.options and v not in widget.options]
        if unknown:
            raise ValueError(f"{key}: {unknown} not among the options {widget.options}")
        state = WidgetState(id=widget.id)
        if widget.kind in ("selectbox", "radio"):
            state.string_value = values[0]
        else:
            state.string_array_value.data.extend(values)
        self._states[widget.id] = state
        before = self.query_string
        result = await self._run(widget.fragment_id)
        if self.check_url and self.query_string == before:
            result.errors.append(f"change of {key} to {values} did not reach the URL: not applied?")
        return result

    # -- the protocol ----------------------------------------------------------------------------------
    def _back_msg(self, fragment_id: str = "") -> bytes:
        msg = BackMsg()
        client = msg.rerun_script
        client.fragment_id = fragment_id  # as a browser does for a widget inside a fragment
        client.query_string = self.query_string
        client.page_script_hash = self.page_script_hash
        client.page_name = self.page_name if not self.page_script_hash else ""
        client.widget_states.widgets.extend(self._states.values())
        client.cached_message_hashes.extend(self._cache)
        client.context_info.timezone = "Europe/Belgrade"
        client.context_info.locale = "en-GB"
        client.context_info.is_embedded = False  # as a browser at the app's own address says
        return msg.SerializeToString()

    async def _run(self, fragment_id: str = "") -> RunResult:
        result = RunResult()
        start = time.perf_counter()
        await self._ws.send(self._back_msg(fragment_id))
        deadline = start + self.run_timeout_s
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                raise SessionError(f"no script_finished within {self.run_timeout_s} s")
            try:
                raw = await asyncio.wait_for(self._ws.recv(), timeout=remaining)
            except TimeoutError as exc:
                raise SessionError(f"no script_finished within {self.run_timeout_s} s") from exc
            except websockets.ConnectionClosed as exc:
                raise SessionError(f"connection closed: {exc}") from exc
            msg = ForwardMsg()
            msg.ParseFromString(raw)
            result.n_messages += 1
            if self._take(msg, raw, result):
                break
        result.seconds = time.perf_counter() - start
        return result

    def _take(self, msg: ForwardMsg, raw: bytes, result: RunResult) -> bool:
        """Account for one message; return True at the end of the run."""
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            result.add_bytes("cached reference", len(raw))
            cached = self._cache.get(msg.ref_hash)
            if cached is None:
                result.errors.append(f"reference to a message never received: {msg.ref_hash}")
                return False
            full = ForwardMsg()
            full.ParseFromString(cached)
            full.metadata.CopyFrom(msg.metadata)
            self._element(full, result, sent=False)
            return False
        if msg.metadata.cacheable and msg.hash:
            self._cache[msg.hash] = raw
        if kind == "delta":
            delta_kind = msg.delta.WhichOneof("type")
            if delta_kind == "new_element":
                el_kind = self._element(msg, result)
                result.add_bytes(_bytes_kind(el_kind), len(raw))
            else:
                result.add_bytes("layout", len(raw))
            return False
        result.add_bytes("session", len(raw))
        if kind == "navigation":
            self.page_script_hash = msg.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query_string = msg.page_info_changed.query_string
        elif kind == "session_event" and msg.session_event.HasField("script_compilation_exception"):
            result.errors.append("script compilation error: " + msg.session_event.script_compilation_exception.message)
        elif kind == "page_not_found":
            result.errors.append(f"page not found: {msg.page_not_found.page_name}")
        elif kind == "script_finished":
            status = FINISHED.Name(msg.script_finished)
            result.status = status
            if msg.script_finished == FINISHED.FINISHED_WITH_COMPILE_ERROR:
                result.errors.append("script finished with a compile error")
            return msg.script_finished != FINISHED.FINISHED_EARLY_FOR_RERUN
        return False

    def _element(self, msg: ForwardMsg, result: RunResult, sent: bool = True) -> str:
        """Read one element (sent = it came over the wire, not from the message cache)."""
        element = msg.delta.new_element
        kind = element.WhichOneof("type") or ""
        proto = getattr(element, kind) if kind else None
        if kind in WIDGET_KINDS and proto.id:
            key = proto.id.split("-", 2)[2] if proto.id.count("-") >= 2 else proto.id
            options = _options(kind, proto)
            self.widgets[key] = Widget(proto.id, kind, proto.label, options, _value(kind, proto, options),
                                       msg.delta.fragment_id)
        elif kind == "exception":
            result.errors.append(f"exception: {proto.type}: {proto.message}"[:500])
        elif kind == "alert" and proto.format == proto.ERROR:
            result.errors.append(f"error shown: {proto.body}"[:500])
        elif kind == "plotly_chart" and sent:
            result.figure_json_bytes += len(proto.spec.encode())
        elif kind == "dataframe" and sent:
            rows, cols = _arrow_shape(proto.arrow_data.data) if proto.arrow_data.data else (0, 0)
            if proto.HasField("lazy_data"):
                rows, cols = _arrow_shape(proto.lazy_data.initial_chunk.data)
            result.table_cells.append(rows * cols)
            result.table_bytes += len(proto.arrow_data.data) + len(proto.lazy_data.initial_chunk.data)
        if self.record and kind in (*TEXT_KINDS, "plotly_chart", "dataframe"):
            path = list(msg.metadata.delta_path)
            result.elements.append(Element(path[0] if path else 0, kind, proto.SerializeToString()))
        return kind


def _options(kind: str, proto: Any) -> list[str]:
    if kind == "button_group":
        return [o.content for o in proto.options]
    if kind in ("selectbox", "multiselect", "slider", "radio"):
        return list(proto.options)
    return []


def _value(kind: str, proto: Any, options: list[str]) -> list[str]:
    """The widget's current value: the one set from session state (raw value) or else its default."""
    if kind in ("multiselect", "button_group"):
        if proto.set_value:
            return list(proto.raw_values)
        return [options[i] for i in proto.default]
    if kind == "slider":
        if proto.set_value and proto.raw_value:
            return list(proto.raw_value)
        return [options[int(i)] for i in proto.default] if options else [str(v) for v in proto.default]
    if kind == "selectbox":
        if proto.set_value and proto.HasField("raw_value"):
            return [proto.raw_value]
        return [options[proto.default if proto.HasField("default") else 0]] if options else []
    return []


def _bytes_kind(element_kind: str) -> str:
    if element_kind == "plotly_chart":
        return "figures"
    if element_kind == "dataframe":
        return "tables"
    if element_kind in WIDGET_KINDS or element_kind in ("button", "download_button"):
        return "widgets"
    return "text and other"


def _arrow_shape(data: bytes) -> tuple[int, int]:
    """Rows and columns (index columns included: the grid shows them unless hidden) of an Arrow IPC stream."""
    import pyarrow as pa

    table = pa.ipc.open_stream(data).read_all()
    return table.num_rows, table.num_columns

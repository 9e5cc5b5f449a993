"""Open the pages an audience opens first once on each Streamlit worker, before `make serve` says it is ready.

A worker's first session pays for what every later one shares: the imports of the pages, the data version's
Store and its precomputed scores, the first views, and the one-off freeze of long-lived objects
(radar.ui.warm.settle_once); it also starts the background builds of the same views in the other years. Done
here, by one session per worker straight to its port (bypassing HAProxy), a room that opens the link right after
`serve: ready` finds the workers warm. The client speaks Streamlit's own websocket protocol (the protobuf
messages of the installed Streamlit): one rerun request, then messages until the run's `script_finished`.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

PAGES = ("", "compare")  # the default page (the overview) and Compare: the links presenters share most
TIMEOUT_S = 120.0


async def open_page(port: int, page: str = "", query_string: str = "", timeout_s: float = TIMEOUT_S) -> float:
    """Run `page` once as a new session on the worker at 127.0.0.1:`port`; return the seconds it took."""
    start = time.monotonic()
    async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=None, ping_interval=None, open_timeout=timeout_s) as ws:
        msg = BackMsg()
        msg.rerun_script.query_string = query_string
        msg.rerun_script.page_name = page
        await ws.send(msg.SerializeToString())
        deadline = start + timeout_s
        while True:
            raw = await asyncio.wait_for(ws.recv(), timeout=max(0.1, deadline - time.monotonic()))
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            if forward.WhichOneof("type") == "script_finished":
                return time.monotonic() - start


async def _warm(ports: Sequence[int], pages: Sequence[str]) -> list[str]:
    problems: list[str] = []

    async def one(port: int) -> None:
        for page in pages:
            try:
                await open_page(port, page)
            except Exception as exc:  # noqa: BLE001 - a worker that cannot be warmed still serves (cold)
                problems.append(f"port {port}, page /{page}: {type(exc).__name__}: {exc}"[:200])

    await asyncio.gather(*(one(p) for p in ports))  # each worker is its own process: warm them side by side
    return problems


def warm(ports: Sequence[int], pages: Sequence[str] = PAGES) -> list[str]:
    """Open `pages` once on each worker; return what failed (an empty list when every worker is warm)."""
    return asyncio.run(_warm(ports, pages))

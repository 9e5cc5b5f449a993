"""Static images of plotly figures (PNG, SVG, PDF) through kaleido on the system Chromium.

One kaleido server is started on first use and kept for the life of the process: the first image costs a
browser start (about 3-4 s), every later one about 0.2-0.3 s. Calls are serialised with a lock, since
the server renders one figure at a time. MathJax is off, so nothing is fetched from a CDN.
"""

from __future__ import annotations

import atexit
import os
import shutil
import threading

import plotly.graph_objects as go

FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf"}
SLIDE_WIDTH, SLIDE_HEIGHT = 1920, 1080

_lock = threading.Lock()
_started = False


def _ensure_server() -> None:
    global _started
    if _started:
        return
    import kaleido

    kaleido.start_sync_server(mathjax=False, silence_warnings=True)
    atexit.register(kaleido.stop_sync_server, silence_warnings=True)
    _started = True


def available() -> bool:
    """Whether a Chromium for kaleido is installed (Debian's `chromium`, or one named by BROWSER_PATH)."""
    candidates = [os.environ.get("BROWSER_PATH"), shutil.which("chromium"), shutil.which("chromium-browser"),
                  shutil.which("google-chrome"), "/usr/lib/chromium/chromium"]
    return any(c and os.path.exists(c) for c in candidates)


def figure_bytes(fig: go.Figure, fmt: str = "png", width: int = SLIDE_WIDTH, height: int = SLIDE_HEIGHT,
                 scale: float = 1.0) -> bytes:
    """Render `fig` as `fmt` (png, svg or pdf) at width x height CSS pixels times `scale`."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown image format {fmt!r}; expected one of {sorted(FORMATS)}")
    import kaleido

    with _lock:
        _ensure_server()
        return kaleido.calc_fig_sync(fig, opts={"format": fmt, "width": width, "height": height, "scale": scale})

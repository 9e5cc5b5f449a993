"""Uploads over the import limit are refused by the server itself, for any session, whichever page is open: the
file uploader's own limit is only enforced by the browser, so an anonymous visitor could otherwise push 200 MB
(Streamlit's default) into the server's memory through /_stcore/upload_file."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.testing.v1 import AppTest
from streamlit.web.server.starlette.starlette_app_utils import generate_xsrf_token_string

from radar import settings
from radar.publish import editors

ROOT = Path(__file__).resolve().parents[2]
MIB = 2**20


def test_the_servers_limit_is_the_import_limit() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * MIB == settings.MAX_IMPORT_BYTES


def test_the_uploaders_own_limit_is_the_import_limit_too() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("app_pages/publish.py")  # as an editor opens it: through the app's navigation
    at.secrets["editors"] = {"users": {"alice": editors.hash_password("pw", salt=b"\x07" * 16)}}
    at.run()
    at.text_input(key="login_name").set_value("alice")
    at.text_input(key="login_password").set_value("pw")
    at = at.button[0].click().run()
    (uploader,) = at.get("file_uploader")
    assert uploader.proto.max_upload_size_mb * MIB == settings.MAX_IMPORT_BYTES


@pytest.fixture(scope="module")
def server_port() -> Iterator[int]:
    """`streamlit run app.py` from the project root (so .streamlit/config.toml applies) on a free local port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.2)  # polling for the process to come up
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)


def _put(port: int, session_id: str, size: int, chunked: bool) -> str:
    """PUT a file of `size` bytes to the upload endpoint as a browser would (multipart form, XSRF double submit),
    over a raw socket so that an early refusal is read even while the body is still being sent."""
    token = generate_xsrf_token_string()
    boundary = "b" + uuid.uuid4().hex
    head = (f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="x.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n").encode()
    tail = f"\r\n--{boundary}--\r\n".encode()
    lines = [f"PUT /_stcore/upload_file/{session_id}/{uuid.uuid4()} HTTP/1.1", f"Host: 127.0.0.1:{port}",
             f"Content-Type: multipart/form-data; boundary={boundary}", f"Cookie: _streamlit_xsrf={token}",
             f"X-Xsrftoken: {token}",
             "Transfer-Encoding: chunked" if chunked else f"Content-Length: {len(head) + size + len(tail)}"]
    with socket.create_connection(("127.0.0.1", port)) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        parts = [head, *([b"x" * MIB] * (size // MIB)), b"x" * (size % MIB), tail]
        try:
            for part in parts:
                sock.sendall(f"{len(part):x}\r\n".encode() + part + b"\r\n" if chunked else part)
            if chunked:
                sock.sendall(b"0\r\n\r\n")
        except OSError:
            pass  # the server stopped reading: its answer is already waiting
        sock.settimeout(60)
        return sock.recv(100).split(b"\r\n")[0].decode()


async def _uploads(port: int, sizes: list[tuple[int, bool]]) -> list[str]:
    """Open an anonymous session (the overview page; Publish never opened) and upload through it."""
    async with websockets.connect(f"ws://127.0.0.1:{port}/_stcore/stream", subprotocols=["streamlit"],
                                  max_size=None) as ws:
        back = BackMsg()
        back.rerun_script.query_string = ""
        await ws.send(back.SerializeToString())
        session_id = None
        while session_id is None:
            message = ForwardMsg()
            message.ParseFromString(await ws.recv())
            if message.HasField("new_session"):
                session_id = message.new_session.initialize.session_id
        return [await asyncio.to_thread(_put, port, session_id, size, chunked) for size, chunked in sizes]


def test_an_anonymous_upload_over_the_limit_is_refused_by_the_server(server_port: int) -> None:
    limit = settings.MAX_IMPORT_BYTES
    answers = asyncio.run(_uploads(server_port, [(1000, False), (limit + 1, False), (limit + 5 * MIB, True)]))
    assert answers[0] == "HTTP/1.1 204 No Content"  # a small file is taken (the session is real)
    assert answers[1] == "HTTP/1.1 413 Request Entity Too Large"  # refused on its declared length
    assert answers[2] == "HTTP/1.1 413 Request Entity Too Large"  # no length declared: cut off while streaming

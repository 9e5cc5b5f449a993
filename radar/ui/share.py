"""Addresses of a view for other people: the public link of the current view (for the QR code in presenter mode and
the embed snippet) and the <iframe> HTML a partner or a newsroom pastes to embed a view.

The public address comes from configuration first (a deployment behind a proxy knows its public name:
`RADAR_PUBLIC_URL`, or `public_url` under `[radar]` in .streamlit/secrets.toml), else from the request: the URL the
browser shows (`st.context.url`, Streamlit >= 1.45), else the request's Host and X-Forwarded-* headers.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Mapping
from urllib.parse import urlencode, urlsplit, urlunsplit

import streamlit as st

from radar.text import safe_url

PUBLIC_URL_ENV = "RADAR_PUBLIC_URL"
# Link parameters that belong to the sharer's screen, not to the view: the shared link opens the view in normal mode.
SCREEN_ONLY = ("present", "embed", "embed_options", "slide", "deck")
_PAGE = re.compile(r"[a-z0-9_-]{0,40}")
EMBED_SIZE = (800, 600)


def configured_base(env: Mapping[str, str] | None = None, secrets: Mapping | None = None) -> str | None:
    """The public base address from configuration (env first, then secrets), when it is an http(s) URL."""
    env = os.environ if env is None else env
    value = env.get(PUBLIC_URL_ENV) or ((secrets or {}).get("radar") or {}).get("public_url")
    url = safe_url(value) if value else None
    return url.rstrip("/") if url else None


def _secrets() -> Mapping:
    try:
        return st.secrets.to_dict()
    except Exception:  # noqa: BLE001 - no or unreadable secrets file: no configured address
        return {}


def request_base(page: str) -> str | None:
    """The app's base address as the browser sees it (the current URL without this page's path), else from the
    request's headers (behind a proxy: X-Forwarded-Proto, X-Forwarded-Host, X-Forwarded-Prefix)."""
    url = safe_url(getattr(st.context, "url", None))
    if url:
        parts = urlsplit(url)
        path = parts.path.rstrip("/")
        if page and path.endswith("/" + page):
            path = path[: -len(page) - 1]
        return urlunsplit((parts.scheme, parts.netloc, path, "", "")).rstrip("/")
    headers = getattr(st.context, "headers", None) or {}
    host = headers.get("X-Forwarded-Host") or headers.get("Host")
    if not host:
        return None
    scheme = (headers.get("X-Forwarded-Proto") or "http").split(",")[0].strip()
    prefix = (headers.get("X-Forwarded-Prefix") or "").rstrip("/")
    return safe_url(f"{scheme}://{host.split(',')[0].strip()}{prefix}")


def compose_url(base: str, page: str, params: Mapping[str, str]) -> str:
    """`base`/`page`?params, without the parameters of the sharer's screen (presenter mode, embedding)."""
    if not _PAGE.fullmatch(page or ""):
        raise ValueError(f"not a page path: {page!r}")
    kept = {k: v for k, v in params.items() if k not in SCREEN_ONLY and v not in (None, "")}
    query = urlencode(kept)
    return f"{base.rstrip('/')}/{page}" + (f"?{query}" if query else "")


def public_url(page: str, params: Mapping[str, str]) -> str | None:
    """The public link of a view (page and its link parameters), or None when no address is known."""
    base = configured_base(secrets=_secrets()) or request_base(page)
    return compose_url(base, page, params) if base else None


def embed_url(url: str) -> str:
    """`url` with Streamlit's embed mode switched on (no sidebar, no toolbar; radar/ui/style.css trims the rest)."""
    parts = urlsplit(url)
    query = "&".join(p for p in parts.query.split("&") if p and not p.startswith(("embed=", "present=")))
    query = (query + "&" if query else "") + "embed=true"
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def embed_snippet(url: str, title: str, width: int = EMBED_SIZE[0], height: int = EMBED_SIZE[1]) -> str:
    """The <iframe> HTML of a view for a partner's page: escaped, fixed height, full width up to `width`."""
    checked = safe_url(url)
    if checked is None:
        raise ValueError("embed_snippet needs an absolute http(s) URL")
    src = html.escape(embed_url(checked), quote=True)
    return (f'<iframe src="{src}" title="{html.escape(title, quote=True)}" width="{int(width)}" '
            f'height="{int(height)}" style="border:0;max-width:100%" loading="lazy"></iframe>')


def open_link_html(url: str, label: str) -> str:
    """The "Open in the Radar" link an embedded view shows under its chart (hidden outside embed mode by
    radar/ui/style.css): opens the same view, not embedded, in a new tab."""
    checked = safe_url(url)
    if checked is None:
        return ""
    parts = urlsplit(checked)
    query = "&".join(p for p in parts.query.split("&") if p and not p.startswith(("embed=", "embed_options=")))
    href = html.escape(urlunsplit((parts.scheme, parts.netloc, parts.path, query, "")), quote=True)
    return (f"<a class='embed-open' href='{href}' target='_blank' rel='noopener'>"
            f"{html.escape(label)} <span aria-hidden='true'>↗</span></a>")

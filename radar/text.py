"""Untrusted text made safe to show: the one escaping function for text that meets markdown or HTML.

Everything that comes from a link, an upload or the data (names, evidence, deck names, notices, axis names) is
shown as text, never as markup. `plain()` is for text inside `st.markdown`/`st.caption`/`st.info` (markdown that
may also carry HTML); `html_text()` is for text inside `st.html` or an HTML string; `safe_url()` keeps a link
only when it is http(s).
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

# Characters that start or end a markdown construct anywhere in a line (emphasis, code, links and images,
# tables, math, strikethrough, headings): each is backslash-escaped, which CommonMark and GFM show literally.
# '&', '<' and '>' become HTML entities first, so no tag or entity survives either. Ordinary punctuation
# (. , : ( ) -) stays as it is, so numbers and sentences read normally; only its markup uses are broken:
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]#|~$^])")
_AUTOLINK = re.compile(r"(?i)(?<=[a-z0-9])(:)(?=//)|(?<=www)(\.)")  # https://… and www.… autolinks
_SHORTCODE = re.compile(r"(:)(?=[A-Za-z0-9_/+-]+:)")  # :emoji: and :material/icon: shortcodes
_LINE_START = re.compile(r"^(\s*)(\d*)([-+.)])(?=\s|$)")  # lists, setext underlines, quotes at the start
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")  # incl. bidi overrides


def _clean(text: object) -> str:
    return _CONTROL.sub("", "" if text is None else str(text))


def plain(text: object) -> str:
    """`text` escaped so that markdown (with or without HTML allowed) shows it literally, on one line."""
    escaped = re.sub(r"[\r\n]+", " ", html.escape(_clean(text), quote=True))
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)
    escaped = _AUTOLINK.sub(lambda m: "\\" + (m.group(1) or m.group(2)), escaped)
    escaped = _SHORTCODE.sub(r"\\\1", escaped)
    return _LINE_START.sub(lambda m: m.group(1) + m.group(2) + "\\" + m.group(3), escaped)


_HTML_SPECIAL = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
_MARKDOWN_IN_HTML = set("\\`*_{}[]#|~$^")


def html_text(text: object) -> str:
    """`text` escaped for HTML (st.html, or an HTML fragment inside markdown, where markdown still runs between
    tags: its specials become numeric entities too)."""
    out = []
    for ch in _clean(text):
        if ch in _HTML_SPECIAL:
            out.append(_HTML_SPECIAL[ch])
        elif ch in _MARKDOWN_IN_HTML:
            out.append(f"&#{ord(ch)};")
        else:
            out.append(ch)
    entity = lambda m: f"&#{ord(m.group(0))};"  # noqa: E731
    escaped = _AUTOLINK.sub(entity, "".join(out))
    return _SHORTCODE.sub(entity, escaped)


def safe_url(url: object) -> str | None:
    """The URL when it is an absolute http(s) link with a host, else None (javascript:, data:, relative...)."""
    raw = _clean(url).strip()
    if not raw or len(raw) > 2000 or any(c.isspace() for c in raw):
        return None
    try:
        parts = urlsplit(raw)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return raw


def markdown_link(label: object, url: object) -> str:
    """A markdown link whose label is plain text and whose target is http(s) only; else the label alone."""
    target = safe_url(url)
    if target is None:
        return plain(label)
    return f"[{plain(label)}](<{target.replace('>', '%3E').replace('<', '%3C')}>)"

"""Untrusted text made safe to show: the one escaping function for text that meets markdown or HTML.

Everything that comes from a link, an upload or the data (names, evidence, deck names, notices, axis names) is
shown as text, never as markup. `plain()` is for text inside `st.markdown`/`st.caption`/`st.info` (markdown that
may also carry HTML); `html_text()` is for text inside `st.html` or an HTML string; `safe_url()` keeps a link
only when it is http(s).
"""

from __future__ import annotations

import functools
import html
import re
from urllib.parse import urlsplit

# Every ASCII punctuation character that can start or end a markdown construct (emphasis, links, images, code,
# headings, lists, tables, HTML, math, Streamlit's :colour[...] and :icon: directives): each is backslash-escaped,
# which CommonMark and GFM show literally. Then '&', '<' and '>' become HTML entities, so no tag or entity survives
# either (escaping in this order keeps the entities whole: '#' is never escaped inside one).
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$:=^])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]")  # incl. bidi overrides
# GFM links bare URLs and emails, and Streamlit draws ':material/name:' as an icon, after parsing, from the text
# with its escapes already removed, so escaping cannot stop them: a WORD JOINER (U+2060, invisible, never a line
# break) after 'www', after a ':' that a non-space follows and after '@' keeps the text as it reads while no
# autolink or icon pattern matches it (checked in a real browser: tests/security/test_text_browser.py).
_WORD_JOINER = "\u2060"
_AUTOLINK_STARTS = re.compile(r"(?i)www(?=\.)|:(?=\S)|@")


def _clean(text: object) -> str:
    return _CONTROL.sub("", "" if text is None else str(text))


def _unlinkable(text: str) -> str:
    return _AUTOLINK_STARTS.sub(lambda m: m.group(0) + _WORD_JOINER, text)


_LINE_BREAKS = re.compile(r"[\r\n]+")
_HTML_MARKDOWN_SPECIAL = re.compile(r"[\\`*_\[\]()!~$:|=+\-^{}.]")
MEMO_CHARS = 2000  # texts up to this length are escaped once per process (the same names and findings every run)


def plain(text: object) -> str:
    """`text` escaped so that markdown (with or without HTML allowed) shows it literally, on one line."""
    return _plain(text) if isinstance(text, str) and len(text) <= MEMO_CHARS else _plain.__wrapped__(text)


@functools.lru_cache(maxsize=8192)
def _plain(text: object) -> str:
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", _unlinkable(_clean(text)))
    escaped = html.escape(escaped, quote=False)
    return _LINE_BREAKS.sub(" ", escaped)


def html_text(text: object) -> str:
    """`text` escaped for HTML (st.html, or an HTML fragment inside markdown)."""
    return _html_text(text) if isinstance(text, str) and len(text) <= MEMO_CHARS else _html_text.__wrapped__(text)


@functools.lru_cache(maxsize=8192)
def _html_text(text: object) -> str:
    escaped = html.escape(_unlinkable(_clean(text)), quote=True)
    # In markdown with HTML allowed, markdown still runs between inline tags: neutralise its specials as entities
    # ('#' and ';' are left alone: they are part of the entities html.escape has just written).
    return _HTML_MARKDOWN_SPECIAL.sub(lambda m: f"&#{ord(m.group(0))};", escaped)


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

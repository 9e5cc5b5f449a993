"""radar.text, the one escaping function: untrusted text shown as text, never as markup.

`plain()` output is read back with CommonMark's own rules (a backslash before ASCII punctuation is that character;
&amp; &lt; &gt; are entities): it must read as the input, and nothing that starts a markdown construct may be left
unescaped. What a real browser makes of it (GFM autolinks, Streamlit's icons) is in test_text_browser.py."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from radar.text import html_text, markdown_link, plain, safe_url

JOINER = "\u2060"
# characters that start or end a markdown or HTML construct when left bare
OPENERS = set("[]()!<>*_`~|\\$:#{}^=")
HOSTILE = [
    "[Session expired - sign in](https://evil.example/login)",
    "**[Session expired - sign in](https://evil.example/login)**",
    "![i](https://evil.example/t.png)",
    "![i][ref]\n\n[ref]: https://evil.example/t.png",
    "<https://evil.example>",
    "https://evil.example/login",
    "www.evil.example",
    "WWW.EVIL.EXAMPLE",
    "contact evil@evil.example",
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "<a href='javascript:alert(1)'>x</a>",
    "&lt;b&gt; &amp; &#x27; &#39;",
    "Côte d'Ivoire & \"Bosnia\"",
    ":material/lock: :red[alert] :smile:",
    "$x^2$ `code` ~~strike~~ | a | b |",
    "# heading",
    "1. item",
    "> quote",
    "line one\nline two\r\n\r\nline three",
    "x\u202eevil\u2066y\u200f",
    "tab\tand\x00nul\x1bescape",
]


def read_markdown_text(out: str) -> str:
    """The text CommonMark shows for inline text with no constructs: escapes resolved, the three entities."""
    text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", out)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def bare(out: str) -> list[str]:
    """Characters of `out` that open a construct and are not backslash-escaped."""
    found, at = [], 0
    while at < len(out):
        if out[at] == "\\":
            at += 2
            continue
        if out[at] in OPENERS:
            found.append(out[at])
        at += 1
    return found


def expected_text(text: str) -> str:
    """What the reader should see: control and bidi characters dropped, line breaks as one space."""
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]", "", text)
    return re.sub(r"[\r\n]+", " ", text)


@pytest.mark.parametrize("text", HOSTILE)
def test_plain_reads_as_the_text_and_leaves_no_construct_open(text: str) -> None:
    out = plain(text)
    assert bare(out) == []
    assert read_markdown_text(out).replace(JOINER, "") == expected_text(text)
    assert "\n" not in out and "\r" not in out


@settings(deadline=None, max_examples=300)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=120))
def test_plain_on_any_text(text: str) -> None:
    out = plain(text)
    assert bare(out) == []
    assert read_markdown_text(out).replace(JOINER, "") == expected_text(text).replace(JOINER, "")


def test_plain_keeps_entities_whole() -> None:
    """An apostrophe used to show as &#x27; (html.escape's entity, then its '#' escaped for markdown)."""
    assert plain("Côte d'Ivoire") == "Côte d'Ivoire"
    assert plain("a & b < c > d") == "a &amp; b &lt; c &gt; d"
    assert plain("&#x27;") == "&amp;\\#x27;"


@pytest.mark.parametrize(("text", "broken"), [
    ("https://evil.example", "https:" + JOINER + "//evil.example"),
    ("www.evil.example", "www" + JOINER + ".evil.example"),
    ("WwW.evil.example", "WwW" + JOINER + ".evil.example"),
    ("evil@evil.example", "evil@" + JOINER + "evil.example"),
    (":material/lock:", ":" + JOINER + "material/lock:"),
    ("12:30", "12:" + JOINER + "30"),
])
def test_autolinks_and_icons_are_broken_by_an_invisible_joiner(text: str, broken: str) -> None:
    assert read_markdown_text(plain(text)) == broken
    assert html.unescape(html_text(text)) == broken


def test_a_colon_before_a_space_is_left_alone() -> None:
    assert read_markdown_text(plain("Note: this")) == "Note: this"


@pytest.mark.parametrize("text", HOSTILE)
def test_html_text_is_text_in_html_and_in_markdown_with_html(text: str) -> None:
    out = html_text(text)
    assert not set(out) & set("<>\"'`*_[]()!~$:|\\")
    cleaned = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]", "", text)
    assert html.unescape(out).replace(JOINER, "") == cleaned


@settings(deadline=None, max_examples=300)
@given(st.text(max_size=120))
def test_html_text_on_any_text(text: str) -> None:
    out = html_text(text)
    assert not set(out) & set("<>\"'")
    cleaned = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069]", "", text)
    assert html.unescape(out).replace(JOINER, "") == cleaned.replace(JOINER, "")


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\u202escript:alert(1)",
    "\x00javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
    "file:///etc/passwd", "ftp://example.org/x", "//evil.example/x", "/relative/path", "evil.example",
    "http:/no-host", "https://", "https://evil.example/a b", "https://evil.example/\nx", "", None, 42,
    "https://" + "a" * 2000 + ".example", "http://[::1", "mailto:evil@evil.example",
])
def test_safe_url_refuses_everything_but_absolute_http_links(url: object) -> None:
    assert safe_url(url) is None


@pytest.mark.parametrize(("url", "kept"), [
    ("https://example.org/report?id=1&x=2#p3", "https://example.org/report?id=1&x=2#p3"),
    ("HTTP://EXAMPLE.ORG", "HTTP://EXAMPLE.ORG"),
    ("  https://example.org/x  ", "https://example.org/x"),
    ("https://example.org/\u202ex", "https://example.org/x"),
])
def test_safe_url_keeps_http_links(url: str, kept: str) -> None:
    assert safe_url(url) == kept


def test_markdown_link_escapes_the_label_and_fences_the_target() -> None:
    link = markdown_link("[x](javascript:alert(1))", "https://example.org/a>)[y](javascript:alert(1)")
    label, target = re.fullmatch(r"\[(.*)\]\(<(.*)>\)", link).groups()
    assert bare(label) == [] and read_markdown_text(label).replace(JOINER, "") == "[x](javascript:alert(1))"
    assert target == "https://example.org/a%3E)[y](javascript:alert(1)" and "<" not in target and ">" not in target


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:image/png;base64,AAAA", None, "www.evil.example"])
def test_markdown_link_without_a_safe_target_is_the_label_alone(url: object) -> None:
    assert markdown_link("![i](https://evil.example/t.png)", url) == plain("![i](https://evil.example/t.png)")


def test_none_and_numbers_are_text() -> None:
    assert plain(None) == "" and html_text(None) == ""
    assert plain(3.5) == "3\\.5" and html_text(-1) == "&#45;1"


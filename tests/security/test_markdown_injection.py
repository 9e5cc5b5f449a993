"""Rows 4 and 5 of the review: markdown from a shared link (`deck=`) or from imported data (names, axis names,
descriptions, units, evidence) must never render as a link or an image. Each page is opened through AppTest and
every piece of text that Streamlit renders as markdown (bodies, labels, help) is inspected for a link or an
image that did not come from the app itself, and every chart for a link in its text (plotly draws <a href>)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from google.protobuf.message import Message
from streamlit.testing.v1 import AppTest

from radar import settings
from radar.ingest import template_files
from radar.publish import pipeline
from radar.ui import data, keys
from radar.ui import deck as decks

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
LINK = "[Session expired - sign in](https://evil.example/login)"
IMAGE = "![i](https://evil.example/t.png)"
BARE = "https://evil.example/x www.evil.example evil@evil.example"
HOSTILE = f"**{LINK}** {IMAGE}"
HTML_LINK = '<a href="https://evil.example/h">x</a>'  # plotly draws <a href> in chart text as a link
# fields of Streamlit's element protos whose text the frontend renders as markdown
MARKDOWN_FIELDS = {"body", "label", "help", "caption"}


def _strings(message: Message) -> Iterator[str]:
    for field, value in message.ListFields():
        if field.name == "spec":  # plotly figure JSON: not markdown
            continue
        single = isinstance(value, str | bytes | Message) or not hasattr(value, "__iter__")
        values = [value] if single else value
        for item in values:
            if isinstance(item, Message):
                yield from _strings(item)
            elif isinstance(item, str) and field.name in MARKDOWN_FIELDS:
                yield item


def _elements(node: object) -> Iterator[object]:
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _elements(child)
    elif getattr(node, "proto", None) is not None:
        yield node


def markdown_texts(at: AppTest) -> list[str]:
    texts = []
    for element in _elements(at._tree):
        proto = element.proto
        if isinstance(proto, Message):
            texts += list(_strings(proto))
    return texts


def injected(text: str) -> list[str]:
    """Links and images in markdown `text` that point where the hostile texts point (evil.example), and bare
    addresses there that GFM would link by itself. (The app's own source links stay links.)"""
    unescaped = re.sub(r"\\.", "", text)
    found = [m for m in re.findall(r"!?\[[^\]]*\]\([^)]*\)", unescaped) if "evil" in m]
    found += [m for m in ("://evil", "www.evil", "@evil") if m in text]
    return found


def assert_no_injection(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    texts = markdown_texts(at)
    assert texts, "nothing inspected"
    bad = {t[:120]: injected(t) for t in texts if injected(t)}
    assert not bad, bad


def open_page(page: str, params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    if page != "overview":
        at.switch_page(f"app_pages/{page}.py")
    return at.run()


def test_the_detector_sees_what_it_must() -> None:
    assert injected(LINK) and injected(IMAGE) and injected("see https://evil.example")
    assert not injected("[Link to this deck](./overview?deck=abc&present=1) [source](https://example.org/)")
    from radar.text import plain

    assert not injected(plain(HOSTILE + " " + BARE))


# ---- row 4: deck= links ---------------------------------------------------------------------------------------

def hostile_deck(**view: str) -> str:
    return decks.encode(decks.Deck(HOSTILE, [{"page": "overview", **view}, {"page": "compare"}]))


@pytest.mark.parametrize("page_name", ["overview", "compare"])
def test_a_hostile_deck_name_shows_no_link_in_the_presenter_bar(page_name: str) -> None:
    assert_no_injection(open_page(page_name, {"present": "1", "deck": hostile_deck()}))


def test_hostile_deck_views_show_no_image_in_the_sidebar_deck_list() -> None:
    deck = hostile_deck(view=IMAGE, fw=LINK, y=BARE)
    at = open_page("overview", {"deck": deck})
    at.session_state[keys.DECK_MENU] = True  # the reader opens the deck (its list is drawn only then)
    at.run()
    assert any(c.value.startswith("1\\. ") for c in at.sidebar.caption), "the deck's list was not drawn"
    assert_no_injection(at)


def test_a_hostile_deck_view_in_the_presenter_shows_no_link() -> None:
    deck = hostile_deck(view=IMAGE, fw=LINK, y=BARE, country=LINK, axis=IMAGE)
    assert_no_injection(open_page("overview", {"present": "1", "deck": deck, "slide": "1"}))


# ---- row 5: imported names, descriptions, units, evidence ------------------------------------------------------

INDICATOR = "bsp_hostile_names"


def _hostile_template(path: Path) -> Path:
    import io

    import openpyxl

    from radar.ingest import template as tpl

    book = openpyxl.load_workbook(io.BytesIO(template_files.template_xlsx()))
    for iso3, level in (("SRB", 1), ("ALB", 5), ("MNE", 3)):  # SRB's weakest axis and ALB's strongest: named
        book["scores"].append([iso3, 2024, INDICATOR, level, None, None, f"{IMAGE} {LINK}"[:300],
                               "https://example.org/report"])
    # a new axis on the default radar, so that its hostile name is on every page that names axes
    axis_name = f"{HTML_LINK} {IMAGE}"[:80]
    book["indicators"].append([INDICATOR, f"{IMAGE}"[:80], f"{LINK} {IMAGE}", IMAGE[:40], None, None, "true",
                               tpl.EC_PREPARATION_LABELS, "wbocr", None, "bsp_hostile_axis", axis_name, 1])
    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


@pytest.fixture(scope="module")
def hostile_version(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A version published from a template whose texts are markdown links and images (validation accepts them)."""
    folder = tmp_path_factory.mktemp("versions")
    original = settings.VERSIONS_DIR
    settings.VERSIONS_DIR = folder
    try:
        path = _hostile_template(tmp_path_factory.mktemp("upload") / "hostile.xlsx")
        preview = pipeline.prepare(path)
        if not preview.ok:
            pytest.skip(f"validation refuses the hostile texts: {[str(p) for p in preview.problems][:3]}")
        manifest = pipeline.publish(path, path.name, "test", "hostile names test")[1]
        data._store.clear()
        yield manifest["version"]
    finally:
        settings.VERSIONS_DIR = original
        data._store.clear()


def _open_on_2024(page_name: str) -> AppTest:
    params = {"y": "2024", "c": "ALB,MNE,SRB"}
    return open_page(page_name, {**params, "country": "SRB"} if page_name == "country" else params)


def _shown(at: AppTest) -> bool:
    return any("evil" in text for text in markdown_texts(at))


@pytest.mark.parametrize("page_name", ["overview", "compare", "change", "country", "data", "methodology"])
def test_imported_names_show_no_link_or_image(hostile_version: str, page_name: str) -> None:
    assert data.version() == hostile_version
    at = _open_on_2024(page_name)
    if page_name in ("compare", "country"):
        assert _shown(at), "the hostile names must be on this page for the test to mean anything"
    assert_no_injection(at)


@pytest.mark.parametrize("page_name", ["overview", "compare", "country"])
def test_imported_names_draw_no_link_in_charts(hostile_version: str, page_name: str) -> None:
    """Plotly draws <a href> (and <br>, <b>...) in chart text: a hostile axis name must reach it escaped."""
    at = _open_on_2024(page_name)
    specs = [el.proto.spec for el in _elements(at._tree) if "evil" in getattr(el.proto, "spec", "")]
    assert specs, "the hostile names must be in a chart for the test to mean anything"
    assert not [s for s in specs if re.search(r"(<|\\u003c)a href", s)]

"""Every page in every interface language: no string shown without a translation, numbers in the locale's
format, names translated with the publisher's own wording kept, and findings that match the warehouse."""

from __future__ import annotations

import html
import math
import re

import pytest
from _apptools import assert_clean, figure, open_page
from babel.messages.pofile import read_po

from radar import analysis, i18n, translate
from radar.store import Store
from radar.ui import keys
from tests import expected as by_hand

LANGUAGES = [code for code in i18n.LANGUAGES if code != i18n.SOURCE_LANGUAGE]
PAGES = ["overview", "compare", "change", "country", "data", "methodology"]
# Views beyond each page's default, so that their strings are shown too.
EXTRA_VIEWS = [("compare", {"view": "heatmap"}), ("compare", {"view": "multiples"}), ("compare", {"view": "table"}),
               ("change", {"view": "slope"}), ("change", {"view": "lines"}), ("overview", {"present": "1"}),
               ("country", {"country": "XKX", "c": "XKX,SRB"}), ("compare", {"fw": "wgi", "c": "SRB"})]


def shown_as(markdown: str) -> str:
    """Markdown source as a reader sees it: backslash escapes and HTML entities resolved (radar.text escapes
    untrusted text)."""
    return html.unescape(re.sub(r"\\(.)", r"\1", markdown)).replace("\u2060", "")  # radar.text's word joiner


def _shown_text(at) -> list[str]:
    """Every text a visitor reads on the page (markdown, captions, titles, notices, labels)."""
    texts = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "warning", "info", "error", "success"):
        texts += [shown_as(str(e.value)) for e in getattr(at, kind)]
    for kind in ("selectbox", "multiselect", "select_slider", "button", "text_input"):
        texts += [str(w.label) for w in getattr(at, kind)]
    return texts


@pytest.fixture(scope="module")
def publishers_words() -> list[str]:
    """Publishers' own names, citations and licences: they stay in the publisher's wording in every language."""
    sources = Store().sources()
    words = [*sources["source"], *sources["citation"], *sources["licence"]]
    return sorted({w for w in words if w}, key=len, reverse=True)


def _without(text: str, words: list[str]) -> str:
    for word in words:
        text = text.replace(word, " ")
    return re.sub(r"<[a-z]+>", " ", text)


@pytest.fixture(scope="module")
def english_only() -> set[str]:
    """English messages whose translation differs from them (seeing one of these on a translated page = a leak)."""
    with translate.TEMPLATE.open("rb") as handle:
        template = read_po(handle)
    ids = {m.id for m in template if m.id and isinstance(m.id, str) and len(m.id) > 12 and "{" not in m.id}
    return ids


def test_every_catalog_is_complete_with_intact_placeholders():
    assert translate.check() == 0


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_in_every_language_shows_only_translated_strings(language, english_only, publishers_words):
    i18n.MISSING.clear()
    catalog = i18n.translations(language)
    for page, params in [(p, {}) for p in PAGES] + EXTRA_VIEWS:
        at = open_page(page, {"lang": language, **params})
        assert_clean(at)
        shown = [_without(t, publishers_words) for t in _shown_text(at)]
        leaked = [(msg, t) for t in shown for msg in english_only if msg in t and catalog.gettext(msg) != msg]
        assert not leaked, (page, params, leaked[:3])
    missing = sorted(m for code, m in i18n.MISSING if code == language)
    assert not missing, missing[:10]


@pytest.mark.parametrize(("language", "decimal"), [("en", "."), ("sq", ","), ("mk", ","), ("sr-Latn", ","),
                                                   ("sr-Cyrl", ",")])
def test_chart_numbers_use_the_locales_decimal_mark(language, decimal):
    at = open_page("compare", {"lang": language, "view": "heatmap", "fw": "wgi", "c": "SRB", "y": "2023"})
    assert_clean(at)
    heat = figure(at, "compare_heatmap")["data"][0]
    shown = [cell for row in heat["text"] for cell in row if re.fullmatch(r"\d+[.,]\d", cell)]
    assert shown and all(decimal in cell for cell in shown)


def test_names_are_translated_and_the_publishers_wording_is_kept():
    at = open_page("country", {"lang": "sq", "country": "SRB"})
    assert_clean(at)
    table = at.dataframe[-1].value
    i18n.set_language("sq")
    try:
        expected_axis = i18n._("Policing and investigations")
    finally:
        i18n.set_language("en")
    assert expected_axis != "Policing and investigations"
    assert expected_axis in set(table.iloc[:, 0])
    # the indicator names are translated, and each keeps its publisher's English wording beside it
    assert "8.1 Criminal investigation system is effective" not in set(table.iloc[:, 1])


def test_cyrillic_pages_are_in_cyrillic():
    at = open_page("overview", {"lang": "sr-Cyrl"})
    assert_clean(at)
    title = at.title[0].value
    assert re.search(r"[А-Яа-яЂђЈјЉљЊњЋћЏџ]", title) and not re.search(r"[čćšžđ]", title)


def _biggest_move_by_hand(framework_id: str, countries: list[str], before: int, after: int) -> dict[str, float]:
    """The largest absolute axis change among `countries`, from the publishers' tidy files (tests/expected.py), not
    through radar.analysis: a missing score or an unchanged one (a value carried forward) is no move."""
    moves = []
    for iso3 in countries:
        then = by_hand.axis_scores(framework_id, iso3, before).set_index("axis_id")["score"]
        now = by_hand.axis_scores(framework_id, iso3, after).set_index("axis_id")["score"]
        for axis in now.index:
            if not (math.isnan(then[axis]) or math.isnan(now[axis])) and abs(now[axis] - then[axis]) > 1e-9:
                moves.append({"score_before": then[axis], "score_after": now[axis],
                              "size": abs(now[axis] - then[axis])})
    return max(moves, key=lambda move: move["size"])


@pytest.mark.parametrize("language", ["en", "sr-Latn", "mk"])
def test_findings_numbers_match_the_warehouse_in_every_language(language):
    """The overview's biggest move names the numbers computed independently from the warehouse."""
    store = Store()
    years = analysis.framework_years(store, "wgi")
    top = _biggest_move_by_hand("wgi", ["SRB", "ALB"], years[-2], years[-1])
    at = open_page("overview", {"lang": language, "fw": "wgi", "c": "SRB,ALB"})
    assert_clean(at)
    i18n.set_language(language)
    try:
        expected = [i18n.num(top["score_before"]), i18n.num(top["score_after"])]
    finally:
        i18n.set_language("en")
    text = " ".join(str(m.value) for m in at.markdown)
    assert all(number in text for number in expected), (expected, text[:400])


@pytest.mark.parametrize("language", LANGUAGES)
def test_methodology_page_shows_the_translated_text_without_its_source_line(language):
    """The translation's first line (the English text's fingerprint, an HTML comment) is for translators only."""
    at = open_page("methodology", {"lang": language})
    at.session_state[keys.METHOD_TAB] = at.tabs[2].label  # the Scoring rules tab, by its label in the language
    at.run()
    assert_clean(at)
    text = translate.methodology_path(language).read_text(encoding="utf-8")
    heading = next(line for line in text.splitlines() if line.startswith("## "))
    shown = [str(m.value) for m in at.markdown if heading in str(m.value)]
    assert len(shown) == 1 and text.startswith("<!-- translates docs/methodology.md")
    assert "<!--" not in shown[0] and "sha256" not in shown[0]

"""The languages kept right: the glossary's one term per concept, no Latin letters in Cyrillic text outside the
reviewed names and codes, translated methodology texts with the English text's structure and not older than it,
filled catalog headers, and a .pot template that matches the strings in the code (issues 14 and 16)."""

from __future__ import annotations

import hashlib
import re
import shutil
import tomllib
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from radar import i18n, translate
from radar.schema import KOSOVO_FOOTNOTE

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
LOCALE = ROOT / "radar" / "locale"
GLOSSARY = tomllib.loads((LOCALE / "glossary.toml").read_text(encoding="utf-8"))
LANGUAGES = ["sq", "mk", "sr-Latn", "sr-Cyrl"]
CYRILLIC = ["mk", "sr-Cyrl"]
FOLDER = {"sq": "sq", "mk": "mk", "sr-Latn": "sr_Latn", "sr-Cyrl": "sr_Cyrl"}


def _catalog(code: str):
    with (LOCALE / FOLDER[code] / "LC_MESSAGES" / "radar.po").open("rb") as handle:
        return read_po(handle)


def _template():
    with (LOCALE / "radar.pot").open("rb") as handle:
        return read_po(handle)


def _pairs(code: str) -> list[tuple[str, str]]:
    """(English, translation) of every catalog message, one pair per plural form."""
    out = []
    for message in _catalog(code):
        if not message.id:
            continue
        english = " | ".join(message.id) if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        out += [(english, s) for s in strings]
    return out


def _flat(text: str) -> str:
    return " ".join(text.split())


# --- the translated methodology: same sections and steps, up to date ---------------------------------------

def _methodology(code: str) -> str:
    return (DOCS / ("methodology.md" if code == "en" else f"methodology.{code}.md")).read_text(encoding="utf-8")


def _items(text: str) -> list[list[tuple[str, str]]]:
    """Each '## ' section as its list of (marker, text): numbered steps '3.', bullets '-', other paragraphs 'p'."""
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    sections = []
    for block in re.split(r"^## .*$", text, flags=re.M)[1:]:
        items: list[tuple[str, str]] = []
        for line in block.strip().splitlines():
            start = re.match(r"(\d+\.|-) (.*)", line)
            if start:
                items.append((start.group(1), start.group(2)))
            elif line.strip() and items and line.startswith(" "):
                items[-1] = (items[-1][0], items[-1][1] + " " + line.strip())
            elif line.strip():
                if items and items[-1][0] == "p":
                    items[-1] = ("p", items[-1][1] + " " + line.strip())
                else:
                    items.append(("p", line.strip()))
        sections.append(items)
    return sections


def _numbers(text: str) -> list[str]:
    """The numbers of a paragraph (years, scale bounds, percentages), decimal comma or point alike."""
    return sorted(n.replace(",", ".") for n in re.findall(r"\d+(?:[.,]\d+)?", text))


@pytest.mark.parametrize("code", LANGUAGES)
def test_translated_methodology_has_the_english_sections_steps_and_numbers(code):
    english, local = _items(_methodology("en")), _items(_methodology(code))
    assert len(local) == len(english) == 3, "sections: how a score is made, known breaks, Kosovo"
    for k, (en_items, loc_items) in enumerate(zip(english, local)):
        assert [m for m, _t in loc_items] == [m for m, _t in en_items], f"section {k + 1}: steps or bullets differ"
        for (marker, en_text), (_m, loc_text) in zip(en_items, loc_items):
            if marker != "p":
                assert loc_text.startswith("**"), f"section {k + 1}, {marker} lost its bold heading"
            assert _numbers(loc_text) == _numbers(en_text), (code, k + 1, marker, loc_text[:80])


def test_the_english_methodology_has_seven_numbered_steps():
    steps = [m for m, _t in _items(_methodology("en"))[0]]
    assert steps == [f"{n}." for n in range(1, 8)]


def _english_fingerprint() -> str:
    return hashlib.sha256(_flat(_methodology("en")).encode("utf-8")).hexdigest()[:12]


@pytest.mark.parametrize("code", LANGUAGES)
def test_translated_methodology_translates_the_current_english_text(code):
    first = _methodology(code).splitlines()[0]
    recorded = re.fullmatch(r"<!-- translates docs/methodology\.md sha256 ([0-9a-f]{12}) \(\d{4}-\d\d-\d\d\).*-->",
                            first)
    assert recorded, f"methodology.{code}.md must start with the English text's fingerprint (docs/TRANSLATING.md)"
    assert recorded.group(1) == _english_fingerprint(), (
        f"methodology.{code}.md translates an older docs/methodology.md: update it, then record sha256 "
        f"{_english_fingerprint()} (python -m radar.translate check prints it)")


def test_a_changed_english_methodology_flags_every_translation(tmp_path):
    for path in DOCS.glob("methodology*.md"):
        shutil.copy(path, tmp_path / path.name)
    assert translate.stale_methodology(tmp_path) == []
    english = tmp_path / "methodology.md"
    english.write_text(english.read_text(encoding="utf-8").replace("Published values only.", "Published only."),
                       encoding="utf-8")
    stale = translate.stale_methodology(tmp_path)
    assert [line.split(":")[0] for line in stale] == ["sq", "mk", "sr-Latn", "sr-Cyrl"]
    # re-wrapping the English lines is not a change of text
    english.write_text((DOCS / "methodology.md").read_text(encoding="utf-8").replace("\n   ", "\n     "),
                       encoding="utf-8")
    assert translate.stale_methodology(tmp_path) == []
    (tmp_path / "methodology.mk.md").write_text(_methodology("mk").split("\n", 1)[1], encoding="utf-8")
    assert [line.split(":")[0] for line in translate.stale_methodology(tmp_path)] == ["mk"]


def test_translated_methodology_mentions_the_networks_own_assessments():
    """Step 1 says a number may also come from an assessment the network published through the editors' import."""
    words = {"en": ("assessment", "editors"), "sq": ("vlerësim", "redaktor"), "mk": ("проценка", "уредници"),
             "sr-Latn": ("procjen", "urednici"), "sr-Cyrl": ("процјен", "уредници")}
    for code, (assessment, editors) in words.items():
        step_one = _items(_methodology(code))[0][0][1]
        assert assessment in step_one and editors in step_one, code


# --- the glossary: one term per concept per language ---------------------------------------------------------

CONCEPTS = GLOSSARY["concept"]


@pytest.mark.parametrize("concept", CONCEPTS, ids=[c["id"] for c in CONCEPTS])
@pytest.mark.parametrize("code", LANGUAGES)
def test_catalog_uses_the_glossary_term(concept, code):
    pairs = _pairs(code)
    use = concept["use"].get(code)
    if use:
        triggered = [(en, tr) for en, tr in pairs if re.search(concept["english"], en)]
        assert triggered, f"no message says {concept['english']!r}: is the glossary entry still needed?"
        wrong = [tr for _en, tr in triggered if not re.search(use, tr)]
        assert not wrong, f"{code} should say {use!r}: {wrong[:3]}"
    for pattern in concept["avoid"].get(code, []):
        found = [tr for _en, tr in pairs if re.search(pattern, tr)]
        assert not found, f"{code} must not say {pattern!r}: {found[:3]}"


@pytest.mark.parametrize("concept", CONCEPTS, ids=[c["id"] for c in CONCEPTS])
@pytest.mark.parametrize("code", LANGUAGES)
def test_methodology_uses_the_glossary_term(concept, code):
    english, local = _items(_methodology("en")), _items(_methodology(code))
    use = concept["use"].get(code)
    for en_items, loc_items in zip(english, local):
        for (_m, en_text), (_n, loc_text) in zip(en_items, loc_items):
            if use and re.search(concept["english"], en_text):
                assert re.search(use, loc_text), (code, use, loc_text[:100])
    body = re.sub(r"<!--.*?-->", "", _methodology(code), flags=re.S)
    for pattern in concept["avoid"].get(code, []):
        assert not re.search(pattern, body), (code, pattern)


def test_the_glossary_terms_are_found_in_the_methodology_where_the_english_has_them():
    """The methodology check above is not vacuous: the English text triggers these concepts."""
    text = _flat(_methodology("en"))
    for concept_id in ("eu27", "composite"):
        concept = next(c for c in CONCEPTS if c["id"] == concept_id)
        assert re.search(concept["english"], text), concept_id


FOOTNOTE = {code: _flat(text) for code, text in GLOSSARY["kosovo_footnote"].items()}


def test_the_english_kosovo_footnote_is_the_eu_convention_word_for_word():
    eu = ("This designation is without prejudice to positions on status, and is in line with UNSCR 1244/1999 and "
          "the ICJ Opinion on the Kosovo declaration of independence.")
    assert FOOTNOTE["en"] == eu
    assert "*Kosovo: " + eu == KOSOVO_FOOTNOTE
    assert _flat(_items(_methodology("en"))[2][0][1]) == f"*{eu}*"
    assert KOSOVO_FOOTNOTE in {m.id for m in _template()}


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_kosovo_footnote_is_the_same_in_the_catalog_and_the_methodology(code):
    catalog = _catalog(code)
    kosovo = catalog.get("Kosovo").string
    assert catalog.get(KOSOVO_FOOTNOTE).string == f"*{kosovo}: {FOOTNOTE[code]}"
    assert _flat(_items(_methodology(code))[2][0][1]) == f"*{FOOTNOTE[code]}*"


# --- scripts: no Latin letters in Cyrillic text outside reviewed names and codes --------------------------------

ALLOWED_LATIN = sorted(GLOSSARY["latin_in_cyrillic"]["names"] + GLOSSARY["latin_in_cyrillic"]["codes"],
                       key=len, reverse=True)
_NOT_WORDS = re.compile(r"\{[^}]*\}|<[^>]*>|https?://\S+"
                        r"|\.?[\w-]+(?:[/.][\w-]+)*\.[a-z]{2,5}\b|\.[a-z]{2,5}\b")  # placeholders, markup, files


def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return "latin" if name.startswith("LATIN") else "cyrillic" if name.startswith("CYRILLIC") else ""


def latin_words(text: str) -> list[str]:
    """Words with a Latin letter left once placeholders, markup, file names and the reviewed names are removed."""
    text = _NOT_WORDS.sub(" ", text)
    for name in ALLOWED_LATIN:
        text = re.sub(r"(?<!\w)" + re.escape(name) + r"(?!\w)", " ", text)
    return [w for w in re.findall(r"\w+", text) if any(_script(c) == "latin" for c in w)]


def test_the_latin_check_finds_what_the_review_found():
    assert latin_words("Оваа рамка сè уште нема податоци за WB6.") == ["сè"]  # a Latin è in a Cyrillic word
    assert latin_words("Политичка стабилност и одсуство nasilja/terorizma: процјена") == ["nasilja", "terorizma"]
    assert latin_words("ИЗВЈЕШТАЈ · WB-OCR Radar, {date} · види .streamlit/secrets.toml (TI CPI)") == []
    assert latin_words("n/d") == ["n", "d"]


@pytest.mark.parametrize("code", CYRILLIC)
def test_no_latin_letters_in_a_cyrillic_catalog_outside_names_and_codes(code):
    found = {(en[:50], w) for en, tr in _pairs(code) for w in latin_words(tr)}
    assert not found, sorted(found)[:10]


@pytest.mark.parametrize("code", CYRILLIC)
def test_no_latin_letters_in_a_cyrillic_methodology_outside_names_and_codes(code):
    body = re.sub(r"<!--.*?-->", "", _methodology(code), flags=re.S)
    assert latin_words(body) == []


@pytest.mark.parametrize("code", LANGUAGES)
def test_no_word_mixes_latin_and_cyrillic_letters(code):
    mixed = {w for _en, tr in _pairs(code) for w in re.findall(r"\w+", tr)
             if {_script(c) for c in w} >= {"latin", "cyrillic"}}
    assert not mixed, mixed


def test_serbian_cyrillic_shows_n_a_in_cyrillic():
    assert _catalog("sr-Cyrl").get("n/a").string == "н/д"


def test_the_transliterator_keeps_only_file_names_and_reviewed_names_in_latin():
    cases = {
        "Politička stabilnost i odsustvo nasilja/terorizma: procjena":
            "Политичка стабилност и одсуство насиља/тероризма: процјена",
        "`ocjena = (vrijednost − min_skale) / (maks_skale − min_skale)`":
            "`оцјена = (вриједност − мин_скале) / (макс_скале − мин_скале)`",
        "n/d": "н/д",
        "IZVJEŠTAJ O DRŽAVI · WB-OCR RADAR": "ИЗВЈЕШТАЈ О ДРЖАВИ · WB-OCR RADAR",
        "(Indeks organizovanog kriminala GI-TOC, WGI Svjetske banke, TI CPI)":
            "(Индекс организованог криминала GI-TOC, WGI Свјетске банке, TI CPI)",
        "u .streamlit/secrets.toml (vidi .streamlit/secrets.example.toml), (.xlsx ili .csv)":
            "у .streamlit/secrets.toml (види .streamlit/secrets.example.toml), (.xlsx или .csv)",
        "WB-OCR Radar, Balkan Security Platform · izvezeno {d}":
            "WB-OCR Radar, Balkan Security Platform · извезено {d}",
        "Dž, Lj i nj: džep, ljubav, konj": "Џ, Љ и њ: џеп, љубав, коњ",
    }
    for latin, cyrillic in cases.items():
        assert translate.to_cyrillic(latin) == cyrillic


def test_the_cyrillic_catalog_and_methodology_are_the_transliterated_latin_ones():
    assert _pairs("sr-Cyrl") == [(en, translate.to_cyrillic(tr)) for en, tr in _pairs("sr-Latn")]
    assert translate.to_cyrillic(_methodology("sr-Latn")) == _methodology("sr-Cyrl")


# --- headers and the template -----------------------------------------------------------------------------------

@pytest.mark.parametrize("code", LANGUAGES)
def test_catalog_headers_name_the_translators_and_a_real_revision_date(code):
    headers = dict(_catalog(code).mime_headers)
    assert headers["Last-Translator"] == "Balkan Security Platform translators"
    revised = datetime.strptime(headers["PO-Revision-Date"], "%Y-%m-%d %H:%M%z")
    assert datetime(2026, 11, 29, tzinfo=UTC) <= revised <= datetime.now(UTC)
    assert "LL@li.org" not in headers["Language-Team"] and "VERSION" not in headers["Project-Id-Version"]


def _ids(catalog) -> set:
    return {m.id for m in catalog if m.id}


def test_the_pot_template_matches_the_strings_in_the_code(tmp_path):
    """The project's own extraction, into a temporary file: the committed template has the same messages."""
    fresh = tmp_path / "radar.pot"
    translate.extract(fresh)
    with fresh.open("rb") as handle:
        extracted = _ids(read_po(handle))
    committed = _ids(_template())
    assert not extracted - committed, f"in the code, not in radar.pot: {sorted(extracted - committed, key=str)[:5]}"
    assert not committed - extracted, f"in radar.pot, not in the code: {sorted(committed - extracted, key=str)[:5]}"


def test_the_template_check_sees_a_new_string(tmp_path, monkeypatch):
    """A string added to the code is found by the extraction the test above runs."""
    code = tmp_path / "radar"
    code.mkdir()
    (code / "extra.py").write_text('from radar.i18n import _\nLABEL = _("A string no catalog has yet")\n')
    monkeypatch.setattr(translate, "ROOT", tmp_path)
    monkeypatch.setattr(translate, "CODE_DIRS", ("radar",))
    found = {m for m, _where in translate.code_messages()}
    assert found == {"A string no catalog has yet"}


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_catalog_has_exactly_the_templates_messages(code):
    assert _ids(_catalog(code)) == _ids(_template())
    assert i18n.babel_locale(code) == FOLDER[code]


def test_update_keeps_the_headers_and_dates_only_a_changed_catalog(tmp_path, monkeypatch):
    locale = tmp_path / "locale"
    shutil.copytree(LOCALE, locale)
    monkeypatch.setattr(i18n, "LOCALE_DIR", locale)
    monkeypatch.setattr(translate, "TEMPLATE", locale / "radar.pot")
    before = {code: dict(_read(locale, code).mime_headers) for code in ("sq", "mk", "sr-Latn")}
    translate.update()
    for code, headers in before.items():
        assert dict(_read(locale, code).mime_headers)["PO-Revision-Date"] == headers["PO-Revision-Date"], code
    template = (locale / "radar.pot").read_text(encoding="utf-8")
    (locale / "radar.pot").write_text(template.replace('msgid "Sources: "\nmsgstr ""\n\n', ""), encoding="utf-8")
    translate.update()
    for code, headers in before.items():
        after = dict(_read(locale, code).mime_headers)
        assert after["PO-Revision-Date"] != headers["PO-Revision-Date"], code
        assert after["Last-Translator"] == "Balkan Security Platform translators"
        assert _read(locale, code).get("Sources: ") is None


def _read(locale: Path, code: str):
    with (locale / FOLDER[code] / "LC_MESSAGES" / "radar.po").open("rb") as handle:
        return read_po(handle)

"""Catalog maintenance for translators: extract the interface's strings, update the .po files, and derive
Serbian Cyrillic from the reviewed Latin catalog.

    python -m radar.translate extract    # radar/locale/radar.pot from the code and the data's names
    python -m radar.translate update     # merge the template into every language's radar.po
    python -m radar.translate cyrillic   # sr_Cyrl/radar.po and docs/methodology.sr-Cyrl.md from the Latin ones
    python -m radar.translate check      # exit 1 when a catalog lacks a translation or breaks a placeholder,
                                         # or a translated methodology is older than the English one

Names that come from data (frameworks, axes, countries, indicators) are translated like interface text;
publishers' names (of sources) are not. The language decisions are in docs/TRANSLATING.md.
"""

from __future__ import annotations

import hashlib
import re
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pyarrow.parquet as pq
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from radar import countries, i18n, settings
from radar.frameworks import series_breaks, source_caveats
from radar.ingest.template import EC_PREPARATION_LABELS
from radar.views.evidence import scale_levels

ROOT = settings.ROOT
TEMPLATE = i18n.LOCALE_DIR / f"{i18n.DOMAIN}.pot"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
CODE_DIRS = ("radar", "app_pages")
TRANSLATED_LANGUAGES = [code for code in i18n.LANGUAGES if code != i18n.SOURCE_LANGUAGE]
DOCS_DIR = ROOT / "docs"
METHODOLOGY = "methodology"  # docs/methodology.md, translated as docs/methodology.<code>.md
TRANSLATORS = "Balkan Security Platform translators"
# Link code -> (the catalog's language in English, its team's name in the language itself).
CATALOG_LANGUAGES = {"sq": ("Albanian", "Shqip"), "mk": ("Macedonian", "Македонски"),
                     "sr-Latn": ("Bosnian, Montenegrin and Serbian (Latin script, ijekavian)",
                                 "Bosanski · Crnogorski · Srpski (latinica, ijekavica)"),
                     "sr-Cyrl": ("Serbian (Cyrillic script, ijekavian)", "Српски (ћирилица, ијекавица)")}


def po_path(code: str) -> Path:
    return i18n.LOCALE_DIR / i18n.babel_locale(code) / "LC_MESSAGES" / f"{i18n.DOMAIN}.po"


def code_messages() -> list[tuple[str | tuple[str, str], str]]:
    """(message, location) of every marked string in the code."""
    found = []
    for folder in CODE_DIRS:
        for filename, lineno, message, _comments, _context in extract_from_dir(
                ROOT / folder, method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=()):
            found.append((message, f"{folder}/{filename}:{lineno}"))
    for filename, lineno, message, _comments, _context in extract_from_dir(
            ROOT, method_map=[("app.py", "python")], keywords=KEYWORDS, comment_tags=()):
        found.append((message, f"{filename}:{lineno}"))
    return found


def data_messages(frameworks_file: Path = settings.FRAMEWORKS_FILE,
                  warehouse: Path = settings.WAREHOUSE_DIR) -> list[tuple[str, str]]:
    """(name, location) of every name from data that the interface shows."""
    found: list[tuple[str, str]] = []
    spec = tomllib.loads(frameworks_file.read_text(encoding="utf-8"))
    for framework in spec["framework"]:
        where = f"data/frameworks.toml:{framework['id']}"
        for key in ("name", "short_name"):
            found.append((framework[key], where))
        found.append((" ".join(framework.get("description", "").split()), where))
        for axis in framework["axis"]:
            found.append((axis["name"], where))
            if axis.get("rationale"):
                found.append((axis["rationale"], where))
    for entry in series_breaks(settings.BREAKS_FILE):
        found.append((entry["text"], "data/series_breaks.toml"))
    for text in source_caveats(settings.BREAKS_FILE).values():
        found.append((text, "data/series_breaks.toml"))
    found.append((countries.FOOTNOTE, "data/countries.toml:footnote.kosovo"))
    for table, column in (("countries", "name"), ("indicators", "name")):
        for value in pq.read_table(warehouse / f"{table}.parquet", columns=[column]).column(column).to_pylist():
            found.append((value, f"data/warehouse/{table}.{column}"))
    # Ordinal scales' level labels, shown through _() (radar.views.evidence): the template's EC scale, and any imported.
    scales = [EC_PREPARATION_LABELS]
    indicators = warehouse / "indicators.parquet"
    if "scale_labels" in pq.read_schema(indicators).names:
        scales += pq.read_table(indicators, columns=["scale_labels"]).column("scale_labels").to_pylist()
    for scale in scales:
        found += [(label, "radar/ingest/template.py:scale_labels") for label in scale_levels(scale).values()]
    return [(m, w) for m, w in found if m]


def build_template() -> Catalog:
    """The template of every message, code first then data, each with where it comes from."""
    catalog = Catalog(project="WB-OCR Radar", domain=i18n.DOMAIN, charset="utf-8", fuzzy=False)
    for message, where in [*code_messages(), *data_messages()]:
        path, _sep, line = where.rpartition(":")  # "file:line" for code, "file:key" for data
        catalog.add(message, locations=[(path, int(line)) if line.isdigit() else (where, None)])
    return catalog


def extract(target: Path = TEMPLATE) -> None:
    """Write the template of every message to `target` (the committed radar.pot unless told otherwise)."""
    template = build_template()
    template.copyright_holder = "Balkan Security Platform"
    template.msgid_bugs_address = ""
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as handle:
        write_po(handle, template, width=120, sort_output=False, omit_header=False)
    print(f"wrote {target} ({len(template)} messages)")


def stamp(catalog: Catalog, code: str, revised: datetime | None = None) -> Catalog:
    """The catalog's header filled in: who translates, the language team, and when it was last revised."""
    catalog.project, catalog.copyright_holder, catalog.msgid_bugs_address = "WB-OCR Radar", \
        "Balkan Security Platform", ""
    catalog.version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    english, team = CATALOG_LANGUAGES[code]
    catalog.last_translator, catalog.language_team = TRANSLATORS, team
    if revised is not None:
        catalog.revision_date = revised
    year = getattr(catalog.revision_date, "year", datetime.now(UTC).year)  # a template's date is a placeholder
    catalog.header_comment = (f"# {english} translations for the WB-OCR Radar.\n"
                              f"# Copyright (C) {year} Balkan Security Platform\n"
                              "# Distributed under the same license as the WB-OCR Radar. How to update this file: "
                              "docs/TRANSLATING.md")
    return catalog


def _entries(catalog: Catalog) -> list[tuple]:
    return [(m.id, m.string, tuple(sorted(m.flags))) for m in catalog if m.id]


def update() -> None:
    with TEMPLATE.open("rb") as handle:
        template = read_po(handle)
    for code in TRANSLATED_LANGUAGES:
        path = po_path(code)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file():
            with path.open("rb") as handle:
                catalog = read_po(handle, locale=i18n.babel_locale(code))
        else:
            catalog = Catalog(locale=i18n.babel_locale(code), domain=i18n.DOMAIN, project="WB-OCR Radar")
        before = _entries(catalog)
        catalog.update(template, no_fuzzy_matching=True)
        stamp(catalog, code, datetime.now(UTC) if _entries(catalog) != before else None)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=120, ignore_obsolete=True)
        print(f"updated {path}")


# Serbian Latin -> Cyrillic is a one-to-one mapping once the digraphs lj, nj, dž are taken first.
_DIGRAPHS = {"Lj": "Љ", "LJ": "Љ", "lj": "љ", "Nj": "Њ", "NJ": "Њ", "nj": "њ", "Dž": "Џ", "DŽ": "Џ", "dž": "џ"}
_LETTERS = dict(zip("ABVGDĐEŽZIJKLMNOPRSTĆUFHCČŠabvgdđežzijklmnoprstćufhcčš",
                    "АБВГДЂЕЖЗИЈКЛМНОПРСТЋУФХЦЧШабвгдђежзијклмнопрстћуфхцчш"))
# Left in Latin: placeholders, markup, links, file names and paths (a word with a dot and an extension; words
# joined by a slash or an underscore are words: "nasilja/terorizma", "min_skale"), words with letters the
# Serbian alphabet lacks (Excel, Index), and the codes and names the interface keeps in Latin, as the Macedonian
# catalog does: the product's name "WB-OCR Radar" whole, the publishers' names and abbreviations (TI CPI).
# "EU" is not among them: the Cyrillic norm is ЕУ (ЕУ-27).
_LATIN_CODES = ("WB-OCR Radar", "WB-OCR RADAR", "WB-OCR", "WB6", "TI", "WGI", "CPI", "WJP", "GI-TOC", "OC", "PDF",
                "CSV", "PNG", "SVG", "HTML", "ISO3", "UNSCR",
                "ICJ", "XLSX", "PPTX", "JSON", "OIDC", "Esc", "PgUp", "PgDn", "PgUp/PgDn",
                # publishers' own names stay as they publish them
                "Chromium", "Debian", "apt-get install chromium", "Streamlit", "Babel",
                "Transparency International", "World Justice Project", "World Bank", "Global Initiative Against "
                "Transnational Organized Crime", "Balkan Security Platform")
_KEEP = re.compile(
    r"(\b(?:" + "|".join(re.escape(c) for c in sorted(_LATIN_CODES, key=len, reverse=True)) + r")\b"
    r"|\{[^}]*\}|%\{[^}]*\}|<[^>]*>|https?://\S+"
    r"|\.?[\w-]+(?:[/.][\w-]+)*\.[A-Za-z]{2,5}\b|\.\w+(?:/\.\w+)*"  # paths and file names, extensions
    r"|\b\w*[xywqXYWQ]\w*\b)"  # words the Serbian alphabet cannot spell (Excel, Index)
)


def to_cyrillic(text: str) -> str:
    """Serbian Latin text in Serbian Cyrillic, leaving placeholders, markup, links and acronyms untouched."""
    parts = _KEEP.split(text)
    return "".join(part if i % 2 else _transliterate(part) for i, part in enumerate(parts))


def _transliterate(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        pair = text[i:i + 2]
        if pair in _DIGRAPHS:
            out.append(_DIGRAPHS[pair])
            i += 2
            continue
        out.append(_LETTERS.get(text[i], text[i]))
        i += 1
    return "".join(out)


def cyrillic() -> None:
    with po_path("sr-Latn").open("rb") as handle:
        latin = read_po(handle, locale="sr_Latn")
    catalog = stamp(Catalog(locale="sr_Cyrl", domain=i18n.DOMAIN, project="WB-OCR Radar", fuzzy=False,
                            creation_date=latin.creation_date), "sr-Cyrl", latin.revision_date)
    for message in latin:
        if not message.id:
            continue
        string = tuple(to_cyrillic(s) for s in message.string) if isinstance(message.string, tuple) \
            else to_cyrillic(message.string)
        catalog.add(message.id, string, locations=message.locations, flags=message.flags)
    path = po_path("sr-Cyrl")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=120)
    print(f"wrote {path}")
    doc = methodology_path("sr-Cyrl")
    doc.write_text(to_cyrillic(methodology_path("sr-Latn").read_text(encoding="utf-8")), encoding="utf-8")
    print(f"wrote {doc}")


def methodology_path(code: str, docs: Path = DOCS_DIR) -> Path:
    return docs / (f"{METHODOLOGY}.md" if code == i18n.SOURCE_LANGUAGE else f"{METHODOLOGY}.{code}.md")


def fingerprint(text: str) -> str:
    """The English text's fingerprint a translation records: re-wrapping lines does not change it."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


# The first line of every translated methodology names the English text it translates (see docs/TRANSLATING.md).
_SOURCE_LINE = re.compile(r"<!-- translates docs/methodology\.md sha256 ([0-9a-f]{12}) ")


def stale_methodology(docs: Path = DOCS_DIR) -> list[str]:
    """Translated methodology texts that are missing or translate another version of the English text."""
    current = fingerprint(methodology_path(i18n.SOURCE_LANGUAGE, docs).read_text(encoding="utf-8"))
    found = []
    for code in TRANSLATED_LANGUAGES:
        path = methodology_path(code, docs)
        if not path.is_file():
            found.append(f"{code}: no methodology text at {path}")
            continue
        recorded = _SOURCE_LINE.match(path.read_text(encoding="utf-8"))
        if recorded is None:
            found.append(f"{code}: {path.name} does not say which English text it translates")
        elif recorded.group(1) != current:
            found.append(f"{code}: {path.name} translates an older docs/methodology.md (sha256 {recorded.group(1)}, "
                         f"now {current}): bring it up to date, then record the new fingerprint")
    return found


_PLACEHOLDER = re.compile(r"\{[a-z_]*\}|%\{[^}]*\}|<[^>]+>")


def problems(code: str) -> list[str]:
    """What is wrong with one language's catalog: untranslated or fuzzy messages, lost or added placeholders."""
    with TEMPLATE.open("rb") as handle:
        template = read_po(handle)
    path = po_path(code)
    if not path.is_file():
        return [f"{code}: no catalog at {path}"]
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=i18n.babel_locale(code))
    found = []
    for message in template:
        if not message.id:
            continue
        entry = catalog.get(message.id)
        strings = () if entry is None else (entry.string if isinstance(entry.string, tuple) else (entry.string,))
        ident = message.id[0] if isinstance(message.id, tuple) else message.id
        if entry is None or not all(strings) or entry.fuzzy:
            found.append(f"{code}: untranslated: {ident[:70]!r}")
            continue
        wanted = sorted(set(_PLACEHOLDER.findall(ident)))
        for string in strings:
            if sorted(set(_PLACEHOLDER.findall(string))) != wanted:
                found.append(f"{code}: placeholders differ in {ident[:50]!r}: {string[:70]!r}")
    return found


def check() -> int:
    found = [p for code in TRANSLATED_LANGUAGES for p in problems(code)] + stale_methodology()
    for line in found[:200]:
        print(line, file=sys.stderr)
    print(f"{len(found)} problems in {len(TRANSLATED_LANGUAGES)} catalogs and methodology texts "
          f"(English methodology sha256 {fingerprint(methodology_path('en').read_text(encoding='utf-8'))})")
    return 1 if found else 0


def main(argv: list[str] | None = None) -> int:
    command = (argv or sys.argv[1:] or ["check"])[0]
    actions = {"extract": extract, "update": update, "cyrillic": cyrillic}
    if command == "check":
        return check()
    if command not in actions:
        print(f"usage: python -m radar.translate [{'|'.join([*actions, 'check'])}]", file=sys.stderr)
        return 2
    actions[command]()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

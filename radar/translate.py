"""Catalog maintenance for translators: extract the interface's strings, update the .po files, and derive
Serbian Cyrillic from the reviewed Latin catalog.

    python -m radar.translate extract    # radar/locale/radar.pot from the code and the data's names
    python -m radar.translate update     # merge the template into every language's radar.po
    python -m radar.translate cyrillic   # sr_Cyrl/radar.po transliterated from sr_Latn/radar.po
    python -m radar.translate check      # exit 1 when a catalog lacks a translation or breaks a placeholder

Names that come from data (frameworks, axes, countries, indicators) are translated like interface text;
publishers' names (of sources) are not.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import pyarrow.parquet as pq
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from radar import countries, i18n, settings
from radar.frameworks import series_breaks

ROOT = settings.ROOT
TEMPLATE = i18n.LOCALE_DIR / f"{i18n.DOMAIN}.pot"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}
CODE_DIRS = ("radar", "app_pages")
TRANSLATED_LANGUAGES = [code for code in i18n.LANGUAGES if code != i18n.SOURCE_LANGUAGE]


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
    found.append((countries.FOOTNOTE, "data/countries.toml:footnote.kosovo"))
    for table, column in (("countries", "name"), ("indicators", "name")):
        for value in pq.read_table(warehouse / f"{table}.parquet", columns=[column]).column(column).to_pylist():
            found.append((value, f"data/warehouse/{table}.{column}"))
    return [(m, w) for m, w in found if m]


def build_template() -> Catalog:
    """The template of every message, code first then data, each with where it comes from."""
    catalog = Catalog(project="WB-OCR Radar", domain=i18n.DOMAIN, charset="utf-8", fuzzy=False)
    for message, where in [*code_messages(), *data_messages()]:
        path, _sep, line = where.rpartition(":")  # "file:line" for code, "file:key" for data
        catalog.add(message, locations=[(path, int(line)) if line.isdigit() else (where, None)])
    return catalog


def extract() -> None:
    TEMPLATE.parent.mkdir(parents=True, exist_ok=True)
    with TEMPLATE.open("wb") as handle:
        write_po(handle, build_template(), width=120, sort_output=False, omit_header=False)
    print(f"wrote {TEMPLATE} ({len(build_template())} messages)")


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
        catalog.update(template, no_fuzzy_matching=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=120, ignore_obsolete=True)
        print(f"updated {path}")


# Serbian Latin -> Cyrillic is a one-to-one mapping once the digraphs lj, nj, dž are taken first.
_DIGRAPHS = {"Lj": "Љ", "LJ": "Љ", "lj": "љ", "Nj": "Њ", "NJ": "Њ", "nj": "њ", "Dž": "Џ", "DŽ": "Џ", "dž": "џ"}
_LETTERS = dict(zip("ABVGDĐEŽZIJKLMNOPRSTĆUFHCČŠabvgdđežzijklmnoprstćufhcčš",
                    "АБВГДЂЕЖЗИЈКЛМНОПРСТЋУФХЦЧШабвгдђежзијклмнопрстћуфхцчш"))
# Left in Latin: placeholders, markup, links, file names and paths, words with letters the Serbian alphabet
# lacks (Excel, Index), and the codes and brands the interface keeps in Latin. "EU" is not among them: the
# Cyrillic norm is ЕУ (ЕУ-27).
_LATIN_CODES = ("WB-OCR", "WB6", "WGI", "CPI", "WJP", "GI-TOC", "OC", "PDF", "CSV", "PNG", "SVG", "ISO3", "UNSCR",
                "ICJ", "XLSX", "PPTX", "JSON", "OIDC", "Esc", "PgUp", "PgDn", "PgUp/PgDn",
                # publishers' own names stay as they publish them
                "Chromium", "Debian", "apt-get install chromium", "Streamlit", "Babel",
                "Transparency International", "World Justice Project", "World Bank", "Global Initiative Against "
                "Transnational Organized Crime", "Balkan Security Platform")
_KEEP = re.compile(
    r"(\b(?:" + "|".join(re.escape(c) for c in sorted(_LATIN_CODES, key=len, reverse=True)) + r")\b"
    r"|\{[^}]*\}|%\{[^}]*\}|<[^>]*>|https?://\S+"
    r"|[\w.-]*[/_][\w./-]*|\.\w+(?:/\.\w+)*"  # paths, file names and extensions
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
    catalog = Catalog(locale="sr_Cyrl", domain=i18n.DOMAIN, project="WB-OCR Radar", fuzzy=False)
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
    found = [p for code in TRANSLATED_LANGUAGES for p in problems(code)]
    for line in found[:200]:
        print(line, file=sys.stderr)
    print(f"{len(found)} problems in {len(TRANSLATED_LANGUAGES)} catalogs")
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

"""Interface languages: gettext catalogs (Babel .po files a translator edits) and locale-aware numbers.

English is the source language. Catalogs live in radar/locale/<locale>/LC_MESSAGES/radar.po and are read
at import (compiled in memory: no build step). The language of the current script run is a context
variable, set by app.py from the link's `lang=`; pure modules (findings, charts) call `_()` and `num()`
without knowing about Streamlit.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).with_name("locale")
DOMAIN = "radar"
SOURCE_LANGUAGE = "en"
# Link code -> (Babel locale, name of the language in itself). Bosnian, Montenegrin and Serbian share one
# catalog in Latin script (the interface terms are the same in the three standards); Serbian Cyrillic is its
# own catalog, transliterated from the Latin one.
LANGUAGES: dict[str, tuple[str, str]] = {
    "en": ("en", "English"),
    "sq": ("sq", "Shqip"),
    "mk": ("mk", "Македонски"),
    "sr-Latn": ("sr_Latn", "Bosanski · Crnogorski · Srpski"),
    "sr-Cyrl": ("sr_Cyrl", "Српски (ћирилица)"),
}

_language: ContextVar[str] = ContextVar("language", default=SOURCE_LANGUAGE)
MISSING: set[tuple[str, str]] = set()  # (language, msgid) looked up without a translation (tests read this)


def set_language(code: str) -> None:
    """Make `code` (a key of LANGUAGES) the language of the current run; unknown codes mean English."""
    _language.set(code if code in LANGUAGES else SOURCE_LANGUAGE)


def language() -> str:
    return _language.get()


@contextmanager
def using(code: str) -> Iterator[None]:
    """Run a block in language `code` (e.g. building a view for a spec), then restore the run's language."""
    token = _language.set(code if code in LANGUAGES else SOURCE_LANGUAGE)
    try:
        yield
    finally:
        _language.reset(token)


def babel_locale(code: str | None = None) -> str:
    return LANGUAGES[code or language()][0]


@cache
def translations(code: str) -> NullTranslations:
    """The compiled catalog of one language (English: no catalog)."""
    if code == SOURCE_LANGUAGE:
        return NullTranslations()
    path = LOCALE_DIR / babel_locale(code) / "LC_MESSAGES" / f"{DOMAIN}.po"
    if not path.is_file():
        return NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=babel_locale(code))
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


def _(text: str) -> str:
    """`text` in the language of the current run (the English text when the catalog lacks it)."""
    code = language()
    if code == SOURCE_LANGUAGE or not text:
        return text
    catalog = translations(code)
    translated = catalog.gettext(text)
    if translated == text and not _has(catalog, text):  # a translation may rightly equal the English (WGI, PDF)
        MISSING.add((code, text))
    return translated


def _has(catalog: NullTranslations, key: str | tuple[str, int]) -> bool:
    return key in getattr(catalog, "_catalog", {})


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or the right plural form of a message for `n` in the current language."""
    code = language()
    if code == SOURCE_LANGUAGE:
        return singular if n == 1 else plural
    catalog = translations(code)
    translated = catalog.ngettext(singular, plural, n)
    if translated in (singular, plural) and not _has(catalog, (singular, 0)):
        MISSING.add((code, singular))
    return translated


def N_(text: str) -> str:
    """Mark a string for extraction without translating it now (module-level constants)."""
    return text


@cache
def number_symbols(code: str) -> tuple[str, str, str]:
    """(decimal mark, group separator, minus sign) of a language, read from Babel's locale data once."""
    symbols = Locale.parse(babel_locale(code)).number_symbols.get("latn", {})
    return symbols.get("decimal", "."), symbols.get("group", ","), symbols.get("minusSign", "-")


def num(value: float, digits: int = 1, signed: bool = False) -> str:
    """A number in the current locale (decimal comma where the language uses it), with `digits` decimals.
    Formatted with the locale's symbols (read once per language), not a Babel call per number."""
    decimal, group, minus = number_symbols(language())
    text = f"{abs(value):,.{digits}f}".translate({ord(","): "\x00", ord("."): decimal}).replace("\x00", group)
    if signed:
        return ("+" if value > 0 else "-" if value < 0 else "±") + text
    return (minus if value < 0 and text.strip("0,." + decimal + group) else "") + text


def language_name(code: str) -> str:
    return LANGUAGES[code][1]


def locale_display(code: str) -> str:
    """The language's name in English (for documentation and tests)."""
    return Locale.parse(babel_locale(code)).get_display_name("en")

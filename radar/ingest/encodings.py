"""Reading the text of a CSV file as people save it in the region: UTF-8 with or without a byte-order mark,
UTF-16 with one, or Windows-1250 / Windows-1251 when exactly one of them gives plausible text (never a guess)."""

from __future__ import annotations

import re
import unicodedata


class UndecodableText(ValueError):
    """The bytes are not text in an encoding the Radar reads without guessing (the message says what to do)."""


_UTF8_BOM, _UTF16_BOMS = b"\xef\xbb\xbf", (b"\xff\xfe", b"\xfe\xff")
_SINGLE_BYTE = ("cp1250", "cp1251")
_NAMES = {"cp1250": "Windows-1250 (Central European)", "cp1251": "Windows-1251 (Cyrillic)"}


def _script(char: str) -> str:
    """'latin', 'cyrillic', 'other' for a letter; '' for anything that is not a letter."""
    if not char.isalpha():
        return ""
    name = unicodedata.name(char, "")
    return "latin" if name.startswith("LATIN") else "cyrillic" if name.startswith("CYRILLIC") else "other"


def _plausible(text: str, encoding: str) -> bool:
    """True when `text` looks like real writing in the script `encoding` is for.

    Windows-1250: every letter Latin, and every word that has non-ASCII letters also has ASCII ones (Cyrillic
    read as 1250 gives words made only of accented letters). Windows-1251: no word mixes Latin and Cyrillic letters
    (Latin text read as 1251 gives 'Miљljenje'). Control characters other than tab and line breaks: never.
    """
    if any(unicodedata.category(c) == "Cc" and c not in "\t\r\n" for c in text):
        return False
    for word in re.findall(r"[^\W\d_]+", text):
        scripts = {_script(c) for c in word}
        if encoding == "cp1250":
            if scripts != {"latin"} or (len(word) > 1 and not any(c.isascii() for c in word)):
                return False
        elif "other" in scripts or scripts == {"latin", "cyrillic"}:
            return False
    return True


def decode_text(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding used: UTF-8 (with or without BOM), UTF-16 with a BOM, or
    Windows-1250/1251 when exactly one of them reads as plausible text. Raises UndecodableText otherwise."""
    if data.startswith(_UTF8_BOM):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as exc:
            raise UndecodableText(f"the file starts with a UTF-8 byte-order mark but is not valid UTF-8 "
                                    f"(byte {exc.start}): save it again as 'CSV UTF-8'") from exc
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise UndecodableText("the file starts with a UTF-16 byte-order mark but is not valid UTF-16") from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates: dict[str, str] = {}
    for encoding in _SINGLE_BYTE:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _plausible(text, encoding):
            candidates[encoding] = text
    if len(set(candidates.values())) == 1:
        encoding = next(iter(candidates))
        return candidates[encoding], encoding
    if candidates:
        raise UndecodableText(
            "cannot tell the file's encoding without guessing: it is not UTF-8, and it reads as both "
            "Windows-1250 and Windows-1251 text. Save it from Excel as 'CSV UTF-8 (Comma delimited)'")
    raise UndecodableText(
        "the file's encoding is not UTF-8, Windows-1250 (Latin) or Windows-1251 (Cyrillic), or it mixes them: "
        "save it from Excel as 'CSV UTF-8 (Comma delimited)'")


def encoding_name(encoding: str | None) -> str:
    """A human name of an encoding returned by decode_text."""
    return _NAMES.get(encoding or "", {"utf-8-sig": "UTF-8 with byte-order mark"}.get(encoding or "",
                                                                                      (encoding or "").upper()))

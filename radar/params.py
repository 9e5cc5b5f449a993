"""Link parameters: parse and validate what a URL says into view-state values, with a notice for anything bad.

Pure functions (no Streamlit) so that every bad-link case is unit-tested. A bad value never raises: it
yields the default and a short, safe notice (the user's text is echoed only after stripping to a few
harmless characters).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from radar.i18n import _

MAX_PARAM_LENGTH = 200  # longer values are garbage or an attack: ignored whole
_SAFE = re.compile(r"[^A-Za-z0-9 ._,-]")


def shown(raw: str, limit: int = 24) -> str:
    """Return a user-supplied value cut and stripped to characters safe to echo back in a notice."""
    cleaned = _SAFE.sub("", raw)[:limit]
    return cleaned + ("…" if len(raw) > limit else "") if cleaned else "?"


def too_long(raw: str | None) -> bool:
    return raw is not None and len(raw) > MAX_PARAM_LENGTH


def parse_choice(raw: str | None, allowed: Sequence[str], default: str, what: str) -> tuple[str, str | None]:
    """Return (value, notice): `raw` if it is one of `allowed` (case-insensitive), else `default`."""
    if raw is None or raw == "":
        return default, None
    if too_long(raw):
        return default, _("A value in the link (“{what}”) was too long and was ignored.").format(what=what)
    lookup = {a.lower(): a for a in allowed}
    value = lookup.get(raw.strip().lower())
    if value is None:
        return default, _("Unknown value “{value}” for “{what}” in the link: showing the default ({default}).").format(
            value=shown(raw), what=what, default=default)
    return value, None


def parse_list(raw: str | None, allowed: Sequence[str], default: Sequence[str], what: str
               ) -> tuple[list[str], str | None]:
    """Return (values, notice) for a comma-separated list: the known items in the order given, de-duplicated.

    Unknown items are dropped with a notice; if nothing known remains, `default`.
    """
    if raw is None:
        return list(default), None
    if too_long(raw):
        return list(default), _("A value in the link (“{what}”) was too long and was ignored.").format(what=what)
    lookup = {a.lower(): a for a in allowed}
    items = [i.strip() for i in raw.split(",") if i.strip()]
    known = list(dict.fromkeys(lookup[i.lower()] for i in items if i.lower() in lookup))
    unknown = [i for i in items if i.lower() not in lookup]
    notice = None
    if unknown:
        listed = ", ".join(shown(u, 12) for u in unknown[:5]) + (" …" if len(unknown) > 5 else "")
        notice = _("Ignored unknown values for “{what}” in the link: {values}.").format(what=what, values=listed)
    if not known:
        empty = _("No valid values for “{what}” in the link: showing the default.").format(what=what)
        return list(default), notice or (empty if items else None)
    return known, notice


def parse_year(raw: str | None, years: Sequence[int], default: int, what: str = "year"
               ) -> tuple[int, str | None]:
    """Return (year, notice): `raw` if it is one of `years`; an out-of-range year is replaced by `default`."""
    if raw is None or raw == "":
        return default, None
    if too_long(raw) or not re.fullmatch(r"\s*\d{4}\s*", raw):
        return default, _("“{value}” in the link is not a year: showing {default}.").format(
            value=shown(raw, 12), default=default)
    year = int(raw)
    if year in years:
        return year, None
    return default, _("No data for {year} in this view (available {first}–{last}): showing {default}.").format(
        year=year, first=min(years), last=max(years), default=default)


def parse_flag(raw: str | None) -> bool:
    """Return True for 1/true/yes/on (any case), False for anything else."""
    return raw is not None and raw.strip().lower() in {"1", "true", "yes", "on"}


def parse_position(raw: str | None, count: int) -> tuple[int, str | None]:
    """Return (position, notice) for a 1-based position among `count` items (e.g. a deck's slide)."""
    if raw is None or raw == "":
        return 1, None
    text = raw.strip(" ")  # only spaces: str.strip() would also drop control characters
    if too_long(raw) or not re.fullmatch(r"[0-9]{1,6}", text):  # str.isdigit() also accepts '²'
        return 1, _("Slide “{value}” in the link is not a number: starting at 1.").format(value=shown(raw, 8))
    position = int(text)
    if 1 <= position <= count:
        return position, None
    return 1, _("The deck has no slide {position} (it has {count}): starting at 1.").format(
        position=position, count=count)

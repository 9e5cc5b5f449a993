"""Interface strings: `_()` marks every string shown to users so that gettext catalogs can translate it.

English is the source language; catalogs for the region's languages plug in here (see issue 8).
"""

from __future__ import annotations


def _(text: str) -> str:
    """Return `text` in the interface language (English until catalogs are installed)."""
    return text

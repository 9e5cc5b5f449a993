"""Presentation decks as links: a named list of views, each a page and its link parameters.

A deck travels in one URL parameter (`deck=`): compact JSON, zlib-compressed, base64url-encoded, so a deck
is shared as a link and needs no storage on the server. Decoding never raises: a damaged or hostile value
gives None and the caller shows a notice. Each view's parameters are validated again when it is shown,
like any other link.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from dataclasses import dataclass, field

from radar.views import registry

MAX_DECK_CHARS = 4000  # longest deck parameter accepted (about 40 views)
MAX_VIEWS = 40
MAX_JSON_BYTES = 64_000  # a deck's JSON is never longer: anything that inflates further is refused
PAGES = registry.DECK_PAGES  # the pages a deck may show, and the keys a deck view may carry: from the registry
VIEW_KEYS = registry.DECK_KEYS


@dataclass(frozen=True)
class Deck:
    name: str
    views: list[dict[str, str]] = field(default_factory=list)  # each: {"page": ..., "fw": ..., ...}


def view_of(page: str, params: dict[str, str]) -> dict[str, str]:
    """One deck view: the page and the parameters that define what it shows."""
    return {"page": page, **{k: str(v) for k, v in params.items() if k in VIEW_KEYS}}


def encode(deck: Deck) -> str:
    """The deck as one URL-safe parameter value."""
    payload = json.dumps({"n": deck.name, "v": deck.views}, separators=(",", ":"), ensure_ascii=False)
    return base64.urlsafe_b64encode(zlib.compress(payload.encode("utf-8"), 9)).decode("ascii").rstrip("=")


def decode(raw: str | None) -> Deck | None:
    """The deck in a link parameter, or None when it is missing, too long, damaged or not a deck."""
    if not raw or len(raw) > MAX_DECK_CHARS:
        return None
    try:
        packed = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4))
        inflater = zlib.decompressobj()
        text = inflater.decompress(packed, MAX_JSON_BYTES)
        if not inflater.eof or inflater.unconsumed_tail or inflater.unused_data:
            return None  # truncated, longer than the bound (a zip bomb), or with bytes after the stream
        payload = json.loads(text.decode("utf-8"))
    except (binascii.Error, ValueError, zlib.error, UnicodeDecodeError, RecursionError):  # (deep nesting)
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("v"), list):
        return None
    views = [_clean_view(v) for v in payload["v"][:MAX_VIEWS]]
    views = [v for v in views if v is not None]
    if not views:
        return None
    name = str(payload.get("n", ""))[:80]
    return Deck(name, views)


def _clean_view(view: object) -> dict[str, str] | None:
    if not isinstance(view, dict) or view.get("page") not in PAGES:
        return None
    return {"page": view["page"], **{k: str(view[k])[:200] for k in VIEW_KEYS if k in view}}

"""Presentation decks in one link parameter: a round trip keeps every view, and anything damaged, oversized or
hostile decodes to None (never an exception, never unbounded work)."""

from __future__ import annotations

import base64
import json
import os
import tracemalloc
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from radar.ui import deck
from radar.ui.deck import MAX_DECK_CHARS, MAX_VIEWS, PAGES, VIEW_KEYS, Deck


def pack(payload: bytes, level: int = 9) -> str:
    """Bytes as a deck parameter, the way encode() packs its JSON."""
    return base64.urlsafe_b64encode(zlib.compress(payload, level)).decode("ascii").rstrip("=")


def pack_json(value: object) -> str:
    return pack(json.dumps(value).encode("utf-8"))


TALK = Deck("Talk", [{"page": "overview", "fw": "wgi", "y": "2023"},
                     {"page": "compare", "view": "heatmap", "fw": "wgi", "c": "ALB,SRB", "y": "2020"},
                     {"page": "country", "country": "SRB"}])

# -- round trip ------------------------------------------------------------------------------------------
values = st.text(max_size=40)
views = st.builds(lambda page, params: {"page": page, **params}, st.sampled_from(PAGES),
                  st.dictionaries(st.sampled_from(VIEW_KEYS), values, max_size=len(VIEW_KEYS)))


@settings(max_examples=300, deadline=None)
@given(name=st.text(max_size=80), views=st.lists(views, min_size=1, max_size=MAX_VIEWS))
def test_round_trip_keeps_the_name_and_every_view(name, views):
    raw = deck.encode(Deck(name, views))
    assert raw.isascii() and "=" not in raw and "+" not in raw and "/" not in raw  # URL-safe, unpadded
    back = deck.decode(raw)
    if len(raw) > MAX_DECK_CHARS:
        assert back is None  # too long for a link: refused, not cut
    else:
        assert back == Deck(name, views)


def test_round_trip_of_a_three_view_talk():
    raw = deck.encode(TALK)
    assert len(raw) < 200
    assert deck.decode(raw) == TALK


def test_view_of_keeps_only_view_keys_as_text():
    assert deck.view_of("compare", {"fw": "wgi", "y": 2023, "present": "1", "slide": "2"}) == {
        "page": "compare", "fw": "wgi", "y": "2023"}


def test_more_than_max_views_keeps_the_first_ones():
    many = Deck("long", [{"page": "overview", "y": str(2000 + i)} for i in range(MAX_VIEWS + 5)])
    back = deck.decode(deck.encode(many))
    assert back is not None and back.views == many.views[:MAX_VIEWS]


def test_values_and_names_are_cut_to_their_limits():
    back = deck.decode(pack_json({"n": "N" * 500, "v": [{"page": "overview", "fw": "x" * 900, "y": 2023}]}))
    assert back == Deck("N" * 80, [{"page": "overview", "fw": "x" * 200, "y": "2023"}])


# -- refused -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("raw", [None, "", "!!!not base64!!!", "%%%", "ü" * 12, "A", "AAAA", "eJwDAAAAAAE",
                                 "null", "deck", "\x00\x01", "====", "a b c d"])
def test_garbage_is_none(raw):
    assert deck.decode(raw) is None


def test_every_truncation_is_none():
    raw = deck.encode(TALK)
    for cut in range(len(raw)):
        assert deck.decode(raw[:cut]) is None, f"a link cut to {cut} of {len(raw)} characters was accepted"


def test_trailing_bytes_after_the_stream_are_none():
    packed = zlib.compress(json.dumps({"n": "x", "v": [{"page": "overview"}]}).encode(), 9) + b"junk"
    assert deck.decode(base64.urlsafe_b64encode(packed).decode().rstrip("=")) is None


def test_flipped_bits_never_raise():
    raw = deck.encode(TALK)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    for i in range(len(raw)):
        for c in "A_z9":
            if raw[i] != c:
                damaged = raw[:i] + c + raw[i + 1:]
                out = deck.decode(damaged)
                assert out is None or isinstance(out, Deck)
    assert set(raw) <= set(alphabet)


def test_oversized_is_none_even_when_valid():
    big = Deck("big", [{"page": "overview", "fw": os.urandom(90).hex()} for _ in range(30)])
    raw = deck.encode(big)
    assert len(raw) > MAX_DECK_CHARS
    assert deck.decode(raw) is None
    assert deck.decode("A" * (MAX_DECK_CHARS + 1)) is None


@pytest.mark.parametrize("payload", [b"hello, not json", b"{'n': 'x'}", b"\xff\xfe\x00 not utf-8", b"",
                                     b'{"n": "x", "v": [{"page": "overview"}]',  # unclosed
                                     b"[" * 5000])  # deep nesting (a RecursionError, not a deck)
def test_not_json_is_none(payload):
    assert deck.decode(pack(payload)) is None


def test_deeply_nested_json_is_none_not_an_exception():
    assert deck.decode(pack(b"[" * 60_000 + b"]" * 60_000)) is None
    assert deck.decode(pack(b'{"n":"x","v":' + b"[" * 60_000 + b"]" * 60_000 + b"}")) is None


@pytest.mark.parametrize("value", [[], [1, 2], "deck", 42, None, {}, {"n": "x"}, {"v": "overview"},
                                   {"v": {"page": "overview"}}, {"n": "x", "v": []}, {"v": [None, 1, "overview"]},
                                   {"v": [{"fw": "wgi"}]}, {"v": [{"page": ["overview"]}]}])
def test_json_that_is_not_a_deck_is_none(value):
    assert deck.decode(pack_json(value)) is None


def test_views_with_unknown_pages_are_dropped():
    back = deck.decode(pack_json({"n": "Talk", "v": [
        {"page": "publish"}, {"page": "overview", "fw": "wgi", "evil": "<script>"}, {"page": "admin"},
        {"page": "../etc/passwd"}, "compare", {"page": "country", "country": "SRB"}, {"page": "OVERVIEW"}]}))
    assert back == Deck("Talk", [{"page": "overview", "fw": "wgi"}, {"page": "country", "country": "SRB"}])
    assert deck.decode(pack_json({"n": "x", "v": [{"page": "publish"}, {"page": "admin"}]})) is None


# -- zip bombs: a few kB of link must not inflate without bound ------------------------------------------------
def test_a_zip_bomb_is_refused():
    bomb = json.dumps({"n": "x" * 3_000_000, "v": [{"page": "overview"}]}).encode()
    raw = pack(bomb)
    assert len(raw) <= MAX_DECK_CHARS and len(bomb) > 64_000
    assert deck.decode(raw) is None


def test_a_valid_deck_padded_to_inflate_past_the_bound_is_refused():
    """Valid JSON followed by whitespace parses after a cut at the bound: the bound itself must refuse it."""
    head = json.dumps({"n": "x", "v": [{"page": "overview"}]}).encode()
    for size in (deck.MAX_JSON_BYTES + 1, 100_000, 2_000_000):
        raw = pack(head + b" " * (size - len(head)))
        assert len(raw) <= MAX_DECK_CHARS
        assert deck.decode(raw) is None, f"a deck inflating to {size} bytes was accepted"
    assert deck.decode(pack(head + b" " * (deck.MAX_JSON_BYTES - len(head)))) == Deck("x", [{"page": "overview"}])


def test_decoding_a_bomb_stays_within_the_bound_in_memory():
    raw = pack(b" " * 3_000_000)  # about 3 MB from a few kB of link
    assert len(raw) <= MAX_DECK_CHARS
    tracemalloc.start()
    try:
        assert deck.decode(raw) is None
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000, f"decoding a bomb allocated {peak} bytes"

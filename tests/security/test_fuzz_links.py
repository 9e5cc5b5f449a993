"""Property-based fuzzing of link parameters on every page (streamlit.testing AppTest, the real entry point):
random and adversarial values for every parameter the app reads, and unknown ones. Whatever the link, the page
runs without an exception and shows no error, no value from the link renders as a link or an image, and a link
that is not the view it asks for gets a notice rather than a silent change."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest
from test_markdown_injection import APP, IMAGE, LINK, assert_no_injection

from radar.ui import deck as decks

PAGES = ("overview", "compare", "change", "country", "data", "methodology")
KEYS = ("c", "y", "fw", "view", "from", "to", "axis", "country", "dc", "src", "ind", "y0", "y1", "lang", "present",
        "slide", "deck")
ADVERSARIAL = [
    "", " ", "0", "-1", "1e309", "NaN", "2024.5", "9" * 400, "ALB,ALB,ALB", ",,,", "ALB'); DROP TABLE x;--",
    "<script>alert(1)</script>", LINK, IMAGE, "https://evil.example/x", "www.evil.example", "\x00", "\u202e",
    "%00", "../../etc/passwd", "A" * 5000, "ÄÖÜ", "🙂" * 50, "\\", "$x$", ":material/lock:",
]
decks_strategy = st.builds(
    lambda name, views: decks.encode(decks.Deck(name, views)),
    st.one_of(st.sampled_from([LINK, IMAGE, "x" * 200]), st.text(max_size=100)),
    st.lists(st.fixed_dictionaries({"page": st.sampled_from(PAGES)},
                                   optional={k: st.one_of(st.sampled_from(ADVERSARIAL), st.text(max_size=50))
                                             for k in decks.VIEW_KEYS}), max_size=5))
values = st.one_of(st.sampled_from(ADVERSARIAL), st.text(max_size=60), st.integers().map(str))
links = st.dictionaries(st.one_of(st.sampled_from(KEYS), st.text(min_size=1, max_size=12)), values, max_size=6)


def _open(page: str, params: dict[str, str]) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    if page != "overview":
        at.switch_page(f"app_pages/{page}.py")
    return at.run()


def _check(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("page_name", PAGES)
@settings(max_examples=8, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(params=links)
def test_any_link_opens_the_page_without_an_error(page_name: str, params: dict[str, str]) -> None:
    params = {k: v for k, v in params.items() if "\x00" not in k}
    _check(_open(page_name, params))


@pytest.mark.parametrize("page_name", PAGES)
@settings(max_examples=4, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(deck=decks_strategy, present=st.booleans(), slide=st.sampled_from(["1", "2", "99", "x", "-3"]))
def test_any_deck_link_opens_without_an_error(page_name: str, deck: str, present: bool, slide: str) -> None:
    params = {"deck": deck, "slide": slide, **({"present": "1"} if present else {})}
    _check(_open(page_name, params))


@pytest.mark.parametrize("page_name", PAGES)
@pytest.mark.parametrize("key", ["c", "y", "fw", "view", "country", "axis", "from", "dc", "ind", "foo"])
def test_a_markdown_value_is_noticed_and_never_rendered(page_name: str, key: str) -> None:
    at = _open(page_name, {key: f"{LINK} {IMAGE}"})
    _check(at)
    assert at.warning, "a link value that is not a view must get a notice"
    assert_no_injection(at)

"""Fixtures of the page tests: views opened once per test session and shared read-only."""

from collections.abc import Callable

import pytest
from _apptools import open_page
from streamlit.testing.v1 import AppTest


@pytest.fixture(scope="session")
def opened() -> Callable[..., AppTest]:
    """`opened(page, link)`: the page opened from `link` in a fresh session, run once and cached.

    Shared between tests: read its elements, never run it again or change its widgets (open_page() gives a
    session of your own for that).
    """
    cache: dict[tuple, AppTest] = {}

    def get(page: str = "overview", link: dict[str, str] | None = None) -> AppTest:
        key = (page, tuple(sorted((link or {}).items())))
        if key not in cache:
            cache[key] = open_page(page, link)
        return cache[key]

    return get

"""Page-wide styles, injected once per run from app.py."""

from pathlib import Path

import streamlit as st


class _Style:
    """A stylesheet as st.html takes it ready-made (an object with `_repr_html_`): the <style> element is made
    once per process, and st.html neither looks the text up as a file path nor dedents it on every run."""

    def __init__(self, path: Path) -> None:
        self._html = f"<style>{path.read_text(encoding='utf-8')}</style>"

    def _repr_html_(self) -> str:
        return self._html


_CSS = _Style(Path(__file__).with_name("style.css"))
_PRESENTER_CSS = _Style(Path(__file__).with_name("presenter.css"))


def inject() -> None:
    st.html(_CSS)


def inject_presenter() -> None:
    """Presenter mode's layout (radar/ui/presenter.css), after the page-wide styles."""
    st.html(_PRESENTER_CSS)

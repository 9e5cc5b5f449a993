"""Page-wide styles, injected once per run from app.py."""

from pathlib import Path

import streamlit as st

_CSS = (Path(__file__).with_name("style.css")).read_text(encoding="utf-8")


def inject() -> None:
    st.html(f"<style>{_CSS}</style>")

_PRESENTER_CSS = (Path(__file__).with_name("presenter.css")).read_text(encoding="utf-8")


def inject_presenter() -> None:
    """Presenter mode's layout (radar/ui/presenter.css), after the page-wide styles."""
    st.html(f"<style>{_PRESENTER_CSS}</style>")

"""Page-wide styles, injected once per run from app.py."""

from pathlib import Path

import streamlit as st

_CSS = (Path(__file__).with_name("style.css")).read_text(encoding="utf-8")


def inject() -> None:
    st.html(f"<style>{_CSS}</style>")

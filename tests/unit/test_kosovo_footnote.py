"""The EU's designation of Kosovo, in full, in English: in the schema, in what the app shows and in the charts a
page draws with Kosovo on them. The sentence is typed here from DESIGN.md, never read from the code."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from radar import i18n, schema

FULL = ("This designation is without prejudice to positions on status, and is in line with UNSCR 1244/1999 and the "
        "ICJ Opinion on the Kosovo declaration of independence.")
APP = Path(__file__).resolve().parents[2] / "app.py"


def test_the_schema_holds_the_full_designation() -> None:
    assert schema.KOSOVO_FOOTNOTE == "*Kosovo: " + FULL


def test_english_shows_it_unchanged() -> None:
    i18n.set_language("en")
    assert i18n._(schema.KOSOVO_FOOTNOTE) == "*Kosovo: " + FULL


def test_a_page_with_kosovo_carries_the_full_designation_and_no_shortened_one() -> None:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["c"] = "XKX,SRB"
    at.run()
    assert not at.exception
    specs = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    notes = [a.get("text", "") for spec in specs for a in spec["layout"].get("annotations", [])]
    # a screen chart's footnote is drawn beside it, in markdown as a reader sees it (escapes resolved)
    notes += [html.unescape(re.sub(r"\\(.)", r"\1", str(m.value))).replace("\u2060", "")
              for m in (*at.markdown, *at.caption)]
    kosovo = [" ".join(n.replace("<br>", " ").split()) for n in notes if "prejudice" in n or "UNSCR" in n]
    assert kosovo and all(FULL in note for note in kosovo), kosovo

"""The Overview (fw=wbocr&y=2025) and Change over time (2018 -> 2025), all six governments, with and without
basis=common, opened as a visitor would: the findings compare like with like or say that they do not, and the
radar marks the axes whose countries rest on different indicators (issue 15, item 4)."""

import html
import re

import pytest
from _apptools import array, assert_clean, country_traces, figure

OVERVIEW = {"fw": "wbocr", "y": "2025"}
CHANGE = {"fw": "wbocr", "from": "2018", "to": "2025"}


def page_text(at) -> str:
    """Everything the page writes in markdown, with markdown escapes removed."""
    return html.unescape(re.sub(r"\\(.)", r"\1", "\n".join(m.value for m in at.markdown)))


@pytest.mark.parametrize("basis", ["all", "common"])
def test_overview_2025(opened, basis):
    link = OVERVIEW if basis == "all" else {**OVERVIEW, "basis": "common"}
    at = opened("overview", link)
    assert_clean(at)
    assert not at.warning, [w.value for w in at.warning]
    text = page_text(at)
    fig = figure(at, "overview_radar")
    ticks = fig["layout"]["polar"]["angularaxis"].get("ticktext") or []
    kosovo = array(country_traces(fig)["XKX"]["r"])[:-1]
    if basis == "all":
        assert "on the 5 axes that score every country on the same indicators" in text
        assert "3 axes are not counted, because the countries’ scores there rest on different indicators" in text
        assert "Kosovo’s score here rests on WJP alone; the others’ also on the OC Index" in text
        assert "Kosovo scores highest on 4 of 8 axes" not in text
        assert sum("◆" in t for t in ticks) == 3  # (the axis number may follow the mark on its own line)
        assert (~(kosovo != kosovo)).sum() == 4  # Kosovo drawn on the four axes it has data for
    else:
        assert "like for like (each axis on the indicators every country has)" in text
        assert "Like for like, 4 of 8 axes are left out" in text
        assert "not counted" not in text
        assert not any("◆" in t for t in ticks)
        serbia = array(country_traces(fig)["SRB"]["r"])[:-1]
        assert (serbia != serbia).sum() == 4  # Serbia too is drawn only where all six share indicators


@pytest.mark.parametrize("basis", ["all", "common"])
def test_change_over_time_2018_2025(opened, basis):
    link = CHANGE if basis == "all" else {**CHANGE, "basis": "common"}
    at = opened("change", link)
    assert_clean(at)
    assert not at.warning, [w.value for w in at.warning]
    text = page_text(at)
    assert "Largest improvement since 2018: Kosovo, Anti-corruption and accountability, 38.2 → 44.6" in text
    assert "Bosnia and Herzegovina, Prosecution and courts, 51.5 → 39.0 (-12.5 points)" not in text
    if basis == "all":
        assert "The axis score drawn, 38.2 → 45.6, is not like for like: WJP 1.4 enters in 2020." in text
        assert "Largest decline since 2018: Serbia, Anti-corruption and accountability, 36.6 → 31.1" in text
        assert "Not like for like on the chart:" in text
    else:
        assert "not like for like" not in text.lower()


@pytest.mark.parametrize("basis", ["all", "common"])
def test_presenter_slide_carries_the_basis(opened, basis):
    link = {**OVERVIEW, "present": "1"} if basis == "all" else {**OVERVIEW, "present": "1", "basis": "common"}
    at = opened("overview", link)
    assert_clean(at)
    shown = html.unescape(" ".join(e.proto.body for e in at.get("html")))
    if basis == "all":
        assert "3 axes are not counted" in shown
    else:
        assert "like for like (each axis on the indicators every country has)" in shown

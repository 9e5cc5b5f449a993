"""The offline deck file: one HTML document with plotly.js inside, no address of any host to load from, the slides'
texts as text, the figures as JSON that cannot end their script element."""

import json
import re

import plotly
import pytest

from radar import charts
from radar.offline_deck import OfflineSlide, deck_html, slide_figure_json
from tests.unit.test_charts import AXES, COUNTRIES, score_frame


def slide(title="T", finding="F", kosovo=False):
    fig = charts.radar_figure(score_frame(), COUNTRIES, AXES, title="In-figure title", footnote="Sources: x")
    return OfflineSlide(title, finding, fig, "Sources: WGI", "2026-12-06", shows_kosovo=kosovo)


def test_deck_inlines_plotly_and_loads_nothing_from_elsewhere():
    page = deck_html([slide(), slide()])
    assert f"v{plotly.__version__.split('.')[0]}" in page or "plotly.js" in page
    assert len(page) > 3_000_000  # the whole plotly.js bundle is inside
    head = page[:page.index("<script>")]  # everything but the inlined library
    assert not re.search(r"""(src|href)\s*=\s*['"]?(https?:)?//""", head)
    assert "<link" not in head and "@import" not in head and "@font-face" not in head
    assert page.count("<section class='slide'") == 2 and page.count(" hidden>") == 1


def test_deck_texts_are_text_and_kosovo_only_where_shown():
    page = deck_html([slide(title="<img src=x onerror=alert(1)>", kosovo=True), slide(finding="a </script> b")])
    slides = page[:page.index("<script>")]  # the slides, before the inlined library
    assert "<img" not in slides and "&lt;img src" in slides
    assert slides.count("class='kosovo'") == 1
    assert "a </script> b" not in slides and "a &lt;/script&gt; b" in slides


def test_figure_json_drops_the_figure_title_and_footnote_and_cannot_close_its_script():
    fig = charts.radar_figure(score_frame(), COUNTRIES, AXES, title="</script><b>x</b>", footnote="Sources: x")
    text = slide_figure_json(fig)
    assert "<" not in text
    data = json.loads(text)
    assert not (data["layout"].get("title") or {}).get("text")
    assert not [a for a in data["layout"].get("annotations", []) if a.get("name") == charts.FOOTNOTE]
    assert "height" not in data["layout"] and data["layout"]["autosize"] is True


def test_an_empty_deck_is_refused():
    with pytest.raises(ValueError):
        deck_html([])

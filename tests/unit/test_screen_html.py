"""HTML pieces for charts on a screen (radar.ui.screen): the numbered axis key of a radar and the legend whose
countries follow one country; untrusted names are text."""

from html import unescape
from urllib.parse import urlencode

from radar import charts
from radar.chart_screen import axis_key
from radar.ui import screen
from tests.unit.test_charts import AXES, radar


def test_axis_key_lists_the_axes_in_the_numbers_order():
    fig = radar()
    assert axis_key(fig) == AXES
    html = screen.axis_key_html(axis_key(fig))
    assert html.startswith("<ol class='axis-key'") and html.count("<li>") == len(AXES)
    assert html.index("Political will") < html.index("Policing") < html.index("Courts")
    assert screen.axis_key_html([]) == ""
    assert "<script>" not in screen.axis_key_html(["<script>alert(1)</script>"])


def link_for(iso3):
    return "./compare?" + urlencode({"view": "radar", **({"focus": iso3} if iso3 else {})})


def test_focus_legend_links_each_country_and_marks_the_followed_one():
    items = charts.legend_items(radar(focus="SRB"))
    html = unescape(screen.focus_legend_html(items, "SRB", link_for))  # as the browser reads the attributes
    assert html.startswith("<ul class='chart-legend'") and html.count("<li class='legend-item") == 5
    assert "href='./compare?view=radar&focus=ALB'" in html  # Albania brings Albania forward
    serbia = html[html.index("Serbia") - 400:html.index("Serbia")]
    assert "aria-current='true'" in serbia and "focus" not in serbia.split("href=")[-1].split("'")[1]
    assert html.count("legend-faded") == 2  # Albania and Kosovo, not the means, not Serbia
    assert html.count("<a ") == 3  # the means are not links
    means = html[:html.index("legend-faded")]  # the entries before the first country
    assert "WB6 mean" in means and "EU-27 mean" in means and "<a " not in means


def test_focus_legend_escapes_names():
    items = [{"name": "<img src=x>", "colour": "#000", "dash": "solid", "symbol": None, "iso3": "ALB",
              "faded": False}]
    html = screen.focus_legend_html(items, None, link_for)
    assert "<img" not in html and "&lt;img" in html

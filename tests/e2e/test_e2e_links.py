"""Bad links open with a notice and the default view (never an exception), and a deep link works as the very first
request a freshly started server receives."""

from __future__ import annotations

import pytest
from e2e_helpers import (
    REFERENCES,
    WB6_NAMES,
    WBOCR_AXES,
    WGI_AXES,
    assert_clean,
    read_plots,
    sidebar,
    trace_names,
    url_params,
    warnings_shown,
)
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

BAD_LINKS = {
    "unknown-country": "c=XXX",
    "year-out-of-range": "y=1800",
    "unknown-framework": "fw=garbage",
    "script-tag": "c=%3Cscript%3E",
    "sql-in-year": "y=2023%27%3B%20DROP",
    "5000-characters": "c=" + "A" * 5000,
    "unknown-parameter": "utm_campaign=spring",
}


@pytest.mark.parametrize("query", BAD_LINKS.values(), ids=BAD_LINKS.keys())
def test_bad_link_shows_notice_and_default_view(open_app, query):
    page = open_app(f"/compare?{query}")
    notices = warnings_shown(page)
    assert notices, f"no notice for /compare?{query[:60]}"
    assert all("<script" not in n.lower() for n in notices), "the link's text is not echoed raw"
    (plot,) = read_plots(page)
    assert trace_names(plot) == REFERENCES + WB6_NAMES, "the default view: all six governments and both means"
    assert all(len(t["r"]) == WBOCR_AXES + 1 for t in plot["traces"]), "the default framework's 8 axes"
    expect(page.locator(".chart-title").first).to_have_text("WB-OCR composite, 2025")  # default framework, year
    assert url_params(page.url) == {}, f"the address bar shows the view actually shown: {page.url[:120]}"
    assert_clean(page)


def test_deep_link_is_the_first_request_after_a_server_restart(app_server, open_app):
    app_server.restart()
    page = open_app("/compare?fw=wgi&c=ALB,SRB&y=2020&view=heatmap")

    nav = page.get_by_test_id("stSidebarNav")
    for link in ("Overview", "Compare countries", "Change over time", "Country profile", "Data",
                 "Methodology and sources"):
        assert nav.get_by_role("link", name=link, exact=True).is_visible(), f"the full app's navigation lacks {link!r}"
    assert nav.get_by_role("link", name="Compare countries").get_attribute("aria-current") == "page"
    assert page.get_by_role("heading", level=1, name="Compare countries").is_visible()
    assert sidebar(page).get_by_role("combobox", name="Framework").input_value() == "WGI"

    (plot,) = read_plots(page)
    (heat,) = plot["traces"]
    assert heat["type"] == "heatmap" and heat["x"] == ["Albania", "Serbia"] and len(heat["z"]) == WGI_AXES
    assert page.get_by_role("radiogroup", name="View").get_by_role("radio", name="Heat map").get_attribute(
        "aria-checked") == "true"
    assert url_params(page.url) == {"fw": "wgi", "c": "ALB,SRB", "y": "2020", "view": "heatmap"}
    assert not warnings_shown(page), "a good link gives no notice"
    assert_clean(page)

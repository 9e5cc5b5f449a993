"""Every page loads in a real browser, draws its charts with the expected traces, and shows no error of any kind."""

from __future__ import annotations

import pytest
from e2e_helpers import (
    REFERENCES,
    SOURCES,
    WB6_NAMES,
    WBOCR_AXES,
    assert_clean,
    read_plots,
    screenshot,
    trace_names,
    wait_charts,
)

pytestmark = pytest.mark.e2e

# path, screenshot name, the page's title (h1), trace names of each chart in the default view (WB-OCR composite,
# all six governments, latest year). None = only the count is fixed.
PAGES = [
    ("/", "overview", "Western Balkans Organized Crime Radar", [REFERENCES + WB6_NAMES]),
    ("/compare", "compare", "Compare countries", [REFERENCES + WB6_NAMES]),
    # the animated radar per year: one outline per country (the frames carry no reference rings)
    ("/change", "change", "Change over time", [WB6_NAMES]),
    # the first selected country (Albania): radar vs the means, distance to the EU, trend (one line per axis)
    ("/country", "country", "Country profile", [
        REFERENCES + ["Albania"],
        ["Weakest EU member", "EU-27 mean", "WB6 mean", "Albania"],
        ["Albania"] * WBOCR_AXES,
    ]),
    ("/data", "data", "Data", []),
    # the coverage matrix (Coverage tab): per source, one heat map of covered cells and one 'not covered' layer
    ("/methodology", "methodology", "Methodology and sources", [None]),
]


@pytest.mark.parametrize(("path", "name", "title", "charts"), PAGES, ids=[p[1] for p in PAGES])
def test_page_loads_with_its_charts_and_no_errors(open_app, path, name, title, charts):
    page = open_app(path, charts=path not in ("/data", "/methodology"))
    if path == "/methodology":
        page.get_by_role("tab", name="Coverage").click()
        wait_charts(page)
    if path == "/data":
        page.get_by_test_id("stDataFrame").first.wait_for(state="visible")

    assert page.get_by_role("heading", level=1, name=title).is_visible(), f"no '{title}' heading on {path}"
    nav = page.get_by_test_id("stSidebarNav")
    for link in ("Overview", "Compare countries", "Change over time", "Country profile", "Data",
                 "Methodology and sources"):
        assert nav.get_by_role("link", name=link, exact=True).is_visible(), f"sidebar link {link!r} missing on {path}"

    plots = read_plots(page)
    assert page.locator(".js-plotly-plot").count() == len(charts) == len(plots), (
        f"{path}: expected {len(charts)} charts, found {[trace_names(p) for p in plots]}")
    for i, (plot, expected) in enumerate(zip(plots, charts)):
        assert plot["traces"], f"{path}: chart {i} has no traces"
        if expected is not None:
            assert trace_names(plot) == expected, f"{path}: chart {i} traces"
    if path == "/methodology":
        types = [t["type"] for t in plots[0]["traces"]]
        assert types.count("heatmap") == SOURCES, types
        assert len(plots[0]["traces"]) == 2 * SOURCES, types  # every source has some country-year not covered
        assert {t["name"] for t in plots[0]["traces"] if t["type"] == "scatter"} == {"not covered"}
    if path in ("/", "/compare"):
        radar = plots[0]["traces"]
        assert all(len(t["r"]) == WBOCR_AXES + 1 for t in radar), "each outline closes over the 8 axes"
        assert any(v is not None for t in radar for v in t["r"]), "the radar shows scores"

    assert_clean(page)
    screenshot(page, f"{name}-1920x1080")

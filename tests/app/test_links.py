"""Every view is a link: a view opened from its URL equals the same view reached through the widgets, and the
app writes that URL back. A bad link opens the default view with a short, safe notice."""

import pytest
from _apptools import assert_clean, assert_safe_notice, figure, figures, open_page, warnings

# -- a view opened from its link == the same view reached through the widgets ------------------------------


def _sidebar(at, fw=None, c=None, y=None):
    """Set the shared sidebar controls the way a user would: the framework first (it changes the years on
    offer), then countries and year together."""
    if fw is not None:
        at.sidebar.selectbox(key="w_fw").set_value(fw).run()
    if c is not None:
        at.sidebar.multiselect(key="w_c").set_value(c)
    if y is not None:
        at.sidebar.select_slider(key="w_y").set_value(y)
    if c is not None or y is not None:
        at.run()
    assert_clean(at)
    return at


def _through_the_sidebar(page, fw=None, c=None, y=None):
    """A session that made its sidebar choices on the overview (cheap to rerun), then went to `page`: the
    sidebar's view is shared by all pages."""
    at = _sidebar(open_page("overview"), fw=fw, c=c, y=y)
    at.switch_page(f"app_pages/{page}.py").run()
    assert_clean(at)
    return at


def _assert_same_view(from_link, from_widgets, link):
    assert_clean(from_link)
    assert_clean(from_widgets)
    assert not from_link.warning, warnings(from_link)
    assert figures(from_link) == figures(from_widgets)
    assert len(from_link.dataframe) == len(from_widgets.dataframe)
    for a, b in zip(from_link.dataframe, from_widgets.dataframe):
        assert a.value.equals(b.value)
    # The app wrote the widgets' view into the address bar: it is the link we opened.
    assert dict(from_widgets.query_params) == link
    assert dict(from_link.query_params) == link


def test_overview_link_equals_widgets():
    link = {"fw": "wgi", "c": "ALB,SRB,MKD", "y": "2019"}
    from_link = open_page("overview", link)
    from_widgets = _sidebar(open_page("overview"), fw="wgi", c=["ALB", "SRB", "MKD"], y=2019)
    _assert_same_view(from_link, from_widgets, link)
    assert [t["name"] for t in figure(from_link, "overview_radar")["data"]][2:] == ["Albania", "North Macedonia",
                                                                                  "Serbia"]


@pytest.mark.parametrize("view", ["radar", "multiples", "heatmap", "table"])
def test_compare_link_equals_widgets(view):
    link = {"fw": "wjp_factors", "c": "MNE,XKX", "y": "2024"} | ({} if view == "radar" else {"view": view})
    from_link = open_page("compare", link)
    from_widgets = _sidebar(open_page("compare"), fw="wjp_factors", c=["MNE", "XKX"], y=2024)
    from_widgets.button_group(key="w_compare_view").set_value(view).run()
    _assert_same_view(from_link, from_widgets, link)
    assert figures(from_link) or view == "table"


@pytest.mark.parametrize("link", [
    {"c": "ALB,SRB", "view": "slope", "axis": "anti_corruption"},
    {"c": "ALB,SRB", "view": "slope"},
    {"fw": "oc_threat", "c": "MNE,XKX,BIH", "view": "lines"},
    {"fw": "wjp_criminal_justice", "c": "MKD"},
], ids=["slope-axis", "slope-mean", "lines", "radar"])
def test_change_link_equals_widgets(opened, link):
    from_link = opened("change", link)
    from_widgets = _through_the_sidebar("change", fw=link.get("fw"), c=link["c"].split(","))
    if "view" in link:
        from_widgets.button_group(key="w_change_view").set_value(link["view"]).run()
    if "axis" in link:
        from_widgets.selectbox(key="w_axis").set_value(link["axis"]).run()
    _assert_same_view(from_link, from_widgets, link)


def test_change_year_range_link_equals_widgets():
    link = {"fw": "wgi", "c": "ALB,SRB", "view": "slope", "from": "2010", "to": "2020", "axis": "cc"}
    from_link = open_page("change", link)
    assert_clean(from_link)
    assert from_link.select_slider(key="w_from_to").value == (2010, 2020)
    # Only the range differs from the link this session opened: the test isolates the range slider.
    from_widgets = open_page("change", {"fw": "wgi", "c": "ALB,SRB", "view": "slope", "axis": "cc"})
    from_widgets.select_slider(key="w_from_to").set_value((2010, 2020)).run()
    assert from_widgets.select_slider(key="w_from_to").value == (2010, 2020)
    _assert_same_view(from_link, from_widgets, link)


def test_country_link_equals_widgets(opened):
    link = {"fw": "oc_resilience", "y": "2021", "country": "SRB"}
    from_link = opened("country", link)
    from_widgets = _through_the_sidebar("country", fw="oc_resilience", y=2021)
    from_widgets.button_group(key="w_country").set_value("SRB").run()
    _assert_same_view(from_link, from_widgets, link)
    assert [t["name"] for t in figure(from_link, "country_radar")["data"]][-1] == "Serbia"


def test_country_defaults_to_the_first_selected_country(opened):
    at = opened("country", {"c": "MNE,ALB"})
    assert_clean(at)
    assert [t["name"] for t in figure(at, "country_radar")["data"]][-1] == "Montenegro"
    assert "country" not in at.query_params  # the default is not written into the link


def test_data_link_equals_widgets():
    link = {"dc": "ALB,DEU", "src": "wb_wgi", "ind": "wgi_cc_est,wgi_rl_est"}
    from_link = open_page("data", link)
    from_widgets = open_page("data")
    from_widgets.multiselect(key="w_dc").set_value(["ALB", "DEU"])
    from_widgets.multiselect(key="w_src").set_value(["wb_wgi"]).run()  # the indicators on offer follow the sources
    from_widgets.multiselect(key="w_ind").set_value(["wgi_cc_est", "wgi_rl_est"]).run()
    _assert_same_view(from_link, from_widgets, link)
    rows = from_link.dataframe[0].value
    assert set(rows["country_iso3"]) == {"ALB", "DEU"}
    assert set(rows["indicator_id"]) == {"wgi_cc_est", "wgi_rl_est"}


def test_data_year_range_link_equals_widgets():
    link = {"dc": "ALB,DEU", "src": "wb_wgi", "ind": "wgi_cc_est", "y0": "2010", "y1": "2015"}
    from_link = open_page("data", link)
    assert_clean(from_link)
    rows = from_link.dataframe[0].value
    assert rows["year"].between(2010, 2015).all() and len(rows) == 12
    # Only the range differs from the link this session opened: the test isolates the range slider.
    from_widgets = open_page("data", {"dc": "ALB,DEU", "src": "wb_wgi", "ind": "wgi_cc_est"})
    from_widgets.select_slider(key="w_y0_y1").set_value((2010, 2015)).run()
    assert from_widgets.select_slider(key="w_y0_y1").value == (2010, 2015)
    _assert_same_view(from_link, from_widgets, link)


def test_year_range_from_a_link_is_applied():
    # The link side of the two range tests above works (only the widget side is broken).
    at = open_page("change", {"fw": "wgi", "view": "slope", "from": "2020", "to": "2010"})  # ends swapped
    assert_clean(at)
    assert at.select_slider(key="w_from_to").value == (2010, 2020)
    assert [t["x"] for t in figure(at, "change_slope")["data"]][0] == ["2010", "2020"]
    at = open_page("data", {"dc": "ALB", "ind": "cpi_score", "y0": "2012", "y1": "2014"})
    assert_clean(at)
    assert sorted(at.dataframe[0].value["year"]) == [2012, 2013, 2014]


# -- bad links ---------------------------------------------------------------------------------------------

INJECTION = "ALB'); DROP TABLE observations;--"
LONG = "A" * 5000
SIDEBAR_CASES = [
    ({"c": "XXX"}, {}),
    ({"c": "ALB,XXX"}, {"c": "ALB"}),  # keeps ALB, drops XXX
    ({"y": "1800"}, {}),
    ({"y": "abc"}, {}),
    ({"fw": "garbage"}, {}),
    ({"c": LONG}, {}),
    ({"fw": LONG}, {}),
    ({"y": LONG}, {}),
    ({"c": INJECTION}, {}),
    ({"fw": INJECTION}, {}),
    ({"y": "2023'; --"}, {}),
    ({"fw": "<script>alert(1)</script>"}, {}),
    ({"foo": "bar"}, {}),
    ({"foo": "<b>bar</b>", "c": "ALB"}, {"c": "ALB"}),
]
IDS = ["c=XXX", "c=ALB,XXX", "y=1800", "y=abc", "fw=garbage", "c=5000", "fw=5000", "y=5000", "c=injection",
       "fw=injection", "y=injection", "fw=script", "foo=bar", "foo=html"]


def _assert_bad_link_handled(at, bad, fallback, opened, page):
    assert_clean(at)
    notices = warnings(at)
    assert notices, f"no notice for {bad}"
    for notice in notices:
        for raw in bad.values():
            assert_safe_notice(notice, raw)
    good = opened(page, fallback)  # the view a bad link must fall back to, opened from a good link
    assert_clean(good)
    assert not good.warning
    assert figures(at) == figures(good)
    assert len(at.dataframe) == len(good.dataframe)
    for a, b in zip(at.dataframe, good.dataframe):
        assert a.value.equals(b.value)
    assert dict(at.query_params) == fallback  # the address bar now holds the view shown


@pytest.mark.parametrize("page", ["overview", "compare"])
@pytest.mark.parametrize(("bad", "fallback"), SIDEBAR_CASES, ids=IDS)
def test_bad_sidebar_link_opens_the_default_view_with_a_safe_notice(opened, page, bad, fallback):
    at = open_page(page, bad)
    _assert_bad_link_handled(at, bad, fallback, opened, page)


def test_notice_keeps_the_good_part_of_a_country_list():
    at = open_page("compare", {"c": "ALB,XXX"})
    (notice,) = warnings(at)
    assert "XXX" in notice and "ALB" not in notice  # names what was dropped, not what was kept
    assert at.sidebar.multiselect(key="w_c").value == ["ALB"]


def test_injection_string_reaches_no_query_and_is_echoed_only_cleaned():
    at = open_page("compare", {"c": INJECTION})
    (notice,) = warnings(at)
    assert "ALB DROP TAB" in notice  # cleaned and cut to 12 characters
    # the warehouse is intact: the default view still shows every country's numbers
    assert len(figure(at, "compare_radar")["data"]) == 8


PAGE_CASES = [
    ("compare", {"view": "nope"}, {}),
    ("compare", {"view": LONG}, {}),
    ("compare", {"view": "radar'><img src=x onerror=alert(1)>"}, {}),
    ("overview", {"view": "nope"}, {}),  # the overview has no view control: an unknown parameter there
    ("change", {"view": "nope"}, {}),
    ("change", {"from": "abc", "to": "1800"}, {}),
    ("change", {"view": "slope", "axis": "garbage"}, {"view": "slope"}),
    ("change", {"view": "slope", "axis": INJECTION}, {"view": "slope"}),
    ("country", {"country": "XXX"}, {}),
    ("country", {"country": "FRA"}, {}),  # an EU member is not a profile
    ("country", {"country": LONG}, {}),
    # (a good y0 keeps the data views small: the page builds its Excel download on every run)
    ("data", {"dc": "XXX", "y0": "2024"}, {"y0": "2024"}),
    ("data", {"src": "<script>", "ind": INJECTION, "y0": "2024"}, {"y0": "2024"}),
    ("data", {"y0": "abc", "y1": "99999", "dc": "MNE"}, {"dc": "MNE"}),
    ("methodology", {"foo": "bar"}, {}),
]


@pytest.mark.parametrize(("page", "bad", "fallback"), PAGE_CASES,
                         ids=[f"{p}-{'&'.join(k + '=' + v[:12] for k, v in b.items())}" for p, b, _ in PAGE_CASES])
def test_bad_page_link_opens_the_default_view_with_a_safe_notice(opened, page, bad, fallback):
    at = open_page(page, bad)
    _assert_bad_link_handled(at, bad, fallback, opened, page)


def test_unknown_parameter_is_reported_once_per_session():
    at = open_page("compare", {"foo": "bar"})
    (notice,) = warnings(at)
    assert "foo" in notice and "bar" not in notice
    at.run()
    assert not at.warning


@pytest.mark.parametrize("slide", ["²", "1\x1f"])
def test_bad_slide_number_in_a_presenter_link_gives_a_notice(slide):
    at = open_page("overview", {"present": "1", "slide": slide})
    assert_clean(at)
    assert warnings(at)

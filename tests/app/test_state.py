"""The view state survives moving between pages: the sidebar's choices are shared by every page."""

from _apptools import assert_clean, country_traces, figure, figures, open_page


def test_countries_chosen_on_the_overview_are_the_compare_radars_countries():
    at = open_page("overview")
    at.sidebar.multiselect(key="w_c").set_value(["MNE", "ALB"]).run()
    assert_clean(at)
    assert list(country_traces(figure(at, "overview_radar"))) == ["ALB", "MNE"]  # countries-table order
    at.switch_page("app_pages/compare.py").run()
    assert_clean(at)
    assert at.title[0].value == "Compare countries"
    assert at.sidebar.multiselect(key="w_c").value == ["MNE", "ALB"]
    assert list(country_traces(figure(at, "compare_radar"))) == ["ALB", "MNE"]
    assert at.query_params["c"] == "MNE,ALB"


def test_framework_and_year_follow_the_user_to_every_page(opened):
    at = open_page("overview")
    at.sidebar.selectbox(key="w_fw").set_value("wgi").run()
    at.sidebar.multiselect(key="w_c").set_value(["SRB", "XKX"])
    at.sidebar.select_slider(key="w_y").set_value(2015).run()
    assert_clean(at)
    link = {"fw": "wgi", "c": "SRB,XKX", "y": "2015"}
    for page in ("compare", "country", "overview"):
        at.switch_page(f"app_pages/{page}.py").run()
        assert_clean(at)
        assert not at.warning
        assert dict(at.query_params) == link
        assert at.sidebar.selectbox(key="w_fw").value == "wgi"
        assert at.sidebar.select_slider(key="w_y").value == 2015
        # the same numbers as the page opened from the link
        assert figures(at) == figures(opened(page, link))


def test_page_controls_survive_a_visit_to_a_page_without_them():
    at = open_page("compare", {"view": "heatmap"})
    at.switch_page("app_pages/overview.py").run()
    at.switch_page("app_pages/compare.py").run()
    assert_clean(at)
    assert set(figures(at)) == {"compare_heatmap"}


def test_compare_view_survives_a_visit_to_the_change_page():
    at = open_page("compare", {"view": "heatmap"})
    at.switch_page("app_pages/change.py").run()
    assert_clean(at)
    at.switch_page("app_pages/compare.py").run()
    assert_clean(at)
    assert set(figures(at)) == {"compare_heatmap"}

"""Following one country (`focus=`) in every chart builder, and the screen layout of a radar (numbered axes laid
out in fractions of the chart), checked on the figure JSON the browser receives."""

import math

import pytest

from radar import chart_screen, charts
from tests.unit.test_charts import (
    AXES,
    COUNTRIES,
    as_json,
    change_frame,
    over_time_frame,
    radar,
    references_frame,
    score_frame,
)

FADED = 0.25  # the opacity the "others greyed" is drawn with (charts.FADED_OPACITY)


def by_name(fig: dict) -> dict[str, dict]:
    return {t["name"]: t for t in fig["data"] if t.get("name")}


def test_radar_without_focus_fades_nothing():
    fig = as_json(radar())
    assert all("opacity" not in t for t in fig["data"])
    assert [t["name"] for t in fig["data"]] == ["WB6 mean", "EU-27 mean", "Albania", "Kosovo*", "Serbia"]


def test_radar_focus_fades_the_others_and_draws_the_followed_country_last_and_thicker():
    plain, followed = as_json(radar()), as_json(radar(focus="ALB"))
    # Drawn last (on top); the means first, as before.
    assert [t["name"] for t in followed["data"]] == ["WB6 mean", "EU-27 mean", "Kosovo*", "Serbia", "Albania"]
    traces = by_name(followed)
    assert traces["Kosovo*"]["opacity"] == FADED and traces["Serbia"]["opacity"] == FADED
    assert traces["Albania"].get("opacity", 1) == 1
    # 3 px normally (font_scale 1), 1.8 times that when followed; the others keep 3 px.
    assert traces["Albania"]["line"]["width"] == pytest.approx(5.4)
    assert traces["Serbia"]["line"]["width"] == 3
    # The means are kept exactly as they are without a focus.
    for name in ("WB6 mean", "EU-27 mean"):
        assert traces[name] == by_name(plain)[name]
    # The numbers do not move.
    for name, trace in by_name(plain).items():
        assert traces[name]["r"] == trace["r"] and traces[name]["line"]["color"] == trace["line"]["color"]


def test_radar_focus_on_a_country_not_shown_changes_nothing():
    assert as_json(radar(focus="MNE")) == as_json(radar())


def test_radar_focus_fades_the_other_countries_margins_too():
    scores = score_frame().assign(se=0.5)
    fig = as_json(charts.radar_figure(scores, COUNTRIES, AXES, title="T", bands=True, focus="SRB"))
    bands = {t["name"]: t for t in fig["data"] if t.get("fill") == "toself"}
    assert bands["Serbia: published 90% margin"].get("opacity", 1) == 1
    assert bands["Albania: published 90% margin"]["opacity"] == FADED


def test_legend_keeps_the_countries_order_and_says_which_are_faded():
    items = charts.legend_items(radar(focus="ALB"))
    assert [i["name"] for i in items] == ["WB6 mean", "EU-27 mean", "Albania", "Kosovo*", "Serbia"]
    assert [i["faded"] for i in items] == [False, False, False, True, True]
    assert [i["iso3"] for i in items] == [None, None, "ALB", "XKX", "SRB"]


def test_heatmap_focus_outlines_the_followed_column_and_veils_the_others():
    scores = score_frame()
    plain = as_json(charts.heatmap_figure(scores, COUNTRIES, AXES, title="T"))
    fig = as_json(charts.heatmap_figure(scores, COUNTRIES, AXES, title="T", focus="XKX"))
    assert not plain["layout"].get("shapes")
    shapes = fig["layout"]["shapes"]
    # Columns are Albania, Kosovo*, Serbia (table order): x = 0, 1, 2 on the category axis.
    outline = [s for s in shapes if s["name"] == "focus"]
    assert len(outline) == 1 and (outline[0]["x0"], outline[0]["x1"]) == (0.5, 1.5)
    assert outline[0]["line"]["width"] == 4
    veils = sorted((s["x0"], s["fillcolor"]) for s in shapes if s["name"] == "faded")
    assert veils == [(-0.5, "rgba(255,255,255,0.75)"), (1.5, "rgba(255,255,255,0.75)")]
    assert fig["data"][0]["x"] == ["Albania", "<b>Kosovo*</b>", "Serbia"]
    assert fig["data"][0]["z"] == plain["data"][0]["z"]


def test_slope_focus_fades_other_lines_and_labels():
    fig = as_json(charts.slope_figure(change_frame(), COUNTRIES, 2015, 2023, title="T", focus="SRB"))
    assert [t["name"] for t in fig["data"]] == ["Albania", "Kosovo*", "Serbia"]  # Serbia is last anyway
    traces = by_name(fig)
    assert traces["Albania"]["opacity"] == FADED and traces["Serbia"].get("opacity", 1) == 1
    assert traces["Serbia"]["line"]["width"] == pytest.approx(5.4)
    labels = {a["text"]: a.get("opacity", 1) for a in fig["layout"]["annotations"]}
    assert labels["Serbia 38.0"] == 1 and labels["Albania 50.0"] == FADED and labels["40.0"] == 1

    fig = as_json(charts.slope_figure(change_frame(), COUNTRIES, 2015, 2023, title="T", focus="ALB"))
    assert [t["name"] for t in fig["data"]] == ["Kosovo*", "Serbia", "Albania"]


def test_lines_focus_in_every_panel():
    fig = as_json(charts.lines_figure(over_time_frame(), COUNTRIES, AXES, title="T", focus="XKX"))
    assert len(fig["data"]) == 3 * len(AXES)
    for k in range(len(AXES)):
        panel = fig["data"][3 * k:3 * k + 3]
        assert [t["name"] for t in panel] == ["Albania", "Serbia", "Kosovo*"]
        assert [t.get("opacity", 1) for t in panel] == [FADED, FADED, 1]
        assert panel[2]["line"]["width"] == pytest.approx(2.5 * 1.8)


def test_animated_radar_follows_the_country_in_every_frame():
    over_time = over_time_frame()
    fig = as_json(charts.animated_radar_figure(over_time, COUNTRIES, AXES, title="T", focus="ALB"))
    assert [t["name"] for t in fig["data"]] == ["Kosovo*", "Serbia", "Albania"]
    assert [t.get("opacity", 1) for t in fig["data"]] == [FADED, FADED, 1]
    # Frames replace r trace by trace: the last trace of every frame must be Albania's outline for that year
    # (Albania's scores are 50, 61.094, 42.15 plus one point per step of the fixture).
    for k, frame in enumerate(fig["frames"]):
        assert frame["data"][-1]["r"] == [50.0 + k, round(61.094 + k, 2), round(42.15 + k, 2), 50.0 + k]


# -- screen layout of a radar ------------------------------------------------------------------------------------

def test_axis_number_label_keeps_the_number_next_to_the_circle():
    top = chart_screen.axis_number_label(1, "Political will and strategy", 0)
    right = chart_screen.axis_number_label(3, "Prosecution and courts", 90)
    bottom = chart_screen.axis_number_label(5, "Anti-corruption and accountability", 180)
    assert top.split("<br>")[-1] == "<b>1</b>"  # above the circle: the number is the lowest line
    assert right.split("<br>")[0] == "<b>3</b>" and bottom.split("<br>")[0] == "<b>5</b>"
    for label, name in ((top, "Political will and strategy"), (bottom, "Anti-corruption and accountability")):
        words = [line for line in label.split("<br>") if not line.startswith("<b>")]
        assert " ".join(words) == name


def test_screen_radar_numbers_its_axes_and_sizes_by_fractions():
    screen, _title, _sub = charts.screen_figure(radar())
    fig = as_json(screen)
    numbers = [[line for line in t.split("<br>") if line.startswith("<b>")] for t in fig["data"][0]["theta"]]
    assert numbers == [["<b>1</b>"], ["<b>2</b>"], ["<b>3</b>"], ["<b>1</b>"]]
    # every trace uses the same label for the same axis (plotly's categories)
    assert all(t["theta"] == fig["data"][0]["theta"] for t in fig["data"])
    layout = fig["layout"]
    assert layout["margin"]["t"] == 0 and layout["margin"]["b"] == 0 and layout["margin"]["l"] == 16
    low, high = layout["polar"]["domain"]["y"]
    assert math.isclose(low, 1 - high) and 0 < low <= 0.1


def test_screen_heatmap_puts_the_scale_under_the_grid():
    screen, _t, _s = charts.screen_figure(charts.heatmap_figure(score_frame(), COUNTRIES, AXES, title="T"))
    bar = as_json(screen)["data"][0]["colorbar"]
    assert bar["orientation"] == "h" and bar["y"] < 0


def test_references_fixture_is_unchanged_by_focus():
    refs = references_frame()
    before = refs.copy()
    charts.radar_figure(score_frame(), COUNTRIES, AXES, title="T", references=refs, focus="SRB")
    assert refs.equals(before)

"""Chart builders (radar.charts) on small hand-made frames: pure functions whose figures carry exactly the
numbers given, in the framework's order, with gaps (never zeros) where a score is missing."""

import json
import math

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest

from radar import charts
from tests.app._apptools import array, unwrap  # one reading of plotly's JSON arrays for all tests

AXES = ["Political will", "Policing and investigations", "Courts"]
AXIS_IDS = ["pw", "pol", "crt"]
COUNTRIES = pd.DataFrame({
    "iso3": ["ALB", "XKX", "SRB", "AUT"],
    "name": ["Albania", "Kosovo", "Serbia", "Austria"],
    "colour": ["#D55E00", "#009E73", "#56B4E9", "#8C8C8C"],
})
SCORES = {  # country -> score per axis in AXES order (NaN = missing axis)
    "ALB": [50.0, 61.094, 42.15],
    "XKX": [math.nan, 62.85, 42.47],
    "SRB": [38.889, 56.02, 42.18],
}


def score_frame(scores=SCORES, shuffle=True, year=2024):
    rows = []
    for iso3, values in scores.items():
        for order, (axis_id, name, score) in enumerate(zip(AXIS_IDS, AXES, values), start=1):
            missing = math.isnan(score)
            rows.append({
                "country_iso3": iso3, "axis_id": axis_id, "axis_name": name, "axis_order": order, "score": score,
                "coverage": 0.0 if missing else 1.0, "n_indicators": 2, "n_available": 0 if missing else 2,
                "year_min": math.nan if missing else year - 1, "year_max": math.nan if missing else year,
                "missing_reason": "no data" if missing else "",
            })
    frame = pd.DataFrame(rows)
    # Builders must not rely on the row order they are given.
    return frame.sample(frac=1.0, random_state=3).reset_index(drop=True) if shuffle else frame


def references_frame():
    rows = []
    for ref, values in {"WB6": [44.4, 59.99, 42.27], "EU27": [64.81, math.nan, 59.77]}.items():
        for order, (axis_id, name, score) in enumerate(zip(AXIS_IDS, AXES, values), start=1):
            rows.append({"reference": ref, "axis_id": axis_id, "axis_name": name, "axis_order": order,
                         "score": score, "n": 6 if ref == "WB6" else 27})
    return pd.DataFrame(rows).iloc[::-1].reset_index(drop=True)


def values_frame():
    return pd.DataFrame([
        {"country_iso3": "SRB", "axis_id": "pw", "indicator_name": "Political leadership and governance",
         "value": 4.5, "unit": "score 1-10", "score": 38.889, "year": 2023, "source": "GI-TOC OC Index"},
        {"country_iso3": "SRB", "axis_id": "pol", "indicator_name": "Law enforcement",
         "value": 6.04, "unit": "score 1-10", "score": 56.0, "year": 2023, "source": "GI-TOC OC Index"},
        {"country_iso3": "SRB", "axis_id": "pol", "indicator_name": "Crime is effectively controlled",
         "value": 0.5604, "unit": "score 0-1", "score": 56.04, "year": 2024, "source": "WJP Rule of Law Index"},
    ])


def as_json(fig: go.Figure) -> dict:
    """The figure as the browser receives it."""
    return json.loads(fig.to_json())




def radar(**kwargs):
    args = {"title": "T", "subtitle": "S", "references": references_frame(), "values": values_frame(),
            "footnote": "Sources: test"} | kwargs
    return charts.radar_figure(score_frame(), COUNTRIES, AXES, **args)


# -- radar_figure ----------------------------------------------------------------------------------------------

def test_radar_is_pure():
    scores, refs, values = score_frame(), references_frame(), values_frame()
    copies = scores.copy(), refs.copy(), values.copy()
    one = charts.radar_figure(scores, COUNTRIES, AXES, title="T", references=refs, values=values)
    two = charts.radar_figure(scores, COUNTRIES, AXES, title="T", references=refs, values=values)
    assert one.to_json() == two.to_json()
    for before, after in zip(copies, (scores, refs, values)):
        pd.testing.assert_frame_equal(before, after)


def test_radar_closes_every_outline():
    for trace in as_json(radar())["data"]:
        assert len(trace["r"]) == len(AXES) + 1
        assert trace["r"][-1] == trace["r"][0]
        assert trace["theta"][-1] == trace["theta"][0]


def test_radar_axes_follow_the_framework_order():
    fig = as_json(radar())
    for trace in fig["data"]:
        assert [unwrap(t) for t in trace["theta"][:-1]] == [unwrap(a) for a in AXES]
    assert fig["layout"]["polar"]["angularaxis"]["direction"] == "clockwise"
    assert fig["layout"]["polar"]["angularaxis"]["rotation"] == 90  # first axis at the top
    assert fig["layout"]["polar"]["radialaxis"]["range"] == [0, 100]


def test_radar_axis_order_is_the_given_order_not_the_alphabet():
    reordered = list(reversed(AXES))
    frame = score_frame()
    frame["axis_order"] = frame["axis_name"].map({a: i for i, a in enumerate(reordered, start=1)})
    fig = as_json(charts.radar_figure(frame, COUNTRIES, reordered, title="T"))
    serbia = next(t for t in fig["data"] if t["meta"]["iso3"] == "SRB")
    assert [unwrap(t) for t in serbia["theta"][:-1]] == [unwrap(a) for a in reordered]
    assert serbia["r"][:-1] == [round(v, 2) for v in reversed(SCORES["SRB"])]


def test_radar_country_r_are_the_scores_rounded_to_hundredths():
    fig = as_json(radar())
    by_iso = {t["meta"]["iso3"]: t for t in fig["data"] if t.get("meta")}
    assert list(by_iso) == ["ALB", "XKX", "SRB"]  # countries-table order
    assert by_iso["ALB"]["r"] == [50.0, 61.09, 42.15, 50.0]
    assert by_iso["SRB"]["r"] == [38.89, 56.02, 42.18, 38.89]
    assert [t["name"] for t in fig["data"]] == ["WB6 mean", "EU-27 mean", "Albania", "Kosovo*", "Serbia"]


def test_radar_missing_score_is_a_gap_not_zero():
    fig = as_json(radar())
    kosovo = next(t for t in fig["data"] if t.get("meta", {}).get("iso3") == "XKX")
    assert kosovo["r"] == [None, 62.85, 42.47, None]
    assert kosovo["connectgaps"] is False
    eu = next(t for t in fig["data"] if t["name"] == "EU-27 mean")
    assert eu["r"] == [64.81, None, 59.77, 64.81]
    assert "Missing" in kosovo["hovertext"][0]


def test_radar_hover_carries_raw_value_score_year_and_source():
    fig = as_json(radar())
    serbia = next(t for t in fig["data"] if t.get("meta", {}).get("iso3") == "SRB")
    policing = serbia["hovertext"][1]
    for needle in ("Serbia", "Policing and investigations", "56.0", "Law enforcement", "6.040", "2023",
                   "GI-TOC OC Index", "0.560", "2024", "WJP Rule of Law Index"):
        assert needle in policing, needle
    assert "4.500" in serbia["hovertext"][0] and "38.9" in serbia["hovertext"][0]
    assert serbia["hovertemplate"] == "%{hovertext}<extra></extra>"


def test_radar_without_values_still_hovers_the_score():
    fig = as_json(charts.radar_figure(score_frame(), COUNTRIES, AXES, title="T"))
    albania = fig["data"][0]
    assert "61.1" in albania["hovertext"][1] and "•" not in albania["hovertext"][1]


def test_radar_references_are_dashed_and_dotted():
    fig = as_json(radar())
    styles = {t["name"]: t["line"]["dash"] for t in fig["data"] if t["name"] in ("WB6 mean", "EU-27 mean")}
    assert styles == {"WB6 mean": "dash", "EU-27 mean": "dot"}
    countries = [t for t in fig["data"] if t.get("meta")]
    assert all(t["line"].get("dash") in (None, "solid") for t in countries)
    wb6 = next(t for t in fig["data"] if t["name"] == "WB6 mean")
    assert wb6["r"] == [44.4, 59.99, 42.27, 44.4]  # in axis order although the frame came reversed


def test_radar_countries_keep_their_colours():
    fig = as_json(radar())
    for trace in fig["data"]:
        if trace.get("meta"):
            colour = COUNTRIES.set_index("iso3").at[trace["meta"]["iso3"], "colour"]
            assert trace["line"]["color"] == colour


# -- heatmap_figure --------------------------------------------------------------------------------------------

def test_heatmap_z_is_axes_by_countries_with_gaps():
    fig = as_json(charts.heatmap_figure(score_frame(), COUNTRIES, AXES, title="T", values=values_frame()))
    heat = fig["data"][0]
    assert heat["type"] == "heatmap"
    assert heat["x"] == ["Albania", "Kosovo*", "Serbia"]
    assert [unwrap(y) for y in heat["y"]] == [unwrap(a) for a in AXES]
    z = array(heat["z"])
    expected = np.array([SCORES[c] for c in ("ALB", "XKX", "SRB")]).T
    np.testing.assert_allclose(z, expected, atol=1e-9)  # NaN where expected NaN
    assert math.isnan(z[0, 1])
    assert heat["text"][0][1] == "n/a" and heat["text"][0][0] == "50.0"
    assert heat["zmin"] == 0 and heat["zmax"] == 100
    assert "Law enforcement" in heat["hovertext"][1][2]


def test_heatmap_missing_cell_is_not_zero_filled():
    fig = charts.heatmap_figure(score_frame(), COUNTRIES, AXES, title="T")
    z = np.asarray(fig.data[0].z, dtype=float)
    assert np.isnan(z).sum() == 1  # only Kosovo's missing axis
    assert not (z == 0).any()


def test_heatmap_missing_cell_has_the_light_missing_fill():
    fig = charts.heatmap_figure(score_frame(), COUNTRIES, AXES, title="T")
    assert fig.layout.plot_bgcolor == charts.MISSING_FILL


# -- slope_figure ----------------------------------------------------------------------------------------------

def change_frame():
    return pd.DataFrame({"country_iso3": ["SRB", "ALB", "XKX"], "score_before": [40.0, 45.556, math.nan],
                         "score_after": [38.0, 50.0, 60.0]})


def test_slope_has_one_line_per_country_between_the_two_years():
    fig = as_json(charts.slope_figure(change_frame(), COUNTRIES, 2015, 2023, title="T"))
    lines = {t["name"]: t for t in fig["data"]}
    assert list(lines) == ["Albania", "Kosovo*", "Serbia"]
    assert all(t["x"] == ["2015", "2023"] for t in lines.values())
    assert lines["Albania"]["y"] == [45.56, 50.0]
    assert lines["Serbia"]["y"] == [40.0, 38.0]
    assert lines["Kosovo*"]["y"] == [None, 60.0]  # no score in the first year: a gap, not 0
    assert "-2.0" in lines["Serbia"]["hovertemplate"]
    assert fig["layout"]["yaxis"]["range"] == [0, 100]


def test_slope_labels_both_ends():
    fig = as_json(charts.slope_figure(change_frame(), COUNTRIES, 2015, 2023, title="T"))
    texts = [a["text"] for a in fig["layout"]["annotations"]]
    assert "Albania 50.0" in texts and "Serbia 38.0" in texts and "45.6" in texts
    assert "n/a" not in " ".join(texts)  # a missing end has no label


# -- lines_figure ----------------------------------------------------------------------------------------------

def over_time_frame(years=(2021, 2023, 2025)):
    frames = []
    for k, year in enumerate(years):
        shifted = {c: [v + k for v in vals] for c, vals in SCORES.items()}
        frames.append(score_frame(shifted, shuffle=False, year=year).assign(year=year))
    return pd.concat(frames, ignore_index=True).sample(frac=1.0, random_state=1).reset_index(drop=True)


def test_lines_one_panel_per_axis_one_line_per_country():
    fig = as_json(charts.lines_figure(over_time_frame(), COUNTRIES, AXES, title="T"))
    assert len(fig["data"]) == len(AXES) * 3
    titles = [unwrap(a["text"]) for a in fig["layout"]["annotations"]]
    assert titles[:3] == [unwrap(a) for a in AXES]
    first_panel = fig["data"][:3]
    assert [t["name"] for t in first_panel] == ["Albania", "Kosovo*", "Serbia"]
    assert all(t["showlegend"] for t in first_panel)
    assert not any(t["showlegend"] for t in fig["data"][3:])  # each country once in the legend
    albania = first_panel[0]
    assert list(array(albania["x"])) == [2021, 2023, 2025]
    assert albania["y"] == [50.0, 51.0, 52.0]
    assert first_panel[1]["y"] == [None, None, None]  # Kosovo's missing axis: gaps
    assert fig["layout"]["yaxis"]["range"] == [0, 100]


# -- gap_dot_figure --------------------------------------------------------------------------------------------

def test_gap_dots_compare_the_country_with_the_references():
    distance = pd.DataFrame({
        "axis_id": AXIS_IDS, "axis_name": AXES, "axis_order": [3, 1, 2], "score": [38.9, math.nan, 42.2],
        "wb6_mean": [44.4, 60.0, 42.3], "eu27_mean": [64.8, 69.8, 59.8], "eu_weakest": ["BGR", "ROU", None],
        "eu_weakest_score": [40.0, 50.0, math.nan],
    })
    fig = as_json(charts.gap_dot_figure(distance, "Serbia", "#56B4E9", title="T"))
    by_name = {t["name"]: t for t in fig["data"]}
    assert list(by_name) == ["Weakest EU member", "EU-27 mean", "WB6 mean", "Serbia"]
    order = [AXES[1], AXES[2], AXES[0]]  # sorted by axis_order
    for trace in fig["data"]:
        assert trace["mode"] == "markers"
        assert [unwrap(y) for y in trace["y"]] == [unwrap(a) for a in order]
    assert by_name["Serbia"]["x"] == [None, 42.2, 38.9]
    assert by_name["EU-27 mean"]["x"] == [69.8, 59.8, 64.8]
    assert by_name["Weakest EU member"]["x"] == [50.0, None, 40.0]
    assert "(ROU)" in by_name["Weakest EU member"]["hovertext"][0]
    assert by_name["Serbia"]["marker"]["color"] == "#56B4E9"
    assert fig["layout"]["xaxis"]["range"] == [0, 100]


# -- coverage_figure -------------------------------------------------------------------------------------------

def test_coverage_marks_covered_cells_and_crosses_the_rest():
    coverage = pd.DataFrame({
        "country_iso3": ["ALB", "ALB", "SRB", "ALB"], "year": [2021, 2023, 2023, 2023],
        "source_id": ["oc", "oc", "oc", "cpi"], "source": ["OC Index", "OC Index", "OC Index", "CPI"],
        "n_indicators": [34, 34, 34, 1],
    })
    fig = as_json(charts.coverage_figure(coverage, COUNTRIES, [2021, 2023], title="T"))
    heatmaps = [t for t in fig["data"] if t["type"] == "heatmap"]
    crosses = [t for t in fig["data"] if t["type"] == "scatter"]
    assert len(heatmaps) == 2  # one panel per source (CPI, OC Index)
    cpi, oc = heatmaps
    assert oc["y"] == ["Albania", "Serbia"] and oc["x"] == ["2021", "2023"]
    np.testing.assert_array_equal(array(oc["z"]), [[1.0, 1.0], [np.nan, 1.0]])
    assert oc["text"] == [["34", "34"], ["", "34"]]
    assert cpi["y"] == ["Albania", "Serbia"]  # the same rows in every panel
    assert cpi["text"] == [["", "1"], ["", ""]]
    assert [(c["x"], c["y"]) for c in crosses] == [
        (["2021", "2021", "2023"], ["Albania", "Serbia", "Serbia"]),  # CPI: not covered (never a low score)
        (["2021"], ["Serbia"]),  # OC Index
    ]
    assert [c["showlegend"] for c in crosses] == [True, False]  # "not covered" once in the legend
    assert all(c["name"] == "not covered" for c in crosses)


# -- animated_radar_figure -------------------------------------------------------------------------------------

def test_animation_has_a_frame_per_year_and_a_fixed_range():
    over_time = over_time_frame()
    fig = as_json(charts.animated_radar_figure(over_time, COUNTRIES, AXES, title="T"))
    assert [f["name"] for f in fig["frames"]] == ["2021", "2023", "2025"]
    assert fig["layout"]["polar"]["radialaxis"]["range"] == [0, 100]
    assert [s["label"] for s in fig["layout"]["sliders"][0]["steps"]] == ["2021", "2023", "2025"]
    assert fig["layout"]["sliders"][0]["active"] == 2  # starts at the last year
    for k, frame in enumerate(fig["frames"]):
        albania = frame["data"][0]
        assert albania["r"] == [50.0 + k, 61.09 + k, 42.15 + k, 50.0 + k]
        assert frame["data"][1]["r"][0] is None  # Kosovo's gap in every frame
    assert [t["r"] for t in fig["data"]] == [t["r"] for t in fig["frames"][2]["data"]]


def test_animation_can_start_at_a_given_year():
    fig = as_json(charts.animated_radar_figure(over_time_frame(), COUNTRIES, AXES, title="T", start_year=2021))
    assert fig["layout"]["sliders"][0]["active"] == 0
    assert fig["data"][0]["r"][0] == 50.0
    fig = as_json(charts.animated_radar_figure(over_time_frame(), COUNTRIES, AXES, title="T", start_year=1999))
    assert fig["layout"]["sliders"][0]["active"] == 2  # not a year of the data: the last one


# -- screen_figure and legend_items ----------------------------------------------------------------------------

def test_screen_figure_moves_title_legend_and_footnote_out():
    fig = radar()
    before = fig.to_json()
    screen, title, subtitle = charts.screen_figure(fig)
    assert (title, subtitle) == ("T", "S")
    layout = as_json(screen)["layout"]
    assert not (layout.get("title") or {}).get("text")
    assert layout["showlegend"] is False
    assert not [a for a in layout.get("annotations", []) if a.get("name") == charts.FOOTNOTE]
    assert fig.to_json() == before  # the input figure is untouched
    assert [t["r"] for t in as_json(screen)["data"]] == [t["r"] for t in as_json(fig)["data"]]


def test_screen_figure_keeps_other_annotations():
    fig = charts.lines_figure(over_time_frame(), COUNTRIES, AXES, title="T", footnote="Sources: x")
    screen, title, subtitle = charts.screen_figure(fig)
    assert (title, subtitle) == ("T", "")
    texts = [a.text for a in screen.layout.annotations]
    assert len(texts) == len(AXES) and "Sources: x" not in texts  # panel titles stay, the footnote goes


def test_legend_items_lists_each_entry_once():
    items = charts.legend_items(radar())
    assert [i["name"] for i in items] == ["WB6 mean", "EU-27 mean", "Albania", "Kosovo*", "Serbia"]
    assert [i["dash"] for i in items] == ["dash", "dot", "solid", "solid", "solid"]
    assert items[2]["colour"] == "#D55E00"
    lines = charts.legend_items(charts.lines_figure(over_time_frame(), COUNTRIES, AXES, title="T"))
    assert [i["name"] for i in lines] == ["Albania", "Kosovo*", "Serbia"]
    coverage = pd.DataFrame({"country_iso3": ["ALB"], "year": [2023], "source_id": ["oc"], "source": ["OC"],
                             "n_indicators": [3]})
    cov = charts.legend_items(charts.coverage_figure(coverage, COUNTRIES.iloc[[0, 2]], [2021, 2023], title="T"))
    assert [i["name"] for i in cov] == ["not covered"] and cov[0]["symbol"] == "x-thin"


@pytest.mark.parametrize("wrap", [14, 18, 28, 40])  # the widths the pages use
def test_wrap_label_keeps_every_word(wrap):
    label = "Independence and integrity of the justice chain"
    wrapped = charts.wrap_label(label, wrap)
    assert wrapped.replace("<br>", " ") == label
    assert all(len(line) <= wrap for line in wrapped.split("<br>"))


def test_animation_frames_carry_only_the_numbers_that_change():
    """Each frame sends r and the hover's numbers (customdata) for one shared template, not a text per point."""
    fig = as_json(charts.animated_radar_figure(over_time_frame(), COUNTRIES, AXES, title="T"))
    template = fig["data"][0]["hovertemplate"]
    assert "%{customdata[0]}" in template and "%{fullData.name}" in template and "hovertext" not in fig["data"][0]
    for k, frame in enumerate(fig["frames"]):
        for trace in frame["data"]:
            assert set(trace) <= {"r", "customdata", "type"}, set(trace)
        albania = frame["data"][0]["customdata"]
        assert [p[0] for p in albania] == [f"{v + k:.1f}" for v in (50.0, 61.09, 42.15, 50.0)]
        assert frame["data"][1]["customdata"][0] is None  # Kosovo's gap: no hover numbers

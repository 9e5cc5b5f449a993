"""The view registry and the view spec (radar.views): one table of pages and view types, links parsed into
hashable specs, and builders that make a page's view and its presenter slide from the same spec."""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from radar import i18n
from radar.views import registry
from radar.views.build import BUILDERS, build
from radar.views.source import StoreSource
from radar.views.spec import MEAN_AXIS, ViewSpec, spec_from_link, stepped

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def source(store) -> StoreSource:
    return StoreSource(store)


def link(source, page, **raw):
    return spec_from_link(page, raw, source, default_framework="wbocr")


def test_every_page_has_its_file_and_a_render_function():
    for entry in registry.PAGES:
        path = ROOT / entry.file
        assert path.is_file(), entry.file
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
        assert "render" in functions, f"{entry.file} has no render(ctx)"


def test_every_view_type_has_a_builder_and_every_builder_a_registry_entry():
    registered = {(p.path, v.view_id) for p in registry.PAGES for v in (*p.views, *p.extra)}
    assert registered == set(BUILDERS)


def test_url_paths_are_unique_and_the_first_page_is_the_default():
    paths = [p.path for p in registry.PAGES]
    assert len(paths) == len(set(paths))
    assert registry.page("") is registry.PAGES[0]
    assert registry.page("no-such-page") is registry.PAGES[0]
    assert registry.page("compare").path == "compare"


def test_deck_keys_cover_every_parameter_a_presentable_page_reads():
    for entry in registry.PAGES:
        if not entry.editors_only and entry.in_decks:
            assert set(entry.params) <= set(registry.DECK_KEYS), entry.path
    assert "publish" not in registry.DECK_PAGES


def test_a_spec_is_hashable_and_equal_specs_hash_alike(source):
    a, _ = link(source, "compare", view="heatmap", y="2023", c="SRB,ALB")
    b, _ = link(source, "compare", view="HEATMAP", y="2023", c="SRB,ALB")
    assert a == b and hash(a) == hash(b)
    assert {a: 1}[b] == 1
    assert a.countries == ("SRB", "ALB")  # the order given is kept


def test_a_link_with_bad_values_gives_the_defaults_and_a_notice_each(source):
    spec, notices = link(source, "change", fw="nope", y="20x5", view="pie", axis="<b>", c="XXX")
    years = source.framework_years("wbocr")
    assert (spec.framework_id, spec.year, spec.view, spec.axis) == ("wbocr", years[-1], "radar", MEAN_AXIS)
    assert spec.countries == ("ALB", "BIH", "XKX", "MNE", "MKD", "SRB")
    assert len(notices) == 5
    assert not any("<b>" in n for n in notices)


def test_page_scoped_parameters_belong_to_their_page(source):
    spec, notices = link(source, "overview", view="heatmap", axis="x")
    assert spec.view == "radar" and spec.axis == MEAN_AXIS and not notices  # not Overview's parameters
    compare, _ = link(source, "compare", view="heatmap")
    change, notices = link(source, "change", view="heatmap")
    assert compare.view == "heatmap" and change.view == "radar" and notices


def test_change_span_defaults_to_the_last_eight_years_and_is_ordered(source):
    years = source.framework_years("wbocr")
    spec, _ = link(source, "change")
    assert (spec.year_from, spec.year_to) == (years[-8], years[-1])
    spec, _ = link(source, "change", **{"from": str(years[-1]), "to": str(years[0])})
    assert (spec.year_from, spec.year_to) == (years[0], years[-1])


def test_stepping_moves_the_year_or_the_end_of_a_span_within_the_years(source):
    years = source.framework_years("wbocr")
    spec, _ = link(source, "overview")
    assert stepped(spec, years, -1).year == years[-2]
    assert stepped(spec, years, +5).year == years[-1]
    span, _ = link(source, "change", view="slope")
    back = stepped(span, years, -3)
    assert back.year_to == years[-4] and back.year_from <= back.year_to


def test_link_params_round_trip_through_the_parser(source):
    for page, raw in [("compare", {"view": "multiples", "y": "2022", "c": "MNE,MKD"}),
                      ("change", {"view": "slope", "from": "2019", "to": "2024", "axis": "corruption"}),
                      ("country", {"country": "XKX", "y": "2023"})]:
        spec, notices = link(source, page, **raw)
        again, _ = link(source, page, **spec.link_params())
        assert again == spec, (page, notices)


def _flat(values) -> list[str]:
    """A trace's values as text, labels unwrapped (a slide may wrap an axis label differently)."""
    return [str(v).replace("<br>", " ") for v in np.asarray(values, dtype=object).ravel()]


@pytest.mark.parametrize(("page", "view"), sorted(BUILDERS))
def test_a_slide_shows_the_same_view_type_and_numbers_as_its_page(source, page, view):
    spec, _ = link(source, page, c="ALB,SRB" if view != "multiples" else "ALB,BIH,SRB")
    spec = replace(spec, view=view)
    screen, slide = build(spec, source), build(spec.styled("presenter"), source)
    assert len(screen.figures) == len(slide.figures)
    assert screen.finding == slide.finding
    for a, b in zip(screen.figures, slide.figures):
        assert [t.type for t in a.data] == [t.type for t in b.data]
        for ta, tb in zip(a.data, b.data):
            for attr in ("r", "z", "y"):
                if hasattr(ta, attr) and getattr(ta, attr) is not None:
                    assert _flat(getattr(ta, attr)) == _flat(getattr(tb, attr)), (page, view, attr)
    if screen.table is not None:
        pd.testing.assert_frame_equal(screen.table, slide.table)


def test_the_heatmap_spec_builds_a_heatmap_and_the_table_spec_a_table(source):
    spec, _ = link(source, "compare", view="heatmap")
    assert [t.type for t in build(spec, source).figure.data] == ["heatmap"]
    table = build(replace(spec, view="table"), source)
    assert table.figures == () and list(table.table.columns[-2:]) == ["WB6 mean", "EU-27 mean"]


def test_a_spec_builds_in_its_own_language_and_leaves_the_run_language_alone(source):
    spec, _ = link(source, "overview", y="2025")
    i18n.set_language("en")
    english = build(spec, source)
    albanian = build(replace(spec, language="sq"), source)
    assert i18n.language() == "en"
    assert english.title != albanian.title
    assert english.table.iloc[:, 2].equals(albanian.table.iloc[:, 2])  # same scores, gaps in the same places


def test_the_table_view_shows_the_hand_computed_score(source, source_rows):
    """WGI rule of law, Serbia, 2023: the published estimate e on the -2.5..2.5 scale is (e + 2.5) / 5 * 100."""
    row = source_rows[(source_rows["country_iso3"] == "SRB") & (source_rows["year"] == 2023)
                      & (source_rows["indicator_id"] == "wgi_rl_est")]
    expected = round((float(row["value"].iloc[0]) + 2.5) / 5 * 100, 1)
    built = build(ViewSpec("compare", "table", "wgi", ("SRB",), 2023), source)
    shown = built.table.set_index("Axis").at["Rule of law", "Serbia"]
    assert shown == pytest.approx(expected, abs=0.05)


def test_basis_is_a_shared_link_parameter_of_every_chart_page(source):
    for name in ("overview", "compare", "change", "country"):
        assert "basis" in registry.page(name).params
        spec, notices = link(source, name, basis="common")
        assert spec.basis == "common" and not notices
        assert spec.link_params()["basis"] == "common"
        assert "basis" not in link(source, name)[0].link_params()  # the default stays out of the link
    spec, notices = link(source, "overview", basis="bogus")
    assert spec.basis == "all" and len(notices) == 1
    assert link(source, "data", basis="common")[0].basis == "all"  # the Data page has no basis


def test_common_basis_scores_every_shown_country_on_the_same_indicators(source):
    spec, _ = link(source, "compare", basis="common", y="2025")
    built = build(spec, source)
    assert "◆" not in "".join(built.table["Indicators used"])
    per_axis = built.table.dropna(subset=["Score (0-100)"]).groupby("Axis")["Indicators used"].nunique()
    assert (per_axis == 1).all()  # one indicator set per axis for all six
    default = build(replace(spec, basis="all"), source)
    assert default.table["Indicators used"].str.startswith("◆").any()


def test_country_finding_says_where_its_gap_to_the_eu_mean_is_not_like_for_like(source):
    kosovo, _ = link(source, "country", country="XKX", y="2025")
    text = build(kosovo, source).finding
    # Kosovo is not covered by the OC Index; every EU member is, on these three axes
    assert ("On Policing and investigations, Prosecution and courts, Anti-corruption and accountability, Kosovo’s "
            "score rests on fewer sources than most EU members’ (without the OC Index)") in text
    assert "not like for like" not in build(replace(kosovo, basis="common"), source).finding
    serbia, _ = link(source, "country", country="SRB", y="2025")
    assert "not like for like" not in build(serbia, source).finding

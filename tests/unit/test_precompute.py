"""Precomputed scores (radar.precompute): part of every warehouse, equal to the scores computed on the fly, with
the means' members; a warehouse without them still works (computed on the fly)."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from radar import analysis, settings
from radar.schema import DERIVED_TABLES, EU27, WB6
from radar.store import Store


def test_the_committed_warehouse_carries_its_precomputed_scores(store):
    assert store.has_scores
    counts = store.query("SELECT framework_id, count(DISTINCT year) AS years FROM scores GROUP BY ALL")
    frameworks = set(store.frameworks()["framework_id"])
    assert set(counts["framework_id"]) == frameworks
    for row in counts.itertuples():
        assert row.years == len(analysis.framework_years(store, row.framework_id))


@pytest.mark.parametrize("framework_id", ["wbocr", "wgi", "oc_resilience", "wjp_factors"])
def test_precomputed_scores_equal_the_scores_computed_from_the_observations(store, framework_id):
    fw = analysis.framework(store, framework_id)
    years = analysis.framework_years(store, framework_id)
    for year in sorted({years[0], years[len(years) // 2], years[-1]}):
        read, computed = analysis.year_scores(store, fw, year), analysis.computed_year_scores(store, fw, year)
        key = ["country_iso3", "axis_order"]
        pd.testing.assert_frame_equal(read.scores.sort_values(key, ignore_index=True),
                                      computed.scores.sort_values(key, ignore_index=True), check_dtype=False)
        ref_key = ["reference", "axis_order"]
        columns = list(computed.references.columns)
        pd.testing.assert_frame_equal(read.references[columns].sort_values(ref_key, ignore_index=True),
                                      computed.references.sort_values(ref_key, ignore_index=True),
                                      check_dtype=False)
        vkey = ["country_iso3", "indicator_id", "axis_id"]
        vcols = list(computed.values.columns)
        pd.testing.assert_frame_equal(read.values[vcols].sort_values(vkey, ignore_index=True),
                                      computed.values.sort_values(vkey, ignore_index=True), check_dtype=False)


def test_the_means_name_their_members_and_count_them(store):
    means = store.query("SELECT * FROM score_means WHERE framework_id = 'wbocr' AND year = 2025")
    scores = store.query("SELECT * FROM scores WHERE framework_id = 'wbocr' AND year = 2025 AND score IS NOT NULL")
    for row in means.itertuples():
        region = WB6 if row.reference == "WB6" else EU27
        have = sorted(scores[(scores["axis_id"] == row.axis_id) & scores["country_iso3"].isin(region)]["country_iso3"])
        assert row.members.split(",") == have and row.n == len(have)
        # the mean is the plain mean of the members' scores
        expected = scores[(scores["axis_id"] == row.axis_id) & scores["country_iso3"].isin(have)]["score"].mean()
        assert row.score == pytest.approx(expected)
    kosovo_missing = means[(means["reference"] == "WB6") & ~means["members"].str.contains("XKX")]
    assert not kosovo_missing.empty  # the OC Index does not cover Kosovo: some WB6 means are of five


def test_a_warehouse_without_precomputed_scores_is_scored_on_the_fly(tmp_path):
    old = tmp_path / "old"
    shutil.copytree(settings.WAREHOUSE_DIR, old)
    for table in DERIVED_TABLES:
        (old / f"{table.name}.parquet").unlink()
    legacy, current = Store(old), Store(settings.WAREHOUSE_DIR)
    try:
        assert not legacy.has_scores
        fw_old, fw_new = analysis.framework(legacy, "wbocr"), analysis.framework(current, "wbocr")
        a, b = analysis.year_scores(legacy, fw_old, 2023), analysis.year_scores(current, fw_new, 2023)
        key = ["country_iso3", "axis_order"]
        pd.testing.assert_frame_equal(a.scores.sort_values(key, ignore_index=True),
                                      b.scores.sort_values(key, ignore_index=True), check_dtype=False)
    finally:
        legacy.close()
        current.close()

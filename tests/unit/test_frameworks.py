"""Frameworks as reviewed data: data/frameworks.toml loads into the `frameworks` table, and a bad file is refused
with a message that says what is wrong and where."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from radar import settings
from radar.frameworks import frameworks_table
from radar.ingest import gitoc_ocindex, wb_wgi
from radar.schema import SchemaError


@pytest.fixture(scope="module")
def warehouse_indicators() -> set[str]:
    return set(pq.read_table(settings.WAREHOUSE_DIR / "indicators.parquet", columns=["indicator_id"])
               .column("indicator_id").to_pylist())


@pytest.fixture(scope="module")
def table(warehouse_indicators: set[str]) -> pd.DataFrame:
    return frameworks_table(settings.FRAMEWORKS_FILE, warehouse_indicators)


def _axes(table: pd.DataFrame, framework_id: str) -> pd.DataFrame:
    rows = table[table["framework_id"] == framework_id].sort_values(["axis_order", "indicator_id"])
    return rows.drop_duplicates("axis_id")


def _oc_components(group: str) -> list[str]:
    """GI-TOC's own order of one group's components (the adapter lists them as published), without the average."""
    components = [i for i in gitoc_ocindex.INDICATORS if i.group == group]
    return [i.indicator_id for i in components if not i.indicator_id.endswith("_score")]


# ---- the real file -----------------------------------------------------------------------------------------------

def test_real_file_lists_the_six_frameworks_in_order(table: pd.DataFrame) -> None:
    order = table.drop_duplicates("framework_id").sort_values("framework_order")["framework_id"].tolist()
    assert order == ["wbocr", "oc_resilience", "oc_threat", "wgi", "wjp_factors", "wjp_criminal_justice"]


@pytest.mark.parametrize(("framework_id", "n_axes", "measures"), [
    ("wbocr", 8, "performance"), ("oc_resilience", 12, "performance"), ("oc_threat", 20, "threat"),
    ("wgi", 6, "performance"), ("wjp_factors", 8, "performance"), ("wjp_criminal_justice", 7, "performance"),
])
def test_framework_axis_count_and_what_it_measures(table: pd.DataFrame, framework_id: str, n_axes: int,
                                                   measures: str) -> None:
    axes = _axes(table, framework_id)
    assert axes["axis_order"].tolist() == list(range(1, n_axes + 1))
    assert set(table.loc[table["framework_id"] == framework_id, "measures"]) == {measures}


def test_wbocr_pillars_in_their_documented_order(table: pd.DataFrame) -> None:
    assert _axes(table, "wbocr")["axis_id"].tolist() == [
        "political_will", "policing", "prosecution_courts", "justice_integrity", "anti_corruption",
        "financial_integrity", "borders_cooperation", "prevention_society",
    ]
    policing = table[(table["framework_id"] == "wbocr") & (table["axis_id"] == "policing")]
    assert sorted(policing["indicator_id"]) == ["ocindex_law_enforcement", "wjp_5_1", "wjp_8_1"]
    assert (policing["weight"] == 1.0).all()


@pytest.mark.parametrize(("framework_id", "expected"), [
    ("oc_resilience", _oc_components("resilience")),
    ("oc_threat", _oc_components("criminal_markets") + _oc_components("criminal_actors")),
    ("wgi", [f"wgi_{dim}_est" for dim in wb_wgi.DIMENSIONS]),
    ("wjp_factors", [f"wjp_f{n}" for n in range(1, 9)]),
    ("wjp_criminal_justice", [f"wjp_8_{n}" for n in range(1, 8)]),
])
def test_single_source_frameworks_follow_the_publishers_order(table: pd.DataFrame, framework_id: str,
                                                              expected: list[str]) -> None:
    axes = _axes(table, framework_id)
    assert axes["indicator_id"].tolist() == expected
    assert not table[table["framework_id"] == framework_id].duplicated("axis_id").any()  # one indicator per axis


def test_every_framework_indicator_is_in_the_warehouse(table: pd.DataFrame, warehouse_indicators: set[str]) -> None:
    assert set(table["indicator_id"]) <= warehouse_indicators


def test_committed_frameworks_table_is_this_file(table: pd.DataFrame) -> None:
    committed = pq.read_table(settings.WAREHOUSE_DIR / "frameworks.parquet").to_pandas()
    key = ["framework_id", "axis_id", "indicator_id"]
    ours = table.sort_values(key, ignore_index=True)
    committed = committed.sort_values(key, ignore_index=True)[ours.columns]
    pd.testing.assert_frame_equal(ours, committed, check_dtype=False)


# ---- bad files are refused ---------------------------------------------------------------------------------------

KNOWN = {"a", "b", "c", "d"}


def _framework(axes: str, header: str = "") -> str:
    return f'[[framework]]\nid = "fw"\nname = "Test"\n{header}\n{axes}'


def _axis(axis_id: str, indicators: str = '["a"]', extra: str = "") -> str:
    return f'[[framework.axis]]\nid = "{axis_id}"\nname = "{axis_id}"\nindicators = {indicators}\n{extra}\n'


GOOD_AXES = _axis("x", '["a"]') + _axis("y", '["b"]') + _axis("z", '["c", "d"]', "weights = [2.0, 1.0]")


def _load(tmp_path: Path, text: str) -> pd.DataFrame:
    path = tmp_path / "frameworks.toml"
    path.write_text(text, encoding="utf-8")
    return frameworks_table(path, KNOWN)


def test_a_good_small_file_loads(tmp_path: Path) -> None:
    table = _load(tmp_path, _framework(GOOD_AXES))
    assert table["axis_id"].tolist() == ["x", "y", "z", "z"]
    assert table["weight"].tolist() == [1.0, 1.0, 2.0, 1.0]
    assert set(table["measures"]) == {"performance"}


@pytest.mark.parametrize(("text", "message"), [
    (_framework(_axis("x", '["a"]') + _axis("y", '["b"]') + _axis("z", '["nope"]')),
     r"framework fw, axis z: unknown indicators \['nope'\]"),
    (_framework(_axis("x") + _axis("y", '["b"]')), r"framework fw: a radar needs at least 3 axes, has 2"),
    (_framework(_axis("x") + _axis("y", '["b"]') + _axis("x", '["c"]')), r"framework fw: axis ids repeat"),
    (_framework(_axis("x") + _axis("y", '["b"]') + _axis("z", '["c", "d"]', "weights = [1.0, 0.0]")),
     r"framework fw, axis z: weights must be positive"),
    (_framework(_axis("x") + _axis("y", '["b"]') + _axis("z", '["c", "d"]', "weights = [1.0, -2.0]")),
     r"framework fw, axis z: weights must be positive"),
    (_framework(_axis("x") + _axis("y", '["b"]') + _axis("z", '["c", "d"]', "weights = [1.0]")),
     r"framework fw, axis z: 1 weights for 2 indicators"),
    (_framework(GOOD_AXES, 'measures = "vibes"'), r"framework fw: measures must be one of \('performance', 'threat'\)"),
    (_framework(GOOD_AXES) + "\n" + _framework(GOOD_AXES), r"framework ids repeat"),
], ids=["unknown indicator", "two axes", "repeated axis id", "zero weight", "negative weight",
        "weights count mismatch", "unknown measures", "repeated framework id"])
def test_a_bad_file_is_refused_with_a_helpful_message(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SchemaError, match=message):
        _load(tmp_path, text)

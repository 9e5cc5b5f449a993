"""The Country profile shows why a country scored what it did (AppTest): after a network assessment is published
in a private versions folder, "Why these scores" gives the level's label, the evidence as text (never markup) and
its link, and the indicator table names the level."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import streamlit as st

from radar import settings
from radar.ui import data

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "unit" / "publish"))
from _apptools import open_menus, open_page  # noqa: E402
from _publishtools import EC_DEFINITION, score, write_xlsx  # noqa: E402

from radar.publish import pipeline  # noqa: E402

EVIDENCE = "EC 2024 report: *moderately* prepared <b>in</b> [chapter 24](javascript:alert(1))."


@pytest.fixture
def published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(settings, "VERSIONS_DIR", tmp_path / "versions")
    path = write_xlsx(tmp_path / "bcsp.xlsx", [score(country="SRB", year=2024, value=3, evidence=EVIDENCE,
                                                     evidence_url="https://example.org/ec-2024")], [EC_DEFINITION])
    manifest = pipeline.publish(path, None, "alice", "network assessment (test)")[1]
    data._store.clear()
    st.cache_data.clear()
    st.cache_resource.clear()
    yield manifest["version"]
    st.cache_data.clear()
    st.cache_resource.clear()


def test_why_these_scores_names_the_level_the_evidence_and_its_link(published: str) -> None:
    at = open_page("country", {"country": "SRB", "fw": "wbocr", "y": "2024"})
    assert not at.exception, [e.value for e in at.exception]
    assert "Why these scores" in [s.value for s in at.subheader]
    shown = "\n".join(m.value for m in at.markdown)
    line = next(li for li in shown.splitlines() if "Moderately prepared" in li)  # names are escaped text
    assert "EC Chapter 24 level of preparation" in line and "(2024): **3 · Moderately prepared**." in line
    assert "[evidence](<https://example.org/ec-2024>)" in line
    assert re.findall(r"(?<!\\)\[([^\]]*)\]\(", line) == ["evidence"]  # the only link: the data's one is text
    assert "\\*moderately\\*" in line and "<b>" not in line and "\\[chapter 24\\]" in line
    table = next(d.value for d in at.dataframe if "Level" in d.value.columns)
    row = table[table["Indicator"] == EC_DEFINITION["name"]].iloc[0]
    assert row["Level"] == "Moderately prepared" and row["Raw value"] == 3.0


def test_a_country_without_network_scores_says_so(published: str) -> None:
    at = open_page("country", {"country": "ALB", "fw": "wbocr", "y": "2024"})
    assert not at.exception
    assert any("no assessment of its own" in c.value for c in at.caption)


def test_the_profiles_chart_downloads_carry_the_values_behind_them(published: str) -> None:
    at = open_page("country", {"country": "SRB", "fw": "wbocr", "y": "2024"})
    assert not at.exception
    assert not any(e.proto.label == "Data (CSV)" for e in at.get("download_button"))  # closed menus draw nothing
    at = open_menus(at, "country_radar_export", "country_gap_export", "country_trend_export")
    assert not at.exception
    labels = [e.proto.label for e in at.get("download_button")]
    # The one-year views (the radar and the distance to the EU) list their values; the trend (many years) does not.
    assert labels.count("Values behind the chart (CSV)") == 2 and labels.count("Data (CSV)") == 3


def test_compare_table_names_the_level_beside_the_value(published: str) -> None:
    at = open_page("compare", {"view": "table", "c": "SRB", "fw": "wbocr", "y": "2024"})
    assert not at.exception, [e.value for e in at.exception]
    values = next(d.value for d in at.dataframe if "level" in d.value.columns)
    row = values[values["indicator_name"] == EC_DEFINITION["name"]].iloc[0]
    assert row["value"] == 3.0 and row["level"] == "Moderately prepared"
    assert set(values.loc[values["indicator_name"] != EC_DEFINITION["name"], "level"]) == {""}  # continuous scales

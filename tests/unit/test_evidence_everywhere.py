"""The network's assessments shown as evidence everywhere (issue 17 item 1): an ordinal value with its level's label
and a network score's evidence in the radar's hover, the CSV/Excel downloads and the briefing pack; links only when
http(s); an older version whose precomputed values lack the columns still works (no label, no evidence).

The fixtures are made here: a network assessment published into a private versions folder through the import
pipeline (as an editor would), and frames written out by hand. Expected texts come from the fixture (the EC's
Chapter 24 levels as the template defines them), never from the code under test."""

from __future__ import annotations

import csv
import io
import shutil
import sys
from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
from PIL import Image
from pptx import Presentation
from pypdf import PdfReader

from radar import analysis, briefing, exports, versions
from radar.chart_hover import hover_texts
from radar.ingest import template as tpl
from radar.store import Store
from radar.views.build import build
from radar.views.source import StoreSource
from radar.views.spec import ViewSpec

sys.path.insert(0, str(Path(__file__).resolve().parent / "publish"))
from _publishtools import EC_DEFINITION, INDICATOR, score, write_xlsx  # noqa: E402

EC = tpl.EC_PREPARATION_LABELS
LEVEL = "Moderately prepared"  # level 3 of the EC's scale (radar.ingest.template, as the EC publishes it)
SENTENCE = "EC 2024 report: Serbia is moderately prepared <b>on</b> the fight against organised crime & corruption."
LINK = "https://example.org/ec-report-2024"
OLDER = "EC 2023 report: some level of preparation."
EVIDENCE_COLUMNS = ("scale_labels", "evidence", "evidence_url")


# -- fixtures ------------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The warehouse of a version that adds Serbia's 2023 and 2024 levels with their evidence (2024: a link)."""
    folder = tmp_path_factory.mktemp("ev17")
    path = write_xlsx(folder / "bcsp.xlsx", [
        score(country="SRB", year=2024, value=3, evidence=SENTENCE, evidence_url=LINK),
        score(country="SRB", year=2023, value=2, evidence=OLDER)], [EC_DEFINITION])
    manifest = pipeline_publish(path, folder / "versions")
    return versions.warehouse_of(manifest["version"], folder / "versions")


def pipeline_publish(path: Path, versions_dir: Path) -> dict:
    from radar.publish import pipeline

    return pipeline.publish(path, None, "alice", "network assessment (test)", versions_dir=versions_dir)[1]


@pytest.fixture(scope="module")
def store(published: Path):
    opened = Store(published)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def old_version(published: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same version as one precomputed before the columns existed: its score_values without them."""
    folder = tmp_path_factory.mktemp("old") / "v"
    shutil.copytree(published, folder)
    table = pq.read_table(folder / "score_values.parquet")
    pq.write_table(table.drop_columns(list(EVIDENCE_COLUMNS)), folder / "score_values.parquet")
    return folder


def profile(store: Store, year: int = 2024, language: str = "en"):
    spec = ViewSpec(page="country", view="profile", framework_id="wbocr", countries=("SRB",), year=year,
                    country="SRB", language=language, version="test")
    return build(spec, StoreSource(store))


def serbia_hover(built, axis_word: str = "Prosecution") -> str:
    trace = next(t for t in built.figure.data if (t.meta or {}).get("iso3") == "SRB")
    return next(h for h in trace.hovertext if axis_word in h)


def blank_images() -> briefing.ChartImages:
    png = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(png, "PNG")
    return briefing.ChartImages(png.getvalue(), png.getvalue(), png.getvalue(),
                                {"radar": (40, 30), "distance": (40, 30), "trend": (40, 30)})


def hand_values(**overrides) -> pd.DataFrame:
    row = {"country_iso3": "SRB", "axis_id": "courts", "indicator_id": "ec", "indicator_name": "EC Chapter 24",
           "value": 3.0, "unit": "level (1-5)", "score": 50.0, "year": 2024, "source": "Network",
           "scale_labels": EC, "evidence": SENTENCE, "evidence_url": LINK, **overrides}
    return pd.DataFrame([row])


HAND_SCORES = pd.DataFrame([{"country_iso3": "SRB", "country_name": "Serbia", "axis_id": "courts",
                             "axis_name": "Courts", "score": 50.0, "coverage": 1.0, "year_min": 2024.0,
                             "year_max": 2024.0, "n_available": 1, "n_indicators": 1}])


# -- the hover -------------------------------------------------------------------------------------------------
def test_hover_reads_the_level_and_the_evidence_with_its_host_never_a_link() -> None:
    text = hover_texts(HAND_SCORES, hand_values())[0]
    assert "EC Chapter 24: 3 · Moderately prepared<br>&nbsp;&nbsp;&nbsp;→ 50.0/100" in text
    assert "3.000" not in text and "level (1-5)" not in text  # the label, not the number and unit
    assert "&lt;b&gt;on&lt;/b&gt;" in text and "<b>on</b>" not in text and "&amp; corruption" in text
    assert "(example.org)" in text and "<a" not in text and LINK not in text  # the host as text, no link


def test_hover_shows_no_javascript_link_and_shortens_a_long_sentence() -> None:
    long = "A very long evidence sentence. " * 20
    text = hover_texts(HAND_SCORES, hand_values(evidence=long, evidence_url="javascript:alert(1)"))[0]
    assert "javascript" not in text and "<a" not in text
    lines = [line for line in text.split("<br>") if "very long" in line]
    assert len(lines) == 2 and lines[-1].endswith("…") and len("".join(lines)) < len(long)


def test_hover_of_a_continuous_value_keeps_its_number_and_unit() -> None:
    text = hover_texts(HAND_SCORES, hand_values(value=41.0, scale_labels=None, evidence=None, evidence_url=None,
                                                unit="score (0-100)"))[0]
    assert "41.0 (score (0-100))" in text and "Evidence" not in text


def test_the_published_level_and_evidence_reach_the_radars_hover(store: Store) -> None:
    text = serbia_hover(profile(store, 2024))
    assert f"{EC_DEFINITION['name']}: 3 · {LEVEL}" in text
    assert "EC 2024 report: Serbia is moderately prepared &lt;b&gt;on&lt;/b&gt;" in text
    assert "(example.org)" in text and "<a " not in text
    later = serbia_hover(profile(store, 2025))  # 2025 uses the 2024 level (the latest up to 2025)
    assert f"3 · {LEVEL}" in later


def test_the_hover_label_is_in_the_views_language(store: Store) -> None:
    from radar import i18n

    with i18n.using("sq"):
        label = i18n._(LEVEL)
    assert label != LEVEL  # the catalogs translate the EC's levels
    assert f"3 · {label}" in serbia_hover(profile(store, 2024, "sq"), EC_DEFINITION["name"][:10])


def test_precomputed_values_carry_the_evidence_as_computed(store: Store) -> None:
    fw = analysis.framework(store, "wbocr")
    read, computed = analysis.year_scores(store, fw, 2024), analysis.computed_year_scores(store, fw, 2024)
    key = ["country_iso3", "indicator_id", "axis_id"]
    mine = read.values[read.values["indicator_id"] == INDICATOR]
    assert mine[["year", "value", "evidence", "evidence_url"]].values.tolist() == [[2024, 3.0, SENTENCE, LINK]]
    assert mine["scale_labels"].iloc[0] == EC
    columns = [*key, *EVIDENCE_COLUMNS]
    pd.testing.assert_frame_equal(read.values[columns].sort_values(key, ignore_index=True),
                                  computed.values[columns].sort_values(key, ignore_index=True), check_dtype=False)


# -- an older version ------------------------------------------------------------------------------------------
def test_a_version_precomputed_without_the_columns_still_draws_without_label_or_evidence(old_version: Path) -> None:
    old = Store(old_version)
    try:
        values = old.year_scores("wbocr", 2024)[1]
        assert all(c in values.columns for c in EVIDENCE_COLUMNS)
        assert values[list(EVIDENCE_COLUMNS)].isna().all().all()
        text = serbia_hover(profile(old, 2024))
        assert EC_DEFINITION["name"] in text and LEVEL not in text and "Evidence" not in text
        pack = briefing.build_briefing(old, "SRB", "wbocr", 2024, version="old", language="en")
        pdf = briefing.briefing_pdf(pack, blank_images())
        assert "(no evidence given)" in pdf_text(pdf) and LEVEL not in pdf_text(pdf)
        assert "level" not in exports.export_table(values).columns or not exports.export_table(values)["level"].any()
    finally:
        old.close()


# -- downloads -------------------------------------------------------------------------------------------------
def csv_rows(data: bytes) -> list[dict[str, str]]:
    text = data.decode("utf-8-sig")
    lines = [line for line in text.splitlines() if not line.startswith('"')]  # the citation lines are quoted
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


def test_the_data_download_has_the_level_next_to_the_value_and_the_evidence(store: Store) -> None:
    rows = store.observations(["SRB"], [], [INDICATOR], 2000, 2030)
    data = exports.csv_bytes(rows, ["cite me"])
    header = data.decode("utf-8-sig").splitlines()[0].split(",")
    assert header[header.index("value") + 1] == "level" and "scale_labels" not in header
    by_year = {r["year"]: r for r in csv_rows(data)}
    assert (by_year["2024"]["level"], by_year["2024"]["evidence"], by_year["2024"]["evidence_url"]) == (
        LEVEL, SENTENCE, LINK)
    assert (by_year["2023"]["level"], by_year["2023"]["evidence"], by_year["2023"]["evidence_url"]) == (
        "Some level of preparation", OLDER, "")


def test_downloads_blank_links_that_are_not_http_and_defuse_formulas() -> None:
    frame = hand_values(evidence="=HYPERLINK(\"http://evil.example\",\"click\")", evidence_url="javascript:alert(1)",
                        source_url="data:text/html,<script>x</script>")
    table = exports.export_table(frame)
    assert table["evidence_url"].tolist() == [""] and table["source_url"].tolist() == [""]
    assert list(table.columns)[list(table.columns).index("value") + 1] == "level" and table["level"][0] == LEVEL
    row = csv_rows(exports.csv_bytes(frame, []))[0]
    assert row["evidence"].startswith("'=") and row["evidence_url"] == "" and "javascript" not in str(row)
    book = openpyxl.load_workbook(io.BytesIO(exports.excel_bytes(frame, [])))
    cells = {c.value: c for c in book["data"][1]}
    evidence = book["data"].cell(row=2, column=list(cells).index("evidence") + 1)
    assert evidence.data_type == "s" and evidence.value.startswith("=HYPERLINK")  # text, never a formula


def test_a_charts_download_lists_the_values_behind_it_with_their_evidence(store: Store) -> None:
    values = StoreSource(store).year_scores("wbocr", 2024).values_for(["SRB"])
    table = exports.values_table(values, {"SRB": "Serbia"})
    data = exports.excel_bytes(pd.DataFrame({"a": [1]}), ["cite"], extra={"values": table})
    sheet = openpyxl.load_workbook(io.BytesIO(data))["values"]
    head = [c.value for c in sheet[1]]
    rows = [dict(zip(head, (c.value for c in r))) for r in sheet.iter_rows(min_row=2)]
    mine = [r for r in rows if r["indicator_id"] == INDICATOR]
    assert [(r["country"], r["value"], r["level"], r["evidence"], r["evidence_url"]) for r in mine] == [
        ("Serbia", 3, LEVEL, SENTENCE, LINK)]
    others = [r for r in rows if r["indicator_id"] != INDICATOR]
    assert others and not any(r["evidence"] or r["level"] for r in others)  # publishers' values: no evidence


# -- the briefing pack -----------------------------------------------------------------------------------------
def pdf_text(data: bytes) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def pdf_links(data: bytes) -> list[str]:
    out = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and "/URI" in action:
                out.append(str(action["/URI"]))
    return out


def deck_texts(data: bytes) -> tuple[list[str], list[str]]:
    """Each slide's text, and every hyperlink address of the deck."""
    deck = Presentation(io.BytesIO(data))
    texts, links = [], []
    for slide in deck.slides:
        parts = []
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
                links += [r.hyperlink.address for p in shape.text_frame.paragraphs for r in p.runs
                          if r.hyperlink.address]
        texts.append(" ".join(" ".join(parts).split()))
    return texts, links


@pytest.fixture(scope="module")
def pack(store: Store):
    return briefing.build_briefing(store, "SRB", "wbocr", 2024, version="test", language="en")


def test_the_briefing_pdf_says_why_with_the_level_the_evidence_and_its_link(pack) -> None:
    data = briefing.briefing_pdf(pack, blank_images())
    text = pdf_text(data)
    assert "Why these scores" in text
    assert f"{EC_DEFINITION['name']} (2024): 3 · {LEVEL}." in text
    assert "EC 2024 report: Serbia is moderately prepared <b>on</b> the fight" in text  # as text, not markup
    assert LINK in text and LINK in pdf_links(data)
    assert f"3 · {LEVEL}" in text.split("Every indicator behind each axis")[-1]  # the indicator table, too


def test_the_briefing_deck_has_a_why_slide_with_a_safe_hyperlink(pack) -> None:
    texts, links = deck_texts(briefing.briefing_pptx(pack, blank_images()))
    why = next(t for t in texts if t.startswith("Why these scores"))
    assert f"{EC_DEFINITION['name']} (2024): 3 · {LEVEL}. {SENTENCE}" in why and LINK in why
    assert links == [LINK]


def test_a_javascript_evidence_link_is_never_a_link_in_the_pack(pack) -> None:
    why = [replace(a, network=a.network.assign(evidence_url="javascript:alert(1)")) for a in pack.why]
    hostile = replace(pack, why=why)
    pdf = briefing.briefing_pdf(hostile, blank_images())
    assert "javascript" not in pdf_text(pdf) and not [u for u in pdf_links(pdf) if "javascript" in u]
    texts, links = deck_texts(briefing.briefing_pptx(hostile, blank_images()))
    assert "javascript" not in " ".join(texts) and links == []


def test_the_pack_is_written_in_its_language(store: Store) -> None:
    from radar import i18n

    with i18n.using("sr-Latn"):
        label = i18n._(LEVEL)
    assert label != LEVEL
    serbian = briefing.build_briefing(store, "SRB", "wbocr", 2024, version="test", language="sr-Latn")
    assert f"3 · {label}" in pdf_text(briefing.briefing_pdf(serbian, blank_images()))


def test_a_pack_without_network_scores_says_so_and_keeps_six_slides() -> None:
    from radar import settings

    base = Store(settings.WAREHOUSE_DIR)
    try:
        plain = briefing.build_briefing(base, "ALB", "wbocr", 2024, version="base", language="en")
    finally:
        base.close()
    assert plain.network_scores == 0
    assert "no assessment of its own" in pdf_text(briefing.briefing_pdf(plain, blank_images()))
    assert len(deck_texts(briefing.briefing_pptx(plain, blank_images()))[0]) == 6

"""Country briefing pack: the PDF and PPTX open, and show the country's numbers as the warehouse has them."""

from __future__ import annotations

import io
import re
import time
from datetime import date

import pandas as pd
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from radar import analysis, briefing, findings, scoring, settings
from radar.schema import KEPT_COUNTRIES, WB6
from radar.store import Store
from tests import expected as by_hand

FW, YEAR = "wbocr", 2025
# The EU's designation, in full (DESIGN.md; typed here, never read from the code).
KOSOVO_SENTENCE = ("This designation is without prejudice to positions on status, and is in line with UNSCR "
                   "1244/1999 and the ICJ Opinion on the Kosovo declaration of independence.")
TIMINGS: list[tuple[str, float]] = []


def timed(label: str, make):
    start = time.perf_counter()
    out = make()
    TIMINGS.append((label, time.perf_counter() - start))
    print(f"\n[briefing timing] {label}: {TIMINGS[-1][1]:.2f} s")
    return out


@pytest.fixture(scope="module")
def packs(store: Store) -> dict[str, dict]:
    """Briefing, PDF and PPTX of Serbia and Kosovo, built once (the first build starts the export browser)."""
    out = {}
    for country in ("SRB", "XKX"):
        b = timed(f"{country} data", lambda c=country: briefing.build_briefing(store, c, FW, YEAR))
        pdf = timed(f"{country} PDF", lambda b=b: briefing.briefing_pdf(b))
        pptx = timed(f"{country} PPTX", lambda b=b: briefing.briefing_pptx(b))
        out[country] = {"briefing": b, "pdf": pdf, "pptx": pptx}
    return out


def flat(text: str) -> str:
    """Extracted text with line breaks and runs of spaces (incl. no-break spaces) as single spaces."""
    return re.sub(r"-\s+(?=[a-z])", "-", " ".join(text.split()))


def pdf_text(data: bytes) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def slide_text(slide) -> str:
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return flat(" ".join(parts))


def expected_scores(store: Store, country: str) -> pd.DataFrame:
    """The country's axis scores, computed by hand from the publishers' tidy files (tests/expected.py), never
    through radar.analysis or radar.scoring; the missing reason is written here from the counts."""
    del store
    scores = by_hand.axis_scores(FW, country, YEAR)
    scores["missing_reason"] = [
        "" if pd.notna(r.score) else "no data" if r.n_available == 0 else
        f"only {r.n_available} of {r.n_indicators} indicators have data (needs 50% of the weight)"
        for r in scores.itertuples(index=False)]
    return scores


def expected_finding(store: Store, country: str, label: str) -> str:
    fw = analysis.framework(store, FW)
    return findings.country_headline(analysis.distance_to_eu(analysis.year_scores(store, fw, YEAR), country),
                                     label, YEAR)


def warehouse_values(store: Store, country: str) -> pd.DataFrame:
    """Per framework indicator: the latest value of `country` in [YEAR - lag, YEAR] and its 0-100 score, read
    with pandas from the warehouse's Parquet files (not through radar.store or radar.scoring)."""
    obs = pd.read_parquet(settings.WAREHOUSE_DIR / "observations.parquet")
    indicators = pd.read_parquet(settings.WAREHOUSE_DIR / "indicators.parquet")
    wanted = set(analysis.framework(store, FW).axes["indicator_id"])
    obs = obs[(obs["country_iso3"] == country) & obs["indicator_id"].isin(wanted)
              & obs["year"].between(YEAR - by_hand.LAG_YEARS, YEAR)]
    latest = obs.sort_values("year").groupby("indicator_id").tail(1)
    out = latest.merge(indicators[["indicator_id", "name", "unit", "scale_min", "scale_max", "higher_is_better"]],
                       on="indicator_id")
    share = ((out["value"] - out["scale_min"]) / (out["scale_max"] - out["scale_min"])).clip(0, 1)
    out["score"] = 100 * share.where(out["higher_is_better"], 1 - share)
    return out.reset_index(drop=True)


def has_number(text: str, before: str, number: str) -> bool:
    """`before` followed by exactly `number` (not a longer number that starts with it)."""
    return re.search(re.escape(f"{before} {number}") + r"(?![\d.])", text) is not None


# -- the PDF -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("country", ["SRB", "XKX"])
def test_pdf_opens_with_pages_and_metadata(packs, country):
    reader = PdfReader(io.BytesIO(packs[country]["pdf"]))
    assert len(reader.pages) >= 3
    meta = reader.metadata
    b = packs[country]["briefing"]
    assert meta.author == "WB-OCR Radar"
    assert meta.title == b.title and b.label in meta.title
    assert b.framework.name in meta.subject


@pytest.mark.parametrize("country, name", [("SRB", "Serbia"), ("XKX", "Kosovo")])
def test_pdf_names_the_country_framework_finding_and_every_axis(packs, store, country, name):
    text = pdf_text(packs[country]["pdf"])
    fw = analysis.framework(store, FW)
    assert name in text
    assert fw.name in text
    assert expected_finding(store, country, name + ("*" if country == "XKX" else "")) in text
    for axis in fw.axis_names:
        assert axis in text, axis


@pytest.mark.parametrize("country", ["SRB", "XKX"])
def test_pdf_axis_scores_match_an_independent_computation(packs, store, country):
    text = pdf_text(packs[country]["pdf"])
    scores = expected_scores(store, country)
    assert scores["score"].notna().sum() >= 3
    for row in scores.itertuples(index=False):
        if pd.isna(row.score):
            assert f"{row.axis_name} axis missing: {row.missing_reason}" in text
        else:
            assert has_number(text, f"{row.axis_name} axis score", f"{row.score:.1f}"), row.axis_name


@pytest.mark.parametrize("country", ["SRB", "XKX"])
def test_pdf_indicator_rows_match_the_warehouse(packs, store, country):
    """Each indicator's row: name, raw value, unit, year used, edition and score as in the Parquet files."""
    text = pdf_text(packs[country]["pdf"])
    values = warehouse_values(store, country)
    assert len(values) >= 10
    for r in values.itertuples(index=False):
        row = flat(f"{r.name} {r.value:.4g} {r.unit} {r.year} {r.edition}")
        assert has_number(text, row, f"{r.score:.1f}"), row


def test_pdf_strongest_and_weakest_axes_with_numbers(packs, store):
    text = pdf_text(packs["SRB"]["pdf"])
    ranked = expected_scores(store, "SRB").dropna(subset=["score"]).sort_values("score")
    best, worst = ranked.iloc[-1], ranked.iloc[0]
    assert has_number(text, f"Strongest {best['axis_name']}", f"{best['score']:.1f}")
    assert has_number(text, f"Weakest {worst['axis_name']}", f"{worst['score']:.1f}")


def test_pdf_lists_sources_citation_licences_and_methodology(packs, store):
    text = pdf_text(packs["SRB"]["pdf"])
    sources = store.sources()
    for source in analysis.framework(store, FW).sources:
        row = sources[sources["source"] == source].iloc[0]
        assert source in text
        assert flat(row["licence"])[:60] in text
        assert row["source_url"] in text
    assert "How to cite this briefing" in text and "Methodology note" in text
    assert f"at least {analysis.framework(store, FW).min_coverage:.0%} of its weight" in text
    assert "<edition>" not in text and "<year>" not in text


def test_only_the_kosovo_pdf_carries_the_kosovo_designation(packs):
    assert KOSOVO_SENTENCE in pdf_text(packs["XKX"]["pdf"])
    assert "Kosovo*" in pdf_text(packs["XKX"]["pdf"])
    assert KOSOVO_SENTENCE not in pdf_text(packs["SRB"]["pdf"])


def test_pdf_uses_a_font_with_cyrillic_glyphs(packs):
    text = pdf_text(packs["SRB"]["pdf"])
    if briefing.pdf_fonts()[0] != "DejaVuSans":
        pytest.skip("fonts-dejavu-core is not installed")
    assert "Србија" in text


# -- the PowerPoint ------------------------------------------------------------------------------------------
CHART_SLIDES = (1, 2, 3)  # radar, distance to the EU, trend


@pytest.mark.parametrize("country", ["SRB", "XKX"])
def test_pptx_has_six_16_9_slides_with_a_picture_on_each_chart_slide(packs, country):
    deck = Presentation(io.BytesIO(packs[country]["pptx"]))
    assert len(deck.slides) == briefing.N_SLIDES == 6
    assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.01
    for i in CHART_SLIDES:
        pictures = [s for s in deck.slides[i].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1, i
        image = Image.open(io.BytesIO(pictures[0].image.blob))
        assert image.format == "PNG" and image.width >= 1800


@pytest.mark.parametrize("country, label", [("SRB", "Serbia"), ("XKX", "Kosovo*")])
def test_pptx_chart_slides_carry_the_finding_and_the_citation(packs, store, country, label):
    deck = Presentation(io.BytesIO(packs[country]["pptx"]))
    finding = expected_finding(store, country, label)
    for i in CHART_SLIDES:
        text = slide_text(deck.slides[i])
        assert finding in text, i
        assert "Sources: GI-TOC Global Organized Crime Index" in text
        assert (KOSOVO_SENTENCE in text) == (country == "XKX")


@pytest.mark.parametrize("country", ["SRB", "XKX"])
def test_pptx_shows_every_axis_score(packs, store, country):
    deck = Presentation(io.BytesIO(packs[country]["pptx"]))
    radar_text = slide_text(deck.slides[1])
    for row in expected_scores(store, country).itertuples(index=False):
        cell = "n/a" if pd.isna(row.score) else f"{row.score:.1f}"
        assert has_number(radar_text, row.axis_name, cell), row.axis_name
    ranked = expected_scores(store, country).dropna(subset=["score"]).sort_values("score")
    extremes = slide_text(deck.slides[4])
    assert f"{ranked.iloc[-1]['axis_name']} {ranked.iloc[-1]['score']:.1f} / 100" in extremes
    assert f"{ranked.iloc[0]['axis_name']} {ranked.iloc[0]['score']:.1f} / 100" in extremes


def test_pptx_sources_slide_and_notes(packs, store):
    deck = Presentation(io.BytesIO(packs["XKX"]["pptx"]))
    text = slide_text(deck.slides[5])
    for source in analysis.framework(store, FW).sources:
        assert source in text
    assert KOSOVO_SENTENCE in text
    assert "How to cite this briefing" in text
    assert deck.slides[5].notes_slide.notes_text_frame.text.startswith("Every number is a value published")


# -- the parts -----------------------------------------------------------------------------------------------
def test_briefing_numbers_follow_the_analysis(packs, store):
    b = packs["SRB"]["briefing"]
    scores = expected_scores(store, "SRB").set_index("axis_id")["score"]
    assert b.strongest["score"].tolist() == sorted(b.strongest["score"], reverse=True)
    assert b.strongest.iloc[0]["score"] == scores.max() and b.weakest.iloc[0]["score"] == scores.min()
    assert b.years[-1] == YEAR and b.years == sorted(b.years)
    assert set(b.trend["country_iso3"]) == {"SRB", analysis.WB6_MEAN, analysis.EU27_MEAN}
    last = b.trend[(b.trend["country_iso3"] == "SRB") & (b.trend["year"] == YEAR)].set_index("axis_id")["score"]
    pd.testing.assert_series_equal(last.sort_index(), scores.sort_index(), check_names=False)
    # every framework indicator is listed, the ones without a value too
    assert len(b.indicators) == len(analysis.framework(store, FW).axes)


def test_yearly_means_equal_the_reference_mean_of_each_year(store):
    fw = analysis.framework(store, FW)
    every = analysis.scores_over_time(store, fw, [2015, 2025], list(KEPT_COUNTRIES))
    means = briefing.yearly_means(every, WB6)
    for year in (2015, 2025):
        expected = scoring.reference_mean(every[every["year"] == year], WB6).set_index("axis_id")["score"]
        got = means[means["year"] == year].set_index("axis_id")["score"]
        pd.testing.assert_series_equal(got.sort_index(), expected.sort_index(), check_names=False)


def test_citation_placeholders_are_filled_with_the_editions_used():
    assert analysis.filled_citation("World Justice Project Rule of Law Index <year>", "2025") == \
        "World Justice Project Rule of Law Index 2025"
    assert analysis.filled_citation("© GI-TOC <edition>", "") == "© GI-TOC (edition)"


def test_source_caveats_are_read_from_the_methodology_page(store, tmp_path):
    caveats = briefing.source_caveats()
    for source in analysis.framework(store, FW).sources:
        assert briefing._caveat_for(source, caveats), source
    assert "Kosovo is not covered" in briefing._caveat_for("GI-TOC Global Organized Crime Index", caveats)
    assert briefing.source_caveats(tmp_path / "no-such-file.md") == {}


def test_trend_headline_names_the_biggest_rise_and_fall():
    trend = pd.DataFrame({
        "country_iso3": ["SRB"] * 4, "year": [2020, 2025, 2020, 2025], "axis_id": ["a", "a", "b", "b"],
        "axis_name": ["A", "A", "B", "B"], "axis_order": [1, 1, 2, 2], "score": [40.0, 50.0, 60.0, 55.0]})
    assert briefing.trend_headline(trend, "SRB") == (
        "Biggest rise: A, 40.0 in 2020 → 50.0 in 2025 (+10.0 points); "
        "biggest fall: B, 60.0 in 2020 → 55.0 in 2025 (-5.0 points).")


def test_pdf_falls_back_to_helvetica_without_dejavu(packs, monkeypatch, tmp_path):
    b = packs["XKX"]["briefing"]
    monkeypatch.setattr(briefing, "FONT_DIR", tmp_path)
    assert briefing.pdf_fonts() == ("Helvetica", "Helvetica-Bold")
    blank = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(blank, "PNG")
    shots = briefing.ChartImages(blank.getvalue(), blank.getvalue(), blank.getvalue(),
                                 {"radar": (40, 30), "distance": (40, 30), "trend": (40, 30)})
    text = pdf_text(briefing.briefing_pdf(b, shots))
    assert KOSOVO_SENTENCE in text and "Kosovo*" in text


def test_unknown_country_or_framework_is_a_key_error(store):
    with pytest.raises(KeyError):
        briefing.build_briefing(store, "FRA", FW, YEAR)
    with pytest.raises(KeyError):
        briefing.build_briefing(store, "SRB", "nope", YEAR)


def test_the_page_helper_caches_the_built_file(packs, monkeypatch):
    from radar.ui import briefing as ui_briefing

    first = timed("SRB PDF through the page helper (cold cache)",
                  lambda: ui_briefing.pack_bytes("SRB", FW, YEAR, "pdf"))
    # A cache hit never builds again: make any build fail, then ask for the same file.
    monkeypatch.setattr(briefing, "briefing_pdf", lambda *a, **k: pytest.fail("rebuilt instead of cached"))
    monkeypatch.setattr(briefing, "build_briefing", lambda *a, **k: pytest.fail("rebuilt instead of cached"))
    again = timed("SRB PDF through the page helper (cached)", lambda: ui_briefing.pack_bytes("SRB", FW, YEAR, "pdf"))
    assert first == again and first.startswith(b"%PDF")


def test_dates_and_names_in_the_title(packs):
    b = packs["SRB"]["briefing"]
    assert b.generated == date.today()
    assert b.file_stem == "wb-ocr-briefing-SRB-wbocr-2025"
    assert b.title == "Country briefing: Serbia, WB-OCR composite, 2025"

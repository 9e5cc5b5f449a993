"""Country briefing pack: the PDF and PPTX open, and show the country's numbers as the warehouse has them."""

from __future__ import annotations

import io
import math
import re
import time
import tomllib
from datetime import date

import pandas as pd
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from radar import analysis, briefing, charts, i18n, settings
from radar.briefing import figures
from radar.schema import EU27, KEPT_COUNTRIES, WB6
from radar.store import Store
from radar.views.build import build
from radar.views.source import StoreSource

FW, YEAR = "wbocr", 2025
# The EU's designation, in full (DESIGN.md; typed here, never read from the code).
KOSOVO_SENTENCE = ("This designation is without prejudice to positions on status, and is in line with UNSCR "
                   "1244/1999 and the ICJ Opinion on the Kosovo declaration of independence.")
TIMINGS: list[tuple[str, float]] = []
SOURCE_IDS = {"gitoc_ocindex", "wjp_rol", "wb_wgi", "ti_cpi"}  # the four sources of data/frameworks.toml's wbocr
SOURCES = ("GI-TOC Global Organized Crime Index", "World Bank Worldwide Governance Indicators",
           "Transparency International Corruption Perceptions Index", "World Justice Project Rule of Law Index")


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


# -- expected numbers, by hand from the tidy source CSVs and data/frameworks.toml -------------------------------
LAG = 3  # "year Y" = each indicator's latest value for a year from Y - 3 to Y (docs/methodology.md)


def wbocr_spec() -> dict:
    with settings.FRAMEWORKS_FILE.open("rb") as handle:
        return {f["id"]: f for f in tomllib.load(handle)["framework"]}[FW]


def score_by_hand(row) -> float:
    """0-100 on the published scale, flipped where lower is better, clipped to the scale's ends."""
    share = (row["value"] - row["scale_min"]) / (row["scale_max"] - row["scale_min"])
    return 100 * min(1.0, max(0.0, share if row["higher_is_better"] else 1 - share))


def scores_by_hand(source_rows: pd.DataFrame, year: int) -> pd.DataFrame:
    """Every kept country's axis scores on the framework in `year`, with the rules written out once more (not
    through radar.analysis or radar.scoring): weighted mean of the latest values, missing below min_coverage."""
    spec = wbocr_spec()
    window = source_rows[source_rows["year"].between(year - LAG, year)]
    latest = window.sort_values("year").groupby(["country_iso3", "indicator_id"]).tail(1)
    latest = latest.set_index(["country_iso3", "indicator_id"])
    rows = []
    for order, axis in enumerate(spec["axis"], start=1):
        weights = axis.get("weights", [1.0] * len(axis["indicators"]))
        for iso3 in KEPT_COUNTRIES:
            have = [(w, score_by_hand(latest.loc[(iso3, i)])) for i, w in zip(axis["indicators"], weights)
                    if (iso3, i) in latest.index]
            enough = bool(have) and sum(w for w, _ in have) / sum(weights) >= spec["min_coverage"] - 1e-12
            reason = "no data" if not have else (f"only {len(have)} of {len(weights)} indicators have data "
                                                 f"(needs {spec['min_coverage']:.0%} of the weight)")
            rows.append({"country_iso3": iso3, "axis_id": axis["id"], "axis_name": axis["name"], "axis_order": order,
                         "score": sum(w * x for w, x in have) / sum(w for w, _ in have) if enough else math.nan,
                         "missing_reason": "" if enough else reason})
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def by_hand(source_rows: pd.DataFrame) -> pd.DataFrame:
    return scores_by_hand(source_rows, YEAR)


def expected_scores(by_hand: pd.DataFrame, country: str) -> pd.DataFrame:
    return by_hand[by_hand["country_iso3"] == country].reset_index(drop=True)


def mean_by_hand(by_hand: pd.DataFrame, members: tuple[str, ...]) -> pd.Series:
    """Per axis id: the plain mean of the members that have a score."""
    return by_hand[by_hand["country_iso3"].isin(members)].groupby("axis_id")["score"].mean()


def expected_finding(by_hand: pd.DataFrame, country: str, name: str) -> str:
    """The Country profile's finding, written out by hand: strongest and weakest axes, axes below the EU-27."""
    own = expected_scores(by_hand, country).dropna(subset=["score"])
    best, worst = own.loc[own["score"].idxmax()], own.loc[own["score"].idxmin()]
    below = int((own["score"] < own["axis_id"].map(mean_by_hand(by_hand, EU27))).sum())
    return (f"{name}, {YEAR}: strongest on {best['axis_name']} ({best['score']:.1f}), weakest on "
            f"{worst['axis_name']} ({worst['score']:.1f}); {below} of {len(own)} axes below the EU-27 mean.")


def warehouse_values(store: Store, country: str) -> pd.DataFrame:
    """Per framework indicator: the latest value of `country` in [YEAR - lag, YEAR] and its 0-100 score, read
    with pandas from the warehouse's Parquet files (not through radar.store or radar.scoring)."""
    obs = pd.read_parquet(settings.WAREHOUSE_DIR / "observations.parquet")
    indicators = pd.read_parquet(settings.WAREHOUSE_DIR / "indicators.parquet")
    wanted = {i for axis in wbocr_spec()["axis"] for i in axis["indicators"]}
    obs = obs[(obs["country_iso3"] == country) & obs["indicator_id"].isin(wanted)
              & obs["year"].between(YEAR - LAG, YEAR)]
    latest = obs.sort_values("year").groupby("indicator_id").tail(1)
    out = latest.merge(indicators[["indicator_id", "name", "unit", "scale_min", "scale_max", "higher_is_better"]],
                       on="indicator_id")
    share = ((out["value"] - out["scale_min"]) / (out["scale_max"] - out["scale_min"])).clip(0, 1)
    out["score"] = 100 * share.where(out["higher_is_better"], 1 - share)
    return out.reset_index(drop=True)


def has_number(text: str, before: str, number: str) -> bool:
    """`before` followed by exactly `number` (not a longer number that starts with it)."""
    return re.search(re.escape(f"{before} {number}") + r"(?![\d.])", text) is not None


def blank_images() -> briefing.ChartImages:
    """Three small white pictures in place of the charts (for tests of the text only)."""
    blank = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(blank, "PNG")
    return briefing.ChartImages(blank.getvalue(), blank.getvalue(), blank.getvalue(),
                                {"radar": (40, 30), "distance": (40, 30), "trend": (40, 30)})


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
def test_pdf_names_the_country_framework_finding_and_every_axis(packs, by_hand, country, name):
    text = pdf_text(packs[country]["pdf"])
    spec = wbocr_spec()
    assert name in text
    assert spec["name"] in text
    assert expected_finding(by_hand, country, name) in text
    for axis in spec["axis"]:
        assert axis["name"] in text, axis["id"]


@pytest.mark.parametrize("country", ["SRB", "XKX"])
def test_pdf_axis_scores_match_an_independent_computation(packs, by_hand, country):
    text = pdf_text(packs[country]["pdf"])
    scores = expected_scores(by_hand, country)
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


def test_pdf_strongest_and_weakest_axes_with_numbers(packs, by_hand):
    text = pdf_text(packs["SRB"]["pdf"])
    ranked = expected_scores(by_hand, "SRB").dropna(subset=["score"]).sort_values("score")
    best, worst = ranked.iloc[-1], ranked.iloc[0]
    assert has_number(text, f"Strongest {best['axis_name']}", f"{best['score']:.1f}")
    assert has_number(text, f"Weakest {worst['axis_name']}", f"{worst['score']:.1f}")


def test_pdf_lists_sources_citation_licences_and_methodology(packs, store):
    text = pdf_text(packs["SRB"]["pdf"])
    sources = store.sources()
    for source in SOURCES:
        row = sources[sources["source"] == source].iloc[0]
        assert source in text
        assert flat(row["licence"])[:60] in text
        assert row["source_url"] in text
    assert "How to cite this briefing" in text and "Methodology note" in text
    assert f"at least {wbocr_spec()['min_coverage']:.0%} of its weight" in text
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
    assert len(deck.slides) == 6
    assert abs(deck.slide_width / deck.slide_height - 16 / 9) < 0.01
    for i in CHART_SLIDES:
        pictures = [s for s in deck.slides[i].shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert len(pictures) == 1, i
        image = Image.open(io.BytesIO(pictures[0].image.blob))
        assert image.format == "PNG" and image.width >= 1800


@pytest.mark.parametrize("country, name", [("SRB", "Serbia"), ("XKX", "Kosovo")])
def test_pptx_chart_slides_carry_the_finding_and_the_citation(packs, by_hand, country, name):
    deck = Presentation(io.BytesIO(packs[country]["pptx"]))
    finding = expected_finding(by_hand, country, name)
    for i in CHART_SLIDES:
        text = slide_text(deck.slides[i])
        assert finding in text, i
        assert "Sources: GI-TOC Global Organized Crime Index" in text
        assert (KOSOVO_SENTENCE in text) == (country == "XKX")


@pytest.mark.parametrize("country", ["SRB", "XKX"])
def test_pptx_shows_every_axis_score(packs, by_hand, country):
    deck = Presentation(io.BytesIO(packs[country]["pptx"]))
    radar_text = slide_text(deck.slides[1])
    for row in expected_scores(by_hand, country).itertuples(index=False):
        cell = "n/a" if pd.isna(row.score) else f"{row.score:.1f}"
        assert has_number(radar_text, row.axis_name, cell), row.axis_name
    ranked = expected_scores(by_hand, country).dropna(subset=["score"]).sort_values("score")
    extremes = slide_text(deck.slides[4])
    assert f"{ranked.iloc[-1]['axis_name']} {ranked.iloc[-1]['score']:.1f} / 100" in extremes
    assert f"{ranked.iloc[0]['axis_name']} {ranked.iloc[0]['score']:.1f} / 100" in extremes


def test_pptx_sources_slide_and_notes(packs):
    deck = Presentation(io.BytesIO(packs["XKX"]["pptx"]))
    text = slide_text(deck.slides[5])
    for source in SOURCES:
        assert source in text
    assert KOSOVO_SENTENCE in text
    assert "How to cite this briefing" in text
    assert deck.slides[5].notes_slide.notes_text_frame.text.startswith("Every number is a value published")


# -- the parts -----------------------------------------------------------------------------------------------
def test_briefing_numbers_follow_the_hand_computation(packs, by_hand):
    b = packs["SRB"]["briefing"]
    scores = expected_scores(by_hand, "SRB").set_index("axis_id")["score"]
    assert b.strongest["score"].tolist() == sorted(b.strongest["score"], reverse=True)
    assert b.strongest.iloc[0]["score"] == pytest.approx(scores.max())
    assert b.weakest.iloc[0]["score"] == pytest.approx(scores.min())
    assert b.years[-1] == YEAR and b.years == sorted(b.years)
    assert set(b.trend["country_iso3"]) == {"SRB", analysis.WB6_MEAN, analysis.EU27_MEAN}
    last = b.trend[(b.trend["country_iso3"] == "SRB") & (b.trend["year"] == YEAR)].set_index("axis_id")["score"]
    pd.testing.assert_series_equal(last.sort_index(), scores.sort_index(), check_names=False)
    # every framework indicator is listed, the ones without a value too
    assert len(b.indicators) == sum(len(a["indicators"]) for a in wbocr_spec()["axis"])


@pytest.mark.parametrize("year", [2016, YEAR])
def test_trend_means_are_the_plain_means_of_each_year(packs, source_rows, year):
    """The trend's WB6 and EU-27 lines of a year: the means of that year's scores, computed by hand."""
    trend = packs["SRB"]["briefing"].trend
    hand = scores_by_hand(source_rows, year)
    for ref_id, members in ((analysis.WB6_MEAN, WB6), (analysis.EU27_MEAN, EU27)):
        got = trend[(trend["country_iso3"] == ref_id) & (trend["year"] == year)].set_index("axis_id")["score"]
        pd.testing.assert_series_equal(got.sort_index(), mean_by_hand(hand, members).sort_index(),
                                       check_names=False)


@pytest.mark.parametrize("style", ["export", "presenter"])
def test_the_packs_views_are_the_country_pages_views(packs, store, style):
    """Each chart of a pack is the Country profile's view built from its spec: same figure, table and finding."""
    b = packs["SRB"]["briefing"]
    source = StoreSource(store)
    for view in ("profile", "gap", "trend"):
        spec = briefing.data.view_spec("SRB", FW, YEAR, view, language="en", version=b.version, style=style)
        page, pack = build(spec, source), b.views[style, view]
        assert pack.spec == spec and pack.finding == page.finding and pack.title == page.title
        pd.testing.assert_frame_equal(pack.table, page.table)
        assert pack.figure.to_json() == page.figure.to_json(), view
    assert b.finding == b.views["export", "profile"].finding


def test_the_radar_draws_the_hand_scores_and_means(packs, by_hand):
    b = packs["SRB"]["briefing"]
    fig = figures.radar_chart(b, "export", font_scale=1.0, height=600)
    traces = {t.name: t for t in fig.data}
    own = expected_scores(by_hand, "SRB")["score"].tolist()
    assert list(traces["Serbia"].r[:-1]) == pytest.approx(own, abs=0.005)
    for ref_id, members in ((analysis.WB6_MEAN, WB6), (analysis.EU27_MEAN, EU27)):
        mean = mean_by_hand(by_hand, members).reindex([a["id"] for a in wbocr_spec()["axis"]]).tolist()
        assert list(traces[charts.reference_name(ref_id)].r[:-1]) == pytest.approx(mean, abs=0.005)
    assert list(fig.layout.polar.radialaxis.tickvals) == [0, 25, 50, 75]  # the caption says the ring is 100


def test_the_trend_carries_the_means_named_and_styled_as_on_the_radar(packs, by_hand):
    b = packs["SRB"]["briefing"]
    fig = figures.trend_chart(b, "export", 4, font_scale=1.0, height=600)
    first_axis = wbocr_spec()["axis"][0]
    for ref_id, members in ((analysis.WB6_MEAN, WB6), (analysis.EU27_MEAN, EU27)):
        lines = [t for t in fig.data if t.legendgroup == ref_id]
        assert len(lines) == len(wbocr_spec()["axis"]) and sum(bool(t.showlegend) for t in lines) == 1
        assert {t.name for t in lines} == {{"WB6": "WB6 mean", "EU27": "EU-27 mean"}[ref_id]}
        assert (lines[0].line.color, lines[0].line.dash) == (charts.REFERENCE_STYLES[ref_id]["color"],
                                                             charts.REFERENCE_STYLES[ref_id]["dash"])
        at_year = dict(zip(lines[0].x, lines[0].y))[YEAR]
        assert at_year == pytest.approx(mean_by_hand(by_hand, members)[first_axis["id"]], abs=0.005)
    assert tuple(fig.layout.xaxis.range) == (b.years[0] - 0.5, YEAR + 0.5)


def test_source_caveats_are_reviewed_data(packs, tmp_path):
    caveats = briefing.data.source_caveats()
    assert set(caveats) >= SOURCE_IDS and all(caveats[s] for s in SOURCE_IDS)
    assert "Kosovo is not covered" in caveats["gitoc_ocindex"]
    assert briefing.data.source_caveats(tmp_path / "no-such-file.toml") == {}
    text = pdf_text(packs["XKX"]["pdf"])
    assert flat("Caveats: " + caveats["gitoc_ocindex"])[:120] in text


def test_a_briefing_is_built_and_written_in_its_own_language(store, packs):
    assert i18n.language() == "en"
    b = briefing.build_briefing(store, "SRB", FW, YEAR, language="sr-Latn")
    assert i18n.language() == "en" and b.language == "sr-Latn"  # the run's language is untouched
    with i18n.using("sr-Latn"):
        heading, name = i18n._("How to cite this briefing"), i18n._(wbocr_spec()["short_name"])
    assert heading != "How to cite this briefing", "no sr-Latn catalog entry to test with"
    assert b.framework.short_name == name
    text = pdf_text(briefing.briefing_pdf(b, blank_images()))
    assert i18n.language() == "en"
    assert flat(heading) in text and "How to cite this briefing" not in text


def test_pdf_falls_back_to_helvetica_without_dejavu(packs, monkeypatch, tmp_path):
    b = packs["XKX"]["briefing"]
    monkeypatch.setattr(briefing.pdf, "FONT_DIR", tmp_path)
    assert briefing.pdf_fonts() == ("Helvetica", "Helvetica-Bold")
    text = pdf_text(briefing.briefing_pdf(b, blank_images()))
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


def test_the_page_helper_builds_in_the_packs_language_without_changing_the_runs(monkeypatch):
    from radar.ui import briefing as ui_briefing
    from radar.ui import data

    seen = {}

    def fake_build(*args, language, **kwargs):
        seen["build"] = language
        return "a briefing"

    monkeypatch.setattr(briefing, "build_briefing", fake_build)
    monkeypatch.setattr(briefing, "briefing_pdf", lambda pack: b"%PDF " + pack.encode())
    assert i18n.language() == "en"
    out = ui_briefing._pack(data.version(), "MNE", FW, 2016, date.today(), "pdf", "sq", data.store())
    assert out == b"%PDF a briefing" and seen["build"] == "sq"
    assert i18n.language() == "en"  # the run's language is the run's: a cached build never sets it


def test_dates_and_names_in_the_title(packs):
    b = packs["SRB"]["briefing"]
    assert b.generated == date.today()
    assert b.file_stem == "wb-ocr-briefing-SRB-wbocr-2025"
    assert b.title == "Country briefing: Serbia, WB-OCR composite, 2025"

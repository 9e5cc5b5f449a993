"""Exports downloaded through the UI in Chromium: each chart export of Compare's radar opens as a valid file of the
stated kind and size and shows what the screen shows (title, legend, values); CSV and Excel hold the chart's data
table with citations; the Country profile's briefing pack carries the country's numbers from the warehouse.

Each download is timed from the click until the file is saved, first and later, and printed (pytest -s) for the
closing note; the timings are reported, never asserted."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET

import pytest
from e2e_helpers import SOURCES, WB6_NAMES, assert_clean, download, popover, read_plots
from openpyxl import load_workbook
from PIL import Image
from playwright.sync_api import Page, expect
from pptx import Presentation
from pypdf import PdfReader

from radar import analysis, briefing, settings
from radar.store import Store

pytestmark = pytest.mark.e2e

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KOSOVO_NOTE = "without prejudice to positions on status"
CITATION_HEAD = "WB-OCR Radar data export, "
TIMINGS: dict[str, list[float]] = {}


def timed_download(page: Page, body, label: str) -> tuple[str, bytes]:
    name, data, seconds = download(page, body.get_by_role("button", name=label, exact=True))
    TIMINGS.setdefault(label, []).append(seconds)
    print(f"\n[export timing] {label} #{len(TIMINGS[label])}: {seconds:.2f} s ({len(data) / 1024:.0f} kB, {name})")
    return name, data


@pytest.fixture(scope="module", autouse=True)
def _report_timings():
    yield
    print("\n[export timings] first / later download, click to saved file:")
    for label, times in TIMINGS.items():
        later = ", ".join(f"{t:.2f} s" for t in times[1:]) or "-"
        print(f"  {label:<26} first {times[0]:.2f} s · later {later}")


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk (the first chunk, right after the signature)."""
    assert data[:8] == PNG_SIGNATURE, data[:8]
    assert data[12:16] == b"IHDR"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def flat(text: str) -> str:
    return " ".join(text.split())


def svg_text(data: bytes) -> str:
    root = ET.fromstring(data)
    assert root.tag.endswith("svg"), root.tag
    return flat(" ".join(root.itertext()))


def pdf_text(data: bytes) -> str:
    return flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def as_number(text: str) -> float | str:
    try:
        return float(text.rstrip("%"))
    except ValueError:
        return text


def test_chart_exports_open_as_their_kind_and_show_the_screen(open_app, store: Store):
    page = open_app("/compare")
    year = analysis.framework_years(store, settings.DEFAULT_FRAMEWORK)[-1]
    # what the screen shows: the chart's title, legend and values, and its data table
    title = page.locator(".chart-title").first.inner_text().strip()
    legend = [t.strip() for t in page.locator(".chart-legend").first.locator(".legend-item").all_inner_texts()]
    assert title == f"WB-OCR composite, {year}"
    assert legend == ["WB6 mean", "EU-27 mean", *WB6_NAMES]
    shown = {t["name"]: t["r"] for t in read_plots(page)[0]["traces"]}
    page.get_by_text("Data table for this chart").click()
    grid = page.get_by_test_id("stDataFrame").first.locator('table[role="grid"]')
    grid.locator("tbody tr").first.wait_for(state="attached")
    headers = [h.strip() for h in grid.locator('[role="columnheader"]').all_inner_texts()]
    table_rows = int(grid.get_attribute("aria-rowcount")) - 1  # the grid draws only the rows in view
    first_rows = [[c.strip() for c in r.locator("td").all_inner_texts()] for r in grid.locator("tbody tr").all()]

    body = popover(page, "Export this chart")
    expect(body).to_contain_text("Slide-ready: 1920×1080")
    files: dict[str, tuple[str, bytes]] = {}
    labels = ["PNG 1920×1080", "PNG 2× (3840×2160)", "SVG (vector)", "PDF", "Data (CSV)", "Data (Excel)",
              "Values behind the chart (CSV)"]
    for _round in range(2):  # first and later: the first image starts the export browser
        for label in labels:
            files[label] = timed_download(page, body, label)

    # PNG at slide size and at twice that
    name, png = files["PNG 1920×1080"]
    assert name.endswith(".png") and png_size(png) == (1920, 1080)
    name2, png2 = files["PNG 2× (3840×2160)"]
    assert name2.endswith("@2x.png") and png_size(png2) == (3840, 2160)
    for data, size in ((png, (1920, 1080)), (png2, (3840, 2160))):
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            assert image.format == "PNG" and image.size == size
            assert len(image.convert("L").getcolors(1 << 24) or []) > 20  # drawn, not a blank page

    # SVG: XML of a 1920x1080 svg with the screen's title, legend and the footnotes
    name, svg = files["SVG (vector)"]
    assert name.endswith(".svg")
    assert svg.lstrip()[:200].lstrip(b"\xef\xbb\xbf").startswith((b"<svg", b"<?xml"))
    root = ET.fromstring(svg)
    assert (root.get("width"), root.get("height")) == ("1920", "1080")
    text = svg_text(svg)
    assert title in text
    for item in legend:
        assert item in text, item
    assert KOSOVO_NOTE in text and "Sources:" in text and "exported" in text

    # PDF: opens, one landscape page, the same title, legend and country names
    name, pdf = files["PDF"]
    assert name.endswith(".pdf") and pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert abs(float(box.width) / float(box.height) - 16 / 9) < 0.01
    text = pdf_text(pdf)
    assert title in text
    for item in legend:
        assert item in text, item
    assert KOSOVO_NOTE in text

    # CSV: the chart's data table, row for row, with the same values the chart draws, then the citations
    name, data = files["Data (CSV)"]
    assert name.endswith(".csv") and data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert rows[0] == headers
    body_rows = rows[1:1 + table_rows]
    assert len(body_rows) == table_rows == len(WB6_NAMES) * 8
    assert all(len(r) == len(headers) for r in body_rows)
    for shown_row, csv_row in zip(first_rows, body_rows):
        assert [as_number(c) for c in shown_row] == [as_number(c) for c in csv_row]
    for country in WB6_NAMES:
        mine = [r for r in body_rows if r[0] == country.rstrip("*")]
        r_values = shown[country][:-1]  # the outline is closed: the first axis again at the end
        assert len(mine) == len(r_values)
        for row, r in zip(mine, r_values):
            if r is None:
                assert row[2] == "", row
            else:
                assert abs(float(row[2]) - r) <= 0.051, (country, row, r)
    citations = [r[0] for r in rows[1 + table_rows:] if r]
    assert citations[0].startswith(CITATION_HEAD)
    assert len(citations) == 1 + SOURCES and all(c.startswith("• ") for c in citations[1:])

    # Excel: the same rows as text and numbers (no formula), the citations on a sheet of their own
    name, xlsx = files["Data (Excel)"]
    assert name.endswith(".xlsx")
    book = load_workbook(io.BytesIO(xlsx))
    assert book.sheetnames == ["data", "values", "sources"]
    sheet = [[c.value for c in row] for row in book["data"].iter_rows()]
    assert sheet[0] == headers
    assert len(sheet) - 1 == table_rows
    for excel_row, csv_row in zip(sheet[1:], body_rows):
        assert ["" if v is None else v for v in excel_row] == [as_number(c) if i == 2 else c
                                                               for i, c in enumerate(csv_row)]
    assert all(c.data_type != "f" for ws in book.worksheets for row in ws.iter_rows() for c in row)
    assert [row[0].value for row in book["sources"].iter_rows()] == citations

    # The values behind the chart (issue 17): one row per country, axis and indicator, with the level label next
    # to the value and each network value's evidence; the same rows on the Excel file's 'values' sheet
    name, data = files["Values behind the chart (CSV)"]
    assert name.endswith("-values.csv")
    values = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    head = values[0]
    assert head[head.index("value") + 1] == "level" and {"evidence", "evidence_url", "indicator_id"} <= set(head)
    value_rows = [r for r in values[1:] if len(r) == len(head)]
    assert {r[head.index("country")] for r in value_rows} == {n.rstrip("*") for n in WB6_NAMES}
    sheet_values = [[c.value for c in row] for row in book["values"].iter_rows()]
    assert sheet_values[0] == head and len(sheet_values) - 1 == len(value_rows)
    assert_clean(page)


def expected_scores(store: Store, country: str, framework_id: str, year: int):
    fw = analysis.framework(store, framework_id)
    return analysis.year_scores(store, fw, year).for_countries([country])


def test_country_briefing_pack_carries_the_warehouse_numbers(open_app, store: Store):
    page = open_app("/country?country=SRB")
    year = analysis.framework_years(store, settings.DEFAULT_FRAMEWORK)[-1]
    expect(page.get_by_role("heading", name=f"Serbia: WB-OCR composite, {year}")).to_be_visible()
    body = popover(page, "Briefing pack")
    stem = briefing.file_stem("SRB", settings.DEFAULT_FRAMEWORK, year)
    files = {}
    for _round in range(2):  # the first builds the pack, later ones come from the cache
        for label in ("Briefing pack (PDF)", "Slides (PowerPoint)"):
            files[label] = timed_download(page, body, label)

    name, pdf = files["Briefing pack (PDF)"]
    assert name == f"{stem}.pdf" and pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 3
    text = pdf_text(pdf)
    assert "Serbia" in text
    scores = expected_scores(store, "SRB", settings.DEFAULT_FRAMEWORK, year)
    assert scores["score"].notna().sum() >= 3
    for row in scores.itertuples(index=False):
        if row.score != row.score:
            assert f"{row.axis_name} axis missing" in text, row.axis_name
            continue
        printed = re.search(re.escape(f"{row.axis_name} axis score ") + r"(\d+\.\d)(?![\d.])", text)
        assert printed, f"{row.axis_name}: no axis score in the PDF"
        assert abs(float(printed.group(1)) - row.score) <= 0.05 + 1e-9, (row.axis_name, printed.group(1), row.score)

    name, pptx = files["Slides (PowerPoint)"]
    assert name == f"{stem}.pptx"
    deck = Presentation(io.BytesIO(pptx))
    assert len(deck.slides) == 6  # title, radar, distance, trend, strongest and weakest, sources
    words = " ".join(shape.text_frame.text for slide in deck.slides for shape in slide.shapes
                     if shape.has_text_frame)
    assert "Serbia" in words
    assert_clean(page)

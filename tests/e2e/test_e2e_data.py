"""Downloads on the Data page: the CSV and the Excel file a user gets hold every matching row, cite their sources,
and begin with the row the page shows first."""

from __future__ import annotations

import io
import math
import re

import openpyxl
import pandas as pd
import pytest
from e2e_helpers import assert_clean, wait_idle

from radar.ui import data_table

pytestmark = pytest.mark.e2e

EXPORT_HEAD = "WB-OCR Radar data export"


def _same(shown: object, value: object) -> bool:
    """A cell as one place shows it against the same cell elsewhere (numbers compared as numbers)."""
    a = "" if shown is None else str(shown).strip()
    b = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value).strip()
    if a in ("None", "null", "NaN", "<NA>"):
        a = ""
    if not a or not b:
        return a == b
    try:
        return math.isclose(float(a.replace(",", "")), float(b), rel_tol=1e-4, abs_tol=1e-4)
    except ValueError:
        return a.lower() == b.lower()


def _shown_first_row(page) -> dict[str, str]:
    """The first row of the page's table as shown (glide's accessible grid: the rendered columns)."""
    return page.evaluate("""() => {
        const table = document.querySelector('[data-testid="stDataFrame"] table[role="grid"]');
        const heads = [...table.querySelectorAll('thead [role="columnheader"]')].map(h => h.textContent);
        const row = table.querySelector('tbody tr[aria-rowindex="2"]');
        const cells = [...row.querySelectorAll('[role="gridcell"]')].map(c => c.textContent);
        return Object.fromEntries(heads.map((h, i) => [h, cells[i]]));
    }""")


def test_downloads_hold_the_rows_the_page_counts(open_app, tmp_path):
    page = open_app("/data", charts=False)
    grid = page.get_by_test_id("stDataFrame").first
    grid.wait_for(state="visible")
    page.locator('[data-testid="stDataFrame"] table[role="grid"] tbody tr[aria-rowindex="2"]').wait_for(
        state="attached")
    count_text = page.get_by_text(re.compile(r"observations match\.")).first.inner_text()
    n = int(re.search(r"([\d,]+) observations match\.", count_text).group(1).replace(",", ""))
    assert n > 0
    shown = _shown_first_row(page)
    assert len(shown) >= 5, shown

    with page.expect_download() as csv_info:
        page.get_by_role("button", name="Download CSV").click()
    csv_path = tmp_path / csv_info.value.suggested_filename
    csv_info.value.save_as(csv_path)
    wait_idle(page)
    with page.expect_download() as xlsx_info:
        page.get_by_role("button", name="Download Excel").click()
    xlsx_path = tmp_path / xlsx_info.value.suggested_filename
    xlsx_info.value.save_as(xlsx_path)
    wait_idle(page)
    assert csv_path.suffix == ".csv" and xlsx_path.suffix == ".xlsx"

    # CSV: the rows, then the citation lines
    text = csv_path.read_text(encoding="utf-8-sig")
    lines = text.splitlines()
    head_at = next(i for i, line in enumerate(lines) if EXPORT_HEAD in line)
    rows = pd.read_csv(io.StringIO("\n".join(lines[:head_at])), dtype=str, keep_default_na=False)
    citations = [line.strip('"') for line in lines[head_at:]]
    assert len(rows) == n, f"the CSV holds {len(rows)} rows, the page says {n}"
    assert citations[0].startswith(EXPORT_HEAD)
    sources = sorted(rows["source"].unique())
    for source in sources:
        assert any(source in line for line in citations[1:]), f"no citation line for {source} in the CSV"

    # Excel: the rows on 'data', the citations on 'sources'
    book = openpyxl.load_workbook(xlsx_path, read_only=True)
    data = [list(r) for r in book["data"].iter_rows(values_only=True)]
    assert data[0] == list(rows.columns), "the Excel and CSV columns agree"
    assert len(data) - 1 == n, f"the Excel file holds {len(data) - 1} rows, the page says {n}"
    notes = [r[0] for r in book["sources"].iter_rows(values_only=True) if r and r[0]]
    assert notes[0].startswith(EXPORT_HEAD)
    for source in sources:
        assert any(source in line for line in notes[1:]), f"no citation line for {source} in the Excel file"

    # the first data row of each file is the first row of the table on the page
    first_csv = rows.iloc[0].to_dict()
    first_xlsx = dict(zip(data[0], data[1]))
    for column, value in first_csv.items():
        assert _same(first_xlsx[column], value), f"{column}: Excel {first_xlsx[column]!r} vs CSV {value!r}"
    compared = 0
    fields = {header: field for field, header in data_table.HEADERS.items()}  # the page shows English headers
    for header, cell in shown.items():
        column = fields.get(header, header)
        if column not in first_csv or column == "source_url":  # the link is shown as 'publisher'
            continue
        assert _same(cell, first_csv[column]), f"{column}: page shows {cell!r}, the CSV has {first_csv[column]!r}"
        compared += 1
    assert compared >= 5, f"too few shown columns matched the CSV's: {list(shown)}"
    book.close()
    assert_clean(page)


def test_citations_name_their_edition(open_app):
    page = open_app("/data", charts=False)
    cite = page.get_by_test_id("stCaptionContainer").filter(has_text="How to cite:").first
    cite.wait_for(state="visible")
    text = cite.inner_text()
    placeholders = re.findall(r"[^.;(]{0,60}<[a-z_ ]+>", text)
    assert not placeholders, f"citations with an unfilled placeholder: {placeholders}"

"""The Data page's table for people (radar.ui.data_table): headers in the chosen language with the codes last, gaps
as empty cells, numbers with every published digit in the locale's format."""

import math

import pandas as pd
import pytest

from radar import i18n
from radar.ui import data_table

ROWS = pd.DataFrame({  # the store's columns (radar.store.Store.observations), in the store's order
    "country": ["Albania", "Serbia"], "country_iso3": ["ALB", "SRB"], "year": [2025, 2024],
    "source": ["TI CPI", "GI-TOC"], "indicator_id": ["cpi_score", "oc_arms"],
    "indicator_name": ["Corruption Perceptions Index score", "Arms trafficking"], "value": [39.0, 4.5],
    "unit": ["score (0-100)", "score (1-10)"], "lower": [35.0458, math.nan], "upper": [42.9542, math.nan],
    "std_error": [2.411099, math.nan], "edition": ["CPI 2025", None], "source_url": ["https://x.org", "https://y.org"],
    "evidence": [None, "Report p. 12"], "evidence_url": [None, None],
})


@pytest.mark.parametrize(("value", "locale", "text"), [
    (35.0458, "en", "35.0458"), (35.0458, "sq", "35,0458"), (35.0458, "sr_Latn", "35,0458"),
    (-0.12345678901, "en", "-0.12345678901"), (1234567.125, "en", "1,234,567.125"), (39.0, "en", "39"),
    (math.nan, "en", ""), (None, "en", ""),
])
def test_number_text_keeps_every_digit_in_the_locales_format(value, locale, text):
    assert data_table.number_text(value, locale) == text


def test_columns_put_the_reader_first_and_the_codes_last_and_leave_internals_out():
    shown = data_table.columns(ROWS)
    assert shown[:4] == ["country", "year", "indicator_name", "value"]
    assert shown[-2:] == ["country_iso3", "indicator_id"]
    assert "std_error" not in shown


def test_readable_rows_have_empty_cells_for_gaps_never_none():
    table = data_table.readable(ROWS, "en")
    assert list(table["lower"]) == ["35.0458", ""] and list(table["upper"]) == ["42.9542", ""]
    assert list(table["evidence"]) == ["", "Report p. 12"] and list(table["evidence_url"]) == ["", ""]
    assert list(table["edition"]) == ["CPI 2025", ""]
    assert table["value"].tolist() == [39.0, 4.5]  # numeric underneath: sorts by value
    text = table.astype(str).to_string()
    assert "None" not in text and "nan" not in text.lower()


def test_styled_shows_values_for_the_locale():
    styler = data_table.styled(ROWS, "sq")
    html = styler.to_html()
    assert ">4,5<" in html and ">39<" in html and ">2025<" in html and ">35,0458<" in html
    assert "2.025" not in html and "2,025" not in html  # a year is not a number with thousands


def test_headers_follow_the_language():
    i18n.set_language("sq")
    try:
        config = data_table.column_config(ROWS)
        assert config["country"]["label"] == i18n._("Country") and config["country"]["label"] != "Country"
    finally:
        i18n.set_language("en")
    assert data_table.column_config(ROWS)["indicator_id"]["label"] == "Indicator code"


def test_the_table_sent_shows_the_values_in_the_locale_and_keeps_them_numeric():
    """What Streamlit sends for the styled table (its own marshalling): the value cells' display text in the
    locale's format, the data underneath numeric, and every other cell as written."""
    from streamlit import dataframe_util
    from streamlit.elements.lib.pandas_styler_utils import marshall_styler
    from streamlit.proto.ArrowData_pb2 import ArrowData

    proto = ArrowData()
    marshall_styler(proto, data_table.styled(ROWS, "sq"), "test")
    shown = dataframe_util.convert_arrow_bytes_to_pandas_df(proto.styler.display_values)
    assert list(shown["value"]) == ["39", "4,5"]
    assert list(shown["lower"]) == ["35,0458", ""] and list(shown["year"]) == ["2025", "2024"]
    assert list(shown["country"]) == ["Albania", "Serbia"] and list(shown["evidence"]) == ["", "Report p. 12"]
    assert "None" not in shown.to_string() and "nan" not in shown.to_string().lower()

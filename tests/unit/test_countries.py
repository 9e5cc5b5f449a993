"""radar.countries: data/countries.toml read once and checked; the WB6 and EU-27 lists, the label rule and the one
Kosovo footnote come from it, and the build's `countries` table equals the committed one."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from radar import countries, settings
from radar.build import countries_table
from radar.schema import COUNTRIES, KOSOVO_FOOTNOTE, to_arrow

# The EU convention, as the project's design guide words it (DESIGN.md), with the marker in front.
EU_CONVENTION = ("*Kosovo: This designation is without prejudice to positions on status, and is in line with "
                 "UNSCR 1244/1999 and the ICJ Opinion on the Kosovo declaration of independence.")
# data/SOURCES.md, "EU-27 benchmark rows".
EU_MEMBERS = ("AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA", "DEU", "GRC", "HUN", "IRL", "ITA",
              "LVA", "LTU", "LUX", "MLT", "NLD", "POL", "PRT", "ROU", "SVK", "SVN", "ESP", "SWE")


def test_the_lists_are_the_six_governments_in_page_order_and_the_27_members() -> None:
    assert countries.WB6 == ("ALB", "BIH", "XKX", "MNE", "MKD", "SRB")
    assert countries.EU27 == EU_MEMBERS
    assert countries.KEPT == countries.WB6 + countries.EU27
    assert countries.NAMES["XKX"] == "Kosovo" and countries.NAMES["CZE"] == "Czechia"


def test_the_label_rule_and_the_one_footnote() -> None:
    assert countries.label("XKX", "Kosovo") == "Kosovo*"
    assert countries.label("XKX", "Kosova") == "Kosova*"  # a translated name keeps the marker
    assert countries.label("SRB", "Serbia") == "Serbia" and countries.label("ZZZ", "Nowhere") == "Nowhere"
    assert countries.FOOTNOTE == EU_CONVENTION == KOSOVO_FOOTNOTE
    assert countries.footnotes(["SRB", "XKX", "ALB", "XKX"]) == [EU_CONVENTION]
    assert countries.footnotes(["SRB", "ALB"]) == []


def test_publisher_codes_and_sources_that_never_score_a_country() -> None:
    assert countries.PUBLISHER_CODES["KSV"] == "XKX" and countries.PUBLISHER_CODES["ROM"] == "ROU"
    assert countries.not_covered_by("gitoc_ocindex") == ("XKX",)
    assert countries.not_covered_by("ti_cpi") == ()


def test_the_build_makes_the_committed_countries_table() -> None:
    committed = pq.read_table(settings.WAREHOUSE_DIR / "countries.parquet")
    assert committed.equals(to_arrow(countries_table(), COUNTRIES))


@pytest.mark.parametrize(("body", "complaint"), [
    ('[[country]]\niso3 = "XK"\nname = "X"\nregion = "WB6"\n', "not an ISO3"),
    ('[[country]]\niso3 = "SRB"\nname = "Serbia"\nregion = "Balkans"\n', "unknown region"),
    ('[[country]]\niso3 = "SRB"\nname = "Serbia"\nregion = "WB6"\nfootnote = "nope"\n', "footnote"),
    ('[[country]]\niso3 = "SRB"\nname = "S"\nregion = "WB6"\n[[country]]\niso3 = "SRB"\nname = "S"\n'
     'region = "WB6"\n', "repeats"),
    ('[[country]]\niso3 = "SRB"\nregion = "WB6"\n', "lacks"),
])
def test_a_bad_countries_file_is_refused(tmp_path: Path, body: str, complaint: str) -> None:
    path = tmp_path / "countries.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(countries.CountriesError, match=complaint):
        countries.read_countries(path)

"""radar.currency by hand-computed cases: edition years from labels, the next edition's due month, overdue from that
month's first day on, how many releases are due, and the reviewed calendar against the committed warehouse."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from radar import currency, settings

# A CPI-like calendar: edition E is published in February of E + 1, every year; the 2025 edition on 10 Feb 2026.
CPI_LIKE = currency.Cadence("ti_cpi", every_years=1, month=2, lag_years=1, published={2025: date(2026, 2, 10)})
WGI_LIKE = currency.Cadence("wb_wgi", every_years=1, month=9, lag_years=0, published={2024: date(2024, 11, 7)})
OC_LIKE = currency.Cadence("gitoc_ocindex", every_years=2, month=11, lag_years=0, published={})


@pytest.mark.parametrize(("label", "year"), [
    ("2024 update", 2024), ("CPI 2025 release (series 2012-2025)", 2025), ("2017-2018", 2018), ("2014", 2014),
    ("network assessment 2024", 2024), ("2025 revision", 2025), ("no year here", None), ("12025", None), (None, None),
])
def test_edition_year_is_the_latest_year_a_label_names(label: object, year: int | None) -> None:
    assert currency.edition_year(label) == year


def test_latest_edition_of_several_labels() -> None:
    assert currency.latest_edition(["2012-2013", "2025", "2017-2018", "2019"]) == (2025, "2025")
    assert currency.latest_edition(["CPI 2025 release", "CPI 2025 release (series 2012-2025)"]) == (
        2025, "CPI 2025 release (series 2012-2025)")
    assert currency.latest_edition(["undated"]) is None


@pytest.mark.parametrize(("today", "overdue", "due"), [
    (date(2027, 1, 31), False, 0),  # the day before February 2027
    (date(2027, 2, 1), True, 1),  # February 2027: the CPI 2026 release is due
    (date(2028, 3, 15), True, 2),  # February 2027 and February 2028 have both passed
])
def test_a_yearly_release_is_due_from_the_first_day_of_its_month(today: date, overdue: bool, due: int) -> None:
    found = currency.source_currency("ti_cpi", ["CPI 2025 release (series 2012-2025)"], CPI_LIKE, today)
    assert (found.edition, found.edition_year) == ("CPI 2025 release (series 2012-2025)", 2025)
    assert (found.published, found.published_known) == (date(2026, 2, 10), True)
    assert found.next_due == date(2027, 2, 1)
    assert (found.overdue, found.releases_due) == (overdue, due)


def test_the_wgi_2024_update_on_6_december_2026_is_two_releases_behind() -> None:
    found = currency.source_currency("wb_wgi", ["2024 update"], WGI_LIKE, date(2026, 12, 6))
    assert found.next_due == date(2025, 9, 1) and found.overdue and found.releases_due == 2  # Sep 2025, Sep 2026


def test_a_biennial_release_is_due_every_second_year() -> None:
    labels = ["2021", "2023", "2025"]
    assert currency.source_currency("gitoc_ocindex", labels, OC_LIKE, date(2027, 10, 31)).overdue is False
    late = currency.source_currency("gitoc_ocindex", labels, OC_LIKE, date(2029, 11, 30))
    assert late.next_due == date(2027, 11, 1) and late.releases_due == 2  # Nov 2027 and Nov 2029


def test_an_edition_without_a_recorded_date_shows_the_expected_month() -> None:
    found = currency.source_currency("ti_cpi", ["CPI 2023 release"], CPI_LIKE, date(2024, 1, 10))
    assert (found.published, found.published_known) == (date(2024, 2, 1), False)
    assert found.next_due == date(2025, 2, 1) and not found.overdue


def test_a_source_off_the_calendar_has_no_due_date() -> None:
    found = currency.source_currency("bsp_network", ["network assessment 2024"], None, date(2030, 1, 1))
    assert found.edition == "network assessment 2024" and found.next_due is None and not found.overdue


def test_the_reviewed_calendar_reads_and_rejects_a_bad_month(tmp_path: Path) -> None:
    cadences = currency.read_cadences(settings.RELEASES_FILE)
    assert set(cadences) == {"ti_cpi", "wb_wgi", "wjp_rol", "gitoc_ocindex"}
    assert (cadences["ti_cpi"].month, cadences["ti_cpi"].lag_years, cadences["ti_cpi"].every_years) == (2, 1, 1)
    assert cadences["gitoc_ocindex"].every_years == 2
    bad = tmp_path / "releases.toml"
    bad.write_text('[[source]]\nsource_id = "x"\nevery_years = 1\nmonth = 13\n', encoding="utf-8")
    with pytest.raises(currency.ReleasesError, match="month"):
        currency.read_cadences(bad)


def test_the_committed_warehouse_on_6_december_2026() -> None:
    """Editions in the warehouse against the calendar: hand-computed from data/releases.toml and data/SOURCES.md."""
    obs = pd.read_parquet(settings.WAREHOUSE_DIR / "observations.parquet", columns=["source_id", "edition"])
    editions = {sid: sorted(set(group["edition"])) for sid, group in obs.groupby("source_id")}
    found = {c.source_id: c for c in currency.currencies(editions, currency.read_cadences(), date(2026, 12, 6))}
    assert (found["ti_cpi"].next_due, found["ti_cpi"].overdue) == (date(2027, 2, 1), False)
    assert (found["wb_wgi"].next_due, found["wb_wgi"].releases_due) == (date(2025, 9, 1), 2)
    assert (found["wjp_rol"].edition, found["wjp_rol"].next_due, found["wjp_rol"].releases_due) == (
        "2025", date(2026, 10, 1), 1)
    assert (found["gitoc_ocindex"].next_due, found["gitoc_ocindex"].overdue) == (date(2027, 11, 1), False)
    assert found["wjp_rol"].published == date(2025, 10, 28) and found["wjp_rol"].published_known

"""The annual round: per WB6 country and network indicator, scored / in review / in draft / missing, from a real
sequence of drafts (one published, one returned, one waiting) on a private versions folder."""

from __future__ import annotations

from pathlib import Path

from _networktools import SECRETS, profile
from _publishtools import EC_DEFINITION, INDICATOR, score, write_xlsx

from radar import versions
from radar.publish import annual, drafts


def test_the_round_shows_what_is_scored_in_review_in_draft_and_missing(tmp_path: Path, vdir: Path) -> None:
    serbia = write_xlsx(tmp_path / "srb.xlsx", [score(country="SRB", year=2024)], [EC_DEFINITION])
    published = drafts.submit(serbia, None, profile("alice"), "BCSP 2024")
    drafts.approve(published["draft"], profile("ilir"), "ok")
    albania = write_xlsx(tmp_path / "alb.xlsx", [score(country="ALB", year=2024, value=4)])
    waiting = drafts.submit(albania, None, profile("ilir"), "IDM 2024")
    change = write_xlsx(tmp_path / "srb-fix.xlsx", [score(country="SRB", year=2024, value=3),
                                                      score(country="SRB", year=2023, value=1)])
    returned = drafts.submit(change, None, profile("bojan"), "BCSP corrections")
    drafts.return_draft(returned["draft"], profile("carol"), "cite the source of 2023")
    assert [list(c) for c in drafts.get(waiting["draft"])["cells"]] == [["ALB", 2024, INDICATOR]]

    tables = versions.read_tables(versions.current_version())
    listed = drafts.list_drafts()
    status = annual.round_status(tables, listed, 2024).set_index("country_iso3")
    assert list(status.index) == ["ALB", "BIH", "XKX", "MNE", "MKD", "SRB"]
    assert status.loc["SRB", "status"] == "scored"  # published; the returned correction does not hide it
    assert (status.loc["ALB", "status"], status.loc["ALB", "who"]) == ("in review", "ilir")
    assert set(status.loc[["BIH", "XKX", "MNE", "MKD"], "status"]) == {"missing"}
    assert annual.round_counts(status.reset_index()) == {"scored": 1, "in review": 1, "in draft": 0, "missing": 4}

    earlier = annual.round_status(tables, listed, 2023).set_index("country_iso3")
    assert (earlier.loc["SRB", "status"], earlier.loc["SRB", "draft"]) == ("in draft", returned["draft"])
    assert annual.round_years(tables, 2026) == [2026, 2024]

    grid = annual.round_grid(status.reset_index(), {"SRB": "Serbia"})
    assert list(grid.columns) == ["country", EC_DEFINITION["name"]] and grid.iloc[-1]["country"] == "Serbia"
    who = annual.responsible(SECRETS["editors"]["organisations"])
    assert who == {"SRB": "BCSP", "ALB": "IDM"}
    assert annual.round_grid(status.reset_index(), {}, who)["organisation"].tolist() == ["IDM", "", "", "", "",
                                                                                         "BCSP"]


def test_an_indicator_a_waiting_draft_defines_is_part_of_the_round(tmp_path: Path, vdir: Path) -> None:
    path = write_xlsx(tmp_path / "new.xlsx", [score(country="SRB", year=2024)], [EC_DEFINITION])
    drafts.submit(path, None, profile("alice"), "a new indicator")
    status = annual.round_status(versions.read_tables("base"), drafts.list_drafts(), 2024)
    assert set(status["indicator_id"]) >= {INDICATOR}
    mine = status[status["indicator_id"] == INDICATOR].set_index("country_iso3")["status"]
    assert mine["SRB"] == "in review" and mine["ALB"] == "missing"

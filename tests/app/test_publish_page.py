"""The Publish data page (AppTest): closed without editors, refuses a wrong password (and too many attempts), lets an
editor in (password or OIDC email), checks an upload (AppTest drives st.file_uploader), shows every problem of a bad
file, the diff and the radar of a good one, publishes it, and restores an earlier version in one click."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from radar import settings, versions
from radar.ingest import template as tpl
from radar.ingest import template_files
from radar.publish import editors
from radar.ui import auth, data

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "app_pages" / "publish.py"
APP = ROOT / "app.py"
TIMEOUT = 60
PASSWORD = "correct horse battery staple"
ALICE = editors.hash_password(PASSWORD, salt=b"\x03" * 16)
INDICATOR = "bsp_ec_ch24_page"


@pytest.fixture(autouse=True)
def private_versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test publishes into its own versions folder; no login failure or cached store leaks between tests."""
    folder = tmp_path / "versions"
    monkeypatch.setattr(settings, "VERSIONS_DIR", folder)
    auth._throttle().clear()
    data._store.clear()
    return folder


def page(secrets: dict | None = None, user: dict | None = None) -> AppTest:
    """The Publish page as an editor opens it (through the app's navigation)."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.secrets["unused"] = "set, so that no real secrets file is read"
    for key, value in (secrets or {}).items():
        at.secrets[key] = value
    if user is not None:
        at.user = user
    at.switch_page("app_pages/publish.py")
    return at.run()


def password_page() -> AppTest:
    return page({"editors": {"users": {"alice": ALICE}}})


def log_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="login_name").set_value(name)
    at.text_input(key="login_password").set_value(password)
    return at.button[0].click().run()


def good_workbook() -> bytes:
    """A filled-in template: a synthetic test indicator (ordinal 1-5, on the WB-OCR composite) and two scores."""
    book = openpyxl.load_workbook(io.BytesIO(template_files.template_xlsx()))
    book["scores"].append(["SRB", 2024, INDICATOR, 2, None, None, "Test evidence.", "https://example.org/r"])
    book["scores"].append(["Albania", 2024, INDICATOR, 4, None, None, "Test evidence.", None])
    book["indicators"].append([INDICATOR, "EC chapter 24 (page test)", None, None, None, None, "true",
                               tpl.EC_PREPARATION_LABELS, "wbocr", None, "prosecution_courts", None, 1])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def no_crash(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def texts(elements) -> str:
    return " | ".join(str(e.value) for e in elements)


def table_with(at: AppTest, column: str):
    """The first table on the page with `column` (the sources panel comes first on the page)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


# ---- the gate --------------------------------------------------------------------------------------------------------

def test_closed_without_editors() -> None:
    at = page()
    no_crash(at)
    assert "Publishing is closed" in texts(at.info)
    assert not at.get("file_uploader") and not at.text_input


def test_reachable_from_the_apps_navigation_and_closed_there_too() -> None:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.secrets["unused"] = "no editors"
    at.switch_page("app_pages/publish.py")
    at.run()
    no_crash(at)
    assert "Publish data" in texts(at.title) and "Publishing is closed" in texts(at.info)


def test_a_wrong_password_is_refused() -> None:
    at = log_in(password_page(), "alice", "not the password")
    no_crash(at)
    assert "Wrong user name or password." in texts(at.error)
    assert not at.get("file_uploader")
    at = log_in(at, "mallory", PASSWORD)
    assert "Wrong user name or password." in texts(at.error) and not at.get("file_uploader")


def test_the_right_password_lets_the_editor_in_and_out() -> None:
    at = log_in(password_page(), "alice", PASSWORD)
    no_crash(at)
    assert "Logged in as editor **alice**." in texts(at.caption)
    assert len(at.get("file_uploader")) == 1 and len(at.get("download_button")) == 3
    at = at.button(key="editor_logout").click().run()
    assert not at.get("file_uploader") and at.text_input(key="login_name")


def test_too_many_failed_attempts_pause_the_login(monkeypatch: pytest.MonkeyPatch) -> None:
    at = password_page()
    for _ in range(settings.MAX_FAILED_LOGINS):
        at = log_in(at, "alice", "guess")
    at = log_in(at, "alice", PASSWORD)
    assert "Too many failed attempts" in texts(at.error) and not at.get("file_uploader")


def test_oidc_editors_are_the_listed_emails() -> None:
    secrets = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x"},
               "editors": {"emails": ["ana@example.org"]}}
    editor = page(secrets, {"is_logged_in": True, "email": "Ana@Example.org", "email_verified": True})
    no_crash(editor)
    # the email is shown as text (radar.text.plain: '.' escaped, an invisible joiner after '@' so it is no link)
    assert "Logged in as editor **Ana@\u2060Example\\.org**." in texts(editor.caption) and editor.get("file_uploader")
    viewer = page(secrets, {"is_logged_in": True, "email": "viewer@example.org", "email_verified": True})
    assert "not one of the network's editors" in texts(viewer.warning) and not viewer.get("file_uploader")
    outside = page(secrets, {"is_logged_in": False})
    assert outside.button(key="oidc_login") and not outside.get("file_uploader")


# ---- upload, preview, publish, restore -------------------------------------------------------------------------------

def upload(at: AppTest, name: str, payload: bytes) -> AppTest:
    at.get("file_uploader")[0].set_value((name, payload, "application/octet-stream"))
    return at.run()


def test_a_bad_upload_lists_every_problem_and_writes_nothing(private_versions: Path) -> None:
    text = ("country;year;indicator_id;value;evidence\r\nAtlantis;2024;cpi_score;40;x\r\n"
            "SRB;2999;nope;high;\r\n").encode("cp1250")
    at = upload(log_in(password_page(), "alice", PASSWORD), "scores.csv", text)
    no_crash(at)
    assert "problem(s) found" in texts(at.error)
    problems = table_with(at, "message")
    assert list(problems.columns) == ["file", "sheet", "row", "column", "message"]
    assert set(zip(problems["row"], problems["column"])) == {
        (2, "country"), (2, "indicator_id"), (3, "year"), (3, "indicator_id"), (3, "value"), (3, "evidence")}
    assert "publish_button" not in [b.key for b in at.button]
    assert not private_versions.exists() or not any(private_versions.glob("v*"))


def test_a_misnamed_file_is_refused_without_a_crash() -> None:
    at = upload(log_in(password_page(), "alice", PASSWORD), "scores.xlsx", b"country,year\nSRB,2024\n")
    no_crash(at)
    assert "named .xlsx but is text" in table_with(at, "message")["message"].iloc[0]


def test_a_good_upload_shows_the_diff_and_radar_then_publishes_and_restores(private_versions: Path) -> None:
    at = upload(log_in(password_page(), "alice", PASSWORD), "network-2024.xlsx", good_workbook())
    no_crash(at)
    assert "WB-OCR import template" in texts(at.markdown)
    assert {m.label: m.value for m in at.metric} == {"Rows added": "2", "Rows changed": "0", "Rows removed": "0"}
    charts = {c.proto.id.rsplit("-", 1)[-1]: json.loads(c.proto.spec) for c in at.get("plotly_chart")}
    radar = charts["publish_radar"]
    assert any(t.get("name") == "Serbia" for t in radar["data"]) and "after publishing" in radar["layout"]["title"][
        "text"]
    assert at.button(key="publish_button").disabled  # no reason yet

    at.text_area(key="publish_reason").set_value("network assessment 2024 (page test)")
    at = at.run()
    at = at.button(key="publish_button").click().run()
    no_crash(at)
    current = versions.current_version()
    assert current.startswith("v0001-") and f"Published version {current}" in texts(at.success)
    manifest = versions.manifest_of(current)
    assert (manifest["who"], manifest["file"], manifest["reason"]) == ("alice", "network-2024.xlsx",
                                                                        "network assessment 2024 (page test)")
    obs = versions.read_tables(current)["observations"]
    assert sorted(obs[obs["indicator_id"] == INDICATOR]["country_iso3"]) == ["ALB", "SRB"]
    shown = at.dataframe[-1].value
    assert shown.iloc[0]["version"] == current and bool(shown.iloc[0]["current"])

    at.text_input(key="restore_reason").set_value("undo (page test)")
    at = at.run()
    at = at.button(key="restore_base").click().run()
    no_crash(at)
    assert versions.current_version() == "base" and "Version base is current again." in texts(at.success)
    assert versions.history()[-1]["reason"] == "undo (page test)"
    assert (private_versions / current / "observations.parquet").is_file()  # nothing is ever deleted


# ---- editions --------------------------------------------------------------------------------------------------------

def test_the_sources_panel_says_which_editions_are_due() -> None:
    at = log_in(password_page(), "alice", PASSWORD)
    no_crash(at)
    panel = table_with(at, "Edition in the Radar").set_index("Source")
    cpi = panel.loc["Transparency International Corruption Perceptions Index"]
    assert cpi["Edition in the Radar"] == "CPI 2025 release (series 2012-2025)"
    assert cpi["Published"] == "February 10, 2026" and cpi["Releases"] == "every year, in February"


def test_an_older_edition_needs_a_confirmation_then_publishes(private_versions: Path, tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "tests" / "unit" / "publish"))
    from _publishtools import cpi_release_up_to

    payload = cpi_release_up_to(2023, tmp_path / "CPI2023.xlsx").read_bytes()
    at = upload(log_in(password_page(), "alice", PASSWORD), "CPI2023.xlsx", payload)
    no_crash(at)
    warned = texts(at.warning)
    assert "An older edition." in warned and "CPI 2023 release" in warned and "CPI 2025 release" in warned
    assert "publish_button" not in [b.key for b in at.button] and not at.metric
    at = at.checkbox[0].check().run()
    no_crash(at)
    assert {m.label: m.value for m in at.metric} == {"Rows added": "0", "Rows changed": "0", "Rows removed": "0"}
    assert "Relabelled: 396 rows keep their values" in texts(at.caption)
    at.text_area(key="publish_reason").set_value("back to CPI 2023 (page test)")
    at = at.run()
    at = at.button(key="publish_button").click().run()
    no_crash(at)
    manifest = versions.manifest_of(versions.current_version())
    assert manifest["edition"]["relation"] == "older" and manifest["edition"]["confirmed"] is True


# ---- the network's rule: each organisation its country, a peer reviews (issue 17) ----------------------------------

NETWORK = {"editors": {"organisations": {"bcsp": {"name": "BCSP", "countries": ["SRB"]},
                                         "idm": {"name": "IDM", "countries": ["ALB"]}},
                       "users": {"alice": {**ALICE, "organisation": "bcsp"}, "ilir": {**ALICE, "organisation": "idm"}}}}


def network_workbook(countries: tuple[str, ...]) -> bytes:
    """A filled-in template with the test indicator (ordinal 1-5) and a score per country."""
    book = openpyxl.load_workbook(io.BytesIO(template_files.template_xlsx()))
    for country in countries:
        book["scores"].append([country, 2024, INDICATOR, 3, None, None, "Test evidence.", "https://example.org/r"])
    book["indicators"].append([INDICATOR, "EC chapter 24 (page test)", None, None, None, None, "true",
                               tpl.EC_PREPARATION_LABELS, "wbocr", None, "prosecution_courts", None, 1])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def network_login(name: str) -> AppTest:
    return log_in(page(NETWORK), name, PASSWORD)


def test_rows_for_another_organisations_country_are_refused_and_named(private_versions: Path) -> None:
    at = upload(network_login("alice"), "mixed.xlsx", network_workbook(("SRB", "Albania")))
    no_crash(at)
    problems = table_with(at, "message")
    assert list(zip(problems["sheet"], problems["row"], problems["column"])) == [("scores", 3, "country")]
    assert "ALB: alice (BCSP) submits scores for SRB only" in problems["message"].iloc[0]
    assert "submit_button" not in [b.key for b in at.button] and "publish_button" not in [b.key for b in at.button]


def test_a_submission_waits_for_a_peer_of_another_organisation_then_is_published(private_versions: Path) -> None:
    at = upload(network_login("alice"), "bcsp-2024.xlsx", network_workbook(("SRB",)))
    no_crash(at)
    assert {m.label: m.value for m in at.metric} == {"Rows added": "1", "Rows changed": "0", "Rows removed": "0"}
    assert table_with(at, "new level")["new level"].tolist() == ["Moderately prepared"]  # the level's label
    assert "publish_button" not in [b.key for b in at.button] and at.button(key="submit_button").disabled
    at.text_area(key="submit_reason").set_value("BCSP assessment 2024 (page test)")
    at = at.run()
    at = at.button(key="submit_button").click().run()
    no_crash(at)
    assert "Submitted draft d0001-" in texts(at.success) and versions.current_version() == "base"
    assert "another organisation reviews it" in texts(at.info)  # the author sees why there is no approve button
    assert "approve_button" not in [b.key for b in at.button]

    reviewer = network_login("ilir")
    no_crash(reviewer)
    listed = table_with(reviewer, "submitted by")
    assert listed.iloc[0]["status"] == "submitted" and listed.iloc[0]["organisation"] == "BCSP"
    charts = {c.proto.id.rsplit("-", 1)[-1] for c in reviewer.get("plotly_chart")}
    assert "draft_radar" in charts
    assert reviewer.button(key="approve_button").disabled
    draft_id = listed.iloc[0]["draft"]
    reviewer.text_area(key=f"review_reason_{draft_id}").set_value("checked against the EC report (page test)")
    reviewer = reviewer.run()
    reviewer = reviewer.button(key="approve_button").click().run()
    no_crash(reviewer)
    current = versions.current_version()
    assert current.startswith("v0001-") and f"published version {current}" in texts(reviewer.success)
    manifest = versions.manifest_of(current)
    assert (manifest["submitted_by"], manifest["reviewed_by"]) == ("alice", "ilir")
    assert table_with(reviewer, "submitted by").iloc[0]["status"] == "published"

"""The Annual round page (AppTest): closed to visitors, and for an editor the state of the round per country and
network indicator, from drafts made here in a private versions folder."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from radar import settings
from radar.publish import editors
from radar.ui import data

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "unit" / "publish"))
from _networktools import PASSWORD, SECRETS, profile  # noqa: E402
from _publishtools import EC_DEFINITION, score, write_xlsx  # noqa: E402

from radar.publish import drafts  # noqa: E402

APP = ROOT / "app.py"


@pytest.fixture(autouse=True)
def private_versions(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "versions"
    monkeypatch.setattr(settings, "VERSIONS_DIR", folder)
    data._store.clear()
    return folder


def page(secrets: dict) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.secrets["unused"] = "set, so that no real secrets file is read"
    for key, value in secrets.items():
        at.secrets[key] = value
    at.switch_page("app_pages/round.py")
    return at.run()


def test_visitors_see_the_login_only() -> None:
    at = page(SECRETS)
    assert not at.exception and "Annual round" in at.title[0].value
    assert not at.dataframe and at.text_input(key="login_name")


def test_an_editor_sees_the_round_per_country_and_indicator(tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "srb.xlsx", [score(country="SRB", year=2024)], [EC_DEFINITION])
    drafts.submit(path, None, profile("alice"), "BCSP 2024")
    at = page(SECRETS)
    at.text_input(key="login_name").set_value("carol")
    at.text_input(key="login_password").set_value(PASSWORD)
    at = at.button[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    at = at.selectbox(key="round_year").set_value(2024).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["◐ in review"] == "1" and metrics["– missing"] == "5" and metrics["✓ scored"] == "0"
    grid = next(d.value for d in at.dataframe if "Country" in d.value.columns)
    row = grid.set_index("Country").loc["Serbia"]
    assert row[EC_DEFINITION["name"]] == "◐ in review" and row["Organisation"] == "BCSP"
    assert grid.set_index("Country").loc["Albania", "Organisation"] == "IDM"
    assert "Drafts of the round" in " ".join(s.value for s in at.subheader)
    assert editors.editors_from(SECRETS).review_required

"""The network's rule, end to end on files made here: each organisation submits scores for its own country only, a
draft never changes the current data, an editor of another organisation approves it (published, the manifest and
history naming both) or returns it with a comment; an author cannot approve their own draft; two reviews of one
draft cannot both win; a crash between approval and publish leaves no half state."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from _networktools import SECRETS, profile
from _publishtools import EC_DEFINITION, INDICATOR, score, write_csv, write_xlsx

from radar import settings, versions
from radar.publish import drafts, editors, pipeline


def serbian_file(tmp_path: Path, value: int = 2, name: str = "bcsp-2024.xlsx") -> Path:
    return write_xlsx(tmp_path / name, [score(country="SRB", value=value, evidence="EC report 2024, chapter 24.",
                                              evidence_url="https://example.org/ec-2024")], [EC_DEFINITION])


def own_values(version: str) -> dict[str, float]:
    obs = versions.read_tables(version)["observations"]
    mine = obs[obs["indicator_id"] == INDICATOR]
    return dict(zip(mine["country_iso3"], mine["value"]))


# ---- who speaks for which country ------------------------------------------------------------------------------------

def test_profiles_come_from_the_organisations_in_the_secrets() -> None:
    alice = profile("alice")
    assert (alice.organisation, alice.organisation_name, alice.countries, alice.coordinator) == (
        "bcsp", "BCSP", frozenset({"SRB"}), False)
    assert alice.may_submit_for("SRB") and not alice.may_submit_for("ALB")
    carol = profile("carol")
    assert carol.coordinator and carol.may_submit_for("ALB") and carol.organisation is None
    assert editors.editors_from(SECRETS).review_required
    assert not editors.editors_from({"editors": {"users": SECRETS["editors"]["users"]}}).review_required
    with pytest.raises(editors.NotAnEditor):
        profile("mallory")
    wrong = {"editors": {"organisations": {}, "users": {"x": {"organisation": "nope"}}}}
    with pytest.raises(ValueError, match="'nope', which is not configured"):
        editors.profile_of(editors.editors_from(wrong), "x")
    bad_code = {"editors": {"organisations": {"o": {"countries": ["SRX"]}}, "users": {"x": {"organisation": "o"}}}}
    with pytest.raises(ValueError, match="SRX"):
        editors.profile_of(editors.editors_from(bad_code), "x")


def test_oidc_editors_belong_by_email_and_may_have_their_own_countries() -> None:
    secrets = {"auth": {"client_id": "x"}, "editors": {
        "emails": ["ana@idm.example", "mira@example.org"],
        "organisations": {"idm": {"name": "IDM", "countries": ["ALB"], "members": ["Ana@IDM.example"]}},
        "users": {"mira@example.org": {"countries": ["MNE", "mkd"]}}}}
    configured = editors.editors_from(secrets)
    ana = editors.profile_of(configured, "ana@idm.example")
    assert ana.organisation == "idm" and ana.countries == {"ALB"}
    mira = editors.profile_of(configured, "MIRA@example.org")
    assert mira.organisation is None and mira.countries == {"MNE", "MKD"} and mira.team != ana.team


def test_a_submission_for_another_country_is_refused_with_its_rows(tmp_path: Path, vdir: Path) -> None:
    path = write_xlsx(tmp_path / "mixed.xlsx", [score(country="SRB"), score(country="Albania", value=4),
                                                score(country="ALB", year=2023, value=3)], [EC_DEFINITION])
    with pytest.raises(drafts.SubmissionRejected) as refused:
        drafts.submit(path, None, profile("alice"), "network scores 2024")
    rows = [(p.file, p.sheet, p.row, p.column) for p in refused.value.problems]
    assert rows == [("mixed.xlsx", "scores", 3, "country"), ("mixed.xlsx", "scores", 4, "country")]
    assert "ALB: alice (BCSP) submits scores for SRB only" in refused.value.problems[0].message
    assert drafts.list_drafts() == [] and versions.current_version() == "base"
    csv = write_csv(tmp_path / "alb.csv", [score(country="ALB")])  # a CSV's rows are named without a sheet
    with pytest.raises(drafts.SubmissionRejected) as refused:
        drafts.submit(csv, None, profile("bojan"), "r")
    assert [(p.sheet, p.row) for p in refused.value.problems if p.column == "country"] == [(None, 2)]
    loner = editors.profile_of(editors.editors_from({"editors": {**SECRETS["editors"], "users": {"x": {}}}}), "x")
    with pytest.raises(drafts.SubmissionRejected) as refused:
        drafts.submit(path, None, loner, "r")
    assert "x speaks for no country" in refused.value.problems[0].message and len(refused.value.problems) == 3
    coordinated = drafts.submit(path, None, profile("carol"), "the coordinator submits for all")
    assert coordinated["status"] == "submitted" and coordinated["countries"] == ["ALB", "SRB"]


def test_publishers_releases_are_not_drafts(tmp_path: Path, vdir: Path) -> None:
    from _publishtools import CPI_FILE

    with pytest.raises(drafts.DraftError, match="publisher's release"):
        drafts.submit(CPI_FILE, None, profile("carol"), "CPI")


# ---- draft, review, publish ------------------------------------------------------------------------------------------

def test_a_draft_changes_nothing_until_another_organisation_approves_it(tmp_path: Path, vdir: Path) -> None:
    draft = drafts.submit(serbian_file(tmp_path), None, profile("alice"), "BCSP assessment 2024")
    assert (draft["status"], draft["submitted_by"], draft["organisation"]) == ("submitted", "alice", "bcsp")
    assert draft["diff"]["added"] == 1 and draft["countries"] == ["SRB"]
    assert versions.current_version() == "base" and not any(vdir.glob("v*"))
    stored = drafts.upload_of(draft)
    assert stored.read_bytes() == (tmp_path / "bcsp-2024.xlsx").read_bytes()

    with pytest.raises(drafts.DraftError, match="alice submitted draft"):
        drafts.approve(draft["draft"], profile("alice"), "looks right to me")
    with pytest.raises(drafts.DraftError, match="comes from BCSP"):
        drafts.approve(draft["draft"], profile("bojan"), "same organisation")
    assert drafts.get(draft["draft"])["status"] == "submitted" and versions.current_version() == "base"

    done = drafts.approve(draft["draft"], profile("ilir"), "checked against the EC report")
    assert done["status"] == "published" and done["reviewed_by"] == "ilir"
    version = versions.current_version()
    assert done["version"] == version and own_values(version) == {"SRB": 2.0}
    manifest = versions.manifest_of(version)
    assert (manifest["who"], manifest["submitted_by"], manifest["reviewed_by"], manifest["draft"]) == (
        "alice", "alice", "ilir", draft["draft"])
    assert manifest["review_reason"] == "checked against the EC report" and manifest["organisation"] == "bcsp"
    event = versions.history()[-1]
    assert (event["event"], event["version"], event["submitted_by"], event["reviewed_by"]) == (
        "publish", version, "alice", "ilir")
    assert "BCSP assessment 2024" in event["reason"] and event["reviewed_at"]
    assert [e["event"] for e in drafts.get(draft["draft"])["events"]] == ["submitted", "approved", "published"]
    with pytest.raises(drafts.DraftError, match="is published"):
        drafts.return_draft(draft["draft"], profile("carol"), "too late")


def test_a_returned_draft_carries_the_comment_and_is_never_published(tmp_path: Path, vdir: Path) -> None:
    draft = drafts.submit(serbian_file(tmp_path), None, profile("alice"), "BCSP assessment 2024")
    with pytest.raises(ValueError, match="comment is required"):
        drafts.return_draft(draft["draft"], profile("ilir"), "  ")
    back = drafts.return_draft(draft["draft"], profile("ilir"), "The evidence link is to the 2023 report.")
    assert (back["status"], back["reviewed_by"], back["review_reason"]) == (
        "returned", "ilir", "The evidence link is to the 2023 report.")
    with pytest.raises(drafts.DraftError, match="is returned"):
        drafts.approve(draft["draft"], profile("carol"), "approve anyway")
    assert versions.current_version() == "base"
    listed = drafts.list_drafts()  # read again from disk, as after a restart
    assert [(d["draft"], d["status"]) for d in listed] == [(draft["draft"], "returned")]


def test_unknown_or_malformed_draft_ids_are_refused(vdir: Path) -> None:
    for bad in ("d0001-20260101T000000Z", "../versions", ""):
        with pytest.raises(drafts.DraftError, match="no draft"):
            drafts.approve(bad, profile("ilir"), "r")


def test_an_approval_the_data_now_refuses_leaves_the_draft_submitted(tmp_path: Path, vdir: Path) -> None:
    first = drafts.submit(serbian_file(tmp_path), None, profile("alice"), "first")
    second = drafts.submit(serbian_file(tmp_path, name="same.xlsx"), None, profile("bojan"), "the same again")
    drafts.approve(first["draft"], profile("ilir"), "ok")
    with pytest.raises(pipeline.NothingToPublish):
        drafts.approve(second["draft"], profile("ilir"), "ok too")
    again = drafts.get(second["draft"])
    assert again["status"] == "submitted" and again["reviewed_by"] is None and "nothing to publish" in again[
        "last_error"]
    assert len(list(vdir.glob("v*"))) == 1


# ---- two reviews at once ---------------------------------------------------------------------------------------------

def test_two_reviews_of_one_draft_cannot_both_win(tmp_path: Path, vdir: Path) -> None:
    draft = drafts.submit(serbian_file(tmp_path), None, profile("alice"), "BCSP assessment 2024")
    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def review(name: str, approve: bool) -> None:
        start.wait()
        try:
            if approve:
                outcomes[name] = drafts.approve(draft["draft"], profile(name), f"approved by {name}")["status"]
            else:
                outcomes[name] = drafts.return_draft(draft["draft"], profile(name), f"returned by {name}")["status"]
        except drafts.DraftError as exc:
            outcomes[name] = exc

    threads = [threading.Thread(target=review, args=("ilir", True)),
               threading.Thread(target=review, args=("carol", False))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    won = {k: v for k, v in outcomes.items() if isinstance(v, str)}
    lost = {k: v for k, v in outcomes.items() if isinstance(v, drafts.DraftError)}
    assert len(won) == 1 and len(lost) == 1, outcomes
    final = drafts.get(draft["draft"])
    winner = next(iter(won))
    assert final["reviewed_by"] == winner and final["status"] == won[winner]
    assert "nothing to review" in str(next(iter(lost.values())))
    assert len(list(vdir.glob("v*"))) == (1 if winner == "ilir" else 0)
    assert [e["event"] for e in final["events"]].count("submitted") == 1
    assert len([e for e in final["events"] if e["event"] in ("approved", "returned")]) == 1


def test_an_approval_cut_short_is_completed_by_the_next_listing_once_the_lock_is_free(
        tmp_path: Path, vdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    draft = drafts.submit(serbian_file(tmp_path), None, profile("alice"), "BCSP assessment 2024")
    real = pipeline.publish

    def dies(*args: object, **kwargs: object) -> None:
        raise SystemExit("killed between the approval and the publish")

    monkeypatch.setattr(pipeline, "publish", dies)
    with pytest.raises(SystemExit):
        drafts.approve(draft["draft"], profile("ilir"), "ok")
    monkeypatch.setattr(pipeline, "publish", real)
    assert drafts.get(draft["draft"])["status"] == "approved" and versions.current_version() == "base"

    monkeypatch.setattr(settings, "PUBLISH_LOCK_TIMEOUT_S", 0.2)
    with versions.locked(drafts.drafts_dir()):  # another review holds the drafts: listing still answers
        assert [d["status"] for d in drafts.list_drafts()] == ["approved"]
    listed = drafts.list_drafts()
    assert [d["status"] for d in listed] == ["published"] and listed[0]["version"] == versions.current_version()
    assert own_values(listed[0]["version"]) == {"SRB": 2.0}

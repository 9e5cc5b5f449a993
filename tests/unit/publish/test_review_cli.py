"""`python -m radar submit | review | drafts`, run as editors of two organisations would (each command its own
process, so drafts survive a restart), and a review killed between its approval and the publish."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from _networktools import crashing_review, secrets_toml
from _publishtools import EC_DEFINITION, INDICATOR, ROOT, run_cli, score, write_xlsx

from radar import versions
from radar.publish import drafts


@pytest.fixture
def env(tmp_path: Path, vdir: Path, warehouse_copy: Path) -> dict[str, str]:
    return {"RADAR_VERSIONS": str(vdir), "RADAR_WAREHOUSE": str(warehouse_copy),
            "RADAR_SECRETS": str(secrets_toml(tmp_path)), "RADAR_EDITOR": ""}


def serbian(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "bcsp-2024.xlsx", [score(country="SRB", value=3)], [EC_DEFINITION])


def submitted(tmp_path: Path, env: dict[str, str]) -> str:
    done = run_cli(["submit", str(serbian(tmp_path)), "--user", "alice", "--reason", "BCSP 2024"], env)
    assert done.returncode == 0, done.stderr
    return drafts.list_drafts()[0]["draft"]


def test_submit_review_and_list_from_the_command_line(tmp_path: Path, env: dict, vdir: Path) -> None:
    path = serbian(tmp_path)
    direct = run_cli(["import", str(path), "--reason", "alone", "--user", "alice"], env)
    assert direct.returncode == 1 and "python -m radar submit" in direct.stderr
    assert versions.current_version(vdir) == "base"

    other = write_xlsx(tmp_path / "alb.xlsx", [score(country="ALB")], [EC_DEFINITION])
    refused = run_cli(["submit", str(other), "--user", "alice", "--reason", "not ours"], env)
    assert refused.returncode == 1
    assert "alb.xlsx: sheet scores, row 2, column country: ALB: alice (BCSP) submits scores for SRB only" in (
        refused.stderr)

    done = run_cli(["submit", str(path), "--user", "alice", "--reason", "BCSP 2024"], env)
    assert done.returncode == 0, done.stderr
    assert "submitted draft d0001-" in done.stdout and "1 added, 0 changed, 0 removed" in done.stdout
    draft_id = done.stdout.split("submitted draft ")[1].split()[0]
    listed = run_cli(["drafts", "--json"], env)  # a new process: the draft is on disk
    assert [(d["draft"], d["status"], d["submitted_by"]) for d in json.loads(listed.stdout)] == [
        (draft_id, "submitted", "alice")]

    own = run_cli(["review", draft_id, "--approve", "--user", "alice", "--reason", "mine"], env)
    assert own.returncode == 1 and "alice submitted draft" in own.stderr
    peer = run_cli(["review", draft_id, "--approve", "--user", "ilir", "--reason", "checked (IDM)"], env)
    assert peer.returncode == 0, peer.stderr
    version = versions.current_version(vdir)
    assert f"published version {version}" in peer.stdout and "reviewed by ilir (IDM)" in peer.stdout
    event = versions.history(vdir)[-1]
    assert (event["who"], event["submitted_by"], event["reviewed_by"]) == ("alice", "alice", "ilir")
    shown = run_cli(["drafts"], env).stdout
    assert f"{draft_id}" in shown and "published" in shown and "reviewed by ilir" in shown and version in shown
    listed_versions = run_cli(["versions"], env).stdout
    assert f"[draft {draft_id}, reviewed by ilir]" in next(li for li in listed_versions.splitlines() if version in li)


def test_a_return_from_the_command_line(tmp_path: Path, env: dict, vdir: Path) -> None:
    draft_id = submitted(tmp_path, env)
    back = run_cli(["review", draft_id, "--return", "--user", "carol", "--reason", "cite the 2024 report"], env)
    assert back.returncode == 0 and "returned draft" in back.stdout and "cite the 2024 report" in back.stdout
    assert drafts.get(draft_id)["status"] == "returned" and versions.current_version(vdir) == "base"
    nobody = run_cli(["review", draft_id, "--approve", "--reason", "r"], env)
    assert nobody.returncode == 3


@pytest.mark.parametrize("stage", ["before", "after"])
def test_a_crash_between_approval_and_publish_leaves_no_half_state(tmp_path: Path, env: dict, vdir: Path,
                                                                    stage: str) -> None:
    """Killed after the approval is written but before the version exists ('before'), or after the version exists
    but before the draft says so ('after'): the current data is either untouched or the complete new version, and the
    next action on the drafts completes the approval, publishing exactly once."""
    draft_id = submitted(tmp_path, env)
    crashed = crashing_review(stage, ["review", draft_id, "--approve", "--user", "ilir", "--reason", "ok"], env)
    assert crashed.returncode == 9, crashed.stderr
    on_disk = drafts.get(draft_id)
    assert on_disk["status"] == "approved" and on_disk["reviewed_by"] == "ilir" and on_disk["version"] is None
    published = sorted(p.name for p in vdir.glob("v*"))
    assert len(published) == (0 if stage == "before" else 1)
    assert versions.current_version(vdir) == (published[0] if published else "base")
    assert not list(vdir.glob(".tmp-*"))

    listed = run_cli(["drafts", "--json"], env)  # the next action, in a fresh process, completes the approval
    assert listed.returncode == 0, listed.stderr
    final = json.loads(listed.stdout)[0]
    assert final["status"] == "published" and final["version"] == versions.current_version(vdir)
    assert len(list(vdir.glob("v*"))) == 1  # published exactly once
    manifest = versions.manifest_of(final["version"], vdir)
    assert (manifest["draft"], manifest["submitted_by"], manifest["reviewed_by"]) == (draft_id, "alice", "ilir")
    obs = versions.read_tables(final["version"], vdir)["observations"]
    assert obs[obs["indicator_id"] == INDICATOR]["value"].tolist() == [3.0]


def test_two_review_processes_at_once_one_wins(tmp_path: Path, env: dict, vdir: Path) -> None:
    draft_id = submitted(tmp_path, env)
    started = [subprocess.Popen([sys.executable, "-m", "radar", "review", draft_id, flag, "--user", user, "--reason",
                                 f"{user} decides"], cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
               for user, flag in (("ilir", "--approve"), ("carol", "--return"))]
    results = [proc.communicate(timeout=300) + (proc.returncode,) for proc in started]
    codes = sorted(code for _out, _err, code in results)
    assert codes == [0, 1], results
    loser = next(err for _out, err, code in results if code == 1)
    assert "nothing to review" in loser
    final = drafts.get(draft_id)
    assert final["status"] in ("published", "returned")
    assert len(list(vdir.glob("v*"))) == (1 if final["status"] == "published" else 0)


def test_publishers_releases_are_still_imported_directly(env: dict, vdir: Path) -> None:
    from _publishtools import CPI_FILE

    done = run_cli(["import", str(CPI_FILE), "--reason", "CPI as released", "--user", "carol"], env)
    assert done.returncode == 0, done.stderr
    assert "nothing to publish" in done.stdout and "submit" not in done.stderr  # the same edition: no review asked

"""Reliability of publishing: a publish killed mid-write leaves the previous version intact and current; two at once
are serialised and neither is lost; a rejected file changes nothing; versions are listed and restored, never lost."""

from __future__ import annotations

import hashlib
import json
import signal
import time
from pathlib import Path

import pandas as pd
import pytest
from _publishtools import EC_DEFINITION, INDICATOR, score, secrets_file, write_csv, write_xlsx

from radar import settings, versions
from radar.publish import pipeline
from radar.store import Store

KILL_WAIT_S = 60


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (except the lock) with its SHA-256: what must not change."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".lock"}


def first_version(tmp_path: Path) -> dict:
    path = write_xlsx(tmp_path / "first.xlsx", [score()], [EC_DEFINITION])
    return pipeline.publish(path, None, "alice", "first publish (test)")[1]


def cli_env(vdir: Path, tmp_path: Path) -> dict[str, str]:
    return {"RADAR_VERSIONS": str(vdir), "RADAR_WAREHOUSE": str(settings.WAREHOUSE_DIR),
            "RADAR_SECRETS": str(secrets_file(tmp_path)), "RADAR_EDITOR": "alice"}


def own_rows(version: str) -> pd.DataFrame:
    """The observations of the test's network indicator in one version."""
    obs = versions.read_tables(version)["observations"]
    return obs[obs["indicator_id"] == INDICATOR]


def wait_for(condition, timeout: float = KILL_WAIT_S) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


# ---- publish, list, restore ----------------------------------------------------------------------------------------

def test_publish_then_restore_then_publish_again_nothing_is_lost(tmp_path: Path, vdir: Path) -> None:
    assert versions.current_version() == versions.BASE_VERSION
    v1 = first_version(tmp_path)
    assert versions.current_version() == v1["version"] and v1["parent"] == "base"
    assert v1["who"] == "alice" and v1["reason"] == "first publish (test)" and v1["file"] == "first.xlsx"
    assert v1["created_at"].endswith("Z") and len(v1["sha256"]) == 64 and v1["diff"]["added"] == 1
    assert v1["rows"]["observations"] == len(versions.read_tables("base")["observations"]) + 1

    event = versions.restore("base", "bob", "wrong file (test)")
    assert versions.current_version() == "base" and event["previous"] == v1["version"]
    with pytest.raises(versions.VersionError, match="already the current"):
        versions.restore("base", "bob", "again")
    with pytest.raises(versions.VersionError, match="no version"):
        versions.restore("v9999-20990101T000000Z", "bob", "typo")

    second = write_csv(tmp_path / "second.csv", [score(country="ALB", value=4)])
    with pytest.raises(pipeline.PublishRejected):  # the indicator was only defined in v1, no longer current
        pipeline.publish(second, None, "alice", "second (test)")
    versions.restore(v1["version"], "bob", "back to v1 (test)")
    v2 = pipeline.publish(second, None, "alice", "second (test)")[1]
    assert v2["parent"] == v1["version"] and v2["version"].startswith("v0002-")

    listed = versions.list_versions()
    assert [v["version"] for v in listed] == ["base", v1["version"], v2["version"]]
    assert [v["current"] for v in listed] == [False, False, True]
    events = versions.history()
    assert [(e["event"], e["version"], e["who"]) for e in events] == [
        ("publish", v1["version"], "alice"), ("restore", "base", "bob"), ("restore", v1["version"], "bob"),
        ("publish", v2["version"], "alice")]
    assert events[1]["reason"] == "wrong file (test)" and events[1]["when"].endswith("Z")
    obs = own_rows(v2["version"])
    assert sorted(obs["country_iso3"]) == ["ALB", "SRB"]
    store = Store(versions.warehouse_of(v2["version"]))  # what the app opens for the current version
    try:
        shown = store.observations(["ALB", "SRB"], [], [INDICATOR], 2024, 2024)
        axes = store.framework_axes("wbocr")
        evidence = store.query("SELECT evidence FROM observations WHERE indicator_id = ? AND country_iso3 = 'SRB'",
                               [INDICATOR])["evidence"].tolist()
    finally:
        store.close()
    assert dict(zip(shown["country_iso3"], shown["value"])) == {"ALB": 4.0, "SRB": 2.0}
    assert INDICATOR in set(axes.loc[axes["axis_id"] == "prosecution_courts", "indicator_id"])
    assert evidence == ["Test evidence sentence."]


def test_nothing_to_publish_writes_nothing(tmp_path: Path, vdir: Path) -> None:
    v1 = first_version(tmp_path)
    before = snapshot(vdir)
    with pytest.raises(pipeline.NothingToPublish):
        pipeline.publish(tmp_path / "first.xlsx", None, "alice", "again (test)")
    assert snapshot(vdir) == before and versions.current_version() == v1["version"]


def test_a_publish_that_fails_validation_changes_nothing(tmp_path: Path, vdir: Path) -> None:
    v1 = first_version(tmp_path)
    before = snapshot(vdir)
    bad = write_csv(tmp_path / "bad.csv", [score(value=9), score(country="Narnia")])
    with pytest.raises(pipeline.PublishRejected) as caught:
        pipeline.publish(bad, None, "alice", "bad (test)")
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "value"), (3, "country")]
    assert snapshot(vdir) == before
    assert versions.current_version() == v1["version"] and not list(vdir.glob(".tmp-*"))


def test_a_publish_needs_a_reason(tmp_path: Path, vdir: Path) -> None:
    path = write_xlsx(tmp_path / "x.xlsx", [score()], [EC_DEFINITION])
    with pytest.raises(ValueError, match="reason is required"):
        pipeline.publish(path, None, "alice", "  ")
    assert not vdir.exists() or not any(vdir.iterdir())


# ---- killed mid-write ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("moment", ["while writing the tables", "after the rename, before CURRENT"])
def test_a_publish_killed_mid_write_leaves_the_previous_version_current(tmp_path: Path, vdir: Path, moment: str,
                                                                        paused_cli) -> None:
    v1 = first_version(tmp_path)
    before = snapshot(vdir)
    data_before = versions.read_tables(v1["version"])["observations"]
    path = write_csv(tmp_path / "next.csv", [score(country="MNE", value=3)])
    pause = "tables=30" if moment == "while writing the tables" else "switch=30"
    proc = paused_cli(["import", str(path), "--reason", "to be killed"], cli_env(vdir, tmp_path), pause)
    try:
        if moment == "while writing the tables":
            wait_for(lambda: any(vdir.glob(".tmp-*/*.parquet")))
        else:
            wait_for(lambda: any(p.name.startswith("v0002-") for p in vdir.iterdir()))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == -signal.SIGKILL
    assert versions.current_version() == v1["version"]
    after = snapshot(vdir)
    assert {k: v for k, v in after.items() if k in before} == before  # nothing that existed changed
    assert versions.read_tables(v1["version"])["observations"].equals(data_before)
    # a later publish works, removes the leftovers and builds on the version that is current
    v3 = pipeline.publish(path, None, "alice", "after the crash (test)")[1]
    assert v3["parent"] == v1["version"] and versions.current_version() == v3["version"]
    assert not list(vdir.glob(".tmp-*"))
    assert "MNE" in set(own_rows(v3["version"])["country_iso3"])


# ---- two at once ---------------------------------------------------------------------------------------------------

def test_two_publishes_at_once_are_serialised_and_neither_is_lost(tmp_path: Path, vdir: Path, paused_cli) -> None:
    first_version(tmp_path)
    a = write_csv(tmp_path / "a.csv", [score(country="ALB", value=1)])
    b = write_csv(tmp_path / "b.csv", [score(country="MKD", value=5)])
    env = cli_env(vdir, tmp_path)
    one = paused_cli(["import", str(a), "--reason", "a (test)", "--json"], env, "tables=0.3")
    wait_for(lambda: any(vdir.glob(".tmp-*")))  # the first holds the lock and is writing
    two = paused_cli(["import", str(b), "--reason", "b (test)", "--json"], env, "tables=0.3")
    outs = [p.communicate(timeout=120) for p in (one, two)]
    assert [p.returncode for p in (one, two)] == [0, 0], outs
    published = [json.loads(out)["version"] for out, _ in outs]
    manifests = [versions.manifest_of(v) for v in published]
    assert manifests[1]["parent"] == manifests[0]["version"]  # the second built on the first
    current = versions.current_version()
    assert current == published[1]
    rows = own_rows(current)
    assert sorted(rows["country_iso3"]) == ["ALB", "MKD", "SRB"]


def test_the_lock_times_out_with_a_clear_error(tmp_path: Path, vdir: Path) -> None:
    with (versions.locked(), pytest.raises(versions.VersionError, match="another publish or restore is running"),
          versions.locked(timeout_s=0.2)):
        pass


def test_the_current_version_is_read_again_whenever_its_pointer_changes(tmp_path: Path) -> None:
    """current_version keeps the pointer's text while the file is the same one: a switch (a new file renamed over
    it) and even an edit in place are seen on the next call."""
    folder = tmp_path / "versions"
    folder.mkdir()
    assert versions.current_version(folder) == versions.BASE_VERSION  # no pointer yet
    pointer = folder / versions.CURRENT
    for version in ("v1", "v2", "v3"):
        temp = folder / f".{version}"
        temp.write_text(version, encoding="utf-8")
        temp.replace(pointer)  # as a publish switches it
        assert versions.current_version(folder) == version
        assert versions.current_version(folder) == version  # the second read comes from the memo
    pointer.write_text("v4-in-place", encoding="utf-8")  # a different size: seen without a new inode
    assert versions.current_version(folder) == "v4-in-place"
    pointer.unlink()
    assert versions.current_version(folder) == versions.BASE_VERSION

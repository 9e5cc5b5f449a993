"""The command line: `python -m radar import | versions | rollback | hash-password`, run as a user would, with its own
versions folder, warehouse copy and secrets (never the real data/versions)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest
from _publishtools import EC_DEFINITION, PASSWORD, run_cli, score, secrets_file, write_csv, write_xlsx

from radar import settings, versions
from radar.__main__ import main
from radar.publish import editors


@pytest.fixture
def env(tmp_path: Path, vdir: Path, warehouse_copy: Path) -> dict[str, str]:
    return {"RADAR_VERSIONS": str(vdir), "RADAR_WAREHOUSE": str(warehouse_copy),
            "RADAR_SECRETS": str(secrets_file(tmp_path)), "RADAR_EDITOR": ""}


def test_dry_run_json_of_a_bad_file_lists_every_error_and_exits_non_zero(tmp_path: Path, env: dict, vdir: Path
                                                                       ) -> None:
    path = write_csv(tmp_path / "bad.csv", [score(country="Atlantis"), score(value="high", indicator="cpi_score")],
                     delimiter=";")
    done = run_cli(["import", str(path), "--dry-run", "--json"], env)
    assert done.returncode == 1, done.stderr
    out = json.loads(done.stdout)
    assert out["recognised"] == "template" and (out["added"], out["changed"], out["removed"]) == (0, 0, 0)
    assert {(e["file"], e["sheet"], e["row"], e["column"]) for e in out["errors"]} == {
        ("bad.csv", None, 2, "country"), ("bad.csv", None, 2, "indicator_id"), ("bad.csv", None, 3, "indicator_id"),
        ("bad.csv", None, 3, "value")}
    assert all(set(e) == {"file", "sheet", "row", "column", "message"} for e in out["errors"])
    assert not vdir.exists()


def test_dry_run_prints_what_it_recognised_and_the_diff_and_writes_nothing(tmp_path: Path, env: dict,
                                                                           vdir: Path) -> None:
    path = write_xlsx(tmp_path / "good.xlsx", [score(), score(country="ALB", value=3)], [EC_DEFINITION])
    done = run_cli(["import", str(path), "--dry-run"], env)
    assert done.returncode == 0, done.stderr
    assert "recognised: template" in done.stdout and "rows:       2 added, 0 changed, 0 removed" in done.stdout
    assert "added    SRB 2024 bsp_ec_ch24: 2.0" in done.stdout and "dry run: nothing written" in done.stdout
    assert not vdir.exists()


def in_process(args: list[str], env: dict, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
               ) -> tuple[int, str, str]:
    """Run `python -m radar ARGS` in this process (quick checks; the subprocess tests prove the real entry point)."""
    monkeypatch.setattr(settings, "SECRETS_FILE", Path(env["RADAR_SECRETS"]))
    monkeypatch.setenv("RADAR_EDITOR", env.get("RADAR_EDITOR", ""))
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_publish_needs_a_configured_editor(tmp_path: Path, env: dict, vdir: Path, monkeypatch: pytest.MonkeyPatch,
                                          capsys: pytest.CaptureFixture) -> None:
    path = write_xlsx(tmp_path / "good.xlsx", [score()], [EC_DEFINITION])
    nobody = run_cli(["import", str(path), "--reason", "r"], env)  # the real entry point refuses too
    assert nobody.returncode == 3 and "--user NAME or set RADAR_EDITOR" in nobody.stderr
    code, _, err = in_process(["import", str(path), "--reason", "r", "--user", "mallory"], env, monkeypatch, capsys)
    assert code == 3 and "'mallory' is not a configured editor" in err
    code, _, err = in_process(["import", str(path), "--user", "alice"], env, monkeypatch, capsys)
    assert code == 1 and "needs a reason" in err
    closed = {**env, "RADAR_SECRETS": str(tmp_path / "none.toml")}
    code, _, err = in_process(["import", str(path), "--reason", "r", "--user", "alice"], closed, monkeypatch, capsys)
    assert code == 3 and "no editors are configured" in err
    code, _, err = in_process(["rollback", "base", "--user", "mallory"], env, monkeypatch, capsys)
    assert code == 3
    assert not vdir.exists() or not any(vdir.glob("v*"))


def test_publish_list_and_roll_back_from_the_command_line(tmp_path: Path, env: dict, vdir: Path,
                                                         monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture) -> None:
    path = write_xlsx(tmp_path / "good.xlsx", [score()], [EC_DEFINITION])
    done = run_cli(["import", str(path), "--reason", "network scores 2024 (test)", "--json"],
                   {**env, "RADAR_EDITOR": "alice"})
    assert done.returncode == 0, done.stderr
    version = json.loads(done.stdout)["version"]
    assert versions.current_version(vdir) == version
    code, out, _ = in_process(["versions"], env, monkeypatch, capsys)
    assert code == 0
    line = next(li for li in out.splitlines() if version in li)
    assert line.startswith("*") and "alice" in line and "good.xlsx" in line and "network scores 2024" in line
    as_json = json.loads(in_process(["versions", "--json"], env, monkeypatch, capsys)[1])
    assert [v["version"] for v in as_json] == ["base", version] and as_json[1]["sha256"]

    again = run_cli(["import", str(path), "--reason", "again", "--user", "alice"], env)
    assert again.returncode == 0 and "nothing to publish" in again.stdout

    back = run_cli(["rollback", "base", "--reason", "check (test)", "--user", "alice"], env)
    assert back.returncode == 0 and "current version is now base" in back.stdout
    assert versions.current_version(vdir) == "base"
    assert versions.history(vdir)[-1] | {"when": None} == {"event": "restore", "version": "base",
                                                           "previous": version, "who": "alice",
                                                           "reason": "check (test)", "when": None}
    code, _, err = in_process(["rollback", "v0042-20260101T000000Z", "--user", "alice"], env, monkeypatch, capsys)
    assert code == 4 and "no version" in err


def test_a_missing_file(env: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture) -> None:
    code, _, err = in_process(["import", str(tmp_path / "nope.csv"), "--dry-run"], env, monkeypatch, capsys)
    assert code == 1 and "no such file" in err


def test_hash_password_prints_an_entry_that_logs_in(env: dict) -> None:
    done = run_cli(["hash-password", "dana"], env, input=PASSWORD + "\n")
    assert done.returncode == 0, done.stderr
    config = tomllib.loads(done.stdout)
    entry = config["editors"]["users"]["dana"]
    assert PASSWORD not in done.stdout and len(entry["salt"]) == 32 and len(entry["hash"]) == 64
    configured = editors.editors_from(config)
    assert editors.verify_password(configured, "dana", PASSWORD)
    assert not editors.verify_password(configured, "dana", PASSWORD + "!")
    short = run_cli(["hash-password", "dana"], env, input="short\n")
    assert short.returncode == 1 and "at least 12 characters" in short.stderr  # (starts quickly: no data imports)

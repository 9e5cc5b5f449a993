"""Who may write: editors from the secrets (OIDC emails or password users), salted hashes, the CLI's identity."""

from __future__ import annotations

import pytest

from radar.publish import editors

ALICE = editors.hash_password("a long enough password", salt=b"\x02" * 16)


def test_modes_follow_the_secrets() -> None:
    assert editors.editors_from({}).mode == "closed"
    assert editors.editors_from({"editors": {}}).mode == "closed"
    assert editors.editors_from({"editors": {"users": {"alice": ALICE}}}).mode == "password"
    oidc = editors.editors_from({"auth": {"client_id": "x"}, "editors": {"emails": [" Ana@Example.org "],
                                                                         "users": {"alice": ALICE}}})
    assert oidc.mode == "oidc" and oidc.is_editor_email("ana@example.org") and not oidc.is_editor_email("x@y.z")
    assert editors.editors_from({"auth": {"client_id": "x"}}).mode == "closed"  # a provider but no editor emails


def test_salted_hashes_verify_only_the_right_password() -> None:
    configured = editors.editors_from({"editors": {"users": {"alice": ALICE}}})
    assert editors.verify_password(configured, "alice", "a long enough password")
    assert editors.verify_password(configured, " alice ", "a long enough password")
    assert not editors.verify_password(configured, "alice", "a long enough passworD")
    assert not editors.verify_password(configured, "bob", "a long enough password")
    assert not editors.verify_password(configured, "alice", "")
    other = editors.hash_password("a long enough password")
    assert other["salt"] != ALICE["salt"] and other["hash"] != ALICE["hash"]  # a fresh salt each time
    broken = editors.editors_from({"editors": {"users": {"alice": {"salt": "zz", "hash": "00"}}}})
    assert not editors.verify_password(broken, "alice", "a long enough password")


def test_the_cli_identity_must_be_a_configured_editor(monkeypatch: pytest.MonkeyPatch) -> None:
    secrets = {"editors": {"users": {"alice": ALICE}, "emails": ["ana@example.org"]}}
    monkeypatch.delenv("RADAR_EDITOR", raising=False)
    assert editors.cli_editor("alice", secrets) == "alice"
    assert editors.cli_editor("ANA@example.org", secrets) == "ANA@example.org"
    monkeypatch.setenv("RADAR_EDITOR", "alice")
    assert editors.cli_editor(None, secrets) == "alice"
    with pytest.raises(editors.NotAnEditor, match="not a configured editor"):
        editors.cli_editor("mallory", secrets)
    with pytest.raises(editors.NotAnEditor, match="no editors are configured"):
        editors.cli_editor("alice", {})
    monkeypatch.delenv("RADAR_EDITOR")
    with pytest.raises(editors.NotAnEditor, match="--user NAME"):
        editors.cli_editor(None, secrets)

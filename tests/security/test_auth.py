"""The editors' login: OIDC needs a verified email; the password throttle slows one guesser (per user name and
client) without locking anyone else out, counts each attempt once, and cannot be raced past its limit."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from radar import settings
from radar.publish import editors
from radar.ui import auth

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "app_pages" / "publish.py"
OIDC = {"auth": {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x"},
        "editors": {"emails": ["ana@example.org"]}}
PASSWORD = "correct horse battery staple"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.mark.parametrize(("claims", "verified"), [
    ({"email_verified": True}, True), ({"email_verified": "true"}, True), ({"email_verified": "TRUE "}, True),
    ({"email_verified": False}, False), ({"email_verified": "false"}, False), ({}, False),
    ({"email_verified": 1}, False), ({"email_verified": "yes"}, False), ({"email_verified": None}, False),
])
def test_email_verified_needs_the_providers_claim(claims: dict, verified: bool) -> None:
    assert auth.email_verified(claims) is verified


def _oidc_page(user: dict) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("app_pages/publish.py")  # as an editor opens it: through the app's navigation
    for key, value in OIDC.items():
        at.secrets[key] = value
    at.user = user
    return at.run()


@pytest.mark.parametrize("claim", [None, False, "false"])
def test_an_unverified_email_is_no_editor(claim: object) -> None:
    user = {"is_logged_in": True, "email": "ana@example.org"}
    if claim is not None:
        user["email_verified"] = claim
    at = _oidc_page(user)
    assert not at.exception
    assert not at.get("file_uploader")
    assert "not one of the network's editors" in " ".join(str(w.value) for w in at.warning)


def test_a_verified_email_is_an_editor() -> None:
    at = _oidc_page({"is_logged_in": True, "email": "ana@example.org", "email_verified": True})
    assert not at.exception and at.get("file_uploader")


def test_the_throttle_pauses_one_key_after_the_limit_and_never_another() -> None:
    clock = Clock()
    throttle = auth.Throttle(limit=3, window_s=60, clock=clock)
    guesser, editor, other_name = ("alice", "203.0.113.9"), ("alice", "198.51.100.4"), ("bob", "203.0.113.9")
    for _ in range(3):
        assert throttle.reserve(guesser)[1] is not None
    wait, token = throttle.reserve(guesser)
    assert token is None and wait == 60
    assert throttle.reserve(editor)[1] is not None  # the editor, from elsewhere, is not locked out
    assert throttle.reserve(other_name)[1] is not None
    clock.now += 59
    assert throttle.reserve(guesser) == (1, None)
    clock.now += 1
    assert throttle.reserve(guesser)[1] is not None  # the oldest attempt has left the window


def test_a_refused_attempt_while_paused_is_not_counted() -> None:
    """Counted once: asking while paused does not extend the pause."""
    clock = Clock()
    throttle = auth.Throttle(limit=2, window_s=10, clock=clock)
    key = ("alice", "local")
    throttle.reserve(key)
    clock.now += 5
    throttle.reserve(key)
    for _ in range(50):
        assert throttle.reserve(key)[1] is None
    clock.now += 5
    assert throttle.reserve(key)[1] is not None  # 10 s after the first attempt, whatever was asked meanwhile


def test_a_success_forgets_the_keys_failures() -> None:
    throttle = auth.Throttle(limit=2, window_s=60, clock=Clock())
    key = ("alice", "local")
    throttle.reserve(key)
    throttle.succeeded(key)
    throttle.reserve(key)
    assert throttle.reserve(key)[1] is not None


def test_parallel_attempts_cannot_pass_the_limit() -> None:
    throttle = auth.Throttle(limit=5, window_s=60)
    key = ("alice", "203.0.113.9")
    start = threading.Barrier(40)
    granted: list[float] = []
    lock = threading.Lock()

    def attempt() -> None:
        start.wait()
        token = throttle.reserve(key)[1]
        if token is not None:
            with lock:
                granted.append(token)

    threads = [threading.Thread(target=attempt) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(granted) == 5


def _password_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.switch_page("app_pages/publish.py")  # as an editor opens it: through the app's navigation
    at.secrets["editors"] = {"users": {"alice": editors.hash_password(PASSWORD, salt=b"\x05" * 16)}}
    return at.run()


def _log_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="login_name").set_value(name)
    at.text_input(key="login_password").set_value(password)
    return at.button[0].click().run()


def test_each_failure_is_counted_once_in_a_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """With a limit of 4, four wrong passwords are allowed and the fifth attempt is paused (counted twice, the
    second attempt would already have paused the session)."""
    monkeypatch.setattr(settings, "MAX_FAILED_LOGINS", 4)
    auth._throttle.clear()
    at = _password_page()
    for n in range(4):
        at = _log_in(at, "alice", f"guess {n}")
        assert "Wrong user name or password." in [e.value for e in at.error], n
    at = _log_in(at, "alice", PASSWORD)
    assert any("Too many failed attempts" in e.value for e in at.error) and not at.get("file_uploader")
    auth._throttle.clear()


def test_another_client_still_logs_in_while_a_guesser_is_paused(monkeypatch: pytest.MonkeyPatch) -> None:
    auth._throttle.clear()
    monkeypatch.setattr(auth, "client_id", lambda: "203.0.113.9")
    guesser = _password_page()
    for n in range(settings.MAX_FAILED_LOGINS + 1):
        guesser = _log_in(guesser, "alice", f"guess {n}")
    assert any("Too many failed attempts" in e.value for e in guesser.error)
    monkeypatch.setattr(auth, "client_id", lambda: "198.51.100.4")
    editor = _log_in(_password_page(), "alice", PASSWORD)
    assert not editor.error and editor.get("file_uploader")
    auth._throttle.clear()

"""The editors' login in front of the publish page: OIDC through st.login where the secrets have an [auth] section
(editors listed by email, and only an email the identity provider says is verified), otherwise user names with
salted password hashes; closed when no editor is configured.

Passwords are checked by radar.publish.editors (scrypt, hmac.compare_digest). Guessing is slowed per user name AND
client (the connection's IP address, as the proxy in front reports it): after settings.MAX_FAILED_LOGINS failures
within settings.LOGIN_PAUSE_S, that client waits; anyone else, the editor included, can still log in. Each
attempt is counted once, and it is counted (reserved) under a lock before the password is checked, so parallel
attempts cannot slip past the limit.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping
from typing import Any

import streamlit as st

from radar import settings
from radar.i18n import _
from radar.publish.editors import Editors, editors_from, verify_password
from radar.text import plain
from radar.ui import keys

SESSION_EDITOR = keys.EDITOR  # the logged-in editor's user name (password mode), named in radar.ui.keys


def secrets() -> Mapping[str, Any]:
    """The app's secrets ({} when there is no secrets file)."""
    try:
        return st.secrets.to_dict()
    except Exception:  # noqa: BLE001 - no or unreadable secrets file: nobody is an editor
        return {}


def editors() -> Editors:
    return editors_from(secrets())


class Throttle:
    """Failed attempts per key (user name, client) within a sliding window; check and count in one locked step."""

    def __init__(self, limit: int, window_s: float, clock=time.monotonic) -> None:
        self.limit, self.window_s, self.clock = limit, window_s, clock
        self._times: dict[tuple[str, str], list[float]] = {}
        self._lock = threading.Lock()

    def _recent(self, key: tuple[str, str], now: float) -> list[float]:
        times = [t for t in self._times.get(key, []) if now - t < self.window_s]
        if times:
            self._times[key] = times
        else:
            self._times.pop(key, None)
        return times

    def wait(self, key: tuple[str, str]) -> float:
        """Seconds until `key` may try again (0 = now)."""
        with self._lock:
            now = self.clock()
            times = self._recent(key, now)
            return self._wait(times, now)

    def _wait(self, times: list[float], now: float) -> float:
        if len(times) < self.limit:
            return 0.0
        return max(0.0, self.window_s - (now - times[-self.limit]))

    def reserve(self, key: tuple[str, str]) -> tuple[float, float | None]:
        """Atomically: (seconds to wait, None) when `key` is paused; else (0, a token) with the attempt counted."""
        with self._lock:
            now = self.clock()
            times = self._recent(key, now)
            wait = self._wait(times, now)
            if wait > 0:
                return wait, None
            self._times[key] = [*times, now]
            return 0.0, now

    def succeeded(self, key: tuple[str, str]) -> None:
        """A right password: the key's failures are forgotten."""
        with self._lock:
            self._times.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._times.clear()


@st.cache_resource(show_spinner=False)
def _throttle() -> Throttle:
    """The process's throttle, shared by every session (memory of this server process)."""
    return Throttle(settings.MAX_FAILED_LOGINS, settings.LOGIN_PAUSE_S)


def client_id() -> str:
    """The connection's client: its IP address (the proxy's X-Forwarded-For as the server resolves it), or
    'local' for a browser on this machine."""
    try:
        address = st.context.ip_address
    except Exception:  # noqa: BLE001 - outside a session (bare mode): one local client
        address = None
    return address if isinstance(address, str) and address else "local"


def try_login(name: str, password: str) -> str | None:
    """Log the session in as `name` when the password matches; else count a failure. Returns an error or None."""
    name = name.strip()
    key = (name, client_id())
    throttle = _throttle()
    wait, token = throttle.reserve(key)
    if token is None:
        return _("Too many failed attempts: try again in {s} seconds.").format(s=int(wait) + 1)
    if not name or not password or not verify_password(editors(), name, password):
        return _("Wrong user name or password.")
    throttle.succeeded(key)
    st.session_state[SESSION_EDITOR] = name
    return None


def email_verified(user: Mapping[str, Any]) -> bool:
    """True only when the identity provider's claims say the email is verified (a missing claim is not)."""
    claim = user.get("email_verified")
    return claim is True or (isinstance(claim, str) and claim.strip().lower() == "true")


def current_editor() -> str | None:
    """The logged-in editor (user name or email), or None for a viewer."""
    configured = editors()
    if configured.mode == "oidc":
        user = st.user
        if user.get("is_logged_in") and email_verified(user) and configured.is_editor_email(user.get("email")):
            return str(user.get("email"))
        return None
    if configured.mode == "password":
        name = st.session_state.get(SESSION_EDITOR)
        return name if name in configured.users else None
    return None


def _provider(section: object) -> str | None:
    """The provider to pass to st.login: the only named provider of [auth], or None for the default one."""
    if not isinstance(section, Mapping):
        return None
    named = [k for k, v in section.items() if isinstance(v, Mapping)]
    return named[0] if len(named) == 1 else None


def _oidc_gate() -> None:
    user = st.user
    if user.get("is_logged_in"):
        st.warning(_("You are logged in as {who}, who is not one of the network's editors (or whose email the "
                     "identity provider has not verified).").format(who=plain(user.get("email") or user.get("name")
                                                                              or "?")))
        if st.button(_("Log out"), key="oidc_logout"):
            st.logout()
        return
    st.info(_("Editors log in with the network's identity provider."))
    if st.button(_("Log in"), key="oidc_login", type="primary"):
        try:
            st.login(_provider(secrets().get("auth")))
        except Exception as exc:  # noqa: BLE001 - a misconfigured provider must not crash the page
            st.error(_("Login is not available: {error}").format(error=plain(exc)))


def _password_gate() -> None:
    with st.form("editor_login"):
        name = st.text_input(_("User name"), key="login_name")
        password = st.text_input(_("Password"), type="password", key="login_password")
        submitted = st.form_submit_button(_("Log in"), type="primary")
    if submitted:
        error = try_login(name, password)
        if error:
            st.error(error)
        else:
            st.rerun()


def login_gate() -> str | None:
    """Draw what a visitor who is not (yet) an editor sees; return the editor's name once logged in."""
    editor = current_editor()
    if editor is not None:
        return editor
    mode = editors().mode
    if mode == "closed":
        st.info(_("Publishing is closed: no editors are configured for this deployment. An administrator adds "
                  "them to .streamlit/secrets.toml (see .streamlit/secrets.example.toml)."), icon=":material/lock:")
    elif mode == "oidc":
        _oidc_gate()
    else:
        _password_gate()
    return None


def logout_control(editor: str) -> None:
    """Who is logged in, and a way out."""
    left, right = st.columns([4, 1])
    left.caption(_("Logged in as editor **{who}**.").format(who=plain(editor)))
    if right.button(_("Log out"), key="editor_logout"):
        if editors().mode == "oidc":
            st.logout()
        else:
            st.session_state.pop(SESSION_EDITOR, None)
            st.rerun()


def current_profile(editor: str):  # noqa: ANN201 - a radar.publish.editors.Profile (imported here: additive)
    """The logged-in editor's organisation, countries and role (issue 17): a radar.publish.editors.Profile. Raises
    ValueError for an editor whose organisation or country codes the secrets do not define."""
    from radar.publish.editors import profile_of

    return profile_of(editors(), editor)

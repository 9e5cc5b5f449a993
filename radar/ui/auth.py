"""The editors' login in front of the publish page: OIDC through st.login where the secrets have an [auth] section
(editors listed by email), otherwise user names with salted password hashes; closed when no editor is configured.

Passwords are checked by radar.publish.editors (scrypt, hmac.compare_digest). Failed attempts are limited per
session and per user name: after settings.MAX_FAILED_LOGINS failures, logins pause for settings.LOGIN_PAUSE_S.
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

SESSION_EDITOR = "_editor"  # the logged-in editor's user name (password mode)
SESSION_FAILURES = "_login_failures"  # monotonic times of this session's failed attempts


def secrets() -> Mapping[str, Any]:
    """The app's secrets ({} when there is no secrets file)."""
    try:
        return st.secrets.to_dict()
    except Exception:  # noqa: BLE001 - no or unreadable secrets file: nobody is an editor
        return {}


def editors() -> Editors:
    return editors_from(secrets())


@st.cache_resource(show_spinner=False)
def _failures_by_name() -> tuple[dict[str, list[float]], threading.Lock]:
    """Failed attempts per user name across sessions (process memory)."""
    return {}, threading.Lock()


def _recent(times: list[float]) -> list[float]:
    return [t for t in times if time.monotonic() - t < settings.LOGIN_PAUSE_S]


def paused_for(name: str) -> float:
    """Seconds until this session (or this user name) may try again (0 = now)."""
    by_name, lock = _failures_by_name()
    with lock:
        times = sorted(_recent(st.session_state.get(SESSION_FAILURES, [])) + _recent(by_name.get(name, [])))
    if len(times) < settings.MAX_FAILED_LOGINS:
        return 0.0
    return max(0.0, settings.LOGIN_PAUSE_S - (time.monotonic() - times[-settings.MAX_FAILED_LOGINS]))


def _record_failure(name: str) -> None:
    now = time.monotonic()
    st.session_state[SESSION_FAILURES] = [*_recent(st.session_state.get(SESSION_FAILURES, [])), now]
    by_name, lock = _failures_by_name()
    with lock:
        by_name[name] = [*_recent(by_name.get(name, [])), now]


def try_login(name: str, password: str) -> str | None:
    """Log the session in as `name` when the password matches; else count a failure. Returns an error or None."""
    name = name.strip()
    wait = paused_for(name)
    if wait > 0:
        return _("Too many failed attempts: try again in {s} seconds.").format(s=int(wait) + 1)
    if not name or not password or not verify_password(editors(), name, password):
        _record_failure(name)
        return _("Wrong user name or password.")
    st.session_state[SESSION_EDITOR] = name
    st.session_state[SESSION_FAILURES] = []
    return None


def current_editor() -> str | None:
    """The logged-in editor (user name or email), or None for a viewer."""
    configured = editors()
    if configured.mode == "oidc":
        user = st.user
        if user.get("is_logged_in") and configured.is_editor_email(user.get("email")):
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
        st.warning(_("You are logged in as {who}, who is not one of the network's editors.").format(
            who=user.get("email") or user.get("name") or "?"))
        if st.button(_("Log out"), key="oidc_logout"):
            st.logout()
        return
    st.info(_("Editors log in with the network's identity provider."))
    if st.button(_("Log in"), key="oidc_login", type="primary"):
        try:
            st.login(_provider(secrets().get("auth")))
        except Exception as exc:  # noqa: BLE001 - a misconfigured provider must not crash the page
            st.error(_("Login is not available: {error}").format(error=exc))


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
    left.caption(_("Logged in as editor **{who}**.").format(who=editor))
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

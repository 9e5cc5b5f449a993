"""Who may write: the editors configured in the secrets file, salted password hashes, and the CLI's editor identity.

Two ways to configure editors in .streamlit/secrets.toml (see .streamlit/secrets.example.toml):
- with an [auth] section (an OpenID Connect provider for st.login): editors are the emails in [editors] emails;
- otherwise: [editors.users.<name>] tables with a `salt` and an scrypt `hash` (`python -m radar hash-password`).
With neither, nobody is an editor and the publish page is closed. No Streamlit here (radar.ui.auth draws the login).

Organisations (issue 17: each organisation speaks for its country): [editors.organisations.<id>] with `name`,
`countries` (ISO3 codes) and optional `members` (user names or emails) or `role = "coordinator"`; an editor belongs
to one through `organisation = "<id>"` in its [editors.users.<name or email>] table (or the organisation's
`members`), and may have its own `countries` and `role`. A coordinator may submit scores for every country. Once
any organisation is configured, the network's own scores go through a peer review (radar.publish.drafts).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets as tokens
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from radar import settings
from radar.countries import KEPT as KEPT_COUNTRIES

SCRYPT = {"n": 2**14, "r": 8, "p": 1}  # ~16 MB and ~50 ms per hash: slow for a guesser, quick for a login
HASH_BYTES = 32


class NotAnEditor(PermissionError):
    """The person or name given is not a configured editor."""


@dataclass(frozen=True)
class Editors:
    """The configured editors: OIDC emails (when an [auth] section exists) or named users with password hashes."""

    oidc: bool = False
    emails: frozenset[str] = frozenset()
    users: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    organisations: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @property
    def review_required(self) -> bool:
        """True once organisations are configured: the network's own scores are then submitted and peer reviewed."""
        return bool(self.organisations)

    @property
    def mode(self) -> str:
        """'oidc', 'password', or 'closed' (no editor configured for the way the deployment logs people in)."""
        if self.oidc:
            return "oidc" if self.emails else "closed"
        return "password" if self.users else "closed"

    def is_editor_email(self, email: object) -> bool:
        return isinstance(email, str) and email.strip().lower() in self.emails

    def is_editor_name(self, name: str) -> bool:
        """True for a configured user name or (case-insensitively) a configured email."""
        return name in self.users or self.is_editor_email(name)


def editors_from(secrets: Mapping[str, Any]) -> Editors:
    """The editors of a secrets mapping (st.secrets or the parsed secrets file)."""
    section = secrets.get("editors") or {}
    if not isinstance(section, Mapping):
        section = {}
    emails = section.get("emails") or []
    users = section.get("users") or {}
    return Editors(
        oidc="auth" in secrets,
        emails=frozenset(str(e).strip().lower() for e in emails if str(e).strip()),
        users={str(k): v for k, v in users.items() if isinstance(v, Mapping)} if isinstance(users, Mapping) else {},
        organisations=_organisations(section.get("organisations")),
    )


def _organisations(section: object) -> dict[str, Mapping[str, Any]]:
    if not isinstance(section, Mapping):
        return {}
    return {str(k): v for k, v in section.items() if isinstance(v, Mapping)}


COORDINATOR = "coordinator"


@dataclass(frozen=True)
class Profile:
    """What one editor may do: the organisation it belongs to, the countries it speaks for, whether it coordinates."""

    name: str
    organisation: str | None = None  # the organisation's id in the secrets
    organisation_name: str | None = None
    countries: frozenset[str] = frozenset()
    coordinator: bool = False

    @property
    def team(self) -> str:
        """Who counts as 'the same organisation' for a review: the organisation, else the editor alone."""
        return f"org:{self.organisation}" if self.organisation else f"editor:{self.name.lower()}"

    @property
    def label(self) -> str:
        """The editor with its organisation, as the drafts and the history show them."""
        org = self.organisation_name or self.organisation
        return f"{self.name} ({org})" if org else self.name

    def may_submit_for(self, iso3: str) -> bool:
        return self.coordinator or iso3 in self.countries

    def country_scope(self) -> str:
        """The countries this editor speaks for, as one phrase."""
        if self.coordinator:
            return "every country (coordinator)"
        return ", ".join(sorted(self.countries)) or "no country"


def _codes(value: object) -> set[str]:
    items = [value] if isinstance(value, str) else value if isinstance(value, list | tuple) else []
    codes = {str(v).strip().upper() for v in items if str(v).strip()}
    unknown = codes - set(KEPT_COUNTRIES)
    if unknown:
        raise ValueError(f"unknown country code(s) in the editors' secrets: {', '.join(sorted(unknown))}")
    return codes


def _entry(editors: Editors, name: str) -> Mapping[str, Any]:
    """The [editors.users.<name>] table of a user name, or of an email (case-insensitively)."""
    if name in editors.users:
        return editors.users[name]
    lowered = name.strip().lower()
    return next((v for k, v in editors.users.items() if k.strip().lower() == lowered), {})


def _organisation_of(editors: Editors, name: str, entry: Mapping[str, Any]) -> str | None:
    named = entry.get("organisation")
    if isinstance(named, str) and named.strip():
        return named.strip()
    lowered = name.strip().lower()
    for org_id, org in editors.organisations.items():
        members = org.get("members") or []
        if any(str(m).strip().lower() == lowered for m in members if isinstance(members, list)):
            return org_id
    return None


def profile_of(editors: Editors, name: str) -> Profile:
    """The profile of a configured editor (its organisation's countries and role, and its own).
    Raises NotAnEditor for a name that is not an editor, ValueError for an unknown organisation or country code."""
    if not editors.is_editor_name(name):
        raise NotAnEditor(f"'{name}' is not a configured editor")
    entry = _entry(editors, name)
    org_id = _organisation_of(editors, name, entry)
    org: Mapping[str, Any] = {}
    if org_id is not None:
        if org_id not in editors.organisations:
            raise ValueError(f"editor '{name}' names the organisation '{org_id}', which is not configured under "
                             "[editors.organisations]")
        org = editors.organisations[org_id]
    countries = _codes(org.get("countries")) | _codes(entry.get("countries"))
    coordinator = COORDINATOR in (str(org.get("role", "")).strip().lower(), str(entry.get("role", "")).strip().lower())
    return Profile(name, org_id, str(org["name"]) if org.get("name") else org_id, frozenset(countries), coordinator)


def load_secrets(path: Path | None = None) -> dict[str, Any]:
    """The parsed secrets file ({} when there is none)."""
    path = path or settings.SECRETS_FILE
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        return {}


def hash_password(password: str, salt: bytes | None = None) -> dict[str, Any]:
    """A salted scrypt hash of `password`, as the [editors.users.<name>] table stores it."""
    salt = salt or tokens.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=HASH_BYTES, **SCRYPT)
    return {"salt": salt.hex(), "hash": digest.hex(), **SCRYPT}


_DUMMY = hash_password("not a password", salt=b"\x00" * 16)  # compared against for unknown names (same timing)


def verify_password(editors: Editors, name: str, password: str) -> bool:
    """True when `name` is a configured user whose stored hash matches `password` (constant-time comparison)."""
    entry = editors.users.get(name.strip()) or _DUMMY
    try:
        salt = bytes.fromhex(str(entry["salt"]))
        expected = bytes.fromhex(str(entry["hash"]))
        params = {k: int(entry.get(k, v)) for k, v in SCRYPT.items()}
        digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=len(expected) or HASH_BYTES,
                                maxmem=2**26, **params)
    except (KeyError, ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, expected) and entry is not _DUMMY


def cli_editor(user: str | None, secrets: Mapping[str, Any] | None = None) -> str:
    """The editor a CLI write is recorded under: --user NAME, else $RADAR_EDITOR; it must be a configured editor
    (a user name or an editor email). Raises NotAnEditor with what to do."""
    name = (user or os.environ.get(settings.EDITOR_ENV, "")).strip()
    editors = editors_from(load_secrets() if secrets is None else secrets)
    if editors.mode == "closed" and not editors.users and not editors.emails:
        raise NotAnEditor(f"no editors are configured in {settings.SECRETS_FILE}: add [editors] (see "
                          ".streamlit/secrets.example.toml) before publishing")
    if not name:
        raise NotAnEditor(f"writing needs an editor: pass --user NAME or set {settings.EDITOR_ENV}")
    if not editors.is_editor_name(name):
        raise NotAnEditor(f"'{name}' is not a configured editor (see [editors] in {settings.SECRETS_FILE})")
    return name

"""Helpers of the peer-review tests: editors of two organisations and a coordinator, as secrets (a mapping and a
TOML file), and a review run in a process that dies at a chosen step."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from _publishtools import PASSWORD, ROOT

from radar.publish import editors

HASH = editors.hash_password(PASSWORD, salt=b"\x05" * 16)
# Two organisations of the network and a coordinator: alice and bojan speak for Serbia (BCSP), ilir for Albania (IDM).
ORGANISATIONS = {"bcsp": {"name": "BCSP", "countries": ["SRB"]}, "idm": {"name": "IDM", "countries": ["ALB"]}}
USERS = {"alice": {**HASH, "organisation": "bcsp"}, "bojan": {**HASH, "organisation": "bcsp"},
         "ilir": {**HASH, "organisation": "idm"}, "carol": {**HASH, "role": "coordinator"}}
SECRETS = {"editors": {"organisations": ORGANISATIONS, "users": USERS}}


def profile(name: str) -> editors.Profile:
    return editors.profile_of(editors.editors_from(SECRETS), name)


def secrets_toml(folder: Path) -> Path:
    """SECRETS as the secrets file the CLI reads."""
    lines = []
    for org, table in ORGANISATIONS.items():
        countries = ", ".join(f'"{c}"' for c in table["countries"])
        lines += [f"[editors.organisations.{org}]", f'name = "{table["name"]}"', f"countries = [{countries}]", ""]
    for name, table in USERS.items():
        lines.append(f'[editors.users."{name}"]')
        lines += [f"{k} = {v}" if isinstance(v, int) else f'{k} = "{v}"' for k, v in table.items()]
        lines.append("")
    path = folder / "secrets.toml"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


# A review whose process dies (os._exit, as a kill would) before or after the version is published.
CRASHING_REVIEW = """
import os, sys
from radar.publish import pipeline
real = pipeline.publish
def crashing(*args, **kwargs):
    if sys.argv[1] == "before":
        os._exit(9)
    real(*args, **kwargs)
    os._exit(9)
pipeline.publish = crashing
from radar.__main__ import main
main(sys.argv[2:])
"""


def crashing_review(stage: str, args: Sequence[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)
    return subprocess.run([sys.executable, "-c", CRASHING_REVIEW, stage, *args], cwd=ROOT,
                          env={**os.environ, **env, "PYTHONPATH": path}, capture_output=True, text=True,
                          timeout=180, check=False)

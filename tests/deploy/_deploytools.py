"""What the deployment tests share: the Debian tools they run (installed by `make test` when missing and root)."""

from __future__ import annotations

import os
import shutil

import pytest


def need_tool(name: str) -> str:
    """The path of `name`; a failure in CI (where `make test` installs it), a skip on a developer's machine."""
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/local/sbin:/sbin")
    if found:
        return found
    message = f"{name} is missing: `sudo scripts/ensure-serve-tools` installs Debian's haproxy and supervisor"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)

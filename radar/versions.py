"""Which warehouse is current: the committed build, or the latest published (or restored) version.

Published versions live in settings.VERSIONS_DIR/<version_id>/ (immutable, each a full warehouse with a
manifest.json); the file settings.VERSIONS_DIR/CURRENT names the current one and is replaced atomically.
With no CURRENT file, the committed build in settings.WAREHOUSE_DIR is current.
"""

from __future__ import annotations

from pathlib import Path

from radar import settings

BASE_VERSION = "base"  # the committed build in data/warehouse/


def current_version(versions_dir: Path | None = None) -> str:
    """The id of the current version (BASE_VERSION when nothing was published)."""
    pointer = (versions_dir or settings.VERSIONS_DIR) / "CURRENT"
    try:
        version = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return BASE_VERSION
    return version or BASE_VERSION


def warehouse_of(version: str, versions_dir: Path | None = None) -> Path:
    """The warehouse directory of one version."""
    if version == BASE_VERSION:
        return settings.WAREHOUSE_DIR
    return (versions_dir or settings.VERSIONS_DIR) / version

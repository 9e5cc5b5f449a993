"""Fixtures of the publishing tests: a private versions folder and warehouse copy per test, the base tables, and the
tables with the test's own network indicator defined."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd
import pytest
from _publishtools import EC_DEFINITION, start_paused_cli, write_xlsx

from radar import settings, versions
from radar.publish import pipeline


@pytest.fixture(scope="session")
def warehouse_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the committed warehouse (tests never read or write the real data/versions)."""
    target = tmp_path_factory.mktemp("warehouse") / "warehouse"
    shutil.copytree(settings.WAREHOUSE_DIR, target)
    return target


@pytest.fixture
def vdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warehouse_copy: Path) -> Path:
    """An empty versions folder of this test's own, with the warehouse copy as the base."""
    folder = tmp_path / "versions"
    monkeypatch.setattr(settings, "VERSIONS_DIR", folder)
    monkeypatch.setattr(settings, "WAREHOUSE_DIR", warehouse_copy)
    return folder


@pytest.fixture(scope="session")
def base_tables(warehouse_copy: Path) -> dict[str, pd.DataFrame]:
    folder = warehouse_copy
    original, settings.WAREHOUSE_DIR = settings.WAREHOUSE_DIR, folder
    try:
        return versions.read_tables(versions.BASE_VERSION)
    finally:
        settings.WAREHOUSE_DIR = original


@pytest.fixture(scope="session")
def with_indicator(tmp_path_factory: pytest.TempPathFactory, base_tables: dict[str, pd.DataFrame]
                   ) -> dict[str, pd.DataFrame]:
    """The base tables plus the test's network indicator (defined through an indicators-only template)."""
    path = write_xlsx(tmp_path_factory.mktemp("defs") / "definition.xlsx", indicators=[EC_DEFINITION])
    preview = pipeline.prepare(path, version="base", current=base_tables)
    assert preview.ok, [str(p) for p in preview.problems]
    assert preview.tables is not None
    return preview.tables


@pytest.fixture
def paused_cli() -> Iterator[Callable[..., subprocess.Popen[str]]]:
    """Start `python -m radar ARGS` with its publish paused at one stage (see _paused_cli.py: the pause is a
    MonkeyPatch in that process); any process still running at teardown is killed."""
    started: list[subprocess.Popen[str]] = []

    def start(args: list[str], env: dict[str, str], pause: str) -> subprocess.Popen[str]:
        started.append(start_paused_cli(args, env, pause))
        return started[-1]

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.communicate(timeout=30)

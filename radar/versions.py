"""Which warehouse is current, and every published version: publish (atomic, serialised, immutable), list, restore.

Layout of settings.VERSIONS_DIR:
  <version_id>/   a full warehouse (the four Parquet tables of radar.schema), its manifest.json (who, when, which
                  file with its checksum, why, what was recognised, parent version, row and diff counts) and
                  upload/<file> (the imported file as received). Written once, never changed, never deleted.
  CURRENT         the id of the current version; replaced atomically (temp file, fsync, os.replace).
  history.jsonl   one JSON line per publish or restore: who, when, why.
  .lock           flock'ed by a publish or restore, so that they run one at a time (a killed holder releases it).
  .tmp-*          a version being written: never read; a crash may leave one, the next publish removes it.
With no CURRENT file, the committed build in settings.WAREHOUSE_DIR is current (version "base"). A reader
(radar.ui.data) reads CURRENT once per run and then only immutable files, so it never sees a half-written state.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow.parquet as pq

from radar import precompute, settings
from radar.schema import PARQUET_OPTIONS, TABLES, to_arrow

BASE_VERSION = "base"  # the committed build in data/warehouse/
MANIFEST = "manifest.json"
CURRENT = "CURRENT"
HISTORY = "history.jsonl"
UPLOAD_DIR = "upload"
REVIEW_FIELDS = ("draft", "submitted_by", "reviewed_by", "reviewed_at", "review_reason")  # a peer-reviewed publish
VERSION_ID = re.compile(r"v(\d{4,})-(\d{8}T\d{6}Z)")


class VersionError(RuntimeError):
    """A version that does not exist, or a publish or restore that cannot run now."""


def _dir(versions_dir: Path | None) -> Path:
    return Path(versions_dir or settings.VERSIONS_DIR)


# The pointer's text by its file's identity: a page run asks for the current version many times, and CURRENT is
# only ever replaced by a rename (a new inode), so a stat says whether the text read last time still holds.
_pointer_seen: dict[str, tuple[tuple[int, int, int, int], str]] = {}
_pointers: dict[object, str] = {}  # versions folder -> its CURRENT's path


def current_version(versions_dir: Path | None = None) -> str:
    """The id of the current version (BASE_VERSION when nothing was published)."""
    folder = versions_dir or settings.VERSIONS_DIR
    pointer = _pointers.get(folder)
    if pointer is None:
        pointer = _pointers[folder] = os.path.join(folder, CURRENT)
    try:
        info = os.stat(pointer)
        identity = (info.st_ino, info.st_dev, info.st_mtime_ns, info.st_size)
        seen = _pointer_seen.get(pointer)
        if seen is not None and seen[0] == identity:
            return seen[1]
        with open(pointer, encoding="utf-8") as handle:
            version = handle.read().strip() or BASE_VERSION
    except FileNotFoundError:
        return BASE_VERSION
    _pointer_seen[pointer] = (identity, version)
    return version


def warehouse_of(version: str, versions_dir: Path | None = None) -> Path:
    """The warehouse directory of one version."""
    if version == BASE_VERSION:
        return settings.WAREHOUSE_DIR
    return _dir(versions_dir) / version


def exists(version: str, versions_dir: Path | None = None) -> bool:
    """True for the base and for every completely written version."""
    if version == BASE_VERSION:
        return True
    return bool(VERSION_ID.fullmatch(version)) and (_dir(versions_dir) / version / MANIFEST).is_file()


def read_tables(version: str, versions_dir: Path | None = None) -> dict[str, pd.DataFrame]:
    """The four tables of one version as data frames."""
    if not exists(version, versions_dir):
        raise VersionError(f"no version {version!r}")
    folder = warehouse_of(version, versions_dir)
    tables = {}
    for table in TABLES:
        single = folder / f"{table.name}.parquet"
        tables[table.name] = pq.read_table(single if single.is_file() else folder / table.name).to_pandas()
    return tables


# ---- durable small writes --------------------------------------------------------------------------------------

def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_durably(path: Path, data: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def _switch_current(version: str, folder: Path) -> None:
    """Make `version` current: write a temp file, fsync it, rename it over CURRENT, fsync the folder."""
    temp = folder / f".{CURRENT}.{os.getpid()}.{uuid.uuid4().hex[:8]}"
    _write_durably(temp, (version + "\n").encode())
    os.replace(temp, folder / CURRENT)
    _fsync_dir(folder)


def _log(event: dict[str, Any], folder: Path) -> None:
    with (folder / HISTORY).open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(event, ensure_ascii=False) + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def now_iso() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# ---- the lock ----------------------------------------------------------------------------------------------------

@contextmanager
def locked(versions_dir: Path | None = None, timeout_s: float | None = None) -> Iterator[Path]:
    """Hold the versions lock (one publish or restore at a time); raise VersionError after `timeout_s`."""
    folder = _dir(versions_dir)
    folder.mkdir(parents=True, exist_ok=True)
    timeout_s = settings.PUBLISH_LOCK_TIMEOUT_S if timeout_s is None else timeout_s
    deadline = time.monotonic() + timeout_s
    with (folder / ".lock").open("a+") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError as exc:
                if time.monotonic() >= deadline:
                    raise VersionError(f"another publish or restore is running (waited {timeout_s:.0f} s): "
                                       "try again in a minute") from exc
                time.sleep(0.05)
        try:
            yield folder
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# ---- publish -----------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NewVersion:
    """What a publish writes: the four tables, the manifest's fields, and the imported file to keep with them."""

    tables: dict[str, pd.DataFrame]
    manifest: dict[str, Any]
    attachment: Path | None = None
    attachment_name: str | None = None


def _numbers(folder: Path) -> list[int]:
    return [int(m.group(1)) for p in folder.iterdir() if (m := VERSION_ID.fullmatch(p.name))]


def _next_id(folder: Path) -> str:
    number = max(_numbers(folder), default=0) + 1
    return f"v{number:04d}-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}"


def _remove_unfinished(folder: Path) -> None:
    """Remove what a killed publish left behind (only the lock holder writes these)."""
    for leftover in folder.glob(".tmp-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in folder.glob(f".{CURRENT}.*"):
        leftover.unlink(missing_ok=True)


def _write_version(staging: Path, new: NewVersion, manifest: dict[str, Any]) -> None:
    for table in TABLES:
        arrow = to_arrow(new.tables[table.name], table)
        with (staging / f"{table.name}.parquet").open("wb") as handle:
            pq.write_table(arrow, handle, **PARQUET_OPTIONS)
            handle.flush()
            os.fsync(handle.fileno())
    precompute.write_derived(staging, durable=True)  # every version carries its precomputed scores
    if new.attachment is not None:
        (staging / UPLOAD_DIR).mkdir()
        _write_durably(staging / UPLOAD_DIR / (new.attachment_name or new.attachment.name),
                       new.attachment.read_bytes())
        _fsync_dir(staging / UPLOAD_DIR)
    _write_durably(staging / MANIFEST, json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8"))
    _fsync_dir(staging)


def publish(make: Callable[[str], NewVersion], versions_dir: Path | None = None,
            timeout_s: float | None = None) -> dict[str, Any]:
    """Write a new version built by `make(parent)` on the then-current version, and make it current.

    Under the lock: `make` gets the current version id (so concurrent publishes build on each other and none is
    lost; whatever it raises aborts the publish with nothing written); the tables are written into a temp folder,
    fsync'ed, renamed to the version's final id, and only then CURRENT is switched. Returns the manifest.
    """
    with locked(versions_dir, timeout_s) as folder:
        _remove_unfinished(folder)
        parent = current_version(folder)
        new = make(parent)
        version = _next_id(folder)
        manifest = {
            "version": version, "parent": parent, "created_at": now_iso(), **new.manifest,
            "rows": {name: len(frame) for name, frame in new.tables.items()},
        }
        staging = folder / f".tmp-{uuid.uuid4().hex}"
        staging.mkdir()
        try:
            _write_version(staging, new, manifest)
            staging.rename(folder / version)
            _fsync_dir(folder)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _switch_current(version, folder)
        _log({"event": "publish", "version": version, "previous": parent, "who": manifest.get("who"),
              "when": manifest["created_at"], "reason": manifest.get("reason"), "file": manifest.get("file"),
              "sha256": manifest.get("sha256"),
              **{k: manifest[k] for k in REVIEW_FIELDS if k in manifest}}, folder)
        return manifest


def restore(version: str, who: str, reason: str, versions_dir: Path | None = None,
            timeout_s: float | None = None) -> dict[str, Any]:
    """Make an earlier version (or the base) current again, in one step; the restore is logged. Returns the event."""
    with locked(versions_dir, timeout_s) as folder:
        if not exists(version, folder):
            raise VersionError(f"no version {version!r}: see `python -m radar versions`")
        previous = current_version(folder)
        if previous == version:
            raise VersionError(f"{version} is already the current version")
        _switch_current(version, folder)
        event = {"event": "restore", "version": version, "previous": previous, "who": who, "when": now_iso(),
                 "reason": reason}
        _log(event, folder)
        return event


rollback = restore


# ---- listing -----------------------------------------------------------------------------------------------------

def manifest_of(version: str, versions_dir: Path | None = None) -> dict[str, Any]:
    """The manifest of one version (the base's is described from the committed build)."""
    if version == BASE_VERSION:
        built = settings.WAREHOUSE_DIR / "observations.parquet"
        when = datetime.fromtimestamp(built.stat().st_mtime, UTC) if built.exists() else None
        return {"version": BASE_VERSION, "parent": None, "created_at": when.replace(microsecond=0).isoformat()
                .replace("+00:00", "Z") if when else None, "who": "build", "file": "data/raw/ (python -m radar build)",
                "sha256": None, "reason": "the committed build of the publishers' files", "recognised": "build"}
    return json.loads((_dir(versions_dir) / version / MANIFEST).read_text(encoding="utf-8"))


def list_versions(versions_dir: Path | None = None) -> list[dict[str, Any]]:
    """Every version, the base first then in publishing order, each manifest with `current` (True for one)."""
    folder = _dir(versions_dir)
    ids = sorted((p.name for p in folder.iterdir() if exists(p.name, folder)), key=lambda v: int(v[1:].split("-")[0])
                 ) if folder.is_dir() else []
    current = current_version(folder)
    return [manifest_of(v, folder) | {"current": v == current} for v in [BASE_VERSION, *ids]]


def history(versions_dir: Path | None = None) -> list[dict[str, Any]]:
    """Every publish and restore, oldest first (a line cut short by a crash is skipped)."""
    path = _dir(versions_dir) / HISTORY
    if not path.is_file():
        return []
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            events.append(json.loads(line))
        except json.JSONDecodeError:
            continue
    return events

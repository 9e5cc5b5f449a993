"""A peer reviews before anything is public: the network's own scores are submitted as a draft, another
organisation's editor approves it (then it is published as a new version) or returns it with a comment.

Layout, beside the versions (settings.VERSIONS_DIR/drafts/):
  <draft id>/manifest.json   who submitted, their organisation, when, why, the file with its checksum, the diff
                             summary against the version it was checked on, the status and every review event
  <draft id>/upload/<file>   the file as submitted (what a reviewer previews, and what is published)
  .lock                      flock'ed by every change of a draft, so that two reviews of one draft cannot both win
A draft never changes the current data. Statuses: submitted -> returned, or submitted -> approved -> published.

A crash between approval and publish: the approval is written first ('approved', durable), then the version is
published naming the draft, then the draft is marked 'published'. Whatever is found 'approved' later is completed
by the next action on the drafts (listing, submitting, reviewing): published if no version names it yet, else only
marked published (never published twice). A publish that the data refuses by then puts the draft back to
'submitted' with the reason. So no state is half-way: the current data changes only with a complete version.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from radar import settings, versions
from radar.ingest import template as tpl
from radar.publish import files, pipeline, scope
from radar.publish.editors import Profile
from radar.publish.problems import ImportRejected, Problem

DRAFTS = "drafts"
MANIFEST = "manifest.json"
UPLOAD = "upload"
DRAFT_ID = re.compile(r"d(\d{4,})-(\d{8}T\d{6}Z)")
SUBMITTED, RETURNED, APPROVED, PUBLISHED = "submitted", "returned", "approved", "published"
OPEN = (SUBMITTED, APPROVED)  # drafts still waiting for something


class DraftError(RuntimeError):
    """A draft that does not exist, or a review this editor may not make now (the message says why)."""


class SubmissionRejected(ImportRejected):
    """A file that cannot become a draft: its import problems, or rows for countries the editor does not speak for."""

    def __init__(self, problems: list[Problem], preview: pipeline.Preview | None = None) -> None:
        super().__init__(problems)
        self.preview = preview


def drafts_dir(versions_dir: Path | None = None) -> Path:
    return Path(versions_dir or settings.VERSIONS_DIR) / DRAFTS


def _folder(draft_id: str, versions_dir: Path | None) -> Path:
    if not DRAFT_ID.fullmatch(draft_id or ""):
        raise DraftError(f"no draft {draft_id!r}: see `python -m radar drafts`")
    folder = drafts_dir(versions_dir) / draft_id
    if not (folder / MANIFEST).is_file():
        raise DraftError(f"no draft {draft_id!r}: see `python -m radar drafts`")
    return folder


def get(draft_id: str, versions_dir: Path | None = None) -> dict[str, Any]:
    """The manifest of one draft."""
    return json.loads((_folder(draft_id, versions_dir) / MANIFEST).read_text(encoding="utf-8"))


def upload_of(draft: dict[str, Any], versions_dir: Path | None = None) -> Path:
    """The file of a draft as it was submitted."""
    return _folder(draft["draft"], versions_dir) / UPLOAD / draft["file"]


def _write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    """Replace a draft's manifest atomically and durably (temp file, fsync, rename, fsync the folder)."""
    temp = folder / f".{MANIFEST}.{uuid.uuid4().hex[:8]}"
    with temp.open("wb") as handle:
        handle.write(json.dumps(manifest, indent=2, ensure_ascii=False, default=str).encode("utf-8"))
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, folder / MANIFEST)
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _event(manifest: dict[str, Any], event: str, who: str, reason: str, **more: Any) -> None:
    manifest.setdefault("events", []).append({"event": event, "who": who, "when": versions.now_iso(),
                                              "reason": reason, **more})


def _next_id(folder: Path) -> str:
    numbers = [int(m.group(1)) for p in folder.iterdir() if (m := DRAFT_ID.fullmatch(p.name))]
    return f"d{max(numbers, default=0) + 1:04d}-{datetime.now(UTC).strftime('%Y%m%dT%H%M%SZ')}"


# ---- submit --------------------------------------------------------------------------------------------------------

def check_submission(path: Path, name: str, profile: Profile, versions_dir: Path | None = None
                     ) -> pipeline.Preview:
    """The preview of a file an editor submits; raises SubmissionRejected (every problem), DraftError (not the
    network's own scores) or pipeline.NothingToPublish."""
    current = versions.current_version(versions_dir)
    found = pipeline.prepare(path, name, version=current, current=versions.read_tables(current, versions_dir))
    if found.recognised is not None and found.recognised != tpl.KIND:
        raise DraftError(f"{found.facts.name} is a publisher's release ({found.label}): releases are published "
                         "directly (`python -m radar import`, or Publish on the page); only the network's own scores "
                         "go through review")
    outside = scope.country_problems(path, found.facts.name, profile)
    if found.problems or outside or not found.ok:
        raise SubmissionRejected([*outside, *found.problems], found)
    assert found.diff is not None
    if found.diff.empty:
        raise pipeline.NothingToPublish(f"{found.facts.name} matches version {found.base_version}: nothing to submit",
                                        found)
    return found


def _cells(found: pipeline.Preview) -> list[tuple[str, int, str]]:
    """[country, year, indicator] of every value the draft adds or changes (what the annual round shows)."""
    assert found.diff is not None
    frames = [f[["country_iso3", "year", "indicator_id"]] for f in (found.diff.added, found.diff.changed)]
    return sorted({(str(c), int(y), str(i)) for f in frames for c, y, i in f.itertuples(index=False)})


def _new_indicators(found: pipeline.Preview) -> dict[str, str]:
    """id -> name of the indicators the draft defines anew."""
    assert found.diff is not None and found.tables is not None
    table = found.tables["indicators"]
    added = table[table["indicator_id"].isin(found.diff.indicators_added)]
    return dict(zip(added["indicator_id"].astype(str), added["name"].astype(str)))


def submit(path: Path, name: str | None, profile: Profile, reason: str, versions_dir: Path | None = None
           ) -> dict[str, Any]:
    """Keep a checked file as a draft waiting for review (the current data is not touched). Returns its manifest."""
    if not reason.strip():
        raise ValueError("a reason is required: say what this submission is")
    found = check_submission(path, files.safe_name(name or path.name), profile, versions_dir)
    assert found.diff is not None
    root = drafts_dir(versions_dir)
    root.mkdir(parents=True, exist_ok=True)
    with versions.locked(root) as folder:
        for leftover in folder.glob(".tmp-*"):  # a submission a crash cut short (only the lock holder writes these)
            shutil.rmtree(leftover, ignore_errors=True)
        complete_pending(versions_dir, locked=True)
        draft_id = _next_id(folder)
        manifest: dict[str, Any] = {
            "draft": draft_id, "status": SUBMITTED, "submitted_by": profile.name,
            "organisation": profile.organisation, "organisation_name": profile.organisation_name,
            "team": profile.team, "submitted_at": versions.now_iso(), "reason": reason.strip(),
            "file": found.facts.name, "sha256": found.facts.sha256, "size": found.facts.size,
            "base_version": found.base_version, "countries": sorted({c for _s, _r, c in scope.file_countries(path)}),
            "diff": found.diff.summary(), "notes": found.notes, "cells": _cells(found),
            "indicators": _new_indicators(found),
            "reviewed_by": None, "reviewed_at": None, "review_reason": None, "version": None,
        }
        _event(manifest, SUBMITTED, profile.name, reason.strip())
        staging = folder / f".tmp-{uuid.uuid4().hex}"
        (staging / UPLOAD).mkdir(parents=True)
        try:
            (staging / UPLOAD / found.facts.name).write_bytes(path.read_bytes())
            _write_manifest(staging, manifest)
            staging.rename(folder / draft_id)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        return manifest


# ---- review --------------------------------------------------------------------------------------------------------

def review_refusal(draft: dict[str, Any], profile: Profile) -> str | None:
    """Why `profile` may not review `draft` now (None: it may)."""
    if draft["status"] != SUBMITTED:
        by = draft.get("reviewed_by")
        return f"draft {draft['draft']} is {draft['status']}" + (f" (by {by})" if by else "") + ": nothing to review"
    if profile.name.strip().lower() == str(draft["submitted_by"]).strip().lower():
        return f"{profile.name} submitted draft {draft['draft']}: an editor of another organisation reviews it"
    if profile.team == draft.get("team"):
        org = draft.get("organisation_name") or draft.get("organisation")
        return f"draft {draft['draft']} comes from {org}: an editor of another organisation reviews it"
    return None


def _review_fields(profile: Profile, reason: str) -> dict[str, Any]:
    return {"reviewed_by": profile.name, "reviewer_organisation": profile.organisation,
            "reviewed_at": versions.now_iso(), "review_reason": reason.strip()}


def _published_version(draft_id: str, versions_dir: Path | None) -> str | None:
    """The version that published this draft, if one does (the step a crash may have cut short)."""
    folder = Path(versions_dir or settings.VERSIONS_DIR)
    if not folder.is_dir():
        return None
    for entry in versions.list_versions(folder):
        if entry.get("draft") == draft_id:
            return str(entry["version"])
    return None


def _publish_approved(folder: Path, manifest: dict[str, Any], versions_dir: Path | None) -> dict[str, Any]:
    """Publish an approved draft as a new version (unless one already names it) and mark it published."""
    version = _published_version(manifest["draft"], versions_dir)
    if version is None:
        extra = {"draft": manifest["draft"], "submitted_by": manifest["submitted_by"],
                 "organisation": manifest.get("organisation"), "submitted_at": manifest["submitted_at"],
                 "reviewed_by": manifest["reviewed_by"], "reviewer_organisation": manifest.get("reviewer_organisation"),
                 "reviewed_at": manifest["reviewed_at"], "review_reason": manifest["review_reason"]}
        reason = f"{manifest['reason']} (reviewed: {manifest['review_reason']})"
        version = pipeline.publish(folder / UPLOAD / manifest["file"], manifest["file"], manifest["submitted_by"],
                                   reason, versions_dir=versions_dir, extra=extra)[1]["version"]
    manifest["status"], manifest["version"] = PUBLISHED, version
    _event(manifest, PUBLISHED, manifest["reviewed_by"], f"published as version {version}", version=version)
    _write_manifest(folder, manifest)
    return manifest


def _back_to_submitted(folder: Path, manifest: dict[str, Any], error: str) -> None:
    _event(manifest, "approval failed", manifest.get("reviewed_by") or "-", error)
    manifest.update(status=SUBMITTED, reviewed_by=None, reviewer_organisation=None, reviewed_at=None,
                    review_reason=None, last_error=error)
    _write_manifest(folder, manifest)


@contextmanager
def _under_review(draft_id: str, profile: Profile, versions_dir: Path | None) -> Iterator[tuple[Path, dict]]:
    """Under the drafts lock (one review at a time): the draft's folder and manifest, once an approval cut short
    is completed and `profile` may review it (DraftError otherwise: not eligible, or already reviewed)."""
    with versions.locked(drafts_dir(versions_dir)):
        complete_pending(versions_dir, locked=True)
        manifest = get(draft_id, versions_dir)
        refusal = review_refusal(manifest, profile)
        if refusal:
            raise DraftError(refusal)
        yield _folder(draft_id, versions_dir), manifest


def approve(draft_id: str, profile: Profile, reason: str, versions_dir: Path | None = None) -> dict[str, Any]:
    """Approve another organisation's draft and publish it as a new version. Returns the draft's manifest (status
    'published', with `version`). Raises DraftError (not eligible, already reviewed), pipeline.PublishRejected or
    NothingToPublish (the data changed since: the draft stays submitted), versions.VersionError (lock busy)."""
    if not reason.strip():
        raise ValueError("a reason is required: say why this is approved")
    with _under_review(draft_id, profile, versions_dir) as (folder, manifest):
        manifest.update(status=APPROVED, **_review_fields(profile, reason))
        _event(manifest, APPROVED, profile.name, reason.strip())
        _write_manifest(folder, manifest)  # durable before the publish: a crash here is completed later
        try:
            return _publish_approved(folder, manifest, versions_dir)
        except (pipeline.PublishRejected, pipeline.NothingToPublish) as exc:
            _back_to_submitted(folder, manifest, str(exc))
            raise


def return_draft(draft_id: str, profile: Profile, comment: str, versions_dir: Path | None = None) -> dict[str, Any]:
    """Return another organisation's draft to its author with a comment (nothing is published)."""
    if not comment.strip():
        raise ValueError("a comment is required: say what to change")
    with _under_review(draft_id, profile, versions_dir) as (folder, manifest):
        manifest.update(status=RETURNED, **_review_fields(profile, comment))
        _event(manifest, RETURNED, profile.name, comment.strip())
        _write_manifest(folder, manifest)
        return manifest


# ---- listing and completing ----------------------------------------------------------------------------------------

def _ids(versions_dir: Path | None) -> list[str]:
    root = drafts_dir(versions_dir)
    if not root.is_dir():
        return []
    return sorted((p.name for p in root.iterdir() if DRAFT_ID.fullmatch(p.name) and (p / MANIFEST).is_file()),
                  key=lambda d: int(d[1:].split("-")[0]))


def complete_pending(versions_dir: Path | None = None, *, locked: bool = False) -> list[str]:
    """Finish every approval a crash cut short (see the module's docstring). Returns the drafts completed."""
    pending = [d for d in _ids(versions_dir) if get(d, versions_dir)["status"] == APPROVED]
    if not pending:
        return []
    if not locked:
        with versions.locked(drafts_dir(versions_dir)):
            return complete_pending(versions_dir, locked=True)
    done = []
    for draft_id in pending:
        folder, manifest = _folder(draft_id, versions_dir), get(draft_id, versions_dir)
        if manifest["status"] != APPROVED:
            continue
        try:
            _publish_approved(folder, manifest, versions_dir)
            done.append(draft_id)
        except (pipeline.PublishRejected, pipeline.NothingToPublish) as exc:
            _back_to_submitted(folder, manifest, str(exc))
    return done


def list_drafts(versions_dir: Path | None = None) -> list[dict[str, Any]]:
    """Every draft, newest first (an approval cut short by a crash is completed first, unless a publish holds the
    lock now: then a later action completes it)."""
    with contextlib.suppress(versions.VersionError):
        complete_pending(versions_dir)
    return [get(d, versions_dir) for d in reversed(_ids(versions_dir))]

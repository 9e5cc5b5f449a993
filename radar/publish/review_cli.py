"""The review commands of `python -m radar`: submit FILE, review DRAFT --approve|--return, drafts.

Exit codes as radar.publish.cli: 0 done, 1 refused (the file's problems or rows for other countries, listed; a
review this editor may not make), 3 not an editor, 4 the version store refused (lock busy).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from radar.publish import editors

EXIT_REJECTED, EXIT_NOT_EDITOR, EXIT_VERSIONS = 1, 3, 4


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _profile(user: str | None) -> editors.Profile:
    secrets = editors.load_secrets()
    name = editors.cli_editor(user, secrets)
    return editors.profile_of(editors.editors_from(secrets), name)


def _who(user: str | None) -> editors.Profile | int:
    try:
        return _profile(user)
    except editors.NotAnEditor as exc:
        _err(str(exc))
        return EXIT_NOT_EDITOR
    except ValueError as exc:  # an organisation or country code the secrets do not define
        _err(str(exc))
        return EXIT_NOT_EDITOR


def submit(args: argparse.Namespace) -> int:
    from radar import versions
    from radar.publish import cli, drafts, pipeline

    if not args.file.is_file():
        _err(f"no such file: {args.file}")
        return EXIT_REJECTED
    profile = _who(args.user)
    if isinstance(profile, int):
        return profile
    if not args.reason.strip():
        _err("a submission needs a reason: --reason TEXT")
        return EXIT_REJECTED
    try:
        draft = drafts.submit(args.file, None, profile, args.reason)
    except drafts.SubmissionRejected as exc:
        if exc.preview is not None:
            cli._print_preview(exc.preview, args.show)
        cli._print_problems(exc.problems)
        return EXIT_REJECTED
    except pipeline.NothingToPublish as exc:
        print(str(exc))
        return 0
    except drafts.DraftError as exc:
        _err(str(exc))
        return EXIT_REJECTED
    except versions.VersionError as exc:
        _err(str(exc))
        return EXIT_VERSIONS
    diff = draft["diff"]
    print(f"submitted draft {draft['draft']} by {profile.label}: {diff['added']} added, {diff['changed']} changed, "
          f"{diff['removed']} removed (against version {draft['base_version']})")
    print("nothing is public yet: an editor of another organisation reviews it "
          f"(`python -m radar review {draft['draft']} --approve|--return --reason TEXT`)")
    return 0


def review(args: argparse.Namespace) -> int:
    from radar import versions
    from radar.publish import drafts, pipeline

    profile = _who(args.user)
    if isinstance(profile, int):
        return profile
    try:
        if args.approve:
            draft = drafts.approve(args.draft, profile, args.reason)
        else:
            draft = drafts.return_draft(args.draft, profile, args.reason)
    except (drafts.DraftError, ValueError) as exc:
        _err(str(exc))
        return EXIT_REJECTED
    except pipeline.PublishRejected as exc:
        _err(f"draft {args.draft} cannot be published on the current version; it stays submitted:")
        for problem in exc.problems:
            _err(f"  {problem}")
        return EXIT_REJECTED
    except pipeline.NothingToPublish as exc:
        _err(f"{exc}; draft {args.draft} stays submitted (return it)")
        return EXIT_REJECTED
    except versions.VersionError as exc:
        _err(str(exc))
        return EXIT_VERSIONS
    if draft["status"] == drafts.PUBLISHED:
        print(f"approved draft {draft['draft']} of {draft['submitted_by']}: published version {draft['version']} "
              f"(reviewed by {profile.label})")
    else:
        print(f"returned draft {draft['draft']} to {draft['submitted_by']}: {draft['review_reason']}")
    return 0


def _line(d: dict[str, Any]) -> str:
    diff = d.get("diff") or {}
    counts = f"+{diff.get('added', 0)} ~{diff.get('changed', 0)} -{diff.get('removed', 0)}"
    org = d.get("organisation_name") or d.get("organisation") or "-"
    review = f" reviewed by {d['reviewed_by']} {d.get('reviewed_at') or ''}: {d.get('review_reason') or ''}" if (
        d.get("reviewed_by")) else ""
    version = f" -> {d['version']}" if d.get("version") else ""
    return (f"{d['draft']:<22} {d['status']:<10} {d['submitted_at']:<21} {d['submitted_by']} ({org}) "
            f"{','.join(d.get('countries') or []) or '-'} {d['file']} {counts}{version} {d['reason']}{review}")


def drafts(args: argparse.Namespace) -> int:
    from radar.publish import drafts as store

    listed = store.list_drafts()
    if args.json:
        print(json.dumps(listed, ensure_ascii=False, default=str))
        return 0
    for d in listed:
        print(_line(d))
    if not listed:
        print("no drafts")
    return 0

"""The publishing commands of `python -m radar`: import, submit, review, drafts, versions, rollback, hash-password,
templates. Once organisations are configured for the editors, the network's own scores (the template) are not
imported directly: `submit` keeps them as a draft, `review --approve` by another organisation's editor publishes it.

Exit codes: 0 done (or nothing to publish), 1 the file was rejected (every problem listed; an older edition or a
corrected re-release of a publisher's release is refused unless --allow-older), 3 not an editor,
4 the version store refused (unknown version, another publish holding the lock too long). The data modules are
imported by the commands that need them, so that `versions` and `hash-password` start quickly.
"""

from __future__ import annotations

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from radar import settings
from radar.publish import editors

if TYPE_CHECKING:
    from radar.publish import pipeline

EXIT_REJECTED, EXIT_NOT_EDITOR, EXIT_VERSIONS = 1, 3, 4


def add_commands(commands: argparse._SubParsersAction) -> None:
    """Register the publishing sub-commands on the main parser's sub-parsers."""
    imp = commands.add_parser("import", help="validate a file (template or publisher release) and publish it")
    imp.add_argument("file", type=Path)
    imp.add_argument("--dry-run", action="store_true", help="validate and show the diff; write nothing")
    imp.add_argument("--json", action="store_true", help="print one JSON object (recognised, added, changed, "
                     "removed, errors)")
    imp.add_argument("--reason", default="", help="why this is published (required to publish)")
    imp.add_argument("--user", help=f"the editor publishing (default: ${settings.EDITOR_ENV})")
    imp.add_argument("--show", type=int, default=20, help="rows of each diff part to print (default 20)")
    imp.add_argument("--allow-older", action="store_true", help="confirm a publisher's release older than the "
                     "edition in the Radar, or a corrected re-release of it (refused without this)")
    sub = commands.add_parser("submit", help="submit the network's own scores (a filled-in template) for review")
    sub.add_argument("file", type=Path)
    sub.add_argument("--reason", default="", help="what this submission is (required)")
    sub.add_argument("--user", help=f"the editor submitting (default: ${settings.EDITOR_ENV})")
    sub.add_argument("--show", type=int, default=20, help="rows of each diff part to print (default 20)")
    rev = commands.add_parser("review", help="approve (publish) or return a draft of another organisation")
    rev.add_argument("draft")
    decision = rev.add_mutually_exclusive_group(required=True)
    decision.add_argument("--approve", action="store_true", help="publish the draft as a new version")
    decision.add_argument("--return", dest="give_back", action="store_true", help="return it to its author")
    rev.add_argument("--reason", default="", help="why (required; for a return, what to change)")
    rev.add_argument("--user", help=f"the reviewing editor (default: ${settings.EDITOR_ENV})")
    dr = commands.add_parser("drafts", help="list the drafts: who submitted, status, reviewer, why")
    dr.add_argument("--json", action="store_true")
    ver = commands.add_parser("versions", help="list every version: who, when, file, checksum, why")
    ver.add_argument("--json", action="store_true")
    back = commands.add_parser("rollback", help="make an earlier version (or 'base') current again")
    back.add_argument("version")
    back.add_argument("--reason", default="", help="why it is restored")
    back.add_argument("--user", help=f"the editor restoring (default: ${settings.EDITOR_ENV})")
    pw = commands.add_parser("hash-password", help="print a salted password hash for .streamlit/secrets.toml")
    pw.add_argument("name", help="the editor's user name")
    commands.add_parser("templates", help="rewrite the blank import templates in data/templates/")


def run(args: argparse.Namespace) -> int:
    from radar.publish import review_cli

    handlers = {"import": _import, "submit": review_cli.submit, "review": review_cli.review,
                "drafts": review_cli.drafts, "versions": _versions, "rollback": _rollback,
                "hash-password": _hash_password, "templates": _templates}
    return handlers[args.command](args)


def _err(message: str) -> None:
    print(message, file=sys.stderr)


# ---- import --------------------------------------------------------------------------------------------------------

def _print_preview(preview: pipeline.Preview, show: int) -> None:
    facts = preview.facts
    print(f"file:       {facts.name} ({facts.size:,} bytes, sha256 {facts.sha256})")
    print(f"recognised: {preview.recognised or '-'}: {preview.label}")
    for note in preview.notes:
        print(f"            {note}")
    print(f"against:    version {preview.base_version}")
    if preview.diff is None:
        return
    diff = preview.diff
    counts = diff.counts()
    print(f"rows:       {counts['added']} added, {counts['changed']} changed, {counts['removed']} removed")
    for relabel in diff.relabellings():
        print(f"relabelled: {relabel['rows']} rows with equal values, edition {relabel['from']} -> {relabel['to']}")
    if diff.empty:
        print(f"no change:  the file matches version {preview.base_version}")
    if diff.indicators_added or diff.indicators_changed:
        print(f"indicators: added {diff.indicators_added or '-'}, changed {diff.indicators_changed or '-'}")
    if diff.framework_rows_added or diff.frameworks_added:
        print(f"frameworks: {diff.framework_rows_added} axis memberships added; new frameworks "
              f"{diff.frameworks_added or '-'}")
    for title, frame, columns in (("added", diff.added, ["value", "edition"]),
                                  ("changed", diff.changed, ["details"]), ("removed", diff.removed, ["value"])):
        for row in frame.head(show).itertuples(index=False):
            detail = ", ".join(str(getattr(row, c)) for c in columns)
            print(f"  {title:<8} {row.country_iso3} {row.year} {row.indicator_id}: {detail}")
        if len(frame) > show:
            print(f"  ... and {len(frame) - show} more {title}")


def _print_problems(problems: list[Any]) -> None:
    _err(f"{len(problems)} problem(s); nothing was written:")
    for problem in problems:
        _err(f"  {problem}")


def _emit(preview: pipeline.Preview, as_json: bool, show: int, extra: dict[str, Any] | None = None) -> None:
    if as_json:
        print(json.dumps(preview.summary() | (extra or {}), ensure_ascii=False, default=str))
    else:
        _print_preview(preview, show)
        if preview.problems:
            _print_problems(preview.problems)


def _import(args: argparse.Namespace) -> int:
    from radar import versions
    from radar.publish import pipeline

    path: Path = args.file
    if not path.is_file():
        _err(f"no such file: {path}")
        return EXIT_REJECTED
    if args.dry_run:
        preview = pipeline.prepare(path, allow_older=args.allow_older)
        _emit(preview, args.json, args.show, {"dry_run": True, "version": None})
        if not args.json and preview.ok:
            print("dry run: nothing written")
        return 0 if preview.ok else EXIT_REJECTED
    try:
        who = editors.cli_editor(args.user)
    except editors.NotAnEditor as exc:
        _err(str(exc))
        return EXIT_NOT_EDITOR
    if not args.reason.strip():
        _err("publishing needs a reason: --reason TEXT (or validate only with --dry-run)")
        return EXIT_REJECTED
    if editors.editors_from(editors.load_secrets()).review_required and pipeline.prepare(path).recognised == "template":
        _err("the network's own scores are peer reviewed before they are public: submit them with "
             f"`python -m radar submit {path} --reason TEXT`; an editor of another organisation approves them")
        return EXIT_REJECTED
    try:
        preview, manifest = pipeline.publish(path, None, who, args.reason, allow_older=args.allow_older)
    except pipeline.PublishRejected as exc:
        _emit(exc.preview, args.json, args.show, {"version": None})
        return EXIT_REJECTED
    except pipeline.NothingToPublish as exc:
        _emit(exc.preview, args.json, args.show, {"version": None})
        if not args.json:
            print(str(exc))
        return 0
    except versions.VersionError as exc:
        _err(str(exc))
        return EXIT_VERSIONS
    _emit(preview, args.json, args.show, {"version": manifest["version"]})
    if not args.json:
        print(f"published version {manifest['version']} (was {manifest['parent']}) by {who}")
    return 0


# ---- versions and rollback -----------------------------------------------------------------------------------------

def _versions(args: argparse.Namespace) -> int:
    from radar import versions

    listed = versions.list_versions()
    if args.json:
        print(json.dumps(listed, ensure_ascii=False, default=str))
        return 0
    for v in listed:
        diff = v.get("diff") or {}
        counts = f"+{diff.get('added', 0)} ~{diff.get('changed', 0)} -{diff.get('removed', 0)}" if diff else ""
        mark = "*" if v["current"] else " "
        print(f"{mark} {v['version']:<26} {v.get('created_at') or '-':<21} {v.get('who') or '-':<16} "
              f"{v.get('file') or '-'} {(v.get('sha256') or '')[:12]} {counts} {v.get('reason') or ''}"
              + (f" [draft {v['draft']}, reviewed by {v.get('reviewed_by')}]" if v.get("draft") else ""))
    print("(* = current)")
    return 0


def _rollback(args: argparse.Namespace) -> int:
    from radar import versions

    try:
        who = editors.cli_editor(args.user)
    except editors.NotAnEditor as exc:
        _err(str(exc))
        return EXIT_NOT_EDITOR
    try:
        event = versions.restore(args.version, who, args.reason.strip() or f"restored by {who} from the CLI")
    except versions.VersionError as exc:
        _err(str(exc))
        return EXIT_VERSIONS
    print(f"current version is now {event['version']} (was {event['previous']})")
    return 0


# ---- editors and templates -----------------------------------------------------------------------------------------

def _read_password() -> str:
    if sys.stdin.isatty():
        first = getpass.getpass("password: ")
        if first != getpass.getpass("again: "):
            raise ValueError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def _hash_password(args: argparse.Namespace) -> int:
    try:
        password = _read_password()
    except ValueError as exc:
        _err(str(exc))
        return EXIT_REJECTED
    if len(password) < 12:
        _err("use a password of at least 12 characters")
        return EXIT_REJECTED
    entry = editors.hash_password(password)
    print(f"[editors.users.{json.dumps(args.name)}]")
    for key, value in entry.items():
        print(f"{key} = {json.dumps(value)}")
    return 0


def _templates(args: argparse.Namespace) -> int:
    from radar.ingest import template_files
    for path in template_files.write_templates(settings.TEMPLATES_DIR):
        print(f"wrote {path}")
    return 0

"""An import from file to version: prepare() says what a file is, lists every problem, and gives the candidate tables
and their diff against the current version (a Preview, nothing written); publish() does the same under the versions
lock on the then-current version and writes the result as a new version."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pandas as pd

from radar import settings, versions
from radar.ingest import ADAPTERS, encodings
from radar.ingest import template as tpl
from radar.publish import editions, files
from radar.publish.diff import Diff, diff_tables
from radar.publish.files import FileFacts
from radar.publish.problems import ImportRejected, Problem
from radar.publish.tables import Tables, conformed_tables, framework_problems, release_tables, template_tables
from radar.publish.validate import release_problems, validate_template
from radar.schema import INDICATORS, OBSERVATIONS, SchemaError

TEMPLATE_LABEL = "WB-OCR import template (the network's own scores and indicators)"


class NothingToPublish(ValueError):
    """The file matches the current version: publishing it would change nothing."""

    def __init__(self, message: str, preview: Preview) -> None:
        super().__init__(message)
        self.preview = preview


class PublishRejected(ImportRejected):
    """The file has problems on the version current at publishing time (the preview lists them)."""

    def __init__(self, preview: Preview) -> None:
        super().__init__(preview.problems)
        self.preview = preview


@dataclass
class Preview:
    """What an import would do: what the file is, every problem, the candidate tables and the diff."""

    facts: FileFacts
    recognised: str | None = None  # 'template', a publisher's source id, or None
    label: str = "not recognised"
    notes: list[str] = field(default_factory=list)  # how the file was read
    problems: list[Problem] = field(default_factory=list)
    base_version: str = versions.BASE_VERSION
    tables: Tables | None = None
    diff: Diff | None = None
    edition: editions.EditionCheck | None = None  # a publisher's release: its edition against the Radar's

    @property
    def ok(self) -> bool:
        return not self.problems and self.tables is not None and self.diff is not None

    @property
    def needs_confirmation(self) -> bool:
        """Only the edition stands in the way (older, or a corrected re-release): confirming would make it ok."""
        return (self.edition is not None and self.edition.refused and len(self.problems) == 1
                and self.tables is not None and self.diff is not None)

    def summary(self) -> dict[str, Any]:
        """The JSON shape of the CLI: recognised, added, changed, removed, errors (+ what else is known)."""
        counts = self.diff.counts() if self.diff is not None else {"added": 0, "changed": 0, "removed": 0}
        extra = self.diff.summary() if self.diff is not None else {}
        return {
            "recognised": self.recognised, **counts, "errors": [p.as_dict() for p in self.problems],
            "file": self.facts.name, "sha256": self.facts.sha256, "size": self.facts.size, "label": self.label,
            "base_version": self.base_version, "notes": self.notes,
            "no_change": self.diff.empty if self.diff is not None else None,
            "edition": self.edition.as_dict() if self.edition is not None else None,
            **{k: v for k, v in extra.items() if k not in counts},
        }


def _capped(problems: list[Problem], file: str) -> list[Problem]:
    limit = settings.MAX_PROBLEMS
    if len(problems) <= limit:
        return problems
    more = Problem(file, None, None, None, f"... and {len(problems) - limit} more problems (fix these first)")
    return [*problems[:limit], more]


def _problem(facts: FileFacts, message: str, sheet: str | None = None, row: int | str | None = None) -> Problem:
    return Problem(facts.name, sheet, row, None, message)


# ---- what the file is ----------------------------------------------------------------------------------------------

def recognising_adapters(path: Path) -> list[ModuleType]:
    """The publisher adapters that recognise the file as their release."""
    return [adapter for adapter in ADAPTERS if adapter.recognise(path)]


def _not_recognised(facts: FileFacts) -> Problem:
    publishers = ", ".join(a.SOURCE.name for a in ADAPTERS)
    return _problem(facts, "not recognised: the file is neither the WB-OCR import template (a 'scores' sheet or CSV "
                    f"with columns {', '.join(c.name for c in tpl.SCORE_COLUMNS[:4])}, ...) nor a release of: "
                    f"{publishers}")


# ---- the template ------------------------------------------------------------------------------------------------

def _template_notes(tf: tpl.TemplateFile) -> list[str]:
    if tf.encoding is not None:
        separator = {",": "commas", ";": "semicolons", "\t": "tabs"}.get(tf.delimiter or "", repr(tf.delimiter))
        decimal = "decimal commas accepted" if tf.decimal_comma else "decimal points"
        return [f"CSV ({encodings.encoding_name(tf.encoding)}), separated by {separator}, {decimal}"]
    return [f"Excel sheet '{s.title}' read as the {name} table ({len(s.rows)} rows)" for name, s in tf.sheets.items()]


def _prepare_template(preview: Preview, path: Path, current: Tables) -> None:
    preview.recognised, preview.label = tpl.KIND, TEMPLATE_LABEL
    try:
        tf = tpl.read_template(path)
    except tpl.TemplateReadError as exc:
        preview.problems.append(_problem(preview.facts, exc.message, exc.sheet, exc.row))
        return
    preview.notes += _template_notes(tf)
    rows, problems = validate_template(tf, preview.facts.name, current)
    preview.problems += problems
    if rows is not None:
        preview.tables = template_tables(current, rows, preview.facts.name)
        preview.notes.append(f"{len(rows.observations)} score rows, {len(rows.indicators)} indicator definitions, "
                             f"{len(rows.memberships)} framework memberships")


# ---- a publisher's release -----------------------------------------------------------------------------------------

def _release_notes(tidy: pd.DataFrame) -> list[str]:
    if tidy.empty:
        return []
    editions = sorted(set(tidy["edition"]))
    shown = ", ".join(editions[:4]) + (f" and {len(editions) - 4} more" if len(editions) > 4 else "")
    return [f"{len(tidy)} values for {tidy['country_iso3'].nunique()} countries, {tidy['indicator_id'].nunique()} "
            f"indicators, years {tidy['year'].min()}-{tidy['year'].max()}; editions: {shown}"]


def _prepare_release(preview: Preview, path: Path, adapter: ModuleType, current: Tables) -> None:
    source = adapter.SOURCE
    preview.recognised = source.source_id
    preview.label = f"{source.name} release ({source.publisher})"
    try:
        tidy = adapter.read([path])
    except Exception as exc:  # noqa: BLE001 - whatever an adapter raises on a bad file is a problem to report
        preview.problems.append(_problem(preview.facts, f"the {source.name} file cannot be read: {exc}"))
        return
    preview.notes += _release_notes(tidy)
    preview.edition = editions.check(source.source_id, source.name, tidy["edition"].unique(),
                                     current[OBSERVATIONS.name])
    preview.notes.append(editions.note(preview.edition))
    preview.problems += release_problems(tidy, preview.facts.name, source.source_id, source.name,
                                         current[INDICATORS.name])
    if not preview.problems:
        preview.tables = release_tables(current, tidy, source.source_id)


# ---- prepare and publish -------------------------------------------------------------------------------------------

def _route(preview: Preview, path: Path, kind: str, current: Tables) -> None:
    """Read the file as what it is: the template (CSV, or a workbook no adapter recognises) or a release."""
    if kind == "csv":
        _prepare_template(preview, path, current)
        return
    if kind == "xlsx":
        refused = files.archive_problems(path, preview.facts.name)
        if refused:  # never unpacked: no reader may open it
            preview.problems += refused
            return
        preview.problems += files.formula_problems(path, preview.facts.name)
        if any(p.row is None for p in preview.problems):  # a damaged sheet (formula problems have a row)
            return
    adapters = recognising_adapters(path)
    if len(adapters) > 1:
        names = ", ".join(a.SOURCE.name for a in adapters)
        preview.problems.append(_problem(preview.facts, f"the file matches the layouts of several publishers ({names})"
                                         ": import each publisher's file on its own"))
    elif adapters:
        if not preview.problems:
            _prepare_release(preview, path, adapters[0], current)
        else:
            preview.recognised, preview.label = adapters[0].SOURCE.source_id, f"{adapters[0].SOURCE.name} release"
    elif kind == "xlsx" and tpl.recognise(path):
        preview.problems.clear()  # the template's reader reports every formula itself, computed or not
        _prepare_template(preview, path, current)
    else:
        preview.problems.append(_not_recognised(preview.facts))


def _finish(preview: Preview, current: Tables) -> None:
    """Check the candidate tables as a whole and compute the diff."""
    if preview.tables is None or preview.problems:
        preview.tables = None
        return
    try:
        preview.tables = conformed_tables(preview.tables)
    except SchemaError as exc:
        preview.problems.append(_problem(preview.facts, f"the result does not fit the warehouse: {exc}"))
        preview.tables = None
        return
    preview.problems += [_problem(preview.facts, message) for message in framework_problems(preview.tables)]
    if preview.problems:
        preview.tables = None
        return
    preview.diff = diff_tables(conformed_tables(current), preview.tables)


def _confirm_edition(preview: Preview, allow_older: bool) -> None:
    """Refuse an older edition or a corrected re-release unless `allow_older` (the editor confirmed it)."""
    if preview.edition is None or preview.diff is None or preview.problems:
        return
    preview.edition, refusal = editions.assessed(preview.edition, preview.diff, allow_older)
    if refusal is not None:
        preview.problems.append(_problem(preview.facts, refusal))
    elif preview.edition.confirmed:
        preview.notes.append("confirmed by the editor: " + ("a corrected re-release of the same edition"
                                                             if preview.edition.corrected else "an older edition"))


def prepare(path: Path, name: str | None = None, *, version: str | None = None, current: Tables | None = None,
            max_bytes: int | None = None, allow_older: bool = False) -> Preview:
    """Read and validate the file at `path` (shown as `name`) against a version (default: the current one).

    Never raises for a bad file: every problem is in the Preview; nothing is written. A release older than the
    Radar's edition of its source, or a corrected re-release of it, is a problem unless `allow_older`.
    """
    preview = Preview(files.facts_of(path, name))
    kind, problems = files.file_problems(preview.facts, max_bytes)
    preview.problems += problems
    preview.base_version = version or versions.current_version()
    if kind is None:
        return preview
    current = current if current is not None else versions.read_tables(preview.base_version)
    _route(preview, path, kind, current)
    _finish(preview, current)
    _confirm_edition(preview, allow_older)
    preview.problems = _capped(preview.problems, preview.facts.name)
    return preview


def publish(path: Path, name: str | None, who: str, reason: str, *, versions_dir: Path | None = None,
            allow_older: bool = False, extra: dict[str, Any] | None = None) -> tuple[Preview, dict[str, Any]]:
    """Validate the file again on the version current when the lock is held, and publish it as a new version.

    Raises PublishRejected (every problem), NothingToPublish, or versions.VersionError (lock busy); in each case
    nothing is written. Returns the preview it published and the new version's manifest (with `extra`'s fields,
    e.g. the draft, its submitter and reviewer).
    """
    if not reason.strip():
        raise ValueError("a reason is required: say why this is published")
    done: dict[str, Preview] = {}

    def make(parent: str) -> versions.NewVersion:
        preview = prepare(path, name, version=parent, current=versions.read_tables(parent, versions_dir),
                          allow_older=allow_older)
        done["preview"] = preview
        if not preview.ok or preview.diff is None or preview.tables is None:
            raise PublishRejected(preview)
        if preview.diff.empty:
            raise NothingToPublish(f"{preview.facts.name} matches version {parent}: nothing to publish", preview)
        manifest = {"who": who, "reason": reason.strip(), "file": preview.facts.name, "sha256": preview.facts.sha256,
                    "size": preview.facts.size, "recognised": preview.recognised, "label": preview.label,
                    "notes": preview.notes, "diff": preview.diff.summary(),
                    "edition": preview.edition.as_dict() if preview.edition is not None else None, **(extra or {})}
        return versions.NewVersion(preview.tables, manifest, path, preview.facts.name)

    manifest = versions.publish(make, versions_dir)
    return done["preview"], manifest

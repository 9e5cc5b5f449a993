"""Which edition a publisher's file is, against the edition the Radar holds for the same source, and when an import
needs the editor's explicit confirmation: a file older than the Radar's edition, or a corrected re-release (the same
edition with values that differ). Editions are ordered by the latest year their label names (radar.currency)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import pandas as pd

from radar.currency import latest_edition
from radar.publish.diff import Diff

FIRST, OLDER, SAME, NEWER = "first", "older", "same", "newer"


@dataclass(frozen=True)
class EditionCheck:
    """The file's newest edition against the Radar's newest edition of the same source."""

    source_id: str
    source: str  # the source's name, for messages
    file_edition: str | None
    file_year: int | None
    radar_edition: str | None
    radar_year: int | None
    corrected: bool = False  # same edition, and values changed or removed: a corrected re-release
    refused: bool = False  # needs a confirmation that was not given
    confirmed: bool = False  # needed a confirmation, and it was given

    @property
    def relation(self) -> str:
        """'first' (the Radar has no edition of this source), 'older', 'same' or 'newer' (the file's edition)."""
        if self.radar_year is None or self.file_year is None:
            return FIRST
        if self.file_year < self.radar_year:
            return OLDER
        return SAME if self.file_year == self.radar_year else NEWER

    def as_dict(self) -> dict[str, object]:
        return {"source_id": self.source_id, "file": self.file_edition, "radar": self.radar_edition,
                "relation": self.relation, "corrected_re_release": self.corrected, "confirmed": self.confirmed}


def check(source_id: str, source: str, file_editions: Iterable[object], observations: pd.DataFrame) -> EditionCheck:
    """The newest edition among the file's rows against the newest among the Radar's rows of `source_id`."""
    mine = latest_edition(file_editions)
    theirs = latest_edition(observations.loc[observations["source_id"] == source_id, "edition"].unique())
    return EditionCheck(source_id, source, mine[1] if mine else None, mine[0] if mine else None,
                        theirs[1] if theirs else None, theirs[0] if theirs else None)


def note(found: EditionCheck) -> str:
    """One line for the preview: the file's edition and how it stands against the Radar's."""
    if found.relation == FIRST:
        return f"edition: {found.file_edition or '(none named)'}; the Radar has no edition of {found.source} yet"
    words = {OLDER: "older than", SAME: "the same as", NEWER: "newer than"}[found.relation]
    return f"edition: {found.file_edition}, {words} the edition in the Radar ({found.radar_edition})"


def _what_changes(diff: Diff) -> str:
    counts = diff.counts()
    words = f"rows changed: {counts['changed']}, removed: {counts['removed']}, added: {counts['added']}"
    if len(diff.relabelled):
        words += f"; rows with equal values relabelled to the file's edition: {len(diff.relabelled)}"
    return words


def assessed(found: EditionCheck, diff: Diff, allow: bool) -> tuple[EditionCheck, str | None]:
    """The check completed with the diff, and the refusal message when the import needs a confirmation not given.

    A confirmation is needed when the import changes anything and the file is older than the Radar's edition, or
    is the same edition with values that differ (changed or removed). Nothing to refuse when nothing changes.
    """
    corrected = found.relation == SAME and diff.values_differ
    found = replace(found, corrected=corrected)
    needs = not diff.empty and (found.relation == OLDER or corrected)
    if not needs:
        return found, None
    if allow:
        return replace(found, confirmed=True), None
    if corrected:
        message = (f"a corrected re-release: the file holds the {found.source} edition '{found.file_edition}', the "
                   f"same edition as in the Radar ('{found.radar_edition}'), with values that differ "
                   f"({_what_changes(diff)}). Publish it only if this correction is intended: confirm it on the "
                   f"Publish page, or use --allow-older on the command line")
    else:
        message = (f"an older edition: the file holds the {found.source} edition '{found.file_edition}', older than "
                   f"the edition in the Radar, '{found.radar_edition}' ({_what_changes(diff)}). Publish it only if "
                   f"going back to the older edition is intended: confirm it on the Publish page, or use "
                   f"--allow-older on the command line")
    return replace(found, refused=True), message

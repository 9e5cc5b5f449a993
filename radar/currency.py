"""How current each source is: which edition the Radar holds, when it was published, when the next one is due, and
whether it is overdue. Pure functions over reviewed data (data/releases.toml: each source's release cadence and the
publication dates of known editions); today's date is always an argument.

An edition is ordered by the latest year its label names: '2024 update' -> 2024, 'CPI 2025 release (series
2012-2025)' -> 2025, '2017-2018' -> 2018.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from radar import settings

_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


def edition_year(label: object) -> int | None:
    """The latest year an edition label names, or None when it names none."""
    years = [int(y) for y in _YEAR.findall(str(label or ""))]
    return max(years) if years else None


def latest_edition(labels: Iterable[object]) -> tuple[int, str] | None:
    """(year, label) of the newest edition among `labels` (of one year, the last label in sort order), or None."""
    dated = [(year, str(label)) for label in labels if (year := edition_year(label)) is not None]
    return max(dated) if dated else None


# ---- the release calendar ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Cadence:
    """When a source publishes: edition E comes out in `month` of year E + `lag_years`, every `every_years`."""

    source_id: str
    every_years: int
    month: int
    lag_years: int
    published: dict[int, date]  # edition year -> publication date, where it is known (reviewed)

    def expected(self, edition: int) -> date:
        """The first day of the month edition `edition` is expected in."""
        return date(edition + self.lag_years, self.month, 1)


class ReleasesError(ValueError):
    """data/releases.toml does not have the expected shape."""


def read_cadences(path: Path | None = None) -> dict[str, Cadence]:
    """The release calendar of each source in the reviewed file (default: data/releases.toml)."""
    path = path or settings.RELEASES_FILE
    with path.open("rb") as handle:
        spec = tomllib.load(handle)
    out = {}
    for entry in spec.get("source", []):
        try:
            source_id, every, month = str(entry["source_id"]), int(entry["every_years"]), int(entry["month"])
            lag = int(entry.get("lag_years", 0))
            published = {int(e["edition"]): _as_date(e["published"]) for e in entry.get("edition", [])}
        except (KeyError, TypeError, ValueError) as exc:
            raise ReleasesError(f"{path.name}: a [[source]] entry lacks or mistypes {exc}") from exc
        if every < 1 or not 1 <= month <= 12:
            raise ReleasesError(f"{path.name}: {source_id}: every_years must be >= 1 and month 1-12")
        out[source_id] = Cadence(source_id, every, month, lag, published)
    return out


def _as_date(value: object) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


# ---- how current a source is -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Currency:
    """One source's currency on a given day."""

    source_id: str
    edition: str | None  # the label of the newest edition in the Radar
    edition_year: int | None
    published: date | None  # when that edition came out (None: unknown)
    published_known: bool  # True: a reviewed date; False: the month the cadence expects (or unknown)
    next_due: date | None  # the first day of the month the next edition is expected in
    overdue: bool  # today is on or after next_due
    releases_due: int  # editions expected by today and not in the Radar (0 when not overdue)
    cadence: Cadence | None  # None when the calendar does not list the source


def source_currency(source_id: str, labels: Iterable[object], cadence: Cadence | None, today: date) -> Currency:
    """How current `source_id` is on `today`, given the edition labels the Radar holds for it."""
    newest = latest_edition(labels)
    if newest is None or cadence is None:
        label = newest[1] if newest else None
        return Currency(source_id, label, newest[0] if newest else None, None, False, None, False, 0, cadence)
    year, label = newest
    known = cadence.published.get(year)
    following = year + cadence.every_years
    next_due = cadence.expected(following)
    releases_due = 0
    while cadence.expected(following) <= today:
        releases_due += 1
        following += cadence.every_years
    return Currency(source_id, label, year, known or cadence.expected(year), known is not None, next_due,
                    releases_due > 0, releases_due, cadence)


def currencies(editions: dict[str, Iterable[object]], cadences: dict[str, Cadence], today: date) -> list[Currency]:
    """The currency of each source in `editions` (source_id -> the edition labels the Radar holds), in its order."""
    return [source_currency(sid, labels, cadences.get(sid), today) for sid, labels in editions.items()]

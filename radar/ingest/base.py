"""What every adapter shares: source metadata, country-code mapping, and the tidy-frame constructors.

(Reading workbooks, header rows and cells is shared through radar/ingest/ooxml.py.)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from radar.countries import KEPT, NAMES, PUBLISHER_CODES
from radar.schema import PROVENANCE, TIDY_COLUMNS, TIDY_KEY, conform_tidy


@dataclass(frozen=True)
class Source:
    """A publisher's index: who publishes it, where, under which licence, and how to cite it."""

    source_id: str  # folder name under data/raw/, prefix of nothing in particular
    name: str  # as in the tidy CSVs' `source` column
    publisher: str
    url: str
    licence: str
    citation: str
    stored_copy: str  # where the raw file in data/raw/ was taken from (provenance)


# English short names as used by the tidy CSVs, for the countries the warehouse keeps (data/countries.toml).
COUNTRY_NAMES: dict[str, str] = NAMES
# Codes publishers use that are not ISO 3166 alpha-3 (or not the one we use for Kosovo): data/countries.toml.
CODE_ALIASES: dict[str, str] = PUBLISHER_CODES


def iso3_from_code(code: object) -> str | None:
    """Return our ISO3 for a publisher's country code (KSV -> XKX, ROM -> ROU), or None if blank."""
    if code is None or (isinstance(code, float) and pd.isna(code)):
        return None
    text = str(code).strip().upper()
    if not text:
        return None
    return CODE_ALIASES.get(text, text)


def provenance(file: str, sheet: str | None, row: int | None, column: str | None) -> dict[str, object]:
    """The structured provenance fields of one value (radar.schema.PROVENANCE): file name, sheet title, 1-based row
    number and column header as published (None where the file has no such thing, e.g. a JSON record's sheet)."""
    return dict(zip(PROVENANCE, (file, sheet, row, column)))


def keep_countries(frame: pd.DataFrame) -> pd.DataFrame:
    """Return only the rows of countries the warehouse keeps (WB6 + EU-27)."""
    return frame[frame["country_iso3"].isin(KEPT)]


# Tidy columns an adapter may leave out: tidy() fills them (the country's name; NaN for the optional numbers).
OPTIONAL_NUMBERS = ("lower", "upper", "std_error", "n_sources", "rank", "rank_of")
# The columns an adapter's rows must have, in tidy order.
ROW_COLUMNS = [c for c in TIDY_COLUMNS if c != "country_name" and c not in OPTIONAL_NUMBERS]


def tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """Fill the columns adapters need not set themselves and validate against the tidy schema."""
    out = keep_countries(frame).copy()
    out["country_name"] = out["country_iso3"].map(COUNTRY_NAMES)
    for column in OPTIONAL_NUMBERS:
        if column not in out.columns:
            out[column] = float("nan")
    return conform_tidy(out)


def tidy_newest_release(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """tidy() of the frames' rows (each frame with a `release` year column): for each country and year, the rows of
    the newest release that covers it (of equal releases, per key the later frame's row). A newer release supersedes
    an older one as a publish does: an indicator it no longer publishes for a country and year is not kept."""
    frame = pd.concat(frames, ignore_index=True).sort_values("release", kind="stable")
    newest = frame.groupby(["country_iso3", "year"])["release"].transform("max")
    return tidy(frame[frame["release"] == newest].drop_duplicates(TIDY_KEY, keep="last"))


DATA_SUFFIXES = {".xlsx", ".csv", ".jsonl", ".json", ".xls"}


def files_in(folder: Path) -> list[Path]:
    """Return the data files of one raw-source folder, sorted (hidden files and notes skipped)."""
    return sorted(
        p for p in folder.iterdir()
        if p.is_file() and not p.name.startswith((".", "~$")) and p.suffix.lower() in DATA_SUFFIXES
    )

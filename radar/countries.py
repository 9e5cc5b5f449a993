"""The countries the Radar keeps, as reviewed data (data/countries.toml), read once at import: the WB6 and EU-27
lists, each country's English and local names, region and display colour, the publishers' non-ISO codes, the sources
that never score a country, the label rule (a footnoted country's name carries the footnote's marker: 'Kosovo*')
and the one Kosovo footnote (FOOTNOTE, in English: show it through radar.i18n._)."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from radar import settings

REGIONS = ("WB6", "EU27")


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str  # English short name
    name_local: str
    region: str  # "WB6" or "EU27"
    colour: str
    footnote: str  # id of its footnote ('' when none)
    not_covered_by: tuple[str, ...]  # source ids that never score it


class CountriesError(ValueError):
    """data/countries.toml does not have the expected shape."""


@dataclass(frozen=True)
class Countries:
    """Everything data/countries.toml says, checked."""

    countries: tuple[Country, ...]
    footnotes: dict[str, tuple[str, str]]  # id -> (marker, text)
    publisher_codes: dict[str, str]  # a publisher's code -> our ISO3


def read_countries(path: Path) -> Countries:
    """The countries file at `path`, checked (ISO3 unique and 3 letters, known region, known footnote)."""
    with path.open("rb") as handle:
        spec = tomllib.load(handle)
    footnotes = {key: (str(f["marker"]), str(f["text"])) for key, f in spec.get("footnote", {}).items()}
    reference = str(spec.get("reference_colour", "#8C8C8C"))
    rows = []
    for entry in spec.get("country", []):
        try:
            iso3, name, region = str(entry["iso3"]), str(entry["name"]), str(entry["region"])
        except KeyError as exc:
            raise CountriesError(f"{path.name}: a [[country]] lacks {exc}") from exc
        footnote = str(entry.get("footnote", ""))
        if len(iso3) != 3 or not iso3.isalpha() or iso3 != iso3.upper():
            raise CountriesError(f"{path.name}: {iso3!r} is not an ISO3 code")
        if region not in REGIONS or (footnote and footnote not in footnotes):
            raise CountriesError(f"{path.name}: {iso3}: unknown region {region!r} or footnote {footnote!r}")
        rows.append(Country(iso3, name, str(entry.get("name_local", name)), region,
                            str(entry.get("colour", reference)), footnote,
                            tuple(str(s) for s in entry.get("not_covered_by", []))))
    if len({c.iso3 for c in rows}) != len(rows):
        raise CountriesError(f"{path.name}: an ISO3 code repeats")
    codes = {str(k).upper(): str(v) for k, v in spec.get("publisher_codes", {}).items()}
    return Countries(tuple(rows), footnotes, codes)


_DATA = read_countries(settings.COUNTRIES_FILE)
COUNTRIES: tuple[Country, ...] = _DATA.countries
BY_ISO3: dict[str, Country] = {c.iso3: c for c in COUNTRIES}
WB6: tuple[str, ...] = tuple(c.iso3 for c in COUNTRIES if c.region == "WB6")
EU27: tuple[str, ...] = tuple(c.iso3 for c in COUNTRIES if c.region == "EU27")
KEPT: tuple[str, ...] = WB6 + EU27
NAMES: dict[str, str] = {c.iso3: c.name for c in COUNTRIES}  # English short names, WB6 first
PUBLISHER_CODES: dict[str, str] = _DATA.publisher_codes
FOOTNOTE: str = _DATA.footnotes["kosovo"][1]  # the EU convention for Kosovo, in English


def label(iso3: str, name: str) -> str:
    """The country's name as shown: followed by its footnote's marker when it has one ('Kosovo' -> 'Kosovo*')."""
    country = BY_ISO3.get(iso3)
    if country is None or not country.footnote:
        return name
    return name + _DATA.footnotes[country.footnote][0]


def footnotes(iso3s: Iterable[str]) -> list[str]:
    """The footnote texts (English) that a view showing `iso3s` carries, each once, in the countries' order."""
    ids = dict.fromkeys(BY_ISO3[i].footnote for i in iso3s if i in BY_ISO3 and BY_ISO3[i].footnote)
    return [_DATA.footnotes[f][1] for f in ids]


def not_covered_by(source_id: str) -> tuple[str, ...]:
    """The countries `source_id` never scores (outside its scope, which is not a gap in its data)."""
    return tuple(c.iso3 for c in COUNTRIES if source_id in c.not_covered_by)

"""Adapter for the GI-TOC Global Organized Crime Index: the ocindex.net workbook sheets and the 2025 JSON records."""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from openpyxl.workbook.workbook import Workbook

from radar import countries
from radar.ingest import base
from radar.ingest.ooxml import Row, find_header, open_workbook, optional_number, words, workbook_matches
from radar.schema import TIDY_KEY

SOURCE = base.Source(
    source_id="gitoc_ocindex",
    name="GI-TOC Global Organized Crime Index",
    publisher="Global Initiative Against Transnational Organized Crime (GI-TOC)",
    url="https://ocindex.net/assets/downloads/global_oc_index.xlsx",
    licence=(
        "No licence text in the workbook; GI-TOC publishes it as a free download. Treat as attribution required; "
        "check ocindex.net terms before any commercial reuse."
    ),
    citation="© GI-TOC, Global Organized Crime Index <edition>",
    stored_copy=(
        "mglpurroy/slide-deck-analytics-1: data/global_oc_index.xlsx @ ea47cf1661b698714591164fcbd68cfaa821f019; "
        "beepboop2025/narcoscope: src/data/organizedCrime.json @ 0ab1c9b3b410005af3d6c5978d916e8711f6e927 "
        "(JSON conversion of the 2025_dataset sheet of ocindex.net global_oc_index.xlsx, downloadedAt 2026-10-10)"
    ),
)

UNIT = "score (1-10)"
SCALE = (1.0, 10.0)
HEADER_SCAN_ROWS = 30  # a table's header row must be within the first rows of its sheet
NOT_SCORED = set(countries.not_covered_by("gitoc_ocindex"))  # the 193 UN member states only: never Kosovo


@dataclass(frozen=True)
class Indicator:
    """One OC Index indicator: its id, label, group and where it sits in the sheets and the JSON records."""

    indicator_id: str
    name: str
    group: str
    sheet_label: str  # column header in the dataset sheets (matched loosely, see label_key)
    json_field: str  # dotted path in the JSON records


def _component(label: str, group: str, json_field: str) -> Indicator:
    slug = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_")
    return Indicator(f"ocindex_{slug}", label, group, label, json_field)


_MARKETS = (
    ("Human trafficking", "humanTrafficking"), ("Human smuggling", "humanSmuggling"),
    ("Extortion and protection racketeering", "extortion"), ("Arms trafficking", "armsTrafficking"),
    ("Trade in counterfeit goods", "counterfeitGoods"),
    ("Illicit trade in excisable goods", "illicitTradeExcisableGoods"), ("Flora crimes", "floraCrimes"),
    ("Fauna crimes", "faunaCrimes"), ("Non-renewable resource crimes", "nonRenewableResourceCrimes"),
    ("Heroin trade", "heroinTrade"), ("Cocaine trade", "cocaineTrade"), ("Cannabis trade", "cannabisTrade"),
    ("Synthetic drug trade", "syntheticDrugTrade"), ("Cyber-dependent crimes", "cyberDependentCrimes"),
    ("Financial crimes", "financialCrimes"),
)
_ACTORS = (
    ("Mafia-style groups", "mafiaStyleGroups"), ("Criminal networks", "criminalNetworks"),
    ("State-embedded actors", "stateEmbeddedActors"), ("Foreign actors", "foreignActors"),
    ("Private sector actors", "privateSectorActors"),
)
_RESILIENCE = (
    ("Political leadership and governance", "politicalLeadershipAndGovernance"),
    ("Government transparency and accountability", "governmentTransparencyAndAccountability"),
    ("International cooperation", "internationalCooperation"),
    ("National policies and laws", "nationalPoliciesAndLaws"),
    ("Judicial system and detention", "judicialSystemAndDetention"), ("Law enforcement", "lawEnforcement"),
    ("Territorial integrity", "territorialIntegrity"), ("Anti-money laundering", "antiMoneyLaundering"),
    ("Economic regulatory capacity", "economicRegulatoryCapacity"),
    ("Victim and witness support", "victimAndWitnessSupport"), ("Prevention", "prevention"),
    ("Non-state actors", "nonStateActors"),
)
INDICATORS: tuple[Indicator, ...] = (
    Indicator("ocindex_criminality_score", "Criminality score (average of criminal markets and criminal actors)",
              "criminality", "Criminality", "criminality"),
    Indicator("ocindex_criminal_markets_score", "Criminal markets (average)", "criminal_markets", "Criminal markets",
              "criminalMarkets"),
    *(_component(label, "criminal_markets", f"markets.{key}") for label, key in _MARKETS),
    Indicator("ocindex_criminal_actors_score", "Criminal actors (average)", "criminal_actors", "Criminal actors",
              "actors.average"),
    *(_component(label, "criminal_actors", f"actors.{key}") for label, key in _ACTORS),
    Indicator("ocindex_resilience_score", "Resilience score (average of 12 resilience indicators)", "resilience",
              "Resilience", "resilience.average"),
    *(_component(label, "resilience", f"resilience.{key}") for label, key in _RESILIENCE),
)

# The OC Index has no country codes: its English names (normalised by ooxml.words) for the countries we keep.
NAME_TO_ISO3: dict[str, str] = {
    "albania": "ALB", "bosnia and herzegovina": "BIH", "bosnia herzegovina": "BIH", "montenegro": "MNE",
    "north macedonia": "MKD", "macedonia": "MKD", "republic of north macedonia": "MKD", "serbia": "SRB",
    "austria": "AUT", "belgium": "BEL", "bulgaria": "BGR", "croatia": "HRV", "cyprus": "CYP",
    "czech republic": "CZE", "czechia": "CZE", "denmark": "DNK", "estonia": "EST", "finland": "FIN",
    "france": "FRA", "germany": "DEU", "greece": "GRC", "hungary": "HUN", "ireland": "IRL", "italy": "ITA",
    "latvia": "LVA", "lithuania": "LTU", "luxembourg": "LUX", "malta": "MLT", "netherlands": "NLD",
    "the netherlands": "NLD", "poland": "POL", "portugal": "PRT", "romania": "ROU", "slovakia": "SVK",
    "slovak republic": "SVK", "slovenia": "SVN", "spain": "ESP", "sweden": "SWE",
}


def label_key(text: object) -> str:
    """A column header's words without a trailing 'avg'/'average'/'score' ('Resilience avg,' -> 'resilience')."""
    return re.sub(r"(\s+(avg|average|score))+$", "", words(text))


_BY_LABEL = {label_key(i.sheet_label): i for i in INDICATORS}


def country_iso3(name: object) -> str | None:
    """Our ISO3 for an OC Index country name, or None for a country the warehouse does not keep."""
    return NAME_TO_ISO3.get(words(name))


def _row(iso3: str, year: int, ind: Indicator, value: float, code: str, extraction: str, where: dict[str, object]
         ) -> dict[str, Any]:
    return {
        "country_iso3": iso3, "year": year, "source": SOURCE.name, "indicator_id": ind.indicator_id,
        "indicator_name": ind.name, "value": value, "unit": UNIT, "edition": str(year),
        "scale_min": SCALE[0], "scale_max": SCALE[1], "higher_is_better": ind.group == "resilience",
        "indicator_group": ind.group, "source_country_code": code, "scale_bounds": "strict",
        "extraction": extraction, **where,
    }


# ---- workbook -------------------------------------------------------------------------------------------------

def _header(row: Row) -> Row | None:
    """`row` if it is a dataset table's header (Country, Criminality and Resilience columns), else None."""
    keys = {label_key(c) for c in row if c is not None}
    return row if {"country", "criminality", "resilience"} <= keys else None


def _find_header(rows: Iterator[Row]) -> tuple[int, Row] | None:
    """Advance `rows` past the table's header row and return (its 1-based row number, the row), or None if the
    sheet has no dataset table."""
    found = find_header(rows, _header, HEADER_SCAN_ROWS)
    return (found[0] + 1, found[1]) if found else None


def sheet_edition(title: str) -> int | None:
    """The edition year in a sheet name ('2023_dataset' -> 2023), or None."""
    found = re.search(r"(?<!\d)(\d{4})(?!\d)", title)
    return int(found.group(1)) if found else None


def _sheet_rows(ws: Any, file: str) -> Iterator[dict[str, Any]]:
    year = sheet_edition(ws.title)
    rows = ws.iter_rows(values_only=True)
    found = _find_header(rows) if year else None
    if found is None:
        return
    header_at, header = found
    country_col = next(i for i, h in enumerate(header) if h is not None and label_key(h) == "country")
    indicator_cols = [
        (i, str(h).strip(), _BY_LABEL[label_key(h)]) for i, h in enumerate(header)
        if h is not None and label_key(h) in _BY_LABEL
    ]
    for number, row in enumerate(rows, start=header_at + 1):
        name = row[country_col] if country_col < len(row) else None
        iso3 = country_iso3(name) if name is not None else None
        if iso3 is None:
            continue
        for i, h, ind in indicator_cols:
            value = optional_number(row[i]) if i < len(row) else None
            if value is not None:
                yield _row(iso3, year, ind, value, str(name).strip(), f'xlsx sheet {ws.title}, column "{h}"',
                           base.provenance(file, ws.title, number, h))


def _workbook_rows(path: Path) -> Iterator[dict[str, Any]]:
    with open_workbook(path) as wb:
        # dataset sheets first: where two sheets hold the same edition, the dataset sheet wins (see read)
        for ws in sorted(wb.worksheets, key=lambda s: "dataset" not in s.title.lower()):
            yield from _sheet_rows(ws, path.name)


def _has_dataset_table(wb: Workbook) -> bool:
    return any(_find_header(ws.iter_rows(values_only=True)) is not None for ws in wb.worksheets)


# ---- JSON records (2025 edition) -------------------------------------------------------------------------------

def _json_records(path: Path) -> list[tuple[int | None, dict[str, Any]]]:
    """The country-edition records of a JSON array/object file or a JSON Lines file ([] if not JSON), each with its
    line number in a JSON Lines file (None in a JSON document)."""
    try:
        with path.open("rb") as handle:
            if handle.read(1024).lstrip(b"\xef\xbb\xbf \t\r\n")[:1] not in {b"{", b"["}:
                return []
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return []
    try:
        lines: list[tuple[int | None, Any]] = [(None, json.loads(text))]
    except json.JSONDecodeError:
        try:
            lines = [(n, json.loads(line)) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
        except json.JSONDecodeError:
            return []
    return [(n, r) for n, data in lines for r in _flatten(data) if _is_record(r)]


def _flatten(data: Any) -> Iterator[Any]:
    """The record candidates in parsed JSON: a list's items, an object itself, or the items of its list values."""
    if isinstance(data, list):
        yield from data
    elif isinstance(data, dict):
        yield data
        for value in data.values():
            if isinstance(value, list):
                yield from value


def _is_record(record: Any) -> bool:
    return (
        isinstance(record, dict) and "country" in record and "year" in record
        and "criminality" in record and isinstance(record.get("resilience"), dict)
    )


def _field(record: dict[str, Any], dotted: str) -> object:
    value: Any = record
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _record_rows(record: dict[str, Any], file: str, line: int | None) -> Iterator[dict[str, Any]]:
    name = str(record["country"]).strip()
    iso3 = country_iso3(name) or base.iso3_from_code(record.get("iso3"))
    year = int(record["year"])
    if iso3 is None:
        return
    for ind in INDICATORS:
        value = optional_number(_field(record, ind.json_field))
        if value is not None:
            where = f"JSON field {ind.json_field} ({year}_dataset sheet converted by the stored repo)"
            yield _row(iso3, year, ind, value, name, where, base.provenance(file, None, line, ind.json_field))


def _json_rows(path: Path) -> Iterator[dict[str, Any]]:
    for line, record in _json_records(path):
        yield from _record_rows(record, path.name, line)


# ---- adapter contract ------------------------------------------------------------------------------------------

def recognise(path: Path) -> bool:
    """True when `path` is an OC Index workbook (a Country/Criminality/Resilience table) or its JSON records."""
    try:
        if zipfile.is_zipfile(path):
            return workbook_matches(path, _has_dataset_table)
        return bool(_json_records(path))
    except Exception:  # noqa: BLE001 - recognise must never raise
        return False


def _rows(paths: Iterable[Path]) -> Iterator[dict[str, Any]]:
    # workbooks first: the original workbook wins over a JSON conversion of the same edition
    for path in sorted(paths, key=lambda p: not zipfile.is_zipfile(p)):
        if recognise(path):
            yield from _workbook_rows(path) if zipfile.is_zipfile(path) else _json_rows(path)


def read(paths: list[Path]) -> pd.DataFrame:
    """The tidy frame of all OC Index editions in `paths` (workbook sheets and/or JSON records), WB6 + EU-27."""
    frame = pd.DataFrame(list(_rows(paths)), columns=base.ROW_COLUMNS)
    frame = frame[~frame["country_iso3"].isin(NOT_SCORED)]
    # one value per key: the first one seen (dataset sheet, then other sheets, then JSON records) is kept
    return base.tidy(frame.drop_duplicates(TIDY_KEY, keep="first"))

"""Validation of an import, every problem at once with where it is: a filled-in template's cells -> typed rows
(observations, indicator definitions, framework memberships), and the rows an adapter read from a publisher's file.
(Reading one cell as a number, year, flag, text or scale level: radar/publish/cells.py; the checks of a publisher's
rows: radar/publish/release_rows.py.)"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

import pandas as pd
from openpyxl.utils import get_column_letter

from radar import settings
from radar.ingest import template as tpl
from radar.ingest.template import Formula, Sheet, TemplateFile
from radar.publish import release_rows
from radar.publish.cells import (
    FORMULA_MESSAGE,
    CellError,
    Scale,
    labels_text,
    parse_bool,
    parse_labels,
    parse_number,
    parse_text,
    parse_year,
)
from radar.publish.cells import short as _short
from radar.publish.problems import Problem
from radar.publish.release_rows import where_in_source  # noqa: F401 - the import's one entry point
from radar.schema import INDICATORS, OBSERVATIONS, PROVENANCE

ID_PATTERN = re.compile(r"[a-z][a-z0-9_]{1,62}")
URL_PATTERN = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)
MAX_NAME = 200


def current_year() -> int:
    """The latest year an import may name (a later one is in the future)."""
    return date.today().year


# ---- a sheet's columns -------------------------------------------------------------------------------------------

class Collector:
    """The problems of one file, with the sheet being read."""

    def __init__(self, file: str) -> None:
        self.file, self.problems = file, []
        self.sheet: str | None = None
        self.unreadable: set[tuple[str | None, int | str | None, str | None]] = set()  # cells already reported

    def add(self, row: int | str | None, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, self.sheet, row, column, message))


def column_problems(sheet: Sheet, out: Collector) -> None:
    """Missing required columns, unexpected columns, repeated headers and values under a blank header."""
    spec = tpl.COLUMNS[sheet.name]
    known = [c.name for c in spec]
    seen: set[str] = set()
    width = max([len(sheet.columns), *(len(cells) for _, cells in sheet.rows)])
    for at, name in enumerate(sheet.columns + [""] * (width - len(sheet.columns))):
        if not name:
            if any(at < len(cells) and cells[at] is not None for _, cells in sheet.rows):
                out.add(sheet.header_row, get_column_letter(at + 1), "this column has values but no header")
        elif name in seen:
            out.add(sheet.header_row, name, f"the column '{name}' appears twice")
        elif name not in known:
            out.add(sheet.header_row, name, f"unexpected column '{name}': the {sheet.name} columns are "
                    + ", ".join(known))
        seen.add(name)
    for column in spec:
        if column.required and column.name not in sheet.columns:
            out.add(sheet.header_row, column.name, f"missing column '{column.name}': {column.meaning}")


def _cells(sheet: Sheet, cells: list[object]) -> dict[str, object]:
    return {name: sheet.cell(cells, name) for name in sheet.columns if name}


def _formula_columns(values: dict[str, object]) -> list[str]:
    return [name for name, value in values.items() if isinstance(value, Formula)]


# ---- indicators sheet --------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Membership:
    """An indicator put on a framework's axis by the template (row = where it was asked)."""

    framework_id: str
    framework_name: str | None
    axis_id: str
    axis_name: str | None
    indicator_id: str
    weight: float
    row: int


@dataclass
class TemplateRows:
    """What a valid template adds: observations and indicators (warehouse columns), and framework memberships."""

    observations: pd.DataFrame
    indicators: pd.DataFrame
    memberships: list[Membership] = field(default_factory=list)
    sheets: dict[str, str | None] = field(default_factory=dict)  # table -> sheet title (None for a CSV)


def _get(values: dict[str, object], name: str, parse, out: Collector, row: int, *args) -> object:
    try:
        return parse(values.get(name), *args)
    except CellError as exc:
        out.add(row, name, str(exc))
        out.unreadable.add((out.sheet, row, name))
        return None


def _required(value: object, name: str, out: Collector, row: int, what: str) -> bool:
    """True when `value` is there; else report the blank cell (unless it was reported as unreadable)."""
    if value is None:
        if (out.sheet, row, name) not in out.unreadable:
            out.add(row, name, f"{name} is required: {what}")
        return False
    return True


def _scale(values: dict[str, object], out: Collector, row: int) -> tuple[float, float, str | None] | None:
    """(scale_min, scale_max, labels) of an indicator row, from its scale_labels or its bounds."""
    levels = _get(values, "scale_labels", lambda c: parse_labels(parse_text(c)), out, row)
    low = _get(values, "scale_min", parse_number, out, row)
    high = _get(values, "scale_max", parse_number, out, row)
    if levels:
        for name, bound, level in (("scale_min", low, min(levels)), ("scale_max", high, max(levels))):
            if bound is not None and bound != level:
                out.add(row, name, f"{_short(bound)} does not match the scale's {name[6:]} level {_short(level)}")
        return min(levels), max(levels), labels_text(levels)
    if low is None or high is None:
        if values.get("scale_labels") is None:
            out.add(row, "scale_min" if low is None else "scale_max",
                    "scale_min and scale_max are required (or scale_labels for an ordinal scale)")
        return None
    if low >= high:
        out.add(row, "scale_max", f"scale_max {_short(high)} must be above scale_min {_short(low)}")
        return None
    return low, high, None


def _definition(values: dict[str, object], out: Collector, row: int, publisher_ids: dict[str, str]
                ) -> dict[str, object] | None:
    """The indicators-table row an indicators-sheet row defines (None when it has a problem)."""
    before = len(out.problems)
    indicator_id = _get(values, "indicator_id", parse_text, out, row, 80)
    if _required(indicator_id, "indicator_id", out, row, "the id of the indicator this row defines"):
        if not ID_PATTERN.fullmatch(str(indicator_id)):
            out.add(row, "indicator_id", f"'{indicator_id}' is not a valid id: use lower-case letters, digits and _ "
                    "(2-63 characters, starting with a letter), e.g. bsp_ec_ch24_preparation")
        elif indicator_id in publisher_ids:
            out.add(row, "indicator_id", f"'{indicator_id}' belongs to {publisher_ids[indicator_id]}: the template "
                    "defines the network's own indicators only")
    name = _get(values, "name", parse_text, out, row, MAX_NAME)
    _required(name, "name", out, row, "the indicator's name shown on charts")
    higher = _get(values, "higher_is_better", parse_bool, out, row)
    _required(higher, "higher_is_better", out, row, "true or false")
    scale = _scale(values, out, row)
    description = _get(values, "description", parse_text, out, row)
    unit = _get(values, "unit", parse_text, out, row, MAX_NAME)
    if len(out.problems) > before or scale is None:
        return None
    low, high, labels = scale
    span = f"({_short(low)}-{_short(high)})"
    return {
        "indicator_id": indicator_id, "source_id": tpl.SOURCE.source_id, "source": tpl.SOURCE.name, "name": name,
        "description": description or name, "indicator_group": "Network assessment",
        "unit": unit or (f"level {span}" if labels else f"score {span}"),
        "scale_min": low, "scale_max": high, "higher_is_better": bool(higher), "source_url": "",
        "licence": tpl.SOURCE.licence, "citation": tpl.SOURCE.citation, "scale_labels": labels,
        "scale_bounds": "strict",  # the network's own scores stay on their scale (checked on every row)
    }


def _membership(values: dict[str, object], indicator_id: str, out: Collector, row: int) -> Membership | None:
    framework_id = _get(values, "framework_id", parse_text, out, row, 80)
    axis_id = _get(values, "axis_id", parse_text, out, row, 80)
    extra = [n for n in ("framework_name", "axis_id", "axis_name", "weight") if values.get(n) is not None]
    if framework_id is None:
        if extra:
            out.add(row, extra[0], f"{extra[0]} is given but framework_id is blank: name the framework too")
        return None
    for name, ident in (("framework_id", framework_id), ("axis_id", axis_id)):
        if ident is not None and not ID_PATTERN.fullmatch(str(ident)):
            out.add(row, name, f"'{ident}' is not a valid id: lower-case letters, digits and _")
            return None
    if not _required(axis_id, "axis_id", out, row, "the axis of the framework to put the indicator on"):
        return None
    weight = _get(values, "weight", parse_number, out, row)
    if weight is not None and weight <= 0:
        out.add(row, "weight", f"weight {_short(weight)} must be positive")
        return None
    return Membership(str(framework_id), _get(values, "framework_name", parse_text, out, row, MAX_NAME), str(axis_id),
                      _get(values, "axis_name", parse_text, out, row, MAX_NAME), indicator_id,
                      1.0 if weight is None else weight, row)


def read_indicators(sheet: Sheet, out: Collector, publisher_ids: dict[str, str]
                    ) -> tuple[dict[str, dict[str, object]], list[Membership]]:
    """Indicator definitions (id -> indicators-table row) and framework memberships of the indicators sheet."""
    definitions: dict[str, dict[str, object]] = {}
    first_row: dict[str, int] = {}
    memberships: list[Membership] = []
    for row, cells in sheet.rows:
        values = _cells(sheet, cells)
        for name in _formula_columns(values):
            out.add(row, name, FORMULA_MESSAGE.format(formula=str(values[name])[:40]))
            values[name] = None
        definition = _definition(values, out, row, publisher_ids)
        if definition is None:
            continue
        indicator_id = str(definition["indicator_id"])
        if indicator_id in definitions and definitions[indicator_id] != definition:
            out.add(row, "indicator_id", f"'{indicator_id}' is defined differently in row {first_row[indicator_id]}")
            continue
        definitions.setdefault(indicator_id, definition)
        first_row.setdefault(indicator_id, row)
        membership = _membership(values, indicator_id, out, row)
        if membership is not None:
            memberships.append(membership)
    return definitions, memberships


def membership_problems(memberships: list[Membership], frameworks: pd.DataFrame, out: Collector) -> None:
    """Memberships that do not fit the current frameworks: renamed frameworks or axes, a new axis or framework
    without a name, a repeated membership, a new framework with fewer than three axes."""
    names = dict(zip(frameworks["framework_id"], frameworks["framework_name"]))
    axes = {(f, a): n for f, a, n in zip(frameworks["framework_id"], frameworks["axis_id"], frameworks["axis_name"])}
    seen: dict[tuple[str, str, str], int] = {}
    new_axes: dict[str, set[str]] = {}
    for m in memberships:
        key = (m.framework_id, m.axis_id, m.indicator_id)
        if key in seen:
            out.add(m.row, "axis_id", f"the indicator is put on this axis already in row {seen[key]}")
        seen[key] = m.row
        if m.framework_id in names:
            if m.framework_name and m.framework_name != names[m.framework_id]:
                out.add(m.row, "framework_name", f"framework {m.framework_id} is named '{names[m.framework_id]}': "
                        "leave framework_name blank to add to it")
        elif not m.framework_name:
            out.add(m.row, "framework_name", f"framework_name is required: '{m.framework_id}' is a new framework")
        if (m.framework_id, m.axis_id) in axes:
            if m.axis_name and m.axis_name != axes[(m.framework_id, m.axis_id)]:
                out.add(m.row, "axis_name", f"axis {m.axis_id} is named '{axes[(m.framework_id, m.axis_id)]}': "
                        "leave axis_name blank to add to it")
        elif not m.axis_name:
            out.add(m.row, "axis_name", f"axis_name is required: '{m.axis_id}' is a new axis of {m.framework_id}")
        if m.framework_id not in names:
            new_axes.setdefault(m.framework_id, set()).add(m.axis_id)
    for framework_id, axis_ids in new_axes.items():
        if len(axis_ids) < 3:
            row = next(m.row for m in memberships if m.framework_id == framework_id)
            out.add(row, "framework_id", f"the new framework '{framework_id}' has {len(axis_ids)} axis/axes: a radar "
                    "needs at least 3")


# ---- scores sheet --------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Known:
    """The indicators a scores row may name: scales of template-owned ones, publisher ones (not allowed)."""

    scales: dict[str, Scale]
    publisher: dict[str, str]  # indicator_id -> source name


def _score_value(values: dict[str, object], scale: Scale | None, out: Collector, row: int, decimal_comma: bool
                 ) -> tuple[float | None, float | None, float | None]:
    value = _get(values, "value", parse_number, out, row, decimal_comma)
    _required(value, "value", out, row, "the score, a number on the indicator's scale")
    bounds = [_get(values, name, parse_number, out, row, decimal_comma) for name in ("lower", "upper")]
    if scale is not None:
        range_only = Scale(scale.low, scale.high)  # bounds need not be levels of an ordinal scale
        for name, number, check in (("value", value, scale), ("lower", bounds[0], range_only),
                                    ("upper", bounds[1], range_only)):
            message = check.problem(number) if number is not None else None
            if message:
                out.add(row, name, message)
    lower, upper = bounds
    if value is not None and lower is not None and lower > value:
        out.add(row, "lower", f"lower {_short(lower)} is above the value {_short(value)}")
    if value is not None and upper is not None and upper < value:
        out.add(row, "upper", f"upper {_short(upper)} is below the value {_short(value)}")
    return value, lower, upper


def _score_row(values: dict[str, object], known: Known, out: Collector, row: int, decimal_comma: bool
               ) -> dict[str, object] | None:
    """The observations row of a scores-sheet row, or None when it has a problem."""
    before = len(out.problems)
    country_text = _get(values, "country", parse_text, out, row, 80)
    iso3 = tpl.country_iso3(country_text) if country_text else None
    if _required(country_text, "country", out, row, "an ISO3 code or English country name") and iso3 is None:
        out.add(row, "country", f"unknown country '{country_text}': expected an ISO3 code or English name of the "
                "WB6 or EU-27 (e.g. SRB or Serbia, XKX or Kosovo)")
    year = _get(values, "year", parse_year, out, row)
    if _required(year, "year", out, row, "the year the score refers to"):
        if year > current_year():
            out.add(row, "year", f"{year} is in the future: the latest year allowed is {current_year()}")
        elif year < settings.EARLIEST_YEAR:
            out.add(row, "year", f"{year} is before {settings.EARLIEST_YEAR}: a typo?")
    indicator_id = _get(values, "indicator_id", parse_text, out, row, 80)
    scale = None
    if _required(indicator_id, "indicator_id", out, row, "the id of the indicator scored"):
        if indicator_id in known.publisher:
            out.add(row, "indicator_id", f"'{indicator_id}' is published by {known.publisher[indicator_id]}: import "
                    "the publisher's own file for it; the template holds the network's own scores")
        elif indicator_id not in known.scales:
            out.add(row, "indicator_id", f"unknown indicator '{indicator_id}': it is not in the Radar and not defined "
                    "on the 'indicators' sheet of this file")
        scale = known.scales.get(str(indicator_id))
    value, lower, upper = _score_value(values, scale, out, row, decimal_comma)
    evidence = _get(values, "evidence", parse_text, out, row)
    _required(evidence, "evidence", out, row, "one sentence saying what the score rests on")
    url = _get(values, "evidence_url", parse_text, out, row)
    if url is not None and not URL_PATTERN.fullmatch(url):
        out.add(row, "evidence_url", f"'{url[:60]}' is not a web address: expected http:// or https://...")
    if len(out.problems) > before:
        return None
    return {
        "country_iso3": iso3, "year": year, "indicator_id": indicator_id, "value": value, "lower": lower,
        "upper": upper, "std_error": None, "n_sources": None, "rank": None, "rank_of": None,
        "edition": f"network assessment {year}", "source_id": tpl.SOURCE.source_id,
        "source_country_code": country_text, "evidence": evidence, "evidence_url": url,
    }


def read_scores(sheet: Sheet, known: Known, out: Collector, decimal_comma: bool, file: str) -> list[dict[str, object]]:
    """The observations rows of the scores sheet (rows with a problem are reported and left out)."""
    rows: list[dict[str, object]] = []
    seen: dict[tuple[object, ...], int] = {}
    where = f"sheet '{sheet.title}'" if sheet.title else "CSV"
    for row, cells in sheet.rows:
        values = _cells(sheet, cells)
        formulas = _formula_columns(values)
        for name in formulas:
            out.add(row, name, FORMULA_MESSAGE.format(formula=str(values[name])[:40]))
        if formulas:
            continue
        record = _score_row(values, known, out, row, decimal_comma)
        if record is None:
            continue
        key = (record["country_iso3"], record["year"], record["indicator_id"])
        if key in seen:
            out.add(row, "indicator_id", f"duplicate of row {seen[key]}: the same country, year and indicator")
            continue
        seen[key] = row
        rows.append(record | {"note": f"import template {file}, {where}, row {row}"}
                    | dict(zip(PROVENANCE, (file, sheet.title, row, "value"))))
    return rows


# ---- the whole template --------------------------------------------------------------------------------------------

def _known(indicators: pd.DataFrame, definitions: dict[str, dict[str, object]]) -> Known:
    own = indicators["source_id"] == tpl.SOURCE.source_id
    scales = {row["indicator_id"]: Scale.of(row) for _, row in indicators[own].iterrows()}
    scales |= {i: Scale.of(d) for i, d in definitions.items()}
    publisher = dict(zip(indicators.loc[~own, "indicator_id"], indicators.loc[~own, "source"]))
    return Known(scales, publisher)


def rescale_problems(definitions: dict[str, dict[str, object]], rows: dict[str, int], observations: pd.DataFrame,
                     out: Collector) -> None:
    """A redefined indicator whose values already in the Radar would fall outside its new scale."""
    for indicator_id, definition in definitions.items():
        scale = Scale.of(definition)
        current = observations[observations["indicator_id"] == indicator_id]
        bad = [(c, y, v) for c, y, v in zip(current["country_iso3"], current["year"], current["value"])
               if scale.problem(float(v))]
        if bad:
            c, y, v = bad[0]
            out.add(rows.get(indicator_id), "scale_min", f"{len(bad)} value(s) of '{indicator_id}' already in the "
                    f"Radar fall outside the new scale (e.g. {c} {y}: {_short(float(v))})")


def validate_template(tf: TemplateFile, file: str, current: dict[str, pd.DataFrame]
                      ) -> tuple[TemplateRows | None, list[Problem]]:
    """The rows a filled-in template adds to `current` (the current warehouse tables), and every problem."""
    out = Collector(file)
    for sheet in tf.sheets.values():
        out.sheet = sheet.title
        column_problems(sheet, out)
    indicators = current[INDICATORS.name]
    publisher_ids = dict(zip(indicators["indicator_id"], indicators["source"]))
    publisher_ids = {k: v for k, v in publisher_ids.items() if v != tpl.SOURCE.name}
    definitions, memberships, rows = {}, [], []
    if tpl.INDICATORS in tf.sheets:
        sheet = tf.sheets[tpl.INDICATORS]
        out.sheet = sheet.title
        definitions, memberships = read_indicators(sheet, out, publisher_ids)
        membership_problems(memberships, current["frameworks"], out)
        first = {}
        for m_row, cells in sheet.rows:
            first.setdefault(str(sheet.cell(cells, "indicator_id") or "").strip(), m_row)
        rescale_problems(definitions, first, current[OBSERVATIONS.name], out)
    if tpl.SCORES in tf.sheets:
        sheet = tf.sheets[tpl.SCORES]
        out.sheet = sheet.title
        rows = read_scores(sheet, _known(indicators, definitions), out, tf.decimal_comma, file)
    out.sheet = None
    if not any(s.rows for s in tf.sheets.values()):
        out.add(None, None, "the file has no data rows: fill in the 'scores' sheet (one row per country, year and "
                "indicator) under the header row")
    frame = pd.DataFrame(rows, columns=[*OBSERVATIONS.schema.names])
    result = TemplateRows(frame, pd.DataFrame(list(definitions.values()), columns=INDICATORS.schema.names),
                          memberships, {name: s.title for name, s in tf.sheets.items()})
    return (None if out.problems else result), out.problems


def release_problems(tidy: pd.DataFrame, file: str, source_id: str, source_name: str, indicators: pd.DataFrame
                     ) -> list[Problem]:
    """Problems of the rows an adapter read from a publisher's file (see radar/publish/release_rows.py)."""
    return release_rows.release_problems(tidy, file, source_id, source_name, indicators, current_year())

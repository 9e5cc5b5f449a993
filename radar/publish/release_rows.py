"""Checks of the rows an adapter read from a publisher's file, each problem at the value's sheet, row and column (the
adapter's provenance fields); scales are strict or nominal as the indicator says."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pandas as pd

from radar.publish.problems import Problem


def where_in_source(row: object) -> tuple[str | None, int | None, str | None]:
    """(sheet, row number, column) of a tidy row's value in its file, from the adapter's provenance fields
    (source_sheet, source_row, source_column; None where the file has no such thing)."""

    def field(name: str) -> object:
        value = getattr(row, name, None)
        return None if value is None or pd.isna(value) else value

    number = field("source_row")
    sheet, column = field("source_sheet"), field("source_column")
    return (None if sheet is None else str(sheet), None if number is None else int(number),
            None if column is None else str(column))


def _row_problems(tidy: pd.DataFrame, file: str, now: int) -> Iterator[Problem]:
    for row in tidy.itertuples(index=False):
        sheet, where, column = where_in_source(row)
        what = f"{row.country_iso3} {row.year} {row.indicator_id}"
        if row.year > now:
            yield Problem(file, sheet, where, column, f"{what}: year {row.year} is in the future (latest allowed: "
                          f"{now})")
        if not math.isfinite(row.value):
            yield Problem(file, sheet, where, column, f"{what}: {row.value} is not a finite number")
        elif row.scale_bounds != "nominal" and not row.scale_min <= row.value <= row.scale_max:
            yield Problem(file, sheet, where, column, f"{what}: {row.value:g} is outside the published scale "
                          f"{row.scale_min:g} to {row.scale_max:g}")


def release_problems(tidy: pd.DataFrame, file: str, source_id: str, source_name: str, indicators: pd.DataFrame,
                     now: int) -> list[Problem]:
    """Problems of the rows an adapter read from a publisher's file: none read, years in the future, values off
    a strict published scale (a nominal one, e.g. WGI estimates, may be passed), an indicator id that another
    source already uses (`now`: the latest year allowed). Each problem names the value's sheet, row and column (the
    adapter's provenance fields)."""
    if tidy.empty:
        return [Problem(file, None, None, None, f"no values for the WB6 or EU-27 countries found in this "
                        f"{source_name} file")]
    problems = list(_row_problems(tidy, file, now))
    owners = dict(zip(indicators["indicator_id"], indicators["source_id"]))
    for indicator_id in sorted(set(tidy["indicator_id"])):
        if owners.get(indicator_id, source_id) != source_id:
            problems.append(Problem(file, None, None, None, f"indicator '{indicator_id}' already belongs to source "
                                    f"{owners[indicator_id]}"))
    return problems

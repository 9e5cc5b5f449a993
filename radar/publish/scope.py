"""Each organisation speaks for its country: the rows of a filled-in template that an editor may not submit.

The rows are named as every import problem is (file, sheet, row, column): a file with scores for a country the
editor's organisation does not speak for is refused as a whole, with each such row listed.
"""

from __future__ import annotations

from pathlib import Path

from radar.ingest import template as tpl
from radar.publish.editors import Profile
from radar.publish.problems import Problem


def file_countries(path: Path) -> list[tuple[str | None, int, str]]:
    """(sheet title, row, ISO3) of every score row of a template whose country is known (others are import
    problems already)."""
    try:
        tf = tpl.read_template(path)
    except tpl.TemplateReadError:
        return []
    sheet = tf.sheets.get(tpl.SCORES)
    if sheet is None:
        return []
    found = []
    for row, cells in sheet.rows:
        text = sheet.cell(cells, "country")
        iso3 = tpl.country_iso3(str(text).strip()) if text is not None and str(text).strip() else None
        if iso3 is not None:
            found.append((sheet.title, row, iso3))
    return found


def country_problems(path: Path, name: str, profile: Profile) -> list[Problem]:
    """One problem per score row for a country `profile` does not speak for (none for a coordinator)."""
    if profile.coordinator:
        return []
    if profile.countries:
        why = f"{profile.label} submits scores for {profile.country_scope()} only"
    else:
        why = (f"{profile.label} speaks for no country (the editors' secrets give this editor no organisation with "
               "countries)")
    return [Problem(name, sheet, row, "country", f"{iso3}: {why}; {iso3}'s scores are submitted by its own "
                    "organisation (or the network's coordinator)")
            for sheet, row, iso3 in file_countries(path) if not profile.may_submit_for(iso3)]

"""What the publish page shows, without Streamlit: the radar as it would look after publishing (scored through a Store
over a staging copy of the candidate tables) with the axis scores it moves, and the diff and versions as tables."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pyarrow.parquet as pq

from radar import analysis, charts
from radar.publish.diff import Diff
from radar.publish.tables import Tables
from radar.schema import FRAMEWORKS, TABLES, WB6, to_arrow
from radar.store import Store
from radar.views import evidence


@contextmanager
def staged_store(tables: Tables) -> Iterator[Store]:
    """A read-only Store over a temporary copy of `tables` (removed on exit)."""
    folder = tempfile.mkdtemp(prefix="radar-preview-")
    store = None
    try:
        for table in TABLES:
            pq.write_table(to_arrow(tables[table.name], table), f"{folder}/{table.name}.parquet")
        store = Store(folder)
        yield store
    finally:
        if store is not None:
            store.close()
        shutil.rmtree(folder, ignore_errors=True)


def affected_frameworks(tables: Tables, diff: Diff) -> list[str]:
    """Frameworks with an indicator the import touches (in framework order); every framework when none is."""
    frameworks = tables[FRAMEWORKS.name].sort_values(["framework_order", "axis_order"])
    touched = diff.touched_indicators()
    hit = frameworks[frameworks["indicator_id"].isin(touched)]["framework_id"].drop_duplicates().tolist()
    return hit or frameworks["framework_id"].drop_duplicates().tolist()


def latest_touched_year(diff: Diff) -> int | None:
    """The latest year with an added or changed value (the year the preview radar opens on)."""
    years = [*diff.added["year"], *diff.changed["year"]]
    return int(max(years)) if years else None


@dataclass(frozen=True)
class RadarPreview:
    """The radar after publishing, for one framework and year, and the axis scores that move."""

    figure: go.Figure
    year: int
    years: list[int]
    moves: pd.DataFrame  # country_iso3, axis_name, before, after, change (only the axes whose score changes)


def _moves(before: pd.DataFrame | None, after: pd.DataFrame) -> pd.DataFrame:
    columns = ["country_iso3", "axis_name", "before", "after", "change"]
    if before is None:
        return pd.DataFrame(columns=columns)
    joined = after[["country_iso3", "axis_id", "axis_name", "score"]].merge(
        before[["country_iso3", "axis_id", "score"]], on=["country_iso3", "axis_id"], how="outer",
        suffixes=("_after", "_before"))
    joined = joined.rename(columns={"score_after": "after", "score_before": "before"})
    joined["change"] = joined["after"] - joined["before"]
    moved = joined[(joined["change"].abs() > 1e-9) | (joined["before"].isna() != joined["after"].isna())]
    return moved[columns].round(2).reset_index(drop=True)


def _before(current: Store | None, framework_id: str, year: int) -> pd.DataFrame | None:
    if current is None:
        return None
    try:
        fw = analysis.framework(current, framework_id)
    except KeyError:
        return None
    return analysis.year_scores(current, fw, year).for_countries(list(WB6))


def radar_preview(tables: Tables, framework_id: str, year: int | None, current: Store | None = None
                  ) -> RadarPreview | None:
    """The radar of `framework_id` in `year` (or its latest year) as it would look after publishing `tables`,
    with the WB6 axis scores that move against `current` (the current version's Store). None: no year has data."""
    with staged_store(tables) as store:
        fw = analysis.framework(store, framework_id)
        years = analysis.framework_years(store, framework_id)
        if not years:
            return None
        year = year if year in years else years[-1]
        after = analysis.year_scores(store, fw, year)
        countries = store.countries()
    scores = after.for_countries(list(WB6))
    figure = charts.radar_figure(
        scores, countries, fw.axis_names, title=f"{fw.short_name}, {year}: after publishing",
        subtitle="Dashed: WB6 mean · dotted: EU-27 mean · outward = better", references=after.references,
        values=after.values_for(list(WB6)), height=560)
    return RadarPreview(figure, year, years, _moves(_before(current, framework_id, year), scores))


# ---- readable tables -----------------------------------------------------------------------------------------------

def _levels(frame: pd.DataFrame, column: str, indicators: pd.DataFrame | None) -> pd.DataFrame:
    """`frame` with '<column> level' after `column` when an indicator of the frame has an ordinal scale."""
    if indicators is None or frame.empty or column not in frame:
        return frame
    labels = evidence.level_labels(frame, indicators, column)
    if not labels.astype(bool).any():
        return frame
    out = frame.copy()
    out.insert(out.columns.get_loc(column) + 1, f"{column} level", labels)
    return out


def diff_frames(diff: Diff, indicators: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """The diff's parts as tables for people: added, changed (old -> new), removed, relabelled (equal values);
    with `indicators` (their scale_labels), ordinal values also with their level's label."""
    added = _levels(diff.added, "value", indicators).rename(columns={"value": "new value",
                                                                     "value level": "new level"})
    changed = _levels(_levels(diff.changed, "old_value", indicators), "new_value", indicators).rename(
        columns={"old_value": "old value", "new_value": "new value", "old_value level": "old level",
                 "new_value level": "new level", "details": "what changed"}).drop(columns=["fields"])
    removed = _levels(diff.removed, "value", indicators).rename(columns={"value": "old value",
                                                                         "value level": "old level"})
    return {
        "added": added, "changed": changed, "removed": removed,
        "relabelled": diff.relabelled.rename(columns={"old_edition": "old edition", "new_edition": "new edition"}),
    }


def versions_frame(listed: list[dict[str, Any]]) -> pd.DataFrame:
    """Every version as one row: id, current, when, who, file, checksum, reason, rows added/changed/removed."""
    rows = []
    for v in listed:
        diff = v.get("diff") or {}
        rows.append({
            "version": v["version"], "current": bool(v.get("current")), "published (UTC)": v.get("created_at"),
            "by": v.get("who"), "file": v.get("file"), "sha256": v.get("sha256") or "", "reason": v.get("reason"),
            "recognised": v.get("recognised"), "added": diff.get("added"), "changed": diff.get("changed"),
            "removed": diff.get("removed"), "parent": v.get("parent"),
            "reviewed by": v.get("reviewed_by") or "", "draft": v.get("draft") or "",
        })
    return pd.DataFrame(rows)


def drafts_frame(listed: list[dict[str, Any]]) -> pd.DataFrame:
    """Every draft as one row: id, status, who submitted (organisation), when, countries, file, rows, why, review."""
    rows = []
    for d in listed:
        diff = d.get("diff") or {}
        rows.append({
            "draft": d["draft"], "status": d["status"], "submitted by": d["submitted_by"],
            "organisation": d.get("organisation_name") or d.get("organisation") or "",
            "submitted (UTC)": d.get("submitted_at"), "countries": ", ".join(d.get("countries") or []),
            "file": d.get("file"), "added": diff.get("added"), "changed": diff.get("changed"),
            "removed": diff.get("removed"), "reason": d.get("reason"), "reviewed by": d.get("reviewed_by") or "",
            "review": d.get("review_reason") or "", "version": d.get("version") or "",
        })
    return pd.DataFrame(rows)

"""Differences between two versions' tables: observations added, changed (with old and new values), removed, and
relabelled (the same values under another edition label: shown, but not a change of value), and the indicators and
framework axes an import adds or changes."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from radar.schema import FRAMEWORKS, INDICATORS, OBSERVATIONS, PROVENANCE

Tables = dict[str, pd.DataFrame]
KEY = list(OBSERVATIONS.key)
# Where a value was read from (the note and the provenance fields) is not data: the same values in a new file are
# no change.
IGNORED = ("note", *PROVENANCE)
# A row whose only difference is this label is relabelled, not changed (a new release restating a value).
EDITION = "edition"
COMPARED = [c for c in OBSERVATIONS.schema.names if c not in KEY and c not in IGNORED]
INDICATOR_COMPARED = [c for c in INDICATORS.schema.names if c != "indicator_id"]
RELABELLED_COLUMNS = [*KEY, "source_id", "value", "old_edition", "new_edition"]


def same(a: pd.Series, b: pd.Series) -> pd.Series:
    """Element-wise equality where two blanks (None, NaN) are equal."""
    a, b = a.reset_index(drop=True), b.reset_index(drop=True)
    both_blank = a.isna() & b.isna()
    equal = (a.astype(object) == b.astype(object)) & a.notna() & b.notna()
    return both_blank | equal


def _joined(old: pd.DataFrame, new: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    return old.merge(new, on=key, how="outer", suffixes=("_old", "_new"), indicator=True, sort=True)


def changed_mask(both: pd.DataFrame, columns: list[str]) -> tuple[pd.Series, dict[str, pd.Series]]:
    """Which joined rows differ in any of `columns`, and per column which differ."""
    per_column = {c: ~same(both[f"{c}_old"], both[f"{c}_new"]) for c in columns}
    mask = pd.Series(False, index=range(len(both)))
    for differs in per_column.values():
        mask |= differs
    return mask, per_column


def unchanged_keys(old: pd.DataFrame, new: pd.DataFrame, key: list[str], columns: list[str]) -> pd.DataFrame:
    """The keys present in both frames whose `columns` are all equal."""
    both = old[[*key, *columns]].merge(new[[*key, *columns]], on=key, how="inner", suffixes=("_old", "_new"))
    mask, _ = changed_mask(both, columns)
    return both.loc[~mask.to_numpy(), key]


def _show(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return "(blank)"
    return f"{value:g}" if isinstance(value, float) else str(value)


@dataclass
class Diff:
    """What publishing the candidate would change, against the version it was prepared on."""

    added: pd.DataFrame  # country_iso3, year, indicator_id, source_id, value, edition
    changed: pd.DataFrame  # country_iso3, year, indicator_id, source_id, old_value, new_value, fields, details
    removed: pd.DataFrame  # country_iso3, year, indicator_id, source_id, value, edition
    indicators_added: list[str] = field(default_factory=list)
    indicators_changed: list[str] = field(default_factory=list)
    framework_rows_added: int = 0
    framework_rows_changed: int = 0
    frameworks_added: list[str] = field(default_factory=list)
    # country_iso3, year, indicator_id, source_id, value, old_edition, new_edition: equal values, another label
    relabelled: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=RELABELLED_COLUMNS))

    def counts(self) -> dict[str, int]:
        """Rows whose values are added, changed or removed (a relabelled row keeps its values: not counted)."""
        return {"added": len(self.added), "changed": len(self.changed), "removed": len(self.removed)}

    @property
    def empty(self) -> bool:
        return not (any(self.counts().values()) or len(self.relabelled) or self.indicators_added
                    or self.indicators_changed or self.framework_rows_added or self.framework_rows_changed)

    @property
    def values_differ(self) -> bool:
        """Whether any value is changed or removed (added rows and relabels leave every existing value as it is)."""
        return bool(len(self.changed) or len(self.removed))

    def relabellings(self) -> list[dict[str, object]]:
        """Each edition label replaced by another on equal values: from, to, and how many rows."""
        if self.relabelled.empty:
            return []
        groups = self.relabelled.groupby(["old_edition", "new_edition"], sort=True).size()
        return [{"from": old, "to": new, "rows": int(n)} for (old, new), n in groups.items()]

    def summary(self) -> dict[str, object]:
        return {**self.counts(), "relabelled": len(self.relabelled), "relabelled_editions": self.relabellings(),
                "indicators_added": self.indicators_added,
                "indicators_changed": self.indicators_changed, "frameworks_added": self.frameworks_added,
                "framework_axes_rows_added": self.framework_rows_added,
                "framework_axes_rows_changed": self.framework_rows_changed}

    def touched_indicators(self) -> set[str]:
        """Indicators with any added, changed or removed value, or a new or changed definition."""
        frames = (self.added, self.changed, self.removed)
        return set().union(*(set(f["indicator_id"]) for f in frames)) | set(self.indicators_added) | set(
            self.indicators_changed)


def observation_diff(old: pd.DataFrame, new: pd.DataFrame
                     ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(added, changed, removed, relabelled) observations between two observations tables.

    A row that differs only in its edition label is relabelled, not changed."""
    joined = _joined(old, new, KEY)
    added = joined[joined["_merge"] == "right_only"]
    removed = joined[joined["_merge"] == "left_only"]
    both = joined[joined["_merge"] == "both"].reset_index(drop=True)
    mask, per_column = changed_mask(both, COMPARED)
    differs = {c: per_column[c].to_numpy() for c in COMPARED}
    label_only = mask.to_numpy() & ~np.any([differs[c] for c in COMPARED if c != EDITION], axis=0)
    at = np.flatnonzero(mask.to_numpy() & ~label_only)
    changed = both.iloc[at]
    fields = [[c for c in COMPARED if differs[c][i]] for i in at]
    details = ["; ".join(f"{c}: {_show(both.at[i, f'{c}_old'])} → {_show(both.at[i, f'{c}_new'])}" for c in names)
               for i, names in zip(at, fields)]
    relabelled = both[label_only]
    return (
        _rows(added, "_new"),
        pd.DataFrame({
            **{k: changed[k].to_numpy() for k in KEY}, "source_id": changed["source_id_new"].to_numpy(),
            "old_value": changed["value_old"].to_numpy(), "new_value": changed["value_new"].to_numpy(),
            "fields": [", ".join(names) for names in fields], "details": details,
        }),
        _rows(removed, "_old"),
        pd.DataFrame({
            **{k: relabelled[k].to_numpy() for k in KEY}, "source_id": relabelled["source_id_new"].to_numpy(),
            "value": relabelled["value_new"].to_numpy(), "old_edition": relabelled["edition_old"].to_numpy(),
            "new_edition": relabelled["edition_new"].to_numpy(),
        }, columns=RELABELLED_COLUMNS),
    )


def _rows(frame: pd.DataFrame, suffix: str) -> pd.DataFrame:
    return pd.DataFrame({
        **{k: frame[k].to_numpy() for k in KEY}, "source_id": frame[f"source_id{suffix}"].to_numpy(),
        "value": frame[f"value{suffix}"].to_numpy(), "edition": frame[f"edition{suffix}"].to_numpy(),
    })


def _indicator_changes(old: pd.DataFrame, new: pd.DataFrame) -> tuple[list[str], list[str]]:
    joined = _joined(old, new, ["indicator_id"])
    added = sorted(joined.loc[joined["_merge"] == "right_only", "indicator_id"])
    both = joined[joined["_merge"] == "both"].reset_index(drop=True)
    mask, _ = changed_mask(both, INDICATOR_COMPARED)
    return added, sorted(both.loc[mask.to_numpy(), "indicator_id"])


def _framework_changes(old: pd.DataFrame, new: pd.DataFrame) -> tuple[int, int, list[str]]:
    key = list(FRAMEWORKS.key)
    joined = _joined(old, new, key)
    both = joined[joined["_merge"] == "both"].reset_index(drop=True)
    mask, _ = changed_mask(both, [c for c in FRAMEWORKS.schema.names if c not in key])
    added_frameworks = sorted(set(new["framework_id"]) - set(old["framework_id"]))
    return int((joined["_merge"] == "right_only").sum()), int(mask.sum()), added_frameworks


def diff_tables(old: Tables, new: Tables) -> Diff:
    """The difference between two versions' tables (both conformed to the warehouse schema)."""
    added, changed, removed, relabelled = observation_diff(old[OBSERVATIONS.name], new[OBSERVATIONS.name])
    indicators_added, indicators_changed = _indicator_changes(old[INDICATORS.name], new[INDICATORS.name])
    rows_added, rows_changed, frameworks_added = _framework_changes(old[FRAMEWORKS.name], new[FRAMEWORKS.name])
    return Diff(added, changed, removed, indicators_added, indicators_changed, rows_added, rows_changed,
                frameworks_added, relabelled)

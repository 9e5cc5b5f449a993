"""Frameworks as reviewed data: reads data/frameworks.toml into the `frameworks` table and checks it."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pandas as pd

from radar.schema import SchemaError
from radar.scoring import DEFAULT_MIN_COVERAGE

MEASURES = ("performance", "threat")


def frameworks_table(path: Path, known_indicators: set[str]) -> pd.DataFrame:
    """Return the long `frameworks` table (one row per framework x axis x indicator) of the TOML file.

    Raises SchemaError when an axis names an unknown indicator, a weight is not positive, ids repeat or a
    framework has fewer than three axes (a radar needs three).
    """
    with path.open("rb") as handle:
        spec = tomllib.load(handle)
    rows: list[dict] = []
    for f_order, framework in enumerate(spec.get("framework", []), start=1):
        rows.extend(_framework_rows(framework, f_order, known_indicators))
    table = pd.DataFrame(rows)
    if table.empty:
        raise SchemaError(f"{path.name}: no frameworks")
    if table["framework_id"].drop_duplicates().size != len(spec["framework"]):
        raise SchemaError(f"{path.name}: framework ids repeat")
    return table


def _required(entry: dict, key: str, where: str) -> object:
    if key not in entry:
        raise SchemaError(f"{where}: missing '{key}'")
    return entry[key]


def _framework_rows(framework: dict, f_order: int, known: set[str]) -> list[dict]:
    fid = _required(framework, "id", f"framework #{f_order}")
    _required(framework, "name", f"framework {fid}")
    axes = framework.get("axis", [])
    if len(axes) < 3:
        raise SchemaError(f"framework {fid}: a radar needs at least 3 axes, has {len(axes)}")
    if framework.get("measures", "performance") not in MEASURES:
        raise SchemaError(f"framework {fid}: measures must be one of {MEASURES}")
    for n, axis in enumerate(axes, start=1):
        for key in ("id", "name", "indicators"):
            _required(axis, key, f"framework {fid}, axis #{n}")
    if len({a["id"] for a in axes}) != len(axes):
        raise SchemaError(f"framework {fid}: axis ids repeat")
    rows = []
    for a_order, axis in enumerate(axes, start=1):
        indicators = axis["indicators"]
        weights = axis.get("weights", [1.0] * len(indicators))
        if len(weights) != len(indicators):
            raise SchemaError(f"framework {fid}, axis {axis['id']}: {len(weights)} weights for "
                              f"{len(indicators)} indicators")
        if any(w <= 0 for w in weights):
            raise SchemaError(f"framework {fid}, axis {axis['id']}: weights must be positive")
        prefer = _preferences_of(axis, f"framework {fid}, axis {axis['id']}")
        unknown = sorted(i for i in indicators if i not in known and prefer.get(i) not in known)
        if unknown:
            raise SchemaError(f"framework {fid}, axis {axis['id']}: unknown indicators {unknown}")
        for indicator, weight in zip(indicators, weights):
            indicator = prefer[indicator] if prefer.get(indicator) in known else indicator
            rows.append({
                "framework_id": fid,
                "framework_name": framework["name"],
                "short_name": framework.get("short_name", framework["name"]),
                "framework_order": f_order,
                "description": " ".join(framework.get("description", "").split()),
                "measures": framework.get("measures", "performance"),
                "min_coverage": float(framework.get("min_coverage", DEFAULT_MIN_COVERAGE)),
                "axis_order": a_order,
                "axis_id": axis["id"],
                "axis_name": axis["name"],
                "axis_rationale": axis.get("rationale", ""),
                "indicator_id": indicator,
                "weight": float(weight),
            })
    return rows


def _preferences_of(axis: dict, where: str) -> dict[str, str]:
    """An axis' `prefer` table (indicator -> the indicator used instead wherever the Radar has it), checked."""
    prefer = axis.get("prefer", {})
    if not isinstance(prefer, dict) or not all(isinstance(v, str) for v in prefer.values()):
        raise SchemaError(f"{where}: prefer must map indicator ids to indicator ids")
    stray = sorted(set(prefer) - set(axis["indicators"]))
    if stray:
        raise SchemaError(f"{where}: prefer names indicators not on the axis {stray}")
    return prefer


def preferences(path: Path) -> dict[tuple[str, str, str], str]:
    """(framework_id, axis_id, indicator) -> the indicator the axis uses instead wherever the Radar has it (e.g. the
    WGI's own 0-100 governance score instead of its estimate, from the 2025 revision on)."""
    with path.open("rb") as handle:
        spec = tomllib.load(handle)
    return {(f["id"], a["id"], indicator): preferred for f in spec.get("framework", []) for a in f.get("axis", [])
            for indicator, preferred in _preferences_of(a, f"framework {f['id']}").items()}


def with_preferences(frameworks: pd.DataFrame, prefer: dict[tuple[str, str, str], str], known: set[str]
                     ) -> pd.DataFrame:
    """The frameworks table with each preferred indicator in use where `known` has it, and its fallback where not
    (a release that adds or drops the preferred indicator switches the axis)."""
    out = frameworks.copy()
    for (fid, aid, fallback), preferred in prefer.items():
        use, other = (preferred, fallback) if preferred in known else (fallback, preferred)
        rows = (out["framework_id"] == fid) & (out["axis_id"] == aid) & (out["indicator_id"] == other)
        if use in known and not ((out["framework_id"] == fid) & (out["axis_id"] == aid)
                                 & (out["indicator_id"] == use)).any():
            out.loc[rows, "indicator_id"] = use
    return out


def series_breaks(path: Path) -> list[dict]:
    """The reviewed list of methodological breaks (source_id, year, text) from data/series_breaks.toml."""
    if not path.is_file():
        return []
    with path.open("rb") as handle:
        entries = tomllib.load(handle).get("break", [])
    return [{"source_id": e["source_id"], "year": int(e["year"]), "text": " ".join(e["text"].split())}
            for e in entries]


def source_caveats(path: Path) -> dict[str, str]:
    """The reviewed caveat of each source ({source_id: English text}) from the `[[caveat]]` entries of
    data/series_breaks.toml; {} when the file is absent."""
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        entries = tomllib.load(handle).get("caveat", [])
    return {e["source_id"]: " ".join(e["text"].split()) for e in entries}

"""Expected axis scores computed by hand from the publishers' tidy files (tests/fixtures/sources/*.csv) and the
reviewed framework file (data/frameworks.toml): never through radar.analysis, radar.scoring or radar.store.

The rules, written out here a second time on purpose (docs/METHODOLOGY.md states them): each value on 0-100 of its
published scale, flipped where lower is better and clipped to the scale; "year Y" takes each indicator's latest
value of a year in [Y - 3, Y]; an axis score is the weighted mean of its indicators with a value, missing when
those carry less than the framework's min_coverage (0.5 when it sets none) of the axis weight.
"""

from __future__ import annotations

import math
import tomllib
from functools import cache
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "tests" / "fixtures" / "sources"
FRAMEWORKS = ROOT / "data" / "frameworks.toml"
LAG_YEARS = 3  # the Methodology page's rule, typed here by hand
DEFAULT_COVERAGE = 0.5


@cache
def tidy_rows() -> pd.DataFrame:
    frames = [pd.read_csv(path, dtype={"edition": "str", "source_country_code": "str"})
              for path in sorted(SOURCES.glob("*.csv"))]
    return pd.concat(frames, ignore_index=True)


@cache
def framework_spec(framework_id: str) -> dict:
    spec = next(f for f in tomllib.loads(FRAMEWORKS.read_text(encoding="utf-8"))["framework"]
                if f["id"] == framework_id)
    return spec


def _score(value: float, lo: float, hi: float, higher_is_better: bool) -> float:
    share = min(1.0, max(0.0, (value - lo) / (hi - lo)))
    return 100.0 * (share if higher_is_better else 1.0 - share)


def axis_scores(framework_id: str, country: str, year: int) -> pd.DataFrame:
    """One row per axis in radar order: axis_id, axis_name, score (NaN when missing), coverage, year_min,
    year_max, n_available, n_indicators."""
    spec = framework_spec(framework_id)
    coverage_rule = spec.get("min_coverage", DEFAULT_COVERAGE)
    rows = tidy_rows()
    mine = rows[(rows["country_iso3"] == country) & rows["year"].between(year - LAG_YEARS, year)]
    out = []
    for axis in spec["axis"]:
        ids = axis["indicators"]
        weights = axis.get("weights", [1.0] * len(ids))
        total = have = weighted = 0.0
        years, available = [], 0
        for indicator, weight in zip(ids, weights):
            total += weight
            found = mine[mine["indicator_id"] == indicator].sort_values("year")
            if found.empty:
                continue
            last = found.iloc[-1]
            weighted += weight * _score(float(last["value"]), float(last["scale_min"]), float(last["scale_max"]),
                                        bool(last["higher_is_better"]))
            have += weight
            available += 1
            years.append(int(last["year"]))
        coverage = have / total
        enough = have > 0 and coverage >= coverage_rule - 1e-12
        out.append({"axis_id": axis["id"], "axis_name": axis["name"],
                    "score": weighted / have if enough else math.nan, "coverage": coverage,
                    "year_min": min(years) if years else None, "year_max": max(years) if years else None,
                    "n_available": available, "n_indicators": len(ids)})
    return pd.DataFrame(out)


def reference_mean(framework_id: str, countries: list[str], year: int) -> pd.Series:
    """Per axis (axis_id index): the plain mean of the countries' axis scores that are not missing."""
    frames = [axis_scores(framework_id, c, year).set_index("axis_id")["score"] for c in countries]
    return pd.concat(frames, axis=1).mean(axis=1, skipna=True)

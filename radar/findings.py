"""Plain-language findings: short sentences generated from the same scores a chart shows, numbers included.

Pure functions over radar.analysis results; no Streamlit. Every sentence names its year(s) and numbers on the
0-100 scale, so a reader can check it against the chart.
"""

from __future__ import annotations

import pandas as pd

from radar.i18n import _, ngettext, num


def leaders(scores: pd.DataFrame) -> pd.DataFrame:
    """Per axis: the best and worst country among `scores` (axes without any score are left out)."""
    have = scores.dropna(subset=["score"])
    if have.empty:
        return pd.DataFrame(columns=["axis_id", "axis_name", "best", "best_score", "worst", "worst_score"])
    best = have.loc[have.groupby("axis_id")["score"].idxmax()].set_index("axis_id")
    worst = have.loc[have.groupby("axis_id")["score"].idxmin()].set_index("axis_id")
    out = pd.DataFrame({"axis_name": best["axis_name"], "axis_order": best["axis_order"],
                        "best": best["country_iso3"], "best_score": best["score"],
                        "worst": worst["country_iso3"], "worst_score": worst["score"]})
    return out.reset_index().sort_values("axis_order", ignore_index=True)


def comparison_headline(scores: pd.DataFrame, changes: pd.DataFrame, names: dict[str, str], year: int,
                        previous: int | None) -> str:
    """One or two sentences for a multi-country view: who leads most axes, and the biggest move."""
    table = leaders(scores)
    if table.empty:
        return _("No axis has enough data for the selected countries in {year}.").format(year=year)
    counts = table["best"].value_counts()
    top = counts.index[0]
    lows = table["worst"].value_counts()
    low = lows.index[0]
    text = ngettext("In {year}, {top} scores highest on {k} of {n} axis;",
                    "In {year}, {top} scores highest on {k} of {n} axes;", len(table)).format(
        year=year, top=names[top], k=int(counts.iloc[0]), n=len(table))
    text += " " + _("{low} scores lowest on {m}.").format(low=names[low], m=int(lows.iloc[0]))
    if previous is not None and not changes.empty:
        move = changes.iloc[0]
        text += " " + _("Biggest move since {prev}: {country}, {axis}, {a} → {b} ({d} points).").format(
            prev=previous, country=names[move["country_iso3"]], axis=move["axis_name"], a=num(move["score_before"]),
            b=num(move["score_after"]), d=num(move["change"], signed=True))
    return text


def slope_headline(change: pd.DataFrame, names: dict[str, str], year_a: int, year_b: int, axis_name: str) -> str:
    """The country that moved most between two years on one axis (or the mean of axes)."""
    moved = change.dropna(subset=["change"])
    if moved.empty:
        return _("No country has {axis} scores in both {a} and {b}.").format(axis=axis_name, a=year_a, b=year_b)
    row = moved.loc[moved["change"].abs().idxmax()]
    return _("{axis}, {a} → {b}: {country} moved most, {x} → {y} ({d} points).").format(
        axis=axis_name, a=year_a, b=year_b, country=names[row["country_iso3"]], x=num(row["score_before"]),
        y=num(row["score_after"]), d=num(row["change"], signed=True))


def country_headline(distance: pd.DataFrame, name: str, year: int) -> str:
    """A country's strongest and weakest axes and how many sit below the EU-27 mean."""
    have = distance.dropna(subset=["score"])
    if have.empty:
        return _("{country} has no axis with enough data in {year}.").format(country=name, year=year)
    best = have.loc[have["score"].idxmax()]
    worst = have.loc[have["score"].idxmin()]
    below = int((have["gap_to_eu27"] < 0).sum())
    text = _("{country}, {year}: strongest on {best} ({bs}), weakest on {worst} ({ws});").format(
        country=name, year=year, best=best["axis_name"], bs=num(best["score"]), worst=worst["axis_name"],
        ws=num(worst["score"]))
    return text + " " + ngettext("{k} of {n} axis below the EU-27 mean.", "{k} of {n} axes below the EU-27 mean.",
                                 len(have)).format(k=below, n=len(have))

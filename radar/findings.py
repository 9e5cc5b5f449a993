"""Plain-language findings: short sentences generated from the same scores a chart shows, numbers included.

Pure functions over radar.analysis results; no Streamlit. Every sentence names its year(s) and numbers on the
0-100 scale, so a reader can check it against the chart.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from radar.countries import not_covered_by
from radar.i18n import _, ngettext, num
from radar.scoring import MAX_LAG_YEARS as MAX_LAG
from radar.scoring import Z_90


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
        if _clear_flag(move) is False:
            text += " " + _("This is within the published uncertainty: no clear change.")
    return text


def _clear_flag(row: pd.Series) -> bool | None:
    """Whether a change exceeds its published 90% margin: True / False, or None when no margin is published.
    (The column holds numpy booleans when it has no None, so `is False` needs a plain bool first.)"""
    clear = row.get("clear")
    return None if clear is None or pd.isna(clear) else bool(clear)


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


def distance_headline(distance: pd.DataFrame, label: str, year: int) -> str:
    """The country's largest gap to the EU-27 mean and how it stands against the WB6 mean."""
    have = distance.dropna(subset=["score", "eu27_mean"])
    if have.empty:
        return _("{country} has no axis with enough data to compare with the EU-27 in {year}.").format(
            country=label, year=year)
    far = have.loc[have["gap_to_eu27"].idxmin()]
    above = int((have["gap_to_wb6"] > 0).sum())
    return _("{country}, {year}: largest gap to the EU-27 mean on {axis} ({s} vs {eu}, {g} points); "
             "above the WB6 mean on {k} of {n} axes.").format(
        country=label, year=year, axis=far["axis_name"], s=num(far["score"]), eu=num(far["eu27_mean"]),
        g=num(far["gap_to_eu27"], signed=True), k=above, n=len(have))


def trend_headline(trend: pd.DataFrame, country: str) -> str:
    """The country's biggest rise and fall: each axis from its first scored year to the last year of the trend."""
    own = trend[(trend["country_iso3"] == country)].dropna(subset=["score"]).sort_values("year")
    last = trend["year"].max()
    if own.empty:
        return _("No axis has enough data in any year up to {year}.").format(year=last)
    ends = own.groupby("axis_id").agg(axis_name=("axis_name", "first"), y0=("year", "first"), a=("score", "first"),
                                      y1=("year", "last"), b=("score", "last"))
    ends = ends[(ends["y1"] == last) & (ends["y0"] < last)]
    if ends.empty:
        return _("Not enough years of data for a trend up to {year}.").format(year=last)
    ends["change"] = ends["b"] - ends["a"]
    parts = []
    for row, word in ((ends.loc[ends["change"].idxmax()], _("biggest rise")),
                      (ends.loc[ends["change"].idxmin()], _("biggest fall"))):
        if (word == _("biggest rise")) == (row["change"] > 0) and abs(row["change"]) > 1e-9:
            parts.append(_("{word}: {axis}, {a} in {y0} \u2192 {b} in {y1} ({d} points)").format(
                word=word, axis=row["axis_name"], a=num(row["a"]), y0=int(row["y0"]), b=num(row["b"]),
                y1=int(row["y1"]), d=num(row["change"], signed=True)))
    if not parts:
        return _("No axis changed between its first year and {year}.").format(year=last)
    return "; ".join(parts)[0].upper() + "; ".join(parts)[1:] + "."


# -- findings with links and uncertainty (pages render these) ---------------------------------------
@dataclass(frozen=True)
class Finding:
    """One sentence of plain language with the numbers it carries, and the link parameters of the Data-page
    rows behind it (empty when it has none)."""

    text: str
    rows: dict[str, str] = field(default_factory=dict)


def rows_link(countries: list[str], indicators: list[str], year_from: int, year_to: int) -> dict[str, str]:
    """Data-page link parameters that show exactly the rows behind a number."""
    return {"dc": ",".join(countries), "ind": ",".join(indicators), "y0": str(year_from), "y1": str(year_to)}


def _change_sentence(row: pd.Series, names: dict[str, str], year_a: int, year_b: int) -> str:
    numbers = {"country": names[row["country_iso3"]], "axis": row["axis_name"], "a": num(row["score_before"]),
               "b": num(row["score_after"]), "d": num(row["change"], signed=True), "ya": year_a, "yb": year_b}
    clear = _clear_flag(row)
    if clear is False:
        return _("{country}, {axis}: {a} → {b} ({d}) between {ya} and {yb} is within the published uncertainty: "
                 "no clear change.").format(**numbers, m=num(Z_90 * row["change_se"]))
    if row["change"] > 0:
        text = _("Largest improvement since {ya}: {country}, {axis}, {a} → {b} ({d} points).")
    else:
        text = _("Largest decline since {ya}: {country}, {axis}, {a} → {b} ({d} points).")
    text = text.format(**numbers)
    if clear is True:
        text += " " + _("This exceeds the published 90% margin (±{m}).").format(m=num(Z_90 * row["change_se"]))
    return text


def change_findings(change: pd.DataFrame, names: dict[str, str], year_a: int, year_b: int,
                    indicators_of: dict[str, list[str]]) -> list[Finding]:
    """The largest improvement and the largest decline between two years (each judged against the published
    uncertainty where there is one)."""
    moved = change.dropna(subset=["change"])
    moved = moved[moved["change"].abs() > 1e-9]
    out = []
    for pick in (moved[moved["change"] > 0], moved[moved["change"] < 0]):
        if pick.empty:
            continue
        row = pick.loc[pick["change"].abs().idxmax()]
        link = rows_link([row["country_iso3"]], indicators_of.get(row["axis_id"], []), year_a - MAX_LAG, year_b)
        out.append(Finding(_change_sentence(row, names, year_a, year_b), link))
    if not out:
        out.append(Finding(_("No axis score changed between {a} and {b}.").format(a=year_a, b=year_b)))
    return out


def leader_findings(scores: pd.DataFrame, names: dict[str, str]) -> list[Finding]:
    """Leader and laggard on each axis, one sentence per axis."""
    out = []
    for row in leaders(scores).itertuples(index=False):
        if row.best == row.worst:
            continue
        out.append(Finding(_("{axis}: {best} leads ({bs}), {worst} trails ({ws}).").format(
            axis=row.axis_name, best=names[row.best], bs=num(row.best_score), worst=names[row.worst],
            ws=num(row.worst_score))))
    return out


def wb6_position(scores: pd.DataFrame, references: pd.DataFrame, country: str, name: str) -> Finding | None:
    """Where one country stands against the WB6 mean: axes above, and the axis furthest below."""
    wb6 = references[references["reference"] == "WB6"].set_index("axis_id")["score"]
    own = scores[(scores["country_iso3"] == country) & scores["score"].notna()].copy()
    if own.empty:
        return None
    own["gap"] = own["score"] - own["axis_id"].map(wb6)
    above = int((own["gap"] > 0).sum())
    worst = own.loc[own["gap"].idxmin()]
    text = ngettext("{country} is above the WB6 mean on {k} of {n} axis.",
                    "{country} is above the WB6 mean on {k} of {n} axes.", len(own)).format(
        country=name, k=above, n=len(own))
    if worst["gap"] < 0:
        text += " " + _("Furthest below: {axis} ({s} against a WB6 mean of {m}).").format(
            axis=worst["axis_name"], s=num(worst["score"]), m=num(wb6[worst["axis_id"]]))
    return Finding(text)


def missing_findings(scores: pd.DataFrame, names: dict[str, str], n_axes: int) -> list[Finding]:
    """Countries with axes that have too little data (drawn as gaps)."""
    out = []
    missing = scores[scores["score"].isna()].groupby("country_iso3")["axis_name"].apply(list)
    for iso3, axes in missing.items():
        text = ngettext("{country}: {k} of {n} axis has too little data and is shown as a gap ({axes}).",
                        "{country}: {k} of {n} axes have too little data and are shown as gaps ({axes}).",
                        n_axes).format(country=names[iso3], k=len(axes), n=n_axes, axes=", ".join(axes[:4])
                                       + (" …" if len(axes) > 4 else ""))
        if iso3 in not_covered_by("gitoc_ocindex"):
            text += " " + _("The GI-TOC Organized Crime Index does not cover {country}.").format(country=names[iso3])
        out.append(Finding(text))
    return out


def break_findings(breaks: list[dict], source_ids: list[str], year_a: int, year_b: int) -> list[Finding]:
    """Methodological breaks inside (year_a, year_b] for the sources in use."""
    return [Finding(_(b["text"])) for b in breaks
            if b["source_id"] in source_ids and year_a < b["year"] <= year_b]

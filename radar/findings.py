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
                        previous: int | None, basis_notes: dict[str, str] | None = None, common: bool = False) -> str:
    """One or two sentences for a multi-country view: who leads most axes, and the biggest move.

    `basis_notes` (axis id -> words, from basis_notes()) names the axes on which the countries' scores rest on
    different indicators: those are not counted in "highest on k of n axes", and the headline says so. With
    `common`, the scores are on a common basis and the headline says so."""
    basis_notes = basis_notes or {}
    table = leaders(scores)
    if table.empty:
        return _("No axis has enough data for the selected countries in {year}.").format(year=year)
    like = table[~table["axis_id"].isin(list(basis_notes))]
    unlike = table[table["axis_id"].isin(list(basis_notes))]
    if like.empty:
        text = _("In {year}, no axis scores every selected country on the same indicators.").format(year=year)
    else:
        counts = like["best"].value_counts()
        lows = like["worst"].value_counts()
        if common:
            text = ngettext("In {year}, like for like (each axis on the indicators every country has), {top} "
                            "scores highest on {k} of {n} axis;",
                            "In {year}, like for like (each axis on the indicators every country has), {top} "
                            "scores highest on {k} of {n} axes;", len(like)).format(
                year=year, top=names[counts.index[0]], k=int(counts.iloc[0]), n=len(like))
        elif unlike.empty:
            text = ngettext("In {year}, {top} scores highest on {k} of {n} axis;",
                            "In {year}, {top} scores highest on {k} of {n} axes;", len(like)).format(
                year=year, top=names[counts.index[0]], k=int(counts.iloc[0]), n=len(like))
        else:
            text = ngettext("In {year}, on the {n} axis that scores every country on the same indicators, {top} "
                            "scores highest on {k};",
                            "In {year}, on the {n} axes that score every country on the same indicators, {top} "
                            "scores highest on {k};", len(like)).format(
                year=year, top=names[counts.index[0]], k=int(counts.iloc[0]), n=len(like))
        text += " " + _("{low} scores lowest on {m}.").format(low=names[lows.index[0]], m=int(lows.iloc[0]))
    if not unlike.empty:
        grouped: dict[str, list[str]] = {}
        for axis_id, axis_name in zip(unlike["axis_id"], unlike["axis_name"]):
            grouped.setdefault(basis_notes[axis_id], []).append(axis_name)
        text += " " + ngettext(
            "{n} axis is not counted, because the countries’ scores there rest on different indicators: {why}.",
            "{n} axes are not counted, because the countries’ scores there rest on different indicators: {why}.",
            len(unlike)).format(n=len(unlike), why=" ".join(
                _("{axes}: {note}.").format(axes=", ".join(axes), note=note) for note, axes in grouped.items()
            ).removesuffix("."))
    if previous is not None and not changes.empty:
        move = changes.iloc[0]
        text += " " + _("Biggest move since {prev}: {country}, {axis}, {a} → {b} ({d} points).").format(
            prev=previous, country=names[move["country_iso3"]], axis=move["axis_name"], a=num(move["score_before"]),
            b=num(move["score_after"]), d=num(move["change"], signed=True))
        if bool(move.get("basis_changed", False)):
            text = text[:-1] + " " + _("on the indicators it has in both years.")
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
    text = _("{axis}, {a} → {b}: {country} moved most, {x} → {y} ({d} points).").format(
        axis=axis_name, a=year_a, b=year_b, country=names[row["country_iso3"]], x=num(row["score_before"]),
        y=num(row["score_after"]), d=num(row["change"], signed=True))
    if bool(row.get("basis_changed", False)):
        text += " " + _("Like for like: on the indicators it has in both years; its indicators differ between "
                        "the two years, so the lines drawn may differ.")
    return text


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


def _change_sentence(row: pd.Series, names: dict[str, str], year_a: int, year_b: int,
                     labels: dict[str, str] | None = None, entered_in: dict[tuple[str, str], int] | None = None
                     ) -> str:
    numbers = {"country": names[row["country_iso3"]], "axis": row["axis_name"], "a": num(row["score_before"]),
               "b": num(row["score_after"]), "d": num(row["change"], signed=True), "ya": year_a, "yb": year_b}
    clear = _clear_flag(row)
    if clear is False:
        text = _("{country}, {axis}: {a} → {b} ({d}) between {ya} and {yb} is within the published uncertainty: "
                 "no clear change.").format(**numbers, m=num(Z_90 * row["change_se"]))
        return text + _basis_change_words(row, year_b, labels or {}, entered_in or {})
    if row["change"] > 0:
        text = _("Largest improvement since {ya}: {country}, {axis}, {a} → {b} ({d} points).")
    else:
        text = _("Largest decline since {ya}: {country}, {axis}, {a} → {b} ({d} points).")
    text = text.format(**numbers)
    if clear is True:
        text += " " + _("This exceeds the published 90% margin (±{m}).").format(m=num(Z_90 * row["change_se"]))
    return text + _basis_change_words(row, year_b, labels or {}, entered_in or {})


def _why_basis_changed(row, year_b: int, labels: dict[str, str], entered_in: dict[tuple[str, str], int]
                       ) -> list[str]:
    """['the OC Index enters in 2021', 'WJP 8.1 is no longer used'] for one like-for-like row."""
    why = []
    for named, ids in _by_source(row["entered"], labels):
        first = min(entered_in.get((row["country_iso3"], i), year_b) for i in ids)
        why.append(_("{what} enters in {year}").format(what=named, year=first))
    for named, _ids in _by_source(row["left"], labels):
        why.append(_("{what} is no longer used").format(what=named))
    return why


def _basis_change_words(row, year_b: int, labels: dict[str, str], entered_in: dict[tuple[str, str], int]) -> str:
    """' Computed on the indicators it has in both years (...). The axis score drawn, a → b, is not like for
    like: the OC Index enters in 2021.' for a change whose indicators differ between the years ('' otherwise)."""
    if not bool(row.get("basis_changed", False)):
        return ""
    why = "; ".join(_why_basis_changed(row, year_b, labels, entered_in))
    text = " " + _("Computed on the indicators it has in both years ({indicators}).").format(
        indicators=", ".join(labels.get(i, i) for i in row["paired"]))
    if pd.notna(row.get("all_before")) and pd.notna(row.get("all_after")):
        return text + " " + _("The axis score drawn, {a} → {b}, is not like for like: {why}.").format(
            a=num(row["all_before"]), b=num(row["all_after"]), why=why)
    return text + " " + _("Not like for like with the axis score drawn: {why}.").format(why=why)


def basis_change_note(row, year_b: int, labels: dict[str, str], entered_in: dict[tuple[str, str], int]) -> str:
    """For a list of changes: '' when like for like, else e.g. 'on WJP 8.2, WJP 8.3 only (the OC Index enters
    in 2021; drawn: 51.5 → 39.0)'."""
    if not bool(row.get("basis_changed", False)):
        return ""
    why = _why_basis_changed(row, year_b, labels, entered_in)
    if pd.notna(row.get("all_before")) and pd.notna(row.get("all_after")):
        why.append(_("drawn: {a} → {b}").format(a=num(row["all_before"]), b=num(row["all_after"])))
    return _("on {indicators} only ({why})").format(indicators=", ".join(labels.get(i, i) for i in row["paired"]),
                                                    why="; ".join(why))


def _by_source(indicator_ids, labels: dict[str, str]) -> list[tuple[str, list[str]]]:
    """Indicators grouped by source: a WJP group by its sub-factors ("WJP 8.2, WJP 8.3"), another by its
    source ("the OC Index")."""
    groups: dict[str, list[str]] = {}
    for i in indicator_ids:
        groups.setdefault(source_of_indicator(i), []).append(i)
    return [(sources_words([s]) if s in SOURCE_SHORT and s != "wjp_rol" else ", ".join(labels.get(i, i) for i in ids),
             ids) for s, ids in groups.items()]


def change_findings(change: pd.DataFrame, names: dict[str, str], year_a: int, year_b: int,
                    indicators_of: dict[str, list[str]], labels: dict[str, str] | None = None,
                    entered_in: dict[tuple[str, str], int] | None = None) -> list[Finding]:
    """The largest improvement and the largest decline between two years (each judged against the published
    uncertainty where there is one).

    With a like-for-like frame (scoring.like_for_like_change), the changes are ranked on the indicators each
    country has in both years, and a change whose indicators differ between the years says so in words
    (`labels`: indicator id -> short name; `entered_in`: (country, indicator) -> first year with a value)."""
    moved = change.dropna(subset=["change"])
    moved = moved[moved["change"].abs() > 1e-9]
    out = []
    for pick in (moved[moved["change"] > 0], moved[moved["change"] < 0]):
        if pick.empty:
            continue
        row = pick.loc[pick["change"].abs().idxmax()]
        link = rows_link([row["country_iso3"]], indicators_of.get(row["axis_id"], []), year_a - MAX_LAG, year_b)
        out.append(Finding(_change_sentence(row, names, year_a, year_b, labels, entered_in), link))
    if not out:
        out.append(Finding(_("No axis score changed between {a} and {b}.").format(a=year_a, b=year_b)))
    if "all_before" in change.columns:
        unpaired = change[change["change"].isna() & change["all_before"].notna() & change["all_after"].notna()]
        if not unpaired.empty:
            listed = ", ".join(f"{names[r.country_iso3]} — {r.axis_name}" for r in unpaired.itertuples(index=False))
            out.append(Finding(ngettext(
                "Not compared between {a} and {b}, because too few of its indicators have values in both years: "
                "{axes}.",
                "Not compared between {a} and {b}, because too few of their indicators have values in both years: "
                "{axes}.", len(unpaired)).format(a=year_a, b=year_b, axes=listed)))
    return out


def basis_shift_finding(change: pd.DataFrame, names: dict[str, str], year_a: int, year_b: int,
                        labels: dict[str, str], entered_in: dict[tuple[str, str], int]) -> Finding | None:
    """Where the change drawn (each year on its own indicators) differs most from the like-for-like change:
    the chart's line there moves because indicators entered or left, and this sentence says by how much."""
    if "all_before" not in change.columns:
        return None
    rows = change[change["basis_changed"]].dropna(subset=["change", "all_before", "all_after"])
    if rows.empty:
        return None
    gap = (rows["all_after"] - rows["all_before"] - rows["change"]).abs()
    if gap.max() < 0.05:
        return None
    row = rows.loc[gap.idxmax()]
    return Finding(_("Not like for like on the chart: {country}, {axis} is drawn {a} → {b} ({d} points), but on the "
                     "indicators it has in both {ya} and {yb} ({indicators}) it went {x} → {y} ({e} points): {why}."
                     ).format(country=names[row["country_iso3"]], axis=row["axis_name"], a=num(row["all_before"]),
                              b=num(row["all_after"]), d=num(row["all_after"] - row["all_before"], signed=True),
                              ya=year_a, yb=year_b, indicators=", ".join(labels.get(i, i) for i in row["paired"]),
                              x=num(row["score_before"]), y=num(row["score_after"]), e=num(row["change"], signed=True),
                              why="; ".join(_why_basis_changed(row, year_b, labels, entered_in))))


def common_gap_finding(scores: pd.DataFrame, n_axes: int) -> Finding | None:
    """Under a common basis: the axes left out because too few of their indicators are shared by every shown
    country in every year compared (one sentence instead of one per country)."""
    empty = scores.groupby("axis_id", sort=False).agg(axis_name=("axis_name", "first"),
                                                       none=("score", lambda s: s.isna().all()))
    empty = empty[empty["none"]]
    if empty.empty:
        return None
    return Finding(ngettext(
        "Like for like, {k} of {n} axis is left out: too few of its indicators are shared by every shown country "
        "in every year compared ({axes}).",
        "Like for like, {k} of {n} axes are left out: too few of their indicators are shared by every shown "
        "country in every year compared ({axes}).", n_axes).format(
        k=len(empty), n=n_axes, axes=", ".join(empty["axis_name"])))


def leader_findings(scores: pd.DataFrame, names: dict[str, str], basis_notes: dict[str, str] | None = None
                    ) -> list[Finding]:
    """Leader and laggard on each axis, one sentence per axis; where the countries' scores rest on different
    indicators, the sentence says so (`basis_notes`, axis id -> words)."""
    out = []
    for row in leaders(scores).itertuples(index=False):
        if row.best == row.worst:
            continue
        text = _("{axis}: {best} leads ({bs}), {worst} trails ({ws}).").format(
            axis=row.axis_name, best=names[row.best], bs=num(row.best_score), worst=names[row.worst],
            ws=num(row.worst_score))
        if basis_notes and row.axis_id in basis_notes:
            text += " " + _("Not like for like: {why}.").format(why=basis_notes[row.axis_id])
        out.append(Finding(text))
    return out


# -- which indicators a score rests on, in words --------------------------------------------------------------
SOURCE_SHORT = {"gitoc_ocindex": "OC Index", "wjp_rol": "WJP", "wb_wgi": "WGI", "ti_cpi": "CPI"}
_PREFIXES = {"ocindex_": "gitoc_ocindex", "wjp_": "wjp_rol", "wgi_": "wb_wgi", "cpi_": "ti_cpi"}


def source_of_indicator(indicator_id: str) -> str:
    """The source id of an indicator id of the four sources ('' for another)."""
    return next((s for p, s in _PREFIXES.items() if indicator_id.startswith(p)), "")


def indicator_label(indicator_id: str, name: str) -> str:
    """A short name for an indicator: 'WJP 8.2', 'CPI', 'WGI Control of Corruption', 'OC Index: Prevention'."""
    source = source_of_indicator(indicator_id)
    if source == "wjp_rol":
        return "WJP " + indicator_id.removeprefix("wjp_").replace("_", ".")
    if source == "ti_cpi":
        return "CPI"
    if source == "wb_wgi":
        return "WGI " + name.split(":")[0]
    if source == "gitoc_ocindex":
        return "OC Index: " + name
    return name


def sources_words(sources: list[str] | tuple[str, ...]) -> str:
    """'WJP', 'WJP and WGI', 'the OC Index, WJP and CPI'."""
    words = [(_("the {source}").format(source=SOURCE_SHORT[s]) if s == "gitoc_ocindex" else SOURCE_SHORT.get(s, s))
             for s in sources]
    return words[0] if len(words) == 1 else _("{a} and {b}").format(a=", ".join(words[:-1]), b=words[-1])


def basis_note(basis: pd.DataFrame, names: dict[str, str], labels: dict[str, str]) -> str:
    """In words, how the countries' indicator sets on one axis differ, e.g. "Kosovo's score here rests on WJP
    alone; the others' also on the OC Index". `basis`: rows (country_iso3, indicators, sources) of the
    countries with a score on the axis (scoring.indicator_basis)."""
    sets = basis.groupby("indicators", sort=False)["country_iso3"].apply(list)
    common = max(sets.index, key=lambda k: (len(sets[k]), len(k)))
    parts = []
    for indicators, countries in sets.items():
        if indicators == common:
            continue
        who = _("{a} and {b}").format(a=", ".join(names[c] for c in countries[:-1]), b=names[countries[-1]]) \
            if len(countries) > 1 else names[countries[0]]
        own_sources = sorted({source_of_indicator(i) for i in indicators})
        missing = [i for i in common if i not in indicators]
        extra = [i for i in indicators if i not in common]
        missing_sources = sorted({source_of_indicator(i) for i in missing} - set(own_sources))
        if missing and not extra and missing_sources:
            parts.append(_("{who}’s score here rests on {own} alone; the others’ also on {more}").format(
                who=who, own=sources_words(own_sources), more=sources_words(missing_sources)))
        elif missing and not extra:
            parts.append(_("{who}’s score here lacks {what}, which the others’ include").format(
                who=who, what=", ".join(labels.get(i, i) for i in missing)))
        elif extra and not missing:
            parts.append(_("{who}’s score here also uses {what}, which the others’ lack").format(
                who=who, what=", ".join(labels.get(i, i) for i in extra)))
        else:
            parts.append(_("{who}’s score here rests on {own}; the others’ on {theirs}").format(
                who=who, own=", ".join(labels.get(i, i) for i in indicators),
                theirs=", ".join(labels.get(i, i) for i in common)))
    return "; ".join(parts)


def basis_notes(basis: pd.DataFrame, scores: pd.DataFrame, mixed: frozenset[str] | set[str], names: dict[str, str],
                labels: dict[str, str]) -> dict[str, str]:
    """Axis id -> basis_note, for the `mixed` axes (countries with a score only)."""
    scored = scores.loc[scores["score"].notna(), ["country_iso3", "axis_id"]]
    have = basis.merge(scored, on=["country_iso3", "axis_id"])
    return {axis: basis_note(have[have["axis_id"] == axis], names, labels)
            for axis in scores.drop_duplicates("axis_id")["axis_id"] if axis in mixed}


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

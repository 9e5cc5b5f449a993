"""Change over time: a radar per year with play/step, a slope between two years, and lines per axis."""

from functools import partial

import streamlit as st

from radar import charts, findings, scoring
from radar.i18n import _
from radar.ui import components, data, sidebar, state

VIEWS = {"radar": _("Radar per year"), "slope": _("Slope between two years"), "lines": _("Lines per axis")}
MEAN_AXIS = "_mean"

# 1. What the user chose
sel = sidebar.selection()
fw = data.framework(sel.framework_id)
names = data.country_names()
st.title(_("Change over time"))
view = state.choice_control("view", _("View"), list(VIEWS), "radar", format_func=VIEWS.get, widget="segmented",
                            scope="change")
default_range = (sel.years[max(0, len(sel.years) - 8)], sel.years[-1])
year_from, year_to = state.year_range_control("from", "to", _("Years"), sel.years, default_range)
years = [y for y in sel.years if year_from <= y <= year_to]

# 2. What we ask the store
over_time = data.scores_over_time(sel.framework_id, tuple(years), tuple(sel.countries))
export = components.Export(f"wb-ocr-{sel.framework_id}-{year_from}-{year_to}-{view}", sel.countries, fw.sources,
                           fw.measures)
table = components.score_table(over_time, names).assign(**{_("Year"): over_time["year"].to_numpy()})

# 3. What we draw
if view == "radar":
    fig = charts.animated_radar_figure(over_time, data.countries(), fw.axis_names,
                                       title=f"{fw.short_name}, {year_from}–{year_to}",
                                       subtitle=_("Press ▶ to play, or drag the year slider"), start_year=year_to)
    components.chart(fig, key="change_radar", table=table)
elif view == "slope":
    axes = {MEAN_AXIS: _("Mean of all axes"), **dict(zip(fw.axis_ids, fw.axis_names))}
    axis = state.choice_control("axis", _("Axis"), list(axes), MEAN_AXIS, format_func=axes.get)
    pick = over_time if axis == MEAN_AXIS else over_time[over_time["axis_id"] == axis]
    ends = [pick[pick["year"] == y] for y in (year_from, year_to)]
    change = (scoring.paired_overall_change if axis == MEAN_AXIS else scoring.change_between)(*ends)
    make = partial(charts.slope_figure, change, countries=data.countries(), year_a=year_from, year_b=year_to,
                   title=f"{axes[axis]}: {year_from} → {year_to}", subtitle=fw.short_name)
    components.chart(make, key="change_slope", table=change.assign(country=change["country_iso3"].map(names))[
        ["country", "score_before", "score_after", "change"]].round(1), export=export)
    if axis == MEAN_AXIS:
        st.caption(_("Mean of all axes: unweighted mean over the axes a country has data for in BOTH years, so "
                     "that an axis gaining data never counts as a change."))
else:
    make = partial(charts.lines_figure, over_time, countries=data.countries(), axis_names=fw.axis_names,
                   title=f"{fw.short_name}, {year_from}–{year_to}")
    components.chart(make, key="change_lines", table=table, export=export)

first, last = (over_time[over_time["year"] == y] for y in (year_from, year_to))
span_change = scoring.change_between(first, last)
components.findings_block(
    findings.change_findings(span_change, names, year_from, year_to, fw.indicators_of)
    + findings.break_findings(data.series_breaks(), fw.source_ids, year_from, year_to),
    title=_("Findings, {a} → {b}").format(a=year_from, b=year_to))
components.footnotes(sel.countries, fw.measures, fw.sources)

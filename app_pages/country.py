"""Country profile: one government against the WB6 and EU-27 means, its gaps, strengths, trend and evidence."""

from functools import partial

import streamlit as st

from radar import analysis, charts
from radar.i18n import _
from radar.schema import KOSOVO_FOOTNOTE, WB6
from radar.ui import briefing, components, data, sidebar, state

# 1. What the user chose
sel = sidebar.selection()
fw = data.framework(sel.framework_id)
names = data.country_names()
st.title(_("Country profile"))
country = state.choice_control("country", _("Country"), list(WB6), sel.countries[0], format_func=names.get,
                               widget="segmented")
label = names[country] + ("*" if country == "XKX" else "")
colour = data.countries().set_index("iso3").at[country, "colour"]

# 2. What we ask the store
now = data.year_scores(sel.framework_id, sel.year)
own = now.for_countries([country])
distance = analysis.distance_to_eu(now, country)
over_time = data.scores_over_time(sel.framework_id, tuple(sel.years), (country,))
export = components.Export(f"wb-ocr-{country}-{sel.framework_id}-{sel.year}", [country], fw.sources, fw.measures)

# 3. What we draw
st.header(f"{label}: {fw.short_name}, {sel.year}")
briefing.downloads(country, sel.framework_id, sel.year)
left, right = st.columns([1, 1])
with left:
    make = partial(charts.radar_figure, own, countries=data.countries(), axis_names=fw.axis_names,
                   title=_("{c} against the WB6 and EU-27 means, {y}").format(c=label, y=sel.year),
                   references=now.references,
                   values=now.values_for([country]), height=600)
    components.chart(make, key="country_radar", table=components.score_table(own, names), export=export)
with right:
    make = partial(charts.gap_dot_figure, distance, label, colour,
                   title=_("{c}: distance to the EU on each axis, {y}").format(c=label, y=sel.year),
                   subtitle=_("Country vs WB6 mean, EU-27 mean and weakest EU member"))
    components.chart(make, key="country_gap", export=export, table=distance[[
        "axis_name", "score", "wb6_mean", "eu27_mean", "gap_to_eu27", "eu_weakest", "eu_weakest_score"]].round(1))
components.missing_note(own, names)

ranked = own.dropna(subset=["score"]).sort_values("score")
if not ranked.empty:
    st.subheader(_("Strongest and weakest axes"))
    best, worst = st.columns(2)
    gaps = distance.set_index("axis_id")["gap_to_eu27"]
    for col, head, rows in ((best, _("Strongest"), ranked.tail(2).iloc[::-1]), (worst, _("Weakest"), ranked.head(2))):
        col.markdown(f"**{head}**")
        for r in rows.itertuples(index=False):
            gap = gaps.get(r.axis_id)
            col.markdown(f"- {r.axis_name}: **{r.score:.1f}**/100 "
                         + (_("({gap:+.1f} vs EU-27 mean)").format(gap=gap) if gap == gap else ""))

st.subheader(_("Trend"))
make = partial(charts.lines_figure, over_time, countries=data.countries(), axis_names=fw.axis_names,
               title=f"{label}: {fw.short_name}")
components.chart(make, key="country_trend", export=export, table=components.score_table(over_time, names).assign(
    **{_("Year"): over_time["year"].to_numpy()}))

st.subheader(_("Every indicator behind each axis"))
values = now.values_for([country])
st.dataframe(
    values[["axis_name", "indicator_name", "value", "unit", "year", "edition", "score", "source", "source_url"]]
    .rename(columns={"axis_name": _("Axis"), "indicator_name": _("Indicator"), "value": _("Raw value"),
                     "unit": _("Unit"), "year": _("Year used"), "edition": _("Edition"), "score": _("Score"),
                     "source": _("Source"), "source_url": _("Link")}).round({_("Score"): 1}),
    hide_index=True, width="stretch",
    column_config={_("Link"): st.column_config.LinkColumn(_("Link"), display_text=_("publisher"))},
)
if country == "XKX":
    st.caption(_(KOSOVO_FOOTNOTE))

"""Compare countries: any framework, countries and year, as radar, small multiples, heat map or table."""

from functools import partial

import streamlit as st

from radar import charts, findings
from radar.i18n import _
from radar.ui import components, data, sidebar, state

VIEWS = {"radar": _("Radar"), "multiples": _("Small multiples"), "heatmap": _("Heat map"), "table": _("Table")}

# 1. What the user chose
sel = sidebar.selection()
fw = data.framework(sel.framework_id)
names = data.country_names()
st.title(_("Compare countries"))
view = state.choice_control("view", _("View"), list(VIEWS), "radar", format_func=VIEWS.get, widget="segmented",
                            scope="compare")

# 2. What we ask the store
now = data.year_scores(sel.framework_id, sel.year)
scores = now.for_countries(sel.countries)
values = now.values_for(sel.countries)
export = components.Export(f"wb-ocr-{sel.framework_id}-{sel.year}-{view}", sel.countries, fw.sources, fw.measures)
table = components.score_table(scores, names)
title = f"{fw.short_name}, {sel.year}"

# 3. What we draw
if view == "radar":
    bands = len(sel.countries) <= 2 and scores["se"].notna().any()
    subtitle = _("Dashed: WB6 mean · dotted: EU-27 mean") + (" · " + _("shaded: published 90% margin") if bands else "")
    make = partial(charts.radar_figure, scores, countries=data.countries(), axis_names=fw.axis_names, title=title,
                   subtitle=subtitle, references=now.references, values=values, bands=bands)
    components.chart(make, key="compare_radar", table=table, export=export)
elif view == "multiples":
    cols = st.columns(3)
    wb6_ref = now.references[now.references["reference"] == "WB6"]
    for i, iso3 in enumerate(sel.countries):
        one = now.for_countries([iso3])
        label = names[iso3] + ("*" if iso3 == "XKX" else "")
        fig = charts.radar_figure(one, data.countries(), fw.axis_names, title=label,
                                  references=wb6_ref, values=now.values_for([iso3]), height=430,
                                  show_legend=False, label_wrap=14)
        with cols[i % 3]:
            components.chart(fig, key=f"compare_multiple_{iso3}")
    st.caption(_("Each panel: one country (solid) against the WB6 mean (dashed)."))
    with st.expander(_("Data table for these charts")):
        st.dataframe(table, hide_index=True, width="stretch")
elif view == "heatmap":
    make = partial(charts.heatmap_figure, scores, countries=data.countries(), axis_names=fw.axis_names, title=title,
                   subtitle=_("Score 0–100, darker = lower; empty cell = not enough data"), values=values)
    components.chart(make, key="compare_heatmap", table=table, export=export)
else:
    wide = scores.assign(country=scores["country_iso3"].map(names)).pivot(
        index="axis_name", columns="country", values="score").reindex(fw.axis_names).round(1)
    wide = wide[[names[c] for c in sel.countries]]
    refs = now.references.pivot(index="axis_name", columns="reference", values="score").round(1)
    wide[_("WB6 mean")] = refs["WB6"]
    wide[_("EU-27 mean")] = refs["EU27"]
    st.subheader(title)
    st.dataframe(wide, width="stretch")
    st.caption(_("Empty cell = not enough data for that axis (never zero)."))
    with st.expander(_("Values behind each score")):
        st.dataframe(values.assign(country=values["country_iso3"].map(names))[
            ["country", "axis_name", "indicator_name", "value", "unit", "year", "score", "source"]
        ].round({"score": 1}), hide_index=True, width="stretch")

headline = findings.comparison_headline(scores, scores.iloc[0:0], names, sel.year, None)
components.findings_block([findings.Finding(headline), *findings.missing_findings(scores, names, len(fw.axis_ids))],
                          title=_("Findings"))
with st.expander(_("Leader and laggard on each axis")):
    components.findings_block(findings.leader_findings(scores, names))
components.missing_note(scores, names)
components.footnotes(sel.countries, fw.measures, fw.sources)

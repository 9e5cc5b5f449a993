"""Compare countries: any framework, countries and year, as radar, small multiples, heat map or table."""

import streamlit as st

from radar import findings
from radar.i18n import _
from radar.ui import components, data, draw, evidence
from radar.ui.context import PageContext, view_control


def render(ctx: PageContext) -> None:
    sel = ctx.selection
    fw = data.framework(sel.framework_id)
    names = data.country_names()
    st.title(_("Compare countries"))
    view = view_control(ctx)
    spec = ctx.spec(view)
    shown, notes = draw.view(spec), draw.notes(spec)
    draw.show(shown, key="compare_multiple" if view == "multiples" else f"compare_{view}")
    if view == "multiples":
        st.caption(shown.built.subtitle)
    elif view == "table":
        st.caption(_("Empty cell = not enough data for that axis (never zero)."))
        values = evidence.with_levels(data.year_scores(sel.framework_id, sel.year).values_for(sel.countries))
        with st.expander(_("Values behind each score")):
            st.dataframe(values.assign(country=values["country_iso3"].map(names))[
                ["country", "axis_name", "indicator_name", "value", "level", "unit", "year", "score", "source"]
            ].round({"score": 1}), hide_index=True, width="stretch")  # level: an ordinal value's label

    components.findings_block([findings.Finding(shown.built.finding), *notes.findings], title=_("Findings"))
    with st.expander(_("Leader and laggard on each axis")):
        components.findings_block(list(notes.leaders))
    components.gaps_note(notes.gaps)
    components.footnotes(sel.countries, fw.measures, fw.sources)

"""Country profile: one government against the WB6 and EU-27 means, its gaps, strengths, trend and evidence."""

from dataclasses import replace

import pandas as pd
import streamlit as st

from radar import analysis, countries
from radar.i18n import _
from radar.text import plain
from radar.ui import briefing, components, data, draw, evidence
from radar.ui.context import PageContext, country_control


def render(ctx: PageContext) -> None:
    sel = ctx.selection
    fw = data.framework(sel.framework_id)
    names = data.country_names()
    st.title(_("Country profile"))
    country = country_control(ctx)
    label = countries.label(country, names[country])
    spec = ctx.spec(countries=(country,), country=country)
    now = data.year_scores(sel.framework_id, sel.year)

    st.header(f"{label}: {fw.short_name}, {sel.year}")
    briefing.downloads(country, sel.framework_id, sel.year, sel.basis)
    left, right = st.columns([1, 1])
    with left:
        draw.show(draw.view(spec), key="country_radar")
    with right:
        draw.show(draw.view(replace(spec, view="gap")), key="country_gap")
    components.gaps_note(draw.notes(spec).gaps)

    strongest, weakest = analysis.strongest_and_weakest(analysis.distance_to_eu(now, country))
    if not strongest.empty:
        st.subheader(_("Strongest and weakest axes"))
        for col, head, rows in zip(st.columns(2), (_("Strongest"), _("Weakest")), (strongest, weakest)):
            col.markdown(f"**{head}**")
            for r in rows.itertuples(index=False):
                col.markdown(f"- {plain(r.axis_name)}: **{r.score:.1f}**/100 "
                             + ("" if pd.isna(r.gap_to_eu27) else
                                _("({gap:+.1f} vs EU-27 mean)").format(gap=r.gap_to_eu27)))

    st.subheader(_("Trend"))
    draw.show(draw.view(replace(spec, view="trend")), key="country_trend")

    evidence.why_these_scores(country, label, sel.framework_id, sel.year)  # the network's scores with reasons

    st.subheader(_("Every indicator behind each axis"))
    values = evidence.profile_values(country, sel.framework_id, sel.year)
    st.dataframe(
        values[["axis_name", "indicator_name", "value", "level", "unit", "year", "edition", "score", "source",
                "source_url"]]
        .rename(columns={"axis_name": _("Axis"), "indicator_name": _("Indicator"), "value": _("Raw value"),
                         "level": _("Level"),
                         "unit": _("Unit"), "year": _("Year used"), "edition": _("Edition"), "score": _("Score"),
                         "source": _("Source"), "source_url": _("Link")}).round({_("Score"): 1}),
        hide_index=True, width="stretch",
        column_config={_("Link"): st.column_config.LinkColumn(_("Link"), display_text=_("publisher"))},
    )
    for footnote in countries.footnotes([country]):
        st.caption(plain(_(footnote)))

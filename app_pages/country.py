"""Country profile: one government against the WB6 and EU-27 means, its gaps, strengths, trend and evidence."""

from dataclasses import replace

import streamlit as st

from radar import countries
from radar.i18n import _
from radar.text import plain
from radar.ui import briefing, components, data, draw, evidence
from radar.ui.context import PageContext, country_control, page_part


def render(ctx: PageContext) -> None:
    st.title(_("Country profile"))
    profile(ctx)


@page_part
def profile(ctx: PageContext) -> None:
    """The chosen government's profile: picking another government reruns only this part of the page."""
    sel = ctx.selection
    fw = data.framework(sel.framework_id)
    names = data.country_names()
    country = country_control(ctx)
    label = countries.label(country, names[country])
    spec = ctx.spec(countries=(country,), country=country)

    st.header(f"{label}: {fw.short_name}, {sel.year}")
    briefing.downloads(country, sel.framework_id, sel.year, sel.basis)
    left, right = st.columns([1, 1])
    with left:
        draw.show(draw.view(spec), key="country_radar")
    with right:
        draw.show(draw.view(replace(spec, view="gap")), key="country_gap")
    notes = draw.notes(spec)
    components.gaps_note(notes.gaps)

    if notes.strongest:
        st.subheader(_("Strongest and weakest axes"))
        for col, head, rows in zip(st.columns(2), (_("Strongest"), _("Weakest")), (notes.strongest, notes.weakest)):
            col.markdown(f"**{head}**")
            for axis_name, score, gap in rows:
                col.markdown(f"- {plain(axis_name)}: **{score:.1f}**/100 "
                             + ("" if gap is None else _("({gap:+.1f} vs EU-27 mean)").format(gap=gap)))

    st.subheader(_("Trend"))
    draw.show(draw.view(replace(spec, view="trend")), key="country_trend")

    evidence.why_these_scores(country, label, sel.framework_id, sel.year)  # the network's scores with reasons

    st.subheader(_("Every indicator behind each axis"))
    st.dataframe(evidence.profile_values(country, sel.framework_id, sel.year), hide_index=True, width="stretch",
                 column_config={_("Link"): st.column_config.LinkColumn(_("Link"), display_text=_("publisher"))})
    for footnote in countries.footnotes([country]):
        st.caption(plain(_(footnote)))

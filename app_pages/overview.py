"""Overview: the latest picture at a glance: six governments on one radar, what changed, coverage, sources."""

import streamlit as st

from radar import analysis, findings, scoring
from radar.i18n import _, num
from radar.schema import WB6
from radar.text import plain
from radar.ui import components, data, draw
from radar.ui.context import PageContext


def render(ctx: PageContext) -> None:
    sel = ctx.selection
    fw = data.framework(sel.framework_id)
    names = data.country_names()

    # What we ask the store
    now = data.year_scores(sel.framework_id, sel.year)
    prev_year = analysis.previous_year(sel.years, sel.year)
    before = data.year_scores(sel.framework_id, prev_year) if prev_year else None
    scores = now.for_countries(sel.countries)

    # What we draw
    st.title(_("Western Balkans Organized Crime Radar"))
    st.markdown(_("How the six Western Balkan governments perform against organized crime, on the road to EU "
                  "accession (Chapter 24) — independent, published evidence, compared with the EU-27."))
    shown = draw.view(ctx.spec())
    draw.show(shown, key="overview_radar")
    components.missing_note(scores, names)
    components.footnotes(sel.countries, fw.measures, fw.sources)

    st.subheader(_("Findings"))
    change = scoring.change_between(before.for_countries(sel.countries), scores) if before else None
    changes_top = analysis.biggest_changes(before, now, sel.countries, n=6) if before else scores.iloc[0:0]
    items = [findings.Finding(shown.built.finding)]
    if change is not None:
        items += findings.change_findings(change, names, prev_year, sel.year, fw.indicators_of)
    items += findings.missing_findings(scores, names, len(fw.axis_ids))
    if prev_year:
        items += findings.break_findings(data.series_breaks(), fw.source_ids, prev_year, sel.year)
    components.findings_block(items)

    st.subheader(_("What changed since the previous edition"))
    if before is None:
        st.write(_("No earlier year with data for this framework."))
    elif changes_top.empty:
        st.write(_("No axis score changed between {a} and {b}.").format(a=prev_year, b=sel.year))
    else:
        st.caption(_("Largest score changes, {a} → {b} (points on the 0–100 scale).").format(a=prev_year,
                                                                                            b=sel.year))
        for row in changes_top.itertuples(index=False):
            arrow = "▲" if row.change > 0 else "▼"
            note = " — " + _("within the published uncertainty: no clear change") if row.clear is False else ""
            st.markdown(f"- {arrow} **{plain(names[row.country_iso3])}**, {plain(row.axis_name)}: "
                        f"{num(row.score_before)} → {num(row.score_after)} (**{num(row.change, signed=True)}**)"
                        f"{plain(note)}")

    st.subheader(_("Coverage"))
    covered = scores.groupby("country_iso3")["score"].count()
    st.markdown("  \n".join(
        f"**{plain(names[c])}**: {covered.get(c, 0)} / {len(fw.axis_ids)} " + plain(_("axes with enough data"))
        for c in sel.countries if c in WB6
    ))

    st.subheader(_("Where the numbers come from"))
    src = data.sources()
    components.sources_list(src[src["source"].isin(fw.sources)])


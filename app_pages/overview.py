"""Overview: the latest picture at a glance: six governments on one radar, what changed, coverage, sources."""

import streamlit as st

from radar import findings
from radar.i18n import _
from radar.text import plain
from radar.ui import components, data, draw
from radar.ui.context import PageContext


def render(ctx: PageContext) -> None:
    sel = ctx.selection
    fw = data.framework(sel.framework_id)
    spec = ctx.spec()
    shown, notes = draw.view(spec), draw.notes(spec)

    st.title(_("Western Balkans Organized Crime Radar"))
    st.markdown(_("How the six Western Balkan governments perform against organized crime, on the road to EU "
                  "accession (Chapter 24) — independent, published evidence, compared with the EU-27."))
    draw.show(shown, key="overview_radar")
    components.gaps_note(notes.gaps)
    components.footnotes(sel.countries, fw.measures, fw.sources)

    st.subheader(_("Findings"))
    headline = findings.Finding(shown.built.finding)
    components.findings_block([headline, *notes.findings, *notes.breaks])

    st.subheader(_("What changed since the previous edition"))
    prev_year = notes.previous_year
    if prev_year is None:
        st.write(_("No earlier year with data for this framework."))
    elif not notes.changes:
        st.write(_("No axis score changed between {a} and {b}.").format(a=prev_year, b=sel.year))
    else:
        st.caption(_("Largest score changes, {a} → {b} (points on the 0–100 scale).").format(a=prev_year,
                                                                                            b=sel.year))
        st.markdown("\n".join(
            f"- {'▲' if row.rising else '▼'} **{plain(row.country)}**, {plain(row.axis)}: {row.before} → "
            f"{row.after} (**{row.change}**)"
            + (plain(" — " + _("within the published uncertainty: no clear change"))
               if row.within_uncertainty else "") + (plain(" — " + row.note) if row.note else "")
            for row in notes.changes))

    st.subheader(_("Coverage"))
    st.markdown("  \n".join(f"**{plain(name)}**: {n} / {notes.n_axes} " + plain(_("axes with enough data"))
                            for name, n in notes.coverage))

    st.subheader(_("Where the numbers come from"))
    components.sources_list(tuple(fw.sources))

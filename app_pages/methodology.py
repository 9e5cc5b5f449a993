"""Methodology and sources: each source's terms, each framework's mapping, the rules, and coverage."""

from functools import partial
from pathlib import Path

import streamlit as st

from radar import charts, i18n
from radar.i18n import _, ngettext, num
from radar.schema import WB6
from radar.ui import components, data, sources_panel

DIRECTION = {True: _("higher = better"), False: _("higher = worse")}
MEASURES = {"performance": _("government performance"), "threat": _("the threat a government faces")}
DOCS = Path(__file__).resolve().parent.parent / "docs"
METHOD_TEXT = DOCS / f"methodology.{i18n.language()}.md"
if not METHOD_TEXT.is_file():
    METHOD_TEXT = DOCS / "methodology.md"  # English, the source text

# 1. What the user chose: nothing but the sidebar's framework (the mapping shown first)
names = data.country_names()
frameworks = data.frameworks()

# 2. What we ask the store
src = data.sources()
indicators = data.indicators()
coverage = data.coverage(tuple(WB6))

# 3. What we draw
st.title(_("Methodology and sources"))
tab_sources, tab_frameworks, tab_rules, tab_coverage = st.tabs(
    [_("Sources"), _("Frameworks"), _("Scoring rules"), _("Coverage")])

with tab_sources:
    st.subheader(_("Editions at a glance"))
    sources_panel.sources_panel()
    for row in src.itertuples(index=False):
        scale = indicators[indicators["source_id"] == row.source_id]
        scales = sorted({_("{lo} to {hi} ({direction})").format(lo=num(r.scale_min, 0 if r.scale_min == int(
                             r.scale_min) else 1), hi=num(r.scale_max, 0 if r.scale_max == int(r.scale_max) else 1),
                             direction=DIRECTION[r.higher_is_better])
                         for r in scale.itertuples()})
        st.subheader(row.source)
        st.markdown("\n".join([
            _("- **Years:** {a}–{b} · **Indicators:** {n} · **Values:** {v}").format(
                a=row.first_year, b=row.last_year, n=row.n_indicators, v=num(row.n_observations, 0)),
            _("- **Editions:** {e}").format(e=row.editions),
            _("- **Scale and direction:** {s}").format(s="; ".join(scales)),
            _("- **Licence:** {l}").format(l=row.licence),
            _("- **How to cite:** {c}").format(c=f"{row.citation} [{row.source_url}]({row.source_url})"),
        ]))

with tab_frameworks:
    for fw_row in frameworks.itertuples(index=False):
        fw = data.framework(fw_row.framework_id)
        heading = ngettext("{name} — {n} axis", "{name} — {n} axes", len(fw.axis_ids)).format(
            name=fw.name, n=len(fw.axis_ids))
        with st.expander(heading, expanded=fw_row.framework_id == "wbocr"):
            st.markdown(fw.description)
            rule = _("an axis needs {p:.0%} of its weight to have data").format(p=fw.min_coverage)
            st.caption(_("Measures: {m}; {rule}.").format(m=MEASURES[fw.measures], rule=rule))
            table = fw.axes.assign(scale=fw.axes["scale_min"].map("{:g}".format) + "–"
                                   + fw.axes["scale_max"].map("{:g}".format),
                                   direction=fw.axes["higher_is_better"].map(DIRECTION))
            st.dataframe(table[["axis_order", "axis_name", "indicator_id", "indicator_name", "weight", "source",
                                "scale", "direction", "axis_rationale"]],
                         hide_index=True, width="stretch")

with tab_rules:
    st.markdown(METHOD_TEXT.read_text(encoding="utf-8"))

with tab_coverage:
    st.markdown(_("Which source covers which country in which year. A blue cell gives the number of indicators "
                  "published; **×** = not covered by that source (no data, which is not a low score)."))
    years = sorted(coverage["year"].unique().tolist())
    make = partial(charts.coverage_figure, coverage, countries=data.countries()[data.countries()["iso3"].isin(WB6)],
                   years=years, title=_("Coverage: country × year × source (WB6)"))
    components.chart(make, key="coverage", table=coverage.assign(country=coverage["country_iso3"].map(names)),
                     export=components.Export("wb-ocr-coverage", list(WB6), sorted(coverage["source"].unique())))

"""Methodology and sources: each source's terms, each framework's mapping, the rules, and coverage."""

import re
from pathlib import Path

import streamlit as st

from radar.i18n import _, ngettext
from radar.text import plain
from radar.ui import data, draw, keys, sources_panel
from radar.ui.context import PageContext

DOCS = Path(__file__).resolve().parent.parent / "docs"


def method_text(language: str) -> Path:
    """The methodology in `language`, else in English (the source text)."""
    translated = DOCS / f"methodology.{language}.md"
    return translated if translated.is_file() else DOCS / "methodology.md"


def render(ctx: PageContext) -> None:
    # 1. What the user chose: nothing but the sidebar's framework (the mapping shown first)
    DIRECTION = {k: _(v) for k, v in sources_panel.DIRECTION.items()}
    MEASURES = {"performance": _("government performance"), "threat": _("the threat a government faces")}
    frameworks = data.frameworks()

    # 2. What we draw (what we ask the store is cached: radar.ui.data, radar.ui.sources_panel)
    st.title(_("Methodology and sources"))
    # Only the open tab's content is drawn and sent (switching tabs is a rerun): the four together were the
    # largest page the Radar sent.
    tab_sources, tab_frameworks, tab_rules, tab_coverage = st.tabs(
        [_("Sources"), _("Frameworks"), _("Scoring rules"), _("Coverage")], key=keys.METHOD_TAB, on_change="rerun")

    with tab_sources:
        if tab_sources.open:
            st.subheader(_("Editions at a glance"))
            sources_panel.sources_panel()
            for heading, text in sources_panel.source_sections(data.version(), ctx.language):
                st.subheader(plain(heading), anchor=False)
                st.markdown(text)

    with tab_frameworks:
        if tab_frameworks.open:
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
        if tab_rules.open:
            # without the translation's first line, an HTML comment naming the English text it translates
            st.markdown(re.sub(r"<!--.*?-->\n?", "", method_text(ctx.language).read_text(encoding="utf-8"), flags=re.S))

    with tab_coverage:
        if tab_coverage.open:
            st.markdown(_("Which source covers which country in which year. A blue cell gives the number of indicators "
                          "published; **×** = not covered by that source (no data, which is not a low score)."))
            draw.show(draw.view(ctx.spec("coverage")), key="coverage")

"""Part 5: the bytes each page sends to the browser (ForwardMsgs over the websocket), split into figures
(plotly JSON), tables (Arrow data frames), widgets, text and the rest, for each page's default view opened as
a link, for the other views of the pages that have them, and for one control change (with the browser's
message cache: a figure the browser already has comes back as a reference).

Baseline: the 100 KB budget of a default view (ratio = bytes / 100 KB); tables: the largest one sent, in
cells (rows x columns), against a budget of 5,000 cells ("no table of more than a few thousand cells").
The JavaScript bundle (served once, then cached by the browser) is not counted.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bench import common
from bench.common import PartResult, Server, Target
from bench.plans import PLANS
from bench.wsclient import RunResult, Session

BUDGET_BYTES = 100 * 1024
MAX_CELLS = 5_000
ALL_KEPT = "ALB,BIH,XKX,MNE,MKD,SRB,AUT,BEL,BGR,HRV,CYP,CZE,DNK,EST,FIN,FRA,DEU,GRC,HUN,IRL,ITA,LVA,LTU,LUX,MLT,NLD," \
           "POL,PRT,ROU,SVK,SVN,ESP,SWE"


@dataclass(frozen=True)
class View:
    page: str  # page name (bench.common.PAGES)
    query: str  # the link's query string
    default: bool
    name: str = ""

    @property
    def label(self) -> str:
        return self.name or self.page + (f"?{self.query}" if self.query else "")


VIEWS = [View(p, "", True) for p in common.PAGES] + [
    View("compare", "view=multiples", False), View("compare", "view=heatmap", False),
    View("compare", "view=table", False), View("change", "view=slope", False), View("change", "view=lines", False),
    View("data", f"dc={ALL_KEPT}", False, "data?dc=(all 33 countries)"),
]


async def measure(server: Server, view: View) -> tuple[RunResult, RunResult | None]:
    """Open the view as a link in a new session; then, for default views, one change of the page's control."""
    async with Session(server.ws, PLANS[view.page].page, view.query) as session:
        opened = await session.open()
        if not view.default:
            return opened, None
        plan = PLANS[view.page]
        value = plan.values(session.widgets[plan.key], 1)[0]
        return opened, await session.change(plan.key, value)


def run(quick: bool) -> PartResult:
    views = [v for v in VIEWS if v.default][:3] if quick else VIEWS
    results: dict[str, tuple[RunResult, RunResult | None]] = {}
    with common.streamlit_server(common.APP, name="payload") as server:
        for view in views:
            common.log(f"payload: {view.label}")
            results[view.label] = asyncio.run(measure(server, view))
    return report(views, results)


def _split(run: RunResult) -> list[str]:
    k = run.bytes_by_kind
    other = run.bytes_total - k.get("figures", 0) - k.get("tables", 0) - k.get("widgets", 0)
    return [common.kb(run.bytes_total), common.kb(k.get("figures", 0)), common.kb(run.figure_json_bytes),
            common.kb(k.get("tables", 0)), str(max(run.table_cells, default=0)), common.kb(k.get("widgets", 0)),
            common.kb(other)]


def report(views: list[View], results: dict[str, tuple[RunResult, RunResult | None]]) -> PartResult:
    rows, targets, printed = [], [], []
    worst_default = max((results[v.label][0].bytes_total, v.label) for v in views if v.default)
    worst_cells = max((max(results[v.label][0].table_cells, default=0), v.label) for v in views)
    for view in views:
        opened, changed = results[view.label]
        share = opened.bytes_total / BUDGET_BYTES
        rows.append([view.label, "open" + (" (default view)" if view.default else ""), *_split(opened),
                     f"**{common.x(share)}**" if view.default else common.x(share), len(opened.errors)])
        if changed is not None:
            rows.append([view.label, f"change {PLANS[view.page].key}", *_split(changed),
                         common.x(changed.bytes_total / BUDGET_BYTES), len(changed.errors)])
        if view.default:
            printed.append(f"payload {view.label}: {common.kb(opened.bytes_total)} = {common.x(share)} of the "
                           f"100 KB budget; largest table {max(opened.table_cells, default=0)} cells")
    errors = sum(len(o.errors) + (len(c.errors) if c else 0) for o, c in results.values())
    targets.append(Target("5 payload", f"largest default view ({worst_default[1]})", "< 100 KB",
                          common.kb(worst_default[0]), worst_default[0] < BUDGET_BYTES and errors == 0))
    targets.append(Target("5 payload", f"largest table sent, any view measured ({worst_cells[1]})",
                          f"<= {MAX_CELLS:,} cells", f"{worst_cells[0]:,} cells", worst_cells[0] <= MAX_CELLS))
    md = "\n\n".join([
        "Bytes of the ForwardMsgs one session received for one script run (protobuf, as sent over the "
        "websocket, before compression). figures = the plotly messages (the figure JSON inside them in the next "
        "column); tables = the Arrow data frames; cells = the largest table sent, rows x columns (index included); "
        "other = text, layout and session messages. A change is made with the browser's message cache, so an "
        "unchanged figure costs a reference. Ratio = bytes / 100 KB.",
        common.table(["view", "run", "total", "figures", "figure JSON", "tables", "largest table (cells)",
                      "widgets", "other", "of 100 KB", "errors"], rows),
    ])
    return PartResult("payload", "5. Payload: bytes sent to the browser per page", md, targets, printed)

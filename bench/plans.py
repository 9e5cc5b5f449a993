"""What a user does on each page in the benchmarks: which control they change, and through which values.

Each plan names a widget by its user key (the id's suffix, e.g. `w_y` for the sidebar year) and derives the
sequence of values from the widget's options as the server sent them, so the plans follow the data.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench.wsclient import Widget


@dataclass(frozen=True)
class Plan:
    page: str  # the page's url path ("" is the default page, the overview)
    key: str  # user key of the widget changed
    sidebar: bool
    how: str  # "year back" | "window back" | "cycle"
    window: int = 8

    @property
    def name(self) -> str:
        return self.page or "overview"

    def values(self, widget: Widget, n: int) -> list[list[str]]:
        """`n` values to step through, none equal to the page's default, as formatted options."""
        opts = widget.options
        if self.how == "year back":  # the presenter steps back through the years, newest first
            return [[opts[-2 - (i % (len(opts) - 1))]] for i in range(n)]
        if self.how == "window back":  # a range of `window` years slid back one year at a time
            span = min(self.window, len(opts) - n - 1)
            return [[opts[-1 - span - 1 - i], opts[-1 - 1 - i]] for i in range(n)]
        # cycle through the other options
        return [[opts[1 + (i % (len(opts) - 1))]] for i in range(n)]


PLANS = {
    "overview": Plan("", "w_y", True, "year back"),
    "compare": Plan("compare", "w_y", True, "year back"),
    "change": Plan("change", "w_from_to", False, "window back", window=8),
    "country": Plan("country", "w_country", False, "cycle"),
    "data": Plan("data", "w_y0_y1", False, "window back", window=10),
    "methodology": Plan("methodology", "w_fw", True, "cycle"),
}

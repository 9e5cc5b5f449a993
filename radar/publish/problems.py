"""The one shape of every validation error: which file, sheet, row and column, and what was expected."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pandas as pd

PROBLEM_FIELDS = ("file", "sheet", "row", "column", "message")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an import. `row` is the row number as a spreadsheet shows it (1 = first row; in a JSON
    Lines file, the line); None when the problem is the whole file or the place has no row."""

    file: str
    sheet: str | None
    row: int | str | None
    column: str | None
    message: str

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def __str__(self) -> str:
        where = [f"sheet {self.sheet}" if self.sheet else "", f"row {self.row}" if self.row is not None else "",
                 f"column {self.column}" if self.column else ""]
        return f"{self.file}: " + ", ".join(w for w in where if w) + (": " if any(where) else "") + self.message


class ImportRejected(ValueError):
    """An import that cannot be published, with every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s): " + "; ".join(str(p) for p in problems[:3]))
        self.problems = problems


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    """The problems as a table (one row each, the five fields as columns), e.g. for the page."""
    return pd.DataFrame([p.as_dict() for p in problems], columns=list(PROBLEM_FIELDS)).astype({"row": "object"})

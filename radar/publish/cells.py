"""One template cell read as what its column needs (number, year, flag, text, ordinal scale levels), or a CellError
that says what was expected; and an indicator's published scale with the problem a value has on it."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from radar.ingest import template as tpl
from radar.ingest.template import Formula

TRUE_WORDS, FALSE_WORDS = {"true", "yes", "y", "1"}, {"false", "no", "n", "0"}
MAX_TEXT = 2000  # characters of an evidence sentence or description
FORMULA_MESSAGE = ("a formula ({formula}) instead of a value: paste the value instead (Excel: Copy, then Paste "
                   "Special > Values)")


class CellError(ValueError):
    """A cell that does not hold what its column needs; the message says what was expected."""


# ---- cells ---------------------------------------------------------------------------------------------------------

_THOUSANDS_COMMA = re.compile(r"[+-]?[1-9]\d{0,2}(,\d{3})+")
_THOUSANDS_DOT = re.compile(r"[+-]?[1-9]\d{0,2}(\.\d{3})+")


def parse_number(cell: object, decimal_comma: bool = False) -> float | None:
    """The number in a cell (None when blank). A decimal comma is read where it cannot be a thousands separator,
    or where the file's locale uses it (`decimal_comma`: a CSV separated by semicolons or tabs)."""
    if cell is None:
        return None
    if isinstance(cell, Formula):
        raise CellError(FORMULA_MESSAGE.format(formula=cell[:40]))
    if isinstance(cell, bool):
        raise CellError(f"{cell} is not a number")
    if isinstance(cell, int | float):
        if not math.isfinite(cell):
            raise CellError(f"{cell} is not a finite number")
        return float(cell)
    text = str(cell).strip().replace("\u2212", "-").replace("\u00a0", "").replace(" ", "")
    if not text:
        return None
    if re.fullmatch(r"[+-]?(\d+(\.\d+)?|\.\d+)", text):
        if decimal_comma and _THOUSANDS_DOT.fullmatch(text):
            raise CellError(f"'{text}' is ambiguous in a file that uses decimal commas (thousands separator or "
                            "decimal point?): write it without a thousands separator")
        return float(text)
    if re.fullmatch(r"[+-]?\d+,\d+", text):
        if not decimal_comma and _THOUSANDS_COMMA.fullmatch(text):
            raise CellError(f"'{text}' is ambiguous (thousands separator or decimal comma?): write decimals with "
                            "a dot and no thousands separator")
        return float(text.replace(",", "."))
    if "," in text and "." in text:
        raise CellError(f"'{text}' mixes '.' and ',': write the number without a thousands separator")
    raise CellError(f"'{str(cell).strip()[:40]}' is not a number")


def parse_year(cell: object) -> int | None:
    if cell is None:
        return None
    if isinstance(cell, Formula):
        raise CellError(FORMULA_MESSAGE.format(formula=cell[:40]))
    if isinstance(cell, int | float) and not isinstance(cell, bool) and float(cell).is_integer():
        return int(cell)
    text = str(cell).strip()
    if re.fullmatch(r"\d{4}(\.0+)?", text):
        return int(float(text))
    raise CellError(f"'{text[:40]}' is not a year: expected four digits, e.g. 2025")


def parse_bool(cell: object) -> bool | None:
    if cell is None:
        return None
    if isinstance(cell, Formula):
        raise CellError(FORMULA_MESSAGE.format(formula=cell[:40]))
    if isinstance(cell, bool):
        return cell
    text = str(cell).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    raise CellError(f"'{text[:40]}' is not true or false")


def parse_text(cell: object, limit: int = MAX_TEXT) -> str | None:
    if cell is None:
        return None
    if isinstance(cell, Formula):
        raise CellError(FORMULA_MESSAGE.format(formula=cell[:40]))
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    text = " ".join(str(cell).split())
    if len(text) > limit:
        raise CellError(f"text of {len(text)} characters, over the limit of {limit}")
    return text or None


def parse_labels(text: str | None) -> dict[float, str] | None:
    """An ordinal scale '1=Early stage|2=Some level of preparation|...' as level -> label (None when blank)."""
    if not text:
        return None
    levels: dict[float, str] = {}
    for part in text.split("|"):
        level, sep, label = part.partition("=")
        if not sep or not label.strip():
            raise CellError(f"'{part.strip()[:40]}' is not 'level=label' (e.g. {tpl.EC_PREPARATION_LABELS[:40]}...)")
        number = parse_number(level.strip())
        if number is None or number in levels:
            raise CellError(f"level '{level.strip()}' is blank or repeated")
        levels[number] = label.strip()
    if len(levels) < 2:
        raise CellError("an ordinal scale needs at least two levels")
    return dict(sorted(levels.items()))


def labels_text(levels: dict[float, str]) -> str:
    return "|".join(f"{short(k)}={v}" for k, v in levels.items())


def short(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


@dataclass(frozen=True)
class Scale:
    """An indicator's published scale; `levels` for an ordinal scale (a value must be one of them)."""

    low: float
    high: float
    levels: tuple[float, ...] | None = None

    @classmethod
    def of(cls, row: pd.Series | dict) -> Scale:
        text = row.get("scale_labels")
        levels = parse_labels(text) if isinstance(text, str) and text else None
        return cls(float(row["scale_min"]), float(row["scale_max"]), tuple(levels) if levels else None)

    def problem(self, value: float) -> str | None:
        if self.levels is not None and value not in self.levels:
            return f"{short(value)} is not a level of the indicator's scale ({', '.join(map(short, self.levels))})"
        if not self.low <= value <= self.high:
            return f"{short(value)} is outside the indicator's scale {short(self.low)} to {short(self.high)}"
        return None

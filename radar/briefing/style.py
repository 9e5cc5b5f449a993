"""The pack's colours and how it prints numbers (shared by the PDF and the slides)."""

from __future__ import annotations

import math

from radar.assessment import level_label
from radar.i18n import _, num

ACCENT = "#1d4ed8"
INK = "#111827"
MUTED = "#4b5563"
RULE = "#d1d5db"
PANEL = "#f3f4f6"


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def fmt_score(value: float) -> str:
    """A 0-100 score as printed everywhere in the pack: one decimal, 'n/a' when missing."""
    return _("n/a") if _missing(value) else num(value)


def fmt_raw(value: float) -> str:
    """A published value as printed in the indicator table: 4 significant digits, as in the charts' hover."""
    return "\u2014" if _missing(value) else f"{value:.4g}"


def fmt_value(value: float, scale_labels: object = None) -> str:
    """fmt_raw, with an ordinal value's level label ('3 · Moderately prepared')."""
    label = level_label(value, scale_labels)
    return f"{fmt_raw(value)} \u00b7 {label}" if label else fmt_raw(value)


def fmt_gap(value: float) -> str:
    return _("n/a") if _missing(value) else num(value, signed=True)

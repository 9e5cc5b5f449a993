"""QR codes of a view's link, made locally with segno (no network): an SVG that scales to any size for presenter
mode, and a PNG for downloads and tests. High contrast (black on white), the standard 4-module quiet zone, error
correction Q (a quarter of the code can be smudged or glared by a projector and still read)."""

from __future__ import annotations

import html
import io

import segno

ERROR = "q"
QUIET_ZONE = 4  # modules of white around the code (the standard's minimum)
DARK, LIGHT = "#000000", "#ffffff"


def qr_code(url: str) -> segno.QRCode:
    """The QR code of `url` (never a Micro QR: phones' camera apps do not read those)."""
    return segno.make(url, error=ERROR, micro=False, boost_error=False)


def qr_svg(url: str, *, title: str = "", css_class: str = "qr-code") -> str:
    """An inline <svg> of `url`'s QR code without a fixed size (a viewBox only), so CSS sizes it, with a <title>
    as its text alternative. `url` and `title` are written as text, never markup."""
    svg = qr_code(url).svg_inline(scale=10, border=QUIET_ZONE, dark=DARK, light=LIGHT, omitsize=True,
                                  svgclass=css_class, lineclass=None, title=title or url)
    return svg.replace("<svg ", "<svg role='img' aria-label='" + html.escape(title or url, quote=True) + "' ", 1)


def qr_png(url: str, *, scale: int = 10) -> bytes:
    """A PNG of `url`'s QR code, `scale` pixels per module, with the quiet zone."""
    out = io.BytesIO()
    qr_code(url).save(out, kind="png", scale=scale, border=QUIET_ZONE, dark=DARK, light=LIGHT)
    return out.getvalue()

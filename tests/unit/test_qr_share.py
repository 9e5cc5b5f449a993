"""QR codes decode to the view's link (Debian's zbarimg reads the PNG), and the public address and the embed snippet
are built from configuration or the request, without the sharer's screen parameters, escaped."""

from __future__ import annotations

import re
import shutil
import subprocess
import types
from pathlib import Path

import pytest

from radar import qr
from radar.ui import share

LINK = "https://radar.example.org/compare?fw=wgi&c=ALB%2CSRB&y=2023&view=heatmap&focus=SRB&lang=sr"


def decode_png(png: bytes, tmp_path: Path) -> str:
    """The text zbarimg reads from a PNG (stdout only; zbar may complain on stderr about D-Bus)."""
    if shutil.which("zbarimg") is None:
        pytest.fail("zbarimg is missing: run scripts/ensure-test-tools (Debian zbar-tools)")
    path = tmp_path / "code.png"
    path.write_bytes(png)
    out = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(path)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.rstrip("\n")


@pytest.mark.parametrize("url", [LINK, "http://127.0.0.1:8501/overview"])
def test_qr_png_decodes_to_the_link(url, tmp_path):
    assert decode_png(qr.qr_png(url), tmp_path) == url


def test_a_composed_link_with_cyrillic_values_stays_ascii_and_decodes(tmp_path):
    url = share.compose_url("https://radar.example.org", "data", {"q": "Србија и Косово" * 4, "lang": "sr"})
    assert url.isascii()
    assert decode_png(qr.qr_png(url), tmp_path) == url


def test_qr_uses_error_correction_q_and_a_full_qr_code():
    code = qr.qr_code(LINK)
    assert code.error == "Q" and not code.is_micro


def test_qr_svg_scales_with_css_has_a_quiet_zone_and_a_text_alternative():
    svg = qr.qr_svg(LINK, title='Scan: "this" <view>')
    code = qr.qr_code(LINK)
    side = (code.symbol_size(scale=1, border=0)[0] + 2 * 4) * 10  # modules plus a 4-module quiet zone, 10 px each
    assert f'viewBox="0 0 {side} {side}"' in svg
    assert not re.search(r"<svg[^>]*\swidth=", svg)  # no fixed size: CSS sizes it
    assert re.search(r'<title>Scan: (&quot;|")this(&quot;|") &lt;view&gt;</title>', svg)
    assert "aria-label='Scan: &quot;this&quot; &lt;view&gt;'" in svg and "role='img'" in svg
    assert 'fill="#fff"' in svg and 'stroke="#000"' in svg  # black on white
    assert "<view>" not in svg


def test_configured_address_comes_first_env_then_secrets():
    secrets = {"radar": {"public_url": "https://bsp.example.org/radar/"}}
    assert share.configured_base({}, secrets) == "https://bsp.example.org/radar"
    assert share.configured_base({"RADAR_PUBLIC_URL": "https://env.example.org"}, secrets) == "https://env.example.org"
    assert share.configured_base({}, {}) is None
    assert share.configured_base({"RADAR_PUBLIC_URL": "javascript:alert(1)"}, {}) is None


def test_compose_url_keeps_the_view_and_drops_the_screen_parameters():
    url = share.compose_url("https://bsp.example.org/radar", "compare",
                            {"fw": "wgi", "c": "ALB,SRB", "present": "1", "embed": "true", "slide": "2",
                             "focus": "SRB", "y": ""})
    assert url == "https://bsp.example.org/radar/compare?fw=wgi&c=ALB%2CSRB&focus=SRB"
    assert share.compose_url("https://x.org/", "overview", {}) == "https://x.org/overview"
    with pytest.raises(ValueError):
        share.compose_url("https://x.org", "../evil", {})


def fake_streamlit(url=None, headers=None):
    return types.SimpleNamespace(context=types.SimpleNamespace(url=url, headers=headers or {}),
                                 secrets=types.SimpleNamespace(to_dict=dict))


def test_request_address_is_the_browsers_url_without_the_page(monkeypatch):
    monkeypatch.setattr(share, "st", fake_streamlit(url="https://event.example.org/radar/compare"))
    monkeypatch.delenv("RADAR_PUBLIC_URL", raising=False)
    assert share.request_base("compare") == "https://event.example.org/radar"
    assert share.public_url("compare", {"view": "heatmap", "present": "1"}) == \
        "https://event.example.org/radar/compare?view=heatmap"


def test_request_address_from_proxy_headers(monkeypatch):
    headers = {"Host": "10.0.0.5:8501", "X-Forwarded-Host": "radar.example.org", "X-Forwarded-Proto": "https",
               "X-Forwarded-Prefix": "/wb/"}
    monkeypatch.setattr(share, "st", fake_streamlit(headers=headers))
    assert share.request_base("overview") == "https://radar.example.org/wb"
    monkeypatch.setattr(share, "st", fake_streamlit())
    monkeypatch.delenv("RADAR_PUBLIC_URL", raising=False)
    assert share.public_url("overview", {}) is None  # nothing known: no link rather than a wrong one


def test_configuration_wins_over_the_request(monkeypatch):
    monkeypatch.setattr(share, "st", fake_streamlit(url="http://127.0.0.1:8501/change"))
    monkeypatch.setenv("RADAR_PUBLIC_URL", "https://radar.example.org")
    assert share.public_url("change", {"view": "slope"}) == "https://radar.example.org/change?view=slope"


def test_embed_snippet_is_escaped_and_switches_embed_mode_on():
    snippet = share.embed_snippet("https://radar.example.org/compare?c=ALB&present=1", 'Radar "WB6" <2025>')
    assert snippet == ('<iframe src="https://radar.example.org/compare?c=ALB&amp;embed=true" '
                       'title="Radar &quot;WB6&quot; &lt;2025&gt;" width="800" height="600" '
                       'style="border:0;max-width:100%" loading="lazy"></iframe>')
    with pytest.raises(ValueError):
        share.embed_snippet("javascript:alert(1)", "x")


def test_open_link_leaves_embed_mode_and_escapes():
    link = share.open_link_html("https://radar.example.org/compare?c=ALB&embed=true&y=2023", "Open in the <Radar>")
    assert link == ("<a class='embed-open' href='https://radar.example.org/compare?c=ALB&amp;y=2023' "
                    "target='_blank' rel='noopener'>Open in the &lt;Radar&gt; <span aria-hidden='true'>↗</span></a>")
    assert share.open_link_html("javascript:alert(1)", "x") == ""

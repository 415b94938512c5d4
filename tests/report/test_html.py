"""The warnings banner of the shareable pages: visible, escaped, after <body>."""

from __future__ import annotations

from halfyear_lib.report.html import add_warnings_banner, warnings_banner


def test_banner_escapes_every_text_and_follows_body():
    page = '<html lang="zh"><head><title>t</title></head><body class="jp">x</body></html>'
    out = add_warnings_banner(page, ["a <script>alert(1)</script> & b", "第 5 行"])
    assert out.startswith('<html lang="zh"><head><title>t</title></head><body class="jp">')
    assert out.index('<div class="halfyear-warnings" role="alert"') > out.index("<body")
    assert "<script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; b" in out
    assert "<li>第 5 行</li>" in out and "2 warnings about the input data" in out


def test_no_warnings_no_banner():
    assert warnings_banner([]) == ""
    assert add_warnings_banner("<body>x</body>", []) == "<body>x</body>"
    assert add_warnings_banner("x", ["w"]).startswith('<div class="halfyear-warnings"')

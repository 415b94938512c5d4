"""tests/browser.py, the headless-Chromium driver: that its checks can fail.

Tiny hand-written pages, so each check is seen to catch what it is meant to: a request
to a server is blocked before it leaves (the server on loopback counts what reaches it),
Chinese without an embedded font is reported as drawn by a system font, and a character
missing from the page's font is found.
"""

from __future__ import annotations

import http.server
import threading

import pytest
from browser import Browser, BrowserError, JavaScriptError, require_chromium

from halfyear_lib.display.fonts import html_font_css


@pytest.fixture(scope="module")
def browser():
    with Browser(require_chromium()) as b:
        yield b


@pytest.fixture(scope="module")
def server():
    """An HTTP server on 127.0.0.1 that records the paths asked of it."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the http.server name)
            hits.append(self.path)
            body = b"<!DOCTYPE html><title>ok</title><p>served</p>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", hits
    httpd.shutdown()
    httpd.server_close()


def write(tmp_path, body: str, head: str = "") -> str:
    page = tmp_path / "page.html"
    page.write_text(
        f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8">{head}</head>'
        f"<body>{body}</body></html>",
        encoding="utf-8",
    )
    return page.as_uri()


def test_requests_outside_the_page_are_recorded_and_blocked(browser, server, tmp_path):
    base, hits = server
    url = write(
        tmp_path,
        f'<img src="{base}/image.png"><script>fetch("{base}/api").catch(() => 0)</script>',
        head=f'<link rel="stylesheet" href="{base}/style.css">',
    )
    browser.open(url)
    assert sorted(browser.outside_requests()) == [f"{base}/api", f"{base}/image.png",
                                                  f"{base}/style.css"]  # fmt: skip
    kinds = [r["type"] for r in browser.requests if r["blocked"]]
    assert kinds[:2] == ["Stylesheet", "Image"] and kinds[2] in ("Fetch", "XHR")
    assert browser.requests[0] == {"url": url, "method": "GET", "type": "Document",
                                   "blocked": False}  # fmt: skip
    assert hits == []  # nothing reached the server


def test_an_allowed_server_is_reached_over_http(server):
    base, hits = server
    with Browser(require_chromium(), allow=("data:", base + "/")) as b:
        b.open(f"{base}/lab", wait_for="document.readyState === 'complete'")
        assert b.evaluate("document.querySelector('p').textContent") == "served"
        assert b.outside_requests() == []
    assert "/lab" in hits


def test_chinese_without_an_embedded_font_is_drawn_by_a_system_font(browser, tmp_path):
    browser.open(write(tmp_path, "<h1>清水县</h1>"))
    fonts = browser.platform_fonts("h1")
    # this machine has no CJK font: the three characters are boxes of a Latin font
    assert [(f["isCustomFont"], f["glyphCount"]) for f in fonts] == [(False, 3)]
    assert browser.missing_glyphs("sans-serif") == ["清", "水", "县"]


def test_the_embedded_font_draws_its_characters_and_only_those(browser, tmp_path):
    css = html_font_css("清水县")  # a subset of exactly these (plus ASCII, punctuation)
    browser.open(
        write(tmp_path, "<h1>清水县</h1><p>岚溪</p>", head=css),
        wait_for="document.fonts.status === 'loaded'",
    )
    fonts = browser.platform_fonts("h1")
    assert [(f["familyName"], f["isCustomFont"], f["glyphCount"]) for f in fonts] == [
        ("Noto Sans SC", True, 3)
    ]
    # 岚溪 are not in the subset: reported under the embedded font all the same (no
    # font has them), which is why missing_glyphs looks at the pixels
    assert [f["isCustomFont"] for f in browser.platform_fonts("p")] == [True]
    assert browser.missing_glyphs('"HalfyearCJK"') == ["岚", "溪"]
    assert browser.missing_glyphs('"HalfyearCJK"', "清水县 2021，") == []


def test_page_text_errors_and_scripts(browser, tmp_path):
    url = write(
        tmp_path,
        '<p>一</p><img alt="二" src="data:,"><p hidden>三</p><b class="x"></b>'
        "<script>throw new Error('boom')</script>",
        head="<title>零</title><style>.x::after { content: '四'; }</style>",
    )
    browser.open(url)
    text = browser.page_text()
    assert all(c in text for c in "零一二四") and "三" not in text  # hidden: not seen
    assert any("boom" in e for e in browser.errors())
    with pytest.raises(JavaScriptError, match="nope"):
        browser.evaluate("(() => { throw new Error('nope') })()")
    browser.set_scripts_enabled(False)
    try:
        browser.open(write(tmp_path, "<p id=p>a</p><script>p.textContent = 'b'</script>"))
        assert browser.evaluate("p.textContent") == "a"  # the page's script did not run
    finally:
        browser.set_scripts_enabled(True)
    browser.open(write(tmp_path, "<p id=p>a</p><script>p.textContent = 'b'</script>"))
    assert browser.evaluate("p.textContent") == "b"


def test_a_page_that_does_not_exist_is_an_error(browser, tmp_path):
    with pytest.raises(BrowserError, match="cannot open"):
        browser.open((tmp_path / "none.html").as_uri())

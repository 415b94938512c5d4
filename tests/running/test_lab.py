"""`make lab`: JupyterLab with the bundled Noto Sans SC (halfyear_lib.running.lab).

The stylesheet and the launch options are checked as text; then JupyterLab is started as
`make lab` starts it (the same stylesheet and options, plus a token, a free port, no
browser, a temporary root holding a copy of explore.ipynb), the notebook is opened and
run in headless Chromium (tests/browser.py), and the fonts Chromium really drew the
Chinese of the Markdown, the widgets, the tables and the code with are read
(``CSS.getPlatformFontsForNode``): the bundled font as a web font, served by the Lab
server itself. With the stylesheet switched off the same text is no longer drawn with it
(a machine without CJK fonts then shows empty boxes), so the test can tell.

Without Chromium the browser test is skipped, except under CI (env CI set), where it fails.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from browser import Browser, find_chromium

from halfyear_lib.display.fonts import CSS_FAMILY, cjk_font_path
from halfyear_lib.paths import PROJECT_ROOT
from halfyear_lib.running import lab

# ---------------------------------------------------------------- the stylesheet


def test_stylesheet_puts_the_bundled_font_first_for_cjk_only():
    css = lab.lab_css("NotoSansSC-Regular.otf")
    assert f'font-family: "{CSS_FAMILY}";' in css
    assert 'src: url("NotoSansSC-Regular.otf") format("opentype");' in css
    # CJK ideographs and full-width punctuation only: Latin text keeps Lab's fonts
    assert "U+4E00-9FFF" in css and "U+FF00-FFEF" in css and "U+0000" not in css
    for var in ("--jp-ui-font-family", "--jp-content-font-family"):
        assert f'{var}: "{CSS_FAMILY}", system-ui' in css
    code = f'--jp-code-font-family: menlo, consolas, "DejaVu Sans Mono", monospace, "{CSS_FAMILY}"'
    assert code in css
    assert css.count("!important") == 3  # the theme declares the same variables later


def test_prepare_writes_the_stylesheet_and_serves_the_font(tmp_path):
    served = lab.prepare(tmp_path)
    css = (tmp_path / "custom" / "custom.css").read_text(encoding="utf-8")
    font = cjk_font_path()
    assert served == [tmp_path / "custom", font.parent]
    assert f'url("{font.name}")' in css and (served[1] / font.name).is_file()
    stamp = (tmp_path / "custom" / "custom.css").stat().st_mtime_ns
    lab.prepare(tmp_path)  # unchanged: not rewritten
    assert (tmp_path / "custom" / "custom.css").stat().st_mtime_ns == stamp


def test_lab_options_load_the_stylesheet_and_open_the_explore_notebook(tmp_path):
    served = [tmp_path / "custom", tmp_path / "fonts"]
    args = lab.lab_arguments(served, PROJECT_ROOT / "notebooks" / "explore.ipynb")
    assert args[0] == "--LabApp.custom_css=True"
    key, value = args[1].split("=", 1)
    assert key == "--ServerApp.tornado_settings"
    assert json.loads(value) == {"static_custom_path": [str(p) for p in served]}
    assert Path(args[2]).name == "explore.ipynb"
    assert lab.lab_arguments(served, None) == args[:2]


def test_make_lab_runs_the_launcher():
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    target = makefile.split("\nlab:", 1)[1].split("\n\n", 1)[0]
    assert "-m halfyear_lib.running.lab" in target
    assert ".lab/" in (PROJECT_ROOT / ".gitignore").read_text(encoding="utf-8").split()


# ---------------------------------------------------------------- in a browser

# the first element under `scope` whose own text has CJK characters gets data-probe=<name>;
# returns how many CJK characters that text has (0: none found)
PROBE = r"""((scope, name) => {
  const one = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/;
  const all = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/g;
  const own = e => e.tagName === 'SELECT' ? e.options[e.selectedIndex].text :
    Array.from(e.childNodes).filter(n => n.nodeType === 3).map(n => n.textContent).join('');
  const el = Array.from(document.querySelectorAll(scope)).find(e => one.test(own(e)));
  if (!el) return 0;
  el.setAttribute('data-probe', name);
  return own(el).match(all).length;
})"""

# where Chinese shows in Lab: (name, elements to look in)
PLACES = [
    ("markdown heading", ".jp-MarkdownCell .jp-RenderedMarkdown h1"),
    ("markdown text", ".jp-MarkdownCell .jp-RenderedMarkdown p"),
    ("code comment", ".jp-CodeCell .cm-content span"),
    ("widget label", ".jp-OutputArea-output .widget-label"),
    ("widget drop-down", ".jp-OutputArea-output .widget-dropdown select"),
    ("widget table", ".jp-OutputArea-output .widget-html-content th"),
    ("output table", ".jp-OutputArea-output.jp-RenderedHTMLCommon table td"),
]


@pytest.fixture(scope="module")
def chromium() -> str:
    path = find_chromium()
    if path is None:
        reason = (
            "headless Chromium not found (install the Debian package chromium, or set "
            "HALFYEAR_CHROMIUM)"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, token: str, method: str = "GET") -> int:
    """The HTTP status of a request to the local server (0: no answer), never via a proxy."""
    request = urllib.request.Request(
        url, method=method, headers={"Authorization": f"token {token}"}
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(request, timeout=5) as answer:
            return answer.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, OSError):
        return 0


@pytest.fixture(scope="module")
def lab_server(tmp_path_factory):
    """JupyterLab as `make lab` starts it, on a free port with a token, its root a copy of
    the notebooks folder's explore.ipynb; Jupyter's own files go to a temporary folder."""
    tmp = tmp_path_factory.mktemp("lab")
    root, home = tmp / "root", tmp / "jupyter"
    root.mkdir()
    shutil.copy(PROJECT_ROOT / "notebooks" / "explore.ipynb", root / "explore.ipynb")
    lab.sync_notebook_metadata(root / "explore.ipynb")  # as `make lab` does
    port, token = _free_port(), secrets.token_hex(16)
    served = lab.prepare(tmp / "lab")
    command = [
        sys.executable, "-m", "jupyter", "lab", *lab.lab_arguments(served, None),
        "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        "--allow-root", "--LabApp.expose_app_in_browser=True",  # to run the cells
    ]  # fmt: skip
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "IPYTHONDIR": str(home / "ipython"),
    }
    log = open(tmp / "lab.log", "wb")  # noqa: SIM115
    server = subprocess.Popen(command, cwd=root, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while _get(base + "api/status", token) != 200:
            if not _alive(server):
                raise AssertionError(f"JupyterLab exited: {(tmp / 'lab.log').read_text()[-2000:]}")
            if time.monotonic() > deadline:
                raise AssertionError("JupyterLab did not start in 120 s")
            time.sleep(0.5)
        yield base, token, tmp
    finally:
        if _alive(server):
            _get(base + "api/shutdown", token, method="POST")  # the server and its kernels
            try:
                server.wait(30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        log.close()


def _alive(process: subprocess.Popen) -> bool:
    return process.poll() is None


def _font_use(b: Browser, name: str) -> tuple[int, int]:
    """(glyphs drawn with the bundled font, glyphs drawn with other fonts) of a probe."""
    fonts = b.platform_fonts(f'[data-probe="{name}"]')
    bundled = sum(f["glyphCount"] for f in fonts if f["isCustomFont"]
                  and f["familyName"] == "Noto Sans SC")  # fmt: skip
    return bundled, sum(f["glyphCount"] for f in fonts) - bundled


def test_lab_shows_chinese_with_the_bundled_font(chromium, lab_server):
    base, token, tmp = lab_server
    kernel_idle = (
        "(() => { const w = window.jupyterapp && jupyterapp.shell.currentWidget;"
        " const k = w && w.sessionContext && w.sessionContext.session"
        " && w.sessionContext.session.kernel; return !!k && k.status === 'idle'; })()"
    )
    with Browser(chromium, allow=(base, "data:", "blob:", base.replace("http", "ws")),
                 timeout=60) as b:  # fmt: skip
        try:
            b.open(f"{base}lab/tree/explore.ipynb?token={token}", wait_for=kernel_idle,
                   timeout=180)  # fmt: skip
            b.evaluate("jupyterapp.commands.execute('notebook:run-all-cells')")
            # the explorer's drop-downs and tables, and the answers' tables below them
            b.wait_until(
                "document.querySelector('.jp-OutputArea-output .widget-label') !== null"
                " && document.querySelector('.jp-OutputArea-output .widget-html-content th')"
                " !== null && document.querySelectorAll('.jp-OutputArea-output"
                ".jp-RenderedHTMLCommon table').length >= 3",
                timeout=240,
            )
            b.wait_until("document.fonts.status === 'loaded'")
            b.idle(0.5)
            counts = {name: b.evaluate(f"{PROBE}({json.dumps(sel)}, {json.dumps(name)})")
                      for name, sel in PLACES}  # fmt: skip
            assert all(counts.values()), f"no Chinese found in: {counts}"
            for name in counts:
                bundled, other = _font_use(b, name)
                # every CJK character of the text is drawn with the bundled font
                assert bundled >= counts[name], (name, b.platform_fonts(f'[data-probe="{name}"]'))
            assert b.outside_requests() == []  # the font came from the Lab server
            # the explorer's tables are styled like the notebook's own (Lab's rendered-HTML
            # class: its borders, padding and zebra rows)
            look = b.evaluate(
                "(() => { const css = (el) => { const s = getComputedStyle(el);"
                " return [s.paddingLeft, s.borderBottomStyle, s.fontSize]; };"
                " const w = document.querySelector('.widget-html-content td');"
                " const o = [...document.querySelectorAll('.jp-OutputArea-output"
                ".jp-RenderedHTMLCommon td')].find((td) => !td.closest('.widget-html-content'));"
                " return [css(w), css(o)]; })()"
            )
            assert look[0] == look[1], look

            # without the stylesheet nothing draws Chinese with the bundled font (this
            # machine has no CJK font of its own)
            b.evaluate("document.querySelector('link[href*=\"custom/custom.css\"]')"
                       ".disabled = true")  # fmt: skip
            b.idle(0.5)
            for name in ("markdown heading", "widget label"):
                assert _font_use(b, name)[0] == 0, name
        except BaseException:
            b.screenshot(tmp / "lab.png")
            raise


def test_opening_the_explore_notebook_leaves_it_unmodified(chromium, lab_server):
    """Opening explore.ipynb and starting its kernel changes nothing in it: Lab shows no
    unsaved-changes dot (the notebook's metadata are what the kernel reports)."""
    base, token, _ = lab_server
    state = (
        "(() => { const w = window.jupyterapp && jupyterapp.shell.currentWidget;"
        " const k = w && w.sessionContext && w.sessionContext.session"
        " && w.sessionContext.session.kernel;"
        " return k && k.status === 'idle' ? {dirty: w.context.model.dirty} : null; })()"
    )
    with Browser(chromium, allow=(base, "data:", "blob:", base.replace("http", "ws")),
                 timeout=60) as b:  # fmt: skip
        b.open(f"{base}lab/tree/explore.ipynb?token={token}", timeout=180)
        b.wait_until(state, timeout=180)
        b.idle(2.0)  # Lab writes the kernel's language info shortly after it starts
        meta = b.evaluate(
            "JSON.stringify(jupyterapp.shell.currentWidget.context.model.toJSON().metadata)"
        )
        assert b.evaluate(state) == {"dirty": False}, meta


def test_syncing_the_metadata_changes_only_the_metadata_and_only_once(tmp_path):
    import nbformat

    path = tmp_path / "explore.ipynb"
    shutil.copy(PROJECT_ROOT / "notebooks" / "explore.ipynb", path)
    before = nbformat.read(path, as_version=4)
    lab.sync_notebook_metadata(path)
    after = nbformat.read(path, as_version=4)
    assert after.cells == before.cells
    assert after.metadata["language_info"]["version"] == ".".join(map(str, sys.version_info[:3]))
    assert after.metadata["kernelspec"]["display_name"] == "Python 3 (ipykernel)"
    assert lab.sync_notebook_metadata(path) is False  # already in step: not written again

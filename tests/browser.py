"""A small headless-Chromium driver for tests, over the Chrome DevTools Protocol (CDP).

No browser download, no Selenium: it starts the machine's Chromium (``chromium``,
``chromium-browser`` or ``google-chrome`` on PATH, or the file named by the environment
variable ``HALFYEAR_CHROMIUM``) with ``--headless=new --remote-debugging-port=0`` and a
temporary profile, reads the port from the profile's ``DevToolsActivePort`` and talks
CDP over one websocket (``websocket-client``) to one tab.

Usage::

    from browser import Browser, find_chromium

    with Browser() as b:                       # allow=("file:", "data:") by default
        b.open(path.as_uri(), wait_for="document.fonts.status === 'loaded'")
        b.evaluate("document.title")           # -> a JSON-able Python value
        b.platform_fonts("h1")                 # -> [{"familyName": ..., "glyphCount": ...,
                                               #      "isCustomFont": ..., ...}]
        b.outside_requests()                   # -> URLs outside ``allow`` (blocked)
        b.set_viewport(375, 800, mobile=True)  # narrow screen (Emulation)
        b.screenshot("page.png")               # PNG, for debugging

API (everything else is raw CDP through :meth:`Browser.send`):

* :func:`find_chromium` -> path or None; :class:`ChromiumNotFound` when needed and absent;
  :func:`require_chromium` for a pytest fixture (skips, or fails under CI).
* ``Browser(executable=None, width=1280, height=900, allow=("file:", "data:"),
  scripts=True, timeout=30)``: a context manager; ``allow`` lists the URL prefixes a
  page may load; every other request is failed before it leaves (``None``: allow all,
  e.g. ``("file:", "data:", "http://127.0.0.1:8888/")`` for a local server).
  ``scripts=False`` opens pages with JavaScript disabled.
* ``open(url, wait_for=None, timeout=None)``: navigate, wait for the load event and,
  if given, until the JS expression ``wait_for`` is truthy; raises :class:`BrowserError`
  when the page cannot be opened.
* ``requests`` (every request the page made since the last ``open``: dicts with
  ``url``, ``method``, ``type``, ``blocked``) and ``outside_requests()``.
* ``evaluate(expression, await_promise=False)`` -> value (DevTools evaluates even when
  the page's scripts are disabled); a JS exception raises :class:`JavaScriptError`.
  ``errors()``: the page's uncaught exceptions and ``console.error`` lines since ``open``.
* ``node_ids(selector)``: DOM node ids, for raw ``DOM.*``/``CSS.*`` calls.
* ``platform_fonts(selector, every=False)``: the fonts Chromium drew the text of the
  first (or every) matching node with (``CSS.getPlatformFontsForNode``): the proof of
  which font is really used, fallbacks included. A glyph that no font has is reported
  under the stack's first font, so check ``missing_glyphs`` too.
* ``page_text()``: the text a reader sees (rendered text, title, alt texts, ::before/
  ::after content); ``missing_glyphs(family, text=None)``: its characters drawn as a
  missing-glyph box by the CSS font ``family`` (canvas pixels against U+E000).
* ``set_viewport(width, height, mobile=False)``, ``set_scripts_enabled(bool)``,
  ``screenshot(path=None, full_page=False)`` -> PNG bytes, ``print_pdf()`` -> PDF bytes.
* ``send(method, **params)``: any CDP command of the tab; ``events`` holds the events
  received (dicts with ``method`` and ``params``); ``wait_event(method)`` waits for one,
  ``idle(seconds)`` handles events for a while.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

CHROMIUM_ENV = "HALFYEAR_CHROMIUM"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
DEFAULT_ALLOW = ("file:", "data:")

# Quiet start-up: no background connections (update checks, sync, field trials) that a
# closed network refuses, no first-run UI, no GPU in a container.
_FLAGS = (
    "--headless=new",
    "--no-sandbox",  # tests run as root in containers
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--mute-audio",
    "--remote-debugging-port=0",
)


class BrowserError(RuntimeError):
    """Chromium could not be started, a page could not be opened, or a CDP call failed."""


class ChromiumNotFound(BrowserError):
    """No Chromium executable on this machine."""


class JavaScriptError(BrowserError):
    """An expression given to :meth:`Browser.evaluate` threw."""


def find_chromium() -> str | None:
    """The Chromium to use: ``$HALFYEAR_CHROMIUM`` if set, else the first of
    ``chromium``, ``chromium-browser``, ``google-chrome`` on PATH; None when none exists."""
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        path = shutil.which(named)
        return path if path else None
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def require_chromium() -> str:
    """For pytest fixtures: the Chromium to use; without one the test is skipped, or
    fails when the environment variable CI is set (CI must run the browser tests)."""
    import pytest

    path = find_chromium()
    if path is None:
        reason = (
            f"headless Chromium not found (install the Debian package chromium, or set "
            f"{CHROMIUM_ENV}); .ci/run installs it"
        )
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: CI must run the browser tests", pytrace=False)
        pytest.skip(reason)
    return path


class Browser:
    """One headless Chromium with one tab; see the module docstring."""

    def __init__(
        self,
        executable: str | None = None,
        width: int = 1280,
        height: int = 900,
        allow: tuple[str, ...] | None = DEFAULT_ALLOW,
        scripts: bool = True,
        timeout: float = 30.0,
    ) -> None:
        import websocket  # websocket-client

        self.executable = executable or find_chromium()
        if not self.executable:
            raise ChromiumNotFound(
                f"no Chromium found: install the Debian package chromium, or set "
                f"{CHROMIUM_ENV} to the browser's executable"
            )
        self.allow = tuple(allow) if allow is not None else None
        self.timeout = timeout
        self.events: list[dict] = []
        self._opened = 0  # index in events of the last open()
        self.requests: list[dict] = []
        self._seen: dict[str, dict] = {}  # request id -> entry of requests
        self._next_id = 0
        self._responses: dict[int, dict] = {}
        self._unanswered: set[int] = set()  # ids whose answers are dropped
        self._profile = tempfile.mkdtemp(prefix="halfyear-chromium-")
        self._log = open(Path(self._profile) / "chromium.log", "wb")  # noqa: SIM115
        self._proc = subprocess.Popen(
            [
                self.executable,
                *_FLAGS,
                f"--user-data-dir={self._profile}",
                f"--window-size={width},{height}",
                "about:blank",
            ],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self._ws = None
        try:
            port, path = self._devtools_port(timeout)
            self._ws = websocket.create_connection(
                f"ws://127.0.0.1:{port}{path}", timeout=timeout, suppress_origin=True
            )
            target = self._call("Target.createTarget", {"url": "about:blank"})["targetId"]
            self._session = self._call(
                "Target.attachToTarget", {"targetId": target, "flatten": True}
            )["sessionId"]
            self.send("Page.enable")
            self.send("Runtime.enable")
            self.send("Network.enable")
            self.send("DOM.enable")
            self.send("CSS.enable")
            if self.allow is not None:
                self.send("Fetch.enable", patterns=[{"urlPattern": "*"}])
            self.set_viewport(width, height)
            if not scripts:
                self.set_scripts_enabled(False)
        except BaseException:
            self.close()
            raise

    # ------------------------------------------------------------------ life cycle

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        """Stop Chromium and remove its temporary profile (safe to call twice)."""
        if self._ws is not None:
            try:
                self._call("Browser.close", {}, timeout=5)
            except Exception:
                pass
            self._ws.close()
            self._ws = None
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._log.close()
        shutil.rmtree(self._profile, ignore_errors=True)

    def _devtools_port(self, timeout: float) -> tuple[int, str]:
        port_file = Path(self._profile) / "DevToolsActivePort"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                raise BrowserError(
                    f"{self.executable} exited with code {self._proc.returncode} at start:"
                    f" {self._log_tail()}"
                )
            try:
                lines = port_file.read_text().split()
            except FileNotFoundError:
                lines = []
            if len(lines) >= 2:
                return int(lines[0]), lines[1]
            time.sleep(0.05)
        raise BrowserError(f"{self.executable} did not open its DevTools port in {timeout} s")

    def _log_tail(self) -> str:
        self._log.flush()
        text = (Path(self._profile) / "chromium.log").read_text(errors="replace")
        return text.strip()[-2000:]

    # ------------------------------------------------------------------ protocol

    def _call(self, method: str, params: dict, session: str | None = None, timeout=None):
        """Send one CDP command (to the tab when ``session`` is given) and wait for its answer."""
        self._next_id += 1
        msg_id = self._next_id
        msg = {"id": msg_id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        self._ws.send(json.dumps(msg))
        deadline = time.monotonic() + (timeout or self.timeout)
        while msg_id not in self._responses:
            self._pump(deadline, f"the answer to {method}")
        answer = self._responses.pop(msg_id)
        if "error" in answer:
            raise BrowserError(f"{method} failed: {answer['error'].get('message')}")
        return answer.get("result", {})

    def send(self, method: str, **params) -> dict:
        """Any CDP command of the tab, e.g. ``send("Page.reload")``; returns its result."""
        return self._call(method, params, session=self._session)

    def _pump(self, deadline: float, what: str) -> None:
        """Receive and dispatch one message; BrowserError when ``deadline`` passes first."""
        import websocket

        left = deadline - time.monotonic()
        if left <= 0:
            raise BrowserError(f"timed out waiting for {what}")
        self._ws.settimeout(left)
        try:
            raw = self._ws.recv()
        except websocket.WebSocketTimeoutException:
            raise BrowserError(f"timed out waiting for {what}") from None
        msg = json.loads(raw)
        if "id" in msg:
            if msg["id"] in self._unanswered:
                self._unanswered.discard(msg["id"])
            else:
                self._responses[msg["id"]] = msg
            return
        self.events.append(msg)
        method, params = msg.get("method"), msg.get("params", {})
        if method == "Network.requestWillBeSent":
            self._record(params["requestId"], params["request"], params.get("type"), True)
        elif method == "Fetch.requestPaused":
            self._record(
                params.get("networkId") or params["requestId"],
                params["request"],
                params.get("resourceType"),
                False,
            )
            self._answer_paused(params)

    def _record(self, request_id: str, request: dict, kind: str | None, network: bool) -> None:
        """One entry of :attr:`requests` per request (Network and Fetch both report it;
        Network's resource type is the finer one: "Fetch" where Fetch says "XHR")."""
        entry = self._seen.get(request_id)
        if entry is None:
            url = request["url"]
            entry = {"url": url, "method": request.get("method"), "type": kind,
                     "blocked": not self._allowed(url)}  # fmt: skip
            self._seen[request_id] = entry
            self.requests.append(entry)
        elif network and kind:
            entry["type"] = kind

    def _answer_paused(self, params: dict) -> None:
        """Let an allowed request go on; fail any other before it leaves the machine."""
        url = params["request"]["url"]
        if self._allowed(url):
            command, args = "Fetch.continueRequest", {"requestId": params["requestId"]}
        else:
            command = "Fetch.failRequest"
            args = {"requestId": params["requestId"], "errorReason": "BlockedByClient"}
        self._next_id += 1  # fire and forget: the answer is dropped when it comes
        self._unanswered.add(self._next_id)
        message = {"id": self._next_id, "method": command, "params": args}
        self._ws.send(json.dumps({**message, "sessionId": self._session}))

    def _allowed(self, url: str) -> bool:
        return self.allow is None or url.startswith(self.allow)

    def wait_event(self, method: str, timeout: float | None = None, since: int = 0) -> dict:
        """The first event named ``method`` received at index ``since`` or later of
        :attr:`events` (waiting for it if needed); returns its ``params``."""
        deadline = time.monotonic() + (timeout or self.timeout)
        index = since
        while True:
            while index < len(self.events):
                if self.events[index].get("method") == method:
                    return self.events[index].get("params", {})
                index += 1
            self._pump(deadline, method)

    # ------------------------------------------------------------------ pages

    def open(self, url: str, wait_for: str | None = None, timeout: float | None = None) -> None:
        """Navigate to ``url``, wait for the load event and, if given, until the JS
        expression ``wait_for`` is truthy. Resets :attr:`requests`."""
        timeout = timeout or self.timeout
        self.requests = []
        self._seen = {}
        mark = self._opened = len(self.events)
        result = self.send("Page.navigate", url=url)
        if result.get("errorText"):
            raise BrowserError(f"cannot open {url}: {result['errorText']}")
        self.wait_event("Page.loadEventFired", timeout, since=mark)
        if wait_for:
            self.wait_until(wait_for, timeout)

    def wait_until(self, expression: str, timeout: float | None = None) -> object:
        """Poll the JS ``expression`` until it is truthy; return its value."""
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            value = self.evaluate(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise BrowserError(f"timed out waiting for {expression!r}")
            self.idle(0.05)

    def idle(self, seconds: float) -> None:
        """Receive and handle events for ``seconds`` (requests made late get recorded)."""
        until = time.monotonic() + seconds
        try:
            while time.monotonic() < until:
                self._pump(until, "events")
        except BrowserError:
            pass  # the time is up

    def outside_requests(self, settle: float = 0.2) -> list[str]:
        """URLs the page asked for that are not in ``allow`` (all blocked), after
        handling the events of ``settle`` more seconds."""
        self.idle(settle)
        return [r["url"] for r in self.requests if r["blocked"]]

    def errors(self) -> list[str]:
        """Uncaught JS exceptions and ``console.error`` messages since the last :meth:`open`."""
        out = []
        for event in self.events[self._opened :]:
            params = event.get("params", {})
            if event.get("method") == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                out.append(details.get("exception", {}).get("description") or details["text"])
            elif event.get("method") == "Runtime.consoleAPICalled" and params["type"] == "error":
                out.append(
                    " ".join(str(a.get("value", a.get("description"))) for a in params["args"])
                )
        return out

    def evaluate(self, expression: str, await_promise: bool = False):
        """The value of a JS expression in the page (JSON-able values only)."""
        result = self.send(
            "Runtime.evaluate",
            expression=expression,
            returnByValue=True,
            awaitPromise=await_promise,
        )
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            text = details.get("exception", {}).get("description") or details.get("text")
            raise JavaScriptError(f"{expression!r} threw: {text}")
        return result.get("result", {}).get("value")

    def node_ids(self, selector: str) -> list[int]:
        """DOM node ids of every node matching the CSS ``selector`` (works without JS)."""
        root = self.send("DOM.getDocument", depth=0)["root"]["nodeId"]
        return self.send("DOM.querySelectorAll", nodeId=root, selector=selector)["nodeIds"]

    def platform_fonts(self, selector: str, every: bool = False) -> list[dict]:
        """The fonts that drew the text of the first node matching ``selector`` (of every
        matching node when ``every``): ``CSS.getPlatformFontsForNode`` entries
        (``familyName``, ``postScriptName``, ``isCustomFont`` — True for a web font —,
        ``glyphCount``), summed by font over the nodes. Only the node's own text
        children count, not its descendants'. BrowserError when nothing matches."""
        nodes = self.node_ids(selector)
        if not nodes:
            raise BrowserError(f"no node matches {selector!r}")
        fonts: dict[tuple, dict] = {}
        for node in nodes if every else nodes[:1]:
            for font in self.send("CSS.getPlatformFontsForNode", nodeId=node)["fonts"]:
                key = (font.get("familyName"), font.get("postScriptName"), font["isCustomFont"])
                if key in fonts:
                    fonts[key]["glyphCount"] += font["glyphCount"]
                else:
                    fonts[key] = dict(font)
        return list(fonts.values())

    def page_text(self) -> str:
        """The text a reader of the page can see: the body's rendered text, the title,
        images' alt texts and the content of ::before/::after boxes."""
        return self.evaluate(_PAGE_TEXT)

    def missing_glyphs(self, family: str, text: str | None = None) -> list[str]:
        """The distinct characters of ``text`` (default :meth:`page_text`) that the
        CSS font ``family`` (e.g. ``'"Noto Sans SC"'``), with what this machine has to
        fall back on, draws as a missing glyph. Each character is drawn on a canvas and
        compared with U+E000 (a private-use character no font here has), pixel by pixel.
        Needed because ``platform_fonts`` names the first font of the stack for a
        missing glyph when no font has it. Whitespace and control/format characters
        are not checked."""
        if text is None:
            text = self.page_text()
        return self.evaluate(f"({_MISSING_GLYPHS})({json.dumps(family)}, {json.dumps(text)})")

    # ------------------------------------------------------------------ emulation, output

    def set_viewport(self, width: int, height: int, mobile: bool = False) -> None:
        """The page's viewport in CSS pixels (``mobile``: a phone's meta-viewport rules)."""
        self.send(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=mobile,
        )

    def set_scripts_enabled(self, enabled: bool) -> None:
        """Run (or not) the page's own scripts from the next :meth:`open` on."""
        self.send("Emulation.setScriptExecutionDisabled", value=not enabled)

    def screenshot(self, path: str | os.PathLike | None = None, full_page: bool = False) -> bytes:
        """A PNG of the viewport (of the whole page when ``full_page``); written to
        ``path`` when given."""
        params = {"format": "png"}
        if full_page:
            params["captureBeyondViewport"] = True
            size = self.send("Page.getLayoutMetrics")["cssContentSize"]
            params["clip"] = {"x": 0, "y": 0, "width": size["width"],
                              "height": size["height"], "scale": 1}  # fmt: skip
        png = base64.b64decode(self.send("Page.captureScreenshot", **params)["data"])
        if path is not None:
            Path(path).write_bytes(png)
        return png

    def print_pdf(self, **options) -> bytes:
        """The page printed to PDF (``Page.printToPDF`` options, e.g. A4 by default here)."""
        params = {"paperWidth": 8.27, "paperHeight": 11.69, "printBackground": True}
        params.update(options)
        return base64.b64decode(self.send("Page.printToPDF", **params)["data"])


_PAGE_TEXT = """(() => {
  const parts = [document.title, document.body.innerText];
  for (const img of document.images) parts.push(img.alt || "");
  for (const el of document.body.querySelectorAll("*")) {
    for (const pseudo of ["::before", "::after"]) {
      const content = getComputedStyle(el, pseudo).content;
      if (content.startsWith('"')) parts.push(content.slice(1, -1));
    }
  }
  return parts.join("\\n");
})()"""

_MISSING_GLYPHS = """(family, text) => {
  const canvas = document.createElement("canvas");
  canvas.width = canvas.height = 40;
  const ctx = canvas.getContext("2d", {willReadFrequently: true});
  ctx.font = `32px ${family}`;
  ctx.textBaseline = "top";
  const draw = (c) => {
    ctx.clearRect(0, 0, 40, 40);
    ctx.fillText(c, 4, 4);
    return ctx.getImageData(0, 0, 40, 40).data.join(",");
  };
  const missing = draw("\\uE000");
  const skip = /[\\p{White_Space}\\p{Cc}\\p{Cf}]/u;
  return [...new Set(text)].filter((c) => !skip.test(c) && draw(c) === missing);
}"""

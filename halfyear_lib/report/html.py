"""Shareable HTML pages from executed notebooks: code hidden, images and font embedded, no scripts."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from pathlib import Path

from ..data.language import tr

_GLYPH = re.compile(r"Glyph (\d+) .*?missing from font")
_WARNING_LINE = re.compile(r"(\w+(?:Warning|Error)): (.+)")


def _stderr_texts(nb) -> list[str]:
    return [
        str(out.get("text", ""))
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if out.get("output_type") == "stream" and out.get("name") == "stderr"
    ]


def run_messages(notebooks: Sequence[Path]) -> list[str]:
    """What the notebooks printed to stderr (Python warnings), made readable and deduplicated.

    A glyph missing from the font becomes a sentence naming the character; other
    warnings keep their category and message without the server's file paths.
    """
    import nbformat

    out: list[str] = []
    for path in notebooks:
        for text in _stderr_texts(nbformat.read(path, as_version=4)):
            for code in _GLYPH.findall(text):
                char = chr(int(code))
                out.append(
                    tr(
                        f"the character {char!r} is not in the report's font: charts show it "
                        "as an empty box; write the name with a common character if possible",
                        f"字符“{char}”不在报告字体中，图表中显示为方框；如可能请改用常用字书写名称",
                    )
                )
            if _GLYPH.search(text):
                continue
            found = _WARNING_LINE.findall(text)
            if found:
                out += [f"{kind}: {message.strip()}" for kind, message in found]
            elif text.strip():
                out.append(text.strip().splitlines()[-1])
    return list(dict.fromkeys(out))


def render_html(
    notebook: Path, html_path: Path, warnings: Sequence[str] = (), title: str = ""
) -> Path:
    """Render an executed notebook to a shareable HTML page: code hidden, images
    embedded, page language zh, the CJK font subset embedded, no scripts.

    ``warnings`` are listed in a banner at the top of the page; what a cell printed to
    stderr is left out of the page (it is in ``warnings`` via :func:`run_messages`).
    ``title`` is the page's title (the browser tab, the mail attachment).
    """
    import nbformat
    from nbconvert import HTMLExporter

    from .fonts import embed_font_in_html

    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if "outputs" in cell:
            cell.outputs = [
                o
                for o in cell.outputs
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]
    if title:
        nb.metadata["title"] = title
    exporter = HTMLExporter(
        template_name="lab",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
        language_code="zh",
    )
    body, _ = exporter.from_notebook_node(nb)
    body = _strip_scripts(body)
    body = add_warnings_banner(body, warnings)
    body = embed_font_in_html(body)
    html_path.write_text(body, encoding="utf-8")
    return html_path


_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script\s*>", flags=re.IGNORECASE | re.DOTALL)


def _strip_scripts(html: str) -> str:
    """Drop every <script> (MathJax, the mermaid loader that imports from a CDN): the
    report is static tables and images, so the mailed page runs nothing and fetches
    nothing when opened."""
    return _SCRIPT.sub("", html)


_BODY = re.compile(r"<body\b[^>]*>", flags=re.IGNORECASE)
_BANNER_STYLE = (
    "margin:0 0 1em 0;padding:0.8em 1.2em;border:2px solid #b45309;"
    "background:#fff7e6;color:#5c2d00;font-size:0.95em"
)


def warnings_banner(warnings: Sequence[str]) -> str:
    """The banner listing the data warnings, every text escaped ("" when there are none)."""
    if not warnings:
        return ""
    n = len(warnings)
    title = tr(
        f"{n} warning{'s' if n != 1 else ''} about the input data: numbers that depend on "
        "the rows named below may be wrong; check them before sharing this page",
        f"输入数据有 {n} 条警告：依赖下列数据行的数字可能有误，分享本页前请先核实",
    )
    items = "".join(f"<li>{html.escape(str(w))}</li>" for w in warnings)
    return (
        f'<div class="halfyear-warnings" role="alert" style="{_BANNER_STYLE}">'
        f"<p><strong>{html.escape(title)}</strong></p><ul>{items}</ul></div>"
    )


def add_warnings_banner(page: str, warnings: Sequence[str]) -> str:
    """Insert :func:`warnings_banner` right after ``<body>`` (at the top if there is none)."""
    banner = warnings_banner(warnings)
    if not banner:
        return page
    match = _BODY.search(page)
    if match is None:
        return banner + page
    return page[: match.end()] + banner + page[match.end() :]

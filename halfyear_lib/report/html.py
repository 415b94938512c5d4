"""Shareable HTML pages from executed notebooks: code hidden, images and font embedded, no scripts."""

from __future__ import annotations

import re
from pathlib import Path


def render_html(notebook: Path, html_path: Path) -> Path:
    """Render an executed notebook to a shareable HTML page: code hidden, images
    embedded, page language zh, the CJK font subset embedded, no scripts."""
    import nbformat
    from nbconvert import HTMLExporter

    from .fonts import embed_font_in_html

    nb = nbformat.read(notebook, as_version=4)
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
    body = embed_font_in_html(body)
    html_path.write_text(body, encoding="utf-8")
    return html_path


_SCRIPT = re.compile(r"<script\b[^>]*>.*?</script\s*>", flags=re.IGNORECASE | re.DOTALL)


def _strip_scripts(html: str) -> str:
    """Drop every <script> (MathJax, the mermaid loader that imports from a CDN): the
    report is static tables and images, so the mailed page runs nothing and fetches
    nothing when opened."""
    return _SCRIPT.sub("", html)

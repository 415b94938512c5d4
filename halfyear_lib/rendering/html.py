"""Shareable HTML pages from executed notebooks: code hidden, images and font embedded, no scripts."""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..chapters import registry
from ..data.language import tr
from ..text.zh import page as words

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


def chapter_of(notebook: str | Path) -> str:
    """The chapter title of a report page or notebook (its stem when it is no chapter's)."""
    return registry.title_of(notebook)


def data_checksum(checksums: Mapping[str, str]) -> str:
    """One SHA-256 for a data set: of the sorted lines "<file> <sha256>" of its input files
    (run.json ``data_checksums_sha256``), so the same inputs always give the same value."""
    lines = "".join(f"{name} {digest}\n" for name, digest in sorted(checksums.items()))
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def package_version() -> str:
    """``halfyear_lib.__version__`` (the package root, not a stage: no layering is crossed)."""
    import halfyear_lib

    return halfyear_lib.__version__


@dataclass(frozen=True)
class PageInfo:
    """What every page says about itself: the title's parts and the footer's facts.

    ``data_checksum`` is :func:`data_checksum` of the inputs (the footer shows its first
    12 hex digits); ``generated`` is when the run started.
    """

    unit: str
    period: str
    chapter: str = ""
    data_source: str = ""
    data_checksum: str = ""
    generated: dt.datetime | None = None
    version: str = field(default_factory=package_version)

    @property
    def title(self) -> str:
        head = f"{self.unit} {self.period}".strip()
        return f"{head} · {self.chapter}" if self.chapter else head


CHECKSUM_DIGITS = 12


def page_footer(info: PageInfo) -> str:
    """The footer: data source, checksum prefix, generation time, package version (escaped)."""
    e = html.escape
    parts = []
    if info.data_source:
        parts.append(f"{e(words.DATA_SOURCE)}：{e(info.data_source)}")
    if info.data_checksum:
        explain = words.CHECKSUM_EXPLAINED
        parts.append(
            f'{e(words.DATA_CHECKSUM)}：<code title="{e(explain)}">'
            f"{e(info.data_checksum[:CHECKSUM_DIGITS])}</code>"
        )
    if info.generated is not None:
        when = info.generated.astimezone().strftime("%Y-%m-%d %H:%M %z")
        parts.append(f"{e(words.GENERATED)}：{e(when)}")
    parts.append(f"halfyear {e(info.version)}")
    return f'<footer class="halfyear-footer">{" · ".join(parts)}</footer>'


# Screen, narrow-screen and A4 print layout; no script, nothing fetched.
PAGE_CSS = """
.halfyear-scroll { overflow-x: auto; max-width: 100%; }
.halfyear-scroll > table { margin: 0; }
.halfyear-scroll caption, .halfyear-caption { caption-side: bottom; text-align: left;
  font-size: 0.85em; color: #444; padding-top: 0.3em; margin: 0 0 1em 0; }
.jp-RenderedImage img, .hy-chart img { max-width: 100%; height: auto; }
/* a header breaks between its words or before its unit, never inside one */
.hy-nw { white-space: nowrap; }
.halfyear-scroll th, .halfyear-scroll td { word-break: keep-all; }
.hy-nav { margin: 0.6em 0; padding: 0.4em 0; font-size: 0.9em; line-height: 1.9;
  border-bottom: 1px solid #ddd; }
.hy-nav a { white-space: nowrap; }
.hy-nav [aria-current] { font-weight: bold; white-space: nowrap; }
/* the row's label stays in view while a wide table scrolls sideways */
.halfyear-scroll table tr > :first-child { position: sticky; left: 0; z-index: 1;
  background: #fff; }
.hy-chart { display: block; }
.halfyear-footer { margin: 2em 0 1em 0; padding-top: 0.6em; border-top: 1px solid #bbb;
  color: #444; font-size: 0.85em; }
@media (max-width: 700px) {
  /* a chart fills the screen's width (its one-column variant where it has one) */
  .jp-RenderedImage img, .hy-chart img { width: 100% !important; }
}
@media (max-width: 720px) {
  .jp-Notebook { padding: 0.5em !important; }
  .jp-Cell { padding: 0 !important; }
  .jp-OutputArea-output { overflow-x: auto; }
  /* Chinese words stay whole (a squeezed column would break them a character a line):
     the table grows wider and its box scrolls instead */
  .halfyear-scroll th, .halfyear-scroll td { word-break: keep-all; }
}
@page { size: A4; margin: 15mm 12mm 18mm 12mm; }
@media print {
  h1, h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  /* a heading is the last thing in its notebook cell: the cell keeps it with the next */
  .jp-Cell:has(h1, h2, h3, h4):not(:has(table, img)) { break-after: avoid;
    page-break-after: avoid; }
  .halfyear-caption { break-before: avoid; page-break-before: avoid; }
  table, figure, img, tr, .jp-RenderedImage, .hy-chart, div[role="alert"] {
    break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .halfyear-scroll { overflow: visible; }
  /* on paper a table fits the page's width: its words may wrap, nothing scrolls */
  table { font-size: 8pt; width: 100% !important; table-layout: auto; }
  .hy-nw { white-space: normal; }
  .halfyear-scroll th, .halfyear-scroll td { white-space: normal !important;
    word-break: normal; padding: 0.2em 0.3em !important; }
  .halfyear-scroll table tr > :first-child { position: static; }
  .jp-RenderedImage img, .hy-chart img { max-height: 240mm; }
  body { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""
_CSS_ID = "halfyear-page"

# the lab template, with each chart's alt text from its output metadata (image/png alt)
_TEMPLATE_NAME = "halfyear_page.html.j2"
_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{% block data_png scoped %}
{%- set alt = output | get_metadata('alt', 'image/png') -%}
{%- if alt -%}
{{ super() | replace('<img ', '<img alt="' ~ (alt | escape_html) ~ '" ', 1) }}
{%- else -%}
{{ super() }}
{%- endif -%}
{% endblock data_png %}
"""
_NO_ALT = "No description has been provided for this image"


def render_html(
    notebook: Path,
    html_path: Path,
    warnings: Sequence[str] = (),
    title: str = "",
    info: PageInfo | None = None,
) -> Path:
    """Render an executed notebook to a shareable HTML page: code hidden, images
    embedded, page language zh, the CJK font subset embedded, no scripts.

    ``warnings`` are listed in a banner at the top of the page; what a cell printed to
    stderr is left out of the page (it is in ``warnings`` via :func:`run_messages`).
    ``info`` gives the page's title (unit, period, chapter: the browser tab, the mail
    attachment) and its footer; ``title`` alone sets only the title. Charts get their
    alt text from the output metadata (see :func:`halfyear_lib.display.plotting.with_alt`);
    tables scroll sideways on a narrow screen, and the page prints on A4.

    The same as :func:`export_page` then :func:`finish_page` (a run exports each page as
    soon as its notebook has run, and finishes them when the banner is known).
    """
    return finish_page(export_page(notebook, info, title), html_path, warnings)


_IMG_WITHOUT_ALT = re.compile(r"<img\b(?![^>]*\balt=)", flags=re.IGNORECASE)
_FOCUSABLE = re.compile(
    r'(<div class="[^"]*\b(?:jp-Cell-inputWrapper|jp-OutputArea-output)\b[^"]*")(?![^>]*tabindex)'
)


# the Markdown renderer writes Chinese as numeric references (&#28165;); the soup pass
# used to write them back as characters. Only references above ASCII are turned back:
# none of them has a meaning in HTML, unlike &#60; (<).
_NON_ASCII_ENTITY = re.compile(r"&#(?:(\d+)|[xX]([0-9a-fA-F]+));")


def _entity_to_char(match: re.Match) -> str:
    code = int(match.group(1)) if match.group(1) else int(match.group(2), 16)
    if code < 128 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
        return match.group(0)
    return chr(code)


def _page_exporter_class():
    """nbconvert's HTMLExporter without its BeautifulSoup pass over the finished page.

    That pass (nbconvert 7) gives images without alt text a placeholder and makes input
    and output areas focusable; it parses the whole page, base64 charts included, and
    took half of a page's export. The same two edits are made here with two regular
    expressions on the template's output (every chart already carries its alt text).
    """
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class PageExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            highlight_code = self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
            )
            resources = self._init_resources(resources)
            filter_data_type = WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            )
            self.register_filter("highlight_code", highlight_code)
            self.register_filter("filter_data_type", filter_data_type)
            page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            page = _NON_ASCII_ENTITY.sub(_entity_to_char, page)
            page = _IMG_WITHOUT_ALT.sub(f'<img alt="{_NO_ALT}" ', page)
            page = _FOCUSABLE.sub(r'\1 tabindex="0"', page)
            return page, resources

    return PageExporter


_EXPORTER: list = []  # the process's page exporter, made on first use
_EXPORTER_LOCK = threading.Lock()


def _exporter():
    """The process's page exporter: its templates are compiled once, not once per page.
    Callers hold ``_EXPORTER_LOCK`` (nbconvert registers filters while converting)."""
    if not _EXPORTER:
        from jinja2 import DictLoader

        exporter = _page_exporter_class()(
            template_name="lab",
            template_file=_TEMPLATE_NAME,
            extra_loaders=[DictLoader({_TEMPLATE_NAME: _TEMPLATE})],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            embed_images=True,
            language_code="zh",
        )
        exporter.template  # noqa: B018  (compiled now, not during the first page)
        _EXPORTER.append(exporter)
    return _EXPORTER[0]


def warm_up() -> None:
    """Import nbconvert and compile the page template (a run does it while its kernels
    start, so the first page does not wait for it)."""
    with _EXPORTER_LOCK:
        _exporter()


def export_page(notebook: Path, info: PageInfo | None = None, title: str = "") -> str:
    """The page of an executed notebook without its warnings banner and font (see
    :func:`render_html`): code hidden, stderr left out, scripts stripped, the layout
    and footer added."""
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    for cell in nb.cells:
        if "outputs" in cell:
            cell.outputs = [
                o
                for o in cell.outputs
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]
    title = info.title if info is not None else title
    if title:
        nb.metadata["title"] = title  # escaped by the template
    with _EXPORTER_LOCK:
        body, _ = _exporter().from_notebook_node(nb)
    body = _strip_scripts(body)
    return add_page_layout(body, info)


INDEX_HREF = "../../index.html"  # a report is reports/<YYYY-MM>/<region>/


def navigation(current: str, pages: Sequence[str]) -> str:
    """The bar linking a report's pages to each other and to the index of the reports
    folder (relative links, no script): ``pages`` the stems in order, ``current`` this
    page's, shown as text (aria-current)."""
    from ..chapters import registry

    e = html.escape
    items = [f'<a href="{INDEX_HREF}">{e(words.NAV_INDEX)}</a>']
    for stem in pages:
        label = e(registry.title_of(stem))
        if stem == current:
            items.append(f'<span aria-current="page">{label}</span>')
        else:
            items.append(f'<a href="{e(stem)}.html">{label}</a>')
    return f'<nav class="hy-nav" aria-label="{e(words.NAV_LABEL)}">{" · ".join(items)}</nav>'


_BODY_START = re.compile(r"<body\b[^>]*>", flags=re.IGNORECASE)


def add_navigation(bodies: Mapping[Path, str]) -> dict[Path, str]:
    """Each page of one report with the :func:`navigation` bar at its top and bottom."""
    stems = sorted(p.stem for p in bodies)
    out = {}
    for path, page in bodies.items():
        nav = navigation(path.stem, stems)
        start = _BODY_START.search(page)
        page = page[: start.end()] + nav + page[start.end() :] if start else nav + page
        ends = list(_BODY_END.finditer(page))
        footer = page.rfind('<footer class="halfyear-footer">')
        at = footer if footer >= 0 else (ends[-1].start() if ends else len(page))
        out[path] = page[:at] + nav + page[at:]
    return out


def finish_page(
    body: str, html_path: Path, warnings: Sequence[str] = (), notices: Sequence[str] = ()
) -> Path:
    """Add the warnings banner and the CJK font subset to an exported page; write it."""
    return finish_pages({html_path: body}, warnings, notices)[0]


def finish_pages(
    bodies: Mapping[Path, str],
    warnings: Sequence[str] = (),
    notices: Sequence[str] = (),
    messages: Sequence[str] = (),
) -> list[Path]:
    """:func:`finish_page` for the pages of one run: they share one font subset (of all
    their characters), made once instead of once per page."""
    from ..display.fonts import embed_font_in_html, page_characters

    pages = {
        path: add_warnings_banner(body, warnings, notices, messages)
        for path, body in bodies.items()
    }
    # the characters of every page, once (not megabytes of every page for each page)
    everything = page_characters("".join(pages.values())) if len(pages) > 1 else ""
    for path, page in pages.items():
        path.write_text(embed_font_in_html(page, also=everything), encoding="utf-8")
    return list(pages)


_TABLE = re.compile(r"<table\b.*?</table\s*>", flags=re.IGNORECASE | re.DOTALL)
_HEAD_END = re.compile(r"</head\s*>", flags=re.IGNORECASE)
_BODY_END = re.compile(r"</body\s*>", flags=re.IGNORECASE)


_CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption\s*>", flags=re.IGNORECASE | re.DOTALL)


def wrap_tables(page: str) -> str:
    """Every table inside a ``div.halfyear-scroll``: a wide table scrolls sideways on a
    narrow screen instead of losing its right-hand columns. Its note (the caption: what
    the marks mean) goes under the box as a paragraph, so it wraps within the screen
    instead of scrolling away with the table."""

    said: set[str] = set()

    def wrap(m: re.Match) -> str:
        table = m.group(0)
        note = _CAPTION.search(table)
        after = ""
        if note:
            table = table[: note.start()] + table[note.end() :]
            # each mark explained once per page: the first table that shows it says it
            parts = [p for p in note.group(1).rstrip("。").split("；") if p.strip()]
            new = [p for p in parts if p not in said]
            said.update(new)
            if new:
                after = f'<p class="halfyear-caption">{"；".join(new)}。</p>'
        return f'<div class="halfyear-scroll">{table}</div>{after}'

    return _TABLE.sub(wrap, page)


_TH = re.compile(r"(<th\b[^>]*>)([^<]*)(</th\s*>)", flags=re.IGNORECASE)
# a break at a space, or before a unit in brackets at the header's end ("(亿元)"), never
# before a bracket inside a word (县(市)排名)
_HEADER_TOKEN = re.compile(r"(\s+|(?=[(（][^()（）]*[)）]$))")


def header_html(text: str) -> str:
    """A table header's (already escaped) text in unbreakable words: "1-6月累计(亿元)" may
    break before "(亿元)" and "较时序进度 ±百分点" at its space, nowhere else."""
    parts = [t for t in _HEADER_TOKEN.split(text) if t]
    out = []
    for part in parts:
        if part.isspace():
            out.append(" ")
        else:
            if out and not out[-1] == " ":
                out.append("<wbr>")
            out.append(f'<span class="hy-nw">{part}</span>')
    return "".join(out)


_THEAD = re.compile(r"<thead\b.*?</thead\s*>", flags=re.IGNORECASE | re.DOTALL)


def protect_headers(page: str) -> str:
    """Every plain-text column header (``<th>`` in a ``<thead>``) of ``page`` through
    :func:`header_html`; row headers (a unit's name) are left as they are."""

    def header(m: re.Match) -> str:
        text = m.group(2)
        return m.group(1) + (header_html(text) if text.strip() else text) + m.group(3)

    return _THEAD.sub(lambda block: _TH.sub(header, block.group(0)), page)


def add_page_layout(page: str, info: PageInfo | None = None) -> str:
    """The page's style (narrow screens, A4 print), its tables in scroll containers, a
    Chinese alt text where a chart had none, and the footer from ``info``."""
    page = protect_headers(wrap_tables(page))
    page = page.replace(f'alt="{_NO_ALT}"', f'alt="{html.escape(words.CHART_ALT)}"')
    style = f'<style id="{_CSS_ID}">{PAGE_CSS}</style>\n'
    match = _HEAD_END.search(page)
    page = style + page if match is None else page[: match.start()] + style + page[match.start() :]
    if info is not None:
        footer = page_footer(info)
        ends = list(_BODY_END.finditer(page))
        page = (
            page + footer
            if not ends
            else page[: ends[-1].start()] + footer + page[ends[-1].start() :]
        )
    return page


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


_NOTICE_STYLE = (
    "margin:0 0 1em 0;padding:0.6em 1.2em;border:1px solid #64748b;"
    "background:#f1f5f9;color:#1e293b;font-size:0.95em"
)


def warnings_banner(
    warnings: Sequence[str], notices: Sequence[str] = (), messages: Sequence[str] = ()
) -> str:
    """The banner listing the data warnings, every text escaped ("" when there are none),
    after a box with the data set's notices (what it leaves out, e.g. no targets), and
    before a box with what was noticed while the page was made (``messages``: a glyph
    missing from the font, a damaged cache entry), which says nothing about the data."""
    out = ""
    tail = ""
    if messages:
        items = "".join(f"<li>{html.escape(str(m))}</li>" for m in messages)
        title = words.RUN_MESSAGES_TITLE
        tail = (
            f'<div class="halfyear-run-messages" role="note" style="{_NOTICE_STYLE}">'
            f"<p><strong>{html.escape(title)}</strong></p><ul>{items}</ul></div>"
        )
    if notices:
        items = "".join(f"<li>{html.escape(str(n))}</li>" for n in notices)
        title = words.NOTICES_TITLE
        out += (
            f'<div class="halfyear-notices" role="note" style="{_NOTICE_STYLE}">'
            f"<p><strong>{html.escape(title)}</strong></p><ul>{items}</ul></div>"
        )
    if not warnings:
        return out + tail
    n = len(warnings)
    title = words.warnings_title(n)
    items = "".join(f"<li>{html.escape(str(w))}</li>" for w in warnings)
    return (
        out
        + f'<div class="halfyear-warnings" role="alert" style="{_BANNER_STYLE}">'
        + f"<p><strong>{html.escape(title)}</strong></p><ul>{items}</ul></div>"
        + tail
    )


def add_warnings_banner(
    page: str,
    warnings: Sequence[str],
    notices: Sequence[str] = (),
    messages: Sequence[str] = (),
) -> str:
    """Insert :func:`warnings_banner` right after ``<body>`` (at the top if there is none)."""
    banner = warnings_banner(warnings, notices, messages)
    if not banner:
        return page
    match = _BODY.search(page)
    if match is None:
        return banner + page
    return page[: match.end()] + banner + page[match.end() :]

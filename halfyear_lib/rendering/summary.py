"""The drafted summary written out: ``summary.md``, ``summary_trace.json``, ``summary.docx``
and the page ``00_summary.html``, all from one :class:`~halfyear_lib.text.zh.draft.Draft`.

The draft is a whole 公文: its title (the bureau, or a highlighted placeholder), the
sections, the signature and date lines right-aligned at the end, and the annex 附表 of the
headline indicators (a Word table, an HTML table, a Markdown table) with the cells of
page 01's headline table. The Word file numbers its pages — 1 — on the right of odd pages
and the left of even ones (GB/T 9704), and its properties name the bureau, never the tool.
How the draft was made is said where no reader of the document sees it: an HTML comment in
summary.md and a small note under the page, nothing in the Word file.

Every number carries its trace: in Markdown an HTML comment after it
(``88.2<!-- n3 indicators.output.value -->``, hidden when rendered), in the page a
``title`` (hover) and ``data-path``, and in ``summary_trace.json`` the list of every
number with its key, path, raw value and printed text. Data strings are escaped for
Markdown and HTML, and stripped of control characters for the .docx.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..text.zh import summary as words
from ..text.zh.draft import Draft, Section, Sentence, Slot, build_draft, clean_text, heading_number
from ..text.zh.draft.annex import Annex, AnnexCell
from ..text.zh.titles import CHAPTER_TITLES

SUMMARY_PAGE = "00_summary.html"
SUMMARY_MD = "summary.md"
SUMMARY_TRACE = "summary_trace.json"
SUMMARY_DOCX = "summary.docx"
CHAPTER = CHAPTER_TITLES["summary"]  # the registry's title (text/zh/titles.py)

# Chinese official documents (GB/T 9704): A4, margins 37/35/28/26 mm, title 二号 (22 pt)
# 方正小标宋, body 三号 (16 pt) 仿宋, level-1 headings 黑体, level-2 楷体, 28 pt lines
TITLE_FONT, BODY_FONT, H1_FONT, H2_FONT = "方正小标宋简体", "仿宋", "黑体", "楷体"
TITLE_PT, BODY_PT, LINE_PT = 22, 16, 28
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
LATIN_FONT = "Times New Roman"
# Word's core properties (title, subject, author, keywords ...) hold at most 255 characters
# (python-docx raises beyond); bidi embeddings and overrides (U+202A-U+202E) and isolates
# (U+2066-U+2069) in a name from a spreadsheet would reorder the title in Word's dialogs
CORE_PROPERTY_MAX = 255
_BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def trace_keys(draft: Draft) -> dict[int, str]:
    """A key per number slot (``n1``, ``n2`` ... in reading order), by the slot's id."""
    keys: dict[int, str] = {}
    for slot in draft.slots():
        if slot.kind == "number":
            keys[id(slot)] = f"n{len(keys) + 1}"
    return keys


def trace(draft: Draft) -> dict:
    """``summary_trace.json``: every slot of the draft (numbers with a key, and the data
    strings), with its results.json path, raw value and printed text."""
    keys = trace_keys(draft)
    entries = []
    for slot in draft.slots():
        entry = {
            "key": keys.get(id(slot)),
            "path": slot.path,
            "value": slot.value,
            "text": slot.text,
            "kind": slot.kind,
        }
        if slot.kind == "number":
            entry["scale"] = slot.scale
            entry["absolute"] = slot.absolute
            entry["approximate"] = slot.approximate
        entries.append(entry)
    # the signature and date lines: names and a date from the run's parameters
    for sentence in draft.closing:
        for slot in sentence.slots:
            entries.append(
                {"key": None, "path": slot.path, "value": slot.value, "text": slot.text,
                 "kind": slot.kind}
            )  # fmt: skip
    out = {
        "region": draft.region,
        "period": draft.period,
        "source": "results.json",
        "numbers": [e for e in entries if e["kind"] == "number"],
        "texts": [e for e in entries if e["kind"] == "text"],
    }
    if draft.annex is not None:  # each cell of the annex with the value it prints
        out["annex"] = [
            {"row": row[0].text, "column": column, "path": cell.path, "value": cell.value,
             "text": cell.text}
            for row in draft.annex.rows
            for column, cell in zip(draft.annex.columns, row, strict=True)
            if cell.path is not None
        ]  # fmt: skip
    return out


# ---------------------------------------------------------------------------- plain text


def heading_text(section: Section, index: int) -> str:
    return heading_number(section.level, index) + section.title


def plain_text(draft: Draft) -> str:
    """The draft as plain text (headings numbered), what a reader sees: the title, the
    sections, the signature and date lines, the annex's title and its rows (cells
    separated by tabs)."""
    lines = [draft.title.text, ""]
    for section, pos in draft.walk():
        body = ["".join(s.text for s in p) for p in section.paragraphs]
        if section.level == 3:
            lines.append(heading_text(section, pos[-1]) + "。" + (body[0] if body else ""))
            lines += body[1:]
        else:
            lines.append(heading_text(section, pos[-1]))
            lines += body
    lines += [s.text for s in draft.closing]
    if draft.annex is not None:
        lines.append(draft.annex.title.text)
        lines.append("\t".join(draft.annex.columns))
        lines += ["\t".join(c.text for c in row) for row in draft.annex.rows]
    return "\n".join(lines) + "\n"


def annex_rows(annex: Annex) -> list[list[str]]:
    """The annex as rows of printed cells, its header first."""
    return [list(annex.columns), *[[c.text for c in row] for row in annex.rows]]


# ---------------------------------------------------------------------------- Markdown

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_MD_LINE_START = re.compile(r"^([-+#])")
_MD_ORDERED = re.compile(r"^(\d+)([.)])")


def escape_markdown(text: str) -> str:
    """A data string that stays literal text in Markdown: HTML escaped (``<``, ``&``),
    inline punctuation (``* _ [ ] ` | ~ \\``) backslash-escaped, and a leading ``-``,
    ``+``, ``#`` or ``1.`` escaped so it cannot open a list, heading or quote."""
    text = _MD_SPECIAL.sub(r"\\\1", html.escape(clean_text(text), quote=False))
    return _MD_ORDERED.sub(r"\1\\\2", _MD_LINE_START.sub(r"\\\1", text))


def _comment_safe(path: str) -> str:
    """A path inside an HTML comment: anything but letters, digits, ``_``, ``.`` and ``-``
    becomes ``_`` (no ``>`` can close the comment early)."""
    return re.sub(r"[^\w.\-]", "_", path)


def _md_sentence(sentence: Sentence, keys: dict[int, str]) -> str:
    def slot_text(slot: Slot) -> str:
        if slot.kind == "number":
            return f"{slot.text}<!-- {keys[id(slot)]} {_comment_safe(slot.path)} -->"
        return escape_markdown(slot.text)

    return sentence.render(slot_text)


def markdown(draft: Draft) -> str:
    """``summary.md``: headings numbered 一、（一）1., each number followed by a hidden
    ``<!-- key path -->`` trace (see ``summary_trace.json``)."""
    keys = trace_keys(draft)
    out = [f"# {_md_sentence(draft.title, keys)}", ""]
    out.append(f"<!-- {words.MARKDOWN_NOTE} -->")  # for the editor, not in the document
    out.append("")
    for section, pos in draft.walk():
        paras = ["".join(_md_sentence(s, keys) for s in p) for p in section.paragraphs]
        head = heading_text(section, pos[-1])
        if section.level == 3:
            first = paras[0] if paras else ""
            out += [f"**{head}。**{first}", ""]
            for p in paras[1:]:
                out += [p, ""]
            continue
        out += [f"{'#' * (section.level + 1)} {head}", ""]
        for p in paras:
            out += [p, ""]
    # the signature and date: plain lines (Markdown cannot align right; no raw HTML in the
    # file, so a name from the data can never become markup), traced like any sentence
    for sentence in draft.closing:
        out += [_md_sentence(sentence, keys), ""]
    if draft.annex is not None:
        out += ["---", "", f"**{_md_sentence(draft.annex.title, keys)}**", ""]
        rows = annex_rows(draft.annex)
        out.append("| " + " | ".join(_md_cell(c) for c in rows[0]) + " |")
        out.append("|" + "|".join([" --- "] + [" ---: "] * (len(rows[0]) - 1)) + "|")
        out += ["| " + " | ".join(_md_cell(c) for c in row) + " |" for row in rows[1:]]
        out.append("")
    return "\n".join(out)


def _md_cell(text: str) -> str:
    """A table cell that stays literal text: HTML escaped, inline punctuation and ``|``
    backslash-escaped (a cell cannot open a list or heading), on one line."""
    text = " ".join(clean_text(text).split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


# ---------------------------------------------------------------------------- HTML

SUMMARY_CSS = """
.halfyear-summary { max-width: 46em; margin: 1.5em auto; padding: 0 1em; line-height: 1.9;
  font-size: 16px; color: #111; }
.halfyear-summary h1 { text-align: center; font-size: 1.6em; margin: 0.8em 0 1em 0; }
.halfyear-summary h2 { font-size: 1.2em; margin: 1.2em 0 0.4em 0; }
.halfyear-summary h3 { font-size: 1.08em; margin: 1em 0 0.3em 0; }
.halfyear-summary p { text-indent: 2em; margin: 0.3em 0; }
.halfyear-summary .halfyear-num { border-bottom: 1px dotted #777; }
.halfyear-summary .halfyear-todo { background: #fff3b0; }
.halfyear-summary p.halfyear-sign { text-align: right; text-indent: 0; margin: 0 2em 0 0; }
.halfyear-summary p.halfyear-sign-first { margin-top: 2em; }
.halfyear-summary h3.halfyear-annex-title { margin-top: 2.5em; }
.halfyear-summary table.halfyear-annex { border-collapse: collapse; margin: 0.6em 0;
  font-size: 0.9em; line-height: 1.5; }
.halfyear-summary table.halfyear-annex th, .halfyear-summary table.halfyear-annex td
  { border: 1px solid #333; padding: 0.25em 0.5em; }
.halfyear-summary table.halfyear-annex td { text-align: right; }
.halfyear-summary table.halfyear-annex td:first-child { text-align: left; }
.halfyear-summary-note { max-width: 46em; margin: 2em auto 0 auto; padding: 0 1em;
  color: #666; font-size: 0.8em; line-height: 1.6; }
"""


def _hover(path: str, value: object) -> str:
    """The ``title`` and ``data-path`` of a number: its path and raw value on hover; a
    float zero without its sign (-0.0 reads as a number)."""
    e = html.escape
    raw = 0.0 if isinstance(value, float) and value == 0 else value
    return f'title="{e(f"{path} = {raw!r}")}" data-path="{e(path)}"'


def _html_sentence(sentence: Sentence) -> str:
    def slot_text(slot: Slot) -> str:
        e = html.escape
        if slot.kind == "number":
            return (
                f'<span class="halfyear-num" {_hover(slot.path, slot.value)}>{e(slot.text)}</span>'
            )
        return e(slot.text)

    text = sentence.render(slot_text, literal=html.escape)
    if sentence.placeholder:
        return f'<span class="halfyear-todo">{text}</span>'
    return text


def _html_cell(cell: AnnexCell, tag: str = "td") -> str:
    e = html.escape
    if cell.path is None or cell.text == "—":
        return f"<{tag}>{e(clean_text(cell.text))}</{tag}>"
    return f"<{tag} {_hover(cell.path, cell.value)}>{e(clean_text(cell.text))}</{tag}>"


def annex_html(annex: Annex) -> list[str]:
    """The annex: its title and a ``<table>`` (header row, then one row per indicator)."""
    e = html.escape
    head = "".join(f'<th scope="col">{e(c)}</th>' for c in annex.columns)
    rows = [
        "<tr>" + f'<th scope="row">{e(clean_text(row[0].text))}</th>'
        + "".join(_html_cell(c) for c in row[1:]) + "</tr>"
        for row in annex.rows
    ]  # fmt: skip
    return [
        '<section class="halfyear-annex">',
        f'<h3 class="halfyear-annex-title">{_html_sentence(annex.title)}</h3>',
        '<table class="halfyear-annex">',
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>",
        *rows,
        "</tbody>",
        "</table>",
        "</section>",
    ]


def page_html(draft: Draft, page_title: str = "") -> str:
    """The body of ``00_summary.html`` (a whole document; the run adds the layout, the
    footer, the warnings banner and the font). ``page_title``: the browser tab's title
    (the report's "unit period · chapter"), the draft's title by default."""
    e = html.escape
    title = page_title or draft.title.text
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(title)}</title>",
        f'<style id="halfyear-summary">{SUMMARY_CSS}</style>',
        "</head>",
        "<body>",
        '<main class="halfyear-summary">',
        f"<h1>{''.join(_html_sentence(s) for s in draft.title_parts or [draft.title])}</h1>",
    ]
    for section, pos in draft.walk():
        head = e(heading_text(section, pos[-1]))
        paras = ["".join(_html_sentence(s) for s in p) for p in section.paragraphs]
        if section.level == 3:
            first = paras[0] if paras else ""
            parts.append(f"<p><strong>{head}。</strong>{first}</p>")
            parts += [f"<p>{p}</p>" for p in paras[1:]]
            continue
        tag = "h2" if section.level == 1 else "h3"
        parts.append(f"<{tag}>{head}</{tag}>")
        parts += [f"<p>{p}</p>" for p in paras]
    for i, sentence in enumerate(draft.closing):  # the signature and date, right-aligned
        first = " halfyear-sign-first" if i == 0 else ""
        parts.append(f'<p class="halfyear-sign{first}">{_html_sentence(sentence)}</p>')
    if draft.annex is not None:
        parts += annex_html(draft.annex)
    parts.append("</main>")
    # how the draft was made: under the document, for the editor (not part of it)
    parts.append(f'<footer class="halfyear-summary-note" role="note">{words.HTML_NOTE}</footer>')
    parts += ["</body>", "</html>"]
    return "\n".join(parts)


# ---------------------------------------------------------------------------- Word


def _east_asian(run_or_style, name: str, latin: str = LATIN_FONT) -> None:
    """Set a run's or style's fonts: ``latin`` for Latin text, ``name`` for Chinese
    (``w:eastAsia``, which Word and WPS read), dropping theme fonts that would win."""
    from docx.oxml.ns import qn

    element = run_or_style.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)
    fonts.set(qn("w:eastAsia"), name)
    fonts.set(qn("w:cs"), latin)


def _style(doc, name: str, font: str, size: float, bold: bool = False, center: bool = False):
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt, RGBColor

    style = doc.styles[name]
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    _east_asian(style, font)
    fmt = style.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(LINE_PT if size <= BODY_PT else size * 1.5)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    if center:
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return style


def _chinese_language(style) -> None:
    """``w:lang w:eastAsia="zh-CN"``: Word and WPS treat the text as Chinese (punctuation,
    line breaking, font fallback)."""
    from docx.oxml.ns import qn

    rpr = style.element.get_or_add_rPr()
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")


PAGE_NUMBER_PT = 14  # 四号


def page_number_footers(doc) -> None:
    """Page numbers as GB/T 9704 prints them, — 1 —: on odd pages at the right, on even
    pages at the left, one character (四号) in from the edge of the text
    (``w:evenAndOddHeaders`` on, a default footer for odd pages and an even one)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc.settings.odd_and_even_pages_header_footer = True
    for section in doc.sections:
        section.footer.is_linked_to_previous = False
        section.even_page_footer.is_linked_to_previous = False
        odd = _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
        odd.paragraph_format.right_indent = Pt(PAGE_NUMBER_PT)
        even = _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)
        even.paragraph_format.left_indent = Pt(PAGE_NUMBER_PT)


def _page_number(footer, alignment):
    """A footer's paragraph holding — PAGE —, aligned ``alignment``."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    par = footer.paragraphs[0]
    par.alignment = alignment
    par.paragraph_format.first_line_indent = Pt(0)

    def text_run(text: str):
        run = par.add_run(text)
        run.font.size = Pt(PAGE_NUMBER_PT)
        _east_asian(run, "宋体")
        return run

    text_run("— ")
    number = text_run("1")  # its formatting goes into the PAGE field, which replaces it
    fld = number.element.makeelement(qn("w:fldSimple"), {qn("w:instr"): "PAGE"})
    number.element.addprevious(fld)
    fld.append(number.element)
    text_run(" —")
    return par


def core_property(text: object) -> str:
    """A string fit for a Word core property: control characters, lone surrogates and bidi
    controls removed, whitespace runs as one space, at most 255 characters (a longer one
    cut to 254 and "…")."""
    text = " ".join(_BIDI_CONTROLS.sub("", clean_text(text)).split())
    if len(text) > CORE_PROPERTY_MAX:
        text = text[: CORE_PROPERTY_MAX - 1] + "…"
    return text


def _app_xml(bureau: str) -> bytes:
    """Extended properties naming nothing but the bureau (as the company)."""
    company = html.escape(core_property(bureau), quote=False)
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/docPropsVTypes"><Company>{company}</Company></Properties>'
    ).encode()


def set_core_properties(doc, draft: Draft, now: dt.datetime) -> None:
    """Word's properties of the document: the title (without its placeholders), the
    bureau as author and last editor ("" when not given), created and modified ``now``;
    nothing left of python-docx's template (its author, comment, 2013 dates, thumbnail)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    props = doc.core_properties
    given = [s.text for s in draft.title_parts if not s.placeholder]
    props.title = core_property("".join(given) if draft.title_parts else draft.title.text)
    props.author = props.last_modified_by = core_property(draft.bureau)
    for name in ("subject", "keywords", "comments", "category", "content_status",
                 "identifier", "language", "version"):  # fmt: skip
        setattr(props, name, "")
    props.revision = 1
    if now.tzinfo is not None:  # python-docx writes the clock time as UTC ("Z")
        now = now.astimezone(dt.UTC).replace(tzinfo=None)
    props.created = props.modified = now.replace(microsecond=0)
    # the template's extended properties (docProps/app.xml) name "Microsoft Macintosh Word"
    # 14.0, Normal.dotm and a page count of 1: only the bureau as company is kept
    for part in doc.part.package.iter_parts():
        if str(part.partname) == "/docProps/app.xml":
            part._blob = _app_xml(draft.bureau)
    # the template's preview picture: a stale page in file browsers
    package_rels = doc.part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package_rels.pop(rid)


# the annex table: 小四 (12 pt) 仿宋, the label column wider; widths in mm add up to the
# text width of A4 with the official margins (210 − 28 − 26 = 156)
ANNEX_PT, ANNEX_LINE_PT = 12, 18
ANNEX_FIRST_MM = 36


def _table_borders(table) -> None:
    """Single 0.5 pt lines around and between every cell (``w:tblBorders``), whatever the
    style gives."""
    from docx.oxml.ns import qn

    tbl_pr = table._tbl.tblPr
    old = tbl_pr.find(qn("w:tblBorders"))
    if old is not None:
        tbl_pr.remove(old)
    borders = tbl_pr.makeelement(qn("w:tblBorders"), {})
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(
            borders.makeelement(
                qn(f"w:{edge}"),
                {qn("w:val"): "single", qn("w:sz"): "4", qn("w:space"): "0",
                 qn("w:color"): "000000"},
            )
        )  # fmt: skip
    # schema order: tblStyle, ..., tblW, jc, ..., tblBorders, shd, tblLayout, ...
    after = [tbl_pr.find(qn(f"w:{t}")) for t in ("tblInd", "jc", "tblW", "tblStyle")]
    anchor = next((a for a in after if a is not None), None)
    if anchor is None:
        tbl_pr.insert(0, borders)
    else:
        anchor.addnext(borders)


def add_annex(doc, annex: Annex) -> None:
    """The annex on a page of its own: its title (黑体), then a bordered table, the header
    row repeated on every page."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    doc.add_paragraph(style="Normal").add_run().add_break(WD_BREAK.PAGE)
    head = doc.add_paragraph(style="Normal")
    head.paragraph_format.first_line_indent = Pt(0)
    run = head.add_run(clean_text(annex.title.text))
    _east_asian(run, H1_FONT)
    rows = annex_rows(annex)
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _table_borders(table)
    text_mm = 210 - MARGINS_MM["left"] - MARGINS_MM["right"]
    rest_mm = (text_mm - ANNEX_FIRST_MM) / max(1, len(rows[0]) - 1)
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            cell = table.cell(r, c)
            cell.width = Mm(ANNEX_FIRST_MM if c == 0 else rest_mm)
            par = cell.paragraphs[0]
            fmt = par.paragraph_format
            fmt.first_line_indent = Pt(0)
            fmt.line_spacing = Pt(ANNEX_LINE_PT)
            if r == 0:
                par.alignment = WD_ALIGN_PARAGRAPH.CENTER
            elif c > 0:
                par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            run = par.add_run(clean_text(text))
            run.font.size = Pt(ANNEX_PT)
            run.bold = r == 0
            _east_asian(run, H1_FONT if r == 0 else BODY_FONT)
    header = table.rows[0]._tr.get_or_add_trPr()
    header.append(header.makeelement(qn("w:tblHeader"), {}))
    doc.add_paragraph(style="Normal")  # Word ends a body with a paragraph


def docx_document(draft: Draft, now: dt.datetime | None = None):
    """The draft as a python-docx Document: A4, official margins and fonts, headings
    numbered 一、（一）1. (level 3 run in, bold), placeholders highlighted, the signature
    and date right-aligned at the end, the annex table on a page of its own, page numbers
    right on odd pages and left on even ones. ``now``: when it was made (its created and
    modified properties; the time of the call by default)."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
    from docx.shared import Mm, Pt

    doc = Document()
    for section in doc.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin = Mm(MARGINS_MM["top"])
        section.bottom_margin = Mm(MARGINS_MM["bottom"])
        section.left_margin = Mm(MARGINS_MM["left"])
        section.right_margin = Mm(MARGINS_MM["right"])
    normal = _style(doc, "Normal", BODY_FONT, BODY_PT)
    normal.paragraph_format.first_line_indent = Pt(BODY_PT * 2)
    _style(doc, "Title", TITLE_FONT, TITLE_PT, center=True)
    _style(doc, "Heading 1", H1_FONT, BODY_PT)
    _style(doc, "Heading 2", H2_FONT, BODY_PT)
    for name in ("Title", "Heading 1", "Heading 2"):
        doc.styles[name].paragraph_format.first_line_indent = Pt(BODY_PT * 2)
        # no theme border or colour under the title
        ppr = doc.styles[name].element.pPr
        if ppr is not None:
            for child in list(ppr):
                if child.tag.endswith("}pBdr"):
                    ppr.remove(child)
    doc.styles["Title"].paragraph_format.first_line_indent = Pt(0)
    _chinese_language(normal)
    page_number_footers(doc)
    set_core_properties(doc, draft, now or dt.datetime.now(dt.UTC))

    def add_runs(par, sentences: Sequence[Sentence]) -> None:
        for s in sentences:
            run = par.add_run(clean_text(s.text))
            _east_asian(run, BODY_FONT)
            if s.placeholder:
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW

    title = doc.add_paragraph(style="Title")
    for part in draft.title_parts or [draft.title]:
        run = title.add_run(clean_text(part.text))
        _east_asian(run, TITLE_FONT)
        if part.placeholder:
            run.font.highlight_color = WD_COLOR_INDEX.YELLOW
    for section, pos in draft.walk():
        head = clean_text(heading_text(section, pos[-1]))
        if section.level in (1, 2):
            h = doc.add_paragraph(head, style=f"Heading {section.level}")
            for run in h.runs:
                _east_asian(run, H1_FONT if section.level == 1 else H2_FONT)
            for p in section.paragraphs:
                add_runs(doc.add_paragraph(style="Normal"), p)
            continue
        paras = section.paragraphs or [[]]
        first = doc.add_paragraph(style="Normal")
        lead = first.add_run(head + "。")
        lead.bold = True
        _east_asian(lead, BODY_FONT)
        add_runs(first, paras[0])
        for p in paras[1:]:
            add_runs(doc.add_paragraph(style="Normal"), p)
    # the signature and date under the text, after an empty line, right-aligned (右空二字)
    if draft.closing:
        doc.add_paragraph(style="Normal")
    for sentence in draft.closing:
        par = doc.add_paragraph(style="Normal")
        par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        par.paragraph_format.first_line_indent = Pt(0)
        par.paragraph_format.right_indent = Pt(BODY_PT * 2)
        add_runs(par, [sentence])
    if draft.annex is not None:
        add_annex(doc, draft.annex)
    return doc


# ---------------------------------------------------------------------------- all of it


@dataclass
class SummaryOutput:
    """What :func:`write_summary` made: the draft, the files written, and the page body
    (``00_summary.html`` before its banner and font: see ``finish``)."""

    draft: Draft
    files: dict[str, Path]
    page: str


def write_summary(
    results: dict, folder: Path, info=None, warnings: Sequence[str] = (), finish: bool = True
) -> SummaryOutput:
    """Write ``summary.md``, ``summary_trace.json`` and ``summary.docx`` into ``folder``
    from a results dict (the content of ``results.json``), and the page ``00_summary.html``
    with the report's title and footer from ``info`` (a PageInfo).

    With ``finish`` the page is written with the warnings banner and its own embedded
    font; a run passes ``finish=False`` and finishes it with its other pages (one font
    subset for all, :func:`halfyear_lib.rendering.html.finish_pages`)."""
    from .html import add_page_layout, finish_page

    draft = build_draft(results)
    folder = Path(folder)
    files = {
        "md": folder / SUMMARY_MD,
        "trace": folder / SUMMARY_TRACE,
        "docx": folder / SUMMARY_DOCX,
        "html": folder / SUMMARY_PAGE,
    }
    files["md"].write_text(markdown(draft), encoding="utf-8")
    data = trace(draft)
    try:
        text = json.dumps(data, ensure_ascii=False, indent=1, default=str)
        text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate in a raw value: escaped, still the value
        text = json.dumps(data, ensure_ascii=True, indent=1, default=str)
    files["trace"].write_text(text, encoding="utf-8")
    made = info.generated if info is not None else None  # the run's time
    docx_document(draft, now=made).save(str(files["docx"]))
    page = add_page_layout(page_html(draft, info.title if info is not None else ""), info)
    if finish:
        finish_page(page, files["html"], warnings)
    return SummaryOutput(draft, files, page)

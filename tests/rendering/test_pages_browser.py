"""The rendered pages in a real browser (headless Chromium, tests/browser.py).

The demo report (all four notebooks) and the index are rendered once into a temporary
folder; each page is then opened offline, from file://, and checked as a leader's
machine shows it: nothing is requested from outside the page (only file: and data:),
Chinese is drawn with the embedded Noto Sans SC subset and never with a fallback font
(the machines that run these tests have no CJK font installed, see .ci/run), a 375 px
screen scrolls wide tables instead of widening the page, and the page prints.

Without Chromium these tests are skipped, except under CI (env CI set), where they fail.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from browser import Browser, require_chromium
from conftest import halfyear

from halfyear_lib.display.fonts import CSS_FAMILY, cjk_font_path
from halfyear_lib.rendering.index import write_index

PERIOD = "2021-06"
REGION = "qingshui"  # the default of params/defaults.yaml
REPORT_PAGES = [f"{PERIOD}/{REGION}/{stem}.html" for stem in
                ("01_indicators", "02_industry", "03_investment", "04_forecast")]  # fmt: skip
SUMMARY_PAGE = f"{PERIOD}/{REGION}/00_summary.html"  # the drafted summary: text, no table
PAGES = [SUMMARY_PAGE, *REPORT_PAGES, "index.html"]
NARROW = 375  # CSS px: a phone


@pytest.fixture(scope="module")
def chromium() -> str:
    return require_chromium()  # skipped without Chromium, failed under CI


@pytest.fixture(scope="module")
def browser(chromium):
    with Browser(chromium) as b:
        yield b


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> Path:
    """The demo report of qingshui (4 notebooks), 01 of lanxi, and their index."""
    out = tmp_path_factory.mktemp("reports")
    # in Chinese, as a leader reads them (the footer and notes too)
    proc = halfyear("run", "--out", str(out), lang="zh")
    assert proc.returncode == 0, proc.stderr
    proc = halfyear("run", "--region", "lanxi", "--notebook", "01_indicators.ipynb",
                    "--out", str(out), lang="zh")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    proc = halfyear("index", "--out", str(out), "--data", "demo", lang="zh")
    assert proc.returncode == 0, proc.stderr
    return out


def embedded_family() -> str:
    """The family name inside the font file (name ID 1), which Chromium reports for the
    glyphs drawn with the embedded subset: "Noto Sans SC"."""
    from fontTools.ttLib import TTFont

    return TTFont(cjk_font_path(), lazy=True)["name"].getDebugName(1)


def open_page(b: Browser, path: Path, width: int = 1280, mobile: bool = False) -> None:
    b.set_viewport(width, 900, mobile=mobile)
    b.open(path.as_uri(), wait_for="document.fonts.status === 'loaded'")


def foreign_fonts(fonts: list[dict]) -> list[dict]:
    """Fonts in a ``platform_fonts`` answer other than the embedded subset."""
    family = embedded_family()
    return [f for f in fonts if not (f["isCustomFont"] and f["familyName"] == family)]


# Marks the text for the font checks, in the page: every text node with a CJK character
# that is drawn is wrapped in a span[data-cjk] (CSS.getPlatformFontsForNode counts the
# text inside a node, so a span per text node gives exactly that text's fonts); the
# first such span in a heading, a table cell and a caption gets data-probe; each chart's
# alt text is copied into a span beside the chart (an image that loads shows no alt
# text: a reader sees the alt text when it does not).
MARK_CJK = r"""
(() => {
  const cjk = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const texts = [];
  while (walker.nextNode()) {
    const text = walker.currentNode, parent = text.parentElement;
    if (cjk.test(text.data) && !parent.closest("script, style, template")
        && parent.getClientRects().length) texts.push(text);
  }
  for (const text of texts) {
    const span = document.createElement("span");
    span.dataset.cjk = "";
    text.replaceWith(span);
    span.append(text);
  }
  const alts = [];
  for (const img of document.querySelectorAll("img[alt]")) {
    if (!cjk.test(img.alt)) continue;
    const span = document.createElement("span");
    span.dataset.cjk = "";
    span.dataset.probe = "alt";
    span.textContent = img.alt;
    img.after(span);
    alts.push(img.alt);
  }
  const first = (tags, name) => {
    const span = document.querySelector(tags.map((t) => `${t} [data-cjk]`).join(", "));
    if (span) span.dataset.probe = name;
    return span ? span.textContent.trim() : null;
  };
  return {n: texts.length, heading: first(["h1", "h2", "h3"], "heading"),
          cell: first(["tbody td", "tbody th"], "cell"), caption: first(["caption"], "caption"), alts};
})()
"""


@pytest.mark.parametrize("page", PAGES)
def test_the_page_opens_offline_and_asks_for_nothing_outside_it(browser, reports, page):
    open_page(browser, reports / page)
    urls = [r["url"] for r in browser.requests]
    assert urls[0] == (reports / page).as_uri()  # the page itself, from the disk
    assert browser.outside_requests() == []  # no stylesheet, script, font, image or fetch
    assert all(u.startswith(("file:", "data:")) for u in urls), urls
    # the only font the page loads is its own @font-face, from a data: URL, loaded
    assert browser.evaluate("[...document.fonts].map(f => [f.family, f.status])") == [
        [CSS_FAMILY, "loaded"]
    ]
    assert any(u.startswith("data:font/") for u in urls)
    assert browser.errors() == []
    title = browser.evaluate("document.title")
    assert title and re.search(r"[\u4e00-\u9fff]", title)


@pytest.mark.parametrize("page", PAGES)
def test_chinese_is_drawn_with_the_embedded_font_only(browser, reports, page):
    open_page(browser, reports / page)
    marked = browser.evaluate(MARK_CJK)
    # a Chinese heading and table cell (the summary is text: its paragraphs are checked
    # with every other piece of Chinese below)
    assert marked["heading"] and (marked["cell"] or page == SUMMARY_PAGE), marked
    probes = ["heading", "cell"] if marked["cell"] else ["heading"]
    if page in REPORT_PAGES:
        assert marked["alts"], "a report page without a chart with a Chinese alt text"
        probes.append("alt")
    if marked["caption"]:
        probes.append("caption")
    for probe in probes:
        fonts = browser.platform_fonts(f'[data-probe="{probe}"]', every=True)
        assert fonts and not foreign_fonts(fonts), (probe, marked, fonts)
        assert sum(f["glyphCount"] for f in fonts) > 0
    # every piece of Chinese text is drawn with the embedded font, none with a system
    # font (a CSS rule giving an element another family, or a failed @font-face, shows
    # up here as that family: Liberation, DejaVu, or a CJK font on a machine that has one)
    assert marked["n"] >= 5
    fonts = browser.platform_fonts("[data-cjk]", every=True)
    if foreign_fonts(fonts):
        culprits = {}
        for node in browser.node_ids("[data-cjk]"):
            used = browser.send("CSS.getPlatformFontsForNode", nodeId=node)["fonts"]
            bad = foreign_fonts(used)
            if bad:
                text = browser.send("DOM.getOuterHTML", nodeId=node)["outerHTML"][:120]
                culprits[text] = [f["familyName"] for f in bad]
        pytest.fail(f"Chinese text drawn with another font than the embedded one: {culprits}")
    # and the embedded subset has a glyph for every character a reader sees (a glyph no
    # font has is listed above under the embedded font, drawn as an empty box)
    assert browser.missing_glyphs(f'"{CSS_FAMILY}"') == []


@pytest.mark.parametrize("page", PAGES)
def test_a_narrow_screen_scrolls_wide_tables_instead_of_widening_the_page(browser, reports, page):
    open_page(browser, reports / page, width=NARROW, mobile=True)
    layout = browser.evaluate(
        """(() => {
      const tables = [...document.querySelectorAll("table")].map((t) => {
        const box = t.parentElement;
        const scrolls = ["auto", "scroll"].includes(getComputedStyle(box).overflowX);
        const wide = box.scrollWidth > box.clientWidth;
        box.scrollLeft = 100000;
        return {wide, scrolls, scrolled: box.scrollLeft, width: t.offsetWidth,
                box: box.clientWidth};
      });
      return {page: document.documentElement.scrollWidth,
              viewport: document.documentElement.clientWidth, tables};
    })()"""
    )
    assert layout["viewport"] == NARROW  # the page's meta viewport follows the phone
    assert layout["page"] <= NARROW, layout  # nothing widens the page
    assert layout["tables"] or page == SUMMARY_PAGE, "no table on the page"
    for table in layout["tables"]:
        if table["wide"]:  # cut on screen unless its box scrolls to the right-hand columns
            assert table["scrolls"] and table["scrolled"] > 0, layout
        else:
            assert table["width"] <= table["box"]
    if page in ("index.html", REPORT_PAGES[0]):
        # the index (8 columns) and the main indicators table (14) are wider than a phone
        assert any(t["wide"] for t in layout["tables"]), layout
    # a cell whose text has nowhere to break (no space, no punctuation: 官方同口径, 清水县)
    # is on one line: the table widens and scrolls rather than stack it a character a line
    assert browser.evaluate(BROKEN_WORDS) == []


# The body cells whose text has no break opportunity but was laid out on several lines
# (line boxes told apart by the top of the text's rectangles, half a line apart or more).
BROKEN_WORDS = r"""
(() => {
  const breakable = /[\s\p{P}\p{S}]/u;
  const broken = [];
  for (const cell of document.querySelectorAll("tbody td, tbody th")) {
    const text = cell.textContent.trim();
    if (!text || breakable.test(text)) continue;
    const range = document.createRange();
    range.selectNodeContents(cell);
    const line = parseFloat(getComputedStyle(cell).fontSize);
    const tops = [...range.getClientRects()].map((r) => r.top).sort((a, b) => a - b);
    const lines = tops.filter((top, i) => i === 0 || top - tops[i - 1] > line / 2).length;
    if (lines > 1) broken.push(text);
  }
  return broken;
})()
"""


WIDE = 1366  # CSS px: a desktop

# Every chart's rendered width and whether it shows its one-column variant; every table
# header word (span.hy-nw) laid out on more than one line; each scroll box's first cell
# after scrolling the box to its right end (it stays at the box's left edge).
LAYOUT = r"""
(() => {
  const charts = [...document.querySelectorAll(".jp-OutputArea-output img")].map((img) => ({
    width: img.getBoundingClientRect().width,
    narrow: !!img.closest("picture") && img.currentSrc !== img.src,
    picture: !!img.closest("picture")}));
  const broken = [];
  for (const word of document.querySelectorAll("thead th .hy-nw, th .hy-nw")) {
    const range = document.createRange();
    range.selectNodeContents(word);
    const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
    if (tops.size > 1) broken.push(word.textContent);
  }
  const headers = [...document.querySelectorAll("thead th")].filter(
    (th) => th.textContent.trim() && !th.querySelector(".hy-nw")).map((th) => th.textContent);
  const drift = [...document.querySelectorAll(".halfyear-scroll, .scroll")].map((box) => {
    const first = box.querySelector("tbody tr > :first-child");
    if (!first) return 0;
    box.scrollLeft = 1e6;
    const d = first.getBoundingClientRect().left - box.getBoundingClientRect().left;
    box.scrollLeft = 0;
    return Math.abs(d);
  });
  return {viewport: document.documentElement.clientWidth, charts, broken, headers, drift};
})()
"""


@pytest.mark.parametrize("width", [NARROW, WIDE])
@pytest.mark.parametrize("page", PAGES)
def test_charts_fill_a_phone_and_headers_never_break_inside_a_word(browser, reports, page, width):
    """At 375 px every chart is at least 90% of the screen wide, small multiples in their
    one-column variant; at 1366 px the grid. At both, no header word (1-6月累计, (亿元),
    县(市)排名) is split over two lines, and a wide table keeps its label column in view."""
    open_page(browser, reports / page, width=width, mobile=width == NARROW)
    layout = browser.evaluate(LAYOUT)
    if page in REPORT_PAGES:
        assert layout["charts"], "a report page without a chart"
    for chart in layout["charts"]:
        if width == NARROW:
            assert chart["width"] >= 0.9 * layout["viewport"], layout
            assert chart["narrow"] or not chart["picture"], layout
        else:
            assert not chart["narrow"], layout
    if page == REPORT_PAGES[0]:  # the comparison and rank charts are small multiples
        assert sum(c["picture"] for c in layout["charts"]) >= 2, layout
    assert layout["broken"] == [], layout
    assert layout["headers"] == [], layout  # every header went through header_html
    assert all(d < 1.5 for d in layout["drift"]), layout


@pytest.mark.parametrize("page", [SUMMARY_PAGE, *REPORT_PAGES])
def test_every_page_links_to_its_siblings_and_the_index_and_says_its_title_first(
    browser, reports, page
):
    """The navigation bar (no script): the index and the other pages of the report, each
    link leading to a file that is there; the chapter title before the one-line 本篇
    description; the footer naming the data set as given, the demo as fictional."""
    open_page(browser, reports / page)
    found = browser.evaluate(
        """(() => ({
      links: [...document.querySelector("nav.hy-nav").querySelectorAll("a")].map(
        (a) => a.getAttribute("href")),
      current: document.querySelector("nav.hy-nav [aria-current=page]").textContent,
      order: (() => {
        const h1 = document.querySelector("h1");
        const intro = [...document.querySelectorAll("p")].find(
          (p) => p.textContent.startsWith("本篇"));
        return intro ? !!(h1.compareDocumentPosition(intro) & Node.DOCUMENT_POSITION_FOLLOWING)
          : null;
      })(),
      footer: document.querySelector("footer.halfyear-footer").textContent,
    }))()"""
    )
    here = (reports / page).parent
    assert found["links"][0] == "../../index.html"
    assert sorted(found["links"][1:]) == sorted(
        Path(p).name for p in [SUMMARY_PAGE, *REPORT_PAGES] if p != page
    )
    for href in found["links"]:
        assert (here / href).resolve().is_file(), href
    assert found["order"] in (True, None)  # 00 has no 本篇 line
    assert "数据来源：demo（演示数据，虚构）" in found["footer"]


def stranded_headings(pdf: bytes, headings: list[str]) -> list[str]:
    """The headings that are the last thing on their printed page: no text line and no
    image drawn below them (PDF y grows upwards; positions from pypdf's text and
    operator visitors: a text's y through its matrices, an image's from the matrix it
    is drawn with)."""
    import io

    import pypdf

    wanted = {re.sub(r"\s+", "", h) for h in headings}
    out = []
    for page in pypdf.PdfReader(io.BytesIO(pdf)).pages:
        items: list[tuple[float, str | None]] = []

        def text(t, cm, tm, font, size, items=items):
            if t.strip():
                items.append((tm[4] * cm[1] + tm[5] * cm[3] + cm[5], t))

        def operator(op, args, cm, tm, items=items):
            if op == b"Do":  # an image (a chart)
                items.append((cm[5], None))

        page.extract_text(visitor_text=text, visitor_operand_before=operator)
        lines: dict[int, list[str]] = {}
        for y, t in items:
            if t is not None:
                lines.setdefault(round(y), []).append(t)
        for y, parts in lines.items():
            line = re.sub(r"\s+", "", "".join(parts))
            if line in wanted and not any(other < y - 1 for other, _ in items):
                out.append(line)
    return out


HEADINGS = "[...document.querySelectorAll('h1, h2, h3, h4')].map((h) => h.textContent.replace('¶', '').trim())"


@pytest.mark.parametrize("page", PAGES)
def test_the_page_prints_on_a4_without_a_heading_stranded_at_a_page_end(browser, reports, page):
    open_page(browser, reports / page)
    pdf = browser.print_pdf()
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 1
    assert stranded_headings(pdf, browser.evaluate(HEADINGS)) == []
    # a wide table fits the paper: the last cell of each table's first row is printed
    import io

    import pypdf

    printed = re.sub(
        r"\s+", "", "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    )
    last_cells = browser.evaluate(
        "[...document.querySelectorAll('table')].map((t) => { const r = t.tBodies[0] &&"
        " t.tBodies[0].rows[0]; return r ? r.cells[r.cells.length - 1].textContent.trim() : ''; })"
        ".filter((x) => x && x !== '—' && x.length < 12)"
    )
    assert [c for c in last_cells if re.sub(r"\s+", "", c) not in printed] == []


def test_a_stranded_heading_is_seen(browser, reports):
    """The check above can fail: a page forced to break after each section heading."""
    open_page(browser, reports / REPORT_PAGES[1])
    browser.evaluate(
        "(() => { const s = document.createElement('style'); s.textContent = '@media print {"
        " .jp-Cell:has(h3), h3 { break-after: page !important; } }'; document.head.append(s);"
        " })()"
    )
    found = stranded_headings(browser.print_pdf(), browser.evaluate(HEADINGS))
    assert "四、增速走势与两年平均增速" in found


# ----------------------------------------------------------------------------- index


def put_report(out: Path, period: str, region: str, name: str, output_yoy, output_gap) -> None:
    folder = out / period / region
    folder.mkdir(parents=True)
    results = {
        "region": region,
        "region_name": name,
        "period": period,
        "indicators": {"output": {"value": 100.0, "yoy_pct": output_yoy,
                                  "schedule_gap_pp": output_gap}},
    }  # fmt: skip
    (folder / "results.json").write_text(json.dumps(results), encoding="utf-8")
    (folder / "01_indicators.html").write_text("<html></html>", encoding="utf-8")


# (id, name, output growth %, output gap to schedule pp), in the regions table's order.
# Chosen so that sorting the shown text would be wrong: "12.5" < "8.0" and "−10.0" <
# "−3.3" (half up) as strings; two missing values in each column.
UNITS = [
    ("jz", "江洲市", 8.0, -1.5),
    ("lanxi", "岚溪县", -3.25, None),
    ("qs", "清水县", None, 2.0),
    ("zone", "开发区", 12.5, -0.5),
    ("hx", "河西区", -10.0, None),
]
GROWTH, GAP = 2, 3  # data-sort-col of the output's growth and gap columns


@pytest.fixture(scope="module")
def index_page(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("index")
    for region, name, growth, gap in UNITS:
        put_report(out, "2021-06", region, name, growth, gap)
    put_report(out, "2021-03", "jz", "江洲市", 1.0, None)
    put_report(out, "2021-03", "zone", "开发区", 2.0, None)
    return write_index(out, regions=[(r, n) for r, n, *_ in UNITS], failures=[])


ROWS = """[...document.querySelectorAll("table.sortable")].map((t) =>
  [...t.tBodies[0].rows].map((r) => r.cells[0].textContent.trim()))"""
SORTED = """[...document.querySelectorAll("th[aria-sort]")].map((th) =>
  [th.closest("table") === document.querySelector("table.sortable"),
   Number(th.dataset.sortCol), th.getAttribute("aria-sort")])"""


def click(b: Browser, col: int) -> None:
    """A user's click on the header of column ``col`` of the first (latest) period."""
    b.evaluate(
        f"""document.querySelector('table.sortable th[data-sort-col="{col}"] button')
        .dispatchEvent(new MouseEvent("click", {{bubbles: true}}))"""
    )


def test_a_click_on_a_header_sorts_numbers_with_missing_values_last(browser, index_page):
    open_page(browser, index_page)
    assert browser.errors() == []
    june, march = browser.evaluate(ROWS)
    assert june == ["江洲市", "岚溪县", "清水县", "开发区", "河西区"]  # the regions' order
    assert march == ["江洲市", "开发区"]
    assert browser.evaluate(SORTED) == [[True, 0, "ascending"], [False, 0, "ascending"]]
    assert browser.evaluate("!document.querySelector('.sort-hint').hidden")

    # growth, first click largest first: 12.5 (开发区), 8.0, −3.25, −10.0; 清水县 (—) last
    click(browser, GROWTH)
    assert browser.evaluate(ROWS)[0] == ["开发区", "江洲市", "岚溪县", "河西区", "清水县"]
    assert browser.evaluate(SORTED)[0] == [True, GROWTH, "descending"]
    # again: smallest first, −10.0, −3.25, 8.0, 12.5; the missing value still last
    click(browser, GROWTH)
    assert browser.evaluate(ROWS)[0] == ["河西区", "岚溪县", "江洲市", "开发区", "清水县"]
    assert browser.evaluate(SORTED)[0] == [True, GROWTH, "ascending"]
    # gap: 2.0, −0.5, −1.5, then the two missing (岚溪县, 河西区) in the regions' order
    click(browser, GAP)
    assert browser.evaluate(ROWS)[0] == ["清水县", "开发区", "江洲市", "岚溪县", "河西区"]
    click(browser, GAP)
    assert browser.evaluate(ROWS)[0] == ["江洲市", "开发区", "清水县", "岚溪县", "河西区"]
    # only the header sorted by carries aria-sort (the 地区 one lost it)
    assert browser.evaluate(SORTED) == [[True, GAP, "ascending"], [False, 0, "ascending"]]
    # 地区: back to the regions' order, then reversed
    click(browser, 0)
    assert browser.evaluate(ROWS)[0] == ["江洲市", "岚溪县", "清水县", "开发区", "河西区"]
    click(browser, 0)
    assert browser.evaluate(ROWS)[0] == ["河西区", "开发区", "清水县", "岚溪县", "江洲市"]
    # the other period's table was left alone; a row moves whole (its cells with it)
    assert browser.evaluate(ROWS)[1] == ["江洲市", "开发区"]
    growth_of_first = browser.evaluate(
        "document.querySelector('table.sortable tbody tr').cells[2].textContent"
    )
    assert growth_of_first == "−10.0"  # 河西区's
    assert browser.errors() == []


def test_the_index_reads_fully_without_scripts(browser, index_page):
    browser.set_scripts_enabled(False)
    try:
        open_page(browser, index_page)
        assert browser.evaluate(ROWS) == [
            ["江洲市", "岚溪县", "清水县", "开发区", "河西区"],
            ["江洲市", "开发区"],
        ]
        # the script did not run: no buttons, and its hint stays hidden
        assert browser.node_ids("th button") == []
        assert browser.evaluate("document.querySelector('.sort-hint').hidden")
        # every number is there as written
        cells = browser.evaluate(
            "[...document.querySelector('table.sortable tbody').rows].map("
            "r => [r.cells[2].textContent, r.cells[3].textContent])"
        )
        assert cells == [["+8.0", "−1.5"], ["−3.3", "—"], ["—", "+2.0"], ["+12.5", "−0.5"],
                         ["−10.0", "—"]]  # fmt: skip
        fonts = browser.platform_fonts("table.sortable tbody th a", every=True)
        assert fonts and not foreign_fonts(fonts)
    finally:
        browser.set_scripts_enabled(True)

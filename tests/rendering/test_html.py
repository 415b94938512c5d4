"""The shareable pages: the warnings banner, the title, chart alt texts, the footer, and the
layout for narrow screens and A4 print."""

from __future__ import annotations

import datetime as dt
import hashlib
import re

import nbformat
import pandas as pd
import pytest
from bs4 import BeautifulSoup
from nbformat.v4 import new_code_cell, new_notebook, new_output

import halfyear_lib
from halfyear_lib.data.language import language
from halfyear_lib.display.styling import styled_table
from halfyear_lib.rendering.html import (
    PageInfo,
    add_page_layout,
    add_warnings_banner,
    chapter_of,
    data_checksum,
    page_footer,
    render_html,
    warnings_banner,
)


def test_banner_escapes_every_text_and_follows_body():
    page = '<html lang="zh"><head><title>t</title></head><body class="jp">x</body></html>'
    out = add_warnings_banner(page, ["a <script>alert(1)</script> & b", "第 5 行"])
    assert out.startswith('<html lang="zh"><head><title>t</title></head><body class="jp">')
    assert out.index('<div class="halfyear-warnings" role="alert"') > out.index("<body")
    assert "<script>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; b" in out
    assert "<li>第 5 行</li>" in out and "输入数据有 2 条警告" in out


def test_no_warnings_no_banner():
    assert warnings_banner([]) == ""
    assert add_warnings_banner("<body>x</body>", []) == "<body>x</body>"
    assert add_warnings_banner("x", ["w"]).startswith('<div class="halfyear-warnings"')


# ------------------------------------------------------------ title, alt, footer, layout

PNG_1PX = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
HOSTILE_UNIT = "<script>alert(1)</script>县"
INFO = PageInfo(
    unit=HOSTILE_UNIT,
    period="2021年1-6月",
    chapter=chapter_of("01_indicators.ipynb"),
    data_source="demo<b>",
    data_checksum=data_checksum({"indicators.csv": "ab" * 32}),
    generated=dt.datetime(2021, 7, 5, 2, 3, tzinfo=dt.UTC),
)


def test_data_checksum_is_the_sha256_of_the_sorted_file_list():
    expected = hashlib.sha256(b"a.csv 11\nb.csv 22\n").hexdigest()
    assert data_checksum({"b.csv": "22", "a.csv": "11"}) == expected
    assert data_checksum({"a.csv": "11", "b.csv": "23"}) != expected  # any input changes it


def test_title_names_unit_period_and_chapter():
    assert PageInfo("清水县", "2021年1-6月", "主要指标").title == "清水县 2021年1-6月 · 主要指标"
    assert PageInfo("清水县", "2021年1-6月").title == "清水县 2021年1-6月"
    assert [chapter_of(f"0{i}_x") for i in range(1, 3)] == ["01_x", "02_x"]  # unknown: stem
    assert chapter_of("notebooks/03_investment.ipynb") == "工业投资"


def test_footer_has_source_checksum_prefix_time_and_version():
    footer = page_footer(INFO)
    text = BeautifulSoup(footer, "html.parser").get_text()
    assert "<b>" not in footer and "demo&lt;b&gt;" in footer  # the source is escaped
    assert re.search(r"数据校验码：([0-9a-f]{12})\b", text).group(1) == INFO.data_checksum[:12]
    assert INFO.data_checksum[:13] not in text  # a prefix, not the whole value
    assert f"halfyear {halfyear_lib.__version__}" in text
    assert "生成时间：2021-07-05 " in text


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """A notebook with a heading, a wide marked table and two charts (one without alt),
    rendered as a report page."""
    wide = pd.DataFrame(
        {"指标": ["产值"], "同比增长(%)": ["-2.3"], **{f"列{i}": ["1.0"] for i in range(20)}}
    )
    outputs = [
        new_output("display_data", data={"text/markdown": "# 标题"}),
        new_output("display_data", data={"text/html": styled_table(wide).to_html()}),
        new_output(
            "display_data",
            data={"image/png": PNG_1PX},
            metadata={"image/png": {"alt": '产值"<img src=x>"增速'}},
        ),
        new_output("display_data", data={"image/png": PNG_1PX}),
    ]
    folder = tmp_path_factory.mktemp("page")
    nbformat.write(new_notebook(cells=[new_code_cell("x", outputs=outputs)]), folder / "p.ipynb")
    with language("en"):  # a module fixture runs outside the per-test English fixture
        page = render_html(folder / "p.ipynb", folder / "p.html", warnings=["w"], info=INFO)
    return page.read_text(encoding="utf-8")


def test_page_title_is_escaped(rendered):
    soup = BeautifulSoup(rendered, "html.parser")
    assert soup.title.get_text() == f"{HOSTILE_UNIT} 2021年1-6月 · 主要指标"
    assert "<script>alert" not in rendered


def test_every_image_has_an_alt_text_from_the_chart(rendered):
    imgs = BeautifulSoup(rendered, "html.parser").find_all("img")
    assert [img.get("alt") for img in imgs] == ['产值"<img src=x>"增速', "图表"]
    assert "<img src=x>" not in rendered  # escaped in the attribute
    assert "No description has been provided" not in rendered


def test_footer_is_last_in_the_body(rendered):
    soup = BeautifulSoup(rendered, "html.parser")
    footer = soup.body.find_all(recursive=False)[-1]
    assert (
        footer.name == "footer"
        and footer.get_text() == BeautifulSoup(page_footer(INFO), "html.parser").get_text()
    )


def test_print_and_narrow_screen_style_and_tables_scroll(rendered):
    soup = BeautifulSoup(rendered, "html.parser")
    css = soup.find("style", id="halfyear-page").get_text()
    assert re.search(r"@page\s*\{\s*size:\s*A4;\s*margin:", css)
    assert re.search(r"h2, h3[^{]*\{\s*break-after:\s*avoid", css)
    assert re.search(r"table, figure, img[^{]*\{\s*break-inside:\s*avoid", css)
    assert re.search(r"\.halfyear-scroll\s*\{\s*overflow-x:\s*auto", css)
    assert "@media (max-width:" in css
    tables = soup.find_all("table")
    assert tables and all("halfyear-scroll" in t.parent.get("class", []) for t in tables)
    assert soup.find("td", string="↓ -2.3") is not None  # the marked cell survives
    assert "<script" not in rendered


def test_layout_without_head_or_body_still_adds_style_and_footer():
    out = add_page_layout("<table><tr><td>1</td></tr></table>", INFO)
    assert out.startswith('<style id="halfyear-page">')
    assert '<div class="halfyear-scroll"><table>' in out and out.endswith("</footer>")
    assert add_page_layout("<p>x</p>").count("<footer") == 0  # no info, no footer


def test_outputs_stay_focusable_and_the_text_is_nbconverts(rendered, tmp_path):
    """The page exporter skips nbconvert's BeautifulSoup pass: the two things that pass
    did (alt text, focusable outputs) are still done, and the page reads the same."""
    from nbconvert import HTMLExporter

    from halfyear_lib.rendering.html import export_page

    soup = BeautifulSoup(rendered, "html.parser")
    outputs = soup.select("div.jp-OutputArea-output")
    assert outputs and all(o.get("tabindex") == "0" for o in outputs)
    nb = new_notebook(
        cells=[
            new_code_cell(
                "x",
                outputs=[
                    new_output("display_data", data={"text/markdown": "# 标题 <b>粗</b>"}),
                    new_output("display_data", data={"image/png": PNG_1PX}),
                ],
            )
        ]
    )
    nbformat.write(nb, tmp_path / "n.ipynb")
    ours = BeautifulSoup(export_page(tmp_path / "n.ipynb"), "html.parser")
    theirs, _ = HTMLExporter(
        template_name="lab", exclude_input=True, embed_images=True
    ).from_notebook_node(nb)
    theirs = BeautifulSoup(theirs, "html.parser")

    def words(soup):
        return soup.select_one(".jp-Notebook").get_text().split()

    assert words(ours) == words(theirs) and words(ours)[0] == "标题"
    # nbconvert's placeholder, made 图表 / chart by add_page_layout
    assert [i.get("alt") for i in ours.find_all("img")] == ["图表"]


def test_the_pages_of_a_run_share_one_font_subset(tmp_path):
    """Two pages with different characters: one subset, covering both, in both pages."""
    from halfyear_lib.display import fonts
    from halfyear_lib.rendering.html import finish_pages

    a, b = tmp_path / "a.html", tmp_path / "b.html"
    body = "<html><head></head><body><p>{}</p></body></html>"
    fonts._subset_woff.cache_clear()
    finish_pages({a: body.format("清水县"), b: body.format("岚溪县")}, warnings=["注意"])
    style = [
        re.search(r'<style id="halfyear-cjk-font">.*?</style>', p.read_text(encoding="utf-8"), re.S)
        for p in (a, b)
    ]
    assert style[0] and style[1] and style[0].group(0) == style[1].group(0)
    assert fonts._subset_woff.cache_info().misses == 1  # made once
    # the embedded subset has every character of both pages and of the banner
    import base64
    import io

    from fontTools.ttLib import TTFont

    data = re.search(r"base64,([A-Za-z0-9+/=]+)", style[0].group(0)).group(1)
    cmap = TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap()
    assert all(ord(c) in cmap for c in "清水县岚溪注意")


def test_chinese_written_by_markdown_is_text_not_references(tmp_path):
    from halfyear_lib.rendering.html import export_page

    nb = new_notebook(
        cells=[
            new_code_cell(
                "x",
                outputs=[new_output("display_data", data={"text/markdown": "## 清水县 &lt;b&gt;"})],
            )
        ]
    )
    nbformat.write(nb, tmp_path / "n.ipynb")
    page = export_page(tmp_path / "n.ipynb")
    assert "清水县" in page and "&#28165;" not in page
    assert "<b>" not in page  # an escaped tag stays escaped


def test_each_mark_is_explained_once_per_page_under_its_table():
    """The notes of a page's tables: a mark is explained under the first table that shows
    it, as a paragraph after the scroll box (it wraps within a phone's screen instead of
    scrolling away with the table); a note with nothing new is left out."""
    from halfyear_lib.rendering.html import wrap_tables

    first = "<table><caption>▲ 快于时序进度，▼ 慢于时序进度；↓ 下降（负增长）。</caption><tr><td>1</td></tr></table>"
    second = "<table><caption>↓ 下降（负增长）。</caption><tr><td>2</td></tr></table>"
    third = "<table><caption>↓ 下降（负增长）；↓ 拉低增速。</caption><tr><td>3</td></tr></table>"
    soup = BeautifulSoup(wrap_tables(first + second + third), "html.parser")
    assert soup.find("caption") is None
    notes = [p.get_text() for p in soup.find_all("p", class_="halfyear-caption")]
    assert notes == ["▲ 快于时序进度，▼ 慢于时序进度；↓ 下降（负增长）。", "↓ 拉低增速。"]
    boxes = soup.find_all("div", class_="halfyear-scroll")
    assert boxes[0].find_next_sibling().get_text().startswith("▲")  # right under its table


def test_headers_break_between_words_never_inside_one():
    from halfyear_lib.rendering.html import header_html, protect_headers

    assert header_html("1-6月累计(亿元)") == (
        '<span class="hy-nw">1-6月累计</span><wbr><span class="hy-nw">(亿元)</span>'
    )
    assert header_html("较时序进度 ±百分点").count("hy-nw") == 2
    page = protect_headers(
        '<table><thead><tr><th class="x">同比增长(%)</th><th><a>链接</a></th></tr></thead>'
        "<tbody><tr><th>规上工业总产值</th></tr></tbody></table>"
    )
    assert '<th class="x"><span class="hy-nw">同比增长</span><wbr>' in page
    assert "<th><a>链接</a></th>" in page  # a header holding markup is left as it is
    assert "<th>规上工业总产值</th>" in page  # a row's header is not a column header


def test_every_page_links_to_its_siblings_and_the_index():
    from pathlib import Path

    from halfyear_lib.rendering.html import add_navigation, navigation

    bar = navigation("02_industry", ["00_summary", "01_indicators", "02_industry"])
    soup = BeautifulSoup(bar, "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a")]
    # relative links: the index two folders up, the siblings beside; the page itself as text
    assert hrefs == ["../../index.html", "00_summary.html", "01_indicators.html"]
    assert soup.find(attrs={"aria-current": "page"}).get_text() == "工业经济运行"
    pages = add_navigation({
        Path("r/00_summary.html"): "<html><body><h1>总结</h1><footer class=\"halfyear-footer\">f</footer></body></html>",
        Path("r/01_indicators.html"): "<html><body><h1>指标</h1></body></html>",
    })  # fmt: skip
    first = pages[Path("r/00_summary.html")]
    # at the top and again above the footer
    assert first.index("<nav") < first.index("<h1>") and first.count("<nav") == 2
    assert first.rindex("<nav") < first.index("<footer")
    assert '<a href="00_summary.html">' in pages[Path("r/01_indicators.html")]

"""The drafted summary as a whole 公文: its title, the signature and date lines, the annex
table (the cells of page 01's headline table), page numbers right on odd pages and left on
even ones (GB/T 9704), Word's properties, and no tool words where a reader reads."""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml.ns import qn

from halfyear_lib.chapters.base import compute, context
from halfyear_lib.paths import DEMO_DATA_DIR
from halfyear_lib.rendering.html import PageInfo
from halfyear_lib.rendering.summary import (
    docx_document,
    markdown,
    page_html,
    plain_text,
    trace,
    write_summary,
)
from halfyear_lib.running.runs import run_report
from halfyear_lib.text.zh.draft import build_draft
from halfyear_lib.text.zh.draft import document as document_module

GROWTH_ONLY = Path(__file__).resolve().parents[1] / "fixtures" / "growth_only"
BUREAU = "清水县科技经济信息化局"
NOW = dt.datetime(2021, 7, 15, 9, 30, 5, tzinfo=dt.UTC)
TOOL_WORDS = ("results.json", "halfyear", "params/", "summary_trace")
ANNEX_COLUMNS = [
    "指标", "累计完成（亿元）", "同比增长（%）", "年度目标（亿元）", "完成目标（%）",
    "较时序进度（百分点）", "全市排名",
]  # fmt: skip
# annex column → page 01's headline column (text/zh/indicators.py headline_table)
PAGE_COLUMNS = {
    "指标": "指标",
    "累计完成（亿元）": "1-6月累计(亿元)",
    "同比增长（%）": "同比增长(%)",
    "年度目标（亿元）": "年度目标(亿元)",
    "完成目标（%）": "完成目标(%)",
    "较时序进度（百分点）": "进度差(百分点)",
    "全市排名": "全市排名",
}


def results(**document) -> dict:
    """A small results dict worked by hand: output 88.203881 亿元 (prints 88.2), +24.1%,
    target 170 (51.884636% → 51.9), 1.884636 points ahead (+1.9), 3rd of 11; 技改
    9.108473 亿元 (below 10: two decimals, 9.11), no target, no rank."""
    res = {
        "region": "qingshui",
        "region_name": "清水县",
        "period": "2021-06",
        "period_label": "2021年1-6月",
        "indicators": {
            "output": {
                "unit": "亿元", "value": 88.203881, "yoy_pct": 24.1, "yoy_source": "official",
                "target": 170.0, "target_share_pct": 51.884636, "time_progress_pct": 50.0,
                "schedule_gap_pp": 1.884636, "shortfall": -3.203881, "rank_city": 3,
                "rank_city_of": 11, "rank_city_source": "computed", "rank_city_scope": "全市",
            },
            "tech_investment": {"unit": "亿元", "value": 9.108473, "yoy_pct": 34.0},
        },
    }  # fmt: skip
    if document:
        res["document"] = document
    return res


def saved(res: dict, tmp_path: Path, now: dt.datetime | None = NOW) -> docx.Document:
    path = tmp_path / "summary.docx"
    docx_document(build_draft(res), now=now).save(str(path))
    return docx.Document(str(path))


def visible(page: str) -> str:
    """What a reader of the page reads: no style, no footer (the tool's own lines), no tags."""
    page = re.sub(r"<(style|script)\b.*?</\1>", "", page, flags=re.S)
    page = re.sub(r"<footer\b.*?</footer>", "", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


# ---------------------------------------------------------------------------- title


def test_the_title_names_the_bureau_and_the_half_year():
    draft = build_draft(results(bureau=BUREAU))
    assert draft.title.text == "清水县科技经济信息化局关于2021年上半年工作总结和下半年工作安排"
    # the year is a traced slot (the template holds no digit): 2021 from period 2021-06
    (year,) = [s for s in draft.title.slots if s.path == "period"]
    assert (year.value, year.text) == ("2021-06", "2021")


def test_without_a_bureau_the_title_keeps_a_highlighted_placeholder(tmp_path):
    draft = build_draft(results())
    assert draft.title.text == "【待补充：单位名称】关于2021年上半年工作总结和下半年工作安排"
    assert [p.placeholder for p in draft.title_parts] == [True, False]
    page = page_html(draft)
    assert (
        '<h1><span class="halfyear-todo">【待补充：单位名称】</span>'
        "关于2021年上半年工作总结和下半年工作安排</h1>"
    ) in page
    title = saved(results(), tmp_path).paragraphs[0]
    assert title.style.name == "Title"
    assert [(r.text, r.font.highlight_color) for r in title.runs] == [
        ("【待补充：单位名称】", WD_COLOR_INDEX.YELLOW),
        ("关于2021年上半年工作总结和下半年工作安排", None),
    ]
    assert markdown(draft).startswith("# 【待补充：单位名称】关于2021年上半年")


@pytest.mark.parametrize(
    ("period", "label", "title"),
    [
        ("2021-03", "2021年1-3月", "关于2021年1-3月工业经济运行情况"),
        ("2021-12", "2021年1-12月", "关于2021年1-12月工业经济运行情况"),
        ("2022-02", "2022年1-2月", "关于2022年1-2月工业经济运行情况"),
    ],
)
def test_another_period_is_a_brief_on_the_industrial_economy(period, label, title):
    res = results(bureau=BUREAU) | {"period": period, "period_label": label}
    assert build_draft(res).title.text == BUREAU + title


def test_the_year_falls_back_to_the_forecast_year():
    res = results(bureau=BUREAU) | {"period": "xx-06", "forecast": {"year": 2021}}
    assert build_draft(res).title.text == BUREAU + "关于2021年上半年工作总结和下半年工作安排"


# ---------------------------------------------------------------------------- signature


@pytest.mark.parametrize(
    ("document", "lines"),
    [
        ({"bureau": BUREAU, "date": "2021-07-15"}, [BUREAU, "2021年7月15日"]),
        # the signature line wins over the bureau; a single-digit month and day unpadded
        ({"bureau": BUREAU, "signature": "清水县科经局", "date": "2021-07-05"},
         ["清水县科经局", "2021年7月5日"]),
        ({}, ["【待补充：单位名称】", "【待补充：成文日期】"]),
        ({"date": "2021-13-40"}, ["【待补充：单位名称】", "【待补充：成文日期】"]),
    ],
)  # fmt: skip
def test_the_signature_and_date_close_the_document(document, lines, tmp_path):
    res = results(**document)
    draft = build_draft(res)
    assert [s.text for s in draft.closing] == lines
    assert [s.placeholder for s in draft.closing] == [line.startswith("【") for line in lines]
    # plain text: after the last section, before the annex
    text = plain_text(draft).splitlines()
    at = text.index(lines[0])
    assert text[at + 1] == lines[1] and text[at + 2].startswith("附表：")
    # Word: right-aligned, no first-line indent, after the body and before the annex
    doc = saved(res, tmp_path)
    pars = [p for p in doc.paragraphs if p.text in lines]
    assert [p.text for p in pars] == lines
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.RIGHT for p in pars)
    assert all(p.paragraph_format.first_line_indent == 0 for p in pars)
    # the page: right-aligned lines; summary.md: plain lines (no raw HTML in the file)
    page = page_html(draft)
    assert ".halfyear-summary p.halfyear-sign { text-align: right;" in page
    assert re.findall(r'<p class="halfyear-sign[^"]*">(.*?)</p>', page)[1].endswith(
        lines[1] + ("</span>" if lines[1].startswith("【") else "")
    )
    md = markdown(draft)
    plain = re.sub(r"<!--.*?-->", "", md, flags=re.S)
    assert all(f"\n{line}\n" in plain for line in lines) and "<p" not in plain
    # the trace lists the names and the date with their parameters' paths
    paths = {e["path"]: e["text"] for e in trace(draft)["texts"]}
    if "date" in document and not lines[1].startswith("【"):
        assert paths["document.date"] == lines[1]


# ---------------------------------------------------------------------------- annex


def test_the_annex_prints_the_headline_indicators_by_the_one_rule(tmp_path):
    draft = build_draft(results(bureau=BUREAU))
    annex = draft.annex
    assert annex.title.text == "附表：2021年1-6月主要工业经济指标完成情况"
    assert annex.columns == ANNEX_COLUMNS
    rows = [[c.text for c in row] for row in annex.rows]
    assert rows == [
        # 88.203881 → 88.2 (one decimal from 10), 51.884636 → 51.9, +1.884636 → +1.9
        ["规上工业总产值", "88.2", "24.1", "170.0", "51.9", "+1.9", "3/11"],
        # 9.108473 → 9.11 (two decimals below 10); no target, no rank: "—"
        ["技改投资", "9.11", "34.0", "—", "—", "—", "—"],
    ]
    # each cell keeps the path of its value (hover on the page, summary_trace.json)
    assert annex.rows[0][1].path == "indicators.output.value"
    assert {"row": "规上工业总产值", "column": "累计完成（亿元）", "path": "indicators.output.value",
            "value": 88.203881, "text": "88.2"} in trace(draft)["annex"]  # fmt: skip

    # Word: a real table with single borders all round, after the signature, header repeated
    doc = saved(results(bureau=BUREAU), tmp_path)
    (table,) = doc.tables
    assert [[c.text for c in r.cells] for r in table.rows] == [ANNEX_COLUMNS, *rows]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert {b.tag.split("}")[1]: b.get(qn("w:val")) for b in borders} == dict.fromkeys(
        ("top", "left", "bottom", "right", "insideH", "insideV"), "single"
    )
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    body = list(doc.element.body.iterchildren())
    annex_title = next(p for p in doc.paragraphs if p.text.startswith("附表："))
    assert body.index(annex_title._p) < body.index(table._tbl)
    signature = next(p for p in doc.paragraphs if p.text == BUREAU)
    assert body.index(signature._p) < body.index(annex_title._p)

    # the page: an HTML table, numbers with their path on hover
    page = page_html(draft)
    assert '<table class="halfyear-annex">' in page
    assert '<th scope="col">累计完成（亿元）</th>' in page
    assert (
        '<td title="indicators.output.value = 88.203881" data-path="indicators.output.value">88.2</td>'
        in page
    )
    # summary.md: a Markdown table
    md = markdown(draft)
    assert "**附表：2021年1-6月主要工业经济指标完成情况**" in md
    assert "| 规上工业总产值 | 88.2 | 24.1 | 170.0 | 51.9 | +1.9 | 3/11 |" in md
    assert "| 技改投资 | 9.11 | 34.0 | — | — | — | — |" in md


def test_the_annex_escapes_a_scope_from_the_data(tmp_path):
    res = results()
    res["indicators"]["output"]["rank_city_scope"] = "<b>|省"
    draft = build_draft(res)
    assert draft.annex.columns[-1] == "<b>|省排名"
    assert "&lt;b&gt;|省排名" in page_html(draft) and "<b>|省" not in page_html(draft)
    assert "&lt;b&gt;\\|省排名" in markdown(draft)
    doc = saved(res, tmp_path)
    assert doc.tables[0].rows[0].cells[-1].text == "<b>|省排名"


def test_no_headline_indicator_no_annex(tmp_path):
    res = results() | {"indicators": {}}
    draft = build_draft(res)
    assert draft.annex is None
    assert "附表" not in markdown(draft) and 'halfyear-annex"' not in page_html(draft)
    assert saved(res, tmp_path).tables == []
    # a damaged entry (a string where numbers belong) prints "—", never breaks the draft
    res = results()
    res["indicators"]["output"] = {"value": "x", "yoy_pct": [1], "rank_city": "3"}
    assert [c.text for c in build_draft(res).annex.rows[0]][1:] == ["—"] * 6


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    """The demo with page 01 only (the draft needs nothing else for its letterhead and
    annex), a bureau and a date given as the run's document parameters."""
    return run_report(
        DEMO_DATA_DIR, "qingshui", "2021-06", tmp_path_factory.mktemp("reports"),
        notebooks=["01_indicators.ipynb"],
        document={"bureau": BUREAU, "date": "2021-07-15"},
    )  # fmt: skip


def page01_headline(data, region: str):
    chapter = compute("indicators", context(data=str(data), region=region, period="2021-06"))
    return chapter.display_tables()["headline"].set_index("指标")


def check_annex_is_page01(folder: Path, headline) -> list[list[str]]:
    """Every cell of the annex (the draft, the Word table, the page's table) equals page
    01's headline table's cell for the same indicator; returns the Word table's rows."""
    res = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    annex = build_draft(res).annex
    assert annex.columns == ANNEX_COLUMNS
    (table,) = docx.Document(str(folder / "summary.docx")).tables
    word = [[c.text for c in r.cells] for r in table.rows]
    assert word[0] == ANNEX_COLUMNS
    page = (folder / "00_summary.html").read_text(encoding="utf-8")
    html_rows = re.findall(
        r"<tr><th scope=\"row\">(.*?)</th>(.*?)</tr>",
        page.split('<table class="halfyear-annex">')[1],
    )
    assert len(annex.rows) == len(word) - 1 == len(html_rows) == len(headline) > 0
    for row, word_row, (label, cells) in zip(annex.rows, word[1:], html_rows, strict=True):
        shown = [c.text for c in row]
        assert shown == word_row
        assert [label, *re.findall(r"<td[^>]*>(.*?)</td>", cells)] == shown
        page_row = headline.loc[shown[0]]
        for column, text in zip(ANNEX_COLUMNS[1:], shown[1:], strict=True):
            name = PAGE_COLUMNS[column]
            expected = page_row[name] if name in page_row.index else "—"
            assert text == expected, (shown[0], column)
    return word


def test_the_annex_cells_are_page_01s_headline_cells(demo_run):
    word = check_annex_is_page01(demo_run.report_dir, page01_headline(DEMO_DATA_DIR, "qingshui"))
    # worked from the demo's results: output 88.203881 → 88.2, 技改 9.108473 → 9.11,
    # industrial investment 6.754705 points behind → -6.8
    assert word[1][:3] == ["规上工业总产值", "88.2", "24.1"]
    assert word[4][:2] == ["技改投资", "9.11"] and word[3][5] == "-6.8"


def test_a_growth_only_run_shows_no_amount_in_the_annex(tmp_path):
    run = run_report(GROWTH_ONLY, "aa", "2021-06", tmp_path, notebooks=["01_indicators.ipynb"])
    word = check_annex_is_page01(run.report_dir, page01_headline(GROWTH_ONLY, "aa"))
    # rates only: no amount, so no share of the target nor gap to the schedule (the
    # fixture gives industrial investment an annual target of 40.0 亿元, page 01 too)
    assert [row[3] for row in word[1:]] == ["—", "—", "40.0", "—", "—"]
    for row in word[1:]:
        assert row[1] == row[4] == row[5] == "—"
    # the growth rates are there (技改 has none in the fixture)
    assert [row[2] for row in word[1:]] == ["9.1", "7.1", "15.1", "—", "12.1"]


# ---------------------------------------------------------------------------- page numbers


def test_page_numbers_right_on_odd_pages_left_on_even_pages(tmp_path):
    saved(results(), tmp_path)
    with zipfile.ZipFile(tmp_path / "summary.docx") as z:
        settings = z.read("word/settings.xml").decode("utf-8")
        document = z.read("word/document.xml").decode("utf-8")
        rels = z.read("word/_rels/document.xml.rels").decode("utf-8")
        footers = {n: z.read(n).decode("utf-8") for n in z.namelist() if "footer" in n}
    assert "<w:evenAndOddHeaders/>" in settings
    refs = dict(re.findall(r'<w:footerReference w:type="(\w+)" r:id="(\w+)"/>', document))
    assert set(refs) == {"default", "even"}
    targets = dict(re.findall(r'Id="(\w+)"[^>]*Target="([^"]+)"', rels))
    targets |= {k: v for v, k in re.findall(r'Target="([^"]+)"[^>]*Id="(\w+)"', rels)}
    odd, even = (footers["word/" + targets[refs[t]]] for t in ("default", "even"))
    assert '<w:jc w:val="right"/>' in odd and '<w:jc w:val="left"/>' in even
    for xml in (odd, even):
        assert '<w:fldSimple w:instr="PAGE">' in xml
        assert re.sub(r"<[^>]+>", "", xml).strip() == "— 1 —"  # the — 1 — style kept


# ---------------------------------------------------------------------------- properties


def test_word_properties_name_the_bureau_and_the_run_time(tmp_path):
    props = saved(results(bureau=BUREAU), tmp_path).core_properties
    assert props.title == "清水县科技经济信息化局关于2021年上半年工作总结和下半年工作安排"
    assert props.author == props.last_modified_by == BUREAU
    assert props.created == props.modified == NOW
    for name in ("comments", "keywords", "subject", "category"):
        assert getattr(props, name) == "", name
    with zipfile.ZipFile(tmp_path / "summary.docx") as z:
        assert not any("thumbnail" in n for n in z.namelist())  # python-docx's preview
        meta = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("docProps/"))
    assert "python-docx" not in meta and "2013-12-23" not in meta and "halfyear" not in meta
    # the template's extended properties: no Word for Macintosh 14.0, no Normal.dotm; the
    # bureau as company
    assert "Macintosh" not in meta and "Normal.dotm" not in meta and "AppVersion" not in meta
    assert f"<Company>{BUREAU}</Company>" in meta


def test_without_a_bureau_word_properties_name_no_one(tmp_path):
    props = saved(results(), tmp_path).core_properties
    assert props.title == "关于2021年上半年工作总结和下半年工作安排"  # the placeholder left out
    assert props.author == props.last_modified_by == ""
    # a time zone other than UTC: stored as the same instant
    east8 = dt.datetime(2021, 7, 15, 17, 30, 5, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert saved(results(), tmp_path, now=east8).core_properties.created == NOW


def test_a_run_dates_the_word_file_at_its_start(tmp_path):
    files = write_summary(
        results(), tmp_path, PageInfo("清水县", "2021年1-6月", generated=NOW)
    ).files
    props = docx.Document(str(files["docx"])).core_properties
    assert props.created == props.modified == NOW


# ---------------------------------------------------------------------------- tool words


def test_no_tool_words_where_a_reader_reads(demo_run):
    folder = demo_run.report_dir
    page = (folder / "00_summary.html").read_text(encoding="utf-8")
    doc = docx.Document(str(folder / "summary.docx"))
    read = [visible(page)]
    read += [p.text for p in doc.paragraphs]
    read += [c.text for t in doc.tables for r in t.rows for c in r.cells]
    read += [p.text for s in doc.sections for f in (s.footer, s.even_page_footer)
             for p in f.paragraphs]  # fmt: skip
    for word in TOOL_WORDS:
        assert not any(word in text for text in read), word
    # the note on how the draft was made: under the page and a comment in summary.md
    note = re.search(r'<footer class="halfyear-summary-note"[^>]*>(.*?)</footer>', page).group(1)
    assert "summary_trace.json" in note
    assert page.index("</main>") < page.index('halfyear-summary-note" role')
    md = (folder / "summary.md").read_text(encoding="utf-8")
    assert "summary_trace.json" not in re.sub(r"<!--.*?-->", "", md, flags=re.S)
    assert "<!-- 初稿由 halfyear" in md
    # the run's bureau and date reached the document
    assert doc.paragraphs[0].text.startswith(BUREAU + "关于2021年")
    assert "2021年7月15日" in [p.text for p in doc.paragraphs]


def test_a_section_the_data_cannot_give_speaks_to_the_editor(monkeypatch):
    def broken(*args):
        raise TypeError("a damaged results.json")

    monkeypatch.setattr(document_module, "forecast_section", broken)
    text = plain_text(build_draft(results()))
    assert "经济指标预测：本部分数据不完整，请据实填写" in text
    assert "results.json" not in text

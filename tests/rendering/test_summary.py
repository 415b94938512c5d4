"""The drafted summary as a run writes it: every number traceable to results.json (the
demo and edge cases), summary.md / summary_trace.json / summary.docx / 00_summary.html,
data strings escaped."""

from __future__ import annotations

import copy
import json
import os
import re
from pathlib import Path

import pytest

from halfyear_lib.paths import DEMO_DATA_DIR
from halfyear_lib.rendering.html import PageInfo
from halfyear_lib.rendering.summary import (
    BODY_FONT,
    H1_FONT,
    H2_FONT,
    TITLE_FONT,
    markdown,
    plain_text,
    write_summary,
)
from halfyear_lib.running.runs import run_report
from halfyear_lib.text.zh.draft import build_draft, lookup

GROWTH_ONLY = Path(__file__).resolve().parents[1] / "fixtures" / "growth_only"
DEMO_TITLE = "【待补充：单位名称】关于2021年上半年工作总结和下半年工作安排"  # no bureau given
# a number as the text prints it: "1-6月" gives 1 and 6, "-5.9" gives -5.9
NUMBER = re.compile(r"(?<![\d.])-?\d+(?:\.\d+)?")


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    return run_report(DEMO_DATA_DIR, "qingshui", "2021-06", tmp_path_factory.mktemp("reports"))


@pytest.fixture(scope="module")
def demo_results(demo_run) -> dict:
    return json.loads((demo_run.report_dir / "results.json").read_text(encoding="utf-8"))


def docx_text(doc) -> list[str]:
    """The body of a python-docx Document in order: each non-empty paragraph's text, each
    table row's cells joined by tabs (as :func:`plain_text` writes the annex)."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    lines = []
    for block in doc.iter_inner_content():
        if isinstance(block, Paragraph):
            if block.text:
                lines.append(block.text)
        elif isinstance(block, Table):
            lines += ["\t".join(c.text for c in row.cells) for row in block.rows]
    return lines


def check_traceable(results: dict, draft) -> int:
    """Every number of every sentence is a slot, and every slot prints the value found at
    its path in ``results``; returns how many numbers were checked."""
    checked = 0
    for sentence in draft.sentences():
        found = NUMBER.findall(sentence.text)
        from_slots = [n for slot in sentence.slots for n in NUMBER.findall(slot.text)]
        assert found == from_slots, f"a number not from a slot in {sentence.text!r}"
        for slot in sentence.slots:
            value = lookup(results, slot.path)
            assert value == slot.value, slot.path
            numbers = NUMBER.findall(slot.text)
            if slot.kind == "number":
                assert len(numbers) == 1, slot
                printed = numbers[0]
                decimals = len(printed.split(".")[1]) if "." in printed else 0
                expected = (abs(value) if slot.absolute else value) * slot.scale
                assert abs(float(printed) - expected) <= 0.5 * 10**-decimals + 1e-9, slot
                if slot.absolute:
                    assert not printed.startswith("-")
            else:  # a name or label: its digits are the value's own
                value_numbers = [float(n) for n in NUMBER.findall(str(value))]
                assert all(float(n) in value_numbers for n in numbers), slot
            checked += len(numbers)
    return checked


def test_every_number_of_the_demo_draft_comes_from_results_json(demo_results):
    draft = build_draft(demo_results)
    text = plain_text(draft)
    # the draft says what the demo's results say (worked from results.json by hand):
    # output 88.203881 亿元 → 88.2, value added 20.348028 → 20.3, 技改 9.108473 → 9.11
    for phrase in (
        "累计完成产值88.2亿元，同比增长24.1%",
        "累计完成规上工业增加值20.3亿元，同比增长13.8%",
        "累计完成技改投资9.11亿元，同比增长34.0%",
        "低于时序进度6.8个百分点",  # industrial investment, −6.754705 pp
        "较时序进度少完成3.28亿元",
        # 针织服装 30.63 → 38.67: +8.04 on last year's 71.05 total is +11.3 points of growth
        "其中针织服装贡献最大，拉动增长11.3个百分点",
        "即使后6个月同比下降9.5%也能完成",  # output's rest of the year, −9.528765%
        # p_meet_target 0.521 (40-70%: 存在一定不确定性), of the growth target whose
        # amount page 02 measures too
        "完成年度增长目标（8%）存在一定不确定性",
    ):
        assert phrase in text, phrase
    assert check_traceable(demo_results, draft) > 150


@pytest.mark.parametrize(
    "edit",
    ["negative_growth", "missing_tables", "tie", "growth_only_amounts"],
)
def test_edge_cases_stay_traceable(demo_results, edit):
    res = copy.deepcopy(demo_results)
    if edit == "negative_growth":
        for code in ("output", "value_added", "industrial_investment"):
            res["indicators"][code]["yoy_pct"] = -3.4
            res["indicators"][code]["schedule_gap_pp"] = -12.25
        res["forecast"]["full_year"]["output"]["yoy_pct"] = -1.06
    elif edit == "missing_tables":
        for key in ("tasks", "investment", "rate_adjustment", "prices", "firms", "required"):
            res.pop(key)
    elif edit == "tie":
        table = res["rankings"]["city"]["output"]
        me = next(e for e in table if e["region_id"] == "qingshui")
        other = next(e for e in table if e["rank"] == me["rank"] - 1)
        other["rank"] = me["rank"]
    else:  # growth only: no amount anywhere
        for ind in res["indicators"].values():
            ind |= {"value": None, "target_share_pct": None, "schedule_gap_pp": None}
    draft = build_draft(res)
    text = plain_text(draft)
    assert check_traceable(res, draft) > 20
    if edit == "negative_growth":
        assert "同比下降3.4%" in text and "低于时序进度12.3个百分点" in text
        assert "同比下降1%左右" in text  # the projected year, −1.1% said aloud
    elif edit == "missing_tables":
        assert "【待补充：数据中没有重点任务表" in text
        assert "有效投资余额" not in text
    elif edit == "tie":
        # 桐溪县 (2nd) now shares 清水县's 3rd place
        assert "与桐溪县并列第3位" in text
    else:
        assert "累计完成产值" not in text and "产值同比增长24.1%" in text


def test_the_growth_only_fixture_run_is_traceable(tmp_path):
    run = run_report(GROWTH_ONLY, "aa", "2021-06", tmp_path)
    res = json.loads((run.report_dir / "results.json").read_text(encoding="utf-8"))
    draft = build_draft(res)
    check_traceable(res, draft)
    text = plain_text(draft)
    assert "亿元" not in text.split("经济指标预测")[0]  # no amount from rates alone
    assert (run.report_dir / "summary.docx").is_file()


def test_markdown_and_trace_file_give_each_number_its_path(demo_run, demo_results):
    folder = demo_run.report_dir
    md = (folder / "summary.md").read_text(encoding="utf-8")
    trace = json.loads((folder / "summary_trace.json").read_text(encoding="utf-8"))
    by_key = {e["key"]: e for e in trace["numbers"]}
    marks = re.findall(r"(-?\d+(?:\.\d+)?)<!-- (n\d+) (\S+) -->", md)
    assert len(marks) == len(by_key) > 150
    for printed, key, path in marks:
        entry = by_key[key]
        assert (entry["text"], entry["path"]) == (printed, path)
        assert lookup(demo_results, path) == entry["value"]
    # without the hidden comments, the Markdown says what the draft says
    shown = re.sub(r"<!--.*?-->", "", md)
    assert "累计完成产值88.2亿元，同比增长24.1%" in shown
    assert "## 一、上半年工作及主要指标完成情况" in shown and "### （一）工业经济指标完成情况" in md
    assert "**1.工业产值。**" in shown


def test_the_docx_reads_back_with_headings_numbers_and_chinese_fonts(demo_run, demo_results):
    import docx
    from docx.oxml.ns import qn

    doc = docx.Document(str(demo_run.report_dir / "summary.docx"))
    paragraphs = [p for p in doc.paragraphs if p.text]
    text = "\n".join(p.text for p in paragraphs)
    # the document says exactly what the draft says, headings numbered, then the
    # signature, the date and the annex table
    expected = plain_text(build_draft(demo_results)).replace("\n\n", "\n", 1)
    assert "\n".join(docx_text(doc)) + "\n" == expected
    styles = {p.text: p.style.name for p in paragraphs}
    assert styles[DEMO_TITLE] == "Title"
    assert styles["一、上半年工作及主要指标完成情况"] == "Heading 1"
    assert styles["（一）工业经济指标完成情况"] == "Heading 2"
    assert styles["二、存在的主要问题及建议"] == "Heading 1"
    assert any(
        p.text.startswith("1.工业产值。1-6月，全县229家规上工业企业累计完成产值88.2亿元")
        for p in paragraphs
    )
    assert "同比增长13.8%" in text and "低于时序进度6.8个百分点" in text

    # East Asian fonts are named (w:eastAsia), theme fonts removed: Word and WPS show them
    def east_asian(element):
        fonts = element.rPr.rFonts
        assert fonts.get(qn("w:asciiTheme")) is None and fonts.get(qn("w:eastAsiaTheme")) is None
        return fonts.get(qn("w:eastAsia"))

    assert east_asian(doc.styles["Normal"].element) == BODY_FONT == "仿宋"
    assert east_asian(doc.styles["Heading 1"].element) == H1_FONT == "黑体"
    assert east_asian(doc.styles["Heading 2"].element) == H2_FONT == "楷体"
    assert east_asian(paragraphs[0].runs[0].element) == TITLE_FONT
    assert doc.styles["Normal"].font.size.pt == 16  # 三号
    lang = doc.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"
    # the page number in the footer, — 1 — as official documents print it
    footer = doc.sections[0].footer.paragraphs[0]
    assert footer._p.find(qn("w:fldSimple")).get(qn("w:instr")) == "PAGE"
    assert footer.text.startswith("— ") and footer.text.endswith(" —")
    # A4 with the margins of official documents (37/35/28/26 mm)
    sec = doc.sections[0]
    assert round(sec.page_width.mm) == 210 and round(sec.page_height.mm) == 297
    assert [
        round(m.mm) for m in (sec.top_margin, sec.bottom_margin, sec.left_margin, sec.right_margin)
    ] == [37, 35, 28, 26]


def test_libreoffice_opens_the_docx_and_reads_the_same_text(demo_run, tmp_path):
    """A real office suite opens the file (LibreOffice, when installed: it is not part of
    CI's machine; `apt-get install libreoffice-writer-nogui` to run this locally)."""
    import shutil
    import subprocess

    import docx

    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    proc = subprocess.run(
        [soffice, "--headless", "--convert-to", "txt:Text", "--outdir", str(tmp_path),
         str(demo_run.report_dir / "summary.docx")],
        capture_output=True, text=True, timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    office = (tmp_path / "summary.txt").read_text(encoding="utf-8-sig").split()
    ours = docx_text(docx.Document(str(demo_run.report_dir / "summary.docx")))
    # the body as python-docx reads it (the footer's page number is not body text)
    assert office == "\n".join(ours).split()
    assert office[0] == DEMO_TITLE


def test_the_summary_page_leads_the_report_set(demo_run):
    folder = demo_run.report_dir
    assert demo_run.html_files[0].name == "00_summary.html"
    page = (folder / "00_summary.html").read_text(encoding="utf-8")
    assert "<title>清水县 2021年1-6月 · 工作总结（初稿）</title>" in page
    assert 'class="halfyear-footer"' in page and "halfyear-cjk-font" in page
    assert 'title="indicators.output.value = 88.203881"' in page
    assert "<script" not in page
    for name in ("summary.md", "summary_trace.json", "summary.docx", "results.json"):
        assert (folder / name).is_file()


def test_names_from_data_are_escaped_and_cannot_break_the_docx(tmp_path):
    import docx

    hostile = "<script>alert(1)</script>*县_\x07\x00\ud800"
    res = {
        "region": "aa",
        "region_name": hostile,
        "document": {"bureau": hostile, "signature": "|签" + hostile},
        "period": "2021-06",
        "period_label": "2021年1-6月",
        "labels": {"indicators": {"output": "产值"}},
        "indicators": {"output": {"value": 8.5, "yoy_pct": 2.0}},
        "tasks": {
            "available": True,
            "counts": {"done": 1},
            "items": [
                {
                    "source": "city",
                    "title": "# 任务\x0b<b>",
                    "status": "done",
                    "note": "[链接](http://x)",
                }
            ],
        },
    }
    files = write_summary(
        res, tmp_path, PageInfo(unit="甲县", period="2021年1-6月"), warnings=["<img src=x>"]
    ).files
    page = files["html"].read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>" not in page and "<img src=x>" not in page
    md = files["md"].read_text(encoding="utf-8")
    assert "&lt;script&gt;" in md and "\\*县\\_" in md and "\\[链接\\]" in md
    assert "\x07" not in md and "\x00" not in md
    assert "——\\# 任务&lt;b&gt;" in markdown(build_draft(res)) or "\\# 任务" in md
    trace = json.loads(files["trace"].read_text(encoding="utf-8"))
    assert trace["texts"][0]["value"] == hostile  # the raw value, as results.json has it
    doc = docx.Document(str(files["docx"]))
    cleaned = "<script>alert(1)</script>*县_"
    assert doc.paragraphs[0].text == cleaned + "关于2021年上半年工作总结和下半年工作安排"
    # the signature line: escaped in the page and in summary.md, cleaned in the docx
    assert "\n\\|签&lt;script&gt;alert(1)&lt;/script&gt;\\*县\\_\n" in md  # a plain line
    assert 'class="halfyear-sign halfyear-sign-first">|签&lt;script&gt;' in page
    assert "|签" + cleaned in [p.text for p in doc.paragraphs]


def _leaf_paths(node, prefix=()):
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, value in items:
        yield (*prefix, key)
        yield from _leaf_paths(value, (*prefix, key))


def test_a_damaged_results_dict_drops_sentences_never_the_draft(demo_results):
    """Fields deleted or replaced by null, a string, −1, 0 or an empty container, 40 at a
    time over 80 seeded draws: the draft is still written, every number still traced."""
    import random

    paths = list(_leaf_paths(demo_results))
    for seed in range(80):
        rng = random.Random(seed)
        res = copy.deepcopy(demo_results)
        for path in rng.sample(paths, 40):
            node = res
            try:
                for key in path[:-1]:
                    node = node[key]
                if rng.random() < 0.5 and isinstance(node, dict):
                    node.pop(path[-1], None)
                else:
                    node[path[-1]] = rng.choice([None, "x", -1, 0, [], {}])
            except (KeyError, IndexError, TypeError):
                pass
        draft = build_draft(res)
        check_traceable(res, draft)
        text = plain_text(draft)
        assert "None" not in text and "nan" not in text.lower(), seed
        markdown(draft)

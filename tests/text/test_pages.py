"""Page text: sentences for what is missing, rank notes, and names from data escaped."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from conftest import make_dataset
from nbconvert.filters.markdown_mistune import markdown2html_mistune

from halfyear_lib.analysis.indicators import headline
from halfyear_lib.chapters.indicators import headline_table
from halfyear_lib.data.periods import Period
from halfyear_lib.display import styling
from halfyear_lib.text.zh import indicators as pages

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "<script>alert(1)</script>",
    "[点我](javascript:alert(1))",
    "![x](http://example.invalid/x.png)",
    "# 标题 *粗* _斜_ `code` | a | b |",
]


def live_markup(page: str) -> list[str]:
    """Tags a name could have produced (the heading's own anchor link is not one)."""
    page = re.sub(r'<a class="anchor-link"[^>]*>', "", page)
    return re.findall(r"<(?:img|script|a |em|strong|code|h\d|table)", page)


@pytest.mark.parametrize("name", [*HOSTILE, "见 http://example.invalid/x 与 www.example.invalid"])
def test_md_escape_leaves_no_live_markup(name):
    page = markdown2html_mistune(f"截至1-6月，{pages.md_escape(name)}规上工业企业3家。")
    assert live_markup(page) == []
    # the reader still sees the name as it was written
    assert "alert(1)" in page or "标题" in page or "example.invalid" in page


def test_unescaped_markdown_would_be_live():
    # the check above can fail: the same name without md_escape is markup
    assert live_markup(markdown2html_mistune(f"截至1-6月，{HOSTILE[0]}")) == ["<img"]


REGIONS = [
    {"region_id": "c", "name": "江洲市", "kind": "city", "parent_id": None, "rank_groups": ""},
    {
        "region_id": "a",
        "name": "甲县",
        "kind": "county",
        "parent_id": "c",
        "rank_groups": "city;counties",
    },  # fmt: skip
    {
        "region_id": "b",
        "name": "乙县",
        "kind": "county",
        "parent_id": "c",
        "rank_groups": "city;counties",
    },  # fmt: skip
    {
        "region_id": "d",
        "name": "丁区",
        "kind": "district",
        "parent_id": "c",
        "rank_groups": "city",
    },  # fmt: skip
]


def ind(region, code, value=None, yoy=None, **extra):
    return {"region_id": region, "indicator": code, "year": 2021, "month": 6,
            "value": value, "yoy_pct": yoy, "unit": "亿元", **extra}  # fmt: skip


def test_growth_only_and_missing_target_and_missing_indicator_are_said():
    ds = make_dataset(
        regions=REGIONS,
        indicators=[
            ind("a", "output", yoy=12.0),  # growth only
            ind("b", "output", yoy=10.0),
            ind("a", "value_added", 20.0, 8.0),  # a level, but no 2021 target
            ind("a", "industrial_investment", 5.0, 3.0),
        ],
        targets=[
            {
                "region_id": "a",
                "indicator": "industrial_investment",
                "year": 2021,
                "target": 20.0,
                "kind": "value",
            }
        ],  # fmt: skip
    )
    head = headline(ds, "a", Period(2021, 6))
    notes = pages.headline_notes(head)
    assert "规上工业总产值只有增速、没有累计值" in notes
    assert "规上工业增加值缺少2021年度目标" in notes
    # tech_investment and hitech_value_added: nothing at all for this unit
    assert "技改投资、高新技术产业增加值本期没有数据" in notes
    # investment: 5 / 20 = 25.0% of target at 50.0% time progress: 25.0 pp behind
    assert "工业投资完成年度目标25.0%，低于时序进度25.0个百分点" in notes
    table = headline_table(head).frame
    assert table.loc[0, "1-6月累计(亿元)"] == "—" and table.loc[0, "同比增长(%)"] == "12.0"
    assert "缺少产值累计值" in pages.quarters_text(head)


def test_rank_notes_name_missing_units_and_disagreement():
    ds = make_dataset(
        regions=REGIONS,
        indicators=[
            ind("a", "output", 50.0, 12.0),
            ind("b", "output", 40.0, 10.0),  # d has no data: the city rank lacks a unit
            ind("a", "value_added", 20.0, 8.0, rank_city=3, rank_city_of=3),
            ind("b", "value_added", 20.0, 7.0),
            ind("d", "value_added", 20.0, 6.0),
        ],
    )
    notes = pages.headline_notes(headline(ds, "a", Period(2021, 6)))
    assert "规上工业总产值全市排名只在有增速的2个单位中计算，另有1个单位缺少数据" in notes
    # published 3rd of 3, computed 1st (8.0 > 7.0 > 6.0)
    assert "规上工业增加值全市排名采用公布的第3位（共3个）；但按本数据计算为第1位" in notes
    # all 3 units are in the data: the published 3rd contradicts them, a warning for the page
    (warning,) = pages.rank_warnings(headline(ds, "a", Period(2021, 6)))
    assert "公布的全市排名第3位（共3个）与数据矛盾" in warning and "rank_city" in warning


def test_names_are_escaped_in_title_table_and_firms():
    regions = [dict(r) for r in REGIONS]
    regions[1]["name"] = HOSTILE[0]
    ds = make_dataset(
        regions=regions,
        indicators=[ind("a", "output", 50.0, 12.0)],
        enterprises=[
            {
                "enterprise_id": "f1",
                "region_id": "a",
                "name": HOSTILE[2],
                "expected_entry": "2021-08",
            }
        ],  # fmt: skip
    )
    head = headline(ds, "a", Period(2021, 6))
    title = markdown2html_mistune(pages.headline_title(head))
    assert live_markup(title) == ["<h1"]  # the title's own heading, nothing from the name
    assert live_markup(markdown2html_mistune(pages.firms_text(head))) == []
    html = styling.styled_table(headline_table(head).frame).to_html()
    assert "<img" not in html


def test_a_unit_outside_the_counties_group_gets_no_counties_column():
    ds = make_dataset(
        regions=REGIONS,
        indicators=[ind("a", "output", 50.0, 12.0), ind("d", "output", 40.0, 10.0)],
    )
    district = headline_table(headline(ds, "d", Period(2021, 6))).frame
    assert "县(市)排名" not in district.columns and district.loc[0, "全市排名"] == "2/2"
    county = headline_table(headline(ds, "a", Period(2021, 6))).frame
    assert county.loc[0, "县(市)排名"] == "1/1"


def test_every_highlight_and_problem_has_a_sentence():
    from conftest import sample_results as results

    from halfyear_lib.analysis.highlights import highlights_and_problems

    good, bad = highlights_and_problems(results())
    texts = {i["kind"]: i["text"] for i in pages.with_texts(good + bad)}
    assert set(texts) == {i["kind"] for i in good + bad}
    assert texts["behind_schedule"] == (
        "工业投资完成年度目标43.2%，低于时序进度6.8个百分点，较时序进度少完成3.28亿元"
    )
    assert texts["rank_down"] == "规上工业增加值增速排名较年初后退3位"
    assert texts["rate_cut"].endswith("主要是针织服装")
    assert all(t != i["kind"] for i, t in zip(good + bad, texts.values(), strict=False))


def test_behind_and_falling_figures_carry_a_sign_and_a_colour():
    frame = pd.DataFrame(
        {
            "指标": ["<产值>", "投资"],
            "同比增长(%)": ["-2.3", "5.0"],
            "进度差(百分点)": ["+1.0", "-0.0"],
            "较时序进度(±亿元)": ["-1.20", "—"],
            "剩余月份需增长(%)": ["-3.0", "1.0"],  # a required growth below zero: no fall
            "完成目标(%)": ["40.0", "55.0"],
        }
    )
    soup = BeautifulSoup(styling.styled_table(frame).to_html(), "html.parser")
    cells = [[td.get_text() for td in tr.find_all("td")] for tr in soup.tbody.find_all("tr")]
    assert cells == [
        # a fall ↓, behind the time progress ▼, ahead ▲: one mark, one meaning
        ["<产值>", "↓ -2.3", "▲ +1.0", "▼ -1.20", "-3.0", "40.0"],
        ["投资", "5.0", "-0.0", "—", "1.0", "55.0"],
    ]
    css = soup.style.get_text()

    def colour(row, col):
        cell_id = soup.tbody.find_all("tr")[row].find_all("td")[col]["id"]
        rule = re.search(r"([^{}]*)\{([^}]*)\}", css[css.index(cell_id) :])
        return re.search(r"color: (#\w+)", rule.group(2)).group(1) if rule else None

    assert colour(0, 1) == colour(0, 3) == styling.BAD_COLOR
    assert colour(0, 2) == styling.GOOD_COLOR
    assert soup.tbody.find_all("tr")[1].find_all("td")[1]["id"] not in css  # 5.0: not marked
    caption = soup.caption.get_text()
    assert "▲ 快于时序进度，▼ 慢于时序进度" in caption and "↓ 下降" in caption
    assert caption.count("较时序进度 =") == 1 and "正数为超过时序进度" in caption
    assert "&lt;产值&gt;" in styling.styled_table(frame).to_html()  # names stay escaped


def test_a_table_with_nothing_to_mark_has_no_note():
    frame = pd.DataFrame({"指标": ["产值"], "同比增长(%)": ["3.0"], "完成目标(%)": ["-1.0"]})
    html_text = styling.styled_table(frame).to_html()
    assert "<caption>" not in html_text and "▼" not in html_text and "▲" not in html_text
    assert "↓" not in html_text


def test_headline_column_says_ahead_or_behind_with_a_sign_not_a_double_negative():
    ds = make_dataset(
        regions=REGIONS,
        indicators=[ind("a", "industrial_investment", 5.0, 10.0)],
        targets=[{"region_id": "a", "indicator": "industrial_investment", "year": 2021,
                  "target": 20.0, "kind": "value"}],
    )  # fmt: skip
    table = headline_table(headline(ds, "a", Period(2021, 6))).frame
    assert not [c for c in table.columns if "负为" in c or "少完成" in c]
    row = table.set_index("指标").loc["工业投资"]
    # 5 done of 20 at 50% time progress: 10 due, 5.00 behind
    assert row["较时序进度(±亿元)"] == "-5.00" and row["进度差(百分点)"] == "-25.0"
    marked = styling.styled_table(table).to_html()
    assert "▼ -5.00" in marked and "▼ -25.0" in marked


def test_a_rate_cut_is_marked_as_pulling_growth_down():
    frame = pd.DataFrame({"行业": ["针织"], "影响增速(百分点)": ["-0.52"]})
    soup = BeautifulSoup(styling.styled_table(frame, left=("行业",)).to_html(), "html.parser")
    assert soup.tbody.td.find_next("td").get_text() == "↓ -0.52"
    assert soup.caption.get_text() == "↓ 拉低增速。"


def test_last_years_figures_are_never_marked():
    frame = pd.DataFrame({"期间": ["1-6月"], "累计增长(%)": ["-1.0"], "上年同期(%)": ["-19.4"]})
    cells = [td.get_text() for td in
             BeautifulSoup(styling.styled_table(frame).to_html(), "html.parser").tbody.find_all("td")]  # fmt: skip
    assert cells == ["1-6月", "↓ -1.0", "-19.4"]

"""The drafted summary's sentences, from small hand-made results dicts (no data set).

Each case states the input and the sentence it must give; the numbers are worked here:
printed amounts are 亿元 to two decimals below 10 and one from 10, rates to one decimal.
"""

from __future__ import annotations

import copy
import re

import pytest

from halfyear_lib.text.numbers import format_amount, format_fixed
from halfyear_lib.text.zh.draft import (
    TemplateError,
    Writer,
    build_draft,
    city_task_sentence,
    clean_text,
    cn_numeral,
    heading_number,
    lookup,
    ranks_sentence,
)

LABELS = {
    "indicators": {
        "output": "规上工业总产值",
        "value_added": "规上工业增加值",
        "industrial_investment": "工业投资",
        "tech_investment": "技改投资",
        "hitech_value_added": "高新技术产业增加值",
    },
    "units": {},
    "regions": {"aa": "甲县", "bb": "乙县", "cc": "丙县"},
    "rank_groups": {"city": "全市", "counties": "县(市)"},
}


def results(**indicators) -> dict:
    """A results dict for 甲县 at 1-6月 with the given indicators (nothing else)."""
    return {
        "region": "aa",
        "region_name": "甲县",
        "period": "2021-06",
        "period_label": "2021年1-6月",
        "labels": copy.deepcopy(LABELS),
        "indicators": indicators,
        "rankings": {"city": {}, "counties": {}},
    }


OUTPUT = {
    # 88.203881 亿元 prints 88.2; 24.1% growth; 51.884636% of target prints 51.9;
    # 1.884636 pp ahead prints 1.9; two-year average 8.75077 prints 8.8
    "value": 88.203881,
    "yoy_pct": 24.1,
    "two_year_avg_pct": 8.75077,
    "target_share_pct": 51.884636,
    "schedule_gap_pp": 1.884636,
    "rank_city": 3,
    "rank_city_of": 11,
    "rank_city_scope": "全市",
    "rank_counties": 3,
    "rank_counties_of": 8,
    "rank_counties_scope": "县(市)",
}


def section_text(draft, title: str) -> str:
    for section, _ in draft.walk():
        if section.title == title:
            return "".join(s.text for p in section.paragraphs for s in p)
    raise AssertionError(f"no section {title}")


def test_heading_numbers_follow_official_documents():
    assert [heading_number(1, i) for i in (1, 2, 3)] == ["一、", "二、", "三、"]
    assert heading_number(2, 4) == "（四）" and heading_number(3, 6) == "6."
    assert [cn_numeral(n) for n in (10, 11, 20, 23)] == ["十", "十一", "二十", "二十三"]


def test_numbers_round_half_up_as_printed():
    # 12.25 and 2.675 are ties as written: 四舍五入 gives 12.3 and 2.68 (binary rounding
    # would give 12.2 and 2.67); −0.04 rounds to 0.0, never "-0.0"
    assert format_fixed(12.25, 1) == "12.3" and format_fixed(2.675, 2) == "2.68"
    assert format_fixed(-0.04, 1) == "0.0" and format_fixed(-3.45, 1) == "-3.5"
    assert [format_amount(v) for v in (88.203881, 9.108473, 0.591527, 1432.61)] == [
        "88.2",
        "9.11",
        "0.59",
        "1432.6",
    ]


def test_output_completion_with_growth_target_share_schedule_and_ranks():
    draft = build_draft(results(output=OUTPUT))
    text = section_text(draft, "工业产值")
    assert text.startswith(
        "1-6月，全县规上工业企业累计完成产值88.2亿元，同比增长24.1%，两年平均增长8.8%，"
        "占年度目标任务的51.9%，高于时序进度1.9个百分点。"
    )
    assert "累计增速在全市11个单位中排第3位，在8个县(市)中排第3位。" in text


@pytest.mark.parametrize(
    ("field", "value", "expected", "absent"),
    [
        # growth: the sign gives the word, the number is printed without it
        ("yoy_pct", -3.24, "同比下降3.2%", "增长3.2"),
        ("yoy_pct", 0.04, "同比持平", "0.0"),
        # schedule: -6.754705 pp prints 低于时序进度6.8个百分点
        ("schedule_gap_pp", -6.754705, "低于时序进度6.8个百分点", "高于时序进度"),
        ("schedule_gap_pp", 0.02, "与时序进度持平", "0.0个百分点"),
        # growth against the growth target (named: a unit may have an amount target too):
        # 13.8 − 8.0 = 5.8 above, 6.5 − 8.0 = −1.5 below
        ("growth_gap_pp", 5.8, "增速超过年度增长目标（8.0%）5.8个百分点", "低于年度"),
        ("growth_gap_pp", -1.5, "增速低于年度增长目标（8.0%）1.5个百分点", "超过年度"),
        ("two_year_avg_pct", -0.46, "两年平均下降0.5%", "两年平均增长"),
    ],
)
def test_direction_words_follow_the_sign(field, value, expected, absent):
    extra = {"target_growth_pct": 8.0} if field == "growth_gap_pp" else {}
    draft = build_draft(results(output={**OUTPUT, field: value, **extra}))
    text = section_text(draft, "工业产值")
    assert expected in text
    assert absent not in text
    assert "-" not in text.replace("1-6月", "")  # no sign beside a direction word


@pytest.mark.parametrize(
    ("missing", "gone"),
    [
        ("two_year_avg_pct", "两年平均"),
        ("target_share_pct", "占年度目标任务"),
        ("schedule_gap_pp", "时序进度"),
        ("rank_counties", "县(市)中"),
    ],
)
def test_a_missing_input_drops_its_clause_and_keeps_the_rest(missing, gone):
    draft = build_draft(results(output={**OUTPUT, missing: None}))
    text = section_text(draft, "工业产值")
    assert gone not in text
    assert "累计完成产值88.2亿元，同比增长24.1%" in text
    assert "None" not in text and "nan" not in text


def test_an_indicator_without_data_is_flagged_not_invented():
    draft = build_draft(results(output=OUTPUT))
    text = section_text(draft, "技改投资完成情况")
    assert text == "【待补充：技改投资缺少本期数据】"
    growth = section_text(draft, "工业增加值")
    assert "【待补充：" in growth and "亿元" not in growth


def test_a_growth_only_indicator_gets_a_growth_sentence_and_no_amount():
    only_growth = {
        "value": None,
        "yoy_pct": 9.1,
        "target_share_pct": None,
        "rank_city": 2,
        "rank_city_of": 4,
        "rank_city_scope": "全市",
    }
    draft = build_draft(results(output=only_growth))
    text = section_text(draft, "工业产值")
    assert text == "1-6月，全县规上工业企业产值同比增长9.1%。累计增速在全市4个单位中排第2位。"
    assert "亿元" not in text


def test_first_place_reads_as_first_place():
    res = results(output={**OUTPUT, "rank_city": 1, "rank_counties": None, "rank_counties_of": 0})
    assert ranks_sentence(res, "output").text == "累计增速在全市11个单位中居首位。"


def test_a_tie_names_the_unit_sharing_the_rank():
    res = results(output={**OUTPUT, "rank_counties": None, "rank_counties_of": 0})
    # 乙县 and 甲县 both publish 24.1%: both are 3rd, the next unit is 5th
    res["rankings"]["city"]["output"] = [
        {"region_id": "cc", "name": "丙县", "yoy_pct": 30.0, "rank": 1},
        {"region_id": "dd", "name": "丁县", "yoy_pct": 25.0, "rank": 2},
        {"region_id": "bb", "name": "乙县", "yoy_pct": 24.1, "rank": 3},
        {"region_id": "aa", "name": "甲县", "yoy_pct": 24.1, "rank": 3},
        {"region_id": "ee", "name": "戊县", "yoy_pct": 20.0, "rank": 5},
    ]
    assert ranks_sentence(res, "output").text == "累计增速在全市11个单位中与乙县并列第3位。"
    for entry in res["rankings"]["city"]["output"][:2]:
        entry["rank"] = 9  # now 甲县 and 乙县 share first place
    res["indicators"]["output"]["rank_city"] = 1
    for entry in res["rankings"]["city"]["output"][2:4]:
        entry["rank"] = 1
    assert ranks_sentence(res, "output").text == "累计增速在全市11个单位中与乙县并列第一。"


def test_a_unit_outside_the_rank_groups_gets_no_rank_sentence():
    # a city's own report: no group of its peers in the data (rank null, group of 0)
    res = results(
        output={
            **OUTPUT,
            "rank_city": None,
            "rank_city_of": 0,
            "rank_counties": None,
            "rank_counties_of": 0,
        }
    )
    assert ranks_sentence(res, "output") is None
    assert "排第" not in section_text(build_draft(res), "工业产值")
    # a group of one (the unit alone) is no ranking either
    res["indicators"]["output"] |= {"rank_city": 1, "rank_city_of": 1}
    assert ranks_sentence(res, "output") is None


def test_rank_moves_read_forward_as_a_highlight_and_back_as_a_problem():
    res = results(output=OUTPUT, value_added={"yoy_pct": 13.8, "rank_city": 5, "rank_city_of": 11})
    res["trend_summary"] = {"value_added": {"rank_change_since_first": 2}}
    res["problems"] = [{"kind": "rank_down", "indicator": "output", "numbers": {"rank_change": -1}}]
    text = section_text(build_draft(res), "主要指标在全市排名靠前")
    assert "规上工业增加值增速排名较年初前移2位" in text
    assert "后退" not in text  # a move back is never a highlight
    assert "规上工业总产值增速排名较年初后退1位" in section_text(build_draft(res), "从工业运行来看")


def test_rate_adjustment_reads_cut_or_raise_and_its_effect():
    res = results(output=OUTPUT)
    res["rate_adjustment"] = {
        "available": True,
        # 38.670799 x (24.8 − 26.5)% = −0.657 亿元; a raise on 建材 from 27.0 to 27.5
        "impact_value": -1.004218,
        "impact_pp": -5.85918,
        "by_industry": [
            {"industry": "针织服装", "va_rate_prev": 26.5, "va_rate": 24.8},
            {"industry": "建材", "va_rate_prev": 27.0, "va_rate": 27.5},
            {"industry": "电子电器", "va_rate_prev": 21.0, "va_rate": 21.0},
        ],
    }
    text = section_text(build_draft(res), "从工业运行来看")
    assert "针织服装增加值率由26.50%下调到24.80%" in text
    assert "建材增加值率由27.00%上调到27.50%" in text
    assert "电子电器" not in text  # unchanged: not a change to report
    assert "减少1.00亿元，拉低增速5.9个百分点" in text
    res["rate_adjustment"] |= {"impact_value": 0.3, "impact_pp": 1.26}
    text = section_text(build_draft(res), "从工业运行来看")
    assert "增加值率" not in text  # a raise lifts growth: not a problem


def test_what_the_rest_of_the_year_needs_reads_both_ways():
    res = results(output=OUTPUT)
    res["required"] = {
        # 170 target, 88.2 done; last year's July-December 90.41: (81.80 / 90.41) − 1 = −9.5%
        "output": {
            "available": True,
            "target_kind": "value",
            "target": 170.0,
            "rest_of_year_growth_pct": -9.528765,
            "months_left": 6,
            "monthly_needed": 13.632686,
        },
        # value added needs +3.2% in the rest of the year, 3.75 亿元 a month, to grow 8%
        # (43.67 亿元: the growth target's amount, the one the forecast's odds are of)
        "value_added": {
            "available": True,
            "target_kind": "growth_pct",
            "target": 8.0,
            "target_amount": 43.666412,
            "rest_of_year_growth_pct": 3.203878,
            "months_left": 6,
            "monthly_needed": 3.748104,
        },
    }
    # value added: 3.2% needed, June alone fell 0.2%: 3.2 > -0.2 + 3 (margin): hard
    res["indicators"]["value_added"] = {"yoy_pct": 13.8, "month_yoy_pct": -0.2}
    text = section_text(build_draft(res), "从工业运行来看")
    assert (
        "规上工业增加值要完成增长8.0%的年度目标（约43.7亿元），后6个月需同比增长3.2%，"
        "月均需完成3.75亿元，而6月当月同比下降0.2%" in text
    )
    # output may fall 9.5% and still make 170 (its cumulative 24.1% is the pace): secure
    assert "其余指标完成有把握：规上工业总产值即使后6个月同比下降9.5%也能完成" in text
    assert "规上工业总产值要完成" not in text


def test_forecasts_say_the_interval_and_the_chance_of_meeting_the_target():
    res = results(output=OUTPUT)
    res["forecast"] = {
        "indicators": ["output", "value_added"],
        # output: the chosen method's in-sample error 0.672494 points, the choosing's
        # held-out error 0.884 (page 04 quotes it): the draft quotes 0.9, the one error
        "chosen": {"output": "comb"},
        "backtest": {"output": {"comb": {"mae_pp": 0.672494}, "rule": {"mae_pp": 1.9}}},
        "selection": {"output": {"mae_pp": 0.884, "n": 18}},
        "nowcast": {},
        "full_year": {
            "output": {
                "value": 186.77718,
                "yoy_pct": 15.761896,
                "lo80": 181.353509,
                "hi80": 193.169198,
                "target_kind": "value",
                "target_value": 170.0,
                "p_meet_target": 0.996,
            },
            # growth only: the interval is in growth, no amount
            "value_added": {
                "value": None,
                "yoy_pct": 8.158087,
                "yoy_lo80": 5.254362,
                "yoy_hi80": 11.26165,
                "target_kind": "growth_pct",
                "p_meet_target": 0.521,
            },
        },
    }
    res["indicators"]["value_added"] = {"yoy_pct": 13.8, "target_growth_pct": 8.0}
    text = section_text(build_draft(res), "经济指标预测")
    assert "1.9" not in text and "0.7个" not in text  # not the rule's, not in-sample
    # amounts from 100 whole (186.78 -> 187, 181.35 -> 181, 193.17 -> 193), growth whole
    # (15.76 -> 16); p 0.996 >= 0.9 -> 把握较大 (no backtest count: no bound to state)
    assert (
        "预计全年规上工业总产值在181亿—193亿元之间，最可能在187亿元左右，同比增长16%左右；"
        "完成年度目标（170亿元）把握较大。"
    ) in text
    # growth only: 5.25 -> 5, 11.26 -> 11, 8.16 -> 8; p 0.521 in 40-70%
    assert (
        "预计全年规上工业增加值同比增长5%—11%，最可能增长8%左右；"
        "完成年度增长目标（8%）存在一定不确定性。"
    ) in text
    # the one backtest error, the held-out one (0.884 -> 0.9), in the closing note
    assert text.endswith(
        "注：预测采用组合预测，区间按百分之八十的概率给出；"
        "以往年份回测，全年增速预测平均误差约0.9个百分点。"
    )
    res["forecast"]["full_year"]["output"]["p_meet_target"] = 0.003
    text = section_text(build_draft(res), "经济指标预测")
    assert "完成年度目标（170亿元）难度较大" in text


def test_the_half_year_nowcast_before_june():
    res = results(output=OUTPUT)
    res |= {"period": "2021-05", "period_label": "2021年1-5月"}
    res["forecast"] = {
        "indicators": ["output"],
        "nowcast": {
            "output": {
                "value": 90.051976,
                "yoy_pct": 26.739601,
                "lo80": 89.033808,
                "hi80": 91.192773,
            }
        },
        "full_year": {},
    }
    draft = build_draft(res)
    assert draft.title.text == "【待补充：单位名称】关于2021年1-5月工业经济运行情况"
    # not the half year yet: no 上半年 / 下半年 in the headings
    titles = [section.title for section, _ in draft.walk()]
    assert "主要指标完成情况" in titles and "全年走势预测" in titles
    assert not any("上半年" in t or "下半年" in t for t in titles)
    text = section_text(draft, "全年走势预测")
    # below 100 亿元 one decimal (89.03 -> 89.0, 91.19 -> 91.2, 90.05 -> 90.1); 26.74 -> 27
    assert text == (
        "预计上半年规上工业总产值在89.0亿—91.2亿元之间，最可能在90.1亿元左右，同比增长27%左右。"
    )


def test_missing_optional_tables_are_flagged_for_a_person():
    draft = build_draft(results(output=OUTPUT))
    assert section_text(draft, "重点工作完成情况").startswith("【待补充：数据中没有重点任务表")
    assert section_text(draft, "新增规模工业企业数").startswith("【待补充：数据中没有企业名录")
    investment = section_text(draft, "从工业投资来看")
    assert investment.startswith("【待补充：数据未显示突出问题")
    assert "建议：【待补充：" in investment
    assert "【待补充：下半年工作安排" in section_text(draft, "下半年工作安排")


def test_tasks_are_listed_by_source_with_status():
    res = results(output=OUTPUT)
    res["tasks"] = {
        "available": True,
        "counts": {"done": 1, "on_track": 0, "behind": 1, "not_started": 0},
        "items": [
            {
                "source": "city",
                "title": "示范园建设",
                "metric": "累计完成投资",
                "actual": 2.1,
                "target": 3.0,
                "unit": "亿元",
                "completion_pct": 70.0,
                "status": "behind",
                "note": "剩余2栋8月封顶",
            },
            {
                "source": "county",
                "title": "增加值增长8%",
                "metric": "增加值增速",
                "actual": 13.8,
                "target": 8.0,
                "unit": "%",
                "completion_pct": None,
                "status": "done",
                "note": None,
            },
        ],
    }
    text = section_text(build_draft(res), "重点工作完成情况")
    # zero counts are not listed: 已完成1项、进度滞后1项
    assert text.startswith("纳入跟踪的重点任务中，已完成1项、进度滞后1项。")
    assert (
        "一是市级政府工作报告任务完成情况。——示范园建设：累计完成投资2.10亿元（目标3亿元），进度滞后。剩余2栋8月封顶。"
        in text
    )
    # a rate target without its gap in results.json: the target and the status word
    assert "二是县政府工作报告任务完成情况。——增加值增长8%：增长13.8%（目标8.0%），已完成。" in text


def test_templates_hold_no_digits_and_names_are_cleaned():
    with pytest.raises(TemplateError, match="digits"):
        Writer({}).t("第3位")
    assert clean_text("甲\x00县\x07\x1b") == "甲县"


def test_every_slot_points_at_its_value():
    res = results(output=OUTPUT)
    for slot in build_draft(res).slots():
        assert lookup(res, slot.path) == slot.value
    assert not re.search(r"\d", build_draft(res).sections[0].title)


def test_investment_problems_word_follows_the_numbers():
    res = results(output=OUTPUT)
    res["investment"] = {
        # 34.67 effective against 30.0 still needed (116%, below 120%): 有限, not 不足
        "library": {
            "available": True,
            "projects": 58,
            "remaining_balance": 48.731959,
            "effective_balance": 34.671435,
        },
        "excluded": {"cannot_report": {"count": 4, "balance": 2.0304}},
        "townships_available": True,
        "townships": [
            {"township": "华阳镇", "completion_pct": 60.2, "on_schedule": True},
            {"township": "凤山乡", "completion_pct": 7.285, "on_schedule": False},
        ],
        "townships_reached_schedule": 1,
        "townships_without_entries": ["凤山乡"],
    }
    res["required"] = {"industrial_investment": {"remaining": 30.0}}
    text = section_text(build_draft(res), "从工业投资来看")
    assert text.startswith(
        "一是工业项目库内有效投资余额有限。库内工业项目58个，剩余投资余额48.7亿元，但有效投资余额"
        "只有34.7亿元（主要原因：4个项目虽有投资余额但不能上报投资，余额2.03亿元），而完成全年"
        "目标还需完成工业投资30.0亿元。"
    )
    # two townships: too few for a bottom three; 凤山乡 has no entry this year
    assert (
        "二是乡镇工作不平衡。达到时序进度的乡镇（园区）有1个（华阳镇）；凤山乡今年暂无项目入库，"
        "项目入库工作滞后。" in text
    )
    res["required"]["industrial_investment"]["remaining"] = 40.0  # more than the library holds
    text = section_text(build_draft(res), "从工业投资来看")
    assert "一是工业项目库内有效投资余额不足。" in text and "还需完成工业投资40.0亿元" in text
    res["required"]["industrial_investment"]["remaining"] = -1.0  # the target is already met
    text = section_text(build_draft(res), "从工业投资来看")
    assert "还需完成" not in text


def test_rank_problems_and_a_falling_month():
    res = results(output=OUTPUT, value_added={"yoy_pct": 13.8, "month_yoy_pct": -0.22721})
    res["problems"] = [
        {
            "kind": "bottom_rank",
            "indicator": "industrial_investment",
            "numbers": {"rank_city": 9, "rank_city_of": 11, "scope": "全市"},
        },
        {"kind": "rank_down", "indicator": "tech_investment", "numbers": {"rank_change": -1}},
    ]
    res["labels"]["indicators"] |= {"industrial_investment": "工业投资"}
    draft = build_draft(res)
    assert "工业投资增速居全市11个单位第9位；技改投资增速排名较年初后退1位。" in section_text(
        draft, "从工业投资来看"
    )
    # −0.22721% in June alone: 下降0.2%, the month named from the period
    assert "6月当月规上工业增加值同比下降0.2%，需密切关注；累计增速为13.8%" in section_text(
        draft, "从工业运行来看"
    )
    res["indicators"]["value_added"]["month_yoy_pct"] = -0.04  # rounds to 0.0: not a fall
    assert "当月增速回落" not in section_text(build_draft(res), "从工业运行来看")


def test_a_name_ending_in_a_digit_does_not_run_into_the_next_number():
    w = Writer({"t": [{"name": "二号园区2", "pct": 20.4}]})
    w.name("t.0.name").pct("t.0.pct").t("%")
    assert w.sentence().text == "二号园区2 20.4%。"


def test_growth_below_its_target_is_a_problem_and_a_missed_city_task_reads_so():
    # 7.1% against an 8.0% target: 0.9 points below; output 9.1 against 9.0 is above
    res = results(
        output={**OUTPUT, "yoy_pct": 9.1, "growth_gap_pp": 0.1, "target_growth_pct": 9.0},
        value_added={"yoy_pct": 7.1, "growth_gap_pp": -0.9, "target_growth_pct": 8.0},
    )
    res["tasks"] = {
        "available": True,
        "counts": {"on_track": 1},
        "items": [
            {
                "source": "city",
                "title": "新增规上企业",
                "metric": "新增规上企业数",
                "actual": 9,
                "target": 15,
                "unit": "家",
                "status": "on_track",
                "target_met": False,
            }
        ],
    }
    draft = build_draft(res)
    text = section_text(draft, "从工业运行来看")
    assert text.startswith(
        "一是增速未达年度目标。规上工业增加值同比增长7.1%，低于年度目标0.9个百分点（8.0%）。"
    )
    assert "规上工业总产值同比" not in text
    assert city_task_sentence(res).text == "尚未完成市下达目标任务（15家）。"
    res["tasks"]["items"][0]["target_met"] = True
    assert city_task_sentence(res).text == "已完成市下达目标任务（15家）。"


def test_growth_against_the_parent_and_a_city_against_its_units():
    res = results(output=OUTPUT)
    # 24.1% against the city's 16.0%: 8.1 points above; −10.8 reads 低于
    res["comparison"] = {
        "kind": "parent",
        "scope": "全市",
        "parent": {"output": {"gap_pp": 8.1, "comparator_yoy_pct": 16.0}},
    }
    text = section_text(build_draft(res), "工业产值")
    assert "同比增长24.1%，高于全市（16.0%）8.1个百分点，两年平均" in text
    res["comparison"]["parent"]["output"]["gap_pp"] = -10.8
    assert "低于全市（16.0%）10.8个百分点" in section_text(build_draft(res), "工业产值")
    res["comparison"] = {
        "kind": "units",
        "scope": "全市",
        "units": {
            "output": {
                "n_units": 11,
                "n_above_total": 6,
                "n_below_total": 5,
                "max_region_id": "cc",
                "max_yoy_pct": 28.6,
                "min_region_id": "bb",
                "min_yoy_pct": -7.2,
            }
        },
    }
    text = section_text(build_draft(res), "工业产值")
    assert "高于全市（" not in text
    assert (
        "所辖11个单位中，6个增速高于全市、5个低于全市，最高的丙县增长28.6%、最低的乙县下降7.2%。"
    ) in text


def test_the_rank_by_amount_reads_as_the_example_does():
    """工业投资总量居全市第x位: 甲县's 21.0 亿元 is the 2nd largest of 3 units with an
    amount (乙县 48.9 > 甲县 21.0 > 丙县 19.6); first place reads 居首位; without an
    amount (growth-only) there is no sentence."""
    from halfyear_lib.text.zh.draft import amount_rank_sentence

    r = results(industrial_investment={"rank_city_scope": "全市"})
    rows = [
        {"region_id": "bb", "name": "乙县", "yoy_pct": 36.9, "rank": 1, "value": 48.9,
         "value_rank": 1, "value_rank_of": 3},
        {"region_id": "aa", "name": "甲县", "yoy_pct": 21.6, "rank": 2, "value": 21.0,
         "value_rank": 2, "value_rank_of": 3},
        {"region_id": "cc", "name": "丙县", "yoy_pct": 5.8, "rank": 3, "value": 19.6,
         "value_rank": 3, "value_rank_of": 3},
    ]  # fmt: skip
    r["rankings"]["city"]["industrial_investment"] = rows
    s = amount_rank_sentence(r, "industrial_investment")
    assert s.text == "累计总量在全市3个单位中排第2位。"
    assert [slot.path for slot in s.slots if "value_rank" in slot.path] == [
        "rankings.city.industrial_investment.1.value_rank_of",
        "rankings.city.industrial_investment.1.value_rank",
    ]
    rows[1]["value_rank"], rows[0]["value_rank"] = 1, 2
    assert amount_rank_sentence(r, "industrial_investment").text == (
        "累计总量在全市3个单位中居首位。"
    )
    for row in rows:
        row["value"] = row["value_rank"] = None
        row["value_rank_of"] = 0
    assert amount_rank_sentence(r, "industrial_investment") is None


def test_a_rate_task_in_any_percent_unit_reads_as_a_rate():
    """analysis/tasks.py takes ％ and 百分比 for a rate target too; the draft did only "%"."""
    res = results(output=OUTPUT)
    res["tasks"] = {
        "available": True,
        "counts": {"ahead": 1},
        "items": [{"source": "county", "title": "增加值增长8%", "metric": "增加值增速",
                   "actual": 13.8, "target": 8.0, "unit": "％", "completion_pct": None,
                   "status": "ahead", "note": None}],
    }  # fmt: skip
    text = section_text(build_draft(res), "重点工作完成情况")
    assert "——增加值增长8%：增长13.8%（目标8.0%），增速高于目标。" in text

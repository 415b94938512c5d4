"""Every judgement of the draft follows from the numbers, or is not written.

Each evaluative word (艰巨, 压力较大, 有限, 不足, 受价格因素的影响, 始终保持, 排名靠前, 支撑有力,
基数较低, 主要得益于 …) has its condition in code beside its template; each is tested here
both ways: a data set where it holds and one where it does not. Hand-made results dicts;
the arithmetic of each case is in its comment.
"""

from __future__ import annotations

import copy

import pytest

from halfyear_lib.rendering.summary import plain_text
from halfyear_lib.text.zh.draft import build_draft
from halfyear_lib.text.zh.draft.highlights import (
    good_rank,
    innovation_title,
    rank_moved_up,
    steady_fast,
)
from halfyear_lib.text.zh.draft.indicators import low_base, material_drivers
from halfyear_lib.text.zh.draft.problems import (
    balance_level,
    base_rising,
    price_effect,
    rate_cut_level,
    slowing_every_period,
    target_outlook,
)

LABELS = {
    "indicators": {
        "output": "规上工业总产值",
        "value_added": "规上工业增加值",
        "industrial_investment": "工业投资",
        "tech_investment": "技改投资",
        "hitech_value_added": "高新技术产业增加值",
        "rd_expense": "研发费用",
        "tech_contracts": "技术合同交易额",
        "tech_smes": "科技型中小企业入库数",
    },
    "units": {},
    "regions": {},
    "rank_groups": {"city": "全市", "counties": "县(市)"},
}


def base(period: str = "2021-06", **extra) -> dict:
    res = {
        "region": "aa",
        "region_name": "甲县",
        "period": period,
        "period_label": f"2021年1-{int(period[-2:])}月",
        "labels": copy.deepcopy(LABELS),
        "indicators": {
            "output": {"value": 88.2, "yoy_pct": 24.1, "month_yoy_pct": 9.2},
            "value_added": {"value": 20.3, "yoy_pct": 13.8, "month_yoy_pct": -0.2},
        },
        "rankings": {"city": {}, "counties": {}},
    }
    res.update(extra)
    return res


def text(res: dict) -> str:
    return plain_text(build_draft(res))


def section(res: dict, title: str) -> str:
    draft = build_draft(res)
    for s, _ in draft.walk():
        if s.title == title:
            out = ["".join(x.text for x in p) for p in s.paragraphs]
            for c in s.children:
                out += [c.title] + ["".join(x.text for x in p) for p in c.paragraphs]
            return "\n".join(out)
    return ""


# ---------------------------------------------------------------- the rate adjustment


def rate(impact_pp: float) -> dict:
    return {
        "available": True,
        "impact_value": impact_pp / 5.9,
        "impact_pp": impact_pp,
        "drivers": ["针织服装"],
        "by_industry": [
            {"industry": "针织服装", "va_rate_prev": 26.5, "va_rate": 24.8, "impact_pp": impact_pp}
        ],
    }


@pytest.mark.parametrize(
    ("impact", "level", "words"),
    [
        (-5.9, "large", "增加值率调整带来的压力较大"),  # 5.9 points >= 1.0: large
        (-0.5, "some", "增加值率调整有一定影响"),  # 0.5 > 0.1 (rate_cut_pp) but < 1.0
        (-0.05, None, None),  # 0.05 <= 0.1: too small to be a problem
        (1.2, None, None),  # a raise lifts growth: not a problem
    ],
)
def test_the_rate_adjustment_is_a_problem_only_when_it_cuts_growth(impact, level, words):
    res = base(rate_adjustment=rate(impact))
    assert rate_cut_level(res) == level
    t = section(res, "从工业运行来看")
    if words:
        assert words in t and "其中针织服装影响最大" in t
    else:
        assert "增加值率调整" not in t


def test_value_added_below_output_is_explained_by_the_rate_cut_only_when_both_hold():
    # output 24.1%, value added 13.8%: 10.3 points apart (>= 3) and the cut is 5.9 points
    res = base(rate_adjustment=rate(-5.9))
    assert (
        "增加值增速低于产值增速（24.1%），主要原因是部分行业增加值率下调，拉低增速5.9个百分点"
        in text(res)
    )
    # 5.9 of the 10.3 points apart is at least half: the main reason
    assert "增加值率下调是规上工业增加值增速（13.8%）明显低于产值增速（24.1%）的主要原因" in text(
        res
    )
    res["rate_adjustment"] = rate(-2.0)  # 2.0 of 10.3 points: one reason among others
    assert "明显低于产值增速（24.1%）的原因之一" in text(res)
    assert "原因之一是部分行业增加值率下调，拉低增速2.0个百分点" in text(res)
    res["indicators"]["value_added"]["yoy_pct"] = 22.5  # 1.6 points apart: not 明显
    assert "部分行业增加值率下调" not in text(res)
    assert "明显低于产值增速" not in text(res)


# ---------------------------------------------------------------- prices


def prices(gap_pp: float, est_gap: float | None) -> dict:
    out = {
        "prices": {
            "available": True,
            "ppi_yoy_pct": 3.1,
            "output_nominal_yoy_pct": 24.1,
            "output_real_yoy_pct": 24.1 - gap_pp,
            "gap_pp": gap_pp,
            "national_ppi_yoy_pct": 8.8,
            "national_ppi_change_pp": -0.2,
        }
    }
    if est_gap is not None:
        out["value_added_estimate"] = {
            "available": True,
            "real_yoy_pct": 13.8 + est_gap,
            "gap_pp": est_gap,
        }
    return out


@pytest.mark.parametrize(
    ("gap", "est", "effect"),
    [
        (
            3.7,
            -1.5,
            "lowers",
        ),  # prices lift nominal by 3.7 >= 2.0; the estimate 1.5 below the report
        (3.7, 1.4, "covered"),  # the estimate 1.4 above the report: nothing to discount
        (3.7, 0.4, "level"),  # within 1.0 of the report
        (3.7, None, "level"),  # no estimate
        (1.5, -3.0, None),  # nominal only 1.5 above real (< 2.0): prices are no problem
    ],
)
def test_prices_are_said_to_weigh_on_the_reported_rate_only_when_the_estimate_is_below(
    gap, est, effect
):
    res = base(**prices(gap, est))
    assert price_effect(res) == effect
    t = section(res, "从工业运行来看")
    assert ("上报增速将受到价格因素的影响" in t) == (effect == "lowers")
    assert ("价格上涨对增速的影响" in t) == (effect is not None)
    if effect:
        assert "比上月收窄0.2个百分点" in t  # 8.8% in June against 9.0% in May
    # above the published rate: no sentence (saying the published rate is low is a person's)
    assert ("比公布的增速" in t) == (effect == "lowers")


# ---------------------------------------------------------------- what the rest of the year needs


def required(need: float, months_left: int = 6) -> dict:
    return {"available": True, "target_kind": "value", "target": 170.0, "months_left": months_left,
            "rest_of_year_growth_pct": need}  # fmt: skip


@pytest.mark.parametrize(
    ("need", "month", "outlook"),
    [
        (3.4, -0.2, "hard"),  # needs 3.4%, the month gave -0.2%: 3.4 > -0.2 + 3 (margin)
        (-9.5, 9.2, "secure"),  # may fall 9.5% while the month grew 9.2%: -9.5 <= 9.2 - 3
        (6.0, 7.8, "tight"),  # 6.0 between 7.8 - 3 = 4.8 and 7.8 + 3 = 10.8
    ],
)
def test_a_target_is_hard_tight_or_secure_by_the_pace_of_the_latest_month(need, month, outlook):
    res = base(required={"value_added": required(need)})
    res["indicators"]["value_added"]["month_yoy_pct"] = month
    assert target_outlook(res, "value_added") == outlook
    t = section(res, "从工业运行来看")
    assert ("完成全年目标任务艰巨" in t) == (outlook == "hard")
    assert ("部分指标完成全年目标仍有压力" in t) == (outlook == "tight")
    if outlook == "secure":
        assert "后6个月需同比" not in t  # a secure target is no problem


@pytest.mark.parametrize(
    ("odds", "outlook", "forecast_words"),
    [
        (0.95, "secure", "把握较大"),
        (0.80, "likely", "有较大可能完成"),
        (0.52, "tight", "存在一定不确定性"),
        (0.30, "hard", "难度较大"),
    ],
)
def test_the_forecast_odds_decide_the_outlook_by_the_forecast_sections_own_bands(
    odds, outlook, forecast_words
):
    # the pace alone would say secure (needs 1.4%, the month gave 6.2%): the odds decide
    res = base(required={"industrial_investment": required(1.4)})
    res["indicators"]["industrial_investment"] = {"yoy_pct": 21.6, "month_yoy_pct": 6.2}
    res["forecast"] = {
        "indicators": ["industrial_investment"],
        "full_year": {
            "industrial_investment": {
                "value": 50.0,
                "yoy_pct": 12.6,
                "target_kind": "value",
                "target_value": 48.5,
                "p_meet_target": odds,
            }
        },
    }
    assert target_outlook(res, "industrial_investment") == outlook
    assert forecast_words in section(res, "经济指标预测")
    problems = section(res, "从工业运行来看")
    assert ("完成全年目标任务艰巨" in problems) == (outlook == "hard")
    assert ("仍有压力" in problems) == (outlook == "tight")


def test_the_secure_targets_are_named_as_such_beside_the_hard_one():
    res = base(required={"value_added": required(3.4), "output": required(-9.5)})
    t = section(res, "从工业运行来看")
    assert "规上工业增加值要完成年度目标（170.0亿元），后6个月需同比增长3.4%" in t
    assert "而6月当月同比下降0.2%" in t
    assert "其余指标完成有把握：规上工业总产值即使后6个月同比下降9.5%也能完成" in t


# ---------------------------------------------------------------- the falling month and the base


def trend(rates: list[float], prev: list[float]) -> list[dict]:
    return [
        {"label": f"1-{m}月", "yoy_pct": r, "yoy_prev_pct": p}
        for m, r, p in zip(range(2, 2 + len(rates)), rates, prev, strict=True)
    ]


def test_slowing_every_period_and_a_rising_base_are_said_only_when_they_hold():
    res = base(
        trend={
            "value_added": trend([40.7, 28.2, 22.4, 18.0, 13.8], [-17.5, -11.4, -7.1, -4.4, -2.6])
        }
    )
    res["indicators"]["value_added"]["two_year_avg_pct"] = 5.3
    assert slowing_every_period(res, "value_added") and base_rising(res, "value_added")
    t = section(res, "从工业运行来看")
    assert "增速逐月回落，当月出现下降" in t and "由1-2月的40.7%逐月回落至13.8%" in t
    # last year -17.5% at 1-2月, -2.6% at 1-6月: the base rose 14.9 points (>= 5)
    assert "主要原因是上年同期基数逐月抬高（上年1-2月下降17.5%，1-6月下降2.6%）" in t
    res["trend"]["value_added"] = trend([20.0, 22.0, 13.8], [-3.0, -2.5, -2.6])
    assert not slowing_every_period(res, "value_added") and not base_rising(res, "value_added")
    t = section(res, "从工业运行来看")
    assert "当月增速回落" in t and "逐月回落" not in t and "基数" not in t
    res["indicators"]["value_added"]["month_yoy_pct"] = 0.4  # the month grew: no problem
    assert "当月" not in section(res, "从工业运行来看")


def test_a_low_base_is_named_only_when_last_year_fell_and_growth_far_exceeds_the_two_year_average():
    res = base(trend={"output": trend([49.4, 24.1], [-19.4, -4.7])})
    res["indicators"]["output"]["two_year_avg_pct"] = 8.8  # 24.1 - 8.8 = 15.3 >= 5
    assert low_base(res, "output")
    assert "两年平均增长8.8%（上年同期下降4.7%，基数较低）" in text(res)
    # value added too: the judgement said once, the figure given again
    res["trend"]["value_added"] = trend([40.7, 13.8], [-17.5, -2.6])
    res["indicators"]["value_added"]["two_year_avg_pct"] = 5.3  # 13.8 - 5.3 = 8.5 >= 5
    assert "两年平均增长5.3%（上年同期下降2.6%）" in text(res)
    assert text(res).count("基数较低") == 1
    del res["trend"]["value_added"]
    res["trend"]["output"][-1]["yoy_prev_pct"] = 2.0  # last year grew: no low base
    assert not low_base(res, "output") and "基数较低" not in text(res)
    res["trend"]["output"][-1]["yoy_prev_pct"] = -4.7
    res["indicators"]["output"]["two_year_avg_pct"] = 21.0  # 24.1 - 21.0 = 3.1 < 5
    assert not low_base(res, "output")


def test_an_industry_is_named_as_the_reason_only_when_its_share_of_the_change_is_material():
    # total 71.05 -> 88.20: +17.15; 针织服装 +8.04 is 46.9% of it (material at 30%),
    # 锰基新材料 +1.84 is 10.7% (not material)
    drivers = {
        "available": True,
        "total": 88.2,
        "total_prev": 71.05,
        "by_industry": [
            {"industry": "针织服装", "change": 8.04, "contribution_pp": 11.316, "share_of_change_pct": 46.87, "material": True},
            {"industry": "锰基新材料", "change": 1.84, "contribution_pp": 2.586, "share_of_change_pct": 10.71, "material": False},
        ],
    }  # fmt: skip
    res = base(drivers={"output": drivers})
    assert material_drivers(res, "output") == [0]
    # 针织服装 30.63 -> 38.67 grew 26.2%, the total 24.1%: 2.1 points faster (< 3), about
    # the total's pace: the largest part (贡献最大), not the pull (拉动)
    drivers |= {"growth_pct": 24.1}
    drivers["by_industry"][0]["output_prev"] = 30.63
    drivers["by_industry"][1]["output_prev"] = 4.28
    assert "其中针织服装贡献最大，拉动增长11.3个百分点，占增量的46.9%" in text(res)
    assert "各行业普遍增长" in text(res) and "得益于" not in text(res)
    drivers["by_industry"][0]["output_prev"] = 25.0  # +8.04 on 25.0 is 32.2%: 8.1 faster
    assert "主要得益于针织服装行业拉动，拉动增长11.3个百分点，占增量的46.9%" in text(res)
    drivers["by_industry"][0]["material"] = False
    assert material_drivers(res, "output") == [] and "主要得益于" not in text(res)


# ---------------------------------------------------------------- investment


def library(effective: float, need: float) -> dict:
    return {
        "investment": {
            "library": {"available": True, "projects": 58, "remaining_balance": 48.7, "effective_balance": effective}
        },
        "required": {"industrial_investment": {"remaining": need}},
    }  # fmt: skip


@pytest.mark.parametrize(
    ("effective", "need", "level", "words"),
    [
        (34.67, 27.53, None, None),  # 34.67 / 27.53 = 126% >= 120%: ample, not a problem
        (34.67, 30.0, "limited", "有效投资余额有限"),  # 116% < 120%
        (34.67, 40.0, "short", "有效投资余额不足"),  # below what the year needs
        (34.67, -1.0, None, None),  # the target is already met
    ],
)
def test_the_effective_balance_is_limited_or_short_only_against_what_the_year_still_needs(
    effective, need, level, words
):
    res = base(**library(effective, need))
    assert balance_level(res) == level
    t = section(res, "从工业投资来看")
    if words:
        assert words in t
    else:
        assert "有效投资余额" not in t


def test_investment_problems_are_not_written_when_the_numbers_are_good():
    res = base(
        investment={
            "schedule": {"industrial_investment": {"value": 25.0, "completion_pct": 51.5, "gap_pp": 1.5, "shortfall": -0.7}},
            "new_entries": {"available": True, "total": 10, "new_projects": 6, "new_share_pct": 60.0},
            "townships_available": True,
            "townships": [{"township": "华阳镇", "completion_pct": 60.2, "on_schedule": True}],
            "townships_reached_schedule": 1,
        }
    )  # fmt: skip
    t = section(res, "从工业投资来看")
    assert "时序进度有差距" not in t and "存量" not in t and "乡镇工作不平衡" not in t
    inv = res["investment"]
    inv["schedule"]["industrial_investment"] |= {"gap_pp": -6.8, "shortfall": 3.28}
    inv["new_entries"] |= {"new_projects": 3, "new_share_pct": 17.6}
    inv["townships"].append({"township": "凤山乡", "completion_pct": 7.3, "on_schedule": False})
    t = section(res, "从工业投资来看")
    assert "工业投资时序进度有差距" in t and "较时序进度少完成3.28亿元" in t
    assert "主要依靠存量项目" in t and "乡镇工作不平衡" in t


# ---------------------------------------------------------------- highlights


def parent(**gaps: float) -> dict:
    return {
        "kind": "parent",
        "scope": "全市",
        "parent": {c: {"gap_pp": g} for c, g in gaps.items()},
    }


def test_steady_fast_growth_is_a_highlight_only_above_the_parent_and_not_falling():
    res = base(comparison=parent(output=8.1, value_added=4.3))
    res["trend_summary"] = {
        "output": {"double_digit_all_year": True},
        "value_added": {"double_digit_all_year": True},
    }
    res["trend"] = {"output": trend([49.4, 24.1], [-19.4, -4.7])}
    assert steady_fast(res, "output")
    assert not steady_fast(res, "value_added")  # June alone fell 0.2%
    t = section(res, "上半年突出成绩和工作亮点")
    assert "规上工业总产值增长24.1%，高于全市8.1个百分点，1-2月以来始终保持两位数增长" in t
    assert "规上工业增加值增长" not in t
    res["comparison"]["parent"]["output"]["gap_pp"] = -10.8  # below the city: not a highlight
    assert not steady_fast(res, "output")
    res["comparison"]["parent"]["output"]["gap_pp"] = 8.1
    res["trend_summary"]["output"]["double_digit_all_year"] = False
    assert not steady_fast(res, "output")
    res["trend_summary"]["output"]["double_digit_all_year"] = True
    res["indicators"]["output"] |= {"rank_city": 10, "rank_city_of": 11}  # among the last 3
    assert not steady_fast(res, "output")
    assert "工业经济保持较快增长" not in section(res, "上半年突出成绩和工作亮点")


def test_a_rank_is_a_highlight_within_the_first_three_and_a_move_up_only_if_not_among_the_last():
    res = base()
    res["indicators"]["output"] |= {"rank_city": 3, "rank_city_of": 11, "rank_city_scope": "全市"}
    res["indicators"]["value_added"] |= {
        "rank_city": 4,
        "rank_city_of": 11,
        "rank_city_scope": "全市",
    }
    res["trend_summary"] = {"value_added": {"rank_change_since_first": 1}}
    assert good_rank(res, "output") and not good_rank(res, "value_added")
    assert rank_moved_up(res, "value_added")
    t = section(res, "上半年突出成绩和工作亮点")
    assert "规上工业总产值增速居全市11个单位第3位" in t
    assert "规上工业增加值增速排名较年初前移1位" in t
    res["indicators"]["output"]["rank_city"] = 5  # no rank in the first three: moves only
    assert "主要指标排名较年初前移" in section(res, "上半年突出成绩和工作亮点")
    assert "排名靠前" not in section(res, "上半年突出成绩和工作亮点")
    res["indicators"]["value_added"]["rank_city"] = 9  # moved up to 9th of 11: still among the last
    assert not rank_moved_up(res, "value_added")
    assert "规上工业增加值" not in section(res, "上半年突出成绩和工作亮点")


def innovation(**gaps: float) -> dict:
    return {
        c: {"value": 1.0, "unit": "亿元", "completion_pct": 50 + g, "schedule_gap_pp": g}
        for c, g in gaps.items()
    }


@pytest.mark.parametrize(
    ("gaps", "title"),
    [
        ({"tech_contracts": 69.8, "tech_smes": 28.6, "rd_expense": -0.5}, "科技创新支撑有力"),
        ({"tech_contracts": 69.8, "tech_smes": -2.0, "rd_expense": -0.5}, "科技创新取得积极进展"),
        ({"tech_smes": -2.0, "rd_expense": -0.5}, None),
    ],
)
def test_innovation_is_a_highlight_by_what_is_ahead_and_never_lists_what_is_behind(gaps, title):
    res = base(innovation=innovation(**gaps))
    assert innovation_title(res) == title
    t = section(res, "上半年突出成绩和工作亮点")
    assert "研发费用" not in t  # behind schedule: never a highlight
    if title:
        assert title in t
    # 0.5 points behind is close to schedule (within 5): not a problem either
    assert "研发费用" not in section(res, "从高新技术产业来看")
    res["innovation"]["rd_expense"] |= {"schedule_gap_pp": -6.5, "completion_pct": 43.5}
    problems = section(res, "从高新技术产业来看")
    assert "研发费用完成年度目标的43.5%，低于时序进度6.5个百分点" in problems


def test_new_firms_read_more_than_last_year_only_when_they_are():
    res = base(firms={"has_firm_list": True, "new_so_far": 16, "new_vs_last_year": 11,
                      "net_increase": 12, "exited_so_far": 4, "above_scale": 229})  # fmt: skip
    t = text(res)
    assert "新增规模工业企业16家，比上年同期多11家" in t
    assert "比上年末净增12家（新增16家、退规4家）" in t
    res["firms"] |= {"new_vs_last_year": -2, "exited_so_far": 0}
    t = text(res)
    assert "比上年同期" not in t and "退规" not in t


# ---------------------------------------------------------------- the plan and the brief


def test_each_problem_listed_seeds_the_plan_with_its_numbers_one_line_per_part():
    res = base(**library(34.67, 40.0))
    res["investment"]["schedule"] = {
        "industrial_investment": {
            "value": 21.0,
            "completion_pct": 43.2,
            "gap_pp": -6.8,
            "shortfall": 3.276,
        }
    }
    res["rate_adjustment"] = rate(-5.9)  # the province's rates: a problem, no measure of ours
    plan = section(res, "下半年工作安排")
    assert (
        "加强项目调度，加快工业投资进度。针对库内有效投资余额34.7亿元、全年还需完成40.0亿元、"
        "工业投资较时序进度少完成3.28亿元等问题：【待补充：措施】" in plan
    )
    assert "增加值率" not in plan
    res["investment"]["schedule"]["industrial_investment"] |= {"gap_pp": 1.0}
    plan = section(res, "下半年工作安排")
    assert "较时序进度" not in plan  # on schedule: no longer a problem, so no seed
    assert "针对库内有效投资余额34.7亿元、全年还需完成40.0亿元：【待补充：措施】" in plan


def test_what_value_added_needs_of_output_is_said_only_when_output_falls_short():
    req = required(3.4)
    res = base(required={"value_added": req, "output_growth_for_va_target_pct": 16.2,
                         "output_growth_for_va_target": {"va_target_growth_pct": 8.0}})  # fmt: skip
    res["forecast"] = {"full_year": {"output": {"yoy_pct": 19.6}}}  # on course for 16.2
    assert "产值需增长16.2%以上" not in section(res, "从工业运行来看")
    res["forecast"]["full_year"]["output"]["yoy_pct"] = 14.0  # short of it: a reason
    assert "产值需增长16.2%以上，而预计全年产值增长14.0%" in section(res, "从工业运行来看")


def test_one_target_amount_per_indicator():
    # value added with an amount target (43.0) and a growth target (8%, about 43.7): the
    # growth target's amount is not printed beside it
    req = {"available": True, "target_kind": "growth_pct", "target": 8.0, "target_amount": 43.666,
           "months_left": 6, "rest_of_year_growth_pct": 3.4}  # fmt: skip
    res = base(required={"value_added": req})
    res["indicators"]["value_added"]["target"] = 43.0
    req["monthly_needed"] = 3.886  # toward 43.7: not beside the 43.0 target either
    t = section(res, "从工业运行来看")
    assert "完成增长8.0%的年度目标，后6个月" in t and "43.7" not in t and "月均" not in t
    del res["indicators"]["value_added"]["target"]
    t = section(res, "从工业运行来看")
    assert "完成增长8.0%的年度目标（约43.7亿元）" in t and "月均需完成3.89亿元" in t


def test_a_slowdown_beyond_the_base_is_said_as_such():
    rows = trend([40.7, 22.4, 13.8], [-17.5, -7.1, -2.6])
    for r, avg in zip(rows, (7.7, 6.4, 5.3), strict=True):
        r["two_year_avg_pct"] = avg  # the two-year average fell 2.4 points: a real slowdown
    res = base(trend={"value_added": rows})
    t = section(res, "从工业运行来看")
    assert "一方面上年同期基数逐月抬高" in t
    assert "另一方面两年平均增速也由7.7%回落至5.3%，增长动能有所减弱" in t
    for r in rows:
        r["two_year_avg_pct"] = 5.3  # steady on two years: the base alone
    t = section(res, "从工业运行来看")
    assert "主要原因是上年同期基数逐月抬高" in t and "增长动能" not in t


def test_a_month_other_than_june_writes_a_brief_without_half_year_parts():
    res = base("2021-05", rate_adjustment=rate(-5.9))
    t = text(res)
    assert "1-5月工业经济运行情况" in t.splitlines()[0]
    for absent in ("上半年", "下半年", "建议：", "重点工作完成情况", "【待补充：措施】"):
        assert absent not in t
    assert "需要关注的问题" in t and "主要指标完成情况" in t
    assert "增加值率调整带来的压力较大" in t


def test_the_local_price_rise_and_its_share_of_the_output_value_added_gap_are_said():
    res = base(rate_adjustment=rate(-5.9), **prices(3.7, None))
    t = section(res, "从工业运行来看")
    assert "按分行业出厂价格测算本地工业品价格上涨3.1%，扣除价格因素后实际增长20.4%" in t
    assert "的主要原因，此外价格上涨使现价产值增速高出3.7个百分点" in t
    res = base(rate_adjustment=rate(-5.9), **prices(1.0, None))  # prices no problem
    assert "此外价格上涨" not in section(res, "从工业运行来看")


def test_a_finished_innovation_task_reads_done_not_ahead_of_schedule():
    res = base(innovation=innovation(tech_contracts=69.8, tech_smes=28.6))
    res["innovation"]["tech_contracts"]["completion_pct"] = 119.8
    t = section(res, "上半年突出成绩和工作亮点")
    assert "为年度目标的119.8%，已超额完成全年任务" in t and "超时序进度69.8" not in t
    assert "为年度目标的78.6%，超时序进度28.6个百分点" in t


def test_this_years_entries_and_the_pipeline_name_their_projects_over_100m_only_when_there_are():
    entries = {"available": True, "total": 17, "planned_total": 12.686,
               "over_100m": {"count": 5, "planned": 6.856}}  # fmt: skip
    pipeline = {"available": True, "count": 3, "planned_total": 5.3,
                "over_100m": {"count": 0, "planned": 0.0}, "by_month": {"2021-07": {}},
                "projects": [{"expected_library_month": "2021-07"}]}  # fmt: skip
    res = base(investment={"new_entries": entries, "pipeline": pipeline})
    t = section(res, "上半年突出成绩和工作亮点")
    assert (
        "今年新入库工业项目17个，计划总投资12.7亿元，其中亿元以上项目5个，计划总投资6.86亿元" in t
    )
    # all three expected in July: the month named; none over 1亿: no such clause
    assert "7月拟入库工业项目3个，计划总投资5.30亿元。" in t

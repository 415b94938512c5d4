"""What the 02_industry page says: value added and prices, the rate adjustment, what the
rest of the year requires, trends, highlights and problems, firms, innovation, key tasks.

Each function takes a result of :mod:`halfyear_lib.analysis` and returns Markdown or a
display table; nothing here computes. Each section ends with a one-line formula so a
reader can check a number by hand. Names from data are escaped (:func:`pages.md_escape`
in Markdown, the Styler's HTML escaping in tables). Missing inputs give a sentence.
"""

from __future__ import annotations

import re

import pandas as pd

from ...analysis.required import RequiredAll
from ...analysis.trends import Trends
from ...analysis.value_added import Prices, RateAdjustment, ValueAddedEstimate
from ...data.periods import Period
from ...data.schema import (
    INDICATORS,
    PERCENT_UNITS,
)
from ..numbers import (
    PLACEHOLDER,
    format_amount,
    format_number,
    format_quantity,
    format_value,
    is_missing,
    rounded_sign,
    table_rows,
)
from .indicators import drop_empty_columns, fmt, grow, md_escape, route_text
from .ranks import scope
from .terms import STATUS_WORDS, status_word

_MISSING_ZH = {
    "industries table absent": "数据集中没有行业表（industries）",
    "no industries rows for region and period": "行业表中没有本单位本期的数据",
    "no output levels": "行业表缺少产值",
    "no output_prev": "行业表缺少上年同期产值（output_prev）",
    "no ppi_yoy_pct": "行业表缺少出厂价格指数（ppi_yoy_pct）",
    "no last-year base": "缺少上年增加值基数",
    "no output growth": "缺少产值增速",
    "macro table absent": "数据集中没有宏观表（macro）",
}


def _missing(reasons: list[str]) -> str:
    return "；".join(_MISSING_ZH.get(r, r) for r in reasons)


def _formula(text: str) -> str:
    return f"\n\n*计算方法：{text}*"


def _n(x, digits: int = 1) -> str:
    return format_number(x, digits)


def _pp(x: float | None) -> str:
    """ "2.3个百分点" (the size; a word says the direction)."""
    return f"{format_number(abs(x), 1)}个百分点"


def _rise(x: float, up: str = "上涨", down: str = "下降") -> str:
    """ "上涨3.1%" / "下降2.0%" / "持平": the direction word follows the rounded sign."""
    side = rounded_sign(x)
    if not side:
        return "持平"
    return f"{up if side > 0 else down}{format_number(abs(x), 1)}%"


def _side(x: float, up: str = "高", down: str = "低") -> str:
    return up if x >= 0 else down


def _gap(x: float, up: str = "高", down: str = "低", flat: str = "持平") -> str:
    """ "高2.3个百分点" / "低0.4个百分点" / "持平" (a gap that rounds to zero)."""
    side = rounded_sign(x)
    if not side:
        return flat
    return f"{up if side > 0 else down}{_pp(x)}"


# ---------------------------------------------------------------- value added and prices


def _reported_words(est: ValueAddedEstimate) -> str:
    """Who gave the value-added growth the estimate is compared with: the statistics
    office, or this report from levels when the data carry no official rate."""
    if est.reported_yoy_source == "base":
        return "按统计部门提供的同口径基数计算的增加值"
    if est.reported_yoy_source == "computed":
        return "按两年总量计算的增加值（口径：按总量计算）"
    return "统计部门公布的增加值"


def value_added_text(est: ValueAddedEstimate) -> str:
    reported = est.reported_yoy_pct
    source = _reported_words(est)
    official = est.reported_yoy_source in (None, "official")
    if not est.available or is_missing(est.nominal):
        text = f"无法按行业测算增加值：{_missing(est.missing)}。"
        if not is_missing(reported):
            text += f"{source.replace('增加值', '规上工业增加值', 1)}{grow(reported)}（可比价）。"
        return text + _formula("增加值 = Σ 行业产值 × 增加值率")
    text = f"按各行业产值乘增加值率测算，规上工业增加值（现价）{_n(est.nominal, 2)}亿元"
    if not is_missing(est.real):
        text += f"，按各行业出厂价格指数缩减为可比价{_n(est.real, 2)}亿元"
    if not is_missing(est.real_yoy_pct):
        text += f"，可比价{grow(est.real_yoy_pct)}"
        if not is_missing(est.nominal_yoy_pct):
            text += f"（现价{grow(est.nominal_yoy_pct)}）"
    text += "。"
    if not is_missing(reported) and not is_missing(est.gap_pp):
        word = "公布" if official else "该"
        text += (
            f"{source}{grow(reported)}（可比价、同口径），测算增速比{word}增速"
            f"{_gap(est.gap_pp)}；报告以{word}增速为准，测算值用于分析原因。"
        )
    elif est.missing:
        text += f"（{_missing(est.missing)}，未能计算增速。）"
    return text + _formula(
        "现价增加值 = Σ 行业产值 × 本年增加值率；可比价增加值 = Σ 行业现价增加值 ÷ (1 + 行业PPI)；"
        "上年增加值 = Σ 上年同期产值 × 上年增加值率"
    )


def prices_text(pr: Prices) -> str:
    parts = []
    if not is_missing(pr.output_nominal_yoy_pct) and not is_missing(pr.output_real_yoy_pct):
        text = "本地主要行业出厂价格按产值加权同比" + (
            f"{_rise(pr.ppi_yoy_pct)}，" if not is_missing(pr.ppi_yoy_pct) else "变化不详，"
        )
        text += (
            f"规上工业总产值名义{grow(pr.output_nominal_yoy_pct)}，"
            f"扣除价格因素后实际{grow(pr.output_real_yoy_pct)}"
        )
        side = rounded_sign(pr.gap_pp)
        if side == 1:
            text += f"，价格因素抬高产值增速{_pp(pr.gap_pp)}，产值增速需“打折扣”看待"
        elif side == -1:
            text += f"，价格下跌拉低产值名义增速{_pp(pr.gap_pp)}，实际增长好于名义增长"
        parts.append(text)
    elif pr.missing:
        parts.append(f"无法测算扣除价格后的产值增速：{_missing(pr.missing)}")
    if not any(
        is_missing(x) for x in (pr.va_nominal_yoy_pct, pr.va_reported_yoy_pct, pr.va_gap_pp)
    ):
        parts.append(
            f"增加值现价测算{grow(pr.va_nominal_yoy_pct)}，公布的可比价"
            f"{grow(pr.va_reported_yoy_pct)}，现价比可比价{_gap(pr.va_gap_pp)}"
        )
    if not is_missing(pr.national_ppi_yoy_pct):
        text = f"全国工业生产者出厂价格本月同比{_rise(pr.national_ppi_yoy_pct)}"
        if not is_missing(pr.national_ppi_avg_pct):
            text += f"，今年以来平均{_rise(pr.national_ppi_avg_pct)}"
        parts.append(text)
    if not is_missing(pr.pmi):
        text = f"制造业PMI为{_n(pr.pmi)}%"
        if pr.pmi_months_above_50:
            text += f"，已连续{pr.pmi_months_above_50}个月位于荣枯线以上"
        elif pr.pmi_months_above_50 == 0:
            text += "，低于荣枯线"
        parts.append(text)
    if not parts:
        return "缺少价格数据。"
    return (
        "；".join(parts)
        + "。"
        + _formula(
            "实际增速 = (1 + 名义增速) ÷ (1 + 产值加权PPI) − 1；价格影响 = 名义增速 − 实际增速"
        )
    )


# ---------------------------------------------------------------- rate adjustment


def rate_adjustment_table(data: pd.DataFrame) -> pd.DataFrame:
    """The rate adjustment by industry, from its tidy data (``RateAdjustment.by_industry``)."""
    if data is None or data.empty:
        return pd.DataFrame()
    b = data
    return pd.DataFrame(
        {
            "行业": b["industry"].astype(str),
            "产值(亿元)": [format_amount(v) for v in b["output"]],
            "上年增加值率(%)": [fmt(v, 2) for v in b["va_rate_prev"]],
            "本年增加值率(%)": [fmt(v, 2) for v in b["va_rate"]],
            "影响增加值(亿元)": [fmt(v, 3, signed=True) for v in b["impact_value"]],
            "影响增速(百分点)": [fmt(v, 2, signed=True) for v in b["impact_pp"]],
        }
    )


def rate_adjustment_text(adj: RateAdjustment) -> str:
    if not adj.available or is_missing(adj.impact_value):
        return f"无法测算增加值率调整的影响：{_missing(adj.missing)}。" + _formula(
            "影响 = 行业产值 × (本年增加值率 − 上年增加值率)"
        )
    changed = adj.by_industry.loc[adj.by_industry["impact_value"] != 0, "industry"]
    if changed.empty:
        return "今年各行业增加值率未作调整，对增加值没有影响。"
    word = "减少" if adj.impact_value < 0 else "增加"
    text = f"增加值率调整使规上工业增加值{word}{_n(abs(adj.impact_value), 2)}亿元"
    if not is_missing(adj.impact_pp):
        word_pp = "拉低" if adj.impact_pp < 0 else "拉高"
        text += f"，{word_pp}增加值增速{_pp(adj.impact_pp)}"
    if adj.drivers:
        text += f"，主要来自{'、'.join(md_escape(d) for d in adj.drivers)}"
    return (
        text
        + "。"
        + _formula(
            "影响(亿元) = 行业产值 × (本年增加值率 − 上年增加值率)；影响(百分点) = 影响 ÷ 上年增加值 × 100；"
            "各行业之和等于合计"
        )
    )


# ---------------------------------------------------------------- rest of the year

_REQUIRED_REASONS = (
    (re.compile(r"growth-only"), "只有增速、没有累计值"),
    (re.compile(r"no level of \d+ to build last year's total"), "缺少上年总量"),
    (re.compile(r"no levels of \d+"), "缺少上年同期和全年总量，无法计算剩余月份增速"),
    (re.compile(r"not positive"), "上年剩余月份的总量不为正"),
    (re.compile(r"no \w+ target"), "没有年度目标"),
)


def _required_reason(text: str) -> str:
    for pattern, zh in _REQUIRED_REASONS:
        if pattern.search(text):
            return zh
    return text


def _target_words(r) -> str:
    """The target a figure refers to: "170.0亿元", or "增长8.0%（约43.67亿元）" (the amount
    that meets the growth target, targets.py)."""
    if r.target_kind == "value":
        return f"{_amount_words(r.target, r.unit)}"
    text = f"增长{fmt(r.target, 1)}%"
    if not is_missing(r.target_amount):
        text += f"（约{_amount_words(r.target_amount, r.unit)}）"
    return text


def _amount_words(x, unit: str) -> str:
    return f"{format_value(x, unit)}{unit}"


def required_table(data: pd.DataFrame) -> pd.DataFrame:
    """What the rest of the year needs, one row per indicator, from the tidy data (the
    fields of ``RequiredGrowth``)."""
    rows = []
    for r in table_rows(data):
        target = _target_words(r)
        rows.append(
            {
                "指标": INDICATORS[r.indicator].label,
                "年度目标": target,
                "尚需完成": format_value(r.remaining, r.unit),
                "剩余月份": fmt(r.months_left, 0),
                "每月需完成": format_value(r.monthly_needed, r.unit),
                "剩余月份需增长(%)": fmt(r.rest_of_year_growth_pct, 1),
                "说明": "；".join(map(_required_reason, r.missing)) if r.missing else "",
            }
        )
    return pd.DataFrame(rows)


def required_text(req: RequiredAll) -> str:
    lines = []
    for code, r in req.items.items():
        label = INDICATORS[code].label
        if not r.available:
            lines.append(f"- {label}：无法测算（{'；'.join(map(_required_reason, r.missing))}）。")
            continue
        if r.months_left == 0:
            lines.append(f"- {label}：全年已结束。")
            continue
        if not is_missing(r.remaining) and r.remaining <= 0:
            lines.append(f"- {label}：已提前完成全年目标。")
            continue
        if is_missing(r.monthly_needed):
            lines.append(f"- {label}：无法测算每月需完成的数额。")
            continue
        text = (
            f"- 完成{label}年度目标（{_target_words(r)}），后{r.months_left}个月每月需完成"
            f"{_amount_words(r.monthly_needed, r.unit)}"
        )
        if not is_missing(r.rest_of_year_growth_pct):
            text += f"，比上年同期{_rise(r.rest_of_year_growth_pct, '增长', '下降')}"
        lines.append(text + "。")
    va = req.output_for_va
    if (
        va is not None
        and va.available
        and not any(
            is_missing(x)
            for x in (
                va.required_output_growth_pct,
                va.va_rate_prev_pct,
                va.va_rate_pct,
                va.expected_ppi_pct,
                va.va_target_growth_pct,
            )
        )
    ):
        lines.append(
            f"- 按产值加权的增加值率由上年的{_n(va.va_rate_prev_pct, 2)}%变为"
            f"{_n(va.va_rate_pct, 2)}%（含增加值率调整和行业结构变化）、价格"
            f"{_rise(va.expected_ppi_pct)}，增加值要实现{grow(va.va_target_growth_pct)}，"
            f"产值需{grow(va.required_output_growth_pct)}。"
        )
    elif va is not None and not is_missing(va.va_target_growth_pct):
        lines.append(
            "- 缺少行业产值和增加值率数据（industries 表），无法测算增加值目标需要的产值增速。"
        )
    if not lines:
        return "本单位今年没有年度目标，无法测算。"
    return "\n".join(lines) + _formula(
        "每月需完成 = (年度目标 − 累计完成) ÷ 剩余月份；剩余月份增速 = 尚需完成 ÷ 上年剩余月份 − 1；"
        "增速目标时年度目标 = 全年可比基数 × (1 + 目标增速)，全年可比基数 = 本期可比基数 × "
        "上年全年 ÷ 上年同期（无可比基数时为上年总量），剩余月份增速以全年可比基数减本期可比基数为基数；产值需增长 = (1 + 增加值目标)(1 + PPI)"
        " × 上年增加值率 ÷ 本年增加值率 − 1"
    )


# ---------------------------------------------------------------- value added labels

# the figures of analysis/value_added.ValueAddedEstimate, by attribute (which is which:
# VA_BASIS there)
VA_LABELS = {
    "nominal": "现价增加值（产值×增加值率测算）",
    "real": "可比价增加值（按行业PPI缩减）",
    "prev": "上年同期增加值（可比口径测算）",
    "nominal_yoy_pct": "现价增速（测算）",
    "real_yoy_pct": "可比价增速（测算）",
    "reported_yoy_pct": "统计公布增速（可比价）",
    "gap_pp": "测算与公布之差（百分点）",
}
RATE_BASES = {
    "output_prev": "上年同期产值×上年增加值率",
    "output_growth": "本年产值×上年增加值率÷(1+产值增速)",
}


# ---------------------------------------------------------------- trends


def trend_table(data: pd.DataFrame, parent_kind: str | None = None) -> pd.DataFrame:
    """Growth by period, last year's, the two-year average and the rank (全市 or 全省, by
    the kind of the unit's parent, ``Trends.parent_kind``; no rank column when the unit is
    ranked in no period, e.g. a city without a province), from the tidy data (one row per
    indicator and period, ``Trends.frame``)."""
    rank_column = f"{scope(parent_kind)}排名"
    rows = []
    if data is not None and not data.empty:
        for rec in data.to_dict("records"):
            rank = rec.get("rank_city")
            rows.append(
                {
                    "指标": INDICATORS[rec["indicator"]].label,
                    "期间": Period.parse(rec["period"]).label,
                    "累计增长(%)": fmt(rec.get("yoy_pct"), 1),
                    "上年同期(%)": fmt(rec.get("yoy_prev_pct"), 1),
                    "两年平均(%)": fmt(rec.get("two_year_avg_pct"), 1),
                    rank_column: PLACEHOLDER
                    if is_missing(rank) or is_missing(rec.get("rank_city_of"))
                    else f"{int(rank)}/{int(rec['rank_city_of'])}",
                }
            )  # fmt: skip
    frame = pd.DataFrame(rows)
    if not frame.empty and (frame[rank_column] == "—").all():
        frame = frame.drop(columns=rank_column)
    return frame


def trend_text(tr: Trends) -> str:
    lines = []
    for code, s in tr.summaries.items():
        label = INDICATORS[code].label
        bits = []
        if s.double_digit_all_year:
            bits.append("今年以来各期累计增速均保持两位数")
        elif s.growth_streak_periods >= 2:
            bits.append(
                f"已连续{s.growth_streak_periods}期增速在{format_quantity(s.growth_threshold_pct)}%以上"
            )
        move = s.rank_change_since_first
        if move:
            word = "前移" if move > 0 else "后退"
            first = f"1-{int(s.first_period[-2:])}月" if s.first_period else "年初"
            bits.append(
                f"{scope(tr.parent_kind)}排名由{first}的第{s.rank_first}位{word}至第{s.rank_latest}位"
            )
        if s.rank_top_all_year and s.periods:
            bits.append(f"各期均居{scope(tr.parent_kind)}前{s.rank_top}位")
        elif (
            s.periods >= 2
            and not move
            and not is_missing(s.rank_latest)
            and tr.frames[code]["rank_city"].nunique(dropna=False) == 1
        ):
            bits.append(f"各期均居{scope(tr.parent_kind)}第{s.rank_latest}位")
        if bits:
            lines.append(f"- {label}：{'，'.join(bits)}。")
    avgs = {c: v for c, v in tr.two_year_averages().items() if not is_missing(v)}
    if avgs:
        lines.append(
            "- 两年平均增速："
            + "，".join(f"{INDICATORS[c].label}{_n(v)}%" for c, v in avgs.items())
            + "（与上年同期合并计算，平滑基数的高低）。"
        )
    if not lines:
        return "本期没有可比较的增速走势数据。"
    return "\n".join(lines) + _formula("两年平均增速 = √((1 + 本年增速)(1 + 上年同期增速)) − 1")


# ---------------------------------------------------------------- highlights and problems


def highlights_markdown(good: list[dict], bad: list[dict]) -> str:
    from .indicators import highlight_text

    parts = ["**亮点**"]
    parts += [f"{i}. {highlight_text(item)}。" for i, item in enumerate(good, 1)] or ["（无）"]
    parts += ["", "**问题**"]
    parts += [f"{i}. {highlight_text(item)}。" for i, item in enumerate(bad, 1)] or ["（无）"]
    return "\n".join(parts) + _formula(
        "由以上各节的数字按阈值判断（params/defaults.yaml 的 highlights），按偏离程度排序；"
        "进度差、增速差以百分点计，排名每差一位计2分"
    )


# ---------------------------------------------------------------- firms, innovation, tasks


def firms_text(detail) -> str:
    """New above-scale firms against the target, the pipeline and the high-tech share."""
    c = detail.counts
    if is_missing(c.above_scale):
        return "缺少规上企业数据（没有企业名单，也没有规上企业数指标）。"
    parts = [f"规上工业企业{_n(c.above_scale, 0)}家"]
    if not is_missing(detail.net_increase):
        word = "净增" if detail.net_increase >= 0 else "净减"
        text = f"比上年末{word}{abs(detail.net_increase)}家"
        if not is_missing(detail.new_so_far):
            left = detail.new_so_far - detail.net_increase
            text += f"（今年新增{detail.new_so_far}家"
            routes = route_text(c.new_by_route)
            text += f"，{routes}" if routes else ""
            text += f"；退出{left}家）" if left > 0 else "）"
        else:
            text += "（没有企业名单，无法区分新增与退出）"
        parts.append(text)
    elif not is_missing(detail.new_so_far):
        parts.append(f"今年新增{detail.new_so_far}家")
    if not is_missing(detail.year_end_target):
        text = f"年末目标{_n(detail.year_end_target, 0)}家"
        if not is_missing(detail.new_target_share_pct) and not is_missing(detail.new_target):
            text += (
                f"，完成净增目标{_n(detail.new_target, 0)}家的{_n(detail.new_target_share_pct)}%"
            )
        parts.append(text)
    if detail.pipeline:
        names = "、".join(
            f"{md_escape(f['name'])}（{int(f['expected_entry'][-2:])}月）" for f in detail.pipeline
        )
        parts.append(f"预计年内还将入规{len(detail.pipeline)}家：{names}")
        if not is_missing(detail.expected_full_year_new) and not is_missing(detail.last_year_new):
            parts.append(
                f"全年预计新增{detail.expected_full_year_new}家，上年新增{detail.last_year_new}家"
            )
    elif detail.pipeline is None and detail.has_firm_list:
        parts.append("企业名单未登记预计入规时间，无法估计年内新增")
    if not is_missing(detail.hitech_stat) and not is_missing(detail.hitech_share_pct):
        parts.append(
            f"纳入高新技术产业统计的企业{detail.hitech_stat}家，占规上企业的"
            f"{_n(detail.hitech_share_pct)}%"
        )
    return (
        "，".join(parts)
        + "。"
        + _formula(
            "净增目标 = 年末规上企业数目标 − 上年末企业数；完成率 = 比上年末净增 ÷ 净增目标；"
            "高新占比 = 高新统计企业数 ÷ 规上企业数"
        )
    )


_INNOVATION_REASON = {
    "no_data": "本期没有数据",
    "no_level": "只有增速、没有累计值",
    "no_target": "没有年度目标",
}


def innovation_table(data: pd.DataFrame) -> pd.DataFrame:
    """The innovation indicators, from the tidy data (the fields of ``InnovationRow``)."""
    rows = []
    records = table_rows(data)
    for r in records:
        rows.append(
            {
                "指标": INDICATORS[r.indicator].label,
                "累计完成": fmt(r.value, 2 if r.unit == "亿元" else 0),
                "单位": r.unit,
                "同比增长(%)": fmt(r.yoy_pct, 1),
                "年度目标": fmt(r.target, 2 if r.unit == "亿元" else 0),
                "完成目标(%)": fmt(r.completion_pct, 1),
                "进度差(百分点)": fmt(r.schedule_gap_pp, 1, signed=True),
                "说明": _INNOVATION_REASON.get(r.reason, "") if r.reason else "",
            }
        )
    frame = pd.DataFrame(rows)
    if records and all(r.reason == "no_target" for r in records):  # none has a target: once
        frame["说明"] = ""
    return drop_empty_columns(frame, ["年度目标", "完成目标(%)", "进度差(百分点)", "说明"])


def innovation_text(inn) -> str:
    known = [
        r
        for r in inn.rows
        if not is_missing(r.schedule_gap_pp) and not is_missing(r.completion_pct)
    ]
    ahead = [r for r in known if rounded_sign(r.schedule_gap_pp) >= 0]
    behind = [r for r in known if rounded_sign(r.schedule_gap_pp) < 0]
    lines = []
    if ahead:
        lines.append(
            "超过时序进度的有"
            + "、".join(f"{r.label}（完成{_n(r.completion_pct)}%）" for r in ahead)
        )
    if behind:
        lines.append(
            "低于时序进度的有"
            + "、".join(
                f"{r.label}（完成{_n(r.completion_pct)}%，差{_pp(r.schedule_gap_pp)}）"
                for r in behind
            )
        )
    gaps = [r.label for r in inn.rows if r.reason]
    no_targets = bool(inn.rows) and all(r.reason == "no_target" for r in inn.rows)
    if no_targets:  # the table has no 说明 column then: say it here
        lines.append("、".join(gaps) + "没有年度目标，不计算完成进度")
    elif gaps:
        lines.append("、".join(gaps) + "无法计算完成进度（见表中说明）")
    if not lines:
        return "缺少科技创新指标数据。"
    text = "；".join(lines) + "。"
    if no_targets:
        return text
    return text + _formula("完成目标 = 累计完成 ÷ 年度目标；进度差 = 完成目标 − 时序进度")


def _qty(x) -> str:
    """A task's number as written: 500 not 500.00, 2.1 not 2.10."""
    return format_quantity(x)


_SOURCE_ZH = {"city": "市级政府工作报告", "county": "县政府工作报告"}


def tasks_table(data: pd.DataFrame) -> pd.DataFrame:
    """The year's tasks, from the tidy data (``TaskStatus.items``; empty: no tasks)."""
    if data is None or data.empty:
        return pd.DataFrame()
    rows = []

    def text(value) -> str:
        return "" if is_missing(value) else str(value)

    for r in data.to_dict("records"):
        rows.append(
            {
                "来源": _SOURCE_ZH.get(r["source"], r["source"]),
                "任务": r["title"],
                "指标": text(r.get("metric")),
                "目标": format_value(r.get("target"), text(r.get("unit"))),
                "完成": format_value(r.get("actual"), text(r.get("unit"))),
                "单位": text(r.get("unit")),
                "完成率(%)": fmt(r.get("completion_pct"), 1),
                "状态": status_word(r["status"], rate=text(r.get("unit")) in PERCENT_UNITS),
                "备注": text(r.get("note")),
            }
        )
    return pd.DataFrame(rows)


def tasks_text(ts) -> str:
    if not ts.available:
        return "截至本期，数据中没有本单位今年重点任务的进展报告（tasks 表），本节从略。"
    total = sum(ts.counts.values())
    parts = [f"{n}项{STATUS_WORDS[s]}" for s, n in ts.counts.items() if n and s in STATUS_WORDS]
    text = f"今年{total}项重点任务中，" + "、".join(parts) + "。"
    for source, counts in ts.by_source.items():
        n = sum(counts.values())
        done = counts.get("done", 0)
        late = counts.get("behind", 0) + counts.get("not_started", 0)
        text += f"{_SOURCE_ZH.get(source, source)}确定的{n}项中，已完成{done}项"
        text += f"、进度滞后或尚未启动{late}项。" if late else "。"
    return text + _formula(
        "每项任务取截至本期的最新报告，任务指标即本单位统计指标且目标相同的，完成数取统计数据；"
        "完成率 = 实际完成 ÷ 目标；进度按与主要指标相同的规则判断：完成率与时序进度之差（保留一位"
        "小数）大于0为快于时序进度、等于0为按进度推进、小于0为进度滞后，达到100%为已完成；"
        "目标为增速的任务比较增速与目标"
    )


def industry_title(region_name: str, period) -> str:
    return f"# {md_escape(region_name)}{period.full_label}工业经济运行分析"


# the label columns of page 02's tables (left-aligned)
RATE_TABLE_LEFT = ("行业",)
TASKS_TABLE_LEFT = ("任务", "备注")

"""Section 二: the problems, with the numbers behind each.

Each problem is written only when its condition holds; the condition sits beside its
words (a ``*_holds`` / ``*_level`` function read by the builder) and is tested both ways.
A problem never names something ahead of schedule or above its target. Each problem also
seeds the second-half plan (section 三) with a 【待补充】 line that carries its numbers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...numbers import format_amount, format_fixed
from ..forecast import interval_check, stated_probability
from .core import (
    ORDINALS,
    Missing,
    Section,
    Sentence,
    Writer,
    flagged,
    format_whole,
    is_zero,
    num,
    placeholder,
    threshold,
    write,
)
from .forecast import CHANCE_BANDS, has_amount_target

# below this share of above-scale firms in the high-tech statistics, the draft calls it low
HITECH_SHARE_LOW_PCT = 30.0
# a rate adjustment costing at least this many points of growth: 压力较大, else 有一定影响
RATE_CUT_LARGE_PP = 1.0
REASON_WORDS = {
    "withdrawn": "已撤资不在本地落户",
    "not_started": "未开工或仍在前期工作",
    "leased_no_invoice": "已建成投产但因租赁厂房、设备无发票无法入库",
}
EXCLUDED_WORDS = {
    "fully_reported": "已报完全部投资",
    "cannot_report": "虽有投资余额但不能上报投资",
    "capped": "余额较大但每月可报投资有限",
}
TARGET_CODES = (
    "output",
    "value_added",
    "industrial_investment",
    "tech_investment",
    "hitech_value_added",
)
MEASURES = "【待补充：措施】"


@dataclass(frozen=True)
class Problem:
    """A problem's sentence and the clause naming it in the plan (针对…：)."""

    build: Callable[[Writer], None]
    seed: Callable[[Writer], None] | None = None


def below(value: float | None) -> bool:
    """Negative as printed (a rounded −0.0 is not below)."""
    return value is not None and value < 0 and not is_zero(format_fixed(abs(value), 1))


# ---------------------------------------------------------------- 工业运行


def _below_growth_target(w: Writer) -> None:
    """增速未达年度目标: output or value added growing slower than its annual target."""
    found = [
        c
        for c in ("value_added", "output")
        if below(num(w.results, f"indicators.{c}.growth_gap_pp"))
    ]
    if not found:
        raise Missing("indicators.growth_gap_pp")
    w.t("增速未达年度目标。")
    for k, code in enumerate(found):
        b = f"indicators.{code}"
        w.t("；" if k else "").name(f"labels.indicators.{code}").t("同比").growth(f"{b}.yoy_pct")
        w.t("，").points(f"{b}.growth_gap_pp", what="年度目标")
        w.opt(lambda w, b=b: w.t("（").pct(f"{b}.target_growth_pct").t("%）"))


def _below_growth_target_seed(w: Writer) -> None:
    code = next(
        c
        for c in ("value_added", "output")
        if below(num(w.results, f"indicators.{c}.growth_gap_pp"))
    )
    w.name(f"labels.indicators.{code}").t("增速").points(
        f"indicators.{code}.growth_gap_pp", what="年度目标"
    )


def rate_cut_level(results: dict) -> str | None:
    """'large' when the provincial rate adjustment cuts value-added growth by at least
    RATE_CUT_LARGE_PP points, 'some' when by more than the run's ``rate_cut_pp``, None
    otherwise (a raise, or a cut too small to matter, is not a problem)."""
    pp = num(results, "rate_adjustment.impact_pp")
    if not results.get("rate_adjustment", {}).get("available") or pp is None or pp >= 0:
        return None
    if -pp >= RATE_CUT_LARGE_PP:
        return "large"
    return "some" if -pp > threshold(results, "rate_cut_pp") else None


def _rate_adjustment(w: Writer) -> None:
    level = rate_cut_level(w.results)
    if level is None:
        raise Missing("rate_adjustment")
    b = "rate_adjustment"
    rows = [
        i
        for i, r in enumerate(w.value(f"{b}.by_industry") or [])
        if r.get("va_rate") is not None
        and r.get("va_rate_prev") is not None
        and format_fixed(r["va_rate"], 2) != format_fixed(r["va_rate_prev"], 2)
        # a change costing less than rate_cut_pp points of growth is not worth a clause
        and not (
            isinstance(r.get("impact_pp"), int | float)
            and abs(r["impact_pp"]) < threshold(w.results, "rate_cut_pp")
        )
    ]
    w.t("增加值率调整带来的压力较大。" if level == "large" else "增加值率调整有一定影响。")
    for k, i in enumerate(rows):
        r = f"{b}.by_industry.{i}"
        down = w.number(f"{r}.va_rate") < w.number(f"{r}.va_rate_prev")
        w.t("，" if k else "").name(f"{r}.industry").t("增加值率由")
        w.pct(f"{r}.va_rate_prev", decimals=2).t("%" + ("下调到" if down else "上调到"))
        w.pct(f"{r}.va_rate", decimals=2).t("%")
    w.t("；" if rows else "").t("测算增加值率调整使规上工业增加值")
    w.signed(f"{b}.impact_value", "增加", "减少", "基本不变", unit="亿元", fmt=format_amount)
    w.t("，").signed(f"{b}.impact_pp", "拉高增速", "拉低增速", "对增速基本无影响", unit="个百分点")
    w.opt(_rate_cut_industries)
    w.opt(_va_below_output)


def _rate_cut_industries(w: Writer) -> None:
    """，其中针织服装、大米加工影响最大，分别拉低x、x个百分点 (the industries the rate
    adjustment names as drivers, their cuts from by_industry)."""
    drivers = w.value("rate_adjustment.drivers") or []
    rows = w.value("rate_adjustment.by_industry") or []
    idx = [
        i
        for d in drivers
        for i, r in enumerate(rows)
        if isinstance(r, dict) and r.get("industry") == d and below(r.get("impact_pp"))
    ]
    if not idx:
        raise Missing("rate_adjustment.drivers")
    w.t("，其中")
    for k, i in enumerate(idx):
        w.t("、" if k else "").name(f"rate_adjustment.by_industry.{i}.industry")
    w.t("影响最大，" + ("分别" if len(idx) > 1 else "") + "拉低增速")
    for k, i in enumerate(idx):
        w.t("、" if k else "").pct(f"rate_adjustment.by_industry.{i}.impact_pp", absolute=True)
    w.t("个百分点")


def va_below_output_holds(results: dict) -> bool:
    """Value added grows at least ``va_output_gap_pp`` points slower than output."""
    va, out = (
        num(results, "indicators.value_added.yoy_pct"),
        num(results, "indicators.output.yoy_pct"),
    )
    return va is not None and out is not None and out - va >= threshold(results, "va_output_gap_pp")


def rate_cut_main_reason(results: dict) -> bool:
    """The rate cut explains at least half of the gap between output and value-added growth
    (主要原因); less than half: 原因之一 (prices and the mix of industries do the rest)."""
    va, out = (
        num(results, "indicators.value_added.yoy_pct"),
        num(results, "indicators.output.yoy_pct"),
    )
    pp = num(results, "rate_adjustment.impact_pp")
    if va is None or out is None or pp is None or out <= va:
        return False
    return -pp >= 0.5 * (out - va)


def _va_below_output(w: Writer) -> None:
    """。增加值率下调是规上工业增加值增速（13.8%）明显低于产值增速（24.1%）的主要原因"""
    if not va_below_output_holds(w.results):
        raise Missing("va_below_output")
    w.t("。增加值率下调是规上工业增加值增速（").pct("indicators.value_added.yoy_pct")
    w.t("%）明显低于产值增速（").pct("indicators.output.yoy_pct").t("%）的")
    w.t("主要原因" if rate_cut_main_reason(w.results) else "原因之一")
    if price_effect(w.results) is not None:  # the rest of the gap: output's prices
        w.t("，此外价格上涨使现价产值增速高出").pct("prices.gap_pp").t("个百分点")


def price_effect(results: dict) -> str | None:
    """How the draft may speak of prices. None: nominal output growth is not above real
    growth by ``price_gap_pp`` (prices are no problem). Otherwise, from the estimate of real
    value-added growth against the reported rate (``estimate_gap_pp``): 'lowers' when the
    estimate is below the reported rate (the reported rate will have to come down: 上报增速将
    受到价格因素的影响), 'covered' when it is above (the reported rate already sits below the
    estimate: no such warning), 'level' within the margin or without an estimate."""
    gap = num(results, "prices.gap_pp")
    if not results.get("prices", {}).get("available") or gap is None:
        return None
    if gap < threshold(results, "price_gap_pp"):
        return None
    est = num(results, "value_added_estimate.gap_pp")
    margin = threshold(results, "estimate_gap_pp")
    if not results.get("value_added_estimate", {}).get("available") or est is None:
        return "level"
    if est <= -margin:
        return "lowers"
    return "covered" if est >= margin else "level"


def _prices(w: Writer) -> None:
    effect = price_effect(w.results)
    if effect is None:
        raise Missing("prices")
    b = "prices"
    w.t("价格上涨对增速的影响需要重视。")

    def ppi(w: Writer) -> None:
        w.t("全国工业生产者出厂价格指数同比").signed(
            f"{b}.national_ppi_yoy_pct", "上涨", "下降", "持平"
        )
        w.opt(
            lambda w: w.t("，比上月").signed(
                f"{b}.national_ppi_change_pp", "扩大", "收窄", "持平", unit="个百分点"
            )
        )
        w.t("；")

    w.opt(ppi)

    def pmi(w: Writer) -> None:
        w.t("制造业采购经理指数为").pct(f"{b}.pmi")
        if w.number(f"{b}.pmi_months_above_50") > 0:
            w.t("，连续").count(f"{b}.pmi_months_above_50").t("个月在临界点以上")
        w.t("。")

    w.opt(pmi)
    w.t("本地产值现价增速").pct(f"{b}.output_nominal_yoy_pct").t("%")
    w.opt(
        lambda w: w.t("，按分行业出厂价格测算本地工业品价格").signed(
            f"{b}.ppi_yoy_pct", "上涨", "下降", "持平"
        )
    )
    w.t("，扣除价格因素后实际").growth(f"{b}.output_real_yoy_pct")
    w.t("，现价增速高出").pct(f"{b}.gap_pp").t("个百分点，可见价格上涨抬高了现价增速")
    e = "value_added_estimate"
    if effect == "lowers":
        w.t("；按分行业产值、增加值率和价格指数测算，规上工业增加值实际增长").pct(
            f"{e}.real_yoy_pct"
        )
        w.t("%，比公布的增速低").pct(f"{e}.gap_pp", absolute=True).t(
            "个百分点，上报增速将受到价格因素的影响"
        )
    elif effect == "covered":  # the estimate above the published rate: nothing to warn of,
        pass  # and whether to say the published rate is low is a person's decision
    else:
        w.opt(
            lambda w: (
                w.t("；按分行业产值、增加值率和价格指数测算，规上工业增加值实际增长")
                .pct(f"{e}.real_yoy_pct")
                .t("%，与公布的增速基本一致")
            )
        )


def stated_odds(results: dict, code: str) -> float | None:
    """The chance of meeting the target as the forecast section states it: the forecast's
    ``p_meet_target`` within what its backtest can support (``stated_probability``)."""
    p = num(results, f"forecast.full_year.{code}.p_meet_target")
    if p is None:
        return None
    check = interval_check(results.get("forecast") or {}, code)
    return stated_probability(p, check.n if check is not None else None)[0]


def target_outlook(results: dict, code: str) -> str | None:
    """'secure', 'likely', 'tight' or 'hard' for the annual target of ``code``; None
    without one.

    With the forecast's odds, the odds decide, by the bands the forecast section words them
    with (CHANCE_BANDS: from 90% 把握较大 secure, 70-90% likely, 40-70% 存在一定不确定性
    tight, below 40% 难度较大 hard), so the two sections never disagree. Without odds, the
    pace: the rest of the year needs ``rest_of_year_growth_pct``, the latest month grew
    ``month_yoy_pct`` (the cumulative rate when the month is unknown); hard when the need
    exceeds the pace by more than ``target_margin_pp``, secure when it is at least that
    margin below, tight between.
    """
    need = num(results, f"required.{code}.rest_of_year_growth_pct")
    if not results.get("required", {}).get(code, {}).get("available") or need is None:
        return None
    odds = stated_odds(results, code)
    if odds is not None:
        floors = [band[0] for band in CHANCE_BANDS]  # 0.9, 0.7, 0.4, 0.0
        level = next((k for k, floor in enumerate(floors) if odds >= floor), len(floors) - 1)
        return ("secure", "likely", "tight", "hard")[min(level, 3)]
    pace = num(results, f"indicators.{code}.month_yoy_pct")
    if pace is None:
        pace = num(results, f"indicators.{code}.yoy_pct")
    if pace is None:
        return "tight"
    margin = threshold(results, "target_margin_pp")
    if need > pace + margin:
        return "hard"
    return "secure" if need <= pace - margin else "tight"


def _target_difficulty(w: Writer) -> None:
    outlooks = {c: target_outlook(w.results, c) for c in TARGET_CODES}
    pressed = [c for c, o in outlooks.items() if o in ("hard", "tight")]
    if not pressed:
        raise Missing("required")
    hard = any(outlooks[c] == "hard" for c in pressed)
    w.t("完成全年目标任务艰巨。" if hard else "部分指标完成全年目标仍有压力。")
    for k, code in enumerate(pressed):
        r = f"required.{code}"
        w.t("；" if k else "").name(f"labels.indicators.{code}").t("要完成")
        if w.value(f"{r}.target_kind") == "growth_pct":
            w.t("增长").pct(f"{r}.target").t("%的年度目标")
            if not has_amount_target(w.results, code):  # one target amount per indicator
                w.opt(lambda w, r=r: w.t("（约").amount(f"{r}.target_amount").t("亿元）"))
        else:
            w.t("年度目标（").amount(f"{r}.target").t("亿元）")
        w.t("，后").count(f"{r}.months_left").t("个月需同比").growth(f"{r}.rest_of_year_growth_pct")
        if not (w.value(f"{r}.target_kind") == "growth_pct" and has_amount_target(w.results, code)):
            # a month's need toward the growth target's amount is not printed beside the
            # indicator's own amount target: one target amount per indicator
            w.opt(lambda w, r=r: w.t("，月均需完成").amount(f"{r}.monthly_needed").t("亿元"))
        w.opt(lambda w, code=code: _month_short(w, code))
        if code == "value_added":
            w.opt(_output_for_va)
    secure = [c for c, o in outlooks.items() if o == "secure"]
    if secure:
        w.t("。其余指标完成有把握：")
        for k, code in enumerate(secure):
            r = f"required.{code}"
            w.t("，" if k else "").name(f"labels.indicators.{code}")
            if below(w.number(f"{r}.rest_of_year_growth_pct")):
                w.t("即使后").count(f"{r}.months_left").t("个月同比")
                w.growth(f"{r}.rest_of_year_growth_pct").t("也能完成")
            else:
                w.t("后").count(f"{r}.months_left").t("个月同比")
                w.growth(f"{r}.rest_of_year_growth_pct").t("即可完成")


def _month_short(w: Writer, code: str) -> None:
    """，而6月当月同比下降0.2%: the latest month below what the rest of the year needs."""
    month = w.number(f"indicators.{code}.month_yoy_pct")
    if month >= w.number(f"required.{code}.rest_of_year_growth_pct"):
        raise Missing("month above the need")
    w.t("，而").month("period").t("当月同比").growth(f"indicators.{code}.month_yoy_pct")


def output_short_for_va(results: dict) -> bool:
    """Output's projected growth for the year (its cumulative growth without a projection)
    below the growth value added's target needs of it: only then is that need a reason
    for the difficulty (when output is on course for it, saying so would contradict it)."""
    need = num(results, "required.output_growth_for_va_target_pct")
    seen = num(results, "forecast.full_year.output.yoy_pct")
    if seen is None:
        seen = num(results, "indicators.output.yoy_pct")
    return need is not None and seen is not None and seen < need


def _output_for_va(w: Writer) -> None:
    """；着眼增加值增长8%的目标，产值需增长16.2%以上，而预计全年产值增长15%左右"""
    if not output_short_for_va(w.results):
        raise Missing("output on course for what value added needs")
    b = "required"
    w.t("；着眼增加值增长").pct(f"{b}.output_growth_for_va_target.va_target_growth_pct").t(
        "%的目标，"
    )
    w.t("产值需").growth(f"{b}.output_growth_for_va_target_pct").t("以上")
    if w.has("forecast.full_year.output.yoy_pct"):
        w.t("，而预计全年产值").growth("forecast.full_year.output.yoy_pct")
    else:
        w.t("，而").period().t("产值").growth("indicators.output.yoy_pct")


def _target_seed(w: Writer) -> None:
    code = next(c for c in TARGET_CODES if target_outlook(w.results, c) in ("hard", "tight"))
    w.name(f"labels.indicators.{code}").t("后").count(f"required.{code}.months_left").t(
        "个月需同比"
    )
    w.growth(f"required.{code}.rest_of_year_growth_pct")


def falling_month(results: dict) -> str | None:
    """The indicator (value added, else output) whose latest month fell year on year."""
    for code in ("value_added", "output"):
        if below(num(results, f"indicators.{code}.month_yoy_pct")):
            return code
    return None


def slowing_every_period(results: dict, code: str) -> bool:
    """Cumulative growth lower at every period than at the one before (3 periods or more)."""
    rows = [r for r in results.get("trend", {}).get(code) or [] if isinstance(r, dict)]
    rates = [r.get("yoy_pct") for r in rows]
    if len(rates) < 3 or any(not isinstance(x, int | float) for x in rates):
        return False
    return all(b < a for a, b in zip(rates, rates[1:], strict=False))


def base_rising(results: dict, code: str) -> bool:
    """Last year's growth at the same period rose from the first period to the latest by
    at least ``base_effect_pp`` points: this year's cumulative rate falls as the base climbs."""
    rows = [r for r in results.get("trend", {}).get(code) or [] if isinstance(r, dict)]
    if len(rows) < 2:
        return False
    first, last = rows[0].get("yoy_prev_pct"), rows[-1].get("yoy_prev_pct")
    if not all(isinstance(x, int | float) for x in (first, last)):
        return False
    return last - first >= threshold(results, "base_effect_pp")


def _month_decline(w: Writer) -> None:
    code = falling_month(w.results)
    if code is None:
        raise Missing("month_yoy_pct")
    b = f"indicators.{code}"
    trend = f"trend.{code}"
    n = len(w.value(trend) or []) if w.has(trend) else 0
    slowing = slowing_every_period(w.results, code)
    w.t("增速逐月回落，当月出现下降。" if slowing else "当月增速回落。")
    w.month("period").t("当月").name(f"labels.indicators.{code}").t("同比").growth(
        f"{b}.month_yoy_pct"
    )
    w.t("，需密切关注；")
    if slowing:
        w.t("累计增速由").name(f"{trend}.0.label").t("的").pct(f"{trend}.0.yoy_pct").t(
            "%逐月回落至"
        )
        w.pct(f"{trend}.{n - 1}.yoy_pct").t("%")
    else:
        w.t("累计增速为").pct(f"{b}.yoy_pct").t("%")
    if base_rising(w.results, code):
        slowed = two_year_slowed(w.results, code)
        w.t("，一方面" if slowed else "，主要原因是").t("上年同期基数逐月抬高（上年").name(
            f"{trend}.0.label"
        )
        w.growth(f"{trend}.0.yoy_prev_pct").t("，").name(f"{trend}.{n - 1}.label")
        w.growth(f"{trend}.{n - 1}.yoy_prev_pct").t("）")
        if slowed:
            w.t("，另一方面两年平均增速也由").pct(f"{trend}.0.two_year_avg_pct").t("%回落至")
            w.pct(f"{trend}.{n - 1}.two_year_avg_pct").t("%，增长动能有所减弱")
        else:
            w.opt(lambda w: w.t("，两年平均").growth(f"{b}.two_year_avg_pct"))


def two_year_slowed(results: dict, code: str) -> bool:
    """The two-year average growth fell from the first period to the latest by at least
    one point: the slowdown is real, not only the base."""
    rows = [r for r in (results.get("trend") or {}).get(code) or [] if isinstance(r, dict)]
    if len(rows) < 2:
        return False
    first, last = rows[0].get("two_year_avg_pct"), rows[-1].get("two_year_avg_pct")
    return all(isinstance(x, int | float) for x in (first, last)) and first - last >= 1.0


def _rank_problems(codes: tuple[str, ...]) -> Callable[[Writer], None]:
    """排名靠后 / 较年初后退 for ``codes``, from the problems results.json lists."""

    def build(w: Writer) -> None:
        found = _rank_found(w.results, codes)
        if not found:
            raise Missing("problems")
        w.t("部分指标排名靠后或后移。")
        for k, (i, p) in enumerate(found):
            b = f"problems.{i}.numbers"
            w.t("；" if k else "").name(f"labels.indicators.{p['indicator']}").t("增速")
            if p["kind"] == "bottom_rank":
                w.t("居").name(f"{b}.scope").count(f"{b}.rank_city_of").t("个单位第")
                w.count(f"{b}.rank_city").t("位")
                w.opt(lambda w, p=p: _below_parent(w, p["indicator"]))
            else:
                w.t("排名较年初").signed(
                    f"{b}.rank_change", "前移", "后退", "未变", unit="位", fmt=format_whole
                )

    return build


def _below_parent(w: Writer, code: str) -> None:
    """，低于全市10.8个百分点 (the comparison with the parent, when below it)."""
    b = f"comparison.parent.{code}"
    if w.value("comparison.kind") != "parent" or not below(num(w.results, f"{b}.gap_pp")):
        raise Missing(b)
    w.t("，增速低于").name("comparison.scope").pct(f"{b}.gap_pp", absolute=True).t("个百分点")


def _rank_found(results: dict, codes: tuple[str, ...]) -> list[tuple[int, dict]]:
    return [
        (i, p)
        for i, p in enumerate(results.get("problems") or [])
        if isinstance(p, dict)
        and p.get("indicator") in codes
        and p.get("kind") in ("bottom_rank", "rank_down")
    ]


def _rank_seed(codes: tuple[str, ...]) -> Callable[[Writer], None]:
    def seed(w: Writer) -> None:
        i, p = _rank_found(w.results, codes)[0]
        w.name(f"labels.indicators.{p['indicator']}").t("增速排名")
        if p["kind"] == "bottom_rank":
            w.t("居").name(f"problems.{i}.numbers.scope").t("第")
            w.count(f"problems.{i}.numbers.rank_city").t("位")
        else:
            w.t("较年初后退").count(f"problems.{i}.numbers.rank_change", absolute=True).t("位")

    return seed


# ---------------------------------------------------------------- 工业投资


def balance_level(results: dict) -> str | None:
    """The library's effective balance against what the year still needs: 'short' below
    it (不足), 'limited' below ``balance_ample_pct`` of it (有限), None when ample, when the
    target is already met, or without a library."""
    lib = results.get("investment", {}).get("library") or {}
    eff = num(results, "investment.library.effective_balance")
    need = num(results, "required.industrial_investment.remaining")
    if not lib.get("available") or eff is None or need is None or need <= 0:
        return None
    if eff < need:
        return "short"
    return "limited" if eff * 100 < need * threshold(results, "balance_ample_pct") else None


def _effective_balance(w: Writer) -> None:
    level = balance_level(w.results)
    if level is None:
        raise Missing("investment.library")
    b = "investment.library"
    w.t("工业项目库内有效投资余额不足。" if level == "short" else "工业项目库内有效投资余额有限。")
    w.t("库内工业项目").count(f"{b}.projects").t("个，剩余投资余额")
    w.amount(f"{b}.remaining_balance").t("亿元，但有效投资余额只有")
    w.amount(f"{b}.effective_balance").t("亿元")
    ex = "investment.excluded"
    groups = [g for g in EXCLUDED_WORDS if (num(w.results, f"{ex}.{g}.count") or 0) > 0]
    if groups:
        w.t("（主要原因：")
        for k, g in enumerate(groups):
            w.t("；" if k else "").count(f"{ex}.{g}.count").t("个项目" + EXCLUDED_WORDS[g])
            if g != "fully_reported":
                w.opt(lambda w, g=g: w.t("，余额").amount(f"{ex}.{g}.balance").t("亿元"))
        w.t("）")
    w.t("，而完成全年目标还需完成工业投资").amount("required.industrial_investment.remaining").t(
        "亿元"
    )


def _balance_seed(w: Writer) -> None:
    w.t("库内有效投资余额").amount("investment.library.effective_balance").t("亿元、全年还需完成")
    w.amount("required.industrial_investment.remaining").t("亿元")


def _schedule_gap(w: Writer) -> None:
    b = "investment.schedule.industrial_investment"
    if not below(num(w.results, f"{b}.gap_pp")):
        raise Missing(b)  # on or ahead of schedule: not a problem
    w.t("工业投资时序进度有差距。")
    w.period().t("完成工业投资").amount(f"{b}.value").t("亿元，为年度目标的").pct(
        f"{b}.completion_pct"
    )
    w.t("%，").points(f"{b}.gap_pp", what="时序进度")
    w.t("，较时序进度少完成").amount(f"{b}.shortfall").t("亿元")
    f = "investment.schedule.fixed_asset_investment"

    def fai(w: Writer) -> None:
        if w.number(f"{f}.gap_pp") >= 0:
            w.t("；全部固定资产投资则已达到时序进度")
            return
        w.t("；全部固定资产投资较时序进度少完成").amount(f"{f}.shortfall").t("亿元")
        if w.value("investment.schedule.industry_holds_back"):
            w.t("。可见，固定资产投资未达时序进度，主要是工业投资完成滞后")

    w.opt(fai)


def _schedule_seed(w: Writer) -> None:
    w.t("工业投资较时序进度少完成").amount("investment.schedule.industrial_investment.shortfall").t(
        "亿元"
    )


def _stock_vs_new(w: Writer) -> None:
    b = "investment.new_entries"
    share = num(w.results, f"{b}.new_share_pct")
    if not w.value(f"{b}.available") or not w.number(f"{b}.total") or share is None or share >= 50:
        raise Missing(b)  # new projects are half or more of the entries: not a problem
    w.t("工业投资增长主要依靠存量项目，增量不足。")
    w.t("今年新入库的").count(f"{b}.total").t("个项目中，新建项目只有").count(f"{b}.new_projects")
    w.t("个，占").pct(f"{b}.new_share_pct").t("%")
    w.opt(
        lambda w: (
            w.t("，其余为技改项目")
            .count(f"{b}.by_kind.tech_renovation")
            .t("个、扩建项目")
            .count(f"{b}.by_kind.expansion")
            .t("个")
        )
    )


def _stock_seed(w: Writer) -> None:
    w.t("新入库项目中新建项目只有").count("investment.new_entries.new_projects").t("个")


def _not_in_library(w: Writer) -> None:
    b = "investment.not_in_library"
    if not w.value(f"{b}.available") or not w.number(f"{b}.count"):
        raise Missing(b)
    w.t("部分招商引资项目未能入库。共有").count(f"{b}.count").t("个招商引资项目未入库")
    w.opt(lambda w: w.t("，计划总投资").amount(f"{b}.total").t("亿元"))
    w.opt(lambda w: w.t("，其中亿元以上项目").count(f"{b}.over_100m").t("个"))
    reasons = [r for r in REASON_WORDS if (num(w.results, f"{b}.by_reason.{r}.count") or 0) > 0]
    if reasons:
        w.t("。其中")
        for k, r in enumerate(reasons):
            w.t("；" if k else "").t(REASON_WORDS[r]).t("的").count(f"{b}.by_reason.{r}.count").t(
                "个"
            )
        w.t("。这些项目的投资均未能纳入统计")


def _not_in_library_seed(w: Writer) -> None:
    w.count("investment.not_in_library.count").t("个招商引资项目未入库")


def townships_uneven(results: dict) -> bool:
    """Some township (or park) is behind schedule."""
    inv = results.get("investment") or {}
    rows = [r for r in inv.get("townships") or [] if isinstance(r, dict)]
    return bool(inv.get("townships_available")) and any(r.get("on_schedule") is False for r in rows)


def _townships(w: Writer) -> None:
    if not townships_uneven(w.results):
        raise Missing("investment.townships")  # every township on schedule: not a problem
    b = "investment"
    rows = w.value(f"{b}.townships") or []
    on = [i for i, r in enumerate(rows) if r.get("on_schedule")]
    w.t("乡镇工作不平衡。")
    w.t("达到时序进度的乡镇（园区）有").count(f"{b}.townships_reached_schedule").t("个")
    if on:
        w.t("（")
        for k, i in enumerate(on):
            w.t("、" if k else "").name(f"{b}.townships.{i}.township")
        w.t("）")
    close = (
        w.value(f"{b}.townships_close_to_schedule")
        if w.has(f"{b}.townships_close_to_schedule")
        else []
    )
    if close:
        w.t("，")
        for k, _ in enumerate(close):
            w.t("、" if k else "").name(f"{b}.townships_close_to_schedule.{k}")
        w.t("接近时序进度")
    ranked = [i for i, r in enumerate(rows) if r.get("completion_pct") is not None]
    bottom = sorted(ranked, key=lambda i: rows[i]["completion_pct"])[:3][::-1]
    if len(ranked) > 3 and bottom:
        w.t("，进度排在后三位的是")
        for k, i in enumerate(bottom):
            w.t("、" if k else "").name(f"{b}.townships.{i}.township").pct(
                f"{b}.townships.{i}.completion_pct"
            ).t("%")
    w.opt(
        lambda w: (
            w.t("；按近三个月的月均进度测算，年底能完成全年目标的有")
            .count(f"{b}.townships_projected_on_schedule")
            .t("个")
        )
    )
    path = f"{b}.townships_without_entries"
    without = (w.value(path) or []) if w.has(path) else []
    if without:
        w.t("；")
        for k, _ in enumerate(without):
            w.t("、" if k else "").name(f"{b}.townships_without_entries.{k}")
        w.t("今年暂无项目入库，项目入库工作滞后")


def _townships_seed(w: Writer) -> None:
    rows = w.value("investment.townships") or []
    behind = sorted(
        (i for i, r in enumerate(rows) if r.get("on_schedule") is False),
        key=lambda i: num(w.results, f"investment.townships.{i}.completion_pct") or 0.0,
    )
    w.t("未达时序进度的")
    for k, i in enumerate(behind[:3]):
        w.t("、" if k else "").name(f"investment.townships.{i}.township")
    w.t("等乡镇" if len(behind) > 3 else "")


# ---------------------------------------------------------------- 高新技术产业


def _hitech_share(w: Writer) -> None:
    b = "firms"
    if w.number(f"{b}.hitech_share_pct") >= HITECH_SHARE_LOW_PCT:
        raise Missing(f"{b}.hitech_share_pct")  # not low: not a problem
    w.t("纳入高新技术统计的企业占比不高。")
    w.t("全部规上企业").count(f"{b}.above_scale").t("家，纳入高新技术统计的只有")
    w.count(f"{b}.hitech_stat").t("家，占").pct(f"{b}.hitech_share_pct").t("%")


def _hitech_share_seed(w: Writer) -> None:
    w.t("纳入高新技术统计的企业占比").pct("firms.hitech_share_pct").t("%")


def innovation_behind(results: dict) -> list[str]:
    """High-tech value added and the innovation indicators behind schedule by
    ``close_to_schedule_pp`` points or more (closer is 接近时序进度, not a problem)."""
    close = threshold(results, "close_to_schedule_pp")

    def far(gap) -> bool:  # behind by close_to_schedule_pp or more: 接近 is no problem
        return isinstance(gap, int | float) and below(gap) and gap <= -close

    found = []
    if far(num(results, "indicators.hitech_value_added.schedule_gap_pp")):
        found.append("indicators.hitech_value_added")
    for code, v in (results.get("innovation") or {}).items():
        if isinstance(v, dict) and far(v.get("schedule_gap_pp")):
            found.append(f"innovation.{code}")
    return found


def _innovation_behind(w: Writer) -> None:
    found = innovation_behind(w.results)
    if not found:
        raise Missing("innovation")
    w.t("部分科技创新指标进度滞后。")
    for k, b in enumerate(found):
        code = b.rsplit(".", 1)[1]
        share = f"{b}.target_share_pct" if b.startswith("indicators") else f"{b}.completion_pct"
        w.t("；" if k else "").name(f"labels.indicators.{code}").t("完成年度目标的").pct(share).t(
            "%，"
        )
        w.points(f"{b}.schedule_gap_pp", what="时序进度")


def _innovation_seed(w: Writer) -> None:
    code = innovation_behind(w.results)[0].rsplit(".", 1)[1]
    w.name(f"labels.indicators.{code}").t("进度滞后")


PARTS: tuple[tuple[str, tuple[Problem, ...], str], ...] = (
    (
        "从工业运行来看",
        (
            Problem(_below_growth_target, _below_growth_target_seed),
            Problem(_rate_adjustment),  # the province sets the rates: no measure of ours
            Problem(_prices),  # prices are the market's: no measure of ours
            Problem(_target_difficulty, _target_seed),
            Problem(_month_decline),  # the target's seed carries the pace needed
            Problem(
                _rank_problems(("output", "value_added")), _rank_seed(("output", "value_added"))
            ),
        ),
        "稳定工业运行、完成产值目标的措施",
    ),
    (
        "从工业投资来看",
        (
            Problem(_effective_balance, _balance_seed),
            Problem(_schedule_gap, _schedule_seed),
            Problem(_stock_vs_new, _stock_seed),
            Problem(_not_in_library, _not_in_library_seed),
            Problem(_townships, _townships_seed),
            Problem(
                _rank_problems(("industrial_investment", "tech_investment")),
                _rank_seed(("industrial_investment", "tech_investment")),
            ),
        ),
        "加强调度、夯实入库基础、强化项目服务等措施",
    ),
    (
        "从高新技术产业来看",
        (Problem(_hitech_share, _hitech_share_seed), Problem(_innovation_behind, _innovation_seed)),
        "培育高新技术企业、提高统计质量的措施",
    ),
)


def _listed(results: dict, problems: tuple[Problem, ...]) -> list[tuple[Problem, Sentence]]:
    """The problems that hold, with their sentences numbered 一是、二是… in order."""
    out: list[tuple[Problem, Sentence]] = []
    for p in problems:
        k = len(out)

        def full(w: Writer, p=p, k=k) -> None:
            w.t(ORDINALS[min(k, len(ORDINALS) - 1)])
            p.build(w)

        s = write(results, full)
        if s is not None:
            out.append((p, s))
    return out


def problems_section(results: dict, advice: bool = True) -> Section:
    """二、存在的主要问题及建议: per part the problems that hold, then 建议 for a person."""
    sec = Section("存在的主要问题及建议" if advice else "需要关注的问题", 1)
    for title, problems, measures in PARTS:
        paras = [[s] for _, s in _listed(results, problems)]
        if not paras:
            if not advice:
                continue
            paras = [[flagged("数据未显示突出问题，如有请据实填写")]]
        if advice:
            paras.append([Writer(results).t("建议：").sentence(), placeholder(measures)])
        sec.children.append(Section(title, 2, paras))
    return sec


# the second-half line each part's problems seed (the example's 三、下半年工作安排 headings)
PLAN_LINES = {
    "从工业运行来看": "稳定工业运行，确保完成全年目标",
    "从工业投资来看": "加强项目调度，加快工业投资进度",
    "从高新技术产业来看": "培育高新技术企业，提升创新能力",
}


def plan_seeds(results: dict) -> list[Sentence]:
    """One line per part with problems a measure can answer: its heading, then 针对<each
    problem's numbers>等问题：【待补充：措施】 for the person to write the measures."""
    out = []
    for title, problems, _ in PARTS:
        seeds = [p.seed for p, _s in _listed(results, problems) if p.seed is not None]
        if not seeds:
            continue

        def build(w: Writer, seeds=seeds, title=title) -> None:
            w.t(PLAN_LINES[title] + "。针对")
            n = 0
            for seed in seeds:
                if w.opt(lambda w, seed=seed, n=n: (w.t("、" if n else ""), seed(w))):
                    n += 1
            if not n:
                raise Missing("seeds")
            w.t(("等问题" if n > 1 else "") + "：" + MEASURES)

        s = write(results, build)
        if s is not None:
            s.placeholder = True
            out.append(s)
    return out

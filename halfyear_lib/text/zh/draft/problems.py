"""Section 二: the problems, with the numbers behind each."""

from __future__ import annotations

from collections.abc import Callable

from ...numbers import format_amount, format_fixed
from .core import (
    Missing,
    Section,
    Writer,
    flagged,
    format_whole,
    numbered,
    placeholder,
)

# below this share of above-scale firms in the high-tech statistics, the draft calls it low
HITECH_SHARE_LOW_PCT = 30.0
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


def _rate_adjustment(w: Writer) -> None:
    b = "rate_adjustment"
    if not w.value(f"{b}.available"):
        raise Missing(b)
    rows = [
        i
        for i, r in enumerate(w.value(f"{b}.by_industry") or [])
        if r.get("va_rate") is not None
        and r.get("va_rate_prev") is not None
        and format_fixed(r["va_rate"], 2) != format_fixed(r["va_rate_prev"], 2)
    ]
    if not rows:
        raise Missing(f"{b}.by_industry")
    w.t("增加值率调整影响较大。")
    for k, i in enumerate(rows):
        r = f"{b}.by_industry.{i}"
        down = w.number(f"{r}.va_rate") < w.number(f"{r}.va_rate_prev")
        w.t("，" if k else "").name(f"{r}.industry").t("增加值率由")
        w.pct(f"{r}.va_rate_prev", decimals=2).t("%" + ("下调到" if down else "上调到"))
        w.pct(f"{r}.va_rate", decimals=2).t("%")
    w.t("；测算增加值率调整使规上工业增加值")
    w.signed(f"{b}.impact_value", "增加", "减少", "基本不变", unit="亿元", fmt=format_amount)
    w.t("，").signed(f"{b}.impact_pp", "拉高增速", "拉低增速", "对增速基本无影响", unit="个百分点")


def _prices(w: Writer) -> None:
    b = "prices"
    if not w.value(f"{b}.available"):
        raise Missing(b)
    w.t("价格因素对增速影响明显。")
    w.opt(
        lambda w: (
            w.t("全国工业生产者出厂价格指数同比")
            .signed(f"{b}.national_ppi_yoy_pct", "上涨", "下降", "持平")
            .t("，")
        )
    )
    w.opt(
        lambda w: (
            w.t("制造业采购经理指数为")
            .number_text(f"{b}.pmi")
            .t("，连续")
            .count(f"{b}.pmi_months_above_50")
            .t("个月在临界点以上，")
            if w.number(f"{b}.pmi_months_above_50") > 0
            else w.t("制造业采购经理指数为").number_text(f"{b}.pmi").t("，")
        )
    )
    w.t("本地产值名义增速").pct(f"{b}.output_nominal_yoy_pct").t("%，扣除价格因素后实际")
    w.growth(f"{b}.output_real_yoy_pct")
    w.t("，").points(f"{b}.gap_pp", up="名义增速高出", down="名义增速低于", what="")

    def estimate(w: Writer) -> None:
        e = "value_added_estimate"
        if not w.value(f"{e}.available"):
            raise Missing(e)
        w.t("；按分行业产值、增加值率和价格指数测算，规上工业增加值实际")
        w.growth(f"{e}.real_yoy_pct").t("，较上报增速")
        w.points(f"{e}.gap_pp", up="高", down="低", flat="持平")

    w.opt(estimate)
    w.t("，上报增速将受到价格因素的影响")


def _target_difficulty(w: Writer) -> None:
    b = "required"
    w.t("完成全年目标任务艰巨。")
    said = False

    def va_needs(w: Writer) -> None:
        w.t("着眼全年增加值增长").pct(f"{b}.output_growth_for_va_target.va_target_growth_pct").t(
            "%的目标，"
        )
        w.t("产值需").growth(f"{b}.output_growth_for_va_target_pct").t("以上")

    if w.opt(va_needs):
        said = True
        w.t("；")
    for code in ("output", "value_added"):
        r = f"{b}.{code}"

        def rest(w: Writer, r=r, code=code) -> None:
            if not w.value(f"{r}.available"):
                raise Missing(r)
            g = w.number(f"{r}.rest_of_year_growth_pct")
            w.name(f"labels.indicators.{code}").t("要完成")
            if w.value(f"{r}.target_kind") == "growth_pct":
                # the growth target's amount (targets.py): the probability's target too
                w.t("增长").pct(f"{r}.target").t("%的年度目标（约")
                w.amount(f"{r}.target_amount").t("亿元），")
            else:
                w.t("年度目标（").amount(f"{r}.target").t("亿元），")
            if format_fixed(g, 1) != "0.0" and g < 0:
                w.t("即使后").count(f"{r}.months_left").t("个月同比").growth(
                    f"{r}.rest_of_year_growth_pct"
                )
                w.t("也能完成")
            else:
                w.t("后").count(f"{r}.months_left").t("个月需同比").growth(
                    f"{r}.rest_of_year_growth_pct"
                )
            w.opt(lambda w: w.t("，月均需完成").amount(f"{r}.monthly_needed").t("亿元"))
            w.t("；")

        said = w.opt(rest) or said
    if not said:
        raise Missing(b)


def _below_growth_target(w: Writer) -> None:
    """增速未达年度目标: output or value added growing slower than its annual target."""
    below = [
        code
        for code in ("value_added", "output")
        if w.has(f"indicators.{code}.growth_gap_pp")
        and format_fixed(w.number(f"indicators.{code}.growth_gap_pp"), 1) != "0.0"
        and w.number(f"indicators.{code}.growth_gap_pp") < 0
    ]
    if not below:
        raise Missing("indicators.growth_gap_pp")
    w.t("增速未达年度目标。")
    for k, code in enumerate(below):
        b = f"indicators.{code}"
        w.t("；" if k else "").name(f"labels.indicators.{code}").t("同比").growth(f"{b}.yoy_pct")
        w.t("，").points(f"{b}.growth_gap_pp", what="年度目标")
        w.opt(lambda w, b=b: w.t("（").pct(f"{b}.target_growth_pct").t("%）"))


def _month_decline(w: Writer) -> None:
    b = "indicators.value_added"
    if (
        w.number(f"{b}.month_yoy_pct") >= 0
        or format_fixed(w.number(f"{b}.month_yoy_pct"), 1) == "0.0"
    ):
        raise Missing(f"{b}.month_yoy_pct")
    w.t("当月增速回落。").month("period").t("当月规上工业增加值同比").growth(f"{b}.month_yoy_pct")
    w.t("，累计增速为").pct(f"{b}.yoy_pct").t("%，需密切关注")


def _effective_balance(w: Writer) -> None:
    b = "investment.library"
    if not w.value(f"{b}.available"):
        raise Missing(b)
    r = "required.industrial_investment.remaining"
    short = w.has(r) and w.number(f"{b}.effective_balance") < w.number(r)
    w.t("工业项目库内有效投资余额不足。" if short else "工业项目库内有效投资余额有限。")
    w.t("库内工业项目").count(f"{b}.projects").t("个，剩余投资余额")
    w.amount(f"{b}.remaining_balance").t("亿元，但有效投资余额只有")
    w.amount(f"{b}.effective_balance").t("亿元")
    ex = "investment.excluded"
    groups = [
        g for g in EXCLUDED_WORDS if w.has(f"{ex}.{g}.count") and w.number(f"{ex}.{g}.count") > 0
    ]
    if groups:
        w.t("（")
        for k, g in enumerate(groups):
            w.t("；" if k else "").count(f"{ex}.{g}.count").t("个项目" + EXCLUDED_WORDS[g])
            if g != "fully_reported":
                w.opt(lambda w, g=g: w.t("，余额").amount(f"{ex}.{g}.balance").t("亿元"))
        w.t("）")

    def remaining(w: Writer) -> None:
        if w.number(r) <= 0:
            raise Missing(r)  # the target is already met: nothing to compare with
        w.t("，而完成全年目标还需完成工业投资").amount(r).t("亿元")

    w.opt(remaining)


def _schedule_gap(w: Writer) -> None:
    b = "investment.schedule.industrial_investment"
    gap = w.number(f"{b}.gap_pp")
    w.t("工业投资时序进度有差距。" if gap < 0 else "工业投资时序进度总体正常。")
    w.period().t("完成工业投资").amount(f"{b}.value").t("亿元，为年度目标的").pct(
        f"{b}.completion_pct"
    )
    w.t("%，").points(f"{b}.gap_pp", what="时序进度")
    if gap < 0:
        w.t("，较时序进度少完成").amount(f"{b}.shortfall").t("亿元")
        f = "investment.schedule.fixed_asset_investment"

        def fai(w: Writer) -> None:
            if w.number(f"{f}.gap_pp") >= 0:
                w.t("；全部固定资产投资则已达到时序进度")
                return
            w.t("；全部固定资产投资较时序进度少完成").amount(f"{f}.shortfall").t("亿元")
            if w.value("investment.schedule.industry_holds_back"):
                w.t("，工业投资滞后是拖累固定资产投资进度的主要因素")

        w.opt(fai)


def _stock_vs_new(w: Writer) -> None:
    b = "investment.new_entries"
    if not w.value(f"{b}.available") or not w.number(f"{b}.total"):
        raise Missing(b)
    share = w.number(f"{b}.new_share_pct")
    w.t("工业投资增长主要依靠存量项目。" if share < 50 else "新建项目成为工业投资增长的主要来源。")
    w.t("今年新入库的").count(f"{b}.total").t("个项目中，新建项目").count(f"{b}.new_projects")
    w.t("个，占").pct(f"{b}.new_share_pct").t("%")
    w.opt(
        lambda w: (
            w.t("，技改项目")
            .count(f"{b}.by_kind.tech_renovation")
            .t("个、扩建项目")
            .count(f"{b}.by_kind.expansion")
            .t("个")
        )
    )


def _not_in_library(w: Writer) -> None:
    b = "investment.not_in_library"
    if not w.value(f"{b}.available") or not w.number(f"{b}.count"):
        raise Missing(b)
    w.t("部分招商引资项目未能入库。共有").count(f"{b}.count").t("个招商引资项目未入库")
    w.opt(lambda w: w.t("，其中亿元以上项目").count(f"{b}.over_100m").t("个"))
    w.opt(lambda w: w.t("，计划总投资").amount(f"{b}.total").t("亿元"))
    reasons = [
        r
        for r in REASON_WORDS
        if w.has(f"{b}.by_reason.{r}.count") and w.number(f"{b}.by_reason.{r}.count") > 0
    ]
    if reasons:
        w.t("。其中")
        for k, r in enumerate(reasons):
            w.t("；" if k else "").t(REASON_WORDS[r]).t("的").count(f"{b}.by_reason.{r}.count").t(
                "个"
            )


def _townships(w: Writer) -> None:
    b = "investment"
    if not w.value(f"{b}.townships_available"):
        raise Missing(f"{b}.townships")
    rows = w.value(f"{b}.townships") or []
    on = [i for i, r in enumerate(rows) if r.get("on_schedule")]
    w.t("乡镇工作不平衡。" if len(on) < len(rows) else "各乡镇（园区）均达到时序进度。")
    w.t("达到时序进度的乡镇（园区）有").count(f"{b}.townships_reached_schedule").t("个")
    if on:
        w.t("（")
        for k, i in enumerate(on):
            w.t("、" if k else "").name(f"{b}.townships.{i}.township")
        w.t("）")
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
    without = w.value(f"{b}.townships_without_entries") or []
    if without:
        w.t("；")
        for k, _ in enumerate(without):
            w.t("、" if k else "").name(f"{b}.townships_without_entries.{k}")
        w.t("今年暂无项目入库")


def _rank_problems(codes: tuple[str, ...]) -> Callable[[Writer], None]:
    """排名靠后 / 较年初后退 for ``codes``, from the problems results.json lists."""

    def build(w: Writer) -> None:
        found = [
            (i, p)
            for i, p in enumerate(w.results.get("problems") or [])
            if isinstance(p, dict)
            and p.get("indicator") in codes
            and p.get("kind") in ("bottom_rank", "rank_down")
        ]
        if not found:
            raise Missing("problems")
        w.t("部分指标排名靠后或后移。")
        for k, (i, p) in enumerate(found):
            b = f"problems.{i}.numbers"
            w.t("；" if k else "").name(f"labels.indicators.{p['indicator']}").t("增速")
            if p["kind"] == "bottom_rank":
                w.t("居").name(f"{b}.scope").count(f"{b}.rank_city_of").t("个单位第")
                w.count(f"{b}.rank_city").t("位")
            else:
                w.t("排名较年初").signed(
                    f"{b}.rank_change", "前移", "后退", "未变", unit="位", fmt=format_whole
                )

    return build


def _hitech_share(w: Writer) -> None:
    b = "firms"
    low = w.number(f"{b}.hitech_share_pct") < HITECH_SHARE_LOW_PCT
    w.t("纳入高新技术统计的企业占比不高。" if low else "纳入高新技术统计的企业情况。")
    w.t("全部规上企业").count(f"{b}.above_scale").t("家，纳入高新技术统计的")
    w.count(f"{b}.hitech_stat").t("家，占").pct(f"{b}.hitech_share_pct").t("%")


def problems_section(results: dict) -> Section:
    sec = Section("存在的主要问题及建议", 1)
    parts = (
        (
            "从工业运行来看",
            [
                _below_growth_target,
                _rate_adjustment,
                _prices,
                _target_difficulty,
                _month_decline,
                _rank_problems(("output", "value_added")),
            ],
            "稳定工业运行、完成产值目标的措施",
        ),
        (
            "从工业投资来看",
            [
                _effective_balance,
                _schedule_gap,
                _stock_vs_new,
                _not_in_library,
                _townships,
                _rank_problems(("industrial_investment", "tech_investment")),
            ],
            "加强调度、夯实入库基础、强化项目服务等措施",
        ),
        ("从高新技术产业来看", [_hitech_share], "培育高新技术企业、提高统计质量的措施"),
    )
    for title, builders, advice in parts:
        paras = numbered(results, builders)
        if not paras:
            paras = [[flagged("数据中没有相关内容，问题请据实填写")]]
        paras.append([Writer(results).t("建议：").sentence(), placeholder(advice)])
        sec.children.append(Section(title, 2, paras))
    return sec

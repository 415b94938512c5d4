"""Section 一（一）: each indicator's completion, ranks, quarters and the firms count."""

from __future__ import annotations

from ...numbers import format_fixed
from .core import (
    DIGIT,
    GROWTH_BASIS_COMPUTED,
    Missing,
    Sentence,
    Slot,
    Writer,
    clean_text,
    cn_numeral,
    flagged,
    is_zero,
    lookup,
    num,
    paragraph,
    task_items,
    threshold,
    write,
)
from .problems import rate_cut_level, rate_cut_main_reason, va_below_output_holds

# ---------------------------------------------------------------------------- wording


def whole_word(region_name: str) -> str:
    """全县 / 全市 / 全区 from the unit's name (its own name when the suffix says nothing)."""
    name = clean_text(region_name)
    for suffix, word in (
        ("县", "全县"),
        ("市", "全市"),
        ("区", "全区"),
        ("省", "全省"),
        ("旗", "全旗"),
    ):
        if name.endswith(suffix):
            return word
    return ""


INDICATOR_SECTIONS = (
    ("output", "工业产值"),
    ("value_added", "工业增加值"),
    ("above_scale_firms", "新增规模工业企业数"),
    ("industrial_investment", "工业投资完成情况"),
    ("tech_investment", "技改投资完成情况"),
    ("hitech_value_added", "高新技术产业增加值"),
)


def rank_clause(w: Writer, code: str, group: str) -> None:
    """在全市11个单位中排第3位 / 居全市11个单位首位 / 与丙县并列第3位; Missing when unranked."""
    base = f"indicators.{code}"
    rank = w.number(f"{base}.rank_{group}")
    of = w.number(f"{base}.rank_{group}_of")
    if not of or of < 2:
        raise Missing(f"{base}.rank_{group}_of")
    scope_path = f"{base}.rank_{group}_scope"
    if group == "counties":
        w.t("在").count(f"{base}.rank_{group}_of").t("个")
        if not w.opt(lambda w: w.name(scope_path)):
            w.t("县(市)")
        w.t("中")
    else:
        w.t("在")
        w.opt(lambda w: w.name(scope_path))
        w.count(f"{base}.rank_{group}_of").t("个单位中")
    tied = _tied_with(w.results, code, group, rank)
    if tied:
        w.t("与")
        for k, (i, _) in enumerate(tied):
            if k:
                w.t("、")
            w.name(f"rankings.{group}.{code}.{i}.name")
        w.t("并列")
        if rank == 1:
            return w.t("第一")  # no digit in the template: 并列第一 is the usual wording
        w.t("第").count(f"{base}.rank_{group}").t("位")
        return None
    if rank == 1:
        w.t("居首位")
        return None
    w.t("排第").count(f"{base}.rank_{group}").t("位")
    return None


def _tied_with(results: dict, code: str, group: str, rank: float) -> list[tuple[int, dict]]:
    """Other units of the ranking sharing the unit's rank, as (index, entry)."""
    try:
        table = lookup(results, f"rankings.{group}.{code}")
    except Missing:
        return []
    me = results.get("region")
    return [
        (i, e)
        for i, e in enumerate(table or [])
        if isinstance(e, dict) and e.get("rank") == rank and e.get("region_id") != me
    ]


def ranks_sentence(results: dict, code: str, lead: str = "累计增速") -> Sentence | None:
    """累计增速在全市…排第x位、在x个县(市)中排第x位 (None when the unit is in no group)."""
    w = Writer(results)
    w.t(lead)
    got = [w.opt(lambda w, g=g: rank_clause(w, code, g)) for g in ("city",)]
    if got[0]:
        w.t("，")
    if w.opt(lambda w: rank_clause(w, code, "counties")):
        got.append(True)
    if not any(got):
        return None
    excluded = results.get("ranks_excluded")
    if isinstance(excluded, list) and excluded:  # peers left out for errors in their data

        def left_out(w: Writer) -> None:
            w.t("（排名未含")
            for i in range(len(excluded)):
                if i:
                    w.t("、")
                w.name(f"ranks_excluded.{i}.name")
            w.t("，其数据有误）")

        w.opt(left_out)
    return w.sentence()


def amount_rank_good(results: dict, code: str, group: str = "city") -> bool:
    """The unit's total ranks within the first ``top_rank`` (a rank by amount is said only
    then: the 8th largest of 11 says little and crowds the paragraph)."""
    me = results.get("region")
    rows = ((results.get("rankings") or {}).get(group) or {}).get(code) or []
    mine = [r for r in rows if isinstance(r, dict) and r.get("region_id") == me]
    rank = mine[0].get("value_rank") if mine else None
    return isinstance(rank, int | float) and rank <= threshold(results, "top_rank")


def amount_rank_sentence(results: dict, code: str, group: str = "city") -> Sentence | None:
    """总量在全市12个单位中排第x位 / 居首位: the rank by amount (rankings.<group>.<code>
    value_rank), as the example's "工业投资总量居全市第x位"; None without an amount."""
    try:
        rows = lookup(results, f"rankings.{group}.{code}")
    except Missing:
        return None
    me = results.get("region")
    mine = [i for i, e in enumerate(rows or []) if isinstance(e, dict) and e.get("region_id") == me]
    if not mine:
        return None
    row = f"rankings.{group}.{code}.{mine[0]}"

    def build(w: Writer) -> None:
        rank = w.number(f"{row}.value_rank")
        if w.number(f"{row}.value_rank_of") < 2:
            raise Missing(f"{row}.value_rank_of")
        w.t("累计总量在")
        w.opt(lambda w: w.name(f"indicators.{code}.rank_{group}_scope"))
        w.count(f"{row}.value_rank_of").t("个单位中")
        if rank == 1:
            w.t("居首位")
        else:
            w.t("排第").count(f"{row}.value_rank").t("位")

    return write(results, build)


# ---------------------------------------------------------------------------- sections


def indicator_paragraph(results: dict, code: str, whole: str) -> list[Sentence]:
    """Completion of one indicator: amount (when given), growth, two-year average, share of
    target and schedule, then ranks."""
    base = f"indicators.{code}"
    label_path = f"labels.indicators.{code}"

    def completion(w: Writer) -> None:
        w.period().t("，")
        has_value = w.has(f"{base}.value")
        if code == "output":
            w.t(whole)
            w.opt(lambda w: w.count("firms.above_scale").t("家"))
            w.t("规上工业企业")
        if has_value:
            w.t("累计完成")
            w.t("产值" if code == "output" else "")
            if code != "output":
                w.name(label_path)
            w.amount(f"{base}.value").t("亿元，同比")
        else:
            w.name(label_path) if code != "output" else w.t("产值")
            w.t("同比")
        w.growth(f"{base}.yoy_pct")
        if w.has(f"{base}.yoy_source") and w.value(f"{base}.yoy_source") == "computed":
            w.t(GROWTH_BASIS_COMPUTED)  # no official rate: computed from two years' levels
        w.opt(lambda w: parent_clause(w, code))
        w.opt(lambda w: w.t("，两年平均").growth(f"{base}.two_year_avg_pct"))
        w.opt(lambda w: _low_base(w, code))
        # a unit with both an amount and a growth target: each figure names its target
        both = w.has(f"{base}.target") and w.has(f"{base}.target_growth_pct")
        if has_value:

            def share(w: Writer) -> None:
                w.t("，占年度目标任务")
                if both:
                    w.t("（").amount(f"{base}.target").t("亿元）")
                w.t("的").pct(f"{base}.target_share_pct").t("%")

            w.opt(share)
            w.opt(lambda w: w.t("，").points(f"{base}.schedule_gap_pp", what="时序进度"))

        def growth_gap(w: Writer) -> None:
            w.t("，增速")
            gap = w.number(f"{base}.growth_gap_pp")
            if is_zero(format_fixed(abs(gap), 1)):
                w.t("与年度增长目标（").pct(f"{base}.target_growth_pct").t("%）持平")
                return
            w.t("超过" if gap > 0 else "低于").t("年度增长目标（")
            w.pct(f"{base}.target_growth_pct").t("%）")
            w._slot(Slot(f"{base}.growth_gap_pp", gap, format_fixed(abs(gap), 1), absolute=True))
            w.t("个百分点")

        w.opt(growth_gap)

    def shortfall(w: Writer) -> None:
        gap = w.number(f"{base}.schedule_gap_pp")
        if gap >= 0:
            raise Missing(f"{base}.shortfall")
        w.t("较时序进度少完成").amount(f"{base}.shortfall").t("亿元")

    first = write(results, completion)
    if first is None:
        return [flagged(f"{indicator_label(results, code)}缺少本期数据")]
    out = [first]
    if code in ("industrial_investment", "tech_investment", "hitech_value_added"):
        out.append(write(results, shortfall))
    if code == "output":
        out.append(write(results, lambda w: _drivers(w, "output")))
        out.append(quarter_sentence(results))
    if code == "value_added":
        out.append(write(results, _rate_reason))
    if code in ("output", "industrial_investment", "tech_investment") and amount_rank_good(
        results, code
    ):
        out.append(amount_rank_sentence(results, code))
    out.append(ranks_sentence(results, code))
    out.append(units_sentence(results, code))
    return paragraph(*out)


def low_base(results: dict, code: str) -> bool:
    """Growth helped by a low base: last year's same period fell, and this year's rate
    exceeds the two-year average by at least ``base_effect_pp`` points."""
    yoy = num(results, f"indicators.{code}.yoy_pct")
    avg = num(results, f"indicators.{code}.two_year_avg_pct")
    rows = (results.get("trend") or {}).get(code) or []
    prev = rows[-1].get("yoy_prev_pct") if rows and isinstance(rows[-1], dict) else None
    if yoy is None or avg is None or not isinstance(prev, int | float) or prev >= 0:
        return False
    return yoy - avg >= threshold(results, "base_effect_pp")


def _low_base(w: Writer, code: str) -> None:
    """（上年同期下降4.7%，基数较低） the first time; （上年同期下降11.3%） after (said once,
    the judgement is not repeated paragraph after paragraph)."""
    if not low_base(w.results, code):
        raise Missing("low_base")
    last = len(w.value(f"trend.{code}")) - 1
    order = [c for c, _ in INDICATOR_SECTIONS]
    said = any(low_base(w.results, c) for c in order[: order.index(code)] if c in order)
    w.t("（上年同期").growth(f"trend.{code}.{last}.yoy_prev_pct")
    w.t("）" if said else "，基数较低）")


def material_drivers(results: dict, code: str) -> list[int]:
    """Indexes of ``drivers.<code>.by_industry`` rows marked material whose change has the
    sign of the total change (the industries that explain it)."""
    d = (results.get("drivers") or {}).get(code) or {}
    total, prev = d.get("total"), d.get("total_prev")
    if (
        not d.get("available")
        or not isinstance(total, int | float)
        or not isinstance(prev, int | float)
    ):
        return []
    up = total >= prev
    return [
        i
        for i, r in enumerate(d.get("by_industry") or [])
        if isinstance(r, dict)
        and r.get("material") is True
        and isinstance(r.get("change"), int | float)
        and (r["change"] > 0) == up
    ]


# an industry growing at least this many points faster than the total pulls it (拉动);
# a material share of the change at about the total's pace is only the largest part (贡献最大)
DRIVER_EXCESS_PP = 3.0


def pulls(results: dict, code: str, i: int) -> bool:
    """Row ``i`` of ``drivers.<code>.by_industry`` grew DRIVER_EXCESS_PP points faster than
    the total (its share of the change well above its weight)."""
    d = results["drivers"][code]
    r = d["by_industry"][i]
    prev = r.get("output_prev", r.get("va_prev"))
    total_growth = d.get("growth_pct")
    if not isinstance(prev, int | float) or prev <= 0 or not isinstance(total_growth, int | float):
        return False
    return r["change"] / prev * 100 - total_growth >= DRIVER_EXCESS_PP


def broad_based(results: dict, code: str) -> bool:
    """Every industry of ``drivers.<code>.by_industry`` moved the way the total did."""
    d = results["drivers"][code]
    up = d["total"] >= d["total_prev"]
    rows = [r for r in d.get("by_industry") or [] if isinstance(r, dict)]
    return len(rows) > 1 and all(
        isinstance(r.get("change"), int | float) and (r["change"] > 0) == up for r in rows
    )


def _drivers(w: Writer, code: str) -> None:
    """主要得益于A行业拉动，拉动增长x个百分点，占增量的x% (industries growing well ahead of
    the total); or 各行业普遍增长，其中A贡献最大，… (a material share at about the total's pace)."""
    rows = material_drivers(w.results, code)
    if not rows:
        raise Missing(f"drivers.{code}")
    b = f"drivers.{code}.by_industry"
    up = w.number(f"drivers.{code}.total") >= w.number(f"drivers.{code}.total_prev")
    pulling = [i for i in rows if pulls(w.results, code, i)]
    if pulling:
        rows = pulling
        w.t("主要得益于" if up else "主要是")
        for k, i in enumerate(rows):
            w.t("、" if k else "").name(f"{b}.{i}.industry")
        w.t("行业" + ("拉动，" if up else "下降，") + ("分别" if len(rows) > 1 else ""))
    else:
        if broad_based(w.results, code):
            w.t("各行业普遍" + ("增长" if up else "下降") + "，")
        w.t("其中")
        for k, i in enumerate(rows):
            w.t("、" if k else "").name(f"{b}.{i}.industry")
        w.t("贡献最大，" + ("分别" if len(rows) > 1 else ""))
    w.t("拉动增长" if up else "拉低增长")
    for k, i in enumerate(rows):
        w.t("、" if k else "").pct(f"{b}.{i}.contribution_pp", absolute=True)
    w.t("个百分点，占" + ("增量" if up else "减量") + "的")
    for k, i in enumerate(rows):
        w.t("、" if k else "").pct(f"{b}.{i}.share_of_change_pct", absolute=True)
    w.t("%")


def _rate_reason(w: Writer) -> None:
    """增加值增速低于产值增速，主要原因是增加值率下调，拉低增速5.9个百分点"""
    if not (va_below_output_holds(w.results) and rate_cut_level(w.results)):
        raise Missing("rate_reason")
    w.t("增加值增速低于产值增速（").pct("indicators.output.yoy_pct").t("%），")
    w.t("主要原因是" if rate_cut_main_reason(w.results) else "原因之一是")
    w.t("部分行业增加值率下调，拉低增速").pct("rate_adjustment.impact_pp", absolute=True)
    w.t("个百分点")


def _exits(w: Writer) -> None:
    """（新增16家、退规4家）: the net increase with the firms that left the register."""
    if not w.number("firms.exited_so_far"):
        raise Missing("firms.exited_so_far")
    w.t("（新增").count("firms.new_so_far").t("家、退规").count("firms.exited_so_far").t("家）")


def indicator_label(results: dict, code: str) -> str:
    """The indicator's Chinese name for a flagged line (literal text: the code instead
    when the label is damaged: not text, or holding digits a template may not have)."""
    try:
        label = lookup(results, f"labels.indicators.{code}")
    except Missing:
        return code
    if not isinstance(label, str) or not label.strip() or DIGIT.search(label):
        return code
    return clean_text(label)


def parent_clause(w: Writer, code: str) -> None:
    """，高于全市（16.0%）8.1个百分点: growth against the parent's (comparison.kind parent)."""
    if w.value("comparison.kind") != "parent":
        raise Missing("comparison.parent")
    b = f"comparison.parent.{code}"
    gap = w.number(f"{b}.gap_pp")
    w.t("，")
    if format_fixed(gap, 1) == "0.0":
        w.t("与").name("comparison.scope").t("持平")
        return
    w.t("高于" if gap > 0 else "低于").name("comparison.scope")
    w.opt(lambda w: w.t("（").pct(f"{b}.comparator_yoy_pct").t("%）"))
    w._slot(Slot(f"{b}.gap_pp", gap, format_fixed(abs(gap), 1), absolute=True))
    w.t("个百分点")


def units_sentence(results: dict, code: str) -> Sentence | None:
    """所辖11个单位中，6个增速高于全市、5个低于全市，最高的丰乐县增长28.6%、最低的江北区增长7.2%
    (comparison.kind units: a unit compared with its own units)."""
    b = f"comparison.units.{code}"

    def build(w: Writer) -> None:
        if w.value("comparison.kind") != "units":
            raise Missing("comparison.units")
        w.t("所辖").count(f"{b}.n_units").t("个单位中，")
        w.count(f"{b}.n_above_total").t("个增速高于").name("comparison.scope").t("、")
        w.count(f"{b}.n_below_total").t("个低于").name("comparison.scope")

        def extremes(w: Writer) -> None:
            hi, lo = w.value(f"{b}.max_region_id"), w.value(f"{b}.min_region_id")
            w.t("，最高的").name(f"labels.regions.{hi}").growth(f"{b}.max_yoy_pct")
            w.t("、最低的").name(f"labels.regions.{lo}").growth(f"{b}.min_yoy_pct")

        w.opt(extremes)

    return write(results, build)


def quarter_sentence(results: dict) -> Sentence | None:
    """The latest complete quarter after Q1: amount and change on the previous quarter."""
    try:
        complete = [q for q in lookup(results, "quarters.output.complete") if q >= 2]
    except (Missing, TypeError):
        return None
    if not complete:
        return None
    q = max(complete)
    b = "quarters.output"

    def build(w: Writer) -> None:
        w.t(f"{cn_numeral(q)}季度完成产值").amount(f"{b}.q{q}").t("亿元")
        w.opt(
            lambda w: (
                w.t(f"，较{cn_numeral(q - 1)}季度")
                .amount(f"{b}.q{q - 1}")
                .t("亿元环比")
                .growth(f"{b}.q{q}_vs_prev_pct")
            )
        )
        w.opt(lambda w: w.t("，同比").growth(f"{b}.q{q}_yoy_pct"))

    return write(results, build)


def firms_paragraph(results: dict, whole: str) -> list[Sentence]:
    f = "firms"

    def new_firms(w: Writer) -> None:
        if not w.value(f"{f}.has_firm_list"):
            raise Missing(f"{f}.has_firm_list")
        w.t("截至目前，" + whole + "新增规模工业企业").count(f"{f}.new_so_far").t("家")
        w.opt(
            lambda w: (
                w.t("（成长性企业")
                .count(f"{f}.new_by_route.growth")
                .t("家、新项目入规")
                .count(f"{f}.new_by_route.new_project")
                .t("家）")
            )
        )

    def net(w: Writer) -> None:
        w.t("规上企业达到").count(f"{f}.above_scale").t("家")
        w.opt(lambda w: w.t("，比上年末净增").count(f"{f}.net_increase").t("家"))
        w.opt(_exits)
        w.opt(
            lambda w: (
                w.t("，完成净增目标")
                .count(f"{f}.new_target")
                .t("家的")
                .pct(f"{f}.new_target_share_pct")
                .t("%")
            )
        )

    first = write(results, new_firms)
    counted = write(results, net)
    if first is None and counted is None:
        return [flagged("数据中没有企业名录，新增规上企业情况请据实填写")]
    if first is None:  # the count from the indicator table, without a firm list
        first = flagged("数据中没有企业名录，新增企业的名单和来源请据实填写")
        return paragraph(counted, city_task_sentence(results), first)
    return paragraph(first, counted, city_task_sentence(results))


def city_task_sentence(results: dict) -> Sentence | None:
    """已完成市下达目标任务 when the tasks table says the city's new-firm task is met."""
    items = task_items(results)
    for i, item in items:
        if item.get("metric") == "新增规上企业数" and item.get("source") == "city":
            met = item.get("target_met")
            if met is None:
                return None

            def build(w: Writer, i=i, met=met) -> None:
                if met:
                    w.t("已完成市下达目标任务（").count(f"tasks.items.{i}.target").t("家）")
                else:
                    w.t("尚未完成市下达目标任务（").count(f"tasks.items.{i}.target").t("家）")

            return write(results, build)
    return None

"""Section 一（四）: the half-year's highlights.

A highlight is written only when its condition holds, the condition beside its words and
tested both ways. A highlight is never a figure that is behind schedule, falling, below
the parent's growth or ranked among the last: those are problems (problems.py).
"""

from __future__ import annotations

from ....analysis import highlights as highlights_rules
from .core import (
    Missing,
    Section,
    Sentence,
    Writer,
    num,
    paragraph,
    placeholder,
    section_titles,
    threshold,
    thresholds,
    write,
)

CODES = ("output", "value_added", "industrial_investment", "tech_investment", "hitech_value_added")
INNOVATION_AHEAD_STRONG = (
    2  # this many innovation figures ahead (and more ahead than behind): 支撑有力
)


def bottom_ranked(results: dict, code: str) -> bool:
    """Among the last ``bottom_rank`` units of the city by growth (analysis/highlights.py)."""
    return highlights_rules.bottom_ranked(results, code, thresholds(results))


def steady_fast(results: dict, code: str) -> bool:
    """Growth fast at every period this year (``growth_high_pct``; the latest period when
    there is no trend) and not contradicted by a problem (below the parent's growth, the
    latest month falling, ranked among the last: ``growth_contradicted``, the rule of the
    highlights list on the pages too)."""
    yoy = num(results, f"indicators.{code}.yoy_pct")
    if yoy is None or yoy < threshold(results, "growth_high_pct"):
        return False
    summary = (results.get("trend_summary") or {}).get(code) or {}
    if summary.get("double_digit_all_year") is False:
        return False
    return not highlights_rules.growth_contradicted(results, code, thresholds(results))


def _fast(w: Writer) -> None:
    """A、B、C分别增长x%、y%、z%，分别高于全市a、b、c个百分点，1-2月以来均保持两位数增长:
    the indicators named once, their figures in order."""
    codes = [c for c in CODES if steady_fast(w.results, c)]
    if not codes:
        raise Missing("steady_fast")
    many = len(codes) > 1
    for k, code in enumerate(codes):
        w.t("、" if k else "").name(f"labels.indicators.{code}")
    w.t("分别增长" if many else "增长")
    for k, code in enumerate(codes):
        w.t("、" if k else "").pct(f"indicators.{code}.yoy_pct").t("%")
    gaps = [f"comparison.parent.{c}.gap_pp" for c in codes]
    if w.value("comparison.kind") == "parent" and all(w.has(g) for g in gaps):
        w.t("，分别高于" if many else "，高于").name("comparison.scope")
        for k, g in enumerate(gaps):
            w.t("、" if k else "").pct(g)
        w.t("个百分点")
    streak = [
        c
        for c in codes
        if (w.results.get("trend_summary") or {}).get(c, {}).get("double_digit_all_year")
    ]
    if streak and w.has(f"trend.{streak[0]}.0.label"):
        if len(streak) == len(codes):
            w.t("，").name(f"trend.{streak[0]}.0.label")
            w.t("以来" + ("均" if many else "始终") + "保持两位数增长")
        else:
            w.t("，其中")
            for k, code in enumerate(streak):
                w.t("、" if k else "").name(f"labels.indicators.{code}")
            w.name(f"trend.{streak[0]}.0.label").t("以来始终保持两位数增长")


def _above_parent(w: Writer, code: str) -> None:
    """，高于全市8.1个百分点 (steady_fast has made sure it is not below)."""
    if w.value("comparison.kind") != "parent":
        raise Missing("comparison.parent")
    w.t("，高于").name("comparison.scope").pct(f"comparison.parent.{code}.gap_pp").t("个百分点")


def good_rank(results: dict, code: str) -> bool:
    """Growth ranked within the city's first ``top_rank`` units."""
    rank = num(results, f"indicators.{code}.rank_city")
    return rank is not None and rank <= threshold(results, "top_rank")


def rank_moved_up(results: dict, code: str) -> bool:
    """Moved up in the city's ranking since the first period, and not ranked among the last."""
    change = num(results, f"trend_summary.{code}.rank_change_since_first")
    return change is not None and change > 0 and not bottom_ranked(results, code)


def ranks_title(results: dict) -> str:
    """排名靠前 when some growth ranks within the first ``top_rank``; 较年初前移 when the
    ranks only moved up."""
    if any(good_rank(results, c) for c in CODES):
        return "主要指标在全市排名靠前"
    return "主要指标排名较年初前移"


def _ranks(w: Writer) -> None:
    codes = [c for c in CODES if good_rank(w.results, c) or rank_moved_up(w.results, c)]
    if not codes:
        raise Missing("ranks")
    for k, code in enumerate(codes):
        b = f"indicators.{code}"
        w.t("；" if k else "").name(f"labels.indicators.{code}").t("增速")
        if good_rank(w.results, code):
            w.t("居").name(f"{b}.rank_city_scope").count(f"{b}.rank_city_of").t("个单位")
            if w.number(f"{b}.rank_city") == 1:
                w.t("首位")
            else:
                w.t("第").count(f"{b}.rank_city").t("位")
            if rank_moved_up(w.results, code):
                w.t("，")
        if rank_moved_up(w.results, code):
            w.t("排名较年初前移").count(f"trend_summary.{code}.rank_change_since_first").t("位")


def _firms(w: Writer) -> None:
    """新增规模工业企业16家，比上年同期多11家，已完成市下达目标任务"""
    if not w.value("firms.has_firm_list") or not w.number("firms.new_so_far"):
        raise Missing("firms.new_so_far")
    w.t("新增规模工业企业").count("firms.new_so_far").t("家")

    def more(w: Writer) -> None:
        if w.number("firms.new_vs_last_year") <= 0:
            raise Missing("firms.new_vs_last_year")  # fewer than last year: not a highlight
        w.t("，比上年同期多").count("firms.new_vs_last_year").t("家")

    w.opt(more)
    w.opt(
        lambda w: (
            w.t("，已完成市下达目标任务") if city_task_met(w.results) else _missing("city task")
        )
    )


def _missing(what: str) -> None:
    raise Missing(what)


def city_task_met(results: dict) -> bool:
    """The city's new-firm task (tasks table, metric 新增规上企业数) is marked met."""
    items = (results.get("tasks") or {}).get("items") or []
    return any(
        isinstance(it, dict)
        and it.get("metric") == "新增规上企业数"
        and it.get("source") == "city"
        and it.get("target_met") is True
        for it in items
    )


def _firm_pipeline(w: Writer) -> None:
    items = w.value("firms.pipeline") or []
    if not items:
        raise Missing("firms.pipeline")
    w.t("预计")
    for k, _ in enumerate(items):
        w.t("、" if k else "").name(f"firms.pipeline.{k}.name")
        w.opt(lambda w, k=k: w.t("（").month(f"firms.pipeline.{k}.expected_entry").t("）"))
    w.t("入规")


def _over_100m(w: Writer, b: str) -> None:
    """，其中亿元以上项目5个，计划总投资6.86亿元 (``<b>.over_100m``; none: no clause)."""
    if not w.number(f"{b}.over_100m.count"):
        raise Missing(f"{b}.over_100m")
    w.t("，其中亿元以上项目").count(f"{b}.over_100m.count").t("个，计划总投资")
    w.amount(f"{b}.over_100m.planned").t("亿元")


def _entries(w: Writer) -> None:
    """今年新入库工业项目17个，计划总投资12.7亿元，其中亿元以上项目5个，计划总投资6.86亿元"""
    b = "investment.new_entries"
    if not w.value(f"{b}.available") or not w.number(f"{b}.total"):
        raise Missing(b)
    w.t("今年新入库工业项目").count(f"{b}.total").t("个")
    w.opt(lambda w: w.t("，计划总投资").amount(f"{b}.planned_total").t("亿元"))
    w.opt(lambda w: _over_100m(w, b))


def _project_pipeline(w: Writer) -> None:
    """7月拟入库工业项目3个，计划总投资5.30亿元，其中亿元以上项目2个，计划总投资4.50亿元"""
    b = "investment.pipeline"
    if not w.value(f"{b}.available") or not w.number(f"{b}.count"):
        raise Missing(b)
    months = sorted(w.value(f"{b}.by_month") or {}) if w.has(f"{b}.by_month") else []
    if len(months) == 1 and _first_month_is(w, months[0]):  # all expected in one month: name it
        w.month(f"{b}.projects.0.expected_library_month")
    w.t("拟入库工业项目").count(f"{b}.count").t("个，计划总投资").amount(f"{b}.planned_total")
    w.t("亿元")
    w.opt(lambda w: _over_100m(w, b))


def _first_month_is(w: Writer, month: str) -> bool:
    try:
        return w.value("investment.pipeline.projects.0.expected_library_month") == month
    except Missing:
        return False


def _growth_points(results: dict) -> list[Sentence]:
    """New firms, firms about to enter, this year's library entries and the pipeline."""
    return paragraph(
        *(write(results, b) for b in (_firms, _firm_pipeline, _entries, _project_pipeline))
    )


def innovation_split(results: dict) -> tuple[list[str], list[str]]:
    """The innovation figures ahead of schedule (or at it) and those behind, as printed."""
    ahead, behind = [], []
    for code, v in (results.get("innovation") or {}).items():
        gap = v.get("schedule_gap_pp") if isinstance(v, dict) else None
        if not isinstance(gap, int | float):
            continue
        (ahead if round(gap, 1) >= 0 else behind).append(code)
    return ahead, behind


def innovation_title(results: dict) -> str | None:
    """支撑有力 with INNOVATION_AHEAD_STRONG figures ahead and more ahead than behind;
    取得积极进展 with one ahead; nothing when none is ahead."""
    ahead, behind = innovation_split(results)
    if len(ahead) >= INNOVATION_AHEAD_STRONG and len(ahead) > len(behind):
        return "科技创新支撑有力"
    return "科技创新取得积极进展" if ahead else None


def _innovation(w: Writer) -> None:
    ahead, _ = innovation_split(w.results)
    if not ahead:
        raise Missing("innovation")
    for k, code in enumerate(ahead):
        b = f"innovation.{code}"
        w.t("；" if k else "").name(f"labels.indicators.{code}").t("完成")
        w.number_text(f"{b}.value").name(f"{b}.unit")
        w.opt(lambda w, b=b: w.t("，为年度目标的").pct(f"{b}.completion_pct").t("%"))
        if (num(w.results, f"{b}.completion_pct") or 0) >= 100:
            w.t("，已超额完成全年任务")  # done: the schedule says nothing more
        else:
            w.opt(
                lambda w, b=b: w.t("，").points(
                    f"{b}.schedule_gap_pp", up="超", down="低于", what="时序进度"
                )
            )


def highlights_section(results: dict, whole: str, other: bool = True) -> Section:
    sec = Section(section_titles(results)["highlights"], 2)
    items: list[tuple[str | None, list[Sentence]]] = [
        ("工业经济保持较快增长", paragraph(write(results, _fast))),
        (ranks_title(results), paragraph(write(results, _ranks))),
        ("增长点支撑发展后劲", _growth_points(results)),
        (innovation_title(results), paragraph(write(results, _innovation))),
    ]
    for title, sentences in items:
        if title and sentences:
            sec.children.append(Section(title, 3, [sentences]))
    if other:
        sec.children.append(Section("其他亮点", 3, [[placeholder("数据以外的工作成效、典型经验")]]))
    return sec

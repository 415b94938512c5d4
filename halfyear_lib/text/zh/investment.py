"""What the 03_investment page says, from the ``investment`` entries of the results.

Each function takes the ``investment`` mapping (as ``to_results()`` of the investment and
township analyses give it) and returns Markdown or a display table; nothing here
computes. Project and township names are escaped. A part the data cannot support says
so instead of printing a number.
"""

from __future__ import annotations

import pandas as pd

from ...data.schema import INDICATORS, NOT_IN_LIBRARY_REASONS, PROJECT_KINDS
from ..numbers import (
    PLACEHOLDER,
    format_amount,
    format_number,
    is_missing,
    number,
    rounded_sign,
    table_rows,
)
from .indicators import fmt, md_escape

NO_PROJECTS = "本单位没有投资项目数据（projects / project_monthly 表），本节从略。"
NO_TOWNSHIPS = "本单位没有乡镇投资目标数据（townships 表），本节从略。"


def _formula(text: str) -> str:
    return f"\n\n*计算方法：{text}*"


def _count(x) -> int:
    if isinstance(x, dict):
        x = x.get("count")
    v = number(x)
    return 0 if v is None else int(v)


def _amount(x) -> float | None:
    if isinstance(x, dict):
        for key in ("planned_total", "planned", "balance", "total"):
            if not is_missing(x.get(key)):
                return number(x[key])
        return None
    return number(x)


def _n(x, digits: int | None = None) -> str:
    """An amount in 亿元 by the one rule (format_amount: 9.11, 34.7), or ``digits`` places."""
    return format_amount(x) if digits is None else format_number(x, digits)


def _available(part) -> bool:
    return isinstance(part, dict) and part.get("available", True) is not False and bool(part)


def _names(projects, limit: int = 8) -> str:
    names = [md_escape(p.get("name", "")) for p in (projects or [])]
    text = "、".join(names[:limit])
    return text + (f"等{len(names)}个" if len(names) > limit else "")


def _kinds_text(by_kind: dict | None) -> str:
    """ "新建18个、技改26个" from {kind: count or {count, ...}}; kinds with none are left out."""
    return "、".join(
        f"{PROJECT_KINDS.get(k, k)}{_count(v)}个" for k, v in (by_kind or {}).items() if _count(v)
    )


def library_text(inv: dict) -> str:
    lib = inv.get("library")
    if not _available(lib):
        return NO_PROJECTS
    kinds = _kinds_text(lib.get("by_kind"))
    text = f"在库工业项目{_count(lib.get('projects'))}个"
    text += f"（{kinds}）" if kinds else ""
    big = lib.get("over_100m")
    if isinstance(big, dict) and _count(big):
        text += f"，其中亿元以上项目{_count(big)}个"
        planned = _amount(big)
        if planned is not None:
            text += f"、计划总投资{_n(planned)}亿元"
        if not is_missing(big.get("completed")):
            text += f"、累计完成{_n(big['completed'])}亿元"
    amounts = [
        (words, lib.get(key))
        for words, key in (
            ("计划总投资", "planned_total"),
            ("累计完成", "completed"),
            ("剩余投资余额", "remaining_balance"),
        )
        if not is_missing(lib.get(key))
    ]
    if amounts:
        text += "。在库项目" + "，".join(f"{w}{_n(v)}亿元" for w, v in amounts)
    eff, months_left = lib.get("effective_balance"), lib.get("months_left")
    # said only while months remain (in December nothing more can be reported)
    if not is_missing(eff) and not is_missing(months_left) and months_left > 0:
        text += f"，扣除今年无法形成统计投资的部分后，有效余额{_n(eff)}亿元"
    return (
        text
        + "。"
        + _formula(
            "剩余余额 = 计划总投资 − 累计完成；有效余额 = 剩余余额 − 已报完 − 无法上报 − 限额外部分"
            "（限额项目今年最多可报 每月上限 × 剩余月份）"
        )
    )


_EXCLUDED_ZH = {
    "fully_reported": "投资已报完",
    "cannot_report": "有余额但无法上报（租赁厂房设备无法开票等）",
    "capped": "每月上报受限",
}


def excluded_table(data: pd.DataFrame) -> pd.DataFrame:
    """The balances left out of the effective library, by reason, from the tidy data (one
    row per reason: ``reason``, ``projects``, ``balance``, ``names``)."""
    rows = []
    for r in table_rows(data):
        rows.append(
            {
                "类别": _EXCLUDED_ZH.get(r.reason, r.reason),
                "项目数": _count(r.projects),
                "扣除余额(亿元)": format_amount(r.balance),
                "项目": "、".join(str(n) for n in r.names or ()),
            }
        )
    return pd.DataFrame(rows)


def schedule_text(inv: dict, time_progress_pct: float, months_left: int) -> str:
    sched = inv.get("schedule") or {}
    lines = []
    for code in ("industrial_investment", "tech_investment", "fixed_asset_investment"):
        s = sched.get(code) or {}
        label = INDICATORS[code].label
        if is_missing(s.get("completion_pct")) or is_missing(s.get("value")):
            if s:
                lines.append(f"- {label}：缺少累计值或年度目标，无法计算进度。")
            continue
        text = f"- {label}完成{_n(s['value'])}亿元，完成年度目标{_n(s['completion_pct'], 1)}%"
        side = rounded_sign(s.get("gap_pp"))
        if side == 0:
            text += "，与时序进度持平"
        elif side is not None:
            text += f"，{'高于' if side > 0 else '低于'}时序进度{_n(abs(s['gap_pp']), 1)}个百分点"
        if rounded_sign(s.get("shortfall"), 2) == 1:
            text += f"，较时序进度少完成{_n(s['shortfall'])}亿元"
        if not is_missing(s.get("monthly_needed")) and months_left:
            text += f"；要完成全年目标，后{months_left}个月每月需完成{_n(s['monthly_needed'])}亿元"
        lines.append(text + "。")
    if not lines:
        return "缺少投资指标数据。"
    ind, fai = sched.get("industrial_investment") or {}, sched.get("fixed_asset_investment") or {}
    if not is_missing(ind.get("gap_pp")) and not is_missing(fai.get("gap_pp")):
        slower = fai["gap_pp"] - ind["gap_pp"]
        if rounded_sign(slower) == 1:
            lines.append(
                f"- 工业投资进度比固定资产投资慢{_n(slower, 1)}个百分点，是拖累投资完成的主要因素。"
            )
        else:
            lines.append("- 工业投资进度不慢于固定资产投资。")
    return "\n".join(lines) + _formula(
        f"完成年度目标 = 累计完成 ÷ 年度目标；时序进度 = 月份 ÷ 12（本期{_n(time_progress_pct, 1)}%）；"
        "每月需完成 = (年度目标 − 累计完成) ÷ 剩余月份"
    )


def new_entries_text(inv: dict) -> str:
    ne = inv.get("new_entries")
    if not _available(ne):
        return NO_PROJECTS
    kinds = _kinds_text(ne.get("by_kind"))
    text = f"今年新入库项目{_count(ne.get('total'))}个"
    text += f"（{kinds}）" if kinds else ""
    share = ne.get("new_share_pct")
    if not is_missing(share):
        text += f"，其中新建项目{_count(ne.get('new_projects'))}个，占{_n(share, 1)}%"
        if share < 50:
            text += "，增量主要来自现有企业的技改和扩建，新项目支撑不足"
    by_month = ne.get("by_month") or {}
    if by_month:
        text += "；按月入库：" + "、".join(
            f"{int(m[-2:])}月{_count(n)}个" for m, n in sorted(by_month.items())
        )
    return text + "。" + _formula("新建项目占比 = 今年新入库的新建项目数 ÷ 今年新入库项目数")


def pipeline_text(inv: dict) -> str:
    pl = inv.get("pipeline")
    if not _available(pl):
        return NO_PROJECTS
    n = _count(pl.get("count"))
    later = _count(pl.get("other_pending"))
    if not n:
        if later:
            return f"今年内没有预计入库的项目；另有{later}个拟入库项目预计入库时间不在今年（或未登记），不计入今年。"
        return "目前没有登记拟入库项目。"
    text = f"拟入库项目{n}个"
    if not is_missing(pl.get("planned_total")):
        text += f"，计划总投资{_n(pl['planned_total'])}亿元"
    if not is_missing(pl.get("this_year")):
        text += f"，今年最多可新增统计投资{_n(pl['this_year'])}亿元"
    projects = pl.get("projects") or []
    if projects:
        text += "：" + "、".join(
            md_escape(p.get("name", ""))
            + (
                f"（预计{int(str(p['expected_library_month'])[-2:])}月入库）"
                if p.get("expected_library_month")
                else ""
            )  # fmt: skip
            for p in projects
        )
    return text + "。"


def not_in_library_text(inv: dict) -> str:
    nl = inv.get("not_in_library")
    if not _available(nl):
        return NO_PROJECTS
    n = _count(nl.get("count"))
    if not n:
        return "招商引资项目均已入库。"
    text = f"招商引资项目中有{n}个未入库"
    big = _count(nl.get("over_100m"))
    if big:
        text += f"（亿元以上{big}个）"
    total = _amount(nl.get("total"))
    if total is not None:
        text += f"，计划总投资{_n(total)}亿元"
    parts = []
    for reason, part in (nl.get("by_reason") or {}).items():
        if not _count(part):
            continue
        label = NOT_IN_LIBRARY_REASONS.get(reason, "未注明原因")
        amount = _amount(part)
        item = f"{label}{_count(part)}个" + (f"（{_n(amount)}亿元）" if amount is not None else "")
        names = _names(part.get("projects") if isinstance(part, dict) else None, limit=4)
        parts.append(item + (f"：{names}" if names else ""))
    if parts:
        text += "。其中" + "；".join(parts)
    return text + "。"


def townships_table(data: pd.DataFrame) -> pd.DataFrame:
    """The townships, one row each, from the tidy data (the ``townships`` entries)."""
    rows = []
    for t in [vars(r) for r in table_rows(data)]:
        rows.append(
            {
                "乡镇(园区)": str(t.get("township", "")),
                "年度目标(亿元)": format_amount(t.get("target")),
                "已完成(亿元)": format_amount(t.get("completed")),
                "完成目标(%)": fmt(t.get("completion_pct"), 1),
                "进度差(百分点)": fmt(t.get("gap_pp"), 1, signed=True),
                "排名": fmt(t.get("rank"), 0),
                "新入库项目": fmt(t.get("entries"), 0),
                "全年预计(按近三月进度)": _yes_no(t.get("projected_on_schedule")),
            }
        )
    return pd.DataFrame(rows)


def _yes_no(flag) -> str:
    return PLACEHOLDER if is_missing(flag) else ("可完成" if flag else "难完成")


def townships_text(inv: dict) -> str:
    towns = inv.get("townships")
    if not towns:
        return NO_TOWNSHIPS
    with_target = [t for t in towns if not is_missing(t.get("completion_pct"))]
    reached = [t for t in with_target if not is_missing(t.get("gap_pp")) and t["gap_pp"] >= 0]
    text = f"{len(with_target)}个乡镇(园区)中，{len(reached)}个达到时序进度"
    projected = [
        t for t in with_target
        if t.get("projected_on_schedule")
    ]  # fmt: skip
    year_end = (
        bool(with_target)
        and all(not is_missing(t.get("gap_pp")) for t in with_target)
        and (inv.get("townships_time_progress_pct") == 100.0)
    )
    if year_end:
        text += f"，全年完成目标的有{len(reached)}个"
    elif with_target:
        text += (
            f"，按近三个月的月均进度测算，全年有{len(projected)}个能完成目标（见表中“全年预计”）"
        )
    bottom = inv.get("bottom3") or []
    if bottom:
        names = "、".join(
            f"{md_escape(b.get('township', ''))}（{fmt(b.get('completion_pct'), 1)}%）"
            if isinstance(b, dict) and not is_missing(b.get("completion_pct"))
            else md_escape(b.get("township", "") if isinstance(b, dict) else b)
            for b in bottom
        )  # fmt: skip
        text += f"；完成率最低的是{names}"
    without = inv.get("townships_without_entries") or []
    if without:
        names = "、".join(
            md_escape(w if isinstance(w, str) else w.get("township", "")) for w in without
        )
        text += f"；今年没有项目入库的有{len(without)}个：{names}"
    return (
        text
        + "。"
        + _formula(
            "完成目标 = 今年累计完成 ÷ 年度目标；进度差 = 完成目标 − 时序进度；"
            "全年测算 = 累计完成 + 近三个月月均完成 × 剩余月份，与年度目标比较"
        )
    )


# the label columns of page 03's tables (left-aligned)
EXCLUDED_LEFT = ("类别", "项目")
TOWNSHIPS_LEFT = ("乡镇(园区)",)


def investment_title(region_name: str, period) -> str:
    return f"# {md_escape(region_name)}{period.full_label}工业投资分析"

"""The words around a displayed table: which columns carry a mark (by the header the
wording layer gave them) and the note under a table saying what the marks mean."""

from __future__ import annotations

UP, DOWN = "▲", "▼"  # ahead of / behind the time progress, and nothing else
FALL = "↓"  # a fall (negative growth), or a rate change pulling growth down

# a display table's label column when the table names none
LABEL_COLUMNS = ("指标",)


def mark_kind(column: object) -> str | None:
    """Which figures of a table column are marked: "schedule" (ahead ▲ / behind ▼ of the
    time progress), "growth" (falling ↓), "impact" (pulling growth down ↓), or None
    (levels, shares, ranks, required growth, and last year's figures: 上年同期 is the
    base, not this year's news)."""
    c = str(column)
    if "进度差" in c or c.startswith("较时序进度") or "schedule" in c.lower():
        return "schedule"
    if "需" in c or "needed" in c.lower():
        return None  # a required growth below zero is not a fall
    if "影响增速" in c:
        return "impact"  # a rate change pulling growth down
    if "上年同期" in c or "上年" in c or "去年" in c:
        return None
    growth = ("增长(%)", "两年平均")
    if any(w in c for w in growth) or "growth (%)" in c.lower():
        return "growth"
    return None


def explains_ahead_amount(column: object) -> bool:
    """A column of amounts ahead of (+) or behind (−) the time progress ("较时序进度(±亿元)")."""
    return str(column).startswith("较时序进度")


def marks_note(marked: set[str], ahead_amount_column: bool) -> str:
    """The note under a table: what its signs mean (``marked``: the kinds of mark shown)
    and how an amount ahead of schedule is computed; "" when there is nothing to say."""
    parts = []
    if "schedule" in marked:
        parts.append(f"{UP} 快于时序进度，{DOWN} 慢于时序进度")
    if "growth" in marked:
        parts.append(f"{FALL} 下降（负增长）")
    if "impact" in marked:
        parts.append(f"{FALL} 拉低增速")
    if ahead_amount_column:
        parts.append(
            "较时序进度 = 累计完成 − 年度目标 × 月份 ÷ 12：正数为超过时序进度的金额，"
            "负数为未达到时序进度的差额"
        )
    return "；".join(parts) + ("。" if parts else "")

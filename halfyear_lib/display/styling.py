"""Display tables as pandas Stylers: cells escaped, missing values as "—", falling and
behind-schedule figures marked with a sign and a colour, a note saying what the marks mean."""

from __future__ import annotations

import html

import pandas as pd

from ..text.numbers import PLACEHOLDER, display_cell, is_missing

UP, DOWN = "▲", "▼"
BAD_COLOR, GOOD_COLOR = "#b91c1c", "#15803d"  # red: behind or falling; green: ahead


def mark_kind(column: object) -> str | None:
    """Which figures of a table column are marked: "schedule" (ahead ▲ / behind ▼ of the
    time progress), "growth" (falling ▼), "impact" (pulling growth down ▼), or None
    (levels, shares, ranks, required growth)."""
    c = str(column)
    if "进度差" in c or c.startswith("较时序进度") or "schedule" in c.lower():
        return "schedule"
    if "需" in c or "needed" in c.lower():
        return None  # a required growth below zero is not a fall
    if "影响增速" in c:
        return "impact"  # a rate change pulling growth down
    growth = ("增长(%)", "两年平均", "上年同期(%)")
    if any(w in c for w in growth) or "growth (%)" in c.lower():
        return "growth"
    return None


def cell_text(cell: object) -> str:
    """What a table cell shows: "—" for None, NaN, pd.NA and inf (never "nan" or "None"),
    a number as :func:`numbers.display_cell` writes it, text as it is."""
    return str(display_cell(cell))


def _number(cell: object) -> float | None:
    try:
        x = float(cell_text(cell).replace("\u2212", "-").rstrip("%"))
    except ValueError:
        return None
    return None if is_missing(x) else x


def _mark(kind: str, cell: object) -> str:
    """The cell with its sign: "▼ -2.3" (falling or behind), "▲ +1.0" (ahead)."""
    x, text = _number(cell), cell_text(cell)
    if x is not None and x < 0:
        return f"{DOWN} {text}"
    if x is not None and x > 0 and kind == "schedule":
        return f"{UP} {text}"
    return text


def _mark_color(kind: str, cell: object) -> str:
    x = _number(cell)
    if x is not None and x < 0:
        return f"color: {BAD_COLOR}"
    if x is not None and x > 0 and kind == "schedule":
        return f"color: {GOOD_COLOR}"
    return ""


def marks_note(frame: pd.DataFrame) -> str:
    """The note under a table saying what its signs mean ("" when nothing is marked)."""
    kinds = {mark_kind(c) for c in frame.columns}
    marked = {
        kind
        for c in frame.columns
        if (kind := mark_kind(c))
        for v in frame[c]
        if _mark(kind, v) != cell_text(v)
    }
    parts = []
    if "schedule" in marked:
        parts.append(f"{UP} 快于时序进度，{DOWN} 慢于时序进度")
    if "growth" in marked:
        parts.append(f"{DOWN} 下降（负增长）")
    if "impact" in marked:
        parts.append(f"{DOWN} 拉低增速")
    if "schedule" in kinds and any(str(c).startswith("较时序进度") for c in frame.columns):
        parts.append(
            "较时序进度 = 累计完成 − 年度目标 × 月份 ÷ 12：正数为超过时序进度的金额，"
            "负数为未达到时序进度的差额"
        )
    return "；".join(parts) + ("。" if parts else "")


def styled_table(frame: pd.DataFrame, left: tuple[str, ...] = ("指标",)):
    """A display table as a pandas Styler: no index, cells HTML-escaped, labels left,
    a missing value (None, NaN, pd.NA, inf) shown as "—" (:func:`cell_text`).

    Behind-schedule and falling figures are marked with a sign and a colour, readable
    in black and white: "▼ -2.3" in red (a fall, or behind the time progress), "▲ +1.0"
    in green (ahead of it); see :func:`mark_kind`. A note under the table (its caption)
    says what the signs mean.
    """
    style = frame.style.hide(axis="index").format(cell_text, na_rep=PLACEHOLDER, escape="html")
    for column in frame.columns:
        kind = mark_kind(column)
        if kind is not None:
            style = style.format(
                lambda v, kind=kind: _mark(kind, v),
                subset=[column],
                na_rep=PLACEHOLDER,
                escape="html",
            )
            style = style.map(lambda v, kind=kind: _mark_color(kind, v), subset=[column])
    subset = [c for c in left if c in frame.columns]
    if subset:
        style = style.set_properties(subset=subset, **{"text-align": "left"})
    note = marks_note(frame)
    if note:
        style = style.set_caption(html.escape(note))
    return style.set_table_styles(
        [
            {"selector": "th", "props": [("text-align", "center")]},
            {"selector": "caption", "props": [("caption-side", "bottom"), ("text-align", "left"),
                                              ("font-size", "0.85em")]},
        ]
    )  # fmt: skip

"""Section 一（三）: the key tasks of the city's and the county's work reports."""

from __future__ import annotations

from ....data.schema import PERCENT_UNITS
from ..terms import STATUS_WORDS, status_word
from .core import (
    ORDINALS,
    Missing,
    Section,
    Writer,
    clean_text,
    flagged,
    paragraph,
    placeholder,
    task_items,
    write,
)


def tasks_section(results: dict) -> Section:
    sec = Section("重点工作完成情况", 2)
    t = results.get("tasks") or {}
    if not t.get("available"):
        sec.paragraphs.append([flagged("数据中没有重点任务表，重点工作完成情况请据实填写")])
        return sec

    def counts(w: Writer) -> None:
        w.t("纳入跟踪的重点任务中，")
        first = True
        for status, word in STATUS_WORDS.items():
            if w.has(f"tasks.counts.{status}") and w.number(f"tasks.counts.{status}") > 0:
                w.t("" if first else "、").t(word).count(f"tasks.counts.{status}").t("项")
                first = False
        if first:
            raise Missing("tasks.counts")

    sec.paragraphs.append(paragraph(write(results, counts)))
    for k, (source, title) in enumerate(
        (("city", "市级政府工作报告任务完成情况"), ("county", "县政府工作报告任务完成情况"))
    ):
        items = [(i, it) for i, it in task_items(results) if it.get("source") == source]
        if not items:
            continue
        sec.paragraphs.append([Writer(results).t(ORDINALS[k] + title).sentence()])
        for i, _ in items:
            s = write(results, lambda w, i=i: task_item(w, i))
            if s is not None:
                sec.paragraphs.append([s])
    sec.paragraphs.append([placeholder("各项任务的具体进展、成效和典型做法")])
    return sec


def task_item(w: Writer, i: int) -> None:
    """——题目：指标完成x（单位），为目标x的x%，状态。备注"""
    b = f"tasks.items.{i}"
    w.t("——").name(f"{b}.title").t("：")
    unit_path = f"{b}.unit"
    unit = clean_text(w.value(unit_path) or "") if w.has(unit_path) else ""
    is_pct = unit in PERCENT_UNITS  # a rate target, as analysis/tasks.py reads it

    def progress(w: Writer) -> None:
        w.name(f"{b}.metric")
        if is_pct:
            w.pct(f"{b}.actual").t("%")
            w.opt(lambda w: w.t("（目标").pct(f"{b}.target").t("%）"))
        else:
            if unit == "亿元":
                w.amount(f"{b}.actual").t("亿元")  # the one rule for amounts: 21.0, not 20.97
            else:
                w.number_text(f"{b}.actual")
                w.opt(lambda w: w.name(unit_path))
            w.opt(lambda w: w.t("，为目标的").pct(f"{b}.completion_pct").t("%"))

    if w.opt(progress):
        w.t("，")
    status = w.value(f"{b}.status") if w.has(f"{b}.status") else None
    w.t(status_word(status, rate=is_pct))
    w.opt(lambda w: w.t("。").name(f"{b}.note"))

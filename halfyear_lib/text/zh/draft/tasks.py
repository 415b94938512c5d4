"""Section 一（三）: the key tasks of the city's and the county's work reports.

Written as the bureau writes it (the reference summary's 重点工作完成情况): one opening count,
then per source of the tasks (一是市级政府工作报告…, 二是县政府工作报告…, then any other
source) one sentence for the tasks that go well, by name, and a detail item 「——题目：…」
only for a task that needs one:

* the sentence: 已完成A、B等n项任务；C、D等m项快于时序进度 (and 按进度推进). It names
  :data:`NAMES_PER_STATUS` tasks per status, preferring tasks without an item below (a
  task is named once where possible), and counts the rest (``tasks.by_source``);
* an item, always, for a task behind schedule, not started or of unknown status; for a
  growth-rate task (超任务数x个百分点 / 低于目标x个百分点: a headline target, over or under);
  and for a task far over its target (completion at least :data:`FAR_OVER_PCT` %);
* an item for a task going well that has a note in the data (what was done: 签订合作协议,
  已有4栋楼封顶), done tasks first, then the others, in task order, as long as the section
  stays within :data:`SECTION_MAX_CHARS` (the reference's section (三)); the others are
  counted in the sentence and left to the editor (the closing 【待补充】). A note the item
  already says (超任务数) is left out.

Wording of an item by the kind of target:

* a rate (unit %): 增长x%，超任务数x个百分点 (the gap as the status rule compares it);
* an amount (亿元): 指标x亿元（目标y亿元）; the share 为目标的x% only where it informs, i.e.
  far over target;
* a count (家, 个, 户, 件, 项, 次 …): never a share. Done to the number, or a single thing
  (target 1) done or not started: the status word alone (已完成, 尚未启动); not started:
  尚未启动（目标y个）; otherwise 完成x个, with （目标y个） when behind or done over target.

The status word always comes from the one status rule (the item's ``status``, through
:func:`..terms.status_word`); behind schedule adds the gap 低于时序进度x个百分点.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ....data.schema import AMOUNT_UNITS, PERCENT_UNITS, TASK_SOURCES
from ..terms import STATUS_WORDS, status_word
from .core import (
    ORDINALS,
    Missing,
    Section,
    Sentence,
    Writer,
    clean_text,
    flagged,
    paragraph,
    placeholder,
    task_items,
    write,
)

NAMES_PER_STATUS = 2  # tasks named per status in a group's sentence; the rest are counted
FAR_OVER_PCT = 150.0  # completion share (%) from which a task is notable for its excess
SINGLE_COUNT_MAX = 1.0  # a count target up to this is one thing done or not: no numbers
# the reference summary's section (三) has 1191 characters, spaces and line breaks not
# counted: items for the notes of tasks going well are added only within that length
SECTION_MAX_CHARS = 1191
GOING_WELL = ("done", "ahead", "on_track")  # the statuses the group sentence covers
OTHER_SOURCE = "other"  # tasks of a source this module has no words for
SOURCE_TITLES = {s: f"{label}任务完成情况" for s, label in TASK_SOURCES.items()} | {
    OTHER_SOURCE: "其他重点任务完成情况"
}


def tasks_section(results: dict) -> Section:
    t = results.get("tasks") or {}
    if not t.get("available"):
        sec = Section("重点工作完成情况", 2)
        sec.paragraphs.append([flagged("数据中没有重点任务表，重点工作完成情况请据实填写")])
        return sec
    items = task_items(results)
    detailed = {i for i, it in items if _needs_item(it)}
    sec = _section(results, items, detailed)
    # a task going well gets an item for its note while the section stays within
    # SECTION_MAX_CHARS: done tasks first, then the others, each in task order
    for status in GOING_WELL:
        for i, it in items:
            if i in detailed or _status(it) != status or not _note(it):
                continue
            longer = _section(results, items, detailed | {i})
            if section_length(longer) <= SECTION_MAX_CHARS:
                detailed.add(i)
                sec = longer
    return sec


def section_length(sec: Section) -> int:
    """Characters of a section's text, spaces and line breaks not counted."""
    return sum(len(re.sub(r"\s", "", s.text)) for p in sec.paragraphs for s in p)


def _section(results: dict, items: list[tuple[int, dict]], detailed: set[int]) -> Section:
    """The section with an item for each task in ``detailed``."""
    sec = Section("重点工作完成情况", 2)
    opening = write(results, lambda w: _counts(w, items))
    if opening is not None:
        sec.paragraphs.append([opening])
    groups = _groups(items)
    only = len(groups) == 1
    for k, (source, group) in enumerate(groups.items()):
        heading = Writer(results).t(ORDINALS[min(k, len(ORDINALS) - 1)] + SOURCE_TITLES[source])
        going_well = write(
            results, lambda w, g=group, s=source: _going_well(w, g, s, only, detailed)
        )
        sec.paragraphs.append(paragraph(heading.sentence(), going_well))
        for i, it in group:
            if i in detailed:
                s = write(results, lambda w, i=i, it=it: task_item(w, i, it))
                if s is not None:
                    sec.paragraphs.append([s])
    sec.paragraphs.append([placeholder("各项任务的具体进展、成效和典型做法")])
    return sec


# ---------------------------------------------------------------------------- facts


def _status(it: dict) -> str | None:
    s = it.get("status")
    return s if isinstance(s, str) else None


def _kind(it: dict) -> str:
    """``rate``, ``amount`` or ``count`` (any other unit: 家, 个, 次, 处 …)."""
    unit = clean_text(it.get("unit") or "").strip()
    if unit in PERCENT_UNITS:  # a rate target, as analysis/tasks.py reads it
        return "rate"
    return "amount" if unit in AMOUNT_UNITS else "count"


def _num(it: dict, key: str) -> float | None:
    v = it.get(key)
    return float(v) if isinstance(v, int | float) and not isinstance(v, bool) and v == v else None


def _far_over(it: dict) -> bool:
    share = _num(it, "completion_pct")
    return share is not None and share >= FAR_OVER_PCT


def _note(it: dict) -> str:
    note = it.get("note")
    return clean_text(note).strip() if isinstance(note, str) else ""


def _needs_item(it: dict) -> bool:
    """A detail item in any case: not going well, a growth-rate target, far over target
    (a note alone earns one within the section's length, see :func:`tasks_section`)."""
    return _status(it) not in GOING_WELL or _kind(it) == "rate" or _far_over(it)


def _groups(items: list[tuple[int, dict]]) -> dict[str, list[tuple[int, dict]]]:
    """Items by source in TASK_SOURCES order, any other source last as one group."""
    groups: dict[str, list[tuple[int, dict]]] = {s: [] for s in TASK_SOURCES}
    groups[OTHER_SOURCE] = []
    for i, it in items:
        source = it.get("source")
        groups[source if source in TASK_SOURCES else OTHER_SOURCE].append((i, it))
    return {s: g for s, g in groups.items() if g}


# ---------------------------------------------------------------------------- sentences


def _counts(w: Writer, items: list[tuple[int, dict]]) -> None:
    """纳入跟踪的重点任务中，已完成x项、快于时序进度x项… (tasks.counts; dropped when the
    counts and the items disagree: the opening may not tell another story than the items)."""
    tally = {s: sum(_status(it) == s for _, it in items) for s in STATUS_WORDS}
    w.t("纳入跟踪的重点任务中，")
    first = True
    for status, word in STATUS_WORDS.items():
        path = f"tasks.counts.{status}"
        n = w.number(path) if w.has(path) else 0
        if n != tally[status]:
            raise Missing(path)
        if n > 0:
            w.t("" if first else "、").t(word).count(path).t("项")
            first = False
    if first:
        raise Missing("tasks.counts")


def _count_path(w: Writer, source: str, status: str, n: int, only: bool) -> str | None:
    """The results.json path of the number of a group's tasks of a status, when it holds
    that number (the group's own count; the unit's count when the group is the only one)."""
    candidates = [f"tasks.by_source.{source}.{status}"] if source != OTHER_SOURCE else []
    if only:
        candidates.append(f"tasks.counts.{status}")
    for path in candidates:
        if w.has(path) and w.number(path) == n:
            return path
    return None


def _going_well(
    w: Writer, group: list[tuple[int, dict]], source: str, only: bool, detailed: set[int]
) -> None:
    """已完成A、B等n项任务；C、D等m项快于时序进度，E等k项按进度推进."""
    clauses: list[Callable[[Writer], None]] = []
    for status in GOING_WELL:
        tasks = [(i, it) for i, it in group if _status(it) == status]
        if not tasks:
            continue
        # named: tasks without an item below (each task told once), the first in task order
        named = [
            i
            for i, it in tasks
            if i not in detailed and isinstance(it.get("title"), str) and it["title"].strip()
        ][:NAMES_PER_STATUS]
        path = _count_path(w, source, status, len(tasks), only)
        if not named and (
            path is None or len(tasks) < 2 or all(_kind(t) == "rate" for _, t in tasks)
        ):
            continue  # all told below: a count only for two or more (not for rates: 快于时序进度)

        n_tasks = len(tasks)

        def clause(w: Writer, status=status, named=named, n=n_tasks, path=path) -> None:
            w.t(STATUS_WORDS[status] if status == "done" else "")
            for k, i in enumerate(named):
                w.t("、" if k else "").name(f"tasks.items.{i}.title")
            if n > len(named):  # 等10项任务; 10项 when none is named; 等任务 with no count
                w.t("等" if named else "")
                if path is not None:
                    w.count(path).t("项")
                w.t("任务" if status == "done" else "")
            w.t("" if status == "done" else STATUS_WORDS[status])

        clauses.append(clause)
    if not clauses:
        raise Missing("tasks.items")
    for k, clause in enumerate(clauses):
        w.t("；" if k else "")
        clause(w)


def task_item(w: Writer, i: int, it: dict | None = None) -> None:
    """——题目：进展，状态。备注 (see the module doc for the wording by kind)."""
    b = f"tasks.items.{i}"
    it = it if it is not None else w.value(b)
    w.t("——")
    if not w.opt(lambda w: w.name(f"{b}.title")):
        w.name(f"{b}.metric")
    w.t("：")
    kind = _kind(it)
    status = _status(it)
    if kind == "rate":
        _rate(w, b, status)
    elif kind == "amount":
        _amount(w, b, it, status)
    else:
        _count(w, b, it, status)
    note = _note(it)
    if note and note.rstrip("。；，") not in Sentence("".join(w.parts), list(w.slots)).text:
        w.opt(lambda w: w.t("。").name(f"{b}.note"))


def _status_clause(w: Writer, b: str, status: str | None, rate: bool = False) -> None:
    """The status word; behind schedule with its gap (低于时序进度x个百分点)."""
    w.t(status_word(status, rate=rate))
    if status == "behind" and not rate:
        w.opt(lambda w: w.t("，").points(f"{b}.schedule_gap_pp", what="时序进度"))


def _rate(w: Writer, b: str, status: str | None) -> None:
    """[1-6月完成x亿元，]增长x%，超任务数x个百分点 / 低于目标x个百分点."""

    def level(w: Writer) -> None:
        code = w.value(f"{b}.indicator")
        if not isinstance(code, str) or w.value(f"labels.units.{code}") != "亿元":
            raise Missing(f"{b}.indicator")
        w.period().t("完成").amount(f"indicators.{code}.value").t("亿元，")

    w.opt(level)
    w.growth(f"{b}.actual")

    def gap(w: Writer) -> None:
        w.t("，").signed(
            f"{b}.target_gap_pp", "超任务数", "低于目标", "与目标持平", unit="个百分点"
        )

    if not w.opt(gap):  # no gap in results.json: the target and the status word
        w.opt(lambda w: w.t("（目标").pct(f"{b}.target").t("%）"))
        w.t("，").t(status_word(status, rate=True))


def _show_target(it: dict, status: str | None) -> bool:
    """The target beside the figure: for a task not going well, and for one done over its
    target (16家（目标15家）); a task ahead or on track tells its figure only."""
    actual, target = _num(it, "actual"), _num(it, "target")
    if status == "done":
        return actual is not None and target is not None and actual > target
    return status not in GOING_WELL


def _target(w: Writer, b: str, unit: Callable[[Writer], object]) -> None:
    """（目标y单位）, dropped when the target or the unit is absent."""

    def clause(w: Writer) -> None:
        w.t("（目标").number_text(f"{b}.target")
        unit(w)
        w.t("）")

    w.opt(clause)


def _metric_or_done(w: Writer, b: str, it: dict) -> None:
    """The metric before the figure, or 完成 when the title already names it (技术合同交易额：
    完成1.32亿元, not 技术合同交易额：技术合同交易额1.32亿元)."""
    metric = clean_text(it.get("metric") or "").strip()
    title = clean_text(it.get("title") or "")
    if metric and metric not in title:
        w.name(f"{b}.metric")
    else:
        w.t("完成")


def _amount(w: Writer, b: str, it: dict, status: str | None) -> None:
    """指标x亿元[（目标y亿元）], far over target 指标x亿元，为目标的x%; then the status."""

    def unit(w: Writer) -> None:
        w.name(f"{b}.unit")

    def progress(w: Writer) -> None:
        _metric_or_done(w, b, it)
        if clean_text(it.get("unit") or "").strip() == "亿元":
            w.amount(f"{b}.actual").t("亿元")  # the one rule for amounts: 21.0, not 20.97
        else:
            w.number_text(f"{b}.actual")
            unit(w)
        if _far_over(it):
            w.t("，为目标的").pct(f"{b}.completion_pct").t("%")
        elif _show_target(it, status):
            _target(w, b, unit)

    if status == "not_started":
        w.t(status_word(status))
        _target(w, b, unit)
        return
    if w.opt(progress):
        w.t("，")
    _status_clause(w, b, status)


def _count(w: Writer, b: str, it: dict, status: str | None) -> None:
    """Done to the number: the status word; not started: 尚未启动[（目标y个）]; else
    完成x个[（目标y个）]，状态. Never a share of a count."""
    target = _num(it, "target")
    single = target is not None and target <= SINGLE_COUNT_MAX

    def unit(w: Writer) -> None:  # no unit: no numbers (完成6（目标10） says nothing)
        w.name(f"{b}.unit")

    if status == "done" and not _show_target(it, status):  # done, not over the target
        w.t(status_word(status))
        return
    if status == "not_started":
        w.t(status_word(status))
        if not single:
            _target(w, b, unit)
        return

    def progress(w: Writer) -> None:
        w.t("完成").number_text(f"{b}.actual")
        unit(w)
        if _show_target(it, status):
            _target(w, b, unit)

    if w.opt(progress):
        w.t("，")
    _status_clause(w, b, status)

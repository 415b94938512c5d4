"""Key tasks (重点任务) of the year: the latest reported status of each task at a period.

The ``tasks`` table has one row per task and report month; at a period each task of the
period's year shows its latest report up to the period. Where a task has a metric with a
numeric target, completion_pct = actual / target x 100; for a target stated as a rate
(unit %, e.g. "增加值增长8%") a ratio of rates means nothing, so completion_pct is None
there and ``target_met`` (actual >= target) tells whether it is reached.

Gaps in percentage points, as the status rule compares them (each side rounded to 0.1
first, :func:`.status.gap_points`): ``target_gap_pp`` = actual - target for a rate target
(13.8% against 8% -> 5.8, "超任务数5.8个百分点"), ``schedule_gap_pp`` = completion_pct -
time progress for an amount or count (48.0% at 1-6月 -> 48.0 - 50.0 = -2.0); None elsewhere.

Ordered by source (city work report first, then county) and task id.

One fact, one value: a task whose metric is an indicator of the data set (its Chinese
label, or label + 增速/增长 for a rate) and whose target is that indicator's annual target
of the year is that indicator: its actual is the indicator's figure at the period, not the
number typed in the task list (kept as ``actual_reported``), so "技术合同交易额 1.32亿元，
为目标的120.0%" and "119.8%" can no longer stand in one document. A task for another year
(a target that differs, e.g. 2020's R&D) keeps its own figures.

Status: the one rule of :mod:`.status` wherever the task is measurable (an amount against
its target and the time progress; a rate against its target rate); the status reported
in the task list (``reported_status``) only where it is not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from ..data.dataset import DataSet
from ..data.periods import Period, time_progress_pct
from ..data.schema import INDICATORS, PERCENT_UNITS, TASK_SOURCES
from .cumulative import series
from .status import STATUSES, gap_points, growth_status, schedule_status
from .targets import given_target

TASK_COLUMNS = (
    "task_id",
    "source",
    "title",
    "metric",
    "target",
    "actual",
    "unit",
    "completion_pct",
    "target_met",
    "target_gap_pp",
    "schedule_gap_pp",
    "status",
    "note",
    "reported",
    "reported_status",
    "actual_reported",
    "indicator",
)


@dataclass
class TaskStatus:
    """Key tasks of a region at a period: one row per task (``items``) and counts."""

    region_id: str
    period: Period
    available: bool  # False when the data set has no tasks for the region and year
    items: pd.DataFrame  # columns TASK_COLUMNS; reported = report month "YYYY-MM"
    counts: dict[str, int] = field(default_factory=dict)  # status -> n (every status)
    by_source: dict[str, dict[str, int]] = field(default_factory=dict)  # source -> status -> n

    def to_results(self) -> dict:
        """The entries under ``tasks`` in results.json."""
        items = [
            {k: (None if _missing(v) else v) for k, v in rec.items()}
            for rec in self.items.to_dict("records")
        ]
        for item in items:
            for key in (
                "target",
                "actual",
                "completion_pct",
                "actual_reported",
                "target_gap_pp",
                "schedule_gap_pp",
            ):
                if item[key] is not None:
                    item[key] = float(item[key])
            if item["target_met"] is not None:
                item["target_met"] = bool(item["target_met"])
        return {
            "available": self.available,
            "counts": dict(self.counts),
            "by_source": {s: dict(c) for s, c in self.by_source.items()},
            "items": items,
        }


def _missing(v) -> bool:
    return v is None or (not isinstance(v, str | bool) and pd.isna(v))


def _natural_key(task_id: str) -> tuple:
    """ "T2" before "T10": digits compare as numbers."""
    return tuple(int(p) if p.isdigit() else p for p in re.split(r"(\d+)", str(task_id)))


def task_status(ds: DataSet, region_id: str, period: Period) -> TaskStatus:
    """Latest status of each key task of the period's year, with counts by status and source."""
    cut = ds.as_of(period)
    tasks = cut["tasks"]
    tasks = tasks.loc[(tasks["region_id"] == region_id) & (tasks["year"] == period.year)]
    empty_counts = {s: 0 for s in STATUSES}
    if tasks.empty:
        return TaskStatus(
            region_id, period, False, pd.DataFrame(columns=list(TASK_COLUMNS)), empty_counts, {}
        )
    latest = tasks.sort_values(["task_id", "month"]).groupby("task_id", sort=False).tail(1)
    df = latest.copy()
    target = pd.to_numeric(df["target"], errors="coerce").astype("float64")
    reported_actual = pd.to_numeric(df["actual"], errors="coerce").astype("float64")
    unit = df["unit"].astype(object)
    is_rate = unit.isin(list(PERCENT_UNITS))
    linked = [
        _indicator_of(cut, region_id, period, m, u, t, r)
        for m, u, t, r in zip(df["metric"], unit, target, is_rate, strict=True)
    ]
    actual = pd.Series(
        [
            figure if figure is not None else a
            for (_, figure), a in zip(linked, reported_actual, strict=True)
        ],
        index=df.index,
        dtype="float64",
    )
    measurable = df["metric"].notna() & target.notna() & actual.notna()
    ratio = (actual / target * 100).where(measurable & (target != 0) & ~is_rate)
    met = pd.Series(
        [bool(a >= t) if m else None for a, t, m in zip(actual, target, measurable, strict=True)],
        index=df.index,
        dtype=object,
    )
    progress = time_progress_pct(period.month)
    status = [
        (
            growth_status(a, t, final=period.month == 12)
            if r
            else schedule_status(c, progress)
            if not pd.isna(c)
            else None
        )
        if m
        else None
        for a, t, r, c, m in zip(actual, target, is_rate, ratio, measurable, strict=True)
    ]
    target_gap = [
        gap_points(a, t) if m and r else None
        for a, t, r, m in zip(actual, target, is_rate, measurable, strict=True)
    ]
    schedule_gap = [None if pd.isna(c) else gap_points(c, progress) for c in ratio]
    df = df.assign(
        target=target,
        actual=actual,
        completion_pct=ratio,
        target_met=met,
        target_gap_pp=pd.Series(target_gap, index=df.index, dtype="float64"),
        schedule_gap_pp=pd.Series(schedule_gap, index=df.index, dtype="float64"),
        reported_status=df["status"],
        status=[s or reported for s, reported in zip(status, df["status"], strict=True)],
        actual_reported=reported_actual,
        indicator=[code for code, _ in linked],
        reported=[f"{y}-{int(m):02d}" for y, m in zip(df["year"], df["month"], strict=True)],
        source_order=df["source"].map({s: i for i, s in enumerate(TASK_SOURCES)}),
        id_order=df["task_id"].map(_natural_key),
    )
    df = df.sort_values(["source_order", "id_order"]).reset_index(drop=True)
    items = df[list(TASK_COLUMNS)]
    counts = {s: int((items["status"] == s).sum()) for s in STATUSES}
    by_source = {
        src: {s: int(((items["source"] == src) & (items["status"] == s)).sum()) for s in STATUSES}
        for src in TASK_SOURCES
        if (items["source"] == src).any()
    }
    return TaskStatus(region_id, period, True, items, counts, by_source)


def _indicator_of(
    ds: DataSet, region_id: str, period: Period, metric, unit, target: float, is_rate: bool
) -> tuple[str | None, float | None]:
    """The indicator a task measures, with its figure at the period: (code, value or
    growth %), or (None, None) when the task is not one of the data set's indicators."""
    if not isinstance(metric, str) or pd.isna(target):
        return None, None
    name = metric.strip()
    for code, spec in INDICATORS.items():
        if is_rate:
            if name not in (f"{spec.label}增速", f"{spec.label}增长"):
                continue
            kind, column = "growth_pct", "yoy_pct"
        else:
            if name != spec.label or unit != spec.unit:
                continue
            kind, column = "value", "value"
        wanted = given_target(ds, region_id, code, period.year, kind)
        if wanted is None or abs(wanted - target) > 0.005 * max(1.0, abs(wanted)):
            return None, None  # another year's or another body's target: its own figures
        s = series(ds, region_id, code)
        hit = s.loc[(s["year"] == period.year) & (s["month"] == period.month), column]
        if hit.empty or pd.isna(hit.iloc[0]):
            return None, None
        return code, float(hit.iloc[0])
    return None, None

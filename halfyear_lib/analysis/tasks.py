"""Key tasks (重点任务) of the year: the latest reported status of each task at a period.

The ``tasks`` table has one row per task and report month; at a period each task of the
period's year shows its latest report up to the period. Where a task has a metric with a
numeric target, completion_pct = actual / target x 100; for a target stated as a rate
(unit %, e.g. "增加值增长8%") a ratio of rates means nothing, so completion_pct is None
there and ``target_met`` (actual >= target) tells whether it is reached.
Ordered by source (city work report first, then county) and task id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from ..data.dataset import DataSet
from ..data.periods import Period
from ..data.schema import PERCENT_UNITS, TASK_SOURCES, TASK_STATUSES

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
    "status",
    "note",
    "reported",
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
            for key in ("target", "actual", "completion_pct"):
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
    empty_counts = {s: 0 for s in TASK_STATUSES}
    if tasks.empty:
        return TaskStatus(
            region_id, period, False, pd.DataFrame(columns=list(TASK_COLUMNS)), empty_counts, {}
        )
    latest = tasks.sort_values(["task_id", "month"]).groupby("task_id", sort=False).tail(1)
    df = latest.copy()
    target = pd.to_numeric(df["target"], errors="coerce").astype("float64")
    actual = pd.to_numeric(df["actual"], errors="coerce").astype("float64")
    unit = df["unit"].astype(object)
    is_rate = unit.isin(list(PERCENT_UNITS))
    measurable = df["metric"].notna() & target.notna() & actual.notna()
    ratio = (actual / target * 100).where(measurable & (target != 0) & ~is_rate)
    met = pd.Series(
        [bool(a >= t) if m else None for a, t, m in zip(actual, target, measurable, strict=True)],
        index=df.index,
        dtype=object,
    )
    df = df.assign(
        target=target,
        actual=actual,
        completion_pct=ratio,
        target_met=met,
        reported=[f"{y}-{int(m):02d}" for y, m in zip(df["year"], df["month"], strict=True)],
        source_order=df["source"].map({s: i for i, s in enumerate(TASK_SOURCES)}),
        id_order=df["task_id"].map(_natural_key),
    )
    df = df.sort_values(["source_order", "id_order"]).reset_index(drop=True)
    items = df[list(TASK_COLUMNS)]
    counts = {s: int((items["status"] == s).sum()) for s in TASK_STATUSES}
    by_source = {
        src: {
            s: int(((items["source"] == src) & (items["status"] == s)).sum()) for s in TASK_STATUSES
        }
        for src in TASK_SOURCES
        if (items["source"] == src).any()
    }
    return TaskStatus(region_id, period, True, items, counts, by_source)

"""Key tasks: latest status at a period, completion and counts, worked by hand."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import make_dataset

from halfyear_lib.analysis.tasks import task_status
from halfyear_lib.data.periods import Period

REGIONS = [
    {"region_id": "c", "name": "江洲市", "kind": "city", "parent_id": None, "rank_groups": ""},
    {"region_id": "a", "name": "甲县", "kind": "county", "parent_id": "c", "rank_groups": "city"},
]
JUNE = Period(2021, 6)


def task(
    tid, year, month, source, status, target=None, actual=None, unit=None, metric="m", note=None
):
    return {"task_id": tid, "region_id": "a", "year": year, "month": month, "source": source,
            "title": f"任务{tid}", "metric": metric, "target": target, "actual": actual,
            "unit": unit, "status": status, "note": note}  # fmt: skip


TASKS = [
    task("T10", 2021, 3, "county", "not_started", metric=None),  # no metric, one report
    task("T9", 2021, 6, "county", "done", 5, 5, "个"),
    task("T2", 2021, 6, "county", "on_track", 8, 9, "%"),  # a rate target: no ratio
    task("T1", 2021, 3, "city", "on_track", 10, 2, "亿元"),
    task("T1", 2021, 6, "city", "behind", 10, 6, "亿元", note="进度滞后"),
    task("T1", 2021, 7, "city", "done", 10, 10, "亿元"),  # after the period: ignored
    task("T3", 2020, 12, "city", "done", 1, 1, "个"),  # last year's task: not this year's
]


@pytest.fixture
def ds():
    return make_dataset(regions=REGIONS, tasks=TASKS)


def test_latest_report_completion_and_order(ds):
    t = task_status(ds, "a", JUNE)
    assert t.available
    items = t.to_results()["items"]
    # city first, then county by natural id order: T1 | T2, T9, T10
    assert [i["task_id"] for i in items] == ["T1", "T2", "T9", "T10"]
    t1, t2, t9, t10 = items
    # T1: the June report wins over March (and July is after the period): 6 / 10 = 60%
    assert (t1["actual"], t1["status"], t1["reported"]) == (6.0, "behind", "2021-06")
    assert t1["completion_pct"] == pytest.approx(60.0) and t1["note"] == "进度滞后"
    assert t1["target_met"] is False
    # T2: growth 9% against 8%: met, but 9 / 8 is no completion share
    assert t2["completion_pct"] is None and t2["target_met"] is True
    assert t9["completion_pct"] == pytest.approx(100.0)  # 5 / 5
    # T10: last reported in March, no metric
    assert t10["reported"] == "2021-03" and t10["completion_pct"] is None
    assert t10["metric"] is None and t10["target"] is None
    assert t.counts == {"done": 1, "on_track": 1, "behind": 1, "not_started": 1}
    assert t.by_source == {
        "city": {"done": 0, "on_track": 0, "behind": 1, "not_started": 0},
        "county": {"done": 1, "on_track": 1, "behind": 0, "not_started": 1},
    }
    json.dumps(t.to_results(), allow_nan=False)


def test_march_sees_march_reports_only(ds):
    t = task_status(ds, "a", Period(2021, 3))
    items = t.to_results()["items"]
    # T1 at March: 2 / 10 = 20%, on track; T10 not started; T2 and T9 not yet reported
    assert [(i["task_id"], i["status"]) for i in items] == [
        ("T1", "on_track"),
        ("T10", "not_started"),
    ]
    assert items[0]["completion_pct"] == pytest.approx(20.0)
    assert t.counts == {"done": 0, "on_track": 1, "behind": 0, "not_started": 1}
    # later rows change nothing: the same answer from the March rows alone
    march_rows = [r for r in TASKS if (r["year"], r["month"]) <= (2021, 3)]
    alone = task_status(make_dataset(regions=REGIONS, tasks=march_rows), "a", Period(2021, 3))
    assert alone.to_results() == t.to_results()


def test_no_tasks_table():
    t = task_status(make_dataset(regions=REGIONS), "a", JUNE)
    assert t.available is False
    res = t.to_results()
    assert res["items"] == [] and res["by_source"] == {}
    assert res["counts"] == {"done": 0, "on_track": 0, "behind": 0, "not_started": 0}


def test_demo_qingshui_june_2021():
    from halfyear_lib.data.loading import load_dataset
    from halfyear_lib.paths import DEMO_DATA_DIR

    t = task_status(load_dataset(DEMO_DATA_DIR), "qingshui", JUNE)
    raw = pd.read_csv(DEMO_DATA_DIR / "tasks.csv")
    raw = raw.loc[(raw.region_id == "qingshui") & (raw.year == 2021) & (raw.month <= 6)]
    latest = raw.sort_values("month").groupby("task_id").tail(1)
    assert t.counts == {s: int((latest.status == s).sum()) for s in t.counts}
    assert t.counts == {"done": 10, "on_track": 16, "behind": 4, "not_started": 1}
    assert sum(t.by_source["city"].values()) == int((latest.source == "city").sum()) == 7
    items = t.to_results()["items"]
    assert [i["source"] for i in items[:7]] == ["city"] * 7
    q5 = next(i for i in items if i["task_id"] == "QST05")  # new above-scale firms 16 of 15
    assert q5["completion_pct"] == pytest.approx(16 / 15 * 100) and q5["status"] == "done"
    assert all(i["reported"] == "2021-06" for i in items)

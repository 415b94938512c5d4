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
    # 60.0% at 50.0% time progress: ahead by the one rule (the list said behind)
    assert (t1["actual"], t1["status"], t1["reported"]) == (6.0, "ahead", "2021-06")
    assert t1["completion_pct"] == pytest.approx(60.0) and t1["note"] == "进度滞后"
    assert t1["target_met"] is False
    # T2: growth 9% against 8%: met, but 9 / 8 is no completion share
    assert t2["completion_pct"] is None and t2["target_met"] is True
    assert t9["completion_pct"] == pytest.approx(100.0)  # 5 / 5
    # T10: last reported in March, no metric
    assert t10["reported"] == "2021-03" and t10["completion_pct"] is None
    assert t10["metric"] is None and t10["target"] is None
    # T1 and T2 ahead (60% at 50%; 9% against 8%), T9 done, T10 as listed
    assert t.counts == {"done": 1, "ahead": 2, "on_track": 0, "behind": 0, "not_started": 1}
    assert t.by_source == {
        "city": {"done": 0, "ahead": 1, "on_track": 0, "behind": 0, "not_started": 0},
        "county": {"done": 1, "ahead": 1, "on_track": 0, "behind": 0, "not_started": 1},
    }
    json.dumps(t.to_results(), allow_nan=False)


def test_gaps_in_points_against_the_target_rate_and_the_time_progress(ds):
    items = {i["task_id"]: i for i in task_status(ds, "a", JUNE).to_results()["items"]}
    # T2: growth 9% against a target of 8%: 9.0 - 8.0 = +1.0 point; a rate has no
    # schedule gap (no completion share)
    assert items["T2"]["target_gap_pp"] == pytest.approx(1.0)
    assert items["T2"]["schedule_gap_pp"] is None
    # T1: 6 / 10 = 60.0% at 1-6月 (time progress 50.0%): +10.0 points; an amount has no
    # target rate to compare with
    assert items["T1"]["schedule_gap_pp"] == pytest.approx(10.0)
    assert items["T1"]["target_gap_pp"] is None
    # T9: 5 / 5 = 100.0%: +50.0 points; T10: nothing measured, no gap
    assert items["T9"]["schedule_gap_pp"] == pytest.approx(50.0)
    assert items["T10"]["schedule_gap_pp"] is None and items["T10"]["target_gap_pp"] is None


def test_march_sees_march_reports_only(ds):
    t = task_status(ds, "a", Period(2021, 3))
    items = t.to_results()["items"]
    # T1 at March: 2 / 10 = 20% at 25% time progress: behind (the list said on track);
    # T10 not started; T2 and T9 not yet reported
    assert [(i["task_id"], i["status"]) for i in items] == [
        ("T1", "behind"),
        ("T10", "not_started"),
    ]
    assert items[0]["completion_pct"] == pytest.approx(20.0)
    assert t.counts == {"done": 0, "ahead": 0, "on_track": 0, "behind": 1, "not_started": 1}
    # later rows change nothing: the same answer from the March rows alone
    march_rows = [r for r in TASKS if (r["year"], r["month"]) <= (2021, 3)]
    alone = task_status(make_dataset(regions=REGIONS, tasks=march_rows), "a", Period(2021, 3))
    assert alone.to_results() == t.to_results()


def test_no_tasks_table():
    t = task_status(make_dataset(regions=REGIONS), "a", JUNE)
    assert t.available is False
    res = t.to_results()
    assert res["items"] == [] and res["by_source"] == {}
    assert res["counts"] == {"done": 0, "ahead": 0, "on_track": 0, "behind": 0, "not_started": 0}


def test_demo_qingshui_june_2021():
    from halfyear_lib.data.loading import load_dataset
    from halfyear_lib.paths import DEMO_DATA_DIR

    t = task_status(load_dataset(DEMO_DATA_DIR), "qingshui", JUNE)
    raw = pd.read_csv(DEMO_DATA_DIR / "tasks.csv")
    raw = raw.loc[(raw.region_id == "qingshui") & (raw.year == 2021) & (raw.month <= 6)]
    latest = raw.sort_values("month").groupby("task_id").tail(1)
    items = t.to_results()["items"]
    # the list's own words are kept as reported_status
    assert {i["task_id"]: i["reported_status"] for i in items} == dict(
        zip(latest.task_id, latest.status, strict=True)
    )
    # 技改投资 9.11 of 19.4 = 47.0% at 50%: behind (the list: on_track)
    q7 = next(i for i in items if i["task_id"] == "QST07")
    assert (q7["status"], q7["reported_status"], q7["indicator"]) == (
        "behind",
        "on_track",
        "tech_investment",
    )
    assert t.counts == {s: sum(i["status"] == s for i in items) for s in t.counts}
    assert t.counts == {"done": 11, "ahead": 12, "on_track": 0, "behind": 7, "not_started": 1}
    assert sum(t.by_source["city"].values()) == int((latest.source == "city").sum()) == 7
    assert [i["source"] for i in items[:7]] == ["city"] * 7
    q5 = next(i for i in items if i["task_id"] == "QST05")  # new above-scale firms 16 of 15
    assert q5["completion_pct"] == pytest.approx(16 / 15 * 100) and q5["status"] == "done"
    assert all(i["reported"] == "2021-06" for i in items)


def test_one_status_rule_for_tasks_as_for_indicators(ds):
    """The status follows the numbers, not the list's own word (技改投资 at 47.0% of target,
    3.0 points behind time progress, was "按进度推进" in the task list)."""
    items = {i["task_id"]: i for i in task_status(ds, "a", JUNE).to_results()["items"]}
    # T1: 6 / 10 = 60.0% at 50.0% time progress: ahead, though the list says behind
    assert items["T1"]["status"] == "ahead" and items["T1"]["reported_status"] == "behind"
    # T2: growth 9% against 8%: ahead of its rate; T9: 5 / 5 done
    assert items["T2"]["status"] == "ahead" and items["T9"]["status"] == "done"
    # T10: nothing to measure: the list's word stands
    assert items["T10"]["status"] == "not_started"


def test_a_task_measuring_an_indicator_takes_the_indicators_figure():
    """技术合同交易额 1.32 typed in the task list, 1.318 in the statistics: 120.0% and
    119.8% in one document. The task is the indicator when its target is the indicator's."""
    ind = [
        {"region_id": "a", "indicator": "tech_contracts", "year": 2021, "month": 6,
         "value": 1.318102, "yoy_pct": 148.0, "base": None, "unit": "亿元"},
        {"region_id": "a", "indicator": "rd_expense", "year": 2021, "month": 6,
         "value": 2.278377, "yoy_pct": 23.3, "base": None, "unit": "亿元"},
    ]  # fmt: skip
    targets = [
        {"region_id": "a", "indicator": "tech_contracts", "year": 2021, "target": 1.1,
         "kind": "value"},
        {"region_id": "a", "indicator": "rd_expense", "year": 2021, "target": 4.6,
         "kind": "value"},
    ]  # fmt: skip
    tasks = [
        task("K1", 2021, 6, "county", "done", 1.1, 1.32, "亿元", metric="技术合同交易额"),
        # last year's R&D (target 4.0, not this year's 4.6): its own figures
        task("K2", 2021, 6, "county", "done", 4.0, 4.13, "亿元", metric="研发费用"),
    ]
    ds = make_dataset(regions=REGIONS, indicators=ind, targets=targets, tasks=tasks)
    k1, k2 = task_status(ds, "a", JUNE).to_results()["items"]
    # K1: 1.318102 / 1.1 = 119.83%; the typed 1.32 kept beside it
    assert k1["indicator"] == "tech_contracts" and k1["actual"] == pytest.approx(1.318102)
    assert k1["completion_pct"] == pytest.approx(119.827455, abs=1e-5)
    assert k1["actual_reported"] == pytest.approx(1.32) and k1["status"] == "done"
    # K2: 4.13 / 4.0 = 103.25%
    assert k2["indicator"] is None and k2["completion_pct"] == pytest.approx(103.25)

"""Enterprise detail: new firms against the target, pipeline, high-tech share, by hand."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import make_dataset

from halfyear_lib.analysis.enterprises import enterprise_detail
from halfyear_lib.data.periods import Period

REGIONS = [
    {"region_id": "c", "name": "江洲市", "kind": "city", "parent_id": None, "rank_groups": ""},
    {
        "region_id": "a",
        "name": "甲县",
        "kind": "county",
        "parent_id": "c",
        "rank_groups": "city;counties",
    },
]
JUNE = Period(2021, 6)


def firm(fid, entered=None, route=None, hitech=False, expected=None, exited=None, township="甲镇"):
    return {
        "enterprise_id": fid,
        "region_id": "a",
        "name": f"{fid}厂",
        "township": township,
        "entered": entered,
        "route": route,
        "hitech_stat": hitech,
        "expected_entry": expected,
        "exited": exited,
    }


FIRMS = [
    firm("f1", "2015-01", hitech=True),
    firm("f2", "2019-03", exited="2021-01"),  # in at December 2020, gone in 2021
    firm("f3", "2020-05", "growth"),  # new in 2020
    firm("f4", "2020-11", "new_project", exited="2020-12"),  # new in 2020, gone by December
    firm("f5", "2021-03", "growth", hitech=True),
    firm("f6", "2021-05", "new_project", hitech=None),  # flag unknown: not counted high-tech
    firm("f7", "2021-07", "growth", expected="2021-07", township="乙镇"),  # enters after June
    firm("f8", expected="2021-09", township="乙镇"),
    firm("f9", expected="2022-02"),  # next year: not in this year's pipeline
    firm("f10", expected="2021-04"),  # overdue at June: not counted as still to come
    firm("f11", "2021-08", "growth"),  # enters in August, nobody expected it in June
]
TARGETS = [
    {"region_id": "a", "indicator": "above_scale_firms", "year": 2021, "target": 6, "kind": "value"}
]


def test_new_firms_against_target_pipeline_and_hitech():
    ds = make_dataset(regions=REGIONS, enterprises=FIRMS, targets=TARGETS)
    d = enterprise_detail(ds, "a", JUNE)
    # in the list at 2021-06: f1, f3, f5, f6 -> 4 (f2 left 2021-01, f4 2020-12, f7 enters July)
    assert d.counts.above_scale == 4
    # new this year: f5 (growth), f6 (new_project)
    assert d.new_so_far == 2 and d.counts.new_by_route == {"growth": 1, "new_project": 1}
    # at December 2020: f1, f2, f3 -> 3 (f4 left in December 2020)
    assert d.last_year_end_count == 3 and d.last_year_end_source == "enterprises"
    # new-firm target = year-end target 6 - 3 = 3; net increase 4 - 3 = 1 (f2 left, f5 and
    # f6 came): share = 1 / 3 = 33.33% (the 2 gross new firms only make up for the exit)
    assert d.year_end_target == 6 and d.new_target == 3
    assert d.net_increase == 1
    assert d.new_target_share_pct == pytest.approx(33.3333, abs=1e-4)
    # pipeline: f7 (expected 2021-07, not entered as known in June) and f8 (2021-09);
    # f9 is next year, f10 overdue, f11 had no expectation
    assert d.pipeline == [
        {"enterprise_id": "f7", "name": "f7厂", "expected_entry": "2021-07", "township": "乙镇"},
        {"enterprise_id": "f8", "name": "f8厂", "expected_entry": "2021-09", "township": "乙镇"},
    ]
    assert d.expected_full_year_new == 4  # 2 so far + 2 expected
    assert d.last_year_new == 2  # f3, f4 entered in 2020 (f4 left again: still entered)
    # high-tech among the 4 current firms: f1, f5 -> 2, share 2 / 4 = 50%
    assert d.hitech_stat == 2 and d.hitech_share_pct == pytest.approx(50.0)
    assert d.missing == []
    res = d.to_results()
    json.dumps(res, allow_nan=False)
    for key in ("above_scale", "new_entrants", "new_by_route", "candidates"):  # firm_counts'
        assert key in res
    assert res["pipeline"][0]["expected_entry"] == "2021-07"
    assert (res["hitech_stat"], res["expected_full_year_new"], res["last_year_new"]) == (2, 4, 2)


def test_exits_and_new_firms_against_the_same_period_last_year():
    # f12 entered in 2020-02 and left in July 2021 (after June): in the list at June
    firms = FIRMS + [firm("f12", "2020-02", "growth", exited="2021-07")]
    ds = make_dataset(regions=REGIONS, enterprises=firms, targets=TARGETS)
    res = enterprise_detail(ds, "a", JUNE).to_results()
    # left this year up to June: f2 (2021-01); f4 left in 2020-12 (last year), f12 in July
    assert res["exited_so_far"] == 1
    assert res["exited"] == [{"enterprise_id": "f2", "name": "f2厂", "exited": "2021-01"}]
    # new in 2021-01..06: f5, f6 = 2; in 2020-01..06: f12 (2020-02), f3 (2020-05) = 2
    # (f4 entered 2020-11, after June); 2 - 2 = 0
    assert res["new_so_far"] == 2
    assert res["new_same_period_last_year"] == 2 and res["new_vs_last_year"] == 0
    json.dumps(res, allow_nan=False)
    # at August: left f2 (2021-01), f12 (2021-07) = 2, by month; new f5, f6, f7, f11 = 4
    # against 2020-01..08: f12, f3 = 2 -> +2
    aug = enterprise_detail(ds, "a", Period(2021, 8)).to_results()
    assert [e["enterprise_id"] for e in aug["exited"]] == ["f2", "f12"]
    assert aug["exited_so_far"] == 2
    assert (aug["new_so_far"], aug["new_same_period_last_year"]) == (4, 2)
    assert aug["new_vs_last_year"] == 2
    # at 1-12月 last year's whole year counts: f12, f3, f4 = 3 = last_year_new
    dec = enterprise_detail(ds, "a", Period(2021, 12))
    assert dec.new_same_period_last_year == dec.last_year_new == 3


def test_after_the_july_entry_the_pipeline_shrinks():
    ds = make_dataset(regions=REGIONS, enterprises=FIRMS, targets=TARGETS)
    d = enterprise_detail(ds, "a", Period(2021, 8))
    # f7 entered in July, f11 in August: new so far f5, f6, f7, f11 = 4; f8 still to come
    assert d.new_so_far == 4
    assert [p["enterprise_id"] for p in d.pipeline] == ["f8"]
    assert d.expected_full_year_new == 5
    # in the list at August: f1, f3, f5, f6, f7, f11 = 6 -> net 6 - 3 = 3 of the target 3
    assert d.new_target_share_pct == pytest.approx(d.net_increase / 3 * 100)


def test_later_data_change_nothing():
    full = make_dataset(regions=REGIONS, enterprises=FIRMS, targets=TARGETS)
    known = [f for f in FIRMS if f["enterprise_id"] != "f11"]
    known = [
        {**f, "entered": None, "route": None} if f["enterprise_id"] == "f7" else f for f in known
    ]
    june_only = make_dataset(regions=REGIONS, enterprises=known, targets=TARGETS)
    assert enterprise_detail(full, "a", JUNE) == enterprise_detail(june_only, "a", JUNE)
    assert enterprise_detail(full, "a", Period(2021, 8)) != enterprise_detail(
        june_only, "a", Period(2021, 8)
    )


def test_no_target_and_no_expectations_recorded():
    firms = [{**f, "expected_entry": None} for f in FIRMS if f["entered"]]
    d = enterprise_detail(make_dataset(regions=REGIONS, enterprises=firms), "a", JUNE)
    assert d.new_target is None and d.new_target_share_pct is None
    # no expected_entry anywhere: the pipeline is unknown, not empty
    assert d.pipeline is None and d.expected_full_year_new is None
    assert d.missing == ["expected_entry", "target"]
    assert d.hitech_share_pct == pytest.approx(50.0)


def test_without_a_firm_list_the_indicator_gives_the_counts():
    rows = [
        {"region_id": "a", "indicator": "above_scale_firms", "year": 2020, "month": 12,
         "value": 100, "unit": "家"},
        {"region_id": "a", "indicator": "above_scale_firms", "year": 2021, "month": 6,
         "value": 104, "unit": "家"},
    ]  # fmt: skip
    targets = [{**TARGETS[0], "target": 110}]
    d = enterprise_detail(
        make_dataset(regions=REGIONS, indicators=rows, targets=targets), "a", JUNE
    )
    assert d.has_firm_list is False and d.missing == ["enterprises"]
    assert d.counts.above_scale == 104 and d.last_year_end_count == 100
    assert d.last_year_end_source == "indicator"
    # new-firm target = 110 - 100 = 10; the net increase so far 104 - 100 = 4; the gross
    # number of new firms is unknown without the list
    assert d.new_target == 10 and d.net_increase == 4
    # now the share works without the list too: net 4 of the 10 needed = 40%
    assert d.new_so_far is None and d.new_target_share_pct == pytest.approx(40.0)
    assert d.pipeline is None and d.hitech_stat is None and d.hitech_share_pct is None
    res = d.to_results()
    json.dumps(res, allow_nan=False)
    # without the list nobody knows who left or how many came last year: None, not 0
    for key in ("exited_so_far", "exited", "new_same_period_last_year", "new_vs_last_year"):
        assert res[key] is None, key
    # nothing at all: no crash, everything unknown
    empty = enterprise_detail(make_dataset(regions=REGIONS), "a", JUNE)
    assert empty.counts.above_scale is None and empty.new_target is None
    assert empty.missing == ["enterprises", "last_year_end_count", "target"]


def test_demo_qingshui_june_2021():
    from halfyear_lib.data.loading import load_dataset
    from halfyear_lib.paths import DEMO_DATA_DIR

    d = enterprise_detail(load_dataset(DEMO_DATA_DIR), "qingshui", JUNE)
    raw = pd.read_csv(DEMO_DATA_DIR / "enterprises.csv", dtype=str)
    raw = raw.loc[raw["region_id"] == "qingshui"]

    def in_list(month: str) -> pd.Series:
        exited = raw["exited"].fillna("9999-99")
        return raw["entered"].notna() & (raw["entered"] <= month) & (exited > month)

    now = raw.loc[in_list("2021-06")]
    assert d.counts.above_scale == len(now) == 229  # the demo README's 229
    hitech = int((now["hitech_stat"] == "true").sum())
    assert d.hitech_stat == hitech == 32
    assert d.hitech_share_pct == pytest.approx(32 / 229 * 100)  # 13.97%
    # README: 成长性企业11家、新项目入规5家 and three candidates in July and August
    assert d.counts.new_by_route == {"growth": 11, "new_project": 5}
    assert [(p["expected_entry"]) for p in d.pipeline] == ["2021-07", "2021-08", "2021-08"]
    assert d.expected_full_year_new == 16 + 3
    assert d.last_year_new == int(raw["entered"].fillna("").str.startswith("2020").sum()) == 8
    # target 231 at year end, 217 firms at December 2020 -> 14 more firms needed; 229 now:
    # net 12 (16 entered, 4 left) -> 12 / 14 = 85.7%
    assert d.last_year_end_count == int(in_list("2020-12").sum()) == 217
    assert d.new_target == 14 and d.net_increase == 229 - 217
    assert d.new_target_share_pct == pytest.approx(12 / 14 * 100)
    # the 4 that left, all in January 2021; 5 of last year's 8 entered in 2020-01..06
    res = d.to_results()
    gone = raw.loc[raw["exited"].fillna("").between("2021-01", "2021-06")]
    assert res["exited_so_far"] == len(gone) == 4
    assert [e["enterprise_id"] for e in res["exited"]] == sorted(gone["enterprise_id"])
    same = raw["entered"].fillna("").between("2020-01", "2020-06")
    assert res["new_same_period_last_year"] == int(same.sum()) == 5
    assert res["new_vs_last_year"] == 16 - 5

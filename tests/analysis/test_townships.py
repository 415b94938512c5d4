"""Industrial investment by township: completion, gap, rank, projection, entries, by hand."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import make_dataset

from halfyear_lib.analysis.townships import township_investment
from halfyear_lib.data.periods import Period

REGIONS = [
    {"region_id": "c", "name": "江洲市", "kind": "city", "parent_id": None, "rank_groups": ""},
    {"region_id": "a", "name": "甲县", "kind": "county", "parent_id": "c", "rank_groups": "city"},
]
JUNE = Period(2021, 6)


def town(name, target, year=2021):
    return {"region_id": "a", "township": name, "year": year, "investment_target": target}


def project(pid, township, library_month=None, kind="new"):
    return {"project_id": pid, "region_id": "a", "name": f"项目{pid}", "township": township,
            "kind": kind, "planned_total": 1.0, "in_library": library_month is not None,
            "library_month": library_month, "attraction": False}  # fmt: skip


def month(pid, year, m, amount):
    return {"project_id": pid, "year": year, "month": m, "investment": amount}


TOWNSHIPS = [
    town("甲镇", 10.0),
    town("乙镇", 4.0),
    town("丙镇", 2.0),
    town("丁镇", 3.0),  # a target and no project at all
    town("己镇", 1.0),
    town("甲镇", 8.0, year=2020),  # last year's target: not this year's
]
PROJECTS = [
    project("P1", "甲镇", "2021-03"),
    project("P2", "乙镇", "2020-05"),  # entered last year: no entry this year
    project("P3", "丙镇", "2021-06"),
    project("P4", "丙镇", "2021-07"),  # enters after the period: not an entry at June
    project("P5", "戊乡", "2021-01"),  # a township without a target row
    project("P6", "己镇", "2021-02"),
]
MONTHLY = [
    month("P1", 2020, 6, 5.0),  # last year: not this year's completion
    *[month("P1", 2021, m, v) for m, v in [(2, 2.0), (3, 1.0), (4, 1.0), (5, 1.0), (6, 1.0)]],
    month("P2", 2021, 2, 0.4),
    month("P2", 2021, 6, 1.4),
    month("P3", 2021, 4, 0.9),
    month("P4", 2021, 7, 0.5),  # after the period
    month("P5", 2021, 5, 0.5),
    month("P6", 2021, 6, 0.4504),
]


@pytest.fixture
def ds():
    return make_dataset(
        regions=REGIONS, townships=TOWNSHIPS, projects=PROJECTS, project_monthly=MONTHLY
    )


def _rows(result):
    return {r["township"]: r for r in result.to_results()["investment"]["townships"]}


def test_completion_gap_rank_and_schedule(ds):
    t = township_investment(ds, "a", JUNE)
    assert t.available and t.has_targets and t.has_projects
    rows = _rows(t)
    # time progress at 1-6月: 6 / 12 = 50%
    assert t.time_progress_pct == pytest.approx(50.0)
    # 甲镇: 2 + 1 + 1 + 1 + 1 = 6 of 10 = 60%, gap 60 - 50 = +10: ahead, rank 1
    a = rows["甲镇"]
    assert (a["target"], a["completed"]) == (10.0, pytest.approx(6.0))
    assert a["completion_pct"] == pytest.approx(60.0) and a["gap_pp"] == pytest.approx(10.0)
    assert (a["rank"], a["on_schedule"]) == (1, True)
    # 乙镇: 0.4 + 1.4 = 1.8 of 4 = 45%, gap -5: behind
    b = rows["乙镇"]
    assert b["completion_pct"] == pytest.approx(45.0) and b["gap_pp"] == pytest.approx(-5.0)
    assert b["on_schedule"] is False
    # 丙镇: 0.9 of 2 = 45% (July's 0.5 of P4 is after the period); 己镇: 0.4504 of 1 =
    # 45.04%, published 45.0: 乙, 丙 and 己 tie at 45.0 and share rank 2 ("min")
    assert rows["丙镇"]["completion_pct"] == pytest.approx(45.0)
    assert rows["己镇"]["completion_pct"] == pytest.approx(45.04)
    assert [rows[n]["rank"] for n in ("乙镇", "丙镇", "己镇")] == [2, 2, 2]
    # 丁镇: a target of 3 and no project: 0 completed, 0%, rank 1 + 1 + 3 = 5
    d = rows["丁镇"]
    assert (d["completed"], d["completion_pct"], d["rank"]) == (0.0, 0.0, 5)
    assert d["gap_pp"] == pytest.approx(-50.0)
    # 戊乡: in the projects, no target row: listed, 0.5 completed, no share, no rank
    e = rows["戊乡"]
    assert (e["target"], e["completion_pct"], e["rank"], e["on_schedule"]) == (
        None,
        None,
        None,
        None,
    )
    assert e["completed"] == pytest.approx(0.5)
    assert t.without_target == ["戊乡"]
    # listed by rank, ties by completed descending (乙 1.8 > 丙 0.9 > 己 0.4504), then
    # the township without a target
    order = [r["township"] for r in t.to_results()["investment"]["townships"]]
    assert order == ["甲镇", "乙镇", "丙镇", "己镇", "丁镇", "戊乡"]
    # only 甲镇 has reached the time progress
    assert t.to_results()["investment"]["townships_reached_schedule"] == 1


@pytest.mark.parametrize(
    ("within_pp", "close"),
    [
        # gaps: 甲 +10 (on schedule), 己 45.04 - 50 = -4.96, 丙 45 - 50 = -5.0,
        # 乙 45 - 50 = -5.0 (1.8 / 4, float noise), 丁 0 - 50 = -50; 戊 has no target
        (5.0, ["己镇", "丙镇", "乙镇"]),  # -5.0 is not below -5: in; closest first
        (4.99, ["己镇"]),  # -4.96 >= -4.99; -5.0 is below
        (4.9, []),  # nobody behind by less than 4.9 points
        (0.0, []),
        (50.0, ["己镇", "丙镇", "乙镇", "丁镇"]),
    ],
)
def test_townships_close_to_schedule(ds, within_pp, close):
    t = township_investment(ds, "a", JUNE, close_to_schedule_pp=within_pp)
    assert t.to_results()["investment"]["townships_close_to_schedule"] == close


def test_close_to_schedule_default_is_five_points(ds):
    res = township_investment(ds, "a", JUNE).to_results()["investment"]
    assert res["townships_close_to_schedule"] == ["己镇", "丙镇", "乙镇"]


def test_close_to_schedule_unknown_without_gaps():
    # targets without projects, projects without targets, nothing: no gap, None (not [])
    for rows in (
        {"townships": TOWNSHIPS},
        {"projects": PROJECTS, "project_monthly": MONTHLY},
        {},
    ):
        t = township_investment(make_dataset(regions=REGIONS, **rows), "a", JUNE)
        assert t.to_results()["investment"]["townships_close_to_schedule"] is None


def test_bottom3_takes_everyone_tied_at_the_cut(ds):
    t = township_investment(ds, "a", JUNE)
    # ascending published completion: 丁 0.0, then 乙 / 丙 / 己 all 45.0; the third lowest
    # is 45.0, so all tied there come: four townships (ties by name)
    assert t.to_results()["investment"]["bottom3"] == ["丁镇", "丙镇", "乙镇", "己镇"]


def test_entries_and_townships_without_entries(ds):
    t = township_investment(ds, "a", JUNE)
    rows = _rows(t)
    # entries in 2021 up to June: P1 (甲, 03), P3 (丙, 06), P5 (戊, 01), P6 (己, 02);
    # P2 entered in 2020 and P4 only in July
    assert {n: r["entries"] for n, r in rows.items()} == {
        "甲镇": 1, "乙镇": 0, "丙镇": 1, "丁镇": 0, "己镇": 1, "戊乡": 1,
    }  # fmt: skip
    # townships with a target and no entry this year (戊乡 has no target: not listed)
    assert t.to_results()["investment"]["townships_without_entries"] == ["乙镇", "丁镇"]
    # at July P4 enters: 丙镇 has 2
    assert _rows(township_investment(ds, "a", Period(2021, 7)))["丙镇"]["entries"] == 2


def test_one_projection_rule_the_last_three_months_pace(ds):
    """The draft counted townships able to finish on the average pace (which only repeats
    "on schedule": 1 here), page 03 on the last three months' pace: one rule now."""
    t = township_investment(ds, "a", JUNE)
    rows = _rows(t)
    # 乙镇: (1.8 - cum(1-3月) 0.4) / 3 = 0.4667 a month, year end 1.8 + 0.4667 x 6 = 4.6
    # >= 4: projected to finish, though behind schedule now (1.8 / 4 = 45% < 50%)
    assert rows["乙镇"]["projected_year_end"] == pytest.approx(4.6)
    assert rows["乙镇"]["projected_on_schedule"] is True and rows["乙镇"]["on_schedule"] is False
    # 丙镇: 0.9 all in April (inside Apr-Jun): 0.9 + 0.3 x 6 = 2.7 >= 2
    assert rows["丙镇"]["projected_year_end"] == pytest.approx(2.7)
    # 甲镇: (6 - 3) / 3 = 1 a month: 6 + 6 = 12 >= 10
    assert rows["甲镇"]["projected_year_end"] == pytest.approx(12.0)
    inv = t.to_results()["investment"]
    assert inv["townships_projected_on_schedule"] == sum(
        bool(r["projected_on_schedule"]) for r in rows.values()
    )
    assert inv["townships_projection_method"] == "recent_3_months"
    assert not any(k.endswith("_recent") for r in inv["townships"] for k in r)


def test_early_period_uses_average_pace_for_recent(ds):
    # 1-3月: no cumulative period three months back (1-0月); recent = average pace
    # 甲镇: 2 + 1 = 3 in 3 months, year end 3 x 12 / 3 = 12 either way
    rows = _rows(township_investment(ds, "a", Period(2021, 3)))
    assert rows["甲镇"]["projected_year_end"] == pytest.approx(12.0)
    # time progress 25%: 3 / 10 = 30%, gap +5
    assert rows["甲镇"]["gap_pp"] == pytest.approx(5.0)


def test_later_data_change_nothing(ds):
    early = make_dataset(
        regions=REGIONS,
        townships=TOWNSHIPS,
        projects=[p for p in PROJECTS if p["project_id"] != "P4"],
        project_monthly=[r for r in MONTHLY if (r["year"], r["month"]) <= (2021, 6)],
    )
    a = township_investment(ds, "a", JUNE).to_results()
    b = township_investment(early, "a", JUNE).to_results()
    # the July row and the July entry (P4) change nothing at June
    assert a == b


def test_json_ready(ds):
    json.dumps(township_investment(ds, "a", JUNE).to_results(), allow_nan=False)


def test_projects_without_township_targets():
    ds = make_dataset(regions=REGIONS, projects=PROJECTS, project_monthly=MONTHLY)
    t = township_investment(ds, "a", JUNE)
    # no targets: completed by township only, sorted by completed (甲 6, 乙 1.8, ...)
    assert t.available and not t.has_targets
    res = t.to_results()["investment"]
    rows = res["townships"]
    assert [r["township"] for r in rows][:2] == ["甲镇", "乙镇"]
    assert all(r["target"] is None and r["rank"] is None for r in rows)
    assert res["townships_reached_schedule"] is None and res["bottom3"] == []
    assert res["townships_without_entries"] == []


def test_targets_without_projects():
    ds = make_dataset(regions=REGIONS, townships=TOWNSHIPS)
    t = township_investment(ds, "a", JUNE)
    # targets only: completed unknown (None), not 0; nothing ranked
    assert t.available and t.has_targets and not t.has_projects
    rows = _rows(t)
    assert rows["甲镇"]["target"] == 10.0 and rows["甲镇"]["completed"] is None
    assert rows["甲镇"]["rank"] is None and rows["甲镇"]["entries"] is None


def test_no_township_data():
    t = township_investment(make_dataset(regions=REGIONS), "a", JUNE)
    res = t.to_results()["investment"]
    assert (t.available, t.reason) == (False, "no_townships_or_projects")
    assert res["townships"] == [] and res["bottom3"] == []


# ------------------------------------------------------------------ demo data


@pytest.fixture(scope="module")
def demo():
    from halfyear_lib.data.loading import load_dataset
    from halfyear_lib.paths import DEMO_DATA_DIR

    return load_dataset(DEMO_DATA_DIR)


def test_demo_qingshui_june(demo):
    from halfyear_lib.paths import DEMO_DATA_DIR

    t = township_investment(demo, "qingshui", JUNE)
    assert t.available and t.has_targets
    table = t.table
    # independently from the raw CSV (万元 -> 亿元): 2021 single months 2..6
    projects = pd.read_csv(DEMO_DATA_DIR / "projects.csv")
    monthly = pd.read_csv(DEMO_DATA_DIR / "project_monthly.csv")
    towns = pd.read_csv(DEMO_DATA_DIR / "townships.csv")
    projects = projects.loc[projects["region_id"] == "qingshui"]
    mine = monthly.loc[
        monthly["project_id"].isin(projects["project_id"])
        & (monthly["year"] == 2021)
        & (monthly["month"] <= 6)
    ].merge(projects[["project_id", "township"]], on="project_id")
    by_town = mine.groupby("township")["investment(万元)"].sum() / 10000
    got = table.set_index("township")["completed"]
    assert got.to_dict() == pytest.approx(by_town.reindex(got.index, fill_value=0).to_dict())
    # the townships add up to the county's industrial investment 1-6月: 20.97亿元
    assert table["completed"].sum() == pytest.approx(20.97, abs=0.005)
    ind = demo.indicators
    county = ind.loc[
        (ind["region_id"] == "qingshui")
        & (ind["indicator"] == "industrial_investment")
        & (ind["year"] == 2021)
        & (ind["month"] == 6),
        "value",
    ].iloc[0]
    assert table["completed"].sum() == pytest.approx(county, abs=1e-6)
    # 12 townships with 2021 targets, the development zone among them
    targets = towns.loc[(towns["region_id"] == "qingshui") & (towns["year"] == 2021)]
    assert set(table["township"]) == set(targets["township"])
    assert len(table) == 12 and "清水经开区" in set(table["township"])
    # completion = completed / target, e.g. 清水经开区: by_town / 13.66
    zone = table.set_index("township").loc["清水经开区"]
    assert zone["target"] == pytest.approx(13.66)
    assert zone["completion_pct"] == pytest.approx(by_town["清水经开区"] / 13.66 * 100)
    # entries in 2021 up to June, from the raw library months
    lm = pd.PeriodIndex(projects["library_month"].fillna("NaT"), freq="M")
    entering = projects.loc[(lm.year == 2021) & (lm <= pd.Period("2021-06", "M"))]
    counts = entering.groupby("township").size()
    assert table.set_index("township")["entries"].to_dict() == {
        n: int(counts.get(n, 0)) for n in table["township"]
    }
    no_entry = sorted(n for n in targets["township"] if not counts.get(n, 0))
    assert sorted(t.without_entries) == no_entry and no_entry  # some have none
    # ranks run 1..12 (no ties in the demo) and the bottom three are the three lowest
    assert sorted(table["rank"].astype(int)) == list(range(1, 13))
    lowest = table.sort_values("completion_pct")["township"].head(3)
    assert set(t.bottom3) == set(lowest) and len(t.bottom3) == 3
    assert t.reached_schedule == int((table["completion_pct"] >= 50).sum())
    # close to schedule: 50 - 5 <= completion < 50, closest first (桥头镇 -3.4, 经开区 -4.3)
    gap = table["completion_pct"] - 50
    near = table.assign(gap=gap).loc[(gap < 0) & (gap >= -5)].sort_values("gap", ascending=False)
    assert t.close_to_schedule == list(near["township"]) == ["桥头镇", "清水经开区"]


def test_demo_lanxi_has_no_townships(demo):
    t = township_investment(demo, "lanxi", JUNE)
    assert t.available is False and t.reason == "no_townships_or_projects"

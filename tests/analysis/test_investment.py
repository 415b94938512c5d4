"""Investment in depth (issue 7): library, effective balance, schedule, new entries,
pipeline and attracted projects left out, worked by hand on a small project list."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import make_dataset

from halfyear_lib.analysis.investment import (
    investment_report,
    library,
    new_entries,
    not_in_library,
    pipeline,
    schedule,
)
from halfyear_lib.data.periods import Period

REGIONS = [
    {"region_id": "c", "name": "江洲市", "kind": "city", "parent_id": None, "rank_groups": ""},
    {"region_id": "a", "name": "甲县", "kind": "county", "parent_id": "c", "rank_groups": "city"},
]
JUNE = Period(2021, 6)  # 6 months left in the year


def project(
    pid,
    kind,
    planned,
    library_month=None,
    constraint="none",
    attraction=False,
    reason=None,
    expected=None,
    cap=None,
    township="甲镇",
):
    return {"project_id": pid, "region_id": "a", "name": f"项目{pid}", "township": township,
            "kind": kind, "planned_total": planned, "in_library": library_month is not None,
            "library_month": library_month, "attraction": attraction, "constraint": constraint,
            "not_in_library_reason": reason, "expected_library_month": expected,
            "monthly_cap": cap}  # fmt: skip


def invest(pid, year, month, amount):
    return {"project_id": pid, "year": year, "month": month, "investment": amount}


PROJECTS = [
    # P1 of 1亿元 and more: 2.0 planned, 0.5 + 0.3 reported -> balance 1.2, all reportable
    project("P1", "new", 2.0, "2020-03", attraction=True),
    # P2 fully reported by its figures: 0.2 + 0.3 = 0.5 of 0.5 -> balance 0
    project("P2", "tech_renovation", 0.5, "2021-02"),
    # P3 cannot report: 0.8 - 0.1 = 0.7 excluded
    project("P3", "expansion", 0.8, "2021-04", constraint="cannot_report"),
    # P4 capped at 0.05 a month: balance 1.5 - 0.3 = 1.2; 0.05 x 6 = 0.3 reportable,
    # 0.9 excluded
    project("P4", "infrastructure", 1.5, "2020-07", constraint="slow_reporting", cap=0.05),
    # P9 new, entered in June, nothing reported: balance 0.9
    project("P9", "new", 0.9, "2021-06"),
    # P10 marked fully reported with 0.3 - 0.25 = 0.05 left: 0.05 excluded
    project("P10", "tech_renovation", 0.3, "2021-05", constraint="fully_reported"),
    # P11 enters in July, after the period: not in the library at June
    project("P11", "new", 3.0, "2021-07"),
    # pending (拟入库): P5 capped, expected September: min(0.6, 0.1 x 4 months) = 0.4;
    # P6 expected August, no cap: 0.3; P7 expected next year: outside the pipeline
    project("P5", "new", 0.6, reason="pending", expected="2021-09", cap=0.1, attraction=True),
    project("P6", "expansion", 0.3, reason="pending", expected="2021-08"),
    project("P7", "new", 0.2, reason="pending", expected="2022-03"),
    # attracted, not in the library: withdrawn 1.2 (1亿元+), leased without invoices 0.4
    project("P12", "new", 1.2, reason="withdrawn", attraction=True, township="乙镇"),
    project("P13", "new", 0.4, reason="leased_no_invoice", attraction=True),
    # not attracted: not counted among the attracted projects left out
    project("P14", "new", 0.5, reason="not_started"),
]
MONTHLY = [
    invest("P1", 2020, 5, 0.5),
    invest("P1", 2021, 3, 0.3),
    invest("P1", 2021, 7, 0.4),  # after the period: changes nothing
    invest("P2", 2021, 2, 0.2),
    invest("P2", 2021, 4, 0.3),
    invest("P3", 2021, 5, 0.1),
    invest("P4", 2020, 8, 0.2),
    invest("P4", 2021, 6, 0.1),
    invest("P10", 2021, 5, 0.25),
]


def ind(indicator, value, yoy=None, month=6):
    return {"region_id": "a", "indicator": indicator, "year": 2021, "month": month,
            "value": value, "yoy_pct": yoy, "unit": "亿元"}  # fmt: skip


def target(indicator, value):
    return {"region_id": "a", "indicator": indicator, "year": 2021, "target": value,
            "kind": "value"}  # fmt: skip


INDICATORS = [
    ind("industrial_investment", 4.0, 5.0),
    ind("tech_investment", 1.5, 8.0),
    ind("fixed_asset_investment", 12.0, 3.0),
    ind("industrial_investment", 6.0, 5.0, month=7),  # after the period
]
TARGETS = [
    target("industrial_investment", 10.0),
    target("tech_investment", 4.0),
    target("fixed_asset_investment", 20.0),
]


@pytest.fixture
def ds():
    return make_dataset(
        regions=REGIONS,
        projects=PROJECTS,
        project_monthly=MONTHLY,
        indicators=INDICATORS,
        targets=TARGETS,
    )


def test_library_counts_and_balances(ds):
    lib = library(ds, "a", JUNE)
    assert lib.available and lib.reason is None
    # in the library at June: P1, P2, P3, P4, P9, P10 (P11 enters in July)
    assert lib.projects == 6
    # planned 2.0 + 0.5 + 0.8 + 1.5 + 0.9 + 0.3 = 6.0
    assert lib.planned_total == pytest.approx(6.0)
    # completed 0.8 + 0.5 + 0.1 + 0.3 + 0 + 0.25 = 1.95 (P1's July 0.4 not counted)
    assert lib.completed == pytest.approx(1.95)
    # balance 1.2 + 0 + 0.7 + 1.2 + 0.9 + 0.05 = 4.05
    assert lib.remaining_balance == pytest.approx(4.05)
    # new: P1 2.0 + P9 0.9; tech_renovation: P2 0.5 + P10 0.3
    assert lib.by_kind["new"] == {"count": 2, "planned": pytest.approx(2.9)}
    assert lib.by_kind["tech_renovation"] == {"count": 2, "planned": pytest.approx(0.8)}
    assert lib.by_kind["expansion"]["count"] == 1
    assert lib.by_kind["infrastructure"] == {"count": 1, "planned": pytest.approx(1.5)}
    # 1亿元 and more: P1 (2.0, 0.8 done) and P4 (1.5, 0.3 done)
    assert lib.over_100m["count"] == 2
    assert lib.over_100m["planned"] == pytest.approx(3.5)
    assert lib.over_100m["completed"] == pytest.approx(1.1)


def test_effective_balance_groups_add_up(ds):
    lib = library(ds, "a", JUNE)
    ex = lib.excluded
    # fully reported: P2 (balance 0) and P10 (0.05)
    assert [p["project_id"] for p in ex["fully_reported"].projects] == ["P2", "P10"]
    assert ex["fully_reported"].balance == pytest.approx(0.05)
    # cannot report: P3 0.7
    assert ex["cannot_report"].count == 1 and ex["cannot_report"].balance == pytest.approx(0.7)
    # capped: P4 1.2 - 0.05 x 6 = 0.9
    assert ex["capped"].count == 1
    assert ex["capped"].projects[0]["project_id"] == "P4"
    assert ex["capped"].balance == pytest.approx(0.9)
    # effective = 4.05 - 0.05 - 0.7 - 0.9 = 2.4 (P1 1.2 + P4 0.3 + P9 0.9)
    assert lib.effective_balance == pytest.approx(2.4)
    total = lib.effective_balance + sum(g.balance for g in ex.values())
    assert total == pytest.approx(lib.remaining_balance, abs=1e-12)


def test_capped_project_with_a_small_balance_is_not_excluded(ds):
    # at November one month is left: P4 balance 1.5 - 0.3 = 1.2, reportable 0.05 -> 1.15
    # excluded; at June it was 0.9: the cap bites harder as the year runs out
    lib = library(ds, "a", Period(2021, 11))
    assert lib.excluded["capped"].balance == pytest.approx(1.15)
    # a cap above the balance excludes nothing: 0.05 x 6 = 0.3 >= 0.2 left
    rows = [project("Q", "infrastructure", 0.5, "2021-02", cap=0.05)]
    small = make_dataset(regions=REGIONS, projects=rows,
                         project_monthly=[invest("Q", 2021, 3, 0.3)])  # fmt: skip
    lib = library(small, "a", JUNE)
    assert lib.excluded["capped"].count == 0
    assert lib.effective_balance == pytest.approx(0.2)


def test_schedule_against_fixed_asset_investment(ds):
    s = schedule(ds, "a", JUNE)
    ind_ = s.row("industrial_investment")
    # 4.0 / 10 = 40%; gap 40 - 50 = -10 pp; shortfall 10 x 6/12 - 4 = 1.0;
    # needed (10 - 4) / 6 = 1.0 a month
    assert ind_.value == 4.0 and ind_.target == 10.0
    assert ind_.completion_pct == pytest.approx(40.0)
    assert ind_.gap_pp == pytest.approx(-10.0)
    assert ind_.shortfall == pytest.approx(1.0)
    assert ind_.monthly_needed == pytest.approx(1.0)
    # tech: 1.5 / 4 = 37.5%, -12.5 pp, needed 2.5 / 6
    tech = s.row("tech_investment")
    assert tech.gap_pp == pytest.approx(-12.5)
    assert tech.monthly_needed == pytest.approx(2.5 / 6)
    # fixed assets: 12 / 20 = 60%, +10 pp, shortfall 10 - 12 = -2
    fai = s.row("fixed_asset_investment")
    assert fai.gap_pp == pytest.approx(10.0) and fai.shortfall == pytest.approx(-2.0)
    assert s.lagging_most == "tech_investment"
    assert s.industry_holds_back is True  # -10 < +10
    out = s.to_results()
    assert set(out["industrial_investment"]) >= {
        "value", "target", "completion_pct", "gap_pp", "shortfall", "monthly_needed"
    }  # fmt: skip


def test_schedule_growth_only_and_ahead():
    # fixed assets growth only (no level): no gap, so no verdict on who holds back;
    # industry above its target: nothing more needed a month
    rows = [ind("industrial_investment", 11.0, 5.0), ind("fixed_asset_investment", None, 3.0)]
    ds = make_dataset(regions=REGIONS, indicators=rows, targets=TARGETS)
    s = schedule(ds, "a", JUNE)
    fai = s.row("fixed_asset_investment")
    assert fai.value is None and fai.completion_pct is None and fai.monthly_needed is None
    assert s.industry_holds_back is None
    assert s.row("industrial_investment").monthly_needed == 0.0
    assert s.row("tech_investment").value is None
    assert s.lagging_most == "industrial_investment"  # the only known gap (+60 pp)


def test_new_entries(ds):
    e = new_entries(ds, "a", JUNE)
    # 2021 entries up to June: P2 (02), P3 (04), P10 (05), P9 (06); P11 (07) not yet
    assert e.total == 4
    assert e.by_kind == {"new": 1, "tech_renovation": 2, "expansion": 1, "infrastructure": 0}
    # new 1 of 4 = 25%
    assert e.new_projects == 1 and e.new_share_pct == pytest.approx(25.0)
    assert e.by_month == {"2021-02": 1, "2021-04": 1, "2021-05": 1, "2021-06": 1}


def test_new_entries_planned_and_over_100m(ds):
    # this year's entries up to June: P2 0.5 + P3 0.8 + P10 0.3 + P9 0.9 = 2.5亿元, none
    # of 1亿元 or more (P1, 2.0, entered in 2020; P11, 3.0, enters in July)
    res = new_entries(ds, "a", JUNE).to_results()
    assert res["planned_total"] == pytest.approx(2.5)
    assert res["over_100m"] == {"count": 0, "planned": 0.0}
    # add P15 of exactly 1亿元 (10000万元) entered in March: it counts (>=, the library's
    # rule), total 2.5 + 1.0 = 3.5
    more = make_dataset(
        regions=REGIONS, projects=PROJECTS + [project("P15", "new", 1.0, "2021-03")]
    )
    res = new_entries(more, "a", JUNE).to_results()
    assert res["planned_total"] == pytest.approx(3.5)
    assert res["over_100m"] == {"count": 1, "planned": 1.0}
    # at July P11 (3.0) has entered too: 2 of 1亿元+, 1.0 + 3.0 = 4.0; total 6.5
    res = new_entries(more, "a", Period(2021, 7)).to_results()
    assert res["planned_total"] == pytest.approx(6.5)
    assert res["over_100m"] == {"count": 2, "planned": pytest.approx(4.0)}


def test_pipeline_over_100m_and_by_month(ds):
    # P6 0.3 (August), P5 0.6 (September): none of 1亿元+
    res = pipeline(ds, "a", JUNE).to_results()
    assert res["over_100m"] == {"count": 0, "planned": 0.0}
    assert res["by_month"] == {
        "2021-08": {"count": 1, "planned": pytest.approx(0.3)},
        "2021-09": {"count": 1, "planned": pytest.approx(0.6)},
    }
    # P16, 1.5亿元, pending for August: August 0.3 + 1.5 = 1.8 in 2 projects; 1 of 1亿元+
    more = PROJECTS + [project("P16", "new", 1.5, reason="pending", expected="2021-08")]
    res = pipeline(make_dataset(regions=REGIONS, projects=more), "a", JUNE).to_results()
    assert res["over_100m"] == {"count": 1, "planned": 1.5}
    assert list(res["by_month"]) == ["2021-08", "2021-09"]  # in month order
    assert res["by_month"]["2021-08"] == {"count": 2, "planned": pytest.approx(1.8)}
    # the months add up to the pipeline
    assert sum(m["count"] for m in res["by_month"].values()) == res["count"] == 3
    assert sum(m["planned"] for m in res["by_month"].values()) == pytest.approx(
        res["planned_total"]
    )


def test_pipeline(ds):
    p = pipeline(ds, "a", JUNE)
    # P6 (August) then P5 (September); P7 expected next year is outside
    assert [x["project_id"] for x in p.projects] == ["P6", "P5"]
    assert p.count == 2 and p.other_pending == 1
    # planned 0.3 + 0.6 = 0.9; this year 0.3 + min(0.6, 0.1 x 4 [Sep..Dec]) = 0.7
    assert p.planned_total == pytest.approx(0.9)
    assert p.this_year == pytest.approx(0.7)
    # at September P5's expected month is no longer after the period: out of the window
    assert pipeline(ds, "a", Period(2021, 9)).count == 0


def test_not_in_library(ds):
    n = not_in_library(ds, "a", JUNE)
    # attracted and not in the library: P12 withdrawn 1.2, P13 leased 0.4; P5 is pending,
    # P14 was not attracted, P1 is in the library
    assert n.count == 2 and n.over_100m == 1
    assert n.total == pytest.approx(1.6)
    assert set(n.by_reason) == {"withdrawn", "leased_no_invoice"}
    assert n.by_reason["withdrawn"]["planned"] == pytest.approx(1.2)
    assert n.by_reason["withdrawn"]["projects"][0]["township"] == "乙镇"


def test_later_data_change_nothing(ds):
    before = investment_report(ds, "a", JUNE).to_results()
    trimmed = make_dataset(
        regions=REGIONS,
        projects=[p for p in PROJECTS if p["project_id"] != "P11"],
        project_monthly=[m for m in MONTHLY if (m["year"], m["month"]) <= (2021, 6)],
        indicators=[r for r in INDICATORS if r["month"] <= 6],
        targets=TARGETS,
    )
    assert investment_report(trimmed, "a", JUNE).to_results() == before


def test_results_keys(ds):
    out = investment_report(ds, "a", JUNE).to_results()
    inv = json.loads(json.dumps(out))["investment"]  # serialisable as it is
    assert set(inv["library"]) >= {"projects", "by_kind", "over_100m", "planned_total",
                                   "completed", "remaining_balance", "effective_balance"}  # fmt: skip
    for g in ("fully_reported", "cannot_report", "capped"):
        assert set(inv["excluded"][g]) == {"count", "balance", "projects"}
    for code in ("industrial_investment", "tech_investment", "fixed_asset_investment"):
        assert "monthly_needed" in inv["schedule"][code]
    assert set(inv["new_entries"]) >= {"total", "by_kind", "new_projects", "new_share_pct",
                                       "by_month"}  # fmt: skip
    assert set(inv["pipeline"]) >= {"count", "planned_total", "this_year"}
    assert set(inv["not_in_library"]) >= {"count", "over_100m", "total", "by_reason"}


def test_no_project_table():
    ds = make_dataset(regions=REGIONS, indicators=INDICATORS, targets=TARGETS)
    rep = investment_report(ds, "a", JUNE)
    for part in (rep.library, rep.new_entries, rep.pipeline, rep.not_in_library):
        assert part.available is False and part.reason == "no_projects"
    out = rep.to_results()["investment"]
    assert out["library"]["effective_balance"] is None
    assert out["excluded"] == {"available": False, "reason": "no_projects"}
    assert out["pipeline"]["this_year"] is None
    # no project list: nothing to sum, None rather than 0
    assert out["new_entries"]["planned_total"] is None
    assert out["new_entries"]["over_100m"] is None
    assert out["pipeline"]["over_100m"] is None and out["pipeline"]["by_month"] is None
    # the schedule needs only the indicators
    assert rep.schedule.available and rep.schedule.row("industrial_investment").gap_pp == -10.0


# ---------------------------------------------------------------- demo data


@pytest.fixture(scope="module")
def demo():
    from halfyear_lib.data.loading import load_dataset
    from halfyear_lib.paths import DEMO_DATA_DIR

    return load_dataset(DEMO_DATA_DIR), DEMO_DATA_DIR


def test_demo_qingshui(demo):
    ds, path = demo
    rep = investment_report(ds, "qingshui", JUNE)
    projects = pd.read_csv(path / "projects.csv", dtype=str)
    monthly = pd.read_csv(path / "project_monthly.csv", dtype={"project_id": str})
    amount = monthly["investment(万元)"] / 10000  # 万元 -> 亿元
    qs = set(projects.loc[projects["region_id"] == "qingshui", "project_id"])
    mine = monthly["project_id"].isin(qs)
    # industrial investment 20.97亿 = Σ project_monthly of 2021 up to June
    upto = mine & (monthly["year"] == 2021) & (monthly["month"] <= 6)
    ind_ = rep.schedule.row("industrial_investment")
    assert ind_.value == pytest.approx(20.97, abs=0.005)
    assert ind_.value == pytest.approx(amount[upto].sum(), abs=1e-6)
    # library at June: in_library and library_month <= 2021-06, counted from the CSV
    lib_rows = projects.loc[(projects["region_id"] == "qingshui")
                            & (projects["in_library"] == "true")
                            & (projects["library_month"] <= "2021-06")]  # fmt: skip
    lib = rep.library
    assert lib.projects == len(lib_rows) == 58
    assert lib.planned_total == pytest.approx(lib_rows["planned_total(万元)"].astype(float).sum()
                                              / 10000)  # fmt: skip
    done = mine & ((monthly["year"] < 2021) | ((monthly["year"] == 2021) & (monthly["month"] <= 6)))
    in_lib = monthly["project_id"].isin(set(lib_rows["project_id"]))
    assert lib.completed == pytest.approx(amount[done & in_lib].sum())
    # balances add up; the sewage project is the one capped (0.04 a month x 6 months)
    ex = lib.excluded
    assert lib.effective_balance + sum(g.balance for g in ex.values()) == pytest.approx(
        lib.remaining_balance, abs=1e-9
    )
    assert [p["project_id"] for p in ex["capped"].projects] == ["QSP058"]
    sewage = 12.6 - amount[done & (monthly["project_id"] == "QSP058")].sum()
    assert ex["capped"].balance == pytest.approx(sewage - 0.04 * 6)
    assert ex["cannot_report"].count == 4 and ex["fully_reported"].count == 5
    # industry lags more than fixed assets: it holds the total back
    assert rep.schedule.industry_holds_back is True
    # three projects about to enter the library in July, 3.0 + 1.5 + 0.8 = 5.3亿 this year
    assert rep.pipeline.count == 3
    assert rep.pipeline.this_year == pytest.approx(5.3)
    pipe = rep.pipeline.to_results()
    assert pipe["by_month"] == {"2021-07": {"count": 3, "planned": pytest.approx(5.3)}}
    # 3.0 and 1.5 are of 1亿元 and more, 0.8 is not
    assert pipe["over_100m"] == {"count": 2, "planned": pytest.approx(4.5)}
    # this year's entries, from the CSV in 万元: >= 10000万元 is 1亿元 and more
    mine = projects.loc[(projects["region_id"] == "qingshui")
                        & (projects["in_library"] == "true")
                        & projects["library_month"].between("2021-01", "2021-06")]  # fmt: skip
    planned = mine["planned_total(万元)"].astype(float)
    entries = rep.new_entries.to_results()
    assert entries["total"] == len(mine)
    assert entries["planned_total"] == pytest.approx(planned.sum() / 10000)
    assert entries["over_100m"] == {
        "count": int((planned >= 10000).sum()),
        "planned": pytest.approx(planned[planned >= 10000].sum() / 10000),
    }
    # attracted, out of the library, not pending: 3 withdrawn, 5 not started, 6 leased
    n = rep.not_in_library
    assert {k: g["count"] for k, g in n.by_reason.items()} == {
        "withdrawn": 3, "not_started": 5, "leased_no_invoice": 6
    }  # fmt: skip
    json.dumps(rep.to_results())


def test_demo_lanxi_has_no_projects(demo):
    ds, _ = demo
    rep = investment_report(ds, "lanxi", JUNE)
    assert not rep.has_projects and rep.library.reason == "no_projects"
    assert rep.to_results()["investment"]["pipeline"]["count"] == 0
    assert rep.schedule.available


def test_the_effective_balance_is_printed_on_page_03(ds):
    """The draft leaned on the effective balance while page 03 printed it nowhere: its
    sentence waited for a months_left the library's results never carried."""
    from halfyear_lib.text.zh.investment import library_text

    lib = library(ds, "a", JUNE).to_results()
    assert lib["months_left"] == 6
    # effective 2.4 亿元 (worked above): two decimals below 10 (the one amount rule)
    assert "有效余额2.40亿元" in library_text({"library": lib})
    # December: nothing more can be reported this year, the sentence is not written
    december = library(ds, "a", Period(2021, 12)).to_results()
    assert december["months_left"] == 0
    assert "有效余额" not in library_text({"library": december}).split("。")[1]

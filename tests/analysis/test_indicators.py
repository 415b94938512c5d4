"""Headline indicators checked against numbers worked by hand."""

from __future__ import annotations

import pytest
from conftest import CONTRACT_INDICATORS, make_dataset

from halfyear_lib.analysis.indicators import growth_table, headline
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
    {
        "region_id": "b",
        "name": "乙县",
        "kind": "county",
        "parent_id": "c",
        "rank_groups": "city;counties",
    },
    {
        "region_id": "d",
        "name": "丁市",
        "kind": "county_city",
        "parent_id": "c",
        "rank_groups": "city;counties",
    },
    {"region_id": "e", "name": "戊区", "kind": "district", "parent_id": "c", "rank_groups": "city"},
    {"region_id": "z", "name": "经开区", "kind": "zone", "parent_id": "c", "rank_groups": "city"},
]


def row(region, indicator, year, month, value=None, yoy=None, base=None):
    return {
        "base": base,
        "region_id": region,
        "indicator": indicator,
        "year": year,
        "month": month,
        "value": value,
        "yoy_pct": yoy,
        "unit": "亿元",
    }


def worked_rows():
    rows = [
        # output of county a: cum(3) = 36, cum(6) = 80 亿元, official growth 25.0%
        row("a", "output", 2020, 6, 65.0, 3.0),
        row("a", "output", 2021, 2, 20.0, 40.0),
        row("a", "output", 2021, 3, 36.0, 35.0),
        row("a", "output", 2021, 5, 64.0, 27.0),
        row("a", "output", 2021, 6, 80.0, 25.0),
        row("a", "output", 2021, 7, 95.0, 24.0),  # after the period: must change nothing
        # value added growth at 2021-06: e 15.0, z 14.25 (published 14.3), a 14.2,
        # b 14.24 (published 14.2, ties with a), d 9.0
        row("a", "value_added", 2021, 6, 18.5, 14.2),
        row("b", "value_added", 2021, 6, 12.0, 14.24),
        row("d", "value_added", 2021, 6, 30.0, 9.0),
        row("e", "value_added", 2021, 6, None, 15.0),
        row("z", "value_added", 2021, 6, None, 14.25),
        # industrial investment of a: no official rate, levels 20.0 -> 22.0 (computed 10.0%)
        row("a", "industrial_investment", 2020, 6, 20.0, None),
        row("a", "industrial_investment", 2021, 6, 22.0, None),
        row("b", "industrial_investment", 2021, 6, 9.0, 12.0),
        # output of b: no official rate, but the comparable base 25.0 is given;
        # 30.0 / 25.0 - 1 = 20.0% (the published levels 20.0 -> 30.0 would say 50.0%)
        row("b", "output", 2020, 6, 20.0, None),
        row("b", "output", 2021, 6, 30.0, None, base=25.0),
        row("d", "industrial_investment", 2021, 6, 9.0, 8.0),
    ]
    targets = [
        {"region_id": "a", "indicator": "output", "year": 2021, "target": 150.0, "kind": "value"},
        {
            "region_id": "a",
            "indicator": "value_added",
            "year": 2021,
            "target": 8.0,
            "kind": "growth_pct",
        },
        {
            "region_id": "a",
            "indicator": "industrial_investment",
            "year": 2021,
            "target": 50.0,
            "kind": "value",
        },
    ]
    firms = [
        {"enterprise_id": "f1", "region_id": "a", "name": "老厂", "entered": "2015-01"},
        {
            "enterprise_id": "f2",
            "region_id": "a",
            "name": "退规厂",
            "entered": "2019-03",
            "exited": "2021-01",
        },
        {
            "enterprise_id": "f3",
            "region_id": "a",
            "name": "成长厂",
            "entered": "2021-03",
            "route": "growth",
        },
        {
            "enterprise_id": "f4",
            "region_id": "a",
            "name": "新项目厂",
            "entered": "2021-05",
            "route": "new_project",
        },
        {  # entered in July; the list keeps the expectation recorded before
            "enterprise_id": "f5",
            "region_id": "a",
            "name": "七月厂",
            "entered": "2021-07",
            "route": "growth",
            "expected_entry": "2021-07",
        },
        {  # entered in September with no expectation recorded: never a candidate
            "enterprise_id": "f7",
            "region_id": "a",
            "name": "九月厂",
            "entered": "2021-09",
            "route": "growth",
        },
        {"enterprise_id": "f6", "region_id": "a", "name": "候选厂", "expected_entry": "2021-08"},
    ]
    return rows, targets, firms


@pytest.fixture
def ds():
    rows, targets, firms = worked_rows()
    return make_dataset(regions=REGIONS, indicators=rows, targets=targets, enterprises=firms)


def test_output_value_growth_target_and_schedule(ds):
    h = headline(ds, "a", Period(2021, 6))
    out = h.row("output")
    assert out.value == 80.0
    assert out.yoy_pct == 25.0 and out.yoy_source == "official"
    # share = 80 / 150 = 53.33%; time progress = 6/12 = 50%; gap = +3.33 pp
    assert out.target_share_pct == pytest.approx(53.3333, abs=1e-4)
    assert out.time_progress_pct == 50.0
    assert out.schedule_gap_pp == pytest.approx(3.3333, abs=1e-4)
    # shortfall = 150 x 6/12 - 80 = -5 (ahead of schedule by 5 亿元)
    assert out.shortfall == pytest.approx(-5.0)


def test_computed_growth_when_no_official_rate(ds):
    inv = headline(ds, "a", Period(2021, 6)).row("industrial_investment")
    # 22.0 / 20.0 - 1 = 10.0%, flagged as computed
    assert inv.yoy_pct == pytest.approx(10.0)
    assert inv.yoy_source == "computed"
    # share = 22 / 50 = 44%; gap = 44 - 50 = -6 pp; shortfall = 25 - 22 = 3 亿元
    assert inv.target_share_pct == pytest.approx(44.0)
    assert inv.schedule_gap_pp == pytest.approx(-6.0)
    assert inv.shortfall == pytest.approx(3.0)
    # ranks by growth: a 10.0 is 3rd of a 10.0, b 12.0, d 8.0 -> b 1, a 2, d 3
    assert (inv.rank_city, inv.rank_city_of) == (2, 3)
    assert (inv.rank_counties, inv.rank_counties_of) == (2, 3)


def test_growth_target_gap_and_ranks_with_ties(ds):
    va = headline(ds, "a", Period(2021, 6)).row("value_added")
    assert va.target_growth_pct == 8.0
    assert va.growth_gap_pp == pytest.approx(6.2)  # 14.2 - 8.0
    assert va.target is None and va.target_share_pct is None
    # published: e 15.0, z 14.3 (14.25 rounds half up), a 14.2, b 14.2, d 9.0
    assert (va.rank_city, va.rank_city_of) == (3, 5)
    # counties only: a 14.2, b 14.2 share 1st; d 3rd
    assert (va.rank_counties, va.rank_counties_of) == (1, 3)
    b = headline(ds, "b", Period(2021, 6)).row("value_added")
    assert (b.rank_city, b.rank_counties) == (3, 1)
    e = headline(ds, "e", Period(2021, 6)).row("value_added")
    assert e.rank_city == 1 and e.rank_counties is None  # a district is not in the county group


def test_quarters_of_output(ds):
    q = headline(ds, "a", Period(2021, 6)).quarters["output"]
    # Q1 = cum(3) = 36; Q2 = cum(6) - cum(3) = 44; Q2 over Q1 = 44/36 - 1 = 22.22%
    assert q.values == {1: 36.0, 2: 44.0}
    assert q.q2_vs_q1_pct == pytest.approx(22.2222, abs=1e-4)
    # at 1-5月 the second quarter is not complete
    q5 = headline(ds, "a", Period(2021, 5)).quarters["output"]
    assert q5.values == {1: 36.0} and q5.q2_vs_q1_pct is None


def test_firms_and_new_entrants_by_route(ds):
    firms = headline(ds, "a", Period(2021, 6)).firms
    # in: f1, f3, f4 (f2 left in 2021-01, f5 enters in July)
    assert firms.above_scale == 3
    assert firms.new_entrants == 2
    assert firms.new_by_route == {"growth": 1, "new_project": 1}
    # candidates: f6 (expected 2021-08) and f5 (expected 2021-07, not entered by June);
    # f7 enters in September but nobody expected it at June
    assert sorted(c["name"] for c in firms.candidates) == ["七月厂", "候选厂"]
    # expected in August 2021: not a candidate for the 2020 report, nor after August
    assert headline(ds, "a", Period(2020, 6)).firms.candidates == []
    assert [c["name"] for c in headline(ds, "a", Period(2021, 8)).firms.candidates] == []
    april = headline(ds, "a", Period(2021, 4)).firms
    assert april.above_scale == 2 and april.new_by_route == {"growth": 1, "new_project": 0}


def test_later_data_change_nothing():
    rows, targets, firms = worked_rows()
    full = make_dataset(regions=REGIONS, indicators=rows, targets=targets, enterprises=firms)
    upto_may = [r for r in rows if (r["year"], r["month"]) <= (2021, 5)]
    # what was known in May: the July entrant was then a candidate expected in July
    firms_may = [f for f in firms if f.get("entered", "") <= "2021-05"] + [
        {"enterprise_id": "f5", "region_id": "a", "name": "七月厂", "expected_entry": "2021-07"}
    ]
    cut = make_dataset(regions=REGIONS, indicators=upto_may, targets=targets, enterprises=firms_may)
    assert (
        headline(full, "a", Period(2021, 5)).to_results()
        == headline(cut, "a", Period(2021, 5)).to_results()
    )
    # and June data really would change the answer, so the comparison can fail
    assert (
        headline(full, "a", Period(2021, 6)).to_results()
        != headline(cut, "a", Period(2021, 6)).to_results()
    )


def test_growth_table_sources(ds):
    g = growth_table(ds, "industrial_investment", Period(2021, 6)).set_index("region_id")
    assert g.loc["a", "yoy_source"] == "computed"
    assert g.loc["b", "yoy_source"] == "official"
    assert g.loc["e", "yoy_source"] is None


def test_comparable_base_beats_published_levels(ds):
    out = headline(ds, "b", Period(2021, 6)).row("output")
    assert out.yoy_source == "base"
    assert out.yoy_pct == pytest.approx(20.0)  # 30 / 25 - 1, not 30 / 20 - 1
    assert out.value_prev == 20.0
    # ranked on 20.0 against a's official 25.0: a 1st, b 2nd
    assert (out.rank_city, out.rank_city_of) == (2, 2)


def test_results_contract_keys(ds):
    res = headline(ds, "a", Period(2021, 6)).to_results()
    assert res["period"] == "2021-06" and res["region"] == "a"
    keys = {
        "value", "yoy_pct", "yoy_source", "target", "target_share_pct", "time_progress_pct",
        "schedule_gap_pp", "shortfall", "rank_city", "rank_city_of", "rank_counties",
        "rank_counties_of",
    }  # fmt: skip
    for code in CONTRACT_INDICATORS:
        assert keys <= set(res["indicators"][code])
    assert set(res["quarters"]["output"]) >= {"q1", "q2", "q2_vs_q1_pct"}
    assert set(res["firms"]) >= {"above_scale", "new_entrants", "new_by_route"}


def test_demo_may_report_ignores_june_data():
    """On the demo data set: dropping every row after May changes no 2021-05 number."""
    from halfyear_lib.data.loading import load_dataset
    from halfyear_lib.paths import DEMO_DATA_DIR

    full = load_dataset(DEMO_DATA_DIR)
    may = Period(2021, 5)
    cut_tables = {}
    for name, df in full.tables.items():
        if "year" in df.columns and "month" in df.columns:
            df = df.loc[(df["year"] < 2021) | (df["month"] <= 5)]
        cut_tables[name] = df
    cut = type(full)(cut_tables, source="cut")
    assert len(cut.indicators) < len(full.indicators)
    assert (
        headline(full, "qingshui", may).to_results() == headline(cut, "qingshui", may).to_results()
    )


def test_growth_history_resolves_every_period_like_growth_table(ds):
    from halfyear_lib.analysis.indicators import growth_history

    h = growth_history(ds, ["a", "b"], ["output"], Period(2021, 6))
    a = h[h.region_id == "a"]
    # 2021-07 is after the period and is cut; 2019 is outside the two years
    assert list(a["label"]) == [
        "2020年1-6月",
        "2021年1-2月",
        "2021年1-3月",
        "2021年1-5月",
        "2021年1-6月",
    ]
    assert list(a["yoy_pct"]) == [3.0, 40.0, 35.0, 27.0, 25.0]
    b = h[h.region_id == "b"].set_index("label")
    assert b.loc["2021年1-6月", "yoy_source"] == "base"
    assert b.loc["2021年1-6月", "yoy_pct"] == pytest.approx(20.0)
    assert b.loc["2020年1-6月", "yoy_source"] is None  # no rate, no base, no 2019 level
    # the same answer as growth_table at each period
    for label, month in (("2021年1-3月", 3), ("2021年1-6月", 6)):
        g = growth_table(ds.as_of(Period(2021, 6)), "output", Period(2021, month))
        assert (
            a.set_index("label").loc[label, "yoy_pct"]
            == g.set_index("region_id").loc["a", "yoy_pct"]
        )


def test_ranking_and_report_results(ds):
    from halfyear_lib.analysis.indicators import growth_history, ranking, report_results

    r = ranking(ds, "value_added", Period(2021, 6))
    # published e 15.0, z 14.3, a 14.2, b 14.2, d 9.0 -> ranks 1, 2, 3, 3, 5
    assert list(zip(r["region_id"], r["rank"], strict=True)) == [
        ("e", 1), ("z", 2), ("a", 3), ("b", 3), ("d", 5)
    ]  # fmt: skip
    assert list(r["name"])[:2] == ["戊区", "经开区"]
    counties = ranking(ds, "value_added", Period(2021, 6), group="counties")
    assert list(counties["region_id"]) == ["a", "b", "d"]
    head = headline(ds, "a", Period(2021, 6))
    hist = growth_history(ds, ["a", "c"], ["output"], Period(2021, 6))
    res = report_results(head, hist, {"value_added": r})
    assert res["growth_history"]["output"]["a"] == {
        "2020-06": 3.0, "2021-02": 40.0, "2021-03": 35.0, "2021-05": 27.0, "2021-06": 25.0
    }  # fmt: skip
    ranked = res["rankings"]["city"]["value_added"]
    assert [x["rank"] for x in ranked] == [1, 2, 3, 3, 5]
    assert {k: ranked[2][k] for k in ("region_id", "name", "yoy_pct", "rank")} == {
        "region_id": "a", "name": "甲县", "yoy_pct": 14.2, "rank": 3
    }  # fmt: skip
    assert res["indicators"]["value_added"]["rank_city"] == 3


# ---------------------------------------------------------------- 当月 (single month)


def month_row(region, indicator, year, month, value=None, yoy=None):
    return {**row(region, indicator, year, month, value, yoy), "rate_kind": "month"}


def test_single_month_growth_official_base_and_levels():
    from halfyear_lib.analysis.indicators import single_month_growth

    ds = make_dataset(
        regions=REGIONS,
        indicators=[
            # a: the release gives 当月 6月 +30.0% beside 累计 1-6月 +25.0%
            row("a", "output", 2021, 6, 80.0, 25.0),
            month_row("a", "output", 2021, 6, 16.0, 30.0),
            # b: growth rates and comparable bases only (no levels):
            # B(5) = 40, G(5) = 10% -> V(5) = 44; B(6) = 50, G(6) = 12% -> V(6) = 56
            # June alone: (56 - 44) / (50 - 40) - 1 = 12 / 10 - 1 = +20.0%
            row("b", "output", 2021, 5, None, 10.0, base=40.0),
            row("b", "output", 2021, 6, None, 12.0, base=50.0),
            # d: levels of two years: June 2021 = 30 - 24 = 6, June 2020 = 25 - 20 = 5
            # -> 6 / 5 - 1 = +20.0% (computed, enterprise sets differ)
            row("d", "output", 2020, 5, 20.0),
            row("d", "output", 2020, 6, 25.0),
            row("d", "output", 2021, 5, 24.0, 18.0),
            row("d", "output", 2021, 6, 30.0, 19.0),
            # e: 1-2月 is its own single "month": the cumulative rate
            row("e", "output", 2021, 2, 10.0, 40.0),
        ],
    )
    june = Period(2021, 6)
    official = single_month_growth(ds, "a", "output", june)
    assert (official.yoy_pct, official.source) == (30.0, "official")
    base = single_month_growth(ds, "b", "output", june)
    assert base.source == "base" and base.yoy_pct == pytest.approx(20.0)
    levels = single_month_growth(ds, "d", "output", june)
    assert levels.source == "computed" and levels.yoy_pct == pytest.approx(20.0)
    assert single_month_growth(ds, "e", "output", Period(2021, 2)).yoy_pct == 40.0
    nothing = single_month_growth(ds, "e", "output", june)
    assert (nothing.yoy_pct, nothing.source) == (None, None)


def test_single_month_rows_never_count_as_cumulative():
    # a 当月 rate of 30% must not become the 1-6月 growth, nor enter the ranking
    ds = make_dataset(
        regions=REGIONS,
        indicators=[
            row("a", "output", 2021, 6, 80.0, 25.0),
            month_row("a", "output", 2021, 6, 16.0, 30.0),
            month_row("b", "output", 2021, 6, 5.0, 99.0),  # b has only a 当月 rate
        ],
    )
    h = headline(ds, "a", Period(2021, 6), indicators=("output",))
    r = h.row("output")
    assert (r.value, r.yoy_pct, r.month_yoy_pct) == (80.0, 25.0, 30.0)
    assert (r.rank_city, r.rank_city_of) == (1, 1)  # b has no cumulative rate: not ranked
    assert r.ranks["city"].missing == ("b", "d", "e", "z")
    assert r.to_results()["rank_city_missing"] == ["b", "d", "e", "z"]


def test_published_ranks_in_the_data_win():
    rows = [
        {**row("a", "output", 2021, 6, 80.0, 25.0), "rank_city": 7, "rank_city_of": 11},
        row("b", "output", 2021, 6, 30.0, 20.0),
    ]
    h = headline(make_dataset(regions=REGIONS, indicators=rows), "a", Period(2021, 6), ("output",))
    r = h.row("output")
    # computed over the two units at hand a would be 1st; the release says 7th of 11
    assert (r.rank_city, r.rank_city_of) == (7, 11)
    assert r.ranks["city"].disagrees and r.ranks["city"].computed == 1
    # the counties rank is not published: computed, 1st of the 2 counties with data
    assert (r.rank_counties, r.rank_counties_of) == (1, 2)
    assert r.to_results()["rank_city_source"] == "published"


def test_rankings_of_every_rank_group_of_the_unit(ds):
    from halfyear_lib.analysis.indicators import (
        growth_history,
        rank_groups_of,
        rankings_by_group,
        report_results,
    )

    period = Period(2021, 6)
    assert rank_groups_of(ds, "a") == ["city", "counties"]
    groups = rankings_by_group(ds, ["value_added"], period, "a")
    head = headline(ds, "a", period)
    hist = growth_history(ds, ["a"], ["output"], period)
    res = report_results(head, hist, groups["city"], groups)
    # among the counties only: a 14.2, b 14.2, d 9.0 -> 1, 1, 3
    counties = res["rankings"]["counties"]["value_added"]
    assert [(x["region_id"], x["rank"]) for x in counties] == [("a", 1), ("b", 1), ("d", 3)]
    assert len(res["rankings"]["city"]["value_added"]) == 5


def test_no_rank_means_no_group_size_in_the_results():
    """The demo city is alone at its level (no province in the data) and the zone is not
    a county: their results say null for the rank and for the group size, never
    "of 0" or the size of a group they are not in; a county keeps both (7 counties and 1
    county-level city: qingshui's rank among the 8 is a number of 1..8)."""
    from halfyear_lib.analysis.indicators import headline
    from halfyear_lib.data.loading import load_dataset
    from halfyear_lib.data.periods import Period
    from halfyear_lib.paths import DEMO_DATA_DIR

    ds = load_dataset(DEMO_DATA_DIR)
    p = Period(2021, 6)
    city = headline(ds, "jiangzhou", p).to_results()["indicators"]["output"]
    assert city["rank_city"] is None and city["rank_city_of"] is None
    assert city["rank_counties"] is None and city["rank_counties_of"] is None
    zone = headline(ds, "jiangzhou_etdz", p).to_results()["indicators"]["output"]
    assert zone["rank_counties"] is None and zone["rank_counties_of"] is None
    assert zone["rank_city"] is not None and zone["rank_city_of"] == 11
    county = headline(ds, "qingshui", p).to_results()["indicators"]["output"]
    assert county["rank_counties_of"] == 8 and 1 <= county["rank_counties"] <= 8


def test_the_ranking_also_ranks_by_amount_ties_sharing():
    """Amounts 30, 50, 30 and one unit without an amount (growth only): by amount b is
    1st, a and c share 2nd, d has no amount rank; 3 units have an amount."""
    from halfyear_lib.analysis.indicators import ranking, ranking_to_results
    from halfyear_lib.data.periods import Period

    regions = [
        {"region_id": "city", "name": "市", "kind": "city", "parent_id": ""},
        *[
            {"region_id": r, "name": f"{r}县", "kind": "county", "parent_id": "city",
             "rank_groups": "city"}
            for r in "abcd"
        ],
    ]  # fmt: skip
    rows = [
        {"region_id": r, "indicator": "output", "year": 2021, "month": 6,
         "value": v, "yoy_pct": g, "unit": "亿元"}
        for r, v, g in (("a", 30.0, 10.0), ("b", 50.0, 5.0), ("c", 30.0, 1.0), ("d", None, 20.0))
    ]  # fmt: skip
    ds = make_dataset(regions=regions, indicators=rows)
    out = {
        e["region_id"]: e
        for e in ranking_to_results(ranking(ds, "output", Period(2021, 6), region_id="a"))
    }
    assert {r: out[r]["value_rank"] for r in "abcd"} == {"a": 2, "b": 1, "c": 2, "d": None}
    assert {out[r]["value_rank_of"] for r in "abcd"} == {3}
    assert out["d"]["rank"] == 1  # the growth rank is unchanged: d grew fastest

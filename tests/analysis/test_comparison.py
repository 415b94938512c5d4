"""What a report compares its unit with: the parent, else the unit's own units; never
the unit with itself. Numbers worked by hand."""

from __future__ import annotations

import pytest
from conftest import make_dataset

from halfyear_lib.analysis.comparison import comparator, comparison
from halfyear_lib.analysis.indicators import headline, ranking
from halfyear_lib.chapters.indicators import headline_table, units_tables
from halfyear_lib.data.loading import load_dataset
from halfyear_lib.data.periods import Period
from halfyear_lib.display import plotting
from halfyear_lib.paths import DEMO_DATA_DIR
from halfyear_lib.text.zh import indicators as pages
from halfyear_lib.text.zh.ranks import comparison_scope

JUNE = Period(2021, 6)


def region(rid, name, kind, parent=None, groups=""):
    return {"region_id": rid, "name": name, "kind": kind, "parent_id": parent,
            "rank_groups": groups}  # fmt: skip


def ind(rid, value=None, yoy=None, code="output", year=2021, month=6):
    return {"region_id": rid, "indicator": code, "year": year, "month": month,
            "value": value, "yoy_pct": yoy, "unit": "亿元"}  # fmt: skip


CITY_AND_UNITS = [
    region("c", "江洲市", "city"),
    region("a", "甲县", "county", "c", "city;counties"),
    region("b", "乙县", "county", "c", "city;counties"),
    region("d", "丁区", "district", "c", "city"),
]


def city_without_province():
    """The city 100 亿元, +10.0%; a 50 (+12.0%), b 30 (+8.0%), d 20 (+10.04%, published
    10.0: level with the city)."""
    return make_dataset(
        regions=CITY_AND_UNITS,
        indicators=[ind("c", 100.0, 10.0), ind("a", 50.0, 12.0), ind("b", 30.0, 8.0),
                    ind("d", 20.0, 10.04)],
    )  # fmt: skip


def test_a_city_without_province_is_compared_with_its_units():
    ds = city_without_province()
    c = comparison(ds, "c", JUNE, ["output"])
    comp = c.comparator
    assert (comp.kind, comp.reason, comp.comparator_id) == ("units", "no_parent", None)
    assert comp.unit_ids == ("a", "b", "d") and comparison_scope(comp) == "全市"
    s = c.units_summary["output"]
    # gaps to the city: a +2.0, b -2.0, d +0.04 (published 10.0 = the city's 10.0: level)
    assert (s.n_units, s.n_with_growth, s.n_above_total, s.n_below_total) == (3, 3, 1, 1)
    assert (s.max_region_id, s.max_yoy_pct, s.min_region_id, s.min_yoy_pct) == (
        "a", 12.0, "b", 8.0)  # fmt: skip
    assert s.spread_pp == pytest.approx(4.0) and s.median_yoy_pct == pytest.approx(10.04)
    # shares: 50/100, 30/100, 20/100; together 100% of the city
    units = c.units.set_index("region_id")
    assert list(units["share_pct"]) == pytest.approx([50.0, 30.0, 20.0])
    assert list(units["gap_pp"]) == pytest.approx([2.0, -2.0, 0.04])
    assert s.shares_sum_pct == pytest.approx(100.0)
    assert (s.largest_share_region_id, s.largest_share_pct) == ("a", pytest.approx(50.0))
    # rank among the units: a 12.0 first, d 10.0 second, b 8.0 third
    assert list(units["rank"]) == [1, 3, 2]
    # the rank charts draw the units, with the city's growth as the reference line
    peers = {"output": ranking(ds, "output", JUNE, region_id="c")}
    assert peers["output"].empty  # the city has no peers: nothing to rank it among
    shown = c.rankings_to_show(peers)
    assert list(shown["output"]["region_id"]) == ["a", "d", "b"]
    assert c.reference_growth() == {"output": 10.0}
    res = c.to_results()
    assert res["kind"] == "units" and res["units_of"] == ["a", "b", "d"]
    assert res["units"]["output"]["by_unit"][0] == {
        "region_id": "a", "name": "甲县", "kind": "county", "value": 50.0, "yoy_pct": 12.0,
        "gap_pp": pytest.approx(2.0), "share_pct": pytest.approx(50.0), "rank": 1}  # fmt: skip
    # the charted history holds the city and its units, never a line of the city twice
    assert set(c.history["region_id"]) == {"c", "a", "b", "d"}


def test_the_page_says_what_the_city_is_compared_with_and_the_range_of_its_units():
    c = comparison(city_without_province(), "c", JUNE, ["output"])
    intro = pages.comparison_intro(c)
    assert "江洲市在数据中没有上级地区" in intro and "所辖3个单位" in intro
    assert "也不与自身对比" in intro
    text = pages.comparison_text(c)
    assert text == (
        "- 规上工业总产值：全市增长10.0%，3个单位中1个高于全市、1个低于全市、1个与全市持平；"
        "最高为甲县（增长12.0%），最低为乙县（增长8.0%），相差4.0个百分点；"
        "占全市比重最大的是甲县（50.0%）。"
    )
    growth = units_tables(c)[0].frame
    assert list(growth["单位"]) == ["江洲市（全市合计）", "甲县", "丁区", "乙县"]
    assert list(growth["规上工业总产值增长(%)"]) == ["10.0", "12.0", "10.0", "8.0"]
    share = units_tables(c)[1].frame
    assert list(share["单位"]) == ["甲县", "乙县", "丁区", "各单位合计"]
    assert list(share["规上工业总产值占全市(%)"]) == ["50.0", "30.0", "20.0", "100.0"]
    assert "所辖各单位1-6月的增速排名" in pages.ranking_intro(c, {}, "1-6月")
    fig = plotting.comparison_chart(c, ["output"])
    labels = [line.get_label() for line in fig.axes[0].get_lines()]
    assert "江洲市（合计）" in labels and "各单位中位数" in labels


def test_growth_only_units_are_compared_by_growth_and_the_page_says_shares_are_missing():
    ds = make_dataset(
        regions=CITY_AND_UNITS,
        indicators=[ind("c", yoy=10.0), ind("a", yoy=12.0), ind("b", yoy=-3.0)],
    )
    c = comparison(ds, "c", JUNE, ["output"])
    s = c.units_summary["output"]
    # d has no rate: 2 of 3 units compared; b falls: the word follows the sign
    assert (s.n_with_growth, s.n_above_total, s.n_below_total) == (2, 1, 1)
    assert s.shares_sum_pct is None and s.largest_share_pct is None
    text = pages.comparison_text(c)
    assert "2个单位（另有1个缺少数据）中1个高于全市、1个低于全市" in text
    assert "最低为乙县（下降3.0%），相差15.0个百分点" in text
    assert "缺少全市合计或各单位的累计值（只有增速），无法计算各单位占全市的比重" in text
    assert units_tables(c)[1].frame.empty


def test_a_city_in_a_province_is_compared_and_ranked_with_the_province():
    ds = make_dataset(
        regions=[region("p", "江南省", "province"),
                 region("c", "江洲市", "city", "p", "city"),
                 region("c2", "河口市", "city", "p", "city"),
                 region("a", "甲县", "county", "c", "city;counties")],
        # the province publishes rates only (no level): no share of the province
        indicators=[ind("p", yoy=9.0), ind("c", 100.0, 10.0), ind("c2", 80.0, 11.0),
                    ind("a", 60.0, 7.0)],
    )  # fmt: skip
    c = comparison(ds, "c", JUNE, ["output"])
    comp = c.comparator
    assert (comp.kind, comp.comparator_id, comp.comparator_kind, comparison_scope(comp)) == (
        "parent", "p", "province", "全省")  # fmt: skip
    row = c.parent.iloc[0]
    # 10.0 - 9.0 = +1.0 point above the province
    assert row["gap_pp"] == pytest.approx(1.0) and row["share_pct"] is None
    text = pages.comparison_text(c)
    assert "规上工业总产值增长10.0%，高于全省（江南省，增长9.0%）1.0个百分点。" in text
    assert "缺少本单位或江南省的累计值（只有增速），无法计算所占比重" in text
    # its own unit is listed too: a 60 of the city's 100 = 60.0%, 3.0 points slower
    assert "所辖1个单位的对比见下表" in text
    assert c.units.iloc[0]["share_pct"] == pytest.approx(60.0)
    assert "江洲市与江南省（上级省，全省）对比" in pages.comparison_intro(c)
    # ranked among the province's cities: 河口市 11.0 first, 江洲市 10.0 second
    head = headline(ds, "c", JUNE, ("output",))
    table = headline_table(head).frame
    assert table.loc[0, "全省排名"] == "2/2" and "全市排名" not in table.columns
    assert c.rankings_to_show({"x": "peers"}) == {"x": "peers"}  # its peers, not its units
    assert c.reference_growth() == {}


def test_a_county_is_compared_with_its_city():
    ds = city_without_province()
    c = comparison(ds, "a", JUNE, ["output"])
    assert (c.kind, c.comparator.comparator_id, c.units) == ("parent", "c", None)
    # 50 of 100 = 50.0%; 12.0 - 10.0 = 2.0 points above
    assert pages.comparison_text(c) == (
        "- 规上工业总产值增长12.0%，高于全市（江洲市，增长10.0%）2.0个百分点；占全市的50.0%。"
    )


@pytest.mark.parametrize(
    ("regions", "reason"),
    [
        ([region("a", "甲县", "county")], "no_parent"),
        ([region("a", "甲县", "county", "x", "city")], "parent_not_in_data"),
        ([region("c", "江洲市", "city"), region("a", "甲县", "county", "c", "city")],
         "parent_without_data"),
    ],
)  # fmt: skip
def test_a_unit_with_nothing_to_compare_with_is_compared_with_nothing(regions, reason):
    ds = make_dataset(regions=regions, indicators=[ind("a", 10.0, 5.0)])
    c = comparison(ds, "a", JUNE, ["output"])
    assert (c.kind, c.comparator.reason, c.comparator.comparator_id) == ("none", reason, None)
    assert "无法对比" in pages.comparison_intro(c)
    assert pages.comparison_text(c) == ""
    # the chart draws the unit once, alone
    fig = plotting.comparison_chart(c, ["output"])
    assert [line.get_label() for line in fig.axes[0].get_lines()][:1] == ["甲县"]
    assert len([x for x in fig.axes[0].get_lines() if x.get_label() == "甲县"]) == 1
    assert "不作排名" in pages.ranking_intro(c, {"output": ranking(ds, "output", JUNE,
                                                                   region_id="a")}, "1-6月")  # fmt: skip


def test_no_unit_of_the_demo_is_compared_with_itself():
    ds = load_dataset(DEMO_DATA_DIR)
    for rid in ds.regions["region_id"]:
        comp = comparator(ds, rid)
        assert comp.comparator_id != rid and rid not in comp.unit_ids
        expected = "units" if rid == "jiangzhou" else "parent"
        assert comp.kind == expected, rid


def test_a_group_of_one_is_no_ranking():
    # a county whose city is not in the data, alone in its rank group: no "1/1"
    ds = make_dataset(
        regions=[region("a", "甲县", "county", "x", "city;counties")],
        indicators=[ind("a", 10.0, 5.0)],
    )
    row = headline(ds, "a", JUNE, ("output",)).row("output")
    assert (row.rank_city, row.rank_counties) == (None, None)
    assert "全市排名" not in headline_table(headline(ds, "a", JUNE, ("output",))).frame.columns


def test_only_a_unit_in_a_rank_group_is_said_to_miss_its_ranking():
    # neither the city (in no rank group) nor county a has a rate for value added
    ds = make_dataset(
        regions=CITY_AND_UNITS,
        indicators=[ind("c", 100.0, 10.0), ind("a", 50.0, 12.0), ind("b", 30.0, 8.0),
                    ind("b", 5.0, 3.0, code="value_added")],
    )  # fmt: skip
    codes = ("output", "value_added")
    assert "未参与排名" not in pages.headline_notes(headline(ds, "c", JUNE, codes))
    assert "规上工业增加值缺少增速数据，未参与排名" in pages.headline_notes(
        headline(ds, "a", JUNE, codes)
    )

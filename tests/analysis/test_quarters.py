"""Quarter figures and their sentences, checked against numbers worked by hand."""

from __future__ import annotations

import pytest
from conftest import make_dataset

from halfyear_lib.analysis.indicators import headline
from halfyear_lib.analysis.quarters import quarters
from halfyear_lib.data.periods import Period
from halfyear_lib.text.zh import indicators as pages

REGIONS = [
    {"region_id": "c", "name": "江洲市", "kind": "city", "parent_id": None, "rank_groups": ""},
    {"region_id": "a", "name": "甲县", "kind": "county", "parent_id": "c",
     "rank_groups": "city;counties"},
]  # fmt: skip


def row(year, month, value=None, yoy=None, base=None, region="a"):
    return {"region_id": region, "indicator": "output", "year": year, "month": month,
            "value": value, "yoy_pct": yoy, "base": base, "unit": "亿元"}  # fmt: skip


# last year: cumulative 8, 20, 30, 41 at months 3, 6, 9, 12 -> quarters 8, 12, 10, 11
LAST_YEAR = [row(2020, 3, 8.0), row(2020, 6, 20.0), row(2020, 9, 30.0), row(2020, 12, 41.0)]


def levels_only(*extra):
    """This year: cumulative 10, 22, 35 at months 3, 6, 9 (quarters 10, 12, 13), no rates."""
    return make_dataset(
        regions=REGIONS,
        indicators=[*LAST_YEAR, row(2021, 3, 10.0), row(2021, 6, 22.0), row(2021, 9, 35.0),
                    *extra],
    )  # fmt: skip


def test_every_complete_quarter_of_1_9_with_changes_worked_by_hand():
    ds = levels_only()
    q = quarters(ds.as_of(Period(2021, 9)), "a", "output", Period(2021, 9))
    assert q.complete == [1, 2, 3] and q.missing == []
    # Q1 = 10, Q2 = 22 - 10 = 12, Q3 = 35 - 22 = 13
    assert q.values == {1: 10.0, 2: 12.0, 3: 13.0}
    f = q.figures
    # 环比: Q1 on last year's Q4 (41 - 30 = 11): 10/11 - 1 = -9.09%;
    # Q2 on Q1: 12/10 - 1 = +20.0%; Q3 on Q2: 13/12 - 1 = +8.33%
    assert f[1].vs_prev_pct == pytest.approx(-9.0909, abs=1e-4)
    assert f[2].vs_prev_pct == pytest.approx(20.0)
    assert f[3].vs_prev_pct == pytest.approx(8.3333, abs=1e-4)
    # 同比 without rates or bases: on last year's published quarters 8, 12, 10:
    # 10/8 - 1 = 25.0%, 12/12 - 1 = 0.0%, 13/10 - 1 = 30.0%
    assert [f[n].yoy_pct for n in (1, 2, 3)] == pytest.approx([25.0, 0.0, 30.0])
    assert {f[n].yoy_source for n in (1, 2, 3)} == {"computed"}
    res = q.to_results()
    assert res["q3"] == pytest.approx(13.0) and res["q4"] is None
    assert res["q3_vs_prev_pct"] == pytest.approx(8.3333, abs=1e-4)
    assert res["q2_vs_q1_pct"] == pytest.approx(20.0) == res["q2_vs_prev_pct"]
    assert res["q3_yoy_pct"] == pytest.approx(30.0) and res["q4_yoy_pct"] is None


@pytest.mark.parametrize(("month", "complete"), [(2, []), (3, [1]), (5, [1]), (6, [1, 2]),
                                                 (9, [1, 2, 3]), (12, [1, 2, 3, 4])])  # fmt: skip
def test_the_quarters_spoken_of_are_those_complete_by_the_period(month, complete):
    ds = levels_only(row(2021, 2, 6.0), row(2021, 5, 18.0), row(2021, 12, 50.0))
    head = headline(ds, "a", Period(2021, month))
    q = head.quarters["output"]
    assert q.complete == complete
    text = pages.quarters_text(head)
    for n, name in pages.QUARTER_NAMES.items():  # "四季度" alone may be last year's
        assert (f"{name}完成" in text) == (n in complete), text
    if month == 12:  # Q4 = 50 - 35 = 15: 15/13 - 1 = +15.4% on Q3, 15/11 - 1 = +36.4% on 2020
        assert "四季度完成15.0亿元，较三季度环比增长15.4%，同比增长36.4%" in text
    if month == 2:
        assert "尚无完整的季度" in text


def test_sentences_follow_the_sign_and_name_the_indicator_once():
    ds = levels_only()
    text = pages.quarters_text(headline(ds, "a", Period(2021, 9)))
    # Q1 against last year's Q4 (10/11 - 1 = -9.1%) is the season, not news: kept in
    # results.json, not written
    assert text.startswith(
        "一季度完成规上工业总产值10.0亿元，同比增长25.0%（口径：按总量计算，仅供参考）；"
    )
    assert text.count("口径：按总量计算") == 1  # the basis is said once
    assert "四季度环比" not in text
    assert "二季度完成12.0亿元，较一季度环比增长20.0%，同比增长0.0%" in text
    assert "三季度完成13.0亿元，较二季度环比增长8.3%，同比增长30.0%" in text
    assert text.count("规上工业总产值") == 1 and text.endswith("。")


def test_comparable_basis_wins_official_rate_for_q1_base_for_later_quarters():
    # official cumulative rates 20% at 1-3月 and 10% at 1-6月 imply comparable bases
    # B3 = 10 / 1.2 = 8.3333 and B6 = 22 / 1.1 = 20; Q2 base = 20 - 8.3333 = 11.6667;
    # Q2 growth = 12 / 11.6667 - 1 = +2.857% (last year's published Q2, 12, would say 0%)
    ds = make_dataset(
        regions=REGIONS,
        indicators=[*LAST_YEAR, row(2021, 3, 10.0, 20.0), row(2021, 6, 22.0, 10.0)],
    )
    q = quarters(ds, "a", "output", Period(2021, 6))
    assert (q.figures[1].yoy_pct, q.figures[1].yoy_source) == (20.0, "official")
    assert q.figures[2].yoy_pct == pytest.approx(2.8571, abs=1e-4)
    assert q.figures[2].yoy_source == "base"
    # the office's base column wins over the implied one: B6 = 21 -> 12 / (21 - 8.3333) - 1
    ds = make_dataset(
        regions=REGIONS,
        indicators=[*LAST_YEAR, row(2021, 3, 10.0, 20.0), row(2021, 6, 22.0, 10.0, base=21.0)],
    )
    q = quarters(ds, "a", "output", Period(2021, 6))
    assert q.figures[2].yoy_pct == pytest.approx((12 / (21 - 10 / 1.2) - 1) * 100)


def test_a_quarter_whose_months_are_missing_is_named_not_computed():
    # 1-6月 is missing: Q2 (needs 1-6月) and Q3 (needs 1-6月 and 1-9月) are not computed
    ds = make_dataset(
        regions=REGIONS, indicators=[*LAST_YEAR, row(2021, 3, 10.0), row(2021, 9, 35.0)]
    )
    head = headline(ds, "a", Period(2021, 9))
    q = head.quarters["output"]
    assert q.values == {1: 10.0} and q.missing == [2, 3]
    assert q.figures[3].missing_months == (6,)
    res = q.to_results()
    assert res["missing"] == [2, 3] and res["q2"] is None and res["q3_vs_prev_pct"] is None
    text = pages.quarters_text(head)
    assert "二季度缺少1-6月的累计数据，未计算" in text
    assert "三季度缺少1-6月的累计数据，未计算" in text
    assert "一季度完成规上工业总产值10.0亿元" in text


def test_growth_only_quarters_give_the_first_quarter_rate_and_say_what_is_missing():
    ds = make_dataset(
        regions=REGIONS,
        indicators=[row(2021, 3, yoy=-4.5), row(2021, 6, yoy=3.0)],
    )
    head = headline(ds, "a", Period(2021, 6))
    q = head.quarters["output"]
    assert q.values == {} and q.missing == []
    # 1-3月 is the first quarter: its official rate is the quarter's; Q2 needs levels
    assert (q.figures[1].yoy_pct, q.figures[2].yoy_pct) == (-4.5, None)
    text = pages.quarters_text(head)
    assert text == (
        "缺少产值累计值（只有增速或没有数据），无法计算季度产值；"
        "一季度（1-3月）规上工业总产值同比下降4.5%。"
    )

"""Value added from output, rate-adjustment impact and prices, checked by hand."""

from __future__ import annotations

import json
import math

import pandas as pd
import pytest
from conftest import make_dataset

from halfyear_lib.analysis.value_added import (
    DRIVERS_NO_INDUSTRIES,
    DRIVERS_NO_INDUSTRY_ROWS,
    DRIVERS_NO_PREV,
    MISSING_BASE,
    MISSING_INDUSTRIES,
    MISSING_INDUSTRY_ROWS,
    MISSING_MACRO,
    MISSING_OUTPUT_PREV,
    MISSING_PPI,
    drivers_to_results,
    growth_drivers,
    pmi_streak,
    prices,
    rate_adjustment,
    value_added_estimate,
)
from halfyear_lib.data.periods import Period

JUNE = Period(2021, 6)
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
]


def ind(region, indicator, year, month, value=None, yoy=None, base=None):
    return {
        "region_id": region,
        "indicator": indicator,
        "year": year,
        "month": month,
        "value": value,
        "yoy_pct": yoy,
        "base": base,
        "unit": "亿元",
    }


def industry(name, output, output_prev, va_rate, va_rate_prev, ppi, month=6, region="a"):
    return {
        "region_id": region,
        "industry": name,
        "year": 2021,
        "month": month,
        "output": output,
        "output_prev": output_prev,
        "va_rate": va_rate,
        "va_rate_prev": va_rate_prev,
        "ppi_yoy_pct": ppi,
    }


# Rate cut in ONE industry only (针织 27.5% -> 25.0%), 大米 unchanged at 20%:
#            output  output_prev  r     r'    ppi  VA=o*r     real=VA/(1+p)  prev=o'*r'
#   针织      102       80       25.0  27.5  2.0  25.5       25.5/1.02=25.0   22.0
#   大米       50       40       20.0  20.0  0.0  10.0       10.0             8.0
#   total                                         35.5       35.0             30.0
# nominal growth 35.5/30 - 1 = 18.333%; real growth 35/30 - 1 = 16.667%;
# reported (official, real) 15.0% -> gap 16.667 - 15.0 = +1.667 pp
# rate impact 针织 102 x (25.0 - 27.5)/100 = -2.55 亿元 = -2.55/30 x 100 = -8.5 pp; 大米 0
ONE_CUT = [
    industry("针织", 102.0, 80.0, 25.0, 27.5, 2.0),
    industry("大米", 50.0, 40.0, 20.0, 20.0, 0.0),
]
INDICATORS = [
    ind("a", "value_added", 2021, 6, 34.0, 15.0),
    ind("a", "output", 2021, 6, 152.0, 25.0),
]


def one_cut_ds(industries=ONE_CUT, indicators=INDICATORS, **more):
    return make_dataset(regions=REGIONS, indicators=indicators, industries=industries, **more)


# ------------------------------------------------------------------ value added


def test_value_added_estimate_hand_worked():
    est = value_added_estimate(one_cut_ds(), "a", JUNE)
    assert est.available and est.missing == []
    assert est.nominal == pytest.approx(35.5)
    assert est.real == pytest.approx(35.0)
    assert est.prev == pytest.approx(30.0)
    assert est.nominal_yoy_pct == pytest.approx((35.5 / 30 - 1) * 100)  # 18.333
    assert est.real_yoy_pct == pytest.approx((35.0 / 30 - 1) * 100)  # 16.667
    assert est.reported_yoy_pct == 15.0
    assert est.reported_yoy_source == "official"
    assert est.gap_pp == pytest.approx(50 / 3 - 15.0)  # +1.667 pp
    res = est.to_results()
    assert set(res) >= {
        "nominal", "real", "prev", "nominal_yoy_pct", "real_yoy_pct",
        "reported_yoy_pct", "gap_pp", "industries",
    }  # fmt: skip
    assert res["basis"]["reported_yoy_pct"] == "official_comparable_prices"
    knit = next(r for r in res["industries"] if r["industry"] == "针织")
    assert knit["va"] == pytest.approx(25.5)
    assert knit["va_real"] == pytest.approx(25.0)
    assert knit["va_prev"] == pytest.approx(22.0)


def test_value_added_without_output_prev_gives_levels_but_no_growth():
    # same rows without output_prev: VA 35.5 and real 35.0 still known, no last-year VA
    rows = [dict(r, output_prev=None) for r in ONE_CUT]
    est = value_added_estimate(one_cut_ds(rows), "a", JUNE)
    assert est.available
    assert est.missing == [MISSING_OUTPUT_PREV]
    assert est.nominal == pytest.approx(35.5) and est.real == pytest.approx(35.0)
    assert est.prev is None and est.real_yoy_pct is None and est.nominal_yoy_pct is None
    assert est.gap_pp is None and est.reported_yoy_pct == 15.0


def test_value_added_without_ppi_has_no_real_figure():
    rows = [ONE_CUT[0], dict(ONE_CUT[1], ppi_yoy_pct=None)]
    est = value_added_estimate(one_cut_ds(rows), "a", JUNE)
    assert est.missing == [MISSING_PPI]
    assert est.nominal == pytest.approx(35.5) and est.prev == pytest.approx(30.0)
    assert est.real is None and est.real_yoy_pct is None and est.gap_pp is None


def test_later_data_change_nothing():
    later = [industry("针织", 150.0, 120.0, 20.0, 27.5, 9.0, month=7)]
    more = one_cut_ds(ONE_CUT + later, INDICATORS + [ind("a", "value_added", 2021, 7, 40.0, 2.0)])
    for fn in (value_added_estimate, rate_adjustment, prices):
        assert fn(more, "a", JUNE).to_results() == fn(one_cut_ds(), "a", JUNE).to_results()


# ------------------------------------------------------------------ drivers of growth

# Two industries, rates unchanged (A 25%, B 20%), no price change:
#          output  output_prev  change  contribution = change / 100   share = change / 10
#   A        80        60        +20        +20 pp                       +200%
#   B        30        40        -10        -10 pp                       -100%
#   total   110       100        +10        +10 pp (= growth 10%)         100%
# value added A 80 x 25% = 20 vs 60 x 25% = 15 (+5); B 30 x 20% = 6 vs 40 x 20% = 8 (-2);
#   total 26 vs 23 (+3): growth 3 / 23 = 13.043%; A +5 / 23 = +21.739 pp, 5 / 3 = 166.67%;
#   B -2 / 23 = -8.696 pp, -2 / 3 = -66.67%
TWO_WAYS = [
    industry("B", 30.0, 40.0, 20.0, 20.0, 0.0),
    industry("A", 80.0, 60.0, 25.0, 25.0, 0.0),
]


def test_growth_drivers_hand_worked():
    est = value_added_estimate(one_cut_ds(TWO_WAYS), "a", JUNE)
    d = drivers_to_results(growth_drivers(est, share_pct=30.0))
    out = d["output"]
    assert out["available"] is True and out["reason"] is None
    assert (out["total"], out["total_prev"]) == (110.0, 100.0)
    assert out["change"] == pytest.approx(10.0) and out["growth_pct"] == pytest.approx(10.0)
    assert out["basis"] == "current_prices"
    a, b = out["by_industry"]  # largest |contribution| first: A (20) before B (10)
    assert a == {
        "industry": "A", "output": 80.0, "output_prev": 60.0, "change": 20.0,
        "contribution_pp": pytest.approx(20.0), "share_of_change_pct": pytest.approx(200.0),
        "material": True,
    }  # fmt: skip
    assert b == {
        "industry": "B", "output": 30.0, "output_prev": 40.0, "change": -10.0,
        "contribution_pp": pytest.approx(-10.0), "share_of_change_pct": pytest.approx(-100.0),
        "material": True,  # |-100%| >= 30%: it held the total back, materially
    }  # fmt: skip
    # the contributions add up to the growth, the shares to 100%
    assert sum(r["contribution_pp"] for r in out["by_industry"]) == pytest.approx(10.0)
    assert sum(r["share_of_change_pct"] for r in out["by_industry"]) == pytest.approx(100.0)

    va = d["value_added"]
    assert va["available"] and va["basis"] == "current_prices_estimate"
    assert (va["total"], va["total_prev"]) == (pytest.approx(26.0), pytest.approx(23.0))
    assert va["growth_pct"] == pytest.approx(3 / 23 * 100)  # 13.043%
    assert va["growth_pct"] == pytest.approx(est.nominal_yoy_pct)  # the estimate's nominal
    a, b = va["by_industry"]
    assert (a["industry"], a["va"], a["va_prev"]) == ("A", 20.0, 15.0)
    assert a["contribution_pp"] == pytest.approx(5 / 23 * 100)  # +21.739 pp
    assert a["share_of_change_pct"] == pytest.approx(5 / 3 * 100)  # 166.67%
    assert (b["industry"], b["change"]) == ("B", pytest.approx(-2.0))
    assert b["contribution_pp"] == pytest.approx(-2 / 23 * 100)  # -8.696 pp
    assert b["share_of_change_pct"] == pytest.approx(-2 / 3 * 100)  # -66.67%
    json.dumps(d, allow_nan=False)


@pytest.mark.parametrize(
    ("share_pct", "material"),
    [(30.0, [True, True]), (100.0, [True, True]), (150.0, [True, False]),
     (200.0, [True, False]), (250.0, [False, False])],
)  # fmt: skip
def test_growth_drivers_material_at_the_threshold(share_pct, material):
    # output shares of the change: A +200%, B -100% (see TWO_WAYS); at exactly 200% A counts
    est = value_added_estimate(one_cut_ds(TWO_WAYS), "a", JUNE)
    rows = growth_drivers(est, share_pct)["output"].to_results()["by_industry"]
    assert [r["material"] for r in rows] == material


def test_growth_drivers_when_the_total_does_not_change():
    # A 50 -> 60 (+10), B 50 -> 40 (-10): total 100 -> 100, no change to share
    rows = [industry("A", 60.0, 50.0, 20.0, 20.0, 0.0), industry("B", 40.0, 50.0, 20.0, 20.0, 0.0)]
    out = growth_drivers(value_added_estimate(one_cut_ds(rows), "a", JUNE))["output"]
    res = out.to_results()
    assert res["available"] and res["growth_pct"] == 0.0 and res["change"] == 0.0
    assert [r["contribution_pp"] for r in res["by_industry"]] == [10.0, -10.0]
    assert [r["share_of_change_pct"] for r in res["by_industry"]] == [None, None]
    assert [r["material"] for r in res["by_industry"]] == [None, None]


def test_growth_drivers_without_last_year_levels():
    rows = [dict(r, output_prev=None) for r in TWO_WAYS]
    d = drivers_to_results(growth_drivers(value_added_estimate(one_cut_ds(rows), "a", JUNE)))
    for measure in ("output", "value_added"):
        assert d[measure]["available"] is False
        assert d[measure]["reason"] == DRIVERS_NO_PREV
        assert (d[measure]["total"], d[measure]["growth_pct"]) == (None, None)
        assert d[measure]["by_industry"] == []


# ------------------------------------------------------------------ rate change


def test_rate_cut_in_one_industry_only_shows_only_there():
    ra = rate_adjustment(one_cut_ds(), "a", JUNE)
    assert ra.available and ra.base_used == "output_prev"
    assert ra.base == pytest.approx(30.0)
    by = ra.by_industry.set_index("industry")
    assert by.loc["针织", "impact_value"] == pytest.approx(-2.55)  # 102 x (25 - 27.5)/100
    assert by.loc["针织", "impact_pp"] == pytest.approx(-8.5)  # -2.55 / 30 x 100
    assert by.loc["大米", "impact_value"] == 0.0 and by.loc["大米", "impact_pp"] == 0.0
    assert ra.impact_value == pytest.approx(-2.55)
    assert ra.impact_pp == pytest.approx(-8.5)
    assert ra.drivers == ["针织"]
    res = ra.to_results()
    assert res["by_industry"][0] == {
        "industry": "针织",
        "output": 102.0,
        "va_rate_prev": 27.5,
        "va_rate": 25.0,
        "impact_value": pytest.approx(-2.55),
        "impact_pp": pytest.approx(-8.5),
    }
    assert res["base_used"] == "output_prev"


def test_rate_adjustment_parts_add_up_sorted_and_drivers():
    # three industries, output 100 each, last year 80 each at 20% -> base 3 x 16 = 48
    #   A 20 -> 17: 100 x -3/100 = -3.0 亿元 = -3/48 x 100 = -6.25 pp
    #   B 20 -> 19: -1.0 亿元 = -2.0833 pp;  C 20 -> 20.5: +0.5 亿元 = +1.0417 pp
    # total -3.5 亿元 = -7.2917 pp; |impact| 4.5, 80% = 3.6: A (3.0) is not enough,
    # A + B (4.0) is -> drivers A, B
    rows = [
        industry("C", 100.0, 80.0, 20.5, 20.0, 0.0),
        industry("A", 100.0, 80.0, 17.0, 20.0, 0.0),
        industry("B", 100.0, 80.0, 19.0, 20.0, 0.0),
    ]
    ra = rate_adjustment(one_cut_ds(rows), "a", JUNE)
    assert list(ra.by_industry["industry"]) == ["A", "B", "C"]  # most negative first
    assert list(ra.by_industry["impact_value"]) == pytest.approx([-3.0, -1.0, 0.5])
    assert list(ra.by_industry["impact_pp"]) == pytest.approx([-6.25, -100 / 48, 50 / 48])
    res = ra.to_results()
    # the total is exactly the sum of the parts as listed
    assert res["impact_value"] == sum(r["impact_value"] for r in res["by_industry"])
    assert res["impact_pp"] == sum(r["impact_pp"] for r in res["by_industry"])
    assert res["impact_value"] == pytest.approx(-3.5)
    assert res["impact_pp"] == pytest.approx(-3.5 / 48 * 100)
    assert ra.drivers == ["A", "B"]
    # a lower share threshold: A alone (3.0 >= 0.6 x 4.5 = 2.7)
    assert rate_adjustment(one_cut_ds(rows), "a", JUNE, driver_share=0.6).drivers == ["A"]


def test_drivers_reaching_exactly_the_share_stop_there():
    # impacts -4.0 and -1.0 亿元: A alone is exactly 80% of |5.0| -> drivers A only
    rows = [
        industry("A", 100.0, 80.0, 16.0, 20.0, 0.0),
        industry("B", 100.0, 80.0, 19.0, 20.0, 0.0),
    ]
    assert rate_adjustment(one_cut_ds(rows), "a", JUNE).drivers == ["A"]


def test_rate_adjustment_base_from_output_growth_without_output_prev():
    # no output_prev: base = Σ output x r' / (1 + g_output), g_output official 25%:
    # (102 x 0.275 + 50 x 0.20) / 1.25 = 38.05 / 1.25 = 30.44; 针织 -2.55 / 30.44 x 100
    rows = [dict(r, output_prev=None) for r in ONE_CUT]
    ra = rate_adjustment(one_cut_ds(rows), "a", JUNE)
    assert ra.base_used == "output_growth"
    assert ra.base == pytest.approx(30.44)
    assert ra.missing == [MISSING_OUTPUT_PREV]
    assert ra.impact_value == pytest.approx(-2.55)
    assert ra.impact_pp == pytest.approx(-2.55 / 30.44 * 100)  # -8.377 pp


def test_rate_adjustment_without_any_base_gives_value_but_no_points():
    rows = [dict(r, output_prev=None) for r in ONE_CUT]
    ra = rate_adjustment(one_cut_ds(rows, indicators=[]), "a", JUNE)
    assert ra.available and ra.base_used is None and ra.base is None
    assert ra.missing == [MISSING_OUTPUT_PREV, MISSING_BASE]
    assert ra.impact_value == pytest.approx(-2.55)
    assert ra.impact_pp is None
    assert all(r["impact_pp"] is None for r in ra.to_results()["by_industry"])


# ------------------------------------------------------------------ growth-only data


@pytest.mark.parametrize(
    ("industries", "reason"),
    [([], MISSING_INDUSTRIES), ([industry("针织", 1.0, 1.0, 20, 20, 0, region="b")], MISSING_INDUSTRY_ROWS)],
)  # fmt: skip
def test_growth_only_data_say_what_is_missing(industries, reason):
    # value added and output known only as growth rates, no industries for county a
    growth_only = [ind("a", "value_added", 2021, 6, None, 15.0), ind("a", "output", 2021, 6, None, 25.0)]  # fmt: skip
    ds = one_cut_ds(industries, growth_only)
    est = value_added_estimate(ds, "a", JUNE)
    assert not est.available and est.missing == [reason]
    assert (est.nominal, est.real, est.prev, est.real_yoy_pct, est.gap_pp) == (None,) * 5
    assert est.reported_yoy_pct == 15.0  # the official rate is still shown
    assert est.to_results()["industries"] == []
    code = {
        MISSING_INDUSTRIES: DRIVERS_NO_INDUSTRIES,
        MISSING_INDUSTRY_ROWS: DRIVERS_NO_INDUSTRY_ROWS,
    }
    for measure, d in drivers_to_results(growth_drivers(est)).items():
        assert d["available"] is False and d["reason"] == code[reason], measure
        assert (d["total"], d["total_prev"], d["growth_pct"], d["by_industry"]) == (
            None, None, None, [],
        )  # fmt: skip
    ra = rate_adjustment(ds, "a", JUNE)
    assert not ra.available and ra.missing == [reason]
    assert (ra.impact_value, ra.impact_pp, ra.base_used, ra.drivers) == (None, None, None, [])
    assert ra.to_results()["by_industry"] == []
    p = prices(ds, "a", JUNE)
    assert not p.available and p.missing[0] == reason
    assert (p.ppi_yoy_pct, p.output_real_yoy_pct, p.gap_pp) == (None, None, None)
    assert p.output_nominal_yoy_pct == 25.0 and p.va_reported_yoy_pct == 15.0


# ------------------------------------------------------------------ prices


def macro_rows():
    # PMI: 2020-10 50.2, 2020-11 49.9 (below 50: breaks), 2020-12 50.0 (counts), then >= 50
    # through 2021-06 -> streak at 2021-06 = 2020-12 .. 2021-06 = 7 months; 2021-07 49.0
    pmi = {
        (2020, 10): 50.2, (2020, 11): 49.9, (2020, 12): 50.0, (2021, 1): 50.0,
        (2021, 2): 51.0, (2021, 3): 52.0, (2021, 4): 50.5, (2021, 5): 50.0,
        (2021, 6): 50.9, (2021, 7): 49.0,
    }  # fmt: skip
    ppi = {(2021, 1): 0.3, (2021, 2): 1.7, (2021, 3): 4.4, (2021, 4): 6.8, (2021, 5): 9.0,
           (2021, 6): 8.8, (2021, 7): 9.0}  # fmt: skip
    return [
        {"year": y, "month": m, "pmi": p, "ppi_yoy_pct": ppi.get((y, m))}
        for (y, m), p in pmi.items()
    ]


def test_prices_hand_worked():
    # county PPI weighted by output: (60 x 5.0 + 40 x 0.0) / 100 = 3.0%
    # nominal output growth (official) 23.6% -> real 1.236 / 1.03 - 1 = 20.0%, gap 3.6 pp
    rows = [industry("X", 60.0, 50.0, 20.0, 20.0, 5.0), industry("Y", 40.0, 34.0, 25.0, 25.0, 0.0)]
    # VA estimate: nominal 12 + 10 = 22, prev 10 + 8.5 = 18.5 -> 18.919%; reported 15.0
    indicators = [ind("a", "output", 2021, 6, 100.0, 23.6), ind("a", "value_added", 2021, 6, None, 15.0)]  # fmt: skip
    p = prices(one_cut_ds(rows, indicators, macro=macro_rows()), "a", JUNE)
    assert p.available and p.missing == []
    assert p.ppi_yoy_pct == pytest.approx(3.0)
    assert p.output_nominal_yoy_pct == 23.6 and p.output_nominal_yoy_source == "official"
    assert p.output_real_yoy_pct == pytest.approx(20.0)
    assert p.gap_pp == pytest.approx(3.6)
    assert p.va_reported_yoy_pct == 15.0
    assert p.va_nominal_yoy_pct == pytest.approx((22 / 18.5 - 1) * 100)
    assert p.va_gap_pp == pytest.approx((22 / 18.5 - 1) * 100 - 15.0)
    # national: June PPI 8.8, mean of Jan..Jun (0.3+1.7+4.4+6.8+9.0+8.8)/6 = 31/6 = 5.167
    # (July's 9.0 is after the period); June PMI 50.9, streak 7 (2020-12 .. 2021-06)
    assert p.national_ppi_yoy_pct == 8.8
    assert p.national_ppi_avg_pct == pytest.approx(31 / 6)
    assert p.national_ppi_months == 6
    assert p.pmi == 50.9
    assert p.pmi_months_above_50 == 7
    # against May: 8.8 - 9.0 = -0.2 points (prices still rising, a little more slowly)
    assert p.national_ppi_prev_month_yoy_pct == 9.0
    assert p.national_ppi_change_pp == pytest.approx(-0.2)
    res = p.to_results()
    assert res["national_ppi_prev_month_yoy_pct"] == 9.0
    assert res["national_ppi_change_pp"] == pytest.approx(-0.2)
    assert set(res) >= {
        "ppi_yoy_pct", "national_ppi_yoy_pct", "national_ppi_avg_pct", "pmi",
        "pmi_months_above_50", "output_nominal_yoy_pct", "output_real_yoy_pct", "gap_pp",
    }  # fmt: skip


def test_prices_output_growth_from_levels_when_no_official_rate():
    # no official rate: 2020-06 output 80, 2021-06 100 -> computed 25.0%; PPI 3.0%
    # real = 1.25 / 1.03 - 1 = 21.359%
    rows = [industry("X", 60.0, 50.0, 20.0, 20.0, 5.0), industry("Y", 40.0, 34.0, 25.0, 25.0, 0.0)]
    indicators = [ind("a", "output", 2020, 6, 80.0, None), ind("a", "output", 2021, 6, 100.0, None)]  # fmt: skip
    p = prices(one_cut_ds(rows, indicators), "a", JUNE)
    assert p.output_nominal_yoy_pct == pytest.approx(25.0)
    assert p.output_nominal_yoy_source == "computed"
    assert p.output_real_yoy_pct == pytest.approx((1.25 / 1.03 - 1) * 100)
    # no macro table: the county's figures stand, the national ones are None
    assert p.available and p.missing == [MISSING_MACRO]
    assert (p.national_ppi_yoy_pct, p.pmi, p.pmi_months_above_50) == (None, None, None)


@pytest.mark.parametrize(
    ("year", "month", "streak"),
    [
        (2021, 6, 7),
        (2021, 7, 0),  # 49.0 < 50
        (2020, 11, 0),  # 49.9 just below 50 breaks
        (2020, 12, 1),  # 50.0 exactly counts
        (2021, 1, 2),  # across the year boundary
        (2020, 10, 1),  # 2020-09 not in the data: the streak stops
        (2019, 5, None),  # month not in the data
    ],
)
def test_pmi_streak(year, month, streak):
    macro = pd.DataFrame(macro_rows())
    assert pmi_streak(macro, year, month) == streak


def test_prices_at_july_sees_the_pmi_drop():
    p = prices(one_cut_ds(macro=macro_rows()), "a", Period(2021, 7))
    assert p.pmi == 49.0 and p.pmi_months_above_50 == 0
    assert p.national_ppi_avg_pct == pytest.approx((31 + 9.0) / 7)


@pytest.mark.parametrize(
    ("month", "before", "change"),
    [
        (2, 0.3, 1.7 - 0.3),  # 1-2月: February 1.7 against January 0.3 -> +1.4 points
        (3, 1.7, 4.4 - 1.7),  # March 4.4 against February 1.7 -> +2.7 points
        (7, 8.8, 9.0 - 8.8),  # July 9.0 against June 8.8 -> +0.2 points
    ],
)
def test_national_ppi_against_the_month_before(month, before, change):
    p = prices(one_cut_ds(macro=macro_rows()), "a", Period(2021, month))
    assert p.national_ppi_prev_month_yoy_pct == before
    assert p.national_ppi_change_pp == pytest.approx(change)


def test_national_ppi_change_needs_the_month_before():
    # May left out of macro: June's 8.8 is known, the change is not
    rows = [r for r in macro_rows() if (r["year"], r["month"]) != (2021, 5)]
    p = prices(one_cut_ds(macro=rows), "a", JUNE)
    assert p.national_ppi_yoy_pct == 8.8
    assert p.national_ppi_prev_month_yoy_pct is None and p.national_ppi_change_pp is None
    # May present but without a PPI figure: the same
    rows = [dict(r, ppi_yoy_pct=None) if (r["year"], r["month"]) == (2021, 5) else r
            for r in macro_rows()]  # fmt: skip
    assert prices(one_cut_ds(macro=rows), "a", JUNE).national_ppi_change_pp is None
    # no macro table at all (growth-only data): None, not 0
    res = prices(one_cut_ds(), "a", JUNE).to_results()
    assert res["national_ppi_prev_month_yoy_pct"] is None
    assert res["national_ppi_change_pp"] is None


def test_national_ppi_average_skips_months_without_a_figure():
    # 2021: January PPI not given; Feb..Jun 1.7, 4.4, 6.8, 9.0, 8.8 -> mean 30.7 / 5 = 6.14
    rows = [dict(r, ppi_yoy_pct=None) if (r["year"], r["month"]) == (2021, 1) else r
            for r in macro_rows()]  # fmt: skip
    p = prices(one_cut_ds(macro=rows), "a", JUNE)
    assert p.national_ppi_months == 5
    assert p.national_ppi_avg_pct == pytest.approx(30.7 / 5)


# ------------------------------------------------------------------ demo data


@pytest.fixture(scope="module")
def demo():
    from halfyear_lib.data.loading import load_dataset
    from halfyear_lib.paths import DEMO_DATA_DIR

    raw = pd.read_csv(DEMO_DATA_DIR / "industries.csv")
    raw = raw[(raw.region_id == "qingshui") & (raw.year == 2021) & (raw.month == 6)]
    return load_dataset(DEMO_DATA_DIR), raw, pd.read_csv(DEMO_DATA_DIR / "macro.csv")


def test_demo_qingshui_june_2021(demo):
    ds, raw, macro = demo
    out = raw["output(万元)"] / 1e4  # 亿元
    out_prev = raw["output_prev(万元)"] / 1e4
    va = out * raw.va_rate / 100
    nominal, prev = va.sum(), (out_prev * raw.va_rate_prev / 100).sum()
    real = (va / (1 + raw.ppi_yoy_pct / 100)).sum()
    est = value_added_estimate(ds, "qingshui", JUNE)
    # about 20.38 亿元 at current prices (the county reports 20.35), 17.14 last year
    assert est.nominal == pytest.approx(nominal) and 20.3 < est.nominal < 20.45
    assert est.prev == pytest.approx(prev) and 17.0 < est.prev < 17.3
    assert est.real == pytest.approx(real)
    # estimated real growth about 15.2%, nominal about 18.9%, reported 13.8% (real)
    assert est.real_yoy_pct == pytest.approx((real / prev - 1) * 100)
    assert 15.0 < est.real_yoy_pct < 15.5 and 18.7 < est.nominal_yoy_pct < 19.1
    assert est.reported_yoy_pct == 13.8
    assert est.gap_pp == pytest.approx(est.real_yoy_pct - 13.8)

    ra = rate_adjustment(ds, "qingshui", JUNE)
    impact = out * (raw.va_rate - raw.va_rate_prev) / 100
    # three cuts (针织服装 -1.7, 大米加工 -1.7, 棉纱 -1.7 points) and two small ones
    # (机械制造 -0.2, 食品 -0.2): about -1.00 亿元, -5.86 points of growth
    assert ra.impact_value == pytest.approx(impact.sum()) and -1.05 < ra.impact_value < -0.95
    assert ra.impact_pp == pytest.approx(impact.sum() / prev * 100)
    assert ra.by_industry["industry"].iloc[0] == "针织服装"  # largest output, largest cut
    assert ra.drivers == ["针织服装", "大米加工"]  # 0.657 + 0.180 of |1.004| >= 80%
    # drivers: 针织服装 is the one industry with a third or more of the change
    d = drivers_to_results(growth_drivers(est))
    assert d["output"]["total"] == pytest.approx(out.sum())
    assert d["output"]["total_prev"] == pytest.approx(out_prev.sum())
    assert d["value_added"]["growth_pct"] == pytest.approx(est.nominal_yoy_pct)
    for measure in ("output", "value_added"):
        rows = d[measure]["by_industry"]
        assert [r["industry"] for r in rows if r["material"]] == ["针织服装"]
        assert sum(r["contribution_pp"] for r in rows) == pytest.approx(d[measure]["growth_pct"])
    unchanged = set(raw.industry[raw.va_rate == raw.va_rate_prev])
    by = ra.by_industry.set_index("industry")
    assert (by.loc[sorted(unchanged), "impact_value"] == 0).all()

    p = prices(ds, "qingshui", JUNE)
    assert p.ppi_yoy_pct == pytest.approx((out * raw.ppi_yoy_pct).sum() / out.sum())  # 3.08
    assert p.output_nominal_yoy_pct == 24.1
    assert p.output_real_yoy_pct == pytest.approx((1.241 / (1 + p.ppi_yoy_pct / 100) - 1) * 100)
    y21 = macro[(macro.year == 2021) & (macro.month <= 6)]
    assert p.national_ppi_yoy_pct == 8.8 and p.pmi == 50.9
    assert p.national_ppi_avg_pct == pytest.approx(y21.ppi_yoy_pct.mean())
    may = macro[(macro.year == 2021) & (macro.month == 5)].ppi_yoy_pct.iloc[0]
    assert p.national_ppi_prev_month_yoy_pct == may
    assert p.national_ppi_change_pp == pytest.approx(8.8 - may)
    # PMI 35.7 in February 2020, then >= 50 from March 2020 to June 2021: 10 + 6 months
    assert p.pmi_months_above_50 == 16
    assert not any(map(math.isnan, [p.gap_pp, p.va_gap_pp]))

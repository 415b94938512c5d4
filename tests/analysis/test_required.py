"""Target difficulty checked against numbers worked by hand."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import make_dataset

from halfyear_lib.analysis.required import (
    output_growth_for_va_target,
    required_all,
    required_growth,
)
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


def row(indicator, year, month, value=None, yoy=None, base=None):
    return {
        "region_id": "a",
        "indicator": indicator,
        "year": year,
        "month": month,
        "value": value,
        "yoy_pct": yoy,
        "base": base,
        "unit": "亿元",
    }


def target(indicator, value, kind="value", year=2021):
    return {"region_id": "a", "indicator": indicator, "year": year, "target": value, "kind": kind}


def make(rows, targets, **tables):
    return make_dataset(regions=REGIONS, indicators=rows, targets=targets, **tables)


def test_value_target_behind_and_ahead():
    rows = [
        row("output", 2020, 6, 40.0),
        row("output", 2020, 12, 100.0),
        row("output", 2021, 6, 80.0, 25.0),
        row("output", 2021, 7, 95.0, 24.0),  # after the period: changes nothing
    ]
    r = required_growth(make(rows, [target("output", 150.0)]), "a", "output", JUNE)
    # remaining = 150 - 80 = 70; monthly = 70 / (12 - 6) = 11.667
    # last year's rest = 100 - 40 = 60; rest growth = 70 / 60 - 1 = +16.667%
    assert r.available and r.target_kind == "value" and r.target == 150.0
    assert r.remaining == pytest.approx(70.0)
    assert r.monthly_needed == pytest.approx(11.666667, abs=1e-6)
    assert r.last_year_rest == pytest.approx(60.0)
    assert r.rest_of_year_growth_pct == pytest.approx(16.666667, abs=1e-6)
    assert r.basis == "level" and r.missing == []
    # ahead of schedule: target 75 already exceeded by 5
    # remaining = 75 - 80 = -5; monthly = -5 / 6 = -0.8333; rest growth = -5/60 - 1 = -108.33%
    ahead = required_growth(make(rows, [target("output", 75.0)]), "a", "output", JUNE)
    assert ahead.remaining == pytest.approx(-5.0)
    assert ahead.monthly_needed == pytest.approx(-0.833333, abs=1e-6)
    assert ahead.rest_of_year_growth_pct == pytest.approx(-108.333333, abs=1e-6)


def test_growth_target_with_and_without_comparable_base():
    rows = [
        row("value_added", 2020, 6, 20.0),
        row("value_added", 2020, 12, 50.0),
        row("value_added", 2021, 6, 23.0, None, base=21.0),
    ]
    targets = [target("value_added", 10.0, "growth_pct"), target("value_added", 60.0)]
    r = required_growth(make(rows, targets), "a", "value_added", JUNE)
    # the growth target is preferred over the value target
    # the year's comparable base = B_6 x L_12 / L_6 = 21 x 50 / 20 = 52.5 (targets.py: the
    # one target, also the forecast's); amount = 52.5 x 1.10 = 57.75
    # remaining = 57.75 - 23 = 34.75; monthly = 34.75 / 6 = 5.791667
    # the remaining months' base = 52.5 - 21 = 31.5; rest growth = 34.75 / 31.5 - 1 = 10.317%
    assert r.target_kind == "growth_pct" and r.target == 10.0 and r.basis == "base"
    assert r.target_amount == pytest.approx(57.75)
    assert r.last_year_total == pytest.approx(52.5)
    assert r.remaining == pytest.approx(34.75)
    assert r.monthly_needed == pytest.approx(5.791667, abs=1e-6)
    assert r.rest_of_year_growth_pct == pytest.approx(10.317460, abs=1e-6)
    # without the base: total = published 50; remaining = 1.10 x 50 - 23 = 32
    # rest growth = 32 / 30 - 1 = +6.667%
    no_base = [row("value_added", 2020, 6, 20.0), row("value_added", 2020, 12, 50.0)]
    no_base.append(row("value_added", 2021, 6, 23.0, 15.0))
    r2 = required_growth(make(no_base, targets), "a", "value_added", JUNE)
    assert r2.basis == "level" and r2.last_year_total == pytest.approx(50.0)
    assert r2.remaining == pytest.approx(32.0)
    assert r2.rest_of_year_growth_pct == pytest.approx(6.666667, abs=1e-6)
    # asking for the value target: remaining = 60 - 23 = 37; rest growth 37/30 - 1 = 23.333%
    v = required_growth(make(no_base, targets), "a", "value_added", JUNE, kind="value")
    assert v.target_kind == "value" and v.rest_of_year_growth_pct == pytest.approx(23.333333)


def test_month_12_nothing_remains():
    rows = [row("output", 2020, 12, 100.0), row("output", 2021, 12, 160.0, 60.0)]
    r = required_growth(make(rows, [target("output", 150.0)]), "a", "output", Period(2021, 12))
    # the year exceeded its target by 160 - 150 = 10; no month left to divide by
    assert r.available and r.months_left == 0
    assert r.remaining == pytest.approx(-10.0)
    assert r.monthly_needed is None and r.rest_of_year_growth_pct is None
    assert "no month remains" in r.note
    # growth target 50%: remaining = 1.5 x 100 - 160 = -10 (also exceeded)
    g = required_growth(
        make(rows, [target("output", 50.0, "growth_pct")]), "a", "output", Period(2021, 12)
    )
    assert g.remaining == pytest.approx(-10.0) and g.monthly_needed is None


def test_growth_only_indicator_says_so():
    rows = [
        row("tech_investment", 2020, 6, None, 5.0),
        row("tech_investment", 2020, 12, None, 6.0),
        row("tech_investment", 2021, 6, None, 20.0),
    ]
    targets = [target("tech_investment", 30.0), target("tech_investment", 10.0, "growth_pct")]
    r = required_growth(make(rows, targets), "a", "tech_investment", JUNE)
    assert not r.available and r.remaining is None and r.rest_of_year_growth_pct is None
    assert "growth-only" in r.missing[0]
    assert r.to_results()["rest_of_year_growth_pct"] is None


def test_level_from_base_and_rate_without_last_year_levels():
    # no level, but base 10 and official +20%: this year's to date = 10 x 1.2 = 12
    rows = [row("industrial_investment", 2021, 6, None, 20.0, base=10.0)]
    r = required_growth(make(rows, [target("industrial_investment", 30.0)]), "a",
                        "industrial_investment", JUNE)  # fmt: skip
    # remaining = 30 - 12 = 18, monthly 3.0; no 2020 levels: no rest-of-year growth
    assert r.available and r.ytd_source == "base" and r.ytd == pytest.approx(12.0)
    assert r.remaining == pytest.approx(18.0) and r.monthly_needed == pytest.approx(3.0)
    assert r.rest_of_year_growth_pct is None and "no levels of 2020" in r.missing[0]


def test_no_target():
    r = required_growth(make([row("output", 2021, 6, 80.0)], []), "a", "output", JUNE)
    assert not r.available and r.target_kind is None and r.missing == ["no value target for 2021"]


INDUSTRIES = [
    # A: rate cut 25% -> 20%, output 50 -> 60, PPI +5%; B: rate unchanged at 30%, PPI 0
    {"region_id": "a", "industry": "A", "year": 2021, "month": 6, "output": 60.0,
     "output_prev": 50.0, "va_rate": 20.0, "va_rate_prev": 25.0, "ppi_yoy_pct": 5.0},
    {"region_id": "a", "industry": "B", "year": 2021, "month": 6, "output": 40.0,
     "output_prev": 50.0, "va_rate": 30.0, "va_rate_prev": 30.0, "ppi_yoy_pct": 0.0},
]  # fmt: skip


def test_output_growth_for_va_target_rate_cut_in_one_industry():
    ds = make([], [target("value_added", 8.0, "growth_pct")], industries=INDUSTRIES)
    g = output_growth_for_va_target(ds, "a", JUNE)
    # r = (60 x 20 + 40 x 30) / 100 = 24.0; r_prev = (50 x 25 + 50 x 30) / 100 = 27.5
    # p = (60 x 5 + 40 x 0) / 100 = 3.0
    # G = 1.08 x 1.03 x 27.5 / 24 - 1 = 1.1124 x 1.1458333 - 1 = 27.4625%
    assert g.available
    assert g.va_rate_pct == pytest.approx(24.0) and g.va_rate_prev_pct == pytest.approx(27.5)
    assert g.expected_ppi_pct == pytest.approx(3.0) and g.ppi_source == "industries"
    assert g.required_output_growth_pct == pytest.approx(27.4625)
    # with no price change expected: 1.08 x 1.1458333 - 1 = 23.75%
    flat = output_growth_for_va_target(ds, "a", JUNE, expected_ppi_pct=0.0)
    assert flat.required_output_growth_pct == pytest.approx(23.75) and flat.ppi_source == "given"
    res = flat.to_results()
    assert res["output_growth_for_va_target_pct"] == pytest.approx(23.75)
    assert res["output_growth_for_va_target"]["va_rate_prev_pct"] == pytest.approx(27.5)


def test_output_growth_for_va_target_without_industries_or_target():
    no_table = output_growth_for_va_target(
        make([], [target("value_added", 8.0, "growth_pct")]), "a", JUNE
    )
    assert not no_table.available and no_table.required_output_growth_pct is None
    assert "no industries rows" in no_table.missing[0]
    no_target = output_growth_for_va_target(make([], [], industries=INDUSTRIES), "a", JUNE)
    assert not no_target.available and "no value-added growth target" in no_target.missing[0]


def test_required_all_results_keys():
    rows = [
        row("output", 2020, 6, 40.0),
        row("output", 2020, 12, 100.0),
        row("output", 2021, 6, 80.0),
    ]
    res = required_all(make(rows, [target("output", 150.0)]), "a", JUNE).to_results()["required"]
    assert set(res) == {"output", "output_growth_for_va_target_pct", "output_growth_for_va_target"}
    assert {"target_kind", "target", "remaining", "monthly_needed", "rest_of_year_growth_pct",
            "basis"} <= set(res["output"])  # fmt: skip
    assert res["output_growth_for_va_target_pct"] is None  # no industries table


def test_demo_qingshui_june_2021():
    from halfyear_lib.data.loading import load_dataset
    from halfyear_lib.paths import DEMO_DATA_DIR

    ds = load_dataset(DEMO_DATA_DIR)
    raw = pd.read_csv(DEMO_DATA_DIR / "indicators.csv")
    raw = raw[raw.region_id == "qingshui"].set_index(["indicator", "year", "month"])
    level = raw["value"] / 1e4  # 万元 -> 亿元

    # output, value target 170 亿元 (1,700,000 万元)
    out = required_growth(ds, "qingshui", "output", JUNE)
    remaining = 170.0 - level["output", 2021, 6]
    rest = level["output", 2020, 12] - level["output", 2020, 6]
    assert out.remaining == pytest.approx(remaining)
    assert out.monthly_needed == pytest.approx(remaining / 6)
    assert out.rest_of_year_growth_pct == pytest.approx((remaining / rest - 1) * 100)
    assert -15 < out.rest_of_year_growth_pct < 0  # 1-6月 grew 24.1%: the target is easy

    # value added, growth target 8%: the year's comparable base B_6 x L_12 / L_6
    va = required_growth(ds, "qingshui", "value_added", JUNE)
    base = raw["base"]["value_added", 2021, 6] / 1e4
    year_base = base * level["value_added", 2020, 12] / level["value_added", 2020, 6]
    remaining = 1.08 * year_base - level["value_added", 2021, 6]
    assert va.target_kind == "growth_pct" and va.basis == "base"
    assert va.target_amount == pytest.approx(1.08 * year_base)
    assert va.rest_of_year_growth_pct == pytest.approx((remaining / (year_base - base) - 1) * 100)
    assert 0 < va.rest_of_year_growth_pct < 8  # 13.8% so far: the rest may grow less

    # output growth the 8% value-added target needs, from the industries table
    ind = pd.read_csv(DEMO_DATA_DIR / "industries.csv")
    ind = ind[(ind.region_id == "qingshui") & (ind.year == 2021) & (ind.month == 6)]
    o, op = ind["output(万元)"], ind["output_prev(万元)"]
    r = (o * ind.va_rate).sum() / o.sum()
    r_prev = (op * ind.va_rate_prev).sum() / op.sum()
    p = (o * ind.ppi_yoy_pct).sum() / o.sum()
    g = output_growth_for_va_target(ds, "qingshui", JUNE)
    assert g.required_output_growth_pct == pytest.approx(
        (1.08 * (1 + p / 100) * r_prev / r - 1) * 100
    )
    assert r < r_prev  # the 2021 rate cuts
    assert 10 < g.required_output_growth_pct < 25

"""Innovation indicators against targets, worked by hand."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from conftest import make_dataset

from halfyear_lib.analysis.innovation import INNOVATION_INDICATORS, innovation_status
from halfyear_lib.data.periods import Period

REGIONS = [
    {"region_id": "c", "name": "江洲市", "kind": "city", "parent_id": None, "rank_groups": ""},
    {"region_id": "a", "name": "甲县", "kind": "county", "parent_id": "c", "rank_groups": "city"},
    {"region_id": "b", "name": "乙县", "kind": "county", "parent_id": "c", "rank_groups": "city"},
]
JUNE = Period(2021, 6)


def row(indicator, year, month, value=None, yoy=None, unit="亿元", region="a"):
    return {"region_id": region, "indicator": indicator, "year": year, "month": month,
            "value": value, "yoy_pct": yoy, "unit": unit}  # fmt: skip


def target(indicator, value, kind="value"):
    return {"region_id": "a", "indicator": indicator, "year": 2021, "target": value, "kind": kind}


ROWS = [
    row("rd_expense", 2021, 6, 3.0, 20.0),
    row("rd_expense", 2021, 7, 3.9, 21.0),  # after the period: changes nothing
    row("tech_contracts", 2021, 6, None, 30.0),  # growth only
    row("hitech_firm_applications", 2020, 6, 10, None, "家"),
    row("hitech_firm_applications", 2021, 6, 12, None, "家"),  # no official rate
    row("tech_smes", 2021, 6, 40, 5.0, "家"),  # no target
]
TARGETS = [
    target("rd_expense", 8.0),
    target("rd_expense", 15.0, "growth_pct"),
    target("tech_contracts", 2.0),
    target("hitech_firm_applications", 16),
]


@pytest.fixture
def inno():
    ds = make_dataset(regions=REGIONS, indicators=ROWS, targets=TARGETS)
    return innovation_status(ds, "a", JUNE)


def test_completion_schedule_and_growth_gap(inno):
    rd = inno.row("rd_expense")
    # completion = 3.0 / 8.0 = 37.5%; time progress 6/12 = 50%; gap = 37.5 - 50 = -12.5 pp
    assert rd.value == 3.0 and rd.yoy_pct == 20.0 and rd.yoy_source == "official"
    assert rd.completion_pct == pytest.approx(37.5)
    assert rd.time_progress_pct == 50.0
    assert rd.schedule_gap_pp == pytest.approx(-12.5)
    # growth target 15%: 20.0 - 15.0 = +5.0 pp
    assert rd.target_growth_pct == 15.0 and rd.growth_gap_pp == pytest.approx(5.0)
    assert rd.reason is None


def test_counts_with_computed_growth(inno):
    apps = inno.row("hitech_firm_applications")
    # 12 / 10 - 1 = 20% (no official rate); 12 / 16 = 75%; 75 - 50 = +25 pp
    assert apps.unit == "家"
    assert apps.yoy_pct == pytest.approx(20.0) and apps.yoy_source == "computed"
    assert apps.completion_pct == pytest.approx(75.0)
    assert apps.schedule_gap_pp == pytest.approx(25.0)


def test_growth_only_missing_target_and_no_data(inno):
    tc = inno.row("tech_contracts")
    assert tc.value is None and tc.yoy_pct == 30.0 and tc.target == 2.0
    assert tc.completion_pct is None and tc.schedule_gap_pp is None
    assert tc.reason == "no_level"
    smes = inno.row("tech_smes")
    assert smes.value == 40 and smes.completion_pct is None and smes.reason == "no_target"
    none = innovation_status(make_dataset(regions=REGIONS), "b", JUNE)
    assert [r.reason for r in none.rows] == ["no_data"] * 4
    json.dumps(none.to_results(), allow_nan=False)


def test_results_keys(inno):
    res = inno.to_results()
    assert list(res) == list(INNOVATION_INDICATORS)
    keys = {"value", "unit", "yoy_pct", "target", "completion_pct", "schedule_gap_pp",
            "target_growth_pct", "reason"}  # fmt: skip
    for code in INNOVATION_INDICATORS:
        assert keys <= set(res[code])
    assert res["rd_expense"]["completion_pct"] == pytest.approx(37.5)
    json.dumps(res, allow_nan=False)


def test_demo_qingshui_june_2021():
    from halfyear_lib.data.loading import load_dataset
    from halfyear_lib.paths import DEMO_DATA_DIR

    inno = innovation_status(load_dataset(DEMO_DATA_DIR), "qingshui", JUNE)
    ind = pd.read_csv(DEMO_DATA_DIR / "indicators.csv")
    tgt = pd.read_csv(DEMO_DATA_DIR / "targets.csv")
    for code in INNOVATION_INDICATORS:
        r = ind.loc[(ind.region_id == "qingshui") & (ind.indicator == code)
                    & (ind.year == 2021) & (ind.month == 6)].iloc[0]  # fmt: skip
        t = tgt.loc[(tgt.region_id == "qingshui") & (tgt.indicator == code)
                    & (tgt.year == 2021) & (tgt.kind == "value")].iloc[0]  # fmt: skip
        # the raw file writes both in 万元 (amounts) or 家: the ratio does not depend on it
        expected = r.value / t.target * 100
        got = inno.row(code)
        assert got.completion_pct == pytest.approx(expected), code
        assert got.schedule_gap_pp == pytest.approx(expected - 50.0), code
        assert got.yoy_pct == pytest.approx(r.yoy_pct), code
    # rd_expense: 22783.77 / 46000 = 49.5%, 0.5 pp behind; tech contracts 13181.02 / 11000
    assert inno.row("rd_expense").value == pytest.approx(2.278377)  # 亿元
    assert inno.row("rd_expense").schedule_gap_pp == pytest.approx(-0.47, abs=0.01)
    assert inno.row("tech_contracts").completion_pct == pytest.approx(119.83, abs=0.01)
    assert inno.row("tech_smes").completion_pct == pytest.approx(55 / 70 * 100)

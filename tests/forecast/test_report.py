"""forecast_report end to end on the real engine (small: one indicator, few paths)."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from conftest import make_dataset
from forecast_data import REGIONS, Y2020, Y2021, cumulative_rows

from halfyear_lib.data.dataset import DataSet
from halfyear_lib.data.loading import load_dataset
from halfyear_lib.data.periods import Period
from halfyear_lib.forecast import engine, models
from halfyear_lib.forecast.report import forecast_report
from halfyear_lib.paths import DATA_DIR

FAST = {"workers": 1, "n_paths": 200}


@pytest.fixture(scope="module")
def demo_2017():
    """The demo's 清水县 from 2017: three years of history before 2020."""
    ds = load_dataset(DATA_DIR / "demo")
    tables = dict(ds.tables)
    ind = tables["indicators"]
    tables["indicators"] = ind.loc[(ind["year"] >= 2017) & (ind["region_id"] == "qingshui")]
    return DataSet(tables, ds.source)


def later_rows_changed(ds: DataSet, period: Period) -> DataSet:
    tables = dict(ds.tables)
    ind = tables["indicators"].copy()
    later = (ind["year"] > period.year) | (
        (ind["year"] == period.year) & (ind["month"] > period.month)
    )
    ind.loc[later, "value"] = ind.loc[later, "value"] * 1.5
    ind.loc[later, "yoy_pct"] = ind.loc[later, "yoy_pct"] + 20
    tables["indicators"] = ind
    return DataSet(tables, ds.source)


def comparable(results: dict) -> str:
    return json.dumps({k: v for k, v in results.items() if k != "seconds"}, sort_keys=True)


def test_a_projection_uses_nothing_after_its_period(demo_2017):
    period = Period(2020, 5)
    a = forecast_report(demo_2017, "qingshui", period, indicators=("output",), **FAST)
    b = forecast_report(
        later_rows_changed(demo_2017, period),
        "qingshui",
        period,
        indicators=("output",),
        **FAST,
    )
    assert comparable(a.to_results()) == comparable(b.to_results())
    res = a.to_results()
    # 1-5月 gives both the half-year nowcast and the full-year projection
    assert set(res["nowcast"]) == {"output"} and set(res["full_year"]) == {"output"}
    # backtest years end before 2020: 2018 (baselines' errors) and 2019 (scored)
    assert res["backtest_years"]["output"] == [2019]
    assert res["backtest"]["output"]["rule"]["n"] == 7  # origins 5, 6, ..., 11 of 2019
    fy = res["full_year"]["output"]
    assert fy["months_left"] == 7
    ind = demo_2017.indicators
    out2020 = ind.loc[(ind["indicator"] == "output") & (ind["year"] == 2020)]
    assert res["path"]["output"]["actual"][:4] == pytest.approx(list(out2020["value"])[:4])
    assert res["path"]["output"]["actual"][4:] == [None] * 7


def test_the_full_year_interval_contains_the_point_and_nests(demo_2017):
    res = forecast_report(
        demo_2017, "qingshui", Period(2020, 8), indicators=("output",), **FAST
    ).to_results()
    fy = res["full_year"]["output"]
    assert fy["lo95"] <= fy["lo80"] <= fy["hi80"] <= fy["hi95"]
    # amounts and growth agree through the projected comparable base
    assert fy["value"] == pytest.approx(fy["base_total"] * (1 + fy["yoy_pct"] / 100))
    assert fy["lo80"] == pytest.approx(fy["base_total"] * (1 + fy["yoy_lo80"] / 100))
    # the fan starts at the last observation and ends at the projected total
    path = res["path"]["output"]
    i = path["months"].index(8)
    assert path["mean"][i] == path["actual"][i]
    assert path["mean"][-1] == pytest.approx(fy["value"])
    # the method is the backtest's choice, and its row is in the table
    assert res["chosen"]["output"] == fy["model"]
    assert fy["model"] in res["backtest"]["output"]
    assert 0.0 <= fy["p_meet_target"] <= 1.0


def growth_only_dataset():
    rows = []
    rates = {2018: (8.0, 9.0, 9.5), 2019: (6.0, 6.5, 7.5), 2020: (-3.0, 0.0, 2.0)}
    for year, (g5, g6, g12) in rates.items():
        for month, g in ((5, g5), (6, g6), (12, g12)):
            rows.append(
                {"region_id": "aa", "indicator": "output", "year": year, "month": month}
                | {"yoy_pct": g}
            )
    rows.append(
        {"region_id": "aa", "indicator": "output", "year": 2021, "month": 6, "yoy_pct": 12.0}
    )
    targets = [
        {"region_id": "aa", "indicator": "output", "year": 2021, "target": 10.0}
        | {"kind": "growth_pct"}
    ]
    return make_dataset(regions=REGIONS, indicators=rows, targets=targets)


def test_growth_only_data_are_projected_in_growth_terms():
    res = forecast_report(growth_only_dataset(), "aa", Period(2021, 6), **FAST).to_results()
    assert res["indicators"] == ["output"]
    fy = res["full_year"]["output"]
    assert fy["growth_only"] and fy["value"] is None and fy["lo80"] is None
    # the backtest (2019, 2020 scored: each has a year before) compares rule and drift at 1-6月:
    # rule errors: 2019 6.5 - 7.5 = -1, 2020 0 - 2 = -2  -> MAE 1.5
    # drift: 2019 6.5 + (9.5 - 9.0) = 7.0 -> -0.5; 2020 0 + mean(7.5-6.5, 9.5-9.0) = 0.75
    #        -> -1.25; MAE 0.875: drift wins; now 12 + mean(2 - 0, 7.5 - 6.5, 9.5 - 9) = 13.1667
    bt = res["backtest"]["output"]
    assert bt["rule"]["mae_pp"] == pytest.approx(1.5)
    assert bt["drift"]["mae_pp"] == pytest.approx(0.875)
    assert fy["model"] == "drift"
    assert fy["yoy_pct"] == pytest.approx(12 + (2.0 + 1.0 + 0.5) / 3)
    assert fy["monthly_needed"] is None
    assert {"code": "growth_only", "indicator": "output"} in res["notes"]
    assert res["path"]["output"]["scale"] == "growth"


def test_a_short_history_degrades_to_the_baselines():
    rows = cumulative_rows("aa", "output", 2020, Y2020) + cumulative_rows(
        "aa", "output", 2021, Y2021
    )
    res = forecast_report(
        make_dataset(regions=REGIONS, indicators=rows), "aa", Period(2021, 6), **FAST
    ).to_results()
    fy = res["full_year"]["output"]
    assert fy["model"] == "rule"
    # rule: 1-6月 74.8 on 66 (+13.33%) holds: 132 x 1.1333 = 149.6; no past year, no interval
    assert fy["value"] == pytest.approx(149.6)
    assert fy["lo80"] is None and fy["p_meet_target"] is None
    codes = [n["code"] for n in res["notes"]]
    assert "no_backtest" in codes and "short_history" in codes


def test_a_failed_fit_now_falls_back_with_a_note(monkeypatch, demo_2017):
    monkeypatch.setenv("HALFYEAR_CACHE_DIR", "off")
    real = engine.fit_models

    def failing_now(y, period, h, **kw):
        res = real(y, period, h, **kw)
        if len(y) == 3 * 11 + 7:  # the fit at 2020 1-8月 (2017-2019 plus 7 slots)
            return models.FitResult(
                {}, {m: "fit failed: test" for m in ("ets", "airline", "theta")}
            )
        return res

    monkeypatch.setattr(engine, "fit_models", failing_now)
    res = forecast_report(
        demo_2017, "qingshui", Period(2020, 8), indicators=("output",), **FAST
    ).to_results()
    chosen = res["chosen"]["output"]
    fy = res["full_year"]["output"]
    if chosen in ("ets", "airline", "theta", "comb"):
        assert fy["model"] in ("rule", "snaive", "shares")
        assert any(n["code"] == "fallback" and n["chosen"] == chosen for n in res["notes"])
    else:  # a baseline was chosen: it needs no fit
        assert fy["model"] == chosen
    assert any(n["code"] == "dropped" and n["reason"] == "fit failed: test" for n in res["notes"])


def test_results_are_plain_json(demo_2017):
    res = forecast_report(
        demo_2017, "qingshui", Period(2020, 12), indicators=("output",), **FAST
    ).to_results()
    assert res["complete"] and res["full_year"] == {} and res["nowcast"] == {}
    assert res["backtest"]["output"]["rule"]["kind"] == "baseline"
    text = json.dumps(res, allow_nan=False)
    assert "NaN" not in text
    assert isinstance(np.float64(1.0), float) and pd.notna(
        res["backtest"]["output"]["rule"]["mae_pp"]
    )


def test_fits_are_cached_and_a_changed_series_is_refitted(monkeypatch, tmp_path, demo_2017):
    monkeypatch.setenv("HALFYEAR_CACHE_DIR", str(tmp_path))
    period = Period(2020, 9)
    first = forecast_report(demo_2017, "qingshui", period, indicators=("output",), **FAST)
    entries = list(tmp_path.rglob("*.npz"))
    assert len(entries) == 6 + 1  # 2019 at origins 1-6月 .. 1-11月, and 2020 1-9月
    calls = []
    real = engine.fit_models

    def counting(*args, **kw):
        calls.append(1)
        return real(*args, **kw)

    monkeypatch.setattr(engine, "fit_models", counting)
    again = forecast_report(demo_2017, "qingshui", period, indicators=("output",), **FAST)
    assert calls == []  # every fit read back
    assert comparable(again.to_results()) == comparable(first.to_results())
    # a revised September (the fit now) is a miss; the past years' fits are not
    revised = later_rows_changed(demo_2017, Period(2020, 8))
    forecast_report(revised, "qingshui", period, indicators=("output",), **FAST)
    assert len(calls) == 1
    # a damaged entry is a miss, not an error
    for entry in tmp_path.rglob("*.npz"):
        entry.write_bytes(b"not a zip")
    forecast_report(demo_2017, "qingshui", period, indicators=("output",), **FAST)
    assert len(calls) == 1 + 7


def test_the_growth_target_is_the_one_measured_when_a_year_has_both(demo_2017):
    tables = dict(demo_2017.tables)
    t = tables["targets"]
    extra = t.loc[(t["region_id"] == "qingshui") & (t["indicator"] == "output")].copy()
    extra = extra.loc[extra["year"] == 2020].assign(kind="growth_pct", target=5.0)
    tables["targets"] = pd.concat([t, extra], ignore_index=True)
    res = forecast_report(
        DataSet(tables, "x"), "qingshui", Period(2020, 8), indicators=("output",), **FAST
    ).to_results()
    fy = res["full_year"]["output"]
    assert fy["target_kind"] == "growth_pct" and fy["target_growth_pct"] == 5.0
    assert fy["p_meet_target"] == fy["p_meet_growth_target"]
    assert "beats_rule_nowcast" in res

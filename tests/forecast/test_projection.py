"""Cumulative totals from simulated months, intervals, calibration and target odds."""

from __future__ import annotations

import numpy as np
import pytest
from forecast_data import small_levels

from halfyear_lib.forecast.projection import (
    FitPaths,
    Interval,
    Prediction,
    calibrate,
    calibration_factors,
    normalized_error,
    predict,
    probability_at_least,
    raw_interval,
    target_threshold,
    with_residuals,
)
from halfyear_lib.forecast.series import history


def iid_paths(mu: float, sigma: float, h: int, n: int = 40000, seed: int = 1) -> FitPaths:
    rng = np.random.default_rng(seed)
    months = rng.normal(mu, sigma, size=(n, h))
    return FitPaths("ets", "iid", np.cumsum(np.full(h, mu)), np.cumsum(months, axis=1))


def test_the_interval_of_a_cumulative_total_sums_the_months_jointly():
    """Six independent months of N(11, 2): the total is N(66, 2 x sqrt(6)) = N(66, 4.899).

    1-12月 = 74.8 (1-6月) + the six months; its 95% interval is 140.8 +- 1.96 x 4.899
    = [131.20, 150.40], i.e. growth on B_hat = 132 of [-0.61%, 13.94%]. Summing the
    months' own intervals instead would give +-1.96 x 2 x 6 = +-23.5: far too wide.
    """
    h = history(small_levels(), "aa", "output")
    p = predict(h, "ets", 2021, 6, 12, iid_paths(11.0, 2.0, 6))
    assert p.amount == pytest.approx(140.8)
    assert p.growth == pytest.approx((140.8 / 132 - 1) * 100)
    iv = raw_interval(p)
    lo, hi = iv.bounds[95]
    assert p.to_amount(lo) == pytest.approx(131.20, abs=0.15)
    assert p.to_amount(hi) == pytest.approx(150.40, abs=0.15)
    # 1-9月 uses the first three months only: 74.8 + 33 = 107.8 on B_hat(9) = 99
    p9 = predict(h, "ets", 2021, 6, 9, iid_paths(11.0, 2.0, 6))
    assert p9.amount == pytest.approx(107.8)
    assert p9.base == pytest.approx(99.0)


def test_a_baseline_interval_comes_from_its_past_errors_scaled_to_the_horizon():
    p = Prediction("rule", 2021, 6, 12, growth=10.0)
    # errors in units of s(h, T) = sqrt(h) / (slot(T) + 1): six months left of 1-12月
    # give s = sqrt(6) / 11 = 0.2227, so errors 1..5 units become 0.22 .. 1.11 points
    with_residuals(p, np.array([1.0, 2.0, 3.0, 4.0, 5.0]), n_years=2)
    assert p.scale == pytest.approx(6**0.5 / 11)
    assert p.samples == pytest.approx(10 + 6**0.5 / 11 * np.array([1, 2, 3, 4, 5]))
    assert raw_interval(p).center == pytest.approx(10 + 3 * 6**0.5 / 11)
    # the half year from 1-5月: one month left of a total of 5 slots, s = 1/5: a miss of
    # the same months moves half-year growth about twice as much as annual growth
    half = Prediction("rule", 2021, 5, 6, growth=10.0)
    assert half.scale == pytest.approx(0.2)
    # too few errors, or all from one year: no samples, no interval
    q = with_residuals(Prediction("rule", 2021, 6, 12, 10.0), np.array([1.0, 2.0]), 2)
    assert q.samples is None and raw_interval(q) is None
    one_year = with_residuals(Prediction("rule", 2021, 6, 12, 10.0), np.arange(6.0), 1)
    assert one_year.samples is None


def test_probability_from_few_past_errors_is_never_certain():
    p = Prediction("rule", 2021, 6, 12, 10.0)
    with_residuals(p, np.zeros(9), n_years=3)  # nine errors of 0: every sample is 10
    # the share above 5 is 9/9, reported as at most 9/10
    assert probability_at_least(p, 5.0) == pytest.approx(0.9)
    assert probability_at_least(p, 15.0) == pytest.approx(0.1)


def test_normalized_error_measures_the_outcome_in_half_widths():
    iv = Interval(10.0, {80: (8.0, 12.0), 95: (7.0, 14.0)})
    assert normalized_error(iv, 13.0, 80) == pytest.approx(1.5)  # (13 - 10) / (12 - 10)
    assert normalized_error(iv, 9.0, 80) == pytest.approx(0.5)  # (10 - 9) / (10 - 8)
    assert normalized_error(iv, 13.0, 95) == pytest.approx(0.75)  # 3 / 4


def test_calibration_factor_is_the_level_quantile_of_normalized_errors():
    u = [0.5] * 7 + [2.0]
    # 80%: position 0.8 x 7 = 5.6 between 0.5 and 0.5 -> 0.5, raised to 1: never narrowed
    # 95%: position 6.65: 0.5 + 0.65 x (2.0 - 0.5) = 1.475
    f = calibration_factors({80: u, 95: u})
    assert f[80] == pytest.approx(1.0)
    assert f[95] == pytest.approx(1.475)
    # the wider level is never scaled less than the narrower one
    f = calibration_factors({80: [3.0] * 8, 95: [1.5] * 8})
    assert f == {80: 3.0, 95: 3.0}
    assert calibration_factors({80: u[:7], 95: u[:7]}) is None  # fewer than 8 cases


def test_calibration_scales_each_side_and_keeps_levels_nested():
    iv = Interval(10.0, {80: (8.0, 12.0), 95: (7.0, 13.0)})
    out = calibrate(iv, {80: 2.0, 95: 1.0})
    # 80%: 10 -+ 2 x 2 = (6, 14); 95% (7, 13) would sit inside it: widened to (6, 14)
    assert out.bounds[80] == (6.0, 14.0)
    assert out.bounds[95] == (6.0, 14.0)
    assert calibrate(iv, None) is iv


def test_probability_of_meeting_a_target():
    p = Prediction("ets", 2021, 6, 12, 3.0, samples=np.array([1.0, 2.0, 3.0, 4.0, 5.0]))
    assert probability_at_least(p, 3.0) == pytest.approx(0.6)
    assert probability_at_least(Prediction("rule", 2021, 6, 12, 3.0), 3.0) is None
    # a value target of 150 on a comparable base of 132 needs 13.636% growth
    q = Prediction("rule", 2021, 6, 12, 10.0, amount=145.2, base=132.0)
    assert target_threshold(q, "value", 150.0) == pytest.approx((150 / 132 - 1) * 100)
    assert target_threshold(q, "growth_pct", 8.0) == 8.0
    assert target_threshold(Prediction("rule", 2021, 6, 12, 10.0), "value", 150.0) is None


def test_calibrated_samples_widen_the_odds_of_an_unlikely_target():
    rng = np.random.default_rng(0)
    p = Prediction("ets", 2021, 6, 12, 0.0, samples=rng.normal(0, 1, 20000))
    raw = probability_at_least(p, 1.2816)  # the raw 90th percentile: P = 0.10
    wide = probability_at_least(p, 1.2816, factors={80: 2.0, 95: 2.0})
    assert raw == pytest.approx(0.10, abs=0.01)
    # deviations doubled: P(2Z >= 1.2816) = P(Z >= 0.6408) = 0.261
    assert wide == pytest.approx(0.261, abs=0.01)

"""forecast_series and its seasonal adjustment, against numbers worked by hand."""

from __future__ import annotations

import numpy as np
import pytest

from halfyear_lib.forecast.general import forecast_series, intervals, seasonal_indices
from halfyear_lib.forecast.models import classical_seasonal, seasonality_test

PATTERN = np.array([0.8, 0.9, 1.0, 1.05, 1.1, 1.0, 0.95, 1.0, 1.05, 1.1, 1.05, 1.0])


def test_classical_indices_of_a_pure_pattern_worked_by_hand():
    # period 4, 10 * [.8, 1.2, .9, 1.1] three times: the centred 2x4 moving average of a
    # periodic series is its mean, 10, so each ratio is the pattern itself
    y = 10 * np.tile([0.8, 1.2, 0.9, 1.1], 3)
    assert classical_seasonal(y, 4) == pytest.approx([0.8, 1.2, 0.9, 1.1])
    # additive: 10 + [-2, 2, -1, 1] gives the differences
    y = 10 + np.tile([-2.0, 2.0, -1.0, 1.0], 3)
    assert classical_seasonal(y, 4, multiplicative=False) == pytest.approx([-2, 2, -1, 1])


def test_seasonality_test_at_ninety_percent():
    t = np.arange(48)
    assert seasonality_test(100 * PATTERN[t % 12], 12)
    # a straight line: r_12 of a line is large too, but so are r_1..r_11 (Bartlett's standard
    # error grows with them); with noise only, the lag-12 autocorrelation is small
    noise = np.random.default_rng(0).normal(0, 1, 48)
    r12 = np.corrcoef(noise[:-12], noise[12:])[0, 1]
    assert abs(r12) < 1.645 / np.sqrt(48)  # the draw is within the limit...
    assert not seasonality_test(noise, 12)  # ...so the test says not seasonal
    assert not seasonality_test(100 * PATTERN[t[:30] % 12], 12)  # fewer than 3 seasons
    indices, multiplicative = seasonal_indices(100 * PATTERN[t % 12], 12)
    assert multiplicative and indices == pytest.approx(PATTERN / PATTERN.mean())


def test_noiseless_seasonal_series_is_forecast_closely_with_ordered_intervals():
    t = np.arange(78)
    full = 100 * 1.05 ** (t / 12) * PATTERN[t % 12]
    full *= np.exp(np.random.default_rng(1).normal(0, 0.002, 78))
    df = forecast_series(full[:60], 18, n_paths=300)
    assert list(df.columns) == ["mean", "lo80", "hi80", "lo95", "hi95"]
    assert len(df) == 18
    # Theta takes half the 5% growth: 1.05^(-18/24) - 1 = -3.6% at 18 months; airline takes
    # all of it and damped ETS most: their mean is within 3% of the truth
    assert df["mean"].to_numpy() == pytest.approx(full[60:], rel=0.03)
    assert np.all(df["lo95"] <= df["lo80"]) and np.all(df["lo80"] <= df["mean"])
    assert np.all(df["mean"] <= df["hi80"]) and np.all(df["hi80"] <= df["hi95"])


def test_the_combination_weighs_three_members_none_a_near_duplicate():
    from halfyear_lib.forecast import engine
    from halfyear_lib.forecast.general import candidate_forecasts

    t = np.arange(60)
    # a wandering level (random walk on logs), which the airline model's differences suit
    y = 100 * PATTERN[t % 12] * np.exp(np.cumsum(np.random.default_rng(3).normal(0, 0.02, 60)))
    fc, dropped = candidate_forecasts(y, 6, n_paths=100)
    assert dropped == {}
    # one ETS form (damped trend) only: two ETS forms would take half the weight
    assert set(fc) == {"ets", "theta", "airline", "comb"}
    assert fc["ets"].spec == "ETS(A,Ad,N) (seasonally adjusted) on logs"
    res = engine.forecast(y, 6, engine.Options(), n_paths=100)
    mean = sum(res.weights[k] * res.members[k].mean for k in res.members)
    assert fc["comb"].mean == pytest.approx(mean)
    # forecast_series returns the combination's calibrated quantiles
    df = forecast_series(y, 6, n_paths=100)
    assert df["mean"].to_numpy() == pytest.approx(mean)
    assert df["hi95"].to_numpy() == pytest.approx(np.quantile(res.comb.paths, 0.975, axis=0))


def test_levels_and_methods():
    y = 50 + np.cumsum(np.random.default_rng(2).normal(0, 1, 40))
    df = forecast_series(y, 5, levels=(50,), method="theta", n_paths=100)
    assert list(df.columns) == ["mean", "lo50", "hi50"]
    with pytest.raises(ValueError, match="unknown method"):
        forecast_series(y, 5, method="prophet")


def test_a_tiny_series_falls_back_to_the_naive_forecast():
    # 3 points: no model can be fitted; naive forecast = last value, one-step errors
    # 2 - 1 = 1 and 4 - 2 = 2, sigma = sqrt((1 + 4) / 2) = 1.58; random walk: sd at step i
    # is 1.58 sqrt(i), so the 80% interval at step 4 is 4 +- 1.2816 * 1.58 * 2 = +- 4.05
    df = forecast_series([1.0, 2.0, 4.0], 4, n_paths=20_000)
    assert df["mean"].tolist() == [4.0, 4.0, 4.0, 4.0]
    assert df["hi80"].iloc[3] - 4 == pytest.approx(1.2816 * np.sqrt(2.5) * 2, rel=0.05)


def test_intervals_are_quantiles_of_the_paths():
    # paths 0..99 at every step: the 80% interval is the 10% and 90% quantiles, 9.9 and 89.1
    paths = np.tile(np.arange(100.0)[:, None], (1, 2))
    df = intervals(np.array([50.0, 50.0]), paths, levels=(80,))
    assert df["lo80"].tolist() == pytest.approx([9.9, 9.9])
    assert df["hi80"].tolist() == pytest.approx([89.1, 89.1])

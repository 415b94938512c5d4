"""The forecasting engine: rolling origins, per-series weights, per-horizon calibration, zeros
and short series, against numbers worked by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from halfyear_lib.forecast import engine
from halfyear_lib.forecast.models import ModelForecast

PATTERN = np.array([0.8, 0.9, 1.0, 1.05, 1.1, 1.0, 0.95, 1.0, 1.05, 1.1, 1.05, 1.0])


def test_origins_worked_by_hand():
    opts = engine.Options(period=12, origins=3)
    # n = 60, h = 12: step ceil(12 / 3) = 4, origins 60 - 12 = 48, 52, 56
    assert engine.origins_for(60, 12, opts) == [48, 52, 56]
    # h = 18: step 6, origins 42, 48, 54
    assert engine.origins_for(60, 18, opts) == [42, 48, 54]
    # n = 40, h = 18: 22 < 2 * 12 + 3 = 27 points is too short for a seasonal pool
    assert engine.origins_for(40, 18, opts) == [28, 34]
    # ...but not for a series found not seasonal (ten points are enough)
    assert engine.origins_for(40, 18, opts, seasonal=False) == [22, 28, 34]
    assert engine.origins_for(60, 12, engine.Options(origins=0)) == []


def test_inverse_error_weights_worked_by_hand():
    errors = {"ets": 1.0, "theta": 2.0, "airline": 4.0}
    names = list(errors)
    # 1/e = 1, .5, .25, sum 1.75: 4/7, 2/7, 1/7
    w = engine.combination_weights(errors, names, shrink=1.0)
    assert [w[k] for k in names] == pytest.approx([4 / 7, 2 / 7, 1 / 7])
    # half way to the equal mean: .5 * 4/7 + .5 / 3 = .4524
    w = engine.combination_weights(errors, names, shrink=0.5)
    assert w["ets"] == pytest.approx(0.5 * 4 / 7 + 0.5 / 3)
    assert sum(w.values()) == pytest.approx(1.0)
    assert engine.combination_weights(errors, names, shrink=0.0) == pytest.approx(
        {k: 1 / 3 for k in names}
    )
    # a member without origin errors: every member on equal footing
    assert engine.combination_weights({"ets": 1.0}, ["ets", "theta"], 1.0) == {
        "ets": 0.5,
        "theta": 0.5,
    }


def _constant_paths(value: float, n: int, h: int) -> np.ndarray:
    return np.full((n, h), value)


def test_weighted_mean_and_pooled_paths_follow_the_weights():
    h, n = 3, 1000
    a = ModelForecast("ets", "a", np.full(h, 100.0), _constant_paths(110.0, n, h), 0.0)
    b = ModelForecast("theta", "b", np.full(h, 200.0), _constant_paths(180.0, n, h), 0.0)
    comb = engine.weighted({"ets": a, "theta": b}, {"ets": 0.75, "theta": 0.25}, n, 0, True)
    # mean .75 * 100 + .25 * 200 = 125
    assert comb.mean == pytest.approx([125.0] * h)
    # 750 paths from a moved by ratio: 125 * 110 / 100 = 137.5; 250 from b: 125 * .9 = 112.5
    assert np.sum(np.isclose(comb.paths[:, 0], 137.5)) == 750
    assert np.sum(np.isclose(comb.paths[:, 0], 112.5)) == 250


def _normal_forecast(sd: np.ndarray, n_paths: int = 4000, seed: int = 0) -> ModelForecast:
    """A forecast of 0 on a level scale with independent normal paths of sd ``sd`` per step."""
    rng = np.random.default_rng(seed)
    h = len(sd)
    z = rng.standard_normal((n_paths, h))
    z = (z - z.mean(axis=0)) / z.std(axis=0)  # exactly sd 1 at each step
    return ModelForecast("x", "x", np.zeros(h), z * sd, 0.0)


def test_calibration_factor_worked_by_hand():
    f = _normal_forecast(np.array([1.0, 2.0]))
    opts = engine.Options(prior_errors=2.0, min_errors=0)
    # step 1 pools steps 1..2 (k // 2 = 0 -> 1, 2k = 2); step 2 pools steps 1..4
    # errors 3 at step 1 (u = 3) and 4 at step 2 (u = 4 / 2 = 2): u^2 = 9 and 4
    factors, counts = engine._factors(f, np.array([3.0, 4.0]), np.array([1, 2]), False, opts)
    # f^2 = (9 + 4 + 2) / (2 + 2) = 3.75 at both steps
    assert counts.tolist() == [2, 2]
    assert factors == pytest.approx([math.sqrt(3.75)] * 2, rel=1e-6)
    # errors small but few: never narrower than the model's own width below min_errors
    opts = engine.Options(prior_errors=2.0, min_errors=8)
    factors, _ = engine._factors(f, np.array([0.1, 0.1]), np.array([1, 2]), False, opts)
    assert factors == pytest.approx([1.0, 1.0])
    # ...and with enough errors it narrows: 40 errors of u = .5: f^2 = (40 * .25 + 2) / 42
    steps = np.repeat([1, 2], 20)
    errors = np.where(steps == 1, 0.5, 1.0)
    factors, _ = engine._factors(f, errors, steps, False, opts)
    assert factors == pytest.approx([math.sqrt(12 / 42)] * 2, rel=1e-6)


def test_calibrated_intervals_cover_known_errors():
    # a model whose own spread is half the truth's: errors N(0, 2^2) against paths N(0, 1)
    h = 6
    f = _normal_forecast(np.ones(h))
    rng = np.random.default_rng(11)
    steps = np.tile(np.arange(1, h + 1), 100)
    errors = rng.normal(0, 2.0, len(steps))
    opts = engine.Options(prior_errors=12.0, tail_df=0.0)
    factors, counts = engine._factors(f, errors, steps, False, opts)
    assert factors == pytest.approx([2.0] * h, rel=0.1)
    cal = engine._scaled(f, factors, False)
    # new errors from the same truth: the calibrated 95% interval covers about 95% of them,
    # the model's own about 68% (1.96 sd of 1 against sd 2: P(|z| < .98) = .67)
    fresh = rng.normal(0, 2.0, (4000, h))

    def coverage(paths, level):
        a = (100 - level) / 200
        lo, hi = np.quantile(paths, [a, 1 - a], axis=0)
        return float(np.mean((fresh >= lo) & (fresh <= hi)))

    assert coverage(f.paths, 95) == pytest.approx(0.67, abs=0.03)
    assert coverage(cal.paths, 95) == pytest.approx(0.95, abs=0.02)
    assert coverage(cal.paths, 80) == pytest.approx(0.80, abs=0.03)


def test_student_mixture_widens_the_tails_more_than_the_middle():
    h = 4
    f = _normal_forecast(np.ones(h), n_paths=20000)
    t = engine._scaled(f, np.ones(h), False, tail_df=10.0, seed=1)
    q = lambda p, level: np.quantile(p[:, 0], 1 - (100 - level) / 200)  # noqa: E731
    # the median scale is kept: the 50% interval about the same, the 95% wider
    assert q(t.paths, 50) == pytest.approx(q(f.paths, 50), rel=0.08)
    assert q(t.paths, 95) / q(f.paths, 95) > 1.05


def _seasonal(n: int, seed: int, sd: float = 0.03, trend: float = 0.004) -> np.ndarray:
    t = np.arange(n)
    rng = np.random.default_rng(seed)
    return 100 * PATTERN[t % 12] * np.exp(trend * t + np.cumsum(rng.normal(0, sd, n)))


def test_engine_weighs_members_on_their_origin_errors():
    # a random walk on logs with a fixed seasonal pattern
    y = _seasonal(96, 3)
    res = engine.forecast(y, 12, engine.Options(), n_paths=200)
    assert set(res.members) == {"ets", "theta", "airline"}
    assert res.origin_errors.origins == [84, 88, 92]
    # 12 + 8 + 4 steps with an actual value
    assert len(res.origin_errors.steps) == 24
    # the weights are the inverse mean absolute origin errors, normalised (shrink = 1)
    inv = {k: 1 / np.mean(np.abs(res.origin_errors.errors[k])) for k in res.members}
    total = sum(inv.values())
    assert res.weights == pytest.approx({k: v / total for k, v in inv.items()})
    best = min(res.member_error, key=res.member_error.get)
    assert res.weights[best] == max(res.weights.values())
    # the combination is the weighted mean of the members
    mean = sum(res.weights[k] * res.members[k].mean for k in res.members)
    assert res.comb.mean == pytest.approx(mean)
    assert res.factor_counts.min() > 0 and np.all(res.factors > 0)


def test_a_member_that_fits_the_series_gets_the_largest_weight():
    # seasonality that grows every year (amplitude x 1.25 a year) on a flat level: the airline
    # model follows the changing shape, the adjusted members carry the average shape
    t = np.arange(120)
    amp = 0.05 * 1.25 ** (t / 12)
    y = 100 * np.exp(amp * np.sin(2 * np.pi * t / 12))
    y *= np.exp(np.random.default_rng(2).normal(0, 0.002, len(t)))
    res = engine.forecast(y, 12, engine.Options(seasonal_adjust="classical"), n_paths=100)
    assert res.weights["airline"] == max(res.weights.values())
    assert res.weights["airline"] > 0.5


def test_origins_use_only_the_data_up_to_each_origin():
    y = _seasonal(72, 5)
    a = engine.forecast(y, 12, engine.Options(), n_paths=50)
    # changing the last point changes no forecast made at an origin, for any member (the
    # airline's parameters come from the data up to the first origin); the seasonality test,
    # run once on the whole series, says the same for both
    z = y.copy()
    z[-1] *= 1.2
    b = engine.forecast(z, 12, engine.Options(), n_paths=50)
    assert a.seasonal and b.seasonal
    assert a.origin_errors.origins == [60, 64, 68]
    for name in ("ets", "theta", "airline"):
        fa, fb = a.origin_errors.forecasts[name], b.origin_errors.forecasts[name]
        assert fa == pytest.approx(fb, rel=1e-9)
    # ...while the errors at the last point's step do change (its actual value moved)
    assert not np.allclose(a.origin_errors.errors["ets"], b.origin_errors.errors["ets"])


def test_paths_on_levels_are_moved_by_difference_not_ratio():
    # a member forecasting near zero on a level-scale series: moving its paths by ratio
    # (comb / 0.05 = 100x) would blow up their spread; by difference it stays sd 2
    h, n = 2, 4000
    rng = np.random.default_rng(0)
    a = ModelForecast("ets", "a", np.full(h, 0.05), 0.05 + 2 * rng.standard_normal((n, h)), 0)
    b = ModelForecast("theta", "b", np.full(h, 10.0), 10 + 2 * rng.standard_normal((n, h)), 0)
    comb = engine.weighted({"ets": a, "theta": b}, {"ets": 0.5, "theta": 0.5}, n, 0, log=False)
    assert comb.mean == pytest.approx([5.025, 5.025])
    assert comb.paths.std(axis=0) == pytest.approx([2.0, 2.0], rel=0.1)


def test_a_series_with_zeros_is_forecast_on_levels_and_never_below_zero():
    y = _seasonal(60, 7)
    y[[5, 17, 29, 41, 53]] = 0.0  # one month of zero a year
    res = engine.forecast(y, 12, engine.Options(), n_paths=300)
    assert not res.log and res.nonnegative
    assert res.members and all("levels" in f.spec for f in res.members.values())
    assert np.all(res.comb.paths >= 0) and np.all(res.comb.mean >= 0)
    # the calibration runs on the level scale
    assert res.factor_counts.max() > 0


def test_a_short_series_gets_models_without_a_seasonal_component():
    # 20 points of a period-12 series: fewer than two seasons and three points, so no seasonal
    # component; ETS and Theta fitted, the airline dropped; origins 14, 16, 18 (h = 6, step 2)
    y = 50 + np.cumsum(np.random.default_rng(6).normal(0, 1, 20))
    res = engine.forecast(y, 6, engine.Options(), n_paths=100)
    assert not res.seasonal
    assert set(res.members) == {"ets", "theta"}
    assert "airline" in res.dropped
    assert res.origin_errors.origins == [14, 16, 18]
    assert res.comb is not None and res.comb.paths.shape == (100, 6)


def test_the_county_options_take_the_period_as_seasonal():
    y = 50 + np.cumsum(np.random.default_rng(6).normal(0, 1, 15))
    res = engine.forecast(y, 8, engine.county_options(11), n_paths=50)
    assert res.members == {}
    assert set(res.dropped.values()) == {"too short for a seasonal model (15 points, needs 25)"}

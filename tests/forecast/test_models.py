"""fit_models and its pieces, against numbers worked by hand."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from halfyear_lib.forecast import models
from halfyear_lib.forecast.engine import fit_models
from halfyear_lib.forecast.models import (
    _Dropped,
    _Fit,
    _paths,
    check_growth,
    error_matrix,
    ets_weights,
    psi_weights,
    ses_weights,
)

PATTERN = np.array([0.8, 0.9, 1.0, 1.05, 1.1, 1.0, 0.95, 1.0, 1.05, 1.1, 1.05, 1.0])


def seasonal_growth(n: int, growth: float = 1.1) -> np.ndarray:
    """100 * growth^(t/12) * PATTERN[t % 12]: a noiseless seasonal series growing 10% a year."""
    t = np.arange(n)
    return 100 * growth ** (t / 12) * PATTERN[t % 12]


def test_theta_covariance_matches_the_formula_worked_by_hand():
    # SES / ARIMA(0,1,1) errors, alpha = 0.5, sigma = 2, h = 3:
    # C = [[1, 0, 0], [.5, 1, 0], [.5, .5, 1]], Cov = 4 C C' =
    #     diag 4 (1 + .25 (i - 1)) = 4, 5, 6; off-diagonal 4 (.5 + .25 (min(i, j) - 1)) = 2, 2, 3
    cov = 4 * error_matrix(ses_weights(0.5, 3)) @ error_matrix(ses_weights(0.5, 3)).T
    assert cov == pytest.approx(np.array([[4, 2, 2], [2, 5, 3], [2, 3, 6]]))
    # the variance of the 3-month total is the sum of all entries: 4 + 5 + 6 + 2 (2 + 2 + 3) = 29
    fit = _Fit(spec="", point=np.zeros(3), weights=ses_weights(0.5, 3), sigma=2.0)
    _, paths = _paths(fit, 40_000, np.random.default_rng(1))
    total = paths.sum(axis=1)
    # standard error of a variance from 40,000 normal draws: 29 sqrt(2 / 40000) = 0.2
    assert total.var() == pytest.approx(29, abs=1.0)
    # a random walk (alpha = 1) has Var(sum of 3 steps) = 1 + 4 + 9 = 14 sigma^2 = 56
    fit.weights = ses_weights(1.0, 3)
    _, paths = _paths(fit, 40_000, np.random.default_rng(2))
    assert paths.sum(axis=1).var() == pytest.approx(56, abs=2.0)


def test_ets_weights_by_hand_and_against_statsmodels_simulation():
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    # alpha .3, beta .1, phi .9, gamma .2, period 3:
    # c1 = .3 + .1 (.9) = .39; c2 = .3 + .1 (.9 + .81) = .471;
    # c3 = .3 + .1 (.9 + .81 + .729) + .2 = .7439; c4 = .3 + .1 (2.439 + .6561) = .60951
    w = ets_weights(0.3, 0.1, 0.9, 0.2, 3, 5)
    assert w == pytest.approx([1, 0.39, 0.471, 0.7439, 0.60951])
    # statsmodels' own simulation of ETS(A,Ad,A) with these parameters has the same variances
    z = np.log(seasonal_growth(36)[:36:1] * np.exp(np.random.default_rng(0).normal(0, 0.02, 36)))
    mod = ETSModel(z, error="add", trend="add", damped_trend=True, seasonal="add",
                   seasonal_periods=12)  # fmt: skip
    start = np.r_[0.3, 0.1, 0.2, 0.9, z[0], 0.01, np.zeros(12)]
    res = mod.smooth(start)
    sim = res.simulate(14, anchor="end", repetitions=6000, rng=np.random.default_rng(3))
    w = ets_weights(0.3, 0.1, 0.9, 0.2, 12, 14)
    analytic = np.cumsum(w**2) * res.mse
    # a variance from 6,000 draws has a relative standard error sqrt(2/6000) = 1.8%
    assert np.var(sim, axis=1) / analytic == pytest.approx(np.ones(14), abs=0.08)


def test_airline_psi_weights_by_hand_and_against_the_state_space_variance():
    from statsmodels.tsa.statespace.sarimax import SARIMAX

    # (1 - .4 L)(1 - .6 L^4) / ((1 - L)(1 - L^4)) = [1 + .6 (L + L^2 + ...)][1 + .4 (L^4 + ...)]
    # psi_1..3 = .6; psi_4 = .6 + .4 = 1.0; psi_5 = .6 + .6 * .4 = .84
    ma = np.array([1, -0.4, 0, 0, -0.6, 0.24])
    ar = np.array([1, -1, 0, 0, -1, 1])
    psi = psi_weights(ma, ar, 6)
    assert psi == pytest.approx([1, 0.6, 0.6, 0.6, 1.0, 0.84])
    # 10 years, so that the Kalman filter's state uncertainty at the origin has died out
    # (with 4 years it still adds about 2% to the forecast variances)
    z = np.log(seasonal_growth(120)) + np.random.default_rng(1).normal(0, 0.02, 120)
    ma12 = np.zeros(14)
    ma12[[0, 1, 12, 13]] = [1, -0.4, -0.6, 0.24]
    ar12 = np.zeros(14)
    ar12[[0, 1, 12, 13]] = [1, -1, -1, 1]
    res = SARIMAX(z, order=(0, 1, 1), seasonal_order=(0, 1, 1, 12)).smooth([-0.4, -0.6, 0.01])
    exact = res.get_forecast(20).var_pred_mean
    assert np.cumsum(psi_weights(ma12, ar12, 20) ** 2) * 0.01 == pytest.approx(exact, rel=1e-3)


def test_state_space_covariance_of_a_short_history_matches_statsmodels():
    from statsmodels.tsa.statespace.sarimax import SARIMAX

    # 4 years only: the state at the origin is still uncertain, the forecast variances are
    # about 2% above the psi-weight limit, and the exact covariance must carry that
    z = np.log(seasonal_growth(48)) + np.random.default_rng(1).normal(0, 0.02, 48)
    res = SARIMAX(z, order=(0, 1, 1), seasonal_order=(0, 1, 1, 12)).filter([-0.4, -0.6, 0.01])
    point, cov = models.state_space_forecast(res.filter_results, 20)
    fc = res.get_forecast(20)
    assert point == pytest.approx(fc.predicted_mean, rel=1e-10)
    assert np.diag(cov) == pytest.approx(fc.var_pred_mean, rel=1e-10)
    ma12 = np.zeros(14)
    ma12[[0, 1, 12, 13]] = [1, -0.4, -0.6, 0.24]
    ar12 = np.zeros(14)
    ar12[[0, 1, 12, 13]] = [1, -1, -1, 1]
    limit = np.cumsum(psi_weights(ma12, ar12, 20) ** 2) * 0.01
    assert np.all(np.diag(cov) > limit * 1.01)
    # off the diagonal: the covariance of steps 1 and 2 is positive (shared level shocks) and
    # the matrix is a valid covariance (symmetric, positive semi-definite)
    assert np.allclose(cov, cov.T) and np.linalg.eigvalsh(cov).min() > -1e-12
    assert cov[0, 1] > 0


def test_noiseless_seasonal_growth_is_forecast_by_each_model():
    full = seasonal_growth(72)
    y, future = full[:60], full[60:]
    res = fit_models(y, 12, 12, n_paths=200)
    # ETS on logs: damped trend (phi <= .98) loses at most a tenth of a year's 10% growth
    assert res.forecasts["ets"].mean == pytest.approx(future, rel=0.015)
    # Theta(2) on the adjusted logs x_t = a + b t, b = ln(1.1)/12, SES alpha = 1:
    # forecast x_n + (b / 2) i, so the level is future * 1.1^(-i/24), e.g. -4.65% at i = 12
    i = np.arange(1, 13)
    assert res.forecasts["theta"].spec == "Theta (seasonally adjusted) on logs"
    assert res.forecasts["theta"].mean == pytest.approx(future * 1.1 ** (-i / 24), rel=1e-3)
    # the airline model needs some noise to estimate a variance (see the next test)
    assert "converge" in res.dropped.get("airline", "did not converge")


def test_airline_and_comb_on_a_nearly_noiseless_series():
    full = seasonal_growth(72)
    y = full[:60] * np.exp(np.random.default_rng(3).normal(0, 0.002, 60))
    res = fit_models(y, 12, 12, n_paths=300)
    assert set(res.forecasts) == {"ets", "airline", "theta", "comb"}
    assert res.forecasts["airline"].mean == pytest.approx(full[60:], rel=0.01)
    # the combination is the mean of the three point forecasts weighted by the engine on
    # each member's rolling-origin errors (inverse mean absolute error, normalised)
    w = res.engine.weights
    assert sum(w.values()) == pytest.approx(1.0) and set(w) == {"ets", "airline", "theta"}
    mean = sum(w[k] * res.forecasts[k].mean for k in w)
    assert res.forecasts["comb"].mean == pytest.approx(mean)
    assert res.forecasts["comb"].paths.shape == (300, 12)


def test_paths_have_the_right_shape_and_centre():
    y = seasonal_growth(60) * np.exp(np.random.default_rng(4).normal(0, 0.03, 60))
    res = fit_models(y, 12, 18, n_paths=2000)
    for f in res.forecasts.values():
        assert f.paths.shape == (2000, 18)
        assert f.mean.shape == (18,)
        # models on logs: mean = exp(mu), the paths' median; the paths' mean is that of a
        # lognormal, exp(mu + s^2 / 2), with s the sd of the log paths
        assert np.median(f.paths, axis=0) == pytest.approx(f.mean, rel=0.02)
        s2 = np.log(f.paths).var(axis=0)
        assert f.paths.mean(axis=0) == pytest.approx(f.mean * np.exp(s2 / 2), rel=0.02)
        assert f.seconds > 0


def test_same_seed_same_paths_other_seed_other_paths():
    y = seasonal_growth(40) * np.exp(np.random.default_rng(5).normal(0, 0.05, 40))
    a = fit_models(y, 12, 6, n_paths=50, seed=7)
    b = fit_models(y, 12, 6, n_paths=50, seed=7)
    c = fit_models(y, 12, 6, n_paths=50, seed=8)
    for name in a.forecasts:
        assert np.array_equal(a.forecasts[name].paths, b.forecasts[name].paths)
        assert not np.array_equal(a.forecasts[name].paths, c.forecasts[name].paths)


def test_fifteen_points_give_no_seasonal_model_and_no_exception():
    y = 50 + np.cumsum(np.random.default_rng(6).normal(0, 1, 15))
    res = fit_models(y, 11, 8, n_paths=50)
    # 2 seasons of 11 plus 3 points = 25 are needed for a seasonal model; a non-seasonal one
    # would mislead on a seasonal series, so nothing is fitted (the caller uses baselines)
    assert res.forecasts == {}
    assert res.dropped == dict.fromkeys(
        models.MODEL_NAMES, "too short for a seasonal model (15 points, needs 25)"
    )
    # declared non-seasonal, the same points get non-seasonal ETS and Theta
    res = fit_models(y, 1, 8, n_paths=50)
    assert set(res.forecasts) == {"ets", "theta", "comb"}
    assert res.dropped == {"airline": "needs a seasonal period (period > 1)"}
    assert res.forecasts["ets"].spec == "ETS(A,Ad,N) (non-seasonal) on logs"
    assert res.forecasts["theta"].spec == "Theta (non-seasonal) on logs"


def test_a_zero_means_no_model_on_logs():
    y = seasonal_growth(40)
    y[10] = 0.0
    res = fit_models(y, 12, 6, n_paths=50)
    assert res.forecasts
    assert all("logs" not in f.spec for f in res.forecasts.values())
    assert res.forecasts["theta"].spec == "Theta (seasonally adjusted, additive) on levels"


def test_growth_guard_rail_worked_by_hand():
    # history growing 5% then 10% a year: log growths .0488 and .0953, range .0465;
    # allowed up to .0953 + .0465 / 2 + ln 1.25 = .3417, i.e. +40.7% a year
    y = np.array([100, 100, 105, 105, 115.5, 115.5])  # period 2
    check_growth(y, np.array([115.5 * 1.40, 115.5 * 1.40]), 2, log=True)  # +40%: kept
    with pytest.raises(_Dropped, match=r"implies \+80% a year, outside the history's \+5% to"):
        check_growth(y, np.array([115.5 * 1.8, 115.5 * 1.8]), 2, log=True)


def test_an_exploding_fit_is_dropped_with_a_reason():
    # three calm seasonal years, then the last four months jump by e^0.2 each: the damped
    # trend of ETS extrapolates the jump to hundreds of percent a year and is dropped
    t = np.arange(48)
    y = 100 * PATTERN[t % 12] * np.exp(np.random.default_rng(0).normal(0, 0.01, 48))
    y[-4:] *= np.exp(0.2 * np.arange(1, 5))
    res = fit_models(y, 12, 12, n_paths=50)
    assert "ets" not in res.forecasts
    assert res.dropped["ets"].startswith("implies +")
    assert "a year, outside the history's" in res.dropped["ets"]


@pytest.mark.parametrize(
    "y",
    [
        np.full(30, 7.0),  # constant
        np.r_[np.zeros(12), np.ones(12), np.zeros(6)],  # zeros and ones
        np.array([1.0, 2.0, 3.0]),  # too short
        np.array([5.0, -3.0, 8.0, 1.0, 0.0, 2.0, 9.0]),  # mixed signs
    ],
)
def test_awkward_series_never_raise_nor_warn(y):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        res = fit_models(y, 12, 6, n_paths=20)
    assert set(res.forecasts) | set(res.dropped) >= set(models.MODEL_NAMES)
    for f in res.forecasts.values():
        assert np.all(np.isfinite(f.paths))


def test_too_short_series_drops_every_model():
    res = fit_models([1.0, 2.0, 3.0], 12, 6)
    assert res.forecasts == {}
    assert res.dropped == dict.fromkeys(models.MODEL_NAMES, "too short (fewer than 4 points)")

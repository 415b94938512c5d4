"""The engine's model fits: ETS, the airline SARIMA and Theta from statsmodels, their paths and
guard rails. ``engine.forecast`` chooses, weighs and calibrates them; ``engine.fit_models(y,
period, h)`` is the county report's call. Each fit returns, on its working scale, the point
forecasts and what ``_paths`` needs to draw ``n_paths`` jointly distributed future paths (so
that quantiles of a sum over several future months are intervals of that total).

How the paths are built. Every candidate is a linear innovations model on its working scale
(logarithms for a positive series, levels otherwise): the error of the forecast ``i`` steps ahead
is ``e_i = eps_i + sum_{k<i} c_{i-k} eps_k`` with independent ``eps ~ N(0, sigma^2)``, so the
future errors are ``C @ eps`` with ``C`` lower triangular (ones on the diagonal, ``c_1, c_2, ...``
below). This is exact for the fitted parameters and costs a matrix product (the airline model
uses its exact state-space covariance instead):

- ETS (A,N,A), (A,Ad,A), (A,N,N), (A,Ad,N) on logs: ``c_k = alpha + beta (phi + ... + phi^k)
  + gamma [k divisible by the period]`` (Hyndman et al., Forecasting with Exponential Smoothing,
  ch. 6), ``sigma^2`` the model's residual variance.
- Airline SARIMA(0,1,1)(0,1,1)[period]: the exact joint covariance of the state-space model
  (``state_space_forecast``), which adds the uncertainty of the state at the origin that a short
  history leaves; for a long history it tends to the psi weights of
  ``(1 + theta L)(1 + Theta L^s) / ((1 - L)(1 - L^s))`` (``psi_weights``).
- Theta: the SES on the deseasonalised series is an ARIMA(0,1,1), ``c_k = alpha``, so
  ``Cov(e_i, e_j) = sigma^2 (alpha + alpha^2 (min(i, j) - 1))`` off the diagonal and
  ``sigma^2 (1 + alpha^2 (i - 1))`` on it; the paths are then multiplied by the seasonal factors.

The engine's combination (``engine.weighted``) pools the members' paths in proportion to its
weights: a share of paths is taken
from each member and moved from that member's forecast to the combined one
(``comb_mean * path / member_mean`` for a positive series, ``comb_mean + path - member_mean``
otherwise), so the combination's spread is the mixture of its members' spreads.

Guard rails: a model is dropped, with a short reason in ``FitResult.dropped``, when its fit raises,
warns (non-convergence and any other warning), returns a non-finite number, or when its forecast
implies year-on-year growth far outside the range the series itself has shown. A series with a
zero or a negative value gets no model on logarithms (the models are fitted on levels instead).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass, field

import numpy as np

MODEL_NAMES = ("ets", "airline", "theta")
# also available on request: "damped", ETS with a damped trend whatever its AICc (a member of
# the general forecast's combination, as in the M4 benchmarks)
EXTRA_MODELS = ("damped", "ses")
# a seasonal series (period > 1) needs 2 seasons + this many points, else no model is fitted
EXTRA_POINTS = 3
# the yoy growth of a forecast may leave the history's range by this much (log points) plus
# half that range before the model is dropped as exploding
GROWTH_MARGIN = math.log(1.25)
# the ETS specs tried, chosen among by AICc: (trend, damped)
ETS_SPECS = ((None, False), ("add", True))


@dataclass
class ModelForecast:
    name: str  # "ets" | "airline" | "theta" | "comb" (| "damped" on request)
    spec: str  # human readable, e.g. "ETS(A,Ad,A) on logs"
    mean: np.ndarray  # (h,) point forecasts on the level scale
    paths: np.ndarray  # (n_paths, h) jointly distributed future paths on the level scale
    seconds: float  # fit + forecast CPU time (for "comb": its members' total)


@dataclass
class FitResult:
    forecasts: dict[str, ModelForecast] = field(default_factory=dict)
    dropped: dict[str, str] = field(default_factory=dict)
    engine: object = None  # the engine's EngineForecast (weights, origin errors, factors)


class _Dropped(Exception):
    """A model fails a guard rail; the message is the reason shown to the reader."""


@dataclass
class _Fit:
    """A model's forecast on its working scale: point (h,), innovation weights, sigma."""

    spec: str
    point: np.ndarray
    weights: np.ndarray  # (h,) c_0=1, c_1, ..., c_{h-1}
    sigma: float
    seasonal: np.ndarray | None = None  # multiplicative factors applied after (Theta)
    log: bool = False
    cov: np.ndarray | None = None  # exact joint covariance, used instead of the weights
    params: np.ndarray | None = None  # the airline's (theta, Theta, sigma2), to refilter


# ---------------------------------------------------------------------------------------------
# helpers


def error_matrix(weights: np.ndarray) -> np.ndarray:
    """Lower-triangular Toeplitz ``C`` with ``C[i, j] = weights[i - j]`` for ``j <= i``."""
    h = len(weights)
    idx = np.arange(h)
    diff = idx[:, None] - idx[None, :]
    return np.where(diff >= 0, np.asarray(weights)[np.clip(diff, 0, None)], 0.0)


def ses_weights(alpha: float, h: int) -> np.ndarray:
    """Innovation weights of SES / ARIMA(0,1,1): ``1, alpha, alpha, ...``."""
    w = np.full(h, float(alpha))
    w[0] = 1.0
    return w


def ets_weights(alpha: float, beta: float, phi: float, gamma: float, period: int, h: int):
    """``c_k = alpha + beta (phi + ... + phi^k) + gamma [k % period == 0]``, ``c_0 = 1``."""
    k = np.arange(h, dtype=float)
    if beta:
        phis = np.array([sum(phi**j for j in range(1, int(i) + 1)) for i in k])
    else:
        phis = np.zeros(h)
    seas = np.zeros(h)
    if gamma and period > 1:
        seas = ((k % period) == 0).astype(float)
    w = alpha + beta * phis + gamma * seas
    w[0] = 1.0
    return w


def psi_weights(ma: np.ndarray, ar: np.ndarray, h: int) -> np.ndarray:
    """First ``h`` coefficients of ``ma(L) / ar(L)`` (polynomials in ascending powers)."""
    psi = np.zeros(h)
    ma = np.concatenate([ma, np.zeros(max(0, h - len(ma)))])
    for k in range(h):
        acc = ma[k]
        for j in range(1, min(k, len(ar) - 1) + 1):
            acc -= ar[j] * psi[k - j]
        psi[k] = acc / ar[0]
    return psi


def seasonality_test(y: np.ndarray, period: int, z: float = 1.645) -> bool:
    """M4-protocol seasonality test: autocorrelation at lag ``period`` beyond ``z`` standard
    errors (Bartlett: ``se = sqrt((1 + 2 sum_{k<period} r_k^2) / n)``); 90% by default."""
    y = np.asarray(y, dtype=float)
    n = len(y)
    if period <= 1 or n < 3 * period:
        return False
    d = y - y.mean()
    denom = np.dot(d, d)
    if denom <= 0:
        return False
    r = np.array([np.dot(d[: n - k], d[k:]) / denom for k in range(1, period + 1)])
    limit = z * math.sqrt((1 + 2 * np.sum(r[:-1] ** 2)) / n)
    return bool(abs(r[-1]) > limit)


def classical_seasonal(y: np.ndarray, period: int, multiplicative: bool = True) -> np.ndarray:
    """Seasonal indices (length ``period``, by position ``t % period``) of a classical
    decomposition: centred moving average, mean ratio (or difference) per position, normalised."""
    y = np.asarray(y, dtype=float)
    n = len(y)
    if period % 2 == 0:
        kernel = np.r_[0.5, np.ones(period - 1), 0.5] / period
    else:
        kernel = np.ones(period) / period
    trend = np.convolve(y, kernel, mode="valid")
    offset = (len(kernel) - 1) // 2
    idx = np.arange(offset, offset + len(trend))
    detr = y[idx] / trend if multiplicative else y[idx] - trend
    out = np.zeros(period)
    for p in range(period):
        vals = detr[(idx % period) == p]
        out[p] = vals.mean() if len(vals) else (1.0 if multiplicative else 0.0)
    if multiplicative:
        out = out / out.mean()
    else:
        out = out - out.mean()
    del n
    return out


def _annual_growth(y: np.ndarray, mean: np.ndarray, period: int, log: bool) -> tuple:
    """Year-on-year growth of the history (per point) and of the forecast (per step), in log
    points for a positive series, else as differences over the mean absolute level."""
    full = np.concatenate([y, mean])
    n = len(y)
    if log:
        g = np.log(full[period:] / full[:-period])
    else:
        scale = max(np.mean(np.abs(y[-period:])), 1e-12)
        g = (full[period:] - full[:-period]) / scale
    return g[: n - period], g[n - period :]


def check_growth(y: np.ndarray, mean: np.ndarray, period: int, log: bool) -> None:
    """Raise ``_Dropped`` when the forecast's year-on-year growth leaves the history's range by
    more than half that range plus ``GROWTH_MARGIN``; the checked growth is the mean over the
    last ``min(h, period)`` steps (where an explosion shows)."""
    y = np.asarray(y, dtype=float)
    mean = np.asarray(mean, dtype=float)
    period = max(int(period), 1)
    if len(y) <= period:
        # no year-on-year history: the forecast must stay within 3 ranges of the data
        lo, hi = y.min(), y.max()
        span = max(hi - lo, 1e-9 + 0.1 * abs(hi))
        if mean.min() < lo - 3 * span or mean.max() > hi + 3 * span:
            raise _Dropped("forecast leaves the range of the history")
        return
    hist, fc = _annual_growth(y, mean, period, log)
    last = fc[-min(len(fc), period) :]
    g = float(np.mean(last))
    lo, hi = float(np.min(hist)), float(np.max(hist))
    width = 0.5 * (hi - lo) + GROWTH_MARGIN
    if g < lo - width or g > hi + width:
        if log:
            pct = lambda v: f"{100 * (math.exp(v) - 1):+.0f}%"  # noqa: E731
            raise _Dropped(f"implies {pct(g)} a year, outside the history's {pct(lo)} to {pct(hi)}")
        raise _Dropped("implies growth far outside the history")


def _warn_check(caught: list) -> None:
    for w in caught:
        msg = str(w.message)
        cat = w.category.__name__
        if "converge" in msg.lower() or cat == "ConvergenceWarning":
            raise _Dropped("did not converge")
    if caught:
        w = caught[0]
        raise _Dropped(f"warned: {w.category.__name__}: {str(w.message)[:80]}")


# ---------------------------------------------------------------------------------------------
# the models on the working scale


def _fit_ets(
    z: np.ndarray, period: int, h: int, seasonal: bool, log: bool, specs=ETS_SPECS
) -> _Fit:
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    best = None
    problems = []
    for trend, damped in specs:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                mod = ETSModel(
                    z,
                    error="add",
                    trend=trend,
                    damped_trend=damped,
                    seasonal="add" if seasonal else None,
                    seasonal_periods=period if seasonal else None,
                )
                res = mod.fit(disp=False, maxiter=500)
                point = np.asarray(res.forecast(h), dtype=float)
            except Exception as exc:  # noqa: BLE001 - any failure is a drop
                problems.append(f"fit failed: {type(exc).__name__}")
                continue
        try:
            _warn_check(caught)
        except _Dropped as exc:
            problems.append(str(exc))
            continue
        aicc = float(res.aicc)
        if not np.isfinite(aicc) or not np.all(np.isfinite(point)):
            problems.append("returned NaN or inf")
            continue
        if best is None or aicc < best[0]:
            best = (aicc, trend, damped, res, point)
    if best is None:
        raise _Dropped(problems[0] if problems else "no ETS spec could be fitted")
    _, trend, damped, res, point = best
    p = dict(zip(res.param_names, np.asarray(res.params, dtype=float), strict=False))
    alpha = p.get("smoothing_level", 0.0)
    beta = p.get("smoothing_trend", 0.0) if trend else 0.0
    phi = p.get("damping_trend", 1.0) if damped else 1.0
    gamma = p.get("smoothing_seasonal", 0.0) if seasonal else 0.0
    sigma = math.sqrt(float(res.mse))
    t = "N" if trend is None else ("Ad" if damped else "A")
    s = "A" if seasonal else "N"
    scale = "logs" if log else "levels"
    return _Fit(
        spec=f"ETS(A,{t},{s}) on {scale}",
        point=point,
        weights=ets_weights(alpha, beta, phi, gamma, period, h),
        sigma=sigma,
        log=log,
    )


def _fit_airline(z: np.ndarray, period: int, h: int, log: bool) -> _Fit:
    from statsmodels.tsa.statespace.sarimax import SARIMAX

    s = period
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # the scale concentrated out of the likelihood: two parameters to search, not three
        # (four times faster, the same estimates)
        mod = SARIMAX(
            z,
            order=(0, 1, 1),
            seasonal_order=(0, 1, 1, s),
            simple_differencing=True,
            concentrate_scale=True,
        )
        # start inside the invertible region (statsmodels' own start can be non-invertible)
        res = mod.fit(start_params=[-0.4, -0.6], disp=False, maxiter=100)
    _warn_check(caught)
    params = np.r_[np.asarray(res.params, dtype=float), float(res.scale)]
    theta, big_theta, sigma2 = params[0], params[1], params[2]
    if not (np.all(np.isfinite(params)) and sigma2 > 0):
        raise _Dropped("returned NaN or inf")
    # exact forecast of the integrated model with these parameters: one Kalman filter pass
    # (its state covariance at the origin carries what a short history leaves uncertain)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        full = SARIMAX(z, order=(0, 1, 1), seasonal_order=(0, 1, 1, s)).filter(params)
    _warn_check(caught)
    point, cov = state_space_forecast(full.filter_results, h)
    if not (np.all(np.isfinite(point)) and np.all(np.isfinite(cov))):
        raise _Dropped("returned NaN or inf")
    scale = "logs" if log else "levels"
    ma = np.zeros(s + 2)
    ma[0], ma[1], ma[s], ma[s + 1] = 1.0, theta, big_theta, theta * big_theta
    ar = np.zeros(s + 2)
    ar[0], ar[1], ar[s], ar[s + 1] = 1.0, -1.0, -1.0, 1.0
    return _Fit(
        spec=f"SARIMA(0,1,1)(0,1,1)[{s}] on {scale}",
        point=point,
        weights=psi_weights(ma, ar, h),  # the long-history limit of ``cov``
        sigma=math.sqrt(sigma2),
        log=log,
        cov=cov,
        params=params,
    )


def state_space_forecast(ss, h: int) -> tuple[np.ndarray, np.ndarray]:
    """Point forecasts (h,) and their joint covariance (h, h) from a filtered time-invariant
    state-space model without observation noise: with ``a_1 ~ N(a, P)`` the predicted state
    after the last observation and ``a_{i+1} = T a_i + R eta``, ``V_{i+1} = T V_i T' + RQR'``
    and ``Cov(y_i, y_j) = Z T^(j-i) V_i Z'`` for ``j >= i``."""
    a = np.asarray(ss.predicted_state[:, -1], dtype=float)
    v = np.asarray(ss.predicted_state_cov[:, :, -1], dtype=float)
    t = np.asarray(ss.transition[:, :, -1], dtype=float)
    z = np.asarray(ss.design[:, :, -1], dtype=float)[0]
    r = np.asarray(ss.selection[:, :, -1], dtype=float)
    rqr = r @ np.asarray(ss.state_cov[:, :, -1], dtype=float) @ r.T
    obs = float(np.asarray(ss.obs_cov)[0, 0, -1])
    point = np.empty(h)
    cov = np.empty((h, h))
    for i in range(h):
        point[i] = z @ a
        x = v @ z  # V_i Z'
        for j in range(i, h):
            cov[i, j] = cov[j, i] = z @ x
            x = t @ x
        cov[i, i] += obs
        a = t @ a
        v = t @ v @ t.T + rqr
    return point, cov


def _fit_theta(
    y: np.ndarray, period: int, h: int, seasonal: bool, positive: bool, log: bool = False
) -> _Fit:
    """Theta: classical deseasonalisation when ``seasonal`` (multiplicative on a positive
    series, additive otherwise), ThetaModel on the adjusted series. With ``log`` (positive
    series only) the whole method runs on logarithms with additive seasonality."""
    from statsmodels.tsa.forecasting.theta import ThetaModel

    if log and positive:
        fit = _fit_theta(np.log(y), period, h, seasonal, positive=False)
        # additive seasonal indices on logs are multiplicative ones on levels
        fit.spec = fit.spec.replace(", additive", "").replace("on levels", "on logs")
        fit.log = True
        return fit
    n = len(y)
    factors = shifts = None  # multiplicative or additive seasonal indices
    x = y
    if seasonal:
        pos = np.arange(n) % period
        if positive:
            factors = classical_seasonal(y, period, multiplicative=True)
            x = y / factors[pos]
        else:
            shifts = classical_seasonal(y, period, multiplicative=False)
            x = y - shifts[pos]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = ThetaModel(x, period=1, deseasonalize=False).fit(disp=False)
        point = np.asarray(res.forecast(h), dtype=float)
    _warn_check(caught)
    alpha = float(res.params["alpha"])
    # SES one-step errors of the adjusted series (initial level = first value, as ThetaModel)
    level = x[0]
    errs = np.empty(n - 1)
    for t in range(1, n):
        errs[t - 1] = x[t] - level
        level = level + alpha * (x[t] - level)
    sigma = math.sqrt(float(np.mean(errs**2))) if n > 1 else 0.0
    future = (n + np.arange(h)) % period
    seas = None
    kind = "non-seasonal"
    if factors is not None:
        seas = factors[future]
        point = point * seas
        kind = "seasonally adjusted, multiplicative"
    elif shifts is not None:
        point = point + shifts[future]
        kind = "seasonally adjusted, additive"
    return _Fit(
        spec=f"Theta ({kind}) on levels",
        point=point,
        weights=ses_weights(alpha, h),
        sigma=sigma,
        seasonal=seas,
        log=False,
    )


# ---------------------------------------------------------------------------------------------
# paths and threads

_CONTROLLER = None


def _one_blas_thread():
    """Context limiting BLAS/OpenMP to one thread: these small fits only lose from threads (a
    spinning OpenBLAS pool multiplies the CPU time several-fold on a busy machine). The
    controller is made once, after the libraries are loaded; entering it costs microseconds."""
    global _CONTROLLER
    if _CONTROLLER is None:
        import scipy.linalg  # noqa: F401 - load every BLAS the fits use before looking
        import statsmodels.tsa.statespace.sarimax  # noqa: F401
        from threadpoolctl import ThreadpoolController

        _CONTROLLER = ThreadpoolController()
    return _CONTROLLER.limit(limits=1)


def _paths(fit: _Fit, n_paths: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    h = len(fit.point)
    if fit.cov is not None:
        # a square root of the covariance (eigen-decomposition: safe if it is singular)
        vals, vecs = np.linalg.eigh((fit.cov + fit.cov.T) / 2)
        root = vecs * np.sqrt(np.clip(vals, 0, None))
        err = rng.standard_normal((n_paths, h)) @ root.T
    else:
        eps = rng.standard_normal((n_paths, h)) * fit.sigma
        err = eps @ error_matrix(fit.weights).T
    if fit.seasonal is not None:
        err = err * fit.seasonal
    work = fit.point + err
    if fit.log:
        return np.exp(fit.point), np.exp(work)
    return fit.point.copy(), work

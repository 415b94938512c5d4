"""The general forecasting entry point for any plain seasonal series (12 a year by default).

``forecast_series(y, h)`` is the engine (``engine.forecast``) with its general options: what is
held against public benchmarks (M3 monthly by category, ``benchmarks/forecast_m3.py``) and the
same code the county report runs with its own options (``engine.county_options``). In short:
a seasonal component from the last eight cycles when the M4 test finds seasonality; ETS with a
damped trend and Theta on the adjusted logarithms, the airline model on the logarithms; weights
from each member's errors at three rolling origins; intervals calibrated per horizon on the
combination's own origin errors. The engine's docstring gives every step and formula.

Point forecasts of models on logarithms are ``exp`` of the log forecast: the median of the
paths, not their mean (on M3 the mean, ``exp(mu + s^2/2)``, is far worse: sMAPE 14.3 against
13.4 for the combination, as the spread at 18 months is wide).

If no model passes (a very short or odd series), the forecast is the seasonal naive (or naive)
one with intervals from its own one-step errors.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import engine
from .models import ModelForecast, classical_seasonal, seasonality_test

METHODS = ("comb", "ets", "theta", "airline")


def seasonal_indices(y: np.ndarray, period: int) -> tuple[np.ndarray | None, bool]:
    """Seasonal indices by position ``t % period`` when the M4 test finds seasonality, else
    None; the flag says whether they are multiplicative."""
    y = np.asarray(y, dtype=float)
    if period <= 1 or not seasonality_test(y, period):
        return None, True
    positive = bool(np.all(y > 0))
    idx = classical_seasonal(y, period, multiplicative=positive)
    if positive and np.any(idx <= 0):
        return None, True
    return idx, positive


def candidate_forecasts(
    y, h: int, period: int = 12, *, n_paths: int = 1000, seed: int = 0, options=None
) -> tuple[dict[str, ModelForecast], dict[str, str]]:
    """Every candidate of ``forecast_series`` for one series, each with intervals calibrated on
    its own origin errors: model name -> forecast (``comb`` the weighted combination), and the
    dropped models with their reasons."""
    opts = options or engine.Options(period=period)
    res = engine.forecast(np.asarray(y, dtype=float).ravel(), h, opts, n_paths=n_paths, seed=seed)
    out = {name: res.calibrated(name) for name in res.members}
    if res.comb is not None and len(res.members) >= 2:
        out["comb"] = res.comb
    return out, dict(res.dropped)


def _naive_fallback(y: np.ndarray, h: int, period: int, n_paths: int, seed: int):
    """Seasonal naive (naive for a series shorter than two seasons), random-walk paths."""
    n = len(y)
    lag = period if n >= 2 * period else 1
    mean = np.array([y[n - lag + (i % lag)] for i in range(h)])
    errs = y[lag:] - y[:-lag]
    sigma = float(np.sqrt(np.mean(errs**2))) if len(errs) else 0.0
    rng = np.random.default_rng([seed, 7])
    steps = rng.standard_normal((n_paths, h)) * sigma
    # step i repeats the value one season back plus a random-walk step at that lag
    cum = steps.copy()
    for i in range(lag, h):
        cum[:, i] += cum[:, i - lag]
    return mean, mean + cum


def forecast_series(
    y,
    h: int,
    levels: tuple[int, ...] = (80, 95),
    period: int = 12,
    method: str = "comb",
    *,
    n_paths: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Point forecasts and per-step intervals for a plain seasonal series (see the module
    docstring for the method). Returns a DataFrame with ``h`` rows and columns ``mean`` and
    ``lo{L}``, ``hi{L}`` for each level ``L`` in ``levels`` (percent)."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    y = np.asarray(y, dtype=float).ravel()
    if len(y) == 0 or not np.all(np.isfinite(y)):
        raise ValueError("y must be a non-empty series of finite numbers")
    forecasts, _ = candidate_forecasts(y, h, period, n_paths=n_paths, seed=seed)
    chosen = forecasts.get(method)
    if chosen is None and method == "comb" and forecasts:
        chosen = next(iter(forecasts.values()))
    if chosen is None:
        mean, paths = _naive_fallback(y, h, period, n_paths, seed)
    else:
        mean, paths = chosen.mean, chosen.paths
    return intervals(mean, paths, levels)


def intervals(mean: np.ndarray, paths: np.ndarray, levels=(80, 95)) -> pd.DataFrame:
    """``mean`` and per-step ``lo``/``hi`` quantiles of ``paths`` for each level."""
    out = {"mean": np.asarray(mean, dtype=float)}
    for level in levels:
        a = (100 - level) / 200
        out[f"lo{level:g}"] = np.quantile(paths, a, axis=0)
        out[f"hi{level:g}"] = np.quantile(paths, 1 - a, axis=0)
    df = pd.DataFrame(out)
    df.index.name = "step"
    return df

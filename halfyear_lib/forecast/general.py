"""A general forecasting entry point for any plain seasonal series (12 a year by default).

``forecast_series(y, h)`` is what the engine is held against on public benchmarks (M3 monthly,
``benchmarks/forecast_m3.py``). The method, in the spirit of the M4 competition's benchmarks:

1. Seasonality test (M4 protocol): the autocorrelation at lag ``period`` is significant at 90%
   (Bartlett standard error), on a series of at least three seasons.
2. If seasonal, a classical multiplicative decomposition (centred moving average; additive when
   a value is not positive) gives seasonal indices; the series is divided by them.
3. On the seasonally adjusted series, with ``fit_models(..., period=1)``: ETS on logarithms
   (level or damped trend, chosen by AICc), ETS with a damped trend on logarithms ("damped",
   whatever its AICc) and Theta on logarithms; on the original series the airline
   SARIMA(0,1,1)(0,1,1) on logarithms (it models the seasonality itself). The adjusted
   forecasts and their paths are multiplied back by the seasonal indices.
4. ``method="comb"`` (default): the equal-weight mean of the four models that passed the guard
   rails, paths pooled as in ``models.combine``. ``"median"``: the median of the point
   forecasts (paths as comb). Any single model can be asked for by name.

Point forecasts of models on logarithms are ``exp`` of the log forecast: the median of the
paths, not their mean (on M3 the mean, ``exp(mu + s^2/2)``, is far worse: sMAPE 14.3 against
13.4 for the combination, as the spread at 18 months is wide).

Measured on M3 monthly (``benchmarks/forecast_m3.py``; the combination's members were chosen
on one half of the series and checked on the other): see the README for the figures.

Intervals are per-step quantiles of the joint paths. If no model passes (a very short or odd
series), the forecast is the seasonal naive (or naive) one with intervals from its own one-step
errors.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .models import (
    ModelForecast,
    classical_seasonal,
    combine,
    fit_models,
    seasonality_test,
)

METHODS = ("ets", "damped", "airline", "theta", "comb", "median")


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
    y, h: int, period: int = 12, *, n_paths: int = 1000, seed: int = 0
) -> tuple[dict[str, ModelForecast], dict[str, str]]:
    """Every candidate of ``forecast_series`` for one series: model name -> forecast, and the
    dropped models with their reasons."""
    y = np.asarray(y, dtype=float).ravel()
    n = len(y)
    idx, mult = seasonal_indices(y, period)
    if idx is None:
        x = y
    else:
        pos = np.arange(n) % period
        x = y / idx[pos] if mult else y - idx[pos]
    adjusted = fit_models(x, 1, h, n_paths=n_paths, seed=seed, models=("ets", "damped", "theta"))
    out: dict[str, ModelForecast] = {}
    dropped = dict(adjusted.dropped)
    future = (n + np.arange(h)) % period
    for name in ("ets", "damped", "theta"):
        f = adjusted.forecasts.get(name)
        if f is None:
            continue
        if idx is not None:
            s = idx[future]
            if mult:
                f.mean, f.paths = f.mean * s, f.paths * s
            else:
                f.mean, f.paths = f.mean + s, f.paths + s
            f.spec = f"{f.spec}, seasonally adjusted"
        out[name] = f
    if period > 1:
        air = fit_models(y, period, h, n_paths=n_paths, seed=seed, models=("airline",))
        out.update(air.forecasts)
        dropped.update(air.dropped)
    if len(out) >= 2:
        members = [out[k] for k in ("ets", "damped", "airline", "theta") if k in out]
        comb = combine(members, n_paths, seed)
        out["comb"] = comb
        med = np.median([m.mean for m in members], axis=0)
        ratio = np.all(comb.mean > 0) and np.all(med > 0)
        out["median"] = ModelForecast(
            name="median",
            spec=f"median of {', '.join(m.name for m in members)}",
            mean=med,
            paths=comb.paths * (med / comb.mean) if ratio else comb.paths + (med - comb.mean),
            seconds=comb.seconds,
        )
    return out, dropped


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
    if chosen is None and method in ("comb", "median") and forecasts:
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

"""The forecasting engine: one model pool, a per-series choice and per-horizon intervals.

``forecast(y, h, options)`` is used by the general entry point (``general.forecast_series``,
held against M3 in ``benchmarks/forecast_m3.py``) and by the county report (``fit_models``
below; the county's specifics, 11 periods a year taken as seasonal, are options). The steps:

1. **Working scale.** Logarithms for a positive series; levels for a series with a zero or a
   negative value (everything below is then additive on levels; a series that is never
   negative gets no negative path).
2. **Seasonality that can evolve.** When the series is seasonal (the M4 test at 90% on the
   whole original series, which needs three cycles; ``test_seasonality=False`` takes the
   period as given from two cycles and three points), its seasonal component on the working
   scale comes from a classical decomposition of the last ``seasonal_window`` cycles only
   (``seasonal_adjust="recent"``, eight by default), so the shape may change over the years;
   ``"stl"`` uses STL with a seasonal smoother of ``seasonal_window`` cycles (the future repeating
   the last estimated cycle) and ``"classical"`` the whole history.
3. **The pool.** On the seasonally adjusted working series: ETS with an additive damped trend
   (``ets_specs``; an AICc choice among forms is possible, never an undamped multiplicative
   trend) and Theta; on the working series itself the airline SARIMA(0,1,1)(0,1,1), which
   models evolving seasonality. Each passes the guard rails of ``models`` (fit warnings,
   non-finite numbers, exploding growth).
4. **Rolling origins.** The members are refitted at ``origins`` earlier origins ``n - h``,
   ``n - h + step``, ... (``step = ceil(h / origins)``), on the data up to each origin only:
   ETS and Theta refitted, the seasonal component re-estimated, the airline refiltered with
   parameters estimated once on the data up to the first origin. Only the seasonality test
   and the choice of scale are made once, on the whole series. The errors on the working
   scale, step by step, are kept.
5. **Weights per series.** Each member's mean absolute origin error ``e_m`` gives the
   inverse-error weights ``(1 / e_m^power) / sum(1 / e^power)``, shrunk toward the equal mean:
   ``w_m = shrink * inverse_m + (1 - shrink) / M`` (``shrink = 1``, ``power = 1`` by default).
6. **Intervals per horizon.** The combination's paths pool the members' paths in proportion to
   the weights (each moved onto the combined forecast). Its origin errors, divided by the
   spread of its paths at the same step (the standard deviation on the working scale), give
   squared scores ``u^2``; the factor at step ``k`` is
   ``f_k^2 = (sum u^2 + prior_errors) / (count + prior_errors)`` over the scores of steps
   ``k/2 .. 2k`` (a conformal-style variance ratio with ``prior_errors`` pseudo-scores of 1: the
   model's own width where errors are few), never below 1 when fewer than ``min_errors``
   scores stand behind it. The paths' deviations from the forecast are multiplied by ``f_k``
   (on logarithms for a positive series), so a quantile of any sum of steps stays an interval;
   with ``tail_df`` each path's deviations are also multiplied by one draw of
   ``sqrt(df / chi2(df))`` normalised to a median of 1 (a Student-t mixture for the uncertainty
   of the spread itself: the middle of the distribution kept, the tails widened; the weights
   and factors are estimated on the same origin errors, so they are slightly optimistic and
   this widening is meant).

The result keeps every member, the weights, the origin errors and the factors with their
counts, so a page can say on how many errors an interval rests.
"""

from __future__ import annotations

import math
import time
import warnings
from dataclasses import dataclass, field, replace

import numpy as np

from . import models as m

MEMBERS = ("ets", "theta", "airline")


@dataclass(frozen=True)
class Options:
    """How the engine treats a series; the defaults are the general (M3) settings."""

    period: int = 12
    seasonal_adjust: str = "recent"  # "recent" | "stl" (evolving) | "classical" (all cycles)
    seasonal_window: int = 8  # cycles: the window of "recent"; STL's seasonal smoother (odd, >= 3)
    test_seasonality: bool = True  # False: a period > 1 is taken as seasonal
    seasonality_z: float = 1.645  # the test's critical value (90%, as the M4 protocol)
    members: tuple[str, ...] = MEMBERS
    # ETS forms chosen among by AICc, as (trend, damped): a damped trend only by default (on
    # M3 the AICc choice between no trend and a damped one lost to the damped trend alone)
    ets_specs: tuple = (("add", True),)
    origins: int = 3  # rolling origins for the weights and the calibration (0: none)
    shrink: float = 1.0  # weight of the inverse-error weights against the equal mean
    weight_power: float = 1.0  # weights proportional to 1 / error^power
    prior_errors: float = 12.0  # pseudo-scores of 1 in the calibration
    min_errors: int = 8  # below this many scores a factor never narrows
    tail_df: float = 10.0  # > 0: paths scaled by a Student-t mixture with these degrees of freedom
    calibrate: bool = True
    airline_always: bool = True  # also on a series the test finds not seasonal (weights decide)


@dataclass
class OriginErrors:
    """Errors on the working scale of the forecasts made at earlier origins."""

    origins: list[int] = field(default_factory=list)  # number of points used at each origin
    steps: np.ndarray = field(default_factory=lambda: np.zeros(0, int))  # (N,) 1-based step
    errors: dict[str, np.ndarray] = field(default_factory=dict)  # member -> (N,) actual - fc
    forecasts: dict[str, np.ndarray] = field(default_factory=dict)  # member -> (N,) level fc
    actual: np.ndarray = field(default_factory=lambda: np.zeros(0))  # (N,) level actual


@dataclass
class EngineForecast:
    """Everything the engine decided for one series."""

    members: dict[str, m.ModelForecast]
    dropped: dict[str, str]
    weights: dict[str, float]
    member_error: dict[str, float]  # mean absolute origin error on the working scale
    origin_errors: OriginErrors
    comb: m.ModelForecast | None  # weighted, calibrated
    comb_raw: m.ModelForecast | None  # weighted, before calibration
    factors: np.ndarray  # (h,) calibration factor of the combination per step
    factor_counts: np.ndarray  # (h,) scores behind each factor
    log: bool
    seasonal: bool
    options: Options | None = None
    nonnegative: bool = False  # a series with zeros and no negative value: paths floored at 0
    seed: int = 0

    def calibrated(self, name: str) -> m.ModelForecast | None:
        """The combination (``"comb"``), or one member calibrated on its own origin errors."""
        if name == "comb":
            return self.comb
        f = self.members.get(name)
        if f is None:
            return None
        oe = self.origin_errors
        if name not in oe.errors:
            return f
        opts = self.options or Options()
        factors, _ = _factors(f, oe.errors[name], oe.steps, self.log, opts)
        scaled = _scaled(
            f, factors, self.log, opts.tail_df, self.seed + 1 + list(self.members).index(name)
        )
        return _floored(scaled, self.nonnegative)


_DEFAULT = Options()


# ---------------------------------------------------------------------------------------------
# seasonal component


def seasonal_component(w: np.ndarray, period: int, h: int, how: str, window: int):
    """Seasonal component of the working series ``w`` (additive): its history (n,) and its
    next ``h`` values (the last cycle repeated for STL; the indices for classical)."""
    n = len(w)
    if how in ("classical", "recent"):
        # "recent": the indices of the last ``window`` cycles only (at least three), so the
        # shape follows the recent years on a long series; "classical": the whole history
        start = 0
        if how == "recent":
            start = max(0, n - max(3, int(window)) * period)
        idx = m.classical_seasonal(w[start:], period, multiplicative=False)
        pos = (np.arange(n) - start) % period
        return idx[pos], idx[(n - start + np.arange(h)) % period]
    from statsmodels.tsa.seasonal import STL

    window = max(3, int(window) | 1)
    s = np.asarray(STL(w, period=period, seasonal=window, robust=False).fit().seasonal)
    last = s[n - period :]
    return s, last[np.arange(h) % period]


def is_seasonal(y: np.ndarray, opts: Options) -> bool:
    """Whether the series gets a seasonal component: a period > 1, at least two cycles and
    three points (``models.EXTRA_POINTS``), and the M4 test (three cycles at least) unless
    ``test_seasonality`` is off."""
    p = opts.period
    if p <= 1 or len(y) < 2 * p + m.EXTRA_POINTS:
        return False
    return m.seasonality_test(y, p, opts.seasonality_z) if opts.test_seasonality else True


# ---------------------------------------------------------------------------------------------
# members


def _member(name: str, w: np.ndarray, h: int, opts: Options, seasonal: bool, airline_params=None):
    """One member's fit on the working scale (point includes the seasonal component)."""
    p = opts.period
    if name == "airline":
        if p <= 1:
            raise m._Dropped("needs a seasonal period (period > 1)")
        if len(w) < 2 * p + m.EXTRA_POINTS:
            raise m._Dropped("needs two seasons and three points")
        if airline_params is not None:
            return _airline_refilter(w, p, h, airline_params)
        return m._fit_airline(w, p, h, log=False)
    if seasonal:
        s_hist, s_fut = seasonal_component(w, p, h, opts.seasonal_adjust, opts.seasonal_window)
    else:
        s_hist, s_fut = np.zeros(len(w)), np.zeros(h)
    x = w - s_hist
    if name == "ets":
        fit = m._fit_ets(x, 1, h, seasonal=False, log=False, specs=opts.ets_specs)
    elif name == "ses":
        fit = m._fit_ets(x, 1, h, seasonal=False, log=False, specs=((None, False),))
    elif name == "damped":
        fit = m._fit_ets(x, 1, h, seasonal=False, log=False, specs=(("add", True),))
    elif name == "theta":
        fit = m._fit_theta(x, 1, h, seasonal=False, positive=False, log=False)
    else:
        raise m._Dropped("unknown model")
    fit.point = fit.point + s_fut
    return fit


def _airline_refilter(w: np.ndarray, p: int, h: int, params: np.ndarray):
    """Point forecasts of the airline model with given parameters on a shorter history."""
    from statsmodels.tsa.statespace.sarimax import SARIMAX

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = SARIMAX(w, order=(0, 1, 1), seasonal_order=(0, 1, 1, p)).filter(params)
        point = np.asarray(res.forecast(h), dtype=float)
    return m._Fit(spec="airline", point=point, weights=np.ones(h), sigma=0.0)


def _spec(fit, name: str, log: bool, seasonal: bool, opts: Options) -> str:
    """E.g. "Theta (seasonally adjusted) on logs", "ETS(A,Ad,N) (non-seasonal) on levels"."""
    scale = "logs" if log else "levels"
    if name == "airline":
        return f"SARIMA(0,1,1)(0,1,1)[{opts.period}] on {scale}"
    base = fit.spec.split(" on ")[0].split(" (")[0]
    if not seasonal:
        return f"{base} (non-seasonal) on {scale}"
    return f"{base} (seasonally adjusted{'' if log else ', additive'}) on {scale}"


def _to_level(x: np.ndarray, log: bool) -> np.ndarray:
    return np.exp(x) if log else x


def _to_work(x: np.ndarray, log: bool) -> np.ndarray:
    if log:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(np.where(x > 0, x, np.nan))
    return x


# ---------------------------------------------------------------------------------------------
# the engine


def forecast(y, h: int, opts: Options = _DEFAULT, *, n_paths: int = 1000, seed: int = 0):
    """Fit the pool to ``y``, weigh it on rolling-origin errors and calibrate the combination
    (see the module docstring). Never raises for a bad series: dropped members carry a reason;
    with no member left ``comb`` is None."""
    with m._one_blas_thread():
        return _forecast(y, h, opts, n_paths=n_paths, seed=seed)


def _forecast(y, h: int, opts: Options, *, n_paths: int, seed: int) -> EngineForecast:
    y = np.asarray(y, dtype=float).ravel()
    n, h = len(y), int(h)
    log = bool(n and np.all(y > 0))
    empty = EngineForecast(
        {}, {}, {}, {}, OriginErrors(), None, None, np.ones(max(h, 0)), np.zeros(max(h, 0), int),
        log, False,
    )  # fmt: skip
    if h < 1 or n < 4 or not np.all(np.isfinite(y)):
        reason = (
            "nothing to forecast (h < 1)"
            if h < 1
            else "too short (fewer than 4 points)"
            if n < 4
            else "series has NaN or inf"
        )
        empty.dropped = {name: reason for name in opts.members}
        return empty
    p = max(int(opts.period), 1)
    if p > 1 and n < 2 * p + m.EXTRA_POINTS and not opts.test_seasonality:
        reason = f"too short for a seasonal model ({n} points, needs {2 * p + m.EXTRA_POINTS})"
        empty.dropped = {name: reason for name in opts.members}
        return empty
    seasonal = is_seasonal(y, opts)
    w = np.log(y) if log else y
    nonnegative = bool(np.all(y >= 0)) and not log
    members: dict[str, m.ModelForecast] = {}
    fits = {}
    dropped: dict[str, str] = {}
    for k, name in enumerate(opts.members):
        t0 = time.process_time()
        try:
            if name == "airline" and p > 1 and not seasonal and not opts.airline_always:
                # a series the test finds not seasonal: the airline's seasonal difference would
                # only add noise
                raise m._Dropped("the series is not seasonal")
            fit = _member(name, w, h, opts, seasonal)
            rng = np.random.default_rng([seed, k])
            work_mean, work_paths = m._paths(fit, n_paths, rng)
            mean, paths = _to_level(work_mean, log), _to_level(work_paths, log)
            if not (np.all(np.isfinite(mean)) and np.all(np.isfinite(paths))):
                raise m._Dropped("returned NaN or inf")
            m.check_growth(y, mean, p, log=log)
        except m._Dropped as exc:
            dropped[name] = str(exc)
            continue
        except Exception as exc:  # noqa: BLE001 - a bad series must not stop the others
            dropped[name] = f"fit failed: {type(exc).__name__}: {str(exc)[:80]}"
            continue
        fits[name] = fit
        member = m.ModelForecast(
            name=name,
            spec=_spec(fit, name, log, seasonal, opts),
            mean=mean,
            paths=paths,
            seconds=time.process_time() - t0,
        )
        members[name] = _floored(member, nonnegative)
    oe = origin_errors(y, h, opts, seasonal, log, fits)
    names = [k for k in members if k in oe.errors] if oe.origins else list(members)
    if len(names) < len(members):
        names = list(members)  # a member failing at an origin: equal footing for all
        oe = OriginErrors()
    member_error = {k: float(np.mean(np.abs(oe.errors[k]))) for k in names if k in oe.errors}
    weights = combination_weights(member_error, list(members), opts.shrink, opts.weight_power)
    result = EngineForecast(
        members, dropped, weights, member_error, oe, None, None,
        np.ones(h), np.zeros(h, int), log, seasonal, opts, nonnegative, seed,
    )  # fmt: skip
    if not members:
        return result
    t0 = time.process_time()
    raw = weighted(members, weights, n_paths, seed, log)
    result.comb_raw = raw
    if oe.origins and len(oe.steps):
        fc = sum(weights[k] * oe.forecasts[k] for k in weights)
        errors = _to_work(oe.actual, log) - _to_work(fc, log)
        if opts.calibrate:
            result.factors, result.factor_counts = _factors(raw, errors, oe.steps, log, opts)
    comb = _floored(_scaled(raw, result.factors, log, opts.tail_df, seed), result.nonnegative)
    comb.seconds = sum(f.seconds for f in members.values()) + time.process_time() - t0
    result.comb = comb
    return result


def origins_for(n: int, h: int, opts: Options, seasonal: bool = True) -> list[int]:
    """History lengths at the rolling origins: ``n - h``, ``n - h + step``, ... ``< n``, with
    ``step = ceil(h / origins)``, keeping those long enough for the pool (two seasons and three
    points for a seasonal series, else ten points)."""
    k = int(opts.origins)
    if k <= 0:
        return []
    step = max(1, math.ceil(h / k))
    p = max(int(opts.period), 1)
    shortest = 2 * p + m.EXTRA_POINTS if p > 1 and seasonal else 10
    out = [n - h + i * step for i in range(k)]
    return [o for o in out if shortest <= o < n]


def origin_errors(y, h, opts: Options, seasonal: bool, log: bool, fits: dict) -> OriginErrors:
    """Each fitted member refitted at the rolling origins on the data up to each; errors of
    every step that has an actual value. An origin where a member fails is left out for all."""
    w = np.log(y) if log else y
    n = len(y)
    oe = OriginErrors()
    rows: dict[str, list] = {k: [] for k in fits}
    steps, actual = [], []
    origins = origins_for(n, h, opts, seasonal)
    airline_params = None
    if origins and "airline" in fits:
        # the airline's parameters estimated once, on the data up to the first origin, then
        # refiltered at every origin: no parameter sees a value after an origin
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                airline_params = m._fit_airline(w[: origins[0]], opts.period, 1, log=False).params
        except Exception:  # noqa: BLE001 - no origin errors for the pool then
            return OriginErrors()
    for o in origins:
        hs = min(h, n - o)
        got = {}
        for name in fits:
            try:
                params = airline_params if name == "airline" else None
                f = _member(name, w[:o], hs, opts, seasonal, airline_params=params)
                pt = _to_level(np.asarray(f.point, float), log)
                if not np.all(np.isfinite(pt)):
                    raise m._Dropped("NaN")
            except Exception:  # noqa: BLE001 - this origin is left out
                got = None
                break
            got[name] = pt
        if not got:
            continue
        oe.origins.append(o)
        for name, pt in got.items():
            rows[name].append(pt)
        steps.append(np.arange(1, hs + 1))
        actual.append(y[o : o + hs])
    if not oe.origins:
        return OriginErrors()
    oe.steps = np.concatenate(steps)
    oe.actual = np.concatenate(actual)
    for name, parts in rows.items():
        fc = np.concatenate(parts)
        oe.forecasts[name] = fc
        oe.errors[name] = _to_work(oe.actual, log) - _to_work(fc, log)
    return oe


def combination_weights(
    errors: dict[str, float], names: list[str], shrink: float, power: float = 1.0
):
    """Inverse-error weights (``1 / e^power``, normalised) shrunk toward the equal mean (equal
    when any error is missing)."""
    k = len(names)
    if k == 0:
        return {}
    equal = {name: 1.0 / k for name in names}
    if any(name not in errors or not np.isfinite(errors[name]) for name in names):
        return equal
    inv = np.array([1.0 / max(errors[name], 1e-12) ** power for name in names])
    inv = inv / inv.sum()
    return {name: float(shrink * v + (1 - shrink) / k) for name, v in zip(names, inv, strict=True)}


def weighted(members: dict, weights: dict, n_paths: int, seed: int, log: bool) -> m.ModelForecast:
    """The weighted mean of the members' forecasts; paths pooled in proportion to the weights,
    each moved onto the combined forecast (by ratio for a series on logarithms, else by
    difference)."""
    names = list(members)
    if len(names) == 1:
        f = members[names[0]]
        return m.ModelForecast(f.name, f.spec, f.mean.copy(), f.paths.copy(), f.seconds)
    wts = np.array([weights[k] for k in names])
    mean = np.sum([weights[k] * members[k].mean for k in names], axis=0)
    ratio = log and all(np.all(members[k].mean > 0) for k in names)
    shares = np.floor(wts * n_paths).astype(int)
    shares[np.argsort(-(wts * n_paths - shares))[: n_paths - shares.sum()]] += 1
    rng = np.random.default_rng([seed, 99])
    parts = []
    for name, share in zip(names, shares, strict=True):
        if share <= 0:
            continue
        f = members[name]
        take = rng.choice(len(f.paths), size=share, replace=share > len(f.paths))
        part = f.paths[take]
        parts.append(mean * part / f.mean if ratio else mean + part - f.mean)
    paths = np.concatenate(parts, axis=0)
    paths = paths[rng.permutation(len(paths))]
    desc = ", ".join(f"{k} {weights[k]:.2f}" for k in names)
    return m.ModelForecast("comb", f"weighted mean of {desc}", mean, paths, 0.0)


def _factors(f: m.ModelForecast, errors: np.ndarray, steps: np.ndarray, log: bool, opts):
    """Calibration factor per step and the number of scores behind it (module docstring)."""
    h = len(f.mean)
    work = _to_work(f.paths, log)
    centre = _to_work(f.mean, log)
    sd = np.sqrt(np.nanmean((work - centre) ** 2, axis=0))
    factors, counts = np.ones(h), np.zeros(h, int)
    ok = np.isfinite(errors) & (steps >= 1) & (steps <= h)
    e, s = errors[ok], steps[ok]
    if not len(e):
        return factors, counts
    u2 = (e / np.maximum(sd[s - 1], 1e-12)) ** 2
    for k in range(1, h + 1):
        sel = (s >= max(1, k // 2)) & (s <= 2 * k)
        c = int(sel.sum())
        f2 = (float(u2[sel].sum()) + opts.prior_errors) / (c + opts.prior_errors)
        fk = math.sqrt(f2)
        if c < opts.min_errors:
            fk = max(fk, 1.0)
        factors[k - 1], counts[k - 1] = fk, c
    return factors, counts


def _floored(f: m.ModelForecast, nonnegative: bool) -> m.ModelForecast:
    """A series that is never negative (a count, an amount with months of zero) gets no
    negative path or forecast: the paths are floored at 0 on the level scale."""
    if nonnegative:
        f.mean = np.maximum(f.mean, 0.0)
        f.paths = np.maximum(f.paths, 0.0)
    return f


def _scaled(
    f: m.ModelForecast, factors: np.ndarray, log: bool, tail_df: float = 0.0, seed: int = 0
) -> m.ModelForecast:
    """``f`` with its paths' deviations from the forecast multiplied by ``factors`` per step
    (on logarithms for a positive series), and with ``tail_df > 0`` each path's deviations by
    ``sqrt(tail_df / chi2(tail_df))``, normalised to a median of 1 (the spread's own
    uncertainty: a Student-t mixture)."""
    if tail_df > 0:
        rng = np.random.default_rng([seed, 51])
        g = np.sqrt(tail_df / rng.chisquare(tail_df, len(f.paths)))
        factors = np.outer(g / np.median(g), factors)
    if np.allclose(factors, 1.0):
        return m.ModelForecast(f.name, f.spec, f.mean.copy(), f.paths.copy(), f.seconds)
    if log and np.all(f.paths > 0) and np.all(f.mean > 0):
        lm = np.log(f.mean)
        paths = np.exp(lm + factors * (np.log(f.paths) - lm))
    else:
        paths = f.mean + factors * (f.paths - f.mean)
    return m.ModelForecast(f.name, f.spec, f.mean.copy(), paths, f.seconds)


def county_options(period: int = 11, **overrides) -> Options:
    """The county report's settings: the period is known to be seasonal (11 points a year,
    January and February merged), so the seasonality test is off; everything else as the
    general engine."""
    return replace(Options(period=period, test_seasonality=False), **overrides)


def fit_models(
    y,
    period: int,
    h: int,
    *,
    n_paths: int = 1000,
    seed: int = 0,
    models: tuple[str, ...] = m.MODEL_NAMES,
    options=None,
) -> m.FitResult:
    """Fit the candidate models to ``y`` and forecast ``h`` steps with ``n_paths`` joint paths:
    the engine (``forecast``) with the county's options for ``period`` (or ``options``):
    its members and, with two or more, their weighted combination ``comb``, each with intervals
    calibrated on its own rolling-origin errors.

    ``y`` is a 1-d array of floats without NaN; ``period`` the seasonal period (11 for the county
    series, 12 for plain monthly data). Never raises for a bad series: a model that cannot be
    fitted or fails a guard rail is in ``dropped`` with a short reason. Deterministic for a seed
    (each model draws from its own stream, so dropping one does not change the others).
    BLAS runs with one thread during the call.
    """
    result = m.FitResult()
    known = m.MODEL_NAMES + m.EXTRA_MODELS
    for name in models:
        if name not in known:
            result.dropped[name] = "unknown model"
    members = tuple(name for name in models if name in known)
    opts = replace(options or county_options(period), members=members)
    res = forecast(y, h, opts, n_paths=n_paths, seed=seed)
    result.dropped.update(res.dropped)
    result.forecasts.update({name: res.calibrated(name) for name in res.members})
    if len(res.members) >= 2 and res.comb is not None:
        result.forecasts["comb"] = res.comb
    result.engine = res
    return result

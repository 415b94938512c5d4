"""Rolling-origin backtest: how each method would have done in the unit's past years.

For every past year y the data allow and every origin m that matters (1-5月 for the
half year; 1-6月 .. 1-11月 for the full year), each method projects 1-T月 of y from
data up to 1-m月 of y only, and the projection is compared with the published outcome:

    error_pp = projected growth of 1-T月 - published growth of 1-T月   (percentage points)
    mae_pp   = mean |error_pp|         bias_pp = mean error_pp (positive: too optimistic)
    coverage_L = share of outcomes inside the L% interval

A year is scored when the models could be fitted on it (two complete years before it);
without such a year, the years with one year before them are scored with the baselines
only. Earlier years still lend their errors to the baselines' empirical intervals,
which use only errors of years before the one projected (no look-ahead). Models'
coverage is given raw and after calibration, the calibration factors of a year being
estimated from the other years (leave one year out), so the calibrated coverage is an
honest estimate too.

The method used for an indicator is the one with the lowest MAE over the cases every
eligible method has (a method missing more than a quarter of them is not eligible);
ties go to the simpler method, the analyst's rule first.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .baselines import BASELINES, GROWTH_BASELINES
from .projection import (
    LEVELS,
    MIN_YEARS,
    FitPaths,
    Interval,
    Prediction,
    calibrate,
    calibration_factors,
    error_scale,
    normalized_error,
    predict,
    raw_interval,
    with_residuals,
)
from .series import History

MODELS = ("ets", "airline", "theta", "comb")
PREFERENCE = ("rule", "snaive", "shares", "drift", "comb", "ets", "theta", "airline")
MIN_SHARE_OF_CASES = 0.75


@dataclass
class Case:
    """One method's projection of one past year's 1-T月 from one origin, and the outcome."""

    indicator: str
    method: str
    year: int
    origin: int
    target: int
    horizon: int
    point: float
    actual: float
    scored: bool
    interval: Interval | None = None  # raw for models, empirical for baselines
    stand_in: str | None = None  # the method that answered when this one could not

    @property
    def error(self) -> float:
        return self.point - self.actual


def method_kind(method: str) -> str:
    return "model" if method in MODELS else "baseline"


def fallback_order(method: str) -> tuple[str, ...]:
    """What stands in when a model cannot be fitted at an origin: the combination of the
    models that could, else the analyst's rule (the same chain the projection uses)."""
    return (method, "comb", "rule") if method_kind(method) == "model" else (method,)


def cases_for(
    h: History,
    methods: tuple[str, ...],
    years: list[int],
    scored_years: set[int],
    origins: dict[int, list[int]],
    fits: dict[tuple[int, int], dict[str, FitPaths]],
) -> list[Case]:
    """Every method's projection at every (year, origin, target) with a published outcome.

    ``origins`` maps the target month (6 or 12) to its origins; ``fits`` maps
    (year, origin) to the models' paths fitted on data up to that origin. A model whose
    fit was dropped at an origin is scored with what would have stood in for it
    (``fallback_order``; ``Case.stand_in`` names it), so every method answers the same
    cases and a model is not flattered by skipping the years it cannot fit.
    """
    out: list[Case] = []
    for target, months in origins.items():
        for year in years:
            actual = h.cell("growth", year, target)
            if actual is None:
                continue
            for origin in months:
                if any(m in MODELS for m in methods) and (year, origin) not in fits:
                    continue  # no fit was made here (no data at this origin): no case at all
                fit = fits.get((year, origin), {})
                preds = {
                    m: predict(h, m, year, origin, target, fit.get(m))
                    for m in {*methods, "comb", "rule"}
                }
                for method in methods:
                    used = next((m for m in fallback_order(method) if preds.get(m)), None)
                    if used is None:
                        continue
                    p = preds[used]
                    out.append(
                        Case(
                            h.indicator,
                            method,
                            year,
                            origin,
                            target,
                            p.horizon,
                            p.growth,
                            actual,
                            year in scored_years,
                            raw_interval(p),
                            None if used == method else used,
                        )
                    )
    return out


def residuals(cases: list[Case], method: str, before_year: int | None) -> tuple[np.ndarray, int]:
    """Past errors of a method in units of their scale, (actual - point) / s(h, T), of the
    years before one; and the number of distinct years they come from.

    Both targets (1-6月 and 1-12月) are pooled: once rescaled they measure the same
    thing, and a half year alone has one origin a year.
    """
    mine = [
        c
        for c in cases
        if c.method == method
        and c.stand_in is None
        and (before_year is None or c.year < before_year)
    ]
    values = [(c.actual - c.point) / error_scale(c.horizon, c.target) for c in mine]
    return np.asarray(values, float), len({c.year for c in mine})


def add_baseline_intervals(cases: list[Case]) -> None:
    """Give each baseline case the interval its errors of earlier years imply."""
    for c in cases:
        if method_kind(c.method) == "baseline":
            res, n_years = residuals(cases, c.method, before_year=c.year)
            p = Prediction(c.method, c.year, c.origin, c.target, c.point)
            c.interval = raw_interval(with_residuals(p, res, n_years))


def _normalized(cases: list[Case]) -> dict[int, list[float]]:
    return {
        lv: [normalized_error(c.interval, c.actual, lv) for c in cases if c.interval]
        for lv in LEVELS
    }


def calibration(
    cases: list[Case], indicator: str, method: str, target: int
) -> tuple[dict[int, float] | None, str]:
    """Calibration factors of a method for one indicator: from its own scored cases, else
    pooled over the unit's indicators, else none. Returns (factors, source)."""
    own = [
        c
        for c in cases
        if c.indicator == indicator and c.method == method and c.target == target and c.scored
    ]
    factors = _factors(own)
    if factors:
        return factors, "own"
    pooled = [c for c in cases if c.method == method and c.target == target and c.scored]
    factors = _factors(pooled)
    return (factors, "pooled") if factors else (None, "none")


def _factors(cases: list[Case]) -> dict[int, float] | None:
    """Calibration factors from cases of at least MIN_YEARS distinct years."""
    with_iv = [c for c in cases if c.interval is not None]
    if len({c.year for c in with_iv}) < MIN_YEARS:
        return None
    return calibration_factors(_normalized(with_iv))


def _inside(iv: Interval | None, actual: float, level: int) -> bool | None:
    if iv is None:
        return None
    lo, hi = iv.bounds[level]
    return bool(lo <= actual <= hi)


def scores(cases: list[Case], indicator: str, target: int) -> pd.DataFrame:
    """One row per method: mae_pp, bias_pp, coverage80/95 (raw: the model's own interval,
    or a baseline's past errors), calibrated coverage (factors from the other years),
    n (scored cases) and n_interval."""
    rows = []
    mine = [c for c in cases if c.indicator == indicator and c.target == target and c.scored]
    for method in dict.fromkeys(c.method for c in mine):
        cs = [c for c in mine if c.method == method]
        errors = np.asarray([c.error for c in cs], float)
        row = {
            "method": method,
            "kind": method_kind(method),
            "mae_pp": float(np.mean(np.abs(errors))),
            "bias_pp": float(np.mean(errors)),
            "n": len(cs),
            "n_stand_in": sum(c.stand_in is not None for c in cs),
        }
        with_iv = [c for c in cs if c.interval is not None]
        row["n_interval"] = len(with_iv)
        for lv in LEVELS:
            inside = [_inside(c.interval, c.actual, lv) for c in with_iv]
            row[f"coverage{lv}"] = float(np.mean(inside)) if inside else None
            row[f"coverage{lv}_calibrated"] = None
        if with_iv:
            for lv in LEVELS:
                hits = []
                for c in with_iv:
                    others = [
                        o
                        for o in cases
                        if o.method == method
                        and o.target == target
                        and o.scored
                        and o.year != c.year
                        and o.interval is not None
                    ]
                    own = [o for o in others if o.indicator == indicator]
                    factors = _factors(own) or _factors(others)
                    if factors:
                        hits.append(_inside(calibrate(c.interval, factors), c.actual, lv))
                row[f"coverage{lv}_calibrated"] = float(np.mean(hits)) if hits else None
        rows.append(row)
    return pd.DataFrame(rows)


def choose(cases: list[Case], indicator: str, target: int) -> str | None:
    """The method with the lowest MAE over the cases all eligible methods share."""
    mine = [c for c in cases if c.indicator == indicator and c.target == target and c.scored]
    if not mine:
        return None
    keys = {
        m: {(c.year, c.origin) for c in mine if c.method == m} for m in {c.method for c in mine}
    }
    most = max(len(k) for k in keys.values())
    eligible = [m for m, k in keys.items() if len(k) >= MIN_SHARE_OF_CASES * most]
    common = set.intersection(*(keys[m] for m in eligible))
    mae = {
        m: np.mean([abs(c.error) for c in mine if c.method == m and (c.year, c.origin) in common])
        for m in eligible
    }
    return min(eligible, key=lambda m: (round(float(mae[m]), 9), PREFERENCE.index(m)))


def selection_check(cases: list[Case], indicator: str, target: int) -> dict | None:
    """The choosing itself, tested: for each scored year, the method is chosen on the
    other years and scored on this one (leave one year out). The best of several methods
    on the same cases it was chosen on looks better than it is; this error does not.

    Returns {mae_pp, bias_pp, n, years} or None with fewer than two scored years.
    """
    mine = [c for c in cases if c.indicator == indicator and c.target == target and c.scored]
    years = sorted({c.year for c in mine})
    if len(years) < 2:
        return None
    errors = []
    for year in years:
        picked = choose([c for c in mine if c.year != year], indicator, target)
        errors += [c.error for c in mine if c.year == year and c.method == picked]
    if not errors:
        return None
    e = np.asarray(errors, float)
    return {
        "mae_pp": float(np.mean(np.abs(e))),
        "bias_pp": float(np.mean(e)),
        "n": len(e),
        "years": len(years),
    }


def methods_for(growth_only: bool, models: bool = True) -> tuple[str, ...]:
    """The methods to test: growth terms only, the level baselines, and the models."""
    if growth_only:
        return GROWTH_BASELINES
    return (*BASELINES, *MODELS) if models else BASELINES

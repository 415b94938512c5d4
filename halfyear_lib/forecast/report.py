"""The forecasts of one unit at one period: half-year nowcast, full-year projection, backtest.

``forecast_report(ds, region, period)`` uses only the data known at the end of ``period``
(``DataSet.as_of``). For each of output, value added, industrial and technical-renovation
investment it

1. rebuilds the monthly series (11 a year) from the cumulative data (``series``);
2. fits the models (``engine.fit_models``) at every origin of the rolling-origin backtest
   and at the period itself, in parallel worker processes with one BLAS thread each;
3. scores the models and the baselines on the past years (``backtest``) and takes, per
   indicator, the method with the lowest error of the cumulative growth;
4. projects 1-6月 (periods before June) and 1-12月 with that method, with 80% and 95%
   intervals calibrated on the backtest, the probability of meeting the annual target,
   and what the remaining months need (``analysis.required``).

Growth-only data (no levels) are projected in growth terms with the analyst's rule and
the average change of past years: no amount, no monthly amount, no odds of a value target.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from ..analysis.required import required_growth
from ..data.dataset import DataSet
from ..data.periods import Period
from ..data.schema import INDICATORS
from . import backtest as bt
from .parallel import map_parallel
from .projection import (
    CALIBRATION_BOUNDS,
    LEVELS,
    FitPaths,
    Interval,
    Prediction,
    calibrate,
    predict,
    probability_at_least,
    raw_interval,
    target_threshold,
    with_residuals,
)
from .series import SLOTS, History, history, slot

FORECAST_INDICATORS = ("output", "value_added", "industrial_investment", "tech_investment")
HALF_YEAR, FULL_YEAR = 6, 12
FULL_YEAR_ORIGINS = tuple(range(6, 12))
MIN_MODEL_YEARS = 2  # complete years before the origin's year a model needs
N_PATHS = 1000
PERIOD = SLOTS  # seasonal period of the monthly series


@dataclass(frozen=True)
class Note:
    """Something a reader of the projections should know, as a code and its facts.

    ``code``: "no_data" (``period``: iso), "growth_only", "short_history" (``min_years``),
    "no_backtest", "widened_to_limit" (``factor``), "dropped" (``model``, ``reason`` as
    the engine gives it, ``n`` of ``fits``), "fallback" (``chosen`` could not be fitted
    now, ``used`` instead). text/zh/forecast.py (``note_text``) words it.
    """

    code: str
    indicator: str
    values: dict = field(default_factory=dict)

    def to_results(self) -> dict:
        return {"code": self.code, "indicator": self.indicator, **self.values}


def fit_task(task: tuple) -> tuple[dict[str, FitPaths], dict[str, str]]:
    """Fit the models on one monthly series (a worker's job): cumulated paths and drops.

    ``task`` is (series, horizon, n_paths, seed, keep): ``keep`` the horizons whose
    cumulative sums are kept (None: all), so a backtest fit carries two columns only.
    """
    from .engine import fit_models

    x, h, n_paths, seed, keep = task
    res = fit_models(np.asarray(x, float), PERIOD, h, n_paths=n_paths, seed=seed)
    cols = None if keep is None else [k - 1 for k in keep]
    paths = {}
    for name, f in res.forecasts.items():
        mean = np.cumsum(np.asarray(f.mean, float))
        sims = np.cumsum(np.asarray(f.paths, float), axis=1).astype(np.float32)
        if cols is not None:
            mean, sims = mean[cols], sims[:, cols]
        paths[name] = FitPaths(name, f.spec, mean, sims, None if keep is None else tuple(keep))
    return paths, dict(res.dropped)


def _fit_all(tasks: list, workers: int | None) -> list:
    """Fit every task, reading and filling the disk cache; misses run in parallel."""
    from . import cache, models  # noqa: F401  (load BLAS before limiting its threads)

    keys = [cache.task_key(t[0], t[1], t[2], t[3], PERIOD, t[4]) for t in tasks]
    # an entry must hold the horizons kept (1..h when all) and n_paths paths of each
    kept = [tuple(range(1, t[1] + 1)) if t[4] is None else tuple(t[4]) for t in tasks]
    out = [cache.load(k, steps=s, n_paths=t[2]) for k, s, t in zip(keys, kept, tasks, strict=True)]
    missing = [i for i, got in enumerate(out) if got is None]
    # many small fits: BLAS threads only contend (measured 6x slower on 2 cores)
    with threadpool_limits(1):
        fitted = map_parallel(fit_task, [tasks[i] for i in missing], workers=workers)
    for i, got in zip(missing, fitted, strict=True):
        out[i] = got
        cache.store(keys[i], *got)
    return out


@dataclass
class Plan:
    """What one indicator needs: its history, targets, origins, years and fits."""

    code: str
    history: History
    growth_only: bool
    targets: tuple[int, ...]  # 6 and/or 12, projected now
    origins: dict[int, list[int]]  # target -> backtest origins
    years: list[int]
    scored_years: set[int]
    model_years: list[int]
    fits: dict[tuple[int, int], dict[str, FitPaths]] = field(default_factory=dict)
    dropped: list[tuple[int, int, str, str]] = field(default_factory=list)


@dataclass
class ForecastReport:
    """Forecasts of one unit at one period; ``to_results()`` gives results.json's entries."""

    region_id: str
    period: Period
    indicators: list[str]
    nowcast: dict[str, dict]
    full_year: dict[str, dict]
    paths: dict[str, dict]
    backtest: dict[str, pd.DataFrame]  # full-year scores per indicator
    backtest_nowcast: dict[str, pd.DataFrame]
    backtest_years: dict[str, list[int]]
    chosen: dict[str, str]
    chosen_nowcast: dict[str, str]
    notes: list[Note]
    seconds: float
    cases: list[bt.Case] = field(default_factory=list, repr=False)
    selection: dict[str, dict] = field(default_factory=dict)  # leave-one-year-out check
    selection_nowcast: dict[str, dict] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return self.period.month == 12

    def beats_rule(self, nowcast: bool = False) -> dict[str, bool | None]:
        """Per indicator: the chosen method's backtest MAE is below the analyst's rule's
        (None when either is missing). ``nowcast``: the half-year backtest."""
        out: dict[str, bool | None] = {}
        tables, chosen_by = (
            (self.backtest_nowcast, self.chosen_nowcast)
            if nowcast
            else (self.backtest, self.chosen)
        )
        for code, table in tables.items():
            chosen = chosen_by.get(code)
            mae = dict(zip(table["method"], table["mae_pp"], strict=True)) if len(table) else {}
            if chosen is None or "rule" not in mae or chosen not in mae:
                out[code] = None
            else:
                out[code] = bool(chosen != "rule" and mae[chosen] < mae["rule"])
        return out

    def backtest_frame(self) -> pd.DataFrame:
        """Tidy table: indicator, horizon (half_year/full_year), method, scores."""
        frames = []
        for name, tables in (("full_year", self.backtest), ("half_year", self.backtest_nowcast)):
            for code, t in tables.items():
                if len(t):
                    frames.append(t.assign(indicator=code, horizon=name))
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    def to_results(self) -> dict:
        """The facts: methods and notes as codes (the model's ``model_spec`` as the engine
        writes it); text/zh/forecast.py (``worded_results``) adds their words."""

        def table(t: pd.DataFrame) -> dict:
            out = {}
            for row in t.to_dict("records"):
                method = row.pop("method")
                out[method] = {k: _clean(v) for k, v in row.items()}
            return out

        return {
            "origin": self.period.iso,
            "origin_label": self.period.label,
            "year": self.period.year,
            "month": self.period.month,
            "indicators": list(self.indicators),
            "labels": {c: INDICATORS[c].label for c in self.indicators},
            "units": {c: INDICATORS[c].unit for c in self.indicators},
            "complete": self.complete,
            "nowcast": self.nowcast,
            "full_year": self.full_year,
            "path": self.paths,
            "backtest": {c: table(t) for c, t in self.backtest.items()},
            "backtest_nowcast": {c: table(t) for c, t in self.backtest_nowcast.items()},
            "backtest_years": self.backtest_years,
            "chosen": self.chosen,
            "chosen_nowcast": self.chosen_nowcast,
            "rule": "rule",
            "beats_rule": self.beats_rule(),
            "beats_rule_nowcast": self.beats_rule(nowcast=True),
            "selection": self.selection,
            "selection_nowcast": self.selection_nowcast,
            "notes": [note.to_results() for note in self.notes],
            "seconds": round(self.seconds, 2),
        }


def _clean(v):
    if isinstance(v, (np.floating, float)):
        return None if not np.isfinite(v) else float(v)
    if isinstance(v, np.integer):
        return int(v)
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return None
    return v


def _plan(ds: DataSet, region_id: str, code: str, period: Period) -> Plan | None:
    h = history(ds, region_id, code)
    y0, m0 = period.year, period.month
    if h.cell("growth", y0, m0) is None and h.cell("level", y0, m0) is None:
        return None
    growth_only = not h.has_levels(y0, m0)
    targets = tuple(t for t in (HALF_YEAR, FULL_YEAR) if m0 < t)
    origins = {FULL_YEAR: sorted({*FULL_YEAR_ORIGINS, *([m0] if m0 < HALF_YEAR else [])})}
    if m0 < HALF_YEAR:
        origins[HALF_YEAR] = [m0]
    known = sorted(set(h.growth.index) | set(h.level.index))

    def outcome_known(year: int, target: int) -> bool:
        return (year, target) <= (y0, m0) and h.cell("growth", year, target) is not None

    years = [y for y in known if (y - 1) in known and any(outcome_known(y, t) for t in origins)]
    model_years: list[int] = []
    if not growth_only:
        for y in years:
            first = _first_model_year(h, y)
            if first is not None and first <= y - MIN_MODEL_YEARS:
                model_years.append(y)
    scored = set(model_years) if model_years else set(years)
    return Plan(code, h, growth_only, targets, origins, years, scored, model_years)


def _first_model_year(h: History, year: int) -> int | None:
    """First year of the usable monthly history before 1-6月 of ``year`` (None: none)."""
    got = h.monthly(year, HALF_YEAR) if h.cell("level", year, HALF_YEAR) is not None else None
    if got is None:
        got = h.monthly(year - 1, 12) if h.cell("level", year - 1, 12) is not None else None
    return None if got is None else got[1]


def _tasks(plan: Plan, period: Period, n_paths: int, seed: int):
    """(key, task) pairs: every backtest origin of a model year, and the period itself."""
    if plan.growth_only:
        return []
    h = plan.history
    wanted = {(y, o) for y in plan.model_years for os in plan.origins.values() for o in os}
    if period.month < 12 and plan.model_years:
        wanted.add((period.year, period.month))
    out = []
    for y, o in sorted(wanted):
        if (y, o) > (period.year, period.month) or h.cell("level", y, o) is None:
            continue
        got = h.monthly(y, o)
        if got is None or got[1] > y - MIN_MODEL_YEARS:
            continue
        task_seed = seed + 100 * (y % 1000) + o
        h_steps = slot(FULL_YEAR) - slot(o)
        # a backtest fit needs the totals to 1-6月 and 1-12月 only; the fit now the whole fan
        keep = None if (y, o) == (period.year, period.month) else _steps_to_targets(o)
        out.append(((plan.code, y, o), (got[0], h_steps, n_paths, task_seed, keep)))
    return out


def _steps_to_targets(origin: int) -> list[int]:
    return [slot(t) - slot(origin) for t in (HALF_YEAR, FULL_YEAR) if t > origin]


def forecast_report(
    ds: DataSet,
    region_id: str,
    period: Period,
    *,
    indicators: tuple[str, ...] = FORECAST_INDICATORS,
    workers: int | None = None,
    n_paths: int = N_PATHS,
    seed: int = 0,
) -> ForecastReport:
    """Nowcast, full-year projection and backtest of a unit's indicators at a period.

    Uses nothing dated after ``period``. ``workers``: processes for the model fits
    (None: ``HALFYEAR_FIT_WORKERS`` if set, which a parallel batch sets to 1, else the
    machine's cores; 1: in this process).
    """
    started = time.perf_counter()
    if workers is None and os.environ.get("HALFYEAR_FIT_WORKERS", "").isdigit():
        workers = int(os.environ["HALFYEAR_FIT_WORKERS"]) or None  # set by a parallel batch
    ds.region_name(region_id)  # a clear error for an unknown unit
    cut = ds.as_of(period)
    notes: list[Note] = []
    plans: list[Plan] = []
    for code in indicators:
        plan = _plan(cut, region_id, code, period)
        if plan is None:
            notes.append(Note("no_data", code, {"period": period.iso}))
            continue
        plans.append(plan)

    tasks = [kt for plan in plans for kt in _tasks(plan, period, n_paths, seed)]
    results = _fit_all([t for _, t in tasks], workers)
    by_code = {p.code: p for p in plans}
    for (code, y, o), (paths, dropped) in zip([k for k, _ in tasks], results, strict=True):
        by_code[code].fits[(y, o)] = paths
        for model, reason in dropped.items():
            by_code[code].dropped.append((y, o, model, reason))

    cases: list[bt.Case] = []
    for plan in plans:
        # models are tested on the model years; earlier years lend the baselines errors
        mine: list[bt.Case] = []
        args = (plan.scored_years, plan.origins, plan.fits)
        if plan.model_years:
            methods = bt.methods_for(plan.growth_only, models=True)
            mine += bt.cases_for(plan.history, methods, plan.model_years, *args)
        rest = [y for y in plan.years if y not in plan.model_years]
        mine += bt.cases_for(plan.history, bt.methods_for(plan.growth_only, False), rest, *args)
        bt.add_baseline_intervals(mine)
        cases += mine

    out = ForecastReport(
        region_id, period, [p.code for p in plans], {}, {}, {}, {}, {}, {}, {}, {}, notes, 0.0
    )
    out.cases = cases
    for plan in plans:
        _project(cut, region_id, period, plan, cases, out)
    out.seconds = time.perf_counter() - started
    return out


def _project(
    ds: DataSet, region_id: str, period: Period, plan: Plan, cases: list[bt.Case], out
) -> None:
    code, h = plan.code, plan.history
    notes = out.notes
    scored = sorted(plan.scored_years & {c.year for c in cases if c.indicator == code})
    out.backtest_years[code] = scored
    if plan.growth_only:
        notes.append(Note("growth_only", code))
    elif not plan.model_years:
        notes.append(Note("short_history", code, {"min_years": MIN_MODEL_YEARS}))
    if not scored:
        notes.append(Note("no_backtest", code))
    _note_dropped(plan, notes)

    for target in (FULL_YEAR, HALF_YEAR):
        if target not in plan.origins:
            continue
        table = bt.scores(cases, code, target)
        (out.backtest if target == FULL_YEAR else out.backtest_nowcast)[code] = table
        chosen = bt.choose(cases, code, target) or "rule"
        (out.chosen if target == FULL_YEAR else out.chosen_nowcast)[code] = chosen
        check = bt.selection_check(cases, code, target)
        if check is not None:
            (out.selection if target == FULL_YEAR else out.selection_nowcast)[code] = check
        if target not in plan.targets:
            continue
        fit_now = plan.fits.get((period.year, period.month), {})
        method, p = _usable(h, chosen, period, target, fit_now, cases, code, notes)
        if p is None:
            continue
        entry = _entry(h, method, p, fit_now, cases, code, target, plan.growth_only)
        if any(k >= CALIBRATION_BOUNDS[1] for k in (entry["calibration"] or {}).values()):
            notes.append(Note("widened_to_limit", code, {"factor": CALIBRATION_BOUNDS[1]}))
        if target == FULL_YEAR:
            entry.update(_target_part(ds, region_id, code, period, p, method, cases))
            out.full_year[code] = entry
            out.paths[code] = _path(ds, region_id, h, method, period, fit_now, cases, plan)
        else:
            out.nowcast[code] = entry


def _note_dropped(plan: Plan, notes: list[Note]) -> None:
    if not plan.dropped:
        return
    counts: dict[tuple[str, str], int] = {}
    for _y, _o, model, reason in plan.dropped:
        counts[(model, reason)] = counts.get((model, reason), 0) + 1
    fits = len(plan.fits)
    for (model, reason), n in sorted(counts.items()):
        notes.append(
            Note("dropped", plan.code, {"model": model, "reason": reason, "n": n, "fits": fits})
        )


def _usable(h, chosen, period, target, fit_now, cases, code, notes):
    """The chosen method's projection now, falling back as in the backtest (the
    combination, then the rule) when its fit failed at this origin."""
    for method in dict.fromkeys([*bt.fallback_order(chosen), "rule"]):
        p = predict(h, method, period.year, period.month, target, fit_now.get(method))
        if p is not None:
            if method != chosen:
                notes.append(Note("fallback", code, {"chosen": chosen, "used": method}))
            return method, p
    return chosen, None


def _interval(p: Prediction, method: str, cases, code: str, target: int):
    """(calibrated interval or None, factors or None); gives a baseline its samples."""
    if bt.method_kind(method) == "baseline" and p.samples is None:
        res, n_years = bt.residuals([c for c in cases if c.indicator == code], method, None)
        with_residuals(p, res, n_years)
    factors, _ = bt.calibration(cases, code, method, target)
    raw = raw_interval(p)
    return (calibrate(raw, factors) if raw else None), factors


def _entry(h, method, p: Prediction, fit_now, cases, code, target, growth_only) -> dict:
    iv, factors = _interval(p, method, cases, code, target)
    spec = fit_now[method].spec if method in fit_now else ""
    entry = {
        "value": p.amount,
        "yoy_pct": p.growth,
        "model": method,
        "model_spec": spec,  # the engine's words; text/zh/forecast.py makes model_label
        "growth_only": growth_only,
        "observed_value": h.cell("level", p.year, p.origin),
        "observed_yoy_pct": h.cell("growth", p.year, p.origin),
        "base_total": p.base,
        "calibration": {str(k): v for k, v in factors.items()} if factors else None,
    }
    for lv in LEVELS:
        lo, hi = iv.bounds[lv] if iv else (None, None)
        entry[f"yoy_lo{lv}"], entry[f"yoy_hi{lv}"] = lo, hi
        entry[f"lo{lv}"], entry[f"hi{lv}"] = p.to_amount(lo), p.to_amount(hi)
    return {k: _clean(v) for k, v in entry.items()}


def _target_part(ds, region_id, code, period, p: Prediction, method, cases) -> dict:
    from ..analysis.targets import annual_targets, main_target

    targets = annual_targets(ds, region_id, code, period)
    tv = targets["value"].given if "value" in targets else None
    tg = targets["growth_pct"].given if "growth_pct" in targets else None
    _, factors = _interval(p, method, cases, code, FULL_YEAR)
    probs = {}
    for kind, target in (("value", tv), ("growth_pct", tg)):
        thr = target_threshold(p, kind, target) if target is not None else None
        probs[kind] = probability_at_least(p, thr, factors=factors) if thr is not None else None
    # the one target a summary quotes ("全年增长8%") and page 02 measures: growth where set
    chosen = main_target(targets)
    main = chosen.kind if chosen is not None else None
    need = required_growth(ds, region_id, code, period, kind=main) if main else None
    return {
        "target_value": tv,
        "target_growth_pct": tg,
        "p_meet_target": probs.get(main) if main else None,
        "p_meet_value_target": probs["value"],
        "p_meet_growth_target": probs["growth_pct"],
        "target_kind": main,
        "target_amount": _clean(chosen.amount) if chosen is not None else None,
        "rest_of_year_growth_pct": _clean(need.rest_of_year_growth_pct) if need else None,
        "monthly_needed": _clean(need.monthly_needed) if need else None,
        "months_left": 12 - period.month,
    }


def _path(ds, region_id, h: History, method, period, fit_now, cases, plan: Plan) -> dict:
    """The cumulative path of the year: actual to the origin, then the projected fan."""
    from ..analysis.targets import annual_targets, main_target

    y, m = period.year, period.month
    scale = "growth" if plan.growth_only else "amount"
    frame = "growth" if scale == "growth" else "level"
    months = list(range(2, 13))
    out: dict = {"scale": scale, "months": months}
    out["actual"] = [h.cell(frame, y, t) if t <= m else None for t in months]
    out["last_year"] = [h.cell(frame, y - 1, t) for t in months]
    keys = ("mean", "lo80", "hi80", "lo95", "hi95")
    for k in keys:
        out[k] = [None] * len(months)
    start = months.index(m)
    for k in keys:
        out[k][start] = out["actual"][start]
    for i, t in enumerate(months):
        if t <= m:
            continue
        p = predict(h, method, y, m, t, fit_now.get(method))
        if p is None:
            continue
        iv, _ = _interval(p, method, cases, plan.code, FULL_YEAR)
        values = {"mean": p.growth}
        if iv is not None:
            for lv in LEVELS:
                values[f"lo{lv}"], values[f"hi{lv}"] = iv.bounds[lv]
        for k, g in values.items():
            out[k][i] = _clean(g if scale == "growth" else p.to_amount(g))
    # the chart's target is the one the probability and page 02 measure (targets.py)
    chosen = main_target(annual_targets(ds, region_id, plan.code, period))
    if chosen is None:
        out["target"] = None
    elif scale == "growth":
        out["target"] = chosen.given if chosen.kind == "growth_pct" else None
    else:
        out["target"] = _clean(chosen.amount)
    out["target_kind"] = chosen.kind if chosen is not None else None
    return out


__all__ = ["FORECAST_INDICATORS", "ForecastReport", "Note", "forecast_report", "Interval"]

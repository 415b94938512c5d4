"""Point-accuracy screen of pool variants on M3 monthly (no intervals, so it runs in minutes):
the theta line's coefficient fixed or chosen per series on the rolling-origin errors, and
members fitted on several seasonal adjustments (recent 5/8/12 cycles, classical, STL 13),
grouped (one member per model, averaged over adjustments) or flat (each a member). Weights
are the engine's inverse mean absolute origin errors.

    python benchmarks/forecast_m3_variants.py --workers 2       # all 1,428 series, ~9 min
    python benchmarks/forecast_m3_variants.py --sample 100

Prints sMAPE, MASE, OWA (against Naive2 on the same series) overall and OWA per category.
It is the evidence behind issue 19's note that no variant of this pool reaches sMAPE 13.3.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from dataclasses import replace
from functools import partial
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from forecast_m3 import CATEGORIES, PERIOD, H, load_m3_monthly, mase, naive2, smape  # noqa: E402

from halfyear_lib.forecast import engine  # noqa: E402
from halfyear_lib.forecast import models as m  # noqa: E402
from halfyear_lib.forecast.parallel import map_parallel  # noqa: E402

THETAS = (1.0, 1.5, 2.0, 2.5, 3.0)
ADJUST = {
    "r8": ("recent", 8), "cl": ("classical", 8), "stl": ("stl", 13),
    "r5": ("recent", 5), "r12": ("recent", 12),
}  # fmt: skip


def _thetas(w, h, opts, seasonal) -> dict:
    from statsmodels.tsa.forecasting.theta import ThetaModel

    if seasonal:
        sh, sf = engine.seasonal_component(w, PERIOD, h, opts.seasonal_adjust, opts.seasonal_window)
    else:
        sh, sf = np.zeros(len(w)), np.zeros(h)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = ThetaModel(w - sh, period=1, deseasonalize=False).fit(disp=False)
        return {f"theta{t}_r8": np.asarray(res.forecast(h, theta=t), float) + sf for t in THETAS}


def _points(w, h, opts, seasonal, airline_params=None) -> dict:
    out = {}
    for tag, (how, window) in ADJUST.items():
        o = replace(opts, seasonal_adjust=how, seasonal_window=window)
        for name in ("ets", "theta"):
            try:
                fit = engine._member(name, w, h, o, seasonal)
                out[f"{name}_{tag}"] = np.asarray(fit.point, float)
            except Exception:  # noqa: BLE001 - a member that fails is left out
                pass
    try:
        fit = engine._member("airline", w, h, opts, seasonal, airline_params=airline_params)
        out["airline"] = np.asarray(fit.point, float)
    except Exception:  # noqa: BLE001
        pass
    try:
        out.update(_thetas(w, h, opts, seasonal))
    except Exception:  # noqa: BLE001
        pass
    return out


def run_one(item) -> dict:
    """Final and rolling-origin point forecasts of every candidate (level scale)."""
    name, cat, x, xx = item
    opts = engine.Options(period=PERIOD)
    with m._one_blas_thread():
        n = len(x)
        log = bool(np.all(x > 0))
        w = np.log(x) if log else x
        seasonal = engine.is_seasonal(x, opts)
        final = _points(w, H, opts, seasonal)
        origins = engine.origins_for(n, H, opts, seasonal)
        params = None
        if origins:
            try:
                params = m._fit_airline(w[: origins[0]], PERIOD, 1, log=False).params
            except Exception:  # noqa: BLE001
                params = None
        orig = [
            (_points(w[:o], min(H, n - o), opts, seasonal, params), x[o : o + min(H, n - o)])
            for o in origins
        ]
    level = np.exp if log else (lambda a: a)
    final = {k: level(v) for k, v in final.items()}
    orig = [({k: level(v) for k, v in p.items()}, a) for p, a in orig]
    return {"cat": cat, "x": x, "xx": xx, "log": log, "final": final, "orig": orig,
            "naive2": naive2(x, H, PERIOD)}  # fmt: skip


def _work(a, log):
    return np.log(np.maximum(a, 1e-300)) if log else a


def _origin_mae(r, key) -> float:
    parts = [np.abs(_work(a, r["log"]) - _work(p[key], r["log"])) for p, a in r["orig"] if key in p]
    if not parts or len(parts) < len(r["orig"]):
        return np.nan
    return float(np.mean(np.concatenate(parts)))


def _weighted(r, final: dict, errors: dict) -> np.ndarray:
    names = list(final)
    if not names:
        return r["naive2"]
    e = np.array([errors.get(k, np.nan) for k in names])
    w = 1 / np.maximum(e, 1e-12) if np.all(np.isfinite(e)) else np.ones(len(names))
    w = w / w.sum()
    return sum(wi * final[k] for wi, k in zip(w, names, strict=True))


def flat(r, names) -> np.ndarray:
    final = {k: r["final"][k] for k in names if k in r["final"]}
    return _weighted(r, final, {k: _origin_mae(r, k) for k in final})


def grouped(r, tags, theta_keys=None) -> np.ndarray:
    """ETS and Theta each averaged over the seasonal adjustments ``tags``, then the engine's
    weights over ETS, Theta and the airline; ``theta_keys``: the theta line chosen per series
    among these on its origin errors."""

    def mean_of(p, model):
        ks = [f"{model}_{t}" for t in tags if f"{model}_{t}" in p]
        return np.mean([p[k] for k in ks], axis=0) if ks else None

    theta = None
    if theta_keys:
        errs = [_origin_mae(r, k) for k in theta_keys]
        if all(k in r["final"] for k in theta_keys) and np.all(np.isfinite(errs)):
            theta = theta_keys[int(np.argmin(errs))]

    def members(p):
        out = {"ets": mean_of(p, "ets"), "theta": p.get(theta) if theta else mean_of(p, "theta")}
        out["airline"] = p.get("airline")
        return {k: v for k, v in out.items() if v is not None}

    final = members(r["final"])
    orig = [(members(p), a) for p, a in r["orig"]]
    errors = {}
    for k in final:
        parts = [np.abs(_work(a, r["log"]) - _work(p[k], r["log"])) for p, a in orig if k in p]
        if parts and len(parts) == len(orig):
            errors[k] = float(np.mean(np.concatenate(parts)))
    return _weighted(r, final, errors)


def variants() -> dict:
    theta_all = [f"theta{t}_r8" for t in THETAS]
    out = {
        "engine (ets, theta, airline; recent 8)": lambda r: grouped(r, ["r8"]),
        "theta line chosen per series (1-3)": lambda r: grouped(r, ["r8"], theta_all),
        "theta line chosen per series (2-3)": lambda r: grouped(r, ["r8"], theta_all[2:]),
    }
    for t in (1.5, 2.5, 3.0):
        out[f"theta line {t}"] = partial(grouped, tags=["r8"], theta_keys=[f"theta{t}_r8"])
    out["thetas 1, 2, 3 as members"] = lambda r: flat(
        r, ["ets_r8", "theta1.0_r8", "theta2.0_r8", "theta3.0_r8", "airline"]
    )
    for tags in (["cl"], ["stl"], ["r5"], ["r12"], ["r8", "cl"], ["r8", "cl", "stl"],
                 ["r5", "r8", "r12", "cl", "stl"]):  # fmt: skip
        label = "+".join(tags)
        out[f"grouped over {label}"] = partial(grouped, tags=tags)
        if len(tags) > 1:
            names = [f"{mm}_{t}" for t in tags for mm in ("ets", "theta")] + ["airline"]
            out[f"flat over {label}"] = partial(flat, names=names)
    return out


def score(results, fn, cats=None):
    sel = [r for r in results if cats is None or r["cat"] in cats]
    s, ms, s2, m2 = [], [], [], []
    for r in sel:
        f = fn(r)
        s.append(smape(r["xx"], f))
        ms.append(mase(r["x"], r["xx"], f, PERIOD))
        s2.append(smape(r["xx"], r["naive2"]))
        m2.append(mase(r["x"], r["xx"], r["naive2"], PERIOD))
    sm, mm = float(np.mean(s)), float(np.mean(ms))
    return sm, mm, 0.5 * (sm / np.mean(s2) + mm / np.mean(m2))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=0, help="a seeded sample of N series")
    parser.add_argument("--workers", type=int, default=None, help="worker processes")
    args = parser.parse_args(argv)
    data = load_m3_monthly()
    if args.sample:
        idx = np.random.default_rng(2024).choice(len(data), args.sample, replace=False)
        data = [data[i] for i in sorted(idx)]
    t0 = time.time()
    results = map_parallel(run_one, data, workers=args.workers)
    print(f"{len(results)} series, wall {time.time() - t0:.0f} s")
    head = " ".join(f"{c[:5].lower():>6s}" for c in CATEGORIES)
    print(f"{'variant':42s} {'sMAPE':>7s} {'MASE':>6s} {'OWA':>7s} | OWA by category: {head}")
    for label, fn in variants().items():
        sm, mm, owa = score(results, fn)
        per = " ".join(f"{score(results, fn, [c])[2]:6.3f}" for c in CATEGORIES)
        print(f"{label:42s} {sm:7.3f} {mm:6.3f} {owa:7.4f} |                  {per}")


if __name__ == "__main__":
    main()

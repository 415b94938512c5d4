"""Forecast benchmark: the demo backtest of every county-level unit, and the M3 run.

Demo part (``--period``, default 2021-06): for every unit of the demo city with data, the
four projected indicators are backtested over the past years (fits not cached, so the
times are real). Prints, per method, the mean over units x indicators of

- the MAE of the annual cumulative growth (points) and its ratio to the analyst's rule
  (the baseline measured in the same run: < 1 means better than the rule);
- the bias, the coverage of the 80% and 95% intervals (calibrated as shown, raw beside);

then how often the chosen method beat the rule, and the seconds one unit takes (median
over units) with one worker and with ``--workers`` (all indicators, backtest included).

M3 part (``--m3``; needs ``pip install -e ".[bench]"``): runs ``forecast_m3.py``
(sMAPE, MASE, OWA vs Naive2, coverage, CPU seconds per series; ``--sample N``).

    .venv/bin/python benchmarks/forecast_backtest.py
    .venv/bin/python benchmarks/forecast_backtest.py --m3 --sample 200
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from halfyear_lib.data.loading import load_dataset  # noqa: E402
from halfyear_lib.data.periods import Period  # noqa: E402
from halfyear_lib.forecast.report import forecast_report  # noqa: E402
from halfyear_lib.paths import DEMO_DATA_DIR  # noqa: E402
from halfyear_lib.text.zh.forecast import method_label  # noqa: E402


def demo(period: Period, workers: int, units: list[str] | None) -> None:
    os.environ["HALFYEAR_CACHE_DIR"] = "off"  # measure real fits
    ds = load_dataset(DEMO_DATA_DIR)
    regions = ds.regions
    ids = units or [r for r, k in zip(regions["region_id"], regions["kind"], strict=True)]
    frames, beats, serial, parallel, honest = [], [], [], [], []
    for region in ids:
        t0 = time.perf_counter()
        rep = forecast_report(ds, region, period, workers=1)
        serial.append(time.perf_counter() - t0)
        if workers > 1:
            t0 = time.perf_counter()
            forecast_report(ds, region, period, workers=workers)
            parallel.append(time.perf_counter() - t0)
        table = rep.backtest_frame()
        if table.empty:
            continue
        full = table.loc[table["horizon"] == "full_year"]
        frames.append(full.assign(region=region))
        beats += [b for b in rep.beats_rule().values() if b is not None]
        rule_mae = dict(zip(full.loc[full["method"] == "rule", "indicator"],
                            full.loc[full["method"] == "rule", "mae_pp"], strict=True))  # fmt: skip
        for code, sel in rep.selection.items():
            if code in rule_mae:
                honest.append((sel["mae_pp"], rule_mae[code]))
    if not frames:
        print("no unit could be backtested")
        return
    allt = pd.concat(frames, ignore_index=True)
    rule = allt.loc[allt["method"] == "rule"].set_index(["region", "indicator"])["mae_pp"]
    allt["ratio"] = [
        r.mae_pp / rule.get((r.region, r.indicator), np.nan) for r in allt.itertuples()
    ]
    cols = ["mae_pp", "ratio", "bias_pp", "coverage80_calibrated", "coverage80"]
    cols += ["coverage95_calibrated", "coverage95", "n"]
    allt[cols] = allt[cols].apply(pd.to_numeric, errors="coerce")  # None -> NaN
    summary = allt.groupby("method")[cols].mean().sort_values("mae_pp")
    n_series = allt.groupby(["region", "indicator"]).ngroups
    print(
        f"Demo backtest at {period.full_label}: {len(ids)} units, {n_series} unit x indicator "
        "series, annual cumulative growth, means over series"
    )
    print(
        "/rule: MAE over the analyst's rule's MAE (< 1 is better); cov: coverage of the "
        "intervals shown (calibrated, each year's factor from the other years), raw beside"
    )
    print(
        f"{'method':<10}{'MAE pp':>8}{'/rule':>7}{'bias':>7}{'cov80':>7}{'(raw)':>7}"
        f"{'cov95':>7}{'(raw)':>7}{'cases':>7}  label"
    )
    for method, r in summary.iterrows():
        print(
            f"{method:<10}{r.mae_pp:8.2f}{r.ratio:7.2f}{r.bias_pp:+7.2f}"
            f"{100 * r.coverage80_calibrated:7.1f}{100 * r.coverage80:7.1f}"
            f"{100 * r.coverage95_calibrated:7.1f}{100 * r.coverage95:7.1f}{r.n:7.0f}"
            f"  {method_label(method)}"
        )
    print(
        f"chosen method beat the analyst's rule in {sum(beats)} of {len(beats)} series "
        f"({100 * sum(beats) / max(len(beats), 1):.0f}%)"
    )
    if honest:
        sel, rule = (float(np.mean(v)) for v in zip(*honest, strict=True))
        print(
            f"the choosing tested leave-one-year-out: MAE {sel:.3f} pp against the rule's "
            f"{rule:.3f} (ratio {sel / rule:.3f}) over {len(honest)} series"
        )
    print(
        f"seconds per unit (4 indicators, backtest included, no cache): median "
        f"{statistics.median(serial):.1f} s with 1 worker"
        + (f", {statistics.median(parallel):.1f} s with {workers}" if parallel else "")
        + (
            f" (speed-up {statistics.median(serial) / statistics.median(parallel):.2f}x)"
            if parallel
            else ""
        )
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--period", default="2021-06", help="origin of the demo projections")
    parser.add_argument("--units", default="", help="comma-separated unit ids (default: all)")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--m3", action="store_true", help="also run the M3 monthly benchmark")
    parser.add_argument("--sample", type=int, default=0, help="M3: a seeded sample of N series")
    parser.add_argument("--no-demo", action="store_true", help="skip the demo backtest")
    args = parser.parse_args(argv)
    if not args.no_demo:
        units = [u for u in args.units.split(",") if u] or None
        demo(Period.parse(args.period), args.workers, units)
    if args.m3:
        import forecast_m3

        print()
        forecast_m3.main(
            [f"--workers={args.workers}"] + ([f"--sample={args.sample}"] if args.sample else [])
        )


if __name__ == "__main__":
    main()

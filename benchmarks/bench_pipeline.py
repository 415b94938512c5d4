"""Benchmark: loading + validation, headline computation and one full report run.

Prints medians over repeats, and the ratio of the loader to a baseline measured in the
same run: plain ``pandas.read_csv`` of the same files (no validation, no conversion).
Usage: .venv/bin/python benchmarks/bench_pipeline.py [--repeats N] [--no-run]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from halfyear_lib.analysis.indicators import growth_history, headline
from halfyear_lib.data.loading import load_dataset
from halfyear_lib.data.periods import Period
from halfyear_lib.data.schema import HEADLINE_INDICATORS
from halfyear_lib.paths import DEMO_DATA_DIR
from halfyear_lib.running.runs import run_report


def median_time(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def scaled_copy(folder: Path, copies: int) -> Path:
    """The demo set with its non-city units repeated ``copies`` times under new ids."""
    for csv in DEMO_DATA_DIR.glob("*.csv"):
        df = pd.read_csv(csv, dtype=str, keep_default_na=False)
        if csv.stem in ("regions", "indicators"):
            units = df if csv.stem == "indicators" else df[df["kind"] != "city"]
            extra = []
            for k in range(1, copies):
                c = units[units["region_id"] != "jiangzhou"].copy()
                c["region_id"] = c["region_id"] + f"_{k}"
                extra.append(c)
            df = pd.concat([df, *extra], ignore_index=True)
        df.to_csv(folder / csv.name, index=False)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--no-run", action="store_true", help="skip the full papermill run")
    args = parser.parse_args()
    period = Period(2021, 6)
    files = sorted(DEMO_DATA_DIR.glob("*.csv"))
    rows = sum(len(pd.read_csv(f)) for f in files)

    baseline = median_time(lambda: [pd.read_csv(f) for f in files], args.repeats)
    loader = median_time(lambda: load_dataset(DEMO_DATA_DIR), args.repeats)
    ds = load_dataset(DEMO_DATA_DIR)
    head = median_time(lambda: headline(ds, "qingshui", period), args.repeats)
    hist = median_time(
        lambda: growth_history(ds, ["qingshui", "jiangzhou"], list(HEADLINE_INDICATORS), period),
        args.repeats,
    )
    print(f"demo data set: {len(files)} files, {rows} rows; medians of {args.repeats} repeats")
    print(f"baseline pandas.read_csv of the files : {baseline * 1000:8.1f} ms")
    print(
        f"load_dataset (parse + validate)       : {loader * 1000:8.1f} ms  ({loader / baseline:.1f}x baseline)"
    )
    print(f"headline(qingshui, 2021-06)           : {head * 1000:8.1f} ms")
    print(f"growth_history (5 indicators, 2 years): {hist * 1000:8.1f} ms")
    with tempfile.TemporaryDirectory() as tmp:
        big = scaled_copy(Path(tmp), 5)
        big_rows = len(pd.read_csv(big / "indicators.csv"))
        big_files = sorted(big.glob("*.csv"))
        big_base = median_time(lambda: [pd.read_csv(f) for f in big_files], args.repeats)
        big_load = median_time(lambda: load_dataset(big), args.repeats)
    print(
        f"load_dataset, {big_rows} indicator rows   : {big_load * 1000:8.1f} ms  "
        f"({big_load / big_base:.1f}x its read_csv baseline of {big_base * 1000:.1f} ms)"
    )
    if not args.no_run:
        runs = []
        with tempfile.TemporaryDirectory() as out:
            for _ in range(3):
                t0 = time.perf_counter()
                run_report("demo", "qingshui", period, Path(out))
                runs.append(time.perf_counter() - t0)
        print(
            f"full run_report (papermill + HTML)    : {statistics.median(runs):8.2f} s (median of 3)"
        )


if __name__ == "__main__":
    main()

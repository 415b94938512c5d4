"""Speed of a report against the papermill floor, and of a batch with 1 and N workers.

In one run, medians over ``--repeats``:

- floor: papermill executing one notebook that only imports what the report notebooks
  import (pandas, numpy, matplotlib, statsmodels, the library; seaborn no longer: the
  charts set its theme without it, display/fonts.py ``chart_theme``): the cost of a
  kernel and its imports, which no report can avoid; measured alternately with the
  report (fit cache warm), so that a slower spell of the machine weighs on both; and,
  stricter, the same without statsmodels.api (a report's kernels import only the
  chapters when the fit cache is warm);
- report: one full demo report (every notebook, HTML, results), fit cache warm (as on a
  rerun) and cold (``HALFYEAR_CACHE_DIR=off``, the first run of a period), each repeat
  with no kernel running (as ``halfyear run`` starts); and a report run after another in
  the same process (warm kernels, as a batch worker's next unit);
- batch (``--batch``): every demo unit for one period with 1 worker and with N, and the
  speed-up, both with the fit cache filled by a first batch (as on a rerun).

Prints the ratios report/floor and the batch speed-up.

    .venv/bin/python benchmarks/run_speed.py [--repeats 3] [--batch] [--workers N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import papermill as pm

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from halfyear_lib.paths import DEMO_DATA_DIR  # noqa: E402
from halfyear_lib.running.kernels import shutdown_shared_pool  # noqa: E402
from halfyear_lib.running.runs import run_report  # noqa: E402

IMPORTS = """\
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import statsmodels.api as sm
from IPython.display import Markdown, display

import halfyear_lib.chapters.base
import halfyear_lib.chapters.forecast
import halfyear_lib.chapters.indicators
import halfyear_lib.chapters.industry
import halfyear_lib.chapters.investment
"""


# what a report kernel has imported at its end with the fit cache warm: the chapters
# (statsmodels.api and scipy.stats only load for a fit)
CHAPTER_IMPORTS = "\n".join(line for line in IMPORTS.splitlines() if "statsmodels" not in line)


def median_of(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def floor(tmp: Path, repeats: int, imports: str = IMPORTS) -> float:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(imports)]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    src = tmp / "floor.ipynb"
    nbformat.write(nb, src)
    return median_of(
        lambda: pm.execute_notebook(str(src), str(tmp / "floor_out.ipynb"), progress_bar=False),
        repeats,
    )


def floor_and_report(tmp: Path, repeats: int, cache: str) -> tuple[float, float]:
    """Medians of the floor and of a full report (fit cache warm, no kernel running),
    measured alternately, so that a slower or faster spell of the machine weighs on both."""
    floors, reports = [], []
    for _ in range(repeats):
        floors.append(floor(tmp, 1))
        reports.append(report(tmp, 1, cache))
    ratios = sorted(r / f for f, r in zip(floors, reports, strict=True))
    print(
        f"  each pair (floor s, report s): "
        f"{', '.join(f'({f:.1f}, {r:.1f})' for f, r in zip(floors, reports, strict=True))}; "
        f"ratio of each pair from {ratios[0]:.2f}x to {ratios[-1]:.2f}x, median "
        f"{statistics.median(ratios):.2f}x"
    )
    return statistics.median(floors), statistics.median(reports)


def report(tmp: Path, repeats: int, cache: str | None, warm_kernels: bool = False) -> float:
    """Median seconds of one full report; kernels shut down before each unless
    ``warm_kernels``."""
    old = os.environ.get("HALFYEAR_CACHE_DIR")
    if cache:
        os.environ["HALFYEAR_CACHE_DIR"] = cache

    def one():
        run_report(DEMO_DATA_DIR, "qingshui", "2021-06", tmp / "reports")

    times = []
    try:
        for _ in range(repeats):
            if not warm_kernels:
                shutdown_shared_pool()
            t0 = time.perf_counter()
            one()
            times.append(time.perf_counter() - t0)
        return statistics.median(times)
    finally:
        if old is None:
            os.environ.pop("HALFYEAR_CACHE_DIR", None)
        else:
            os.environ["HALFYEAR_CACHE_DIR"] = old


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--batch", action="store_true", help="also time a batch of every unit")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        warm_dir = str(tmp / "cache")
        report(tmp, 1, warm_dir)  # fill the cache
        floor(tmp, 1)  # and papermill's first start
        f, warm = floor_and_report(tmp, args.repeats, warm_dir)
        strict = floor(tmp, args.repeats, CHAPTER_IMPORTS)
        again = report(tmp, args.repeats, warm_dir, warm_kernels=True)
        cold = report(tmp, args.repeats, "off")
        shutdown_shared_pool()
        print(f"floor (papermill, one notebook of imports): {f:.1f} s")
        print(
            f"floor without statsmodels.api (only what a report's kernel imports when the fit "
            f"cache is warm): {strict:.1f} s"
        )
        print(f"full demo report, fit cache warm: {warm:.1f} s ({warm / f:.2f}x the floor)")
        print(f"full demo report, fit cache cold: {cold:.1f} s ({cold / f:.2f}x the floor)")
        print(
            f"full demo report after another in the same process (warm kernels, fit cache "
            f"warm): {again:.1f} s ({again / f:.2f}x the floor)"
        )
        if args.batch:
            try:
                from halfyear_lib.running.batch import run_batch
            except ImportError:
                print("batch: halfyear_lib.running.batch is not available")
                return
            # the same cache state for both: filled by a first batch (as on a rerun);
            # --workers 1 is one core: one run at a time, its notebooks one at a time
            os.environ["HALFYEAR_CACHE_DIR"] = str(tmp / "batch-cache")
            run_batch(DEMO_DATA_DIR, "all", "2021-06", tmp / "warm-up", workers=args.workers)
            times = {}
            for workers in sorted({1, args.workers}):
                out = tmp / f"batch{workers}"
                t0 = time.perf_counter()
                run_batch(DEMO_DATA_DIR, "all", "2021-06", out, workers=workers)
                times[workers] = time.perf_counter() - t0
            for workers, t in times.items():
                print(f"batch of every demo unit at 2021-06, {workers} worker(s): {t:.1f} s")
            if len(times) == 2:
                one, many = times[1], times[args.workers]
                print(f"batch speed-up with {args.workers} workers: {one / many:.2f}x")


if __name__ == "__main__":
    main()

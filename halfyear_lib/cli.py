"""Command line: ``halfyear run | validate | demo-data``.

Exit codes: 0 success, 1 a run failed (a notebook raised), 2 bad input (data,
parameters or arguments).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

EXIT_OK, EXIT_RUN_FAILED, EXIT_BAD_INPUT = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="halfyear",
        description="County industrial-economy half-year analysis: reports, validation, demo data.",
    )
    sub = p.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="execute the report notebooks for a region and period")
    run.add_argument("--params", action="append", default=[], metavar="FILE",
                     help="YAML parameter file layered on params/defaults.yaml (repeatable)")  # fmt: skip
    run.add_argument("--data", help="data set folder, .xlsx workbook, or name under data/")
    run.add_argument("--region", help="region_id to report on")
    run.add_argument("--period", help="cumulative period YYYY-MM, e.g. 2021-06 for 1-6月")
    run.add_argument("--out", dest="out_dir", help="reports folder (default: reports)")
    run.add_argument("--notebook", dest="notebooks", action="append", default=None,
                     help="run only this notebook (file name; repeatable)")  # fmt: skip

    val = sub.add_parser("validate", help="check a data set and print every problem")
    val.add_argument("data", help="data set folder, .xlsx workbook, or name under data/")

    demo = sub.add_parser("demo-data", help="generate the fictional demo data set")
    demo.add_argument("--out", required=True, help="folder to write the CSV files into")
    demo.add_argument("--seed", type=int, default=2021)
    return p


EXIT_INTERRUPTED = 130


def main(argv: list[str] | None = None) -> int:
    """Run a command; a user error or Ctrl-C gives one line and a non-zero code, no traceback."""
    args = _parser().parse_args(argv)
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        print("\ninterrupted (Ctrl-C): nothing was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:  # an unreadable input, a full disk, a folder we cannot write
        where = f" {exc.filename}" if getattr(exc, "filename", None) else ""
        print(f"error:{where}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _dispatch(args) -> int:
    if args.command == "run":
        return _run(args)
    if args.command == "validate":
        return _validate(args)
    if args.command == "demo-data":
        from .data.demo import generate_demo

        try:
            files = generate_demo(Path(args.out), seed=args.seed)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        print(f"wrote {len(files)} files to {args.out}")
        return EXIT_OK
    return EXIT_BAD_INPUT  # pragma: no cover - argparse rejects unknown commands


def _validate(args) -> int:
    from .data.loading import validate_dataset
    from .paths import resolve_data_path

    try:
        path = resolve_data_path(args.data)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    ds, problems = validate_dataset(path)
    errors = [p for p in problems if p.severity == "error"]
    for prob in problems:
        print(
            f"{prob.severity}: {prob}", file=sys.stderr if prob.severity == "error" else sys.stdout
        )
    if errors:
        print(
            f"{path}: {len(errors)} error(s), {len(problems) - len(errors)} warning(s)",
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    rows = sum(len(df) for df in ds.tables.values())
    print(f"{path}: OK ({len(ds.tables)} tables, {rows} rows, {len(problems)} warning(s))")
    return EXIT_OK


def _run(args) -> int:
    from .data.loading import DataValidationError
    from .data.periods import PeriodError
    from .params import ParameterError, load_params
    from .report.runs import RunError, RunInputError, run_report

    try:
        params = load_params(
            *args.params,
            overrides={
                "data": args.data,
                "region": args.region,
                "period": args.period,
                "out_dir": args.out_dir,
                "notebooks": args.notebooks,
            },
        )
    except (ParameterError, PeriodError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        result = run_report(
            params.data, params.region, params.period, params.out_dir, params.notebooks
        )
    except DataValidationError as exc:
        print(f"error: the data set has problems; nothing was written.\n{exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except (FileNotFoundError, KeyError, RunInputError) as exc:
        msg = exc.args[0] if exc.args else exc
        print(f"error: {msg}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except RunError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_RUN_FAILED
    print(f"report written to {result.report_dir}")
    for html in result.html_files:
        print(f"  {html}")
    print(f"  results.json, run.json ({result.timings['total_s']:.1f} s)")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

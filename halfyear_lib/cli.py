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
    _check_flags(run)

    val = sub.add_parser("validate", help="check a data set and print every problem")
    val.add_argument("data", help="data set folder, .xlsx workbook, or name under data/")
    val.add_argument("--params", action="append", default=[], metavar="FILE",
                     help="YAML parameter file (for accept_warnings, max_abs_growth_pct)")  # fmt: skip
    _check_flags(val)

    demo = sub.add_parser("demo-data", help="generate the fictional demo data set")
    demo.add_argument("--out", required=True, help="folder to write the CSV files into")
    demo.add_argument("--seed", type=int, default=2021)
    return p


EXIT_INTERRUPTED = 130


def _check_flags(p: argparse.ArgumentParser) -> None:
    """The plausibility options shared by run and validate (None: from the parameters)."""
    p.add_argument("--accept-warnings", action="store_true", default=None,
                   help="implausible data (plausibility errors) become warnings, shown on "
                   "every page, instead of stopping")  # fmt: skip
    p.add_argument("--max-abs-growth-pct", type=float, default=None, metavar="PCT",
                   help="growth rates beyond +-PCT percent are implausible (default 300)")  # fmt: skip


def _print_warnings(warnings: list, source: object) -> None:
    """Every warning of the data set on stderr, then their count."""
    from .data.language import tr

    if not warnings:
        return
    for w in warnings:
        print(tr(f"warning: {w}", f"警告：{w}"), file=sys.stderr)
    n = len(warnings)
    print(
        tr(
            f"{n} warning{'s' if n != 1 else ''} in the data set {source}; they are also "
            "listed at the top of every page of the report",
            f"数据集 {source} 共有 {n} 条警告；报告每一页的顶部也会列出",
        ),
        file=sys.stderr,
    )


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
    from .data.periods import PeriodError
    from .params import ParameterError, load_params
    from .paths import resolve_data_path

    try:
        path = resolve_data_path(args.data)
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        params = load_params(
            *args.params,
            overrides={
                "accept_warnings": args.accept_warnings,
                "max_abs_growth_pct": args.max_abs_growth_pct,
            },
        )
    except (ParameterError, PeriodError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    ds, problems = validate_dataset(path, params.accept_warnings, params.max_abs_growth_pct)
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
    from .data.loading import DataValidationError, validate_dataset
    from .data.periods import PeriodError
    from .params import ParameterError, load_params
    from .paths import resolve_data_path
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
                "accept_warnings": args.accept_warnings,
                "max_abs_growth_pct": args.max_abs_growth_pct,
            },
        )
    except (ParameterError, PeriodError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        # validated here so the warnings are printed before the notebooks run
        path = resolve_data_path(params.data)
        ds, problems = validate_dataset(path, params.accept_warnings, params.max_abs_growth_pct)
        if ds is None:
            raise DataValidationError(problems, str(path))
        _print_warnings(ds.warnings, path)
        result = run_report(
            params.data,
            params.region,
            params.period,
            params.out_dir,
            params.notebooks,
            dataset=ds,
            accept_warnings=params.accept_warnings,
            max_abs_growth_pct=params.max_abs_growth_pct,
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
    if ds.warnings:
        from .data.language import tr

        n = len(ds.warnings)
        print(
            tr(
                f"  {n} data warning{'s' if n != 1 else ''} (see above) are shown in a banner "
                "on every page and listed in results.json",
                f"  {n} 条数据警告（见上）显示在每页顶部的提示框中，并列入 results.json",
            )
        )
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

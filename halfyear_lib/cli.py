"""Command line: ``halfyear run | batch | index | list | validate | import | demo-data | template``.

Exit codes: 0 success, 1 a run failed (a notebook raised), 2 bad input (data,
parameters or arguments). Messages are in Chinese unless ``--lang en`` (on every
subcommand) or ``HALFYEAR_LANG=en`` asks for English.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .data.language import LANGUAGES, set_language, tr

EXIT_OK, EXIT_RUN_FAILED, EXIT_BAD_INPUT = 0, 1, 2

from .text.zh.cli import ARGPARSE_ZH  # noqa: E402 - argparse's own words in Chinese


def _argparse_words(message: str) -> str:
    """argparse's gettext, in the language of the messages."""
    from .data.language import current_language

    return ARGPARSE_ZH.get(message, message) if current_language() == "zh" else message


def _language_from_argv(argv: list[str]) -> str | None:
    """The value of --lang in ``argv`` (read before the parser, so its help is translated)."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _report_options(parser: argparse.ArgumentParser) -> None:
    """The options `run` and `batch` share: parameter files, data, output, notebooks."""
    parser.add_argument("--params", action="append", default=[], metavar="FILE",
                        help=tr("YAML parameter file layered on params/defaults.yaml (repeatable)",
                                "叠加在 params/defaults.yaml 上的 YAML 参数文件（可重复）"))  # fmt: skip
    parser.add_argument("--data", help=tr("data set folder, .xlsx workbook, or name under data/",
                                          "数据集文件夹、.xlsx 工作簿或 data/ 下的名称"))  # fmt: skip
    parser.add_argument("--out", dest="out_dir",
                        help=tr("reports folder (default: reports)", "报告文件夹（默认 reports）"))  # fmt: skip
    parser.add_argument("--notebook", dest="notebooks", action="append", default=None,
                        help=tr("run only this notebook (file name; repeatable)",
                                "只运行这个笔记本（文件名；可重复）"))  # fmt: skip


def _parser() -> argparse.ArgumentParser:
    lang_help = tr(
        "language of the messages: zh (default) or en; also HALFYEAR_LANG",
        "消息语言：zh（默认）或 en；也可用环境变量 HALFYEAR_LANG",
    )
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a subcommand without --lang keeps what was given before the subcommand
    common.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=lang_help)
    p = argparse.ArgumentParser(
        prog="halfyear",
        description=tr(
            "County industrial-economy half-year analysis: reports, validation, demo data.",
            "县域工业经济半年分析：报告、数据检查、演示数据、填报模板。",
        ),
    )
    p.add_argument("--lang", choices=LANGUAGES, default=None, help=lang_help)
    p.add_argument("--version", action="version", version=f"halfyear {_version()}",
                   help=tr("show the version and exit", "显示版本号并退出"))  # fmt: skip
    sub = p.add_subparsers(dest="command", required=True)

    run = sub.add_parser(
        "run",
        parents=[common],
        help=tr("execute the report notebooks for a region and period", "为一个地区和期间生成报告"),
    )
    _report_options(run)
    run.add_argument("--region", help=tr("region to report on: its region_id or Chinese name",
                                         "报告的地区：地区代码（region_id）或中文名称"))  # fmt: skip
    run.add_argument("--period", help=tr("cumulative period YYYY-MM, e.g. 2021-06 for 1-6月",
                                         "累计期间 YYYY-MM，如 2021-06 表示1-6月"))  # fmt: skip
    _check_flags(run)

    batch = sub.add_parser(
        "batch",
        parents=[common],
        help=tr(
            "execute the reports for several regions and periods, in parallel",
            "为多个地区和期间并行生成报告",
        ),
    )
    batch.add_argument("--regions", help=tr(
        "all, or region ids / Chinese names separated by commas (default: the region of the "
        "parameters)", "all，或以逗号分隔的地区代码/中文名称（默认：参数中的地区）"))  # fmt: skip
    batch.add_argument("--periods", help=tr(
        "periods YYYY-MM separated by commas, or a range FIRST:LAST (e.g. 2021-02:2021-06); "
        "default: the period of the parameters",
        "以逗号分隔的期间 YYYY-MM，或范围 起:止（如 2021-02:2021-06）；默认：参数中的期间"))  # fmt: skip
    _report_options(batch)
    batch.add_argument("--workers", type=int, default=None, metavar="N",
                       help=tr("reports run at once (default: the cores)",
                               "同时运行的报告数（默认：CPU 核数）"))  # fmt: skip
    batch.add_argument("--params-dir", metavar="DIR", help=tr(
        "one run per YAML file of DIR (region, period and that run's parameters, layered on "
        "params/defaults.yaml and --params), instead of --regions/--periods",
        "DIR 中每个 YAML 文件一次运行（地区、期间及该次运行的参数，叠加在 params/defaults.yaml "
        "和 --params 之上），代替 --regions/--periods"))  # fmt: skip
    batch.add_argument("--run-params", action="append", default=[], metavar="FILE",
                       help=tr("one run described by FILE, as in --params-dir (repeatable)",
                               "由 FILE 描述的一次运行，同 --params-dir（可重复）"))  # fmt: skip
    batch.add_argument("--scheduler", metavar="ADDRESS", help=tr(
        "run the reports on an existing Dask cluster, e.g. tcp://192.168.1.10:8786 (workers "
        "need the package, the data path and the output folder; see README)",
        "在已有的 Dask 集群上运行报告，如 tcp://192.168.1.10:8786（工作机需要安装本项目、能读取"
        "数据路径和输出文件夹；见 README）"))  # fmt: skip
    _check_flags(batch)

    index = sub.add_parser(
        "index",
        parents=[common],
        help=tr(
            "write index.html linking every report of a reports folder",
            "为报告文件夹写出链接所有报告的 index.html",
        ),
    )
    index.add_argument("--out", dest="out_dir", default="reports",
                       help=tr("reports folder (default: reports)", "报告文件夹（默认 reports）"))  # fmt: skip
    index.add_argument("--data", help=tr(
        "data set whose regions table gives the order of the rows (default: the order of the "
        "latest batch)", "按其地区表排列各行的数据集（默认：最近一次批量运行的顺序）"))  # fmt: skip

    lst = sub.add_parser(
        "list",
        parents=[common],
        help=tr(
            "list the regions, the periods with data and the notebooks",
            "列出地区、有数据的期间和笔记本",
        ),
    )
    lst.add_argument("--data", help=tr("data set (default: from params/defaults.yaml)",
                                       "数据集（默认：params/defaults.yaml 中的数据集）"))  # fmt: skip

    val = sub.add_parser(
        "validate",
        parents=[common],
        help=tr("check a data set and print every problem", "检查数据集并列出所有问题"),
    )
    val.add_argument("data", help=tr("data set folder, .xlsx workbook, or name under data/",
                                     "数据集文件夹、.xlsx 工作簿或 data/ 下的名称"))  # fmt: skip
    val.add_argument("--params", action="append", default=[], metavar="FILE",
                     help=tr("YAML parameter file (for accept_warnings, max_abs_growth_pct)",
                             "YAML 参数文件（accept_warnings、max_abs_growth_pct）"))  # fmt: skip
    _check_flags(val)

    imp = sub.add_parser(
        "import",
        parents=[common],
        help=tr(
            "append the statistics office's wide tables (xlsx, xls, csv) to a data set",
            "把统计部门的宽表（xlsx、xls、csv）追加到数据集",
        ),
    )
    imp.add_argument("workbook", metavar="WORKBOOK",
                     help=tr("the office's workbook (.xlsx, .xls or .csv)", "统计部门的工作簿（.xlsx、.xls 或 .csv）"))  # fmt: skip
    imp.add_argument("--data", required=True,
                     help=tr("data set folder to append to (its regions.csv names the units)",
                             "要追加到的数据集文件夹（其 regions.csv 列出各单位）"))  # fmt: skip
    imp.add_argument("--period", help=tr(
        "period YYYY-MM where neither the title nor the sheet name says it",
        "标题和工作表名都没有写期间时，用 YYYY-MM 指定"))  # fmt: skip
    imp.add_argument("--unit", help=tr("unit of the amounts where the workbook does not say it (万元 or 亿元)",
                                       "工作簿未注明时金额的单位（万元或亿元）"))  # fmt: skip
    imp.add_argument("--revise", action="store_true", help=tr(
        "apply revisions of numbers the data set holds (the data set before is kept in "
        "revisions/)", "采用对已有数字的修订（修订前的数据集保存在 revisions/ 中）"))  # fmt: skip
    imp.add_argument("--dry-run", action="store_true",
                     help=tr("print the preview only; write nothing", "只显示预览，不写入"))  # fmt: skip
    imp.add_argument("--accept-warnings", action="store_true", default=False,
                     help=tr("implausible numbers become warnings instead of stopping the import",
                             "不合理的数字降为警告，不阻止导入"))  # fmt: skip

    demo = sub.add_parser(
        "demo-data",
        parents=[common],
        help=tr("generate the fictional demo data set", "生成虚构的演示数据集"),
    )
    demo.add_argument("--out", required=True,
                      help=tr("folder to write the CSV files into", "写入 CSV 文件的文件夹"))  # fmt: skip
    demo.add_argument("--seed", type=int, default=2021)

    tpl = sub.add_parser(
        "template",
        parents=[common],
        help=tr(
            "write the fill-in .xlsx template (Chinese headers, drop-downs, demo rows)",
            "生成 .xlsx 填报模板（中文表头、下拉选项、示例数据）",
        ),
    )
    tpl.add_argument("out", metavar="OUT.xlsx", help=tr("workbook to write", "要写入的工作簿"))
    tpl.add_argument("--force", action="store_true",
                     help=tr("overwrite OUT.xlsx if it exists", "OUT.xlsx 已存在时覆盖"))  # fmt: skip
    return p


EXIT_INTERRUPTED = 130


def _check_flags(p: argparse.ArgumentParser) -> None:
    """The plausibility options shared by run and validate (None: from the parameters)."""
    p.add_argument("--accept-warnings", action="store_true", default=None,
                   help=tr("implausible data (plausibility errors) become warnings, shown on "
                           "every page, instead of stopping",
                           "不合理数据（合理性错误）降为警告并显示在每页，而不是停止"))  # fmt: skip
    p.add_argument("--max-abs-growth-pct", type=float, default=None, metavar="PCT",
                   help=tr("growth rates beyond +-PCT percent are implausible (default 300)",
                           "增速绝对值超过 PCT%% 视为不合理（默认 300）"))  # fmt: skip


def _print_notes(notes: list) -> None:
    """How the input was read (title rows skipped, GB18030, ...): for the analyst, not the page."""
    for note in notes:
        print(tr(f"note: {note}", f"提示：{note}"), file=sys.stderr)


def _note_early_period(ds, region: str, period) -> None:
    """Say so when the period is before the region's data start (the pages will be empty)."""
    try:
        first = ds.first_period(region)
    except KeyError:
        return  # an unknown region is reported by the run itself
    if first is not None and period < first:
        print(
            tr(
                f"note: {period.iso} is before the data of {region} start ({first.iso}); "
                "the report will show no figures",
                f"提示：{period.iso} 早于 {region} 数据的起始期（{first.iso}），报告中将没有数字",
            ),
            file=sys.stderr,
        )


def _print_warnings(warnings: list, source: object) -> None:
    """Every warning of the data set on stderr, then their count."""
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


def _print_broken_units(ds) -> None:
    """The units whose own rows have errors: their runs fail, the others go ahead."""
    if not ds.broken_units:
        return
    names = dict(zip(ds.regions["region_id"], ds.regions["name"], strict=True))
    for region, problems in ds.broken_units.items():
        print(
            tr(
                f"error: the data of {region} ({names.get(region, '')}) have "
                f"{len(problems)} error(s); its reports are not run, the other units' are, "
                "and their rankings leave it out (fix the rows and run it again):",
                f"错误：{region}（{names.get(region, '')}）的数据有 {len(problems)} 个错误，"
                "其报告不运行，其他单位照常运行，排名中不含该单位（改正后请重新运行）：",
            ),
            file=sys.stderr,
        )
        for prob in problems:
            print(f"  {prob}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run a command; a user error or Ctrl-C gives one line and a non-zero code, no traceback."""
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = _language_from_argv(argv)
    if lang in LANGUAGES:
        set_language(lang)
    saved = argparse._
    argparse._ = _argparse_words  # help and usage errors in the chosen language
    try:
        args = _parser().parse_args(argv)
    finally:
        argparse._ = saved
    if args.lang:
        set_language(args.lang)
        os.environ["HALFYEAR_LANG"] = args.lang  # notebook kernels started by a run follow
    try:
        return _dispatch(args)
    except KeyboardInterrupt:
        if args.command == "batch" and args.scheduler:
            message = tr(
                "\ninterrupted (Ctrl-C): the reports already finished are kept; the cluster "
                "starts no more runs of this batch, and a run already under way on a worker "
                "either finishes its (complete) report or writes nothing",
                "\n已中断（Ctrl-C）：已完成的报告保留；集群不再启动本批次的运行，工作进程上正在运行"
                "的报告要么完整写出，要么不写入任何文件",
            )
        elif args.command == "batch":
            message = tr(
                "\ninterrupted (Ctrl-C): the reports already finished are kept; the runs in "
                "progress wrote nothing",
                "\n已中断（Ctrl-C）：已完成的报告保留；正在运行的报告没有写入任何文件",
            )
        else:
            message = tr(
                "\ninterrupted (Ctrl-C): nothing was written",
                "\n已中断（Ctrl-C）：没有写入任何文件",
            )
        print(message, file=sys.stderr)
        return EXIT_INTERRUPTED
    except OSError as exc:  # an unreadable input, a full disk, a folder we cannot write
        where = f" {exc.filename}" if getattr(exc, "filename", None) else ""
        print(tr(f"error:{where}: {exc.strerror or exc}", f"错误：{where}：{exc.strerror or exc}"),
              file=sys.stderr)  # fmt: skip
        return EXIT_BAD_INPUT


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("halfyear")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "unknown"


def _dispatch(args) -> int:
    if args.command == "run":
        return _run(args)
    if args.command == "batch":
        return _batch(args)
    if args.command == "index":
        return _index(args)
    if args.command == "list":
        return _list(args)
    if args.command == "validate":
        return _validate(args)
    if args.command == "template":
        return _template(args)
    if args.command == "import":
        return _import(args)
    if args.command == "demo-data":
        from .data.demo import generate_demo

        try:
            files = generate_demo(Path(args.out), seed=args.seed)
        except ValueError as exc:
            print(tr(f"error: {exc}", f"错误：{exc}"), file=sys.stderr)
            return EXIT_BAD_INPUT
        print(
            tr(
                f"wrote {len(files)} files to {args.out}",
                f"已写入 {len(files)} 个文件到 {args.out}",
            )
        )
        return EXIT_OK
    return EXIT_BAD_INPUT  # pragma: no cover - argparse rejects unknown commands


def _template(args) -> int:
    from .data.loading import load_dataset
    from .data.template import TemplateError, check_template_path, write_template
    from .paths import DEMO_DATA_DIR

    try:
        check_template_path(Path(args.out), force=args.force)  # before the demo is loaded
        path = write_template(Path(args.out), load_dataset(DEMO_DATA_DIR), force=args.force)
    except TemplateError as exc:
        print(tr(f"error: {exc}", f"错误：{exc}"), file=sys.stderr)
        return EXIT_BAD_INPUT
    print(
        tr(
            f"wrote the fill-in template {path} (one sheet per table, demo data as examples)",
            f"已写入填报模板 {path}（每表一个工作表，示例为演示数据）",
        )
    )
    return EXIT_OK


def _import(args) -> int:
    from .data.importing import ImportError_, apply_import, plan_import
    from .data.periods import PeriodError
    from .data.wide import WideTableError, parse_period_option, read_workbook
    from .paths import resolve_data_path
    from .text.importing import outcome_line, preview_lines

    try:
        folder = resolve_data_path(args.data)
        workbook = Path(args.workbook)
        if not workbook.is_file():
            raise FileNotFoundError(
                tr(f"workbook {workbook} not found", f"找不到工作簿 {workbook}")
            )
        if not folder.is_dir():
            raise FileNotFoundError(tr(
                f"{folder} is not a data set folder: import appends to a folder of CSV files "
                "(make one with halfyear demo-data, or a folder holding regions.csv)",
                f"{folder} 不是数据集文件夹：导入只能追加到 CSV 文件夹（可用 halfyear demo-data "
                "生成，或新建只含 regions.csv 的文件夹）"))  # fmt: skip
        period = parse_period_option(args.period) if args.period else None
    except (FileNotFoundError, PeriodError) as exc:
        msg = exc.args[0] if exc.args else exc
        print(tr(f"error: {msg}", f"错误：{msg}"), file=sys.stderr)
        return EXIT_BAD_INPUT
    regions, problems = _regions_to_import_into(folder)
    if regions is None:
        for prob in problems:
            if prob.severity == "error":
                print(f"{_severity('error')}{tr(': ', '：')}{prob}", file=sys.stderr)
        print(tr(f"error: fix the data set {folder} first; nothing was imported",
                 f"错误：请先改正数据集 {folder}；未导入任何数据"), file=sys.stderr)  # fmt: skip
        return EXIT_BAD_INPUT
    try:
        book = read_workbook(workbook, regions, period, args.unit or "")
        plan = plan_import(book, folder)
    except (WideTableError, ImportError_) as exc:
        print(tr(f"error: {exc}", f"错误：{exc}"), file=sys.stderr)
        return EXIT_BAD_INPUT
    for line in preview_lines(plan):
        print(line)
    if args.dry_run:
        for prob in [*plan.problems, *_revisions(plan)]:
            print(f"{_severity(prob.severity)}{tr(': ', '：')}{prob}", file=sys.stderr)
        print(tr("dry run: nothing was written", "试运行：未写入任何文件"))
        return EXIT_BAD_INPUT if plan.errors else EXIT_OK
    try:
        result = apply_import(plan, revise=args.revise, accept_warnings=args.accept_warnings)
    except ImportError_ as exc:
        for prob in exc.problems:
            print(f"{_severity(prob.severity)}{tr(': ', '：')}{prob}", file=sys.stderr)
        print(tr(f"error: {exc}", f"错误：{exc}"), file=sys.stderr)
        return EXIT_BAD_INPUT
    for line in outcome_line(plan, result, folder):
        print(line)
    return EXIT_OK


def _regions_to_import_into(folder: Path):
    """The regions table an import maps row labels with: the whole data set must be valid
    when it has an indicators table; a new one (regions.csv only) needs its regions only."""
    from .data.dictionary import table_name
    from .data.loading import read_regions, validate_dataset

    has = any(
        f.suffix.lower() == ".csv" and table_name(f.stem) == "indicators" for f in folder.iterdir()
    )
    if not has:
        return read_regions(folder)
    ds, problems = validate_dataset(folder, accept_warnings=True)
    return (None if ds is None else ds.regions), problems


def _revisions(plan) -> list:
    from .data.importing import revision_problems

    return revision_problems(plan)


def _severity(severity: str) -> str:
    return tr(
        severity, {"error": "错误", "warning": "警告", "note": "提示"}.get(severity, severity)
    )


def _validate(args) -> int:
    from .data.loading import validate_dataset
    from .data.periods import PeriodError
    from .params import ParameterError, load_params
    from .paths import resolve_data_path

    try:
        path = resolve_data_path(args.data)
    except FileNotFoundError as exc:
        print(tr(f"error: {exc}", f"错误：{exc}"), file=sys.stderr)
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
        print(tr(f"error: {exc}", f"错误：{exc}"), file=sys.stderr)
        return EXIT_BAD_INPUT
    ds, problems = validate_dataset(path, params.accept_warnings, params.max_abs_growth_pct)
    errors = [p for p in problems if p.severity == "error"]
    for prob in problems:
        print(
            f"{_severity(prob.severity)}{tr(': ', '：')}{prob}",
            file=sys.stderr if prob.severity == "error" else sys.stdout,
        )
    if errors:
        n_warn = sum(p.severity == "warning" for p in problems)
        print(
            tr(
                f"{path}: {len(errors)} error(s), {n_warn} warning(s)",
                f"{path}：{len(errors)} 个错误，{n_warn} 个警告",
            ),
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    _print_notes(ds.notices)
    rows = sum(len(df) for df in ds.tables.values())
    n_tables = sum(1 for df in ds.tables.values() if len(df))
    n_warn = sum(p.severity == "warning" for p in problems)
    print(
        tr(
            f"{path}: OK ({n_tables} tables with rows, {rows} rows, {n_warn} warning(s))",
            f"{path}：检查通过（{n_tables} 张表有数据，{rows} 行，{n_warn} 个警告）",
        )
    )
    return EXIT_OK


def _run(args) -> int:
    from .data.loading import DataValidationError, validate_dataset
    from .data.periods import PeriodError
    from .params import ParameterError, load_params
    from .paths import resolve_data_path
    from .running.batch import BatchInputError, resolve_region
    from .running.runs import RunError, RunInputError, run_report

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
        print(tr(f"error: {exc}", f"错误：{exc}"), file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        # validated here so the warnings are printed before the notebooks run
        path = resolve_data_path(params.data)
        ds, problems = validate_dataset(path, params.accept_warnings, params.max_abs_growth_pct)
        if ds is None:
            raise DataValidationError(problems, str(path))
        _print_notes([*ds.notes, *ds.notices])
        _print_warnings(ds.warnings, path)
        region = resolve_region(ds, params.region)  # an id or a Chinese name
        _note_early_period(ds, region, params.period)
        result = run_report(
            params.data,
            region,
            params.period,
            params.out_dir,
            params.notebooks,
            dataset=ds,
            accept_warnings=params.accept_warnings,
            max_abs_growth_pct=params.max_abs_growth_pct,
            highlights=params.highlights,
            document=params.document,
        )
    except DataValidationError as exc:
        print(
            tr(
                f"error: the data set has problems; nothing was written.\n{exc}",
                f"错误：数据集有问题，未写入任何文件。\n{exc}",
            ),
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    except (FileNotFoundError, KeyError, RunInputError, BatchInputError) as exc:
        msg = exc.args[0] if exc.args else exc
        print(tr(f"error: {msg}", f"错误：{msg}"), file=sys.stderr)
        return EXIT_BAD_INPUT
    except RunError as exc:
        print(tr(f"error: {exc}", f"错误：{exc}"), file=sys.stderr)
        return EXIT_RUN_FAILED
    print(tr(f"report written to {result.report_dir}", f"报告已写入 {result.report_dir}"))
    _update_index(params.out_dir, ds)
    for html in result.html_files:
        print(f"  {html}")
    print(
        "  summary.docx, summary.md, summary_trace.json, tables.xlsx, results.json, run.json "
        f"({result.timings['total_s']:.1f} s)"
    )
    for message in [*result.results.get("analysis_warnings", []),
                    *result.results.get("run_messages", [])]:  # fmt: skip
        print(tr(f"warning: {message}", f"警告：{message}"), file=sys.stderr)
    if ds.warnings:
        n = len(ds.warnings)
        print(
            tr(
                f"  {n} data warning{'s' if n != 1 else ''} (see above) are shown in a banner "
                "on every page and listed in results.json",
                f"  {n} 条数据警告（见上）显示在每页顶部的提示框中，并列入 results.json",
            )
        )
    return EXIT_OK


def _batch(args) -> int:
    from .data.loading import DataValidationError, validate_dataset
    from .data.periods import PeriodError
    from .params import ParameterError, load_params, load_run_params, params_files_in
    from .paths import resolve_data_path
    from .running.batch import (
        BatchInputError,
        PlannedRun,
        parse_periods,
        run_batch,
        summary_table,
    )
    from .running.runs import RunInputError

    usage = _batch_usage_error(args)
    if usage:
        print(tr(f"error: {usage}", f"错误：{usage}"), file=sys.stderr)
        return EXIT_BAD_INPUT
    overrides = {
        "data": args.data,
        "out_dir": args.out_dir,
        "notebooks": args.notebooks,
        "accept_warnings": args.accept_warnings,
        "max_abs_growth_pct": args.max_abs_growth_pct,
    }
    try:
        params = load_params(*args.params, overrides=overrides)
        plan = None
        run_files = list(args.run_params)
        if args.params_dir:
            run_files += params_files_in(args.params_dir)
        if run_files:
            plan = [
                PlannedRun(p.region, p.period, p.notebooks, p.highlights, str(f), p.document)
                for f, p in load_run_params(run_files, args.params, overrides)
            ]
        periods = parse_periods(args.periods) if args.periods else [params.period]
        path = resolve_data_path(params.data)
        ds, problems = validate_dataset(
            path, params.accept_warnings, params.max_abs_growth_pct, isolate_units=True
        )
        if ds is None:
            raise DataValidationError(problems, str(path))
        _print_notes([*ds.notes, *ds.notices])
        _print_warnings(ds.warnings, path)
        _print_broken_units(ds)
        result = run_batch(
            path,
            args.regions or params.region,
            periods,
            params.out_dir,
            workers=args.workers,
            notebooks=params.notebooks,
            dataset=ds,
            accept_warnings=params.accept_warnings,
            max_abs_growth_pct=params.max_abs_growth_pct,
            highlights=params.highlights,
            document=params.document,
            progress=True,
            plan=plan,
            scheduler=args.scheduler,
        )
    except (ParameterError, PeriodError, BatchInputError, RunInputError) as exc:
        print(tr(f"error: {exc}", f"错误：{exc}"), file=sys.stderr)
        return EXIT_BAD_INPUT
    except FileNotFoundError as exc:
        msg = exc.args[0] if exc.args else exc
        print(tr(f"error: {msg}", f"错误：{msg}"), file=sys.stderr)
        return EXIT_BAD_INPUT
    except DataValidationError as exc:
        print(
            tr(
                f"error: the data set has problems; nothing was run.\n{exc}",
                f"错误：数据集有问题，未运行任何报告。\n{exc}",
            ),
            file=sys.stderr,
        )
        return EXIT_BAD_INPUT
    print(summary_table(result))
    for run in result.failed:
        if run.failed_dir:
            print(
                tr(
                    f"  {run.region} {run.period}: the executed notebooks are kept at "
                    f"{run.failed_dir}",
                    f"  {run.region} {run.period}：执行过的笔记本保存在 {run.failed_dir}",
                )
            )
    print(tr(f"index: {result.index}", f"索引页：{result.index}"))
    workbook = Path(result.index).with_name("batch.xlsx")
    print(tr(f"the units side by side in Excel: {workbook}", f"各单位对照表（Excel）：{workbook}"))
    print(tr(f"record of the batch: {result.record}", f"批量运行记录：{result.record}"))
    return EXIT_RUN_FAILED if result.failed else EXIT_OK


def _update_index(out_dir, ds) -> None:
    """The reports folder's index.html and batch.xlsx, with the report just written (the
    pages link to the index); a failure here is said, the report stands."""
    from .rendering.index import write_index
    from .running.batch import region_order

    try:
        path = write_index(out_dir, regions=region_order(ds))
    except OSError as exc:
        print(tr(f"warning: the index was not updated: {exc}", f"警告：索引页未更新：{exc}"),
              file=sys.stderr)  # fmt: skip
        return
    print(tr(f"  index of the reports folder: {path}", f"  报告文件夹索引页：{path}"))


def _batch_usage_error(args) -> str | None:
    """Options of ``batch`` that cannot go together, or None."""
    if args.workers is not None and args.workers < 1:
        return tr("--workers must be 1 or more", "--workers 至少为 1")
    if args.scheduler is not None and args.workers is not None:
        return tr(
            "--workers has no meaning with --scheduler: the workers of the Dask cluster run "
            "the reports (start more of them with dask worker)",
            "--workers 不能与 --scheduler 同用：报告由 Dask 集群的工作进程运行（用 dask worker "
            "增加工作进程）",
        )
    if args.scheduler is not None and not args.scheduler.strip():
        return tr("--scheduler needs an address, e.g. tcp://192.168.1.10:8786",
                  "--scheduler 需要地址，如 tcp://192.168.1.10:8786")  # fmt: skip
    if (args.params_dir or args.run_params) and (args.regions or args.periods):
        return tr(
            "give the runs either as --regions/--periods or as params files "
            "(--params-dir/--run-params: each file names its region and period), not both",
            "运行要么用 --regions/--periods 给出，要么用参数文件（--params-dir/--run-params："
            "每个文件写明地区和期间），不能同时使用",
        )
    return None


def _index(args) -> int:
    from .data.loading import load_dataset
    from .data.problems import DataValidationError
    from .paths import resolve_data_path
    from .rendering.index import write_index
    from .running.batch import region_order

    regions = None
    try:
        if args.data:
            ds = load_dataset(resolve_data_path(args.data), accept_warnings=True)
            regions = region_order(ds)
        path = write_index(args.out_dir, regions=regions)
    except FileNotFoundError as exc:
        msg = exc.args[0] if exc.args else exc
        print(tr(f"error: {msg}", f"错误：{msg}"), file=sys.stderr)
        return EXIT_BAD_INPUT
    except DataValidationError as exc:
        print(tr(f"error: {exc}", f"错误：{exc}"), file=sys.stderr)
        return EXIT_BAD_INPUT
    print(tr(f"wrote {path} and {path.with_name('batch.xlsx')}",
             f"已写入 {path} 和 {path.with_name('batch.xlsx')}"))  # fmt: skip
    return EXIT_OK


def _list(args) -> int:
    from .data.loading import DataValidationError, validate_dataset
    from .params import ParameterError, load_params
    from .paths import resolve_data_path
    from .running.runs import list_notebooks

    try:
        params = load_params(overrides={"data": args.data})
        path = resolve_data_path(params.data)
    except (ParameterError, FileNotFoundError) as exc:
        msg = exc.args[0] if exc.args else exc
        print(tr(f"error: {msg}", f"错误：{msg}"), file=sys.stderr)
        return EXIT_BAD_INPUT
    ds, problems = validate_dataset(path, accept_warnings=True)
    if ds is None:
        print(tr(f"error: {DataValidationError(problems, str(path))}",
                 f"错误：{DataValidationError(problems, str(path))}"), file=sys.stderr)  # fmt: skip
        return EXIT_BAD_INPUT
    print(tr(f"data set: {path}", f"数据集：{path}"))
    print(tr("regions (region_id, name, kind, periods with data):",
             "地区（代码、名称、类型、有数据的期间）："))  # fmt: skip
    from .running.batch import display_width, pad_to_width, region_order

    kinds = dict(zip(ds.regions["region_id"], ds.regions["kind"], strict=True))
    rows = []
    for region, name in region_order(ds):
        kind = kinds[region]
        first = ds.first_period(str(region))
        span = (
            f"{first.iso}..{ds.latest_period(str(region)).iso}"
            if first is not None
            else tr("no data", "没有数据")
        )
        rows.append((str(region), str(name), str(kind), span))
    widths = [max(display_width(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        print(
            "  "
            + "  ".join(pad_to_width(c, w) for c, w in zip(row[:3], widths, strict=True))
            + "  "
            + row[3]
        )
    try:
        latest = ds.latest_period()
        first = min(p for p in (ds.first_period(str(r)) for r in ds.regions["region_id"]) if p)
        print(tr(f"periods available: {first.iso}..{latest.iso}",
                 f"有数据的期间：{first.iso}..{latest.iso}"))  # fmt: skip
    except ValueError:
        print(tr("periods available: none", "有数据的期间：无"))
    print(tr("notebooks:", "笔记本："))
    for nb in list_notebooks():
        print(f"  {nb.name}")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

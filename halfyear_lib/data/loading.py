"""Load and validate a data set: a folder of CSV files or one .xlsx workbook.

A data set holds the tables of :data:`halfyear_lib.data.schema.TABLES`:

* a folder with one ``<table>.csv`` per table (UTF-8, a byte-order mark is fine; GB18030/GBK
  is read with a warning; the file may also be named by the table's Chinese name or an
  alias of :mod:`.dictionary`, e.g. ``指标.csv``), or
* one ``.xlsx`` workbook with one sheet per table, named as the table or its Chinese name.

Headers may be Chinese (``本期值(万元)``, ``同比增长(%)``: see :mod:`.dictionary`); a title
row and a unit line ("单位：万元") above the header are skipped with a warning.

Everything is validated and every problem is reported at once, each naming the file
(and sheet), the spreadsheet row (header = row 1), the column, the bad value, what is
expected and what to do. Values are converted to the canonical form described in
:mod:`halfyear_lib.data.dataset` (amounts in 亿元, percentages as numbers, months as
``Period[M]``). Inputs are only ever read: each file is read once, as bytes, and
those bytes are what is checksummed and parsed.

The work is split by step: :mod:`.readers` (files to text), :mod:`.cells` (text to
values), :mod:`.tables` (one table), :mod:`.checks` (across rows and tables).

Public API: :class:`Problem`, :class:`DataValidationError`, :func:`validate_dataset`,
:func:`load_dataset` and :func:`empty_table`.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .checks import (
    DEFAULT_MAX_ABS_GROWTH_PCT,
    JUMP_FACTOR,
    CheckOptions,
    check_ids,
    check_plausibility,
    check_references,
    check_regions,
)
from .dataset import DataSet
from .language import tr
from .problems import MAX_CELL_PROBLEMS, DataValidationError, Problem
from .readers import read_path
from .schema import TABLES
from .tables import TableParser, empty_table, finalize_table

__all__ = [
    "DEFAULT_MAX_ABS_GROWTH_PCT",
    "JUMP_FACTOR",
    "MAX_CELL_PROBLEMS",
    "DataValidationError",
    "Problem",
    "empty_table",
    "load_dataset",
    "validate_dataset",
]


def validate_dataset(
    path: str | Path,
    accept_warnings: bool = False,
    max_abs_growth_pct: float = DEFAULT_MAX_ABS_GROWTH_PCT,
    isolate_units: bool = False,
) -> tuple[DataSet | None, list[Problem]]:
    """Read and check a data set; return (DataSet or None if any error, all problems).

    Plausibility problems (see :mod:`.checks`: negative amounts, growth beyond
    ±``max_abs_growth_pct`` percent, falling cumulative levels, unit slips, ...) are
    errors unless the row has ``checked`` = true or ``accept_warnings`` is true; then
    they are warnings.

    ``path`` is a folder of ``<table>.csv`` files or an ``.xlsx`` workbook. Problems
    include warnings; the DataSet is returned only when there is no error, with the
    warnings (as text) in ``DataSet.warnings``. Tables that are not required and
    absent come back as empty canonical frames.
    """
    options = CheckOptions(
        accept_warnings=bool(accept_warnings), max_abs_growth_pct=max_abs_growth_pct
    )
    path = Path(path)
    problems: list[Problem] = []
    checksums: dict[str, str] = {}
    encodings: dict[str, str] = {}
    raws = read_path(path, problems, checksums, encodings)
    if raws is None:
        return None, problems
    workbook = not path.is_dir()

    parsers: dict[str, TableParser] = {}
    frames: dict[str, pd.DataFrame] = {}
    for spec in TABLES.values():
        raw = raws.get(spec.name)
        if raw is None:
            continue
        if not raw.header:  # unreadable or empty file: reported already
            problems.extend(raw.report.problems)
            continue
        parser = TableParser(spec, raw)
        frames[spec.name] = parser.parse()
        parsers[spec.name] = parser

    def where(table: str) -> str:
        report = parsers[table].report
        return tr(f"sheet {report.sheet}", f"工作表 {report.sheet}") if workbook else report.file

    check_references(frames, parsers, where)
    check_ids(frames, parsers)
    if "regions" in frames:
        check_regions(frames["regions"], parsers["regions"])
    check_plausibility(frames, parsers, where, options)
    for parser in parsers.values():  # file-level problems first, then by row
        problems += sorted(parser.report.problems, key=lambda p: -1 if p.row is None else p.row)
    broken: dict[str, list[str]] = {}
    if isolate_units and any(p.is_error for p in problems):
        broken, problems = _isolate_units(frames, parsers, problems)
    if any(p.is_error for p in problems):
        return None, problems
    tables = {
        name: finalize_table(spec, frames[name]) if name in frames else empty_table(name)
        for name, spec in TABLES.items()
    }
    dataset = DataSet(
        tables=tables,
        source=str(path),
        checksums=checksums,
        warnings=[str(p) for p in problems if p.severity == "warning"],
        notes=[str(p) for p in problems if p.severity == "note"],
        encodings=encodings,
        notices=dataset_notices(tables),
        broken_units=broken,
    )
    return dataset, problems


def read_regions(path: str | Path) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The regions table of a data set alone (a new data set may hold nothing else yet):
    (table or None if it has errors, its problems)."""
    problems: list[Problem] = []
    raws = read_path(Path(path), problems, {}, {})
    raw = (raws or {}).get("regions")
    if raw is None or not raw.header:
        if raw is not None:
            problems.extend(raw.report.problems)
        return None, [
            p for p in problems if "regions" in str(p) or p.file.startswith("regions")
        ] or problems
    parser = TableParser(TABLES["regions"], raw)
    frame = parser.parse()
    check_regions(frame, parser)
    problems = list(parser.report.problems)
    if any(p.is_error for p in problems):
        return None, problems
    return finalize_table(TABLES["regions"], frame), problems


SHARED_TABLES = ("regions",)
"""Tables whose rows belong to no single unit: an error there stops a whole batch
(project_monthly, macro and the like have no region_id column, so they are shared too)."""


def _problem_units(
    frames: dict[str, pd.DataFrame], parsers: dict[str, TableParser]
) -> dict[int, str | None]:
    """id(problem) -> the region_id whose rows it is about, or None (no single unit: a
    shared table, a file as a whole, the region_id cell itself, rows of several units)."""
    owner: dict[int, str | None] = {}
    for name, parser in parsers.items():
        frame = frames.get(name)
        if frame is None or name in SHARED_TABLES or "region_id" not in frame.columns:
            continue
        ids = frame["region_id"].astype("string")
        unit_of_row = {
            int(r): str(u) for r, u in zip(frame["_row"], ids, strict=True) if not pd.isna(u)
        }
        for prob in parser.report.problems:
            rows = [prob.row, *prob.more_rows] if prob.row is not None else []
            units = {unit_of_row.get(int(r)) for r in rows}
            column = prob.field or prob.column
            if len(units) == 1 and None not in units and column != "region_id":
                owner[id(prob)] = units.pop()
    return owner


def _isolate_units(
    frames: dict[str, pd.DataFrame], parsers: dict[str, TableParser], problems: list[Problem]
) -> tuple[dict[str, list[str]], list[Problem]]:
    """(broken units -> their located errors, the problems left) when every error lies in
    the rows of known units that are nobody's parent; else ({}, problems) unchanged. The
    broken units' rows are dropped from ``frames`` (in place)."""
    owner = _problem_units(frames, parsers)
    errors = [p for p in problems if p.is_error]
    units = {owner.get(id(p)) for p in errors}
    regions = frames.get("regions")
    if regions is None or None in units:
        return {}, problems
    known = set(regions["region_id"].dropna().astype(str))
    parents = set(regions["parent_id"].dropna().astype(str)) if "parent_id" in regions else set()
    if not units <= known or units & parents:
        return {}, problems
    broken = {u: [str(p) for p in errors if owner[id(p)] == u] for u in sorted(units)}
    for name, frame in frames.items():
        if name not in SHARED_TABLES and "region_id" in frame.columns:
            frames[name] = frame.loc[~frame["region_id"].astype("string").isin(list(broken))]
    return broken, [p for p in problems if owner.get(id(p)) not in broken]


NO_TARGETS_NOTICE = (
    "no annual targets given: the share of target, the time progress (时序进度) and the "
    "growth the rest of the year needs are not computed",
    "未提供年度目标：不计算完成目标和时序进度",
)


NO_OFFICIAL_RATES_NOTICE = (
    "no official growth rates (yoy_pct) in the data: every growth rate is computed from the "
    "amounts (口径：按总量计算), on last year's published totals, so it may differ from the "
    "rate the statistics office publishes on a comparable basis",
    "数据中没有官方增速：本报告的增速均按总量计算（口径：按总量计算），与统计部门按同口径公布的"
    "增速可能不同",
)
BASE_RATES_NOTICE = (
    "no official growth rates (yoy_pct) in the data: growth rates are computed from the "
    "comparable base the statistics office supplied (口径：按同口径基数计算)",
    "数据中没有官方增速：增速按统计部门提供的同口径基数计算（口径：按同口径基数计算）",
)


def dataset_notices(tables: dict[str, pd.DataFrame]) -> list[str]:
    """What the data set leaves out that every reader must be told (console and page)."""
    notices = []
    if tables["targets"].empty:
        notices.append(tr(*NO_TARGETS_NOTICE))
    ind = tables["indicators"]
    if len(ind) and ind["yoy_pct"].isna().all() and ind["value"].notna().any():
        has_base = "base" in ind.columns and ind["base"].notna().any()
        notices.append(tr(*(BASE_RATES_NOTICE if has_base else NO_OFFICIAL_RATES_NOTICE)))
    return notices


def load_dataset(
    path: str | Path,
    accept_warnings: bool = False,
    max_abs_growth_pct: float = DEFAULT_MAX_ABS_GROWTH_PCT,
) -> DataSet:
    """Load a data set; raise :class:`DataValidationError` listing every error (and warning).

    The options are those of :func:`validate_dataset`.
    """
    dataset, problems = validate_dataset(path, accept_warnings, max_abs_growth_pct)
    if dataset is None:
        raise DataValidationError(problems, str(path))
    return dataset

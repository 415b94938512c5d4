"""Read the files of a data set (CSV folder or .xlsx workbook) into raw text tables.

Each file is read once, as bytes; those bytes are checksummed and parsed. Nothing is written.
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from .problems import FileReport, Problem
from .schema import TABLES, TableSpec

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class RawTable:
    """A table as read: header and data rows, all cells as text."""

    table: str
    report: FileReport
    header: list[str]
    rows: list[list[str]]
    first_row: int  # spreadsheet row number of rows[0]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def columns_hint(spec: TableSpec) -> str:
    req = [c.name for c in spec.columns if c.required]
    opt = [c.name for c in spec.columns if not c.required]
    if spec.periodic and "month" in req:
        req[req.index("month")] = "month (or a period label column 'period')"
    text = ", ".join(req)
    if opt:
        text += f" (optional: {', '.join(opt)})"
    return text


def _split_records(records: list[list[str]], table: str, report: FileReport) -> RawTable:
    """Take the first non-blank record as the header; the rest are data rows."""
    start = 0
    while start < len(records) and not any(str(c).strip() for c in records[start]):
        start += 1
    if start == len(records):
        report.add(
            "is empty; row 1 must be the header with the columns: " + columns_hint(TABLES[table])
        )
        return RawTable(table, report, [], [], 2)
    return RawTable(table, report, list(records[start]), records[start + 1 :], start + 2)


def _read_csv(data: bytes, table: str, report: FileReport) -> RawTable | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        hint = ""
        try:
            data.decode("gb18030")
            hint = " (it looks like GBK/GB18030, Excel's default for Chinese CSV files)"
        except UnicodeDecodeError:
            pass
        report.add(
            f"is not UTF-8 text{hint}: byte {exc.start} on line {line} cannot be decoded; "
            "in Excel use Save As > 'CSV UTF-8 (逗号分隔)(*.csv)', or save the data as .xlsx"
        )
        return None
    first = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first:
        delimiter = next((d for d in ("\t", ";") if d in first), ",")
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        report.add(f"cannot be read as CSV ({exc}); save it again as 'CSV UTF-8'")
        return None
    return _split_records(records, table, report)


def _cell_text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        fmt = getattr(cell, "number_format", None) or ""
        if "%" in fmt:  # a cell formatted as percent holds 0.123 for 12.3%
            return _number_text(round(value * 100, 10)) + "%"
        return _number_text(value)
    if isinstance(value, _dt.datetime | _dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _number_text(value: float) -> str:
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    return str(value)


def _sheet_tables() -> dict[str, str]:
    names: dict[str, str] = {}
    for spec in TABLES.values():
        names[spec.name.lower()] = spec.name
        names[spec.label] = spec.name
    return names


def _read_workbook(path: Path, data: bytes, problems: list[Problem]) -> dict[str, RawTable]:
    import openpyxl

    book = path.name
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any failure means "not a readable workbook"
        problems.append(
            Problem(
                book,
                None,
                None,
                None,
                f"cannot be read as an Excel workbook ({type(exc).__name__}: {exc}); "
                "save it from Excel as .xlsx",
            )
        )
        return {}
    lookup = _sheet_tables()
    out: dict[str, RawTable] = {}
    try:
        for ws in wb.worksheets:
            title = ws.title.strip()
            table = lookup.get(title.lower()) or lookup.get(title)
            report = FileReport(book, ws.title)
            if table is None:
                known = ", ".join(f"{s.name} ({s.label})" for s in TABLES.values())
                report.warn(f"sheet is not a table of the data set and is ignored; tables: {known}")
                problems.extend(report.problems)
                continue
            if table in out:
                report.add(
                    f"table {table} is already given by sheet {out[table].report.sheet}; "
                    "keep one of the two sheets"
                )
                problems.extend(report.problems)
                continue
            records = [[_cell_text(c) for c in row] for row in ws.iter_rows()]
            out[table] = _split_records(records, table, report)
    finally:
        wb.close()
    return out


def read_folder(
    path: Path, problems: list[Problem], checksums: dict[str, str]
) -> dict[str, RawTable | None]:
    files = {p.name.lower(): p for p in sorted(path.iterdir()) if p.is_file()}
    raws: dict[str, RawTable | None] = {}
    used: set[str] = set()
    for spec in TABLES.values():
        names = [f"{spec.name}.csv", f"{spec.label}.csv"]
        found = [files[c.lower()] for c in names if c.lower() in files]
        used.update(f.name.lower() for f in found)
        if len(found) > 1:
            problems.append(
                Problem(
                    found[1].name,
                    None,
                    None,
                    None,
                    f"table {spec.name} is given twice ({found[0].name} and {found[1].name}); "
                    "keep one of the two files",
                )
            )
        if not found:
            raws[spec.name] = None
            if spec.required:
                problems.append(
                    Problem(
                        f"{spec.name}.csv",
                        None,
                        None,
                        None,
                        f"is missing from {path}; add it (UTF-8 CSV, header in row 1) with the "
                        f"columns: {columns_hint(spec)}",
                    )
                )
            continue
        file = found[0]
        with open(file, "rb") as fh:  # read once; these bytes are checksummed and parsed
            data = fh.read()
        checksums[file.name] = _sha256(data)
        report = FileReport(file.name)
        raws[spec.name] = _read_csv(data, spec.name, report) or RawTable(
            spec.name, report, [], [], 2
        )
    for lower, file in files.items():
        if lower.endswith(".csv") and lower not in used:
            problems.append(
                Problem(
                    file.name,
                    None,
                    None,
                    None,
                    "is not a table of the data set and is ignored; the tables are: "
                    + ", ".join(f"{s.name}.csv" for s in TABLES.values()),
                    severity="warning",
                )
            )
    return raws


def read_path(
    path: Path, problems: list[Problem], checksums: dict[str, str]
) -> dict[str, RawTable | None] | None:
    """The raw tables of a folder or workbook; None when the path is no data set at all."""
    if not path.exists():
        problems.append(
            Problem(
                str(path),
                None,
                None,
                None,
                "does not exist; give a folder of CSV files (one <table>.csv per table) "
                "or an .xlsx workbook",
            )
        )
        return None
    if path.is_dir():
        return read_folder(path, problems, checksums)
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        hint = (
            "save it as .xlsx"
            if path.suffix.lower() == ".xls"
            else "give the folder holding the CSV files, or an .xlsx workbook"
        )
        problems.append(Problem(path.name, None, None, None, f"is not a data set; {hint}"))
        return None
    with open(path, "rb") as fh:
        data = fh.read()
    checksums[path.name] = _sha256(data)
    n_before = len(problems)
    found = _read_workbook(path, data, problems)
    if not found and any(p.is_error for p in problems[n_before:]):
        return None  # not a readable workbook
    raws: dict[str, RawTable | None] = {}
    for spec in TABLES.values():
        raws[spec.name] = found.get(spec.name)
        if raws[spec.name] is None and spec.required:
            problems.append(
                Problem(
                    path.name,
                    None,
                    None,
                    None,
                    f"has no sheet for table {spec.name}; add a sheet named {spec.name} "
                    f"or {spec.label} with the columns: {columns_hint(spec)}",
                )
            )
    return raws

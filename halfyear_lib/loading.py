"""Load and validate a data set: a folder of CSV files or one .xlsx workbook.

A data set holds the tables of :data:`halfyear_lib.schema.TABLES`:

* a folder with one UTF-8 ``<table>.csv`` per table (a byte-order mark is fine; the file
  may also be named by the table's Chinese label, e.g. ``指标.csv``), or
* one ``.xlsx`` workbook with one sheet per table, named as the table or its label.

Everything is validated and every problem is reported at once, each naming the file
(and sheet), the spreadsheet row (header = row 1), the column, the bad value, what is
expected and what to do. Values are converted to the canonical form described in
:mod:`halfyear_lib.dataset` (amounts in 亿元, percentages as numbers, months as
``Period[M]``). Inputs are only ever read: each file is read once, as bytes, and
those bytes are what is checksummed and parsed.

Public API: :class:`Problem`, :class:`DataValidationError`, :func:`validate_dataset`,
:func:`load_dataset` and :func:`empty_table`.
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from . import schema
from .dataset import DataSet
from .periods import PeriodError, parse_period_label
from .schema import AMOUNT_UNITS, COUNT_UNITS, INDICATORS, PERCENT_UNITS, TABLES, Column, TableSpec

__all__ = [
    "DataValidationError",
    "Problem",
    "empty_table",
    "load_dataset",
    "validate_dataset",
]

MAX_CELL_PROBLEMS = 20
"""Individual problems reported per file, column and kind of problem; the rest are summed up."""

JUMP_FACTOR = 1000.0
"""Consecutive cumulative values differing by more than this factor get a unit warning."""

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")

# ---------------------------------------------------------------- problems


@dataclass(frozen=True)
class Problem:
    """One thing wrong (or suspicious, severity "warning") with the input.

    ``row`` is the spreadsheet row number (header = row 1, first data row = row 2),
    so a user can find it in Excel; ``column`` is the column header as written.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    message: str
    sheet: str | None = None
    severity: str = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def location(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet {self.sheet}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        # no severity prefix: callers print it (``f"{p.severity}: {p}"``) where needed
        return f"{self.location}: {self.message}"


class DataValidationError(ValueError):
    """The data set has errors; ``problems`` lists all of them (and the warnings)."""

    def __init__(self, problems: Sequence[Problem], source: str) -> None:
        self.problems = list(problems)
        self.source = str(source)
        super().__init__(self._text())

    def __reduce__(self):  # picklable across worker processes
        return (self.__class__, (self.problems, self.source))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]

    def _text(self) -> str:
        errors, warnings = self.errors, self.warnings
        head = f"{self.source}: {_plural(len(errors), 'error')} in the data set"
        if warnings:
            head += f" (and {_plural(len(warnings), 'warning')})"
        lines = [head + "; fix them in the input files and load again:"]
        lines += [f"  {i}. {p}" for i, p in enumerate(errors, 1)]
        if warnings:
            lines.append("warnings:")
            lines += [f"  - {p}" for p in warnings]
        return "\n".join(lines)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _row_ranges(rows: Sequence[int], limit: int = 8) -> str:
    rows = sorted(set(int(r) for r in rows))
    spans: list[tuple[int, int]] = []
    for r in rows:
        if spans and r == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], r)
        else:
            spans.append((r, r))
    text = ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in spans[:limit])
    return text + (", ..." if len(spans) > limit else "")


class _Report:
    """Problems of one input file (or sheet)."""

    def __init__(self, file: str, sheet: str | None = None) -> None:
        self.file = file
        self.sheet = sheet
        self.problems: list[Problem] = []

    def add(
        self,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
        severity: str = "error",
    ) -> None:
        self.problems.append(Problem(self.file, row, column, value, message, self.sheet, severity))

    def warn(self, message: str, **kw) -> None:
        self.add(message, severity="warning", **kw)

    def cells(
        self,
        rows: Sequence[int],
        values: Sequence[str | None],
        column: str | None,
        message: Callable[[str | None], str] | Sequence[str],
        summary: str,
        severity: str = "error",
    ) -> None:
        """One problem per bad cell, at most MAX_CELL_PROBLEMS, then one summing up the rest.

        ``message`` makes the text from the cell value, or lists the texts in row order.
        """
        head = zip(rows[:MAX_CELL_PROBLEMS], values[:MAX_CELL_PROBLEMS], strict=False)
        for i, (row, value) in enumerate(head):
            text = message(value) if callable(message) else message[i]
            self.add(text, row=int(row), column=column, value=value, severity=severity)
        rest = rows[MAX_CELL_PROBLEMS:]
        if len(rest):
            self.add(
                f"{len(rest)} more rows {summary} (rows {_row_ranges(rest)})",
                row=int(rest[0]),
                column=column,
                severity=severity,
            )


# ---------------------------------------------------------------- canonical dtypes


def _final_dtype(col: Column):
    if col.dtype in ("str", "enum"):
        return "str"
    if col.dtype == "int":
        return "Int64" if col.nullable else "int64"
    if col.dtype in ("float", "pct", "amount", "quantity"):
        return "float64"
    if col.dtype == "bool":
        return "boolean"
    if col.dtype == "month":
        return pd.PeriodDtype("M")
    raise ValueError(f"unknown dtype {col.dtype!r} of column {col.name}")  # pragma: no cover


def empty_table(name: str) -> pd.DataFrame:
    """The canonical empty frame of a table: every schema column, canonical dtypes."""
    spec = TABLES[name]
    return pd.DataFrame({c.name: pd.Series([], dtype=_final_dtype(c)) for c in spec.columns})


# ---------------------------------------------------------------- reading files


@dataclass
class _Raw:
    """A table as read: header and data rows, all cells as text."""

    table: str
    report: _Report
    header: list[str]
    rows: list[list[str]]
    first_row: int  # spreadsheet row number of rows[0]


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _columns_hint(spec: TableSpec) -> str:
    req = [c.name for c in spec.columns if c.required]
    opt = [c.name for c in spec.columns if not c.required]
    if spec.periodic and "month" in req:
        req[req.index("month")] = "month (or a period label column 'period')"
    text = ", ".join(req)
    if opt:
        text += f" (optional: {', '.join(opt)})"
    return text


def _split_records(records: list[list[str]], table: str, report: _Report) -> _Raw:
    """Take the first non-blank record as the header; the rest are data rows."""
    start = 0
    while start < len(records) and not any(str(c).strip() for c in records[start]):
        start += 1
    if start == len(records):
        report.add(
            "is empty; row 1 must be the header with the columns: " + _columns_hint(TABLES[table])
        )
        return _Raw(table, report, [], [], 2)
    return _Raw(table, report, list(records[start]), records[start + 1 :], start + 2)


def _read_csv(data: bytes, table: str, report: _Report) -> _Raw | None:
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


def _read_workbook(path: Path, data: bytes, problems: list[Problem]) -> dict[str, _Raw]:
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
    out: dict[str, _Raw] = {}
    try:
        for ws in wb.worksheets:
            title = ws.title.strip()
            table = lookup.get(title.lower()) or lookup.get(title)
            report = _Report(book, ws.title)
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


# ---------------------------------------------------------------- cell parsing

_NA_TOKENS = frozenset(
    v
    for token in ("", "na", "n/a", "#n/a", "nan", "null", "-", "--", "—", "－", "/")
    for v in (token, token.upper(), token.title(), "NaN")
)
_TRANS = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "．": ".",
        "，": ",",
        "\u2212": "-",  # minus sign
        "－": "-",
        "＋": "+",
        "％": "%",
    }
)
_THOUSANDS = r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?"
_BOOL = {
    **dict.fromkeys(["true", "1", "是", "yes", "y", "1.0", "√", "t"], True),
    **dict.fromkeys(["false", "0", "否", "no", "n", "0.0", "×", "f"], False),
}
_MONTH_RE = (
    r"^(?P<y>\d{4})\s*(?:[-/.年]\s*(?P<m>\d{1,2})\s*(?:月份?)?"
    r"(?:\s*[-/.]\s*\d{1,2}\s*日?)?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?|(?P<m2>\d{2}))$"
)
_JANUARY_RE = re.compile(r"^(?:(?P<year>\d{4})\s*(?:年|[-/.])\s*)?0?1\s*(?:月份?)?$")
_UNIT_ALIASES = {"％": "%", "百分比": "%", "percent": "%", "亿": "亿元", "万": "万元"}
_HEADER_UNIT = re.compile(
    r"^(?P<name>.*?)\s*[(（\[【]\s*(?P<unit>[^()（）\[\]【】]*?)\s*[)）\]】]$"
)


def _norm_unit(unit: str) -> str:
    u = str(unit).strip().strip("()（）[]【】").strip()
    return _UNIT_ALIASES.get(u.lower(), u)


def _enum_labels() -> dict[frozenset, dict[str, str]]:
    tables = [
        schema.REGION_KINDS,
        schema.ENTERPRISE_ROUTES,
        schema.PROJECT_KINDS,
        schema.PROJECT_CONSTRAINTS,
        schema.NOT_IN_LIBRARY_REASONS,
        schema.TASK_SOURCES,
        schema.TASK_STATUSES,
        schema.TARGET_KINDS,
        schema.RANK_GROUPS,
        {code: spec.label for code, spec in INDICATORS.items()},
    ]
    return {frozenset(t): t for t in tables}


_ENUM_LABELS = _enum_labels()


def _enum_aliases(choices: Sequence[str]) -> tuple[dict[str, str], str]:
    """Accepted spellings (lower-cased) -> code, and the list of choices for messages."""
    labels = _ENUM_LABELS.get(frozenset(choices), {})
    aliases = {c.lower(): c for c in choices}
    for code, label in labels.items():
        aliases.setdefault(label.lower(), code)
    shown = ", ".join(f"{c} ({labels[c]})" if c in labels else c for c in choices)
    return aliases, shown


def _numbers(
    s: pd.Series, *, thousands: bool = True, percent: bool = False, suffix: str = ""
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Parse text to float: (values with NaN for blank/bad, bad mask, had-% mask).

    Plain numbers take the fast path; only cells that do not parse as they stand are
    normalised (full-width digits, U+2212 minus, "%", thousands separators, ``suffix``
    regex such as 年) and parsed again.
    """
    filled = (s != "").to_numpy(dtype=bool)
    values = pd.to_numeric(s.where(filled), errors="coerce").to_numpy(
        dtype=float, na_value=np.nan, copy=True
    )
    had_pct = np.zeros(len(s), dtype=bool)
    retry = filled & ~np.isfinite(values)
    if retry.any():
        t = s[retry].str.translate(_TRANS)
        if suffix:
            t = t.str.replace(suffix, "", regex=True)
        if percent:
            has = t.str.endswith("%")
            t = t.where(~has, t.str[:-1].str.rstrip())
            had_pct[retry] = has.to_numpy(dtype=bool)
        if thousands:
            grouped = t.str.fullmatch(_THOUSANDS)
            t = t.where(~grouped, t.str.replace(",", "", regex=False))
        values[retry] = pd.to_numeric(t.where(t != ""), errors="coerce").to_numpy(
            dtype=float, na_value=np.nan
        )
    bad = filled & ~np.isfinite(values)
    values[bad] = np.nan
    return values, bad, had_pct & ~bad


def _lookup(s: pd.Series, table: dict) -> pd.Series:
    """Map cells case-insensitively through ``table`` (keys lower-case), via unique values."""
    return s.map({u: table.get(u.lower()) for u in s.unique()})


def _label_parser(allow_january: bool) -> Callable[[str], tuple[int | None, int | None, str]]:
    cache: dict[str, tuple[int | None, int | None, str]] = {}

    def parse(text: str) -> tuple[int | None, int | None, str]:
        if text in cache:
            return cache[text]
        try:
            year, month = parse_period_label(text)
            result: tuple[int | None, int | None, str] = (year, month, "")
        except PeriodError as exc:
            jan = _JANUARY_RE.match(text.replace(" ", "")) if allow_january else None
            if jan:
                result = (int(jan.group("year")) if jan.group("year") else None, 1, "")
            else:
                msg = str(exc)
                if "January" in msg:
                    msg += " (use 1-2月, i.e. month 2)"
                result = (None, None, msg)
        cache[text] = result
        return result

    return parse


# ---------------------------------------------------------------- one table


class _TableParser:
    """Validate one raw table and convert it to the canonical frame (plus ``_row``)."""

    def __init__(self, spec: TableSpec, raw: _Raw) -> None:
        self.spec = spec
        self.raw = raw
        self.report = raw.report
        self.text: dict[str, pd.Series] = {}  # canonical name -> stripped text ("" blank)
        self.display: dict[str, str] = {}  # canonical name -> header as written
        self.units: dict[str, str] = {}  # canonical name -> unit from the header
        self.present: set[str] = set()
        self.missing: set[str] = set()
        self.out: dict[str, object] = {}
        self.blank: dict[str, np.ndarray] = {}  # canonical name -> blank cells
        self.pct_cells: dict[str, np.ndarray] = {}  # quantity column -> cells written with %
        self.rows = np.zeros(0, dtype=np.int64)

    # ----------------------------------------------------------- helpers

    def bad(
        self,
        mask: np.ndarray,
        name: str,
        message: Callable[[str | None], str],
        summary: str,
        severity: str = "error",
        values: pd.Series | None = None,
    ) -> None:
        idx = np.flatnonzero(mask)
        if not len(idx):
            return
        source = self.text.get(name) if values is None else values
        vals = [None if source is None else str(source.iat[i]) for i in idx[:MAX_CELL_PROBLEMS]]
        self.report.cells(
            self.rows[idx], vals, self.display.get(name, name), message, summary, severity
        )

    # ----------------------------------------------------------- header

    def read_header(self) -> None:
        spec, raw = self.spec, self.raw
        known = set(spec.column_names) | ({"period"} if spec.periodic else set())
        positions: dict[str, int] = {}
        width = len(raw.header)
        rows = raw.rows
        longest = max(map(len, rows), default=width)
        if any(len(r) != longest for r in rows):  # ragged CSV lines: pad them
            rows = [r if len(r) == longest else [*r, *[""] * (longest - len(r))] for r in rows]
        data = pd.DataFrame(rows, dtype=object)
        for j in range(data.shape[1], width):
            data[j] = ""
        data = data.fillna("")
        # cells beyond the header
        if data.shape[1] > width:
            extra = data.iloc[:, width:].astype(str).apply(lambda c: c.str.strip() != "")
            rows_extra = np.flatnonzero(extra.any(axis=1).to_numpy())
            if len(rows_extra):
                self.report.cells(
                    rows_extra + raw.first_row,
                    [None] * len(rows_extra),
                    None,
                    lambda _v: (
                        f"has more cells than the header ({width} columns); give the "
                        "extra column a name in row 1 or delete the extra cells"
                    ),
                    "with more cells than the header",
                )
        for j, head in enumerate(raw.header):
            head = str(head).replace("\ufeff", "").strip()
            letter = _column_letter(j)
            if not head:
                if j < data.shape[1] and (data[j].astype(str).str.strip() != "").any():
                    self.report.warn(
                        f"column {letter} has no name in row 1 but holds values; it is ignored",
                    )
                continue
            m = _HEADER_UNIT.match(head)
            name, unit = (m.group("name"), m.group("unit")) if m and m.group("name") else (head, "")
            name = re.sub(r"[\s\-]+", "_", name.strip().lower())
            if name not in known:
                self.report.warn(
                    f"column {head!r} (column {letter}) is not part of table {spec.name} and is "
                    f"ignored; its columns are: {_columns_hint(spec)}",
                    column=head,
                )
                continue
            if name in positions:
                self.report.add(
                    f"column {name} appears twice (columns {_column_letter(positions[name])} "
                    f"and {letter}); keep one of them",
                    column=head,
                )
                continue
            positions[name] = j
            self.display[name] = head
            if unit:
                self.check_header_unit(name, head, _norm_unit(unit))
        # blank rows are skipped, row numbers kept
        cols = {name: data[j].astype(str).str.strip() for name, j in positions.items()}
        frame = pd.DataFrame(cols, index=data.index, dtype="str")
        if len(frame.columns):
            frame = frame.where(~frame.isin(_NA_TOKENS), "")
            keep = (frame != "").any(axis=1).to_numpy()
        else:
            keep = np.zeros(len(frame), dtype=bool)
        self.rows = (np.arange(len(frame), dtype=np.int64) + raw.first_row)[keep]
        frame = frame.loc[keep].reset_index(drop=True)
        self.text = {name: frame[name] for name in frame.columns}
        self.present = set(frame.columns)
        # required columns
        for col in spec.columns:
            if col.name in self.present or not col.required:
                continue
            if spec.periodic and col.name in ("month", "year") and "period" in self.present:
                continue
            self.missing.add(col.name)
            self.report.add(
                f"column {col.name} is missing; table {spec.name} needs the columns: "
                + _columns_hint(spec)
            )

    def check_header_unit(self, name: str, head: str, unit: str) -> None:
        col = self.spec.column(name) if name != "period" else None
        dtype = col.dtype if col else "period"
        if dtype == "amount":
            if unit not in AMOUNT_UNITS:
                self.report.add(
                    f"unit {unit!r} in the header is not an amount unit; use one of "
                    f"{', '.join(AMOUNT_UNITS)}, e.g. {name}(万元)",
                    column=head,
                )
                return
        elif dtype == "quantity":
            if unit not in AMOUNT_UNITS and unit not in COUNT_UNITS and unit not in PERCENT_UNITS:
                self.report.add(
                    f"unit {unit!r} in the header is unknown; use an amount unit "
                    f"({', '.join(AMOUNT_UNITS)}) or a count unit ({', '.join(sorted(COUNT_UNITS))})",
                    column=head,
                )
                return
        elif dtype == "pct":
            if unit not in PERCENT_UNITS:
                self.report.add(
                    f"unit {unit!r} in the header does not fit a percentage column; write "
                    f"{name} or {name}(%)",
                    column=head,
                )
            return
        else:
            self.report.warn(f"unit {unit!r} in the header is ignored (column {name})", column=head)
            return
        self.units[name] = unit

    # ----------------------------------------------------------- columns

    def parse(self) -> pd.DataFrame:
        self.read_header()
        n = len(self.rows)
        for col in self.spec.columns:
            if col.name not in self.present:
                self.out[col.name] = None
                continue
            s = self.text[col.name]
            blank = (s == "").to_numpy(dtype=bool)
            self.blank[col.name] = blank
            if col.dtype == "int" and self.spec.periodic and col.name in ("year", "month"):
                continue  # see periods()
            if not col.nullable:
                self.bad(
                    blank,
                    col.name,
                    lambda _v, c=col: (
                        f"is empty; every row needs a value in column {c.name}"
                        + (f" ({c.description})" if c.description else "")
                    ),
                    "with an empty cell",
                )
            self.out[col.name] = getattr(self, f"parse_{col.dtype}")(col, s)
        if self.spec.periodic:
            self.periods()
        for col in self.spec.columns:
            if self.out.get(col.name) is None:
                self.out[col.name] = pd.Series(pd.array([None] * n, dtype=_work_dtype(col)))
        special = getattr(self, f"table_{self.spec.name}", None)
        if special is not None:
            special()
        frame = pd.DataFrame(
            {c.name: _as_series(self.out[c.name], _work_dtype(c)) for c in self.spec.columns}
        )
        frame["_row"] = self.rows
        self.check_keys(frame)
        return frame

    def parse_str(self, col: Column, s: pd.Series) -> pd.Series:
        return s.where(s != "")

    def parse_enum(self, col: Column, s: pd.Series) -> pd.Series:
        aliases, shown = _enum_aliases(col.choices)
        codes = _lookup(s, aliases)
        bad = (s != "").to_numpy(dtype=bool) & codes.isna().to_numpy(dtype=bool)
        self.bad(
            bad,
            col.name,
            lambda v: f"{v!r} is not an allowed value; use one of: {shown}",
            "with a value that is not allowed",
        )
        return codes.astype("str")

    def _numeric(self, col: Column, s: pd.Series, hint: str, **kw) -> np.ndarray:
        values, bad, _ = _numbers(s, **kw)
        self.bad(bad, col.name, lambda v: f"{v!r} is not a number; {hint}", "that are not numbers")
        return values

    def parse_int(self, col: Column, s: pd.Series) -> pd.Series:
        values, bad, _ = _numbers(s, thousands=False, suffix=r"\s*[年月]$")
        wrong = np.isfinite(values) & (values != np.round(values))
        if col.name == "year":
            wrong |= np.isfinite(values) & ((values < 1900) | (values > 2200))
        self.bad(
            bad | wrong,
            col.name,
            lambda v: (
                f"{v!r} is not a {'year' if col.name == 'year' else 'whole number'}; "
                "write e.g. 2021"
            ),
            "that are not whole numbers",
        )
        values[wrong] = np.nan
        return pd.array(values, dtype="Float64").astype("Int64")

    def parse_float(self, col: Column, s: pd.Series) -> np.ndarray:
        return self._numeric(col, s, "write a number such as 1234.5 or 1,234.5")

    def parse_pct(self, col: Column, s: pd.Series) -> np.ndarray:
        return self._numeric(
            col,
            s,
            "write a percentage such as 12.3 or 12.3%",
            thousands=False,
            percent=True,
        )

    def parse_amount(self, col: Column, s: pd.Series) -> np.ndarray:
        unit = self.units.get(col.name, "亿元")
        values = self._numeric(
            col,
            s,
            f"write an amount such as 1234.5 or 1,234.5 (unit in the header, e.g. {col.name}(万元))",
        )
        return _convert(values, np.full(len(values), AMOUNT_UNITS[unit]))

    def parse_quantity(self, col: Column, s: pd.Series) -> np.ndarray:
        # units are resolved per row by table_indicators / table_targets
        values, bad, had_pct = _numbers(s, percent=True)
        self.bad(
            bad,
            col.name,
            lambda v: (
                f"{v!r} is not a number; write a number such as 1234.5 or 1,234.5 and "
                "give its unit in the unit column or the header"
            ),
            "that are not numbers",
        )
        self.pct_cells[col.name] = had_pct
        return values

    def parse_bool(self, col: Column, s: pd.Series) -> pd.Series:
        values = _lookup(s, _BOOL)
        bad = (s != "").to_numpy(dtype=bool) & values.isna().to_numpy(dtype=bool)
        self.bad(
            bad,
            col.name,
            lambda v: f"{v!r} is not a yes/no value; write true/false, 1/0, 是/否 or yes/no",
            "that are not yes/no values",
        )
        return values.astype("boolean")

    def parse_month(self, col: Column, s: pd.Series) -> pd.Series:
        parts = s.str.translate(_TRANS).str.extract(_MONTH_RE)
        year = pd.to_numeric(parts["y"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        month = pd.to_numeric(parts["m"].fillna(parts["m2"]), errors="coerce").to_numpy(
            dtype=float, na_value=np.nan
        )
        ok = (year >= 1900) & (year <= 2200) & (month >= 1) & (month <= 12)
        filled = (s != "").to_numpy(dtype=bool)
        self.bad(
            filled & ~ok,
            col.name,
            lambda v: (
                f"{v!r} is not a month; write it as YYYY-MM, e.g. 2021-03 "
                "(2021/3, 2021年3月 and 202103 also work)"
            ),
            "that are not months",
        )
        ordinals = np.where(
            ok, (np.nan_to_num(year) - 1970) * 12 + np.nan_to_num(month) - 1, 0
        ).astype(np.int64)
        ordinals[~ok] = np.iinfo(np.int64).min  # NaT
        return pd.Series(pd.PeriodIndex.from_ordinals(ordinals, freq="M"))

    # ----------------------------------------------------------- periods

    def periods(self) -> None:
        spec, n = self.spec, len(self.rows)
        allow_january = not (spec.cumulative or spec.name == "project_monthly")
        parse_label = _label_parser(allow_january)
        year = np.full(n, np.nan)
        month = np.full(n, np.nan)
        label_year = np.full(n, np.nan)
        label_col = np.array([""] * n, dtype=object)  # column that gave the label year

        def labels(name: str, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
            """Parse the labels of column ``name`` where mask; report bad ones."""
            s = self.text[name]
            ys, ms = np.full(n, np.nan), np.full(n, np.nan)
            idx = np.flatnonzero(mask)
            if not len(idx):
                return ys, ms
            texts = s.to_numpy(dtype=object)[idx]
            uniq = {t: parse_label(t) for t in set(texts)}
            ys[idx] = [np.nan if uniq[t][0] is None else uniq[t][0] for t in texts]
            ms[idx] = [np.nan if uniq[t][1] is None else uniq[t][1] for t in texts]
            bad = np.zeros(n, dtype=bool)
            bad[idx] = [bool(uniq[t][2]) for t in texts]
            self.bad(bad, name, lambda v: uniq[v][2], "with a period label that cannot be read")
            return ys, ms

        if "year" in self.present:
            s = self.text["year"]
            values, bad, _ = _numbers(s, thousands=False, suffix=r"\s*年$")
            wrong = np.isfinite(values) & (
                (values != np.round(values)) | (values < 1900) | (values > 2200)
            )
            self.bad(
                bad | wrong,
                "year",
                lambda v: f"{v!r} is not a year; write a four-digit year such as 2021",
                "that are not years",
            )
            values[wrong] = np.nan
            year = values
            self.bad(
                self.blank["year"],
                "year",
                lambda _v: "is empty; every row needs a year (e.g. 2021)",
                "with an empty cell",
            )
        if "month" in self.present:
            s = self.text["month"]
            values, _, _ = _numbers(s, thousands=False, suffix=r"\s*月份?$")
            whole = np.isfinite(values) & (values == np.round(values))
            month = np.where(whole, values, np.nan)
            textual = ~self.blank["month"] & ~whole
            ly, lm = labels("month", textual)
            month = np.where(textual, lm, month)
            label_year = np.where(textual, ly, label_year)
            label_col[textual & np.isfinite(ly)] = "month"
            self.bad(
                self.blank["month"],
                "month",
                lambda _v: (
                    "is empty; every row needs a month (2..12 for cumulative data Jan..month)"
                ),
                "with an empty cell",
            )
        if "period" in self.present:
            filled = (self.text["period"] != "").to_numpy(dtype=bool)
            py, pm = labels("period", filled)
            if "month" in self.present:
                differ = filled & np.isfinite(pm) & np.isfinite(month) & (pm != month)
                self.bad(
                    differ,
                    "period",
                    lambda v: (
                        f"{v!r} does not agree with column month; make them agree or "
                        "delete one of the two columns"
                    ),
                    "whose period label disagrees with column month",
                )
            else:
                month = pm
                self.bad(
                    ~filled,
                    "period",
                    lambda _v: "is empty; every row needs a period such as 1-6月 or 2021-06",
                    "with an empty period",
                )
            use = filled & np.isfinite(py) & ~np.isfinite(label_year)
            label_year = np.where(use, py, label_year)
            label_col[use] = "period"
        # the year: from the year column, else from the labels
        has_label_year = np.isfinite(label_year)
        if "year" in self.present:
            clash = has_label_year & np.isfinite(year) & (label_year != year)
            for name in ("month", "period"):
                self.bad(
                    clash & (label_col == name),
                    name,
                    lambda v: f"the year in {v!r} does not agree with column year; make them agree",
                    "whose label year disagrees with column year",
                )
        else:
            year = label_year
            period_col = "period" if "period" in self.present else "month"
            self.bad(
                ~has_label_year & np.isfinite(month),
                period_col,
                lambda v: (
                    f"{v!r} has no year; add a year column or write the year into the "
                    "label, e.g. 2021年1-6月"
                ),
                "without a year",
            )
        # month range and January
        col = "month" if "month" in self.present else "period"
        if not allow_january:
            self.bad(
                month == 1,
                col,
                lambda _v: (
                    "month 1 is not a period of cumulative data: January is published "
                    "together with February as 1-2月: use month 2"
                ),
                "with month 1",
            )
        lo = 1 if allow_january else 2
        outside = np.isfinite(month) & ((month < 1) | (month > 12))
        self.bad(
            outside,
            col,
            lambda v: (
                f"{v!r} is not a month; write {lo}..12"
                + (" (the cumulative period Jan..month)" if spec.cumulative else "")
            ),
            "with a month outside 1..12",
        )
        month[outside | ((not allow_january) & (month == 1))] = np.nan
        self.out["year"] = pd.array(year, dtype="Float64").astype("Int64")
        self.out["month"] = pd.array(month, dtype="Float64").astype("Int64")

    # ----------------------------------------------------------- units of quantities

    def _codes(self) -> np.ndarray:
        """Indicator code per row ("" where missing or invalid)."""
        ind = self.out.get("indicator")
        if ind is None:
            return np.full(len(self.rows), "", dtype=object)
        return np.asarray(ind.astype(object).where(ind.notna(), ""), dtype=object)

    def resolve_units(self, columns: Sequence[str], category: np.ndarray) -> np.ndarray:
        """Convert the quantity ``columns`` to canonical units; return the canonical unit per row.

        ``category`` per row: "amount", "count", "percent" or "" (indicator unknown). The
        unit of a row is the row's ``unit`` cell, else the column header's unit where it
        fits the row, else the canonical unit.
        """
        n = len(self.rows)
        codes = self._codes()
        canonical = np.array([INDICATORS[c].unit if c in INDICATORS else "" for c in codes])
        canonical = np.where(category == "percent", "%", canonical).astype(object)
        if "unit" in self.present:
            text = self.text["unit"]
            row_unit = text.map({u: _norm_unit(u) for u in text.unique()}).to_numpy(dtype=object)
        else:
            row_unit = np.full(n, "", dtype=object)
        has_row_unit = row_unit != ""
        if self.spec.name == "indicators":
            # "%" on a growth-only row (no level given) says nothing about levels
            level = np.zeros(n, dtype=bool)
            for name in columns:
                if name in self.present:
                    level |= np.isfinite(np.asarray(self.out[name], dtype=float))
            has_row_unit &= ~(np.isin(row_unit, [*PERCENT_UNITS, "%"]) & ~level)
        row_factor = _unit_factors(category, row_unit)
        wrong = has_row_unit & np.isnan(row_factor) & (category != "")
        idx = np.flatnonzero(wrong)
        if len(idx):
            head = idx[:MAX_CELL_PROBLEMS]
            self.report.cells(
                self.rows[idx],
                [str(self.text["unit"].iat[i]) for i in head],
                self.display.get("unit", "unit"),
                [_unit_message(str(self.text["unit"].iat[i]), category[i], codes[i]) for i in head],
                "whose unit does not fit the indicator",
            )
        level_category = np.isin(category, ["amount", "count"])
        for name in columns:
            if name not in self.present:
                continue
            values = np.asarray(self.out[name], dtype=float)
            factor = np.ones(n)
            header_unit = self.units.get(name, "")
            if header_unit:
                header_factor = _unit_factors(category, np.full(n, header_unit, dtype=object))
                fits = np.isfinite(header_factor)
                factor = np.where(fits, header_factor, 1.0)
                misfit = ~fits & ~has_row_unit & level_category & np.isfinite(values)
                if misfit.any():
                    self.report.warn(
                        f"the header unit {header_unit} does not fit "
                        f"{', '.join(sorted(set(codes[misfit])))}: those values are read in "
                        f"{', '.join(sorted(set(canonical[misfit])))}; give their unit in the "
                        "unit column",
                        column=self.display.get(name, name),
                    )
            factor = np.where(has_row_unit & np.isfinite(row_factor), row_factor, factor)
            pct_cell = self.pct_cells.get(name, np.zeros(n, dtype=bool)) & level_category
            self.bad(
                pct_cell,
                name,
                lambda v: (
                    f"{v!r} is a percentage but this column holds a level here; write "
                    "the number without % (growth rates go into yoy_pct or a growth_pct target)"
                ),
                "holding a percentage where a level belongs",
            )
            values[pct_cell] = np.nan
            self.out[name] = _convert(values, factor)
        return canonical

    # ----------------------------------------------------------- table rules

    def _categories(self) -> np.ndarray:
        return np.array(
            [INDICATORS[c].kind if c in INDICATORS else "" for c in self._codes()], dtype=object
        )

    def table_indicators(self) -> None:
        if "indicator" in self.present:
            self.out["unit"] = self.resolve_units(("value", "base"), self._categories())
        # either value or yoy_pct may be missing, not both
        if "value" in self.present and "yoy_pct" in self.present:
            self.bad(
                self.blank["value"] & self.blank["yoy_pct"],
                "value",
                lambda _v: (
                    "neither value nor yoy_pct is given; either value or yoy_pct may be "
                    "missing, not both: fill one in or delete the row"
                ),
                "with neither value nor yoy_pct",
            )

    def table_targets(self) -> None:
        if "indicator" not in self.present or "kind" not in self.present:
            return
        kinds = np.asarray(self.out["kind"].astype(object), dtype=object)
        category = np.where(kinds == "growth_pct", "percent", self._categories())
        category = np.where(pd.isna(kinds), "", category).astype(object)
        self.out["unit"] = self.resolve_units(("target",), category)

    def table_regions(self) -> None:
        if "rank_groups" not in self.present:
            return
        s = self.text["rank_groups"]
        aliases, shown = _enum_aliases(tuple(schema.RANK_GROUPS))
        cache: dict[str, tuple[str, str]] = {}
        for text in s.unique():
            tokens = [t for t in re.split(r"[;；,，、\s]+", text) if t]
            codes = [aliases.get(t.lower()) for t in tokens]
            unknown = [t for t, c in zip(tokens, codes, strict=True) if c is None]
            cache[text] = (";".join(dict.fromkeys(c for c in codes if c)), ", ".join(unknown))
        mapped = s.map({k: v[0] for k, v in cache.items()})
        unknown = s.map({k: v[1] for k, v in cache.items()})
        self.bad(
            (unknown != "").to_numpy(dtype=bool),
            "rank_groups",
            lambda v: (
                f"{v!r} names an unknown rank group ({cache[v][1]}); use {shown}, separated by ';'"
            ),
            "with unknown rank groups",
        )
        self.out["rank_groups"] = mapped.astype("str")

    # ----------------------------------------------------------- keys

    def check_keys(self, frame: pd.DataFrame) -> None:
        """Duplicated keys: one error per repeated row, naming the first row and the key."""
        key = list(self.spec.key)
        if any(k in self.missing for k in key) or frame.empty:
            return
        valid = frame[key].notna().all(axis=1).to_numpy()
        sub = frame.loc[valid, [*key, "_row"]]
        dup = sub.duplicated(key, keep=False).to_numpy()
        if not dup.any():
            return
        d = sub.loc[dup]
        first = d.groupby(key, sort=False)["_row"].transform("min")
        later = d.loc[d["_row"] != first]
        rows = later["_row"].to_numpy()
        head = later.iloc[:MAX_CELL_PROBLEMS]
        keys = [", ".join(f"{k}={r[k]}" for k in key) for _, r in head.iterrows()]
        firsts = first.loc[head.index].tolist()
        self.report.cells(
            rows,
            keys,
            None,
            [
                f"duplicate row: {k} is also in row {f}; keep one of the two rows"
                for k, f in zip(keys, firsts, strict=True)
            ],
            "duplicating an earlier row",
        )


def _unit_factors(category: np.ndarray, units: np.ndarray) -> np.ndarray:
    """Factor to the canonical unit per row; NaN where the unit does not fit the category."""
    pairs = pd.Series(category, dtype=object).astype(str) + "|" + pd.Series(units).astype(str)
    table = {}
    for pair in pairs.unique():
        cat, unit = pair.split("|", 1)
        if cat == "amount":
            table[pair] = AMOUNT_UNITS.get(unit, np.nan)
        elif cat == "count":
            table[pair] = 1.0 if unit in COUNT_UNITS else np.nan
        elif cat == "percent":
            table[pair] = 1.0 if unit in PERCENT_UNITS or unit in ("%", "") else np.nan
        else:
            table[pair] = 1.0
    return pairs.map(table).to_numpy(dtype=float)


def _unit_message(unit: str, category: str, code: str) -> str:
    if category == "percent":
        return (
            f"unit {unit!r} does not fit: a growth_pct target of {code} is a percentage; "
            "write % or leave the unit empty"
        )
    if category == "amount":
        what, allowed = "an amount", ", ".join(AMOUNT_UNITS)
    else:
        what, allowed = "a count", ", ".join(sorted(COUNT_UNITS))
    return f"unit {unit!r} does not fit {code} ({what}); use one of {allowed}"


def _column_letter(j: int) -> str:
    letters = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def _convert(values: np.ndarray, factor: np.ndarray) -> np.ndarray:
    """values x factor, dividing by the exact power of ten for factors below 1."""
    values = np.asarray(values, dtype=float)
    factor = np.asarray(factor, dtype=float)
    small = factor < 1
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(small, values / np.round(1 / factor), values * factor)


def _work_dtype(col: Column):
    if col.dtype == "int":
        return "Int64"
    return _final_dtype(col)


def _as_series(values, dtype) -> pd.Series:
    if isinstance(values, pd.Series):
        s = values.reset_index(drop=True)
    else:
        s = pd.Series(values)
    if str(s.dtype) != str(dtype):
        s = s.astype(dtype)
    return s


# ---------------------------------------------------------------- the data set


def _finalize(spec: TableSpec, frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.drop(columns="_row")
    for col in spec.columns:
        want = _final_dtype(col)
        if str(out[col.name].dtype) != str(want):
            out[col.name] = out[col.name].astype(want)
    out = out.sort_values(list(spec.key), kind="mergesort").reset_index(drop=True)
    return out


def _check_references(
    frames: dict[str, pd.DataFrame],
    parsers: dict[str, _TableParser],
    where: Callable[[str], str],
) -> None:
    for name, parser in parsers.items():
        frame = frames[name]
        for col in parser.spec.columns:
            if not col.references or col.name not in parser.present:
                continue
            ref_table, ref_col = col.references.split(".")
            ref = parsers.get(ref_table)
            if ref is None or ref_col not in ref.present:
                continue  # the missing table or column is reported already
            known = frames[ref_table][ref_col].dropna().unique().tolist()
            values = frame[col.name]
            bad = (values.notna() & ~values.isin(known)).to_numpy(dtype=bool)
            shown = ", ".join(str(k) for k in sorted(known)[:8])
            if len(known) > 8:
                shown += f", ... ({len(known)} in all)"
            parser.bad(
                bad,
                col.name,
                lambda v, rt=ref_table, rc=ref_col, s=shown: (
                    f"unknown {rc} {v!r}: it is not in {where(rt)} (column {rc}); "
                    f"known: {s or 'none'}; fix the id or add it to {rt}"
                ),
                f"with an unknown {ref_col}",
                values=values.astype(object).where(values.notna(), ""),
            )


def _check_jumps(frame: pd.DataFrame, parser: _TableParser) -> None:
    """Warn where a cumulative value differs by more than JUMP_FACTOR from its neighbour.

    The neighbours of cum(year, m) are the previous period of the same year, cum(year,
    m-1 or earlier), and the same period a year before, cum(year-1, m); a factor of 1000
    between those is almost always a 万元 value among 亿元 values (or the reverse) whose
    unit was not declared. (December to the next 1-2月 is no neighbour: the cumulative
    series restarts every year and lumpy indicators legitimately fall a lot.)
    """
    if frame.empty or not {"region_id", "indicator", "value"} <= parser.present:
        return
    key = ["region_id", "indicator", "year", "month"]
    d = frame.loc[frame["value"].notna() & (frame["value"] != 0), [*key, "value", "unit", "_row"]]
    d = d.loc[d[key].notna().all(axis=1)].drop_duplicates(key)
    if d.empty:
        return
    d = d.sort_values(key, kind="mergesort").reset_index(drop=True)
    within = d.groupby(["region_id", "indicator", "year"], sort=False)
    before = pd.DataFrame({c: within[c].shift() for c in ("value", "year", "month", "_row")})
    year_ago = d.assign(year=d["year"] + 1)[[*key, "value", "_row"]]
    last_year = d[key].merge(year_ago, on=key, how="left").set_index(d.index)
    last_year["year"] = d["year"] - 1
    rows: list[int] = []
    messages: list[str] = []
    seen: set[int] = set()
    for other in (before, last_year):
        ratio = (d["value"] / other["value"]).abs()
        jump = ((ratio > JUMP_FACTOR) | (ratio < 1 / JUMP_FACTOR)).to_numpy(dtype=bool)
        for i in np.flatnonzero(jump):
            r, p = d.iloc[i], other.iloc[i]
            if int(r["_row"]) in seen:
                continue
            seen.add(int(r["_row"]))
            rows.append(int(r["_row"]))
            messages.append(
                f"{r['indicator']} of {r['region_id']} jumps from {p['value']:,.6g} {r['unit']} "
                f"in {int(p['year'])}-{int(p['month']):02d} (row {int(p['_row'])}) to "
                f"{r['value']:,.6g} {r['unit']} in {int(r['year'])}-{int(r['month']):02d} "
                f"(row {int(r['_row'])}), a factor of {ratio.iloc[i]:,.4g}; one of the two "
                "rows probably has the wrong unit (万元 vs 亿元): give the unit in the unit "
                "column or the header"
            )
    if not rows:
        return
    order = np.argsort(rows, kind="stable")
    rows = [rows[i] for i in order]
    messages = [messages[i] for i in order]
    position = {int(r): i for i, r in enumerate(parser.rows)}
    text = parser.text["value"]
    parser.report.cells(
        rows,
        [str(text.iat[position[r]]) for r in rows[:MAX_CELL_PROBLEMS]],
        parser.display.get("value", "value"),
        messages,
        "jumping by a factor of more than 1000",
        severity="warning",
    )


def _read_folder(
    path: Path, problems: list[Problem], checksums: dict[str, str]
) -> dict[str, _Raw | None]:
    files = {p.name.lower(): p for p in sorted(path.iterdir()) if p.is_file()}
    raws: dict[str, _Raw | None] = {}
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
                        f"columns: {_columns_hint(spec)}",
                    )
                )
            continue
        file = found[0]
        with open(file, "rb") as fh:  # read once; these bytes are checksummed and parsed
            data = fh.read()
        checksums[file.name] = _sha256(data)
        report = _Report(file.name)
        raws[spec.name] = _read_csv(data, spec.name, report) or _Raw(spec.name, report, [], [], 2)
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


def _read_path(
    path: Path, problems: list[Problem], checksums: dict[str, str]
) -> dict[str, _Raw | None] | None:
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
        return _read_folder(path, problems, checksums)
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
    raws: dict[str, _Raw | None] = {}
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
                    f"or {spec.label} with the columns: {_columns_hint(spec)}",
                )
            )
    return raws


def validate_dataset(path: str | Path) -> tuple[DataSet | None, list[Problem]]:
    """Read and check a data set; return (DataSet or None if any error, all problems).

    ``path`` is a folder of ``<table>.csv`` files or an ``.xlsx`` workbook. Problems
    include warnings; the DataSet is returned only when there is no error, with the
    warnings (as text) in ``DataSet.warnings``. Tables that are not required and
    absent come back as empty canonical frames.
    """
    path = Path(path)
    problems: list[Problem] = []
    checksums: dict[str, str] = {}
    raws = _read_path(path, problems, checksums)
    if raws is None:
        return None, problems
    workbook = not path.is_dir()

    parsers: dict[str, _TableParser] = {}
    frames: dict[str, pd.DataFrame] = {}
    for spec in TABLES.values():
        raw = raws.get(spec.name)
        if raw is None:
            continue
        if not raw.header:  # unreadable or empty file: reported already
            problems.extend(raw.report.problems)
            continue
        parser = _TableParser(spec, raw)
        frames[spec.name] = parser.parse()
        parsers[spec.name] = parser

    def where(table: str) -> str:
        report = parsers[table].report
        return f"sheet {report.sheet}" if workbook else report.file

    _check_references(frames, parsers, where)
    if "indicators" in frames:
        _check_jumps(frames["indicators"], parsers["indicators"])
    for parser in parsers.values():  # file-level problems first, then by row
        problems += sorted(parser.report.problems, key=lambda p: -1 if p.row is None else p.row)
    if any(p.is_error for p in problems):
        return None, problems
    tables = {
        name: _finalize(spec, frames[name]) if name in frames else empty_table(name)
        for name, spec in TABLES.items()
    }
    dataset = DataSet(
        tables=tables,
        source=str(path),
        checksums=checksums,
        warnings=[str(p) for p in problems if not p.is_error],
    )
    return dataset, problems


def load_dataset(path: str | Path) -> DataSet:
    """Load a data set; raise :class:`DataValidationError` listing every error (and warning)."""
    dataset, problems = validate_dataset(path)
    if dataset is None:
        raise DataValidationError(problems, str(path))
    return dataset

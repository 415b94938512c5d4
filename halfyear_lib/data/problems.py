"""Problems found in an input data set, each located by file, sheet, row and column."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .language import tr

MAX_CELL_PROBLEMS = 20
"""Individual problems reported per file, column and kind of problem; the rest are summed up."""


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
    field: str | None = None  # canonical column name where the header is another spelling
    more_rows: tuple[int, ...] = ()  # a problem summing up several rows: the others

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    @property
    def location(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(tr(f"sheet {self.sheet}", f"工作表 {self.sheet}"))
        if self.row is not None:
            parts.append(tr(f"row {self.row}", f"第 {self.row} 行"))
        if self.column:
            name = self.column
            if self.field and self.field != self.column:  # 同比增长 -> 同比增长 (yoy_pct)
                name += tr(f" ({self.field})", f"（{self.field}）")
            parts.append(tr(f"column {name}", f"列 {name}"))
        return tr(", ", "，").join(parts)

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
        head = tr(
            f"{self.source}: {_plural(len(errors), 'error')} in the data set",
            f"{self.source}：数据集中有 {len(errors)} 个错误",
        )
        if warnings:
            head += tr(
                f" (and {_plural(len(warnings), 'warning')})", f"（另有 {len(warnings)} 个警告）"
            )
        lines = [
            head
            + tr(
                "; fix them in the input files and load again:", "；请在输入文件中改正后重新读入："
            )
        ]
        lines += [f"  {i}. {p}" for i, p in enumerate(errors, 1)]
        if warnings:
            lines.append(tr("warnings:", "警告："))
            lines += [f"  - {p}" for p in warnings]
        return "\n".join(lines)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def row_ranges(rows: Sequence[int], limit: int = 8) -> str:
    """Spreadsheet rows as ``3, 5-9, 12`` (the first ``limit`` runs, then ``, ...``)."""
    rows = sorted(set(int(r) for r in rows))
    spans: list[tuple[int, int]] = []
    for r in rows:
        if spans and r == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], r)
        else:
            spans.append((r, r))
    text = ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in spans[:limit])
    return text + (", ..." if len(spans) > limit else "")


class FileReport:
    """Problems of one input file (or sheet)."""

    def __init__(self, file: str, sheet: str | None = None) -> None:
        self.file = file
        self.sheet = sheet
        self.problems: list[Problem] = []
        self.fields: dict[str, str] = {}  # header as written -> canonical column, if different

    def add(
        self,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        value: str | None = None,
        severity: str = "error",
        more_rows: tuple[int, ...] = (),
    ) -> None:
        field = self.fields.get(column) if column else None
        self.problems.append(
            Problem(self.file, row, column, value, message, self.sheet, severity, field, more_rows)
        )

    def warn(self, message: str, **kw) -> None:
        self.add(message, severity="warning", **kw)

    def note(self, message: str, **kw) -> None:
        """How the input was read (a skipped title row, an encoding): not a doubt about data."""
        self.add(message, severity="note", **kw)

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
                tr(
                    f"{len(rest)} more rows {summary} (rows {row_ranges(rest)})",
                    f"另有 {len(rest)} 行{summary}（第 {row_ranges(rest)} 行）",
                ),
                row=int(rest[0]),
                column=column,
                severity=severity,
                more_rows=tuple(int(r) for r in rest[1:]),
            )

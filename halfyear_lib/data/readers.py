"""Read the files of a data set (CSV folder or .xlsx workbook) into raw text tables.

Each file is read once, as bytes; those bytes are checksummed and parsed. Nothing is written.
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from .cells import (
    column_letter,
    describe_characters,
    has_odd_characters,
    is_percent_format,
    scrub,
    shorten,
)
from .dictionary import (
    DICTIONARY,
    columns_both,
    is_template_sheet,
    split_header,
    table_label,
    table_name,
)
from .language import tr
from .problems import MAX_CELL_PROBLEMS, FileReport, Problem, row_ranges
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
    unit: str = ""  # amount unit of a unit line above the header ("单位：万元"), if any
    unit_row: int | None = None  # spreadsheet row of that unit line


def read_bytes(path: Path, problems: list[Problem]) -> bytes | None:
    """The bytes of an input file; a located problem (not a traceback) when it cannot be read."""
    try:
        with open(path, "rb") as fh:
            return fh.read()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        problems.append(
            Problem(
                path.name,
                None,
                None,
                None,
                tr(
                    f"cannot be read ({reason}); close it in Excel if it is open, check that "
                    "you may read it, or copy it to a local folder",
                    f"无法读取（{reason}）；如在 Excel 中打开请先关闭，检查读取权限，或复制到本地文件夹",
                ),
            )
        )
        return None


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def columns_hint(spec: TableSpec) -> str:
    """The expected columns for messages: English names, with the Chinese names in zh."""
    entry = DICTIONARY[spec.name].columns

    def show(name: str) -> str:
        return tr(name, f"{entry[name].zh}({name})")

    req = [show(c.name) for c in spec.columns if c.required]
    opt = [show(c.name) for c in spec.columns if not c.required]
    if spec.periodic and "month" in [c.name for c in spec.columns if c.required]:
        i = [c.name for c in spec.columns if c.required].index("month")
        req[i] = tr(
            "month (or a period label column 'period')",
            f"{entry['month'].zh}(month)（或期间标签列 {entry['period'].zh}(period)）",
        )
    text = tr(", ", "、").join(req)
    if opt:
        text += tr(f" (optional: {', '.join(opt)})", f"（可选：{'、'.join(opt)}）")
    return text


HEADER_SCAN_ROWS = 10
"""Non-blank rows searched for the header row (title and unit lines may come first)."""

UNIT_LINE = re.compile(r"单位\s*[:：]\s*(?P<unit>亿元|万元|元)")
"""A unit line above the header, as in 统计月报: "单位：万元" (also "金额单位:亿元")."""


def _known_columns(table: str, record: list[str]) -> int:
    """How many cells of ``record`` name a column of ``table`` (with or without a unit)."""
    return sum(1 for cell in record if str(cell).strip() and split_header(table, cell)[0])


def _header_row(records: list[list[str]], table: str) -> tuple[int | None, list[int]]:
    """(index of the header record or None, the indices of the scanned non-blank records).

    The header is the first of the first HEADER_SCAN_ROWS non-blank rows that names the
    most columns of the table.
    """
    scan: list[int] = []
    for i, record in enumerate(records):
        if any(str(c).strip() for c in record):
            scan.append(i)
            if len(scan) == HEADER_SCAN_ROWS:
                break
    counts = [_known_columns(table, records[i]) for i in scan]
    if not counts or max(counts) == 0:
        return None, scan
    return scan[counts.index(max(counts))], scan


def _split_records(
    records: list[list[str]],
    table: str,
    report: FileReport,
    nul_is_error: bool = False,
    lines: Sequence[int] | None = None,
) -> RawTable:
    """Find the header row; the rows after it are data rows.

    The header is the first of the first HEADER_SCAN_ROWS non-blank rows that names the
    most columns of the table. Rows above it (a title, a unit line "单位：万元") are skipped
    with a warning; a unit line's unit is kept for the amount columns without a unit.

    Invisible characters are removed from every cell first (see :func:`_scrub_records`);
    ``nul_is_error`` makes a NUL an error (in a CSV file it means a damaged file) and
    ``lines`` gives the file line each record starts on, where it differs from the row.
    """
    spec = TABLES[table]
    changes = _scrub_records(records)
    h, scan = _header_row(records, table)
    if changes:
        _report_scrubbed(records, changes, h, report, nul_is_error, lines)
    nonblank = [i for i, r in enumerate(records) if any(str(c).strip() for c in r)]
    if not nonblank:
        report.add(
            tr(
                "is empty; row 1 must be the header with the columns: ",
                "是空的；第 1 行应为表头，列为：",
            )
            + columns_hint(spec)
        )
        return RawTable(table, report, [], [], 2)
    if h is None:
        report.add(
            tr(
                f"has no header row: none of its first {len(scan)} rows names a column of "
                f"table {spec.name}; put one row with the column names above the data, "
                f"e.g.: {columns_both(spec)}",
                f"找不到表头：前 {len(scan)} 行中没有一行写出表 {table_label(spec.name)} 的列名；"
                f"请在数据上方加一行列名，例如：{columns_both(spec)}",
            )
        )
        return RawTable(table, report, [], [], 2)
    raw = RawTable(table, report, list(records[h]), records[h + 1 :], h + 2)
    skipped = [i for i in nonblank if i < h]
    if skipped:
        texts = [" ".join(str(c).strip() for c in records[i] if str(c).strip()) for i in skipped]
        for i, text in zip(skipped, texts, strict=True):
            m = UNIT_LINE.search(text)
            if m and not raw.unit:
                raw.unit, raw.unit_row = m.group("unit"), i + 1
        rows = ", ".join(str(i + 1) for i in skipped)
        shown = " / ".join(t[:40] for t in texts)
        report.note(
            tr(
                f"rows {rows} above the header (row {h + 1}) are a title or unit line and "
                f"are skipped: {shown}",
                f"表头（第 {h + 1} 行）上方的第 {rows} 行是标题或单位行，已跳过：{shown}",
            )
        )
    return raw


def _scrub_records(records: list[list[str]]) -> dict[int, list[tuple[int, str, bool]]]:
    """Remove invisible characters from every cell, in place; line breaks become spaces.

    Returns, per column index, the cells changed: (record index, characters removed,
    whether a line break or tab inside the text became a space). Files without such
    characters (nearly all) are checked with one search over all their text.
    """
    changes: dict[int, list[tuple[int, str, bool]]] = {}
    if not has_odd_characters("".join(chain.from_iterable(records))):
        return changes
    for i, record in enumerate(records):
        if not has_odd_characters("".join(record)):
            continue
        for j, cell in enumerate(record):
            if not has_odd_characters(cell):
                continue
            record[j], removed, broke = scrub(cell)
            if removed or broke:
                changes.setdefault(j, []).append((i, removed, broke))
    return changes


def _report_scrubbed(
    records: list[list[str]],
    changes: dict[int, list[tuple[int, str, bool]]],
    h: int | None,
    report: FileReport,
    nul_is_error: bool,
    lines: Sequence[int] | None,
) -> None:
    """One note per column saying what was removed, from the header row down (a line break
    in a header cell is formatting, not noted); with ``nul_is_error``, a located error for
    every cell that held a NUL, wherever it is."""
    header = records[h] if h is not None else []
    for j, cells in sorted(changes.items()):
        column = header[j].strip() if j < len(header) and header[j].strip() else column_letter(j)
        if nul_is_error:
            nul = [i for i, removed, _ in cells if "\x00" in removed]
            report.cells(
                [i + 1 for i in nul],
                [shorten(records[i][j]) for i in nul],
                column,
                [_nul_message(i + 1, lines[i] if lines else i + 1) for i in nul],
                tr("holding a NUL character", "含有空字符"),
            )
            cells = [(i, removed.replace("\x00", ""), broke) for i, removed, broke in cells]
        shown = [
            (i, removed, broke and i != h)
            for i, removed, broke in cells
            if h is not None and i >= h and (removed or (broke and i != h))
        ]
        if not shown:
            continue
        rows = [i + 1 for i, _, _ in shown]
        chars = "".join(dict.fromkeys("".join(removed for _, removed, _ in shown)))
        parts = []
        if chars:
            parts.append(
                tr(
                    f"invisible characters were removed: {describe_characters(chars)}",
                    f"含有不可见字符，已删除：{describe_characters(chars)}",
                )
            )
        if any(broke for _, _, broke in shown):
            parts.append(tr("line breaks and tabs became spaces", "换行符和制表符已改为空格"))
        where = (
            tr(f"rows {row_ranges(rows)}: ", f"第 {row_ranges(rows)} 行：") if len(rows) > 1 else ""
        )
        report.note(where + tr("; ", "；").join(parts), row=rows[0], column=column)


def _nul_message(row: int, line: int) -> str:
    at = tr(f" (line {line} of the file)", f"（文件第 {line} 行）") if line != row else ""
    return tr(
        f"holds a NUL character (\\x00){at}: the file may be damaged or not a text file; "
        "open it in Excel and save it again as CSV UTF-8",
        f"含有空字符（NUL，\\x00）{at}，文件可能已损坏或不是文本文件；请用 Excel 另存为 CSV UTF-8",
    )


def _decode(data: bytes, report: FileReport) -> tuple[str, str] | None:
    """(text, encoding): UTF-8 (a BOM is fine), else GB18030 with a warning; None if neither."""
    try:
        text = data.decode("utf-8-sig")
        return text, "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
    except UnicodeDecodeError as exc:
        error = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        line = data[: error.start].count(b"\n") + 1
        report.add(
            tr(
                f"is not UTF-8 or GB18030 text: byte {error.start} on line {line} cannot be "
                "decoded; in Excel use Save As > 'CSV UTF-8 (逗号分隔)(*.csv)', or save the "
                "data as .xlsx",
                f"不是 UTF-8 或 GB18030 编码的文本：第 {line} 行的第 {error.start} 字节无法解码；"
                "请在 Excel 中“另存为 > CSV UTF-8（逗号分隔）(*.csv)”，或保存为 .xlsx",
            )
        )
        return None
    report.note(
        tr(
            "is saved as GB18030/GBK (Excel's default for Chinese CSV files), not UTF-8; it "
            "was read as GB18030",
            "以 GB18030/GBK 编码保存（中文 Windows 上 Excel 的默认 CSV 编码），不是 UTF-8；"
            "已按 GB18030 读入",
        )
    )
    return text, "gb18030"


def _delimiter(text: str) -> str:
    """The delimiter of the first line holding one (a title line may hold none)."""
    for line in text.split("\n", HEADER_SCAN_ROWS)[:HEADER_SCAN_ROWS]:
        if "," in line:
            return ","
        for d in ("\t", ";"):
            if d in line:
                return d
    return ","


def _read_csv(
    data: bytes, table: str, report: FileReport, encodings: dict[str, str] | None = None
) -> RawTable | None:
    decoded = _decode(data, report)
    if decoded is None:
        return None
    text, encoding = decoded
    if encodings is not None:
        encodings[report.file] = encoding
    nul = text.count("\x00")
    if nul and nul * 4 >= len(text):
        _not_text(text, nul, report)
        return None
    delimiter = _delimiter(text)
    try:
        records, lines = _parse_csv(text, delimiter)
    except csv.Error as exc:
        if _quote_past_the_field_limit(text, delimiter, table, report):
            return None  # an unpaired quote swallowed more than the csv module allows
        report.add(
            tr(
                f"cannot be read as CSV ({exc}); save it again as 'CSV UTF-8'",
                f"无法按 CSV 读取（{exc}）；请重新保存为“CSV UTF-8”",
            )
        )
        return None
    if lines is not None and _unpaired_quote(records, lines, delimiter, table, report):
        return None  # one error for the quote, none for what it did to the rows after it
    starts = None if lines is None else lines.starts
    return _split_records(records, table, report, nul_is_error=True, lines=starts)


def _quote_past_the_field_limit(text: str, delimiter: str, table: str, report: FileReport) -> bool:
    """A quote that never closes in a large file makes the csv reader stop at its field
    limit ("field larger than field limit") instead of reading to the end: find the record
    it was reading, report its opening quote (one located error) and return True."""
    lines = io.StringIO(text, newline="").readlines()
    reader = csv.reader(lines, delimiter=delimiter)
    records: list[list[str]] = []
    last_end = 0
    try:
        for record in reader:
            records.append(record)
            last_end = reader.line_num
    except csv.Error:
        pass
    start = last_end + 1  # the line where the record that failed starts
    if start > len(lines):
        return False
    raw = "".join(lines[start - 1 :])
    for column, opened, closed, _clean in _quoted_fields(raw, delimiter):
        if closed is None or _LINE_END.search(raw, opened, closed):
            line = start + len(_LINE_END.findall(raw, 0, opened))
            records.append(next(csv.reader([lines[line - 1]], delimiter=delimiter), []))
            _report_quote(records, len(records) - 1, column, line, None, table, report)
            return True
    return False


def _not_text(text: str, nul: int, report: FileReport) -> None:
    """A file of NUL characters (UTF-16 text read as UTF-8, or a binary file): one error."""
    line = text[: text.index("\x00")].count("\n") + 1
    report.add(
        tr(
            f"holds {nul} NUL characters (\\x00), the first on line {line}: it is not a CSV "
            "text file but UTF-16 ('Unicode text') or a binary file; open it in Excel and save "
            "it again as CSV UTF-8",
            f"含有 {nul} 个空字符（NUL，\\x00），第一个在第 {line} 行：这不是 CSV 文本文件，而是 "
            "UTF-16（“Unicode 文本”）或二进制文件；请用 Excel 另存为 CSV UTF-8",
        ),
        row=line,
    )


@dataclass
class _Lines:
    """The lines of a CSV text as the csv reader sees them, and the line each record ends
    on (None when every record is one line)."""

    text: list[str]
    ends: list[int] | None

    @property
    def starts(self) -> list[int] | None:
        """The line each record starts on (1 = the first line), None if record k is line k."""
        return None if self.ends is None else [1, *(end + 1 for end in self.ends[:-1])]


def _parse_csv(text: str, delimiter: str) -> tuple[list[list[str]], _Lines | None]:
    """The records of a CSV text, and (only where a quote can make a record span lines)
    its lines."""
    if '"' not in text:  # then every record is one line
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)), None
    lines = io.StringIO(text, newline="").readlines()
    records = list(csv.reader(lines, delimiter=delimiter))
    if len(records) == len(lines):
        return records, _Lines(lines, None)
    reader = csv.reader(lines, delimiter=delimiter)  # again, counting lines per record
    ends = []
    for _record in reader:
        ends.append(reader.line_num)
    return records, _Lines(lines, ends)


_QUOTED_REST = re.compile(r'[^"]*(?:""[^"]*)*')
_LINE_END = re.compile(r"\r\n|\r|\n")


def _quoted_fields(raw: str, delimiter: str) -> list[tuple[int, int, int | None, bool]]:
    """The quoted cells of the text of one CSV record, read as Python's csv reader reads it
    (a quote opens a cell only as its first character; "" inside is a quote): per cell
    (column index, offset of the opening quote, offset of the closing one or None when it
    never closes, whether the closing quote ends the cell)."""
    stop = re.compile(f"[{re.escape(delimiter)}\r\n]")
    found: list[tuple[int, int, int | None, bool]] = []
    i, column, n = 0, 0, len(raw)
    while True:
        if raw.startswith('"', i):
            j = _QUOTED_REST.match(raw, i + 1).end()
            if j >= n:
                found.append((column, i, None, False))
                return found
            found.append((column, i, j, raw[j + 1 : j + 2] in ("", delimiter, "\r", "\n")))
            i = j + 1
        m = stop.search(raw, i)
        if m is None or m.group() != delimiter:
            return found
        column, i = column + 1, m.end()


def _unpaired_quote(
    records: list[list[str]], lines: _Lines, delimiter: str, table: str, report: FileReport
) -> bool:
    """Report a quote that does not pair (one error) and return True; False if all pair.

    A quoted cell may hold line breaks (Excel writes a cell with Alt+Enter so). It is taken
    for a quote that does not pair when it never closes, when its closing quote is followed
    by more text (it was the opening quote of a later cell), or when a line it swallowed
    holds as many delimiters as the header: whole rows became part of one cell.
    """
    last = len(records) - 1
    if lines.ends is None:  # only the last record can hold a quote that never closes
        candidates, ends, starts = [last], range(1, last + 2), range(1, last + 2)
    else:
        ends, starts = lines.ends, lines.starts
        candidates = [k for k in range(len(records)) if ends[k] > starts[k] or k == last]
    for k in candidates:
        raw = "".join(lines.text[starts[k] - 1 : ends[k]])
        width = max((len(r) for r in records[: min(k, HEADER_SCAN_ROWS)]), default=2)
        for column, opened, closed, clean in _quoted_fields(raw, delimiter):
            cell = raw[opened:closed]
            swallowed = _LINE_END.split(cell)[1:]
            if closed is not None:
                if not swallowed:
                    continue
                if clean and all(s.count(delimiter) < max(1, width - 1) for s in swallowed):
                    continue  # a cell with line breaks in it
            line = starts[k] + len(_LINE_END.findall(raw, 0, opened))
            end = None if closed is None else starts[k] + len(_LINE_END.findall(raw, 0, closed))
            _report_quote(records, k, column, line, end, table, report)
            return True
    return False


def _report_quote(
    records: list[list[str]],
    k: int,
    column: int,
    line: int,
    end: int | None,
    table: str,
    report: FileReport,
) -> None:
    letter = column_letter(column)
    h, _ = _header_row(records[:k], table)
    header = records[h] if h is not None else []
    name = scrub(header[column])[0].strip() if column < len(header) else ""
    where = tr(f"line {line}, column {letter}", f"第 {line} 行第 {letter} 列")
    if end is None:
        what = tr(
            "is never closed, so everything from there to the end of the file was read as one cell",
            "没有配对：从这里起直到文件末尾都被读成了一个单元格",
        )
    else:
        what = tr(
            f"is not closed where the cell ends, so everything from there up to line {end} was "
            "read as one cell",
            f"没有配对：从这里起直到第 {end} 行都被读成了一个单元格",
        )
    record = records[k]
    report.add(
        tr(
            f'{where}: the quote (") {what}; delete the quote or add the closing one',
            f'{where}的引号（"）{what}；请删除或补上引号',
        ),
        row=k + 1,
        column=name or letter,
        value=shorten(record[column]) if column < len(record) else None,
    )


def _cell_text(cell) -> str:
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        fmt = getattr(cell, "number_format", None) or ""
        if is_percent_format(fmt):  # a cell formatted as percent holds 0.123 for 12.3%
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


def _known_tables() -> str:
    return tr(", ", "、").join(f"{s.name} ({s.label})" for s in TABLES.values())


_SHEET_RE = re.compile(rb'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_REL_RE = re.compile(rb'<Relationship\b[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"')
_REL_RE2 = re.compile(rb'<Relationship\b[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"')
# a cell with a formula and no cached value: <c r="D5"><f>B5*C5</f></c>, or an empty <v/>
_FORMULA_CELL_RE = re.compile(
    rb'<c\b[^>]*?\br="([A-Z]+)(\d+)"[^>]*>\s*<f\b[^>]*?(?:/>|>([^<]*)</f>)'
    rb"\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>"
)


def uncached_formulas(data: bytes) -> dict[str, list[tuple[int, str, str]]]:
    """Cells holding a formula with no saved result, per sheet title: (row, column, formula).

    openpyxl reads such a cell as empty (the value is only known after a spreadsheet
    program calculated and saved the file), so a number silently goes missing. Found
    by scanning the sheet XML, without loading the workbook a second time.
    """
    import html as html_module
    import zipfile

    found: dict[str, list[tuple[int, str, str]]] = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            book = zf.read("xl/workbook.xml")
            rels = zf.read("xl/_rels/workbook.xml.rels")
            targets = {rid: target for rid, target in _REL_RE.findall(rels)}
            targets.update({rid: target for target, rid in _REL_RE2.findall(rels)})
            for name, rid in _SHEET_RE.findall(book):
                target = targets.get(rid)
                if target is None:
                    continue
                member = target.decode().lstrip("/")
                member = member if member.startswith("xl/") else f"xl/{member}"
                try:
                    xml = zf.read(member)
                except KeyError:
                    continue
                if b"<f" not in xml:
                    continue
                cells = [
                    (int(row), col.decode(), html_module.unescape((formula or b"").decode()))
                    for col, row, formula in _FORMULA_CELL_RE.findall(xml)
                ]
                if cells:
                    found[html_module.unescape(name.decode())] = cells
    except (KeyError, zipfile.BadZipFile, UnicodeDecodeError):
        return {}
    return found


def _read_workbook(
    path: Path, data: bytes, problems: list[Problem], encodings: dict[str, str] | None = None
) -> dict[str, RawTable]:
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
                tr(
                    f"cannot be read as an Excel workbook ({type(exc).__name__}: {exc}); "
                    "save it from Excel as .xlsx",
                    f"无法作为 Excel 工作簿读取（{type(exc).__name__}: {exc}）；"
                    "请在 Excel 中另存为 .xlsx",
                ),
            )
        )
        return {}
    if encodings is not None:
        encodings[book] = "xlsx"
    for sheet, cells in uncached_formulas(data).items():
        report = FileReport(book, sheet)
        for row, col, formula in cells[:MAX_CELL_PROBLEMS]:
            report.add(
                tr(
                    f"cell {col}{row} holds a formula (={formula}) with no saved result, so its "
                    "value cannot be read; open the workbook in Excel or LibreOffice, let it "
                    "calculate, save it, and load again (or paste the values)",
                    f"单元格 {col}{row} 是公式（={formula}），但没有保存计算结果，无法读出数值；"
                    "请用 Excel 或 LibreOffice 打开、计算并保存后再读入（或粘贴为数值）",
                ),
                row=row,
                column=col,
                value=f"={formula}",
            )
        if len(cells) > MAX_CELL_PROBLEMS:
            report.add(
                tr(
                    f"{len(cells) - MAX_CELL_PROBLEMS} more formula cells without a saved result",
                    f"另有 {len(cells) - MAX_CELL_PROBLEMS} 个公式单元格没有保存计算结果",
                )
            )
        problems.extend(report.problems)
    out: dict[str, RawTable] = {}
    try:
        for ws in wb.worksheets:
            title = scrub(ws.title)[0].strip()  # a sheet name may hold invisible characters
            if is_template_sheet(title):
                continue  # the instructions sheet of the fill-in template
            table = table_name(title)
            report = FileReport(book, title)
            if table is None:
                report.warn(
                    tr(
                        "sheet is not a table of the data set and is ignored; tables: ",
                        "该工作表不是数据集的表，已忽略；数据集的表为：",
                    )
                    + _known_tables()
                )
                problems.extend(report.problems)
                continue
            if table in out:
                report.add(
                    tr(
                        f"table {table} is already given by sheet {out[table].report.sheet}; "
                        "keep one of the two sheets",
                        f"表 {table_label(table)} 已由工作表 {out[table].report.sheet} 给出；"
                        "请只保留其中一个工作表",
                    )
                )
                problems.extend(report.problems)
                continue
            records = [[_cell_text(c) for c in row] for row in ws.iter_rows()]
            out[table] = _split_records(records, table, report)
    finally:
        wb.close()
    return out


def read_folder(
    path: Path,
    problems: list[Problem],
    checksums: dict[str, str],
    encodings: dict[str, str] | None = None,
) -> dict[str, RawTable | None]:
    files = {p.name.lower(): p for p in sorted(path.iterdir()) if p.is_file()}
    raws: dict[str, RawTable | None] = {}
    used: set[str] = set()
    for spec in TABLES.values():
        found = [
            p
            for lower, p in files.items()
            if lower.endswith(".csv") and table_name(p.stem) == spec.name
        ]
        found.sort(key=lambda p: (p.stem.lower() != spec.name, p.name))  # canonical name first
        used.update(f.name.lower() for f in found)
        if len(found) > 1:
            problems.append(
                Problem(
                    found[1].name,
                    None,
                    None,
                    None,
                    tr(
                        f"table {spec.name} is given twice ({found[0].name} and "
                        f"{found[1].name}); keep one of the two files",
                        f"表 {table_label(spec.name)} 出现了两次（{found[0].name} 和 "
                        f"{found[1].name}）；请只保留其中一个文件",
                    ),
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
                        tr(
                            f"is missing from {path}; add it (UTF-8 CSV, header in row 1) with "
                            f"the columns: {columns_hint(spec)}",
                            f"在 {path} 中缺失；请添加该文件（也可命名为 {spec.label}.csv，"
                            f"UTF-8 CSV，第 1 行为表头），列为：{columns_hint(spec)}",
                        ),
                    )
                )
            continue
        file = found[0]
        data = read_bytes(file, problems)  # read once; these bytes are checksummed and parsed
        if data is None:
            raws[spec.name] = None
            continue
        checksums[file.name] = _sha256(data)
        report = FileReport(file.name)
        raws[spec.name] = _read_csv(data, spec.name, report, encodings) or RawTable(
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
                    tr(
                        "is not a table of the data set and is ignored; the tables are: ",
                        "不是数据集的表，已忽略；数据集的表为：",
                    )
                    + ", ".join(f"{s.name}.csv" for s in TABLES.values()),
                    severity="warning",
                )
            )
    return raws


def read_path(
    path: Path,
    problems: list[Problem],
    checksums: dict[str, str],
    encodings: dict[str, str] | None = None,
) -> dict[str, RawTable | None] | None:
    """The raw tables of a folder or workbook; None when the path is no data set at all.

    ``encodings`` (file name -> "utf-8", "utf-8-sig", "gb18030" or "xlsx") is filled for
    every file read.
    """
    if not path.exists():
        problems.append(
            Problem(
                str(path),
                None,
                None,
                None,
                tr(
                    "does not exist; give a folder of CSV files (one <table>.csv per table) "
                    "or an .xlsx workbook",
                    "不存在；请给出 CSV 文件所在的文件夹（每表一个 <表名>.csv）或一个 .xlsx 工作簿",
                ),
            )
        )
        return None
    if path.is_dir():
        return read_folder(path, problems, checksums, encodings)
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        hint = (
            tr("save it as .xlsx", "请另存为 .xlsx")
            if path.suffix.lower() == ".xls"
            else tr(
                "give the folder holding the CSV files, or an .xlsx workbook",
                "请给出 CSV 文件所在的文件夹，或一个 .xlsx 工作簿",
            )
        )
        problems.append(
            Problem(
                path.name, None, None, None, tr(f"is not a data set; {hint}", f"不是数据集；{hint}")
            )
        )
        return None
    data = read_bytes(path, problems)
    if data is None:
        return None
    checksums[path.name] = _sha256(data)
    n_before = len(problems)
    found = _read_workbook(path, data, problems, encodings)
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
                    tr(
                        f"has no sheet for table {spec.name}; add a sheet named {spec.name} "
                        f"or {spec.label} with the columns: {columns_hint(spec)}",
                        f"缺少表 {table_label(spec.name)} 的工作表；请添加名为 {spec.label} 或 "
                        f"{spec.name} 的工作表，列为：{columns_hint(spec)}",
                    ),
                )
            )
    return raws

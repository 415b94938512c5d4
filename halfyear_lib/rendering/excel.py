"""Excel exports: ``tables.xlsx`` in every report and ``batch.xlsx`` beside the index.

Every table is the one a page shows (the chapters' :meth:`display_tables`, handed over by
the notebooks as fragments) or made from ``results.json``, so a number in a workbook is the
number on the page: a cell printed "1,432.6" becomes the number 1432.6 with the format
``#,##0.0``, "+1.9" the number 1.9 with ``+0.0;-0.0;0.0``, "—" an empty cell, and text
("3/11", "48.5亿元") stays text (:func:`cell_as_printed`). Header rows are frozen with the
label column, columns get widths from their longest text (a CJK character counts two), and
a 说明 sheet names the unit, period, data source, checksum and generation time. Strings
from the data go in as text values (openpyxl escapes them; a leading "=" is not a formula).
Files are written whole: a temporary file renamed into place.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..data.schema import HEADLINE_INDICATORS, INDICATORS
from ..text.numbers import PLACEHOLDER, amount_decimals, format_number, number
from ..text.zh import excel as words

_NUMBER = re.compile(r"^(?P<sign>[+\-−])?(?P<int>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<dec>\d+))?$")
MAX_WIDTH = 60
BATCH_NAME = "batch.xlsx"
TABLES_NAME = "tables.xlsx"


def number_format(decimals: int, signed: bool = False, thousands: bool = False) -> str:
    """The Excel format printing a number as the pages do."""
    body = ("#,##0" if thousands else "0") + ("." + "0" * decimals if decimals else "")
    return f"+{body};-{body};{body}" if signed else body


def cell_as_printed(text):
    """(value, number format or None) of a display cell: a printed number becomes that
    number with the format that prints it the same way; "—" or empty is None; anything
    else stays as it is (text).

    >>> cell_as_printed("1,432.6")
    (1432.6, '#,##0.0')
    >>> cell_as_printed("+1.9")
    (1.9, '+0.0;-0.0;0.0')
    >>> cell_as_printed("−3.20")
    (-3.2, '0.00')
    >>> cell_as_printed("3/11"), cell_as_printed("—")
    (('3/11', None), (None, None))
    """
    if text is None:
        return None, None
    if isinstance(text, bool):
        return text, None
    if isinstance(text, int | float):
        return (None, None) if number(text) is None else (text, None)
    s = str(text).strip()
    if s in ("", PLACEHOLDER):
        return None, None
    m = _NUMBER.match(s)
    if not m:
        return str(text), None
    digits = m["int"].replace(",", "")
    dec = m["dec"] or ""
    value = float(f"{digits}.{dec}" if dec else digits)
    if m["sign"] in ("-", "−"):
        value = -value
    fmt = number_format(len(dec), signed=m["sign"] == "+", thousands="," in m["int"])
    if not dec and "," not in m["int"] and m["sign"] != "+":
        return (int(value) if abs(value) < 2**53 else value), "0"
    return value, fmt


def display_width(text) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))


def safe_sheet_title(title: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (no []:*?/\\, at most 31 characters), unique."""
    base = re.sub(r"[\[\]:*?/\\]", "_", str(title)).strip("'")[:31] or "Sheet"
    name, i = base, 2
    while name.lower() in {t.lower() for t in taken}:
        suffix = f" ({i})"
        name, i = base[: 31 - len(suffix)] + suffix, i + 1
    taken.add(name)
    return name


def _write_table(ws, columns: Sequence[str], rows: Iterable[Sequence], start_row: int = 1,
                 header_rows: Sequence[Sequence[str]] = (), label_columns: int = 1,
                 signed_columns: Iterable[int] = ()) -> None:  # fmt: skip
    """Header row(s) and rows as printed, the headers bold and frozen with the label
    column(s), widths from the longest text."""
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="EEF2F7")
    heads = [*header_rows, columns]
    widths = [display_width(c) for c in columns]
    r = start_row
    for head in heads:
        for j, h in enumerate(head, start=1):
            cell = ws.cell(r, j, h if h != "" else None)
            cell.font, cell.fill = bold, fill
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=False)
            widths[j - 1] = max(widths[j - 1], display_width(h)) if j - 1 < len(widths) else 0
        r += 1
    rows = [list(row) for row in rows]
    # a column printed with signs (+1.9, -2.7) keeps the sign format on every number
    signed = set(signed_columns) | {
        j
        for row in rows
        for j, v in enumerate(row, start=1)
        if isinstance(v, str) and v.strip().startswith("+")
    }
    for row in rows:
        for j, v in enumerate(row, start=1):
            value, fmt = cell_as_printed(v)
            if j in signed and fmt and not fmt.startswith("+"):
                fmt = f"+{fmt};-{fmt};{fmt}"
            cell = ws.cell(r, j, value)
            if isinstance(value, str):
                cell.data_type = "s"  # text, never a formula
            if fmt:
                cell.number_format = fmt
            if j - 1 < len(widths) and v is not None:
                widths[j - 1] = max(widths[j - 1], display_width(v))
        r += 1
    for j, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(j)].width = min(MAX_WIDTH, w + 2)
    ws.freeze_panes = ws.cell(start_row + len(heads), label_columns + 1)


def _save(wb, path: Path) -> Path:
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        wb.save(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path


def _about(ws, entries: Sequence[tuple[str, str]], sheets: Sequence[tuple[str, str]],
           warnings: Sequence[str] = (), title: str = words.ABOUT_TITLE) -> None:  # fmt: skip
    from openpyxl.styles import Font

    ws.cell(1, 1, title).font = Font(bold=True)
    r = 3
    for label, value in entries:
        ws.cell(r, 1, label).font = Font(bold=True)
        c = ws.cell(r, 2, str(value))
        c.data_type = "s"
        r += 1
    r += 1
    if sheets:
        for j, h in enumerate(words.SHEETS_HEADER, start=1):
            ws.cell(r, j, h).font = Font(bold=True)
        for name, page in sheets:
            r += 1
            ws.cell(r, 1, name)
            ws.cell(r, 2, page)
        r += 2
    if warnings:
        ws.cell(r, 1, words.WARNINGS_HEADER).font = Font(bold=True)
        for w in warnings:
            r += 1
            c = ws.cell(r, 1, str(w))
            c.data_type = "s"
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 70


# ------------------------------------------------------------------------------ tables.xlsx


def rank_rows(results: dict) -> list[list]:
    """The rankings behind page 01's charts (``results["rankings"]``) as printed rows:
    indicator, scope, rank, unit, growth, value, value rank."""
    rows = []
    rankings = results.get("rankings") if isinstance(results.get("rankings"), dict) else {}
    for group, scope in words.RANK_SCOPES.items():
        by_code = rankings.get(group) if isinstance(rankings.get(group), dict) else {}
        for code in HEADLINE_INDICATORS:
            for e in by_code.get(code) or []:
                if not isinstance(e, dict):
                    continue
                growth, value = number(e.get("yoy_pct")), number(e.get("value"))
                rows.append([
                    INDICATORS[code].label, scope, e.get("rank"), str(e.get("name") or ""),
                    None if growth is None else format_number(growth, 1),
                    None if value is None
                    else format_number(value, amount_decimals(value), thousands=True),
                    e.get("value_rank"),
                ])  # fmt: skip
    return rows


def write_tables_workbook(path: str | os.PathLike, pages: Sequence[dict], about: dict,
                          results: dict | None = None, warnings: Sequence[str] = ()) -> Path:  # fmt: skip
    """``tables.xlsx``: one sheet per table of the pages (``pages``: the fragments of
    :func:`~halfyear_lib.contract.results.write_tables_fragment`, in page order), the
    rankings from ``results`` after page 01's tables, and the 说明 sheet first."""
    from openpyxl import Workbook

    from ..chapters import registry

    wb = Workbook()
    info = wb.active
    info.title = words.ABOUT_SHEET
    taken = {words.ABOUT_SHEET}
    listed = []

    def add(page: str, key: str, columns, rows, label_columns=1):
        number_ = page.split("_", 1)[0]
        title = safe_sheet_title(f"{number_} {words.SHEET_TITLES.get(key, key)}", taken)
        ws = wb.create_sheet(title)
        _write_table(ws, columns, rows, label_columns=label_columns)
        listed.append((title, registry.title_of(page)))

    for frag in sorted(pages, key=lambda f: f.get("page", "")):
        page = str(frag.get("page", ""))
        for t in frag.get("tables", []):
            add(page, str(t["name"]), t["columns"], t["rows"])
        if page.startswith("01") and results:
            rows = rank_rows(results)
            if rows:
                add(page, "ranks", words.RANK_HEADERS, rows, label_columns=2)
    entries = [(words.ABOUT_LABELS[k], about[k]) for k in words.ABOUT_LABELS if k in about]
    entries.append((words.ABOUT_LABELS["amounts"], words.AMOUNTS))
    _about(info, entries, listed, warnings)
    return _save(wb, Path(path))


# ------------------------------------------------------------------------------ batch.xlsx


def _printed(value, field: str):
    """One number of batch.xlsx as the index prints it."""
    v = number(value)
    if v is None:
        return None
    if field.startswith("rank"):
        return int(v)
    if field == "value":
        return format_number(v, amount_decimals(v), thousands=True)
    return format_number(v, 1, signed=field == "schedule_gap_pp")


def batch_rows(reports: Sequence, order: Sequence[tuple[str, str]], codes=HEADLINE_INDICATORS):
    """(rows, columns present) of one period: a row per unit in the regions' order, for
    each indicator its value, growth, schedule gap and ranks (a column no report fills,
    such as the schedule without targets, is left out)."""
    rank = {r: i for i, (r, _) in enumerate(order)}
    names = dict(order)
    reports = sorted(reports, key=lambda r: (rank.get(r.region, len(rank)), r.region))
    columns = []
    for code in codes:
        for fld in words.BATCH_FIELDS:
            if any(_printed(_get(r.results, code, fld), fld) is not None for r in reports):
                columns.append((code, fld))
    rows = []
    for r in reports:
        name = r.region_name or names.get(r.region, "") or r.region
        rows.append([name, *(_printed(_get(r.results, c, f), f) for c, f in columns)])
    return rows, columns


def _group_sizes(reports: Sequence, columns) -> dict:
    """The size of each rank group when every report of the period agrees on it (共11)."""
    out = {}
    for code, fld in columns:
        if not fld.startswith("rank"):
            continue
        sizes = {number(_get(r.results, code, f"{fld}_of")) for r in reports}
        sizes.discard(None)
        if len(sizes) == 1:
            out[(code, fld)] = int(sizes.pop())
    return out


def _get(results: dict, code: str, fld: str):
    ind = results.get("indicators") if isinstance(results, dict) else None
    entry = ind.get(code) if isinstance(ind, dict) else None
    return entry.get(fld) if isinstance(entry, dict) else None


def write_batch_workbook(out_dir: str | os.PathLike, reports: Sequence,
                         order: Sequence[tuple[str, str]] = (),
                         generated: dt.datetime | None = None) -> Path:  # fmt: skip
    """``batch.xlsx`` beside the index: one sheet per period (newest first) with the units
    side by side per indicator, and a 说明 sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    from ..data.periods import Period, PeriodError

    wb = Workbook()
    info = wb.active
    info.title = words.ABOUT_SHEET
    taken = {words.ABOUT_SHEET}
    periods = sorted({r.period for r in reports}, reverse=True)
    listed = []
    for period in periods:
        try:
            label = Period.parse(period).full_label
        except PeriodError:
            label = period
        rows, columns = batch_rows([r for r in reports if r.period == period], order)
        ws = wb.create_sheet(safe_sheet_title(label, taken))
        groups = [INDICATORS[c].label for c, _ in columns]
        top = [words.BATCH_REGION, *groups]
        sizes = _group_sizes([r for r in reports if r.period == period], columns)
        heads = ["", *(words.batch_field(f, sizes.get((c, f))) for c, f in columns)]
        gaps = [j for j, (_, f) in enumerate(columns, start=2) if f == "schedule_gap_pp"]
        _write_table(ws, heads, rows, header_rows=[top], signed_columns=gaps)
        # merge each indicator's name over its columns
        j = 2
        while j <= len(top):
            k = j
            while k + 1 <= len(top) and top[k] == top[j - 1]:
                k += 1
            if k > j:
                for c in range(j + 1, k + 1):
                    ws.cell(1, c).value = None
                ws.merge_cells(start_row=1, start_column=j, end_row=1, end_column=k)
            ws.cell(1, j).alignment = Alignment(horizontal="center")
            j = k + 1
        ws.merge_cells(start_row=1, start_column=1, end_row=2, end_column=1)
        listed.append((ws.title, label))
    generated = generated or dt.datetime.now().astimezone()
    entries = [
        (words.ABOUT_LABELS["generated"], generated.strftime("%Y-%m-%d %H:%M")),
        (words.BATCH_ABOUT_REPORTS, str(len(reports))),
        (words.ABOUT_LABELS["amounts"], words.AMOUNTS),
    ]
    _about(info, entries, listed, title=f"{words.BATCH_TITLE}：{words.BATCH_ABOUT}")
    return _save(wb, Path(out_dir) / BATCH_NAME)


def write_display_workbook(path: str | os.PathLike, tables: Sequence[tuple[str, object]],
                           title: str) -> Path:  # fmt: skip
    """Display tables (caption, frame as shown) as the sheets of an .xlsx, after a 说明
    sheet with ``title`` (the explore API's ``Result.to_excel``)."""
    from openpyxl import Workbook

    wb = Workbook()
    info = wb.active
    info.title = words.ABOUT_SHEET
    taken = {words.ABOUT_SHEET}
    listed = []
    for caption, frame in tables:
        ws = wb.create_sheet(safe_sheet_title(caption, taken))
        cells = frame.astype(object).where(frame.notna(), None)
        _write_table(ws, [str(c) for c in frame.columns], cells.itertuples(index=False))
        listed.append((ws.title, caption))
    generated = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    _about(info, [(words.ABOUT_LABELS["generated"], generated)], listed, title=title)
    return _save(wb, Path(path))


# ------------------------------------------------------------------------------ CSV for Excel


def csv_for_excel(frame, path: str | os.PathLike) -> Path:
    """A table as CSV that Chinese Excel opens right: UTF-8 with a byte-order mark,
    written whole."""
    path = Path(path)
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        frame.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\r\n")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path

"""Append what a statistics office's workbook holds (:mod:`.wide`) to a data-set folder.

:func:`plan_import` compares every record read from the workbook with the data set's
``indicators.csv``: a key not there yet is *added*; a field the data set leaves empty is
*filled*; an equal number (equal once both are rounded to the coarser of the two printed
precisions, in the data set's unit) is *unchanged*; anything else is a *revision*.
:func:`apply_import` writes only when the whole import is valid: the new ``indicators.csv``
is checked together with the rest of the data set before it replaces the old one (one
rename), and a revision is applied only when asked, after the data set as it was has been
copied to ``revisions/<date-time>/`` (a complete data set a report can be re-run on).
Existing rows keep their text byte for byte; amounts are written in the unit the data set
already uses for the indicator (converted exactly, in decimal).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .cells import enum_aliases, norm_unit
from .dictionary import split_header
from .language import tr
from .problems import Problem
from .schema import AMOUNT_UNITS, INDICATORS, RATE_KINDS
from .wide import Record, WorkbookRead

INDICATORS_FILE = "indicators.csv"
REVISIONS_DIR = "revisions"
FIELDS = ("value", "yoy_pct", "rank_city", "rank_city_of", "rank_counties", "rank_counties_of")
_NEEDED = ("region_id", "indicator", "year", "month")


class ImportError_(ValueError):  # noqa: N801 - not the builtin ImportError
    """The import cannot go ahead; ``problems`` say where and why."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.problems = list(problems or [])


@dataclass
class Change:
    """One field of one record: what the data set holds and what the workbook says."""

    record: Record
    field: str
    old: str  # as the data set writes it ("" when empty)
    new: str  # as it will be written, in the data set's unit

    @property
    def cell(self) -> str:
        return self.record.cells.get(self.field, "")


@dataclass
class Added:
    """A record whose key the data set does not hold: its cells as they will be written."""

    record: Record
    texts: dict[str, str]
    unit: str  # of the value as written ("" without a value)


@dataclass
class ImportPlan:
    folder: Path
    book: WorkbookRead
    added: list[Added] = field(default_factory=list)
    filled: list[Change] = field(default_factory=list)
    unchanged: int = 0
    revisions: list[Change] = field(default_factory=list)
    conversions: dict[tuple[str, str], str] = field(default_factory=dict)  # (code, from) -> to
    problems: list[Problem] = field(default_factory=list)
    # spreadsheet row of the indicators.csv to be written -> the record it comes from
    sources: dict[int, Record] = field(default_factory=dict)
    _raw: _RawTable | None = None

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


@dataclass
class ImportResult:
    written: bool
    indicators_file: Path
    revisions_copy: Path | None = None


# ------------------------------------------------------------------------------ the raw file


@dataclass
class _RawTable:
    path: Path
    encoding: str  # utf-8, utf-8-sig or gb18030
    delimiter: str
    newline: str
    header: list[str]
    names: list[str | None]  # canonical name of each column
    units: list[str]  # unit written in a header, per column
    rows: list[list[str]]

    def col(self, name: str) -> int | None:
        return self.names.index(name) if name in self.names else None

    def add_column(self, name: str) -> int:
        self.header.append(name)
        self.names.append(name)
        self.units.append("")
        for r in self.rows:
            r.append("")
        return len(self.header) - 1

    def to_bytes(self) -> bytes:
        buf = io.StringIO(newline="")
        writer = csv.writer(buf, delimiter=self.delimiter, lineterminator=self.newline)
        writer.writerow(self.header)
        writer.writerows(self.rows)
        encoding = "utf-8" if self.encoding == "utf-8-sig" else self.encoding
        body = buf.getvalue().encode(encoding)
        return (b"\xef\xbb\xbf" + body) if self.encoding == "utf-8-sig" else body


def _empty(path: Path) -> _RawTable:
    """A new indicators.csv (UTF-8 with BOM, so Chinese Excel opens it)."""
    names = ["region_id", "indicator", "year", "month", "value", "yoy_pct", "unit", "rate_kind"]
    return _RawTable(path, "utf-8-sig", ",", "\n", list(names), list(names), [""] * 8, [])


def _read_raw(path: Path) -> _RawTable:
    if not path.exists():
        return _empty(path)
    data = path.read_bytes()
    if data.startswith(b"\xef\xbb\xbf"):
        encoding, text = "utf-8-sig", data[3:].decode("utf-8")
    else:
        try:
            encoding, text = "utf-8", data.decode("utf-8")
        except UnicodeDecodeError:
            encoding, text = "gb18030", data.decode("gb18030")
    newline = "\r\n" if "\r\n" in text[:10000] else "\n"
    first = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        return _empty(path)
    header = rows[0]
    names, units = [], []
    for h in header:
        name, unit = split_header("indicators", h)
        names.append(name)
        units.append(norm_unit(unit) if unit else "")
    missing = [n for n in _NEEDED if n not in names]
    if missing:
        raise ImportError_(
            tr(
                f"{path}: import appends to an indicators table with the columns region_id, "
                f"indicator, year and month; this one lacks {', '.join(missing)} (its header: "
                f"{', '.join(header)}). Write the period as year and month columns first.",
                f"{path}：导入需要指标表含有 region_id（地区代码）、indicator（指标）、year（年）、"
                f"month（月）列；此表缺少 {'、'.join(missing)}（表头：{'、'.join(header)}）。"
                "请先把期间写成年、月两列。",
            )
        )
    width = len(header)
    body = [r + [""] * (width - len(r)) if len(r) < width else r for r in rows[1:]]
    return _RawTable(path, encoding, delimiter, newline, header, names, units, body)


def _dec(text: str) -> Decimal | None:
    t = str(text).strip().replace(",", "").rstrip("%")
    if not t:
        return None
    try:
        return Decimal(t)
    except ArithmeticError:
        return None
    except Exception:  # noqa: BLE001 - decimal.InvalidOperation
        return None


def _text(d: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 88.2000 -> "88.2", 1E+1 -> "10"."""
    s = format(d.normalize(), "f")
    return s if "." not in s else s.rstrip("0").rstrip(".")


def _places(text: str) -> int:
    t = str(text).strip().replace(",", "").rstrip("%")
    return len(t.split(".", 1)[1]) if "." in t else 0


def _same(old: str, new: str, new_places: int | None = None) -> bool:
    """Equal once both are rounded to the coarser of the two precisions (``new_places``:
    the workbook's printed precision in the data set's unit, e.g. -2 for 亿元 printed with
    two decimals compared in 万元, where a difference up to 50 万元 is rounding)."""
    a, b = _dec(old), _dec(new)
    if a is None or b is None:
        return False
    places = _places(new) if new_places is None else new_places
    half = Decimal(1).scaleb(-min(_places(old), places)) / 2
    return abs(a - b) <= half


def _shift(src: str, dst: str) -> int:
    """Decimal places gained converting ``src`` to ``dst`` (万元 -> 亿元: 4)."""
    if src not in AMOUNT_UNITS or dst not in AMOUNT_UNITS or src == dst:
        return 0
    return round(math.log10(AMOUNT_UNITS[dst] / AMOUNT_UNITS[src]))


# ------------------------------------------------------------------------------ planning


def _code_maps():
    indicators, _ = enum_aliases(tuple(INDICATORS))
    kinds, _ = enum_aliases(tuple(RATE_KINDS))
    return indicators, kinds


def _key_of(raw: _RawTable, row: list[str], indicators: dict, kinds: dict) -> tuple | None:
    def cell(name):
        j = raw.col(name)
        return row[j].strip() if j is not None and j < len(row) else ""

    code = indicators.get(cell("indicator").lower(), cell("indicator"))
    try:
        year, month = int(float(cell("year"))), int(float(cell("month")))
    except ValueError:
        return None
    kind = kinds.get(cell("rate_kind").lower(), "cumulative") if cell("rate_kind") else "cumulative"
    return (cell("region_id"), code, year, month, kind)


def _row_unit(raw: _RawTable, row: list[str], code: str) -> str:
    j = raw.col("unit")
    if j is not None and row[j].strip():
        return norm_unit(row[j])
    jv = raw.col("value")
    if jv is not None and raw.units[jv]:
        return raw.units[jv]
    return INDICATORS[code].unit if code in INDICATORS else ""


def plan_import(book: WorkbookRead, folder: str | os.PathLike) -> ImportPlan:
    """Compare the workbook's records with the data set (see the module doc)."""
    folder = Path(folder)
    plan = ImportPlan(folder, book, problems=list(book.problems))
    raw = _read_raw(folder / INDICATORS_FILE)
    plan._raw = raw
    indicators, kinds = _code_maps()
    index: dict[tuple, int] = {}
    units: dict[str, dict[str, int]] = {}
    own_unit: dict[tuple[str, str], tuple[tuple, str]] = {}  # (region, code) -> latest unit
    for i, row in enumerate(raw.rows):
        key = _key_of(raw, row, indicators, kinds)
        if key is None:
            continue
        index[key] = i
        if key[1] in INDICATORS:
            u = _row_unit(raw, row, key[1])
            units.setdefault(key[1], {}).setdefault(u, 0)
            units[key[1]][u] += 1
            j = raw.col("value")
            if j is not None and row[j].strip():
                when = (key[2], key[3])
                if (key[0], key[1]) not in own_unit or own_unit[(key[0], key[1])][0] <= when:
                    own_unit[(key[0], key[1])] = (when, u)
    seen: dict[tuple, str] = {}
    for rec in book.records:
        where = rec.cells.get("value") or rec.cells.get("yoy_pct") or ""
        if rec.key in seen:
            plan.problems.append(
                located(
                    book.path.name,
                    where,
                    "",
                    tr(
                        f"{rec.region_id} {rec.indicator} {rec.year}-{rec.month:02d} "
                        f"({rec.rate_kind}) is also at {seen[rec.key]}; keep one of them",
                        f"{rec.label} {INDICATORS[rec.indicator].label} {rec.year}年{rec.month}月"
                        f"（{RATE_KINDS[rec.rate_kind]}）在 {seen[rec.key]} 也出现；请只保留一处",
                    ),
                )  # fmt: skip
            )
            continue
        seen[rec.key] = where
        target_unit = rec.unit
        if rec.value is not None and INDICATORS[rec.indicator].kind == "amount":
            # the unit of the unit's own latest row, else the one most rows use
            used = units.get(rec.indicator)
            mine = own_unit.get((rec.region_id, rec.indicator))
            if mine:
                target_unit = mine[1]
            else:
                target_unit = max(used, key=used.get) if used else INDICATORS[rec.indicator].unit
            if target_unit not in AMOUNT_UNITS:
                target_unit = INDICATORS[rec.indicator].unit
            if rec.unit != target_unit:
                plan.conversions[(rec.indicator, rec.unit)] = target_unit
        new = _new_texts(rec, target_unit)
        i = index.get(rec.key)
        if i is None and rec.rate_kind == "month":
            i = _month_rate_row(raw, index, rec)
            if i is not None:  # the 当月 rate beside the cumulative row (month_yoy_pct)
                old = raw.rows[i][raw.col("month_yoy_pct")].strip()
                got = new.get("yoy_pct")
                if got is not None and rec.value is None:
                    places = int(rec.cells.get("yoy_pct_decimals", "1"))
                    _compare(plan, rec, "yoy_pct", old, got, "month_yoy_pct", i, places)
                    continue
        if i is None:
            plan.added.append(Added(rec, new, target_unit if rec.value is not None else ""))
            continue
        row = raw.rows[i]
        for fld, value in new.items():
            j = raw.col(fld)
            old = row[j].strip() if j is not None else ""
            places = None
            if fld == "value":
                places = int(rec.cells.get("value_decimals", "0"))
                places += _shift(rec.unit, target_unit)
                row_unit = _row_unit(raw, row, rec.indicator)
                if old and row_unit != target_unit and row_unit in AMOUNT_UNITS:
                    value = _text(
                        _dec(value)
                        * Decimal(str(AMOUNT_UNITS[target_unit]))
                        / Decimal(str(AMOUNT_UNITS[row_unit]))
                    )
                    places += _shift(target_unit, row_unit)
            elif fld == "yoy_pct":
                places = int(rec.cells.get("yoy_pct_decimals", "1"))
            _compare(plan, rec, fld, old, value, fld, i, places)
    return plan


def _month_rate_row(raw: _RawTable, index: dict, rec: Record) -> int | None:
    j = raw.col("month_yoy_pct")
    if j is None:
        return None
    i = index.get((*rec.key[:4], "cumulative"))
    if i is None or not raw.rows[i][j].strip():
        return None
    return i


def _compare(
    plan: ImportPlan, rec: Record, fld: str, old: str, new: str, column: str, i: int,
    places: int | None = None,
):  # fmt: skip
    change = Change(rec, fld, old, new)
    change.column, change.row = column, i  # type: ignore[attr-defined]
    if not old:
        plan.filled.append(change)
    elif (fld.startswith("rank") and old.strip() == new) or (
        not fld.startswith("rank") and _same(old, new, places)
    ):
        plan.unchanged += 1
    else:
        plan.revisions.append(change)


def _new_texts(rec: Record, unit: str) -> dict[str, str]:
    out: dict[str, str] = {}
    if rec.value is not None:
        v = Decimal(repr(rec.value))
        if rec.unit in AMOUNT_UNITS and unit in AMOUNT_UNITS and rec.unit != unit:
            v = v * Decimal(str(AMOUNT_UNITS[rec.unit])) / Decimal(str(AMOUNT_UNITS[unit]))
        out["value"] = _text(v)
    if rec.yoy_pct is not None:
        out["yoy_pct"] = _text(Decimal(repr(rec.yoy_pct)))
    for fld in FIELDS[2:]:
        v = getattr(rec, fld)
        if v is not None:
            out[fld] = str(int(v))
    return out


# ------------------------------------------------------------------------------ writing


FIELD_LABELS = {
    "value": ("level", "总量"),
    "yoy_pct": ("growth %", "增速"),
    "rank_city": ("published rank", "位次"),
    "rank_city_of": ("units ranked", "参与排位单位数"),
    "rank_counties": ("published rank among counties", "县(市)位次"),
    "rank_counties_of": ("counties ranked", "参与排位县(市)数"),
}


def located(file: str, cell: str, value: str, message: str) -> Problem:
    """A problem at ``cell`` ("Sheet!C7")."""
    import re

    m = re.fullmatch(r"(?P<sheet>.*)!(?P<col>[A-Z]+)(?P<row>\d+)", cell or "")
    if not m:
        return Problem(file, None, None, value, message)
    return Problem(file, int(m["row"]), m["col"], value, message, sheet=m["sheet"])


def revision_problems(plan: ImportPlan) -> list[Problem]:
    """Each revision as a located problem (refused without ``--revise``)."""
    out = []
    for c in plan.revisions:
        r = c.record
        en, zh = FIELD_LABELS.get(c.field, (c.field, c.field))
        out.append(
            located(
                plan.book.path.name,
                c.cell,
                c.new,
                tr(
                    f"{r.label} ({r.region_id}) {r.indicator} {r.year}-{r.month:02d} {r.rate_kind} "
                    f"{en}: the data set holds {c.old}, the workbook says {c.new} (a "
                    "revision); run again with --revise to apply it (the data set as it is now "
                    "is kept in revisions/)",
                    f"{r.label}（{r.region_id}）{INDICATORS[r.indicator].label} {r.year}年{r.month}月"
                    f"{RATE_KINDS[r.rate_kind]}{zh}：数据集中为 {c.old}，工作簿为 {c.new}（修订）；"
                    "如需采用，请加 --revise 重新运行（现有数据会保存在 revisions/ 中）",
                ),
            )  # fmt: skip
        )
    return out


def _merged(plan: ImportPlan) -> _RawTable:
    raw = plan._raw
    assert raw is not None
    for c in [*plan.filled, *plan.revisions]:
        j = raw.col(c.column)  # type: ignore[attr-defined]
        if j is None:
            j = raw.add_column(c.column)  # type: ignore[attr-defined]
        raw.rows[c.row][j] = c.new  # type: ignore[attr-defined]
        plan.sources[c.row + 2] = c.record  # type: ignore[attr-defined]
    for add in plan.added:
        plan.sources[len(raw.rows) + 2] = add.record
        rec, texts = add.record, add.texts
        needed = ["region_id", "indicator", "year", "month", *texts]
        if add.unit:
            needed.append("unit")
        if rec.rate_kind != "cumulative":
            needed.append("rate_kind")
        for name in needed:
            if raw.col(name) is None:
                raw.add_column(name)
        row = [""] * len(raw.header)
        cells = {
            "region_id": rec.region_id, "indicator": rec.indicator, "year": str(rec.year),
            "month": str(rec.month), "unit": add.unit,
            "rate_kind": rec.rate_kind if rec.rate_kind != "cumulative" else "", **texts,
        }  # fmt: skip
        for name, value in cells.items():
            j = raw.col(name)
            if j is not None:
                row[j] = value
        raw.rows.append(row)
    return raw


def apply_import(
    plan: ImportPlan,
    revise: bool = False,
    accept_warnings: bool = False,
    now: dt.datetime | None = None,
) -> ImportResult:
    """Write the import when it is whole and valid; raise :class:`ImportError_` otherwise
    (nothing written)."""
    from .loading import validate_dataset

    if plan.errors:
        raise ImportError_(tr("the workbook has problems; nothing was imported",
                              "工作簿有问题，未导入任何数据"), plan.errors)  # fmt: skip
    if plan.revisions and not revise:
        raise ImportError_(
            tr(
                "the workbook revises numbers the data set holds; nothing was imported",
                "工作簿修订了数据集中已有的数字，未导入任何数据",
            ),  # fmt: skip
            revision_problems(plan),
        )
    folder = plan.folder
    target = folder / INDICATORS_FILE
    if not plan.added and not plan.filled and not plan.revisions:
        return ImportResult(False, target)
    data = _merged(plan).to_bytes()
    # the whole data set with the new table, checked before anything is replaced
    with tempfile.TemporaryDirectory(prefix="halfyear-import-") as tmp:
        for f in folder.iterdir():
            if f.is_file():
                shutil.copy2(f, Path(tmp) / f.name)
        (Path(tmp) / INDICATORS_FILE).write_bytes(data)
        ds, problems = validate_dataset(Path(tmp), accept_warnings=accept_warnings)
    if ds is None:
        errors = [_in_workbook(plan, p) for p in problems if p.severity == "error"]
        raise ImportError_(
            tr(
                "with the workbook's numbers the data set would have errors; nothing was "
                "imported (implausible numbers: check them, or give --accept-warnings)",
                "加入工作簿的数字后数据集会有错误，未导入任何数据（不合理的数字：请核对，或加 "
                "--accept-warnings）",
            ),
            errors,
        )
    copy = None
    if plan.revisions:
        stamp = (now or dt.datetime.now()).strftime("%Y%m%d-%H%M%S")
        copy = folder / REVISIONS_DIR / stamp
        n = 2
        while copy.exists():  # two revisions within a second
            copy, n = folder / REVISIONS_DIR / f"{stamp}-{n}", n + 1
        copy.mkdir(parents=True)
        for f in folder.iterdir():
            if f.is_file():
                shutil.copy2(f, copy / f.name)
    tmp_file = folder / f".{INDICATORS_FILE}.{uuid.uuid4().hex[:8]}.tmp"
    try:
        tmp_file.write_bytes(data)
        os.replace(tmp_file, target)
    finally:
        tmp_file.unlink(missing_ok=True)
    return ImportResult(True, target, copy)


def _in_workbook(plan: ImportPlan, p: Problem) -> Problem:
    """A problem of the merged indicators.csv on a row the workbook wrote, told at the
    workbook's cell (the user has not seen the merged file)."""
    rec = plan.sources.get(p.row) if p.file == INDICATORS_FILE and p.row else None
    if rec is None:
        return p
    fld = p.field or p.column or ""
    cell = rec.cells.get(fld) or rec.cells.get("value") or rec.cells.get("yoy_pct") or ""
    note = tr(
        f" (row {p.row} of {INDICATORS_FILE} as it would be written)",
        f"（写入后 {INDICATORS_FILE} 的第 {p.row} 行）",
    )
    return located(plan.book.path.name, cell, p.value or "", p.message + note)


__all__ = [
    "Added",
    "Change",
    "ImportError_",
    "ImportPlan",
    "ImportResult",
    "apply_import",
    "plan_import",
    "revision_problems",
]

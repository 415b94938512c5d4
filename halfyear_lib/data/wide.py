"""The statistics office's wide tables: one row per unit, a group of columns per indicator.

A monthly release workbook is laid out for reading: a title line with the period
("2021年1-6月全市规模以上工业主要指标"), a unit line ("单位：万元、%"), two or three rows of
merged headers (the indicator over its columns 本月 / 1-6月累计 / 同比增长(%) / 位次), one
row per county, district or zone (a total row 全市, blank spacer rows), and notes under
the table. :func:`read_workbook` finds those parts in every sheet of an .xlsx, .xls or
.csv file and turns the numbers into long records of the ``indicators`` table
(:class:`Record`), each remembering the cell it came from; what it does not recognise is
listed (:class:`Skipped`) with its place, and what is wrong is a located
:class:`~.problems.Problem`. Nothing here writes to a data set (:mod:`.importing` does).
"""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .cells import column_letter, is_percent_format, norm_unit
from .language import tr
from .periods import PeriodError, parse_period_label, parse_period_label_kind
from .problems import Problem
from .schema import AMOUNT_UNITS, COUNT_UNITS, INDICATORS, PERCENT_UNITS

# ------------------------------------------------------------------------------ vocabulary

# Chinese names of the indicators as releases print them, longest first when matched
INDICATOR_NAMES: dict[str, tuple[str, ...]] = {
    "hitech_value_added": ("高新技术产业增加值", "高新产业增加值", "高新技术产业"),
    "tech_investment": ("技术改造投资", "工业技改投资", "技改投资", "技术改造"),
    "industrial_investment": ("工业固定资产投资", "工业投资"),
    "fixed_asset_investment": ("全社会固定资产投资", "固定资产投资", "固投"),
    "value_added": ("规模以上工业增加值", "规上工业增加值", "工业增加值", "增加值"),
    "output": ("规模以上工业总产值", "规上工业总产值", "工业总产值", "总产值", "产值"),
    "above_scale_firms": ("规模以上工业企业数", "规上工业企业数", "规上企业数", "企业个数", "企业数"),
    "rd_expense": ("研发费用", "研发经费"),
    "tech_contracts": ("技术合同交易额", "技术合同成交额"),
    "hitech_firm_applications": ("高新技术企业申报数", "高企申报数"),
    "tech_smes": ("科技型中小企业入库数", "科技型中小企业"),
}  # fmt: skip
_NAMES = sorted(
    ((name, code) for code, names in INDICATOR_NAMES.items() for name in names),
    key=lambda item: -len(item[0]),
)

RANK_WORDS = ("位次", "排名", "排位", "名次")
GROWTH_WORDS = ("增长", "增速", "同比", "增幅", "±%", "±", "比上年", "比去年")
MONTH_WORDS = ("本月", "当月")
# a rank among the counties (县(市)位次) or among all units (县(市、区), 县市区, 全市)
ALL_UNITS_WORDS = ("县市区", "县(市、区)", "县(市,区)", "县区", "全市", "全省", "各地")
COUNTIES_WORDS = ("县(市)", "县市", "县域")
# columns a release prints that the data set does not hold: said, not imported
NOT_HELD_WORDS = ("比重", "占比", "占全市", "目标", "任务", "进度", "差距", "增减", "增量", "计划")
ZONE_WORDS = ("经开区", "高新区", "园区")
TOTAL_LABELS = ("全市", "全县", "全省", "全区", "合计", "总计", "全市合计", "全市总计", "小计")
NOTE_PREFIXES = ("注", "说明", "备注", "数据来源", "资料来源", "来源", "附注", "*", "※")
_ENUMERATOR = re.compile(r"^(?:[（(]?[0-9一二三四五六七八九十]+[)）.、．]\s*)")
_UNIT_LINE = re.compile(r"单位\s*[:：]\s*(?P<units>.+)$")
_HEADER_UNIT = re.compile(r"[（(](?P<unit>亿元|万元|元|%|％|家|个|件|户|项)[)）]")
_TITLE_PERIOD = re.compile(
    r"(?P<year>\d{4})\s*年\s*(?P<rest>1\s*[-—–~～至]\s*\d{1,2}\s*月份?|\d{1,2}\s*月份?|上半年|"
    r"前三季度|[一二三四]季度|第[一二三四]季度|全年)"
)
_SHEET_PERIOD = re.compile(r"^(?P<year>\d{4})[.\-_/年]?(?P<month>\d{1,2})月?$")
_RANGE_IN_HEADER = re.compile(r"1\s*[-—–~～至]\s*(?P<month>\d{1,2})\s*月")
_SINGLE_IN_HEADER = re.compile(r"(?<![-—–~～至\d])(?P<month>\d{1,2})\s*月")


# ------------------------------------------------------------------------------ results


@dataclass
class Record:
    """One row of the ``indicators`` table read from a wide sheet; ``cells`` says where
    each field came from (e.g. ``{"value": "Sheet1!C7"}``)."""

    region_id: str
    indicator: str
    year: int
    month: int
    rate_kind: str  # "cumulative" (累计) or "month" (当月)
    unit: str = ""  # of ``value`` as the workbook gives it (万元, 亿元, 家)
    value: float | None = None
    yoy_pct: float | None = None
    rank_city: int | None = None
    rank_city_of: int | None = None
    rank_counties: int | None = None
    rank_counties_of: int | None = None
    label: str = ""  # the row label as printed
    cells: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple:
        return (self.region_id, self.indicator, self.year, self.month, self.rate_kind)


@dataclass
class ColumnMeaning:
    """What a column of a sheet was read as."""

    column: str  # letter, e.g. "C"
    header: str  # the header texts joined with " / "
    indicator: str = ""
    field: str = ""  # value, yoy_pct, rank_city, rank_counties
    rate_kind: str = "cumulative"
    unit: str = ""


@dataclass
class Skipped:
    """A part of a sheet not imported, and why (shown in the preview)."""

    where: str  # "工作表 Sheet1 第 3 行" / "列 K"
    text: str
    reason: str


@dataclass
class SheetRead:
    """What was read from one sheet."""

    sheet: str
    title: str = ""
    period: tuple[int, int] | None = None
    period_source: str = ""  # title / sheet name / headers / --period
    unit_line: str = ""
    columns: list[ColumnMeaning] = field(default_factory=list)
    rows: list[tuple[int, str, str]] = field(default_factory=list)  # (row, label, region_id)
    records: list[Record] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass
class WorkbookRead:
    path: Path
    sheets: list[SheetRead] = field(default_factory=list)

    @property
    def records(self) -> list[Record]:
        return [r for s in self.sheets for r in s.records]

    @property
    def problems(self) -> list[Problem]:
        return [p for s in self.sheets for p in s.problems]


class WideTableError(ValueError):
    """The workbook cannot be read at all (not a workbook, no sheet with a table)."""


# ------------------------------------------------------------------------------ text helpers


def clean(text) -> str:
    """A cell's text as compared: NFKC (full-width letters, digits and brackets to ASCII),
    no whitespace of any kind (releases pad 单  位 with spaces)."""
    if text is None:
        return ""
    if isinstance(text, float) and math.isnan(text):
        return ""
    s = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"\s+", "", s)


def region_key(name: str) -> str:
    """The form two spellings of a unit's name share: "清水县" and "清水", "清水经济开发区"
    and "清水经开区" and "清水开发区", full-width spaces and brackets."""
    s = clean(name)
    s = re.sub(r"^其中[:：]?", "", s)
    s = _ENUMERATOR.sub("", s)
    for long, short in (
        ("经济技术开发区", "经开区"),
        ("经济开发区", "经开区"),
        ("高新技术产业开发区", "高新区"),
        ("高新技术开发区", "高新区"),
        ("开发区", "经开区"),
        ("工业园区", "园区"),
    ):
        s = s.replace(long, short)
    if len(s) > 2 and s[-1] in "县市区" and not s.endswith(("经开区", "高新区", "园区")):
        s = s[:-1]
    return s


def number_of(value) -> tuple[float | None, bool]:
    """(number, ok) of a cell: numbers as they are; text such as "1,234.5", "12.5%",
    "－3.2", "第3位", "3" read as numbers; "", "-", "—", "…", "/" missing (ok);
    other text not a number (None, False)."""
    if value is None:
        return None, True
    if isinstance(value, bool):
        return None, False
    if isinstance(value, int | float):
        return (
            (None, True) if isinstance(value, float) and math.isnan(value) else (float(value), True)
        )
    s = clean(value)
    if s in ("", "-", "--", "—", "——", "…", "……", "/", "\\", "x", "X", "×", "#N/A", "nan"):
        return None, True
    s = s.replace(",", "").replace("−", "-").replace("—", "-").rstrip("%")
    m = re.fullmatch(r"第?([0-9]+)位?名?", s)
    if m:
        return float(m.group(1)), True
    try:
        return float(s), True
    except ValueError:
        return None, False


def _decimals(value) -> int:
    """Decimals the source printed (for comparing with rounding in mind)."""
    if isinstance(value, str):
        s = clean(value).replace(",", "").rstrip("%")
        return len(s.split(".", 1)[1]) if "." in s else 0
    if isinstance(value, float) and not value.is_integer():
        text = repr(value)
        return len(text.split(".", 1)[1]) if "." in text and "e" not in text else 6
    return 0


# ------------------------------------------------------------------------------ reading cells


def _grid_xlsx(path: Path) -> list[tuple[str, list[list]]]:
    """(sheet, rows of cell values) of every visible sheet; a merged range's value fills
    every cell of the range (the headers of a group apply to all its columns)."""
    from openpyxl import load_workbook

    wb = load_workbook(path, data_only=True)
    out = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        rows = [list(r) for r in ws.iter_rows(values_only=True)]
        width = max((len(r) for r in rows), default=0)
        rows = [r + [None] * (width - len(r)) for r in rows]
        for rng in ws.merged_cells.ranges:
            top = rows[rng.min_row - 1][rng.min_col - 1] if rng.min_row <= len(rows) else None
            for r in range(rng.min_row, min(rng.max_row, len(rows)) + 1):
                for c in range(rng.min_col, min(rng.max_col, width) + 1):
                    rows[r - 1][c - 1] = top
        # a cell formatted as a percentage holds 0.123 for 12.3%
        for r_i, row in enumerate(ws.iter_rows()):
            for c_i, cell in enumerate(row):
                fmt = cell.number_format or ""
                number_cell = isinstance(cell.value, int | float) and not isinstance(
                    cell.value, bool
                )
                if number_cell and is_percent_format(fmt):
                    rows[r_i][c_i] = round(float(cell.value) * 100, 10)
        out.append((ws.title, rows))
    return out


def _grid_xls(path: Path) -> list[tuple[str, list[list]]]:
    try:
        import xlrd
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise WideTableError(
            tr(
                "reading .xls needs the xlrd package: pip install xlrd",
                "读取 .xls 需要 xlrd：pip install xlrd",
            )  # fmt: skip
        ) from exc
    book = xlrd.open_workbook(str(path), formatting_info=True)
    out = []
    for sheet in book.sheets():
        if getattr(sheet, "visibility", 0):
            continue
        rows = []
        for r in range(sheet.nrows):
            row = []
            for c in range(sheet.ncols):
                cell = sheet.cell(r, c)
                if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    row.append(None)
                elif cell.ctype == xlrd.XL_CELL_NUMBER:
                    fmt = book.format_map.get(book.xf_list[cell.xf_index].format_key)
                    pct = fmt is not None and is_percent_format(fmt.format_str)
                    row.append(round(cell.value * 100, 10) if pct else cell.value)
                else:
                    row.append(cell.value)
            rows.append(row)
        for r0, r1, c0, c1 in sheet.merged_cells:
            top = rows[r0][c0]
            for r in range(r0, r1):
                for c in range(c0, c1):
                    rows[r][c] = top
        out.append((sheet.name, rows))
    return out


def _grid_csv(path: Path) -> list[tuple[str, list[list]]]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise WideTableError(
            tr(
                f"{path}: neither UTF-8 nor GB18030 text; save it again as CSV UTF-8 or xlsx",
                f"{path}：既不是 UTF-8 也不是 GB18030 文本；请另存为“CSV UTF-8”或 xlsx",
            )  # fmt: skip
        )
    sample = text[:4096]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    rows = [
        [c if c != "" else None for c in r]
        for r in csv.reader(io.StringIO(text), delimiter=delimiter)
    ]
    width = max((len(r) for r in rows), default=0)
    return [(path.stem, [r + [None] * (width - len(r)) for r in rows])]


def read_grids(path: Path) -> list[tuple[str, list[list]]]:
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _grid_xlsx(path)
        if suffix == ".xls":
            return _grid_xls(path)
        if suffix in (".csv", ".txt", ".tsv"):
            return _grid_csv(path)
    except WideTableError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged or mislabelled file
        raise WideTableError(
            tr(
                f"{path}: cannot be read as {suffix} ({type(exc).__name__}: {exc}); open it in "
                "Excel and save it again as .xlsx",
                f"{path}：无法按 {suffix} 读取（{type(exc).__name__}: {exc}）；请用 Excel 打开后"
                "另存为 .xlsx",
            )  # fmt: skip
        ) from exc
    raise WideTableError(
        tr(f"{path}: give an .xlsx, .xls or .csv file", f"{path}：请给出 .xlsx、.xls 或 .csv 文件")
    )


# ------------------------------------------------------------------------------ regions


class RegionNames:
    """Row labels to region ids: the id, the name as written, or a spelling variant
    (:func:`region_key`); a total row (全市, 合计) is the parent of the units."""

    def __init__(self, regions: pd.DataFrame):
        self.ids = {str(r) for r in regions["region_id"]}
        self.names = dict(
            zip(regions["region_id"].astype(str), regions["name"].astype(str), strict=True)
        )
        self.by_name: dict[str, list[str]] = {}
        self.by_key: dict[str, list[str]] = {}
        for rid, name in self.names.items():
            self.by_name.setdefault(clean(name), []).append(rid)
            self.by_key.setdefault(region_key(name), []).append(rid)
        kinds = dict(
            zip(regions["region_id"].astype(str), regions["kind"].astype(str), strict=True)
        )
        parents = regions["parent_id"].dropna().astype(str)
        parents = parents[parents != ""]
        self.parent = (
            parents.mode().iat[0]
            if len(parents)
            else next((r for r, k in kinds.items() if k == "city"), "")
        )
        self.kinds = kinds

    def resolve(self, label: str) -> tuple[str | None, str]:
        """(region id or None, how: "id", "name", "variant", "total", "ambiguous", "unknown")."""
        text = clean(label)
        text = re.sub(r"^其中[:：]?", "", text)
        if text in self.ids:
            return text, "id"
        bare = _ENUMERATOR.sub("", text)
        if bare in TOTAL_LABELS or bare.startswith(("全市", "全县")) and len(bare) <= 4:
            return (self.parent or None), "total"
        for table, how in ((self.by_name, "name"), (self.by_key, "variant")):
            hits = table.get(bare if table is self.by_name else region_key(bare), [])
            if len(hits) == 1:
                return hits[0], how
            if len(hits) > 1:
                return None, "ambiguous"
        # a zone named by its kind alone ("经开区", "高新区") where the city has one such
        key = region_key(bare)
        if key in ZONE_WORDS:
            hits = [rid for k, ids in self.by_key.items() if k.endswith(key) for rid in ids]
            if len(hits) == 1:
                return hits[0], "variant"
            if len(hits) > 1:
                return None, "ambiguous"
        return None, "unknown"


# ------------------------------------------------------------------------------ the sheet


def _is_numberish(value) -> bool:
    if value is None:
        return False
    if isinstance(value, int | float) and not isinstance(value, bool):
        return not (isinstance(value, float) and math.isnan(value))
    n, ok = number_of(value)
    return ok and n is not None


def _texts(row: list) -> list[str]:
    return [clean(v) for v in row]


def _is_note(label: str) -> bool:
    return label.startswith(NOTE_PREFIXES)


def _indicator_in(text: str) -> tuple[str, str]:
    """(code, the name matched) of the longest indicator name in ``text``, or ("", "")."""
    for name, code in _NAMES:
        if name in text:
            return code, name
    return "", ""


def _unit_of(text: str) -> str:
    m = _HEADER_UNIT.search(text)
    return norm_unit(m.group("unit")) if m else ""


def _period_in(text: str) -> tuple[int, int] | None:
    m = _TITLE_PERIOD.search(clean(text))
    if not m:
        return None
    try:
        _, month = parse_period_label(m.group("rest"))
    except PeriodError:
        return None
    return int(m.group("year")), month


def _header_month(text: str) -> tuple[int | None, str]:
    """(month, kind) a header names: "1-6月累计" (6, cumulative), "6月" (6, month)."""
    m = _RANGE_IN_HEADER.search(text)
    if m:
        return int(m.group("month")), "cumulative"
    m = _SINGLE_IN_HEADER.search(text)
    if m:
        return int(m.group("month")), "month"
    if "上半年" in text:
        return 6, "cumulative"
    return None, ""


_THIS_YEAR_VS = ("比上年同期", "比去年同期", "较上年同期", "较去年同期", "比上年", "比去年", "同比")
_LAST_YEAR = re.compile(r"(?<![比较])(?:上年|去年)同期")


def _field_of(text: str, count: bool = False) -> tuple[str, str, str]:
    """(field, rate kind, why not) of a column from its header text without the
    indicator's name; ``count``: the indicator is a count (企业数), whose "7月末" is the
    level of the period, not a single month's figure."""
    month_words = any(w in text for w in MONTH_WORDS)
    _, header_kind = _header_month(text)
    single = header_kind == "month" and "累计" not in text and not (count or "末" in text)
    kind = "month" if month_words or single else "cumulative"
    if any(w in text for w in RANK_WORDS):
        counties = not any(w in text for w in ALL_UNITS_WORDS) and any(
            w in text for w in COUNTIES_WORDS
        )
        return ("rank_counties" if counties else "rank_city"), kind, ""
    # 比上年同期增长 / 同比增减(%) are this year's growth; 上年同期 alone is last year's figure
    last_year = _LAST_YEAR.search(text) and not any(w in text for w in _THIS_YEAR_VS)
    rate_change = "增减" in text and ("%" in text or "同比" in text)
    if last_year:
        return "", kind, tr("last year's figure (上年同期) is not held by the data set",
                            "数据集不保存上年同期数")  # fmt: skip
    if any(w in text for w in GROWTH_WORDS) or rate_change:
        return "yoy_pct", kind, ""
    for w in NOT_HELD_WORDS:
        if w in text:
            return "", kind, tr(f"“{w}” is not held by the data set",
                                f"数据集不保存“{w}”")  # fmt: skip
    if text.endswith(("(%)", "%")):
        return "yoy_pct", kind, ""
    return "value", kind, ""


def _label_column(data_rows: list[list], width: int) -> int:
    """The column holding the units' names: the leftmost where most rows hold text."""
    for c in range(width):
        texts = [r[c] for r in data_rows if r[c] not in (None, "")]
        if not texts:
            continue
        words = [v for v in texts if not _is_numberish(v)]
        if len(words) >= max(1, len(texts) // 2):
            return c
    return 0


def read_sheet(
    sheet: str,
    rows: list[list],
    names: RegionNames,
    file: str,
    period: tuple[int, int] | None = None,
    unit: str = "",
) -> SheetRead:
    """Read one sheet; ``period`` and ``unit``: what the command line says (used where the
    sheet says nothing, and checked against what it says)."""
    out = SheetRead(sheet)
    width = max((len(r) for r in rows), default=0)
    texts = [_texts(r) for r in rows]

    def at(r: int, c: int | None = None) -> str:
        where = tr(f"sheet {sheet} row {r + 1}", f"工作表 {sheet} 第 {r + 1} 行")
        if c is not None:
            where += tr(f" column {column_letter(c)}", f" 列 {column_letter(c)}")
        return where

    def problem(r: int | None, c: int | None, value, message: str, severity="error") -> None:
        out.problems.append(
            Problem(
                file,
                None if r is None else r + 1,
                None if c is None else column_letter(c),
                None if value is None else str(value),
                message,
                sheet=sheet,
                severity=severity,
            )
        )

    # the first data row: a text label and numbers in at least half of its other cells
    start = None
    for r, row in enumerate(rows):
        filled = [(c, v) for c, v in enumerate(row) if texts[r][c] != ""]
        if len(filled) < 2:
            continue
        label_cells = [v for _, v in filled if not _is_numberish(v)]
        numbers = [v for _, v in filled if _is_numberish(v)]
        if (
            label_cells
            and len(numbers) >= max(1, (len(filled) - 1) // 2)
            and not _is_note(clean(label_cells[0]))
        ):
            if any(w in clean(label_cells[0]) for w in ("单位:", "单位：")):
                continue
            start = r
            break
    if start is None:
        out.skipped.append(
            Skipped(at(0), "", tr("no table of numbers in this sheet", "本工作表没有数字表格"))
        )
        return out

    # above the data: title lines, the unit line, and the header rows
    header_rows: list[int] = []
    for r in range(start):
        distinct = list(dict.fromkeys(t for t in texts[r] if t))
        if not distinct:
            continue
        joined = "".join(distinct)
        m = _UNIT_LINE.search(joined)
        if m:
            out.unit_line = m.group(0)
            if len(distinct) == 1 or joined.startswith("单位"):
                continue
        if len(distinct) == 1 and r < start - 1 and not header_rows:
            out.title = (out.title + " " + distinct[0]).strip()
            continue
        header_rows.append(r)
    # header rows must be the contiguous block just above the data
    block: list[int] = []
    for r in reversed(header_rows):
        if block and r != block[-1] - 1 and any(texts[k] for k in range(r + 1, block[-1])):
            break
        block.append(r)
    header_rows = sorted(block)
    for r in [r for r in range(start) if r not in header_rows]:
        distinct = list(dict.fromkeys(t for t in texts[r] if t))
        if (
            len(distinct) == 1
            and not _UNIT_LINE.search(distinct[0])
            and distinct[0] not in out.title
        ):
            out.title = (out.title + " " + distinct[0]).strip()

    # data rows end at the first note line
    data_rows: list[int] = []
    for r in range(start, len(rows)):
        filled = [t for t in texts[r] if t]
        if not filled:
            continue  # a blank spacer row
        if _is_note(filled[0]) or (len(filled) == 1 and len(filled[0]) > 12):
            out.skipped.extend(
                Skipped(
                    at(k),
                    " ".join(dict.fromkeys(t for t in texts[k] if t))[:60],
                    tr("note under the table", "表下注释"),
                )  # fmt: skip
                for k in range(r, len(rows))
                if any(texts[k])
            )
            break
        data_rows.append(r)
    label_col = _label_column([rows[r] for r in data_rows], width)

    # the period: title, sheet name, then the headers; --period where none says it
    found = _period_in(out.title)
    if found:
        out.period, out.period_source = found, tr("title", "标题")
    else:
        m = _SHEET_PERIOD.match(clean(sheet)) or None
        sheet_period = _period_in(sheet)
        if sheet_period:
            out.period, out.period_source = sheet_period, tr("sheet name", "工作表名")
        elif m and 2 <= int(m.group("month")) <= 12:
            out.period = (int(m.group("year")), int(m.group("month")))
            out.period_source = tr("sheet name", "工作表名")
    if period is not None:
        if out.period is not None and out.period != period:
            problem(None, None, out.title or sheet, tr(
                f"the sheet says {out.period[0]}-{out.period[1]:02d} ({out.period_source}) but "
                f"--period says {period[0]}-{period[1]:02d}; check which is right",
                f"工作表写的是 {out.period[0]}年1-{out.period[1]}月（{out.period_source}），"
                f"而 --period 是 {period[0]}年1-{period[1]}月；请核对"))  # fmt: skip
        elif out.period is None:
            out.period, out.period_source = period, "--period"

    # units: the unit line says the amounts' unit (单位：万元、%)
    line_unit = ""
    if out.unit_line:
        for u in re.split(r"[、,，;；/\s]+", _UNIT_LINE.search(out.unit_line).group("units")):
            u = norm_unit(u)
            if u in AMOUNT_UNITS or u in COUNT_UNITS:
                line_unit = line_unit or u
    title_code, _ = _indicator_in(out.title)
    title_code = title_code or _indicator_in(clean(sheet))[0]

    # a group's name written once over its first column (a CSV keeps no merged cells):
    # it applies to the columns after it up to the next name, where a lower row names them
    for k, r in enumerate(header_rows[:-1]):
        prev = ""
        for c in range(label_col + 1, width):
            if texts[r][c]:
                prev = texts[r][c]
            elif prev and any(texts[q][c] for q in header_rows[k + 1 :]):
                texts[r][c] = prev
            else:
                prev = ""

    # columns
    meanings: dict[int, ColumnMeaning] = {}
    header_months: set[int] = set()
    for c in range(width):
        if c == label_col:
            continue
        parts = list(dict.fromkeys(texts[r][c] for r in header_rows if texts[r][c]))
        head = " / ".join(parts)
        joined = "".join(parts)
        has_numbers = any(_is_numberish(rows[r][c]) for r in data_rows)
        if not parts and not has_numbers:
            continue
        if c < label_col or joined in ("序号", "编号", "行次"):
            out.skipped.append(
                Skipped(
                    tr(f"column {column_letter(c)}", f"列 {column_letter(c)}"),
                    head,
                    tr("row numbers", "序号"),
                )
            )
            continue
        code, name = _indicator_in(joined)
        code = code or title_code
        if not code:
            out.skipped.append(Skipped(tr(f"column {column_letter(c)}", f"列 {column_letter(c)}"), head,
                                       tr("not a known indicator", "不是已知指标")))  # fmt: skip
            continue
        rest = joined.replace(name, "", 1) if name else joined
        fld, kind, why = _field_of(rest, count=INDICATORS[code].kind == "count")
        level_words = any(
            w in rest
            for w in ("总量", "绝对值", "完成", "金额", "总额", "数值", "亿元", "万元", "元")
        )
        if fld == "value" and not level_words:
            # a growth table: "…增加值增速" in the title over 当月 / 累计 columns, or the
            # cells printed as percentages
            percent_cells = [
                v for r in data_rows if isinstance(v := rows[r][c], str) and v.strip().endswith("%")
            ]
            filled_cells = [r for r in data_rows if texts[r][c]]
            title_name = _indicator_in(out.title)[1]
            after = out.title.split(title_name, 1)[-1] if title_name else out.title
            title_rate = not name and any(w in after for w in GROWTH_WORDS)
            if title_rate or (filled_cells and len(percent_cells) * 2 >= len(filled_cells)):
                fld = "yoy_pct"
        if not fld:
            out.skipped.append(
                Skipped(tr(f"column {column_letter(c)}", f"列 {column_letter(c)}"), head, why)
            )
            continue
        month, _ = _header_month(rest)
        if month:
            header_months.add(month)
        col_unit = _unit_of(joined)
        meanings[c] = ColumnMeaning(column_letter(c), head, code, fld, kind, col_unit)
    if out.period is None and header_months:
        m = max(header_months)
        if period is None:
            problem(None, None, None, tr(
                f"the headers name month {m} but no year: give --period YYYY-{m:02d}",
                f"表头写了 {m} 月但没有年份：请用 --period 指定，如 --period 2021-{m:02d}"))  # fmt: skip
    if out.period is None:
        problem(None, None, out.title or sheet, tr(
            "the period is in neither the title nor the sheet name; give --period YYYY-MM",
            "标题和工作表名中都没有期间；请用 --period YYYY-MM 指定"))  # fmt: skip
        return out
    year, month = out.period
    for c, meaning in meanings.items():
        m, _ = _header_month(meaning.header.replace(" / ", ""))
        if m and m != month:
            problem(header_rows[-1] if header_rows else None, c, meaning.header, tr(
                f"this column is for month {m} but the sheet's period is 1-{month}月 "
                f"({out.period_source}); check the title or the headers",
                f"该列是 {m} 月的数据，而工作表的期间是 1-{month}月（{out.period_source}）；请核对标题或表头"))  # fmt: skip
    # one field per indicator and kind
    seen: dict[tuple, int] = {}
    for c, meaning in sorted(meanings.items()):
        k = (meaning.indicator, meaning.field, meaning.rate_kind)
        if k in seen:
            problem(header_rows[-1] if header_rows else None, c, meaning.header, tr(
                f"column {column_letter(seen[k])} already holds {meaning.indicator} "
                f"{meaning.field} ({meaning.rate_kind}); remove one of the two",
                f"列 {column_letter(seen[k])} 已是 {INDICATORS[meaning.indicator].label} 的同一项；请删去其中一列"))  # fmt: skip
        seen[k] = c
    # units of the value columns: header, else the unit line, else --unit
    for c, meaning in meanings.items():
        if meaning.field != "value":
            continue
        spec = INDICATORS[meaning.indicator]
        u = meaning.unit or (
            line_unit if (line_unit in AMOUNT_UNITS) == (spec.kind == "amount") else ""
        )
        if not u and spec.kind == "count":
            u = spec.unit
        u = u or unit
        if not u:
            problem(header_rows[-1] if header_rows else None, c, meaning.header, tr(
                f"no unit for {spec.label}: add a unit line (单位：万元) above the table, the unit "
                "in the header (万元), or give --unit",
                f"{spec.label} 没有单位：请在表上方加单位行（单位：万元）、在表头注明（万元），或用 --unit 指定"))  # fmt: skip
            continue
        fits = u in AMOUNT_UNITS if spec.kind == "amount" else u in COUNT_UNITS
        if not fits:
            problem(header_rows[-1] if header_rows else None, c, u, tr(
                f"unit {u} does not fit {spec.label}",
                f"单位 {u} 不适用于 {spec.label}"))  # fmt: skip
            continue
        meaning.unit = u
    for meaning in meanings.values():
        if meaning.field == "yoy_pct" and meaning.unit and meaning.unit not in PERCENT_UNITS:
            meaning.unit = "%"
    out.columns = [meanings[c] for c in sorted(meanings)]

    # rows
    by_key: dict[tuple, Record] = {}
    rank_counts: dict[tuple, int] = {}
    for r in data_rows:
        raw_label = rows[r][label_col]
        label = clean(raw_label)
        if not label:
            continue
        values = {c: rows[r][c] for c in meanings}
        if all(number_of(v) == (None, True) for v in values.values()):
            out.skipped.append(Skipped(at(r), label, tr("no numbers in this row", "本行没有数字")))
            continue
        region, how = names.resolve(label)
        if region is None:
            reason = (
                tr(
                    "names several regions; use the region_id in the regions table",
                    "对应多个地区；请在地区表中区分名称",
                )  # fmt: skip
                if how == "ambiguous"
                else tr(
                    "is not in the regions table: correct the name or add the unit to regions.csv",
                    "不在地区表中：请更正名称，或把该单位加入 regions.csv（地区表）",
                )  # fmt: skip
            )
            problem(
                r,
                label_col,
                label,
                tr(f"row label {label!r} {reason}", f"行标签 {label!r} {reason}"),
            )
            continue
        out.rows.append((r + 1, label, region))
        for c, meaning in meanings.items():
            v = values[c]
            num, ok = number_of(v)
            if not ok:
                problem(r, c, v, tr(
                    f"{v!r} is not a number; write the number, or leave the cell empty (or -) "
                    "where there is none",
                    f"{v!r} 不是数字；请填数字，没有数据时留空或写 -"))  # fmt: skip
                continue
            if num is None:
                continue
            k = (region, meaning.indicator, year, month, meaning.rate_kind)
            rec = by_key.get(k)
            if rec is None:
                rec = by_key[k] = Record(
                    region, meaning.indicator, year, month, meaning.rate_kind, label=label
                )
            where = f"{sheet}!{column_letter(c)}{r + 1}"
            if meaning.field == "value":
                rec.value, rec.unit = num, meaning.unit
                rec.cells["value"] = where
                rec.cells["value_decimals"] = str(_decimals(v))
            elif meaning.field == "yoy_pct":
                rec.yoy_pct = num
                rec.cells["yoy_pct"] = where
                rec.cells["yoy_pct_decimals"] = str(_decimals(v))
            else:
                if num != int(num) or num < 1:
                    problem(
                        r,
                        c,
                        v,
                        tr(f"{v!r} is not a rank (1, 2, 3, ...)", f"{v!r} 不是位次（1、2、3……）"),
                    )
                    continue
                if how == "total":
                    continue  # the total row has no rank
                setattr(rec, meaning.field, int(num))
                rec.cells[meaning.field] = where
                rank_counts[(meaning.indicator, meaning.field, meaning.rate_kind)] = (
                    rank_counts.get((meaning.indicator, meaning.field, meaning.rate_kind), 0) + 1
                )
    # a published rank's group size: the units ranked in that column
    for rec in by_key.values():
        for fld in ("rank_city", "rank_counties"):
            if getattr(rec, fld) is not None:
                setattr(rec, f"{fld}_of", rank_counts[(rec.indicator, fld, rec.rate_kind)])
                rank = getattr(rec, fld)
                if rank > getattr(rec, f"{fld}_of"):
                    setattr(rec, f"{fld}_of", None)
    for key, rec in list(by_key.items()):
        if rec.value is None and rec.yoy_pct is None:
            # a rank with no level and no growth beside it (江北区: 高新 "—", 位次 12)
            where = next(iter(v for k, v in rec.cells.items() if k.startswith("rank")), "")
            out.skipped.append(Skipped(where, rec.label, tr(
                f"{rec.indicator}: a rank without a level or a growth rate is not imported",
                f"{INDICATORS[rec.indicator].label}：只有位次、没有总量和增速，未导入")))  # fmt: skip
            del by_key[key]
    dup = {}
    for row, label, region in out.rows:
        if region in dup:
            problem(row - 1, label_col, label, tr(
                f"{label!r} is the same unit as row {dup[region]} ({region}); remove one",
                f"{label!r} 与第 {dup[region]} 行是同一单位（{region}）；请删去其中一行"))  # fmt: skip
        dup[region] = row
    out.records = list(by_key.values())
    return out


def read_workbook(
    path: str | Path,
    regions: pd.DataFrame,
    period: tuple[int, int] | None = None,
    unit: str = "",
) -> WorkbookRead:
    """Read every sheet of ``path`` (see the module doc). Raises :class:`WideTableError`
    when the file cannot be read at all."""
    path = Path(path)
    grids = read_grids(path)
    names = RegionNames(regions)
    book = WorkbookRead(path)
    for sheet, rows in grids:
        book.sheets.append(
            read_sheet(sheet, rows, names, path.name, period, norm_unit(unit) if unit else "")
        )
    if not any(s.records or s.problems for s in book.sheets):
        raise WideTableError(
            tr(
                f"{path}: no sheet holds a table of units and indicators that could be read",
                f"{path}：没有哪个工作表含有可读取的单位×指标表格",
            )  # fmt: skip
        )
    return book


def parse_period_option(text: str) -> tuple[int, int]:
    """``--period``: "2021-06", "2021年1-6月"."""
    year, month = parse_period_label(text)
    if year is None:
        raise PeriodError(
            tr(f"{text!r}: give the year too, e.g. 2021-06", f"{text!r}：请写明年份，如 2021-06")
        )
    return year, month


__all__ = [
    "ColumnMeaning",
    "Record",
    "RegionNames",
    "SheetRead",
    "Skipped",
    "WideTableError",
    "WorkbookRead",
    "clean",
    "number_of",
    "parse_period_label_kind",
    "parse_period_option",
    "read_workbook",
    "region_key",
]

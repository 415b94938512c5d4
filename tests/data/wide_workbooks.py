"""Wide workbooks built like a statistics office's release, from known numbers (for the
import tests): a title line with the period, a unit line, two rows of merged headers, a
total row 全市, a blank spacer row, numbers stored as text, 万元 beside 亿元, 当月 beside 累计,
位次 columns, and notes under the table."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from openpyxl import Workbook

REGIONS_CSV = """region_id,name,kind,parent_id,rank_groups
jiangzhou,江洲市,city,,
qingshui,清水县,county,jiangzhou,city;counties
lanxi,岚溪县,county,jiangzhou,city;counties
baishi,白石县,county,jiangzhou,city;counties
yunxi,云溪县,county,jiangzhou,city;counties
fengle,丰乐县,county,jiangzhou,city;counties
meiling,梅岭县,county,jiangzhou,city;counties
tongxi,桐溪县,county,jiangzhou,city;counties
anlan,安澜市,county_city,jiangzhou,city;counties
jiangbei,江北区,district,jiangzhou,city
hudong,湖东区,district,jiangzhou,city
xishan,西山区,district,jiangzhou,city
jiangzhou_etdz,江洲经济技术开发区,zone,jiangzhou,city
"""
UNITS = ["qingshui", "lanxi", "baishi", "yunxi", "fengle", "meiling", "tongxi", "anlan",
         "jiangbei", "hudong", "xishan", "jiangzhou_etdz"]  # fmt: skip
# how the office writes the row labels: variants of the regions table's names
LABELS = ["清水县", "岚溪", "白石县", "云溪县", "丰乐县", "梅岭县", "桐溪县", "安\u3000澜\u3000市",
          "江北区", "湖东区", "西山区", "江洲经开区"]  # fmt: skip
COUNTIES = UNITS[:8]


@dataclass
class Numbers:
    """The known numbers of one period (万元 for output, 亿元 for investment, % for rates)."""

    year: int
    month: int
    output_month: np.ndarray  # 本月 output, 万元
    output_cum: np.ndarray  # 1-m月 output, 万元
    output_yoy: np.ndarray
    output_rank: np.ndarray
    va_month_yoy: np.ndarray
    va_yoy: np.ndarray
    va_rank: np.ndarray
    inv_cum: np.ndarray  # 亿元
    inv_yoy: np.ndarray
    inv_rank_counties: np.ndarray  # counties only; 0 for the others


def _rank(x: np.ndarray) -> np.ndarray:
    order = np.argsort(-x, kind="stable")
    r = np.empty(len(x), int)
    r[order] = np.arange(1, len(x) + 1)
    return r


def numbers(year=2021, month=6, seed=0) -> Numbers:
    """Known numbers: levels that rise month by month (cumulative), rates drawn per month."""
    base = np.random.default_rng(seed)
    cum6 = np.round(base.uniform(300_000, 2_000_000, 12), 0)
    inv6 = base.uniform(5, 60, 12)
    rng = np.random.default_rng([seed, month])
    cum = np.round(cum6 * month / 6, 0)
    mon = np.round(cum6 / 6 * rng.uniform(0.9, 1.1, 12), 0)
    yoy = np.round(rng.uniform(-5, 25, 12), 1)
    va_yoy = np.round(rng.uniform(-3, 15, 12), 1)
    inv_yoy = np.round(rng.uniform(-20, 40, 12), 1)
    counties = np.array([u in COUNTIES for u in UNITS])
    inv_rank = np.zeros(12, int)
    inv_rank[counties] = _rank(inv_yoy[counties])
    return Numbers(
        year, month, mon, cum, yoy, _rank(yoy),
        np.round(rng.uniform(-8, 20, 12), 1), va_yoy, _rank(va_yoy),
        np.round(inv6 * month / 6, 2), inv_yoy, inv_rank,
    )  # fmt: skip


def layout(
    n: Numbers,
    title: str | None = None,
    extra_label: str | None = None,
    extra_column: str | None = None,
    amounts_in_yi: bool = False,
):
    """(cells {(row, col): value}, merged ranges [(r0, c0, r1, c1)]), 1-based, of the
    release: the title, the unit line, two header rows, 全市, a spacer, 12 units, notes.
    ``extra_label``: one more row with that label; ``extra_column``: one more column
    group with that header; ``amounts_in_yi``: output in 亿元 (the unit line says so)."""
    m = n.month
    cells: dict[tuple[int, int], object] = {}
    merges = []

    def put(r, c, v):
        cells[(r, c)] = v

    put(1, 1, title if title is not None else f"{n.year}年1-{m}月全市规模以上工业主要指标")
    merges.append((1, 1, 1, 11))
    put(2, 10, "单位：亿元、%" if amounts_in_yi else "单位：万元、%")
    merges.append((2, 10, 2, 11))
    put(3, 1, "地  区")
    merges.append((3, 1, 4, 1))
    for first, last, name in (
        (2, 5, "规上工业总产值"),
        (6, 8, "规上工业增加值"),
        (9, 11, "工业投资"),
    ):
        put(3, first, name)
        merges.append((3, first, 3, last))
    heads = ["本月", f"1-{m}月累计", "同比增长(%)", "位次", "当月增长(%)", "累计增长(%)", "位次",
             f"1-{m}月(亿元)", "增速(%)", "县(市)位次"]  # fmt: skip
    for j, h in enumerate(heads):
        put(4, 2 + j, h)
    if extra_column:
        put(3, 12, extra_column)
        put(4, 12, "1-6月")
    scale = 1e-4 if amounts_in_yi else 1.0
    put(5, 1, "全市")
    put(5, 2, round(float(n.output_month.sum()) * scale, 4))
    put(5, 3, round(float(n.output_cum.sum()) * scale, 4))
    put(5, 4, 12.3)
    put(5, 9, round(float(n.inv_cum.sum()), 2))
    # row 6: a blank spacer row
    for i in range(12):
        r = 7 + i
        put(r, 1, LABELS[i])
        put(r, 2, round(float(n.output_month[i]) * scale, 4))
        cum = round(float(n.output_cum[i]) * scale, 4)
        # numbers stored as text, with a thousands separator
        put(r, 3, f"{cum:,}" if i % 3 == 0 else cum)
        put(r, 4, str(n.output_yoy[i]) if i % 2 else float(n.output_yoy[i]))
        put(r, 5, int(n.output_rank[i]))
        put(r, 6, float(n.va_month_yoy[i]))
        put(r, 7, float(n.va_yoy[i]))
        put(r, 8, f"第{n.va_rank[i]}位" if i == 0 else int(n.va_rank[i]))
        put(r, 9, float(n.inv_cum[i]))
        put(r, 10, float(n.inv_yoy[i]))
        put(r, 11, int(n.inv_rank_counties[i]) if n.inv_rank_counties[i] else "—")
        if extra_column:
            put(r, 12, 100.0 + i)
    last = 18
    if extra_label:
        last = 19
        put(19, 1, extra_label)
        for c in range(2, 12):
            put(19, c, 1.0)
    put(last + 2, 1, "注：1.本表数据为快报数；2.位次按累计增速排列。")
    merges.append((last + 2, 1, last + 2, 11))
    put(last + 3, 1, "数据来源：江洲市统计局")
    return cells, merges


def write_workbook(path: Path, n: Numbers, title: str | None = None, sheet: str | None = None,
                   **kw) -> Path:  # fmt: skip
    """The release as .xlsx (merged cells as Excel keeps them)."""
    cells, merges = layout(n, title, **kw)
    wb = Workbook()
    ws = wb.active
    ws.title = sheet or f"{n.month}月"
    for (r, c), v in cells.items():
        ws.cell(r, c, v)
    for r0, c0, r1, c1 in merges:
        ws.merge_cells(start_row=r0, start_column=c0, end_row=r1, end_column=c1)
    wb.save(path)
    return path


def write_xls(path: Path, n: Numbers, **kw) -> Path:
    """The release as an Excel 97-2003 .xls (xlwt), merged cells included."""
    import xlwt

    cells, merges = layout(n, **kw)
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(f"{n.month}月")
    merged_tops = {(r0, c0): (r1, c1) for r0, c0, r1, c1 in merges}
    covered = {
        (r, c) for r0, c0, r1, c1 in merges for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)
    }
    for (r, c), v in cells.items():
        if (r, c) in merged_tops:
            r1, c1 = merged_tops[(r, c)]
            ws.write_merge(r - 1, r1 - 1, c - 1, c1 - 1, v)
        elif (r, c) not in covered:
            ws.write(r - 1, c - 1, v)
    book.save(str(path))
    return path


def write_csv(path: Path, n: Numbers, encoding: str = "gb18030", **kw) -> Path:
    """The release saved as CSV from Excel: no merged cells (a group's name over its first
    column only), GB18030 as Chinese Windows writes it."""
    import csv

    cells, _ = layout(n, **kw)
    rows = max(r for r, _ in cells)
    cols = max(c for _, c in cells)
    grid = [["" for _ in range(cols)] for _ in range(rows)]
    for (r, c), v in cells.items():
        grid[r - 1][c - 1] = "" if v is None else str(v)
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(grid)
    return path


def make_dataset(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "regions.csv").write_text(REGIONS_CSV, encoding="utf-8")
    return folder

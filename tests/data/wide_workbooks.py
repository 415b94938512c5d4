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
    rng = np.random.default_rng(seed + month)
    cum = np.round(rng.uniform(300_000, 2_000_000, 12), 0)
    mon = np.round(cum / month * rng.uniform(0.9, 1.1, 12), 0)
    yoy = np.round(rng.uniform(-5, 25, 12), 1)
    va_yoy = np.round(rng.uniform(-3, 15, 12), 1)
    inv_yoy = np.round(rng.uniform(-20, 40, 12), 1)
    counties = np.array([u in COUNTIES for u in UNITS])
    inv_rank = np.zeros(12, int)
    inv_rank[counties] = _rank(inv_yoy[counties])
    return Numbers(
        year, month, mon, cum, yoy, _rank(yoy),
        np.round(rng.uniform(-8, 20, 12), 1), va_yoy, _rank(va_yoy),
        np.round(rng.uniform(5, 60, 12), 2), inv_yoy, inv_rank,
    )  # fmt: skip


def write_workbook(path: Path, n: Numbers, title: str | None = None, sheet: str | None = None):
    wb = Workbook()
    ws = wb.active
    ws.title = sheet or f"{n.month}月"
    m = n.month
    ws["A1"] = title if title is not None else f"{n.year}年1-{m}月全市规模以上工业主要指标"
    ws.merge_cells("A1:K1")
    ws["J2"] = "单位：万元、%"
    ws.merge_cells("J2:K2")
    ws["A3"] = "地  区"
    ws.merge_cells("A3:A4")
    for first, last, name in (("B", "E", "规上工业总产值"), ("F", "H", "规上工业增加值"),
                              ("I", "K", "工业投资")):  # fmt: skip
        ws[f"{first}3"] = name
        ws.merge_cells(f"{first}3:{last}3")
    heads = ["本月", f"1-{m}月累计", "同比增长(%)", "位次", "当月增长(%)", "累计增长(%)", "位次",
             f"1-{m}月(亿元)", "增速(%)", "县(市)位次"]  # fmt: skip
    for j, h in enumerate(heads):
        ws.cell(4, 2 + j, h)
    ws.cell(5, 1, "全市")
    ws.cell(5, 2, float(n.output_month.sum()))
    ws.cell(5, 3, float(n.output_cum.sum()))
    ws.cell(5, 4, 12.3)
    ws.cell(5, 9, round(float(n.inv_cum.sum()), 2))
    # row 6: a blank spacer row
    for i in range(12):
        r = 7 + i
        ws.cell(r, 1, LABELS[i])
        ws.cell(r, 2, float(n.output_month[i]))
        # numbers stored as text, with a thousands separator
        ws.cell(r, 3, f"{n.output_cum[i]:,.0f}" if i % 3 == 0 else float(n.output_cum[i]))
        ws.cell(r, 4, str(n.output_yoy[i]) if i % 2 else float(n.output_yoy[i]))
        ws.cell(r, 5, int(n.output_rank[i]))
        ws.cell(r, 6, float(n.va_month_yoy[i]))
        ws.cell(r, 7, float(n.va_yoy[i]))
        ws.cell(r, 8, f"第{n.va_rank[i]}位" if i == 0 else int(n.va_rank[i]))
        ws.cell(r, 9, float(n.inv_cum[i]))
        ws.cell(r, 10, float(n.inv_yoy[i]))
        ws.cell(r, 11, int(n.inv_rank_counties[i]) if n.inv_rank_counties[i] else "—")
    ws.cell(20, 1, "注：1.本表数据为快报数；2.位次按累计增速排列。")
    ws.merge_cells("A20:K20")
    ws.cell(21, 1, "数据来源：江洲市统计局")
    wb.save(path)
    return path


def make_dataset(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "regions.csv").write_text(REGIONS_CSV, encoding="utf-8")
    return folder

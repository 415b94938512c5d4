"""Seeded, deterministic demo data set: the fictional city 江洲市 and its county 清水县.

``generate_demo(out_dir, seed)`` writes one CSV per table of :data:`halfyear_lib.data.schema.TABLES`
(plus a README) in exactly the input format the loader reads. Everything is fictional: names,
firms, projects and numbers are made up; only the national PPI and PMI series follow the
published figures. The same seed always gives byte-identical files.

How the numbers hang together (so that every sentence of a half-year summary can be computed):

* Flows are modelled as single months (slot 0 = 1-2月 combined, then March..December) with a
  seasonal profile, an underlying annual growth path, a 2020 epidemic dip and noise, then
  cumulated. Amounts are kept as integers of 0.01 万元 so sums are exact.
* Official growth is computed against a comparable base built month by month (last year's
  single month times a small random enterprise-set correction, times this year's price
  change for the real indicators value_added and hitech_value_added), so published levels do
  not divide to the published rate.
* 清水县 (``qingshui``) is described in full: output is split into industries, value added is
  the sum of industry output times the provincial value-added rate, industrial and technical
  renovation investment are the sums of the project table, and the number of above-scale
  firms is counted from the enterprise table.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import string
import tempfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .dictionary import markdown_zh
from .language import tr
from .schema import INDICATORS, TABLES

DICTIONARY_FILE = "数据字典.md"
"""The Chinese data dictionary written next to the demo data (from :mod:`.dictionary`)."""

DEFAULT_SEED = 2021
DEMO_REGION = "qingshui"
CITY_ID = "jiangzhou"

YEARS = tuple(range(2015, 2022))  # 2015 is generated only as the base of 2016's growth
FIRST_YEAR, LAST_YEAR, LAST_MONTH = 2016, 2021, 6
NSLOT = 11  # single-month slots: index 0 = 1-2月, index i = month i + 2
LAST_SLOT = LAST_MONTH - 2
CENTS_PER_YI = 1_000_000  # 1 亿元 = 10,000 万元 = 1,000,000 x 0.01 万元
CENTS_PER_WAN = 100

TABLE_ORDER = (
    "regions",
    "indicators",
    "targets",
    "industries",
    "enterprises",
    "projects",
    "project_monthly",
    "townships",
    "tasks",
    "macro",
)

# ---------------------------------------------------------------- national series

# National PPI year-on-year (%) and manufacturing PMI by month, as published by the NBS
# (transcribed for the demo; check against the official releases before real use).
NATIONAL_PPI = {
    2016: [-5.3, -4.9, -4.3, -3.4, -2.8, -2.6, -1.7, -0.8, 0.1, 1.2, 3.3, 5.5],
    2017: [6.9, 7.8, 7.6, 6.4, 5.5, 5.5, 5.5, 6.3, 6.9, 6.9, 5.8, 4.9],
    2018: [4.3, 3.7, 3.1, 3.4, 4.1, 4.7, 4.6, 4.1, 3.6, 3.3, 2.7, 0.9],
    2019: [0.1, 0.1, 0.4, 0.9, 0.6, 0.0, -0.3, -0.8, -1.2, -1.6, -1.4, -0.5],
    2020: [0.1, -0.4, -1.5, -3.1, -3.7, -3.0, -2.4, -2.0, -2.1, -2.1, -1.5, -0.4],
    2021: [0.3, 1.7, 4.4, 6.8, 9.0, 8.8],
}
NATIONAL_PMI = {
    2016: [49.4, 49.0, 50.2, 50.1, 50.1, 50.0, 49.9, 50.4, 50.4, 51.2, 51.7, 51.4],
    2017: [51.3, 51.6, 51.8, 51.2, 51.2, 51.7, 51.4, 51.7, 52.4, 51.6, 51.8, 51.6],
    2018: [51.3, 50.3, 51.5, 51.4, 51.9, 51.5, 51.2, 51.3, 50.8, 50.2, 50.0, 49.4],
    2019: [49.5, 49.2, 50.5, 50.1, 49.4, 49.4, 49.7, 49.5, 49.8, 49.3, 50.2, 50.2],
    2020: [50.0, 35.7, 52.0, 50.8, 50.6, 50.9, 51.1, 51.0, 51.5, 51.4, 52.1, 51.9],
    2021: [51.3, 50.6, 51.9, 51.1, 51.0, 50.9],
}

# ---------------------------------------------------------------- seasonal shapes

# Weight of each single-month slot in a normal year (1-2月 counts two months but is low).
OUTPUT_SEASON = np.array([1.40, 0.95, 0.97, 1.00, 1.15, 0.98, 0.98, 1.04, 1.00, 1.03, 1.20])
INVEST_SEASON = np.array([1.15, 0.88, 0.93, 0.98, 1.18, 0.95, 1.00, 1.08, 1.03, 1.12, 1.55])
# 2020: multiplicative effect of the epidemic (scaled by each unit's severity), catch-up later.
OUTPUT_COVID = np.array([0.78, 0.91, 0.98, 1.00, 1.01, 1.02, 1.03, 1.03, 1.03, 1.03, 1.03])
INVEST_COVID = np.array([0.68, 0.82, 0.93, 0.98, 1.02, 1.04, 1.05, 1.06, 1.06, 1.07, 1.07])
# cumulative share of the year's applications / registrations reached by each slot
HITECH_APPLY_SHAPE = np.array([0.0, 0.0, 0.3, 0.6, 0.7, 0.7, 0.85, 1.0, 1.0, 1.0, 1.0])
TECH_SME_SHAPE = np.array([0.05, 0.25, 0.55, 0.8, 0.9, 0.92, 0.95, 0.97, 1.0, 1.0, 1.0])

# ---------------------------------------------------------------- the city and its units


@dataclass(frozen=True)
class Unit:
    region_id: str
    name: str
    kind: str
    amount_unit: str  # unit written in indicators/targets: 万元 or 亿元
    output_2019: float  # 亿元, size of the unit


CITY = Unit(CITY_ID, "江洲市", "city", "亿元", 0.0)
UNITS: tuple[Unit, ...] = (
    Unit("qingshui", "清水县", "county", "万元", 160.0),
    Unit("lanxi", "岚溪县", "county", "万元", 232.0),
    Unit("baishi", "白石县", "county", "万元", 126.0),
    Unit("yunxi", "云溪县", "county", "万元", 288.0),
    Unit("fengle", "丰乐县", "county", "万元", 98.0),
    Unit("meiling", "梅岭县", "county", "万元", 181.0),
    Unit("tongxi", "桐溪县", "county", "万元", 143.0),
    Unit("anlan", "安澜市", "county_city", "万元", 405.0),
    Unit("jiangbei", "江北区", "district", "亿元", 362.0),
    Unit("hudong", "湖东区", "district", "亿元", 214.0),
    Unit("jiangzhou_etdz", "江洲经济技术开发区", "zone", "亿元", 515.0),
)
# (unit, indicator) series published as growth rates only
GROWTH_ONLY = {("jiangzhou_etdz", "value_added"), ("jiangbei", "hitech_value_added")}

AMOUNT_CODES = tuple(code for code, spec in INDICATORS.items() if spec.kind == "amount")
COUNT_CODES = tuple(code for code, spec in INDICATORS.items() if spec.kind == "count")
INDICATOR_ORDER = tuple(INDICATORS)
HEADLINE = (
    "output",
    "value_added",
    "industrial_investment",
    "tech_investment",
    "hitech_value_added",
)
REAL_CODES = ("value_added", "hitech_value_added")

# ---------------------------------------------------------------- the demo county

TOWNSHIPS = (
    "清水经开区",
    "城关镇",
    "华阳镇",
    "柳溪镇",
    "桥头镇",
    "白沙镇",
    "龙口镇",
    "新河镇",
    "高桥镇",
    "石塘镇",
    "三圩乡",
    "凤山乡",
)
# share of the county's industrial-investment target and intended share of it done by June
TOWNSHIP_TARGET_SHARE = np.array(
    [0.300, 0.110, 0.110, 0.075, 0.075, 0.065, 0.055, 0.055, 0.045, 0.045, 0.035, 0.035]
)
TOWNSHIP_PROGRESS = np.array(
    [0.470, 0.540, 0.620, 0.570, 0.480, 0.430, 0.390, 0.350, 0.300, 0.210, 0.145, 0.075]
)
NO_NEW_PROJECT_TOWNSHIPS = ("高桥镇", "三圩乡", "凤山乡")  # no project entered the library in 2021

INDUSTRIES = ("针织服装", "大米加工", "棉纱", "机械制造", "电子电器", "锰基新材料", "食品", "建材")
INDUSTRY_SHARE = np.array([0.42, 0.14, 0.10, 0.09, 0.08, 0.05, 0.07, 0.05])
INDUSTRY_TREND = np.array([1.03, 0.99, 1.00, 1.02, 1.04, 1.12, 1.00, 0.97])  # relative, per year
INDUSTRY_2021_BOOST = np.array([1.05, 0.98, 1.02, 1.00, 1.00, 1.06, 0.99, 0.98])
VA_RATE = np.array([26.50, 18.20, 22.00, 24.00, 21.00, 30.00, 20.00, 27.00])  # % until 2020
VA_RATE_2021 = np.array([24.80, 16.50, 20.30, 23.80, 21.00, 30.00, 19.80, 27.00])  # provincial cut
PPI_INTERCEPT = np.array([0.3, 0.5, 0.0, 0.2, -0.3, 0.0, 0.8, 0.5])
PPI_SLOPE = np.array([0.45, 0.30, 0.90, 0.35, 0.20, 1.60, 0.20, 0.60])  # x national PPI
FIRM_INDUSTRY_SHARE = np.array([0.40, 0.12, 0.09, 0.12, 0.09, 0.04, 0.09, 0.05])
FIRM_HITECH_PROB = np.array([0.08, 0.03, 0.05, 0.30, 0.45, 0.60, 0.05, 0.10])
INDUSTRY_SUFFIXES = (
    ("针织有限公司", "服饰有限公司", "制衣有限公司"),
    ("米业有限公司", "粮油有限公司"),
    ("纺织有限公司", "棉业有限公司"),
    ("机械有限公司", "精密机械有限公司", "汽车零部件有限公司"),
    ("电子科技有限公司", "电器有限公司", "电路有限公司"),
    ("锰业有限公司", "新材料科技有限公司"),
    ("食品有限公司", "食品科技有限公司"),
    ("建材有限公司", "新型建材有限公司"),
)
INDUSTRY_PRODUCTS = (  # (product, unit, plausible annual capacities)
    (("针织服装", "万件", (300, 500, 1000, 2000)), ("高档针织面料", "吨", (3000, 5000, 10000)),
     ("运动服饰", "万件", (100, 200, 500))),
    (("优质大米", "万吨", (5, 10, 20)), ("米制品", "吨", (5000, 10000, 20000))),
    (("高支棉纱", "万吨", (1, 2, 3)), ("气流纺纱线", "吨", (5000, 10000, 20000))),
    (("汽车零部件", "万套", (20, 50, 100)), ("发动机气门", "万只", (500, 1000, 3000)),
     ("农业机械", "台", (2000, 5000, 10000))),
    (("印制电路板", "万平方米", (10, 30, 50)), ("智能家电配件", "万套", (100, 300, 500)),
     ("微型电机", "万台", (100, 300, 500))),
    (("电池级硫酸锰", "万吨", (1, 2, 5)), ("锰基正极材料", "吨", (2000, 5000, 10000))),
    (("休闲食品", "吨", (5000, 10000, 20000)), ("冷冻调理食品", "吨", (3000, 5000, 10000))),
    (("新型墙体材料", "万立方米", (10, 20, 30)), ("装配式建筑构件", "万立方米", (5, 10, 20))),
)  # fmt: skip
BRAND_CHARS = "华瑞恒盛鑫丰永达宏兴嘉润祥源鸿泰顺昌锦绿金新天东博创宇康和美辰安诚信德凯荣欣越腾飞隆佳明远航汇通"

# entrants and exits of above-scale firms per year (the 2021 entrants are laid out by hand)
FIRM_ENTRANTS = {2016: 10, 2017: 9, 2018: 11, 2019: 8, 2020: 9}
FIRM_EXITS = {2016: 4, 2017: 5, 2018: 6, 2019: 5, 2020: 7, 2021: 4}
ENTRANTS_2021 = (  # (month, route)
    [(1, "growth")] * 8 + [(3, "growth")] * 2 + [(4, "growth")]
    + [(2, "new_project"), (3, "new_project"), (4, "new_project"), (5, "new_project"), (6, "new_project")]
)  # fmt: skip
CANDIDATES = (  # name, township, industry, expected_entry
    ("清水南山金属制品有限公司", "华阳镇", "机械制造", "2021-07"),
    ("清水锦华纺织有限公司", "清水经开区", "棉纱", "2021-08"),
    ("清水源泰纺织有限公司", "柳溪镇", "针织服装", "2021-08"),
)
FLAGSHIP = "清水恒洲针织有限公司"


# ---------------------------------------------------------------- small helpers


def _rng(seed: int, *keys: str) -> np.random.Generator:
    """An independent generator per component, so changing one part leaves the others."""
    return np.random.default_rng([seed, *(zlib.crc32(k.encode("utf-8")) for k in keys)])


def _valid(year: int) -> np.ndarray:
    """Mask of the single-month slots published for ``year`` (2021: up to June)."""
    return np.arange(NSLOT) <= (LAST_SLOT if year == LAST_YEAR else NSLOT - 1)


def _split(total: int, weights) -> np.ndarray:
    """Split an integer total into non-negative integers proportional to weights (exact sum)."""
    w = np.clip(np.asarray(weights, dtype=float), 0.0, None)
    if w.sum() <= 0:
        w = np.ones_like(w)
    raw = total * w / w.sum()
    out = np.floor(raw).astype(np.int64)
    rest = int(total - out.sum())
    order = np.argsort(-(raw - out), kind="stable")
    out[order[:rest]] += 1
    return out


def _cents(x) -> np.ndarray:
    """亿元 (float) -> integer 0.01 万元."""
    return np.rint(np.asarray(x, dtype=float) * CENTS_PER_YI).astype(np.int64)


def _num(x, digits: int) -> str:
    """Fixed-point text without a negative zero; empty for missing."""
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return ""
    return f"{round(float(x), digits) + 0.0:.{digits}f}"


def _amount(cents: int, unit: str) -> str:
    if unit == "万元":
        return f"{cents / CENTS_PER_WAN:.2f}"
    return _num(cents / CENTS_PER_YI, 2)


def _pct(now: float, base: float) -> float | None:
    if base is None or base <= 0 or now is None:
        return None
    return round((now / base - 1.0) * 100.0, 1) + 0.0


def _national_slots(table: dict[int, list[float]]) -> np.ndarray:
    """National monthly series as (year, slot); slot 0 is the mean of January and February."""
    out = np.zeros((len(YEARS), NSLOT))
    for yi, year in enumerate(YEARS):
        months = table.get(year)
        if not months:
            continue
        vals = list(months) + [months[-1]] * (12 - len(months))
        out[yi, 0] = (vals[0] + vals[1]) / 2
        out[yi, 1:] = vals[2:]
    return out


def _ym(year: int, month: int) -> str:
    return f"{year}-{month:02d}"


# ---------------------------------------------------------------- series building blocks


def _flow(rng, annual_2015: float, growth, season, covid, severity: float, noise: float):
    """Single-month values (亿元) for YEARS x slots from an underlying annual path."""
    annual = annual_2015 * np.concatenate([[1.0], np.cumprod(1.0 + np.asarray(growth))])
    out = annual[:, None] * (season / season.sum())[None, :]
    out[YEARS.index(2020)] *= 1.0 + severity * (covid - 1.0)
    out *= 1.0 + rng.normal(0.0, noise, out.shape)
    out[-1, LAST_SLOT + 1 :] = 0.0
    return out


def _comparable_base(rng, single: np.ndarray, sd: float, price: np.ndarray | None = None):
    """Comparable base of years 2016.. (cents): last year's single months x (1 + e) x price."""
    base = single[:-1].astype(float) * (1.0 + rng.normal(0.0, sd, single[:-1].shape))
    if price is not None:
        base *= 1.0 + price[1:] / 100.0
    base = np.rint(base).astype(np.int64)
    base[-1, LAST_SLOT + 1 :] = 0
    return base


@dataclass
class AmountSeries:
    """One amount indicator of one unit: single months and comparable base, in 0.01 万元."""

    single: np.ndarray  # (len(YEARS), NSLOT) int64
    base: np.ndarray  # (len(YEARS) - 1, NSLOT) int64, years 2016..
    written_base: bool = False
    yoy_override: dict[tuple[int, int], float] = field(default_factory=dict)

    def cum(self, year: int) -> np.ndarray:
        return np.cumsum(self.single[YEARS.index(year)])

    def cum_base(self, year: int) -> np.ndarray:
        return np.cumsum(self.base[YEARS.index(year) - 1])

    def value(self, year: int, month: int) -> int:
        return int(self.cum(year)[month - 2])

    def yoy(self, year: int, month: int) -> float | None:
        if (year, month) in self.yoy_override:
            return self.yoy_override[(year, month)]
        return _pct(self.value(year, month), int(self.cum_base(year)[month - 2]))


@dataclass
class CountSeries:
    """A count indicator: the published (cumulative or stock) value per (year, slot)."""

    values: np.ndarray  # (len(YEARS), NSLOT) int

    def value(self, year: int, month: int) -> int:
        return int(self.values[YEARS.index(year), month - 2])

    def yoy(self, year: int, month: int) -> float | None:
        prev = self.values[YEARS.index(year) - 1, month - 2]
        return _pct(self.value(year, month), int(prev)) if prev > 0 else None


@dataclass
class UnitData:
    unit: Unit
    amounts: dict[str, AmountSeries] = field(default_factory=dict)
    counts: dict[str, CountSeries] = field(default_factory=dict)


# ---------------------------------------------------------------- generic units


def _generic_unit(seed: int, unit: Unit, nat_ppi: np.ndarray) -> UnitData:
    rng = _rng(seed, "unit", unit.region_id)
    g_hist = rng.normal(0.085, 0.025, 4)
    growth = [*g_hist, rng.uniform(0.01, 0.06), rng.uniform(0.03, 0.19)]
    out2015 = unit.output_2019 / np.prod(1.0 + g_hist[1:]) / (1.0 + g_hist[0])
    out = _cents(
        _flow(rng, out2015, growth, OUTPUT_SEASON, OUTPUT_COVID, rng.uniform(0.6, 1.4), 0.02)
    )

    rate = rng.uniform(0.21, 0.29) + np.zeros(len(YEARS))
    rate[-1] -= rng.uniform(0.0, 0.015)
    va = np.rint(out * rate[:, None] * (1.0 + rng.normal(0, 0.012, out.shape))).astype(np.int64)
    price = rng.uniform(-0.3, 0.5) + rng.uniform(0.2, 0.7) * nat_ppi
    share = rng.uniform(0.22, 0.34) + 0.01 * np.arange(len(YEARS))
    hitech = np.rint(va * share[:, None] * (1 + rng.normal(0, 0.03, out.shape))).astype(np.int64)

    inv_growth = [*rng.normal(0.10, 0.07, 4), rng.uniform(-0.08, 0.08), rng.uniform(-0.05, 0.25)]
    inv2015 = out2015 * rng.uniform(0.22, 0.34)
    sev = rng.uniform(0.7, 1.4)
    inv = _cents(_flow(rng, inv2015, inv_growth, INVEST_SEASON, INVEST_COVID, sev, 0.06))
    tech_share = rng.uniform(0.30, 0.48) + rng.normal(0, 0.03, len(YEARS))
    tech = np.rint(inv * tech_share[:, None] * (1 + rng.normal(0, 0.05, out.shape))).astype(
        np.int64
    )
    fai_ratio = rng.uniform(1.8, 3.2) * (1 + rng.normal(0, 0.05, len(YEARS)))
    fai = np.rint(inv * fai_ratio[:, None] * (1 + rng.normal(0, 0.04, out.shape))).astype(np.int64)
    rd = np.rint(out * rng.uniform(0.015, 0.03) * (1 + rng.normal(0, 0.1, out.shape))).astype(
        np.int64
    )
    tc_level = out.sum(axis=1, keepdims=True) * rng.uniform(0.006, 0.015) / NSLOT
    tc = np.rint(tc_level * rng.gamma(3.0, 1 / 3.0, out.shape)).astype(np.int64)
    for arr in (va, hitech, tech, fai, rd, tc):
        arr[-1, LAST_SLOT + 1 :] = 0

    data = UnitData(unit)
    for code, single, sd, p in (
        ("output", out, 0.005, None),
        ("value_added", va, 0.005, price),
        ("industrial_investment", inv, 0.008, None),
        ("tech_investment", tech, 0.01, None),
        ("hitech_value_added", hitech, 0.008, price),
        ("fixed_asset_investment", fai, 0.006, None),
        ("rd_expense", rd, 0.01, None),
        ("tech_contracts", tc, 0.01, None),
    ):
        data.amounts[code] = AmountSeries(single, _comparable_base(rng, single, sd, p))

    firms0 = int(unit.output_2019 / rng.uniform(0.55, 0.8))
    data.counts["above_scale_firms"] = CountSeries(_firm_stock(rng, firms0))
    data.counts["hitech_firm_applications"] = CountSeries(
        _yearly_counts(rng, firms0 * rng.uniform(0.05, 0.09), HITECH_APPLY_SHAPE)
    )
    data.counts["tech_smes"] = CountSeries(
        _yearly_counts(rng, firms0 * rng.uniform(0.12, 0.22), TECH_SME_SHAPE)
    )
    return data


def _firm_stock(rng, firms_2015: int) -> np.ndarray:
    """Stock of above-scale firms: annual review in January, a few entrants during the year."""
    stock = np.zeros((len(YEARS), NSLOT), dtype=np.int64)
    level = firms_2015
    for yi in range(len(YEARS)):
        level += int(rng.integers(4, 12)) - int(rng.integers(2, 8))  # January review
        monthly = rng.poisson(0.4, NSLOT)
        monthly[0] = 0
        stock[yi] = level + np.cumsum(monthly)
        level = int(stock[yi, -1])
    stock[-1, LAST_SLOT + 1 :] = 0
    return stock


def _yearly_counts(rng, mean_total: float, shape: np.ndarray) -> np.ndarray:
    out = np.zeros((len(YEARS), NSLOT), dtype=np.int64)
    for yi in range(len(YEARS)):
        total = rng.poisson(mean_total * (1.0 + 0.08 * yi))
        out[yi] = np.floor(total * shape + 1e-9).astype(np.int64)
    out[-1, LAST_SLOT + 1 :] = 0
    return out


# ---------------------------------------------------------------- the demo county


@dataclass
class Firm:
    enterprise_id: str
    name: str
    township: str
    industry: str
    entered: str  # YYYY-MM or ""
    route: str
    hitech: bool | None
    expected_entry: str = ""
    exited: str = ""


@dataclass
class Project:
    project_id: str
    name: str
    township: str
    kind: str
    in_library: bool
    library_month: str
    start_month: str
    attraction: bool
    constraint: str
    reason: str = ""
    planned_wan: float = 0.0  # planned total, 万元
    expected_library_month: str = ""  # 拟入库: the month it should enter the library
    monthly_cap_wan: float = 0.0  # the most it may report in a month (0: no cap)
    first: int = 0  # first period index reported (0 = 2020-02)
    last: int = 15  # last period index reported (15 = 2021-06)
    weight: float = 1.0
    fixed: np.ndarray | None = None  # fixed schedule (cents) over the 16 periods
    monthly: np.ndarray = field(default_factory=lambda: np.zeros(16, dtype=np.int64))


PROJECT_PERIODS = [(2020, m) for m in range(2, 13)] + [(2021, m) for m in range(2, LAST_MONTH + 1)]


def _period_index(year: int, month: int) -> int:
    return PROJECT_PERIODS.index((year, max(month, 2)))


class _Names:
    """Unique fictional firm names."""

    def __init__(self, rng):
        self.rng = rng
        self.used: set[str] = {FLAGSHIP, *(c[0] for c in CANDIDATES)}

    def brand(self) -> str:
        while True:
            a, b = self.rng.choice(list(BRAND_CHARS), 2, replace=False)
            brand = a + b
            if not any(brand in u for u in self.used):
                return brand

    def firm(self, industry_idx: int) -> str:
        suffix = self.rng.choice(INDUSTRY_SUFFIXES[industry_idx])
        prefix = "清水" if self.rng.random() < 0.7 else "江洲"
        name = f"{prefix}{self.brand()}{suffix}"
        self.used.add(name)
        return name


def _demo_enterprises(seed: int) -> list[Firm]:
    rng = _rng(seed, "enterprises")
    names = _Names(rng)
    town_w = np.array([0.26] + [0.74 / (len(TOWNSHIPS) - 1)] * (len(TOWNSHIPS) - 1))
    town_w = town_w * rng.uniform(0.6, 1.4, len(TOWNSHIPS))
    town_w /= town_w.sum()
    firms: list[Firm] = []

    def new_firm(entered: str, route: str, hitech_boost: float = 1.0) -> Firm:
        ind = int(rng.choice(len(INDUSTRIES), p=FIRM_INDUSTRY_SHARE))
        town = str(rng.choice(TOWNSHIPS, p=town_w))
        hitech = bool(rng.random() < FIRM_HITECH_PROB[ind] * hitech_boost)
        firm = Firm("", names.firm(ind), town, INDUSTRIES[ind], entered, route, hitech)
        firms.append(firm)
        return firm

    firms.append(Firm("", FLAGSHIP, "清水经开区", "针织服装", "2008-01", "", True))
    years = rng.choice(np.arange(1998, 2016), 199, p=_recent_weights(1998, 2016))
    for year in np.sort(years):
        month = 1 if rng.random() < 0.7 else int(rng.integers(2, 13))
        new_firm(_ym(int(year), month), "")
    for year in range(2016, 2021):
        for _ in range(FIRM_ENTRANTS[year] + int(rng.integers(-1, 2))):
            if rng.random() < 0.65:
                month = 1 if rng.random() < 0.8 else int(rng.integers(2, 13))
                new_firm(_ym(year, month), "growth")
            else:
                new_firm(_ym(year, int(rng.integers(1, 13))), "new_project", 1.3)
    for month, route in ENTRANTS_2021:
        new_firm(_ym(2021, month), route, 1.3)
    firms.sort(key=lambda f: (f.entered, f.name))
    # exits at the annual review: firms that were above scale the whole previous year
    for year, n in FIRM_EXITS.items():
        pool = [
            f for f in firms if f.entered < f"{year - 1}-01" and not f.exited and f.name != FLAGSHIP
        ]
        for idx in rng.choice(len(pool), n, replace=False):
            pool[int(idx)].exited = _ym(year, 1)
    for name, town, industry, expected in CANDIDATES:
        firms.append(Firm("", name, town, industry, "", "", False, expected_entry=expected))
    for i, firm in enumerate(firms, start=1):
        firm.enterprise_id = f"QS{i:04d}"
    return firms


def _recent_weights(first: int, stop: int) -> np.ndarray:
    w = np.linspace(1.0, 3.0, stop - first)
    return w / w.sum()


def _firm_counts(firms: list[Firm]) -> np.ndarray:
    """Above-scale firms at each (year, slot): entered <= month and not exited by then."""
    out = np.zeros((len(YEARS), NSLOT), dtype=np.int64)
    for yi, year in enumerate(YEARS):
        for s in range(NSLOT):
            ym = _ym(year, s + 2)
            out[yi, s] = sum(
                1
                for f in firms
                if f.entered and f.entered <= ym and not (f.exited and f.exited <= ym)
            )
    out[-1, LAST_SLOT + 1 :] = 0
    return out


@dataclass
class DemoCounty:
    data: UnitData
    firms: list[Firm]
    projects: list[Project]
    industries: dict  # industry -> dict(year -> arrays)
    township_targets: dict[int, np.ndarray]  # year -> cents per township
    targets: dict[tuple[str, str], float]  # (indicator, kind) -> target in written units
    targets_2020: dict[tuple[str, str], float]
    tasks: list[list[str]]


def _demo_county(seed: int, nat_ppi: np.ndarray) -> DemoCounty:
    rng = _rng(seed, "demo", "series")
    unit = UNITS[0]
    # ---- output: underlying path, 2020 dip, 2021 rebound
    growth = [0.085, 0.09, 0.08, 0.07, 0.035, 0.14]
    growth = list(np.asarray(growth) + rng.normal(0, 0.004, 6))
    out = _cents(_flow(rng, 116.0, growth, OUTPUT_SEASON, OUTPUT_COVID, 1.0, 0.02))

    # ---- industries (2018..2021; 2018 only as the base of 2019)
    ind_years = (2018, 2019, 2020, 2021)
    ind_out = {y: np.zeros((len(INDUSTRIES), NSLOT), dtype=np.int64) for y in ind_years}
    for y in ind_years:
        yi = YEARS.index(y)
        share = INDUSTRY_SHARE * INDUSTRY_TREND ** (y - 2018)
        if y == 2021:
            share = share * INDUSTRY_2021_BOOST
        for s in np.flatnonzero(_valid(y)):
            w = share * (1.0 + rng.normal(0, 0.03, len(INDUSTRIES)))
            ind_out[y][:, s] = _split(int(out[yi, s]), w)
    rates = {y: (VA_RATE_2021 if y == 2021 else VA_RATE) for y in ind_years}
    ind_ppi = {}
    for y in ind_years:
        nat = nat_ppi[YEARS.index(y)]
        ind_ppi[y] = (
            PPI_INTERCEPT[:, None]
            + PPI_SLOPE[:, None] * nat[None, :]
            + rng.normal(0, 0.3, (len(INDUSTRIES), NSLOT))
        )
    ind_prev = {}
    for y in ind_years[1:]:
        e = rng.normal(0, 0.004, (len(INDUSTRIES), NSLOT))
        prev = np.rint(ind_out[y - 1] * (1.0 + e)).astype(np.int64)
        prev[:, ~_valid(y)] = 0
        ind_prev[y] = prev

    # ---- value added = sum of industry output x provincial rate (2018..), earlier at the mean rate
    va = np.zeros_like(out)
    va_price = np.zeros((len(YEARS), NSLOT))
    for yi, y in enumerate(YEARS):
        if y in ind_out:
            w_va = ind_out[y] * rates[y][:, None] / 100.0
            va[yi] = np.rint(w_va.sum(axis=0) * (1 + rng.normal(0, 0.008, NSLOT)))
            with np.errstate(invalid="ignore", divide="ignore"):
                va_price[yi] = np.nan_to_num((w_va * ind_ppi[y]).sum(axis=0) / w_va.sum(axis=0))
        else:
            mean_rate = float((INDUSTRY_SHARE * VA_RATE).sum() / 100.0) - 0.002 * (2018 - y)
            va[yi] = np.rint(out[yi] * mean_rate * (1 + rng.normal(0, 0.01, NSLOT)))
            va_price[yi] = 0.3 + 0.4 * nat_ppi[yi]
    va[-1, LAST_SLOT + 1 :] = 0

    # ---- output base: 2016-18 from last year's total, 2019-21 the sum of industry bases
    out_base = _comparable_base(rng, out, 0.004)
    for y in ind_years[1:]:
        out_base[YEARS.index(y) - 1] = ind_prev[y].sum(axis=0)
    va_base = _comparable_base(rng, va, 0.004, va_price)

    share_ht = 0.245 + 0.011 * np.arange(len(YEARS))
    share_ht[-1] += 0.01
    hitech = np.rint(va * share_ht[:, None] * (1 + rng.normal(0, 0.025, va.shape))).astype(np.int64)
    hitech_base = _comparable_base(rng, hitech, 0.006, va_price)

    # ---- investment up to 2019 from the model, 2020-21 from the project table
    inv_growth = [0.11, 0.09, 0.12, 0.08, 0.02, 0.0]
    inv_model = _cents(_flow(rng, 31.0, inv_growth, INVEST_SEASON, INVEST_COVID, 1.0, 0.05))
    tech_share = np.array([0.34, 0.35, 0.37, 0.38, 0.39, 0.40, 0.40])
    tech_model = np.rint(inv_model * tech_share[:, None] * (1 + rng.normal(0, 0.05, out.shape)))
    tech_model = tech_model.astype(np.int64)

    projects, township_targets, inv_target_cents = _demo_projects(seed, inv_model)
    inv = inv_model.copy()
    tech = tech_model.copy()
    for yi, y in ((YEARS.index(2020), 2020), (YEARS.index(2021), 2021)):
        inv[yi] = 0
        tech[yi] = 0
        for p in projects:
            for t, (py, pm) in enumerate(PROJECT_PERIODS):
                if py == y and p.monthly[t]:
                    inv[yi, pm - 2] += p.monthly[t]
                    if p.kind == "tech_renovation":
                        tech[yi, pm - 2] += p.monthly[t]
    fai_ratio = np.array([2.3, 2.4, 2.45, 2.5, 2.55, 2.65, 2.6]) * (1 + rng.normal(0, 0.02, 7))
    fai = np.rint(inv * fai_ratio[:, None] * (1 + rng.normal(0, 0.04, out.shape))).astype(np.int64)
    rd = np.rint(out * 0.0255 * (1 + rng.normal(0, 0.08, out.shape))).astype(np.int64)
    tc_level = np.array([0.8, 0.9, 1.0, 1.1, 1.2, 1.3, 2.8]) * CENTS_PER_YI / NSLOT
    tc = np.rint(tc_level[:, None] * rng.gamma(4.0, 1 / 4.0, out.shape)).astype(np.int64)
    for arr in (fai, rd, tc, hitech):
        arr[-1, LAST_SLOT + 1 :] = 0

    data = UnitData(unit)
    data.amounts["output"] = AmountSeries(out, out_base, written_base=True)
    data.amounts["value_added"] = AmountSeries(va, va_base, written_base=True)
    data.amounts["hitech_value_added"] = AmountSeries(hitech, hitech_base)
    for code, single, sd in (
        ("industrial_investment", inv, 0.006),
        ("tech_investment", tech, 0.008),
        ("fixed_asset_investment", fai, 0.005),
        ("rd_expense", rd, 0.01),
        ("tech_contracts", tc, 0.01),
    ):
        data.amounts[code] = AmountSeries(single, _comparable_base(rng, single, sd))

    firms = _demo_enterprises(seed)
    data.counts["above_scale_firms"] = CountSeries(_firm_counts(firms))
    apply_totals = [9, 11, 14, 16, 19, 21, 23]
    data.counts["hitech_firm_applications"] = CountSeries(
        np.array([np.floor(n * HITECH_APPLY_SHAPE + 1e-9) for n in apply_totals], dtype=np.int64)
    )
    sme_totals = [18, 24, 31, 38, 46, 55, 62]
    data.counts["tech_smes"] = CountSeries(
        np.array([np.floor(n * TECH_SME_SHAPE + 1e-9) for n in sme_totals], dtype=np.int64)
    )
    for c in data.counts.values():
        c.values[-1, LAST_SLOT + 1 :] = 0

    industries = {
        "output": ind_out,
        "prev": ind_prev,
        "rates": rates,
        "ppi": ind_ppi,
    }
    targets, targets_2020 = _demo_targets(seed, data, inv_target_cents)
    tasks = _demo_tasks(data, projects, firms, ind_out, targets, targets_2020)
    return DemoCounty(
        data, firms, projects, industries, township_targets, targets, targets_2020, tasks
    )


def _demo_projects(seed: int, inv_model: np.ndarray):
    """Projects, their single-month reported investment (cents) and township targets."""
    rng = _rng(seed, "demo", "projects")
    n_t, n_p = len(TOWNSHIPS), len(PROJECT_PERIODS)
    # ---- 2020: county months from the model, split across townships
    i2020 = inv_model[YEARS.index(2020)]
    share20 = TOWNSHIP_TARGET_SHARE * rng.uniform(0.8, 1.2, n_t)
    cells = np.zeros((n_t, n_p), dtype=np.int64)
    for s in range(NSLOT):
        cells[:, s] = _split(int(i2020[s]), share20 * (1 + rng.normal(0, 0.12, n_t)))
    # ---- 2021: county target from the wanted 1-6月 growth and share of target
    h1_2020 = int(i2020[: LAST_SLOT + 1].sum())
    want_share = rng.uniform(0.432, 0.448)
    want_growth = rng.uniform(0.17, 0.23)
    target21 = _round_to(h1_2020 * (1 + want_growth) / want_share, 100_000)  # 1000 万元
    t_targets = np.rint(target21 * TOWNSHIP_TARGET_SHARE * rng.uniform(0.9, 1.1, n_t) / 1e4)
    t_targets = t_targets.astype(np.int64) * 10_000  # whole 100 万元
    t_targets[0] += target21 - t_targets.sum()
    progress = (
        TOWNSHIP_PROGRESS * want_share / float((TOWNSHIP_PROGRESS * t_targets).sum() / target21)
    )
    done_h1 = np.rint(progress * t_targets).astype(np.int64)
    season = INVEST_SEASON[: LAST_SLOT + 1]
    for t in range(n_t):
        cells[t, NSLOT:] = _split(int(done_h1[t]), season * (1 + rng.normal(0, 0.12, len(season))))

    projects = _project_list(rng)
    # fixed schedules first, then the rest of each cell goes to the flexible projects
    fixed_total = np.zeros_like(cells)
    ti = {name: i for i, name in enumerate(TOWNSHIPS)}
    for p in projects:
        if p.fixed is not None:
            fixed_total[ti[p.township]] += p.fixed
    short = fixed_total > 0.75 * cells
    cells[short] = np.ceil(fixed_total[short] / 0.75).astype(np.int64)
    for t, town in enumerate(TOWNSHIPS):
        flex = [p for p in projects if p.township == town and p.in_library and p.fixed is None]
        for k in range(n_p):
            active = [p for p in flex if p.first <= k <= p.last]
            if not active:  # the township's first anchor reports from its library month
                active = flex[:1]
            rest = int(cells[t, k] - fixed_total[t, k])
            tech = [p for p in active if p.kind == "tech_renovation"]
            other = [p for p in active if p.kind != "tech_renovation"]
            tech_part = int(round(rest * rng.uniform(0.34, 0.5))) if tech and other else 0
            groups = (
                ((tech, tech_part), (other, rest - tech_part))
                if tech and other
                else ((active, rest),)
            )
            for group, amount in groups:
                w = np.array([p.weight for p in group]) * rng.uniform(0.75, 1.25, len(group))
                for p, a in zip(group, _split(amount, w), strict=True):
                    p.monthly[k] = a
    for p in projects:
        if p.fixed is not None:
            p.monthly = p.fixed.copy()
    # planned totals: fully reported = what was reported; otherwise a balance is left
    for p in projects:
        reported = p.monthly.sum() / CENTS_PER_WAN
        if not p.in_library or p.planned_wan:
            continue
        months_active = p.last - p.first + 1
        done = min(0.9, rng.uniform(0.1, 0.25) + 0.035 * months_active)
        planned = max(reported / done, 600.0)
        p.planned_wan = float(np.ceil(planned / 10.0) * 10.0)
    # ---- township targets of 2020: actual / a completion rate around 100%
    done20 = cells[:, :NSLOT].sum(axis=1)
    t20 = np.rint(done20 / rng.uniform(0.86, 1.12, n_t) / 1e4).astype(np.int64) * 10_000
    return projects, {2020: t20, 2021: t_targets}, {2020: int(t20.sum()), 2021: target21}


def _project_list(rng) -> list[Project]:
    """The demo county's project library (in and out), before amounts are allocated."""
    names = _Names(rng)
    projects: list[Project] = []

    def ind_name(kind: str, industry: int, firm: str | None = None) -> str:
        options = INDUSTRY_PRODUCTS[industry]
        product, unit, sizes = options[int(rng.integers(len(options)))]
        short = (firm or names.firm(industry)).replace("有限公司", "")
        size = int(rng.choice(sizes))
        if kind == "tech_renovation":
            what = rng.choice(["智能化技术改造项目", "数字化车间改造项目", "生产线技术改造项目"])
            return f"{short}{'' if product in short else product}{what}"
        if kind == "expansion":
            return f"{short}年产{size}{unit}{product}扩建项目"
        return f"{short}年产{size}{unit}{product}生产项目"

    def add(town, kind, lib, start, *, attraction=False, constraint="none", reason="", **kw):
        industry = int(rng.choice(len(INDUSTRIES), p=FIRM_INDUSTRY_SHARE))
        name = kw.pop("name", None) or ind_name(kind, industry)
        in_lib = bool(lib)
        p = Project(
            "",
            name,
            town,
            kind,
            in_lib,
            lib or "",
            start or "",
            attraction,
            constraint,
            reason,
            **kw,
        )
        if in_lib:
            y, m = (int(x) for x in lib.split("-"))
            p.first = _period_index(y, m)
        projects.append(p)
        return p

    # two long-running anchors per township (one technical renovation), in library since 2020
    for town in TOWNSHIPS:
        big = 2.5 if town == "清水经开区" else 1.0
        add(
            town,
            "tech_renovation",
            "2020-02",
            _ym(2019, int(rng.integers(6, 13))),
            weight=big * rng.lognormal(0, 0.3),
        )
        add(
            town,
            str(rng.choice(["new", "expansion"])),
            "2020-02",
            _ym(2019, int(rng.integers(3, 13))),
            attraction=bool(rng.random() < 0.5),
            weight=big * rng.lognormal(0, 0.3),
        )
    add(
        "清水经开区",
        "infrastructure",
        "2020-05",
        "2020-04",
        name="清水经开区标准化厂房及配套基础设施项目",
        weight=1.2,
    )
    add("清水经开区", "tech_renovation", "2020-08", "2020-06", weight=1.5)
    # more 2020 entries (some paused by land or planning)
    for town, kind, lib, cons in (
        ("城关镇", "expansion", "2020-06", "none"),
        ("华阳镇", "new", "2020-09", "none"),
        ("柳溪镇", "tech_renovation", "2020-07", "none"),
        ("桥头镇", "new", "2020-10", "land"),
        ("白沙镇", "expansion", "2020-11", "planning"),
        ("高桥镇", "tech_renovation", "2020-05", "none"),
    ):
        add(
            town,
            kind,
            lib,
            _ym(2020, int(lib[-2:]) - 1),
            attraction=kind == "new",
            constraint=cons,
            weight=rng.lognormal(-0.2, 0.3),
        )
    # 2021 entries: mostly technical renovation and expansion, few new projects
    new_2021 = (
        ("清水经开区", "new", 2), ("清水经开区", "tech_renovation", 3), ("清水经开区", "expansion", 5),
        ("清水经开区", "tech_renovation", 6), ("城关镇", "tech_renovation", 2), ("城关镇", "expansion", 4),
        ("华阳镇", "tech_renovation", 3), ("华阳镇", "new", 5), ("华阳镇", "expansion", 6),
        ("柳溪镇", "tech_renovation", 4), ("桥头镇", "expansion", 3), ("白沙镇", "tech_renovation", 5),
        ("龙口镇", "tech_renovation", 2), ("新河镇", "new", 4), ("石塘镇", "tech_renovation", 6),
        ("龙口镇", "expansion", 6),
    )  # fmt: skip
    for town, kind, m in new_2021:
        add(
            town,
            kind,
            _ym(2021, m),
            _ym(2021, max(1, m - int(rng.integers(1, 3)))),
            attraction=kind == "new",
            weight=rng.lognormal(-0.3, 0.35),
        )
    # fixed schedules: fully reported (2020, or by the first quarter of 2021), cannot report,
    # and the slow infrastructure project with a large balance
    fixed = (  # town, kind, library month, last month reported, planned (万元), constraint, name
        ("城关镇", "expansion", "2020-02", (2020, 10), 3_200.0, "fully_reported", None),
        ("华阳镇", "new", "2020-04", (2020, 11), 5_000.0, "fully_reported", None),
        ("清水经开区", "tech_renovation", "2020-09", (2021, 3), 6_500.0, "fully_reported",
         "清水精锐发动机气门数字化生产线项目"),
        ("柳溪镇", "tech_renovation", "2020-11", (2021, 3), 2_800.0, "fully_reported", None),
        ("城关镇", "tech_renovation", "2021-02", (2021, 3), 1_200.0, "fully_reported", None),
        ("清水经开区", "new", "2020-03", (2020, 9), 0.0, "cannot_report",
         "华腾电子年产50万平方米柔性电路板项目"),
        ("华阳镇", "new", "2020-05", (2020, 10), 0.0, "cannot_report", "瑞康医疗器械生产项目"),
        ("城关镇", "expansion", "2020-02", (2020, 8), 0.0, "cannot_report", "贝乐童装扩建项目"),
        ("石塘镇", "new", "2020-06", (2020, 10), 0.0, "cannot_report", "青峰岭风电场建设项目"),
    )  # fmt: skip
    for town, kind, lib, last, planned, cons, name in fixed:
        y, m = (int(x) for x in lib.split("-"))
        p = add(
            town,
            kind,
            lib,
            _ym(y - (m == 1), m - 1 if m > 1 else 12),
            attraction=kind == "new",
            constraint=cons,
            name=name,
        )
        p.last = _period_index(*last)
        n = p.last - p.first + 1
        if cons == "fully_reported":
            p.planned_wan = planned
            total = int(planned * CENTS_PER_WAN)
        else:
            total = int(rng.uniform(1_500, 6_000)) * CENTS_PER_WAN
            p.planned_wan = float(
                np.ceil(total / CENTS_PER_WAN / rng.uniform(0.35, 0.6) / 100) * 100
            )
        p.fixed = np.zeros(len(PROJECT_PERIODS), dtype=np.int64)
        p.fixed[p.first : p.last + 1] = _split(total, rng.uniform(0.6, 1.4, n))
    slow = add(
        "清水经开区",
        "infrastructure",
        "2020-07",
        "2020-03",
        constraint="slow_reporting",
        name="清水县污水处理基础设施建设项目",
    )
    slow.planned_wan = 126_000.0
    slow.monthly_cap_wan = 400.0  # infrastructure: at most 400万元 a month may be reported
    slow.fixed = np.zeros(len(PROJECT_PERIODS), dtype=np.int64)
    slow.fixed[slow.first :] = np.rint(
        rng.uniform(150, 380, len(PROJECT_PERIODS) - slow.first) * 100
    )
    # not in the library: investment-attraction projects of 2019-2020 by reason
    outside = (
        ("withdrawn", "华阳镇", 12_000.0, "2019-05", "none"),
        ("withdrawn", "新河镇", 3_000.0, "", "none"),
        ("withdrawn", "三圩乡", 8_000.0, "2020-03", "none"),
        ("not_started", "清水经开区", 25_000.0, "", "land"),
        ("not_started", "桥头镇", 15_000.0, "", "planning"),
        ("not_started", "凤山乡", 6_000.0, "", "land"),
        ("not_started", "龙口镇", 10_000.0, "", "none"),
        ("not_started", "高桥镇", 4_500.0, "", "none"),
        ("leased_no_invoice", "城关镇", 2_000.0, "2019-08", "none"),
        ("leased_no_invoice", "清水经开区", 11_000.0, "2019-10", "none"),
        ("leased_no_invoice", "柳溪镇", 1_500.0, "2020-04", "none"),
        ("leased_no_invoice", "白沙镇", 3_500.0, "2020-06", "none"),
        ("leased_no_invoice", "石塘镇", 2_500.0, "2019-11", "none"),
        ("leased_no_invoice", "三圩乡", 1_800.0, "2020-09", "none"),
    )
    for reason, town, planned, start, cons in outside:
        kind = "new" if reason != "leased_no_invoice" or rng.random() < 0.7 else "expansion"
        p = add(town, kind, "", start, attraction=True, constraint=cons, reason=reason)
        p.planned_wan = planned
    # about to enter the library in July: started, not yet in
    for town, planned, industry in (
        ("清水经开区", 30_000.0, 2),
        ("华阳镇", 15_000.0, 0),
        ("城关镇", 8_000.0, 6),
    ):
        p = add(town, "new", "", "2021-06", reason="pending", name=ind_name("new", industry))
        p.planned_wan = planned
        p.expected_library_month = "2021-07"
    for i, p in enumerate(projects, start=1):
        p.project_id = f"QSP{i:03d}"
    return projects


def _round_to(cents: float, step_cents: int) -> int:
    return int(round(cents / step_cents) * step_cents)


def _demo_targets(seed: int, data: UnitData, inv_targets: dict[int, int]):
    """Annual targets of 清水县 (amounts in cents, counts in 家, growth in %)."""
    rng = _rng(seed, "demo", "targets")
    a = data.amounts
    yi = YEARS.index

    def annual(code, year):
        return float(a[code].single[yi(year)].sum())

    def h1(code):
        return float(a[code].value(2021, LAST_MONTH))

    firms = data.counts["above_scale_firms"]
    t21 = {
        ("output", "value"): _round_to(h1("output") / rng.uniform(0.51, 0.54), CENTS_PER_YI),
        ("value_added", "growth_pct"): 8.0,
        ("value_added", "value"): _round_to(annual("value_added", 2020) * 1.10, CENTS_PER_YI // 10),
        ("industrial_investment", "value"): inv_targets[2021],
        ("tech_investment", "value"): _round_to(inv_targets[2021] * 0.40, CENTS_PER_YI // 10),
        ("hitech_value_added", "value"): _round_to(
            annual("hitech_value_added", 2020) * 1.15, CENTS_PER_YI // 10
        ),
        ("fixed_asset_investment", "value"): _round_to(
            h1("fixed_asset_investment") / rng.uniform(0.478, 0.49), CENTS_PER_YI
        ),
        ("above_scale_firms", "value"): firms.value(2020, 12) + 14,
        ("rd_expense", "value"): _round_to(annual("rd_expense", 2020) * 1.12, CENTS_PER_YI // 10),
        ("tech_contracts", "value"): _round_to(h1("tech_contracts") / 1.15, CENTS_PER_YI // 10),
        ("hitech_firm_applications", "value"): 24,
        ("tech_smes", "value"): 70,
    }
    t20 = {
        ("output", "value"): _round_to(annual("output", 2019) * 1.08, CENTS_PER_YI),
        ("value_added", "growth_pct"): 7.5,
        ("value_added", "value"): _round_to(
            annual("value_added", 2019) * 1.075, CENTS_PER_YI // 10
        ),
        ("industrial_investment", "value"): inv_targets[2020],
        ("tech_investment", "value"): _round_to(inv_targets[2020] * 0.38, CENTS_PER_YI // 10),
        ("hitech_value_added", "value"): _round_to(
            annual("hitech_value_added", 2019) * 1.10, CENTS_PER_YI // 10
        ),
        ("fixed_asset_investment", "value"): _round_to(
            annual("fixed_asset_investment", 2019) * 1.10, CENTS_PER_YI
        ),
        ("above_scale_firms", "value"): firms.value(2019, 12) + 10,
        ("rd_expense", "value"): int(annual("rd_expense", 2020) // (CENTS_PER_YI // 2))
        * (CENTS_PER_YI // 2),  # a round number that 2020 beat
        ("tech_contracts", "value"): _round_to(
            annual("tech_contracts", 2019) * 1.15, CENTS_PER_YI // 10
        ),
        ("hitech_firm_applications", "value"): 18,
        ("tech_smes", "value"): 50,
    }
    return t21, t20


def _generic_targets(seed: int, data: UnitData) -> dict[int, dict[tuple[str, str], float]]:
    rng = _rng(seed, "targets", data.unit.region_id)
    out = {}
    for year in (2020, 2021):
        prev = year - 1
        t = {}
        for code in AMOUNT_CODES:
            growth_only = (data.unit.region_id, code) in GROWTH_ONLY
            if code == "value_added" or growth_only:
                t[(code, "growth_pct")] = float(rng.choice([6.5, 7.0, 7.5, 8.0, 8.5, 9.0, 10.0]))
            if growth_only:
                continue
            total = data.amounts[code].single[YEARS.index(prev)].sum()
            t[(code, "value")] = _round_to(total * rng.uniform(1.05, 1.15), CENTS_PER_YI // 10)
        firms = data.counts["above_scale_firms"]
        t[("above_scale_firms", "value")] = firms.value(prev, 12) + int(rng.integers(8, 25))
        for code in ("hitech_firm_applications", "tech_smes"):
            t[(code, "value")] = int(
                np.ceil(data.counts[code].value(prev, 12) * rng.uniform(1.05, 1.3))
            )
        out[year] = t
    return out


def _demo_tasks(data, projects, firms, ind_out, targets, targets_2020) -> list[list[str]]:
    """Key tasks of 2021 with status at March and June (actuals linked to the data)."""
    a = data.amounts

    def yi(cents):
        return round(cents / CENTS_PER_YI, 2)

    knit = INDUSTRIES.index("针织服装")
    yarn = INDUSTRIES.index("棉纱")
    knit_cum = np.cumsum(ind_out[2021][knit])
    textile_cum = np.cumsum(ind_out[2021][knit] + ind_out[2021][yarn])
    flagship = [round(0.62 * knit_cum[m - 2] / CENTS_PER_YI, 1) for m in (3, 6)]
    new_firms = [
        sum(1 for f in firms if f.entered and "2021-01" <= f.entered <= _ym(2021, m))
        for m in (3, 6)
    ]

    def tech_in_library(m: int) -> tuple[int, int]:
        ym = _ym(2021, m)
        lib = [
            p
            for p in projects
            if p.kind == "tech_renovation"
            and p.in_library
            and p.library_month <= ym
            and p.monthly[: _period_index(2021, m) + 1].sum() < p.planned_wan * CENTS_PER_WAN
        ]
        return len(lib), sum(1 for p in lib if p.planned_wan >= 10_000)

    tech_lib = [tech_in_library(m) for m in (3, 6)]
    hfa = data.counts["hitech_firm_applications"]
    smes = data.counts["tech_smes"]
    rows = []
    specs = [
        # source, title, metric, unit, target, (actual at 3, at 6), (status 3, 6), (note 3, 6)
        ("city", "“五十亿恒洲”：恒洲针织年产值首次突破50亿元", "企业产值", "亿元", 50.0,
         flagship, ("on_track", "on_track"), ("", "按当前进度预计全年产值突破50亿元")),
        ("city", "清水县示范创业园项目建设", "累计完成投资", "亿元", 3.0, (1.2, 2.1),
         ("on_track", "on_track"), ("", "已有4栋楼主体结构封顶装修，剩余2栋计划8月份主体封顶")),
        ("city", "丰源实业产业园建设项目", "累计完成投资", "亿元", 2.5, (1.0, 1.6),
         ("on_track", "on_track"), ("", "已建成厂房5.6万平方米，3家企业入驻开工生产")),
        ("city", "清水经开区热电联产一期项目", "累计完成投资", "亿元", 4.0, (0.9, 1.5),
         ("behind", "behind"), ("土建工程完成约25%", "土建工程完成约45%，预计2022年底投产")),
        ("city", "新增规模以上工业企业（市下达）", "新增规上企业数", "家", 15.0,
         tuple(float(n) for n in new_firms), ("on_track", "done"), ("", "提前完成市下达年度目标任务")),
        ("city", "工业投资完成市下达目标", "工业投资", "亿元",
         yi(targets[("industrial_investment", "value")]),
         (yi(a["industrial_investment"].value(2021, 3)), yi(a["industrial_investment"].value(2021, 6))),
         ("behind", "behind"), ("", "低于时序进度，库内有效投资余额不足")),
        ("city", "技改投资完成市下达目标", "技改投资", "亿元", yi(targets[("tech_investment", "value")]),
         (yi(a["tech_investment"].value(2021, 3)), yi(a["tech_investment"].value(2021, 6))),
         ("on_track", "on_track"), ("", "")),
        ("county", "规上工业增加值增长8%", "规上工业增加值增速", "%", 8.0,
         (a["value_added"].yoy(2021, 3), a["value_added"].yoy(2021, 6)),
         ("on_track", "on_track"), ("", "超任务数")),
        ("county", "引进高层次人才团队", "签约团队数", "个", 1.0, (0.0, 1.0),
         ("not_started", "done"), ("", "县政府与江洲大学新材料科创团队签订合作协议")),
        ("county", "建设高水平共性技术平台", "省级新型研发机构认定数", "个", 1.0, (0.0, 1.0),
         ("on_track", "done"), ("", "清水县农产品加工研究中心被认定为省级新型研发机构")),
        ("county", "探索实行揭榜挂帅、研发众包模式", "征集企业技术需求", "项", 10.0, (2.0, 6.0),
         ("on_track", "on_track"), ("已出台科技创新工作实施意见", "已发布揭榜挂帅征集通知")),
        ("county", "新增市级专精特新企业", "新增企业数", "户", 5.0, (0.0, 3.0),
         ("not_started", "on_track"), ("", "")),
        ("county", "推荐国家级专精特新“小巨人”企业", "推荐企业数", "户", 2.0, (0.0, 2.0),
         ("not_started", "done"), ("", "已推荐2户企业申报，有望取得突破")),
        ("county", "高新技术企业申报", "申报企业数", "家",
         float(targets[("hitech_firm_applications", "value")]),
         (float(hfa.value(2021, 3)), float(hfa.value(2021, 6))), ("on_track", "on_track"),
         ("", "第一批申报企业已全部通过市级联审，第二批预计申报10家以上")),
        ("county", "省级两化融合管理体系贯标", "申报企业数", "家", 10.0, (4.0, 10.0),
         ("on_track", "done"), ("", "")),
        ("county", "研发费用突破4亿元（2020年度归集）", "研发费用", "亿元",
         yi(targets_2020[("rd_expense", "value")]),
         (yi(a["rd_expense"].single[YEARS.index(2020)].sum()),) * 2, ("on_track", "done"),
         ("归集工作进行中", "完成市、县工作任务")),
        ("county", "科技成果转化登记", "登记件数", "件", 20.0, (5.0, 12.0),
         ("on_track", "on_track"), ("", "待省厅审核")),
        ("county", "技术合同交易额", "技术合同交易额", "亿元",
         yi(targets[("tech_contracts", "value")]),
         (yi(a["tech_contracts"].value(2021, 3)), yi(a["tech_contracts"].value(2021, 6))),
         ("on_track", "done"), ("", "已超年度任务数")),
        ("county", "常态化开展“四送一服”", "走访企业次数", "次", 500.0, (180.0, 520.0),
         ("on_track", "done"), ("", "联系包保企业走访全覆盖")),
        ("county", "提升服务企业质效：在库技改项目", "在库技改项目数", "个", 30.0,
         tuple(float(t[0]) for t in tech_lib), ("on_track", "on_track"),
         tuple(f"其中亿元以上技改项目{t[1]}个" for t in tech_lib)),
        ("county", "智能工厂和数字化车间申报", "申报项目数", "个", 3.0, (0.0, 3.0),
         ("not_started", "done"), ("", "")),
        ("county", "推进企业上云", "新增上云企业数", "家", 20.0, (3.0, 8.0),
         ("behind", "behind"), ("", "正在实施之中")),
        ("county", "建设5G基站", "建成基站数", "处", 300.0, (90.0, 210.0),
         ("on_track", "on_track"), ("", "")),
        ("county", "推动个转企、小升规", "个转企数", "户", 30.0, (9.0, 21.0),
         ("on_track", "on_track"), ("", "")),
        ("county", "培育认定新产品", "认定新产品数", "个", 10.0, (1.0, 3.0),
         ("behind", "behind"), ("", "另有4个正在申报")),
        ("county", "申报省级工业设计中心", "申报企业数", "户", 2.0, (0.0, 0.0),
         ("not_started", "not_started"), ("", "省里下半年集中受理")),
        ("county", "申报省级企业技术中心", "推荐企业数", "户", 1.0, (0.0, 1.0),
         ("not_started", "on_track"), ("", "")),
        ("county", "打造纺织服装百亿级产业集群", "纺织服装产业产值", "亿元", 100.0,
         (yi(textile_cum[1]), yi(textile_cum[4])), ("on_track", "on_track"), ("", "")),
        ("county", "编制产业链图谱，培育锰基新材料", "引进研发机构数", "个", 1.0, (0.0, 1.0),
         ("on_track", "done"), ("", "锰基新材料研究院落户清水经开区")),
        ("county", "科技型中小企业入库", "入库企业数", "家", float(targets[("tech_smes", "value")]),
         (float(smes.value(2021, 3)), float(smes.value(2021, 6))), ("on_track", "on_track"), ("", "")),
        ("county", "高新技术产业增加值增长12%", "高新技术产业增加值增速", "%", 12.0,
         (a["hitech_value_added"].yoy(2021, 3), a["hitech_value_added"].yoy(2021, 6)),
         ("on_track", "on_track"), ("", "")),
    ]  # fmt: skip
    for i, (source, title, metric, unit, target, actual, status, note) in enumerate(specs, 1):
        for k, month in enumerate((3, 6)):
            rows.append(
                [
                    f"QST{i:02d}",
                    DEMO_REGION,
                    str(LAST_YEAR),
                    str(month),
                    source,
                    title,
                    metric,
                    _num(target, 2),
                    _num(actual[k], 2),
                    unit,
                    status[k],
                    note[k],
                ]
            )
    return rows


# ---------------------------------------------------------------- tables


def _force_tie(units: list[UnitData]) -> tuple[str, str]:
    """Make two counties (not the demo county) share the same 2021-06 value-added growth.

    The pair closest in growth that does not straddle the demo county is chosen, so the demo
    county's rank is unchanged; the second takes the first one's published rate.
    """
    period = (LAST_YEAR, LAST_MONTH)
    yoy = {u.unit.region_id: u.amounts["value_added"].yoy(*period) for u in units}
    demo = yoy[DEMO_REGION]
    counties = [
        u.unit.region_id
        for u in units
        if u.unit.kind == "county" and u.unit.region_id != DEMO_REGION
    ]
    best = None
    for i, a in enumerate(counties):
        for b in counties[i + 1 :]:
            lo, hi = sorted((yoy[a], yoy[b]))
            if lo < demo < hi or demo in (lo, hi):
                continue
            diff = hi - lo
            if best is None or diff < best[0]:
                best = (diff, a, b)
    if best is None:  # pragma: no cover - six counties always leave a pair on one side
        raise RuntimeError("no pair of counties to tie")
    _, a, b = best
    by_id = {u.unit.region_id: u for u in units}
    by_id[b].amounts["value_added"].yoy_override[period] = yoy[a]
    return a, b


def _city_data(units: list[UnitData]) -> UnitData:
    city = UnitData(CITY)
    for code in HEADLINE:
        single = sum(u.amounts[code].single for u in units)
        base = sum(u.amounts[code].base for u in units)
        city.amounts[code] = AmountSeries(single, base)
    return city


def _periods():
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for month in range(2, (LAST_MONTH if year == LAST_YEAR else 12) + 1):
            yield year, month


def _indicator_rows(data: UnitData, codes) -> list[list[str]]:
    rows = []
    rid, unit = data.unit.region_id, data.unit.amount_unit
    for code in codes:
        for year, month in _periods():
            if code in data.counts:
                c = data.counts[code]
                rows.append(
                    [
                        rid,
                        code,
                        str(year),
                        str(month),
                        str(c.value(year, month)),
                        _num(c.yoy(year, month), 1),
                        "",
                        "家",
                    ]
                )
                continue
            s = data.amounts[code]
            value = _amount(s.value(year, month), unit)
            yoy = s.yoy(year, month)
            base = ""
            if s.written_base:
                base = _amount(int(s.cum_base(year)[month - 2]), unit)
                yoy = _pct(float(value), float(base))  # exactly what the file says
            if (rid, code) in GROWTH_ONLY:
                value = base = ""
            rows.append([rid, code, str(year), str(month), value, _num(yoy, 1), base, unit])
    return rows


def _target_rows(region_id: str, unit: str, year: int, targets: dict) -> list[list[str]]:
    rows = []
    for code in INDICATOR_ORDER:
        for kind in ("value", "growth_pct"):
            if (code, kind) not in targets:
                continue
            t = targets[(code, kind)]
            if kind == "growth_pct":
                text, u = _num(t, 1), "%"
            elif code in COUNT_CODES:
                text, u = str(int(t)), "家"
            else:
                text, u = _amount(int(t), unit), unit
            rows.append([region_id, code, str(year), text, kind, u])
    return rows


def _industry_rows(ind: dict) -> list[list[str]]:
    rows = []
    for year in (2019, 2020, 2021):
        out, prev = ind["output"][year], ind["prev"][year]
        ppi, rate, rate_prev = ind["ppi"][year], ind["rates"][year], ind["rates"][year - 1]
        for i, name in enumerate(INDUSTRIES):
            cum_out, cum_prev = np.cumsum(out[i]), np.cumsum(prev[i])
            cum_ppi = np.cumsum(out[i] * ppi[i]) / np.maximum(cum_out, 1)
            for month in range(2, (LAST_MONTH if year == LAST_YEAR else 12) + 1):
                s = month - 2
                rows.append(
                    [
                        DEMO_REGION,
                        name,
                        str(year),
                        str(month),
                        _amount(int(cum_out[s]), "万元"),
                        _amount(int(cum_prev[s]), "万元"),
                        _num(rate[i], 2),
                        _num(rate_prev[i], 2),
                        _num(cum_ppi[s], 1),
                    ]
                )
    return rows


def _bool(x: bool | None) -> str:
    return "" if x is None else ("true" if x else "false")


def build_tables(seed: int = DEFAULT_SEED) -> dict[str, list[list[str]]]:
    """Every table of the demo data set as rows of text, the header first."""
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    nat_ppi = _national_slots(NATIONAL_PPI)
    demo = _demo_county(seed, nat_ppi)
    units = [demo.data] + [_generic_unit(seed, u, nat_ppi) for u in UNITS[1:]]
    _force_tie(units)
    city = _city_data(units)
    tables: dict[str, list[list[str]]] = {}

    tables["regions"] = [_header("regions")]
    tables["regions"].append([CITY.region_id, CITY.name, CITY.kind, "", ""])
    for u in UNITS:
        groups = "city;counties" if u.kind in ("county", "county_city") else "city"
        tables["regions"].append([u.region_id, u.name, u.kind, CITY_ID, groups])

    ind = [_header("indicators")]
    ind += _indicator_rows(city, HEADLINE)
    for data in units:
        ind += _indicator_rows(data, INDICATOR_ORDER)
    tables["indicators"] = ind

    tg = [_header("targets")]
    for data in units:
        u = data.unit
        if u.region_id == DEMO_REGION:
            per_year = {2020: demo.targets_2020, 2021: demo.targets}
        else:
            per_year = _generic_targets(seed, data)
        for year in (2020, 2021):
            tg += _target_rows(u.region_id, u.amount_unit, year, per_year[year])
    tables["targets"] = tg

    tables["industries"] = [
        [
            "region_id",
            "industry",
            "year",
            "month",
            "output(万元)",
            "output_prev(万元)",
            "va_rate",
            "va_rate_prev",
            "ppi_yoy_pct",
        ]
    ] + _industry_rows(demo.industries)

    ent = [_header("enterprises")]
    for f in demo.firms:
        ent.append(
            [
                f.enterprise_id,
                DEMO_REGION,
                f.name,
                f.township,
                f.industry,
                f.entered,
                f.route,
                _bool(f.hitech),
                f.expected_entry,
                f.exited,
            ]
        )
    tables["enterprises"] = ent

    proj = [
        [
            "project_id",
            "region_id",
            "name",
            "township",
            "kind",
            "planned_total(万元)",
            "in_library",
            "library_month",
            "start_month",
            "attraction",
            "constraint",
            "not_in_library_reason",
            "expected_library_month",
            "monthly_cap(万元)",
        ]
    ]
    monthly = [["project_id", "year", "month", "investment(万元)"]]
    for p in demo.projects:
        proj.append(
            [
                p.project_id,
                DEMO_REGION,
                p.name,
                p.township,
                p.kind,
                _num(p.planned_wan, 2),
                _bool(p.in_library),
                p.library_month,
                p.start_month,
                _bool(p.attraction),
                p.constraint,
                p.reason,
                p.expected_library_month,
                _num(p.monthly_cap_wan, 2) if p.monthly_cap_wan else "",
            ]
        )
        for k, (year, month) in enumerate(PROJECT_PERIODS):
            if p.monthly[k]:
                monthly.append(
                    [p.project_id, str(year), str(month), _amount(int(p.monthly[k]), "万元")]
                )
    tables["projects"] = proj
    tables["project_monthly"] = monthly

    towns = [["region_id", "township", "year", "investment_target(万元)"]]
    for year in (2020, 2021):
        for name, cents in zip(TOWNSHIPS, demo.township_targets[year], strict=True):
            towns.append([DEMO_REGION, name, str(year), _amount(int(cents), "万元")])
    tables["townships"] = towns

    tables["tasks"] = [_header("tasks")] + demo.tasks

    macro = [_header("macro")]
    for year in range(FIRST_YEAR, LAST_YEAR + 1):
        for m, (ppi, pmi) in enumerate(zip(NATIONAL_PPI[year], NATIONAL_PMI[year], strict=True), 1):
            macro.append([str(year), str(m), _num(ppi, 1), _num(pmi, 1)])
    tables["macro"] = macro
    return tables


CSV_BOM = b"\xef\xbb\xbf"


def _csv_bytes(rows: list[list[str]]) -> bytes:
    """UTF-8 with a byte-order mark: Excel on Chinese Windows reads the names right (without
    it, it takes the file for GBK and shows garbled text); every reader here accepts it."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerows(rows)
    return CSV_BOM + buf.getvalue().encode("utf-8")


# optional columns the demo leaves out: every rate is cumulative (the default), no rank is
# published (all units are in the data), and nothing needs a "checked" mark
_NOT_IN_DEMO = {
    "indicators": {
        "month_yoy_pct",
        "rate_kind",
        "rank_city",
        "rank_city_of",
        "rank_counties",
        "rank_counties_of",
        "checked",
    },
    "targets": {"checked"},
}


def _header(table: str) -> list[str]:
    """Column names of a table whose CSV header carries no unit declaration."""
    omit = _NOT_IN_DEMO.get(table, set())
    return [name for name in TABLES[table].column_names if name not in omit]


def generate_demo(out_dir: Path, seed: int = DEFAULT_SEED) -> list[Path]:
    """Write the demo data set (one CSV per table, a README and the Chinese data dictionary
    数据字典.md) into ``out_dir``.

    Deterministic: the same seed gives byte-identical files. The files are written into a
    temporary folder next to ``out_dir`` and moved into place only when all are written, so
    an interrupted run never leaves a half-written file. Returns the written paths.
    """
    out_dir = Path(out_dir)
    tables = build_tables(seed)
    for folder in (out_dir, *out_dir.parents):
        if folder.exists() and not folder.is_dir():
            raise ValueError(
                tr(
                    f"{folder} is a file, not a folder; give --out a folder",
                    f"{folder} 是文件而不是文件夹；请给 --out 一个文件夹",
                )
            )
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    try:
        names = []
        for name in TABLE_ORDER:
            (tmp / f"{name}.csv").write_bytes(_csv_bytes(tables[name]))
            names.append(f"{name}.csv")
        (tmp / "README.md").write_bytes(readme_text(seed, tables).encode("utf-8"))
        names.append("README.md")
        (tmp / DICTIONARY_FILE).write_bytes(markdown_zh().encode("utf-8"))
        names.append(DICTIONARY_FILE)
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for name in names:
            os.replace(tmp / name, out_dir / name)
            written.append(out_dir / name)
        return written
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _facts(tables: dict[str, list[list[str]]]) -> dict[str, str]:
    """Headline figures of the demo county at 2021-06, for the README."""
    header, *rows = tables["indicators"]
    col = {name: i for i, name in enumerate(header)}
    kinds = {r[0]: r[2] for r in tables["regions"][1:]}
    at = {}
    for r in rows:
        if int(r[col["year"]]) == LAST_YEAR and int(r[col["month"]]) == LAST_MONTH:
            at[(r[0], r[1])] = r
    targets = {
        (r[0], r[1], r[4]): float(r[3]) for r in tables["targets"][1:] if r[2] == str(LAST_YEAR)
    }
    facts: dict[str, str] = {}
    for code in HEADLINE + ("fixed_asset_investment",):
        r = at[(DEMO_REGION, code)]
        value = float(r[col["value"]]) / 1e4  # 万元 -> 亿元
        facts[f"{code}_value"] = f"{value:.2f}"
        facts[f"{code}_yoy"] = r[col["yoy_pct"]]
        t = targets.get((DEMO_REGION, code, "value"))
        share = float(r[col["value"]]) / t * 100 if t else float("nan")
        facts[f"{code}_share"] = f"{share:.1f}"
        facts[f"{code}_gap"] = f"{share - LAST_MONTH / 12 * 100:.1f}"
        growth = {
            rid: float(rr[col["yoy_pct"]])
            for (rid, c), rr in at.items()
            if c == code and rid != CITY_ID
        }
        mine = growth[DEMO_REGION]
        facts[f"{code}_rank_city"] = str(1 + sum(1 for g in growth.values() if g > mine))
        facts[f"{code}_rank_counties"] = str(
            1
            + sum(
                1
                for rid, g in growth.items()
                if g > mine and kinds[rid] in ("county", "county_city")
            )
        )
    va = {rid: rr[col["yoy_pct"]] for (rid, c), rr in at.items() if c == "value_added"}
    names = {r[0]: r[1] for r in tables["regions"][1:]}
    ties = [
        f"{names[a]} ({a}) and {names[b]} ({b}) at {va[a]}%"
        for i, a in enumerate(va)
        for b in list(va)[i + 1 :]
        if va[a] == va[b] and CITY_ID not in (a, b)
    ]
    facts["ties"] = "; ".join(ties)
    facts["firms"] = at[(DEMO_REGION, "above_scale_firms")][col["value"]]
    facts["other_units"] = str(len(tables["regions"]) - 3)  # header, city, qingshui
    return facts


def readme_text(seed: int = DEFAULT_SEED, tables: dict | None = None) -> str:
    """The data set's README: what is in it, every table, column and unit, and its figures."""
    tables = tables if tables is not None else build_tables(seed)
    return string.Template(README).substitute(seed=seed, **_facts(tables))


README = """\
# 江洲市 / 清水县 demo data set — FICTIONAL

Everything in this folder is **made up** for demonstration and testing: the city 江洲市
(`jiangzhou`), its counties, districts and development zone, the firms, projects, townships,
tasks and every number. Only `macro.csv` (national PPI and manufacturing PMI) follows the
published national figures. Do not quote these numbers as statistics of any real place.

The files are generated by `halfyear_lib/demo.py` with seed $seed:

    halfyear demo-data --out data/demo --seed $seed

The generator is deterministic: the same seed gives byte-identical files
(`tests/test_demo.py` checks that the committed files are what the generator writes).

## The story the data tell (seed $seed)

清水县 (`qingshui`), a textile/garment (针织服装) and agricultural-processing (大米, 棉纱)
county, is described in full; the other $other_units units of the city carry the indicator series
and targets needed for rankings. At 2021年1-6月 (period 2021-06):

| indicator | 1-6月 (亿元) | 同比 % | share of 2021 target % | vs 时序进度 50% (pp) | rank 全市 / 县(市) |
|---|---|---|---|---|---|
| output 规上工业总产值 | $output_value | $output_yoy | $output_share | $output_gap | $output_rank_city / $output_rank_counties |
| value_added 规上工业增加值 | $value_added_value | $value_added_yoy | $value_added_share | $value_added_gap | $value_added_rank_city / $value_added_rank_counties |
| industrial_investment 工业投资 | $industrial_investment_value | $industrial_investment_yoy | $industrial_investment_share | $industrial_investment_gap | $industrial_investment_rank_city / $industrial_investment_rank_counties |
| tech_investment 技改投资 | $tech_investment_value | $tech_investment_yoy | $tech_investment_share | $tech_investment_gap | $tech_investment_rank_city / $tech_investment_rank_counties |
| hitech_value_added 高新技术产业增加值 | $hitech_value_added_value | $hitech_value_added_yoy | $hitech_value_added_share | $hitech_value_added_gap | $hitech_value_added_rank_city / $hitech_value_added_rank_counties |
| fixed_asset_investment 固定资产投资 | $fixed_asset_investment_value | $fixed_asset_investment_yoy | $fixed_asset_investment_share | $fixed_asset_investment_gap | |

Above-scale firms at June 2021: $firms. Units sharing a 2021-06 value-added growth rate (ties
share a rank): $ties.

Built into the data, so that every sentence of a half-year summary can be computed:

- a 2020 epidemic dip (1-2月 2020 output about -20%, back to a small plus by December) and a
  2021 rebound with double-digit growth; low 1-2月, June and December peaks, investment
  weighted to the second half of the year;
- value added is real growth on a comparable basis, so it grows less than nominal output:
  the province lowered the value-added rates of 针织服装 (26.50% -> 24.80%), 大米加工
  (18.20% -> 16.50%) and 棉纱 (22.00% -> 20.30%) in 2021 and industrial prices rose;
- industrial investment is behind time progress, with townships ahead of, near and far behind
  schedule, some townships with no project entering the library in 2021, projects that reported
  everything in the first quarter, projects that cannot report although they have a balance, a
  sewage-infrastructure project with a large balance that reports little each month, and
  investment-attraction projects outside the library for each of the three reasons;
- new above-scale firms of 2021 by route (成长性企业 / 新项目入规) and three candidates
  expected to enter in July and August;
- key tasks from the city and county work reports with status at March and June.

## File format (what the loader reads)

- One CSV per table, named `<table>.csv`, UTF-8 without BOM, comma separated, `\\n` line ends,
  first line = column names. The same tables may be the sheets of one `.xlsx` workbook.
- **Periods** are cumulative: `year` and `month` mean January..month of that year. January and
  February are published together, so the first period of a year is month 2 (1-2月); month 1
  never appears in `indicators`, `industries` or `project_monthly`. Single-month values are
  differences of cumulative ones (month 2 = the January-February total). `macro` is the
  exception: national single months 1..12. `tasks.month` is the month a status was reported.
- **Amounts**: a money column may declare its unit in the header, e.g. `planned_total(万元)`;
  without a declaration the canonical 亿元 is meant (1 亿元 = 10,000 万元).
- **Quantities** (`indicators.value`, `indicators.base`, `targets.target`) take their unit from
  the row's `unit` column: 万元 or 亿元 for money, 家 (also 个, 件, 户, 项) for counts, `%` for
  growth-rate targets. This data set mixes units on purpose: counties and the county-level city
  write 万元, districts, the zone and the city 亿元.
- **Percentages** are plain numbers: `12.3` means 12.3% (a trailing `%` is accepted).
- **Booleans** are `true`/`false`; **months** (entered, library_month, ...) are `YYYY-MM`.
- An empty cell is a missing value.
- Headers, file and sheet names may also be Chinese (`指标.csv`, `本期值(万元)`, `同比增长(%)`);
  `数据字典.md` in this folder lists every table and column with its Chinese name, the
  accepted aliases, unit and meaning. Only `regions`, `indicators` and `targets` are required.

## Tables and columns

### regions.csv — units of the city (one row per unit, one for the city)
| column | meaning |
|---|---|
| region_id | identifier used in every other table (e.g. `qingshui`) |
| name | Chinese name (清水县) |
| kind | `city`, `county`, `county_city` (县级市), `district` (区), `zone` (开发区); also `province` (省) for a province's own data set |
| parent_id | the city's region_id; empty for the city (levels may nest: a province > its cities > their units) |
| rank_groups | groups the unit is ranked in, `;`-separated: `city` = 全市 (all units), `counties` = 县(市); empty for the city |

### indicators.csv — cumulative value and official growth (region x indicator x period)
| column | meaning |
|---|---|
| region_id, indicator, year, month | key; indicator codes below |
| value | cumulative Jan..month value in `unit`; empty for growth-only series |
| yoy_pct | official year-on-year growth % (同比, comparable basis; real for value added) |
| base | optional comparable base: last year's cumulative value on this year's enterprise set (for value added at this year's prices), so `yoy_pct = round((value / base - 1) * 100, 1)` |
| unit | unit of value and base |
| rate_kind | optional, not used here: `cumulative` (累计, the default) or `month` (当月, the single month); a label such as `11月` in a period column is read as `month` |
| month_yoy_pct | optional, not used here: a 当月 rate printed beside the cumulative one; loaded as a separate `month` row |
| rank_city, rank_city_of, rank_counties, rank_counties_of | optional, not used here (every unit is in the data): a rank as published and its group size; they win over computed ranks |
| checked | optional: `true` when an implausible-looking value was checked and is right |

Indicator codes: `output` 规上工业总产值, `value_added` 规上工业增加值 (real growth),
`industrial_investment` 工业投资, `tech_investment` 技改投资, `hitech_value_added` 高新技术产业增加值
(real growth), `fixed_asset_investment` 固定资产投资, `above_scale_firms` 规上企业数 (stock at the
end of the period), `rd_expense` 研发费用, `tech_contracts` 技术合同交易额,
`hitech_firm_applications` 高新技术企业申报数 and `tech_smes` 科技型中小企业入库数 (counts
cumulated within the year). Every unit has every code for every period 2016-02..2021-06; the
city row has the five headline indicators (output, value_added, industrial_investment,
tech_investment, hitech_value_added). The official rate is data: published levels of two
years do not divide exactly to it (comparable basis, and prices for the real indicators).
`base` is given for 清水县's output and value_added. Growth-only series (value empty):
`jiangzhou_etdz` value_added and `jiangbei` hitech_value_added.

### targets.csv — annual targets (region x indicator x year x kind), 2020 and 2021
| column | meaning |
|---|---|
| region_id, indicator, year | key |
| target | the target, in `unit` |
| kind | `value` (annual total; for counts the year-end total) or `growth_pct` (growth rate %) |
| unit | 万元/亿元, 家, or `%` for growth_pct |
| checked | optional: `true` when an implausible-looking target was checked and is right |

### industries.csv — 清水县 output by industry, cumulative, 2019-2021
| column | meaning |
|---|---|
| region_id, industry, year, month | key; industries 针织服装, 大米加工, 棉纱, 机械制造, 电子电器, 锰基新材料, 食品, 建材 |
| output(万元) | cumulative output; the industries sum to the county's `output` value |
| output_prev(万元) | last year's same period on a comparable basis; they sum to the county's output `base` |
| va_rate | this year's provincial value-added rate (增加值率), % |
| va_rate_prev | last year's rate, % |
| ppi_yoy_pct | the industry's producer-price change over the period, % |

### enterprises.csv — 清水县 above-scale firms and candidates
| column | meaning |
|---|---|
| enterprise_id | identifier |
| region_id | `qingshui` |
| name, township, industry | firm name, township (or 清水经开区), industry as in industries.csv |
| entered | month the firm entered the above-scale statistics (empty for candidates) |
| route | how a firm that entered since 2016 got there: `growth` (成长性企业) or `new_project` (新项目入规) |
| hitech_stat | `true` if included in the high-tech statistics (纳入高新技术统计) |
| expected_entry | candidates: month the firm is expected to enter |
| exited | month the firm left (annual review: January) |

A firm counts at (year, month) when `entered <= YYYY-MM` and `exited` is empty or later; this
count equals 清水县's `above_scale_firms` in every period.

### projects.csv — 清水县 industrial investment projects
| column | meaning |
|---|---|
| project_id, region_id, name, township | identification |
| kind | `new` 新建, `tech_renovation` 技改, `expansion` 扩建, `infrastructure` 基础设施 |
| planned_total(万元) | planned total investment |
| in_library | `true` if in the statistics library (入库, planned total >= 500 万元) |
| library_month | month the project entered the library |
| start_month | month construction started (empty: not started) |
| attraction | `true` for investment-attraction (招商引资) projects |
| constraint | `none`, `fully_reported` (all investment already reported), `cannot_report` (balance left but cannot report), `slow_reporting` (large balance, little per month), `land` (用地), `planning` (规划) |
| not_in_library_reason | for projects outside the library: `pending` (拟入库, about to enter), `withdrawn` (已撤资), `not_started` (未开工/前期), `leased_no_invoice` (投产但租赁厂房、设备无法开票) |
| expected_library_month | for `pending` projects: the month they are expected to enter the library (the three of the demo: 2021-07) |
| monthly_cap(万元) | the most a project may report in one month (the demo's sewage project: 400万元), capping what its balance adds this year |

### project_monthly.csv — single-month reported investment of in-library projects
| column | meaning |
|---|---|
| project_id, year, month | key; month 2 = January-February; 2020-02..2021-06 |
| investment(万元) | investment reported in that single month (no row = nothing reported) |

All projects in the table are industrial: 清水县's `industrial_investment` for 2020 and 2021 is
the cumulative sum of this table, and `tech_investment` the same sum over `tech_renovation`
projects. Balance of a project = planned_total - everything it reported. Three projects outside
the library have `not_in_library_reason` pending (拟入库): they have started and are expected to
enter the library in 2021-07 (`expected_library_month`).

### townships.csv — annual industrial-investment target per township of 清水县
| column | meaning |
|---|---|
| region_id, township, year | key (2020 and 2021) |
| investment_target(万元) | the township's target; the townships sum to the county's industrial_investment target |

### tasks.csv — key tasks of 2021 from the work reports, status at March and June
| column | meaning |
|---|---|
| task_id, region_id, year, month | key; month = when the status was reported (the latest wins) |
| source | `city` (市级政府工作报告) or `county` (县政府工作报告) |
| title | the task |
| metric, target, actual, unit | what is measured, the annual target and the value reached (empty when not quantitative) |
| status | `done`, `on_track`, `behind`, `not_started` |
| note | progress remark |

### macro.csv — national single-month figures
| column | meaning |
|---|---|
| year, month | 1..12 (single months, not cumulative) |
| ppi_yoy_pct | national PPI (工业生产者出厂价格指数) year-on-year change, % |
| pmi | manufacturing purchasing managers' index (50 = no change) |

## Putting a real county's data in this layout

1. Copy this folder (or start an `.xlsx` with one sheet per table) and keep the column names.
2. `regions.csv`: one row for the city and one per unit that is ranked, with the rank groups
   as published (全市xx个单位 = `city`, x县(市) = `counties`).
3. `indicators.csv`: paste the statistics office's cumulative figures, one row per unit,
   indicator and period; write the unit actually used (万元 or 亿元) in `unit`. Keep the
   official growth in `yoy_pct`; leave `value` empty where only rates are released. Add `base`
   only if the office supplies the comparable base.
4. `targets.csv`: the annual targets handed down (总量 as `value`, 增速 as `growth_pct`).
5. The county's own tables (`industries`, `enterprises`, `projects`, `project_monthly`,
   `townships`, `tasks`) come from the bureau's ledgers: the value-added rates from the
   provincial notice, the firm list from the 规上企业名录, the projects from the
   investment library (项目库).
6. Run `halfyear validate <folder>`: problems are reported by file, row and column.
"""

"""Small hand-made series for the forecast tests (levels in 亿元)."""

from __future__ import annotations

from conftest import make_dataset


def cumulative_rows(region, indicator, year, monthly, yoy=None):
    """Indicator rows from monthly amounts [Jan-Feb, Mar, ..., ] (cumulated here)."""
    rows, total = [], 0.0
    for i, x in enumerate(monthly):
        total += x
        month = i + 2
        row = {"region_id": region, "indicator": indicator, "year": year, "month": month}
        row["value"] = round(total, 6)
        if yoy and month in yoy:
            row["yoy_pct"] = yoy[month]
        rows.append(row)
    return rows


REGIONS = [
    {"region_id": "city", "name": "测试市", "kind": "city", "parent_id": None},
    {"region_id": "aa", "name": "安县", "kind": "county", "parent_id": "city"},
]

# 2019: Jan-Feb 20, Mar-Jun 10 a month (1-6月 60), Jul-Dec 12 a month (1-12月 132)
Y2019 = [20, 10, 10, 10, 10, 12, 12, 12, 12, 12, 12]
# 2020: Jan-Feb 22, then 11 a month (1-6月 66, 1-12月 132)
Y2020 = [22, 11, 11, 11, 11, 11, 11, 11, 11, 11, 11]
# 2021 to June: +10% on 2020 through May (Jan-Feb 24.2, Mar-May 12.1), June 14.3 (+30%)
Y2021 = [24.2, 12.1, 12.1, 12.1, 14.3]


def small_levels():
    rows = (
        cumulative_rows("aa", "output", 2019, Y2019)
        + cumulative_rows("aa", "output", 2020, Y2020)
        + cumulative_rows("aa", "output", 2021, Y2021)
    )
    return make_dataset(regions=REGIONS, indicators=rows)

"""The words of the explore API (``halfyear_lib.explore``) and its JupyterLab widget: result
titles, the display tables' headers, the widget's labels. Numbers are printed by the same
rules as the pages (:mod:`halfyear_lib.text.numbers`)."""

from __future__ import annotations

import pandas as pd

from ...data.schema import INDICATORS, RANK_GROUPS, REGION_KINDS
from ..numbers import PLACEHOLDER, format_amount, format_value
from .indicators import YOY_SOURCE_LABELS, fmt

# the label columns of explore's tables (left-aligned)
REGIONS_LEFT = ("代码", "名称")
INDICATORS_LEFT = ("代码", "指标")
UNITS_LEFT = ("单位",)
TREND_LEFT = ("期间",)
TOWNSHIPS_LEFT = ("乡镇(园区)",)
RATE_LEFT = ("行业",)
REQUIRED_LEFT = ("指标", "说明")
BACKTEST_LEFT = ("指标", "方法", "类型")

# the widget's drop-downs
REGION, INDICATOR, PERIOD, GROUP = "地区", "指标", "期间", "排名范围"
NOT_RANKED = "没有可排名的增速（该单位不在这个排名范围内，或各单位在这一期没有增速）"


def region_option(name: str, region_id: str) -> str:
    return f"{name}（{region_id}）"


def regions_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The data set's units: code, name, kind, parent, rank groups (``frame``: region_id,
    name, kind, parent_id, rank_groups)."""

    def groups(s) -> str:
        if not isinstance(s, str) or not s:
            return PLACEHOLDER
        return "、".join(RANK_GROUPS.get(g.strip(), g.strip()) for g in s.split(";") if g)

    return pd.DataFrame(
        {
            "代码": frame["region_id"],
            "名称": frame["name"],
            "类型": [REGION_KINDS.get(str(k), str(k)) for k in frame["kind"]],
            "上级": frame["parent_id"].fillna(PLACEHOLDER),
            "排名范围": [groups(s) for s in frame["rank_groups"]],
        }
    )


def indicators_table(frame: pd.DataFrame) -> pd.DataFrame:
    """Indicator codes, names, units and growth kind (``frame``: code, label, unit, growth)."""
    return pd.DataFrame(
        {
            "代码": frame["code"],
            "指标": frame["label"],
            "单位": frame["unit"],
            "增速": ["可比价" if g == "real" else "现价" for g in frame["growth"]],
        }
    )


def headline_title(region_name: str, full_label: str) -> str:
    return f"{region_name}{full_label}工业经济主要指标"


def ranking_table(ranked: pd.DataFrame) -> pd.DataFrame:
    """A rank group's units by growth (``ranked``: rank, name, yoy_published, yoy_source,
    rank_published)."""
    return pd.DataFrame(
        {
            "排名": [int(r) for r in ranked["rank"]],
            "单位": ranked["name"].astype(str),
            "同比增长(%)": [fmt(v, 1) for v in ranked["yoy_published"]],
            "增速口径": [YOY_SOURCE_LABELS.get(s, "无") for s in ranked["yoy_source"]],
            "公布位次": [fmt(v, 0) for v in ranked["rank_published"]],
        }
    )


def ranking_title(full_label: str, code: str, group: str) -> str:
    return f"{full_label}{INDICATORS[code].label}增速排名（{RANK_GROUPS[group]}）"


def trend_city_header(city_name: str) -> str:
    return f"{city_name}累计增长(%)"


def trend_title(region_name: str, year: int, code: str) -> str:
    return f"{region_name}{year}年{INDICATORS[code].label}增速走势"


def _rank_cell(rank, of) -> str:
    return PLACEHOLDER if rank is None else f"{rank}/{of}"


def compare_table(statuses: dict, names: dict[str, str], code: str, period_label: str):
    """Several units side by side for one indicator (``statuses``: {region_id:
    IndicatorStatus}; ``names``: {region_id: name})."""
    unit = INDICATORS[code].unit
    return pd.DataFrame(
        [
            {
                "单位": names[rid],
                f"{period_label}累计({unit})": format_value(s.value, unit),
                "同比增长(%)": fmt(s.yoy_pct, 1),
                "增速口径": YOY_SOURCE_LABELS.get(s.yoy_source, "无"),
                f"年度目标({unit})": format_value(s.target, unit),
                "完成目标(%)": fmt(s.target_share_pct, 1),
                "进度差(百分点)": fmt(s.schedule_gap_pp, 1, signed=True),
                "全市排名": _rank_cell(s.rank_city, s.rank_city_of),
                "县(市)排名": _rank_cell(s.rank_counties, s.rank_counties_of),
            }
            for rid, s in statuses.items()
        ]
    )


def compare_title(full_label: str, code: str) -> str:
    return f"{full_label}{INDICATORS[code].label}：各单位对比"


def schedule_table(rows, period_label: str) -> pd.DataFrame:
    """Investment against its schedule, one row per indicator (``rows``: the schedule rows
    of :func:`halfyear_lib.analysis.investment.investment_report`)."""
    return pd.DataFrame(
        [
            {
                "指标": r.label,
                f"{period_label}累计(亿元)": format_amount(r.value),
                "同比增长(%)": fmt(r.yoy_pct, 1),
                "年度目标(亿元)": format_amount(r.target),
                "完成目标(%)": fmt(r.completion_pct, 1),
                "时序进度(%)": fmt(r.time_progress_pct, 1),
                "进度差(百分点)": fmt(r.gap_pp, 1, signed=True),
                "每月需完成(亿元)": format_amount(r.monthly_needed),
            }
            for r in rows
        ]
    )


def investment_title(region_name: str, full_label: str) -> str:
    return f"{region_name}{full_label}工业投资"


def industry_title(region_name: str, full_label: str) -> str:
    return f"{region_name}{full_label}分行业增加值与全年目标"


def forecast_title(region_name: str, full_label: str) -> str:
    return f"{region_name}{full_label}全年预计"

"""The words of the charts: titles, axes, legends and labels (display/plotting.py draws,
this module words). English where a page can be English (``tr``)."""

from __future__ import annotations

from ...data.language import tr

CHART = "图表"
NO_GROWTH_DATA = "无增速数据"
UNITS_RANGE = "各单位增速范围"
UNITS_MEDIAN = "各单位中位数"
TOTAL = "合计"
GROWTH_AXIS = "同比增长(%)"
RANK_NOTE = "\n（按图中单位计算；公布位次见上表）"
RATE_TITLE = "增加值率调整对增加值的影响(亿元)，按行业"
YUAN_100M = "亿元"
TREND_LINES = {"yoy_pct": "累计增速", "two_year_avg_pct": "两年平均增速"}
TOWNSHIP_COMPLETION_TITLE = "各乡镇(园区)工业投资完成年度目标(%)"
TOWNSHIP_ENTRIES_TITLE = "今年各乡镇(园区)新入库项目数"


def chart() -> str:
    return tr("chart", CHART)


def growth_title(label: str) -> str:
    return f"{label}累计增速(%)"


def whole_label(name: str) -> str:
    return f"{name}（合计）"


def rank_value(value_text: str, rank: int | None) -> str:
    return f"{value_text}%" + ("" if rank is None else f"  第{rank}位")


def rank_title(period_label: str, label: str) -> str:
    return f"{period_label}{label}增速排名"


def progress_note(pct_text: str) -> str:
    return f"时序进度{pct_text}%"


def count_label(n) -> str:
    return f"{n}个"


def month_label(m: int, abbr: str) -> str:
    """ "1-6月" (English "Jan-Jun"); 1-2月 for the January-February total."""
    return tr(f"Jan-{abbr}", f"1-{m}月") if m > 2 else tr("Jan-Feb", "1-2月")


def interval_label(level: str) -> str:
    return tr(f"{level} interval", f"{level}区间")


def last_year() -> str:
    return tr("last year", "上年")


def projected() -> str:
    return tr("projected", "预测")


def this_year() -> str:
    return tr("this year", "今年实际")


def annual_target() -> str:
    return tr("annual target", "年度目标")


def cumulative_axis(unit: str, growth: bool) -> str:
    if growth:
        return tr("cumulative growth (%)", "累计增速(%)")
    return tr(f"cumulative ({unit})", f"累计({unit})")


def chosen() -> str:
    return tr(" (chosen)", "（选用）")


def backtest_title(label: str) -> str:
    return tr(f"{label}: backtest mean absolute error (pp)", f"{label}回测平均绝对误差(个百分点)")


def points_axis() -> str:
    return tr("percentage points of growth", "增速的百分点")


# the throw-away chart a kernel draws at start (display/plotting.py warm_up): never shown
WARM_UP_TITLE = "规上工业增加值累计增速(%)"
WARM_UP_TICKS = ("1-4月", "1-5月", "1-6月")

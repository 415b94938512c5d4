"""The words of the Excel exports (``tables.xlsx`` of a report, ``batch.xlsx`` beside the
index): sheet names, the 说明 sheet's labels, and the headers of the tables made for the
workbook alone (the rankings behind page 01's charts, the units side by side)."""

from __future__ import annotations

# a page's table key -> its sheet's name (after the page number: "01 主要指标")
SHEET_TITLES = {
    "headline": "主要指标",
    "units_growth": "各单位增速",
    "units_share": "各单位占比",
    "ranks": "增速排名",
    "rate_adjustment": "增加值率调整",
    "required": "完成全年目标所需",
    "trends": "累计增速走势",
    "innovation": "科技创新",
    "tasks": "重点任务",
    "excluded": "不计入项目",
    "townships": "乡镇投资",
    "full_year": "全年预测",
    "backtest": "回测误差",
    "backtest_nowcast": "当月预测回测",
}
ABOUT_SHEET = "说明"
ABOUT_TITLE = "本工作簿的表格与报告各页所列相同，数字按页面的位数取整"
ABOUT_LABELS = {
    "unit": "单位",
    "period": "期间",
    "data_source": "数据来源",
    "data_checksum": "数据校验和(SHA-256)",
    "generated": "生成时间",
    "amounts": "金额单位",
}
AMOUNTS = "亿元（表头另有注明的除外）；增速、占比为%，进度差为百分点"
SHEETS_HEADER = ("工作表", "所在页面")
WARNINGS_HEADER = "数据提示"

# the rankings behind page 01's charts
RANK_HEADERS = ("指标", "排名范围", "位次", "单位", "累计增长(%)", "累计值(亿元)", "总量位次")
RANK_SCOPES = {"city": "全市", "counties": "县(市)"}

# batch.xlsx: the units side by side per indicator
BATCH_REGION = "单位"
BATCH_FIELDS = {
    "value": "累计值(亿元)",
    "yoy_pct": "增长(%)",
    "schedule_gap_pp": "较时序进度(百分点)",
    "rank_city": "全市排名",
    "rank_counties": "县(市)排名",
}


def batch_field(field: str, group_size: int | None = None) -> str:
    """A batch.xlsx column header: 全市排名（共11） where the group's size is one."""
    head = BATCH_FIELDS[field]
    return f"{head}（共{group_size}）" if group_size else head


BATCH_TITLE = "各单位主要指标对照"
BATCH_ABOUT = (
    "每个期间一个工作表；数字取自各报告的 results.json，按报告页面的位数取整；"
    "排名为报告所用的排名（公布的位次优先）"
)
BATCH_ABOUT_REPORTS = "报告数"

"""The words of the batch index (index.html): title, notes, headers. Each is HTML-safe
as written here; numbers and names from data are escaped by the caller."""

from __future__ import annotations

TITLE = "工业经济分析报告索引"
RANK_CITY = "全市排名"
RANK_COUNTIES = "县(市)排名"
COUNTIES_TITLE = "县(市)：只列县和县级市，排名为县(市)之间的位次"


def title(parent: str) -> str:
    """The index's title, with the name of the city its units belong to (escaped by the
    caller)."""
    return f"{parent}{TITLE}" if parent else TITLE


GROWTH = "增速 %"
SCHEDULE = "较时序进度 ±百分点"
AMOUNT = "亿元"
REGION = "地区"
PAGES = "报告页面"
NO_REPORTS = "本期没有完成的报告。"
SORT_HINT = (
    "点击列标题可按该列排序（数值列先从大到小），再点一次反向；无数据（—）的行总排在最后；"
    "点击“地区”恢复原顺序。"
)
FAILED_TITLE = "运行失败"
FAILED_NOTE = (
    "下列报告没有生成（已有的旧报告保持不变）。原因见“错误”一列；已开始执行的报告，其笔记本保存"
    "在“排查文件夹”中（因数据有误或无本期数据而未运行的报告没有）。"
)
FAILED_HEADERS = ("期间", "地区", "笔记本", "单元格", "错误", "排查文件夹")


def summary_note(reports: int, failures: int, generated: str) -> str:
    """The note under the title (``generated`` already escaped)."""
    return (
        f"共 {reports} 份报告"
        + (f"，{failures} 次运行失败（见文末）" if failures else "")
        + f"。生成时间：{generated}。"
        "金额单位亿元；增速为同比 %；“较时序进度”为完成年度目标的比例减去时序进度"
        "（月数/12），正数快于进度，负数（−）慢于进度，单位百分点；排名写作“名次/参与排名的单位数”，"
        "公布的位次优先。"
    )

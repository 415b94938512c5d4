"""The words every report page carries besides its chapter's (rendering/html.py): the
footer's labels, the boxes of data warnings and notices, a chart's alt text. A page is
Chinese whatever the message language; the items in the boxes are messages (tr()) and
stay in the language they were made in."""

from __future__ import annotations

DATA_SOURCE = "数据来源"
DATA_CHECKSUM = "数据校验码"
CHECKSUM_EXPLAINED = (
    "输入文件 SHA-256 清单（run.json 的 data_checksums_sha256）的 SHA-256；前缀相同即输入数据相同"
)
GENERATED = "生成时间"
CHART_ALT = "图表"
RUN_MESSAGES_TITLE = "制作本页时的提示（与输入数据无关）："
NOTICES_TITLE = "数据说明"
NAV_LABEL = "报告各页"
NAV_INDEX = "全部报告"
DEMO_DATA = "演示数据，虚构"


def data_source(given: str, is_demo: bool) -> str:
    """The footer's data source: the data set as the user named it (``--data``), the
    bundled demo said to be fictional."""
    return f"{given}（{DEMO_DATA}）" if is_demo else given


def warnings_title(n: int) -> str:
    """The title of the banner of ``n`` data warnings."""
    return f"输入数据有 {n} 条警告：依赖下列数据行的数字可能有误，分享本页前请先核实"

"""Chapter titles as a reader sees them: the page title ("清水县 2021年1-6月 · 主要指标"), the
index's links and the draft's references. One title per chapter, used by every surface."""

from __future__ import annotations

CHAPTER_TITLES = {
    "summary": "工作总结（初稿）",
    "indicators": "主要指标",
    "industry": "工业经济运行",
    "investment": "工业投资",
    "forecast": "主要指标预测",
}

"""The words around the drafted summary (rendering/summary.py): the note at the top of
summary.md and of 00_summary.html saying how the draft was made and how to read it."""

from __future__ import annotations

# an HTML comment in summary.md (the reader of the Markdown sees it, the page does not)
MARKDOWN_NOTE = (
    "初稿由 halfyear 根据 results.json 生成：每个数字后的注释给出它在 results.json 中的"
    "路径，summary_trace.json 列出全部数字；【待补充：…】处请人工撰写。"
)
# the note under the title of 00_summary.html
HTML_NOTE = (
    "初稿由 halfyear 根据本期 results.json 生成，供修改定稿；"
    "每个数字悬停可见其在 results.json 中的路径（summary_trace.json 列出全部数字），"
    "【待补充：…】处请人工撰写。可编辑的 Word 稿为同一文件夹中的 summary.docx。"
)

"""The words around the drafted summary (rendering/summary.py): the note saying how the draft
was made and how to read it. It speaks to the editor, not to the reader of the document: an
HTML comment in summary.md, a small note under the page 00_summary.html, nothing in the
Word file (whose text is the document alone)."""

from __future__ import annotations

# an HTML comment in summary.md (the reader of the Markdown sees it, the page does not)
MARKDOWN_NOTE = (
    "初稿由 halfyear 根据 results.json 生成：每个数字后的注释给出它在 results.json 中的"
    "路径，summary_trace.json 列出全部数字；【待补充：…】处请人工撰写。"
)
# the note under the document on 00_summary.html (after it, in small type)
HTML_NOTE = (
    "说明：以上初稿由 halfyear 根据本期 results.json 生成，供修改定稿；"
    "每个数字悬停可见其在 results.json 中的路径（summary_trace.json 列出全部数字），"
    "【待补充：…】处请人工撰写；发文单位、署名和成文日期可在参数 document 中给出。"
    "可编辑的 Word 稿为同一文件夹中的 summary.docx。"
)

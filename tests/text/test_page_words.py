"""The words every page carries (text/zh/page.py) are Chinese whatever the messages are."""

from __future__ import annotations

from halfyear_lib.rendering.html import warnings_banner
from halfyear_lib.text.zh import page as words


def test_the_warnings_title_counts_the_warnings():
    assert (
        words.warnings_title(2)
        == "输入数据有 2 条警告：依赖下列数据行的数字可能有误，分享本页前请先核实"
    )


def test_a_page_banner_is_chinese_with_english_messages():
    # tests run with English messages (conftest): the items stay English, the titles do not
    out = warnings_banner(["row 5: a jump"], ["no targets"], ["a glyph is missing"])
    assert "输入数据有 1 条警告" in out and "<li>row 5: a jump</li>" in out
    assert "<strong>数据说明</strong>" in out and "制作本页时的提示（与输入数据无关）：" in out

"""The data dictionary: every table and column has a Chinese name, aliases match headers."""

from __future__ import annotations

import pytest

from halfyear_lib.data import dictionary
from halfyear_lib.data.dictionary import (
    DICTIONARY,
    column_label,
    markdown_zh,
    norm_header,
    split_header,
    table_name,
)
from halfyear_lib.data.language import language
from halfyear_lib.data.schema import TABLES


def test_every_table_and_column_has_an_entry():
    assert list(DICTIONARY) == list(TABLES)
    for name, spec in TABLES.items():
        entry = DICTIONARY[name]
        assert entry.zh and entry.description, name
        expected = list(spec.column_names) + (["period"] if spec.periodic else [])
        assert list(entry.columns) == expected, name
        for col in entry.columns.values():
            assert col.zh and col.description, (name, col.name)


def test_no_spelling_names_two_columns_or_two_tables():
    tables: dict[str, str] = {}
    for t in DICTIONARY.values():
        for spelling in (t.name, t.zh, *t.aliases):
            assert tables.setdefault(norm_header(spelling), t.name) == t.name, spelling
        columns: dict[str, str] = {}
        for c in t.columns.values():
            for spelling in (c.name, c.zh, *c.aliases):
                key = norm_header(spelling)
                assert columns.setdefault(key, c.name) == c.name, (t.name, spelling)


@pytest.mark.parametrize(
    ("table", "header", "expected"),
    [
        ("indicators", "本期值(万元)", ("value", "万元")),
        ("indicators", "本期值（万元）", ("value", "万元")),  # full-width brackets
        ("indicators", "同比增长(%)", ("yoy_pct", "%")),
        ("indicators", "同比（％）", ("yoy_pct", "%")),  # NFKC: full-width %
        ("indicators", "增速", ("yoy_pct", "")),
        ("indicators", "累计值", ("value", "")),
        ("indicators", "同口径基数", ("base", "")),
        ("indicators", "年 份", ("year", "")),  # spaces and 份
        ("indicators", "月份", ("month", "")),
        ("indicators", "时期", ("period", "")),
        ("indicators", "县(市)排名", ("rank_counties", "")),  # brackets inside the name
        ("indicators", "Region ID", ("region_id", "")),
        ("regions", "地区代码", ("region_id", "")),
        ("regions", "上级", ("parent_id", "")),
        ("regions", "排名组", ("rank_groups", "")),
        ("targets", "目标(万元)", ("target", "万元")),
        ("projects", "计划总投资（亿元）", ("planned_total", "亿元")),
        ("indicators", "清水县2021年1-6月工业经济主要指标", (None, "")),
    ],
)
def test_headers_match_with_units_split_off(table, header, expected):
    assert split_header(table, header) == expected


def test_table_names():
    assert table_name("指标") == "indicators"
    assert table_name("地区") == "regions"
    assert table_name("年度目标") == "targets"
    assert table_name("项目月度投资") == "project_monthly"
    assert table_name("Indicators") == "indicators"
    assert table_name("Sheet1") is None


def test_column_labels_name_both_languages():
    assert column_label("indicators", "yoy_pct") == "yoy_pct"
    with language("zh"):
        assert column_label("indicators", "yoy_pct") == "yoy_pct（同比增长）"


def test_markdown_lists_every_table_and_column_with_required_tables():
    text = markdown_zh()
    for name, spec in TABLES.items():
        entry = DICTIONARY[name]
        need = "必填" if spec.required else "可选"
        assert f"## {entry.zh}（{name}）— {need}" in text
        for col in entry.columns.values():
            assert f"| {col.zh} | `{col.name}` |" in text
    required = [n for n, s in TABLES.items() if s.required]
    # published statistics carry no targets: a data set without them is reported (issue 16)
    assert required == ["regions", "indicators"]
    assert "必填的表：地区（regions）、指标（indicators）；" in text
    assert dictionary.TEMPLATE_SHEETS == ("说明",)

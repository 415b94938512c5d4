"""当月 (single month) and 累计 (cumulative) rates: never mixed up, both load side by side."""

from __future__ import annotations

import pandas as pd
from test_loading import only_error, write_set

from halfyear_lib.analysis.indicators import headline
from halfyear_lib.data.loading import load_dataset, validate_dataset
from halfyear_lib.data.periods import Period

HEADER = ["region_id", "indicator", "period", "value", "yoy_pct", "unit"]
REGIONS = [
    ["region_id", "name", "kind", "parent_id", "rank_groups"],
    ["city", "示范市", "city", "", ""],
    ["a", "甲县", "county", "city", "city;counties"],
    ["b", "乙县", "county", "city", "city;counties"],
]
TARGETS = [
    ["region_id", "indicator", "year", "target", "kind"],
    ["a", "output", 2021, 9, "growth_pct"],
]


def data_set(tmp_path, rows, header=HEADER, **tables):
    optional = ("industries", "enterprises", "projects", "project_monthly", "townships")
    tables = {**dict.fromkeys([*optional, "tasks", "macro"]), **tables}  # only what is given
    return write_set(
        tmp_path / "set", regions=REGIONS, indicators=[header, *rows], targets=TARGETS, **tables
    )


def test_a_release_with_11月_beside_1_11月_loads_both_kinds(tmp_path):
    # a release pasted row by row: 当月 (11月) and 累计 (1-11月) of the same indicator
    rows = [
        ["a", "output", "2021年11月", "", 6.0, ""],
        ["a", "output", "2021年1-11月", "", 9.5, ""],
        ["b", "output", "2021年11月", "", 30.0, ""],  # b has only a 当月 rate
    ]
    ds = load_dataset(data_set(tmp_path, rows))
    table = ds["indicators"].set_index(["region_id", "rate_kind"])["yoy_pct"]
    assert table[("a", "month")] == 6.0 and table[("a", "cumulative")] == 9.5
    # computations see the cumulative rows only: b's 30% 当月 never ranks as 1-11月
    assert list(ds.indicators["region_id"]) == ["a"]
    r = headline(ds, "a", Period(2021, 11), indicators=("output",)).row("output")
    assert (r.yoy_pct, r.month_yoy_pct, r.month_yoy_source) == (9.5, 6.0, "official")
    assert (r.rank_city, r.rank_city_of) == (1, 1)


def test_rate_kind_that_contradicts_the_label_is_a_located_error(tmp_path):
    rows = [["a", "output", "2021年11月", "", 6.0, "", "累计"]]
    p = only_error(data_set(tmp_path, rows, header=[*HEADER, "rate_kind"]))
    assert (p.file, p.row, p.column) == ("indicators.csv", 2, "rate_kind")
    assert "single month (当月)" in p.message


def test_a_month_column_with_an_explicit_kind_loads(tmp_path):
    header = ["region_id", "indicator", "year", "month", "yoy_pct", "rate_kind"]
    rows = [["a", "output", 2021, 11, 6.0, "当月"], ["a", "output", 2021, 11, 9.5, "累计"]]
    ds = load_dataset(data_set(tmp_path, rows, header=header))
    assert sorted(ds["indicators"]["rate_kind"]) == ["cumulative", "month"]


def test_a_当月_column_beside_the_cumulative_one_becomes_month_rows(tmp_path):
    header = ["地区代码", "指标", "年", "月", "本期值", "同比增长", "当月增长"]
    rows = [
        ["a", "output", 2021, 11, 95.0, 9.5, 6.0],
        ["b", "output", 2021, 11, "", "", 12.0],  # only the 当月 rate: no cumulative row
    ]
    ds = load_dataset(data_set(tmp_path, rows, header=header))
    got = ds["indicators"].sort_values(["region_id", "rate_kind"])
    assert list(zip(got["region_id"], got["rate_kind"], got["yoy_pct"], strict=True)) == [
        ("a", "cumulative", 9.5),
        ("a", "month", 6.0),
        ("b", "month", 12.0),
    ]
    month_a = got.loc[(got["region_id"] == "a") & (got["rate_kind"] == "month")].iloc[0]
    assert pd.isna(month_a["value"])  # the level belongs to the cumulative row only
    assert got["month_yoy_pct"].isna().all()


def test_a_duplicate_month_row_is_still_a_duplicate(tmp_path):
    header = ["region_id", "indicator", "year", "month", "yoy_pct", "month_yoy_pct", "rate_kind"]
    rows = [
        ["a", "output", 2021, 11, 9.5, 6.0, ""],
        ["a", "output", 2021, 11, 6.1, "", "month"],  # the same 当月 fact given twice
    ]
    ds, problems = validate_dataset(data_set(tmp_path, rows, header=header))
    assert ds is None
    assert any("duplicate row" in p.message for p in problems if p.is_error)


def test_a_single_month_label_in_a_cumulative_table_is_refused(tmp_path):
    industries = [
        ["region_id", "industry", "period", "output", "va_rate", "va_rate_prev", "ppi_yoy_pct"],
        ["a", "纺织", "2021年6月", 5.0, 22.5, 23.0, 1.0],
    ]
    rows = [["a", "output", "2021年1-6月", 30.0, 9.5, "亿元"]]
    p = only_error(data_set(tmp_path, rows, industries=industries))
    assert (p.file, p.row, p.column) == ("industries.csv", 2, "period")
    assert "single month (当月)" in p.message and "1-6月 for 6月" in p.message


def test_growth_only_and_level_only_tables_need_no_empty_column(tmp_path):
    growth_only = ["region_id", "indicator", "year", "month", "yoy_pct"]
    ds = load_dataset(data_set(tmp_path / "g", [["a", "output", 2021, 6, 9.5]], growth_only))
    assert ds.indicators["value"].isna().all() and ds.indicators["yoy_pct"].tolist() == [9.5]
    level_only = ["region_id", "indicator", "year", "month", "value", "unit"]
    rows = [["a", "output", 2021, 6, 30.0, "亿元"]]
    ds = load_dataset(data_set(tmp_path / "l", rows, level_only))
    assert ds.indicators["value"].tolist() == [30.0] and ds.indicators["yoy_pct"].isna().all()
    neither = ["region_id", "indicator", "year", "month", "unit"]
    p = only_error(data_set(tmp_path / "n", [["a", "output", 2021, 6, "亿元"]], neither))
    assert p.file == "indicators.csv" and "neither a value column nor a yoy_pct column" in p.message

"""Tests of halfyear_lib.data.loading on tiny hand-made data sets written into tmp_path."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import os
import time
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from halfyear_lib.data import schema
from halfyear_lib.data.dataset import DataSet
from halfyear_lib.data.loading import (
    MAX_CELL_PROBLEMS,
    DataValidationError,
    Problem,
    empty_table,
    load_dataset,
    validate_dataset,
)
from halfyear_lib.data.periods import Period

# A minimal valid data set: a city with three units and a few rows per table.
# Cells are Python values; CSV files get str(value), workbooks get the native value.
GOOD: dict[str, list[list]] = {
    "regions": [
        ["region_id", "name", "kind", "parent_id", "rank_groups"],
        ["city", "示范市", "city", "", ""],
        ["a", "甲县", "county", "city", "city;counties"],
        ["b", "乙区", "district", "city", "city"],
        ["z", "开发区", "zone", "city", "全市"],
    ],
    "indicators": [
        ["region_id", "indicator", "year", "month", "value", "yoy_pct", "unit"],
        ["a", "output", 2021, 5, "12,345", 10.5, "万元"],  # row 2
        ["a", "output", 2021, 6, 1.5, "12.3%", "亿元"],  # row 3
        ["a", "value_added", 2021, 6, "", 8.1, ""],  # row 4: growth only
        ["a", "above_scale_firms", 2021, 6, 120, "", "家"],  # row 5
        ["b", "output", 2021, 6, 2.0, "−1.5", ""],  # row 6: U+2212 minus
        ["z", "output", 2021, 6, 0.8, "5％", ""],  # row 7: full-width percent
    ],
    "targets": [
        ["region_id", "indicator", "year", "target", "kind", "unit"],
        ["a", "output", 2021, 30000, "value", "万元"],
        ["a", "value_added", 2021, 8, "growth_pct", "%"],
        ["a", "above_scale_firms", 2021, 130, "value", "家"],
    ],
    "industries": [
        [
            "region_id",
            "industry",
            "year",
            "month",
            "output(万元)",
            "va_rate",
            "va_rate_prev",
            "ppi_yoy_pct",
        ],
        ["a", "纺织", 2021, 6, 50000, 22.5, 23.0, "3.1%"],
    ],
    "enterprises": [
        [
            "enterprise_id",
            "region_id",
            "name",
            "township",
            "industry",
            "entered",
            "route",
            "hitech_stat",
            "expected_entry",
            "exited",
        ],
        ["e1", "a", "某公司", "城关镇", "纺织", "2021/3", "growth", "是", "", ""],
        ["e2", "a", "某新厂", "城关镇", "", "", "", "否", "2021年9月", ""],
    ],
    "projects": [
        [
            "project_id",
            "region_id",
            "name",
            "township",
            "kind",
            "planned_total（万元）",
            "in_library",
            "library_month",
            "start_month",
            "attraction",
            "constraint",
            "not_in_library_reason",
        ],
        ["p1", "a", "某项目", "城关镇", "tech_renovation", "12,345", "yes", "2021年3月", "202101"]
        + ["N", "none", ""],
        ["p2", "a", "新项目", "城关镇", "new", 800, "false", "", "", "1", "", "not_started"],
    ],
    "project_monthly": [
        ["project_id", "year", "month", "investment[亿元]"],
        ["p1", 2021, 2, 0.05],
        ["p1", 2021, 3, 0.08],
    ],
    "townships": [
        ["region_id", "township", "year", "investment_target"],
        ["a", "城关镇", 2021, 3],
    ],
    "tasks": [
        ["task_id", "region_id", "year", "month", "source", "title", "metric"]
        + ["target", "actual", "unit", "status", "note"],
        [
            "t1",
            "a",
            2021,
            6,
            "county",
            "新增规上企业",
            "新增规上企业数",
            10,
            4,
            "家",
            "on_track",
            "",
        ],
    ],
    "macro": [
        ["year", "month", "ppi_yoy_pct", "pmi"],
        [2021, 1, 0.3, 51.3],  # macro data are single months: January is fine
        [2021, 6, 8.8, 50.9],
    ],
}


def _text(value) -> str:
    return "" if value is None else str(value)


def write_csv(path: Path, rows: list[list], encoding: str = "utf-8") -> Path:
    with open(path, "w", newline="", encoding=encoding) as fh:
        csv.writer(fh).writerows([[_text(v) for v in row] for row in rows])
    return path


def write_set(folder: Path, **changes) -> Path:
    """Write GOOD (tables replaced by ``changes``; None drops a table) as CSV files."""
    folder.mkdir(parents=True, exist_ok=True)
    tables = {**GOOD, **changes}
    for name, rows in tables.items():
        if rows is not None:
            write_csv(folder / f"{name}.csv", rows)
    return folder


def write_workbook(path: Path, sheet_names: dict[str, str] | None = None, **changes) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in {**GOOD, **changes}.items():
        if rows is None:
            continue
        ws = wb.create_sheet((sheet_names or {}).get(name, name))
        for row in rows:
            ws.append([None if v == "" else v for v in row])
    wb.save(path)
    return path


def with_rows(table: str, *rows: list, header: list | None = None) -> list[list]:
    """GOOD[table] with extra data rows appended (and optionally another header)."""
    return [header or GOOD[table][0], *GOOD[table][1:], *rows]


def errors_of(path: Path) -> list[Problem]:
    ds, problems = validate_dataset(path)
    errors = [p for p in problems if p.is_error]
    assert ds is None and errors, problems
    return errors


def only_error(path: Path) -> Problem:
    errors = errors_of(path)
    assert len(errors) == 1, "\n".join(map(str, errors))
    return errors[0]


def ind(ds: DataSet, region: str, code: str, year: int, month: int) -> pd.Series:
    df = ds.indicators
    row = df[
        (df.region_id == region) & (df.indicator == code) & (df.year == year) & (df.month == month)
    ]
    assert len(row) == 1
    return row.iloc[0]


# ---------------------------------------------------------------- the good set


def test_good_set_loads_canonical(tmp_path):
    folder = write_set(tmp_path / "good")
    ds = load_dataset(folder)
    assert ds.warnings == []
    assert ds.source == str(folder)
    assert set(ds.tables) == set(schema.TABLES)
    for name, spec in schema.TABLES.items():
        df = ds[name]
        assert list(df.columns) == list(spec.column_names), name
        assert df.index.equals(pd.RangeIndex(len(df))), name
        keys = df[list(spec.key)].astype(str).apply(tuple, axis=1).tolist()
        assert len(set(keys)) == len(keys)

    # 12,345 万元 -> 1.2345 亿元, percent signs dropped, U+2212 minus read
    assert ind(ds, "a", "output", 2021, 5)["value"] == 1.2345
    assert ind(ds, "a", "output", 2021, 5)["unit"] == "亿元"
    assert ind(ds, "a", "output", 2021, 6)["yoy_pct"] == 12.3
    assert ind(ds, "b", "output", 2021, 6)["yoy_pct"] == -1.5
    assert ind(ds, "z", "output", 2021, 6)["yoy_pct"] == 5.0
    va = ind(ds, "a", "value_added", 2021, 6)
    assert np.isnan(va["value"]) and va["yoy_pct"] == 8.1 and va["unit"] == "亿元"
    firms = ind(ds, "a", "above_scale_firms", 2021, 6)
    assert firms["value"] == 120 and firms["unit"] == "家"
    assert ds.indicators.dtypes["year"] == np.int64
    assert ds.indicators.dtypes["month"] == np.int64
    assert ds.indicators.dtypes["value"] == np.float64
    assert ds.indicators["base"].isna().all()  # optional column absent -> NA
    # sorted by key
    assert ds.indicators["region_id"].tolist() == ["a", "a", "a", "a", "b", "z"]
    assert ds.indicators["indicator"].tolist()[:4] == [
        "above_scale_firms",
        "output",
        "output",
        "value_added",
    ]

    t = ds["targets"].set_index(["indicator", "kind"])
    assert t.loc[("output", "value"), "target"] == 3.0
    assert t.loc[("output", "value"), "unit"] == "亿元"
    assert t.loc[("value_added", "growth_pct"), "target"] == 8.0
    assert t.loc[("value_added", "growth_pct"), "unit"] == "%"
    assert t.loc[("above_scale_firms", "value"), "target"] == 130.0

    assert ds["industries"]["output"].tolist() == [5.0]  # 50000 万元
    assert ds["industries"]["ppi_yoy_pct"].tolist() == [3.1]

    p = ds["projects"].set_index("project_id")
    assert p.loc["p1", "planned_total"] == 1.2345
    assert p.loc["p2", "planned_total"] == 0.08
    assert p.loc["p1", "library_month"] == pd.Period("2021-03", "M")
    assert p.loc["p1", "start_month"] == pd.Period("2021-01", "M")
    assert pd.isna(p.loc["p2", "library_month"])
    assert p["in_library"].tolist() == [True, False]
    assert p["attraction"].tolist() == [False, True]
    assert p.loc["p1", "constraint"] == "none"
    assert pd.isna(p.loc["p2", "constraint"])
    assert str(ds["projects"].dtypes["in_library"]) == "boolean"
    assert isinstance(ds["projects"].dtypes["library_month"], pd.PeriodDtype)

    e = ds["enterprises"].set_index("enterprise_id")
    assert e.loc["e1", "entered"] == pd.Period("2021-03", "M")
    assert e.loc["e2", "expected_entry"] == pd.Period("2021-09", "M")
    assert e["hitech_stat"].tolist() == [True, False]

    assert ds["project_monthly"]["investment"].tolist() == [0.05, 0.08]
    assert ds["macro"]["month"].tolist() == [1, 6]
    r = ds.regions.set_index("region_id")
    assert r.loc["city", "rank_groups"] == ""
    assert r.loc["a", "rank_groups"] == "city;counties"
    assert r.loc["z", "rank_groups"] == "city"  # Chinese label 全市 -> code

    # checksums of the raw bytes
    assert set(ds.checksums) == {f"{name}.csv" for name in schema.TABLES}
    raw = (folder / "indicators.csv").read_bytes()
    assert ds.checksums["indicators.csv"] == hashlib.sha256(raw).hexdigest()
    # the DataSet helpers work on the canonical frames
    assert ds.latest_period() == Period(2021, 6)
    assert ds.region_name("a") == "甲县"
    assert len(ds.as_of(Period(2021, 5)).indicators) == 1


def test_headers_only_tables_give_canonical_empty_frames(tmp_path):
    empty = {name: [GOOD[name][0]] for name in ("enterprises", "projects", "project_monthly")}
    ds = load_dataset(write_set(tmp_path / "s", **empty))
    for name in empty:
        assert ds[name].empty
        pd.testing.assert_frame_equal(ds[name], empty_table(name))
    assert isinstance(ds["enterprises"].dtypes["entered"], pd.PeriodDtype)


def test_absent_optional_table_is_empty(tmp_path, monkeypatch):
    spec = dataclasses.replace(schema.TABLES["macro"], required=False)
    monkeypatch.setitem(schema.TABLES, "macro", spec)
    ds = load_dataset(write_set(tmp_path / "s", macro=None))
    pd.testing.assert_frame_equal(ds["macro"], empty_table("macro"))


def test_bom_and_chinese_file_name_accepted(tmp_path):
    folder = write_set(tmp_path / "s", indicators=None)
    write_csv(folder / "指标.csv", GOOD["indicators"], encoding="utf-8-sig")
    ds = load_dataset(folder)
    assert ind(ds, "a", "output", 2021, 5)["value"] == 1.2345
    assert "指标.csv" in ds.checksums


# ---------------------------------------------------------------- files and columns


def test_missing_table_file(tmp_path):
    p = only_error(write_set(tmp_path / "s", indicators=None))
    assert p.file == "indicators.csv"
    assert "missing" in p.message and "region_id, indicator, year, month" in p.message
    # targets are optional: published statistics have none (a notice, see test_checks)
    ds, _ = validate_dataset(write_set(tmp_path / "t", targets=None))
    assert ds is not None and ds["targets"].empty and len(ds.notices) == 1


def test_missing_column_names_expected_columns(tmp_path):
    rows = [[c for c in r if c != "x"] for r in GOOD["targets"]]
    rows = [r[:3] + r[4:] for r in rows]  # drop "target"
    p = only_error(write_set(tmp_path / "s", targets=rows))
    assert p.file == "targets.csv" and p.row is None
    assert "column target is missing" in p.message
    assert "region_id, indicator, year, target, kind (optional: unit, checked)" in p.message


def test_unknown_extra_column_is_a_warning(tmp_path):
    rows = [r + [v] for r, v in zip(GOOD["townships"], ["remark", "ok"], strict=True)]
    ds, problems = validate_dataset(write_set(tmp_path / "s", townships=rows))
    assert ds is not None
    assert [p.severity for p in problems] == ["warning"]
    assert "'remark'" in problems[0].message and "ignored" in problems[0].message
    assert list(ds["townships"].columns) == list(schema.TABLES["townships"].column_names)
    assert ds.warnings == [str(problems[0])]
    assert ds.warnings[0].startswith("townships.csv, column remark: ")


def test_unknown_csv_file_is_a_warning(tmp_path):
    folder = write_set(tmp_path / "s")
    write_csv(folder / "notes.csv", [["a"], ["b"]])
    ds, problems = validate_dataset(folder)
    assert ds is not None and len(problems) == 1 and problems[0].file == "notes.csv"


def test_neither_utf8_nor_gb18030_csv(tmp_path):
    # GB18030 files are read (tests/data/test_chinese_input.py); bytes that are not text
    # in either encoding are still refused with the way out
    folder = write_set(tmp_path / "s", regions=None)
    (folder / "regions.csv").write_bytes(b"region_id,name\n\x81\x20,x\n")
    errors = errors_of(folder)
    assert errors[0].file == "regions.csv"
    assert "not UTF-8 or GB18030" in errors[0].message and "CSV UTF-8" in errors[0].message


def test_missing_path(tmp_path):
    with pytest.raises(DataValidationError, match="does not exist"):
        load_dataset(tmp_path / "nowhere")


def test_header_units(tmp_path):
    rows = [["project_id", "year", "month", "investment（万元）"], ["p1", 2021, 2, 500]]
    ds = load_dataset(write_set(tmp_path / "a", project_monthly=rows))
    assert ds["project_monthly"]["investment"].tolist() == [0.05]
    rows = [["project_id", "year", "month", "investment(美元)"], ["p1", 2021, 2, 500]]
    p = only_error(write_set(tmp_path / "b", project_monthly=rows))
    assert p.column == "investment(美元)" and "亿元, 万元, 元" in p.message


# ---------------------------------------------------------------- cells


def test_text_in_number_column(tmp_path):
    rows = with_rows("indicators", ["b", "output", 2021, 5, "about 2", 1.0, ""])
    p = only_error(write_set(tmp_path / "s", indicators=rows))
    assert (p.file, p.row, p.column, p.value) == ("indicators.csv", 8, "value", "about 2")
    assert "'about 2' is not a number" in p.message


def test_pct_with_decimal_comma(tmp_path):
    rows = with_rows("indicators", ["b", "output", 2021, 5, 1.9, "12,3", ""])
    p = only_error(write_set(tmp_path / "s", indicators=rows))
    assert str(p) == (
        "indicators.csv, row 8, column yoy_pct: '12,3' is not a number; "
        "write a percentage such as 12.3 or 12.3%"
    )


def test_amount_rejects_text_accepts_thousands(tmp_path):
    rows = [GOOD["townships"][0], ["a", "城关镇", 2021, "1,234.5"], ["a", "新城", 2021, "三亿"]]
    p = only_error(write_set(tmp_path / "s", townships=rows))
    assert (p.row, p.column, p.value) == (3, "investment_target", "三亿")


def test_bool_month_and_enum_cells(tmp_path):
    header = GOOD["projects"][0]
    rows = [
        header,
        ["p1", "a", "x", "镇", "技改", 1, "TRUE", "2021-03", "2021.04", "No", "", ""],
        ["p2", "a", "y", "镇", "new", 1, "Y", "2021-03-01", "", "0", "", ""],
        ["p3", "a", "z", "镇", "big", 1, "maybe", "March", "2021-13", "否", "", ""],
    ]
    monthly = [GOOD["project_monthly"][0]]
    ds, problems = validate_dataset(
        write_set(tmp_path / "s", projects=rows, project_monthly=monthly)
    )
    assert ds is None
    got = {(p.row, p.column): p for p in problems}
    assert set(got) == {
        (4, "kind"),
        (4, "in_library"),
        (4, "library_month"),
        (4, "start_month"),
    }
    assert "new (新建), tech_renovation (技改), expansion (扩建)" in got[4, "kind"].message
    assert "'maybe' is not a yes/no value" in got[4, "in_library"].message
    assert "YYYY-MM" in got[4, "library_month"].message
    rows.pop()
    ds = load_dataset(write_set(tmp_path / "t", projects=rows, project_monthly=monthly))
    p = ds["projects"]
    assert p["kind"].tolist() == ["tech_renovation", "new"]  # Chinese label accepted
    assert p["in_library"].tolist() == [True, True]
    assert p["attraction"].tolist() == [False, False]
    assert p["library_month"].tolist() == [pd.Period("2021-03", "M")] * 2
    assert p["start_month"].iloc[0] == pd.Period("2021-04", "M")


def test_required_cell_empty(tmp_path):
    rows = with_rows("regions", ["c", "", "county", "city", "city"])
    p = only_error(write_set(tmp_path / "s", regions=rows))
    assert (p.row, p.column) == (6, "name") and "is empty" in p.message


def test_unknown_rank_group(tmp_path):
    rows = with_rows("regions", ["c", "丙县", "county", "city", "city;provinces"])
    p = only_error(write_set(tmp_path / "s", regions=rows))
    assert p.column == "rank_groups" and "provinces" in p.message


# ---------------------------------------------------------------- keys and references


def test_unknown_region(tmp_path):
    rows = with_rows("indicators", ["x9", "output", 2021, 6, 1.0, 2.0, ""])
    p = only_error(write_set(tmp_path / "s", indicators=rows))
    assert (p.file, p.row, p.column, p.value) == ("indicators.csv", 8, "region_id", "x9")
    assert "unknown region_id 'x9'" in p.message
    assert "known: a, b, city, z" in p.message


def test_unknown_project_and_parent(tmp_path):
    monthly = with_rows("project_monthly", ["p9", 2021, 4, 0.1])
    regions = with_rows("regions", ["c", "丙县", "county", "province", "city"])
    errors = errors_of(write_set(tmp_path / "s", project_monthly=monthly, regions=regions))
    assert {(p.file, p.row, p.column) for p in errors} == {
        ("project_monthly.csv", 4, "project_id"),
        ("regions.csv", 6, "parent_id"),
    }


def test_duplicated_row(tmp_path):
    rows = with_rows("indicators", ["a", "output", "2021", "6", 1.6, 12.0, ""])
    p = only_error(write_set(tmp_path / "s", indicators=rows))
    assert p.row == 8
    assert "also in row 3" in p.message
    assert "region_id=a, indicator=output, year=2021, month=6" in p.message


def test_duplicate_found_after_period_labels(tmp_path):
    header = ["region_id", "indicator", "year", "period", "value", "yoy_pct"]
    rows = [header, ["a", "output", 2021, "1-6月", 1.0, 1.0], ["a", "output", 2021, "上半年", 1, 1]]
    p = only_error(write_set(tmp_path / "s", indicators=rows))
    assert p.row == 3 and "also in row 2" in p.message


# ---------------------------------------------------------------- periods


def test_period_labels_instead_of_month(tmp_path):
    header = ["region_id", "indicator", "period", "value", "yoy_pct"]
    rows = [
        header,
        ["a", "output", "2021年1-6月", 1.0, 1.0],
        ["a", "output", "2021年1—5月份", 0.8, 1.0],
        ["a", "output", "2021年一季度", 0.5, 1.0],
        ["a", "output", "2021年前三季度", 1.5, 1.0],
        ["a", "output", "2020年全年", 2.0, 1.0],
        ["a", "output", "2021-02", 0.3, 1.0],
    ]
    ds = load_dataset(write_set(tmp_path / "s", indicators=rows))
    got = list(zip(ds.indicators["year"], ds.indicators["month"], strict=True))
    assert got == [(2020, 12), (2021, 2), (2021, 3), (2021, 5), (2021, 6), (2021, 9)]


def test_period_labels_with_year_column(tmp_path):
    header = ["region_id", "indicator", "year", "period", "value", "yoy_pct"]
    rows = [
        header,
        ["a", "output", 2021, "1-6月", 1.0, 1.0],
        ["a", "output", 2021, "1~5月", 0.8, 1.0],
        ["a", "output", 2021, "2020年1-4月", 0.6, 1.0],  # row 4: disagrees
        ["a", "output", 2021, "H1", 0.6, 1.0],  # row 5: unreadable
    ]
    errors = errors_of(write_set(tmp_path / "s", indicators=rows))
    assert [(p.row, p.column) for p in errors] == [(4, "period"), (5, "period")]
    assert "does not agree with column year" in errors[0].message
    assert "'H1'" in errors[1].message and "1-6月, 1—6月份, 上半年" in errors[1].message


def test_labels_without_year_need_a_year(tmp_path):
    header = ["region_id", "indicator", "period", "value", "yoy_pct"]
    rows = [header, ["a", "output", "1-6月", 1.0, 1.0]]
    p = only_error(write_set(tmp_path / "s", indicators=rows))
    assert p.row == 2 and "no year" in p.message


def test_month_one_is_an_error_in_cumulative_tables(tmp_path):
    rows = with_rows("indicators", ["b", "output", 2021, 1, 0.2, 3.0, ""])
    p = only_error(write_set(tmp_path / "s", indicators=rows))
    assert (p.row, p.column) == (8, "month")
    assert "January is published together with February as 1-2月: use month 2" in p.message
    monthly = with_rows("project_monthly", ["p1", 2022, 1, 0.1])
    p = only_error(write_set(tmp_path / "t", project_monthly=monthly))
    assert (p.file, p.row, p.column) == ("project_monthly.csv", 4, "month")


def test_month_cells_may_hold_labels(tmp_path):
    rows = with_rows("indicators", ["b", "output", 2021, "1-5月", 1.6, 1.0, ""])
    rows += [["b", "output", "2020年", "1—12月份", 3.0, 1.0, ""]]
    ds = load_dataset(write_set(tmp_path / "s", indicators=rows))
    b = ds.indicators[ds.indicators.region_id == "b"]
    assert list(zip(b.year, b.month, strict=True)) == [(2020, 12), (2021, 5), (2021, 6)]


def test_single_month_tables_accept_january_labels(tmp_path):
    header = ["task_id", "region_id", "period", "source", "title", "metric"]
    header += ["target", "actual", "status"]
    rows = [header, ["t1", "a", "2021年1月", "city", "任务", "", "", "", "behind"]]
    rows += [["t1", "a", "2021年1-6月", "city", "任务", "", "", "", "on_track"]]
    ds = load_dataset(write_set(tmp_path / "s", tasks=rows))
    assert ds["tasks"][["year", "month"]].values.tolist() == [[2021, 1], [2021, 6]]
    assert ds["tasks"]["note"].isna().all() and ds["tasks"]["unit"].isna().all()


def test_month_out_of_range(tmp_path):
    macro = with_rows("macro", [2021, 13, 1.0, 50.0], [2021, 0, 1.0, 50.0])
    errors = errors_of(write_set(tmp_path / "s", macro=macro))
    assert [(p.row, p.column) for p in errors] == [(4, "month"), (5, "month")]
    assert "1..12" in errors[0].message


# ---------------------------------------------------------------- units


def test_mixed_units_convert_and_magnitude_jump_warns(tmp_path):
    rows = [
        ["region_id", "indicator", "year", "month", "value", "yoy_pct", "unit"],
        ["b", "output", 2021, 2, 15000, 9.0, "万元"],  # row 2: 1.5 亿元
        ["b", "output", 2021, 3, 2.4, 9.0, "亿元"],  # row 3
        ["b", "output", 2021, 4, 3.1, 9.0, ""],  # row 4: canonical 亿元
        ["b", "output", 2021, 5, 39000, 9.0, ""],  # row 5: a 万元 value without its unit
        ["b", "output", 2021, 6, "4.6", 9.0, "亿"],  # row 6
    ]
    path = write_set(tmp_path / "s", indicators=rows)
    errors = errors_of(path)  # a unit slip is an error unless checked or accepted
    assert [(p.row, p.column) for p in errors] == [(5, "value"), (6, "value")]
    ds, problems = validate_dataset(path, accept_warnings=True)
    assert ds is not None
    values = ds.indicators.set_index("month")["value"]
    assert values[2] == 1.5 and values[3] == 2.4 and values[4] == 3.1 and values[6] == 4.6
    assert set(ds.indicators["unit"]) == {"亿元"}
    warnings = [p for p in problems if not p.is_error]
    assert [(p.row, p.column) for p in warnings] == [(5, "value"), (6, "value")]
    assert "row 4" in warnings[0].message and "row 5" in warnings[0].message
    assert "万元 vs 亿元" in warnings[0].message
    assert len(ds.warnings) == 2


def test_jump_against_last_year_but_not_december_to_february(tmp_path):
    rows = with_rows(
        "indicators",
        ["z", "output", 2020, 6, 7000, 5.0, ""],  # row 8: 万元 written as 亿元
        ["z", "tech_contracts", 2020, 12, 3.0, 5.0, ""],  # row 9
        ["z", "tech_contracts", 2021, 2, 0.001, -90.0, ""],  # row 10: lumpy, restarts
    )
    ds, problems = validate_dataset(
        write_set(tmp_path / "s", indicators=rows), accept_warnings=True
    )
    assert ds is not None
    assert [(p.row, p.column, p.severity) for p in problems] == [(7, "value", "warning")]
    assert "in 2020-06 (row 8)" in problems[0].message
    assert "in 2021-06 (row 7)" in problems[0].message


def test_header_unit_applies_where_row_unit_is_empty(tmp_path):
    rows = [
        ["region_id", "indicator", "year", "month", "value(万元)", "yoy_pct", "unit"],
        ["b", "output", 2021, 5, 20000, 9.0, ""],
        ["b", "output", 2021, 6, 2.5, 9.0, "亿元"],
    ]
    ds = load_dataset(write_set(tmp_path / "s", indicators=rows))
    assert ds.indicators["value"].tolist() == [2.0, 2.5]


def test_wrong_unit_for_indicator(tmp_path):
    rows = with_rows(
        "indicators",
        ["b", "output", 2021, 5, 1.0, 1.0, "家"],  # row 8
        ["b", "above_scale_firms", 2021, 6, 80, 1.0, "万元"],  # row 9
        ["b", "value_added", 2021, 6, 1.0, 1.0, "元/吨"],  # row 10
    )
    errors = errors_of(write_set(tmp_path / "s", indicators=rows))
    assert [(p.row, p.column, p.value) for p in errors] == [
        (8, "unit", "家"),
        (9, "unit", "万元"),
        (10, "unit", "元/吨"),
    ]
    assert "output" in errors[0].message and "亿元, 万元, 元" in errors[0].message
    assert "above_scale_firms" in errors[1].message and "个, 件, 家, 户, 项" in errors[1].message


def test_growth_target_unit(tmp_path):
    rows = with_rows("targets", ["b", "output", 2021, "9.5%", "growth_pct", ""])
    ds = load_dataset(write_set(tmp_path / "s", targets=rows))
    t = ds["targets"]
    assert t.loc[(t.region_id == "b"), ["target", "unit"]].values.tolist() == [[9.5, "%"]]
    rows = with_rows("targets", ["b", "output", 2021, 9.5, "growth_pct", "万元"])
    p = only_error(write_set(tmp_path / "t", targets=rows))
    assert (p.row, p.column) == (5, "unit") and "percentage" in p.message


def test_percent_in_a_level_cell(tmp_path):
    rows = with_rows("targets", ["b", "output", 2021, "9.5%", "value", ""])
    p = only_error(write_set(tmp_path / "s", targets=rows))
    assert (p.row, p.column) == (5, "target")


def test_value_and_yoy_both_missing(tmp_path):
    rows = with_rows("indicators", ["b", "output", 2021, 5, "", "", ""])
    p = only_error(write_set(tmp_path / "s", indicators=rows))
    assert p.row == 8
    assert "either value or yoy_pct may be missing, not both" in p.message


# ---------------------------------------------------------------- reporting


def test_all_problems_reported_at_once(tmp_path):
    rows = with_rows(
        "indicators",
        ["a", "output", 2021, 4, "n/a?", 1.0, ""],  # row 8: text in value
        ["b", "output", 2021, 3, 1.0, 1.0, ""],  # row 9: fine
        ["b", "outptu", 2021, 4, 1.0, 1.0, ""],  # row 10: unknown indicator
        ["b", "output", 2021, 1, 1.0, 1.0, ""],  # row 11: month 1
    )
    errors = errors_of(write_set(tmp_path / "s", indicators=rows))
    assert [(p.row, p.column) for p in errors] == [(8, "value"), (10, "indicator"), (11, "month")]
    with pytest.raises(DataValidationError) as info:
        load_dataset(tmp_path / "s")
    exc = info.value
    assert len(exc.problems) == 3 and exc.source == str(tmp_path / "s")
    text = str(exc)
    assert "3 errors" in text.splitlines()[0]
    for p in errors:
        assert str(p) in text


def test_errors_across_files_and_blank_rows_keep_row_numbers(tmp_path):
    folder = write_set(tmp_path / "s")
    with open(folder / "townships.csv", "a", encoding="utf-8") as fh:
        fh.write("\n,,,\na,北镇,2021,x\n")  # rows 3 and 4 blank, row 5 bad
    rows = with_rows("targets", ["a", "gdp", 2021, 1, "value", ""])
    write_csv(folder / "targets.csv", rows)
    errors = errors_of(folder)
    assert [(p.file, p.row, p.column) for p in errors] == [
        ("targets.csv", 5, "indicator"),
        ("townships.csv", 5, "investment_target"),
    ]
    assert "规上工业总产值" in errors[0].message  # the allowed codes with their labels


def test_many_bad_cells_are_summed_up(tmp_path):
    bad = [["b", "output", 2019, m, "x", 1.0, ""] for m in range(2, 13)]
    bad += [["z", "output", 2020, m, "x", 1.0, ""] for m in range(2, 13)]
    ds, problems = validate_dataset(
        write_set(tmp_path / "s", indicators=with_rows("indicators", *bad))
    )
    assert len(problems) == MAX_CELL_PROBLEMS + 1
    assert problems[-1].message.startswith("2 more rows that are not numbers (rows 28-29)")


def test_problem_str():
    p = Problem("data.xlsx", 17, "yoy_pct", "12,3", "'12,3' is not a number", sheet="指标")
    assert str(p) == "data.xlsx, sheet 指标, row 17, column yoy_pct: '12,3' is not a number"
    w = Problem("a.csv", None, None, None, "odd", severity="warning")
    assert str(w) == "a.csv: odd"


# ---------------------------------------------------------------- workbooks


def test_workbook_equals_csv(tmp_path):
    from_csv = load_dataset(write_set(tmp_path / "csv"))
    book = write_workbook(tmp_path / "data.xlsx")
    from_xlsx = load_dataset(book)
    for name in schema.TABLES:
        pd.testing.assert_frame_equal(from_xlsx[name], from_csv[name], obj=name)
    assert list(from_xlsx.checksums) == ["data.xlsx"]
    assert from_xlsx.checksums["data.xlsx"] == hashlib.sha256(book.read_bytes()).hexdigest()


def test_workbook_sheets_by_chinese_label(tmp_path):
    labels = {name: spec.label for name, spec in schema.TABLES.items()}
    ds = load_dataset(write_workbook(tmp_path / "数据.xlsx", sheet_names=labels))
    assert ind(ds, "a", "output", 2021, 5)["value"] == 1.2345


def test_workbook_errors_name_the_sheet(tmp_path):
    rows = with_rows("indicators", ["b", "output", 2021, 5, "abc", 1.0, ""])
    book = write_workbook(
        tmp_path / "data.xlsx", sheet_names={"indicators": "指标"}, indicators=rows
    )
    p = only_error(book)
    assert (p.file, p.sheet, p.row, p.column) == ("data.xlsx", "指标", 8, "value")
    assert str(p).startswith("data.xlsx, sheet 指标, row 8, column value: 'abc'")


def test_workbook_percent_cells_and_missing_sheet(tmp_path):
    book = write_workbook(tmp_path / "data.xlsx", targets=None)
    wb = openpyxl.load_workbook(book)
    ws = wb["indicators"]
    ws["F2"] = 0.105  # shown as 10.5% in Excel
    ws["F2"].number_format = "0.0%"
    wb.save(book)
    ds = load_dataset(book)  # no targets sheet: a notice, not an error
    assert ds["targets"].empty and len(ds.notices) == 1
    p = only_error(write_workbook(tmp_path / "no_ind.xlsx", indicators=None))
    assert p.file == "no_ind.xlsx" and "no sheet for table indicators" in p.message
    wb = openpyxl.load_workbook(book)
    ws = wb.create_sheet("年度目标")
    for row in GOOD["targets"]:
        ws.append(row)
    del wb["macro"]  # an optional table may be left out
    wb.save(book)
    ds = load_dataset(book)
    assert ind(ds, "a", "output", 2021, 5)["yoy_pct"] == 10.5
    assert ds["macro"].empty and list(ds["macro"].columns) == list(
        schema.TABLES["macro"].column_names
    )
    wb = openpyxl.load_workbook(book)
    ws = wb.create_sheet("宏观")
    for row in GOOD["macro"]:
        ws.append(row)
    wb.save(book)
    ds = load_dataset(book)
    assert ind(ds, "a", "output", 2021, 5)["yoy_pct"] == 10.5


# ---------------------------------------------------------------- inputs untouched


def _snapshot(paths):
    return {p: (p.read_bytes(), os.stat(p).st_mtime_ns) for p in paths}


def test_inputs_are_not_modified(tmp_path):
    good = write_set(tmp_path / "good")
    bad = write_set(
        tmp_path / "bad", indicators=with_rows("indicators", ["q", "output", 2021, 1, "x", "", ""])
    )
    book = write_workbook(tmp_path / "data.xlsx")
    files = [*good.iterdir(), *bad.iterdir(), book]
    before = _snapshot(files)
    time.sleep(0.01)
    load_dataset(good)
    load_dataset(book)
    with pytest.raises(DataValidationError):
        load_dataset(bad)
    assert _snapshot(files) == before
    assert sorted(p.name for p in good.iterdir()) == sorted(f"{n}.csv" for n in schema.TABLES)


# ---------------------------------------------------------------- scale
# (speed is measured by benchmarks/bench_pipeline.py, not asserted here)


def test_forty_thousand_formatted_rows_load_correctly(tmp_path):
    regions = with_rows("regions")
    regions += [[f"r{i}", f"{i}县", "county", "city", "city;counties"] for i in range(20)]
    header = ["region_id", "indicator", "year", "month", "value", "yoy_pct", "base", "unit"]
    rng = np.random.default_rng(1)
    rows = [header]
    for i in range(20):
        for code, spec in schema.INDICATORS.items():
            unit = "万元" if spec.kind == "amount" else "家"
            for year in range(2004, 2022):
                level = rng.uniform(1000, 2000)
                for month in range(2, 13):
                    v = f"{level * month:,.1f}"
                    rows.append(
                        [f"r{i}", code, year, month, v, f"{rng.normal(8, 3):.1f}%", v, unit]
                    )
    assert len(rows) > 40_000
    folder = write_set(tmp_path / "big", regions=regions, indicators=rows)
    ds = load_dataset(folder)
    assert len(ds.indicators) == len(rows) - 1
    # "1,234.5" 万元 with a thousands separator -> 0.12345 亿元; "8.1%" -> 8.1
    first = rows[1]
    ind = ds.indicators
    got = ind[
        (ind.region_id == first[0])
        & (ind.indicator == first[1])
        & (ind.year == first[2])
        & (ind.month == first[3])
    ].iloc[0]
    assert got["value"] == pytest.approx(float(first[4].replace(",", "")) / 10_000)
    assert got["yoy_pct"] == pytest.approx(float(first[5].rstrip("%")))


def test_an_unreadable_file_is_a_located_problem_not_a_traceback(tmp_path, monkeypatch):
    from halfyear_lib.data import readers

    folder = write_set(tmp_path / "s")
    real_open = open

    def locked(path, *args, **kwargs):  # as Excel on Windows locks an open workbook
        if Path(path).name == "targets.csv":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(readers, "open", locked, raising=False)
    p = only_error(folder)
    assert p.file == "targets.csv" and "cannot be read (Permission denied)" in p.message
    book = write_workbook(tmp_path / "book.xlsx")
    monkeypatch.setattr(
        readers, "open", lambda *a, **k: (_ for _ in ()).throw(IsADirectoryError(21, "busy"))
    )
    p = only_error(book)
    assert p.file == "book.xlsx" and "cannot be read (busy)" in p.message


def test_a_formula_without_a_saved_result_is_a_located_error(tmp_path):
    # openpyxl (like some export tools) saves formulas without their calculated value;
    # reading such a cell gives nothing, so the number would silently go missing
    book = write_workbook(tmp_path / "data.xlsx")
    wb = openpyxl.load_workbook(book)
    wb["indicators"]["E3"] = "=E2*1.1"
    wb.save(book)
    p = only_error(book)
    assert (p.file, p.sheet, p.row, p.column) == ("data.xlsx", "indicators", 3, "E")
    assert "formula (=E2*1.1) with no saved result" in p.message


def test_formulas_with_saved_results_load(tmp_path):
    from halfyear_lib.data.readers import uncached_formulas

    book = write_workbook(tmp_path / "data.xlsx")
    data = book.read_bytes()
    assert uncached_formulas(data) == {}
    # the same sheet XML shape a spreadsheet program writes after calculating
    import zipfile

    out = tmp_path / "calculated.xlsx"
    calculated = b'<c r="E3"><f>E2*1</f><v>1.5</v></c>'
    with zipfile.ZipFile(book) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            xml = src.read(item.filename)
            if b'<c r="E3" t="n"><v>1.5</v></c>' in xml:  # the indicators sheet
                xml = xml.replace(b'<c r="E3" t="n"><v>1.5</v></c>', calculated)
            dst.writestr(item, xml)
    with zipfile.ZipFile(out) as check:
        assert any(calculated in check.read(n) for n in check.namelist())
    assert uncached_formulas(out.read_bytes()) == {}
    assert ind(load_dataset(out), "a", "output", 2021, 6)["value"] == 1.5

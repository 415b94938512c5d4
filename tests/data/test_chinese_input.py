"""Chinese-first input: Chinese headers and sheet names, title and unit rows above the
header, GB18030 CSV files, and messages in Chinese (or English on request)."""

from __future__ import annotations

import subprocess

import openpyxl
import pandas as pd
import pytest
from conftest import halfyear as run_cli
from test_loading import GOOD, errors_of, ind, only_error, write_csv, write_set

from halfyear_lib.data.cells import HEADER_UNIT
from halfyear_lib.data.dataset import DataSet
from halfyear_lib.data.dictionary import DICTIONARY
from halfyear_lib.data.language import language
from halfyear_lib.data.loading import DataValidationError, load_dataset, validate_dataset
from halfyear_lib.data.schema import TABLES


def chinese_header(table: str, header: list[str]) -> list[str]:
    """GOOD's English header in Chinese, units kept (full-width brackets, as typed in Excel)."""
    out = []
    for head in header:
        m = HEADER_UNIT.match(head)
        name, unit = (m.group("name"), m.group("unit")) if m else (head, "")
        zh = DICTIONARY[table].columns[name].zh
        out.append(f"{zh}（{unit}）" if unit else zh)
    return out


def chinese(table: str) -> list[list]:
    rows = GOOD[table]
    return [chinese_header(table, rows[0]), *rows[1:]]


def assert_same_tables(a: DataSet, b: DataSet) -> None:
    for name in TABLES:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)


# ---------------------------------------------------------------- headers and names


def test_chinese_headers_and_file_names_load_to_the_same_frames(tmp_path):
    english = load_dataset(write_set(tmp_path / "en"))
    folder = tmp_path / "zh"
    folder.mkdir()
    for name in TABLES:
        write_csv(folder / f"{DICTIONARY[name].zh}.csv", chinese(name))
    ds, problems = validate_dataset(folder)
    assert ds is not None and problems == [], problems
    assert_same_tables(ds, english)
    assert "指标.csv" in ds.checksums


def test_chinese_sheet_names_and_headers_in_a_workbook(tmp_path):
    english = load_dataset(write_set(tmp_path / "en"))
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name in TABLES:
        ws = wb.create_sheet(DICTIONARY[name].zh)
        for row in chinese(name):
            ws.append([None if v == "" else v for v in row])
    wb.save(tmp_path / "数据.xlsx")
    ds, problems = validate_dataset(tmp_path / "数据.xlsx")
    assert ds is not None and problems == [], problems
    assert_same_tables(ds, english)
    assert ds.encodings == {"数据.xlsx": "xlsx"}


def test_analyst_spellings_of_the_indicator_header(tmp_path):
    header = ["地区", "指标名称", "年份", "月 份", "累计值（万元）", "同比(%)", "单位"]
    rows = [header, ["a", "规上工业总产值", 2021, "6月", "15,000", "12.3%", ""]]
    ds = load_dataset(write_set(tmp_path / "s", indicators=rows))
    row = ind(ds, "a", "output", 2021, 6)
    assert row["value"] == 1.5 and row["yoy_pct"] == 12.3 and row["unit"] == "亿元"


# ---------------------------------------------------------------- title and unit rows


REPORT_LAYOUT = [
    ["清水县2021年1-6月工业经济主要指标", "", "", "", "", "", ""],
    ["", "", "", "", "", "单位：万元", ""],
    ["地区代码", "指标", "年", "月", "本期值", "同比增长(%)", "单位"],
    ["a", "output", 2021, 5, "12,345", 10.5, ""],  # row 4: 万元 from the unit line
    ["a", "output", 2021, 6, 15000, "12.3", ""],
    ["a", "above_scale_firms", 2021, 6, 120, "", "家"],  # the unit cell wins
]


def test_title_and_unit_rows_are_skipped_with_a_note(tmp_path):
    ds, problems = validate_dataset(write_set(tmp_path / "s", indicators=REPORT_LAYOUT))
    assert ds is not None, problems
    # notes on how the file was read: printed and kept in run.json, not a page warning
    assert [p.severity for p in problems] == ["note", "note"]
    assert ds.warnings == [] and len(ds.notes) == 2
    skipped, unit = problems
    assert skipped.file == "indicators.csv"
    assert "rows 1, 2 above the header (row 3)" in skipped.message
    assert "清水县2021年1-6月工业经济主要指标" in skipped.message
    assert "unit line in row 2 (万元)" in unit.message and "value" in unit.message
    assert ind(ds, "a", "output", 2021, 5)["value"] == 1.2345  # 12,345 万元
    assert ind(ds, "a", "output", 2021, 6)["value"] == 1.5
    assert ind(ds, "a", "above_scale_firms", 2021, 6)["value"] == 120


def test_rows_after_a_title_keep_their_spreadsheet_numbers(tmp_path):
    rows = [*REPORT_LAYOUT, ["a", "output", 2021, 4, "about 2", 1.0, ""]]
    p = only_error(write_set(tmp_path / "s", indicators=rows))
    assert (p.row, p.column, p.value) == (7, "本期值", "about 2")
    assert str(p).startswith("indicators.csv, row 7, column 本期值 (value): 'about 2' is not")
    with language("zh"):
        assert str(p).startswith("indicators.csv，第 7 行，列 本期值（value）: 'about 2' ")


def test_unit_line_applies_to_amount_columns_in_a_workbook(tmp_path):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in GOOD.items():
        ws = wb.create_sheet(name)
        if name == "townships":
            ws.append(["各乡镇工业投资目标"])
            ws.append(["金额单位：万元"])
            rows = [["地区代码", "乡镇", "年", "工业投资目标"], ["a", "城关镇", 2021, 30000]]
        for row in rows:
            ws.append([None if v == "" else v for v in row])
    wb.save(tmp_path / "d.xlsx")
    ds, problems = validate_dataset(tmp_path / "d.xlsx")
    assert ds is not None, problems
    assert ds["townships"]["investment_target"].tolist() == [3.0]
    assert {p.sheet for p in problems} == {"townships"}
    assert len(problems) == 2 and all(p.severity == "note" for p in problems)


def test_a_file_without_a_header_gives_one_message(tmp_path):
    rows = [row for row in GOOD["indicators"][1:]]  # data only
    p = only_error(write_set(tmp_path / "s", indicators=rows))
    assert p.file == "indicators.csv" and "has no header row" in p.message
    # the expected columns in Chinese and English
    assert "地区代码 region_id" in p.message and "同比增长 yoy_pct" in p.message
    assert "optional" in p.message and "同口径基数 base" in p.message
    ds, problems = validate_dataset(write_set(tmp_path / "t", indicators=rows))
    assert [p.file for p in problems] == ["indicators.csv"]


# ---------------------------------------------------------------- GB18030


def test_gb18030_csv_is_read_and_flagged(tmp_path):
    folder = write_set(tmp_path / "s", regions=None)
    write_csv(folder / "regions.csv", GOOD["regions"], encoding="gb18030")
    ds, problems = validate_dataset(folder)
    assert ds is not None
    assert len(problems) == 1 and problems[0].severity == "note"
    assert ds.warnings == [] and "GB18030" in ds.notes[0]
    assert problems[0].file == "regions.csv" and "GB18030" in problems[0].message
    assert ds.region_name("a") == "甲县"
    assert ds.encodings["regions.csv"] == "gb18030"
    assert ds.encodings["indicators.csv"] == "utf-8"
    assert set(ds.encodings) == set(ds.checksums)
    snap = DataSet.load_snapshot(ds.save_snapshot(tmp_path / "snap.pkl"))
    assert snap.encodings == ds.encodings


def test_gb18030_with_chinese_headers_and_title(tmp_path):
    folder = write_set(tmp_path / "s", indicators=None)
    write_csv(folder / "指标.csv", REPORT_LAYOUT, encoding="gb18030")
    ds, problems = validate_dataset(folder)
    assert ds is not None, problems
    assert ind(ds, "a", "output", 2021, 5)["value"] == 1.2345
    assert ds.encodings["指标.csv"] == "gb18030"


# ---------------------------------------------------------------- messages


def test_messages_in_chinese_keep_the_english_column_name(tmp_path):
    rows = [r[:3] + r[4:] for r in GOOD["indicators"]]  # no month column
    folder = write_set(tmp_path / "s", indicators=rows)
    with language("zh"):
        p = only_error(folder)
        assert "缺少列 month（月）" in p.message
        assert "表 indicators（指标）" in p.message
        with pytest.raises(DataValidationError) as info:
            load_dataset(folder)
        assert "数据集中有 1 个错误" in str(info.value)
    bad = [*GOOD["indicators"], ["b", "output", 2021, 5, "about 2", 1.0, ""]]
    with language("zh"):
        p = only_error(write_set(tmp_path / "t", indicators=bad))
        assert str(p) == "indicators.csv，第 8 行，列 value: 'about 2' 不是数字；" + (
            "请写数字，如 1234.5 或 1,234.5，单位写在“单位”(unit)列或表头"
        )
    p = only_error(write_set(tmp_path / "u", indicators=bad))  # English outside the block
    assert "'about 2' is not a number" in p.message


def test_no_header_message_in_chinese_lists_both_languages(tmp_path):
    with language("zh"):
        errors = errors_of(write_set(tmp_path / "s", targets=GOOD["targets"][1:]))
    assert len(errors) == 1
    assert "找不到表头" in errors[0].message and "表 targets（年度目标）" in errors[0].message
    assert "目标类型 kind" in errors[0].message


def halfyear(*args: str, lang: str = "zh") -> subprocess.CompletedProcess:
    return run_cli(*args, lang=lang, timeout=120)


def test_cli_lang_chooses_the_language(tmp_path):
    bad = [*GOOD["indicators"], ["b", "output", 2021, 5, "about 2", 1.0, ""]]
    folder = write_set(tmp_path / "s", indicators=bad)
    proc = halfyear("validate", str(folder), "--lang", "en")
    assert proc.returncode == 2
    assert "error: indicators.csv, row 8, column value: 'about 2' is not a number" in proc.stderr
    assert "1 error(s), 0 warning(s)" in proc.stderr
    proc = halfyear("validate", str(folder))  # the default (HALFYEAR_LANG=zh)
    assert proc.returncode == 2
    assert "错误：indicators.csv，第 8 行，列 value: 'about 2' 不是数字" in proc.stderr
    assert "1 个错误，0 个警告" in proc.stderr

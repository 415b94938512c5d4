"""``halfyear import``: a statistics office's wide workbook, built in wide_workbooks.py from
known numbers, imports with every number and rank equal to the source; a revision is
refused without --revise and kept with it; nothing changes unless the whole import is
valid; every message names the sheet, the row and the column."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent))

from wide_workbooks import (  # noqa: E402
    COUNTIES,
    REGIONS_CSV,
    UNITS,
    make_dataset,
    numbers,
    write_csv,
    write_workbook,
    write_xls,
)

from halfyear_lib.cli import main  # noqa: E402
from halfyear_lib.data.importing import _same  # noqa: E402
from halfyear_lib.data.language import language  # noqa: E402
from halfyear_lib.data.loading import load_dataset, validate_dataset  # noqa: E402
from halfyear_lib.data.wide import number_of, read_workbook, region_key  # noqa: E402

REGIONS = pd.read_csv(io.StringIO(REGIONS_CSV))


def _import(*args: str) -> int:
    with language("en"):
        return main(["import", *map(str, args)])


def _rows(ds, indicator, kind="cumulative", year=2021, month=6) -> pd.DataFrame:
    ind = ds.tables["indicators"]
    sel = ind[
        (ind["indicator"] == indicator)
        & (ind["rate_kind"] == kind)
        & (ind["year"] == year)
        & (ind["month"] == month)
    ]
    return sel.set_index("region_id")


# ------------------------------------------------------------------------------ small parts


def test_region_names_match_their_usual_variants():
    # "清水县" ~ "清水"; 经济技术开发区 ~ 经开区 ~ 开发区; full-width spaces; 其中： prefix
    assert region_key("清水县") == region_key("清水") == "清水"
    assert region_key("江洲经济技术开发区") == region_key("江洲经开区") == "江洲经开区"
    assert region_key("江洲开发区") == "江洲经开区"
    assert region_key("安\u3000澜\u3000市") == region_key("安澜市") == "安澜"
    assert region_key("其中：湖东区") == "湖东"
    # a one-character stem keeps its suffix (全市 is not 全)
    assert region_key("全市") == "全市"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("1,234.5", (1234.5, True)),  # thousands separator, stored as text
        ("12.5%", (12.5, True)),
        ("－3.2", (-3.2, True)),  # full-width minus (NFKC)
        ("第3位", (3.0, True)),  # a rank as printed
        ("—", (None, True)),  # no number: missing, not an error
        ("", (None, True)),
        (7, (7.0, True)),
        ("12,3a", (None, False)),
    ],
)
def test_numbers_are_read_as_the_office_writes_them(cell, expected):
    assert number_of(cell) == expected


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("位次", "rank_city"),
        ("县(市)位次", "rank_counties"),
        ("县市排名", "rank_counties"),
        # 县(市、区) and 县市区 are every unit of the city, not the counties alone
        ("县(市、区)位次", "rank_city"),
        ("县市区排名", "rank_city"),
        ("当月增长(%)", "yoy_pct"),
        ("1-6月累计", "value"),
        # this year's growth, however it is worded
        ("同比增减(%)", "yoy_pct"),
        ("比上年同期增长(%)", "yoy_pct"),
        ("较上年同期±%", "yoy_pct"),
        # last year's figure and shares are not held: left out
        ("上年同期", ""),
        ("上年同期增长(%)", ""),
        ("占全市比重(%)", ""),
    ],
)
def test_rank_and_rate_columns_are_told_apart(header, field):
    from halfyear_lib.data.wide import _field_of, clean

    assert _field_of(clean(header))[0] == field


def test_equal_means_equal_at_the_coarser_printed_precision():
    # 88.2 (one decimal) and 88.2134 agree at one decimal: |diff| 0.0134 <= 0.05
    assert _same("88.2", "88.2134")
    # 88.2 and 88.3 do not (0.1 > 0.05)
    assert not _same("88.2", "88.3")
    assert _same("10", "10.0")


# ------------------------------------------------------------------------------ reading


@pytest.mark.parametrize("writer", [write_workbook, write_xls, write_csv])
def test_the_same_release_reads_the_same_from_xlsx_xls_and_csv(tmp_path, writer):
    n = numbers()
    path = writer(tmp_path / f"release.{writer.__name__}", n)
    path = path.rename(path.with_suffix({"write_workbook": ".xlsx", "write_xls": ".xls",
                                         "write_csv": ".csv"}[writer.__name__]))  # fmt: skip
    book = read_workbook(path, REGIONS)
    assert not book.problems
    sheet = book.sheets[0]
    assert sheet.period == (2021, 6)
    fields = {(c.column, c.indicator, c.field, c.rate_kind) for c in sheet.columns}
    assert ("B", "output", "value", "month") in fields  # 本月
    assert ("C", "output", "value", "cumulative") in fields  # 1-6月累计
    assert ("F", "value_added", "yoy_pct", "month") in fields  # 当月增长
    assert ("K", "industrial_investment", "rank_counties", "cumulative") in fields  # 县(市)位次
    recs = {r.key: r for r in book.records}
    # 12 units and the total row 全市 (the city), numbers as in the source
    assert {k[0] for k in recs} == {*UNITS, "jiangzhou"}
    for i, unit in enumerate(UNITS):
        out = recs[(unit, "output", 2021, 6, "cumulative")]
        assert out.value == n.output_cum[i] and out.unit == "万元"
        assert out.yoy_pct == n.output_yoy[i]
        assert out.rank_city == n.output_rank[i] and out.rank_city_of == 12
    # the notes under the table are said, not imported
    assert any("快报数" in s.text for s in sheet.skipped)


def test_the_period_comes_from_the_sheet_name_or_the_option(tmp_path):
    n = numbers(month=5)
    untitled = write_workbook(
        tmp_path / "a.xlsx", n, title="全市规模以上工业主要指标", sheet="2021年5月"
    )
    assert read_workbook(untitled, REGIONS).sheets[0].period == (2021, 5)
    nowhere = write_workbook(tmp_path / "b.xlsx", n, title="全市规模以上工业主要指标", sheet="快报")
    sheet = read_workbook(nowhere, REGIONS).sheets[0]
    assert sheet.period is None and "--period" in sheet.problems[-1].message
    sheet = read_workbook(nowhere, REGIONS, period=(2021, 5)).sheets[0]
    assert sheet.period == (2021, 5) and not sheet.problems
    # the option contradicting the title is an error, not a silent choice
    titled = write_workbook(tmp_path / "c.xlsx", n)
    assert read_workbook(titled, REGIONS, period=(2021, 6)).sheets[0].problems


# ------------------------------------------------------------------------------ importing


def test_a_release_imports_with_every_number_and_rank_equal_to_the_source(tmp_path, capsys):
    data = make_dataset(tmp_path / "city")
    for month in (5, 6):
        n = numbers(month=month)
        book = write_workbook(tmp_path / f"{month}.xlsx", n)
        assert _import(book, "--data", data) == 0
    out = capsys.readouterr().out
    assert "column K" in out and "not imported" in out  # the preview
    assert "converted to 亿元" in out  # 万元 -> the data set's 亿元, said
    ds = load_dataset(data)
    for month in (5, 6):
        n = numbers(month=month)
        output = _rows(ds, "output", month=month)
        out_month = _rows(ds, "output", "month", month=month)
        va = _rows(ds, "value_added", month=month)
        va_month = _rows(ds, "value_added", "month", month=month)
        inv = _rows(ds, "industrial_investment", month=month)
        for i, unit in enumerate(UNITS):
            # 万元 in the workbook, 亿元 in the data set: 1,382,835 万元 = 138.2835 亿元
            assert output.loc[unit, "value"] == pytest.approx(n.output_cum[i] / 1e4, abs=1e-9)
            assert out_month.loc[unit, "value"] == pytest.approx(n.output_month[i] / 1e4, abs=1e-9)
            assert output.loc[unit, "yoy_pct"] == n.output_yoy[i]
            assert output.loc[unit, "rank_city"] == n.output_rank[i]
            assert output.loc[unit, "rank_city_of"] == 12
            assert va.loc[unit, "yoy_pct"] == n.va_yoy[i] and np.isnan(va.loc[unit, "value"])
            assert va.loc[unit, "rank_city"] == n.va_rank[i]
            assert va_month.loc[unit, "yoy_pct"] == n.va_month_yoy[i]
            assert inv.loc[unit, "value"] == pytest.approx(n.inv_cum[i], abs=1e-9)
            if unit in COUNTIES:
                assert inv.loc[unit, "rank_counties"] == n.inv_rank_counties[i]
                assert inv.loc[unit, "rank_counties_of"] == 8
            else:
                assert pd.isna(inv.loc[unit, "rank_counties"])
        # the total row 全市 is the city's own row
        assert output.loc["jiangzhou", "value"] == pytest.approx(n.output_cum.sum() / 1e4)


def test_the_report_shows_the_source_numbers_and_published_ranks(tmp_path):
    from conftest import halfyear

    data = make_dataset(tmp_path / "city")
    for month in (5, 6):
        assert (
            _import(
                write_workbook(tmp_path / f"{month}.xlsx", numbers(month=month)), "--data", data
            )
            == 0
        )
    out = tmp_path / "reports"
    proc = halfyear("run", "--data", str(data), "--region", "anlan", "--period", "2021-06",
                    "--out", str(out), "--notebook", "01_indicators.ipynb")  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    results = json.loads((out / "2021-06" / "anlan" / "results.json").read_text(encoding="utf-8"))
    n, i = numbers(month=6), UNITS.index("anlan")
    output = results["indicators"]["output"]
    assert output["value"] == pytest.approx(n.output_cum[i] / 1e4)
    assert output["yoy_pct"] == n.output_yoy[i]
    assert (output["rank_city"], output["rank_city_of"], output["rank_city_source"]) == (
        n.output_rank[i], 12, "published",
    )  # fmt: skip
    inv = results["indicators"]["industrial_investment"]
    assert (inv["rank_counties"], inv["rank_counties_source"]) == (
        n.inv_rank_counties[i],
        "published",
    )
    assert results["indicators"]["value_added"]["month_yoy_pct"] == n.va_month_yoy[i]
    html = (out / "2021-06" / "anlan" / "01_indicators.html").read_text(encoding="utf-8")
    assert f"{n.output_yoy[i]:.1f}" in html


def test_a_revision_is_refused_without_revise_and_kept_with_it(tmp_path, capsys):
    data = make_dataset(tmp_path / "city")
    first = numbers(month=6)
    assert _import(write_workbook(tmp_path / "a.xlsx", first), "--data", data) == 0
    before = (data / "indicators.csv").read_bytes()
    revised = numbers(month=6)
    revised.output_yoy[2] += 1.0  # 白石县's growth revised by one point
    book = write_workbook(tmp_path / "b.xlsx", revised)
    capsys.readouterr()
    assert _import(book, "--data", data) == 2
    err = capsys.readouterr().err
    # located: the sheet, the row of 白石县 (row 9) and the column of output growth (D)
    assert "sheet 6月, row 9, column D" in err and "--revise" in err
    assert (data / "indicators.csv").read_bytes() == before
    assert not (data / "revisions").exists()
    assert _import(book, "--data", data, "--revise") == 0
    copies = list((data / "revisions").iterdir())
    assert len(copies) == 1 and (copies[0] / "indicators.csv").read_bytes() == before
    # both can be reported on: the copy is a whole data set
    old, new = load_dataset(copies[0]), load_dataset(data)
    assert _rows(old, "output").loc["baishi", "yoy_pct"] == first.output_yoy[2]
    assert _rows(new, "output").loc["baishi", "yoy_pct"] == revised.output_yoy[2]
    # importing the same workbook again changes nothing
    after = (data / "indicators.csv").read_bytes()
    assert _import(book, "--data", data) == 0
    assert (data / "indicators.csv").read_bytes() == after


def test_an_unknown_row_stops_the_import_and_names_its_place(tmp_path, capsys):
    data = make_dataset(tmp_path / "city")
    book = write_workbook(tmp_path / "a.xlsx", numbers(), extra_label="青山县")
    assert _import(book, "--data", data) == 2
    err = capsys.readouterr().err
    assert "sheet 6月, row 19, column A" in err and "青山县" in err and "regions" in err
    assert not (data / "indicators.csv").exists()


def test_an_unknown_column_is_listed_and_left_out(tmp_path, capsys):
    data = make_dataset(tmp_path / "city")
    book = write_workbook(tmp_path / "a.xlsx", numbers(), extra_column="利润总额")
    assert _import(book, "--data", data) == 0
    out = capsys.readouterr().out
    assert "column L" in out and "利润总额" in out and "not a known indicator" in out


def test_a_bad_number_names_its_cell_and_nothing_is_written(tmp_path, capsys):
    from openpyxl import load_workbook

    data = make_dataset(tmp_path / "city")
    path = write_workbook(tmp_path / "a.xlsx", numbers())
    wb = load_workbook(path)
    wb.active["G10"] = "12,3a"  # 云溪县's value-added growth
    wb.save(path)
    assert _import(path, "--data", data) == 2
    err = capsys.readouterr().err
    assert "row 10, column G" in err and "'12,3a' is not a number" in err
    assert not (data / "indicators.csv").exists()


def test_an_implausible_import_is_refused_whole_unless_accepted(tmp_path, capsys):
    data = make_dataset(tmp_path / "city")
    assert _import(write_workbook(tmp_path / "6.xlsx", numbers(month=6)), "--data", data) == 0
    before = (data / "indicators.csv").read_bytes()
    # the July release in 亿元 while the unit line still says 万元: cumulative output
    # falls 10,000 times (a unit slip); every other number of it is fine
    n = numbers(month=7)
    n.output_cum = n.output_cum / 1e4
    n.output_month = n.output_month / 1e4
    assert _import(write_workbook(tmp_path / "7.xlsx", n), "--data", data) == 2
    err = capsys.readouterr().err
    assert "nothing was imported" in err
    # told at the workbook's cell, not at a row of a file the user has not seen
    assert "sheet 7月, row 7, column C" in err and "as it would be written" in err
    assert (data / "indicators.csv").read_bytes() == before
    ok, problems = validate_dataset(data)
    assert ok is not None


def test_amounts_in_yi_yuan_join_a_data_set_in_yi_yuan(tmp_path):
    # the unit line says 亿元: no conversion, the same numbers
    data = make_dataset(tmp_path / "city")
    n = numbers()
    assert _import(write_workbook(tmp_path / "a.xlsx", n, amounts_in_yi=True), "--data", data) == 0
    output = _rows(load_dataset(data), "output")
    assert output.loc["qingshui", "value"] == pytest.approx(round(n.output_cum[0] * 1e-4, 4))


def test_dry_run_writes_nothing(tmp_path):
    data = make_dataset(tmp_path / "city")
    assert _import(write_workbook(tmp_path / "a.xlsx", numbers()), "--data", data, "--dry-run") == 0
    assert not (data / "indicators.csv").exists()


def test_a_sheet_per_indicator_with_the_name_in_the_title(tmp_path):
    """Some offices publish one sheet per indicator: the name (and "增速") in the title, a
    序号 column, a single header row, rates printed with %; a sheet without a table is
    said and skipped."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "产值"
    ws.append(["2021年1-6月各县（市、区）规模以上工业总产值"])
    ws.merge_cells("A1:E1")
    ws.append(["", "", "", "", "单位：亿元"])
    ws.append(["序号", "县市区", "1-6月", "增长(%)", "位次"])
    for i, name in enumerate(["清水县", "岚溪县", "湖东区"]):
        ws.append([i + 1, name, 10.5 + i, 3.2 + i, 3 - i])
    va = wb.create_sheet("增加值")
    va.append(["2021年1-6月各县（市、区）规上工业增加值增速"])
    va.append(["地区", "当月", "累计"])
    va.append(["清水县", "5.1%", "6.2%"])
    wb.create_sheet("说明").append(["本表由统计局提供"])
    path = tmp_path / "by_indicator.xlsx"
    wb.save(path)
    book = read_workbook(path, REGIONS)
    assert not book.problems
    recs = {r.key: r for r in book.records}
    out = recs[("lanxi", "output", 2021, 6, "cumulative")]
    assert (out.value, out.unit, out.yoy_pct, out.rank_city) == (11.5, "亿元", 4.2, 2)
    assert recs[("qingshui", "value_added", 2021, 6, "month")].yoy_pct == 5.1
    assert recs[("qingshui", "value_added", 2021, 6, "cumulative")].yoy_pct == 6.2
    assert recs[("qingshui", "value_added", 2021, 6, "cumulative")].value is None
    assert [k.reason for k in book.sheets[0].skipped] == ["row numbers"]
    assert book.sheets[2].records == [] and book.sheets[2].skipped


def test_a_literal_percent_sign_in_the_format_is_not_a_percentage(tmp_path):
    """0.0"%" prints 0.5 as "0.5%": the growth is 0.5, not 50 (only 0.0% scales by 100)."""
    from openpyxl import load_workbook

    path = write_workbook(tmp_path / "a.xlsx", numbers())
    wb = load_workbook(path)
    ws = wb.active
    ws["G7"], ws["G7"].number_format = 0.5, '0.0"%"'  # 清水县's value-added growth
    ws["G8"], ws["G8"].number_format = 0.062, "0.0%"  # 岚溪县's: 6.2%
    wb.save(path)
    recs = {r.key: r for r in read_workbook(path, REGIONS).records}
    assert recs[("qingshui", "value_added", 2021, 6, "cumulative")].yoy_pct == 0.5
    assert recs[("lanxi", "value_added", 2021, 6, "cumulative")].yoy_pct == 6.2


def test_a_rank_without_level_or_growth_is_said_and_left_out(tmp_path, capsys):
    from openpyxl import load_workbook

    data = make_dataset(tmp_path / "city")
    path = write_workbook(tmp_path / "a.xlsx", numbers())
    wb = load_workbook(path)
    for col in ("F", "G"):  # 湖东区 (row 16): no value-added growth, its rank stays
        wb.active[f"{col}16"] = "—"
    wb.save(path)
    assert _import(path, "--data", data) == 0
    assert "a rank without a level or a growth rate is not imported" in capsys.readouterr().out
    va = _rows(load_dataset(data), "value_added")
    assert "hudong" not in va.index and "jiangbei" in va.index


def test_a_coarser_reissue_is_no_revision_but_a_real_change_is(tmp_path, capsys):
    """The data set holds 138.2835 亿元 (from 1,382,835 万元); a table in 亿元 with one
    decimal printing 138.3 agrees with it (rounding, kept as it is); 139.0 does not."""
    from openpyxl import Workbook

    data = make_dataset(tmp_path / "city")
    n = numbers()
    assert _import(write_workbook(tmp_path / "a.xlsx", n), "--data", data) == 0
    before = (data / "indicators.csv").read_bytes()

    def reissue(name, qingshui):
        wb = Workbook()
        ws = wb.active
        ws.append(["2021年上半年各县（市、区）规模以上工业总产值"])
        ws.append(["地区", "1-6月(亿元)"])
        ws.append(["清水县", qingshui])
        ws.append(["岚溪县", round(n.output_cum[1] / 1e4, 1)])
        wb.save(tmp_path / name)
        return tmp_path / name

    assert _import(reissue("b.xlsx", round(n.output_cum[0] / 1e4, 1)), "--data", data) == 0
    assert (data / "indicators.csv").read_bytes() == before  # nothing to write
    capsys.readouterr()
    assert _import(reissue("c.xlsx", round(n.output_cum[0] / 1e4 + 0.7, 1)), "--data", data) == 2
    err = capsys.readouterr().err
    assert err.count("(a revision)") == 1 and "清水县" in err


def test_the_indicator_may_be_named_by_the_sheet(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "固定资产投资"
    ws.append(["2021年1-7月"])
    ws.append(["地区", "累计完成(亿元)", "增速(%)", "排名"])
    ws.append(["清水县", 30.5, 8.1, 2])
    ws.append(["岚溪县", 20.1, 9.3, 1])
    wb.save(tmp_path / "fai.xlsx")
    book = read_workbook(tmp_path / "fai.xlsx", REGIONS)
    rec = {r.key: r for r in book.records}[
        ("qingshui", "fixed_asset_investment", 2021, 7, "cumulative")
    ]
    assert (rec.value, rec.yoy_pct, rec.rank_city) == (30.5, 8.1, 2)


def test_a_count_at_month_end_is_the_level_of_the_period(tmp_path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["2021年1-7月规上工业企业数"])
    ws.append(["地区", "7月末(家)", "增长(%)"])
    ws.append(["清水县", 231, 5.0])
    wb.save(tmp_path / "firms.xlsx")
    (rec,) = read_workbook(tmp_path / "firms.xlsx", REGIONS).records
    assert (rec.indicator, rec.rate_kind, rec.value, rec.unit, rec.yoy_pct) == (
        "above_scale_firms", "cumulative", 231, "家", 5.0,
    )  # fmt: skip


def test_a_zone_named_by_its_kind_alone_is_the_citys_one_zone():
    from halfyear_lib.data.wide import RegionNames

    names = RegionNames(REGIONS)
    assert names.resolve("经开区") == ("jiangzhou_etdz", "variant")
    assert names.resolve("江洲经济开发区") == ("jiangzhou_etdz", "variant")
    assert names.resolve("高新区")[0] is None  # the city has none


@pytest.mark.parametrize(
    ("fmt", "scales"),
    [("0.0%", True), ("0%", True), ("[Red]0.0%", True), ('0.0"%"', False), ("0.0\\%", False),
     ("General", False), ("", False)],
)  # fmt: skip
def test_only_a_true_percent_format_scales_by_100(fmt, scales):
    from halfyear_lib.data.cells import is_percent_format

    assert is_percent_format(fmt) is scales

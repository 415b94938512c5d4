"""tables.xlsx and batch.xlsx: the pages' tables and the index's numbers as workbooks,
numbers as printed (a number cell with the format that prints it the same way), headers
frozen, a 说明 sheet; and CSV for Chinese Excel (UTF-8 with a byte-order mark)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pandas as pd
import pytest
from openpyxl import load_workbook

from halfyear_lib.rendering.excel import (
    cell_as_printed,
    csv_for_excel,
    safe_sheet_title,
    write_tables_workbook,
)
from halfyear_lib.rendering.index import write_index


@pytest.mark.parametrize(
    ("printed", "value", "fmt"),
    [
        ("88.2", 88.2, "0.0"),
        ("9.11", 9.11, "0.00"),
        ("1,432.6", 1432.6, "#,##0.0"),  # thousands as the index prints them
        ("+1.9", 1.9, "+0.0;-0.0;0.0"),  # a gap printed with its sign keeps it
        ("-2.7", -2.7, "0.0"),
        ("−3.20", -3.2, "0.00"),  # the index's minus sign (U+2212)
        ("12", 12, "0"),
        ("3/11", "3/11", None),  # a rank "3rd of 11" stays text
        ("48.5亿元", "48.5亿元", None),
        ("—", None, None),  # missing: an empty cell
        ("=1+1", "=1+1", None),  # text, never a formula
    ],
)
def test_a_printed_cell_becomes_the_number_with_the_format_that_prints_it(printed, value, fmt):
    assert cell_as_printed(printed) == (value, fmt)


def test_sheet_titles_are_valid_and_unique():
    taken = set()
    assert safe_sheet_title("01 主要指标", taken) == "01 主要指标"
    assert safe_sheet_title("01 主要指标", taken) == "01 主要指标 (2)"
    long = safe_sheet_title("a/b:c" + "x" * 40, taken)
    assert len(long) <= 31 and "/" not in long and ":" not in long


def _fragments():
    return [
        {
            "page": "01_indicators",
            "tables": [
                {
                    "name": "headline",
                    "columns": [
                        "指标",
                        "1-6月累计(亿元)",
                        "同比增长(%)",
                        "进度差(百分点)",
                        "全市排名",
                    ],
                    "rows": [
                        ["规上工业总产值", "88.2", "24.1", "+1.9", "3/11"],
                        ["规上工业增加值", "—", "13.8", "-2.7", "3/11"],
                    ],
                }
            ],
        },
        {
            "page": "03_investment",
            "tables": [
                {
                    "name": "townships",
                    "columns": ["乡镇(园区)", "已完成(亿元)"],
                    "rows": [['=HYPERLINK("x")镇', "3.46"]],
                }
            ],
        },
    ]


RESULTS = {
    "rankings": {
        "city": {
            "output": [
                {"region_id": "a", "name": "甲县", "yoy_pct": 24.06, "rank": 1, "value": 1432.64,
                 "value_rank": 2},
                {"region_id": "b", "name": "乙县", "yoy_pct": 3.0, "rank": 2, "value": 9.114,
                 "value_rank": 1},
            ]
        }
    }
}  # fmt: skip


def test_tables_workbook_holds_every_page_table_as_printed(tmp_path):
    about = {"unit": "清水县", "period": "2021年1-6月", "data_source": "demo",
             "data_checksum": "ab12", "generated": "2026-12-08 10:00"}  # fmt: skip
    path = write_tables_workbook(tmp_path / "tables.xlsx", _fragments(), about, RESULTS,
                                 warnings=["岚溪县 2021-06 增速超过 300%"])  # fmt: skip
    wb = load_workbook(path)
    assert wb.sheetnames == ["说明", "01 主要指标", "01 增速排名", "03 乡镇投资"]
    ws = wb["01 主要指标"]
    assert [c.value for c in ws[1]] == [
        "指标",
        "1-6月累计(亿元)",
        "同比增长(%)",
        "进度差(百分点)",
        "全市排名",
    ]
    assert ws.freeze_panes == "B2"  # the header row and the indicator column stay
    assert (ws["B2"].value, ws["B2"].number_format) == (88.2, "0.0")
    assert (ws["D2"].value, ws["D2"].number_format) == (1.9, "+0.0;-0.0;0.0")
    assert ws["B3"].value is None and ws["E2"].value == "3/11"
    assert ws.column_dimensions["B"].width >= 16  # "1-6月累计(亿元)" is 15 wide
    # the rankings behind page 01's charts, rounded as the pages round them
    ranks = wb["01 增速排名"]
    assert [c.value for c in ranks[2]] == ["规上工业总产值", "全市", 1, "甲县", 24.1, 1432.6, 2]
    assert ranks["F2"].number_format == "#,##0.0" and ranks["F3"].value == 9.11
    # a string from the data is text, not a formula
    town = wb["03 乡镇投资"]["A2"]
    assert town.value == '=HYPERLINK("x")镇' and town.data_type == "s"
    info = {r[0].value: r[1].value for r in wb["说明"].iter_rows(min_row=3, max_row=8)}
    assert info["单位"] == "清水县" and info["期间"] == "2021年1-6月"
    assert info["数据来源"] == "demo" and info["数据校验和(SHA-256)"] == "ab12"
    texts = [c.value for row in wb["说明"].iter_rows() for c in row if c.value]
    assert "岚溪县 2021-06 增速超过 300%" in texts  # the page's warnings travel along


def _put(out, period, region, name, results):
    folder = out / period / region
    folder.mkdir(parents=True)
    payload = {"region": region, "region_name": name, "period": period, **results}
    (folder / "results.json").write_text(json.dumps(payload), encoding="utf-8")
    (folder / "01_indicators.html").write_text("<html></html>", encoding="utf-8")


def test_batch_workbook_sits_beside_the_index_with_units_side_by_side(tmp_path):
    _put(tmp_path, "2021-06", "lanxi", "岚溪县", {"indicators": {
        "output": {"value": 118.456, "yoy_pct": 12.35, "schedule_gap_pp": -2.84,
                   "rank_city": 3, "rank_city_of": 11, "rank_counties": 2},
        "value_added": {"yoy_pct": 9.7},
    }})  # fmt: skip
    _put(
        tmp_path,
        "2021-06",
        "jz",
        "江洲市",
        {"indicators": {"output": {"value": 1432.64, "yoy_pct": 16.0}}},
    )
    _put(tmp_path, "2021-05", "lanxi", "岚溪县", {"indicators": {"output": {"value": 9.114}}})
    write_index(
        tmp_path, regions=[("jz", "江洲市"), ("lanxi", "岚溪县")], failures=[], embed_font=False
    )
    wb = load_workbook(tmp_path / "batch.xlsx")
    assert wb.sheetnames == ["说明", "2021年1-6月", "2021年1-5月"]
    ws = wb["2021年1-6月"]
    assert ws["A1"].value == "单位" and ws["B1"].value == "规上工业总产值"
    heads = [c.value for c in ws[2]]
    # the group's size where every report agrees on it; none given for the counties
    assert heads[1:6] == [
        "累计值(亿元)",
        "增长(%)",
        "较时序进度(百分点)",
        "全市排名（共11）",
        "县(市)排名",
    ]
    assert heads[6] == "增长(%)" and ws["G1"].value == "规上工业增加值"
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    # the regions' order; numbers rounded as the index prints them (118.456 -> 118.5)
    assert rows[0][:3] == ["江洲市", 1432.6, 16.0]
    assert rows[1] == ["岚溪县", 118.5, 12.4, -2.8, 3, 2, 9.7]
    assert ws["D4"].number_format == "+0.0;-0.0;0.0"
    assert ws.freeze_panes == "B3"
    assert wb["2021年1-5月"]["B3"].value == 9.11


def test_csv_for_excel_has_a_bom_and_reads_back(tmp_path):
    frame = pd.DataFrame({"单位": ["清水县", "岚溪县"], "增长(%)": ["24.1", "—"]})
    path = csv_for_excel(frame, tmp_path / "t.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw[3:].decode("utf-8").splitlines()[1] == "清水县,24.1"
    assert pd.read_csv(path, encoding="utf-8-sig")["单位"].tolist() == ["清水县", "岚溪县"]


def test_libreoffice_opens_the_workbook(tmp_path):
    """LibreOffice converts tables.xlsx to CSV with the same numbers (skipped where it is
    not installed: `apt-get install libreoffice-calc-nogui`)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    about = {"unit": "清水县", "period": "2021年1-6月", "data_source": "demo",
             "data_checksum": "ab12", "generated": "2026-12-08 10:00"}  # fmt: skip
    path = write_tables_workbook(tmp_path / "tables.xlsx", _fragments(), about, RESULTS)
    profile = tmp_path / "profile"
    proc = subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
         'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,2',
         "--outdir", str(tmp_path / "csv"), str(path)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    sheet = next((tmp_path / "csv").glob("*主要指标*.csv"))
    lines = sheet.read_text(encoding="utf-8").splitlines()
    assert lines[1].split(",")[:4] == ["规上工业总产值", "88.2", "24.1", "+1.9"]

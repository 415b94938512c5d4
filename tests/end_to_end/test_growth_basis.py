"""A growth rate the data did not give officially is marked where it is shown (issue 16):
"口径：按总量计算" when it was computed from two years' levels, "口径：按同口径基数计算" when
from the comparable base; nothing when the rates are official."""

from __future__ import annotations

import re

from conftest import make_dataset, page_text

from halfyear_lib.analysis.indicators import headline
from halfyear_lib.data.language import language
from halfyear_lib.data.periods import Period
from halfyear_lib.running.runs import run_report
from halfyear_lib.text.zh import indicators as pages

REGIONS = [
    {"region_id": "c", "name": "江洲市", "kind": "city", "parent_id": None, "rank_groups": ""},
    {"region_id": "a", "name": "甲县", "kind": "county", "parent_id": "c",
     "rank_groups": "city;counties"},
    {"region_id": "b", "name": "乙县", "kind": "county", "parent_id": "c",
     "rank_groups": "city;counties"},
]  # fmt: skip


def row(region, code, year, value=None, yoy=None, base=None):
    return {"region_id": region, "indicator": code, "year": year, "month": 6,
            "value": value, "yoy_pct": yoy, "base": base, "unit": "亿元"}  # fmt: skip


def notes_for(indicators) -> str:
    ds = make_dataset(regions=REGIONS, indicators=indicators)
    return pages.headline_notes(headline(ds, "a", Period(2021, 6)))


def test_rates_computed_from_levels_are_marked_first():
    # 1-6月: 55.0 against 50.0 a year before = +10.0%, computed (no official rate)
    notes = notes_for([row("a", "output", 2020, 50.0), row("a", "output", 2021, 55.0)])
    first = notes.splitlines()[0]
    assert first.startswith("- **口径：按总量计算**：规上工业总产值没有官方同口径增速")
    assert "按同口径基数" not in notes


def test_rates_from_the_comparable_base_are_marked():
    # 55.0 on a comparable base of 52.0: +5.8%
    notes = notes_for([row("a", "output", 2021, 55.0, base=52.0)])
    assert notes.splitlines()[0].startswith("- **口径：按同口径基数计算**：规上工业总产值")
    assert "按总量计算" not in notes


def test_official_rates_are_not_marked():
    notes = notes_for([row("a", "output", 2020, 50.0), row("a", "output", 2021, 55.0, yoy=9.0)])
    assert "口径" not in notes


def write_levels_only(folder):
    """A city and two counties, output and value added as levels only: no yoy_pct column."""
    folder.mkdir()
    (folder / "regions.csv").write_text(
        "region_id,name,kind,parent_id,rank_groups\n"
        "c,江洲市,city,,\na,甲县,county,c,city;counties\nb,乙县,county,c,city;counties\n",
        encoding="utf-8",
    )
    lines = ["region_id,indicator,year,month,value,unit"]
    for region, size in (("c", 100.0), ("a", 30.0), ("b", 40.0)):
        for code, share in (("output", 1.0), ("value_added", 0.25)):
            for year, grow in ((2020, 1.0), (2021, 1.12)):
                for month in range(2, 7):
                    lines.append(
                        f"{region},{code},{year},{month},"
                        f"{size * share * month / 12 * grow:.2f},亿元"
                    )
    (folder / "indicators.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "targets.csv").write_text(
        "region_id,indicator,year,target,kind,unit\na,output,2021,35.0,value,亿元\n",
        encoding="utf-8",
    )


def test_a_data_set_without_a_yoy_column_says_so_under_the_headline_table(tmp_path):
    write_levels_only(tmp_path / "data")
    with language("zh"):
        result = run_report(
            tmp_path / "data", "a", "2021-06", tmp_path / "out", notebooks=["01_indicators.ipynb"]
        )
    text = page_text(result.report_dir / "01_indicators.html")
    # right under the table (its last row is 规上工业总产值 … then the notes), before the
    # comparison with the city
    table_end = text.index("高新技术产业增加值", text.index("规上工业增加值 "))
    note = text.index("口径：按总量计算", text.index("规上工业增加值 "))
    assert table_end < note < text.index("本节将甲县与江洲市")
    assert "规上工业总产值、规上工业增加值没有官方同口径增速" in text
    # and every page says it at the top, 02-04 and the draft's page included (found by
    # review: 02 and 04 printed computed rates unmarked)
    for page in ("00_summary.html", "01_indicators.html"):
        html = (result.report_dir / page).read_text(encoding="utf-8")
        box = html[html.index('class="halfyear-notices"') :]
        assert "数据中没有官方增速：本报告的增速均按总量计算" in box[: box.index("</div>")]
    assert result.results["notices"] == [
        "数据中没有官方增速：本报告的增速均按总量计算（口径：按总量计算），与统计部门按同口径公布的"
        "增速可能不同"
    ]
    # the draft marks the growth it prints the same way
    md = re.sub(r"<!--.*?-->", "", (result.report_dir / "summary.md").read_text(encoding="utf-8"))
    assert "同比增长12.0%（口径：按总量计算）" in md

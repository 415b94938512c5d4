"""The exploring API (halfyear_lib.explore) checked against numbers worked by hand, its
doctests, the names it accepts, and the explorer's drop-downs."""

from __future__ import annotations

import doctest
import math
import subprocess
import sys

import pytest
from conftest import make_dataset

import halfyear_lib as hy
from halfyear_lib import explore
from halfyear_lib.data.language import language
from halfyear_lib.data.periods import Period, PeriodError

HOSTILE = "<b>开发区</b>"
REGIONS = [
    {"region_id": "c", "name": "江洲市", "kind": "city", "parent_id": None, "rank_groups": ""},
    {"region_id": "a", "name": "甲县", "kind": "county", "parent_id": "c",
     "rank_groups": "city;counties"},
    {"region_id": "b", "name": "乙县", "kind": "county", "parent_id": "c",
     "rank_groups": "city;counties"},
    {"region_id": "z", "name": HOSTILE, "kind": "zone", "parent_id": "c", "rank_groups": "city"},
]  # fmt: skip


def row(region, indicator, year, month, value=None, yoy=None):
    return {"region_id": region, "indicator": indicator, "year": year, "month": month,
            "value": value, "yoy_pct": yoy, "unit": "亿元"}  # fmt: skip


def worked() -> object:
    """Output growth (%) at 1-5月 and 1-6月 2021:
    a 15.0, 12.34 (published 12.3); b 14.0, 12.26 (published 12.3: a tie with a);
    z 16.0, 5.0; the city c 11.0, 9.0. a's level at 1-6月 is 30 亿元 against a target of
    100; last year a grew -10.0% at 1-6月. a's industrial investment: 20 亿元 at 1-6月
    against a target of 50."""
    rows = [
        row("a", "output", 2021, 5, None, 15.0),
        row("a", "output", 2021, 6, 30.0, 12.34),
        row("a", "output", 2020, 6, None, -10.0),
        row("b", "output", 2021, 5, None, 14.0),
        row("b", "output", 2021, 6, None, 12.26),
        row("z", "output", 2021, 5, None, 16.0),
        row("z", "output", 2021, 6, None, 5.0),
        row("c", "output", 2021, 5, None, 11.0),
        row("c", "output", 2021, 6, None, 9.0),
        row("a", "industrial_investment", 2021, 6, 20.0, 8.0),
    ]
    targets = [
        {"region_id": "a", "indicator": "output", "year": 2021, "target": 100.0, "kind": "value"},
        {"region_id": "a", "indicator": "industrial_investment", "year": 2021, "target": 50.0,
         "kind": "value"},
    ]  # fmt: skip
    return make_dataset(regions=REGIONS, indicators=rows, targets=targets)


# ---------------------------------------------------------------- the package top


def test_import_stays_light_and_the_api_is_at_the_top():
    # importing the package must not pull in pandas (the API loads on first use)
    code = "import sys, halfyear_lib; print('pandas' in sys.modules, 'halfyear_lib.explore' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]
    assert hy.ranking is explore.ranking and hy.load is explore.load
    assert set(explore.__all__) <= set(dir(hy))
    with pytest.raises(AttributeError):
        hy.no_such_thing  # noqa: B018


def test_doctests_of_the_api_pass():
    flags = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
    with language("zh"):  # the examples show the default language
        result = doctest.testmod(explore, optionflags=flags, verbose=False)
    assert result.attempted >= 20
    assert result.failed == 0


# ---------------------------------------------------------------- names


def test_indicators_by_code_chinese_label_or_short_name():
    assert hy.indicator_code("tech_investment") == "tech_investment"
    assert hy.indicator_code("技改投资") == "tech_investment"
    assert hy.indicator_code("规上工业增加值") == "value_added"
    assert hy.indicator_code(" 增加值 ") == "value_added"
    with pytest.raises(ValueError) as err:
        hy.indicator_code("利润")
    # the message lists every valid indicator with its Chinese name
    assert "'利润'" in str(err.value)
    assert "output (规上工业总产值)" in str(err.value)
    assert "tech_smes (科技型中小企业入库数)" in str(err.value)


def test_regions_by_id_or_name_and_a_wrong_one_lists_them():
    ds = worked()
    assert hy.region_id(ds, "甲县") == "a" and hy.region_id(ds, "b") == "b"
    with pytest.raises(ValueError) as err:
        hy.ranking(ds, "output", "2021-06", region="丙县")
    assert "'丙县'" in str(err.value) and "a (甲县)" in str(err.value)


def test_rank_groups_by_key_or_chinese_and_a_wrong_one_lists_them():
    ds = worked()
    assert hy.ranking(ds, "output", "2021-06", group="县(市)").to_frame()["group"].iloc[0] == (
        "counties"
    )
    with pytest.raises(ValueError) as err:
        hy.ranking(ds, "output", "2021-06", group="全国")
    assert "city (全市)" in str(err.value) and "counties (县(市))" in str(err.value)


def test_periods_default_to_the_latest_and_take_labels_without_a_year():
    ds = worked()
    assert hy.period_of(ds) == Period(2021, 6)
    assert hy.period_of(ds, "1-5月") == Period(2021, 5)  # the year of the latest data
    assert hy.period_of(ds, "2020年上半年") == Period(2020, 6)
    assert [p.iso for p in hy.periods(ds, "甲县")] == ["2020-06", "2021-05", "2021-06"]
    assert [p.iso for p in hy.periods(ds, "乙县")] == ["2021-05", "2021-06"]
    with pytest.raises(PeriodError) as err:
        hy.period_of(ds, "2021-09")
    assert "2020-05" not in str(err.value) and "2020-06 … 2021-06" in str(err.value)


# ---------------------------------------------------------------- answers


def test_ranking_ties_on_the_published_rate_and_converts():
    r = hy.ranking(worked(), "产值", "2021-06")
    frame = r.to_frame()
    # a 12.34 and b 12.26 are both published as 12.3: they share rank 1, z (5.0) is 3rd;
    # the city itself is not in the group
    assert frame["region_id"].tolist() == ["a", "b", "z"]
    assert frame["rank"].tolist() == [1, 1, 3]
    assert frame["yoy_published"].tolist() == [12.3, 12.3, 5.0]
    assert r.to_results() == {"rankings": {"city": {"output": [
        # by amount only a has one (30.0 亿元): first of 1
        {"region_id": "a", "name": "甲县", "yoy_pct": 12.3, "rank": 1,
         "value": 30.0, "value_rank": 1, "value_rank_of": 1},
        {"region_id": "b", "name": "乙县", "yoy_pct": 12.3, "rank": 1,
         "value": None, "value_rank": None, "value_rank_of": 1},
        {"region_id": "z", "name": HOSTILE, "yoy_pct": 5.0, "rank": 3,
         "value": None, "value_rank": None, "value_rank_of": 1},
    ]}}}  # fmt: skip
    assert r.title == "2021年1-6月规上工业总产值增速排名（全市）"
    assert r.tables[0].frame["排名"].tolist() == [1, 1, 3]
    # at 1-5月 the order is z 16.0, a 15.0, b 14.0
    earlier = hy.ranking(worked(), "output", "1-5月").to_frame()
    assert earlier["region_id"].tolist() == ["z", "a", "b"]


def test_results_are_copies_and_names_from_data_are_escaped():
    r = hy.ranking(worked(), "output", "2021-06")
    frame = r.to_frame()
    frame.loc[0, "rank"] = 99
    r.to_results()["rankings"]["city"]["output"].clear()
    assert r.to_frame().loc[0, "rank"] == 1
    assert len(r.to_results()["rankings"]["city"]["output"]) == 3
    page = r._repr_html_()
    assert HOSTILE not in page and "&lt;b&gt;开发区&lt;/b&gt;" in page
    assert "<h4>2021年1-6月规上工业总产值增速排名（全市）</h4>" in page
    with pytest.raises(KeyError) as err:
        r.to_frame("nope")
    assert "ranking" in str(err.value)


def test_compare_gives_share_of_target_and_schedule_gap():
    c = hy.compare(worked(), "甲县、乙县", "output", "2021-06")
    f = c.to_frame().set_index("region_id")
    # a: 30 / 100 x 100 = 30.0% of the target at a time progress of 6 / 12 = 50.0%:
    # gap 30.0 - 50.0 = -20.0 pp; shortfall 100 x 6 / 12 - 30 = 20.0 亿元
    assert f.loc["a", "target_share_pct"] == pytest.approx(30.0)
    assert f.loc["a", "schedule_gap_pp"] == pytest.approx(-20.0)
    assert f.loc["a", "shortfall"] == pytest.approx(20.0)
    assert f.loc["a", "rank_city"] == 1 and f.loc["a", "rank_city_of"] == 3
    # b has no level and no target: only its growth and ranks
    assert math.isnan(f.loc["b", "target_share_pct"]) and f.loc["b", "yoy_pct"] == 12.26
    table = c.tables[0].frame
    assert table["完成目标(%)"].tolist() == ["30.0", "—"]
    assert table["进度差(百分点)"].tolist() == ["-20.0", "—"]
    assert table["全市排名"].tolist() == ["1/3", "1/3"]
    assert table["县(市)排名"].tolist() == ["1/2", "1/2"]
    assert c.to_results()["compare"]["regions"]["a"]["target_share_pct"] == pytest.approx(30.0)
    assert hy.compare(worked(), "all", "output", "2021-06").to_frame()["region_id"].tolist() == [
        "c", "a", "b", "z"
    ]  # fmt: skip


def test_trend_beside_the_city_with_rank_moves():
    t = hy.trend(worked(), "甲县", "output")
    f = t.to_frame()
    assert f["period"].tolist() == ["2021-05", "2021-06"]
    assert f["yoy_pct"].tolist() == [15.0, 12.34]
    assert f["city_yoy_pct"].tolist() == [11.0, 9.0]
    # ranks among a, b, z: 2nd at 1-5月 (z 16.0 ahead), 1st at 1-6月: moved up 2 - 1 = 1
    assert f["rank_city"].tolist() == [2, 1]
    assert f["rank_change_prev"].tolist()[1] == 1
    # two-year average at 1-6月: (sqrt(1.1234 x 0.90) - 1) x 100 = (sqrt(1.01106) - 1) x 100
    # = 0.5515; none at 1-5月 (no 2020 rate)
    assert f["two_year_avg_pct"].iloc[1] == pytest.approx(0.5515, abs=1e-4)
    assert math.isnan(f["two_year_avg_pct"].iloc[0])
    table = t.tables[0].frame
    assert table.columns.tolist()[:3] == ["期间", "累计增长(%)", "江洲市累计增长(%)"]
    assert table["江洲市累计增长(%)"].tolist() == ["11.0", "9.0"]
    results = t.to_results()
    assert [r["rank_city"] for r in results["trend"]["output"]] == [2, 1]
    assert results["trend_summary"]["output"]["rank_change_since_first"] == 1


def test_headline_carries_the_two_year_average():
    h = hy.headline(worked(), "a", "2021-06")
    f = h.to_frame().set_index("code")
    assert f.loc["output", "two_year_avg_pct"] == pytest.approx(0.5515, abs=1e-4)
    assert f.loc["output", "target_share_pct"] == pytest.approx(30.0)
    res = h.to_results()["indicators"]["output"]
    assert res["two_year_avg_pct"] == pytest.approx(0.5515, abs=1e-4)
    assert res["rank_city_label"] == "全市3个单位排第1位"
    assert h.title == "甲县2021年1-6月工业经济主要指标"


def test_investment_schedule_and_monthly_pace():
    inv = hy.investment(worked(), "甲县", "2021-06")
    f = inv.to_frame().set_index("code")
    # 20 / 50 x 100 = 40.0% done, 40.0 - 50.0 = -10.0 pp, (50 - 20) / (12 - 6) = 5.0 a month
    assert f.loc["industrial_investment", "completion_pct"] == pytest.approx(40.0)
    assert f.loc["industrial_investment", "gap_pp"] == pytest.approx(-10.0)
    assert f.loc["industrial_investment", "monthly_needed"] == pytest.approx(5.0)
    sched = inv.to_results()["investment"]["schedule"]
    assert sched["industrial_investment"]["monthly_needed"] == pytest.approx(5.0)
    assert inv.tables[0].frame.loc[0, "每月需完成(亿元)"] == "5.00"
    assert inv.to_frame("townships").empty  # no township data


def test_industry_rate_adjustment_by_industry():
    ds = worked()
    ds.tables["industries"] = make_dataset(
        industries=[
            # knitwear: 10 亿元 of output, rate cut from 25% to 20%: 10 x (20 - 25) / 100 = -0.5
            {"region_id": "a", "industry": "针织", "year": 2021, "month": 6, "output": 10.0,
             "va_rate": 20.0, "va_rate_prev": 25.0, "ppi_yoy_pct": 0.0},
            # rice: 4 亿元, rate up from 10% to 15%: 4 x 5 / 100 = +0.2
            {"region_id": "a", "industry": "大米", "year": 2021, "month": 6, "output": 4.0,
             "va_rate": 15.0, "va_rate_prev": 10.0, "ppi_yoy_pct": 0.0},
        ]
    ).tables["industries"]  # fmt: skip
    ind = hy.industry(ds, "甲县", "2021-06")
    by = ind.to_frame().set_index("industry")
    assert by.loc["针织", "impact_value"] == pytest.approx(-0.5)
    assert by.loc["大米", "impact_value"] == pytest.approx(0.2)
    # the sum, -0.5 + 0.2 = -0.3 亿元
    assert ind.to_results()["rate_adjustment"]["impact_value"] == pytest.approx(-0.3)
    assert ind.tables[0].frame["影响增加值(亿元)"].tolist() == ["-0.500", "+0.200"]
    assert set(ind.to_results()) == {"value_added_estimate", "rate_adjustment", "prices",
                                     "required"}  # fmt: skip


def test_charts_are_the_report_charts_and_closed():
    import matplotlib.pyplot as plt

    r = hy.ranking(worked(), "output", "2021-06", region="甲县")
    fig = r.chart()
    assert fig is not None and not plt.fignum_exists(fig.number)
    assert "规上工业总产值增速排名" in fig.axes[0].get_title()
    assert hy.compare(worked(), "甲县", "output").charts() == []


# ---------------------------------------------------------------- the explorer


def test_explorer_recomputes_on_every_drop_down():
    ex = hy.explorer(worked(), "甲县", "产值", "2021-06")
    assert ex.region.value == "a" and ex.indicator.value == "output"
    # periods of the unit, latest first; both rank groups of a county
    assert [v for _, v in ex.period.options] == ["2021-06", "2021-05", "2020-06"]
    assert [v for _, v in ex.group.options] == ["city", "counties"]
    assert ex.current["ranking"].to_frame()["region_id"].tolist() == ["a", "b", "z"]
    assert bytes(ex.ranking_chart.value).startswith(b"\x89PNG")
    assert bytes(ex.trend_chart.value).startswith(b"\x89PNG")
    assert "江洲市累计增长(%)" in ex.tables.value

    ex.group.value = "counties"
    assert ex.current["ranking"].to_frame()["region_id"].tolist() == ["a", "b"]
    ex.period.value = "2021-05"
    assert ex.current["ranking"].to_frame()["region_id"].tolist() == ["a", "b"]
    assert ex.current["ranking"].to_frame()["yoy_pct"].tolist() == [15.0, 14.0]

    # a zone ranks only among all units of the city; its periods are its own
    ex.region.value = "z"
    assert [v for _, v in ex.group.options] == ["city"]
    assert ex.group.value == "city" and ex.period.value == "2021-05"
    assert ex.current["trend"].to_frame()["region_id"].iloc[0] == "z"
    assert ex.message.value == ""

    # the city has no rank group: the page says so instead of an empty chart
    ex.region.value = "c"
    assert ex.current["ranking"].to_frame().empty
    assert "没有可排名的增速" in ex.message.value and bytes(ex.ranking_chart.value) == b""


def test_explorer_shows_a_message_instead_of_failing():
    ex = hy.explorer(worked(), "甲县", "output", "2021-06")
    ex.indicator.options = [*ex.indicator.options, ("利润", "profit")]
    ex.indicator.value = "profit"
    assert ex.current == {}
    assert "profit" in ex.message.value and ex.tables.value == ""


def test_the_explore_notebook_is_not_part_of_the_report():
    from halfyear_lib.paths import NOTEBOOKS_DIR
    from halfyear_lib.running.runs import list_notebooks

    assert (NOTEBOOKS_DIR / "explore.ipynb").is_file()
    names = [p.name for p in list_notebooks()]
    assert "explore.ipynb" not in names and names[0] == "01_indicators.ipynb"


def test_no_api_name_is_hidden_by_a_subpackage_of_the_same_name():
    """``hy.forecast`` was once the API function and the package ``halfyear_lib.forecast``:
    once the package was imported, ``hy.forecast(...)`` called a module. No API name may
    be the name of a module or package of halfyear_lib."""
    import pkgutil

    import halfyear_lib

    modules = {m.name for m in pkgutil.iter_modules(halfyear_lib.__path__)}
    assert not modules & set(halfyear_lib.EXPLORE_NAMES)
    import halfyear_lib.forecast.report  # noqa: F401  (the package is now an attribute)

    assert callable(halfyear_lib.projection)


def test_to_csv_and_to_excel_open_in_chinese_excel_with_values_as_printed(tmp_path):
    r = hy.ranking(worked(), "产值", "2021-06")
    shown = r.tables[0].frame
    path = r.to_csv(tmp_path / "ranking.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Chinese Excel reads the names
    lines = raw[3:].decode("utf-8").splitlines()
    assert lines[0].split(",") == [str(c) for c in shown.columns]
    # a's published growth 12.34 -> 12.3 as the table prints it, not 12.34
    first = dict(zip(lines[0].split(","), lines[1].split(","), strict=True))
    assert first["单位"] == "甲县" and "12.3" in lines[1] and "12.34" not in raw.decode("utf-8-sig")
    from openpyxl import load_workbook

    wb = load_workbook(r.to_excel(tmp_path / "ranking.xlsx"))
    assert wb.sheetnames[0] == "说明" and len(wb.sheetnames) == 2
    ws = wb[wb.sheetnames[1]]
    assert [c.value for c in ws[1]] == [str(c) for c in shown.columns]
    values = [c.value for c in ws[2]]
    assert "甲县" in values and 12.3 in values
    # a name from the data stays text in the sheet (no formula, no markup applied)
    assert HOSTILE in [c.value for row in ws.iter_rows() for c in row]

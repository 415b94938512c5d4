"""A city's own report compares it with its province or its units, never with itself; the
pages render on a city without a province (the demo), on growth rates only without any
optional table, and on a city inside a province."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_dataset, page_text

from halfyear_lib.paths import DEMO_DATA_DIR
from halfyear_lib.running.runs import run_report

GROWTH_ONLY = Path(__file__).resolve().parents[1] / "fixtures" / "growth_only"
FIRST_TWO = ("01_indicators.ipynb", "02_industry.ipynb")


@pytest.fixture(scope="module")
def demo_city(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    return run_report(DEMO_DATA_DIR, "jiangzhou", "2021-06", out, notebooks=FIRST_TWO)


def test_the_demo_city_is_compared_with_its_units_not_with_itself(demo_city):
    page = page_text(demo_city.report_dir / "01_indicators.html")
    assert "江洲市在数据中没有上级地区，因此不与上级对比（也不与自身对比）" in page
    assert "将全市合计与所辖11个单位并列比较" in page
    assert "与上级地区对比" not in page and "全市排名" not in page
    res = demo_city.results
    comp = res["comparison"]
    assert (comp["kind"], comp["comparator_id"], comp["reason"]) == ("units", None, "no_parent")
    assert len(comp["units_of"]) == 11 and "jiangzhou" not in comp["units_of"]
    out = comp["units"]["output"]
    assert out["total_yoy_pct"] == res["indicators"]["output"]["yoy_pct"]
    by_unit = {u["region_id"]: u for u in out["by_unit"]}
    # the gap of each unit is its growth less the city's, its share its value / the city's
    for u in by_unit.values():
        assert u["gap_pp"] == pytest.approx(u["yoy_pct"] - out["total_yoy_pct"])
        assert u["share_pct"] == pytest.approx(
            u["value"] / res["indicators"]["output"]["value"] * 100
        )
    assert out["spread_pp"] == pytest.approx(out["max_yoy_pct"] - out["min_yoy_pct"])
    top, low = by_unit[out["max_region_id"]], by_unit[out["min_region_id"]]
    names = res["labels"]["regions"]
    assert f"最高为{names[top['region_id']]}（增长{top['yoy_pct']:.1f}%）" in page
    assert f"最低为{names[low['region_id']]}（增长{low['yoy_pct']:.1f}%）" in page
    assert f"规上工业总产值：全市增长{out['total_yoy_pct']:.1f}%" in page
    # the rank charts rank the city's units against the city's total
    assert "下图为所辖各单位1-6月的增速排名（竖虚线为全市合计）" in page
    assert "没有任何单位的增速数据" not in page
    assert set(res["growth_history"]["output"]) == {"jiangzhou", *comp["units_of"]}
    # quarters: both quarters of 1-6月, the second against the first
    q = res["quarters"]["output"]
    assert q["complete"] == [1, 2] and q["q2_vs_prev_pct"] == q["q2_vs_q1_pct"]
    assert f"二季度完成{q['q2']:.1f}亿元，较一季度环比增长{q['q2_vs_prev_pct']:.1f}%" in page
    # page 02: the city is ranked nowhere, so no empty rank column
    assert "全市排名" not in page_text(demo_city.report_dir / "02_industry.html")


def test_a_growth_only_city_without_optional_tables_renders_and_says_what_is_missing(tmp_path):
    result = run_report(GROWTH_ONLY, "hx", "2021-06", tmp_path)
    page = page_text(result.report_dir / "01_indicators.html")
    assert "所辖5个单位并列比较" in page
    assert "无法计算各单位占全市的比重" in page  # rates only: no share
    assert "缺少产值累计值（只有增速或没有数据），无法计算季度产值" in page
    assert "Traceback" not in page and "Warning" not in page
    comp = result.results["comparison"]
    assert comp["kind"] == "units"
    out = comp["units"]["output"]
    assert out["shares_sum_pct"] is None and out["n_with_growth"] >= 2
    assert all(u["share_pct"] is None and u["value"] is None for u in out["by_unit"])
    # the zone in no rank group and without data is a unit without a rank or a rate
    zone = [u for u in out["by_unit"] if u["region_id"] == "ee"][0]
    assert zone["rank"] is None and zone["yoy_pct"] is None
    for name in ("02_industry", "03_investment", "04_forecast"):
        other = page_text(result.report_dir / f"{name}.html")
        assert "Traceback" not in other and "全市排名" not in other


def test_a_city_in_a_province_is_compared_and_ranked_there(tmp_path):
    def region(rid, name, kind, parent=None, groups=""):
        return {"region_id": rid, "name": name, "kind": kind, "parent_id": parent,
                "rank_groups": groups}  # fmt: skip

    rows = []
    for month, (p, c, c2, a) in {3: (8.0, 9.0, 12.0, 6.0), 6: (9.0, 10.0, 11.0, 7.0)}.items():
        # the province publishes rates only; the cities and the county levels too
        rows += [
            {"region_id": "p", "indicator": "output", "year": 2021, "month": month,
             "yoy_pct": p},
            {"region_id": "c", "indicator": "output", "year": 2021, "month": month,
             "value": 50.0 * month / 3, "yoy_pct": c},
            {"region_id": "c2", "indicator": "output", "year": 2021, "month": month,
             "value": 40.0 * month / 3, "yoy_pct": c2},
            {"region_id": "a", "indicator": "output", "year": 2021, "month": month,
             "value": 30.0 * month / 3, "yoy_pct": a},
        ]  # fmt: skip
    ds = make_dataset(
        regions=[region("p", "江南省", "province"), region("c", "江洲市", "city", "p", "city"),
                 region("c2", "河口市", "city", "p", "city"),
                 region("a", "甲县", "county", "c", "city;counties")],
        indicators=[{**r, "unit": "亿元"} for r in rows],
    )  # fmt: skip
    result = run_report(tmp_path, "c", "2021-06", tmp_path / "out", notebooks=FIRST_TWO,
                        dataset=ds)  # fmt: skip
    page = page_text(result.report_dir / "01_indicators.html")
    assert "本节将江洲市与江南省（上级省，全省）对比" in page
    # 10.0 against the province's 9.0: 1.0 point above; 河口市 11.0 ranks first, 江洲市 second
    assert "规上工业总产值增长10.0%，高于全省（江南省，增长9.0%）1.0个百分点" in page
    assert "全省排名" in page and "全市排名" not in page
    res = result.results
    assert res["comparison"]["kind"] == "parent" and res["comparison"]["scope"] == "全省"
    assert res["indicators"]["output"]["rank_city"] == 2
    assert res["indicators"]["output"]["rank_city_scope"] == "全省"
    # its county: 30 of the city's 50 per quarter = 60.0%
    assert res["comparison"]["units"]["output"]["by_unit"][0]["share_pct"] == pytest.approx(60)
    page2 = page_text(result.report_dir / "02_industry.html")
    assert "全省排名" in page2 and "全市排名" not in page2

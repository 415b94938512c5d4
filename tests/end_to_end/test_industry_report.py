"""02_industry end to end: the demo report, a growth-only report, and hostile names."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from conftest import page_text

from halfyear_lib.data.language import language
from halfyear_lib.paths import DEMO_DATA_DIR
from halfyear_lib.running.runs import run_report

GROWTH_ONLY = Path(__file__).resolve().parents[1] / "fixtures" / "growth_only"
SECTIONS = ["增加值测算与价格因素", "增加值率调整的影响", "完成全年目标的难度",
            "增速走势与两年平均增速", "规上工业企业", "科技创新", "重点任务", "亮点与问题"]  # fmt: skip


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    with language("zh"):
        return run_report(DEMO_DATA_DIR, "qingshui", "2021-06", tmp_path_factory.mktemp("r"))


def test_the_demo_report_has_every_section_with_its_formula(demo_run):
    html = demo_run.report_dir / "02_industry.html"
    text = page_text(html)
    for section in SECTIONS:
        assert section in text, section
    assert text.count("计算方法：") >= 6
    assert " nan " not in text and "None" not in text and "Warning" not in text
    # the rate-adjustment bars and the trend chart are drawn
    assert text.count("[图]") >= 2


def test_results_hold_the_issue_keys(demo_run):
    res = json.loads((demo_run.report_dir / "results.json").read_text(encoding="utf-8"))
    va = res["value_added_estimate"]
    assert {"nominal", "real", "real_yoy_pct", "reported_yoy_pct", "gap_pp"} <= set(va)
    assert va["reported_yoy_pct"] == pytest.approx(13.8)
    adj = res["rate_adjustment"]
    parts = [row["impact_value"] for row in adj["by_industry"]]
    assert adj["impact_value"] == pytest.approx(sum(parts)) and adj["impact_value"] < 0
    assert {"ppi_yoy_pct", "output_nominal_yoy_pct", "output_real_yoy_pct", "gap_pp",
            "pmi_months_above_50"} <= set(res["prices"])  # fmt: skip
    assert {"rest_of_year_growth_pct", "monthly_needed"} <= set(res["required"]["output"])
    assert res["required"]["output_growth_for_va_target_pct"] is not None
    june = res["trend"]["value_added"][-1]
    assert {"period", "yoy_pct", "two_year_avg_pct", "rank_city"} <= set(june)
    # 01 and 02 agree on the two-year average of value added: sqrt(1.138 x 0.974) - 1
    assert res["indicators"]["value_added"]["two_year_avg_pct"] == pytest.approx(
        ((1.138 * 0.974) ** 0.5 - 1) * 100, abs=0.05
    )
    assert res["highlights"] and res["problems"]
    assert all({"kind", "indicator", "numbers", "text"} <= set(i) for i in res["problems"])
    assert {"hitech_stat", "hitech_share_pct", "pipeline", "expected_full_year_new"} <= set(
        res["firms"]
    )
    assert res["firms"]["above_scale"] == 229  # 01's keys are kept
    assert {"value", "target", "completion_pct", "schedule_gap_pp"} <= set(
        res["innovation"]["rd_expense"]
    )
    assert sum(res["tasks"]["counts"].values()) == len(res["tasks"]["items"]) == 31


def test_growth_only_data_render_02_and_say_what_is_missing(tmp_path):
    with language("zh"):
        result = run_report(GROWTH_ONLY, "aa", "2021-06", tmp_path)
    text = page_text(result.report_dir / "02_industry.html")
    for section in SECTIONS:
        assert section in text, section
    assert "无法按行业测算增加值：数据集中没有行业表（industries）" in text
    assert "无法测算增加值率调整的影响" in text
    assert "没有本单位今年重点任务的进展报告" in text
    assert "只有增速、没有累计值" in text  # required growth and innovation say why
    res = result.results
    assert res["value_added_estimate"]["available"] is False
    assert res["tasks"]["available"] is False


def test_hostile_industry_and_firm_names_stay_text(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DEMO_DATA_DIR, data)
    ind = (data / "industries.csv").read_text(encoding="utf-8-sig")
    (data / "industries.csv").write_text(ind.replace("针织服装", "<img src=x onerror=alert(1)>"),
                                         encoding="utf-8")  # fmt: skip
    ent = (data / "enterprises.csv").read_text(encoding="utf-8-sig")
    ent = ent.replace("清水南山金属制品有限公司", "[点我](javascript:alert(1))")
    (data / "enterprises.csv").write_text(ent, encoding="utf-8")
    result = run_report(data, "qingshui", "2021-06", tmp_path / "out", ("02_industry.ipynb",))
    html = (result.report_dir / "02_industry.html").read_text(encoding="utf-8")
    assert "<img src=x" not in html and 'href="javascript:' not in html
    assert "onerror" in html  # shown as text


def test_the_embedded_font_covers_every_chinese_character_of_02(demo_run):
    import base64
    import io

    from fontTools.ttLib import TTFont

    html = (demo_run.report_dir / "02_industry.html").read_text(encoding="utf-8")
    match = re.search(r"url\(data:font/woff;base64,([A-Za-z0-9+/=]+)\)", html)
    assert match, "no embedded WOFF font in the page"
    cmap = TTFont(io.BytesIO(base64.b64decode(match.group(1)))).getBestCmap()
    page = re.sub(r"data:[^)\"']+", "", html)
    chinese = set(re.findall(r"[\u3400-\u9fff\uff00-\uffef\u3000-\u303f]", page))
    assert len(chinese) > 200
    assert sorted(c for c in chinese if ord(c) not in cmap) == []

"""03_investment end to end: the demo county, a unit without projects, hostile names."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import page_text

from halfyear_lib.data.language import language
from halfyear_lib.data.schema import PROJECT_KINDS
from halfyear_lib.paths import DEMO_DATA_DIR
from halfyear_lib.running.runs import run_report

NOTEBOOK = ("03_investment.ipynb",)
SECTIONS = ["投资进度", "在库项目与有效余额", "新入库项目", "拟入库项目", "未入库的招商引资项目",
            "各乡镇(园区)投资完成情况"]  # fmt: skip


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    with language("zh"):
        return run_report(DEMO_DATA_DIR, "qingshui", "2021-06", tmp_path_factory.mktemp("r"),
                          notebooks=NOTEBOOK)  # fmt: skip


def test_the_demo_page_has_every_section_and_both_charts(demo_run):
    text = page_text(demo_run.report_dir / "03_investment.html")
    for section in SECTIONS:
        assert section in text, section
    assert text.count("[图]") == 2 and text.count("计算方法：") >= 4
    assert " nan " not in text and "None" not in text
    assert "拟入库项目3个" in text and "今年没有项目入库的有3个" in text
    # the library's kinds as the results count them, in one phrase
    by_kind = demo_run.results["investment"]["library"]["by_kind"]
    kinds = "、".join(f"{PROJECT_KINDS[k]}{v['count']}个" for k, v in by_kind.items() if v["count"])
    assert (
        f"在库工业项目{demo_run.results['investment']['library']['projects']}个（{kinds}）" in text
    )


def test_results_hold_the_issue_keys_and_the_balances_add_up(demo_run):
    inv = json.loads((demo_run.report_dir / "results.json").read_text(encoding="utf-8"))[
        "investment"
    ]
    lib, ex = inv["library"], inv["excluded"]
    assert {"projects", "by_kind", "over_100m", "planned_total", "completed",
            "remaining_balance", "effective_balance"} <= set(lib)  # fmt: skip
    groups = sum(ex[g]["balance"] for g in ("fully_reported", "cannot_report", "capped"))
    assert lib["effective_balance"] + groups == pytest.approx(lib["remaining_balance"])
    assert lib["planned_total"] - lib["completed"] <= lib["remaining_balance"] + 1e-9
    sched = inv["schedule"]["industrial_investment"]
    assert {"value", "target", "completion_pct", "gap_pp", "shortfall", "monthly_needed"} <= set(
        sched
    )
    # 20.97亿 of 48.5亿 at 1-6月: (48.5 - 20.974) / 6 = 4.59亿 a month
    assert sched["monthly_needed"] == pytest.approx((48.5 - sched["value"]) / 6)
    assert {"total", "by_kind", "new_projects", "new_share_pct", "by_month"} <= set(
        inv["new_entries"]
    )
    assert {"count", "planned_total", "this_year"} <= set(inv["pipeline"])
    assert {"count", "over_100m", "total", "by_reason"} <= set(inv["not_in_library"])
    towns = inv["townships"]
    assert {"township", "target", "completed", "completion_pct", "gap_pp", "rank",
            "on_schedule", "projected_on_schedule"} <= set(towns[0])  # fmt: skip
    # the townships' completed investment adds up to the county's industrial investment
    assert sum(t["completed"] for t in towns) == pytest.approx(sched["value"])
    assert inv["bottom3"] and inv["townships_without_entries"]


def test_a_unit_without_projects_or_townships_renders_with_a_note(tmp_path):
    with language("zh"):
        result = run_report(DEMO_DATA_DIR, "lanxi", "2021-05", tmp_path, notebooks=NOTEBOOK)
    text = page_text(result.report_dir / "03_investment.html")
    assert "本单位没有投资项目数据" in text and "本单位没有乡镇投资目标数据" in text
    assert "工业投资完成" in text  # the schedule needs only the indicators
    assert result.results["investment"]["library"]["available"] is False


def test_hostile_project_and_township_names_stay_text(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DEMO_DATA_DIR, data)
    for name in ("projects.csv", "townships.csv"):
        raw = (
            (data / name)
            .read_text(encoding="utf-8")
            .replace("凤山乡", "<img src=x onerror=alert(1)>")
        )
        raw = raw.replace("清水和润纺织年产3万吨高支棉纱生产项目", "[点我](javascript:alert(1))")
        (data / name).write_text(raw, encoding="utf-8")
    result = run_report(data, "qingshui", "2021-06", tmp_path / "out", notebooks=NOTEBOOK)
    html = (result.report_dir / "03_investment.html").read_text(encoding="utf-8")
    assert "<img src=x" not in html and 'href="javascript:' not in html and "onerror" in html


def test_growth_only_data_render_03_and_say_what_is_missing(tmp_path):
    growth_only = Path(__file__).resolve().parents[1] / "fixtures" / "growth_only"
    with language("zh"):
        result = run_report(growth_only, "aa", "2021-06", tmp_path, notebooks=NOTEBOOK)
    text = page_text(result.report_dir / "03_investment.html")
    for section in SECTIONS:
        assert section in text, section
    # rates only: no level for the schedule, no projects, no townships
    assert "缺少累计值或年度目标，无法计算进度" in text
    assert "本单位没有投资项目数据" in text and "本单位没有乡镇投资目标数据" in text


def test_the_december_page_states_outcomes_not_projections(tmp_path):
    with language("zh"):
        result = run_report(DEMO_DATA_DIR, "qingshui", "2020-12", tmp_path, notebooks=NOTEBOOK)
    text = page_text(result.report_dir / "03_investment.html")
    assert "全年完成目标的有" in text and "按近三个月的月均进度测算，全年有" not in text
    assert "扣除今年无法形成统计投资的部分后" not in text  # nothing more can be reported
    # the three projects expected in 2021-07 are registered, but not for this year
    assert "另有3个拟入库项目预计入库时间不在今年" in text
    assert "unspecified" not in text and "未注明原因" in text

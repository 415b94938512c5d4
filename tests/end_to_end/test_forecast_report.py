"""04_forecast end to end: the demo nowcast at 1-5月, growth-only data, hostile names."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import page_text

from halfyear_lib.data.language import language
from halfyear_lib.data.loading import load_dataset
from halfyear_lib.data.periods import Period
from halfyear_lib.forecast.report import forecast_report
from halfyear_lib.paths import DEMO_DATA_DIR
from halfyear_lib.running.runs import run_report

NOTEBOOK = ("04_forecast.ipynb",)
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="module")
def may_run(tmp_path_factory):
    with language("zh"):
        return run_report(
            DEMO_DATA_DIR, "qingshui", "2021-05", tmp_path_factory.mktemp("r"), notebooks=NOTEBOOK
        )


def test_may_gives_the_half_year_nowcast_and_the_full_year_with_the_issue_keys(may_run):
    fc = json.loads((may_run.report_dir / "results.json").read_text(encoding="utf-8"))["forecast"]
    for code in ("output", "value_added", "industrial_investment", "tech_investment"):
        now, year = fc["nowcast"][code], fc["full_year"][code]
        assert {"value", "yoy_pct", "lo80", "hi80", "lo95", "hi95", "model"} <= set(now)
        assert {"p_meet_target", "rest_of_year_growth_pct", "monthly_needed", "model"} <= set(year)
        assert fc["chosen"][code] in fc["backtest"][code]
        rule = fc["backtest"][code]["rule"]
        assert {"mae_pp", "bias_pp", "coverage80", "coverage95", "n"} <= set(rule)
        # the half year lies between May's total and the year's
        assert now["observed_value"] < now["value"] < year["value"]
    # the notebook shows what the library computes (same data, same seed)
    with language("zh"):
        lib = forecast_report(load_dataset(DEMO_DATA_DIR), "qingshui", Period(2021, 5))
    expected = lib.to_results()
    assert fc["chosen"] == expected["chosen"]
    for part in ("nowcast", "full_year"):
        for code, entry in expected[part].items():
            assert fc[part][code]["model"] == entry["model"]
            for key in ("value", "yoy_pct", "lo80", "hi95"):
                assert fc[part][code][key] == pytest.approx(entry[key], abs=1e-5), (part, key)


def test_the_page_reads_as_a_forecast_page(may_run):
    text = page_text(may_run.report_dir / "04_forecast.html")
    fc = may_run.results["forecast"]
    out = fc["nowcast"]["output"]
    from halfyear_lib.text.numbers import format_amount

    # the amount by the one rule (90.05 -> 90.1 from 10 亿元 on), as the draft prints it
    assert f"预计上半年完成{format_amount(out['value'])}亿元" in text
    assert "80%区间" in text and "回测" in text and "个百分点" in text
    # a fan chart per indicator and a backtest chart per indicator
    assert text.count("[图]") == 8
    assert "None" not in text and " nan " not in text


def test_growth_only_data_render_the_forecast_page(tmp_path):
    with language("zh"):
        run = run_report(FIXTURES / "growth_only", "aa", "2021-06", tmp_path, notebooks=NOTEBOOK)
    fc = run.results["forecast"]
    assert fc["full_year"]["output"]["growth_only"] is True
    assert fc["full_year"]["output"]["value"] is None
    text = page_text(run.report_dir / "04_forecast.html")
    assert "只有增速" in text
    assert "None" not in text and " nan " not in text


def test_hostile_names_are_escaped_on_the_forecast_page(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DEMO_DATA_DIR, data)
    regions = (data / "regions.csv").read_text(encoding="utf-8-sig")
    (data / "regions.csv").write_text(
        regions.replace("清水县", "<img src=x onerror=alert(1)>县"), encoding="utf-8"
    )
    with language("zh"):
        run = run_report(data, "qingshui", "2021-06", tmp_path / "out", notebooks=NOTEBOOK)
    html = (run.report_dir / "04_forecast.html").read_text(encoding="utf-8")
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;县" in html

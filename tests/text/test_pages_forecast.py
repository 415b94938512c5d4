"""The 04_forecast page text and tables, from a hand-made ``forecast`` results entry.

Numbers in the expected text are worked by hand from the entry below (see the comments
in :func:`sample_forecast`). Sentences are checked in Chinese (the page's language) and
in English; no page may print None or nan, and names from data must stay inert text.
"""

from __future__ import annotations

import copy
import re

import pytest

from halfyear_lib.chapters import forecast as cf
from halfyear_lib.data.language import language
from halfyear_lib.display.styling import styled_table
from halfyear_lib.text.zh import forecast as pf

HOSTILE = "<img src=x onerror=alert(1)>"
RULE_LABEL = "增速保持不变（分析员惯用做法）"


def _entry(**kw) -> dict:
    base = {"value": None, "yoy_pct": None, "lo80": None, "hi80": None, "lo95": None,
            "hi95": None, "yoy_lo80": None, "yoy_hi80": None, "yoy_lo95": None,
            "yoy_hi95": None, "model": "ets", "model_label": "指数平滑 ETS",
            "growth_only": False, "observed_value": None, "observed_yoy_pct": None,
            "calibration": {"80": 1.1, "95": 1.2}}  # fmt: skip
    base.update(kw)
    return base


def _bt(mae, bias, c80, c95, n, kind, label) -> dict:
    return {"mae_pp": mae, "bias_pp": bias, "coverage80": c80, "coverage95": c95, "n": n,
            "kind": kind, "label": label}  # fmt: skip


def sample_forecast(month: int = 6) -> dict:
    """A forecast entry at 1-{month}月 2021 covering the cases the page must say:

    - output (label with an HTML payload): levels, a value target 260 and a growth target
      13%; done 120.00 by the origin; projected 250.00 (+9.04%); p = 0.347 (-> 约35%);
      the rest of the year needs (260 - 120) / 6 = 23.33 a month and +12.0% on last year's
      Jul-Dec 125.00 (140 / 125 - 1 = 12.0%); chosen ETS (label "ETS $x$") beats the rule:
      MAE 1.234 (-> 1.23) against 2.5 (-> 2.50);
    - value_added: growth only, growth target 7%, p = 0.62; the rule wins its backtest
      (0.80 against Theta 1.10): beats_rule False;
    - industrial_investment: levels but no target (p None) and no backtest;
    - tech_investment: absent (no data);
    - month 5: half-year nowcast of output and value added; month 12: complete.
    """
    origin = f"1-{month}月"
    months_left = 12 - month
    full_year = {
        "output": _entry(
            value=250.0, yoy_pct=9.04, lo80=240.5, hi80=259.5, lo95=235.0, hi95=265.0,
            yoy_lo80=4.9, yoy_hi80=13.2, yoy_lo95=2.4, yoy_hi95=15.8,
            model="ets", model_label="ETS $x$", observed_value=120.0, observed_yoy_pct=7.9,
            target_value=260.0, target_growth_pct=13.0, p_meet_target=0.347,
            p_meet_value_target=0.347, p_meet_growth_target=0.30,
            rest_of_year_growth_pct=12.0, monthly_needed=(260.0 - 120.0) / 6,
            months_left=months_left),
        "value_added": _entry(
            value=None, yoy_pct=6.5, yoy_lo80=4.0, yoy_hi80=9.0, yoy_lo95=2.7, yoy_hi95=10.3,
            model="rule", model_label=RULE_LABEL, growth_only=True, observed_yoy_pct=6.5,
            target_value=None, target_growth_pct=7.0, p_meet_target=0.62,
            p_meet_value_target=None, p_meet_growth_target=0.62,
            rest_of_year_growth_pct=7.5, monthly_needed=None, months_left=months_left),
        "industrial_investment": _entry(
            value=30.0, yoy_pct=-2.0, lo80=27.0, hi80=33.0, lo95=25.5, hi95=34.5,
            model="rule", model_label=RULE_LABEL, observed_value=14.0, observed_yoy_pct=-2.0,
            target_value=None, target_growth_pct=None, p_meet_target=None,
            p_meet_value_target=None, p_meet_growth_target=None,
            rest_of_year_growth_pct=None, monthly_needed=None, months_left=months_left),
    }  # fmt: skip
    fc = {
        "origin": f"2021-{month:02d}", "origin_label": origin, "year": 2021, "month": month,
        "indicators": ["output", "value_added", "industrial_investment"],
        "labels": {"output": f"产值{HOSTILE}", "value_added": "规上工业增加值",
                   "industrial_investment": "工业投资"},
        "units": {"output": "亿元", "value_added": "亿元", "industrial_investment": "亿元"},
        "complete": month == 12,
        "nowcast": {},
        "full_year": {} if month == 12 else full_year,
        "path": {},
        "backtest": {
            "output": {
                "rule": _bt(2.5, 2.1, None, None, 12, "baseline", RULE_LABEL),
                "snaive": _bt(1.9, -0.3, 0.75, 0.9166667, 12, "baseline", "去年同月×今年增速"),
                "ets": _bt(1.234, -0.456, 0.8333333, 0.9166667, 12, "model", "ETS $x$"),
            },
            "value_added": {
                "rule": _bt(0.8, 0.1, 0.8, 1.0, 10, "baseline", RULE_LABEL),
                "theta": _bt(1.1, 0.5, 0.7, 0.9, 10, "model", "Theta 法"),
            },
        },
        "backtest_nowcast": {},
        "backtest_years": {"output": [2018, 2019, 2020], "value_added": [2019, 2020]},
        "chosen": {"output": "ets", "value_added": "rule", "industrial_investment": "rule"},
        "chosen_nowcast": {},
        "rule": "rule",
        "beats_rule": {"output": True, "value_added": False, "industrial_investment": None},
        "notes": [f"注意{HOSTILE}", "模型 $x$ 未收敛，已舍弃"],
        "seconds": 1.5,
    }  # fmt: skip
    if month < 6:
        fc["nowcast"] = {
            # output: 98.00 done by May, 122.00 expected for the half year (+8.1%)
            "output": _entry(value=122.0, yoy_pct=8.1, lo80=118.0, hi80=126.0, lo95=116.0,
                             hi95=128.0, yoy_lo80=4.6, yoy_hi80=11.6, observed_value=98.0,
                             observed_yoy_pct=7.7),
            "value_added": _entry(yoy_pct=6.0, yoy_lo80=4.0, yoy_hi80=8.0, yoy_lo95=3.0,
                                  yoy_hi95=9.0, growth_only=True, observed_yoy_pct=5.8,
                                  model="rule", model_label=RULE_LABEL),
        }  # fmt: skip
        fc["backtest_nowcast"] = {
            "output": {
                "rule": _bt(1.5, 0.2, 0.8, 0.95, 6, "baseline", RULE_LABEL),
                "ets": _bt(1.0, 0.1, 0.8, 0.95, 6, "model", "ETS $x$"),
            }
        }
        fc["chosen_nowcast"] = {"output": "ets", "value_added": "rule"}
    return fc


def _lines(text: str, start: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith(start)]


def _all_page_text(fc: dict) -> str:
    parts = [
        pf.intro_text(fc),
        pf.nowcast_text(fc),
        pf.full_year_text(fc),
        pf.backtest_text(fc),
        pf.backtest_text(fc, "nowcast"),
        pf.notes_text(fc),
        pf.complete_text(fc),
    ]
    for table in (
        cf.full_year_table(fc).frame,
        cf.backtest_table(fc).frame,
        cf.backtest_table(fc, "nowcast").frame,
    ):
        parts.append(table.to_csv(index=False))
        parts.append(" ".join(map(str, table.columns)))
    return "\n".join(parts)


# ---------------------------------------------------------------- full year


def test_full_year_sentence_of_an_indicator_with_levels_and_a_target():
    with language("zh"):
        text = pf.full_year_text(sample_forecast(6))
    (line,) = _lines(text, "- 产值")
    assert "预计2021年完成250.0亿元，增长9.0%" in line  # 9.04 -> 9.0
    assert "80%区间240.5～259.5亿元，增速4.9%～13.2%" in line
    assert "95%区间235.0～265.0亿元，增速2.4%～15.8%" in line
    assert "年度目标260.0亿元（增长13.0%）" in line
    assert "完成目标的概率约35%" in line  # 0.347 -> 34.7% -> 约35%
    assert "完成增速目标的概率约30%" in line
    # (260 - 120) / 6 = 23.33 a month; 140 / 125 - 1 = +12.0%
    assert "后6个月需比上年同期增长12.0%，每月需完成23.3亿元" in line
    assert "采用：ETS \\$x\\$" in line


def test_growth_only_indicator_says_only_growth_can_be_projected():
    with language("zh"):
        text = pf.full_year_text(sample_forecast(6))
    (line,) = _lines(text, "- 规上工业增加值")
    assert "预计2021年增长6.5%（80%区间增速4.0%～9.0%；95%区间增速2.7%～10.3%）" in line
    assert "亿元" not in line  # no amount, no monthly amount
    assert "年度目标增长7.0%，完成目标的概率约62%" in line
    assert "只能预测增速，无法预测全年完成额和每月需完成额" in line


def test_no_target_and_absent_indicator_are_said():
    with language("zh"):
        text = pf.full_year_text(sample_forecast(6))
    (line,) = _lines(text, "- 工业投资")
    assert "预计2021年完成30.0亿元，下降2.0%" in line  # the word follows the sign
    assert "缺少年度目标，不计算完成目标的概率和剩余月份需要的进度" in line
    assert "概率约" not in line
    assert _lines(text, "- 技改投资") == ["- 技改投资没有数据，未作预测。"]


def test_a_target_without_a_probability_says_it_cannot_be_computed():
    fc = sample_forecast(6)
    fc["full_year"]["output"]["p_meet_target"] = None
    with language("zh"):
        (line,) = _lines(pf.full_year_text(fc), "- 产值")
        table = cf.full_year_table(fc).frame
    assert "无法计算完成目标的概率" in line
    assert table.loc[0, "完成目标的概率"] == "—"


def test_a_target_already_met_is_said_instead_of_a_negative_pace():
    fc = sample_forecast(6)
    fc["full_year"]["output"].update(monthly_needed=-1.5, rest_of_year_growth_pct=-30.0)
    with language("zh"):
        (line,) = _lines(pf.full_year_text(fc), "- 产值")
    assert "按已完成数已达到年度目标" in line
    assert "需完成-" not in line and "-1.50" not in line


def test_an_indicator_with_data_but_no_projection_is_said():
    fc = sample_forecast(6)
    del fc["full_year"]["industrial_investment"]
    with language("zh"):
        text = pf.full_year_text(fc)
        table = cf.full_year_table(fc).frame
    assert "- 工业投资数据不足，未能预测（原因见说明）。" in text.splitlines()
    assert list(table["指标"]) == [f"产值{HOSTILE}", "规上工业增加值"]


def test_full_year_table_cells():
    with language("zh"):
        table = cf.full_year_table(sample_forecast(6)).frame
    out, va, inv = (table.iloc[i] for i in range(3))
    assert list(table.columns[:5]) == [
        "指标", "1-6月已完成(亿元)", "1-6月增长(%)", "全年预计(亿元)", "全年预计增长(%)"
    ]  # fmt: skip
    assert (out["1-6月已完成(亿元)"], out["全年预计(亿元)"], out["全年预计增长(%)"]) == (
        "120.0", "250.0", "9.0"
    )  # fmt: skip
    assert (out["80%区间"], out["95%区间"]) == ("240.5～259.5", "235.0～265.0")
    assert out["完成目标的概率"] == "约35%"
    assert (out["剩余月份需增长(%)"], out["每月需完成(亿元)"]) == ("12.0", "23.3")
    assert out["采用方法"] == "ETS $x$"  # raw here: the table's HTML escaping applies
    # growth only: growth intervals, no amounts
    assert (va["全年预计(亿元)"], va["80%区间"], va["每月需完成(亿元)"]) == (
        "—",
        "增长4.0%～9.0%",
        "—",
    )
    assert va["年度目标"] == "增长7.0%"
    # no target: no probability, no pace
    assert (inv["年度目标"], inv["完成目标的概率"], inv["每月需完成(亿元)"]) == ("—", "—", "—")


def test_english_page_reads_in_english():
    text = pf.full_year_text(sample_forecast(6))  # tests run in English
    (line,) = _lines(text, "- 产值")
    assert "2021 expected to reach 250.0 100m yuan, up 9.0%" in line
    assert "probability of meeting it about 35%" in line
    assert list(cf.full_year_table(sample_forecast(6)).frame.columns)[0] == "Indicator"


# ---------------------------------------------------------------- nowcast, December


def test_nowcast_before_june():
    with language("zh"):
        text = pf.nowcast_text(sample_forecast(5))
    (out,) = _lines(text, "- 产值")
    assert out.startswith(
        "- 产值&lt;img src=x onerror=alert\\(1\\)&gt;：预计上半年完成122.0亿元，增长8.1%"
        "（80%区间118.0～126.0亿元，增速4.6%～11.6%；95%区间116.0～128.0亿元）"
    )
    assert "1\\-5月已完成98.0亿元，增长7.7%" in out
    (va,) = _lines(text, "- 规上工业增加值")
    assert "预计上半年增长6.0%（80%区间增速4.0%～8.0%；95%区间增速3.0%～9.0%）" in va
    assert "无法预计上半年完成额" in va
    assert "- 工业投资数据不足，未能预测（原因见说明）。" in text.splitlines()
    # the full year is projected as well, with 7 months left
    with language("zh"):
        assert "后7个月需比上年同期增长12.0%" in pf.full_year_text(sample_forecast(5))


def test_no_nowcast_from_june_on():
    with language("zh"):
        assert pf.nowcast_text(sample_forecast(6)) == "上半年数据已出，不再预计上半年。"


def test_december_is_complete_and_shows_the_backtest_only():
    fc = sample_forecast(12)
    with language("zh"):
        assert cf.full_year_table(fc).frame.empty
        assert pf.full_year_text(fc).startswith("2021年全年数据已出，没有需要预测的月份")
        assert "之后各月由模型推算" not in pf.intro_text(fc)
        assert len(cf.backtest_table(fc).frame) == 5  # 3 methods of output + 2 of value added


# ---------------------------------------------------------------- backtest


def test_backtest_table_in_points_with_the_chosen_and_the_rule_marked():
    with language("zh"):
        table = cf.backtest_table(sample_forecast(6)).frame
    out = table[table["指标"] == f"产值{HOSTILE}"]
    # smallest error first
    assert list(out["方法"]) == ["ETS $x$", "去年同月×今年增速", RULE_LABEL]
    ets, rule = out.iloc[0], out.iloc[2]
    assert (ets["平均绝对误差(个百分点)"], ets["平均偏差(个百分点)"]) == ("1.23", "-0.46")
    # coverage 10 of 12 = 0.8333 -> 83.3; 11 of 12 = 0.9167 -> 91.7
    assert (ets["80%区间覆盖率(%)"], ets["95%区间覆盖率(%)"], ets["回测次数"]) == (
        "83.3",
        "91.7",
        "12",
    )
    assert (rule["平均偏差(个百分点)"], rule["80%区间覆盖率(%)"]) == ("+2.10", "—")
    assert list(out["类型"]) == ["统计模型", "基准方法", "分析员惯用做法"]
    assert list(out["选用"]) == ["✓ 选用", "", ""]
    va = table[table["指标"] == "规上工业增加值"]
    assert list(va["选用"]) == ["✓ 选用", ""] and va.iloc[0]["类型"] == "分析员惯用做法"


def test_backtest_sentences_say_whether_the_chosen_model_beats_the_rule():
    with language("zh"):
        text = pf.backtest_text(sample_forecast(6))
    (out,) = _lines(text, "- 产值")
    assert (
        "选用的ETS \\$x\\$优于分析员惯用做法：平均误差1.23个百分点，惯用做法为2.50个百分点" in out
    )
    assert out.endswith("；回测年份：2018、2019、2020年。")
    (va,) = _lines(text, "- 规上工业增加值")
    assert "回测中没有方法优于分析员惯用做法（平均误差0.80个百分点），本页采用该做法" in va
    (inv,) = _lines(text, "- 工业投资")
    assert inv == "- 工业投资：历史数据太短，无法回测，预测误差未知。"


@pytest.mark.parametrize(
    "flag, words",
    [(False, "选用的ETS \\$x\\$没有优于分析员惯用做法"),
     (None, "无法判断选用的ETS \\$x\\$是否优于分析员惯用做法")],
)  # fmt: skip
def test_a_chosen_model_that_does_not_beat_the_rule_is_said_plainly(flag, words):
    fc = sample_forecast(6)
    fc["backtest"]["output"]["ets"]["mae_pp"] = 2.75
    fc["beats_rule"]["output"] = flag
    with language("zh"):
        (out,) = _lines(pf.backtest_text(fc), "- 产值")
    assert words in out
    assert "2.75个百分点" in out and "2.50个百分点" in out  # 2.75 > 2.5


def test_nowcast_backtest_compares_half_year_errors():
    with language("zh"):
        text = pf.backtest_text(sample_forecast(5), "nowcast")
        table = cf.backtest_table(sample_forecast(5), "nowcast").frame
    assert "上半年累计增速（在1-5月时预测）" in text
    (out,) = _lines(text, "- 产值")
    assert "平均误差1.00个百分点，惯用做法为1.50个百分点" in out  # 1.0 < 1.5: beats
    # value added has a half-year projection but no backtest; investment has neither
    assert _lines(text, "- 规上工业增加值") == [
        "- 规上工业增加值：历史数据太短，无法回测，预测误差未知。"
    ]
    assert _lines(text, "- 工业投资") == []
    assert list(table["平均绝对误差(个百分点)"]) == ["1.00", "1.50"]


# ---------------------------------------------------------------- formats and safety


@pytest.mark.parametrize(
    "p, zh, en",
    [(0.347, "约35%", "about 35%"), (0.004, "不到1%", "under 1%"),
     (0.995, "超过99%", "over 99%"), (None, "—", "—"), (float("nan"), "—", "—")],
)  # fmt: skip
def test_probability_words(p, zh, en):
    with language("zh"):
        assert pf.probability(p) == zh
    assert pf.probability(p) == en


def _bare(fc: dict) -> dict:
    """Every optional number of every entry set to None, labels and notes gone."""
    fc = copy.deepcopy(fc)
    for part in ("full_year", "nowcast"):
        for e in fc[part].values():
            for key in list(e):
                if key not in ("growth_only", "months_left"):
                    e[key] = None
    for models in fc["backtest"].values():
        for m in models.values():
            m.update(mae_pp=None, bias_pp=None, coverage80=None, coverage95=None, n=None)
    fc.update(labels={}, notes=[], beats_rule={}, backtest_years={}, origin_label=None)
    return fc


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("month", [5, 6, 12])
@pytest.mark.parametrize("bare", [False, True], ids=["full", "bare"])
def test_no_none_or_nan_anywhere(lang, month, bare):
    fc = sample_forecast(month)
    if bare:
        fc = _bare(fc)
    with language(lang):
        text = _all_page_text(fc)
    for word in ("None", "nan", "NaN", "null"):
        assert word not in text


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(
    "fc",
    [{}, {"year": None, "origin_label": None, "indicators": ["output"], "full_year": {}},
     {"complete": True, "indicators": ["output"]}],
    ids=["empty", "no year", "complete without year"],
)  # fmt: skip
def test_an_almost_empty_entry_still_reads(lang, fc):
    with language(lang):
        text = _all_page_text(fc)
    for word in ("None", "nan", "NaN", "null"):
        assert word not in text


def test_names_from_data_are_inert():
    with language("zh"):
        text = _all_page_text(sample_forecast(5))
        html = styled_table(
            cf.backtest_table(sample_forecast(5)).frame, left=("指标", "方法")
        ).to_html()
    markdown = "\n".join(
        [pf.nowcast_text(sample_forecast(5)), pf.full_year_text(sample_forecast(5)),
         pf.backtest_text(sample_forecast(5)), pf.notes_text(sample_forecast(5))]
    )  # fmt: skip
    assert "<img" not in markdown and "&lt;img src=x onerror=alert\\(1\\)&gt;" in markdown
    assert "$x$" not in markdown and "\\$x\\$" in markdown  # no mathtext / MathJax
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img" in text  # the raw tables keep the name; the Styler escapes it (above)


def test_notes_are_listed_escaped():
    assert pf.notes_text(sample_forecast(6)).splitlines() == [
        "- 注意&lt;img src=x onerror=alert\\(1\\)&gt;",
        "- 模型 \\$x\\$ 未收敛，已舍弃",
    ]
    with language("zh"):
        assert pf.notes_text({"notes": []}) == "无。"


def test_backtest_coverage_shows_the_calibrated_figure_and_the_raw_one_beside_it():
    m = {"coverage80": 0.571, "coverage80_calibrated": 0.81, "coverage95": 1.0}
    assert pf.coverage_cell(m, 80) == "81.0 (raw 57.1)"
    assert pf.coverage_cell(m, 95) == "100.0"  # no calibrated figure: the raw one
    same = {"coverage80": 0.8, "coverage80_calibrated": 0.8}
    assert pf.coverage_cell(same, 80) == "80.0"


def test_backtest_counts_say_how_many_a_stand_in_answered():
    fc = {
        "indicators": ["output"],
        "labels": {"output": "规上工业总产值"},
        "backtest": {"output": {"airline": {"mae_pp": 1.0, "n": 21, "n_stand_in": 1}}},
        "chosen": {"output": "airline"},
    }
    table = cf.backtest_table(fc).frame
    assert table.iloc[0]["Projections"] == "21 (1 by a stand-in)"


def test_a_target_reachable_even_if_the_rest_falls_and_a_flat_pace_read_naturally():
    fc = sample_forecast()
    fc["full_year"]["output"].update(monthly_needed=10.0, rest_of_year_growth_pct=-9.46)
    with language("zh"):
        text = pf.full_year_text(fc)
    assert "即使后6个月比上年同期下降9.5%，也能完成目标（每月10.0亿元）" in text
    fc["full_year"]["output"].update(rest_of_year_growth_pct=-0.04)
    with language("zh"):
        text = pf.full_year_text(fc)
    assert "后6个月需与上年同期持平" in text and "下降0.0%" not in text


def test_the_other_target_kind_is_named_beside_the_probability():
    fc = sample_forecast()
    e = fc["full_year"]["output"]
    e.update(target_growth_pct=8.0, target_kind="growth_pct", p_meet_target=0.62)
    e.update(p_meet_growth_target=0.62, p_meet_value_target=0.91)
    with language("zh"):
        text = pf.full_year_text(fc)
    assert "完成目标的概率约62%（按增速目标；完成总量目标的概率约91%）" in text


def test_the_honest_check_of_the_choosing_is_said_beside_the_backtest():
    fc = sample_forecast()
    fc["selection"] = {"output": {"mae_pp": 1.234, "bias_pp": 0.2, "n": 18, "years": 3}}
    with language("zh"):
        text = pf.backtest_text(fc)
    # the one backtest error quoted anywhere, to 0.1 point as the draft quotes it
    assert "再在这一年检验（避免“事后挑最好”），平均误差为1.2个百分点（18次）" in text


def test_a_backtest_of_few_cases_is_called_rough():
    fc = sample_forecast()
    for m in fc["backtest"]["output"].values():
        m["n"] = 3
    with language("zh"):
        text = pf.backtest_text(fc)
    assert "回测只有3次，误差只能作粗略参考" in text


def test_with_two_targets_the_pace_and_the_chart_name_the_one_the_odds_measure():
    """Value added has 43.0亿元 and +8%: the pace needed (3.89亿 a month) and the chart's
    target line belong to the growth target's 43.67亿, and now say so."""
    fc = sample_forecast()
    fc["full_year"]["output"].update(
        target_value=170.0, target_growth_pct=8.0, target_kind="growth_pct",
        target_amount=43.666412, p_meet_target=0.521)  # fmt: skip
    fc["path"] = {"output": {"target_kind": "growth_pct"}}
    with language("zh"):
        line = _lines(pf.full_year_text(fc), "- 产值")[0]
        assert "要完成增速目标（增长8.0%，约43.7亿元），后6个月需比上年同期增长12.0%" in line
        assert pf.chart_target_label(fc, "output") == "年度目标（增长8.0%）"
        # two targets, the odds of the amount: said so
        both = sample_forecast()
        both["full_year"]["output"]["target_kind"] = "value"
        assert "要完成总量目标，后6个月" in _lines(pf.full_year_text(both), "- 产值")[0]
        # one target: as before
        one = sample_forecast()
        one["full_year"]["output"].update(target_growth_pct=None, target_kind="value")
        assert "要完成目标，后6个月" in _lines(pf.full_year_text(one), "- 产值")[0]
        assert pf.chart_target_label(one, "output") == "年度目标"


# ---------------------------------------------------------------- methods and notes


def test_engine_words_are_worded_in_chinese_whatever_the_message_language():
    # tests run with English messages: results.json's words are Chinese all the same
    # the engine's codes are read into words, never passed through
    assert pf.spec_text("SARIMA(0,1,1)(0,1,1)[11] on logs") == "对数"
    assert (
        pf.spec_text("equal-weight mean of ets, airline") == "季节性ARIMA模型、指数平滑模型等权平均"
    )
    assert pf.spec_text("ARIMA(2,1,0) on logs") == ""  # not understood: nothing shown
    assert pf.reason_text("did not converge") == "未收敛"
    assert pf.reason_text("something new") == "something new"
    assert pf.method_label("airline") == "季节性ARIMA模型"
    assert pf.method_label("new") == "new"
    assert (
        pf.model_label("ets", "ETS(A,Ad,A) on logs") == "指数平滑模型（阻尼趋势、含季节项，对数）"
    )
    assert (
        pf.model_label("airline", "SARIMA(0,1,1)(0,1,1)[11] on logs") == "季节性ARIMA模型（对数）"
    )
    assert (
        pf.model_label("comb", "equal-weight mean of ets, airline, theta")
        == "组合预测（季节性ARIMA模型、指数平滑模型、Theta法等权平均）"
    )
    assert pf.model_label("rule", "") == "增速保持不变（分析员惯用做法）"
    # the engine's specs since the per-series weights: the adjusted ETS, the weighted mean
    assert pf.spec_text("ETS(A,Ad,N) (seasonally adjusted) on logs") == "阻尼趋势、季节调整，对数"
    assert (
        pf.model_label("comb", "weighted mean of ets 0.42, theta 0.31, airline 0.27")
        == "组合预测（按各模型近期滚动预测误差加权：季节性ARIMA模型27%、指数平滑模型42%、Theta法31%）"
    )
    assert pf.spec_text("weighted mean of arima 0.5, theta 0.5") == ""  # unknown member
    assert pf.reason_text("needs two seasons and three points") == "数据不足两个完整年度加三个月"


@pytest.mark.parametrize(
    ("note", "text"),
    [
        ({"code": "no_data", "indicator": "output", "period": "2021-06"},
         "规上工业总产值：2021年1-6月无数据，不作预测"),
        ({"code": "growth_only", "indicator": "value_added"},
         "规上工业增加值：只有增速、没有总量，只能按增速预测（增速不变与往年同期增速变化两种做法），"
         "无法给出总量、每月所需完成额和完成总量目标的概率"),
        ({"code": "short_history", "indicator": "output", "min_years": 2},
         "规上工业总产值：历史数据不足2个完整年度，不使用统计模型，只用基准做法"),
        ({"code": "no_backtest", "indicator": "output"},
         "规上工业总产值：没有可回测的往年数据，采用增速不变的做法，无法给出区间"),
        ({"code": "widened_to_limit", "indicator": "output", "factor": 3.0},
         "规上工业总产值：区间已按回测加宽到上限（3倍），回测中仍偏窄，说明这个指标很难预测"),
        ({"code": "dropped", "indicator": "output", "model": "airline",
          "reason": "did not converge", "n": 2, "fits": 19},
         "规上工业总产值：季节性ARIMA模型在19次拟合中有2次被舍弃（未收敛）"),
        ({"code": "fallback", "indicator": "output", "chosen": "comb", "used": "rule"},
         "规上工业总产值：本期组合预测未能拟合，改用增速保持不变（分析员惯用做法）"),
    ],
)  # fmt: skip
def test_each_note_is_worded(note, text):
    assert pf.note_text(note) == text


def test_worded_results_add_labels_in_place_of_the_engine_spec():
    fc = {
        "backtest": {"output": {"ets": {"mae_pp": 1.0, "kind": "model"}}},
        "full_year": {"output": {"value": 1.0, "model": "ets", "model_spec": "ETS(A,N,A) on logs",
                                 "growth_only": False}},
        "notes": [{"code": "no_backtest", "indicator": "output"}],
    }  # fmt: skip
    out = pf.worded_results(fc)
    assert out["backtest"]["output"]["ets"] == {
        "mae_pp": 1.0,
        "kind": "model",
        "label": "指数平滑模型",
    }
    assert list(out["full_year"]["output"]) == ["value", "model", "model_label", "growth_only"]
    assert out["full_year"]["output"]["model_label"] == "指数平滑模型（无趋势、含季节项，对数）"
    assert out["notes"] == [
        "规上工业总产值：没有可回测的往年数据，采用增速不变的做法，无法给出区间"
    ]
    assert "model_spec" in fc["full_year"]["output"]  # the facts are left as they were


# ---------------------------------------------------------------- coverage and its count


def _coverage_line(bt: dict, calibration: dict | None) -> str:
    fc = sample_forecast(6)
    fc["backtest"]["output"]["ets"] = bt
    fc["full_year"]["output"]["calibration"] = calibration
    with language("zh"):
        return _lines(pf.full_year_text(fc), "- 产值")[0]


def test_coverage_is_quoted_over_the_cases_that_had_an_interval():
    # 18 cases scored, only 12 with an interval (n_interval): 10 of 12 inside = 83.3% of 12
    bt = {"mae_pp": 1.2, "n": 18, "n_interval": 12, "coverage80": 0.8333333,
          "coverage80_calibrated": 0.8333333, "kind": "model", "label": "ETS"}  # fmt: skip
    line = _coverage_line(bt, {"80": 1.0, "95": 1.0})
    assert line.endswith("；回测中其80%区间的实际覆盖率为83.3%（12次）。")
    assert "（18次）" not in line


def test_a_widened_interval_never_checked_is_not_given_the_raw_coverage():
    # the shown interval is the raw one x 2.2; 25% is the raw one's coverage (3 of 12)
    bt = {"mae_pp": 0.7, "n": 18, "n_interval": 12, "coverage80": 0.25,
          "coverage80_calibrated": None, "kind": "baseline", "label": "季节朴素法"}  # fmt: skip
    line = _coverage_line(bt, {"80": 2.2, "95": 2.2})
    assert line.endswith(
        "；回测中该方法原有的80%区间实际覆盖率仅25.0%（12次），已按回测加宽，"
        "加宽后的区间未能另行检验，仅供参考。"
    )
    # not widened (factor 1): the raw interval is the one shown, its coverage is quoted
    bt["coverage80"] = 0.9166667
    assert _coverage_line(bt, {"80": 1.0, "95": 1.0}).endswith("实际覆盖率为91.7%（12次）。")


def test_a_coverage_clearly_below_eighty_is_called_rough_on_the_page():
    # 9 of 18 = 50.0% < 0.8 - 2 sqrt(0.16 / 18) = 61.1%: rough; 12 of 18 = 66.7%: not
    bt = {"mae_pp": 1.2, "n": 18, "n_interval": 18, "coverage80": 0.3,
          "coverage80_calibrated": 0.5, "kind": "model", "label": "ETS"}  # fmt: skip
    assert _coverage_line(bt, {"80": 1.4, "95": 1.4}).endswith(
        "实际覆盖率为50.0%（18次），明显低于80%，区间仅供参考。"
    )
    bt["coverage80_calibrated"] = 0.6666667
    assert _coverage_line(bt, {"80": 1.4, "95": 1.4}).endswith("实际覆盖率为66.7%（18次）。")
    # few cases (6 < 10): said so
    bt.update(n_interval=6, coverage80_calibrated=0.8333333)
    assert _coverage_line(bt, {"80": 1.4, "95": 1.4}).endswith(
        "实际覆盖率为83.3%（6次），次数太少，难以判断。"
    )


def test_no_english_model_code_on_the_page():
    fc = pf.worded_results(
        {
            "full_year": {"output": {"model": "comb", "growth_only": False,
                                     "model_spec": "equal-weight mean of ets, airline, theta"},
                          "value_added": {"model": "airline", "growth_only": False,
                                          "model_spec": "SARIMA(0,1,1)(0,1,1)[11] on logs"}},
            "backtest": {"output": {m: {"mae_pp": 1.0} for m in pf.METHOD_LABELS}},
            "notes": [{"code": "dropped", "indicator": "output", "model": "ets",
                       "reason": "no ETS spec could be fitted", "n": 1, "fits": 19}],
        }
    )  # fmt: skip
    words = [e["model_label"] for e in fc["full_year"].values()]
    words += [row["label"] for row in fc["backtest"]["output"].values()] + fc["notes"]
    assert words[:2] == [
        "组合预测（季节性ARIMA模型、指数平滑模型、Theta法等权平均）",
        "季节性ARIMA模型（对数）",
    ]
    for text in words:
        assert not re.search(
            r"(?<![A-Za-z])(ets|airline|theta|snaive|comb|SARIMA|ETS)(?![A-Za-z])", text
        ), text


def test_page_and_draft_state_the_same_bounded_probability():
    # output: p = 0.96 from an ETS backtest of n_interval 12 checks: 12 checks support at
    # most 12 / 13 = 92.3%, so the page says 92%以上（依据12次回测） and the draft 约九成
    from halfyear_lib.text.zh.draft.forecast import forecast_section

    fc = sample_forecast(6)
    fc["full_year"]["output"] |= {
        "p_meet_target": 0.96,
        "p_meet_value_target": 0.96,
        "target_kind": "value",
    }
    fc["backtest"]["output"]["ets"]["n_interval"] = 12
    with language("zh"):
        (line,) = _lines(pf.full_year_text(fc), "- 产值")
    assert "完成目标的概率92%以上（依据12次回测）" in line
    assert "96%" not in line
    res = {"forecast": fc, "labels": {"indicators": {"output": "产值"}}, "period": "2021-06"}
    draft = "".join(s.text for p in forecast_section(res).paragraphs for s in p)
    assert "最多可说约九成" in draft
    fc["full_year"]["output"] |= {"p_meet_target": 0.52}  # within the bounds: as estimated
    with language("zh"):
        (line,) = _lines(pf.full_year_text(fc), "- 产值")
    assert "完成目标的概率约52%" in line and "依据" not in line

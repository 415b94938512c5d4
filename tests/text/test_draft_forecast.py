"""Section 一（二）经济指标预测 of the draft, from a hand-made ``forecast`` results entry.

The entry below is the demo's (2021-06, qingshui), worked by hand:

- output: 192.909535 亿元 (>= 100: whole -> 193), 80% interval 188.880615 -> 189 and
  197.678492 -> 198, growth 19.562644% -> 20%; target 170.0 亿元 -> 170; p = 0.96 but
  the method's interval was checked in n_interval = 12 backtest cases: at most
  12/13 = 0.923 may be claimed -> 把握较大 (>= 0.9), "依据12次回测，最多可说约九成";
  its raw coverage 0.25 and a widening factor 2.2 with no calibrated coverage: the shown
  interval is unchecked -> rough;
- value_added: growth target 8% (amount 43.666412 -> 43.7), p = 0.521 -> 40-70% band;
  calibrated coverage 0.944 in 18 -> fine.
"""

from __future__ import annotations

import copy
import math
import re

import pytest

from halfyear_lib.text.zh import forecast as pf
from halfyear_lib.text.zh.draft import build_draft
from halfyear_lib.text.zh.draft import forecast as df
from halfyear_lib.text.zh.draft.core import lookup


def _bt(n_interval: int, c80, c80_cal, mae: float = 1.0) -> dict:
    return {"mae_pp": mae, "n": 18, "n_interval": n_interval, "coverage80": c80,
            "coverage80_calibrated": c80_cal, "kind": "model"}  # fmt: skip


def demo_results() -> dict:
    fc = {
        "indicators": ["output", "value_added"],
        "labels": {"output": "规上工业总产值", "value_added": "规上工业增加值"},
        "chosen": {"output": "snaive", "value_added": "airline"},
        "nowcast": {},
        "full_year": {
            "output": {
                "value": 192.909535, "yoy_pct": 19.562644, "model": "snaive",
                "growth_only": False, "calibration": {"80": 2.200679, "95": 2.200679},
                "lo80": 188.880615, "hi80": 197.678492,
                "yoy_lo80": 17.065576, "yoy_hi80": 22.518377,
                "target_kind": "value", "target_value": 170.0, "target_amount": 170.0,
                "p_meet_target": 0.96,
            },
            "value_added": {
                "value": 43.730534, "yoy_pct": 8.158594, "model": "airline",
                "growth_only": False, "calibration": {"80": 1.0, "95": 1.0},
                "lo80": 42.556909, "hi80": 44.984919,
                "yoy_lo80": 5.255871, "yoy_hi80": 11.26106,
                "target_kind": "growth_pct", "target_value": 43.0, "target_growth_pct": 8.0,
                "target_amount": 43.666412, "p_meet_target": 0.521,
            },
        },
        "backtest": {
            "output": {"snaive": _bt(12, 0.25, None, 0.690072), "rule": _bt(12, 0.0, None, 1.33)},
            "value_added": {"airline": _bt(18, 0.944444, 0.944444, 0.768139)},
        },
        # the choosing tested on held-out years: the error the draft quotes
        "selection": {
            "output": {"mae_pp": 0.868327, "n": 18, "years": 3},
            "value_added": {"mae_pp": 0.91534, "n": 18, "years": 3},
        },
    }  # fmt: skip
    return {
        "region": "aa",
        "region_name": "甲县",
        "period": "2021-06",
        "period_label": "2021年1-6月",
        "labels": {"indicators": {"output": "规上工业总产值", "value_added": "规上工业增加值"}},
        "indicators": {},
        "forecast": fc,
    }


def section(res: dict) -> list[str]:
    """The section's paragraphs as text."""
    sec = df.forecast_section(res, "全县")
    return ["".join(s.text for s in par) for par in sec.paragraphs]


def test_the_demo_reads_like_a_bureau_text():
    out, va, note = section(demo_results())
    assert out == (
        "预计全年规上工业总产值在189亿—198亿元之间，最可能在193亿元左右，同比增长20%左右；"
        "完成年度目标（170亿元）把握较大（依据12次回测，最多可说约九成）。"
    )
    # below 100 亿元 one decimal (42.56 -> 42.6, 44.98 -> 45.0, 43.73 -> 43.7); 8.16 -> 8
    assert va == (
        "预计全年规上工业增加值在42.6亿—45.0亿元之间，最可能在43.7亿元左右，同比增长8%左右；"
        "完成年度增长目标（8%，约43.7亿元）存在一定不确定性。"
    )
    # errors 0.868 -> 0.9 and 0.915 -> 0.9 print alike: one figure; output's interval is
    # the widened one nobody checked (raw coverage 25% of 12): rough
    assert note == (
        "注：预测采用季节朴素法、季节性ARIMA模型等方法，区间按百分之八十的概率给出；"
        "以往3年回测，全年增速预测平均误差约0.9个百分点；"
        "规上工业总产值的区间在回测中偏窄，仅供参考。"
    )
    assert not re.search(r"[A-Za-z]{2,}", "".join([out, va, note]).replace("ARIMA", ""))


def test_the_trace_keeps_the_raw_values_of_rounded_numbers():
    res = demo_results()
    sec = df.forecast_section(res, "全县")
    slots = {s.path: s for par in sec.paragraphs for sent in par for s in sent.slots}
    value = slots["forecast.full_year.output.value"]
    assert (value.value, value.text) == (192.909535, "193")
    assert (
        slots["forecast.full_year.output.lo80"].text,
        slots["forecast.full_year.output.hi80"].text,
    ) == ("189", "198")
    growth = slots["forecast.full_year.output.yoy_pct"]
    assert (growth.value, growth.text, growth.absolute) == (19.562644, "20", True)
    n = slots["forecast.backtest.output.snaive.n_interval"]
    assert (n.value, n.text) == (12, "12")
    for slot in slots.values():
        assert lookup(res, slot.path) == slot.value


def test_the_whole_draft_quotes_the_section_and_no_english_code():
    res = demo_results()
    draft = build_draft(res)
    texts = [s.text for s in draft.sentences()]
    assert any("最可能在193亿元左右" in t for t in texts)
    for code in ("snaive", "airline", "ets", "theta", "SARIMA", "comb"):
        assert not any(code in t for t in texts), code


# ---------------------------------------------------------------- rounding for speech


@pytest.mark.parametrize(
    ("value", "lo", "hi", "words"),
    [
        (192.9, 188.88, 197.68, "在189亿—198亿元之间，最可能在193亿元左右"),  # >= 100: whole
        (99.94, 95.0, 104.96, "在95.0亿—105.0亿元之间，最可能在99.9亿元左右"),  # < 100: one decimal
        # bounds 150.2 and 150.4 both print 150: one more decimal keeps them apart
        (150.3, 150.2, 150.4, "在150.2亿—150.4亿元之间，最可能在150亿元左右"),
    ],
)
def test_amounts_are_rounded_for_speech(value, lo, hi, words):
    res = demo_results()
    res["forecast"]["full_year"]["output"].update(value=value, lo80=lo, hi80=hi)
    assert words in section(res)[0]


@pytest.mark.parametrize(
    ("growth", "words"),
    [
        (19.56, "同比增长20%左右"),
        (-3.4, "同比下降3%左右"),
        (0.4, "同比基本持平"),
        (-0.4, "同比基本持平"),
    ],
)
def test_growth_is_said_to_the_whole_percent(growth, words):
    res = demo_results()
    res["forecast"]["full_year"]["output"]["yoy_pct"] = growth
    assert words in section(res)[0]
    assert "左右左右" not in section(res)[0]


@pytest.mark.parametrize(
    ("lo", "hi", "words"),
    [
        (5.25, 11.26, "同比增长5%—11%，最可能增长8%左右"),
        (-4.6, -1.2, "同比下降1%—5%，最可能增长8%左右"),
        (-2.4, 11.26, "同比在下降2%至增长11%之间，最可能增长8%左右"),
        (7.7, 8.2, "同比增长7.7%—8.2%"),  # both print 8: one decimal
    ],
)
def test_a_growth_only_projection_gives_a_growth_range(lo, hi, words):
    res = demo_results()
    e = res["forecast"]["full_year"]["value_added"]
    e.update(value=None, growth_only=True, yoy_lo80=lo, yoy_hi80=hi, lo80=None, hi80=None)
    text = section(res)[1]
    assert text.startswith("预计全年规上工业增加值" + words), text
    assert "亿元之间" not in text


# ---------------------------------------------------------------- the chance in words


@pytest.mark.parametrize(
    ("p", "words"),
    [
        (0.90, "完成年度增长目标（8%，约43.7亿元）把握较大"),  # lowest of >= 90%
        (0.899, "有较大可能完成年度增长目标（8%，约43.7亿元）"),
        (0.70, "有较大可能完成年度增长目标"),
        (0.699, "完成年度增长目标（8%，约43.7亿元）存在一定不确定性"),
        (0.40, "存在一定不确定性"),
        (0.399, "完成年度增长目标（8%，约43.7亿元）难度较大"),
    ],
)
def test_each_band_of_the_chance_has_its_words(p, words):
    # value added: n_interval 18 bounds the stated chance to [1/19, 18/19] = [0.053, 0.947]:
    # none of these is bounded, so no note on the count
    res = demo_results()
    res["forecast"]["full_year"]["value_added"]["p_meet_target"] = p
    text = section(res)[1]
    assert words in text
    assert "回测" not in text
    assert df.chance_band(p) == next((b, a) for f, b, a in df.CHANCE_BANDS if p >= f)


def test_a_chance_beyond_what_the_backtest_can_show_is_bounded_and_said_so():
    # n = 12 checks: no more than 12/13 = 0.923 ("约九成"), no less than 1/13 = 0.077
    assert pf.probability_bounds(12) == pytest.approx((1 / 13, 12 / 13))
    assert pf.stated_probability(0.96, 12) == (pytest.approx(12 / 13), 1)
    assert pf.stated_probability(0.5, 12) == (0.5, 0)
    assert pf.stated_probability(0.01, 12) == (pytest.approx(1 / 13), -1)
    assert pf.stated_probability(0.999, None) == (0.999, 0)  # no count: nothing to bound by
    assert df.tenths_word(12 / 13) == "九成"
    assert df.tenths_word(4 / 5) == "八成"  # n = 4: at most 0.8 -> 八成, never rounded up
    res = demo_results()
    e = res["forecast"]["full_year"]["output"]
    # with 4 checks at most 4/5 = 0.8 may be stated: the 0.96 estimate reads 有较大可能
    res["forecast"]["backtest"]["output"]["snaive"]["n_interval"] = 4
    assert section(res)[0].endswith(
        "有较大可能完成年度目标（170亿元）（依据4次回测，最多可说约八成）。"
    )
    # at the low end: 0.01 with 12 checks is stated as 1/13 (< 0.4: 难度较大), said so
    res = demo_results()
    res["forecast"]["full_year"]["output"]["p_meet_target"] = 0.01
    assert section(res)[0].endswith(
        "完成年度目标（170亿元）难度较大（依据12次回测，尚不能排除完成的可能）。"
    )
    # within the bounds but from few checks (6 < 10): the count is said
    res = demo_results()
    res["forecast"]["backtest"]["output"]["snaive"]["n_interval"] = 6
    e = res["forecast"]["full_year"]["output"]
    e["p_meet_target"] = 0.75  # within [1/7, 6/7]
    assert section(res)[0].endswith("有较大可能完成年度目标（170亿元）（仅依据6次回测）。")


def test_no_probability_no_chance_clause():
    res = demo_results()
    res["forecast"]["full_year"]["output"]["p_meet_target"] = None
    assert section(res)[0].endswith("同比增长20%左右。")


# ---------------------------------------------------------------- the note


def _note(res: dict) -> str:
    return section(res)[-1]


def test_the_note_quotes_a_range_of_errors_when_they_differ():
    res = demo_results()
    res["forecast"]["selection"]["value_added"]["mae_pp"] = 3.704379  # -> 3.7
    assert "全年增速预测平均误差在0.9—3.7个百分点之间" in _note(res)


@pytest.mark.parametrize(
    ("bt", "calibration", "rough"),
    [
        # widened (2.2) and the widened interval never checked: rough
        (_bt(12, 0.25, None), 2.2, True),
        # not widened, raw coverage 0.917 of 12 shown as is: fine
        (_bt(12, 0.916667, None), 1.0, False),
        # calibrated coverage 0.5 of 18: below 0.8 - 2 sqrt(0.16/18) = 0.611 -> poor
        (_bt(18, 0.4, 0.5), 1.5, True),
        # 0.65 of 18 is above 0.611: within chance of 80%, not poor
        (_bt(18, 0.4, 0.65), 1.5, False),
        # 0.6 of 12: above 0.8 - 2 sqrt(0.16/12) = 0.569, not poor
        (_bt(12, 0.6, None), 1.0, False),
    ],
)
def test_an_interval_the_backtest_found_too_narrow_is_called_rough(bt, calibration, rough):
    res = demo_results()
    res["forecast"]["backtest"]["output"]["snaive"] = bt
    res["forecast"]["full_year"]["output"]["calibration"] = {"80": calibration}
    assert pf.interval_check(res["forecast"], "output").rough is rough
    assert ("规上工业总产值的区间在回测中偏窄，仅供参考" in _note(res)) is rough


def test_few_checks_are_said_in_the_note():
    res = demo_results()
    res["forecast"]["backtest"]["value_added"]["airline"]["n_interval"] = 7
    assert _note(res).endswith(
        "；规上工业总产值的区间在回测中偏窄，仅供参考；规上工业增加值的区间回测次数较少，仅供参考。"
    )


def test_poor_coverage_threshold_is_two_standard_errors_below_eighty():
    check = pf.IntervalCheck("p", 12, 0.57, 0.57, False)
    assert 0.8 - 2 * math.sqrt(0.16 / 12) == pytest.approx(0.5690, abs=1e-4)
    assert not check.poor  # 0.57 >= 0.569
    assert pf.IntervalCheck("p", 12, 0.56, 0.56, False).poor


def test_without_backtest_record_the_note_names_the_methods_only():
    res = demo_results()
    del res["forecast"]["selection"]
    res["forecast"]["backtest"] = {}
    assert (
        _note(res) == "注：预测采用季节朴素法、季节性ARIMA模型等方法，区间按百分之八十的概率给出。"
    )


def test_the_half_year_nowcast_has_no_target_clause():
    res = demo_results()
    res |= {"period": "2021-05", "period_label": "2021年1-5月"}
    fc = res["forecast"]
    fc["nowcast"] = {"output": copy.deepcopy(fc["full_year"]["output"])}
    fc["nowcast"]["output"].update(value=90.051976, yoy_pct=26.739601, lo80=89.033808,
                                   hi80=91.192773)  # fmt: skip
    fc["full_year"] = {}
    fc["chosen_nowcast"] = {"output": "snaive"}
    text = section(res)[0]
    assert text == (
        "预计上半年规上工业总产值在89.0亿—91.2亿元之间，最可能在90.1亿元左右，同比增长27%左右。"
    )

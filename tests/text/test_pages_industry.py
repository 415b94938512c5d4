"""02's sentences: direction words follow the signs, claims need the data to carry them."""

from __future__ import annotations

import re

import pytest

from halfyear_lib.analysis import required, trends, value_added
from halfyear_lib.analysis.highlights import highlights_and_problems
from halfyear_lib.data.loading import load_dataset
from halfyear_lib.data.periods import Period
from halfyear_lib.paths import DEMO_DATA_DIR
from halfyear_lib.text.zh import industry as page

# a negative rate must never be printed after a word that already says "up"
WRONG_SIGN = re.compile(r"(增长|上涨|抬高|高于|前移)-\d")


@pytest.fixture(scope="module")
def demo():
    return load_dataset(DEMO_DATA_DIR)


def test_the_epidemic_half_year_reads_as_a_fall(demo):
    # 2020 1-6月 in the demo: output and value added fell, prices fell
    p = Period(2020, 6)
    est = value_added.value_added_estimate(demo, "qingshui", p)
    pr = value_added.prices(demo, "qingshui", p)
    texts = [page.value_added_text(est), page.prices_text(pr),
             page.required_text(required.required_all(demo, "qingshui", p))]  # fmt: skip
    for text in texts:
        assert not WRONG_SIGN.search(text), text
    assert est.real_yoy_pct < 0 and f"可比价下降{-est.real_yoy_pct:.1f}%" in texts[0]
    assert pr.gap_pp < 0 and "价格下跌拉低产值名义增速" in texts[1] and "打折扣" not in texts[1]


def test_the_demo_half_year_reads_as_growth(demo):
    pr = value_added.prices(demo, "qingshui", Period(2021, 6))
    text = page.prices_text(pr)
    assert "抬高产值增速3.7个百分点" in text and "同比上涨8.8%" in text


def test_every_period_claims_need_two_periods(demo):
    # at 1-2月 there is one period: no "各期" streak and no streak highlight
    tr = trends.trends(demo, "qingshui", Period(2021, 2))
    assert not any(s.double_digit_all_year or s.rank_top_all_year for s in tr.summaries.values())
    assert "各期" not in page.trend_text(tr)


def test_a_growth_target_governs_and_a_small_group_gives_no_top_rank():
    facts = {
        "indicators": {
            # value added has a growth target (8%) and a value target 47.3% done at 1-6月
            "value_added": {"yoy_pct": 13.8, "target_growth_pct": 8.0, "growth_gap_pp": 5.8,
                            "schedule_gap_pp": -2.7, "target_share_pct": 47.3,
                            "rank_city": 2, "rank_city_of": 3},
        }
    }  # fmt: skip
    good, bad = highlights_and_problems(facts)
    kinds = {i["kind"] for i in good + bad}
    assert "above_target_growth" in kinds and "behind_schedule" not in kinds
    assert "top_rank" not in kinds  # 2nd of only 3 units


def test_a_steady_rank_and_a_month_fall_are_said(demo):
    from halfyear_lib.text.zh.indicators import highlight_text

    tr = trends.trends(demo, "lanxi", Period(2021, 5))
    ranks = tr.frames["value_added"]["rank_city"]
    assert ranks.nunique() == 1 and len(ranks) == 4  # 5th in 1-2月 .. 1-5月
    assert f"各期均居全市第{int(ranks.iloc[0])}位" in page.trend_text(tr)
    item = {"kind": "month_decline", "indicator": "value_added",
            "numbers": {"month_yoy_pct": -0.2, "month": 6, "yoy_pct": 13.8}}  # fmt: skip
    assert highlight_text(item).startswith("规上工业增加值6月当月同比下降0.2%")


def test_a_change_that_rounds_to_zero_is_flat_not_a_fall():
    from halfyear_lib.text.zh.industry import _rise

    assert _rise(-0.04) == "持平"
    assert _rise(0.06) == "上涨0.1%"
    assert _rise(-2.04) == "下降2.0%"

"""Trends, two-year averages, rank moves and streaks checked against numbers worked by hand."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import make_dataset

from halfyear_lib.analysis.trends import (
    rank_streak,
    streak,
    trend,
    trends,
    two_year_average,
    two_year_averages,
    two_year_averages_to_results,
)
from halfyear_lib.data.periods import Period

REGIONS = [
    {"region_id": "c", "name": "江洲市", "kind": "city", "parent_id": None, "rank_groups": ""},
    *[
        {"region_id": r, "name": n, "kind": "county", "parent_id": "c", "rank_groups": "city"}
        for r, n in (("a", "甲县"), ("b", "乙县"), ("d", "丁县"))
    ],
]


def row(region, indicator, year, month, value=None, yoy=None, **extra):
    return {
        "region_id": region,
        "indicator": indicator,
        "year": year,
        "month": month,
        "value": value,
        "yoy_pct": yoy,
        "unit": "亿元",
        **extra,
    }


def worked_rows():
    return [
        # county a, output growth 2021: 1-2月 44.0, 1-3月 21.0, 1-4月 computed from the
        # levels 110 / 100 - 1 = 10.0, 1-5月 9.0 with a published rank 3 of 11
        row("a", "output", 2021, 2, None, 44.0),
        row("a", "output", 2021, 3, None, 21.0),
        row("a", "output", 2021, 4, 110.0, None),
        row("a", "output", 2021, 5, None, 9.0, rank_city=3, rank_city_of=11),
        row("a", "output", 2021, 6, None, 30.0),  # after the periods tested below
        # same periods of 2020: 0.0, 21.0, 10.0 (the 1-4月 level 100 too); no 1-5月
        row("a", "output", 2020, 2, None, 0.0),
        row("a", "output", 2020, 3, None, 21.0),
        row("a", "output", 2020, 4, 100.0, 10.0),
        # peers: 1-2月 b 50, d 30; 1-3月 b 20, d 30; 1-4月 b 5, d 8; 1-5月 b 5, d 8
        *[
            row(r, "output", 2021, m, None, g)
            for r, gs in (("b", (50.0, 20.0, 5.0, 5.0)), ("d", (30.0, 30.0, 8.0, 8.0)))
            for m, g in zip((2, 3, 4, 5), gs, strict=True)
        ],
        # a's value added: growth only, 1-4月 missing (a gap in the year)
        row("a", "value_added", 2021, 2, None, 15.0),
        row("a", "value_added", 2021, 3, None, 12.0),
        row("a", "value_added", 2021, 5, None, 11.0),
    ]


@pytest.fixture
def ds():
    return make_dataset(regions=REGIONS, indicators=worked_rows())


def test_two_year_average_by_hand():
    # sqrt(1.21 x 1.00) - 1 = 10.0%; sqrt(1.21 x 0.64) = sqrt(0.7744) = 0.88 -> -12.0%
    assert two_year_average(21.0, 0.0) == pytest.approx(10.0)
    assert two_year_average(21.0, -36.0) == pytest.approx(-12.0)
    assert two_year_average(21.0, None) is None and two_year_average(float("nan"), 3.0) is None


def test_trend_growth_two_year_average_and_ranks(ds):
    t = trend(ds, "a", "output", Period(2021, 5))
    assert list(t["period"]) == ["2021-02", "2021-03", "2021-04", "2021-05"]
    assert list(t["label"]) == ["1-2月", "1-3月", "1-4月", "1-5月"]
    assert list(t["yoy_pct"]) == pytest.approx([44.0, 21.0, 10.0, 9.0])
    assert list(t["yoy_source"]) == ["official", "official", "computed", "official"]
    # two-year averages: sqrt(1.44 x 1.00) - 1 = 20.0; sqrt(1.21 x 1.21) - 1 = 21.0;
    # sqrt(1.10 x 1.10) - 1 = 10.0; 1-5月 2020 is missing -> None
    assert list(t["two_year_avg_pct"].iloc[:3]) == pytest.approx([20.0, 21.0, 10.0])
    assert pd.isna(t["two_year_avg_pct"].iloc[3]) and pd.isna(t["yoy_prev_pct"].iloc[3])
    # ranks among a, b, d: 1-2月 b 50 > a 44 > d 30 -> 2nd; 1-3月 d 30 > a 21 > b 20 -> 2nd;
    # 1-4月 a 10 > d 8 > b 5 -> 1st; 1-5月 the published 3rd of 11 wins over computed 1st
    assert list(t["rank_city"]) == [2, 2, 1, 3]
    assert list(t["rank_city_of"]) == [3, 3, 3, 11]
    assert list(t["rank_city_source"]) == ["computed"] * 3 + ["published"]
    # moves (positive = up): vs previous NA, 2-2 = 0, 2-1 = +1, 1-3 = -2; vs first 0, 0, +1, -1
    assert list(t["rank_change_prev"].iloc[1:]) == [0, 1, -2]
    assert list(t["rank_change_since_first"]) == [0, 0, 1, -1]


def test_streaks_and_summary(ds):
    april = trends(ds, "a", Period(2021, 4), indicators=("output", "value_added"))
    s = april.summaries["output"]
    # 44.0, 21.0, 10.0: double-digit in every period 1-2月 .. 1-4月
    assert (s.growth_streak_periods, s.double_digit_all_year) == (3, True)
    # ranks 2, 2, 1: in the top 3 every period; moved up 1 since 1-2月 and since 1-3月
    assert (s.rank_top_streak_periods, s.rank_top_all_year) == (3, True)
    assert (s.rank_change_since_first, s.rank_change_last) == (1, 1)
    may = trends(ds, "a", Period(2021, 5), indicators=("output", "value_added"))
    s5 = may.summaries["output"]
    # 1-5月 9.0 < 10: the streak is broken at the latest period; rank 3 of 11
    assert (s5.growth_streak_periods, s5.double_digit_all_year) == (0, False)
    assert (s5.rank_change_since_first, s5.rank_change_last, s5.rank_latest) == (-1, -2, 3)
    # growth-only value added: 15, 12, 11 all >= 10, but 1-4月 is missing: no "all year"
    va = may.summaries["value_added"]
    assert va.growth_streak_periods == 3 and va.double_digit_all_year is False
    # only a has value added: 1st of 1 each period; the last move is against 1-3月, the
    # period before with data: 1 - 1 = 0
    assert (va.rank_latest, va.rank_change_last) == (1, 0)


def test_streak_uses_published_rounding():
    # 9.95 is published as 10.0 (half up) and counts; 9.94 is published 9.9 and breaks it
    f = pd.DataFrame({"yoy_pct": [12.0, 9.95, 10.04], "rank_city": [1, 4, 2]})
    assert streak(f, 10) == 3
    assert streak(f.assign(yoy_pct=[12.0, 9.94, 11.0]), 10) == 1
    assert rank_streak(f, 3) == 1 and rank_streak(f, 4) == 3


def test_later_data_change_nothing(ds):
    rows = [r for r in worked_rows() if (r["year"], r["month"]) <= (2021, 4)]
    cut = make_dataset(regions=REGIONS, indicators=rows)
    april = Period(2021, 4)
    assert trends(ds, "a", april).to_results() == trends(cut, "a", april).to_results()
    assert trends(ds, "a", Period(2021, 5)).to_results() != trends(cut, "a", april).to_results()


def test_results_keys_and_two_year_averages(ds):
    res = trends(ds, "a", Period(2021, 4)).to_results()
    first = res["trend"]["output"][0]
    assert first == {
        "period": "2021-02", "label": "1-2月", "yoy_pct": 44.0, "yoy_source": "official",
        "yoy_prev_pct": 0.0, "two_year_avg_pct": pytest.approx(20.0), "rank_city": 2,
        "rank_city_of": 3, "rank_change_prev": None, "rank_change_since_first": 0,
    }  # fmt: skip
    assert res["trend"]["tech_investment"] == []  # no data: an empty trend, no crash
    summary = res["trend_summary"]["output"]
    assert {"rank_change_since_first", "rank_change_last", "growth_streak_periods",
            "double_digit_all_year"} <= set(summary)  # fmt: skip
    avgs = two_year_averages(ds, "a", Period(2021, 4))
    assert avgs["output"] == pytest.approx(10.0) and avgs["value_added"] is None
    merged = two_year_averages_to_results(avgs)
    assert merged["indicators"]["output"]["two_year_avg_pct"] == pytest.approx(10.0)


def test_unit_outside_the_rank_group_has_no_rank():
    ds = make_dataset(regions=REGIONS, indicators=[row("c", "output", 2021, 2, None, 12.0)])
    t = trend(ds, "c", "output", Period(2021, 2))
    assert t["yoy_pct"].tolist() == [12.0] and pd.isna(t["rank_city"].iloc[0])


def test_demo_qingshui_value_added_two_year_average():
    from halfyear_lib.data.loading import load_dataset
    from halfyear_lib.paths import DEMO_DATA_DIR

    ds = load_dataset(DEMO_DATA_DIR)
    raw = pd.read_csv(DEMO_DATA_DIR / "indicators.csv")
    va = raw[(raw.region_id == "qingshui") & (raw.indicator == "value_added")]
    g = va.set_index(["year", "month"])["yoy_pct"]
    # by hand from the CSV: 1-6月 2021 +13.8%, 2020 -2.6%:
    # sqrt(1.138 x 0.974) - 1 = sqrt(1.108412) - 1 = 5.28%
    assert (g[2021, 6], g[2020, 6]) == (13.8, -2.6)
    by_hand = ((1 + g[2021, 6] / 100) * (1 + g[2020, 6] / 100)) ** 0.5 * 100 - 100
    assert by_hand == pytest.approx(5.28, abs=0.01)
    june = Period(2021, 6)
    assert two_year_averages(ds, "qingshui", june)["value_added"] == pytest.approx(by_hand)
    t = trends(ds, "qingshui", june)
    f = t.frames["value_added"]
    assert list(f["yoy_pct"]) == [g[2021, m] for m in range(2, 7)]
    assert list(f["yoy_prev_pct"]) == [g[2020, m] for m in range(2, 7)]
    assert f["two_year_avg_pct"].iloc[-1] == pytest.approx(by_hand)
    # the growth stayed double-digit every period of 2021 (40.7 ... 13.8)
    assert t.summaries["value_added"].double_digit_all_year
    assert f["rank_city"].notna().all() and (f["rank_city"] >= 1).all()
    # the latest period of every trend agrees with the headline table (growth and rank)
    from halfyear_lib.analysis.indicators import headline

    head = headline(ds, "qingshui", june)
    for code, frame in t.frames.items():
        last = frame.iloc[-1]
        assert last["yoy_pct"] == head.row(code).yoy_pct
        assert (last["rank_city"], last["rank_city_of"]) == (
            head.row(code).rank_city,
            head.row(code).rank_city_of,
        )

"""Baselines worked by hand on forecast_data's tables.

2020 cumulative: 1-6月 66, 1-12月 132 (11 a month after Jan-Feb 22).
2021: Jan-Feb 24.2, Mar-May 12.1 each, June 14.3: 1-6月 74.8, growth 74.8/66 - 1 = 13.333%.
"""

from __future__ import annotations

import pytest
from conftest import make_dataset
from forecast_data import REGIONS, small_levels

from halfyear_lib.forecast import baselines
from halfyear_lib.forecast.series import history


@pytest.fixture
def h():
    return history(small_levels(), "aa", "output")


def test_rule_keeps_the_growth_so_far(h):
    p = baselines.rule(h, 2021, 6, 12)
    # G(12) = G(6) = 13.333%; C(12) = 132 x 1.13333 = 149.6
    assert p.growth == pytest.approx(13.3333, abs=1e-3)
    assert p.amount == pytest.approx(149.6)


def test_seasonal_naive_uses_the_latest_three_months_growth(h):
    p = baselines.snaive(h, 2021, 6, 12)
    # Apr-Jun 2021: 12.1 + 12.1 + 14.3 = 38.5 against 11 x 3 = 33: g3 = 16.667%
    # C(12) = 74.8 + (132 - 66) x 1.16667 = 74.8 + 77 = 151.8; growth 151.8/132 - 1 = 15%
    assert p.amount == pytest.approx(151.8)
    assert p.growth == pytest.approx(15.0)


def test_shares_take_the_geometric_mean_of_recent_years(h):
    p = baselines.shares(h, 2021, 6, 12)
    # shares of 1-6月 in 1-12月: 2020 66/132 = 0.5, 2019 60/132 = 0.454545
    # s = sqrt(0.5 x 0.454545) = 0.4767313; C(12) = 74.8 / 0.4767313 = 156.9018
    assert p.amount == pytest.approx(156.9018, abs=1e-3)
    assert p.growth == pytest.approx((156.9018 / 132 - 1) * 100, abs=1e-3)


def test_shares_with_one_year_is_the_rule(h):
    one_year = history(small_levels(), "aa", "output")
    one_year.level = one_year.level.drop(index=2019)
    assert baselines.shares(one_year, 2021, 6, 12).amount == pytest.approx(
        baselines.rule(h, 2021, 6, 12).amount
    )


def test_drift_adds_the_average_change_of_past_years():
    rows = []
    for year, g in ((2019, {6: 3.0, 12: 2.0}), (2020, {6: 5.0, 12: 7.0}), (2021, {6: 10.0})):
        for month, rate in g.items():
            rows.append(
                {"region_id": "aa", "indicator": "output", "year": year, "month": month}
                | {"yoy_pct": rate}
            )
    h = history(make_dataset(regions=REGIONS, indicators=rows), "aa", "output")
    # 10 + mean(7 - 5, 2 - 3) = 10 + 0.5
    p = baselines.drift(h, 2021, 6, 12)
    assert p.growth == pytest.approx(10.5)
    assert p.amount is None
    assert baselines.rule(h, 2021, 6, 12) == baselines.Point(10.0)


def test_baselines_need_what_they_use(h):
    # no data of 2022: nothing to project from
    assert baselines.rule(h, 2022, 6, 12) is None
    assert baselines.snaive(h, 2022, 6, 12) is None
    assert baselines.shares(h, 2022, 6, 12) is None
    assert baselines.drift(h, 2022, 6, 12) is None

"""Backtest scores and the choice of method, on hand-made cases."""

from __future__ import annotations

import numpy as np
import pytest
from forecast_data import small_levels

from halfyear_lib.forecast.backtest import (
    Case,
    add_baseline_intervals,
    cases_for,
    choose,
    residuals,
    scores,
    selection_check,
)
from halfyear_lib.forecast.projection import FitPaths
from halfyear_lib.forecast.series import history


@pytest.fixture
def small_history_fits():
    """2021's levels to 1-6月 (74.8) with a fake combination fit at 1-6月: six months of
    12, so 1-12月 = 74.8 + 72 = 146.8; a published 1-12月 growth gives the case an outcome."""
    h = history(small_levels(), "aa", "output")
    h.growth.loc[2021, 12] = (146.8 / 132 - 1) * 100
    comb = FitPaths(
        "comb", "fake", np.cumsum(np.full(6, 12.0)), np.full((4, 6), 1.0).cumsum(1) * 12
    )
    return h, {(2021, 6): {"comb": comb}}


def case(method, year, origin, point, actual, scored=True):
    return Case("output", method, year, origin, 12, 12 - origin, point, actual, scored)


def test_mae_and_bias_in_points():
    cases = [
        case("rule", 2018, 6, 11.0, 10.0),  # error +1
        case("rule", 2019, 6, 9.0, 10.0),  # error -1
        case("rule", 2020, 6, 12.0, 10.0),  # error +2
    ]
    t = scores(cases, "output", 12).set_index("method")
    assert t.loc["rule", "mae_pp"] == pytest.approx(4 / 3)
    assert t.loc["rule", "bias_pp"] == pytest.approx(2 / 3)  # too optimistic
    assert t.loc["rule", "n"] == 3


def test_the_lowest_error_wins_over_shared_cases_and_ties_go_to_the_rule():
    years = (2018, 2019, 2020)
    cases = [case("rule", y, 6, 10 + e, 10) for y, e in zip(years, (1, -1, 2), strict=True)]
    cases += [case("snaive", y, 6, 10.5, 10) for y in years]  # MAE 0.5
    cases += [case("comb", 2018, 6, 10.0, 10)]  # perfect once: too few cases to be eligible
    assert choose(cases, "output", 12) == "snaive"
    tie = [case("shares", y, 6, 10 + e, 10) for y, e in zip(years, (1, 1, 1), strict=True)]
    tie += [case("rule", y, 6, 10 - e, 10) for y, e in zip(years, (1, 1, 1), strict=True)]
    assert choose(tie, "output", 12) == "rule"
    # unscored years do not count
    assert choose([case("rule", 2017, 6, 10, 10, scored=False)], "output", 12) is None


def test_baseline_intervals_use_only_errors_of_earlier_years():
    cases = []
    for year in (2016, 2017, 2018):
        for origin in (6, 7, 8, 9, 10, 11):
            # errors of 1 point in 2016, 2 in 2017, 3 in 2018 (actual above the point)
            cases.append(case("rule", year, origin, 10.0, 10.0 + (year - 2015)))
    add_baseline_intervals(cases)
    # 2016 has nothing earlier, 2017 the errors of one year only: no interval
    assert all(c.interval is None for c in cases if c.year in (2016, 2017))
    # errors in units of s(h, 12) = sqrt(h) / 11: a 1-point miss with 6 months left is
    # 1 x 11 / sqrt(6) = 4.49; with one month left 11
    res, n_years = residuals(cases, "rule", before_year=2017)
    assert n_years == 1 and len(res) == 6
    assert sorted(res) == pytest.approx(sorted(11 / (12 - o) ** 0.5 for o in range(6, 12)))
    # 2018 at 1-11月 (one month left, s = 1/11): errors of 2016-2017 reach 2 points at most,
    # so the interval tops out at 10 + 2 = 12; a look-ahead would have seen 2018's 3 points
    c2018 = [c for c in cases if c.year == 2018 and c.origin == 11][0]
    assert c2018.interval.bounds[95][1] <= 12.0 + 1e-9
    assert c2018.interval.bounds[95][1] > 11.0


def test_a_model_that_cannot_be_fitted_is_scored_with_its_stand_in(small_history_fits):
    h, fits = small_history_fits
    cases = cases_for(h, ("rule", "ets", "comb"), [2021], {2021}, {12: [6]}, fits)
    by = {c.method: c for c in cases}
    # ets was dropped at this origin: the combination answers for it, and says so
    assert by["ets"].stand_in == "comb"
    assert by["ets"].point == pytest.approx(by["comb"].point)
    assert by["comb"].stand_in is None
    # without a combination either, the analyst's rule answers
    fits[(2021, 6)].pop("comb")
    by = {c.method: c for c in cases_for(h, ("rule", "ets"), [2021], {2021}, {12: [6]}, fits)}
    assert by["ets"].stand_in == "rule" and by["ets"].point == pytest.approx(by["rule"].point)
    # an origin without any fit (no data there) gives no case at all
    assert cases_for(h, ("rule", "ets"), [2021], {2021}, {12: [7]}, fits) == []


def test_the_choosing_is_tested_on_years_it_did_not_see():
    # snaive is best in 2018 and 2019 but far off in 2020; the rule is steady
    cases = [case("rule", y, 6, 11.0, 10.0) for y in (2018, 2019, 2020)]  # error +1 each
    cases += [case("snaive", 2018, 6, 10.0, 10.0), case("snaive", 2019, 6, 10.0, 10.0)]
    cases += [case("snaive", 2020, 6, 16.0, 10.0)]  # error +6
    # on all years: rule MAE 1, snaive MAE 2 -> the rule is chosen
    assert choose(cases, "output", 12) == "rule"
    # leave 2018 out: rule 1 vs snaive 3 -> rule, error +1 on 2018
    # leave 2019 out: the same -> rule, +1 on 2019
    # leave 2020 out: rule 1 vs snaive 0 -> snaive, +6 on 2020
    check = selection_check(cases, "output", 12)
    assert check["mae_pp"] == pytest.approx((1 + 1 + 6) / 3)
    assert check["n"] == 3 and check["years"] == 3
    assert selection_check([c for c in cases if c.year == 2018], "output", 12) is None

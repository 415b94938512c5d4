"""One target per indicator and year, worked by hand (DESIGN.md "One target per indicator
and year")."""

from __future__ import annotations

import pytest
from test_required import JUNE, make, row, target

from halfyear_lib.analysis.targets import annual_targets, main_target, year_base


def test_year_base_keeps_the_ratio_of_the_comparable_base_to_last_years_level():
    # B_6 = 21 against last year's published 20 at 1-6月, last year's total 50:
    # the year's comparable base = 21 x 50 / 20 = 52.5
    assert year_base(21.0, 20.0, 50.0) == (pytest.approx(52.5), "comparable_base")
    # no base: last year's level
    assert year_base(None, 20.0, 50.0) == (50.0, "last_year")
    assert year_base(21.0, None, None) == (None, None)


def test_a_unit_with_both_targets_has_two_each_with_its_amount():
    rows = [
        row("value_added", 2020, 6, 20.0),
        row("value_added", 2020, 12, 50.0),
        row("value_added", 2021, 6, 23.0, None, base=21.0),
    ]
    targets = [target("value_added", 10.0, "growth_pct"), target("value_added", 60.0)]
    got = annual_targets(make(rows, targets), "a", "value_added", JUNE)
    # amount target: itself; growth target 10%: 52.5 x 1.10 = 57.75
    assert got["value"].amount == 60.0 and got["value"].basis == "amount"
    g = got["growth_pct"]
    assert g.amount == pytest.approx(57.75) and g.year_base == pytest.approx(52.5)
    assert g.basis == "comparable_base" and g.given == 10.0
    # the one a summary quotes for what the rest of the year needs: the growth target
    assert main_target(got) is g
    assert main_target({"value": got["value"]}) is got["value"]
    assert main_target({}) is None


def test_growth_target_without_last_years_levels_has_no_amount():
    rows = [row("value_added", 2021, 6, None, 15.0, base=21.0)]
    got = annual_targets(make(rows, [target("value_added", 8.0, "growth_pct")]), "a",
                         "value_added", JUNE)  # fmt: skip
    assert got["growth_pct"].amount is None and got["growth_pct"].basis is None


def test_what_the_rest_needs_and_the_odds_measure_one_amount_on_the_demo():
    """Page 02 and the draft's "后6个月需…月均需完成…" used last year's total x 1.08 (42.84
    亿元) while the forecast's odds used the comparable base x 1.08 (43.67): one target now."""
    from halfyear_lib.analysis.required import required_growth
    from halfyear_lib.data.loading import load_dataset
    from halfyear_lib.forecast.projection import target_threshold
    from halfyear_lib.forecast.series import history
    from halfyear_lib.paths import DEMO_DATA_DIR

    ds = load_dataset(DEMO_DATA_DIR)
    need = required_growth(ds, "qingshui", "value_added", JUNE)
    target = annual_targets(ds, "qingshui", "value_added", JUNE)["growth_pct"]
    # the forecast's base of the year, as its odds use it
    forecast_base = history(ds, "qingshui", "value_added").projected_base(2021, 6, 12)
    assert target.year_base == pytest.approx(forecast_base)
    assert need.target_amount == pytest.approx(forecast_base * 1.08) == target.amount
    # what the rest needs adds up to that amount: 20.35 + 6 x 3.886 = 43.67
    assert need.ytd + 6 * need.monthly_needed == pytest.approx(target.amount)

    class P:  # a projection of the year landing exactly on the target amount
        base = forecast_base

    assert target_threshold(P, "value", target.amount) == pytest.approx(8.0)

"""Properties of halfyear_lib.analysis.ranks on generated growth rates.

- round_published: half away from zero to 0.1, as releases print (0.05 -> 0.1, -0.05 -> -0.1).
- rank_table: competition ranking ("1224") of the published rates, descending: a unit's rank
  is 1 + the number of units with a strictly higher published rate.

Hypothesis runs derandomized and without an example database (same examples every run).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from halfyear_lib.analysis.ranks import rank_of, rank_table, round_published

PROPERTIES = settings(max_examples=200, deadline=None, derandomize=True, database=None)
FEWER = settings(PROPERTIES, max_examples=50)  # one rank_of call per unit: slower examples

# growth rates in percent as they arrive: two or three decimals, or any float in range
hundredths = st.integers(min_value=-10_000, max_value=100_000)
rates = st.one_of(
    hundredths.map(lambda n: n / 100),
    st.integers(min_value=-100_000, max_value=1_000_000).map(lambda n: n / 1000),
    st.floats(min_value=-100, max_value=1_000, allow_nan=False),
)
# few distinct values, so ties (before and after rounding) are common
tie_prone = st.integers(min_value=-12, max_value=12).map(lambda n: n / 40)
rate_lists = st.lists(st.one_of(rates, tie_prone) | st.none(), min_size=1, max_size=15)


def growth_frame(values: list[float | None]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "region_id": [f"u{i:02d}" for i in range(len(values))],
            "yoy_pct": pd.array(values, dtype="Float64").astype("float64"),
        }
    )


# ----------------------------------------------------------------------------- rounding


@PROPERTIES
@given(hundredths)
def test_round_published_is_half_away_from_zero_on_typed_decimals(n):
    # 14.25 -> 14.3, -3.25 -> -3.3, 0.05 -> 0.1, -0.05 -> -0.1 (Python's round gives 14.2)
    typed = Decimal(n) / 100
    expected = float(typed.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    assert round_published(float(typed)) == expected
    assert round_published(-float(typed)) == -expected


@PROPERTIES
@given(rates)
def test_round_published_is_the_nearest_tenth(x):
    r = round_published(x)
    assert abs(r - x) <= 0.05 + 1e-9
    assert Decimal(repr(r)).as_tuple().exponent >= -1  # prints with at most one decimal
    assert round_published(r) == r  # published figures stay as they are
    assert round_published(-x) == -r  # symmetric about zero


@PROPERTIES
@given(rates, rates)
def test_round_published_keeps_the_order(x, y):
    if x <= y:
        assert round_published(x) <= round_published(y)
    else:
        assert round_published(x) >= round_published(y)


def test_round_published_of_missing_is_nan():
    assert math.isnan(round_published(None))
    assert math.isnan(round_published(float("nan")))


# ----------------------------------------------------------------------------- ranks


@PROPERTIES
@given(rate_lists)
def test_rank_is_one_plus_the_units_published_strictly_higher(values):
    table = rank_table(growth_frame(values), [f"u{i:02d}" for i in range(len(values))])
    published = {f"u{i:02d}": round_published(v) for i, v in enumerate(values) if v is not None}
    assert set(table["region_id"]) == set(published)  # units without a rate are not ranked
    for rid, rank in zip(table["region_id"], table["rank"], strict=True):
        assert rank == 1 + sum(p > published[rid] for p in published.values())
    ranks = list(table["rank"])
    if ranks:
        assert min(ranks) == 1  # someone is first
        assert max(ranks) <= len(ranks)  # no rank beyond the number of units ranked
        assert ranks == sorted(ranks)  # the table comes in rank order
    # competition ranking "1224": a tie of t units at rank r is followed by rank r + t
    distinct = sorted(set(ranks))
    for r, following in zip(distinct, distinct[1:], strict=False):
        assert following == r + ranks.count(r)


@PROPERTIES
@given(rate_lists, st.randoms(use_true_random=False))
def test_ranks_do_not_depend_on_the_order_of_the_rows(values, rnd):
    frame = growth_frame(values)
    members = list(frame["region_id"])
    shuffled = frame.sample(frac=1, random_state=rnd.randint(0, 2**31 - 1))
    a = rank_table(frame, members)
    b = rank_table(shuffled, list(reversed(members)))
    pd.testing.assert_frame_equal(a, b)


@FEWER
@given(rate_lists, st.data())
def test_rank_of_agrees_with_rank_table_for_any_group(values, data):
    frame = growth_frame(values)
    ids = list(frame["region_id"])
    in_group = data.draw(st.lists(st.sampled_from(ids), unique=True, min_size=1))
    regions = pd.DataFrame(
        {"region_id": ids, "rank_groups": ["city" if i in in_group else "" for i in ids]}
    )
    table = rank_table(frame, in_group)
    assert set(table["region_id"]) <= set(in_group)  # only members are ranked
    for rid in ids:
        r = rank_of(frame, regions, rid, "city")
        assert r.of == len(table)
        hit = table.loc[table["region_id"] == rid, "rank"]
        alone = in_group == [rid]  # a group of one is no ranking (never against itself)
        assert r.rank == (int(hit.iloc[0]) if len(hit) and not alone else None)
        if r.rank is not None:
            assert 1 <= r.rank <= r.of


@PROPERTIES
@given(rate_lists)
def test_rates_equal_when_published_share_a_rank(values):
    table = rank_table(growth_frame(values), [f"u{i:02d}" for i in range(len(values))])
    by_published = table.groupby("yoy_published")["rank"].nunique()
    assert (by_published == 1).all()
    # and a higher published rate always has a better (smaller) rank
    ordered = table.sort_values("yoy_published", ascending=False)
    assert list(ordered["rank"]) == sorted(ordered["rank"])

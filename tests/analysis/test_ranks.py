"""Ranks: published rounding (half up to 0.1), ties share a rank, groups come from data."""

from __future__ import annotations

import pandas as pd
import pytest

from halfyear_lib.analysis.ranks import Rank, group_members, rank_of, rank_table, round_published

REGIONS = pd.DataFrame(
    {
        "region_id": ["c", "a", "b", "d", "e"],
        "rank_groups": ["", "city;counties", "city; counties", "city;counties", "city"],
    }
)


@pytest.mark.parametrize(
    ("raw", "published"),
    [(14.25, 14.3), (14.24, 14.2), (-3.25, -3.3), (0.05, 0.1), (12.0, 12.0)],
)
def test_round_published_half_away_from_zero(raw, published):
    # Python's round(14.25, 1) gives 14.2 (half to even); releases print 14.3
    assert round_published(raw) == published


def test_group_members_come_from_rank_groups():
    assert group_members(REGIONS, "city") == ["a", "b", "d", "e"]
    assert group_members(REGIONS, "counties") == ["a", "b", "d"]
    with pytest.raises(ValueError, match="unknown rank group"):
        group_members(REGIONS, "towns")


def test_ties_share_rank_and_missing_growth_is_not_ranked():
    growth = pd.DataFrame({"region_id": ["a", "b", "d", "e"], "yoy_pct": [10.04, 9.96, None, 12.0]})
    table = rank_table(growth, ["a", "b", "d", "e"])
    # published 10.0, 10.0, 12.0 -> e 1st, a and b share 2nd; d has no rate
    assert dict(zip(table["region_id"], table["rank"], strict=True)) == {"e": 1, "a": 2, "b": 2}
    r = rank_of(growth, REGIONS, "b", "counties")
    assert r == Rank("counties", 1, 2)  # a and b tie for 1st among the 2 ranked counties
    assert r.label == "2县(市)排第1位"
    assert rank_of(growth, REGIONS, "e", "city").label == "全市3个单位排第1位"
    assert rank_of(growth, REGIONS, "e", "counties").rank is None

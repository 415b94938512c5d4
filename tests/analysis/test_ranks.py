"""Ranks: published rounding (half up to 0.1), ties share a rank, groups come from data."""

from __future__ import annotations

import pandas as pd
import pytest

from halfyear_lib.analysis.ranks import group_members, rank_of, rank_table, round_published

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
    # a and b tie for 1st among the 2 ranked counties; d has no rate and is not counted
    assert (r.group, r.rank, r.of, r.source) == ("counties", 1, 2, "computed")
    assert r.missing == ("d",)
    # no parent, no kinds: the words say 全市 and 个单位 (tests/text/test_ranks_words.py)
    assert (r.parent_kind, r.member_kind) == (None, None)
    assert rank_of(growth, REGIONS, "e", "counties").rank is None


# A province with two cities; each city has two counties and a district. Ranks among a
# unit's peers only: the cities in the province, the counties in their own city.
HIERARCHY = pd.DataFrame(
    {
        "region_id": ["p", "x", "y", "x1", "x2", "xd", "y1", "y2"],
        "kind": ["province", "city", "city", "county", "county", "district", "county", "county"],
        "parent_id": [None, "p", "p", "x", "x", "x", "y", "y"],
        "rank_groups": ["", "city", "city", *["city;counties"] * 2, "city", *["city;counties"] * 2],
    }
)


def test_groups_are_the_peers_under_the_same_parent_at_any_depth():
    assert group_members(HIERARCHY, "city", "x") == ["x", "y"]
    assert group_members(HIERARCHY, "city", "x1") == ["x1", "x2", "xd"]
    assert group_members(HIERARCHY, "counties", "y2") == ["y1", "y2"]
    growth = pd.DataFrame(
        {
            "region_id": ["x", "y", "x1", "x2", "xd", "y1", "y2"],
            # y1 grows fastest of all, but it is not x1's peer
            "yoy_pct": [8.0, 9.0, 7.0, 6.0, 5.0, 30.0, 1.0],
        }
    )
    city = rank_of(growth, HIERARCHY, "x", "city")
    assert (city.rank, city.of, city.parent_kind, city.member_kind) == (2, 2, "province", "city")
    county = rank_of(growth, HIERARCHY, "x1", "city")
    # counties and a district under the city: no common kind of the members
    assert (county.rank, county.of, county.parent_kind, county.member_kind) == (1, 3, "city", None)
    assert rank_of(growth, HIERARCHY, "x2", "counties").rank == 2


def test_published_rank_wins_and_disagreement_and_missing_units_are_kept():
    # only 2 of the province's cities are in the data; the release says 第1 of 16
    growth = pd.DataFrame(
        {
            "region_id": ["x", "y"],
            "yoy_pct": [8.0, 9.0],
            "rank_city": [1, None],
            "rank_city_of": [16, None],
        }
    )
    r = rank_of(growth, HIERARCHY, "x", "city")
    assert (r.rank, r.of, r.source, r.parent_kind) == (1, 16, "published", "province")
    # computed over the two cities at hand, x is 2nd: the published rank disagrees
    assert (r.computed, r.computed_of, r.disagrees) == (2, 2, True)
    # y grows faster than x in the data, so x cannot be 1st: the data prove it wrong
    assert r.contradicts
    plain = rank_of(growth, HIERARCHY, "y", "city")
    assert (plain.rank, plain.source, plain.disagrees) == (1, "computed", False)


def test_a_published_rank_counts_without_a_growth_rate():
    growth = pd.DataFrame(
        {"region_id": ["x1", "x2"], "yoy_pct": [None, 5.0], "rank_city": [3, None]}
    )
    r = rank_of(growth, HIERARCHY, "x1", "city")
    # no size given: at least the group's 3 units (x1, x2, xd)
    assert (r.rank, r.of, r.source, r.computed) == (3, 3, "published", None)
    assert r.missing == ("x1", "xd")
    results = r.to_results("rank_city")
    assert results["rank_city"] == 3 and results["rank_city_missing"] == ["x1", "xd"]


@pytest.mark.parametrize(
    ("published", "published_of", "contradicts"),
    [
        # x is 2nd of the 2 cities at hand; 14 of the 16 are absent, so 2..16 is possible
        (2, 16, False),
        (5, 16, False),
        (16, 16, False),
        (1, 16, True),  # y is faster: never 1st
        # the whole group is at hand (2 of 2): only the computed rank is possible
        (1, 2, True),
    ],
)
def test_a_published_rank_contradicts_only_what_the_data_exclude(
    published, published_of, contradicts
):
    growth = pd.DataFrame(
        {
            "region_id": ["x", "y"],
            "yoy_pct": [8.0, 9.0],
            "rank_city": [published, None],
            "rank_city_of": [published_of, None],
        }
    )
    r = rank_of(growth, HIERARCHY, "x", "city")
    assert (r.computed, r.contradicts) == (2, contradicts)

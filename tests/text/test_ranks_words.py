"""The words of a rank (text/zh/ranks.py): scope after the parent's kind, the members'
word after their common kind, and the entries of results.json that carry them."""

from __future__ import annotations

import pandas as pd

from halfyear_lib.analysis.comparison import Comparator
from halfyear_lib.analysis.ranks import Rank, rank_of
from halfyear_lib.text.zh import ranks as words


def test_scope_follows_the_parent_kind():
    assert [words.scope(k) for k in ("province", "city", "county", "county_city")] == [
        "全省", "全市", "全县", "全市"]  # fmt: skip
    assert [words.scope(k) for k in ("district", "zone", None, "", "unknown")] == [
        "全区", "全区", "全市", "全市", "全市"]  # fmt: skip


def test_members_word_follows_their_common_kind():
    assert [words.members(k) for k in ("city", "county", "district")] == ["个市", "个县", "个区"]
    assert words.members(None) == words.members("zone") == "个单位"


def test_rank_labels():
    province = Rank("city", 1, 16, parent_kind="province", member_kind="city")
    assert words.rank_label(province) == "全省16个市排第1位"
    assert words.rank_scope(province) == "全省"
    mixed = Rank("city", 3, 11, parent_kind="city")
    assert words.rank_label(mixed) == "全市11个单位排第3位"
    counties = Rank("counties", 2, 7, parent_kind="city", member_kind="county")
    assert words.rank_label(counties) == "7县(市)排第2位"
    assert words.rank_scope(counties) == "县(市)"
    assert words.rank_label(Rank("city", None, 0)) == ""


def test_a_computed_rank_is_worded_from_the_regions():
    regions = pd.DataFrame(
        {
            "region_id": ["p", "x", "y"],
            "kind": ["province", "city", "city"],
            "parent_id": [None, "p", "p"],
            "rank_groups": ["", "city", "city"],
        }
    )
    growth = pd.DataFrame({"region_id": ["x", "y"], "yoy_pct": [8.0, 9.0]})
    assert words.rank_label(rank_of(growth, regions, "x", "city")) == "全省2个市排第2位"


def test_rank_words_go_after_the_missing_units_in_a_results_entry():
    rank = Rank("city", 3, 11, parent_kind="city", member_kind="county")
    entry = {"value": 1.0, **rank.to_results("rank_city"), "month_yoy_pct": None}
    worded = words.with_rank_words(entry, {"city": rank})
    keys = list(worded)
    at = keys.index("rank_city_missing")
    assert keys[at + 1 : at + 3] == ["rank_city_label", "rank_city_scope"]
    assert keys[-1] == "month_yoy_pct"
    assert (worded["rank_city_label"], worded["rank_city_scope"]) == ("全市11个县排第3位", "全市")


def test_comparison_scope():
    parent = Comparator(
        "c", "江洲市", "city", "parent", comparator_id="p", comparator_kind="province"
    )
    assert words.comparison_scope(parent) == "全省"
    own = Comparator("c", "江洲市", "city", "units")
    assert words.comparison_scope(own) == "全市"
    entry = words.with_comparison_scope(
        {"kind": "parent", "comparator_kind": "province", "declared_parent": "p"}, parent
    )
    assert list(entry) == ["kind", "comparator_kind", "scope", "declared_parent"]
    assert entry["scope"] == "全省"


def test_new_firms_by_route():
    from halfyear_lib.text.zh.indicators import route_text

    assert route_text({"growth": 11, "new_project": 5}) == "成长性企业11家、新项目入规5家"
    assert route_text({"growth": 0, "new_project": 2}) == "新项目入规2家"
    assert route_text({}) == ""

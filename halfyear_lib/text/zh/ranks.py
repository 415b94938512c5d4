"""The words of a rank: the scope a unit is ranked in (全省, 全市 ...) and a rank's label.

``analysis.ranks`` says which units a rank is among by codes: the kind of their parent
(``Rank.parent_kind``) and their common kind (``Rank.member_kind``); ``analysis.comparison``
says the same of the whole a unit is compared within. This module words them, and puts
the words into the results entries the analysis makes (``rank_city_label``,
``rank_city_scope``, ``comparison.scope``).
"""

from __future__ import annotations

from ...analysis.ranks import Rank
from ...data.schema import RANK_GROUPS
from ..entries import insert_after

# the scope of the "city" group, by the kind of the parent unit
SCOPE_BY_PARENT_KIND = {
    "province": "全省",
    "city": "全市",
    "county": "全县",
    "county_city": "全市",
    "district": "全区",
    "zone": "全区",
}
DEFAULT_SCOPE = "全市"  # a parent of unknown kind, or none
# what the members are called in a label, by their common kind
MEMBER_WORD = {"city": "市", "county": "县", "district": "区"}
DEFAULT_MEMBERS = "个单位"


def scope(parent_kind: str | None) -> str:
    """全省 / 全市 / 全县 / 全区 after the kind of the parent (全市 when unknown)."""
    return SCOPE_BY_PARENT_KIND.get(parent_kind or "", DEFAULT_SCOPE)


def members(member_kind: str | None) -> str:
    """ "个市" / "个县" / "个区" when the members share that kind, else "个单位"."""
    word = MEMBER_WORD.get(member_kind or "")
    return f"个{word}" if word else DEFAULT_MEMBERS


def rank_scope(rank: Rank) -> str:
    """Where a rank is: 全省/全市 ... for the "city" group, "县(市)" for "counties"."""
    return scope(rank.parent_kind) if rank.group == "city" else RANK_GROUPS[rank.group]


def rank_label(rank: Rank) -> str:
    """e.g. "全市11个单位排第3位", "全省16个市排第1位" or "7县(市)排第2位"; "" unranked."""
    if rank.rank is None:
        return ""
    if rank.group == "city":
        return f"{scope(rank.parent_kind)}{rank.of}{members(rank.member_kind)}排第{rank.rank}位"
    return f"{rank.of}{RANK_GROUPS[rank.group]}排第{rank.rank}位"


def with_rank_words(entry: dict, ranks: dict[str, Rank]) -> dict:
    """A results entry of an indicator (``IndicatorStatus.to_results()``) with each rank's
    ``rank_<group>_label`` and ``rank_<group>_scope``, after its ``rank_<group>_missing``."""
    for group, rank in ranks.items():
        prefix = f"rank_{group}"
        words = {f"{prefix}_label": rank_label(rank), f"{prefix}_scope": rank_scope(rank)}
        entry = insert_after(entry, f"{prefix}_missing", words)
    return entry


def comparison_scope(comparator) -> str:
    """The whole a unit is compared within (``analysis.comparison.Comparator``): the
    parent's scope when compared with its parent, else the unit's own (全市 for a city)."""
    if comparator.kind == "parent":
        return scope(comparator.comparator_kind)
    return scope(comparator.region_kind)


def with_comparison_scope(entry: dict, comparator) -> dict:
    """``Comparison.to_results()`` with its ``scope`` word after ``comparator_kind``."""
    return insert_after(entry, "comparator_kind", {"scope": comparison_scope(comparator)})


def with_headline_rank_words(results: dict, head) -> dict:
    """Results holding ``head.to_results()`` (``analysis.indicators.Headline``) with the
    rank words in each of its ``indicators`` entries; changed in place and returned."""
    entries = results.get("indicators") or {}
    for row in head.rows:
        if row.code in entries:
            entries[row.code] = with_rank_words(entries[row.code], row.ranks)
    return results

"""Ranks of a unit's growth among the units of its parent (city, or province).

A unit is ranked by its growth rate as published, i.e. rounded to 0.1, in descending
order; equal published rates share a rank (the "min" method: 1, 2, 2, 4). Which units
form a group is data: ``regions.rank_groups`` lists the groups of each unit ("city" =
every unit under the same parent, "counties" = counties and county-level cities under
it), and ``regions.parent_id`` says whose units they are, at any depth (a province's
cities, a city's counties, districts and zones). A rank carries the kind of that parent
and the common kind of the members (codes); text/zh/ranks.py words them (全省 for a
province's units, 全市 for a city's; "全省16个市排第1位").

A rank published by the statistics office (``indicators.rank_city`` / ``rank_city_of``,
``rank_counties`` / ``rank_counties_of``) wins over the computed one: a release may rank
a unit among 16 cities while the data set holds only four of them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from ..data.schema import RANK_GROUPS


def round_published(x: float, digits: int = 1) -> float:
    """Round half away from zero, as statistical releases do (12.25 -> 12.3)."""
    if x is None or pd.isna(x):
        return float("nan")
    if not math.isfinite(float(x)) or abs(float(x)) >= 1e15:
        return float(x)  # nothing to round at this size (and Decimal would overflow)
    q = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(float(x))).quantize(q, rounding=ROUND_HALF_UP))


def _parents(regions: pd.DataFrame) -> pd.Series:
    if "parent_id" not in regions.columns:
        return pd.Series("", index=regions.index)
    return regions["parent_id"].astype(object).where(regions["parent_id"].notna(), "").astype(str)


def group_members(regions: pd.DataFrame, group: str, region_id: str | None = None) -> list[str]:
    """region_ids whose ``rank_groups`` contains ``group``.

    With ``region_id``, only the units under the same parent as that unit (its peers).
    """
    if group not in RANK_GROUPS:
        raise ValueError(f"unknown rank group {group!r}; known: {', '.join(RANK_GROUPS)}")
    groups = regions["rank_groups"].fillna("").astype(str)
    mask = groups.map(lambda s: group in {g.strip() for g in s.split(";") if g.strip()})
    if region_id is not None:
        parents = _parents(regions)
        mine = parents.loc[regions["region_id"] == region_id]
        if len(mine):
            mask &= parents == mine.iloc[0]
    return list(regions.loc[mask, "region_id"])


def parent_kind(regions: pd.DataFrame, region_id: str) -> str | None:
    """The kind of the unit's parent ("province", "city" ...; None when unknown): what the
    scope of its "city" rank is worded after (text/zh/ranks.py: 全省, 全市 ...)."""
    parents = _parents(regions)
    mine = parents.loc[regions["region_id"] == region_id]
    if mine.empty or not mine.iloc[0]:
        return None
    if "kind" not in regions.columns:
        return None
    kind = regions.loc[regions["region_id"] == mine.iloc[0], "kind"]
    return str(kind.iloc[0]) if len(kind) else None


@dataclass(frozen=True)
class Rank:
    """Rank of one unit in one group.

    ``rank`` and ``of`` are what the report shows: the published rank and group size
    where the data give them, else computed over the units with a growth rate.
    ``computed`` / ``computed_of`` are the ranking over the data at hand; ``missing``
    lists the group's units without a growth rate (not ranked, not counted).
    ``parent_kind`` is the kind of the units' parent, ``member_kind`` the kind all the
    members share (None when they differ); text/zh/ranks.py words the rank from them.
    """

    group: str
    rank: int | None
    of: int
    source: str = "computed"  # "computed", "published" or "none"
    computed: int | None = None
    computed_of: int = 0
    missing: tuple[str, ...] = field(default_factory=tuple)
    parent_kind: str | None = None
    member_kind: str | None = None

    @property
    def disagrees(self) -> bool:
        """A published rank that differs from the one computed from the data."""
        return (
            self.source == "published" and self.computed is not None and self.computed != self.rank
        )

    @property
    def contradicts(self) -> bool:
        """A published rank the data prove wrong, whatever the units missing from the data.

        Among the units at hand ``computed - 1`` grow faster, so the true rank is at
        least ``computed``; each unit of the published group missing from the data can
        push it down by one at most, so it is at most ``computed + absent``.
        """
        if not self.disagrees:
            return False
        absent = max(self.of - self.computed_of, len(self.missing), 0)
        return self.rank < self.computed or self.rank > self.computed + absent

    def to_results(self, prefix: str) -> dict:
        """The rank's facts; its label and scope words are added by text/zh/ranks.py
        (``with_rank_words``) after ``<prefix>_missing``."""
        return {
            prefix: self.rank,
            f"{prefix}_of": self.of,
            f"{prefix}_source": self.source,
            f"{prefix}_computed": self.computed,
            f"{prefix}_computed_of": self.computed_of,
            f"{prefix}_missing": list(self.missing),
        }


def rank_table(growth: pd.DataFrame, members: list[str]) -> pd.DataFrame:
    """Rank the members by published growth.

    ``growth`` has columns region_id and yoy_pct. Units without a growth rate are left
    out of the ranking (and of the count). Returns region_id, yoy_pct, yoy_published,
    rank, sorted by rank.
    """
    df = growth.loc[growth["region_id"].isin(members), ["region_id", "yoy_pct"]].copy()
    df = df.loc[df["yoy_pct"].notna()]
    df["yoy_published"] = df["yoy_pct"].map(round_published)
    df["rank"] = df["yoy_published"].rank(ascending=False, method="min").astype("Int64")
    return df.sort_values(["rank", "region_id"]).reset_index(drop=True)


def _published(growth: pd.DataFrame, region_id: str, group: str) -> tuple[int | None, int | None]:
    col = f"rank_{group}"
    if col not in growth.columns:
        return None, None
    hit = growth.loc[growth["region_id"] == region_id]
    if hit.empty:
        return None, None
    rank, of = hit[col].iloc[0], hit.get(f"{col}_of", pd.Series([None])).iloc[0]
    rank = None if rank is None or pd.isna(rank) else int(rank)
    of = None if of is None or pd.isna(of) else int(of)
    return rank, of


def rank_of(growth: pd.DataFrame, regions: pd.DataFrame, region_id: str, group: str) -> Rank:
    """Rank of ``region_id`` within ``group`` among its peers (same parent).

    A published rank in ``growth`` (columns rank_<group>, rank_<group>_of) wins; rank
    None when the unit is not in the group, or has neither a growth rate nor a
    published rank.
    """
    members = group_members(regions, group, region_id)
    table = rank_table(growth, members)
    hit = table.loc[table["region_id"] == region_id, "rank"]
    computed = int(hit.iloc[0]) if len(hit) else None
    ranked = set(table["region_id"])
    missing = tuple(m for m in members if m not in ranked)
    kinds = (
        set(regions.loc[regions["region_id"].isin(members), "kind"].astype(str))
        if "kind" in regions.columns
        else set()
    )
    member_kind = next(iter(kinds)) if len(kinds) == 1 else None
    common = dict(
        group=group,
        computed=computed,
        computed_of=len(table),
        missing=missing,
        parent_kind=parent_kind(regions, region_id),
        member_kind=member_kind,
    )
    published, published_of = _published(growth, region_id, group)
    if published is not None:
        of = published_of if published_of is not None else max(len(members), published)
        return Rank(rank=published, of=of, source="published", **common)
    if region_id not in members or members == [region_id]:
        # outside the group, or a group of one: a unit is never ranked against itself
        return Rank(rank=None, of=len(table), source="none", **common)
    if computed is None:
        return Rank(rank=None, of=len(table), source="none", **common)
    return Rank(rank=computed, of=len(table), source="computed", **common)

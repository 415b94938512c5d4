"""Ranks of a unit's growth among the units of its city.

A unit is ranked by its growth rate as published, i.e. rounded to 0.1, in descending
order; equal published rates share a rank (the "min" method: 1, 2, 2, 4). Which units
form a group is data: ``regions.rank_groups`` lists the groups of each unit
("city" = every unit of the city, "counties" = counties and county-level cities).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from ..data.schema import RANK_GROUPS


def round_published(x: float, digits: int = 1) -> float:
    """Round half away from zero, as statistical releases do (12.25 -> 12.3)."""
    if x is None or pd.isna(x):
        return float("nan")
    q = Decimal(1).scaleb(-digits)
    return float(Decimal(repr(float(x))).quantize(q, rounding=ROUND_HALF_UP))


def group_members(regions: pd.DataFrame, group: str) -> list[str]:
    """region_ids whose ``rank_groups`` contains ``group``."""
    if group not in RANK_GROUPS:
        raise ValueError(f"unknown rank group {group!r}; known: {', '.join(RANK_GROUPS)}")
    groups = regions["rank_groups"].fillna("").astype(str)
    mask = groups.map(lambda s: group in {g.strip() for g in s.split(";") if g.strip()})
    return list(regions.loc[mask, "region_id"])


@dataclass(frozen=True)
class Rank:
    """Rank of one unit in one group; ``of`` is the number of units ranked."""

    group: str
    rank: int | None
    of: int

    @property
    def label(self) -> str:
        """e.g. "全市11个单位排第3位" or "7县(市)排第2位"."""
        if self.rank is None:
            return ""
        if self.group == "city":
            return f"全市{self.of}个单位排第{self.rank}位"
        return f"{self.of}{RANK_GROUPS[self.group]}排第{self.rank}位"


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


def rank_of(growth: pd.DataFrame, regions: pd.DataFrame, region_id: str, group: str) -> Rank:
    """Rank of ``region_id`` within ``group``; rank None if the unit is not in the group
    or has no growth rate."""
    members = group_members(regions, group)
    table = rank_table(growth, members)
    hit = table.loc[table["region_id"] == region_id, "rank"]
    rank = int(hit.iloc[0]) if len(hit) else None
    return Rank(group, rank, len(table))

"""Above-scale (规模以上) firms: how many there are and this year's new entrants.

A firm counts at a period when it entered the above-scale list by then and has not
left it (``entered <= period`` and ``exited`` empty or later). New entrants of a year
are the firms whose ``entered`` month falls in that year, up to the period, split by
route: 成长性企业 (growth) or 新项目入规 (new_project). Candidates are firms not yet
entered whose ``expected_entry`` month falls in the rest of the period's year.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..data.dataset import DataSet
from ..data.periods import Period
from ..data.schema import ENTERPRISE_ROUTES


@dataclass
class FirmCounts:
    """Firm counts of a region at a period."""

    region_id: str
    period: Period
    above_scale: int | None
    above_scale_source: str  # "enterprises" (counted from the firm list) or "indicator"
    new_entrants: int
    new_by_route: dict[str, int]
    candidates: list[dict] = field(default_factory=list)  # name, expected_entry

    def to_results(self) -> dict:
        return {
            "above_scale": self.above_scale,
            "above_scale_source": self.above_scale_source,
            "new_entrants": self.new_entrants,
            "new_by_route": dict(self.new_by_route),
            "candidates": len(self.candidates),
        }

    @property
    def route_text(self) -> str:
        """e.g. "成长性企业11家、新项目入规5家"."""
        parts = [f"{ENTERPRISE_ROUTES[r]}{n}家" for r, n in self.new_by_route.items() if n]
        return "、".join(parts)


def firm_counts(ds: DataSet, region_id: str, period: Period) -> FirmCounts:
    """Count above-scale firms, new entrants by route and candidates at a period.

    ``ds`` should be cut at the period (``DataSet.as_of``); entries dated later are
    ignored here as well. Falls back to the ``above_scale_firms`` indicator when the
    firm list has no rows for the region.
    """
    limit = pd.Period(f"{period.year}-{period.month:02d}", "M")
    firms = ds["enterprises"]
    firms = firms.loc[firms["region_id"] == region_id]
    entered = firms["entered"]
    is_in = entered.notna() & (entered <= limit)
    exited = firms["exited"]
    is_in &= exited.isna() | (exited > limit)
    new = firms.loc[
        entered.notna()
        & (entered <= limit)
        & (entered.map(_year, na_action="ignore") == period.year)
    ]
    by_route = {route: int((new["route"] == route).sum()) for route in ENTERPRISE_ROUTES}
    expected = firms["expected_entry"]
    year_end = pd.Period(f"{period.year}-12", "M")
    cands = firms.loc[
        entered.isna() & expected.notna() & (expected > limit) & (expected <= year_end)
    ]
    candidates = [
        {"name": str(n), "expected_entry": str(e)}
        for n, e in zip(cands["name"], cands["expected_entry"], strict=True)
    ]
    if len(firms):
        above, source = int(is_in.sum()), "enterprises"
    else:
        ind = ds.indicators
        hit = ind.loc[
            (ind["region_id"] == region_id)
            & (ind["indicator"] == "above_scale_firms")
            & (ind["year"] == period.year)
            & (ind["month"] == period.month),
            "value",
        ]
        above = int(hit.iloc[0]) if len(hit) and pd.notna(hit.iloc[0]) else None
        source = "indicator"
    return FirmCounts(region_id, period, above, source, len(new), by_route, candidates)


def _year(p: pd.Period) -> int:
    return p.year

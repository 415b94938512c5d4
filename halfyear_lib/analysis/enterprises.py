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


def _in_list_at(firms: pd.DataFrame, limit: pd.Period) -> pd.Series:
    """Mask of the firms in the above-scale list at the end of month ``limit``."""
    entered, exited = firms["entered"], firms["exited"]
    return entered.notna() & (entered <= limit) & (exited.isna() | (exited > limit))


def _indicator_count(ds: DataSet, region_id: str, year: int, month: int) -> int | None:
    """The ``above_scale_firms`` indicator (家) of a region at (year, month), or None."""
    ind = ds.indicators
    hit = ind.loc[
        (ind["region_id"] == region_id)
        & (ind["indicator"] == "above_scale_firms")
        & (ind["year"] == year)
        & (ind["month"] == month),
        "value",
    ]
    return int(hit.iloc[0]) if len(hit) and pd.notna(hit.iloc[0]) else None


def _year_end_target(ds: DataSet, region_id: str, year: int) -> int | None:
    t = ds["targets"]
    hit = t.loc[
        (t["region_id"] == region_id)
        & (t["indicator"] == "above_scale_firms")
        & (t["year"] == year)
        & (t["kind"] == "value"),
        "target",
    ]
    return int(round(float(hit.iloc[0]))) if len(hit) and pd.notna(hit.iloc[0]) else None


@dataclass
class EnterpriseDetail:
    """New above-scale firms against the target, the pipeline and the high-tech firms.

    Counts in 家, shares in %. ``counts`` is :func:`firm_counts` at the same period.
    ``missing`` names what the data lack for the full picture: "enterprises" (no firm
    list: counts come from the ``above_scale_firms`` indicator), "hitech_stat",
    "expected_entry", "target" (no year-end count target), "last_year_end_count".
    """

    region_id: str
    period: Period
    counts: FirmCounts
    has_firm_list: bool
    new_so_far: int | None  # firms entered this year up to the period (None: no list)
    last_year_end_count: int | None  # above-scale firms at December of last year
    last_year_end_source: str | None  # "enterprises" or "indicator"
    net_increase: int | None  # above_scale now - last_year_end_count (exits netted out)
    year_end_target: int | None  # targets: above_scale_firms, kind value
    new_target: int | None  # year_end_target - last_year_end_count
    new_target_share_pct: float | None  # new_so_far / new_target x 100
    pipeline: list[dict] | None  # enterprise_id, name, expected_entry (YYYY-MM), township
    expected_full_year_new: int | None  # new_so_far + len(pipeline)
    last_year_new: int | None  # firms entered in the whole of last year
    # firms entered in Jan..the period's month of last year (None: no list)
    new_same_period_last_year: int | None
    exited: list[dict] | None  # enterprise_id, name, exited (YYYY-MM): left this year so far
    hitech_stat: int | None  # current above-scale firms in the high-tech statistics
    hitech_share_pct: float | None  # hitech_stat / above_scale x 100
    missing: list[str] = field(default_factory=list)

    @property
    def new_vs_last_year(self) -> int | None:
        """new_so_far - new_same_period_last_year (家; positive: more than last year)."""
        if self.new_so_far is None or self.new_same_period_last_year is None:
            return None
        return self.new_so_far - self.new_same_period_last_year

    def to_results(self) -> dict:
        """The entries under ``firms`` in results.json (a superset of FirmCounts')."""
        out = self.counts.to_results()
        out.update(
            {
                "has_firm_list": self.has_firm_list,
                "new_so_far": self.new_so_far,
                "last_year_end_count": self.last_year_end_count,
                "net_increase": self.net_increase,
                "year_end_target": self.year_end_target,
                "new_target": self.new_target,
                "new_target_share_pct": self.new_target_share_pct,
                "pipeline": None if self.pipeline is None else [dict(p) for p in self.pipeline],
                "expected_full_year_new": self.expected_full_year_new,
                "last_year_new": self.last_year_new,
                "new_same_period_last_year": self.new_same_period_last_year,
                "new_vs_last_year": self.new_vs_last_year,
                "exited_so_far": None if self.exited is None else len(self.exited),
                "exited": None if self.exited is None else [dict(e) for e in self.exited],
                "hitech_stat": self.hitech_stat,
                "hitech_share_pct": self.hitech_share_pct,
                "missing": list(self.missing),
            }
        )
        return out


def enterprise_detail(ds: DataSet, region_id: str, period: Period) -> EnterpriseDetail:
    """New firms by route against the target, the pipeline and high-tech firms at a period.

    - New-firm target (家) = year-end count target (``targets``: above_scale_firms,
      kind value, the period's year) - above-scale firms at December of last year. It
      is the net increase the target asks for: firms leaving the list during the year
      are not added to it. The December count comes from the firm list when there is
      one (the same basis as ``above_scale``), else from the indicator.
    - new_target_share_pct = net increase so far / new-firm target x 100 (None when the
      target is missing or not positive): the target is a year-end count, so firms that
      left the list count against it; the gross new firms are ``new_so_far``.
    - Pipeline: firms not yet in the list whose recorded ``expected_entry`` is after
      the period and within its year; expected_full_year_new = new so far + pipeline.
      None when no firm of the region has an expected_entry recorded (unknown, not 0).
    - last_year_new: firms whose ``entered`` month is in last year (exited or not);
      new_same_period_last_year: those of them entered in Jan..the period's month (the
      rule of ``new_so_far`` a year earlier); new_vs_last_year = new_so_far - that.
    - exited: firms whose ``exited`` month is in the period's year, up to the period
      (left the list this year so far), by month then id; exited_so_far = their number.
    - hitech_share_pct = current above-scale firms with hitech_stat true / all current
      above-scale firms x 100.
    Without a firm list only the indicator-based counts, the target and the net
    increase are given; ``missing`` says what is absent.
    """
    cut = ds.as_of(period)
    counts = firm_counts(cut, region_id, period)
    limit = pd.Period(f"{period.year}-{period.month:02d}", "M")
    last_dec = pd.Period(f"{period.year - 1}-12", "M")
    firms = cut["enterprises"]
    firms = firms.loc[firms["region_id"] == region_id]
    has_list = bool(len(firms))
    missing: list[str] = []

    new_so_far = last_year_new = same_period_last = hitech = expected_full = None
    hitech_share = None
    pipeline: list[dict] | None = None
    exited: list[dict] | None = None
    if has_list:
        new_so_far = counts.new_entrants
        last_end, last_end_source = int(_in_list_at(firms, last_dec).sum()), "enterprises"
        entered_year = firms["entered"].map(_year, na_action="ignore")
        last_year_new = int((entered_year == period.year - 1).sum())
        same_limit = pd.Period(f"{period.year - 1}-{period.month:02d}", "M")
        same_period_last = int(
            ((entered_year == period.year - 1) & (firms["entered"] <= same_limit)).sum()
        )
        gone = firms["exited"]
        left = firms.loc[
            gone.notna() & (gone <= limit) & (gone.map(_year, na_action="ignore") == period.year)
        ]
        exited = [
            {
                "enterprise_id": str(r["enterprise_id"]),
                "name": str(r["name"]),
                "exited": str(r["exited"]),
            }
            for _, r in left.sort_values(["exited", "enterprise_id"]).iterrows()
        ]
        current = firms.loc[_in_list_at(firms, limit)]
        flags = current["hitech_stat"]
        if len(current) and flags.notna().any():
            hitech = int(flags.fillna(False).astype(bool).sum())
            hitech_share = hitech / len(current) * 100
        else:
            missing.append("hitech_stat")
        if firms["expected_entry"].notna().any():
            pipeline = [
                {
                    "enterprise_id": str(c["enterprise_id"]),
                    "name": str(c["name"]),
                    "expected_entry": str(c["expected_entry"]),
                    "township": None if pd.isna(c["township"]) else str(c["township"]),
                }
                for _, c in firms.sort_values(["expected_entry", "enterprise_id"]).iterrows()
                if pd.isna(c["entered"])
                and c["expected_entry"] > limit
                and c["expected_entry"].year == period.year
            ]
            expected_full = new_so_far + len(pipeline)
        else:
            missing.append("expected_entry")
    else:
        missing.append("enterprises")
        last_end = _indicator_count(cut, region_id, period.year - 1, 12)
        last_end_source = "indicator" if last_end is not None else None

    if last_end is None:
        missing.append("last_year_end_count")
    target = _year_end_target(cut, region_id, period.year)
    if target is None:
        missing.append("target")
    new_target = target - last_end if target is not None and last_end is not None else None
    above = counts.above_scale
    net = above - last_end if above is not None and last_end is not None else None
    share = None
    if new_target is not None and new_target > 0 and net is not None:
        # the target is a year-end count, so progress is the net increase: firms that left
        # the list this year must be made up by new ones
        share = net / new_target * 100
    return EnterpriseDetail(
        region_id=region_id,
        period=period,
        counts=counts,
        has_firm_list=has_list,
        new_so_far=new_so_far,
        last_year_end_count=last_end,
        last_year_end_source=last_end_source,
        net_increase=net,
        year_end_target=target,
        new_target=new_target,
        new_target_share_pct=share,
        pipeline=pipeline,
        expected_full_year_new=expected_full,
        last_year_new=last_year_new,
        new_same_period_last_year=same_period_last,
        exited=exited,
        hitech_stat=hitech,
        hitech_share_pct=hitech_share,
        missing=missing,
    )

"""Industrial investment by township (and development zone) against its annual target.

A township's completed investment at a period = the sum of ``project_monthly.investment``
(亿元) of its projects in the period's year, months up to the period (single months;
month 2 is the Jan-Feb total). Per township:

- completion_pct = completed / target x 100 (target = ``townships.investment_target`` of
  the year, 亿元); gap_pp = completion_pct - time progress (month / 12 x 100);
  on_schedule = gap_pp >= 0.
- rank: by completion_pct rounded to 0.1 as published, descending; ties share a rank
  ("min" method: 1, 2, 2, 4). Townships without a completion share are not ranked.
- the one projection rule (``PROJECTION_METHOD``, said on page 03 and in the draft):
  projected year-end completion = completed + pace x (12 - m), with the pace of the last
  three months, (cum(m) - cum(m - 3)) / 3 for m >= 5 (the average pace completed / m for
  m < 5, where no cumulative period three months back exists; Jan-Feb counts as two
  months); projected_on_schedule = projected year-end completion >= target. (The average
  pace over the whole year so far would only repeat on_schedule: completed x 12 / m >=
  target <=> completed / target >= m / 12; the draft said 3 townships on it, page 03 4 on
  the recent pace.)
- entries: projects of the township entering the library in the period's year up to the
  period (``library_month`` in year, <= period).
- close to schedule: townships behind schedule (not on_schedule) by at most
  ``close_to_schedule_pp`` points (-close_to_schedule_pp <= gap_pp < 0), closest first
  (then by name); None when no township has a gap.

Townships found in ``projects`` without a target row are listed with target None (and
completion None, not ranked). A region with projects but no township targets gets the
completed amounts by township without targets; a region with neither is not available.
Projects without a township are left out of the list; their amount is ``unassigned``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..data.dataset import DataSet
from ..data.periods import Period, time_progress_pct
from .ranks import round_published

TOWNSHIP_COLUMNS = (
    "township",
    "target",
    "completed",
    "completion_pct",
    "gap_pp",
    "rank",
    "on_schedule",
    "projected_year_end",
    "projected_on_schedule",
    "entries",
)
RECENT_MONTHS = 3
_EPS = 1e-9  # float noise when a township sits exactly on the time progress


# the one projection rule for townships (see the module doc): the last three months' pace
PROJECTION_METHOD = "recent_3_months"


@dataclass
class TownshipInvestment:
    """Industrial investment of each township of a region at a period (amounts in 亿元)."""

    region_id: str
    period: Period
    available: bool
    reason: str | None  # None, "no_townships_or_projects"
    has_targets: bool  # False: no township targets for the region and year
    has_projects: bool  # False: no project list (completed and entries unknown)
    time_progress_pct: float
    table: pd.DataFrame  # one row per township, columns TOWNSHIP_COLUMNS, sorted by rank
    bottom3: list[str] = field(default_factory=list)
    without_entries: list[str] = field(default_factory=list)
    reached_schedule: int | None = None
    projected_on_schedule: int | None = None
    without_target: list[str] = field(default_factory=list)
    unassigned: float = 0.0  # 亿元 of projects without a township
    close_to_schedule: list[str] | None = None  # behind by <= close_to_schedule_pp, closest first

    def to_results(self) -> dict:
        """``{"investment": {...}}`` so it merges with the other investment entries."""
        rows = [{k: _plain(v) for k, v in rec.items()} for rec in self.table.to_dict("records")]
        return {
            "investment": {
                "townships": rows,
                "bottom3": list(self.bottom3),
                "townships_without_entries": list(self.without_entries),
                "townships_reached_schedule": self.reached_schedule,
                "townships_projected_on_schedule": self.projected_on_schedule,
                "townships_projection_method": PROJECTION_METHOD,
                "townships_without_target": list(self.without_target),
                "townships_close_to_schedule": (
                    None if self.close_to_schedule is None else list(self.close_to_schedule)
                ),
                "townships_available": self.available,
                "townships_reason": self.reason,
                "townships_has_targets": self.has_targets,
                "townships_has_projects": self.has_projects,
                "townships_time_progress_pct": self.time_progress_pct,
                "townships_unassigned": self.unassigned,
            }
        }


def _plain(v):
    if v is None or (not isinstance(v, str | bool) and pd.isna(v)):
        return None
    if isinstance(v, bool):
        return v
    if hasattr(v, "item"):
        v = v.item()
    if isinstance(v, bool | int | str):
        return v
    return float(v)


def _lowest(table: pd.DataFrame, n: int = 3) -> list[str]:
    """The n lowest by published completion; every township tied at the cut comes too."""
    ranked = table.loc[table["completion_pct"].notna()]
    if ranked.empty:
        return []
    published = ranked["completion_pct"].map(round_published)
    ordered = published.sort_values(kind="stable")
    cut = ordered.iloc[min(n, len(ordered)) - 1]
    keep = published <= cut
    out = ranked.loc[keep].assign(_p=published[keep]).sort_values(["_p", "township"])
    return list(out["township"])


def _close_to_schedule(table: pd.DataFrame, within_pp: float) -> list[str] | None:
    """Townships behind schedule by at most ``within_pp`` points, closest first."""
    known = table.loc[table["gap_pp"].notna()]
    if known.empty:
        return None
    # on_schedule is set wherever gap_pp is (gap_pp >= 0 up to float noise)
    behind = ~known["on_schedule"].astype(bool) & (known["gap_pp"] >= -within_pp - _EPS)
    behind = known.loc[behind]
    order = behind.sort_values(["gap_pp", "township"], ascending=[False, True], kind="stable")
    return [str(t) for t in order["township"]]


def township_investment(
    ds: DataSet, region_id: str, period: Period, close_to_schedule_pp: float = 5.0
) -> TownshipInvestment:
    """Target, completion, schedule gap, rank, projection and library entries by township.

    ``close_to_schedule_pp``: the ``highlights.close_to_schedule_pp`` threshold (points).
    """
    cut = ds.as_of(period)
    m = period.month
    progress = time_progress_pct(m)

    towns = cut["townships"]
    towns = towns.loc[(towns["region_id"] == region_id) & (towns["year"] == period.year)]
    targets = towns.groupby("township", sort=False)["investment_target"].sum(min_count=1)

    projects = cut["projects"]
    projects = projects.loc[projects["region_id"] == region_id]
    has_projects = not projects.empty
    has_targets = not targets.empty
    empty = pd.DataFrame(columns=list(TOWNSHIP_COLUMNS))
    if not has_projects and not has_targets:
        return TownshipInvestment(
            region_id, period, False, "no_townships_or_projects", False, False, progress, empty
        )

    monthly = cut["project_monthly"]
    monthly = monthly.loc[
        monthly["project_id"].isin(projects["project_id"]) & (monthly["year"] == period.year)
    ].merge(projects[["project_id", "township"]], on="project_id", how="left")
    assigned = monthly["township"].notna()
    unassigned = float(monthly.loc[~assigned, "investment"].sum())
    monthly = monthly.loc[assigned]
    completed = monthly.groupby("township")["investment"].sum()
    recent_start = m - RECENT_MONTHS
    earlier = (
        monthly.loc[monthly["month"] <= recent_start].groupby("township")["investment"].sum()
        if recent_start >= 2
        else None
    )

    limit = pd.Period(f"{period.year}-{m:02d}", "M")
    lm = projects["library_month"]
    entering = projects.loc[lm.notna() & (lm.dt.year == period.year) & (lm <= limit)]
    entries = entering.groupby("township").size()

    names = list(targets.index)
    names += sorted(
        t for t in projects["township"].dropna().unique() if t not in set(targets.index)
    )
    rows = []
    for name in names:
        target = targets.get(name)
        target = None if target is None or pd.isna(target) else float(target)
        done = float(completed.get(name, 0.0)) if has_projects else None
        pct = gap = year_end = None
        on = projected = None
        if done is not None:
            if earlier is not None:
                pace = (done - float(earlier.get(name, 0.0))) / RECENT_MONTHS
            else:
                pace = done / m
            year_end = done + pace * (12 - m)
        if done is not None and target:
            pct = done / target * 100
            gap = pct - progress
            on = gap >= -_EPS
            projected = year_end >= target * (1 - _EPS)
        rows.append(
            {
                "township": name,
                "target": target,
                "completed": done,
                "completion_pct": pct,
                "gap_pp": gap,
                "rank": None,
                "on_schedule": on,
                "projected_year_end": year_end,
                "projected_on_schedule": projected,
                "entries": int(entries.get(name, 0)) if has_projects else None,
            }
        )
    table = pd.DataFrame(rows, columns=list(TOWNSHIP_COLUMNS)).astype(
        {"completion_pct": "float64", "completed": "float64", "gap_pp": "float64"}
    )
    has_pct = table["completion_pct"].notna()
    published = table.loc[has_pct, "completion_pct"].map(round_published)
    table["rank"] = pd.array([None] * len(table), dtype="Int64")
    table.loc[has_pct, "rank"] = published.rank(ascending=False, method="min").astype("Int64")
    if has_pct.any():
        table = table.assign(_p=table["completion_pct"].map(round_published))
        table = table.sort_values(
            ["rank", "_p", "completed", "township"],
            ascending=[True, False, False, True],
            na_position="last",
        ).drop(columns="_p")
    else:
        table = table.sort_values(["completed", "township"], ascending=[False, True])
    table = table.reset_index(drop=True)

    with_pct = table.loc[table["completion_pct"].notna()]
    return TownshipInvestment(
        region_id=region_id,
        period=period,
        available=True,
        reason=None,
        has_targets=has_targets,
        has_projects=has_projects,
        time_progress_pct=progress,
        table=table,
        bottom3=_lowest(table),
        without_entries=(
            [t for t in targets.index if not entries.get(t, 0)] if has_projects else []
        ),
        reached_schedule=int(with_pct["on_schedule"].sum()) if has_targets else None,
        projected_on_schedule=(
            int(with_pct["projected_on_schedule"].sum()) if has_targets else None
        ),
        without_target=[t for t in names if t not in set(targets.index)] if has_targets else [],
        unassigned=unassigned,
        close_to_schedule=_close_to_schedule(table, close_to_schedule_pp),
    )

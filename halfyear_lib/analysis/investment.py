"""Industrial investment in depth: the project library, its effective balance, the
schedule against fixed-asset investment, stock versus new projects, the pipeline of
projects about to enter the library (拟入库) and attracted projects left out of it.

Amounts in 亿元, rates in %. Every function first cuts the data at the period
(``ds.as_of(period)``), so later data change nothing. Rules:

- in the library at the period: ``in_library`` and ``library_month <= period``.
- completed (已完成) of a project = Σ of its ``project_monthly`` investment up to the
  period, all years; remaining balance (剩余余额) = max(planned_total - completed, 0).
- effective balance (有效余额) = remaining balance minus what cannot become reported
  investment this year, in three groups (a project falls in the first that applies):
  ``fully_reported`` (balance <= 0 or constraint fully_reported: its whole balance),
  ``cannot_report`` (constraint cannot_report: its whole balance), ``capped``
  (``monthly_cap`` set: it may add at most cap x months left in the year, 12 - month;
  the excess max(balance - cap x months left, 0) is excluded). The three groups and the
  effective balance add up to the remaining balance exactly.
- schedule per indicator (:func:`indicators.indicator_status`): completion_pct =
  value / target x 100, gap_pp = completion_pct - time progress, shortfall = target x
  month / 12 - value, monthly_needed = max(target - value, 0) / (12 - month) (None in
  December or without a value target).
- new entries: library entries of the period's year (library_month in the year, <= the
  period); new_share_pct = entries of kind ``new`` / all entries x 100; planned_total =
  their Σ planned_total; over_100m = those with planned_total >= 1亿元 (the library's rule).
- pipeline: projects with not_in_library_reason ``pending`` (拟入库) and an
  ``expected_library_month`` after the period within the year. What one can add this
  year: its planned total, or with a ``monthly_cap`` min(planned, cap x months from the
  expected month to December inclusive) -- an upper bound: a project is assumed able to
  report its whole plan once in the library. over_100m and by_month (expected month):
  {count, planned}.
- not in library: attracted projects (``attraction``) not in the library, except the
  pending ones, by reason; a project without a reason is counted as ``unspecified``.
With no projects table, or no project of the region, every project part says
``available=False`` with ``reason="no_projects"``; the schedule needs only indicators.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..data.dataset import DataSet
from ..data.periods import Period, time_progress_pct
from ..data.schema import PROJECT_KINDS
from .indicators import indicator_status

OVER_100M = 1.0  # 亿元: "projects of 1亿元 and more"
SCHEDULE_INDICATORS: tuple[str, ...] = (
    "industrial_investment",
    "tech_investment",
    "fixed_asset_investment",
)
EXCLUDED_GROUPS: tuple[str, ...] = ("fully_reported", "cannot_report", "capped")
NO_PROJECTS = "no_projects"


def _month(period: Period) -> pd.Period:
    return pd.Period(f"{period.year}-{period.month:02d}", "M")


def _projects(cut: DataSet, region_id: str) -> pd.DataFrame:
    """The region's projects with ``completed`` (Σ reported, all years) attached."""
    if "projects" not in cut.tables:
        return pd.DataFrame()
    p = cut["projects"]
    p = p.loc[p["region_id"] == region_id].copy()
    if p.empty:
        return p
    monthly = cut.tables.get("project_monthly")
    if monthly is not None and not monthly.empty:
        done = monthly.groupby("project_id")["investment"].sum()
        p["completed"] = p["project_id"].map(done).fillna(0.0).astype("float64")
    else:
        p["completed"] = 0.0
    p["planned_total"] = p["planned_total"].astype("float64")
    p["in_library"] = p["in_library"].fillna(False).astype(bool)
    return p.reset_index(drop=True)


def _in_library(p: pd.DataFrame, period: Period) -> pd.DataFrame:
    lib = p.loc[p["in_library"] & p["library_month"].notna()]
    return lib.loc[lib["library_month"] <= _month(period)]


def _cap(x) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def _over_100m(projects: list[dict]) -> dict:
    """{count, planned} of the projects whose ``planned`` (亿元) is >= ``OVER_100M``."""
    big = [p["planned"] for p in projects if p["planned"] >= OVER_100M]
    return {"count": len(big), "planned": float(sum(big))}


# ---------------------------------------------------------------- library


@dataclass
class ExcludedGroup:
    """Projects whose balance (or part of it) cannot be reported this year."""

    name: str
    projects: list[dict] = field(default_factory=list)  # project_id, name, township, balance

    @property
    def count(self) -> int:
        return len(self.projects)

    @property
    def balance(self) -> float:
        """The excluded amount (亿元)."""
        return float(sum(p["balance"] for p in self.projects))

    def to_results(self) -> dict:
        return {"count": self.count, "balance": self.balance, "projects": list(self.projects)}


@dataclass
class Library:
    """Projects in the library at the period, and their effective balance."""

    region_id: str
    period: Period
    available: bool
    reason: str | None = None
    projects: int = 0
    by_kind: dict[str, dict] = field(default_factory=dict)  # kind -> {count, planned}
    over_100m: dict = field(default_factory=dict)  # {count, planned, completed}
    planned_total: float | None = None
    completed: float | None = None
    remaining_balance: float | None = None
    excluded: dict[str, ExcludedGroup] = field(default_factory=dict)
    months_left: int = 0

    @property
    def effective_balance(self) -> float | None:
        if not self.available:
            return None
        return self.remaining_balance - sum(g.balance for g in self.excluded.values())

    def to_results(self) -> dict:
        """The entries under ``investment.library``."""
        return {
            "available": self.available,
            "reason": self.reason,
            "projects": self.projects,
            "by_kind": self.by_kind,
            "over_100m": self.over_100m,
            "planned_total": self.planned_total,
            "completed": self.completed,
            "remaining_balance": self.remaining_balance,
            "effective_balance": self.effective_balance,
            "months_left": self.months_left,
        }

    def excluded_results(self) -> dict:
        """The entries under ``investment.excluded``."""
        if not self.available:
            return {"available": False, "reason": self.reason}
        return {name: g.to_results() for name, g in self.excluded.items()}


def library(ds: DataSet, region_id: str, period: Period) -> Library:
    """Project library at the period: counts, planned, completed, balances and exclusions."""
    cut = ds.as_of(period)
    p = _projects(cut, region_id)
    if p.empty:
        return Library(region_id, period, available=False, reason=NO_PROJECTS)
    lib = _in_library(p, period).copy()
    balance = lib["planned_total"] - lib["completed"]
    # sums of 万元 figures converted to 亿元 leave float noise (1e-16) on a finished plan
    lib["balance"] = balance.where(balance > 1e-9, 0.0)
    by_kind = {}
    for kind in PROJECT_KINDS:
        rows = lib.loc[lib["kind"] == kind]
        by_kind[kind] = {"count": len(rows), "planned": float(rows["planned_total"].sum())}
    big = lib.loc[lib["planned_total"] >= OVER_100M]
    months_left = 12 - period.month
    groups = {name: ExcludedGroup(name) for name in EXCLUDED_GROUPS}
    for r in lib.itertuples(index=False):
        item = {"project_id": r.project_id, "name": r.name, "township": r.township}
        cap = _cap(r.monthly_cap)
        if r.balance <= 0 or r.constraint == "fully_reported":
            groups["fully_reported"].projects.append({**item, "balance": float(r.balance)})
        elif r.constraint == "cannot_report":
            groups["cannot_report"].projects.append({**item, "balance": float(r.balance)})
        elif cap is not None:
            reportable = cap * months_left
            excess = max(float(r.balance) - reportable, 0.0)
            if excess > 0:
                groups["capped"].projects.append(
                    {**item, "balance": excess, "monthly_cap": cap, "reportable": reportable}
                )
    return Library(
        region_id,
        period,
        available=True,
        projects=len(lib),
        by_kind=by_kind,
        over_100m={
            "count": len(big),
            "planned": float(big["planned_total"].sum()),
            "completed": float(big["completed"].sum()),
        },
        planned_total=float(lib["planned_total"].sum()),
        completed=float(lib["completed"].sum()),
        remaining_balance=float(lib["balance"].sum()),
        excluded=groups,
        months_left=months_left,
    )


# ---------------------------------------------------------------- schedule


@dataclass
class ScheduleRow:
    """One investment indicator against its value target and the time schedule."""

    code: str
    label: str
    value: float | None
    target: float | None
    completion_pct: float | None
    time_progress_pct: float
    gap_pp: float | None
    shortfall: float | None
    monthly_needed: float | None
    yoy_pct: float | None = None

    def to_results(self) -> dict:
        return {
            "value": self.value,
            "target": self.target,
            "completion_pct": self.completion_pct,
            "time_progress_pct": self.time_progress_pct,
            "gap_pp": self.gap_pp,
            "shortfall": self.shortfall,
            "monthly_needed": self.monthly_needed,
            "yoy_pct": self.yoy_pct,
        }


@dataclass
class Schedule:
    """Industrial, technical-renovation and fixed-asset investment against the schedule."""

    region_id: str
    period: Period
    rows: list[ScheduleRow]

    @property
    def available(self) -> bool:
        return any(r.value is not None for r in self.rows)

    @property
    def reason(self) -> str | None:
        return None if self.available else "no_data"

    def row(self, code: str) -> ScheduleRow:
        for r in self.rows:
            if r.code == code:
                return r
        raise KeyError(code)

    @property
    def lagging_most(self) -> str | None:
        """The code with the lowest schedule gap (None when no gap is known)."""
        known = [r for r in self.rows if r.gap_pp is not None]
        return min(known, key=lambda r: r.gap_pp).code if known else None

    @property
    def industry_holds_back(self) -> bool | None:
        """Industrial investment lags the schedule more than total fixed-asset investment."""
        try:
            ind, fai = self.row("industrial_investment"), self.row("fixed_asset_investment")
        except KeyError:
            return None
        if ind.gap_pp is None or fai.gap_pp is None:
            return None
        return ind.gap_pp < fai.gap_pp

    def to_results(self) -> dict:
        """The entries under ``investment.schedule``: {code: {...}} plus the flags."""
        out: dict = {r.code: r.to_results() for r in self.rows}
        out["available"] = self.available
        out["reason"] = self.reason
        out["lagging_most"] = self.lagging_most
        out["industry_holds_back"] = self.industry_holds_back
        return out


def schedule(
    ds: DataSet,
    region_id: str,
    period: Period,
    indicators: tuple[str, ...] = SCHEDULE_INDICATORS,
) -> Schedule:
    """Value, target, completion, gap, shortfall and monthly pace needed per indicator."""
    cut = ds.as_of(period)
    rows = []
    left = 12 - period.month
    for code in indicators:
        s = indicator_status(cut, region_id, code, period)
        needed = None
        if s.target is not None and s.value is not None and left > 0:
            needed = max(s.target - s.value, 0.0) / left
        rows.append(
            ScheduleRow(
                code=code,
                label=s.label,
                value=s.value,
                target=s.target,
                completion_pct=s.target_share_pct,
                time_progress_pct=time_progress_pct(period.month),
                gap_pp=s.schedule_gap_pp,
                shortfall=s.shortfall,
                monthly_needed=needed,
                yoy_pct=s.yoy_pct,
            )
        )
    return Schedule(region_id, period, rows)


# ---------------------------------------------------------------- new entries


@dataclass
class NewEntries:
    """This year's library entries, by kind and by month."""

    region_id: str
    period: Period
    available: bool
    reason: str | None = None
    total: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)
    by_month: dict[str, int] = field(default_factory=dict)  # "YYYY-MM" -> count
    projects: list[dict] = field(default_factory=list)

    @property
    def new_projects(self) -> int:
        return self.by_kind.get("new", 0)

    @property
    def new_share_pct(self) -> float | None:
        return self.new_projects / self.total * 100 if self.total else None

    @property
    def planned_total(self) -> float | None:
        """Σ planned_total of this year's entries (亿元); None without a project list."""
        if not self.available:
            return None
        return float(sum(p["planned"] for p in self.projects))

    @property
    def over_100m(self) -> dict | None:
        """Entries with planned_total >= 1亿元 (``OVER_100M``, the library's rule)."""
        return _over_100m(self.projects) if self.available else None

    def to_results(self) -> dict:
        return {
            "available": self.available,
            "reason": self.reason,
            "total": self.total,
            "by_kind": self.by_kind,
            "new_projects": self.new_projects if self.available else None,
            "new_share_pct": self.new_share_pct,
            "by_month": self.by_month,
            "planned_total": self.planned_total,
            "over_100m": self.over_100m,
        }


def new_entries(ds: DataSet, region_id: str, period: Period) -> NewEntries:
    """Library entries of the period's year up to the period."""
    cut = ds.as_of(period)
    p = _projects(cut, region_id)
    if p.empty:
        return NewEntries(region_id, period, available=False, reason=NO_PROJECTS)
    lib = _in_library(p, period)
    lib = lib.loc[[m.year == period.year for m in lib["library_month"]]]
    lib = lib.sort_values(["library_month", "project_id"])
    by_kind = {kind: int((lib["kind"] == kind).sum()) for kind in PROJECT_KINDS}
    by_month: dict[str, int] = {}
    for m in lib["library_month"]:
        by_month[str(m)] = by_month.get(str(m), 0) + 1
    projects = [
        {
            "project_id": r.project_id,
            "name": r.name,
            "township": r.township,
            "kind": r.kind,
            "library_month": str(r.library_month),
            "planned": float(r.planned_total),
        }
        for r in lib.itertuples(index=False)
    ]
    return NewEntries(
        region_id,
        period,
        available=True,
        total=len(lib),
        by_kind=by_kind,
        by_month=by_month,
        projects=projects,
    )


# ---------------------------------------------------------------- pipeline


@dataclass
class Pipeline:
    """Projects about to enter the library (拟入库) later this year."""

    region_id: str
    period: Period
    available: bool
    reason: str | None = None
    projects: list[dict] = field(default_factory=list)
    # pending projects outside the window: expected month missing, past or next year
    other_pending: int = 0

    @property
    def count(self) -> int:
        return len(self.projects)

    @property
    def planned_total(self) -> float:
        return float(sum(p["planned"] for p in self.projects))

    @property
    def this_year(self) -> float:
        return float(sum(p["this_year"] for p in self.projects))

    @property
    def over_100m(self) -> dict | None:
        """Pipeline projects with planned_total >= 1亿元 (``OVER_100M``): {count, planned}."""
        return _over_100m(self.projects) if self.available else None

    @property
    def by_month(self) -> dict[str, dict] | None:
        """{"YYYY-MM": {count, planned}} by expected_library_month, in month order."""
        if not self.available:
            return None
        out: dict[str, dict] = {}
        for p in sorted(self.projects, key=lambda p: p["expected_library_month"]):
            month = out.setdefault(p["expected_library_month"], {"count": 0, "planned": 0.0})
            month["count"] += 1
            month["planned"] += p["planned"]
        return out

    def to_results(self) -> dict:
        return {
            "available": self.available,
            "reason": self.reason,
            "count": self.count,
            "planned_total": self.planned_total if self.available else None,
            "this_year": self.this_year if self.available else None,
            "other_pending": self.other_pending,
            "over_100m": self.over_100m,
            "by_month": self.by_month,
            "projects": list(self.projects),
        }


def pipeline(ds: DataSet, region_id: str, period: Period) -> Pipeline:
    """Pending projects expected to enter after the period within the year."""
    cut = ds.as_of(period)
    p = _projects(cut, region_id)
    if p.empty:
        return Pipeline(region_id, period, available=False, reason=NO_PROJECTS)
    pending = p.loc[(p["not_in_library_reason"] == "pending") & ~p["in_library"]]
    now = _month(period)
    projects, other = [], 0
    for r in pending.sort_values(["expected_library_month", "project_id"]).itertuples(index=False):
        em = r.expected_library_month
        if pd.isna(em) or em <= now or em.year != period.year:
            other += 1
            continue
        months = 12 - em.month + 1
        cap = _cap(r.monthly_cap)
        planned = float(r.planned_total)
        this_year = min(planned, cap * months) if cap is not None else planned
        projects.append(
            {
                "project_id": r.project_id,
                "name": r.name,
                "township": r.township,
                "kind": r.kind,
                "expected_library_month": str(em),
                "planned": planned,
                "monthly_cap": cap,
                "this_year": this_year,
            }
        )
    return Pipeline(region_id, period, available=True, projects=projects, other_pending=other)


# ---------------------------------------------------------------- not in library


@dataclass
class NotInLibrary:
    """Attracted projects left out of the library, by reason."""

    region_id: str
    period: Period
    available: bool
    reason: str | None = None
    by_reason: dict[str, dict] = field(default_factory=dict)  # {count, planned, projects}

    @property
    def count(self) -> int:
        return sum(g["count"] for g in self.by_reason.values())

    @property
    def total(self) -> float:
        return float(sum(g["planned"] for g in self.by_reason.values()))

    @property
    def over_100m(self) -> int:
        return sum(
            1 for g in self.by_reason.values() for p in g["projects"] if p["planned"] >= OVER_100M
        )

    def to_results(self) -> dict:
        return {
            "available": self.available,
            "reason": self.reason,
            "count": self.count,
            "over_100m": self.over_100m,
            "total": self.total if self.available else None,
            "by_reason": self.by_reason,
        }


def not_in_library(ds: DataSet, region_id: str, period: Period) -> NotInLibrary:
    """Attracted projects not in the library at the period (pending ones excluded)."""
    cut = ds.as_of(period)
    p = _projects(cut, region_id)
    if p.empty:
        return NotInLibrary(region_id, period, available=False, reason=NO_PROJECTS)
    attracted = p["attraction"].fillna(False).astype(bool)
    out = p.loc[attracted & ~p["in_library"]].copy()
    out["why"] = out["not_in_library_reason"].where(
        out["not_in_library_reason"].notna(), "unspecified"
    )
    out = out.loc[out["why"] != "pending"].sort_values(["why", "project_id"])
    by_reason: dict[str, dict] = {}
    for r in out.itertuples(index=False):
        g = by_reason.setdefault(r.why, {"count": 0, "planned": 0.0, "projects": []})
        g["count"] += 1
        g["planned"] += float(r.planned_total)
        g["projects"].append(
            {
                "project_id": r.project_id,
                "name": r.name,
                "township": r.township,
                "planned": float(r.planned_total),
            }
        )
    return NotInLibrary(region_id, period, available=True, by_reason=by_reason)


# ---------------------------------------------------------------- all of it


@dataclass
class InvestmentReport:
    """Every investment part of a region at a period (townships are elsewhere)."""

    region_id: str
    period: Period
    library: Library
    schedule: Schedule
    new_entries: NewEntries
    pipeline: Pipeline
    not_in_library: NotInLibrary

    @property
    def has_projects(self) -> bool:
        return self.library.available

    def to_results(self) -> dict:
        return {
            "investment": {
                "library": self.library.to_results(),
                "excluded": self.library.excluded_results(),
                "schedule": self.schedule.to_results(),
                "new_entries": self.new_entries.to_results(),
                "pipeline": self.pipeline.to_results(),
                "not_in_library": self.not_in_library.to_results(),
            }
        }


def investment_report(ds: DataSet, region_id: str, period: Period) -> InvestmentReport:
    """Library, effective balance, schedule, new entries, pipeline and projects left out."""
    return InvestmentReport(
        region_id,
        period,
        library=library(ds, region_id, period),
        schedule=schedule(ds, region_id, period),
        new_entries=new_entries(ds, region_id, period),
        pipeline=pipeline(ds, region_id, period),
        not_in_library=not_in_library(ds, region_id, period),
    )

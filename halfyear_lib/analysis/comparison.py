"""What a unit's report compares it with: its parent, else its own units.

A county, district or zone is compared with its city, and a city with its province when
the data hold one (``regions.parent_id``, at any depth). A unit with no parent in the
data (a city whose province is not in the data set, or a parent without any indicator
row) is never compared with itself: it is compared with its own units (the units whose
``parent_id`` is the unit), side by side. A unit with neither is compared with nothing,
and the page says so.

Formulas (amounts in 亿元, rates in percent):
- gap (pp) = growth of the unit - growth of what it is compared with (positive = faster).
- share (%) = cumulative value of the unit / cumulative value of the whole x 100 (the
  unit's share of its parent, or each unit's share of the unit reported on); needs levels
  of both, so growth-only data have no share.
- range of the units' growth: lowest and highest growth among the units with a rate,
  spread (pp) = highest - lowest, the median, and how many units grow faster than the
  whole (its own published rate) and how many slower.
- rank of a unit among the units: by growth as published (one decimal), ties sharing a
  rank, among the units in the "city" rank group (see :mod:`halfyear_lib.analysis.ranks`).
Everything is computed on the data cut at the period.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..data.dataset import DataSet
from ..data.periods import Period
from ..data.schema import HEADLINE_INDICATORS
from .indicators import growth_history, growth_table, history_to_results, ranking
from .ranks import group_members, rank_table, round_published

PARENT, UNITS, NONE = "parent", "units", "none"
UNITS_COLUMNS = ["indicator", "region_id", "name", "kind", "value", "yoy_pct", "yoy_source",
                 "gap_pp", "share_pct", "rank"]  # fmt: skip


def _num(x) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def _text(x) -> str:
    return "" if x is None or pd.isna(x) else str(x).strip()


@dataclass(frozen=True)
class Comparator:
    """What the report of ``region_id`` compares it with.

    ``kind``: "parent" (``comparator_id`` is the unit's parent: the city of a county, the
    province of a city), "units" (the unit's own units, ``unit_ids``; no parent with data)
    or "none". ``declared_parent`` is the parent_id written in the regions table, even when
    that unit is not in the data; ``reason`` says why the parent is not used: "no_parent"
    (none written), "parent_not_in_data" (not in the regions table) or
    "parent_without_data" (no indicator row). The whole the unit is compared within
    (全市 for a city's units, 全省 for a province's) is worded from ``comparator_kind`` or
    ``region_kind`` by text/zh/ranks.py (``comparison_scope``).
    """

    region_id: str
    region_name: str
    region_kind: str
    kind: str
    comparator_id: str | None = None
    comparator_name: str | None = None
    comparator_kind: str | None = None
    unit_ids: tuple[str, ...] = ()
    declared_parent: str | None = None
    reason: str | None = None

    @property
    def has_units(self) -> bool:
        return bool(self.unit_ids)

    def to_results(self) -> dict:
        return {
            "kind": self.kind,
            "comparator_id": self.comparator_id,
            "comparator_name": self.comparator_name,
            "comparator_kind": self.comparator_kind,
            "declared_parent": self.declared_parent,
            "reason": self.reason,
            "units_of": list(self.unit_ids),
        }


def comparator(ds: DataSet, region_id: str) -> Comparator:
    """The parent when the data have it (with indicator rows), else the unit's own units."""
    regions = ds.regions
    name = ds.region_name(region_id)  # a clear KeyError for an unknown unit
    mine = regions.loc[regions["region_id"] == region_id].iloc[0]
    kind = _text(mine.get("kind"))
    parent = _text(mine.get("parent_id")) or None
    if parent == region_id:
        parent = None
    parents = regions["parent_id"].astype(object).where(regions["parent_id"].notna(), "")
    children = regions.loc[
        (parents.astype(str).str.strip() == region_id) & (regions["region_id"] != region_id),
        "region_id",
    ]
    unit_ids = tuple(str(c) for c in children)
    common = dict(region_id=region_id, region_name=name, region_kind=kind, unit_ids=unit_ids,
                  declared_parent=parent)  # fmt: skip
    reason = None
    if parent is None:
        reason = "no_parent"
    elif parent not in set(regions["region_id"]):
        reason = "parent_not_in_data"
    elif not (ds.indicators["region_id"] == parent).any():
        reason = "parent_without_data"
    else:
        row = regions.loc[regions["region_id"] == parent].iloc[0]
        parent_kind = _text(row.get("kind"))
        return Comparator(
            kind=PARENT,
            comparator_id=parent,
            comparator_name=str(row["name"]),
            comparator_kind=parent_kind or None,
            **common,
        )
    if unit_ids:
        return Comparator(kind=UNITS, reason=reason, **common)
    return Comparator(kind=NONE, reason=reason, **common)


def parent_frame(
    cut: DataSet, comp: Comparator, indicators: list[str], period: Period
) -> pd.DataFrame:
    """The unit beside its parent, one row per indicator: indicator, yoy_pct,
    comparator_yoy_pct, gap_pp, value, comparator_value, share_pct."""
    rows = []
    for code in indicators:
        table = growth_table(cut, code, period).set_index("region_id")
        mine = table.loc[comp.region_id]
        other = table.loc[comp.comparator_id]
        yoy, other_yoy = _num(mine["yoy_pct"]), _num(other["yoy_pct"])
        value, other_value = _num(mine["value"]), _num(other["value"])
        rows.append(
            {
                "indicator": code,
                "yoy_pct": yoy,
                "comparator_yoy_pct": other_yoy,
                "gap_pp": None if yoy is None or other_yoy is None else yoy - other_yoy,
                "value": value,
                "comparator_value": other_value,
                "share_pct": (
                    value / other_value * 100
                    if value is not None and other_value not in (None, 0.0)
                    else None
                ),
            }
        )
    return pd.DataFrame(rows)


def units_frame(
    cut: DataSet, comp: Comparator, indicators: list[str], period: Period
) -> pd.DataFrame:
    """The unit's own units side by side, one row per indicator and unit.

    Columns: indicator, region_id, name, kind, value, yoy_pct, yoy_source, gap_pp (the
    unit's growth - the whole's), share_pct (the unit's value / the whole's x 100), rank
    (among the units in the "city" rank group, by published growth; None outside it or
    without a rate). Units in the order of the regions table.
    """
    members = set(group_members(cut.regions, "city")) & set(comp.unit_ids)
    frames = []
    for code in indicators:
        table = growth_table(cut, code, period)
        whole = table.loc[table["region_id"] == comp.region_id].iloc[0]
        total_yoy, total_value = _num(whole["yoy_pct"]), _num(whole["value"])
        units = table.loc[table["region_id"].isin(comp.unit_ids)].copy()
        units = units.set_index("region_id").loc[list(comp.unit_ids)].reset_index()
        ranked = rank_table(units, [u for u in comp.unit_ids if u in members])
        units = units.merge(ranked[["region_id", "rank"]], on="region_id", how="left")
        units["gap_pp"] = units["yoy_pct"] - total_yoy if total_yoy is not None else float("nan")
        share = units["value"] / total_value * 100 if total_value else float("nan")
        units["share_pct"] = share
        units.insert(0, "indicator", code)
        frames.append(units[UNITS_COLUMNS])
    return pd.concat(frames, ignore_index=True)


@dataclass(frozen=True)
class UnitsSummary:
    """The range of the units' growth for one indicator, against the whole."""

    indicator: str
    total_yoy_pct: float | None
    total_value: float | None
    n_units: int
    n_with_growth: int
    n_above_total: int | None  # units growing faster than the whole (None: no total rate)
    n_below_total: int | None
    max_region_id: str | None
    max_yoy_pct: float | None
    min_region_id: str | None
    min_yoy_pct: float | None
    median_yoy_pct: float | None
    spread_pp: float | None
    shares_sum_pct: float | None  # the units' values / the whole's: how much they cover
    largest_share_region_id: str | None
    largest_share_pct: float | None

    def to_results(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "indicator"}


def summarize_units(frame: pd.DataFrame, totals: dict[str, tuple]) -> dict[str, UnitsSummary]:
    """{indicator: :class:`UnitsSummary`} from :func:`units_frame`.

    ``totals`` maps indicator -> (growth %, value) of the whole. A unit is above the whole
    when its published growth (one decimal) is above the whole's, as a release compares.
    """
    out = {}
    for code, f in frame.groupby("indicator", sort=False):
        total_yoy, total_value = totals.get(code, (None, None))
        g = f.loc[f["yoy_pct"].notna()]
        top = g.loc[g["yoy_pct"].idxmax()] if len(g) else None
        low = g.loc[g["yoy_pct"].idxmin()] if len(g) else None
        above = below = None
        if total_yoy is not None:
            published = g["yoy_pct"].map(round_published)
            whole = round_published(total_yoy)
            above, below = int((published > whole).sum()), int((published < whole).sum())
        shares = f.loc[f["share_pct"].notna()]
        big = shares.loc[shares["share_pct"].idxmax()] if len(shares) else None
        out[code] = UnitsSummary(
            indicator=code,
            total_yoy_pct=total_yoy,
            total_value=total_value,
            n_units=len(f),
            n_with_growth=len(g),
            n_above_total=above,
            n_below_total=below,
            max_region_id=None if top is None else str(top["region_id"]),
            max_yoy_pct=None if top is None else float(top["yoy_pct"]),
            min_region_id=None if low is None else str(low["region_id"]),
            min_yoy_pct=None if low is None else float(low["yoy_pct"]),
            median_yoy_pct=float(g["yoy_pct"].median()) if len(g) else None,
            spread_pp=None if top is None else float(top["yoy_pct"] - low["yoy_pct"]),
            shares_sum_pct=float(shares["share_pct"].sum()) if len(shares) else None,
            largest_share_region_id=None if big is None else str(big["region_id"]),
            largest_share_pct=None if big is None else float(big["share_pct"]),
        )
    return out


def units_band(history: pd.DataFrame, comp: Comparator) -> pd.DataFrame:
    """The range of the units' cumulative growth at each period, beside the whole's.

    From :func:`growth_history` of the unit and its units. Columns: indicator, year,
    month, label, total_yoy_pct, lo, hi, median, n (units with a rate at that period).
    """
    keys = ["indicator", "year", "month", "label"]
    units = history.loc[history["region_id"].isin(comp.unit_ids) & history["yoy_pct"].notna()]
    band = units.groupby(keys, sort=False)["yoy_pct"].agg(
        lo="min", hi="max", median="median", n="count"
    )
    total = history.loc[history["region_id"] == comp.region_id, keys + ["yoy_pct"]]
    total = total.rename(columns={"yoy_pct": "total_yoy_pct"})
    periods = history[keys].drop_duplicates()
    out = periods.merge(total, on=keys, how="left").merge(band.reset_index(), on=keys, how="left")
    out["n"] = out["n"].fillna(0).astype(int)
    order = {code: i for i, code in enumerate(dict.fromkeys(history["indicator"]))}
    out["order"] = out["indicator"].map(order)
    out = out.sort_values(["order", "year", "month"], ignore_index=True)
    return out[["indicator", "year", "month", "label", "total_yoy_pct", "lo", "hi", "median", "n"]]


@dataclass
class Comparison:
    """Everything the comparison section of a report shows (see the module docstring).

    ``history``: cumulative growth by period of the unit and what it is compared with
    (its parent, or its units), for the chart; ``parent``: :func:`parent_frame` (kind
    "parent"); ``units`` / ``units_summary`` / ``band``: the unit's own units (whenever it
    has some, whatever the kind); ``units_rankings``: {indicator: ranking of the units}.
    """

    comparator: Comparator
    period: Period
    indicators: list[str]
    history: pd.DataFrame
    parent: pd.DataFrame | None = None
    units: pd.DataFrame | None = None
    units_summary: dict[str, UnitsSummary] = field(default_factory=dict)
    band: pd.DataFrame | None = None
    units_rankings: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.comparator.kind

    def to_results(self) -> dict:
        out = self.comparator.to_results()
        if self.parent is not None:
            out["parent"] = {
                r["indicator"]: {k: _num(v) for k, v in r.items() if k != "indicator"}
                for r in self.parent.to_dict("records")
            }
        if self.units is not None:
            units = {}
            for code, s in self.units_summary.items():
                f = self.units.loc[self.units["indicator"] == code]
                units[code] = s.to_results() | {
                    "by_unit": [
                        {
                            "region_id": r["region_id"],
                            "name": r["name"],
                            "kind": _text(r["kind"]) or None,
                            "value": _num(r["value"]),
                            "yoy_pct": _num(r["yoy_pct"]),
                            "gap_pp": _num(r["gap_pp"]),
                            "share_pct": _num(r["share_pct"]),
                            "rank": None if pd.isna(r["rank"]) else int(r["rank"]),
                        }
                        for r in f.to_dict("records")
                    ]
                }
            out["units"] = units
        if self.band is not None:
            band: dict = {}
            for r in self.band.itertuples(index=False):
                band.setdefault(r.indicator, {})[f"{r.year}-{r.month:02d}"] = {
                    "lo": _num(r.lo),
                    "hi": _num(r.hi),
                    "median": _num(r.median),
                    "n": int(r.n),
                }
            out["units_range"] = band
        return out

    def rankings_to_show(self, peers: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
        """The rankings a report draws: the unit among its peers (``peers``, from
        :func:`ranking`), or, for a unit without a parent, its own units. A ranking of
        the unit alone (its group holds no other unit with data) is left empty."""
        if self.kind != PARENT and self.units_rankings:
            return self.units_rankings
        return {code: r.iloc[0:0] if self.ranks_only_itself(r) else r for code, r in peers.items()}

    def ranks_only_itself(self, ranked: pd.DataFrame) -> bool:
        """The ranking holds the unit and nothing else."""
        return len(ranked) == 1 and ranked["region_id"].iloc[0] == self.comparator.region_id

    def reference_growth(self) -> dict[str, float]:
        """{indicator: growth of the whole (%)} to draw beside its units' ranking (empty
        when the ranking drawn is the unit among its peers)."""
        if self.kind == PARENT or not self.units_rankings:
            return {}
        return {
            code: s.total_yoy_pct
            for code, s in self.units_summary.items()
            if s.total_yoy_pct is not None
        }

    def history_results(self) -> dict:
        """``growth_history`` entries of the charted units."""
        return history_to_results(self.history)


def comparison(
    ds: DataSet,
    region_id: str,
    period: Period,
    indicators: tuple[str, ...] | list[str] = HEADLINE_INDICATORS,
    years: int = 2,
) -> Comparison:
    """The comparison of a unit at a period with its parent, else with its own units."""
    codes = list(indicators)
    comp = comparator(ds, region_id)
    cut = ds.as_of(period)
    charted = [region_id]
    if comp.kind == PARENT:
        charted.append(comp.comparator_id)
    elif comp.kind == UNITS:
        charted += list(comp.unit_ids)
    history = growth_history(ds, charted, codes, period, years=years)
    result = Comparison(comp, period, codes, history)
    if comp.kind == PARENT:
        result.parent = parent_frame(cut, comp, codes, period)
    if comp.has_units:
        result.units = units_frame(cut, comp, codes, period)
        totals = {}
        for code in codes:
            whole = growth_table(cut, code, period)
            whole = whole.loc[whole["region_id"] == region_id].iloc[0]
            totals[code] = (_num(whole["yoy_pct"]), _num(whole["value"]))
        result.units_summary = summarize_units(result.units, totals)
        members = [u for u in group_members(cut.regions, "city") if u in comp.unit_ids]
        if members:
            result.units_rankings = {
                code: ranking(ds, code, period, "city", members[0]) for code in codes
            }
    if comp.kind == UNITS:
        result.band = units_band(history, comp)
    return result

"""Headline indicators of a region for a period: value, growth, target, schedule, ranks.

Formulas (amounts in 亿元, rates in percent):
- growth: the official comparable-basis rate when given ("official"); otherwise
  (value / comparable base - 1) x 100 when the office supplied the base B ("base");
  otherwise (value / value of the same period last year - 1) x 100 ("computed"), which
  mixes enterprise sets and is flagged as such.
- share of annual target = value / target x 100
- time progress (时序进度) = month / 12 x 100
- schedule gap (pp) = share of target - time progress (negative = behind schedule)
- shortfall (亿元) = target x month / 12 - value (positive = behind schedule)
- growth gap (pp) = growth - growth target (positive = above the target growth)
Every computation first cuts the data set at the period, so later data change nothing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

from ..data.dataset import DataSet
from ..data.periods import Period, time_progress_pct
from ..data.schema import HEADLINE_INDICATORS, INDICATORS, RANK_GROUPS
from .cumulative import series
from .quarters import Quarters, quarters
from .ranks import Rank, group_members, rank_of, rank_table
from .status import schedule_status
from .targets import given_target

PUBLISHED_RANK_COLUMNS = ("rank_city", "rank_city_of", "rank_counties", "rank_counties_of")


def growth_table(ds: DataSet, indicator: str, period: Period) -> pd.DataFrame:
    """Growth of every region for an indicator at a period.

    Columns: region_id, name, kind, value, value_prev, yoy_pct, yoy_source and the
    published ranks (rank_city, rank_city_of, rank_counties, rank_counties_of); one row
    per region of the regions table (NaN where a region has no data). Vectorised.
    """
    ind = ds.indicators
    ind = ind.loc[ind["indicator"] == indicator]
    now = ind.loc[(ind["year"] == period.year) & (ind["month"] == period.month)]
    prev = ind.loc[(ind["year"] == period.year - 1) & (ind["month"] == period.month)]
    df = ds.regions[["region_id", "name", "kind"]].merge(
        now[["region_id", "value", "yoy_pct", "base", *PUBLISHED_RANK_COLUMNS]],
        on="region_id",
        how="left",
    )
    df = df.merge(
        prev[["region_id", "value"]].rename(columns={"value": "value_prev"}),
        on="region_id",
        how="left",
    )
    _resolve_growth(df)
    cols = ["region_id", "name", "kind", "value", "value_prev", "yoy_pct", "yoy_source"]
    return df[cols + list(PUBLISHED_RANK_COLUMNS)]


def _resolve_growth(df: pd.DataFrame) -> pd.DataFrame:
    """Fill ``yoy_pct`` and ``yoy_source`` in place from value, value_prev, yoy_pct, base.

    Order of preference: the official rate, the rate on the comparable base, the rate
    on last year's published level.
    """
    from_base = (df["value"] / df["base"] - 1) * 100
    from_base = from_base.where(df["base"].notna() & (df["base"] != 0))
    from_levels = (df["value"] / df["value_prev"] - 1) * 100
    from_levels = from_levels.where(df["value_prev"].notna() & (df["value_prev"] != 0))
    source = pd.Series(None, index=df.index, dtype=object)
    yoy = df["yoy_pct"].astype("float64")
    for name, candidate in (("official", yoy), ("base", from_base), ("computed", from_levels)):
        fill = source.isna() & candidate.notna()
        source[fill] = name
        yoy = yoy.where(~fill | yoy.notna(), candidate)
    df["yoy_pct"] = yoy
    # object dtype keeps None (a str column would turn it into NaN)
    df["yoy_source"] = pd.Series(
        [x if isinstance(x, str) else None for x in source], index=df.index, dtype=object
    )
    return df


def as_float(x) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


@dataclass
class IndicatorStatus:
    """One indicator of one region at one period, with targets, schedule and ranks."""

    code: str
    label: str
    unit: str
    value: float | None
    value_prev: float | None
    yoy_pct: float | None
    yoy_source: str | None
    target: float | None
    target_share_pct: float | None
    time_progress_pct: float
    schedule_gap_pp: float | None
    shortfall: float | None
    target_growth_pct: float | None
    growth_gap_pp: float | None
    rank_city: int | None
    rank_city_of: int
    rank_counties: int | None
    rank_counties_of: int
    month_yoy_pct: float | None = None
    month_yoy_source: str | None = None
    ranks: dict[str, Rank] = field(default_factory=dict)  # "city", "counties"
    status: str | None = None  # against the amount target: status.py, as for tasks

    @property
    def has_level(self) -> bool:
        """A cumulative value exists (growth-only inputs have none)."""
        return self.value is not None

    def to_results(self) -> dict:
        out = asdict(self)
        for key in ("code", "label", "ranks"):
            out.pop(key)
        for group, rank in self.ranks.items():
            out.update(rank.to_results(f"rank_{group}"))
        # no rank (a unit outside the group, or alone in it): no group size either, so
        # a reader never sees "of 0" or the size of a group the unit is not in
        for key in [k for k in out if k.startswith("rank_") and k.endswith("_of")]:
            rank_key = key[: -len("_of")]
            if out.get(rank_key) is None:
                out[key] = None
        return out


def indicator_status(
    ds: DataSet, region_id: str, indicator: str, period: Period
) -> IndicatorStatus:
    """Status of one indicator; ``ds`` must already be cut at the period (see headline)."""
    spec = INDICATORS[indicator]
    table = growth_table(ds, indicator, period)
    mine = table.loc[table["region_id"] == region_id].iloc[0]
    value, value_prev, yoy = (as_float(mine[c]) for c in ("value", "value_prev", "yoy_pct"))
    source = mine["yoy_source"]
    target = given_target(ds, region_id, indicator, period.year, "value")
    target_growth = given_target(ds, region_id, indicator, period.year, "growth_pct")
    progress = time_progress_pct(period.month)
    share = gap = shortfall = None
    if target and value is not None:
        share = value / target * 100
        shortfall = target * period.month / 12 - value
        # the gap from the shortfall (gap = share - progress = -shortfall / target x 100),
        # so "on schedule" is one fact: both are exactly 0 together, with the same sign
        gap = -shortfall / target * 100 + 0.0
    growth_gap = yoy - target_growth if (yoy is not None and target_growth is not None) else None
    r_city: Rank = rank_of(table, ds.regions, region_id, "city")
    r_counties: Rank = rank_of(table, ds.regions, region_id, "counties")
    month = single_month_growth(ds, region_id, indicator, period)
    return IndicatorStatus(
        code=indicator,
        label=spec.label,
        unit=spec.unit,
        value=value,
        value_prev=value_prev,
        yoy_pct=yoy,
        yoy_source=source,
        target=target,
        target_share_pct=share,
        time_progress_pct=progress,
        schedule_gap_pp=gap,
        shortfall=shortfall,
        target_growth_pct=target_growth,
        growth_gap_pp=growth_gap,
        rank_city=r_city.rank,
        rank_city_of=r_city.of,
        rank_counties=r_counties.rank,
        rank_counties_of=r_counties.of,
        month_yoy_pct=month.yoy_pct,
        month_yoy_source=month.source,
        ranks={"city": r_city, "counties": r_counties},
        status=schedule_status(share, progress),
    )


@dataclass(frozen=True)
class MonthGrowth:
    """Growth of the single month (当月) of a period, and where it came from.

    ``source``: "official" (a 当月 row of the data), "base" (from the cumulative
    comparable bases: (V_m - V_{m-1}) / (B_m - B_{m-1}) - 1), "computed" (from last
    year's published levels, a different enterprise set) or None (cannot be derived).
    For 1-2月 the single "month" is the January-February total.
    """

    yoy_pct: float | None
    source: str | None


def single_month_growth(ds: DataSet, region_id: str, indicator: str, period: Period) -> MonthGrowth:
    """当月 growth of one indicator at a period (``ds`` cut at the period)."""
    month_rows = ds.single_month_indicators
    hit = month_rows.loc[
        (month_rows["region_id"] == region_id)
        & (month_rows["indicator"] == indicator)
        & (month_rows["year"] == period.year)
        & (month_rows["month"] == period.month),
        "yoy_pct",
    ]
    if len(hit) and pd.notna(hit.iloc[0]):
        return MonthGrowth(float(hit.iloc[0]), "official")
    s = series(ds, region_id, indicator)

    def cum(year: int, month: int, column: str) -> float | None:
        if month < 2:
            return 0.0
        row = s.loc[(s["year"] == year) & (s["month"] == month), column]
        return as_float(row.iloc[0]) if len(row) else None

    if period.month == 2:  # the Jan-Feb "month" is the cumulative period itself
        row = s.loc[(s["year"] == period.year) & (s["month"] == 2)]
        if len(row):
            frame = row.assign(value_prev=cum(period.year - 1, 2, "value"))
            frame = _resolve_growth(frame.reset_index(drop=True))
            yoy = as_float(frame["yoy_pct"].iloc[0])
            if yoy is not None:
                return MonthGrowth(yoy, frame["yoy_source"].iloc[0])
        return MonthGrowth(None, None)
    y, m = period.year, period.month
    v_now, v_before = cum(y, m, "value"), cum(y, m - 1, "value")
    b_now, b_before = cum(y, m, "base"), cum(y, m - 1, "base")
    g_now, g_before = cum(y, m, "yoy_pct"), cum(y, m - 1, "yoy_pct")
    if b_now is not None and b_before is not None and b_now - b_before:
        # levels from the bases and the official rates where no level is given
        if v_now is None and g_now is not None:
            v_now = b_now * (1 + g_now / 100)
        if v_before is None and g_before is not None:
            v_before = b_before * (1 + g_before / 100)
        if v_now is not None and v_before is not None:
            return MonthGrowth(((v_now - v_before) / (b_now - b_before) - 1) * 100, "base")
    p_now, p_before = cum(y - 1, m, "value"), cum(y - 1, m - 1, "value")
    if None not in (v_now, v_before, p_now, p_before) and p_now - p_before:
        return MonthGrowth(((v_now - v_before) / (p_now - p_before) - 1) * 100, "computed")
    return MonthGrowth(None, None)


@dataclass
class Headline:
    """Headline indicators of a region at a period (the first table of the report)."""

    region_id: str
    region_name: str
    period: Period
    rows: list[IndicatorStatus]
    quarters: dict[str, Quarters] = field(default_factory=dict)
    firms: object | None = None  # enterprises.FirmCounts
    data_start: Period | None = None  # the region's first period with data (None: no data)
    # peers left out of the ranks because their own rows have errors: (region_id, name)
    excluded: tuple[tuple[str, str], ...] = ()

    @property
    def has_data(self) -> bool:
        """Any value or growth rate at the period (False before the data start)."""
        return any(r.has_level or r.yoy_pct is not None for r in self.rows)

    def row(self, code: str) -> IndicatorStatus:
        for r in self.rows:
            if r.code == code:
                return r
        raise KeyError(code)

    def frame(self) -> pd.DataFrame:
        """Tidy table: one row per indicator, English column names."""
        return pd.DataFrame([asdict(r) for r in self.rows])

    def to_results(self) -> dict:
        out: dict = {
            "region": self.region_id,
            "region_name": self.region_name,
            "period": self.period.iso,
            "indicators": {r.code: r.to_results() for r in self.rows},
            "quarters": {k: q.to_results() for k, q in self.quarters.items()},
        }
        if self.firms is not None:
            out["firms"] = self.firms.to_results()
        out["ranks_excluded"] = [{"region": r, "name": n} for r, n in self.excluded]
        return out


def headline(
    ds: DataSet,
    region_id: str,
    period: Period,
    indicators: tuple[str, ...] = HEADLINE_INDICATORS,
) -> Headline:
    """Headline indicators, output quarters and firm counts of a region at a period."""
    from .enterprises import firm_counts

    name = ds.region_name(region_id)
    cut = ds.as_of(period)
    rows = [indicator_status(cut, region_id, code, period) for code in indicators]
    peers = {m for r in rows for rank in r.ranks.values() for m in rank.missing}
    excluded = tuple(
        (u, ds.region_name(u)) for u in ds.broken_units if u in peers and u != region_id
    )
    return Headline(
        region_id=region_id,
        region_name=name,
        period=period,
        rows=rows,
        quarters={"output": quarters(cut, region_id, "output", period)},
        firms=firm_counts(cut, region_id, period),
        data_start=ds.first_period(region_id),
        excluded=excluded,
    )


def growth_history(
    ds: DataSet, region_ids: list[str], indicators: list[str], period: Period, years: int = 2
) -> pd.DataFrame:
    """Cumulative growth by period for some regions, from ``years`` years back to the period.

    Columns: indicator, region_id, name, year, month, label ("2021年1-6月"), yoy_pct,
    yoy_source; sorted by indicator (in the order given), region and period. Growth is
    resolved as in :func:`growth_table`, for all periods at once.
    """
    cut = ds.as_of(period)
    first_year = period.year - years + 1
    ind = cut.indicators
    ind = ind.loc[
        ind["indicator"].isin(indicators)
        & ind["region_id"].isin(region_ids)
        & (ind["year"] >= first_year - 1)
    ]
    keys = ["region_id", "indicator", "year", "month"]
    prev = ind[keys + ["value"]].rename(columns={"value": "value_prev"})
    prev = prev.assign(year=prev["year"] + 1)
    df = ind.loc[ind["year"] >= first_year, keys + ["value", "yoy_pct", "base"]]
    df = _resolve_growth(df.merge(prev, on=keys, how="left"))
    df = df.merge(cut.regions[["region_id", "name"]], on="region_id", how="left")
    df["label"] = [f"{y}年1-{m}月" for y, m in zip(df["year"], df["month"], strict=True)]
    df["order"] = df["indicator"].map({code: i for i, code in enumerate(indicators)})
    df = df.sort_values(["order", "region_id", "year", "month"], ignore_index=True)
    cols = ["indicator", "region_id", "name", "year", "month", "label", "yoy_pct", "yoy_source"]
    return df[cols]


def ranking(
    ds: DataSet, indicator: str, period: Period, group: str = "city", region_id: str | None = None
) -> pd.DataFrame:
    """Every unit of a rank group ordered by published growth at the period.

    With ``region_id``, the group is that unit's peers (same parent). Units without a
    growth rate are left out (empty frame when none has one). Columns: region_id, name,
    yoy_pct, yoy_source, yoy_published, rank (ties share, computed over these units),
    rank_published (the rank a release gave, where the data hold one), value (亿元) and
    value_rank / value_rank_of: the rank by amount (总量, largest first, ties share)
    among these units that have an amount, and their number.
    """
    cut = ds.as_of(period)
    table = growth_table(cut, indicator, period)
    ranked = rank_table(table, group_members(cut.regions, group, region_id))
    published = table[["region_id", "name", "yoy_source", f"rank_{group}", "value"]].rename(
        columns={f"rank_{group}": "rank_published"}
    )
    out = ranked.merge(published, on="region_id", how="left")
    # the rank by amount (总量), among the ranked units with an amount (亿元, ties share)
    out["value_rank"] = out["value"].rank(ascending=False, method="min").astype("Int64")
    out["value_rank_of"] = int(out["value"].notna().sum())
    return out


def history_to_results(history: pd.DataFrame) -> dict:
    """{indicator: {region_id: {"2021-06": growth %, ...}}} from :func:`growth_history`."""
    out: dict = {}
    for row in history.itertuples(index=False):
        periods = out.setdefault(row.indicator, {}).setdefault(row.region_id, {})
        periods[f"{row.year}-{row.month:02d}"] = None if pd.isna(row.yoy_pct) else row.yoy_pct
    return out


def ranking_to_results(ranked: pd.DataFrame) -> list[dict]:
    """[{region_id, name, yoy_pct, rank, value, value_rank, value_rank_of}, ...] in rank
    order, from :func:`ranking`.

    ``yoy_pct`` is the growth as published (one decimal), the figure the rank rests on.
    """
    return [
        {
            "region_id": r.region_id,
            "name": r.name,
            "yoy_pct": r.yoy_published,
            "rank": int(r.rank),
            "value": None if pd.isna(r.value) else float(r.value),
            "value_rank": None if pd.isna(r.value_rank) else int(r.value_rank),
            "value_rank_of": int(r.value_rank_of),
        }
        for r in ranked.itertuples(index=False)
    ]


def rank_groups_of(ds: DataSet, region_id: str) -> list[str]:
    """The rank groups a unit belongs to ("city", "counties"), in the order of RANK_GROUPS."""
    row = ds.regions.loc[ds.regions["region_id"] == region_id, "rank_groups"]
    text = "" if row.empty or pd.isna(row.iloc[0]) else str(row.iloc[0])
    mine = {g.strip() for g in text.split(";") if g.strip()}
    return [g for g in RANK_GROUPS if g in mine]


def rankings_by_group(
    ds: DataSet, codes, period: Period, region_id: str
) -> dict[str, dict[str, pd.DataFrame]]:
    """{group: {indicator: ranking}} for every rank group of the unit (see :func:`ranking`)."""
    return {
        group: {code: ranking(ds, code, period, group, region_id) for code in codes}
        for group in rank_groups_of(ds, region_id)
    }


def report_results(
    head: Headline,
    history: pd.DataFrame,
    rankings: dict[str, pd.DataFrame],
    other_groups: dict[str, dict[str, pd.DataFrame]] | None = None,
) -> dict:
    """Every number notebook 01 shows: the headline, the charted growth and the rankings
    (``rankings.city``, and ``rankings.<group>`` for the unit's other rank groups)."""
    out = head.to_results()
    out["growth_history"] = history_to_results(history)
    out["rankings"] = {"city": {code: ranking_to_results(r) for code, r in rankings.items()}}
    for group, tables in (other_groups or {}).items():
        if group != "city":
            out["rankings"][group] = {code: ranking_to_results(r) for code, r in tables.items()}
    return out

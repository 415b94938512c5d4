"""Trends within the year: cumulative growth period by period, two-year averages, rank moves
and streaks.

Formulas (rates in percent):
- two-year average growth (两年平均增速), quoted in a year after an abnormal one:
  (sqrt((1 + g_this/100) x (1 + g_last/100)) - 1) x 100, with g_last the growth of the
  same period last year; None when either is missing.
- rank move between two periods = earlier rank - later rank (positive = moved up, 前移).
- growth streak = number of consecutive periods up to the latest whose growth, as
  published (rounded to 0.1), is at least the threshold; it "holds all year" when it
  covers every period 1-2月 .. latest without a gap.
- rank streak = consecutive periods up to the latest with rank_city <= k ("保持全市前三").
Growth is resolved as in :func:`indicators.growth_table` (official > base > computed),
for all periods at once via :func:`indicators.growth_history`; ranks come from
:func:`ranks.rank_of` at each period (a published rank wins).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..data.dataset import DataSet
from ..data.periods import FIRST_MONTH, Period
from ..data.schema import HEADLINE_INDICATORS
from .indicators import PUBLISHED_RANK_COLUMNS, as_float, growth_history
from .ranks import group_members, parent_kind, rank_of, round_published

TREND_COLUMNS = [
    "indicator",
    "period",
    "year",
    "month",
    "label",
    "yoy_pct",
    "yoy_source",
    "yoy_prev_pct",
    "two_year_avg_pct",
    "rank_city",
    "rank_city_of",
    "rank_city_source",
    "rank_change_prev",
    "rank_change_since_first",
]


def two_year_average(g_this_pct: float | None, g_last_pct: float | None) -> float | None:
    """(sqrt((1 + g1/100)(1 + g2/100)) - 1) x 100; None if either is missing."""
    g1, g2 = as_float(g_this_pct), as_float(g_last_pct)
    if g1 is None or g2 is None:
        return None
    product = (1 + g1 / 100) * (1 + g2 / 100)
    if product < 0:
        return None  # a fall of more than 100% is not a rate
    return (math.sqrt(product) - 1) * 100


def _two_year_average_vec(g1: pd.Series, g2: pd.Series) -> pd.Series:
    product = (1 + g1.astype("float64") / 100) * (1 + g2.astype("float64") / 100)
    return (np.sqrt(product.where(product >= 0)) - 1) * 100


def _trend_frames(
    cut: DataSet, region_id: str, indicators: list[str], period: Period
) -> dict[str, pd.DataFrame]:
    """One trend frame per indicator; ``cut`` is already cut at the period."""
    peers = group_members(cut.regions, "city", region_id)
    regions = list(dict.fromkeys([region_id, *peers]))
    hist = growth_history(cut, regions, indicators, period, years=2)
    y = period.year
    mine = hist.loc[hist["region_id"] == region_id]
    now = mine.loc[mine["year"] == y, ["indicator", "year", "month", "yoy_pct", "yoy_source"]]
    prev = mine.loc[mine["year"] == y - 1, ["indicator", "month", "yoy_pct"]]
    df = now.merge(
        prev.rename(columns={"yoy_pct": "yoy_prev_pct"}), on=["indicator", "month"], how="left"
    )
    df["two_year_avg_pct"] = _two_year_average_vec(df["yoy_pct"], df["yoy_prev_pct"])
    df["period"] = [f"{yy}-{mm:02d}" for yy, mm in zip(df["year"], df["month"], strict=True)]
    df["label"] = [f"1-{mm}月" for mm in df["month"]]

    # ranks at each period among the peers (published ranks of the unit win)
    ind = cut.indicators
    published = ind.loc[
        (ind["region_id"] == region_id) & (ind["year"] == y) & ind["indicator"].isin(indicators),
        ["indicator", "month", *PUBLISHED_RANK_COLUMNS],
    ]
    this_year = hist.loc[hist["year"] == y]
    ranks = []
    for code, month in zip(df["indicator"], df["month"], strict=True):
        table = this_year.loc[
            (this_year["indicator"] == code) & (this_year["month"] == month),
            ["region_id", "yoy_pct"],
        ]
        pub = published.loc[(published["indicator"] == code) & (published["month"] == month)]
        table = table.merge(
            pub.drop(columns=["indicator", "month"]).assign(region_id=region_id),
            on="region_id",
            how="left",
        )
        r = rank_of(table, cut.regions, region_id, "city")
        ranks.append((r.rank, r.of, r.source))
    df["rank_city"] = pd.array([r[0] for r in ranks], dtype="Int64")
    df["rank_city_of"] = pd.array([r[1] for r in ranks], dtype="Int64")
    df["rank_city_source"] = pd.Series([r[2] for r in ranks], index=df.index, dtype=object)

    out = {}
    for code in indicators:
        frame = df.loc[df["indicator"] == code].sort_values("month", ignore_index=True)
        rank = frame["rank_city"].astype("Float64")
        frame["rank_change_prev"] = (rank.shift(1) - rank).astype("Int64")
        first = rank.iloc[0] if len(rank) else pd.NA
        frame["rank_change_since_first"] = (first - rank).astype("Int64")
        out[code] = frame[TREND_COLUMNS]
    return out


def trend(ds: DataSet, region_id: str, indicator: str, period: Period) -> pd.DataFrame:
    """Cumulative growth of one indicator at each period of the year so far.

    One row per period with data (1-2月 .. 1-m月); columns: indicator, period
    ("2021-06"), year, month, label ("1-6月"), yoy_pct, yoy_source, yoy_prev_pct (same
    period last year), two_year_avg_pct, rank_city, rank_city_of, rank_city_source,
    rank_change_prev (vs the period before, positive = up) and rank_change_since_first.
    """
    return _trend_frames(ds.as_of(period), region_id, [indicator], period)[indicator]


def _streak(flags: list[bool]) -> int:
    n = 0
    for ok in reversed(flags):
        if not ok:
            break
        n += 1
    return n


def streak(trend_frame: pd.DataFrame, threshold: float = 10.0) -> int:
    """Consecutive periods up to the latest with published growth >= threshold (%)."""
    flags = [
        as_float(g) is not None and round_published(g) >= threshold for g in trend_frame["yoy_pct"]
    ]
    return _streak(flags)


def rank_streak(trend_frame: pd.DataFrame, top: int = 3) -> int:
    """Consecutive periods up to the latest with rank_city <= top ("保持全市前三")."""
    flags = [not pd.isna(r) and int(r) <= top for r in trend_frame["rank_city"]]
    return _streak(flags)


def _covers_year(trend_frame: pd.DataFrame, n: int) -> bool:
    """The last n periods are every period from 1-2月 to the latest, without a gap."""
    months = list(trend_frame["month"])
    return bool(months) and n == len(months) and months == list(range(FIRST_MONTH, months[-1] + 1))


def _int(x) -> int | None:
    return None if x is None or pd.isna(x) else int(x)


@dataclass
class TrendSummary:
    """Rank moves and streaks of one indicator over the year so far."""

    code: str
    periods: int
    first_period: str | None
    latest_period: str | None
    rank_first: int | None
    rank_latest: int | None
    rank_change_since_first: int | None  # positive = moved up (前移)
    rank_change_last: int | None  # vs the period before the latest
    growth_threshold_pct: float
    growth_streak_periods: int
    growth_streak_all_year: bool
    double_digit_all_year: bool  # growth >= 10% in every period 1-2月 .. latest
    rank_top: int
    rank_top_streak_periods: int
    rank_top_all_year: bool

    def to_results(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "code"}


def summarize(
    trend_frame: pd.DataFrame, code: str, threshold: float = 10.0, top: int = 3
) -> TrendSummary:
    """Rank moves and streaks from a :func:`trend` frame."""
    f = trend_frame
    ranks = [_int(r) for r in f["rank_city"]]
    growth = streak(f, threshold)
    ten = streak(f, 10.0)
    top_n = rank_streak(f, top)
    last_change = _int(f["rank_change_prev"].iloc[-1]) if len(f) else None
    since_first = _int(f["rank_change_since_first"].iloc[-1]) if len(f) else None
    return TrendSummary(
        code=code,
        periods=len(f),
        first_period=f["period"].iloc[0] if len(f) else None,
        latest_period=f["period"].iloc[-1] if len(f) else None,
        rank_first=ranks[0] if ranks else None,
        rank_latest=ranks[-1] if ranks else None,
        rank_change_since_first=since_first,
        rank_change_last=last_change,
        growth_threshold_pct=threshold,
        growth_streak_periods=growth,
        # "every period so far" says something only once there are two periods (1-3月 on)
        growth_streak_all_year=len(f) >= 2 and _covers_year(f, growth),
        double_digit_all_year=len(f) >= 2 and _covers_year(f, ten),
        rank_top=top,
        rank_top_streak_periods=top_n,
        rank_top_all_year=len(f) >= 2 and _covers_year(f, top_n),
    )


def _records(frame: pd.DataFrame) -> list[dict]:
    cols = [
        "period", "label", "yoy_pct", "yoy_source", "yoy_prev_pct", "two_year_avg_pct",
        "rank_city", "rank_city_of", "rank_change_prev", "rank_change_since_first",
    ]  # fmt: skip
    out = []
    for rec in frame[cols].to_dict("records"):
        clean = {}
        for k, v in rec.items():
            if v is None or (not isinstance(v, str) and pd.isna(v)):
                clean[k] = None
            elif k.startswith("rank"):
                clean[k] = int(v)
            elif isinstance(v, str):
                clean[k] = v
            else:
                clean[k] = float(v)
        out.append(clean)
    return out


@dataclass
class Trends:
    """Trend frames and summaries of several indicators of one region."""

    region_id: str
    period: Period
    frames: dict[str, pd.DataFrame]
    summaries: dict[str, TrendSummary] = field(default_factory=dict)
    # where the ranks are: the kind of the unit's parent (text/zh/ranks.py: 全市, 全省 ...)
    parent_kind: str | None = None

    def frame(self) -> pd.DataFrame:
        """All indicators in one tidy frame."""
        return pd.concat(list(self.frames.values()), ignore_index=True)

    def two_year_averages(self) -> dict[str, float | None]:
        """Two-year average growth at the period (the latest row), by indicator."""
        out = {}
        for code, f in self.frames.items():
            hit = f.loc[f["month"] == self.period.month, "two_year_avg_pct"]
            out[code] = as_float(hit.iloc[0]) if len(hit) else None
        return out

    def to_results(self) -> dict:
        return {
            "trend": {code: _records(f) for code, f in self.frames.items()},
            "trend_summary": {code: s.to_results() for code, s in self.summaries.items()},
        }


def trends(
    ds: DataSet,
    region_id: str,
    period: Period,
    indicators: tuple[str, ...] = HEADLINE_INDICATORS,
    threshold: float = 10.0,
    top: int = 3,
) -> Trends:
    """:func:`trend` and :func:`summarize` for every indicator given (all at once)."""
    cut = ds.as_of(period)
    frames = _trend_frames(cut, region_id, list(indicators), period)
    summaries = {code: summarize(f, code, threshold, top) for code, f in frames.items()}
    return Trends(region_id, period, frames, summaries, parent_kind(cut.regions, region_id))


def two_year_averages(
    ds: DataSet,
    region_id: str,
    period: Period,
    indicators: tuple[str, ...] = HEADLINE_INDICATORS,
) -> dict[str, float | None]:
    """Two-year average growth (%) of each indicator at the period, for
    ``indicators.<code>.two_year_avg_pct``; None where this or last year's rate is missing."""
    cut = ds.as_of(period)
    hist = growth_history(cut, [region_id], list(indicators), period, years=2)
    hist = hist.loc[hist["month"] == period.month]
    out: dict[str, float | None] = {}
    for code in indicators:
        rows = hist.loc[hist["indicator"] == code].set_index("year")["yoy_pct"]
        out[code] = two_year_average(rows.get(period.year), rows.get(period.year - 1))
    return out


def two_year_averages_to_results(averages: dict[str, float | None]) -> dict:
    """{"indicators": {code: {"two_year_avg_pct": x}}}, to merge into the headline results."""
    return {"indicators": {code: {"two_year_avg_pct": v} for code, v in averages.items()}}

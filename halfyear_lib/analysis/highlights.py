"""Highlights and problems: what the numbers of a report say is going well or badly.

Works on the report's results (the ``results.json`` entries of 01_indicators and
02_industry), so the drafted summary and any later tool read the same facts. Each item
is ``{kind, indicator, numbers, score}``: ``numbers`` are the figures that justify it,
``score`` orders each list (larger = more notable; points of growth or of schedule, a rank
position counting as ``rank_points`` points). The page or the draft adds the ``text``.

Thresholds are run parameters (``highlights:`` in ``params/defaults.yaml``); the
defaults below are those values.
"""

from __future__ import annotations

import math
import reprlib
from dataclasses import asdict, dataclass, fields
from typing import Any

from ..data.language import tr
from ..data.schema import HEADLINE_INDICATORS

WHOLE_THRESHOLDS = ("top_rank", "bottom_rank", "max_items")
"""Thresholds that count (ranks, list items): whole numbers, 0 or more."""
NON_NEGATIVE_THRESHOLDS = (
    "ahead_pp", "behind_pp", "rate_cut_pp", "price_gap_pp", "rank_points",
    "driver_share_pct", "close_to_schedule_pp", "target_margin_pp", "balance_ample_pct",
    "estimate_gap_pp", "base_effect_pp", "va_output_gap_pp",
)  # fmt: skip
"""Thresholds that are sizes of a gap or a weight: 0 or more."""


@dataclass(frozen=True)
class Thresholds:
    """When a number is worth a line. Percent or percentage points unless said otherwise."""

    ahead_pp: float = 0.0  # schedule gap >= this: ahead of schedule (时间过半、任务过半)
    behind_pp: float = 0.0  # schedule gap < -this: behind schedule
    growth_high_pct: float = 10.0  # growth >= this is "fast" (两位数增长)
    top_rank: int = 3  # rank <= this is a highlight (全市前三)
    bottom_rank: int = 3  # rank among the last this many units is a problem
    rate_cut_pp: float = 0.1  # a rate adjustment costing more than this many points of VA growth
    price_gap_pp: float = 2.0  # nominal growth exceeding real by this much must be discounted
    rank_points: float = 2.0  # weight of one rank position in the score
    max_items: int = 12  # each list keeps its most notable items (0: keep all)
    # an industry is named as a driver of growth when it accounts for at least this share
    # (%, in absolute value) of the change of the total (``drivers.*.by_industry[].material``)
    driver_share_pct: float = 30.0
    # a township behind schedule by at most this many points is close to schedule
    # (``investment.townships_close_to_schedule``)
    close_to_schedule_pp: float = 5.0
    # the draft's judgements (text/zh/draft/): a target is hard when the rest of the year
    # needs more than the latest month's growth plus this, secure at this much below
    # (when the forecast gives no odds)
    target_margin_pp: float = 3.0
    # the library's effective balance covering at least this share (%) of what the year
    # still needs is ample, not a problem (有限 below it, 不足 below 100%)
    balance_ample_pct: float = 120.0
    # estimated real value-added growth this many points below the reported rate: the
    # reported rate will feel prices (上报增速将受到价格因素的影响)
    estimate_gap_pp: float = 1.0
    # cumulative growth this many points above the two-year average after a fall last
    # year: the base helped (基数较低); last year's growth rising this much: 基数抬高
    base_effect_pp: float = 5.0
    # output growth above value-added growth by this many points: 明显低于
    va_output_gap_pp: float = 3.0

    @classmethod
    def from_mapping(cls, values: dict[str, Any] | None) -> Thresholds:
        """Defaults overridden by ``values``; ValueError naming an unknown key or a bad value."""
        values = dict(values or {})
        known = {f.name: f.type for f in fields(cls)}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise ValueError(
                tr(
                    f"unknown highlight threshold(s): {', '.join(unknown)}; known: "
                    f"{', '.join(known)}",
                    f"未知的亮点阈值：{'、'.join(unknown)}；可用的：{'、'.join(known)}",
                )
            )
        for key, value in values.items():
            shown = reprlib.repr(value)
            if (
                isinstance(value, bool)
                or not isinstance(value, int | float)
                or not math.isfinite(value)
            ):
                raise ValueError(
                    tr(
                        f"highlight threshold {key} must be a number, not {shown}",
                        f"亮点阈值 {key} 必须是数字，不能是 {shown}",
                    )
                )
            if key in WHOLE_THRESHOLDS and (value != int(value) or value < 0):
                raise ValueError(
                    tr(
                        f"highlight threshold {key} must be a whole number, 0 or more, not {shown}",
                        f"亮点阈值 {key} 必须是 0 或正整数，不能是 {shown}",
                    )
                )
            if key in NON_NEGATIVE_THRESHOLDS and value < 0:
                raise ValueError(
                    tr(
                        f"highlight threshold {key} must be 0 or more, not {shown}",
                        f"亮点阈值 {key} 不能为负数（{shown}）",
                    )
                )
            if key in WHOLE_THRESHOLDS:
                values[key] = int(value)
        return cls(**values)

    def to_results(self) -> dict:
        return asdict(self)


def _item(kind: str, indicator: str | None, score: float, **numbers: Any) -> dict:
    return {"kind": kind, "indicator": indicator, "numbers": numbers, "score": round(score, 6)}


def _get(mapping: dict | None, *keys: str) -> Any:
    for key in keys:
        if not isinstance(mapping, dict):
            return None
        mapping = mapping.get(key)
    return mapping


def bottom_ranked(results: dict, code: str, t: Thresholds) -> bool:
    """Growth ranked among the city's last ``bottom_rank`` units."""
    row = _get(results, "indicators", code) or {}
    rank, of = row.get("rank_city"), row.get("rank_city_of")
    return rank is not None and bool(of) and rank > of - t.bottom_rank and of > t.bottom_rank


def rank_fall_matters(results: dict, code: str) -> bool:
    """A move down the ranking is a problem when the unit now ranks in the lower half or
    grows slower than its parent; 5th of 11 and above the city is no problem."""
    row = _get(results, "indicators", code) or {}
    rank, of = row.get("rank_city"), row.get("rank_city_of")
    gap = _get(results, "comparison", "parent", code, "gap_pp")
    if _get(results, "comparison", "kind") == "parent" and gap is not None and gap < 0:
        return True
    return rank is None or not of or rank > of / 2


def growth_contradicted(results: dict, code: str, t: Thresholds) -> bool:
    """Growth that may not be praised however fast: below the parent's growth, the latest
    month falling, or ranked among the last (each of those is a problem). The draft's
    highlights and this list share the rule."""
    row = _get(results, "indicators", code) or {}
    gap = _get(results, "comparison", "parent", code, "gap_pp")
    if _get(results, "comparison", "kind") == "parent" and gap is not None and gap < 0:
        return True
    month = row.get("month_yoy_pct")
    if month is not None and month < 0:
        return True
    return bottom_ranked(results, code, t)


def highlights_and_problems(
    results: dict, thresholds: Thresholds | None = None
) -> tuple[list[dict], list[dict]]:
    """Two lists, each ordered by score (most notable first).

    Highlights: ahead of schedule, growth above its target, fast growth, a top rank, a
    rank moved up this year, a streak of double-digit growth, innovation ahead of schedule,
    key tasks done. Problems: behind schedule (with the shortfall), growth below its
    target, a fall, a bottom rank, a rank moved down, the cost of a value-added rate cut,
    a price gap between nominal and real growth, new firms behind the target, innovation
    behind schedule, key tasks behind.
    """
    t = thresholds or Thresholds()
    good: list[dict] = []
    bad: list[dict] = []
    indicators = results.get("indicators", {})
    for code in HEADLINE_INDICATORS:
        row = indicators.get(code)
        if not row:
            continue
        gap, share = row.get("schedule_gap_pp"), row.get("target_share_pct")
        if row.get("target_growth_pct") is not None:
            gap = None  # a growth target governs: the value target's schedule would contradict it
        if gap is not None and gap >= t.ahead_pp:
            good.append(_item("ahead_of_schedule", code, gap + 1, target_share_pct=share,
                              schedule_gap_pp=gap))  # fmt: skip
        elif gap is not None and gap < -t.behind_pp:
            bad.append(_item("behind_schedule", code, -gap, target_share_pct=share,
                             schedule_gap_pp=gap, shortfall=row.get("shortfall")))  # fmt: skip
        yoy, ggap = row.get("yoy_pct"), row.get("growth_gap_pp")
        if ggap is not None and ggap >= 0:
            good.append(_item("above_target_growth", code, ggap + 1, yoy_pct=yoy,
                              target_growth_pct=row.get("target_growth_pct"),
                              growth_gap_pp=ggap))  # fmt: skip
        elif ggap is not None:
            bad.append(_item("below_target_growth", code, -ggap, yoy_pct=yoy,
                             target_growth_pct=row.get("target_growth_pct"),
                             growth_gap_pp=ggap))  # fmt: skip
        if (
            yoy is not None
            and yoy >= t.growth_high_pct
            and not growth_contradicted(results, code, t)
        ):
            good.append(_item("fast_growth", code, yoy / 10, yoy_pct=yoy,
                              two_year_avg_pct=row.get("two_year_avg_pct")))  # fmt: skip
        elif yoy is not None and yoy < 0:
            bad.append(_item("decline", code, -yoy, yoy_pct=yoy))
        month_yoy = row.get("month_yoy_pct")
        if month_yoy is not None and month_yoy < 0 and (yoy is None or yoy >= 0):
            # the year so far still grows, but the latest month alone fell: an early sign
            bad.append(_item("month_decline", code, -month_yoy + 1, month_yoy_pct=month_yoy,
                             month=_month(results), yoy_pct=yoy))  # fmt: skip
        rank, of = row.get("rank_city"), row.get("rank_city_of")
        scope = row.get("rank_city_scope")  # the word (全市, 全省 ...) the results carry
        if rank is not None and of:
            if rank <= t.top_rank and of > t.top_rank:  # 2nd of 3 is no distinction
                good.append(_item("top_rank", code, (t.top_rank - rank + 1) * t.rank_points,
                                  rank_city=rank, rank_city_of=of, scope=scope))  # fmt: skip
            elif rank > of - t.bottom_rank and of > t.bottom_rank:
                bad.append(_item("bottom_rank", code, (rank - (of - t.bottom_rank)) * t.rank_points,
                                 rank_city=rank, rank_city_of=of, scope=scope))  # fmt: skip
        summary = _get(results, "trend_summary", code) or {}
        move = summary.get("rank_change_since_first")
        if (
            move
            and not (move > 0 and bottom_ranked(results, code, t))
            and not (move < 0 and not rank_fall_matters(results, code))
        ):
            item = _item("rank_up" if move > 0 else "rank_down", code, abs(move) * t.rank_points,
                         rank_change=move, rank_city=rank)  # fmt: skip
            (good if move > 0 else bad).append(item)
        if summary.get("double_digit_all_year") and not growth_contradicted(results, code, t):
            good.append(_item("double_digit_streak", code, 1.0,
                              periods=summary.get("growth_streak_periods")))  # fmt: skip
    impact = _get(results, "rate_adjustment", "impact_pp")
    if impact is not None and impact <= -t.rate_cut_pp:
        drivers = _get(results, "rate_adjustment", "drivers") or []
        bad.append(_item("rate_cut", "value_added", -impact * 2, impact_pp=impact,
                         impact_value=_get(results, "rate_adjustment", "impact_value"),
                         drivers=list(drivers)))  # fmt: skip
    price_gap = _get(results, "prices", "gap_pp")
    if price_gap is not None and price_gap >= t.price_gap_pp:
        bad.append(_item("price_gap", "output", price_gap, gap_pp=price_gap,
                         nominal_yoy_pct=_get(results, "prices", "output_nominal_yoy_pct"),
                         real_yoy_pct=_get(results, "prices", "output_real_yoy_pct")))  # fmt: skip
    firms = results.get("firms") or {}
    share = firms.get("new_target_share_pct")
    progress = _get(indicators, "output", "time_progress_pct")
    if share is not None and progress is not None:
        if share < progress:
            bad.append(_item("few_new_firms", "above_scale_firms", progress - share,
                             new_target_share_pct=share, net_increase=firms.get("net_increase"),
                             new_target=firms.get("new_target")))  # fmt: skip
        else:
            good.append(_item("new_firms_on_track", "above_scale_firms", share - progress + 1,
                              new_target_share_pct=share, net_increase=firms.get("net_increase"),
                              new_target=firms.get("new_target")))  # fmt: skip
    for code, row in (results.get("innovation") or {}).items():
        gap = (row or {}).get("schedule_gap_pp")
        if gap is None:
            continue
        numbers = {"completion_pct": row.get("completion_pct"), "schedule_gap_pp": gap}
        if gap >= t.ahead_pp:
            good.append(_item("innovation_ahead", code, gap + 1, **numbers))
        elif gap < -t.behind_pp:
            bad.append(_item("innovation_behind", code, -gap, **numbers))
    counts = _get(results, "tasks", "counts") or {}
    if counts.get("done"):
        good.append(_item("tasks_done", None, counts["done"], done=counts["done"],
                          total=sum(counts.values())))  # fmt: skip
    behind = counts.get("behind", 0) + counts.get("not_started", 0)
    if behind:
        bad.append(_item("tasks_behind", None, behind * 2, behind=counts.get("behind", 0),
                         not_started=counts.get("not_started", 0)))  # fmt: skip
    good.sort(key=lambda i: -i["score"])
    bad.sort(key=lambda i: -i["score"])
    if t.max_items:
        good, bad = good[: t.max_items], bad[: t.max_items]
    return good, bad


def _month(results: dict) -> int | None:
    period = str(results.get("period") or "")
    return int(period[-2:]) if len(period) == 7 and period[-2:].isdigit() else None

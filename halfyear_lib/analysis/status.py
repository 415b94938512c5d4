"""One status rule for indicators, innovation items and key tasks.

An amount against an annual target at 1-m月 (share = done / target x 100, time progress
p = m / 12 x 100):

    not_started  nothing done (share <= 0)
    done         share >= 100
    ahead        share - p > 0      } the gap as printed: rounded half up to 0.1 point,
    on_track     share - p = 0      } so a status never contradicts the printed
    behind       share - p < 0      } "低于时序进度3.0个百分点"

A growth rate against a growth target (both %, compared as printed to 0.1): at 1-12月
done / behind; before, ahead (above the target), on_track (equal) or behind.

Worked example (the demo's 技改投资, 1-6月): 9.11 of 19.4 亿元 = 47.0%, p = 50.0:
47.0 - 50.0 = -3.0 -> behind (the bureau's task list had said on_track).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

STATUSES = ("done", "ahead", "on_track", "behind", "not_started")


def _points(x: float) -> Decimal:
    return Decimal(repr(round(float(x), 6))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def gap_points(value: float | None, reference: float | None) -> float | None:
    """value - reference in percentage points, each rounded half up to 0.1 first, as the
    status rule compares them (so a printed gap and a status never disagree); None when
    either is missing."""
    if value is None or reference is None or value != value or reference != reference:
        return None
    return float(_points(value) - _points(reference))


def schedule_status(share_pct: float | None, progress_pct: float) -> str | None:
    """Status of an amount against its annual target (see the module doc)."""
    if share_pct is None or share_pct != share_pct:
        return None
    if share_pct <= 0:
        return "not_started"
    if _points(share_pct) >= 100:
        return "done"
    gap = gap_points(share_pct, progress_pct)
    return "ahead" if gap > 0 else "on_track" if gap == 0 else "behind"


def growth_status(actual_pct: float | None, target_pct: float | None, final: bool) -> str | None:
    """Status of a growth rate against a growth target (see the module doc)."""
    if actual_pct is None or target_pct is None or actual_pct != actual_pct:
        return None
    diff = gap_points(actual_pct, target_pct)
    if final:
        return "done" if diff >= 0 else "behind"
    return "ahead" if diff > 0 else "on_track" if diff == 0 else "behind"

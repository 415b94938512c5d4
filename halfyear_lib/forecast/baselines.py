"""Baselines every model is held against: simple rules an analyst could apply by hand.

Each rule projects the cumulative growth (and, with levels, the cumulative amount) of
1-T月 from what is known at 1-m月 of year y (m < T). Notation as in ``series``: C this
year's cumulative level, L last year's, G the cumulative growth in percent, B the
comparable base, r = B[y, m] / L[m] (口径 and price ratio), B_hat[T] = r x L[T].

- ``rule`` (the analyst's rule, 增速保持不变): G[T] = G[m].
- ``snaive`` (去年同月×近三月增速): the remaining months are last year's same months on the
  comparable basis, grown at the growth of the latest (up to) three monthly slots:
      g3 = sum x[y, recent] / (r x sum x[y-1, recent]) - 1
      C[T] = C[m] + r x (L[T] - L[m]) x (1 + g3)
- ``shares`` (近三年月度占比): this year's to-date amount divided by the share 1-m月 had of
  1-T月 in the last (up to) three years, geometric mean s of L_k[m] / L_k[T]:
      C[T] = C[m] / s
  With one year of history this is the analyst's rule exactly (C[m] / L[m] x L[T]).
- ``drift`` (growth only, 往年同期增速变化): G[T] = G[m] + mean over the last (up to)
  three years k of (G_k[T] - G_k[m]).

With levels, the growth of an amount projection is C[T] / B_hat[T] - 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .series import History, slot

BASELINES = ("rule", "snaive", "shares")
GROWTH_BASELINES = ("rule", "drift")
LOOKBACK_YEARS = 3
RECENT_SLOTS = 3


@dataclass(frozen=True)
class Point:
    """A point projection of 1-T月: cumulative growth (%) and amount (None: growth only)."""

    growth: float
    amount: float | None = None


def _with_amount(h: History, year: int, origin: int, target: int, amount: float) -> Point | None:
    base = h.projected_base(year, origin, target)
    if base is None or base <= 0:
        return None
    return Point((amount / base - 1) * 100, amount)


def rule(h: History, year: int, origin: int, target: int) -> Point | None:
    """Growth so far persists: G[T] = G[m]; C[T] = B_hat[T] x (1 + G[m] / 100)."""
    g = h.cell("growth", year, origin)
    if g is None:
        return None
    base = h.projected_base(year, origin, target)
    if base is None or h.cell("level", year, origin) is None:
        return Point(g)
    return Point(g, base * (1 + g / 100))


def snaive(h: History, year: int, origin: int, target: int) -> Point | None:
    """Last year's remaining months on the comparable basis, at the latest months' growth."""
    now, last = h.level, h.level
    months = list(range(2, origin + 1))
    if year not in now.index or (year - 1) not in last.index:
        return None
    c_now = now.loc[year, months].to_numpy(float)
    c_last = last.loc[year - 1, list(range(2, max(origin, target) + 1))].to_numpy(float)
    base_m = h.cell("base", year, origin)
    if np.isnan(c_now).any() or np.isnan(c_last).any() or base_m is None:
        return None
    r = base_m / c_last[slot(origin)]
    x_now = np.diff(np.concatenate([[0.0], c_now]))
    x_last = np.diff(np.concatenate([[0.0], c_last]))
    k = min(RECENT_SLOTS, len(x_now))
    recent_last = r * x_last[len(x_now) - k : len(x_now)].sum()
    if recent_last <= 0:
        return None
    g3 = x_now[-k:].sum() / recent_last - 1
    rest_last = c_last[slot(target)] - c_last[slot(origin)]
    return _with_amount(h, year, origin, target, c_now[-1] + r * rest_last * (1 + g3))


def shares(h: History, year: int, origin: int, target: int) -> Point | None:
    """This year's to-date amount over the recent years' share of 1-m月 in 1-T月."""
    c_m = h.cell("level", year, origin)
    if c_m is None:
        return None
    ratios = []
    for k in range(year - 1, year - 1 - LOOKBACK_YEARS, -1):
        a, b = h.cell("level", k, origin), h.cell("level", k, target)
        if a is None or b is None or a <= 0 or b <= 0:
            break
        ratios.append(np.log(a / b))
    if not ratios:
        return None
    return _with_amount(h, year, origin, target, c_m / float(np.exp(np.mean(ratios))))


def drift(h: History, year: int, origin: int, target: int) -> Point | None:
    """Growth terms only: G[m] plus the average change from 1-m月 to 1-T月 in past years."""
    g = h.cell("growth", year, origin)
    if g is None:
        return None
    changes = []
    for k in range(year - 1, year - 1 - LOOKBACK_YEARS, -1):
        a, b = h.cell("growth", k, origin), h.cell("growth", k, target)
        if a is None or b is None:
            break
        changes.append(b - a)
    if not changes:
        return None
    return Point(g + float(np.mean(changes)))


FUNCTIONS = {"rule": rule, "snaive": snaive, "shares": shares, "drift": drift}

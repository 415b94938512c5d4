"""Quarter figures of one indicator: every quarter complete by the period.

Formulas (amounts in 亿元, rates in percent; V_m = cumulative value of 1-m月, V_0 = 0):
- quarter value Q_q = V_e - V_s, e = 3q, s = e - 3 (Q1 = V_3, Q2 = V_6 - V_3, ...).
- change on the previous quarter (环比) = (Q_q / Q_{q-1} - 1) x 100; the quarter before Q1
  is last year's Q4 (V_12 - V_9 of last year).
- change on the same quarter last year (同比), by preference:
  "official": Q1 is the cumulative period 1-3月, so its official rate is the quarter's;
  "base": on the comparable base, (Q_q / (B_e - B_s) - 1) x 100, where B_m is the
  statistics office's base, else the base implied by the official cumulative rate,
  V_m / (1 + G_m / 100) (the same enterprise set as this year);
  "computed": on last year's published levels, (Q_q / (V'_e - V'_s) - 1) x 100 (a
  different enterprise set: flagged).
A quarter whose cumulative months have no row at all is "missing" (named, not computed);
a quarter with rows but no levels (growth-only data) has no amount, and a growth rate
only where the rates alone give one (Q1).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..data.dataset import DataSet
from ..data.periods import Period
from .cumulative import series

QUARTER_END = {1: 3, 2: 6, 3: 9, 4: 12}


def _num(x) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def _pct(now: float | None, before: float | None) -> float | None:
    """(now / before - 1) x 100; None without both or when ``before`` is not positive."""
    if now is None or before is None or before <= 0:
        return None
    return (now / before - 1) * 100


@dataclass(frozen=True)
class QuarterFigure:
    """One quarter: amount, change on the previous quarter and on last year's quarter.

    ``missing_months``: the cumulative months (1-m月) the quarter needs that have no row
    at all; the quarter is then not computed.
    """

    quarter: int
    value: float | None
    vs_prev_pct: float | None
    yoy_pct: float | None
    yoy_source: str | None  # "official", "base", "computed" or None
    missing_months: tuple[int, ...] = ()

    @property
    def missing(self) -> bool:
        return bool(self.missing_months)


@dataclass
class Quarters:
    """Quarter figures (亿元, %) of one indicator for the quarters complete by the period.

    ``values`` holds the amounts that could be computed ({quarter: 亿元});
    ``figures`` every complete quarter, computed or not (see :class:`QuarterFigure`).
    """

    indicator: str
    values: dict[int, float]
    figures: dict[int, QuarterFigure] = field(default_factory=dict)
    month: int = 12  # the period's month: quarters ending after it are not complete

    @property
    def complete(self) -> list[int]:
        """Quarters complete by the period (1-3月: [1]; 1-6月: [1, 2]; 1-12月: [1..4])."""
        return [q for q, end in QUARTER_END.items() if end <= self.month]

    @property
    def missing(self) -> list[int]:
        """Complete quarters whose months have no data (named on the page, not computed)."""
        return [q for q, f in self.figures.items() if f.missing]

    @property
    def q2_vs_q1_pct(self) -> float | None:
        q1, q2 = self.values.get(1), self.values.get(2)
        return (q2 / q1 - 1) * 100 if q1 and q2 is not None else None

    def to_results(self) -> dict:
        out: dict = {}
        for q in QUARTER_END:
            f = self.figures.get(q)
            out[f"q{q}"] = self.values.get(q)
            out[f"q{q}_vs_prev_pct"] = f.vs_prev_pct if f else None
            out[f"q{q}_yoy_pct"] = f.yoy_pct if f else None
            out[f"q{q}_yoy_source"] = f.yoy_source if f else None
        out["q2_vs_q1_pct"] = self.q2_vs_q1_pct  # kept for compatibility (= q2_vs_prev_pct)
        out["complete"] = self.complete
        out["missing"] = self.missing
        return out


def _month_table(s: pd.DataFrame, year: int) -> dict[int, dict[str, float | None]]:
    rows = s.loc[s["year"] == year]
    return {
        int(m): {"value": _num(v), "yoy_pct": _num(g), "base": _num(b)}
        for m, v, g, b in zip(rows["month"], rows["value"], rows["yoy_pct"], rows["base"],
                              strict=True)
    }  # fmt: skip


def _base(row: dict | None) -> float | None:
    """The comparable base of a cumulative month: the office's, else V / (1 + G)."""
    if row is None:
        return None
    if row["base"] is not None:
        return row["base"]
    if row["value"] is not None and row["yoy_pct"] is not None and row["yoy_pct"] > -100:
        return row["value"] / (1 + row["yoy_pct"] / 100)
    return None


def quarter_figures(s: pd.DataFrame, period: Period, indicator: str = "") -> Quarters:
    """:class:`Quarters` from a cumulative series (year, month, value, yoy_pct, base).

    ``s`` must hold nothing after the period (see :meth:`DataSet.as_of`).
    """
    now = _month_table(s, period.year)
    last = _month_table(s, period.year - 1)

    def value(table: dict, month: int) -> float | None:
        if month == 0:
            return 0.0
        row = table.get(month)
        return None if row is None else row["value"]

    def amount(table: dict, q: int) -> float | None:
        end = QUARTER_END[q]
        v_end, v_start = value(table, end), value(table, end - 3)
        return None if v_end is None or v_start is None else v_end - v_start

    figures: dict[int, QuarterFigure] = {}
    values: dict[int, float] = {}
    for q, end in QUARTER_END.items():
        if end > period.month:
            break
        start = end - 3
        needed = [m for m in (start, end) if m]
        missing = tuple(m for m in needed if m not in now)
        if missing:
            figures[q] = QuarterFigure(q, None, None, None, None, missing)
            continue
        this = amount(now, q)
        if this is not None:
            values[q] = this
        prev = amount(now, q - 1) if q > 1 else amount(last, 4)
        yoy, source = None, None
        if q == 1 and now[end]["yoy_pct"] is not None:
            yoy, source = now[end]["yoy_pct"], "official"
        elif this is not None:
            b_end = _base(now[end])
            b_start = 0.0 if start == 0 else _base(now[start])
            if b_end is not None and b_start is not None:
                yoy, source = _pct(this, b_end - b_start), "base"
            if yoy is None:
                yoy, source = _pct(this, amount(last, q)), "computed"
            if yoy is None:
                source = None
        figures[q] = QuarterFigure(q, this, _pct(this, prev), yoy, source)
    return Quarters(indicator, values, figures, period.month)


def quarters(ds: DataSet, region_id: str, indicator: str, period: Period) -> Quarters:
    """Quarters of the period's year complete by the period (``ds`` cut at the period)."""
    return quarter_figures(series(ds, region_id, indicator), period, indicator)

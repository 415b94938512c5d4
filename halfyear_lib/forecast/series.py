"""Monthly series rebuilt from cumulative statistics, for forecasting.

Cumulative data are published for 1-2月, 1-3月, ..., 1-12月 (January and February
together), so a year has 11 "slots": slot 0 = Jan+Feb, slot k = month k + 2 (k = 1..10).
The monthly amount of a slot is the difference of two cumulative levels:

    x[y, 0] = C[y, 2]            x[y, k] = C[y, k + 2] - C[y, k + 1]   (k = 1..10)

Growth is on a comparable basis (DESIGN.md): the comparable base of 1-m月 is

    B[y, m] = the ``base`` column            where the office gave it,
            = C[y, m] / (1 + G[y, m] / 100)   else where the official rate G exists,
            = C[y - 1, m]                     otherwise (last year's published level).

A projection of 1-T月 from 1-m月 needs the base of 1-T月, unknown before T; it keeps the
ratio of the base to last year's level seen at m (口径 and, for value added, price changes):

    B_hat[y, T] = C[y - 1, T] x B[y, m] / C[y - 1, m]

A series without levels (growth rates only) can be projected in growth terms only: the
cumulative rates G[y, m] are kept, and the monthly amounts are not defined.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..data.dataset import DataSet
from ..data.language import tr

MONTHS = tuple(range(2, 13))  # cumulative periods of a year: 1-2月 .. 1-12月
SLOTS = len(MONTHS)  # 11 observations a year


def slot(month: int) -> int:
    """Slot of the cumulative period 1-month月 (1-2月 -> 0, 1-3月 -> 1, ..., 1-12月 -> 10)."""
    if not 2 <= month <= 12:
        raise ValueError(f"month {month} is not a cumulative period (2..12)")
    return month - 2


@dataclass
class History:
    """Cumulative levels, growth and comparable bases of one unit and indicator.

    Frames are indexed by year with columns 2..12 (the months); NaN where unknown.
    ``level`` is in the indicator's unit (亿元); ``growth`` in percent on the comparable
    basis; ``base`` the comparable base (same unit as level).
    """

    region_id: str
    indicator: str
    level: pd.DataFrame
    growth: pd.DataFrame
    base: pd.DataFrame
    notes: list[str] = field(default_factory=list)

    def cell(self, frame: str, year: int, month: int) -> float | None:
        """The value of ``frame`` ("level", "growth", "base") at 1-``month``月 of
        ``year``; None when unknown. Read from a dictionary made once per frame (the
        backtest asks thousands of times); KeyError for a month that is not a column."""
        df = getattr(self, frame)
        cells = self.__dict__.setdefault("_cells", {})
        known = cells.get(frame)
        if known is None or known[0] is not df:  # first use, or the frame was replaced
            values = df.to_numpy(dtype=float, na_value=np.nan)
            table = {
                (y, m): (None if np.isnan(v) else float(v))
                for y, row in zip(df.index, values, strict=True)
                for m, v in zip(df.columns, row, strict=True)
            }
            known = cells[frame] = (df, table)
        try:
            return known[1][(year, month)]
        except KeyError:
            if year not in df.index:
                return None
            raise

    def __getstate__(self) -> dict:
        """Pickled (for a fit in another process) without :meth:`cell`'s dictionaries."""
        return {k: v for k, v in self.__dict__.items() if k != "_cells"}

    def has_levels(self, year: int, month: int) -> bool:
        """Levels of 1-month月 this year and of 1-month月 and 1-12月 last year."""
        return None not in (
            self.cell("level", year, month),
            self.cell("level", year - 1, month),
            self.cell("level", year - 1, 12),
        )

    def projected_base(self, year: int, origin_month: int, month: int) -> float | None:
        """Comparable base of 1-month月 as estimated at 1-origin_month月 (see module doc)."""
        if month <= origin_month and self.cell("base", year, month) is not None:
            return self.cell("base", year, month)
        base_m = self.cell("base", year, origin_month)
        last_m = self.cell("level", year - 1, origin_month)
        last_t = self.cell("level", year - 1, month)
        if None in (base_m, last_m, last_t) or last_m == 0:
            return None
        return last_t * base_m / last_m

    def monthly(self, year: int, month: int) -> tuple[np.ndarray, int] | None:
        """Monthly amounts (11 a year) from the first usable year to 1-month月 of ``year``.

        The history starts after the last earlier year with a gap that cannot be filled
        (more than one missing month in a row, or a missing 1-12月): a single missing
        cumulative month between two known ones is split evenly (noted). Returns the
        amounts and the first year, or None without this year's levels.
        """
        lv = self.level
        if self.cell("level", year, month) is None:
            return None
        years = [y for y in range(int(lv.index.min()), year + 1)] if len(lv.index) else []
        rows: list[np.ndarray] = []
        first = year
        for y in reversed(years):
            last = 12 if y < year else month
            row = (
                lv.loc[y, list(range(2, last + 1))].to_numpy(float)
                if y in lv.index
                else np.full(last - 1, np.nan)
            )
            filled = _fill_single_gaps(row)
            if filled is None:
                break
            if np.isnan(row).any():
                self.notes.append(
                    tr(
                        f"{self.indicator}: a missing month of {y} was interpolated",
                        f"{self.indicator}：{y}年缺一个月的数据，按相邻两月平均拆分",
                    )
                )
            rows.append(np.diff(np.concatenate([[0.0], filled])))
            first = y
        rows.reverse()
        return np.concatenate(rows), first


def _fill_single_gaps(row: np.ndarray) -> np.ndarray | None:
    """Fill isolated NaNs of a cumulative row linearly; None when a gap is not isolated."""
    out = row.copy()
    if np.isnan(out[-1]):
        return None
    for i in np.flatnonzero(np.isnan(out)):
        before = out[i - 1] if i > 0 else 0.0
        after = out[i + 1]
        if np.isnan(before) or np.isnan(after):
            return None
        out[i] = (before + after) / 2
    return out


def history(ds: DataSet, region_id: str, indicator: str) -> History:
    """Levels, comparable growth and bases of a unit's cumulative indicator rows."""
    ind = ds.indicators
    rows = ind.loc[(ind["region_id"] == region_id) & (ind["indicator"] == indicator)]
    cols = pd.Index(MONTHS)

    def frame(column: str) -> pd.DataFrame:
        if rows.empty or column not in rows.columns:
            return pd.DataFrame(columns=cols, dtype=float)
        wide = rows.pivot_table(index="year", columns="month", values=column, aggfunc="first")
        return wide.reindex(columns=cols).astype(float)

    level, official, given_base = frame("value"), frame("yoy_pct"), frame("base")
    years = level.index.union(official.index).union(given_base.index)
    level, official, given_base = (f.reindex(years) for f in (level, official, given_base))
    last_year = level.reindex(years - 1).set_axis(years)
    implied = (level / (1 + official / 100)).where(official.notna() & level.notna())
    # the office's own base first: value / (1 + a rate rounded to 0.1) is only close to it
    base = given_base.fillna(implied).fillna(last_year).where(level.notna() | official.notna())
    growth = official.copy()
    growth = growth.fillna((level / base - 1) * 100)
    return History(region_id, indicator, level, growth, base)

"""One target per indicator and year (DESIGN.md "One target per indicator and year").

A target is an amount (kind "value", in the indicator's unit) or a growth rate (kind
"growth_pct", %). A growth target g is met when the year's growth on the comparable basis
reaches g, so the amount that meets it is

    year base x (1 + g / 100)

where the year base is the comparable base of the whole year as known at 1-m月,

    B_year = B_m x L_{y-1,12} / L_{y-1,m}          (the office gave the base B_m of 1-m月:
                                                    its ratio to last year's level kept)
    B_year = L_{y-1,12}                            (no base: last year's level)

Share of target, what the rest of the year needs, the probability of meeting it and every
sentence read the same :class:`AnnualTarget`, and each names its kind.

Worked example (the demo's value added, 1-6月 2021): B_6 = 17.873, L_2020,6 = 17.264,
L_2020,12 = 39.055 -> B_year = 17.873 x 39.055 / 17.264 = 40.43; growth target 8% -> amount
40.43 x 1.08 = 43.67 亿元 (the amount target of the same year, 43.0, is another target).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..data.dataset import DataSet
from ..data.periods import Period
from .cumulative import series

MONTHS = 12
KINDS = ("value", "growth_pct")


def given_target(ds: DataSet, region_id: str, indicator: str, year: int, kind: str) -> float | None:
    """The target of the targets table (None when the unit has none of that kind)."""
    t = ds["targets"]
    hit = t.loc[
        (t["region_id"] == region_id)
        & (t["indicator"] == indicator)
        & (t["year"] == year)
        & (t["kind"] == kind),
        "target",
    ]
    return None if hit.empty or pd.isna(hit.iloc[0]) else float(hit.iloc[0])


def year_base(
    base_m: float | None, last_to_m: float | None, last_total: float | None
) -> tuple[float | None, str | None]:
    """The comparable base of the whole year known at 1-m月 and where it comes from:
    ("comparable_base": B_m x L_total / L_m; "last_year": last year's level)."""
    if base_m is not None and last_to_m and last_total is not None:
        return base_m * last_total / last_to_m, "comparable_base"
    if last_total is not None:
        return last_total, "last_year"
    return None, None


@dataclass(frozen=True)
class AnnualTarget:
    """One target of one indicator and year, with the amount that meets it.

    ``given``: the target as set (amount, or growth in %); ``amount``: the year's total
    that meets it (None for a growth target without last year's levels); ``basis``:
    "amount" (an amount target), "comparable_base" or "last_year" (what the growth is
    applied to); ``year_base``: that base (None for an amount target)."""

    indicator: str
    year: int
    kind: str
    given: float
    amount: float | None
    basis: str | None
    year_base: float | None = None

    def to_results(self) -> dict:
        return {
            "kind": self.kind,
            "given": self.given,
            "amount": self.amount,
            "basis": self.basis,
            "year_base": self.year_base,
        }


def _cell(s: pd.DataFrame, year: int, month: int, column: str) -> float | None:
    hit = s.loc[(s["year"] == year) & (s["month"] == month), column]
    return None if hit.empty or pd.isna(hit.iloc[0]) else float(hit.iloc[0])


def annual_targets(
    ds: DataSet, region_id: str, indicator: str, period: Period
) -> dict[str, AnnualTarget]:
    """The unit's targets of the period's year by kind ("value", "growth_pct"), each with
    the amount that meets it as known at the period (``ds`` is cut at the period)."""
    cut = ds.as_of(period)
    y, m = period.year, period.month
    out: dict[str, AnnualTarget] = {}
    s = None
    for kind in KINDS:
        given = given_target(cut, region_id, indicator, y, kind)
        if given is None:
            continue
        if kind == "value":
            out[kind] = AnnualTarget(indicator, y, kind, given, given, "amount")
            continue
        if s is None:
            s = series(cut, region_id, indicator)
        base, basis = year_base(
            _cell(s, y, m, "base"), _cell(s, y - 1, m, "value"), _cell(s, y - 1, MONTHS, "value")
        )
        amount = base * (1 + given / 100) if base is not None else None
        out[kind] = AnnualTarget(indicator, y, kind, given, amount, basis, base)
    return out


def main_target(targets: dict[str, AnnualTarget]) -> AnnualTarget | None:
    """The target a summary quotes for what the rest of the year needs and the odds of
    meeting it: the growth target where the year has one ("全年增长8%"), else the amount."""
    return targets.get("growth_pct") or targets.get("value")

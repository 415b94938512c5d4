"""Target difficulty: what the remaining months of the year must bring to meet a target.

Notation (amounts in 亿元 or the indicator's count unit, rates in percent), for the
period 1-m月 of year t:
- ``ytd`` = this year's cumulative value V(m); where only the comparable base B(m) and the
  official rate G(m) are given, V(m) = B(m) x (1 + G(m)/100) ("ytd_source" says which).
- last year's rest of the year R = L(12) - L(m), from last year's published levels L.
- the target is :mod:`.targets`' one object: an amount T, or a growth target g whose
  amount is B_year x (1 + g/100), B_year the comparable base of the whole year
  (B(m) x L(12) / L(m) where the office gives B(m), else L(12)). ``basis`` says what a
  growth target rests on: "base" (the comparable base) or "level" (last year's level);
  "level" for an amount target (only R enters, from published levels).

Value target T:
    remaining = T - ytd (negative: the target is already exceeded)
    monthly_needed = remaining / (12 - m)
    rest_of_year_growth_pct = (remaining / R - 1) x 100
Growth target g (DESIGN.md "Required growth"):
    remaining = B_year x (1 + g/100) - ytd
    monthly_needed = remaining / (12 - m)
    rest_of_year_growth_pct = (remaining / (B_year - B(m)) - 1) x 100
    (the remaining months' base on the same footing: B_year - B(m) = R x B(m) / L(m);
    without a base, L(12) - L(m) = R)
At 1-12月 no month remains: ``remaining`` is what the year missed (or exceeded by), the
monthly amount and the rest-of-year growth are None, and ``note`` says so.

For a real-growth indicator (value added) the levels are at current prices: the rest-of-
year growth is on the levels as reported, not deflated.

Output growth needed for the value-added growth target (value added = output x rate):
    r = sum(output_i x va_rate_i) / sum(output_i)            this year's rate, %
    r_prev = sum(output_prev_i x va_rate_prev_i) / sum(output_prev_i)
             (weights: this year's output where output_prev is missing)
    (1 + G) x (r / r_prev) / (1 + p) = 1 + g_va
    => G = (1 + g_va)(1 + p)(r_prev / r) - 1
with p the expected price (PPI) change of the year: by default the county's output-
weighted industry PPI so far, sum(output_i x ppi_i) / sum(output_i).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from ..data.dataset import DataSet
from ..data.periods import Period
from ..data.schema import HEADLINE_INDICATORS, INDICATORS
from .indicators import as_float, series
from .targets import AnnualTarget, annual_targets, given_target, main_target

MONTHS = 12


@dataclass
class RequiredGrowth:
    """What the rest of the year needs for one indicator's annual target.

    ``available`` is False when nothing could be computed (no target, no level this
    year, or no last-year total for a growth target); ``missing`` then says why. A
    partial answer (e.g. the monthly amount without last year's levels) keeps
    available True and says in ``missing`` what is left out.
    """

    code: str
    label: str
    unit: str
    period: Period
    target_kind: str | None  # "value" or "growth_pct"
    target: float | None  # amount for a value target, % for a growth target
    target_amount: float | None = None  # the year's total that meets it (targets.py)
    months_left: int = 0
    ytd: float | None = None
    ytd_source: str | None = None  # "level" or "base" (B x (1 + G))
    last_year_to_date: float | None = None
    last_year_total: float | None = None
    last_year_rest: float | None = None
    remaining: float | None = None
    monthly_needed: float | None = None
    rest_of_year_growth_pct: float | None = None
    basis: str | None = None  # last year's to-date figure: "base" or "level"
    available: bool = False
    missing: list[str] = field(default_factory=list)
    note: str | None = None

    def to_results(self) -> dict:
        return {
            "target_kind": self.target_kind,
            "target": self.target,
            "target_amount": self.target_amount,
            "remaining": self.remaining,
            "monthly_needed": self.monthly_needed,
            "rest_of_year_growth_pct": self.rest_of_year_growth_pct,
            "basis": self.basis,
            "months_left": self.months_left,
            "ytd": self.ytd,
            "ytd_source": self.ytd_source,
            "last_year_to_date": self.last_year_to_date,
            "last_year_total": self.last_year_total,
            "last_year_rest": self.last_year_rest,
            "available": self.available,
            "missing": list(self.missing),
            "note": self.note,
        }


def _cell(s: pd.DataFrame, year: int, month: int, column: str) -> float | None:
    hit = s.loc[(s["year"] == year) & (s["month"] == month), column]
    return as_float(hit.iloc[0]) if len(hit) else None


def required_growth(
    ds: DataSet, region_id: str, indicator: str, period: Period, kind: str | None = None
) -> RequiredGrowth:
    """Growth and monthly amount the remaining months need to meet the annual target.

    ``kind`` chooses the target ("value" or "growth_pct"); by default the growth target
    where the year has one (the one a summary quotes: "全年增长8%"), else the value target.
    """
    cut = ds.as_of(period)
    spec = INDICATORS[indicator]
    y, m = period.year, period.month
    targets = annual_targets(cut, region_id, indicator, period)
    if kind is None:
        chosen = main_target(targets)
        kind = chosen.kind if chosen is not None else "value"
    if kind not in ("value", "growth_pct"):
        raise ValueError(f"unknown target kind {kind!r}; known: value, growth_pct")
    t: AnnualTarget | None = targets.get(kind)
    out = RequiredGrowth(
        code=indicator,
        label=spec.label,
        unit=spec.unit,
        period=period,
        target_kind=kind if t is not None else None,
        target=t.given if t is not None else None,
        target_amount=t.amount if t is not None else None,
        months_left=MONTHS - m,
    )
    if t is None:
        out.missing.append(f"no {kind} target for {y}")
        return out

    s = series(cut, region_id, indicator)
    ytd = _cell(s, y, m, "value")
    out.ytd_source = "level" if ytd is not None else None
    base_now, rate_now = _cell(s, y, m, "base"), _cell(s, y, m, "yoy_pct")
    if ytd is None and base_now is not None and rate_now is not None:
        ytd, out.ytd_source = base_now * (1 + rate_now / 100), "base"
    out.ytd = ytd

    last_total, last_to_m = _cell(s, y - 1, MONTHS, "value"), _cell(s, y - 1, m, "value")
    rest = last_total - last_to_m if None not in (last_total, last_to_m) else None
    out.last_year_rest = rest
    if base_now is not None:
        out.basis, out.last_year_to_date = "base", base_now
    elif last_to_m is not None:
        out.basis, out.last_year_to_date = "level", last_to_m
    rest_base = rest
    if kind == "growth_pct":
        out.last_year_total = t.year_base
        if t.year_base is not None and out.last_year_to_date is not None:
            rest_base = t.year_base - out.last_year_to_date
        if t.basis == "last_year":
            out.basis = "level"
    elif rest is not None and out.last_year_to_date is not None:
        out.last_year_total = out.last_year_to_date + rest

    if ytd is None:
        out.missing.append(f"no level of {y} 1-{m}月 (growth-only data)")
        return out
    if kind == "value":
        out.remaining = t.amount - ytd
        out.basis = "level" if rest is not None else None  # only R enters: published levels
    elif t.amount is None:
        out.missing.append(f"no level of {y - 1} to build last year's total")
        return out
    else:
        out.remaining = t.amount - ytd
    out.available = True
    if m == MONTHS:
        out.note = (
            "1-12月: no month remains; remaining is what the year missed (negative: exceeded)"
        )
        return out
    out.monthly_needed = out.remaining / (MONTHS - m)
    if rest_base is None:
        out.missing.append(f"no levels of {y - 1} (1-{m}月 and 1-12月): no rest-of-year growth")
    elif rest_base <= 0:
        out.missing.append(f"last year's rest of the year is not positive ({rest_base})")
    else:
        out.rest_of_year_growth_pct = (out.remaining / rest_base - 1) * 100
    return out


@dataclass
class RequiredAll:
    """Target difficulty of several indicators (those with a target of the year)."""

    period: Period
    items: dict[str, RequiredGrowth]
    output_for_va: OutputGrowthForVa | None = None

    def to_results(self) -> dict:
        out: dict = {code: r.to_results() for code, r in self.items.items()}
        if self.output_for_va is not None:
            out.update(self.output_for_va.to_results())
        return {"required": out}


def required_all(
    ds: DataSet,
    region_id: str,
    period: Period,
    indicators: tuple[str, ...] = HEADLINE_INDICATORS,
    expected_ppi_pct: float | None = None,
) -> RequiredAll:
    """:func:`required_growth` for every indicator given that has a target of the year,
    and :func:`output_growth_for_va_target`."""
    cut = ds.as_of(period)
    t = cut["targets"]
    have = set(t.loc[(t["region_id"] == region_id) & (t["year"] == period.year), "indicator"])
    items = {code: required_growth(cut, region_id, code, period) for code in indicators}
    items = {code: r for code, r in items.items() if code in have}
    va = output_growth_for_va_target(cut, region_id, period, expected_ppi_pct)
    return RequiredAll(period=period, items=items, output_for_va=va)


@dataclass
class OutputGrowthForVa:
    """Nominal output growth needed for the value-added (real) growth target.

    G = (1 + g_va)(1 + p)(r_prev / r) - 1, all in percent; see the module docstring.
    """

    period: Period
    required_output_growth_pct: float | None
    va_target_growth_pct: float | None
    va_rate_pct: float | None  # r, output-weighted this year
    va_rate_prev_pct: float | None  # r_prev, last year's
    va_rate_prev_weights: str | None  # "output_prev" or "output" (no output_prev given)
    expected_ppi_pct: float | None
    ppi_source: str | None  # "given" or "industries" (output-weighted PPI so far)
    available: bool = False
    missing: list[str] = field(default_factory=list)

    def to_results(self) -> dict:
        return {
            "output_growth_for_va_target_pct": self.required_output_growth_pct,
            "output_growth_for_va_target": {
                "va_target_growth_pct": self.va_target_growth_pct,
                "va_rate_pct": self.va_rate_pct,
                "va_rate_prev_pct": self.va_rate_prev_pct,
                "va_rate_prev_weights": self.va_rate_prev_weights,
                "expected_ppi_pct": self.expected_ppi_pct,
                "ppi_source": self.ppi_source,
                "available": self.available,
                "missing": list(self.missing),
            },
        }


def output_growth_for_va_target(
    ds: DataSet, region_id: str, period: Period, expected_ppi_pct: float | None = None
) -> OutputGrowthForVa:
    """Output growth (nominal, %) needed for the value-added growth target of the year."""
    cut = ds.as_of(period)
    g_va = given_target(cut, region_id, "value_added", period.year, "growth_pct")
    ind = cut["industries"]
    rows = ind.loc[
        (ind["region_id"] == region_id)
        & (ind["year"] == period.year)
        & (ind["month"] == period.month)
        & ind["output"].notna()
        & ind["va_rate"].notna()
    ]
    out = OutputGrowthForVa(
        period=period,
        required_output_growth_pct=None,
        va_target_growth_pct=g_va,
        va_rate_pct=None,
        va_rate_prev_pct=None,
        va_rate_prev_weights=None,
        expected_ppi_pct=expected_ppi_pct,
        ppi_source="given" if expected_ppi_pct is not None else None,
    )
    if g_va is None:
        out.missing.append(f"no value-added growth target for {period.year}")
    if rows.empty or rows["output"].sum() <= 0:
        out.missing.append(f"no industries rows at {period.iso}")
    if out.missing:
        return out
    output = rows["output"].astype("float64")
    out.va_rate_pct = float((output * rows["va_rate"]).sum() / output.sum())
    prev_rate = rows["va_rate_prev"].astype("float64")
    prev_out = rows["output_prev"].astype("float64")
    if prev_out.notna().all() and prev_rate.notna().all() and prev_out.sum() > 0:
        out.va_rate_prev_pct = float((prev_out * prev_rate).sum() / prev_out.sum())
        out.va_rate_prev_weights = "output_prev"
    elif prev_rate.notna().all():
        out.va_rate_prev_pct = float((output * prev_rate).sum() / output.sum())
        out.va_rate_prev_weights = "output"
    else:
        out.missing.append("va_rate_prev missing for some industry")
    if expected_ppi_pct is None:
        ppi = rows["ppi_yoy_pct"].astype("float64")
        if ppi.notna().all():
            out.expected_ppi_pct = float((output * ppi).sum() / output.sum())
            out.ppi_source = "industries"
        else:
            out.missing.append("ppi_yoy_pct missing for some industry; pass expected_ppi_pct")
    if out.missing or not out.va_rate_pct:
        if not out.va_rate_pct and not out.missing:
            out.missing.append("value-added rate is zero")
        return out
    out.required_output_growth_pct = (
        (1 + g_va / 100)
        * (1 + out.expected_ppi_pct / 100)
        * (out.va_rate_prev_pct / out.va_rate_pct)
        - 1
    ) * 100
    out.available = True
    return out

"""Value added estimated from output by industry, the impact of value-added-rate changes,
and prices (nominal vs real growth, national PPI and PMI).

Formulas (amounts in 亿元, rates in percent; o = cumulative output of an industry this
year, o' = last year's same period on the comparable basis (``output_prev``), r / r' = this
year's / last year's value-added rate (增加值率), p = the industry's PPI change):

- current-price value added  VA      = Σ o x r / 100
- last year's value added    VA'     = Σ o' x r' / 100 (only when every industry has o')
- comparable-price VA        VA_real = Σ (o x r / 100) / (1 + p / 100)
- real growth = VA_real / VA' - 1; nominal growth = VA / VA' - 1
- gap (pp) = estimated real growth - reported (official, real) value-added growth
- rate-change impact of an industry = o x (r - r') / 100 (亿元); in growth points
  = impact / base x 100, base = VA' when every industry has o', otherwise
  Σ o x r' / 100 / (1 + g_output / 100) with g_output the county's nominal output growth
  (last year's VA at last year's rates, assuming every industry grew like total output)
- county PPI = Σ o x p / Σ o (output-weighted); real output growth
  = (1 + nominal) / (1 + PPI) - 1; gap (pp) = nominal - real

Every function cuts the data set at the period first, so later data change nothing.
Missing optional data never raise: the result says ``available=False`` and lists short,
machine-readable reasons in ``missing`` (see the ``MISSING_*`` constants).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pandas as pd

from ..data.dataset import DataSet
from ..data.periods import Period
from .indicators import growth_table

# machine-readable reasons in ``missing``
MISSING_INDUSTRIES = "industries table absent"
MISSING_INDUSTRY_ROWS = "no industries rows for region and period"
MISSING_OUTPUT = "no output levels"
MISSING_OUTPUT_PREV = "no output_prev"
MISSING_PPI = "no ppi_yoy_pct"
MISSING_BASE = "no last-year base"  # neither output_prev nor output growth
MISSING_OUTPUT_GROWTH = "no output growth"
MISSING_MACRO = "macro table absent"

# which figure is which (written into results so no reader mixes nominal and real)
VA_BASIS = {
    "nominal": "current_prices_estimate",
    "real": "comparable_prices_estimate",
    "prev": "last_year_comparable_basis_estimate",
    "reported_yoy_pct": "official_comparable_prices",
    "gap_pp": "real_yoy_pct_minus_reported_yoy_pct",
}
INDUSTRY_COLUMNS = [
    "industry",
    "output",
    "output_prev",
    "va_rate",
    "va_rate_prev",
    "ppi_yoy_pct",
]


def _num(x) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def _industry_rows(cut: DataSet, region_id: str, period: Period) -> tuple[pd.DataFrame, list]:
    """The region's industry rows at the period, or an empty frame and the reason."""
    table = cut.tables.get("industries")
    if table is None or table.empty:
        return pd.DataFrame(columns=INDUSTRY_COLUMNS), [MISSING_INDUSTRIES]
    rows = table.loc[
        (table["region_id"] == region_id)
        & (table["year"] == period.year)
        & (table["month"] == period.month),
        INDUSTRY_COLUMNS,
    ]
    if rows.empty:
        return rows.reset_index(drop=True), [MISSING_INDUSTRY_ROWS]
    rows = rows.astype({c: "float64" for c in INDUSTRY_COLUMNS[1:]}).reset_index(drop=True)
    if rows["output"].isna().any() or rows["va_rate"].isna().any():
        return rows.iloc[0:0], [MISSING_OUTPUT]
    return rows, []


def _indicator_growth(cut: DataSet, region_id: str, code: str, period: Period):
    """(yoy_pct, yoy_source) of an indicator as the headline resolves it (official first)."""
    table = growth_table(cut, code, period)
    mine = table.loc[table["region_id"] == region_id]
    if mine.empty:
        return None, None
    yoy = _num(mine["yoy_pct"].iloc[0])
    return yoy, (mine["yoy_source"].iloc[0] if yoy is not None else None)


def _growth(now: float | None, before: float | None) -> float | None:
    if now is None or before is None or before == 0:
        return None
    return (now / before - 1) * 100


# ------------------------------------------------------------------ 1. value added


@dataclass
class ValueAddedEstimate:
    """Value added estimated from output x value-added rate, beside the reported growth.

    ``nominal`` is at current prices, ``real`` at last year's prices (each industry
    deflated by its PPI); ``prev`` is last year's value added on the comparable basis.
    ``reported_yoy_pct`` is the official value-added growth (a real rate) from the
    indicators; ``gap_pp`` = ``real_yoy_pct`` - ``reported_yoy_pct``.
    ``industries``: one row per industry with the columns of the input plus va
    (o x r / 100), va_real and va_prev (o' x r' / 100).
    """

    region_id: str
    period: Period
    available: bool
    missing: list[str]
    nominal: float | None
    real: float | None
    prev: float | None
    nominal_yoy_pct: float | None
    real_yoy_pct: float | None
    reported_yoy_pct: float | None
    reported_yoy_source: str | None  # "official", "base", "computed" (see indicators)
    gap_pp: float | None
    industries: pd.DataFrame = field(default_factory=pd.DataFrame)

    def to_results(self) -> dict:
        return {
            "available": self.available,
            "missing": list(self.missing),
            "nominal": self.nominal,
            "real": self.real,
            "prev": self.prev,
            "nominal_yoy_pct": self.nominal_yoy_pct,
            "real_yoy_pct": self.real_yoy_pct,
            "reported_yoy_pct": self.reported_yoy_pct,
            "reported_yoy_source": self.reported_yoy_source,
            "gap_pp": self.gap_pp,
            "basis": dict(VA_BASIS),
            "industries": [
                {k: (_num(v) if k != "industry" else str(v)) for k, v in rec.items()}
                for rec in self.industries.to_dict("records")
            ],
        }


def _value_added(cut: DataSet, region_id: str, period: Period) -> ValueAddedEstimate:
    rows, missing = _industry_rows(cut, region_id, period)
    reported, reported_source = _indicator_growth(cut, region_id, "value_added", period)
    if missing:
        return ValueAddedEstimate(
            region_id, period, False, missing, None, None, None, None, None,
            reported, reported_source, None, rows,
        )  # fmt: skip
    rows = rows.assign(
        va=rows["output"] * rows["va_rate"] / 100,
        va_prev=rows["output_prev"] * rows["va_rate_prev"] / 100,
    )
    rows["va_real"] = rows["va"] / (1 + rows["ppi_yoy_pct"] / 100)
    nominal = float(rows["va"].sum())
    real = prev = None
    if rows["ppi_yoy_pct"].isna().any():
        missing.append(MISSING_PPI)
    else:
        real = float(rows["va_real"].sum())
    if rows["output_prev"].isna().any() or rows["va_rate_prev"].isna().any():
        missing.append(MISSING_OUTPUT_PREV)
    else:
        prev = float(rows["va_prev"].sum())
    real_yoy = _growth(real, prev)
    gap = real_yoy - reported if real_yoy is not None and reported is not None else None
    return ValueAddedEstimate(
        region_id=region_id,
        period=period,
        available=True,
        missing=missing,
        nominal=nominal,
        real=real,
        prev=prev,
        nominal_yoy_pct=_growth(nominal, prev),
        real_yoy_pct=real_yoy,
        reported_yoy_pct=reported,
        reported_yoy_source=reported_source,
        gap_pp=gap,
        industries=rows,
    )


def value_added_estimate(ds: DataSet, region_id: str, period: Period) -> ValueAddedEstimate:
    """Current-price and comparable-price value added from the industries table.

    VA = Σ output x va_rate / 100; real = Σ output x va_rate / 100 / (1 + ppi / 100);
    prev = Σ output_prev x va_rate_prev / 100 (None unless every industry has
    output_prev); growths are ratios to prev. Growth-only data (no industries table or
    no rows) give ``available=False`` with the reported growth still filled in.
    """
    ds.region_name(region_id)
    return _value_added(ds.as_of(period), region_id, period)


# ------------------------------------------------------------------ 1b. drivers of growth

# machine-readable reasons of ``GrowthDrivers.reason`` (why a measure is not available)
DRIVERS_NO_INDUSTRIES = "no_industries_table"
DRIVERS_NO_INDUSTRY_ROWS = "no_industry_rows"
DRIVERS_NO_OUTPUT = "no_output_levels"
DRIVERS_NO_PREV = "no_last_year_levels"
DRIVERS_ZERO_BASE = "zero_last_year_total"
_DRIVER_REASONS = {
    MISSING_INDUSTRIES: DRIVERS_NO_INDUSTRIES,
    MISSING_INDUSTRY_ROWS: DRIVERS_NO_INDUSTRY_ROWS,
    MISSING_OUTPUT: DRIVERS_NO_OUTPUT,
}
# which levels each measure compares (both at current prices: nominal)
DRIVER_MEASURES = {"output": ("output", "output_prev"), "value_added": ("va", "va_prev")}
DRIVER_BASIS = {"output": "current_prices", "value_added": "current_prices_estimate"}


@dataclass
class GrowthDrivers:
    """How much each industry contributed to the change of one total (output or VA).

    Amounts in 亿元 at current prices. For industry i with this year's level x_i and last
    year's x'_i (totals X = Σ x_i, X' = Σ x'_i):

    - change_i = x_i - x'_i; growth_pct = (X / X' - 1) x 100 (from the industries' levels,
      nominal: not the official, comparable-price rate)
    - contribution_pp_i = change_i / X' x 100 (points of growth; they add up to growth_pct)
    - share_of_change_pct_i = change_i / (X - X') x 100 (they add up to 100; negative: the
      industry moved against the total; None when X = X')
    - material_i = |share_of_change_pct_i| >= ``share_pct`` (None when the share is None)

    Each row: industry, the two levels under the measure's own keys (``output`` /
    ``output_prev``, or ``va`` / ``va_prev``), change, contribution_pp,
    share_of_change_pct, material.

    ``by_industry`` is sorted by |contribution_pp| descending (ties by industry name).
    ``available`` False with ``reason`` (``DRIVERS_*``) when the industries table has no
    rows for the region and period, a level is missing or last year's total is 0.
    """

    measure: str  # "output" or "value_added"
    available: bool
    reason: str | None
    total: float | None
    total_prev: float | None
    share_pct: float
    by_industry: list[dict] = field(default_factory=list)

    @property
    def change(self) -> float | None:
        if self.total is None or self.total_prev is None:
            return None
        return self.total - self.total_prev

    @property
    def growth_pct(self) -> float | None:
        return _growth(self.total, self.total_prev)

    def to_results(self) -> dict:
        return {
            "available": self.available,
            "reason": self.reason,
            "basis": DRIVER_BASIS[self.measure],
            "total": self.total,
            "total_prev": self.total_prev,
            "change": self.change,
            "growth_pct": self.growth_pct,
            "by_industry": [dict(r) for r in self.by_industry],
        }


def _driver_rows(
    keys: tuple[str, str],
    names: list[str],
    now: list[float],
    before: list[float],
    share_pct: float,
) -> tuple[float, float, list[dict]]:
    total, total_prev = float(sum(now)), float(sum(before))
    change_total = total - total_prev
    rows = []
    for name, x, x_prev in zip(names, now, before, strict=True):
        change = x - x_prev
        share = change / change_total * 100 if change_total != 0 else None
        rows.append(
            {
                "industry": name,
                keys[0]: x,
                keys[1]: x_prev,
                "change": change,
                "contribution_pp": change / total_prev * 100,
                "share_of_change_pct": share,
                "material": None if share is None else abs(share) >= share_pct * (1 - 1e-12),
            }
        )
    rows.sort(key=lambda r: (-abs(r["contribution_pp"]), r["industry"]))
    return total, total_prev, rows


def growth_drivers(
    estimate: ValueAddedEstimate, share_pct: float = 30.0
) -> dict[str, GrowthDrivers]:
    """Contributions of each industry to the change of output and of value added.

    ``{"output": ..., "value_added": ...}``; output compares ``output`` with
    ``output_prev``, value added ``va`` with ``va_prev`` of the estimate (o x r / 100 and
    o' x r' / 100, current prices); each row names its levels by those keys.
    """
    out = {}
    rows = estimate.industries
    for measure, (now_col, prev_col) in DRIVER_MEASURES.items():
        reason = None
        if not estimate.available:
            first = estimate.missing[0] if estimate.missing else MISSING_INDUSTRY_ROWS
            reason = _DRIVER_REASONS.get(first, DRIVERS_NO_INDUSTRY_ROWS)
        elif rows.empty:
            reason = DRIVERS_NO_INDUSTRY_ROWS
        elif rows[now_col].isna().any():
            reason = DRIVERS_NO_OUTPUT
        elif rows[prev_col].isna().any():
            reason = DRIVERS_NO_PREV
        elif float(rows[prev_col].sum()) == 0:
            reason = DRIVERS_ZERO_BASE
        if reason:
            out[measure] = GrowthDrivers(measure, False, reason, None, None, share_pct)
            continue
        total, total_prev, by_industry = _driver_rows(
            (now_col, prev_col),
            [str(n) for n in rows["industry"]],
            [float(v) for v in rows[now_col]],
            [float(v) for v in rows[prev_col]],
            share_pct,
        )
        out[measure] = GrowthDrivers(measure, True, None, total, total_prev, share_pct, by_industry)
    return out


def drivers_to_results(drivers: dict[str, GrowthDrivers]) -> dict:
    """The top-level ``drivers`` entry of results.json: {measure: {...}}."""
    return {measure: d.to_results() for measure, d in drivers.items()}


# ------------------------------------------------------------------ 2. rate change


@dataclass
class RateAdjustment:
    """Change of this year's value added caused by the change of value-added rates alone.

    ``by_industry`` columns: industry, output, va_rate_prev, va_rate, impact_value (亿元,
    output x (va_rate - va_rate_prev) / 100), impact_pp (impact_value / base x 100,
    points of value-added growth); sorted most negative first. ``impact_value`` and
    ``impact_pp`` are the sums of the column in that order. ``base`` (亿元) is last
    year's value added, computed as named by ``base_used`` ("output_prev" or "output_growth",
    worded by text/zh/industry.RATE_BASES; None
    when neither rule applies, then every impact_pp is None). ``drivers``: the
    industries, largest absolute impact first, that together make up ``driver_share``
    of the absolute impact.
    """

    region_id: str
    period: Period
    available: bool
    missing: list[str]
    impact_value: float | None
    impact_pp: float | None
    base: float | None
    base_used: str | None
    by_industry: pd.DataFrame
    drivers: list[str]
    driver_share: float = 0.8

    def to_results(self) -> dict:
        return {
            "available": self.available,
            "missing": list(self.missing),
            "impact_value": self.impact_value,
            "impact_pp": self.impact_pp,
            "base": self.base,
            "base_used": self.base_used,
            "by_industry": [
                {k: (_num(v) if k != "industry" else str(v)) for k, v in rec.items()}
                for rec in self.by_industry.to_dict("records")
            ],
            "drivers": list(self.drivers),
        }


RATE_COLUMNS = ["industry", "output", "va_rate_prev", "va_rate", "impact_value", "impact_pp"]


def _drivers(by_industry: pd.DataFrame, share: float) -> list[str]:
    """Industries, largest |impact| first, until their |impact| reaches share of the total."""
    size = by_industry["impact_value"].abs()
    total = float(size.sum())
    if total == 0:
        return []
    order = by_industry.assign(size=size).sort_values(
        ["size", "industry"], ascending=[False, True], kind="stable"
    )
    out, covered = [], 0.0
    for name, s in zip(order["industry"], order["size"], strict=True):
        if s == 0 or covered >= share * total * (1 - 1e-12):
            break
        out.append(str(name))
        covered += float(s)
    return out


def rate_adjustment(
    ds: DataSet, region_id: str, period: Period, driver_share: float = 0.8
) -> RateAdjustment:
    """Impact of the change of value-added rates (last year's -> this year's) by industry.

    impact_value = output x (va_rate - va_rate_prev) / 100 (亿元); impact_pp =
    impact_value / base x 100. Base rule: last year's value added Σ output_prev x
    va_rate_prev / 100 when every industry has output_prev (``base_used`` =
    "output_prev"); otherwise Σ output x va_rate_prev / 100 / (1 + g / 100) with g the
    county's nominal output growth from the indicators ("output_growth"); otherwise no
    points (None) and ``missing`` says why.
    """
    ds.region_name(region_id)
    cut = ds.as_of(period)
    rows, missing = _industry_rows(cut, region_id, period)
    if missing:
        return RateAdjustment(
            region_id, period, False, missing, None, None, None, None,
            pd.DataFrame(columns=RATE_COLUMNS), [], driver_share,
        )  # fmt: skip
    rows = rows.assign(impact_value=rows["output"] * (rows["va_rate"] - rows["va_rate_prev"]) / 100)
    base = base_used = None
    if rows["output_prev"].notna().all():
        base = float((rows["output_prev"] * rows["va_rate_prev"] / 100).sum())
        base_used = "output_prev"
    else:
        missing.append(MISSING_OUTPUT_PREV)
        growth, _ = _indicator_growth(cut, region_id, "output", period)
        if growth is not None and growth > -100:
            at_prev_rates = float((rows["output"] * rows["va_rate_prev"] / 100).sum())
            base = at_prev_rates / (1 + growth / 100)
            base_used = "output_growth"
        else:
            missing.append(MISSING_BASE)
    if not base:  # None or 0: points cannot be computed
        base, base_used = None, None
    rows["impact_pp"] = rows["impact_value"] / base * 100 if base else float("nan")
    by_industry = (
        rows[RATE_COLUMNS]
        .sort_values(["impact_value", "industry"], kind="stable")
        .reset_index(drop=True)
    )
    impact_value = sum(float(v) for v in by_industry["impact_value"])
    impact_pp = sum(float(v) for v in by_industry["impact_pp"]) if base else None
    return RateAdjustment(
        region_id=region_id,
        period=period,
        available=True,
        missing=missing,
        impact_value=impact_value,
        impact_pp=impact_pp,
        base=base,
        base_used=base_used,
        by_industry=by_industry,
        drivers=_drivers(by_industry, driver_share),
        driver_share=driver_share,
    )


# ------------------------------------------------------------------ 3. prices


@dataclass
class Prices:
    """Nominal vs real growth given prices, with the national PPI and PMI context.

    ``available`` is True when the county's output-weighted PPI and the real output
    growth could be computed; national figures and the official output growth are
    filled in whenever their own data exist.
    - ppi_yoy_pct: Σ output x ppi / Σ output over the county's industries (%)
    - output_nominal_yoy_pct: output growth as the headline resolves it
      (``output_nominal_yoy_source``: official > base > computed)
    - output_real_yoy_pct = ((1 + nominal/100) / (1 + ppi/100) - 1) x 100
    - gap_pp = nominal - real (points by which nominal growth overstates real growth)
    - va_reported_yoy_pct (official, real) vs va_nominal_yoy_pct (estimate, current
      prices; see value_added_estimate); va_gap_pp = nominal - reported
    - national_ppi_yoy_pct / pmi: the period's last month; national_ppi_avg_pct: mean
      of the year's months 1..period month present in macro (national_ppi_months of them)
    - pmi_months_above_50: consecutive months up to the period's last month with
      PMI >= 50 (0 when that month is below 50, None when it is not in the data)
    - national_ppi_prev_month_yoy_pct: the national PPI (year on year, %) of the month
      before the period's last month (January for 1-2月: macro rows are single months);
      national_ppi_change_pp = national_ppi_yoy_pct - that (points; positive: prices rose
      faster than the month before); None when either month has no figure
    """

    region_id: str
    period: Period
    available: bool
    missing: list[str]
    ppi_yoy_pct: float | None
    output_nominal_yoy_pct: float | None
    output_nominal_yoy_source: str | None
    output_real_yoy_pct: float | None
    gap_pp: float | None
    va_reported_yoy_pct: float | None
    va_nominal_yoy_pct: float | None
    va_gap_pp: float | None
    national_ppi_yoy_pct: float | None
    national_ppi_avg_pct: float | None
    national_ppi_months: int
    pmi: float | None
    pmi_months_above_50: int | None
    national_ppi_prev_month_yoy_pct: float | None = None

    @property
    def national_ppi_change_pp(self) -> float | None:
        now, before = self.national_ppi_yoy_pct, self.national_ppi_prev_month_yoy_pct
        return None if now is None or before is None else now - before

    def to_results(self) -> dict:
        out = dict(self.__dict__)
        out["national_ppi_change_pp"] = self.national_ppi_change_pp
        out.pop("region_id")
        out.pop("period")
        out["missing"] = list(self.missing)
        return out


def pmi_streak(macro: pd.DataFrame, year: int, month: int) -> int | None:
    """Consecutive months ending at (year, month) with PMI >= 50; a gap ends the streak.

    None when the month itself has no PMI; 0 when it is below 50.
    """
    known = {
        (int(y), int(m)): float(p)
        for y, m, p in zip(macro["year"], macro["month"], macro["pmi"], strict=True)
        if pd.notna(p)
    }
    if (year, month) not in known:
        return None
    n = 0
    while known.get((year, month), -math.inf) >= 50:
        n += 1
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return n


def prices(ds: DataSet, region_id: str, period: Period) -> Prices:
    """Nominal vs real output growth by the county's PPI, and national PPI/PMI context."""
    ds.region_name(region_id)
    cut = ds.as_of(period)
    rows, missing = _industry_rows(cut, region_id, period)
    nominal, source = _indicator_growth(cut, region_id, "output", period)
    ppi = real = gap = None
    if not missing:
        if rows["ppi_yoy_pct"].isna().any():
            missing.append(MISSING_PPI)
        elif rows["output"].sum() > 0:
            ppi = float((rows["output"] * rows["ppi_yoy_pct"]).sum() / rows["output"].sum())
        else:
            missing.append(MISSING_OUTPUT)
    if nominal is None:
        missing.append(MISSING_OUTPUT_GROWTH)
    if ppi is not None and nominal is not None:
        real = ((1 + nominal / 100) / (1 + ppi / 100) - 1) * 100
        gap = nominal - real
    va = _value_added(cut, region_id, period)
    va_gap = (
        va.nominal_yoy_pct - va.reported_yoy_pct
        if va.nominal_yoy_pct is not None and va.reported_yoy_pct is not None
        else None
    )
    macro = cut.tables.get("macro")
    nat_ppi = nat_avg = pmi = streak = nat_prev = None
    months = 0
    if macro is None or macro.empty:
        missing.append(MISSING_MACRO)
    else:
        year = macro.loc[(macro["year"] == period.year) & (macro["month"] <= period.month)]
        last = year.loc[year["month"] == period.month]
        if len(last):
            nat_ppi, pmi = _num(last["ppi_yoy_pct"].iloc[0]), _num(last["pmi"].iloc[0])
        ppis = year["ppi_yoy_pct"].dropna().astype("float64")
        months = len(ppis)
        nat_avg = float(ppis.mean()) if months else None
        streak = pmi_streak(macro, period.year, period.month)
        # a period ends in month 2..12, so the month before is in the same year
        before = macro.loc[(macro["year"] == period.year) & (macro["month"] == period.month - 1)]
        if len(before):
            nat_prev = _num(before["ppi_yoy_pct"].iloc[0])
    return Prices(
        region_id=region_id,
        period=period,
        available=ppi is not None and real is not None,
        missing=missing,
        ppi_yoy_pct=ppi,
        output_nominal_yoy_pct=nominal,
        output_nominal_yoy_source=source,
        output_real_yoy_pct=real,
        gap_pp=gap,
        va_reported_yoy_pct=va.reported_yoy_pct,
        va_nominal_yoy_pct=va.nominal_yoy_pct,
        va_gap_pp=va_gap,
        national_ppi_yoy_pct=nat_ppi,
        national_ppi_avg_pct=nat_avg,
        national_ppi_months=months,
        pmi=pmi,
        pmi_months_above_50=streak,
        national_ppi_prev_month_yoy_pct=nat_prev,
    )

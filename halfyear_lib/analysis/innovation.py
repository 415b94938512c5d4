"""Innovation indicators against their targets: R&D expense, technology contracts,
high-tech enterprise applications, science-and-technology SMEs.

Per indicator (amounts 亿元, counts 家, rates %), as for the headline indicators
(:func:`indicators.indicator_status`):
- value: cumulative value of the period; yoy_pct: official > comparable base > computed
- completion_pct = value / annual value target x 100
- schedule_gap_pp = completion_pct - time progress (month / 12 x 100)
- growth_gap_pp = yoy_pct - growth target (where a growth target exists)
``reason`` says why completion is None: "no_data" (neither value nor growth), "no_level"
(growth only: no cumulative value), "no_target" (no value target for the year).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..data.dataset import DataSet
from ..data.periods import Period
from .indicators import indicator_status

INNOVATION_INDICATORS: tuple[str, ...] = (
    "rd_expense",
    "tech_contracts",
    "hitech_firm_applications",
    "tech_smes",
)


@dataclass
class InnovationRow:
    """One innovation indicator of a region at a period."""

    code: str
    label: str
    unit: str
    value: float | None
    yoy_pct: float | None
    yoy_source: str | None
    target: float | None
    completion_pct: float | None
    time_progress_pct: float
    schedule_gap_pp: float | None
    target_growth_pct: float | None
    growth_gap_pp: float | None
    reason: str | None  # None, "no_data", "no_level" or "no_target"

    def to_results(self) -> dict:
        return {
            "value": self.value,
            "unit": self.unit,
            "yoy_pct": self.yoy_pct,
            "yoy_source": self.yoy_source,
            "target": self.target,
            "completion_pct": self.completion_pct,
            "time_progress_pct": self.time_progress_pct,
            "schedule_gap_pp": self.schedule_gap_pp,
            "target_growth_pct": self.target_growth_pct,
            "growth_gap_pp": self.growth_gap_pp,
            "reason": self.reason,
        }


@dataclass
class Innovation:
    """The innovation indicators of a region at a period, in INNOVATION_INDICATORS order."""

    region_id: str
    period: Period
    rows: list[InnovationRow]

    def row(self, code: str) -> InnovationRow:
        for r in self.rows:
            if r.code == code:
                return r
        raise KeyError(code)

    def to_results(self) -> dict:
        """The entries under ``innovation`` in results.json: {code: {...}}."""
        return {r.code: r.to_results() for r in self.rows}


def innovation_status(
    ds: DataSet,
    region_id: str,
    period: Period,
    indicators: tuple[str, ...] = INNOVATION_INDICATORS,
) -> Innovation:
    """Value, growth, completion of the annual target and schedule of each innovation code."""
    cut = ds.as_of(period)
    rows = []
    for code in indicators:
        s = indicator_status(cut, region_id, code, period)
        if s.value is None and s.yoy_pct is None:
            reason = "no_data"
        elif s.value is None:
            reason = "no_level"
        elif s.target is None:
            reason = "no_target"
        else:
            reason = None
        rows.append(
            InnovationRow(
                code=code,
                label=s.label,
                unit=s.unit,
                value=s.value,
                yoy_pct=s.yoy_pct,
                yoy_source=s.yoy_source,
                target=s.target,
                completion_pct=s.target_share_pct,
                time_progress_pct=s.time_progress_pct,
                schedule_gap_pp=s.schedule_gap_pp,
                target_growth_pct=s.target_growth_pct,
                growth_gap_pp=s.growth_gap_pp,
                reason=reason,
            )
        )
    return Innovation(region_id, period, rows)

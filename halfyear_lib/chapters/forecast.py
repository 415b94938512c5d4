"""Chapter 04, projections: this month's nowcast, the full year with its intervals and the
chance of meeting each target, and how well the methods did on past years."""

from __future__ import annotations

import pandas as pd

from ..display import plotting
from ..forecast.report import forecast_report
from ..text.zh import forecast as words
from .base import Chapter, Context, Figure, Table, Text, numeric


class ForecastChapter(Chapter):
    chapter_id = "forecast"
    sections = ("title", "intro", "nowcast", "full_year", "backtest", "notes")

    def _label(self, code: str) -> str:
        return (self.fc.get("labels") or {}).get(code, code)

    def section_title(self):
        ctx = self.context
        return [Text(words.forecast_title(ctx.region_name, ctx.period))]

    def section_intro(self):
        return [Text(words.intro_text(self.fc))]

    def section_nowcast(self):
        return [Text(words.nowcast_text(self.fc))]

    def section_full_year(self):
        fc, units = self.fc, self.fc.get("units") or {}

        def fan(code):
            path = (fc.get("path") or {}).get(code)
            return lambda: plotting.forecast_fan(
                path,
                self._label(code),
                units.get(code, words.DEFAULT_UNIT),
                target_label=words.chart_target_label(fc, code),
            )

        return [
            Text(words.full_year_text(fc)),
            full_year_table(fc),
            *(Figure(fan(code)) for code in fc.get("indicators") or []),
        ]

    def section_backtest(self):
        fc = self.fc

        def errors(code):
            return lambda: plotting.backtest_errors(
                (fc.get("backtest") or {}).get(code),
                self._label(code),
                chosen=(fc.get("chosen") or {}).get(code),
                rule=fc.get("rule") or "rule",
            )

        parts = [
            Text(words.backtest_text(fc)),
            backtest_table(fc),
            *(Figure(errors(code)) for code in fc.get("indicators") or []),
        ]
        if fc.get("nowcast"):
            parts += [
                Text(words.backtest_text(fc, "nowcast")),
                backtest_table(fc, "nowcast"),
            ]
        return parts

    def section_notes(self):
        return [Text(words.notes_text(self.fc))]

    def to_results(self) -> dict:
        return {"forecast": self.fc}


def full_year_table(fc: dict) -> Table:
    """The full-year table: its tidy data (:func:`full_year_data`) and the page's display."""
    return Table(full_year_data(fc), lambda d: words.full_year_table(d, fc), name="full_year")


def backtest_table(fc: dict, which: str = "full_year") -> Table:
    """A backtest table: its tidy data (:func:`backtest_data`) and the page's display."""
    return Table(
        backtest_data(fc, which),
        lambda d: words.backtest_table(d, fc),
        left=words.BACKTEST_LEFT,
        name="backtest" if which == "full_year" else "backtest_nowcast",
    )


def full_year_data(fc: dict) -> pd.DataFrame:
    """The full-year table's tidy data: one row per projected indicator (none in December),
    the ``full_year`` entry's numbers with the indicator's unit."""
    if fc.get("complete"):
        return pd.DataFrame(columns=["indicator"])
    entries, units = fc.get("full_year") or {}, fc.get("units") or {}
    rows = [
        {"indicator": code, "unit": units.get(code)}
        | {k: v for k, v in entries[code].items() if not isinstance(v, dict | list)}
        for code in fc.get("indicators") or []
        if code in entries
    ]
    return numeric(pd.DataFrame(rows)) if rows else pd.DataFrame(columns=["indicator"])


def backtest_data(fc: dict, which: str = "full_year") -> pd.DataFrame:
    """The backtest table's tidy data: one row per indicator and method with its errors (in
    points of cumulative growth), coverage and count; ``chosen`` marks the method chosen.
    ``which``: "full_year" (annual growth) or "nowcast" (the period's growth)."""
    nowcast = which == "nowcast"
    backtest = fc.get("backtest_nowcast" if nowcast else "backtest") or {}
    chosen = fc.get("chosen_nowcast" if nowcast else "chosen") or {}
    rows = [
        {"indicator": code, "method": method, "chosen": chosen.get(code) == method}
        | {k: v for k, v in m.items() if not isinstance(v, dict | list)}
        for code in fc.get("indicators") or []
        for method, m in (backtest.get(code) or {}).items()
    ]
    if not rows:
        return pd.DataFrame(columns=["indicator", "method"])
    return numeric(pd.DataFrame(rows))


def compute(ctx: Context, workers: int | None = None) -> ForecastChapter:
    report = forecast_report(ctx.dataset, ctx.region, ctx.period, workers=workers)
    # the method names and notes in Chinese whatever the message language (text/zh)
    fc = words.worded_results(report.to_results())
    return ForecastChapter(ctx, report=report, fc=fc)

"""Chapter 04, projections: this month's nowcast, the full year with its intervals and the
chance of meeting each target, and how well the methods did on past years."""

from __future__ import annotations

from ..display import plotting
from ..forecast.report import forecast_report
from ..text.zh import forecast as words
from .base import Chapter, Context, Figure, Table, Text


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
            Table(words.full_year_table(fc)),
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
            Table(words.backtest_table(fc), left=words.BACKTEST_LEFT),
            *(Figure(errors(code)) for code in fc.get("indicators") or []),
        ]
        if fc.get("nowcast"):
            parts += [
                Text(words.backtest_text(fc, "nowcast")),
                Table(words.backtest_table(fc, "nowcast"), left=words.BACKTEST_LEFT),
            ]
        return parts

    def section_notes(self):
        return [Text(words.notes_text(self.fc))]

    def to_results(self) -> dict:
        return {"forecast": self.fc}


def compute(ctx: Context, workers: int | None = None) -> ForecastChapter:
    report = forecast_report(ctx.dataset, ctx.region, ctx.period, workers=workers)
    # the method names and notes in Chinese whatever the message language (text/zh)
    fc = words.worded_results(report.to_results())
    return ForecastChapter(ctx, report=report, fc=fc)

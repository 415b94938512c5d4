"""Chapter 03, industrial investment: schedule, the project library and its balance, new
entries, the pipeline, projects not in the library, townships."""

from __future__ import annotations

import pandas as pd

from ..analysis import investment, townships
from ..analysis.investment import EXCLUDED_GROUPS
from ..contract.results import deep_merge
from ..display import plotting
from ..text.zh import investment as words
from .base import Chapter, Context, Figure, Table, Text


class InvestmentChapter(Chapter):
    chapter_id = "investment"
    sections = ("title", "schedule", "library", "new_entries", "pipeline", "not_in_library",
                "townships")  # fmt: skip

    def section_title(self):
        return [Text(words.investment_title(self.context.region_name, self.context.period))]

    def section_schedule(self):
        period = self.context.period
        return [Text(words.schedule_text(self.inv, period.time_progress_pct, 12 - period.month))]

    def section_library(self):
        return [
            Text(words.library_text(self.inv)),
            Table(excluded_data(self.inv), words.excluded_table, words.EXCLUDED_LEFT, "excluded"),
        ]

    def section_new_entries(self):
        return [Text(words.new_entries_text(self.inv))]

    def section_pipeline(self):
        return [Text(words.pipeline_text(self.inv))]

    def section_not_in_library(self):
        return [Text(words.not_in_library_text(self.inv))]

    def section_townships(self):
        towns = self.inv.get("townships") or []
        progress = self.context.period.time_progress_pct
        return [
            Text(words.townships_text(self.inv)),
            Table(pd.DataFrame(towns), words.townships_table, words.TOWNSHIPS_LEFT, "townships"),
            Figure(lambda: plotting.township_completion(towns, progress)),
            Figure(lambda: plotting.township_entries(towns)),
        ]

    def to_results(self) -> dict:
        return {"investment": self.inv}


def excluded_data(inv: dict) -> pd.DataFrame:
    """The excluded balances' tidy data: one row per reason (``EXCLUDED_GROUPS``), with the
    number of projects, their balance (亿元) and their names; empty without a library."""
    columns = ["reason", "projects", "balance", "names"]
    ex, lib = inv.get("excluded"), inv.get("library")
    usable = isinstance(lib, dict) and lib and lib.get("available", True) is not False
    if not isinstance(ex, dict) or not usable:
        return pd.DataFrame(columns=columns)
    rows = []
    for reason in EXCLUDED_GROUPS:
        part = ex.get(reason) or {}
        projects = part.get("projects") or []
        rows.append(
            {
                "reason": reason,
                "projects": part.get("count"),
                "balance": part.get("balance"),
                "names": tuple(str(p.get("name", "")) for p in projects),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def compute(ctx: Context) -> InvestmentChapter:
    ds, region, period = ctx.dataset, ctx.region, ctx.period
    report = investment.investment_report(ds, region, period)
    towns = townships.township_investment(
        ds, region, period, close_to_schedule_pp=ctx.thresholds.close_to_schedule_pp
    )
    inv = deep_merge(report.to_results(), towns.to_results())["investment"]
    return InvestmentChapter(ctx, report=report, townships=towns, inv=inv)

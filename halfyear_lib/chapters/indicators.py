"""Chapter 01, the main indicators: levels, growth, targets and schedule, the comparison with
the parent and the other units, ranks, quarters and firms."""

from __future__ import annotations

import pandas as pd

from ..analysis import comparison as compare
from ..analysis import indicators, trends
from ..contract.results import deep_merge
from ..data.schema import HEADLINE_INDICATORS
from ..display import plotting
from ..text.zh import indicators as words
from ..text.zh import ranks as rank_words
from .base import Chapter, Context, Figure, Table, Text, numeric

CODES = list(HEADLINE_INDICATORS)


class IndicatorsChapter(Chapter):
    chapter_id = "indicators"
    sections = ("title", "headline", "comparison", "ranks", "quarters")

    def section_title(self):
        return [Text(words.headline_title(self.headline))]

    def section_headline(self):
        return [
            headline_table(self.headline, self.two_year),
            Text(words.headline_notes(self.headline)),
        ]

    def section_comparison(self):
        c = self.comparison
        return [
            Text(words.comparison_intro(c)),
            Figure(
                lambda: plotting.comparison_chart(c, CODES),
                lambda: plotting.comparison_chart(c, CODES, columns=1),
            ),
            Text(words.comparison_text(c)),
            *units_tables(c),
        ]

    def section_ranks(self):
        c, period = self.comparison, self.context.period
        shown = c.rankings_to_show(self.rankings)

        def bars(group, columns=None):
            return lambda: plotting.rank_bars(
                {code: shown[code] for code in group},
                self.context.region,
                period.label,
                reference=c.reference_growth(),
                reference_label=words.reference_label(c),
                columns=columns,
            )

        return [
            Text(words.ranking_intro(c, self.rankings, period.label)),
            *(Figure(bars(group), bars(group, 1)) for group in (CODES[:2], CODES[2:])),
        ]

    def section_quarters(self):
        return [Text(words.quarters_text(self.headline)), Text(words.firms_text(self.headline))]

    def to_results(self) -> dict:
        fragment = indicators.report_results(
            self.headline, self.comparison.history, self.rankings, self.by_group
        )
        rank_words.with_headline_rank_words(fragment, self.headline)
        fragment["comparison"] = rank_words.with_comparison_scope(
            self.comparison.to_results(), self.comparison.comparator
        )
        fragment["analysis_warnings"] = words.rank_warnings(self.headline)
        return deep_merge(fragment, trends.two_year_averages_to_results(self.two_year))


def headline_table(head, two_year: dict | None = None) -> Table:
    """The headline table: its tidy data (:func:`headline_data`) and the page's display."""
    scope, label = words.scope_word(head), head.period.label
    return Table(
        headline_data(head, two_year),
        lambda d: words.headline_table(d, label, scope),
        name="headline",
    )


def units_tables(c) -> tuple[Table, Table]:
    """The units' growth and share tables (one tidy data, :func:`units_data`)."""
    data = units_data(c)
    return (
        Table(data, lambda d: words.units_growth_table(d, c), words.UNITS_LEFT, "units_growth"),
        Table(data, lambda d: words.units_share_table(d, c), words.UNITS_LEFT, "units_share"),
    )


def headline_data(head, two_year: dict | None = None) -> pd.DataFrame:
    """The headline table's tidy data: one row per indicator, English names, unrounded.

    ``ahead_of_schedule``: the amount ahead of (+) or behind (−) the time progress (the
    shortfall with its sign turned); ``rank_<group>``/``_of``/``_source``: the rank shown
    (published or computed) in the city group and among the counties; with ``two_year``
    ({indicator: %}), ``two_year_avg_pct``.
    """
    rows = []
    for r in head.rows:
        row = {
            "region_id": head.region_id,
            "period": head.period.iso,
            "indicator": r.code,
            "unit": r.unit,
            "value": r.value,
            "yoy_pct": r.yoy_pct,
            "yoy_source": r.yoy_source,
        }
        if two_year is not None:
            row["two_year_avg_pct"] = two_year.get(r.code)
        row |= {
            "month_yoy_pct": r.month_yoy_pct,
            "target": r.target,
            "target_growth_pct": r.target_growth_pct,
            "target_share_pct": r.target_share_pct,
            "time_progress_pct": r.time_progress_pct,
            "schedule_gap_pp": r.schedule_gap_pp,
            "ahead_of_schedule": None if r.shortfall is None else -r.shortfall,
            "status": r.status,
        }
        for group in ("city", "counties"):
            rank = r.ranks.get(group)
            shown = rank is not None and rank.rank is not None
            row[f"rank_{group}"] = rank.rank if shown else None
            row[f"rank_{group}_of"] = rank.of if shown else None
            row[f"rank_{group}_source"] = rank.source if shown else None
        rows.append(row)
    return numeric(pd.DataFrame(rows)).astype({k: "Int64" for k in _RANK_COLUMNS})


_RANK_COLUMNS = ("rank_city", "rank_city_of", "rank_counties", "rank_counties_of")


def units_data(c) -> pd.DataFrame:
    """The units tables' tidy data: one row per unit (``role`` "unit"), the whole ("whole")
    and the sum of the units' shares ("units_sum"), and indicator, with growth and share (%)."""
    columns = ["role", "region_id", "name", "indicator", "yoy_pct", "share_pct"]
    if c.units is None:
        return pd.DataFrame(columns=columns)
    whole = c.comparator
    rows = [
        {"role": "whole", "region_id": whole.region_id, "name": whole.region_name,
         "indicator": k, "yoy_pct": s.total_yoy_pct, "share_pct": 100.0}
        for k, s in c.units_summary.items()
    ]  # fmt: skip
    units = c.units.assign(role="unit")
    rows += units[columns].to_dict("records")
    rows += [
        {"role": "units_sum", "region_id": whole.region_id, "name": whole.region_name,
         "indicator": k, "yoy_pct": None, "share_pct": s.shares_sum_pct}
        for k, s in c.units_summary.items()
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def compute(ctx: Context) -> IndicatorsChapter:
    ds, region, period = ctx.dataset, ctx.region, ctx.period
    rankings = {code: indicators.ranking(ds, code, period, region_id=region) for code in CODES}
    return IndicatorsChapter(
        ctx,
        headline=indicators.headline(ds, region, period),
        two_year=trends.two_year_averages(ds, region, period),
        comparison=compare.comparison(ds, region, period, CODES),
        rankings=rankings,
        by_group=indicators.rankings_by_group(ds, CODES, period, region),
    )

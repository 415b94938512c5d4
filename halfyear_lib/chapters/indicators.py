"""Chapter 01, the main indicators: levels, growth, targets and schedule, the comparison with
the parent and the other units, ranks, quarters and firms."""

from __future__ import annotations

from ..analysis import comparison as compare
from ..analysis import indicators, trends
from ..contract.results import deep_merge
from ..data.schema import HEADLINE_INDICATORS
from ..display import plotting
from ..text.zh import indicators as words
from ..text.zh import ranks as rank_words
from .base import Chapter, Context, Figure, Table, Text

CODES = list(HEADLINE_INDICATORS)


class IndicatorsChapter(Chapter):
    chapter_id = "indicators"
    sections = ("title", "headline", "comparison", "ranks", "quarters")

    def section_title(self):
        return [Text(words.headline_title(self.headline))]

    def section_headline(self):
        return [
            Table(words.headline_table(self.headline, self.two_year)),
            Text(words.headline_notes(self.headline)),
        ]

    def section_comparison(self):
        c = self.comparison
        return [
            Text(words.comparison_intro(c)),
            Figure(lambda: plotting.comparison_chart(c, CODES)),
            Text(words.comparison_text(c)),
            Table(words.units_growth_table(c), left=words.UNITS_LEFT),
            Table(words.units_share_table(c), left=words.UNITS_LEFT),
        ]

    def section_ranks(self):
        c, period = self.comparison, self.context.period
        shown = c.rankings_to_show(self.rankings)

        def bars(group):
            return lambda: plotting.rank_bars(
                {code: shown[code] for code in group},
                self.context.region,
                period.label,
                reference=c.reference_growth(),
                reference_label=words.reference_label(c),
            )

        return [
            Text(words.ranking_intro(c, self.rankings, period.label)),
            *(Figure(bars(group)) for group in (CODES[:2], CODES[2:])),
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

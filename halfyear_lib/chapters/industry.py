"""Chapter 02, industrial economy: value added and prices, the rate adjustment, what the rest
of the year needs, trends, firms, innovation, the year's tasks, highlights and problems."""

from __future__ import annotations

import pandas as pd

from ..analysis import enterprises, indicators, innovation, required, tasks, trends, value_added
from ..analysis import highlights as hl
from ..contract.results import deep_merge
from ..display import plotting
from ..text.zh import indicators as pages
from ..text.zh import industry as words
from ..text.zh import ranks as rank_words
from .base import Chapter, Context, Figure, Table, Text, tidy_frame


def _frame(frame: pd.DataFrame | None) -> pd.DataFrame:
    return pd.DataFrame() if frame is None else frame


def trend_data(trend) -> pd.DataFrame:
    """The trend table's tidy data: one row per indicator and period (the label, a display
    word, left to the wording layer)."""
    frames = [f.assign(indicator=code) for code, f in trend.frames.items() if f is not None]
    if not frames:
        return pd.DataFrame()
    data = pd.concat(frames, ignore_index=True).drop(columns=["label"], errors="ignore")
    first = ["indicator"] + [c for c in data.columns if c != "indicator"]
    return data[first]


class IndustryChapter(Chapter):
    chapter_id = "industry"
    sections = (
        "title",
        "value_added",
        "rate_adjustment",
        "required",
        "trends",
        "firms",
        "innovation",
        "tasks",
        "highlights",
    )

    def section_title(self):
        return [Text(words.industry_title(self.headline.region_name, self.context.period))]

    def section_value_added(self):
        return [Text(words.value_added_text(self.estimate)), Text(words.prices_text(self.prices))]

    def section_rate_adjustment(self):
        adj = self.adjustment
        return [
            Table(
                _frame(adj.by_industry),
                words.rate_adjustment_table,
                words.RATE_TABLE_LEFT,
                "rate_adjustment",
            ),
            Figure(lambda: plotting.rate_adjustment_bars(adj.to_results()["by_industry"])),
            Text(words.rate_adjustment_text(adj)),
        ]

    def section_required(self):
        need = self.need
        data = tidy_frame(need.items.values(), region_id=self.context.region)
        return [Table(data, words.required_table, name="required"), Text(words.required_text(need))]

    def section_trends(self):
        return [
            Figure(
                lambda: plotting.trend_lines(self.trend.frames),
                lambda: plotting.trend_lines(self.trend.frames, columns=1),
            ),
            Table(
                trend_data(self.trend),
                lambda d: words.trend_table(d, self.trend.parent_kind),
                name="trends",
            ),
            Text(words.trend_text(self.trend)),
        ]

    def section_firms(self):
        return [Text(words.firms_text(self.firms))]

    def section_innovation(self):
        return [
            Table(
                tidy_frame(self.innovation.rows, region_id=self.context.region),
                words.innovation_table,
                name="innovation",
            ),
            Text(words.innovation_text(self.innovation)),
        ]

    def section_tasks(self):
        return [
            Text(words.tasks_text(self.tasks)),
            Table(
                self.tasks.items if self.tasks.available else _frame(None),
                words.tasks_table,
                left=words.TASKS_TABLE_LEFT,
                name="tasks",
            ),
        ]

    def section_highlights(self):
        return [Text(words.highlights_markdown(self.good, self.bad))]

    def to_results(self) -> dict:
        return self.fragment | {
            "highlights": pages.with_texts(self.good),
            "problems": pages.with_texts(self.bad),
            "highlight_thresholds": self.thresholds.to_results(),
        }


def compute(ctx: Context) -> IndustryChapter:
    ds, region, period, thresholds = ctx.dataset, ctx.region, ctx.period, ctx.thresholds
    headline = indicators.headline(ds, region, period)
    facts = {
        "estimate": value_added.value_added_estimate(ds, region, period),
        "prices": value_added.prices(ds, region, period),
        "adjustment": value_added.rate_adjustment(ds, region, period),
        "need": required.required_all(ds, region, period),
        "trend": trends.trends(
            ds, region, period, threshold=thresholds.growth_high_pct, top=thresholds.top_rank
        ),
        "firms": enterprises.enterprise_detail(ds, region, period),
        "innovation": innovation.innovation_status(ds, region, period),
        "tasks": tasks.task_status(ds, region, period),
    }
    drivers = value_added.growth_drivers(facts["estimate"], thresholds.driver_share_pct)
    fragment = {
        "value_added_estimate": facts["estimate"].to_results(),
        "drivers": value_added.drivers_to_results(drivers),
        "rate_adjustment": facts["adjustment"].to_results(),
        "prices": facts["prices"].to_results(),
        **facts["need"].to_results(),
        **facts["trend"].to_results(),
        "firms": facts["firms"].to_results(),
        "innovation": facts["innovation"].to_results(),
        "tasks": facts["tasks"].to_results(),
    }
    # highlights and problems are judged on the page's facts with the headline's
    worded = rank_words.with_headline_rank_words(headline.to_results(), headline)
    merged = deep_merge(worded, dict(fragment))
    deep_merge(merged, trends.two_year_averages_to_results(facts["trend"].two_year_averages()))
    good, bad = hl.highlights_and_problems(merged, thresholds)
    return IndustryChapter(
        ctx,
        headline=headline,
        fragment=fragment,
        good=good,
        bad=bad,
        thresholds=thresholds,
        **facts,
    )

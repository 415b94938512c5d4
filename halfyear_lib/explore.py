"""One line per question, for an analyst exploring the data in JupyterLab.

Each function answers a question the report pages do not ask ("which units grew fastest
in 技改投资 in 1-4月?", "how did our rank in value added move this year?") by calling the
library the report notebooks call (:mod:`.analysis`, :mod:`.forecast`, :mod:`.report`);
nothing is computed here. Each returns a :class:`Result`: in Lab it shows as a styled table
with Chinese labels; ``.to_frame()`` gives the tidy data (English column names, one row
per observation), ``.to_results()`` the entries as ``results.json`` holds them,
``.charts()`` the report's charts.

Regions are given by id or Chinese name (``"qingshui"`` or ``"清水县"``), indicators by
code or Chinese name (``"tech_investment"``, ``"技改投资"``, ``"增加值"``), periods as
``"2021-06"``, ``"2021年1-6月"`` or ``"1-4月"`` (the latest year of the data) and default
to the latest period with data; a wrong name raises ``ValueError`` listing the valid ones.
Amounts are in 亿元 (counts in 家/个), rates in %, gaps in percentage points.

>>> import halfyear_lib as hy
>>> ds = hy.load("demo")
>>> r = hy.ranking(ds, "技改投资", "1-4月")
>>> r.title
'2021年1-4月技改投资增速排名（全市）'
>>> r.to_frame().loc[0, "name"]
'湖东区'
>>> r.to_results()["rankings"]["city"]["tech_investment"][0]
{'region_id': 'hudong', 'name': '湖东区', 'yoy_pct': 75.2, 'rank': 1, 'value': 11.42, 'value_rank': 2, 'value_rank_of': 11}
"""

from __future__ import annotations

import copy
import html
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from . import EXPLORE_NAMES
from .analysis import indicators as _ind
from .analysis import trends as _trends
from .data.dataset import DataSet
from .data.language import tr
from .data.periods import Period, PeriodError, parse_period_label
from .data.schema import (
    GROUP_ALIASES,
    HEADLINE_INDICATORS,
    INDICATOR_ALIASES,
    INDICATORS,
    RANK_GROUPS,
)
from .display import styling
from .text.zh import explore as words
from .text.zh import indicators as pages
from .text.zh import ranks as rank_words
from .text.zh.forecast import DEFAULT_UNIT
from .text.zh.tables import LABEL_COLUMNS

# the names halfyear_lib re-exports, listed once there (it must not import this module)
__all__ = list(EXPLORE_NAMES)

# ---------------------------------------------------------------- results


@dataclass
class Table:
    """One display table of a result: Chinese column labels, numbers already formatted."""

    caption: str
    frame: pd.DataFrame
    left: tuple[str, ...] = LABEL_COLUMNS


@dataclass(repr=False)
class Result:
    """What every function of this module returns.

    ``title``: what was asked, in Chinese. ``tables``: what Lab shows (styled with
    :func:`halfyear_lib.text.zh.indicators.styled_table`). ``frames``: tidy data by name, the
    first being the default of :meth:`to_frame`. ``results``: the ``results.json``
    entries. ``source``: the library's own result object (``Headline``, ``Trends``, ...),
    for everything else it knows.
    """

    title: str
    tables: list[Table]
    frames: dict[str, pd.DataFrame]
    results: dict
    source: object = None
    make_charts: Callable[[], list] | None = field(default=None, repr=False)

    def to_frame(self, name: str | None = None) -> pd.DataFrame:
        """A copy of the tidy data (``name``: one of :attr:`frames`; default the first)."""
        if name is None:
            name = next(iter(self.frames))
        if name not in self.frames:
            raise KeyError(
                tr(
                    f"no frame {name!r}; this result has: {', '.join(self.frames)}",
                    f"没有名为 {name!r} 的表；本结果有：{'、'.join(self.frames)}",
                )
            )
        return self.frames[name].copy()

    def to_results(self) -> dict:
        """A copy of the entries as ``results.json`` holds them (amounts 亿元, rates %)."""
        return copy.deepcopy(self.results)

    def charts(self) -> list:
        """The report's charts of this result (matplotlib Figures, closed: display them
        with ``display(fig)`` or save with ``fig.savefig``); [] when there is none."""
        if self.make_charts is None:
            return []
        import matplotlib.pyplot as plt

        figs = [f for f in self.make_charts() if f is not None]
        for f in figs:
            plt.close(f)  # shown when displayed, not again at the end of the cell
        return figs

    def chart(self):
        """The first of :meth:`charts`, or None."""
        figs = self.charts()
        return figs[0] if figs else None

    def styled(self, i: int = 0):
        """Table ``i`` as a pandas Styler (the way the report pages show tables)."""
        t = self.tables[i]
        return styling.styled_table(t.frame, left=t.left)

    def to_csv(self, path, i: int = 0):
        """Table ``i`` as the notebook shows it (Chinese headers, rounded as printed) in a
        CSV that Chinese Excel opens right (UTF-8 with a byte-order mark); returns the
        path. For the unrounded data use ``to_frame()``."""
        from .rendering.excel import csv_for_excel

        return csv_for_excel(self.tables[i].frame, path)

    def to_excel(self, path):
        """Every table of the result as a sheet of an .xlsx (numbers as printed, with the
        formats that print them so, headers frozen), and a 说明 sheet with the title;
        returns the path."""
        from .rendering.excel import write_display_workbook

        return write_display_workbook(
            path, [(t.caption or self.title, t.frame) for t in self.tables], self.title
        )

    def _repr_html_(self) -> str:
        parts = [f"<h4>{html.escape(self.title)}</h4>"]
        for i, t in enumerate(self.tables):
            if t.caption:
                parts.append(f"<p><b>{html.escape(t.caption)}</b></p>")
            if t.frame.empty:
                parts.append(f"<p>{html.escape(tr('no data', '无数据'))}</p>")
            else:
                parts.append(self.styled(i).to_html())
        return "\n".join(parts)

    def __repr__(self) -> str:
        lines = [self.title]
        for t in self.tables:
            if t.caption:
                lines.append(t.caption)
            lines.append(t.frame.to_string(index=False) if not t.frame.empty else "—")
        return "\n".join(lines)


# ---------------------------------------------------------------- names


def load(name_or_path="demo", accept_warnings: bool = False) -> DataSet:
    """The validated data set: ``"demo"``, a folder name under ``data/``, a folder of CSV
    files or an ``.xlsx`` workbook. Raises ``DataValidationError`` listing every problem
    (file, row, column, what to do); ``accept_warnings`` turns implausible values into
    warnings (``ds.warnings``), as ``halfyear run --accept-warnings``.

    >>> ds = load("demo")
    >>> sorted(ds.tables)[:3]
    ['enterprises', 'indicators', 'industries']
    """
    from .data.loading import load_dataset
    from .paths import resolve_data_path

    return load_dataset(resolve_data_path(name_or_path), accept_warnings)


def region_id(ds: DataSet, region: str) -> str:
    """The region_id of a unit given by id or Chinese name.

    >>> region_id(load("demo"), "清水县")
    'qingshui'
    """
    from .running.batch import resolve_region

    return resolve_region(ds, region)


def indicator_code(indicator: str) -> str:
    """The code of an indicator given by code, Chinese label or a common short name.

    >>> indicator_code("技改投资"), indicator_code("增加值"), indicator_code("output")
    ('tech_investment', 'value_added', 'output')
    """
    labels = {code: spec.label for code, spec in INDICATORS.items()}
    return _code_of(indicator, labels, INDICATOR_ALIASES, "indicator")


def _code_of(name, labels: dict[str, str], aliases: dict[str, str], what: str) -> str:
    """The code of ``name``: a code, its label or an alias; ValueError listing the valid
    codes with their labels (``what``: "indicator" or "group", the kind of name)."""
    text = str(name).strip()
    if text in labels:
        return text
    by_label = {label: code for code, label in labels.items()}
    if text in by_label:
        return by_label[text]
    if text in aliases:
        return aliases[text]
    known = ", ".join(f"{code} ({label})" for code, label in labels.items())
    if what == "indicator":
        raise ValueError(
            tr(
                f"unknown indicator {text!r}; valid: {known}",
                f"没有指标 {text!r}；可用的指标（代码（名称））：{known}",
            )
        )
    raise ValueError(
        tr(
            f"unknown rank group {text!r}; valid: {known}",
            f"没有排名范围 {text!r}；可用的排名范围（代码（名称））：{known}",
        )
    )


def _group(group: str) -> str:
    return _code_of(group, dict(RANK_GROUPS), GROUP_ALIASES, "group")


def _periods_with_data(ds: DataSet, region: str | None = None) -> list[Period]:
    ind = ds.indicators
    if region is not None:
        ind = ind.loc[ind["region_id"] == region]
    pairs = sorted({(int(y), int(m)) for y, m in zip(ind["year"], ind["month"], strict=True)})
    return [Period(y, m) for y, m in pairs]


def period_of(ds: DataSet, period=None, region: str | None = None) -> Period:
    """The period meant: None for the latest with data (of ``region`` if given), a
    :class:`Period`, or a label (``"2021-06"``, ``"2021年1-6月"``, ``"上半年"``; without a
    year, the year of the latest data). ValueError naming the periods with data when
    there is none at that period.

    >>> period_of(load("demo"), "1-4月").full_label
    '2021年1-4月'
    """
    known = _periods_with_data(ds, region)
    if period is None:
        if not known:
            ds.latest_period(region)  # raises the library's message
        return known[-1]
    if isinstance(period, Period):
        p = period
    else:
        year, month = parse_period_label(str(period))
        if year is None:
            year = known[-1].year if known else ds.latest_period(region).year
        p = Period(year, month)
    if p not in known:
        span = f"{known[0].iso} … {known[-1].iso}" if known else "—"
        raise PeriodError(
            tr(
                f"no data for {p.iso} in {ds.source}; periods with data: {span}",
                f"{ds.source} 中没有 {p.full_label} 的数据；有数据的期间：{span}",
            )
        )
    return p


def regions(ds: DataSet) -> Result:
    """Every unit of the data set: id, Chinese name, kind, parent, rank groups.

    >>> regions(load("demo")).to_frame().loc[0, ["region_id", "name"]].tolist()
    ['jiangzhou', '江洲市']
    """
    from .running.batch import region_order

    order = [r for r, _ in region_order(ds)]
    reg = ds.regions.set_index("region_id").loc[order].reset_index()
    frame = reg[["region_id", "name", "kind", "parent_id", "rank_groups"]]
    table = words.regions_table(frame)
    return Result(
        tr("Units of the data set", "数据集中的单位"),
        [Table("", table, left=words.REGIONS_LEFT)],
        {"regions": frame.reset_index(drop=True)},
        {"regions": frame.to_dict("records")},
    )


def indicators(ds: DataSet | None = None) -> Result:
    """Indicator codes with their Chinese names, units and growth kind (real = comparable
    prices); with ``ds``, only those the data set has rows of.

    >>> indicators().to_frame().loc[1, ["code", "label", "unit"]].tolist()
    ['value_added', '规上工业增加值', '亿元']
    """
    codes = list(INDICATORS)
    if ds is not None:
        have = set(ds.indicators["indicator"])
        codes = [c for c in codes if c in have]
    frame = pd.DataFrame(
        [
            {"code": c, "label": s.label, "unit": s.unit, "growth": s.growth}
            for c, s in ((c, INDICATORS[c]) for c in codes)
        ]
    )
    table = words.indicators_table(frame)
    return Result(
        tr("Indicators", "指标"),
        [Table("", table, left=words.INDICATORS_LEFT)],
        {"indicators": frame},
        {"labels": dict(zip(frame["code"], frame["label"], strict=True))},
    )


def periods(ds: DataSet, region: str | None = None) -> list[Period]:
    """The cumulative periods with data (of ``region`` if given), oldest first.

    >>> [p.iso for p in periods(load("demo"), "清水县")][-2:]
    ['2021-05', '2021-06']
    """
    return _periods_with_data(ds, None if region is None else region_id(ds, region))


# ---------------------------------------------------------------- questions


def headline(ds: DataSet, region: str, period=None) -> Result:
    """The headline table of a unit (the first table of 01_indicators): for output, value
    added, industrial and renovation investment and hi-tech value added, the cumulative
    value (亿元), growth (%, the official comparable rate, else from the base, else from
    last year's level), two-year average growth ((sqrt((1+g)(1+g_last)) - 1) x 100), share
    of the annual target (value / target x 100), time progress (month / 12 x 100), the
    schedule gap (share - progress, pp) and the ranks.

    >>> h = headline(load("demo"), "清水县", "2021-06")
    >>> h.to_results()["indicators"]["output"]["time_progress_pct"]
    50.0
    """
    rid = region_id(ds, region)
    p = period_of(ds, period, rid)
    chapter = _chapter("indicators", ds, rid, p)  # the facts page 01 shows, computed once
    head, two_year = chapter.headline, chapter.two_year
    frame = head.frame().drop(columns=["ranks"])
    frame.insert(0, "region_id", rid)
    frame["two_year_avg_pct"] = [two_year.get(c) for c in frame["code"]]
    results = rank_words.with_headline_rank_words(head.to_results(), head)
    _merge(results, _trends.two_year_averages_to_results(two_year))

    def charts():
        from .display import plotting

        codes = list(HEADLINE_INDICATORS)
        city = ds.parent_id(rid)
        history = _ind.growth_history(ds, [rid, city], codes, p)
        return [plotting.growth_vs_city(history, rid, city, codes)]

    return Result(
        words.headline_title(head.region_name, p.full_label),
        [Table("", chapter.display_tables()["headline"])],
        {"headline": frame},
        results,
        source=head,
        make_charts=charts,
    )


def ranking(
    ds: DataSet, indicator: str, period=None, group: str = "city", region: str | None = None
) -> Result:
    """Every unit of a rank group ordered by growth at a period.

    Units are ranked by growth as published (rounded to 0.1), descending; equal rates
    share a rank (1, 2, 2, 4). ``group``: "city" (全市: all units of the city) or
    "counties" (县(市)). With ``region`` the group is that unit's peers and the chart
    highlights it. ``rank_published`` is the rank a release gave, where the data hold it.

    >>> r = ranking(load("demo"), "规上工业增加值", "2021-06", group="县(市)")
    >>> r.to_frame()[["name", "yoy_published", "rank"]].head(2).values.tolist()
    [['丰乐县', 23.9, 1], ['桐溪县', 17.8, 2]]
    """
    code = indicator_code(indicator)
    g = _group(group)
    rid = region_id(ds, region) if region is not None else None
    p = period_of(ds, period)
    ranked = _ind.ranking(ds, code, p, g, rid)
    frame = ranked.assign(indicator=code, group=g, period=p.iso)
    table = words.ranking_table(ranked)

    def charts():
        from .display import plotting

        return [plotting.rank_bars({code: ranked}, rid or "", p.label)]

    return Result(
        words.ranking_title(p.full_label, code, g),
        [Table("", table, left=words.UNITS_LEFT)],
        {"ranking": frame},
        {"rankings": {g: {code: _ind.ranking_to_results(ranked)}}},
        source=ranked,
        make_charts=charts,
    )


def trend(ds: DataSet, region: str, indicator: str, period=None) -> Result:
    """Cumulative growth of one indicator at each period of the year so far, beside the
    city's: growth (%), the same period last year, the two-year average
    ((sqrt((1+g)(1+g_last)) - 1) x 100), the city rank and its move (earlier rank - later
    rank, positive = moved up), as 02_industry computes them.

    >>> t = trend(load("demo"), "清水县", "增加值", "2021-06")
    >>> t.to_frame()[["label", "rank_city"]].tail(2).values.tolist()
    [['1-5月', 3], ['1-6月', 3]]
    """
    rid = region_id(ds, region)
    code = indicator_code(indicator)
    p = period_of(ds, period, rid)
    result = _trends.trends(ds, rid, p, indicators=(code,))
    city = ds.parent_id(rid)
    history = _ind.growth_history(ds, [rid, city], [code], p)
    frame = result.frames[code].copy()
    frame.insert(0, "region_id", rid)
    city_rows = history.loc[(history["region_id"] == city) & (history["year"] == p.year)]
    city_growth = dict(zip(city_rows["month"], city_rows["yoy_pct"], strict=True))
    frame["city_id"] = city
    frame["city_yoy_pct"] = [city_growth.get(m) for m in frame["month"]]
    frame["city_yoy_pct"] = frame["city_yoy_pct"].astype("float64")
    from .chapters.industry import trend_data
    from .text.zh import industry as pages_industry

    table = pages_industry.trend_table(trend_data(result), result.parent_kind)
    table = table.drop(columns=list(LABEL_COLUMNS))
    if city != rid:
        table.insert(2, words.trend_city_header(ds.region_name(city)), [
            pages.fmt(v, 1) for v in frame["city_yoy_pct"]
        ])  # fmt: skip

    def charts():
        from .display import plotting

        return [plotting.growth_vs_city(history, rid, city, [code])]

    return Result(
        words.trend_title(ds.region_name(rid), p.year, code),
        [Table("", table, left=words.TREND_LEFT)],
        {"trend": frame},
        result.to_results(),
        source=result,
        make_charts=charts,
    )


def compare(ds: DataSet, regions: str | Sequence[str], indicator: str, period=None) -> Result:
    """Several units side by side for one indicator: value (亿元), growth (%), share of
    the annual target (value / target x 100), schedule gap (share - month / 12 x 100, pp)
    and ranks. ``regions``: ids or Chinese names (a list, or one string separated by
    commas or 、), or "all".

    >>> c = compare(load("demo"), "清水县、岚溪县", "产值", "2021-06")
    >>> c.to_frame()["region_id"].tolist()
    ['qingshui', 'lanxi']
    """
    from .running.batch import resolve_regions

    ids = resolve_regions(ds, regions)
    code = indicator_code(indicator)
    p = period_of(ds, period)
    cut = ds.as_of(p)
    rows, statuses = [], {}
    for rid in ids:
        s = _ind.indicator_status(cut, rid, code, p)
        statuses[rid] = s
        entry = rank_words.with_rank_words(s.to_results(), s.ranks)
        rows.append({"region_id": rid, "name": ds.region_name(rid), **entry})
    frame = pd.DataFrame(rows)
    names = {rid: ds.region_name(rid) for rid in statuses}
    table = words.compare_table(statuses, names, code, p.label)
    return Result(
        words.compare_title(p.full_label, code),
        [Table("", table, left=words.UNITS_LEFT)],
        {"compare": frame},
        {"compare": {"indicator": code, "period": p.iso, "regions": {
            rid: rank_words.with_rank_words(s.to_results(), s.ranks)
            for rid, s in statuses.items()}}},
        source=statuses,
    )  # fmt: skip


def investment(ds: DataSet, region: str, period=None) -> Result:
    """Investment against the schedule (03_investment): industrial, renovation and
    fixed-asset investment (亿元) against the annual target, completion (value / target x
    100), gap to the time progress (pp) and what each remaining month needs
    ((target - value) / (12 - month)); the townships against their targets.

    >>> inv = investment(load("demo"), "清水县", "2021-06")
    >>> inv.to_frame()["code"].tolist()
    ['industrial_investment', 'tech_investment', 'fixed_asset_investment']
    """
    rid = region_id(ds, region)
    p = period_of(ds, period, rid)
    chapter = _chapter("investment", ds, rid, p)  # the facts page 03 shows, computed once
    report, towns, inv = chapter.report, chapter.townships, chapter.inv
    sched = pd.DataFrame([{"code": r.code, **r.to_results()} for r in report.schedule.rows])
    sched.insert(0, "region_id", rid)
    table = words.schedule_table(report.schedule.rows, p.label)
    tables = [Table(tr("Schedule", "投资进度"), table)]
    town_table = chapter.display_tables().get("townships", pd.DataFrame())
    if not town_table.empty:
        tables.append(Table(tr("Townships", "各乡镇(园区)"), town_table, left=words.TOWNSHIPS_LEFT))

    def charts():
        from .display import plotting

        rows = inv.get("townships") or []
        return [
            plotting.township_completion(rows, p.time_progress_pct),
            plotting.township_entries(rows),
        ]

    return Result(
        words.investment_title(ds.region_name(rid), p.full_label),
        tables,
        {"schedule": sched, "townships": towns.table.copy()},
        {"investment": inv},
        source=(report, towns),
        make_charts=charts,
    )


def industry(ds: DataSet, region: str, period=None) -> Result:
    """Industry results (02_industry): value added estimated as output x value-added rate
    by industry, the effect of this year's rate change (output x (rate - last year's
    rate) / 100, 亿元, and / last year's value added x 100, pp), prices (real growth =
    (1 + nominal) / (1 + PPI) - 1) and what the rest of the year needs for each target.

    >>> ind = industry(load("demo"), "清水县", "2021-06")
    >>> sorted(ind.to_results())
    ['prices', 'rate_adjustment', 'required', 'value_added_estimate']
    """
    from .chapters.base import tidy_frame
    from .text.zh import industry as pages_industry

    rid = region_id(ds, region)
    p = period_of(ds, period, rid)
    chapter = _chapter("industry", ds, rid, p)  # the facts page 02 shows, computed once
    estimate, adjustment = chapter.estimate, chapter.adjustment
    price, need = chapter.prices, chapter.need
    results = {
        "value_added_estimate": estimate.to_results(),
        "rate_adjustment": adjustment.to_results(),
        "prices": price.to_results(),
        **need.to_results(),
    }
    by_industry = adjustment.by_industry.copy()
    required_frame = pd.DataFrame(
        [{"code": code, **r.to_results()} for code, r in need.items.items()]
    )

    def charts():
        from .display import plotting

        return [plotting.rate_adjustment_bars(results["rate_adjustment"]["by_industry"])]

    return Result(
        words.industry_title(ds.region_name(rid), p.full_label),
        [
            Table(
                tr("Value-added rate change by industry", "增加值率调整的影响（分行业）"),
                pages_industry.rate_adjustment_table(adjustment.by_industry),
                left=words.RATE_LEFT,
            ),
            Table(tr("What the rest of the year needs", "完成全年目标的难度"),
                  pages_industry.required_table(tidy_frame(need.items.values())),
                  left=words.REQUIRED_LEFT),
        ],
        {"industries": by_industry, "required": required_frame},
        results,
        source={"estimate": estimate, "rate_adjustment": adjustment, "prices": price,
                "required": need},
        make_charts=charts,
    )  # fmt: skip


def projection(ds: DataSet, region: str, period=None, workers: int | None = None) -> Result:
    """Forecasts (04_forecast): the full-year projection of output, value added,
    industrial and renovation investment with 80%/95% intervals of the cumulative total,
    the probability of meeting each annual target, the growth the remaining months need,
    and the backtest errors (points of cumulative growth) beside the analyst's rule.
    Fits take seconds (cached on disk after the first run). Named ``projection``, not
    ``forecast``: ``halfyear_lib.forecast`` is the forecasting package.
    """
    from .chapters import forecast as chapter_forecast
    from .chapters.base import Context
    from .chapters.forecast import compute
    from .params import RunParams

    rid = region_id(ds, region)
    p = period_of(ds, period, rid)
    # the facts page 04 shows, computed once by its chapter
    ctx = Context(ds, RunParams(data=str(ds.source), region=rid, period=p))
    chapter = compute(ctx, workers=workers)
    report, fc = chapter.report, chapter.fc
    full_year = pd.DataFrame(
        [{"code": code, **entry} for code, entry in (fc.get("full_year") or {}).items()]
    )
    labels, units = fc.get("labels") or {}, fc.get("units") or {}

    def charts():
        from .display import plotting

        return [
            plotting.forecast_fan((fc.get("path") or {}).get(code), labels.get(code, code),
                                  units.get(code, DEFAULT_UNIT))
            for code in fc.get("indicators") or []
        ]  # fmt: skip

    return Result(
        words.forecast_title(ds.region_name(rid), p.full_label),
        [
            Table(tr("Full year", "全年预计"), chapter_forecast.full_year_table(fc).frame),
            Table(tr("Backtest", "回测"), chapter_forecast.backtest_table(fc).frame,
                  left=words.BACKTEST_LEFT),
        ],
        {"full_year": full_year, "backtest": report.backtest_frame()},
        {"forecast": fc},
        source=report,
        make_charts=charts,
    )  # fmt: skip


def _chapter(chapter_id: str, ds: DataSet, rid: str, p: Period):
    """A chapter computed for explore as for its page (one set of facts, one wording)."""
    from .chapters.base import Context, compute
    from .params import RunParams

    return compute(chapter_id, Context(ds, RunParams(data=str(ds.source), region=rid, period=p)))


def _merge(base: dict, extra: dict) -> dict:
    from .contract.results import deep_merge

    return deep_merge(base, extra)


# ---------------------------------------------------------------- widgets


def _png(fig) -> bytes:
    if fig is None:
        return b""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=96, bbox_inches="tight")
    return buf.getvalue()


class Explorer:
    """Drop-downs for region, indicator, period and rank group driving a ranking chart,
    a trend chart against the city and the tables behind them (ipywidgets).

    ``current`` holds the :class:`Result` pair on show (``ranking``, ``trend``); every
    change of a drop-down recomputes it through :func:`ranking` and :func:`trend`. A
    question the data cannot answer shows its message instead of the charts.
    """

    def __init__(
        self,
        ds: DataSet,
        region: str | None = None,
        indicator: str = "value_added",
        period=None,
        group: str = "city",
    ) -> None:
        import ipywidgets as w

        from .running.batch import region_order

        self.ds = ds
        ranked = [r for r in region_order(ds) if _ind.rank_groups_of(ds, r[0])]
        rid = region_id(ds, region) if region is not None else (ranked or region_order(ds))[0][0]
        code = indicator_code(indicator)
        have = set(ds.indicators["indicator"])
        codes = [c for c in INDICATORS if c in have]
        wide = {"description_width": "5em"}
        self.region = w.Dropdown(
            options=[(words.region_option(name, r), r) for r, name in region_order(ds)],
            value=rid,
            description=words.REGION,
            style=wide,
        )
        self.indicator = w.Dropdown(
            options=[(INDICATORS[c].label, c) for c in codes],
            value=code,
            description=words.INDICATOR,
            style=wide,
        )
        self.period = w.Dropdown(description=words.PERIOD, style=wide)
        self.group = w.Dropdown(description=words.GROUP, style=wide)
        self.message = w.HTML()
        half = {"width": "49%", "height": "auto", "object_fit": "contain"}
        self.ranking_chart = w.Image(format="png", layout=w.Layout(**half))
        self.trend_chart = w.Image(format="png", layout=w.Layout(**half))
        self.tables = w.HTML()
        self.current: dict[str, Result] = {}
        self._busy = False
        self._set_choices(period_of(ds, period, rid).iso, _group(group))
        for d in (self.region, self.indicator, self.period, self.group):
            d.observe(self._changed, names="value")
        self.widget = w.VBox(
            [
                w.HBox([self.region, self.indicator]),
                w.HBox([self.period, self.group]),
                self.message,
                w.HBox([self.ranking_chart, self.trend_chart]),
                self.tables,
            ]
        )
        self.update()

    def _set_choices(self, period: str | None, group: str | None) -> None:
        """Periods and rank groups of the chosen region, keeping the choice when it can."""
        rid = self.region.value
        self._busy = True
        try:
            isos = [p.iso for p in reversed(_periods_with_data(self.ds, rid))]
            self.period.options = [(Period.parse(i).full_label, i) for i in isos]
            self.period.value = period if period in isos else (isos[0] if isos else None)
            groups = _ind.rank_groups_of(self.ds, rid) or ["city"]
            self.group.options = [(RANK_GROUPS[g], g) for g in groups]
            self.group.value = group if group in groups else groups[0]
        finally:
            self._busy = False

    def _changed(self, change) -> None:
        if self._busy:
            return
        if change["owner"] is self.region:
            self._set_choices(self.period.value, self.group.value)
        self.update()

    def view(self) -> dict[str, Result]:
        """The ranking and the trend for the drop-downs' values."""
        rid, code, period = self.region.value, self.indicator.value, self.period.value
        return {
            "ranking": ranking(self.ds, code, period, group=self.group.value, region=rid),
            "trend": trend(self.ds, rid, code, period),
        }

    def update(self) -> None:
        """Recompute and redraw (called on every change of a drop-down)."""
        try:
            self.current = self.view()
        except (ValueError, KeyError) as exc:
            self.current = {}
            self.message.value = f"<p style='color:#b91c1c'>{html.escape(str(exc))}</p>"
            self.ranking_chart.value = self.trend_chart.value = b""
            self.tables.value = ""
            return
        empty = self.current["ranking"].to_frame().empty
        self.message.value = (
            f"<p>{html.escape(self.current['ranking'].title)}：{html.escape(words.NOT_RANKED)}</p>"
            if empty
            else ""
        )
        self.ranking_chart.value = _png(self.current["ranking"].chart())
        self.trend_chart.value = _png(self.current["trend"].chart())
        # Lab's class for rendered HTML: the widget's tables look like the notebook's
        tables = "\n".join(r._repr_html_() for r in self.current.values())
        self.tables.value = f'<div class="jp-RenderedHTMLCommon">{tables}</div>'

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def explorer(
    ds: DataSet,
    region: str | None = None,
    indicator: str = "value_added",
    period=None,
    group: str = "city",
) -> Explorer:
    """An :class:`Explorer` (drop-downs, charts and tables) that shows itself in Lab."""
    return Explorer(ds, region, indicator, period, group)

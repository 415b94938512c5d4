"""Headline indicators of a region for a period: value, growth, target, schedule, ranks.

Formulas (amounts in 亿元, rates in percent):
- growth: the official comparable-basis rate when given ("official"); otherwise
  (value / comparable base - 1) x 100 when the office supplied the base B ("base");
  otherwise (value / value of the same period last year - 1) x 100 ("computed"), which
  mixes enterprise sets and is flagged as such.
- share of annual target = value / target x 100
- time progress (时序进度) = month / 12 x 100
- schedule gap (pp) = share of target - time progress (negative = behind schedule)
- shortfall (亿元) = target x month / 12 - value (positive = behind schedule)
- growth gap (pp) = growth - growth target (positive = above the target growth)
Every computation first cuts the data set at the period, so later data change nothing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

import pandas as pd

from ..data.dataset import DataSet
from ..data.periods import Period, quarter_values, time_progress_pct
from ..data.schema import HEADLINE_INDICATORS, INDICATORS
from .ranks import Rank, group_members, rank_of, rank_table

YOY_SOURCE_LABELS = {
    "official": "官方同口径",
    "base": "按同口径基数推算",
    "computed": "按上年总量推算",
    None: "无",
}


def series(ds: DataSet, region_id: str, indicator: str) -> pd.DataFrame:
    """Cumulative series of one region and indicator: year, month, value, yoy_pct, base."""
    ind = ds.indicators
    rows = ind.loc[(ind["region_id"] == region_id) & (ind["indicator"] == indicator)]
    return rows[["year", "month", "value", "yoy_pct", "base"]].sort_values(["year", "month"])


def growth_table(ds: DataSet, indicator: str, period: Period) -> pd.DataFrame:
    """Growth of every region for an indicator at a period.

    Columns: region_id, name, kind, value, value_prev, yoy_pct, yoy_source; one row per
    region of the regions table (NaN where a region has no data). Vectorised.
    """
    ind = ds.indicators
    ind = ind.loc[ind["indicator"] == indicator]
    now = ind.loc[(ind["year"] == period.year) & (ind["month"] == period.month)]
    prev = ind.loc[(ind["year"] == period.year - 1) & (ind["month"] == period.month)]
    df = ds.regions[["region_id", "name", "kind"]].merge(
        now[["region_id", "value", "yoy_pct", "base"]], on="region_id", how="left"
    )
    df = df.merge(
        prev[["region_id", "value"]].rename(columns={"value": "value_prev"}),
        on="region_id",
        how="left",
    )
    _resolve_growth(df)
    return df[["region_id", "name", "kind", "value", "value_prev", "yoy_pct", "yoy_source"]]


def _resolve_growth(df: pd.DataFrame) -> pd.DataFrame:
    """Fill ``yoy_pct`` and ``yoy_source`` in place from value, value_prev, yoy_pct, base.

    Order of preference: the official rate, the rate on the comparable base, the rate
    on last year's published level.
    """
    from_base = (df["value"] / df["base"] - 1) * 100
    from_base = from_base.where(df["base"].notna() & (df["base"] != 0))
    from_levels = (df["value"] / df["value_prev"] - 1) * 100
    from_levels = from_levels.where(df["value_prev"].notna() & (df["value_prev"] != 0))
    source = pd.Series(None, index=df.index, dtype=object)
    yoy = df["yoy_pct"].astype("float64")
    for name, candidate in (("official", yoy), ("base", from_base), ("computed", from_levels)):
        fill = source.isna() & candidate.notna()
        source[fill] = name
        yoy = yoy.where(~fill | yoy.notna(), candidate)
    df["yoy_pct"] = yoy
    # object dtype keeps None (a str column would turn it into NaN)
    df["yoy_source"] = pd.Series(
        [x if isinstance(x, str) else None for x in source], index=df.index, dtype=object
    )
    return df


def _num(x) -> float | None:
    return None if x is None or pd.isna(x) else float(x)


def _target(ds: DataSet, region_id: str, indicator: str, year: int, kind: str) -> float | None:
    t = ds["targets"]
    hit = t.loc[
        (t["region_id"] == region_id)
        & (t["indicator"] == indicator)
        & (t["year"] == year)
        & (t["kind"] == kind),
        "target",
    ]
    return None if hit.empty or pd.isna(hit.iloc[0]) else float(hit.iloc[0])


@dataclass
class IndicatorStatus:
    """One indicator of one region at one period, with targets, schedule and ranks."""

    code: str
    label: str
    unit: str
    value: float | None
    value_prev: float | None
    yoy_pct: float | None
    yoy_source: str | None
    target: float | None
    target_share_pct: float | None
    time_progress_pct: float
    schedule_gap_pp: float | None
    shortfall: float | None
    target_growth_pct: float | None
    growth_gap_pp: float | None
    rank_city: int | None
    rank_city_of: int
    rank_counties: int | None
    rank_counties_of: int

    def to_results(self) -> dict:
        out = asdict(self)
        for key in ("code", "label"):
            out.pop(key)
        return out


def indicator_status(
    ds: DataSet, region_id: str, indicator: str, period: Period
) -> IndicatorStatus:
    """Status of one indicator; ``ds`` must already be cut at the period (see headline)."""
    spec = INDICATORS[indicator]
    table = growth_table(ds, indicator, period)
    mine = table.loc[table["region_id"] == region_id].iloc[0]
    value, value_prev, yoy = (_num(mine[c]) for c in ("value", "value_prev", "yoy_pct"))
    source = mine["yoy_source"]
    target = _target(ds, region_id, indicator, period.year, "value")
    target_growth = _target(ds, region_id, indicator, period.year, "growth_pct")
    progress = time_progress_pct(period.month)
    share = gap = shortfall = None
    if target and value is not None:
        share = value / target * 100
        gap = share - progress
        shortfall = target * period.month / 12 - value
    growth_gap = yoy - target_growth if (yoy is not None and target_growth is not None) else None
    r_city: Rank = rank_of(table, ds.regions, region_id, "city")
    r_counties: Rank = rank_of(table, ds.regions, region_id, "counties")
    return IndicatorStatus(
        code=indicator,
        label=spec.label,
        unit=spec.unit,
        value=value,
        value_prev=value_prev,
        yoy_pct=yoy,
        yoy_source=source,
        target=target,
        target_share_pct=share,
        time_progress_pct=progress,
        schedule_gap_pp=gap,
        shortfall=shortfall,
        target_growth_pct=target_growth,
        growth_gap_pp=growth_gap,
        rank_city=r_city.rank,
        rank_city_of=r_city.of,
        rank_counties=r_counties.rank,
        rank_counties_of=r_counties.of,
    )


@dataclass
class Quarters:
    """Quarter values (亿元) of one indicator and Q2 over Q1 growth (%)."""

    indicator: str
    values: dict[int, float]

    @property
    def q2_vs_q1_pct(self) -> float | None:
        q1, q2 = self.values.get(1), self.values.get(2)
        return (q2 / q1 - 1) * 100 if q1 and q2 is not None else None

    def to_results(self) -> dict:
        out = {f"q{q}": self.values.get(q) for q in (1, 2, 3, 4)}
        out["q2_vs_q1_pct"] = self.q2_vs_q1_pct
        return out


def quarters(ds: DataSet, region_id: str, indicator: str, period: Period) -> Quarters:
    """Quarters of the period's year complete by the period: Q1 = cum(3), Q2 = cum(6)-cum(3)."""
    s = series(ds, region_id, indicator)
    s = s.loc[(s["year"] == period.year) & s["value"].notna()]
    cum = {int(m): float(v) for m, v in zip(s["month"], s["value"], strict=True)}
    return Quarters(indicator, quarter_values(cum, period.month))


@dataclass
class Headline:
    """Headline indicators of a region at a period (the first table of the report)."""

    region_id: str
    region_name: str
    period: Period
    rows: list[IndicatorStatus]
    quarters: dict[str, Quarters] = field(default_factory=dict)
    firms: object | None = None  # enterprises.FirmCounts

    def row(self, code: str) -> IndicatorStatus:
        for r in self.rows:
            if r.code == code:
                return r
        raise KeyError(code)

    def frame(self) -> pd.DataFrame:
        """Tidy table: one row per indicator, English column names."""
        return pd.DataFrame([asdict(r) for r in self.rows])

    def display_frame(self) -> pd.DataFrame:
        """The headline table as the report shows it, Chinese labels, rounded."""
        rows = []
        for r in self.rows:
            rank_city = f"{r.rank_city}/{r.rank_city_of}" if r.rank_city else "—"
            rank_cty = f"{r.rank_counties}/{r.rank_counties_of}" if r.rank_counties else "—"
            rows.append(
                {
                    "指标": r.label,
                    f"{self.period.label}累计(亿元)": _fmt(r.value, 2),
                    "同比增长(%)": _fmt(r.yoy_pct, 1),
                    "增速口径": YOY_SOURCE_LABELS[r.yoy_source],
                    "年度目标(亿元)": _fmt(r.target, 2),
                    "目标增速(%)": _fmt(r.target_growth_pct, 1),
                    "完成目标(%)": _fmt(r.target_share_pct, 1),
                    "时序进度(%)": _fmt(r.time_progress_pct, 1),
                    "进度差(百分点)": _fmt(r.schedule_gap_pp, 1, signed=True),
                    "较时序进度少完成(亿元,负为超额)": _fmt(r.shortfall, 2),
                    "全市排名": rank_city,
                    "县(市)排名": rank_cty,
                }
            )
        return pd.DataFrame(rows)

    def styled(self):
        """The display table as a pandas Styler: no index, labels left-aligned."""
        frame = self.display_frame()
        return (
            frame.style.hide(axis="index")
            .set_properties(subset=["指标"], **{"text-align": "left"})
            .set_table_styles([{"selector": "th", "props": [("text-align", "center")]}])
        )

    def notes_markdown(self) -> str:
        """Bullet points under the headline table: schedule, growth targets, growth basis."""
        lines = []
        for r in self.rows:
            if r.schedule_gap_pp is not None:
                side = "高于" if r.schedule_gap_pp >= 0 else "低于"
                text = (
                    f"- {r.label}完成年度目标{r.target_share_pct:.1f}%，{side}时序进度"
                    f"{abs(r.schedule_gap_pp):.1f}个百分点"
                )
                if r.shortfall is not None and r.shortfall > 0:
                    text += f"，较时序进度少完成{r.shortfall:.2f}亿元"
                lines.append(text + "。")
            if r.growth_gap_pp is not None:
                side = "超" if r.growth_gap_pp >= 0 else "低于"
                lines.append(
                    f"- {r.label}增长{r.yoy_pct:.1f}%，{side}年度增速目标"
                    f"({r.target_growth_pct:.1f}%){abs(r.growth_gap_pp):.1f}个百分点。"
                )
        from_base = [r.label for r in self.rows if r.yoy_source == "base"]
        if from_base:
            lines.append(f"- {'、'.join(from_base)}无官方增速，按统计部门提供的同口径基数推算。")
        computed = [r.label for r in self.rows if r.yoy_source == "computed"]
        if computed:
            lines.append(
                f"- {'、'.join(computed)}无官方同口径增速，按两年公布总量推算"
                "(企业口径不同)，仅供参考。"
            )
        missing = [r.label for r in self.rows if r.yoy_source is None]
        if missing:
            lines.append(f"- {'、'.join(missing)}缺少增速数据，未参与排名。")
        return "\n".join(lines)

    def quarters_markdown(self) -> str:
        q = self.quarters.get("output")
        if q is None or 1 not in q.values:
            return "本期尚无完整季度的产值数据。"
        text = f"一季度完成规上工业总产值{q.values[1]:.1f}亿元"
        if 2 in q.values:
            change = q.q2_vs_q1_pct
            text += f"，二季度约完成{q.values[2]:.1f}亿元，较一季度环比增长{change:.1f}%"
        return text + "。"

    def firms_markdown(self) -> str:
        f = self.firms
        if f is None or f.above_scale is None:
            return "缺少规上企业数据。"
        text = f"截至{self.period.label}，{self.region_name}规上工业企业{f.above_scale}家"
        if f.new_entrants:
            text += f"，今年新增{f.new_entrants}家（{f.route_text}）"
        if f.candidates:
            names = "、".join(c["name"] for c in f.candidates)
            text += f"；预计入规企业{len(f.candidates)}家：{names}"
        return text + "。"

    def to_results(self) -> dict:
        out: dict = {
            "region": self.region_id,
            "region_name": self.region_name,
            "period": self.period.iso,
            "indicators": {r.code: r.to_results() for r in self.rows},
            "quarters": {k: q.to_results() for k, q in self.quarters.items()},
        }
        if self.firms is not None:
            out["firms"] = self.firms.to_results()
        return out


def _fmt(x: float | None, digits: int, signed: bool = False) -> str:
    if x is None or pd.isna(x):
        return "—"
    return f"{x:+.{digits}f}" if signed else f"{x:.{digits}f}"


def headline(
    ds: DataSet,
    region_id: str,
    period: Period,
    indicators: tuple[str, ...] = HEADLINE_INDICATORS,
) -> Headline:
    """Headline indicators, output quarters and firm counts of a region at a period."""
    from .enterprises import firm_counts

    name = ds.region_name(region_id)
    cut = ds.as_of(period)
    rows = [indicator_status(cut, region_id, code, period) for code in indicators]
    return Headline(
        region_id=region_id,
        region_name=name,
        period=period,
        rows=rows,
        quarters={"output": quarters(cut, region_id, "output", period)},
        firms=firm_counts(cut, region_id, period),
    )


def growth_history(
    ds: DataSet, region_ids: list[str], indicators: list[str], period: Period, years: int = 2
) -> pd.DataFrame:
    """Cumulative growth by period for some regions, from ``years`` years back to the period.

    Columns: indicator, region_id, name, year, month, label ("2021年1-6月"), yoy_pct,
    yoy_source; sorted by indicator (in the order given), region and period. Growth is
    resolved as in :func:`growth_table`, for all periods at once.
    """
    cut = ds.as_of(period)
    first_year = period.year - years + 1
    ind = cut.indicators
    ind = ind.loc[
        ind["indicator"].isin(indicators)
        & ind["region_id"].isin(region_ids)
        & (ind["year"] >= first_year - 1)
    ]
    keys = ["region_id", "indicator", "year", "month"]
    prev = ind[keys + ["value"]].rename(columns={"value": "value_prev"})
    prev = prev.assign(year=prev["year"] + 1)
    df = ind.loc[ind["year"] >= first_year, keys + ["value", "yoy_pct", "base"]]
    df = _resolve_growth(df.merge(prev, on=keys, how="left"))
    df = df.merge(cut.regions[["region_id", "name"]], on="region_id", how="left")
    df["label"] = [f"{y}年1-{m}月" for y, m in zip(df["year"], df["month"], strict=True)]
    df["order"] = df["indicator"].map({code: i for i, code in enumerate(indicators)})
    df = df.sort_values(["order", "region_id", "year", "month"], ignore_index=True)
    cols = ["indicator", "region_id", "name", "year", "month", "label", "yoy_pct", "yoy_source"]
    return df[cols]


def ranking(ds: DataSet, indicator: str, period: Period, group: str = "city") -> pd.DataFrame:
    """Every unit of a rank group ordered by published growth at the period.

    Columns: region_id, name, yoy_pct, yoy_source, yoy_published, rank (ties share).
    """
    cut = ds.as_of(period)
    table = growth_table(cut, indicator, period)
    ranked = rank_table(table, group_members(cut.regions, group))
    return ranked.merge(table[["region_id", "name", "yoy_source"]], on="region_id", how="left")


def history_to_results(history: pd.DataFrame) -> dict:
    """{indicator: {region_id: {"2021-06": growth %, ...}}} from :func:`growth_history`."""
    out: dict = {}
    for row in history.itertuples(index=False):
        periods = out.setdefault(row.indicator, {}).setdefault(row.region_id, {})
        periods[f"{row.year}-{row.month:02d}"] = None if pd.isna(row.yoy_pct) else row.yoy_pct
    return out


def ranking_to_results(ranked: pd.DataFrame) -> list[dict]:
    """[{region_id, name, yoy_published, rank}, ...] in rank order, from :func:`ranking`."""
    return [
        {
            "region_id": r.region_id,
            "name": r.name,
            "yoy_published": r.yoy_published,
            "rank": int(r.rank),
        }
        for r in ranked.itertuples(index=False)
    ]


def report_results(
    head: Headline, history: pd.DataFrame, rankings: dict[str, pd.DataFrame]
) -> dict:
    """Every number notebook 01 shows: the headline, the charted growth and the rankings."""
    out = head.to_results()
    out["growth_history"] = history_to_results(history)
    out["rankings"] = {"city": {code: ranking_to_results(r) for code, r in rankings.items()}}
    return out

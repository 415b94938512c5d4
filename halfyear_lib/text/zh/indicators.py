"""What the report pages say: tables with Chinese labels and the sentences under them.

Every function takes results computed in :mod:`halfyear_lib.analysis` and returns text
(Markdown) or a display table; nothing here computes a statistic. Every string that comes
from the data (unit and firm names, ids) goes through :func:`md_escape` or the table's
HTML escaping, so a name such as ``<img onerror=...>`` or ``[x](javascript:...)`` shows as
text and never becomes live markup in the page a leader opens.

Where data are missing (growth-only inputs, no target, a unit without peers' data) the
page says so in a sentence instead of leaving blank cells.
"""

from __future__ import annotations

import html
import re

import pandas as pd

from ...analysis.comparison import Comparison
from ...analysis.indicators import Headline, IndicatorStatus
from ...data.schema import ENTERPRISE_ROUTES, INDICATORS
from ..numbers import (
    PLACEHOLDER,
    format_amount,
    format_number,
    format_value,
    is_missing,
    rounded_sign,
)
from .ranks import comparison_scope, rank_scope

YOY_SOURCE_LABELS = {
    "official": "官方同口径",
    "base": "按同口径基数推算",
    "computed": "按上年总量推算",
    None: "无",
}

# Markdown punctuation that could start markup; escaped with a backslash
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>$])")


def md_escape(text: object) -> str:
    """Text from data made safe for Markdown that is rendered to HTML.

    HTML-escapes ``& < > " '`` (no raw HTML survives) and backslash-escapes Markdown
    punctuation (no link, image, emphasis or heading can be formed); "/" becomes an
    entity so no URL is autolinked; line breaks become spaces so a name cannot start a
    new block.
    """
    s = " ".join(str(text).split())
    s = html.escape(s, quote=True)
    s = _MD_SPECIAL.sub(r"\\\1", s)
    # "/" as an entity: "http://..." and "www." in a name must not be autolinked
    return s.replace("/", "&#47;").replace("www.", "www&#46;")


def fmt(x: float | None, digits: int, signed: bool = False) -> str:
    """A table cell: ``x`` to ``digits`` places (:func:`numbers.format_number`: halves up,
    no "-0"), "—" when missing (None, NaN, inf)."""
    return format_number(x, digits, signed=signed)


EMPTY_CELLS = ("", "—", None)


def drop_empty_columns(frame: pd.DataFrame, columns) -> pd.DataFrame:
    """``frame`` without those of ``columns`` where no row has a value (every cell empty
    or "—"): with no targets at all, a page shows no target columns."""
    empty = [
        c
        for c in columns
        if c in frame.columns and all(v in EMPTY_CELLS or pd.isna(v) for v in frame[c])
    ]
    return frame.drop(columns=empty)


def _rank_cell(rank, of, source) -> str:
    """ "3/11", "3/11（公布）" for a published rank, "—" without a rank."""
    if is_missing(rank) or is_missing(of):
        return PLACEHOLDER
    mark = "（公布）" if source == "published" else ""
    return f"{int(rank)}/{int(of)}{mark}"


def scope_word(head: Headline) -> str:
    """全市 or 全省 ... for the column header, from the first indicator's city rank."""
    for row in head.rows:
        rank = row.ranks.get("city")
        if rank is not None:
            return rank_scope(rank)
    return "全市"


def headline_title(head: Headline) -> str:
    return f"# {md_escape(head.region_name)}{head.period.full_label}工业经济主要指标"


_TARGET_COLUMNS = ("年度目标", "目标增速", "完成目标", "时序进度", "进度差", "较时序进度")


def headline_table(data: pd.DataFrame, period_label: str, scope: str = "全市") -> pd.DataFrame:
    """The headline table as the page shows it, from its tidy data (chapters/indicators.py
    ``headline_data``: one row per indicator): Chinese labels, rounded, — for missing.

    A ``two_year_avg_pct`` column in the data adds 两年平均增长 after the growth rate;
    ``scope`` (全市, 全省 ...) names the city rank's column.
    """
    rows = []
    for r in data.to_dict("records"):
        unit = r["unit"]
        rows.append(
            {
                "指标": INDICATORS[r["indicator"]].label,
                f"{period_label}累计({unit})": format_value(r["value"], unit),
                "同比增长(%)": fmt(r["yoy_pct"], 1),
                **(
                    {"两年平均增长(%)": fmt(r["two_year_avg_pct"], 1)}
                    if "two_year_avg_pct" in r
                    else {}
                ),
                "增速口径": YOY_SOURCE_LABELS.get(
                    None if is_missing(r["yoy_source"]) else r["yoy_source"], "无"
                ),
                "当月增长(%)": fmt(r["month_yoy_pct"], 1),
                f"年度目标({unit})": format_value(r["target"], unit),
                "目标增速(%)": fmt(r["target_growth_pct"], 1),
                "完成目标(%)": fmt(r["target_share_pct"], 1),
                "时序进度(%)": fmt(r["time_progress_pct"], 1),
                "进度差(百分点)": fmt(r["schedule_gap_pp"], 1, signed=True),
                f"较时序进度(±{unit})": fmt(r["ahead_of_schedule"], 2, signed=True),
                f"{scope}排名": _rank_cell(
                    r["rank_city"], r["rank_city_of"], r["rank_city_source"]
                ),
                "县(市)排名": _rank_cell(
                    r["rank_counties"], r["rank_counties_of"], r["rank_counties_source"]
                ),
            }
        )
    frame = pd.DataFrame(rows)
    if data.empty:
        return frame
    if data["target"].map(is_missing).all():
        # no annual target for any indicator: no target columns (the banner says why)
        frame = frame.drop(columns=[c for c in frame.columns if str(c).startswith(_TARGET_COLUMNS)])
    if data["rank_counties"].map(is_missing).all():
        frame = frame.drop(columns="县(市)排名")  # a district, a zone or a city: not ranked there
    if data["rank_city"].map(is_missing).all():
        frame = frame.drop(columns=f"{scope}排名")  # a city without a province: no peers
    return frame


def _ahead(shortfall: float | None) -> float | None:
    """The amount ahead of (+) or behind (−) schedule, from the shortfall (behind: +)."""
    return None if is_missing(shortfall) else -shortfall


def _missing_sentences(head: Headline) -> list[str]:
    year = head.period.year
    lines = []
    if not head.has_data:
        if head.data_start is not None and head.period < head.data_start:
            lines.append(
                f"- 本期（{head.period.full_label}）早于数据的起始期：本单位的数据从"
                f"{head.data_start.full_label}开始，本页各项均无数据。"
            )
        else:
            lines.append(f"- 本单位{head.period.full_label}没有任何指标数据，本页各项均无数据。")
        return lines
    nothing = [r.label for r in head.rows if not r.has_level and is_missing(r.yoy_pct)]
    if nothing:
        lines.append(f"- {'、'.join(nothing)}本期没有数据（既无累计值也无增速），表中以“—”表示。")
    growth_only = [r.label for r in head.rows if not r.has_level and not is_missing(r.yoy_pct)]
    if growth_only:
        lines.append(
            f"- {'、'.join(growth_only)}只有增速、没有累计值，无法计算完成年度目标、"
            "时序进度差和差额。"
        )
    no_target = [
        r.label
        for r in head.rows
        if r.has_level and is_missing(r.target) and is_missing(r.target_growth_pct)
    ]
    if no_target:
        lines.append(f"- {'、'.join(no_target)}缺少{year}年度目标，未计算完成进度。")
    return lines


def _rank_sentences(row: IndicatorStatus, excluded: frozenset[str] = frozenset()) -> list[str]:
    """How far a row's ranks can be trusted; the units in ``excluded`` (left out for bad
    data, said once under the table) are not counted again as lacking data."""
    lines = []
    for group, rank in row.ranks.items():
        where = rank_scope(rank) if group == "city" else "县(市)"
        if rank.contradicts:
            lines.append(
                f"- {row.label}{where}排名采用公布的第{rank.rank}位（共{rank.of}个）；"
                f"但按本数据计算为第{rank.computed}位（{rank.computed_of}个单位有数据），"
                "两者矛盾，请核对。"
            )
        elif rank.disagrees:
            lines.append(
                f"- {row.label}{where}排名采用公布的第{rank.rank}位（共{rank.of}个）；本数据只有"
                f"{rank.computed_of}个单位，其中排第{rank.computed}位，与公布位次不矛盾。"
            )
        elif rank.source == "computed" and (
            missing := [m for m in rank.missing if m not in excluded]
        ):
            lines.append(
                f"- {row.label}{where}排名只在有增速的{rank.computed_of}个单位中计算，"
                f"另有{len(missing)}个单位缺少数据。"
            )
    return lines


GROWTH_BASIS_COMPUTED = "口径：按总量计算"
GROWTH_BASIS_BASE = "口径：按同口径基数计算"


def growth_basis_lines(head: Headline) -> list[str]:
    """Where a growth rate is not the official one, say so first (bold, under the table):
    computed from two years' published levels, or from the comparable base."""
    lines = []
    computed = [r.label for r in head.rows if r.yoy_source == "computed"]
    if computed:
        lines.append(
            f"- **{GROWTH_BASIS_COMPUTED}**：{'、'.join(computed)}没有官方同口径增速，表中和本页的"
            "同比增长由本期与上年同期公布的累计值计算（两年的企业口径不同），仅供参考。"
        )
    from_base = [r.label for r in head.rows if r.yoy_source == "base"]
    if from_base:
        lines.append(
            f"- **{GROWTH_BASIS_BASE}**：{'、'.join(from_base)}没有官方增速，按统计部门提供的"
            "同口径基数计算。"
        )
    return lines


def headline_notes(head: Headline) -> str:
    """Bullet points under the headline table: growth basis, schedule, growth targets,
    what is missing and how far the ranks can be trusted."""
    lines = growth_basis_lines(head)
    for r in head.rows:
        if not is_missing(r.schedule_gap_pp) and not is_missing(r.target_share_pct):
            side = rounded_sign(r.schedule_gap_pp)
            if side == 0:  # "高于时序进度0.0个百分点" reads wrong
                where = "与时序进度持平"
            else:
                where = f"{'高于' if side > 0 else '低于'}时序进度{_abs(r.schedule_gap_pp)}个百分点"
            text = f"- {r.label}完成年度目标{format_number(r.target_share_pct, 1)}%，{where}"
            if rounded_sign(r.shortfall, 2) == 1:
                text += f"，较时序进度少完成{format_value(r.shortfall, r.unit)}{r.unit}"
            lines.append(text + "。")
        if not any(is_missing(x) for x in (r.growth_gap_pp, r.yoy_pct, r.target_growth_pct)):
            if rounded_sign(r.growth_gap_pp) == 0:
                where = f"与年度增速目标({format_number(r.target_growth_pct, 1)}%)持平"
            else:
                side = "超" if r.growth_gap_pp > 0 else "低于"
                where = (
                    f"{side}年度增速目标({format_number(r.target_growth_pct, 1)}%)"
                    f"{_abs(r.growth_gap_pp)}个百分点"
                )
            lines.append(f"- {r.label}{grow(r.yoy_pct)}，{where}。")
    lines += _missing_sentences(head)
    missing = [  # only where the unit is in a rank group (a city without a province is not)
        r.label
        for r in head.rows
        if r.yoy_source is None and any(head.region_id in rk.missing for rk in r.ranks.values())
    ]
    if missing:
        lines.append(f"- {'、'.join(missing)}缺少增速数据，未参与排名。")
    for r in head.rows:
        lines += _rank_sentences(r, frozenset(region for region, _ in head.excluded))
    if head.excluded:
        names = "、".join(md_escape(name or region) for region, name in head.excluded)
        lines.append(f"- 排名未含：{names}（数据有误）。")
    return "\n".join(lines)


# ---------------------------------------------------------------- comparison


def _level_word(kind: str | None) -> str:
    """上级地区 named by its level: 省 for a province, 市 for a city, ..."""
    return {"province": "省", "city": "市", "county": "县", "county_city": "市"}.get(
        kind or "", "上级地区"
    )


def comparison_heading(c: Comparison) -> str:
    """The section heading: what the unit is compared with."""
    if c.kind == "parent":
        return f"### 累计增速与{comparison_scope(c.comparator)}对比"
    if c.kind == "units":
        return f"### {comparison_scope(c.comparator)}与所辖各单位对比"
    return "### 累计增速"


def comparison_intro(c: Comparison) -> str:
    """What the section compares the unit with, and why (never the unit with itself)."""
    comp = c.comparator
    me = md_escape(comp.region_name)
    if c.kind == "parent":
        other = md_escape(comp.comparator_name)
        return (
            f"本节将{me}与{other}（上级{_level_word(comp.comparator_kind)}，{comparison_scope(comp)}）对比："
            f"图中红线为{me}，灰线为{other}。"
        )
    why = {
        "no_parent": f"{me}在数据中没有上级地区",
        "parent_not_in_data": f"{me}的上级地区（{md_escape(comp.declared_parent)}）不在数据的地区表中",
        "parent_without_data": (
            f"{me}的上级地区（{md_escape(comp.declared_parent)}）在数据中没有任何指标"
        ),
    }.get(comp.reason or "", f"{me}没有可对比的上级地区")
    if c.kind == "units":
        return (
            f"{why}，因此不与上级对比（也不与自身对比），而是将{comparison_scope(comp)}合计与所辖"
            f"{len(comp.unit_ids)}个单位并列比较：图中红线为{me}（{comparison_scope(comp)}合计），灰色带为"
            "各单位累计增速从最低到最高的范围，虚线为各单位的中位数；下表列出各单位的增速"
            f"及占{comparison_scope(comp)}的比重。"
        )
    return f"{why}，也没有下属单位，无法对比；图中只列出{me}本身的累计增速。"


def _unit_name(c: Comparison, region_id: str | None) -> str:
    if region_id is None or c.units is None:
        return "—"
    hit = c.units.loc[c.units["region_id"] == region_id, "name"]
    return md_escape(hit.iloc[0]) if len(hit) else md_escape(region_id)


def _parent_lines(c: Comparison) -> list[str]:
    comp = c.comparator
    other, scope = md_escape(comp.comparator_name), comparison_scope(comp)
    lines, no_rate = [], []
    for r in c.parent.to_dict("records"):
        label = INDICATORS[r["indicator"]].label
        yoy, other_yoy, gap = r["yoy_pct"], r["comparator_yoy_pct"], r["gap_pp"]
        if is_missing(yoy) and is_missing(other_yoy):
            no_rate.append(label)
            continue
        if is_missing(yoy):
            lines.append(f"- {label}：本单位没有增速，无法与{other}对比。")
            continue
        if is_missing(other_yoy) or is_missing(gap):
            lines.append(f"- {label}{grow(yoy)}；{other}没有该指标的增速，无法对比。")
            continue
        side = rounded_sign(gap)
        if side == 0:
            where = f"与{scope}（{other}，{grow(other_yoy)}）持平"
        else:
            word = "高于" if side > 0 else "低于"
            where = f"{word}{scope}（{other}，{grow(other_yoy)}）{_abs(gap)}个百分点"
        text = f"- {label}{grow(yoy)}，{where}"
        if not is_missing(r["share_pct"]):
            text += f"；占{scope}的{format_number(r['share_pct'], 1)}%"
        lines.append(text + "。")
    if no_rate:
        lines.append(f"- {'、'.join(no_rate)}：本单位和{other}都没有增速，无法对比。")
    no_share = [
        INDICATORS[r["indicator"]].label
        for r in c.parent.to_dict("records")
        if not is_missing(r["yoy_pct"]) and is_missing(r["share_pct"])
    ]
    if no_share and len(no_share) < len(c.parent):
        lines.append(f"- {'、'.join(no_share)}缺少本单位或{other}的累计值，无法计算所占比重。")
    elif no_share:
        lines.append(f"- 缺少本单位或{other}的累计值（只有增速），无法计算所占比重。")
    return lines


def _units_lines(c: Comparison) -> list[str]:
    comp = c.comparator
    scope = comparison_scope(comp)
    lines = []
    for code, s in c.units_summary.items():
        label = INDICATORS[code].label
        if not s.n_with_growth:
            lines.append(f"- {label}：所辖{s.n_units}个单位都没有增速数据，无法比较。")
            continue
        if is_missing(s.total_yoy_pct):
            head = f"- {label}：{scope}合计没有增速数据"
        else:
            head = f"- {label}：{scope}{grow(s.total_yoy_pct)}"
        bits = [head]
        counted = f"{s.n_with_growth}个单位" + (
            f"（另有{s.n_units - s.n_with_growth}个缺少数据）"
            if s.n_with_growth < s.n_units
            else ""
        )
        if not is_missing(s.n_above_total) and not is_missing(s.n_below_total):
            same = s.n_with_growth - s.n_above_total - s.n_below_total
            part = f"{counted}中{s.n_above_total}个高于{scope}、{s.n_below_total}个低于{scope}"
            bits.append(part + (f"、{same}个与{scope}持平" if same else ""))
        else:
            bits.append(counted)
        if s.n_with_growth > 1 and not any(
            is_missing(x) for x in (s.max_yoy_pct, s.min_yoy_pct, s.spread_pp)
        ):
            bits.append(
                f"最高为{_unit_name(c, s.max_region_id)}（{grow(s.max_yoy_pct)}），"
                f"最低为{_unit_name(c, s.min_region_id)}（{grow(s.min_yoy_pct)}），"
                f"相差{format_number(s.spread_pp, 1)}个百分点"
            )
        if not is_missing(s.largest_share_pct):
            bits.append(
                f"占{scope}比重最大的是{_unit_name(c, s.largest_share_region_id)}"
                f"（{format_number(s.largest_share_pct, 1)}%）"
            )
        lines.append("，".join(bits[:2]) + ("；" + "；".join(bits[2:]) if bits[2:] else "") + "。")
    no_share = [
        INDICATORS[code].label
        for code, s in c.units_summary.items()
        if s.n_with_growth and is_missing(s.largest_share_pct)
    ]
    if no_share:
        lines.append(
            f"- {'、'.join(no_share)}缺少{scope}合计或各单位的累计值（只有增速），"
            f"无法计算各单位占{scope}的比重。"
        )
    covered = [
        f"{INDICATORS[code].label}{format_number(s.shares_sum_pct, 1)}%"
        for code, s in c.units_summary.items()
        if not is_missing(s.shares_sum_pct) and abs(s.shares_sum_pct - 100) >= 0.5
    ]
    if covered:
        lines.append(
            f"- 数据中各单位之和占{scope}合计的比例：{'，'.join(covered)}（不等于100%："
            "有单位缺少数据，或合计另含未列出的部分）。"
        )
    return lines


def comparison_text(c: Comparison) -> str:
    """Bullet points under the comparison chart: the gap to the parent, or the range of
    the units' growth against the whole, and what is missing."""
    lines = []
    if c.kind == "parent":
        lines += _parent_lines(c)
    if c.units is not None:
        if c.kind == "parent":
            lines.append(f"- 所辖{len(c.comparator.unit_ids)}个单位的对比见下表。")
        lines += _units_lines(c)
    return "\n".join(lines)


def _whole_label(c: Comparison) -> str:
    return f"{c.comparator.region_name}（{comparison_scope(c.comparator)}合计）"


def units_growth_table(data: pd.DataFrame, c: Comparison) -> pd.DataFrame:
    """The whole and its units side by side: growth (%) of every indicator, from the tidy
    data (chapters/indicators.py ``units_data``: one row per unit and indicator, the whole
    first); the units in rank order of the first indicator (units without a rate last)."""
    if data.empty:
        return pd.DataFrame()
    codes = list(dict.fromkeys(data["indicator"]))

    def header(code):
        return f"{INDICATORS[code].label}增长(%)"

    return _units_wide(data.loc[data["role"] != "units_sum"], c, codes, "yoy_pct", header)


def _units_wide(data, c, codes, column, header) -> pd.DataFrame:
    names = {"whole": _whole_label(c), "units_sum": "各单位合计"}
    units = data.loc[data["role"] == "unit"]
    first = units.loc[units["indicator"] == codes[0]]
    order = list(
        first.sort_values(column, ascending=False, na_position="last", kind="stable")["region_id"]
    )
    rows = []
    for role in ("whole", "unit", "units_sum"):
        part = data.loc[(data["role"] == role) & data["indicator"].isin(codes)]
        if part.empty:
            continue
        wide = part.pivot(index="region_id", columns="indicator", values=column)
        label = part.drop_duplicates("region_id").set_index("region_id")["name"]
        ids = order if role == "unit" else list(dict.fromkeys(part["region_id"]))
        for rid in ids:
            rows.append(
                {"单位": names.get(role, str(label[rid]))}
                | {header(k): fmt(wide.loc[rid, k], 1) for k in codes}
            )
    return pd.DataFrame(rows)


def units_share_table(data: pd.DataFrame, c: Comparison) -> pd.DataFrame:
    """Each unit's share (%) of the whole, for the indicators with levels, and the sum of
    the shares, from the tidy data (``units_data``); empty when no share can be computed
    (growth-only data)."""
    if data.empty:
        return pd.DataFrame()
    sums = data.loc[data["role"] == "units_sum"]
    codes = [k for k in dict.fromkeys(sums["indicator"])
             if not is_missing(sums.loc[sums["indicator"] == k, "share_pct"].iloc[0])]  # fmt: skip
    if not codes:
        return pd.DataFrame()
    scope = comparison_scope(c.comparator)

    def header(code):
        return f"{INDICATORS[code].label}占{scope}(%)"

    return _units_wide(data.loc[data["role"] != "whole"], c, codes, "share_pct", header)


def ranking_intro(c: Comparison, peers: dict[str, pd.DataFrame], period_label: str) -> str:
    """What the rank charts rank (see :meth:`Comparison.rankings_to_show`): the unit among
    its peers, or (a unit with no parent) its own units against the whole; a sentence
    instead of a chart where nothing, or only the unit itself, could be ranked."""
    comp = c.comparator
    me = md_escape(comp.region_name)
    shown = c.rankings_to_show(peers)
    if c.kind != "parent" and c.units_rankings:
        text = (
            f"{me}没有上级地区可供排名，下图为所辖各单位{period_label}的增速排名"
            f"（竖虚线为{comparison_scope(comp)}合计）。"
        )
        return " ".join(t for t in (text, ranking_gaps(shown, period_label)) if t)
    if all(r.empty for r in shown.values()):
        if any(c.ranks_only_itself(r) for r in peers.values()):
            return f"数据中与{me}同组排名的单位只有{me}本身，不作排名。"
        if c.kind != "parent":
            if comp.has_units:
                return f"{me}没有上级地区可供排名，所辖各单位都不在排名组中（regions 表 rank_groups）。"
            return f"{me}没有上级地区，也没有下属单位，不作排名。"
    return ranking_gaps(shown, period_label)


def rank_warnings(head: Headline) -> list[str]:
    """Published ranks that the data prove wrong: warnings for the banner and the console."""
    out = []
    for row in head.rows:
        for group, rank in row.ranks.items():
            if rank.contradicts:
                where = rank_scope(rank) if group == "city" else "县(市)"
                out.append(
                    f"{head.region_name}{head.period.full_label}{row.label}：公布的{where}排名"
                    f"第{rank.rank}位（共{rank.of}个）与数据矛盾：按本数据计算为第{rank.computed}位"
                    f"（{rank.computed_of}个单位有数据），请核对指标表的 rank_{group} 列"
                )
    return out


QUARTER_NAMES = {1: "一季度", 2: "二季度", 3: "三季度", 4: "四季度"}


def _quarter_sentence(f, label: str, unit: str, what: str = "产值") -> str:
    """One quarter of :class:`halfyear_lib.analysis.quarters.Quarters` in words."""
    name = QUARTER_NAMES[f.quarter]
    if f.missing:
        months = "、".join(f"1-{m}月" for m in f.missing_months)
        return f"{name}缺少{months}的累计数据，未计算"
    parts = []
    if not is_missing(f.value):
        parts.append(f"{name}完成{label}{format_number(f.value, 1)}{unit}")
        # the first quarter against last year's fourth is mostly the season (the new
        # year's slow start), not news: it stays in results.json, not in the sentence
        if not is_missing(f.vs_prev_pct) and f.quarter > 1:
            parts.append(f"较{QUARTER_NAMES[f.quarter - 1]}环比{grow(f.vs_prev_pct)}")
        if not is_missing(f.yoy_pct):
            note = f"（{GROWTH_BASIS_COMPUTED}，仅供参考）" if f.yoy_source == "computed" else ""
            parts.append(f"同比{grow(f.yoy_pct)}{note}")
        return "，".join(parts)
    if not is_missing(f.yoy_pct):  # growth-only: 1-3月 is the first quarter
        return f"{name}{label or what}同比{grow(f.yoy_pct)}（缺少累计值，无法计算季度{what}）"
    return f"{name}缺少累计值，无法计算季度{what}"


def quarters_text(head: Headline, code: str = "output") -> str:
    """A sentence for every quarter complete by the period: the amount (亿元, one
    decimal), its change on the previous quarter (环比) and on the same quarter last year
    (同比) where the data allow; a quarter whose months are missing is named, not computed."""
    q = head.quarters.get(code)
    spec = INDICATORS[code]
    if q is None or not q.complete:
        return f"本期（{head.period.label}）尚无完整的季度：一季度到1-3月才完整。"
    row = next((r for r in head.rows if r.code == code), None)
    what = "产值" if code == "output" else spec.label
    sentences, named = [], False
    note, noted = f"（{GROWTH_BASIS_COMPUTED}，仅供参考）", False
    for n in q.complete:  # the indicator is named once, in the first quarter with an amount
        f = q.figures[n]
        sentence = _quarter_sentence(f, "" if named else spec.label, spec.unit, what)
        if noted:  # the basis is said once, at the first growth computed from levels
            sentence = sentence.replace(note, "")
        noted = noted or note in sentence
        sentences.append(sentence)
        named = named or not is_missing(f.value)
    if not q.values and row is not None and not row.has_level:
        lead = f"缺少{what}累计值（只有增速或没有数据），无法计算季度{what}"
        growth = [
            f"{QUARTER_NAMES[n]}（1-{n * 3}月）{spec.label}同比{grow(q.figures[n].yoy_pct)}"
            for n in q.complete
            if not is_missing(q.figures[n].yoy_pct)  # Q1 only: 1-3月 is the quarter itself
        ]
        return "；".join([lead, *growth]) + "。"
    return "；".join(sentences) + "。"


def route_text(new_by_route: dict[str, int]) -> str:
    """New above-scale firms by route, e.g. "成长性企业11家、新项目入规5家" ("" for none)."""
    return "、".join(f"{ENTERPRISE_ROUTES[r]}{n}家" for r, n in new_by_route.items() if n)


def firms_text(head: Headline) -> str:
    f = head.firms
    if f is None or is_missing(f.above_scale):
        return "缺少规上企业数据（没有企业名单，也没有规上企业数指标）。"
    text = (
        f"截至{head.period.label}，{md_escape(head.region_name)}规上工业企业"
        f"{format_number(f.above_scale, 0)}家"
    )
    if f.new_entrants:
        text += f"，今年新增{f.new_entrants}家（{route_text(f.new_by_route)}）"
    if f.candidates:
        names = "、".join(md_escape(c["name"]) for c in f.candidates)
        text += f"；预计入规企业{len(f.candidates)}家：{names}"
    return text + "。"


def ranking_gaps(rankings: dict[str, pd.DataFrame], period_label: str) -> str:
    """A sentence for every indicator that no unit has a growth rate for (no chart)."""
    empty = [INDICATORS[code].label for code, ranked in rankings.items() if ranked.empty]
    if not empty:
        return ""
    return f"{period_label}{'、'.join(empty)}没有任何单位的增速数据，无法排名。"


# ---------------------------------------------------------------- highlights and problems


def _label(code: str | None) -> str:
    if code is None:
        return ""
    return INDICATORS[code].label if code in INDICATORS else code


def _num(x, digits: int = 1) -> str:
    return format_number(x, digits)


def _abs(x, digits: int = 1) -> str:
    """The size of a gap or a change whose direction a word already says ("低于…2.7")."""
    return format_number(None if is_missing(x) else abs(x), digits)


def _int(x) -> str:
    """A count or a rank in a sentence: 229, never "None" or "nan"."""
    return format_number(x, 0)


def _neg(x, digits: int = 1) -> str:
    return format_number(None if is_missing(x) else -x, digits)


def grow(x: float | None, up: str = "增长", down: str = "下降") -> str:
    """ "增长3.1%" or "下降2.0%": the word follows the sign of the printed number (a rate
    that rounds to zero is "增长0.0%", never "下降0.0%"), the number is positive;
    "增速不详" when the rate is missing (a caller should not ask)."""
    side = rounded_sign(x)
    if side is None:
        return "增速不详"
    return f"{up if side >= 0 else down}{_abs(x)}%"


def highlight_text(item: dict) -> str:
    """One sentence for a highlight or problem of :mod:`halfyear_lib.analysis.highlights`."""
    n, label = item["numbers"], _label(item["indicator"])
    kind = item["kind"]
    if kind == "ahead_of_schedule":
        return (f"{label}完成年度目标{_num(n['target_share_pct'])}%，超时序进度"
                f"{_num(n['schedule_gap_pp'])}个百分点")  # fmt: skip
    if kind == "behind_schedule":
        text = (f"{label}完成年度目标{_num(n['target_share_pct'])}%，低于时序进度"
                f"{_neg(n.get('schedule_gap_pp'))}个百分点")  # fmt: skip
        if rounded_sign(n.get("shortfall"), 2) == 1:
            text += f"，较时序进度少完成{format_amount(n['shortfall'])}亿元"
        return text
    if kind == "above_target_growth":
        return (f"{label}{grow(n['yoy_pct'])}，高于年度目标({_num(n['target_growth_pct'])}%)"
                f"{_num(n['growth_gap_pp'])}个百分点")  # fmt: skip
    if kind == "below_target_growth":
        return (f"{label}{grow(n['yoy_pct'])}，低于年度目标({_num(n['target_growth_pct'])}%)"
                f"{_neg(n.get('growth_gap_pp'))}个百分点")  # fmt: skip
    if kind == "fast_growth":
        text = f"{label}{grow(n['yoy_pct'])}"
        if not is_missing(n.get("two_year_avg_pct")):
            text += f"，两年平均{grow(n['two_year_avg_pct'])}"
        return text
    if kind == "decline":
        return f"{label}同比下降{_neg(n.get('yoy_pct'))}%"
    if kind == "month_decline":
        month = f"{n['month']}月" if n.get("month") else "当月"
        return (
            f"{label}{month}当月同比下降{_neg(n.get('month_yoy_pct'))}%，累计增速虽仍为正，需关注"
        )
    if kind == "top_rank":
        scope = n.get("scope") or "全市"
        return (
            f"{label}增速居{scope}{_int(n.get('rank_city_of'))}个单位第{_int(n.get('rank_city'))}位"
        )
    if kind == "bottom_rank":
        scope = n.get("scope") or "全市"
        return (
            f"{label}增速居{scope}{_int(n.get('rank_city_of'))}个单位"
            f"第{_int(n.get('rank_city'))}位，排名靠后"
        )
    if kind in ("rank_up", "rank_down"):
        word = "前移" if kind == "rank_up" else "后退"
        return f"{label}增速排名较年初{word}{_abs(n.get('rank_change'), 0)}位"
    if kind == "double_digit_streak":
        return f"{label}今年以来各期累计增速均保持两位数"
    if kind == "rate_cut":
        drivers = "、".join(md_escape(d) for d in n.get("drivers") or [])
        text = f"增加值率调整拉低规上工业增加值增速{_neg(n.get('impact_pp'))}个百分点"
        if not is_missing(n.get("impact_value")):
            text += f"（减少增加值{_neg(n['impact_value'], 2)}亿元）"
        return text + (f"，主要是{drivers}" if drivers else "")
    if kind == "price_gap":
        return (f"价格因素使产值名义增速({_num(n['nominal_yoy_pct'])}%)高于扣除价格后的实际增速"
                f"({_num(n['real_yoy_pct'])}%){_num(n['gap_pp'])}个百分点")  # fmt: skip
    if kind == "few_new_firms":
        return (f"规上企业比上年末净增{_int(n.get('net_increase'))}家，仅完成净增目标"
                f"{_int(n.get('new_target'))}家的{_num(n['new_target_share_pct'])}%，低于时序进度")  # fmt: skip
    if kind == "new_firms_on_track":
        return (f"规上企业比上年末净增{_int(n.get('net_increase'))}家，完成净增目标"
                f"{_int(n.get('new_target'))}家的{_num(n['new_target_share_pct'])}%")  # fmt: skip
    if kind == "innovation_ahead":
        return (f"{label}完成年度目标{_num(n['completion_pct'])}%，超时序进度"
                f"{_num(n['schedule_gap_pp'])}个百分点")  # fmt: skip
    if kind == "innovation_behind":
        return (f"{label}完成年度目标{_num(n['completion_pct'])}%，低于时序进度"
                f"{_neg(n.get('schedule_gap_pp'))}个百分点")  # fmt: skip
    if kind == "tasks_done":
        return f"{_int(n.get('total'))}项重点任务中已完成{_int(n.get('done'))}项"
    if kind == "tasks_behind":
        return (
            f"重点任务中{_int(n.get('behind'))}项进度滞后、{_int(n.get('not_started'))}项尚未启动"
        )
    return kind  # pragma: no cover - a new kind without a sentence yet


def with_texts(items: list[dict]) -> list[dict]:
    """The items with their sentence under ``text`` (for results.json and the draft)."""
    return [{**item, "text": highlight_text(item)} for item in items]


# the label columns of page 01's tables (left-aligned)
UNITS_LEFT = ("单位",)


def reference_label(c: Comparison) -> str:
    """The legend of the comparator's total on the rank charts ("全市合计")."""
    return f"{comparison_scope(c.comparator)}合计"

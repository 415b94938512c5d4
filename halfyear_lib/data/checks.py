"""Checks across rows and tables: references, safe ids, the region tree, plausibility.

Plausibility checks catch data that are well-formed but wrong: a negative output, a
5000% growth rate, a cumulative level that falls within a year, a value in 万元 labelled
亿元 (a factor of 10,000), a target of 0. Each finding is a located problem (file, row,
column, value, what to do) and an **error**, unless

* the row says the value is intended: ``checked`` = true on that row (indicators and
  targets have the column), or
* the run says so: ``accept_warnings=True`` (``halfyear run --accept-warnings``),

in which case it is a **warning**: the data load, and the warning is shown to readers
(console, results.json, a banner on every page). Structural problems (unsafe ids, a
cycle of parents) are errors whatever the options.

What is checked, and what deliberately is not:

* negative amounts and counts: indicator value and base, a target of kind value,
  industries output, projects planned_total, townships investment_target. Monthly
  project investment (project_monthly) may be negative: it carries corrections.
* growth beyond ``max_abs_growth_pct`` (default 300) in yoy_pct and growth targets, and
  any rate below -100% (a level cannot fall by more than all of it). The bound is not
  applied to the lumpy :data:`LUMPY_INDICATORS`, whose tiny base makes any rate possible.
* a cumulative amount that falls within a year (cum(m) < cum(m-1)). Counts are not
  checked: above_scale_firms is a stock and falls when firms leave.
* share of the annual value target beyond :data:`TARGET_SHARE_FACTOR` x the time
  progress month/12 (amounts, not the lumpy ones).
* unit slips: a value more than :data:`JUMP_FACTOR` times (or less than 1/JUMP_FACTOR
  of) the previous period, the same period a year before, its comparable base, or a
  target more than that far from the year's levels.
* targets: a target of 0, a header-only targets table, and (warning) a year with levels
  but no targets for a unit that has targets in earlier years. Units that never have
  targets are not warned about: most units of a city only serve as peers in rankings.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .language import tr
from .problems import MAX_CELL_PROBLEMS
from .schema import INDICATORS, MAX_LEN_ID
from .tables import TableParser

JUMP_FACTOR = 1000.0
"""A value this many times its neighbour (or 1/this) is a unit slip: 万元 vs 亿元 is 10,000."""

DEFAULT_MAX_ABS_GROWTH_PCT = 300.0
"""Growth rates (yoy_pct, growth targets) beyond ±this many percent are implausible."""

TARGET_SHARE_FACTOR = 3.0
"""Share of the annual target beyond this many times the time progress is implausible."""

LUMPY_INDICATORS: frozenset[str] = frozenset(
    {"tech_contracts", "hitech_firm_applications", "tech_smes"}
)
"""A few contracts or applications more multiply these: no growth bound, no share bound."""

SAFE_ID = re.compile(rf"^[A-Za-z0-9][A-Za-z0-9_-]{{0,{MAX_LEN_ID - 1}}}$")
"""Ids become folder and file names (reports/<period>/<region_id>/): ASCII only, no dots."""

ID_COLUMNS: dict[str, tuple[str, ...]] = {
    "regions": ("region_id",),
    "enterprises": ("enterprise_id",),
    "projects": ("project_id",),
    "tasks": ("task_id",),
}

NON_NEGATIVE: dict[str, tuple[str, ...]] = {
    "industries": ("output", "output_prev"),
    "projects": ("planned_total",),
    "townships": ("investment_target",),
}
"""Amount columns (besides indicators and targets) that cannot be negative."""

RANKED_KINDS = ("county", "county_city", "district", "zone")


@dataclass(frozen=True)
class CheckOptions:
    """Options of the plausibility checks (``validate_dataset`` keyword arguments)."""

    accept_warnings: bool = False
    max_abs_growth_pct: float = DEFAULT_MAX_ABS_GROWTH_PCT

    def __post_init__(self) -> None:
        bound = self.max_abs_growth_pct
        if isinstance(bound, bool) or not isinstance(bound, int | float) or not bound > 0:
            raise ValueError(
                f"max_abs_growth_pct must be a positive number of percent, not {bound!r}"
            )


def is_safe_id(value: object) -> bool:
    """True for an id usable as a folder name: ASCII letters, digits, _ and -, no dots."""
    return isinstance(value, str) and SAFE_ID.fullmatch(value) is not None


def _num(v: float) -> str:
    return f"{v:,.6g}"


# ---------------------------------------------------------------- reporting


@dataclass
class _Reporter:
    """Report plausibility findings of one table with the severity the row and run allow."""

    frame: pd.DataFrame
    parser: TableParser
    options: CheckOptions
    flagged: set[tuple[str, int, str]] = field(default_factory=set)

    def __post_init__(self) -> None:
        n = len(self.frame)
        if "checked" in self.frame.columns and "checked" in self.parser.present:
            self.checked = self.frame["checked"].fillna(False).to_numpy(dtype=bool)
        else:
            self.checked = np.zeros(n, dtype=bool)
        self.can_check = "checked" in self.parser.spec.column_names
        self.rows = self.frame["_row"].to_numpy(dtype=np.int64)

    def value(self, i: int, column: str) -> str:
        text = self.parser.text.get(column)
        if text is not None:
            return str(text.iat[i])
        v = self.frame[column].iat[i]
        return "" if pd.isna(v) else str(v)

    def __call__(
        self, positions: Sequence[int], column: str, messages: Sequence[str], summary: str
    ) -> None:
        name = self.parser.spec.name
        groups: dict[str, list[tuple[int, str]]] = {"error": [], "checked": [], "accepted": []}
        for i, msg in zip(positions, messages, strict=True):
            key = (name, int(self.rows[i]), column)
            if key in self.flagged:  # one plausibility problem per cell is enough
                continue
            self.flagged.add(key)
            if self.checked[i]:
                groups["checked"].append((i, msg))
            elif self.options.accept_warnings:
                groups["accepted"].append((i, msg))
            else:
                groups["error"].append((i, msg))
        for group, items in groups.items():
            if not items:
                continue
            items.sort(key=lambda item: self.rows[item[0]])
            if group == "checked":
                suffix = tr(
                    " (kept: checked = true on this row)", "（本行 checked = true，按核实无误保留）"
                )
            elif group == "accepted":
                suffix = tr(" (accepted with --accept-warnings)", "（已按 --accept-warnings 接受）")
            elif self.can_check:
                suffix = tr(
                    "; if the value is right, write true in column checked of this row, "
                    "or run with --accept-warnings",
                    "；如果数值确实无误，请在本行 checked 列填 true，或运行时加 --accept-warnings",
                )
            else:
                suffix = tr(
                    "; if the value is right, run with --accept-warnings",
                    "；如果数值确实无误，运行时加 --accept-warnings",
                )
            self.parser.report.cells(
                [self.rows[i] for i, _ in items],
                [self.value(i, column) for i, _ in items[:MAX_CELL_PROBLEMS]],
                self.parser.display.get(column, column),
                [msg + suffix for _, msg in items],
                summary,
                severity="error" if group == "error" else "warning",
            )


# ---------------------------------------------------------------- references


def check_references(
    frames: dict[str, pd.DataFrame],
    parsers: dict[str, TableParser],
    where: Callable[[str], str],
) -> None:
    for name, parser in parsers.items():
        frame = frames[name]
        for col in parser.spec.columns:
            if not col.references or col.name not in parser.present:
                continue
            ref_table, ref_col = col.references.split(".")
            ref = parsers.get(ref_table)
            if ref is None or ref_col not in ref.present:
                continue  # the missing table or column is reported already
            known = frames[ref_table][ref_col].dropna().unique().tolist()
            values = frame[col.name]
            bad = (values.notna() & ~values.isin(known)).to_numpy(dtype=bool)
            shown = ", ".join(str(k) for k in sorted(known)[:8])
            if len(known) > 8:
                shown += f", ... ({len(known)} in all)"
            parser.bad(
                bad,
                col.name,
                lambda v, rt=ref_table, rc=ref_col, s=shown: tr(
                    f"unknown {rc} {v!r}: it is not in {where(rt)} (column {rc}); "
                    f"known: {s or 'none'}; fix the id or add it to {rt}",
                    f"未知的 {rc} {v!r}：{where(rt)}（{rc} 列）中没有它；已有：{s or '无'}；"
                    f"请改正编号或在 {rt} 中添加",
                ),
                tr(f"with an unknown {ref_col}", f"{ref_col} 未知"),
                values=values.astype(object).where(values.notna(), ""),
            )


# ---------------------------------------------------------------- ids and the region tree


def check_ids(frames: dict[str, pd.DataFrame], parsers: dict[str, TableParser]) -> None:
    """Ids must match :data:`SAFE_ID`: region ids become folder names under reports/."""
    for table, columns in ID_COLUMNS.items():
        parser = parsers.get(table)
        if parser is None:
            continue
        for col in columns:
            if col not in parser.present:
                continue
            text = parser.text[col]
            unsafe = ((text != "") & ~text.str.fullmatch(SAFE_ID.pattern)).to_numpy(dtype=bool)

            def message(v: str | None, col: str = col) -> str:
                bad = "".join(dict.fromkeys(c for c in str(v) if not re.match(r"[A-Za-z0-9_-]", c)))
                shown = " ".join(repr(c) for c in bad) or tr("its first character", "首字符")
                return tr(
                    f"{v!r} is not a safe {col}: ids become folder and file names, so only ASCII "
                    f"letters, digits, _ and - are allowed (1 to {MAX_LEN_ID} characters, starting with a "
                    f"letter or digit; not allowed here: {shown}); use a pinyin id such as "
                    "qingshui or jiangzhou_etdz and keep the Chinese name in column name",
                    f"{v!r} 不是安全的 {col}：编号会用作文件夹和文件名，只能使用英文字母、数字、_ 和 -"
                    f"（1 到 {MAX_LEN_ID} 个字符，以字母或数字开头；此处不允许：{shown}）；请改用拼音编号，"
                    "如 qingshui 或 jiangzhou_etdz，中文名称写在 name 列",
                )

            parser.bad(unsafe, col, message, tr("with an unsafe id", "编号不安全"))


def check_regions(frame: pd.DataFrame, parser: TableParser) -> None:
    """A parent must lead up to a top unit: no unit is its own parent, no cycles.

    Also warns where a county, county-level city, district or zone under a parent has no
    rank groups: it would be ranked nowhere.
    """
    if frame.empty or not {"region_id", "parent_id"} <= parser.present:
        return
    ids = frame["region_id"].astype(object).where(frame["region_id"].notna(), None).tolist()
    parents = frame["parent_id"].astype(object).where(frame["parent_id"].notna(), None).tolist()
    parent_of = {i: p for i, p in zip(ids, parents, strict=True) if i is not None and p}
    self_parent = np.array([i is not None and p == i for i, p in zip(ids, parents, strict=True)])
    parser.bad(
        self_parent,
        "parent_id",
        lambda v: tr(
            f"{v!r} is the unit's own parent; write the id of the unit above it (its city), "
            "or leave parent_id empty for the top unit",
            f"{v!r} 是本单位自己的上级；请填写上一级单位（所在市）的 region_id，最高一级单位的 "
            "parent_id 留空",
        ),
        tr("that are their own parent", "上级为自身"),
    )
    cycle_of: dict[str, list[str]] = {}
    for start in parent_of:
        path, node = [start], parent_of[start]
        while node is not None and node not in path and node in parent_of:
            path.append(node)
            node = parent_of[node]
        if node == start and len(path) > 1:
            cycle_of[start] = [*path, start]
    in_cycle = np.array([i in cycle_of for i in ids], dtype=bool)
    idx = np.flatnonzero(in_cycle)
    if len(idx):
        parser.report.cells(
            parser.rows[idx],
            [str(parents[i]) for i in idx[:MAX_CELL_PROBLEMS]],
            parser.display.get("parent_id", "parent_id"),
            [
                tr(
                    f"the parents of {ids[i]} form a cycle: {' -> '.join(cycle_of[ids[i]])}; "
                    "every chain of parent_id must end at a top unit (the city or province, "
                    "with parent_id empty): fix one parent_id of the cycle",
                    f"{ids[i]} 的上级关系成环：{' -> '.join(cycle_of[ids[i]])}；parent_id 逐级向上"
                    "必须止于最高一级单位（市或省，parent_id 留空）：请改正环中的一个 parent_id",
                )
                for i in idx
            ],
            tr("in a cycle of parents", "上级关系成环"),
        )
    if "kind" in parser.present and "rank_groups" in parser.present:
        kinds = frame["kind"].astype(object).to_numpy()
        blank = (parser.text["rank_groups"] == "").to_numpy(dtype=bool)
        has_parent = np.array([bool(p) for p in parents], dtype=bool)
        unranked = np.isin(kinds, RANKED_KINDS) & has_parent & blank & ~self_parent
        names = frame["name"].astype(object).tolist() if "name" in frame.columns else ids
        idx = np.flatnonzero(unranked)
        if len(idx):
            parser.report.cells(
                parser.rows[idx],
                [""] * min(len(idx), MAX_CELL_PROBLEMS),
                parser.display.get("rank_groups", "rank_groups"),
                [
                    tr(
                        f"{ids[i]} ({names[i]}, {kinds[i]} under {parents[i]}) has no "
                        "rank_groups: it will be ranked nowhere; write city;counties for a "
                        "county or county-level city, city for a district or zone",
                        f"{ids[i]}（{names[i]}，{kinds[i]}，上级 {parents[i]}）没有填写 "
                        "rank_groups：它不会参加任何排名；县和县级市填 city;counties，区和开发区"
                        "填 city",
                    )
                    for i in idx
                ],
                tr("without rank groups", "未填写排名组"),
                severity="note",
            )


# ---------------------------------------------------------------- plausibility


def check_plausibility(
    frames: dict[str, pd.DataFrame],
    parsers: dict[str, TableParser],
    where: Callable[[str], str],
    options: CheckOptions | None = None,
) -> None:
    """Every plausibility check of the module docstring, on the tables present."""
    options = options or CheckOptions()
    flagged: set[tuple[str, int, str]] = set()
    ind = frames.get("indicators")
    tgt = frames.get("targets")
    if ind is not None and ind.empty and parsers["indicators"].present:
        parsers["indicators"].report.add(  # nothing at all can be reported: never accepted
            tr(
                "indicators table has no rows: there is nothing to report; add one row per "
                "region, indicator and period (the cumulative value, the growth rate or both)",
                "指标表（indicators）没有数据行：没有可报告的内容；请按地区、指标和期间每行填写"
                "累计值、增速或两者",
            )
        )
    if ind is not None:
        rep = _Reporter(ind, parsers["indicators"], options, flagged)
        _negative_levels(ind, rep)
        check_jumps(ind, parsers["indicators"], options, flagged)
    if tgt is not None:
        trep = _Reporter(tgt, parsers["targets"], options, flagged)
        _target_values(tgt, trep, options)
        if ind is not None:
            _target_unit_slips(ind, tgt, trep, where)
    if ind is not None:
        _falling_levels(ind, rep)
        if tgt is not None:
            _target_shares(ind, tgt, rep, where)
            _years_without_targets(ind, tgt, parsers["indicators"], where)
        _growth_bounds(ind, rep, options)
    for table, columns in NON_NEGATIVE.items():
        if table in frames:
            nrep = _Reporter(frames[table], parsers[table], options, flagged)
            for col in columns:
                _negative(frames[table], nrep, col)


def _label(r: pd.Series) -> str:
    return f"{r['indicator']} of {r['region_id']} in {int(r['year'])}-{int(r['month']):02d}"


def _zh_label(r: pd.Series) -> str:
    return f"{r['region_id']} 的 {r['indicator']}（{int(r['year'])}年1-{int(r['month'])}月）"


def _negative(frame: pd.DataFrame, rep: _Reporter, col: str) -> None:
    if col not in rep.parser.present:
        return
    values = pd.to_numeric(frame[col], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    idx = np.flatnonzero(values < 0)
    rep(
        idx,
        col,
        [
            tr(
                f"{col} {_num(values[i])} is negative; an amount of this column cannot be below "
                "0: check the sign and the source",
                f"{col} 为负数 {_num(values[i])}；该列的金额不可能小于 0：请核对符号和来源",
            )
            for i in idx
        ],
        tr(f"with a negative {col}", f"{col} 为负数"),
    )


def _negative_levels(ind: pd.DataFrame, rep: _Reporter) -> None:
    for col in ("value", "base"):
        if col not in rep.parser.present:
            continue
        values = ind[col].to_numpy(dtype=float, na_value=np.nan)
        idx = np.flatnonzero(values < 0)
        rows = ind.iloc[idx]
        rep(
            idx,
            col,
            [
                tr(
                    f"{col} {_num(r[col])} {r['unit']} of {_label(r)} is negative: an output, "
                    "value added, investment or count of the year so far cannot be below 0; "
                    "check the sign (a fall belongs in yoy_pct)",
                    f"{_zh_label(r)} 的 {col} 为负数 {_num(r[col])} {r['unit']}：产值、增加值、"
                    "投资或家数的累计值不可能小于 0；请核对符号（下降应体现在 yoy_pct）",
                )
                for _, r in rows.iterrows()
            ],
            tr(f"with a negative {col}", f"{col} 为负数"),
        )


def _growth_bounds(ind: pd.DataFrame, rep: _Reporter, options: CheckOptions) -> None:
    if "yoy_pct" not in rep.parser.present:
        return
    bound = options.max_abs_growth_pct
    yoy = ind["yoy_pct"].to_numpy(dtype=float, na_value=np.nan)
    lumpy = ind["indicator"].isin(LUMPY_INDICATORS).to_numpy(dtype=bool)
    bad = (yoy < -100) | ((np.abs(yoy) > bound) & ~lumpy)
    idx = np.flatnonzero(bad)
    msgs = []
    for i in idx:
        r = ind.iloc[i]
        if yoy[i] < -100:
            msgs.append(
                tr(
                    f"yoy_pct {_num(yoy[i])}% of {_label(r)} is below -100%: a level cannot "
                    "fall by more than all of it; check the sign and whether this is a rate",
                    f"{_zh_label(r)} 的 yoy_pct 为 {_num(yoy[i])}%，低于 -100%：降幅不可能超过"
                    "全部；请核对符号以及这是否是增速",
                )
            )
        else:
            msgs.append(
                tr(
                    f"yoy_pct {_num(yoy[i])}% of {_label(r)} is beyond ±{_num(bound)}%: "
                    "probably a level, a wrong base or a unit slip rather than a growth rate "
                    "(the bound is the parameter max_abs_growth_pct)",
                    f"{_zh_label(r)} 的 yoy_pct 为 {_num(yoy[i])}%，超出 ±{_num(bound)}%：可能是"
                    "把总量、错误的基数或单位错误当成了增速（界限为参数 max_abs_growth_pct）",
                )
            )
    rep(idx, "yoy_pct", msgs, tr("with an implausible growth rate", "增速不合理"))


def _cumulative_amounts(ind: pd.DataFrame) -> pd.DataFrame:
    key = ["region_id", "indicator", "year", "month"]
    amount = ind["indicator"].map(lambda c: c in INDICATORS and INDICATORS[c].kind == "amount")
    d = ind.loc[
        amount.fillna(False).astype(bool)
        & (ind["rate_kind"] == "cumulative")
        & ind["value"].notna()
        & ind[key].notna().all(axis=1)
    ]
    return d.sort_values(key, kind="mergesort")


def _falling_levels(ind: pd.DataFrame, rep: _Reporter) -> None:
    """cum(m) < cum(m-1) within a year, for amounts (flows): their total cannot fall."""
    if "value" not in rep.parser.present:
        return
    d = _cumulative_amounts(ind)
    within = d.groupby(["region_id", "indicator", "year"], sort=False)
    prev = within["value"].shift()
    prev_month = within["month"].shift()
    prev_row = within["_row"].shift()
    falls = d["value"] < prev * (1 - 1e-9)
    positions = [ind.index.get_loc(i) for i in d.index[falls.to_numpy(dtype=bool)]]
    msgs = []
    for i in positions:
        r = ind.iloc[i]
        label = r.name
        msgs.append(
            tr(
                f"{_label(r)}: the cumulative value {_num(r['value'])} {r['unit']} is below "
                f"{_num(prev[label])} {r['unit']} of 1-{int(prev_month[label])}月 (row "
                f"{int(prev_row[label])}); a total of the year so far cannot fall: one of the "
                "two rows has a wrong value or unit, or is a single month (rate_kind month)",
                f"{_zh_label(r)} 的累计值 {_num(r['value'])} {r['unit']} 小于 "
                f"1-{int(prev_month[label])}月的 {_num(prev[label])} {r['unit']}（第 "
                f"{int(prev_row[label])} 行）；累计值不会下降：两行中有一行数值或单位有误，或是"
                "当月值（rate_kind 填 month）",
            )
        )
    rep(positions, "value", msgs, tr("whose cumulative value falls", "累计值下降"))


def _value_targets(tgt: pd.DataFrame) -> pd.DataFrame:
    t = tgt.loc[
        (tgt["kind"] == "value")
        & tgt["target"].notna()
        & (tgt["target"] > 0)
        & tgt[["region_id", "indicator", "year"]].notna().all(axis=1)
    ]
    return t[["region_id", "indicator", "year", "target", "_row"]].drop_duplicates(
        ["region_id", "indicator", "year"]
    )


def _target_shares(
    ind: pd.DataFrame, tgt: pd.DataFrame, rep: _Reporter, where: Callable[[str], str]
) -> None:
    """Share of the annual target beyond TARGET_SHARE_FACTOR x month/12 (amounts)."""
    if "value" not in rep.parser.present:
        return
    d = _cumulative_amounts(ind)
    d = d.loc[~d["indicator"].isin(LUMPY_INDICATORS)]
    t = _value_targets(tgt).rename(columns={"_row": "_target_row"})
    m = d.reset_index().merge(t, on=["region_id", "indicator", "year"]).set_index("index")
    share = m["value"] / m["target"]
    progress = m["month"].astype(float) / 12
    over = (share > TARGET_SHARE_FACTOR * progress).to_numpy(dtype=bool)
    positions = [ind.index.get_loc(i) for i in m.index[over]]
    msgs = []
    for i in positions:
        r, label = ind.iloc[i], ind.index[i]
        pct, tp = share[label] * 100, progress[label] * 100
        msgs.append(
            tr(
                f"{_label(r)}: {_num(r['value'])} {r['unit']} is {pct:,.0f}% of the annual "
                f"target {_num(m.at[label, 'target'])} {r['unit']} ({where('targets')} row "
                f"{int(m.at[label, '_target_row'])}) after {tp:.0f}% of the year; more than "
                f"{TARGET_SHARE_FACTOR:g} x the time progress is implausible: check the units "
                "of the value and the target (万元 vs 亿元)",
                f"{_zh_label(r)}：{_num(r['value'])} {r['unit']} 已完成年度目标 "
                f"{_num(m.at[label, 'target'])} {r['unit']}（{where('targets')} 第 "
                f"{int(m.at[label, '_target_row'])} 行）的 {pct:,.0f}%，而时序进度为 {tp:.0f}%；"
                f"超过时序进度的 {TARGET_SHARE_FACTOR:g} 倍不合理：请核对数值和目标的单位"
                "（万元与亿元）",
            )
        )
    rep(positions, "value", msgs, tr("far ahead of the target", "远超目标进度"))


def _target_values(tgt: pd.DataFrame, rep: _Reporter, options: CheckOptions) -> None:
    parser = rep.parser
    if tgt.empty:  # no targets at all: a notice of the data set (see loading), not a doubt
        return
    if "target" not in parser.present or "kind" not in parser.present:
        return
    target = tgt["target"].to_numpy(dtype=float, na_value=np.nan)
    is_value = (tgt["kind"] == "value").to_numpy(dtype=bool)
    is_growth = (tgt["kind"] == "growth_pct").to_numpy(dtype=bool)
    lumpy = tgt["indicator"].isin(LUMPY_INDICATORS).to_numpy(dtype=bool)
    bound = options.max_abs_growth_pct

    def label(i: int) -> str:
        r = tgt.iloc[i]
        return tr(
            f"{r['indicator']} of {r['region_id']} for {r['year']}",
            f"{r['region_id']} {r['year']}年的 {r['indicator']}",
        )

    idx = np.flatnonzero(is_value & (target < 0))
    rep(
        idx,
        "target",
        [
            tr(
                f"the target {_num(target[i])} of {label(i)} is negative; an annual total "
                "cannot be below 0: check the sign, or give a growth target as kind growth_pct",
                f"{label(i)} 的目标为负数 {_num(target[i])}；年度总量目标不可能小于 0：请核对"
                "符号，增速目标请填 kind = growth_pct",
            )
            for i in idx
        ],
        tr("with a negative target", "目标为负数"),
    )
    idx = np.flatnonzero(is_value & (target == 0))
    rep(
        idx,
        "target",
        [
            tr(
                f"target is 0 for {label(i)}: the share of target cannot be computed; give "
                "the annual target, or delete the row if there is none",
                f"{label(i)} 的 target 为 0：无法计算目标完成率；请填写年度目标，没有目标则删除"
                "该行",
            )
            for i in idx
        ],
        tr("with a target of 0", "目标为 0"),
    )
    bad = is_growth & ((target < -100) | ((np.abs(target) > bound) & ~lumpy))
    idx = np.flatnonzero(bad)
    rep(
        idx,
        "target",
        [
            tr(
                f"the growth target {_num(target[i])}% of {label(i)} is beyond ±{_num(bound)}% "
                "(or below -100%): probably a level written as kind growth_pct",
                f"{label(i)} 的增速目标 {_num(target[i])}% 超出 ±{_num(bound)}%（或低于 -100%）："
                "可能把总量目标写成了 kind = growth_pct",
            )
            for i in idx
        ],
        tr("with an implausible growth target", "增速目标不合理"),
    )


def _target_unit_slips(
    ind: pd.DataFrame, tgt: pd.DataFrame, rep: _Reporter, where: Callable[[str], str]
) -> None:
    """A value target JUMP_FACTOR away from every level of its year is in the wrong unit.

    The year's levels are pro-rated to a year (amounts: value x 12/month; counts are
    stocks, taken as they are) and the median ratio to the target is used, so a single
    slipped level (found by :func:`check_jumps`) does not blame the target.
    """
    if tgt.empty or "value" not in ind.columns:
        return
    levels = ind.loc[
        ind["value"].notna() & (ind["value"] > 0) & (ind["rate_kind"] == "cumulative")
    ].dropna(subset=["region_id", "indicator", "year", "month"])
    if levels.empty:
        return
    amount = levels["indicator"].map(lambda c: c in INDICATORS and INDICATORS[c].kind == "amount")
    annual = np.where(
        amount.fillna(False).astype(bool),
        levels["value"] * 12 / levels["month"].astype(float),
        levels["value"],
    )
    levels = levels.assign(annual=annual)
    t = _value_targets(tgt).reset_index()
    m = t.merge(levels[["region_id", "indicator", "year", "annual", "unit", "_row"]],
                on=["region_id", "indicator", "year"], suffixes=("", "_level"))  # fmt: skip
    if m.empty:
        return
    m["log_ratio"] = np.log10(m["annual"] / m["target"])
    med = m.groupby("index").agg(
        log_ratio=("log_ratio", "median"), unit=("unit", "first"), rows=("_row_level", "min")
    )
    off = med.loc[med["log_ratio"].abs() > math.log10(JUMP_FACTOR)]
    positions = [tgt.index.get_loc(i) for i in off.index]
    msgs = []
    for i, label in zip(positions, off.index, strict=True):
        r = tgt.iloc[i]
        factor = 10 ** off.at[label, "log_ratio"]
        unit = off.at[label, "unit"]
        msgs.append(
            tr(
                f"the target {_num(r['target'])} {unit} of {r['indicator']} of {r['region_id']} "
                f"for {r['year']} is {1 / factor:,.4g} times what its levels in "
                f"{where('indicators')} (from row {int(off.at[label, 'rows'])}) come to over a "
                "year; the target or the levels probably have the wrong unit (万元 vs 亿元): "
                "give the unit in the unit column or the header",
                f"{r['region_id']} 的 {r['indicator']} {r['year']}年目标 {_num(r['target'])} {unit}"
                f" 是 {where('indicators')}（自第 {int(off.at[label, 'rows'])} 行起）全年水平的 "
                f"{1 / factor:,.4g} 倍；目标或数值的单位可能有误（万元与亿元）：请在 unit 列或表头"
                "注明单位",
            )
        )
    rep(positions, "target", msgs, tr("with a target in the wrong unit", "目标单位可能有误"))


def _years_without_targets(
    ind: pd.DataFrame, tgt: pd.DataFrame, parser: TableParser, where: Callable[[str], str]
) -> None:
    """Warn: a unit with targets in earlier years has levels for a year without targets."""
    if tgt.empty or ind.empty:
        return
    have = tgt.dropna(subset=["region_id", "year"]).groupby("region_id")["year"].agg(set)
    levels = ind.loc[ind["value"].notna()].dropna(subset=["region_id", "year"])
    firsts = levels.groupby(["region_id", "year"])["_row"].agg(["min", "max"])
    for (region, year), rows in firsts.iterrows():
        years = have.get(region)
        if not years or year in years or year < min(years):
            continue
        known = ", ".join(str(y) for y in sorted(years))
        parser.report.add(
            tr(
                f"{region} has levels for {year} (rows {rows['min']}-{rows['max']}) but no "
                f"targets for {year} in {where('targets')} (it has targets for {known}): the "
                f"share of target and the schedule cannot be shown for {year}; add the targets",
                f"{region} 有 {year} 年的数值（第 {rows['min']}-{rows['max']} 行），但 "
                f"{where('targets')} 中没有 {year} 年的目标（已有 {known} 年）：{year} 年无法显示"
                "目标完成率和时序进度；请补充目标",
            ),
            row=int(rows["min"]),
            column=parser.display.get("year", "year"),
            value=str(year),
            severity="warning",
        )


def check_jumps(
    frame: pd.DataFrame,
    parser: TableParser,
    options: CheckOptions | None = None,
    flagged: set[tuple[str, int, str]] | None = None,
) -> None:
    """Unit slips: a value more than JUMP_FACTOR times its neighbour (or 1/JUMP_FACTOR).

    The neighbours of cum(year, m) are the previous period of the same year, cum(year,
    m-1 or earlier), the same period a year before, cum(year-1, m), and the row's own
    comparable base; a factor of 1000 between those is almost always a 万元 value among
    亿元 values (or the reverse) whose unit was not declared. (December to the next 1-2月
    is no neighbour: the cumulative series restarts every year and lumpy indicators
    legitimately fall a lot.) An error unless checked or accepted (see the module).
    """
    if frame.empty or not {"region_id", "indicator", "value"} <= parser.present:
        return
    rep = _Reporter(frame, parser, options or CheckOptions(), set() if flagged is None else flagged)
    key = ["region_id", "indicator", "rate_kind", "year", "month"]
    d = frame.loc[frame["value"].notna() & (frame["value"] != 0), [*key, "value", "base", "unit"]]
    d = d.assign(_pos=np.arange(len(frame))[frame.index.get_indexer(d.index)])
    d = d.assign(_row=frame["_row"].loc[d.index])
    d = d.loc[d[key].notna().all(axis=1)].drop_duplicates(key)
    if d.empty:
        return
    d = d.sort_values(key, kind="mergesort").reset_index(drop=True)
    within = d.groupby(["region_id", "indicator", "rate_kind", "year"], sort=False)
    before = pd.DataFrame({c: within[c].shift() for c in ("value", "year", "month", "_row")})
    year_ago = d.assign(year=d["year"] + 1)[[*key, "value", "_row"]]
    last_year = d[key].merge(year_ago, on=key, how="left").set_index(d.index)
    last_year["year"] = d["year"] - 1
    positions: list[int] = []
    messages: list[str] = []
    seen: set[int] = set()
    for other in (before, last_year):
        ratio = (d["value"] / other["value"]).abs()
        jump = ((ratio > JUMP_FACTOR) | (ratio < 1 / JUMP_FACTOR)).to_numpy(dtype=bool)
        for i in np.flatnonzero(jump):
            r, p = d.iloc[i], other.iloc[i]
            if int(r["_pos"]) in seen:
                continue
            seen.add(int(r["_pos"]))
            positions.append(int(r["_pos"]))
            messages.append(
                tr(
                    f"{r['indicator']} of {r['region_id']} jumps from {_num(p['value'])} "
                    f"{r['unit']} in {int(p['year'])}-{int(p['month']):02d} (row "
                    f"{int(p['_row'])}) to {_num(r['value'])} {r['unit']} in {int(r['year'])}-"
                    f"{int(r['month']):02d} (row {int(r['_row'])}), a factor of "
                    f"{ratio.iloc[i]:,.4g}; one of the two rows probably has the wrong unit "
                    "(万元 vs 亿元): give the unit in the unit column or the header",
                    f"{r['region_id']} 的 {r['indicator']} 从 {int(p['year'])}-"
                    f"{int(p['month']):02d}（第 {int(p['_row'])} 行）的 {_num(p['value'])} "
                    f"{r['unit']} 跳到 {int(r['year'])}-{int(r['month']):02d}（第 "
                    f"{int(r['_row'])} 行）的 {_num(r['value'])} {r['unit']}，相差 "
                    f"{ratio.iloc[i]:,.4g} 倍；两行中可能有一行单位有误（万元与亿元）：请在 "
                    "unit 列或表头注明单位",
                )
            )
    base = d["base"].where(d["base"] != 0)
    ratio = (d["value"] / base).abs()
    jump = ((ratio > JUMP_FACTOR) | (ratio < 1 / JUMP_FACTOR)).to_numpy(dtype=bool)
    for i in np.flatnonzero(jump):
        r = d.iloc[i]
        if int(r["_pos"]) in seen:
            continue
        seen.add(int(r["_pos"]))
        positions.append(int(r["_pos"]))
        messages.append(
            tr(
                f"{_label(r)}: the value {_num(r['value'])} {r['unit']} is {ratio.iloc[i]:,.4g} "
                f"times its comparable base {_num(r['base'])} {r['unit']} on the same row; one "
                "of the two has the wrong unit (万元 vs 亿元): give the unit in the unit column "
                "or the header",
                f"{_zh_label(r)}：数值 {_num(r['value'])} {r['unit']} 是同一行可比基数 "
                f"{_num(r['base'])} {r['unit']} 的 {ratio.iloc[i]:,.4g} 倍；两者之一单位有误"
                "（万元与亿元）：请在 unit 列或表头注明单位",
            )
        )
    rep(
        positions,
        "value",
        messages,
        tr("jumping by a factor of more than 1000", "跳变超过 1000 倍"),
    )

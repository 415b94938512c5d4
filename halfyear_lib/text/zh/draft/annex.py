"""附表: the headline indicators as a table after the signature.

The cells are those of page 01's headline table (text/zh/indicators.py
``headline_table``, the one presentation of it), made from ``results.json``
``indicators``: the same rounding and the same "—" for a missing value. Each cell
keeps the ``results.json`` path of its value, for the trace.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ....data.schema import INDICATORS
from ...numbers import PLACEHOLDER, number
from ..indicators import headline_table
from .core import BAD_INPUT, Sentence, Writer, lookup

# the headline indicators, in page 01's order
ANNEX_INDICATORS = (
    "output",
    "value_added",
    "industrial_investment",
    "tech_investment",
    "hitech_value_added",
)
_LABEL = "本期"  # the period in page 01's column name (not shown: the annex names its own)

# annex column, page 01's column (unit and scope filled in), results.json field
COLUMNS = (
    ("指标", "指标", None),
    ("累计完成（亿元）", _LABEL + "累计({unit})", "value"),
    ("同比增长（%）", "同比增长(%)", "yoy_pct"),
    ("年度目标（亿元）", "年度目标({unit})", "target"),
    ("完成目标（%）", "完成目标(%)", "target_share_pct"),
    ("较时序进度（百分点）", "进度差(百分点)", "schedule_gap_pp"),
    ("{scope}排名", "{scope}排名", "rank_city"),
)
_NUMBER_FIELDS = (
    "value", "yoy_pct", "month_yoy_pct", "target", "target_growth_pct", "target_share_pct",
    "time_progress_pct", "schedule_gap_pp", "shortfall", "rank_city", "rank_city_of",
    "rank_counties", "rank_counties_of",
)  # fmt: skip
_TEXT_FIELDS = ("yoy_source", "rank_city_source", "rank_counties_source")


@dataclass(frozen=True)
class AnnexCell:
    """One cell: the printed ``text``, and the ``results.json`` path and raw value it
    comes from (None for a label)."""

    text: str
    path: str | None = None
    value: Any = None


@dataclass
class Annex:
    """附表：<period>主要工业经济指标完成情况: a title and rows of cells under ``columns``."""

    title: Sentence
    columns: list[str]
    rows: list[list[AnnexCell]] = field(default_factory=list)


def headline_frame(results: dict) -> pd.DataFrame:
    """Page 01's headline table's tidy data (chapters/indicators.py ``headline_data``)
    rebuilt from ``results.json`` ``indicators``: one row per indicator present; a value
    that is not a finite number reads as missing."""
    indicators = results.get("indicators")
    rows = []
    for code in ANNEX_INDICATORS:
        entry = indicators.get(code) if isinstance(indicators, dict) else None
        if not isinstance(entry, dict):
            continue
        row: dict[str, Any] = {"indicator": code, "unit": INDICATORS[code].unit}
        row |= {k: number(entry.get(k)) for k in _NUMBER_FIELDS}
        row |= {k: entry.get(k) if isinstance(entry.get(k), str) else None for k in _TEXT_FIELDS}
        row["ahead_of_schedule"] = None if row["shortfall"] is None else -row["shortfall"]
        rows.append(row)
    return pd.DataFrame(rows)


def rank_scope_word(results: dict) -> str:
    """全市 (or 全省 ...) as page 01 names its rank column: the first indicator's scope."""
    indicators = results.get("indicators")
    for code in ANNEX_INDICATORS:
        entry = indicators.get(code) if isinstance(indicators, dict) else None
        scope = entry.get("rank_city_scope") if isinstance(entry, dict) else None
        if isinstance(scope, str) and scope.strip() and len(scope) <= 10:
            return scope.strip()
    return "全市"


def annex_title(results: dict) -> Sentence:
    w = Writer(results).t("附表：")
    w.opt(lambda w: w.name("period_label"))
    w.t("主要工业经济指标完成情况")
    return Sentence("".join(w.parts), list(w.slots))


def annex_table(results: dict) -> Annex | None:
    """The annex from ``results.json``, or None when no headline indicator is there."""
    try:
        data = headline_frame(results)
        if data.empty:
            return None
        scope = rank_scope_word(results)
        shown = headline_table(data, _LABEL, scope)
    except BAD_INPUT:
        return None
    annex = Annex(annex_title(results), [c.format(scope=scope) for c, _, _ in COLUMNS])
    for i, code in enumerate(data["indicator"]):
        row = []
        for _, page_column, source in COLUMNS:
            name = page_column.format(unit=INDICATORS[code].unit, scope=scope)
            # a column page 01 leaves out (no target anywhere, no rank): every cell "—"
            text = str(shown.at[i, name]) if name in shown.columns else PLACEHOLDER
            if source is None:
                row.append(AnnexCell(text))
                continue
            path = f"indicators.{code}.{source}"
            try:
                value = lookup(results, path)
            except BAD_INPUT:
                value = None
            row.append(AnnexCell(text, path, value))
        annex.rows.append(row)
    return annex

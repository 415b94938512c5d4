"""Section 一（二）: the projections of the year (or the half-year nowcast)."""

from __future__ import annotations

from ...numbers import format_fixed
from .core import (
    Section,
    Sentence,
    Writer,
    flagged,
    paragraph,
    write,
)


def forecast_section(results: dict, whole: str) -> Section:
    """The half-year nowcast (before June) or the full-year projection, with intervals and
    the chance of meeting the target."""
    sec = Section("经济指标预测", 2)
    fc = results.get("forecast") or {}
    if fc.get("complete"):
        sec.paragraphs.append([flagged("全年数据已完整，无需预测")])
        return sec
    nowcast = fc.get("nowcast") or {}
    full = fc.get("full_year") or {}
    codes = [c for c in fc.get("indicators") or [] if c in nowcast or c in full]
    if not codes:
        sec.paragraphs.append([flagged("本期没有可用的预测结果")])
        return sec
    for code in codes:
        par = []
        if code in nowcast:
            par.append(projection_sentence(results, code, "nowcast", whole))
        if code in full:
            par.append(
                projection_sentence(results, code, "full_year", whole, label=code not in nowcast)
            )
            par.append(target_chance_sentence(results, code))
        par = paragraph(*par)
        if par:
            sec.paragraphs.append(par)
    return sec


def projection_sentence(
    results: dict, code: str, kind: str, whole: str, label: bool = True
) -> Sentence | None:
    b = f"forecast.{kind}.{code}"
    when = "上半年" if kind == "nowcast" else "全年"

    def interval(w: Writer) -> None:
        """（百分之八十的可能区间为a亿至b亿元 — left open for the backtest's error."""
        if w.has(f"{b}.value"):
            w.t("（百分之八十的可能区间为").amount(f"{b}.lo80").t("亿至")
            w.amount(f"{b}.hi80").t("亿元")
        else:
            w.t("（百分之八十的可能区间为增速").pct(f"{b}.yoy_lo80").t("%至")
            w.pct(f"{b}.yoy_hi80").t("%")

    def error(w: Writer, first: bool) -> None:
        # the one backtest error quoted anywhere: the choosing tested on held-out years
        # (page 04 says the same), never the in-sample error of the method picked after
        suffix = "_nowcast" if kind == "nowcast" else ""
        path = f"forecast.selection{suffix}.{code}.mae_pp"
        w.number(path)
        w.t("（" if first else "，").t("以往年份回测的平均误差为")
        w.pct(path).t("个百分点")

    def build(w: Writer) -> None:
        if label:
            w.name(f"labels.indicators.{code}").t("：")
        w.t("预计" + when)
        if w.has(f"{b}.value"):
            w.t(whole + "累计完成").amount(f"{b}.value").t("亿元，")
        w.t("同比").growth(f"{b}.yoy_pct")
        has_interval = w.opt(interval)
        has_error = w.opt(lambda w: error(w, first=not has_interval))
        if has_interval or has_error:
            w.t("）")

    return write(results, build)


def target_chance_sentence(results: dict, code: str) -> Sentence | None:
    """完成年度目标（x）的可能性约为x%; near-certain odds (printed 0% or 100%) in words."""
    b = f"forecast.full_year.{code}"

    def target(w: Writer) -> None:
        if w.value(f"{b}.target_kind") == "growth_pct":
            w.t("年度增长目标（")
            if not w.opt(lambda w: w.pct(f"{b}.target_growth_pct")):
                w.pct(f"indicators.{code}.target_growth_pct")
            w.t("%")
            w.opt(lambda w: w.t("，约").amount(f"{b}.target_amount").t("亿元"))
            w.t("）")
        else:
            w.t("年度目标（").amount(f"{b}.target_value").t("亿元）")

    def build(w: Writer) -> None:
        p = w.number(f"{b}.p_meet_target")
        printed = format_fixed(p * 100, 0)
        if printed == "100":
            w.t("预计可以完成")
            target(w)
        elif printed == "0":
            w.t("按当前趋势完成")
            target(w)
            w.t("的可能性很小")
        else:
            w.t("完成")
            target(w)
            w.t("的可能性约为").prob(f"{b}.p_meet_target").t("%")

    return write(results, build)

"""Section 一（二）: the projections of the year (or the half-year nowcast), in the words a
county bureau writes them, then one note on the method and its backtest record.

    预计全年规上工业总产值在189亿—198亿元之间，最可能在193亿元左右，同比增长20%左右；
    完成年度目标（170亿元）把握较大（依据12次回测，最多可说约九成）。
    注：预测采用季节朴素法、季节性ARIMA模型等方法，区间按百分之八十的概率给出；以往3年回测，
    全年增速预测平均误差在0.9—3.7个百分点之间；规上工业总产值的区间在回测中偏窄，仅供参考。

Rounding for speech (the trace keeps the raw value: each slot holds the unrounded number):

* 亿元: whole from 100 (192.91 -> 193), one decimal below 100 (43.73 -> 43.7); an interval's
  bounds take the decimals of its central value, one more when both would print alike;
* growth: whole percent (19.56% -> 20%), "基本持平" when that is 0; a growth interval whole
  percent, one decimal when both bounds would print alike;
* a target as it was set: whole when whole (170.0 -> 170), else as given (48.5);
* the backtest error in the note: one decimal, as page 04 prints it.

The chance of meeting the target is said in words by the bands of ``CHANCE_BANDS``, of the
probability the backtest can support (:func:`..forecast.stated_probability`): from n checks
no more than n/(n+1) and no less than 1/(n+1), said so when that bound is what is stated.
"""

from __future__ import annotations

from ...numbers import format_fixed
from ..forecast import (
    FEW_CHECKS,
    interval_check,
    method_short,
    stated_probability,
)
from .core import (
    Missing,
    Section,
    Sentence,
    Writer,
    flagged,
    lookup,
    paragraph,
    write,
)

CHANCE_BANDS = (
    # (lowest probability of the band, words before the target, words after it)
    (0.90, "完成", "把握较大"),
    (0.70, "有较大可能完成", ""),
    (0.40, "完成", "存在一定不确定性"),
    (0.00, "完成", "难度较大"),
)
"""The chance of meeting the annual target in words: at least 90% 把握较大; 70-90% 有较大
可能; 40-70% 存在一定不确定性 (the middle: could go either way); below 40% 难度较大."""

TENTHS = "零一二三四五六七八九十"  # 0.9 -> 九成


def chance_band(q: float) -> tuple[str, str]:
    """(words before the target, words after it) for a probability ``q`` 0..1."""
    for floor, before, after in CHANCE_BANDS:
        if q >= floor:
            return before, after
    return CHANCE_BANDS[-1][1:]


def tenths_word(q: float) -> str:
    """At most ``q`` in 成 (tenths), rounded down: 12/13 = 0.923 -> "九成"."""
    return TENTHS[max(0, min(10, int(q * 10 + 1e-9)))] + "成"


def spoken_decimals(value: float) -> int:
    """亿元 as said aloud: whole from 100, one decimal below."""
    return 0 if abs(value) >= 100 else 1


def _fixed(w: Writer, path: str, decimals: int, absolute: bool = False) -> Writer:
    # rounded for speech: an approximate slot (the slot keeps the raw value)
    return w.spoken(path, decimals, absolute=absolute)


def _apart(lo: float, hi: float, decimals: int) -> int:
    """Decimals that keep two bounds apart: one more when both would print alike."""
    if format_fixed(lo, decimals) == format_fixed(hi, decimals):
        return decimals + 1
    return decimals


# ---------------------------------------------------------------------------- section


def forecast_section(results: dict, whole: str = "") -> Section:
    """The half-year nowcast (before June) or the full-year projection, each with its
    likely range and the chance of meeting the target, then the note on the method.
    (``whole``, the 全县 word of the other sections, is not needed: the indicator's
    name says what is projected.)"""
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
            par.append(projection_sentence(results, code, "nowcast"))
        if code in full:
            par.append(projection_sentence(results, code, "full_year", label=code not in nowcast))
        par = paragraph(*par)
        if par:
            sec.paragraphs.append(par)
    note = paragraph(method_note(results, codes))
    if note and sec.paragraphs:
        sec.paragraphs.append(note)
    return sec


def projection_sentence(results: dict, code: str, kind: str, label: bool = True) -> Sentence | None:
    """预计全年规上工业总产值在a亿—b亿元之间，最可能在c亿元左右，同比增长g%左右；
    完成年度目标（t亿元）把握较大 (the target part for the full year only)."""
    b = f"forecast.{kind}.{code}"
    when = "上半年" if kind == "nowcast" else "全年"

    def build(w: Writer) -> None:
        w.t("预计" + when)
        if label:
            w.name(f"labels.indicators.{code}")
        if w.has(f"{b}.value") and not _growth_only(w, b):
            amount_words(w, b)
            w.opt(lambda w: growth_words(w.t("，同比"), f"{b}.yoy_pct"))
        else:
            growth_range_words(w, b)
        if kind == "full_year":
            w.opt(lambda w: chance_words(w.t("；"), code))

    return write(results, build)


def _growth_only(w: Writer, b: str) -> bool:
    return w.has(f"{b}.growth_only") and bool(w.value(f"{b}.growth_only"))


def amount_words(w: Writer, b: str) -> None:
    """在a亿—b亿元之间，最可能在c亿元左右 (c亿元左右 without an interval)."""
    value = w.number(f"{b}.value")
    d = spoken_decimals(value)

    def interval(w: Writer) -> None:
        lo, hi = w.number(f"{b}.lo80"), w.number(f"{b}.hi80")
        dd = _apart(lo, hi, d)
        w.t("在")
        _fixed(w, f"{b}.lo80", dd).t("亿—")
        _fixed(w, f"{b}.hi80", dd).t("亿元之间，最可能在")

    w.opt(interval)
    _fixed(w, f"{b}.value", d).t("亿元左右")


def growth_words(w: Writer, path: str) -> Writer:
    """增长20%左右 / 下降3%左右 / 基本持平 (whole percent)."""
    v = w.number(path)
    if format_fixed(abs(v), 0) == "0":
        return w.t("基本持平")
    w.signed(path, "增长", "下降", "持平", fmt=lambda x: format_fixed(x, 0), approximate=True)
    return w.t("左右")


def growth_range_words(w: Writer, b: str) -> None:
    """A growth-only projection: 同比增长a%—b%，最可能增长g%左右 (whole percent)."""

    def interval(w: Writer) -> None:
        lo, hi = w.number(f"{b}.yoy_lo80"), w.number(f"{b}.yoy_hi80")
        d = _apart(lo, hi, 0)
        lo_t, hi_t = format_fixed(lo, d), format_fixed(hi, d)
        if float(lo_t) >= 0:
            w.t("同比增长")
            _fixed(w, f"{b}.yoy_lo80", d).t("%—")
            _fixed(w, f"{b}.yoy_hi80", d).t("%")
        elif float(hi_t) <= 0:
            w.t("同比下降")
            _fixed(w, f"{b}.yoy_hi80", d, absolute=True).t("%—")
            _fixed(w, f"{b}.yoy_lo80", d, absolute=True).t("%")
        else:
            w.t("同比在下降")
            _fixed(w, f"{b}.yoy_lo80", d, absolute=True).t("%至增长")
            _fixed(w, f"{b}.yoy_hi80", d).t("%之间")
        w.t("，最可能")

    if not w.opt(interval):
        w.t("同比")
    growth_words(w, f"{b}.yoy_pct")


def has_amount_target(results: dict, code: str) -> bool:
    """The indicator has an amount target of its own (``indicators.<code>.target``): the
    growth target's amount (约43.7亿元) is then not printed, so the draft never shows two
    target amounts for one indicator (43.0 of the annex and 43.7)."""
    v = (results.get("indicators") or {}).get(code, {}).get("target")
    return isinstance(v, int | float) and not isinstance(v, bool)


def target_words(w: Writer, code: str) -> None:
    """年度目标（170亿元） / 年度增长目标（8%，约43.7亿元）: the target the odds are of."""
    b = f"forecast.full_year.{code}"
    if w.value(f"{b}.target_kind") == "growth_pct":
        w.t("年度增长目标（")
        if not w.opt(lambda w: w.number_text(f"{b}.target_growth_pct")):
            w.number_text(f"indicators.{code}.target_growth_pct")
        w.t("%")

        def amount(w: Writer) -> None:
            if has_amount_target(w.results, code):
                raise Missing("an amount target too: one amount per indicator")
            d = spoken_decimals(w.number(f"{b}.target_amount"))
            _fixed(w.t("，约"), f"{b}.target_amount", d).t("亿元")

        w.opt(amount)
        w.t("）")
    else:
        w.t("年度目标（").number_text(f"{b}.target_value").t("亿元）")


def chance_words(w: Writer, code: str) -> None:
    """完成年度目标（…）把握较大, by the band of the probability the backtest supports,
    with （依据n次回测，最多可说约九成） when that bound, not the estimate, is stated."""
    b = f"forecast.full_year.{code}"
    p = w.number(f"{b}.p_meet_target")
    check = interval_check(w.results.get("forecast") or {}, code)
    n = check.n if check is not None else None
    q, bound = stated_probability(p, n)
    before, after = chance_band(q)
    w.t(before)
    target_words(w, code)
    w.t(after)
    if check is None or n is None:
        return
    n_path = f"{check.path}.n_interval"
    if bound > 0:
        w.t("（依据").count(n_path).t("次回测，最多可说约" + tenths_word(q) + "）")
    elif bound < 0:
        w.t("（依据").count(n_path).t("次回测，尚不能排除完成的可能）")
    elif n < FEW_CHECKS:
        w.t("（仅依据").count(n_path).t("次回测）")


# ---------------------------------------------------------------------------- the note


def _range(w: Writer, paths: list[str], decimals: int, unit: str, about: bool = True) -> None:
    """约x<unit> when all print alike, else 在a—b<unit>之间 (the smallest and the largest);
    without ``about``: x<unit> / a—b<unit>."""
    values = sorted((w.number(p), p) for p in paths)
    (lo, lo_path), (hi, hi_path) = values[0], values[-1]
    if format_fixed(lo, decimals) == format_fixed(hi, decimals):
        _fixed(w.t("约" if about else ""), lo_path, decimals).t(unit)
    else:
        _fixed(w.t("在" if about else ""), lo_path, decimals).t("—")
        _fixed(w, hi_path, decimals).t(unit + ("之间" if about else ""))


def method_note(results: dict, codes: list[str]) -> Sentence | None:
    """注：预测采用…等方法，区间按百分之八十的概率给出；以往n年回测，全年增速预测平均误差约
    x个百分点；<indicators>的区间在回测中偏窄，仅供参考。"""
    fc = results.get("forecast") or {}
    kinds = [k for k in ("full_year", "nowcast") if any(c in (fc.get(k) or {}) for c in codes)]
    if not kinds:
        return None
    kind = kinds[0]  # the full year when there is one
    entries = fc.get(kind) or {}
    chosen = fc.get("chosen" if kind == "full_year" else "chosen_nowcast") or {}
    methods = [entries[c].get("model") or chosen.get(c) for c in codes if c in entries]
    names = list(dict.fromkeys(method_short(str(m)) for m in methods if m))
    sel = "selection" if kind == "full_year" else "selection_nowcast"
    what = "全年增速预测" if kind == "full_year" else "上半年增速预测"

    def selected(field: str) -> list[str]:
        out = []
        for c in codes:
            path = f"forecast.{sel}.{c}.{field}"
            try:
                lookup(results, path)
            except Missing:
                continue
            out.append(path)
        return out

    checks = {c: interval_check(fc, c, kind) for c in codes if c in entries}
    narrow = [c for c, k in checks.items() if k is not None and (k.poor or k.widened_unchecked)]
    few = [c for c, k in checks.items() if k is not None and k.few and c not in narrow]

    def build(w: Writer) -> None:
        # one method is named alone (采用增速不变法); several close with 等方法
        w.t("注：预测采用" + "、".join(names) + ("等方法" if len(names) > 1 else ""))
        if any(_ok_interval(e) for e in entries.values()):
            w.t("，区间按百分之八十的概率给出")
        w.opt(record)
        for group, words in ((narrow, "的区间在回测中偏窄"), (few, "的区间回测次数较少")):
            if group:
                w.opt(lambda w, group=group, words=words: rough(w, group, words))

    def record(w: Writer) -> None:
        maes, years = selected("mae_pp"), selected("years")
        if not maes:
            raise Missing(f"forecast.{sel}")
        w.t("；以往")
        if years:
            _range(w, years, 0, "年", about=False)
        else:
            w.t("年份")
        _range(w.t("回测，" + what + "平均误差"), maes, 1, "个百分点")

    def rough(w: Writer, group: list[str], words: str) -> None:
        for i, c in enumerate(group):
            w.t("、" if i else "；").name(f"labels.indicators.{c}")
        w.t(words + "，仅供参考")

    if not names:
        return None
    return write(results, build)


def _ok_interval(e: dict) -> bool:
    return isinstance(e, dict) and e.get("yoy_lo80") is not None

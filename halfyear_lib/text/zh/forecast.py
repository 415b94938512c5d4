"""What the 04_forecast page says, from the ``forecast`` entry of the results.

Each function takes the ``forecast`` mapping (as ``forecast_report(...).to_results()``
gives it) and returns Markdown or a display table; nothing here computes a statistic.
Labels, model names and notes come from the library or the data and are escaped
(:func:`pages.md_escape` in Markdown, the Styler's HTML escaping in tables). A part the
data cannot support (no target, no levels, a history too short to backtest, December)
gets a sentence saying so instead of an empty cell or a printed ``None``.

Formats: amounts in 亿元 with two decimals, growth in % with one decimal, backtest errors
in percentage points of cumulative growth with two decimals; probabilities and interval
coverages are fractions 0..1 in the results and percents on the page.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from ...data.language import tr
from ...data.periods import Period
from ...data.schema import INDICATORS
from ..entries import insert_after
from ..numbers import (
    PLACEHOLDER,
    format_number,
    format_value,
    is_missing,
    rounded_sign,
    table_rows,
)
from .indicators import EMPTY_CELLS, md_escape

FORECAST_INDICATORS = ("output", "value_added", "industrial_investment", "tech_investment")
"""The indicators the forecast covers; one missing from the results gets a sentence."""

DEFAULT_UNIT = "亿元"  # the unit of an indicator the results give none for

RULE = "rule"
BASELINES = ("rule", "snaive", "shares")


# ---------------------------------------------------------------- methods and notes
# results.json is a Chinese document whatever the message language: the method names and
# notes it carries are worded here in Chinese (an English page words its own sentences)

METHOD_LABELS = {
    "rule": "增速保持不变（分析员惯用做法）",
    "snaive": "季节朴素法（去年同月×近三个月增速）",
    "shares": "月度占比法（近三年月度占比）",
    "drift": "同期增速变化法（往年同期增速变化）",
    "ets": "指数平滑模型",
    "damped": "指数平滑模型（阻尼趋势）",
    "ses": "指数平滑模型（无趋势）",
    "airline": "季节性ARIMA模型",
    "theta": "Theta法",
    # short enough for the backtest chart's axis; a fit's model_label names the members
    # ("组合预测（季节性ARIMA模型、指数平滑模型、Theta法按近期误差加权平均）")
    "comb": "组合预测（三种模型按误差加权）",
    "median": "组合预测（三种模型取中位数）",
}
"""Each method's name in Chinese statistical terms (results.json ``label`` / ``model_label``,
page 04, the notes); the English codes stay in the results' ``model`` fields only."""

METHOD_SHORT = {
    "rule": "增速不变法",
    "snaive": "季节朴素法",
    "shares": "月度占比法",
    "drift": "同期增速变化法",
    "ets": "指数平滑模型",
    "damped": "指数平滑模型",
    "ses": "简单指数平滑",
    "airline": "季节性ARIMA模型",
    "theta": "Theta法",
    "comb": "组合预测",
    "median": "组合预测",
}
"""The short names a sentence lists ("预测采用季节朴素法、季节性ARIMA模型等方法")."""

# a combination's members in the order the names are listed
_MEMBER_ORDER = ("airline", "ets", "damped", "ses", "theta")


def method_label(method: str) -> str:
    """The name of a projection method ("airline" -> "季节性ARIMA模型"); the code if unknown."""
    return METHOD_LABELS.get(method, method)


def method_short(method: str) -> str:
    """The short name ("snaive" -> "季节朴素法"); the full label if there is none."""
    return METHOD_SHORT.get(method) or method_label(method)


# the engine's description of a fit (forecast/models.py), read into plain Chinese: the
# codes (ETS(A,Ad,A), SARIMA(0,1,1)(0,1,1)[11]) are not shown to a reader
_TREND_ZH = {"N": "无趋势", "A": "线性趋势", "Ad": "阻尼趋势"}
_SEASON_ZH = {"N": "无季节项", "A": "含季节项"}
_SCALE_ZH = {"logs": "对数", "levels": "原值"}
_THETA_ZH = {
    "non-seasonal": "无季节调整",
    "seasonally adjusted, multiplicative": "乘法季节调整",
    "seasonally adjusted, additive": "加法季节调整",
    "seasonally adjusted": "季节调整",
}


def _members(names: str) -> str | None:
    codes = [c.strip() for c in names.split(",") if c.strip()]
    if not codes or any(c not in METHOD_SHORT for c in codes):
        return None
    order = sorted(codes, key=lambda c: _MEMBER_ORDER.index(c) if c in _MEMBER_ORDER else 99)
    return "、".join(dict.fromkeys(method_short(c) for c in order))


def spec_text(spec: str) -> str:
    """The engine's description of a fit in plain Chinese, without its codes:
    "ETS(A,Ad,A) on logs" -> "阻尼趋势、含季节项，对数"; "SARIMA(0,1,1)(0,1,1)[11] on logs"
    -> "对数"; "equal-weight mean of ets, airline" -> "季节性ARIMA模型、指数平滑模型等权平均";
    "" for a description it does not know (a code is never passed through)."""
    spec = (spec or "").strip()
    m = re.fullmatch(r"ETS\(A,(N|A|Ad),(N|A)\) on (logs|levels)", spec)
    if m:
        return f"{_TREND_ZH[m.group(1)]}、{_SEASON_ZH[m.group(2)]}，{_SCALE_ZH[m.group(3)]}"
    m = re.fullmatch(r"ETS\(A,(N|A|Ad),N\) \((.*?)\) on (logs|levels)", spec)
    if m and m.group(2) in _THETA_ZH:
        return f"{_TREND_ZH[m.group(1)]}、{_THETA_ZH[m.group(2)]}，{_SCALE_ZH[m.group(3)]}"
    m = re.fullmatch(r"SARIMA\(0,1,1\)\(0,1,1\)\[\d+\] on (logs|levels)", spec)
    if m:
        return _SCALE_ZH[m.group(1)]
    m = re.fullmatch(r"Theta \((.*?)\) on (logs|levels)", spec)
    if m and m.group(1) in _THETA_ZH:
        return f"{_THETA_ZH[m.group(1)]}，{_SCALE_ZH[m.group(2)]}"
    m = re.fullmatch(r"(equal-weight mean|median) of (.*)", spec)
    if m and _members(m.group(2)):
        how = "等权平均" if m.group(1) == "equal-weight mean" else "取中位数"
        return _members(m.group(2)) + how
    m = re.fullmatch(r"weighted mean of (.*)", spec)
    if m:
        parts = [p.strip().rsplit(" ", 1) for p in m.group(1).split(",")]
        if all(len(p) == 2 and p[0] in METHOD_SHORT for p in parts):
            order = sorted(
                parts, key=lambda p: _MEMBER_ORDER.index(p[0]) if p[0] in _MEMBER_ORDER else 99
            )
            named = "、".join(f"{method_short(c)}{float(w):.0%}" for c, w in order)
            return f"按各模型近期滚动预测误差加权：{named}"
    return ""


# why the engine dropped a fit
_REASON_ZH = (
    (r"^did not converge$", lambda m: "未收敛"),
    (r"^returned NaN or inf$", lambda m: "结果无效（非数值或无穷大）"),
    (r"^forecast leaves the range of the history$", lambda m: "预测超出历史范围"),
    (
        r"^implies (\S+) a year, outside the history's (\S+) to (\S+)$",
        lambda m: f"隐含年增长{m.group(1)}，超出历史的{m.group(2)}至{m.group(3)}",
    ),
    (r"^implies growth far outside the history$", lambda m: "隐含增长远超历史范围"),
    (
        r"^too short for a seasonal model \((\d+) points, needs (\d+)\)$",
        lambda m: f"数据太短，不足以拟合季节模型（{m.group(1)}个点，需要{m.group(2)}个）",
    ),
    (r"^fit failed: (.*)$", lambda m: f"拟合失败：{m.group(1)}"),
    (r"^warned: (.*)$", lambda m: f"拟合告警：{m.group(1)}"),
    (r"^no ETS spec could be fitted$", lambda m: "指数平滑模型的各种形式均未能拟合"),
    (r"^needs a seasonal period \(period > 1\)$", lambda m: "需要季节周期"),
    (r"^needs two seasons and three points$", lambda m: "数据不足两个完整年度加三个月"),
    (r"^the series is not seasonal$", lambda m: "序列无明显季节性"),
    (r"^too short \(fewer than 4 points\)$", lambda m: "数据太短（不足4个点）"),
)


def reason_text(reason: str) -> str:
    """Why the engine dropped a fit, in Chinese (as the engine says it when unknown)."""
    for pattern, repl in _REASON_ZH:
        if re.match(pattern, reason):
            return re.sub(pattern, repl, reason)
    return reason


def model_label(method: str, spec: str | None) -> str:
    """The method and its fit in Chinese statistical terms: "季节性ARIMA模型（对数）",
    "指数平滑模型（阻尼趋势、含季节项，对数）", "组合预测（季节性ARIMA模型、指数平滑模型、
    Theta法等权平均）"; the method's name alone when the fit is not described."""
    detail = spec_text(spec or "")
    if method in ("comb", "median") and detail:
        return f"{METHOD_SHORT[method]}（{detail}）"
    return method_label(method) + (f"（{detail}）" if detail else "")


def note_text(note: dict) -> str:
    """One note of the projections (``forecast.report.Note.to_results()``) in Chinese."""
    code, v = note.get("code"), note
    ind = note.get("indicator")
    label = INDICATORS[ind].label if ind in INDICATORS else str(ind)
    if code == "no_data":
        return f"{label}：{Period.parse(v['period']).full_label}无数据，不作预测"
    if code == "growth_only":
        return (
            f"{label}：只有增速、没有总量，只能按增速预测（增速不变与往年同期增速变化两种做法），"
            "无法给出总量、每月所需完成额和完成总量目标的概率"
        )
    if code == "short_history":
        return f"{label}：历史数据不足{v['min_years']}个完整年度，不使用统计模型，只用基准做法"
    if code == "no_backtest":
        return f"{label}：没有可回测的往年数据，采用增速不变的做法，无法给出区间"
    if code == "widened_to_limit":
        return (
            f"{label}：区间已按回测加宽到上限（{v['factor']:g}倍），回测中仍偏窄，"
            "说明这个指标很难预测"
        )
    if code == "dropped":
        return (
            f"{label}：{method_label(v['model'])}在{v['fits']}次拟合中有{v['n']}次被舍弃"
            f"（{reason_text(v['reason'])}）"
        )
    if code == "fallback":
        return f"{label}：本期{method_short(v['chosen'])}未能拟合，改用{method_label(v['used'])}"
    raise ValueError(f"unknown forecast note {code!r}")


def worded_results(fc: dict) -> dict:
    """``ForecastReport.to_results()`` with its words, as results.json holds it: each
    backtest row's ``label``, each projection's ``model_label`` (after ``model``, in place
    of the engine's ``model_spec``) and the ``notes`` as sentences."""
    out = dict(fc)
    for key in ("backtest", "backtest_nowcast"):
        out[key] = {
            code: {m: {**row, "label": method_label(m)} for m, row in table.items()}
            for code, table in (fc.get(key) or {}).items()
        }
    for key in ("nowcast", "full_year"):
        entries = {}
        for code, e in (fc.get(key) or {}).items():
            e = dict(e)
            spec = e.pop("model_spec", None)
            entries[code] = insert_after(e, "model", {"model_label": model_label(e["model"], spec)})
        out[key] = entries
    out["notes"] = [note_text(n) for n in fc.get("notes") or []]
    return out


# ---------------------------------------------------------------- number formats


def _ok(x) -> bool:
    """A number the page may print (not None, NaN, pd.NA or inf)."""
    return not is_missing(x)


def _num(x, digits: int, signed: bool = False) -> str:
    return format_number(x, digits, signed=signed)


def _unit(fc: dict, code: str) -> str:
    unit = (fc.get("units") or {}).get(code) or "亿元"
    if unit == "亿元":
        return tr("100m yuan", "亿元")
    return md_escape(unit)


def _plain_unit(fc: dict, code: str) -> str:
    """The unit for a table header (the table escapes HTML itself)."""
    unit = (fc.get("units") or {}).get(code) or "亿元"
    return tr("100m yuan", "亿元") if unit == "亿元" else str(unit)


_YUAN_100M = ("亿元", "100m yuan")


def _amount_number(unit: str):
    """How an amount of ``unit`` (as shown: 亿元 or its English) is written: the one rule."""
    return lambda x: format_value(x, "亿元" if unit in _YUAN_100M else unit)


def _amount(x, unit: str) -> str:
    """ "123.5亿元", "9.11亿元": an amount in 亿元 by the one rule (format_amount)."""
    text = _amount_number(unit)(x)
    return tr(f"{text} {unit}", f"{text}{unit}")


def _grow(x) -> str:
    """ "增长8.2%" / "下降2.0%" / "持平": the word follows the sign of the rounded number."""
    side = rounded_sign(x)
    if not side:  # 0, or missing (callers check first)
        return tr("flat", "持平")
    size = _num(abs(x), 1)
    if side > 0:
        return tr(f"up {size}%", f"增长{size}%")
    return tr(f"down {size}%", f"下降{size}%")


def _pct(x) -> str:
    """A growth rate in a range: "-2.0%", "8.2%"."""
    return f"{_num(x, 1)}%"


def probability(p) -> str:
    """A probability 0..1 as the page says it: "约35%", "不到1%", "超过99%", "—"."""
    if not _ok(p):
        return PLACEHOLDER
    if p < 0.01:
        return tr("under 1%", "不到1%")
    if p > 0.99:
        return tr("over 99%", "超过99%")
    return tr(f"about {_num(p * 100, 0)}%", f"约{_num(p * 100, 0)}%")


def coverage(c) -> str:
    """Interval coverage 0..1 as a percent with one decimal ("83.3"), "—" when unknown."""
    return PLACEHOLDER if not _ok(c) else _num(c * 100, 1)


def coverage_cell(m: dict, level: int) -> str:
    """Coverage of the intervals the page shows (calibrated), with the model's own raw
    coverage beside it when they differ: "81.0（原始57.1）"."""
    cal, raw = m.get(f"coverage{level}_calibrated"), m.get(f"coverage{level}")
    if not _ok(cal):
        return coverage(raw)
    text = coverage(cal)
    if _ok(raw) and coverage(raw) != text:
        text += tr(f" (raw {coverage(raw)})", f"（原始{coverage(raw)}）")
    return text


# ---------------------------------------------------------------- trust in an interval

NOMINAL_80 = 0.80  # the level of the interval every sentence quotes
POOR_COVERAGE_SE = 2.0
"""An 80% interval is poor when its backtest coverage lies more than this many binomial
standard errors, sqrt(0.8 x 0.2 / n), below 0.80: with n = 12 checks, below 56.9%; with
n = 18, below 61.1%. A smaller shortfall is what chance gives in so few checks."""
FEW_CHECKS = 10  # fewer backtest checks of an interval than this: its coverage says little


@dataclass(frozen=True)
class IntervalCheck:
    """What the backtest says of the 80% interval a projection shows.

    ``coverage`` is the share of backtest outcomes inside the interval as shown (the
    calibrated coverage, or the raw one when the interval was not widened), None when the
    shown interval was widened but the widened one could not be checked on held-out years
    (``widened_unchecked``; ``raw`` is then the method's own coverage, the reason it was
    widened); ``n`` the backtest cases with an interval (``n_interval``, not ``n``: the first
    years have no errors before them to build a baseline's interval from); ``path`` the
    results.json entry of the method (forecast.<backtest>.<code>.<method>).
    """

    path: str
    n: int | None
    coverage: float | None
    raw: float | None
    widened_unchecked: bool

    @property
    def few(self) -> bool:
        return self.n is not None and self.n < FEW_CHECKS

    @property
    def poor(self) -> bool:
        """Clearly below the nominal 80% (see POOR_COVERAGE_SE)."""
        if self.coverage is None or not self.n:
            return False
        se = math.sqrt(NOMINAL_80 * (1 - NOMINAL_80) / self.n)
        return self.coverage < NOMINAL_80 - POOR_COVERAGE_SE * se

    @property
    def rough(self) -> bool:
        """The interval is only a rough guide ("区间仅供参考")."""
        return self.poor or self.widened_unchecked or self.few


def interval_check(fc: dict, code: str, kind: str = "full_year") -> IntervalCheck | None:
    """The backtest's record of the interval of ``forecast.<kind>.<code>`` (kind full_year
    or nowcast); None without a projection with an interval or a backtest of its method."""
    e = (fc.get(kind) or {}).get(code) or {}
    if not _ok(e.get("yoy_lo80")):
        return None
    table = "backtest" if kind == "full_year" else "backtest_nowcast"
    method = e.get("model") or ""
    m = ((fc.get(table) or {}).get(code) or {}).get(method)
    if not m:
        return None
    n = m.get("n_interval")
    n = int(n) if _ok(n) else None
    raw, cal = m.get("coverage80"), m.get("coverage80_calibrated")
    raw = float(raw) if _ok(raw) else None
    factor = ((e.get("calibration") or {}).get("80")) or 1.0
    widened = _ok(factor) and factor > 1.0 + 1e-9
    if _ok(cal):
        shown, unchecked = float(cal), False
    elif widened:
        shown, unchecked = None, raw is not None
    else:
        shown, unchecked = raw, False
    return IntervalCheck(f"forecast.{table}.{code}.{method}", n, shown, raw, unchecked)


def probability_bounds(n: int | None) -> tuple[float, float]:
    """The most and the least a probability from ``n`` backtest checks may claim:
    [1 / (n + 1), n / (n + 1)]. Why: in n checks an event of chance below 1 / (n + 1) is
    expected less than once, so its absence in the record cannot show the chance is lower
    (12 checks: at most 12/13 = 92%, "约九成"). Unbounded (0, 1) when n is unknown."""
    if not n or n < 1:
        return 0.0, 1.0
    return 1 / (n + 1), n / (n + 1)


def stated_probability(p: float, n: int | None) -> tuple[float, int]:
    """(the probability a sentence may state, -1/0/+1 when it was raised/kept/lowered to
    the bounds of ``probability_bounds(n)``)."""
    lo, hi = probability_bounds(n)
    if p > hi:
        return hi, 1
    if p < lo:
        return lo, -1
    return p, 0


def _label(fc: dict, code: str, escape: bool = True) -> str:
    label = (fc.get("labels") or {}).get(code)
    if not label:
        label = INDICATORS[code].label if code in INDICATORS else code
    return md_escape(label) if escape else str(label)


def _year(fc: dict) -> str:
    """ "2021年" ("2021"), or "今年" ("this year") when the results do not say."""
    year = fc.get("year") or str(fc.get("origin") or "")[:4]
    if not str(year).isdigit():
        return tr("this year", "今年")
    return tr(f"{year}", f"{year}年")


def _origin(fc: dict) -> str:
    """ "1-6月" escaped, or "本期" ("this period")."""
    label = fc.get("origin_label")
    return md_escape(label) if label else tr("this period", "本期")


def _join(items: list[str]) -> str:
    return tr(", ", "、").join(items)


def _formula(text: str) -> str:
    return f"\n\n*{tr('How it is computed: ', '计算方法：')}{text}*"


def _range(lo, hi, fmt_one) -> str | None:
    if not (_ok(lo) and _ok(hi)):
        return None
    return f"{fmt_one(lo)}～{fmt_one(hi)}"


# ---------------------------------------------------------------- title and intro


def forecast_title(region_name: str, period) -> str:
    return tr(
        f"# {md_escape(region_name)}: projections after {period.full_label}",
        f"# {md_escape(region_name)}{period.full_label}主要指标预测",
    )


def intro_text(fc: dict) -> str:
    """How to read an interval, and from which month the projection starts."""
    origin, year = _origin(fc), _year(fc)
    if fc.get("complete"):
        return tr(
            "In the backtest, the 80% interval is the one that held the actual result in about "
            "eight projections out of ten in past years; the 95% interval, nineteen out of twenty.",
            "回测表中，80%区间指在过去年份的预测中约十次有八次包含实际值的区间，95%区间约二十次"
            "有十九次。",
        )
    text = tr(
        f"The projections start from {origin} {year}: they use the data up to {origin} and "
        "nothing later; the months after it are projected. ",
        f"预测的起点是{year}{origin}：只用截至{origin}的数据，之后各月由模型推算。",
    )
    text += tr(
        "How to read an interval: an 80% interval should hold the actual result about eight "
        "times out of ten, a 95% one about nineteen out of twenty. The intervals come from "
        "simulating the remaining months, each month's spread first scaled to the model's own "
        "errors in re-forecasting the latest months, and are checked on this county's past years (the "
        "same method at the same point of each past year), widened where they proved too "
        "narrow; each indicator states the coverage the backtest measured. A wide interval "
        "means the number is uncertain, not that the model is broken. ",
        "怎样读区间：80%区间的意思是，实际值大约十次中有八次落在区间之内，95%区间约二十次中"
        "有十九次；区间来自模型对剩余各月的模拟（各月的离散程度先按模型重新预测最近几个月的实际"
        "误差逐月校准），并用本县过去几年的回测检验（用同样的方法在"
        "过去同一时点作预测），偏窄的按回测加宽，每个指标都写明回测中的实际覆盖率。区间宽，"
        "说明这个数本身难以预料，而不是模型出了错。",
    )
    text += tr(
        "For each indicator the method used is the one with the smallest error in that "
        "backtest; the error table (section 4) sets it beside the analyst's usual rule "
        "(year-to-date growth holds for the rest of the year).",
        "每个指标采用的方法是回测中误差最小的那一个；回测误差表（第四节）把它与分析员惯用"
        "的做法（今年以来的增速在剩余月份保持不变）并列。",
    )
    return text


def complete_text(fc: dict) -> str:
    """December: the year is known, nothing is projected."""
    if not fc.get("complete"):
        return ""
    year = _year(fc)
    return tr(
        f"The data of the whole of {year} are in: there is nothing left to project. "
        "Only the backtest errors are shown below, as a guide to next year's projections.",
        f"{year}全年数据已出，没有需要预测的月份，本页不作预测；下面只列出各方法的回测误差，"
        "供明年预测参考。",
    )


# ---------------------------------------------------------------- projections


def _absent_lines(fc: dict, part: str) -> list[str]:
    """Sentences for the forecast indicators without data or without a projection."""
    have = list(fc.get("indicators") or [])
    entries = fc.get(part) or {}
    lines = []
    absent = [c for c in FORECAST_INDICATORS if c not in have]
    if absent:
        names = _join([_label(fc, c) for c in absent])
        lines.append(
            tr(
                f"- {names}: no data for this unit, not projected.",
                f"- {names}没有数据，未作预测。",
            )
        )
    unprojected = [c for c in have if c not in entries]
    if unprojected:
        names = _join([_label(fc, c) for c in unprojected])
        lines.append(
            tr(
                f"- {names}: the data are too short or too broken to project (see the notes).",
                f"- {names}数据不足，未能预测（原因见说明）。",
            )
        )
    return lines


def _interval_words(e: dict, unit: str) -> str:
    """ "80%区间118.00～129.00亿元，增速3.1%～13.0%；95%区间…" for an entry (amount and
    growth for an indicator with levels, growth alone for a growth-only one)."""
    parts = []
    for level in ("80", "95"):
        amount = None
        if not e.get("growth_only"):
            amount = _range(e.get(f"lo{level}"), e.get(f"hi{level}"), _amount_number(unit))
        growth = _range(e.get(f"yoy_lo{level}"), e.get(f"yoy_hi{level}"), _pct)
        if amount is not None:
            words = tr(f"{amount} {unit}", f"{amount}{unit}")
            if growth is not None:
                words += tr(f", growth {growth}", f"，增速{growth}")
        elif growth is not None:
            words = tr(f"growth {growth}", f"增速{growth}")
        else:
            continue
        parts.append(tr(f"{level}% interval {words}", f"{level}%区间{words}"))
    if not parts:
        return tr(
            "no interval: too few past errors to measure one",
            "往年回测误差太少，无法给出区间",
        )
    return tr("; ", "；").join(parts)


def _observed_words(fc: dict, e: dict, unit: str) -> str:
    origin = _origin(fc)
    value, yoy = e.get("observed_value"), e.get("observed_yoy_pct")
    if _ok(value) and _ok(yoy):
        return tr(
            f"{origin}: {_amount(value, unit)}, {_grow(yoy)}",
            f"{origin}已完成{_amount(value, unit)}，{_grow(yoy)}",
        )
    if _ok(yoy):
        return tr(f"{origin}: {_grow(yoy)}", f"{origin}{_grow(yoy)}")
    if _ok(value):
        return tr(f"{origin}: {_amount(value, unit)}", f"{origin}已完成{_amount(value, unit)}")
    return tr(f"{origin}: no data", f"{origin}无数据")


def _model_words(e: dict) -> str:
    label = e.get("model_label") or e.get("model")
    return md_escape(label) if label else tr("unknown", "未注明")


def _expected_words(
    e: dict, unit: str, zh_span: str, en_before: str = "", en_after: str = ""
) -> str:
    """ "预计上半年完成x亿元，增长y%"; growth only "预计上半年增长y%"; "未能预测" without a rate."""
    yoy, value = e.get("yoy_pct"), e.get("value")
    if e.get("growth_only") or not _ok(value):
        if not _ok(yoy):
            return tr("no projection", "未能预测")
        return tr(f"{en_before}expected {_grow(yoy)}{en_after}", f"预计{zh_span}{_grow(yoy)}")
    rate_en = f", {_grow(yoy)}" if _ok(yoy) else ""
    rate_zh = f"，{_grow(yoy)}" if _ok(yoy) else ""
    return tr(
        f"{en_before}expected to reach {_amount(value, unit)}{en_after}{rate_en}",
        f"预计{zh_span}完成{_amount(value, unit)}{rate_zh}",
    )


def nowcast_text(fc: dict) -> str:
    """Before June: the half-year (1-6月) projection of each indicator, one line each."""
    if fc.get("complete") or (fc.get("month") or 0) >= 6:
        return tr(
            "The half-year data are in; no half-year projection is needed.",
            "上半年数据已出，不再预计上半年。",
        )
    entries = fc.get("nowcast") or {}
    lines = []
    for code in fc.get("indicators") or []:
        e = entries.get(code)
        if e is None:
            continue
        unit, label = _unit(fc, code), _label(fc, code)
        what = _expected_words(e, unit, "上半年", en_after=" in the first half")
        text = tr(
            f"- {label}: {what} ({_interval_words(e, unit)}); {_observed_words(fc, e, unit)}.",
            f"- {label}：{what}（{_interval_words(e, unit)}）；{_observed_words(fc, e, unit)}。",
        )
        if e.get("growth_only"):
            text += tr(
                " Growth rates only, no levels: the half-year amount cannot be projected.",
                "只有增速、没有累计值，无法预计上半年完成额。",
            )
        lines.append(text + tr(f" Method: {_model_words(e)}.", f"采用：{_model_words(e)}。"))
    lines += _absent_lines(fc, "nowcast")
    if not lines:
        return tr("No half-year projection could be made.", "未能预计上半年。")
    return "\n".join(lines)


def _target_words(e: dict, unit: str) -> str | None:
    """ "260.00亿元" / "增长8.0%" / "260.00亿元（增长8.0%）"; None without a target."""
    value, growth = e.get("target_value"), e.get("target_growth_pct")
    if _ok(value) and not e.get("growth_only"):
        words = _amount(value, unit)
        if _ok(growth):
            words += tr(f" ({_grow(growth)})", f"（{_grow(growth)}）")
        return words
    if _ok(growth):
        return _grow(growth)
    return None


def chart_target_label(fc: dict, code: str) -> str:
    """The fan chart's legend for its target: the one the odds measure, named when the
    unit has two ("年度目标（增长8.0%）")."""
    e = (fc.get("full_year") or {}).get(code) or {}
    kind = ((fc.get("path") or {}).get(code) or {}).get("target_kind")
    both = _ok(e.get("target_value")) and _ok(e.get("target_growth_pct"))
    if both and kind == "growth_pct":
        return tr(
            f"annual target ({_grow(e['target_growth_pct'])})",
            f"年度目标（{_grow(e['target_growth_pct'])}）",
        )
    return tr("annual target", "年度目标")


def _needed_words(fc: dict, e: dict, unit: str) -> str:
    """What the rest of the year needs to meet the target, or that it is met already."""
    months = e.get("months_left")
    monthly, rest = e.get("monthly_needed"), e.get("rest_of_year_growth_pct")
    if not _ok(months):
        rest = None  # "后…个月" needs the number of months
    if _ok(monthly) and monthly <= 0:
        return tr(
            "the amount done so far already meets the annual target",
            "按已完成数已达到年度目标",
        )
    parts = []
    months = _num(months, 0)
    if _ok(rest) and rounded_sign(rest) < 0:
        # the target is within reach even if the rest of the year falls
        head = tr(
            f"the target is met even if the remaining {months} months are {_grow(rest)} "
            "on last year",
            f"即使后{months}个月比上年同期{_grow(rest)}，也能完成目标",
        )
        if _ok(monthly) and not e.get("growth_only"):
            head += tr(f" ({_amount(monthly, unit)} a month)", f"（每月{_amount(monthly, unit)}）")
        return head
    if _ok(rest):
        same = rounded_sign(rest) == 0
        parts.append(
            tr(
                f"the remaining {months} months need to be {_grow(rest)} on last year",
                f"后{months}个月需与上年同期持平"
                if same
                else f"后{months}个月需比上年同期{_grow(rest)}",
            )
        )
    if _ok(monthly) and not e.get("growth_only"):
        parts.append(tr(f"{_amount(monthly, unit)} a month", f"每月需完成{_amount(monthly, unit)}"))
    if not parts:
        return tr(
            "the pace the remaining months need cannot be computed",
            "无法测算剩余月份需要的进度",
        )
    return _meet_words(e, unit) + tr(", ", "，").join(parts)


def _meet_words(e: dict, unit: str) -> str:
    """ "要完成目标，", naming the target where the unit has two (targets.py: the growth
    target's amount is the one the odds and the pace are measured against)."""
    both = _ok(e.get("target_value")) and _ok(e.get("target_growth_pct"))
    if both and e.get("target_kind") == "growth_pct":
        amount = e.get("target_amount")
        if _ok(amount) and not e.get("growth_only"):
            return tr(
                f"to meet the growth target ({_grow(e['target_growth_pct'])}, about "
                f"{_amount(amount, unit)}), ",
                f"要完成增速目标（{_grow(e['target_growth_pct'])}，约{_amount(amount, unit)}），",
            )
        return tr("to meet the growth target, ", "要完成增速目标，")
    if both:
        return tr("to meet the amount target, ", "要完成总量目标，")
    return tr("to meet it, ", "要完成目标，")


def stated_percent(p: float, n: int | None) -> str:
    """A probability as the backtest of ``n`` checks lets it be stated (the draft's rule,
    :func:`stated_probability`): "约52%", or "92%以上" / "8%以下" at the bounds."""
    q, bound = stated_probability(p, n)
    if bound > 0:
        return tr(f"{_num(q * 100, 0)}% or more", f"{_num(q * 100, 0)}%以上")
    if bound < 0:
        return tr(f"{_num(q * 100, 0)}% or less", f"{_num(q * 100, 0)}%以下")
    return probability(q)


def _probability_words(e: dict, unit: str, n: int | None = None) -> str:
    """完成目标的概率约52%; at the bounds n checks allow, 92%以上（依据12次回测）: the
    probability the draft states too."""
    p = e.get("p_meet_target")
    if not _ok(p):
        return tr(
            "the probability of meeting it cannot be computed",
            "无法计算完成目标的概率",
        )
    text = tr(
        f"probability of meeting it {stated_percent(p, n)}",
        f"完成目标的概率{stated_percent(p, n)}",
    )
    if stated_probability(p, n)[1]:
        text += tr(f" (from {n} backtest checks)", f"（依据{n}次回测）")
    # both kinds of target: say which one p_meet_target is, and the other one too
    pv, pg = e.get("p_meet_value_target"), e.get("p_meet_growth_target")
    if _ok(pv) and _ok(pg) and _ok(e.get("target_growth_pct")) and not e.get("growth_only"):
        if e.get("target_kind") == "growth_pct":
            text += tr(
                f" (for the growth target; {stated_percent(pv, n)} for the amount)",
                f"（按增速目标；完成总量目标的概率{stated_percent(pv, n)}）",
            )
        else:
            text += tr(
                f" (for the amount; {stated_percent(pg, n)} for the growth target)",
                f"（按总量目标；完成增速目标的概率{stated_percent(pg, n)}）",
            )
    return text


def _checks(fc: dict, code: str) -> int | None:
    check = interval_check(fc, code)
    return check.n if check is not None else None


def _measured_coverage(fc: dict, code: str, e: dict, kind: str = "full_year") -> str:
    """How often the interval as shown held in the backtest, over the cases that had one
    (``n_interval``), and whether it is only a rough guide (:class:`IntervalCheck`)."""
    check = interval_check(fc, code, kind)
    if check is None or check.n is None:
        return ""
    n = check.n
    if check.widened_unchecked:
        return tr(
            f"; in the backtest the method's own 80% interval held in only "
            f"{coverage(check.raw)}% of {n} cases, so it is widened; the widened interval "
            "could not be checked on held-out years: a rough guide only",
            f"；回测中该方法原有的80%区间实际覆盖率仅{coverage(check.raw)}%（{n}次），"
            "已按回测加宽，加宽后的区间未能另行检验，仅供参考",
        )
    if check.coverage is None:
        return ""
    text = tr(
        f"; in the backtest its 80% interval held in {coverage(check.coverage)}% of {n} cases",
        f"；回测中其80%区间的实际覆盖率为{coverage(check.coverage)}%（{n}次）",
    )
    if check.poor:
        text += tr(
            ", clearly below 80%: a rough guide only",
            "，明显低于80%，区间仅供参考",
        )
    elif check.few:
        text += tr(", too few cases to judge it", "，次数太少，难以判断")
    return text


def full_year_text(fc: dict) -> str:
    """One line per indicator: the projected year, the interval, the chance of meeting
    the target and what the remaining months need; a sentence for what is missing."""
    if fc.get("complete"):
        return complete_text(fc)
    entries = fc.get("full_year") or {}
    year = _year(fc)
    lines = []
    for code in fc.get("indicators") or []:
        e = entries.get(code)
        if e is None:
            continue
        unit, label = _unit(fc, code), _label(fc, code)
        what = _expected_words(e, unit, year, en_before=f"{year} ")
        text = tr(
            f"- {label}: {what} ({_interval_words(e, unit)})",
            f"- {label}：{what}（{_interval_words(e, unit)}）",
        )
        target = _target_words(e, unit)
        if target is None:
            text += tr(
                ". There is no annual target: no probability of meeting it, no required pace",
                "。缺少年度目标，不计算完成目标的概率和剩余月份需要的进度",
            )
        else:
            text += tr(
                f". Annual target {target}: {_probability_words(e, unit, _checks(fc, code))}; "
                f"{_needed_words(fc, e, unit)}",
                f"。年度目标{target}，{_probability_words(e, unit, _checks(fc, code))}；"
                f"{_needed_words(fc, e, unit)}",
            )
        if e.get("growth_only"):
            text += tr(
                ". Growth rates only, no levels: only the growth can be projected, not the "
                "amount of the year nor the amount each month needs",
                "。只有增速、没有累计值：只能预测增速，无法预测全年完成额和每月需完成额",
            )
        text += tr(f". Method: {_model_words(e)}", f"。采用：{_model_words(e)}")
        text += _measured_coverage(fc, code, e) + tr(".", "。")
        lines.append(text)
    projected = bool(lines)
    lines += _absent_lines(fc, "full_year")
    if not projected:
        return "\n".join([tr("No full-year projection could be made.", "未能作全年预测。")] + lines)
    return "\n".join(lines) + _formula(
        tr(
            "full year = done so far + projected remaining months; the interval is that of the "
            "sum over the remaining months (their errors are correlated), widened where the "
            "backtest found it too narrow; probability = share of simulated years "
            "at or above the target; monthly amount needed = (target − done) ÷ months left",
            "全年预计 = 已完成 + 剩余各月预测之和；区间是剩余各月合计的区间（各月误差相关），"
            "回测中偏窄的按回测加宽；完成目标的概率 = 模拟的全年结果中达到目标的比例；"
            "每月需完成 = (年度目标 − 已完成) ÷ 剩余月份",
        )
    )


def full_year_table(data: pd.DataFrame, fc: dict) -> pd.DataFrame:
    """The full-year projection table, one row per projected indicator (empty in December),
    from the tidy data (chapters/forecast.py ``full_year_data``: the ``full_year`` entries,
    one row per indicator); ``fc`` gives the origin's label and the indicators' names."""
    if fc.get("complete"):
        return pd.DataFrame()
    origin = str(fc.get("origin_label") or tr("so far", "本期"))
    rows = []
    for e in [vars(r) for r in table_rows(data)]:
        code = e["indicator"]
        unit = _plain_unit(fc, code)
        growth_only = bool(e.get("growth_only"))
        intervals = {}
        for level in ("80", "95"):
            if growth_only:
                cell = _range(e.get(f"yoy_lo{level}"), e.get(f"yoy_hi{level}"), _pct)
                cell = None if cell is None else tr(f"growth {cell}", f"增长{cell}")
            else:
                cell = _range(e.get(f"lo{level}"), e.get(f"hi{level}"), _amount_number(unit))
            intervals[tr(f"{level}% interval", f"{level}%区间")] = cell or "—"
        target = _target_words(e, unit)
        rows.append(
            {
                tr("Indicator", "指标"): _label(fc, code, escape=False),
                tr(f"{origin} done ({unit})", f"{origin}已完成({unit})"): _amount_number(unit)(
                    None if growth_only else e.get("observed_value")
                ),
                tr(f"{origin} growth (%)", f"{origin}增长(%)"): _num(e.get("observed_yoy_pct"), 1),
                tr(f"Full year ({unit})", f"全年预计({unit})"): _amount_number(unit)(
                    None if growth_only else e.get("value")
                ),
                tr("Full-year growth (%)", "全年预计增长(%)"): _num(e.get("yoy_pct"), 1),
                **intervals,
                tr("Annual target", "年度目标"): target or "—",
                tr("Probability of meeting it", "完成目标的概率"): stated_percent(
                    e.get("p_meet_target"), _checks(fc, code)
                )
                if target and _ok(e.get("p_meet_target"))
                else "—",
                tr("Growth needed, rest of year (%)", "剩余月份需增长(%)"): _num(
                    e.get("rest_of_year_growth_pct"), 1
                )
                if target
                else "—",
                tr(f"Needed a month ({unit})", f"每月需完成({unit})"): _amount_number(unit)(
                    None if growth_only else e.get("monthly_needed")
                )
                if target
                else "—",
                tr("Method", "采用方法"): str(e.get("model_label") or e.get("model") or "—"),
            }
        )
    frame = pd.DataFrame(rows)
    target = tr("Annual target", "年度目标")
    if target in frame.columns and all(v in EMPTY_CELLS for v in frame[target]):
        # no target for any indicator: no target columns (the page's notice says why)
        heads = (
            target,
            tr("Probability of meeting it", "完成目标的概率"),
            tr("Growth needed, rest of year (%)", "剩余月份需增长(%)"),
            tr("Needed a month (", "每月需完成("),
        )
        frame = frame.drop(columns=[c for c in frame.columns if str(c).startswith(heads)])
    return frame


# ---------------------------------------------------------------- backtest


def _kind_label(model: str, entry: dict, rule: str) -> str:
    if model == rule:
        return tr("analyst's rule", "分析员惯用做法")
    if entry.get("kind") == "baseline" or model in BASELINES:
        return tr("baseline", "基准方法")
    return tr("model", "统计模型")


def _backtest_parts(fc: dict, which: str) -> tuple[dict, dict]:
    if which == "nowcast":
        return fc.get("backtest_nowcast") or {}, fc.get("chosen_nowcast") or {}
    return fc.get("backtest") or {}, fc.get("chosen") or {}


def backtest_table(data: pd.DataFrame, fc: dict) -> pd.DataFrame:
    """Backtest errors in percentage points of cumulative growth, every method of every
    indicator (smallest error first), the chosen one marked, the analyst's rule labelled,
    from the tidy data (chapters/forecast.py ``backtest_data``: one row per indicator and
    method, full year or nowcast); ``fc`` gives the indicators' order and names.
    """
    rule = fc.get("rule") or RULE
    records = [vars(r) for r in table_rows(data)]
    rows = []
    for code in fc.get("indicators") or []:
        order = sorted(
            (r for r in records if r["indicator"] == code),
            key=lambda m: (not _ok(m.get("mae_pp")), m.get("mae_pp") or 0.0),
        )
        for m in order:
            model = m["method"]
            rows.append(
                {
                    tr("Indicator", "指标"): _label(fc, code, escape=False),
                    tr("Method", "方法"): str(m.get("label") or model),
                    tr("Kind", "类型"): _kind_label(model, m, rule),
                    tr("Mean abs. error (pp)", "平均绝对误差(个百分点)"): _num(m.get("mae_pp"), 2),
                    tr("Bias (pp)", "平均偏差(个百分点)"): _num(m.get("bias_pp"), 2, signed=True),
                    tr("80% coverage (%)", "80%区间覆盖率(%)"): coverage_cell(m, 80),
                    tr("95% coverage (%)", "95%区间覆盖率(%)"): coverage_cell(m, 95),
                    tr("Projections", "回测次数"): _count(m),
                    tr("Chosen", "选用"): tr("✓ chosen", "✓ 选用") if m.get("chosen") else "",
                }
            )
    return pd.DataFrame(rows)


def _count(m: dict) -> str:
    """Number of backtest projections, and how many a stand-in answered: "21（替补1）"."""
    n = m.get("n")
    if not _ok(n):
        return PLACEHOLDER
    stand_in = m.get("n_stand_in") or 0
    return _num(n, 0) + (
        tr(f" ({stand_in} by a stand-in)", f"（其中替补{stand_in}）") if stand_in else ""
    )


def _mae_words(entry: dict) -> str:
    mae = entry.get("mae_pp")
    if not _ok(mae):
        return tr("unknown", "未知")
    return tr(f"{_num(mae, 2)} points", f"{_num(mae, 2)}个百分点")


FEW_CASES = 6  # fewer backtest projections than this: say the error is a rough guide


def _selection_words(fc: dict, code: str, which: str) -> str:
    """The choosing itself tested year by year (chosen on the other years)."""
    key = "selection" if which == "full_year" else "selection_nowcast"
    sel = (fc.get(key) or {}).get(code)
    if not sel or not _ok(sel.get("mae_pp")) or not _ok(sel.get("n")):
        return ""
    # the one backtest error quoted anywhere (the draft too), to 0.1 point as every point
    mae = _num(sel["mae_pp"], 1)
    return tr(
        f". Tested honestly (the method chosen on the other years, scored on each held-out "
        f"year) the choosing has a mean error of {mae} points over {sel.get('n')} cases",
        f"。若每年都只用其他年份选方法、再在这一年检验（避免“事后挑最好”），平均误差为"
        f"{mae}个百分点（{sel.get('n')}次）",
    )


def backtest_text(fc: dict, which: str = "full_year") -> str:
    """How the backtest was made, then one line per indicator: does the chosen method beat
    the analyst's rule, or plainly not; a sentence where there is no backtest."""
    backtest, chosen = _backtest_parts(fc, which)
    rule = fc.get("rule") or RULE
    beats = fc.get("beats_rule" if which == "full_year" else "beats_rule_nowcast")
    years = fc.get("backtest_years") or {}
    if which == "nowcast":
        what = tr("the half-year growth (made after 1-5)", "上半年累计增速（在1-5月时预测）")
    else:
        what = tr(
            "the annual growth (made after 1-6 and each later month)",
            "全年累计增速（在1-6月及以后各月时预测）",
        )
    codes = list(fc.get("indicators") or [])
    if which == "nowcast":  # only the indicators with a half-year projection
        codes = [c for c in codes if c in (fc.get("nowcast") or {}) or c in backtest]
    lines = []
    for code in codes:
        label = _label(fc, code)
        models = backtest.get(code) or {}
        pick = chosen.get(code)
        if not models or pick not in models:
            lines.append(
                tr(
                    f"- {label}: the history is too short for a backtest; the error of the "
                    "projection is unknown.",
                    f"- {label}：历史数据太短，无法回测，预测误差未知。",
                )
            )
            continue
        yrs = years.get(code) or []
        yrs_words = (
            tr(f"; backtest years {_join(map(str, yrs))}", f"；回测年份：{_join(map(str, yrs))}年")
            if yrs
            else ""
        )
        best = models[pick]
        best_label = md_escape(best.get("label") or pick)
        rule_entry = models.get(rule)
        if pick == rule:
            text = tr(
                f"- {label}: no method beat the analyst's rule (mean error "
                f"{_mae_words(best)}); the page uses the rule",
                f"- {label}：回测中没有方法优于分析员惯用做法（平均误差{_mae_words(best)}），"
                "本页采用该做法",
            )
        elif rule_entry is None or not _ok(rule_entry.get("mae_pp")) or not _ok(best.get("mae_pp")):
            text = tr(
                f"- {label}: the chosen {best_label} cannot be compared with the analyst's rule "
                "(no backtest of the rule)",
                f"- {label}：选用的{best_label}无法与分析员惯用做法比较（惯用做法没有回测结果）",
            )
        else:
            if isinstance(beats, dict):
                flag = beats.get(code)
            else:  # no beats_rule_nowcast in the results: compare the two errors shown
                flag = best["mae_pp"] < rule_entry["mae_pp"]
            if flag is True:
                text = tr(
                    f"- {label}: the chosen {best_label} beats the analyst's rule: mean error "
                    f"{_mae_words(best)} against {_mae_words(rule_entry)}",
                    f"- {label}：选用的{best_label}优于分析员惯用做法：平均误差"
                    f"{_mae_words(best)}，惯用做法为{_mae_words(rule_entry)}",
                )
            elif flag is False:
                text = tr(
                    f"- {label}: the chosen {best_label} does not beat the analyst's rule: "
                    f"mean error {_mae_words(best)} against {_mae_words(rule_entry)}",
                    f"- {label}：选用的{best_label}没有优于分析员惯用做法：平均误差"
                    f"{_mae_words(best)}，惯用做法为{_mae_words(rule_entry)}",
                )
            else:
                text = tr(
                    f"- {label}: whether the chosen {best_label} beats the analyst's rule cannot "
                    f"be said (mean error {_mae_words(best)}, the rule {_mae_words(rule_entry)})",
                    f"- {label}：无法判断选用的{best_label}是否优于分析员惯用做法（平均误差"
                    f"{_mae_words(best)}，惯用做法为{_mae_words(rule_entry)}）",
                )
        few = ""
        if isinstance(best.get("n"), int) and best["n"] < FEW_CASES:
            few = tr(
                f"; only {best['n']} backtest projections: the error is a rough guide",
                f"；回测只有{best['n']}次，误差只能作粗略参考",
            )
        lines.append(text + yrs_words + few + _selection_words(fc, code, which) + tr(".", "。"))
    if not lines:
        return tr("No backtest could be made.", "未能回测。")
    head = tr(
        f"Backtest: in each past year the data allow, {what} was projected with only the data "
        "available at the time and compared with the outcome; errors are in percentage points "
        "of growth.",
        f"回测：在数据允许的每个过去年份，只用当时能得到的数据预测{what}，再与实际比较；"
        "误差以增速的百分点计。",
    )
    return (
        head
        + "\n\n"
        + "\n".join(lines)
        + _formula(
            tr(
                "mean absolute error = average of |projected − actual growth|; bias = average of "
                "(projected − actual), positive when projections ran high; coverage = share of "
                "outcomes inside the interval as shown (widened where the backtest found it too "
                "narrow, the factor taken from the other years), raw = the method's own "
                "interval; 80% and 95% are the targets; where a model could not be fitted, the "
                "stand-in that would have been used (the combination, else the analyst's rule) "
                "is scored in its place",
                "平均绝对误差 = |预测增速 − 实际增速| 的平均；平均偏差 = (预测 − 实际) 的平均，"
                "正数表示预测偏高；覆盖率 = 实际值落在页面所示区间内的比例（区间按回测偏窄时加宽，"
                "加宽倍数取自其他年份），“原始”为方法自身区间的覆盖率，应接近80%和95%；"
                "模型在某一时点无法拟合时，按届时实际会采用的替补（组合预测，其次为惯用做法）计分",
            )
        )
    )


# ---------------------------------------------------------------- notes


def notes_text(fc: dict) -> str:
    """The library's notes (dropped fits, short histories, growth-only limits), escaped."""
    notes = [n for n in fc.get("notes") or [] if n]
    if not notes:
        return tr("No notes.", "无。")
    return "\n".join(f"- {md_escape(n)}" for n in notes)


# the label columns of page 04's backtest tables (left-aligned)
BACKTEST_LEFT = ("指标", "方法", "类型")

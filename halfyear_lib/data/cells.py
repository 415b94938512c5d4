"""Parse cells as analysts type them: numbers, percentages, units, months, labels."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd

from . import schema
from .language import tr
from .periods import PeriodError, parse_period_label_kind
from .schema import AMOUNT_UNITS, COUNT_UNITS, INDICATORS, PERCENT_UNITS

NA_TOKENS = frozenset(
    v
    for token in ("", "na", "n/a", "#n/a", "nan", "null", "-", "--", "—", "－", "/")
    for v in (token, token.upper(), token.title(), "NaN")
)
FULLWIDTH = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "．": ".",
        "，": ",",
        "\u2212": "-",  # minus sign
        "－": "-",
        "＋": "+",
        "％": "%",
    }
)
_THOUSANDS = r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?"
BOOL_WORDS = {
    **dict.fromkeys(["true", "1", "是", "yes", "y", "1.0", "√", "t"], True),
    **dict.fromkeys(["false", "0", "否", "no", "n", "0.0", "×", "f"], False),
}
MONTH_RE = (
    r"^(?P<y>\d{4})\s*(?:[-/.年]\s*(?P<m>\d{1,2})\s*(?:月份?)?"
    r"(?:\s*[-/.]\s*\d{1,2}\s*日?)?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?|(?P<m2>\d{2}))$"
)
_JANUARY_RE = re.compile(r"^(?:(?P<year>\d{4})\s*(?:年|[-/.])\s*)?0?1\s*(?:月份?)?$")
_UNIT_ALIASES = {"％": "%", "百分比": "%", "percent": "%", "亿": "亿元", "万": "万元"}
HEADER_UNIT = re.compile(r"^(?P<name>.*?)\s*[(（\[【]\s*(?P<unit>[^()（）\[\]【】]*?)\s*[)）\]】]$")


# ---------------------------------------------------------------- invisible characters

INVISIBLE = re.compile(
    "["
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # C0 and C1 controls but tab, LF, CR; DEL
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    "\u200b-\u200f"  # zero-width space, non-joiner, joiner; left-to-right, right-to-left marks
    "\u202a-\u202e"  # bidi embeddings and overrides
    "\u2060-\u2064\u2066-\u206f"  # word joiner, invisible operators; bidi isolates
    "\ud800-\udfff"  # lone surrogates
    "\ufeff\ufff9-\ufffb"  # a byte-order mark inside text; interlinear annotations
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
    "]"
)
"""Characters removed from every cell: controls, format characters, lone surrogates (the
Unicode categories Cc, Cf and Cs, but tab and line breaks). They are invisible, yet a
right-to-left override reverses a title in Word and HTML and a NUL ends a string in C."""

LINE_BREAKS = re.compile("\r\n|[\t\n\r\u2028\u2029]")
"""Tabs and line breaks (Alt+Enter in Excel, line and paragraph separators): a space."""

_ODD = re.compile(INVISIBLE.pattern[:-1] + "\t\n\r\u2028\u2029]")

_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff")


def has_odd_characters(text: str) -> bool:
    """True when ``text`` holds a character :func:`scrub` removes or replaces.

    ``str.isprintable`` (fast) is true for nearly all text and rules them all out."""
    return not text.isprintable() and _ODD.search(text) is not None


def scrub(text: str) -> tuple[str, str, bool]:
    """(text without INVISIBLE characters and with line breaks as spaces, the characters
    removed in order of first appearance, whether a line break or tab inside the text
    became a space)."""
    removed = "".join(dict.fromkeys(INVISIBLE.findall(text)))
    if removed:
        text = INVISIBLE.sub("", text)
    inner = LINE_BREAKS.search(text.strip()) is not None
    return LINE_BREAKS.sub(" ", text), removed, inner


def describe_characters(chars: str, limit: int = 6) -> str:
    """``U+202E（文字方向控制符）、U+200B（零宽字符）`` for messages (English in en)."""

    def kind(ch: str) -> str:
        if ch == "\x00":
            return tr("NUL", "空字符")
        if ch in _BIDI:
            return tr("text direction control", "文字方向控制符")
        if ch in _ZERO_WIDTH:
            return tr("zero width", "零宽字符")
        if "\ud800" <= ch <= "\udfff":
            return tr("lone surrogate", "孤立的代理项")
        if ch <= "\x9f":
            return tr("control character", "控制字符")
        return tr("format character", "格式字符")

    shown = [f"U+{ord(ch):04X}" + tr(f" ({kind(ch)})", f"（{kind(ch)}）") for ch in chars[:limit]]
    more = len(chars) - limit
    if more > 0:
        shown.append(tr(f"{more} more", f"另有 {more} 种"))
    return tr(", ", "、").join(shown)


def shorten(text: str, keep: int = 20) -> str:
    """The first ``keep`` characters of a long cell and "…", for messages."""
    return text if len(text) <= keep else text[:keep] + "…"


# ---------------------------------------------------------------- units


def is_percent_format(fmt: str | None) -> bool:
    """Whether an Excel number format scales the value by 100 (``0.0%``): a "%" outside
    quotes and not escaped. ``0.0"%"`` or ``0.0\\%`` only print a literal sign after the
    number as it is (12.3 shows "12.3%").

    >>> is_percent_format("0.0%"), is_percent_format('0.0"%"'), is_percent_format("0.0\\%")
    (True, False, False)
    """
    if not fmt:
        return False
    bare = re.sub(r'"[^"]*"', "", str(fmt))  # quoted literal text
    bare = re.sub(r"\\.", "", bare)  # an escaped character
    bare = re.sub(r"\[[^\]]*\]", "", bare)  # [Red], [>=100] ...
    return "%" in bare


def norm_unit(unit: str) -> str:
    u = str(unit).strip().strip("()（）[]【】").strip()
    return _UNIT_ALIASES.get(u.lower(), u)


def _enum_labels() -> dict[frozenset, dict[str, str]]:
    tables = [
        schema.REGION_KINDS,
        schema.ENTERPRISE_ROUTES,
        schema.PROJECT_KINDS,
        schema.PROJECT_CONSTRAINTS,
        schema.NOT_IN_LIBRARY_REASONS,
        schema.TASK_SOURCES,
        schema.TASK_STATUSES,
        schema.TARGET_KINDS,
        schema.RANK_GROUPS,
        schema.RATE_KINDS,
        {code: spec.label for code, spec in INDICATORS.items()},
    ]
    return {frozenset(t): t for t in tables}


ENUM_LABELS = _enum_labels()
"""Chinese labels of the codes of each enum, keyed by the set of codes."""


def enum_aliases(choices: Sequence[str]) -> tuple[dict[str, str], str]:
    """Accepted spellings (lower-cased) -> code, and the list of choices for messages."""
    labels = ENUM_LABELS.get(frozenset(choices), {})
    aliases = {c.lower(): c for c in choices}
    for code, label in labels.items():
        aliases.setdefault(label.lower(), code)
    shown = ", ".join(f"{c} ({labels[c]})" if c in labels else c for c in choices)
    return aliases, shown


def parse_numbers(
    s: pd.Series, *, thousands: bool = True, percent: bool = False, suffix: str = ""
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Parse text to float: (values with NaN for blank/bad, bad mask, had-% mask).

    Plain numbers take the fast path; only cells that do not parse as they stand are
    normalised (full-width digits, U+2212 minus, "%", thousands separators, ``suffix``
    regex such as 年) and parsed again.
    """
    filled = (s != "").to_numpy(dtype=bool)
    values = pd.to_numeric(s.where(filled), errors="coerce").to_numpy(
        dtype=float, na_value=np.nan, copy=True
    )
    had_pct = np.zeros(len(s), dtype=bool)
    retry = filled & ~np.isfinite(values)
    if retry.any():
        t = s[retry].str.translate(FULLWIDTH)
        if suffix:
            t = t.str.replace(suffix, "", regex=True)
        if percent:
            has = t.str.endswith("%")
            t = t.where(~has, t.str[:-1].str.rstrip())
            had_pct[retry] = has.to_numpy(dtype=bool)
        if thousands:
            grouped = t.str.fullmatch(_THOUSANDS)
            t = t.where(~grouped, t.str.replace(",", "", regex=False))
        values[retry] = pd.to_numeric(t.where(t != ""), errors="coerce").to_numpy(
            dtype=float, na_value=np.nan
        )
    bad = filled & ~np.isfinite(values)
    values[bad] = np.nan
    return values, bad, had_pct & ~bad


def lookup(s: pd.Series, table: dict) -> pd.Series:
    """Map cells case-insensitively through ``table`` (keys lower-case), via unique values."""
    return s.map({u: table.get(u.lower()) for u in s.unique()})


def label_parser(
    allow_january: bool,
) -> Callable[[str], tuple[int | None, int | None, str, str]]:
    """A cached parser of period labels: text -> (year, month, error message, kind).

    ``kind`` is "cumulative" (1-6月, 上半年, 2021-06) or "month" (a single month, 6月 or
    2021年6月: 当月 in a release); "" when the label cannot be read.
    """
    cache: dict[str, tuple[int | None, int | None, str, str]] = {}

    def parse(text: str) -> tuple[int | None, int | None, str, str]:
        if text in cache:
            return cache[text]
        try:
            year, month, kind = parse_period_label_kind(text)
            result: tuple[int | None, int | None, str, str] = (year, month, "", kind)
        except PeriodError as exc:
            jan = _JANUARY_RE.match(text.replace(" ", "")) if allow_january else None
            if jan:
                result = (int(jan.group("year")) if jan.group("year") else None, 1, "", "month")
            else:
                msg = str(exc)
                if exc.january:
                    msg += tr(" (use 1-2月, i.e. month 2)", "（请用1-2月，即月份 2）")
                result = (None, None, msg, "")
        cache[text] = result
        return result

    return parse


def unit_factors(category: np.ndarray, units: np.ndarray) -> np.ndarray:
    """Factor to the canonical unit per row; NaN where the unit does not fit the category."""
    pairs = pd.Series(category, dtype=object).astype(str) + "|" + pd.Series(units).astype(str)
    table = {}
    for pair in pairs.unique():
        cat, unit = pair.split("|", 1)
        if cat == "amount":
            table[pair] = AMOUNT_UNITS.get(unit, np.nan)
        elif cat == "count":
            table[pair] = 1.0 if unit in COUNT_UNITS else np.nan
        elif cat == "percent":
            table[pair] = 1.0 if unit in PERCENT_UNITS or unit in ("%", "") else np.nan
        else:
            table[pair] = 1.0
    return pairs.map(table).to_numpy(dtype=float)


def unit_message(unit: str, category: str, code: str) -> str:
    if category == "percent":
        return tr(
            f"unit {unit!r} does not fit: a growth_pct target of {code} is a percentage; "
            "write % or leave the unit empty",
            f"单位 {unit!r} 不适用：{code} 的增速目标（growth_pct）是百分数；请写 % 或不填单位",
        )
    if category == "amount":
        what, allowed = tr("an amount", "金额"), ", ".join(AMOUNT_UNITS)
    else:
        what, allowed = tr("a count", "个数"), ", ".join(sorted(COUNT_UNITS))
    return tr(
        f"unit {unit!r} does not fit {code} ({what}); use one of {allowed}",
        f"单位 {unit!r} 不适用于 {code}（{what}）；请用以下之一：{allowed}",
    )


def column_letter(j: int) -> str:
    letters = ""
    j += 1
    while j:
        j, r = divmod(j - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def convert_units(values: np.ndarray, factor: np.ndarray) -> np.ndarray:
    """values x factor, dividing by the exact power of ten for factors below 1."""
    values = np.asarray(values, dtype=float)
    factor = np.asarray(factor, dtype=float)
    small = factor < 1
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(small, values / np.round(1 / factor), values * factor)

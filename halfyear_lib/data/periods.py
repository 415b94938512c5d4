"""Statistical periods: cumulative Jan..month, with January and February published together.

A period is (year, month) meaning the cumulative months 1..month. Month 1 is not a
period of cumulative statistics: January and February are surveyed together (Spring
Festival), so the first period of a year is 1-2月 (month 2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .language import tr

FIRST_MONTH = 2  # 1-2月 is the first cumulative period of a year

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NAMED = {
    "上半年": 6,
    "全年": 12,
    "前三季度": 9,
    "一季度": 3,
    "第一季度": 3,
    "1季度": 3,
    "前两个月": 2,
    "前二个月": 2,
}
_DASHES = "-—–~～－―至到"
_RANGE = re.compile(
    r"^(?:(?P<year>\d{4})\s*年\s*)?1\s*[" + _DASHES + r"]+\s*(?P<month>\d{1,2})\s*月?份?$"
)
_ISO = re.compile(r"^(?P<year>\d{4})\s*[-/.年]\s*(?P<month>\d{1,2})\s*月?$")
_SINGLE = re.compile(r"^(?:(?P<year>\d{4})\s*年\s*)?(?P<month>\d{1,2})\s*月份?$")
_QUARTERS_TO_MONTH = {1: 3, 2: 6, 3: 9, 4: 12}


class PeriodError(ValueError):
    """A period label or month that is not a cumulative statistical period.

    ``january`` is true when the label or month meant January alone (published with
    February as 1-2月), so callers can add the hint that fits their input.
    """

    def __init__(self, message: str, january: bool = False) -> None:
        super().__init__(message)
        self.january = january


@dataclass(frozen=True, order=True)
class Period:
    """Cumulative period Jan..month of a year."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1900 <= self.year <= 2200:
            raise PeriodError(
                tr(f"year {self.year} is out of range", f"年份 {self.year} 超出范围（1900-2200）")
            )
        if self.month == 1:
            raise PeriodError(
                tr(
                    "month 1 is not a period: January is published together with February "
                    "as 1-2月, use month 2",
                    "月份 1 不是统计期间：1月与2月合并发布为1-2月，请用月份 2",
                ),
                january=True,
            )
        if not FIRST_MONTH <= self.month <= 12:
            raise PeriodError(
                tr(
                    f"month {self.month} is not between 2 and 12",
                    f"月份 {self.month} 不在 2 到 12 之间",
                )
            )

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse "2021-06" (or "2021年1-6月", "2021年上半年") into a Period."""
        year, month = parse_period_label(str(text))
        if year is None:
            raise PeriodError(
                tr(
                    f"period {text!r} has no year; write it as YYYY-MM, e.g. 2021-06",
                    f"期间 {text!r} 没有年份；请写成 YYYY-MM，如 2021-06",
                )
            )
        return cls(year, month)

    @property
    def label(self) -> str:
        """Chinese cumulative label: 1-2月, 1-6月, ..."""
        return f"1-{self.month}月"

    @property
    def iso(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def full_label(self) -> str:
        return f"{self.year}年{self.label}"

    @property
    def time_progress_pct(self) -> float:
        return time_progress_pct(self.month)

    def previous_year(self) -> Period:
        return Period(self.year - 1, self.month)

    def __str__(self) -> str:  # pragma: no cover - convenience
        return self.iso


def time_progress_pct(month: int) -> float:
    """时序进度 in percent: month / 12 x 100 (50.0 at the end of June)."""
    return month / 12 * 100


def parse_period_label(label: str) -> tuple[int | None, int]:
    """Turn a pasted period label into (year or None, cumulative month).

    Accepts "1-6月", "1—6月份", "1~6月", "2021年1-6月", "上半年", "一季度",
    "前三季度", "全年", "2021-06", "1-2月", and a single month "6月" as month 6 (for a
    ``--period`` argument); data loading uses :func:`parse_period_label_kind`, which
    tells a single month (当月) from a cumulative period.
    Raises PeriodError with what was expected when the label does not parse.
    """
    text = str(label).strip().replace(" ", "").replace("\u3000", "")
    if not text:
        raise PeriodError(tr("empty period label", "期间标签为空"))
    year = None
    m = re.match(r"^(\d{4})年(.+)$", text)
    rest = text
    if m and not _RANGE.match(text):
        year, rest = int(m.group(1)), m.group(2)
    if rest in _NAMED:
        return year, _NAMED[rest]
    q = re.match(r"^(?:第)?([一二三四1234])季度$", rest)
    if q:
        n = _CN_DIGITS.get(q.group(1)) or int(q.group(1))
        if n == 1:
            return year, 3
    q = re.match(r"^前([一二三四1234])季度$", rest)
    if q:
        n = _CN_DIGITS.get(q.group(1)) or int(q.group(1))
        return year, _QUARTERS_TO_MONTH[n]
    for pattern in (_RANGE, _ISO, _SINGLE):
        m = pattern.match(rest if pattern is not _RANGE else text)
        if m:
            month = int(m.group("month"))
            y = m.groupdict().get("year")
            if y:
                year = int(y)
            if month == 1:
                raise PeriodError(
                    tr(
                        f"period {label!r} is January alone: January is published with "
                        "February as 1-2月",
                        f"期间 {label!r} 是单独的1月：1月与2月合并发布为1-2月",
                    ),
                    january=True,
                )
            if not 2 <= month <= 12:
                raise PeriodError(
                    tr(
                        f"period {label!r} has month {month}, expected 2..12",
                        f"期间 {label!r} 的月份为 {month}，应为 2 到 12",
                    )
                )
            return year, month
    raise PeriodError(
        tr(
            f"cannot read period {label!r}: expected e.g. 1-6月, 1—6月份, 上半年, 一季度, "
            "前三季度, 全年 or 2021-06",
            f"无法识别期间 {label!r}：应为 1-6月、1—6月份、上半年、一季度、前三季度、全年 "
            "或 2021-06 这样的写法",
        )
    )


CUMULATIVE, SINGLE_MONTH = "cumulative", "month"


def parse_period_label_kind(label: str) -> tuple[int | None, int, str]:
    """Like :func:`parse_period_label`, and say whether the label is cumulative or one month.

    Releases print 当月 ("11月", "2021年11月") beside 累计 ("1-11月"); a single-month
    label is a different quantity and comes back with kind "month". Everything else
    (ranges, 上半年, 一季度, 前三季度, 全年, "2021-11") is "cumulative".
    """
    text = str(label).strip().replace(" ", "").replace("\u3000", "")
    rest = re.sub(r"^\d{4}年", "", text)
    year, month = parse_period_label(label)
    if _SINGLE.match(rest) and not rest.startswith("1-"):
        return year, month, SINGLE_MONTH
    return year, month, CUMULATIVE


def single_month(cumulative: dict[int, float], month: int) -> float | None:
    """Single-month value from cumulative values {month: cum}.

    For month >= 3 it is cum(m) - cum(m-1); for month 2 it is the Jan-Feb total.
    Returns None when a needed cumulative value is missing.
    """
    if month == 2:
        return cumulative.get(2)
    if month < 2 or month > 12:
        raise PeriodError(
            tr(f"month {month} has no single-month value", f"月份 {month} 没有单月值")
        )
    now, before = cumulative.get(month), cumulative.get(month - 1)
    if now is None or before is None:
        return None
    return now - before


def quarter_values(cumulative: dict[int, float], upto_month: int = 12) -> dict[int, float]:
    """Quarter values from cumulative values: Q1 = cum(3), Q2 = cum(6) - cum(3), ...

    Only quarters complete by ``upto_month`` and with data are returned.
    """
    out: dict[int, float] = {}
    for q, end in _QUARTERS_TO_MONTH.items():
        if end > upto_month:
            break
        now = cumulative.get(end)
        before = 0.0 if q == 1 else cumulative.get(end - 3)
        if now is None or before is None:
            continue
        out[q] = now - before
    return out

"""Properties of halfyear_lib.data.periods, checked on generated periods and series.

Hypothesis runs derandomized and without an example database, so every run (and CI)
tries the same examples.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from halfyear_lib.data.periods import (
    Period,
    PeriodError,
    parse_period_label,
    quarter_values,
    single_month,
    time_progress_pct,
)

PROPERTIES = settings(max_examples=200, deadline=None, derandomize=True, database=None)

years = st.integers(min_value=1900, max_value=2200)
months = st.integers(min_value=2, max_value=12)  # 1-2月 .. 1-12月; no month 1
periods = st.builds(Period, years, months)

# Every way a release or an analyst writes "from January to month m"
DASHES = ["-", "—", "–", "~", "～", "－", "―", "至", "到", "--"]
RANGE_VARIANTS = ["1{d}{m}月", "1{d}{m}月份", "1{d}{m}", "1{d}{m:02d}月"]
NAMED = {
    "上半年": 6,
    "全年": 12,
    "前三季度": 9,
    "一季度": 3,
    "第一季度": 3,
    "1季度": 3,
    "前两个月": 2,
    "前一季度": 3,
    "前二季度": 6,
    "前四季度": 12,
    "前3季度": 9,
}


def sprinkle_spaces(draw, text: str) -> str:
    """Insert ASCII or ideographic spaces between some characters (pasted text has them)."""
    out = []
    for ch in text:
        out.append(ch)
        out.append(draw(st.sampled_from(["", "", "", " ", "\u3000"])))
    return draw(st.sampled_from(["", " ", "\u3000"])) + "".join(out)


# ----------------------------------------------------------------------------- Period


@PROPERTIES
@given(periods, periods)
def test_period_order_is_year_then_month(a, b):
    assert (a < b) == ((a.year, a.month) < (b.year, b.month))
    assert (a == b) == ((a.year, a.month) == (b.year, b.month))
    # the ISO text sorts like the periods (zero-padded month), so files and tables agree
    assert (a.iso < b.iso) == (a < b)


@PROPERTIES
@given(years, months)
def test_every_month_of_a_year_precedes_every_month_of_the_next(year, month):
    assume(year < 2200)
    last = Period(year, 12)
    assert Period(year, month) <= last < Period(year + 1, 2) <= Period(year + 1, month)


@PROPERTIES
@given(periods)
def test_previous_year_keeps_the_month_and_is_earlier(p):
    assume(p.year > 1900)
    prev = p.previous_year()
    assert (prev.year, prev.month) == (p.year - 1, p.month)
    assert prev < p
    assert prev.label == p.label


@PROPERTIES
@given(years, st.integers(min_value=-5, max_value=30))
def test_period_accepts_exactly_months_2_to_12(year, month):
    if 2 <= month <= 12:
        assert Period(year, month).month == month
    else:
        with pytest.raises(PeriodError):
            Period(year, month)


# ----------------------------------------------------------------------------- labels


@PROPERTIES
@given(periods)
def test_labels_parse_back_to_the_period(p):
    assert Period.parse(p.iso) == p
    assert Period.parse(p.full_label) == p
    assert parse_period_label(p.label) == (None, p.month)
    assert re.fullmatch(r"1-\d{1,2}月", p.label)


@PROPERTIES
@given(st.data(), periods, st.sampled_from(DASHES), st.sampled_from(RANGE_VARIANTS))
def test_pasted_range_labels_parse(data, p, dash, template):
    text = template.format(d=dash, m=p.month)
    with_year = data.draw(st.booleans())
    if with_year:
        text = f"{p.year}年{text}"
    text = sprinkle_spaces(data.draw, text)
    assert parse_period_label(text) == ((p.year if with_year else None), p.month)


@PROPERTIES
@given(st.data(), years, st.sampled_from(sorted(NAMED)))
def test_named_periods_parse(data, year, name):
    with_year = data.draw(st.booleans())
    text = f"{year}年{name}" if with_year else name
    text = sprinkle_spaces(data.draw, text)
    assert parse_period_label(text) == ((year if with_year else None), NAMED[name])
    if with_year:
        assert Period.parse(text) == Period(year, NAMED[name])


@PROPERTIES
@given(st.sampled_from(DASHES), st.integers(min_value=0, max_value=99))
def test_range_labels_outside_2_to_12_are_rejected(dash, month):
    assume(not 2 <= month <= 12)
    with pytest.raises(PeriodError):
        parse_period_label(f"1{dash}{month}月")


@PROPERTIES
@given(st.text(alphabet="0123456789年月份季度上半全前一二三四第-—~至 /.", max_size=14))
def test_any_text_parses_to_a_valid_month_or_raises_period_error(text):
    # PeriodError is the only failure, and a result is always a cumulative month 2..12
    try:
        year, month = parse_period_label(text)
    except PeriodError:
        return
    assert 2 <= month <= 12
    assert year is None or isinstance(year, int)


# ----------------------------------------------------------------------------- series

# a cumulative series Jan..m from single-month values; [0] is the Jan-Feb total
single_months = st.lists(
    st.integers(min_value=-10_000, max_value=1_000_000).map(float), min_size=1, max_size=11
)


def cumulate(singles: list[float]) -> dict[int, float]:
    """{2: Jan-Feb, 3: Jan-Mar, ...} from [Jan-Feb, Mar, Apr, ...]."""
    cum, total = {}, 0.0
    for month, x in enumerate(singles, start=2):
        total += x
        cum[month] = total
    return cum


@PROPERTIES
@given(single_months)
def test_single_months_add_back_to_the_cumulative_series(singles):
    cum = cumulate(singles)  # integer-valued floats: sums and differences are exact
    last = max(cum)
    recovered = [single_month(cum, m) for m in range(2, last + 1)]
    assert recovered == singles
    running = 0.0
    for m in range(2, last + 1):
        running += single_month(cum, m)
        assert running == cum[m]


@PROPERTIES
@given(st.lists(st.floats(-1e6, 1e6), min_size=1, max_size=11))
def test_single_months_add_back_with_real_valued_data(singles):
    cum = cumulate(singles)
    running = 0.0
    for m in sorted(cum):
        running += single_month(cum, m)
        assert running == pytest.approx(cum[m], rel=1e-9, abs=1e-6)


@PROPERTIES
@given(single_months, st.integers(min_value=-3, max_value=20))
def test_there_is_no_single_month_january(singles, month):
    cum = cumulate(singles)
    if 2 <= month <= 12:
        expected = cum.get(month) if month == 2 else None
        if month >= 3 and month in cum and month - 1 in cum:
            expected = cum[month] - cum[month - 1]
        assert single_month(cum, month) == expected
    else:
        with pytest.raises(PeriodError):
            single_month(cum, month)


@PROPERTIES
@given(single_months, st.sets(st.integers(min_value=2, max_value=12), max_size=4))
def test_single_month_needs_both_cumulative_values(singles, dropped):
    cum = {m: v for m, v in cumulate(singles).items() if m not in dropped}
    for m in range(3, 13):
        value = single_month(cum, m)
        assert (value is None) == (m not in cum or m - 1 not in cum)


@PROPERTIES
@given(
    st.lists(
        st.integers(min_value=-10_000, max_value=1_000_000).map(float), min_size=11, max_size=11
    ),
    months,
)
def test_quarter_values_sum_to_the_cumulative_value(singles, upto):
    cum = cumulate(singles)  # a full year 1-2月 .. 1-12月
    quarters = quarter_values(cum, upto_month=upto)
    assert sorted(quarters) == list(range(1, upto // 3 + 1))
    for q, value in quarters.items():
        months_of_q = range(3 * q - 2, 3 * q + 1)  # Q1 = Jan-Feb (month 2) + Mar
        assert value == sum(single_month(cum, m) for m in months_of_q if m >= 2)
        assert sum(quarters[k] for k in range(1, q + 1)) == cum[3 * q]
    if upto == 12:
        assert sum(quarters.values()) == cum[12]  # the four quarters make the year


# ----------------------------------------------------------------------------- progress


@PROPERTIES
@given(st.integers(min_value=1, max_value=12), st.integers(min_value=1, max_value=12))
def test_time_progress_is_a_monotone_percentage(a, b):
    pa, pb = time_progress_pct(a), time_progress_pct(b)
    assert 0 <= pa <= 100
    assert (pa < pb) == (a < b)
    assert pa == pytest.approx(a / 12 * 100)


@PROPERTIES
@given(periods)
def test_period_time_progress_matches(p):
    assert p.time_progress_pct == time_progress_pct(p.month)
    assert (p.time_progress_pct == 50) == (p.month == 6)
    assert (p.time_progress_pct == 100) == (p.month == 12)

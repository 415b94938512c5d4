"""Unit tests of halfyear_lib.data.periods: label parsing, Period, single-month and quarter values."""

from __future__ import annotations

import pytest

from halfyear_lib.data.periods import (
    Period,
    PeriodError,
    parse_period_label,
    quarter_values,
    single_month,
    time_progress_pct,
)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("1-6月", (None, 6)),
        ("1—6月份", (None, 6)),  # em dash, 月份
        ("1~6月", (None, 6)),
        ("1－6月", (None, 6)),  # full-width hyphen
        ("1至6月", (None, 6)),
        (" 1 - 6 月 ", (None, 6)),
        ("上半年", (None, 6)),
        ("一季度", (None, 3)),
        ("第一季度", (None, 3)),
        ("前三季度", (None, 9)),
        ("全年", (None, 12)),
        ("2021年1-6月", (2021, 6)),
        ("2021年上半年", (2021, 6)),
        ("2021年前三季度", (2021, 9)),
        ("2021-06", (2021, 6)),
        ("2021/6", (2021, 6)),
        ("2021年6月", (2021, 6)),
        ("1-2月", (None, 2)),
        ("1-12月", (None, 12)),
        ("6月", (None, 6)),
    ],
)
def test_parse_period_label(label, expected):
    assert parse_period_label(label) == expected


@pytest.mark.parametrize(
    ("label", "match"),
    [
        ("1月", "January"),
        ("2021-01", "January"),
        ("13月", "13"),
        ("1-13月", "13"),
        ("2021-00", "expected 2..12"),
        ("abc", "expected e.g. 1-6月"),
        ("", "empty"),
        ("二季度", "cannot read"),  # a single quarter is not a cumulative period
    ],
)
def test_parse_period_label_rejects(label, match):
    with pytest.raises(PeriodError, match=match):
        parse_period_label(label)


def test_period_error_is_a_value_error():
    with pytest.raises(ValueError):
        parse_period_label("abc")


def test_period_parse_and_labels():
    p = Period.parse("2021年1-6月")
    assert p == Period(2021, 6)
    assert p.label == "1-6月"
    assert p.full_label == "2021年1-6月"
    assert p.iso == "2021-06"
    assert p.time_progress_pct == 50.0
    assert p.previous_year() == Period(2020, 6)
    assert Period.parse("2021-02") < Period.parse("2021-03") < Period.parse("2022-02")


def test_period_parse_needs_a_year():
    with pytest.raises(PeriodError, match="no year"):
        Period.parse("1-6月")


@pytest.mark.parametrize(("year", "month"), [(2021, 1), (2021, 13), (2021, 0), (1800, 6)])
def test_period_rejects_bad_values(year, month):
    with pytest.raises(PeriodError):
        Period(year, month)


def test_time_progress():
    assert time_progress_pct(6) == 50.0
    assert time_progress_pct(12) == 100.0
    assert time_progress_pct(3) == 25.0


def test_single_month():
    cum = {2: 10.0, 3: 16.0, 4: 23.0}
    assert single_month(cum, 2) == 10.0  # the Jan-Feb total
    assert single_month(cum, 3) == 6.0
    assert single_month(cum, 4) == 7.0
    assert single_month(cum, 5) is None
    with pytest.raises(PeriodError):
        single_month(cum, 1)


def test_quarter_values():
    cum = {3: 30.0, 6: 70.0, 9: 115.0, 12: 160.0}
    assert quarter_values(cum) == {1: 30.0, 2: 40.0, 3: 45.0, 4: 45.0}
    assert quarter_values(cum, upto_month=6) == {1: 30.0, 2: 40.0}
    assert quarter_values({6: 70.0}) == {}  # Q2 needs cum(3)


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("11月", (None, 11, "month")),  # 当月 in a release, never 1-11月
        ("2021年11月", (2021, 11, "month")),
        ("6月份", (None, 6, "month")),
        ("1-11月", (None, 11, "cumulative")),
        ("2021年1-11月", (2021, 11, "cumulative")),
        ("上半年", (None, 6, "cumulative")),
        ("一季度", (None, 3, "cumulative")),
        ("2021-11", (2021, 11, "cumulative")),  # the canonical YYYY-MM is cumulative
    ],
)
def test_single_month_labels_are_told_from_cumulative_ones(label, expected):
    from halfyear_lib.data.periods import parse_period_label_kind

    assert parse_period_label_kind(label) == expected


def test_period_messages_follow_the_language():
    from halfyear_lib.data.language import language
    from halfyear_lib.data.periods import PeriodError, parse_period_label

    with language("zh"), pytest.raises(PeriodError, match="1月与2月合并发布") as info:
        parse_period_label("2021年1月")
    assert info.value.january
    with pytest.raises(PeriodError, match="cannot read period 'x'"):
        parse_period_label("x")

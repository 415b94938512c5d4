"""The one rule for writing a number (issue 16): halves up, no "-0", missing is missing."""

from __future__ import annotations

import io
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

from halfyear_lib.display import styling
from halfyear_lib.rendering.index import _fmt as index_cell
from halfyear_lib.text.numbers import (
    display_cell,
    format_amount,
    format_fixed,
    format_number,
    format_quantity,
    is_missing,
    number,
    rounded_sign,
)
from halfyear_lib.text.zh import indicators as pages

MISSING = [
    None,
    float("nan"),
    np.nan,
    pd.NA,
    pd.NaT,
    float("inf"),
    float("-inf"),
    np.float64("nan"),
]


@pytest.mark.parametrize("x", MISSING, ids=repr)
def test_none_nan_na_and_inf_are_missing(x):
    assert is_missing(x)
    assert number(x) is None
    assert format_number(x) == "—"
    assert format_number(x, 2, signed=True, missing="") == ""
    assert format_amount(x) == "—" and format_quantity(x) == "—" and display_cell(x) == "—"
    assert rounded_sign(x) is None


@pytest.mark.parametrize(
    "x", [0, 0.0, -0.0, 12.5, -3, np.int64(7), np.float32(1.5), Decimal("2.5")]
)
def test_finite_numbers_are_not_missing(x):
    assert not is_missing(x) and number(x) == float(x)


@pytest.mark.parametrize("x", ["nan", "abc", True, False, [1.0], {"a": 1}])
def test_text_and_bools_are_not_missing_but_not_numbers_either(x):
    assert not is_missing(x)
    assert number(x) is None and format_number(x) == "—"


@pytest.mark.parametrize(
    ("x", "decimals", "signed", "text"),
    [
        (2.25, 1, False, "2.3"),  # half up: Python's f"{2.25:.1f}" gives 2.2
        (12.25, 1, False, "12.3"),
        (-2.25, 1, False, "-2.3"),  # half away from zero, as 四舍五入 is read
        (2.675, 2, False, "2.68"),  # the number as written, not its binary value 2.67499…
        (1.005, 2, False, "1.01"),
        (0.05, 1, False, "0.1"),
        (-0.04, 1, False, "0.0"),  # never "-0.0"
        (-0.0, 1, False, "0.0"),
        (-0.004, 2, True, "0.00"),  # a signed zero has no sign either
        (0.0, 1, True, "0.0"),
        (1234.5, 1, True, "+1234.5"),
        (-1.94, 1, True, "-1.9"),
        (229, 0, False, "229"),
        (0.5, 0, False, "1"),
        (-0.5, 0, False, "-1"),
        (np.float64(13.65), 1, False, "13.7"),
        (1e20, 1, False, "100000000000000000000.0"),
    ],
)
def test_format_number(x, decimals, signed, text):
    assert format_number(x, decimals, signed=signed) == text


def test_thousands():
    assert format_number(1234567.891, 2, thousands=True) == "1,234,567.89"
    assert format_number(-0.001, 1, thousands=True) == "0.0"


def test_amounts_have_two_decimals_below_ten_and_one_from_ten():
    # 9.994 is still below 10 when printed; 9.995 prints as 10.0, not "10.00"
    assert [format_amount(v) for v in (88.203881, 9.108473, 0.591527, 9.994, 9.995, -12.34)] == [
        "88.2", "9.11", "0.59", "9.99", "10.0", "-12.3"
    ]  # fmt: skip


def test_quantities_drop_trailing_zeros():
    assert [format_quantity(v) for v in (500, 500.0, 2.10, 0.125, -0.001, 3.999)] == [
        "500", "500", "2.1", "0.13", "0", "4"
    ]  # fmt: skip


def test_rounded_sign_follows_the_printed_number():
    # the direction word must agree with the number beside it: -0.04 prints 0.0, so "持平"
    assert [rounded_sign(v) for v in (-0.04, 0.05, -0.05, 0.0)] == [0, 1, -1, 0]
    assert rounded_sign(-0.004, 2) == 0 and rounded_sign(-0.005, 2) == -1


def test_every_formatter_follows_the_one_rule():
    # the page's table cells, the draft's numbers and the index agree on 2.25 and -0.04
    assert pages.fmt(2.25, 1) == format_fixed(2.25, 1) == "2.3"
    assert pages.fmt(-0.04, 1, signed=True) == "0.0" and format_fixed(-0.04, 1) == "0.0"
    assert index_cell(2.25, 1, True) == ("+2.3", "num")
    assert index_cell(-0.04, 1, True) == ("0.0", "num")  # not "−0.0" in red
    assert index_cell(float("nan"), 1, True) == ("—", "na")
    assert index_cell(float("inf"), 2, False) == ("—", "na")
    assert pages.fmt(float("inf"), 1) == pages.fmt(pd.NA, 1) == "—"


def test_growth_words_follow_the_printed_sign():
    assert pages.grow(3.14) == "增长3.1%" and pages.grow(-2.0) == "下降2.0%"
    assert pages.grow(-0.04) == "增长0.0%"  # not "下降0.0%"
    assert pages.grow(float("nan")) == "增速不详"


def test_a_styled_table_shows_a_dash_for_every_kind_of_missing():
    frame = pd.DataFrame(
        {
            "指标": ["甲", "乙", "丙", "丁"],
            "同比增长(%)": [float("nan"), None, float("inf"), "-2.0"],
            "说明": [pd.NA, "x", None, np.nan],
            "剩余月份": pd.array([6, None, 6, 6], dtype="Int64"),
        }
    )
    page = styling.styled_table(frame).to_html()
    cells = pd.read_html(io.StringIO(page), keep_default_na=False)[0]
    text = " ".join(map(str, cells.to_numpy().ravel()))
    for token in ("nan", "NaN", "None", "inf", "<NA>"):
        assert token not in text, (token, text)
    assert cells["同比增长(%)"].tolist()[:3] == ["—", "—", "—"]
    assert "↓ -2.0" in text  # the marking still works beside the dashes


def test_a_value_prints_the_same_computed_or_read_back_from_results_json():
    # 1.13 / 4 x 100 is 28.249999999999996 in binary and 28.25 in results.json (6
    # decimals): a page formatting the float printed 28.2, the draft 28.3
    from halfyear_lib.contract.results import to_jsonable

    computed = 1.13 / 4 * 100
    assert computed != 28.25
    stored = to_jsonable(computed)
    assert format_number(computed, 1) == format_number(stored, 1) == "28.3"
    assert format_number(0.1234565, 6) == "0.123457"  # at the stored precision: as written
    assert format_number(2.675, 2) == "2.68"  # half up on the number as written

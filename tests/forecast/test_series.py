"""Monthly series from cumulative data (worked by hand from forecast_data's tables)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import make_dataset
from forecast_data import REGIONS, Y2019, Y2020, Y2021, cumulative_rows, small_levels

from halfyear_lib.forecast.series import history, slot


def test_slots_merge_january_and_february():
    assert [slot(m) for m in (2, 3, 6, 12)] == [0, 1, 4, 10]
    with pytest.raises(ValueError):
        slot(1)


def test_monthly_amounts_are_differences_of_cumulative_levels():
    h = history(small_levels(), "aa", "output")
    x, first = h.monthly(2021, 6)
    assert first == 2019
    # 11 + 11 + 5 observations: Jan-Feb as one, then each month
    assert len(x) == 27
    assert x[:11] == pytest.approx(Y2019)
    assert x[11:22] == pytest.approx(Y2020)
    assert x[22:] == pytest.approx(Y2021)
    # to 1-3月 only: 22 + 2
    x3, _ = h.monthly(2021, 3)
    assert x3[-2:] == pytest.approx([24.2, 12.1])


def test_growth_and_base_from_levels_when_no_rate_is_published():
    h = history(small_levels(), "aa", "output")
    # 1-6月 2021: 24.2 + 3 x 12.1 + 14.3 = 74.8 against 66 last year: +13.333%
    assert h.cell("level", 2021, 6) == pytest.approx(74.8)
    assert h.cell("base", 2021, 6) == pytest.approx(66.0)
    assert h.cell("growth", 2021, 6) == pytest.approx((74.8 / 66 - 1) * 100)


def test_official_rate_defines_the_comparable_base_and_the_projected_base():
    rows = cumulative_rows("aa", "output", 2020, Y2020) + cumulative_rows(
        "aa", "output", 2021, Y2021, yoy={6: 10.0}
    )
    h = history(make_dataset(regions=REGIONS, indicators=rows), "aa", "output")
    # B = 74.8 / 1.10 = 68.0; the ratio to last year's level 68 / 66 carries to December:
    # B_hat(12) = 132 x 68 / 66 = 136.0
    assert h.cell("base", 2021, 6) == pytest.approx(68.0)
    assert h.cell("growth", 2021, 6) == pytest.approx(10.0)
    assert h.projected_base(2021, 6, 12) == pytest.approx(136.0)


def test_a_single_missing_month_is_split_evenly_and_a_longer_gap_cuts_the_history():
    rows2020 = cumulative_rows("aa", "output", 2020, Y2020)
    one_gap = [r for r in rows2020 if r["month"] != 5]  # 1-5月 missing
    rows = cumulative_rows("aa", "output", 2019, Y2019) + one_gap
    rows += cumulative_rows("aa", "output", 2021, Y2021)
    h = history(make_dataset(regions=REGIONS, indicators=rows), "aa", "output")
    x, first = h.monthly(2021, 6)
    assert first == 2019
    # 1-4月 44 and 1-6月 66: April-May 22 split as 11 + 11
    assert x[11 + 3 : 11 + 5] == pytest.approx([11, 11])
    assert any("interpolated" in n for n in h.notes)

    two_gaps = [r for r in rows2020 if r["month"] not in (4, 5)]
    rows = cumulative_rows("aa", "output", 2019, Y2019) + two_gaps
    rows += cumulative_rows("aa", "output", 2021, Y2021)
    h = history(make_dataset(regions=REGIONS, indicators=rows), "aa", "output")
    x, first = h.monthly(2021, 6)
    assert first == 2021 and len(x) == 5


def test_growth_only_rows_have_no_monthly_series():
    rows = [
        {"region_id": "aa", "indicator": "output", "year": 2021, "month": m, "yoy_pct": 5.0}
        for m in range(2, 7)
    ]
    h = history(make_dataset(regions=REGIONS, indicators=rows), "aa", "output")
    assert h.monthly(2021, 6) is None
    assert h.cell("growth", 2021, 6) == 5.0
    assert not h.has_levels(2021, 6)
    assert np.isnan(h.level.loc[2021, 6])


def test_a_cell_is_read_from_its_frame_and_follows_a_replaced_frame():
    import pickle

    import pandas as pd

    from halfyear_lib.forecast.series import History

    level = pd.DataFrame({2: [10.0, 12.0], 3: [np.nan, 18.0]}, index=[2020, 2021])
    h = History("a", "output", level, level * 0 + 5.0, level.copy())
    assert h.cell("level", 2021, 3) == 18.0
    assert h.cell("level", 2020, 3) is None  # NaN: unknown
    assert h.cell("level", 2019, 2) is None  # a year without a row
    with pytest.raises(KeyError):
        h.cell("level", 2021, 7)  # not a month of the frame: an error, as before
    # a frame replaced after a read is read again, not from the old dictionary
    h.level = pd.DataFrame({2: [10.0, 12.0], 3: [0.0, 0.0]}, index=[2020, 2021])
    assert h.cell("level", 2021, 3) == 0.0
    # the dictionaries stay behind when a history goes to another process
    assert "_cells" not in pickle.loads(pickle.dumps(h)).__dict__

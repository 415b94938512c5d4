"""One status rule, worked by hand."""

from __future__ import annotations

import pytest

from halfyear_lib.analysis.status import gap_points, growth_status, schedule_status


@pytest.mark.parametrize(
    ("share", "progress", "expected"),
    [
        (46.958763, 50.0, "behind"),  # 技改投资 9.11 / 19.4: 47.0 − 50.0 = −3.0
        (49.96, 50.0, "on_track"),  # 50.0 − 50.0 = 0.0 as printed
        (51.884636, 50.0, "ahead"),  # 51.9 − 50.0 = +1.9
        (103.25, 50.0, "done"),
        (99.96, 50.0, "done"),  # printed 100.0: done, never "100.0%, ahead"
        (0.0, 50.0, "not_started"),
        (None, 50.0, None),
    ],
)
def test_schedule_status(share, progress, expected):
    assert schedule_status(share, progress) == expected


def test_growth_status_before_and_at_year_end():
    assert growth_status(13.8, 8.0, final=False) == "ahead"
    assert growth_status(8.04, 8.0, final=False) == "on_track"  # 8.0 = 8.0 as printed
    assert growth_status(6.5, 8.0, final=False) == "behind"
    assert growth_status(8.0, 8.0, final=True) == "done"
    assert growth_status(7.9, 8.0, final=True) == "behind"
    assert growth_status(None, 8.0, final=False) is None


def test_gap_points_is_the_gap_the_status_rule_compares():
    # 13.8% against 8%: 13.8 - 8.0 = 5.8 points ("超任务数5.8个百分点")
    assert gap_points(13.8, 8.0) == pytest.approx(5.8)
    # 46.958763% at 50%: 47.0 - 50.0 = -3.0 (each side rounded first, as printed)
    assert gap_points(46.958763, 50.0) == pytest.approx(-3.0)
    # 8.05 against 8.01: 8.1 - 8.0 = 0.1, though 8.05 - 8.01 = 0.04 would print 0.0:
    # the gap follows the status (ahead), never "与目标持平" beside an ahead status
    assert gap_points(8.05, 8.01) == pytest.approx(0.1)
    assert growth_status(8.05, 8.01, final=False) == "ahead"
    assert gap_points(8.04, 8.0) == 0.0 and growth_status(8.04, 8.0, final=False) == "on_track"
    assert gap_points(None, 8.0) is None and gap_points(8.0, float("nan")) is None

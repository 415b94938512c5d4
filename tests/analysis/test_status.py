"""One status rule, worked by hand."""

from __future__ import annotations

import pytest

from halfyear_lib.analysis.status import growth_status, schedule_status


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

"""Highlights and problems from a report's results, with the thresholds as parameters."""

from __future__ import annotations

import pytest

from halfyear_lib.analysis.highlights import Thresholds, highlights_and_problems


def results():
    return {
        "indicators": {
            # output: 51.9% of target at 50% time progress (+1.9 pp), 24.1% growth, 3rd of 11
            "output": {"target_share_pct": 51.9, "schedule_gap_pp": 1.9, "yoy_pct": 24.1,
                       "rank_city": 3, "rank_city_of": 11, "time_progress_pct": 50.0},
            # value added: 13.8% against an 8% target (+5.8 pp), 10th of 11
            "value_added": {"yoy_pct": 13.8, "target_growth_pct": 8.0, "growth_gap_pp": 5.8,
                            "rank_city": 10, "rank_city_of": 11},
            # investment: 43.2% of target, 6.8 pp behind, 3.28 亿元 short; 9th of 11
            "industrial_investment": {"target_share_pct": 43.2, "schedule_gap_pp": -6.8,
                                      "shortfall": 3.28, "yoy_pct": -2.0, "rank_city": 9,
                                      "rank_city_of": 11},
        },
        "trend_summary": {"output": {"rank_change_since_first": 2, "double_digit_all_year": True,
                                     "growth_streak_periods": 5},
                          "value_added": {"rank_change_since_first": -3}},
        "rate_adjustment": {"impact_pp": -1.4, "impact_value": -0.3, "drivers": ["针织服装"]},
        "prices": {"gap_pp": 4.5, "output_nominal_yoy_pct": 24.1, "output_real_yoy_pct": 19.6},
        "firms": {"new_target_share_pct": 40.0, "new_entrants": 16, "new_target": 40},
        "innovation": {"rd_expense": {"completion_pct": 55.0, "schedule_gap_pp": 5.0},
                       "tech_smes": {"completion_pct": 30.0, "schedule_gap_pp": -20.0}},
        "tasks": {"counts": {"done": 2, "on_track": 15, "behind": 3, "not_started": 1}},
    }  # fmt: skip


def kinds(items):
    return [(i["kind"], i["indicator"]) for i in items]


def test_each_fact_lands_in_the_right_list_with_its_numbers():
    good, bad = highlights_and_problems(results())
    assert set(kinds(good)) == {
        ("ahead_of_schedule", "output"),
        ("above_target_growth", "value_added"),
        ("fast_growth", "output"),
        ("fast_growth", "value_added"),
        ("top_rank", "output"),
        ("rank_up", "output"),
        ("double_digit_streak", "output"),
        ("innovation_ahead", "rd_expense"),
        ("tasks_done", None),
    }
    assert set(kinds(bad)) == {
        ("behind_schedule", "industrial_investment"),
        ("decline", "industrial_investment"),
        ("bottom_rank", "value_added"),  # 10th of 11: among the last 3 (9, 10, 11)
        ("bottom_rank", "industrial_investment"),  # 9th of 11: also
        ("rank_down", "value_added"),
        ("rate_cut", "value_added"),
        ("price_gap", "output"),
        ("few_new_firms", "above_scale_firms"),  # 40% of the target at 50% time progress
        ("innovation_behind", "tech_smes"),
        ("tasks_behind", None),
    }
    behind = next(i for i in bad if i["kind"] == "behind_schedule")
    assert behind["numbers"] == {"target_share_pct": 43.2, "schedule_gap_pp": -6.8,
                                 "shortfall": 3.28}  # fmt: skip
    # ordered by score: tech_smes 20 pp behind is the largest problem, then 10 pp of firms
    assert kinds(bad)[:2] == [("innovation_behind", "tech_smes"),
                              ("few_new_firms", "above_scale_firms")]  # fmt: skip
    assert next(i for i in bad if i["kind"] == "tasks_behind")["numbers"] == {
        "behind": 3, "not_started": 1}  # fmt: skip


def test_thresholds_move_the_lines():
    # a 4.5 pp price gap is a problem at the default 2 pp, not at 5 pp
    _, bad = highlights_and_problems(results(), Thresholds(price_gap_pp=5.0))
    assert ("price_gap", "output") not in kinds(bad)
    # top 2 only: 3rd is no longer a highlight
    good, _ = highlights_and_problems(results(), Thresholds.from_mapping({"top_rank": 2}))
    assert ("top_rank", "output") not in kinds(good)


def test_missing_sections_give_no_items_and_no_error():
    good, bad = highlights_and_problems({"indicators": {"output": {"yoy_pct": None}}})
    assert good == [] and bad == []


@pytest.mark.parametrize("bad", [{"top_rnak": 2}, {"top_rank": "three"}, {"ahead_pp": True}])
def test_bad_thresholds_are_refused_by_name(bad):
    with pytest.raises(ValueError, match="threshold"):
        Thresholds.from_mapping(bad)

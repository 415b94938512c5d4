"""Highlights and problems from a report's results, with the thresholds as parameters."""

from __future__ import annotations

import pytest
from conftest import sample_results as results

from halfyear_lib.analysis.highlights import Thresholds, highlights_and_problems


def kinds(items):
    return [(i["kind"], i["indicator"]) for i in items]


def test_each_fact_lands_in_the_right_list_with_its_numbers():
    good, bad = highlights_and_problems(results())
    assert set(kinds(good)) == {
        ("ahead_of_schedule", "output"),
        ("above_target_growth", "value_added"),
        ("fast_growth", "output"),
        # value added grows 13.8% but ranks 10th of 11: a problem, so never praised as fast
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


def test_fast_growth_is_praised_only_when_no_problem_contradicts_it():
    res = results()
    res["indicators"]["value_added"] |= {"rank_city": 4}  # no longer among the last 3
    good, _ = highlights_and_problems(res)
    assert ("fast_growth", "value_added") in kinds(good)
    res["indicators"]["value_added"]["month_yoy_pct"] = -0.2  # the latest month fell
    good, _ = highlights_and_problems(res)
    assert ("fast_growth", "value_added") not in kinds(good)
    res["indicators"]["value_added"]["month_yoy_pct"] = 1.0
    # 4.3 points below the city's growth: not praised either
    res["comparison"] = {"kind": "parent", "parent": {"value_added": {"gap_pp": -4.3}}}
    good, _ = highlights_and_problems(res)
    assert ("fast_growth", "value_added") not in kinds(good)
    res["comparison"]["parent"]["value_added"]["gap_pp"] = 4.3
    good, _ = highlights_and_problems(res)
    assert ("fast_growth", "value_added") in kinds(good)


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


def test_driver_and_close_to_schedule_thresholds_are_parameters():
    t = Thresholds()
    assert (t.driver_share_pct, t.close_to_schedule_pp) == (30.0, 5.0)
    t = Thresholds.from_mapping({"driver_share_pct": 50, "close_to_schedule_pp": 3.5})
    # echoed in results.json highlight_thresholds with the others
    assert t.to_results()["driver_share_pct"] == 50
    assert t.to_results()["close_to_schedule_pp"] == 3.5
    for key in ("driver_share_pct", "close_to_schedule_pp"):
        with pytest.raises(ValueError, match=f"{key} must be 0 or more"):
            Thresholds.from_mapping({key: -1.0})


def test_defaults_yaml_carries_the_new_thresholds():
    from halfyear_lib.params import load_params

    defaults = load_params().highlights
    assert defaults["driver_share_pct"] == Thresholds().driver_share_pct == 30.0
    assert defaults["close_to_schedule_pp"] == Thresholds().close_to_schedule_pp == 5.0


def test_a_single_month_fall_under_cumulative_growth_is_an_early_warning():
    # 1-6月 value added +13.8% but June alone -0.2%: a problem worth a line
    facts = {"period": "2021-06",
             "indicators": {"value_added": {"yoy_pct": 13.8, "month_yoy_pct": -0.2},
                            "output": {"yoy_pct": -3.0, "month_yoy_pct": -5.0}}}  # fmt: skip
    _, bad = highlights_and_problems(facts)
    month = [i for i in bad if i["kind"] == "month_decline"]
    assert [(i["indicator"], i["numbers"]["month"]) for i in month] == [("value_added", 6)]
    # output falls in the year so far too: that is the "decline" item, not a second one
    assert ("decline", "output") in kinds(bad)


def test_each_list_keeps_its_most_notable_items():
    good, bad = highlights_and_problems(results(), Thresholds(max_items=2))
    full_good, full_bad = highlights_and_problems(results(), Thresholds(max_items=0))
    assert good == full_good[:2] and bad == full_bad[:2] and len(full_bad) > 2


def test_a_move_down_is_a_problem_only_in_the_lower_half_or_below_the_parent():
    res = results()
    res["indicators"]["output"] |= {"rank_city": 5, "rank_city_of": 11}
    res["trend_summary"]["output"] = {"rank_change_since_first": -1}
    _, bad = highlights_and_problems(res)
    assert ("rank_down", "output") not in kinds(bad)  # 5th of 11: the upper half
    res["indicators"]["output"]["rank_city"] = 7  # 7 > 11 / 2: the lower half
    _, bad = highlights_and_problems(res)
    assert ("rank_down", "output") in kinds(bad)
    res["indicators"]["output"]["rank_city"] = 5
    res["comparison"] = {"kind": "parent", "parent": {"output": {"gap_pp": -1.0}}}
    _, bad = highlights_and_problems(res)
    assert ("rank_down", "output") in kinds(bad)  # slower than the city: a problem

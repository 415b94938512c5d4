"""Plausibility checks, safe ids and the region tree, on tiny hand-made data sets.

Every plausibility case is checked three ways: it is an error as written, a warning
when the row says ``checked`` = true, and a warning when the run accepts warnings.
Rows are spreadsheet rows: header = row 1, GOOD's rows first, appended rows after them.
"""

from __future__ import annotations

import pytest
from test_loading import GOOD, errors_of, with_rows, write_set

from halfyear_lib.data.checks import SAFE_ID, CheckOptions, is_safe_id
from halfyear_lib.data.language import language
from halfyear_lib.data.loading import load_dataset, validate_dataset
from halfyear_lib.paths import DEMO_DATA_DIR

IND_BASE = ["region_id", "indicator", "year", "month", "value", "yoy_pct", "base", "unit"]

# name -> (tables changed, (table, row, column) of the one error, words of its message)
PLAUSIBILITY = {
    "negative value": (
        {"indicators": with_rows("indicators", ["b", "output", 2021, 5, -1.0, 3.0, ""])},
        ("indicators", 8, "value"),
        "is negative",
    ),
    "negative base": (
        {"indicators": [IND_BASE, ["b", "output", 2021, 6, 2.0, 5.0, -1.9, ""]]},
        ("indicators", 2, "base"),
        "base -1.9 亿元 of output of b in 2021-06 is negative",
    ),
    "growth beyond the bound": (
        {"indicators": with_rows("indicators", ["b", "value_added", 2021, 6, "", 5000, ""])},
        ("indicators", 8, "yoy_pct"),
        "yoy_pct 5,000% of value_added of b in 2021-06 is beyond ±300%",
    ),
    "growth below -100%": (
        {"indicators": with_rows("indicators", ["b", "value_added", 2021, 6, "", -150, ""])},
        ("indicators", 8, "yoy_pct"),
        "is below -100%",
    ),
    "cumulative level falls": (
        # 1-5月 2.5 亿元, then 1-6月 2.0 亿元 (row 6 of GOOD)
        {"indicators": with_rows("indicators", ["b", "output", 2021, 5, 2.5, 5.0, ""])},
        ("indicators", 6, "value"),
        "is below 2.5 亿元 of 1-5月 (row 8)",
    ),
    "share of target far ahead of time": (
        # b: 2.0 亿元 at 1-6月 against 0.5 亿元 for the year: 400% at 50% of the year
        {"targets": with_rows("targets", ["b", "output", 2021, 0.5, "value", "亿元"])},
        ("indicators", 6, "value"),
        "is 400% of the annual target 0.5 亿元 (targets.csv row 5) after 50% of the year",
    ),
    "unit slip against the previous month": (
        {"indicators": with_rows("indicators", ["b", "output", 2021, 7, 21000, 5.0, ""])},
        ("indicators", 8, "value"),
        "jumps from 2 亿元 in 2021-06 (row 6) to 21,000 亿元 in 2021-07 (row 8)",
    ),
    "unit slip against the base": (
        {"indicators": [IND_BASE, ["b", "output", 2021, 6, 2.0, 5.0, 19000, ""]]},
        ("indicators", 2, "value"),
        "times its comparable base 19,000 亿元",
    ),
    "target in the wrong unit": (
        # 30000 is 万元 but labelled 亿元: 10,000 times the year's levels (about 3 亿元)
        {"targets": [GOOD["targets"][0], ["a", "output", 2021, 30000, "value", "亿元"]]},
        ("targets", 2, "target"),
        "probably have the wrong unit (万元 vs 亿元)",
    ),
    "target 0": (
        {"targets": [GOOD["targets"][0], ["a", "output", 2021, 0, "value", "万元"]]},
        ("targets", 2, "target"),
        "target is 0 for output of a for 2021",
    ),
    "negative target": (
        {"targets": [GOOD["targets"][0], ["a", "output", 2021, -30000, "value", "万元"]]},
        ("targets", 2, "target"),
        "is negative",
    ),
    "growth target beyond the bound": (
        {"targets": [GOOD["targets"][0], ["a", "value_added", 2021, 800, "growth_pct", "%"]]},
        ("targets", 2, "target"),
        "growth target 800% of value_added of a for 2021 is beyond ±300%",
    ),
    "negative industry output": (
        {"industries": [GOOD["industries"][0], ["a", "纺织", 2021, 6, -50000, 22.5, 23.0, ""]]},
        ("industries", 2, "output(万元)"),
        "output -5 is negative",
    ),
    "negative planned total": (
        {
            "projects": [
                *GOOD["projects"][:2],
                ["p2", "a", "新项目", "城关镇", "new", -800, "false", "", "", "1", "", ""],
            ]
        },
        ("projects", 3, "planned_total（万元）"),
        "planned_total -0.08 is negative",
    ),
    "negative township target": (
        {"townships": [GOOD["townships"][0], ["a", "城关镇", 2021, -3]]},
        ("townships", 2, "investment_target"),
        "is negative",
    ),
}


def located(p) -> tuple[str, int, str]:
    return (p.file.removesuffix(".csv"), p.row, p.column)


def with_checked(rows: list[list], row: int) -> list[list]:
    """The table with a checked column, true on spreadsheet row ``row``."""
    return [
        [*rows[0], "checked"],
        *[[*r, "true" if i == row else ""] for i, r in enumerate(rows[1:], start=2)],
    ]


@pytest.mark.parametrize("case", PLAUSIBILITY)
def test_implausible_value_is_an_error(tmp_path, case):
    changes, where, words = PLAUSIBILITY[case]
    errors = errors_of(write_set(tmp_path / "s", **changes))
    assert [located(p) for p in errors] == [where], "\n".join(map(str, errors))
    assert words in errors[0].message
    assert errors[0].value  # the cell as written is shown
    if where[0] in ("indicators", "targets"):
        assert "write true in column checked of this row" in errors[0].message
    assert "--accept-warnings" in errors[0].message


@pytest.mark.parametrize("case", PLAUSIBILITY)
def test_accept_warnings_turns_the_error_into_a_warning(tmp_path, case):
    changes, where, words = PLAUSIBILITY[case]
    ds, problems = validate_dataset(write_set(tmp_path / "s", **changes), accept_warnings=True)
    assert ds is not None, "\n".join(map(str, problems))
    assert [(located(p), p.severity) for p in problems] == [(where, "warning")]
    assert words in problems[0].message and "accepted with --accept-warnings" in problems[0].message
    assert ds.warnings == [str(problems[0])]


@pytest.mark.parametrize(
    "case",
    [c for c, (_, where, _) in PLAUSIBILITY.items() if where[0] in ("indicators", "targets")],
)
def test_checked_row_turns_the_error_into_a_warning(tmp_path, case):
    changes, (table, row, column), words = PLAUSIBILITY[case]
    rows = changes.get(table, GOOD[table])
    changes = {**changes, table: with_checked(rows, row)}
    ds, problems = validate_dataset(write_set(tmp_path / "s", **changes))
    assert ds is not None, "\n".join(map(str, problems))
    assert [(located(p), p.severity) for p in problems] == [((table, row, column), "warning")]
    assert "kept: checked = true on this row" in problems[0].message
    assert ds.warnings == [str(problems[0])]


def test_checked_on_another_row_does_not_help(tmp_path):
    rows = with_rows("indicators", ["b", "output", 2021, 5, -1.0, 3.0, ""])
    errors = errors_of(write_set(tmp_path / "s", indicators=with_checked(rows, 2)))
    assert [located(p) for p in errors] == [("indicators", 8, "value")]


def test_growth_bound_is_a_parameter_and_lumpy_indicators_are_exempt(tmp_path):
    rows = with_rows(
        "indicators",
        ["b", "value_added", 2021, 6, "", 450, ""],  # row 8
        ["b", "tech_contracts", 2021, 6, 0.5, 900, ""],  # row 9: a few contracts more
    )
    path = write_set(tmp_path / "s", indicators=rows)
    assert [located(p) for p in errors_of(path)] == [("indicators", 8, "yoy_pct")]
    ds, problems = validate_dataset(path, max_abs_growth_pct=500)
    assert ds is not None and problems == []
    errors = errors_of(write_set(tmp_path / "t", indicators=rows[:-1]))
    assert "max_abs_growth_pct" in errors[0].message
    with pytest.raises(ValueError, match="max_abs_growth_pct must be a positive number"):
        validate_dataset(path, max_abs_growth_pct=0)
    with pytest.raises(ValueError, match="positive number"):
        CheckOptions(max_abs_growth_pct="300")


def test_stock_counts_may_fall_and_single_months_are_not_cumulative(tmp_path):
    rows = [
        ["region_id", "indicator", "year", "month", "value", "yoy_pct", "unit", "rate_kind"],
        ["b", "above_scale_firms", 2021, 5, 130, 1.0, "家", ""],  # firms left: a stock falls
        ["b", "above_scale_firms", 2021, 6, 120, 1.0, "家", ""],
        ["b", "output", 2021, 5, 0.4, 1.0, "", "month"],  # single months go up and down
        ["b", "output", 2021, 6, 0.3, 1.0, "", "month"],
        ["b", "output", 2021, 6, 2.0, 1.0, "", ""],
    ]
    ds, problems = validate_dataset(write_set(tmp_path / "s", indicators=rows))
    assert ds is not None and problems == []


def test_unit_slip_of_a_target_is_not_blamed_on_one_slipped_level(tmp_path):
    """The target is compared with the median of the year's levels."""
    rows = with_rows(
        "indicators",
        ["a", "output", 2021, 3, 0.7, 9.0, ""],  # row 8
        ["a", "output", 2021, 4, 9500, 9.0, ""],  # row 9: 万元 without its unit
    )
    errors = errors_of(write_set(tmp_path / "s", indicators=rows))
    # the slipped row and the row after it (1-5月, row 2) are named, the target is not
    assert [located(p) for p in errors] == [("indicators", 2, "value"), ("indicators", 9, "value")]


@pytest.mark.parametrize("targets", ["header only", "absent"])
def test_no_targets_is_a_notice_not_an_error(tmp_path, targets):
    """Published statistics carry no targets: before, "targets table has no rows" stopped
    every real data set (and absent, "required table missing"); now the data set loads, no
    flag needed, and its notice is for the console and every page."""
    rows = [GOOD["targets"][0]] if targets == "header only" else None
    path = write_set(tmp_path / "s", targets=rows)
    ds, problems = validate_dataset(path)
    assert ds is not None and [p for p in problems if p.severity != "note"] == []
    assert ds.targets.empty if hasattr(ds, "targets") else ds["targets"].empty
    assert ds.notices == [
        "no annual targets given: the share of target, the time progress (时序进度) and the "
        "growth the rest of the year needs are not computed"
    ]
    with language("zh"):
        ds, _ = validate_dataset(path)
    assert ds.notices == ["未提供年度目标：不计算完成目标和时序进度"]
    # with targets there is no notice
    ds, _ = validate_dataset(write_set(tmp_path / "t"))
    assert ds.notices == []


def test_year_of_levels_without_targets_is_a_warning(tmp_path):
    rows = with_rows(
        "indicators",
        ["a", "output", 2022, 5, 1.3, 5.0, ""],  # row 8
        ["a", "output", 2022, 6, 1.6, 5.0, ""],  # row 9
        ["b", "output", 2022, 6, 2.1, 5.0, ""],  # b never has targets: a peer only
        ["a", "output", 2020, 6, 1.4, 5.0, ""],  # before a's first targets: history
    )
    ds, problems = validate_dataset(write_set(tmp_path / "s", indicators=rows))
    assert ds is not None
    assert [(located(p), p.severity) for p in problems] == [(("indicators", 8, "year"), "warning")]
    assert "a has levels for 2022 (rows 8-9) but no targets for 2022 in targets.csv" in str(
        problems[0]
    )
    assert "it has targets for 2021" in problems[0].message


# ---------------------------------------------------------------- safe ids


@pytest.mark.parametrize("bad", [".", "..", "../..", "a/b", "a.b", "清水", "a b", "-a", "a" * 65])
def test_unsafe_region_id_is_an_error_even_when_warnings_are_accepted(tmp_path, bad):
    regions = with_rows("regions", [bad, "坏县", "county", "city", "city"])
    path = write_set(tmp_path / "s", regions=regions)
    ds, problems = validate_dataset(path, accept_warnings=True)
    assert ds is None
    assert [located(p) for p in problems if p.is_error] == [("regions", 6, "region_id")]
    msg = problems[0].message
    assert "only ASCII letters, digits, _ and - are allowed" in msg and "pinyin" in msg
    if "/" in bad:
        assert "'/'" in msg


def test_unsafe_enterprise_project_and_task_ids(tmp_path):
    ent = [GOOD["enterprises"][0], ["e.1", *GOOD["enterprises"][1][1:]]]
    proj = [GOOD["projects"][0], ["p/1", *GOOD["projects"][1][1:]], GOOD["projects"][2]]
    tasks = [GOOD["tasks"][0], ["t 1", *GOOD["tasks"][1][1:]]]
    monthly = [GOOD["project_monthly"][0], ["p/1", 2021, 2, 0.05]]
    errors = errors_of(
        write_set(
            tmp_path / "s", enterprises=ent, projects=proj, tasks=tasks, project_monthly=monthly
        )
    )
    assert sorted(located(p) for p in errors) == [
        ("enterprises", 2, "enterprise_id"),
        ("projects", 2, "project_id"),
        ("tasks", 2, "task_id"),
    ]


def test_safe_id_pattern():
    assert SAFE_ID.pattern == r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
    assert all(map(is_safe_id, ["qingshui", "jiangzhou_etdz", "QS0001", "a-1", "a" * 64]))
    assert not any(map(is_safe_id, [".", "..", "", "a/b", "a\\b", "a\n", None, "ａ"]))


# ---------------------------------------------------------------- the region tree


def test_unit_that_is_its_own_parent(tmp_path):
    regions = with_rows("regions", ["c", "丙县", "county", "c", "city"])
    errors = errors_of(write_set(tmp_path / "s", regions=regions))
    assert [located(p) for p in errors] == [("regions", 6, "parent_id")]
    assert "own parent" in errors[0].message


def test_cycle_of_parents_is_an_error_even_when_warnings_are_accepted(tmp_path):
    regions = with_rows(
        "regions",
        ["c", "丙县", "county", "d", "city"],  # row 6
        ["d", "丁县", "county", "c", "city"],  # row 7
        ["e", "戊县", "county", "c", "city"],  # row 8: below the cycle, not in it
    )
    ds, problems = validate_dataset(
        write_set(tmp_path / "s", regions=regions), accept_warnings=True
    )
    assert ds is None
    assert [located(p) for p in problems] == [
        ("regions", 6, "parent_id"),
        ("regions", 7, "parent_id"),
    ]
    assert "c -> d -> c" in problems[0].message and "d -> c -> d" in problems[1].message


def test_ranked_kind_without_rank_groups_is_a_note(tmp_path):
    regions = with_rows(
        "regions",
        ["c", "丙县", "county", "city", ""],  # row 6: ranked nowhere
        ["p", "某省", "province", "", ""],  # row 7: no parent, nothing to rank in
    )
    ds, problems = validate_dataset(write_set(tmp_path / "s", regions=regions))
    assert ds is not None
    assert [(located(p), p.severity) for p in problems] == [(("regions", 6, "rank_groups"), "note")]
    assert "ranked nowhere" in problems[0].message and "c (丙县" in problems[0].message
    # a unit left out of ranking on purpose is no doubt about the numbers: not on the page
    assert ds.notes == [str(problems[0])] and ds.warnings == []


# ---------------------------------------------------------------- language and demo


def test_messages_in_chinese_keep_column_names(tmp_path):
    rows = with_rows("indicators", ["b", "value_added", 2021, 6, "", 5000, ""])
    with language("zh"):
        errors = errors_of(write_set(tmp_path / "s", indicators=rows))
    assert "yoy_pct" in errors[0].message and "checked" in errors[0].message
    assert "超出 ±300%" in errors[0].message


def test_demo_data_pass_every_check_without_warnings():
    ds, problems = validate_dataset(DEMO_DATA_DIR)
    assert ds is not None and problems == [], "\n".join(map(str, problems))
    assert load_dataset(DEMO_DATA_DIR).warnings == []


def test_a_header_only_indicators_table_is_an_error_even_when_accepted(tmp_path):
    folder = write_set(tmp_path / "s", indicators=GOOD["indicators"][:1])
    for accept in (False, True):
        ds, problems = validate_dataset(folder, accept_warnings=accept)
        errors = [p for p in problems if p.is_error]
        assert ds is None and len(errors) == 1, problems
        assert errors[0].file == "indicators.csv" and "has no rows" in errors[0].message

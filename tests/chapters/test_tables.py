"""Every chapter's tables are tidy data with codes (for analysis and export), and the page
shows them through the wording layer: one source for both, so they cannot disagree."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd
import pytest

from halfyear_lib.chapters.base import compute, context
from halfyear_lib.chapters.forecast import backtest_data, backtest_table, full_year_table
from halfyear_lib.chapters.indicators import headline_table
from halfyear_lib.data.language import language
from halfyear_lib.data.schema import INDICATORS
from halfyear_lib.paths import DEMO_DATA_DIR

FIXTURES = Path(__file__).parent.parent / "fixtures"
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
CHAPTERS = ("indicators", "industry", "investment")


def chapters(data, region, period):
    ctx = context(data=str(data), region=region, period=period)
    return {cid: compute(cid, ctx) for cid in CHAPTERS}


@pytest.fixture(scope="module")
def demo():
    return chapters(DEMO_DATA_DIR, "qingshui", "2021-06")


@pytest.fixture(scope="module")
def growth_only():
    return chapters(FIXTURES / "growth_only", "aa", "2021-06")


def assert_tidy(name: str, data: pd.DataFrame) -> None:
    bad = [c for c in data.columns if not SNAKE.match(str(c))]
    assert not bad, f"{name}: columns {bad} are not code names"
    if "indicator" in data.columns:
        unknown = set(data["indicator"].dropna()) - set(INDICATORS)
        assert not unknown, f"{name}: {unknown} are not indicator codes"


@pytest.mark.parametrize("which", ["demo", "growth_only"])
def test_every_table_is_tidy_with_codes_and_the_page_shows_it(which, request):
    pages = request.getfixturevalue(which)
    seen = 0
    for chapter in pages.values():
        tidy, shown = chapter.tables(), chapter.display_tables()
        assert list(tidy) == list(shown)
        for name, data in tidy.items():
            assert_tidy(f"{chapter.chapter_id}.{name}", data)
            # a page with data shows a table made from it; none without
            if data.empty:
                assert shown[name].empty, name
            seen += 1
    assert seen >= 8  # headline, units ×2, rate adjustment, required, trends, innovation ...


def test_each_table_has_its_own_name(demo):
    names = [n for c in demo.values() for n in c.tables()]
    assert {"headline", "units_growth", "units_share", "rate_adjustment", "required",
            "trends", "innovation", "tasks", "excluded", "townships"} <= set(names)  # fmt: skip


def test_the_headline_data_holds_the_numbers_unrounded_and_the_page_rounds_them(demo):
    data = demo["indicators"].tables()["headline"]
    shown = demo["indicators"].display_tables()["headline"].set_index("指标")
    va = data.set_index("indicator").loc["value_added"]
    # demo value added 1-6月: 20.35亿 of the 43.0亿 target at 50% time progress
    # share 20.35 / 43.0 = 47.33%: stored unrounded, printed "47.3"; gap 47.33 − 50 = −2.67 pp
    assert va["target"] == pytest.approx(43.0)
    assert va["target_share_pct"] == pytest.approx(100 * va["value"] / 43.0)
    assert va["target_share_pct"] != round(va["target_share_pct"], 1)
    row = shown.loc[INDICATORS["value_added"].label]
    assert row["完成目标(%)"] == "47.3"
    assert row["进度差(百分点)"] == "-2.7"
    assert va["schedule_gap_pp"] == pytest.approx(va["target_share_pct"] - 50.0)
    # the amount ahead of schedule: done − target × 6/12, with its sign (behind: −)
    assert va["ahead_of_schedule"] == pytest.approx(va["value"] - 43.0 * 6 / 12)


def test_the_page_table_changes_with_its_data(demo):
    """The display is made from the tidy data, not beside it: change the data, the page
    follows (a display computed from the facts on its own would not)."""
    head = demo["indicators"].headline
    table = headline_table(head)
    changed = table.data.copy()
    changed.loc[changed["indicator"] == "output", "yoy_pct"] = 12.345
    shown = table.present(changed).set_index("指标")
    assert shown.loc[INDICATORS["output"].label, "同比增长(%)"] == "12.3"


def test_growth_only_data_has_no_levels_and_the_page_says_so_with_dashes(growth_only):
    data = growth_only["indicators"].tables()["headline"]
    assert data["value"].isna().all() and data["yoy_pct"].notna().any()
    shown = growth_only["indicators"].display_tables()["headline"]
    level = [c for c in shown.columns if str(c).endswith("累计(亿元)")]
    assert level and (shown[level[0]] == "—").all()


def test_the_units_data_is_long_with_the_whole_and_the_sum_of_shares(demo):
    data = demo["indicators"].tables()["units_growth"]
    assert set(data["role"]) <= {"whole", "unit", "units_sum"}
    # one row per unit and indicator: no unit appears twice for one indicator
    units = data.loc[data["role"] == "unit"]
    assert not units.duplicated(["region_id", "indicator"]).any()
    sums = data.loc[data["role"] == "units_sum"].set_index("indicator")["share_pct"]
    for code, total in sums.items():
        if not math.isnan(total):
            # the sum row is the sum of the units' shares, e.g. 50 + 30 + 20 = 100
            assert total == pytest.approx(units.loc[units["indicator"] == code, "share_pct"].sum())


def test_the_forecast_tables_are_tidy_and_mark_the_chosen_method():
    from text.test_pages_forecast import sample_forecast

    fc = sample_forecast(6)
    data = backtest_data(fc)
    assert_tidy("backtest", data)
    # one chosen method per indicator, the one results.json names
    chosen = data.loc[data["chosen"]].set_index("indicator")["method"].to_dict()
    assert chosen == {k: v for k, v in fc["chosen"].items() if k in chosen}
    assert_tidy("full_year", full_year_table(fc).data)
    with language("zh"):
        shown = backtest_table(fc).frame
    assert (shown["选用"] == "✓ 选用").sum() == len(chosen)


def test_numbers_are_numbers_and_the_indicator_column_has_one_name(growth_only, demo):
    head = growth_only["indicators"].tables()["headline"]
    # growth-only data: no levels; a missing number is NaN (its sum NaN, not 0)
    assert head["value"].dtype == "float64" and math.isnan(head["value"].sum(min_count=1))
    for chapter in (*growth_only.values(), *demo.values()):
        for name, data in chapter.tables().items():
            assert "code" not in data.columns, f"{name}: the code column is 'indicator'"
    assert "indicator" in demo["industry"].tables()["required"].columns


def test_explore_shows_the_page_tables_and_prints_amounts_as_the_pages_do():
    import halfyear_lib as hy

    ds = hy.load("demo")
    inv = hy.investment(ds, "清水县", "2021-06")
    towns = [
        t for t in inv.tables if t.caption.endswith("各乡镇(园区)") or "Townships" in t.caption
    ]
    assert towns and "乡镇(园区)" in towns[0].frame.columns  # the page's table, not the data
    compare = hy.compare(ds, "清水县、岚溪县", "增加值", "2021-06").tables[0].frame
    head = hy.headline(ds, "清水县", "2021-06").tables[0].frame.set_index("指标")
    va = INDICATORS["value_added"].label
    # the same value added 1-6月 as the headline table prints it (亿元: one rule)
    assert compare.loc[0, "1-6月累计(亿元)"] == head.loc[va, "1-6月累计(亿元)"]


def test_a_page_is_chinese_whatever_the_message_language():
    """--lang en words messages, not the document: page 04's sentences, tables and charts
    stay Chinese (its words once followed the message language)."""
    from text.test_pages_forecast import sample_forecast

    from halfyear_lib.chapters.forecast import ForecastChapter

    chapter = ForecastChapter(None, report=None, fc=sample_forecast(6))
    with language("en"):
        parts = chapter.section("full_year")
        text = parts[0].markdown
        table = parts[1].frame
        charts = [p for p in chapter.section("backtest") if hasattr(p, "make")]
        fig = charts[0].make()
    assert "预计" in text, text[:200]
    assert list(table.columns)[0] == "指标"
    title = " ".join(ax.get_title() for ax in fig.axes)
    assert "回测" in title and "backtest" not in title, title

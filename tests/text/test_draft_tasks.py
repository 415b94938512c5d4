"""Section 一（三）重点工作完成情况 of the drafted summary, from small hand-made results dicts.

The bureau's way (the reference summary): per source 一是/二是, one sentence naming a few
of the tasks going well and counting the rest, then an item 「——题目：…」 only for a task
behind, not started or notable. Numbers are worked here: amounts in 亿元 print two decimals
below 10; percentages and points one decimal.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from halfyear_lib.data.schema import INDICATORS
from halfyear_lib.rendering.summary import plain_text
from halfyear_lib.text.zh.draft import build_draft, lookup
from halfyear_lib.text.zh.draft.tasks import NAMES_PER_STATUS, SECTION_MAX_CHARS

TITLE = "重点工作完成情况"
REFERENCE = Path("/work/shared/reference/halfyear_summary_example.txt")
NUMBER = re.compile(r"(?<![\d.])-?\d+(?:\.\d+)?")


def task(title: str, status: str, source: str = "county", **fields) -> dict:
    """A task item as analysis/tasks.py writes it (the keys the draft reads)."""
    item = {"source": source, "title": title, "metric": None, "target": None, "actual": None,
            "unit": None, "completion_pct": None, "target_gap_pp": None,
            "schedule_gap_pp": None, "status": status, "note": None, "indicator": None}  # fmt: skip
    item.update(fields)
    return item


def results(*items: dict, **extra) -> dict:
    """甲县 at 1-6月 with these tasks; counts and by_source tallied as analysis does."""
    statuses = ("done", "ahead", "on_track", "behind", "not_started")
    sources = sorted({it["source"] for it in items})
    res = {
        "region": "aa",
        "region_name": "甲县",
        "period": "2021-06",
        "period_label": "2021年1-6月",
        "labels": {"indicators": {}, "units": {}, "regions": {"aa": "甲县"}, "rank_groups": {}},
        "indicators": {},
        "rankings": {"city": {}, "counties": {}},
        "tasks": {
            "available": True,
            "counts": {s: sum(it["status"] == s for it in items) for s in statuses},
            "by_source": {
                src: {
                    s: sum(it["status"] == s and it["source"] == src for it in items)
                    for s in statuses
                }
                for src in sources
            },  # fmt: skip
            "items": [copy.deepcopy(it) for it in items],
        },
    }
    res.update(extra)
    return res


def section(res: dict) -> tuple[str, list]:
    """The section's text (paragraphs joined by line breaks) and its sentences."""
    for sec, _ in build_draft(res).walk():
        if sec.title == TITLE:
            text = "\n".join("".join(s.text for s in p) for p in sec.paragraphs)
            return text, [s for p in sec.paragraphs for s in p]
    raise AssertionError(f"no section {TITLE}")


def assert_traced(res: dict, sentences: list) -> None:
    """Every number printed is a slot's, and every slot holds the value at its path."""
    for s in sentences:
        assert NUMBER.findall(s.text) == [n for sl in s.slots for n in NUMBER.findall(sl.text)]
        for slot in s.slots:
            assert lookup(res, slot.path) == slot.value, slot.path


def done_count(title: str, source: str = "county", n: float = 5.0, **fields) -> dict:
    return task(title, "done", source, metric="个数", target=n, actual=n, unit="个",
                completion_pct=100.0, schedule_gap_pp=50.0, **fields)  # fmt: skip


# ------------------------------------------------------------------ a group going well


def test_a_group_all_done_is_one_sentence_without_items():
    res = results(
        done_count("甲任务", "city"), done_count("乙任务", "city"), done_count("丙任务", "city")
    )
    text, sentences = section(res)
    assert NAMES_PER_STATUS == 2  # two named, the third counted: 等3项任务
    assert (
        text.splitlines()[1] == "一是市级政府工作报告任务完成情况。已完成甲任务、乙任务等3项任务。"
    )
    assert "——" not in text and "二是" not in text
    assert text.startswith("纳入跟踪的重点任务中，已完成3项。")
    assert_traced(res, sentences)
    # the 3 is the group's own count (tasks.by_source), not a number the words made up
    slot = next(
        sl for s in sentences for sl in s.slots if sl.text == "3" and "by_source" in sl.path
    )
    assert slot.path == "tasks.by_source.city.done"


def test_the_sentence_names_done_and_ahead_tasks_and_ordinals_follow_the_groups():
    ahead = task("丁任务", "ahead", metric="个数", target=10.0, actual=6.0, unit="个",
                 completion_pct=60.0, schedule_gap_pp=10.0)  # fmt: skip
    res = results(done_count("甲任务"), done_count("乙任务"), ahead)
    text, _ = section(res)
    # only county tasks: 一是 for the county (the ordinal follows the groups present);
    # all named (no 等n项 when every task of the status is named)
    assert "一是县政府工作报告任务完成情况。已完成甲任务、乙任务；丁任务快于时序进度。" in text


def test_a_task_of_another_source_still_gets_its_group():
    res = results(done_count("甲任务", "province"), done_count("乙任务", "county"))
    text, _ = section(res)
    assert "一是县政府工作报告任务完成情况。已完成乙任务。" in text
    assert "二是其他重点任务完成情况。已完成甲任务。" in text


# ------------------------------------------------------------------ items


def test_a_behind_task_gets_an_item_with_its_numbers():
    # 1.5 of 4.0 亿元 = 37.5% at 50.0% time progress: 12.5 points behind
    invest = task("热电联产项目", "behind", "city", metric="累计完成投资", target=4.0,
                  actual=1.5, unit="亿元", completion_pct=37.5, schedule_gap_pp=-12.5,
                  note="土建工程完成约45%")  # fmt: skip
    # 8 of 20 家 = 40.0%: 10.0 points behind
    cloud = task("推进企业上云", "behind", metric="新增上云企业数", target=20.0, actual=8.0,
                 unit="家", completion_pct=40.0, schedule_gap_pp=-10.0)  # fmt: skip
    res = results(invest, cloud)
    text, sentences = section(res)
    assert (
        "——热电联产项目：累计完成投资1.50亿元（目标4亿元），进度滞后，低于时序进度12.5个百分点。"
        "土建工程完成约45%。"
    ) in text
    assert "——推进企业上云：完成8家（目标20家），进度滞后，低于时序进度10.0个百分点。" in text
    assert "为目标的" not in text
    assert_traced(res, sentences)


def test_a_not_started_task_gets_an_item_and_the_title_is_a_data_slot():
    design = task("申报<设计>中心", "not_started", metric="申报企业数", target=2.0, actual=0.0,
                  unit="户", completion_pct=0.0, schedule_gap_pp=-50.0,
                  note="省里下半年集中受理")  # fmt: skip
    res = results(design)
    text, sentences = section(res)
    assert "——申报<设计>中心：尚未启动（目标2户）。省里下半年集中受理。" in text
    # data strings (title, note, unit) are slots of kind text, escaped by each renderer
    kinds = {sl.path.rsplit(".", 1)[-1]: sl.kind for s in sentences for sl in s.slots}
    assert kinds["title"] == kinds["note"] == kinds["unit"] == "text"


def test_a_single_count_task_never_reads_as_a_share_of_its_target():
    team = task("引进人才团队", "done", metric="签约团队数", target=1.0, actual=1.0, unit="个",
                completion_pct=100.0, schedule_gap_pp=50.0, note="已签订合作协议")  # fmt: skip
    lab = task("设立研发机构", "not_started", metric="机构数", target=1.0, actual=0.0,
               unit="个", completion_pct=0.0, schedule_gap_pp=-50.0,
               note="正在洽谈")  # fmt: skip
    firms = task("推荐小巨人企业", "done", metric="推荐企业数", target=2.0, actual=2.0,
                 unit="户", completion_pct=100.0, schedule_gap_pp=50.0,
                 note="有望取得突破")  # fmt: skip
    visits = task("走访企业", "done", metric="走访次数", target=500.0, actual=520.0, unit="次",
                  completion_pct=104.0, schedule_gap_pp=54.0, note="走访全覆盖")  # fmt: skip
    res = results(team, lab, firms, visits)
    text, sentences = section(res)
    assert "——引进人才团队：已完成。已签订合作协议。" in text
    assert "——设立研发机构：尚未启动。正在洽谈。" in text
    assert "——推荐小巨人企业：已完成。有望取得突破。" in text  # done to the number
    assert "——走访企业：完成520次（目标500次），已完成。走访全覆盖。" in text
    assert "为目标的" not in text and "%" not in text
    assert_traced(res, sentences)


def test_an_amount_far_over_its_target_keeps_its_share():
    # 3.0 of 1.5 亿元 = 200.0%: notable for its excess even with no note
    contracts = task("技术合同交易额", "done", metric="技术合同交易额", target=1.5, actual=3.0,
                     unit="亿元", completion_pct=200.0, schedule_gap_pp=150.0)  # fmt: skip
    text, _ = section(results(contracts))
    # the title names the metric: 完成, not the metric twice
    assert "——技术合同交易额：完成3.00亿元，为目标的200.0%，已完成。" in text


def test_a_growth_task_over_and_under_its_target_in_points():
    # 13.8% against 8%: 5.8 points over; 6.5% against 8%: 1.5 points under
    va = task("规上工业增加值增长8%", "ahead", metric="规上工业增加值增速", target=8.0,
              actual=13.8, unit="%", target_gap_pp=5.8, indicator="value_added",
              note="超任务数")  # fmt: skip
    hitech = task("高新技术产业增加值增长8%", "behind", metric="高新技术产业增加值增速",
                  target=8.0, actual=6.5, unit="%", target_gap_pp=-1.5)  # fmt: skip
    flat = task("产值增长5%", "on_track", metric="产值增速", target=5.0, actual=5.04, unit="%",
                target_gap_pp=0.0)  # fmt: skip
    res = results(va, hitech, flat)
    res["indicators"] = {"value_added": {"value": 20.27}}  # 20.27 亿元 prints 20.3
    res["labels"]["units"] = {"value_added": "亿元"}
    text, sentences = section(res)
    # the level of the indicator the task measures, then the growth and the points; the
    # note 超任务数 says what the item says: left out
    assert (
        "——规上工业增加值增长8%：1-6月完成20.3亿元，增长13.8%，超任务数5.8个百分点。\n"
    ) in text + "\n"
    assert "——高新技术产业增加值增长8%：增长6.5%，低于目标1.5个百分点。" in text
    assert "——产值增长5%：增长5.0%，与目标持平。" in text
    assert "为目标的" not in text
    assert_traced(res, sentences)


def test_the_opening_count_is_dropped_when_it_disagrees_with_the_items():
    res = results(done_count("甲任务"))
    res["tasks"]["counts"]["done"] = 2  # one item, two counted: which one is right?
    text, _ = section(res)
    assert not text.startswith("纳入跟踪")
    assert text.startswith("一是县政府工作报告任务完成情况。已完成甲任务。")


def test_a_unit_without_a_tasks_table_keeps_the_placeholder():
    for tasks in ({"available": False, "counts": {}, "items": []}, None):
        res = results()
        if tasks is None:
            del res["tasks"]
        else:
            res["tasks"] = tasks
        text, _ = section(res)
        assert text == "【待补充：数据中没有重点任务表，重点工作完成情况请据实填写】"


# ------------------------------------------------------------------ the demo


@pytest.fixture(scope="module")
def demo_results() -> dict:
    """What the demo run puts in results.json for this section (tasks, the indicators'
    levels and units), computed by the analysis modules without running the notebooks."""
    from halfyear_lib.analysis.indicators import indicator_status
    from halfyear_lib.analysis.tasks import task_status
    from halfyear_lib.data.loading import load_dataset
    from halfyear_lib.data.periods import Period
    from halfyear_lib.paths import DEMO_DATA_DIR

    ds, june = load_dataset(DEMO_DATA_DIR), Period(2021, 6)
    tasks = task_status(ds, "qingshui", june).to_results()
    codes = {it["indicator"] for it in tasks["items"] if it["indicator"]}
    res = results()
    res.update(region="qingshui", region_name="清水县", tasks=tasks)
    res["labels"]["units"] = {code: spec.unit for code, spec in INDICATORS.items()}
    res["indicators"] = {
        code: {"value": indicator_status(ds.as_of(june), "qingshui", code, june).value}
        for code in codes
    }
    return res


def reference_section_chars() -> int:
    """Characters of the reference summary's section (三), spaces and line breaks not
    counted (the same measure as the demo's below)."""
    text = REFERENCE.read_text(encoding="utf-8")
    body = text[
        text.index("(三)重点工作完成情况") + len("(三)重点工作完成情况") : text.index("(四)")
    ]
    return len(re.sub(r"\s", "", body))


def test_the_demo_section_is_no_longer_than_the_reference_and_shares_are_rare(demo_results):
    if REFERENCE.exists():
        assert reference_section_chars() == SECTION_MAX_CHARS == 1191
    draft_text = plain_text(build_draft(demo_results))
    start = draft_text.index("（三）" + TITLE + "\n") + len("（三）" + TITLE + "\n")
    body = draft_text[start : draft_text.index("（四）")]
    assert len(re.sub(r"\s", "", body)) <= SECTION_MAX_CHARS
    assert body.count("为目标的") <= 3
    # grouped by source, the two groups as the bureau opens them
    assert "\n一是市级政府工作报告任务完成情况。" in "\n" + body
    assert "\n二是县政府工作报告任务完成情况。" in body


def test_the_demo_section_tells_every_task_not_going_well(demo_results):
    text, sentences = section(demo_results)
    items = demo_results["tasks"]["items"]
    for it in items:
        if it["status"] in ("behind", "not_started") or it["unit"] == "%":
            assert "——" + it["title"] + "：" in text, it["title"]
    # 增加值 13.8% against 8%: 5.8 points over its target
    assert "增长13.8%，超任务数5.8个百分点" in text
    # counts in the opening are the items' (31 tasks: 11 done, 12 ahead, 7 behind, 1 not)
    assert text.startswith(
        "纳入跟踪的重点任务中，已完成11项、快于时序进度12项、进度滞后7项、尚未启动1项。"
    )
    assert_traced(demo_results, sentences)

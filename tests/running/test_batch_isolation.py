"""A bad unit fails alone in a batch. Before, one county's 1-6月 output typed as ``abc`` made
``halfyear batch --regions all`` refuse every unit ("未运行任何报告"); a batch over a period
before the data start said 成功 with empty reports."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from conftest import halfyear, page_text
from test_batch import RecordingExecutor  # runs nothing, answers ok for each task

from halfyear_lib.data.loading import validate_dataset
from halfyear_lib.paths import DEMO_DATA_DIR
from halfyear_lib.running.batch import STATUS_FAILED, STATUS_OK, PlannedRun, run_batch

ROW_HEAD = "region_id,indicator,year,month,value,yoy_pct,base,unit"


def _copy_demo(tmp_path, name="city"):
    data = tmp_path / name
    shutil.copytree(DEMO_DATA_DIR, data)
    return data


def _set_cell(data, table: str, match: str, column: int, value: str) -> int:
    """Replace field ``column`` of the first line starting with ``match``; return its
    spreadsheet row (header = row 1)."""
    path = data / f"{table}.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    for i, line in enumerate(lines):
        if line.startswith(match):
            cells = line.split(",")
            cells[column] = value
            lines[i] = ",".join(cells)
            path.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return i + 1
    raise AssertionError(match)


@pytest.fixture
def bad_lanxi(tmp_path):
    data = _copy_demo(tmp_path)
    assert (data / "indicators.csv").read_text(encoding="utf-8-sig").startswith(ROW_HEAD)
    row = _set_cell(data, "indicators", "lanxi,output,2021,6,", 4, "abc")
    return data, row


def test_errors_in_one_units_rows_isolate_that_unit(bad_lanxi):
    data, row = bad_lanxi
    ds, problems = validate_dataset(data)  # a single run: stops, as before
    assert ds is None and any(p.row == row for p in problems)
    ds, problems = validate_dataset(data, isolate_units=True)
    assert ds is not None and [p for p in problems if p.is_error] == []
    (message,) = ds.broken_units["lanxi"]
    assert message.startswith(f"indicators.csv, row {row}, column value: 'abc' is not a number")
    assert list(ds.broken_units) == ["lanxi"]
    # the unit stays a unit (it is in the regions table) but has no rows left
    assert "lanxi" in set(ds.regions["region_id"])
    for table in ("indicators", "targets", "industries", "enterprises", "projects", "townships"):
        assert not (ds[table]["region_id"] == "lanxi").any(), table
    assert (ds["indicators"]["region_id"] == "qingshui").any()
    # it survives the snapshot a batch's workers load
    snap = ds.save_snapshot(data.parent / "snap.pkl")
    assert type(ds).load_snapshot(snap).broken_units == ds.broken_units


def test_a_summed_up_problem_of_one_unit_is_that_units(tmp_path):
    """25 bad cells: 20 are listed, the rest summed up in one problem whose rows all
    belong to lanxi, so it is still lanxi's alone."""
    data = _copy_demo(tmp_path)
    path = data / "indicators.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    hits = [i for i, line in enumerate(lines) if line.startswith("lanxi,output,")][:25]
    for i in hits:
        cells = lines[i].split(",")
        cells[4] = "x"
        lines[i] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    ds, problems = validate_dataset(data, isolate_units=True)
    assert ds is not None and list(ds.broken_units) == ["lanxi"]
    assert len(ds.broken_units["lanxi"]) == 21  # 20 cells and "5 more rows ..."
    assert "5 more rows" in ds.broken_units["lanxi"][-1]


@pytest.mark.parametrize(
    "where",
    ["regions", "the city (a parent)", "unknown unit", "two units, one shared"],
)
def test_problems_outside_one_units_rows_still_stop_the_batch(tmp_path, where):
    data = _copy_demo(tmp_path)
    if where == "regions":
        _set_cell(data, "regions", "lanxi,", 2, "planet")  # kind: a shared table
    elif where == "the city (a parent)":
        _set_cell(data, "indicators", "jiangzhou,output,2021,6,", 4, "abc")
    elif where == "unknown unit":
        _set_cell(data, "indicators", "lanxi,output,2021,6,", 0, "nowhere")
    else:
        _set_cell(data, "indicators", "lanxi,output,2021,6,", 4, "abc")
        _set_cell(data, "regions", "qingshui,", 2, "planet")
    ds, problems = validate_dataset(data, isolate_units=True)
    assert ds is None and any(p.is_error for p in problems)


def test_two_broken_units_each_fail_alone(tmp_path):
    data = _copy_demo(tmp_path)
    _set_cell(data, "indicators", "lanxi,output,2021,6,", 4, "abc")
    _set_cell(data, "targets", "meiling,", 3, "lots")
    ds, _ = validate_dataset(data, isolate_units=True)
    assert sorted(ds.broken_units) == ["lanxi", "meiling"]
    assert "targets.csv" in ds.broken_units["meiling"][0]


def test_the_batch_runs_every_other_unit_and_records_the_broken_one(bad_lanxi, tmp_path):
    data, row = bad_lanxi
    executor = RecordingExecutor()
    out = tmp_path / "out"
    result = run_batch(data, "all", "2021-06", out, executor=executor)
    ran = [t.region for t in executor.tasks]
    assert "lanxi" not in ran and len(ran) == 11 and "qingshui" in ran
    (failed,) = result.failed
    assert (failed.region, failed.status, failed.seconds) == ("lanxi", STATUS_FAILED, 0.0)
    assert failed.error.startswith("the data of this unit have 1 error; its report is not run")
    assert f"indicators.csv, row {row}, column value" in failed.error
    record = json.loads(result.record.read_text(encoding="utf-8"))
    (rec,) = [r for r in record["runs"] if r["region"] == "lanxi"]
    assert rec["status"] == "failed" and f"row {row}" in rec["error"]
    index = page_text(result.index)
    assert "运行失败" in index and f"第 {row} 行" not in index  # English messages in tests
    assert f"row {row}, column value" in index


def test_a_period_without_data_is_a_failure_never_a_success(tmp_path):
    executor = RecordingExecutor()
    result = run_batch(
        DEMO_DATA_DIR,
        plan=[
            PlannedRun("qingshui", "2015-06", source="early.yaml"),
            PlannedRun("qingshui", "2021-06", source="ok.yaml"),
        ],
        out_dir=tmp_path / "out",
        executor=executor,
    )
    assert [t.period for t in executor.tasks] == ["2021-06"]
    early, ok = result.runs
    assert early.status == STATUS_FAILED and ok.status == STATUS_OK
    # the demo's data start at 1-2月 2016
    assert early.error == "no data for 2015-06: its data start at 2016-02; the report is not run"
    assert early.params_file == "early.yaml"


def test_the_command_line_runs_the_others_and_their_pages_say_who_is_left_out(bad_lanxi, tmp_path):
    data, row = bad_lanxi
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    out = tmp_path / "reports"
    proc = halfyear(
        "batch", "--data", str(data), "--regions", "清水县,岚溪县", "--periods", "2021-06",
        "--notebook", "01_indicators.ipynb", "--out", str(out), "--workers", "1", lang="zh",
        timeout=600,
    )  # fmt: skip
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before  # inputs untouched
    assert proc.returncode == 1, proc.stderr
    assert "错误：lanxi（岚溪县）的数据有 1 个错误，其报告不运行，其他单位照常运行" in proc.stderr
    assert f"indicators.csv，第 {row} 行，列 value" in proc.stderr
    rows = {
        line.split()[0]: line.split() for line in proc.stdout.splitlines() if line[:1].isalpha()
    }
    assert rows["qingshui"][3] == "成功" and rows["lanxi"][3] == "失败"
    page = page_text(out / "2021-06" / "qingshui" / "01_indicators.html")
    assert "排名未含：岚溪县（数据有误）" in page
    results = json.loads((out / "2021-06" / "qingshui" / "results.json").read_text("utf-8"))
    assert results["ranks_excluded"] == [{"region": "lanxi", "name": "岚溪县"}]
    # the draft says so too, beside the ranks it gives (found by review: it did not)
    draft = (out / "2021-06" / "qingshui" / "summary.md").read_text("utf-8")
    draft = re.sub(r"<!--.*?-->", "", draft)
    assert "（排名未含岚溪县，其数据有误）" in draft
    # and the page says it once, not also "另有1个单位缺少数据" for every indicator
    assert "另有1个单位缺少数据" not in page
    # 11 of 12 units left in the city's ranking: lanxi is counted as missing, not ranked
    assert "lanxi" in results["indicators"]["output"]["rank_city_missing"]
    assert not (out / "2021-06" / "lanxi").exists()


def test_the_left_out_unit_is_named_as_text_on_the_page_and_in_the_draft():
    """A name from data in the 排名未含 line: escaped Markdown on 01, a traced text slot in
    the draft (never markup, never dropped silently)."""
    from halfyear_lib.analysis.indicators import Headline
    from halfyear_lib.data.periods import Period
    from halfyear_lib.text.zh.indicators import headline_notes

    hostile = "<b>乙县</b>*"
    head = Headline("a", "甲县", Period(2021, 6), [], excluded=(("b", hostile),))
    notes = headline_notes(head)
    assert "排名未含：" in notes and "（数据有误）" in notes
    assert "<b>" not in notes and "&lt;b&gt;乙县&lt;&#47;b&gt;\\*" in notes
    assert head.to_results()["ranks_excluded"] == [{"region": "b", "name": hostile}]
    # the draft's clause is checked end to end in the command-line test above

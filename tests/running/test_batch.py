"""Batch runs: choosing regions and periods, the summary, runs from params files, and one
real batch, locally and on a Dask cluster, in which one unit fails alone while the other's
report is complete."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import pytest
from conftest import halfyear

from halfyear_lib.data.periods import Period, PeriodError
from halfyear_lib.paths import DEMO_DATA_DIR
from halfyear_lib.running.batch import (
    STATUS_FAILED,
    STATUS_OK,
    BatchInputError,
    BatchResult,
    PlannedRun,
    RunOutcome,
    Task,
    display_width,
    parse_periods,
    period_range,
    region_order,
    resolve_region,
    resolve_regions,
    run_batch,
    summary_table,
)
from halfyear_lib.running.dask_executor import DaskCluster, SchedulerError, _worker_problems
from halfyear_lib.text.numbers import format_amount


def isos(periods):
    return [p.iso for p in periods]


@pytest.mark.parametrize(
    "spec, expected",
    [
        ("2021-06", ["2021-06"]),
        ("2021-03,2021-06", ["2021-03", "2021-06"]),
        # a range holds both ends; 1-2月 is the first period of a year
        ("2021-02:2021-06", ["2021-02", "2021-03", "2021-04", "2021-05", "2021-06"]),
        # across a year end month 1 is skipped: 1-12月 is followed by 1-2月
        ("2020-11:2021-03", ["2020-11", "2020-12", "2021-02", "2021-03"]),
        ("2021-06:2021-06", ["2021-06"]),
        # lists and ranges mix; duplicates go, the order given stays
        ("2021-06, 2021-02:2021-03，2021-06", ["2021-06", "2021-02", "2021-03"]),
        ("2021年1-6月", ["2021-06"]),
    ],
)
def test_periods_from_lists_and_ranges(spec, expected):
    assert isos(parse_periods(spec)) == expected


@pytest.mark.parametrize("spec", ["2021-01", "2021-01:2021-03", "2021-02:2022-01"])
def test_month_1_is_not_a_period(spec):
    with pytest.raises(PeriodError, match="January is published with February as 1-2月"):
        parse_periods(spec)


@pytest.mark.parametrize(
    "spec, message",
    [("2021-06:2021-02", "runs backwards"), ("", "no period given"), ("2021-13", "month 13")],
)
def test_bad_period_specs_are_refused(spec, message):
    with pytest.raises(PeriodError, match=message):
        parse_periods(spec)


def test_a_range_over_two_years_has_11_periods_a_year():
    assert len(period_range(Period(2020, 2), Period(2021, 12))) == 22


@pytest.fixture
def units(dataset_factory):
    return dataset_factory(
        regions=[
            {"region_id": "lanxi", "name": "岚溪县", "kind": "county", "parent_id": "jz"},
            {"region_id": "jz", "name": "江洲市", "kind": "city"},
            {"region_id": "zone", "name": "开发区", "kind": "zone", "parent_id": "jz"},
            {"region_id": "anlan", "name": "安澜市", "kind": "county_city", "parent_id": "jz"},
        ]
    )


def test_regions_by_id_or_chinese_name(units):
    assert resolve_region(units, "岚溪县") == "lanxi"
    assert resolve_region(units, " lanxi ") == "lanxi"
    # full-width commas and 、 as analysts type them; a unit named twice runs once
    assert resolve_regions(units, "岚溪县，zone、lanxi") == ["lanxi", "zone"]
    assert resolve_regions(units, ["江洲市", "anlan"]) == ["jz", "anlan"]


def test_all_is_every_unit_city_first_then_counties_districts_zones(units):
    assert region_order(units)[0] == ("jz", "江洲市")
    assert resolve_regions(units, "all") == ["jz", "anlan", "lanxi", "zone"]


def test_a_wrong_region_lists_the_valid_ones_with_their_names(units):
    with pytest.raises(BatchInputError) as err:
        resolve_regions(units, "lanxi,清水县")
    message = str(err.value)
    assert "'清水县' is not in the regions table" in message
    assert "jz (江洲市), anlan (安澜市), lanxi (岚溪县), zone (开发区)" in message


def test_summary_table_names_the_failing_notebook_cell_and_error(tmp_path):
    result = BatchResult(
        [
            RunOutcome("lanxi", "2021-06", STATUS_OK, 12.34, "岚溪县"),
            RunOutcome(
                "meiling", "2021-06", STATUS_FAILED, 3.0, "梅岭县",
                notebook="02_industry.ipynb", cell=7, error="ZeroDivisionError: division by zero",
            ),
        ],
        tmp_path,
        seconds=15.3,
        workers=2,
    )  # fmt: skip
    lines = summary_table(result).splitlines()
    assert lines[0].split() == [
        "region",
        "period",
        "status",
        "seconds",
        "notebook",
        "cell",
        "error",
    ]
    assert lines[2].split() == ["lanxi", "岚溪县", "2021-06", "ok", "12.3"]
    assert lines[3].split()[:7] == [
        "meiling", "梅岭县", "2021-06", "FAILED", "3.0", "02_industry.ipynb", "7",
    ]  # fmt: skip
    assert lines[3].endswith("ZeroDivisionError: division by zero")
    # columns line up although names are Chinese (two columns per character)
    starts = [display_width(line[: line.index(word)]) for line, word in
              ((lines[0], "period"), (lines[2], "2021-06"), (lines[3], "2021-06"))]  # fmt: skip
    assert starts == [16, 16, 16]
    assert lines[-1] == "1 ok, 1 failed, 15.3 s with 2 workers"


# ------------------------------------------------------------------ one real batch

GOOD, BROKEN = "lanxi", "nodata"


@pytest.fixture(scope="module")
def city(tmp_path_factory):
    """The demo city with one more unit, ``nodata``, that has no indicator rows."""
    data = tmp_path_factory.mktemp("data") / "city"
    shutil.copytree(DEMO_DATA_DIR, data)
    with open(data / "regions.csv", "a", encoding="utf-8") as fh:
        fh.write(f"{BROKEN},无数据县,county,jiangzhou,city;counties\n")
    return data


@pytest.fixture(scope="module")
def batch(tmp_path_factory, city):
    """Two units, one period, one notebook, two workers; ``nodata`` has no indicator rows."""
    data = city
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    out = tmp_path_factory.mktemp("reports")
    proc = halfyear(
        "batch", "--data", str(data), "--regions", f"岚溪县,{BROKEN}", "--periods", "2021-06",
        "--out", str(out), "--notebook", "01_indicators.ipynb", "--workers", "2", timeout=300,
    )  # fmt: skip
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before  # inputs untouched
    return proc, out


def test_one_broken_unit_fails_alone_and_the_exit_code_says_so(batch):
    proc, _ = batch
    assert proc.returncode == 1, proc.stderr
    rows = {line.split()[0]: line for line in proc.stdout.splitlines() if line[:1].isalpha()}
    assert rows[GOOD].split()[2:4] == ["2021-06", "ok"]
    assert rows[BROKEN].split()[2:4] == ["2021-06", "FAILED"]
    assert "no data for 2021-06: this unit has no indicator rows at all" in rows[BROKEN]
    assert "1 ok, 1 failed" in proc.stdout and "Traceback" not in proc.stderr
    assert "notebooks 2/2" in proc.stderr  # the progress bar (one notebook a run)


def test_batch_xlsx_beside_the_index_reads_back_equal_to_results_json(batch):
    """batch.xlsx: the period's sheet holds the good unit's row, each number as its
    results.json holds it rounded as the index prints it."""
    from openpyxl import load_workbook

    from halfyear_lib.data.schema import INDICATORS
    from halfyear_lib.text.numbers import amount_decimals, rounded

    proc, out = batch
    assert "batch.xlsx" in proc.stdout
    results = json.loads((out / "2021-06" / GOOD / "results.json").read_text(encoding="utf-8"))
    ws = load_workbook(out / "batch.xlsx")["2021年1-6月"]
    groups, fields = [c.value for c in ws[1]], [c.value for c in ws[2]]
    for j in range(1, len(groups)):  # the merged group name spans its columns
        groups[j] = groups[j] or groups[j - 1]
    row = next(
        r for r in ws.iter_rows(min_row=3, values_only=True) if r[0] == results["region_name"]
    )
    checked = 0
    for code in ("output", "value_added", "industrial_investment"):
        entry = results["indicators"][code]
        for j, (group, field) in enumerate(zip(groups, fields, strict=True)):
            if group != INDICATORS[code].label:
                continue
            if field == "累计值(亿元)":
                want = float(rounded(entry["value"], amount_decimals(entry["value"])))
            elif field == "增长(%)":
                want = float(rounded(entry["yoy_pct"], 1))
            elif field.startswith("全市排名"):
                want = entry["rank_city"]
            else:
                continue
            assert row[j] == pytest.approx(want), (code, field)
            checked += 1
    assert checked == 9


def test_the_good_report_is_complete(batch):
    _, out = batch
    report = out / "2021-06" / GOOD
    assert sorted(p.name for p in report.iterdir()) == [
        "00_summary.html", "01_indicators.html", "01_indicators.ipynb", "results.json",
        "run.json", "summary.docx", "summary.md", "summary_trace.json", "tables.xlsx",
    ]  # fmt: skip
    results = json.loads((report / "results.json").read_text(encoding="utf-8"))
    assert results["region"] == GOOD and results["period"] == "2021-06"
    run = json.loads((report / "run.json").read_text(encoding="utf-8"))
    assert run["parameters"]["batch"]  # which batch made it
    assert not (out / "2021-06" / BROKEN).exists()
    assert not [p for p in out.rglob(".tmp-*")]  # the batch's snapshot folder is gone


def test_the_batch_record_lists_every_run(batch):
    _, out = batch
    (record,) = out.glob("batch-*.json")
    runs = json.loads(record.read_text(encoding="utf-8"))["runs"]
    assert [(r["region"], r["period"], r["status"]) for r in runs] == [
        (GOOD, "2021-06", "ok"), (BROKEN, "2021-06", "failed"),
    ]  # fmt: skip
    assert runs[0]["seconds"] > 0 and runs[1]["error"].startswith("no data for 2021-06")


def test_the_index_links_the_report_and_lists_the_failure(batch):
    _, out = batch
    page = (out / "index.html").read_text(encoding="utf-8")
    # the unit's name opens its report at the top (the drafted summary); each page linked
    assert f'href="2021-06/{GOOD}/00_summary.html">岚溪县</a>' in page
    assert f'href="2021-06/{GOOD}/01_indicators.html"' in page
    results = json.loads((out / "2021-06" / GOOD / "results.json").read_text(encoding="utf-8"))
    value_added = results["indicators"]["value_added"]
    assert (
        f'<td class="num" data-sort="{value_added["value"]!r}">'
        f"{format_amount(value_added['value'])}</td>" in page  # the amount rule, as on every page
    )
    failed = page[page.index('id="failed"') :]
    assert f"{BROKEN} 无数据县" in failed and "this unit has no indicator rows at all" in failed
    assert "@font-face" in page and page.count("<script") == 1  # the inline sorting only


def test_bad_requests_stop_before_any_run(tmp_path):
    proc = halfyear("batch", "--regions", "nowhere", "--out", str(tmp_path), timeout=120)
    assert proc.returncode == 2
    assert "'nowhere' is not in the regions table" in proc.stderr
    assert "qingshui (清水县)" in proc.stderr
    proc = halfyear("batch", "--periods", "2021-02:2021-07", "--out", str(tmp_path), timeout=120)
    assert proc.returncode == 2 and "no data for period(s) 2021-07" in proc.stderr
    assert list(tmp_path.iterdir()) == []


# ------------------------------------------------------------------ params files


class RecordingExecutor:
    """An executor that runs nothing: it keeps the tasks and answers ok for each."""

    workers, scheduler = 3, None

    def __init__(self):
        self.tasks = []

    def open(self):
        pass

    def check(self, tasks):
        pass

    def close(self):
        pass

    def run(self, items, done):
        for i, task in items:
            self.tasks.append(task)
            done(i, RunOutcome(task.region, task.period, STATUS_OK, 1.0, task.region_name))


def test_a_plan_of_params_files_gives_each_run_its_own_parameters(city, tmp_path):
    executor = RecordingExecutor()
    plan = [
        PlannedRun("岚溪县", "2021-05", highlights={"top_rank": 5}, source="runs/a.yaml"),
        PlannedRun("qingshui", "2021-06", notebooks=("01_indicators.ipynb",), source="runs/b.yaml"),
    ]
    result = run_batch(
        city, out_dir=tmp_path, notebooks=("02_industry.ipynb",), highlights={"top_rank": 2},
        plan=plan, executor=executor, write_index_page=False,
    )  # fmt: skip
    tasks = executor.tasks
    # the Chinese name became the id; each run keeps its period
    assert [(t.region, t.region_name, t.period) for t in tasks] == [
        ("lanxi", "岚溪县", "2021-05"), ("qingshui", "清水县", "2021-06"),
    ]  # fmt: skip
    # a run without its own notebooks / highlights takes the batch's
    assert [t.notebooks for t in tasks] == [("02_industry.ipynb",), ("01_indicators.ipynb",)]
    assert [t.highlights for t in tasks] == [{"top_rank": 5}, {"top_rank": 2}]
    assert [r.params_file for r in result.runs] == ["runs/a.yaml", "runs/b.yaml"]
    record = json.loads(result.record.read_text(encoding="utf-8"))
    assert [r["params_file"] for r in record["runs"]] == ["runs/a.yaml", "runs/b.yaml"]
    assert record["workers"] == 3 and record["scheduler"] is None


@pytest.mark.parametrize(
    "plan, message",
    [
        (
            [PlannedRun("lanxi", "2021-06", source="a.yaml"),
             PlannedRun("岚溪县", "2021-06", source="b.yaml")],
            "b.yaml: lanxi 2021-06 is already asked for by a.yaml",
        ),
        ([PlannedRun("nowhere", "2021-06", source="c.yaml")],
         "c.yaml: region 'nowhere' is not in the regions table"),
        ([PlannedRun("lanxi", "2021-07", source="d.yaml")], "d.yaml: no data for period(s) 2021-07"),
        ([PlannedRun("lanxi", "2021-06", notebooks=("99_x.ipynb",), source="e.yaml")],
         "e.yaml: notebook '99_x.ipynb' is not one of the project's report notebooks"),
    ],
)  # fmt: skip
def test_a_bad_run_of_a_plan_is_named_by_its_file_before_anything_runs(
    city, tmp_path, plan, message
):
    executor = RecordingExecutor()
    with pytest.raises(BatchInputError, match=re.escape(message)):
        run_batch(city, out_dir=tmp_path / "out", plan=plan, executor=executor)
    assert executor.tasks == [] and not (tmp_path / "out").exists()


def write_runs(folder, **files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return folder


def test_batch_from_a_params_folder(city, tmp_path):
    # two runs of the broken unit: each fails at once (no indicator rows), no kernel starts
    runs = write_runs(
        tmp_path / "runs",
        b_june=f'region: {BROKEN}\nperiod: "2021-06"\n',
        a_may='region: 无数据县\nperiod: "2021-05"\n',
    )
    (runs / "notes.txt").write_text("not a run", encoding="utf-8")
    out = tmp_path / "out"
    proc = halfyear("batch", "--data", str(city), "--params-dir", str(runs), "--out", str(out),
                    "--workers", "1", timeout=300)  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    rows = [line.split()[:4] for line in proc.stdout.splitlines() if line.startswith(BROKEN)]
    # one run per file, in the files' order (by name)
    assert rows == [
        [BROKEN, "无数据县", "2021-05", "FAILED"],
        [BROKEN, "无数据县", "2021-06", "FAILED"],
    ]
    (record,) = out.glob("batch-*.json")
    runs_done = json.loads(record.read_text(encoding="utf-8"))["runs"]
    assert [r["params_file"] for r in runs_done] == [str(runs / "a_may.yaml"),
                                                     str(runs / "b_june.yaml")]  # fmt: skip


def test_params_files_are_checked_and_named(city, tmp_path):
    runs = write_runs(tmp_path / "runs", one='region: lanxi\nperiod: "2021-13"\n')
    proc = halfyear("batch", "--data", str(city), "--params-dir", str(runs), "--out",
                    str(tmp_path / "out"), timeout=120)  # fmt: skip
    assert proc.returncode == 2
    assert f"{runs / 'one.yaml'}: parameter period:" in proc.stderr and "month 13" in proc.stderr
    # a run file may not move the batch to another data set
    other = write_runs(
        tmp_path / "other", two=f'region: lanxi\nperiod: "2021-06"\ndata: {DEMO_DATA_DIR}\n'
    )
    base = write_runs(tmp_path / "base", base=f"data: {city}\n") / "base.yaml"
    proc = halfyear("batch", "--run-params", str(other / "two.yaml"), "--params", str(base),
                    "--out", str(tmp_path / "out"), timeout=120)  # fmt: skip
    assert proc.returncode == 2
    assert f"{other / 'two.yaml'}: data is '{DEMO_DATA_DIR}', but the batch's is '{city}'" in (
        proc.stderr
    )
    # --data (a flag) wins over the file, as for halfyear run: the runs agree, and the next
    # problem (a --notebook flag naming no report notebook) is named by its key
    proc = halfyear("batch", "--data", str(city), "--run-params", str(other / "two.yaml"),
                    "--out", str(tmp_path / "out"), "--notebook", "99_none.ipynb", timeout=120)  # fmt: skip
    assert proc.returncode == 2
    assert "parameter notebooks: notebook '99_none.ipynb' is not one of the project's" in (
        proc.stderr
    )
    proc = halfyear("batch", "--params-dir", str(runs), "--regions", "lanxi", timeout=120)
    assert proc.returncode == 2 and "either as --regions/--periods or as params files" in (
        proc.stderr
    )
    assert not (tmp_path / "out").exists()


# ------------------------------------------------------------------ on a Dask cluster


@pytest.fixture(scope="module")
def cluster():
    """Two worker processes of one thread; a run whose worker dies is not retried (the
    default, 3 retries, would take down three more workers first)."""
    from distributed import LocalCluster

    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
        scheduler_kwargs={"allowed_failures": 0},
    )  # fmt: skip
    try:
        yield cluster
    finally:
        cluster.close()


@pytest.fixture(scope="module")
def dask_batch(tmp_path_factory, city, cluster):
    """The batch of ``batch`` (one good unit, one broken) on the cluster's workers."""
    out = tmp_path_factory.mktemp("dask-reports")
    proc = halfyear(
        "batch", "--data", str(city), "--regions", f"岚溪县,{BROKEN}", "--periods", "2021-06",
        "--out", str(out), "--notebook", "01_indicators.ipynb",
        "--scheduler", cluster.scheduler_address, timeout=300,
    )  # fmt: skip
    return proc, out


def test_on_a_dask_cluster_the_broken_unit_fails_alone(dask_batch, cluster):
    proc, out = dask_batch
    assert proc.returncode == 1, proc.stderr
    rows = {line.split()[0]: line for line in proc.stdout.splitlines() if line[:1].isalpha()}
    assert rows[GOOD].split()[2:4] == ["2021-06", "ok"]
    assert rows[BROKEN].split()[2:4] == ["2021-06", "FAILED"]
    assert "no data for 2021-06: this unit has no indicator rows at all" in rows[BROKEN]
    assert f"with 2 workers of the Dask cluster {cluster.scheduler_address}" in proc.stdout
    assert "notebooks 2/2" in proc.stderr and "Traceback" not in proc.stderr
    assert not [p for p in out.rglob(".tmp-*")]  # the snapshot folder is gone


def test_a_dask_batch_writes_what_a_local_batch_writes(dask_batch, batch, cluster):
    (_, out), (_, local_out) = dask_batch, batch
    report, local = out / "2021-06" / GOOD, local_out / "2021-06" / GOOD
    assert sorted(p.name for p in report.iterdir()) == sorted(p.name for p in local.iterdir())
    results = json.loads((report / "results.json").read_text(encoding="utf-8"))
    expected = json.loads((local / "results.json").read_text(encoding="utf-8"))
    # every number of the report, the headline values among them, as the local run wrote
    assert results["indicators"]["value_added"]["yoy_pct"] is not None
    assert results == expected
    run = json.loads((report / "run.json").read_text(encoding="utf-8"))
    assert run["parameters"]["scheduler"] == cluster.scheduler_address
    page = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="2021-06/{GOOD}/00_summary.html">岚溪县</a>' in page
    assert f"{BROKEN} 无数据县" in page[page.index('id="failed"') :]
    (record,) = out.glob("batch-*.json")
    record = json.loads(record.read_text(encoding="utf-8"))
    assert record["scheduler"] == cluster.scheduler_address and record["workers"] == 2
    workers = set(cluster.scheduler_info["workers"])
    ran = [r for r in record["runs"] if r["region"] != BROKEN]
    assert ran and {r["worker"] for r in ran} <= workers  # where each ran
    # the unit without data is refused before it reaches a worker
    assert [r["worker"] for r in record["runs"] if r["region"] == BROKEN] == [None]


def test_an_unreachable_scheduler_is_named_and_nothing_is_written(tmp_path):
    out = tmp_path / "out"
    proc = halfyear("batch", "--scheduler", "tcp://127.0.0.1:1", "--out", str(out),
                    "--notebook", "01_indicators.ipynb", timeout=120)  # fmt: skip
    assert proc.returncode == 2
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:1" in proc.stderr
    assert "Traceback" not in proc.stderr and not out.exists()


def test_the_normal_command_line_does_not_import_dask():
    code = (
        "import sys; from halfyear_lib import cli; from halfyear_lib.running import batch; "
        "cli._parser(); print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('dask', 'distributed')))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.stdout.strip() == "[]", proc.stderr


def _task(region: str, **fields) -> Task:
    values = dict(data="", snapshot="", region=region, region_name="", period="2021-06",
                  out_dir="", notebooks=(), accept_warnings=False, max_abs_growth_pct=300.0,
                  highlights={}, lang="en", batch_id="test")  # fmt: skip
    return Task(**(values | fields))


def test_workers_that_cannot_reach_the_snapshot_stop_the_batch(cluster, city, tmp_path):
    executor = DaskCluster(cluster.scheduler_address)
    executor.open()
    try:
        task = _task(GOOD, data=str(city), snapshot=str(tmp_path / "no.pkl"),
                     out_dir=str(tmp_path), notebooks=("01_indicators.ipynb",))  # fmt: skip
        with pytest.raises(SchedulerError) as err:
            executor.check([task])
    finally:
        executor.close()
    lines = str(err.value).splitlines()
    assert lines[0].startswith(f"workers of the Dask cluster at {cluster.scheduler_address}")
    # one line per worker, naming it and the snapshot
    assert sorted(line.split()[0].rstrip(":") for line in lines[1:]) == sorted(
        cluster.scheduler_info["workers"]
    )
    assert all(f"cannot read the batch's snapshot {tmp_path / 'no.pkl'}" in x for x in lines[1:])


def test_a_worker_of_another_version_is_named():
    facts = {"version": "0.0.9", "notebooks": {"": "abc"}, "data_readable": False,
             "snapshot_readable": True, "out_writable": True, "host": "box2"}  # fmt: skip
    here = {"version": "0.1.0", "notebooks": {"": "abc"}}
    problems = _worker_problems("tcp://10.0.0.2:4000", facts, here, _task(GOOD, data="/d"))
    assert problems == [
        "tcp://10.0.0.2:4000 (box2): halfyear 0.0.9 is installed, the batch runs 0.1.0; "
        "install the same version on every worker",
        "tcp://10.0.0.2:4000 (box2): cannot read the data at /d; the data must be readable at "
        "the same path on every worker (a shared folder)",
    ]


def _die_or_succeed(task):
    """Run on a worker in place of a report: the worker dies for region ``killer``; for
    ``raiser`` the task raises outside a report run (as when a worker cannot load it)."""
    if task.region == "killer":
        os._exit(1)
    if task.region == "raiser":
        raise ImportError("no module named halfyear_lib here")
    return RunOutcome(task.region, task.period, STATUS_OK, 0.1, task.region_name)


def test_a_run_whose_worker_dies_fails_alone(cluster):
    # last in this file: it takes a worker down (its nanny starts a new one)
    import cloudpickle

    cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the workers lack this file
    executor = DaskCluster(cluster.scheduler_address, function=_die_or_succeed)
    outcomes = {}
    try:
        executor.open()
        # two runs on two idle workers go one to each (a worker that dies takes every
        # task it holds with it, so a third run could share the killer's fate)
        executor.run([(0, _task("fine")), (1, _task("killer"))], outcomes.__setitem__)
        executor.run([(2, _task("raiser"))], outcomes.__setitem__)
    finally:
        executor.close()
        cloudpickle.unregister_pickle_by_value(sys.modules[__name__])
    assert outcomes[0].ok and outcomes[0].region == "fine"
    dead = outcomes[1]
    assert dead.status == STATUS_FAILED and dead.region == "killer"
    assert dead.error.startswith(f"the Dask worker {dead.worker} running this report died")
    assert dead.worker.startswith("tcp://127.0.0.1:") and dead.seconds == 0.0
    raised = outcomes[2]
    assert raised.status == STATUS_FAILED
    assert raised.error == "on the Dask worker: ImportError: no module named halfyear_lib here"


def test_the_progress_advances_per_notebook_with_an_estimate(tmp_path, capsys):
    """Two runs of two notebooks: the bar counts 4 notebooks; a notebook done inside a run
    still under way moves it (1/4 before any run is done), then each finished run counts
    all of its notebooks; the elapsed time and an estimate of the time left are shown."""
    import time

    from halfyear_lib.running.batch import _execute
    from halfyear_lib.running.runs import DONE_MARK
    from halfyear_lib.running.tasks import RunOutcome

    notebooks = ("01_indicators.ipynb", "02_industry.ipynb")
    tasks = [_task(r, out_dir=str(tmp_path), notebooks=notebooks) for r in ("a", "b")]

    class OneByOne:
        def run(self, runnable, done):
            for i, task in runnable:
                work = tmp_path / "2021-06" / f".tmp-{task.region}-0000"
                work.mkdir(parents=True)
                (work / f"{DONE_MARK}01_indicators").touch()  # its first notebook is done
                time.sleep(2.5)  # the watcher looks every second
                for mark in work.iterdir():
                    mark.unlink()
                work.rmdir()
                done(i, RunOutcome(task.region, task.period, "ok"))

    outcomes = _execute(tasks, OneByOne(), True, None)
    assert [o.status for o in outcomes] == ["ok", "ok"]
    err = capsys.readouterr().err
    assert "notebooks 1/4" in err and "notebooks 3/4" in err and "notebooks 4/4" in err
    assert err.index("notebooks 1/4") < err.index("notebooks 2/4") < err.index("notebooks 3/4")
    assert "left" in err  # the estimate of the time left

"""Batch runs: every (region, period) of a batch as one report run in its own worker process.

The runs are every (period, region) of ``--regions`` x ``--periods``, or one run per
params file (:class:`PlannedRun`). The data set is loaded and validated once per batch
and saved as a snapshot in a temporary folder of the output root; every run loads that
snapshot instead of the input files. Runs execute on an executor: by default
:class:`LocalProcesses`, a process pool of this machine (``spawn``: a fresh
interpreter per worker, no state forked from the caller) using ``workers`` cores; or,
with ``scheduler``, the workers of an existing Dask distributed cluster
(:mod:`.dask_executor`, imported only then). Either way a failing run never stops the
others: its outcome records the failing notebook, cell and error line, and
``run_report`` leaves no half-written report (every successful run is complete).

After the runs the batch writes ``batch-<timestamp>.json`` (every run: region, period,
status, seconds, error) and ``index.html`` (see :mod:`.index`) into the output root.
"""

from __future__ import annotations

import concurrent.futures as cf
import datetime as dt
import json
import multiprocessing
import os
import re
import shutil
import sys
import threading
import time
import unicodedata
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..data.checks import DEFAULT_MAX_ABS_GROWTH_PCT
from ..data.dataset import DataSet
from ..data.language import current_language, tr
from ..data.periods import Period, PeriodError
from .tasks import (
    STATUS_FAILED,
    STATUS_OK,
    BatchInputError,
    Done,
    RunOutcome,
    Task,
    failure,
    run_task,
    shared_cores_env,
)

BATCH_TMP_PREFIX = ".tmp-batch-"
SNAPSHOT_NAME = "_dataset.pkl"


@dataclass(frozen=True)
class PlannedRun:
    """One run of a batch named explicitly (a params file) instead of regions x periods.

    ``region``: id or Chinese name; ``notebooks`` / ``highlights`` / ``document``: this
    run's, or None for the batch's; ``source``: where the run was described (the params
    file), named in every message about it.
    """

    region: str
    period: Period | str
    notebooks: tuple[str, ...] | None = None
    highlights: dict | None = None
    source: str = ""
    document: dict | None = None


# --------------------------------------------------------------------------- choosing


_KIND_RANK = {"province": 0, "city": 1, "county": 2, "county_city": 2, "district": 3, "zone": 4}


def region_order(ds: DataSet) -> list[tuple[str, str]]:
    """(region_id, name) of every unit in display order: province, city, counties and
    county-level cities, districts, zones; by id within a kind. (The loader keeps tables
    sorted by their key, so the order of the rows in the input file is not known.)"""
    regions = ds.regions
    rows = zip(regions["region_id"], regions["name"], regions["kind"], strict=True)
    ranked = sorted(rows, key=lambda r: (_KIND_RANK.get(str(r[2]), len(_KIND_RANK)), str(r[0])))
    return [(str(r), str(n)) for r, n, _ in ranked]


def _region_list(ds: DataSet) -> str:
    """``qingshui (清水县), lanxi (岚溪县), ...``: the valid regions with their names."""
    return ", ".join(f"{r} ({n})" for r, n in region_order(ds))


def resolve_region(ds: DataSet, text: str) -> str:
    """The region_id meant by ``text``: an id of the regions table or a unit's Chinese name.

    Raises BatchInputError naming the valid regions with their names.
    """
    text = str(text).strip()
    regions = ds.regions
    ids = [str(r) for r in regions["region_id"]]
    if text in ids:
        return text
    by_name = [
        str(r) for r, n in zip(regions["region_id"], regions["name"], strict=True) if str(n) == text
    ]
    if len(by_name) == 1:
        return by_name[0]
    if len(by_name) > 1:  # two units with one name: only the id can tell them apart
        raise BatchInputError(
            tr(
                f"the name {text!r} belongs to several regions ({', '.join(by_name)}); "
                "give the region_id",
                f"名称 {text!r} 对应多个地区（{'、'.join(by_name)}）；请给出地区代码",
            )
        )
    raise BatchInputError(
        tr(
            f"region {text!r} is not in the regions table of {ds.source}; valid regions "
            f"(region_id (name)): {_region_list(ds)}",
            f"地区 {text!r} 不在 {ds.source} 的地区表中；可用的地区（代码（名称））："
            f"{_region_list(ds)}",
        )
    )


def resolve_regions(ds: DataSet, spec: str | Sequence[str]) -> list[str]:
    """Region ids, in the order given, from ``"all"`` or ids / Chinese names
    (a comma-separated string, full-width commas and 、 too, or a list).

    ``all`` is every unit of the regions table in its order.
    """
    items = _split(spec) if isinstance(spec, str) else [str(s).strip() for s in spec]
    items = [s for s in items if s]
    if not items:
        raise BatchInputError(
            tr(
                "no region given; use --regions all or ids",
                "没有给出地区；请用 --regions all 或地区代码",
            )
        )
    if [s.lower() for s in items] == ["all"]:
        return [r for r, _ in region_order(ds)]
    return list(dict.fromkeys(resolve_region(ds, s) for s in items))


def _split(text: str) -> list[str]:
    return [s.strip() for s in re.split(r"[,，、;；]", text)]


def parse_periods(spec: str | Sequence[str]) -> list[Period]:
    """Cumulative periods from ``"2021-03,2021-06"``, a range ``"2021-02:2021-06"``, or both.

    A range holds every period from its first to its last, both included; month 1 is
    never a period (January is published with February as 1-2月), so
    ``2020-11:2021-03`` is 2020-11, 2020-12, 2021-02, 2021-03. Duplicates are dropped,
    the order given is kept. Raises PeriodError for a bad label or an empty range.
    """
    items = _split(spec) if isinstance(spec, str) else [str(s).strip() for s in spec]
    out: list[Period] = []
    for item in filter(None, items):
        if ":" in item or "：" in item:
            first_text, last_text = re.split(r"[:：]", item, maxsplit=1)
            first, last = Period.parse(first_text.strip()), Period.parse(last_text.strip())
            if first > last:
                raise PeriodError(
                    tr(
                        f"period range {item!r} runs backwards; write the earlier period "
                        f"first, e.g. {last.iso}:{first.iso}",
                        f"期间范围 {item!r} 前后颠倒；请先写较早的期间，如 {last.iso}:{first.iso}",
                    )
                )
            out += period_range(first, last)
        else:
            out.append(Period.parse(item))
    if not out:
        raise PeriodError(
            tr(
                "no period given; write e.g. 2021-06, 2021-03,2021-06 or 2021-02:2021-06",
                "没有给出期间；请写成如 2021-06、2021-03,2021-06 或 2021-02:2021-06",
            )
        )
    return list(dict.fromkeys(out))


def period_range(first: Period, last: Period) -> list[Period]:
    """Every cumulative period from ``first`` to ``last`` inclusive (month 1 skipped)."""
    out = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        if month != 1:
            out.append(Period(year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


# --------------------------------------------------------------------------- outcomes


@dataclass
class BatchResult:
    """Every run of a batch, in the order they were planned (periods, then regions)."""

    runs: list[RunOutcome]
    out_dir: Path
    seconds: float = 0.0
    workers: int = 1
    started_utc: str = ""
    record: Path | None = None  # batch-<timestamp>.json
    index: Path | None = None  # index.html
    warnings: list[str] = field(default_factory=list)  # the data set's warnings
    regions: list[tuple[str, str]] = field(default_factory=list)  # regions table order
    scheduler: str | None = None  # the Dask scheduler's address (None: local processes)

    @property
    def ok(self) -> list[RunOutcome]:
        return [r for r in self.runs if r.ok]

    @property
    def failed(self) -> list[RunOutcome]:
        return [r for r in self.runs if not r.ok]

    def as_dict(self) -> dict:
        return {
            "started_utc": self.started_utc,
            "seconds": round(self.seconds, 3),
            "workers": self.workers,
            "scheduler": self.scheduler,
            "counts": {"ok": len(self.ok), "failed": len(self.failed)},
            "regions": [list(r) for r in self.regions],
            "runs": [r.as_dict() | {"seconds": round(r.seconds, 3)} for r in self.runs],
        }


# --------------------------------------------------------------------------- the batch


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def run_batch(
    data: str | os.PathLike,
    regions: str | Sequence[str] | None = None,
    periods: str | Sequence[str | Period] | None = None,
    out_dir: str | os.PathLike = "reports",
    workers: int | None = None,
    notebooks: Sequence[str] = (),
    dataset: DataSet | None = None,
    accept_warnings: bool = False,
    max_abs_growth_pct: float = DEFAULT_MAX_ABS_GROWTH_PCT,
    highlights: dict | None = None,
    progress: bool = False,
    document: dict | None = None,
    on_done: Callable[[RunOutcome], None] | None = None,
    write_index_page: bool = True,
    plan: Sequence[PlannedRun] | None = None,
    scheduler: str | None = None,
    executor: BatchExecutor | None = None,
) -> BatchResult:
    """Run the report for every (period, region), or every run of ``plan``.

    ``regions``: ``"all"``, ids or Chinese names (string or list); ``periods``: see
    :func:`parse_periods`, or Period objects; or ``plan``, the runs one by one (params
    files), instead of both. The data set is loaded and validated once (or ``dataset``
    is used when given, already validated).

    Where the runs execute: local worker processes using ``workers`` cores (default:
    all; see :class:`LocalProcesses`); or, with ``scheduler`` (``tcp://host:8786``), the workers of that Dask
    cluster, which must reach the data and the output folder at the same paths (see
    :mod:`.dask_executor`); or a ready ``executor``. ``progress`` shows a bar on
    stderr; ``on_done`` is called with each outcome as it arrives.

    Raises BatchInputError / PeriodError / DataValidationError before any run starts
    when the request cannot be met (a scheduler that cannot be reached or whose
    workers cannot run the reports included); failures of single runs are in the
    result, never raised.
    """
    from ..data.loading import DataValidationError, validate_dataset
    from ..paths import resolve_data_path

    t_start = time.perf_counter()
    started = dt.datetime.now(dt.UTC)
    data_path = resolve_data_path(data)
    if dataset is None:
        dataset, problems = validate_dataset(
            data_path, accept_warnings, max_abs_growth_pct, isolate_units=True
        )
        if dataset is None:
            raise DataValidationError(problems, str(data_path))
    runs = (
        _resolve_plan(dataset, plan, tuple(notebooks))
        if plan is not None
        else _cross(dataset, regions, periods, tuple(notebooks))
    )
    if executor is None:
        if scheduler:
            from .dask_executor import DaskCluster  # dask only for a cluster batch

            executor = DaskCluster(scheduler)
        else:
            executor = LocalProcesses(max(1, int(workers or default_workers())))
    out_root = Path(out_dir).resolve()
    names = dict(region_order(dataset))
    batch_id = started.strftime("%Y%m%d-%H%M%S") + f"-{uuid.uuid4().hex[:6]}"
    tmp = out_root / f"{BATCH_TMP_PREFIX}{batch_id}"
    executor.open()  # a scheduler that cannot be reached: nothing written
    try:
        out_root.mkdir(parents=True, exist_ok=True)
        tmp.mkdir()
        snapshot = dataset.save_snapshot(tmp / SNAPSHOT_NAME)
        tasks = [
            Task(
                str(data_path),
                str(snapshot),
                run.region,
                str(names.get(run.region, "")),
                str(run.period),  # a Period: _cross and _resolve_plan parse
                str(out_root),
                tuple(notebooks) if run.notebooks is None else tuple(run.notebooks),
                bool(accept_warnings),
                float(max_abs_growth_pct),
                dict(highlights or {}) if run.highlights is None else dict(run.highlights),
                current_language(),
                batch_id,
                executor.scheduler or "",
                run.source,
                document=dict(document or {}) if run.document is None else dict(run.document),
            )
            for run in runs
        ]
        executor.check(tasks)  # workers that cannot run the reports: nothing run
        blocked = {
            i: outcome
            for i, task in enumerate(tasks)
            if (outcome := blocked_outcome(dataset, task)) is not None
        }
        outcomes = _execute(tasks, executor, progress, on_done, blocked)
    finally:
        executor.close()
        shutil.rmtree(tmp, ignore_errors=True)
    result = BatchResult(
        outcomes,
        out_root,
        time.perf_counter() - t_start,
        executor.workers,
        started.isoformat(timespec="seconds"),
        warnings=list(dataset.warnings),
        regions=[(str(r), str(n)) for r, n in names.items()],
        scheduler=executor.scheduler,
    )
    result.record = _write_record(result, batch_id)
    if write_index_page:
        from ..rendering.index import write_index

        result.index = write_index(out_root, regions=result.regions, failures=result.failed)
    return result


def _cross(
    ds: DataSet,
    regions: str | Sequence[str] | None,
    periods: str | Sequence[str | Period] | None,
    notebooks: tuple[str, ...],
) -> list[PlannedRun]:
    """Every (period, region) of ``regions`` x ``periods``, periods first."""
    from .runs import list_notebooks

    region_ids = resolve_regions(ds, regions if regions is not None else "")
    if periods is None or isinstance(periods, str):
        period_list = parse_periods(periods or "")
    else:
        period_list = [p if isinstance(p, Period) else Period.parse(str(p)) for p in periods]
    _check_periods(ds, period_list)
    list_notebooks(notebooks)  # a missing notebook is bad input, not N failed runs
    return [PlannedRun(region, period) for period in period_list for region in region_ids]


def _resolve_plan(
    ds: DataSet, plan: Sequence[PlannedRun], notebooks: tuple[str, ...]
) -> list[PlannedRun]:
    """The runs of ``plan`` with region ids and Period objects, each checked against the
    data set; a message about a run names its source (params file). Two runs of the same
    region and period would write one folder: refused."""
    from .runs import RunInputError, list_notebooks

    if not plan:
        raise BatchInputError(tr("no run given", "没有给出任何运行"))
    out: list[PlannedRun] = []
    seen: dict[tuple[str, str], str] = {}
    for run in plan:
        where = f"{run.source}: " if run.source else ""
        try:
            region = resolve_region(ds, run.region)
            period = run.period if isinstance(run.period, Period) else Period.parse(str(run.period))
            _check_periods(ds, [period])
            list_notebooks(notebooks if run.notebooks is None else tuple(run.notebooks))
        except (BatchInputError, PeriodError, RunInputError) as exc:
            raise BatchInputError(f"{where}{exc}") from None
        key = (region, period.iso)
        if key in seen:
            first = seen[key] or tr("an earlier run", "前面的一个运行")
            raise BatchInputError(
                tr(
                    f"{where}{region} {period.iso} is already asked for by {first}; each "
                    "report (region and period) may be run once in a batch",
                    f"{where}{region} {period.iso} 已由 {first} 指定；同一批次中每份报告"
                    "（地区和期间）只能运行一次",
                )
            )
        seen[key] = run.source
        out.append(
            PlannedRun(region, period, run.notebooks, run.highlights, run.source, run.document)
        )
    return out


def _check_periods(ds: DataSet, periods: list[Period]) -> None:
    """Every period must be covered by the data set (some unit has data up to it)."""
    latest = ds.latest_period()
    late = [p.iso for p in periods if p > latest]
    if late:
        raise BatchInputError(
            tr(
                f"no data for period(s) {', '.join(late)} in {ds.source}: its latest period is "
                f"{latest.iso}; choose periods up to {latest.iso}",
                f"{ds.source} 中没有期间 {'、'.join(late)} 的数据：最新期间是 {latest.iso}；"
                f"请选择 {latest.iso} 及以前的期间",
            )
        )


# --------------------------------------------------------------------------- executors


class BatchExecutor(Protocol):
    """Where the runs of a batch execute. ``open`` before anything is written (may raise
    BatchInputError: nothing to run on), ``check`` once the tasks and their snapshot exist
    (may raise BatchInputError: the workers cannot run them), ``run`` calls ``done(i,
    outcome)`` once for every item, whatever fails, and ``close`` always."""

    workers: int  # runs at once, as the summary reports it
    scheduler: str | None  # a cluster's address, None for local processes

    def open(self) -> None: ...

    def check(self, tasks: Sequence[Task]) -> None: ...

    def run(self, items: list[tuple[int, Task]], done: Done) -> None: ...

    def close(self) -> None: ...


def blocked_outcome(ds: DataSet, task: Task) -> RunOutcome | None:
    """The failed outcome of a run that cannot give a report, without running it: its
    unit's own rows have errors (``ds.broken_units``), or it has no data for the period.
    None: the run goes ahead."""

    def failed(error: str, message: str) -> RunOutcome:
        return RunOutcome(
            task.region,
            task.period,
            STATUS_FAILED,
            0.0,
            task.region_name,
            error=error,
            message=message,
        )

    period = Period.parse(task.period)
    problems = ds.broken_units.get(task.region)
    if problems:
        n = len(problems)
        error = tr(
            f"the data of this unit have {n} error{'s' if n != 1 else ''}; its report is not "
            f"run (the other units are): {problems[0]}",
            f"本单位的数据有 {n} 个错误，其报告未运行（其他单位照常运行）：{problems[0]}",
        )
        return failed(error, "\n".join([error, *(f"  {p}" for p in problems[1:])]))
    ind = ds.indicators
    here = ind.loc[
        (ind["region_id"] == task.region)
        & (ind["year"] == period.year)
        & (ind["month"] == period.month)
    ]
    if not here.empty:
        return None
    first = ds.first_period(task.region)
    if first is None:
        why = tr("this unit has no indicator rows at all", "本单位在指标表中没有任何数据")
    elif period < first:
        why = tr(f"its data start at {first.iso}", f"本单位的数据从{first.full_label}开始")
    else:
        why = tr(
            f"the indicators table has no row of this unit for {period.iso}",
            f"指标表中没有本单位{period.full_label}的数据",
        )
    error = tr(
        f"no data for {period.iso}: {why}; the report is not run",
        f"{period.full_label}没有数据：{why}；报告未运行",
    )
    return failed(error, error)


def _execute(
    tasks: list[Task],
    executor: BatchExecutor,
    progress: bool,
    on_done: Callable[[RunOutcome], None] | None,
    blocked: dict[int, RunOutcome] | None = None,
) -> list[RunOutcome]:
    """Run the tasks on ``executor``; outcomes in the order of ``tasks``. One path for
    every executor: the progress bar, ``on_done`` and the collection of outcomes. The
    ``blocked`` runs (index -> failed outcome) are reported at once and never run."""
    sizes = [_notebook_count(t) for t in tasks]
    bar = _progress_bar(sum(sizes)) if progress else None
    outcomes: dict[int, RunOutcome] = {}
    finished = [0]  # notebooks of the runs done (a failed run: all of its notebooks)
    lock = threading.Lock()

    def show(extra: int = 0) -> None:
        """Advance the bar to the notebooks done (never back: a run's marks vanish as it
        moves into place, just before it is counted as done)."""
        target = min(bar.total, finished[0] + extra)
        if target > bar.n:
            bar.update(target - bar.n)

    def done(i: int, outcome: RunOutcome) -> None:
        outcome.params_file = tasks[i].params_file or None
        outcomes[i] = outcome
        if bar is not None:
            with lock:
                finished[0] += sizes[i]
                n_failed = sum(not o.ok for o in outcomes.values())
                bar.set_postfix_str(
                    tr(
                        f"ok {len(outcomes) - n_failed} failed {n_failed}",
                        f"成功{len(outcomes) - n_failed} 失败{n_failed}",
                    ),
                    refresh=False,
                )
                show()
        if on_done is not None:
            on_done(outcome)

    stop = threading.Event()

    def watch() -> None:
        """Count the notebooks of the runs under way (their done marks) every second."""
        from .runs import notebooks_done

        roots = {Path(t.out_dir) for t in tasks}
        while not stop.wait(1.0):
            running = sum(notebooks_done(root) for root in roots)
            with lock:
                show(running)
                bar.refresh()

    watcher = threading.Thread(target=watch, daemon=True) if bar is not None else None
    if watcher is not None:
        watcher.start()
    try:
        for i, outcome in sorted((blocked or {}).items()):
            done(i, outcome)
        runnable = [(i, t) for i, t in enumerate(tasks) if i not in (blocked or {})]
        if runnable:
            executor.run(runnable, done)
    finally:
        stop.set()
        if watcher is not None:
            watcher.join()
        if bar is not None:
            bar.close()
    missing = [i for i in range(len(tasks)) if i not in outcomes]  # pragma: no cover - guard
    for i in missing:
        lost = RuntimeError(tr("the executor returned no outcome", "执行器没有返回结果"))
        done(i, failure(tasks[i], lost, 0.0))
    return [outcomes[i] for i in range(len(tasks))]


def _share_cores(cores: int = 1) -> None:
    """In a local batch worker: its run gets ``cores`` cores (see shared_cores_env)."""
    os.environ.update(shared_cores_env(cores))


class LocalProcesses:
    """Runs in spawn processes of this machine, using ``workers`` cores: that many runs at
    a time on one core each, or fewer runs sharing the cores (a batch of one unit runs it
    as ``halfyear run`` would). A worker process keeps its kernels warm between runs.

    A worker process that dies (killed, out of memory) breaks the whole pool: the runs
    it took down are tried again, each alone in a fresh pool, so the one that kills
    its worker fails alone.
    """

    scheduler = None

    def __init__(self, workers: int) -> None:
        self.workers = max(1, int(workers))

    def open(self) -> None:
        pass

    def check(self, tasks: Sequence[Task]) -> None:
        pass

    def close(self) -> None:
        pass

    def run(self, items: list[tuple[int, Task]], done: Done) -> None:
        at_once = max(1, min(self.workers, len(items)))
        cores_per_run = max(1, self.workers // at_once)
        broken = _pool_round(items, at_once, done, cores_per_run)
        for i, task in broken:  # alone, one at a time
            if _pool_round([(i, task)], 1, done, cores_per_run):
                done(
                    i,
                    failure(
                        task,
                        RuntimeError(
                            tr(
                                "the worker process running this report died (killed or out "
                                "of memory); run it alone with halfyear run to see why",
                                "运行该报告的工作进程意外终止（被终止或内存不足）；请用 "
                                "halfyear run 单独运行查看原因",
                            )
                        ),
                        0.0,
                    ),
                )


def _pool_round(
    items: list[tuple[int, Task]],
    workers: int,
    done: Done,
    cores_per_run: int = 1,
) -> list[tuple[int, Task]]:
    """Run ``items`` in one pool; return those lost to a broken pool. A worker process
    keeps its kernels warm from one run to the next."""
    broken = []
    context = multiprocessing.get_context("spawn")
    with cf.ProcessPoolExecutor(
        max_workers=max(1, workers),
        mp_context=context,
        initializer=_share_cores,
        initargs=(cores_per_run,),
    ) as pool:
        futures = {pool.submit(run_task, task): (i, task) for i, task in items}
        try:
            for future in cf.as_completed(futures):
                i, task = futures[future]
                try:
                    done(i, future.result())
                except cf.process.BrokenProcessPool:
                    broken.append((i, task))
        except BaseException:  # Ctrl-C: start nothing more
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    return sorted(broken, key=lambda item: item[0])


def _notebook_count(task: Task) -> int:
    """The notebooks one run executes."""
    from .runs import list_notebooks

    try:
        return max(1, len(list_notebooks(task.notebooks)))
    except Exception:  # noqa: BLE001 - an unknown notebook fails the run itself
        return 1


def _progress_bar(total: int):
    """Notebooks executed, with the time taken and an estimate of the time left; the runs
    done and failed after it."""
    from tqdm import tqdm

    return tqdm(
        total=total,
        desc=tr("notebooks", "笔记本"),
        file=sys.stderr,
        bar_format=tr(
            "{desc} {n_fmt}/{total_fmt} |{bar:20}| {elapsed}, about {remaining} left {postfix}",
            "{desc} {n_fmt}/{total_fmt} |{bar:20}| 已用 {elapsed}，预计还需 {remaining} {postfix}",
        ),
        dynamic_ncols=True,
    )


def _write_record(result: BatchResult, batch_id: str) -> Path:
    """``batch-<timestamp>.json`` in the output root, written whole (tmp + rename)."""
    path = result.out_dir / f"batch-{batch_id}.json"
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(
        json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    tmp.replace(path)
    return path


# --------------------------------------------------------------------------- summary


def display_width(text: str) -> int:
    """Columns a terminal gives ``text`` (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad_to_width(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def summary_table(result: BatchResult, max_error: int = 100) -> str:
    """A plain-text table: region, period, ok/failed, seconds, notebook, cell, error."""
    header = [
        tr("region", "地区"),
        tr("period", "期间"),
        tr("status", "结果"),
        tr("seconds", "秒"),
        tr("notebook", "笔记本"),
        tr("cell", "单元格"),
        tr("error", "错误"),
    ]
    status = {STATUS_OK: tr("ok", "成功"), STATUS_FAILED: tr("FAILED", "失败")}
    rows = []
    for r in result.runs:
        error = r.error or ""
        if len(error) > max_error:
            error = error[: max_error - 1] + "…"
        rows.append(
            [
                f"{r.region} {r.region_name}".strip(),
                r.period,
                status.get(r.status, r.status),
                f"{r.seconds:.1f}",
                r.notebook or "",
                "" if r.cell is None else str(r.cell),
                error,
            ]
        )
    widths = [max(display_width(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = [
        "  ".join(pad_to_width(c, w) for c, w in zip(row, widths, strict=True)).rstrip()
        for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    n_ok, n_failed = len(result.ok), len(result.failed)
    where = (
        tr(f" of the Dask cluster {result.scheduler}", f"，Dask 集群 {result.scheduler}")
        if result.scheduler
        else ""
    )
    lines.append(
        tr(
            f"{n_ok} ok, {n_failed} failed, {result.seconds:.1f} s with {result.workers} "
            f"worker{'s' if result.workers != 1 else ''}{where}",
            f"成功 {n_ok}，失败 {n_failed}，用时 {result.seconds:.1f} 秒（{result.workers} 个工作进程"
            f"{where}）",
        )
    )
    return "\n".join(lines)

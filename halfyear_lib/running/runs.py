"""One report run: execute the notebooks for a region and period, render HTML, write results.

``run_report`` is a plain function of (data set, region, period, output folder) so a
worker process can execute it. Everything is written into a temporary folder next to
the destination and moved into place only when every step succeeded; a failed run
keeps its executed notebook under ``<out>/<period>/_failed/<region>-<time>/`` and
leaves the previous good report untouched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import platform
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from ..chapters.base import open_dataset  # noqa: F401  (runs.open_dataset)
from ..chapters.registry import report_notebook, report_notebooks, weight_of
from ..contract.results import (
    contract_fields,
    merge_fragments,
    read_tables_fragments,
    to_jsonable,
    validate_results,
    write_json,
)
from ..data.checks import DEFAULT_MAX_ABS_GROWTH_PCT, is_safe_id
from ..data.dataset import DataSet
from ..data.language import tr
from ..data.periods import Period
from ..params import document_entries
from ..paths import (
    DEMO_DATA_DIR,
    NOTEBOOKS_DIR,
    PROJECT_ROOT,
    resolve_data_path,
)
from ..rendering.excel import TABLES_NAME, write_tables_workbook
from ..rendering.html import (
    PageInfo,
    add_navigation,
    chapter_of,
    data_checksum,
    export_page,
    finish_pages,
    run_messages,
)
from ..rendering.html import warm_up as html_warm_up
from ..rendering.summary import SUMMARY_PAGE, write_summary
from ..text.zh import page as page_words
from .kernels import execute_in_pool, shared_pool

SNAPSHOT_NAME = "_dataset.pkl"
FRAGMENTS_DIR = "_results"
OWNER_FILE = ".owner"  # "<pid> <host>" of the run writing a temporary folder
STALE_AFTER_S = 24 * 3600  # a temporary folder without a live owner is removed after this
PACKAGES = (
    "halfyear",
    "pandas",
    "numpy",
    "statsmodels",
    "matplotlib",
    "seaborn",
    "papermill",
    "nbconvert",
    "nbclient",
    "ipykernel",
    "openpyxl",
    "pylopdf-fonts-zh-cn",
)


class RunError(RuntimeError):
    """A run that failed; the message says where and what to do."""

    def __init__(self, message: str, failed_dir: Path | None = None):
        super().__init__(message)
        self.failed_dir = failed_dir


class RunInputError(ValueError):
    """A run asked for something the data cannot give (a period after the data, ...)."""


@dataclass
class RunResult:
    report_dir: Path
    results: dict
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def html_files(self) -> list[Path]:
        return sorted(self.report_dir.glob("*.html"))


def list_notebooks(names: tuple[str | Path, ...] | list[str | Path] = ()) -> list[Path]:
    """The report notebooks in reading order (01_..., 02_...), or the named ones.

    A name (text: from a parameter file, a flag, a batch) must be the bare file name of
    a report notebook of the project's notebooks folder (see
    :func:`halfyear_lib.chapters.registry.report_notebook`): never a path to run. Only Python code
    calling the library may pass a notebook elsewhere, as a ``Path`` object."""
    if names:
        paths, bad = [], []
        for name in names:
            if isinstance(name, Path):
                if not name.is_file():
                    bad.append(tr(f"notebook {name} not found", f"找不到笔记本 {name}"))
                paths.append(name)
                continue
            try:
                paths.append(report_notebook(name))
            except ValueError as exc:
                bad.append(str(exc))
        if bad:
            raise RunInputError("; ".join(bad))
        return paths
    return report_notebooks()


def package_versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def git_state(root: Path = PROJECT_ROOT) -> dict[str, object]:
    """Commit and whether the work tree has uncommitted changes ("unknown" outside git)."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return {"commit": commit, "dirty": bool(dirty)}
    except (OSError, subprocess.CalledProcessError):
        return {"commit": "unknown", "dirty": None}


def notebook_workers(n: int) -> int:
    """How many of a report's ``n`` notebooks run at once (the size of the kernel pool):
    one per core, or ``HALFYEAR_NOTEBOOK_WORKERS`` (a batch sets 1: its runs already
    fill the cores)."""
    env = os.environ.get("HALFYEAR_NOTEBOOK_WORKERS", "")
    if env.isdigit() and int(env) > 0:
        return max(1, min(n, int(env)))
    return max(1, min(n, os.cpu_count() or 1))


def run_report(
    data: str | os.PathLike,
    region: str,
    period: Period | str,
    out_dir: str | os.PathLike = "reports",
    notebooks: tuple[str | Path, ...] | list[str | Path] = (),
    dataset: DataSet | None = None,
    parameters: dict | None = None,
    accept_warnings: bool = False,
    max_abs_growth_pct: float = DEFAULT_MAX_ABS_GROWTH_PCT,
    highlights: dict | None = None,
    document: dict | None = None,
) -> RunResult:
    """Execute the notebooks for (data, region, period) into ``<out_dir>/<YYYY-MM>/<region>/``.

    ``dataset`` may be passed when already loaded and validated (batch runs); otherwise
    the data are loaded with ``accept_warnings`` and ``max_abs_growth_pct`` (see
    :func:`halfyear_lib.data.loading.validate_dataset`). The data set's warnings go into
    ``results.json`` (``warnings``) and a banner at the top of every page. ``document``
    (the ``document`` parameter: bureau, signature, date) goes into ``results.json``
    (``document``) for the drafted summary's title and signature.
    Raises DataValidationError for bad data, RunError for a failing notebook.
    """
    import papermill as pm

    from ..data.loading import load_dataset

    t_start = time.perf_counter()
    started = dt.datetime.now(dt.UTC)
    timings: dict[str, float] = {}
    period = period if isinstance(period, Period) else Period.parse(str(period))
    out_root = Path(out_dir).resolve()
    data_path = resolve_data_path(data)

    if not is_safe_id(region):  # it becomes a folder name: never "..", "a/b", ...
        raise RunInputError(
            tr(
                f"region {region!r} is not a safe id: use ASCII letters, digits, _ and - only",
                f"地区编号 {region!r} 不安全：只能使用英文字母、数字、_ 和 -",
            )
        )
    paths = list_notebooks(notebooks)
    if not paths:
        raise RunError(
            tr(f"no notebooks found in {NOTEBOOKS_DIR}", f"{NOTEBOOKS_DIR} 中没有笔记本")
        )
    if out_root.exists() and not out_root.is_dir():
        # said before any kernel starts (a kernel cut off while starting prints a traceback)
        _prepare_out_dir(report_dir(out_root, period, region).parent)
    # kernels start now (or are still warm from an earlier run of this process): their
    # start-up and imports (kernels.WARM_UP_CODE) overlap the loading of the data and the
    # snapshot being written
    pool = shared_pool(notebook_workers(len(paths)), NOTEBOOKS_DIR)
    pool.prestart(len(paths))
    t0 = time.perf_counter()
    ds = (
        dataset
        if dataset is not None
        else load_dataset(data_path, accept_warnings, max_abs_growth_pct)
    )
    timings["load_validate_s"] = time.perf_counter() - t0
    region_name = ds.region_name(region)  # KeyError naming the known regions
    try:
        latest = ds.latest_period(region)
    except ValueError as exc:
        raise RunInputError(str(exc)) from None
    if period > latest:
        raise RunInputError(
            tr(
                f"no data for {region} ({region_name}) at {period.iso}: the latest period in "
                f"{data_path} is {latest.iso}; choose --period {latest.iso} or earlier",
                f"{region}（{region_name}）在 {period.iso} 没有数据：{data_path} 中最新的期间是 "
                f"{latest.iso}；请选择 --period {latest.iso} 或更早",
            )
        )

    final = report_dir(out_root, period, region)
    _prepare_out_dir(final.parent)
    warming = threading.Thread(target=html_warm_up, daemon=True)  # while kernels start
    warming.start()
    clean_stale_temporaries(final.parent)
    tmp = final.parent / f".tmp-{region}-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    (tmp / OWNER_FILE).write_text(f"{os.getpid()} {socket.gethostname()}", encoding="utf-8")
    try:
        snapshot = ds.save_snapshot(tmp / SNAPSHOT_NAME)
        fragments = tmp / FRAGMENTS_DIR
        nb_params = {
            "data": str(data_path),
            "region": region,
            "period": period.iso,
            "results_dir": str(fragments),
            "snapshot": str(snapshot),
            "accept_warnings": bool(accept_warnings),
            "max_abs_growth_pct": float(max_abs_growth_pct),
            "highlights": dict(highlights or {}),
        }

        def info_of(nb: Path) -> PageInfo:
            return PageInfo(
                unit=region_name,
                period=period.full_label,
                chapter=chapter_of(nb),
                data_source=page_words.data_source(str(data), data_path == DEMO_DATA_DIR.resolve()),
                data_checksum=data_checksum(ds.checksums),
                generated=started,
            )

        def execute(nb: Path) -> tuple[float, BaseException | None, str | None]:
            """Execute one notebook in a pooled kernel, then export its page body (the
            banner and the font are added once every notebook has run)."""
            t0 = time.perf_counter()
            try:
                execute_in_pool(pool, str(nb), str(tmp / nb.name), nb_params)
            except Exception as exc:  # reported below, in the notebooks' order
                return time.perf_counter() - t0, exc, None
            seconds = time.perf_counter() - t0
            t0 = time.perf_counter()
            body = export_page(tmp / nb.name, info_of(nb))
            timings[f"{nb.stem}_html_s"] = time.perf_counter() - t0
            (tmp / f"{DONE_MARK}{nb.stem}").touch()  # a batch's progress counts these
            return seconds, None, body

        # the notebooks are independent (each writes its own fragment): they share the
        # pool's kernels, which stay warm for the next notebook and the next run; a thread
        # per notebook, so a kernel takes the next notebook while its last page is exported
        # the heaviest first, so the longest notebook does not start last (the kernels
        # are taken in the order the threads ask for them)
        order = sorted(paths, key=lambda nb: -weight_of(nb))
        with ThreadPoolExecutor(max_workers=len(paths)) as threads:
            futures = {}
            for nb in order:
                futures[nb] = threads.submit(execute, nb)
                time.sleep(0.01)  # let this thread ask for its kernel before the next
            outcomes = [futures[nb].result() for nb in paths]
        bodies: dict[Path, str] = {}
        for nb, (seconds, exc, body) in zip(paths, outcomes, strict=True):
            if isinstance(exc, pm.PapermillExecutionError):
                failed = _keep_failed(tmp, final, nb.name)
                raise RunError(
                    tr(
                        f"notebook {nb.name} failed in cell {exc.cell_index} (execution count "
                        f"{exc.exec_count}): {exc.ename}: {exc.evalue}\nThe executed notebook "
                        f"is kept for debugging at {failed / nb.name}",
                        f"笔记本 {nb.name} 在第 {exc.cell_index} 个单元格（执行序号 "
                        f"{exc.exec_count}）出错：{exc.ename}: {exc.evalue}\n执行过的笔记本保存在 "
                        f"{failed / nb.name}，供排查",
                    ),
                    failed_dir=failed,
                ) from exc
            if exc is not None:  # the kernel died or could not start, a timeout...
                failed = _keep_failed(tmp, final, nb.name)
                raise RunError(
                    tr(
                        f"notebook {nb.name} could not be executed: {type(exc).__name__}: "
                        f"{exc}\nWhatever was executed is kept at {failed}",
                        f"笔记本 {nb.name} 无法执行：{type(exc).__name__}: {exc}\n"
                        f"已执行的部分保存在 {failed}",
                    ),
                    failed_dir=failed,
                ) from exc
            timings[f"{nb.stem}_s"] = seconds
            bodies[nb] = body
            make_rerunnable(tmp / nb.name, nb_params | {"data": str(data_path)})

        results = merge_fragments(fragments)
        results.setdefault("region", region)
        results.setdefault("region_name", region_name)
        results.setdefault("period", period.iso)
        results.update(contract_fields(ds, region, period))
        results["warnings"] = list(ds.warnings)  # data warnings, as on the pages' banner
        results["notices"] = list(ds.notices)  # what the data leave out (no targets)
        results["document"] = document_entries(document)  # the summary's bureau and date
        # what the analysis found doubtful (a published rank the data contradict), and
        # what Python printed while the pages were made (a glyph missing from the font):
        # both reach the reader in the banner, not as a raw block in the page
        results["analysis_warnings"] = list(results.get("analysis_warnings", []))
        results["run_messages"] = run_messages([tmp / nb.name for nb in paths])
        banner = [*ds.warnings, *results["analysis_warnings"]]  # about the data
        if os.environ.get("HALFYEAR_VALIDATE_RESULTS"):  # set by the test suite
            problems = validate_results(to_jsonable(results))
            if problems:
                raise RunError("results.json breaks its schema:\n" + "\n".join(problems[:20]))
        write_json(tmp / "results.json", results)
        # the pages' tables as a workbook, numbers as printed (tables.xlsx)
        t0 = time.perf_counter()
        written_results = json.loads((tmp / "results.json").read_text(encoding="utf-8"))
        write_tables_workbook(
            tmp / TABLES_NAME,
            read_tables_fragments(fragments),
            about={
                "unit": region_name,
                "period": period.full_label,
                "data_source": data_path.name,
                "data_checksum": data_checksum(ds.checksums),
                "generated": started.astimezone().strftime("%Y-%m-%d %H:%M"),
            },
            results=written_results,
            warnings=[*banner, *ds.notices],
        )
        timings["tables_xlsx_s"] = time.perf_counter() - t0
        # the drafted summary (summary.md/.docx, 00_summary.html) from results.json alone
        t0 = time.perf_counter()
        written = json.loads((tmp / "results.json").read_text(encoding="utf-8"))
        summary = write_summary(written, tmp, info_of(tmp / SUMMARY_PAGE), finish=False)
        timings["summary_s"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        pages = {tmp / SUMMARY_PAGE: summary.page}
        pages |= {tmp / f"{nb.stem}.html": bodies[nb] for nb in paths}
        pages = add_navigation(pages)
        finish_pages(pages, warnings=banner, notices=ds.notices, messages=results["run_messages"])
        timings["pages_font_s"] = time.perf_counter() - t0
        shutil.rmtree(fragments, ignore_errors=True)
        for mark in tmp.glob(f"{DONE_MARK}*"):
            mark.unlink()
        snapshot.unlink()
        (tmp / OWNER_FILE).unlink()
        timings["total_s"] = time.perf_counter() - t_start
        run_info = {
            "parameters": {
                "data": str(data_path),
                "region": region,
                "period": period.iso,
                "out_dir": str(out_root),
                "notebooks": [p.name for p in paths],
                "accept_warnings": accept_warnings,
                "max_abs_growth_pct": max_abs_growth_pct,
                "highlights": dict(highlights or {}),
                "document": document_entries(document),
                **(parameters or {}),
            },
            "data_checksums_sha256": ds.checksums,
            "data_warnings": ds.warnings,
            "data_notes": ds.notes,
            "data_notices": ds.notices,
            # utf-8, utf-8-sig, gb18030 (Excel's "CSV" on Chinese Windows) or xlsx, per file
            "data_encodings": ds.encodings,
            "packages": package_versions(),
            "git": git_state(),
            "started_utc": started.isoformat(timespec="seconds"),
            "finished_utc": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "timings_s": {k: round(v, 3) for k, v in timings.items()},
            "command": " ".join(sys.argv),
        }
        write_json(tmp / "run.json", run_info)
        _swap_into_place(tmp, final)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        with contextlib.suppress(OSError):  # the period folder this run made, if left empty
            final.parent.rmdir()
        raise
    return RunResult(final, results, timings)


DONE_MARK = ".done-"
"""In a run's temporary folder: one empty file per notebook executed and exported (a
batch's progress bar counts them; removed before the report moves into place)."""


def notebooks_done(out_root: Path) -> int:
    """Notebooks finished by the runs under way in ``out_root`` (their done marks)."""
    return sum(1 for _ in Path(out_root).glob(f"*/.tmp-*/{DONE_MARK}*"))


def report_dir(out_root: Path, period: Period, region: str) -> Path:
    """``<out_root>/<YYYY-MM>/<region>``, refusing any region id that is not a plain name.

    Region ids come from spreadsheets: ``.``, ``..``, ``a/b`` or an absolute path would
    write outside the report folder or over other regions' reports. The loader already
    refuses such ids; this check holds for data sets passed in directly too.
    """
    if not is_safe_id(str(region)):
        raise RunInputError(
            tr(
                f"region id {region!r} cannot name a report folder: use ASCII letters, digits, "
                "'_' and '-' only (e.g. a pinyin id such as qingshui)",
                f"地区代码 {region!r} 不能作报告文件夹名：只能用英文字母、数字、'_' 和 '-'"
                "（建议用拼音，如 qingshui）",
            )
        )
    root = out_root.resolve()
    final = (root / period.iso / region).resolve()
    if final.parent.parent != root or final.name != region:
        raise RunInputError(f"report folder {final} would not be under {root}")  # pragma: no cover
    return final


def _prepare_out_dir(folder: Path) -> None:
    """Create the period folder; a clear RunInputError when --out cannot hold reports."""
    for parent in (folder.parent, folder):
        if parent.exists() and not parent.is_dir():
            raise RunInputError(
                tr(
                    f"output folder {parent} is a file, not a folder; give --out a folder",
                    f"输出位置 {parent} 是文件而不是文件夹；请给 --out 一个文件夹",
                )
            )
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".write-test-{uuid.uuid4().hex[:8]}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise RunInputError(
            tr(
                f"cannot write reports into {folder} ({exc.strerror or exc}); give --out a "
                "folder you can write to",
                f"无法把报告写入 {folder}（{exc.strerror or exc}）；请给 --out 一个可写的文件夹",
            )
        ) from None


def _owner_alive(folder: Path) -> bool | None:
    """Whether the run that made a temporary folder still runs (None: cannot tell)."""
    try:
        pid_text, host = (folder / OWNER_FILE).read_text(encoding="utf-8").split()
        pid = int(pid_text)
    except (OSError, ValueError):
        return None
    if host != socket.gethostname():
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def clean_stale_temporaries(folder: Path, now: float | None = None) -> list[Path]:
    """Remove ``.tmp-*`` and ``.old-*`` folders left by killed runs; return what was removed.

    A folder goes when the process that wrote it is gone, or, when that cannot be told
    (another host, no owner file), when it is older than STALE_AFTER_S. A run still
    writing its folder is never touched.
    """
    now = time.time() if now is None else now
    removed = []
    if not folder.is_dir():
        return removed
    for child in folder.iterdir():
        if not child.is_dir() or not child.name.startswith((".tmp-", ".old-")):
            continue
        alive = _owner_alive(child)
        try:
            age = now - child.stat().st_mtime
        except OSError:
            continue
        if alive is False or (alive is None and age > STALE_AFTER_S):
            shutil.rmtree(child, ignore_errors=True)
            removed.append(child)
    return removed


def make_rerunnable(notebook: Path, parameters: dict) -> None:
    """Point the executed notebook's injected parameters at the data, not the run's snapshot.

    The snapshot and the results folder of a run are deleted when it ends; a report
    notebook opened later in JupyterLab must load the data set itself and write no
    results, so ``snapshot`` and ``results_dir`` become empty.
    """
    import nbformat

    nb = nbformat.read(notebook, as_version=4)
    values = {**parameters, "snapshot": "", "results_dir": ""}
    for cell in nb.cells:
        if "injected-parameters" in cell.get("metadata", {}).get("tags", []):
            lines = ["# Parameters of the run (re-runnable: the data set is loaded again)"]
            lines += [f"{name} = {value!r}" for name, value in values.items()]
            cell.source = "\n".join(lines) + "\n"
    nbformat.write(nb, notebook)


def _keep_failed(tmp: Path, final: Path, notebook_name: str) -> Path:
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    failed = final.parent / "_failed" / f"{final.name}-{stamp}"
    failed.mkdir(parents=True, exist_ok=True)
    for f in tmp.glob("*.ipynb"):
        shutil.copy2(f, failed / f.name)
    return failed


def _swap_into_place(tmp: Path, final: Path) -> None:
    """Replace ``final`` by ``tmp`` with two renames on one file system."""
    old = None
    if final.exists():
        old = final.parent / f".old-{final.name}-{uuid.uuid4().hex[:8]}"
        final.rename(old)
    try:
        tmp.rename(final)
    except BaseException:
        if old is not None:
            old.rename(final)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)

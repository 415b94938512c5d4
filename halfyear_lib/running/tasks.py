"""One run of a batch as a worker sees it: the task it is given, how it runs, what it
returns. Shared by the local processes (:mod:`.batch`) and the Dask workers
(:mod:`.dask_executor`), so neither imports the other's internals."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass

from ..data.dataset import DataSet
from ..data.language import set_language

STATUS_OK, STATUS_FAILED = "ok", "failed"
NOTEBOOK_NAME = re.compile(r"(\d\d_[\w.-]+?\.ipynb)")


class BatchInputError(ValueError):
    """A batch asked for regions or periods the data set cannot give; nothing was run."""


@dataclass
class RunOutcome:
    """What became of one run of a batch."""

    region: str
    period: str  # YYYY-MM
    status: str  # "ok" or "failed"
    seconds: float = 0.0
    region_name: str = ""
    report_dir: str | None = None  # the report, when ok
    notebook: str | None = None  # the failing notebook, when a notebook failed
    cell: int | None = None  # its failing cell (index in the notebook)
    error: str | None = None  # one line: what went wrong
    message: str | None = None  # the whole message, with what to do
    failed_dir: str | None = None  # where the executed notebooks of a failed run are kept
    worker: str | None = None  # the Dask worker that ran it (None: a local process)
    params_file: str | None = None  # the params file that described the run, if any

    @property
    def ok(self) -> bool:
        return self.status == STATUS_OK

    def as_dict(self) -> dict:
        return asdict(self)


Done = Callable[[int, RunOutcome], None]


@dataclass(frozen=True)
class Task:
    """Everything a worker needs for one run (pickled to the worker process)."""

    data: str
    snapshot: str
    region: str
    region_name: str
    period: str
    out_dir: str
    notebooks: tuple[str, ...]
    accept_warnings: bool
    max_abs_growth_pct: float
    highlights: dict
    lang: str
    batch_id: str
    scheduler: str = ""  # the Dask scheduler's address, recorded in run.json
    params_file: str = ""
    document: dict | None = None  # the drafted summary's bureau, signature, date


def first_line(text: str) -> str:
    return next((line.strip() for line in str(text).splitlines() if line.strip()), "")


def failure(task: Task, exc: BaseException, seconds: float) -> RunOutcome:
    """The outcome of a run that raised: failing notebook, cell and error line if known."""
    message = str(exc.args[0]) if isinstance(exc, KeyError) and exc.args else str(exc)
    notebook = cell = None
    error = first_line(message) or type(exc).__name__
    cause = exc.__cause__
    found = NOTEBOOK_NAME.search(message)
    if found and type(exc).__name__ == "RunError":
        notebook = found.group(1)
    if cause is not None and hasattr(cause, "cell_index") and hasattr(cause, "ename"):
        cell = int(cause.cell_index)  # papermill's PapermillExecutionError
        error = f"{cause.ename}: {first_line(cause.evalue)}"
    failed_dir = getattr(exc, "failed_dir", None)
    return RunOutcome(
        task.region,
        task.period,
        STATUS_FAILED,
        seconds,
        task.region_name,
        notebook=notebook,
        cell=cell,
        error=error,
        message=message,
        failed_dir=str(failed_dir) if failed_dir else None,
    )


def run_task(task: Task) -> RunOutcome:
    """One run in a worker process; every exception becomes a failed outcome."""
    from .runs import run_report

    set_language(task.lang)
    t0 = time.perf_counter()
    try:
        ds = DataSet.load_snapshot(task.snapshot)
        result = run_report(
            task.data,
            task.region,
            task.period,
            task.out_dir,
            task.notebooks,
            dataset=ds,
            parameters={"batch": task.batch_id}
            | ({"scheduler": task.scheduler} if task.scheduler else {})
            | ({"params_file": task.params_file} if task.params_file else {}),
            accept_warnings=task.accept_warnings,
            max_abs_growth_pct=task.max_abs_growth_pct,
            highlights=task.highlights,
            document=task.document,
        )
    except Exception as exc:  # a failing run never stops the others
        return failure(task, exc, time.perf_counter() - t0)
    return RunOutcome(
        task.region,
        task.period,
        STATUS_OK,
        time.perf_counter() - t0,
        task.region_name,
        report_dir=str(result.report_dir),
    )


THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def shared_cores_env(cores: int = 1) -> dict[str, str]:
    """The environment of a batch worker whose run gets ``cores`` cores (1 when the batch
    runs one unit per core): the kernels it keeps (they inherit its environment) run that
    many notebooks at once, fit models with that many processes and run BLAS with that
    many threads, instead of each taking every core of the machine."""
    value = str(max(1, int(cores)))
    return {
        "HALFYEAR_FIT_WORKERS": value,
        "HALFYEAR_NOTEBOOK_WORKERS": value,
        **dict.fromkeys(THREAD_VARIABLES, value),
    }

"""Run one function over many items in worker processes, one BLAS/OpenMP thread per worker.

Model fits are small: two workers on two cores each letting BLAS start two threads would fight
over the cores. Every worker therefore runs with a single thread: the thread variables are set
to 1 in the environment the workers start with (before their numpy loads) and threadpoolctl
limits any pool already loaded. Workers are started with ``spawn`` (a fresh interpreter, no fork
of a threaded parent), so this works from a Jupyter kernel too; ``func`` must be importable at
module level (a function defined in a module, not a lambda or a notebook cell).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from typing import Any

THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)

_LIMITER = None  # the worker's threadpoolctl limiter, kept alive for the worker's life


def _init_worker() -> None:
    global _LIMITER
    for name in THREAD_VARIABLES:
        os.environ[name] = "1"
    from threadpoolctl import threadpool_limits

    _LIMITER = threadpool_limits(limits=1)


class _Failure:
    """An exception raised by ``func`` on one item, carried back with its traceback text."""

    def __init__(self, exc: BaseException, text: str) -> None:
        self.exc = exc
        self.text = text


class _Call:
    """Picklable wrapper: ``func(item)``, or a ``_Failure`` instead of raising."""

    def __init__(self, func: Callable[[Any], Any]) -> None:
        self.func = func

    def __call__(self, item: Any) -> Any:
        try:
            return self.func(item)
        except Exception as exc:  # noqa: BLE001 - carried back and re-raised in the caller
            return _Failure(exc, traceback.format_exc())


@contextlib.contextmanager
def _one_thread_environment() -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in THREAD_VARIABLES}
    os.environ.update({name: "1" for name in THREAD_VARIABLES})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _raise(failure: _Failure, index: int) -> None:
    exc = failure.exc
    exc.add_note(f"raised by item {index} in map_parallel; worker traceback:\n{failure.text}")
    raise exc


def map_parallel(
    func: Callable[[Any], Any], items: Iterable[Any], workers: int | None = None
) -> list[Any]:
    """``[func(item) for item in items]`` computed in ``workers`` processes (default: the
    number of CPUs), results in input order.

    With ``workers=1`` or a single item everything runs in this process, without a pool.
    An exception raised by ``func`` is re-raised here, unchanged in type and message, for the
    first failing item in input order, with a note naming that item's index and carrying the
    worker's traceback; the other items still run to completion first.
    """
    items = list(items)
    if workers is None:
        workers = os.cpu_count() or 1
    workers = max(1, min(int(workers), len(items)))
    call = _Call(func)
    if workers == 1:
        results = [call(item) for item in items]
    else:
        chunksize = max(1, len(items) // (workers * 8))
        context = multiprocessing.get_context("spawn")
        with _one_thread_environment():
            with ProcessPoolExecutor(
                max_workers=workers, mp_context=context, initializer=_init_worker
            ) as pool:
                results = list(pool.map(call, items, chunksize=chunksize))
    for index, result in enumerate(results):
        if isinstance(result, _Failure):
            _raise(result, index)
    return results

"""map_parallel: order, one BLAS thread per worker, in-process for one worker, errors."""

from __future__ import annotations

import os

import pytest

from halfyear_lib.forecast.parallel import map_parallel


def square(x: int) -> int:
    return x * x


def worker_state(_: object) -> tuple[int, str | None, int]:
    """(pid, OMP_NUM_THREADS, most threads of any BLAS/OpenMP pool) seen by the worker."""
    import numpy  # noqa: F401 - load the BLAS before asking threadpoolctl
    from threadpoolctl import threadpool_info

    pools = threadpool_info()
    return os.getpid(), os.environ.get("OMP_NUM_THREADS"), max(p["num_threads"] for p in pools)


def fail_on_two(x: int) -> int:
    if x == 2:
        raise ValueError(f"bad item {x}")
    return x


def test_two_workers_keep_input_order_and_run_with_one_blas_thread():
    # one pool for both checks (starting workers costs about a second)
    items = [5, 3, 9, 1, 7, 2, 8]
    before = os.environ.get("OMP_NUM_THREADS")
    assert map_parallel(square, items, workers=2) == [25, 9, 81, 1, 49, 4, 64]
    states = map_parallel(worker_state, range(4), workers=2)
    assert all(pid != os.getpid() for pid, _, _ in states)
    assert all(omp == "1" and threads == 1 for _, omp, threads in states)
    # the caller's environment is left as it was
    assert os.environ.get("OMP_NUM_THREADS") == before


def test_one_worker_or_one_item_runs_in_this_process():
    assert map_parallel(worker_state, [0], workers=4)[0][0] == os.getpid()
    assert {s[0] for s in map_parallel(worker_state, [0, 1, 2], workers=1)} == {os.getpid()}
    assert map_parallel(square, [], workers=3) == []


@pytest.mark.parametrize("workers", [1, 2])
def test_an_exception_is_raised_with_its_type_message_and_item_index(workers):
    with pytest.raises(ValueError, match="bad item 2") as info:
        map_parallel(fail_on_two, [0, 2, 1], workers=workers)
    assert any("raised by item 1" in note for note in info.value.__notes__)

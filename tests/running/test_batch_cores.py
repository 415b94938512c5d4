"""--workers N uses N cores: how a batch splits them between runs and within a run."""

from __future__ import annotations

import os

import pytest

from halfyear_lib.paths import DEMO_DATA_DIR
from halfyear_lib.running import batch, tasks


@pytest.mark.parametrize(
    ("workers", "regions", "at_once", "cores_per_run"),
    [
        (1, "qingshui,lanxi,baishi", 1, 1),  # one core: one run at a time, one notebook
        (2, "qingshui,lanxi,baishi", 2, 1),  # two cores, three runs: two at a time
        (2, "qingshui", 1, 2),  # two cores, one run: its notebooks two at a time
        (4, "qingshui,lanxi", 2, 2),  # 4 // 2
        (3, "qingshui,lanxi", 2, 1),  # 3 // 2: the odd core is not split
    ],
)
def test_cores_are_split_between_runs(
    tmp_path, monkeypatch, workers, regions, at_once, cores_per_run
):
    seen = {}

    def fake_pool_round(items, n, done, cores):
        seen.update(n=n, cores=cores, tasks=len(items))
        for i, task in items:
            done(i, batch.failure(task, RuntimeError("not run"), 0.0))
        return []

    monkeypatch.setattr(batch, "_pool_round", fake_pool_round)
    batch.run_batch(
        DEMO_DATA_DIR,
        regions,
        "2021-06",
        tmp_path,
        workers=workers,
        progress=False,
        write_index_page=False,
    )
    assert seen == {"n": at_once, "cores": cores_per_run, "tasks": len(regions.split(","))}


def test_a_worker_gives_its_run_the_cores_it_was_given(monkeypatch):
    for name in ("HALFYEAR_FIT_WORKERS", "HALFYEAR_NOTEBOOK_WORKERS", *tasks.THREAD_VARIABLES):
        monkeypatch.setenv(name, "8")
    batch._share_cores(2)
    assert os.environ["HALFYEAR_NOTEBOOK_WORKERS"] == "2"
    assert os.environ["HALFYEAR_FIT_WORKERS"] == "2"
    assert {os.environ[v] for v in tasks.THREAD_VARIABLES} == {"2"}
    batch._share_cores(1)
    assert os.environ["HALFYEAR_NOTEBOOK_WORKERS"] == "1"

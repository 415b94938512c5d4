"""The kernel pool: a kernel serves notebook after notebook, and nothing carries over."""

from __future__ import annotations

import re

import nbformat
import pytest

from halfyear_lib.running.kernels import KernelPool, execute_in_pool, shared_pool


def _notebook(path, *sources: str):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    params = nbformat.v4.new_code_cell("value = 0")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [params, *(nbformat.v4.new_code_cell(s) for s in sources)]
    nbformat.write(nb, path)
    return str(path)


def _stream(nb, index: int, name: str = "stdout") -> str:
    return "".join(
        o.get("text", "")
        for o in nb.cells[index].outputs
        if o.get("output_type") == "stream" and o.get("name") == name
    )


@pytest.fixture
def pool(tmp_path):
    # a module of its own, so a warning has one fixed location (module, line) that the
    # "shown once" memory of the warnings machinery would remember between notebooks
    (tmp_path / "hywarn.py").write_text(
        "import warnings\n\ndef warn():\n    warnings.warn('halfyear test warning')\n",
        encoding="utf-8",
    )
    p = KernelPool(1, tmp_path)
    yield p
    p.shutdown()


def test_one_kernel_serves_two_notebooks_and_forgets_the_first(tmp_path, pool):
    first = _notebook(
        tmp_path / "first.ipynb",
        "leftover = value * 2\nprint(leftover)",
        "import hywarn\nhywarn.warn()",
        "import matplotlib\nmatplotlib.use('agg')\nimport matplotlib.pyplot as plt\n"
        "plt.figure()\nprint(len(plt.get_fignums()))",
    )
    second = _notebook(
        tmp_path / "second.ipynb",
        "print('leftover' in globals(), value)",
        "import hywarn\nhywarn.warn()",
        "import matplotlib.pyplot as plt\nprint(len(plt.get_fignums()))",
        # what multiprocessing (the forecast's worker processes) reads of __main__
        "import sys\nprint(sys.modules['__main__'].__spec__, __name__)",
    )
    a = execute_in_pool(pool, first, str(tmp_path / "a.ipynb"), {"value": 21})
    b = execute_in_pool(pool, second, str(tmp_path / "b.ipynb"), {"value": 5})
    assert pool.started == 1  # the second notebook ran in the first one's kernel
    # parameters injected as papermill does: cell 1 is the injected cell
    assert _stream(a, 2) == "42\n"
    assert _stream(b, 2) == "False 5\n"  # the first notebook's names are gone
    # the same warning, from the same line, shown in both (not "once per kernel")
    assert "halfyear test warning" in _stream(a, 3, "stderr")
    assert "halfyear test warning" in _stream(b, 3, "stderr")
    # the first notebook's open figure was closed before the second
    assert _stream(a, 4) == "1\n" and _stream(b, 4) == "0\n"
    # execution counts start again at 1 in each notebook
    counts = [c.execution_count for c in b.cells if c.cell_type == "code"]
    assert counts == [1, 2, 3, 4, 5, 6]
    assert _stream(b, 5) == "None __main__\n"


def test_a_dead_kernel_is_replaced(tmp_path, pool):
    import papermill as pm

    dies = _notebook(tmp_path / "dies.ipynb", "import os\nos._exit(1)")
    fine = _notebook(tmp_path / "fine.ipynb", "print(value + 1)")
    with pytest.raises(Exception) as info:
        execute_in_pool(pool, dies, str(tmp_path / "d.ipynb"), {})
    assert not isinstance(info.value, pm.PapermillExecutionError)  # the kernel, not a cell
    out = execute_in_pool(pool, fine, str(tmp_path / "f.ipynb"), {"value": 1})
    assert _stream(out, 2) == "2\n"
    assert pool.started == 2


def test_a_cell_error_is_papermills_and_the_kernel_is_not_reused(tmp_path, pool):
    import papermill as pm

    fails = _notebook(tmp_path / "fails.ipynb", "raise ValueError('bad unit')")
    fine = _notebook(tmp_path / "fine.ipynb", "print(value)")
    with pytest.raises(pm.PapermillExecutionError, match="bad unit"):
        execute_in_pool(pool, fails, str(tmp_path / "x.ipynb"), {})
    execute_in_pool(pool, fine, str(tmp_path / "y.ipynb"), {"value": 3})
    assert pool.started == 2  # a failed notebook's kernel is not lent again


def test_two_kernels_run_two_notebooks_at_once(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    p = KernelPool(2, tmp_path)
    try:
        # each notebook waits until the other has started: only possible at once
        src = (
            "import pathlib, time\n"
            "here = pathlib.Path('flag-' + str(value)); here.write_text('x')\n"
            "other = pathlib.Path('flag-' + str(1 - value))\n"
            "t0 = time.time()\n"
            "while not other.exists() and time.time() - t0 < 60: time.sleep(0.05)\n"
            "print(other.exists())"
        )
        paths = [_notebook(tmp_path / f"n{i}.ipynb", src) for i in range(2)]
        with ThreadPoolExecutor(2) as threads:
            outs = list(
                threads.map(
                    lambda i: execute_in_pool(
                        p, paths[i], str(tmp_path / f"o{i}.ipynb"), {"value": i}
                    ),
                    range(2),
                )
            )
        assert [_stream(o, 2) for o in outs] == ["True\n", "True\n"]
        assert p.started == 2
    finally:
        p.shutdown()


def test_the_shared_pool_is_new_when_the_environment_changes(tmp_path, monkeypatch):
    a = shared_pool(1, tmp_path)
    assert shared_pool(1, tmp_path) is a
    monkeypatch.setenv("HALFYEAR_CACHE_DIR", str(tmp_path / "other-cache"))
    b = shared_pool(1, tmp_path)
    assert b is not a
    # a kernel started now inherits the new environment
    nb = _notebook(tmp_path / "env.ipynb", "import os\nprint(os.environ['HALFYEAR_CACHE_DIR'])")
    out = execute_in_pool(b, nb, str(tmp_path / "e.ipynb"), {"value": 1})
    assert _stream(out, 2).strip() == str(tmp_path / "other-cache")
    b.shutdown()


def test_a_second_run_in_the_same_process_starts_no_kernel_and_writes_the_same(tmp_path):
    """The second report of a process (a batch worker's next unit) reuses the warm kernel,
    and what it writes is what a fresh kernel wrote."""
    from halfyear_lib.paths import NOTEBOOKS_DIR
    from halfyear_lib.running.runs import notebook_workers, run_report

    nbs = ("01_indicators.ipynb",)
    first = run_report("demo", "qingshui", "2021-05", tmp_path / "a", notebooks=nbs)
    pool = shared_pool(notebook_workers(1), NOTEBOOKS_DIR)
    started = pool.started
    second = run_report("demo", "qingshui", "2021-05", tmp_path / "b", notebooks=nbs)
    assert pool.started == started
    assert second.results == first.results
    page = [
        (r.report_dir / "01_indicators.html").read_text(encoding="utf-8") for r in (first, second)
    ]
    # the same page but for the footer's generation time, the id papermill gives the
    # injected parameters cell and the random ids pandas gives styled tables
    strip = [
        re.sub(
            r"cell-id=[0-9a-f-]+|T_[0-9a-f]{5}",
            "",
            s[: s.index('<footer class="halfyear-footer">')],
        )
        for s in page
    ]
    assert strip[0] == strip[1]


def test_a_new_kernel_is_warmed_up_before_its_first_notebook_and_keeps_no_names(tmp_path):
    warm = "import sys\nsys._hy_warmed = 42\nleft_by_warm_up = 1\n"
    p = KernelPool(1, tmp_path, warm_up=warm)
    try:
        nb = _notebook(
            tmp_path / "n.ipynb",
            "import sys\nprint(getattr(sys, '_hy_warmed', None), 'left_by_warm_up' in globals())",
        )
        out = execute_in_pool(p, nb, str(tmp_path / "o.ipynb"), {"value": 1})
    finally:
        p.shutdown()
    # the warm-up ran first (module state stays: that is its point), its names are gone
    assert _stream(out, 2) == "42 False\n"


def test_a_failing_warm_up_does_not_fail_the_notebook(tmp_path):
    p = KernelPool(1, tmp_path, warm_up="raise RuntimeError('warm-up broke')")
    try:
        nb = _notebook(tmp_path / "n.ipynb", "print(value + 1)")
        out = execute_in_pool(p, nb, str(tmp_path / "o.ipynb"), {"value": 1})
    finally:
        p.shutdown()
    assert _stream(out, 2) == "2\n" and p.started == 1


def test_the_default_warm_up_imports_every_chapter_and_draws_without_seaborn(tmp_path):
    p = KernelPool(1, tmp_path)
    try:
        nb = _notebook(
            tmp_path / "n.ipynb",
            "import sys\nimport matplotlib.pyplot as plt\n"
            "print('halfyear_lib.chapters.forecast' in sys.modules, 'seaborn' in sys.modules,"
            " len(plt.get_fignums()))",
        )
        out = execute_in_pool(p, nb, str(tmp_path / "o.ipynb"), {"value": 1})
    finally:
        p.shutdown()
    # imported before the notebook asked; its chart closed; seaborn never imported
    assert _stream(out, 2) == "True False 0\n"


class _FakeChannel:
    def __init__(self, messages):
        self.messages = list(messages)

    def get_msg(self, timeout=None):
        from queue import Empty

        if not self.messages:
            raise Empty
        item = self.messages.pop(0)
        if item is None:  # nothing arrived within the timeout
            raise Empty
        return item


class _FakeClient:
    """A new client whose IOPub subscription misses the first two status messages."""

    def __init__(self, iopub, alive=True):
        reply = {"msg_type": "kernel_info_reply", "content": {}}
        self.shell_channel = _FakeChannel([reply] * 10)
        self.iopub_channel = _FakeChannel(iopub)
        self.alive, self.asked, self.handled = alive, 0, []

    def kernel_info(self):
        self.asked += 1

    def is_alive(self):
        return self.alive

    def _handle_kernel_info_reply(self, msg):
        self.handled.append(msg)


def test_a_new_client_asks_again_until_its_iopub_hears_the_kernel():
    import asyncio

    from halfyear_lib.running.kernels import wait_until_ready

    kc = _FakeClient([None, None, {"msg_type": "status"}])
    asyncio.run(wait_until_ready(kc, timeout=5))
    # missed twice, heard on the third question; the reply is recorded once
    assert kc.asked == 3 and len(kc.handled) == 1


def test_a_dead_kernel_is_reported_instead_of_waited_for():
    import asyncio

    from halfyear_lib.running.kernels import wait_until_ready

    kc = _FakeClient([None] * 10, alive=False)
    with pytest.raises(RuntimeError, match="died"):
        asyncio.run(wait_until_ready(kc, timeout=5))
    assert kc.asked == 1


def test_the_executed_notebook_is_written_once_at_the_end_failed_or_not(
    tmp_path, pool, monkeypatch
):
    import nbformat as nbf
    import papermill as pm
    import papermill.engines as engines

    writes = []
    real = engines.write_ipynb

    def counting(nb, path):
        writes.append(path)
        real(nb, path)

    monkeypatch.setattr(engines, "write_ipynb", counting)
    ok = _notebook(tmp_path / "ok.ipynb", "print(value)", "print(value * 2)", "print(3)")
    out = tmp_path / "ok_out.ipynb"
    execute_in_pool(pool, ok, str(out), {"value": 1})
    # papermill's start and end only (it wrote at each cell's start and end: 2 + 2 x 5)
    assert len(writes) == 2
    assert _stream(nbf.read(out, as_version=4), 3) == "2\n"  # every output is in the file
    writes.clear()
    fails = _notebook(tmp_path / "fails.ipynb", "print('before')", "raise ValueError('bad')")
    failed = tmp_path / "fails_out.ipynb"
    with pytest.raises(pm.PapermillExecutionError):
        execute_in_pool(pool, fails, str(failed), {"value": 1})
    # a failed notebook is still written whole, its error in it, for the reader to debug
    assert len(writes) == 2
    text = failed.read_text(encoding="utf-8")
    assert "before" in text and "ValueError" in text

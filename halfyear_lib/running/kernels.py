"""Kernels kept warm between notebooks: start-up and imports paid once per process.

A report's notebooks, and the reports of a batch worker, run in kernels of a small pool
instead of a new kernel each: the first notebook in a kernel pays Python's start-up and
the imports of pandas, statsmodels and matplotlib (about 2 s), the next ones do not.

papermill still executes every notebook (parameters injected, the executed notebook
written, errors raised as ``PapermillExecutionError``) through a papermill engine,
``halfyear-pool``, that hands nbclient a kernel of the pool instead of starting one.
Before each notebook the kernel is reset so nothing carries over from the previous one:
the user namespace (``%reset -f``), open figures, the warning filters and the "shown
once" memory of warnings (so a warning printed by one report is printed by the next as
well), and the execution count. A kernel that died, timed out or failed is discarded and
a fresh one takes its place. Modules stay imported: that is the point.

The pool belongs to the process and is keyed on what a kernel inherits at start (the
environment, the interpreter, the working folder): when those change (a test sets
``HALFYEAR_CACHE_DIR``), the old kernels are shut down and new ones start.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

ENGINE_NAME = "halfyear-pool"

# Run silently (no history, no output) in the kernel before each notebook.
RESET_CODE = """\
import sys as _hy_sys, warnings as _hy_warnings
if not hasattr(_hy_sys, "_halfyear_warning_filters"):
    _hy_sys._halfyear_warning_filters = list(_hy_warnings.filters)
    # __spec__, __name__, ... of the fresh kernel's __main__ (multiprocessing needs them)
    _hy_sys._halfyear_dunders = {
        k: v for k, v in get_ipython().user_ns.items() if k.startswith("__") and k.endswith("__")
    }
_hy_warnings.filters[:] = _hy_sys._halfyear_warning_filters
getattr(_hy_warnings, "_filters_mutated", lambda: None)()
_hy_warnings.onceregistry.clear()
for _hy_module in list(_hy_sys.modules.values()):
    _hy_registry = getattr(_hy_module, "__warningregistry__", None)
    if isinstance(_hy_registry, dict):
        _hy_registry.clear()
if "matplotlib.pyplot" in _hy_sys.modules:
    _hy_sys.modules["matplotlib.pyplot"].close("all")
get_ipython().run_line_magic("reset", "-f")
get_ipython().user_ns.update(
    {k: v for k, v in __import__("sys")._halfyear_dunders.items() if k not in get_ipython().user_ns}
)
get_ipython().execution_count = 1
"""


# Run silently in each new kernel as soon as it starts, while the run still loads the data
# and writes its snapshot: the imports of every chapter (pandas, statsmodels, matplotlib,
# the library) and one small chart drawn with the Chinese font, which the first page
# would otherwise pay for. It leaves no names behind (and RESET_CODE runs anyway).
WARM_UP_CODE = """\
def _hy_warm_up():
    import importlib
    from halfyear_lib.chapters import registry
    for spec in registry.chapters():
        if spec.module:
            importlib.import_module(spec.module)
    from halfyear_lib.display.plotting import warm_up
    warm_up()
_hy_warm_up()
del _hy_warm_up
"""
WARM_UP_TIMEOUT_S = 120


def warm_up_kernel(km, code: str = WARM_UP_CODE, timeout: float = WARM_UP_TIMEOUT_S) -> bool:
    """Execute ``code`` silently in the started kernel of ``km`` and wait for its reply;
    False (never an exception) when the kernel did not answer or the code failed: the
    notebook then pays the imports itself, and reports any real error."""
    kc = km.blocking_client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=timeout)
        msg_id = kc.execute(code, silent=True, store_history=False, allow_stdin=False)
        while True:
            reply = kc.get_shell_msg(timeout=timeout)
            if reply.get("parent_header", {}).get("msg_id") == msg_id:
                return reply.get("content", {}).get("status") == "ok"
    except Exception:
        return False
    finally:
        with contextlib.suppress(Exception):
            kc.stop_channels()


def _kernel_spec_dir() -> Path:
    """A kernelspec "python3" that is this interpreter, in a folder of this process.

    A user-level kernelspec named python3 (in ~/.local/share/jupyter) could otherwise
    point at another Python without halfyear_lib.
    """
    folder = Path(tempfile.mkdtemp(prefix="halfyear-kernelspec-"))
    spec_dir = folder / "python3"
    spec_dir.mkdir()
    spec = {
        # kernel log noise (TCP transport warning, shutdown interrupt) would drown the
        # CLI's own messages; cell errors still reach us through papermill
        "argv": [
            sys.executable,
            "-m",
            "ipykernel_launcher",
            "-f",
            "{connection_file}",
            "--IPKernelApp.log_level=CRITICAL",
            "--HistoryManager.hist_file=:memory:",
        ],
        "display_name": "Python 3 (halfyear)",
        "language": "python",
    }
    (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
    return folder


class KernelPool:
    """Up to ``size`` started kernels, each lent to one notebook at a time.

    ``kernel()`` lends one (starting it when none is free and fewer than ``size``
    exist, else waiting); on leaving, a kernel that is alive and was used without an
    error goes back to the pool, any other is shut down.
    """

    def __init__(self, size: int, cwd: str | os.PathLike, warm_up: str | None = WARM_UP_CODE):
        self.size = max(1, int(size))
        self.cwd = str(cwd)
        self.warm_up = warm_up  # run in each new kernel at start (None: nothing)
        self._warming: dict = {}  # kernel manager -> thread warming it up
        self._spec_dir = _kernel_spec_dir()
        self._idle: list = []
        self._count = 0
        self._cond = threading.Condition()
        self._closed = False
        self.started = 0  # kernels started over the pool's life (tests read it)

    def _new_kernel(self):
        from jupyter_client import AsyncKernelManager
        from jupyter_client.kernelspec import KernelSpecManager
        from jupyter_core.utils import run_sync

        km = AsyncKernelManager(
            kernel_name="python3",
            kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(self._spec_dir)]),
        )
        run_sync(km.start_kernel)(cwd=self.cwd)
        self.started += 1
        if self.warm_up:
            thread = threading.Thread(target=warm_up_kernel, args=(km, self.warm_up), daemon=True)
            thread.start()
            self._warming[km] = thread
        return km

    @staticmethod
    def _shutdown(km) -> None:
        from jupyter_core.utils import run_sync

        with contextlib.suppress(Exception):
            run_sync(km.shutdown_kernel)(now=True)

    def prestart(self, n: int | None = None) -> None:
        """Start kernels now, up to ``n`` (default: the pool's size), without waiting for
        them to be ready: their start-up overlaps whatever the caller does next."""
        with self._cond:
            want = min(self.size, n or self.size)
            while not self._closed and self._count < want:
                self._count += 1
                try:
                    self._idle.append(self._new_kernel())
                except BaseException:
                    self._count -= 1
                    raise

    @contextlib.contextmanager
    def kernel(self) -> Iterator:
        with self._cond:
            while not self._idle and self._count >= self.size:
                self._cond.wait()
            if self._closed:
                raise RuntimeError("the kernel pool is shut down")
            km = self._idle.pop() if self._idle else None
            if km is None:
                self._count += 1
        if km is None:
            try:
                km = self._new_kernel()
            except BaseException:
                with self._cond:
                    self._count -= 1
                    self._cond.notify()
                raise
        warming = self._warming.pop(km, None)
        if warming is not None:
            warming.join()  # one client at a time: the notebook starts once warmed up
        keep = False
        try:
            yield km
            keep = True
        finally:
            from jupyter_core.utils import run_sync

            alive = keep and bool(run_sync(km.is_alive)())
            with self._cond:
                if alive and not self._closed:
                    self._idle.append(km)
                else:
                    self._count -= 1
                self._cond.notify()
            if not alive:
                self._shutdown(km)

    def shutdown(self) -> None:
        with self._cond:
            self._closed = True
            idle, self._idle = self._idle, []
            self._cond.notify_all()
        for km in idle:
            self._shutdown(km)
        shutil.rmtree(self._spec_dir, ignore_errors=True)


_POOL: KernelPool | None = None
_POOL_KEY: tuple | None = None
_POOL_LOCK = threading.Lock()


def _key(size: int, cwd: str) -> tuple:
    return (size, cwd, sys.executable, tuple(sorted(os.environ.items())))


def shared_pool(size: int, cwd: str | os.PathLike) -> KernelPool:
    """The process's pool, replaced (old kernels shut down) when the size, the working
    folder or the environment a kernel would inherit changed."""
    global _POOL, _POOL_KEY
    key = _key(max(1, int(size)), str(cwd))
    with _POOL_LOCK:
        if _POOL is not None and _POOL_KEY == key and not _POOL._closed:
            return _POOL
        old, _POOL = _POOL, KernelPool(size, cwd)
        _POOL_KEY = key
    if old is not None:
        old.shutdown()
    return _POOL


def shutdown_shared_pool() -> None:
    global _POOL, _POOL_KEY
    with _POOL_LOCK:
        old, _POOL, _POOL_KEY = _POOL, None, None
    if old is not None:
        old.shutdown()


atexit.register(shutdown_shared_pool)


def _register_engine() -> None:
    """Register ``halfyear-pool`` with papermill (once; papermill imported lazily)."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.utils import merge_kwargs, remove_args

    if ENGINE_NAME in papermill_engines._engines:
        return

    class PooledNotebookClient(PapermillNotebookClient):
        """papermill's client, resetting the lent kernel before the first cell."""

        async def async_start_new_kernel_client(self):
            """nbclient's, with a quicker check that the new client's IOPub is connected
            (the kernel is running already: :func:`wait_until_ready`)."""
            from nbclient.util import ensure_async, run_hook

            self.kc = self.km.client()
            try:
                await ensure_async(self.kc.start_channels())
                await wait_until_ready(self.kc, self.startup_timeout)
            except Exception:
                with contextlib.suppress(Exception):
                    self.kc.stop_channels()
                raise
            self.kc.allow_stdin = False
            await run_hook(self.on_notebook_start, notebook=self.nb)
            return self.kc

        def papermill_execute_cells(self):
            msg_id = self.kc.execute(
                RESET_CODE, silent=True, store_history=False, allow_stdin=False
            )
            reply = self.wait_for_reply(msg_id)
            content = (reply or {}).get("content", {})
            if content.get("status") != "ok":
                raise RuntimeError(
                    "could not reset the kernel before the notebook: "
                    f"{content.get('ename', 'no reply')}: {content.get('evalue', '')}"
                )
            super().papermill_execute_cells()

    class PooledEngine(NBClientEngine):
        """nbclient execution in a kernel of ``km`` (required): the kernel is not shut
        down afterwards, only this notebook's client channels are closed."""

        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man,
            kernel_name,
            log_output=False,
            stdout_file=None,
            stderr_file=None,
            start_timeout=60,
            execution_timeout=None,
            **kwargs,
        ):
            km = kwargs.pop("km")
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            final_kwargs = merge_kwargs(
                kwargs,
                timeout=execution_timeout,
                startup_timeout=start_timeout,
                kernel_name=kernel_name,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            client = PooledNotebookClient(nb_man, km=km, **final_kwargs)
            # papermill writes the whole executed notebook (its images included) at the
            # start and the end of every cell, for watching a long run; a page needs it
            # once: papermill's notebook_complete, which runs after this, failed or not
            nb_man.save = _no_save
            try:
                return client.execute()
            finally:
                del nb_man.save  # the manager's own save again, for notebook_complete
                if client.kc is not None:
                    with contextlib.suppress(Exception):
                        client.kc.stop_channels()

    papermill_engines.register(ENGINE_NAME, PooledEngine)


def _no_save(**kwargs) -> None:
    """In place of papermill's save after each cell (see ``PooledEngine``)."""


READY_POLL_S = 0.02


async def wait_until_ready(kc, timeout: float = 60.0) -> None:
    """Wait until the kernel answers ``kernel_info`` on the new client's shell channel and
    the client's IOPub subscription is connected (a status message arrives).

    jupyter_client's ``wait_for_ready`` waits 0.2 s for that status message and asks again
    when a fresh subscription missed it (as it almost always does): 0.2 s per notebook.
    Here the question is asked again every 20 ms instead; RuntimeError when the kernel
    died or did not answer within ``timeout`` seconds.
    """
    import time
    from queue import Empty

    from nbclient.util import ensure_async

    deadline = time.monotonic() + timeout
    while True:
        kc.kernel_info()
        try:
            msg = await ensure_async(kc.shell_channel.get_msg(timeout=1))
        except Empty:
            msg = None
        if msg is not None and msg.get("msg_type") == "kernel_info_reply":
            try:
                await ensure_async(kc.iopub_channel.get_msg(timeout=READY_POLL_S))
            except Empty:
                pass
            else:
                kc._handle_kernel_info_reply(msg)  # what wait_for_ready records of it
                return
        if not await ensure_async(kc.is_alive()):
            raise RuntimeError("the kernel died before replying to kernel_info")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the kernel did not reply to kernel_info in {timeout:g} s")


def execute_in_pool(pool: KernelPool, input_path: str, output_path: str, parameters: dict):
    """papermill.execute_notebook in a kernel lent by ``pool`` (see the module's doc)."""
    import papermill as pm

    _register_engine()
    with pool.kernel() as km:
        return pm.execute_notebook(
            input_path,
            output_path,
            parameters=parameters,
            engine_name=ENGINE_NAME,
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            km=km,
        )

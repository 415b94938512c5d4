"""A batch on an existing Dask distributed cluster (``halfyear batch --scheduler ADDRESS``).

Imported only for such a batch, so the ordinary command line never loads dask.

What each worker reads and writes, and why: the batch validates the data set once on
the machine that starts it and saves it as a snapshot in a temporary folder of the
output root (as a local batch does); every run on a worker loads that snapshot. The
output root must be shared with the workers anyway (they write the reports there, and
the index is made from them), so the snapshot asks for nothing more, and every run
reads exactly the data that were validated, even if the input files change during the
batch. The data path itself must also be readable at the same path on every worker: a
run records it, and its executed notebooks load the data from it when re-run.
Each worker must have the same version of halfyear installed from a checkout (the
notebooks are read from it), and runs one report at a time per worker process.

Before any run, every worker connected is asked whether it can run the reports (same
halfyear version and notebooks, the data path and the snapshot readable, the output
root writable); a worker that cannot stops the batch with one message per problem.
A run that raises on a worker, or whose worker dies (``KilledWorker``, after the
scheduler's ``distributed.scheduler.allowed-failures`` retries on other workers), fails
alone with a line naming the worker.

Connecting is bounded by one deadline (``SCHEDULER_TIMEOUT_S``): reaching the address,
the scheduler's first answer and a first worker. distributed itself waits for a peer's
handshake without a timeout, and reads the first 8 bytes of any answer as the length of
a frame it then allocates (an HTTP server's ``HTTP/1.1`` is 3 EiB), so the address is
first probed with a plain socket: a Dask scheduler sends its handshake as soon as it
accepts a connection, a small frame of msgpack, and the probe checks exactly that before
distributed is let near the address.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import pickle
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata

from ..data.language import tr
from .tasks import (
    BatchInputError,
    Done,
    RunOutcome,
    Task,
    failure,
    first_line,
    run_task,
    shared_cores_env,
)

SCHEDULER_TIMEOUT_S = 10.0  # to reach the scheduler, have its answer and a first worker
MAX_HANDSHAKE_BYTES = 1 << 16  # a scheduler's handshake is about 60 bytes
_RUN_LOCK = threading.Lock()  # one report at a time in a worker process (see run_on_worker)


class SchedulerError(BatchInputError):
    """The Dask scheduler cannot be reached, has no workers, or its workers cannot run
    the reports; nothing was run."""


# --------------------------------------------------------------------------- on a worker


@contextlib.contextmanager
def _environment(values: dict[str, str]):
    """``os.environ`` updated with ``values`` for the duration, then restored."""
    old = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in old.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def run_on_worker(task: Task) -> RunOutcome:
    """One run in a Dask worker: as in a local worker process of a parallel batch (one
    notebook at a time, fits in-process, one BLAS thread; the kernels speak the batch's
    language), the environment set for the run only. A worker process with several
    threads runs its reports one at a time: a run sets process-wide state (environment,
    the kernel path, the language)."""
    with _RUN_LOCK, _environment(shared_cores_env(1) | {"HALFYEAR_LANG": task.lang}):
        outcome = run_task(task)
    outcome.worker = _worker_address()
    return outcome


def _worker_address() -> str:
    try:
        from distributed import get_worker

        return str(get_worker().address)
    except ValueError:  # not in a worker (called directly)
        return socket.gethostname()


def notebooks_digest(names: Sequence[str] = ()) -> str:
    """sha256 over the names and bytes of the notebooks a run executes (all by default):
    a worker whose notebooks differ would write other reports."""
    from .runs import list_notebooks

    digest = hashlib.sha256()
    for path in list_notebooks(tuple(names)):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _halfyear_version() -> str:
    try:
        return metadata.version("halfyear")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree
        return "unknown"


def worker_facts(
    data: str, snapshot: str, out_root: str, notebooks: Sequence[Sequence[str]]
) -> dict:
    """What a worker can do, as seen from the worker: halfyear version, the digest of
    each set of notebooks, and the paths it cannot read or write."""
    digests = {}
    for names in notebooks:
        try:
            digests[",".join(names)] = notebooks_digest(names)
        except Exception as exc:  # a notebook missing on the worker
            digests[",".join(names)] = f"missing: {first_line(str(exc))}"
    return {
        "version": _halfyear_version(),
        "notebooks": digests,
        "data_readable": os.access(data, os.R_OK),
        "snapshot_readable": os.path.isfile(snapshot) and os.access(snapshot, os.R_OK),
        "out_writable": os.path.isdir(out_root) and os.access(out_root, os.W_OK | os.X_OK),
        "host": socket.gethostname(),
    }


# --------------------------------------------------------------------------- the client


class DaskCluster:
    """The workers of an existing Dask cluster, reached through its scheduler.

    ``function`` is what runs on a worker for one task (``run_on_worker``; a test may
    pass another, importable on the workers).
    """

    def __init__(
        self,
        address: str,
        timeout: float = SCHEDULER_TIMEOUT_S,
        function: Callable[[Task], RunOutcome] = run_on_worker,
    ) -> None:
        self.scheduler = str(address).strip()
        self.timeout = float(timeout)
        self.function = function
        self.workers = 0
        self.client = None

    def _unreachable(self, why: str) -> SchedulerError:
        return SchedulerError(
            tr(
                f"cannot reach the Dask scheduler at {self.scheduler} ({why}); start it with "
                "`dask scheduler` on that machine and `dask worker ADDRESS` on each worker, "
                "or give the address it prints (e.g. tcp://192.168.1.10:8786); nothing was run",
                f"无法连接 Dask 调度器 {self.scheduler}（{why}）；请在该机器上用 `dask scheduler` "
                "启动调度器，在每台工作机上运行 `dask worker 地址`，或给出调度器打印的地址"
                "（如 tcp://192.168.1.10:8786）；未运行任何报告",
            )
        )

    def _no_answer(self) -> str:
        return tr(f"no answer within {self.timeout:g} s", f"{self.timeout:g} 秒内无应答")

    def _silent(self) -> SchedulerError:
        return SchedulerError(
            tr(
                f"{self.scheduler} accepted the connection but did not answer within "
                f"{self.timeout:g} s: it is not a Dask scheduler, or one that is stuck; give "
                "the address `dask scheduler` prints (e.g. tcp://192.168.1.10:8786); "
                "nothing was run",
                f"{self.scheduler} 接受了连接，但 {self.timeout:g} 秒内没有应答：它不是 Dask "
                "调度器，或调度器已无响应；请给出 `dask scheduler` 启动时打印的地址"
                "（如 tcp://192.168.1.10:8786）；未运行任何报告",
            )
        )

    def _not_a_scheduler(self, why: str) -> SchedulerError:
        return SchedulerError(
            tr(
                f"{self.scheduler} is not a Dask scheduler ({why}); give the address "
                "`dask scheduler` prints (e.g. tcp://192.168.1.10:8786; the dashboard at "
                "port 8787 is not it); nothing was run",
                f"{self.scheduler} 不是 Dask 调度器（{why}）；请给出 `dask scheduler` "
                "启动时打印的地址（如 tcp://192.168.1.10:8786；8787 端口的仪表板不是调度器）；"
                "未运行任何报告",
            )
        )

    def _no_workers(self) -> SchedulerError:
        return SchedulerError(
            tr(
                f"the Dask scheduler at {self.scheduler} has no workers (waited "
                f"{self.timeout:g} s); start `dask worker {self.scheduler}` on each "
                "machine; nothing was run",
                f"Dask 调度器 {self.scheduler} 没有工作进程（已等待 {self.timeout:g} 秒）；"
                f"请在每台机器上运行 `dask worker {self.scheduler}`；未运行任何报告",
            )
        )

    def open(self) -> None:
        """Connect to the scheduler and wait for a first worker, all within ``timeout``
        seconds; else SchedulerError, one line naming the address (nothing is run)."""
        deadline = time.monotonic() + self.timeout
        if not self.scheduler:
            raise self._unreachable(tr("no address given", "没有给出地址"))
        from distributed.comm.addressing import normalize_address, parse_address

        try:
            scheme, location = parse_address(normalize_address(self.scheduler))
        except Exception as exc:  # not an address
            raise self._unreachable(f"{type(exc).__name__}: {first_line(str(exc))}") from None
        if scheme == "tcp":
            self._probe(location, deadline)
        else:  # tls://, ws://...: distributed's own handshake, bounded
            self._handshake(deadline)
        self._connect(deadline)

    def _probe(self, location: str, deadline: float) -> None:
        """Check with a plain socket that a Dask scheduler answers at ``location``
        (host:port) before ``deadline``: send the handshake distributed sends, close the
        sending side (an HTTP server then answers what it got), and read the scheduler's
        handshake: an 8-byte length, then that many bytes of frames holding a dict."""
        from distributed.comm.addressing import parse_host_port

        try:
            host, port = parse_host_port(location)
            left = max(0.001, deadline - time.monotonic())
            sock = socket.create_connection((host, int(port)), timeout=left)
        except TimeoutError:
            raise self._unreachable(self._no_answer()) from None
        except (OSError, ValueError) as exc:  # refused, unknown host, no route, bad port
            raise self._unreachable(f"{type(exc).__name__}: {first_line(str(exc))}") from None
        with sock:
            try:
                sock.settimeout(max(0.0, deadline - time.monotonic()) or 0.001)
                with contextlib.suppress(OSError):  # a peer that closed first: read below
                    sock.sendall(_handshake_bytes())
                    sock.shutdown(socket.SHUT_WR)
                head = _read_exactly(sock, 8, deadline)
                if len(head) == 8:
                    (size,) = struct.unpack("Q", head)  # as distributed reads it
                    if 0 < size <= MAX_HANDSHAKE_BYTES:
                        body = _read_exactly(sock, size, deadline)
                        if len(body) == size and _is_handshake(body):
                            return
            except TimeoutError:
                raise self._silent() from None
            except OSError:  # reset by a peer that closed at once
                head = b""
        if not head:
            why = tr("it closed the connection without answering", "对方未应答即关闭了连接")
        elif head.lstrip()[:5].upper() in (b"HTTP/", b"<!DOC", b"<HTML"):
            why = tr("an HTTP server answered", "应答的是 HTTP 服务器")
        else:
            why = tr(
                f"its answer {bytes(head[:8])!r} is not a Dask handshake",
                f"其应答 {bytes(head[:8])!r} 不是 Dask 的握手信息",
            )
        raise self._not_a_scheduler(why)

    def _handshake(self, deadline: float) -> None:
        """distributed's handshake with the scheduler before ``deadline`` (for schemes a
        plain socket cannot probe), in a thread of its own: the caller may have an event
        loop running (Jupyter). A failed Client would linger, a failed handshake does not."""
        from distributed.comm import connect

        async def handshake() -> None:
            left = max(0.001, deadline - time.monotonic())
            comm = await asyncio.wait_for(connect(self.scheduler, timeout=left), left)
            await comm.close()

        try:
            with ThreadPoolExecutor(max_workers=1) as pool:
                pool.submit(asyncio.run, handshake()).result()
        except TimeoutError:
            raise self._unreachable(self._no_answer()) from None
        except Exception as exc:  # refused, no TLS configuration, a bad address...
            raise self._unreachable(f"{type(exc).__name__}: {first_line(str(exc))}") from None

    def _connect(self, deadline: float) -> None:
        """The Client, and a first worker, before ``deadline``. distributed bounds most
        of this by its timeout but not all (its handshake, the identity call of
        wait_for_workers), so it runs in a thread of its own that is given up at the
        deadline; the caller may also have an event loop running (Jupyter). A Client
        that arrives too late is closed by that thread."""
        from distributed import Client

        lock = threading.Lock()
        state: dict = {"stage": "connect", "given_up": False}
        done = threading.Event()

        def left() -> float:
            return max(0.05, deadline - time.monotonic())

        def connect() -> None:
            client = None
            try:
                # its own timeout, for later reconnections too; the deadline is ours
                client = Client(self.scheduler, timeout=self.timeout, set_as_default=False)
                with lock:
                    state["stage"] = "workers"
                client.wait_for_workers(1, timeout=left())
                with lock:
                    if not state["given_up"]:
                        state["client"], client = client, None
            except Exception as exc:
                state["error"] = exc
            finally:
                if client is not None:  # failed, or too late
                    with contextlib.suppress(Exception):
                        client.close(timeout=1)
                done.set()

        threading.Thread(target=connect, name="halfyear-dask-connect", daemon=True).start()
        done.wait(max(0.0, deadline - time.monotonic()))
        with lock:
            client, stage = state.get("client"), state["stage"]
            if client is None and "error" not in state:
                state["given_up"] = True
        if client is not None:
            self.client = client
            self.workers = sum(client.nthreads().values())
            return
        exc = state.get("error")
        if stage == "workers" and (exc is None or isinstance(exc, TimeoutError)):
            raise self._no_workers()
        if exc is None:
            raise SchedulerError(
                tr(
                    f"the Dask scheduler at {self.scheduler} answered but did not complete the "
                    f"connection within {self.timeout:g} s (overloaded, or another version of "
                    "distributed?); nothing was run",
                    f"Dask 调度器 {self.scheduler} 有应答，但 {self.timeout:g} 秒内未完成连接"
                    "（负载过重，或 distributed 版本不同？）；未运行任何报告",
                )
            )
        raise self._unreachable(f"{type(exc).__name__}: {first_line(str(exc))}")

    def check(self, tasks: Sequence[Task]) -> None:
        """Ask every worker whether it can run ``tasks``; raise SchedulerError listing
        each worker's problems (nothing is run then)."""
        if not tasks:
            return
        first = tasks[0]
        notebook_sets = sorted({t.notebooks for t in tasks})
        here = {
            "version": _halfyear_version(),
            "notebooks": {",".join(n): notebooks_digest(n) for n in notebook_sets},
        }
        answers = self.client.run(
            worker_facts,
            first.data,
            first.snapshot,
            first.out_dir,
            notebook_sets,
            on_error="return",
        )
        problems = []
        for worker, facts in sorted(answers.items()):
            if isinstance(facts, BaseException):
                problems.append(
                    tr(
                        f"{worker}: cannot run halfyear ({type(facts).__name__}: "
                        f"{first_line(str(facts))}); install the package on the worker "
                        "(make install in a checkout of the same version)",
                        f"{worker}：无法运行 halfyear（{type(facts).__name__}: "
                        f"{first_line(str(facts))}）；请在工作机上安装同一版本的本项目"
                        "（在同一版本的代码目录中运行 make install）",
                    )
                )
                continue
            problems += _worker_problems(worker, facts, here, first)
        if problems:
            raise SchedulerError(
                tr(
                    f"workers of the Dask cluster at {self.scheduler} cannot run the reports; "
                    "nothing was run:\n  " + "\n  ".join(problems),
                    f"Dask 集群 {self.scheduler} 的工作进程无法运行报告，未运行任何报告：\n  "
                    + "\n  ".join(problems),
                )
            )

    def run(self, items: list[tuple[int, Task]], done: Done) -> None:
        """Submit every task; each outcome goes to ``done`` as it arrives. An exception
        on the worker or a dead worker becomes that run's failure."""
        from distributed import as_completed

        futures = {
            self.client.submit(
                self.function,
                task,
                key=f"halfyear-{task.batch_id}-{i}-{task.region}-{task.period}",
                pure=False,
            ): (i, task)
            for i, task in items
        }
        try:
            for future in as_completed(futures, loop=self.client.loop):
                i, task = futures[future]
                try:
                    outcome = future.result()
                except Exception as exc:
                    outcome = _worker_failure(task, exc)
                done(i, outcome)
        except BaseException:  # Ctrl-C: the cluster runs nothing more of this batch
            with contextlib.suppress(Exception):
                self.client.cancel(list(futures), force=True)
            raise

    def close(self) -> None:
        if self.client is not None:
            with contextlib.suppress(Exception):
                self.client.close(timeout=self.timeout)
            self.client = None


def _handshake_bytes() -> bytes:
    """What distributed sends first on a new connection (``Comm.handshake_info``): an
    8-byte length, the frames' count and lengths, and the msgpack of a small dict."""
    from distributed.protocol import dumps
    from distributed.protocol.utils import pack_frames_prelude

    info = {
        "compression": None,
        "python": tuple(sys.version_info)[:3],
        "pickle-protocol": pickle.HIGHEST_PROTOCOL,
    }
    frames = [bytes(f) for f in dumps(info)]
    prelude = pack_frames_prelude(frames)
    return struct.pack("Q", len(prelude) + sum(map(len, frames))) + prelude + b"".join(frames)


def _is_handshake(body: bytes) -> bool:
    """Whether ``body`` (after the 8-byte length) is a Dask handshake: frames holding a
    dict with the keys ``Comm.handshake_info`` gives."""
    from distributed.protocol import loads
    from distributed.protocol.utils import unpack_frames

    try:
        (count,) = struct.unpack_from("Q", body)
        if not 0 < count <= len(body) // 8:  # the number of frames
            return False
        frames, buffers = unpack_frames(memoryview(body), partial=True)
        info = loads(frames, deserialize=False) if not buffers else None
    except Exception:  # garbage that happened to start with a small length
        return False
    return isinstance(info, dict) and {"compression", "pickle-protocol"} <= set(info)


def _read_exactly(sock: socket.socket, size: int, deadline: float) -> bytes:
    """``size`` bytes from ``sock``, fewer if the peer closes first; TimeoutError at the
    deadline."""
    data = bytearray()
    while len(data) < size:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError
        sock.settimeout(left)
        chunk = sock.recv(min(size - len(data), 65536))
        if not chunk:
            break
        data += chunk
    return bytes(data)


def _worker_problems(worker: str, facts: dict, here: dict, task: Task) -> list[str]:
    host = f"{worker} ({facts.get('host', '?')})"
    problems = []
    if facts["version"] != here["version"]:
        problems.append(
            tr(
                f"{host}: halfyear {facts['version']} is installed, the batch runs "
                f"{here['version']}; install the same version on every worker",
                f"{host}：安装的是 halfyear {facts['version']}，本批次为 {here['version']}；"
                "请在每台工作机上安装同一版本",
            )
        )
    for names, digest in here["notebooks"].items():
        if facts["notebooks"].get(names) != digest:
            problems.append(
                tr(
                    f"{host}: its notebooks differ from this machine's "
                    f"({facts['notebooks'].get(names)}); install the same commit of halfyear",
                    f"{host}：其笔记本与本机不同（{facts['notebooks'].get(names)}）；"
                    "请安装同一提交的 halfyear",
                )
            )
            break
    if not facts["data_readable"]:
        problems.append(
            tr(
                f"{host}: cannot read the data at {task.data}; the data must be readable at "
                "the same path on every worker (a shared folder)",
                f"{host}：无法读取数据 {task.data}；每台工作机都必须能在同一路径读取数据（共享文件夹）",
            )
        )
    if not facts["out_writable"]:
        problems.append(
            tr(
                f"{host}: cannot write into the output folder {task.out_dir}; it must be "
                "shared and writable at the same path on every worker",
                f"{host}：无法写入输出文件夹 {task.out_dir}；它必须是在每台工作机上同一路径、"
                "可写的共享文件夹",
            )
        )
    elif not facts["snapshot_readable"]:
        problems.append(
            tr(
                f"{host}: cannot read the batch's snapshot {task.snapshot}; the output folder "
                "must be the same shared folder on every worker",
                f"{host}：无法读取本批次的数据快照 {task.snapshot}；输出文件夹必须是每台工作机上"
                "同一个共享文件夹",
            )
        )
    return problems


def _worker_failure(task: Task, exc: BaseException) -> RunOutcome:
    """The outcome of a run the cluster could not complete: its worker died (after the
    scheduler's retries), or the task raised outside the run (it could not be loaded)."""
    from distributed import KilledWorker

    if isinstance(exc, KilledWorker):
        last = getattr(exc, "last_worker", None)
        worker = str(getattr(last, "address", "") or "")
        outcome = failure(
            task,
            RuntimeError(
                tr(
                    f"the Dask worker {worker or '?'} running this report died (killed or out "
                    "of memory); run it alone with halfyear run to see why",
                    f"运行该报告的 Dask 工作进程 {worker or '?'} 意外终止（被终止或内存不足）；"
                    "请用 halfyear run 单独运行查看原因",
                )
            ),
            0.0,
        )
        outcome.worker = worker or None
        return outcome
    outcome = failure(task, exc, 0.0)
    outcome.error = tr(
        f"on the Dask worker: {type(exc).__name__}: {outcome.error}",
        f"在 Dask 工作进程上：{type(exc).__name__}: {outcome.error}",
    )
    return outcome

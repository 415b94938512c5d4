"""Connecting to a Dask scheduler is bounded by one timeout, and an address that is not a
Dask scheduler (silent, an HTTP server, garbage, closed at once) is named in one line,
without a hang or distributed's multi-EiB allocation. Real servers on 127.0.0.1."""

from __future__ import annotations

import contextvars
import http.server
import socket
import threading
import time

import numpy as np
import pytest

from halfyear_lib import cli
from halfyear_lib.data.language import language
from halfyear_lib.running.dask_executor import (
    SCHEDULER_TIMEOUT_S,
    DaskCluster,
    SchedulerError,
    _handshake_bytes,
)

MARGIN_S = 1.5  # thread start-up, a loaded machine


class RawServer:
    """A TCP server on 127.0.0.1 whose ``answer(conn)`` handles each connection."""

    def __init__(self, answer) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.address = f"tcp://127.0.0.1:{self.sock.getsockname()[1]}"
        self.answer = answer
        self.conns: list[socket.socket] = []
        self.received = bytearray()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:  # closed
                return
            self.conns.append(conn)
            threading.Thread(target=self.answer, args=(self, conn), daemon=True).start()

    def close(self) -> None:
        self.sock.close()
        for conn in self.conns:
            conn.close()


def silent(server, conn):
    """Accept, read what comes, never answer (the connection stays open)."""
    conn.settimeout(60)
    try:
        while data := conn.recv(4096):
            server.received += data
    except OSError:
        pass


def eager_http(server, conn):
    """An HTTP/1.1 server that answers 400 to the first bytes it gets, as nginx does."""
    if conn.recv(4096):
        conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
    conn.close()


def garbage(server, conn):
    """Random bytes at once, then close."""
    conn.sendall(np.random.default_rng(16).bytes(4096))
    conn.close()


def closes(server, conn):
    conn.close()


def handshake_then_silence(server, conn):
    """Speak Dask's handshake, then never answer a request (a stuck scheduler)."""
    conn.sendall(_handshake_bytes())
    silent(server, conn)


@pytest.fixture
def serve():
    servers = []

    def start(answer):
        servers.append(RawServer(answer))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


class QuietHandler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"<html>a web page</html>")

    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    """Python's own HTTP server, as ``python -m http.server`` runs it."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), QuietHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"tcp://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def open_fails(address: str, timeout: float) -> tuple[str, float]:
    """Open a DaskCluster on ``address``; the SchedulerError's text and the seconds it
    took. Run in a thread (in the test's language) so that a hang fails the test instead
    of stopping the suite."""
    outcome: dict = {}

    def target():
        try:
            DaskCluster(address, timeout=timeout).open()
        except BaseException as exc:  # noqa: BLE001 - judged below
            outcome["error"] = exc

    start = time.monotonic()
    thread = threading.Thread(target=contextvars.copy_context().run, args=(target,), daemon=True)
    thread.start()
    thread.join(timeout + 30)
    seconds = time.monotonic() - start
    assert not thread.is_alive(), f"open() still hangs after {seconds:.0f} s"
    error = outcome.get("error")
    assert isinstance(error, SchedulerError), repr(error)
    assert "\n" not in str(error)
    return str(error), seconds


def test_the_default_timeout_is_the_one_the_readme_states():
    from halfyear_lib.paths import PROJECT_ROOT

    assert DaskCluster("tcp://127.0.0.1:8786").timeout == SCHEDULER_TIMEOUT_S == 10.0
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert "within 10 s" in " ".join(readme.split()) and "within 5 s" not in readme


def test_an_address_that_accepts_and_never_answers_fails_within_the_timeout(serve):
    server = serve(silent)
    message, seconds = open_fails(server.address, timeout=2)
    assert 2 - 0.1 <= seconds < 2 + MARGIN_S
    assert message.startswith(f"{server.address} accepted the connection but did not answer ")
    assert "within 2 s: it is not a Dask scheduler, or one that is stuck" in message
    assert server.received  # the probe spoke first, as distributed does


def test_a_scheduler_that_answers_the_handshake_only_fails_within_the_timeout(serve):
    # the Client's identity call is never answered: bounded by the same deadline
    server = serve(handshake_then_silence)
    message, seconds = open_fails(server.address, timeout=2)
    assert 2 - 0.1 <= seconds < 2 + MARGIN_S
    assert message.startswith(
        f"the Dask scheduler at {server.address} answered but did not complete the "
        "connection within 2 s"
    )


def test_an_http_server_is_not_a_dask_scheduler(http_server):
    message, seconds = open_fails(http_server, timeout=5)
    assert seconds < MARGIN_S
    assert message.startswith(f"{http_server} is not a Dask scheduler (an HTTP server answered)")
    assert "MemoryError" not in message and "EiB" not in message


def test_an_http_server_that_answers_at_once_is_not_a_dask_scheduler(serve):
    # distributed reads b"HTTP/1.1" as a frame of 3.07 EiB: MemoryError before the fix
    server = serve(eager_http)
    message, seconds = open_fails(server.address, timeout=5)
    assert seconds < MARGIN_S
    assert message.startswith(f"{server.address} is not a Dask scheduler (an HTTP server answered)")


def test_a_server_sending_garbage_is_not_a_dask_scheduler(serve):
    server = serve(garbage)
    message, seconds = open_fails(server.address, timeout=5)
    assert seconds < MARGIN_S
    first = np.random.default_rng(16).bytes(8)
    assert message.startswith(
        f"{server.address} is not a Dask scheduler (its answer {first!r} is not a Dask handshake)"
    )


def test_a_server_that_closes_at_once_is_not_a_dask_scheduler(serve):
    server = serve(closes)
    message, seconds = open_fails(server.address, timeout=5)
    assert seconds < MARGIN_S
    assert message.startswith(
        f"{server.address} is not a Dask scheduler (it closed the connection without answering)"
    )


def test_nothing_listening_is_unreachable():
    with socket.create_server(("127.0.0.1", 0)) as sock:
        address = f"tcp://127.0.0.1:{sock.getsockname()[1]}"
    message, seconds = open_fails(address, timeout=5)
    assert seconds < MARGIN_S
    assert message.startswith(f"cannot reach the Dask scheduler at {address} (")
    assert "ConnectionRefusedError" in message


def test_the_message_in_chinese(serve):
    server = serve(garbage)
    with language("zh"):
        message, _ = open_fails(server.address, timeout=5)
    assert message.startswith(f"{server.address} 不是 Dask 调度器（其应答 ")
    assert message.endswith("未运行任何报告")


def test_the_command_line_names_an_http_server_in_one_line(http_server, tmp_path, capsys):
    start = time.monotonic()
    with language("zh"):
        code = cli.main(
            ["batch", "--scheduler", http_server, "--regions", "all", "--periods", "2021-06",
             "--out", str(tmp_path / "out")]
        )  # fmt: skip
    seconds = time.monotonic() - start
    err = capsys.readouterr().err
    assert code == 2 and seconds < 30  # the demo data are validated first
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines[-1].startswith(f"错误：{http_server} 不是 Dask 调度器（应答的是 HTTP 服务器）")
    assert "Traceback" not in err and "MemoryError" not in err
    assert not (tmp_path / "out").exists()


def test_a_real_scheduler_still_connects_and_one_without_workers_is_bounded():
    from distributed import LocalCluster

    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=False, protocol="tcp",
        dashboard_address=":0",
    ) as cluster:  # fmt: skip
        executor = DaskCluster(cluster.scheduler_address, timeout=5)
        start = time.monotonic()
        executor.open()
        try:
            assert time.monotonic() - start < 5 and executor.workers == 1
            assert executor.client.submit(sum, [1, 2, 3]).result(timeout=10) == 6
        finally:
            executor.close()
    with LocalCluster(
        n_workers=0, processes=False, protocol="tcp", dashboard_address=":0"
    ) as cluster:
        message, seconds = open_fails(cluster.scheduler_address, timeout=2)
    assert 2 - 0.1 <= seconds < 2 + MARGIN_S
    assert message.startswith(f"the Dask scheduler at {cluster.scheduler_address} has no workers")

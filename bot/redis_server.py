"""A real redis-server process: the console's embedded store, and the tests' and
benchmarks' server (no fakes anywhere)."""

from __future__ import annotations

import ctypes
import ctypes.util
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import redis


def parent_death() -> None:
    """Ask Linux to send this process SIGTERM when its parent dies (elsewhere: no-op).
    Called in a child: before exec (redis-server), or first thing (the worker)."""
    name = ctypes.util.find_library("c")
    if sys.platform.startswith("linux") and name:
        ctypes.CDLL(name).prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """A redis-server process on a free loopback port with its own data folder."""

    def __init__(
        self,
        *extra: str,
        data_dir: Path | None = None,
        port: int | None = None,
        die_with_parent: bool = False,
    ) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
        self.binary = binary
        self.port = port or free_port()
        self._tmp = None if data_dir else tempfile.TemporaryDirectory(prefix="supportbot-redis-")
        self.data_dir = data_dir or Path(self._tmp.name if self._tmp else ".")
        self.extra = extra
        # ``supportbot up``'s server stops when the process that started it says so or dies
        # (on Linux, SIGTERM even after a kill -9: never two servers on one data folder
        # after a restart), and not at the terminal's Ctrl-C: it runs in its own session,
        # so it outlives the worker's last job, which Ctrl-C lets finish.
        self.die_with_parent = die_with_parent
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> RedisServer:
        args = [
            self.binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.data_dir),
            "--save",
            "",
            "--appendonly",
            "no",
            *self.extra,
        ]
        # later options win: callers pass e.g. "--appendonly", "yes" for durability
        before_exec = parent_death if self.die_with_parent else None
        self.process = subprocess.Popen(
            args,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=before_exec,
            start_new_session=self.die_with_parent,
        )
        client = redis.Redis(port=self.port)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"redis-server did not start on port {self.port}") from None
                time.sleep(0.02)
        client.close()
        return self

    def kill(self) -> None:
        """kill -9: what a crash looks like."""
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        if self._tmp:
            self._tmp.cleanup()

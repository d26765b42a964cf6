"""A console of its own for the serving tests (throttling, limits, pools), so their lockouts and tiny pools
never touch the shared `live` server."""

from __future__ import annotations

import io
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import structlog
import uvicorn
from argon2 import PasswordHasher

from phasegate.auth import service as users
from phasegate.config import Settings
from phasegate.web.app import create_app
from phasegate.web.observability import configure_json_logs
from phasegate.workspace import Workspace, open_workspace
from tests.web.conftest import Live, _free_port
from tests.web.world import populate


@dataclass
class Served(Live):
    """A running console plus what it logged."""

    log: io.StringIO


class _Log(io.StringIO):
    """A log buffer written from the server thread and read from the test: guarded."""

    def __init__(self) -> None:
        super().__init__()
        self.lock = threading.Lock()

    def write(self, text: str) -> int:
        with self.lock:
            return super().write(text)


@contextmanager
def serve(home: Path, **settings: Any) -> Iterator[Served]:
    """Serve the console test world from `home` under uvicorn in a thread, with JSON logs captured."""
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    saved, users._hasher = users._hasher, cheap  # the work factor is not what these tests check
    config = Settings(home=home, secret_key="serving-tests-secret", **settings)
    ws: Workspace = open_workspace(config)
    with ws.sessions() as session:
        rows = populate(session)
    log = _Log()
    configure_json_logs("INFO", log)
    server = uvicorn.Server(
        uvicorn.Config(create_app(config), host="127.0.0.1", port=_free_port(), log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield Served(f"http://127.0.0.1:{port}", ws, rows, config, log)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        users._hasher = saved
        structlog.reset_defaults()

"""A real uvicorn server on a workspace of its own, for the survey and review routes (kept apart from the
console tests' world, whose numbers those tests pin)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import structlog
import uvicorn
from argon2 import PasswordHasher

from phasegate.auth import service as users
from phasegate.config import Settings
from phasegate.web.app import create_app
from phasegate.workspace import open_workspace
from tests.metrics.builders import Rows
from tests.web.conftest import Live, _free_port

AGENT = ("ana", "agent-password-1")
LEAD = ("lee", "lead-password-1")
ADMIN = ("ada", "admin-password-1")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """The console on an empty workspace with an agent, a lead and an admin."""
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    saved, users._hasher = users._hasher, cheap  # the work factor is not what these tests check
    home = tmp_path_factory.mktemp("aftercare")
    settings = Settings(home=home, secret_key="test-secret-key-for-the-aftercare-tests")
    ws = open_workspace(settings)
    with ws.sessions() as session, session.begin():
        for (name, password), role in ((AGENT, "agent"), (LEAD, "lead"), (ADMIN, "admin")):
            users.create(session, username=name, password=password, role=role)
    log_file = (home / "server.log").open("w", encoding="utf-8")
    structlog.configure(logger_factory=structlog.WriteLoggerFactory(file=log_file))
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=_free_port(), log_level="warning")
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
        yield Live(f"http://127.0.0.1:{port}", ws, Rows(), settings)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        users._hasher = saved
        structlog.reset_defaults()
        log_file.close()

"""A real uvicorn server on a free localhost port over a temporary workspace, and Chromium for browser tests.

Browser tests use Debian's Chromium at /usr/bin/chromium (installed by .ci/setup-browser); Playwright never
downloads a browser. Without it they skip locally and fail under CI=true.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import structlog
import uvicorn
from argon2 import PasswordHasher

from phasegate.auth import service as users
from phasegate.config import Settings
from phasegate.web.app import create_app
from phasegate.workspace import Workspace, open_workspace
from tests.metrics.builders import Rows
from tests.web.world import populate

CHROMIUM = os.environ.get("PHASEGATE_CHROMIUM", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() == "true"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = Path(__file__).parents[2] / "docs" / "screenshots"


@dataclass
class Live:
    """A running console: its URL, workspace and the rows it was filled with."""

    url: str
    workspace: Workspace
    rows: Rows
    settings: Settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """The console served by uvicorn in a thread, on the console test world."""
    cheap = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    saved, users._hasher = users._hasher, cheap  # the work factor is not what these tests check
    home = tmp_path_factory.mktemp("console")
    settings = Settings(home=home, secret_key="test-secret-key-for-the-console-tests")
    ws = open_workspace(settings)
    with ws.sessions() as session:
        rows = populate(session)
    # structlog prints to the sys.stdout it first saw, which pytest swaps per test: the server thread logs
    # to a file of its own instead, for as long as it runs.
    log_file = (home / "server.log").open("w", encoding="utf-8")
    structlog.configure(logger_factory=structlog.WriteLoggerFactory(file=log_file))
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield Live(f"http://127.0.0.1:{port}", ws, rows, settings)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        users._hasher = saved
        structlog.reset_defaults()
        log_file.close()


def csrf_from(html: str) -> str:
    """The CSRF token a page's forms carry."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


_OPEN: list[httpx.Client] = []


def client_for(live: Live) -> httpx.Client:
    """An HTTP client on the live server with no session, closed after the test."""
    client = httpx.Client(base_url=live.url, follow_redirects=False, timeout=20)
    _OPEN.append(client)
    return client


@pytest.fixture(autouse=True)
def _close_clients() -> Iterator[None]:
    """Close the test's HTTP clients (an open socket is a ResourceWarning, and warnings are errors)."""
    yield
    while _OPEN:
        _OPEN.pop().close()


def sign_in(live: Live, username: str, password: str) -> httpx.Client:
    """An HTTP client with a signed-in session."""
    client = client_for(live)
    token = csrf_from(client.get("/login").text)
    r = client.post("/login", data={"username": username, "password": password, "csrf_token": token})
    assert r.status_code == 303, r.text
    return client


@pytest.fixture(scope="session")
def chromium() -> str:
    """The system Chromium's path; missing means skip, or fail under CI=true."""
    if not os.access(CHROMIUM, os.X_OK):
        message = (
            f"Chromium not found at {CHROMIUM}: install it (`sudo apt-get install chromium`, as "
            ".ci/setup-browser does) or set PHASEGATE_CHROMIUM"
        )
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    return CHROMIUM


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any], chromium: str) -> dict[str, Any]:
    """Launch Debian's Chromium, headless, with nothing that reaches the network."""
    return {**browser_type_launch_args, "executable_path": chromium, "args": CHROMIUM_ARGS, "headless": True}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    """A desktop-sized window, so screenshots show the layout people see."""
    return {**browser_context_args, "viewport": {"width": 1360, "height": 900}}


@pytest.fixture(scope="session")
def base_url(live: Live) -> str:
    """The live server, as Playwright's base URL (replaces pytest-base-url's fixture, which warns)."""
    return live.url


def run_cli(live: Live, args: list[str], monkeypatch: pytest.MonkeyPatch) -> str:
    """Run `phasegate ARGS` on the served workspace; its standard output. structlog's setup is put back
    afterwards, since the CLI points it at a stream that closes when the command returns."""
    from typer.testing import CliRunner

    from phasegate.cli import app
    from phasegate.config import get_settings

    monkeypatch.setenv("PHASEGATE_HOME", str(live.settings.home))
    saved = structlog.get_config()
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, args)
    finally:
        get_settings.cache_clear()
        structlog.configure(**saved)
    assert result.exit_code == 0, result.output
    # stdout alone: the live server's request logs go to stderr from another thread while the command runs.
    return result.stdout

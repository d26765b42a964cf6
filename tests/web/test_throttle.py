"""Sign-in throttling: per account and per address, a clear message, and lockouts that expire."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from phasegate.web.throttle import LoginThrottle
from tests.web.conftest import csrf_from
from tests.web.serving import Served, serve
from tests.web.world import AGENT, LEAD


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_account_locks_after_the_limit_and_unlocks_when_failures_age_out() -> None:
    """3 failures lock the name for the window's remainder; the lock lifts when the oldest ages out."""
    clock = Clock()
    throttle = LoginThrottle(per_user=3, per_address=100, window_seconds=600, clock=clock)
    for _ in range(3):
        assert throttle.check(username="ana", address="10.0.0.1") is None
        throttle.failed(username="ana", address="10.0.0.1")
        clock.now += 60
    lockout = throttle.check(username="ANA", address="10.0.0.2")
    assert lockout is not None and lockout.scope == "account"
    assert lockout.retry_after == pytest.approx(420) and "7 minutes" in lockout.message
    clock.now += 421
    assert throttle.check(username="ana", address="10.0.0.1") is None


def test_a_correct_password_clears_the_account_but_not_the_address() -> None:
    """Success resets the account's count; the address keeps its failures."""
    throttle = LoginThrottle(per_user=2, per_address=3, window_seconds=600, clock=Clock())
    throttle.failed(username="ana", address="10.0.0.1")
    throttle.failed(username="bob", address="10.0.0.1")
    throttle.succeeded(username="ana")
    throttle.failed(username="ana", address="10.0.0.1")
    assert throttle.check(username="ana", address="10.0.0.9") is None
    lockout = throttle.check(username="carol", address="10.0.0.1")
    assert lockout is not None and lockout.scope == "address" and "network address" in lockout.message


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A console that locks a name after 3 failures and an address after 6."""
    home: Path = tmp_path_factory.mktemp("throttle")
    with serve(home, login_max_failures=3, login_max_failures_per_ip=6) as live:
        yield live


def _attempt(client: httpx.Client, username: str, password: str) -> httpx.Response:
    token = csrf_from(client.get("/login").text)
    return client.post("/login", data={"username": username, "password": password, "csrf_token": token})


def test_live_lockout_per_account_then_per_address(served: Served) -> None:
    """Over HTTP: a locked account gets 429 even with the right password; then the whole address does."""
    with httpx.Client(base_url=served.url, timeout=20) as client:
        for _ in range(3):
            assert _attempt(client, AGENT[0], "wrong").status_code == 400
        locked = _attempt(client, AGENT[0], AGENT[1])
        assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 0
        assert "Too many failed sign-ins for this account" in locked.text
        assert _attempt(client, LEAD[0], LEAD[1]).status_code == 303  # another account is not locked
    with httpx.Client(base_url=served.url, timeout=20) as client:
        for name in ("x1", "x2", "x3"):
            assert _attempt(client, name, "wrong").status_code == 400
        blocked = _attempt(client, LEAD[0], LEAD[1])
        assert blocked.status_code == 429 and "your network address" in blocked.text

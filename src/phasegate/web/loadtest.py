"""A load driver for the console: N signed-in users request the main pages concurrently for a bounded
time over real HTTP; reports errors and latency percentiles. Used by bench/bench_console_load.py and by a
small test. Users are created as `load-NN` accounts (agents, and every fourth a lead who also opens the
phases page)."""

from __future__ import annotations

import asyncio
import random
import re
import statistics
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx
from sqlalchemy.orm import Session

from phasegate.auth import service as users
from phasegate.tickets import service as tickets_service

PASSWORD = "load-test-password-1"
AGENT_PAGES = ("/dashboard", "/dashboard?window=8", "/inbox", "/inbox?status=all", "/kb/gaps", "TICKET")
LEAD_PAGES = (*AGENT_PAGES, "/phases")
SIGN_IN_AT_ONCE = 4
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


@dataclass
class LoadResult:
    """What the run measured: every request's latency, and the failures by kind."""

    seconds: float
    sign_in_seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    by_page: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)

    @property
    def requests(self) -> int:
        """Requests completed (errors included)."""
        return len(self.latencies)

    @property
    def error_count(self) -> int:
        """Requests that failed: a status of 400 or more, a timeout or a broken connection."""
        return sum(self.errors.values())

    def percentile(self, q: float, values: list[float] | None = None) -> float:
        """The q-th percentile (0-100) of latencies in seconds, nearest rank."""
        data = sorted(self.latencies if values is None else values)
        if not data:
            return 0.0
        rank = max(0, min(len(data) - 1, round(q / 100 * len(data) + 0.5) - 1))
        return data[rank]

    def as_dict(self) -> dict[str, Any]:
        """The summary figures."""
        return {
            "seconds": round(self.seconds, 1),
            "sign_in_seconds": round(self.sign_in_seconds, 1),
            "requests": self.requests,
            "errors": self.error_count,
            "error_kinds": dict(self.errors),
            "rps": round(self.requests / self.seconds, 1) if self.seconds else 0.0,
            "p50_ms": round(self.percentile(50) * 1000),
            "p90_ms": round(self.percentile(90) * 1000),
            "p99_ms": round(self.percentile(99) * 1000),
            "max_ms": round(max(self.latencies, default=0) * 1000),
            "mean_ms": round(statistics.fmean(self.latencies) * 1000) if self.latencies else 0,
        }


def create_users(session: Session, count: int) -> list[tuple[str, bool]]:
    """`count` load users (every fourth a lead), created when missing; (username, is_lead) pairs."""
    made = []
    for i in range(count):
        name, lead = f"load-{i:02d}", i % 4 == 0
        if users.get_by_username(session, username=name) is None:
            users.create(session, username=name, password=PASSWORD, role="lead" if lead else "agent")
        made.append((name, lead))
    session.commit()
    return made


def ticket_ids(session: Session, limit: int = 200) -> list[str]:
    """Recent tickets to open, newest first."""
    return tickets_service.recent_ids(session, limit=limit)


async def _sign_in(client: httpx.AsyncClient, username: str) -> None:
    """Sign in (a busy server's 503 is retried twice, as a person would)."""
    for attempt in range(3):
        page = await client.get("/login")
        match = _CSRF.search(page.text)
        if match is None:
            raise RuntimeError(f"no CSRF token on the sign-in page (HTTP {page.status_code})")
        data = {"username": username, "password": PASSWORD, "csrf_token": match.group(1)}
        r = await client.post("/login", data=data)
        if r.status_code == 303:
            return
        if r.status_code != 503 or attempt == 2:
            raise RuntimeError(f"sign-in of {username} failed: HTTP {r.status_code}")
        await asyncio.sleep(1 + attempt)


async def _user(
    client: httpx.AsyncClient,
    lead: bool,
    tickets: list[str],
    until: float,
    result: LoadResult,
    seed: int,
) -> None:
    rng = random.Random(seed)
    pages = LEAD_PAGES if lead else AGENT_PAGES
    while time.monotonic() < until:
        page = rng.choice(pages)
        path = f"/tickets/{rng.choice(tickets)}" if page == "TICKET" and tickets else page
        label = "/tickets/{id}" if page == "TICKET" else page
        began = time.monotonic()
        try:
            r = await client.get(path)
            failed = f"HTTP {r.status_code}" if r.status_code >= 400 else None
        except httpx.HTTPError as exc:
            failed = type(exc).__name__
        elapsed = time.monotonic() - began
        result.latencies.append(elapsed)
        result.by_page.setdefault(label, []).append(elapsed)
        if failed:
            result.errors[failed] += 1


async def _drive(
    url: str,
    accounts: list[tuple[str, bool]],
    tickets: list[str],
    seconds: float,
    timeout: float,
    warm_up: bool = False,
) -> LoadResult:
    clients = [httpx.AsyncClient(base_url=url, timeout=max(timeout, 120)) for _ in accounts]
    try:
        # Sign everyone in first, a few at a time (argon2 is deliberately slow and memory-hungry, and people
        # do not all sign in in the same second); the clock starts after.
        gate = asyncio.Semaphore(SIGN_IN_AT_ONCE)

        async def signed(client: httpx.AsyncClient, name: str) -> None:
            async with gate:
                await _sign_in(client, name)

        began = time.monotonic()
        await asyncio.gather(*(signed(c, name) for c, (name, _) in zip(clients, accounts, strict=True)))
        sign_in_seconds = time.monotonic() - began
        result = LoadResult(seconds=seconds, sign_in_seconds=sign_in_seconds)
        if warm_up:
            for page in LEAD_PAGES:
                await clients[0].get(f"/tickets/{tickets[0]}" if page == "TICKET" and tickets else page)
            return result
        began = time.monotonic()
        until = began + seconds
        await asyncio.gather(
            *(
                _user(client, lead, tickets, until, result, seed)
                for seed, (client, (_, lead)) in enumerate(zip(clients, accounts, strict=True))
            )
        )
        result.seconds = time.monotonic() - began
        return result
    finally:
        for client in clients:
            await client.aclose()


def run(
    url: str,
    accounts: list[tuple[str, bool]],
    tickets: list[str],
    *,
    seconds: float,
    timeout: float = 30,
    warm_up: bool = False,
) -> LoadResult:
    """Drive the console at `url` with every account at once for `seconds`; the measurements.

    With `warm_up`, the first account instead opens each page once, in turn (nothing is measured)."""
    # A thread of its own: the caller may already run an event loop (a test runner, a notebook).
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(
            lambda: asyncio.run(_drive(url, accounts, tickets, seconds, timeout, warm_up))
        ).result()

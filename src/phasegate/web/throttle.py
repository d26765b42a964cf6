"""Sign-in throttling: failures are counted per username and per client address over a sliding window;
past the limit that name (or address) is locked until its oldest failure ages out.

Kept in the serving process's memory: a restart forgets, and N server processes allow N times the
attempts. That bounds guessing to a handful an hour per account, which is what it is for.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Lockout:
    """Why a sign-in is refused before the password is checked, and for how long."""

    scope: str  # "account" | "address"
    retry_after: float

    @property
    def message(self) -> str:
        """What the sign-in page says."""
        minutes = max(1, math.ceil(self.retry_after / 60))
        who = "this account" if self.scope == "account" else "your network address"
        return (
            f"Too many failed sign-ins for {who}. Try again in {minutes} minute{'s' if minutes > 1 else ''}, "
            "or ask an admin to reset the password."
        )


class LoginThrottle:
    """Failure counts per username and per address; thread-safe (routes run in a thread pool)."""

    def __init__(
        self,
        *,
        per_user: int,
        per_address: int,
        window_seconds: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.per_user = per_user
        self.per_address = per_address
        self.window = window_seconds
        self.clock = clock
        self._lock = threading.Lock()
        self._failures: dict[tuple[str, str], deque[float]] = {}

    def _recent(self, key: tuple[str, str], now: float) -> deque[float]:
        times = self._failures.get(key)
        if times is None:
            return deque()
        while times and now - times[0] >= self.window:
            times.popleft()
        if not times:
            del self._failures[key]
        return times

    def check(self, *, username: str, address: str) -> Lockout | None:
        """A lockout in force for this username or address, or None."""
        now = self.clock()
        with self._lock:
            for scope, key, limit in (
                ("account", ("user", username.lower()), self.per_user),
                ("address", ("ip", address), self.per_address),
            ):
                times = self._recent(key, now)
                if len(times) >= limit:
                    return Lockout(scope, self.window - (now - times[-limit]))
        return None

    def failed(self, *, username: str, address: str) -> None:
        """Count a failed sign-in against both the username and the address."""
        now = self.clock()
        with self._lock:
            for key in (("user", username.lower()), ("ip", address)):
                self._failures.setdefault(key, deque()).append(now)

    def succeeded(self, *, username: str) -> None:
        """A correct password clears the account's failures (not the address's)."""
        with self._lock:
            self._failures.pop(("user", username.lower()), None)

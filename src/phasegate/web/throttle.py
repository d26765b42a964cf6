"""Sign-in throttling for the console: the database-backed counts of `phasegate.auth.throttle`, shared by
every server process (see that module)."""

from __future__ import annotations

from phasegate.auth.throttle import Lockout, LoginThrottle

__all__ = ["Lockout", "LoginThrottle"]

"""The job registry: `register(name, every, fn)`; a job is a function of a `JobContext` returning a summary.

Other modules register their recurring work here (after the merge, the weekly review sampler too) and both
`phasegate serve` and `phasegate scheduler run` run whatever is registered.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from phasegate.config import Settings


@dataclass(frozen=True)
class JobContext:
    """What a job gets: a session (committed by the scheduler when the job returns), the scheduler's now, and
    the workspace settings."""

    session: Session
    now: datetime
    settings: Settings

    @property
    def home(self) -> Path:
        """The workspace folder."""
        return self.settings.home


#: A job: does its work through `ctx.session` and returns a one-line summary (None: nothing to say).
JobFn = Callable[[JobContext], str | None]


@dataclass(frozen=True)
class Job:
    """A registered recurring job."""

    name: str
    every: timedelta
    fn: JobFn


_JOBS: dict[str, Job] = {}


def register(name: str, every: timedelta, fn: JobFn) -> Job:
    """Register (or replace) the job `name`, run at most once per `every` by whichever server holds its lease.

    Example (the aftercare branch's weekly review sample):
    `register("review-sample", timedelta(days=7), lambda ctx: sample_week(ctx.session, week_start=...))`.
    """
    if not name or len(name) > 80:
        raise ValueError(f"job name must be 1-80 characters: {name!r}")
    if every <= timedelta(0):
        raise ValueError(f"job {name!r}: `every` must be positive, got {every}")
    job = Job(name, every, fn)
    _JOBS[name] = job
    return job


def unregister(name: str) -> None:
    """Remove a job (tests, or a plugin turned off)."""
    _JOBS.pop(name, None)


def registered() -> list[Job]:
    """Every registered job, by name."""
    return [_JOBS[n] for n in sorted(_JOBS)]

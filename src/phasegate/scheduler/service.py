"""Leases and run records in the database, so two servers never run one job at once and every page sees the
last run. Each step is its own short transaction; the clock is passed in (tests inject one)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from phasegate.scheduler.models import ScheduledJob

#: Longest stored result or error text (a traceback's last lines are what matter).
MAX_TEXT = 2000


def ensure(session: Session, *, name: str) -> None:
    """Make the job's row exist (a concurrent insert by another server is fine)."""
    if session.get(ScheduledJob, name) is not None:
        return
    try:
        with session.begin_nested():
            session.add(ScheduledJob(name=name, runs=0))
    except IntegrityError:
        pass  # another server inserted it first


def claim(
    session: Session, *, name: str, owner: str, now: datetime, every: timedelta, lease: timedelta
) -> bool:
    """Take the job's lease when it is due and nobody else holds it; True when this owner may run it now.

    One conditional UPDATE: on both databases only one of two racing servers sees its row change.
    """
    result = session.execute(
        update(ScheduledJob)
        .where(
            ScheduledJob.name == name,
            or_(ScheduledJob.lease_until.is_(None), ScheduledJob.lease_until <= now),
            or_(ScheduledJob.last_started_at.is_(None), ScheduledJob.last_started_at <= now - every),
        )
        .values(lease_owner=owner, lease_until=now + lease, last_started_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


def finish(
    session: Session, *, name: str, owner: str, now: datetime, ok: bool, result: str | None, error: str | None
) -> None:
    """Record how the run went and release the lease (only the owner's own lease)."""
    job = session.get(ScheduledJob, name)
    if job is None or job.lease_owner != owner:
        return
    job.last_finished_at = now
    job.last_ok = ok
    job.last_result = result[:MAX_TEXT] if result else None
    job.last_error = error[-MAX_TEXT:] if error else None
    job.runs = (job.runs or 0) + 1
    job.lease_owner = None
    job.lease_until = None


@dataclass(frozen=True)
class JobState:
    """A job's last run as the phases page and `phasegate scheduler status` show it."""

    name: str
    every: timedelta | None
    last_started_at: datetime | None
    last_finished_at: datetime | None
    ok: bool | None
    result: str | None
    error: str | None
    runs: int
    running: bool
    next_due: datetime | None


def states(session: Session, *, every: dict[str, timedelta], now: datetime) -> list[JobState]:
    """Every job that is registered or has run, by name."""
    rows = {r.name: r for r in session.scalars(select(ScheduledJob))}
    out = []
    for name in sorted(set(rows) | set(every)):
        r = rows.get(name)
        period = every.get(name)
        started = r.last_started_at if r else None
        out.append(
            JobState(
                name=name,
                every=period,
                last_started_at=started,
                last_finished_at=r.last_finished_at if r else None,
                ok=r.last_ok if r else None,
                result=r.last_result if r else None,
                error=r.last_error if r else None,
                runs=r.runs if r else 0,
                running=bool(r and r.lease_until is not None and r.lease_until > now),
                next_due=(started + period if started else now) if period else None,
            )
        )
    return out

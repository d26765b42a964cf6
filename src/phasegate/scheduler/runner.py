"""Running registered jobs: one `tick()` runs every due job whose lease this process wins; `run_forever`
ticks on a background thread (inside `phasegate serve`) or in the foreground (`phasegate scheduler run`)."""

from __future__ import annotations

import os
import socket
import threading
import traceback
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import structlog
from sqlalchemy.orm import Session, sessionmaker

from phasegate.config import Settings
from phasegate.db.base import utcnow
from phasegate.scheduler import service
from phasegate.scheduler.registry import Job, JobContext, registered

log = structlog.get_logger(__name__)

#: How long a claimed job is ours before another server may take it over (a crashed run's lease expires).
LEASE = timedelta(minutes=30)
#: Seconds between ticks of a running scheduler.
POLL_SECONDS = 30.0


@dataclass(frozen=True)
class Ran:
    """One job run by a tick."""

    name: str
    ok: bool
    result: str | None
    error: str | None


class Scheduler:
    """Runs the registered jobs against one workspace's database, with an injectable clock."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        settings: Settings,
        *,
        clock: Callable[[], datetime] = utcnow,
        owner: str | None = None,
        jobs: Callable[[], Sequence[Job]] = registered,
        lease: timedelta = LEASE,
    ) -> None:
        """A scheduler; `owner` names this process in the leases (default: host, pid, a random suffix)."""
        self.sessions = sessions
        self.settings = settings
        self.clock = clock
        self.owner = owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.jobs = jobs
        self.lease = lease

    def tick(self) -> list[Ran]:
        """Run every due job whose lease this scheduler wins, one after another."""
        ran = []
        for job in self.jobs():
            outcome = self.run_if_due(job)
            if outcome is not None:
                ran.append(outcome)
        return ran

    def run_if_due(self, job: Job) -> Ran | None:
        """Claim and run one job; None when it is not due or another server holds it."""
        now = self.clock()
        with self.sessions() as session:
            service.ensure(session, name=job.name)
            won = service.claim(
                session, name=job.name, owner=self.owner, now=now, every=job.every, lease=self.lease
            )
            session.commit()
        if not won:
            return None
        result: str | None = None
        error: str | None = None
        with self.sessions() as session:
            try:
                result = job.fn(JobContext(session=session, now=now, settings=self.settings))
                session.commit()
            except Exception as exc:  # a failing job is recorded and retried next period, never fatal
                session.rollback()
                error = f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}"
        ok = error is None
        with self.sessions() as session:
            service.finish(
                session, name=job.name, owner=self.owner, now=self.clock(), ok=ok, result=result, error=error
            )
            session.commit()
        log.info("scheduler.ran", job=job.name, ok=ok, result=result, error=error and error.splitlines()[0])
        return Ran(job.name, ok, result, error)

    def run_forever(self, stop: threading.Event, *, poll: float = POLL_SECONDS) -> None:
        """Tick until `stop` is set; an error in one tick is logged and the next tick goes ahead."""
        while not stop.is_set():
            try:
                self.tick()
            except Exception:  # the database may be briefly unreachable; try again next tick
                log.exception("scheduler.tick_failed")
            stop.wait(poll)


def start_background(
    scheduler: Scheduler, *, poll: float = POLL_SECONDS
) -> tuple[threading.Thread, threading.Event]:
    """Run `scheduler` on a daemon thread; set the returned event to stop it."""
    stop = threading.Event()
    thread = threading.Thread(
        target=scheduler.run_forever,
        args=(stop,),
        kwargs={"poll": poll},
        name="phasegate-scheduler",
        daemon=True,
    )
    thread.start()
    return thread, stop

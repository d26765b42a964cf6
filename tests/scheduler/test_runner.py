"""The scheduler on SQLite and PostgreSQL with an injected clock: due jobs run once per period, failures are
recorded, a lease keeps a second server off a running job until it expires."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from phasegate.config import Settings
from phasegate.scheduler import service
from phasegate.scheduler.jobs import (
    DEMOTION_CHECK,
    KB_GAP_REFRESH,
    REVIEW_SAMPLE,
    demotion_check,
    kb_gap_refresh,
    review_sample,
)
from phasegate.scheduler.models import ScheduledJob
from phasegate.scheduler.registry import Job, JobContext, register, registered, unregister
from phasegate.scheduler.runner import Scheduler

T0 = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def _scheduler(sessions: sessionmaker[Session], clock: Clock, jobs: list[Job], owner: str) -> Scheduler:
    settings = Settings(home=Path("/nonexistent"), secret_key="x")
    return Scheduler(sessions, settings, clock=clock, owner=owner, jobs=lambda: jobs)


def _row(sessions: sessionmaker[Session], name: str) -> ScheduledJob:
    with sessions() as s:
        row = s.get(ScheduledJob, name)
        assert row is not None
        return row


def test_a_due_job_runs_once_per_period_and_its_run_is_stored(sessions: sessionmaker[Session]) -> None:
    """First tick runs it; a tick 59 minutes later does not; one an hour later does; result and count kept."""
    calls: list[datetime] = []

    def job(ctx: JobContext) -> str:
        calls.append(ctx.now)
        return f"run {len(calls)}"

    clock = Clock()
    sched = _scheduler(sessions, clock, [Job("hourly", timedelta(hours=1), job)], "a")
    assert [r.result for r in sched.tick()] == ["run 1"]
    clock.now = T0 + timedelta(minutes=59)
    assert sched.tick() == []
    clock.now = T0 + timedelta(hours=1)
    assert [r.result for r in sched.tick()] == ["run 2"]
    row = _row(sessions, "hourly")
    assert (row.runs, row.last_ok, row.last_result, row.last_error) == (2, True, "run 2", None)
    assert row.last_started_at == T0 + timedelta(hours=1) and row.lease_owner is None
    assert calls == [T0, T0 + timedelta(hours=1)]


def test_a_failing_job_is_recorded_and_the_others_still_run(sessions: sessionmaker[Session]) -> None:
    """An exception is stored as the job's last error (ok false); the next job in the tick runs anyway."""

    def broken(ctx: JobContext) -> str:
        raise RuntimeError("helpdesk unreachable")

    jobs = [Job("a-broken", timedelta(hours=1), broken), Job("b-fine", timedelta(hours=1), lambda ctx: "ok")]
    ran = _scheduler(sessions, Clock(), jobs, "a").tick()
    assert [(r.name, r.ok) for r in ran] == [("a-broken", False), ("b-fine", True)]
    row = _row(sessions, "a-broken")
    assert row.last_ok is False and row.last_error is not None and "helpdesk unreachable" in row.last_error


def test_a_second_server_does_not_run_a_job_another_holds(sessions: sessionmaker[Session]) -> None:
    """Server A claims the job (and dies mid-run); B cannot run it until A's lease expires, then B does."""
    calls: list[str] = []
    job = Job("lease-test", timedelta(minutes=10), lambda ctx: calls.append("b") or "b ran")
    clock = Clock()
    with sessions() as s:
        service.ensure(s, name=job.name)
        assert service.claim(
            s, name=job.name, owner="a", now=T0, every=job.every, lease=timedelta(minutes=30)
        )
        s.commit()
    b = _scheduler(sessions, clock, [job], "b")
    clock.now = T0 + timedelta(minutes=20)  # due again, but A's lease runs to T0 + 30 min
    assert b.tick() == [] and calls == []
    clock.now = T0 + timedelta(minutes=31)
    assert [r.result for r in b.tick()] == ["b ran"]
    with sessions() as s:
        assert not service.claim(s, name=job.name, owner="a", now=clock.now, every=job.every, lease=job.every)


def test_two_servers_ticking_together_run_a_job_once(sessions: sessionmaker[Session]) -> None:
    """Two schedulers on one database at the same moment: the job runs once."""
    calls: list[str] = []
    job = Job("once", timedelta(hours=1), lambda ctx: calls.append(ctx.now.isoformat()) or "ran")
    clock = Clock()
    a, b = _scheduler(sessions, clock, [job], "a"), _scheduler(sessions, clock, [job], "b")
    assert len(a.tick()) + len(b.tick()) == 1 and len(calls) == 1


def test_register_validates_and_lists_jobs() -> None:
    """register(name, every, fn) adds a job; a non-positive period or an empty name is refused."""
    job = register("test-job", timedelta(days=7), lambda ctx: None)
    try:
        assert job in registered()
        with pytest.raises(ValueError, match="positive"):
            register("bad", timedelta(0), lambda ctx: None)
        with pytest.raises(ValueError, match="name"):
            register("", timedelta(hours=1), lambda ctx: None)
    finally:
        unregister("test-job")
    assert job not in registered()


def test_builtin_jobs_run_on_an_empty_workspace(db: Session, tmp_path: Path) -> None:
    """The demotion check and the KB-gap refresh say what they did even with nothing to do."""
    ctx = JobContext(session=db, now=T0, settings=Settings(home=tmp_path, secret_key="x"))
    assert demotion_check(ctx) == "0 phase-3 categories checked"
    assert kb_gap_refresh(ctx) == "no help-center articles: nothing to check"
    assert DEMOTION_CHECK != KB_GAP_REFRESH


def test_states_list_registered_jobs_with_their_next_run(sessions: sessionmaker[Session]) -> None:
    """A job that never ran is due now; after a run it is due one period after it started."""
    clock = Clock()
    job = Job("state-test", timedelta(hours=6), lambda ctx: "done")
    with sessions() as s:
        [before] = service.states(s, every={job.name: job.every}, now=T0)
    assert before.runs == 0 and before.next_due == T0
    _scheduler(sessions, clock, [job], "a").tick()
    with sessions() as s:
        [after] = service.states(s, every={job.name: job.every}, now=T0)
    assert (after.runs, after.ok, after.result, after.next_due) == (1, True, "done", T0 + timedelta(hours=6))


def test_the_weekly_review_sample_queues_the_last_whole_week_before_the_newest_ticket(
    db: Session, tmp_path: Path
) -> None:
    """The review-sample job samples the week before the newest ticket's (an imported history's own weeks)."""
    from sqlalchemy import select

    from phasegate.aftercare.models import ReviewItem
    from phasegate.scheduler.jobs import register_builtin
    from phasegate.scheduler.registry import registered
    from tests.aftercare.factories import WEEK0, bulk_resolved

    bulk_resolved(db, prefix="OS", category="order_status", n=30, start=WEEK0)
    bulk_resolved(db, prefix="LATE", category="order_status", n=3, start=WEEK0 + timedelta(days=7))
    ctx = JobContext(session=db, now=T0, settings=Settings(home=tmp_path, secret_key="x"))
    result = review_sample(ctx)
    assert result == f"week of {WEEK0:%Y-%m-%d}: 20 autonomous resolutions queued for review"
    queued = set(db.scalars(select(ReviewItem.ticket_id)))
    assert len(queued) == 20 and all(t.startswith("OS") for t in queued)
    register_builtin()
    assert REVIEW_SAMPLE in {j.name for j in registered()}

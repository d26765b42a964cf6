"""The intake queue and the effects outbox: enqueue once, claim with a lease, finish, re-deliver on lapse.

On PostgreSQL claims use `SELECT ... FOR UPDATE SKIP LOCKED`, so any number of workers share the queue
without blocking each other; on SQLite (one process) the same queries run without the lock clause.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from phasegate.db.base import utcnow
from phasegate.intake.models import Effect, IntakeEvent
from phasegate.intake.schemas import EventIn

#: A claimed event or effect not finished within this many seconds is handed to another worker.
LEASE_SECONDS = 30.0
#: After this many attempts an event is parked as `failed` (kept, visible, re-queued by an operator).
MAX_ATTEMPTS = 8


def enqueue(session: Session, event: EventIn) -> tuple[IntakeEvent, bool]:
    """Queue `event` unless its key is already queued; returns (row, created).

    A savepoint keeps a duplicate from aborting the caller's transaction (two deliveries racing).
    """
    dedupe = f"{event.source}:{event.key}"
    existing = session.scalars(select(IntakeEvent).where(IntakeEvent.dedupe_key == dedupe)).first()
    if existing is not None:
        return existing, False
    row = IntakeEvent(
        source=event.source,
        dedupe_key=dedupe,
        kind=event.kind,
        ticket_id=event.ticket.id,
        payload=event.model_dump(mode="json", exclude_none=True),
    )
    try:
        with session.begin_nested():
            session.add(row)
            session.flush()
    except IntegrityError:
        found = session.scalars(select(IntakeEvent).where(IntakeEvent.dedupe_key == dedupe)).one()
        return found, False
    return row, True


def get(session: Session, *, event_id: int) -> IntakeEvent | None:
    """One event, or None."""
    return session.get(IntakeEvent, event_id)


def _lock(query: Any, session: Session) -> Any:
    if session.get_bind().dialect.name == "postgresql":
        return query.with_for_update(skip_locked=True)
    return query


def claim_events(
    session: Session,
    *,
    worker: str,
    limit: int = 10,
    lease: float = LEASE_SECONDS,
    now: datetime | None = None,
) -> list[IntakeEvent]:
    """Lease up to `limit` queued events (new, or whose lease lapsed) to `worker`; commit to hold them."""
    now = now or utcnow()
    query = (
        select(IntakeEvent)
        .where(
            IntakeEvent.status == "queued",
            (IntakeEvent.lease_until.is_(None)) | (IntakeEvent.lease_until < now),
        )
        .order_by(IntakeEvent.id)
        .limit(limit)
    )
    rows: list[IntakeEvent] = list(session.scalars(_lock(query, session)))
    for row in rows:
        row.lease_until = now + timedelta(seconds=lease)
        row.locked_by = worker
        row.attempts += 1
    session.flush()
    return rows


def finish_event(session: Session, event: IntakeEvent) -> None:
    """Mark an event done (in the same transaction as its effects on the store)."""
    event.status = "done"
    event.done_at = utcnow()
    event.lease_until = None
    event.last_error = None
    session.flush()


def release_event(session: Session, *, event_id: int, error: str, retry_in: float = 1.0) -> None:
    """Give an event back after a failure: retried after `retry_in` seconds, parked after MAX_ATTEMPTS."""
    row = session.get(IntakeEvent, event_id)
    if row is None:
        return
    row.last_error = error[:2000]
    if row.attempts >= MAX_ATTEMPTS:
        row.status = "failed"
        row.lease_until = None
    else:
        row.lease_until = utcnow() + timedelta(seconds=retry_in * row.attempts)
    session.flush()


def plan_effect(
    session: Session,
    *,
    ticket_id: str,
    kind: str,
    key: str,
    connector: str,
    external_id: str,
    body: dict[str, Any],
) -> bool:
    """Record an effect to perform unless the same (ticket, kind, key) is recorded; True when new."""
    found = session.scalars(
        select(Effect.id).where(Effect.ticket_id == ticket_id, Effect.kind == kind, Effect.key == key)
    ).first()
    if found is not None:
        return False
    try:
        with session.begin_nested():
            session.add(
                Effect(
                    ticket_id=ticket_id,
                    kind=kind,
                    key=key,
                    connector=connector,
                    external_id=external_id,
                    body=body,
                )
            )
            session.flush()
    except IntegrityError:
        return False
    return True


def claim_effects(
    session: Session,
    *,
    ticket_id: str | None = None,
    limit: int = 20,
    lease: float = LEASE_SECONDS,
    now: datetime | None = None,
) -> list[Effect]:
    """Take pending effects (of one ticket, or any whose owner let them lapse) and mark them `sending`.

    Committing `sending` before the helpdesk call is what makes a crash afterwards visible: such a row is
    never taken again (see `settle_lapsed`).
    """
    now = now or utcnow()
    query = select(Effect).where(
        Effect.status == "pending", (Effect.lease_until.is_(None)) | (Effect.lease_until < now)
    )
    if ticket_id is not None:
        query = query.where(Effect.ticket_id == ticket_id)
    rows: list[Effect] = list(session.scalars(_lock(query.order_by(Effect.id).limit(limit), session)))
    for row in rows:
        row.status = "sending"
        row.attempts += 1
        row.lease_until = now + timedelta(seconds=lease)
    session.flush()
    return rows


def effect_done(session: Session, *, effect_id: int) -> None:
    """The helpdesk accepted the effect."""
    session.execute(
        update(Effect)
        .where(Effect.id == effect_id)
        .values(status="sent", sent_at=utcnow(), lease_until=None, last_error=None)
    )


def effect_failed(
    session: Session, *, effect_id: int, error: str, sent_maybe: bool, retry_in: float = 2.0
) -> None:
    """The call failed: back to `pending` when it surely did not reach the helpdesk, else `uncertain`."""
    row = session.get(Effect, effect_id)
    if row is None:
        return
    row.last_error = error[:2000]
    if sent_maybe:
        row.status, row.lease_until = "uncertain", None
    elif row.attempts >= MAX_ATTEMPTS:
        row.status, row.lease_until = "failed", None
    else:
        row.status = "pending"
        row.lease_until = utcnow() + timedelta(seconds=retry_in * row.attempts)
    session.flush()


def settle_lapsed(session: Session, *, now: datetime | None = None) -> int:
    """Effects left `sending` by a dead worker: marked `uncertain`, never sent again; returns the count."""
    now = now or utcnow()
    result = session.execute(
        update(Effect)
        .where(Effect.status == "sending", Effect.lease_until < now)
        .values(status="uncertain", last_error="worker stopped between the helpdesk call and its record")
    )
    return int(getattr(result, "rowcount", 0) or 0)


def depth(session: Session) -> dict[str, int]:
    """Events and effects per status (queue depth for operators and metrics)."""
    out: dict[str, int] = {}
    for status, n in session.execute(select(IntakeEvent.status, func.count()).group_by(IntakeEvent.status)):
        out[f"events_{status}"] = int(n)
    for status, n in session.execute(select(Effect.status, func.count()).group_by(Effect.status)):
        out[f"effects_{status}"] = int(n)
    return out


def effects_for(session: Session, *, ticket_id: str) -> Sequence[Effect]:
    """A ticket's effects, oldest first."""
    return list(session.scalars(select(Effect).where(Effect.ticket_id == ticket_id).order_by(Effect.id)))


def advisory_lock(session: Session, keys: Iterable[str]) -> None:
    """Take PostgreSQL's transaction-scoped advisory lock on each key, in sorted order (no deadlocks)."""
    for key in sorted(keys):
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": zlib.crc32(key.encode())})


def open_work(session: Session) -> tuple[int, int]:
    """(events still queued, effects pending or being sent)."""
    events = session.scalar(
        select(func.count()).select_from(IntakeEvent).where(IntakeEvent.status == "queued")
    )
    effects = session.scalar(
        select(func.count()).select_from(Effect).where(Effect.status.in_(("pending", "sending")))
    )
    return int(events or 0), int(effects or 0)


def sent_effects(session: Session) -> list[tuple[str, str | None, Any]]:
    """(kind, external id, body) of every effect sent."""
    query = select(Effect.kind, Effect.external_id, Effect.body).where(Effect.status == "sent")
    return [(kind, ext, body) for kind, ext, body in session.execute(query)]

"""The integration API under `/api/v1`: ingest, decisions, drafts, briefs, hand-offs, replies, CSAT, webhooks.

Every route authenticates with an integration token (or, for webhooks, the helpdesk's signature), never
with the console's cookie; every write takes an `Idempotency-Key` and replays its stored response.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Depends, Header, HTTPException, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from phasegate.api import service
from phasegate.api.deps import Caller, scope
from phasegate.api.schemas import (
    Accepted,
    CsatIn,
    CsatRead,
    DecisionRead,
    DraftRead,
    EffectRead,
    ReplyIn,
    ReplyRead,
    WebhookAck,
)
from phasegate.assist.schemas import Brief
from phasegate.connectors.base import WebhookError
from phasegate.drafts import service as drafts
from phasegate.intake import runner
from phasegate.intake import service as intake
from phasegate.intake.locks import write_lock
from phasegate.intake.schemas import EventIn, EventRead
from phasegate.metrics.models import CsatResponse
from phasegate.rollout import service as rollout
from phasegate.tickets import reply
from phasegate.tickets import service as tickets
from phasegate.tickets.schemas import MessageIn, TicketIn, TicketRead
from phasegate.web.deps import DbSession, WorkspaceDep

PREFIX = "/api/v1"
router = APIRouter(prefix=PREFIX)
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        description="Required on writes: a retry with the same key has no second effect",
    ),
]
Writes = Annotated[Caller, Depends(scope("tickets:write"))]
Reads = Annotated[Caller, Depends(scope("tickets:read"))]
DecisionReads = Annotated[Caller, Depends(scope("decisions:read"))]
Replies = Annotated[Caller, Depends(scope("replies:write"))]
Csat = Annotated[Caller, Depends(scope("csat:write"))]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "No valid integration token"},
    403: {"description": "The token lacks the scope"},
}
WRITE_ERRORS: dict[int | str, dict[str, Any]] = ERRORS | {
    400: {"description": "No Idempotency-Key"},
    409: {"description": "The same key is being used by a concurrent request"},
    422: {"description": "Invalid body, or the key was used with a different body"},
}


def _idempotent(
    db: Session,
    caller: Caller,
    key: str | None,
    request: Request,
    payload: Any,
    write: Callable[[Session], tuple[int, BaseModel]],
) -> JSONResponse:
    """Run `write` once per key: store its response with it, replay that response on a retry."""
    if not key or not key.strip():
        raise HTTPException(status_code=400, detail="Idempotency-Key header is required on every write")
    if len(key) > 200:
        raise HTTPException(status_code=400, detail="Idempotency-Key: at most 200 characters")
    body = json.dumps(payload, sort_keys=True, default=str).encode()
    fp = service.fingerprint(request.method, request.url.path, body)

    def replay() -> JSONResponse | None:
        found = service.stored_response(db, integration_id=caller.id, key=key)
        if found is None:
            return None
        if found.fingerprint != fp:
            raise HTTPException(
                status_code=422, detail=f"Idempotency-Key {key!r} was already used with a different request"
            )
        return JSONResponse(
            found.body, status_code=found.status_code, headers={"Idempotent-Replayed": "true"}
        )

    with write_lock(db.get_bind().engine):
        return _write_once(db, caller, key, fp, replay, write)


def _write_once(
    db: Session,
    caller: Caller,
    key: str,
    fp: str,
    replay: Callable[[], JSONResponse | None],
    write: Callable[[Session], tuple[int, BaseModel]],
) -> JSONResponse:
    earlier = replay()
    if earlier is not None:
        return earlier
    status, result = write(db)
    content = result.model_dump(mode="json")
    try:
        service.store_response(
            db, integration_id=caller.id, key=key, fingerprint=fp, status_code=status, body=content
        )
        db.commit()
    except IntegrityError:
        # A concurrent request with the same key committed first: ours is rolled back, theirs is the answer.
        db.rollback()
        earlier = replay()
        if earlier is None:
            raise HTTPException(status_code=409, detail=f"Idempotency-Key {key!r} is in use") from None
        return earlier
    return JSONResponse(content, status_code=status)


def storable(value: Any, where: str = "body") -> None:
    """Refuse (422, naming the field) text the database cannot keep: a NUL or an unpaired surrogate."""
    if isinstance(value, str):
        if "\x00" in value:
            raise HTTPException(status_code=422, detail=f"{where}: contains a NUL character")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise HTTPException(status_code=422, detail=f"{where}: contains an unpaired surrogate") from None
    elif isinstance(value, dict):
        for k, v in value.items():
            storable(k, where)
            storable(v, f"{where}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            storable(v, f"{where}[{i}]")


async def validation_error(request: Request, exc: Exception) -> JSONResponse:
    """422 for an invalid API body, listing each field and reason (without echoing the input back)."""
    from fastapi.exception_handlers import request_validation_exception_handler
    from fastapi.exceptions import RequestValidationError

    assert isinstance(exc, RequestValidationError)
    if not request.url.path.startswith(PREFIX):
        return await request_validation_exception_handler(request, exc)
    # The default handler echoes the input, which fails to encode when it holds an unpaired surrogate.
    detail = [
        {"loc": list(e.get("loc", ())), "msg": str(e.get("msg", "")).encode("utf-8", "replace").decode()}
        for e in exc.errors()
    ]
    return JSONResponse({"detail": detail}, status_code=422)


def install(app: Any) -> None:
    """Mount the API on the console's app: its routes and its validation-error answer."""
    from fastapi.exceptions import RequestValidationError

    app.include_router(router)
    app.add_exception_handler(RequestValidationError, validation_error)


def _after_enqueue(request: Request, tasks: BackgroundTasks) -> None:
    # SQLite is the one-process embedded mode: the app drains the queue itself after answering.
    if runner.inline(request.app):
        tasks.add_task(runner.drain, request.app)


def _accepted(row: Any, created: bool) -> Accepted:
    return Accepted(event_id=row.id, ticket_id=row.ticket_id, status=row.status, duplicate=not created)


@router.post("/tickets", status_code=202, response_model=Accepted, tags=["ingest"], responses=WRITE_ERRORS)
def ingest_ticket(
    ticket: TicketIn,
    request: Request,
    db: DbSession,
    caller: Writes,
    tasks: BackgroundTasks,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Ingest one ticket (the SPEC.md interchange shape); the worker stores, decides and acts on it."""

    def write(session: Session) -> tuple[int, BaseModel]:
        event = EventIn(kind="ticket", source="api", key=f"{caller.name}:{idempotency_key}", ticket=ticket)
        row, created = intake.enqueue(session, event)
        return 202, _accepted(row, created)

    storable(ticket.model_dump(mode="json"))
    response = _idempotent(db, caller, idempotency_key, request, ticket.model_dump(mode="json"), write)
    _after_enqueue(request, tasks)
    return response


@router.post(
    "/tickets/{ticket_id}/messages",
    status_code=202,
    response_model=Accepted,
    tags=["ingest"],
    responses=WRITE_ERRORS,
)
def ingest_message(
    ticket_id: str,
    message: MessageIn,
    request: Request,
    db: DbSession,
    caller: Writes,
    tasks: BackgroundTasks,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Add one message to a ticket (created when new); a customer message re-decides the ticket."""
    if not 1 <= len(ticket_id) <= 64:
        raise HTTPException(status_code=422, detail="ticket_id: 1 to 64 characters")

    def write(session: Session) -> tuple[int, BaseModel]:
        event = EventIn(
            kind="message",
            source="api",
            key=f"{caller.name}:{idempotency_key}",
            ticket=TicketIn(id=ticket_id, messages=[message]),
            message=message,
        )
        row, created = intake.enqueue(session, event)
        return 202, _accepted(row, created)

    storable(message.model_dump(mode="json"))
    storable(ticket_id, "ticket_id")
    response = _idempotent(db, caller, idempotency_key, request, message.model_dump(mode="json"), write)
    _after_enqueue(request, tasks)
    return response


@router.get("/events/{event_id}", response_model=EventRead, tags=["ingest"], responses=ERRORS)
def get_event(event_id: int, db: DbSession, caller: Writes) -> EventRead:
    """Where an ingested event is: queued, done or failed (with the error)."""
    row = intake.get(db, event_id=event_id)
    if row is None:
        raise HTTPException(status_code=404, detail=f"no event {event_id}")
    return EventRead.model_validate(row)


def _ticket_or_404(db: Session, ticket_id: str) -> Any:
    row = tickets.get(db, ticket_id=ticket_id)
    if row is None:
        raise HTTPException(status_code=404, detail=f"no ticket {ticket_id}")
    return row


@router.get("/tickets/{ticket_id}", response_model=TicketRead, tags=["tickets"], responses=ERRORS)
def get_ticket(ticket_id: str, db: DbSession, caller: Reads) -> TicketRead:
    """One stored ticket with its conversation."""
    return TicketRead.model_validate(_ticket_or_404(db, ticket_id))


@router.get(
    "/tickets/{ticket_id}/decisions", response_model=list[DecisionRead], tags=["decisions"], responses=ERRORS
)
def get_decisions(
    ticket_id: str, db: DbSession, caller: DecisionReads, limit: int = Query(50, ge=1, le=500)
) -> list[DecisionRead]:
    """The ticket's routing decisions, newest first."""
    _ticket_or_404(db, ticket_id)
    return [
        DecisionRead.model_validate(d) for d in rollout.list_decisions(db, ticket_id=ticket_id, limit=limit)
    ]


@router.get(
    "/tickets/{ticket_id}/drafts", response_model=list[DraftRead], tags=["decisions"], responses=ERRORS
)
def get_drafts(ticket_id: str, db: DbSession, caller: DecisionReads) -> list[DraftRead]:
    """The ticket's AI drafts (phase 2) and their fate, newest first."""
    _ticket_or_404(db, ticket_id)
    return [DraftRead.model_validate(r) for r in drafts.for_ticket(db, ticket_id)]


@router.get(
    "/tickets/{ticket_id}/effects", response_model=list[EffectRead], tags=["decisions"], responses=ERRORS
)
def get_effects(ticket_id: str, db: DbSession, caller: DecisionReads) -> list[EffectRead]:
    """What phasegate did (or will do) in the helpdesk for this ticket: notes, tags, replies, hand-offs."""
    return [EffectRead.model_validate(e) for e in intake.effects_for(db, ticket_id=ticket_id)]


@router.get("/tickets/{ticket_id}/brief", response_model=Brief, tags=["assist"], responses=ERRORS)
def get_brief(ticket_id: str, db: DbSession, workspace: WorkspaceDep, caller: Reads) -> Brief:
    """The phase-1 brief: summary, account, policy flags, knowledge-base passages, resolution paths."""
    from phasegate.assist import flows

    try:
        return flows.build(db, ticket_id=ticket_id, home=workspace.home)
    except flows.TicketNotFound:
        raise HTTPException(status_code=404, detail=f"no ticket {ticket_id}") from None


@router.get(
    "/tickets/{ticket_id}/handoff",
    tags=["assist"],
    responses=ERRORS | {404: {"description": "No packet: the ticket is unknown or was never handed off"}},
)
def get_handoff(ticket_id: str, db: DbSession, caller: Reads) -> JSONResponse:
    """The hand-off packet of a conversation the engine handed to a person (docs/conversations.md)."""
    from phasegate.conversations import service as conversations

    _ticket_or_404(db, ticket_id)
    row = conversations.handoff_for_ticket(db, ticket_id=ticket_id)
    if row is None:
        raise HTTPException(status_code=404, detail=f"ticket {ticket_id} has no hand-off packet")
    return JSONResponse(row.packet)


@router.post(
    "/tickets/{ticket_id}/replies",
    status_code=201,
    response_model=ReplyRead,
    tags=["replies"],
    responses=WRITE_ERRORS | {404: {"description": "No such ticket"}},
)
def post_reply(
    ticket_id: str,
    body: ReplyIn,
    request: Request,
    db: DbSession,
    caller: Replies,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Record an agent's reply sent in the helpdesk: resolves the ticket, measures edits to the draft."""

    def write(session: Session) -> tuple[int, BaseModel]:
        try:
            result = reply.send(
                session, ticket_id=ticket_id, text=body.text, agent=body.agent, opened_at=body.opened_at
            )
        except reply.ReplyError as exc:
            raise HTTPException(status_code=404 if exc.kind == "missing" else 409, detail=str(exc)) from None
        return 201, ReplyRead(
            ticket_id=result.ticket_id,
            handled_by=result.handled_by,
            handle_seconds=result.handle_seconds,
            edit_ratio=result.edit_ratio,
        )

    storable(body.model_dump(mode="json"))
    return _idempotent(db, caller, idempotency_key, request, body.model_dump(mode="json"), write)


@router.post(
    "/tickets/{ticket_id}/csat",
    status_code=201,
    response_model=CsatRead,
    tags=["replies"],
    responses=WRITE_ERRORS | {404: {"description": "No such ticket"}},
)
def post_csat(
    ticket_id: str,
    body: CsatIn,
    request: Request,
    db: DbSession,
    caller: Csat,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """Record the customer's CSAT answer (the ticket's score is the latest answer)."""

    def write(session: Session) -> tuple[int, BaseModel]:
        ticket = _ticket_or_404(session, ticket_id)
        row = CsatResponse(ticket_id=ticket_id, score=body.score, comment=body.comment)
        session.add(row)
        ticket.csat = body.score
        session.flush()
        return 201, CsatRead(id=row.id, ticket_id=ticket_id, score=body.score)

    storable(body.model_dump(mode="json"))
    return _idempotent(db, caller, idempotency_key, request, body.model_dump(mode="json"), write)


# -- the API's own OpenAPI document and docs page (public, like any API reference) ----------------------


@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request) -> JSONResponse:
    """The OpenAPI document of `/api/v1` alone (the console's full one at /openapi.json needs sign-in)."""
    full = request.app.openapi()
    spec = dict(full)
    spec["info"] = dict(full["info"], title="phasegate integration API")
    spec["paths"] = {path: ops for path, ops in full["paths"].items() if path.startswith(PREFIX)}
    return JSONResponse(spec)


@router.get("/docs", include_in_schema=False)
def docs() -> Any:
    """Swagger UI on the `/api/v1` OpenAPI document."""
    from fastapi.openapi.docs import get_swagger_ui_html

    return get_swagger_ui_html(openapi_url=f"{PREFIX}/openapi.json", title="phasegate integration API")


# -- helpdesk webhooks ------------------------------------------------------------------------------------


async def _queue_webhook(request: Request, tasks: BackgroundTasks, event: EventIn | None) -> JSONResponse:
    if event is None:
        return JSONResponse(WebhookAck(status="ignored").model_dump(), status_code=202)

    def enqueue() -> tuple[int, bool]:
        workspace = request.app.state.workspace
        with write_lock(workspace.engine), workspace.sessions() as db, db.begin():
            row, created = intake.enqueue(db, event)
            return row.id, created

    # The database calls are blocking: off the event loop, like FastAPI's own sync routes.
    event_id, created = await run_in_threadpool(enqueue)
    if created:
        _after_enqueue(request, tasks)
    ack = WebhookAck(status="queued" if created else "duplicate", event_id=event_id)
    return JSONResponse(ack.model_dump(), status_code=202)


def _refuse(exc: WebhookError) -> JSONResponse:
    return JSONResponse({"detail": str(exc)}, status_code=exc.status)


@router.post("/webhooks/zendesk", response_model=WebhookAck, status_code=202, tags=["webhooks"])
async def zendesk_webhook(request: Request, tasks: BackgroundTasks) -> Any:
    """A Zendesk event webhook (ticket created, comment added), verified by its HMAC-SHA256 signature."""
    from phasegate.connectors import zendesk

    body = await request.body()
    try:
        event = zendesk.parse_webhook(request.headers, body, settings=runner.zendesk_settings(request.app))
    except WebhookError as exc:
        return _refuse(exc)
    return await _queue_webhook(request, tasks, event)


@router.post("/webhooks/chatwoot", response_model=WebhookAck, status_code=202, tags=["webhooks"])
async def chatwoot_webhook(
    request: Request, tasks: BackgroundTasks, token: Annotated[str | None, Query()] = None
) -> Any:
    """A Chatwoot agent-bot webhook (`message_created`), checked against the bot URL's token."""
    from phasegate.connectors import chatwoot

    body = await request.body()
    try:
        event = chatwoot.parse_webhook(
            request.headers, body, token=token, settings=runner.chatwoot_settings(request.app)
        )
    except WebhookError as exc:
        return _refuse(exc)
    return await _queue_webhook(request, tasks, event)

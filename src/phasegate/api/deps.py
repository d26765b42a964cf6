"""Token authentication and scopes of the integration API, and the per-app intake runner."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from phasegate.api import service
from phasegate.db.base import utcnow
from phasegate.intake.locks import write_lock
from phasegate.web.deps import get_workspace

#: `last_used_at` is refreshed at most this often.
LAST_USED_EVERY = timedelta(minutes=1)
bearer = HTTPBearer(auto_error=False, description="An integration token from `phasegate integration add`")


@dataclass(frozen=True)
class Caller:
    """The integration a request authenticated as."""

    id: int
    name: str
    scopes: frozenset[str]


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status_code=401, detail=detail, headers={"WWW-Authenticate": "Bearer"})


def authenticated(
    request: Request, credentials: HTTPAuthorizationCredentials | None = Depends(bearer)
) -> Caller:
    """The integration whose bearer token the request carries; 401 without a valid, unrevoked one."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthorized("send an integration token: Authorization: Bearer <token>")
    workspace = get_workspace(request)
    with workspace.sessions() as db:
        row = service.authenticate(db, token=credentials.credentials)
        if row is None:
            raise _unauthorized("the token is unknown or revoked")
        caller = Caller(id=row.id, name=row.name, scopes=frozenset(str(s) for s in row.scopes))
        stale = row.last_used_at is None or utcnow() - row.last_used_at > LAST_USED_EVERY
    if stale:  # a write per request would cost more than the read it authenticates
        with write_lock(workspace.engine), workspace.sessions() as db, db.begin():
            service.mark_used(db, integration_id=caller.id)
    return caller


def scope(name: str) -> Callable[[Caller], Caller]:
    """A dependency requiring the caller's token to hold `name`."""

    def check(caller: Caller = Depends(authenticated)) -> Caller:
        if name not in caller.scopes:
            raise HTTPException(status_code=403, detail=f"the token of {caller.name!r} lacks scope {name}")
        return caller

    check.__name__ = f"scope_{name.replace(':', '_')}"
    return check

"""Token authentication and scopes of the integration API, and the per-app intake runner."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from phasegate.api import service
from phasegate.db.base import utcnow
from phasegate.web.deps import get_workspace

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
    with get_workspace(request).sessions() as db, db.begin():
        row = service.authenticate(db, token=credentials.credentials)
        if row is None:
            raise _unauthorized("the token is unknown or revoked")
        row.last_used_at = utcnow()
        return Caller(id=row.id, name=row.name, scopes=frozenset(str(s) for s in row.scopes))


def scope(name: str) -> Callable[[Caller], Caller]:
    """A dependency requiring the caller's token to hold `name`."""

    def check(caller: Caller = Depends(authenticated)) -> Caller:
        if name not in caller.scopes:
            raise HTTPException(status_code=403, detail=f"the token of {caller.name!r} lacks scope {name}")
        return caller

    check.__name__ = f"scope_{name.replace(':', '_')}"
    return check

"""Typed dependency aliases, declared once for every route module."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from phasegate.auth.schemas import UserRead
from phasegate.config import Settings
from phasegate.db.session import IMMEDIATE
from phasegate.web.security import TOKEN_API_PREFIX
from phasegate.workspace import Workspace


def get_workspace(request: Request) -> Workspace:
    """The workspace the app was created with."""
    workspace: Workspace = request.app.state.workspace
    return workspace


def get_db(request: Request) -> Iterator[Session]:
    """A session per request, closed afterwards; routes commit what they change.

    A request that may write (POST and the like) takes SQLite's write lock when it begins: a reader that
    later writes cannot wait for the lock (SQLite answers "locked" at once), a writer from the start
    queues behind the others within the busy timeout. PostgreSQL ignores the option. The integration API
    (`/api/v1/`) is left out: it serialises its own SQLite writes in-process (`phasegate.intake.locks`),
    and its token check writes on a session of its own, which would wait on this one's lock.
    """
    with get_workspace(request).sessions() as session:
        writes = request.method not in ("GET", "HEAD", "OPTIONS")
        if writes and not request.url.path.startswith(TOKEN_API_PREFIX):
            session.connection(execution_options={IMMEDIATE: True})
        yield session


def release(db: Session) -> None:
    """End the request's transaction and hand its connection back to the pool before a page renders.

    Loaded objects stay usable (sessions do not expire on commit); a lazy load during rendering would
    borrow a connection again for just that query. Nothing is pending on read-only pages, so this writes
    nothing.
    """
    db.commit()


def get_settings_dep(request: Request) -> Settings:
    """The settings of the app's workspace."""
    return get_workspace(request).settings


def get_templates(request: Request) -> Jinja2Templates:
    """The app's Jinja2 templates."""
    templates: Jinja2Templates = request.app.state.templates
    return templates


def get_current_user(request: Request) -> UserRead:
    """The signed-in user (the sign-in gate has already turned everyone else away)."""
    user: UserRead | None = getattr(request.state, "user", None)
    if user is None:
        raise HTTPException(status_code=401, detail="sign in first")
    return user


def get_lead_user(user: Annotated[UserRead, Depends(get_current_user)]) -> UserRead:
    """The signed-in user, when they may change phases, the policy and the kill switch."""
    if not user.can_manage_rollout:
        raise HTTPException(status_code=403, detail="Only a lead or an admin may do this.")
    return user


WorkspaceDep = Annotated[Workspace, Depends(get_workspace)]
DbSession = Annotated[Session, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
TemplatesDep = Annotated[Jinja2Templates, Depends(get_templates)]
CurrentUser = Annotated[UserRead, Depends(get_current_user)]
LeadUser = Annotated[UserRead, Depends(get_lead_user)]

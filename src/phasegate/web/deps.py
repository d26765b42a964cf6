"""Typed dependency aliases, declared once for every route module."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from phasegate.config import Settings
from phasegate.workspace import Workspace


def get_workspace(request: Request) -> Workspace:
    """The workspace the app was created with."""
    workspace: Workspace = request.app.state.workspace
    return workspace


def get_db(request: Request) -> Iterator[Session]:
    """A session per request, closed afterwards; routes commit what they change."""
    with get_workspace(request).sessions() as session:
        yield session


def get_settings_dep(request: Request) -> Settings:
    return get_workspace(request).settings


def get_templates(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


WorkspaceDep = Annotated[Workspace, Depends(get_workspace)]
DbSession = Annotated[Session, Depends(get_db)]
SettingsDep = Annotated[Settings, Depends(get_settings_dep)]
TemplatesDep = Annotated[Jinja2Templates, Depends(get_templates)]

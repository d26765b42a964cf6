"""Knowledge-base endpoints: search and the gap report, as JSON."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Query

from phasegate.knowledge import flows
from phasegate.web.deps import DbSession, WorkspaceDep

router = APIRouter(prefix="/api/kb", tags=["knowledge"])


@router.get("/search")
def search(
    db: DbSession, workspace: WorkspaceDep, q: str = Query(min_length=1), k: int = Query(5, ge=1, le=50)
) -> dict[str, Any]:
    """Passages for a question, with catalog facts and whether it is well supported."""
    return flows.search(db, workspace.home, q, k=k).as_dict()


@router.get("/gaps")
def gaps(
    db: DbSession,
    workspace: WorkspaceDep,
    since: datetime | None = None,
    category: str | None = None,
    min_count: int = Query(1, ge=1),
    examples: int = Query(3, ge=0, le=20),
) -> dict[str, Any]:
    """What the help center could not back, clustered into topics (read-only: no KB hit is recorded)."""
    report = flows.gap_report(
        db, workspace.home, since=since, category=category, save=False, min_count=min_count
    )
    return report.as_dict(examples=examples)

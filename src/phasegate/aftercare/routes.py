"""The customer's survey (public, behind its unguessable token) and the lead's weekly review queue."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field

from phasegate.aftercare import review, surveys
from phasegate.tickets import service as tickets_service
from phasegate.web.deps import DbSession, LeadUser, TemplatesDep

router = APIRouter()
FLASH = "review_flash"


class SurveyAnswer(BaseModel):
    """A customer's answer: a score of 1-5 and an optional comment."""

    model_config = ConfigDict(extra="forbid")

    score: int = Field(ge=1, le=5, strict=True)
    comment: str | None = Field(default=None, max_length=2000)


@router.post("/api/surveys/{token}")
def answer_survey(token: str, body: SurveyAnswer, db: DbSession) -> dict[str, Any]:
    """Answer a CSAT survey: no sign-in, only the token the customer was sent (404 when unknown)."""
    try:
        survey = surveys.answer(db, token=token, score=body.score, comment=body.comment)
    except surveys.SurveyNotFound as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    except surveys.SurveyError as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from exc
    db.commit()
    return {"status": "recorded", "score": survey.score}


@router.get("/survey/{token}", response_class=HTMLResponse, include_in_schema=False)
def survey_page(token: str, request: Request, db: DbSession, templates: TemplatesDep) -> HTMLResponse:
    """The customer's one-question page."""
    try:
        state = surveys.view(db, token=token)
    except surveys.SurveyNotFound as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    return templates.TemplateResponse(request, "survey.html", {"survey": state, "user": None, "error": None})


@router.post("/survey/{token}", response_class=HTMLResponse, include_in_schema=False)
def survey_form(
    token: str,
    request: Request,
    db: DbSession,
    templates: TemplatesDep,
    score: Annotated[int, Form(ge=1, le=5)],
    comment: Annotated[str, Form(max_length=2000)] = "",
) -> HTMLResponse:
    """The page's form: the same answer as the JSON route."""
    error = None
    try:
        surveys.answer(db, token=token, score=score, comment=comment.strip() or None)
        db.commit()
    except surveys.SurveyNotFound as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    except surveys.SurveyError as exc:
        error = str(exc)
    state = surveys.view(db, token=token)
    return templates.TemplateResponse(
        request,
        "survey.html",
        {"survey": state, "user": None, "error": error},
        status_code=409 if error else 200,
    )


@router.get("/review", response_class=HTMLResponse, include_in_schema=False)
def review_page(
    request: Request,
    db: DbSession,
    templates: TemplatesDep,
    user: LeadUser,
    status: str = "pending",
    category: str | None = None,
) -> HTMLResponse:
    """The weekly review queue: sampled autonomous resolutions, each with its conversation and a verdict."""
    items = review.list_queue(db, pending_only=status == "pending", category=category or None)
    ids = [i.ticket_id for i in items]
    tickets = tickets_service.by_ids(db, ids)
    context = {
        "user": user,
        "items": items,
        "tickets": tickets,
        "verdicts": review.VERDICTS,
        "status": status,
        "category": category,
        "flash": request.session.pop(FLASH, None),
    }
    return templates.TemplateResponse(request, "review.html", context)


@router.post("/review/{item_id}", include_in_schema=False)
def review_verdict(
    item_id: int,
    request: Request,
    db: DbSession,
    user: LeadUser,
    verdict: Annotated[str, Form()],
    note: Annotated[str, Form(max_length=4000)] = "",
) -> Response:
    """Store a verdict with a note, signed by the reviewer."""
    try:
        item = review.record_verdict(db, item_id=item_id, verdict=verdict, reviewer=user.username, note=note)
    except review.ReviewError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    db.commit()
    request.session[FLASH] = f"{item.ticket_id}: {verdict.replace('_', ' ')}"
    return RedirectResponse("/review", status_code=303)

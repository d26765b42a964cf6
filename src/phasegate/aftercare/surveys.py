"""CSAT surveys after a resolution: sent with an unguessable token, answered once, stored as ticket CSAT.

An answer becomes a `csat_responses` row and the ticket's `csat`, exactly as a human-handled ticket's survey
is recorded, so the dashboard's AI segment and the demotion rule read AI surveys like any other.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

import structlog
from sqlalchemy.orm import Session

from phasegate.aftercare import service
from phasegate.aftercare.models import Survey
from phasegate.db.base import utcnow
from phasegate.metrics.models import CsatResponse
from phasegate.policy import Policy
from phasegate.tickets import service as tickets_service

log = structlog.get_logger(__name__)

#: The CSAT scale a survey answers on.
SCORES = range(1, 6)
#: Bytes of randomness in a token (256 bits: not guessable, not enumerable).
TOKEN_BYTES = 32


class SurveyError(ValueError):
    """A survey cannot be sent or answered; the message says why."""


class SurveyNotFound(SurveyError):
    """No survey has this token."""


@dataclass(frozen=True)
class SurveyView:
    """What the survey page shows: never the ticket's content, only whether it can still be answered."""

    token: str
    answered: bool
    expired: bool
    score: int | None


def request_survey(
    session: Session,
    *,
    ticket_id: str,
    policy: Policy | None = None,
    segment: str = "ai",
    now: datetime | None = None,
) -> Survey:
    """Send (record) a CSAT survey on a resolved ticket; a ticket with an open survey gets that one back.

    The conversation engine calls this when it resolves a ticket autonomously (`segment="ai"`).
    """
    ticket = tickets_service.row(session, ticket_id)
    if ticket is None:
        raise SurveyError(f"no ticket {ticket_id!r}")
    now = now or utcnow()
    policy = policy or Policy()
    pending = service.open_survey(session, ticket_id=ticket_id, now=now)
    if pending is not None:
        return pending
    survey = Survey(
        ticket_id=ticket_id,
        token=secrets.token_urlsafe(TOKEN_BYTES),
        segment=segment,
        sent_at=now,
        expires_at=now + timedelta(days=policy.aftercare.survey_days),
    )
    session.add(survey)
    session.flush()
    log.info("survey.sent", ticket_id=ticket_id, survey_id=survey.id, segment=segment)
    return survey


def _by_token(session: Session, token: str) -> Survey:
    survey = service.survey_by_token(session, token)
    if survey is None:
        raise SurveyNotFound("this survey link is not valid")
    return survey


def view(session: Session, *, token: str, now: datetime | None = None) -> SurveyView:
    """The survey behind a token, for its page."""
    survey = _by_token(session, token)
    now = now or utcnow()
    return SurveyView(
        token=survey.token,
        answered=survey.answered_at is not None,
        expired=survey.answered_at is None and survey.expires_at <= now,
        score=survey.score,
    )


def answer(
    session: Session, *, token: str, score: int, comment: str | None = None, now: datetime | None = None
) -> Survey:
    """Store a customer's answer: the survey row, a `csat_responses` row and the ticket's `csat`.

    Raises SurveyNotFound for an unknown token, SurveyError for a score off the 1-5 scale, an expired survey
    or one already answered (the first answer stands).
    """
    if isinstance(score, bool) or not isinstance(score, int) or score not in SCORES:
        raise SurveyError(f"score must be a whole number from 1 to 5, got {score!r}")
    if comment is not None and len(comment) > 2000:
        raise SurveyError("comment is longer than 2000 characters")
    survey = _by_token(session, token)
    now = now or utcnow()
    if survey.answered_at is not None:
        raise SurveyError("this survey has already been answered")
    if survey.expires_at <= now:
        raise SurveyError("this survey has expired")
    # A conditional update, so two answers racing on the same link cannot both be recorded.
    if not service.claim_survey(session, survey.id, now=now, score=score, comment=comment):
        raise SurveyError("this survey has already been answered")
    session.refresh(survey)
    session.add(CsatResponse(ticket_id=survey.ticket_id, score=score, at=now, comment=comment or None))
    ticket = tickets_service.row(session, survey.ticket_id)
    if ticket is not None:
        ticket.csat = score
        if ticket.handled_by is None:
            # The survey was sent for this segment; a ticket not yet labelled takes it, so the answer counts.
            ticket.handled_by = survey.segment
    session.flush()
    log.info("survey.answered", ticket_id=survey.ticket_id, survey_id=survey.id, score=score)
    return survey

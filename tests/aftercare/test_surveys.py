"""CSAT surveys after a resolution: token answering, recorded like any CSAT, the AI segment made real."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from phasegate.aftercare import surveys
from phasegate.aftercare.models import Survey
from phasegate.metrics import report as reports
from phasegate.metrics.models import CsatResponse
from phasegate.metrics.service import MetricParams
from phasegate.policy import Policy
from phasegate.policy.schema import Aftercare
from phasegate.tickets.models import Ticket
from tests.aftercare.factories import at, resolved_ticket


def test_request_makes_one_unguessable_token_per_open_survey(db: Session) -> None:
    """A survey gets a 43-character random token; asking again while it is open returns the same survey."""
    resolved_ticket(db, "T-1")
    resolved_ticket(db, "T-2")
    first = surveys.request_survey(db, ticket_id="T-1", now=at(1))
    again = surveys.request_survey(db, ticket_id="T-1", now=at(2))
    other = surveys.request_survey(db, ticket_id="T-2", now=at(1))
    assert first.id == again.id and first.segment == "ai"
    assert len(first.token) >= 43 and first.token != other.token
    assert first.expires_at == at(1) + timedelta(days=14)


def test_answer_is_stored_as_the_tickets_csat_in_the_ai_segment(db: Session) -> None:
    """An answer writes the survey, a csat_responses row and tickets.csat; the report's AI CSAT counts it."""
    resolved_ticket(db, "T-1", created=at(0))
    survey = surveys.request_survey(db, ticket_id="T-1", now=at(0, 11))
    surveys.answer(db, token=survey.token, score=4, comment="quick", now=at(0, 12))
    assert (survey.score, survey.answered_at) == (4, at(0, 12))
    response = db.scalars(select(CsatResponse).where(CsatResponse.ticket_id == "T-1")).one()
    assert (response.score, response.comment) == (4, "quick")
    assert db.get(Ticket, "T-1").csat == 4  # type: ignore[union-attr]
    built = reports.build(db, params=MetricParams())
    assert built.seg("ai").csat_n == 1 and built.seg("ai").csat_mean == 4.0


def test_unlabelled_ticket_takes_the_surveys_segment(db: Session) -> None:
    """A ticket with no handled_by yet is labelled with the segment the survey was sent for."""
    ticket = resolved_ticket(db, "T-1")
    ticket.handled_by = None
    survey = surveys.request_survey(db, ticket_id="T-1", now=at(1))
    surveys.answer(db, token=survey.token, score=5, now=at(1, 12))
    assert ticket.handled_by == "ai"


@pytest.mark.parametrize("score", [0, 6, True, 3.5])
def test_scores_off_the_scale_are_refused(db: Session, score: object) -> None:
    """Only whole numbers 1-5 are answers; nothing is stored otherwise."""
    resolved_ticket(db, "T-1")
    survey = surveys.request_survey(db, ticket_id="T-1", now=at(1))
    with pytest.raises(surveys.SurveyError, match="1 to 5"):
        surveys.answer(db, token=survey.token, score=score, now=at(1, 12))  # type: ignore[arg-type]
    assert survey.answered_at is None and not db.scalars(select(CsatResponse)).all()


def test_wrong_expired_and_second_answers_are_refused(db: Session) -> None:
    """An unknown token, an answer after expiry or a second answer is refused; the first answer stands."""
    resolved_ticket(db, "T-1")
    resolved_ticket(db, "T-2")
    policy = Policy(aftercare=Aftercare(survey_days=2))
    survey = surveys.request_survey(db, ticket_id="T-1", policy=policy, now=at(1))
    late = surveys.request_survey(db, ticket_id="T-2", policy=policy, now=at(1))
    with pytest.raises(surveys.SurveyNotFound):
        surveys.answer(db, token=survey.token[:-1] + "x", score=5, now=at(1, 12))
    with pytest.raises(surveys.SurveyNotFound):
        surveys.answer(db, token="", score=5, now=at(1, 12))
    surveys.answer(db, token=survey.token, score=2, now=at(1, 12))
    with pytest.raises(surveys.SurveyError, match="already"):
        surveys.answer(db, token=survey.token, score=5, now=at(1, 13))
    with pytest.raises(surveys.SurveyError, match="expired"):
        surveys.answer(db, token=late.token, score=5, now=at(3, 11))
    assert surveys.view(db, token=late.token, now=at(3, 11)).expired
    assert [r.score for r in db.scalars(select(CsatResponse))] == [2]


def test_request_for_a_missing_ticket_is_refused(db: Session) -> None:
    """A survey names a real ticket."""
    with pytest.raises(surveys.SurveyError, match="no ticket"):
        surveys.request_survey(db, ticket_id="T-404")


def test_a_float_score_is_not_an_answer(db: Session) -> None:
    """3.0 is refused like 3.5: the scale is whole numbers."""
    resolved_ticket(db, "T-1")
    survey = surveys.request_survey(db, ticket_id="T-1", now=at(1))
    with pytest.raises(surveys.SurveyError, match="1 to 5"):
        surveys.answer(db, token=survey.token, score=3.0, now=at(1, 12))  # type: ignore[arg-type]


def test_an_answer_racing_another_is_refused(db: Session) -> None:
    """When another process answered after this one loaded the survey, the conditional update refuses."""
    resolved_ticket(db, "T-1")
    survey = surveys.request_survey(db, ticket_id="T-1", now=at(1))
    # The other process's answer, written behind this session's back (its loaded row stays unanswered).
    db.execute(
        update(Survey)
        .where(Survey.id == survey.id)
        .values(answered_at=at(1, 12), score=5)
        .execution_options(synchronize_session=False)
    )
    assert survey.answered_at is None
    with pytest.raises(surveys.SurveyError, match="already"):
        surveys.answer(db, token=survey.token, score=1, now=at(1, 13))
    assert not db.scalars(select(CsatResponse)).all()

"""The survey and review routes over real HTTP: token-only survey answers, /review for leads and admins."""

from __future__ import annotations

import re

import httpx
from sqlalchemy import select

from phasegate.aftercare import review, surveys
from phasegate.aftercare.models import ReviewItem
from phasegate.metrics.models import CsatResponse
from phasegate.tickets.models import Ticket
from tests.aftercare.conftest import ADMIN, AGENT, LEAD
from tests.aftercare.factories import at, resolved_ticket
from tests.web.conftest import Live, client_for, csrf_from, sign_in


def _survey(served: Live, tid: str) -> str:
    with served.workspace.sessions() as db, db.begin():
        resolved_ticket(db, tid, created=at(0), resolved=at(0, 11))
        return surveys.request_survey(db, ticket_id=tid).token


def test_survey_api_needs_only_the_token(served: Live) -> None:
    """Anonymous POST with the token records the CSAT (200); a second answer 409; a wrong token 404."""
    token = _survey(served, "T-API")
    c = client_for(served)
    r = c.post(f"/api/surveys/{token}", json={"score": 5, "comment": "fast"})
    assert r.status_code == 200 and r.json() == {"status": "recorded", "score": 5}
    assert c.post(f"/api/surveys/{token}", json={"score": 1}).status_code == 409
    assert c.post(f"/api/surveys/{token[:-2]}zz", json={"score": 1}).status_code == 404
    with served.workspace.sessions() as db:
        assert db.scalars(select(CsatResponse.score).where(CsatResponse.ticket_id == "T-API")).all() == [5]
        assert db.get(Ticket, "T-API").csat == 5  # type: ignore[union-attr]


def test_survey_api_refuses_bad_scores_without_storing(served: Live) -> None:
    """Scores off 1-5, strings and unknown fields are 422; the survey stays open."""
    token = _survey(served, "T-BAD")
    c = client_for(served)
    for body in ({"score": 0}, {"score": 6}, {"score": "5"}, {"score": 4, "extra": 1}, {}):
        assert c.post(f"/api/surveys/{token}", json=body).status_code == 422, body
    with served.workspace.sessions() as db:
        assert not surveys.view(db, token=token).answered


def test_other_api_routes_still_need_sign_in(served: Live) -> None:
    """Opening the survey prefix did not open the rest of the API or the review page."""
    c = client_for(served)
    assert c.get("/api/tickets").status_code == 401
    assert c.get("/review").status_code == 303


def test_survey_page_answers_through_its_form(served: Live) -> None:
    """The page shows five choices; posting the form records the answer and thanks the customer."""
    token = _survey(served, "T-PAGE")
    c = client_for(served)
    page = c.get(f"/survey/{token}")
    assert page.status_code == 200 and len(re.findall(r'name="score"', page.text)) == 5
    done = c.post(f"/survey/{token}", data={"score": "3", "comment": "ok"})
    assert done.status_code == 200 and 'data-testid="survey-done"' in done.text
    assert c.get("/survey/not-a-token").status_code == 404


def test_review_page_is_for_leads_and_admins(served: Live) -> None:
    """An agent gets 403 on /review and its form; a lead and an admin see the queue."""
    agent = sign_in(served, *AGENT)
    assert agent.get("/review").status_code == 403
    token = csrf_from(agent.get("/inbox").text)
    assert agent.post("/review/1", data={"verdict": "correct", "csrf_token": token}).status_code == 403
    for who in (LEAD, ADMIN):
        page = sign_in(served, *who).get("/review")
        assert page.status_code == 200 and 'data-testid="review-queue"' in page.text
        assert 'href="/review"' in page.text  # the nav link


def test_lead_stores_a_verdict_with_note_and_name(served: Live) -> None:
    """A lead's verdict form stores verdict, note and reviewer; an unknown verdict is a 400."""
    with served.workspace.sessions() as db, db.begin():
        resolved_ticket(db, "T-REV", created=at(7), resolved=at(7, 11))
        review.sample_week(db, week_start=at(7))
        item_id = db.scalars(select(ReviewItem.id).where(ReviewItem.ticket_id == "T-REV")).one()
    lead = sign_in(served, *LEAD)
    page = lead.get("/review").text
    assert "T-REV" in page
    token = csrf_from(page)
    r = lead.post(
        f"/review/{item_id}",
        data={"verdict": "should_have_escalated", "note": "asked for a refund", "csrf_token": token},
    )
    assert r.status_code == 303
    bad = lead.post(f"/review/{item_id}", data={"verdict": "great", "csrf_token": token})
    assert bad.status_code == 400
    with served.workspace.sessions() as db:
        item = db.get(ReviewItem, item_id)
        assert item is not None
        assert (item.verdict, item.note, item.reviewer) == (
            "should_have_escalated",
            "asked for a refund",
            "lee",
        )
    assert "Saved T-REV: should have escalated" in lead.get("/review").text  # the flash, shown once
    assert "/tickets/T-REV" not in lead.get("/review").text  # reviewed: off the to-do list
    assert "asked for a refund" in lead.get("/review?status=all").text


def test_forged_verdict_without_csrf_token_is_refused(served: Live) -> None:
    """The review form, unlike the survey, needs the session's CSRF token."""
    lead = sign_in(served, *LEAD)
    assert isinstance(lead, httpx.Client)
    assert lead.post("/review/1", data={"verdict": "correct"}).status_code == 403

"""The engine joins the aftercare rules: control group, CSAT survey on an AI resolution, reopened issues."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from phasegate.aftercare.models import Survey
from phasegate.conversations.flows.engine import Engine
from phasegate.conversations.flows.run import contract, finish
from phasegate.conversations.service import ticket_id_for
from phasegate.policy.control import in_control
from tests.conversations.conftest import ANA, SAMPLE_AT

ASK = "Hi, where is my order TR-100101? It hasn't arrived yet."


def _ids(policy: object, *, control: bool) -> str:
    """A conversation id that falls in (or out of) the control group under `policy`."""
    return next(f"K-{i}" for i in range(1000) if in_control(f"K-{i}", policy) == control)  # type: ignore[arg-type]


def test_a_control_conversation_goes_to_a_person_without_a_trigger(
    convo_engine: Engine, seeded: Session
) -> None:
    """With control_share set, a conversation drawn into the control group is handed over, marked control."""
    engine = replace(convo_engine, policy=convo_engine.policy.model_copy(update={"control_share": 0.5}))
    chat = engine.chat(seeded, conversation_id=_ids(engine.policy, control=True), customer=ANA, now=SAMPLE_AT)
    chat.say(ASK, now=SAMPLE_AT)
    assert chat.control and chat.escalated_at == 1 and chat.triggers == []
    assert chat.actions == []  # a person answers: the AI did not act first
    line = contract(chat, finish(seeded, chat, now=SAMPLE_AT))
    assert line["control"] is True and line["escalated"] is True


def test_outside_the_control_group_the_ai_answers(convo_engine: Engine, seeded: Session) -> None:
    """The same policy leaves other conversations to the AI; their contract line has no control key."""
    engine = replace(convo_engine, policy=convo_engine.policy.model_copy(update={"control_share": 0.5}))
    chat = engine.chat(
        seeded, conversation_id=_ids(engine.policy, control=False), customer=ANA, now=SAMPLE_AT
    )
    chat.say(ASK, now=SAMPLE_AT)
    assert not chat.control and not chat.escalated
    assert "control" not in contract(chat, finish(seeded, chat, now=SAMPLE_AT))


def test_an_ai_resolution_sends_a_csat_survey(convo_engine: Engine, seeded: Session) -> None:
    """A conversation the AI resolved gets a survey on its ticket; an escalated one does not."""
    done = convo_engine.chat(seeded, conversation_id="S-1", customer=ANA, now=SAMPLE_AT)
    done.say(ASK, now=SAMPLE_AT)
    finish(seeded, done, now=SAMPLE_AT)
    handed = convo_engine.chat(seeded, conversation_id="S-2", customer=ANA, now=SAMPLE_AT)
    handed.say("Your jacket gave my son a rash and blisters, I want to talk to a lawyer.", now=SAMPLE_AT)
    finish(seeded, handed, now=SAMPLE_AT)
    surveyed = set(seeded.scalars(select(Survey.ticket_id)))
    assert ticket_id_for("S-1") in surveyed and ticket_id_for("S-2") not in surveyed
    survey = seeded.scalar(select(Survey).where(Survey.ticket_id == ticket_id_for("S-1")))
    assert survey is not None and survey.segment == "ai"


def test_coming_back_on_the_issue_marks_the_ai_resolution_reopened(
    convo_engine: Engine, seeded: Session
) -> None:
    """A second conversation on the same issue within the window makes the first AI resolution not durable."""
    from phasegate.metrics.models import Resolution

    first = convo_engine.chat(seeded, conversation_id="I-1", customer=ANA, issue_id="ISS-9", now=SAMPLE_AT)
    first.say(ASK, now=SAMPLE_AT)
    finish(seeded, first, now=SAMPLE_AT)
    later = SAMPLE_AT + timedelta(days=2)
    again = convo_engine.chat(seeded, conversation_id="I-2", customer=ANA, issue_id="ISS-9", now=later)
    again.say("It still hasn't arrived, where is TR-100101?", now=later)
    finish(seeded, again, now=later)
    rows = seeded.scalars(select(Resolution).where(Resolution.ticket_id == ticket_id_for("I-1"))).all()
    assert rows and all(r.reopened for r in rows)


def test_a_conversation_lands_in_the_decision_audit_log(convo_engine: Engine, seeded: Session) -> None:
    """Each finished conversation logs its outcome like a triaged ticket: autonomous when the AI resolved it,
    human with the engine's triggers when it handed off."""
    from phasegate.rollout.models import Decision

    done = convo_engine.chat(seeded, conversation_id="D-1", customer=ANA, now=SAMPLE_AT)
    done.say(ASK, now=SAMPLE_AT)
    finish(seeded, done, now=SAMPLE_AT)
    handed = convo_engine.chat(seeded, conversation_id="D-2", customer=ANA, now=SAMPLE_AT)
    handed.say(ASK, now=SAMPLE_AT)
    handed.say("Actually I want a refund of $30 and then another $40 for the trouble.", now=SAMPLE_AT)
    finish(seeded, handed, now=SAMPLE_AT)
    rows = {r.ticket_id: r for r in seeded.scalars(select(Decision).where(Decision.source == "conversation"))}
    assert rows[ticket_id_for("D-1")].route == "autonomous" and rows[ticket_id_for("D-1")].triggers == []
    escalated = rows[ticket_id_for("D-2")]
    assert escalated.route == "human" and escalated.escalate
    assert [t["code"] for t in escalated.triggers] == [t.code for t in handed.triggers]

"""A conversation continues from the database in any process exactly as if it had stayed in memory: drift,
split amounts, the third AI contact, a pending code, a person's conversation staying with the person, and one
conversation's turns never interleaving between two workers (SQLite and PostgreSQL)."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import Engine as SqlEngine
from sqlalchemy import select
from sqlalchemy.orm import Session

from phasegate.conversations import outbox
from phasegate.conversations.flows import run
from phasegate.conversations.flows.engine import Chat, Engine
from phasegate.conversations.models import Conversation, ConversationTurn
from phasegate.db.session import session_factory
from phasegate.store.models import Order
from tests.conversations.conftest import ANA, SAMPLE_AT, NewChat

T = SAMPLE_AT


def _restart(engine: Engine, db: Session, chat: Chat) -> Chat:
    """Drop the in-memory conversation and every ORM object, as a new worker process would start."""
    conversation_id = chat.id
    del chat
    db.expunge_all()
    again = engine.resume(db, conversation_id=conversation_id)
    assert again is not None
    return again


def _line(chat: Chat) -> dict[str, Any]:
    return run.contract(chat, None) | {"conversation_id": None}


def test_a_resumed_conversation_drifts_to_a_person(
    new_chat: NewChat, convo_engine: Engine, seeded: Session
) -> None:
    """Tracking answered, the process restarts, then a harm report: handed off at turn 2 of one thread."""
    chat = new_chat("P-1", customer=ANA)
    chat.say("Where is my order TR-100101?", now=T)
    chat = _restart(convo_engine, seeded, chat)
    assert chat.customer_turns == 1 and len(chat.replies) == 1 and not chat.escalated
    reply = chat.say("It came and the zipper sparked and burned my hand, I went to urgent care.", now=T)
    assert chat.escalated_at == 2 and "never_autonomous" in [t.code for t in chat.triggers]
    assert reply is not None and "AI assistant" not in reply.text  # the disclosure was made in turn 1
    row = seeded.get(Conversation, "P-1")
    assert row is not None and row.status == "escalated" and row.escalated_at_turn == 2


def test_amounts_split_across_a_restart_add_up(
    new_chat: NewChat, convo_engine: Engine, seeded: Session
) -> None:
    """$30 before the restart and $25 after are $55 at stake, above the $50 limit."""
    chat = new_chat("P-2", customer=ANA)
    chat.say("Where is order TR-100101? I paid $30 for faster shipping on it.", now=T)
    chat = _restart(convo_engine, seeded, chat)
    chat.say("Since it is late, please refund $25 of that.", now=T)
    codes = {t.code: t.detail for t in chat.triggers}
    assert "amount_threshold" in codes and "55.00" in codes["amount_threshold"]


def test_the_third_ai_contact_counts_replies_made_before_a_restart(
    new_chat: NewChat, convo_engine: Engine, seeded: Session
) -> None:
    """Two AI replies in two processes, the third contact still goes to a person."""
    chat = new_chat("P-3", customer=ANA, prior_ai_contacts=1)
    chat.say("Where is my order TR-100101?", now=T)
    chat = _restart(convo_engine, seeded, chat)
    assert chat.ai_contacts == 2 and not chat.escalated
    chat.say("Which carrier has my package?", now=T)
    assert chat.escalated_at == 2 and "repeated_ai_contact" in [t.code for t in chat.triggers]


def test_a_pending_code_and_its_action_survive_a_restart(
    new_chat: NewChat, convo_engine: Engine, seeded: Session
) -> None:
    """The address change waits on a code; after a restart the emailed code verifies and it is done."""
    chat = new_chat("P-4", customer=ANA)
    chat.say("Please change the shipping address of order TR-100103 to 22 Oak Lane, Reno, NV 89502", now=T)
    assert chat.pending is not None
    code = outbox.latest_code(seeded, conversation_id="P-4")
    assert code is not None
    chat = _restart(convo_engine, seeded, chat)
    assert chat.pending == (
        "address_update",
        {"order_id": "TR-100103", "address": chat.pending[1]["address"]},
    )
    reply = chat.say(code, now=T + timedelta(minutes=2))
    assert reply is not None and "22 Oak Lane" in reply.text
    order = seeded.get(Order, "TR-100103")
    assert order is not None and "22 Oak Lane" in order.address["line1"]
    chat = _restart(convo_engine, seeded, chat)
    assert chat.access.verified == {"C-1"} and chat.pending is None


def test_wrong_code_tries_count_across_restarts(
    new_chat: NewChat, convo_engine: Engine, seeded: Session
) -> None:
    """Each try is stored with the code: three wrong tries in three processes lock it."""
    from dataclasses import replace

    policy = convo_engine.policy.model_copy(
        update={"thresholds": convo_engine.policy.thresholds.model_copy(update={"ai_contacts_on_issue": 10})}
    )
    engine = replace(convo_engine, policy=policy)
    chat = engine.chat(seeded, conversation_id="P-5", customer=ANA, now=T)
    chat.say("I can't log in to my account", now=T)
    right = outbox.latest_code(seeded, conversation_id="P-5")
    wrong = "111111" if right != "111111" else "222222"
    for _ in range(3):
        chat = _restart(engine, seeded, chat)
        chat.say(wrong, now=T)
    assert chat.escalated and any("verification failed" in t.detail for t in chat.triggers)


def test_a_follow_up_on_an_escalated_conversation_stays_with_the_person(
    new_chat: NewChat, convo_engine: Engine, seeded: Session
) -> None:
    """After the hand-off, a resumed conversation only records the customer's turns; the AI never answers."""
    chat = new_chat("P-6", customer=ANA)
    chat.say("I want my money back for TR-100101, I'm disputing the charge.", now=T)
    assert chat.escalated
    chat = _restart(convo_engine, seeded, chat)
    assert chat.escalated_at == 1 and chat.triggers
    assert chat.say("Where is my order TR-100101?", now=T + timedelta(minutes=1)) is None
    assert chat.hand_over("hello?", triggers=[], now=T + timedelta(minutes=2)) is None
    turns = seeded.scalars(
        select(ConversationTurn)
        .where(ConversationTurn.conversation_id == "P-6")
        .order_by(ConversationTurn.seq)
    ).all()
    assert [t.role for t in turns] == ["customer", "ai", "customer", "customer"]
    assert [a.kind for a in chat.actions] == ["refund"]


def test_a_conversation_resumed_after_every_turn_ends_as_one_kept_in_memory(
    new_chat: NewChat, convo_engine: Engine, seeded: Session
) -> None:
    """The same four turns in memory and with a restart before each: the same replies, actions, outcome and
    packet facts."""
    turns = [
        "Hi, where is my order TR-100101?",
        "What is your return policy for jackets?",
        "Also I paid $30 extra for shipping on it",
        "Please refund $25 of it",
    ]
    kept = new_chat("P-7a", customer=ANA)
    for i, text in enumerate(turns):
        kept.say(text, now=T + timedelta(minutes=i))
    moved = new_chat("P-7b", customer=ANA)
    for i, text in enumerate(turns):
        moved = _restart(convo_engine, seeded, moved)
        moved.say(text, now=T + timedelta(minutes=i))
    assert _line(moved) == _line(kept)
    from phasegate.conversations.flows import handoff

    assert handoff.facts(moved) == handoff.facts(kept)
    moved = _restart(convo_engine, seeded, moved)
    assert handoff.facts(moved) == handoff.facts(kept)
    assert [r.as_dict() for r in moved.reasoning] == [r.as_dict() for r in kept.reasoning]


def test_resume_of_an_unknown_conversation_is_none(convo_engine: Engine, db: Session) -> None:
    """There is nothing to continue under an id never started."""
    assert convo_engine.resume(db, conversation_id="nope") is None


def test_two_workers_take_one_conversations_turns_one_after_the_other(
    engine: SqlEngine, convo_engine: Engine
) -> None:
    """Worker B's resume waits on worker A's lock and then sees A's turn: the turns never interleave
    (PostgreSQL row lock; SQLite allows one writer, so there B's write waits for A's commit instead)."""
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite serialises writers itself (one writer at a time)")
    sessions = session_factory(engine)
    cid = f"P-LOCK-{time.monotonic_ns()}"
    try:
        with sessions() as s, s.begin():
            convo_engine.chat(s, conversation_id=cid, customer=None, now=T).say(
                "What is your return policy?", now=T
            )
        order: list[str] = []
        a_has_it = threading.Event()

        def worker_b() -> None:
            a_has_it.wait()
            with sessions() as s, s.begin():
                chat = convo_engine.resume(s, conversation_id=cid)
                assert chat is not None
                order.append(f"B sees {chat.customer_turns} turns")
                chat.say("And for shoes?", now=T + timedelta(minutes=2))

        b = threading.Thread(target=worker_b)
        b.start()
        with sessions() as s, s.begin():
            chat = convo_engine.resume(s, conversation_id=cid)
            assert chat is not None
            a_has_it.set()
            time.sleep(0.5)  # B is now blocked on the row
            order.append(f"A sees {chat.customer_turns} turns")
            chat.say("Can I return worn boots?", now=T + timedelta(minutes=1))
        b.join(timeout=30)
        assert order == ["A sees 1 turns", "B sees 2 turns"]
        with sessions() as s:
            seqs = s.scalars(
                select(ConversationTurn.seq).where(ConversationTurn.conversation_id == cid)
            ).all()
            assert sorted(seqs) == list(range(len(seqs)))
    finally:
        with sessions() as s, s.begin():
            s.execute(Conversation.__table__.delete().where(Conversation.id == cid))

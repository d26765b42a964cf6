"""The conversation engine. Per customer turn it re-reads the WHOLE conversation so far (the real triage and
`decide()`, AI replies counted as contacts on the issue, amounts added up across turns), then either acts and
replies from grounded facts or hands the conversation to a person with the packet.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

import structlog
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session

from phasegate.brand import BrandFacts
from phasegate.conversations import actions, service, verification
from phasegate.conversations.actions import Access, Actor, Fact, Outcome
from phasegate.conversations.commerce import StoreCommerce
from phasegate.conversations.flows import caution, languages
from phasegate.conversations.flows.responder import Reply, compose
from phasegate.conversations.models import (
    ConversationTurn,
)
from phasegate.knowledge import calibration
from phasegate.knowledge.retrieval import Retriever
from phasegate.plugins.interfaces import LLMProvider
from phasegate.policy import Decision, DecisionContext, Policy, decide
from phasegate.policy.control import in_control
from phasegate.policy.decision import Trigger
from phasegate.policy.triggers import is_crisis
from phasegate.store.models import Customer
from phasegate.tickets.schemas import CustomerIn, MessageIn, TicketIn
from phasegate.triage import conversation, entities, frustration
from phasegate.triage.analysis import analyze_many
from phasegate.triage.router import Router
from phasegate.triage.schemas import Amount, Analysis

log = structlog.get_logger(__name__)

#: Words that ask for money to move, and the action kind each asks for. "credit card" is a way to pay.
_MONEY = (
    ("refund", re.compile(r"\b(?:refund\w*|money back|reimburs\w*|charge ?back)\b", re.I)),
    ("credit", re.compile(r"\b(?:store credit|account credit|credit (?:me|my account)|gift card)\b", re.I)),
    (
        "discount",
        re.compile(r"\b(?:discount|coupon|voucher|price adjustment|compensat\w*|promo code)\b", re.I),
    ),
)
#: Sentences, each with its end mark.
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
#: A question about how something works, not a request ("Do I get ...?", "Is it taken out of ...?").
_ASKS_HOW = re.compile(r"^\s*(?:do|does|is|are|how|when|what|what's|whats|which|who)\b[^?]*\?+\s*$", re.I)
#: Wanting, or asking for it to be done: a request whatever its grammar.
_WANTS = re.compile(
    r"\b(?:want|wants|wanted|need|needs|like|give|send|refund me|my money|owe|owed|demand|expect|"
    r"please|possible|can i|could i|can you|could you|will you|would you)\b|\d|[A-Z]{2,}-?\d",
    re.I,
)


def _policy_question(sentence: str) -> bool:
    return bool(_ASKS_HOW.match(sentence)) and not _WANTS.search(sentence)


_EMAIL_CHANGE = re.compile(r"\b(?:change|update|new|switch)\b.{0,40}\b(?:e-?mail)\b", re.I)


#: Replies that wait on the customer (a detail, a code, what they need): the next turn answers them.
_WAITING = frozenset({"ask", "clarify", "verification", "greeting", "access"})
#: Replies to a turn that asked nothing: not a contact on the issue.
_QUIET = frozenset({"greeting", "closing"})
#: Orders named when the engine asks which one a return or an address change is about.
_ORDERS_LISTED = 3
_GUESSED_ORDER = "That is your most recent order; if you meant another one, tell me its order number."


_ITEM_WORD = re.compile(r"[a-z]{3,}")
#: Words of item names that name no item ("the Trail Set for Kids", "Pack of 3").
_NOT_ITEMS = frozenset({"the", "and", "for", "with", "set", "pack", "kids", "men", "mens", "women", "womens"})


def _item_words(text: str) -> set[str]:
    """The words of a text that could name an item, singular ("Boots" -> "boot")."""
    words = {w.removesuffix("s") for w in _ITEM_WORD.findall(text.lower())}
    return words - _NOT_ITEMS


def _quiet(reply: Reply) -> bool:
    return any(f.kind == "engine" and f.ref in _QUIET for f in reply.sources)


def _asks(reply: Reply) -> tuple[str, ...]:
    """The questions the engine asked in a reply ("Which order is this about? ...")."""
    return tuple(f.text for f in reply.sources if f.kind == "engine" and f.ref == "ask")


def _step(reply: Reply, asked_before: set[tuple[str, ...]]) -> bool:
    """A reply that only asks for what the action the customer asked for needs: the emailed code (or says a
    code was wrong), which order, the new address, the account's email. A step of that action, not another
    contact on the issue; but an ask made before word for word is one (the customer did not give it)."""
    said = [f for f in reply.sources if f.ref != "disclosure"]
    if not said or not all(f.kind == "engine" and f.ref in ("verification", "ask") for f in said):
        return False
    asked = _asks(reply)
    return not asked or asked not in asked_before


def _contacts(replies: Sequence[Reply]) -> int:
    """AI contacts among a conversation's replies: not the quiet ones, nor the steps of an action."""
    asked: set[tuple[str, ...]] = set()
    contacts = 0
    for reply in replies:
        contacts += not _quiet(reply) and not _step(reply, asked)
        asked.add(_asks(reply))
    return contacts


@dataclass(frozen=True)
class Engine:
    """What a conversation is decided and answered with: router, policy, phase state, brand, help center."""

    router: Router
    policy: Policy
    phases: Mapping[str, int] | None = None
    kill_switch: bool = False
    killed: frozenset[str] = frozenset()
    brand: BrandFacts = field(default_factory=BrandFacts)
    retriever: Retriever | None = None
    provider: LLMProvider | None = None
    #: What the customer is told about when a person will answer (honest: the team's usual first reply).
    handoff_eta: str = "within 4 business hours"
    #: Least support a help-center passage needs before a reply may quote it (the workspace's calibrated
    #: "well supported" threshold, `phasegate kb calibrate`).
    kb_min_support: float = calibration.DEFAULT_THRESHOLD

    def chat(
        self,
        session: Session,
        *,
        conversation_id: str,
        customer: CustomerIn | None = None,
        prior_ai_contacts: int = 0,
        issue_id: str | None = None,
        now: datetime,
    ) -> Chat:
        """A new conversation on this engine, acting through the store that `session` sees (its row is made
        at once, since every action is recorded against it)."""
        service.start(session, conversation_id=conversation_id, customer=customer, now=now)
        chat = Chat(self, session, conversation_id, customer, prior_ai_contacts, issue_id)
        chat._save(now)
        return chat

    def resume(self, session: Session, *, conversation_id: str) -> Chat | None:
        """The stored conversation rebuilt from the database, to continue exactly where any process left it
        (None when there is none). Its row stays locked until `session`'s transaction ends, so two workers
        with two messages of one conversation take their turns one after the other (PostgreSQL: `FOR
        UPDATE`; SQLite has one writer at a time anyway)."""
        return Chat.load(self, session, conversation_id)


@dataclass
class TurnReasoning:
    """What the engine read in one customer turn: intent, confidence, triggers, the decision's route."""

    turn: int
    category: str | None
    confidence: float
    turn_category: str | None
    secondary: list[tuple[str, float]]
    route: str
    triggers: list[Trigger]
    notes: list[str]
    #: The ask the engine answered in this turn, when it answered one: the turn's own category, or the ask
    #: an answer to the engine's question carried on ("TR-100101" to "Which order is this about?").
    intent: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """JSON form for the packet and the API."""
        return {
            "turn": self.turn,
            "category": self.category,
            "confidence": round(self.confidence, 4),
            "turn_category": self.turn_category,
            "secondary": [{"category": c, "confidence": p} for c, p in self.secondary],
            "route": self.route,
            "triggers": [t.as_dict() for t in self.triggers],
            "notes": self.notes,
            "intent": self.intent,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TurnReasoning:
        """The reading back from its JSON form (as stored with the turn)."""
        return cls(
            turn=int(data["turn"]),
            category=data.get("category"),
            confidence=float(data.get("confidence") or 0.0),
            turn_category=data.get("turn_category"),
            secondary=[(str(x["category"]), float(x["confidence"])) for x in data.get("secondary") or []],
            route=str(data.get("route") or "human"),
            triggers=[Trigger(str(t["code"]), str(t["detail"])) for t in data.get("triggers") or []],
            notes=[str(n) for n in data.get("notes") or []],
            intent=data.get("intent"),
        )


class Chat:
    """One conversation in progress: its turns, what it has verified, done and decided."""

    def __init__(
        self,
        engine: Engine,
        session: Session,
        conversation_id: str,
        customer: CustomerIn | None,
        prior_ai_contacts: int,
        issue_id: str | None,
    ) -> None:
        self.engine = engine
        self.session = session
        self.id = conversation_id
        self.customer = customer
        self.issue_id = issue_id
        self.prior_ai_contacts = prior_ai_contacts
        self.backend = StoreCommerce(session)
        self.access = Access(identity=self._identify(customer))
        self.messages: list[MessageIn] = []
        self.replies: list[Reply] = []
        self.actions: list[Outcome] = []
        self.reasoning: list[TurnReasoning] = []
        self.triggers: list[Trigger] = []
        self.escalated_at: int | None = None
        self.pending: tuple[str, dict[str, Any]] | None = None
        self.money_asked: set[str] = set()
        self._last: tuple[Analysis, Decision] | None = None
        #: Rebuilt from the database: the last reading is re-computed when first asked for.
        self._reread = False
        #: In the control group (policy `control_share`): a person answers although the AI could have.
        self.control = False
        #: How many of `messages` are stored as turns.
        self._saved = 0

    # --- the state in the database ----------------------------------------------------------------------
    @classmethod
    def load(cls, engine: Engine, session: Session, conversation_id: str) -> Chat | None:
        """A conversation rebuilt from its rows (see `Engine.resume`), its row locked for the turn."""
        row = service.lock(session, conversation_id=conversation_id)
        if row is None:
            return None
        state = row.state or {}
        customer = CustomerIn.model_validate(row.customer) if row.customer else None
        chat = cls(
            engine,
            session,
            row.id,
            customer,
            int(state.get("prior_ai_contacts") or 0),
            state.get("issue_id"),
        )
        if "identity_id" in state:
            # Whom the channel identified at the start, not whom its email finds now (it may have changed).
            ident = state["identity_id"]
            chat.access.identity = chat.backend.customer_row(str(ident)) if ident else None
        turns = service.turns(session, conversation_id=conversation_id)
        for t in turns:
            chat.messages.append(MessageIn(role=t.role, text=t.text, at=t.at))
            if t.role == "ai":
                sources = tuple(Fact(str(f["kind"]), str(f["ref"]), str(f["text"])) for f in t.sources or [])
                chat.replies.append(
                    Reply(t.text, sources, phrased_by=str(state.get("phrased_by", "builtin")))
                )
            elif t.reasoning:
                chat.reasoning.append(TurnReasoning.from_dict(t.reasoning))
        chat._saved = len(turns)
        done = service.actions_taken(session, conversation_id=conversation_id)
        chat.actions = [Outcome(a.kind, dict(a.args or {}), a.status, dict(a.result or {})) for a in done]  # type: ignore[arg-type]
        chat.money_asked = {a.kind for a in chat.actions if a.kind in actions.MONEY_KINDS}
        chat.access.verified = service.verified_customers(session, conversation_id=conversation_id)
        chat.escalated_at = row.escalated_at_turn
        chat.triggers = [Trigger(str(t["code"]), str(t["detail"])) for t in state.get("triggers") or []]
        pending = state.get("pending")
        chat.pending = (str(pending["kind"]), dict(pending["args"])) if pending else None
        chat.control = bool(state.get("control"))
        chat._reread = bool(chat.reasoning)
        return chat

    def _state(self) -> dict[str, Any]:
        ident = self.access.identity
        key = sa_inspect(ident).identity if ident is not None else None
        return {
            "issue_id": self.issue_id,
            "prior_ai_contacts": self.prior_ai_contacts,
            "identity_id": str(key[0]) if key else None,
            "pending": {"kind": self.pending[0], "args": self.pending[1]} if self.pending else None,
            "triggers": [t.as_dict() for t in self.triggers],
            "control": self.control,
        }

    def _save(self, now: datetime) -> None:
        """Write what changed since the last save: new turns (each customer turn with its reading, each
        reply with its sources) and the state between turns. Actions and codes are written as they happen."""
        row = service.row(self.session, conversation_id=self.id)
        if row is None:
            raise LookupError(f"conversation {self.id} is not stored (start it with Engine.chat)")
        readings = {r.turn: r for r in self.reasoning}
        n_customer = sum(1 for m in self.messages[: self._saved] if m.role == "customer")
        n_ai = self._saved - n_customer
        for seq in range(self._saved, len(self.messages)):
            m = self.messages[seq]
            turn = ConversationTurn(conversation_id=self.id, seq=seq, role=m.role, text=m.text, at=m.at)
            if m.role == "customer":
                n_customer += 1
                read = readings.get(n_customer)
                if read is not None:
                    turn.category = read.category
                    turn.confidence = round(read.confidence, 4)
                    turn.triggers = [t.as_dict() for t in read.triggers] or None
                    turn.reasoning = read.as_dict()
            else:
                turn.sources = [f.as_dict() for f in self.replies[n_ai].sources]
                n_ai += 1
            self.session.add(turn)
        self._saved = len(self.messages)
        row.state = self._state()
        row.status = "escalated" if self.escalated else ("open" if self.pending else "resolved")
        row.escalated_at_turn = self.escalated_at
        row.verified_customer_id = min(self.access.verified) if self.access.verified else None
        row.updated_at = now
        self.session.flush()

    @property
    def last_analysis(self) -> Analysis | None:
        """The last reading of the whole conversation (None before the first customer turn)."""
        last = self._last_reading()
        return last[0] if last else None

    @property
    def last_decision(self) -> Decision | None:
        """The policy's decision on the last reading."""
        last = self._last_reading()
        return last[1] if last else None

    def _last_reading(self) -> tuple[Analysis, Decision] | None:
        if self._last is None and self._reread:
            # A rebuilt conversation: read it again as it stood at its last analysed customer turn.
            self._reread = False
            k, seen, upto = len(self.reasoning), 0, len(self.messages)
            for i, m in enumerate(self.messages):
                seen += m.role == "customer"
                if seen == k:
                    upto = i + 1
                    break
            messages = self.messages[:upto]
            whole = analyze_many(
                [self._ticket(messages)], router=self.engine.router, policy=self.engine.policy
            )[0]
            n_ai = sum(1 for m in messages if m.role == "ai")
            contacts = self.prior_ai_contacts + _contacts(self.replies[:n_ai])
            self._last = (whole, decide(whole, self._context(whole, contacts), self.engine.policy))
        return self._last

    def rebind(self, session: Session) -> None:
        """Carry a conversation kept in memory into a new request's session (the console simulator)."""
        self.session = session
        self.backend = StoreCommerce(session)
        if self.access.identity is not None:
            # The row came from an earlier request's session, now closed and maybe expired: its key is
            # read from the identity map's record, which needs no database.
            key = sa_inspect(self.access.identity).identity
            self.access.identity = self.backend.customer_row(str(key[0])) if key else None

    # --- who is writing ---------------------------------------------------------------------------
    def _identify(self, customer: CustomerIn | None) -> Customer | None:
        """The store customer the channel says is writing (by id, else by email on file), or None."""
        if customer is None:
            return None
        if customer.id:
            row = self.backend.customer_row(customer.id)
            if row is not None:
                return row
        if customer.email:
            return self.backend.customer_by_email(customer.email)
        return None

    @property
    def escalated(self) -> bool:
        """Whether a person has taken over."""
        return self.escalated_at is not None

    @property
    def customer_turns(self) -> int:
        """How many turns the customer has written."""
        return sum(1 for m in self.messages if m.role == "customer")

    @property
    def ai_contacts(self) -> int:
        """AI contacts on the issue so far: earlier ones plus this conversation's AI replies (a reply to a
        bare greeting or a thank-you is not a contact on the issue, nor one that only asks for what the
        action needs, the emailed code, which order, the new address, the first time: the answer that
        follows is the contact)."""
        return self.prior_ai_contacts + _contacts(self.replies)

    # --- reading the conversation -------------------------------------------------------------------
    def _ticket(self, messages: list[MessageIn]) -> TicketIn:
        return TicketIn(id=self.id, messages=messages, customer=self.customer, issue_id=self.issue_id)

    def _context(self, analysis: Analysis, ai_contacts: int | None = None) -> DecisionContext:
        ident = self.access.identity
        stated = self.customer
        order_value: Decimal | None = None
        for oid in reversed(analysis.entities.order_ids):
            order = self.backend.order_row(oid)
            if order is not None and order.total is not None and self.access.owns(order):
                order_value = Decimal(order.total)
                break
        return DecisionContext(
            ticket_id=self.id,
            vip=ident.vip if ident else bool(stated and stated.vip),
            ai_opt_in=ident.ai_opt_in if ident else bool(stated and stated.ai_opt_in),
            ai_contacts_on_issue=self.ai_contacts if ai_contacts is None else ai_contacts,
            order_value=order_value,
            phases=self.engine.phases,
            kill_switch=self.engine.kill_switch,
            killed=self.engine.killed,
        )

    def turn_amounts(self) -> list[tuple[int, Amount]]:
        """Every amount of every customer turn, a repeat in a later turn counted again (it is asked again)."""
        out: list[tuple[int, Amount]] = []
        n = 0
        for m in self.messages:
            if m.role != "customer":
                continue
            n += 1
            conv = conversation.from_texts([conversation.own_words(m.text)])
            out.extend((n, a) for a in entities.extract(conv, self.engine.policy).amounts)
        return out

    def _split_amounts(self, analysis: Analysis, decision: Decision) -> Trigger | None:
        """Money asked across several turns adds up against `thresholds.amount`."""
        policy = self.engine.policy
        if "amount_threshold" in decision.codes:
            return None
        cats = [c for c in (decision.category, *(c for c, _ in analysis.secondary)) if c]
        informational = bool(cats) and all(c in policy.amounts.informational for c in cats)
        if informational and not self.money_asked:
            return None
        amounts = self.turn_amounts()
        turns = sorted({t for t, _ in amounts})
        total = sum((a.value for _, a in amounts), Decimal(0))
        limit = Decimal(str(policy.thresholds.amount))
        if len(turns) < 2 or total <= limit:
            return None
        said = ", ".join(f"{a.text!r} (turn {t})" for t, a in amounts)
        return Trigger(
            "amount_threshold",
            f"{policy.currency} {total:.2f} asked across turns {', '.join(map(str, turns))} ({said}) "
            f"is above {policy.currency} {limit:.2f}",
        )

    def _money_kinds(self, whole: Analysis) -> list[str]:
        """The money-moving kinds the customer asks for. In a conversation that only asks for information
        (every ask an informational category), a question about how refunds work ("do refunds go back to
        the card?") asks for no money; a request, a desire, an amount or an order in the sentence does."""
        text = "\n".join(m.text for m in self.messages if m.role == "customer")
        text = re.sub(r"\bcredit card\b", "card", text, flags=re.I)
        cats = [c for c in (whole.category, *(c for c, _ in whole.secondary)) if c]
        if cats and all(c in self.engine.policy.amounts.informational for c in cats):
            text = " ".join(s for s in _SENTENCE.findall(text) if not _policy_question(s))
        return [kind for kind, pattern in _MONEY if pattern.search(text)]

    # --- one turn ---------------------------------------------------------------------------------------
    def say(self, text: str, *, now: datetime) -> Reply | None:
        """The customer writes `text`; returns the AI's reply, or None once a person has taken over. The
        turn is stored before this returns, so any process can continue the conversation (`Engine.resume`)."""
        reply = self._say(text, now=now)
        self._save(now)
        return reply

    def hand_over(self, text: str, *, triggers: list[Trigger], now: datetime) -> Reply | None:
        """The customer writes `text` and the channel's own decision (`triggers`) already sends it to a
        person: recorded as a turn the engine hands off at. None when a person had it already."""
        self.messages.append(MessageIn(role="customer", text=text, at=now))
        reply = None
        if not self.escalated:
            n = self.customer_turns
            triggers = list(triggers) or [
                Trigger("phase_not_earned", "the channel routed this turn to a person")
            ]
            self.reasoning.append(
                TurnReasoning(
                    turn=n,
                    category=None,
                    confidence=0.0,
                    turn_category=None,
                    secondary=[],
                    route="human",
                    triggers=triggers,
                    notes=["routed to a person by the channel's decision on the whole thread"],
                )
            )
            reply = self._hand_off(triggers, n, now)
        self._save(now)
        return reply

    def _say(self, text: str, *, now: datetime) -> Reply | None:
        self.messages.append(MessageIn(role="customer", text=text, at=now))
        n = self.customer_turns
        if self.escalated:
            return None  # a person has the conversation; the engine only keeps the record
        notes: list[str] = []
        if caution.manipulation(text):
            notes.append("text claims authority or verification it does not have; ignored")
        facts: list[Fact] = []
        extra: list[Trigger] = []
        check = verification.check(self.session, conversation_id=self.id, text=text, now=now)
        if check.outcome == "verified" and check.customer_id:
            self.access.verified.add(check.customer_id)
            notes.append(f"verified customer {check.customer_id} by a one-time code")
            facts.append(Fact("engine", "verification", "Thanks, you're verified."))
        elif check.outcome == "wrong":
            notes.append(f"wrong verification code ({check.attempts_left} tries left)")
            facts.append(
                Fact(
                    "engine",
                    "verification",
                    f"That code doesn't match. You have {check.attempts_left} more tries.",
                )
            )
        elif check.outcome == "locked":
            extra.append(
                Trigger(
                    "never_autonomous",
                    f"verification failed {verification.MAX_ATTEMPTS} times; account changes go to a person",
                )
            )
        elif check.outcome == "expired":
            notes.append("verification code expired")

        whole, latest = analyze_many(
            [self._ticket(list(self.messages)), self._ticket([self.messages[-1]])],
            router=self.engine.router,
            policy=self.engine.policy,
        )
        decision = decide(whole, self._context(whole), self.engine.policy)
        self._last, self._reread = (whole, decision), False
        triggers = list(decision.triggers)
        for kind in self._money_kinds(whole):
            if kind not in self.money_asked:
                self.money_asked.add(kind)
                amount = next((a.text for a in whole.entities.amounts), None)
                order_id = whole.entities.order_ids[-1] if whole.entities.order_ids else None
                self.actions.append(
                    actions.money(self._actor(now), kind=kind, amount=amount, order_id=order_id)
                )
        split = self._split_amounts(whole, decision)
        if split is not None:
            triggers.append(split)
        if self.money_asked and not any(t.code in ("amount_threshold", "never_autonomous") for t in triggers):
            kinds = ", ".join(sorted(self.money_asked))
            triggers.append(
                Trigger("never_autonomous", f"asks for a {kinds}: money-moving actions are never autonomous")
            )
        triggers.extend(extra)
        quiet = self._quiet_turn(text, triggers)
        if quiet is not None:
            kind, say, note = quiet
            self.reasoning.append(
                TurnReasoning(
                    turn=n,
                    category=decision.category,
                    confidence=decision.confidence,
                    turn_category=None,
                    secondary=list(whole.secondary),
                    route="autonomous",
                    triggers=[],
                    notes=[*notes, note],
                )
            )
            return self._reply([*facts, Fact("engine", kind, say)], n, now)
        turn_cat = None if latest.out_of_scope else latest.category
        seen = {t.code for t in triggers}
        triggers.extend(t for t in self._caution(text, whole, latest, turn_cat) if t.code not in seen)
        if (
            not triggers
            and decision.route == "autonomous"
            and self.ai_contacts == self.prior_ai_contacts
            and in_control(self.id, self.engine.policy)
        ):
            # Not an escalation: the control group measures people on the same population as the AI.
            self.control = True
            notes.append("control group: a person answers this eligible conversation (policy control_share)")
        if not triggers and decision.route != "autonomous":
            triggers.append(
                Trigger(
                    "phase_not_earned",
                    f"{decision.category} is in phase {decision.phase}; only phase-3 categories are answered "
                    "by the AI alone",
                )
            )
        reasoning = TurnReasoning(
            turn=n,
            category=decision.category,
            confidence=decision.confidence,
            turn_category=turn_cat,
            secondary=list(whole.secondary),
            route="human" if triggers or self.control else decision.route,
            triggers=triggers,
            notes=notes,
        )
        self.reasoning.append(reasoning)
        if triggers or self.control:
            return self._hand_off(triggers, n, now)

        step: list[Fact] | Trigger
        if check.outcome == "verified" and self.pending is not None:
            kind, args = self.pending
            self.pending = None
            step = self._act(kind, args, now)
        else:
            intent = self._intent(decision, turn_cat, check.outcome, text)
            reasoning.intent = intent
            step = self._plan(intent, whole, latest, now) if intent else []
        if isinstance(step, list):
            step = self._unless_asked_again(step)
        if isinstance(step, list):
            step = self._unless_repeated(step, latest)
        if isinstance(step, Trigger):
            reasoning.triggers.append(step)
            reasoning.route = "human"
            return self._hand_off([step], n, now)
        facts.extend(step)
        if not facts:
            facts.append(Fact("engine", "clarify", "Could you tell me a little more about what you need?"))
        return self._reply(facts, n, now)

    def _unless_missing(self, facts: list[Fact]) -> list[Fact] | Trigger:
        """The tracking facts, or a hand-off when the store shows the order delivered and the customer says it
        never reached them: telling them "it was delivered" answers nothing, and a missing parcel needs a
        carrier trace, a reship or a refund, a person's to decide."""
        lookup = self.actions[-1] if self.actions else None
        if lookup is None or lookup.kind != "tracking_lookup" or lookup.status != "done":
            return facts
        if not any(s.get("status") == "delivered" for s in lookup.result.get("shipments", [])):
            return facts
        said = caution.not_received("\n".join(m.text for m in self.messages if m.role == "customer"))
        if said is None:
            return facts
        return Trigger(
            "never_autonomous",
            f"order {lookup.args.get('order_id')} shows delivered and the customer says {said!r}: a "
            "missing-parcel claim (a carrier trace, a reship or a refund) is a person's to decide",
        )

    def _unless_asked_again(self, step: list[Fact]) -> list[Fact] | Trigger:
        """`step`, or a hand-off when it would ask the very question the last reply asked: the customer's
        answer did not give it ("still doesn't work" to "Which email address is on your account?"), and the
        same question a second time would not get it either."""
        last = self.replies[-1] if self.replies else None
        if last is None:
            return step
        before = {f.text for f in last.sources if f.ref == "ask"}
        again = next((f.text for f in step if f.ref == "ask" and f.text in before), None)
        if again is None:
            return step
        return Trigger(
            "low_confidence",
            f"the AI asked {again!r} and the customer's answer did not give it; a person takes over rather "
            "than ask the same again",
        )

    def _unless_repeated(self, step: list[Fact], latest: Analysis) -> list[Fact] | Trigger:
        """`step`, or a hand-off when it would say again, word for word, what the last answer said while the
        customer's follow-up asks beyond it ("and for sale items?", "will it make it by Friday?"): saying the
        same again answers nothing new, and the engine has no more on it; a person may. A follow-up the same
        facts answer ("which carrier has it?") gets them again, and a turn naming an order is answered as
        before: the customer gave the order number the answer had already found."""
        said = [r for r in self.replies if not _quiet(r)]
        texts = {f.text for f in step}
        if not said or not texts or latest.entities.order_ids:
            return step
        last = said[-1]
        if not texts <= {f.text for f in last.sources}:
            return step
        customer = [m.text for m in self.messages if m.role == "customer"]
        kinds = {f.kind for f in last.sources}
        if not caution.asks_beyond(customer[-1], last.text, kinds, customer[:-1]):
            return step
        return Trigger(
            "low_confidence",
            "the AI's answer would repeat its last answer word for word, and the customer's follow-up asks "
            "beyond it; a person takes over",
        )

    def _quiet_turn(self, text: str, triggers: list[Trigger]) -> tuple[str, str, str] | None:
        """A turn with no ask that needs no person: a bare greeting before the first ask, or a thank-you
        after an answer. (kind, what to say, note), or None. Only when nothing but the turn's own emptiness
        (out of scope, low confidence) or the contact count would hand it off."""
        harmless = {"out_of_scope", "low_confidence", "phase_not_earned", "not_allowlisted"}
        codes = {t.code for t in triggers}
        earlier = [m.text for m in self.messages[:-1] if m.role == "customer"]
        if (
            caution.greeting_only(text)
            and all(caution.greeting_only(e) for e in earlier)
            and codes <= harmless
        ):
            return "greeting", "What can I help you with today?", "a greeting: nothing asked yet"
        answered = [r for r in self.replies if not _quiet(r)]
        if caution.thanks_only(text) and answered and codes <= harmless | {"repeated_ai_contact"}:
            # Said once: a second "ok" after the closing line gets a shorter one, not the same line again;
            # and "You're welcome" answers a thank-you, not a bare "ok".
            if self.replies and any(f.ref == "closing" for f in self.replies[-1].sources):
                line = "I'm here whenever you need anything else."
            elif caution.thanks_said(text):
                line = "You're welcome! If anything else comes up, just write here."
            else:
                line = "Glad that helps. If anything else comes up, just write here."
            return "closing", line, "a thank-you: nothing asked, not a contact on the issue"
        return None

    def _caution(self, text: str, whole: Analysis, latest: Analysis, turn_cat: str | None) -> list[Trigger]:
        """The engine's own bar for answering alone, stricter than routing (see `caution`)."""
        out: list[Trigger] = []
        found = caution.manipulation(text)
        if found:
            out.append(
                Trigger(
                    "never_autonomous",
                    f"text claims authority or verification it does not have ({found!r}); it "
                    "changed nothing, and a person should see the attempt",
                )
            )
        person = caution.asks_for_person(text)
        if person:
            out.append(Trigger("frustration", f"asks for a person: {person!r}"))
        signal = whole.signals.get("frustration")
        if signal is not None and signal.score >= caution.FRUSTRATION_BAR and not person:
            cues = ", ".join(repr(e.text) for e in signal.evidence[:3])
            out.append(
                Trigger(
                    "frustration",
                    f"frustration {signal.score:.2f} >= {caution.FRUSTRATION_BAR:.2f}, the bar for the AI "
                    "answering alone" + (f": {cues}" if cues else ""),
                )
            )
        if caution.unreadable(text):
            out.append(
                Trigger(
                    "out_of_scope",
                    "the turn is not in a language the AI reads (almost no English words); a person answers",
                )
            )
        last = self.replies[-1] if self.replies else None
        waiting = last is not None and any(f.ref in _WAITING for f in last.sources)
        ent = latest.entities
        gave = ent.order_ids or ent.emails or ent.tracking_numbers or ent.addresses or ent.phones
        # "Which carrier has it?": too short to classify alone, but a question leaning to the same ask.
        same_ask = "?" in text and latest.best_guess in {whole.category, *(c for c, _ in whole.secondary)}
        answered = last is not None and not _quiet(last) and not waiting
        excerpt = text if len(text) <= 80 else text[:77] + "..."
        if (
            answered
            and turn_cat is None
            and not same_ask
            and not gave
            and not verification.codes_in(text)
            and not caution.thanks_only(text)
        ):
            out.append(
                Trigger(
                    "low_confidence",
                    f"after the AI's answer the customer wrote {excerpt!r}, which asks nothing the AI can "
                    "act on: the answer may not have helped",
                )
            )
        elif answered and frustration.says_again(
            text, [m.text for m in self.messages[:-1] if m.role == "customer"]
        ):
            out.append(
                Trigger(
                    "low_confidence",
                    f"after the AI's answer the customer asked the same again ({excerpt!r}): the answer did "
                    "not help, and a second one alike would not either",
                )
            )
        return out

    def _intent(self, decision: Decision, turn_cat: str | None, outcome: str, text: str) -> str | None:
        """What to do now: the latest turn's own ask when it is answerable, else the conversation's; an
        answer to the last reply's question ("TR-100102" to "Which order is this about?") carries on the ask
        that question was for, not the order-status ask an order number alone reads as."""
        allow = self.engine.policy.allowlist
        if outcome in ("wrong", "expired") and self.pending is not None:
            return "resend" if outcome == "expired" else None
        last = self.replies[-1] if self.replies else None
        if (
            last is not None
            and any(f.ref == "ask" for f in last.sources)
            and len(self.reasoning) >= 2
            and not conversation.reads_as_ask(text)
        ):
            prev = self.reasoning[-2]
            # The ask the last turn was answered for first: an answer to "Which order?" carried it on, so the
            # turn alone ("TR-100101") reads as another.
            for before in (prev.intent, prev.turn_category, prev.category):
                if before in allow:
                    return before
        if turn_cat in allow and turn_cat is not None:
            return turn_cat
        return decision.category

    def _actor(self, now: datetime) -> Actor:
        return Actor(self.session, self.backend, self.engine.brand, self.id, self.access, now)

    def _orders_in_question(self, whole: Analysis, latest: Analysis) -> tuple[str | None, list[str]]:
        """(the order the ask is about, the customer's other candidates): the order named last (in the latest
        turn, else anywhere), with no candidates; else the one order of the customer the channel identified
        that holds an item the customer named; else the newest of their orders, with all of them (newest
        first) when there are several."""
        named = latest.entities.order_ids or whole.entities.order_ids
        if named:
            return named[-1], []
        ident = self.access.identity
        rows = self.backend.order_rows(ident.id) if ident is not None else []
        if ident is None or not rows:
            return None, []
        if len(rows) > 1:
            # "the boots", "my rain jacket": an item only one of the orders holds names that order.
            said = _item_words(" ".join(m.text for m in self.messages if m.role == "customer"))
            items = self.backend.item_names(ident.id)
            holding = [o.id for o in rows if said & _item_words(" ".join(items.get(o.id, ())))]
            if len(holding) == 1:
                return holding[0], []
        orders = [o.id for o in rows]
        return orders[0], orders if len(orders) > 1 else []

    def _account(self, whole: Analysis) -> Customer | None:
        """Whose account an account ask is about: the channel's customer, else the one an email names."""
        if self.access.identity is not None:
            return self.access.identity
        for email in whole.entities.emails:
            found = self.backend.customer_by_email(email)
            if found is not None:
                return found
        return None

    def _plan(self, intent: str, whole: Analysis, latest: Analysis, now: datetime) -> list[Fact] | Trigger:
        """The action and facts for an answerable ask; a trigger when no source can answer it."""
        if intent == "resend":
            if self.pending is None:
                return []
            return self._act(*self.pending, now)
        if intent in ("order_status", "return_request", "address_update"):
            order_id, several = self._orders_in_question(whole, latest)
            if order_id is None:
                return [Fact("engine", "ask", "Could you give me your order number?")]
            if intent == "order_status":
                facts = self._unless_missing(self._act("tracking_lookup", {"order_id": order_id}, now))
                if several and isinstance(facts, list) and facts and self.actions[-1].status == "done":
                    # The newest of several, none named: say which was looked up, so a customer who meant
                    # another can say so.
                    facts = [*facts, Fact("engine", "guessed_order", _GUESSED_ORDER)]
                return facts
            if several:
                # A return or an address change on a guessed order would act on the wrong one: ask.
                ids = several[:_ORDERS_LISTED]
                listed = ", ".join(ids[:-1]) + f" or {ids[-1]}"
                return [
                    Fact("engine", "ask", f"Which order is this about? Your most recent orders are {listed}.")
                ]
            if intent == "return_request":
                return self._act("return_label", {"order_id": order_id}, now)
            address = (latest.entities.addresses or whole.entities.addresses or (None,))[-1]
            if address is None:
                return [Fact("engine", "ask", f"What is the new shipping address for order {order_id}?")]
            return self._act("address_update", {"order_id": order_id, "address": address}, now)
        if intent == "account_access":
            account = self._account(whole)
            if account is None:
                if whole.entities.emails:
                    # The same words whether or not an account has that email: nothing leaks.
                    return [
                        Fact(
                            "engine",
                            "access",
                            "I can't match that to an account I can help with here. Please write from the "
                            "email address on your account.",
                        )
                    ]
                return [Fact("engine", "ask", "Which email address is on your account?")]
            text = "\n".join(m.text for m in self.messages if m.role == "customer")
            if _EMAIL_CHANGE.search(text):
                new = [e for e in whole.entities.emails if e != (account.email or "").lower()]
                if not new:
                    return [Fact("engine", "ask", "What email address would you like on your account?")]
                return self._act(
                    "account_email_change", {"customer_id": account.id, "new_email": new[-1]}, now
                )
            return self._act("password_reset", {"customer_id": account.id}, now)
        if intent == "return_policy":
            return self._policy_facts(whole)
        if intent == "product_question":
            found = self._passage(whole)
            if found is None:
                return Trigger("low_confidence", "no help-center passage supports an answer to this question")
            return [found]
        return Trigger("not_allowlisted", f"no autonomous answer for {intent}")

    def _policy_facts(self, whole: Analysis) -> list[Fact]:
        brand = self.engine.brand
        facts = [
            Fact(
                "brand",
                "brand/return_window_days",
                f"You can start a return within {brand.return_window_days} days of delivery "
                f"({brand.member_return_window_days} days for {brand.member_program} members).",
            ),
            Fact(
                "brand",
                "brand/return_shipping_fee",
                f"A return shipping fee of ${brand.return_shipping_fee} applies, and refunds are processed "
                f"within {brand.refund_processing_business_days} business days of the return arriving.",
            ),
        ]
        if not brand.worn_items_returnable:
            facts.append(Fact("brand", "brand/worn_items_returnable", "Items must be unworn to be returned."))
        passage = self._passage(whole)
        if passage is not None:
            facts.append(passage)
        return facts

    def _passage(self, whole: Analysis) -> Fact | None:
        """The best help-center passage for the customer's words, when it covers them well enough."""
        retriever = self.engine.retriever
        if retriever is None or len(retriever) == 0:
            return None
        query = "\n".join(m.text for m in self.messages if m.role == "customer")
        support, hit = retriever.support(query, k=calibration.SUPPORT_K)
        if hit is None or support < self.engine.kb_min_support:
            return None
        first = re.split(r"(?<=[.!?])\s+", hit.text.strip())
        excerpt = " ".join(first[:2])
        return Fact(
            "kb",
            f"articles/{hit.article_id}#{hit.chunk.id}",
            f"From our help center ({hit.title}): {excerpt}",
        )

    def _act(self, kind: str, args: dict[str, Any], now: datetime) -> list[Fact]:
        """Run one action; on `needs_verification` send (or point to) a code and remember the action."""
        for done in self.actions:
            # A lookup only reads, and "any news?" deserves the parcel's latest state; a change is done once.
            if (
                kind != "tracking_lookup"
                and done.kind == kind
                and done.args == args
                and done.status == "done"
            ):
                # What was done is said again (the label's items, what it left out): "the socks too" after
                # a label that left the final-sale socks out learns why, not only that it is done.
                said = [f for f in done.say if f.kind == "store"]
                return [
                    Fact("engine", "repeat", "That's already done."),
                    *said,
                    Fact("engine", "repeat", "Is there anything else I can help with?"),
                ]
        actor = self._actor(now)
        backend = self.backend
        if kind == "tracking_lookup":
            outcome = actions.tracking_lookup(actor, order_id=args["order_id"])
        elif kind == "return_label":
            outcome = actions.return_label(actor, order_id=args["order_id"])
        elif kind == "address_update":
            outcome = actions.address_update(actor, order_id=args["order_id"], address=args["address"])
        else:
            account = backend.customer_row(args["customer_id"])
            if account is None:
                return [Fact("engine", "access", "I can't find that account.")]
            if kind == "password_reset":
                outcome = actions.password_reset(actor, customer=account)
            else:
                outcome = actions.account_email_change(actor, customer=account, new_email=args["new_email"])
        self.actions.append(outcome)
        if outcome.status != "needs_verification" or outcome.verify is None:
            return outcome.say
        self.pending = (kind, args)
        who = outcome.verify
        assert who.email is not None  # actions ask for a code only when there is an email on file
        minutes = int(verification.CODE_TTL.total_seconds() // 60)
        open_code = verification.pending(self.session, conversation_id=self.id)
        if open_code is not None and open_code.customer_id == who.id and now <= open_code.expires_at:
            # One live code at a time: asking again does not flood the customer's inbox.
            return [Fact("engine", "verification", "Please type the code we emailed you to continue.")]
        verification.issue(
            self.session, conversation_id=self.id, customer=who, brand_name=self.engine.brand.name, now=now
        )
        return [
            Fact(
                "engine",
                "verification",
                f"To keep your account safe I've sent a {verification.CODE_DIGITS}-digit code to the email "
                f"on file ({verification.mask(who.email)}). Please type it here; it expires in {minutes} "
                "minutes.",
            )
        ]

    # --- replying and handing off -----------------------------------------------------------------------
    def _disclosure(self) -> list[Fact]:
        if self.replies:
            return []
        name = self.engine.brand.name
        return [
            Fact(
                "engine",
                "disclosure",
                f"Hi, I'm {name}'s AI assistant, an automated helper; you can ask for a person at any time.",
            )
        ]

    def _reply(self, facts: list[Fact], turn: int, now: datetime) -> Reply | None:
        reply = compose(self._disclosure() + facts, provider=self.engine.provider, policy=self.engine.policy)
        if reply.refused:
            trigger = Trigger(
                "low_confidence",
                f"the phrased reply states {', '.join(map(repr, reply.refused))}, which no source backs; "
                "refused",
            )
            self.reasoning[-1].triggers.append(trigger)
            self.reasoning[-1].route = "human"
            return self._hand_off([trigger], turn, now)
        self._record_reply(reply, now)
        return reply

    def _record_reply(self, reply: Reply, now: datetime) -> None:
        self.replies.append(reply)
        self.messages.append(MessageIn(role="ai", text=reply.text, at=now))

    def _hand_off(self, triggers: list[Trigger], turn: int, now: datetime) -> Reply:
        """Stop answering: tell the customer honestly that a person takes over, and when."""
        self.triggers = triggers
        self.escalated_at = turn
        brand = self.engine.brand
        handoff = Fact(
            "engine",
            "handoff",
            f"I'm passing this conversation to a person on the {brand.name} team, with everything you've "
            "told me, so you won't need to repeat anything.",
        )
        if is_crisis(triggers):
            # Words that suggest a risk to the customer's life: where to get help now comes first, and no
            # "usually within 4 business hours" follows it.
            facts = [
                Fact("brand", "brand/crisis_resources", brand.crisis_resources),
                handoff,
                Fact(
                    "engine",
                    "handoff/priority",
                    f"Your message goes to the front of our queue (our hours: {brand.support_hours}).",
                ),
            ]
        else:
            facts = [
                handoff,
                Fact(
                    "brand",
                    "brand/support_hours",
                    f"They usually reply {self.engine.handoff_eta} (our hours: {brand.support_hours}).",
                ),
            ]
        # A customer writing in another language the engine knows a few words of gets the promise (and where
        # to get help) in it first, then the same in English, the brand's hours and resources as written.
        lang = languages.language(" ".join(m.text for m in self.messages if m.role == "customer"))
        if lang is not None:
            said = [Fact("engine", f"handoff/{lang}", languages.HANDOFF[lang].format(brand=brand.name))]
            if is_crisis(triggers):
                said.insert(0, Fact("engine", f"handoff/crisis/{lang}", languages.CRISIS[lang]))
            facts = said + facts
        # The hand-off message is the engine's own words: never phrased by a model, never refused.
        reply = compose(self._disclosure() + facts)
        self._record_reply(reply, now)
        log.info(
            "conversation.escalated", conversation_id=self.id, turn=turn, codes=[t.code for t in triggers]
        )
        return reply

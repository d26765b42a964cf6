"""How each ticket was handled: the intake decision, who answered, the thread, the draft, CSAT and costs.

Tickets are handled in time order so that repeated AI contact on an issue is counted as it happened.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from phasegate.brand import BrandFacts
from phasegate.drafts.acceptance import is_accepted
from phasegate.tickets.reply import edit_ratio
from phasegate.triage.schemas import Analysis
from phasegate.world import outcomes
from phasegate.world.chats import Desk, answered
from phasegate.world.intake import Intake
from phasegate.world.phrasing import extras, signals
from phasegate.world.phrasing.render import render
from phasegate.world.plans import Plan
from phasegate.world.records import Cost, Decision, Draft, EvalItem, Message, Ticket
from phasegate.world.replies import Scene, agent_voice, ask_for_order, body
from phasegate.world.threads import AGENTS, ORDER_RE, Opening
from phasegate.world.timeline import PHASE2_WEEK, business_hours_reply, phase_of, phases_in

S = timedelta(seconds=1)
H = timedelta(hours=1)
#: Categories where a person needs the order number to act (the AI looks the account up instead).
ORDER_LOOKUPS = ("order_status", "order_cancellation", "address_update", "refund_request")
SAFETY_FOLLOW_UP = (
    "This is our product safety team following up. We've reviewed your report and would like to call you; "
    "what's a good time? A prepaid box for the product is on its way so we can examine it."
)
DOUBLE_CHECKED = (
    "I've double-checked everything on our side and added a note to your account; if anything still looks "
    "wrong, reply here and I'll pick it up personally."
)


@dataclass
class Thread:
    """One ticket's messages as they are written, and how many turns each side took."""

    rng: random.Random
    ctx: Mapping[str, str]
    first: str  # the customer's given name
    agent: str
    brand: str
    chat: bool
    phase: int
    at: datetime  # the time of the latest message
    messages: list[Message] = field(default_factory=list)
    ai_turns: int = 0
    extra_turns: int = 0  # the customer had to write again

    def customer(self, pool: tuple[str, ...], *, extra: bool = False) -> None:
        """The customer answers with one of `pool` (minutes later in chat, hours in email)."""
        rng = self.rng
        self.at += S * rng.uniform(40, 400) if self.chat else H * rng.uniform(0.3, 20)
        self.messages.append(Message("customer", render(rng.choice(pool), self.ctx, rng), self.at))
        self.extra_turns += extra

    def person(
        self, text: str, *, tone: str, author: str | None = None, after: timedelta | None = None
    ) -> None:
        """An agent replies in their own voice when staffed hours allow (drafts make phase 2 quicker)."""
        rng = self.rng
        since = self.at + (after or timedelta(0))
        self.at = business_hours_reply(rng, since, fast=self.chat or (self.phase == 2 and rng.random() < 0.3))
        self.send_as_agent(
            agent_voice(
                text,
                first=self.first,
                agent=author or self.agent,
                brand=self.brand,
                rng=rng,
                chat=self.chat and author is None,
                tone=tone,
            ),
            author=author,
        )

    def send_as_agent(self, text: str, *, author: str | None = None) -> None:
        """Record an agent's message as written, at the current time."""
        self.messages.append(Message("agent", text, self.at, author or self.agent))

    def ai(self, text: str) -> None:
        """The conversation engine's reply, exactly as it wrote it, seconds after the customer's turn."""
        self.at += S * self.rng.uniform(2, 8)
        self.messages.append(Message("ai", text, self.at))
        self.ai_turns += 1


@dataclass
class Handler:
    """Handles every plan in time order and keeps what spans tickets (AI contacts per issue, eval items)."""

    facts: BrandFacts
    rng: random.Random
    now: datetime
    hourly_rate: float
    intake: Intake
    desk: Desk | None = None
    ai_contacts: dict[str, int] = field(default_factory=dict)
    eval_items: list[EvalItem] = field(default_factory=list)

    def handle(self, plan: Plan, opening: Opening, analysis: Analysis | None) -> Ticket:
        """The ticket `plan` becomes, its customer having opened with `opening` (which intake analysed)."""
        rng, facts = self.rng, self.facts
        ctx, composed = opening.ctx, opening.composed
        first_text = "\n".join(composed.texts)
        phase = phase_of(plan.category, plan.week)
        prior_ai = self.ai_contacts.get(plan.issue_id, 0)
        scene = Scene(
            facts,
            plan.customer,
            plan.category,
            plan.situation,
            plan.order,
            plan.product,
            plan.variant,
            ctx,
            dict(plan.outcome),
        )
        decision = None
        if analysis is not None:
            decision = self._decide(plan, opening, analysis, prior_ai)
        route = decision.route if decision else "human"

        thread = Thread(
            rng,
            ctx,
            plan.customer.first_name,
            rng.choice(AGENTS),
            facts.name,
            plan.channel == "chat",
            phase,
            plan.at,
        )
        for text, at in opening.turns:
            thread.at = at
            thread.messages.append(Message("customer", text, at))
        draft: Draft | None = None
        bad_answer = False
        if route == "autonomous":
            handled_by, bad_answer = self._autonomous(thread, plan, scene, opening, prior_ai)
        else:
            handled_by = "human" if route == "human" else "ai_assisted"
            tone = _tone(plan.category, composed.signals)
            draft = self._by_agent(
                thread, plan, scene, tone, drafted=route == "draft", opening=opening, prior_ai=prior_ai
            )
            # The customer reads the reply they got: a sent draft that lacks what they needed leaves them
            # without an answer.
            bad_answer = draft is not None and not answered(plan, facts, [draft.sent_text])

        # Nothing happens after the world's last moment: later turns never were, and the ticket stays open.
        messages = [m for m in thread.messages if m.at <= self.now]
        status = "resolved" if len(messages) == len(thread.messages) else "open"
        if draft is not None and draft.sent_at > self.now:
            draft = None
        if handled_by in ("ai", "ai_escalated"):
            self.ai_contacts[plan.issue_id] = prior_ai + 1
        agent_turns = sum(1 for m in messages if m.role == "agent")
        seconds = 0
        if handled_by != "ai" and (status == "resolved" or agent_turns):
            seconds = outcomes.handle_seconds(
                rng,
                category=plan.category,
                agent_turns=max(1, agent_turns),
                signals=composed.signals,
                handled_by=handled_by,
                phase=phase,
                edit_ratio=draft.edit_ratio if draft else None,
            )
        c = plan.customer
        ticket = Ticket(
            id=opening.ticket_id,
            channel=plan.channel,
            subject=composed.subject,
            created_at=plan.at,
            customer={"id": c.id, "email": c.email, "name": c.name, "vip": c.vip, "ai_opt_in": c.ai_opt_in},
            customer_id=c.id,
            order_id=plan.order.id if plan.order else None,
            issue_id=plan.issue_id,
            ai_contacts_on_issue=prior_ai,
            category=plan.category,
            status=status,
            handled_by=handled_by,
            csat=None,
            first_response_at=next((m.at for m in messages if m.role != "customer"), None),
            resolved_at=messages[-1].at if status == "resolved" else None,
            handle_seconds=seconds,
            week=plan.week,
            phase=phase,
            messages=messages,
            decision=decision,
            draft=draft,
            agent=thread.agent if handled_by != "ai" else None,
            resolved_by=("ai" if handled_by == "ai" else "human") if status == "resolved" else None,
        )
        ticket.extra = self._extra(plan, composed.signals, composed.secondary, phase, bad_answer)
        self._csat(ticket, plan, composed.signals, bad_answer, thread.extra_turns)
        self._costs(ticket, route, thread.ai_turns)
        if route == "assist" and status == "resolved" and rng.random() < 0.03:
            self._eval_item(ticket, first_text)
        return ticket

    def _autonomous(
        self, thread: Thread, plan: Plan, scene: Scene, opening: Opening, prior_ai: int
    ) -> tuple[str, bool]:
        """Phase 3: the product's conversation engine answers each customer turn; the customer reads what it
        said and, when it did not answer them, writes again or asks for a person. Returns (handled_by,
        whether the customer left without the answer they needed)."""
        rng, facts = self.rng, self.facts
        assert self.desk is not None
        chat = self.desk.start(
            plan.customer,
            ticket_id=opening.ticket_id,
            issue_id=plan.issue_id,
            week=plan.week,
            prior_ai=prior_ai,
            now=opening.turns[0][1],
        )
        thread.messages = []

        def say(text: str) -> None:
            reply = chat.say(text, now=thread.at)
            if reply is not None:
                thread.ai(reply.text)

        for text, at in opening.turns:
            thread.at = max(thread.at, at)
            thread.messages.append(Message("customer", text, thread.at))
            say(text)
        replies = [r.text for r in chat.replies]
        if not chat.escalated and not answered(plan, facts, replies):
            # Not what they asked: they say so, and the engine reads the conversation again.
            thread.customer(extras.STILL_WRONG, extra=True)
            say(thread.messages[-1].text)
            replies = [r.text for r in chat.replies]
            if not chat.escalated and not answered(plan, facts, replies):
                if rng.random() < 0.5:
                    return "ai", True  # they give up
                thread.customer(signals.HUMAN_REQUEST, extra=True)
                say(thread.messages[-1].text)
        if not chat.escalated:
            return "ai", not answered(plan, facts, [r.text for r in chat.replies])
        # A person picks up from the hand-off packet with the thread read: nothing is asked twice.
        thread.person(rng.choice(PICKUPS) + " " + body(scene, thread.at, rng), tone="sorry")
        return "ai_escalated", False

    def _by_agent(
        self,
        thread: Thread,
        plan: Plan,
        scene: Scene,
        tone: str,
        *,
        drafted: bool,
        opening: Opening,
        prior_ai: int,
    ) -> Draft | None:
        """A person answers (phase 2: editing the AI's draft); returns the draft when there was one."""
        rng, facts = self.rng, self.facts
        first_text = "\n".join(opening.composed.texts)
        # Phase 2: the product drafts when the ticket arrives, from what the customer wrote.
        ai_text, model = None, ""
        if drafted:
            assert self.desk is not None
            ai_text, model = self.desk.draft(
                opening.ticket(ai_contacts_on_issue=prior_ai), category=plan.category, week=plan.week
            )
        needs_order = plan.order is not None and plan.category in ORDER_LOOKUPS
        if needs_order and not ORDER_RE.search(first_text) and plan.channel != "chat" and rng.random() < 0.5:
            # Without the AI's account lookup, a person often asks for the order number first.
            thread.person(ask_for_order(facts), tone=tone)
            thread.customer(extras.GIVE_DETAILS, extra=True)
        answer = body(scene, thread.at, rng)
        own = agent_voice(
            answer,
            first=thread.first,
            agent=thread.agent,
            brand=facts.name,
            rng=rng,
            chat=thread.chat,
            tone=tone,
        )
        draft = None
        if ai_text is not None:
            # The agent edits the product's draft toward what they would have written, and sends it.
            target = outcomes.edit_ratio_target(
                rng, category=plan.category, week=plan.week, weeks_in_phase=plan.week - PHASE2_WEEK
            )
            reworded, _ = outcomes.edit(rng, ai_text, own, target)
            if target >= outcomes.RUBBER_STAMP and not answered(plan, facts, [reworded]):
                # An agent who reads the draft adds what it lacks (the return they started, say); one who
                # rubber-stamps it sends it as it is.
                parts = reworded.split("\n\n")
                parts.insert(max(1, len(parts) - 1), answer)
                reworded = "\n\n".join(parts)
            own = reworded
            ratio = edit_ratio(ai_text, own)
            draft = Draft(
                ai_text=ai_text,
                sent_text=own,
                edit_ratio=ratio,
                accepted=is_accepted(ratio),
                agent=thread.agent,
                created_at=thread.at + S * rng.uniform(3, 30),
                sent_at=thread.at,
                model=model,
            )
        thread.at = business_hours_reply(
            rng, thread.at, fast=thread.chat or (thread.phase == 2 and rng.random() < 0.3)
        )
        thread.send_as_agent(own)
        if draft is not None:
            draft.sent_at = thread.at
        if plan.category == "product_harm":
            thread.person(
                SAFETY_FOLLOW_UP, tone="sorry", author="Product Safety Team", after=H * rng.uniform(2, 20)
            )
        reply = rng.random()
        if reply < 0.12:
            thread.customer(extras.STILL_WRONG, extra=True)
            thread.person(DOUBLE_CHECKED, tone=tone)
        elif reply < 0.5:
            thread.customer(extras.THANKS)
        return draft

    def _eval_item(self, ticket: Ticket, opening: str) -> None:
        """Keep a phase-1 ticket and the agent's reply as a graded example for the eval set."""
        reply = next((m.text for m in ticket.messages if m.role == "agent"), None)
        if reply and ticket.resolved_at is not None:
            graded = min(self.now, ticket.resolved_at + H * self.rng.uniform(24, 200))
            grade = self.rng.choice((3, 4, 4, 5, 5))
            self.eval_items.append(
                EvalItem(ticket.id, ticket.category, opening, reply, grade, "cx-lead", graded)
            )

    # --- intake ------------------------------------------------------------------------------------------
    def _decide(self, plan: Plan, opening: Opening, analysis: Analysis, prior_ai: int) -> Decision:
        """The product's decision on the opening, with the AI contacts the issue had so far."""
        ticket = opening.ticket(ai_contacts_on_issue=prior_ai)
        d = self.intake.decide(ticket, analysis, phases_in(plan.week))
        return Decision(
            created_at=plan.at + S * self.rng.uniform(1, 4),
            category=d.category,
            confidence=d.confidence,
            phase=d.phase,
            route=d.route,
            escalate=d.escalate,
            triggers=[t.as_dict() for t in d.triggers],
            entities=d.entities.as_dict(),
            secondary=[[c, p] for c, p in d.secondary] or None,
            router_version=d.router_version,
        )

    def _extra(
        self, plan: Plan, sigs: list[str], secondary: str | None, phase: int, bad_answer: bool
    ) -> dict[str, Any]:
        extra: dict[str, Any] = {
            "world": {
                "week": plan.week,
                "phase": phase,
                "situation": plan.situation,
                "contact": plan.contact,
            },
            "template": plan.framing.id,
            "signals": sorted(set(sigs) | ({"vip"} if plan.customer.vip else set())),
        }
        if secondary:
            extra["secondary_category"] = secondary
        if plan.kb_gap:
            extra["kb_gap"] = plan.kb_gap
        if bad_answer:
            extra["world"]["ai_missed_question"] = True
        if plan.product is not None:
            extra["product_id"] = plan.product.id
        return extra

    # --- outcome numbers ---------------------------------------------------------------------------------
    def _csat(self, ticket: Ticket, plan: Plan, sigs: list[str], bad: bool, extra_turns: int) -> None:
        rng = self.rng
        if ticket.status != "resolved" or ticket.resolved_at is None:
            return
        rate = outcomes.CSAT_RESPONSE * (0.9 if ticket.handled_by == "ai" else 1.0) * (1.2 if bad else 1.0)
        if rng.random() >= rate:
            return
        at = ticket.resolved_at + H * rng.uniform(1, 48)
        if at > self.now:
            return
        slow = ticket.first_response_at is not None and ticket.first_response_at - ticket.created_at > H * 24
        mean = outcomes.csat_mean(
            category=plan.category,
            handled_by=ticket.handled_by,
            phase=ticket.phase,
            week=plan.week,
            signals=sigs,
            bad_answer=bad,
            slow_first_response=slow,
            extra_turns=extra_turns,
        )
        score = outcomes.csat_score(rng, mean)
        ticket.csat = score
        ticket.csat_at = at
        if rng.random() < 0.3:
            if bad and score <= 3 and plan.category == "return_policy":
                comment = rng.choice(outcomes.SAG_COMMENTS).format(window=self.facts.return_window_days)
            elif score >= 4:
                comment = rng.choice(outcomes.POSITIVE_COMMENTS)
            else:
                comment = rng.choice(outcomes.NEGATIVE_COMMENTS)
            ticket.csat_comment = comment or None

    def _costs(self, ticket: Ticket, route: str, ai_turns: int) -> None:
        rng = self.rng
        at = ticket.resolved_at or ticket.created_at
        if ticket.handle_seconds:
            ticket.costs.append(
                Cost(at, "agent_time", outcomes.agent_cost(ticket.handle_seconds, self.hourly_rate))
            )
        if ticket.phase >= 1:
            model = outcomes.model_cost(rng, "intake")
            if route == "assist":
                model += outcomes.model_cost(rng, "brief")
            elif route == "draft":
                model += outcomes.model_cost(rng, "draft")
            if ai_turns:
                model += outcomes.model_cost(rng, "ai_turn", ai_turns)
            ticket.costs.append(Cost(ticket.created_at, "model", model))
        if ticket.handled_by == "ai" and ticket.status == "resolved":
            ticket.costs.append(Cost(at, "per_resolution", outcomes.PER_RESOLUTION_FEE))


#: How a person opens after the AI handed the conversation over.
PICKUPS = (
    "I've read through your conversation with our assistant, so no need to repeat anything.",
    "Taking over from our assistant here; I have the full thread.",
    "Thanks for bearing with us. I've gone through what you told our assistant.",
    "I've picked this up from our automated assistant and read everything so far.",
)


def _tone(category: str, sigs: list[str]) -> str:
    """How an agent pitches a reply: sorry when something went wrong, upbeat for questions, else plain."""
    if category in ("complaint", "product_harm", "refund_dispute", "damaged_item", "warranty_claim") or any(
        s in sigs
        for s in ("frustration", "repeat_contact", "emotional_load", "legal_threat", "third_party_claim")
    ):
        return "sorry"
    if category in ("product_question", "return_policy", "other"):
        return "question"
    return "plain"

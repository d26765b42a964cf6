"""How each ticket was handled: the intake decision, who answered, the thread, the draft, CSAT and costs.

Tickets are handled in time order so that repeated AI contact on an issue is counted as it happened.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from phasegate.brand import BrandFacts
from phasegate.taxonomy import CATEGORIES
from phasegate.world import outcomes
from phasegate.world.helpcenter import BY_CATEGORY
from phasegate.world.phrasing import extras
from phasegate.world.phrasing.render import render
from phasegate.world.plans import Plan
from phasegate.world.records import Cost, Decision, Draft, EvalItem, Message, Ticket
from phasegate.world.replies import HANDOFF, Scene, agent_voice, ai_voice, ask_for_order, body
from phasegate.world.threads import (
    AGENTS,
    EMAIL_RE,
    MONEY_CATEGORIES,
    MONEY_RE,
    ORDER_RE,
    TRIGGER_DETAIL,
    TRIGGER_OF,
    compose,
    context,
)
from phasegate.world.timeline import PHASE2_WEEK, business_hours_reply, phase_of

S = timedelta(seconds=1)
H = timedelta(hours=1)
CONFIDENCE_THRESHOLD = 0.80
AMOUNT_THRESHOLD = Decimal("50.00")
#: Situations of return_policy the AI answered with the generic window once its answers degraded.
EXCEPTION_SITUATIONS = ("member", "final_sale", "worn", "footwear", "international", "exceptions")


@dataclass
class Handler:
    """Handles every plan in time order and keeps what spans tickets (AI contacts per issue, eval items)."""

    facts: BrandFacts
    rng: random.Random
    now: datetime
    hourly_rate: float
    ai_contacts: dict[str, int] = field(default_factory=dict)
    eval_items: list[EvalItem] = field(default_factory=list)
    _n: int = 100_000

    def handle(self, plan: Plan) -> Ticket:
        """The ticket `plan` becomes."""
        rng, facts = self.rng, self.facts
        self._n += 1
        tid = f"T-{self._n}"
        ctx = context(plan, facts, rng)
        composed = compose(plan, ctx, facts, rng)
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

        decision: Decision | None = None
        route = "human"
        if phase >= 1:
            decision = self._decide(plan, composed.signals, composed.secondary, first_text, phase, prior_ai)
            route = decision.route

        agent = rng.choice(AGENTS)
        messages: list[Message] = []
        t = plan.at
        for i, text in enumerate(composed.texts):
            messages.append(Message("customer", text, t))
            if i + 1 < len(composed.texts):
                t += S * rng.uniform(8, 50)
        chat = plan.channel == "chat"
        tone = _tone(plan.category, composed.signals)
        handled_by = {"human": "human", "assist": "ai_assisted", "draft": "ai_assisted", "autonomous": "ai"}[
            route
        ]
        draft: Draft | None = None
        agent_turns = 0
        ai_turns = 0
        extra_turns = 0
        bad_answer = False

        def human_reply(at: datetime, text: str) -> datetime:
            nonlocal agent_turns
            reply_at = business_hours_reply(rng, at, fast=chat or (phase == 2 and rng.random() < 0.3))
            messages.append(Message("agent", text, reply_at, agent))
            agent_turns += 1
            return reply_at

        def customer_reply(at: datetime, text: str) -> datetime:
            wait = S * rng.uniform(40, 400) if chat else H * rng.uniform(0.3, 20)
            messages.append(Message("customer", render(text, ctx, rng), at + wait))
            return at + wait

        answer = body(scene, t, rng)
        if route == "autonomous":
            if (
                plan.category == "return_policy"
                and plan.week >= outcomes.SAG_FROM
                and plan.situation in EXCEPTION_SITUATIONS
            ):
                scene.outcome["answered_as"] = (
                    "window"  # the degraded answer: the standard window, not the exception
                )
                answer = body(scene, t, rng)
                bad_answer = True
            t += S * rng.uniform(4, 40)
            messages.append(
                Message("ai", ai_voice(answer, first=plan.customer.first_name, brand=facts.name), t)
            )
            ai_turns += 1
            reply = rng.random()
            unhappy = 0.55 if bad_answer else 0.12
            if reply < unhappy:
                t = customer_reply(t, rng.choice(extras.STILL_WRONG))
                extra_turns += 1
                if rng.random() < (0.35 if bad_answer else 0.55):
                    handled_by = "ai_escalated"
                    t += S * rng.uniform(3, 20)
                    messages.append(Message("ai", HANDOFF, t))
                    ai_turns += 1
                    scene.outcome.pop("answered_as", None)
                    human_answer = body(scene, t, rng)
                    t = human_reply(
                        t,
                        agent_voice(
                            human_answer,
                            first=plan.customer.first_name,
                            agent=agent,
                            brand=facts.name,
                            rng=rng,
                            chat=chat,
                            tone=tone,
                        ),
                    )
                    bad_answer = False if rng.random() < 0.5 else bad_answer
                else:
                    t += S * rng.uniform(4, 40)
                    messages.append(
                        Message("ai", ai_voice(answer, first=plan.customer.first_name, brand=facts.name), t)
                    )
                    ai_turns += 1
            elif reply < unhappy + 0.35:
                t = customer_reply(t, rng.choice(extras.THANKS))
        else:
            needs_order = plan.order is not None and plan.category in (
                "order_status",
                "order_cancellation",
                "address_update",
                "refund_request",
            )
            mentioned = bool(ORDER_RE.search(first_text))
            if (
                needs_order
                and not mentioned
                and plan.channel in ("email", "web", "social")
                and rng.random() < 0.5
            ):
                t = human_reply(
                    t,
                    agent_voice(
                        ask_for_order(facts),
                        first=plan.customer.first_name,
                        agent=agent,
                        brand=facts.name,
                        rng=rng,
                        chat=chat,
                        tone=tone,
                    ),
                )
                t = customer_reply(t, rng.choice(extras.GIVE_DETAILS))
                extra_turns += 1
            human_text = agent_voice(
                answer,
                first=plan.customer.first_name,
                agent=agent,
                brand=facts.name,
                rng=rng,
                chat=chat,
                tone=tone,
            )
            sent_text = human_text
            if route == "draft":
                ai_text = draft_voice(answer, first=plan.customer.first_name, brand=facts.name)
                target = outcomes.edit_ratio_target(
                    rng, category=plan.category, week=plan.week, weeks_in_phase=plan.week - PHASE2_WEEK
                )
                sent_text, ratio = outcomes.edit(rng, ai_text, human_text, target)
                draft = Draft(
                    ai_text=ai_text,
                    sent_text=sent_text,
                    edit_ratio=ratio,
                    accepted=ratio < 0.3,
                    agent=agent,
                    created_at=t + S * rng.uniform(3, 30),
                    sent_at=t,
                )
            t = human_reply(t, sent_text)
            if draft is not None:
                draft.sent_at = t
            if plan.category == "product_harm":
                t = human_reply(
                    t + H * rng.uniform(2, 20),
                    agent_voice(
                        "This is our product safety team following up. We've reviewed your report and would "
                        "like to call "
                        "you; what's a good time? A prepaid box for the product is on its way so we can "
                        "examine it.",
                        first=plan.customer.first_name,
                        agent="Product Safety Team",
                        brand=facts.name,
                        rng=rng,
                        chat=False,
                        tone="sorry",
                    ),
                )
            reply = rng.random()
            if reply < 0.12:
                t = customer_reply(t, rng.choice(extras.STILL_WRONG))
                extra_turns += 1
                t = human_reply(
                    t,
                    agent_voice(
                        "I've double-checked everything on our side and added a note to your account; if "
                        "anything still "
                        "looks wrong, reply here and I'll pick it up personally.",
                        first=plan.customer.first_name,
                        agent=agent,
                        brand=facts.name,
                        rng=rng,
                        chat=chat,
                        tone=tone,
                    ),
                )
            elif reply < 0.5:
                t = customer_reply(t, rng.choice(extras.THANKS))

        # Nothing happens after the world's last moment: later turns never were, and the ticket stays open.
        kept = [m for m in messages if m.at <= self.now]
        status = "resolved" if len(kept) == len(messages) else "open"
        messages = kept
        if draft is not None and draft.sent_at > self.now:
            draft = None
        if handled_by in ("ai", "ai_escalated"):
            self.ai_contacts[plan.issue_id] = prior_ai + 1

        first_response = next((m.at for m in messages if m.role != "customer"), None)
        resolved_at = messages[-1].at if status == "resolved" else None
        agent_turns = sum(1 for m in messages if m.role == "agent")
        draft_edits = draft.edit_ratio if draft else None
        seconds = (
            outcomes.handle_seconds(
                rng,
                category=plan.category,
                agent_turns=max(1, agent_turns),
                signals=composed.signals,
                handled_by=handled_by,
                phase=phase,
                edit_ratio=draft_edits,
            )
            if status == "resolved" or agent_turns
            else 0
        )
        if handled_by == "ai":
            seconds = 0

        ticket = Ticket(
            id=tid,
            channel=plan.channel,
            subject=composed.subject,
            created_at=plan.at,
            customer={
                "id": plan.customer.id,
                "email": plan.customer.email,
                "name": plan.customer.name,
                "vip": plan.customer.vip,
                "ai_opt_in": plan.customer.ai_opt_in,
            },
            customer_id=plan.customer.id,
            order_id=plan.order.id if plan.order else None,
            issue_id=plan.issue_id,
            ai_contacts_on_issue=prior_ai,
            category=plan.category,
            status=status,
            handled_by=handled_by,
            csat=None,
            first_response_at=first_response,
            resolved_at=resolved_at,
            handle_seconds=seconds,
            week=plan.week,
            phase=phase,
            messages=messages,
            decision=decision,
            draft=draft,
            agent=agent if handled_by != "ai" else None,
            resolved_by=("ai" if handled_by == "ai" else "human") if status == "resolved" else None,
        )
        ticket.extra = self._extra(plan, composed.signals, composed.secondary, phase, route, bad_answer)
        if phase == 1 and route == "assist":
            ticket.extra["ai_brief"] = self._brief(plan)
        self._csat(ticket, plan, composed.signals, bad_answer, extra_turns)
        self._costs(ticket, route, ai_turns)
        if phase == 1 and route == "assist" and status == "resolved" and rng.random() < 0.03:
            agent_msg = next((m.text for m in messages if m.role == "agent"), None)
            if agent_msg and resolved_at is not None:
                self.eval_items.append(
                    EvalItem(
                        tid,
                        plan.category,
                        first_text,
                        agent_msg,
                        rng.choice((3, 4, 4, 5, 5)),
                        "cx-lead",
                        min(self.now, resolved_at + H * rng.uniform(24, 200)),
                    )
                )
        return ticket

    # --- intake ------------------------------------------------------------------------------------------
    def _decide(
        self, plan: Plan, sigs: list[str], secondary: str | None, text: str, phase: int, prior_ai: int
    ) -> Decision:
        rng = self.rng
        conf = outcomes.confidence(
            rng,
            category=plan.category,
            words=len(text.split()),
            has_secondary=secondary is not None,
            kb_gap=plan.kb_gap is not None,
        )
        category = plan.category
        if conf < 0.6 and rng.random() < 0.5:
            category = rng.choice([c for c in CATEGORIES if c != plan.category])  # the router guessed wrong
        triggers: list[dict[str, str]] = []
        if conf < CONFIDENCE_THRESHOLD:
            triggers.append(
                {
                    "code": "low_confidence",
                    "detail": f"confidence {conf:.2f} below {CONFIDENCE_THRESHOLD:.2f}",
                }
            )
        for s in sigs:
            code = TRIGGER_OF.get(s)
            trigger = {"code": code, "detail": TRIGGER_DETAIL[s]} if code else None
            if trigger and trigger not in triggers:
                triggers.append(trigger)
        c = plan.customer
        if c.vip and not c.ai_opt_in:
            triggers.append({"code": "vip", "detail": "VIP customer who has not opted in to AI"})
        if prior_ai >= 2:
            triggers.append(
                {
                    "code": "repeated_ai_contact",
                    "detail": f"{prior_ai} earlier AI contacts on {plan.issue_id}",
                }
            )
        amounts = [Decimal(a.replace(",", "")) for a in MONEY_RE.findall(text)]
        if plan.category in MONEY_CATEGORIES and amounts and max(amounts) > AMOUNT_THRESHOLD:
            triggers.append(
                {"code": "amount_threshold", "detail": f"${max(amounts):,.2f} above ${AMOUNT_THRESHOLD}"}
            )
        route = {1: "assist", 2: "draft", 3: "autonomous"}[phase] if not triggers else "human"
        entities: dict[str, Any] = {
            "order_ids": sorted({f"TR-{m}" for m in ORDER_RE.findall(text)}),
            "emails": sorted(set(EMAIL_RE.findall(text))),
            "amounts": [float(a) for a in amounts],
        }
        return Decision(
            created_at=plan.at + S * rng.uniform(1, 4),
            category=category,
            confidence=conf,
            phase=phase,
            route=route,
            escalate=bool(triggers),
            triggers=triggers,
            entities=entities,
            secondary=[{"category": secondary, "confidence": round(rng.uniform(0.3, 0.7), 3)}]
            if secondary
            else None,
            kb_hit=plan.kb_gap is None,
        )

    def _extra(
        self, plan: Plan, sigs: list[str], secondary: str | None, phase: int, route: str, bad_answer: bool
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

    def _brief(self, plan: Plan) -> dict[str, Any]:
        """What the phase-1 assistant showed the agent (read-only)."""
        f, c, o = self.facts, plan.customer, plan.order
        flags: list[str] = []
        if c.vip:
            flags.append("VIP")
        if c.member:
            flags.append(f"{f.member_program} member: {f.member_return_window_days}-day returns")
        if o is not None and o.shipments and o.shipments[0].delivered_at:
            days = (plan.at - o.shipments[0].delivered_at).days
            left = f.return_window_for(member=c.member) - days
            flags.append(
                f"return window: {left} days left" if left >= 0 else f"return window closed {-left} days ago"
            )
            if plan.product is not None:
                months = f.warranty_for(plan.product.kind)
                flags.append(f"warranty: {months} months, {'active' if days < months * 30.4 else 'expired'}")
        if o is not None and any(i.final_sale for i in o.items):
            flags.append("order has final-sale items")
        topic = plan.category.replace("_", " ")
        summary = f"{c.first_name} writes about {topic} ({plan.situation.replace('_', ' ')})"
        if o is not None:
            summary += f"; order {o.id} is {o.status}"
        return {
            "summary": summary,
            "articles": [] if plan.kb_gap else list(BY_CATEGORY[plan.category][:3]),
            "flags": flags,
            "paths": [p for p in PATHS.get(plan.category, ())],
        }

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
            if bad and score <= 3:
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


def draft_voice(body_text: str, *, first: str, brand: str) -> str:
    """How the phase-2 drafter writes: for an agent to send, in the brand's voice."""
    closing = "Let me know if there's anything else I can help with."
    return f"Hi {first},\n\n{body_text}\n\n{closing}\n\nBest,\nThe {brand} team"


#: The resolution paths a phase-1 brief suggests, per category.
PATHS: dict[str, tuple[str, ...]] = {
    "order_status": (
        "share tracking and ETA",
        "open a carrier trace if past the expected date",
        "replace if lost or not received after the wait",
    ),
    "return_request": (
        "start a return and send the label",
        "offer an exchange for size or colour",
        "decline final-sale or out-of-window returns, point to warranty",
    ),
    "return_policy": ("quote the policy article", "check membership for the longer window"),
    "product_question": ("answer from the product specs", "link the size guide"),
    "account_access": ("send a reset link", "unlock the account", "verify identity before changing email"),
    "address_update": ("change the address if not shipped", "explain carrier redirect if shipped"),
    "refund_request": ("check return status", "issue refund", "price adjustment within the window"),
    "refund_dispute": ("explain deductions", "review with the returns lead"),
    "damaged_item": ("send replacement", "refund if out of stock"),
    "product_harm": ("apologise, stop use, hand to product safety",),
    "order_cancellation": ("cancel if not shipped", "explain return if shipped"),
    "billing_issue": ("explain authorisation holds", "refund duplicate", "apply promo manually"),
    "warranty_claim": ("check warranty months", "replace if covered, offer repair if not"),
    "complaint": ("apologise and own it", "goodwill code"),
    "other": ("route to the right team",),
}

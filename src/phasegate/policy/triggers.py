"""The escalation triggers: one small named callable per SPEC.md code, folded over by `decide()`.

Each has the signature `(analysis, context, policy) -> Trigger | None`. Two kinds:
- about the ticket itself (low_confidence, frustration, regulated_topic, amount_threshold, the
  never-autonomous signals, out_of_scope): they fire in every phase, since a human should see it first;
- guards on what the AI may do alone (vip, repeated_ai_contact, never-autonomous categories, not_allowlisted,
  phase_not_earned): they fire only where the ticket would otherwise go autonomous (phase 3), and kill_switch
  wherever the AI would write (phase 2 or 3). In phase 1 a human already writes every reply.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal

from phasegate.policy.decision import DecisionContext, Trigger
from phasegate.policy.phases import Phase
from phasegate.policy.schema import Policy
from phasegate.triage.schemas import Analysis, Signal

TriggerFn = Callable[[Analysis, DecisionContext, Policy], Trigger | None]

#: Signals that keep a ticket from autonomy whatever its category (the seed's "never autonomous" list).
NEVER_AUTONOMOUS_SIGNALS: dict[str, str] = {
    "legal_threat": "legal threat",
    "review_threat": "mentions a review",
    "product_harm": "product harm",
    "third_party_claim": "third-party claim",
    "emotional_load": "emotionally loaded",
    "manipulation": "instructions aimed at the AI (possible prompt injection)",
    "violence": "threat of violence or violent abuse",
}

#: What a human reads first when crisis language fired (the `self_harm` signal; never configurable away).
CRISIS_DETAIL = (
    "CRISIS: possible self-harm or suicide risk; a person must answer now, following the crisis protocol"
)
#: How every crisis trigger's detail begins: what the inbox, the hand-off and the helpdesk responder look for.
CRISIS_MARK = CRISIS_DETAIL.split(";")[0]


def is_crisis(triggers: Iterable[Trigger]) -> bool:
    """Whether a decision's triggers include crisis language (its `never_autonomous` detail leads with it)."""
    return any(t.detail.startswith(CRISIS_MARK) for t in triggers)


_MAX_EVIDENCE = 3


def primary_category(analysis: Analysis) -> str | None:
    """The ticket's category, or None when it is out of scope."""
    return None if analysis.out_of_scope else analysis.category


def ticket_categories(analysis: Analysis) -> tuple[str, ...]:
    """The primary category then every secondary ask, without repeats."""
    seen: list[str] = []
    first = primary_category(analysis)
    if first is not None:
        seen.append(first)
    for name, _score in analysis.secondary:
        if name not in seen:
            seen.append(name)
    return tuple(seen)


def phase(analysis: Analysis, context: DecisionContext, policy: Policy) -> int:
    """The phase of the ticket's (primary) category."""
    return context.phase(primary_category(analysis), policy)


def amounts_at_stake(
    analysis: Analysis, context: DecisionContext, policy: Policy
) -> tuple[tuple[Decimal, str], ...]:
    """Money the ticket would move, each with where it came from.

    Amounts in the text count unless every ask in the ticket is informational (`amounts.informational`);
    the order's value counts when an ask is a refund or dispute (`amounts.order_value_categories`).
    """
    cats = ticket_categories(analysis)
    out: list[tuple[Decimal, str]] = []
    if not cats or not all(c in policy.amounts.informational for c in cats):
        out.extend((a.value, f"{a.text!r} in the message") for a in analysis.entities.amounts)
    if context.order_value is not None and any(c in policy.amounts.order_value_categories for c in cats):
        out.append((context.order_value, "the order's value"))
    return tuple(out)


def _limit(value: float) -> str:
    """A threshold as written: two decimals unless it needs more."""
    return f"{value:.2f}" if round(value, 2) == value else f"{value:g}"


def _money(value: Decimal | float, policy: Policy) -> str:
    return f"{policy.currency} {Decimal(str(value)):.2f}"


def _evidence(signal: Signal | None) -> str:
    """The words that made a signal fire, quoted; or its own detail."""
    if signal is None:
        return ""
    texts = list(dict.fromkeys(s.text for s in signal.evidence if s.text))[:_MAX_EVIDENCE]
    if texts:
        return ", ".join(repr(t) for t in texts)
    return signal.detail


def low_confidence(analysis: Analysis, context: DecisionContext, policy: Policy) -> Trigger | None:
    """The router is less sure of the category than the policy's confidence threshold."""
    category = primary_category(analysis)
    limit = policy.thresholds.confidence
    if category is None or analysis.confidence >= limit:
        return None
    return Trigger(
        "low_confidence", f"confidence {analysis.confidence:.2f} in {category} is below {_limit(limit)}"
    )


def frustration(analysis: Analysis, context: DecisionContext, policy: Policy) -> Trigger | None:
    """The customer is frustrated (score at or above the threshold) or asks for a person."""
    signal = analysis.signal("frustration")
    limit = policy.thresholds.frustration
    if signal is not None and signal.score >= limit:
        why = _evidence(signal)
        return Trigger(
            "frustration", f"frustration {signal.score:.2f} >= {_limit(limit)}" + (f": {why}" if why else "")
        )
    if analysis.fired("human_request"):
        why = _evidence(analysis.signal("human_request"))
        return Trigger("frustration", "asks for a person" + (f": {why}" if why else ""))
    return None


def regulated_topic(analysis: Analysis, context: DecisionContext, policy: Policy) -> Trigger | None:
    """A health, legal or brand-listed regulated topic: always a human's."""
    if not analysis.fired("regulated_topic"):
        return None
    why = _evidence(analysis.signal("regulated_topic"))
    return Trigger("regulated_topic", "regulated topic" + (f": {why}" if why else ""))


def vip(analysis: Analysis, context: DecisionContext, policy: Policy) -> Trigger | None:
    """A VIP who has not opted in to AI never gets AI-only handling."""
    if phase(analysis, context, policy) < Phase.AUTONOMOUS:
        return None
    if not (policy.vip_requires_opt_in and context.vip and not context.ai_opt_in):
        return None
    return Trigger("vip", "VIP customer who has not opted in to AI handling")


def repeated_ai_contact(analysis: Analysis, context: DecisionContext, policy: Policy) -> Trigger | None:
    """The customer already had the allowed number of AI contacts on this issue; this one is a human's."""
    if phase(analysis, context, policy) < Phase.AUTONOMOUS:
        return None
    limit = policy.thresholds.ai_contacts_on_issue
    if context.ai_contacts_on_issue < limit:
        return None
    return Trigger(
        "repeated_ai_contact",
        f"{context.ai_contacts_on_issue} earlier AI contacts on this issue (limit {limit}); "
        "this one goes to a person",
    )


def amount_threshold(analysis: Analysis, context: DecisionContext, policy: Policy) -> Trigger | None:
    """Money at stake above `thresholds.amount`."""
    limit = Decimal(str(policy.thresholds.amount))
    over = [(value, source) for value, source in amounts_at_stake(analysis, context, policy) if value > limit]
    if not over:
        return None
    value, source = max(over, key=lambda item: item[0])
    return Trigger(
        "amount_threshold",
        f"{_money(value, policy)} at stake ({source}) is above {_money(limit, policy)}",
    )


def never_autonomous(analysis: Analysis, context: DecisionContext, policy: Policy) -> Trigger | None:
    """The seed's never-autonomous list: crisis language first (in every phase, whatever the policy),
    legal or review words, harm, third parties, emotional load,
    refund disputes above `thresholds.refund_dispute_amount` (or of unknown amount), and, where the ticket
    would go autonomous, the categories listed in `never_autonomous`."""
    reasons: list[str] = []
    crisis = analysis.signal("self_harm")
    if crisis is not None and crisis.fired:
        # Built in and read first: no policy field turns it off, and the person who picks the ticket up
        # must see it before anything else in the detail.
        reasons.append(f"{CRISIS_DETAIL} ({_evidence(crisis)})")
    for name, label in NEVER_AUTONOMOUS_SIGNALS.items():
        if analysis.fired(name):
            why = _evidence(analysis.signal(name))
            reasons.append(label + (f" ({why})" if why else ""))
    cats = ticket_categories(analysis)
    if any(c in policy.amounts.dispute_categories for c in cats):
        limit = Decimal(str(policy.thresholds.refund_dispute_amount))
        values = [value for value, _ in amounts_at_stake(analysis, context, policy)]
        if not values:
            reasons.append(f"refund dispute of unknown amount (small-dispute limit {_money(limit, policy)})")
        elif max(values) > limit:
            reasons.append(f"refund dispute of {_money(max(values), policy)}, above {_money(limit, policy)}")
    if phase(analysis, context, policy) == Phase.AUTONOMOUS:
        listed = [c for c in cats if c in policy.never_autonomous]
        if listed:
            reasons.append(f"{', '.join(listed)} is never autonomous")
    if not reasons:
        return None
    return Trigger("never_autonomous", "; ".join(reasons))


def not_allowlisted(analysis: Analysis, context: DecisionContext, policy: Policy) -> Trigger | None:
    """The ticket would go autonomous, but an ask in it is in a category not on the allowlist."""
    if phase(analysis, context, policy) < Phase.AUTONOMOUS:
        return None
    outside = [c for c in ticket_categories(analysis) if c not in policy.allowlist]
    if not outside:
        return None
    return Trigger("not_allowlisted", f"{', '.join(outside)} not on the autonomous allowlist")


def phase_not_earned(analysis: Analysis, context: DecisionContext, policy: Policy) -> Trigger | None:
    """The ticket's category is in phase 3, but a further ask in it is in an allowlisted category that has not
    earned phase 3 yet, so answering the whole ticket alone would act beyond what was earned. (Asks off the
    allowlist are `not_allowlisted`'s.)"""
    if phase(analysis, context, policy) < Phase.AUTONOMOUS:
        return None
    lower = [
        (c, context.phase(c, policy))
        for c in ticket_categories(analysis)[1:]
        if c in policy.allowlist and context.phase(c, policy) < Phase.AUTONOMOUS
    ]
    if not lower:
        return None
    named = ", ".join(f"{c} (phase {p})" for c, p in lower)
    return Trigger("phase_not_earned", f"the ticket also asks about {named}, which has not earned phase 3")


def out_of_scope(analysis: Analysis, context: DecisionContext, policy: Policy) -> Trigger | None:
    """The ticket is unlike any category the router knows, or it asks about another company's or
    institution's account, order or service (the `elsewhere` signal: "my gmail password", "the return policy
    at target"), which the store's words in it make look like one of the store's asks."""
    if primary_category(analysis) is None:
        return Trigger("out_of_scope", "unlike any known category")
    signal = analysis.signal("elsewhere")
    if signal is not None and signal.fired:
        return Trigger("out_of_scope", f"{signal.detail}; the store cannot act on it")
    return None


def kill_switch(analysis: Analysis, context: DecisionContext, policy: Policy) -> Trigger | None:
    """A kill switch is on where the AI would write (a draft or an autonomous reply)."""
    if phase(analysis, context, policy) < Phase.SUGGEST:
        return None
    covered = [c for c in ticket_categories(analysis) if context.killed_for(c, policy)]
    if not covered:
        return None
    everywhere = context.kill_switch or policy.kill_switch is True
    scope = "all categories" if everywhere else ", ".join(covered)
    return Trigger("kill_switch", f"kill switch on for {scope}: no autonomous replies, no drafts")


#: The chain `decide()` folds over, in SPEC.md's order of codes.
TRIGGERS: tuple[TriggerFn, ...] = (
    low_confidence,
    frustration,
    regulated_topic,
    vip,
    repeated_ai_contact,
    amount_threshold,
    never_autonomous,
    not_allowlisted,
    phase_not_earned,
    out_of_scope,
    kill_switch,
)

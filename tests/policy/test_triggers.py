"""Each trigger alone: when it fires, when it must not, and what its detail says."""

from __future__ import annotations

from decimal import Decimal

from phasegate.policy import TRIGGER_CODES, TRIGGERS, Policy, decide
from phasegate.policy import triggers as t
from phasegate.triage.schemas import Signal
from tests.policy.factories import SPEC_POLICY, analysis, context, signal


def test_chain_has_one_callable_per_spec_code_in_order() -> None:
    """The chain lists exactly SPEC.md's codes, once each, in the documented order."""
    assert tuple(fn.__name__ for fn in TRIGGERS) == TRIGGER_CODES


def test_low_confidence_fires_below_threshold_only() -> None:
    """Confidence under `thresholds.confidence` fires; at or above it does not."""
    hit = t.low_confidence(analysis(confidence=0.79), context(), SPEC_POLICY)
    assert hit is not None and hit.code == "low_confidence" and "0.79" in hit.detail and "0.80" in hit.detail
    assert t.low_confidence(analysis(confidence=0.80), context(), SPEC_POLICY) is None


def test_low_confidence_leaves_out_of_scope_to_its_own_trigger() -> None:
    """A ticket with no category is out of scope, not low confidence."""
    assert t.low_confidence(analysis(None, 0.1, out_of_scope=True), context(), SPEC_POLICY) is None


def test_frustration_uses_the_policy_threshold_on_the_score() -> None:
    """The detector's score is compared with `thresholds.frustration`, whatever the detector decided."""
    tense = analysis(signals=[signal("frustration", 0.65, fired=False, text="third time")])
    hit = t.frustration(tense, context(), SPEC_POLICY)
    assert hit is not None and "'third time'" in hit.detail
    calm = analysis(signals=[signal("frustration", 0.3, fired=False)])
    assert t.frustration(calm, context(), SPEC_POLICY) is None
    strict = Policy.model_validate({"thresholds": {"frustration": 0.2}})
    assert t.frustration(calm, context(), strict) is not None


def test_frustration_fires_when_the_customer_asks_for_a_person() -> None:
    """Asking for a human is honoured even when the sentiment is calm."""
    asks = analysis(signals=[signal("human_request", text="speak to a real person")])
    hit = t.frustration(asks, context(), SPEC_POLICY)
    assert hit is not None and "person" in hit.detail


def test_regulated_topic_fires_on_the_signal_in_any_phase() -> None:
    """A regulated topic escalates even in a phase-1 category."""
    a = analysis("refund_request", signals=[signal("regulated_topic", text="medical advice")])
    hit = t.regulated_topic(a, context(), SPEC_POLICY)
    assert hit is not None and "medical advice" in hit.detail
    assert t.regulated_topic(analysis(), context(), SPEC_POLICY) is None


def test_vip_without_opt_in_is_kept_from_autonomy() -> None:
    """A VIP who has not opted in fires in phase 3; opting in or a policy that allows it clears it."""
    assert t.vip(analysis(), context(vip=True), SPEC_POLICY) is not None
    assert t.vip(analysis(), context(vip=True, ai_opt_in=True), SPEC_POLICY) is None
    assert t.vip(analysis(), context(), SPEC_POLICY) is None
    relaxed = SPEC_POLICY.model_copy(update={"vip_requires_opt_in": False})
    assert t.vip(analysis(), context(vip=True), relaxed) is None


def test_vip_does_not_fire_where_a_human_writes_anyway() -> None:
    """In a phase-1 category a human already handles the VIP's ticket: no escalation needed."""
    assert t.vip(analysis("refund_request"), context(vip=True), SPEC_POLICY) is None


def test_repeated_ai_contact_fires_on_the_third_contact() -> None:
    """Two earlier AI contacts on the issue (the default limit) make the third a human's."""
    hit = t.repeated_ai_contact(analysis(), context(ai_contacts_on_issue=2), SPEC_POLICY)
    assert hit is not None and "2 earlier AI contacts" in hit.detail
    assert t.repeated_ai_contact(analysis(), context(ai_contacts_on_issue=1), SPEC_POLICY) is None


def test_amount_threshold_counts_money_asked_for() -> None:
    """An amount above the limit in a money-moving ask fires; at the limit it does not."""
    a = analysis("return_request", amounts=[120.0])
    hit = t.amount_threshold(a, context(), SPEC_POLICY)
    assert hit is not None and "USD 120.00" in hit.detail and "USD 50.00" in hit.detail
    assert t.amount_threshold(analysis("return_request", amounts=[50.0]), context(), SPEC_POLICY) is None


def test_amount_threshold_ignores_prices_in_informational_asks() -> None:
    """'Is the $120 jacket waterproof?' moves no money; a secondary refund ask makes it count again."""
    question = analysis("product_question", amounts=[120.0])
    assert t.amount_threshold(question, context(), SPEC_POLICY) is None
    with_refund = analysis("order_status", amounts=[120.0], secondary=(("refund_request", 0.6),))
    assert t.amount_threshold(with_refund, context(), SPEC_POLICY) is not None


def test_amount_threshold_counts_the_order_value_of_a_refund() -> None:
    """A refund request about a $300 order is $300 at stake even when the text names no amount."""
    hit = t.amount_threshold(analysis("refund_request"), context(order_value=Decimal("300")), SPEC_POLICY)
    assert hit is not None and "order's value" in hit.detail
    assert t.amount_threshold(analysis(), context(order_value=Decimal("300")), SPEC_POLICY) is None


def test_never_autonomous_fires_on_each_seed_signal_in_any_phase() -> None:
    """Lawyer, review, harm, third-party and emotional signals each fire, even in phase 1."""
    for name in ("legal_threat", "review_threat", "product_harm", "third_party_claim", "emotional_load"):
        a = analysis("refund_request", signals=[signal(name, text="word")])
        hit = t.never_autonomous(a, context(), SPEC_POLICY)
        assert hit is not None, name
    quiet = analysis(signals=[signal("legal_threat", 0.2, fired=False)])
    assert t.never_autonomous(quiet, context(), SPEC_POLICY) is None


def test_never_autonomous_refund_disputes_above_the_small_threshold() -> None:
    """A dispute over the small limit (or of unknown amount) fires; a small one does not."""
    policy = SPEC_POLICY.model_copy(update={"never_autonomous": []})
    big = t.never_autonomous(analysis("refund_dispute", amounts=[40.0]), context(), policy)
    assert big is not None and "USD 40.00" in big.detail
    assert t.never_autonomous(analysis("refund_dispute", amounts=[20.0]), context(), policy) is None
    unknown = t.never_autonomous(analysis("refund_dispute"), context(), policy)
    assert unknown is not None and "unknown amount" in unknown.detail


def test_never_autonomous_categories_fire_only_where_autonomy_was_possible() -> None:
    """A listed category in phase 3 fires; in phase 1 it simply routes by its phase."""
    in_three = context(phases={"complaint": 3})
    hit = t.never_autonomous(analysis("complaint"), in_three, SPEC_POLICY)
    assert hit is not None and "complaint is never autonomous" in hit.detail
    assert t.never_autonomous(analysis("complaint"), context(), SPEC_POLICY) is None


def test_not_allowlisted_fires_for_a_phase_three_category_off_the_list() -> None:
    """Phase 3 off the allowlist fires; an allowlisted category below phase 3 does not."""
    hit = t.not_allowlisted(analysis("billing_issue"), context(phases={"billing_issue": 3}), SPEC_POLICY)
    assert hit is not None and "billing_issue" in hit.detail
    in_two = context(phases={"order_status": 2})
    assert t.not_allowlisted(analysis("order_status"), in_two, SPEC_POLICY) is None
    assert t.not_allowlisted(analysis("order_status"), context(), SPEC_POLICY) is None


def test_not_allowlisted_names_a_secondary_ask_off_the_list() -> None:
    """A second ask outside the allowlist keeps an otherwise autonomous ticket from going alone."""
    a = analysis("order_status", secondary=(("billing_issue", 0.5),))
    hit = t.not_allowlisted(a, context(phases={"billing_issue": 3}), SPEC_POLICY)
    assert hit is not None and "billing_issue" in hit.detail


def test_phase_not_earned_fires_for_a_second_ask_below_phase_three() -> None:
    """Primary in phase 3 with an allowlisted second ask in phase 1 fires, naming the ask and its phase."""
    a = analysis("order_status", secondary=(("return_request", 0.5),))
    hit = t.phase_not_earned(a, context(phases={"return_request": 1}), SPEC_POLICY)
    assert hit is not None and "return_request (phase 1)" in hit.detail
    assert t.phase_not_earned(a, context(), SPEC_POLICY) is None
    phase_one = analysis("refund_request", secondary=a.secondary)
    assert t.phase_not_earned(phase_one, context(phases={"return_request": 1}), SPEC_POLICY) is None


def test_phase_not_earned_leaves_asks_off_the_allowlist_to_not_allowlisted() -> None:
    """A second ask off the allowlist is reported once, as not_allowlisted."""
    a = analysis("order_status", secondary=(("billing_issue", 0.9),))
    assert t.phase_not_earned(a, context(), SPEC_POLICY) is None
    assert t.not_allowlisted(a, context(), SPEC_POLICY) is not None


def test_out_of_scope_fires_without_a_category() -> None:
    """No category (or the analysis saying out of scope) fires; a category does not."""
    assert t.out_of_scope(analysis(None, 0.2), context(), SPEC_POLICY) is not None
    assert t.out_of_scope(analysis("other", 0.3, out_of_scope=True), context(), SPEC_POLICY) is not None
    assert t.out_of_scope(analysis(), context(), SPEC_POLICY) is None


def test_out_of_scope_fires_on_an_ask_about_another_companys_service() -> None:
    """A fired `elsewhere` signal is out of scope with its words, even with a confident category; a quiet
    one is not."""
    gmail = Signal("elsewhere", 1.0, True, (), "about another company's or institution's account or service: "
                   "'gmail password'")  # fmt: skip
    hit = t.out_of_scope(analysis("account_access", 0.99, signals=[gmail]), context(), SPEC_POLICY)
    assert hit is not None and "'gmail password'" in hit.detail and "cannot act on it" in hit.detail
    quiet = signal("elsewhere", 0.0, fired=False)
    assert t.out_of_scope(analysis("account_access", 0.99, signals=[quiet]), context(), SPEC_POLICY) is None
    d = decide(analysis("account_access", 0.99, signals=[gmail]), context(phases={"account_access": 3}),
               SPEC_POLICY)  # fmt: skip
    assert d.route == "human" and [x.code for x in d.triggers] == ["out_of_scope"]


def test_kill_switch_fires_where_the_ai_would_write() -> None:
    """Global, per-category and the policy's own switch fire in phases 2-3; phase 1 briefs are unaffected."""
    assert t.kill_switch(analysis(), context(kill_switch=True), SPEC_POLICY) is not None
    assert t.kill_switch(analysis(), context(killed=frozenset({"order_status"})), SPEC_POLICY) is not None
    assert t.kill_switch(analysis(), context(killed=frozenset({"return_request"})), SPEC_POLICY) is None
    policy_off = SPEC_POLICY.model_copy(update={"kill_switch": ["order_status"]})
    hit = t.kill_switch(analysis(), context(), policy_off)
    assert hit is not None and "order_status" in hit.detail
    assert t.kill_switch(analysis("refund_request"), context(kill_switch=True), SPEC_POLICY) is None
    assert t.kill_switch(analysis(), context(), SPEC_POLICY) is None


def test_crisis_language_escalates_first_in_every_phase() -> None:
    """A fired self_harm signal is never_autonomous, crisis detail first, routed human in phases 0-3."""
    a = analysis(signals=[signal("legal_threat", text="lawyer"), signal("self_harm", text="end it all")])
    for p in range(4):
        d = decide(a, context(phases={"order_status": p}), SPEC_POLICY)
        (trigger,) = [x for x in d.triggers if x.code == "never_autonomous"]
        assert trigger.detail.startswith(t.CRISIS_DETAIL) and "'end it all'" in trigger.detail
        assert d.route == "human" and d.escalate


def test_manipulation_keeps_an_allowlisted_ask_from_autonomy() -> None:
    """Instructions aimed at the AI are never_autonomous, named so, even for an allowlisted phase-3 ask."""
    a = analysis("order_status", signals=[signal("manipulation", text="ignore all previous instructions")])
    d = decide(a, context(phases={"order_status": 3}), SPEC_POLICY)
    (trigger,) = [x for x in d.triggers if x.code == "never_autonomous"]
    assert "prompt injection" in trigger.detail and "'ignore all previous instructions'" in trigger.detail
    assert d.route == "human"

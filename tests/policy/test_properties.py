"""Properties of `decide()` over any analysis, context and policy (hypothesis).

Safety: a never-autonomous signal, a VIP without opt-in, a third AI contact, money at stake above the
threshold, or a kill switch is never routed autonomous. Monotonicity: making a threshold stricter never makes
a decision more autonomous (autonomy order human < assist < draft < autonomous).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from phasegate.policy import Decision, DecisionContext, Policy, amounts_at_stake, autonomy_rank, decide
from phasegate.policy.triggers import NEVER_AUTONOMOUS_SIGNALS
from phasegate.taxonomy import CATEGORIES, DEFLECTABLE
from phasegate.triage.schemas import SIGNAL_NAMES, Amount, Analysis, Entities, Signal

SETTINGS = settings(max_examples=100, deadline=None)

categories = st.sampled_from(CATEGORIES)
phases = st.integers(min_value=0, max_value=3)
money = st.decimals(min_value=0, max_value=2000, places=2, allow_nan=False, allow_infinity=False)


def _often(draw: st.DrawFn, tenths: int) -> bool:
    """True with probability tenths/10: keeps the space biased towards clean tickets that could go alone."""
    return draw(st.integers(0, 9)) < tenths


@st.composite
def analyses(draw: st.DrawFn) -> Analysis:
    """Any analysis (mostly clean, confident and deflectable, so that autonomy is often on the table)."""
    out = _often(draw, 1)
    category = None if out else draw(st.sampled_from(DEFLECTABLE) if _often(draw, 7) else categories)
    signals = {}
    for name in SIGNAL_NAMES:
        if _often(draw, 2):
            signals[name] = Signal(name=name, score=draw(st.floats(0.0, 1.0)), fired=_often(draw, 2))
    amounts = tuple(Amount(value=v, currency="USD", text=f"${v}") for v in draw(st.lists(money, max_size=2)))
    secondary = tuple((c, draw(st.floats(0.0, 1.0))) for c in draw(st.lists(categories, max_size=1)))
    return Analysis(
        category=category,
        confidence=draw(st.floats(0.85, 1.0) if _often(draw, 7) else st.floats(0.0, 1.0)),
        out_of_scope=out,
        secondary=secondary if _often(draw, 3) else (),
        signals=signals,
        entities=Entities(amounts=amounts if _often(draw, 4) else ()),
    )


@st.composite
def contexts(draw: st.DrawFn) -> DecisionContext:
    """Any workspace facts: VIP and opt-in, AI contacts, order value, phase state, kill switches."""
    return DecisionContext(
        ticket_id="T-P",
        vip=_often(draw, 2),
        ai_opt_in=draw(st.booleans()),
        ai_contacts_on_issue=0 if _often(draw, 6) else draw(st.integers(0, 4)),
        order_value=draw(st.none() | money),
        phases=draw(st.none() | st.dictionaries(categories, phases, max_size=4)),
        kill_switch=draw(st.integers(0, 19)) == 0,
        killed=frozenset(draw(st.sets(categories, max_size=1))) if _often(draw, 2) else frozenset(),
    )


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    """Any valid policy (often the seed's lists with deflectable categories in phase 3)."""
    allowlist = set(DEFLECTABLE) if _often(draw, 7) else draw(st.sets(categories))
    never = draw(st.sets(categories)) - allowlist
    phase_map = {c: 3 for c in DEFLECTABLE} if _often(draw, 7) else {}
    data: dict[str, Any] = {
        "default_phase": draw(phases),
        "phases": phase_map | draw(st.dictionaries(categories, phases, max_size=3)),
        "allowlist": sorted(allowlist),
        "never_autonomous": sorted(never),
        "thresholds": {
            "confidence": draw(st.floats(0.5, 0.85) if _often(draw, 7) else st.floats(0.0, 1.0)),
            "amount": float(draw(money)),
            "ai_contacts_on_issue": 2 if _often(draw, 7) else draw(st.integers(0, 4)),
            "frustration": draw(st.floats(0.5, 1.0) if _often(draw, 7) else st.floats(0.0, 1.0)),
            "refund_dispute_amount": float(draw(money)),
        },
        "vip_requires_opt_in": draw(st.booleans()),
        "kill_switch": draw(st.booleans() | st.lists(categories, max_size=1)) if _often(draw, 1) else False,
    }
    return Policy.model_validate(data)


def _rank(d: Decision) -> int:
    return autonomy_rank(d.route)


def _with_threshold(policy: Policy, name: str, value: float) -> Policy:
    thresholds = policy.thresholds.model_copy(update={name: value})
    return policy.model_copy(update={"thresholds": thresholds})


@SETTINGS
@given(analyses(), contexts(), policies(), st.sampled_from(sorted(NEVER_AUTONOMOUS_SIGNALS)))
def test_never_autonomous_signal_is_never_autonomous(
    a: Analysis, c: DecisionContext, p: Policy, name: str
) -> None:
    """A ticket whose analysis fired a never-autonomous signal is never routed autonomous."""
    signals = dict(a.signals) | {name: Signal(name=name, score=1.0, fired=True)}
    a = Analysis(a.category, a.confidence, a.out_of_scope, a.secondary, signals, a.entities)
    assert decide(a, c, p).route != "autonomous"


@SETTINGS
@given(analyses(), contexts(), policies())
def test_vip_without_opt_in_is_never_autonomous(a: Analysis, c: DecisionContext, p: Policy) -> None:
    """Under a policy that requires opt-in, a VIP who has not opted in never goes autonomous."""
    p = p.model_copy(update={"vip_requires_opt_in": True})
    c = DecisionContext(**{**c.__dict__, "vip": True, "ai_opt_in": False})
    assert decide(a, c, p).route != "autonomous"


@SETTINGS
@given(analyses(), contexts(), policies(), st.integers(0, 3))
def test_third_ai_contact_is_never_autonomous(a: Analysis, c: DecisionContext, p: Policy, extra: int) -> None:
    """With as many earlier AI contacts as the limit (or more), the ticket goes to a person."""
    c = DecisionContext(**{**c.__dict__, "ai_contacts_on_issue": p.thresholds.ai_contacts_on_issue + extra})
    assert decide(a, c, p).route != "autonomous"


@SETTINGS
@given(analyses(), contexts(), policies())
def test_money_at_stake_above_threshold_is_never_autonomous(
    a: Analysis, c: DecisionContext, p: Policy
) -> None:
    """Whenever an amount at stake exceeds `thresholds.amount`, the route is not autonomous."""
    d = decide(a, c, p)
    limit = Decimal(str(p.thresholds.amount))
    if any(v > limit for v, _ in amounts_at_stake(a, c, p)):
        assert d.route != "autonomous"


@SETTINGS
@given(analyses(), contexts(), policies(), money)
def test_refund_order_value_above_threshold_is_never_autonomous(
    a: Analysis, c: DecisionContext, p: Policy, value: Decimal
) -> None:
    """A refund request on an order worth more than the threshold is never autonomous."""
    a = Analysis("refund_request", a.confidence, False, a.secondary, a.signals, a.entities)
    c = DecisionContext(**{**c.__dict__, "order_value": Decimal(str(p.thresholds.amount)) + value + 1})
    assert decide(a, c, p).route != "autonomous"


@SETTINGS
@given(analyses(), contexts(), policies(), st.sampled_from(["global", "category", "policy"]))
def test_kill_switch_is_never_autonomous_nor_draft(
    a: Analysis, c: DecisionContext, p: Policy, how: str
) -> None:
    """With any kill switch covering the ticket, it is neither autonomous nor drafted."""
    if how == "global":
        c = DecisionContext(**{**c.__dict__, "kill_switch": True})
    elif how == "policy":
        p = p.model_copy(update={"kill_switch": True})
    elif a.category is not None:
        c = DecisionContext(**{**c.__dict__, "killed": c.killed | {a.category}})
    else:
        return
    assert decide(a, c, p).route not in ("autonomous", "draft")


#: For each threshold, whether a lower value is the stricter one.
LOWER_IS_STRICTER = {
    "amount": True,
    "ai_contacts_on_issue": True,
    "frustration": True,
    "refund_dispute_amount": True,
    "confidence": False,
}


@SETTINGS
@given(
    analyses(),
    contexts(),
    policies(),
    st.sampled_from(sorted(LOWER_IS_STRICTER)),
    st.floats(0.0, 1.0),
    st.floats(0.0, 1.0),
)
def test_stricter_threshold_is_never_more_autonomous(
    a: Analysis, c: DecisionContext, p: Policy, name: str, x: float, y: float
) -> None:
    """Moving one threshold towards strict never moves a decision up the autonomy order."""
    scale = {"amount": 2000.0, "refund_dispute_amount": 2000.0, "ai_contacts_on_issue": 5.0}.get(name, 1.0)
    low, high = sorted((x * scale, y * scale))
    if name == "ai_contacts_on_issue":
        low, high = int(low), int(high)
    at_low = decide(a, c, _with_threshold(p, name, low))
    at_high = decide(a, c, _with_threshold(p, name, high))
    if LOWER_IS_STRICTER[name]:
        assert _rank(at_low) <= _rank(at_high)
    else:
        assert _rank(at_high) <= _rank(at_low)


def test_generated_cases_often_could_go_autonomous() -> None:
    """The strategies reach every route, autonomous included, so the safety properties are not vacuous."""
    routes: dict[str, int] = {}

    @settings(max_examples=500, deadline=None, database=None, derandomize=True)
    @given(analyses(), contexts(), policies())
    def sample(a: Analysis, c: DecisionContext, p: Policy) -> None:
        route = decide(a, c, p).route
        routes[route] = routes.get(route, 0) + 1

    sample()
    assert set(routes) == {"human", "assist", "draft", "autonomous"}
    assert routes["autonomous"] >= 15

"""The bundled router loads offline and routes plain customer phrasing of the default taxonomy."""

from __future__ import annotations

from phasegate.bundled import ROUTER_DIR
from phasegate.rollout.routing import default_router
from phasegate.taxonomy import CATEGORIES
from tests.conftest import DATA


def test_bundled_router_is_the_default_and_knows_the_taxonomy() -> None:
    """With no --router and no workspace, triage gets the bundled router, trained on every category."""
    router = default_router()
    assert (ROUTER_DIR / "router.json").is_file()
    assert set(router.labels) == set(CATEGORIES)


def test_bundled_router_routes_plain_asks_confidently() -> None:
    """Asks written the way customers write land in their category, above the default 0.80 threshold."""
    router = default_router()
    asks = {
        "hey where's my package? it said it would be here tuesday": "order_status",
        "I need to send back the jacket, it's too big. can I get a return label?": "return_request",
        "can't log into my account, reset link never arrives": "account_access",
        "please change the shipping address on my order, I moved": "address_update",
        "Please update my delivery address before it ships": "address_update",
        "how many days do I have to return something?": "return_policy",
    }
    predictions = router.predict(list(asks))
    for (text, want), p in zip(asks.items(), predictions, strict=True):
        assert p.category == want, (text, p)
        assert p.confidence >= 0.80, (text, p)


def test_an_ask_the_classifier_splits_is_in_scope_but_not_autonomous() -> None:
    """An ask on the return_policy/return_request border is routed, in scope, below autonomy: its near twin
    ("... return an item?") goes to return_request, so a confidence of 0.80 or more would not be honest."""
    router = default_router()
    p = router.predict(["how long do I have to return something?"])[0]
    assert p.category == "return_policy" and not p.out_of_scope, p
    assert 0.4 <= p.confidence < 0.80, p


def test_context_sentence_is_not_a_second_ask() -> None:
    """A sentence of context ("I ordered boots last week") does not become a second, non-allowlisted ask."""
    from phasegate.policy.decide import decide
    from phasegate.policy.decision import DecisionContext
    from phasegate.policy.schema import parse_policy
    from phasegate.tickets.schemas import TicketIn
    from phasegate.triage.analysis import analyze

    policy = parse_policy((DATA / "rollout" / "policy_spec.yaml").read_text(encoding="utf-8"))
    ticket = TicketIn.model_validate(
        {
            "id": "CTX-1",
            "messages": [
                {
                    "role": "customer",
                    "text": "Hello! I ordered a pair of hiking boots last week (order TR-558812) and the "
                    "tracking hasn't updated since Tuesday. Any idea when they'll show up?",
                }
            ],
        }
    )
    analysis = analyze(ticket, router=default_router(), policy=policy)
    assert analysis.category == "order_status"
    assert "other" not in {c for c, _ in analysis.secondary}
    decision = decide(analysis, DecisionContext(), policy)
    assert decision.route == "autonomous", decision.triggers

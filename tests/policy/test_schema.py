"""The policy file: seed defaults, SPEC.md's example, refusals that name the field."""

from __future__ import annotations

import pytest

from phasegate.policy import Policy, PolicyError, dump_policy, parse_policy

SPEC_YAML = """
currency: USD
phases: {order_status: 3, return_request: 3, account_access: 3, return_policy: 3,
         product_question: 3, address_update: 3, refund_request: 1}
allowlist: [order_status, return_request, account_access, return_policy, product_question, address_update]
never_autonomous: [refund_dispute, product_harm, complaint, warranty_claim]
thresholds: {confidence: 0.80, amount: 50.00, ai_contacts_on_issue: 2, frustration: 0.6}
vip_requires_opt_in: true
kill_switch: false
keywords:
  legal_threat: [lawyer, attorney, sue, lawsuit, legal action]
  review_threat: [review]
  regulated_topic: [diagnose, cure, medical advice, pregnant, prescription, legal advice]
"""


def test_spec_example_parses() -> None:
    """SPEC.md's example file is a valid policy with the phases it states."""
    policy = parse_policy(SPEC_YAML)
    assert policy.phase_of("order_status") == 3 and policy.phase_of("refund_request") == 1
    assert policy.keywords["legal_threat"][0] == "lawyer"
    assert "product_harm" in policy.keywords  # lists not named keep their defaults


def test_empty_file_is_the_seed_defaults() -> None:
    """An empty file means every default: gates a quarter and two quarters, demotion on, no kill switch."""
    policy = parse_policy("")
    assert policy == Policy()
    assert policy.gates.assist_to_suggest.min_weeks == 13
    assert policy.gates.suggest_to_autonomous.min_weeks == 26
    assert policy.demotion.enabled and policy.kill_switch is False
    assert policy.thresholds.refund_dispute_amount == 25.0


def test_dump_round_trips() -> None:
    """Dumping and parsing again gives the same policy."""
    policy = parse_policy(SPEC_YAML)
    assert parse_policy(dump_policy(policy)) == policy


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("thresholds: {confidence: 1.5}", "thresholds.confidence"),
        ("thresholds: {confidnce: 0.5}", "thresholds.confidnce: unknown field"),
        ("phases: {order_status: 4}", "phases"),
        ("allowlist: [complaint]", "allowlist and never_autonomous both name"),
        ("gates: {suggest_to_autonomous: {min_acceptance: 2}}", "gates.suggest_to_autonomous.min_acceptance"),
        ("demotion: {margin: -1}", "demotion.margin"),
        ("demotion: {alpha: 0}", "demotion.alpha"),
        ("entities: {order_id_pattern: '(['}", "entities.order_id_pattern"),
        ("keywords: {legal_threat: lawyer}", "keywords"),
        ("kill_switch: maybe", "kill_switch"),
        ("- just a list", "expected a mapping"),
        ("phases: {a: [", "not valid YAML"),
    ],
)
def test_bad_policies_are_refused_naming_the_field(text: str, field: str) -> None:
    """Each malformed file is refused with a message that names the field."""
    with pytest.raises(PolicyError) as err:
        parse_policy(text)
    assert field in str(err.value)


def test_voice_section_is_validated_like_the_rest() -> None:
    """The brand voice has defaults, accepts its fields, and refuses unknown fields and bad placeholders."""
    from phasegate.policy.schema import PolicyError, parse_policy

    voice = parse_policy("voice: {greeting: 'Hello {first}!', banned_phrases: [calm down]}").voice
    assert voice.greeting == "Hello {first}!" and voice.banned_phrases == ["calm down"]
    assert voice.sign_off.format(brand="X").endswith("The X team")
    with pytest.raises(PolicyError, match=r"voice\.tone"):
        parse_policy("voice: {tone: chirpy}")
    with pytest.raises(PolicyError, match=r"voice\.greeting"):
        parse_policy("voice: {greeting: 'Hi {name}'}")
    with pytest.raises(PolicyError, match=r"voice\.banned_phrases"):
        parse_policy("voice: {banned_phrases: ['  ']}")


def test_named_keyword_lists_add_to_the_built_in_ones_and_round_trip() -> None:
    """SPEC's short legal list keeps the built-in phrases after its own words; "!entry" takes a built-in
    entry out and stays in the list, so the dumped policy parses to the same lists; `[]` switches it off."""
    policy = parse_policy(SPEC_YAML)
    legal = policy.keywords["legal_threat"]
    assert legal[:5] == ["lawyer", "attorney", "sue", "lawsuit", "legal action"]
    assert "see you in court" in legal and len(legal) == len(set(legal))
    brand = parse_policy("keywords: {regulated_topic: [refund, '!pregnant'], review_threat: []}")
    assert (
        "pregnant" not in brand.keywords["regulated_topic"]
        and "!pregnant" in brand.keywords["regulated_topic"]
    )
    assert brand.keywords["review_threat"] == []
    assert parse_policy(dump_policy(brand)).keywords == brand.keywords


def test_a_written_out_list_is_taken_as_written() -> None:
    """The console and `policy show` print every built-in entry: a list edited there (an entry deleted) is
    read as written, not merged back; a short list still adds to the built-in one."""
    text = dump_policy(parse_policy("currency: USD"))
    assert "- class action\n" in text
    edited = parse_policy(text.replace("- class action\n", "", 1))
    assert "class action" not in edited.keywords["legal_threat"]
    assert "see you in court" in edited.keywords["legal_threat"]
    assert "class action" in parse_policy("keywords: {legal_threat: [lawyer]}").keywords["legal_threat"]

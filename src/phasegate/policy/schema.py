"""The policy file (SPEC.md YAML), validated: unknown fields refused, each field defaulting to the seed."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from phasegate.policy import vocabulary
from phasegate.policy.phases import Phase
from phasegate.taxonomy import DEFLECTABLE


class PolicyError(ValueError):
    """A policy that cannot be used; the message names the field and the reason."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Thresholds(_Strict):
    """Numeric limits. `ai_contacts_on_issue`: this many earlier AI contacts means the next is a human's."""

    confidence: float = Field(default=0.80, ge=0.0, le=1.0)
    amount: float = Field(default=50.00, ge=0.0)
    ai_contacts_on_issue: int = Field(default=2, ge=0)
    frustration: float = Field(default=0.6, ge=0.0, le=1.0)
    refund_dispute_amount: float = Field(default=25.00, ge=0.0)

    @field_validator("*", mode="before")
    @classmethod
    def _not_nan(cls, value: Any) -> Any:
        """NaN compares false with every limit; say so rather than "must be >= 0"."""
        if isinstance(value, float) and math.isnan(value):
            raise ValueError("must be a number, not NaN")
        return value


def _default_keywords() -> dict[str, list[str]]:
    """The seed's lists, widened by `vocabulary`; an entry both hold is kept once."""
    lists = {
        "legal_threat": [
            *("lawyer", "attorney", "sue", "lawsuit", "legal action", "small claims", "solicitor"),
            *vocabulary.LEGAL_THREAT,
        ],
        "review_threat": ["review", *vocabulary.REVIEW_THREAT],
        "regulated_topic": [
            *("diagnose", "cure", "medical advice", "pregnant", "prescription", "legal advice"),
            *vocabulary.REGULATED_TOPIC,
        ],
        "product_harm": [
            "injury",
            "injured",
            "hurt",
            "burn",
            "burned",
            "burnt",
            "fire",
            "caught fire",
            "rash",
            "allergic reaction",
            "hospital",
            "emergency room",
            "choking",
            "choked",
            "cut myself",
            "bleeding",
            "electric shock",
            "exploded",
            "melted",
            "poisoning",
            "stitches",
            "sparked",
            "hives",
            "swelling",
            "side effects",
            "urgent care",
            *vocabulary.PRODUCT_HARM,
        ],
        "third_party_claim": [
            "chargeback",
            "bank dispute",
            "dispute with my bank",
            "credit card dispute",
            "insurance",
            "police report",
            "carrier claim",
            "consumer protection",
            "better business bureau",
            "bbb",
            *vocabulary.THIRD_PARTY_CLAIM,
        ],
        "emotional_load": [
            "passed away",
            "funeral",
            "died",
            "bereavement",
            "my late",
            "cancer",
            "terminal",
            "grieving",
            "hospice",
            "miscarriage",
            "suicidal",
            "depressed",
            "can't cope",
            *vocabulary.EMOTIONAL_LOAD,
        ],
    }
    return {name: list(dict.fromkeys(words)) for name, words in lists.items()}


def _with_built_in(words: list[str], built_in: list[str]) -> list[str]:
    """A brand's list merged into the built-in one: its words first, then the built-in entries it neither
    repeats nor takes out with "!entry" (which stays in the list, so the merge gives the same list when run
    again). A list with no entry at all stays empty: the signal is off. A list holding half the built-in
    entries or more is a written-out whole list (an edited `policy show`) and is taken as written."""
    if not any(w.strip() for w in words):
        return words
    listed = {w.strip().lower() for w in words}
    known = {w.strip().lower() for w in built_in}
    if known and 2 * len(listed & known) >= len(known):
        # Most of the built-in list written out, as `policy show` and the console's editor print it: the
        # list as written, so an entry deleted there stays deleted.
        return words
    listed |= {e for e in map(_named, words) if e}
    return [*words, *(w for w in built_in if w.strip().lower() not in listed)]


def _named(word: str) -> str | None:
    """The entry a "!entry" item names (lower case), or None for an ordinary entry."""
    w = word.strip()
    return w[1:].strip().lower() if w.startswith("!") else None


def matched_entries(name: str, words: Sequence[str]) -> list[str]:
    """List `name` as its matcher reads it: without the "!entry" items that took a built-in entry out (the
    entry is already gone; as a veto "!review" would also drop a brand's "leave a review"). Other "!phrase"
    items stay: they are exclusions, vetoing hits they overlap."""
    built_in = _BUILT_IN.get(name, frozenset())
    return [w for w in words if _named(w) not in built_in]


class Entities(_Strict):
    """How entities look for this brand."""

    #: Case-insensitive ("(?i)"): people type "tr-104650" as often as "TR-104650". A pattern compiled
    #: case-insensitively reports its ids upper-case (`triage.entities`), as the store keeps them.
    order_id_pattern: str = Field(default=r"(?i)(?:#W\d{7}|\b[A-Z]{1,3}-?\d{4,8})\b")

    @field_validator("order_id_pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from exc
        return value


class Amounts(_Strict):
    """Which money counts as "at stake" for `amount_threshold` and the refund-dispute rule.

    An amount in the text of an informational ask ("is the $40 jacket waterproof?", "where is my $120
    order?") is a fact, not money the customer asks to move; in every other category it counts. The order's
    value counts for refunds and disputes, where the whole order is what moves.
    """

    informational: list[str] = Field(
        default_factory=lambda: [
            "order_status",
            "return_policy",
            "product_question",
            "account_access",
            "address_update",
        ]
    )
    order_value_categories: list[str] = Field(default_factory=lambda: ["refund_request", "refund_dispute"])
    dispute_categories: list[str] = Field(default_factory=lambda: ["refund_dispute"])


class AssistGate(_Strict):
    """Phase 1 -> 2: about a quarter of read-only assist, and an eval set of graded tickets earned."""

    min_weeks: float = Field(default=13.0, ge=0.0)
    min_eval_items: int = Field(default=50, ge=0)


class SuggestGate(_Strict):
    """Phase 2 -> 3: two quarters of drafts with steady CSAT, high acceptance, low edits, precise routing."""

    min_weeks: float = Field(default=26.0, ge=0.0)
    max_csat_drop: float = Field(default=0.2, ge=0.0, le=4.0)
    min_csat_samples: int = Field(default=30, ge=1)
    min_acceptance: float = Field(default=0.80, ge=0.0, le=1.0)
    max_edit_rate: float = Field(default=0.30, ge=0.0, le=1.0)
    min_drafts: int = Field(default=50, ge=1)
    min_eval_precision: float = Field(default=0.95, ge=0.0, le=1.0)
    min_eval_predictions: int = Field(default=20, ge=1)


class Gates(_Strict):
    """The evidence a category needs before the CX lead may promote it (phase 0 -> 1 needs none)."""

    assist_to_suggest: AssistGate = Field(default_factory=AssistGate)
    suggest_to_autonomous: SuggestGate = Field(default_factory=SuggestGate)


class Demotion(_Strict):
    """When AI-handled CSAT in a phase-3 category is materially below human or pre-AI baseline CSAT.

    A non-inferiority test: it fires when both samples have `min_samples` surveys and a one-sided Welch
    t-test rejects "AI CSAT is at most `margin` points lower" at `alpha`, that is, when we are confident the
    gap is larger than `margin`. Ten noisy surveys cannot flip a category.
    """

    enabled: bool = True
    window_days: int = Field(default=28, ge=1)
    min_samples: int = Field(default=20, ge=2)
    margin: float = Field(default=0.2, ge=0.0, le=4.0)
    alpha: float = Field(default=0.05, gt=0.0, lt=1.0)
    to_phase: int = Field(default=2, ge=0, le=2)


class Aftercare(_Strict):
    """After an autonomous resolution: the CSAT survey and the durability of the resolution.

    `reopen_days` is the durability window of docs/metrics.md (PHASEGATE_DURABLE_DAYS, 7 days): a customer
    back on the same issue within it means the AI resolution did not hold.
    """

    reopen_days: float = Field(default=7.0, ge=0.0)
    survey_days: float = Field(default=14.0, gt=0.0)


class Review(_Strict):
    """The weekly sampled review of autonomous resolutions, and how its verdicts gate phase 3.

    Each week `sample_share` of a category's autonomous resolutions is sampled, at least `min_per_category`
    (all of them when fewer). A category whose "should have escalated" share of reviewed resolutions is
    above `max_should_have_escalated` is refused promotion to phase 3, and is demoted from it once
    `min_reviewed` verdicts in the last `window_days` say so.
    """

    sample_share: float = Field(default=0.05, gt=0.0, le=1.0)
    min_per_category: int = Field(default=20, ge=0)
    max_should_have_escalated: float = Field(default=0.05, ge=0.0, le=1.0)
    min_reviewed: int = Field(default=20, ge=1)
    window_days: int = Field(default=28, ge=1)


class Voice(_Strict):
    """The brand's voice for drafts: how a reply opens and closes, its tone, and phrases it never uses.

    `greeting` may hold `{first}` (the customer's first name); `sign_off` may hold `{brand}` (`brand`, or
    the workspace's brand name when unset). The
    guardrails flag any draft sentence containing a `banned_phrases` entry (case-insensitive).
    """

    brand: str | None = Field(default=None, description="Brand name in the sign-off; None: brand.yaml's.")
    greeting: str = Field(default="Hi {first},", min_length=1)
    greeting_no_name: str = Field(default="Hi there,", min_length=1)
    closing: str = "Let me know if there's anything else I can help with."
    sign_off: str = Field(default="Best,\nThe {brand} team", min_length=1)
    tone_words: list[str] = Field(default_factory=lambda: ["friendly", "clear", "warm", "concise"])
    apology: str = "I'm sorry about the trouble with this."
    banned_phrases: list[str] = Field(
        default_factory=lambda: [
            "calm down",
            "as per my last email",
            "unfortunately there is nothing we can do",
            "you should have",
            "no problem at all, it's not our fault",
        ]
    )

    @field_validator("greeting", "sign_off", "greeting_no_name")
    @classmethod
    def _placeholders(cls, value: str) -> str:
        try:
            value.format(first="A", brand="B")
        except (KeyError, IndexError, ValueError) as exc:
            raise ValueError(f"only {{first}} and {{brand}} may appear in braces ({exc})") from exc
        return value

    @field_validator("banned_phrases", "tone_words")
    @classmethod
    def _no_blank(cls, value: list[str]) -> list[str]:
        if any(not w.strip() for w in value):
            raise ValueError("entries must not be blank")
        return value


#: Each default list's entries, lower case: what "!entry" takes out.
_BUILT_IN: dict[str, frozenset[str]] = {
    name: frozenset(w.strip().lower() for w in words) for name, words in _default_keywords().items()
}


class Policy(_Strict):
    """The escalation logic as data. Absent fields take the seed's defaults."""

    currency: str = Field(default="USD", min_length=3, max_length=3)
    default_phase: int = Field(default=1, ge=0, le=3)
    phases: dict[str, int] = Field(default_factory=dict)
    allowlist: list[str] = Field(default_factory=lambda: list(DEFLECTABLE))
    never_autonomous: list[str] = Field(
        default_factory=lambda: ["refund_dispute", "product_harm", "complaint", "warranty_claim"]
    )
    thresholds: Thresholds = Field(default_factory=Thresholds)
    vip_requires_opt_in: bool = True
    kill_switch: bool | list[str] = False
    keywords: dict[str, list[str]] = Field(default_factory=_default_keywords)
    entities: Entities = Field(default_factory=Entities)
    amounts: Amounts = Field(default_factory=Amounts)
    gates: Gates = Field(default_factory=Gates)
    demotion: Demotion = Field(default_factory=Demotion)
    aftercare: Aftercare = Field(default_factory=Aftercare)
    review: Review = Field(default_factory=Review)
    control_share: float = Field(default=0.0, ge=0.0, le=0.5)
    control_salt: str = Field(default="phasegate-control", min_length=1)
    voice: Voice = Field(default_factory=Voice)

    @field_validator("phases")
    @classmethod
    def _phase_range(cls, value: dict[str, int]) -> dict[str, int]:
        for category, phase in value.items():
            if phase not in tuple(Phase):
                raise ValueError(f"phase of {category!r} must be 0, 1, 2 or 3, got {phase}")
        return value

    @field_validator("keywords", mode="before")
    @classmethod
    def _merge_keywords(cls, value: Any) -> Any:
        """A list named in the file adds its words to the built-in list of that name (`!phrase` naming a
        built-in entry takes it out); an empty list switches that signal off; lists not named keep their
        defaults.

        Adding, not replacing: SPEC's own example writes `legal_threat: [lawyer, attorney, sue, lawsuit, legal
        action]`, and a brand that copies it must not lose "see you in court", the other languages and the
        shapes the built-in lists carry (docs/policy.md, "Keyword lists").
        """
        if not isinstance(value, dict):
            return value
        merged = _default_keywords()
        for name, words in value.items():
            if words is None:
                words = []
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise ValueError(f"keywords.{name} must be a list of strings")
            merged[str(name)] = _with_built_in(words, merged.get(str(name), []))
        return merged

    @model_validator(mode="after")
    def _consistent(self) -> Policy:
        overlap = set(self.allowlist) & set(self.never_autonomous)
        if overlap:
            raise ValueError(f"allowlist and never_autonomous both name {sorted(overlap)}")
        return self

    def phase_of(self, category: str | None) -> int:
        """The phase this policy gives a category (`default_phase` when unlisted; 0 when out of scope)."""
        if category is None:
            return 0
        return self.phases.get(category, self.default_phase)

    def killed(self, category: str | None) -> bool:
        """Whether the kill switch covers this category."""
        if isinstance(self.kill_switch, bool):
            return self.kill_switch
        return category in self.kill_switch


def _describe(exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"]) or "(policy)"
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown field"
        parts.append(f"{loc}: {msg}")
    return "; ".join(parts)


def parse_policy(text: str) -> Policy:
    """Parse and validate policy YAML; raises PolicyError naming the field and the reason."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise PolicyError(f"not valid YAML: {exc}") from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PolicyError("(policy): expected a mapping of fields at the top level")
    try:
        return Policy.model_validate(data)
    except ValidationError as exc:
        raise PolicyError(_describe(exc)) from exc


def dump_policy(policy: Policy) -> str:
    """The policy as YAML, every field written out."""
    return yaml.safe_dump(policy.model_dump(mode="json"), sort_keys=False, allow_unicode=True)

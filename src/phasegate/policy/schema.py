"""The policy file (SPEC.md YAML), validated: unknown fields refused, each field defaulting to the seed."""

from __future__ import annotations

from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

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


def _default_keywords() -> dict[str, list[str]]:
    return {
        "legal_threat": ["lawyer", "attorney", "sue", "lawsuit", "legal action", "small claims", "solicitor"],
        "review_threat": ["review"],
        "regulated_topic": ["diagnose", "cure", "medical advice", "pregnant", "prescription", "legal advice"],
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
        ],
    }


class Entities(_Strict):
    """How entities look for this brand."""

    order_id_pattern: str = Field(default=r"\b(?:[A-Z]{1,3}-?\d{4,8}|#W\d{7})\b")


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

    @field_validator("phases")
    @classmethod
    def _phase_range(cls, value: dict[str, int]) -> dict[str, int]:
        for category, phase in value.items():
            if not 0 <= phase <= 3:
                raise ValueError(f"phase of {category!r} must be 0, 1, 2 or 3, got {phase}")
        return value

    @field_validator("keywords", mode="before")
    @classmethod
    def _merge_keywords(cls, value: Any) -> Any:
        """Lists named in the file replace the default list of that name; the others keep their defaults."""
        if not isinstance(value, dict):
            return value
        merged = _default_keywords()
        for name, words in value.items():
            if words is None:
                words = []
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise ValueError(f"keywords.{name} must be a list of strings")
            merged[str(name)] = words
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

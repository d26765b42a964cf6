"""Guardrails every draft passes before an agent (or a customer) sees it: pure functions, no database.

`check_draft` splits a draft into sentences and flags each one that states a fact (order id, date, amount,
tracking number, policy term, promise) not found in the sources it was given, promises money above the
policy's limit, makes a legal or medical statement, or uses a phrase the brand bans. `foreign_pii` and
`redact_foreign_pii` keep other people's e-mail addresses and phone numbers out of a prompt.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Literal

from phasegate.policy.schema import Policy

ClaimKind = Literal["order_id", "date", "amount", "tracking", "term", "promise"]

#: Flag codes, in the order the console lists them.
FLAG_CODES = (
    "unsupported_order_id",
    "unsupported_date",
    "unsupported_amount",
    "unsupported_tracking",
    "unsupported_term",
    "unsupported_promise",
    "forbidden_amount",
    "legal_or_medical",
    "banned_phrase",
)

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_WEEKDAYS = [d.lower() for d in calendar.day_name]
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_NUMBER_WORDS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "fourteen": 14,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "sixty": 60,
    "ninety": 90,
}

_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})")
_SLASH_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{2,4})\b")
_MONTH_DAY = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I)
_DAY_MONTH = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})\b\.?(?:,?\s+(\d{{4}}))?", re.I
)
_WEEKDAY = re.compile(rf"\b({'|'.join(_WEEKDAYS)})\b", re.I)
_AMOUNT = re.compile(
    r"(?:[$€£]\s?(\d[\d,]*(?:\.\d{1,2})?))|(?:\b(\d[\d,]*(?:\.\d{1,2})?)\s?(?:USD|EUR|GBP|dollars?)\b)", re.I
)
_BARE_DECIMAL = re.compile(r"(?<![\w.])(\d[\d,]*\.\d{2})(?![\w.])")
_TRACKING = re.compile(r"\b(?=[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z0-9]{10})[A-Z0-9]{10,34}\b")
_TERM = re.compile(
    rf"\b(\d{{1,3}}|{'|'.join(_NUMBER_WORDS)})[-\s]+(?:business[-\s]+|calendar[-\s]+|working[-\s]+)?"
    r"(day|week|month|year)s?\b",
    re.I,
)
_PROMISE = re.compile(
    r"\b(?:we|i)(?:'ll|\s+will|\s+shall|\s+can|\s+am\s+going\s+to|\s+are\s+going\s+to|'ve|\s+have)?"
    r"(?:\s+\w+ly)?\s+(refund(?:ed)?|credit(?:ed)?|replace(?:d)?|reimburse(?:d)?|compensate(?:d)?|waive(?:d)?"
    r"|cover(?:ed)?|send\s+(?:you\s+)?(?:a\s+)?(?:free|new|replacement))\b"
    r"|\b(guarantee[ds]?|promise[ds]?)\b",
    re.I,
)
_MONEY_MOVE = re.compile(r"\b(refund|credit|reimburse|compensat|store credit|gift card)", re.I)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_PHONE = re.compile(r"(?<![\w])(?:\+?\d[\d ().-]{7,}\d)(?![\w])")
#: Statements a support reply must never make, beyond the policy's regulated-topic keywords.
_LEGAL_MEDICAL = (
    "legal advice",
    "medical advice",
    "not liable",
    "liability",
    "legally",
    "your rights",
    "diagnos",
    "is safe for",
    "safe to use while",
    "cures",
    "will cure",
    "treats ",
    "prescription",
)
#: Promise words that a source's allowed actions must contain for the promise to stand.
_PROMISE_ROOTS = {
    "refund": "refund",
    "credit": "credit",
    "replace": "replac",
    "reimburse": "reimburs",
    "compensate": "compensat",
    "waive": "waive",
    "cover": "cover",
    "send": "replac",
    "guarantee": "guarantee",
    "promise": "promise",
}


@dataclass(frozen=True)
class Sources:
    """What a draft may state facts from: texts (the ticket, the brief's facts, passages, account) and the
    actions the resolution path allows (e.g. "issue refund", "send replacement") that a promise may make.
    """

    texts: Sequence[str]
    actions: Sequence[str] = ()


@dataclass(frozen=True)
class Claim:
    """One checkable fact in a sentence and whether the sources support it."""

    kind: ClaimKind
    text: str
    supported: bool


@dataclass(frozen=True)
class SentenceCheck:
    """One sentence of the draft, the claims found in it, and the flags raised (empty: fine)."""

    index: int
    text: str
    claims: tuple[Claim, ...] = ()
    flags: tuple[str, ...] = ()
    reasons: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """No flag raised on this sentence."""
        return not self.flags


@dataclass(frozen=True)
class GuardrailReport:
    """The verdict on a draft: every sentence with its flags; `safe` only when no sentence is flagged."""

    sentences: tuple[SentenceCheck, ...]
    safe: bool
    unsupported: int = 0
    codes: tuple[str, ...] = field(default=())

    @property
    def flagged(self) -> list[SentenceCheck]:
        """The sentences that raised a flag."""
        return [s for s in self.sentences if s.flags]

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready form (stored with the draft, shown in the console and the API)."""
        return {
            "safe": self.safe,
            "claims": sum(len(s.claims) for s in self.sentences),
            "unsupported": self.unsupported,
            "codes": list(self.codes),
            "flagged": [
                {"index": s.index, "text": s.text, "flags": list(s.flags), "reasons": list(s.reasons)}
                for s in self.flagged
            ],
        }


def sentences(text: str) -> list[str]:
    """The draft's sentences: split at line breaks and after . ! ? followed by a space."""
    out: list[str] = []
    for line in text.splitlines():
        for part in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9\"'(])", line.strip()):
            if part.strip():
                out.append(part.strip())
    return out


def plain_text(text: str) -> str:
    """Markdown as one line of plain text: links to their words, no emphasis, headings, tables or bullets."""
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)
    lines = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith(("|", "#")):
            continue
        lines.append(re.sub(r"^(?:[-*]|\d+\.)\s+", "", line))
    flat = " ".join(lines).replace("**", "").replace("__", "")
    return re.sub(r"\s+", " ", flat).strip()


def _norm(text: str) -> str:
    return re.sub(r"[^\w$€£.%-]+", " ", plain_text(text).lower()).strip()


def _money(raw: str) -> Decimal | None:
    try:
        return Decimal(raw.replace(",", "")).quantize(Decimal("0.01"))
    except InvalidOperation:
        return None


def _amounts(text: str, *, bare: bool = False) -> list[tuple[str, Decimal]]:
    found = []
    for m in _AMOUNT.finditer(text):
        value = _money(m.group(1) or m.group(2))
        if value is not None:
            found.append((m.group(0).strip(), value))
    if bare:  # sources state money as plain decimals too ("total": 129.00)
        found += [(m.group(1), v) for m in _BARE_DECIMAL.finditer(text) if (v := _money(m.group(1)))]
    return found


def _dates(text: str) -> list[tuple[str, tuple[int, int]]]:
    """Dates as (month, day), the year ignored: "March 3", "3 March 2026", "2026-03-03", "03/03/2026"."""
    found: list[tuple[str, tuple[int, int]]] = []
    for m in _ISO_DATE.finditer(text):
        found.append((m.group(0), (int(m.group(2)), int(m.group(3)))))
    for m in _SLASH_DATE.finditer(text):
        found.append((m.group(0), (int(m.group(1)), int(m.group(2)))))
    for m in _MONTH_DAY.finditer(text):
        found.append((m.group(0), (_MONTHS[m.group(1).lower()], int(m.group(2)))))
    for m in _DAY_MONTH.finditer(text):
        found.append((m.group(0), (_MONTHS[m.group(2).lower()], int(m.group(1)))))
    return found


def _weekdays_of(text: str) -> set[str]:
    """Weekday names stated in a text, plus the weekdays of its full ISO dates."""
    days = {m.group(1).lower() for m in _WEEKDAY.finditer(text)}
    for m in _ISO_DATE.finditer(text):
        try:
            days.add(_WEEKDAYS[date(int(m.group(1)), int(m.group(2)), int(m.group(3))).weekday()])
        except ValueError:
            continue
    return days


def _terms(text: str) -> list[tuple[str, tuple[int, str]]]:
    found = []
    for m in _TERM.finditer(text):
        raw = m.group(1).lower()
        n = int(raw) if raw.isdigit() else _NUMBER_WORDS[raw]
        found.append((m.group(0), (n, m.group(2).lower())))
    return found


def _promises(text: str) -> list[tuple[str, str]]:
    found = []
    for m in _PROMISE.finditer(text):
        verb = (m.group(1) or m.group(2) or "").lower().split()[0]
        root = next((r for k, r in _PROMISE_ROOTS.items() if verb.startswith(k)), verb)
        found.append((m.group(0), root))
    return found


@dataclass(frozen=True)
class _Index:
    """The sources, normalised once per check."""

    plain: str
    normalized: str
    order_ids: frozenset[str]
    dates: frozenset[tuple[int, int]]
    weekdays: frozenset[str]
    amounts: frozenset[Decimal]
    terms: frozenset[tuple[int, str]]
    actions: str

    @classmethod
    def of(cls, sources: Sources, policy: Policy) -> _Index:
        joined = "\n".join(plain_text(t) for t in sources.texts)
        pattern = re.compile(policy.entities.order_id_pattern)
        terms = {t for _, t in _terms(joined)}
        # "12 months" and "1 year" state the same term; "52 weeks" is not how anyone writes it.
        terms |= {(n * 12, "month") for n, u in terms if u == "year"}
        terms |= {(n // 12, "year") for n, u in terms if u == "month" and n % 12 == 0}
        return cls(
            plain=joined.upper(),
            normalized=" ".join(_norm(t) for t in sources.texts),
            order_ids=frozenset(m.group(0).upper().lstrip("#") for m in pattern.finditer(joined)),
            dates=frozenset(d for _, d in _dates(joined)),
            weekdays=frozenset(_weekdays_of(joined)),
            amounts=frozenset(v for _, v in _amounts(joined, bare=True)),
            terms=frozenset(terms),
            # Only the resolution path's actions license a promise: the customer asking for a refund does not.
            actions=" ".join(sources.actions).lower(),
        )


def _claims(sentence: str, index: _Index, policy: Policy) -> list[Claim]:
    claims: list[Claim] = []
    pattern = re.compile(policy.entities.order_id_pattern)
    order_spans = []
    for m in pattern.finditer(sentence):
        order_spans.append(m.group(0).upper())
        oid = m.group(0).upper().lstrip("#")
        claims.append(Claim("order_id", m.group(0), oid in index.order_ids))
    for m in _TRACKING.finditer(sentence):
        token = m.group(0)
        if token.upper() in order_spans or (token.isdigit() and len(token) < 10):
            continue
        claims.append(Claim("tracking", token, token.upper() in index.plain))
    for raw, value in _amounts(sentence):
        claims.append(Claim("amount", raw, value in index.amounts))
    for raw, (month, day) in _dates(sentence):
        claims.append(Claim("date", raw, (month, day) in index.dates))
    for m in _WEEKDAY.finditer(sentence):
        claims.append(Claim("date", m.group(0), m.group(1).lower() in index.weekdays))
    for raw, term in _terms(sentence):
        claims.append(Claim("term", raw, term in index.terms))
    # A promise stands when the resolution path allows it, or when the sentence quotes a source word for
    # word (the help center's own policy: "we refund the difference once per item").
    quoted = _norm(sentence) in index.normalized
    for raw, root in _promises(sentence):
        claims.append(Claim("promise", raw, quoted or root in index.actions))
    return claims


def _forbidden(sentence: str, policy: Policy) -> list[tuple[str, str]]:
    low = sentence.lower()
    found: list[tuple[str, str]] = []
    if _MONEY_MOVE.search(sentence) and _promises(sentence):
        limit = Decimal(str(policy.thresholds.amount))
        over = [raw for raw, value in _amounts(sentence) if value > limit]
        if over:
            found.append(("forbidden_amount", f"promises {', '.join(over)}, above the {limit} limit"))
    words = [*policy.keywords.get("regulated_topic", []), *_LEGAL_MEDICAL]
    hits = [w for w in words if re.search(rf"\b{re.escape(w.strip().lower())}", low)]
    if hits:
        found.append(("legal_or_medical", f"legal or medical statement ({', '.join(sorted(set(hits)))})"))
    banned = [p for p in policy.voice.banned_phrases if p.lower() in low]
    if banned:
        found.append(("banned_phrase", f"the brand bans {', '.join(repr(b) for b in banned)}"))
    return found


def check_draft(text: str, sources: Sources, policy: Policy) -> GuardrailReport:
    """Check a draft against its sources and the policy; `safe` only when no sentence is flagged."""
    index = _Index.of(sources, policy)
    checks: list[SentenceCheck] = []
    unsupported = 0
    for i, sentence in enumerate(sentences(text)):
        claims = _claims(sentence, index, policy)
        flags: list[str] = []
        reasons: list[str] = []
        for claim in claims:
            if not claim.supported:
                unsupported += 1
                code = f"unsupported_{claim.kind}"
                if code not in flags:
                    flags.append(code)
                reasons.append(f"{claim.kind} {claim.text!r} is not in the sources")
        for code, reason in _forbidden(sentence, policy):
            flags.append(code)
            reasons.append(reason)
        checks.append(SentenceCheck(i, sentence, tuple(claims), tuple(flags), tuple(reasons)))
    codes = tuple(c for c in FLAG_CODES if any(c in s.flags for s in checks))
    return GuardrailReport(tuple(checks), safe=not codes, unsupported=unsupported, codes=codes)


def foreign_pii(text: str, own: Iterable[str]) -> list[str]:
    """E-mail addresses and phone numbers in `text` that are not the customer's own (`own`)."""
    mine = {o.strip().lower() for o in own if o}
    mine_digits = {re.sub(r"\D", "", o) for o in mine if sum(c.isdigit() for c in o) >= 7}
    found = [m.group(0) for m in _EMAIL.finditer(text) if m.group(0).lower() not in mine]
    for m in _PHONE.finditer(text):
        digits = re.sub(r"\D", "", m.group(0))
        if 7 <= len(digits) <= 15 and digits not in mine_digits and not _ISO_DATE.search(m.group(0)):
            found.append(m.group(0))
    return found


def redact_foreign_pii(text: str, own: Iterable[str]) -> str:
    """`text` with every e-mail address and phone number not in `own` replaced by `[redacted]`."""
    own = list(own)
    out = text
    for item in sorted(set(foreign_pii(text, own)), key=len, reverse=True):
        out = out.replace(item, "[redacted]")
    return out


def unsupported_claims(reports: Sequence[GuardrailReport]) -> int:
    """How many unsupported facts a batch of reports found (the done-when figure)."""
    return sum(r.unsupported for r in reports)

"""Putting a planned ticket into words and deciding its outcome: the customer's message, the intake decision,
who handled it, the replies, the draft and its edits, CSAT and costs.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from phasegate.brand import BrandFacts
from phasegate.tickets.schemas import TicketIn
from phasegate.world.intake import opening_ticket
from phasegate.world.people import PROMOS, format_address, money, us_address
from phasegate.world.phrasing import extras, noise, signals
from phasegate.world.phrasing.render import render
from phasegate.world.plans import Plan
from phasegate.world.records import Refund, Shipment
from phasegate.world.tables import table
from phasegate.world.timeline import PACIFIC_OFFSET, Weighted

#: The support team's names, as customers see them signed (world/data/threads.yaml).
AGENTS: tuple[str, ...] = table("threads", "AGENTS")
#: What customers say they need an order in time for (world/data/threads.yaml).
TRIPS: tuple[str, ...] = table("threads", "TRIPS")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
CURRENCY_NAMES = {
    "CA": "Canadian dollars",
    "GB": "pounds",
    "IE": "euros",
    "DE": "euros",
    "FR": "euros",
    "NL": "euros",
    "SE": "kronor",
    "AU": "Australian dollars",
    "NZ": "NZ dollars",
    "JP": "yen",
}
COLOUR_COMPLAINTS = ("green", "grey", "brown", "washed out", "neon", "purple", "yellow", "dull")
ORDER_RE = re.compile(r"(?i)\b(?:TR-?|#)?(1\d{5})\b")
#: Words whose mere presence is a signal (SPEC: "the words lawyer or review"), however they were meant.
LITERAL_SIGNALS = (
    (re.compile(r"\breviews?\b"), "review_word"),
    (re.compile(r"\b(lawyers?|attorneys?)\b"), "legal_threat"),
    (re.compile(r"\bchargebacks?\b"), "third_party_claim"),
)


@dataclass
class Composed:
    """The customer's opening: messages (chat may split a greeting off), subject, signals, second ask."""

    texts: list[str]
    subject: str | None
    signals: list[str]
    secondary: str | None


@dataclass
class Opening:
    """A ticket's first words: the slots they were rendered with, what was written and when each turn went.

    The customer writes it before anyone answers, from a random stream of its own: nothing the product or
    an agent later does changes it (the bundled router trains on these texts)."""

    ticket_id: str
    plan: Plan
    ctx: Context
    composed: Composed
    turns: list[tuple[str, datetime]]

    def ticket(self, *, ai_contacts_on_issue: int = 0) -> TicketIn:
        """The opening as the helpdesk hands it to the product's intake."""
        p = self.plan
        return opening_ticket(
            ticket_id=self.ticket_id,
            channel=p.channel,
            subject=self.composed.subject,
            created_at=p.at,
            customer=p.customer,
            order_id=p.order.id if p.order else None,
            issue_id=p.issue_id,
            texts=self.turns,
            ai_contacts_on_issue=ai_contacts_on_issue,
        )


def open_ticket(ticket_id: str, plan: Plan, facts: BrandFacts, rng: random.Random) -> Opening:
    """What the customer of `plan` writes first, and when (a chat greeting may go on its own first)."""
    ctx = context(plan, facts, rng)
    composed = compose(plan, ctx, facts, rng)
    at = plan.at
    turns: list[tuple[str, datetime]] = []
    for i, text in enumerate(composed.texts):
        if i:
            at += timedelta(seconds=rng.uniform(8, 50))
        turns.append((text, at))
    return Opening(ticket_id, plan, ctx, composed, turns)


def when(at: datetime, ref: datetime, rng: random.Random) -> str:
    """How a customer writing at `ref` names the moment `at`."""
    local, now = at + PACIFIC_OFFSET, ref + PACIFIC_OFFSET
    days = (now.date() - local.date()).days
    if days <= 0:
        return rng.choice(("today", "this morning", "earlier today"))
    if days == 1:
        return rng.choice(("yesterday", "yesterday", "last night"))
    if days < 7:
        return rng.choice(
            (f"on {WEEKDAYS[local.weekday()]}", f"last {WEEKDAYS[local.weekday()]}", f"{days} days ago")
        )
    if days < 14:
        return rng.choice(("last week", "over a week ago", f"on {local:%b} {local.day}", f"{days} days ago"))
    if days < 60:
        return rng.choice(
            (f"on {local:%B} {local.day}", f"{days // 7} weeks ago", f"back on {local.month}/{local.day}")
        )
    months = round(days / 30.4)
    return rng.choice((f"in {local:%B}", f"about {months} months ago", f"last {local:%B}"))


def _amount(value: Decimal, rng: random.Random) -> str:
    style = rng.random()
    if style < 0.7:
        return f"${value:,.2f}"
    if style < 0.85:
        return f"${value:.0f}"
    return f"{value:.2f}"


#: How customers write an order number: as printed, with a hash, digits only, squashed, lower case.
_REF_STYLE = Weighted(range(6), (60, 8, 10, 8, 6, 8))
_NAME_STYLE = Weighted(range(4), (45, 25, 15, 15))


def _order_ref(order_id: str, rng: random.Random) -> str:
    digits = order_id.split("-")[-1]
    squashed = order_id.replace("-", "")
    return (order_id, f"#{order_id}", f"#{digits}", digits, squashed.lower(), squashed)[_REF_STYLE.pick(rng)]


class Context(Mapping[str, str]):
    """Every slot a framing may use, filled from this ticket's world when first asked for (and then kept)."""

    def __init__(self, plan: Plan, facts: BrandFacts, rng: random.Random) -> None:
        self.plan, self.facts, self.rng = plan, facts, rng
        self._values: dict[str, str] = {}

    def __getitem__(self, key: str) -> str:
        if key not in self._values:
            make = getattr(self, f"_{key}", None)
            if make is None:
                raise KeyError(key)
            self._values[key] = str(make())
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    # customer and brand
    def _brand(self) -> str:
        return self.facts.name

    def _club(self) -> str:
        return self.facts.member_program

    def _final_section(self) -> str:
        return self.facts.final_sale_section

    def _email(self) -> str:
        return self.plan.customer.email

    def _full_name(self) -> str:
        return self.plan.customer.name

    def _city(self) -> str:
        return self.plan.customer.address.get("city", "")

    def _country(self) -> str:
        return self.facts.international_countries.get(self.plan.customer.address.get("country", ""), "the US")

    def _currency_name(self) -> str:
        return CURRENCY_NAMES.get(self.plan.customer.address.get("country", ""), "euros")

    def _trip(self) -> str:
        return self.rng.choice(TRIPS)

    def _weekday(self) -> str:
        return self.rng.choice(WEEKDAYS[:5])

    def _chest(self) -> int:
        return self.rng.randrange(34, 48)

    def _colour_complaint(self) -> str:
        return self.rng.choice(COLOUR_COMPLAINTS)

    def _new_address(self) -> str:
        planned = self.plan.outcome.get("new_address")
        return format_address(planned if planned else us_address(self.rng, self.plan.customer.name))

    def _apt(self) -> str:
        return f"Apt {self.rng.randrange(1, 30)}{self.rng.choice('ABCDEF')}"

    def _zip(self) -> int:
        return self.rng.randrange(10000, 99999)

    def _promo(self) -> str:
        o = self.plan.order
        return o.promo_code if o and o.promo_code else self.rng.choice(list(PROMOS))

    # product
    def _product(self) -> str:
        p, v = self.plan.product, self.plan.variant
        if p is None:
            return "order"
        style = _NAME_STYLE.pick(self.rng)
        if style == 0:
            return p.short
        if style == 1:
            return p.name.split(" - ")[0]
        if style == 2:
            colour = v.options.get("colour", "") if v else ""
            return f"{colour} {p.short}".strip()
        return f"{p.short.split()[0]} {self['noun']}"

    def _noun(self) -> str:
        p = self.plan.product
        return self.rng.choice(p.extra.get("nouns") or ["item"]) if p else "item"

    def _colour(self) -> str:
        v = self.plan.variant
        return v.options.get("colour", "") if v else ""

    def _other_colour(self) -> str:
        p = self.plan.product
        colours = [x for x in (p.extra.get("colours", []) if p else []) if x != self["colour"]]
        return self.rng.choice(colours) if colours else self["colour"]

    def _sizes(self) -> list[str]:
        p = self.plan.product
        return list(dict.fromkeys(x.options["size"] for x in p.variants)) if p else ["M"]

    def _size(self) -> str:
        v = self.plan.variant
        return v.options.get("size", self._sizes()[0]) if v else self._sizes()[0]

    def _other_size(self) -> str:
        others = [s for s in self._sizes() if s != self["size"]]
        return self.rng.choice(others) if others else self["size"]

    def _list_price(self) -> Decimal:
        p = self.plan.product
        return p.price if p else Decimal("50.00")

    def _price(self) -> str:
        return _amount(self._list_price(), self.rng)

    def _sale_price(self) -> str:
        return _amount(money(self._list_price() * Decimal("0.8")), self.rng)

    def _diff(self) -> str:
        return _amount(money(self._list_price() * Decimal("0.2")), self.rng)

    def _other_product(self) -> str:
        other = self.plan.other_product
        return other.short if other else "the other one"

    # order
    def _order(self) -> str:
        o = self.plan.order
        return _order_ref(o.id, self.rng) if o else "my order"

    def _when(self, at: datetime | None) -> str:
        return when(at or self.plan.at, self.plan.at, self.rng)

    def _placed(self) -> str:
        o = self.plan.order
        return self._when(o.placed_at if o else None)

    def _placed_date(self) -> str:
        o = self.plan.order
        local = (o.placed_at if o else self.plan.at) + PACIFIC_OFFSET
        return self.rng.choice(
            (f"{local:%b} {local.day}", f"{local.month}/{local.day}", f"the {local.day}th")
        )

    def _days(self) -> int:
        o = self.plan.order
        return max(1, (self.plan.at - o.placed_at).days) if o else 3

    def _method(self) -> str:
        o = self.plan.order
        return self.facts.method(o.method).name.lower() if o else "standard"

    def _amount(self) -> str:
        o, c = self.plan.order, self.plan.category
        if o is None or (c in ("refund_request", "refund_dispute") and self.plan.product is not None):
            return self["price"]  # what was paid for the item in question
        return _amount(o.total, self.rng)

    def _expected_amount(self) -> str:
        o = self.plan.order
        return _amount(money((o.total if o else self._list_price()) * Decimal("0.9")), self.rng)

    def _shipping_cost(self) -> str:
        o = self.plan.order
        return _amount((o.shipping_cost if o else None) or self.facts.method("expedited").price, self.rng)

    def _shipment(self) -> Shipment | None:
        o = self.plan.order
        return o.shipments[0] if o and o.shipments else None

    def _carrier(self) -> str:
        ship = self._shipment()
        o = self.plan.order
        return ship.carrier if ship else self.facts.method(o.method if o else "standard").carriers[0]

    def _tracking(self) -> str:
        ship = self._shipment()
        return ship.tracking_number if ship else "(no tracking yet)"

    def _shipped(self) -> str:
        ship = self._shipment()
        return self._when(ship.shipped_at if ship else None)

    def _expected(self) -> str:
        ship = self._shipment()
        return self._when(ship.expected_at) if ship and ship.expected_at < self.plan.at else "this week"

    def _delivered(self) -> str:
        ship = self._shipment()
        return self._when((ship.delivered_at or ship.expected_at) if ship else None)

    def _last_refund(self) -> Refund | None:
        o = self.plan.order
        if o is None:
            return None
        seen = [r for r in o.refunds if r.created_at <= self.plan.at]
        # the refund a customer talks about is the one for their return, not a fee refunded later
        return next((r for r in reversed(seen) if r.reason == "return"), seen[-1] if seen else None)

    def _refunded(self) -> str:
        refund = self._last_refund()
        return self._when(refund.created_at) if refund else "last week"

    def _refund_amount(self) -> str:
        refund = self._last_refund()
        if refund is not None:
            return _amount(refund.amount, self.rng)
        return _amount(money(self._list_price() - self.facts.return_shipping_fee), self.rng)

    def _returned(self) -> str:
        o = self.plan.order
        ret = next((r for r in reversed(o.returns) if r.created_at <= self.plan.at), None) if o else None
        return self._when(ret.created_at) if ret else "last week"

    def _age(self) -> str:
        o = self.plan.order
        if o is None:
            return self.rng.choice(("a year", "about 18 months", "two years", "8 months"))
        ship = self._shipment()
        return _age(
            (self.plan.at - (ship.delivered_at if ship and ship.delivered_at else o.placed_at)).days, self.rng
        )


def context(plan: Plan, facts: BrandFacts, rng: random.Random) -> Context:
    """The slots of `plan`, computed as framings ask for them."""
    return Context(plan, facts, rng)


def _age(days: int, rng: random.Random) -> str:
    months = days / 30.4
    if months < 2:
        return f"{max(1, days // 7)} weeks"
    if months < 11:
        return rng.choice((f"{round(months)} months", f"about {round(months)} months"))
    if months < 15:
        return rng.choice(("a year", "about a year", "just over a year"))
    if months < 21:
        return rng.choice(("a year and a half", "about 18 months"))
    return rng.choice(
        (f"{round(months / 12)} years", f"about {round(months / 12)} years", f"{round(months)} months")
    )


def compose(plan: Plan, ctx: Mapping[str, str], facts: BrandFacts, rng: random.Random) -> Composed:
    """The customer's first message(s): the framing in their own style, with signals and a second ask."""
    c = plan.customer
    style = noise.STYLES[str(c.extra.get("style", "plain"))]
    ask = render(plan.framing.text, ctx, rng)
    sigs = list(plan.signals)
    before: list[str] = []
    after: list[str] = []
    for s in sigs:
        if s == "product_harm":
            continue  # the framing itself is the harm
        phrase = render(rng.choice(signals.POOLS[s]), ctx, rng)
        if (
            s == "repeat_contact"
            or (s in ("emotional_load", "vip_mention") and rng.random() < 0.6)
            or rng.random() < 0.35
        ):
            before.append(phrase)
        else:
            after.append(phrase)
    if "frustration" in sigs and rng.random() < 0.15:
        ask = ask.upper()
    secondary_text = None
    if plan.secondary:
        secondary_text = rng.choice(extras.JOINERS) + render(
            rng.choice(extras.SECONDARY[plan.secondary]), ctx, rng
        )
    # Preambles come with asks long enough to need context, and never before someone's grief.
    long_form = (
        plan.channel in ("email", "web")
        and rng.random() < style.preamble
        and "emotional_load" not in sigs
        and len(ask.split()) >= 8
    )
    parts = []
    if long_form:
        parts.extend(rng.sample(noise.PREAMBLES, k=rng.choice((1, 1, 2))))
    parts.extend(before)
    parts.append(ask)
    if secondary_text:
        parts.append(secondary_text)
    parts.extend(after)
    text = " ".join(parts)
    if plan.channel in ("email", "web") and long_form and rng.random() < 0.5:
        text = text.replace(". ", ".\n\n", 1)
    if rng.random() < style.typo:
        text = noise.misspell(text, rng, passes=rng.choice((1, 1, 2, 3)))
    if style.name in ("casual", "sloppy", "terse") and rng.random() < 0.5:
        text = noise.strip_apostrophes(text)
    if rng.random() < style.no_punct:
        text = noise.drop_punctuation(text)
    if rng.random() < style.lower:
        text = noise.lower_case(text)
    if rng.random() < style.emoji:
        pool = noise.ANGRY_EMOJI if "frustration" in sigs else noise.EMOJI
        text = f"{text} {rng.choice(pool)}"
    openers = noise.CHAT_OPENERS if plan.channel in ("chat", "social") else noise.OPENERS
    opener = render(rng.choice(openers), ctx, rng) if rng.random() < style.opener else None
    closer = rng.choice(noise.CLOSERS) if rng.random() < style.closer else None
    texts: list[str]
    if plan.channel == "chat":
        texts = [text]
        if opener and rng.random() < 0.35:
            texts.insert(0, opener.rstrip(",").lower() if style.lower else opener.rstrip(","))
        elif opener:
            texts[0] = f"{opener} {text}"
    elif plan.channel == "social":
        texts = [text]
    else:
        pieces = [opener] if opener else []
        pieces.append(text)
        if closer:
            pieces.append(closer)
        if rng.random() < style.signature:
            first, last = c.name.split(" ", 1)
            pieces.append(
                rng.choice(noise.SIGNATURES).format(
                    first=first,
                    full=c.name,
                    first_initial=first[0],
                    last=last,
                    phone=c.phone or "",
                    city=ctx["city"],
                    state=c.address.get("state", ""),
                )
            )
        texts = ["\n\n".join(pieces).strip() if style.name == "formal" else "\n".join(pieces).strip()]
    lowered = " ".join(texts).lower()
    for pattern, signal in LITERAL_SIGNALS:
        if (
            pattern.search(lowered)
            and signal not in sigs
            and not (signal == "review_word" and "review_threat" in sigs)
        ):
            sigs.append(signal)
    subject = None
    if plan.channel in ("email", "web"):
        r = rng.random()
        if r < 0.72:
            subject = render(rng.choice(extras.SUBJECTS[plan.category]), ctx, rng)
        elif r < 0.88:
            subject = rng.choice(extras.GENERIC_SUBJECTS)
        else:
            subject = " ".join(ask.split()[:7])
    return Composed(texts=texts, subject=subject, signals=sigs, secondary=plan.secondary)

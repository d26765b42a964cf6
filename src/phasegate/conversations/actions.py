"""The actions the engine may take, each checking its own preconditions, each recorded (who, what, arguments,
status, result, time). Money-moving kinds are never done here: they are recorded as refused and escalate.

An action returns what happened and the sentences the customer may be told, each with its source, so a reply
is grounded by construction.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy.orm import Session

from phasegate.brand import BrandFacts
from phasegate.conversations import outbox
from phasegate.conversations.commerce import StoreCommerce
from phasegate.conversations.models import ConversationAction
from phasegate.conversations.verification import mask
from phasegate.store.models import Customer, Order

Status = Literal["done", "refused", "needs_verification"]

#: Every action kind of the contract; the last three move money.
KINDS = (
    "tracking_lookup",
    "return_label",
    "password_reset",
    "address_update",
    "account_email_change",
    "refund",
    "credit",
    "discount",
)
MONEY_KINDS = ("refund", "credit", "discount")
#: Kinds that need the customer verified by a one-time code, whoever they say they are.
NEEDS_CODE = ("password_reset", "address_update", "account_email_change")
_SHIPPED = {"shipped", "in_transit", "out_for_delivery", "delivered", "exception", "returned"}


@dataclass(frozen=True)
class Fact:
    """One sentence a reply may say, and where it comes from (`store`, `brand`, `kb` or `engine`)."""

    kind: str
    ref: str
    text: str

    def as_dict(self) -> dict[str, str]:
        """JSON form: kind, ref, text."""
        return {"kind": self.kind, "ref": self.ref, "text": self.text}


@dataclass
class Access:
    """Who is asking, as far as the engine knows: the channel's customer, and whom a code has verified."""

    identity: Customer | None = None
    verified: set[str] = field(default_factory=set)

    def owns(self, order: Order) -> bool:
        """Whether the person writing may see this order: it is theirs (channel identity or a code)."""
        owner = order.customer_id
        if owner is None:
            return False
        return (self.identity is not None and self.identity.id == owner) or owner in self.verified


@dataclass
class Outcome:
    """What an action did: status, result, what to tell the customer, and whom a code must verify."""

    kind: str
    args: dict[str, Any]
    status: Status
    result: dict[str, Any] = field(default_factory=dict)
    say: list[Fact] = field(default_factory=list)
    verify: Customer | None = None

    def as_json(self) -> dict[str, Any]:
        """The contract's action object."""
        return {"kind": self.kind, "args": self.args, "status": self.status}


@dataclass
class Actor:
    """Everything an action needs: the back end, the brand, the clock, the conversation and its access."""

    session: Session
    backend: StoreCommerce
    brand: BrandFacts
    conversation_id: str
    access: Access
    now: datetime
    who: str = "ai"

    def record(self, outcome: Outcome) -> Outcome:
        """Keep the action in the audit table."""
        self.session.add(
            ConversationAction(
                conversation_id=self.conversation_id,
                actor=self.who,
                kind=outcome.kind,
                args=outcome.args,
                status=outcome.status,
                result=outcome.result or None,
                at=self.now,
            )
        )
        self.session.flush()
        return outcome


def _date(value: datetime) -> str:
    return f"{value:%B} {value.day}, {value.year}"


def _not_yours(kind: str, args: dict[str, Any], order_id: str) -> Outcome:
    # The same words whether the order does not exist or is someone else's: no answer leaks either.
    return Outcome(
        kind,
        args,
        "refused",
        {"reason": "no such order on this customer's account"},
        [
            Fact(
                "engine",
                "access",
                f"I can't find an order {order_id} on your account. Could you check the number?",
            )
        ],
    )


def _owned_order(actor: Actor, kind: str, args: dict[str, Any], order_id: str) -> Order | Outcome:
    """The order when the person writing may act on it; else the outcome to record (refused, or a code)."""
    order = actor.backend.order_row(order_id)
    if order is None:
        return _not_yours(kind, args, order_id)
    if actor.access.owns(order):
        return order
    owner = actor.backend.customer_row(order.customer_id) if order.customer_id else None
    if actor.access.identity is None and owner is not None and owner.email:
        # An anonymous writer may be the owner: a code to the owner's email on file proves it.
        return Outcome(kind, args, "needs_verification", {"reason": "order owner not verified"}, verify=owner)
    return _not_yours(kind, args, order_id)


def tracking_lookup(actor: Actor, *, order_id: str) -> Outcome:
    """Where an order is: its shipments' carrier, tracking number, status and latest scan (owner only)."""
    args = {"order_id": order_id}
    found = _owned_order(actor, "tracking_lookup", args, order_id)
    if isinstance(found, Outcome):
        return actor.record(found)
    order = found
    ref = f"orders/{order.id}"
    say: list[Fact] = []
    if not order.shipments:
        say.append(Fact("store", ref, f"Order {order.id} has not shipped yet (status: {order.status})."))
    for s in order.shipments:
        sref = f"{ref}/shipments/{s.id}"
        line = f"Order {order.id} is {s.status.replace('_', ' ')}"
        if s.carrier and s.tracking_number:
            line += f", with {s.carrier}, tracking number {s.tracking_number}"
        say.append(Fact("store", sref, line + "."))
        if s.delivered_at is not None:
            say.append(Fact("store", sref, f"It was delivered on {_date(s.delivered_at)}."))
        elif s.events:
            last = s.events[-1]
            where = f" in {last.location}" if last.location else ""
            what = last.description or last.status.replace("_", " ")
            say.append(
                Fact("store", f"{sref}/events/{last.id}", f"Latest scan{where} on {_date(last.at)}: {what}.")
            )
    result = {
        "status": order.status,
        "shipments": [
            {"carrier": s.carrier, "tracking_number": s.tracking_number, "status": s.status}
            for s in order.shipments
        ],
    }
    return actor.record(Outcome("tracking_lookup", args, "done", result, say))


def return_label(actor: Actor, *, order_id: str) -> Outcome:
    """A prepaid label for the order's eligible items, inside the brand's return window (owner only)."""
    args = {"order_id": order_id}
    found = _owned_order(actor, "return_label", args, order_id)
    if isinstance(found, Outcome):
        return actor.record(found)
    order, brand = found, actor.brand
    ref = f"orders/{order.id}"
    delivered = [s.delivered_at for s in order.shipments if s.delivered_at is not None]
    if not delivered:
        return actor.record(
            Outcome(
                "return_label",
                args,
                "refused",
                {"reason": "not delivered yet"},
                [
                    Fact(
                        "store",
                        ref,
                        f"Order {order.id} has not been delivered yet, so a return cannot start.",
                    )
                ],
            )
        )
    customer = actor.backend.customer_row(order.customer_id) if order.customer_id else None
    days = brand.return_window_for(member=bool(customer and customer.member))
    start = (
        max(delivered) if brand.return_window_starts == "delivery" else (order.placed_at or max(delivered))
    )
    deadline = start + timedelta(days=days)
    window = Fact(
        "brand", "brand/return_window_days", f"Returns can be started within {days} days of delivery."
    )
    if actor.now > deadline:
        return actor.record(
            Outcome(
                "return_label",
                args,
                "refused",
                {"reason": "outside the return window", "deadline": deadline.isoformat()},
                [window, Fact("store", ref, f"The window for order {order.id} closed on {_date(deadline)}.")],
            )
        )
    returned = {str(i) for r in order.returns for i in (r.item_ids or [])}
    eligible = [i for i in order.items if not i.final_sale and str(i.id) not in returned]
    if not eligible:
        return actor.record(
            Outcome(
                "return_label",
                args,
                "refused",
                {"reason": "no eligible items (final sale or already returned)"},
                [
                    Fact(
                        "store",
                        ref,
                        f"No item of order {order.id} can be returned (final sale or already returned).",
                    )
                ],
            )
        )
    rma = actor.backend.create_return(order.id, item_ids=[str(i.id) for i in eligible], now=actor.now)
    names = ", ".join(i.name for i in eligible)
    say = [window]
    if customer is not None and customer.email:
        url = f"https://{brand.website}/returns/{rma}/label"
        outbox.queue(
            actor.session,
            conversation_id=actor.conversation_id,
            to=customer.email,
            kind="return_label",
            subject=f"Your {brand.name} return label ({rma})",
            body=f"Print your return label for order {order.id}: {url}",
            now=actor.now,
        )
        say.append(
            Fact(
                "store",
                f"returns/{rma}",
                f"I've emailed a return label for {names} (return {rma}) to {mask(customer.email)}.",
            )
        )
    else:
        say.append(Fact("store", f"returns/{rma}", f"Return {rma} is open for {names}."))
    # The items left out are named, so "the socks too" is not met with silence or "already done".
    for reason, left in (
        ("final sale and can't be returned", [i.name for i in order.items if i.final_sale]),
        ("already returned", [i.name for i in order.items if not i.final_sale and str(i.id) in returned]),
    ):
        if left:
            verb, it = ("is", "it is") if len(left) == 1 else ("are", "they are")
            say.append(Fact("store", ref, f"{', '.join(left)} {verb} {reason}, so {it} not on this label."))
    say.append(
        Fact(
            "brand",
            "brand/return_shipping_fee",
            f"A return shipping fee of ${brand.return_shipping_fee} applies.",
        )
    )
    result = {"return_id": rma, "items": [i.name for i in eligible], "deadline": deadline.isoformat()}
    return actor.record(Outcome("return_label", args, "done", result, say))


def _needs_code(actor: Actor, kind: str, args: dict[str, Any], customer: Customer) -> Outcome | None:
    if customer.id in actor.access.verified:
        return None
    if not customer.email:
        return Outcome(kind, args, "refused", {"reason": "no email on file to verify"})
    return Outcome(kind, args, "needs_verification", {"reason": "customer not verified"}, verify=customer)


def password_reset(actor: Actor, *, customer: Customer) -> Outcome:
    """A reset link to the email on file, never to an address given in chat; after a code."""
    args = {"customer_id": customer.id}
    pending = _needs_code(actor, "password_reset", args, customer)
    if pending is not None:
        return actor.record(pending)
    assert customer.email  # _needs_code refused a customer with none
    minutes = actor.brand.password_reset_link_minutes
    outbox.queue(
        actor.session,
        conversation_id=actor.conversation_id,
        to=customer.email,
        kind="password_reset",
        subject=f"Reset your {actor.brand.name} password",
        body=f"Reset your password within {minutes} minutes: "
        f"https://{actor.brand.website}/account/reset?token={secrets.token_urlsafe(24)}",
        now=actor.now,
    )
    say = [
        Fact(
            "store", f"customers/{customer.id}", f"I've sent a password reset link to {mask(customer.email)}."
        ),
        Fact("brand", "brand/password_reset_link_minutes", f"The link works for {minutes} minutes."),
    ]
    return actor.record(Outcome("password_reset", args, "done", {"sent_to": mask(customer.email)}, say))


def address_update(actor: Actor, *, order_id: str, address: str) -> Outcome:
    """A new shipping address for an order: only before it ships, only for its verified owner."""
    args = {"order_id": order_id, "address": address}
    found = _owned_order(actor, "address_update", args, order_id)
    if isinstance(found, Outcome):
        return actor.record(found)
    order = found
    owner = actor.backend.customer_row(order.customer_id) if order.customer_id else None
    if owner is None:
        return actor.record(_not_yours("address_update", args, order_id))
    pending = _needs_code(actor, "address_update", args, owner)
    if pending is not None:
        return actor.record(pending)
    if order.status in _SHIPPED or any(
        s.shipped_at is not None or s.status in _SHIPPED for s in order.shipments
    ):
        return actor.record(
            Outcome(
                "address_update",
                args,
                "refused",
                {"reason": "already shipped"},
                [
                    Fact("store", f"orders/{order.id}", f"Order {order.id} has already shipped."),
                    Fact(
                        "brand",
                        "brand/address_change_cutoff",
                        "Addresses can only change before an order ships.",
                    ),
                ],
            )
        )
    old = order.address
    actor.backend.set_order_address(order.id, {"line1": address, "source": "ai_conversation"})
    if owner.email:
        outbox.queue(
            actor.session,
            conversation_id=actor.conversation_id,
            to=owner.email,
            kind="address_update",
            subject=f"The address of order {order.id} changed",
            body=f"Order {order.id} will ship to: {address}. If you did not ask for this, reply here.",
            now=actor.now,
        )
    say = [Fact("store", f"orders/{order.id}/address", f"Order {order.id} will now ship to {address}.")]
    return actor.record(Outcome("address_update", args, "done", {"previous": old}, say))


def account_email_change(actor: Actor, *, customer: Customer, new_email: str) -> Outcome:
    """A new email on file, after a code to the old one; the old address is told of the change."""
    args = {"customer_id": customer.id, "new_email": new_email}
    pending = _needs_code(actor, "account_email_change", args, customer)
    if pending is not None:
        return actor.record(pending)
    old = customer.email
    actor.backend.set_customer_email(customer.id, new_email)
    if old:
        outbox.queue(
            actor.session,
            conversation_id=actor.conversation_id,
            to=old,
            kind="account_email_change",
            subject=f"Your {actor.brand.name} email changed",
            body=f"The email on your account is now {new_email}. If you did not ask for this, reply here.",
            now=actor.now,
        )
    say = [Fact("store", f"customers/{customer.id}/email", f"Your account email is now {new_email}.")]
    return actor.record(
        Outcome("account_email_change", args, "done", {"previous": mask(old) if old else None}, say)
    )


def money(actor: Actor, *, kind: str, amount: str | None, order_id: str | None) -> Outcome:
    """A refund, credit or discount: never taken autonomously, recorded as refused for a person to decide."""
    args: dict[str, Any] = {}
    if order_id:
        args["order_id"] = order_id
    if amount:
        args["amount"] = amount
    return actor.record(
        Outcome(kind, args, "refused", {"reason": "money-moving actions are never taken autonomously"})
    )

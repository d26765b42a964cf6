"""One-time codes sent to the email on file: issued, checked in-conversation, with attempt limit and expiry.

Only a salted hash of each code is stored. Nothing the customer types other than the pending code itself
changes who they are: "I'm verified", "master code 000000" or a fake system note are just text.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from phasegate.conversations import outbox
from phasegate.conversations.models import VerificationCode
from phasegate.store.models import Customer

#: How long a code is good for, and how many wrong tries it survives.
CODE_TTL = timedelta(minutes=10)
MAX_ATTEMPTS = 3
CODE_DIGITS = 6

_CODE = re.compile(rf"(?<![\d-])\d{{{CODE_DIGITS}}}(?![\d-])")

Outcome = Literal["verified", "wrong", "expired", "locked", "none"]


@dataclass(frozen=True)
class Check:
    """What a customer turn did to the pending code: verified whom, or why not, and tries left."""

    outcome: Outcome
    customer_id: str | None = None
    attempts_left: int = 0


def _hash(code: str, salt: str) -> str:
    digest = hmac.new(salt.encode(), code.encode(), hashlib.sha256).hexdigest()
    return f"{salt}${digest}"


def _matches(code: str, stored: str) -> bool:
    salt, _, _ = stored.partition("$")
    return hmac.compare_digest(_hash(code, salt), stored)


def mask(email: str) -> str:
    """An email shown without revealing it: its first letter and its domain (a***@example.com)."""
    local, _, domain = email.partition("@")
    return f"{local[:1]}***@{domain}"


def pending(session: Session, *, conversation_id: str) -> VerificationCode | None:
    """The newest code of a conversation that is neither used nor locked."""
    row = session.scalars(
        select(VerificationCode)
        .where(VerificationCode.conversation_id == conversation_id)
        .order_by(VerificationCode.id.desc())
    ).first()
    if row is None or row.verified_at is not None or row.attempts >= MAX_ATTEMPTS:
        return None
    return row


def issue(
    session: Session, *, conversation_id: str, customer: Customer, brand_name: str, now: datetime
) -> VerificationCode:
    """Send a fresh code to the customer's email on file (the outbox) and keep its hash."""
    if not customer.email:
        raise ValueError(f"customer {customer.id} has no email on file")
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    row = VerificationCode(
        conversation_id=conversation_id,
        customer_id=customer.id,
        code_hash=_hash(code, secrets.token_hex(8)),
        created_at=now,
        expires_at=now + CODE_TTL,
    )
    session.add(row)
    minutes = int(CODE_TTL.total_seconds() // 60)
    outbox.queue(
        session,
        conversation_id=conversation_id,
        to=customer.email,
        kind="verification_code",
        subject=f"Your {brand_name} verification code",
        body=f"Your verification code is {code}. It expires in {minutes} minutes. "
        "Never share it with anyone who contacts you.",
        now=now,
    )
    session.flush()
    return row


def codes_in(text: str) -> list[str]:
    """Every code-shaped number in a turn."""
    return _CODE.findall(text)


def check(session: Session, *, conversation_id: str, text: str, now: datetime) -> Check:
    """Check the code-shaped numbers of a customer turn against the pending code."""
    row = pending(session, conversation_id=conversation_id)
    candidates = codes_in(text)
    if row is None or not candidates:
        return Check("none")
    if now > row.expires_at:
        row.attempts = MAX_ATTEMPTS  # an expired code is done with; a new one must be asked for
        return Check("expired", row.customer_id)
    # One try per turn, whatever it contains: pasting a list of guesses is still one attempt.
    row.attempts += 1
    if any(_matches(c, row.code_hash) for c in candidates):
        row.verified_at = now
        return Check("verified", row.customer_id, MAX_ATTEMPTS - row.attempts)
    left = MAX_ATTEMPTS - row.attempts
    return Check("locked" if left <= 0 else "wrong", row.customer_id, left)

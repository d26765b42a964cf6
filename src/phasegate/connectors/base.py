"""What every helpdesk connector shares: a webhook refusal with its status, and a JSON body reader."""

from __future__ import annotations

import json
from typing import Any

#: Webhook bodies larger than this are refused before parsing (a helpdesk event is a few kilobytes).
MAX_BODY = 1_000_000


class WebhookError(ValueError):
    """A refused webhook delivery: the HTTP status to answer and a message naming the field and reason."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def read_json(body: bytes) -> dict[str, Any]:
    """The body as a JSON object, or a WebhookError saying what is wrong with it."""
    if len(body) > MAX_BODY:
        raise WebhookError(413, f"body: larger than {MAX_BODY} bytes")
    try:
        value = json.loads(body.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise WebhookError(400, f"body: not UTF-8 (byte {exc.start})") from None
    except ValueError as exc:
        raise WebhookError(400, f"body: not JSON ({exc})") from None
    if not isinstance(value, dict):
        raise WebhookError(422, f"body: expected a JSON object, got {type(value).__name__}")
    return value


def field(
    obj: dict[str, Any], name: str, kinds: type | tuple[type, ...], *, where: str, required: bool = True
) -> Any:
    """`obj[name]` checked against `kinds` (bool is never an int), or a 422 naming `where.name`."""
    value = obj.get(name)
    if value is None:
        if required:
            raise WebhookError(422, f"{where}.{name}: missing")
        return None
    ok = isinstance(value, kinds) and not (isinstance(value, bool) and bool not in _as_tuple(kinds))
    if not ok:
        names = "/".join(k.__name__ for k in _as_tuple(kinds))
        raise WebhookError(422, f"{where}.{name}: expected {names}, got {type(value).__name__}")
    return value


def _as_tuple(kinds: type | tuple[type, ...]) -> tuple[type, ...]:
    return kinds if isinstance(kinds, tuple) else (kinds,)


def clean_text(value: str, *, where: str) -> str:
    """Text the database accepts: no NUL (PostgreSQL refuses it), no lone surrogate."""
    if "\x00" in value:
        value = value.replace("\x00", "")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise WebhookError(422, f"{where}: contains an unpaired surrogate") from None
    return value

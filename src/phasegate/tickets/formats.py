"""Readers for ticket files: SPEC.md's JSONL, CSV with a column mapping, and Zendesk exports.

Each reader yields `(line_number, TicketIn | list[RowError])`, so one bad line never stops the rest.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from phasegate.ingest.report import RowError, errors_from_validation
from phasegate.taxonomy import CATEGORIES
from phasegate.tickets.schemas import TicketIn

Parsed = tuple[int, TicketIn | list[RowError]]

#: CSV columns understood, with their default header names. Map others with `--map field=header`.
CSV_FIELDS = (
    "id",
    "text",
    "subject",
    "channel",
    "created_at",
    "category",
    "customer_id",
    "customer_email",
    "customer_name",
    "vip",
    "ai_opt_in",
    "order_id",
    "issue_id",
    "handled_by",
    "csat",
    "resolved_at",
    "handle_seconds",
    "agent_reply",
)


def validate(line: int, record: Any) -> TicketIn | list[RowError]:
    """Validate one decoded record against the ticket contract."""
    if not isinstance(record, dict):
        return [RowError(line, "(record)", f"expected a JSON object, got {type(record).__name__}")]
    if "messages" in record and not isinstance(record["messages"], list):
        return [RowError(line, "messages", "must be a list of messages")]
    try:
        return TicketIn.model_validate(record)
    except ValidationError as exc:
        return errors_from_validation(line, exc)


def read_jsonl(lines: Iterable[str]) -> Iterator[Parsed]:
    """SPEC.md's ticket JSONL, one ticket a line; blank lines are skipped."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as exc:
            yield number, [RowError(number, "(line)", f"invalid JSON: {exc.msg} at column {exc.colno}")]
            continue
        yield number, validate(number, record)


def parse_mapping(pairs: Iterable[str]) -> dict[str, str]:
    """`field=header` pairs to a mapping; unknown fields are refused."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        key, sep, header = pair.partition("=")
        key = key.strip()
        if not sep or key not in CSV_FIELDS:
            raise ValueError(
                f"bad mapping {pair!r}: expected FIELD=HEADER with FIELD one of {', '.join(CSV_FIELDS)}"
            )
        mapping[key] = header.strip()
    return mapping


def _truthy(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "y", "t"}


def read_csv(lines: Iterable[str], mapping: dict[str, str] | None = None) -> Iterator[Parsed]:
    """A CSV with a header row; each row is one ticket with a single customer message (`text`)."""
    columns = {f: f for f in CSV_FIELDS} | (mapping or {})
    reader = csv.DictReader(lines)
    missing = [f for f in ("id", "text") if columns[f] not in (reader.fieldnames or [])]
    if missing:
        yield 1, [RowError(1, columns[f], "column missing from the header") for f in missing]
        return
    for row in reader:
        number = reader.line_num

        def get(name: str, row: dict[str, str] = row) -> str:
            return (row.get(columns[name]) or "").strip()

        record: dict[str, Any] = {"id": get("id"), "messages": [{"role": "customer", "text": get("text")}]}
        if get("created_at"):
            record["messages"][0]["at"] = get("created_at")
        if get("agent_reply"):
            record["messages"].append({"role": "agent", "text": get("agent_reply")})
        for name in (
            "subject",
            "channel",
            "created_at",
            "category",
            "order_id",
            "issue_id",
            "handled_by",
            "resolved_at",
        ):
            if get(name):
                record[name] = get(name)
        for name in ("csat", "handle_seconds"):
            if get(name):
                record[name] = get(name)
        customer = {
            "id": get("customer_id") or None,
            "email": get("customer_email") or None,
            "name": get("customer_name") or None,
            "vip": _truthy(get("vip")),
            "ai_opt_in": _truthy(get("ai_opt_in")),
        }
        if any(v for v in customer.values()):
            record["customer"] = customer
        if not get("text"):
            yield number, [RowError(number, columns["text"], "empty message text")]
            continue
        yield number, validate(number, record)


def _zendesk_time(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC).isoformat()
    return str(value)


def _zendesk_category(ticket: dict[str, Any], known: set[str] | None) -> str | None:
    """The first tag that names a known category (the default taxonomy unless told otherwise)."""
    names = known if known is not None else set(CATEGORIES)
    for tag in ticket.get("tags") or []:
        if tag in names:
            return str(tag)
    return None


def zendesk_to_record(
    ticket: dict[str, Any], users: dict[Any, dict[str, Any]], known_categories: set[str] | None = None
) -> dict[str, Any]:
    """Map one Zendesk ticket (with its `comments`) to the interchange shape.

    A comment by the requester is the customer's; any other author is an agent. Without comments the
    ticket's `description` is the first customer message.
    """
    requester = ticket.get("requester_id")
    comments = ticket.get("comments") or []
    messages = []
    for comment in comments:
        text = comment.get("plain_body") or comment.get("body") or ""
        role = "customer" if comment.get("author_id") == requester else "agent"
        messages.append({"role": role, "text": text, "at": _zendesk_time(comment.get("created_at"))})
    if not messages and ticket.get("description"):
        messages.append(
            {"role": "customer", "text": ticket["description"], "at": _zendesk_time(ticket.get("created_at"))}
        )
    user = users.get(requester, {})
    via = (ticket.get("via") or {}).get("channel")
    record: dict[str, Any] = {
        "id": f"ZD-{ticket['id']}" if "id" in ticket else None,
        "channel": via,
        "subject": ticket.get("subject") or ticket.get("raw_subject"),
        "created_at": _zendesk_time(ticket.get("created_at")),
        "messages": messages,
        "zendesk_status": ticket.get("status"),
        "tags": ticket.get("tags") or [],
    }
    if requester is not None:
        record["customer"] = {
            "id": f"ZD-U{requester}",
            "email": user.get("email"),
            "name": user.get("name"),
            "vip": "vip" in (user.get("tags") or []) or "vip" in (ticket.get("tags") or []),
        }
    category = _zendesk_category(ticket, known_categories)
    if category:
        record["category"] = category
    score = (ticket.get("satisfaction_rating") or {}).get("score")
    if score in ("good", "bad"):
        record["csat"] = 5 if score == "good" else 1
    if ticket.get("status") in ("solved", "closed"):
        record["resolved_at"] = _zendesk_time(ticket.get("updated_at"))
    return record


def read_zendesk(text: str, known_categories: set[str] | None = None) -> Iterator[Parsed]:
    """A Zendesk export: an Incremental Export page (`{"tickets": [...], "users": [...]}`), with each
    ticket's `comments` embedded or side-loaded under `"comments"` keyed by ticket id, or NDJSON of tickets.

    Line numbers are the ticket's position (1-based) in the export.
    """
    stripped = text.lstrip()
    users: dict[Any, dict[str, Any]] = {}
    tickets: list[tuple[int, Any]] = []
    if (stripped.startswith("{") and '"tickets"' in stripped[:2000]) or stripped.startswith("["):
        try:
            doc = json.loads(text)
        except json.JSONDecodeError as exc:
            yield exc.lineno, [RowError(exc.lineno, "(file)", f"invalid JSON: {exc.msg}")]
            return
        items = doc if isinstance(doc, list) else doc.get("tickets", [])
        if isinstance(doc, dict):
            users = {u.get("id"): u for u in doc.get("users", []) if isinstance(u, dict)}
            side = doc.get("comments")
            if isinstance(side, dict):
                for item in items:
                    if isinstance(item, dict) and "comments" not in item:
                        item["comments"] = side.get(str(item.get("id"))) or side.get(item.get("id")) or []
        tickets = list(enumerate(items, start=1))
    else:
        for number, raw in enumerate(text.splitlines(), start=1):
            if not raw.strip():
                continue
            try:
                tickets.append((number, json.loads(raw)))
            except json.JSONDecodeError as exc:
                yield number, [RowError(number, "(line)", f"invalid JSON: {exc.msg} at column {exc.colno}")]
    for number, ticket in tickets:
        if not isinstance(ticket, dict) or "id" not in ticket:
            yield number, [RowError(number, "id", "Zendesk ticket without an id")]
            continue
        yield number, validate(number, zendesk_to_record(ticket, users, known_categories))


def detect_format(path: Path) -> str:
    """Guess `jsonl`, `csv` or `zendesk` from the name and the first bytes."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    with path.open(encoding="utf-8", errors="replace") as fh:
        head = fh.read(4096)
    first = head.lstrip()
    if first.startswith("[") or (first.startswith("{") and '"tickets"' in head and '"messages"' not in head):
        return "zendesk"
    if first.startswith("{") and '"requester_id"' in head and '"messages"' not in head:
        return "zendesk"
    return "jsonl"

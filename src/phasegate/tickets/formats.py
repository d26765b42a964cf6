"""Readers for ticket files: SPEC.md's JSONL, CSV with a column mapping, and Zendesk exports.

Each reader yields `(line_number, TicketIn | list[RowError])`, so one bad line never stops the rest.
"""

from __future__ import annotations

import csv
import itertools
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
    except RecursionError:
        return [RowError(line, "(record)", "nested too deeply")]


def _loads(number: int, raw: str, field: str = "(line)") -> tuple[Any, RowError | None]:
    """One JSON value and None, or None and the error saying why the text is not one (never raises)."""
    try:
        return json.loads(raw), None
    except json.JSONDecodeError as exc:
        return None, RowError(number, field, f"invalid JSON: {exc.msg} at column {exc.colno}")
    except RecursionError:
        return None, RowError(number, field, "invalid JSON: nested too deeply")
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        return None, RowError(number, field, f"invalid JSON: {exc}")


def read_jsonl(lines: Iterable[str]) -> Iterator[Parsed]:
    """SPEC.md's ticket JSONL, one ticket a line; blank lines are skipped."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        record, error = _loads(number, raw)
        yield number, [error] if error else validate(number, record)


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


def _row_record(get: Any) -> dict[str, Any]:
    """One CSV row (through `get(field)`) in the interchange shape."""
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
        "csat",
        "handle_seconds",
    ):
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
    return record


def _swallowed(physical: list[str], first: int, last: int, width: int) -> bool:
    """Whether a row spanning physical lines first..last swallowed whole rows: a quote left open.

    A quoted field may hold newlines; a continuation line that parses alone into a full row is the sign of
    a quote that never closed, not of a message with a line break.
    """
    if width < 2:
        return False
    for index in range(first + 1, last + 1):
        try:
            alone = next(csv.reader([physical[index]]), [])
        except csv.Error:
            continue
        if len(alone) >= width:
            return True
    return False


def read_csv(lines: Iterable[str], mapping: dict[str, str] | None = None) -> Iterator[Parsed]:
    """A CSV with a header row; each row is one ticket with a single customer message (`text`).

    Parse errors are reported on the line they start at, never swallowed: a quote left open (which would
    fold the following rows into one field) rejects its own line and the rows after it are read again.
    """
    columns = {f: f for f in CSV_FIELDS} | (mapping or {})
    physical = list(lines)
    try:
        header = next(csv.reader(physical[:1]), [])
    except csv.Error as exc:
        yield 1, [RowError(1, "(header)", f"unreadable CSV header: {exc}")]
        return
    missing = [f for f in ("id", "text") if columns[f] not in header]
    if missing:
        yield 1, [RowError(1, columns[f], "column missing from the header") for f in missing]
        return
    width = len(header)
    start = 1  # index into `physical` of the next line to parse
    while start < len(physical):
        reader = csv.reader(itertools.islice(physical, start, None), strict=True)
        restart: int | None = None
        before = 0
        try:
            for row in reader:
                first, last = start + before, start + reader.line_num - 1
                before = reader.line_num
                number = first + 1
                if not row:
                    continue
                if last > first and _swallowed(physical, first, last, width):
                    yield (
                        number,
                        [
                            RowError(
                                number,
                                "(row)",
                                f"unterminated quote: it runs on to line {last + 1}; "
                                "this line is rejected and the lines after it are read on their own",
                            )
                        ],
                    )
                    restart = first + 1
                    break
                if len(row) != width:
                    what = "more" if len(row) > width else "fewer"
                    reason = f"{len(row)} fields, {what} than the header's {width}"
                    yield number, [RowError(number, "(row)", reason)]
                    continue
                values = dict(zip(header, row, strict=True))

                def get(name: str, values: dict[str, str] = values) -> str:
                    return (values.get(columns[name]) or "").strip()

                if not get("text"):
                    yield number, [RowError(number, columns["text"], "empty message text")]
                    continue
                yield number, validate(number, _row_record(get))
        except csv.Error as exc:
            number = start + before + 1
            reason = f"CSV parse error: {exc}"
            if "unexpected end of data" in str(exc):
                reason = "unterminated quote: the file ends inside the quoted field that starts here"
            yield number, [RowError(number, "(row)", reason)]
            restart = start + before + 1
        if restart is None:
            return
        start = restart


class OddField(ValueError):
    """A Zendesk field whose type cannot be mapped (an object where text belongs, say)."""

    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "an array", bool: "a boolean", int: "a number", float: "a number"}
    return names.get(type(value), type(value).__name__)


def _obj(value: Any) -> dict[str, Any]:
    # Zendesk sends null (or, in hand-edited exports, anything) where an object is optional.
    return value if isinstance(value, dict) else {}


def _seq(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any, field: str) -> str | None:
    """Text, with numbers taken as their digits; objects, arrays and booleans are refused."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    raise OddField(field, f"expected text, got {_kind(value)}")


#: The customers table's lengths for the profile values a ticket carries (formats stays free of SQLAlchemy).
PROFILE_LENGTHS = {"email": 320, "name": 200}


def _profile_text(value: Any, name: str) -> str | None:
    # The requester's profile is side-loaded context, not the ticket: an email or name of an odd type, too
    # long for its column, or holding a NUL or a lone surrogate is dropped rather than costing the ticket.
    try:
        text = _text(value, "user")
    except OddField:
        return None
    if text is None or len(text) > PROFILE_LENGTHS[name] or "\x00" in text:
        return None
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in text):
        return None
    return text


def _key(value: Any, field: str) -> str | int | None:
    """An id usable as a key: text or a whole number."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise OddField(field, f"expected an id (text or a whole number), got {_kind(value)}")


def _zendesk_time(value: Any, field: str = "created_at") -> str | None:
    if value is None:
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return datetime.fromtimestamp(value, UTC).isoformat()
        except (OverflowError, OSError, ValueError) as exc:
            raise OddField(field, f"timestamp {value} is out of range") from exc
    if isinstance(value, str):
        return value
    raise OddField(field, f"expected a time, got {_kind(value)}")


def _zendesk_category(ticket: dict[str, Any], known: set[str] | None) -> str | None:
    """The first tag that names a known category (the default taxonomy unless told otherwise)."""
    names = known if known is not None else set(CATEGORIES)
    for tag in _seq(ticket.get("tags")):
        if isinstance(tag, str) and tag in names:
            return tag
    return None


def zendesk_to_record(
    ticket: dict[str, Any], users: dict[Any, dict[str, Any]], known_categories: set[str] | None = None
) -> dict[str, Any]:
    """Map one Zendesk ticket (with its `comments`) to the interchange shape.

    A comment by the requester is the customer's; any other author is an agent. Without comments the
    ticket's `description` is the first customer message. Raises `OddField` for a value of a type that
    cannot be mapped; nulls stand for absent values, numbers are accepted where text is expected.
    """
    requester = _key(ticket.get("requester_id"), "requester_id")
    raw_comments = ticket.get("comments")
    if raw_comments is not None and not isinstance(raw_comments, list):
        raise OddField("comments", f"expected an array, got {_kind(raw_comments)}")
    messages = []
    for i, comment in enumerate(raw_comments or []):
        if not isinstance(comment, dict):
            raise OddField(f"comments.{i}", f"expected an object, got {_kind(comment)}")
        body = comment.get("plain_body") or comment.get("body") or ""
        text = _text(body, f"comments.{i}.body") or ""
        role = "customer" if comment.get("author_id") == requester else "agent"
        at = _zendesk_time(comment.get("created_at"), f"comments.{i}.created_at")
        messages.append({"role": role, "text": text, "at": at})
    description = _text(ticket.get("description"), "description")
    if not messages and description:
        messages.append(
            {"role": "customer", "text": description, "at": _zendesk_time(ticket.get("created_at"))}
        )
    user = users.get(requester, {}) if requester is not None else {}
    tags = [t for t in _seq(ticket.get("tags")) if isinstance(t, str)]
    ticket_id = _key(ticket.get("id"), "id")
    record: dict[str, Any] = {
        "id": f"ZD-{ticket_id}" if ticket_id is not None else None,
        "channel": _text(_obj(ticket.get("via")).get("channel"), "via.channel"),
        "subject": _text(ticket.get("subject") or ticket.get("raw_subject"), "subject"),
        "created_at": _zendesk_time(ticket.get("created_at")),
        "messages": messages,
        "zendesk_status": ticket.get("status"),
        "tags": tags,
    }
    if requester is not None:
        user_tags = [t for t in _seq(user.get("tags")) if isinstance(t, str)]
        record["customer"] = {
            "id": f"ZD-U{requester}",
            "email": _profile_text(user.get("email"), "email"),
            "name": _profile_text(user.get("name"), "name"),
            "vip": "vip" in user_tags or "vip" in tags,
        }
    category = _zendesk_category(ticket, known_categories)
    if category:
        record["category"] = category
    score = _obj(ticket.get("satisfaction_rating")).get("score")
    if score in ("good", "bad"):
        record["csat"] = 5 if score == "good" else 1
    if ticket.get("status") in ("solved", "closed"):
        record["resolved_at"] = _zendesk_time(ticket.get("updated_at"), "updated_at")
    return record


def _side_loaded(items: list[Any], side: dict[str, Any]) -> None:
    """Attach side-loaded comments (keyed by ticket id) to tickets that carry none."""
    for item in items:
        if isinstance(item, dict) and "comments" not in item:
            tid = item.get("id")
            if isinstance(tid, str | int) and not isinstance(tid, bool):
                item["comments"] = side.get(str(tid)) or []


def read_zendesk(text: str, known_categories: set[str] | None = None) -> Iterator[Parsed]:
    """A Zendesk export: an Incremental Export page (`{"tickets": [...], "users": [...]}`), with each
    ticket's `comments` embedded or side-loaded under `"comments"` keyed by ticket id, or NDJSON of tickets.

    Line numbers are the ticket's position (1-based) in the export.
    """
    stripped = text.lstrip()
    users: dict[Any, dict[str, Any]] = {}
    tickets: list[tuple[int, Any]] = []
    if (stripped.startswith("{") and '"tickets"' in stripped[:2000]) or stripped.startswith("["):
        doc, error = _loads(1, text, "(file)")
        if error is not None:
            yield 1, [error]
            return
        items = doc if isinstance(doc, list) else _obj(doc).get("tickets", [])
        if not isinstance(items, list):
            yield 1, [RowError(1, "tickets", f"expected an array of tickets, got {_kind(items)}")]
            return
        if isinstance(doc, dict):
            for u in _seq(doc.get("users")):
                uid = u.get("id") if isinstance(u, dict) else None
                if isinstance(uid, str | int) and not isinstance(uid, bool):
                    users[uid] = u
            side = doc.get("comments")
            if isinstance(side, dict):
                _side_loaded(items, side)
        tickets = list(enumerate(items, start=1))
    else:
        # split on newlines only: str.splitlines would also cut at U+2028 inside a JSON string
        for number, raw in enumerate(text.split("\n"), start=1):
            if not raw.strip():
                continue
            value, error = _loads(number, raw)
            if error is not None:
                yield number, [error]
            else:
                tickets.append((number, value))
    for number, ticket in tickets:
        if not isinstance(ticket, dict) or ticket.get("id") is None:
            yield number, [RowError(number, "id", "Zendesk ticket without an id")]
            continue
        try:
            record = zendesk_to_record(ticket, users, known_categories)
        except OddField as exc:
            yield number, [RowError(number, exc.field, exc.reason)]
            continue
        yield number, validate(number, record)


def detect_format(path: Path) -> str:
    """Guess `jsonl`, `csv` or `zendesk` from the name and the first bytes."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    with path.open(encoding="utf-8", errors="replace") as fh:
        head = fh.read(4096)
    first = head.lstrip()
    # A .jsonl file is one record a line, even when its first line happens to be an array (a bad line).
    array_export = first.startswith("[") and suffix not in (".jsonl", ".ndjson")
    if array_export or (first.startswith("{") and '"tickets"' in head and '"messages"' not in head):
        return "zendesk"
    if first.startswith("{") and '"requester_id"' in head and '"messages"' not in head:
        return "zendesk"
    return "jsonl"

"""Log hygiene in isolation: the email redaction processor and the route label (never the raw path)."""

from __future__ import annotations

import io
import json

import structlog

from phasegate.web.observability import configure_json_logs, redact_emails, route_of


def test_emails_are_redacted_from_any_log_line() -> None:
    """An email in any string field of any event is replaced before rendering."""
    event = redact_emails(None, "info", {"event": "x", "detail": "from ana.b+1@mail.example.co.uk today"})
    assert event["detail"] == "from [email] today"
    stream = io.StringIO()
    configure_json_logs("INFO", stream)
    try:
        structlog.get_logger().info("reply", note="write to kim@example.com")
    finally:
        structlog.reset_defaults()
    line = json.loads(stream.getvalue())
    assert line["note"] == "write to [email]" and line["level"] == "info" and "timestamp" in line


def test_unmatched_paths_are_a_fixed_label() -> None:
    """A path no route matched is logged as a fixed word, so ids and emails in URLs never reach logs."""
    assert route_of({"path": "/whatever/ana@example.com"}) == "(unmatched)"
    assert route_of({"path": "/static/app.css"}) == "/static"

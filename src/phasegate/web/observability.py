"""Per-request observability: a request id (bound into every structlog line of the request and echoed
in `X-Request-ID`), one JSON access-log line, and the latency histogram `/metrics` exposes.

The access line names the route template (`/tickets/{ticket_id}`), never the raw path, query string or
body: those carry customer emails, names and order numbers, and logs must not.
"""

from __future__ import annotations

import logging
import re
import secrets
import sys
import time
from collections.abc import MutableMapping
from typing import Any

import structlog
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from phasegate.web.metrics import Registry

_INBOUND_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
log = structlog.get_logger("phasegate.web")


def redact_emails(_: Any, __: str, event: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """structlog processor: no email address reaches a log line, whoever logged it (a second line of
    defence; the console's own lines carry ids and route templates only)."""
    for key, value in event.items():
        if isinstance(value, str) and "@" in value:
            event[key] = _EMAIL.sub("[email]", value)
    return event


def configure_json_logs(level: str = "INFO", stream: Any = None) -> None:
    """structlog as JSON lines with a timestamp, level and the request's bound context."""
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            redact_emails,
            structlog.processors.JSONRenderer(),
        ],
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
        ),
        logger_factory=structlog.WriteLoggerFactory(file=stream or sys.stderr),
        cache_logger_on_first_use=False,
    )


def route_of(scope: Scope) -> str:
    """The matched route's template, or a fixed word: bounded label values, no ids or emails."""
    route = scope.get("route")
    path = getattr(route, "path", None)
    if isinstance(path, str):
        return path
    return "/static" if str(scope.get("path", "")).startswith("/static/") else "(unmatched)"


class RequestObservation:
    """ASGI middleware: request id, access log line, latency histogram."""

    def __init__(self, app: ASGIApp, *, registry: Registry) -> None:
        self.app = app
        self.registry = registry

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, then log it and record its status and latency."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        inbound = dict(scope.get("headers") or []).get(b"x-request-id", b"").decode("latin-1")
        request_id = inbound if _INBOUND_ID.match(inbound) else secrets.token_hex(8)
        status = 500
        began = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message["headers"] = [*message.get("headers", []), (b"x-request-id", request_id.encode())]
            await send(message)

        structlog.contextvars.bind_contextvars(request_id=request_id)
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - began
            route = route_of(scope)
            self.registry.observe_request(scope.get("method", ""), route, status, elapsed)
            log.info(
                "request",
                method=scope.get("method"),
                route=route,
                status=status,
                ms=round(elapsed * 1000, 1),
            )
            structlog.contextvars.unbind_contextvars("request_id")

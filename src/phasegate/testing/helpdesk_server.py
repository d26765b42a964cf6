"""Test fakes that ship with the package: a local HTTP server that plays a helpdesk and records every call.

`FakeHelpdesk` listens on 127.0.0.1 (a free port), answers every request with 200 and a small JSON body,
and keeps each request (method, path, JSON body, headers) so a test counts what a connector sent. It can
be told to fail the next N requests with a status, to exercise retries.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass(frozen=True)
class Recorded:
    """One request the fake received."""

    method: str
    path: str
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


class FakeHelpdesk:
    """A recording HTTP server standing in for Zendesk or Chatwoot (use as a context manager)."""

    def __init__(self) -> None:
        self.requests: list[Recorded] = []
        self._lock = threading.Lock()
        self._fail: list[int] = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body: Any = json.loads(raw) if raw else None
                except ValueError:
                    body = raw.decode("utf-8", "replace")
                with fake._lock:
                    status = fake._fail.pop(0) if fake._fail else 200
                    if status == 200:
                        fake.requests.append(
                            Recorded(
                                self.command, self.path, body, {k.lower(): v for k, v in self.headers.items()}
                            )
                        )
                payload = json.dumps({"ok": status == 200}).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

            def log_message(self, format: str, *args: Any) -> None:
                return  # quiet: the tests read `requests`, not the log

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """The base URL the fake listens on."""
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeHelpdesk:
        """Start serving in a background thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and free the port."""
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> FakeHelpdesk:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def fail_next(self, count: int, status: int = 503) -> None:
        """Answer the next `count` requests with `status` (and do not record them)."""
        with self._lock:
            self._fail.extend([status] * count)

    def calls(self, method: str | None = None, contains: str = "") -> list[Recorded]:
        """Recorded requests, optionally of one method and with `contains` in the path."""
        with self._lock:
            return [r for r in self.requests if (method is None or r.method == method) and contains in r.path]


class ServedApp:
    """An ASGI app served by uvicorn on a free 127.0.0.1 port in a thread (use as a context manager)."""

    def __init__(self, app: Any) -> None:
        import socket

        import uvicorn

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        self.app = app
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning", lifespan="off")
        )
        self._thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        """The served app's base URL."""
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> ServedApp:
        import time

        self._thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start within 10 s")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self._thread.join(timeout=10)


def echo_responder(session: Any, *, ticket: Any, decision: Any) -> Any:
    """A scripted responder: a public reply quoting the newest customer message (for autonomous routes)."""
    from phasegate.intake.flows import Response

    newest = next((m.text for m in reversed(ticket.messages) if m.role == "customer"), "")
    return Response(kind="reply", text=f"phasegate reply to: {newest}")

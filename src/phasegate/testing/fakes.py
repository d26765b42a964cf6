"""Test fakes that ship in the package and serve the tests and the demo alike.

`FakeChatServer` is a real OpenAI-compatible HTTP server on 127.0.0.1 (a thread): it answers
/v1/chat/completions with the built-in composer's draft (or a scripted text), and can be told to time out,
fail or answer garbage. `ScriptedLLM` answers prompts from a list; `MemoryHelpdesk` and `MemoryCommerce`
are in-memory helpdesk and store back ends.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

from phasegate.plugins.interfaces import Completion, Prompt, Turn
from phasegate.store.schemas import CustomerIn, OrderIn, ProductIn
from phasegate.tickets.schemas import TicketIn

Mode = Literal["ok", "timeout", "error", "garbage", "not_json", "flaky"]


@dataclass
class FakeChatServer:
    """An OpenAI-compatible chat-completions server on a free local port, run in a thread.

    `mode`: `ok` answers; `timeout` sleeps `delay` seconds first; `error` answers HTTP 500; `garbage` a body
    that is not JSON; `not_json` a completion whose content is not the JSON asked for; `flaky` fails the
    first `failures` requests with 503, then answers. `reply` fixes the draft text; by default the built-in
    composer writes it from the prompt's material, so the answer is grounded.
    """

    mode: Mode = "ok"
    delay: float = 2.0
    failures: int = 1
    reply: str | None = None
    model: str = "fake-chat-1"
    requests: list[dict[str, Any]] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _thread: threading.Thread | None = None

    @property
    def base_url(self) -> str:
        """The `/v1` base URL to give `PHASEGATE_LLM_BASE_URL`."""
        assert self._server is not None, "start the server first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/v1"

    def start(self) -> FakeChatServer:
        """Listen on 127.0.0.1 on a free port."""
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read `requests`
                return

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append(body)
                status, payload = fake.answer(body, len(fake.requests))
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    return  # the client gave up (a timeout test): nothing to answer

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop listening."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeChatServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def answer(self, body: dict[str, Any], n: int) -> tuple[int, dict[str, Any] | bytes]:
        """The status and body for the n-th request."""
        if self.mode == "timeout":
            time.sleep(self.delay)
        if self.mode == "error" or (self.mode == "flaky" and n <= self.failures):
            return 503 if self.mode == "flaky" else 500, {"error": {"message": "model overloaded"}}
        if self.mode == "garbage":
            return 200, b"<html>502 Bad Gateway</html>"
        messages = body.get("messages") or []
        text = "Sure! Here is your reply." if self.mode == "not_json" else self._draft(messages)
        prompt_tokens = sum(len(str(m.get("content", "")).split()) for m in messages)
        return 200, {
            "id": f"chatcmpl-{n}",
            "object": "chat.completion",
            "model": self.model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": text}}],
            "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": len(text.split())},
        }

    def _draft(self, messages: Sequence[dict[str, Any]]) -> str:
        if self.reply is not None:
            return json.dumps({"reply": self.reply})
        from phasegate.drafts.composer import BuiltinProvider

        turns = [
            Turn("system" if m.get("role") == "system" else "customer", str(m["content"])) for m in messages
        ]
        from phasegate.drafts.prompt import TASK

        prompt = Prompt(task=TASK, instructions=str(messages[0]["content"]) if messages else "", turns=turns)
        return BuiltinProvider().complete(prompt).text


class ScriptedLLM:
    """An LLM provider that answers each prompt with the next scripted text (and records the prompts)."""

    name = "scripted"

    def __init__(self, answers: Iterable[str]) -> None:
        """`answers` are returned in order; running out raises NotImplementedError."""
        self._answers: Iterator[str] = iter(answers)
        self.prompts: list[Prompt] = []

    def complete(self, prompt: Prompt) -> Completion:
        """The next scripted answer."""
        self.prompts.append(prompt)
        try:
            text = next(self._answers)
        except StopIteration as exc:
            raise NotImplementedError("the script has no more answers") from exc
        return Completion(text=text, model="scripted")


class MemoryHelpdesk:
    """An in-memory helpdesk: tickets to fetch, and every note, reply and hand-off sent to it."""

    name = "memory"

    def __init__(self, tickets: Iterable[TicketIn] = ()) -> None:
        """Start with these tickets."""
        self.tickets = list(tickets)
        self.notes: list[tuple[str, str]] = []
        self.replies: list[tuple[str, str]] = []
        self.handoffs: list[tuple[str, str]] = []

    def fetch_tickets(self, *, since: datetime | None = None) -> Iterable[TicketIn]:
        """The tickets created at or after `since` (all when None)."""
        return [t for t in self.tickets if since is None or (t.created_at and t.created_at >= since)]

    def add_internal_note(self, ticket_id: str, text: str) -> None:
        """Record a note."""
        self.notes.append((ticket_id, text))

    def send_reply(self, ticket_id: str, text: str) -> None:
        """Record a reply."""
        self.replies.append((ticket_id, text))

    def assign_to_human(self, ticket_id: str, *, note: str) -> None:
        """Record a hand-off."""
        self.handoffs.append((ticket_id, note))


class MemoryCommerce:
    """An in-memory store back end."""

    name = "memory"

    def __init__(
        self,
        customers: Iterable[CustomerIn] = (),
        orders: Iterable[OrderIn] = (),
        products: Iterable[ProductIn] = (),
    ) -> None:
        """Start with these records."""
        self.customers = {c.id: c for c in customers}
        self.orders = list(orders)
        self.products = list(products)

    def get_customer(self, customer_id: str) -> CustomerIn | None:
        """One customer, or None."""
        return self.customers.get(customer_id)

    def list_orders(self, *, customer_id: str) -> Sequence[OrderIn]:
        """A customer's orders."""
        return [o for o in self.orders if o.customer_id == customer_id]

    def get_order(self, order_id: str) -> OrderIn | None:
        """One order, or None."""
        return next((o for o in self.orders if o.id == order_id), None)

    def list_products(self) -> Iterable[ProductIn]:
        """The catalog."""
        return list(self.products)

"""The storm drill: concurrent senders deliver signed Zendesk webhooks (with duplicates and retries) to the
served app while worker processes are killed; then every ticket, message and helpdesk call is counted.

Used by the test suite (small) and `bench/bench_storm.py` (large). PostgreSQL only: the point is several
worker processes sharing one queue.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from phasegate.config import Settings
from phasegate.connectors.zendesk import ZendeskSettings, sign
from phasegate.intake import service as intake
from phasegate.policy.phases import Phase
from phasegate.rollout import service as rollout
from phasegate.testing import FakeHelpdesk, ServedApp
from phasegate.tickets import service as tickets_service
from phasegate.workspace import open_workspace

SECRET = "storm-secret"
ORDER_TEXTS = (
    "Where is my order {o}? It still has not arrived.",
    "Can you tell me the tracking status of order {o}?",
    "My package {o} shows no update for days, where is it?",
)
OTHER_TEXTS = (
    "I want a refund for order {o}, the jacket is too small.",
    "The zipper on my tent from order {o} broke on the first trip.",
    "Please cancel order {o} before it ships.",
)


@dataclass
class StormReport:
    """What the storm sent, what the system stored and what the fake helpdesk received."""

    senders: int
    unique_events: int
    deliveries: int = 0
    duplicates: int = 0
    retries: int = 0
    refused: int = 0
    kills: int = 0
    seconds: float = 0.0
    drain_seconds: float = 0.0
    tickets_expected: int = 0
    tickets_stored: int = 0
    messages_expected: int = 0
    messages_stored: int = 0
    events_by_status: dict[str, int] = field(default_factory=dict)
    effects_by_status: dict[str, int] = field(default_factory=dict)
    replies_sent: int = 0
    replies_duplicated: int = 0
    helpdesk_calls: int = 0
    effects_missing_a_call: int = 0
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data (for JSON)."""
        return dict(self.__dict__)


def _events(tickets: int, rng: random.Random) -> list[dict[str, Any]]:
    """Zendesk event bodies: each ticket's creation plus 0-2 customer comments, every text unique."""
    out: list[dict[str, Any]] = []
    for n in range(tickets):
        zid = str(100000 + n)
        order = f"A-{n:05d}"
        texts = ORDER_TEXTS if n % 10 < 7 else OTHER_TEXTS
        detail = {"id": zid, "subject": "Order question", "requester_id": str(5000 + n % 97)}
        out.append(
            {
                "type": "zen:event-type:ticket.created",
                "id": f"ev-{zid}-0",
                "detail": dict(detail, description=f"{texts[n % 3].format(o=order)} (ref {zid}-0)"),
            }
        )
        for c in range(1, 1 + n % 3):
            out.append(
                {
                    "type": "zen:event-type:ticket.comment_added",
                    "id": f"ev-{zid}-{c}",
                    "detail": detail,
                    "event": {
                        "comment": {
                            "id": f"{zid}{c}",
                            "body": f"Any news about {order}? (ref {zid}-{c})",
                            "is_public": True,
                            "author": {"id": detail["requester_id"], "is_staff": False},
                        }
                    },
                }
            )
    rng.shuffle(out)
    return out


def _worker(env: dict[str, str], lease: float) -> subprocess.Popen[bytes]:
    args = [sys.executable, "-m", "phasegate", "worker", "--poll", "0.05", "--batch", "5"]
    args += ["--lease", str(lease), "--responder", "phasegate.testing:echo_responder", "--no-brief"]
    return subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def run_storm(
    database_url: str,
    home: Path,
    *,
    senders: int = 10,
    events: int = 300,
    duplicate_rate: float = 0.1,
    workers: int = 2,
    kills: int = 2,
    lease: float = 2.0,
    seed: int = 7,
    timeout: float = 300.0,
) -> StormReport:
    """Run the storm on an empty PostgreSQL database; the report lists every broken invariant."""
    rng = random.Random(seed)
    settings = Settings(home=home, database_url=database_url, secret_key="storm" * 8)
    ws = open_workspace(settings)
    with ws.sessions() as s, s.begin():
        rollout.ensure_policy(s)
        rollout.change_phase(
            s,
            category="order_status",
            to_phase=Phase.AUTONOMOUS,
            actor="storm",
            kind="override",
            reason="storm",
            evidence=None,
        )
    bodies = _events(max(1, events * 10 // 20), rng)[:events]
    report = StormReport(senders=senders, unique_events=len(bodies))
    plan: list[list[bytes]] = [[] for _ in range(senders)]
    for i, body in enumerate(bodies):
        raw = json.dumps(body).encode()
        plan[i % senders].append(raw)
        if rng.random() < duplicate_rate:  # a re-delivery, raced from another sender
            plan[rng.randrange(senders)].append(raw)
            report.duplicates += 1
    for queue in plan:
        rng.shuffle(queue)
    from phasegate.web.app import create_app

    with FakeHelpdesk() as fake:
        env = dict(
            os.environ,
            PHASEGATE_HOME=str(home),
            PHASEGATE_DATABASE_URL=database_url,
            PHASEGATE_ZENDESK_URL=fake.url,
            PHASEGATE_ZENDESK_EMAIL="bot@example.com",
            PHASEGATE_ZENDESK_API_TOKEN="token",
            PHASEGATE_ZENDESK_HANDOFF_GROUP_ID="7",
            PHASEGATE_LOG_LEVEL="WARNING",
        )
        procs = [_worker(env, lease) for _ in range(workers)]
        app = create_app(settings)
        app.state.zendesk_settings = ZendeskSettings(webhook_secret=SECRET)
        lock = threading.Lock()
        sent = [0]
        total = sum(len(q) for q in plan)

        def send(queue: list[bytes]) -> None:
            with httpx.Client(base_url=served.url, timeout=10) as client:
                for raw in queue:
                    for attempt in range(20):
                        stamp = datetime.now(UTC).isoformat().replace("+00:00", "Z")
                        headers = {
                            "X-Zendesk-Webhook-Signature": sign(SECRET, stamp, raw),
                            "X-Zendesk-Webhook-Signature-Timestamp": stamp,
                            "Content-Type": "application/json",
                        }
                        try:
                            r = client.post("/api/v1/webhooks/zendesk", content=raw, headers=headers)
                            ok = r.status_code == 202
                        except httpx.HTTPError:
                            ok = False
                        with lock:
                            report.deliveries += 1
                            if attempt:
                                report.retries += 1
                            if not ok:
                                report.refused += 1
                        if ok:
                            break
                        time.sleep(0.05 * (attempt + 1))
                    with lock:
                        sent[0] += 1

        start = time.monotonic()
        with ServedApp(app) as served:
            threads = [threading.Thread(target=send, args=(q,)) for q in plan]
            for t in threads:
                t.start()
            marks = [total * (k + 1) // (kills + 1) for k in range(kills)]
            for mark in marks:
                while sent[0] < mark and any(t.is_alive() for t in threads):
                    time.sleep(0.01)
                victim = procs.pop(0)
                victim.send_signal(signal.SIGKILL)  # mid-ticket, no clean-up: the lease must re-deliver
                victim.wait()
                report.kills += 1
                procs.append(_worker(env, lease))
            for t in threads:
                t.join()
            report.seconds = time.monotonic() - start
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                with ws.sessions() as s:
                    open_events, open_effects = intake.open_work(s)
                if not open_events and not open_effects:
                    break
                time.sleep(0.2)
            report.drain_seconds = time.monotonic() - start - report.seconds
        for p in procs:
            p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        _count(report, ws, bodies, fake)
    ws.engine.dispose()
    return report


def _count(report: StormReport, ws: Any, bodies: list[dict[str, Any]], fake: FakeHelpdesk) -> None:
    tickets = Counter(f"zd-{b['detail']['id']}" for b in bodies)
    report.tickets_expected = len(tickets)
    report.messages_expected = len(bodies)
    with ws.sessions() as s:
        report.tickets_stored = tickets_service.count(s)
        per_ticket = tickets_service.message_counts(s)
        report.messages_stored = sum(per_ticket.values())
        depth = intake.depth(s)
        report.events_by_status = {
            k.removeprefix("events_"): n for k, n in depth.items() if k.startswith("events_")
        }
        report.effects_by_status = {
            k.removeprefix("effects_"): n for k, n in depth.items() if k.startswith("effects_")
        }
        sent_effects = intake.sent_effects(s)
    for tid, n in tickets.items():
        if per_ticket.get(tid, 0) != n:
            report.problems.append(f"{tid}: {per_ticket.get(tid, 0)} messages stored, {n} delivered")
    calls = fake.calls()
    report.helpdesk_calls = len(calls)
    replies = Counter(
        c.body["ticket"]["comment"]["body"]
        for c in calls
        if isinstance(c.body, dict) and c.body.get("ticket", {}).get("comment", {}).get("public") is True
    )
    report.replies_sent = sum(replies.values())
    report.replies_duplicated = sum(1 for n in replies.values() if n > 1)
    for text, n in replies.items():
        if n > 1:
            report.problems.append(f"reply sent {n} times: {text[:60]}")
    for kind, external_id, body in sent_effects:
        if kind == "reply" and replies.get(str(body.get("text"))) != 1:
            report.effects_missing_a_call += 1
            seen = replies.get(str(body.get("text")), 0)
            report.problems.append(f"reply effect on {external_id} recorded sent but seen {seen} times")
    if report.tickets_stored != report.tickets_expected:
        report.problems.append(f"{report.tickets_stored} tickets stored, {report.tickets_expected} delivered")
    if report.events_by_status.get("done", 0) != report.unique_events:
        report.problems.append(f"events by status {report.events_by_status}, {report.unique_events} unique")

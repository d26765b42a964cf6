"""Serving hardening over real HTTP: logout revokes server-side, body limits, secure cookies, fast 503s,
the dashboard cache, request ids, JSON access logs without customer data, and /metrics."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from sqlalchemy.orm import Session

from phasegate.tickets.models import Ticket
from phasegate.web.report_cache import VERSION_TTL_SECONDS
from tests.web.conftest import csrf_from
from tests.web.serving import Served, serve
from tests.web.world import AGENT, LEAD


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A console with a 64 KiB body limit and a metrics token."""
    home: Path = tmp_path_factory.mktemp("serving")
    with serve(home, max_body_bytes=65536, metrics_token="scrape-me") as live:
        yield live


@contextmanager
def _signed_in(served: Served, who: tuple[str, str] = AGENT) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=served.url, timeout=20) as client:
        token = csrf_from(client.get("/login").text)
        r = client.post("/login", data={"username": who[0], "password": who[1], "csrf_token": token})
        assert r.status_code == 303, r.text
        yield client


def test_a_copied_cookie_stops_working_after_logout(served: Served) -> None:
    """Sign out revokes the session server-side: a cookie kept from before is no longer signed in."""
    with _signed_in(served) as client:
        copied = dict(client.cookies)
        assert client.get("/inbox").status_code == 200
        token = csrf_from(client.get("/inbox").text)
        assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    with httpx.Client(base_url=served.url, cookies=copied, timeout=20) as replay:
        r = replay.get("/inbox")
        assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_bodies_past_the_limit_get_413(served: Served) -> None:
    """A declared or streamed body over the limit is refused with 413; one under it goes through."""
    with _signed_in(served) as client:
        token = csrf_from(client.get("/inbox").text)
        big = {"csrf_token": token, "text": "x" * 70_000}
        r = client.post("/tickets/T-ESC/reply", data=big)
        assert r.status_code == 413 and "too large" in r.json()["detail"]

        def chunks() -> Iterator[bytes]:
            for _ in range(20):
                yield b"a" * 8192

        streamed = client.post(
            "/tickets/T-ESC/reply",
            content=chunks(),
            headers={"content-type": "application/x-www-form-urlencoded", "x-csrf-token": token},
        )
        assert streamed.status_code == 413 and "too large" in streamed.text
        small = client.post("/phases/policy", data={"csrf_token": token, "text": "kill_switch: false"})
        assert small.status_code == 403  # an agent: refused by role, after the body was read


def test_request_id_is_echoed_and_logged_without_customer_data(served: Served) -> None:
    """Every response carries X-Request-ID; the JSON access line has it and no email, name or query."""
    email, name = "vera.secret@example.com", "Vera Secretname"
    with _signed_in(served) as client:
        r = client.get("/inbox", params={"q": email}, headers={"x-request-id": "trace-abc-123"})
        assert r.status_code == 200 and r.headers["x-request-id"] == "trace-abc-123"
        token = csrf_from(r.text)
        client.post("/login", data={"username": name, "password": email, "csrf_token": token})
        own = client.get("/dashboard").headers["x-request-id"]
    time.sleep(0.2)
    lines = [json.loads(line) for line in served.log.getvalue().splitlines() if line.strip()]
    access = [e for e in lines if e.get("event") == "request"]
    traced = [e for e in access if e.get("request_id") == "trace-abc-123"]
    assert traced and traced[0]["route"] == "/inbox" and traced[0]["status"] == 200
    assert any(e.get("request_id") == own for e in access)
    text = served.log.getvalue()
    assert email not in text and name not in text and "Secretname" not in text


def test_dashboard_is_built_once_per_data_version(served: Served) -> None:
    """A second view of the same window reuses the report; a change to the data rebuilds it."""
    # The app's cache counters are read through /metrics, as an operator would.
    headers = {"authorization": "Bearer scrape-me"}

    def counts(client: httpx.Client) -> tuple[int, int]:
        lines = client.get("/metrics", headers=headers).text.splitlines()
        found = {x.split()[0]: int(x.split()[1]) for x in lines if x.startswith("phasegate_report_cache_")}
        return found["phasegate_report_cache_hits_total"], found["phasegate_report_cache_misses_total"]

    with _signed_in(served, LEAD) as client:
        first = client.get("/dashboard", params={"window": 3})
        h0, m0 = counts(client)
        second = client.get("/dashboard", params={"window": 3})
        h1, m1 = counts(client)
        assert (h1 - h0, m1 - m0) == (1, 0)
        assert first.text.count("tile") == second.text.count("tile")
        with served.workspace.sessions() as session, session.begin():
            _touch(session)
        time.sleep(VERSION_TTL_SECONDS + 0.1)  # the data version is re-read at most once a second
        client.get("/dashboard", params={"window": 3})
        h2, m2 = counts(client)
        assert (h2 - h1, m2 - m1) == (0, 1)


def _cache_counts(client: httpx.Client, name: str) -> tuple[int, int]:
    lines = client.get("/metrics", headers={"authorization": "Bearer scrape-me"}).text.splitlines()
    found = {x.split()[0]: int(x.split()[1]) for x in lines if x.startswith(f"phasegate_{name}_")}
    return found[f"phasegate_{name}_hits_total"], found[f"phasegate_{name}_misses_total"]


def test_phases_gate_evidence_is_built_once_per_data_version(served: Served) -> None:
    """A second view of /phases reuses the gate evidence and the same page; a data change rebuilds it."""
    with _signed_in(served, LEAD) as client:
        time.sleep(VERSION_TTL_SECONDS + 0.1)
        first = client.get("/phases")
        h0, m0 = _cache_counts(client, "report_cache")
        second = client.get("/phases")
        h1, m1 = _cache_counts(client, "report_cache")
        assert first.status_code == second.status_code == 200
        assert (h1 - h0, m1 - m0) == (1, 0)
        assert first.text.count("<tr") == second.text.count("<tr")
        with served.workspace.sessions() as session, session.begin():
            _touch(session, csat=3)
        time.sleep(VERSION_TTL_SECONDS + 0.1)
        client.get("/phases")
        h2, m2 = _cache_counts(client, "report_cache")
        assert (h2 - h1, m2 - m1) == (0, 1)


def test_ticket_brief_and_inbox_are_built_once_per_data_version(served: Served) -> None:
    """Repeat views of a ticket and of the inbox reuse the brief and the rows; a change to what both read
    rebuilds both."""
    with _signed_in(served, LEAD) as client:
        time.sleep(VERSION_TTL_SECONDS + 0.1)
        pages = ["/tickets/T-DRAFT", "/inbox?status=all"]
        first = [client.get(p) for p in pages]
        h0, m0 = _cache_counts(client, "view_cache")
        second = [client.get(p) for p in pages]
        h1, m1 = _cache_counts(client, "view_cache")
        assert [r.status_code for r in first + second] == [200] * 4
        assert (h1 - h0, m1 - m0) == (2, 0)
        assert first[1].text.count("<tr") == second[1].text.count("<tr")
        with served.workspace.sessions() as session, session.begin():
            _touch(session, csat=2, contacts=True)  # the brief reads the AI contacts, the inbox the CSAT
        time.sleep(VERSION_TTL_SECONDS + 0.1)
        for p in pages:
            client.get(p)
        h2, m2 = _cache_counts(client, "view_cache")
        assert (h2 - h1, m2 - m1) == (0, 2)


def test_a_write_the_brief_does_not_read_keeps_it(served: Served) -> None:
    """A CSAT (as a draft or a reply elsewhere) changes the data version but not the brief's inputs: the
    inbox is rebuilt, the ticket's brief is reused."""
    with _signed_in(served, LEAD) as client:
        pages = ["/tickets/T-DRAFT", "/inbox?status=all"]
        for p in pages:
            client.get(p)
        with served.workspace.sessions() as session, session.begin():
            _touch(session, csat=5)
        time.sleep(VERSION_TTL_SECONDS + 0.1)
        h0, m0 = _cache_counts(client, "view_cache")
        assert [client.get(p).status_code for p in pages] == [200, 200]
        h1, m1 = _cache_counts(client, "view_cache")
        assert (h1 - h0, m1 - m0) == (1, 1)


def test_a_write_through_the_server_is_seen_by_the_next_view_at_once(served: Served) -> None:
    """After any write request answers, the next view re-reads the data version instead of trusting the
    once-a-second reading, so a changed ticket is rebuilt at once (no waiting out VERSION_TTL_SECONDS)."""
    with _signed_in(served, LEAD) as client:
        time.sleep(VERSION_TTL_SECONDS + 0.1)
        client.get("/inbox?status=all")
        with served.workspace.sessions() as session, session.begin():
            _touch(session, csat=1)
        h0, m0 = _cache_counts(client, "view_cache")
        client.post("/inbox", data={})  # any write request (this one is refused) counts
        client.get("/inbox?status=all")
        h1, m1 = _cache_counts(client, "view_cache")
        assert (h1 - h0, m1 - m0) == (0, 1)


def _touch(session: Session, csat: int = 4, contacts: bool = False) -> None:
    ticket = session.get(Ticket, "T-DRAFT")
    assert ticket is not None
    ticket.csat = csat
    if contacts:
        ticket.ai_contacts_on_issue = (ticket.ai_contacts_on_issue or 0) + 1


def test_metrics_exposition(served: Served) -> None:
    """/metrics needs its token and exposes request latencies and the stored decision totals."""
    with httpx.Client(base_url=served.url, timeout=20) as client:
        assert client.get("/metrics").status_code == 401
        client.get("/healthz")
        body = client.get("/metrics", headers={"authorization": "Bearer scrape-me"}).text
    assert "# TYPE phasegate_http_request_duration_seconds histogram" in body
    assert 'phasegate_http_requests_total{method="GET",route="/healthz",status="200"}' in body
    assert 'phasegate_http_request_duration_seconds_bucket{method="GET",route="/healthz",le="+Inf"}' in body
    decisions = {
        line.split('"')[1]: float(line.split()[-1])
        for line in body.splitlines()
        if line.startswith("phasegate_decisions{")
    }
    stored = {}
    for d in served.rows.decisions:
        stored[d["route"]] = stored.get(d["route"], 0) + 1
    assert decisions == stored
    assert 'phasegate_decision_triggers{code="frustration"}' in body


def test_exhausted_pool_is_a_fast_503_and_cookies_can_be_secure(tmp_path: Path) -> None:
    """With the only connection held, a request gets 503 + Retry-After within the pool timeout; and
    PHASEGATE_COOKIE_SECURE marks the session cookie Secure."""
    with (
        serve(
            tmp_path / "tiny", db_pool_size=1, db_max_overflow=0, db_pool_timeout=0.5, cookie_secure=True
        ) as live,
        httpx.Client(base_url=live.url, timeout=20) as client,
    ):
        assert "secure" in client.get("/login").headers["set-cookie"].lower()
        with live.workspace.engine.connect():
            began = time.monotonic()
            r = client.get("/healthz")
            waited = time.monotonic() - began
        assert r.status_code == 503 and r.headers["retry-after"] == "2"
        assert waited < 5
        assert client.get("/healthz").status_code == 200

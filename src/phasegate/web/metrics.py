"""Prometheus `/metrics` in the text exposition format, written by hand (no client library needed).

Two kinds of series: request counts and a latency histogram this process measured, and totals read from
the database (decisions by route and by trigger code, drafts, tickets, kill switches), cached for a few
seconds so a scrape every 15 s costs a handful of indexed counts.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from phasegate.web import service as web_service

#: Latency buckets in seconds: the console's target (p99 < 2 s) sits between two of them.
BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0)
#: How long database totals are reused between scrapes.
DB_TTL_SECONDS = 5.0

Labels = tuple[tuple[str, str], ...]


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _labels(labels: Labels, extra: Labels = ()) -> str:
    pairs = [*labels, *extra]
    if not pairs:
        return ""
    return "{" + ",".join(f'{k}="{_escape(v)}"' for k, v in pairs) + "}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


@dataclass
class _Histogram:
    buckets: list[int] = field(default_factory=lambda: [0] * len(BUCKETS))
    total: float = 0.0
    count: int = 0


@dataclass(frozen=True)
class Gauge:
    """A family of samples read from the database at scrape time."""

    name: str
    help: str
    samples: tuple[tuple[Labels, float], ...]


class Registry:
    """This process's request metrics, plus the database totals; thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._requests: dict[Labels, int] = {}
        self._latency: dict[Labels, _Histogram] = {}
        self._db: tuple[float, list[Gauge]] | None = None
        self.counters: dict[str, int] = {}

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count one request and its latency."""
        with self._lock:
            key = (("method", method), ("route", route), ("status", str(status)))
            self._requests[key] = self._requests.get(key, 0) + 1
            hist = self._latency.setdefault((("method", method), ("route", route)), _Histogram())
            for i, bound in enumerate(BUCKETS):
                if seconds <= bound:
                    hist.buckets[i] += 1
            hist.total += seconds
            hist.count += 1

    def count(self, name: str, by: int = 1) -> None:
        """Bump one of this process's plain counters (cache hits, lockouts, ...)."""
        with self._lock:
            self.counters[name] = self.counters.get(name, 0) + by

    def _db_gauges(self, engine: Engine, sessions: Session) -> list[Gauge]:
        now = time.monotonic()
        with self._lock:
            if self._db is not None and now - self._db[0] < DB_TTL_SECONDS:
                return self._db[1]
        gauges = database_gauges(sessions, engine)
        with self._lock:
            self._db = (now, gauges)
        return gauges

    def exposition(self, engine: Engine, session: Session) -> str:
        """Every series, in Prometheus text format 0.0.4."""
        out: list[str] = []
        with self._lock:
            requests = dict(self._requests)
            latency = {k: _Histogram(list(h.buckets), h.total, h.count) for k, h in self._latency.items()}
            counters = dict(self.counters)
        out += [
            "# HELP phasegate_http_requests_total HTTP requests, by method, route template and status.",
            "# TYPE phasegate_http_requests_total counter",
        ]
        out += [f"phasegate_http_requests_total{_labels(k)} {v}" for k, v in sorted(requests.items())]
        name = "phasegate_http_request_duration_seconds"
        out += [f"# HELP {name} Time to serve a request.", f"# TYPE {name} histogram"]
        for key, hist in sorted(latency.items()):
            for bound, n in zip(BUCKETS, hist.buckets, strict=True):
                out.append(f"{name}_bucket{_labels(key, (('le', _number(bound)),))} {n}")
            out.append(f"{name}_bucket{_labels(key, (('le', '+Inf'),))} {hist.count}")
            out.append(f"{name}_sum{_labels(key)} {hist.total:.6f}")
            out.append(f"{name}_count{_labels(key)} {hist.count}")
        for counter, value in sorted(counters.items()):
            out += [f"# TYPE phasegate_{counter}_total counter", f"phasegate_{counter}_total {value}"]
        pool = engine.pool
        out += [
            "# HELP phasegate_db_pool_connections Database connections of this process, by state.",
            "# TYPE phasegate_db_pool_connections gauge",
        ]
        for state in ("checkedout", "size", "overflow"):
            reader = getattr(pool, state, None)
            if callable(reader):
                out.append(f'phasegate_db_pool_connections{{state="{state}"}} {reader()}')
        for gauge in self._db_gauges(engine, session):
            out += [f"# HELP {gauge.name} {gauge.help}", f"# TYPE {gauge.name} gauge"]
            out += [f"{gauge.name}{_labels(labels)} {_number(v)}" for labels, v in gauge.samples]
        return "\n".join(out) + "\n"


def database_gauges(session: Session, engine: Engine | None = None) -> list[Gauge]:
    """The stored totals: decisions by route and trigger, drafts by state, tickets by status, switches."""
    totals = web_service.stored_totals(session)
    routes, drafts, tickets, switches = totals.routes, totals.drafts, totals.tickets, totals.switches
    return [
        Gauge(
            "phasegate_decisions",
            "Stored routing decisions, by route.",
            tuple(((("route", r),), float(n)) for r, n in sorted(routes)),
        ),
        Gauge(
            "phasegate_decision_triggers",
            "Stored decisions carrying each escalation trigger code.",
            tuple(((("code", c),), float(n)) for c, n in sorted(totals.triggers)),
        ),
        Gauge(
            "phasegate_drafts",
            "AI drafts, by state (pending, sent as drafted or lightly edited, sent edited).",
            tuple(((("state", s),), float(n)) for s, n in sorted(drafts)),
        ),
        Gauge(
            "phasegate_tickets",
            "Stored tickets, by status.",
            tuple(((("status", s),), float(n)) for s, n in sorted(tickets)),
        ),
        Gauge(
            "phasegate_kill_switch_on",
            "1 where a kill switch is on (scope `*` is global), 0 where it was released.",
            tuple(((("scope", s),), 1.0 if on else 0.0) for s, on in sorted(switches)),
        ),
    ]

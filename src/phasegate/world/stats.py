"""What a workspace's support history contains: sizes, category mix, signals, phrasing diversity, CSAT.

Everything is read from the database, so the numbers describe whatever is in the workspace (the demo world or
imported tickets). The phase of a ticket is its category's phase when it was created, from `phase_changes`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import mean
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from phasegate.knowledge.models import Article
from phasegate.rollout.models import PhaseChange
from phasegate.store.models import Customer, Order, Product
from phasegate.tickets.models import Message, Ticket

_ORDER = re.compile(r"(?i)\b(?:tr-?|#)?\d{5,}\b")
_EMAIL = re.compile(r"\S+@\S+")
_MONEY = re.compile(r"\$?\d[\d,]*(?:\.\d+)?")
_PUNCT = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text with ids, emails, amounts, case and punctuation erased: what makes two asks "the same"."""
    t = _EMAIL.sub(" email ", text.lower())
    t = _ORDER.sub(" id ", t)
    t = _MONEY.sub(" n ", t)
    t = _PUNCT.sub(" ", t)
    return _SPACE.sub(" ", t).strip()


@dataclass
class WorldStats:
    """The numbers `phasegate world stats` shows."""

    tickets: int = 0
    customers: int = 0
    orders: int = 0
    products: int = 0
    articles: int = 0
    weeks: int = 0
    messages: int = 0
    categories: dict[str, int] = field(default_factory=dict)
    handled_by: dict[str, int] = field(default_factory=dict)
    signals: dict[str, dict[str, float]] = field(default_factory=dict)
    phrasing: dict[str, dict[str, int]] = field(default_factory=dict)
    secondary_share: float = 0.0
    kb_gaps: dict[str, int] = field(default_factory=dict)
    csat_response_rate: float = 0.0
    csat_by_phase: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    csat_ai_by_week: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready dict."""
        return dict(self.__dict__)


def _count(session: Session, model: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(model)) or 0)


def _phase_lookup(session: Session) -> dict[str, tuple[list[datetime], list[int]]]:
    """category -> (times of its phase changes, phase after each), in time order."""
    out: dict[str, tuple[list[datetime], list[int]]] = {}
    rows = session.execute(
        select(PhaseChange.category, PhaseChange.at, PhaseChange.to_phase).order_by(PhaseChange.at)
    )
    for category, at, to_phase in rows:
        times, phases = out.setdefault(category, ([], []))
        times.append(at)
        phases.append(to_phase)
    return out


def _phase_at(lookup: dict[str, tuple[list[datetime], list[int]]], category: str, at: datetime | None) -> int:
    if at is None or category not in lookup:
        return 0
    times, phases = lookup[category]
    i = bisect_right(times, at)
    return phases[i - 1] if i else 0


def _summary(scores: list[int]) -> dict[str, float]:
    return {"n": len(scores), "mean": round(mean(scores), 3) if scores else 0.0}


def collect(session: Session) -> WorldStats:
    """Read the workspace and compute its stats."""
    s = WorldStats(
        tickets=_count(session, Ticket),
        customers=_count(session, Customer),
        orders=_count(session, Order),
        products=_count(session, Product),
        articles=_count(session, Article),
        messages=_count(session, Message),
    )
    rows = session.execute(
        select(Ticket.id, Ticket.category, Ticket.created_at, Ticket.handled_by, Ticket.csat, Ticket.extra)
    ).all()
    if not rows:
        return s
    times = [r.created_at for r in rows if r.created_at is not None]
    start = _monday(min(times)) if times else None
    if start is not None:
        s.weeks = (max(times) - start) // timedelta(weeks=1) + 1
    s.categories = dict(Counter(r.category or "(none)" for r in rows).most_common())
    s.handled_by = dict(Counter(r.handled_by or "(none)" for r in rows).most_common())

    signal_counts: Counter[str] = Counter()
    templates: dict[str, set[str]] = defaultdict(set)
    secondary = 0
    gaps: Counter[str] = Counter()
    for r in rows:
        extra = r.extra or {}
        signal_counts.update(set(extra.get("signals", [])))
        if extra.get("template"):
            templates[r.category or "(none)"].add(str(extra["template"]))
        if extra.get("secondary_category"):
            secondary += 1
        if extra.get("kb_gap"):
            gaps[str(extra["kb_gap"])] += 1
    s.signals = {k: {"count": v, "share": round(v / len(rows), 4)} for k, v in sorted(signal_counts.items())}
    s.secondary_share = round(secondary / len(rows), 4)
    s.kb_gaps = dict(gaps.most_common())

    openings = _openings(session)
    category_of = {r.id: r.category or "(none)" for r in rows}
    distinct: dict[str, set[str]] = defaultdict(set)
    raw: dict[str, set[str]] = defaultdict(set)
    for tid, text in openings.items():
        cat = category_of.get(tid, "(none)")
        distinct[cat].add(normalise(text))
        raw[cat].add(text)
    s.phrasing = {
        cat: {
            "tickets": n,
            "distinct_openings": len(raw[cat]),
            "distinct_normalised": len(distinct[cat]),
            "templates": len(templates.get(cat, ())),
        }
        for cat, n in s.categories.items()
    }

    lookup = _phase_lookup(session)
    first_move = {c: times[0] for c, (times, phases) in lookup.items() if phases and phases[0] >= 1}
    by_phase: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    by_week: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    answered = 0
    for r in rows:
        if r.csat is None:
            continue
        answered += 1
        cat = r.category or "(none)"
        phase = _phase_at(lookup, cat, r.created_at)
        segment = r.handled_by or "unknown"
        if segment == "human" and (
            cat not in first_move or (r.created_at and r.created_at < first_move[cat])
        ):
            segment = "baseline"
        by_phase[f"phase {phase}"][segment].append(r.csat)
        if phase == 3 and r.handled_by == "ai" and start is not None and r.created_at is not None:
            week = (r.created_at - start) // timedelta(weeks=1) + 1
            by_week[cat][f"week {week}"].append(r.csat)
    s.csat_response_rate = round(answered / len(rows), 4)
    s.csat_by_phase = {
        p: {seg: _summary(v) for seg, v in sorted(segs.items())} for p, segs in sorted(by_phase.items())
    }
    s.csat_ai_by_week = {
        c: {w: _summary(v) for w, v in sorted(weeks.items(), key=lambda kv: int(kv[0].split()[1]))}
        for c, weeks in sorted(by_week.items())
    }
    return s


def _monday(at: datetime) -> datetime:
    """Midnight opening the week of `at`: weeks are counted Monday to Sunday, as the history's are."""
    day = at - timedelta(days=at.weekday())
    return day.replace(hour=0, minute=0, second=0, microsecond=0)


def _openings(session: Session) -> dict[str, str]:
    """Each ticket's opening: its customer messages before anyone answered."""
    out: dict[str, str] = {}
    closed: set[str] = set()
    rows = session.execute(
        select(Message.ticket_id, Message.role, Message.text).order_by(Message.ticket_id, Message.seq)
    )
    for tid, role, text in rows:
        if tid in closed:
            continue
        if role != "customer":
            closed.add(tid)
            continue
        out[tid] = f"{out[tid]}\n{text}" if tid in out else text
    return out

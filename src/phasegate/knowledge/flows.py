"""Knowledge use cases across concepts: ingest and reindex, search with catalog answers, KB checks of
tickets (recording the KB hit for the metrics), and the gap report.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from phasegate.knowledge import calibration, catalog, gaps, index, service
from phasegate.knowledge.catalog import CatalogFact, ProductView
from phasegate.knowledge.retrieval import Passage, Retriever
from phasegate.plugins.interfaces import Encoder
from phasegate.rollout.models import Decision
from phasegate.store.models import Product
from phasegate.tickets.models import Ticket

log = structlog.get_logger(__name__)

#: Tickets read per query while scanning.
PAGE = 500


def ingest(session: Session, home: Path, directory: Path, *, prune: bool = False) -> service.IngestReport:
    """Ingest a help-center folder and rebuild the workspace index from the result."""
    report = service.ingest_dir(session, directory, prune=prune)
    index.rebuild(session, home)
    log.info(
        "kb.ingested",
        created=len(report.created),
        updated=len(report.updated),
        unchanged=len(report.unchanged),
        rejected=len(report.rejected),
        chunks=report.chunks,
    )
    return report


def products(session: Session) -> list[ProductView]:
    """The catalog as catalog questions read it."""
    return [ProductView.of(p) for p in session.scalars(select(Product).order_by(Product.id))]


@dataclass(frozen=True)
class SearchResult:
    """Passages for a question, the catalog facts it asks for, and whether it is well supported."""

    query: str
    passages: list[Passage]
    facts: list[CatalogFact]
    support: float
    hit: bool
    threshold: float

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form (the API's and `kb search --json`'s)."""
        return {
            "query": self.query,
            "support": round(self.support, 4),
            "hit": self.hit,
            "threshold": self.threshold,
            "facts": [f.as_dict() for f in self.facts],
            "passages": [p.as_dict() for p in self.passages],
        }


def search(
    session: Session,
    home: Path,
    query: str,
    *,
    k: int = 5,
    context_products: Sequence[str] = (),
    encoder: Encoder | None = None,
) -> SearchResult:
    """Search the help center; catalog questions get the product's structured attributes first."""
    retriever = index.load(session, home, encoder=encoder)
    passages = retriever.search(query, k=k)
    facts = catalog.answer(query, products(session), context_products=context_products, retriever=retriever)
    threshold = calibration.threshold(home)
    support = max((p.support for p in passages), default=0.0)
    return SearchResult(query, passages, facts, support, support >= threshold or bool(facts), threshold)


def check(retriever: Retriever, ticket: Ticket, *, threshold: float) -> gaps.KbCheck:
    """The KB check of one stored ticket."""
    name = (ticket.customer or {}).get("name") or ""
    return gaps.check_ticket(
        retriever,
        ticket_id=ticket.id,
        subject=ticket.subject,
        messages=[(m.role, m.text) for m in ticket.messages],
        threshold=threshold,
        names=name.split(),
    )


def record(session: Session, ticket: Ticket, result: gaps.KbCheck, *, threshold: float) -> None:
    """Store the KB hit on the ticket (`extra["kb"]`) and on its latest decision when that has none yet."""
    stored = {**result.record(), "threshold": threshold, "checked_at": datetime.now(UTC).isoformat()}
    # JSON columns are not mutation-tracked, so the dict is replaced, never edited in place.
    ticket.extra = {**(ticket.extra or {}), "kb": stored}
    latest = session.scalars(
        select(Decision)
        .where(Decision.ticket_id == ticket.id)
        .order_by(Decision.created_at.desc(), Decision.id.desc())
    ).first()
    if latest is not None and latest.kb_hit is None:
        latest.kb_hit = result.hit


@dataclass
class GapReport:
    """Tickets checked, how many found a well-supported passage, and the gap clusters."""

    scanned: int
    hits: int
    threshold: float
    clusters: list[gaps.GapCluster] = field(default_factory=list)
    unsupported_claims: int = 0

    @property
    def hit_rate(self) -> float:
        """KB hit rate: share of checked tickets with a well-supported passage."""
        return self.hits / self.scanned if self.scanned else 0.0

    def as_dict(self, *, examples: int = 3) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "scanned": self.scanned,
            "hits": self.hits,
            "hit_rate": round(self.hit_rate, 4),
            "threshold": self.threshold,
            "unsupported_claims": self.unsupported_claims,
            "clusters": [c.as_dict(examples=examples) for c in self.clusters],
        }


def scan(
    session: Session,
    home: Path,
    *,
    since: datetime | None = None,
    category: str | None = None,
    threshold: float | None = None,
    save: bool = True,
    encoder: Encoder | None = None,
) -> list[gaps.KbCheck]:
    """Check stored tickets against the help center, recording each KB hit when `save`."""
    retriever = index.load(session, home, encoder=encoder)
    limit = calibration.threshold(home) if threshold is None else threshold
    query = select(Ticket).options(selectinload(Ticket.messages)).order_by(Ticket.id)
    if since is not None:
        query = query.where(Ticket.created_at >= since)
    if category is not None:
        query = query.where(Ticket.category == category)
    results: list[gaps.KbCheck] = []
    offset = 0
    while True:
        page = list(session.scalars(query.limit(PAGE).offset(offset)))
        if not page:
            break
        for ticket in page:
            result = check(retriever, ticket, threshold=limit)
            results.append(result)
            if save:
                record(session, ticket, result, threshold=limit)
        session.flush()
        offset += PAGE
    log.info("kb.scanned", tickets=len(results), hits=sum(r.hit for r in results), threshold=limit)
    return results


def gap_report(
    session: Session,
    home: Path,
    *,
    since: datetime | None = None,
    category: str | None = None,
    threshold: float | None = None,
    save: bool = True,
    min_count: int = 1,
    encoder: Encoder | None = None,
) -> GapReport:
    """Scan tickets, then cluster what the help center could not back into topics, largest first."""
    results = scan(
        session, home, since=since, category=category, threshold=threshold, save=save, encoder=encoder
    )
    items = gaps.gap_items(results)
    clusters = [c for c in gaps.cluster(items) if c.count >= min_count]
    return GapReport(
        scanned=len(results),
        hits=sum(r.hit for r in results),
        threshold=calibration.threshold(home) if threshold is None else threshold,
        clusters=clusters,
        unsupported_claims=sum(len(r.unsupported) for r in results),
    )

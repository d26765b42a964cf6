"""Knowledge use cases across concepts: ingest and reindex, search with catalog answers, KB checks of
tickets (recording the KB hit for the metrics), and the gap report.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import structlog
from sqlalchemy.orm import Session

from phasegate.knowledge import calibration, catalog, gaps, index, service
from phasegate.knowledge.catalog import CatalogFact, ProductView
from phasegate.knowledge.retrieval import Passage, Retriever
from phasegate.knowledge.text import terms
from phasegate.plugins.interfaces import Encoder
from phasegate.rollout import service as rollout_service
from phasegate.store import service as store_service
from phasegate.tickets import service as tickets_service
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
    return [ProductView.of(p) for p in store_service.products(session)]


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


def conversation(ticket: Ticket) -> gaps.Conversation:
    """What a KB check reads of a stored ticket."""
    name = str((ticket.customer or {}).get("name") or "")
    return gaps.Conversation(
        ticket.id, ticket.subject, [(m.role, m.text) for m in ticket.messages], name.split()
    )


def check(retriever: Retriever, ticket: Ticket, *, threshold: float) -> gaps.KbCheck:
    """The KB check of one stored ticket."""
    return gaps.check_many(retriever, [conversation(ticket)], threshold=threshold)[0]


def _with_catalog(check: gaps.KbCheck, views: Sequence[ProductView]) -> gaps.KbCheck:
    """A missed ask that the catalog answers (a product's attribute) is a hit after all."""
    if check.hit or not check.question or not catalog.answer(check.question, views):
        return check
    return replace(check, hit=True, catalog=True)


def record(session: Session, ticket: Ticket, result: gaps.KbCheck, *, threshold: float) -> None:
    """Store the KB hit on the ticket (`extra["kb"]`) and on its latest decision when that has none yet."""
    stored = {**result.record(), "threshold": threshold, "checked_at": datetime.now(UTC).isoformat()}
    # JSON columns are not mutation-tracked, so the dict is replaced, never edited in place.
    ticket.extra = {**(ticket.extra or {}), "kb": stored}
    latest = rollout_service.newest_decision(session, ticket_id=ticket.id)
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
    results: list[gaps.KbCheck] = []
    catalog_views = products(session)
    offset = 0
    while True:
        page = tickets_service.page_with_messages(
            session, since=since, category=category, limit=PAGE, offset=offset
        )
        if not page:
            break
        checked = [
            _with_catalog(c, catalog_views)
            for c in gaps.check_many(retriever, [conversation(t) for t in page], threshold=limit)
        ]
        results += checked
        if save:
            for ticket, result in zip(page, checked, strict=True):
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
    limit = calibration.threshold(home) if threshold is None else threshold
    retriever = index.load(session, home, encoder=encoder)
    answered = [r for r in results if r.hit and r.question]
    product_words = {t for p in products(session) for t in terms(p.name)}
    categories = tickets_service.categories_by_id(session)
    found = gaps.cluster(
        gaps.gap_items(results),
        background=[r.question for r in answered],
        background_labels=[categories.get(r.ticket_id) for r in answered],
        labels=categories,
        known=lambda t: retriever.knows(t) or t in product_words,
    )
    clusters = gaps.rank(found, retriever, threshold=limit, min_count=min_count)
    return GapReport(
        scanned=len(results),
        hits=sum(r.hit for r in results),
        threshold=limit,
        clusters=clusters,
        unsupported_claims=sum(len(r.unsupported) for r in results),
    )


#: Gap reports kept per process and on disk (windows and category filters of the page).
GAP_CACHE_SIZE = 16
#: Gap reports already computed in this process, by fingerprint (see `gap_report_cached`).
_gap_memo: dict[str, GapReport] = {}


def _gap_fingerprint(
    session: Session, home: Path, *, since: datetime | None, category: str | None, threshold: float
) -> str:
    """What a gap report depends on: the help-center state, the tickets in the window (how many, the
    newest, how many messages), the catalog size, the threshold and the filters."""
    count, newest, resolved, messages = tickets_service.window_signature(
        session, since=since, category=category
    )
    parts = [
        str(home.resolve()),
        index.state_of(session),
        f"{threshold:.6f}",
        since.isoformat() if since else "-",
        category or "-",
        str(count),
        str(newest),
        str(resolved),
        str(messages),
        str(len(products(session))),
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:24]


def _report_json(report: GapReport) -> dict[str, Any]:
    return {
        "scanned": report.scanned,
        "hits": report.hits,
        "threshold": report.threshold,
        "unsupported_claims": report.unsupported_claims,
        "clusters": [
            {
                "terms": c.terms,
                "items": [asdict(i) for i in c.items],
                "topic_support": c.topic_support,
                "topic_article": c.topic_article,
                "cohesion": c.cohesion,
            }
            for c in report.clusters
        ],
    }


def _report_from(data: dict[str, Any]) -> GapReport:
    clusters = [
        gaps.GapCluster(
            terms=list(c["terms"]),
            items=[gaps.GapItem(**i) for i in c["items"]],
            topic_support=c["topic_support"],
            topic_article=c["topic_article"],
            cohesion=float(c["cohesion"]),
        )
        for c in data["clusters"]
    ]
    return GapReport(
        scanned=int(data["scanned"]),
        hits=int(data["hits"]),
        threshold=float(data["threshold"]),
        clusters=clusters,
        unsupported_claims=int(data["unsupported_claims"]),
    )


def gap_report_cached(
    session: Session, home: Path, *, since: datetime | None = None, category: str | None = None
) -> GapReport:
    """`gap_report` (read-only) computed once per state of its inputs, kept in memory and in the workspace.

    Scanning a month of tickets takes seconds; the page asks the same question on every view. The report is
    recomputed only when the help center, the tickets in the window or the catalog change.
    """
    threshold = calibration.threshold(home)
    key = _gap_fingerprint(session, home, since=since, category=category, threshold=threshold)
    cached = _gap_memo.get(key)
    if cached is not None:
        return cached
    path = index.kb_dir(home) / f"gaps-{key}.json"
    report = None
    if path.exists():
        try:
            report = _report_from(json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("kb.gap_cache_unreadable", path=str(path), error=str(exc))
    if report is None:
        report = gap_report(session, home, since=since, category=category, threshold=threshold, save=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(_report_json(report)), encoding="utf-8")
        # Reports of older states are never read again; keep the newest few windows and filters.
        stale = sorted(path.parent.glob("gaps-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in stale[GAP_CACHE_SIZE:]:
            old.unlink(missing_ok=True)
    if len(_gap_memo) >= GAP_CACHE_SIZE:
        _gap_memo.pop(next(iter(_gap_memo)))
    _gap_memo[key] = report
    return report

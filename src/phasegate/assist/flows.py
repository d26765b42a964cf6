"""Building one ticket's brief: reads the ticket, the store, the help center, the policy and the decision log,
and puts the pieces together. Reads only; the brief never writes to the customer or changes a record.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import structlog
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.sql.base import ExecutableOption

from phasegate.assist import account, facts, flags, playbooks, summary
from phasegate.assist.schemas import ArticleCite, Brief, DataRef, ResolutionPath
from phasegate.config import Settings
from phasegate.knowledge import calibration, catalog, index
from phasegate.knowledge import flows as kb_flows
from phasegate.knowledge.catalog import ProductView
from phasegate.knowledge.chunking import Chunk
from phasegate.knowledge.models import Article, ArticleVersion
from phasegate.knowledge.retrieval import Passage, Retriever
from phasegate.plugins.interfaces import LLMProvider
from phasegate.policy import Policy, decide
from phasegate.policy.decision import DecisionContext
from phasegate.policy.triggers import amounts_at_stake
from phasegate.rollout import service as rollout
from phasegate.rollout.models import CategoryPhase, Decision, KillSwitch, PhaseChange, PolicyVersion
from phasegate.rollout.routing import workspace_router_dir
from phasegate.store.models import Customer, Order, Product, Refund, Return, Shipment, ShipmentEvent
from phasegate.tickets import service as tickets
from phasegate.tickets.models import Message, Ticket
from phasegate.tickets.schemas import CustomerIn, MessageIn, TicketIn
from phasegate.triage import conversation, entities
from phasegate.triage.analysis import analyze, signals
from phasegate.triage.router import Router, RouterError
from phasegate.triage.schemas import Analysis

log = structlog.get_logger(__name__)


class TicketNotFound(LookupError):
    """No ticket with that id."""


def _order_options() -> list[ExecutableOption]:
    return [
        selectinload(Order.items),
        selectinload(Order.shipments).selectinload(Shipment.events),
        selectinload(Order.returns),
        selectinload(Order.refunds),
    ]


#: The last router read, by folder and its files' modification times: reading it takes most of a second,
#: and the console builds a brief on every ticket page.
_ROUTER_CACHE: dict[tuple[str, tuple[int, ...]], Router] = {}
_ROUTER_LOCK = threading.Lock()


def load_router(home: Path) -> Router | None:
    """The workspace's current router, or None when it has none (or it cannot be read)."""
    folder = workspace_router_dir(Settings(home=home))
    if not folder.is_dir():
        return None
    key = (str(folder.resolve()), tuple(sorted(p.stat().st_mtime_ns for p in folder.iterdir())))
    with _ROUTER_LOCK:
        cached = _ROUTER_CACHE.get(key)
    if cached is not None:
        return cached
    try:
        router = Router.load(folder)
    except RouterError as exc:
        log.warning("assist.router_unreadable", path=str(folder), error=str(exc))
        return None
    with _ROUTER_LOCK:
        _ROUTER_CACHE.clear()  # one workspace per process: keep the newest only
        _ROUTER_CACHE[key] = router
    return router


def inputs_version(session: Session, ticket_id: str) -> tuple[object, ...] | None:
    """A signature of what one ticket's brief reads from the database, in one round trip; None when the
    ticket is gone.

    It moves when the ticket, its messages or its decisions do, when another ticket of the same customer
    or issue arrives or is resolved, and when the policy, the phases, the kill switches, the help center or
    the store (row counts) change. Drafts, replies, CSAT and costs of other tickets leave it alone, so a
    cached brief outlives the writes a busy console makes all day. (The workspace's files are the caller's
    to add: see `phasegate.web.report_cache.home_files`.)
    """
    row = session.execute(
        select(
            Ticket.status,
            Ticket.resolved_at,
            Ticket.imported_at,
            Ticket.category,
            Ticket.customer_id,
            Ticket.order_id,
            Ticket.issue_id,
            Ticket.ai_contacts_on_issue,
        ).where(Ticket.id == ticket_id)
    ).one_or_none()
    if row is None:
        return None
    customer_id, issue_id = row.customer_id, row.issue_id
    related = [Ticket.customer_id == customer_id] if customer_id else []
    related += [Ticket.issue_id == issue_id] if issue_id else []
    scalars = [
        select(func.count(), func.max(Message.id)).where(Message.ticket_id == ticket_id),
        select(func.max(Decision.id)).where(Decision.ticket_id == ticket_id),
        select(func.max(PolicyVersion.id)),
        select(func.count(), func.max(PhaseChange.id)).select_from(PhaseChange),
        select(func.count(), func.max(CategoryPhase.since)).select_from(CategoryPhase),
        select(func.count(), func.max(KillSwitch.updated_at)).where(KillSwitch.on.is_(True)),
        select(func.count(), func.sum(Article.current_version)).select_from(Article),
        select(func.count()).select_from(ArticleVersion),
        select(func.count()).select_from(Customer),
        select(func.count()).select_from(Order),
        select(func.count()).select_from(ShipmentEvent),
        select(func.count()).select_from(Return),
        select(func.count()).select_from(Refund),
        select(func.count()).select_from(Product),
    ]
    if related:
        scalars.append(
            select(func.count(), func.count(Ticket.resolved_at), func.max(Ticket.imported_at)).where(
                or_(*related)
            )
        )
    columns = [
        sub.with_only_columns(column).scalar_subquery().label(f"v{i}_{j}")
        for i, sub in enumerate(scalars)
        for j, column in enumerate(sub.selected_columns)
    ]
    return (*row, *session.execute(select(*columns)).one())


def ticket_in(ticket: Ticket) -> TicketIn:
    """A stored ticket in the interchange shape the analysis reads."""
    stated = ticket.customer or {}
    return TicketIn(
        id=ticket.id,
        subject=ticket.subject,
        channel=ticket.channel,
        created_at=ticket.created_at,
        order_id=ticket.order_id,
        issue_id=ticket.issue_id,
        ai_contacts_on_issue=ticket.ai_contacts_on_issue,
        category=ticket.category,
        customer=CustomerIn.model_validate(stated) if stated else None,
        # The contract needs a message; a ticket stored without any is read as its subject line.
        messages=[
            MessageIn.model_validate({"role": m.role, "text": m.text, "at": m.at}) for m in ticket.messages
        ]
        or [MessageIn(role="customer", text=ticket.subject or "", at=ticket.created_at)],
    )


def as_of(ticket: Ticket) -> datetime:
    """The moment the brief describes: the ticket's creation (its first message when undated)."""
    return ticket.created_at or next((m.at for m in ticket.messages if m.at), None) or datetime.now(UTC)


@dataclass(frozen=True)
class Routing:
    """The ticket's category and the escalation triggers, with where they came from."""

    category: str | None
    confidence: float | None
    category_source: str
    triggers: list[flags.Trigger] | None
    triggers_source: DataRef | None
    analysis: Analysis
    context: DecisionContext


def _context(
    session: Session, ticket: Ticket, customer: Customer | None, order: Order | None
) -> DecisionContext:
    stated = ticket.customer or {}
    kill = rollout.kill_state(session)
    phases = rollout.phase_map(session)
    return DecisionContext(
        ticket_id=ticket.id,
        vip=customer.vip if customer else bool(stated.get("vip")),
        ai_opt_in=customer.ai_opt_in if customer else bool(stated.get("ai_opt_in")),
        ai_contacts_on_issue=ticket.ai_contacts_on_issue or 0,
        order_value=Decimal(order.total) if order is not None and order.total is not None else None,
        phases=phases or None,
        kill_switch=kill.global_on,
        killed=kill.categories,
    )


def route(
    session: Session,
    ticket: Ticket,
    *,
    policy: Policy,
    policy_version: int | None,
    router: Router | None,
    customer: Customer | None,
    order: Order | None,
) -> Routing:
    """Category and triggers: from the decision log when the ticket was decided, else computed now with
    the router (or the ticket's label) and the policy in force.
    """
    data = ticket_in(ticket)
    context = _context(session, ticket, customer, order)
    if router is not None:
        analysis = analyze(data, router=router, policy=policy)
        source = "router"
    else:
        conv = conversation.from_ticket(data)
        analysis = Analysis(
            category=ticket.category,
            confidence=1.0 if ticket.category else 0.0,  # a label is taken as given
            out_of_scope=ticket.category is None,
            signals=signals(conv, policy),
            entities=entities.extract(conv, policy, known_order_id=ticket.order_id),
        )
        source = "label"
    logged = session.scalars(
        select(Decision)
        .where(Decision.ticket_id == ticket.id)
        .order_by(Decision.created_at.desc(), Decision.id.desc())
    ).first()
    if logged is not None:
        triggers = [
            flags.Trigger(str(t.get("code")), str(t.get("detail", ""))) for t in logged.triggers or []
        ]
        ref = DataRef(
            table="decisions", id=str(logged.id), field="triggers", value=[t.code for t in triggers]
        )
        return Routing(logged.category, logged.confidence, "decision", triggers, ref, analysis, context)
    decision = decide(analysis, context, policy)
    triggers = [flags.Trigger(t.code, t.detail) for t in decision.triggers]
    version = f"policy_versions[{policy_version}]" if policy_version else "policy defaults"
    ref = DataRef(table="tickets", id=ticket.id, field="decide()", value=f"{version}, {source}")
    confidence = analysis.confidence if analysis.category is not None else None
    return Routing(analysis.category, confidence, source, triggers, ref, analysis, context)


def _pick_order(
    session: Session, ticket: Ticket, orders: Sequence[Order], mentioned: Sequence[str], when: datetime
) -> tuple[Order | None, str | None]:
    """The order the ticket is about: the one it names, one the customer mentions, else their latest."""
    if ticket.order_id:
        found = session.scalars(
            select(Order).options(*_order_options()).where(Order.id == ticket.order_id)
        ).first()
        if found is not None:
            return found, "ticket"
    by_id = {o.id: o for o in orders}
    for order_id in mentioned:
        if order_id in by_id:
            return by_id[order_id], "mentioned"
    earlier = [o for o in orders if o.placed_at is None or o.placed_at <= when]
    if earlier:
        latest = max(earlier, key=lambda o: (o.placed_at or when, o.id))
        return latest, "latest"
    return None, None


def _chunk_cite(c: Chunk) -> ArticleCite:
    return ArticleCite(
        id=c.article_id, title=c.title, heading=c.heading, version=c.version, passage_id=c.id, text=c.text
    )


def _cite(passage: Passage | None) -> ArticleCite | None:
    return None if passage is None else _chunk_cite(passage.chunk)


def _citer(retriever: Retriever, book: playbooks.Playbooks) -> flags.Citer:
    """Finds the passage stating a flag's rule: pinned by id, else searched, preferring one that contains
    the fact's own words ("30 days"), so the citation shows the number the flag applied.
    """
    memo: dict[tuple[str, tuple[str, ...]], ArticleCite | None] = {}

    def cite(code: str, hints: Sequence[str]) -> ArticleCite | None:
        key = (code, tuple(hints))
        if key in memo:
            return memo[key]
        ref = book.flag_articles.get(code)
        found = _resolve(retriever, ref, hints)
        memo[key] = found
        return found

    return cite


_query_memo: weakref.WeakKeyDictionary[Retriever, dict[str, list[Passage]]] = weakref.WeakKeyDictionary()


def _resolve(
    retriever: Retriever, ref: playbooks.ArticleRef | None, hints: Sequence[str]
) -> ArticleCite | None:
    if ref is None:
        return None
    if ref.id:
        candidates = [c for c in retriever.chunks if c.article_id == ref.id]
        # The pinned article's passage that states the fact itself; else its first passage.
        chosen = [c for c in candidates if all(h.lower() in _plain(c.text) for h in hints)] or candidates
        return _chunk_cite(chosen[0]) if chosen else None
    if not ref.query:
        return None
    # The playbook's queries are fixed: search each once per retriever (a help-center version), not per brief.
    memo = _query_memo.setdefault(retriever, {})
    hits = memo.get(ref.query)
    if hits is None:
        hits = memo[ref.query] = retriever.search(ref.query, k=5, distinct_articles=False)
    stating = [p for p in hits if all(h.lower() in _plain(p.text) for h in hints)]
    # The best-ranked passage that states the fact itself; else the best-ranked on the topic.
    ranked = stating or hits
    return _cite(ranked[0] if ranked else None)


def _plain(text: str) -> str:
    """Lower-case text without Markdown emphasis and line breaks ("**30 days\nof delivery**")."""
    return " ".join(text.replace("*", "").replace("_", " ").lower().split())


def answering_passages(
    retriever: Retriever,
    question: str,
    *,
    category: str | None,
    book: playbooks.Playbooks,
    names: Sequence[str] = (),
    k: int = 5,
) -> list[Passage]:
    """The passages for the brief, the ones that answer this kind of ask first.

    Retrieval on the ask alone puts "Repairs" first for "my reset link is broken". The category's playbook
    names the articles that answer its asks; the best of those for this ask lead, then the rest by rank.
    """
    if not question:
        return []
    general = retriever.search(question, k=k, drop=names)
    topical: set[str] = set()
    for path in book.categories.get(category or "", []) if category else []:
        cite = _resolve(retriever, path.article, ()) if path.article is not None else None
        if cite is not None:
            topical.add(cite.id)
    if not topical:
        return general
    leading = retriever.search(question, k=min(2, len(topical)), drop=names, articles=sorted(topical))
    lead_ids = {p.chunk.id for p in leading}
    return (leading + [p for p in general if p.chunk.id not in lead_ids])[:k]


def _attach_articles(
    paths: list[ResolutionPath],
    book: playbooks.Playbooks,
    category: str | None,
    retriever: Retriever,
    best: Passage | None,
) -> list[ResolutionPath]:
    refs = {p.id: p.article for p in book.categories.get(category or "other", [])}
    out = []
    for path in paths:
        ref = refs.get(path.id)
        cite = _resolve(retriever, ref, ()) if ref is not None else _cite(best)
        rationale = path.rationale + (f"; article '{cite.title}'" if cite else "")
        out.append(path.model_copy(update={"article": cite, "rationale": rationale}))
    return out


def build(
    session: Session,
    *,
    ticket_id: str,
    home: Path,
    provider: LLMProvider | None = None,
    policy_facts: facts.PolicyFacts | None = None,
    router: Router | None = None,
    use_workspace_router: bool = True,
) -> Brief:
    """The brief of one ticket, as of its creation. Raises TicketNotFound."""
    ticket = tickets.get(session, ticket_id=ticket_id)
    if ticket is None:
        raise TicketNotFound(ticket_id)
    when = as_of(ticket)
    stated = ticket.customer or {}
    customer = session.get(Customer, ticket.customer_id) if ticket.customer_id else None
    orders = (
        list(
            session.scalars(select(Order).options(*_order_options()).where(Order.customer_id == customer.id))
        )
        if customer
        else []
    )
    in_force = rollout.policy_in_force(session)
    policy, policy_version = in_force.policy, in_force.version
    if router is None and use_workspace_router:
        router = load_router(home)
    # The order is needed for the decision context, and the mentioned ids come from the analysis: read the
    # ticket's own order first, then let the analysis' entities pick among the customer's orders.
    pre_order, _ = _pick_order(session, ticket, orders, (), when)
    routing = route(
        session,
        ticket,
        policy=policy,
        policy_version=policy_version,
        router=router,
        customer=customer,
        order=pre_order,
    )
    order, basis = _pick_order(session, ticket, orders, routing.analysis.entities.order_ids, when)
    product_ids = {i.product_id for i in (order.items if order else []) if i.product_id}
    all_products = [ProductView.of(p) for p in session.scalars(select(Product).order_by(Product.id))]
    products = {p.id: p for p in all_products if p.id in product_ids}
    retriever = index.load(session, home)
    book = playbooks.load(home)
    threshold = calibration.threshold(home)
    check = kb_flows.check(retriever, ticket, threshold=threshold)
    names = str(stated.get("name") or "").split()
    passages = answering_passages(
        retriever, check.question, category=routing.category, book=book, names=names
    )
    facts_found = catalog.answer(
        check.question, all_products, context_products=sorted(product_ids), retriever=retriever
    )
    ctx = flags.FlagContext(
        ticket_id=ticket.id,
        as_of=when,
        facts=policy_facts or facts.load(home),
        policy=policy,
        customer=customer,
        order=order,
        products=products,
        amounts=[(v, src) for v, src in amounts_at_stake(routing.analysis, routing.context, policy)],
        category=routing.category,
        triggers=routing.triggers,
        triggers_source=routing.triggers_source,
        cite=_citer(retriever, book),
    )
    flag_list = flags.compute(ctx)
    paths, ruled_out = playbooks.suggest(
        book,
        routing.category,
        flag_list,
        category_confidence=routing.confidence if routing.confidence else 1.0,
    )
    related = [Ticket.customer_id == ticket.customer_id] if ticket.customer_id else []
    related += [Ticket.issue_id == ticket.issue_id] if ticket.issue_id else []
    others = (
        list(session.scalars(select(Ticket).where(Ticket.id != ticket.id, or_(*related)))) if related else []
    )
    turns = [(m.role, m.text) for m in ticket.messages]
    brief = Brief(
        ticket_id=ticket.id,
        as_of=when,
        generated_at=datetime.now(UTC),
        category=routing.category,
        category_confidence=routing.confidence,
        category_source=routing.category_source,
        order_id=order.id if order else None,
        order_basis=basis,
        summary=summary.summarize(ticket.subject, turns, provider=provider, names=names),
        account=account.summarize(
            customer=customer,
            stated=stated,
            orders=orders or ([order] if order else []),
            ticket=ticket,
            other_tickets=others,
            as_of=when,
        ),
        flags=flag_list,
        articles=[p.as_dict() for p in passages],
        catalog=[f.as_dict() for f in facts_found],
        paths=_attach_articles(paths, book, routing.category, retriever, passages[0] if passages else None),
        ruled_out=ruled_out,
        kb_hit=check.hit or bool(facts_found),
        kb_support=round(check.support, 4),
    )
    log.info(
        "assist.brief", ticket_id=ticket.id, category=brief.category, flags=len(flag_list), paths=len(paths)
    )
    return brief

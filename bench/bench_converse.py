"""The conversation engine on demo-world customers: conversations per second on one core (built-in responder),
and how often it resolves clean deflectable conversations alone vs hands off those that must escalate.

The world is generated with a seed (default 11) other than the bundled router's training world (seed 7), at a
small scale, persisted into a temporary SQLite store migrated to head, and every ticket's customer messages
are played as turns through `Engine.chat` (what `phasegate converse` runs) at the ticket's own time, under the
default conversation policy (the allowlist in phase 3). The labels are the world generator's, not the
engine's: a *clean deflectable* ticket is an allowlisted category with no injected signal, no second ask,
no VIP without opt-in and fewer than two earlier AI contacts; a *must-escalate* ticket is one outside the
allowlist (refunds, disputes, harm, complaints ...) or carrying a risk signal (legal, review, third party,
emotional load, regulated topic, frustration, a request for a person).

    python bench/bench_converse.py [--seed 11] [--scale 0.05] [--limit N]
"""

from __future__ import annotations

import os

# One core: BLAS and OpenMP stay single-threaded (set before numpy loads).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import logging  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

import structlog  # noqa: E402

from phasegate.conversations.flows.engine import Engine  # noqa: E402
from phasegate.conversations.flows.run import default_policy, temporary_store  # noqa: E402
from phasegate.knowledge import index  # noqa: E402
from phasegate.rollout.routing import default_router  # noqa: E402
from phasegate.taxonomy import DEFLECTABLE  # noqa: E402
from phasegate.tickets.schemas import CustomerIn  # noqa: E402
from phasegate.world.generate import generate  # noqa: E402
from phasegate.world.persist import persist  # noqa: E402

#: Replies that leave the conversation waiting on the customer (a detail or a code), not resolved yet.
WAITING_REFS = {"ask", "clarify", "verification"}

RISK = {
    "legal_threat",
    "review_threat",
    "third_party_claim",
    "emotional_load",
    "regulated_topic",
    "frustration",
    "human_request",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--scale", type=float, default=0.05)
    parser.add_argument("--limit", type=int, default=0, help="play at most this many tickets (0: all)")
    parser.add_argument(
        "--show",
        action="store_true",
        help="print every must-escalate conversation the engine answered and every clean one it handed off",
    )
    args = parser.parse_args()
    # One log line per hand-off would drown the tables (and cost CPU the figure should not include).
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))

    world = generate(seed=args.seed, scale=args.scale)
    tickets = [t for t in world.tickets if any(m.role == "customer" for m in t.messages)]
    if args.limit:
        tickets = tickets[: args.limit]
    policy = default_policy()
    labels: dict[str, str] = {}
    for t in tickets:
        signals = set(t.extra.get("signals", []))
        vip_blocked = "vip" in signals and not t.customer.get("ai_opt_in")
        if t.category not in policy.allowlist or signals & RISK:
            labels[t.id] = "must_escalate"
        elif (
            not (signals - {"vip"})
            and not t.extra.get("secondary_category")
            and not vip_blocked
            and (t.ai_contacts_on_issue < policy.thresholds.ai_contacts_on_issue)
        ):
            labels[t.id] = "clean"
        else:
            labels[t.id] = "other"

    with temporary_store() as sessions, tempfile.TemporaryDirectory() as home, sessions() as session:
        persist(world, session)
        session.commit()
        retriever = index.load(session, Path(home))
        engine = Engine(router=default_router(), policy=policy, retriever=retriever)
        outcomes: dict[str, tuple[bool, bool]] = {}
        why: dict[str, str] = {}
        waiting: set[str] = set()
        #: Tickets whose done store actions on an order were all on the ticket's own order (the world's).
        own_order: set[str] = set()
        codes: Counter[str] = Counter()
        turns = 0
        started = time.process_time()
        for t in tickets:
            chat = engine.chat(
                session,
                conversation_id=f"B-{t.id}",
                customer=CustomerIn.model_validate(t.customer),
                prior_ai_contacts=t.ai_contacts_on_issue,
                issue_id=t.issue_id,
                now=t.created_at,
            )
            for m in t.messages:
                if m.role == "customer":
                    chat.say(m.text, now=m.at)
                    turns += 1
                    if chat.escalated:
                        break
            done = any(a.status == "done" for a in chat.actions)
            on_orders = [
                a.args["order_id"] for a in chat.actions if a.status == "done" and "order_id" in a.args
            ]
            if on_orders and t.order_id and all(o == t.order_id for o in on_orders):
                own_order.add(t.id)
            outcomes[t.id] = (chat.escalated, done)
            last = chat.replies[-1] if chat.replies else None
            if last is not None and all(
                f.kind == "engine" and f.ref in WAITING_REFS | {"disclosure"} for f in last.sources
            ):
                waiting.add(t.id)
            codes.update(tr.code for tr in chat.triggers)
            why[t.id] = "; ".join(f"{tr.code}: {tr.detail}" for tr in chat.triggers)
        cpu = time.process_time() - started
        session.rollback()

    def share(kind: str, pick: int, want: bool) -> tuple[int, int]:
        ids = [i for i, label in labels.items() if label == kind]
        return sum(1 for i in ids if outcomes[i][pick] == want), len(ids)

    resolved, clean = share("clean", 0, False)
    escalated, must = share("must_escalate", 0, True)
    with_action = sum(
        1 for i, lab in labels.items() if lab == "clean" and not outcomes[i][0] and outcomes[i][1]
    )
    print(f"world seed {args.seed}, scale {args.scale}: {len(tickets)} conversations, {turns} customer turns")
    print("| measure | value |")
    print("|---|---|")
    print(f"| conversations per second, one core (CPU time, built-in responder) | {len(tickets) / cpu:.1f} |")
    print(f"| customer turns per second, one core | {turns / cpu:.1f} |")
    alone = f"{resolved}/{clean} = {resolved / max(clean, 1):.1%}"
    acted = f"{with_action}/{clean} = {with_action / max(clean, 1):.1%}"
    print(f"| clean deflectable resolved without a human | {alone} |")
    print(f"| ... of which with a store action done | {acted} |")
    has_order = {t.id for t in tickets if t.order_id}
    on_order = [
        i
        for i, lab in labels.items()
        if lab == "clean" and not outcomes[i][0] and outcomes[i][1] and i in has_order
    ]
    mine = sum(1 for i in on_order if i in own_order)
    print(f"| ... ... on an order, and all on the ticket's own order | {mine}/{len(on_order)} |")
    wait = sum(1 for i, lab in labels.items() if lab == "clean" and not outcomes[i][0] and i in waiting)
    print(f"| ... of which still waiting on the customer (a detail or a code) | {wait}/{clean} |")
    print(f"| must-escalate that escalated | {escalated}/{must} = {escalated / max(must, 1):.1%} |")
    print(
        "| hand-off triggers (all conversations) | "
        + ", ".join(f"{c} {n}" for c, n in codes.most_common())
        + " |"
    )
    blocked: Counter[str] = Counter(
        why[i].split(":", 1)[0] or "control" for i, lab in labels.items() if lab == "clean" and outcomes[i][0]
    )
    print(
        "| clean deflectable handed off, by first trigger | "
        + ", ".join(f"{c} {n}" for c, n in blocked.most_common())
        + " |"
    )
    if args.show:
        _show(tickets, labels, outcomes, why)
    by_cat: Counter[str] = Counter()
    ok_cat: Counter[str] = Counter()
    for t in tickets:
        if labels[t.id] == "clean":
            by_cat[t.category] += 1
            ok_cat[t.category] += not outcomes[t.id][0]
    print("\n| clean category | resolved alone |")
    print("|---|---|")
    for cat in sorted(by_cat, key=lambda c: DEFLECTABLE.index(c) if c in DEFLECTABLE else 99):
        print(f"| {cat} | {ok_cat[cat]}/{by_cat[cat]} |")


def _show(
    tickets: list, labels: dict[str, str], outcomes: dict[str, tuple[bool, bool]], why: dict[str, str]
) -> None:
    """The misses, one block each: the world's labels and the customer's turns (and why a clean one went)."""
    for title, label, want in (
        ("must-escalate, answered by the AI", "must_escalate", True),
        ("clean deflectable, handed off", "clean", False),
    ):
        print(f"\n## {title}")
        for t in tickets:
            if labels[t.id] != label or outcomes[t.id][0] == want:
                continue
            signals = ",".join(t.extra.get("signals", [])) or "-"
            print(f"\n[{t.id}] category={t.category} signals={signals} ai_contacts={t.ai_contacts_on_issue}")
            if why[t.id]:
                print(f"  why: {why[t.id]}")
            for m in t.messages:
                if m.role == "customer":
                    print(f"  > {m.text!r}")


if __name__ == "__main__":
    main()

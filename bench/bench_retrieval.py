"""Retrieval benchmark: recall@k and MRR of the help-center search, hybrid and each side alone.

Three corpora:
- the demo help center, read from a workspace (`--workspace`, default $PHASEGATE_HOME or ./phasegate-data),
  with the hand-written customer questions of bench/data/helpcenter_questions.jsonl;
- the tau-bench retail agent policy (policy_wiki.md), queried with the test tasks' instructions, relevant
  sections taken from each task's gold write actions;
- the ABCD agent guidelines (guidelines.json), one document per subflow, queried with each subflow's own
  first instruction (the customer's situation), which is removed from the document it must find.

External data is read in place from ../shared/benchmarks (`--benchmarks`); nothing is copied or tuned on it.
Usage: python bench/bench_retrieval.py [--workspace DIR] [--benchmarks DIR] [--k 5]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from phasegate.knowledge import calibration
from phasegate.knowledge.chunking import Chunk, chunk, parse
from phasegate.knowledge.retrieval import Passage, Retriever

HERE = Path(__file__).parent
QUESTIONS = HERE / "data" / "helpcenter_questions.jsonl"
DEFAULT_BENCHMARKS = HERE.parents[2] / "shared" / "benchmarks"
SIDES: dict[str, tuple[str, ...]] = {"hybrid": ("bm25", "dense"), "bm25": ("bm25",), "dense": ("dense",)}

#: tau-bench write actions and the policy section that governs each (by heading).
TAU_SECTIONS = {
    "cancel_pending_order": "Cancel pending order",
    "modify_pending_order_address": "Modify pending order",
    "modify_pending_order_payment": "Modify payment",
    "modify_pending_order_items": "Modify items",
    "return_delivered_order_items": "Return delivered order",
    "exchange_delivered_order_items": "Exchange delivered order",
    "modify_user_address": "Retail agent policy",  # the opening section names this action
    "transfer_to_human_agents": "Retail agent policy",  # and the rule for transfers
}


@dataclass(frozen=True)
class Query:
    """A question and the ids that answer it (article ids or section headings)."""

    text: str
    relevant: frozenset[str]
    split: str = "test"


@dataclass(frozen=True)
class Result:
    """One row of the table."""

    corpus: str
    mode: str
    queries: int
    passages: int
    recall_1: float
    recall_k: float
    mrr: float


def evaluate(
    retriever: Retriever,
    queries: Sequence[Query],
    *,
    key: Callable[[Passage], str],
    k: int,
    sides: Sequence[str],
    distinct: bool,
) -> tuple[float, float, float]:
    """(recall@1, recall@k, MRR): recall is the share of a query's relevant ids in its top results."""
    r1 = rk = mrr = 0.0
    for q in queries:
        ranked: list[str] = []
        for p in retriever.search(q.text, k=max(k, 10) * 3, distinct_articles=distinct, sides=sides):
            if key(p) not in ranked:
                ranked.append(key(p))
        r1 += len(q.relevant & set(ranked[:1])) / len(q.relevant)
        rk += len(q.relevant & set(ranked[:k])) / len(q.relevant)
        first = next((i for i, x in enumerate(ranked, start=1) if x in q.relevant), None)
        mrr += 1.0 / first if first else 0.0
    n = max(len(queries), 1)
    return r1 / n, rk / n, mrr / n


def run(
    name: str,
    chunks: list[Chunk],
    queries: list[Query],
    *,
    key: Callable[[Passage], str],
    k: int,
    distinct: bool,
) -> list[Result]:
    """Every mode on one corpus."""
    retriever = Retriever(chunks)
    rows = []
    for mode, sides in SIDES.items():
        r1, rk, mrr = evaluate(retriever, queries, key=key, k=k, sides=sides, distinct=distinct)
        rows.append(Result(name, mode, len(queries), len(chunks), r1, rk, mrr))
    return rows


# -- the demo help center -----------------------------------------------------------------------------------


def helpcenter_chunks(workspace: Path) -> list[Chunk]:
    """The current passages of a workspace's help center (empty when it has none)."""
    from phasegate.config import Settings
    from phasegate.knowledge import service
    from phasegate.workspace import exists, open_workspace

    settings = Settings(home=workspace)
    if not exists(settings):
        return []
    ws = open_workspace(settings)
    with ws.sessions() as session:
        return service.current_chunks(session)


def helpcenter_queries() -> list[Query]:
    """The hand-written customer questions, with their dev/test split."""
    out = []
    for line in QUESTIONS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            out.append(Query(row["question"], frozenset([row["relevant_article"]]), row.get("split", "test")))
    return out


def calibrate(chunks: list[Chunk], queries: list[Query]) -> dict[str, object]:
    """Support threshold chosen on the dev split (leave-article-out), then measured on the test split."""
    dev = [(q.text, next(iter(q.relevant))) for q in queries if q.split == "dev"]
    test = [(q.text, next(iter(q.relevant))) for q in queries if q.split == "test"]
    chosen = calibration.choose(calibration.leave_article_out(chunks, dev), source="dev")
    scored = calibration.leave_article_out(chunks, test)
    pos = [s for s, y in scored if y]
    neg = [s for s, y in scored if not y]
    return {
        "threshold (dev)": chosen.threshold,
        "AUC dev": chosen.auc,
        "AUC test": round(calibration.auc(scored), 4),
        "hit rate, answerable (test)": round(sum(s >= chosen.threshold for s in pos) / max(len(pos), 1), 4),
        "hit rate, article removed (test)": round(
            sum(s >= chosen.threshold for s in neg) / max(len(neg), 1), 4
        ),
    }


# -- tau-bench retail policy --------------------------------------------------------------------------------


def tau_bench(root: Path) -> tuple[list[Chunk], list[Query]]:
    """The policy's sections, and each test task's instruction with the sections of its gold writes."""
    folder = root / "tau_bench_retail"
    parsed = parse((folder / "policy_wiki.md").read_text(encoding="utf-8"), "markdown")
    chunks = chunk(
        article_id="policy", title=parsed.title or "Retail agent policy", version=1, body=parsed.body
    )
    queries = []
    for line in (folder / "tasks" / "tasks_test.jsonl").read_text(encoding="utf-8").splitlines():
        task = json.loads(line)
        relevant = {TAU_SECTIONS[a["name"]] for a in task["actions"] if a["name"] in TAU_SECTIONS}
        if relevant:
            queries.append(Query(task["instruction"], frozenset(relevant)))
    return chunks, queries


def _section(p: Passage) -> str:
    return p.chunk.heading_path[-1] if p.chunk.heading_path else p.chunk.title


# -- ABCD guidelines ----------------------------------------------------------------------------------------


def abcd(root: Path) -> tuple[list[Chunk], list[Query]]:
    """One document per subflow (its first instruction held out); that instruction is the query.

    FAQ subflows, whose first instruction is generic ("figuring out which question the customer is asking"),
    stay in the corpus as distractors but are not queried. A statement several subflows share word for word
    (the three "Return due to ..." subflows) is one query with all of them relevant.
    """
    guidelines = json.loads((root / "abcd" / "guidelines.json").read_text(encoding="utf-8"))
    chunks: list[Chunk] = []
    by_statement: dict[str, set[str]] = {}
    for flow, spec in guidelines.items():
        for name, sub in spec["subflows"].items():
            doc_id = f"{flow} > {name}"
            instructions = list(sub.get("instructions") or [])
            held_out = instructions[0] if instructions else ""
            is_faq = "which question the customer is asking" in held_out
            kept = instructions if is_faq else instructions[1:]
            lines = [f"{flow}: {spec.get('description', '')}", *kept]
            for action in sub.get("actions") or []:
                lines.append(f"[{action.get('button')}] {action.get('text', '')}")
                lines += [f"- {s}" for s in action.get("subtext") or []]
            chunks.append(
                Chunk(
                    article_id=doc_id,
                    title=name,
                    version=1,
                    ordinal=0,
                    heading_path=(flow, name),
                    text="\n".join(lines),
                )
            )
            if held_out and not is_faq:
                by_statement.setdefault(held_out, set()).add(doc_id)
    return chunks, [Query(text, frozenset(ids)) for text, ids in by_statement.items()]


# -- report -------------------------------------------------------------------------------------------------


def table(rows: list[Result], k: int) -> str:
    """The results as a Markdown table."""
    out = [
        f"| corpus | mode | queries | passages | recall@1 | recall@{k} | MRR |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        out.append(
            f"| {r.corpus} | {r.mode} | {r.queries} | {r.passages} "
            f"| {r.recall_1:.3f} | {r.recall_k:.3f} | {r.mrr:.3f} |"
        )
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--workspace", type=Path, default=Path(os.environ.get("PHASEGATE_HOME", "phasegate-data"))
    )
    parser.add_argument(
        "--benchmarks", type=Path, default=Path(os.environ.get("PHASEGATE_BENCHMARKS", DEFAULT_BENCHMARKS))
    )
    parser.add_argument("--k", type=int, default=5)
    args = parser.parse_args(argv)
    rows: list[Result] = []
    notes: list[str] = []
    chunks = helpcenter_chunks(args.workspace)
    queries = helpcenter_queries() if QUESTIONS.exists() else []
    if chunks and queries:
        known = {c.article_id for c in chunks}
        missing = sorted({a for q in queries for a in q.relevant} - known)
        if missing:
            notes.append(f"eval questions name articles the workspace lacks: {', '.join(missing)}")
        test = [q for q in queries if q.split == "test"]
        dev = [q for q in queries if q.split == "dev"]
        aid: Callable[[Passage], str] = lambda p: p.article_id  # noqa: E731
        rows += run("demo help center (test)", chunks, test, key=aid, k=args.k, distinct=True)
        rows += run("demo help center (dev)", chunks, dev, key=aid, k=args.k, distinct=True)
        calib = calibrate(chunks, queries)
    else:
        calib = {}
        notes.append(
            f"no demo help center in {args.workspace} (run `phasegate demo --no-serve` first); skipped"
        )
    if (args.benchmarks / "tau_bench_retail").exists():
        tau_chunks, tau_queries = tau_bench(args.benchmarks)
        rows += run(
            "tau-bench retail policy", tau_chunks, tau_queries, key=_section, k=args.k, distinct=False
        )
    else:
        notes.append(f"no tau-bench data under {args.benchmarks}; skipped")
    if (args.benchmarks / "abcd").exists():
        abcd_chunks, abcd_queries = abcd(args.benchmarks)
        rows += run(
            "ABCD guidelines", abcd_chunks, abcd_queries, key=lambda p: p.article_id, k=args.k, distinct=True
        )
    else:
        notes.append(f"no ABCD data under {args.benchmarks}; skipped")
    print(table(rows, args.k))
    if calib:
        print("\nKB-hit calibration (support threshold, leave-article-out):\n")
        print("| measure | value |\n|---|---:|")
        for name, value in calib.items():
            print(f"| {name} | {value} |")
    for note in notes:
        print(f"\nnote: {note}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

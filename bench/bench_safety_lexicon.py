"""How often the safety and keyword signals fire on ordinary support text: the cost side of wider lists.

Runs the product's signals (`triage.analysis.signals`, the default policy) over texts where a crisis or a
regulated question is rare: Bitext customer-support utterances (intent set and LLM-sample instructions),
CLINC150 in-scope queries, US-airline tweets (real venting), the tickets of a generated demo world and a
brand's own replies quoted under a customer's ask (the safety floor reads quoted text: it must stay quiet on
what the brand wrote). Prints
fires per signal per corpus; for the demo world also the fires on tickets the world did not give that signal
(its `extra.signals`), the closest thing here to a false-fire count. `--entries` lists which phrases fire
most, so each one firing on ordinary text can be judged (an allergy question is a real regulated question;
"my baby loves it" would not be).
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
from collections import Counter
from collections.abc import Iterable, Sequence

import structlog

from _common import dataset, table
from phasegate.policy.schema import Policy
from phasegate.tickets.schemas import TicketIn
from phasegate.triage.analysis import signals
from phasegate.triage.conversation import from_texts, from_ticket
from phasegate.triage.schemas import Signal

#: The signals this benchmark reports: the crisis signal, instructions aimed at the AI, every default keyword
#: list, requests for a person, asks about another company's service (which should not fire on a store's
#: own tickets) and threats of violence.
SIGNALS = (
    "self_harm",
    "manipulation",
    "regulated_topic",
    "legal_threat",
    "review_threat",
    "product_harm",
    "third_party_claim",
    "emotional_load",
    "human_request",
    "elsewhere",
    "violence",
)


def bitext() -> list[str]:
    """Every Bitext utterance of the intent set (train, dev, test) and the LLM sample's instructions."""
    root = dataset("bitext_customer_support")
    texts: list[str] = []
    for split in ("train", "dev", "test"):
        with (root / "intent_detection" / f"{split}.csv").open(encoding="utf-8") as fh:
            texts.extend(r["utterance"] for r in csv.DictReader(fh))
    for path in sorted((root / "llm_chatbot_sample").glob("*.csv")):
        with path.open(encoding="utf-8") as fh:
            texts.extend(r["instruction"] for r in csv.DictReader(fh))
    return texts


def clinc() -> list[str]:
    """CLINC150's in-scope queries of every split."""
    root = dataset("clinc150")
    texts = []
    for split in ("train", "val", "test"):
        with (root / f"{split}.jsonl").open(encoding="utf-8") as fh:
            texts.extend(r["text"] for r in map(json.loads, filter(str.strip, fh)) if r["in_scope"])
    return texts


def tweets() -> list[str]:
    """Tweets at US airlines: real customers venting, the text a crisis list must stay quiet on."""
    with (dataset("twitter_us_airline_sentiment") / "tweets.csv").open(encoding="utf-8") as fh:
        return [r["text"] for r in csv.DictReader(fh)]


def world(seed: int, scale: float) -> tuple[list[str], list[frozenset[str]]]:
    """The customer words of a generated demo world's tickets, with the signals the world put in each."""
    from phasegate.world.generate import generate

    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))
    texts, labels = [], []
    for t in generate(seed=seed, scale=scale).tickets:
        turns = [m.text for m in t.messages if m.role == "customer"]
        if turns:
            texts.append("\n".join(turns))
            labels.append(frozenset(t.extra.get("signals") or ()))
    return texts, labels


#: How a customer's e-mail client quotes the brand's reply under the customer's ask.
QUOTED = "where is my order?\n\nOn Mon, 2 Mar 2026 at 10:15, Shop <help@shop.example> wrote:\n{}"


def brand_replies(seed: int, scale: float) -> list[str]:
    """Brand text quoted back: the demo world's agent and AI replies, ABCD's agent turns and guidelines and
    the tau-bench policy documents, each "> "-quoted under an ask as a mail client does."""
    from phasegate.world.generate import generate

    texts: list[str] = []
    if scale > 0:
        for t in generate(seed=seed, scale=scale).tickets:
            texts.extend(m.text for m in t.messages if m.role in ("agent", "ai"))
    abcd = dataset("abcd")
    for convo in json.loads((abcd / "abcd_sample.json").read_text(encoding="utf-8")):
        texts.extend(text for role, text in convo["original"] if role == "agent")
    docs = [abcd / "guidelines.md", dataset("tau_bench_retail") / "policy_wiki.md"]
    docs += sorted(dataset("tau2_bench").glob("*/*.md"))
    for doc in docs:
        texts.extend(p for p in doc.read_text(encoding="utf-8").split("\n\n") if p.strip())
    return [QUOTED.format("\n".join("> " + line for line in t.splitlines())) for t in dict.fromkeys(texts)]


def fire(texts: Sequence[str], policy: Policy, *, as_email: bool = False) -> list[dict[str, Signal]]:
    """The reported signals of each text read as a one-message ticket (`as_email`: through `from_ticket`,
    which sets quoted history apart as it does for every ticket)."""
    out = []
    for text in texts:
        message = {"role": "customer", "text": text}
        conv = (
            from_ticket(TicketIn.model_validate({"id": "B-1", "messages": [message]}))
            if as_email
            else from_texts([text])
        )
        found = signals(conv, policy)
        out.append({name: found[name] for name in SIGNALS})
    return out


def entries(sig: Signal) -> list[str]:
    """What a fired signal matched, lower-cased as the customer wrote it."""
    return [" ".join(e.text.lower().split()) for e in sig.evidence]


def report(
    corpora: dict[str, tuple[list[str], list[dict[str, Signal]]]],
    labels: dict[str, list[frozenset[str]]],
    *,
    top: int,
    show: int,
) -> None:
    """The fires table, then (when asked) the most frequent matches and some fired texts per signal."""
    headers = ["signal", *(f"{c} (n={len(t):,})" for c, (t, _) in corpora.items())]
    rows = []
    for name in SIGNALS:
        row: list[object] = [name]
        for corpus, (_texts, found) in corpora.items():
            n = sum(f[name].fired for f in found)
            cell = f"{n} ({100 * n / max(1, len(found)):.2f}%)"
            if corpus in labels:
                stray = sum(
                    f[name].fired and name not in lab for f, lab in zip(found, labels[corpus], strict=True)
                )
                cell += f", {stray} unlabelled"
            row.append(cell)
        rows.append(row)
    table(headers, rows)
    if not top and not show:
        return
    for corpus, (texts, found) in corpora.items():
        for name in SIGNALS:
            fired = [(t, f[name]) for t, f in zip(texts, found, strict=True) if f[name].fired]
            if not fired:
                continue
            counts: Counter[str] = Counter(e for _, s in fired for e in dict.fromkeys(entries(s)))
            print(f"\n{corpus} / {name}: " + ", ".join(f"{e!r} {k}" for e, k in counts.most_common(top)))
            for text, _sig in fired[:show]:
                print("   ", " ".join(text.split())[:160])


def main(argv: Iterable[str] | None = None) -> None:
    """Parse options, read the corpora, print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--world-seed", type=int, default=7)
    parser.add_argument("--world-scale", type=float, default=0.25, help="0 skips the demo world")
    parser.add_argument("--entries", type=int, default=0, help="list this many top matches per signal")
    parser.add_argument("--show", type=int, default=0, help="print this many fired texts per signal")
    args, _ = parser.parse_known_args(None if argv is None else list(argv))
    policy = Policy()
    sources: dict[str, list[str]] = {"bitext": bitext(), "clinc150": clinc(), "airline tweets": tweets()}
    labels: dict[str, list[frozenset[str]]] = {}
    if args.world_scale > 0:
        sources["demo world"], labels["demo world"] = world(args.world_seed, args.world_scale)
    corpora = {name: (texts, fire(texts, policy)) for name, texts in sources.items()}
    quoted = brand_replies(args.world_seed, args.world_scale)
    corpora["brand replies, quoted"] = (quoted, fire(quoted, policy, as_email=True))
    report(corpora, labels, top=args.entries, show=args.show)


if __name__ == "__main__":
    main()

"""KB gaps: questions the help center does not answer and agent statements no article supports,
and the clustering that turns them into "write this article" topics. Pure.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.feature_extraction.text import TfidfVectorizer

from phasegate.knowledge import questions
from phasegate.knowledge.calibration import SUPPORT_K
from phasegate.knowledge.retrieval import Passage, Retriever
from phasegate.knowledge.text import STOP_WORDS, stem, terms, tokens

#: Words that make an agent's sentence a statement of policy or fact worth checking against the articles.
_CLAIM_WORDS = frozenset(
    stem(w)
    for w in [
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "hour",
        "hours",
        "business",
        "refund",
        "refunds",
        "return",
        "returns",
        "warranty",
        "free",
        "ship",
        "shipping",
        "shipped",
        "delivery",
        "charge",
        "charged",
        "fee",
        "fees",
        "policy",
        "within",
        "only",
        "cannot",
        "can't",
        "guarantee",
        "covered",
        "eligible",
        "exchange",
        "exchanges",
        "store",
        "credit",
        "gift",
        "card",
        "international",
        "customs",
        "duty",
        "duties",
        "price",
        "match",
        "discount",
        "code",
        "expire",
        "expires",
        "label",
        "window",
        "final",
        "sale",
    ]
)
_NUMBER = re.compile(r"(?<![\w.])(\$?\d+(?:[.,]\d+)?%?)(?:\s*(?:-|to)\s*(\d+))?\s*([a-z]+)?", re.I)
_UNITS = frozenset(
    {
        "day",
        "days",
        "week",
        "weeks",
        "month",
        "months",
        "year",
        "years",
        "hour",
        "hours",
        "business",
        "minutes",
        "percent",
        "usd",
        "dollars",
    }
)
#: Beyond this many items, agglomerative clustering's n² memory is traded for k-means.
AGGLOMERATIVE_MAX = 2000
#: Cosine distance under which two gap texts join one cluster (average linkage).
DISTANCE_THRESHOLD = 0.85


@dataclass(frozen=True)
class Claim:
    """A sentence of an agent's reply checked against the help center."""

    text: str
    support: float
    supported: bool
    reason: str = ""
    passage: Passage | None = None


@dataclass(frozen=True)
class KbCheck:
    """One ticket checked against the help center: its ask, the best passage, hit or not, and claims."""

    ticket_id: str
    question: str
    support: float
    hit: bool
    passage: Passage | None
    claims: tuple[Claim, ...] = ()

    @property
    def unsupported(self) -> tuple[Claim, ...]:
        """Agent statements that no article supports."""
        return tuple(c for c in self.claims if not c.supported)

    def record(self) -> dict[str, Any]:
        """What is stored on the ticket (`extra["kb"]`) for the KB hit-rate metric."""
        return {
            "hit": self.hit,
            "support": round(self.support, 4),
            "article_id": self.passage.article_id if self.passage else None,
            "passage_id": self.passage.chunk.id if self.passage else None,
            "unsupported_claims": [c.text for c in self.unsupported],
        }


def _numbers(text: str) -> set[str]:
    """Numbers that carry a unit or a currency: "30 days", "$50", "5-7 business days"."""
    found: set[str] = set()
    for match in _NUMBER.finditer(text.lower()):
        number, upper, unit = match.groups()
        if number.startswith("$") or number.endswith("%") or (unit and unit in _UNITS):
            found.add(number.lstrip("$").rstrip("%").replace(",", ""))
            if upper:
                found.add(upper)
    return found


def _numbers_in(passage_text: str) -> set[str]:
    return {
        n.lstrip("$").rstrip("%").replace(",", "") for n in re.findall(r"\$?\d+(?:[.,]\d+)?%?", passage_text)
    }


def claim_sentences(agent_texts: Iterable[str]) -> list[str]:
    """Sentences of agent replies that state policy or fact (not questions, greetings or apologies)."""
    out = []
    for text in agent_texts:
        for sentence in questions.sentences(questions.clean(text)):
            low = sentence.lower()
            if sentence.endswith("?") or len(low.split()) < 5:
                continue
            if any(w in low for w in ("sorry", "apolog", "thank", "happy to help", "let me know")):
                continue
            words = {stem(t) for t in tokens(low)}
            if _numbers(sentence) or len(words & _CLAIM_WORDS) >= 2:
                out.append(sentence)
    return out


def check_claim(retriever: Retriever, sentence: str, *, threshold: float) -> Claim:
    """Whether the help center supports one statement: enough coverage, and every number it states."""
    hits = retriever.search(sentence, k=3)
    if not hits:
        return Claim(sentence, 0.0, False, "the help center is empty")
    best = max(hits, key=lambda p: (p.support, -p.rank))
    stated = _numbers(sentence)
    if stated:
        backing = [p for p in hits if stated <= _numbers_in(p.text)]
        if not backing:
            shown = ", ".join(sorted(stated))
            return Claim(sentence, best.support, False, f"states {shown}; no passage says so", best)
        best = max(backing, key=lambda p: p.support)
    if best.support < threshold:
        return Claim(sentence, best.support, False, "no passage covers it", best)
    return Claim(sentence, best.support, True, "", best)


def check_ticket(
    retriever: Retriever,
    *,
    ticket_id: str,
    subject: str | None,
    messages: Sequence[tuple[str, str]],
    threshold: float,
    names: Iterable[str] = (),
) -> KbCheck:
    """Check one ticket: does a passage support the customer's ask, and do the agent's statements hold.

    `messages` are (role, text) pairs in order.
    """
    names = list(names)
    question = questions.ask(subject, questions.opening(messages), names=names)
    hits = retriever.search(question, k=SUPPORT_K, drop=names) if question else []
    best = max(hits, key=lambda p: (p.support, -p.rank), default=None)
    support = best.support if best else 0.0
    agent = [t for r, t in messages if r == "agent"]
    claims = tuple(check_claim(retriever, s, threshold=threshold) for s in claim_sentences(agent))
    return KbCheck(ticket_id, question, support, support >= threshold, best, claims)


@dataclass(frozen=True)
class GapItem:
    """One thing the help center could not back: a ticket's ask, or an agent's statement."""

    ticket_id: str
    kind: Literal["unanswered", "unsupported_reply"]
    text: str
    support: float
    detail: str = ""


@dataclass
class GapCluster:
    """Gap items on one topic: how many tickets, the words that define it, examples."""

    terms: list[str]
    items: list[GapItem] = field(default_factory=list)

    @property
    def tickets(self) -> list[str]:
        """Distinct tickets in the cluster, in first-seen order."""
        return list(dict.fromkeys(i.ticket_id for i in self.items))

    @property
    def count(self) -> int:
        return len(self.tickets)

    def as_dict(self, *, examples: int = 3) -> dict[str, Any]:
        """A JSON-ready form with a few example items."""
        return {
            "count": self.count,
            "terms": self.terms,
            "kinds": dict(Counter(i.kind for i in self.items)),
            "tickets": self.tickets,
            "examples": [
                {"ticket_id": i.ticket_id, "kind": i.kind, "text": i.text, "support": round(i.support, 3)}
                for i in self.items[:examples]
            ],
        }


def gap_items(checks: Iterable[KbCheck]) -> list[GapItem]:
    """The gap items of checked tickets: unanswered asks and unsupported agent statements."""
    items: list[GapItem] = []
    for check in checks:
        if not check.hit and check.question:
            items.append(GapItem(check.ticket_id, "unanswered", check.question, check.support))
        for claim in check.unsupported:
            items.append(
                GapItem(check.ticket_id, "unsupported_reply", claim.text, claim.support, claim.reason)
            )
    return items


def _surface_forms(texts: Iterable[str]) -> dict[str, str]:
    """The most common written form of each stem, so cluster terms read as words ("charged", not "charg")."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        for tok in tokens(text):
            if tok not in STOP_WORDS:
                forms[stem(tok)][tok] += 1
    return {s: c.most_common(1)[0][0] for s, c in forms.items()}


def cluster(
    items: Sequence[GapItem], *, distance_threshold: float = DISTANCE_THRESHOLD, top_terms: int = 5
) -> list[GapCluster]:
    """Group gap items by topic (TF-IDF, average-linkage cosine clustering; deterministic), largest first."""
    if not items:
        return []
    texts = [i.text for i in items]
    vectorizer = TfidfVectorizer(analyzer=terms, sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no content words at all
        return [GapCluster(terms=[], items=list(items))]
    if len(items) == 1:
        labels = np.zeros(1, dtype=int)
    elif len(items) <= AGGLOMERATIVE_MAX:
        dense = matrix.toarray()
        empty = ~dense.any(axis=1)
        dense[empty, 0] = 1e-9  # cosine distance is undefined for an all-zero row
        labels = AgglomerativeClustering(
            n_clusters=None, metric="cosine", linkage="average", distance_threshold=distance_threshold
        ).fit_predict(dense)
    else:
        k = max(2, int(np.sqrt(len(items) / 2)))
        labels = KMeans(n_clusters=k, random_state=0, n_init=10).fit_predict(matrix)
    vocab = vectorizer.get_feature_names_out()
    forms = _surface_forms(texts)
    clusters: list[GapCluster] = []
    for label in sorted(set(int(x) for x in labels)):
        members = [i for i, lab in enumerate(labels) if lab == label]
        centroid = np.asarray(matrix[members].mean(axis=0)).ravel()
        order = [j for j in np.argsort(-centroid, kind="stable") if centroid[j] > 0][:top_terms]
        clusters.append(
            GapCluster(
                terms=[forms.get(str(vocab[j]), str(vocab[j])) for j in order],
                items=[items[i] for i in members],
            )
        )
    clusters.sort(key=lambda c: (-c.count, c.terms))
    return clusters

"""KB gaps: questions the help center does not answer and agent statements no article supports,
and the clustering that turns them into "write this article" topics. Pure.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from sklearn.cluster import AgglomerativeClustering, KMeans
from sklearn.feature_extraction.text import TfidfVectorizer

from phasegate.knowledge import questions
from phasegate.knowledge.calibration import SUPPORT_K
from phasegate.knowledge.retrieval import Passage, Retriever
from phasegate.knowledge.text import STOP_WORDS, stem, terms, tokens

_TIME_UNITS = (
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
)
#: Words that make an agent's sentence a statement of policy or fact worth checking against the articles.
_CLAIM_WORDS = frozenset(
    stem(w)
    for w in (
        *_TIME_UNITS,
        *("refund", "refunds", "return", "returns", "warranty", "free", "ship", "shipping", "shipped"),
        *("delivery", "charge", "charged", "fee"),
    )
)
_NUMBER = re.compile(r"(?<![\w.])(\$?\d+(?:[.,]\d+)?%?)(?:\s*(?:-|to)\s*(\d+))?\s*([a-z]+)?", re.I)
#: Units that make a number in an agent's reply a checkable claim.
_UNITS = frozenset((*_TIME_UNITS, "minutes", "percent", "usd", "dollars"))
#: Beyond this many items, agglomerative clustering's n² memory is traded for k-means.
AGGLOMERATIVE_MAX = 4000
#: Fewer gap items than this are clustered on all their words, not only on distinctive ones.
CONTRAST_MIN_ITEMS = 50
#: Share of a cluster's items that must use its leading word for it to count as one topic.
MIN_COHESION = 0.5
#: Chatter that fills support asks but never names a topic: a gap labelled "guys" or "total" says nothing.
_CHATTER = frozenset(
    stem(w)
    for w in (
        *("guys", "guy", "folks", "hey", "hiya", "hello", "thanks", "thank", "thx", "pls", "plz", "please"),
        *(
            "asap",
            "lol",
            "okay",
            "yes",
            "yeah",
            "total",
            "totally",
            "anyway",
            "anyone",
            "someone",
            "something",
        ),
        *("really", "actually", "maybe", "also", "still", "get", "got", "know", "need", "want", "wondering"),
        *("question", "help", "hope", "quick", "thing", "stuff", "today", "tomorrow", "yesterday", "soon"),
        *("im", "ive", "dont", "cant", "wont", "didnt", "isnt", "doesnt", "youre", "thats", "whats"),
        *("honestly", "much", "going", "said", "seems", "nobody", "better", "put", "found", "sick"),
        *("frustrated", "annoyed", "faster", "night", "morning", "guess", "literally", "basically"),
    )
)
#: Shortest word that may name a topic ("e" of "e-mail", "pc", "ok" may not).
MIN_LABEL_LENGTH = 3


def topic_word(term: str) -> bool:
    """Whether a stemmed term may define and label a gap topic: a real word, not chatter."""
    return len(term) >= MIN_LABEL_LENGTH and term.isalpha() and term not in _CHATTER


#: Cosine distance under which two gap texts join one cluster (average linkage).
DISTANCE_THRESHOLD = 0.7


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
    """One ticket checked against the help center: its ask, the best passage, hit or not, and claims.

    `catalog` is true when the ask was a product question the catalog answers (a hit without a passage).
    """

    ticket_id: str
    question: str
    support: float
    hit: bool
    passage: Passage | None
    claims: tuple[Claim, ...] = ()
    catalog: bool = False

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
            "catalog": self.catalog,
        }


def _numbers(text: str) -> set[str]:
    """Numbers that carry a unit or a currency: "30 days", "$50", "5-7 business days".

    Money in a sentence about the customer's own case ("your refund of $119.00") is account data, not a
    policy statement, so it is not checked against the articles; durations still are.
    """
    found: set[str] = set()
    own_case = re.search(r"\byour\b", text, re.I) is not None
    for match in _NUMBER.finditer(text.lower()):
        number, upper, unit = match.groups()
        money = number.startswith("$") or (unit in ("usd", "dollars"))
        if money and own_case:
            continue
        if money or number.endswith("%") or (unit and unit in _UNITS):
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
    return _judge_claim(sentence, retriever.search(sentence, k=3), threshold)


def _judge_claim(sentence: str, hits: Sequence[Passage], threshold: float) -> Claim:
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


@dataclass(frozen=True)
class Conversation:
    """What a KB check reads of one ticket: subject, (role, text) turns, and names to leave out."""

    ticket_id: str
    subject: str | None
    messages: Sequence[tuple[str, str]]
    names: Sequence[str] = ()


def check_many(retriever: Retriever, tickets: Sequence[Conversation], *, threshold: float) -> list[KbCheck]:
    """Check tickets against the help center: does a passage support each customer's ask, and do the
    agents' statements hold. All questions of the batch are searched together.
    """
    asks = [questions.ask(t.subject, questions.opening(t.messages), names=t.names) for t in tickets]
    claims = [claim_sentences(text for role, text in t.messages if role == "agent") for t in tickets]
    ask_hits = retriever.search_many(asks, k=SUPPORT_K)
    flat = [c for cs in claims for c in cs]
    claim_hits = iter(retriever.search_many(flat, k=3))
    out = []
    for ticket, question, hits, sentences in zip(tickets, asks, ask_hits, claims, strict=True):
        if not question:
            hits = []
        best = max(hits, key=lambda p: (p.support, -p.rank), default=None)
        support = best.support if best else 0.0
        judged = tuple(_judge_claim(s, next(claim_hits), threshold) for s in sentences)
        out.append(KbCheck(ticket.ticket_id, question, support, support >= threshold, best, judged))
    return out


def check_ticket(
    retriever: Retriever,
    *,
    ticket_id: str,
    subject: str | None,
    messages: Sequence[tuple[str, str]],
    threshold: float,
    names: Iterable[str] = (),
) -> KbCheck:
    """Check one ticket (`check_many` of one); `messages` are (role, text) pairs in order."""
    ticket = Conversation(ticket_id, subject, list(messages), list(names))
    return check_many(retriever, [ticket], threshold=threshold)[0]


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
    """Gap items on one topic: how many tickets, the words that define it, examples.

    `cohesion` is the share of items that use the cluster's leading word: a real topic ("gift" in most of
    its items) is cohesive; a catch-all of unrelated asks is not.

    `member_support` is the mean support its tickets found (low: the topic is missing, write an article;
    near the threshold: near misses, perhaps an article to reword); `topic_support` and `topic_article`
    say which article comes closest to the cluster's defining words.
    """

    terms: list[str]
    items: list[GapItem] = field(default_factory=list)
    topic_support: float | None = None
    topic_article: str | None = None
    cohesion: float = 0.0

    @property
    def tickets(self) -> list[str]:
        """Distinct tickets in the cluster, in first-seen order."""
        return list(dict.fromkeys(i.ticket_id for i in self.items))

    @property
    def count(self) -> int:
        """How many distinct tickets the cluster holds."""
        return len(self.tickets)

    @property
    def member_support(self) -> float:
        """Mean support the cluster's items found: near zero for a topic the help center never covers."""
        return sum(i.support for i in self.items) / len(self.items) if self.items else 0.0

    def as_dict(self, *, examples: int = 3) -> dict[str, Any]:
        """A JSON-ready form with a few example items."""
        return {
            "count": self.count,
            "terms": self.terms,
            "member_support": round(self.member_support, 4),
            "topic_support": None if self.topic_support is None else round(self.topic_support, 4),
            "cohesion": round(self.cohesion, 3),
            "closest_article": self.topic_article,
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


def rank(
    clusters: list[GapCluster], retriever: Retriever, *, threshold: float, min_count: int = 1
) -> list[GapCluster]:
    """Order clusters for the CX lead: cohesive topics first, by size weighted by how unanswered their
    tickets were (a cluster whose asks found nothing at all outranks one of near misses); then the rest
    by size; the items with no distinctive words last. Each gets the article closest to its words.
    """
    for c in clusters:
        if c.terms:
            support, passage = retriever.support(" ".join(c.terms), k=SUPPORT_K)
            c.topic_support, c.topic_article = support, passage.article_id if passage else None
    kept = [c for c in clusters if c.count >= min_count]

    def order(c: GapCluster) -> tuple[int, float, list[str]]:
        if not c.terms:
            return (2, -c.count, c.terms)
        unanswered = max(0.0, 1.0 - c.member_support / threshold) if threshold > 0 else 1.0
        return (0 if c.cohesion >= MIN_COHESION else 1, -c.count * unanswered, c.terms)

    return sorted(kept, key=order)


def _surface_forms(texts: Iterable[str]) -> dict[str, str]:
    """The most common written form of each stem, so cluster terms read as words ("charged", not "charg")."""
    forms: dict[str, Counter[str]] = defaultdict(Counter)
    for text in texts:
        for tok in tokens(text):
            if tok not in STOP_WORDS:
                forms[stem(tok)][tok] += 1
    return {s: c.most_common(1)[0][0] for s, c in forms.items()}


def distinctive_terms(
    texts: Sequence[str],
    background: Sequence[str],
    *,
    known: Callable[[str], bool] = lambda term: False,
    labels: Sequence[str | None] | None = None,
    background_labels: Sequence[str | None] | None = None,
    min_count: int = 2,
    min_ratio: float = 2.0,
    max_spread: float = 0.6,
) -> set[str]:
    """The words that name what gaps are about.

    A word qualifies when it is in at least `min_count` gap asks, at least `min_ratio` times more frequent
    there than in `background` (asks the help center answered), not `known` (the help center or catalog
    already uses it), and, when tickets carry categories (`labels`), concentrated in a few categories
    (normalised entropy at most `max_spread`). Small talk ("said", "this morning", "my colleague") is spread
    over every category; a topic ("gift", "logo") is asked about in one or two.
    """
    gap = Counter(t for text in texts for t in set(terms(text)))
    base = Counter(t for text in background for t in set(terms(text)))
    n_gap, n_base = max(len(texts), 1), max(len(background), 1)
    spread: dict[str, Counter[str]] = defaultdict(Counter)
    if labels is not None:
        pairs = list(zip(texts, labels, strict=True))
        if background_labels is not None:
            pairs += list(zip(background, background_labels, strict=True))
        for text, label in pairs:
            for t in set(terms(text)):
                if t in gap:
                    spread[t][label or "-"] += 1
    n_labels = len({label for c in spread.values() for label in c}) or 1
    keep = set()
    for term, count in gap.items():
        if count < min_count or known(term) or term.isdigit():
            continue
        ratio = ((count + 0.5) / (n_gap + 1)) / ((base.get(term, 0) + 0.5) / (n_base + 1))
        if ratio < min_ratio:
            continue
        if labels is not None and n_labels > 1 and _entropy(spread[term]) / math.log(n_labels) > max_spread:
            continue
        keep.add(term)
    return keep


def _entropy(counts: Counter[str]) -> float:
    total = sum(counts.values())
    return -sum((c / total) * math.log(c / total) for c in counts.values() if c) if total else 0.0


def cluster(
    items: Sequence[GapItem],
    *,
    background: Sequence[str] | None = None,
    known: Callable[[str], bool] = lambda term: False,
    labels: Mapping[str, str | None] | None = None,
    background_labels: Sequence[str | None] | None = None,
    distance_threshold: float = DISTANCE_THRESHOLD,
    top_terms: int = 5,
) -> list[GapCluster]:
    """Group gap items by topic (TF-IDF, average-linkage cosine clustering; deterministic), largest first.

    With `background` (the asks that were answered) only `distinctive_terms` define topics; items with
    none of them (asks about known topics that the wording missed) are put together last, with no terms.
    `labels` (ticket id -> category) and `background_labels` (aligned with `background`) let small talk,
    which every category shares, drop out.
    """
    if not items:
        return []
    texts = [i.text for i in items]
    keep = None
    # Word statistics need numbers: on a handful of items every word is "distinctive" or none is.
    if background is not None and len(items) >= CONTRAST_MIN_ITEMS:
        keep = distinctive_terms(
            texts,
            background,
            known=known,
            labels=[labels.get(i.ticket_id) for i in items] if labels is not None else None,
            background_labels=background_labels,
            min_count=max(3, len(items) // 1000),
        )

    def analyzer(text: str) -> list[str]:
        found = [t for t in terms(text) if topic_word(t)]
        return [t for t in found if t in keep] if keep is not None else found

    vectorizer = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True)
    try:
        matrix = vectorizer.fit_transform(texts)
    except ValueError:  # no content words at all
        return [GapCluster(terms=[], items=list(items))]
    has_terms = np.asarray(matrix.getnnz(axis=1) > 0).ravel()
    rows = np.flatnonzero(has_terms)
    leftover = [items[int(i)] for i in np.flatnonzero(~has_terms)]
    assigned = np.zeros(len(rows), dtype=int)
    sub = matrix[rows]
    if len(rows) > AGGLOMERATIVE_MAX:
        k = max(2, int(np.sqrt(len(rows) / 2)))
        assigned = KMeans(n_clusters=k, random_state=0, n_init=10).fit_predict(sub)
    elif len(rows) > 1:
        assigned = AgglomerativeClustering(
            n_clusters=None, metric="cosine", linkage="average", distance_threshold=distance_threshold
        ).fit_predict(sub.toarray())
    vocab = vectorizer.get_feature_names_out()
    forms = _surface_forms(texts)
    clusters: list[GapCluster] = []
    for label in sorted({int(x) for x in assigned}):
        members = rows[assigned == label]
        centroid = np.asarray(matrix[members].mean(axis=0)).ravel()
        order = [j for j in np.argsort(-centroid, kind="stable") if centroid[j] > 0][:top_terms]
        lead = order[0] if order else None
        share = float((matrix[members][:, lead] > 0).mean()) if lead is not None else 0.0
        clusters.append(
            GapCluster(
                terms=[forms.get(str(vocab[j]), str(vocab[j])) for j in order],
                items=[items[int(i)] for i in members],
                cohesion=share,
            )
        )
    clusters.sort(key=lambda c: (-c.count, c.terms))
    if leftover:
        clusters.append(GapCluster(terms=[], items=leftover))
    return clusters

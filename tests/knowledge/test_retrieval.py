"""Hybrid retrieval: customer-phrased questions find their article, fusion, support and its edges."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from numpy.typing import NDArray

from phasegate.knowledge.retrieval import Retriever, rrf
from tests.knowledge.conftest import helpcenter_chunks, questions


@pytest.mark.parametrize(
    ("question", "article"),
    [
        ("it says delivered but nothing at my door", "tracking"),
        ("zipper broke on my jacket after 6 months, is that covered", "warranty"),
        ("I was charged two times for one order!!", "payments"),
        ("can't log in, forgot my password", "account-access"),
        ("do gift cards expire", "gift-cards"),
        ("will I have to pay import tax in Germany", "international"),
    ],
)
def test_customer_questions_find_their_article_first(
    retriever: Retriever, question: str, article: str
) -> None:
    """A question phrased the way customers write ranks its article first."""
    hits = retriever.search(question, k=5)
    assert hits[0].article_id == article
    assert hits[0].heading and hits[0].score > 0 and hits[0].rank == 1


def test_recall_at_5_on_the_fixture_questions(retriever: Retriever) -> None:
    """Nearly every fixture question has its article in the top five."""
    qs = questions()
    found = sum(
        q["relevant_article"] in [p.article_id for p in retriever.search(q["question"], k=5)] for q in qs
    )
    assert found / len(qs) >= 0.9


def test_results_are_one_passage_per_article_unless_asked(retriever: Retriever) -> None:
    """By default each article appears once; `distinct_articles=False` lets sections of one article repeat."""
    distinct = retriever.search("return refund window label", k=5)
    assert len({p.article_id for p in distinct}) == len(distinct)
    every = retriever.search("return refund window label", k=5, distinct_articles=False)
    assert len({p.article_id for p in every}) < len(every)


def test_rrf_rewards_agreement_between_rankings() -> None:
    """An item ranked well by both lists beats one ranked first by a single list."""
    fused = rrf([[1, 2, 3], [2, 3, 1]], k=60)
    assert max(fused, key=lambda i: fused[i]) == 2
    assert rrf([[]]) == {}


def test_support_drops_when_the_answering_article_is_missing() -> None:
    """The same question is less supported once its article is taken out of the index."""
    question = "do you ship to canada"
    with_article = Retriever(helpcenter_chunks()).support(question)[0]
    without = Retriever(helpcenter_chunks(without=("international",))).support(question)[0]
    assert with_article >= 0.5 and without < with_article / 2


def test_an_empty_help_center_returns_nothing() -> None:
    """No passages: no hits and zero support, without errors."""
    empty = Retriever([])
    assert empty.search("anything") == [] and empty.support("anything") == (0.0, None)


def test_dropped_words_do_not_steer_the_search(retriever: Retriever) -> None:
    """A customer's name that happens to be a help-center word is removed from the query."""
    hits = retriever.search("Hi I'm Club, where is my tracking number", k=3, drop=["Club"])
    assert hits[0].article_id == "tracking"


def test_repeated_questions_reuse_their_vectors_with_the_same_results(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A question searched again is not encoded again (a brief searches its question 3-4 times), and the
    ranking is the one a fresh retriever gives; the memo stays bounded."""
    fresh = Retriever(helpcenter_chunks())
    memoed = Retriever(helpcenter_chunks())
    encoded: list[str] = []
    real = memoed.encoder.encode

    def counting(texts: Sequence[str]) -> NDArray[np.float32]:
        encoded.extend(texts)
        return real(texts)

    monkeypatch.setattr(memoed.encoder, "encode", counting)
    asks = [q["question"] for q in questions()[:3]]
    for _ in range(3):
        for ask in asks:
            assert [p.chunk.id for p in memoed.search(ask)] == [p.chunk.id for p in fresh.search(ask)]
    assert len(encoded) == len({memoed.speller.fix(a) for a in asks})
    monkeypatch.setattr("phasegate.knowledge.retrieval.QUERY_MEMO", 2)
    memoed.search_many([f"question number {i}" for i in range(5)])
    assert len(memoed._dense_memo) == 2

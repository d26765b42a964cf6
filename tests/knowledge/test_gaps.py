"""KB gaps: unanswered asks and unsupported agent statements, clustered into topics to write up."""

from __future__ import annotations

import json
from pathlib import Path

from phasegate.knowledge import gaps
from phasegate.knowledge.retrieval import Retriever
from tests.conftest import DATA
from tests.knowledge.conftest import helpcenter_chunks

THRESHOLD = 0.25


def _tickets() -> list[dict[str, object]]:
    lines = (DATA / "gap_tickets.jsonl").read_text().splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _checks(retriever: Retriever) -> list[gaps.KbCheck]:
    out = []
    for t in _tickets():
        messages = [(m["role"], m["text"]) for m in t["messages"]]  # type: ignore[attr-defined]
        out.append(
            gaps.check_ticket(
                retriever,
                ticket_id=str(t["id"]),
                subject=str(t["subject"]),
                messages=messages,
                threshold=THRESHOLD,
                names=str(t["customer"]["name"]).split(),  # type: ignore[index]
            )
        )
    return out


def test_removed_articles_surface_as_the_largest_gap_clusters() -> None:
    """Take gift cards and international shipping out: gift cards lead the clusters, the international
    asks are all unanswered and clustered on their own words, and the covered topics still hit.
    """
    retriever = Retriever(helpcenter_chunks(without=("gift-cards", "international")))
    checks = _checks(retriever)
    unanswered = {c.ticket_id for c in checks if not c.hit}
    assert unanswered and all(t.startswith("G-") for t in unanswered)
    assert {"G-5", "G-6", "G-8"} <= unanswered
    assert all(c.hit for c in checks if c.ticket_id.startswith("K-"))
    clusters = gaps.rank(gaps.cluster(gaps.gap_items(checks)), retriever, threshold=THRESHOLD)
    assert {"gift", "card"} <= set(clusters[0].terms) and clusters[0].count >= 3
    international = [c for c in clusters if {"canada", "customs", "international"} & set(c.terms)]
    assert {t for c in international for t in c.tickets} == {"G-5", "G-6", "G-8"}
    assert clusters[0].topic_support is not None and clusters[0].topic_support < THRESHOLD


def test_with_the_full_help_center_those_topics_are_hits() -> None:
    """With every article present the same gift-card and customs asks find their passages."""
    checks = {c.ticket_id: c for c in _checks(Retriever(helpcenter_chunks()))}
    assert checks["G-3"].hit and checks["G-6"].hit
    assert checks["G-6"].passage is not None and checks["G-6"].passage.article_id == "international"


def test_an_agent_statement_with_numbers_no_article_states_is_unsupported(retriever: Retriever) -> None:
    """'90 days ... 5 year warranty' is flagged; '30 days of delivery' is backed by the returns article."""
    bad = gaps.check_claim(
        retriever, "Our jackets can be returned within 90 days, with a 5 year warranty.", threshold=THRESHOLD
    )
    assert not bad.supported and "90" in bad.reason
    good = gaps.check_claim(
        retriever, "You can return unworn items within 30 days of delivery for a refund.", threshold=THRESHOLD
    )
    assert good.supported and good.passage is not None and good.passage.article_id == "returns"


def test_only_statements_of_fact_are_checked() -> None:
    """Questions, apologies and pleasantries are not claims; a policy sentence is."""
    found = gaps.claim_sentences(
        [
            "Sorry for the trouble! Could you send a photo? "
            "Refunds are issued within 5 business days after the parcel reaches us."
        ]
    )
    assert found == ["Refunds are issued within 5 business days after the parcel reaches us."]


def test_clustering_is_deterministic_and_readable() -> None:
    """Same items, same clusters; terms are written words, not stems."""
    items = [
        gaps.GapItem("T1", "unanswered", "charged customs duties in the UK", 0.1),
        gaps.GapItem("T2", "unanswered", "customs duties charged on delivery", 0.1),
        gaps.GapItem("T3", "unanswered", "gift card balance", 0.1),
    ]
    first = [c.as_dict() for c in gaps.cluster(items)]
    assert first == [c.as_dict() for c in gaps.cluster(items)]
    assert first[0]["tickets"] == ["T1", "T2"] and "charged" in first[0]["terms"]
    assert gaps.cluster([]) == []


def test_the_recorded_result_names_the_article_and_claims(retriever: Retriever) -> None:
    """What is stored per ticket: hit, support, article and passage ids, unsupported claims."""
    check = gaps.check_ticket(
        retriever,
        ticket_id="X",
        subject="password",
        messages=[("customer", "I forgot my password"), ("agent", "Reset links are valid for 48 hours.")],
        threshold=THRESHOLD,
    )
    stored = check.record()
    assert stored["hit"] is True and stored["article_id"] == "account-access"
    assert stored["unsupported_claims"] == ["Reset links are valid for 48 hours."]


def test_topic_labels_are_never_noise_words() -> None:
    """Asks full of chatter ("guys", "total", the "e" of "e-mail") are labelled by their topics instead."""
    path = Path(__file__).parents[1] / "data" / "gap_noise_asks.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    items = [gaps.GapItem(f"N{i}", "unanswered", text, 0.1) for i, text in enumerate(lines)]
    labels = [t for c in gaps.cluster(items) for t in c.terms]
    assert labels and not {"guys", "total", "e", "hey", "hi"} & set(labels)
    assert all(len(t) >= 3 and t.isalpha() for t in labels)
    assert {"engraving", "footprint"} & set(labels)

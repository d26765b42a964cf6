"""Knowledge flows on the database: KB hits recorded per ticket, and gaps after two articles are removed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session

from phasegate.knowledge import flows
from phasegate.rollout.models import Decision
from phasegate.tickets import service as tickets
from phasegate.tickets.models import Ticket
from phasegate.tickets.schemas import TicketIn
from tests.conftest import DATA
from tests.knowledge.conftest import HELPCENTER


def _import_gap_tickets(db: Session) -> None:
    lines = (DATA / "gap_tickets.jsonl").read_text().splitlines()
    tickets.upsert_many(db, [TicketIn.model_validate(json.loads(line)) for line in lines if line.strip()])


def test_gaps_surface_the_topics_of_removed_articles(db: Session, tmp_path: Path) -> None:
    """Re-ingest without the gift-card and international articles: those topics lead the gap report."""
    folder = tmp_path / "hc"
    shutil.copytree(HELPCENTER, folder)
    home = tmp_path / "ws"
    flows.ingest(db, home, folder)
    (folder / "giftcards.md").unlink()
    (folder / "international.html").unlink()
    report = flows.ingest(db, home, folder, prune=True)
    assert sorted(report.deactivated) == ["gift-cards", "international"]
    _import_gap_tickets(db)
    gaps = flows.gap_report(db, home, threshold=0.25)
    assert gaps.scanned == 16 and gaps.hits < gaps.scanned
    assert {"gift", "card"} <= set(gaps.clusters[0].terms) and gaps.clusters[0].count >= 3
    international = [c for c in gaps.clusters if {"canada", "customs", "international"} & set(c.terms)]
    assert {t for c in international for t in c.tickets} == {"G-5", "G-6", "G-8"}
    unanswered = {i.ticket_id for c in gaps.clusters for i in c.items if i.kind == "unanswered"}
    assert unanswered and all(t.startswith("G-") for t in unanswered)


def test_scanning_records_the_kb_hit_on_ticket_and_decision(db: Session, tmp_path: Path) -> None:
    """Each ticket gets extra['kb'] (hit, support, article); a decision without a KB hit gets one."""
    home = tmp_path / "ws"
    flows.ingest(db, home, HELPCENTER)
    _import_gap_tickets(db)
    db.add(Decision(ticket_id="K-3", phase=1, route="assist", escalate=False, triggers=[]))
    db.flush()
    flows.scan(db, home, threshold=0.25)
    db.expire_all()
    k3 = db.get(Ticket, "K-3")
    assert k3 is not None and k3.extra is not None
    assert k3.extra["kb"]["hit"] is True and k3.extra["kb"]["article_id"] == "account-access"
    decision = db.query(Decision).filter_by(ticket_id="K-3").one()
    assert decision.kb_hit is True
    k8 = db.get(Ticket, "K-8")
    assert k8 is not None and k8.extra is not None and len(k8.extra["kb"]["unsupported_claims"]) == 1


def test_a_dry_run_records_nothing(db: Session, tmp_path: Path) -> None:
    """`save=False` (the API's gap report) leaves tickets untouched."""
    home = tmp_path / "ws"
    flows.ingest(db, home, HELPCENTER)
    _import_gap_tickets(db)
    flows.gap_report(db, home, save=False)
    db.expire_all()
    row = db.get(Ticket, "G-1")
    assert row is not None and (row.extra or {}).get("kb") is None


def test_search_answers_catalog_questions_first(db: Session, tmp_path: Path) -> None:
    """A catalog question returns the product attribute and counts as supported."""
    home = tmp_path / "ws"
    flows.ingest(db, home, HELPCENTER)
    result = flows.search(db, home, "is the Ridge hiking boot waterproof?")
    assert [(f.product_id, f.value) for f in result.facts] == [("P-BOOT", True)]
    assert result.hit and result.as_dict()["facts"][0]["source"] == "products[P-BOOT].specs.waterproof"


def test_the_index_files_follow_the_articles(db: Session, tmp_path: Path) -> None:
    """Chunks and a manifest are written under <home>/kb and rebuilt when an article changes."""
    from phasegate.knowledge import index

    folder = tmp_path / "hc"
    shutil.copytree(HELPCENTER, folder)
    home = tmp_path / "ws"
    flows.ingest(db, home, folder)
    first = index.read_manifest(home)
    assert first is not None and first["articles"] == 14 and (home / "kb" / "chunks.jsonl").exists()
    (folder / "cancel.md").write_text("# Cancelling an order\n\nCancel within 2 hours.\n")
    flows.ingest(db, home, folder)
    second = index.read_manifest(home)
    assert second is not None and second["state"] != first["state"]
    state, chunks = index.load_chunks(db, home)
    assert state == second["state"] and any("2 hours" in c.text for c in chunks)


def test_gap_report_is_computed_once_per_state_of_its_inputs(
    db: Session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cached report equals a fresh one, is served from memory then from disk, and a new ticket in the
    window recomputes it (the /kb/gaps page no longer rescans a month of tickets per view)."""
    home = tmp_path / "ws"
    flows.ingest(db, home, HELPCENTER)
    _import_gap_tickets(db)
    first = flows.gap_report_cached(db, home)
    assert first.as_dict() == flows.gap_report(db, home, save=False).as_dict()
    computed: list[int] = []
    real = flows.gap_report

    def counting(*args: Any, **kwargs: Any) -> flows.GapReport:
        computed.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(flows, "gap_report", counting)
    assert flows.gap_report_cached(db, home) is first
    flows._gap_memo.clear()
    from_disk = flows.gap_report_cached(db, home)
    assert computed == [] and from_disk.as_dict() == first.as_dict()
    tickets.upsert_many(
        db,
        [TicketIn.model_validate({"id": "G-NEW", "messages": [{"role": "customer", "text": "gift wrap?"}]})],
    )
    db.flush()
    assert flows.gap_report_cached(db, home).scanned == first.scanned + 1 and computed == [1]

"""The backtest's analysis cache: a second what-if on the same history reads no ticket again, gives the same
report, and reads again what changed (an edited ticket, a different keyword list)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from phasegate.policy import Policy
from phasegate.rollout import service
from phasegate.rollout.analysis_cache import AnalysisCache, reading_digest
from phasegate.rollout.flows.backtest import backtest
from phasegate.tickets.models import Ticket
from phasegate.tickets.schemas import TicketIn
from phasegate.triage.schemas import Analysis
from tests.rollout.test_backtest import _history, text_analyzer


class Counting:
    """The stand-in analyzer, counting the tickets it is asked to read."""

    def __init__(self) -> None:
        self.read = 0

    def __call__(self, tickets: Sequence[TicketIn], policy: Policy) -> list[Analysis]:
        self.read += len(tickets)
        return text_analyzer(tickets, policy)


def _run(db: Session, folder: Path, analyzer: Counting, proposed: Policy) -> dict:
    caches = lambda policy: AnalysisCache.for_run(folder, router_version="r-test", policy=policy)  # noqa: E731
    return backtest(db, proposed=proposed, analyzer=analyzer, caches=caches).as_dict()


def test_second_backtest_reads_nothing_and_reports_the_same(db: Session, tmp_path: Path) -> None:
    """Run 1 reads the five tickets and saves them; run 2 (a new process's view: a fresh cache) reads none."""
    _history(db)
    proposed = service.policy_in_force(db).policy.model_copy(
        update={"thresholds": Policy().thresholds.model_copy(update={"amount": 200.0})}
    )
    first, second = Counting(), Counting()
    cold = _run(db, tmp_path, first, proposed)
    warm = _run(db, tmp_path, second, proposed)
    assert first.read == 5 and second.read == 0
    assert warm == cold == backtest(db, proposed=proposed, analyzer=text_analyzer).as_dict()


def test_an_edited_ticket_or_another_reading_is_read_again(db: Session, tmp_path: Path) -> None:
    """A changed opening message misses the cache; so does a policy with other keywords."""
    _history(db)
    current = service.policy_in_force(db).policy
    _run(db, tmp_path, Counting(), current)
    ticket = db.get(Ticket, "R-1")
    assert ticket is not None
    ticket.messages[0].text = "cat=order_status"
    db.flush()
    again = Counting()
    _run(db, tmp_path, again, current)
    assert again.read == 1
    other = Policy.model_validate({"keywords": {"legal": ["solicitor"]}})
    assert reading_digest(other) != reading_digest(current)
    fresh = Counting()
    _run(db, tmp_path, fresh, other)
    assert fresh.read == 5  # the proposed side reads all five under its own reading


def test_a_corrupt_cache_file_is_ignored(tmp_path: Path) -> None:
    """An unreadable cache file means an empty cache, never an error."""
    path = tmp_path / "bad.json"
    path.write_text("{not json", encoding="utf-8")
    assert AnalysisCache(path).entries == {}

"""The storm on PostgreSQL: concurrent signed webhooks, duplicates and retries, while workers are killed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from phasegate.intake.storm import run_storm
from tests.conftest import _postgres_database

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def pg_url() -> Iterator[str]:
    """A PostgreSQL database of the storm's own."""
    yield from _postgres_database()


def test_the_storm_stores_every_ticket_once_and_sends_every_reply_once(pg_url: str, tmp_path: Path) -> None:
    """10 senders, 200 events, 10% re-deliveries, 2 workers killed: nothing lost, nothing twice."""
    report = run_storm(pg_url, tmp_path / "home", senders=10, events=200, duplicate_rate=0.1, kills=2)
    assert report.problems == []
    assert report.kills == 2 and report.duplicates > 0
    assert report.tickets_stored == report.tickets_expected
    assert report.messages_stored == report.messages_expected == report.unique_events
    assert report.events_by_status == {"done": report.unique_events}
    assert report.replies_sent > 0 and report.replies_duplicated == 0
    # Every effect was sent, or (killed between the call and its record) marked for an operator, never twice.
    assert set(report.effects_by_status) <= {"sent", "uncertain"}

"""The kill switch reaches every process within a second: a flip through one engine, seen through another."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, delete

from phasegate.db.session import make_engine, session_factory, session_scope
from phasegate.rollout import service
from phasegate.rollout.models import KillSwitch, KillSwitchEvent


@pytest.fixture
def two_engines(db_url: str, engine: Engine) -> Iterator[tuple[Engine, Engine]]:
    """Two independent engines (as two processes would have) on the migrated test database."""
    a, b = make_engine(db_url), make_engine(db_url)
    yield a, b
    with session_scope(a) as s:
        s.execute(delete(KillSwitchEvent))
        s.execute(delete(KillSwitch))
    a.dispose()
    b.dispose()


def test_flip_in_one_process_is_honoured_by_another_within_a_second(
    two_engines: tuple[Engine, Engine],
) -> None:
    """A reader that already cached "off" sees "on" (and "off" again) within its one-second refresh."""
    writer, reader_engine = two_engines
    watch = service.KillSwitchWatch(session_factory(reader_engine), ttl=1.0)
    assert not watch.state().any_on

    with session_scope(writer) as s:
        service.set_kill_switch(s, on=True, category="order_status", actor="lead", reason="outage")
    flipped = time.monotonic()
    while not watch.state().any_on:
        assert time.monotonic() - flipped < 1.5, "kill switch not seen within a second"
        time.sleep(0.05)
    assert watch.state().categories == {"order_status"}

    with session_scope(writer) as s:
        service.set_kill_switch(s, on=False, category="order_status", actor="lead", reason="over")
    flipped = time.monotonic()
    while watch.state().any_on:
        assert time.monotonic() - flipped < 1.5, "kill switch release not seen within a second"
        time.sleep(0.05)

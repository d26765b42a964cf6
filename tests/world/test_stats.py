"""`world stats` numbers computed from the database agree with the world that was written."""

from __future__ import annotations

from collections import Counter

from sqlalchemy.orm import Session

from phasegate.world import persist
from phasegate.world.records import World
from phasegate.world.stats import collect, normalise


def test_normalise_erases_ids_amounts_and_case() -> None:
    """Two asks that differ only in order number, amount, email and case normalise the same."""
    a = normalise("Where is order TR-104233? I paid $120.50, email ana@example.com!")
    b = normalise("where is order #108811 i paid 99 email bo@mail.net")
    assert a == b


def test_stats_describe_the_stored_world(db: Session, small_world: World) -> None:
    """Counts, category mix, signal shares, phrasing counts and CSAT segments come out of the database."""
    persist.persist(small_world, db)
    db.flush()
    s = collect(db)
    c = small_world.counts()
    assert (s.tickets, s.customers, s.orders, s.products, s.articles) == (
        c["tickets"], c["customers"], c["orders"], c["products"], c["articles"])  # fmt: skip
    assert s.weeks == 39
    assert s.categories == dict(Counter(t.category for t in small_world.tickets).most_common())
    frustrated = sum("frustration" in t.extra["signals"] for t in small_world.tickets)
    assert s.signals["frustration"]["count"] == frustrated
    for cat, ph in s.phrasing.items():
        assert 0 < ph["distinct_normalised"] <= ph["distinct_openings"] <= ph["tickets"], cat
        assert ph["templates"] >= 1
    assert "baseline" in s.csat_by_phase["phase 0"]
    assert "ai" in s.csat_by_phase["phase 3"]
    assert all(int(w.split()[1]) >= 34 for weeks in s.csat_ai_by_week.values() for w in weeks)
    assert set(s.as_dict()) >= {
        "tickets",
        "customers",
        "orders",
        "products",
        "articles",
        "weeks",
        "categories",
    }

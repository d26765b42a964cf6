"""The console under a small concurrent load (the bench's driver, shortened): no errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from phasegate.web import loadtest
from tests.web.serving import serve


@pytest.mark.slow
def test_sixteen_concurrent_users_get_no_errors(tmp_path: Path) -> None:
    """16 signed-in users hitting dashboard, inbox, tickets, KB gaps and phases at once: 0 errors."""
    with serve(tmp_path / "load") as live:
        with live.workspace.sessions() as session:
            accounts = loadtest.create_users(session, 16)
            tickets = loadtest.ticket_ids(session)
        result = loadtest.run(live.url, accounts, tickets, seconds=1.5)
    assert result.requests >= 16
    assert result.error_count == 0, result.errors
    assert len(result.by_page) >= 3  # the users spread over the pages (which ones is random)

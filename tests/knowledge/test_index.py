"""The help-center index is read from disk once per state and process, not once per brief."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.orm import Session

from phasegate.knowledge import flows, index
from tests.knowledge.conftest import HELPCENTER


def test_a_second_load_reads_no_file(db: Session, tmp_path: Path) -> None:
    """With the help center unchanged, a second load is the same retriever and touches no index file."""
    home = tmp_path / "ws"
    flows.ingest(db, home, HELPCENTER)
    first = index.load(db, home)
    chunks = home / "kb" / "chunks.jsonl"
    chunks.unlink()  # a read (or a rebuild after a failed read) would need or rewrite this file
    assert index.load(db, home) is first
    assert not chunks.exists()

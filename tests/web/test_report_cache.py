"""The workspace-files part of the caches' keys: an edited brand file or playbook moves it; the help
center's derived files (chunk index, KB-gap reports), rewritten as caches, do not."""

from __future__ import annotations

import os
from pathlib import Path

from phasegate.web.report_cache import home_files


def _bump(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))


def test_derived_files_do_not_move_the_key_edited_inputs_do(tmp_path: Path) -> None:
    """Writing a KB-gap report or re-writing the chunk index keeps the key; editing brand.yaml changes it."""
    (tmp_path / "kb").mkdir()
    (tmp_path / "brand.yaml").write_text("name: Shop\n")
    (tmp_path / "kb" / "calibration.json").write_text("{}")
    (tmp_path / "kb" / "chunks.jsonl").write_text("")
    (tmp_path / "phasegate.db").write_text("")
    before = home_files(tmp_path)
    (tmp_path / "kb" / "gaps-abc.json").write_text("{}")
    _bump(tmp_path / "kb" / "chunks.jsonl")
    _bump(tmp_path / "phasegate.db")
    assert home_files(tmp_path) == before
    _bump(tmp_path / "kb" / "calibration.json")
    after_calibration = home_files(tmp_path)
    assert after_calibration != before
    _bump(tmp_path / "brand.yaml")
    assert home_files(tmp_path) != after_calibration

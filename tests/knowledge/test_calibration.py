"""The support threshold is read once per calibration file version, and a recalibration is picked up."""

from __future__ import annotations

import json
import os
from pathlib import Path

from phasegate.knowledge import calibration


def _write(home: Path, value: float) -> Path:
    path = home / "kb" / "calibration.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"threshold": value}), encoding="utf-8")
    return path


def test_threshold_is_read_once_per_file_version(tmp_path: Path) -> None:
    """A second call does not re-read an unchanged file; a file with a new modification time is read."""
    path = _write(tmp_path, 0.41)
    assert calibration.threshold(tmp_path) == 0.41
    stamp = path.stat().st_mtime_ns
    _write(tmp_path, 0.77)
    os.utime(path, ns=(stamp, stamp))  # same version as far as the cache can tell: not read again
    assert calibration.threshold(tmp_path) == 0.41
    os.utime(path, ns=(stamp + 1_000_000_000, stamp + 1_000_000_000))
    assert calibration.threshold(tmp_path) == 0.77


def test_threshold_defaults_without_a_file(tmp_path: Path) -> None:
    """A workspace without a calibration (or no workspace) gets the default threshold."""
    assert calibration.threshold(tmp_path) == calibration.DEFAULT_THRESHOLD
    assert calibration.threshold(None) == calibration.DEFAULT_THRESHOLD

"""Without Chromium the browser tests skip locally with a summary saying how to get them, and fail in CI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


def _run(ci: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_ADDOPTS")}
    env["PHASEGATE_CHROMIUM"] = "/nonexistent/chromium"
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "tests/web/test_browser.py",
            "-k",
            "cannot_reach",
            "-p",
            "no:cacheprovider",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_missing_chromium_skips_loudly_locally_and_fails_in_ci() -> None:
    """Locally: skipped, exit 0, and a summary naming how to install Chromium. CI=true: a failure, exit 1."""
    local = _run(ci=False)
    assert local.returncode == 0, local.stdout
    assert "1 skipped" in local.stdout and "browser tests did NOT run" in local.stdout
    assert "apt-get install chromium" in local.stdout
    ci = _run(ci=True)
    assert ci.returncode == 1, ci.stdout
    assert (
        "Chromium not found at /nonexistent/chromium" in ci.stdout
        and "skipped" not in ci.stdout.split("\n")[-2]
    )

"""`build_workspace`: builds into an empty workspace, reuses it, refuses to mix, runs post-build hooks."""

from __future__ import annotations

from pathlib import Path

import pytest

from phasegate.config import Settings
from phasegate.workspace import Workspace
from phasegate.world import demo
from tests.world.conftest import SMALL


def _settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "ws", database_url=None)


def test_builds_then_reuses(tmp_path: Path) -> None:
    """The first call builds (with files), the second reuses; another seed is refused; fresh rebuilds."""
    settings = _settings(tmp_path)
    first = demo.build_workspace(settings, **SMALL)
    assert not first.reused and first.counts["tickets"] > 300
    assert (settings.home / "brand.yaml").exists() and (settings.home / "helpcenter" / "warranty.md").exists()
    again = demo.build_workspace(settings, **SMALL)
    assert again.reused and again.counts == first.counts
    with pytest.raises(demo.DemoError, match="--fresh"):
        demo.build_workspace(settings, seed=SMALL["seed"] + 1, scale=SMALL["scale"])
    rebuilt = demo.build_workspace(settings, seed=SMALL["seed"] + 1, scale=SMALL["scale"], fresh=True)
    assert not rebuilt.reused and rebuilt.seed == SMALL["seed"] + 1


def test_post_build_hooks_run_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Registered steps run after the build with workspace and summary; what they return becomes a note."""
    calls: list[str] = []

    def first(ws: Workspace, summary: demo.BuildSummary) -> str | None:
        calls.append(f"first:{summary.reused}")
        return "trained something"

    def second(ws: Workspace, summary: demo.BuildSummary) -> str | None:
        calls.append("second")
        return None

    monkeypatch.setattr(demo, "POST_BUILD", [first, second])
    settings = _settings(tmp_path)
    summary = demo.build_workspace(settings, **SMALL)
    from phasegate.workspace import open_workspace

    demo.run_hooks(open_workspace(settings), summary)
    assert calls == ["first:False", "second"] and summary.notes == ["trained something"]


@pytest.mark.slow
def test_demo_serves_on_the_port_asked_for(tmp_path: Path) -> None:
    """`phasegate demo --port P` (what `make demo PORT=P` runs) serves the console on P, and the server runs
    the scheduled jobs (the demotion check's run is stored)."""
    import os
    import socket
    import subprocess
    import sys
    import time

    import httpx

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    env = {**os.environ, "PHASEGATE_HOME": str(tmp_path / "home")}
    args = [sys.executable, "-m", "phasegate", "demo", "--scale", "0.05", "--port", str(port)]
    proc = subprocess.Popen(args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.5)
        assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
        assert httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5).json()["status"] == "ok"
        from phasegate.scheduler.models import ScheduledJob
        from phasegate.workspace import open_workspace

        ws = open_workspace(Settings(home=tmp_path / "home"))
        try:
            ran = None
            while time.monotonic() < deadline and not ran:
                with ws.sessions() as s:
                    job = s.get(ScheduledJob, "demotion-check")
                    ran = job is not None and job.runs >= 1 and job.last_ok
                time.sleep(0.5)
            assert ran, "the server did not run the demotion check"
        finally:
            ws.engine.dispose()
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert f"serving on http://127.0.0.1:{port}/" in out

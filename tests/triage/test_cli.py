"""`phasegate router train|show`: the command-line path to a versioned model folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from phasegate.cli import app
from phasegate.triage.router import META_FILE, Router
from phasegate.triage.training import SEED_TICKETS

runner = CliRunner()


def test_train_writes_a_loadable_versioned_folder(tmp_path: Path) -> None:
    """Training on labelled JSONL writes router.json + model.npz that load back; bad lines are skipped."""
    data = tmp_path / "train.jsonl"
    data.write_text(
        SEED_TICKETS.read_text()
        + "{not json}\n"
        + '{"id": "U1", "messages": [{"role": "customer", "text": "hi"}]}\n'
    )
    out = tmp_path / "router"
    result = runner.invoke(app, ["router", "train", "--data", str(data), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "1 unlabelled, 1 invalid lines skipped" in result.output
    meta = json.loads((out / META_FILE).read_text())
    assert meta["training_size"] == len(SEED_TICKETS.read_text().splitlines())
    assert Router.load(out).version == meta["version"]
    shown = runner.invoke(app, ["router", "show", str(out)])
    assert shown.exit_code == 0 and meta["version"] in shown.output


def test_show_refuses_a_non_router_folder(tmp_path: Path) -> None:
    """Showing a folder that holds no router exits 1 with the reason."""
    result = runner.invoke(app, ["router", "show", str(tmp_path)])
    assert result.exit_code == 1
    assert "not a router folder" in result.output


def test_unknown_rejection_rule_is_refused(tmp_path: Path) -> None:
    """An unknown --rejection value is a usage error, before any training."""
    result = runner.invoke(
        app,
        ["router", "train", "--data", str(SEED_TICKETS), "--out", str(tmp_path / "r"), "--rejection", "x"],
    )
    assert result.exit_code == 2


def test_rehearsal_rule_trains_from_the_cli(tmp_path: Path) -> None:
    """`--rejection rehearsal --rehearsal-groups similar` trains from the CLI, and the saved config names the
    rule and the grouping; an unknown grouping is refused."""

    def train(out: str, *flags: str) -> Any:
        return runner.invoke(app, ["router", "train", "--data", str(SEED_TICKETS), "--out", out, *flags])

    result = train(str(tmp_path / "r"), "--rejection", "rehearsal", "--rehearsal-groups", "similar")
    assert result.exit_code == 0, result.output
    saved = json.loads((tmp_path / "r" / "router.json").read_text())
    assert saved["config"]["rejection"] == "rehearsal"
    assert saved["config"]["rehearsal_groups"] == "similar"
    bad = train(str(tmp_path / "b"), "--rehearsal-groups", "x")
    assert bad.exit_code != 0 and "random, similar or both" in bad.output

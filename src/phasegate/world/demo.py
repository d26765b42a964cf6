"""`phasegate demo`: build the Tarn & Ridge demo workspace (or reuse it), run the post-build steps, serve it.

`build_workspace(settings, seed)` does the work and returns a `BuildSummary`; steps that need the built world
(training the router, say) register in `POST_BUILD` and run after every build or reuse, each deciding from
`summary.reused` whether it has anything to do.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from phasegate.cli_support import console
from phasegate.config import Settings, get_settings
from phasegate.db.session import engine_for
from phasegate.workspace import Workspace, open_workspace
from phasegate.world import persist
from phasegate.world.generate import DEFAULT_SEED, generate

#: The marker a built demo leaves in its workspace: seed, scale, counts.
MARKER = "world.json"


class DemoError(RuntimeError):
    """The demo cannot build where the settings point (the message says what to do)."""


@dataclass
class BuildSummary:
    """What `build_workspace` found or made."""

    home: Path
    database: str
    seed: int
    scale: float
    reused: bool
    counts: dict[str, int]
    seconds: float
    notes: list[str] = field(default_factory=list)


#: A step run after the world is built or reused; it may return a line for the console.
PostBuildHook = Callable[[Workspace, BuildSummary], "str | None"]
POST_BUILD: list[PostBuildHook] = []


def _marker(settings: Settings) -> dict[str, object] | None:
    path = settings.home / MARKER
    if not path.exists():
        return None
    data: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _wipe(settings: Settings) -> None:
    """Remove what an earlier build left: the SQLite workspace folder, or PostgreSQL rows and files."""
    if settings.database_url is None:
        # The process-wide engine would keep serving the deleted file from its pooled connections.
        engine_for(settings.resolved_database_url).dispose()
        if settings.home.exists():
            shutil.rmtree(settings.home)
        return
    ws = open_workspace(settings)
    with ws.sessions() as session, session.begin():
        persist.clear(session)
    for name in (MARKER, "brand.yaml"):
        (settings.home / name).unlink(missing_ok=True)
    shutil.rmtree(settings.home / "helpcenter", ignore_errors=True)


def build_workspace(
    settings: Settings, seed: int = DEFAULT_SEED, *, fresh: bool = False, scale: float = 1.0
) -> BuildSummary:
    """Build the demo world into the workspace of `settings`, or reuse the one already there."""
    started = time.perf_counter()
    if fresh:
        _wipe(settings)
    ws = open_workspace(settings)
    marker = _marker(settings)
    with ws.sessions() as session:
        has_data = persist.has_data(session)
    database = ws.engine.url.render_as_string(hide_password=True)
    if marker is not None and has_data:
        if marker.get("seed") != seed or marker.get("scale") != scale:
            raise DemoError(
                f"the workspace at {settings.home} holds the demo world of seed {marker.get('seed')} "
                f"(scale {marker.get('scale')}); run with --fresh to rebuild it with seed {seed}"
            )
        counts = marker.get("counts")
        return BuildSummary(
            home=settings.home,
            database=database,
            seed=seed,
            scale=scale,
            reused=True,
            counts=dict(counts) if isinstance(counts, dict) else {},
            seconds=time.perf_counter() - started,
        )
    if has_data:
        raise DemoError(
            f"the workspace at {settings.home} already holds data the demo did not build; run with --fresh "
            "to replace it, or point PHASEGATE_HOME (and PHASEGATE_DATABASE_URL) somewhere else"
        )
    world = generate(seed=seed, scale=scale, hourly_rate=settings.hourly_rate)
    with ws.sessions() as session, session.begin():
        rows = persist.persist(world, session)
    persist.write_files(world, settings.home)
    counts = {**world.counts(), "rows": sum(rows.values())}
    summary = BuildSummary(
        home=settings.home,
        database=database,
        seed=seed,
        scale=scale,
        reused=False,
        counts=counts,
        seconds=time.perf_counter() - started,
    )
    marker_data = {
        "seed": seed,
        "scale": scale,
        "built_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "counts": counts,
        "tables": rows,
    }
    (settings.home / MARKER).write_text(json.dumps(marker_data, indent=2), encoding="utf-8")
    return summary


def run_hooks(ws: Workspace, summary: BuildSummary) -> None:
    """Run every post-build step in order, noting what each reports."""
    for hook in POST_BUILD:
        note = hook(ws, summary)
        if note:
            summary.notes.append(note)


WHAT_TO_LOOK_AT = (
    "Rollout: order_status and return_policy are in phase 3 (autonomous) since week 34; the other "
    "deflectable "
    "categories in phase 2 (drafts) since week 27; everything else in phase 1 (briefs).",
    "Phase 3 is the product's own work: every AI reply is the conversation engine's, every decision the "
    "triage's. AI CSAT in return_policy and order_status stays near baseline, so demotion fires on neither; "
    "where the engine missed what a customer needed, their CSAT shows it.",
    "Cost vs CSAT: in return_request agents stop editing the product's drafts, so cost per resolved ticket "
    "keeps falling while CSAT falls (a draft sent as written never started the return).",
    "KB gaps: customers ask about gift cards, pre-orders and team orders; no article covers them.",
    "`phasegate world stats` shows what the world contains; `phasegate tickets list --category "
    "return_policy`.",
)


def run_demo(
    *,
    serve: bool = True,
    fresh: bool = False,
    seed: int = DEFAULT_SEED,
    scale: float = 1.0,
    port: int | None = None,
) -> None:
    """Build (or reuse) the demo workspace, run the post-build steps, then serve it unless told not to."""
    settings = get_settings()
    with console.status("building the Tarn & Ridge demo world ...", spinner="dots"):
        summary = build_workspace(settings, seed, fresh=fresh, scale=scale)
    ws = open_workspace(settings)
    from phasegate.world.demo_steps import register

    register()
    with console.status("policy, router, help-center index, demotion check ...", spinner="dots"):
        run_hooks(ws, summary)
    c = summary.counts
    verb = "reused" if summary.reused else f"built in {summary.seconds:.1f} s"
    console.print(
        f"[bold]Tarn & Ridge[/bold] demo workspace {verb}: {summary.home.resolve()}  (seed {summary.seed})"
    )
    console.print(
        f"  {c.get('tickets', 0):,} tickets, {c.get('messages', 0):,} messages, {c.get('customers', 0):,} "
        "customers, "
        f"{c.get('orders', 0):,} orders, {c.get('products', 0)} products, {c.get('articles', 0)} help-center "
        f"articles, {c.get('weeks', 0)} weeks",
        highlight=False,
    )
    for note in summary.notes:
        console.print(f"  {note}", highlight=False)
    console.print("What to look at first:")
    for line in WHAT_TO_LOOK_AT:
        console.print(f"  - {line}", highlight=False)
    if serve:
        from phasegate.web.server import run

        console.print(f"serving on http://{settings.host}:{port or settings.port}/  (Ctrl-C to stop)")
        run(port=port)

"""The demo's post-build steps: what a real workspace does after its history arrives.

Each step is idempotent, so a reused workspace runs them again at little cost: the policy in force, the
workspace router, the help-center index, automatic demotion, and the demo lead's sign-in.
"""

from __future__ import annotations

import shutil

from phasegate.workspace import Workspace
from phasegate.world.demo import POST_BUILD, BuildSummary
from phasegate.world.generate import DEFAULT_SEED


def policy_step(ws: Workspace, summary: BuildSummary) -> str | None:
    """Store the seed's default policy as version 1 so every decision can name its version."""
    from phasegate.rollout.service import ensure_policy

    with ws.sessions() as session, session.begin():
        version = ensure_policy(session, actor="demo").version
    return f"policy in force: version {version}"


def router_step(ws: Workspace, summary: BuildSummary) -> str | None:
    """Give the workspace its router: the bundled one for the bundled world, else one trained on history."""
    from phasegate.bundled import ROUTER_DIR
    from phasegate.rollout.routing import workspace_router_dir
    from phasegate.triage.router import Router

    target = workspace_router_dir(ws.settings)
    if (target / "router.json").exists():
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    if summary.seed == DEFAULT_SEED and summary.scale == 1.0 and (ROUTER_DIR / "router.json").exists():
        shutil.copytree(ROUTER_DIR, target)
        return f"router: {Router.load(target).version} (the bundled demo-world router)"
    from phasegate.bundled.build import world_examples
    from phasegate.triage.router import train_router

    texts, labels = world_examples(summary.seed, summary.scale)
    router = train_router(texts, labels, seed=0)
    router.save(target)
    return f"router: {router.version} (trained on {len(texts):,} tickets of this world)"


def knowledge_step(ws: Workspace, summary: BuildSummary) -> str | None:
    """Index the help center the world wrote, so briefs and `kb search` have passages."""
    from phasegate.knowledge import index

    if index.read_manifest(ws.home) is not None and summary.reused:
        return None
    with ws.sessions() as session:
        chunks = index.rebuild(session, ws.home)
    return f"help center indexed: {len(chunks):,} passages"


def demotion_step(ws: Workspace, summary: BuildSummary) -> str | None:
    """Run the automatic demotion check, as the scheduler would after the last week's surveys."""
    from phasegate.rollout.flows.demotion import check_demotions
    from phasegate.rollout.service import policy_in_force

    with ws.sessions() as session, session.begin():
        checks = check_demotions(session, policy=policy_in_force(session).policy, actor="demotion-check")
    demoted = [c.category for c in checks if c.applied]
    if not demoted:
        return None
    return f"automatic demotion: {', '.join(demoted)} left phase 3 (AI CSAT materially below)"


def drafts_step(ws: Workspace, summary: BuildSummary) -> str | None:
    """Draft every open phase-2 ticket, as the drafter does when tickets arrive (PHASEGATE_LLM's provider)."""
    from phasegate.drafts.flows import draft_open
    from phasegate.drafts.providers import from_settings

    outcomes = draft_open(ws.sessions, home=ws.home, provider=from_settings(ws.settings))
    made = [o for o in outcomes if o.created]
    if not made:
        return None
    held = sum(1 for o in made if not o.safe)
    return f"phase-2 drafts written for {len(made)} open ticket(s)" + (f", {held} held back" if held else "")


def gaps_step(ws: Workspace, summary: BuildSummary) -> str | None:
    """Precompute the KB gaps page's default view (the last 28 days), so its first visit is instant."""
    from phasegate.web.bridge import kb_gaps

    with ws.sessions() as session:
        kb_gaps(session, home=ws.home, days=28)
    return None


def demo_user_step(ws: Workspace, summary: BuildSummary) -> str | None:
    """Make sure the demo lead exists and say how to sign in."""
    from phasegate.auth.service import demo_user_note

    return demo_user_note(ws, summary)


def register() -> None:
    """Append the steps to the demo's post-build list once, in order."""
    steps = [policy_step, router_step, knowledge_step, demotion_step, drafts_step, gaps_step, demo_user_step]
    for step in steps:
        if step not in POST_BUILD:
            POST_BUILD.append(step)

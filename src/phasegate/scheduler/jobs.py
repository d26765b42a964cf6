"""The built-in recurring jobs: the automatic demotion check and the KB-gap refresh."""

from __future__ import annotations

from datetime import timedelta

from phasegate.scheduler.registry import JobContext, register

DEMOTION_CHECK = "demotion-check"
KB_GAP_REFRESH = "kb-gap-refresh"
#: How far back the KB-gap refresh re-checks tickets (the /kb/gaps page's default period).
KB_REFRESH_DAYS = 28


def demotion_check(ctx: JobContext) -> str:
    """Demote every phase-3 category whose AI CSAT is materially below (as `phase check-demotions`)."""
    from phasegate.rollout import service
    from phasegate.rollout.flows import demotion

    policy = service.ensure_policy(ctx.session).policy
    checks = demotion.check_demotions(ctx.session, policy=policy, actor="scheduler")
    demoted = [c.category for c in checks if c.applied]
    fired = [c.category for c in checks if c.fired and not c.applied]
    parts = [f"{len(checks)} phase-3 categories checked"]
    if demoted:
        parts.append("demoted " + ", ".join(demoted))
    if fired:
        parts.append("would demote (disabled in policy) " + ", ".join(fired))
    return "; ".join(parts)


def kb_gap_refresh(ctx: JobContext) -> str:
    """Re-check the last weeks of tickets against the help center and record their KB hits."""
    from sqlalchemy import func, select

    from phasegate.knowledge import flows
    from phasegate.knowledge.models import Article
    from phasegate.rollout.flows.evidence import latest_ticket_at

    if not ctx.session.scalar(select(func.count()).select_from(Article)):
        return "no help-center articles: nothing to check"
    latest = latest_ticket_at(ctx.session)
    if latest is None:
        return "no tickets"
    results = flows.scan(ctx.session, ctx.home, since=latest - timedelta(days=KB_REFRESH_DAYS), save=True)
    hits = sum(r.hit for r in results)
    return f"{len(results)} tickets checked, {hits} backed by the help center"


def register_builtin() -> None:
    """Register the built-in jobs (idempotent)."""
    register(DEMOTION_CHECK, timedelta(hours=1), demotion_check)
    register(KB_GAP_REFRESH, timedelta(days=1), kb_gap_refresh)

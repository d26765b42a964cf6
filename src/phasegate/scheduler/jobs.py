"""The built-in recurring jobs: the automatic demotion check, the KB-gap refresh, the weekly review sample."""

from __future__ import annotations

from datetime import timedelta

from phasegate.scheduler.registry import JobContext, register

DEMOTION_CHECK = "demotion-check"
KB_GAP_REFRESH = "kb-gap-refresh"
REVIEW_SAMPLE = "review-sample"
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
    from phasegate.knowledge import flows
    from phasegate.knowledge import service as knowledge
    from phasegate.rollout.flows.evidence import latest_ticket_at

    if not knowledge.article_count(ctx.session):
        return "no help-center articles: nothing to check"
    latest = latest_ticket_at(ctx.session)
    if latest is None:
        return "no tickets"
    results = flows.scan(ctx.session, ctx.home, since=latest - timedelta(days=KB_REFRESH_DAYS), save=True)
    hits = sum(r.hit for r in results)
    return f"{len(results)} tickets checked, {hits} backed by the help center"


def review_sample(ctx: JobContext) -> str:
    """Queue the weekly sample of autonomous resolutions for the leads' review (`phasegate review sample`).

    The week sampled is the last whole week before the newest ticket (or before now, with no tickets), so an
    imported history is sampled where its tickets are.
    """
    from phasegate.aftercare.review import sample_week
    from phasegate.rollout import service
    from phasegate.rollout.flows.evidence import latest_ticket_at

    policy = service.ensure_policy(ctx.session).policy
    reference = min(latest_ticket_at(ctx.session) or ctx.now, ctx.now)
    sample = sample_week(ctx.session, week_start=reference - timedelta(days=7), policy=policy, now=ctx.now)
    return f"week of {sample.week_start:%Y-%m-%d}: {sample.added} autonomous resolutions queued for review"


def register_builtin() -> None:
    """Register the built-in jobs (idempotent)."""
    register(DEMOTION_CHECK, timedelta(hours=1), demotion_check)
    register(KB_GAP_REFRESH, timedelta(days=1), kb_gap_refresh)
    register(REVIEW_SAMPLE, timedelta(days=7), review_sample)

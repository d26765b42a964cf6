"""The phases page (leads and admins): gate evidence, promotion with a reason, demotions, the kill switch and
the policy in force. Every change goes through the rollout's own functions (web.bridge)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from phasegate.policy import dump_policy
from phasegate.rollout import service as rollout
from phasegate.web import bridge
from phasegate.web.deps import DbSession, LeadUser, SettingsDep, TemplatesDep, release
from phasegate.web.report_cache import ReportCache

router = APIRouter(include_in_schema=False)
FLASH = "flash"


def _done(request: Request, outcome: bridge.Outcome) -> Response:
    # Post/redirect/get: the outcome survives the redirect in the session, shown once.
    request.session[FLASH] = {"ok": outcome.ok, "message": outcome.message}
    return RedirectResponse("/phases", status_code=303)


@router.get("/phases", response_class=HTMLResponse)
def phases_page(
    request: Request, db: DbSession, templates: TemplatesDep, user: LeadUser, settings: SettingsDep
) -> HTMLResponse:
    """Where the CX lead moves categories between phases and pulls the kill switch."""
    cache: ReportCache = request.app.state.report_cache
    version = cache.version(db)
    if version[0]:
        key = ("gates", bridge.router_version(settings), version)
        gates = cache.get(key, lambda: bridge.gate_statuses(db, settings))
    else:
        # No tickets: time in phase runs to the wall clock, which no data version follows.
        gates = bridge.gate_statuses(db, settings)
    policy = rollout.policy_in_force(db)
    context = {
        "user": user,
        "gates": gates,
        "kill": rollout.kill_state(db),
        "kill_events": bridge.kill_switch_events(db),
        "history": bridge.phase_changes(db),
        "policy": policy,
        # Every field with its value, defaults included, as `phasegate policy show` prints it: the stored
        # text may be a few overrides, or empty when the seed's defaults were applied.
        "policy_text": dump_policy(policy.policy),
        "policies": bridge.policy_history(db),
        "categories": [g.category for g in gates],
        "flash": request.session.pop(FLASH, None),
        "jobs": bridge.scheduled_jobs(db),
        "global_scope": bridge.GLOBAL_SCOPE,
    }
    release(db)
    return templates.TemplateResponse(request, "phases.html", context)


@router.post("/phases/promote")
def promote(
    request: Request,
    db: DbSession,
    user: LeadUser,
    settings: SettingsDep,
    category: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
    override: Annotated[bool, Form()] = False,
) -> Response:
    """Promote one phase; refused without evidence unless overridden with a written reason."""
    outcome = bridge.promote(
        db, category=category, actor=user.username, reason=reason, override=override, settings=settings
    )
    db.commit()
    return _done(request, outcome)


@router.post("/phases/demote")
def demote(
    request: Request,
    db: DbSession,
    user: LeadUser,
    category: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
) -> Response:
    """Demote one phase, with a reason."""
    outcome = bridge.demote(db, category=category, actor=user.username, reason=reason)
    db.commit()
    return _done(request, outcome)


@router.post("/phases/kill-switch")
def kill_switch(
    request: Request,
    db: DbSession,
    user: LeadUser,
    scope: Annotated[str, Form()],
    on: Annotated[bool, Form()],
    reason: Annotated[str, Form()] = "",
    confirm: Annotated[bool, Form()] = False,
) -> Response:
    """Throw or release a kill switch; throwing it needs the confirmation box ticked."""
    if on and not confirm:
        return _done(request, bridge.Outcome(False, "Tick the confirmation to stop the AI."))
    outcome = bridge.set_kill_switch(db, scope=scope, on=on, actor=user.username, reason=reason)
    db.commit()
    return _done(request, outcome)


@router.post("/phases/policy")
def apply_policy(
    request: Request,
    db: DbSession,
    user: LeadUser,
    text: Annotated[str, Form()],
    reason: Annotated[str, Form()] = "",
    accept_risk: Annotated[str, Form()] = "",
) -> Response:
    """Apply an edited policy; a broken one is refused with the field named, and one below the safety
    floors unless a risk is accepted in writing."""
    outcome = bridge.apply_policy(db, text=text, actor=user.username, reason=reason, accept_risk=accept_risk)
    db.commit()
    return _done(request, outcome)

"""The rollout history: the phase changes of the 39 weeks, with the evidence each promotion rested on."""

from __future__ import annotations

from datetime import datetime, timedelta
from statistics import mean

from phasegate.taxonomy import CATEGORIES, DEFLECTABLE
from phasegate.world.records import PhaseChange, Ticket
from phasegate.world.timeline import PHASE1_WEEK, PHASE2_WEEK, PHASE3_CATEGORIES, PHASE3_WEEK, week_start

#: Changes take effect as the week opens (Monday 00:00 UTC), so a ticket's phase follows from its week.
CHANGE_HOUR = timedelta(0)


def _csat(tickets: list[Ticket]) -> float | None:
    scores = [t.csat for t in tickets if t.csat is not None]
    return round(mean(scores), 2) if scores else None


def phase_changes(tickets: list[Ticket], start: datetime, eval_counts: dict[str, int]) -> list[PhaseChange]:
    """Week 14 every category 0->1, week 27 the deflectable ones 1->2, week 34 two of them 2->3."""
    by_cat: dict[str, list[Ticket]] = {c: [] for c in CATEGORIES}
    for t in tickets:
        by_cat[t.category].append(t)
    changes: list[PhaseChange] = []
    at1 = week_start(PHASE1_WEEK, start) + CHANGE_HOUR
    for c in CATEGORIES:
        base = [t for t in by_cat[c] if t.week < PHASE1_WEEK]
        changes.append(
            PhaseChange(
                category=c,
                from_phase=0,
                to_phase=1,
                at=at1,
                reason="A quarter of pre-AI baseline is in; starting the read-only assistant everywhere.",
                evidence={
                    "baseline_weeks": PHASE1_WEEK - 1,
                    "baseline_tickets": len(base),
                    "baseline_csat": _csat(base),
                },
            )
        )
    at2 = week_start(PHASE2_WEEK, start) + CHANGE_HOUR
    for c in DEFLECTABLE:
        base = [t for t in by_cat[c] if t.week < PHASE1_WEEK]
        p1 = [t for t in by_cat[c] if PHASE1_WEEK <= t.week < PHASE2_WEEK and t.handled_by == "ai_assisted"]
        changes.append(
            PhaseChange(
                category=c,
                from_phase=1,
                to_phase=2,
                at=at2,
                reason="A quarter of phase 1: briefs used, CSAT held to the baseline, eval set collected.",
                evidence={
                    "phase1_weeks": PHASE2_WEEK - PHASE1_WEEK,
                    "phase1_tickets": len(p1),
                    "csat_phase1": _csat(p1),
                    "baseline_csat": _csat(base),
                    "eval_items": eval_counts.get(c, 0),
                },
            )
        )
    at3 = week_start(PHASE3_WEEK, start) + CHANGE_HOUR
    for c in PHASE3_CATEGORIES:
        base = [t for t in by_cat[c] if t.week < PHASE1_WEEK]
        p2 = [t for t in by_cat[c] if PHASE2_WEEK <= t.week < PHASE3_WEEK and t.draft is not None]
        accepted = sum(1 for t in p2 if t.draft and t.draft.accepted)
        edits = [t.draft.edit_ratio for t in p2 if t.draft]
        changes.append(
            PhaseChange(
                category=c,
                from_phase=2,
                to_phase=3,
                at=at3,
                reason=(
                    f"Pilot of narrow autonomy for {c}: drafts are accepted with light edits and CSAT is "
                    "steady. "
                    f"Promoted after {PHASE3_WEEK - PHASE2_WEEK} weeks of phase 2, short of the two "
                    "quarters the gate "
                    "asks for; the CX lead accepted the risk and watches the weekly sample."
                ),
                evidence={
                    "phase2_weeks": PHASE3_WEEK - PHASE2_WEEK,
                    "drafts": len(p2),
                    "draft_acceptance": round(accepted / len(p2), 3) if p2 else None,
                    "mean_edit_ratio": round(mean(edits), 3) if edits else None,
                    "csat_phase2": _csat(p2),
                    "baseline_csat": _csat(base),
                    "gate_met": False,
                },
            )
        )
    return changes

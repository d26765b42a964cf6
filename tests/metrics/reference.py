"""The metric formulas of docs/metrics.md written again in plain Python over the raw fixture rows.

Deliberately naive (loops, no SQL, no shared code with phasegate.metrics), so that agreement means something.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import Any

from tests.metrics.builders import Rows

EPOCH = datetime(1970, 1, 5, tzinfo=UTC)


def week(moment: datetime) -> int:
    """Weeks since the Monday 1970-01-05, by plain division."""
    return int((moment - EPOCH).total_seconds() // (7 * 86400))


def facts(rows: Rows, *, hourly_rate: float = 32.0, durable_days: float = 7.0) -> list[dict[str, Any]]:
    """One dict per dated ticket: week, category, segment and each value the metrics sum."""
    rollout: dict[str, datetime] = {}
    for pc in rows.phase_changes:
        if pc["to_phase"] >= 1 and (pc["category"] not in rollout or pc["at"] < rollout[pc["category"]]):
            rollout[pc["category"]] = pc["at"]
    by_issue: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for t in rows.tickets:
        if t["issue_id"] and t["created_at"]:
            by_issue[t["issue_id"]].append(t)
    out = []
    for t in rows.tickets:
        if t["created_at"] is None:
            continue
        hb = t["handled_by"]
        if hb in ("ai", "ai_escalated", "ai_assisted"):
            seg = hb
        elif hb == "human":
            first = rollout.get(t["category"])
            seg = "baseline" if first is not None and t["created_at"] < first else "human"
        else:
            seg = "unlabelled"
        res = [r for r in rows.resolutions if r["ticket_id"] == t["id"]]
        if res:
            ok = [r["resolved_at"] for r in res if not r.get("reopened", False)]
            resolved_at = max(ok) if ok else None
        else:
            resolved_at = t["resolved_at"]
        durable = False
        if resolved_at is not None:
            durable = True
            for other in by_issue.get(t["issue_id"] or "", []):
                gap = other["created_at"] - resolved_at
                if other["id"] != t["id"] and timedelta(0) < gap <= timedelta(days=durable_days):
                    durable = False
        money = defaultdict(float)
        for c in rows.costs:
            if c["ticket_id"] == t["id"]:
                money[c["kind"]] += float(c["amount"])
        agent = (
            t["handle_seconds"] * hourly_rate / 3600
            if t["handle_seconds"] is not None
            else money["agent_time"]
        )
        responses = [(c["at"], i, c["score"]) for i, c in enumerate(rows.csat) if c["ticket_id"] == t["id"]]
        score = max(responses)[2] if responses else t["csat"]
        fr = None
        if t["first_response_at"] is not None and t["first_response_at"] >= t["created_at"]:
            fr = (t["first_response_at"] - t["created_at"]).total_seconds() / 3600
        drafts = [
            d
            for d in rows.drafts
            if d["ticket_id"] == t["id"] and (d["sent_at"] or d["edit_ratio"] is not None)
        ]
        kb = [
            d
            for d in rows.decisions
            if d["ticket_id"] == t["id"]
            and d["kb_hit"] is not None
            and d["source"] not in ("backtest", "sim")
        ]
        out.append(
            {
                "week": week(t["created_at"]),
                "category": t["category"] or "(none)",
                "segment": seg,
                "durable": durable,
                "cost": agent + money["model"] + money["per_resolution"],
                "model_cost": money["model"],
                "csat": score,
                "engaged": hb in ("ai", "ai_escalated"),
                "escalated": hb == "ai_escalated",
                "deflected": hb == "ai" and durable,
                "first_response_hours": fr,
                "edit_ratios": [d["edit_ratio"] for d in drafts if d["edit_ratio"] is not None],
                "accepted": [d["accepted"] for d in drafts if d["accepted"] is not None],
                "kb": [d["kb_hit"] for d in kb],
            }
        )
    return out


def headline(fs: list[dict[str, Any]], weeks: set[int]) -> dict[str, dict[str, float | int | None]]:
    """Cost per resolved, CSAT mean and n, escalation rate per segment over `weeks` (baseline: all weeks)."""
    out: dict[str, dict[str, float | int | None]] = {}
    for seg in ("ai", "ai_escalated", "ai_assisted", "human", "baseline", "all"):
        sel = [
            f
            for f in fs
            if (seg == "all" or f["segment"] == seg) and (seg == "baseline" or f["week"] in weeks)
        ]
        resolved = sum(f["durable"] for f in sel)
        scores = [f["csat"] for f in sel if f["csat"] is not None]
        # the escalation rate is over AI-engaged tickets whatever the segment asked for
        engaged_sel = [f for f in fs if f["week"] in weeks]
        engaged = sum(f["engaged"] for f in engaged_sel)
        out[seg] = {
            "cost_per_resolved": sum(f["cost"] for f in sel) / resolved if resolved else None,
            "csat": sum(scores) / len(scores) if scores else None,
            "csat_n": len(scores),
            "escalation_rate": sum(f["escalated"] for f in engaged_sel) / engaged if engaged else None,
        }
    return out

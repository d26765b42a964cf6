"""The report: headline numbers with their trend, the weekly series, the per-category table and the alarms.

`build` rolls the SQL cells up; `as_json` and `csv_rows` are the export shapes `phasegate report` prints
and the console shows. The period is the last `window_weeks` weeks with tickets, against the weeks before.
"""

from __future__ import annotations

from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from phasegate.aftercare import control as control_group
from phasegate.config import Settings
from phasegate.metrics import alarms as alarm_rules
from phasegate.metrics import bridge, service
from phasegate.metrics.alarms import Alarm, AlarmRules
from phasegate.metrics.service import NO_CATEGORY, CellKey, MetricParams
from phasegate.metrics.sql import week_start
from phasegate.metrics.stats import SEGMENTS, Stats
from phasegate.taxonomy import CATEGORIES
from phasegate.tickets import service as tickets_service

#: Demotions are phase changes of these kinds out of a higher phase.
DEMOTION_KINDS = ("demote", "auto_demote")


@dataclass(frozen=True)
class Window:
    """A run of whole weeks, first and last included."""

    first: int
    last: int

    @property
    def weeks(self) -> range:
        """The week numbers in the window."""
        return range(self.first, self.last + 1)

    @property
    def start(self) -> datetime:
        """Monday 00:00 UTC of the first week."""
        return week_start(self.first)

    @property
    def end(self) -> datetime:
        """Monday 00:00 UTC after the last week (exclusive)."""
        return week_start(self.last + 1)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape: dates of the first Monday and the last Sunday."""
        return {
            "from": self.start.date().isoformat(),
            "to": (self.end - timedelta(days=1)).date().isoformat(),
            "weeks": len(self.weeks),
        }


@dataclass
class WeekRow:
    """One week of the trend: the sums of each segment, and `all`."""

    week: int
    provisional: bool  # its durable-resolution window has not closed yet
    segments: dict[str, Stats]

    @property
    def start(self) -> datetime:
        """Monday 00:00 UTC that starts the week."""
        return week_start(self.week)


@dataclass
class CategoryRow:
    """One category in the period: its phase, each segment's sums now and before, its baseline and alarms."""

    category: str
    phase: int | None
    now: dict[str, Stats]
    before: dict[str, Stats]
    baseline: Stats
    alarms: list[Alarm] = field(default_factory=list)
    last_demotion: bridge.PhaseEvent | None = None

    def seg(self, segment: str) -> Stats:
        """A segment's sums in the period; the baseline is all-time."""
        return self.baseline if segment == "baseline" else self.now[segment]


@dataclass
class Report:
    """Everything the dashboard, `phasegate report` and its exports show."""

    params: MetricParams
    rules: AlarmRules
    currency: str
    as_of: datetime | None
    current: Window | None
    previous: Window | None
    now: dict[str, Stats]
    before: dict[str, Stats]
    baseline: Stats
    weekly: list[WeekRow]
    categories: list[CategoryRow]
    alarms: list[Alarm]
    demotions: list[bridge.PhaseEvent]
    control: control_group.ControlComparison | None = None  # AI vs control group, same population

    def seg(self, segment: str) -> Stats:
        """A segment's sums in the period; the baseline is all-time (it is the fixed pre-AI reference)."""
        return self.baseline if segment == "baseline" else self.now[segment]

    def prev(self, segment: str) -> Stats | None:
        """A segment's sums in the previous period (None for the baseline, which has no trend)."""
        return None if segment == "baseline" else self.before[segment]


def _by_segment(
    cells: dict[CellKey, Stats], *, weeks: Container[int] | None = None, category: str | None = None
) -> dict[str, Stats]:
    """Each segment's sums (and `all`) over the cells in `weeks` of `category` (None: no restriction)."""
    out = {s: Stats() for s in (*SEGMENTS, "unlabelled", "all")}
    for (week, cat, segment), stats in cells.items():
        if (weeks is None or week in weeks) and (category is None or cat == category):
            out[segment] += stats
            out["all"] += stats
    return out


def _category_order(names: Iterable[str]) -> list[str]:
    rank = {c: i for i, c in enumerate(CATEGORIES)}
    return sorted(set(names), key=lambda c: (c == NO_CATEGORY, rank.get(c, len(rank)), c))


def params_from(settings: Settings) -> MetricParams:
    """The metric parameters a workspace's settings give."""
    return MetricParams(hourly_rate=settings.hourly_rate, durable_days=settings.durable_days)


def build_for(session: Session, settings: Settings, *, window_weeks: int | None = None) -> Report:
    """The report as the workspace's settings and policy currency define it."""
    rules = AlarmRules(window_weeks=window_weeks) if window_weeks else AlarmRules()
    return build(session, params=params_from(settings), rules=rules, currency=bridge.currency(session))


def build(
    session: Session,
    *,
    params: MetricParams,
    rules: AlarmRules | None = None,
    currency: str = "USD",
) -> Report:
    """The report over the last `rules.window_weeks` weeks with tickets, with alarms evaluated."""
    rules = rules or AlarmRules()
    cells = service.cells(session, params=params)
    as_of = tickets_service.latest_created_at(session)
    weeks = sorted({w for w, _, _ in cells})
    current = previous = None
    if weeks:
        last = weeks[-1]
        current = Window(max(weeks[0], last - rules.window_weeks + 1), last)
        if current.first > weeks[0]:
            previous = Window(max(weeks[0], current.first - rules.window_weeks), current.first - 1)
    in_now = set(current.weeks) if current else set()
    in_before = set(previous.weeks) if previous else set()

    now = _by_segment(cells, weeks=in_now)
    before = _by_segment(cells, weeks=in_before)
    baseline = _by_segment(cells)["baseline"]

    weekly = []
    if weeks:
        horizon = timedelta(days=params.durable_days)
        for w in range(weeks[0], weeks[-1] + 1):
            row = _by_segment(cells, weeks={w})
            provisional = as_of is not None and week_start(w + 1) + horizon > as_of
            weekly.append(WeekRow(w, provisional, row))

    # The trend alarms compare complete weeks only: in a provisional week resolutions cannot be durable yet,
    # so its cost per resolved ticket is inflated and would hide a real fall (docs/metrics.md, "Alarms").
    trend_now, trend_before = _trend_weeks(weeks, weekly, rules.window_weeks)

    phases = bridge.current_phases(session)
    history = bridge.phase_history(session)
    demotions = [e for e in history if e.kind in DEMOTION_KINDS or e.to_phase < e.from_phase]
    categories = []
    for name in _category_order([c for _, c, _ in cells] + list(phases)):
        cat = CategoryRow(
            category=name,
            phase=phases.get(name),
            now=_by_segment(cells, weeks=in_now, category=name),
            before=_by_segment(cells, weeks=in_before, category=name),
            baseline=_by_segment(cells, category=name)["baseline"],
            last_demotion=next((e for e in demotions if e.category == name), None),
        )
        trend = (
            _by_segment(cells, weeks=trend_before, category=name)["all"],
            _by_segment(cells, weeks=trend_now, category=name)["all"],
        )
        cat.alarms = _category_alarms(session, cat, rules, trend)
        categories.append(cat)

    trend_all = (_by_segment(cells, weeks=trend_before)["all"], _by_segment(cells, weeks=trend_now)["all"])
    overall = [
        a
        for a in (
            alarm_rules.cost_down_csat_down("overall", *trend_all, rules),
            alarm_rules.escalation_rising("overall", before["all"], now["all"], rules),
        )
        if a is not None
    ]
    return Report(
        params=params,
        rules=rules,
        currency=currency,
        as_of=as_of,
        current=current,
        previous=previous,
        now=now,
        before=before,
        baseline=baseline,
        weekly=weekly,
        categories=categories,
        alarms=overall + [a for c in categories for a in c.alarms],
        demotions=demotions,
        control=control_group.compare(session, params=params, start=current.start, end=current.end)
        if current
        else None,
    )


def _trend_weeks(weeks: list[int], weekly: list[WeekRow], window: int) -> tuple[set[int], set[int]]:
    """The weeks the cost-and-CSAT trend compares: the last `window` complete (not provisional) weeks with
    tickets, and the `window` weeks before them; all weeks count when none is complete yet."""
    if not weeks:
        return set(), set()
    complete = [w.week for w in weekly if not w.provisional]
    last = complete[-1] if complete else weeks[-1]
    first = max(weeks[0], last - window + 1)
    before = set(range(max(weeks[0], first - window), first)) if first > weeks[0] else set()
    return set(range(first, last + 1)), before


def _category_alarms(
    session: Session, row: CategoryRow, rules: AlarmRules, trend: tuple[Stats, Stats]
) -> list[Alarm]:
    found: list[Alarm | None] = [
        alarm_rules.cost_down_csat_down(row.category, *trend, rules),
        alarm_rules.escalation_rising(row.category, row.before["all"], row.now["all"], rules),
    ]
    verdict = bridge.demotion(session, category=row.category)
    if verdict.fires:
        found.append(Alarm(alarm_rules.AI_CSAT_BELOW, row.category, verdict.reason, verdict.evidence))
    return [a for a in found if a is not None]


# --- export shapes ---------------------------------------------------------------------------------------


def _csat(stats: Stats) -> dict[str, Any]:
    ci = stats.csat_ci95
    return {
        "mean": stats.csat_mean,
        "n": stats.csat_n,
        "ci95": list(ci) if ci else None,
        "counts": list(stats.csat_counts),
    }


def _event(e: bridge.PhaseEvent | None) -> dict[str, Any] | None:
    if e is None:
        return None
    return {
        "category": e.category,
        "from_phase": e.from_phase,
        "to_phase": e.to_phase,
        "at": e.at.isoformat(),
        "actor": e.actor,
        "kind": e.kind,
        "reason": e.reason,
    }


def as_json(report: Report) -> dict[str, Any]:
    """The `phasegate report --json` document (docs/metrics.md describes every field)."""
    heads = (*SEGMENTS, "all")
    out: dict[str, Any] = {
        "as_of": report.as_of.isoformat() if report.as_of else None,
        "period": report.current.as_dict() if report.current else None,
        "previous_period": report.previous.as_dict() if report.previous else None,
        "params": {
            "hourly_rate": report.params.hourly_rate,
            "durable_days": report.params.durable_days,
            "window_weeks": report.rules.window_weeks,
            "currency": report.currency,
        },
        "cost_per_resolved": {},
        "csat": {},
        "escalation_rate": {},
    }
    for s in heads:
        now, prev = report.seg(s), report.prev(s)
        out["cost_per_resolved"][s] = {
            "value": now.cost_per_resolved,
            "previous": prev.cost_per_resolved if prev else None,
            "cost": now.cost,
            "resolved": now.resolved,
            "volume": now.volume,
        }
        out["csat"][s] = {**_csat(now), "previous": prev.csat_mean if prev else None}
        # Only tickets the AI engaged can escalate: the rate is one number, over ai + ai_escalated tickets;
        # it is reported under `ai` (the AI-engaged tickets) and `all` alike.
        esc = report.seg("all") if s in ("ai", "all") else now
        esc_prev = report.prev("all") if s in ("ai", "all") else prev
        out["escalation_rate"][s] = (
            {
                "value": esc.escalation_rate,
                "previous": esc_prev.escalation_rate if esc_prev else None,
                "escalated": esc.escalated,
                "engaged": esc.engaged,
            }
            if s in ("ai", "all")
            else None
        )
    out["weekly"] = [
        {
            "week": w.start.date().isoformat(),
            "provisional": w.provisional,
            "volume": {s: w.segments[s].volume for s in heads},
            "cost_per_resolved": {s: w.segments[s].cost_per_resolved for s in heads},
            "csat": {s: {"mean": w.segments[s].csat_mean, "n": w.segments[s].csat_n} for s in heads},
            "escalation_rate": w.segments["all"].escalation_rate,
        }
        for w in report.weekly
    ]
    out["categories"] = [
        {
            "category": c.category,
            "phase": c.phase,
            "volume": c.now["all"].volume,
            "resolved": c.now["all"].resolved,
            "resolution_rate": c.now["all"].resolution_rate,
            "cost_per_resolved": {s: c.seg(s).cost_per_resolved for s in heads},
            "csat": {s: _csat(c.seg(s)) for s in heads},
            "escalation_rate": c.now["all"].escalation_rate,
            "edit_rate": c.now["all"].edit_rate,
            "acceptance_rate": c.now["all"].acceptance_rate,
            "deflection_rate": c.now["all"].deflection_rate,
            "kb_hit_rate": c.now["all"].kb_hit_rate,
            "first_response_hours": c.now["all"].first_response_mean_hours,
            "model_cost_per_ticket": c.now["all"].model_cost_per_ticket,
            "alarms": [a.code for a in c.alarms],
            "last_demotion": _event(c.last_demotion),
        }
        for c in report.categories
    ]
    everything = report.now["all"]
    out["secondary"] = {
        "first_response_hours": {s: report.seg(s).first_response_mean_hours for s in heads},
        "deflection_rate": everything.deflection_rate,
        "edit_rate": everything.edit_rate,
        "acceptance_rate": everything.acceptance_rate,
        "model_cost_per_ticket": {s: report.seg(s).model_cost_per_ticket for s in heads},
        "kb_hit_rate": everything.kb_hit_rate,
        "resolution_rate": {s: report.seg(s).resolution_rate for s in heads},
    }
    out["alarms"] = [a.as_dict() for a in report.alarms]
    out["demotions"] = [_event(e) for e in report.demotions]
    out["control"] = report.control.as_dict() if report.control else None
    return out


CSV_FIELDS = (
    "week",
    "category",
    "segment",
    "volume",
    "resolved",
    "cost",
    "cost_per_resolved",
    "csat_mean",
    "csat_n",
    "csat_ci95_low",
    "csat_ci95_high",
    "engaged",
    "escalated",
    "escalation_rate",
    "deflected",
    "first_response_hours",
    "model_cost_per_ticket",
    "edit_rate",
    "acceptance_rate",
    "kb_hit_rate",
)


def csv_rows(session: Session, *, params: MetricParams) -> list[dict[str, Any]]:
    """One row per week x category x segment with every metric, for spreadsheets."""
    rows = []
    cells = service.cells(session, params=params)
    for (week, category, segment), s in sorted(cells.items()):
        ci = s.csat_ci95
        rows.append(
            {
                "week": week_start(week).date().isoformat(),
                "category": category,
                "segment": segment,
                "volume": s.volume,
                "resolved": s.resolved,
                "cost": round(s.cost, 4),
                "cost_per_resolved": s.cost_per_resolved,
                "csat_mean": s.csat_mean,
                "csat_n": s.csat_n,
                "csat_ci95_low": ci[0] if ci else None,
                "csat_ci95_high": ci[1] if ci else None,
                "engaged": s.engaged,
                "escalated": s.escalated,
                "escalation_rate": s.escalation_rate,
                "deflected": s.deflected,
                "first_response_hours": s.first_response_mean_hours,
                "model_cost_per_ticket": s.model_cost_per_ticket,
                "edit_rate": s.edit_rate,
                "acceptance_rate": s.acceptance_rate,
                "kb_hit_rate": s.kb_hit_rate,
            }
        )
    return rows

"""Which category router a triage run uses: the one asked for, the workspace's, or the default.

The one place that knows where routers live, so the demo-world default can be wired here alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from phasegate.config import Settings
from phasegate.policy import Policy
from phasegate.rollout.flows.evidence import Classify
from phasegate.rollout.flows.triage import Analyzer
from phasegate.tickets.schemas import TicketIn
from phasegate.triage.schemas import Analysis

if TYPE_CHECKING:  # scikit-learn and numpy load only when a router is actually used
    from phasegate.triage.router import Router


class RouterUnavailable(RuntimeError):
    """No router could be found; the message says how to get one."""


def workspace_router_dir(settings: Settings) -> Path:
    """Where a workspace keeps its current router."""
    return settings.models_dir / "router" / "current"


def default_router() -> Router:
    """The router used with no --router and no workspace router: the bundled demo-world router.

    It ships inside the package (`phasegate.bundled`), so triage works offline with no workspace at all.
    """
    from phasegate.bundled import ROUTER_DIR
    from phasegate.triage.router import Router, RouterError

    try:
        return Router.load(ROUTER_DIR)
    except (RouterError, OSError) as exc:
        raise RouterUnavailable(
            f"the bundled router at {ROUTER_DIR} cannot be loaded ({exc}): pass --router DIR (a folder "
            "written by `phasegate router train`), or rebuild it with `python -m phasegate.bundled.build`"
        ) from exc


def resolve_router(router_dir: Path | None, settings: Settings | None) -> Router:
    """`router_dir` when given, else the workspace's current router when it has one, else the default."""
    from phasegate.triage.router import Router, RouterError

    path = router_dir
    if path is None and settings is not None and workspace_router_dir(settings).is_dir():
        path = workspace_router_dir(settings)
    if path is None:
        return default_router()
    try:
        return Router.load(path)
    except RouterError as exc:
        raise RouterUnavailable(str(exc)) from exc


def analyzer_for(router: Router, *, workers: int = 1) -> Analyzer:
    """The batch analysis of the triage core, bound to a router; `workers` > 1 splits each batch over that
    many processes (forked, so each inherits the loaded router), in input order."""
    from phasegate.triage.analysis import analyze_many

    if workers <= 1:

        def analyze(tickets: Sequence[TicketIn], policy: Policy) -> Sequence[Analysis]:
            return analyze_many(tickets, router=router, policy=policy)

        return analyze
    global _WORKER_ROUTER
    _WORKER_ROUTER = router
    return ParallelAnalyzer(workers)


class ParallelAnalyzer:
    """Splits each batch over forked worker processes that inherit the loaded router; order is kept."""

    def __init__(self, workers: int) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.workers = workers
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))

    def __call__(self, tickets: Sequence[TicketIn], policy: Policy) -> Sequence[Analysis]:
        """Analyze a batch in worker processes, one chunk each, and return the analyses in input order."""
        size = max(1, -(-len(tickets) // self.workers))
        chunks = [list(tickets[i : i + size]) for i in range(0, len(tickets), size)]
        out: list[Analysis] = []
        for part in self.pool.map(_analyze_in_worker, chunks, [policy] * len(chunks)):
            out.extend(part)
        return out

    def close(self) -> None:
        """Stop the worker processes."""
        self.pool.shutdown()


#: The router a forked worker inherits from the parent (set before the pool forks).
_WORKER_ROUTER: Router | None = None


def _analyze_in_worker(tickets: list[TicketIn], policy: Policy) -> list[Analysis]:
    from phasegate.triage.analysis import analyze_many

    assert _WORKER_ROUTER is not None
    return analyze_many(tickets, router=_WORKER_ROUTER, policy=policy)


def classifier_for(router: Router) -> Classify:
    """Category and confidence per text (None when out of scope), for measuring the eval set."""

    def classify(texts: Sequence[str]) -> list[tuple[str | None, float]]:
        return [(p.category, p.confidence) for p in router.predict(texts)]

    return classify

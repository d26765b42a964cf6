"""Training a router from ticket JSONL: the path `phasegate router train` and the benchmarks share."""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from phasegate.ingest.report import RowError
from phasegate.tickets.formats import read_jsonl
from phasegate.tickets.schemas import TicketIn
from phasegate.triage.conversation import from_ticket
from phasegate.triage.router import META_FILE, Router, RouterError, TrainConfig, train_router


@dataclass
class Examples:
    """Labelled texts read from tickets, with what was skipped and why."""

    texts: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    rejected: list[RowError] = field(default_factory=list)
    unlabelled: int = 0


def ticket_text(ticket: TicketIn) -> str:
    """The text a router reads for a ticket (subject and customer turns), the same at training and triage."""
    return from_ticket(ticket).text


def examples_from_tickets(tickets: Iterable[TicketIn]) -> Examples:
    """Labelled texts from tickets; tickets without a category are counted, not used."""
    ex = Examples()
    for ticket in tickets:
        if not ticket.category:
            ex.unlabelled += 1
            continue
        ex.texts.append(ticket_text(ticket))
        ex.labels.append(ticket.category)
    return ex


def read_examples(path: Path) -> Examples:
    """Labelled texts from a ticket JSONL file; invalid lines are reported and skipped."""
    tickets: list[TicketIn] = []
    rejected: list[RowError] = []
    with path.open(encoding="utf-8") as fh:
        for _line, parsed in read_jsonl(fh):
            if isinstance(parsed, TicketIn):
                tickets.append(parsed)
            else:
                rejected.extend(parsed)
    ex = examples_from_tickets(tickets)
    ex.rejected = rejected
    return ex


def train_from_file(
    data: Path, out: Path, *, seed: int = 0, config: TrainConfig | None = None
) -> tuple[Router, Examples]:
    """Train on a ticket JSONL file and save the model folder at `out` (`phasegate router train`)."""
    ex = read_examples(data)
    router = train_router(ex.texts, ex.labels, seed=seed, config=config)
    router.save(out)
    return router, ex


#: Hand-written tickets in the default taxonomy (SPEC.md), shipped so a router exists with no workspace.
SEED_TICKETS = Path(__file__).with_name("seed_tickets.jsonl")


def load_or_train(data: Path, cache: Path, *, seed: int = 0) -> Router:
    """The router for a ticket file, trained once and cached under `cache` by the file's content digest.

    Training is deterministic, so a cache miss (or a corrupt cache entry) rebuilds the same model offline.
    """
    digest = hashlib.sha256(data.read_bytes() + str(seed).encode()).hexdigest()[:16]
    folder = cache / f"router-{digest}"
    if (folder / META_FILE).is_file():
        try:
            return Router.load(folder)
        except RouterError:
            shutil.rmtree(folder, ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".router-", dir=cache))
    try:
        router, _ = train_from_file(data, staging, seed=seed)
        # A rename is atomic, so a concurrent reader never sees a half-written folder.
        staging.rename(folder)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        if not (folder / META_FILE).is_file():
            raise
        return Router.load(folder)
    return router

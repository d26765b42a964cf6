"""What the benchmark scripts share: where the data is, training and triage through the product's own path.

Data is read from ../shared/benchmarks (or PHASEGATE_BENCHMARKS) and never copied into the repository; the
tickets a benchmark trains on are written to a temporary JSONL and go through `train_from_file`, the function
behind `phasegate router train`, and are analysed with `analyze_many`, what `phasegate triage` calls.
"""

from __future__ import annotations

import json
import os
import random
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from phasegate.policy.schema import Policy
from phasegate.tickets.formats import read_jsonl
from phasegate.tickets.schemas import TicketIn
from phasegate.triage.analysis import analyze_many
from phasegate.triage.router import Router, TrainConfig
from phasegate.triage.schemas import Analysis
from phasegate.triage.training import train_from_file

REPO = Path(__file__).resolve().parents[1]


def data_dir() -> Path:
    """The shared benchmarks folder: PHASEGATE_BENCHMARKS, else the nearest ancestor's shared/benchmarks."""
    env = os.environ.get("PHASEGATE_BENCHMARKS")
    if env:
        return Path(env)
    default = REPO.parent / "shared" / "benchmarks"
    for parent in REPO.parents:
        if (parent / "shared" / "benchmarks").is_dir():
            return parent / "shared" / "benchmarks"
    return default


def dataset(name: str) -> Path:
    """A dataset's folder, or exit with a note when it is not there (so `make bench` goes on)."""
    path = data_dir() / name
    if not path.is_dir():
        print(f"skipped: {path} not found (set PHASEGATE_BENCHMARKS)")
        raise SystemExit(0)
    return path


def write_tickets(path: Path, texts: Sequence[str], labels: Sequence[str | None] | None = None) -> None:
    """Write texts as SPEC.md ticket JSONL, one customer message each, with `category` when labelled."""
    with path.open("w", encoding="utf-8") as fh:
        for i, text in enumerate(texts):
            record: dict[str, object] = {"id": f"B-{i}", "messages": [{"role": "customer", "text": text}]}
            if labels is not None and labels[i] is not None:
                record["category"] = labels[i]
            fh.write(json.dumps(record) + "\n")


def read_tickets(path: Path) -> list[TicketIn]:
    """Ticket JSONL back into validated tickets, as `phasegate triage` reads its input."""
    with path.open(encoding="utf-8") as fh:
        return [t for _n, t in read_jsonl(fh) if isinstance(t, TicketIn)]


def train(texts: Sequence[str], labels: Sequence[str], *, config: TrainConfig | None = None) -> Router:
    """Train the way the CLI does: a temporary ticket JSONL, `train_from_file`, then load the saved folder."""
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "train.jsonl"
        write_tickets(data, texts, labels)
        train_from_file(data, Path(tmp) / "router", config=config)
        return Router.load(Path(tmp) / "router")


def triage(router: Router, texts: Sequence[str], *, policy: Policy | None = None) -> list[Analysis]:
    """Analyse texts as tickets through a JSONL file and `analyze_many`, in batches of 1,000."""
    policy = policy or Policy()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "test.jsonl"
        write_tickets(path, texts)
        tickets = read_tickets(path)
    out: list[Analysis] = []
    for i in range(0, len(tickets), 1000):
        out.extend(analyze_many(tickets[i : i + 1000], router=router, policy=policy))
    return out


def table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> None:
    """Print a Markdown table."""
    print("| " + " | ".join(headers) + " |")
    print("|" + "|".join("---" for _ in headers) + "|")
    for row in rows:
        print("| " + " | ".join(_cell(v) for v in row) + " |")
    sys.stdout.flush()


def _cell(v: object) -> str:
    if isinstance(v, float):
        return f"{v:.4f}" if abs(v) < 10 else f"{v:,.1f}"
    return str(v)


def vector_cache() -> Path:
    """Where benchmark encoder vectors are kept: PHASEGATE_BENCH_CACHE, else ~/.cache/phasegate-bench."""
    return Path(os.environ.get("PHASEGATE_BENCH_CACHE", "~/.cache/phasegate-bench")).expanduser()


def cache_encoder_vectors(name: str, cache_dir: Path) -> None:
    """Keep the encoder's vectors on disk, one .npy per text hash, so benchmark re-runs skip the encoder.

    For the slow contextual encoder ("minilm", a numpy transformer): a Banking77 run encodes 13,000 texts. The
    cache holds vectors the encoder itself computed; a missing one is computed and added.
    """
    import hashlib

    import numpy as np

    from phasegate.triage import router as router_mod

    inner = router_mod.get_encoder(name)
    cache_dir.mkdir(parents=True, exist_ok=True)

    class Cached:
        dim = inner.dim

        def encode(self, texts: Sequence[str]) -> np.ndarray:
            keys = [hashlib.sha1(f"{name}\x1f{t}".encode()).hexdigest() for t in texts]
            out = np.zeros((len(texts), inner.dim), dtype=np.float32)
            todo = []
            for k, key in enumerate(keys):
                path = cache_dir / f"{key}.npy"
                if path.is_file():
                    out[k] = np.load(path)
                else:
                    todo.append(k)
            if todo:
                fresh = inner.encode([texts[k] for k in todo])
                for k, vec in zip(todo, fresh, strict=True):
                    out[k] = vec
                    np.save(cache_dir / f"{keys[k]}.npy", vec)
            return out

    cached = Cached()
    original = router_mod._load_encoder
    router_mod._load_encoder = lambda n: cached if n == name else original(n)  # type: ignore[assignment]


def long_texts(utterances: Sequence[str], n: int, chars: int = 2_000, seed: int = 1) -> list[str]:
    """n texts of about `chars` characters, each sentences drawn from `utterances`: the long emails the
    latency and keyword benchmarks time."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < chars:
            parts.append(rng.choice(utterances).rstrip(".?!") + ".")
        out.append(" ".join(parts)[:chars])
    return out

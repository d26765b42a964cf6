"""The workspace's retrieval index: passages kept as files under `<home>/kb/`, rebuilt from the articles
table whenever the set of current article versions changes.
"""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from phasegate.knowledge import service
from phasegate.knowledge.chunking import MAX_WORDS, Chunk
from phasegate.knowledge.retrieval import Retriever
from phasegate.plugins.interfaces import Encoder

#: Bumped when chunking changes, so that old chunk files are rebuilt.
CHUNKER_VERSION = f"headings-v2-{MAX_WORDS}"

_lock = threading.Lock()
_memo: dict[tuple[str, str, str], Retriever] = {}


def kb_dir(home: Path) -> Path:
    """Where the index files live."""
    return home / "kb"


def _manifest_path(home: Path) -> Path:
    return kb_dir(home) / "manifest.json"


def _chunks_path(home: Path) -> Path:
    return kb_dir(home) / "chunks.jsonl"


def read_manifest(home: Path) -> dict[str, Any] | None:
    """The manifest of the index on disk, or None."""
    path = _manifest_path(home)
    if not path.exists():
        return None
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _state(session: Session) -> str:
    return f"{CHUNKER_VERSION}:{service.state_digest(session)}"


def state_of(session: Session) -> str:
    """The help center's state (chunker version and article versions): changes when any article does."""
    return _state(session)


def rebuild(session: Session, home: Path) -> list[Chunk]:
    """Chunk every current article version and write the chunk file and manifest."""
    chunks = service.current_chunks(session)
    folder = kb_dir(home)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = _chunks_path(home).with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        for c in chunks:
            fh.write(json.dumps(c.as_dict(), ensure_ascii=False) + "\n")
    tmp.replace(_chunks_path(home))
    manifest = {
        "state": _state(session),
        "built_at": datetime.now(UTC).isoformat(),
        "articles": len({c.article_id for c in chunks}),
        "chunks": len(chunks),
    }
    _manifest_path(home).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return chunks


def load_chunks(session: Session, home: Path) -> tuple[str, list[Chunk]]:
    """(state, chunks) of the current help center, from the files when they are current."""
    state = _state(session)
    manifest = read_manifest(home)
    if manifest and manifest.get("state") == state and _chunks_path(home).exists():
        lines = _chunks_path(home).read_text(encoding="utf-8").splitlines()
        return state, [Chunk.from_dict(json.loads(line)) for line in lines if line.strip()]
    return state, rebuild(session, home)


def _embeddings_path(home: Path, encoder: Encoder) -> Path:
    return kb_dir(home) / f"embeddings-{service.slug(encoder.name)}.npz"


def load(session: Session, home: Path, *, encoder: Encoder | None = None) -> Retriever:
    """A retriever over the current help center; built once per state and process.

    With a pretrained `encoder` its passage vectors are cached beside the chunks, since encoding is the
    expensive part; the built-in LSA encoder is refitted instead (it is fitted on the passages themselves).
    """
    # The key needs only the help center's state (a query), so a hit reads no file: every brief calls this.
    key = (str(home.resolve()), _state(session), encoder.name if encoder else "lsa")
    with _lock:
        cached = _memo.get(key)
        if cached is not None:
            return cached
        state, chunks = load_chunks(session, home)
        embeddings = None
        if encoder is not None:
            path = _embeddings_path(home, encoder)
            if path.exists():
                with np.load(path) as data:
                    if str(data["state"]) == state:
                        embeddings = data["vectors"]
        retriever = Retriever(chunks, encoder=encoder, embeddings=embeddings)
        if encoder is not None and embeddings is None:
            np.savez(_embeddings_path(home, encoder), state=np.array(state), vectors=retriever.embeddings)
        _memo.clear()  # one help center per process is the norm; do not keep stale retrievers alive
        _memo[key] = retriever
        return retriever

"""Fixtures of the knowledge tests: the fixture help center as chunks, and a retriever over it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from phasegate.knowledge.chunking import FORMATS, Chunk, chunk, parse
from phasegate.knowledge.retrieval import Retriever
from tests.conftest import DATA

HELPCENTER = DATA / "helpcenter"


def helpcenter_chunks(folder: Path = HELPCENTER, *, without: tuple[str, ...] = ()) -> list[Chunk]:
    """The passages of a help-center folder, read without a database."""
    out: list[Chunk] = []
    for path in sorted(folder.iterdir()):
        fmt = FORMATS.get(path.suffix)
        if fmt is None:
            continue
        parsed = parse(path.read_text(encoding="utf-8"), fmt)
        article_id = str(parsed.meta.get("id") or path.stem)
        if article_id in without:
            continue
        out += chunk(article_id=article_id, title=parsed.title or article_id, version=1, body=parsed.body)
    return out


def questions() -> list[dict[str, str]]:
    """The customer-phrased questions written for the fixture help center."""
    lines = (DATA / "kb_questions.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def retriever() -> Retriever:
    """A retriever over the whole fixture help center."""
    return Retriever(helpcenter_chunks())

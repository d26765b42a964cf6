"""Hypothesis strategies for webhook and API bodies: arbitrary JSON, and the samples with fields mutated."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

from tests.conftest import DATA

SAMPLES = {p.stem: json.loads(p.read_text()) for p in (DATA / "webhooks").glob("*.json")}
TICKET = json.loads((DATA / "tickets_good.jsonl").read_text().splitlines()[0])

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["", "\x00", "\ud800", "2026-13-45T99:00:00Z", "1e999", "incoming", "message_created"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []
    if isinstance(value, dict):
        for k, v in value.items():
            out.append((*prefix, k))
            out += _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            out.append((*prefix, i))
            out += _paths(v, (*prefix, i))
    return out


def _set(doc: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    copy = dict(doc) if isinstance(doc, dict) else list(doc)
    copy[path[0]] = _set(copy[path[0]], path[1:], new)
    return copy


@st.composite
def mutated(draw: st.DrawFn, sample: Any) -> Any:
    """`sample` with one to three fields replaced by arbitrary JSON (or deleted)."""
    doc = sample
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(doc)
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        doc = _set(doc, path, draw(json_values))
    return doc


def bodies(sample: Any) -> st.SearchStrategy[bytes]:
    """Request bodies: mutated samples (mostly), arbitrary JSON, and raw bytes that are not JSON at all."""
    return st.one_of(
        mutated(sample).map(lambda d: json.dumps(d).encode()),
        json_values.map(lambda d: json.dumps(d).encode()),
        st.binary(max_size=64),
    )

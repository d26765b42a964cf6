"""Resolution playbooks as data: per category, paths with conditions on the flags, a base confidence, a
rationale and the article to cite. Shipped as `playbooks.yaml`; a workspace's own file overrides per category.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from phasegate.assist.schemas import Flag, ResolutionPath, RuledOut

PACKAGED = Path(__file__).with_name("playbooks.yaml")
WORKSPACE_FILE = "playbooks.yaml"
#: Each condition on a flag the brief could not compute multiplies the confidence by this.
UNKNOWN_PENALTY = 0.5
_OPS = frozenset({"gte", "lte", "gt", "lt", "in", "contains", "not"})
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\.([a-z_]+)\}")


class PlaybookError(ValueError):
    """A playbook file that cannot be used; the message names the place and the reason."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ArticleRef(_Strict):
    """Which passage to cite: a pinned article id, or a query searched in the help center."""

    id: str | None = None
    query: str | None = None


class Path_(_Strict):
    """One resolution path of a category."""

    id: str
    title: str
    when: dict[str, Any] = Field(default_factory=dict)
    confidence: float = Field(ge=0.0, le=1.0)
    rationale: str = ""
    article: ArticleRef | None = None


class Playbooks(_Strict):
    """All playbooks: paths per category and the article each flag cites."""

    version: int = 1
    flag_articles: dict[str, ArticleRef] = Field(default_factory=dict)
    categories: dict[str, list[Path_]] = Field(default_factory=dict)


def _parse(text: str, where: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise PlaybookError(f"{where}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise PlaybookError(f"{where}: expected a mapping at the top level")
    return data


def _validate(data: dict[str, Any], where: str) -> Playbooks:
    try:
        playbooks = Playbooks.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise PlaybookError(f"{where}: {loc}: {first['msg']}") from exc
    for category, paths in playbooks.categories.items():
        for path in paths:
            for key, expected in path.when.items():
                if "." not in key:
                    raise PlaybookError(
                        f"{where}: categories.{category}.{path.id}.when: {key!r} is not flag.field"
                    )
                if isinstance(expected, dict) and (len(expected) != 1 or not set(expected) <= _OPS):
                    raise PlaybookError(
                        f"{where}: categories.{category}.{path.id}.when.{key}: one operator of {sorted(_OPS)}"
                    )
    return playbooks


def load(home: Path | None = None) -> Playbooks:
    """The packaged playbooks, with the workspace's `playbooks.yaml` laid over them (per category)."""
    own = home / WORKSPACE_FILE if home is not None else None
    stamp = own.stat().st_mtime_ns if own is not None and own.exists() else None
    return _load(str(own) if stamp is not None else None, stamp)


@functools.lru_cache(maxsize=16)
def _load(own_path: str | None, stamp: int | None) -> Playbooks:
    # Cached per file and modification time: parsing YAML costs more than building the rest of a brief.
    base = _validate(_parse(PACKAGED.read_text(encoding="utf-8"), PACKAGED.name), PACKAGED.name)
    if own_path is None:
        return base
    own = _validate(_parse(Path(own_path).read_text(encoding="utf-8"), own_path), own_path)
    return Playbooks(
        version=own.version,
        flag_articles={**base.flag_articles, **own.flag_articles},
        categories={**base.categories, **own.categories},
    )


def _lookup(flags: list[Flag], code: str, field: str) -> tuple[bool, Any]:
    """(known, value) of `code.field`: the first flag of that code; a list value answers `contains`."""
    for flag in flags:
        if flag.code != code:
            continue
        if isinstance(flag.value, dict):
            if field in flag.value and flag.value[field] is not None:
                return True, flag.value[field]
            return False, None
        return True, flag.value
    return False, None


def _holds(value: Any, expected: Any) -> bool:
    if isinstance(expected, dict):
        ((op, arg),) = expected.items()
        if op == "not":
            return bool(value != arg)
        if op == "in":
            return value in arg
        if op == "contains":
            return arg in value if isinstance(value, list | str) else False
        try:
            number, limit = float(value), float(arg)
        except (TypeError, ValueError):
            return False
        return {"gte": number >= limit, "lte": number <= limit, "gt": number > limit, "lt": number < limit}[
            op
        ]
    return bool(value == expected)


def _fill(template: str, flags: list[Flag]) -> str:
    def one(match: re.Match[str]) -> str:
        known, value = _lookup(flags, match.group(1), match.group(2))
        if not known:
            return "?"
        if isinstance(value, list):
            return ", ".join(str(v) for v in value) or "none"
        return str(value)

    return _PLACEHOLDER.sub(one, template)


def suggest(
    playbooks: Playbooks, category: str | None, flags: list[Flag], *, category_confidence: float = 1.0
) -> tuple[list[ResolutionPath], list[RuledOut]]:
    """The category's paths whose conditions hold (best first) and those ruled out, with reasons.

    Confidence is the path's own times the category's confidence, halved for each unknown condition.
    """
    applicable: list[ResolutionPath] = []
    ruled_out: list[RuledOut] = []
    for path in playbooks.categories.get(category or "other", []):
        unknown: list[str] = []
        failed: list[str] = []
        for key, expected in path.when.items():
            code, _, field = key.partition(".")
            if code == "escalation" and field == "codes":
                known, value = _lookup(flags, "escalation", "codes")
            else:
                known, value = _lookup(flags, code, field)
            if not known:
                unknown.append(key)
            elif not _holds(value, expected):
                failed.append(f"{key} is {value!r}")
        if failed:
            ruled_out.append(RuledOut(id=path.id, title=path.title, reason="; ".join(failed)))
            continue
        confidence = path.confidence * category_confidence * (UNKNOWN_PENALTY ** len(unknown))
        rationale = _fill(path.rationale, flags)
        if unknown:
            rationale += f" (not known: {', '.join(unknown)})"
        applicable.append(
            ResolutionPath(
                id=path.id,
                title=path.title,
                confidence=round(confidence, 3),
                rationale=rationale,
                unknown=unknown,
            )
        )
    applicable.sort(key=lambda p: -p.confidence)
    return applicable, ruled_out

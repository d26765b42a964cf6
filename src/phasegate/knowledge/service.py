"""Queries and persistence of the help center: articles, their versions, and the catalog beside them."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from phasegate.knowledge.chunking import FORMATS, ArticleParseError, Chunk, chunk, first_heading, parse
from phasegate.knowledge.models import Article, ArticleVersion
from phasegate.store import service as store_service
from phasegate.store.schemas import ProductIn

#: File names read as a product catalog when they sit at the top of an ingested folder.
CATALOG_NAMES = (
    "catalog.json",
    "catalog.jsonl",
    "catalog.csv",
    "products.json",
    "products.jsonl",
    "products.csv",
)
#: Catalog CSV columns holding lists, split on ";" or "|".
_LIST_COLUMNS = ("materials",)

Outcome = Literal["created", "updated", "unchanged"]


@dataclass
class IngestReport:
    """What `kb ingest` did: articles created, given a new version, unchanged, deactivated; files refused."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    rejected: list[tuple[str, str]] = field(default_factory=list)
    products_created: int = 0
    products_updated: int = 0
    chunks: int = 0

    @property
    def ok(self) -> bool:
        """True when every file was read."""
        return not self.rejected

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form."""
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "deactivated": self.deactivated,
            "rejected": [{"file": f, "reason": r} for f, r in self.rejected],
            "products": {"created": self.products_created, "updated": self.products_updated},
            "chunks": self.chunks,
        }


def digest(text: str) -> str:
    """The content digest that decides whether a file changed."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def slug(text: str) -> str:
    """A lower-case id made of letters, digits and dashes."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "article"


def upsert_article(
    session: Session,
    *,
    article_id: str,
    title: str,
    body: str,
    fmt: str = "markdown",
    section: str | None = None,
    meta: dict[str, Any] | None = None,
) -> Outcome:
    """Store an article: a new one, a new version when the body or title changed, or nothing.

    An article that was deactivated comes back active when it is ingested again.
    """
    row = session.get(Article, article_id, options=[selectinload(Article.versions)])
    body_digest = digest(f"{title}\n{body}")
    if row is None:
        row = Article(id=article_id, title=title, section=section, current_version=1, active=True, meta=meta)
        row.versions = [ArticleVersion(version=1, body=body, format=fmt, digest=body_digest)]
        session.add(row)
        session.flush()
        return "created"
    current = next((v for v in row.versions if v.version == row.current_version), None)
    changed_meta = (row.section, row.meta) != (section, meta)
    if current is not None and current.digest == body_digest and row.active:
        if changed_meta:
            row.section, row.meta = section, meta
            session.flush()
        return "unchanged"
    if current is None or current.digest != body_digest:
        number = max((v.version for v in row.versions), default=0) + 1
        row.versions.append(ArticleVersion(version=number, body=body, format=fmt, digest=body_digest))
        row.current_version = number
    row.title, row.section, row.meta, row.active = title, section, meta, True
    session.flush()
    return "updated"


def deactivate(session: Session, *, article_ids: Sequence[str]) -> int:
    """Take articles out of retrieval (their versions stay); returns how many were active."""
    rows = session.scalars(select(Article).where(Article.id.in_(list(article_ids)), Article.active)).all()
    for row in rows:
        row.active = False
    session.flush()
    return len(rows)


def get(session: Session, *, article_id: str) -> Article | None:
    """One article with its versions, or None."""
    return session.get(Article, article_id, options=[selectinload(Article.versions)])


def list_(session: Session, *, active_only: bool = True) -> list[Article]:
    """Articles by id, with their versions."""
    query = select(Article).options(selectinload(Article.versions)).order_by(Article.id)
    if active_only:
        query = query.where(Article.active)
    return list(session.scalars(query))


def current_versions(session: Session) -> list[tuple[Article, ArticleVersion]]:
    """Each active article with its current version."""
    rows = session.execute(
        select(Article, ArticleVersion)
        .join(ArticleVersion, ArticleVersion.article_id == Article.id)
        .where(Article.active, ArticleVersion.version == Article.current_version)
        .order_by(Article.id)
    ).all()
    return [(a, v) for a, v in rows]


def state_digest(session: Session) -> str:
    """A digest of which article versions are current: the retrieval index is stale when it changes."""
    pairs = session.execute(
        select(Article.id, Article.current_version).where(Article.active).order_by(Article.id)
    ).all()
    return digest(json.dumps([[a, v] for a, v in pairs]))


def current_chunks(session: Session) -> list[Chunk]:
    """The passages of every active article's current version."""
    out: list[Chunk] = []
    for article, version in current_versions(session):
        body = version.body
        if version.format == "markdown":
            # Bodies stored by other writers (the demo world) may still open with their `# Title`.
            heading, rest = first_heading(body)
            body = rest if heading is not None else body
        out += chunk(
            article_id=article.id,
            title=article.title,
            version=version.version,
            body=body,
            section=article.section,
        )
    return out


def _article_id(path: Path, root: Path, meta: dict[str, Any]) -> str:
    given = meta.get("id") or meta.get("slug")
    if isinstance(given, str | int) and str(given).strip():
        return str(given).strip()
    return slug(str(path.relative_to(root).with_suffix("")))


def ingest_dir(session: Session, directory: Path, *, prune: bool = False) -> IngestReport:
    """Read a help-center folder (Markdown, HTML, plain text; a catalog file beside them) into articles.

    A changed file becomes a new version, an unchanged one is a no-op, a file that cannot be read is named in
    the report and never stops the others. With `prune`, articles no longer in the folder are deactivated.
    """
    report = IngestReport()
    seen: dict[str, str] = {}
    root = directory
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        name = str(path.relative_to(root))
        if path.name.startswith(".") or path.name in CATALOG_NAMES:
            continue
        fmt = FORMATS.get(path.suffix.lower())
        if fmt is None:
            report.rejected.append((name, f"not an article format (use one of {', '.join(sorted(FORMATS))})"))
            continue
        try:
            text = path.read_text(encoding="utf-8")
            parsed = parse(text, fmt)
        except UnicodeDecodeError:
            report.rejected.append((name, "not UTF-8 text"))
            continue
        except ArticleParseError as exc:
            report.rejected.append((name, str(exc)))
            continue
        article_id = _article_id(path, root, parsed.meta)
        if article_id in seen:
            report.rejected.append((name, f"article id {article_id!r} already used by {seen[article_id]}"))
            continue
        seen[article_id] = name
        title = parsed.title or path.stem.replace("-", " ").replace("_", " ").capitalize()
        section = parsed.meta.get("section") or parsed.meta.get("category")
        if section is None and path.parent != root:
            section = path.parent.name
        extra = {k: v for k, v in parsed.meta.items() if k not in {"id", "slug", "title", "section"}}
        meta = {"path": name, **_jsonable(extra)}
        outcome = upsert_article(
            session,
            article_id=article_id,
            title=title,
            body=parsed.body,
            fmt=fmt,
            section=str(section) if section is not None else None,
            meta=meta,
        )
        getattr(report, outcome).append(article_id)
    if prune:
        gone = [a.id for a in list_(session) if a.id not in seen]
        deactivate(session, article_ids=gone)
        report.deactivated = gone
    for catalog in (root / n for n in CATALOG_NAMES):
        if catalog.exists():
            _ingest_catalog(session, catalog, report)
    report.chunks = len(current_chunks(session))
    return report


def _jsonable(value: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = json.loads(json.dumps(value, default=str))
    return out


def _cell(value: str) -> Any:
    text = value.strip()
    if text == "":
        return None
    lowered = text.lower()
    if lowered in {"true", "yes"}:
        return True
    if lowered in {"false", "no"}:
        return False
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        return text


def catalog_records(path: Path) -> list[tuple[int, Any]]:
    """(position, record) of each product in a catalog file: a JSON list, JSON lines or CSV.

    CSV columns `specs.KEY` (or a `specs` column of JSON) fill `specs`; `materials` splits on `;` or `|`.
    """
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        doc = json.loads(text)
        items = doc.get("products", []) if isinstance(doc, dict) else doc
        return list(enumerate(items, start=1))
    if path.suffix == ".jsonl":
        return [(n, json.loads(line)) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    records: list[tuple[int, Any]] = []
    for n, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        record: dict[str, Any] = {"specs": {}}
        for key, raw in row.items():
            if key is None or raw is None:
                continue
            key = key.strip()
            if key.startswith("specs."):
                value = _cell(raw)
                if value is not None:
                    record["specs"][key.removeprefix("specs.")] = value
            elif key == "specs" and raw.strip():
                record["specs"].update(json.loads(raw))
            elif key in _LIST_COLUMNS:
                record[key] = [p.strip() for p in re.split(r"[;|]", raw) if p.strip()]
            else:
                value = _cell(raw)
                if value is not None:
                    record[key] = str(value) if key in {"id", "name", "kind"} else value
        records.append((n, record))
    return records


def _ingest_catalog(session: Session, path: Path, report: IngestReport) -> None:
    try:
        records = catalog_records(path)
    except (ValueError, UnicodeDecodeError) as exc:
        report.rejected.append((path.name, f"catalog not readable: {exc}"))
        return
    products: list[ProductIn] = []
    for position, record in records:
        try:
            products.append(ProductIn.model_validate(record))
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "(record)"
            report.rejected.append((f"{path.name} record {position}", f"{where}: {first['msg']}"))
    if products:
        created, updated = store_service.upsert_products(session, products)
        report.products_created += created
        report.products_updated += updated


def article_count(session: Session) -> int:
    """How many help-center articles are stored (active or not)."""
    return int(session.scalar(select(func.count()).select_from(Article)) or 0)

"""Tables of the help center: articles and their versions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from phasegate.db.base import Base, utcnow


class Article(Base):
    """A help-center article; its text lives in versions."""

    __tablename__ = "articles"

    id: Mapped[str] = mapped_column(String(120), primary_key=True)  # a slug
    title: Mapped[str] = mapped_column(String(300))
    section: Mapped[str | None] = mapped_column(String(120))
    current_version: Mapped[int] = mapped_column(default=1)
    active: Mapped[bool] = mapped_column(default=True)
    meta: Mapped[dict[str, Any] | None]

    versions: Mapped[list[ArticleVersion]] = relationship(
        back_populates="article", cascade="all, delete-orphan", order_by="ArticleVersion.version"
    )


class ArticleVersion(Base):
    """One immutable version of an article's body."""

    __tablename__ = "article_versions"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    article_id: Mapped[str] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    version: Mapped[int]
    body: Mapped[str] = mapped_column(Text)
    format: Mapped[str] = mapped_column(String(10), default="markdown")
    digest: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    article: Mapped[Article] = relationship(back_populates="versions")


Index("ix_article_versions_article_version", ArticleVersion.article_id, ArticleVersion.version, unique=True)

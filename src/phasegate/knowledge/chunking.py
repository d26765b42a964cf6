"""Reading help-center files (Markdown, HTML, plain text) and cutting them into sections by heading.

Pure: takes text, returns `ParsedArticle` and `Chunk` values; storage and indexing live elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import yaml

#: File suffixes read as articles, and the format each one is.
FORMATS: dict[str, str] = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
}
#: A section longer than this many words is cut into windows (with overlap) so one passage stays readable.
MAX_WORDS = 220
OVERLAP_WORDS = 40

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.S)


class ArticleParseError(ValueError):
    """A file that cannot be read as an article; the message says why."""


@dataclass(frozen=True)
class Chunk:
    """One retrievable passage: a section of an article version, with where it sits."""

    article_id: str
    title: str
    version: int
    ordinal: int
    heading_path: tuple[str, ...]
    text: str
    section: str | None = None

    @property
    def id(self) -> str:
        """Stable id of the passage: article, version and position."""
        return f"{self.article_id}@{self.version}#{self.ordinal}"

    @property
    def heading(self) -> str:
        """The heading path as one line ("Returns > Final sale"), the title when at the top."""
        return " > ".join(self.heading_path) if self.heading_path else self.title

    @property
    def indexed_text(self) -> str:
        """What retrieval reads: headings carry the topic words a short section body may lack."""
        return "\n".join([self.title, *self.heading_path, self.text])

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready form (the workspace's chunk file)."""
        return {
            "article_id": self.article_id,
            "title": self.title,
            "version": self.version,
            "ordinal": self.ordinal,
            "heading_path": list(self.heading_path),
            "text": self.text,
            "section": self.section,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Chunk:
        """The inverse of `as_dict`."""
        return cls(
            article_id=data["article_id"],
            title=data["title"],
            version=int(data["version"]),
            ordinal=int(data["ordinal"]),
            heading_path=tuple(data.get("heading_path") or ()),
            text=data["text"],
            section=data.get("section"),
        )


@dataclass(frozen=True)
class ParsedArticle:
    """An article as read from its file: title, body as Markdown, and front-matter metadata."""

    title: str | None
    body: str
    meta: dict[str, Any] = field(default_factory=dict)


def split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """YAML front matter (between `---` lines at the top) and the rest."""
    match = _FRONT.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as exc:
        raise ArticleParseError(f"front matter is not valid YAML: {exc}") from exc
    if not isinstance(meta, dict):
        raise ArticleParseError("front matter must be a mapping of fields")
    return {str(k): v for k, v in meta.items()}, text[match.end() :]


class _HtmlToMarkdown(HTMLParser):
    """Keeps headings as Markdown `#` lines and block text as paragraphs; drops scripts and styles."""

    _BLOCKS = frozenset({"p", "div", "li", "tr", "br", "section", "article", "ul", "ol", "table", "dd", "dt"})
    _SKIP = frozenset({"script", "style", "head", "nav", "footer", "template"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.heading: int | None = None
        self.skip = 0
        self.title: str | None = None
        self.in_title = False

    def _flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            prefix = "#" * self.heading + " " if self.heading else ""
            self.lines.append(prefix + text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in self._SKIP:
            self.skip += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self._flush()
            self.heading = int(tag[1])
        elif tag in self._BLOCKS:
            self._flush()
            if tag == "li":
                self.current.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in self._SKIP:
            self.skip = max(0, self.skip - 1)
        elif re.fullmatch(r"h[1-6]", tag):
            self._flush()
            self.heading = None
        elif tag in self._BLOCKS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title = (self.title or "") + data.strip()
        elif not self.skip:
            self.current.append(data)


def html_to_markdown(html: str) -> tuple[str | None, str]:
    """(the `<title>`, the body as Markdown-like text with `#` headings)."""
    parser = _HtmlToMarkdown()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.title, "\n\n".join(parser.lines)


def first_heading(body: str) -> tuple[str | None, str]:
    """The first level-1 heading as the title, and the body without it."""
    lines = body.splitlines()
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        match = _HEADING.match(line)
        if match and len(match.group(1)) == 1:
            return match.group(2).strip(), "\n".join(lines[:i] + lines[i + 1 :])
        break
    return None, body


def parse(text: str, fmt: str) -> ParsedArticle:
    """Read one file's text as an article; raises ArticleParseError when there is nothing usable."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise ArticleParseError("binary content, not text")
    meta: dict[str, Any] = {}
    title: str | None = None
    if fmt == "markdown":
        meta, body = split_front_matter(text)
        title, body = first_heading(body)
    elif fmt == "html":
        html_title, body = html_to_markdown(text)
        title, body = first_heading(body)
        title = title or html_title
    elif fmt == "text":
        meta, body = split_front_matter(text)
        lines = body.strip().splitlines()
        # A short first line followed by a blank line reads as a title in plain-text help articles.
        if len(lines) > 2 and len(lines[0]) <= 100 and not lines[1].strip():
            title, body = lines[0].strip(), "\n".join(lines[2:])
    else:
        raise ArticleParseError(f"unknown format {fmt!r}")
    if isinstance(meta.get("title"), str):
        title = meta["title"]
    if not body.strip():
        raise ArticleParseError("no text in the article body")
    return ParsedArticle(title=title, body=body.strip() + "\n", meta=meta)


def _windows(words: list[str]) -> list[str]:
    if len(words) <= MAX_WORDS:
        return [" ".join(words)]
    out, start = [], 0
    step = MAX_WORDS - OVERLAP_WORDS
    while start < len(words):
        out.append(" ".join(words[start : start + MAX_WORDS]))
        if start + MAX_WORDS >= len(words):
            break
        start += step
    return out


def sections(body: str) -> list[tuple[tuple[str, ...], str]]:
    """(heading path, text) of each non-empty section of a Markdown body; fenced code never splits."""
    out: list[tuple[tuple[str, ...], str]] = []
    path: list[tuple[int, str]] = []
    lines: list[str] = []
    fenced = False

    def close() -> None:
        text = "\n".join(lines).strip()
        if text:
            out.append((tuple(h for _, h in path), text))
        lines.clear()

    for line in body.splitlines():
        if _FENCE.match(line):
            fenced = not fenced
        match = None if fenced else _HEADING.match(line)
        if match:
            close()
            level = len(match.group(1))
            while path and path[-1][0] >= level:
                path.pop()
            path.append((level, match.group(2).strip()))
        else:
            lines.append(line)
    close()
    return out


def chunk(*, article_id: str, title: str, version: int, body: str, section: str | None = None) -> list[Chunk]:
    """The passages of one article version, in reading order."""
    chunks: list[Chunk] = []
    for heading_path, text in sections(body):
        paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
        words = " ".join(paragraphs).split()
        pieces = [text] if len(words) <= MAX_WORDS else _windows(words)
        for piece in pieces:
            chunks.append(
                Chunk(
                    article_id=article_id,
                    title=title,
                    version=version,
                    ordinal=len(chunks),
                    heading_path=heading_path,
                    text=piece,
                    section=section,
                )
            )
    return chunks

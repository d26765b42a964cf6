"""Reading articles and cutting them by heading: Markdown, HTML, plain text, front matter, long sections."""

from __future__ import annotations

import pytest

from phasegate.knowledge.chunking import ArticleParseError, Chunk, chunk, parse, sections

MARKDOWN = """---
id: returns
title: Returns
section: Orders
---
# Returns and exchanges

Intro line.

## Return window
Thirty days.

### Members
Sixty days.

## Final sale
```
# not a heading inside a fence
```
No returns.
"""


def test_markdown_front_matter_gives_id_title_and_section() -> None:
    """Front matter fields land in meta and its title wins over the H1."""
    parsed = parse(MARKDOWN, "markdown")
    assert parsed.title == "Returns"
    assert parsed.meta["id"] == "returns" and parsed.meta["section"] == "Orders"
    assert not parsed.body.startswith("# Returns")


def test_sections_keep_the_heading_path_and_ignore_fenced_hashes() -> None:
    """Each section knows its parents; a `#` line inside a code fence is text, not a heading."""
    found = sections(parse(MARKDOWN, "markdown").body)
    paths = [p for p, _ in found]
    assert paths == [(), ("Return window",), ("Return window", "Members"), ("Final sale",)]
    assert "# not a heading" in found[-1][1]


def test_chunks_carry_article_version_and_heading() -> None:
    """Chunks have ids from article, version and position, and a readable heading."""
    parsed = parse(MARKDOWN, "markdown")
    chunks = chunk(article_id="returns", title="Returns", version=3, body=parsed.body, section="Orders")
    assert [c.id for c in chunks][:2] == ["returns@3#0", "returns@3#1"]
    assert chunks[2].heading == "Return window > Members"
    assert chunks[0].heading == "Returns"
    assert "Members" in chunks[2].indexed_text and chunks[2].section == "Orders"
    assert Chunk.from_dict(chunks[2].as_dict()) == chunks[2]


def test_html_headings_become_sections_and_scripts_are_dropped() -> None:
    """HTML h1 is the title, h2s are sections, script text never reaches a passage."""
    html = (
        "<html><head><title>T</title><script>var x = 1;</script></head><body><h1>Shipping abroad</h1>"
        "<h2>Duties</h2><p>We pay <b>duties</b> to Canada.</p><ul><li>UK</li><li>EU</li></ul></body></html>"
    )
    parsed = parse(html, "html")
    assert parsed.title == "Shipping abroad"
    found = sections(parsed.body)
    assert found[0][0] == ("Duties",)
    assert "We pay duties to Canada." in found[0][1] and "- UK" in found[0][1]
    assert "var x" not in parsed.body


def test_plain_text_takes_a_short_first_line_as_title() -> None:
    """A plain-text article's first line, followed by a blank line, is its title."""
    parsed = parse("Gift cards\n\nThey never expire.\nBuy them online.\n", "text")
    assert parsed.title == "Gift cards" and parsed.body.startswith("They never expire.")


def test_long_sections_are_cut_into_overlapping_windows() -> None:
    """A section over the word limit becomes several passages that overlap."""
    body = "## Long\n" + " ".join(f"w{i}" for i in range(500))
    chunks = chunk(article_id="a", title="A", version=1, body=body)
    assert len(chunks) == 3
    assert chunks[0].text.split()[-1] in chunks[1].text.split()


@pytest.mark.parametrize(
    ("text", "fmt", "reason"),
    [
        ("", "markdown", "no text"),
        ("---\n[bad\n---\nbody", "markdown", "front matter"),
        ("a\x00b", "text", "binary"),
    ],
)
def test_unusable_files_are_refused_with_a_reason(text: str, fmt: str, reason: str) -> None:
    """Empty bodies, broken front matter and binary content raise with the reason."""
    with pytest.raises(ArticleParseError, match=reason):
        parse(text, fmt)

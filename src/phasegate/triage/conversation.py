"""The customer's words in a ticket, as the detectors and the router read them, with where each piece sits.

Only customer turns (and the subject, which the customer wrote) carry signals: an agent writing "leave us a
review" is no review threat. The subject is message index -1 in evidence spans.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from phasegate.tickets.schemas import TicketIn

#: Message index used in spans for the ticket's subject line.
SUBJECT = -1


@dataclass(frozen=True, slots=True)
class Turn:
    """One piece of customer text: its message index (SUBJECT for the subject) and its text."""

    index: int
    text: str


@dataclass(frozen=True, slots=True)
class Conversation:
    """The customer turns of one ticket in order, plus the number of turns by anyone."""

    turns: tuple[Turn, ...]
    total_messages: int = 0
    #: The same turns with quoted history and "> " lines kept, when any turn had some (else empty).
    quoted: tuple[Turn, ...] = ()

    @property
    def text(self) -> str:
        """Everything the customer wrote, subject first, one piece per line: what the router reads."""
        return "\n".join(t.text for t in self.turns)

    @property
    def messages(self) -> tuple[Turn, ...]:
        """The customer's messages without the subject."""
        return tuple(t for t in self.turns if t.index != SUBJECT)

    def as_written(self) -> Conversation:
        """The conversation with what the customer quoted left in, for the built-in safety signals (crisis,
        violence, manipulation): a brand's quoted reply holds none of those, while a customer can hide a
        threat or an instruction behind "> ", and a model drafting a reply reads quoted text too. Offsets
        are those of the message as written, as `own_words` keeps them."""
        if not self.quoted:
            return self
        return Conversation(self.quoted, self.total_messages)


def _subject_worth_reading(subject: str, first: str) -> bool:
    """A subject that only repeats the first line ("Re: Where is my order?") adds nothing."""
    s = re.sub(r"^(?:re|fw|fwd)\s*:\s*", "", subject.strip(), flags=re.IGNORECASE).lower()
    return bool(s) and s not in first.lower()


#: Where an email reply's quoted history begins; everything after is someone else's words. A mail client
#: may wrap a long attribution line ("On Tue, Mar 4, 2026 at 9:12 AM Tarn & Ridge <help@...>\nwrote:").
_QUOTE_START = re.compile(
    r"^(?:On .{5,200}(?:\n.{0,120})?wrote:\s*$|-{2,}\s*Original Message\s*-{2,}"
    r"|From:\s.+\n(?:.*\n){0,3}?(?:Sent|Date):\s)",
    re.MULTILINE | re.IGNORECASE,
)
_QUOTED_LINE = re.compile(r"^>.*$", re.MULTILINE)


def own_words(text: str) -> str:
    """The customer's own words in a message: quoted history cut, "> " lines blanked (offsets kept)."""
    m = _QUOTE_START.search(text)
    if m:
        text = text[: m.start()]
    return _QUOTED_LINE.sub(lambda q: " " * len(q.group(0)), text)


def from_ticket(ticket: TicketIn) -> Conversation:
    """The customer's turns of a ticket (subject included when it says something of its own)."""
    turns: list[Turn] = []
    written = [Turn(i, m.text) for i, m in enumerate(ticket.messages) if m.role == "customer"]
    customer = [Turn(t.index, own_words(t.text)) for t in written]
    first = customer[0].text if customer else ""
    if ticket.subject and _subject_worth_reading(ticket.subject, first):
        turns.append(Turn(SUBJECT, ticket.subject))
    quoting = any(c.text != w.text for c, w in zip(customer, written, strict=True))
    quoted = (*turns, *written) if quoting else ()
    turns.extend(customer)
    return Conversation(tuple(turns), total_messages=len(ticket.messages), quoted=quoted)


def from_texts(texts: Sequence[str]) -> Conversation:
    """A conversation of plain customer messages (tests, benchmarks)."""
    return Conversation(tuple(Turn(i, t) for i, t in enumerate(texts)), total_messages=len(texts))


#: Where a message splits into sentence-like pieces, branch by branch, each with what a text must hold for
#: it to match anywhere: a sentence mark, a line break, a semicolon, or a connector word standing whole.
_BRANCHES = (
    (r"""(?<=[.!?])\s+(?=[A-Z0-9"'(])""", ".!?"),  # end of a sentence
    (r"\s*\n+\s*", "\n"),  # a line break
    (r"\s*;\s*", ";"),  # a semicolon
    # a second ask announced mid-sentence
    (
        r"(?:,\s*|\s+)(?=(?:also|and\s+also|plus|additionally|separately|another\s+thing|one\s+more\s+thing|"
        r"oh\s+and|btw|by\s+the\s+way|p\.?s\.?)\b[\s,:])",
        "",
    ),
)
#: The last branch's words: each of its matches holds one of them as a whole word run (`lexicon.word_runs`).
_CONNECTOR_WORDS = frozenset(
    ("also", "plus", "additionally", "separately", "another", "one", "oh", "btw", "by", "p", "ps")
)
_SENTENCE = re.compile("|".join(f"(?:{b})" for b, _ in _BRANCHES), re.IGNORECASE)


def _splitter(text: str) -> re.Pattern[str] | None:
    """`_SENTENCE` with only the branches that can match somewhere in `text` (None: none can); a branch
    that matches nowhere changes no match of the alternation, and most texts rule out two or three."""
    from phasegate.triage.lexicon import words  # lexicon reads conversations: imported late

    runs = words(text)
    can = (
        any(c in text for c in ".!?"),
        "\n" in text,
        ";" in text,
        runs is None or not _CONNECTOR_WORDS.isdisjoint(runs),
    )
    return _SPLITTERS[can]


def _compile_splitters() -> dict[tuple[bool, ...], re.Pattern[str] | None]:
    out: dict[tuple[bool, ...], re.Pattern[str] | None] = {}
    for mask in range(1 << len(_BRANCHES)):
        can = tuple(bool(mask >> k & 1) for k in range(len(_BRANCHES)))
        kept = [b for (b, _), ok in zip(_BRANCHES, can, strict=True) if ok]
        out[can] = re.compile("|".join(f"(?:{b})" for b in kept), re.IGNORECASE) if kept else None
    return out


_SPLITTERS = _compile_splitters()
#: Tests switch it off to compare the splitter against the whole alternation.
PREFILTER = True


_CONNECTORS = frozenset({"and", "oh", "oh and", "so"})


def _pieces(text: str) -> Iterator[str]:
    """`_SENTENCE.split(text)`, one piece at a time (the pattern has no groups and never matches empty)."""
    pattern = _splitter(text) if PREFILTER else _SENTENCE
    if pattern is None:
        yield text
        return
    last = 0
    for m in pattern.finditer(text):
        yield text[last : m.start()]
        last = m.end()
    yield text[last:]


#: What makes a segment read as a request rather than as context ("It's been two weeks.", "I've been a
#: customer for years."): a question mark; a request word anywhere ("please", "I need", "I'd like", "can
#: you", "help"); a question's first word where a clause starts ("also is it waterproof", "and while I have
#: you, does it run small"); or a negated verb, how a problem is told ("my password doesn't work").
_ASK = re.compile(
    r"\?"
    r"|\b(?:please|pleas|pls|plz|want|wanna|need|like|help|can|could|would)\b"
    r"|(?:^|[,:;]\s*|\b(?:also|and|oh|btw|plus|so|but)\s+)"
    r"(?:is|are|am|was|were|does|do|did|has|have|will|should|may|how|what|where|when|why|which|who)\b"
    r"|\b\w+n['’]t\b|\b(?:cannot|cant|dont|doesnt|didnt|isnt|wont|wasnt|havent|hasnt|arent|wouldnt|couldnt)\b",
    re.IGNORECASE,
)


def reads_as_ask(segment: str) -> bool:
    """Whether a segment is worded as a request or a problem rather than as context (`_ASK`)."""
    return _ASK.search(segment) is not None


def segments(text: str, *, min_words: int = 3, limit: int | None = None) -> list[str]:
    """Split a message into sentence-like segments (for a second ask); short fragments join their left.
    With `limit`, the first `limit` segments, found without reading the text beyond the next one's start
    (a long email's later sentences are never read for second asks)."""
    out: list[str] = []
    carry = ""
    for piece in _pieces(text):
        piece = piece.strip()
        if not piece:
            continue
        if piece.lower() in _CONNECTORS:
            # "and also ..." splits twice; the bare "and" belongs to the ask that follows.
            carry = f"{carry} {piece}".strip()
            continue
        piece, carry = f"{carry} {piece}".strip(), ""
        if out and len(piece.split()) < min_words:
            out[-1] = f"{out[-1]} {piece}"
        else:
            if limit is not None and len(out) >= limit:
                return out  # a new segment starts: nothing joins the first `limit` again
            out.append(piece)
    return out

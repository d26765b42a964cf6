"""The writer's sign-off at the end of a message: "Best, Tomasz Kowalczyk", "Thanks,\\nCrystal", "- Priya".

A name says nothing about what the customer asks, but the router measures how much of a text it knows, and a
name it never met made a plain ask look unfamiliar: "How do I reset my password? Best, Tomasz Kowalczyk" was
ruled out of scope at 0.18 where the ask alone routes `account_access` at 0.96. The router reads a message
without it (`without_sign_off`); the detectors still read every word.

What counts, read from the end of the message:
- everything under a signature delimiter line ("-- " or "--" alone on its line, RFC 3676), whatever it holds
  ("Jane Doe / Senior Lawyer, Doe & Partners LLP" made "Where is my order?" out of scope at 0.11);
- a sign-off phrase ("Best,", "Kind regards", "Thanks so much,", "Cheers") followed by a name, on its line or
  the next: cut from the phrase on; a sign-off with no name after it is kept ("Where is it? Thanks!");
- a dash and a name ("- Priya Patel", "—A"): cut;
- a name alone (one to three capitalised words after a sentence's end or on its own line): cut only when
  none of its words is one the router knows, so "My order never arrived. Refund" keeps its ask;
- under any of those, "Sent from my iPhone", a phone number or a "City, ST" line: cut with it; and under a
  sign-off and a name, up to two short lines more (a title, a company, "Customer since 2019").
Nothing is cut when what would be left has fewer than two words.
"""

from __future__ import annotations

import re
from collections.abc import Callable

#: Phrases that close a message before the writer's name.
_SIGN_OFF = (
    r"(?:(?:best|kind|warm|warmest|many|with)\s+(?:regards|wishes|thanks)|best|regards|warmly|cheers"
    r"|sincerely|(?:yours\s+)?(?:truly|sincerely)|yours|respectfully|thanks|thank\s+you"
    r"|thanks\s+(?:again|so\s+much|a\s+lot|in\s+advance)|thank\s+you\s+(?:again|so\s+much|in\s+advance)"
    r"|thx|tia|br|all\s+the\s+best|take\s+care|talk\s+soon)"
)
_DASHES = "-–—~"
_DASH_CLASS = re.escape(_DASHES)  # the same characters inside a [...] class
#: A line that is a sign-off and what follows it on the line (perhaps a name, perhaps nothing).
_SIGN_OFF_LINE = re.compile(
    rf"[{_DASH_CLASS}\s]*{_SIGN_OFF}\b[\s,.!:;{_DASH_CLASS}]*(?P<rest>.*)", re.IGNORECASE
)
#: Lines a signature carries under the name.
_TRAILER = re.compile(
    r"(?:sent\s+from\s+my\s+.{1,40}|get\s+outlook\s+for\s+.{1,20}|\+?[\d(][\d\s().\-]{6,}"
    r"|[^\W\d_][^\W\d_ .'-]{0,30}(?:\s[^\W\d_]+){0,2},\s*(?-i:[A-Z]{2}))",  # "Austin, TX", not "ok, go"
    re.IGNORECASE,
)
_TOKEN = re.compile(r"[^\W\d_][^\W\d_'’.\-]*\.?")
#: One of these is in every sign-off phrase (lower case): a line with none is not read for one.
_SIGN_OFF_KEYS = re.compile(
    "best|regard|wish|warm|cheer|sincer|yours|truly|respect|thank|thx|tia|br|care|soon"
)
#: A sign-off phrase inside a line, and what may stand between it and the name.
_SIGN_OFF_AT = re.compile(rf"\b{_SIGN_OFF}\b")  # read in lower case (IGNORECASE costs 5x here)
_MARKS = ",.!:;" + _DASHES
_SEPARATORS = " \t" + _MARKS
#: Characters that end what comes before an inline sign-off.
_ENDS = ".!?…),;"
#: A dash and a name at the end of a line ("... purchase 00123842 - Rahul Venkataraman").
_DASHED_END = re.compile(rf"\s[{_DASH_CLASS}]+\s*(?P<name>[^{_DASH_CLASS}\n]+)$")
_WORD_AT = re.compile(r"\S+")
_DASH = re.compile(f"[{_DASH_CLASS}]")
#: The most of a message's end read for a sign-off: a signature is short.
_TAIL_CHARS = 240
#: The signature delimiter: a line of two dashes, perhaps a space (RFC 3676's "-- "), anything under it the
#: signature, read in a message's last characters only.
_DELIMITER = re.compile(r"\n--[ \t]?\r?\n")
_DELIMITED_CHARS = 800
#: Words of a name, and its most characters (with a sign-off before it on the line: the inline part read).
_MAX_NAME_WORDS = 3
_MAX_NAME_CHARS = 60
_INLINE_CHARS = 64
#: Lines under a name a signature may carry (a title, a company, "Customer since 2019"), and their length.
_MAX_TITLE_LINES = 2
_MAX_TITLE_CHARS = 40


def _name_words(text: str) -> list[str] | None:
    """The words of `text` when it is shaped like a name (one to three capitalised words or initials, nothing
    else but spaces), else None."""
    if len(text) > _MAX_NAME_CHARS:
        return None
    words = _TOKEN.findall(text)
    if not 1 <= len(words) <= _MAX_NAME_WORDS or _TOKEN.sub("", text).strip(" ,."):
        return None
    for w in words:
        core = w.rstrip(".")
        if not core[:1].isupper() or (len(core) > 1 and core.isupper()):
            return None  # "Refund" passes here; "ASAP" and "refund" do not
    return words


def _after_sign_off(rest: str) -> bool:
    """Is what follows a sign-off on its line a name (or a lower-case first name: "thanks, maria")?"""
    if _name_words(rest) is not None:
        return True
    words = _TOKEN.findall(rest)
    return len(words) == 1 and not _TOKEN.sub("", rest).strip(" ,.")


def _unknown(words: list[str], known: Callable[[str], bool]) -> bool:
    return not any(known(w.rstrip(".").lower()) for w in words if len(w.rstrip(".")) > 1)


def _cut_lines(lines: list[str], known: Callable[[str], bool]) -> int:
    """How many lines at the end are a signature (0: none)."""
    name_at: int | None = None  # lines from the end to a bare name line, waiting for a sign-off above it
    name_known = False
    titles = 0  # short lines under a name ("Customer since 2019"): cut only under a sign-off
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i].strip()
        back = len(lines) - i
        if not line:
            continue
        if name_at is None and len(line) <= _MAX_NAME_CHARS and _TRAILER.fullmatch(line):
            continue  # cut only with a name or sign-off above it
        m = _SIGN_OFF_LINE.fullmatch(line)
        if m:
            rest = m["rest"]
            if (rest and _after_sign_off(rest)) or (not rest and name_at is not None):
                return back
            return 0  # "Thanks!" alone is no signature, and what is above it is the message
        if name_at is not None:
            break
        if line[0] in _DASHES and _name_words(line.lstrip(_DASHES)) is not None:
            return back
        words = _name_words(line)
        if words is None:
            if titles < _MAX_TITLE_LINES and len(line) <= _MAX_TITLE_CHARS and not line.endswith("?"):
                titles += 1
                continue
            return 0
        name_at, name_known = back, not _unknown(words, known)
    return name_at if name_at is not None and not name_known and not titles else 0


def _cut_inline(line: str, known: Callable[[str], bool]) -> int:
    """Where a sign-off starts inside the last line ("... with that? Thanks, Crystal", "... my order - Priya
    Patel", "... track my order Tomasz"), or len(line)."""
    offset = max(len(line) - _INLINE_CHARS, 0)
    low = line[offset:].lower()
    phrases = _SIGN_OFF_AT.finditer(low) if _SIGN_OFF_KEYS.search(low) else ()
    for found in phrases:
        start, end = offset + found.start(), offset + found.end()
        after = line[end:]
        rest = after.strip(_SEPARATORS)
        if not rest:
            continue  # a sign-off with no name after it stays
        before = line[:start].rstrip()
        marked = not before or before[-1] in _ENDS or any(c in _MARKS for c in after[: after.index(rest)])
        if marked and _after_sign_off(rest):
            return start
        words = _name_words(rest)
        if words is not None and _unknown(words, known):
            return start  # "... how can I do it Many thanks Mateus Carvalho"
    m = _DASHED_END.search(line, offset) if _DASH.search(line, offset) else None
    if m and _name_words(m["name"]) is not None:
        return m.start()
    last_word = line[line.rfind(" ") + 1 :]
    return _bare_name(line, offset, known) if last_word[:1].isupper() else len(line)


def _bare_name(line: str, offset: int, known: Callable[[str], bool]) -> int:
    """Where a name the router does not know starts at the end of the line, after a sentence's end or a
    lower-case word ("... can you help me with that? Crystal Minh"), or len(line)."""
    tokens = list(_WORD_AT.finditer(line, offset))
    best = len(line)
    for k in range(1, min(_MAX_NAME_WORDS, len(tokens) - 1) + 1):
        name = tokens[-k:]
        words = _name_words(line[name[0].start() :])
        if words is None or _SIGN_OFF_AT.fullmatch(" ".join(words).lower().rstrip(".")):
            break  # "... came off. Regards" ends on a sign-off with no name
        previous = tokens[-k - 1][0]
        after_ask = previous[-1] in _ENDS or (previous.isalpha() and previous.islower())
        if after_ask and _unknown(words, known):
            best = name[0].start()
    return best


def without_sign_off(text: str, known: Callable[[str], bool]) -> str:
    """`text` without the sign-off at its end (see the module's rules); `known(word)` says whether the
    router knows a lower-case word."""
    if "--" in text:
        # Everything under a signature delimiter line is the signature (RFC 3676): "-- \nJane Doe\nSenior
        # Lawyer, Doe & Partners" made "Where is my order?" look unfamiliar (tenth session's probes).
        found = list(_DELIMITER.finditer(text, max(len(text) - _DELIMITED_CHARS, 0)))
        if found and len(_TOKEN.findall(text[: found[-1].start()])) >= 2:
            text = text[: found[-1].start()].rstrip()
    head, tail = text[:-_TAIL_CHARS], text[-_TAIL_CHARS:]
    lines = tail.rstrip().split("\n")
    cut = _cut_lines(lines, known)
    kept = lines[: len(lines) - cut] if cut else lines
    if kept:
        last = kept[-1]
        kept[-1] = last[: _cut_inline(last, known)]
    out = (head + "\n".join(kept)).rstrip()
    if out == text.rstrip():
        return text
    return out if len(_TOKEN.findall(out)) >= 2 else text

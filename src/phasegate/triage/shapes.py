"""What the signals found by shape share (triage.injuries, triage.conditions, triage.child_questions): a
marker entry of the policy's list that switches them on, a search over each reading of the text, and
widening the list's verdict (triage.other_scripts widens with it too)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from phasegate.policy.schema import Policy
from phasegate.triage.conversation import Conversation
from phasegate.triage.lexicon import words
from phasegate.triage.normalize import readings_of
from phasegate.triage.schemas import Signal, Span

#: Where a text holds a shape: (start, end, words).
Finder = Callable[[str], list[tuple[int, int, str]]]
#: A shape and its gate: the word sets a text must hold a word of each before the shape runs.
Gated = tuple[tuple[frozenset[str], ...], re.Pattern[str]]


def gated_matches(text: str, shapes: Sequence[Gated], keys: frozenset[str]) -> Iterator[re.Match[str]]:
    """Every match of the shapes whose gates the text's words open; none when it holds none of `keys` (the
    shapes' first gate words), so an ordinary text runs no shape."""
    runs = words(text)
    if runs is not None and keys.isdisjoint(runs):
        return
    for gate, shape in shapes:
        if runs is None or all(not ws.isdisjoint(runs) for ws in gate):
            yield from shape.finditer(text)


def switched_on(policy: Policy, name: str, marker: str) -> bool:
    """Whether the policy's list `name` keeps the built-in entry `marker` that switches a shape rule on: it
    does unless the brand switched the list off (`[]`) or took the marker out (`!marker`)."""
    listed = policy.keywords.get(name, ())
    # "!marker" took the entry out of the merged list (policy.schema): its absence is the whole test.
    return marker in _entries(listed)


#: Each list's entries as a set, by the list object (kept, so its id is not reused) and its length: a
#: scan of the regulated list's 500 entries for a marker near its end cost about 4 us a ticket, per rule.
_ENTRY_SETS: dict[int, tuple[Sequence[str], int, frozenset[str]]] = {}


def _entries(listed: Sequence[str]) -> frozenset[str]:
    """The list's entries, as written and stripped and lower-cased, remembered for the same list object."""
    kept = _ENTRY_SETS.get(id(listed))
    if kept is not None and kept[0] is listed and kept[1] == len(listed):
        return kept[2]
    found = frozenset(listed) | frozenset(e.strip().lower() for e in listed)
    if len(_ENTRY_SETS) > 64:  # policies come and go in a long-running server; a few are in use at once
        _ENTRY_SETS.clear()
    _ENTRY_SETS[id(listed)] = (listed, len(listed), found)
    return found


def switched_rule(
    policy: Policy, name: str, marker: str, conv: Conversation, find: Finder, label: str
) -> Signal:
    """A shape rule's own verdict: `found_in_readings` while the policy's list `name` keeps `marker`, else
    not fired."""
    if not switched_on(policy, name, marker):
        return Signal(name, 0.0, False)
    return found_in_readings(name, conv, find, label)


def found_in_readings(name: str, conv: Conversation, find: Finder, label: str) -> Signal:
    """Signal `name` fired by the first reading of the text (as written, then normalised) in which `find`
    finds anything, with evidence on the customer's own characters and `label` before the words found."""
    for reading in readings_of(conv):
        found = tuple(Span(t.index, a, b, s) for t in reading.conversation.turns for a, b, s in find(t.text))
        if found:
            evidence = reading.restore(Signal(name, 1.0, True, found)).evidence
            words = ", ".join(dict.fromkeys(repr(s.text) for s in evidence[:3]))
            return Signal(name, 1.0, True, evidence, f"{label}: {words}")
    return Signal(name, 0.0, False)


def widen(signal: Signal, shaped: Callable[[], Signal]) -> Signal:
    """The list's verdict when it fired, else the shapes' when they fire, else the list's."""
    if signal.fired:
        return signal
    other = shaped()
    return other if other.fired else signal

"""The whole reading of a ticket: router (category, calibrated confidence, second asks), signals, entities.

`analyze_many` is the throughput path: it runs the router once over every ticket and segment of a batch.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np

from phasegate.policy.schema import Policy
from phasegate.taxonomy import CATCH_ALL
from phasegate.tickets.schemas import TicketIn
from phasegate.triage import (
    air_travel,
    child_questions,
    conditions,
    conversation,
    detectors,
    elsewhere,
    entities,
    frustration,
    injuries,
    manipulation,
    other_scripts,
    sentiment,
    tasks,
    violence,
)
from phasegate.triage import scope as scope_rules
from phasegate.triage.conversation import Conversation, Turn
from phasegate.triage.router import Prediction, Router
from phasegate.triage.schemas import Analysis, Signal


def prepare(policy: Policy) -> None:
    """Compile every keyword list of `policy` and the built-in lists now (a few hundred milliseconds once):
    a worker or server calls it at start so no customer's ticket pays a pattern's first compile."""
    detectors.prepare(policy)
    frustration.prepare(policy)


def signals(conv: Conversation, policy: Policy) -> dict[str, Signal]:
    """Every signal of SIGNAL_NAMES for one conversation."""
    out = {
        "frustration": frustration.frustration(
            conv, policy.thresholds.frustration, tuple(policy.keywords.get("frustration", ()))
        )
    }
    out.update(detectors.keyword_signals(conv, policy))
    # Ages are numbers, which no phrase list spells: child-safety questions get their own shapes.
    out["regulated_topic"] = child_questions.widen(out["regulated_topic"], conv, policy)
    # Nor every condition: most are named by a medical ending ("tendinitis", "neuropathy").
    out["regulated_topic"] = conditions.widen(out["regulated_topic"], conv, policy)
    # Nor every product asked about aboard a plane: dangerous goods get theirs.
    out["regulated_topic"] = air_travel.widen(out["regulated_topic"], conv, policy)
    # Nor does it spell every hurt verb with every body part: injuries get theirs.
    out["product_harm"] = injuries.widen(out["product_harm"], conv, policy)
    if policy.keywords.get("product_harm"):  # a list switched off is off in every script
        out["product_harm"] = other_scripts.widen(out["product_harm"], conv)
    if policy.keywords.get("third_party_claim"):
        out["third_party_claim"] = other_scripts.widen(out["third_party_claim"], conv)
    # Nor the scripts it cannot split into words (Chinese, Japanese) or fold by case (Russian).
    out["legal_threat"] = other_scripts.widen(out["legal_threat"], conv)
    out["human_request"] = other_scripts.widen(detectors.human_request(conv, policy), conv)
    # The safety floor reads what the customer quoted too (`Conversation.as_written`).
    written = conv.as_written()
    out["self_harm"] = detectors.self_harm(written, policy)
    out["manipulation"] = other_scripts.widen(manipulation.manipulation(written, policy), written)
    # Nor a text task no store does ("write me a poem", "translate this into French").
    out["elsewhere"] = tasks.widen(elsewhere.elsewhere(conv, policy), conv)
    out["violence"] = violence.violence(written, policy)
    return out


#: Characters of a ticket's text the router reads: featurising costs grow with length (a 2,000-character email
#: would otherwise cost several times a typical ticket). A longer text is read as its start and its last
#: ROUTER_TAIL_CHARS: an ask is stated early, or last, after the story ("I've been a customer for years ...
#: Where is my order?"), and a thread's latest message comes last.
MAX_ROUTER_CHARS = 1_200
ROUTER_TAIL_CHARS = 300

#: Segments read for second asks; a long email's later sentences rarely open a new one, and each costs a
#: router pass.
MAX_SEGMENTS = 8
#: Of those, kept for the customer's latest message in a thread: a new ask comes last ("... actually, cancel
#: it and refund me"), after turns that would otherwise fill every segment.
LATEST_SEGMENTS = 3
#: Of a long message's segments, kept for its end (see `_head_and_tail`).
TAIL_SEGMENTS = 2
#: Customer text up to this length is read in full when a verdict is read past its context (`_past_context`):
#: an ask after a story of two pages is found; a longer text keeps the whole text's verdict.
MAX_READ_PAST_CHARS = 4_000


def _router_turns(conv: Conversation, router: Router) -> list[Turn]:
    """The turns as the router reads them (`Router.read`: without the writer's sign-off)."""
    return [Turn(t.index, router.read(t.text)) for t in conv.turns]


def _router_text(text: str) -> str:
    """What the router reads of a ticket's text: all of it up to MAX_ROUTER_CHARS; past that, its start and
    its last ROUTER_TAIL_CHARS (from a word's start), MAX_ROUTER_CHARS in all."""
    if len(text) <= MAX_ROUTER_CHARS:
        return text
    tail = text[-ROUTER_TAIL_CHARS:]
    cut = tail.find(" ")
    tail = tail[cut + 1 :] if 0 <= cut < len(tail) - 1 else tail
    return f"{text[: MAX_ROUTER_CHARS - len(tail) - 1]}\n{tail}"


def _segments(turns: Sequence[Turn]) -> list[str]:
    """The segments the router reads for second asks: the thread's messages in order (`turns` without the
    subject), up to MAX_SEGMENTS, with LATEST_SEGMENTS of them kept for the latest message when there are
    several; of the last message, when longer, its first ones and its last TAIL_SEGMENTS."""
    earlier, latest = (turns[:-1], turns[-1]) if len(turns) > 1 else (turns[:0], turns[0] if turns else None)
    budget = MAX_SEGMENTS - (LATEST_SEGMENTS if earlier and latest is not None else 0)
    segs: list[str] = []
    for turn in earlier:
        if len(segs) >= budget:
            break
        segs.extend(conversation.segments(turn.text, limit=budget - len(segs)))
    if latest is not None:
        segs.extend(_head_and_tail(latest.text, MAX_SEGMENTS - len(segs)))
    return segs if len(segs) > 1 else []


def _head_and_tail(text: str, limit: int) -> list[str]:
    """The message's segments, up to `limit`; when it has more, its first ones and its last TAIL_SEGMENTS
    (found in its last ROUTER_TAIL_CHARS, without reading the middle): an ask told after a long story."""
    head = conversation.segments(text, limit=limit + 1)
    if len(head) <= limit or limit <= TAIL_SEGMENTS:
        return head[:limit]
    # The tail's first segment may start mid-sentence: only whole segments after it count.
    tail = conversation.segments(text[-ROUTER_TAIL_CHARS:])[1:][-TAIL_SEGMENTS:]
    return head[: limit - len(tail)] + tail


#: The confidence a segment neither worded as an ask (`conversation.reads_as_ask`) nor negative needs to count
#: as a second ask: a sentence of context the router leans on ("It's been two weeks." `refund_request` 0.60,
#: "I've been a customer for years." `complaint` 0.51) is not one, while a problem told plainly is read with
#: near certainty ("Oh and it arrived broken." `damaged_item` 0.99, "I was charged twice too." 1.00) and a
#: grievance is negative ("I am not happy." `complaint` 0.86, VADER -0.46).
STATEMENT_MIN = 0.9


def _told_as_a_grievance(segment: str) -> bool:
    """Whether VADER scores a segment unhappy, by the frustration score's own bound: "I am not happy." is a
    complaint told, not context."""
    return (
        sentiment.needs_vader(segment)
        and -sentiment.vader().compound(segment) >= frustration.UNHAPPY_SENTIMENT
    )


def _secondary(
    router: Router, primary: str | None, predictions: Sequence[Prediction], segments: Sequence[str]
) -> tuple[tuple[str, float], ...]:
    """Categories other than the primary that some segment asks for confidently, best first.

    The catch-all category is never a second ask: a sentence of context ("I ordered boots last week") lands
    there, and reporting it would block autonomy for a ticket that asks one thing. For the same reason a
    segment neither worded as an ask nor negative needs STATEMENT_MIN, not the router's `secondary_min`.
    """
    found: dict[str, float] = {}
    for pred, segment in zip(predictions, segments, strict=True):
        if pred.category is None or pred.category in (primary, CATCH_ALL):
            continue
        if pred.confidence < router.config.secondary_min:
            continue
        if (
            pred.confidence >= STATEMENT_MIN
            or conversation.reads_as_ask(segment)
            or _told_as_a_grievance(segment)
        ):
            found[pred.category] = max(found.get(pred.category, 0.0), pred.confidence)
    return tuple(sorted(((c, round(p, 4)) for c, p in found.items()), key=lambda cp: -cp[1]))


#: An unplaced ask (`_unplaced_ask`) has this many words or more, and at least UNPLACED_STRANGE and this share
#: of its content words are English words the router never met.
UNPLACED_MIN_WORDS = 4
UNPLACED_STRANGE = 2
UNPLACED_UNFAMILIAR = 0.5
#: The rule needs a router that met at least this many word stems (the bundled one: 4,322): one trained on a
#: few hundred tickets never met "parcel" or "fine", and took "VIP here, fine with the bot :) where's my
#: parcel?" for an unplaced ask.
UNPLACED_MIN_VOCABULARY = 2_000
#: A question or a request, as an unplaced ask must be: a problem told ("tracking hasn't moved") is the
#: context of the ask beside it, and a router trained on few tickets knows few of its words.
_ASKED = re.compile(
    r"\?|\b(?:please|pls|can\s+(?:you|u|i)|could\s+(?:you|u|i)|help\s+me|i\s+need|i\s+want)\b", re.I
)


def _unplaced_ask(router: Router, verdicts: Sequence[Prediction], segments: Sequence[str]) -> bool:
    """Whether some segment is an ask no category claims about things the store's tickets never spoke of:
    the router finds it out of scope, it is a question or a request (`_ASKED`), it has UNPLACED_MIN_WORDS
    words or more, and at least UNPLACED_STRANGE and UNPLACED_UNFAMILIAR of its content words are English
    words the router never met (`Scope.unfamiliar`); and only for a router that met UNPLACED_MIN_VOCABULARY
    stems.

    The router reads the whole text, so a store's ask outweighed a second one it cannot place: "Where is my
    order A-12345? Can my dog eat the peanut butter treats?" went `order_status` at 1.00, autonomous, and an
    answer to the first would have left the second unanswered (2026-12-07, sixteenth session's probes). A
    follow-up the router cannot place alone ("Is there another way?", "is that right?") is made of words it
    knows, and a typo ("Has it actulaly been picekd up?") of no English words: neither counts.
    """
    scope = router.scope
    if scope is None or len(scope.vocabulary) < UNPLACED_MIN_VOCABULARY:
        return False
    for v, segment in zip(verdicts, segments, strict=True):
        if v.category is not None or not _ASKED.search(segment):
            continue
        if len(segment.split()) < UNPLACED_MIN_WORDS:
            continue
        content, strange = scope.unfamiliar(segment)
        if strange >= UNPLACED_STRANGE and strange >= UNPLACED_UNFAMILIAR * content:
            return True
    return False


def _past_context(
    router: Router,
    pred: Prediction,
    turns: Sequence[Turn],
    segments: Sequence[str],
    verdicts: Sequence[Prediction],
    middle: Sequence[str] | None,
    middle_verdicts: Sequence[Prediction],
) -> tuple[Prediction, Sequence[str], Sequence[Prediction]]:
    """The ticket's verdict read past its sentences of context: the verdict of the segment that asks for the
    whole text's best guess, when that is surer, and every other piece of the customer's text is plain context
    (`Scope.plain_context`) that no category claims, or a second ask. `middle` is what the segments leave
    unread (`_middle`: the middle of a long story, None past MAX_READ_PAST_CHARS) and `middle_verdicts` the
    router's verdicts on it; read past, it counts as segments. Returned with the segments and verdicts the
    second asks are read from.

    The scope rules and the calibrator read the whole text, so a sentence the router has no words for ("Can I
    return the sandals? They were a present from my aunt.") made a plain ask look out of scope (0.30, where
    the ask alone is in scope); and the router reads a long text's start and end only, so an ask after a long
    story was outweighed by it (Bitext's test asks after 1,300 characters of context sentences: 10% routed
    right). Text in another language, gibberish, or an ask the catch-all category is sure of ("Do you ship to
    Canada?") keep the whole text's verdict.
    """
    scope = router.scope
    unchanged = (pred, segments, verdicts)
    if scope is None or router.novelty is not None or len(segments) < 2:
        # With an encoder, the whole text's distance to the known categories is an out-of-scope rule of its
        # own, and segments are judged without it: no segment may overrule it.
        return unchanged
    target = pred.best
    if not any(v.category == target for v in verdicts):
        # No segment says what the whole text leans to: its context outweighed the ask ("I've shopped with
        # you since 2015 and recommended you to all my friends ... Can I return the boots?" leaned to
        # `refund_request`, out of scope). The one category the segments worded as asks, or told with
        # near certainty (STATEMENT_MIN, as for a second ask: "... i have bought the same item twice cancel
        # order 00123842"), name is the ask.
        asked = {
            v.category
            for v, segment in zip(verdicts, segments, strict=True)
            if v.category is not None
            and v.confidence >= router.config.secondary_min
            and (v.confidence >= STATEMENT_MIN or conversation.reads_as_ask(segment))
        }
        if len(asked) == 1:
            target = asked.pop()
    best = max((v for v in verdicts if v.category == target), key=lambda v: v.confidence, default=None)
    if best is None or best.confidence <= pred.confidence:
        return unchanged
    if any(t.index == conversation.SUBJECT and not scope.plain_context(t.text) for t in turns):
        return unchanged  # the subject is no segment: it may be plain words, and nothing else
    if middle is None:
        return unchanged  # too long to read in full: what was not read may be anything
    if middle:
        segments, verdicts = [*segments, *middle], [*verdicts, *middle_verdicts]
    for v, segment in zip(verdicts, segments, strict=True):
        if v.category == target:
            continue
        sure = v.category is not None and v.confidence >= router.config.secondary_min
        if v.category == CATCH_ALL and sure and conversation.reads_as_ask(segment):
            return unchanged  # a second ask only the catch-all names: more than context beside the ask
        if not (sure and v.category != CATCH_ALL) and not scope.plain_context(segment):
            return unchanged
    return Prediction(target, best.confidence, target, False), segments, verdicts


def _messages(turns: Sequence[Turn]) -> list[str]:
    """The customer's messages: the turns bar the subject."""
    return [t.text for t in turns if t.index != conversation.SUBJECT]


def _latest_message(turns: Sequence[Turn]) -> str | None:
    """The customer's latest message as the router reads it (`_router_text`), when there are several."""
    messages = _messages(turns)
    return _router_text(messages[-1]) if len(messages) > 1 else None


def _latest_ask(router: Router, pred: Prediction, latest: Prediction) -> Prediction:
    """The thread's verdict, or its latest message's when that names another category surely (the router's
    `secondary_min`) and more surely than the thread does: a new ask comes last. Not the catch-all: a
    follow-up ("So what are my options?") lands there, and is no new ask.

    The router reads a thread as one text, so an answered ask before it outweighed the new one: "where is my
    order TR-104231?", the agent's answer, "ok thanks", then "It finally arrived but the zipper is broken. I
    want my money back." was out of scope (0.30; the last message alone: `damaged_item` 0.85). The earlier
    ask still counts as a second ask when a sentence asks it."""
    if latest.category in (None, CATCH_ALL, pred.category):
        return pred
    if latest.confidence < router.config.secondary_min or latest.confidence <= pred.confidence:
        return pred
    return latest


def _latest_unread(router: Router, turns: Sequence[Turn]) -> bool:
    """Whether the customer's latest message, in a thread of several, is not in the router's language: it
    has MIN_WORDS words or more, too few of them known (MIN_COVERAGE) and is no plain context.

    The router reads the thread as one text, so English turns before it outweighed a last message in another
    language: "Where is my order TR-104231?", the agent's answer, then "No ha llegado nada y ya es lunes.
    Quiero hablar con un supervisor." routed `order_status` at 0.88, autonomous. The latest message is what
    an answer answers; one the router cannot read leaves no category it can be sure of."""
    scope = router.scope
    messages = _messages(turns)
    if scope is None or len(messages) < 2:
        return False
    latest = messages[-1]
    # measures_many reads the words through the scope model's memo, as plain_context does.
    (n,), _, (coverage,) = scope.measures_many([latest])
    unknown = coverage < scope_rules.MIN_COVERAGE
    return n >= scope_rules.MIN_WORDS and unknown and not scope.plain_context(latest)


def _middle(turns: Sequence[Turn], segments: Sequence[str]) -> list[str] | None:
    """The customer's segments (`turns` bar the subject) that `segments` leave unread, each once: the middle
    of a long story, which `_segments` does not read for second asks. None when the customer wrote more than
    MAX_READ_PAST_CHARS: reading it all would cost a router pass over every sentence of any length."""
    texts = _messages(turns)
    if sum(len("".join(t.split())) for t in texts) <= sum(len("".join(s.split())) for s in segments):
        return []
    if sum(map(len, texts)) > MAX_READ_PAST_CHARS:
        return None
    read = set(segments)
    return list(
        dict.fromkeys(piece for text in texts for piece in conversation.segments(text) if piece not in read)
    )


def _route(
    router: Router, texts: list[str], segments: list[str]
) -> tuple[list[Prediction], list[Prediction]]:
    """The router's verdicts on every ticket's text and on every segment of the batch.

    Each distinct text is read once: greetings, thanks and signatures ("Hi,", "Thanks so much.", "Sent from
    my iPhone") recur across a batch's segments (2,065 of 4,597 segments of a demo batch), and a text's
    verdict does not depend on what else is in the batch (tests pin it), so repeats take the first one's.
    """
    distinct = list(dict.fromkeys(texts + segments))
    if not distinct:
        return [], []
    proba, novelty = router.assess(distinct)
    at = {text: i for i, text in enumerate(distinct)}
    seg_texts = list(dict.fromkeys(segments))
    rows = [at[t] for t in texts + seg_texts]
    # One judgement call for both (each row is judged on its own): segments are judged without the
    # encoder's novelty, as they always were.
    judged = router.predictions(
        proba[rows],
        texts + seg_texts,
        np.concatenate([novelty[rows[: len(texts)]], np.zeros(len(seg_texts))]),
    )
    verdict = dict(zip(seg_texts, judged[len(texts) :], strict=True))
    return judged[: len(texts)], [verdict[s] for s in segments]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector held off for one batch, then restored as it was.

    Analysis makes many short-lived objects (readings, spans, signals) that reference counting frees, and
    the collector, triggered by their number alone, kept walking the router's and the caches' long-lived
    objects: about a fifth of a batch's CPU. Cycles made meanwhile are collected once it is back on.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def analyze_many(tickets: Sequence[TicketIn], *, router: Router, policy: Policy) -> list[Analysis]:
    """Analyse a batch; the router sees all texts and segments in one vectorised call."""
    with _collector_paused():
        return _analyze_many(tickets, router=router, policy=policy)


def _analyze_many(tickets: Sequence[TicketIn], *, router: Router, policy: Policy) -> list[Analysis]:
    convs = [conversation.from_ticket(t) for t in tickets]
    read = [_router_turns(c, router) for c in convs]
    texts = [_router_text("\n".join(t.text for t in turns)) for turns in read]
    segs = [_segments([t for t in turns if t.index != conversation.SUBJECT]) for turns in read]
    # A long story's unread middle is read in the same router pass, for `_past_context`.
    middles = [_middle(turns, ss) if ss else [] for turns, ss in zip(read, segs, strict=True)]
    # And a thread's latest message alone, for `_latest_ask`.
    latest = [_latest_message(turns) for turns in read]
    main, seg_preds = _route(
        router,
        texts + [t for t in latest if t is not None],
        [s for ss, ms in zip(segs, middles, strict=True) for s in (*ss, *(ms or ()))],
    )
    main, latest_preds = main[: len(texts)], iter(main[len(texts) :])
    out: list[Analysis] = []
    offset = 0
    for ticket, conv, turns, pred, ss, ms, last in zip(
        tickets, convs, read, main, segs, middles, latest, strict=True
    ):
        split, end = offset + len(ss), offset + len(ss) + len(ms or ())
        pred, read_ss, verdicts = _past_context(
            router, pred, turns, ss, seg_preds[offset:split], ms, seg_preds[split:end]
        )
        offset = end
        if last is not None:
            pred = _latest_ask(router, pred, next(latest_preds))
        if pred.confidence > scope_rules.SHORT_CAP and _latest_unread(router, turns):
            pred = Prediction(pred.category, scope_rules.SHORT_CAP, pred.best, pred.out_of_scope)
        # Second asks beside the final verdict: an ask read past its context is no second ask.
        secondary = _secondary(router, pred.category, verdicts, read_ss) if read_ss else ()
        if pred.confidence > scope_rules.SHORT_CAP and _unplaced_ask(router, verdicts, read_ss):
            pred = Prediction(pred.category, scope_rules.SHORT_CAP, pred.best, pred.out_of_scope)
        if not conv.text.strip():
            # No customer words (an agent-only thread, or only quoted history): nothing to route on.
            pred = Prediction(None, 0.0, pred.best, True)
        out.append(
            Analysis(
                category=pred.category,
                confidence=round(pred.confidence, 4),
                out_of_scope=pred.out_of_scope,
                secondary=secondary,
                signals=signals(conv, policy),
                entities=entities.extract(conv, policy, known_order_id=ticket.order_id),
                router_version=router.version,
                best_guess=pred.best,
            )
        )
    return out


def analyze(ticket: TicketIn, *, router: Router, policy: Policy) -> Analysis:
    """Analyse one ticket."""
    return analyze_many([ticket], router=router, policy=policy)[0]

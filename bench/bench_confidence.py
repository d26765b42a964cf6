"""Does the bundled router's confidence mean what it says on text nobody here wrote?

Bitext's test split mapped to the taxonomy (bundled/external.py): accuracy, ECE, and the share of tickets
that reach the autonomy threshold (0.80) with the wrong category; the same texts signed with unfamiliar
names, with a sentence of context about the writer's life added (confidence, out of scope, second asks), after
a long story, and with two typos each.
CLINC150's test queries (off-topic for a store): share reaching 0.80 and share called out of scope. Demo-world
tickets of another seed than the one the router was built on: how often `low_confidence` would fire.
Hand-written probes of gibberish, other languages, off-topic and too-short text
(tests/data/scope_probes.jsonl): share reaching 0.80.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path

import numpy as np

from _common import REPO, table
from phasegate.bundled import external
from phasegate.bundled.build import world_examples
from phasegate.policy.schema import Policy
from phasegate.tickets.schemas import TicketIn
from phasegate.triage.analysis import analyze_many
from phasegate.triage.router import Router, expected_calibration_error
from phasegate.triage.schemas import Analysis

AUTONOMY = 0.80

#: Names nobody in the demo world has, from many places, and the ways people sign a message: appended to
#: Bitext's test texts, they measure what an unfamiliar name at the end does to routing. The last two
#: templates are shapes `triage.signatures` does not cut (a title line, a name before a question's end).
_NAMES = (
    "Tomasz Kowalczyk",
    "Oluwaseun Adeyemi",
    "Siobhan Ni Bhriain",
    "Nguyen Thi Lan",
    "Haruto Sato",
    "Aigerim Bekova",
    "Mateus Carvalho",
    "Ingrid Solberg",
    "Rahul Venkataraman",
    "Zainab Okonkwo",
    "Dmitri Volkov",
    "Leilani Kahale",
    "Bartholomew Finch",
    "Ximena Quispe",
    "Eero Makinen",
)
_SIGN_OFFS = (
    " {first}",
    " Thanks, {first}",
    " - {full}",
    "\n\nBest,\n{first}",
    "\n\nKind regards,\n{full}",
    "\n{full}\nSent from my iPhone",
    " Cheers, {first}",
    "\n\n{full}\nCustomer since 2019",
    " Many thanks {full}",
)


def signed(texts: list[str], seed: int = 7) -> list[str]:
    """Each text with a sign-off and a name drawn from _SIGN_OFFS and _NAMES (seeded)."""
    rng = np.random.default_rng(seed)
    out = []
    for text in texts:
        full = _NAMES[rng.integers(len(_NAMES))]
        form = _SIGN_OFFS[rng.integers(len(_SIGN_OFFS))]
        out.append(text.rstrip() + form.format(first=full.split()[0], full=full))
    return out


#: Sentences of context customers add to an ask, about their lives rather than the store, written for this
#: benchmark after the rules they measure (`analysis._past_context`, `_secondary`) were set on another list.
#: Appended (or, for the last three, put first) to Bitext's test texts, they measure what a sentence of words
#: the router never met does to confidence and second asks.
_CONTEXT = (
    "My sister recommended your shop.",
    "We are flying to Lisbon on Thursday.",
    "I work shifts at the hospital so evenings are best.",
    "It was meant to be a surprise for my husband.",
    "Our toddler has been sick all week.",
    "I am writing from my daughter's laptop.",
    "The snow here has closed every road.",
    "This is for the school fundraiser.",
    "My landlord collects the parcels for the building.",
    "I retired last spring and I'm new to online shopping.",
    "Hope your weekend was good.",
    "Apologies for the typos, I'm on my phone.",
)


def with_context(texts: list[str], seed: int = 5) -> list[str]:
    """Each text with one sentence of _CONTEXT after it, or before it for one text in four (seeded)."""
    rng = np.random.default_rng(seed)
    out = []
    for text in texts:
        extra = _CONTEXT[rng.integers(len(_CONTEXT))]
        text = text.rstrip()
        if rng.random() < 0.25:
            out.append(f"{extra} {text}")
        else:
            out.append(f"{text}{'' if text[-1:] in '.?!' else '.'} {extra}")
    return out


#: Another story's sentences, longer and closer to the store (a camping trip, a broken phone, retail work),
#: written 2026-12-06 (fifth session) as a held-out check of reading past a long story, after the rule was
#: designed on _CONTEXT's failures: its first figures were unseen, later ones are not.
_OTHER_STORY = (
    "So this is a bit of a long story, bear with me.",
    "Back in September I picked up a few things for a camping trip with my brothers.",
    "We ended up driving up the coast instead because the weather turned.",
    "My partner thinks I spend too much time on these things, honestly.",
    "I've got two kids under five so my days are a blur at the moment.",
    "The neighbours have been doing building work next door for months now.",
    "I only really check my email in the evenings after the kids are asleep.",
    "My phone broke last week so I'm using my old laptop to write this.",
    "I used to work in retail myself so I know how busy it gets before the holidays.",
    "We're hosting the whole family for Christmas this year, twelve people.",
    "It has been raining nonstop here for about ten days.",
    "I'm normally really organised about this sort of thing.",
    "A friend of mine said you were good to deal with.",
    "I moved here from Poland a few years ago so sorry if my English is not perfect.",
    "Anyway I don't want to take up too much of your time.",
    "Things have been hectic since I started the new job in October.",
)


def after_a_story(
    texts: list[str], seed: int = 9, chars: int = 1_300, sentences: tuple[str, ...] = _CONTEXT
) -> list[str]:
    """Each text after a story: `sentences` in a seeded order until the story passes `chars` characters, so
    the ask comes after what the router reads of a text's start (`analysis.MAX_ROUTER_CHARS`)."""
    rng = np.random.default_rng(seed)
    out = []
    for text in texts:
        story: list[str] = []
        while sum(len(s) + 1 for s in story) < chars:
            story.append(sentences[rng.integers(len(sentences))])
        out.append(f"{' '.join(story)} {text.rstrip()}")
    return out


#: Keys beside each other on a QWERTY keyboard: the letter a slipping finger types instead.
_NEIGHBOURS = {
    a: b
    for row in ("qwertyuiop", "asdfghjkl", "zxcvbnm")
    for a, b in (*itertools.pairwise(row), *itertools.pairwise(row[::-1]))
}


def with_typos(texts: list[str], seed: int = 3, per_text: int = 2) -> list[str]:
    """Each text with `per_text` slips (seeded), each in a different word of four letters or more, never in
    its first letter: two neighbours swapped, a letter left out, doubled, or a neighbouring key typed."""
    rng = np.random.default_rng(seed)
    out = []
    for text in texts:
        words = text.split(" ")
        places = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
        for i in rng.permutation(places)[:per_text].tolist():
            w = words[i]
            j = int(rng.integers(1, len(w) - 1))
            kind = int(rng.integers(4))
            if kind == 0:
                w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
            elif kind == 1:
                w = w[:j] + w[j + 1 :]
            elif kind == 2:
                w = w[:j] + w[j] + w[j:]
            else:
                w = w[:j] + _NEIGHBOURS.get(w[j].lower(), w[j]) + w[j + 1 :]
            words[i] = w
        out.append(" ".join(words))
    return out


def analyses(router: Router, texts: list[str]) -> list[Analysis]:
    """Each text as a one-message ticket through `analyze_many`, in batches of 500."""
    tickets = [TicketIn(id=f"C-{i}", messages=[{"role": "customer", "text": t}]) for i, t in enumerate(texts)]
    out: list[Analysis] = []
    for start in range(0, len(tickets), 500):
        out.extend(analyze_many(tickets[start : start + 500], router=router, policy=Policy()))
    return out


def run(router: Router, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Best guess, category (None when out of scope) and confidence, through `analyze_many`."""
    return verdicts(analyses(router, texts))


def verdicts(out: list[Analysis]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Best guess, category (None when out of scope) and confidence of each analysis."""
    best = np.array([a.best_guess for a in out], dtype=object)
    routed = np.array([a.category for a in out], dtype=object)
    conf = np.array([a.confidence for a in out])
    return best, routed, conf


def variant_rows(
    names: tuple[str, str], found: tuple[np.ndarray, np.ndarray, np.ndarray], gold: np.ndarray
) -> list[tuple[object, ...]]:
    """The four rows of a variant of Bitext's test texts (named in full on its first row, short after)."""
    best, routed, conf = found
    ok, high = best == gold, conf >= AUTONOMY
    full, short = names
    return [
        (f"{full}: accuracy of the best guess", float(ok.mean())),
        (f"{short}: share at confidence >= 0.80", float(high.mean())),
        (f"{short}: wrong category at >= 0.80, share of all tickets", float((high & ~ok).mean())),
        (f"{short}: out of scope", float(np.equal(routed, None).mean())),
    ]


def main() -> None:
    from phasegate.bundled import ROUTER_DIR

    router = Router.load(Path(sys.argv[1]) if len(sys.argv) > 1 else ROUTER_DIR)
    rows: list[tuple[object, ...]] = []
    texts, gold_list = external.bitext("test")
    if texts:
        gold = np.array(gold_list, dtype=object)
        best, routed, conf = run(router, texts)
        ok = best == gold
        high = conf >= AUTONOMY
        rows += [
            ("Bitext test (mapped), tickets", len(texts)),
            ("Bitext: accuracy of the best guess", float(ok.mean())),
            ("Bitext: ECE (15 bins)", expected_calibration_error(conf, ok)),
            ("Bitext: share at confidence >= 0.80", float(high.mean())),
            ("Bitext: wrong category at >= 0.80, share of all tickets", float((high & ~ok).mean())),
            ("Bitext: wrong among those at >= 0.80", float((~ok[high]).mean()) if high.any() else 0.0),
            ("Bitext: out of scope", float(np.equal(routed, None).mean())),
        ]
        rows += variant_rows(
            ("Bitext signed by an unfamiliar name", "Bitext signed"),
            verdicts(analyses(router, signed(texts))),
            gold,
        )
        c_out = analyses(router, with_context(texts))
        rows += variant_rows(("Bitext + a sentence of context", "Bitext + context"), verdicts(c_out), gold)
        rows.append(
            ("Bitext + context: with a second ask", float(np.mean([bool(a.secondary) for a in c_out])))
        )
        for (long, short), story in (
            (("Bitext after a 1,300-character story", "Bitext after a story"), after_a_story(texts)),
            (
                ("Bitext after a 1,300-character story of other sentences", "Bitext after another story"),
                after_a_story(texts, seed=21, sentences=_OTHER_STORY),
            ),
        ):
            s_out = analyses(router, story)
            rows += variant_rows((long, short), verdicts(s_out), gold)
            rows.append((f"{short}: with a second ask", float(np.mean([bool(a.secondary) for a in s_out]))))
        rows += variant_rows(
            ("Bitext with two typos a text", "Bitext two typos"), run(router, with_typos(texts)), gold
        )
        off = external.clinc_off_topic("test") + external.clinc_off_topic("test", in_scope=False)
        off_out = analyses(router, off)
        _, c_routed, c_conf = verdicts(off_out)
        elsewhere = np.array([a.signals["elsewhere"].fired for a in off_out])
        rows += [
            ("CLINC150 test, off-topic queries", len(off)),
            ("CLINC150: share at confidence >= 0.80", float((c_conf >= AUTONOMY).mean())),
            ("CLINC150: out of scope", float(np.equal(c_routed, None).mean())),
            ("CLINC150: asks about another company's service (`elsewhere`)", float(elsewhere.mean())),
            (
                "CLINC150: at >= 0.80 with no out_of_scope trigger (neither rejected nor `elsewhere`)",
                float(((c_conf >= AUTONOMY) & np.not_equal(c_routed, None) & ~elsewhere).mean()),
            ),
        ]
    probes = [
        json.loads(line)
        for line in (REPO / "tests/data/scope_probes.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    _, p_routed, p_conf = run(router, [p["text"] for p in probes])
    for kind in sorted({p["kind"] for p in probes}):
        mask = np.array([p["kind"] == kind for p in probes])
        rows.append(
            (
                f"probes, {kind} ({int(mask.sum())}): share at >= 0.80",
                float((p_conf[mask] >= AUTONOMY).mean()),
            )
        )
        rows.append((f"probes, {kind}: out of scope", float(np.equal(p_routed[mask], None).mean())))
    demo_texts, demo_labels = world_examples(seed=11, scale=0.25)
    d_best, d_routed, d_conf = run(router, demo_texts)
    fired = np.not_equal(d_routed, None) & (d_conf < AUTONOMY)
    rows += [
        ("demo world seed 11 (not the build seed), tickets", len(demo_texts)),
        ("demo: accuracy of the best guess", float((d_best == np.array(demo_labels, dtype=object)).mean())),
        ("demo: low_confidence fires (category set, confidence < 0.80)", float(fired.mean())),
        ("demo: out of scope", float(np.equal(d_routed, None).mean())),
    ]
    table(["measure", "value"], rows)


if __name__ == "__main__":
    main()

"""Texts on which the keyword detectors' fast paths must read exactly as their reference paths: the
agreement corpus, every detector list's entries written plainly, inflected and obfuscated, requests for a
person, case twins, each as written and in every reading the detectors see, and long concatenations."""

from __future__ import annotations

from functools import lru_cache
from random import Random

from phasegate.policy.schema import Policy
from phasegate.triage import detectors, frustration
from phasegate.triage.lexicon import inflections
from phasegate.triage.normalize import readings
from tests.triage import corpus
from tests.triage.obfuscate import obfuscate

#: Requests for a person, one or more per built-in phrasing of detectors.HUMAN_REQUEST.
HUMAN_ASKS = (
    "can I speak to a real human please",
    "let me talk with your manager",
    "I want to get through to customer service",
    "connect me with a live agent",
    "transfer me to a supervisor",
    "put this through to someone",
    "is there an actual person there",
    "human being please",
    "gimme a person, get me a real human",
    "I demand to speak to a manager",
    "escalate this now",
    "call me back or phone me back",
    "agent please, agentplease, AGENT NOW, agent pls",
    "the service is down. AGENTPLEASE",  # "agent" glued to "please": one word run
    "agent",
    "hello\n  representative!!\nthanks",
)

#: Letters that an ignore-case pattern reads as ASCII letters ("ſ" as "s", "ı" as "i", the Kelvin sign).
CASE_TWINS = (
    "my lawyer said the ſuit and the lawſuit, a cuſtomer ıs ſued, fıre and burnıng, lawyer",
    "İ will sue, K\u212aelvin lawyers, İnjured and burned, ſpeak to a human, agent",
    "rock n' roll, it's died, its died, it s died, can't cope, can’t cope, loooove it, SOOO bad",
)


def lists() -> dict[str, tuple[str, ...]]:
    """Every keyword list the detectors match: the default policy's lists with their built-in look-alikes,
    the crisis list, and frustration's anger words."""
    policy = Policy()
    out = {name: detectors._entries(policy, name) for name in policy.keywords}
    out["self_harm"] = detectors._self_harm_entries(())
    out["anger"] = frustration._ANGER
    return out


def variants(entries: tuple[str, ...], seed: int) -> list[str]:
    """Each entry written plainly, inflected, glued to neighbours and obfuscated, inside a sentence."""
    rnd = Random(seed)
    out = []
    for raw in entries:
        entry = raw.lstrip("!")
        forms = [entry, *inflections(entry.split()[-1])[:2]]
        out.append(f"so {rnd.choice(forms)}, and {entry.upper()}-ish o'{entry} {entry}s")
        out.extend(f"well {obfuscate(rnd, entry)} then" for _ in range(3))
    return out


@lru_cache(maxsize=1)
def originals() -> tuple[str, ...]:
    """The texts as a customer writes them (not normalised)."""
    base = list(corpus.texts())
    for k, entries in enumerate(lists().values()):
        base.extend(variants(entries, k))
    rnd = Random(99)
    base.extend(HUMAN_ASKS)
    base.extend(f"hi, {obfuscate(rnd, ask)} thanks" for ask in HUMAN_ASKS for _ in range(3))
    base.extend(CASE_TWINS)
    return tuple(base)


@lru_cache(maxsize=1)
def texts() -> tuple[str, ...]:
    """The originals, every reading of them, and long concatenations (about 25 texts each)."""
    base = list(originals())
    out = base + [r.text for t in base for r in readings(t)]
    return tuple(out + [" ".join(out[i : i + 25]) for i in range(0, len(out), 25)])

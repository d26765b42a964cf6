"""The small template language customer framings are written in, and the registry of framings.

A block of framings is plain text: framings are separated by a line holding only `--`; line breaks inside a
framing are spaces, `//` is a paragraph break. Inside a framing `{slot}` is filled from the ticket's context
and `[a|b|c]` picks one alternative (`[|, really]` makes a part optional); alternatives may hold slots but
do
not nest. A framing may open with `<kind,kind>` naming the product kinds it can be about (`@group` names a
group of kinds; `@sized` and `@multicolour` ask for a product offered in several sizes or colours).
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping
from dataclasses import dataclass

_ALT = re.compile(r"\[([^\[\]]*)\]")
_SLOT = re.compile(r"\{([a-z_]+)\}")
_KINDS = re.compile(r"^<([^>]*)>\s*")

TOPS = ("rain_jacket", "insulated_jacket", "fleece", "softshell", "base_layer", "shirt")
#: Named groups of product kinds a framing can refer to.
GROUPS: dict[str, tuple[str, ...]] = {
    "tops": TOPS,
    "jackets": ("rain_jacket", "insulated_jacket", "softshell", "fleece"),
    "feet": ("boots", "trail_shoes"),
    "apparel": (*TOPS, "pants", "hat", "gloves", "socks"),
    "soft": (*TOPS, "pants", "tent", "sleeping_bag", "backpack", "daypack", "duffel"),
    "zippered": (
        "rain_jacket",
        "insulated_jacket",
        "fleece",
        "softshell",
        "pants",
        "backpack",
        "daypack",
        "duffel",
        "tent",
        "sleeping_bag",
    ),
}
#: Requirements on the product rather than on its kind.
NEEDS = ("sized", "multicolour")


@dataclass(frozen=True)
class Framing:
    """One distinct way of asking, with the situation it presumes."""

    id: str  # category/situation/NN
    category: str
    situation: str
    text: str
    kinds: tuple[str, ...] | None = None  # product kinds it can be about; None = any
    needs: frozenset[str] = frozenset()

    @property
    def slots(self) -> frozenset[str]:
        """The context keys this framing needs."""
        return frozenset(_SLOT.findall(self.text))


def parse_block(block: str) -> list[str]:
    """The framings of a text block."""
    out = []
    for chunk in re.split(r"^\s*--\s*$", block, flags=re.MULTILINE):
        lines = [line.strip() for line in chunk.strip().splitlines()]
        text = " ".join(line for line in lines if line)
        text = re.sub(r"\s*//\s*", "\n\n", text).strip()
        if text:
            out.append(text)
    return out


def build_registry(category: str, blocks: Mapping[str, str]) -> list[Framing]:
    """Framings of one category from its situation -> block mapping."""
    framings = []
    for situation, block in blocks.items():
        for n, raw in enumerate(parse_block(block), start=1):
            text, kinds, needs = _annotation(raw)
            framings.append(
                Framing(f"{category}/{situation}/{n:02d}", category, situation, text, kinds, needs)
            )
    return framings


def _annotation(raw: str) -> tuple[str, tuple[str, ...] | None, frozenset[str]]:
    match = _KINDS.match(raw)
    if match is None:
        return raw, None, frozenset()
    kinds: list[str] = []
    needs: set[str] = set()
    for name in (n.strip() for n in match.group(1).split(",")):
        if name.startswith("@") and name[1:] in NEEDS:
            needs.add(name[1:])
        elif name.startswith("@"):
            kinds.extend(GROUPS[name[1:]])
        elif name:
            kinds.append(name)
    return raw[match.end() :], (tuple(kinds) or None), frozenset(needs)


def expand(text: str, rng: random.Random) -> str:
    """Resolve every `[a|b]` choice in `text`."""
    while True:
        match = _ALT.search(text)
        if match is None:
            return text
        choice = rng.choice(match.group(1).split("|"))
        text = text[: match.start()] + choice + text[match.end() :]


def fill(text: str, context: Mapping[str, str]) -> str:
    """Fill `{slot}`s from `context`; a missing slot is a bug in the generator and raises KeyError."""
    return _SLOT.sub(lambda m: context[m.group(1)], text)


def render(text: str, context: Mapping[str, str], rng: random.Random) -> str:
    """Choices first, then slots, then tidy spacing the choices may have left."""
    out = fill(expand(text, rng), context)
    out = re.sub(r"[ \t]{2,}", " ", out)
    out = re.sub(r" +([,.?!])", r"\1", out)
    return out.strip()

"""How one person's writing differs from another's: greetings, sign-offs, context, typos, case and emoji.

Every customer has a writing style (kept across their tickets); the style decides how often each
transformation applies.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

OPENERS: tuple[str, ...] = (
    "Hi,",
    "Hi!",
    "Hello,",
    "Hello there,",
    "Hey,",
    "Hey team,",
    "Hi there!",
    "Good morning,",
    "Good afternoon,",
    "Good evening.",
    "Dear {brand},",
    "Dear Customer Service,",
    "To whom it may concern,",
    "Hi {brand} team,",
    "Hiya,",
    "Hello {brand} support,",
    "Greetings,",
    "Hey there,",
    "Morning!",
    "Hi folks,",
)

#: Chat and social openers: nobody starts a chat with "To whom it may concern".
CHAT_OPENERS: tuple[str, ...] = (
    "hi",
    "Hi",
    "hello",
    "Hello",
    "hey",
    "Hey there",
    "Hi!",
    "Morning",
    "hiya",
    "yo",
    "Hi there",
    "Good morning",
    "Hello?",
)

CLOSERS: tuple[str, ...] = (
    "Thanks!",
    "Thank you.",
    "Thanks in advance.",
    "Thank you for your help.",
    "Appreciate it.",
    "Appreciate any help.",
    "Cheers.",
    "Looking forward to hearing from you.",
    "Please let me know.",
    "Let me know, thanks.",
    "Thanks so much!",
    "Many thanks.",
    "Thank you for your time.",
    "Hope to hear back soon.",
    "Any help is appreciated!",
    "Thx",
    "ty",
    "Thanks a bunch.",
    "I appreciate your assistance.",
    "Have a good day.",
)

SIGNATURES: tuple[str, ...] = (
    "{first}",
    "- {first}",
    "Best,\n{first}",
    "Best regards,\n{full}",
    "Kind regards,\n{full}",
    "Thanks,\n{first}",
    "Regards,\n{first_initial}. {last}",
    "Cheers,\n{first}",
    "{full}",
    "Sent from my iPhone",
    "Sent from my Android phone",
    "{first}\nSent from my iPhone",
    "Warmly,\n{first}",
    "Sincerely,\n{full}",
    "{full}\n{phone}",
    "Thank you,\n{full}\n{city}, {state}",
    "-{first_initial}",
    "Get Outlook for iOS",
)

#: Context people put before the ask, in long messages.
PREAMBLES: tuple[str, ...] = (
    "I've been a customer for a few years and usually love your stuff.",
    "Sorry if this is the wrong place to ask.",
    "I tried the help center but couldn't find an answer.",
    "First time ordering from you guys.",
    "We're heading out on a family trip soon so I'm trying to get organized.",
    "Long story short, I'm trying to sort a few things out before a trip.",
    "I hope you're having a good day.",
    "My friend recommended your brand.",
    "I don't usually write in but here goes.",
    "I'm writing on behalf of my elderly mother who placed the order.",
    "I bought this for my first backpacking trip.",
    "Apologies for the long message.",
    "I read through your FAQ already.",
    "Bit of a strange one.",
    "I'm on my phone so excuse the typos.",
    "Hopefully this is an easy one.",
    "Not sure who to ask about this.",
    "I was in the middle of planning our trip when I realized something.",
    "My partner usually handles these things but they're away.",
    "We've been really happy with everything else we've bought from you.",
)

EMOJI: tuple[str, ...] = ("🙂", "😊", "🙏", "😅", "👍", "⛺", "🥾", "😩", "🤞", "❤️", "😬", "🏔️")
ANGRY_EMOJI: tuple[str, ...] = ("😡", "🤬", "😤", "🙄")

MISSPELLINGS: dict[str, tuple[str, ...]] = {
    "receive": ("recieve", "recive"),
    "received": ("recieved", "recived"),
    "address": ("adress", "addres"),
    "definitely": ("definately", "definitly"),
    "until": ("untill", "til"),
    "which": ("wich",),
    "tomorrow": ("tommorow", "tomorow"),
    "separate": ("seperate",),
    "package": ("pakage", "packege"),
    "because": ("becuase", "cuz", "bc"),
    "really": ("realy",),
    "jacket": ("jaket", "jackett"),
    "warranty": ("warrenty", "waranty"),
    "please": ("pls", "plz", "pleas"),
    "thanks": ("thx", "thanx"),
    "you": ("u",),
    "your": ("ur", "you're"),
    "are": ("r",),
    "tracking": ("traking",),
    "delivered": ("deliverd",),
    "shipping": ("shiping",),
    "refund": ("refun",),
    "exchange": ("exhange",),
    "password": ("pasword", "passowrd"),
    "account": ("acount", "accout"),
    "order": ("oder",),
    "already": ("allready", "alredy"),
    "weird": ("wierd",),
    "cancel": ("cancle",),
    "cancelled": ("canceled", "cancled"),
}
_CONTRACTIONS = re.compile(r"\b(I'm|don't|can't|won't|isn't|it's|didn't|doesn't|haven't|I've|I'd|that's)\b")


@dataclass(frozen=True)
class Style:
    """How a person writes: how often they greet, sign, misspell, skip capitals and use emoji."""

    name: str
    opener: float
    closer: float
    signature: float
    preamble: float
    typo: float  # chance per message of each typo pass
    lower: float
    emoji: float
    no_punct: float


STYLES: dict[str, Style] = {
    "formal": Style("formal", 0.95, 0.9, 0.85, 0.35, 0.03, 0.0, 0.0, 0.0),
    "plain": Style("plain", 0.6, 0.55, 0.45, 0.2, 0.12, 0.03, 0.04, 0.03),
    "casual": Style("casual", 0.45, 0.4, 0.15, 0.15, 0.3, 0.3, 0.15, 0.15),
    "sloppy": Style("sloppy", 0.2, 0.2, 0.05, 0.1, 0.75, 0.7, 0.1, 0.5),
    "terse": Style("terse", 0.05, 0.1, 0.02, 0.0, 0.2, 0.4, 0.02, 0.3),
}
STYLE_WEIGHTS: dict[str, float] = {"formal": 0.2, "plain": 0.38, "casual": 0.24, "sloppy": 0.1, "terse": 0.08}


def misspell(text: str, rng: random.Random, passes: int = 1) -> str:
    """Swap a few words for the way people actually type them, or slip a finger."""
    words = text.split(" ")
    for _ in range(passes):
        candidates = [i for i, w in enumerate(words) if w.lower().strip(".,?!") in MISSPELLINGS]
        if candidates and rng.random() < 0.7:
            i = rng.choice(candidates)
            core = words[i].lower().strip(".,?!")
            tail = words[i][len(words[i].rstrip(".,?!")) :]
            words[i] = rng.choice(MISSPELLINGS[core]) + tail
            continue
        long_words = [i for i, w in enumerate(words) if len(w) > 4 and w.isalpha()]
        if not long_words:
            continue
        i = rng.choice(long_words)
        w = words[i]
        j = rng.randrange(1, len(w) - 1)
        kind = rng.random()
        if kind < 0.4:  # transposed letters
            w = w[:j] + w[j + 1] + w[j] + w[j + 2 :]
        elif kind < 0.7:  # dropped letter
            w = w[:j] + w[j + 1 :]
        else:  # doubled letter
            w = w[:j] + w[j] + w[j:]
        words[i] = w
    return " ".join(words)


def strip_apostrophes(text: str) -> str:
    """dont, cant, im: how fast typists write contractions."""
    return _CONTRACTIONS.sub(lambda m: m.group(1).replace("'", ""), text)


def drop_punctuation(text: str) -> str:
    """Run-on writing: no full stops, no question marks (ids and amounts keep theirs)."""
    text = re.sub(r"(?<=[a-zA-Z])[.!]+(\s|$)", r" \1", text)
    text = re.sub(r"(?<=[a-zA-Z])\?+(\s|$)", r" \1", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def lower_case(text: str) -> str:
    """all lower case, ids included (people type order numbers in lower case too)."""
    return text.lower()

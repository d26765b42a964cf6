"""What the engine checks beyond the routing decision before it answers a customer alone.

Routing a ticket to the AI and letting the AI answer a customer turn by turn are different bets: a routing
decision may leave a mildly annoyed customer to an AI draft that a person sends, but an AI answering alone
must not. So the engine holds itself to a stricter bar than the policy's triggers:

- one clear frustration cue (not the two the routing threshold wants) hands off;
- a request for a person, a call, or "no more automated answers", in English or a few other languages;
- a turn it cannot read (another language, a keyboard mash): it only answers what it understood;
- text claiming authority or verification ("SYSTEM:", "I'm verified", "master code") goes to a person;
- a reply to its answer that asks nothing it can act on (“that's not what I asked”): the answer did not help;
- an order the store shows delivered that the customer says never reached them: a missing-parcel claim;
- a follow-up whose answer would repeat the last answer word for word, when it asks beyond what that answer
  covers ("and for sale items?" after the return policy; not "which carrier has it?" after tracking).

And two kinds of turns carry no ask at all and are not a contact on the issue: a bare greeting before the
customer says what they need, and a thank-you after the answer. The engine answers those in a line instead of
handing them to a person (or counting them towards the third AI contact).
"""

from __future__ import annotations

import re

from phasegate.knowledge.text import STOP_WORDS, stem, tokens
from phasegate.triage.normalize import readings


def _wordlist(text: str) -> list[str]:
    return text.split()


#: Frustration score from which the engine stops answering alone, on the triage's scale where the routing
#: threshold (policy, 0.6) wants two clear cues: one clear cue with some negativity around it is enough here.
#: A trade-off, not a truth: lower, and neutral words like "by accident" or "wrong size (my fault)" hand off.
FRUSTRATION_BAR = 0.4

#: Asking for a person, a call, or an end to automated answers. English, Spanish, French, German, Portuguese,
#: Italian; triage's own detector reads English phrasings, these add the ways it misses.
_PERSON = re.compile(
    r"|".join(
        (
            # a call: "can someone call me", "give me a call", "phone me", "ring me"
            r"\b(?:call|phone|ring|text)\s+me\b",
            r"\bgive\s+me\s+a\s+(?:call|ring)\b",
            r"\b(?:call|phone)\s+(?:me\s+)?back\b",
            # someone / a person / a human, wanted or asked for
            r"\b(?:can|could|may|would)\s+(?:i|we)\s+(?:please\s+)?(?:speak|talk|chat)\s+(?:to|with)\b",
            r"\b(?:someone|somebody|anyone|anybody)\s+(?:real|human|who\s+(?:can|could|is))\b",
            r"\b(?:a|an)\s+(?:real|actual|live)\s+(?:person|human|people|agent|rep\w*|somebody|someone|being)\b",
            r"\b(?:is|are)\s+(?:this|you|it)\s+(?:a\s+|an\s+)?(?:bot|robot|machine|ai|automated|human|"
            r"real\s+(?:person|human))\b",
            # no more automated answers
            r"\b(?:no|not|stop|enough|another|more|without|don'?t\s+(?:send|give|want))\b[^.?!\n]{0,30}"
            r"\b(?:automated|canned|scripted|robot|bot|chatbot|ai)\b",
            r"\b(?:automated|canned|scripted|bot|robot|chatbot|ai|computer|generic)\s+"
            r"(?:answer|reply|replies|response|responses|message|messages|nonsense|garbage|rubbish)\b",
            # other languages: "speak to a person / someone / an agent", "call me"
            r"\b(?:hablar|habla|hable)\s+con\s+(?:una\s+persona|un\s+humano|alguien|un\s+agente|un\s+asesor)",
            r"\b(?:persona|humano)\s+real\b|\bll[aá]m(?:e|a|en)me\b",
            r"\bparler\s+(?:à|a|avec)\s+(?:un\s+humain|une\s+personne|quelqu'un|un\s+agent|un\s+conseiller)",
            r"\b(?:appelez|appelle)[- ]moi\b|\bvraie\s+personne\b",
            r"\bmit\s+(?:einem\s+menschen|einer\s+person|jemandem|einem\s+mitarbeiter)\s+(?:sprechen|reden)",
            r"\brufen\s+sie\s+mich\b|\becht(?:en|er|e)\s+(?:person|menschen|mensch)\b",
            r"\bfalar\s+com\s+(?:uma\s+pessoa|um\s+humano|algu[eé]m|um\s+atendente)",
            r"\b(?:me\s+ligue|liguem?[- ]me)\b",
            r"\bparlare\s+con\s+(?:una\s+persona|un\s+operatore|qualcuno|un\s+umano)",
            r"\b(?:chiamatemi|mi\s+chiami)\b",
        )
    ),
    re.IGNORECASE,
)

#: Text claiming an authority or a verification it does not have. It changes nothing, and a person sees it.
MANIPULATION = re.compile(
    r"\b(?:ignore (?:all |any )?(?:previous|prior|above|earlier|your) (?:instructions|rules)|"
    r"system\s*(?:note|message|prompt|override)?\s*:|admin(?:istrator)? (?:mode|access|override)|"
    r"developer mode|i(?:'m| am) (?:already )?verified|master code|override code|bypass|jailbreak)",
    re.I,
)

#: English function words: any English sentence has some, whatever its typos. A turn of several words with
#: none is not English (or not language at all).
_ENGLISH = frozenset(
    _wordlist(
        "a an the i i'm im me my mine you your you're we our us it it's its is are was were be been "
        "am do does did don't dont not no to of in on at for with from by and or but if so this that "
        "these those what where when why how which who can could would should have has had get got "
        "just please there here"
    )
)
#: Frequent words of Spanish, French, German, Portuguese and Italian that English does not use.
_FOREIGN = frozenset(
    _wordlist(
        "el la los las del que y una por para con es mis está estoy pero muy cuando donde dónde cómo "
        "qué quiero necesito pedido hola gracias le les des du et est je ne pas une pour avec mon ma "
        "mes vous nous où quand comment bonjour merci commande voudrais suis der die das und ist "
        "nicht ich mit ein eine meine mein zu dem wo wann wie bitte danke bestellung möchte habe os "
        "da não com meu minha uma favor obrigado obrigada quero onde il lo gli di che mio mia sono "
        "dove grazie ordine vorrei"
    )
)
#: A turn of at least READ_MIN_WORDS words is not read when none is English, or when at least this share
#: is another language's frequent words and outnumbers the English ones.
FOREIGN_MIN_SHARE = 0.2
READ_MIN_WORDS = 5

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

#: Words of a bare greeting, and of a bare thank-you or acknowledgement (no ask, no complaint).
_GREETING = frozenset(
    _wordlist(
        "hi hello hey hiya heya yo howdy greetings morning afternoon evening good there team all "
        "folks guys hola buenas bonjour salut hallo servus ciao ola olá oi"
    )
)
_THANKS = frozenset(
    _wordlist(
        "thanks thank thx ty tysm cheers appreciate appreciated gracias merci danke obrigado obrigada grazie"
    )
)
_ACK = _THANKS | frozenset(
    _wordlist(
        "great perfect awesome brilliant super ok okay k kk cool received sense helpful star lovely "
        "wonderful excellent amazing fantastic sorted noted understood alright got it that's thats "
        "makes sounds good nice you you're youre a the so very much really all yes yep yeah"
    )
)
#: Words that turn a thank-you into something else ("thanks, but it still hasn't come").
_CONTRAST = frozenset(
    _wordlist(
        "but not no never nothing still however yet although though except unless again another isn't "
        "wasn't doesn't didn't don't hasn't haven't won't can't cannot"
    )
)


def words(text: str) -> list[str]:
    """The lower-cased words of a text (letters, with an inner apostrophe)."""
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def variants(text: str) -> list[str]:
    """The text as written and as the triage reads it (look-alike letters, leetspeak, spaced letters undone),
    so "c@ll m3" or "SYST3M: 1gn0re ..." read like their plain forms."""
    return [text, *(r.text for r in readings(text) if r.text != text)]


def asks_for_person(text: str) -> str | None:
    """The words asking for a person, a call or no more automated answers, or None."""
    for variant in variants(text):
        found = _PERSON.search(variant)
        if found:
            return found.group(0)
    return None


def manipulation(text: str) -> str | None:
    """The words claiming an authority or a verification the writer does not have, or None."""
    for variant in variants(text):
        found = MANIPULATION.search(variant)
        if found:
            return found.group(0)
    return None


def unreadable(text: str) -> bool:
    """A turn of several words in another language, or in no language (no English word at all)."""
    ws = words(text)
    if len(ws) < READ_MIN_WORDS:
        return False
    english = sum(w in _ENGLISH for w in ws) / len(ws)
    foreign = sum(w in _FOREIGN for w in ws) / len(ws)
    return english == 0 or (foreign >= FOREIGN_MIN_SHARE and foreign > english)


def greeting_only(text: str) -> bool:
    """A turn that only says hello."""
    ws = words(text)
    return bool(ws) and len(ws) <= 4 and all(w in _GREETING for w in ws)


def thanks_only(text: str) -> bool:
    """A turn that only thanks or acknowledges: a thank-you (or a few words of pure acknowledgement, "ok
    great"), no question, no contrast or negation, short."""
    if "?" in text:
        return False
    ws = words(text)
    if not ws or len(ws) > 12 or any(w in _CONTRAST or w.endswith("n't") for w in ws):
        return False
    return any(w in _THANKS for w in ws) or (len(ws) <= 4 and all(w in _ACK for w in ws))


def thanks_said(text: str) -> bool:
    """Whether the turn says thank you ("thanks", "cheers", "gracias"), not only "ok"."""
    return any(w in _THANKS for w in words(text))


#: "It says delivered but I never got it": the customer knows the parcel shows delivered and says it did not
#: reach them, or says it was taken or is not where it was left. "My order hasn't arrived yet" alone is not
#: it: the customer may not know it was delivered, and the tracking answer tells them.
_NOT_RECEIVED = re.compile(
    r"\b(?:never|not|didn['’]?t|did not|haven['’]?t|have not|hasn['’]?t|has not|wasn['’]?t|was not)\s+"
    r"(?:\w+\s+){0,2}?"
    r"(?:got|gotten|get|received?|arrived?|come|came|shown up|showed up|turned up)\b"
    r"|\b(?:missing|lost|not here|nothing here|nobody came|no one came|can['’]?t find it|cannot find it)\b"
    r"|\b(?:wasn['’]?t|was not|not|never)\s+(?:left|dropped off)\b",
    re.IGNORECASE,
)
#: "delivered", and as people type it ("deliverd").
_SAYS_DELIVERED = re.compile(r"\bdeliver(?:e?d)\b", re.IGNORECASE)
_GONE = re.compile(
    r"\b(?:stolen|nowhere to be found"
    r"|not\s+(?:at|on|by|in)\s+(?:my|the|our)\s+(?:door|doorstep|porch|mailbox|mail\s?room|building))\b",
    re.IGNORECASE,
)


def not_received(text: str) -> str | None:
    """The words saying a delivered parcel never reached the customer ("it says delivered but I never got
    it", "not at my door", "stolen"), or None."""
    m = _GONE.search(text)
    if m is None and _SAYS_DELIVERED.search(text):
        m = _NOT_RECEIVED.search(text)
    return m.group(0) if m else None


#: What an answer from each kind of source covers beyond its own words: "Which carrier has it?" after a
#: tracking answer, "how long do I have?" after the return policy are answered by the same facts again.
_COVERS: dict[str, frozenset[str]] = {
    kind: frozenset(stem(w) for w in words.split())
    for kind, words in {
        "store": "carrier courier company tracking track where status location scan shipped shipping "
        "shipment package parcel order number news update",
        "brand": "policy return days window long fee cost refund member club",
    }.items()
}
#: Words that narrow a question without asking anything new ("where is it right now exactly").
_FILLER = frozenset(["now", "actually", "exactly", "right", "currently", "really", "still", "anyway"])


def asks_beyond(text: str, answer: str, kinds: set[str], earlier: list[str]) -> bool:
    """Whether `text`, a follow-up to `answer` (whose facts came from sources of `kinds`), names something
    that answer does not cover: a content word or a number found neither in it, nor in what its sources
    cover, nor in the customer's `earlier` turns ("sale" in "and for sale items?", "friday" in "will it
    make it by friday?")."""
    known = {stem(w) for w in tokens(answer)}
    known.update(stem(w) for turn in earlier for w in tokens(turn))
    for kind in kinds:
        known |= _COVERS.get(kind, frozenset())
    return any(
        (w.isdigit() or (len(w) > 2 and w not in STOP_WORDS and w not in _FILLER)) and stem(w) not in known
        for w in tokens(text)
    )

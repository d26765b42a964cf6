"""What the engine checks beyond the routing decision before it answers a customer alone.

Routing a ticket to the AI and letting the AI answer a customer turn by turn are different bets: a routing
decision may leave a mildly annoyed customer to an AI draft that a person sends, but an AI answering alone
must not. So the engine holds itself to a stricter bar than the policy's triggers:

- one clear frustration cue (not the two the routing threshold wants) hands off;
- a request for a person, a call, or "no more automated answers", in English or a few other languages;
- a turn it cannot read (another language, a keyboard mash): it only answers what it understood;
- text claiming authority or verification ("SYSTEM:", "I'm verified", "master code") goes to a person;
- a reply to its answer that asks nothing it can act on (“that's not what I asked”): the answer did not help.

And two kinds of turns carry no ask at all and are not a contact on the issue: a bare greeting before the
customer says what they need, and a thank-you after the answer. The engine answers those in a line instead of
handing them to a person (or counting them towards the third AI contact).
"""

from __future__ import annotations

import re

#: Frustration score from which the engine stops answering alone: one clear cue (anger words, a demand for a
#: person, marked negativity) on the triage's scale, where the routing threshold (policy, 0.6) wants two.
FRUSTRATION_BAR = 0.25

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

#: English function words: any English sentence is full of them, whatever its typos. A turn of several words
#: with almost none is in another language or is not language at all.
_ENGLISH = frozenset(
    "a an the i i'm im me my mine you your you're we our us it it's its is are was were be been am do does "
    "did don't dont not no to of in on at for with from by and or but if so this that these those what "
    "where when why how which who can could would should have has had get got just please there here".split()
)
#: Below this share of English function words, a turn of at least READ_MIN_WORDS words is not read.
ENGLISH_MIN_SHARE = 0.12
READ_MIN_WORDS = 5

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")

#: Words of a bare greeting, and of a bare thank-you or acknowledgement (no ask, no complaint).
_GREETING = frozenset(
    "hi hello hey hiya heya yo howdy greetings morning afternoon evening good there team all folks guys "
    "hola buenas bonjour salut hallo servus ciao ola olá oi".split()
)
_ACK_CUE = frozenset(
    "thanks thank thx ty tysm cheers great perfect awesome brilliant super ok okay k kk cool received "
    "sense appreciate appreciated helpful star lovely wonderful excellent amazing fantastic sorted noted "
    "understood alright gracias merci danke obrigado obrigada grazie".split()
)
_ACK = _ACK_CUE | frozenset(
    "you you're youre a an the that that's thats this it it's so very much really lot lots bunch all for "
    "help have good nice one day weekend bye got makes sounds was is are out sorting everything again "
    "yes yep yeah indeed muchas mille vielen dank muito".split()
)


def words(text: str) -> list[str]:
    """The lower-cased words of a text (letters, with an inner apostrophe)."""
    return [w.replace("’", "'") for w in _WORD.findall(text.lower())]


def asks_for_person(text: str) -> str | None:
    """The words asking for a person, a call or no more automated answers, or None."""
    found = _PERSON.search(text)
    return found.group(0) if found else None


def unreadable(text: str) -> bool:
    """A turn of several words with almost no English function words: another language, or no language."""
    ws = words(text)
    if len(ws) < READ_MIN_WORDS:
        return False
    return sum(w in _ENGLISH for w in ws) / len(ws) < ENGLISH_MIN_SHARE


def greeting_only(text: str) -> bool:
    """A turn that only says hello."""
    ws = words(text)
    return bool(ws) and len(ws) <= 4 and all(w in _GREETING for w in ws)


def thanks_only(text: str) -> bool:
    """A turn that only thanks or acknowledges: no question, no complaint, nothing asked."""
    if "?" in text:
        return False
    ws = words(text)
    return bool(ws) and len(ws) <= 10 and any(w in _ACK_CUE for w in ws) and all(w in _ACK for w in ws)

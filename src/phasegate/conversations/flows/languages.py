"""The customer's language, for the few lines a hand-off must say in it.

The engine answers in English and hands a turn it cannot read to a person (`caution.unreadable`). The
hand-off itself is the one message every such customer gets, so it opens, for Spanish, French, German,
Portuguese and Italian, with the same promise in the customer's language; before a crisis hand-off, where to
get help comes first, in that language too.
"""

from __future__ import annotations

from phasegate.conversations.flows.caution import _ENGLISH, _wordlist, words

#: Words that tell which of five languages a customer writes in (`language`): frequent words and the words
#: of a crisis or a call for help, which a hand-off must answer in the customer's language.
LANGUAGE_WORDS: dict[str, frozenset[str]] = {
    "es": frozenset(
        _wordlist(
            "el los las del que y una por para con es mis está estoy pero muy cuando donde dónde cómo qué "
            "quiero necesito pedido hola gracias mi yo tengo puedo ayuda morir vivir matar"
        )
    ),
    "fr": frozenset(
        _wordlist(
            "le les des du et est je ne pas une pour avec mon ma mes vous nous où quand comment bonjour "
            "merci commande voudrais suis veux peux j'ai aide mourir vivre tuer"
        )
    ),
    "de": frozenset(
        _wordlist(
            "der die das und ist nicht ich mit ein eine meine mein zu dem wo wann wie bitte danke "
            "bestellung möchte habe will kann hilfe sterben leben mehr"
        )
    ),
    "pt": frozenset(
        _wordlist(
            "os não com meu minha uma favor obrigado obrigada quero onde para por que você posso ajuda "
            "morrer viver matar"
        )
    ),
    "it": frozenset(
        _wordlist(
            "il lo gli di che mio mia sono dove grazie ordine vorrei non voglio posso aiuto morire vivere "
            "uccidermi"
        )
    ),
}

#: The hand-off promise ({brand}: the brand's name), by language.
HANDOFF: dict[str, str] = {
    "es": "Paso esta conversación a una persona del equipo de {brand}, con todo lo que nos ha contado, para "
    "que no tenga que repetir nada.",
    "fr": "Je transmets cette conversation à une personne de l'équipe {brand}, avec tout ce que vous nous "
    "avez dit, pour que vous n'ayez rien à répéter.",
    "de": "Ich gebe dieses Gespräch an eine Person aus dem Team von {brand} weiter, mit allem, was Sie uns "
    "geschrieben haben, damit Sie nichts wiederholen müssen.",
    "pt": "Vou passar esta conversa para uma pessoa da equipe {brand}, com tudo o que você nos contou, para "
    "que não precise repetir nada.",
    "it": "Passo questa conversazione a una persona del team di {brand}, con tutto quello che ci ha scritto, "
    "così non dovrà ripetere nulla.",
}
#: Where to get help now, by language, before a crisis hand-off.
CRISIS: dict[str, str] = {
    "es": "Si está pensando en hacerse daño o está en peligro, llame ahora a su número local de emergencias.",
    "fr": "Si vous pensez à vous faire du mal ou si vous êtes en danger, appelez maintenant votre numéro "
    "d'urgence local.",
    "de": "Wenn Sie daran denken, sich etwas anzutun, oder in Gefahr sind, rufen Sie bitte jetzt Ihre "
    "örtliche Notrufnummer an.",
    "pt": "Se você está pensando em se machucar ou está em perigo, ligue agora para o número de emergência "
    "local.",
    "it": "Se sta pensando di farsi del male o è in pericolo, chiami subito il numero di emergenza locale.",
}


def language(text: str) -> str | None:
    """The language of LANGUAGE_WORDS a text not in English is written in ("es", "fr", "de", "pt", "it"), or
    None: at least two of its frequent words, more than of any other, and more than English words."""
    ws = words(text)
    english = sum(w in _ENGLISH for w in ws)
    counts = sorted(((sum(w in v for w in ws), k) for k, v in LANGUAGE_WORDS.items()), reverse=True)
    (best, code), (second, _) = counts[0], counts[1]
    return code if best >= 2 and best > second and best > english else None

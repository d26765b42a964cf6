"""The customer's language, for the few lines a hand-off must say in it.

The engine answers in English and hands a turn it cannot read to a person (`caution.unreadable`). The
hand-off itself is the one message every such customer gets, so it opens, for Spanish, French, German,
Portuguese and Italian (told by their frequent words), and for Chinese, Japanese, Korean, Russian, Arabic,
Hindi and Thai (told by their script), with the same promise in the customer's language; before a crisis
hand-off, where to get help comes first, in that language too.
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
    "zh": "我会把这段对话连同您告诉我们的一切转给{brand}团队的工作人员，您无需重复。",
    "ja": "この会話を、お伺いした内容とあわせて{brand}のスタッフに"
    "お引き継ぎします。同じことを繰り返していただく必要はありません。",
    "ko": "이 대화를 말씀해 주신 내용과 함께 {brand} 팀 담당자에게 "
    "전달하겠습니다. 같은 내용을 다시 말씀하실 필요가 없습니다.",
    "ru": "Я передаю этот разговор сотруднику команды {brand} вместе со всем, что вы нам написали, "
    "чтобы вам не пришлось ничего повторять.",
    "ar": "سأحوّل هذه المحادثة إلى أحد أعضاء فريق {brand} مع كل ما أخبرتنا به، حتى لا تضطر إلى تكرار أي شيء.",
    "hi": "मैं यह बातचीत आपकी बताई हर बात के साथ {brand} टीम के एक व्यक्ति को सौंप रहा हूँ, "
    "ताकि आपको कुछ भी दोबारा न बताना पड़े।",
    "th": "ฉันจะส่งต่อการสนทนานี้พร้อมทุกสิ่งที่คุณแจ้งไว้ให้เจ้าหน้าที่ของทีม {brand} เพื่อที่คุณจะไม่ต้องเล่าซ้ำ",
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
    "zh": "如果您有伤害自己的念头或正处于危险之中，请立即拨打当地的紧急求助电话。",
    "ja": "ご自身を傷つけることを考えている、または危険な状態にある場合は、"
    "今すぐ地域の緊急通報番号に電話してください。",
    "ko": "스스로를 해칠 생각이 들거나 위험한 상황이라면 지금 바로 지역 긴급 전화번호로 연락하세요.",
    "ru": "Если вы думаете о том, чтобы причинить себе вред, или находитесь в опасности, "
    "позвоните прямо сейчас по местному номеру экстренной помощи.",
    "ar": "إذا كنت تفكر في إيذاء نفسك أو كنت في خطر، فاتصل الآن برقم الطوارئ المحلي.",
    "hi": "अगर आप ख़ुद को नुकसान पहुँचाने के बारे में सोच रहे हैं या ख़तरे में हैं, तो अभी अपने स्थानीय आपातकालीन नंबर पर कॉल करें।",
    "th": "หากคุณกำลังคิดจะทำร้ายตัวเองหรือตกอยู่ในอันตราย โปรดโทรหาหมายเลขฉุกเฉินในพื้นที่ของคุณทันที",
}

#: Scripts that tell a language on their own, by code-point range (kana before Han: Japanese writes both).
SCRIPTS: tuple[tuple[str, tuple[tuple[int, int], ...]], ...] = (
    ("ja", ((0x3040, 0x30FF),)),
    ("ko", ((0xAC00, 0xD7AF), (0x1100, 0x11FF), (0x3130, 0x318F))),
    ("zh", ((0x4E00, 0x9FFF), (0x3400, 0x4DBF))),
    ("ru", ((0x0400, 0x04FF),)),
    ("ar", ((0x0600, 0x06FF),)),
    ("hi", ((0x0900, 0x097F),)),
    ("th", ((0x0E00, 0x0E7F),)),
)


def _script(text: str) -> str | None:
    """The language a text's script tells, when at least half its letters are of one listed script (a few
    look-alike letters in an English word, "lawyer" with a Cyrillic a, are not Russian); Japanese when it
    holds kana at all."""
    if text.isascii():
        return None
    letters = 0
    counts: dict[str, int] = {}
    for ch in text:
        if not ch.isalpha():
            continue
        letters += 1
        cp = ord(ch)
        for code, ranges in SCRIPTS:
            if any(lo <= cp <= hi for lo, hi in ranges):
                counts[code] = counts.get(code, 0) + 1
                break
    if not counts:
        return None
    if counts.get("ja") and counts.get("ja", 0) + counts.get("zh", 0) >= letters / 2:
        return "ja"
    code, most = max(counts.items(), key=lambda kv: kv[1])
    return code if most >= 2 and most >= letters / 2 else None


def language(text: str) -> str | None:
    """The language a text not in English is written in, or None: one of SCRIPTS told by its letters ("zh",
    "ja", "ko", "ru", "ar", "hi", "th"), else one of LANGUAGE_WORDS ("es", "fr", "de", "pt", "it") told by at
    least two of its frequent words, more than of any other, and more than English words."""
    by_script = _script(text)
    if by_script is not None:
        return by_script
    ws = words(text)
    english = sum(w in _ENGLISH for w in ws)
    counts = sorted(((sum(w in v for w in ws), k) for k, v in LANGUAGE_WORDS.items()), reverse=True)
    (best, code), (second, _) = counts[0], counts[1]
    return code if best >= 2 and best > second and best > english else None

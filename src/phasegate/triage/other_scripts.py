"""Crisis language, legal threats, harm, the police, orders to the AI and asks for a person in scripts the
keyword lists and injection shapes do not read: Chinese, Japanese, Korean, Russian, Ukrainian, Arabic,
Persian, Urdu, Hebrew, Hindi, Bengali and Thai (and Greek crisis, legal and harm words). Harm and the police
fire only while the policy's `product_harm` and `third_party_claim` lists are on.

The lists match whole words of folded, Latin-looking text. Chinese, Japanese and Thai put no space
between words, so a phrase is never a whole word there ("我真的很想死" holds "想死",
"I want to die", inside one run of letters); and folding reads Cyrillic look-alikes as Latin letters by
case ("п" reads "n", "П" stays), so a Russian phrase in capitals would miss its own folded entry. These few
phrases are matched here instead, on the text as written and ignoring case: inside a run in the scripts
without spaces (and Arabic, which joins its article to the word), from a word's start in the others (so
"поиск", "search", does not hold "иск", "lawsuit": that one is left out anyway).

A ticket in one of these scripts is already held back from autonomy (scope.ceiling: the router reads none of
it); what these add is the reason a person must read first (crisis) or the legal flag, as English gets.
Built in, like the crisis list: a policy adds words in any script to its own lists.
"""

from __future__ import annotations

import re
from functools import cache

from phasegate.triage import shapes
from phasegate.triage.conversation import Conversation
from phasegate.triage.schemas import Signal, Span

SELF_HARM: tuple[str, ...] = (
    # Chinese (simplified and traditional)
    "想死", "不想活", "自杀", "自殺", "轻生", "輕生", "活不下去", "结束自己的生命", "結束自己的生命",
    # Japanese
    "死にたい", "消えたい", "生きていたくない", "生きたくない",
    # Korean
    "죽고 싶", "죽고싶", "자살", "살고 싶지 않", "살기 싫",
    # Russian
    "хочу умереть", "не хочу жить", "покончить с собой", "покончу с собой", "самоубийств", "суицид",
    "убить себя", "убью себя",
    # Arabic
    "أريد أن أموت", "انتحار", "أنتحر", "أقتل نفسي",
    # Hindi
    "आत्महत्या", "मरना चाहता", "मरना चाहती", "खुदकुशी", "ख़ुदकुशी",
    # Thai
    "อยากตาย", "ฆ่าตัวตาย",
    # Greek (folding reads its capitals as Latin look-alikes, as it does Cyrillic): I want to die, suicide
    "θέλω να πεθάνω", "θελω να πεθανω", "αυτοκτον",
    # Ukrainian: I want to die, kill myself, suicide
    "хочу померти", "не хочу жити", "покінчити з собою", "вбити себе", "самогубств",
    # Hebrew: want to die, to kill myself, suicide
    "רוצה למות", "להתאבד", "התאבדות",
    # Persian and Urdu (Arabic script): I want to die, suicide
    "می خواهم بمیرم", "میخواهم بمیرم", "میخوام بمیرم", "خودکشی", "مرنا چاہتا", "مرنا چاہتی",
    # Bengali: I want to die, suicide
    "মরতে চাই", "আত্মহত্যা",
)  # fmt: skip

LEGAL_THREAT: tuple[str, ...] = (
    # Chinese: lawyer, sue, I'll sue you, court
    "律师", "律師", "起诉", "起訴", "告你们", "告你們", "法院",
    # Japanese: lawyer, sue, lawsuit, court case
    "弁護士", "訴える", "訴訟", "裁判",
    # Korean: lawyer, I will sue / file a complaint (not bare "고소": also "savoury"), lawsuit, court
    "변호사", "고소하겠", "고소할", "소송", "법원",
    # Russian: lawyer, to court, in court, judicial, lawsuit (case forms)
    "адвокат", "юрист", "в суд", "в суде", "судом", "судебн", "иском", "исковое",
    # Arabic: lawyer, court, lawsuit
    "محامي", "محكمة", "دعوى قضائية",
    # Arabic: I will file a suit, to file a suit, I will sue (fifteenth session's probes: "سأرفع دعوى" was not
    # read; bare "دعوى" is also "a claim" or "a call", so with the verb of filing), suing
    "سأرفع دعوى", "رفع دعوى", "أرفع دعوى", "سأقاضي", "مقاضاة",
    # Hindi: lawyer, court, lawsuit
    "वकील", "अदालत", "कोर्ट", "मुकदमा",
    # Hindi: I'll file a case (not bare "केस": a phone case)
    "केस करूंगा", "केस करूँगा", "केस कर दूंगा", "केस कर दूँगा", "केस करेंगे", "केस कर देंगे", "केस दर्ज",
    # Thai: lawyer, sue
    "ทนาย", "ฟ้อง",
    # Ukrainian (its "адвокат" is Russian's, above): to court, in court, lawsuit
    "до суду", "в суді", "позов",
    # Hebrew: I'll sue you, lawsuit, lawyer, court
    "אתבע", "תביעה", "עורך דין", "בית משפט",
    # Persian and Urdu: lawyer, court, complaint to court
    "وکیل", "دادگاه", "عدالت",
    # Bengali: lawyer, court case, court
    "উকিল", "আইনজীবী", "মামলা", "আদালত",
    # Greek: lawyer, court, lawsuit, I'll sue you
    "δικηγόρ", "δικαστήρι", "μήνυση", "μηνύσω",
    # The consumer-protection bodies a complaint goes to: Russia's, China's consumer association, Japan's
    # consumer centres, Korea's consumer agency
    "роспотребнадзор", "消协", "消费者协会", "消費者センター", "消費生活センター", "소비자원", "소비자보호원",
)  # fmt: skip

PRODUCT_HARM: tuple[str, ...] = (
    # Chinese: burn, scald, injured, cut wound, electric shock, exploded, caught fire, swallowed by mistake,
    # swallowed a battery, a magnet or one of something, emergency room (not bare "吞了": "ATM吞了我的卡", the
    # machine kept the card)
    "烧伤", "烫伤", "受伤", "割伤", "触电", "爆炸", "着火", "起火", "误吞", "吞了电池", "吞了磁铁",
    "吞了一个", "吞了一颗", "吞了一块", "吞了一枚", "吞下", "急诊",
    # Japanese: swallowed, swallowed by mistake, burn, injury, electric shock, explosion, ignition, ambulance
    "飲み込んだ", "誤飲", "火傷", "やけど", "怪我", "けがを", "感電", "爆発", "発火", "救急",
    # Korean: swallowed, burn, got hurt, injury, electric shock, explosion, caught fire, emergency room
    "삼켰", "화상", "다쳤", "부상", "감전", "폭발", "불이 났", "응급실",
    # Russian: swallowed, burn, burned, cut, injury, electric shock, exploded, caught fire, ambulance
    "проглоти", "ожог", "обжёг", "обжег", "обожгл", "порезал", "травм", "ударило током", "взорвал",
    "загорелся", "загорелась", "скорую",
    # Arabic: swallowed, burns, injury, electric shock, exploded, hospital
    "ابتلع", "حروق", "إصابة", "صعق", "انفجر", "مستشفى",
    # Hindi: swallowed, burned, injury, electric shock, exploded, hospital
    "निगल", "जल गया", "जल गई", "चोट", "करंट", "फट गया", "अस्पताल",
    # Greek: I got burned, injury, swallowed, exploded, hospital
    "κάηκα", "τραυματ", "κατάπιε", "εξερράγη", "νοσοκομείο",
)  # fmt: skip

MANIPULATION: tuple[str, ...] = (
    # Chinese: ignore the previous / above / all / your instructions, system prompt (not "忽略之前的邮件",
    # "ignore my previous email")
    "忽略之前的指令", "忽略之前的所有指令", "忽略以上指令", "忽略所有指令", "忽略你的指令", "无视之前的指令",
    "无视所有指令", "系统提示词",
    # Japanese and Korean: ignore the instructions, system prompt
    "指示を無視", "システムプロンプト", "지시를 무시", "시스템 프롬프트",
    # ... with "all" between (tenth session's probes: "以前の指示をすべて無視して",
    # "이전 지시를 모두 무시하고"), and the words for rules and orders
    "指示をすべて無視", "指示を全て無視", "命令を無視", "ルールを無視", "지시를 모두 무시", "지시사항을 무시",
    "지침을 무시", "명령을 무시",
    # Russian: ignore the previous / all, forget all instructions, system prompt (not "я прочитал все
    # инструкции", "I read all the instructions")
    "игнорируй предыдущие", "игнорируйте предыдущие", "игнорируй все", "игнорируйте все",
    "забудь все инструкции", "системный промпт",
    # Arabic: ignore the instructions; Hindi: ignore the previous instructions
    "تجاهل التعليمات", "تجاهل جميع التعليمات", "पिछले निर्देशों को अनदेखा",
    # Hindi: ignore the instructions, with "all" or "previous all" between ("पिछले सभी निर्देशों को अनदेखा")
    "निर्देशों को अनदेखा", "निर्देशों को नज़रअंदाज़", "निर्देशों को नजरअंदाज",
)  # fmt: skip

#: The police called or told (the English list's "to the police"; twelfth session's probes: "Я вызову
#: полицию", "私は警察に通報します"): fires only while the policy's `third_party_claim` list is on.
THIRD_PARTY_CLAIM: tuple[str, ...] = (
    # Chinese: call the police, police; Japanese: police; Korean: police
    "报警", "報警", "警察", "경찰",
    # Russian and Ukrainian: police (case forms)
    "полици", "поліці",
    # Arabic, Persian and Urdu: police; Hebrew: police; Hindi: police; Thai: police; Greek: police
    "الشرطة", "شرطة", "پلیس", "پولیس", "משטרה", "पुलिस", "ตำรวจ", "αστυνομ",
)  # fmt: skip

HUMAN_REQUEST: tuple[str, ...] = (
    # Chinese: human agent, human customer service, transfer to a person, I want to talk to a person
    "人工客服", "转人工", "轉人工", "真人客服", "找人工", "和真人", "跟真人",
    # Japanese: I want to talk to a person / an operator, a person in charge
    "人間と話", "オペレーターと話", "オペレーターにつない", "担当者と話", "担当者につない",
    # Korean: connect me to an agent, talk to a person
    "상담원 연결", "상담원과 통화", "상담원이랑", "사람과 통화", "사람이랑 얘기",
    # Russian: talk to an operator / a person / a live person
    "поговорить с оператором", "поговорить с человеком", "поговорить с живым", "связаться с оператором",
    "соедините с оператором", "позовите оператора", "позовите человека",
    # Arabic: talk to an employee / a person / customer service
    "التحدث مع موظف", "التحدث مع شخص", "التحدث مع إنسان", "أكلم موظف",
    # (and with "إلى", "to": "أريد التحدث إلى موظف", thirteenth session's probes)
    "التحدث إلى موظف", "التحدث إلى شخص", "التحدث إلى إنسان", "التحدث الى موظف",
    # Hindi: talk to a person / an agent
    "किसी इंसान से बात", "एजेंट से बात", "किसी व्यक्ति से बात",
)  # fmt: skip

#: Scripts written without spaces between words: a phrase may stand anywhere inside a run of letters.
#: Arabic too: its article and prepositions are written joined to the word ("المحكمة", "the court").
_UNSPACED = re.compile(r"[\u0600-\u06ff\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")

PHRASES: dict[str, tuple[str, ...]] = {
    "self_harm": SELF_HARM,
    "legal_threat": LEGAL_THREAT,
    "manipulation": MANIPULATION,
    "product_harm": PRODUCT_HARM,
    "human_request": HUMAN_REQUEST,
    "third_party_claim": THIRD_PARTY_CLAIM,
}


@cache
def _pattern(name: str) -> re.Pattern[str]:
    """One signal's phrases as one pattern: from a word's start unless the phrase's script has no spaces."""
    parts = [
        re.escape(p) if _UNSPACED.match(p) else r"(?<![^\W\d_])" + re.escape(p)
        for p in sorted(PHRASES[name], key=len, reverse=True)
    ]
    return re.compile("|".join(parts), re.IGNORECASE)


@cache
def _letters(name: str) -> re.Pattern[str]:
    """Any character, ignoring case, of one signal's phrases outside Latin (every phrase holds one, a test
    checks): a text with none, such as English with a curly apostrophe or an em dash, holds no phrase, and
    this one class is far cheaper to look for than the alternation of all the phrases."""
    chars = sorted({c for p in PHRASES[name] for c in p if ord(c) >= _NOT_LATIN})
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]", re.IGNORECASE)


#: Where the scripts of PHRASES begin: Greek is the first block after Latin's.
_NOT_LATIN = 0x370


def spans(name: str, text: str) -> list[tuple[int, int, str]]:
    """Where `text` holds a phrase of signal `name` (a key of PHRASES), as (start, end, words)."""
    if text.isascii() or not _letters(name).search(text):
        return []
    return [(m.start(), m.end(), m.group(0)) for m in _pattern(name).finditer(text)]


def found(name: str, conv: Conversation) -> tuple[Span, ...]:
    """Every phrase of signal `name` in the conversation's turns, on the customer's own characters."""
    return tuple(Span(t.index, a, b, s) for t in conv.turns for a, b, s in spans(name, t.text))


def _signal(name: str, conv: Conversation) -> Signal:
    hits = found(name, conv)
    if not hits:
        return Signal(name, 0.0, False)
    words = ", ".join(dict.fromkeys(repr(s.text) for s in hits[:3]))
    return Signal(name, 1.0, True, hits, f"matched: {words}")


def widen(signal: Signal, conv: Conversation) -> Signal:
    """A signal that did not fire, fired by a phrase in another script when the text holds one."""
    return shapes.widen(signal, lambda: _signal(signal.name, conv))

"""A customer writing Spanish, French, German, Portuguese or Italian gets the hand-off's promise (and, in a
crisis, where to get help) in that language first, then the English message as before."""

from __future__ import annotations

import pytest

from phasegate.conversations.flows import languages
from tests.conversations.conftest import ANA, SAMPLE_AT, NewChat

T = SAMPLE_AT


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("¿Dónde está mi pedido TR-100101? Quiero hablar con una persona.", "es"),
        ("Où est ma commande ? Je veux parler à un humain, merci", "fr"),
        ("Wo ist meine Bestellung? Ich will mit einem Menschen sprechen.", "de"),
        ("Onde está o meu pedido? Quero falar com uma pessoa, obrigado", "pt"),
        ("Dove è il mio ordine? Vorrei parlare con una persona, grazie", "it"),
        ("quiero morir", "es"),
        ("ich will sterben", "de"),
        ("我的订单在哪里？我想和人工客服说话", "zh"),
        ("注文した商品がまだ届きません", "ja"),
        ("주문한 상품이 아직 도착하지 않았어요", "ko"),
        ("ГДЕ МОЙ ЗАКАЗ? Хочу поговорить с человеком", "ru"),
        ("أين طلبي؟ أريد التحدث مع شخص", "ar"),
        ("मेरा ऑर्डर कहाँ है?", "hi"),
        ("คำสั่งซื้อของฉันอยู่ที่ไหน", "th"),
    ],
)
def test_the_language_of_a_turn_not_in_english(text: str, lang: str) -> None:
    """Two or more of a language's frequent words, more than of another language and than English ones."""
    assert languages.language(text) == lang


@pytest.mark.parametrize(
    "text",
    [
        "Where is my order TR-100101?",
        "Hola, where is my order?",
        "Order status pls, gracias",
        "can you help me with my order, the la la land dvd",
        "",
        "my l\u0430wyer will call you",  # one Cyrillic look-alike letter: English, not Russian
        "Where is my order? I bought the 抹茶 tea set",
    ],
)
def test_english_with_a_foreign_word_is_english(text: str) -> None:
    """An English turn with a greeting or a thank-you in another language is not called that language."""
    assert languages.language(text) is None


def test_a_spanish_customer_hears_the_hand_off_in_spanish_then_english(new_chat: NewChat) -> None:
    """The Spanish promise opens the hand-off after the disclosure, and the English message follows whole."""
    chat = new_chat("L-1", customer=ANA)
    reply = chat.say("¿Dónde está mi pedido TR-100101? Quiero hablar con una persona.", now=T)
    assert chat.escalated_at == 1 and reply is not None
    spanish = languages.HANDOFF["es"].format(brand="Tarn & Ridge")
    assert spanish in reply.text
    assert reply.text.index(spanish) < reply.text.index("I'm passing this conversation to a person")


def test_a_crisis_in_spanish_says_where_to_get_help_in_spanish_first(new_chat: NewChat) -> None:
    """Before anything else the customer reads where to get help now, in their language."""
    chat = new_chat("L-2", customer=ANA)
    reply = chat.say("quiero morir, ya no aguanto más", now=T)
    assert reply is not None and "never_autonomous" in {t.code for t in chat.triggers}
    crisis = languages.CRISIS["es"]
    after_disclosure = reply.text.split("at any time. ", 1)[-1]
    assert after_disclosure.startswith(crisis)
    assert "988" in reply.text  # the brand's own resources still follow


def test_a_crisis_in_chinese_says_where_to_get_help_in_chinese_first(new_chat: NewChat) -> None:
    """A script the engine cannot read still gets where to get help in the customer's language first."""
    chat = new_chat("L-4", customer=ANA)
    reply = chat.say("我的订单在哪里？我真的很想死", now=T)
    assert reply is not None and "never_autonomous" in {t.code for t in chat.triggers}
    after_disclosure = reply.text.split("at any time. ", 1)[-1]
    assert after_disclosure.startswith(languages.CRISIS["zh"])
    assert languages.HANDOFF["zh"].format(brand="Tarn & Ridge") in reply.text


def test_every_language_has_both_lines() -> None:
    """Each language with a hand-off promise also says where to get help, and the promise names the brand."""
    assert set(languages.HANDOFF) == set(languages.CRISIS)
    assert all("{brand}" in line for line in languages.HANDOFF.values())


def test_an_english_hand_off_is_unchanged(new_chat: NewChat) -> None:
    """No line in another language for an English customer."""
    chat = new_chat("L-3", customer=ANA)
    reply = chat.say("Where is my order TR-100101? Can someone just call me?", now=T)
    assert reply is not None and chat.escalated_at == 1
    assert not any(line.format(brand="Tarn & Ridge") in reply.text for line in languages.HANDOFF.values())

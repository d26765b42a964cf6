"""Asks about another company's or institution's account, order or service, which the store cannot act on.

A router trained on a store's tickets reads "How do I reset my gmail password?" as `account_access`, "where is
my amazon order" as `order_status` and "what is the return policy at target" as `return_policy`, each at a
confidence near 1: the words are the store's words. The ask is not the store's, and an AI that answers it
alone answers about an account, order or policy it knows nothing of. The `elsewhere` signal fires on such an
ask, and the policy chain turns it into an `out_of_scope` trigger naming the words.

What fires is a shape, never a name alone ("I paid with my bank card", "the iPhone case I ordered" and "the
Amazon driver left it at the door" stay quiet):
- a name and a noun of its own: "gmail password", "amazon order", "netflix subscription", "wifi password";
- a noun, a preposition and a name: "return policy at target", "address with the post office", "password for
  my router", "address book on my iPhone";
- bought somewhere else: "something I bought at walmart", "ordered it from ebay";
- getting into something else: "can't log into my gmail", "sign in to netflix";
- a thing that is nobody's store business: "tax refund", "parking ticket", "library card".

Which nouns a name takes depends on its kind: a store's refund goes "to my bank" and a customer signs in
"with google", so a bank takes only its own credentials and products, an e-mail provider only its password.
A brand that sells through a marketplace takes the name out with the policy's `keywords.elsewhere`
("!amazon"); names added there are read as other businesses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from phasegate.policy.schema import Policy
from phasegate.triage.conversation import Conversation
from phasegate.triage.lexicon import aligned_lower, words
from phasegate.triage.schemas import Signal, Span

NAME = "elsewhere"

#: Shops and marketplaces: their orders, returns and accounts are theirs.
SHOPS = (
    "amazon", "ebay", "etsy", "walmart", "target", "costco", "aliexpress", "alibaba", "temu", "shein",
    "wish.com", "best buy", "bestbuy", "home depot", "lowe's", "lowes", "ikea", "wayfair", "macy's", "kohl's",
    "nordstrom", "sephora", "ulta", "kroger", "safeway", "whole foods", "trader joe's", "aldi", "lidl",
    "tesco", "asda", "sainsbury's", "morrisons", "argos", "currys", "john lewis", "marks and spencer",
    "zalando", "asos", "zara", "h&m", "uniqlo", "gap.com", "old navy", "nike.com", "jd sports", "flipkart",
    "rakuten", "mercado libre", "otto", "bol.com", "allegro", "instacart", "facebook marketplace",
    "craigslist", "poshmark", "depop", "vinted", "mercari", "stockx", "chewy", "dollar tree", "cvs",
    "walgreens", "boots", "apple store", "app store", "google play", "play store", "microsoft store",
)  # fmt: skip
#: Services with accounts, plans and deliveries of their own.
SERVICES = (
    "netflix", "spotify", "hulu", "disney+", "disney plus", "hbo max", "hbo", "paramount+", "peacock",
    "youtube", "youtube premium", "youtube tv", "amazon prime", "prime video", "audible", "kindle unlimited",
    "apple music", "apple tv", "apple tv+", "twitch", "patreon", "xbox live", "game pass", "playstation plus",
    "psn", "steam", "epic games", "fortnite", "roblox", "minecraft", "nintendo online", "tinder", "bumble",
    "hinge", "zoom", "dropbox", "onedrive", "slack", "uber", "uber eats", "ubereats",
    "lyft", "doordash", "grubhub", "postmates", "deliveroo", "just eat", "seamless", "airbnb", "expedia",
    "booking.com", "hotels.com", "verizon", "at&t", "t-mobile", "comcast", "xfinity", "vodafone",
    "virgin media", "duolingo", "chatgpt", "openai", "peloton", "fitbit", "gym", "weight watchers",
    "airline", "the airline", "airlines", "hotel", "car rental", "rental car company", "cruise line",
)  # fmt: skip
#: Social networks: a store answers on them ("your instagram account", "support via twitter"), so only a
#: customer's own account there counts.
SOCIAL = (
    "facebook", "instagram", "tiktok", "snapchat", "whatsapp", "twitter", "linkedin", "reddit", "discord",
    "pinterest", "youtube channel", "threads", "bluesky", "telegram", "wechat",
)  # fmt: skip
#: E-mail and cloud identities: a store customer signs in "with google" or gives "my gmail address", so
#: only their own credentials count.
IDENTITIES = (
    "gmail", "google", "google account", "hotmail", "outlook", "yahoo", "yahoo mail", "aol", "icloud",
    "apple id", "microsoft account", "microsoft", "proton mail", "protonmail",
)  # fmt: skip
#: Banks and money apps: refunds go to them ("back to my bank", "on my bank statement"), so only their
#: credentials and their own products count.
BANKS = (
    "bank", "credit union", "chase", "wells fargo", "bank of america", "citibank", "citi",
    "capital one", "barclays", "hsbc", "lloyds", "natwest", "santander", "monzo", "revolut", "chime", "venmo",
    "cash app", "cashapp", "zelle", "coinbase", "robinhood", "binance", "paypal", "debit card", "credit card",
    "bank card", "atm card", "checking account", "savings account",
)  # fmt: skip
#: Public bodies, schools, landlords: an address, an account, a refund with them is theirs.
INSTITUTIONS = (
    "irs", "hmrc", "dmv", "dvla", "social security", "post office", "passport office", "tax office", "uscis",
    "centrelink", "government", "council", "school", "university", "college", "library", "employer",
    "landlord", "electoral roll", "voter registration", "driving licence", "driving license",
    "driver's license",
    "drivers license", "driver license", "passport", "insurance company", "insurer", "utility company",
    "electric company", "phone company", "internet provider", "isp", "cable company",
)  # fmt: skip
#: Devices and home networks: their passcodes and address books are no store account.
DEVICES = (
    "wifi", "wi-fi", "router", "modem", "iphone", "ipad", "android", "android phone", "samsung phone",
    "phone", "cell phone", "mobile phone", "laptop", "computer", "pc", "mac", "macbook", "tablet", "tv",
    "smart tv", "printer", "alexa", "kindle", "xbox", "playstation", "ps5", "ps4", "nintendo switch",
    "apple watch", "smartwatch", "network",
)  # fmt: skip
#: Things that are nobody's store business whatever words stand around them.
STANDALONE = (
    "tax refund", "tax refunds", "tax return", "tax returns", "stimulus check", "stimulus payment",
    "student loan", "student loans", "parking ticket", "parking fine", "speeding ticket", "council tax",
    "library book", "library books", "library card", "unemployment benefits", "car insurance",
    "home insurance", "renters insurance", "life insurance",
    # Government agencies no shop deals for: "the DMV sent my license to the wrong address" (2026-12-06,
    # eighth session). Not the post office, which carries a store's parcels.
    "irs", "hmrc", "dmv", "dvla", "uscis", "social security", "centrelink", "passport office", "tax office",
    "electoral roll", "voter registration",
    # Phone, power and internet companies by what they are ("my phone carrier charged me twice", last
    # session's noted miss; not bare "carrier", the store's courier) and power and water bills (not a phone
    # bill: "my phone bill shows a charge from your store" is the store's charge, billed by the carrier).
    "phone carrier", "mobile carrier", "cell carrier", "cellular carrier", "wireless carrier",
    "phone provider", "mobile provider", "cell provider", "cell phone provider", "electric bill",
    "electricity bill", "gas bill", "water bill",
)  # fmt: skip

#: Names that are also common words ("the target date", "chase up my order"): read only after a preposition
#: ("return policy at target", "bought it from target") or as a possessive ("target's return policy").
_PLAIN_WORDS = frozenset(
    {
        "target", "otto", "chase", "chime", "citi", "gym", "network", "threads", "boots", "peacock",
        "seamless", "steam", "zoom", "discord", "hinge", "twitch", "audible",
    }
)  # fmt: skip

#: Payment and shipping methods a store itself uses: a name followed by one of these is the store's business.
_STORE_METHODS = (
    r"(?:pay|wallet|locker|lockers|hub|logistics|gift\s+cards?|checkout|login\s+button|sign[\s-]?in)"
)

#: Not "login": "google login" and "log in with facebook" are how customers sign in to the store.
_CREDENTIALS = (
    "password", "passwords", "passcode", "pin", "pin code", "pin number", "username", "user name", "2fa",
    "two-factor", "two factor", "verification code", "security code",
)  # fmt: skip
#: The nouns a name of each kind takes as its own.
_NOUNS: dict[str, tuple[str, ...]] = {
    "shop": (
        *_CREDENTIALS, "order", "orders", "package", "packages", "parcel", "delivery", "purchase",
        "return policy", "returns policy", "refund policy", "return", "returns", "refund", "account", "app",
        "customer service", "support", "store", "membership", "subscription", "seller", "cart", "wishlist",
        "card", "points", "listing", "listings", "return window", "returns window", "return period",
        "exchange policy", "price match", "warranty", "address", "shipping address", "delivery address",
        "hours", "opening hours", "opening times", "close", "closes", "open", "opens",
    ),
    "service": (
        *_CREDENTIALS, "account", "subscription", "membership", "order", "orders", "delivery", "driver",
        "refund", "app", "plan", "premium", "bill", "billing", "customer service", "support", "profile",
        "trial",
    ),
    "social": (*_CREDENTIALS, "account", "profile"),
    "identity": (*_CREDENTIALS, "storage", "recovery", "account recovery", "backup"),
    "bank": (
        *_CREDENTIALS, "online banking", "loan", "mortgage", "overdraft", "interest rate", "savings",
        "branch", "atm", "credit limit",
    ),
    "institution": (
        *_CREDENTIALS, "account", "refund", "appointment", "portal", "form", "fees", "tuition", "bill",
        "letter", "address", "renewal", "application", "records", "registration",
    ),
    "device": (
        "password", "passwords", "passcode", "pin", "pin code", "lock screen", "screen lock", "address book",
        "contacts", "wallpaper", "storage", "face id", "screen time", "ip address", "network name", "ssid",
    ),
}  # fmt: skip
#: Nouns read only right after a name ("amazon app", "uber driver"): before one they are the store's ("your
#: app on the app store", "the card on my paypal").
_AFTER_NAME_ONLY = frozenset(
    {
        "app", "card", "points", "store", "wishlist", "cart", "plan", "premium", "profile", "trial", "driver",
        "close", "closes", "open", "opens",
    }
)  # fmt: skip
#: Nouns read only before a name ("address with the post office"): after one they are the store's ("ship it
#: to the post office address").
_BEFORE_NAME_ONLY = frozenset({"address", "shipping address", "delivery address"})

_KINDS: dict[str, tuple[str, ...]] = {
    "shop": SHOPS,
    "service": SERVICES,
    "social": SOCIAL,
    "identity": IDENTITIES,
    "bank": BANKS,
    "institution": INSTITUTIONS,
    "device": DEVICES,
}


def _alternation(items: Iterable[str]) -> str:
    """Literal phrases, longest first."""
    return "|".join(re.escape(p) for p in sorted(set(items), key=lambda p: (-len(p), p)))


#: Where a name may not begin or end: inside a word, an address ("shop.amazon.com") or a brand ("at&t+").
_NAME_BEFORE = r"(?<![\w&.-])(?<!\byour\s)"
_NAME_AFTER = r"(?:'s|’s)?(?![\w&+])"
#: Prepositions between a noun and a name: credentials "for", "to" or "of" something ("the password to my
#: wifi"), anything else "at", "on", "with" or "from" it. Never "to"/"into" for the rest: a refund goes "to my
#: bank".
_CREDENTIAL_PREPOSITIONS = frozenset({"for", "to", "of", "on", "at", "with"})
_OTHER_PREPOSITIONS = frozenset({"at", "on", "with", "from", "for", "of", "through", "via", "in"})
#: After "bought it" and "log in": "at", "from", "off"; "into", "onto" ("in to", "on to" end in "to").
_BUY_PREPOSITIONS = frozenset({"at", "from", "on", "off", "through", "via"})
_INTO = frozenset({"into", "onto"})
#: Not "your": "your amazon store", "your instagram account" are the store's own.
_DETERMINERS = frozenset({"my", "the", "our", "his", "her", "their", "a", "an", "this", "that"})
#: The words that may stand right before a name (after its determiner) in "a noun, a preposition, a name",
#: "bought at", "log into": a name after anything else is looked at only for "a name and its noun".
_LEAD_WORDS = _CREDENTIAL_PREPOSITIONS | _OTHER_PREPOSITIONS | _BUY_PREPOSITIONS | _INTO

_CREDENTIAL_PREPS = f"(?:{_alternation(_CREDENTIAL_PREPOSITIONS)})"
_OTHER_PREPS = f"(?:{_alternation(_OTHER_PREPOSITIONS)})"
_DET = f"(?:(?:{_alternation(_DETERMINERS)})\\s+)?"
#: Whatever the kind, the words that open "bought it at X" and "log into X".
_BUY = (
    r"\b(?:bought|buy|purchased|purchase|ordered|got)\b(?:\s+[\w']+){0,3}?\s+"
    f"(?:{_alternation(_BUY_PREPOSITIONS)})"
)
_LOG_INTO = (
    r"\b(?:log|logging|logged|sign|signing|signed|get|getting|login)\s+"
    rf"(?:{_alternation(_INTO)}|in\s+to|on\s+to)"
)
#: Kinds whose names one logs into ("log into my gmail"); not the post office.
_ACCESS_KINDS = frozenset(_KINDS) - {"institution"}
#: Kinds whose names take a word between them and their own noun (see `_build`).
_MODIFIED_KINDS = frozenset({"shop", "service"})


def _before(kind: str, nouns: Sequence[str]) -> str:
    """What stands before a name of `kind` in the shapes that end on it, up to its determiner."""
    credentials = _alternation(n for n in nouns if n in _CREDENTIALS)
    others = _alternation(n for n in nouns if n not in _CREDENTIALS and n not in _AFTER_NAME_ONLY)
    lead = [rf"\b(?:{others})\s+{_OTHER_PREPS}"]
    if credentials:
        lead.append(rf"\b(?:{credentials})\s+{_CREDENTIAL_PREPS}")
    if kind == "shop":
        lead.append(_BUY)
    if kind in _ACCESS_KINDS:
        lead.append(_LOG_INTO)
    return f"(?:{'|'.join(lead)})\\s+{_DET}"


@dataclass(frozen=True, slots=True)
class _Shapes:
    """The shapes over one set of names: the whole alternation (`reference`, every shape tried everywhere),
    and what `spans` uses, found from where the names stand."""

    reference: re.Pattern[str]
    #: Each name's first word, for the word prefilter, with the names it opens, longest first.
    by_first: dict[str, tuple[str, ...]]
    #: Each name's kinds ("standalone" for STANDALONE's).
    kinds: dict[str, tuple[str, ...]]
    #: Per kind, "its own noun" right after a name (a possessive first) and what may stand before one.
    after: dict[str, re.Pattern[str]]
    after_possessive: dict[str, re.Pattern[str]]
    before: dict[str, re.Pattern[str]]


def _build(kinds: dict[str, tuple[str, ...]]) -> _Shapes:
    """The shapes over the names of each kind, both ways (see _Shapes)."""
    branches = []
    after, after_possessive, before = {}, {}, {}
    for kind, names in kinds.items():
        nouns = _NOUNS[kind]
        own = _alternation(n for n in nouns if n not in _BEFORE_NAME_ONLY)
        # A shop's or service's own noun may follow one word of its own: "walmart pickup order", "netflix
        # family plan". Not a device's: "tv cabinet storage" is furniture.
        between = r"(?:[\w'-]+\s+)?" if kind in _MODIFIED_KINDS else ""
        after[kind] = re.compile(rf"(?:'s|’s)?\s+{between}(?:{own})\b", re.IGNORECASE)
        after_possessive[kind] = re.compile(rf"(?:'s|’s)\s+{between}(?:{own})\b", re.IGNORECASE)
        before[kind] = re.compile(f"(?:{_before(kind, nouns)})\\Z", re.IGNORECASE)
        if not names:
            continue
        name = f"{_NAME_BEFORE}(?:{_alternation(names)})(?!(?:'s|’s)?\\s+{_STORE_METHODS}\\b){_NAME_AFTER}"
        plain = [n for n in names if n in _PLAIN_WORDS]
        owners = [n for n in names if n not in _PLAIN_WORDS]
        if owners:
            branches.append(f"{_NAME_BEFORE}(?:{_alternation(owners)}){after[kind].pattern}")
        if plain:
            branches.append(f"{_NAME_BEFORE}(?:{_alternation(plain)}){after_possessive[kind].pattern}")
        branches.append(f"{_before(kind, nouns)}{name}")
    branches.append(rf"(?<![\w-])(?:{_alternation(STANDALONE)})(?![\w-])")
    named: dict[str, list[str]] = {}
    for kind, names in (*kinds.items(), ("standalone", STANDALONE)):
        for n in names:
            named.setdefault(n, []).append(kind)
    by_first: dict[str, list[str]] = {}
    for n in named:
        by_first.setdefault(_first_word(n), []).append(n)
    return _Shapes(
        reference=re.compile("|".join(f"(?:{b})" for b in branches), re.IGNORECASE),
        by_first={w: tuple(sorted(ns, key=len, reverse=True)) for w, ns in by_first.items()},
        kinds={n: tuple(ks) for n, ks in named.items()},
        after=after,
        after_possessive=after_possessive,
        before=before,
    )


_METHOD = re.compile(rf"(?:'s|’s)?\s+{_STORE_METHODS}\b")


@lru_cache(maxsize=64)
def _compiled(added: tuple[str, ...], removed: frozenset[str]) -> _Shapes:
    """The shapes over the built-in names less `removed`, with `added` as shops and services."""
    kinds = {k: tuple(n for n in names if n not in removed) for k, names in _KINDS.items()}
    if added:
        kinds["shop"] = (*kinds["shop"], *added)
        kinds["service"] = (*kinds["service"], *added)
    return _build(kinds)


def _first_word(phrase: str) -> str:
    """The first word run of a phrase as `lexicon.words` reads it ("at&t" -> "at", "wi-fi" -> "wi")."""
    first: str = re.findall(r"\w+", phrase.lower())[0]
    return first


def _policy_names(policy: Policy) -> tuple[tuple[str, ...], frozenset[str]]:
    """The brand's added names and the built-in names it took out ("!amazon")."""
    listed = [w.strip().lower() for w in policy.keywords.get("elsewhere", ()) if w.strip()]
    removed = frozenset(w[1:].strip() for w in listed if w.startswith("!"))
    # A name needs a word to be looked for by ("!!!" is none).
    added = tuple(w for w in listed if not w.startswith("!") and re.search(r"\w", w))
    return added, removed


def spans(text: str, policy: Policy | None = None) -> list[tuple[int, int, str]]:
    """Where a text asks about another company's or institution's account, order or service, as (start, end,
    words)."""
    added, removed = _policy_names(policy) if policy is not None else ((), frozenset())
    shapes = _compiled(added, removed)
    runs = words(text)
    if runs is None:
        return reference_spans(text, policy)
    present = runs.intersection(shapes.by_first)
    if not present:
        return []
    low = aligned_lower(text)
    if low is None:
        return reference_spans(text, policy)
    found: set[tuple[int, int, str]] = set()
    for first in present:
        # Longest first: where "bank of america" takes part in a shape, "bank" there does not.
        claimed: set[int] = set()
        for name in shapes.by_first[first]:
            at = low.find(name)
            while at >= 0:
                if at not in claimed and (hits := _at(text, low, at, name, shapes)):
                    found.update(hits)
                    claimed.add(at)
                at = low.find(name, at + 1)
    # As the reference's one scan reports them: leftmost first (the shortest there, as "bought" takes the
    # fewest words it can), none inside another.
    out: list[tuple[int, int, str]] = []
    for a, b, words_found in sorted(found):
        if not out or a >= out[-1][1]:
            out.append((a, b, words_found))
    return out


def _at(text: str, low: str, at: int, name: str, shapes: _Shapes) -> list[tuple[int, int, str]]:
    """Every shape that `name`, found at `at`, ends or opens, as (start, end, words)."""
    end = at + len(name)
    before = low[at - 1] if at else " "
    after = low[end] if end < len(low) else " "
    kinds = shapes.kinds[name]
    out = []
    if "standalone" in kinds and not (before.isalnum() or before in "_-" or after.isalnum() or after in "_-"):
        out.append((at, end, text[at:end]))
    if before.isalnum() or before in "_&.-" or after.isalnum() or after in "_&+":
        return out
    if at >= 5 and re.match(r"your\s", low[at - 5 : at]):
        return out
    lead = low[max(0, at - 40) : at].split()
    if lead and lead[-1] in _DETERMINERS:
        lead.pop()
    ends_shape = bool(lead) and lead[-1] in _LEAD_WORDS and not _METHOD.match(low, end)
    stop = end + 2 if low.startswith(("'s", "’s"), end) else end
    for kind in kinds:
        if kind == "standalone":
            continue
        if ends_shape:
            # "a noun, a preposition, a name", "bought at", "log into": the shapes that end on the name
            # Each place such a shape may start (the scan, having passed the first, may start at a later one).
            m = shapes.before[kind].search(text, max(0, at - 90), at)
            while m is not None:
                out.append((m.start(), stop, text[m.start() : stop]))
                m = shapes.before[kind].search(text, m.start() + 1, at)
        # "a name and its noun"
        own = (shapes.after_possessive if name in _PLAIN_WORDS else shapes.after)[kind].match(text, end)
        if own is not None:
            out.append((at, own.end(), text[at : own.end()]))
    return out


def reference_spans(text: str, policy: Policy | None = None) -> list[tuple[int, int, str]]:
    """`spans` by one scan of every shape at every place: the reference the fast path is tested against, and
    the path for text whose lower case does not line up with it."""
    added, removed = _policy_names(policy) if policy is not None else ((), frozenset())
    pattern = _compiled(added, removed).reference
    return [(m.start(), m.end(), m.group(0)) for m in pattern.finditer(text)]


def elsewhere(conv: Conversation, policy: Policy) -> Signal:
    """Fired when a customer turn asks about another company's or institution's account, order or service,
    with the words as evidence."""
    found = tuple(Span(t.index, a, b, s) for t in conv.turns for a, b, s in spans(t.text, policy))
    if not found:
        return Signal(NAME, 0.0, False)
    named = ", ".join(dict.fromkeys(repr(s.text) for s in found[:3]))
    return Signal(
        NAME, 1.0, True, found, f"about another company's or institution's account or service: {named}"
    )

"""The agreement corpus: tickets the fast paths must read exactly as the reference paths do.

The shipped seed tickets, the demo world's tickets at scale 0.05, and a sample of Bitext's customer-support
utterances (when the shared benchmarks folder is present), plus hand-written hard cases (long, obfuscated,
non-Latin, empty).
"""

from __future__ import annotations

import csv
import json
from functools import lru_cache

from phasegate.tickets.schemas import TicketIn
from phasegate.triage.training import SEED_TICKETS
from tests.conftest import BENCHMARKS

#: Written to stress the edges: stretched and spaced-out words, look-alike letters, entities, long mail.
HARD_CASES = (
    "",
    "   ",
    "I'LL SEE YOU IN COURT!!! my l4wyer will hear about this",
    "l a w y e r   n e e e v e r   a g a i n",
    "my bаby got a rаsh from the lotion, is it safe? ｒｅｆｕｎｄ please",
    "Call me at (415) 555-0134 or +44 20 7946 0958, order A-5521, tracking 1Z999AA10123456784",
    "I paid $1,299.99 on 03/02/2026 and €40 yesterday; ship to 12 Baker Street, London, NW1 6XE",
    "¿Dónde está mi pedido? Я хочу вернуть деньги. 我的订单在哪里",
    "asdfgh qwerty 12345",
    "Sent from my phone\n\nOn Mon, Jan 5, 2026 at 9:00 AM Support wrote:\n> leave a review",
    ("I ordered the boots last week and they still have not arrived. " * 30).strip(),
    # one per prefilter: the pattern must still run where its words hide behind case twins or glued articles
    "are you abot? is this anai? stop sending me canned replies, read my emails",
    "this is the 3rd time I ask, ſtill waiting for 3 weeks!!! on hold for ages, no reply yet",
    "I've asked twice already, o'again, how many times?? I keep asking, same answer, repeating myself",
    "FedEx tracking 123456789012 and 1ZABCDEFGHIJKLMNOP and JJD123456789 and EA123456789US",
    "fuuuck this bullsh1t, what a rip-off, f*** you scammers, damnit, wtf",
    "last monday, yesterday, next week, 3 days ago, 12th of March 2026, Jan 5",
    "WHY IS MY ORDER NOT HERE. I NEED IT NOW",
    "ＹＯＵ ＡＲＥ ＵＳＥＬＥＳＳ, İ want a refund, ı said it twice",
)


@lru_cache(maxsize=1)
def tickets() -> tuple[TicketIn, ...]:
    """Every ticket of the corpus, validated as `phasegate triage` validates its input."""
    from phasegate.world.generate import generate

    out = [
        TicketIn.model_validate_json(line) for line in SEED_TICKETS.read_text().splitlines() if line.strip()
    ]
    for t in generate(seed=7, scale=0.05).tickets:
        messages = [{"role": m.role, "text": m.text} for m in t.messages if m.text]
        if messages:
            out.append(TicketIn(id=t.id, subject=t.subject, messages=messages))
    bitext = BENCHMARKS / "bitext_customer_support" / "intent_detection" / "test.csv"
    if bitext.is_file():
        with bitext.open(encoding="utf-8") as fh:
            rows = list(csv.DictReader(fh))
        for i, row in enumerate(rows[::2]):
            out.append(
                TicketIn.model_validate(
                    {"id": f"B-{i}", "messages": [{"role": "customer", "text": row["utterance"]}]}
                )
            )
    for i, text in enumerate(HARD_CASES):
        out.append(
            TicketIn.model_validate(
                {"id": f"H-{i}", "subject": "Help", "messages": [{"role": "customer", "text": text}]}
            )
        )
    return tuple(out)


def texts() -> list[str]:
    """Every customer message of the corpus, one string each."""
    return [m.text for t in tickets() for m in t.messages if m.role == "customer"]


def dump(obj: object) -> str:
    """A canonical JSON form, for comparing analyses."""
    return json.dumps(obj, sort_keys=True, default=str)

"""Outside text for calibrating and measuring the bundled router: Bitext mapped to the taxonomy, CLINC150.

Read at build and benchmark time only, from the shared benchmarks folder (PHASEGATE_BENCHMARKS, else the
nearest ancestor's shared/benchmarks); nothing here runs when tickets are triaged, and no data is copied into
the package.
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

#: Bitext's 27 intents in the default taxonomy (SPEC.md). An intent with no category of its own is the
#: catch-all `other`: that is what the taxonomy says such a ticket is.
BITEXT_TO_TAXONOMY: dict[str, str] = {
    "track_order": "order_status",
    "delivery_period": "order_status",
    "cancel_order": "order_cancellation",
    "change_shipping_address": "address_update",
    "set_up_shipping_address": "address_update",
    "recover_password": "account_access",
    "registration_problems": "account_access",
    "check_invoice": "billing_issue",
    "get_invoice": "billing_issue",
    "payment_issue": "billing_issue",
    "check_refund_policy": "return_policy",
    "get_refund": "refund_request",
    "track_refund": "refund_request",
    "complaint": "complaint",
    "change_order": "other",
    "place_order": "other",
    "create_account": "other",
    "delete_account": "other",
    "edit_account": "other",
    "switch_account": "other",
    "check_payment_methods": "other",
    "check_cancellation_fee": "other",
    "contact_customer_service": "other",
    "contact_human_agent": "other",
    "delivery_options": "other",
    "newsletter_subscription": "other",
    "review": "other",
}

#: CLINC150 intents that are a store's own business; every other CLINC150 query is off-topic for a store.
CLINC_STORE_INTENTS = frozenset({"order_status", "order"})


def benchmarks_dir() -> Path | None:
    """The shared benchmarks folder, or None when this checkout has none."""
    env = os.environ.get("PHASEGATE_BENCHMARKS")
    if env:
        return Path(env) if Path(env).is_dir() else None
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "benchmarks"
        if candidate.is_dir():
            return candidate
    return None


def bitext(split: str, root: Path | None = None) -> tuple[list[str], list[str]]:
    """Utterances of one Bitext split (train, dev, test) and their taxonomy categories."""
    root = root or benchmarks_dir()
    if root is None:
        return [], []
    path = root / "bitext_customer_support" / "intent_detection" / f"{split}.csv"
    with path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return [r["utterance"] for r in rows], [BITEXT_TO_TAXONOMY[r["intent"]] for r in rows]


def clinc_off_topic(split: str, root: Path | None = None, *, in_scope: bool = True) -> list[str]:
    """CLINC150 queries a store cannot answer: its in-scope intents (bar a store's own) or its `oos` ones."""
    root = root or benchmarks_dir()
    if root is None:
        return []
    out = []
    with (root / "clinc150" / f"{split}.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if bool(row["in_scope"]) == in_scope and row["intent"] not in CLINC_STORE_INTENTS:
                out.append(str(row["text"]))
    return out

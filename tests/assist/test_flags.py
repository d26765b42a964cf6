"""Policy flags from data, as of the ticket: each flag's positive and negative case, with its source."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from phasegate.assist import flags
from phasegate.assist.facts import SimpleFacts
from phasegate.assist.flags import Trigger, add_months, whole_months_between
from phasegate.assist.schemas import ArticleCite, Flag
from phasegate.knowledge.catalog import ProductView
from phasegate.store.models import OrderItem, Refund
from tests.assist.factories import TICKET_AT, context, customer, order


def _one(found: list[Flag], code: str) -> Flag:
    matching = [f for f in found if f.code == code]
    assert len(matching) == 1, [f.code for f in found]
    return matching[0]


def test_return_window_closed_31_days_after_delivery() -> None:
    """Delivered 31 days before the ticket, 30-day window: closed one day ago."""
    flag = _one(flags.return_window(context(order_row=order(delivered_days_before=31))), "return_window")
    assert flag.value["open"] is False and flag.value["days_left"] == -1 and flag.value["days_since"] == 31
    assert flag.status == "block" and "Closed 1 day ago" in flag.text


def test_return_window_open_29_days_after_delivery_with_days_left() -> None:
    """Delivered 29 days before the ticket: open with 1 day left."""
    flag = _one(flags.return_window(context(order_row=order(delivered_days_before=29))), "return_window")
    assert flag.value["open"] is True and flag.value["days_left"] == 1
    assert flag.status == "ok" and "1 day left" in flag.text


def test_return_window_last_day_is_still_open() -> None:
    """Day 30 of a 30-day window is the last open day (0 days left)."""
    flag = _one(flags.return_window(context(order_row=order(delivered_days_before=30))), "return_window")
    assert flag.value["open"] is True and flag.value["days_left"] == 0


def test_return_window_cites_the_delivery_row_and_the_fact() -> None:
    """The source names the shipment's delivered_at and the brand's window fact."""
    flag = _one(flags.return_window(context(order_row=order(delivered_days_before=10))), "return_window")
    data = {(d.table, d.id, d.field) for d in flag.source.data}
    assert ("shipments", "7", "delivered_at") in data
    assert {f.name: f.value for f in flag.source.facts}["return_window_days"] == 30


def test_members_get_the_member_window() -> None:
    """A member 45 days after delivery is inside the 60-day member window; a non-member is not."""
    member = context(order_row=order(delivered_days_before=45), customer_row=customer(member=True))
    assert _one(flags.return_window(member), "return_window").value == {
        "open": True,
        "started": True,
        "days_left": 15,
        "days_since": 45,
        "window_days": 60,
        "start": (TICKET_AT - timedelta(days=45)).date().isoformat(),
        "member": True,
    }
    plain = context(order_row=order(delivered_days_before=45))
    assert _one(flags.return_window(plain), "return_window").value["open"] is False


def test_flags_use_the_ticket_time_not_now() -> None:
    """A parcel delivered after the ticket was written does not start the window at ticket time."""
    late = order(shipped_days_before=2)
    late.shipments[0].delivered_at = TICKET_AT + timedelta(days=1)
    flag = _one(flags.return_window(context(order_row=late)), "return_window")
    assert flag.value["open"] is None and flag.value["started"] is False and flag.status == "info"


def test_return_window_from_purchase_when_the_brand_says_so() -> None:
    """With the window counted from purchase, the placed date starts it."""
    facts = SimpleFacts(return_window_starts="purchase")
    flag = _one(
        flags.return_window(
            context(order_row=order(delivered_days_before=5, placed_days_before=35), facts=facts)
        ),
        "return_window",
    )
    assert flag.value["days_since"] == 35 and flag.value["open"] is False
    assert ("orders", "A-1", "placed_at") in {(d.table, d.id, d.field) for d in flag.source.data}


def test_warranty_active_with_months_left_from_the_kind() -> None:
    """A jacket delivered 100 days before the ticket, 24-month warranty by kind: active, 20 months left."""
    flag = _one(flags.warranty(context(order_row=order(delivered_days_before=100))), "warranty")
    assert flag.value["active"] is True and flag.value["months"] == 24 and flag.value["months_left"] == 20
    assert flag.source.facts[0].name == "warranty_months[jacket]"


def test_warranty_expired_after_its_months() -> None:
    """Delivered 800 days before the ticket: a 24-month warranty has ended."""
    flag = _one(flags.warranty(context(order_row=order(delivered_days_before=800))), "warranty")
    assert flag.value["active"] is False and flag.value["months_left"] == 0 and flag.status == "block"


def test_warranty_of_the_product_row_wins_over_the_kind() -> None:
    """A product's own warranty_months is used and cited."""
    products = {"P-1": ProductView(id="P-1", name="Rain Jacket", kind="jacket", warranty_months=6)}
    flag = _one(
        flags.warranty(context(order_row=order(delivered_days_before=200), products=products)), "warranty"
    )
    assert flag.value["months"] == 6 and flag.value["active"] is False
    assert ("products", "P-1", "warranty_months") in {(d.table, d.id, d.field) for d in flag.source.data}


def test_final_sale_from_the_order_line_or_the_product() -> None:
    """A final-sale line is flagged with its name; a product marked final sale counts too."""
    items = [
        OrderItem(id=1, product_id="P-1", name="Rain Jacket"),
        OrderItem(id=2, product_id="P-2", name="Tee", final_sale=True),
    ]
    flag = _one(flags.final_sale(context(order_row=order(items=items))), "final_sale")
    assert flag.value == {"final_sale": True, "items": ["Tee"]} and flag.status == "warn"
    products = {"P-1": ProductView(id="P-1", name="Rain Jacket", final_sale=True)}
    by_product = _one(flags.final_sale(context(order_row=order(), products=products)), "final_sale")
    assert by_product.value["final_sale"] is True
    assert ("products", "P-1", "final_sale") in {(d.table, d.id, d.field) for d in by_product.source.data}


def test_no_final_sale_items_is_stated() -> None:
    """An order with ordinary lines: final_sale False, status ok."""
    flag = _one(flags.final_sale(context(order_row=order())), "final_sale")
    assert flag.value == {"final_sale": False, "items": []} and flag.status == "ok"


def test_address_change_possible_before_shipping() -> None:
    """Not shipped at ticket time: the address can still change."""
    flag = _one(flags.address_change(context(order_row=order())), "address_change")
    assert flag.value["possible"] is True and flag.value["shipped"] is False


def test_address_change_refused_once_shipped() -> None:
    """Shipped two days before the ticket: too late, citing the shipment row."""
    flag = _one(flags.address_change(context(order_row=order(shipped_days_before=2))), "address_change")
    assert flag.value["possible"] is False and flag.status == "block"
    assert ("shipments", "7", "shipped_at") in {(d.table, d.id, d.field) for d in flag.source.data}


def test_address_change_still_possible_when_shipping_came_after_the_ticket() -> None:
    """A parcel that left the day after the ticket was written had not shipped at ticket time."""
    row = order(shipped_days_before=2)
    row.shipments[0].shipped_at = TICKET_AT + timedelta(days=1)
    row.status = "shipped"
    assert _one(flags.address_change(context(order_row=row)), "address_change").value["possible"] is True


def test_vip_flag_and_opt_in() -> None:
    """A VIP without opt-in is flagged for human handling; a regular customer is not a VIP."""
    flag = _one(flags.vip(context(customer_row=customer(vip=True))), "vip")
    assert flag.value == {"vip": True, "ai_opt_in": False} and flag.status == "warn" and "human" in flag.text
    opted = _one(flags.vip(context(customer_row=customer(vip=True, ai_opt_in=True))), "vip")
    assert "opted in" in opted.text
    regular = _one(flags.vip(context()), "vip")
    assert regular.value["vip"] is False and regular.status == "ok"


def test_refund_amount_above_the_policy_threshold() -> None:
    """$120 asked in the message is above the $50 default limit, citing the policy field."""
    ctx = context(amounts=[(Decimal("120"), "'$120' in the message")], category="refund_request")
    flag = _one(flags.refund_amount(ctx), "refund_amount")
    assert flag.value["above"] is True and flag.value["amount"] == 120.0 and flag.value["threshold"] == 50.0
    assert flag.source.facts[0].name == "thresholds.amount" and flag.source.facts[0].origin == "policy"


def test_refund_amount_below_the_threshold() -> None:
    """$20 at stake is within the limit."""
    flag = _one(flags.refund_amount(context(amounts=[(Decimal("20"), "message")])), "refund_amount")
    assert flag.value["above"] is False and flag.status == "ok"


def test_refund_amount_from_an_open_refund_or_the_order_total() -> None:
    """With no amount in the text, an open refund row counts; for refund tickets the order total does."""
    refund = Refund(id="R-1", order_id="A-1", amount=Decimal("75.00"), status="pending")
    flag = _one(flags.refund_amount(context(order_row=order(refunds=[refund]))), "refund_amount")
    assert flag.value["above"] is True and flag.source.data[0].table == "refunds"
    total = _one(
        flags.refund_amount(context(order_row=order(total="30.00"), category="refund_request")),
        "refund_amount",
    )
    assert total.value == {"amount": 30.0, "threshold": 50.0, "above": False, "from": "order A-1 total"}
    assert flags.refund_amount(context(order_row=order(), category="order_status")) == []


def test_escalation_flag_lists_triggers_or_says_none() -> None:
    """Fired triggers are listed; an evaluated ticket with none says so; unknown gives no flag."""
    fired = _one(flags.escalation(context(triggers=[Trigger("vip", "VIP without opt-in")])), "escalation")
    assert fired.value == ["vip"] and fired.status == "block"
    none = _one(flags.escalation(context(triggers=[])), "escalation")
    assert none.value == [] and none.status == "ok"
    assert flags.escalation(context(triggers=None)) == []


def test_damage_window_only_for_damaged_items() -> None:
    """A damage report 10 days after delivery is within 14 days; 20 is not; other categories get none."""
    inside = _one(
        flags.damage_window(context(order_row=order(delivered_days_before=10), category="damaged_item")),
        "damage_report_window",
    )
    assert inside.value["within"] is True
    outside = _one(
        flags.damage_window(context(order_row=order(delivered_days_before=20), category="damaged_item")),
        "damage_report_window",
    )
    assert outside.value["within"] is False
    assert flags.damage_window(context(order_row=order(delivered_days_before=10))) == []


def test_flags_cite_the_article_the_citer_finds() -> None:
    """The citer is asked with the fact's own words ("30 days") and its answer is the flag's article."""
    asked: list[tuple[str, tuple[str, ...]]] = []
    cite = ArticleCite(
        id="returns", title="Returns", heading="Return window", version=2, passage_id="returns@2#0"
    )

    def citer(code: str, hints: object) -> ArticleCite:
        asked.append((code, tuple(hints)))  # type: ignore[arg-type]
        return cite

    ctx = context(order_row=order(delivered_days_before=3))
    ctx = ctx.__class__(**{**ctx.__dict__, "cite": citer})
    flag = _one(flags.return_window(ctx), "return_window")
    assert flag.source.article == cite and ("return_window", ("30 days",)) in asked


def test_no_order_means_no_order_flags() -> None:
    """Without an order only the customer-level flags remain."""
    found = flags.compute(context(order_row=None, triggers=[]))
    assert sorted(f.code for f in found) == ["escalation", "vip"]


def test_calendar_month_arithmetic() -> None:
    """Month addition clamps to month ends; whole months count only completed months."""
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 11, 15), 3) == date(2027, 2, 15)
    assert whole_months_between(date(2026, 1, 15), date(2026, 3, 14)) == 1
    assert whole_months_between(date(2026, 1, 15), date(2026, 3, 15)) == 2

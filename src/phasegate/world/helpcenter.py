"""The Tarn & Ridge help center: Markdown articles rendered from the brand facts.

Every number an article states as policy (days, months, fees, thresholds) comes from `BrandFacts`, so
changing
`brand.yaml` changes the help center and the two cannot disagree. A few topics customers ask about are
deliberately left without an article (`UNCOVERED_TOPICS`): they are the gaps the KB-gap report should find.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from phasegate.brand import BrandFacts
from phasegate.world.catalog import KIND_LABELS, SIZE_CHARTS
from phasegate.world.records import Article

#: Topics customers write about that no article covers (the KB-gap feature should surface them).
UNCOVERED_TOPICS: dict[str, str] = {
    "gift_cards": "gift cards: buying, balances, codes that do not work, lost cards",
    "preorders": "pre-orders and backorders: when a not-yet-released or out-of-stock item ships",
    "team_orders": "bulk, team and club orders: quantity discounts, custom logos",
}
#: Words that would mean an article covers an uncovered topic.
UNCOVERED_TERMS: tuple[str, ...] = (
    "gift card",
    "giftcard",
    "e-gift",
    "pre-order",
    "preorder",
    "backorder",
    "back-order",
    "bulk order",
    "team order",
    "custom logo",
)


def money(facts: BrandFacts, amount: Decimal) -> str:
    """An amount as the help center writes it ($6.95; $75)."""
    text = f"{amount:.2f}"
    if text.endswith(".00"):
        text = text[:-3]
    return f"${text}" if facts.currency == "USD" else f"{text} {facts.currency}"


def _years(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return f"{years} year{'s' if years > 1 else ''}"
    return f"{months} months"


def _methods_table(f: BrandFacts) -> str:
    rows = ["| Method | Delivery time | Cost | Carriers |", "|---|---|---|---|"]
    for m in f.shipping_methods:
        cost = money(f, m.price)
        if m.code == "standard":
            cost += f" (free over {money(f, f.free_shipping_threshold)})"
        rows.append(f"| {m.name} | {m.days_text} | {cost} | {', '.join(m.carriers)} |")
    return "\n".join(rows)


def _warranty_table(f: BrandFacts) -> str:
    by_months: dict[int, list[str]] = {}
    for kind, months in f.warranty_months.items():
        by_months.setdefault(months, []).append(KIND_LABELS.get(kind, kind.replace("_", " ").capitalize()))
    rows = ["| Product | Warranty |", "|---|---|"]
    for months in sorted(by_months, reverse=True):
        rows.append(f"| {', '.join(by_months[months])} | {_years(months)} ({months} months) |")
    return "\n".join(rows)


def _chart_table(key: str) -> str:
    chart = SIZE_CHARTS[key]
    cols = [str(c).replace("_", " ") for c in chart["columns"]]
    rows = [f"| Size | {' | '.join(cols)} |", "|---" * (len(cols) + 1) + "|"]
    for size, values in chart["rows"].items():
        rows.append(f"| {size} | {' | '.join(str(v) for v in values)} |")
    return "\n".join(rows)


# --- Returns and exchanges --------------------------------------------------------------------------------


def return_policy(f: BrandFacts) -> Article:
    """The return policy."""
    body = f"""# Our return policy

We want you to love your gear. If something isn't right, you can return it within **{f.return_window_days}
days
of delivery** for a refund to your original payment method.

## What you can return
- Unworn, unwashed items with the original tags attached.
- Footwear that has only been tried on indoors, on a clean surface.
- Equipment (tents, stoves, packs, bottles) that has not been used outdoors, with all parts and packaging.

## What you can't return
- Items marked **final sale**, including everything in our {f.final_sale_section} section.
- Worn, washed or used items, unless they are defective (see our warranty instead).
- Socks out of their sealed packaging.

## {f.member_program} members get longer
{f.member_program} members have **{f.member_return_window_days} days from delivery** to return, and return
shipping is free.

## Return shipping
Returns are free for {f.member_program} members and for exchanges. For everyone else we deduct a
{money(f, f.return_shipping_fee)} return shipping fee from the refund.

Ready to send something back? [Start a return](/help/start-a-return).
"""
    return Article("return-policy", "Our return policy", "Returns & exchanges", body, ["returns", "policy"])


def start_a_return(f: BrandFacts) -> Article:
    """How to start a return."""
    body = f"""# How to start a return

1. Go to **{f.website}/returns** and enter your order number (it starts with {f.order_id_prefix}) and the
   email
   you used at checkout.
2. Choose the items you're returning and tell us why. This helps our product team.
3. Choose a refund or an exchange.
4. Print the prepaid label we email you (or show the QR code at a drop-off point), pack the items and ship
   them within 7 days.

You can start a return up to {f.return_window_days} days after delivery ({f.member_return_window_days} days
for
{f.member_program} members). Once we receive your return, we process it within
{f.refund_processing_business_days} business days.

**Don't have a printer?** Choose the QR code option and the carrier will print the label for you.

**Ordered as a guest?** You can still use the returns page with your order number and email.
"""
    return Article(
        "start-a-return", "How to start a return", "Returns & exchanges", body, ["returns", "label"]
    )


def member_extension(f: BrandFacts) -> Article:
    """The member return extension."""
    body = f"""# {f.member_program}: {f.member_return_window_days}-day returns

{f.member_program} is our free membership. Members get:

- **{f.member_return_window_days} days from delivery** to return (everyone else has {f.return_window_days}
  days).
- Free return shipping: no {money(f, f.return_shipping_fee)} fee deducted from your refund.
- Early access to new colours and the {f.final_sale_section} sale.

The longer window applies to orders placed while you are a member and signed in. If you joined after
placing an
order, the standard {f.return_window_days}-day window applies to that order.

The {f.member_return_window_days}-day window does not change what can be returned: items must be unworn, and
final-sale items can't be returned by anyone.
"""
    return Article(
        "member-return-extension",
        f"{f.member_program}: {f.member_return_window_days}-day returns",
        "Returns & exchanges",
        body,
        ["returns", "membership"],
    )


def final_sale(f: BrandFacts) -> Article:
    """Final sale items."""
    exch = (
        "can't be returned or exchanged"
        if not f.final_sale_exchangeable
        else "can be exchanged but not returned"
    )
    body = f"""# Final sale items

Items in our **{f.final_sale_section}** section are discounted {f.final_sale_min_discount_pct}% or more and
are
**final sale**: they {exch}. Final sale is shown on the product page and in your order confirmation.

## What if a final-sale item is defective?
Final sale doesn't change our warranty. If a final-sale item has a defect in materials or workmanship, it's
covered like any other product. See [Warranty](/help/warranty).

## What if it doesn't fit?
We can't take final-sale items back for fit, so please check the size chart before you order. Our team is
happy
to help you choose a size before you buy.

## Were you charged full price and then it went on sale?
See [Price adjustments](/help/price-adjustments).
"""
    return Article(
        "final-sale-items", "Final sale items", "Returns & exchanges", body, ["returns", "final sale"]
    )


def worn_items(f: BrandFacts) -> Article:
    """Returning worn or used items."""
    body = f"""# Can I return something I've worn or used?

Our return window ({f.return_window_days} days, or {f.member_return_window_days} days for {f.member_program}
members) is for unworn items, so you can try things on at home and make sure they fit.

We can't accept returns of items that have been worn outside, washed, or used on a trip. That includes boots
worn on a trail, tents that have been pitched outdoors and stoves that have been lit.

**But if it failed, tell us.** Gear that falls apart, leaks or breaks because of a defect is covered by our
warranty, worn or not. Send us photos through the warranty form and we'll make it right with a repair,
replacement or refund.

**Footwear tip:** try boots on indoors, on carpet, in the socks you'll hike in. If they don't feel right,
you can
still return them.
"""
    return Article(
        "worn-or-used-items",
        "Can I return something I've worn or used?",
        "Returns & exchanges",
        body,
        ["returns", "worn"],
    )


def return_exceptions(f: BrandFacts) -> Article:
    """Exceptions to the return policy."""
    sealed = ", ".join(f.sealed_only_kinds) or "none"
    body = f"""# Exceptions to our return policy

Most things can be returned within {f.return_window_days} days of delivery. These can't, or have extra
rules:

| Item | Rule |
|---|---|
| Final sale ({f.final_sale_section}) | Can't be returned or exchanged |
| Sealed-only items ({sealed}) | Returnable only in unopened packaging |
| Worn, washed or used items | Not returnable; defects are covered by warranty |
| Personalised or altered items | Not returnable |
| Items missing parts or packaging | May be refunded at a reduced amount |

Returns that arrive after the window, or that don't meet these rules, are sent back to you. If you think we
made a mistake, reply to the email you received and a person on our team will look again.
"""
    return Article(
        "return-exceptions",
        "Exceptions to our return policy",
        "Returns & exchanges",
        body,
        ["returns", "exceptions"],
    )


def exchanges(f: BrandFacts) -> Article:
    """Exchanges."""
    free = "free" if f.exchange_shipping_free else "charged at our standard return fee"
    body = f"""# Exchanging for a different size or colour

The fastest way to get a different size or colour is an exchange:

1. Start a return at **{f.website}/returns** and choose **Exchange**.
2. Pick the new size or colour. We reserve it for you.
3. Send back the original with the prepaid label.

Exchange shipping is {free}, both ways. We ship the new item as soon as the carrier scans your return, so
you
don't wait for it to reach our warehouse in {f.warehouse}.

You can exchange within the same return window as returns ({f.return_window_days} days, or
{f.member_return_window_days} for {f.member_program} members). Final-sale items can't be exchanged.

Want a different product altogether? Return the original for a refund and place a new order.
"""
    return Article(
        "exchanges",
        "Exchanging for a different size or colour",
        "Returns & exchanges",
        body,
        ["exchange", "size"],
    )


def return_shipping(f: BrandFacts) -> Article:
    """Return shipping costs."""
    body = f"""# Return shipping: fees and free labels

Every return comes with a prepaid label.

- **Exchanges:** free.
- **{f.member_program} members:** free.
- **Everyone else:** we deduct {money(f, f.return_shipping_fee)} from your refund for the label.
- **Defective or wrong items:** always free. If we sent the wrong thing, or it arrived damaged, we cover it.

You can use your own carrier instead; we don't refund the postage, and we recommend a tracked service.
"""
    return Article(
        "return-shipping",
        "Return shipping: fees and free labels",
        "Returns & exchanges",
        body,
        ["returns", "fees"],
    )


def return_status(f: BrandFacts) -> Article:
    """Tracking a return."""
    body = f"""# Where is my return?

Your return label has a tracking number; you'll find it in the email with your label. Once the carrier
delivers
your return to {f.warehouse}, it usually takes us up to {f.refund_processing_business_days} business days to
inspect it and issue your refund or exchange. We email you at every step.

Returns are slower in January, after the holidays. If the tracking shows your return was delivered to us
more
than {f.refund_processing_business_days + 5} business days ago and you haven't heard from us, contact us
with
your order number.
"""
    return Article(
        "return-status", "Where is my return?", "Returns & exchanges", body, ["returns", "tracking"]
    )


def international_returns(f: BrandFacts) -> Article:
    """Returns from outside the US."""
    label = (
        "We provide a prepaid label."
        if f.international_return_label
        else "We can't provide a prepaid label from outside the US: please ship your return with a tracked "
        "service and keep the receipt."
    )
    body = f"""# Returns from outside the US

The same {f.return_window_days}-day window and condition rules apply wherever you live. {label}

Mark the parcel as **returned goods** on the customs form so you aren't charged import duties again. Duties
and
taxes you paid on delivery are refunded only where your country's customs authority refunds them to us.

Start your return at **{f.website}/returns** to get the return address and an authorisation number.
"""
    return Article(
        "international-returns",
        "Returns from outside the US",
        "Returns & exchanges",
        body,
        ["returns", "international"],
    )


# --- Refunds ----------------------------------------------------------------------------------------------


def refund_timing(f: BrandFacts) -> Article:
    """When refunds arrive."""
    body = f"""# When will I get my refund?

1. **We receive your return.** The carrier scan tells us it's on its way; the refund starts when it reaches
   {f.warehouse}.
2. **We process it within {f.refund_processing_business_days} business days** and email you when it's
   issued.
3. **Your bank posts it.** Depending on your bank, it takes **{f.refund_bank_days_min} to
   {f.refund_bank_days_max} business days** to appear on your statement.

If you paid with PayPal, refunds usually appear within a day of being issued.

Cancelled orders are refunded as soon as the cancellation is confirmed; if you see a pending charge, it's an
authorisation that your bank will release (see [Pending charges](/help/pending-charges)).
"""
    return Article("refund-timing", "When will I get my refund?", "Refunds", body, ["refund", "timing"])


def refund_methods(f: BrandFacts) -> Article:
    """Where refunds go."""
    body = f"""# How refunds are paid

Refunds go back to the original payment method. We can't send a refund to a different card or account.

- **Card:** refunded to the same card. If the card was cancelled or replaced, your bank passes the refund
  on to
  the new one.
- **PayPal:** refunded to your PayPal account.
- **Split payments:** refunded to each method in proportion.

Processing takes up to {f.refund_processing_business_days} business days after we receive your return, then
{f.refund_bank_days_min}-{f.refund_bank_days_max} business days for your bank.
"""
    return Article("refund-methods", "How refunds are paid", "Refunds", body, ["refund", "payment"])


def partial_refunds(f: BrandFacts) -> Article:
    """Why a refund can be less than expected."""
    body = f"""# Why was my refund less than I expected?

A refund can be smaller than what you paid for these reasons:

- **Return shipping fee.** Unless you're a {f.member_program} member or exchanging, we deduct
  {money(f, f.return_shipping_fee)} for the prepaid label.
- **Promo codes.** If your order used a promo code, the discount is shared across the items, and a returned
  item is refunded at the price you actually paid for it.
- **Shipping charges.** Original shipping isn't refunded unless the item was defective or we made a mistake.
- **Part of an order.** Returning one item refunds that item only.

If the amount still looks wrong, reply to your refund email: we'll break it down line by line.
"""
    return Article(
        "partial-refunds", "Why was my refund less than I expected?", "Refunds", body, ["refund", "amount"]
    )


# --- Shipping ---------------------------------------------------------------------------------------------


def shipping_methods(f: BrandFacts) -> Article:
    """Shipping methods, costs and delivery times."""
    body = f"""# Shipping methods, costs and delivery times

{_methods_table(f)}

Delivery times are counted from the day your order ships, in business days (Monday to Friday, excluding US
holidays). Orders placed before {f.order_cutoff} on a business day usually ship the same day; otherwise
within {f.processing_business_days} business day.

The carrier is chosen by our warehouse for each parcel; we can't guarantee a specific carrier.
"""
    return Article(
        "shipping-methods",
        "Shipping methods, costs and delivery times",
        "Shipping & delivery",
        body,
        ["shipping", "delivery time"],
    )


def free_shipping(f: BrandFacts) -> Article:
    """Free shipping threshold."""
    std = f.method("standard")
    body = f"""# Free shipping

Orders of **{money(f, f.free_shipping_threshold)} or more** ship free with {std.name} shipping
({std.days_text}) to US addresses. The threshold is counted after discounts and before tax.

Free shipping doesn't apply to Expedited or Overnight shipping, or to international orders. If you return
items from an order that shipped free, we don't charge the shipping back.
"""
    return Article("free-shipping", "Free shipping", "Shipping & delivery", body, ["shipping", "free"])


def processing_times(f: BrandFacts) -> Article:
    """When orders ship."""
    body = f"""# When will my order ship?

Our warehouse in {f.warehouse} packs orders Monday to Friday. Orders placed before {f.order_cutoff} usually
ship the same business day; later orders ship within {f.processing_business_days} business day. During big
sales
and from late November to Christmas it can take a day or two longer.

You'll get an email with your tracking number when your order ships. Until then you can still
[change your address](/help/change-shipping-address) or [cancel](/help/cancel-an-order).
"""
    return Article(
        "order-processing-times",
        "When will my order ship?",
        "Shipping & delivery",
        body,
        ["shipping", "processing"],
    )


def tracking(f: BrandFacts) -> Article:
    """Tracking an order."""
    body = f"""# How to track your order

When your order ships we email you a tracking number and a link. You can also track it from **Orders** in
your
account, or at **{f.website}/track** with your order number and email.

Tracking numbers look like this:
- UPS: starts with 1Z, 18 characters
- USPS: 20-22 digits, often starting with 94 or 92
- FedEx: 12 or 15 digits
- DHL Express: 10 digits

It can take up to 24 hours after the shipping email for the first scan to appear. If your order ships in
more
than one box, each box has its own tracking number.
"""
    return Article(
        "tracking-your-order",
        "How to track your order",
        "Shipping & delivery",
        body,
        ["tracking", "order status"],
    )


def tracking_not_updating(f: BrandFacts) -> Article:
    """Tracking that has not updated."""
    body = f"""# My tracking hasn't updated

- **"Label created" for a day:** normal. The carrier scans the parcel when it leaves our warehouse.
- **No movement for a few days in transit:** parcels aren't scanned at every stop, especially on
  {f.method("standard").name} shipping.
- **Past the expected date:** carriers run late in bad weather and in December. If there's still no update
  {f.lost_parcel_wait_business_days} business days after the expected delivery date, contact us and we'll
  open
  a trace with the carrier and send a replacement or refund if it's lost.
"""
    return Article(
        "tracking-not-updating",
        "My tracking hasn't updated",
        "Shipping & delivery",
        body,
        ["tracking", "delay"],
    )


def lost_parcels(f: BrandFacts) -> Article:
    """Lost parcels and delivered-not-received."""
    body = f"""# My parcel says delivered but I can't find it

Parcels are sometimes marked delivered a little before they arrive, or left somewhere safe. Please:

1. Check around your door, mailroom, with neighbours and anyone else at the address.
2. Look at the delivery photo or location in the carrier's tracking, if there is one.
3. Wait {f.delivered_not_received_wait_hours} hours: many "missing" parcels turn up.

Still nothing? Contact us with your order number. We'll file a claim with the carrier and send a
replacement or
refund, at no cost to you; you don't need to deal with the carrier yourself.

## Lost in transit
If tracking hasn't moved for {f.lost_parcel_wait_business_days} business days past the expected delivery
date,
we treat it as lost and make it right.
"""
    return Article(
        "lost-parcels",
        "My parcel says delivered but I can't find it",
        "Shipping & delivery",
        body,
        ["lost", "missing", "delivered"],
    )


def damaged_parcels(f: BrandFacts) -> Article:
    """Items that arrived damaged."""
    body = f"""# My order arrived damaged

We're sorry. Please contact us within **{f.damage_report_days} days of delivery** with:

- your order number,
- photos of the damaged item and of the box and packing.

We'll send a replacement (or a refund if it's out of stock) right away. You don't need to return a damaged
item unless we ask, and we never charge shipping for damaged items.

If something is damaged in a way that could hurt someone (a cracked stove part, a frayed headlamp cable),
please
stop using it and tell us: our team will follow up personally.
"""
    return Article(
        "damaged-items", "My order arrived damaged", "Shipping & delivery", body, ["damaged", "broken"]
    )


def wrong_items(f: BrandFacts) -> Article:
    """Wrong or missing items."""
    body = f"""# Wrong or missing items

**Something missing?** Check your email: larger orders sometimes ship in more than one box, each with its
own
tracking number. If your order says complete and an item is missing, contact us within
{f.damage_report_days}
days of delivery.

**Wrong item, size or colour?** Our mistake: we'll send the right one at no cost with a prepaid label for
the
wrong one. Please don't wear or use it.
"""
    return Article(
        "wrong-or-missing-items",
        "Wrong or missing items",
        "Shipping & delivery",
        body,
        ["missing", "wrong item"],
    )


def international_shipping(f: BrandFacts) -> Article:
    """International shipping."""
    intl = next(m for m in f.shipping_methods if m.international)
    countries = ", ".join(f.international_countries.values())
    prepaid = ", ".join(f.international_countries[c] for c in f.duties_prepaid_countries)
    body = f"""# International shipping, duties and taxes

We ship to: {countries}.

International orders travel by {intl.name} with {", ".join(intl.carriers)} and arrive in {intl.days_text}.
Shipping costs {money(f, intl.price)}.

## Duties and taxes
- **{prepaid}:** duties and taxes are included at checkout; nothing more to pay on delivery.
- **Everywhere else:** the carrier collects import duties and taxes on delivery. We can't predict the
  amount.

If you refuse a parcel because of duties, we refund the items once it comes back to us, minus the original
shipping.
"""
    return Article(
        "international-shipping",
        "International shipping, duties and taxes",
        "Shipping & delivery",
        body,
        ["international", "duties"],
    )


def split_shipments(f: BrandFacts) -> Article:
    """Orders in several boxes."""
    body = """# Why did my order arrive in several boxes?

Tents, stoves and large packs ship in their own boxes, and some items ship from a second warehouse. Each
box has
its own tracking number in your shipping email. You never pay extra shipping for a split order.
"""
    return Article(
        "split-shipments",
        "Why did my order arrive in several boxes?",
        "Shipping & delivery",
        body,
        ["shipping", "boxes"],
    )


def po_boxes(f: BrandFacts) -> Article:
    """PO boxes and military addresses."""
    body = f"""# PO boxes and APO/FPO addresses

We ship to PO boxes and APO/FPO/DPO addresses with USPS on {f.method("standard").name} shipping only.
Expedited
and Overnight can't deliver to PO boxes. Stove fuel and other hazardous items can't ship to military
addresses.
"""
    return Article(
        "po-boxes-military",
        "PO boxes and APO/FPO addresses",
        "Shipping & delivery",
        body,
        ["shipping", "address"],
    )


# --- Orders -----------------------------------------------------------------------------------------------


def change_address(f: BrandFacts) -> Article:
    """Changing the shipping address before shipment."""
    body = f"""# Changing your shipping address

You can change the shipping address **until your order ships**. Once we hand a parcel to the carrier, we
can't
change where it goes.

- **Before it ships:** contact us with your order number and the new address. For your security we'll
  confirm
  the change from the email address on the order.
- **After it ships:** you can ask the carrier to redirect it (UPS My Choice, FedEx Delivery Manager, USPS
  Package Intercept). Redirects aren't always possible, and carriers may charge for them.
- **Returned to us:** if the parcel comes back as undeliverable, we refund it or reship it at no extra cost
  once
  it arrives.

Orders usually ship the same business day when placed before {f.order_cutoff}, so write to us as soon as you
can.
"""
    return Article(
        "change-shipping-address", "Changing your shipping address", "Orders", body, ["address", "change"]
    )


def cancel_order(f: BrandFacts) -> Article:
    """Cancelling an order."""
    body = f"""# Cancelling an order

You can cancel an order **until it ships**. Contact us with your order number as soon as possible; orders
placed
before {f.order_cutoff} often ship the same day.

- **Cancelled before shipping:** you get a full refund, including shipping. The pending charge disappears in
  {f.refund_bank_days_min}-{f.refund_bank_days_max} business days, depending on your bank.
- **Already shipped:** we can't stop it, but you can return it within {f.return_window_days} days of
  delivery.
"""
    return Article("cancel-an-order", "Cancelling an order", "Orders", body, ["cancel"])


def edit_order(f: BrandFacts) -> Article:
    """Changing items on an order."""
    body = """# Changing the items in an order

We can't add items to an order that has been placed, but before it ships we can:
- change a size or colour, if it's in stock,
- remove an item (we refund it),
- cancel the whole order.

After it ships, use an [exchange](/help/exchanges) instead.
"""
    return Article("edit-an-order", "Changing the items in an order", "Orders", body, ["order", "change"])


def missing_confirmation(f: BrandFacts) -> Article:
    """No order confirmation email."""
    body = f"""# I didn't get an order confirmation

Confirmations are sent within minutes from orders@{f.website}. Check your spam and promotions folders, and
that
the email on the order is spelled right. Signed-in customers can see every order under **Orders** in their
account. If you still can't find it, contact us with the name and card's last four digits and we'll find it.
"""
    return Article(
        "order-confirmation", "I didn't get an order confirmation", "Orders", body, ["order", "email"]
    )


# --- Warranty ---------------------------------------------------------------------------------------------


def warranty(f: BrandFacts) -> Article:
    """The warranty."""
    body = f"""# Our warranty

Every {f.name} product is guaranteed against defects in materials and workmanship, from the date of
delivery,
for:

{_warranty_table(f)}

The warranty covers things like seams that let water in, delaminating waterproof membranes, zippers that
fail,
soles that separate, broken tent poles and buckles that break under normal use. Final-sale items are
covered too.

It doesn't cover normal wear and tear, accidents, misuse, or damage from unauthorised repairs.
[Make a warranty claim](/help/warranty-claim).
"""
    return Article("warranty", "Our warranty", "Warranty & repairs", body, ["warranty"])


def warranty_claim(f: BrandFacts) -> Article:
    """How to claim."""
    body = f"""# How to make a warranty claim

1. Find your order number (it starts with {f.order_id_prefix}). No order number? Your email address is
   enough if
   you bought from us online.
2. Take clear photos of the problem and of the product label inside.
3. Send them to {f.support_email} or use the warranty form at **{f.website}/warranty**.

We answer within two business days. If it's covered, we repair, replace or refund it, and we pay the
shipping.
If it's not covered, we'll offer a repair at cost.
"""
    return Article(
        "warranty-claim", "How to make a warranty claim", "Warranty & repairs", body, ["warranty", "claim"]
    )


def repairs(f: BrandFacts) -> Article:
    """Repairs outside warranty."""
    body = f"""# Repairs

Torn a jacket on a branch or broke a zipper pull after the warranty ended? Our repair team fixes most gear
for a
flat {money(f, f.repair_flat_fee)}, return shipping included: patches, zipper sliders, buckles, seam tape
and
tent pole sections. Request a repair at **{f.website}/repairs**.
"""
    return Article("repairs", "Repairs", "Warranty & repairs", body, ["repair"])


def warranty_exclusions(f: BrandFacts) -> Article:
    """What the warranty does not cover."""
    body = """# What our warranty doesn't cover

- Normal wear: faded colours, pilling, worn-down soles and lugs, DWR that needs re-treating.
- Accidents: burns, tears from branches or rocks, animal damage.
- Misuse: using gear beyond what it's designed for, machine-washing a tent, storing a sleeping bag
  compressed.
- Repairs by anyone other than us.

If we can't cover it, we'll offer a [repair](/help/repairs).
"""
    return Article(
        "warranty-exclusions", "What our warranty doesn't cover", "Warranty & repairs", body, ["warranty"]
    )


# --- Payments and pricing ---------------------------------------------------------------------------------


def price_adjustments(f: BrandFacts) -> Article:
    """Price adjustments."""
    body = f"""# Price adjustments

If something you bought goes on sale at {f.website} within **{f.price_adjustment_window_days} days of your
purchase**, we refund the difference once per item. Contact us with your order number.

Price adjustments don't apply to:
- items bought with a promo code,
- {f.final_sale_section} and other final-sale prices,
- competitors' prices,
- flash sales that ended before you contacted us.
"""
    return Article("price-adjustments", "Price adjustments", "Payments & pricing", body, ["price", "sale"])


def promo_codes(f: BrandFacts) -> Article:
    """Promo codes."""
    n = f.promo_codes_per_order
    body = f"""# Using promo codes

Enter your code in the **Promo code** box at checkout. You can use {n} code per order, and codes can't be
combined with other offers or used on {f.final_sale_section} items.

**My code doesn't work.** Codes are case-insensitive but must be typed exactly. Check the expiry date and
any
minimum spend in the email the code came in. Codes from our welcome email work on first orders only.

**I forgot to use my code.** If you contact us within {f.price_adjustment_window_days} days of your order
we'll
refund the discount, as long as the code was valid when you ordered.
"""
    return Article("promo-codes", "Using promo codes", "Payments & pricing", body, ["promo", "discount"])


def payment_methods(f: BrandFacts) -> Article:
    """Payment methods."""
    body = """# Payment methods

We accept Visa, Mastercard, American Express, Discover, PayPal, Apple Pay, Google Pay and Shop Pay
(including paying in four instalments with Shop Pay). All payments are in US dollars; your bank may charge a
foreign transaction fee if your card is in another currency.
"""
    return Article("payment-methods", "Payment methods", "Payments & pricing", body, ["payment"])


def pending_charges(f: BrandFacts) -> Article:
    """Pending charges and double charges."""
    body = f"""# Pending charges and "double charges"

When you place an order, your bank holds the amount as a **pending authorisation**. If you change or cancel
the
order, or a payment is retried, you may briefly see two pending amounts. Only one is ever charged; the other
drops off within {f.refund_bank_days_min}-{f.refund_bank_days_max} business days.

If you see two **posted** charges for one order, contact us with both amounts and dates and we'll refund the
duplicate the same day.
"""
    return Article(
        "pending-charges",
        'Pending charges and "double charges"',
        "Payments & pricing",
        body,
        ["billing", "charge"],
    )


def sales_tax(f: BrandFacts) -> Article:
    """Sales tax."""
    body = """# Sales tax

We collect sales tax where required, based on the shipping address. Tax is shown at checkout before you pay
and
is refunded with the items you return. We can't offer tax-exempt purchases online.
"""
    return Article("sales-tax", "Sales tax", "Payments & pricing", body, ["tax"])


# --- Account ----------------------------------------------------------------------------------------------


def reset_password(f: BrandFacts) -> Article:
    """Resetting a password."""
    body = f"""# Resetting your password

1. Go to **{f.website}/account** and choose **Forgot password?**
2. Enter the email address on your account.
3. Open the email from us and follow the link within **{f.password_reset_link_minutes} minutes**; after
   that it
   expires and you'll need a new one.

**No email?** Check spam, and make sure it's the address you signed up with. If you checked out as a guest
you
don't have a password yet: create an account with the same email and your orders will appear.
"""
    return Article("reset-password", "Resetting your password", "Account", body, ["password", "login"])


def account_locked(f: BrandFacts) -> Article:
    """Locked accounts."""
    body = f"""# Locked out of your account

After {f.lockout_attempts} wrong passwords in a row we lock the account for {f.lockout_minutes} minutes to
keep it
safe. Wait, then [reset your password](/help/reset-password) rather than guessing again.

If you no longer have access to the email on your account, contact us: we'll verify you with an order number
and the billing postcode before changing the email.
"""
    return Article("account-locked", "Locked out of your account", "Account", body, ["login", "locked"])


def membership(f: BrandFacts) -> Article:
    """The member programme."""
    body = f"""# {f.member_program}

{f.member_program} is free. Join from your account page. Members get {f.member_return_window_days}-day
returns,
free return shipping, early access to sales, and a birthday discount.
"""
    return Article("ridge-club", f.member_program, "Account", body, ["membership"])


def email_preferences(f: BrandFacts) -> Article:
    """Email preferences."""
    body = """# Email preferences and unsubscribing

Use the **Unsubscribe** link at the bottom of any marketing email, or change your preferences under
**Account > Communication**. It can take up to 48 hours to take effect. You'll still get emails about your
orders.
"""
    return Article("email-preferences", "Email preferences and unsubscribing", "Account", body, ["email"])


def delete_account(f: BrandFacts) -> Article:
    """Deleting an account."""
    body = f"""# Deleting your account and your data

Email {f.support_email} from the address on your account and ask us to delete it. We delete your account and
personal data within 30 days, except order records we must keep for tax purposes.
"""
    return Article(
        "delete-account", "Deleting your account and your data", "Account", body, ["privacy", "account"]
    )


def update_account_details(f: BrandFacts) -> Article:
    """Updating saved details."""
    body = """# Updating your saved addresses and details

Change your name, saved addresses and phone number under **Account > Details**. Changing a saved address
doesn't change orders you've already placed: see [Changing your shipping
address](/help/change-shipping-address).
"""
    return Article(
        "account-details",
        "Updating your saved addresses and details",
        "Account",
        body,
        ["account", "address"],
    )


# --- Sizing and care --------------------------------------------------------------------------------------


def sizing_apparel(f: BrandFacts) -> Article:
    """Apparel size guide."""
    body = f"""# Apparel size guide

Measure around the fullest part of your chest or bust, your natural waist and your hips, with the tape
level.
Between sizes? Size up for layering pieces (shells and insulated jackets), down for base layers.

## Men's (inches)
{_chart_table("men")}

## Women's (inches)
{_chart_table("women")}

## Unisex (inches)
{_chart_table("unisex")}

Fit notes on each product page tell you when something runs small or trim.
"""
    return Article("size-guide-apparel", "Apparel size guide", "Sizing & care", body, ["size", "fit"])


def sizing_footwear(f: BrandFacts) -> Article:
    """Footwear size guide."""
    body = f"""# Footwear size guide

Stand on a sheet of paper in the evening, mark your heel and longest toe, and measure in centimetres.

## Men's
{_chart_table("shoe_men")}

## Women's
{_chart_table("shoe_women")}

Our boots are true to size unless the product page says otherwise; go up half a size for thick winter socks.
Try them on indoors: unworn footwear can be returned within {f.return_window_days} days.
"""
    return Article("size-guide-footwear", "Footwear size guide", "Sizing & care", body, ["size", "boots"])


def sizing_packs(f: BrandFacts) -> Article:
    """Pack fitting."""
    body = f"""# Fitting a backpack

Pack sizes follow your torso length, not your height. Measure from the bony bump at the base of your neck
to the
top of your hip bones.

{_chart_table("torso")}

Our Traverse packs have an adjustable torso, so you can fine-tune within a size.
"""
    return Article("size-guide-packs", "Fitting a backpack", "Sizing & care", body, ["size", "backpack"])


def care_shells(f: BrandFacts) -> Article:
    """Waterproof shell care."""
    body = """# Caring for your waterproof jacket

Dirt and body oils stop a shell from breathing and beading. Wash it more often than you think:

1. Close the zips and Velcro, and empty the pockets.
2. Machine wash warm with a technical wash (not regular detergent) and no fabric softener.
3. Tumble dry low for 20 minutes: heat reactivates the water-repellent (DWR) finish.

If water no longer beads after washing, re-treat with a spray-on DWR. A shell that "wets out" isn't leaking:
the membrane underneath is still waterproof.
"""
    return Article(
        "care-waterproof-shells",
        "Caring for your waterproof jacket",
        "Sizing & care",
        body,
        ["care", "waterproof"],
    )


def care_down(f: BrandFacts) -> Article:
    """Down care."""
    body = """# Washing down jackets and sleeping bags

Down can be washed, and should be when it loses loft:

1. Front-loading machine only (agitators tear baffles), gentle cycle, cold, with a down-specific wash.
2. Extra rinse.
3. Tumble dry low with two or three clean tennis balls for 2-3 hours, until there are no clumps.

Store sleeping bags loose in their storage sack, never in the stuff sack. Don't dry clean.
"""
    return Article(
        "care-down", "Washing down jackets and sleeping bags", "Sizing & care", body, ["care", "down"]
    )


def care_merino(f: BrandFacts) -> Article:
    """Merino care."""
    body = """# Caring for merino

Merino needs less washing than you think: air it out between wears. When you wash it, use a cold wool cycle
and
lay it flat to dry. Hot water and tumble drying shrink and felt wool, and aren't covered by warranty.
"""
    return Article("care-merino", "Caring for merino", "Sizing & care", body, ["care", "merino"])


def care_tents(f: BrandFacts) -> Article:
    """Tent care."""
    body = """# Tent care and storage

- Dry your tent completely before storing it; mould ruins coatings and isn't covered by warranty.
- Store it loose in a cool, dry place, not in its stuff sack.
- Clean with a sponge and mild soap only; never machine wash or dry.
- Use a footprint on rough ground to protect the floor.
- Pole section bent? Our [repair team](/help/repairs) can replace it.
"""
    return Article("care-tents", "Tent care and storage", "Sizing & care", body, ["care", "tent"])


def care_bottles(f: BrandFacts) -> Article:
    """Bottle care."""
    body = """# Bottles and mugs: dishwasher and care

- **Stillwater insulated bottles:** the body is dishwasher safe; wash the lid on the top rack.
- **Trail Bottle (Tritan):** dishwasher safe.
- **Campfire mug:** hand wash only; dishwashers can break the vacuum seal.

Don't freeze or microwave insulated bottles. If a bottle stops keeping drinks cold, the vacuum seal has
failed:
that's covered by warranty unless the bottle was dropped or dented.
"""
    return Article(
        "care-bottles", "Bottles and mugs: dishwasher and care", "Sizing & care", body, ["care", "dishwasher"]
    )


def stove_safety(f: BrandFacts) -> Article:
    """Stove safety."""
    body = f"""# Using your stove safely

- Use stoves outdoors only, never inside a tent or vehicle: carbon monoxide can kill.
- Check the canister seal for damage before attaching; don't overtighten.
- Keep the stove on a flat, stable surface and away from anything that can burn.
- Let it cool completely before packing.

If your stove leaks, flares or a part cracks, stop using it and contact us at {f.support_email}. Our team
will
follow up personally.
"""
    return Article("stove-safety", "Using your stove safely", "Sizing & care", body, ["safety", "stove"])


def headlamp_batteries(f: BrandFacts) -> Article:
    """Headlamp batteries."""
    body = """# Headlamp and lantern batteries

Our Nightjar headlamps and Glowworm lantern charge with any USB-C cable in about 4 hours. The indicator
turns
green when full. Charge every three months in storage: a battery stored empty can stop holding a charge. If
a
battery won't charge within the warranty period, we'll replace the lamp.
"""
    return Article(
        "headlamp-batteries", "Headlamp and lantern batteries", "Sizing & care", body, ["battery", "charging"]
    )


def contact_us(f: BrandFacts) -> Article:
    """Contacting support."""
    body = f"""# Contact us

- Email: {f.support_email}
- Chat: on any page of {f.website}
- Hours: {f.support_hours}

Have your order number ready (it starts with {f.order_id_prefix}). We answer email within one business day.
"""
    return Article("contact-us", "Contact us", "About", body, ["contact"])


ARTICLES: tuple[Callable[[BrandFacts], Article], ...] = (
    return_policy,
    start_a_return,
    member_extension,
    final_sale,
    worn_items,
    return_exceptions,
    exchanges,
    return_shipping,
    return_status,
    international_returns,
    refund_timing,
    refund_methods,
    partial_refunds,
    shipping_methods,
    free_shipping,
    processing_times,
    tracking,
    tracking_not_updating,
    lost_parcels,
    damaged_parcels,
    wrong_items,
    international_shipping,
    split_shipments,
    po_boxes,
    change_address,
    cancel_order,
    edit_order,
    missing_confirmation,
    warranty,
    warranty_claim,
    repairs,
    warranty_exclusions,
    price_adjustments,
    promo_codes,
    payment_methods,
    pending_charges,
    sales_tax,
    reset_password,
    account_locked,
    membership,
    email_preferences,
    delete_account,
    update_account_details,
    sizing_apparel,
    sizing_footwear,
    sizing_packs,
    care_shells,
    care_down,
    care_merino,
    care_tents,
    care_bottles,
    stove_safety,
    headlamp_batteries,
    contact_us,
)

#: Which articles answer each category (what a phase-1 brief would surface).
BY_CATEGORY: dict[str, tuple[str, ...]] = {
    "order_status": (
        "tracking-your-order",
        "tracking-not-updating",
        "lost-parcels",
        "order-processing-times",
    ),
    "return_request": ("start-a-return", "exchanges", "return-shipping", "return-status"),
    "account_access": ("reset-password", "account-locked"),
    "return_policy": (
        "return-policy",
        "member-return-extension",
        "final-sale-items",
        "worn-or-used-items",
        "return-exceptions",
    ),
    "product_question": (
        "size-guide-apparel",
        "size-guide-footwear",
        "care-bottles",
        "care-waterproof-shells",
    ),
    "address_update": ("change-shipping-address", "account-details"),
    "refund_request": ("refund-timing", "partial-refunds", "price-adjustments"),
    "refund_dispute": ("partial-refunds", "refund-methods", "return-exceptions"),
    "damaged_item": ("damaged-items", "wrong-or-missing-items", "warranty"),
    "product_harm": ("stove-safety", "damaged-items"),
    "order_cancellation": ("cancel-an-order", "edit-an-order"),
    "billing_issue": ("pending-charges", "promo-codes", "payment-methods"),
    "warranty_claim": ("warranty", "warranty-claim", "repairs", "warranty-exclusions"),
    "complaint": ("contact-us",),
    "other": ("contact-us",),
}


def build_helpcenter(facts: BrandFacts) -> list[Article]:
    """Every article, rendered from `facts`."""
    return [render(facts) for render in ARTICLES]


def markdown_file(article: Article) -> str:
    """The article as a file: YAML front matter, then the Markdown body (which opens with `# Title`)."""
    tags = ", ".join(article.tags)
    return (
        f"---\nslug: {article.slug}\ntitle: {_yaml_text(article.title)}\nsection: "
        f"{_yaml_text(article.section)}\n"
        f"tags: [{tags}]\n---\n{article.body}"
    )


def _yaml_text(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"' if any(c in text for c in ":&#'") else text

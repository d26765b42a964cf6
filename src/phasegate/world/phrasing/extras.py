"""Subject lines, second requests in the same message, and what customers write back."""

from __future__ import annotations

SUBJECTS: dict[str, tuple[str, ...]] = {
    "order_status": (
        "Where is my order?",
        "Order {order}",
        "Tracking",
        "Delivery date?",
        "order status",
        "Package not arrived",
        "Re: Your order has shipped!",
        "Still waiting",
        "Shipping update?",
        "Has my order shipped?",
        "Missing package",
        "{order} - delivery",
        "Late delivery",
    ),
    "return_request": (
        "Return",
        "Return request",
        "Return label",
        "Exchange",
        "Return {order}",
        "Need to return an item",
        "Wrong size - exchange?",
        "Returning my {noun}",
        "Return label not working",
        "Re: Your return",
    ),
    "return_policy": (
        "Return policy",
        "Question about returns",
        "Returns?",
        "Return window",
        "Question before ordering",
        "Can I return this?",
        "Final sale question",
        "Policy question",
    ),
    "product_question": (
        "Product question",
        "Question about the {product}",
        "Sizing help",
        "{product}",
        "Quick question",
        "Before I buy",
        "Is this waterproof?",
        "Help choosing",
        "Which size?",
        "Restock?",
    ),
    "account_access": (
        "Can't log in",
        "Password reset",
        "Account locked",
        "Login problem",
        "Account help",
        "Reset email not arriving",
        "Forgot password",
        "Access to my account",
    ),
    "address_update": (
        "Change address",
        "Wrong address on order {order}",
        "Address change",
        "Shipping address",
        "Update my address",
        "URGENT address change",
    ),
    "refund_request": (
        "Refund",
        "Where is my refund?",
        "Refund status",
        "Price adjustment",
        "Refund request",
        "Money back?",
        "Refund for {order}",
    ),
    "refund_dispute": (
        "Incorrect refund",
        "Refund dispute",
        "Refund amount wrong",
        "Return rejected",
        "I want my money back",
        "Missing refund",
        "Unauthorized charge",
    ),
    "damaged_item": (
        "Damaged item",
        "Arrived broken",
        "Wrong item received",
        "Missing item",
        "Defective product",
        "Problem with my order",
        "Item damaged in shipping",
        "Broken {noun}",
    ),
    "product_harm": (
        "Injury",
        "Safety issue",
        "URGENT - safety",
        "Product burned me",
        "Dangerous product",
        "Safety concern with {product}",
        "Accident",
    ),
    "order_cancellation": (
        "Cancel order",
        "Cancel {order}",
        "Cancellation",
        "Please cancel",
        "Cancel my order",
        "Order placed by mistake",
    ),
    "billing_issue": (
        "Charged twice",
        "Billing question",
        "Payment issue",
        "Promo code not working",
        "Wrong charge",
        "Receipt",
        "Duplicate charge",
        "Invoice request",
    ),
    "warranty_claim": (
        "Warranty claim",
        "Warranty",
        "Broken zipper",
        "Defect",
        "Repair?",
        "Leaking jacket",
        "Warranty question",
        "{product} warranty",
    ),
    "complaint": (
        "Complaint",
        "Very disappointed",
        "Terrible service",
        "Feedback",
        "Unhappy customer",
        "Formal complaint",
        "Not happy",
    ),
    "other": (
        "Question",
        "Hello",
        "Inquiry",
        "Partnership",
        "General question",
        "Wholesale",
        "Hi",
        "Quick q",
    ),
}

#: Generic subjects people use whatever they write about.
GENERIC_SUBJECTS: tuple[str, ...] = ("Help", "Question", "Order", "(no subject)", "Hi", "Support request")

#: A second ask, added after the first in about one message in ten.
SECONDARY: dict[str, tuple[str, ...]] = {
    "order_status": (
        "can you also tell me when my other order will arrive?",
        "where is {order} by the way?",
        "is my order still on track for this week?",
        "has the rest of my order shipped yet?",
    ),
    "return_request": (
        "I also need to return the {noun} from my last order.",
        "can you send a return label for the other item too?",
        "I'd like to return the {noun} as well, it doesn't fit.",
    ),
    "return_policy": (
        "what's your return policy if it doesn't work out?",
        "how long do I have to return things?",
        "can sale stuff be returned?",
    ),
    "product_question": (
        "is the {product} waterproof?",
        "does the {noun} run small?",
        "is the {product} dishwasher safe?",
        "what's the weight of the {noun}?",
    ),
    "account_access": (
        "I also can't log in to my account, the reset email never comes.",
        "my password reset link isn't working either.",
        "how do I reset my password?",
    ),
    "address_update": (
        "I also moved, can you update the shipping address?",
        "please update my address to {new_address}.",
        "my address changed, can you fix it?",
    ),
    "refund_request": (
        "I'm still waiting on a refund from my last return too.",
        "when will I get my refund for the {noun}?",
        "the {noun} went on sale, can I get the difference?",
    ),
    "billing_issue": (
        "I think I was charged twice as well.",
        "my promo code didn't work either.",
        "can you send me a receipt?",
    ),
    "order_cancellation": (
        "please cancel my other order, I don't need it anymore.",
        "can you cancel the second order I placed by mistake?",
    ),
    "warranty_claim": (
        "my old {noun} also has a broken zipper, is that covered by the warranty?",
        "the seams on my other jacket are leaking, warranty?",
    ),
    "damaged_item": ("the {noun} also arrived with a tear in it.", "one item was missing from the box too."),
}

#: How the second ask is joined to the first.
JOINERS: tuple[str, ...] = (
    "Also, ",
    "Also ",
    "One more thing: ",
    "Oh and ",
    "P.S. ",
    "Separately, ",
    "btw ",
    "And while I have you, ",
    "Second question: ",
    "Plus ",
    "Unrelated, but ",
)

#: Customer replies after an answer that worked.
THANKS: tuple[str, ...] = (
    "Thank you!",
    "Perfect, thanks so much.",
    "great thanks",
    "Got it, appreciate the quick reply.",
    "ok thanks",
    "That's exactly what I needed, thank you.",
    "Awesome, thank you!! 🙏",
    "Thanks for sorting that out.",
    "Super helpful, thanks.",
    "ty",
    "Okay, that makes sense. Thanks.",
    "Brilliant, cheers.",
    "Received, thank you.",
    "You're a star, thank you.",
    "Thanks, have a good one.",
)

#: Customer replies when something is still wrong.
STILL_WRONG: tuple[str, ...] = (
    "It still hasn't arrived.",
    "That doesn't really answer my question.",
    "Okay but what happens if it doesn't show up?",
    "I already did that and it didn't work.",
    "Can you check again? Nothing has changed.",
    "That's not what I asked.",
    "Hmm, that's not quite what I meant.",
    "So what are my options?",
    "I'd rather not wait. Is there another way?",
    "Still nothing on my end.",
)

#: What customers say when asked for their order number or email.
GIVE_DETAILS: tuple[str, ...] = (
    "It's {order}.",
    "Order number is {order}",
    "{order}",
    "sure, {order}. email is {email}",
    "I think it's {order}? The email is {email} anyway.",
    "Here you go: {order}",
    "I can't find it but the email I used is {email}.",
)

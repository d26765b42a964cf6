"""How customers ask to return or exchange, about the return policy, for refunds, and to dispute them."""

from __future__ import annotations

RETURN_REQUEST: dict[str, str] = {
    "standard": """
<@sized> I'd like to return the {product} from order {order}. It doesn't fit.
--
Hi, how do I send back an item? The {noun} just isn't what I expected.
--
I want to return my {product}. Can you send me a label?
--
return please. {order}. too small
--
<@tops> Hello, I received my {noun} {delivered} and unfortunately it's not working out for me. The fit is
off in the
shoulders. What's the process for returning it?
--
<@multicolour> The colour looks completely different in person, more {colour_complaint} than the photos.
I'd like to send it back
for a refund.
--
<@sized> Can I get a return label for {order}? I bought two sizes to try and I'm keeping the {size}.
--
<tent,backpack,stove,sleeping_bag,duffel,cookware> I need to return the {noun}, it's too heavy for what I
need. Never used it, still in the box.
--
Hi team, I ordered the {product} for my [husband|wife|partner|dad|mom|son|daughter] but they already have
one.
Still has the tags on. How do I return it?
--
Starting a return for {order}. The portal keeps giving me an error when I enter my order number. Can you do
it
on your end?
--
I tried the {noun} on at home and it just doesn't feel right. I'd like my money back please.
--
Hello, I'd like to return part of my order: the {product}. Keeping the rest.
--
It's [nice|fine|great quality] but I don't need it anymore, our trip got cancelled. Can I still return it?
--
I'm sending this back. Where do I ship it and do I need to include anything in the box?
--
Hey, how long do I have to return something? And how do I do it? Got the {product} {delivered}.
--
Returning the {noun}. Reason: ordered it on a whim, regret it. lol. Please send the label to {email}
--
<insulated_jacket,fleece,sleeping_bag> Unfortunately the {product} is too warm for where I live. I'd like
to return it, it's only been tried on
indoors.
--
<@sized> Hi, the {noun} runs really small. I'd rather just return it than exchange, please.
--
<@feet> My {product} arrived but it's not the right fit for my feet. Unworn, only walked around the living
room.
Return?
--
I want to return this item for a full refund.
""",
    "exchange": """
<@sized> Can I exchange my {product} for a size {other_size}? The {size} is too [small|big|tight|long].
--
<@multicolour> Hi, I'd like to swap the {colour} {noun} for {other_colour}. Is that possible?
--
<@sized> I need a bigger size in the {product}. How do exchanges work?
--
<@sized> exchange for {other_size} please, order {order}
--
<@apparel,@multicolour> The {noun} fits great but I hate the colour on me. Can I exchange for a different one
without paying shipping
again?
--
<@sized> Hello! Love the {product} but need to go down a size. Can you send the {other_size} before I send
this one back?
My trip is in two weeks.
--
<@sized> I got the wrong size (my fault). Could I exchange the {size} for a {other_size}?
--
<@feet> Want to exchange my boots for a half size up. Still brand new.
--
<@multicolour> Do you do straight swaps? I want the same {noun} in {other_colour}.
--
<@sized> hi i ordered a {size} and need {other_size} can we swap
--
Is there a way to exchange for a different product instead of the same one in another size?
""",
    "label": """
I started a return but never got the label email. Can you resend it?
--
The return label you sent won't print, it comes out blank. Order {order}.
--
I don't have a printer. Is there another way to send my return?
--
My return label expired before I could drop it off. Can I get a new one?
--
The QR code for my return isn't working at the UPS store. What should I do?
--
Hi, I lost the return label for my {noun}. Could you email me a new one?
--
Can you email me the return label again please, it went to my old email address.
--
Which carrier do I use for the return? The label doesn't say and I don't want to go to the wrong place.
""",
    "late_window": """
I know it's been a little over a month but can I still return the {product}? I've been traveling and never
got
to try it on.
--
Hi, am I still within the return window? The {noun} arrived {delivered}.
--
I meant to return this weeks ago and forgot. It's still brand new with tags. Any chance?
--
Is it too late to return something I bought {placed}? I'm a {club} member if that matters.
--
Hoping you can make an exception, I'm a few days past the return window for my {product}. It's unworn.
""",
    "final_sale": """
I want to return the {product}, but my confirmation says final sale. Is there any way?
--
Hi, I bought the {noun} from {final_section} and it doesn't fit. Can I at least exchange it?
--
I didn't realize the {product} was final sale when I bought it. Can I send it back?
--
<@sized> The {noun} I got on sale is the wrong size. Final sale apparently? That seems harsh for a size
issue.
""",
}

RETURN_POLICY: dict[str, str] = {
    "window": """
What's your return policy?
--
How many days do I have to return something?
--
Hi, what's the return window on your jackets?
--
return policy??
--
If I buy something now for a Christmas present, can it still be returned in January?
--
Hello, before I order I'd like to understand your returns. Do I get a full refund or store credit?
--
Does the return window start from when I order or when it gets delivered?
--
Quick q: is the return period 30 days or 60? I've seen both on your site.
--
<@sized> If the {noun} doesn't work out, can I return it? I'm on the fence between sizes.
--
Can you explain the return policy to me like I'm five? I read the page and I'm still confused.
--
Are returns free?
--
Do I have to pay for return shipping?
--
What's the deal with return shipping fees? Is it taken out of my refund?
--
hi what happens if I need to return something, is it easy? first time ordering from you
--
Do you refund to the original card or do I get a credit?
""",
    "member": """
Is it true {club} members get longer to return things?
--
I'm a {club} member. How long do I have to return the {product}?
--
I joined {club} after I ordered. Do I still get the longer return window?
--
Does the membership extended return window apply to sale items too?
--
What are the perks of {club} for returns exactly?
--
My wife has a {club} membership but I ordered as a guest. Can I use her extended returns?
""",
    "final_sale": """
Can I return something that's marked final sale?
--
Are {final_section} items returnable?
--
If a final sale item is defective, am I stuck with it?
--
Why can't sale items be returned? Is that for everything on sale or just some things?
--
Is the {product} final sale? I can't tell from the product page.
--
Does final sale mean I can't even exchange for a different size?
""",
    "worn": """
Can I return boots if I've worn them on one hike? They're giving me blisters.
--
<@apparel> I wore the {noun} once and it's not for me. Can I still return it?
--
What's your policy on returning used gear? I pitched the tent once in my backyard.
--
<@apparel> If I washed the {noun} already, is it still returnable?
--
Hi, can I return a jacket I wore for a day? It doesn't look worn at all.
--
<@apparel> I took the tags off the {noun} but haven't worn it outside. Is that OK for a return?
--
<@apparel> My son wore the {noun} to school once and now says he hates it. Returnable?
--
Do you accept returns on stuff that has been used? Asking about a sleeping bag I slept in one night.
""",
    "footwear": """
How does it work returning shoes? Can I try them on first?
--
Can I return hiking boots that I've only worn around the house?
--
If I wear the trail runners on a treadmill to test them, can I still return them?
--
Do boots have a different return policy? I want to be sure before I buy two sizes.
""",
    "international": """
I'm in {country}. Can I return items, and who pays for shipping?
--
What's your return policy for international orders?
--
Hello, if I order to {country} and it doesn't fit, how do I send it back? Do I pay duties again?
--
Do international customers get the same return window as US customers?
""",
    "exceptions": """
Are there any items you don't accept returns on?
--
Can I return socks if I've opened the package?
--
Is there anything excluded from returns besides sale stuff?
--
Can I return a stove if I used it once to test it?
--
What if I lost the tags? Can I still return it?
--
I threw away the box the {noun} came in. Does it need the original packaging to be returned?
--
Can I return an item I bought on a promo code? Do I get back what I paid or the full price?
""",
}

REFUND_REQUEST: dict[str, str] = {
    "return_pending": """
Hi - I'm not sure if I'm looking in the right place, but I returned some boots a couple of weeks ago and
the money
hasn't come back. The UPS tracking showed it arrived at your warehouse in Reno. Could you let me know if
there's a
hold-up? Order {order}.
--
Has my return been processed yet? I need to know whether to expect {amount} back or not.
--
got an email saying my return was received but the refund still says pending. how long does pending last
--
Following up on my return for {order}. My bank can't see anything incoming. Can you give me a reference
number I
can give them?
--
Can you confirm whether the refund went to my PayPal or my card? I can't find it in either.
--
I returned the {noun} on {weekday}, how long till I see the money? Just so I know what to expect.
--
Your email said 5 business days after you get it. It's been 8. What's the holdup on my refund?
--
I sent my return back {returned} and still haven't gotten my refund. Order {order}.
--
Hi, when will I receive my refund? The tracking shows you got my return.
--
Where's my refund? It's been two weeks since I dropped off the package.
--
refund status? returned the {noun} ages ago
--
My return was delivered to your warehouse {returned}. How long until the money is back on my card?
--
Could you check on the refund for {order}? I haven't seen anything on my statement.
--
I returned a {product} and got an email it was received but no refund yet. Is that normal?
--
Hello. I'm still waiting for my refund of {amount}. Please advise.
--
Can you confirm my return was processed? I need the {amount} back before my card statement closes.
--
It's been more than five business days since you received my return. Where is my money?
--
I returned two items but only got refunded for one. Can you check the other?
""",
    "cancelled": """
I cancelled within an hour of ordering and got a confirmation of the cancellation, but {amount} is still
gone from
my checking account. When does that come back?
--
The refund for my cancelled order hasn't shown up and I'm starting to worry. It was {order}.
--
You cancelled my order but I haven't been refunded. Order {order}.
--
When will I get my money back for the cancelled order? The charge is still on my card.
--
I cancelled {order} {placed} and the {amount} still hasn't come back. How long does it take?
--
My order was cancelled because something was out of stock. Where's my refund?
""",
    "price_adjustment": """
Saw the {product} in your sale email this morning for {sale_price}. I literally just paid {price} for it.
Is there
anything you can do?
--
Do you honor the sale price if I bought something the week before? It's {order}.
--
Annoying timing - the {noun} I bought is now cheaper on your site. Can you refund the difference or should I
return it and rebuy?
--
The {product} I bought {placed} is now on sale. Can I get the difference back?
--
Hi, I paid full price for my {noun} and a week later it went on sale for {sale_price}. Do you do price
adjustments?
--
Do you price match your own sales? I just bought the {product} and now it's cheaper.
--
<@jackets> My jacket dropped {diff} in price right after I bought it, is there a refund for the difference?
--
Hello, I noticed the {product} is {sale_price} now. I paid {price}. Can you refund the difference? Order
{order}.
--
ugh I bought this like 5 days before your sale. any chance of a partial refund?
""",
    "promo_missed": """
I forgot to use my promo code {promo} on my last order. Can you apply it and refund the difference?
--
My welcome discount didn't apply at checkout. Can I get it refunded?
--
I had a code for 15% off but the site glitched and charged full price. Can you refund the 15%?
--
Could you retroactively apply my birthday discount to {order}?
""",
    "refund_instead": """
Rather than a replacement I'd prefer my money back for the {product}, I've lost confidence in it honestly.
--
Just refund me please. I don't want another one.
--
I'd rather have a refund than a replacement for my {noun}. Is that possible?
--
Instead of sending another one, can you just refund me? The {product} took too long and I bought one
elsewhere.
--
I don't want an exchange, I want my money back please. Order {order}.
--
You offered store credit but I'd like a refund to my card.
--
Can I get refunded for the shipping too? The order arrived a week late and I paid for {method}.
""",
    "shipping_refund": """
I paid for expedited shipping and it arrived late. Can I get the shipping cost refunded?
--
My overnight order took three days. I'd like a refund of the {shipping_cost} shipping.
--
The order was split into two boxes and I was charged shipping twice? Please refund one.
""",
}

REFUND_DISPUTE: dict[str, str] = {
    "short_refund": """
I returned 2 items and was refunded for less than the price of one of them. Can someone explain the math?
--
Why was a "return fee" taken off my refund? I didn't see that anywhere when I bought it.
--
My refund was {refund_amount} but I paid {amount}. Why was I short-changed?
--
You deducted money from my refund without telling me. I want the full amount back.
--
Hi, I got a refund for the {product} but it's less than what I paid. Can you explain?
--
I'm a {club} member and you still charged me the return fee. Please fix my refund.
--
Why did I only get {refund_amount} back? The receipt says {amount}.
--
The refund amount is wrong. I returned everything and you kept {diff}.
""",
    "denied": """
I received my return back in the mail with a note saying it didn't meet the return conditions. What
conditions?
It was unused. I want this escalated.
--
You rejected my return saying it was worn. It was NOT worn, I tried it on inside. I want my refund.
--
My return was sent back to me as "final sale" but nowhere on the page did it say that. I want a refund.
--
Your warehouse says my boots were used. They were tried on once on carpet. This is unacceptable, refund me.
--
I returned the {noun} within the window and you refused it. I disagree with that decision and want it
reviewed
by someone.
--
Your return was denied because it was past the window? The package was delayed by the carrier, not me.
--
The return was refused because the tags were off. The tags fell off in shipping! I want my money back.
""",
    "never_received": """
Your system says my refund was completed on the {refunded}. My bank statement says otherwise. Please send
me the
transaction details so I can chase it.
--
You say you refunded me {refund_amount} {refunded} but there's nothing on my bank account. I've checked
with my
bank.
--
Your email says refund issued but it's been three weeks and my bank says nothing came in.
--
I've been told twice that my refund was processed. It wasn't. I need proof of the transaction.
--
Stop telling me the refund is on its way. It is not. Order {order}.
""",
    "return_lost": """
I sent my return with the label you gave me and now tracking shows nothing. Your team says you never got
it. I
want my refund regardless, I have the drop-off receipt.
--
My return package got lost by the carrier. It's not my fault. When am I getting refunded?
--
You're saying you never received my return but I have proof of drop off at {carrier}. I'm not paying for
your
carrier's mistake.
""",
    "charge_dispute": """
I was charged {amount} for an order I cancelled. I want it reversed now.
--
You charged me again after my refund?? Please explain the second charge of {amount}.
--
I never authorized this charge and I want my money back.
--
I returned the item and you still charged me. I'm disputing this.
""",
}

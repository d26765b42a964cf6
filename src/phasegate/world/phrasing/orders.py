"""How customers ask where their order is, to change its address, or to cancel it."""

from __future__ import annotations

ORDER_STATUS: dict[str, str] = {
    "not_shipped": """
Hi, I placed order {order} {placed} and it still says processing. When will it ship?
--
ordered {placed}, haven't gotten a shipping email yet. is that normal?
--
Hello, I'm wondering if my order has left your warehouse yet. I paid for [expedited|faster] shipping
because I
need the {noun} for {trip}. Order number is {order}.
--
Has {order} shipped? The confirmation email said I'd get tracking "soon" and that was {placed}.
--
Quick question: my account still shows "order received" with no tracking. Is something holding it up?
--
Can you tell me if my {product} is actually in stock? I ordered {placed} and there's no movement at all, I'm
starting to wonder if it's on backorder or something.
--
I know it's only been a day but I'm a bit anxious about this one, it's a birthday present and I'm cutting it
close. Any chance you can tell me when {order} goes out?
--
Still no tracking number for {order}. Your site says orders ship same day?
--
my order hasnt shipped and its been [a day and a half|two days|since {placed}]. whats going on
--
Good morning. I would like to know the dispatch date for my order {order}, thank you.
""",
    "label_created": """
The tracking for {order} has said "label created" for [two|three|several] days now. Has it actually been
picked
up?
--
I got the shipping confirmation but the {carrier} site just says shipping label created, nothing else. Is it
really on its way?
--
Hi there, tracking number {tracking} hasn't updated since the label was made {shipped}. Can you check with
the
carrier?
--
label created... and then nothing. is my stuff still sitting in your warehouse?
--
You emailed me that my order shipped {shipped} but {carrier} says they haven't received the package. Which
is
it?
--
Hey, I'm confused. The email says shipped, tracking says "pre-shipment". Order {order}.
--
Tracking info is stuck at "Label Created, not yet in system". How long does that usually last?
--
Any update on when {carrier} will pick up my package? {tracking}
""",
    "in_transit": """
Where is my order? {order}
--
hi can u tell me where my package is at? order {order}
--
Hello, I ordered a {product} {placed} and I'm trying to figure out when it will arrive. Thanks!
--
What's the ETA on {order}? Tracking just says in transit.
--
I need my {noun} before {trip}. Will it get here in time? Ordered {placed} with {method} shipping.
--
Hi! Could you give me an update on my order? I can't find the tracking link in my emails.
--
Is there a way to see where my parcel is? I deleted the shipping email by accident. My order was {order}.
--
Tracking says it's in {city} but that was yesterday. Should I expect it [today|tomorrow|this week]?
--
Just wondering if my order is on track, it's a gift and I'd like to know roughly when it will show up.
--
Hey team, any idea when {order} will be delivered? {carrier} is showing a delivery window that keeps
changing.
--
Can you tell me which carrier my order is with? I want to set up delivery notifications.
--
Order status please. {order}
--
The tracking page won't load for me. Could you just tell me where my {noun} is?
--
I ordered {placed} and the estimate said 3 to 7 days. Today is day {days}. Is it close?
--
My {product} is "in transit" but there's no expected date on the tracking. Do you know when it's arriving?
--
hello i am waiting for my order {order} please tell me the delivery date
--
Hi, I'm going to be away from home on {weekday}. Is my package going to arrive before then or should I have
it
held somewhere?
--
Where's my stuff?? lol. {order}
--
Hi, is there any way to know what time of day {carrier} will deliver? I need to sign for it maybe?
--
Could I get the tracking number for my last order please? I can't log in on my phone to see it.
--
Morning. Can you confirm the delivery address on {order} and when it should arrive?
--
I'm trying to plan around a delivery. Order {order}, {product}. When will it actually be here?
""",
    "late": """
My order {order} was supposed to arrive {expected} and it's still not here. What's going on?
--
It's been {days} days since I ordered and I still don't have my {noun}. The tracking hasn't moved since
{shipped}.
--
Hi, my package seems to be stuck in {city}. It hasn't updated in [four|five|several] days. Can you look
into it?
--
I paid for {method} shipping and it's now late. Can you tell me where it actually is?
--
Where is my order?! It's been over a week. {order}
--
Tracking {tracking} says "delayed" with no new date. I need this for {trip}. Please help.
--
Not to be a pain, but my order still hasn't come. The estimated delivery date has come and gone.
--
I think my package is lost. {carrier} shows nothing since {shipped}. Order {order}.
--
ordered on {placed_date}. still nothing. tracking is frozen. do I need to reorder??
--
The delivery date keeps getting pushed back. First it was {expected}, now it just says "in transit". Is it
coming at all?
--
Hello, I'm writing because my order hasn't arrived yet, it should have been here by now according to your
website. Could you please check what happened with it? The number is {order}. I live in {city}.
--
it says out for delivery then next day it says in transit again?? whats happening with my order
--
Hi, my {product} was meant to arrive before the weekend. It's now {weekday} and nothing. Can you either
find it
or send another one?
--
{carrier} says there was a "delivery exception" on my package. What does that mean and what do I do?
--
Is there a problem with {order}? It's been sitting at the same facility for days.
--
Hey, I'm a bit worried, my order is way past the delivery estimate. I've checked with the post office and
they
don't know anything. What should I do next?
""",
    "delivered_missing": """
Tracking says my order was delivered {delivered} but there's nothing here.
--
My package shows as delivered but I never got it. Order {order}. I checked with my neighbors and the front
desk.
--
Hi, {carrier} marked {tracking} as delivered but it wasn't left at my door. Can you help?
--
delivered?? no it wasnt. nothing on my porch. {order}
--
The delivery photo shows a door that isn't mine. Where did my {noun} go?
--
I got a notification that my parcel was delivered {delivered}, but I was home all day and nobody came.
--
Hello, I think my package was delivered to the wrong address. Tracking says delivered in {city} but I
haven't
received anything.
--
It says handed to resident. I am the resident and I did not get it.
--
My order says delivered to the mailroom but our building manager can't find it. What now?
--
Hi, I've waited the 48 hours like your help page says and my package still hasn't turned up. It's marked as
delivered. Order {order}, a {product}.
--
Someone might have taken my package from my porch. Tracking says delivered {delivered}. Can you send
another one?
""",
    "intl_customs": """
My order {order} has been in customs for days. Do I need to do something?
--
Hi, DHL says my parcel is held at customs in {country} and they want me to pay duties. Is that right? I
thought
it was included.
--
Hello from {country}! My package has been "clearance event" for a week. Can you help?
--
Is there any update on my international order? Tracking stopped at the export facility.
--
The tracking for my order to {country} hasn't changed since it left the US. How long does international
shipping
usually take?
""",
    "any": """
Can you check on my order?
--
Hi, could you let me know the status of my order? It's under {email}.
--
I'd like an update on my recent order please.
--
just checking in on my order status
--
Hello, do you have any news about my delivery? Thanks in advance.
--
Did my order go through? I never got anything after I paid.
--
Where is my package
--
Any news on my {noun}?
--
Hi! Wondering about an order I placed {placed}. I don't have the number handy, sorry. My name is
{full_name}.
--
Order {order} status?
--
hey just wondering when my order will get here
--
I'm trying to find out what's happening with my order, the site isn't showing me anything useful.
""",
}

ADDRESS_UPDATE: dict[str, str] = {
    "before_ship": """
Change of plans, I'll be at my sister's when the package arrives. Please deliver {order} to {new_address}
instead. Thank you so much!
--
hi can u change the shipping adress on my order before it ships? new one is {new_address}
--
Hello, I'm writing to request a change of delivery address for order {order}. The correct address is
{new_address}. Please confirm once updated.
--
Hi, I just placed order {order} and realized it's going to my old address. Can you change it to
{new_address}?
--
I need to update the shipping address on my order. I moved last week and forgot to change it. New address:
{new_address}
--
oops I typed the wrong street number. It should be {new_address}. order {order}
--
Can I still change where my order is going? It hasn't shipped yet I think.
--
Hello, please ship {order} to my work address instead: {new_address}. Thanks!
--
I left off my apartment number on {order}! It's {apt}. Can you add it before it goes out?
--
Is it too late to redirect my order to my parents' house? I'll be staying there for the holidays. Address is
{new_address}.
--
Wrong zip code on my order, it should be {zip}. Please fix before shipping.
--
My card's billing address got used as the shipping address, which is wrong. Please send it to {new_address}.
--
Please change the delivery address for {order}. I won't be home, want it sent to {new_address} instead.
--
Hi! Quick fix needed: the address on my order is my old dorm. Could you change it to {new_address}? So
sorry.
--
can you update the address on my order pls, just moved. {new_address}
--
Autofill put in the wrong address on my order and I didn't notice until the confirmation came. The correct
address is {new_address}. Order {order}.
--
Hello, I'd like to modify the shipping details for my recent purchase. Same name, different address:
{new_address}.
""",
    "after_ship": """
The shipping notification says it's going to my old apartment. I moved out last week! What are my options?
--
My order {order} already shipped but I need it to go somewhere else. Can you change the address?
--
Hi, the package is on its way to my old place. Can you reroute it to {new_address}?
--
I just got the shipping email and saw the address is wrong! Can you stop it or redirect it?
--
Is there any way to change the delivery address now that it's with {carrier}? Tracking {tracking}.
--
The address on my shipped order is missing my unit number. Will the driver still find me?
--
I'm going to be out of town when my order arrives. Can you send it to my office instead? It already shipped.
--
Hello, my parcel is heading to an address I no longer live at. What can I do?
""",
    "account_address": """
How do I change the default shipping address on my account? It keeps using my old one.
--
Can you update my saved address to {new_address}? I can't figure out where to do it in the app.
--
I moved. Please update my address on file so future orders come to {new_address}.
--
Your checkout keeps autofilling an address I deleted. How do I get rid of it?
""",
}

ORDER_CANCELLATION: dict[str, str] = {
    "before_ship": """
Hi! I'd like to cancel order {order}. It was a gift idea but I found out they already have one. Thanks so
much for your help.
--
Please don't send my order. Cancel it and refund me. {order}
--
Is there still time to cancel? I placed it {placed} and just realized I used the wrong card.
--
cancel {order} before it ships pls, bought the wrong thing
--
Please cancel my order {order}.
--
Hi, I'd like to cancel the order I placed {placed}. I ordered the wrong size.
--
Can I cancel {order}? I found the {noun} I need locally and don't need this anymore.
--
cancel order pls. {order}
--
I accidentally ordered twice! Can you cancel one of them? Same {product} in both.
--
Hello, I changed my mind about the {product}. If it hasn't shipped, I'd like to cancel. Thank you.
--
My husband and I both ordered the same tent without telling each other, lol. Please cancel mine, {order}.
--
I need to cancel my order ASAP, my card was used without my permission? Actually no, it was my son. Anyway,
please cancel {order}.
--
Is it possible to cancel an order that's still processing? I'd rather wait for the sale next week.
--
Hi there, I made a mistake and would like to cancel my whole order. I'll reorder with the right colour.
--
Please stop my order from shipping. I need to change the items and it's easier to just start again.
--
I no longer need the items in {order}. Please cancel it and refund my card.
--
Could you cancel my order? The delivery estimate is too late for my trip, I'll buy it somewhere else.
--
Hey, I ordered the {product} in {colour} but I actually want a different one. Cancel and I'll reorder?
--
I was charged for an order I don't remember placing. If it's real please cancel it. {email}
--
Good evening, I ordered late last night and on reflection it's more than I should spend right now. Could you
cancel it before it goes out? Sorry for the trouble.
--
I want to cancel my order because the shipping cost was way more than I thought.
--
ordered by mistake, meant to just add to cart. cancel please
""",
    "after_ship": """
I want to cancel my order but it says shipped. Can you still stop it?
--
Hi, can I cancel {order}? I just got the shipping email but I don't want it anymore.
--
Please cancel my order even though it's shipped. I'll refuse the delivery if I have to.
--
Too late to cancel? Tracking just started. {tracking}
--
How do I cancel an order that already shipped? I don't want to pay return shipping for something I never
opened.
--
I tried to cancel on the website but it won't let me. The order is {order}.
""",
}

"""How customers complain, and everything that fits no other category."""

from __future__ import annotations

COMPLAINT: dict[str, str] = {
    "service": """
I've emailed three times and nobody has gotten back to me. Is anyone actually reading these?
--
Your customer service is awful. I waited 45 minutes in chat and then got disconnected.
--
The agent I spoke to yesterday was really dismissive. I'd like someone to actually listen.
--
I want to complain about how my issue was handled. I had to explain everything four times.
--
Nobody answers the phone. Do you even have a phone line?
--
I was promised a callback that never happened.
--
The chatbot kept giving me the same useless link. I want to talk to a person.
--
Honestly disappointed. I've been a customer for years and this is how you treat me?
--
I was told one thing by one person and the opposite by another. Which is it?
""",
    "quality": """
The quality of your stuff has gone way downhill. My new {noun} feels cheap compared to the one I bought
three years ago.
--
For the price I paid, the {product} should last more than one season. Very disappointed.
--
I'm really unhappy with the {product}. The fabric pilled after two wears.
--
Your gear used to be the best. Now it falls apart. What happened?
--
Paid premium prices for what feels like fast-fashion quality. Not impressed.
""",
    "shipping": """
Your shipping is ridiculously slow. Every other store gets me stuff in two days.
--
Why does a small order come in three separate boxes? So much waste.
--
The amount of plastic in my package was shocking for a brand that claims to be sustainable.
--
I'm annoyed that your "free shipping" threshold went up without any notice.
--
The carrier you use is terrible. Every order from you gets left in the rain.
""",
    "policy": """
Your return policy is a joke. Charging a fee to return something that didn't fit?
--
I think it's unfair that sale items can't be returned, especially when your sizes are inconsistent.
--
I disagree with your decision to deny my warranty claim. It's clearly a defect.
--
It's ridiculous that I can't change my address once it ships. The carrier lets me, why can't you?
""",
    "marketing": """
Please stop emailing me. I've unsubscribed three times.
--
I'm getting four marketing emails a day from you. This is too much.
--
Your ad promised a price that wasn't honored at checkout. That's misleading.
--
I got a text message from you and I never gave you my number.
""",
    "website": """
Your website is impossible to use on mobile. Took me 20 minutes to check out.
--
The size filter on your site doesn't work. It shows things that aren't in my size.
--
Your app crashed during checkout and I don't know if my order went through.
""",
    "general": """
I'm writing to express my disappointment with my recent experience.
--
Not happy. Not happy at all.
--
This whole experience has been frustrating from start to finish. Order {order}.
--
I expected much better from {brand}. I've recommended you to friends and now I feel embarrassed.
--
I want to file a formal complaint.
--
Your company clearly doesn't care about its customers anymore.
""",
}

OTHER: dict[str, str] = {
    "business": """
Hi, I run a small outdoor shop in Colorado. Do you do wholesale?
--
Are you hiring? I'd love to work in your customer support team.
--
I'm a content creator with 40k followers on Instagram. Would you be interested in a partnership?
--
Do you sponsor events? We run a trail race in Oregon and are looking for partners.
--
Hi, I'm a journalist writing a piece on sustainable outdoor brands. Who should I talk to?
--
Do you have an affiliate program?
""",
    "stores": """
Do you have a physical store I can visit?
--
Where can I try your boots on in person? Any retailers in Chicago?
--
Are your products sold at REI?
--
Do you ship to Mexico? It's not in the country list.
""",
    "brand": """
Where are your products made?
--
What's your stance on PFAS? I read an article about outdoor brands and forever chemicals.
--
Do you have a recycling program for old gear?
--
Is {brand} a B Corp?
--
Do you offer a military or first responder discount?
--
Do you have a student discount?
--
Do you offer a discount for teachers or nurses?
""",
    "feedback": """
Just wanted to say thanks. Your jacket kept me dry on the whole Camino.
--
Suggestion: please make the {product} in a tall size.
--
Love your stuff! Any chance you'll bring back the old orange colour?
--
Not a question, just want to say your team has been great. Thank you!
--
It would be great if your site showed the weight of everything in grams and ounces.
""",
    "misc": """
Can you recommend a good trail near Seattle?
--
Can you remove my data from your mailing lists and your systems?
--
Do you have a catalog you mail out?
--
Is there a way to get notified when you have a sale?
--
How do I donate my old gear? Do you take it back?
--
I found a {noun} at a campsite with your logo on it. Is there a way to find the owner?
--
test
--
hello?
""",
    "team_orders": """
Do you do bulk orders for teams? We need 20 jackets with our club logo.
--
Is there a discount if we order 15 packs for our scout troop?
--
Can you put our company logo on fleeces? Looking at about 50 units.
--
We're a school hiking club. Do you do group orders?
""",
    "gift_cards": """
Do you sell gift cards?
--
Can I buy an e-gift card and send it to someone by email?
--
Do your gift cards expire?
""",
}

"""How customers ask about signing in and about charges."""

from __future__ import annotations

ACCOUNT_ACCESS: dict[str, str] = {
    "forgot_password": """
I haven't logged in since last year and I have no idea what my password is. How do I get back in?
--
forgot pw. help
--
I forgot my password. How do I reset it?
--
Can't log in, forgot my password
--
Hi, I need to reset my password but I don't remember which email I used. Maybe {email}?
--
How do I change my password? I think it's been compromised, I used the same one on another site.
--
password reset please
--
Hello, I'm trying to sign in to check my order but I can't remember my password and I'm getting nowhere.
--
What's the process to reset my login? It's been years since I last ordered.
--
I'm locked out of my account because I can't remember the password. Can you reset it for me? {email}
""",
    "no_email": """
I clicked forgot password but I never got the reset email.
--
The password reset email isn't coming through. I've checked spam.
--
Reset link never arrives. Tried three times. Email is {email}.
--
Hi, I've asked for a password reset several times today and nothing has shown up in my inbox.
--
I'm not receiving any emails from you, including the reset password one. Can you check my account?
""",
    "link_expired": """
The reset link says it's expired but I just got it.
--
When I click the password reset link it says "invalid or expired token".
--
My reset link doesn't work. It takes me to an error page.
--
I clicked the link in the reset email and it just loops back to the login page.
""",
    "locked": """
My account is locked after too many attempts. How long do I have to wait?
--
It says my account is temporarily locked. Can you unlock it?
--
I got locked out because I kept typing the wrong password. Help!
--
"Too many login attempts" - seriously? I need to get into my account to start a return.
--
Account locked. Can you unlock it please? {email}
""",
    "wrong_email": """
I don't have access to the email on my account anymore. How can I log in?
--
I need to change the email on my account, the old one was from my work and I left that job.
--
My account is under my old email address which I can't get into. Can you move it to {email}?
--
I made my account with a typo in the email. Now I can't reset my password. Can you fix it?
""",
    "guest": """
I checked out as a guest. How do I see my order in an account?
--
I don't think I have an account but the site says my email is already registered?
--
I made two accounts by accident with different emails. Can you merge them?
--
How do I create an account? I've ordered before as a guest.
--
When I try to sign up it says an account with my email already exists. I never made one!
""",
    "login_error": """
Every time I try to log in it says my email isn't recognized, but I get your marketing emails at that
address
every day!
--
The login page just spins and never loads.
--
I'm entering the right password and it says it's wrong. I reset it twice already.
--
Your app keeps logging me out every time I close it.
--
Can't sign in with Apple anymore on your site. It was working before.
--
I keep getting "something went wrong" when I log in. Tried two browsers.
--
The two-step code you text me never arrives so I can't sign in.
""",
    "security": """
I got an email saying my password was changed, but I didn't change it. Is someone in my account?
--
There's an order in my account I didn't place. I think I've been hacked. Please help.
--
Someone changed the shipping address on my account. It wasn't me.
""",
}

BILLING_ISSUE: dict[str, str] = {
    "double_charge": """
Hi, I'm looking at my credit card and see {amount} twice from {brand} on the same day. I placed one order.
Please
refund the extra one.
--
why did u charge me twice
--
I was charged twice for my order {order}.
--
Hi, my bank statement shows two charges of {amount} from you. I only placed one order.
--
Why do I see a duplicate charge? Please refund one.
--
double charged!! please fix
--
There are two pending charges on my card for the same amount. Is one going to drop off?
--
Hello, I noticed that my card was billed twice for the {product}. Could you reverse the extra one?
""",
    "pending_after_cancel": """
I cancelled my order but the charge is still pending on my card.
--
My order was cancelled, so why is there still {amount} held on my account?
--
The pending charge from my cancelled order hasn't gone away after a week.
""",
    "promo_issue": """
My promo code isn't working at checkout. It says invalid. Code is {promo}.
--
The discount code from your email doesn't apply to the {product}. Why?
--
I entered {promo} but the total didn't change.
--
Can I use two promo codes on one order? The site only takes one.
--
My code says it's expired but the email said it's good through the end of the month.
""",
    "wrong_amount": """
The total I was charged doesn't add up. The items were {expected_amount} and I was charged {amount}. What's
the
extra?
--
I was charged more than the price shown at checkout. {amount} instead of {expected_amount}.
--
Why was I charged shipping? My order was over the free shipping amount.
--
The total on my receipt doesn't match what came out of my account.
--
I was charged tax on an order shipped to Oregon. I thought there's no sales tax there?
--
Hi, I think I was charged full price for an item that was on sale when I ordered. Order {order}.
""",
    "payment_failed": """
My card keeps getting declined on your site but it works everywhere else.
--
Payment failed but the money was taken from my account anyway. Did my order go through?
--
PayPal says the payment went through but I got an email saying payment failed.
--
Why can't I pay with Apple Pay? The button doesn't show up.
--
Is Afterpay or Klarna an option? I only see Shop Pay.
""",
    "foreign_fee": """
I was charged a foreign transaction fee. Why, if I'm ordering from a US website?
--
The amount in {currency_name} on my statement is higher than I expected. Do you charge in USD?
--
Do you charge in Canadian dollars? My bank added a fee.
""",
    "receipt": """
Can you send me an invoice for my order? I need it for my expense report.
--
I need a receipt with the VAT shown for my company.
--
How do I get a copy of my receipt? {order}
""",
    "gift_card": """
My gift card code isn't working at checkout. It says invalid.
--
How do I check my gift card balance?
--
I received a gift card for your store but lost the email with the code. Can you resend it?
--
Can I use a gift card and a credit card together on one order?
""",
}

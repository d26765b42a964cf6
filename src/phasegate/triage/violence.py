"""Threats of violence: a customer who says they will hurt someone, names a weapon, or says where staff live.

"Where is my order? I have a gun and I know where your warehouse is" routed `order_status` at 1.00 and went
autonomous (hand-written probes, 2026-12-06, ninth session): no list holds such a sentence, and the harm list
reads "hurt" as a product's harm. A person must read a threat first, whatever the ask beside it, so the
built-in `violence` signal keeps the ticket from autonomy in every phase, like crisis language; a policy
cannot switch it off.

What fires is a shape, never a word alone:
- a threat to act on someone: "I'll kill the delivery guy", "gonna hurt somebody", "I will burn your store
  down", "shoot up your office", "I'm going to beat up your driver";
- a gun held: "I have a gun", "I've got a loaded pistol" (not knives: outdoor and kitchen brands sell them);
- where someone lives or works, said as a threat: "I know where your CEO lives", "I know where you work";
- being hunted: "I will find you", "I'll hunt you down", "I'm coming for you";
- a weapon brought along, a bomb said to be there, harm as the price of a refusal: "I'm coming with a bat",
  "there's a bomb in your warehouse", "if I don't get my refund someone is going to get hurt";
- a body part named or a life ended ("I'll slit your throat", "he's getting his teeth knocked in", "I will end
  you", "your driver is dead meat", "your delivery guy won't see tomorrow", "someone should bomb your HQ"), by
  "I" or "we";
- what will happen left unsaid ("watch what happens to your store", "your driver better pray I don't see
  him again"), or where a place is known with a warning beside it ("I know where your warehouse is. Fix it or
  else");
- death wished on the reader ("go kill yourself", "kys", "I hope you all die", "drop dead"): violent abuse,
  which no cheerful answer of an AI's should follow;
- the same in Spanish, French, German, Italian and Portuguese ("te voy a matar", "je vais vous tuer",
  "ich bring euch um", "vi ammazzo", "vou te matar", "je vais brûler votre magasin", "vou quebrar a sua
  cara").

Customer service hears violent words daily that threaten no one: "this wait is killing me", "I could kill
for a coffee", "kill my subscription", "shoot you an email", "hit me up", "the price hurt", "my gun safe
arrived without keys", "the knife block is cracked". Those stay quiet: the writer must say they will act, the
verb must take a person or a place of the brand's as its object (never "me", "it", "my order"), and "have a
gun" must not go on to name an accessory ("a gun safe"). Self-harm ("kill myself") is crisis language, read
by `detectors.self_harm`.
"""

from __future__ import annotations

import re

from phasegate.policy.schema import Policy
from phasegate.triage import shapes
from phasegate.triage.conversation import Conversation
from phasegate.triage.lexicon import words
from phasegate.triage.normalize import guard, guard_spelled
from phasegate.triage.schemas import Signal

NAME = "violence"

#: The brand's people and places a threat names: "your driver", "the delivery guy", "your store".
_STAFF = (
    r"staff|employees?|workers?|agents?|reps?|representatives?|managers?|supervisors?|boss|ceo|owners?"
    r"|drivers?|courier|couriers|delivery\s+(?:guy|man|men|driver|person|people|boy)|postman|mailman"
    r"|cashiers?|team|people|support|guys|lot|company|store|shop|office|offices|warehouse|building|headquarters"
    r"|hq|place|branch|call\s+cent(?:er|re)|person|persons"
)
#: The reader's family, whom a threat or a death wish may name ("I will hurt your family").
_KIN = r"(?:family|kids|children|mother|mom|mum|father|dad|wife|husband)"
#: Whom a threat is aimed at: a pronoun other than the writer, or the brand's people and places ("the team
#: plan" is a plan, not a team).
_TARGET = (
    # (atomic: "you guys' delivery time" may not fall back to a bare "you")
    rf"(?>(?:you\s+(?:all|guys|people)|you|y'all|ya|u|him|her|them|someone|somebody|some\s+one|everyone"
    rf"|everybody|anyone|(?:your|ur|the|that|this|those|these|every|one\s+of\s+your)\s+(?:\w+\s+)?(?:{_STAFF})"
    rf"|(?:your|ur)\s+(?:whole\s+|entire\s+)?{_KIN})\b)"
    r"(?!['’]|\s+(?:plan|plans|account|accounts|subscription|membership|order|orders|package|bundle|license"
    r"|licence|seat|seats|tier|price|prices|offer|deal)\b)"
)
#: The writer saying they will act: "I'll", "I will", "I'm going to", "im gonna", "I swear I'll", "I could";
#: then up to five words that are no modal or pronoun of a thing ("I'm gonna come down there and hurt
#: somebody"; not "I'm sure this edge will hurt someone", a product's danger).
#: The writer, "I", or a lone "1" in leetspeak ("1 w1ll k1ll y0ur dr1v3r": leetspeak leaves a lone digit as a
#: number).
_I = r"(?:i|1)"
_WILL = (
    rf"(?:{_I}\s*['’]?ll|{_I}\s+will|{_I}\s+shall|(?:{_I}\s*['’]?m|{_I}\s+am)\s+(?:gon+a|going\s+to|about\s+to)"
    rf"|{_I}\s+swear\s+{_I}\s*['’]?ll|{_I}\s+could|{_I}\s+might|{_I}\s+want\s+to|{_I}\s+wan+a|im+a|ima|finna"
    # and "we" ("we're gonna burn your warehouse to the ground": thirteenth session's probes)
    r"|we\s*['’]?ll|we\s+will|(?:we\s*['’]?re|we\s+are)\s+(?:gon+a|going\s+to|about\s+to))"
    r"\s+(?:(?!(?:will|would|could|might|can|may|it|this|that|its|it's)\b)[\w'’]+\s+){0,5}?"
)
#: Knowing or finding out where someone is: "I know", "we found out", "look up".
_KNOW = r"(?:(?:i|we)\s+know|find(?:\s+out)?|found(?:\s+out)?|look\s+up)"
_KNOW_WORDS = "know find found look"
#: (Doubled letters may be single: spaced letters are read joined and squeezed, "k i l l" as "kil".)
_VERBS = r"kil+|murder|hurt|harm|stab+|sho+t|punch|beat|at+ack|strangle|choke|slap|smack|bash|bat+er"
#: Weapons carried to a place: guns, and what is swung or stabbed with.
_CARRIED = (
    r"(?:loaded\s+)?(?:gun|pistol|handgun|rifle|shotgun|firearm|weapon|(?:baseball\s+)?bat|knife|machete|crowbar"
    r"|hammer)"
)
#: A warning beside a threat left unsaid: "or else", "you've been warned", "watch out"; "0r else" too, a word
#: of one letter that leetspeak reading leaves as written (sixteenth session's probes).
_WARNED = (
    r"(?:[o0]r\s+else|(?:you['’]?ve|u['’]?ve|(?:you|u)\s+have)\s+been\s+warned"
    r"|(?:you\s+(?:were|are)|consider\s+yourselves?|be)\s+warned|watch\s+out(?!\s+for)"
    r"|watch\s+yourselves?|sleep\s+with\s+one\s+eye\s+open)"
)
_PLACES = r"store|shop|office|offices|warehouse|building|headquarters|hq|place|branch|call\s+cent(?:er|re)"

PATTERNS: tuple[str, ...] = (
    # "I'll kill the delivery guy", "im gonna hurt somebody", "i swear i'll stab your manager"; not "I'll
    # shoot you an email", "I'll beat you to it", "I'll hurt your feelings"
    rf"\b{_WILL}(?:{_VERBS})(?:\s+up)?\s+{_TARGET}\b"
    # ("beat him up" is one: "up" after the person ends no exclusion, since the twelfth session)
    r"(?!\s+(?:a|an|the|over|back|to\s+it|off|with\s+(?:a|an)\s+(?:email|e-mail|message|text|note|line)))",
    # "I will burn your store down", "I'll blow up your office", "I'm going to shoot up the warehouse"
    rf"\b{_WILL}(?:burn|blow\s+up|bomb|torch|shoot\s+up|smash\s+up|trash|firebomb)\s+(?:down\s+)?"
    rf"(?:your|ur|the|that)\s+(?:\w+\s+)?(?:{_PLACES}|house|home|car|van|truck)\b",
    # "I have a gun", "I've got a loaded pistol"; not "I have a gun safe", "I own a rifle scope you sold"
    r"\b(?:i\s+have|i\s*['’]ve\s+got|i\s+got|i\s+own|i\s*['’]m\s+carrying|i\s*['’]ll\s+bring|i\s+will\s+bring)"
    r"\s+(?:a|my|an|some)\s+(?:loaded\s+)?(?:gun|guns|pistol|handgun|rifle|shotgun|firearm|weapon|weapons)\b"
    r"(?!\s*(?:safe|case|cabinet|holster|cleaning|kit|rack|sling|lock|mount|oil|bag|grip|strap|scope|sight"
    r"|license|licence|permit|light|show|range)s?\b)",
    # "I know where your CEO lives", "we know where your driver lives", "I'm going to find where your manager
    # lives"
    rf"\b{_KNOW}\s+where\s+(?:he|she|they|{_TARGET})\s+"
    r"(?:\w+\s+)?(?:lives?|sleeps?)\b",
    # "gonna beat the crap out of your driver"
    rf"\b(?:{_WILL}|gon+a\s+|going\s+to\s+)(?:beat|kick|knock)\s+the\s+(?:\w+\s+){{1,2}}out\s+of\s+{_TARGET}",
    # Death wished on the reader, violent abuse an AI must not answer cheerfully: "go kill yourself", "you
    # should kill yourself", "kys", "I hope you all die", "I hope your store burns down", "drop dead" (not
    # "you could kill yourself on that ladder", a product's danger, nor "drop-dead gorgeous")
    r"\b(?:go|just|should|better|ought\s+to|gonna|please)\s+(?:go\s+)?(?:kill|hang|shoot|off)\s+"
    r"(?:your\s*self|yourselves|urself|ur\s+self)\b|\bkys\b",
    rf"\bi\s+hope\s+(?:{_TARGET}|(?:your|ur)\s+(?:whole\s+|entire\s+)?{_KIN})\s+(?:all\s+|guys\s+)?"
    r"(?:die|dies|gets?\s+(?:cancer|killed|hit\s+by)|rot\s+in\s+hell|burns?(?:\s+down|\s+to\s+the\s+ground))\b"
    r"|\bdrop\s+dead\b(?![\s-]+(?:gorgeous|beautiful|simple|easy|stunning|sexy|good|funny))",
    # "you'd better watch your back" (not "watch your back posture")
    r"\bwatch\s+your\s+back\b(?!\s+(?:pain|posture|muscles?|support))",
    # Spanish, Portuguese, French, German and Italian: "te voy a matar", "vou te matar", "je vais vous tuer",
    # "ich bring euch um", "ich werde dich umbringen", "vi ammazzo"
    r"\b(?:te|los|les|lo|la|os|vos)\s+voy\s+a\s+matar\b|\bvoy\s+a\s+matar(?:te|los|les|lo|la)\b"
    r"|\bvou\s+(?:te\s+|vos\s+)?matar\b",
    r"\bje\s+vais\s+(?:vous|te|le|la|les)\s+(?:tuer|buter|frapper)\b",
    r"\bich\s+(?:bring|bringe|werde)\s+(?:dich|euch|sie|ihn)\s+(?:um|umbringen|töten|toten)\b",
    r"\b(?:vi|ti|lo|la|li)\s+ammazzo\b|\b(?:vi|ti)\s+uccido\b",
    # Twelfth session's probes. Harm as the price of a refusal: "if I don't get my refund someone is going to
    # get hurt" (not "this lid is so sharp someone is going to get hurt", nor "if you keep selling this,
    # someone is going to get hurt": a product's danger)
    r"\b(?:or\s+(?:else\s+)?|otherwise\s+|if\s+i\s+(?:don'?t|do\s+not|dont|can'?t|cannot)\s+(?:get|receive|see|hear)"
    r"\b[^.?!\n]{0,50}?,?\s+|unless\s+(?:i|you)\s+(?:get|give|refund|send|pay|fix)\b[^.?!\n]{0,50}?,?\s+)"
    r"(?:someone|somebody|some\s+one|people)"
    r"\s*(?:['’]s\s+|\s+is\s+|\s+are\s+|['’]re\s+|\s+)?(?:gon+a|going\s+to|will|gets?)\s+(?:get\s+)?(?:hurt|killed|shot)\b",
    # A weapon brought along: "I'm coming with a bat", "I'll be waiting outside your office with my gun"
    # (and "I'm going to come to your office with a gun": thirteenth session's probes)
    r"\b(?:(?:i\s*['’]?m|i\s+am|we\s*['’]?re|i\s*['’]ll\s+be|i\s+will\s+be)\s+(?:coming|waiting|showing\s+up"
    rf"|turning\s+up)|{_WILL}(?:come|show\s+up|turn\s+up|walk\s+in|be\s+(?:back|there|waiting|outside)))"
    rf"\b[^.?!\n]{{0,40}}?\bwith\s+(?:a|my|an|our)\s+{_CARRIED}\b"
    r"(?!\s*(?:safe|case|cabinet|holster|cleaning|kit|rack|sling|lock|mount|oil|bag|grip|strap|scope|sight"
    r"|license|licence|permit|light|show|range|sharpen\w*|repair\w*|to\s+(?:return|exchange|get|have|be)|for\s+"
    r"(?:a\s+|the\s+)?(?:return|exchange|refund|repair|sharpening))s?\b)",
    # A bomb said to be there: "there's a bomb in your warehouse", "I've planted a bomb" (not "this product
    # is the bomb", nor "a bomb threat delayed my flight")
    r"\b(?:there\s*['’]?s|there\s+is|i\s*['’]ve\s+(?:planted|placed|put|left|hidden)|i\s+(?:planted|placed|put|left"
    r"|hid)|(?:i\s*['’]ll|i\s+will|i\s*['’]m\s+going\s+to|i\s*['’]m\s+gonna)\s+(?:plant|place|put|leave|hide))\s+"
    r"an?\s+bomb\s+(?:in|at|inside|under|near|outside)\b",
    # Thirteenth session's probes. A body part named: "I'll slit your throat", "I'm going to wring your neck"
    # (not "I'll break your sale price", no body part; nor "this collar will break your neck", a product's
    # danger: the writer must say they will act)
    rf"\b{_WILL}(?:slit|cut|wring|snap|break|smash|bash|cave|punch|kick|rip|tear|stab|gouge)\s+(?:in\s+)?"
    r"(?:your|ur|his|her|their|(?:the|that)\s+(?:\w+\s+)?\w+['’]s)\s+(?:\w+\s+)?(?:throat|neck|face|head|skull|teeth"
    r"|legs?|arms?|jaw|nose|kneecaps?|eyes?|fingers?|ribs?|spine|back)\b(?!\s+(?:pain|posture|support|cream|pillow))",
    # ... or hurt in the passive: "if I see that courier again he's getting his teeth knocked in"
    r"\b(?:you(?:'re|\s+are)|he(?:'s|\s+is)|she(?:'s|\s+is)|they(?:'re|\s+are))\s+(?:gon+a\s+get|going\s+to\s+get"
    r"|getting)\s+(?:your|his|her|their)\s+(?:teeth|head|face|skull|legs?|arms?|jaw|nose|kneecaps?)\s+"
    r"(?:knocked|kicked|smashed|bashed|caved|punched|broken|busted)\b",
    # "i will end you" (not "I'll end your subscription", nor "end you a message")
    rf"\b{_WILL}end\s+(?:you|u|y'all|ya|him|her|them)\b(?!['’])(?!\s+(?:a|an|the|my|this|that)\b)",
    # "you're dead meat", "your driver is dead meat", "you're a dead man" (not "you're dead wrong", "you're
    # dead right")
    rf"\b(?:you(?:'re|\s+are)|you\s+guys\s+are|(?:your|ur|the|that)\s+(?:\w+\s+)?(?:{_STAFF})\s+(?:is|are))\s+"
    r"(?:dead\s+meat|(?:a\s+)?dead\s+(?:man|men|woman|women))\b",
    # "your delivery guy won't see tomorrow"
    rf"\b(?:you|he|she|they|(?:your|ur|the|that)\s+(?:\w+\s+)?(?:{_STAFF}))\s+(?:won'?t|will\s+not|isn'?t\s+going\s+to"
    r"|aren'?t\s+going\s+to|ain'?t\s+gon+a)\s+(?:live\s+to\s+)?see\s+(?:tomorrow|another\s+day|the\s+(?:morning"
    r"|weekend|end\s+of\s+the\s+(?:day|week)))\b",
    # "someone should bomb your HQ", "somebody needs to burn your store down"
    r"\b(?:someone|somebody)\s+(?:should|needs\s+to|ought\s+to|is\s+going\s+to|will|oughta)\s+(?:bomb|burn|torch"
    rf"|shoot\s+up|blow\s+up|firebomb)\s+(?:down\s+)?(?:your|ur|the|that)\s+(?:\w+\s+)?(?:{_PLACES}|{_STAFF})\b",
    # "i'm gonna put your driver in the hospital", "I'll put you in a wheelchair"
    rf"\b{_WILL}(?:put|send)\s+{_TARGET}\s+(?:in|into|to)\s+(?:the\s+|a\s+|an\s+)?(?:hospital|er|icu|coma|wheelchair"
    r"|ground|body\s+bag|early\s+grave|grave|morgue|emergency\s+room)\b",
    # "I'll make sure your manager never walks again"
    rf"\b{_WILL}make\s+sure\s+{_TARGET}\s+(?:never|can'?t|cannot|won'?t)\s+(?:walks?|talks?|sees?|breathes?|works?"
    r"|wakes?\s+up|drives?|rides?|delivers?|eats?|sleeps?)\s+again\b",
    # "I'm going to run your driver over", "I'll run down the courier" (not "I'll run over to the store")
    rf"\b{_WILL}run\s+(?:{_TARGET}\s+(?:over|down)|(?:over|down)\s+{_TARGET})\b",
    # "your staff deserve to be shot", "you all deserve to die"
    rf"\b{_TARGET}\s+(?:deserves?|should|ought\s+to|needs?\s+to)\s+(?:to\s+)?(?:be\s+)?(?:shot|killed|hanged|hung"
    r"|beaten|stabbed|die|burn(?:ed)?\s+alive|lined\s+up\s+and\s+shot)\b",
    # "I know your kids' school", "I know where your kids go to school"
    rf"\b{_KNOW}\s+(?:(?:your|ur)\s+{_KIN}['’]?s?\s+(?:school|house|home|address|workplace|names?)\b|where\s+(?:your"
    rf"|ur)\s+{_KIN}\s+(?:go|goes|live|lives|work|works|sleep|sleeps|play|plays)\b)",
    # "I'll be outside your house tonight" (the person's house, not the brand's store)
    r"\b(?:i\s*['’]?ll|i\s+will|we\s*['’]?ll|we\s+will)\s+be\s+(?:waiting\s+)?(?:outside|at|by|in\s+front\s+of)\s+"
    r"(?:your|ur)\s+(?:house|home|flat|apartment)\b",
    # "I'll set your warehouse on fire", "we'll set fire to your store"
    rf"\b{_WILL}(?:set\s+(?:fire\s+to|alight)\s+(?:your|ur|the|that)\s+(?:\w+\s+)?(?:{_PLACES}|house|home|car|van"
    rf"|truck)|set\s+(?:your|ur|the|that)\s+(?:\w+\s+)?(?:{_PLACES}|house|home|car|van|truck)\s+(?:on\s+fire"
    r"|alight|ablaze))\b",
    # "I'm going to break every bone in his body"
    rf"\b{_WILL}break\s+every\s+bone\s+in\s+(?:your|ur|his|her|their)\s+(?:\w+\s+)?body\b",
    # "te voy a partir la cara", "je vais te casser la gueule", "ich schlag dich tot"
    r"\b(?:te|le|les|os|lo|la)\s+voy\s+a\s+(?:partir|romper|reventar)\s+(?:la\s+cara|la\s+madre|los\s+dientes"
    r"|la\s+boca)\b|\bje\s+vais\s+(?:te|vous|lui|leur)\s+(?:casser\s+la\s+(?:gueule|figure|t[eê]te)|d[ée]foncer"
    r"|p[ée]ter\s+la\s+gueule|exploser)\b|\bich\s+(?:schlag|schlage|prügel|prügle|hau)\s+(?:dich|euch|ihn|sie)\s+"
    r"(?:tot|zusammen|krankenhausreif|windelweich)\b",
    # Fourteenth session's probes. What will happen left unsaid: "watch what happens to your store", "keep
    # ignoring me and see what happens to your staff" (not "let's see what happens to my order")
    rf"\b(?:watch|see)\s+what\s+(?:happens|will\s+happen|is\s+going\s+to\s+happen)\s+to\s+{_TARGET}",
    # "your driver better pray I don't see him again", "you'd better pray we never meet"
    r"\b(?:better|should|had\s+better|best)\s+pray\s+(?:that\s+)?(?:i|we)\s+(?:don'?t|do\s+not|never|won'?t)\s+"
    r"(?:ever\s+)?(?:see|find|meet|catch|run\s+into|get\s+(?:my|our)\s+hands\s+on)\b",
    # Arson and a beating in French, German, Spanish, Italian and Portuguese: "je vais brûler votre magasin",
    # "ich werde euren Laden anzünden", "voy a quemar su tienda", "vou quebrar a sua cara"
    r"\bje\s+vais\s+(?:br[uû]ler|incendier)\s+(?:votre|ton|ta|vos|le|la|les)\s+(?:\w+\s+)?(?:magasin|boutique"
    r"|entrep[oô]t|bureau|bureaux|maison|si[eè]ge|locaux)\b"
    r"|\bich\s+(?:werde|will)\s+(?:euren?|ihren?|deinen?|dein|eure|ihre|deine|das|den|die)\s+(?:\w+\s+)?(?:laden"
    r"|lager|büro|buro|firma|geschäft|geschaft|haus|zentrale)\s+(?:anzünden|anzunden|abfackeln|niederbrennen)\b"
    r"|\bvoy\s+a\s+(?:quemar|incendiar)\s+(?:su|tu|sus|tus|la|el|los|las)\s+(?:\w+\s+)?(?:tienda|almac[eé]n"
    r"|oficina|oficinas|casa|local|empresa)\b"
    r"|\b(?:vi|ti)\s+(?:brucio|bruceró|brucerò)\b|\bvou\s+(?:queimar|incendiar)\s+(?:a|o|sua|seu|tua|teu)\s+"
    r"(?:\w+\s+)?(?:loja|armaz[eé]m|escrit[oó]rio|casa|empresa)\b",
    r"\bvou\s+(?:te\s+|lhe\s+)?(?:quebrar|partir|arrebentar)\s+(?:a\s+)?(?:sua\s+|tua\s+)?cara\b",
    # Fifteenth session's probes. Knowing where someone or a place of the brand's is, with a warning beside it
    # in the same message: "I know where your warehouse is. Fix it or else.", "you've been warned, we know
    # where your office is" (not "I know where your store is, I'll pick it up there")
    rf"\b(?:i|we)\s+know\s+(?:exactly\s+)?where\s+(?:he|she|they|{_TARGET})\s+(?:is|are)\b[^\n]{{0,80}}?"
    rf"\b{_WARNED}\b|\b{_WARNED}\b[^\n]{{0,80}}?\b(?:i|we)\s+know\s+(?:exactly\s+)?where\s+"
    rf"(?:he|she|they|{_TARGET})\s+(?:is|are)\b",
)
_VERB_WORDS = "kill murder hurt harm stab shoot punch beat attack strangle choke slap smack bash batter"
_WEAPONS = "gun guns pistol handgun rifle shotgun firearm weapon weapons"
#: One gate per pattern: a word each set must hold before the pattern runs.
_GATES: tuple[tuple[frozenset[str], ...], ...] = tuple(
    tuple(frozenset(s.split()) for s in sets)
    for sets in (
        (f"{_VERB_WORDS} kil shot atack",),
        ("burn blow bomb torch shoot smash trash firebomb",),
        (_WEAPONS,),
        ("where", "live lives sleep sleeps"),
        ("beat kick knock", "out"),
        ("yourself yourselves urself self kys",),
        ("hope dead", "die dies cancer killed hit rot burn burns dead"),
        ("watch", "back"),
        ("matar matarte matarlos matarles matarlo matarla",),
        ("tuer buter frapper",),
        ("um umbringen töten toten",),
        ("ammazzo uccido",),
        ("hurt killed shot", "someone somebody some people"),
        ("gun pistol handgun rifle shotgun firearm weapon bat knife machete crowbar hammer", "with"),
        ("bomb",),
        ("slit cut wring snap break smash bash cave punch kick rip tear stab gouge",),
        ("knocked kicked smashed bashed caved punched broken busted", "getting get"),
        ("end",),
        ("dead",),
        ("see", "tomorrow another morning weekend end"),
        ("bomb burn torch shoot blow firebomb", "someone somebody"),
        ("put send", "hospital er icu coma wheelchair ground bag grave morgue room"),
        ("sure", "again"),
        ("run", "over down"),
        (
            "deserve deserves should ought need needs",
            "shot killed hanged hung beaten stabbed die burn burned",
        ),
        (_KNOW_WORDS, "family kids children mother mom mum father dad wife husband"),
        ("outside at by front", "house home flat apartment"),
        ("fire alight ablaze",),
        ("bone",),
        ("voy vais schlag schlage prügel prügle hau",),
        ("watch see", "happens happen"),
        ("pray",),
        ("brûler bruler incendier anzünden anzunden abfackeln quemar incendiar bruciare queimar",),
        ("quebrar partir", "cara"),
        ("know", "where", "else warned watch eye"),
    )
)
_COMPILED = tuple(
    (gate, re.compile(p, re.IGNORECASE | re.MULTILINE)) for gate, p in zip(_GATES, PATTERNS, strict=True)
)
#: Shapes searched from a cheap anchor, with what must end just before it (within _BEFORE_CHARS): (gate,
#: parts, anchor, before); the anchor runs only on a text whose lower case holds one of the parts. A pattern
#: that opens on the writer ("I'll", "I'm", "I want to") is tried at every word and costs about 350 us on a
#: 2,000-character e-mail; most e-mails hold "find" and "you", few "find you".
_ANCHORED: tuple[
    tuple[tuple[frozenset[str], ...], tuple[str, ...], re.Pattern[str], re.Pattern[str]], ...
] = tuple(
    (
        tuple(frozenset(w.split()) for w in gate),
        parts,
        re.compile(anchor, re.IGNORECASE | re.MULTILINE),
        before,
    )
    for gate, parts, anchor, before in (
        # "I will find you", "I'll hunt you down", "I'm gonna track you down" (not "I'll find you a photo",
        # "I'll track down your email"): tenth session's probes
        (
            ("find hunt track", "you u ya y"),
            ("find y", "find u", "hunt y", "hunt u", "track y", "track u"),
            r"\b(?:find|hunt|track)\s+(?:you(?:\s+(?:all|guys|people))?|u|ya|y'all)\s*(?:down\b|[.!]|$|and\s+(?:i|we)\b)",
            re.compile(rf"\b{_WILL}\Z", re.IGNORECASE),
        ),
        (
            ("hunt", "down"),
            ("hunt down",),
            rf"\bhunt\s+down\s+{_TARGET}",
            re.compile(rf"\b{_WILL}\Z", re.IGNORECASE),
        ),
        # "I'm coming for you", "we're coming for your manager" (not "I'm coming for you to pick up my order")
        (
            ("coming", "for"),
            ("coming for",),
            r"\bcoming\s+for\s+(?:(?:you|u|ya|y'all)(?=\s*(?:[.!,]|$|(?:next|now|and|soon)\b))|your\s+(?:\w+\s+)?"
            rf"(?:{_STAFF})\b)",
            re.compile(r"\b(?:i\s*['’]?m|i\s+am|we\s*['’]?re|we\s+are)\s+\Z", re.IGNORECASE),
        ),
        # "I know where you work" (not "I don't know where it works"; "where" and "work" alone are in most
        # e-mails, so the anchor is "where ... works")
        (
            ("work works", "where"),
            ("know where", "out where", "find where", "found where", "up where"),
            rf"\bwhere\s+(?:he|she|they|{_TARGET})\s+(?:\w+\s+)?works?\b",
            re.compile(rf"\b{_KNOW}\s+\Z", re.I),
        ),
        # "I know your home address", "we found your CEO's home address" (a store has an address, not a home
        # one: "I know your address from the website" stays quiet): eleventh session's probes
        (
            ("home", "address addresses"),
            ("home address",),
            r"\bhome\s+address(?:es)?\b",
            re.compile(
                r"\b(?:(?:i|we)\s+(?:know|have|got)|i\s*['’]ve\s+got|(?:i|we)\s+(?:found|looked\s+up))\s+"
                rf"(?:(?:your|ur)\s+(?:(?:{_STAFF})\s*['’]?s?\s+)?|(?:the|that)\s+(?:{_STAFF})\s*['’]s\s+)\Z",
                re.IGNORECASE,
            ),
        ),
    )
)
#: Characters before an anchor its `before` is read in.
_BEFORE_CHARS = 80
#: Every pattern's first gate words: a text holding none of them runs no pattern.
_KEYS = frozenset().union(*(gate[0] for gate, _ in _COMPILED), *(gate[0] for gate, _, _, _ in _ANCHORED))
# The normaliser reads the verbs and weapons disguised ("k1ll", "g u n", "st@b"), as it reads the lists'.
_GUARDED = {w for w in f"{_VERB_WORDS} {_WEAPONS} burn torch matar tuer ammazzo".split() if len(w) > 3}
guard(_GUARDED)
guard_spelled(_GUARDED)


def spans(text: str) -> list[tuple[int, int, str]]:
    """Where a text threatens violence, as (start, end, words)."""
    found = [(m.start(), m.end(), m.group(0)) for m in shapes.gated_matches(text, _COMPILED, _KEYS)]
    runs = words(text)
    low: str | None = None
    for gate, parts, anchor, before in _ANCHORED:
        if runs is not None and not all(not ws.isdisjoint(runs) for ws in gate):
            continue
        # (white space squeezed: each part is what the anchor needs with one space for its "\s+")
        low = " ".join(text.lower().split()) if low is None else low
        if not any(p in low for p in parts):
            continue
        for m in anchor.finditer(text):
            at = max(m.start() - _BEFORE_CHARS, 0)
            b = before.search(text, at, m.start())
            if b is not None:
                found.append((b.start(), m.end(), text[b.start() : m.end()]))
    return sorted(found)


def violence(conv: Conversation, policy: Policy) -> Signal:
    """The `violence` signal: fired by a threat in any reading of the customer's text (as written, then with
    leetspeak, look-alikes and spacing undone), with evidence on the customer's own characters. Built in: no
    policy list switches it off."""
    del policy  # kept for the detectors' common signature; nothing in a policy changes what is a threat
    return shapes.found_in_readings(NAME, conv, spans, "threat of violence or violent abuse")

"""How customers ask about products, report damage, allege harm and claim warranty."""

from __future__ import annotations

#: Which product kinds each product-question topic can be about.
TOPIC_KINDS: dict[str, tuple[str, ...]] = {
    "sizing": (
        "rain_jacket",
        "insulated_jacket",
        "fleece",
        "softshell",
        "base_layer",
        "shirt",
        "pants",
        "boots",
        "trail_shoes",
        "backpack",
        "gloves",
        "socks",
    ),
    "waterproof": ("rain_jacket", "boots", "tent", "duffel", "headlamp", "pants"),
    "warmth": ("insulated_jacket", "sleeping_bag", "fleece", "base_layer", "gloves", "sleeping_pad"),
    "weight": (
        "tent",
        "backpack",
        "sleeping_bag",
        "stove",
        "trekking_poles",
        "boots",
        "rain_jacket",
        "insulated_jacket",
        "sleeping_pad",
    ),
    "capacity": ("backpack", "daypack", "duffel", "bottle", "tent", "cookware", "mug"),
    "dishwasher": ("bottle", "mug", "cookware"),
    "care": ("rain_jacket", "insulated_jacket", "base_layer", "fleece", "sleeping_bag", "tent", "boots"),
    "battery": ("headlamp", "lantern"),
    "fuel": ("stove",),
    "materials": (
        "rain_jacket",
        "insulated_jacket",
        "fleece",
        "base_layer",
        "pants",
        "backpack",
        "bottle",
        "shirt",
        "boots",
    ),
    "compare": (
        "rain_jacket",
        "tent",
        "sleeping_bag",
        "headlamp",
        "boots",
        "trekking_poles",
        "backpack",
        "bottle",
        "stove",
        "insulated_jacket",
    ),
    "use_case": (
        "rain_jacket",
        "insulated_jacket",
        "tent",
        "sleeping_bag",
        "boots",
        "trail_shoes",
        "backpack",
        "daypack",
        "stove",
        "headlamp",
        "sleeping_pad",
        "base_layer",
    ),
    "stock": ("rain_jacket", "insulated_jacket", "fleece", "boots", "tent", "backpack", "headlamp", "bottle"),
    "general": (
        "rain_jacket",
        "insulated_jacket",
        "fleece",
        "tent",
        "sleeping_bag",
        "boots",
        "backpack",
        "bottle",
        "headlamp",
        "stove",
        "pants",
        "base_layer",
        "duffel",
        "trekking_poles",
    ),
}

PRODUCT_QUESTION: dict[str, str] = {
    "sizing": """
<@jackets> What size should I get in the {product}? I'm usually a {size} but I like to layer underneath.
--
Does the {product} run true to size?
--
<@tops> I'm 5'10 and 180 lbs, broad shoulders. Medium or large in the {noun}?
--
<@tops> hi which size for a {chest} inch chest
--
<@apparel> Is the {product} a slim fit? Reviews seem split.
--
<@feet> I wear a 10.5 in most running shoes. Same in your boots or go up?
--
<@tops> Can you tell me the sleeve length on a {size} {noun}? I have long arms and most jackets are short
on me.
--
<@feet> My feet are wide. Would the {product} work or should I look elsewhere?
--
<@jackets> Between a {size} and the next size up in the {product}. I'll mostly wear it over a thin fleece.
Thoughts?
--
<backpack> How do I know which pack size I need? I'm not sure what my torso length is.
--
<@tops> Does the women's {noun} have a longer cut in the back? I'm tall and most stuff rides up.
--
<pants> Hey, what's the inseam on the {product}? Need something around 34.
--
<@apparel> I'm buying the {noun} for my teenage son who is between kids and adult sizes. Would an XS fit a
13 year old?
--
<@tops> Is your size chart in inches or cm? And does the chest measurement mean my body or the jacket?
""",
    "waterproof": """
Is the {product} actually waterproof or just water resistant?
--
What's the waterproof rating on the {noun}?
--
<rain_jacket,tent,boots,pants> Will the {product} hold up in a full day of rain in the Pacific Northwest?
--
<rain_jacket,pants,tent> Are the seams taped on the {noun}?
--
<headlamp> Can I submerge the {product} or is it just splash-proof?
--
How waterproof is the {product}? Planning a trip to Scotland in October lol.
--
<boots> Do the {noun} keep your feet dry if you cross a stream?
--
<tent> We got caught in a storm last year and our old tent flooded. Is the {product} better in heavy rain?
--
is the {noun} waterproof yes or no
""",
    "warmth": """
<insulated_jacket,sleeping_bag,sleeping_pad> How warm is the {product}? Would it work for winter camping?
--
<sleeping_bag> What's the temperature rating on the {noun}?
--
<insulated_jacket,fleece,gloves,base_layer> I run cold. Is the {product} enough on its own at around
freezing?
--
<insulated_jacket,fleece> Would the {product} be warm enough for ski touring or is it more of a fall jacket?
--
<insulated_jacket,sleeping_bag> What's the fill power of the {noun}?
--
<insulated_jacket,fleece> I'm heading to Patagonia in March. Is the {product} warm enough as my main
insulation layer?
--
<sleeping_bag> Is the {product} warm enough to sleep in at 25 degrees? I sleep cold.
--
<sleeping_pad> What's the R-value? Trying to figure out if it's enough for shoulder season.
--
<insulated_jacket,fleece,base_layer> Can you layer the {product} under a shell or is it too bulky?
""",
    "weight": """
How much does the {product} weigh?
--
What's the packed weight of the {noun}? Trying to keep my base weight down.
--
Is the {product} light enough for a thru-hike or more of a car camping thing?
--
<tent> What's the trail weight vs packed weight on the {product}?
--
<boots,rain_jacket,insulated_jacket> Roughly how heavy is the {noun} in a size {size}?
""",
    "capacity": """
<backpack,daypack,duffel> How many liters is the {product}?
--
<backpack> Will the {product} fit a bear canister?
--
<duffel,daypack,backpack> Can the {noun} be used as a carry-on?
--
<bottle,mug> Does the {product} fit in a car cup holder?
--
<tent> How many people really fit in the {product}? Like realistically with gear.
--
What size is the {noun} exactly, dimensions wise?
--
<daypack> Will a 16 inch laptop fit in the {product}?
--
<backpack,duffel> Is the {product} big enough for a week-long trip?
""",
    "dishwasher": """
Is the {product} dishwasher safe?
--
Can I put the {noun} in the dishwasher or will it ruin it?
--
Dishwasher ok? The lid too?
--
<bottle> Is the {product} BPA free? I use it for my kid's milk.
--
<bottle,mug> Can I put hot coffee in the {noun}? And can it go in the dishwasher after?
--
<bottle> Does the {product} keep things cold all day? And how do you clean it properly?
""",
    "care": """
How do I wash my {product}?
--
<rain_jacket,insulated_jacket,base_layer,fleece,sleeping_bag> Can I put the {noun} in the washing machine?
--
<rain_jacket> My {product} isn't beading water anymore. What should I do?
--
<insulated_jacket> How do I wash a down jacket without ruining it?
--
<insulated_jacket,sleeping_bag,rain_jacket> Is it OK to dry clean the {noun}?
--
<sleeping_bag,tent,boots,insulated_jacket> How should I store my {product} over the winter?
--
<rain_jacket,insulated_jacket,base_layer,fleece,sleeping_bag> Can the {noun} go in the dryer?
""",
    "battery": """
How long does the battery last on the {product}?
--
<headlamp,lantern> Can I use regular AAA batteries in the {noun} or only the rechargeable one?
--
How long does the {product} take to charge?
--
<headlamp> Does the {noun} have a red light mode?
--
<lantern> Can I charge my phone with the {product}?
--
<headlamp> Is the {product} bright enough for trail running at night?
""",
    "fuel": """
What kind of fuel does the {product} use?
--
Can I use the {noun} at high altitude?
--
Does the {product} come with a fuel canister?
--
Will the {noun} work with the small propane tanks from the hardware store?
--
How long does it take the {product} to boil water?
--
Can I take the {noun} on a plane?
""",
    "materials": """
What is the {product} made of?
--
Is the {noun} vegan? No down or wool?
--
<rain_jacket,pants,insulated_jacket> Does the {product} use PFAS or PFC chemicals in the coating?
--
<base_layer> Is the merino in the {noun} itchy? I usually can't wear wool.
--
<insulated_jacket,sleeping_bag> Is the down in the {product} ethically sourced?
--
How much recycled material is in the {noun}?
--
Where is the {product} made?
""",
    "compare": """
What's the difference between the {product} and the {other_product}?
--
{product} or {other_product} for backpacking in the Sierra? Can't decide.
--
Is the {other_product} worth the extra money over the {product}?
--
Which is warmer, the {product} or the {other_product}?
--
I'm torn between the {product} and the {other_product}. I hike mostly day trips, sometimes overnights.
--
Can you compare the {product} and {other_product} for me? Weight, durability, that kind of thing.
""",
    "use_case": """
Would the {product} be good for a trip to Iceland in September?
--
Is the {noun} a good choice for a beginner backpacker?
--
Hi! I'm doing the West Highland Way in May. Would the {product} be overkill or just right?
--
<rain_jacket,insulated_jacket,daypack,boots> Can I use the {product} for everyday commuting in the city too?
--
<tent,sleeping_bag,sleeping_pad,stove> We're taking our kids camping for the first time. Is the {product} a
good fit for that?
--
I'm going to Yosemite in July. Do I need the {product} or is that too much?
--
<trail_shoes,base_layer,daypack,boots> Is the {noun} suitable for hiking in the desert? I'm worried about
heat.
--
<tent,sleeping_bag,insulated_jacket,sleeping_pad> would the {product} work for winter camping in vermont
--
I've never bought outdoor gear before, is the {product} a good starting point or should I get something
simpler?
""",
    "stock": """
When will the {product} be back in stock in my size?
--
Can I pre-order the {noun} in {colour}? It says sold out.
--
Is the {product} being discontinued? I can't find my size anywhere.
--
Will you restock the {product} before the holidays?
--
I saw a new colour of the {product} on Instagram. When does it come out and can I reserve one?
--
Is there a waitlist for the {noun}? I'd like to be notified.
""",
    "general": """
Tell me about the {product}.
--
Does the {product} come with a warranty?
--
<rain_jacket,insulated_jacket,fleece,pants,softshell> Does the {product} have pockets big enough for a
phone?
--
Is the {noun} the same as the one you sold last year? Did anything change?
--
My friend has the {product} and loves it. Is it still the current version?
--
Can you tell me more about the {product} before I order? Specifically how durable it is.
--
Is the {product} a good gift for someone who hikes a lot?
--
<sleeping_bag,insulated_jacket,tent> Hey, quick question about the {noun}: does it come with a stuff sack?
--
<rain_jacket,insulated_jacket,fleece,backpack,tent,duffel> I read some reviews saying the zipper on the
{product} is stiff. Is that still an issue?
--
<tent,stove,trekking_poles,headlamp,backpack> Do you sell replacement parts for the {product}?
""",
}

DAMAGED_ITEM: dict[str, str] = {
    "shipping_damage": """
<backpack,daypack,duffel> So the box got here and honestly it looked like it had been run over. The {noun}
inside is dented and one of the
buckles is snapped. Not thrilled. What can you do? Order {order}.
--
<@soft> Arrived today. Water damage on the box, and the {noun} is stained. Do I send it back or do you send
a new one?
--
<bottle,mug,cookware,headlamp,lantern,stove> The {product} came with a crack along the side. I didn't drop
it, it was like that when I opened it.
--
hi the thing i ordered came broken. pic attached. need a new one please
--
My {product} arrived damaged. The box was crushed and the {noun} has a [dent|tear|crack] in it.
--
<@soft> Hi, the package showed up soaked and the {noun} inside is ruined. Order {order}.
--
Received my order today and the {product} is broken. Photos attached.
--
<@soft> The box was ripped open when it arrived and the {noun} has a hole in it.
--
item arrived damaged. what do i do
--
<bottle,mug,cookware,stove,headlamp,lantern,trekking_poles> Hello, unfortunately my {product} came with a
big scratch and a dent. It looks like it was dropped. Can you send
a replacement?
--
<tent> The {noun} I ordered arrived with a bent pole. Tent is unusable.
--
My order arrived but the {product} was crushed in transit. Very disappointed.
--
<bottle,mug> The lid of my {product} was cracked out of the box.
--
Package arrived with the tape cut and resealed, and the {noun} has marks all over it. Looks used?
""",
    "defective": """
First trip out with the {product} and it failed. I followed the instructions. Is this a known issue?
--
Out of the box, the {noun} doesn't work properly. I've tried everything in the manual.
--
<@apparel> The {product} I got has a manufacturing defect: there's glue all over the seams and one panel is
stitched inside
out.
--
<bottle,mug,trekking_poles,duffel,backpack> Not sure if I'm doing something wrong but the {noun} won't stay
closed / locked. It's brand new. Can you help?
--
<@zippered> The zipper on my new {product} broke the first time I used it.
--
<headlamp,lantern> My {product} won't turn on. Charged it overnight. Brand new.
--
<@soft> I just got the {noun} and there's a seam coming apart already.
--
<boots,trail_shoes,gloves> One of the {noun} has a defect: the stitching is loose on the left one.
--
<bottle,mug> The {product} leaks from the lid. It's brand new and I haven't dropped it.
--
<stove> The igniter on the {product} doesn't spark. First time I tried it.
--
<rain_jacket,insulated_jacket,tent,sleeping_bag,fleece> Hi, my {noun} has a small hole in the fabric right
out of the bag. Is that normal?
--
<backpack> The buckle on the hip belt of my {product} snapped the first time I tightened it.
--
<sleeping_pad> The {noun} won't hold air. Inflated it last night and woke up on the ground.
--
<@apparel> The colour of my {product} is patchy, like it was dyed unevenly. Not what I paid for.
--
<tent,rain_jacket,sleeping_pad,duffel,backpack> There's a weird chemical smell from the {noun} that won't
go away even after airing it out.
""",
    "wrong_item": """
This isn't what I ordered. The packing slip says {product} but the item in the box is different.
--
<@multicolour> Got the right product but in the wrong colour - I asked for {colour}. Can you swap it?
--
You sent me the wrong item. I ordered the {product} and got something else.
--
<@sized> I ordered a size {size} and received a {other_size}.
--
Wrong colour sent. I ordered {colour} and got {other_colour}.
--
Hi, my order {order} came with someone else's item in the box.
--
<@apparel> The {noun} in the box is a women's, I ordered men's.
--
<boots,trail_shoes> I received two left boots. Not joking.
""",
    "missing_item": """
Only half my order arrived. Is the rest coming separately? The tracking says delivered and complete.
--
I'm missing the {product} from {order}. Everything else was in the box.
--
My order came but the {product} wasn't in the box.
--
Something's missing from my order. I only got one of the two items.
--
<tent,sleeping_bag,stove,trekking_poles> The {noun} arrived without the stuff sack / poles / parts that
should come with it.
--
The box was empty apart from packing paper. Order {order}.
--
Missing item from {order}. The packing slip lists the {product} but it's not here.
""",
}

PRODUCT_HARM: dict[str, str] = {
    "stove": """
Please read this carefully. When I attached a new canister to the {product}, gas started leaking from the
valve
and caught fire. I managed to put it out but the table is scorched and I burned my forearm.
--
<stove> My {product} flared up when I lit it and burned my hand. I had to go to urgent care.
--
<stove> The canister stove caught fire at the valve. Nobody was hurt but it scared us badly. This needs to
be looked at.
--
<stove> I was using the {noun} exactly as instructed and flames shot out the side. My eyebrows got singed.
Is this a
known problem?
--
<stove> The {product} melted part of the pot handle and my son burned his fingers on it.
""",
    "electrical": """
<headlamp,lantern> My {product} got extremely hot while charging and melted the cable. It could have
started a fire.
--
<headlamp> The headlamp battery swelled up and cracked the case. I'm worried about it exploding.
--
<lantern> My kid got a small electric shock from the lantern's charging port. Is it safe?
--
<headlamp,lantern> The {noun} started smoking while it was charging on my nightstand.
""",
    "skin": """
<base_layer,shirt,fleece,socks> I developed a rash after wearing the {product}. My doctor thinks it's
something in the fabric.
--
<base_layer,shirt,fleece,socks,hat> I had an allergic reaction to the {noun}, my skin broke out in hives
where it touched.
--
<base_layer,shirt,fleece> After wearing the {product} my daughter got red welts on her neck. What chemicals
are in it?
""",
    "structural": """
I want to report a safety problem. My {noun} broke while I was using it normally and I was injured. I have
photos and a doctor's note.
--
<backpack,daypack> The {product} strap snapped while I was on a ledge and I fell. I'm bruised and my wrist
is sprained.
--
<trekking_poles> My trekking pole collapsed under me on a descent and I went down hard. I needed stitches
in my knee.
--
<backpack,daypack> The {noun} buckle broke and my pack fell off my back while I was crossing a river. I
could have drowned.
--
<tent> The tent pole snapped and cut my hand open. I had to get it stitched.
--
<boots,trail_shoes> The sole of my {noun} came off on a steep trail and I fell. I hurt my ankle.
""",
    "other": """
<bottle,mug> The lid of the {product} has a sharp edge and I cut my lip on it.
--
<headlamp,bottle,trekking_poles,lantern> A small piece broke off the {noun} and my toddler nearly choked on
it.
--
<boots,sleeping_pad,bottle,gloves> My dog chewed the {noun} and got sick. Is the material toxic?
--
<stove> I got carbon monoxide symptoms after using the {product}. Is it safe to use in a vestibule?
""",
}

WARRANTY_CLAIM: dict[str, str] = {
    "leak": """
<rain_jacket> After about a year, the {product} is wetting through on the shoulders and arms in steady
rain. I've washed it and
re-proofed it as the care guide says. Is this covered?
--
<rain_jacket,pants,tent> My {product} is leaking through the seams after about a year. I thought it was
waterproof?
--
<rain_jacket> The {noun} isn't waterproof anymore, I get soaked through at the shoulders. Bought it
{placed}.
--
<rain_jacket,pants> Hi, the membrane in my {product} is peeling off on the inside. Is that covered?
--
<boots> My waterproof boots leak after only a few months. Warranty?
--
<tent> The tent floor is letting water through in a couple of spots. It's about a year old.
""",
    "zipper": """
<@zippered> The main zipper on my {product} broke. Can it be repaired under warranty?
--
<@zippered> Zipper pull snapped off my {noun}. It's less than two years old.
--
<rain_jacket,insulated_jacket,fleece,softshell> The zip on my {product} keeps separating at the bottom. Is
that covered?
--
<rain_jacket,insulated_jacket,fleece,softshell> My jacket zipper split. I've had it since {placed}. Is
there a warranty?
""",
    "structure": """
<backpack,daypack,duffel> The buckle on my {noun} just cracked on a cold morning. It's not even two years
old. Do you replace parts?
--
<cookware,mug> Handle on my {product} came loose. It wobbles and I'm worried it will fall off when full.
--
<tent> One of the poles on my {product} cracked. Can I get a replacement section?
--
<boots,trail_shoes> The sole is coming away from the upper on my {product}. They're about {age} old.
--
<backpack> The hip belt buckle on my {noun} broke under normal load.
--
<bottle,mug> My {product} lost its vacuum seal, drinks don't stay cold anymore.
--
<headlamp,lantern> My {product} stopped holding a charge after about six months.
--
<stove> The igniter on my {noun} stopped working. Is that a warranty thing?
--
<insulated_jacket,sleeping_bag> The down is leaking out of my {product}, feathers everywhere.
--
<backpack,daypack,duffel> The stitching on the shoulder strap of my {noun} is coming apart. Had it {age}.
--
<trekking_poles> My trekking poles won't lock anymore, the lever snapped.
--
<rain_jacket,insulated_jacket,tent,fleece,pants> The {noun} has a hole near the seam that appeared on its
own, not snagged.
""",
    "process": """
Hi, my {product} has developed a problem after about {age}. What's the process for getting it looked at?
--
How do I make a warranty claim?
--
What does your warranty cover? My {noun} is {age} old and falling apart.
--
Do I need the receipt for a warranty claim? It was a gift.
--
Is my {product} still under warranty? I bought it {placed}.
--
I sent photos for my warranty claim last week and haven't heard back.
--
Can I get my {noun} repaired instead of replaced? I love this one.
""",
}

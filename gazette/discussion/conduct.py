"""Constructions of hate and conduct for the standards' grammar.

Compiled patterns over ``grammar.normalise``'s sentences, from the word
classes of ``lexicons.py``: people as animals, pests or disease
(``DEHUMANISE``...), contempt for a whole protected group (``GROUP_CONTEMPT``,
``GROUP_VERDICT``), insults aimed at people (``INSULT``, ``PERSON_ATTACK``),
harassment of commenters and personal details (``HARASS``, ``PERSONAL``) and
advertising (``SPAM_STRONG``...). ``grammar.find`` applies them.
"""

from __future__ import annotations

import re
from collections import Counter

from gazette.discussion import lexicons as lx

BEAST_ADJ = (
    r"(?:all|just|nothing but|basically|simply|literally|no better than|worse than|"
    r"like|a|an|the|bunch of|pack of|swarm of|horde of|nest of|herd of|filthy|dirty|"
    r"disgusting|stinking|diseased|inbred|feral|wild|rabid|greedy|lazy|parasitic|"
    r"thieving|blood sucking|bloodsucking|subhuman|little|foreign|real|total|"
    r"complete|absolute|utter|mere|vicious|dumb|mindless|always|have always been|"
    r"barely more than|little more than|no more than|not much more than|wild|"
    r"stray|mangy|nothing more than)"
)
DEHUMANISE = lx.spread(
    "|".join(
        [
            rf"\b(?<!treated )(?<!treat them )(?<!living )(?:are|is|were|was|being|"
            rf"become|becoming|you|these|those|filthy|dirty|stinking|bloody|breed "
            rf"like|behave like|act like) (?:{BEAST_ADJ} )*(?P<beast>{lx.BEASTS})\b",
            r"\bhuman (?:litter|garbage|trash|waste|rubbish|debris|refuse|sewage|"
            r"detritus|excrement|filth|scum|cattle|stain|stains|weeds?|wreckage)\b",
            rf"\b(?:{lx.PROTECTED_GROUPS}|{lx.OTHER_GROUPS}|xgroupx|people) "
            r"(?:like (?:him|her|them|you|that) )?"
            r"(?:are|were) (?:just |nothing but |basically |"
            r"simply |all )*(?:litter|garbage|trash|rubbish|waste|dead wood|debris|"
            r"refuse|weeds|sewage)\b",
            r"\b(?P<word>sub ?humans?|untermensch\w*|vermin|cockroaches|mongrels|"
            r"inbred|infest\w*|overrun by|swarm of|swarms of|hordes? of|"
            r"(?:not|less than|barely|hardly) (?:even |really |quite |fully |truly )?"
            r"human(?! (?:rights|error|cost|toll|story|stories|touch|side|element|"
            r"resources|life|lives|nature|beings? (?:who|that|like))\b)|"
            r"(?:are|is|were) (?:not|never|hardly|barely) (?:even |really )?(?:people|"
            r"persons|humans|human beings)\b|(?:parasitic|verminous|subhuman|savage|"
            r"inferior|mongrel|feral|animal|bestial|disease ridden) (?:race|people|"
            r"species|breed|tribe|lot|kind|bunch|underclass|horde)|"
            r"(?=(?:are|is|were) )(?<!cats )(?<!dogs )(?<!pigs )(?<!goats )(?<!horses )"
            r"(?<!hogs )(?<!cat )"
            r"(?<!dog )(?:are|is|were) (?:all |just |completely |totally )?(?:feral|"
            r"animalistic|bestial|verminous)\b|(?:feed them|give them \w+) and they "
            r"(?:multiply|breed|come back|swarm)|they (?:multiply|swarm|infest)|"
            r"(?:crawling|swarming|scuttling|slithering) (?:all )?(?:over|into|in|"
            r"out of|across)|consider \w+ (?:\w+ ){0,4}human|"
            r"breed like|how they breed|they breed|multiply like|multiplying like|"
            r"spread like|feed off|feeding off|sucking (?:\w+ ){0,3}dry|fumigate|"
            r"cure the country|cleanse|purge "
            r"(?:them|the country)|exterminat\w+|pest control|cage them|put them "
            r"down)\b",
        ]
    )
)
PEOPLE_SUBJECT = (
    rf"(?:they|these|those|them|{lx.PROTECTED_GROUPS}|{lx.OTHER_GROUPS}|xgroupx|"
    r"[a-z]+s)"
)
DISEASED = lx.Gated(
    re.compile(rf"\b{lx.DISEASES}\b"),
    re.compile(
        rf"(?:\b{PEOPLE_SUBJECT} (?:all |just |simply |basically )?(?:are|were)|\b(?:"
        rf"{lx.PROTECTED_GROUPS}|{lx.OTHER_GROUPS}|xgroupx|he|she|you) (?:is|was)) "
        rf"(?:{BEAST_ADJ} )*(?:\w+ )?(?P<beast>{lx.DISEASES})\b"
        r"(?! (?:survivors?|patients?|research|ward|treatment|drugs?|cases)\b)"
    ),
)
LIKE_BEAST = lx.Gated(
    re.compile(r"\blike "),
    re.compile(
        rf"\b(?P<verb>\w+ )?(?:\w+ )?like (?:{BEAST_ADJ} )*(?P<beast>{lx.BEASTS})\b"
    ),
)
VICTIM_VERBS = lx.words(
    "treated treat treating herded packed crammed kept held used transported "
    "shipped caged living live lived sold slaughtered killed hunted dying died "
    "sick work worked working eat ate eating"
)
SWARMED = re.compile(rf"\b(?:a|an) {lx.SWARMS} of (?:\w+ )?(?:{lx.BEASTS})\b")

# Identity attacks: contempt for a whole group.
GROUP = (
    rf"(?:(?:gay|black|muslim|jewish|trans|disabled|foreign|immigrant|migrant|asian|"
    rf"boomer|millennial|zoomer|"
    rf"african|arab|female|women|catholic|christian|hindu|sikh|old|elderly|deaf|"
    rf"blind|autistic|lesbian|white|brown|polish|romanian) (?:[a-z]+s|people|folk|"
    rf"men|women|children|kids)|"
    rf"{lx.PROTECTED_GROUPS}|xgroupx|foreigner|immigrant|migrant)"
)
HAS_GROUP = re.compile(rf"\b{GROUP}\b")
GROUP_CONTEMPT = lx.Gated(
    re.compile(rf"\b{lx.GROUP_CONTEMPT}\b"),
    re.compile(
        rf"\b(?P<group>{GROUP}|they|them|these people|those people|most of them|"
        rf"every one of them|all of them)(?: \w+){{0,2}}? (?:are|is|were|have always "
        rf"been)(?: (?:all|just|so|too|always|mostly|basically|naturally|inherently|"
        rf"genetically|nothing but|such|really|simply|clearly|obviously|completely|"
        rf"born|a bunch of|a load of|a|an|more|far more|much more|less|far less|"
        rf"much less|by nature|the most|only))* (?:\w+ and )?"
        rf"(?P<what>{lx.GROUP_CONTEMPT})\b"
    ),
)


_VERDICT = "|".join(
    [
        rf"\b(?P<g1>{GROUP}|they) (?:\w+ ){{0,2}}?(?:cannot|can not|could never|"
        r"will never|should not|must not|should never|must never|do not|does not)"
        r" (?:ever )?(?:be (?:trusted|loyal|integrated|reasoned with|relied on|"
        r"allowed|let|given|employed|hired)|belong|have (?:the vote|rights|a say|"
        r"children)|vote|be near|integrate|assimilate)\b",
        rf"\b(?P<g2>{GROUP}) (?:\w+ ){{0,2}}?(?:should|must|need to|ought to) "
        r"(?:all )?(?:lose|be stripped of|be banned|be barred|not be allowed|not"
        r" have|not get|go back|be sent back|be deported|be kicked out|get out|"
        r"be kept out|be kept away|be locked up|stay in|be sterili[sz]ed|be "
        r"segregated|be registered|wear|leave|know their place|stick to|be in "
        r"separate|be separated|be kept apart|stay (?:at"
        r" home|in the kitchen|out of)|keep quiet|shut up|be seen and not heard)\b",
        rf"\bno (?:more )?(?P<g14>{GROUP}) (?:should|must|ought to|will|can) (?:ever )?"
        r"(?:be (?:allowed|let|given|employed|hired|in charge|trusted)|be (?:a|an) "
        r"(?!victim|target|prisoner|hostage)\w+|(?:run|lead|manage|teach|vote|"
        r"drive|govern|referee|fly|operate))\b",
        r"\b(?:brains?|minds?|heads?) (?:are|is) not (?:built|made|wired|designed|"
        r"meant|cut out) for\b",
        rf"\b(?P<g25>{GROUP}) (?:all |always |just |only |basically |mostly )?"
        r"(?:steal|lie|cheat|rob|scrounge|sponge|beg|breed|stink|smell|riot|rape)"
        r"(?! (?:from|the|a|an|their|our|in|at|of)\b)\b",
        rf"\b(?P<g26>{GROUP}) (?:are|is) (?:only|just|fit only|good only) (?:\w+ )?"
        r"(?:good|fit|useful|there) for\b",
        rf"\b(?:ban|deport|expel|remove|sack|kick out) (?:all |every |the )?"
        rf"(?P<g15>{GROUP})\b",
        rf"\b(?P<g17>{GROUP}) (?:cannot|can not|are unable to|could never) "
        r"(?:\w+ ){0,4}?without (?:stealing|lying|cheating|crying|complaining|"
        r"bribing|fighting)\b",
        rf"\b(?P<g18>{GROUP}) (?:\w+ )?(?:cannot|can not|are unable to|could never|"
        r"will never|do not|does not) (?:\w+ )?(?:run|lead|govern|manage|think|"
        r"drive|handle|be trusted|do maths|reason|work|raise|understand|grasp|cope|"
        r"be objective|referee|play|control|commit|integrate|fit in|learn)\b",
        rf"\b(?P<g19>{GROUP}) (?:\w+ ){{0,1}}?(?:hold|holds|drag|drags) "
        r"(?:\w+ ){0,3}?(?:back|down)\b",
        rf"\bevery (?P<g20>{GROUP}) (?:\w+ ){{0,7}}?(?:cheat|cheated|cheats|lied|"
        r"lies|stole|steals|robbed|scammed|a liar|a thief|a fraud|a crook)\b",
        rf"\b(?P<g16>{GROUP}) (?:breed|produce|spawn|raise|become|turn into|are "
        r"born) (?:\w+ )?(?:terrorists|criminals|thieves|rapists|extremists|"
        r"fanatics|liars)\b",
        r"\bso expect\b|\bexpect (?:more )?(?:crime|abuse|child abuse|trouble|"
        r"fraud|corruption|violence|theft|bombs)\b",
        rf"\b(?P<g3>{GROUP}) (?:\w+ ){{0,2}}?have no (?:business|place|right)\b",
        rf"\bthe only good (?:\w+ )?(?P<g4>{GROUP}) is\b",
        r"\b(?:get|got|getting) rid of (?:them|all of them|the lot of them|every one "
        r"of them)\b",
        rf"\b(?:get|got|getting) rid of (?:all |the |these |those |every )?"
        rf"(?P<g27>{lx.PROTECTED_GROUPS}|xgroupx)(?= and| from| out| for good|$)",
        rf"\b(?:typical|bloody|filthy|dirty|stinking) (?P<g5>{GROUP})\b",
        r"\blook after their own\b",
        rf"\b(?:before|since|after) (?:we|they) let (?:\w+ ){{0,2}}?"
        rf"(?P<g6>{GROUP})\b",
        r"\b(?:send|ship|deport|kick|throw|fly) "
        r"(?:all |the |every |these |those )*"
        rf"(?:\w+ )?(?P<g21>{GROUP}) (?:back|home|out)\b",
        r"\bback (?:to )?where (?:they|you|he|she) (?:came|come) from\b",
        r"\b(?:never|cannot|can not|do not|should not) (?:trust|hire|employ|rent|"
        r"sell|vote for|marry|believe|promote|serve|let|give|lend)(?: \w+){0,4}? "
        rf"(?:an? |any |the |a single |one )(?:\w+ )?(?P<g22>{GROUP})\b",
        r"\bnever (?:trust|hire|employ|rent|sell|vote for|marry|believe|promote|"
        r"serve|let|give|lend)(?: \w+){0,4}? (?:an? |any |the )?(?:\w+ )?"
        rf"(?P<g7>{GROUP})\b",
        rf"\b(?:all|every) (?P<g8>{GROUP}) (?:are|is|i have (?:ever )?met)\b",
        rf"\b(?P<g9>{GROUP}) (?:\w+ ){{0,1}}?(?:are all|have ruined|ruined|"
        r"ruin|destroyed|destroy|are ruining|are destroying|are taking over|"
        r"control|run|own) (?:all |the |this |our |every |each |any )*(?:country|"
        r"banks|media|papers|press|world|money|everything|town|city|jobs|schools|"
        r"neighbou?rhoods?|areas?|streets?|estates?|places?|communit(?:y|ies)|"
        r"industry|sport|culture|clubs?|games?|teams?|workplaces?|offices?|"
        r"families)\b",
        # "autistic kids shouldn't be in normal schools"
        rf"\b(?P<g34>{GROUP}) (?:\w+ ){{0,2}}?(?:should not|must not|should never|"
        r"must never|do not belong) (?:be )?(?:allowed )?in (?:normal|mainstream|"
        r"regular|our|public|proper) (?:schools?|class(?:es|rooms?)?|jobs|"
        r"workplaces?|society|sports?|teams?|football|hospitals?|wards?)\b",
        # "jews are behind all of it"
        rf"\b(?P<g32>{GROUP}) (?:\w+ )?(?:are|is) (?:always |all |really )?behind "
        r"(?:all|everything|it all|all of it|all this|every \w+|the whole thing)\b",
        # Kept from children: "gay blokes shouldn't be coaching kids football"
        rf"\b(?P<g33>{GROUP}) (?:\w+ ){{0,2}}?(?:should not|must not|should never|"
        r"must never|cannot|can not) (?:ever )?(?:be )?(?:allowed to |let )?(?:\w+ing|"
        r"near|around|teach|coach|work with|look after|adopt|foster) (?:\w+ ){0,2}?"
        r"(?:kids|children|schools?|classrooms?|pupils|young people|minors|boys|"
        r"girls|babies)\b",
        rf"\bof course (?:the )?(?:\w+ ){{0,4}}?(?:is|was|would be) (?:a |an )?"
        rf"(?P<g10>{GROUP})\b",
        r"\bwhat (?:did|do|would) (?:anyone|you|we|people) expect\b",
        r"\b(?:go|send them|get|shipped|ship them) back (?:to )?(?:where|your|"
        r"their|the (?:jungle|desert|cave))\b",
        r"\b(?:stealing|steal|take|taking|took) (?:our|all the) (?:jobs|houses|"
        r"homes|women|benefits)\b",
        rf"\b(?P<g11>{GROUP}) (?:\w+ ){{0,2}}?(?:come|came|are) (?:here |over )?"
        r"(?:only |just )?(?:to|for) (?:steal|rob|sponge|scrounge|live off|take|"
        r"rape|cause|the benefits|benefits|our)\b",
        r"\blive off (?:benefits|the state|handouts|us|our taxes)\b",
        rf"\bkeep (?:the |all |those |these |any )?(?P<g29>{GROUP}) (?:away|out)\b",
        rf"\b(?P<g30>{GROUP}) (?:\w+ ){{0,2}}?(?:should|must|ought to) (?:never|not) "
        r"(?:have been|be) (?:let in|allowed in|admitted|given (?:the vote|a vote|"
        r"rights|citizenship|passports)|let near)\b",
        rf"\b(?P<g31>{GROUP}) (?:\w+ )?belongs? (?:in|back in|at) (?:the |a |their "
        r"own )?(?:kitchen|home|cage|zoo|jungle|desert|gutter|camps?|prison|cave|"
        r"trees|bedroom|country)\b",
        rf"\b(?P<g28>{GROUP}) (?:\w+ )?(?:bring|brings|brought|spread|spreads|carry|"
        r"carries) (?:nothing but |only |with them |in )?(?:crime|disease|diseases|"
        r"drugs|violence|terror|terrorism|misery|filth|trouble|chaos|knife crime)\b",
        r"\b(?:have not|has not|do not have|does not have|lack|lacks) (?:got )?"
        r"(?:the )?(?:brains|intelligence|morals|loyalty|decency|capacity|"
        r"character|temperament)\b",
        r"\b(?:not|never) (?:smart|intelligent|clever|bright|strong|rational) "
        r"enough\b",
        rf"\b(?P<g12>{GROUP}) (?:\w+ ){{0,1}}?have no (?:morals|shame|loyalty|"
        r"culture|brains|manners|values|decency|conscience|soul)\b",
        r"\b(?:whole|entire) (?:nation|race|people|country|religion|lot|tribe|"
        r"culture) (?:is|are) (?:\w+ )?(?:dishonest|corrupt|liars|thieves|"
        r"cheats|evil|lazy|violent|stupid|backward|rotten|savages|primitive)\b",
        r"\bby nature\b|\bin their (?:blood|genes|dna)\b|\bgenetically\b",
        # Denying who people are: "trans women are just men in dresses".
        r"\btrans (?:women|woman) (?:are|is) (?:just |really |only |actually |still |"
        r"simply |nothing but )*(?:men|blokes|males|a man|a bloke|a male)\b|"
        r"\btrans (?:women|woman|men|man|people|ppl) (?:are not|is not|will never "
        r"be|can never be|are never going to be|will not ever be) (?:real|proper|"
        r"actual|true|genuine) (?:women|woman|men|man|people)\b|"
        r"\btrans (?:men|man) (?:are|is) (?:just |really |only |actually |still |"
        r"simply |nothing but )*(?:women|girls|females|a woman|a girl)\b",
        # Exclusion said at a distance: "X are ... and should be kept out".
        rf"\b(?P<g23>{GROUP}) (?:\w+ ){{3,12}}?and (?:should|must|ought to|need to) "
        r"(?:all )?(?:be kept out|be banned|be barred|be excluded|be locked up|be "
        r"deported|be sent back|lose (?:the|their) (?:vote|rights))\b",
        rf"\b(?P<g24>{GROUP}) (?:\w+ ){{0,2}}?(?:should|must|need to|ought to) "
        r"(?:all )?have (?:their|the) (?:vote|votes|rights|right to vote|pensions|"
        r"benefits|passports|citizenship|children|licences|licenses) (?:\w+ )?"
        r"(?:taken|stripped|removed|revoked|cancelled)\b",
        r"\b(?:the rest|the others|all the others|foreigners|outsiders) (?:can|"
        r"should|must|need to|will) (?:leave|go|get out|go home|clear off|piss "
        r"off|be sent)\b",
        r"\b(?:another|yet another|one more) (?:foreigner|immigrant|migrant|"
        r"outsider|muslim|jew)\b",
        rf"\b(?P<g13>{GROUP}) (?:\w+ ){{0,2}}?(?:should|must) be (?:\w+ )?"
        r"(?:banned|barred|removed|sacked|fired|excluded|kept away|kept out)\b",
    ]
)
# A sentence naming no group is searched without the alternatives that need
# one ("(?!)" never matches): most sentences of a long comment name none.
GROUP_VERDICT = lx.Narrowed(
    HAS_GROUP, re.compile(_VERDICT), re.compile(_VERDICT.replace(GROUP, "(?!)"))
)

GROUP_SELF = re.compile(
    r"\b(?:whole|entire|that|this) (?:nation|race|people|religion|tribe|ethnicity)"
    r" (?:is|are) (?:\w+ ){0,2}?(?:dishonest|corrupt|liars|thieves|cheats|evil|lazy|"
    r"violent|stupid|backward|rotten|savages|primitive|inferior|filthy|dirty|"
    r"criminal|worthless|subhuman)\b"
)

# Insults aimed at people.
SOFT_NOUNS = (
    r"(?:hacks?|trolls?|puppets?|thugs?|rats?|pigs?|snakes?|toads?|sheep|vultures?|"
    r"parasites?|leeches|fools?|traitors?|goons?|crooks?|frauds?|liars?|cowards?|"
    r"hypocrites?|freaks?|knobs|dicks|witch(?:es)?|clowns?|creeps?|cows?|"
    r"stooges?|shills?|lapdogs?|genius|einstein|dinosaurs?|relics?|has beens|"
    r"fossils?|maggots?)"
)
STRONG_LEADS = (
    r"(?:is|are|was|were|you|you are|what an?|such an?|total|complete|absolute|"
    r"utter|typical|bunch of|pack of|load of|gang of|nest of|shower of|is an?|are "
    r"an?|was an?|you are an?|you|that|this|these|those)"
)
COMPOUND = (
    r"(?! (?:investigation|case|charges?|trial|squad|scandal|inquiry|allegations?|"
    r"show|car|job|story|act|fish|oil|race|poison|farm|farmer|farming|in the grass|"
    r"costume|nose|school|world|shop|family|flu|pen|cage|breed|meat|run|fever|"
    r"catcher|hunt|hunter|prices?|market|trade|tax|food|droppings|bite|attack|"
    r"fishing|ring)\b)"
)
# An epithet opening a clause: "..., blind useless git."; not a clause whose
# verb or preposition makes the animal an animal ("people ate rats").
_NOT_EPITHET = (
    r"(?:ate|eat|eats|eating|fed|feed|kept|keep|keeps|catch|caught|breed|bred|sell|"
    r"sold|killed|kill|hunt|hunted|saw|see|seen|like|of|with|about|for|to|from|on|"
    r"in|at|by|trap|trapped|poison|poisoned|karma|life)"
)
INSULT_START = re.compile(
    rf"^(?:{lx.INSULT_ADJECTIVES} |(?!{_NOT_EPITHET}\b)[a-z]+ ){{0,3}}"
    rf"(?P<noun3>{lx.INSULT_NOUNS}){COMPOUND}\b"
)
INSULT = lx.spread(
    "|".join(
        [
            # Not "karma is a bitch", "life's a bitch".
            rf"\b(?<!karma )(?<!life )(?<!karma is )(?<!life is )"
            rf"(?P<lead>{lx.INSULT_LEADS})"
            rf"(?: {lx.INSULT_ADJECTIVES}){{0,3}}"
            rf" (?P<noun>{lx.INSULT_NOUNS}){COMPOUND}\b",
            rf"\b(?P<lead2>{STRONG_LEADS})(?: \w+){{0,3}} (?P<noun2>{SOFT_NOUNS})"
            rf"{COMPOUND}\b",
            rf"\b(?<!karma is )(?<!life is )(?:a|an|you|what a|such a|total|complete|"
            r"absolute|utter) "
            rf"(?:[a-z]+ ){{0,2}}(?P<noun4>{lx.INSULT_NOUNS}){COMPOUND}\b",
            r"\b(?:is|are|you are|was) (?:\w+ ){0,3}?(?:brain dead|brainless|"
            r"talentless|gormless|spineless|gutless|witless|slimy|sleazy|moronic|"
            r"idiotic|senile|demented|deranged|halfwitted|dimwitted|two faced|"
            r"snivelling|odious|repellent|weaselly) (?:[a-z]+)\b",
            r"\b(?:thick|dumb|daft|stupid|dim) as (?:two short planks|a brick|a "
            r"plank|mince|pigshit|a post|a rock|a bag of hammers)\b",
            r"\bbelongs? in (?:a|the) (?:museum|home|zoo|cage|bin|asylum|nuthouse)\b",
            r"\b(?:a|an|the|this|that|what a|such a) (?:braindead|brain dead|"
            r"brainless|talentless|gormless|witless|moronic|idiotic|halfwitted|"
            r"dimwitted|spineless|gutless|senile|thick|dense) "
            rf"(?:{lx.ROLES}|{lx.PEOPLE_WORDS})\b",
            r"\b(?:sack|bag|bucket|pile|heap) of (?:shit|crap|manure|dung|garbage|"
            r"rubbish|lies|filth|excrement|pus|slime)\b",
            r"\b(?:the )?(?:brains?|brain cells?|intelligence|iq|reasoning skills|"
            r"mental age|attention span|common sense|wit|charisma|personality) of a "
            r"(?:\w+ )?(?:turnip|toddler|goldfish|potato|rock|brick|plank|child|"
            r"five year old|dog|sheep|gnat|cabbage|doorknob|lettuce|slug|walnut|"
            r"pea|peanut|baby)\b",
            # "looks like a boiled ham and thinks like one"
            r"\b(?:looks|talks|thinks|acts|smells|sounds|dresses) like (?:a |an )?"
            r"(?:\w+ ){1,2}and (?:thinks|talks|acts|smells|looks|sounds) like one\b",
            r"\ba face like an? (?:slapped|smacked|bulldog|pig|horse|arse|bag of|"
            r"dropped|melted|squashed|sucked|burst|kicked|boiled|wet)\b",
            r"\b(?:dimmest|dullest|thickest|dumbest|densest|not the brightest|not the "
            r"sharpest) (?:bulb|tool|knife|crayon|spark|candle|brick|pencil|button)\b",
            r"\b(?:sad|pathetic|angry|bitter|nasty|miserable|jumped up|smug|silly|"
            r"stupid|ugly|fat|creepy|tiny) (?:little |old )?(?:man|woman|boy|girl|"
            r"person|creature|troll|twerp)\b",
        ]
    )
)
PERSON = (
    rf"(?:you|he|she|they|this guy|that guy|this man|that man|this woman|that woman|"
    rf"the {lx.ROLES}|this {lx.ROLES}|that {lx.ROLES}|our {lx.ROLES}|your "
    rf"{lx.ROLES})"
)
PERSON_ATTACK = lx.spread(
    "|".join(
        [
            rf"\b(?P<who>{PERSON}) (?:is|are|was|were|seems|looks|sounds)(?: (?:so|"
            rf"this|that|too|such a|really|completely|totally|utterly|clearly|"
            rf"obviously|just|plain|being|a bit|quite|incredibly|absolutely))*"
            rf" (?P<what>{lx.PERSON_ATTACKS})\b",
            rf"\b(?:are|is) (?P<who2>you|he|she) (?:\w+ ){{0,2}}?(?P<what2>"
            rf"{lx.PERSON_ATTACKS}"
            r"|blind|insane|mad|serious)\b",
            rf"\b(?P<what3>{lx.SUPERLATIVE_ATTACKS}) (?:\w+ )?{lx.PEOPLE_WORDS}\b",
            r"\b(?:can|could|imagine) be(?:ing)? (?:this|that|so) (?P<what4>dense|"
            r"stupid|thick|dumb|dim|clueless|brainless|ignorant|gormless|slow)\b",
            r"\b(?:(?:you|he|she|they) (?:have |has |have got |has got |is got |got )|"
            r"has |has got |have got |with )(?:the )?"
            r"(?:brains?|brain cells?|intelligence|iq|mental age|attention span|common "
            r"sense|personality|charisma|wit) of an? \w+",
            r"\b(?:an embarrassment|a disgrace|a stain|a blot|a blight) (?:to|on) "
            r"(?:the human race|humanity|mankind|the species|society|the planet)\b",
            r"\b(?P<what5>get a life|did you (?:even )?(?:go to|finish) school|learn "
            r"to read|can you (?:even )?read|do you (?:even )?read|are you (?:even )?"
            r"literate|crawl back under|back to your basement|shut (?:up|your "
            r"(?:mouth|trap|face|gob))|(?:go|crawl|run) (?:away |off )?(?:and )?die|"
            r"stfu|nobody asked you|who asked you|fuck "
            r"(?:you|off)|screw you|up yours|go to hell|sod off|piss off|bugger "
            r"off|eat shit|kiss my|go die|kill yourself|kys|neck yourself|get a "
            r"brain|brain cell|brain cells|the iq of|an iq of|belongs? in a home|"
            r"should be in a home|ugly mug|face for radio)\b",
        ]
    )
)

# Harassment of commenters, and personal data.
HARASS = lx.spread(
    "|".join(
        [
            r"\b(?:everyone|everybody|all of you|folks|people|lads|guys|you all|let "
            r"us all|let us) (?:\w+ ){0,5}?(?:report|flag|downvote|spam|flood(?! "
            r"(?:the|a|an|this|that|our|it|with)\b)|mass "
            r"report|message|email|write to|fill up|bombard|pile on|dox|doxx|find)\b",
            # Brigading someone's employer, club or family: "everyone tag his
            # club and his sponsors", "so his employer sees who he is"
            r"\b(?:tag|contact|ring|call|email|e mail|dm|message|inform|write to|"
            r"send (?:it|this|them) to) (?:his|her|their) (?:club|sponsors?|"
            r"employers?|boss|work|workplace|school|family|agent|label|publisher|"
            r"wife|husband|parents|manager|mum|mom|dad|kids|uni|university|church|"
            r"landlord|neighbours)\b",
            r"\b(?:so|until|and) (?:his|her|their) (?:employer|boss|work|club|"
            r"sponsors|family|wife|husband|parents|school) (?:sees?|finds? out|knows?|"
            r"hears?|sacks?|drops?)\b",
            # "we'll ruin your career"
            r"\b(?:i|we) (?:will|are going to|am going to|would) (?:\w+ )?(?:ruin|"
            r"destroy|end|wreck|finish) (?:your|his|her|their|ur) (?:career|life|"
            r"reputation|business|marriage|name|job)\b",
            # Finding out where someone is, and their number
            r"\bfind out (?:where|which \w+|what \w+) (?:\w+ ){0,3}?(?:works?|lives?|"
            r"coaches|teaches|drinks|trains|studies|goes|parks|sleeps)\b",
            r"\b(?:anyone|anybody|who|someone) (?:has |have )?got (?:his|her|their|"
            r"this \w+|that \w+) (?:phone )?(?:number|address|home address|email|"
            r"mobile)\b",
            # Someone's posts or pictures passed round: "screenshot her profile
            # and send it round the group chat"
            r"\b(?:screenshot|screenshotting|share|sharing|post|posting|send|sending|"
            r"spread|spreading|forward|forwarding) (?:\w+ )?(?:his|her|their) "
            r"(?:profile|pics|pictures|photos|selfies|page|posts|tweets|dms|messages|"
            r"nudes|number|address)\b(?: \w+){0,4}? (?:round|around|everywhere|to "
            r"everyone|in the (?:group|chat))\b",
            # Driving off: "delete your account before we find more"
            r"\bdelete (?:your|ur) (?:account|profile|page|channel)\b(?! (?:settings|"
            r"history|data)\b)",
            # Threats to expose: "your boss will love these screenshots"
            r"\b(?:your|ur) (?:boss|employer|wife|husband|mum|mom|dad|family|work|"
            r"manager|partner|girlfriend|boyfriend|kids|colleagues|school|church) "
            r"(?:will|would|is going to|are going to) (?:love|enjoy|be (?:interested|"
            r"fascinated|delighted)|want to see|like) (?:to see |reading |seeing )?"
            r"(?:these|this|them|those|that|it)\b",
            r"\b(?:send|sending|forward|forwarding|show|showing|post|posting) (?:it|"
            r"them|this|these|everything|all of it|the screenshots|your posts) to "
            r"(?:your|ur) (?:boss|employer|wife|husband|mum|mom|family|work|manager|"
            r"partner|school|church)\b",
            # "everyone go flood her dms", not "let's flood the meeting with
            # objections"
            r"\b(?:flood|spam|bombard|fill up|blow up) (?:(?:his|her|their|your|ur|"
            r"\w+) ){1,3}?"
            r"(?:dms?|inbox|inboxes|mentions|replies|comments|page|timeline|"
            r"notifications|phone|emails?|messages)\b",
            r"\b(?:until|till|til) (?:they|she|he|the mods|the moderators|\w+) (?:ban|"
            r"bans|block|blocks|leave|leaves|quit|quits|is banned|gets banned|delete|"
            r"deletes|gives up|shuts up|closes|cries|apologises|apologizes)\b",
            r"\b(?:i|we) (?:will|am going to|are going to|shall) (?:now |just |also )?"
            r"(?:follow|stalk|hound|track|haunt|watch) you\b",
            r"\bshow (?:us|me) (?:your|her|them) (?:legs|tits|body|bum|arse|ass|boobs|"
            r"chest|feet|knickers|underwear)\b",
            r"\b(?:look|looks|looked|would look|bet you look) (?:\w+ ){0,2}?(?:with "
            r"nothing on|naked|nude|topless|in (?:a |your |her )?(?:bikini|underwear|"
            r"lingerie|knickers|swimsuit))\b",
            r"\bfill (?:up )?(?:her|his|their|your) inbox\b",
            r"\b(?:leave|get off|stay off|fuck off|go away from|log off) (?:this|the)"
            r" (?:site|page|forum|comments|discussion|thread|paper)\b",
            r"\b(?:nobody|no one) (?:here |on here )?(?:wants|likes|cares about|"
            r"needs) you\b|\bnot welcome here\b|\blog off (?:forever|for good|"
            r"and (?:never|do not) come back)\b",
            r"\bevery (?:time|single time) you (?:post|comment|write|reply|open your)"
            r"\b",
            r"\bkeep(?:ing)? (?:a list|a file|a record|tabs|track|notes|screenshots) "
            r"(?:of|on) (?:you|everything|all)\b",
            r"\b(?:it is|its|they are|this is) (?:all )?(?:coming out|going public|"
            r"going up) (?:soon|shortly|tomorrow)\b",
            r"\b(?:your|his|her) (?:real |full )?name is\b",
            r"\byou (?:work|live|study) (?:at|for|in|on) (?:the )?\w+",
            r"\b(?:your|his|her) (?:boss|employer|manager|wife|husband|mum|mother|"
            r"colleagues) (?:would|will|should|might) (?:love to|like to|want to|be "
            r"interested to)? ?(?:see|know|hear|read)\b",
            r"\b(?:i|we) (?:will|am going to|are going to|could|might) (?:\w+ )?"
            r"(?:tell|contact|email|call|ring|write to|inform|message) (?:your|his|her)"
            r" (?:employer|boss|wife|husband|family|school|work|workplace|manager|"
            r"mum|mother|parents|colleagues)\b",
            r"\b(?:i|we) know (?:you are|it is you|who you are|that you are)\b",
            r"\b(?:put|post|share|publish|leak) (?:your|his|her) (?:work |home |real )?"
            r"(?:address|number|details|photo|name|workplace)\b",
            r"\b(?:how is|hows) (?:the|your) (?:divorce|marriage|wife|husband|rehab|"
            r"therapy|custody)\b|\byour ex (?:told|says|said|tells)\b",
            r"\b(?:sent|send|forwarded|forward|reported|emailed) (?:them|it|this|those|"
            r"your \w+|everything) to your (?:university|employer|boss|school|work|"
            r"wife|husband|family|parents|college|manager)\b",
            r"\bscreenshot(?:ted|ed)? (?:every|all)\b",
            r"\b(?:sexy|hot|cute|fit) (?:profile )?(?:pic|photo|picture|selfie)\b|"
            r"\bshow you a good time\b",
            r"\b(?:i am|we are|i have been|we have been) watching (?:you|your|every)"
            r"|\bjust so you know i am watching\b",
            r"\b(?:hey|hi|hello|alright|oi) (?:sweetheart|darling|babe|baby|love|"
            r"sexy|gorgeous|honey|sugar|princess|beautiful)\b",
            r"\bbet you (?:look|would look|feel|taste) (?:\w+ )?(?:tasty|hot|sexy|fit|"
            r"gorgeous|delicious|good|great|lovely|fine|cute|naughty) (?:in|without)\b",
            r"\b(?:post|send|share|show) (?:me |us )?(?:a |some |more )?(?:photo|"
            r"photos|pic|pics|picture|pictures|selfie|selfies) of (?:yourself|you)\b",
            r"\bsend(?:ing)? me (?:more |some |a few )?(?:photos|pics|pictures|"
            r"selfies|nudes)\b",
            r"\b(?:tell|show) (?:her|him|them) what (?:they|you|we) think (?:\w+ )"
            r"{0,5}?in person\b",
            r"\bdoes not deserve a (?:voice|platform|say)\b",
            r"\b(?:i|we) (?:will|am going to|are going to|shall) (?:\w+ ){0,2}?"
            r"(?:reply to|respond to|follow|answer|comment on|copy|hound|stalk) "
            r"(?:\w+ ){0,2}?(?:every|all|everywhere|wherever)\b",
            r"\bevery (?:comment|post|reply) you (?:make|write|post)\b",
            r"\byou (?:only |always |still )?(?:post|comment|write) (?:at|every|all) "
            r"(?:\w+ ){0,2}?(?:night|nights|morning|mornings|am|pm|day|hour)\b",
            r"\b(?:love|like|want|wanting) to see (?:a (?:lot|bit|little) )?more of "
            r"you\b",
            r"\b(?:i|we) will keep (?:on )?(?:following|watching|hounding|replying to|"
            r"tracking|reading) you\b|\bpage after page\b|\b(?:wherever|everywhere) "
            r"you go\b",
            r"\bstill (?:at|in|on|living|working) (?:\w+ ){0,4}?(?:street|road|lane|"
            r"avenue|close|drive|estate|square)\b",
            r"\b(?:i have|i have got|i got) all day\b",
            r"\bsick of this site\b",
            r"\b(?:go|get) back to (?:your|the) (?:kitchen|sink|cave|basement|mum "
            r"basement|mother basement)\b",
            r"\b(?:wife|husband|girlfriend|boyfriend|partner) (?:has )?(?:left|kicked|"
            r"dumped|thrown) you\b",
            r"\bonly ever (?:comments?|posts?) at night\b",
            r"\b(?:nice|great|lovely|hot|sexy|pretty|fit) (?:wife|girlfriend|"
            r"daughter|legs|tits|body|bum|arse|ass|lips|figure)\b",
            r"\bsend (?:me )?(?:nudes|pics|photos of yourself|a photo of yourself)\b",
            r"\bwhat (?:are|is) (?:you|she) wearing\b",
            r"\b(?:found|find|tracked|tracked down) you on (?:facebook|instagram|"
            r"linkedin|twitter|x|tiktok|the electoral roll)\b",
            r"\bfound (?:your|his|her) (?:profile|account|address|house|facebook|"
            r"linkedin|employer|workplace|real name)\b",
            r"\b(?:i|we) (?:already |now )?know (?:your|his|her) (?:real )?"
            r"(?:name|address|employer|workplace|number)\b",
            r"\b(?:i|we) (?:already )?know (?:who you are|what you look like|it)\b"
            r"(?=.*\b(?:name|coward|from|live|work))",
            r"\bpost your (?:real )?(?:name|address|photo)\b",
            r"\b(?:recogni[sz]ed|spotted|saw) you (?:in|at|on)\b",
            r"\b(?:want|shall) (?:me|us) to (?:post|share|publish|leak) (?:it|them|"
            r"your)\b",
            r"\b(?:i|we) (?:will|am going to|are going to|could) (?:\w+ )?(?:post|"
            r"share|publish|leak|expose|reveal) (?:your|his|her) (?:\w+ )?(?:name|"
            r"address|details|photos?|employer|identity)\b",
            r"\b(?:i|we) (?:have been|been|am|are) (?:following|watching|tracking|"
            r"reading) (?:you|your|all your)\b",
        ]
    )
)
KIN = (
    r"(?:daughters?|sons?|grandchildren|grandkids|kids|children|child|wife|husband|"
    r"partner|girlfriend|boyfriend|"
    r"mother|mum|mom|father|dad|family|parents)"
)
PERSONAL = lx.spread(
    "|".join(
        [
            # Not the writer's own family ("my daughter's school took part").
            rf"\b(?!my |our |the |a |these |those |all |some |many |most )"
            rf"(?:your|his|her|their|[a-z]+) {KIN} (?:\w+ ){{0,3}}?"
            r"(?:school|goes"
            r" to|go to|are at (?:\w+ ){0,3}?(?:school|primary|juniors|academy|college|"
            r"nursery|infants|grammar)|go to school|are in year|is in year|attend|"
            r"drives (?:the |a )?(?:\w+ ){0,2}?(?:bus|taxi|cab|van|lorry|train|tram)|"
            r"catches the|takes the (?:\w+ )?(?:bus|train|tram)|parks|"
            r"attends|works at|works in|gets picked|picked up|walks home|"
            r"is at|studies at|university|uni|studies|apprentice at|"
            r"walk home|nursery|college|classroom|class|lives at|lives on|lives in|"
            r"plays for|trains at|drops off)\b",
            r"\b(?:lives|living|live|stays|sleeps) (?:at|on) (?:number |no )?\d",
            r"\b(?:lives|living|live|stays) (?:at|on|in) (?:\w+ ){1,3}(?:street|st|"
            r"road|rd|lane|avenue|close|drive|crescent|terrace|gardens|grove|mews|"
            r"row|way|estate)\b",
            r"\b(?:his|her|their|your) (?:home|house|flat|place) is (?:\w+ ){1,8}?"
            r"(?:street|road|lane|avenue|close|drive|crescent|terrace|estate|square)\b",
            r"\b(?:home|house|flat) is (?:the|at|on|in|number) (?:\w+ ){0,6}?"
            r"(?:street|road|lane|avenue|close|drive|crescent|terrace|estate|square|"
            r"end of|corner of)\b",
            r"\b(?:his|her|their|your) (?:instagram|facebook|twitter|tiktok|"
            r"linkedin|snapchat|insta)\b",
            r"\b(?:his|her|their|your) (?:home|house|flat|private|personal) "
            r"(?:address|number|email|phone)\b",
            r"\b\d{1,4}[a-z]? (?:(?!(?:not|the|other|a|an|of|to|and|or|in|on|one|"
            r"all|this|that|per|is|was|are|by|way|more|less|than|from|with)\b)"
            r"[a-z]+ ){1,3}(?:street|st|road|rd|lane|ln|avenue|"
            r"ave|close|drive|crescent|terrace|gardens|grove|mews|row|way)\b",
            r"\b(?:he|she|they|\w+) works? (?:at|in) the (?:\w+ ){0,3}(?:office|shop|"
            r"branch|school|hospital|clinic|bank|depot|warehouse|factory|store) "
            r"(?:on|in|at)\b",
            r"\b(?:red|blue|green|grey|black|navy) uniform\b",
        ]
    )
)

# Spam.
SPAM_STRONG = re.compile(
    r"\b(?:casino|hot singles|singles in|doctors hate|one (?:weird |simple |odd )?"
    r"trick|(?:earn|make|made|making|earning) (?:\d[\d,.]*|up to \d[\d,.]*|"
    r"thousands|hundreds)\b.{0,30}\b(?:week|month|day|hour|from home)|from home"
    r"|free shipping|promo code|referral (?:code|link)|use (?:my|the) code|"
    r"bitcoin|crypto|forex|payday loans?|quick loans?|viagra|cialis|buy followers|"
    r"followers|best prices?|lowest prices?|cheap (?:\w+ )?(?:watches|handbags|"
    r"bags|flights|pills|meds|loans)|click (?:here|the link|my link|below)|"
    r"(?:lost|lose) \d+ ?(?:kg|kilos|pounds|lbs)|limited (?:time )?offer|order now|"
    r"act now|sign up (?:now|today|here)|guaranteed (?:income|returns|results)|"
    r"work from home|betting tips|free (?:spins|bets?|trial|gift)|dating site|"
    r"check out my|my profile|exclusive content|link in (?:my )?bio|xxx|"
    r"onlyfans|double your (?:money|investment|cash|savings|bitcoin)|with "
    r"(?:the |my )?(?:promo |discount |voucher )?code [a-z0-9]+|per ?cent off|"
    r"(?:make|earn|made) money (?:fast|online|from)|passive income|financial "
    r"freedom|investment opportunity|first (?:callout|call out|lesson|"
    r"consultation|visit) free|easy "
    r"money|no credit checks?|meet (?:beautiful|sexy|local|lonely|hot) "
    r"(?:women|men|singles|girls|ladies)|win an? (?:free|new)|text \w+ to \d+|"
    r"follow me on|giveaways?|use code|discount code)\b"
)
SPAM_CUES = re.compile(
    r"\b(?:buy|cheap|discount|offer|deal|deals|sale|prices?|guaranteed|free|"
    r"visit|call|whatsapp|telegram|dm me|message me|text me|contact me|earn|income|"
    r"profit|invest|investment|loans?|dating|weight|order|quality|shipping|"
    r"subscribe|follow me|my channel|my blog|my site|my page|repairs|services|"
    r"best|bonus|win|winner|prize|cash|reliable|affordable|experience|years "
    r"experience|professional|callout|quotes?|book now|booking|vouchers?|looking for"
    r" an?|ltd|sons|exclusive)\b"
)
LINK = re.compile(
    r"https?://|www\.|\b[a-z0-9\-]+\.(?:com|net|org|biz|info|io|co|"
    r"app|club|shop|xyz|online|site|store|top|win|vip|me|ly|uk)\b"
)
SELLING = re.compile(
    r"\b(?:buy|cheap|cheapest|discount|sale|earn|income|profit|loans?|dating|"
    r"singles|subscribe|order now|casino|bonus|prize|followers|insurance|offer|"
    r"lonely|per cent off|% off|off at)\b"
)
CONTACT = re.compile(r"https?://|www\.|@|\d{3}[\s.\-]?\d{3}")
STOP = lx.words(
    """
    a an the and or of to in on at for is are was were it this that i you he she we
    they be by with as not
    """
)


def repeated(words: list[str]) -> str | None:
    """Return a phrase repeated within the comment (spam), or None."""
    # No phrase occurs more often than its first word: where even the most
    # frequent word is too rare to make up 40% of the comment as a 4-word
    # phrase, no phrase can (the cheap answer for long, ordinary comments).
    top = max(Counter(words).values(), default=0)
    if top * 4 < 0.4 * len(words):
        return None
    for size, least in ((4, 2), (3, 3), (2, 4)):
        grams = Counter(
            tuple(words[i : i + size]) for i in range(len(words) - size + 1)
        )
        for gram, count in grams.most_common(1):
            # The phrase must make up much of the comment: a long comment may
            # well say "the people who" twice.
            if (
                count >= least
                and count * size >= 0.4 * len(words)
                and sum(w not in STOP for w in gram) >= 2
            ):
                return " ".join(gram)
    return None

"""Constructions of hate and conduct for the standards' grammar.

Compiled patterns over ``grammar.normalise``'s sentences, from the word
classes of ``lexicons.py``: people as animals, pests or disease
(``DEHUMANISE``...), contempt for a whole protected group (``GROUP_CONTEMPT``,
``GROUP_VERDICT``), insults aimed at people (``INSULT``, ``PERSON_ATTACK``),
harassment of commenters and personal details (``HARASS``, ``PERSONAL``, from
``harassment.py``) and advertising (``SPAM_STRONG``..., from ``spam.py``),
re-exported here. ``grammar.find`` applies them.
"""

from __future__ import annotations

import re

from gazette.discussion import lexicons as lx
from gazette.discussion.harassment import HARASS as HARASS
from gazette.discussion.harassment import KIN as KIN
from gazette.discussion.harassment import PERSONAL as PERSONAL
from gazette.discussion.spam import CONTACT as CONTACT
from gazette.discussion.spam import LINK as LINK
from gazette.discussion.spam import SELLING as SELLING
from gazette.discussion.spam import SPAM_CUES as SPAM_CUES
from gazette.discussion.spam import SPAM_STRONG as SPAM_STRONG
from gazette.discussion.spam import STOP as STOP
from gazette.discussion.spam import repeated as repeated

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

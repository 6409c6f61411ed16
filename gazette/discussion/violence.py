"""Constructions of violence for the standards' grammar: threats, wishes, incitement.

Compiled patterns over the normalised sentences of ``grammar.normalise``
(lower-case words separated by single spaces), built from the word classes of
``lexicons.py``. ``grammar.find`` applies them and decides what a match means
(reported speech, negation); this module only says what the constructions
are:

- the writer promising violence (``THREAT_OWN``, ``THREAT_ARMED``...), veiled
  warnings (``VEILED``, from ``violence_veiled.py``), conditions ("if he
  shows his face...");
- someone called on to harm (``CALL_TO_HARM``), a wish that someone be
  harmed (``SHOULD_BE_HARMED``, ``WISH``, ``REGRET``);
- imperatives to a crowd and mob justice (``INCITE``, ``INCITE_ANYWHERE``).
"""

from __future__ import annotations

import re

from gazette.discussion import lexicons as lx
from gazette.discussion.violence_veiled import VEILED as VEILED
from gazette.discussion.violence_veiled import W

SUBJECT_1 = r"\b(?:i|we|me and the lads|me and my mates|my mates and i)"
FUTURE = (
    r"(?:will|would|shall|am going to|are going to|am|are|want to|plan to|intend to|"
    r"am about to|are about to|got to|have to|need to|going to|swear|promise|"
    r"will personally|would happily|would gladly|would love to|would like to)"
)
ABSTRACT = (
    r"(?:mood|vibe|competition|game|match|exam|test|race|deal|lights|engine|bill|"
    r"idea|plan|motion|opposition|record|budget|argument|arguments|show|case|"
    r"chances?|career|reputation|point|theory|scheme|project|campaign|policy|"
    r"policies|hopes?|dreams?|vote|votes|tax|taxes|costs?|prices?|rates?|"
    r"funding|spending|deficit|debt|story|stories|rumou?r|myth|lie|lies|"
    r"narrative|momentum|traffic|noise|power|heating|queue|line|losses|"
    r"numbers|figures|jobs|services|budgets|benefits|links|ties|grass|hedge|"
    r"problems?|issues?|causes?|crisis|crises|habits?|myths?|notion|idea|ideas|"
    r"engine|engines|ball|shot|goal|text|message|email|photo|picture|corners?|"
    # computing and other things, not people: "kill the process", "execute the
    # script", "kill the lights"
    r"process|processes|script|scripts|server|servers|app|apps|task|tasks|job|"
    r"thread|threads|tab|tabs|query|queries|program|programs|build|builds|cache|"
    r"session|sessions|daemon|container|containers|loop|command|commands|order|"
    r"orders|sequence|code|macro|function|request|requests|transaction)"
)
NOT_HARM_AFTER = (
    r"(?! (?:for\b|it\b|myself\b|ourselves\b|me an?\b|time\b|some (?:time|"
    r"calories|fat)\b|the breeze|a line|an email|you an|him an|her an|them an|"
    r"a message|a text|a look|(?:\w+ ){1,4}?an? (?:quick |short )?(?:email|"
    r"e-mail|message|text|line|note|dm|pm|invite)\b|"
    r"(?:off |out |down )?(?:the|your|his|her|their|this|"
    r"that|our|its|a|an|any|every|these|those) (?:\w+ )?" + ABSTRACT + r"\b))"
)
THREAT_OWN = re.compile(
    rf"{SUBJECT_1} (?:{W}{{0,2}}?){FUTURE} (?:{W}{{0,4}}?)"
    # "i'm gonna find whoever leaked the album and break every finger"
    rf"(?:(?:find|catch|track down|get hold of|hunt down|see) (?:{W}{{1,6}}?)and "
    rf"(?:{W}{{0,2}}?))?"
    rf"(?P<harm>{lx.HARM_VERBS}){NOT_HARM_AFTER}\b"
)
INSTRUMENTS = (
    r"(?:the firing squad|the gallows|the noose|a bullet|in an ambulance|in a body "
    r"bag|in a coffin|in a box|in a wheelchair|on a stretcher|in hospital|in pieces)"
)
THREAT_INSTRUMENT = re.compile(
    rf"{SUBJECT_1} (?:{W}{{0,3}}?)(?:will|would|shall|am going to|are going to|"
    rf"make sure|see to it|ensure|volunteer)\b (?:{W}{{0,6}}?)"
    rf"(?P<harm>{INSTRUMENTS})"
)
THREAT_ARMED = re.compile(
    rf"{SUBJECT_1} (?:{W}{{0,8}}?)(?:with|bring|bringing|brought|grab|carry|"
    rf"carrying|bring out|get out) (?:the |our |my |some |a few )?"
    rf"(?P<harm>{lx.WEAPONS})\b"
)
CONDITIONAL = re.compile(
    r"\bif (?:i|we) (?:ever )?(?:see|catch|meet|find|get hold of|run into)\b"
    r"|\bif (?:he|she|they|you|\w+|the \w+) (?:ever |dares? to |so much as )?"
    r"(?:shows?|sets?|"
    r"turns? up|comes?|dares?|steps?|tries|try)\b"
)
CONDITIONAL_HARM = re.compile(
    rf"\b(?:{lx.HARM_VERBS}|{INSTRUMENTS}|{lx.WEAPONS})\b"
    r"|\bnot be walking\b|\bleaves? in\b"
)
# Retribution idioms: "make them pay", "teach them a lesson they won't forget";
# not "make them pay at the ballot box" nor "make polluters pay for the clean-up".
RETRIBUTION = re.compile(
    r"\bmake (?:them|him|her|you|em) (?:all )?(?:pay|suffer|bleed|scream|beg)"
    r"(?: dearly| for (?:this|that|it|what (?:they|he|she|you) (?:did|have done|has "
    r"done)))?(?= (?:lads|everyone|people|now|tonight|then|too)\b|$)"
    r"|\bteach (?:them|him|her|you|\w+) a lesson (?:they|he|she|you) (?:will not|"
    r"would not|never|will never) forget\b"
)
CIVIL_RETRIBUTION = re.compile(
    r"\b(?:voters?|electorate|ballot|polls?|election|court|courts|lawsuit|fines?|"
    r"taxes|taxpayers?|market|markets|customers|shareholders|boycott)\b"
)
INSIDE = re.compile(
    r"\b(?:with|while) (?:him|her|them|he is|she is|they are) (?:still )?"
    r"(?:asleep |sleeping |trapped |locked |tied up )?inside\b"
)
WISH_FRAME = re.compile(rf"\b{lx.WISHES}\b")
FORCED = re.compile(
    r"\b(?:make|force|get|drive) (?:them|\w+) (?:to )?(?:leave|go|out)\b.{0,40}\bby "
    r"force\b"
)
RALLY = re.compile(
    r"\bwho is (?:with me|in|coming|up for it)\b|\bare you with me\b|"
    r"\blet us do (?:this|it)\b|\bwho will join\b"
)
CALL_TO_HARM = re.compile(
    rf"\b(?P<who>{lx.AGENTS}|every (?:real |true |decent )?\w+|all (?:real |true )"
    rf"\w+) (?:{W}{{0,1}}?){lx.MODALS} (?:{W}{{0,8}}?)"
    # Not a passive that someone suffers: "...before a child gets killed".
    r"(?<!\bgets )(?<!\bget )(?<!\bgot )(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bbe )"
    rf"(?P<harm>{lx.HARM_VERBS}){NOT_HARM_AFTER}\b"
)
PASSIVE_HARM = (
    r"(?:shot|hanged|hung|lynched|killed|executed|strung up|put down|put against a "
    r"wall|lined up and shot|taken out|taken out back|gassed|burned|burnt|torched|"
    r"beaten|stabbed|strangled|drowned|flogged|culled|exterminated|wiped out|"
    r"shot dead|burned alive|burnt alive|hunted down|run over|blown up|bombed|"
    r"tortured|castrated|beheaded|guillotined|publicly hanged|set on fire|set alight|"
    r"razed|burned to the ground|burnt to the ground|dragged (?:into|through|out|"
    r"from)(?: \w+){0,3}|given what (?:he|she|they) deserves?|aborted|drowned at "
    r"birth)"
)
SHOULD_BE_HARMED = re.compile(
    r"\b(?:should|ought to|needs? to|must|deserves? to|deserved to|has to|have to|"
    r"wants? to|want to see|would like to see|would love to see|hope to see)"
    rf" (?:all |just |simply |really |be |get |see )*(?:{W}{{0,3}}?)"
    rf"(?:be |been |get |being |getting )(?:{W}{{0,3}}?)(?P<harm>{PASSIVE_HARM})\b"
)
SHOULD_BURN = re.compile(
    r"\b(?:should|ought to|needs? to|must|deserves? to) (?:all |just )?"
    r"(?P<harm>go up in flames|burn(?: down| to the ground)?|die|hang|swing|"
    r"be wiped out)\b"
)
GRAVE = re.compile(
    r"\blet (?:the )?(?:sea|ocean|river|waves|fire|flames|wolves|sharks|dogs|rats|"
    r"crows|vultures|desert|cold|winter|virus|plague|mob) (?:have|take|claim|"
    r"swallow|finish|eat) (?:them|him|her|the lot|the rest)\b|"
    r"\b(?:dance|dancing|piss|pissing|spit|spitting|party|celebrate) (?:on|at|"
    r"over) (?:his|her|their|your|\w+) graves?\b|\b(?:deserves?|needs?|could "
    r"(?:do with|use)) a (?:good |proper )?(?:beating|kicking|hiding|thrashing|"
    r"bullet|slap)\b|"
    # The cheap lookahead first: the lookbehinds run only before "deserves".
    + r"\b(?=deserve|earned|has coming)"
    + "".join(
        f"(?<!{word} )"
        for word in lx.words(
            "plan scheme bill idea policy project proposal law tax motion reform "
            "rule budget league"
        )
    )
    + r"\b(?:deserves?|deserved|earned|has coming) (?:a |an )?"
    r"(?:\w+ ){0,3}?(?:death|bullet|noose|rope|beating|kicking)\b(?! (?:penalty|"
    r"sentence|knell|of (?:his|her|their|the) (?:career|party|government|policy|"
    r"policies|project|plan)))"
)
WISH = re.compile(
    rf"\b(?P<frame>{lx.WISHES}) (?P<between>{W}{{0,13}}?)(?P<harm>{lx.HARM_EVENTS})\b"
    r"(?! (?:of laughter|laughing|of boredom|penalty|metal)\b)"
)
# Harm as what a precaution prevents, between a wish frame and the harm:
# "someone ought to fix this junction before a child gets killed".
PRECAUTION = re.compile(r"\b(?:before|until|unless|lest|otherwise|in case)\b")
REGRET = re.compile(
    rf"\b(?P<frame>{lx.REGRETS}) (?:that )?(?P<between>{W}{{0,7}}?)"
    rf"(?P<harm>{lx.MISSED})\b"
)
CALL_ARMED = re.compile(
    rf"\b(?:{lx.AGENTS}) (?:{W}{{0,1}}?){lx.MODALS} (?:{W}{{0,10}}?)(?:with|using) "
    rf"(?P<harm>{lx.WEAPONS})\b"
)
NOBODY_DID = re.compile(
    r"\b(?:pity|shame|too bad|a pity|a shame|sad) (?:that )?(?:nobody|no one|noone) "
    r"(?:has |had )?(?:\w+ ){0,2}?(?:took a shot|taken a shot|shot|killed|stabbed|"
    r"hanged|finished|pushed|ran|run|blew|bombed|got to)\b"
)
# "Pity it wasn't the rail minister on that derailed train": regret that a
# disaster's victims were not the person named.
NOT_THE_VICTIM = re.compile(
    r"\b(?:pity|shame|too bad|sad|unfortunate|gutted) (?:that )?(?:it|that|they|he|"
    r"she) (?:was not|were not|is not|was never|were never) (?:\w+ ){1,4}?(?:on|in|"
    r"inside|under|aboard|at the wheel of) (?:that|the|this|his|her|their) (?:\w+ )?"
    r"(?:train|bus|plane|flight|car|boat|ferry|ship|coach|building|fire|blaze|crash|"
    r"wreck|helicopter|tower|rubble|flood|explosion|collapse|derailment|pile up|"
    r"pileup|accident|smash|blast|attack|shooting|stabbing|avalanche|landslide)\b"
)
HARM_AGENTS = re.compile(
    r"\b(?:gunman|gunmen|shooter|sniper|bomb|bomber|bombers|assassin|bullet|bullets|"
    r"attacker|knife|car|bus|train|flood|fire|storm|earthquake|tsunami|missile|"
    r"missiles|virus|cancer|crash|avalanche|tornado|hurricane|shark|mob|rocket|"
    r"landslide|lightning|volcano|asteroid|meteor|quake|wave|lorry|truck|tram|"
    r"collapse|roof|ceiling|crane|scaffolding|rubble|"
    r"rockets|tank|tanks|mine|grenade|blast|explosion|finish)"
)
INCITE_LEAD = (
    r"(?:(?:so|now|just|come on|right|ok|okay|then|everyone|everybody|lads|people|"
    r"folks|all of you|you lot|citizens|patriots|brothers|go|go and|let us|let us all|"
    r"let us go|and|time to|it is time to|we need to|we must|we should|we have to|"
    r"we got to|we ought to|who is up for|who is with me|tonight|tomorrow|next "
    r"week|somebody|someone|please|we should all|we must all|we need to all|all|"
    r"we should all go and|we should go and|let us all go and|time for (?:\w+ )"
    r"{1,3}?to|it is time for (?:\w+ ){1,3}?to|get out there and|go out and|"
    r"on saturday|on sunday|this weekend|rise up and|stand up and|get up and|"
    r"(?:the |this )?(?:town|village|city|nation|country|people|public|community|"
    r"crowd|fans|residents|locals) (?:should|must|needs to|ought to) (?:all )?"
    r"(?:rise up and |go and |get together and |come out and )?) )*"
)
INCITE_VERBS = (
    rf"(?:{lx.HARM_VERBS}|storm|raid|loot|ransack|torch|burn|firebomb|lynch|drag|"
    r"round up|rounding up|drive out|chase out|run out|kick out|throw out|smoke out|"
    r"hunt|hunt down|string up|bring back (?:the )?(?:gallows|hanging|noose|rope|"
    r"firing squad|stocks|guillotine)|take up arms|arm yourselves|attack|"
    r"smash|wreck|trash|destroy|tear down|pull down|kill|shoot|hang|beat|"
    r"(?:throw|hurl|lob|chuck) (?:\w+ )?(?:stones|rocks|bricks|bottles|petrol "
    r"bombs|molotovs|firebombs|acid|paving slabs)|(?:throw|push|drive|chase|kick|"
    r"dump) (?:\w+ ){1,3}?(?:into|in) the (?:sea|river|canal|harbour|lake|fire|"
    r"ocean|channel))"
)
INCITE_TARGET = (
    r"(?:the|them|him|her|every|each|all|any|those|these|their|his|its|that|this|"
    r"a|an|some|em|down|up|it|out|your|whoever|anyone|everyone)\b"
)
# Verbs that carry their object and end ("set the vans on fire", "burn the
# place down", "throw them into the sea"): no target needs to follow.
INCITE_WHOLE = (
    r"(?:set (?:the )?dogs on|set (?!(?:himself|herself|themselves|myself|yourself|"
    r"itself)\b)"
    r"(?:\w+ ){1,3}?(?:on fire|alight|ablaze)|burn (?:\w+ ){1,3}?(?:down|"
    r"to the ground|out)|(?:throw|hurl|lob|chuck) (?:\w+ )?(?:stones|rocks|bricks|"
    r"bottles|petrol bombs|molotovs|firebombs|acid)|(?:throw|push|drive|chase|kick|"
    r"dump) (?:\w+ ){1,3}?(?:into|in) the (?:sea|river|canal|harbour|lake|fire|"
    r"ocean|channel)|string (?:\w+ ){1,3}?up|smash (?:\w+ ){1,3}?(?:up|in|to "
    r"pieces)|beat (?:\w+ ){1,3}?(?:up|senseless|to a pulp|to death)|tear (?:\w+ )"
    r"{1,3}?(?:down|apart))"
)
INCITE = re.compile(
    rf"^{INCITE_LEAD}(?!\w+(?:ing|ed)\b)(?P<harm>{INCITE_VERBS}){NOT_HARM_AFTER}"
    rf"(?: {INCITE_TARGET}| and\b| tonight\b| now\b| lads\b)"
    rf"|^{INCITE_LEAD}(?P<harm6>{INCITE_WHOLE})\b"
    r"|^(?:\w+ )?(?P<harm4>string|hang) (?:\w+ ){1,3}?up\b"
    rf"|^{INCITE_LEAD}(?:find|get|go to|go down to|go round to|go round|go over to|"
    rf"turn up at|pay a visit to|visit|grab|catch|meet|meet at|march on|"
    rf"gather|round up|call|bring|pull up at|pull up to|roll up at|roll up to|"
    rf"show up at|descend on|get down to|head round to|wait at|wait outside|"
    rf"march to|head to|head down to|block|surround|storm|stop) (?:\w+ ){{1,10}}?and "
    rf"(?P<harm2>{INCITE_VERBS})\b"
    r"|^(?:so |now |just |then )?(?P<harm3>hang|lynch|shoot|kill|stab|behead|execute|"
    rf"torch|string up|burn|gas){NOT_HARM_AFTER} "
    r"(?!on\b|in\b|out\b|around\b|about\b|up\b|tight\b|"
    r"fire\b|me\b|it\b|i\b|we\b|my\b|what\b|oh\b|sorry\b|yes\b|"
    r"no\b|that\b|this\b|off\b|away\b)[a-z]+"
)
INCITE_ANYWHERE = lx.spread(
    "|".join(
        [
            r"\b(?:do it|deal with (?:it|them|him|her)|sort it(?: out)?|take matters)"
            r" (?:\w+ )?(?:themselves|ourselves|yourselves|into (?:our|their|your) "
            r"own hands)\b",
            r"\blet the (?:crowd|mob|people|public|locals|lads|street|streets) "
            r"(?:sort|deal|handle|have|decide)\b",
            r"\b(?:somebody|someone|anyone|we) (?:should |needs? to |must |)"
            r"(?:organi[sz]e|arrange|lead|start|plan) (?:it|this|one|a (?:mob|crowd|"
            r"visit|march on))\b",
            r"\bmob handed\b|\b(?:go and |let us |we should |we need to |time to )"
            r"do what the (?:police|cops|courts|law|council) (?:will not|cannot|can "
            r"not|refuse to|would not|are too scared to)\b|"
            r"\bjustice the old (?:fashioned )?way\b|\bmob justice\b|"
            r"\bstreet justice\b|\bvigilante\b",
            r"\b(?:leak|post|publish|share|find out|spread) where (?:\w+ ){0,4}?"
            r"(?:lives?|sleeps?|works?)\b",
            # "share the address of the family they've housed", "post his address"
            r"\b(?:leak|post|publish|share|find out|dig up|circulate|spread|put out|"
            r"get) (?:(?:his|her|their) (?:home )?address|(?:the )?(?:home )?"
            r"address(?:es)? of (?:the|this|that|these|those) (?:\w+ )?(?:family|"
            r"families|man|woman|bloke|guy|lad|girl|couple|people|councillor|judge|"
            r"officer|driver|teacher|landlord|owner|head|migrants?|refugees?|\w+ers?))"
            r"\b",
            r"\bbring back (?:the )?(?:gallows|hanging|noose|rope|firing squad|"
            r"guillotine)\b",
            r"\bdeath to\b",
            r"\b(?:take|taking) up arms\b|\bshoot first\b|\bmilitias?\b|"
            r"\bvigilantes\b|\byou know what to do\b|\barm yourselves\b",
            r"\b(?:needs? to|should|must|deserve to|ought to) be (?:\w+ )?(?:dragged"
            r" (?:out|from|through)|thrown out of (?:their|his|her) homes?|burned out|"
            r"burnt out|driven out|run out of town|rounded up)\b",
            r"\btear (?:the place|it|them|him|her|the \w+) (?:apart|down|to pieces)\b",
            r"\bsmash (?:it|them|the \w+|every \w+|their \w+) (?:to pieces|up|in)\b",
            r"\b(?:break|smash) every (?:window|door|car)\b",
            r"\b(?:bring|grab|fetch) (?:anything|something|everything|whatever) "
            r"(?:that )?(?:burns|cuts|hurts|will burn)\b",
            r"\bby (?:force|any means)(?: necessary| if (?:needed|necessary|need be))?"
            r"\b(?=.*\b(?:leave|out|go|them)\b)|\b(?:make|force|get) them (?:leave|"
            r"out|go)\b.*\bby force\b",
            r"\barm up\b|\bwe protect ourselves\b|\btake back our streets\b",
            r"\b(?:rise|rising) up and (?:\w+ ){0,2}?(?:kill|hang|lynch|shoot|burn|"
            r"torch|attack|beat|string up|drag|storm|smash)\b",
            r"\b(?:it is )?time (?:for (?:\w+ ){1,3}?)?to (?:\w+ )?(?:hang|lynch|"
            r"shoot|kill|string up|burn|torch|storm|behead|execute|guillotine)"
            + NOT_HARM_AFTER
            + r" (?:\w+ )"
            r"{0,3}?(?:them|him|her|traitors|politicians|ministers|bankers|"
            r"councillors|mps|journalists|immigrants|migrants|refugees|foreigners|"
            r"the|a few|some|every|all|those|these|xgroupx)\b|\btime (?:for (?:\w+ )"
            r"{1,3}?)?to (?:start )?(?:shoot|fire|hit) back\b",
            r"\b(?:should|must|ought to|need to|needs to) (?:all )?(?:be )?(?:thrown|"
            r"pushed|driven|dumped) (?:\w+ ){0,2}?into the (?:sea|river|canal|"
            r"harbour|lake|fire|ocean)\b",
            r"\b(?:go |going )?hunting for\b|\bhunt (?:them|every)\b",
            rf"\bbring (?:\w+ (?:and )?){{0,3}}?{lx.WEAPONS}\b",
            rf"\blet us (?:all )?(?:\w+ ){{0,8}}?(?:with|using) {lx.WEAPONS}\b",
            r"\b(?:nobody|no one|none of them|not one of them) (?:\w+ ){0,2}?"
            r"(?:walks?|gets?|leaves?|goes?|comes?|makes? it) (?:out |away |home |"
            r"back )?(?:unhurt|unharmed|in one piece|alive|standing)\b",
            r"\bround (?:(?:them|em|\w+ \w+|every \w+|all \w+) )?up\b(?! (?:the "
            r"(?:figures|numbers|total|price)|to)\b)",
            r"\b(?:drive|chase|burn|smoke|hound|run) (?:them|\w+ \w+|every \w+|"
            r"the lot) out\b",
            r"\b(?:grab|get|bring|fetch) (?:your |the |some |a )?"
            rf"{lx.WEAPONS}(?: and| lads| everyone|$| tonight| tomorrow| we)",
            r"\b(?:should|must|ought to|need to|will) (?:all )?(?:go up in flames|"
            r"be (?:torched|burned down|burnt down|razed|firebombed|set alight|"
            r"set on fire|blown up))\b",
        ]
    )
)

# A crowd sent to someone's home: "we should all go round to the head's house
# tonight and show her what we think" (its own pattern: inside INCITE_ANYWHERE's
# alternation, a branch that may start at "^" made every search four times
# slower).
CROWD_AT_HOME = re.compile(
    r"(?:^|\b(?:let us|we should|we need to|we must|we could|everyone|"
    r"everybody|lads|we all|time to|who is up for) )(?:all )?(?:go|going|"
    r"head|pop|get|turn up|show up|pull up|roll up)(?: round| over| "
    r"down)?(?: to| at)? (?:his|her|their|the \w+|that \w+|this \w+) (?:place|"
    r"house|home|flat|door|doorstep|front door|address|street|office|work|"
    r"workplace|surgery|shop)\b"
    r"(?: \w+){0,6}? (?:and )?(?:show|let|teach|give|sort|tell|explain to|"
    r"make) (?:him|her|them)\b"
)

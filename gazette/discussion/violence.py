"""Constructions of violence for the standards' grammar: threats, wishes, incitement.

Compiled patterns over the normalised sentences of ``grammar.normalise``
(lower-case words separated by single spaces), built from the word classes of
``lexicons.py``. ``grammar.find`` applies them and decides what a match means
(reported speech, negation); this module only says what the constructions
are:

- the writer promising violence (``THREAT_OWN``, ``THREAT_ARMED``...), veiled
  warnings (``VEILED``), conditions ("if he shows his face...");
- someone called on to harm (``CALL_TO_HARM``), a wish that someone be
  harmed (``SHOULD_BE_HARMED``, ``WISH``, ``REGRET``);
- imperatives to a crowd and mob justice (``INCITE``, ``INCITE_ANYWHERE``).
"""

from __future__ import annotations

import re

from gazette.discussion import lexicons as lx

W = r"(?:[a-z0-9*]+ )"  # one word and its space
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
# Where violence sends its victim: "they'll be going home in an ambulance",
# "she'll be needing the school nurse herself".
MEDICAL = (
    r"(?:ambulances?|paramedics?|a e|casualty|intensive care|hospital beds?|"
    r"hospital|nurses?|doctors?|dentists?|surgeons?|stitches|plaster casts?|"
    r"wheelchairs?|crutches|coffins?|body bags?|morgue|hearse|priest|neck brace|"
    r"stretchers?|traction|skin grafts?|new teeth|new kneecaps?)"
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
VEILED = lx.spread(
    "|".join(
        [
            r"\bwatch (?:your|his|her|their) (?:back|step)\b",
            r"\bwatch yourself\b",
            r"\b(?:i|we|they|people|everyone) (?:all )?know (?:where|which|what) "
            rf"(?:{W}{{0,3}}?)(?:lives?|works?|sleeps?|parks?|car|house|school|"
            r"door|street|drives?)\b",
            r"\b(?:i|we|they|people|everyone) (?:all )?know (?:where|which) "
            r"(?:\w+ ){0,3}?(?:you|he|she|they) (?:\w+ ){0,2}?(?:take|takes|catch|"
            r"catches|walk|walks|leave|leaves|drop|drops|pick|picks|park|parks|"
            r"shop|shops|run|runs|jog|jogs|drink|drinks)\b",
            r"\b(?:shame|pity|sad|terrible|awful) if something (?:bad )?(?:happened|"
            r"happens|were to happen|was to happen|should happen)\b",
            r"\bwould be a (?:shame|pity) if (?:something|anything|your|his|her)\b",
            # "a shame if the mayor's car had a little accident"
            r"\b(?:shame|pity) if (?:\w+ ){0,5}?(?:had|has|have|were to have|met with|"
            r"suffered|was in|were in) (?:a |an )?(?:\w+ )?(?:accident|mishap|fall|"
            r"fire)\b",
            # "he will be dealt with", "keep it up and she will be taken care of";
            # not "she will be taken care of" alone, nor "dealt with by the courts"
            r"\b(?:you|he|she|they|him|her|them|his family|her family|your family) "
            r"(?:will|shall|are going to|is going to|would) (?:all )?(?:be|get) "
            r"(?:\w+ )?(?:dealt with|silenced|disappeared)\b"
            r"(?! (?:by|in|through|under|according|at|within)\b)",
            r"\b(?:keep (?:it|this|that) up|carry on|try (?:it|that) again|one more "
            r"(?:word|time)) and (?:you|he|she|they) (?:will|are going to|is going to) "
            r"(?:be|get) (?:\w+ )?(?:taken care of|dealt with|sorted|seen to|hurt)\b",
            r"\b(?:dealt with|taken care of|sorted out|seen to|sorted) (?:permanently|"
            r"for good|once and for all|the old way|the old fashioned way)\b",
            r"\band so will (?:his|her|your|their) (?:family|wife|husband|kids|"
            r"children)\b",
            r"\b(?:names|faces|addresses) (?:are|have been|will be|being|are being) "
            r"(?:\w+ )?(?:written down|noted|remembered)\b|"
            r"\b(?:we are|i am|we have been|i have been) (?:taking|writing down|"
            r"noting) (?:your |their |his |her |the )?names\b",
            # "will pay for this, and not with money"
            r"\bpay (?:for (?:this|that|it) )?(?:\w+ ){0,3}?(?:and )?not (?:with|in) "
            r"(?:money|cash|pounds|euros)\b|\b(?:will|shall|should|must|going to) "
            r"pay (?:with|in) (?:his|her|their|your) (?:life|lives|blood|skin|health)\b"
            r"|\bpay in blood\b",
            # "better get a bodyguard", "better pray we never meet"
            r"\b(?:better|had better|best) (?:get|hire|find|have) (?:a |some |an "
            r")?(?:bodyguards?|security|protection|armed guard)\b",
            r"\b(?:better|had better|best) (?:hope|pray) (?:i|we|they|nobody|no one) "
            r"(?:never|do not|does not|will not) (?:\w+ )?(?:meet|see|bump|run|catch|"
            r"find|clock|spot|recogni[sz]e)\b",
            # "the contractors won't be leaving in one piece"
            r"\b(?:will not|would not|are not going to|is not going to|not) (?:be )?"
            r"(?:leaving|leave|walk(?:ing)? (?:away|out|home)|get(?:ting)? home|going "
            r"home) in one piece\b",
            r"\bsee how safe (?:your|his|her|their|ur) (?:windows|car|cars|house|home|"
            r"family|kids|wife|husband|tyres|shop) (?:are|is|feel|feels)\b",
            r"\b(?:careful|wary) where (?:he|she|you|they|u) (?:parks?|walks?|drinks?|"
            r"goes|go|lives?|sleeps?)\b",
            # "he's getting a slap", "ur getting ur teeth kicked in"
            r"\b(?:he|she|you|they|u) (?:is|are|will be) (?:getting|going to get) "
            r"(?:a |his |her |your |their |ur )?(?:slap|smack|punch|clump|(?:teeth|"
            r"head|face|legs?) (?:kicked|smashed|knocked|broken) in)\b",
            r"\bsettle (?:it|this|things|the matter) (?:the old (?:fashioned )?way|"
            r"outside|with (?:fists|my fists|a bat))\b",
            r"\b(?:you|he|she|they) (?:will|would|are going to|is going to) "
            r"(?:regret|be sorry|pay for|get what is coming|be next|find out what "
            r"happens|learn what happens|not be walking|never walk|not walk|leave in)",
            r"\bfind out what happens to\b",
            r"\bpay(?:ing)? (?:\w+ ){0,4}?a (?:little |friendly |quick |proper )?"
            r"visit\b",
            r"\b(?:coming|come) for (?:you|him|her|them)\b",
            r"\bsee how brave\b",
            r"\b(?:you have|you are) been warned\b|\b(?:last|final) warning\b",
            r"\bsleep with one eye open\b|\bdays are numbered\b",
            r"\bdead (?:man|woman|men) walking\b",
            r"\b(?:you|he|she) (?:are|is) (?:so )?(?:dead|next)\b",
            r"\b(?:we|i) will be waiting\b",
            r"\bbetter (?:stay (?:out|away)|keep away|not show|not come|watch out)\b",
            r"\b(?:will not|wont|never) make it (?:home|to (?:his|her|their|your))\b",
            r"\b(?:a brick|bricks|a rock|rocks|a stone|stones|petrol(?: bombs?)?|"
            r"molotovs?|firebombs?|fire bombs?|a firework|fireworks|acid|a bottle) "
            r"(?:through|in|into|at) (?:the|your|his|her|their) (?:\w+ )?(?:window|"
            r"windows|windscreen|door|letterbox|face)\b",
            r"\bsee how long (?:your|his|her|their) (?:\w+ )?(?:windows|car|house|"
            r"tyres|tires|face|teeth|kneecaps|legs|business|shop|job|luck) "
            r"(?:last|lasts|survive|survives)\b",
            r"\b(?:fair|friendly|final|last) warning\b|\bconsider (?:yourself|"
            r"this) warned\b",
            r"\b(?:people|traitors|those) like (?:you|him|her|them) (?:will )?"
            r"(?:get|be) (?:dealt with|sorted|taken care of|strung up|shot|hanged|"
            r"what is coming)\b",
            r"\b(?:you|he|she|they) will (?:\w+ )?(?:end up|be|go home|leave|come "
            r"back|go back) (?:in|on) (?:the river|the canal|a ditch|a box|a coffin|"
            r"a body bag|a wheelchair|a stretcher|hospital|intensive care|pieces|the "
            r"morgue|a bag)\b",
            r"\b(?:you|he|she|they) will (?:\w+ )?be (?:eating|drinking|sucking) "
            r"(?:\w+ )?through a straw\b",
            r"\byou will be (?:\w+ ){0,2}?(?:swinging|eating through a straw|limping|"
            r"crawling|bleeding|dead|next|sorry|in (?:hospital|a wheelchair|a coffin|"
            r"pieces|the river|a ditch|traction|intensive care))\b",
            r"\b(?:i|we|my \w+|our \w+|the lads|my mates) (?:has|have|got|has got|"
            r"have got|own|owns|keep|keeps|carry|carries) (?:a |an |some )?"
            r"(?:loaded |sharp )?"
            r"(?:shotgun|gun|guns|rifle|knife|knives|bat|machete|crossbow|pistol|"
            r"petrol|acid)\b",
            r"\b(?:i|we) will be (?:outside|waiting|at) (?:the|your|his|her)\b",
            r"\bsee (?:if|how) (?:you|he|she) (?:are|is) (?:still )?(?:so )?"
            r"(?:mouthy|brave|tough|smug|cocky|clever|funny|confident)\b",
            r"\b(?:i|we) (?:have )?(?:got|have|know|found) (?:your|his|her) (?:home )?"
            r"(?:address|number plate|registration|car|house)\b",
            r"\byour (?:car|house|home|shop|windows?|office|family|kids|tyres|dog|"
            r"business) (?:will |might |could )?(?:goes?|go|gets?|get|burns?|catches "
            r"fire|ends? up) (?:up in (?:smoke|flames)|burnt|burned|smashed|torched|"
            r"hurt|damaged|an accident|in the river|missing)\b",
            r"\bnext time (?:i|we) (?:will not|wont|will) (?:just )?(?:wait|talk|ask|"
            r"warn|be so nice|be so polite|be so patient|hold back)\b",
            r"\b(?:waited|waiting|waits|sat|parked) outside (?:your|his|her)\b",
            r"\b(?:fished|fishing|pulling|pulled|dredging) (?:\w+ ){0,3}?out of the "
            r"(?:canal|river|harbour|sea|lake|water)\b",
            r"\byou will (?:need|be needing) (?:a dentist|an ambulance|a doctor|"
            r"stitches|a new face|surgery|a wheelchair|crutches|a coffin|a surgeon|"
            r"new teeth|a priest)\b",
            r"\bsay (?:that|it) to my face\b",
            r"\b(?:will not|wont|never) (?:make it|get) (?:back )?home\b",
            r"\b(?:be careful|careful|watch out|stay safe) out there\b",
            r"\b(?:seen|saw|watched|noticed) your (?:car|house|kids|wife|husband|"
            r"daughter|son|family|bike|flat)\b",
            r"\b(?:a bullet|a knife|a noose|a rope) with (?:\w+ ){0,3}?name on it\b|"
            r"\b(?:his|her|your|their) name on (?:it|a bullet)\b",
            r"\b(?:again|one more time|once more) and (?:you will|i will|we will|you "
            r"are|it will)\b",
            r"\b(?:be a|would be a|it would be a|what a) (?:shame|pity) if (?:they|he|"
            r"she|you|your|his|her|their|something|anything|someone)\b",
            # "what would happen to your kids if..."
            r"\bwhat (?:would|could|might|will|is going to) happen to (?:your|his|her|"
            r"their) (?:\w+ )?(?:kids|children|family|wife|husband|daughter|son|car|"
            r"house|home|face|business|shop|dog|mum|mother|parents|pretty face)\b",
            # "your house might just catch fire one night"
            r"\b(?:your|his|her|their) (?:\w+ )?(?:car|house|home|shop|windows?|"
            r"office|family|kids|tyres|tires|dog|business|flat|van|garage) (?:will |"
            r"might |could |may |would )?(?:just |accidentally |suddenly |"
            r"mysteriously |"
            r"somehow |one day |one night )*(?:catch(?:es)? fire|go(?:es)? up in "
            r"(?:smoke|flames)|burn(?:s)? down|get(?:s)? (?:torched|smashed|burnt|"
            r"burned|hurt)|(?:has|have) an accident|disappear(?:s)?)\b",
            # "one of us will get to the mayor eventually"
            r"\b(?:one of us|we|i|someone|somebody|people) (?:will|is going to|are "
            r"going to|am going to) (?:\w+ )?get to (?:you|him|her|them|the \w+|"
            r"that \w+|this \w+)(?! (?:the|a|an|work|school|know|see|vote|meet|"
            r"speak|talk|hear|read|grips)\b)",
            r"\bmark my words\b(?=.*\b(?:pay|hurt|regret|sorry|get|dead|next)\b)",
            r"\bmake sure (?:\w+ ){1,4}?(?:never|cannot|can not|will not|does not|"
            r"do not) (?:walks?|talks?|works?|sees?|plays?|writes?|speaks?|stands?|"
            r"breathes?) (?:again|straight|properly)\b",
            r"\blin(?:e|es|ed|ing) (?:\w+ ){0,3}?up against (?:a|the) wall\b|\b(?:want|"
            r"wants|need|needs|deserve|deserves) (?:lining|putting|standing|stood|"
            r"lined|put) (?:\w+ )?(?:up )?against (?:a|the) wall\b",
            r"\b(?:look|looking|watch|watching|glance|glancing) over (?:your|his|her|"
            r"their) shoulders?\b",
            r"\baccidents (?:can |do |will |tend to )?happen to (?:people like )?"
            r"(?:you|him|her|them|journalists|reporters|writers|people like)\b",
            r"\b(?:your|his|her|their) (?:home |real |work )?(?:address|house|home|"
            r"street|school|workplace|office|car|kids|family) (?:is not|is|are not|are|"
            r"would not be|will not be) (?:\w+ )?(?:hard|difficult|impossible|easy|"
            r"tricky) to (?:find|track down|trace|locate)\b",
            r"\b(?:make|made|making) (?:\w+ ){1,2}?pay (?:with|in) (?:his|her|their|"
            r"your) (?:life|lives|blood)\b",
            r"\b(?:i|we) (?:will|am going to|are going to) (?:\w+ )?(?:make your "
            r"life (?:hell|a misery)|end (?:it|you|him|her|them)|finish (?:you|him|her|"
            r"them)(?: off)?|ruin (?:your|his|her) (?:face|life))\b",
            r"\b(?:i|we) (?:will|would|am going to|are going to) (?:just |simply |"
            r"personally |soon |then )?(?:come round|come "
            r"over|come to your|find you|track you down|hunt you down|be round|be "
            r"over)\b",
            # Issue 17, casual registers. Someone else sent to hospital in the
            # future: "they'll be going home in an ambulance", "she'll be needing
            # the school nurse herself" (not the writer: "i will need a doctor").
            r"\b(?:he|she|they|you|u|some of you|one of you|whoever) (?:will|would|is "
            r"going to|are going to) (?:\w+ )?(?:be )?(?:needing|going home "
            r"in|going back in|leaving in|carried out in|ending up in|end up in|waking "
            rf"up in|taken away in|go home in|leave in|be visiting) (?:\w+ ){{0,2}}?"
            rf"{MEDICAL}\b",
            # "you'll need a new set of teeth when we're done"
            r"\b(?:you|he|she|they|u) will (?:\w+ )?need (?:\w+ ){0,4}?(?:"
            + MEDICAL
            + r"|teeth|face|kneecaps?|jaw)\b (?:when|after|by the time|once) (?:i|we|"
            r"the lads|my mates)\b",
            # "sort him out, if you know what I mean"
            r"\b(?:sort|deal with|take care of|see to|visit|have a word with|pay)\b"
            r"(?: \w+){0,6} if you know what i mean\b",
            # "he'll get what's coming", said of anyone; not at the ballot box
            r"\bget(?:s|ting)? what is coming(?: to (?:him|her|them|you))?\b(?! (?:at|"
            r"in) the (?:ballot|polls|election|next election)\b)",
            # "the referee needs his legs breaking", "he wants shooting"
            rf"\b(?:needs?|wants?|deserves?) (?:his|her|their|your|ur) (?:\w+ )?"
            rf"{lx.BODY_PARTS} (?:breaking|smashing|snapping|kicking in|caving in|"
            r"stamping on|cutting off|knocking in)\b",
            r"\b(?:he|she|they|you|u|him|that \w+|the \w+|this \w+) (?:wants?|"
            r"needs?|deserves?) (?:shooting|hanging|stringing up|putting down|"
            r"kneecapping|lynching|stabbing|a bullet|burying)\b(?! (?:practice|again|"
            r"in|on|at|the|a|some|scenes?)\b)",
            # "make them afraid to leave the house"
            r"\b(?:make|keep) (?:them|him|her|you|u|\w+) (?:all )?(?:too )?(?:afraid|"
            r"scared|frightened|terrified) to (?:leave|go out|walk|show|step out|open)"
            r"\b",
            # "she'll get hers", "he'll get his, one dark night"
            r"\b(?:he|she|they|you|u) will get (?:hers|theirs|yours|his(?= *$| one"
            r"\b| soon\b| eventually\b| mark\b| trust\b| do not\b))",
            # "it'd be a shame if the mayor's brakes failed"
            r"\bwould be a (?:shame|pity|tragedy) if (?:\w+ ){0,6}?"
            rf"{lx.HARM_EVENTS}\b",
            # Bones broken in the future: "is getting his legs broken when I find
            # him", "you'll have your fingers snapped".
            r"\b(?:is|are|will be|am) (?:getting|going to get|going to have|having) "
            rf"(?:his|her|their|your|ur) (?:\w+ )?{lx.BODY_PARTS} (?:\w+ )?"
            rf"{lx.BROKEN}\b|\bwill (?:get|have) (?:his|her|their|your|ur) (?:\w+ )?"
            rf"{lx.BODY_PARTS} (?:\w+ )?{lx.BROKEN}\b",
            # "your windscreen won't be the only thing that gets smashed"
            r"\bwill not be the only (?:thing|one|\w+) (?:that |to |which )?(?:gets?|"
            r"getting|get|going to get) (?:\w+ )?(?:smashed|broken|hurt|damaged|"
            r"burned|burnt|torched|kicked in|smashed in|cut)\b",
            # "make sure he never walks out", "make sure nobody gets home"
            r"\bmake sure (?:\w+ ){0,2}?(?:never|cannot|can not|will not|does not|do "
            r"not|nobody|no one) (?:\w+ )?(?:walks?|gets?|comes?|leaves?|makes? it|"
            r"goes?) (?:out|away|home|back|again|in one piece|alive)\b(?! (?:alone|"
            r"late|early|safely|safe|without|before|on (?:his|her|their) own|by "
            r"themselves|unaccompanied|in the dark|at night|drunk)\b)",
            # What the writer knows of someone's whereabouts and routine:
            # "i know what hotel ur in", "we know you jog at 6am by the river".
            r"\b(?:i|we|they|people|everyone) (?:all )?know (?:where|which|what) "
            r"(?:\w+ ){0,2}?(?:hotel|room|gym|route|flat|office|pub|bar|train|bus|"
            r"ward|club|table|seat|address|routine|schedule|shift|hotel room) "
            r"(?:you|u|your|ur|he|she|his|her)\b(?! (?:mean|meant|means|are talking|"
            r"are on about|is talking|said|say|says|were talking)\b)",
            r"\b(?:i|we|they|people|everyone) (?:all )?know (?:that )?(?:you|he|she|"
            r"they) (?:\w+ )?(?:jogs?|runs?|walks?|cycles?|drives?|parks?|leaves?|"
            r"swims?|trains?|drinks?|shops?|gets? home|goes? home|sleeps?|takes? the|"
            r"walks? the dog|walk your dog|finish(?:es)? work) (?:\w+ ){0,3}?(?:at "
            r"\w+|every|each|alone|by the|on (?:your|his|her|their) own|this week|"
            r"tonight|after dark|at night)\b",
            # "wants to remember he lives on my route"
            r"\b(?:wants?|want|would do well|might want|needs?|had better|better|"
            r"should) (?:to )?remember (?:that )?(?:he|she|they|you) (?:\w+ )?"
            r"(?:lives?|works?|parks?|drinks?|walks?|sleeps?)\b",
            # "hope he's got good locks on his doors"
            r"\b(?:hope|hopes|better hope|had better hope) (?:he|she|they|you) "
            r"(?:has |have |is |are )?(?:got )?(?:\w+ )?(?:locks|a lock|an alarm|"
            r"alarms|cctv|a bodyguard|bodyguards|(?:fire|home|life) insurance) "
            r"(?:on|for|at|fitted|installed)\b",
            # "keep talking ... and see what happens", "wait till u see what
            # happens to ur car"
            r"\b(?:keep|one more|carry on|try|do that|say that|post that|write that)"
            r"\b(?: \w+){0,10}? and (?:you will |just )?(?:see|find out|watch) what "
            r"happens\b(?! (?:at|in) the (?:ballot|polls|election|next election)\b)",
            r"\b(?:wait|see|watch) (?:\w+ ){0,3}?what (?:happens|will happen|is going "
            r"to happen) to (?:your|his|her|their)\b",
        ]
    )
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

# Dehumanisation.

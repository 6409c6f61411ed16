"""Veiled warnings for the standards' grammar: threats that never name the harm.

The writer's knowledge of someone's whereabouts and routine ("i know where
you live", "we know you jog at 6am"), warnings ("watch your back", "would be
a shame if something happened"), where violence sends its victim ("they'll
be going home in an ambulance"). ``violence`` re-exports ``VEILED``, and
``grammar.find`` applies it as a threat.
"""

from __future__ import annotations

from gazette.discussion import lexicons as lx

W = r"(?:[a-z0-9*]+ )"  # one word and its space
# Where violence sends its victim: "they'll be going home in an ambulance",
# "she'll be needing the school nurse herself".
MEDICAL = (
    r"(?:ambulances?|paramedics?|a e|casualty|intensive care|hospital beds?|"
    r"hospital|nurses?|doctors?|dentists?|surgeons?|stitches|plaster casts?|"
    r"wheelchairs?|crutches|coffins?|body bags?|morgue|hearse|priest|neck brace|"
    r"stretchers?|traction|skin grafts?|new teeth|new kneecaps?)"
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

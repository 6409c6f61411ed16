"""Word classes of violence: harm verbs and events, weapons, targets and frames.

Read through ``lexicons`` (which re-exports every class); see its docstring.
"""

from __future__ import annotations

from gazette.discussion.lexicons_base import alt, terms, verb

# --- Harm -------------------------------------------------------------------

# Parts of the body that violence breaks: "break every finger", "get his legs
# broken", "snapped both knees".
BODY_PARTS = (
    r"(?:necks?|jaws?|legs?|arms?|skulls?|teeth|noses?|ribs?|kneecaps?|knees?|"
    r"heads?|backs?|fingers?|hands?|toes?|feet|bones?|ankles?|wrists?|elbows?|"
    r"spines?|faces?|hips?|shins?|collarbones?)"
)
# What is done to them: "(get his legs) broken", "(have her face) smashed in".
BROKEN = (
    r"(?:broken|smashed|snapped|busted|shattered|cracked|kicked in|caved in|"
    r"smashed in|stamped on|cut off|chopped off|hacked off|pulled out|knocked out|"
    r"knocked in)"
)

# Verbs taking the victim as object: "shoot the referee", "hang them".
HARM_VERBS = alt(
    verb("kill", "murder", "strangle", "lynch", "torch", "punch", "kick", "bash")
    + verb("stab", "behead", "decapitate", "execute", "butcher", "slaughter")
    + verb("massacre", "exterminate", "gas", "firebomb", "maim", "cripple")
    + verb("torture", "rape", "poison", "throttle", "suffocate", "smother")
    + verb("knife", "kneecap", "flog", "whip", "crucify", "castrate", "batter")
    + verb("drown", "burn", "hurt", "harm", "attack", "assault", "bomb", "choke")
    + verb("cull", "shank", "skewer", "disembowel", "stomp", "stamp on")
    + ["shoot", "shoots", "shooting", "shot", "hang", "hangs", "hanged", "hung"]
    + ["hanging", "stabbed", "stabbing", "gassed", "gassing", "bombed", "bombing"]
    + ["slit", "slits", "slitting", "cut", "cuts", "cutting", "beat up"]
    + ["beats up", "beating up", "beaten up", "beat the (?:hell|shit|crap) out of"]
    + ["string up", "strings up", "strung up", "stringing up", "run over"]
    + ["runs over", "ran over", "blow up", "blew up", "blown up", "blows up"]
    + ["hunt down", "hunted down", "hunting down", "take out", "wipe out"]
    + ["put down", "put a bullet (?:in|through)", "put a knife (?:in|into)"]
    + [
        "(?:put|smash|drive|ram|stick) (?:my|a|our|his|her) (?:fist|boot|foot|knee|"
        "elbow|head|brick|knife|blade|bat) (?:through|into|in (?:his|her|their|your|"
        "the))"
    ]
    + ["smash up", "smashing up", "smash (?:in )?(?:his|her|their|your) (?:face|head)"]
    + ["break (?:his|her|their|your) (?:jaw|legs?|neck|face|arms?|nose|skull)"]
    + ["breaking (?:his|her|their|your) (?:jaw|legs?|neck|face|arms?|nose|skull)"]
    + ["set fire to", "set alight", "burn down", "burned down", "burnt down"]
    + ["take a (?:rifle|gun|knife|bat|machete|hammer) to", "deal with"]
    + ["teach (?:him|her|them|you) a lesson", "drag (?:him|her|them) out"]
    + ["rearrange (?:his|her|their|your) (?:face|teeth)", "dealt with", "sort out"]
    + [
        "run (?:\\w+ ){1,3}?off the road",
        "push (?:\\w+ ){1,3}?(?:under|off|in front of)",
    ]
    + [
        "knock (?:\\w+ ){0,2}?(?:out|senseless|into next week)",
        "knock (?:his|her) \\w+ off",
    ]
    + [
        "give (?:him|her|them|\\w+|(?:their|his|her|the|those|these|that|this|your) "
        "\\w+) a (?:good |proper |right |real )?(?:kicking|beating|hiding|slap|smack|"
        "pasting|battering|hammering|doing over)"
    ]
    # "someone's going to put that vicar in hospital"
    + [
        "put (?:\\w+ ){1,3}?(?:in hospital|in (?:a|the) (?:hospital|wheelchair|coffin|"
        "morgue|ground|grave|ambulance)|in intensive care|six feet under|in traction)"
    ]
    + ["set (?:\\w+ ){1,3}?(?:on fire|alight|ablaze)", "dish it out"]
    + [
        "(?:snap|snapping|crack|cracking|bust|busting|break|breaking) (?:\\w+ ){0,2}?"
        "(?:neck|jaw|legs?|arms?|skull|teeth|nose|ribs|kneecaps?|head|back)"
    ]
    + ["end (?:you|him|her|them)", "teach (?:\\w+ ){1,3}?a lesson", "overturn"]
    + ["throw (?:\\w+ ){0,4}?(?:out of|off|from) (?:the |a )?(?:windows?|roof|bridge)"]
    + ["flip (?:\\w+ ){0,3}?(?:car|cars|van|bus)"]
    + ["do (?:him|her|them|you) in", "knock (?:his|her|their|your) (?:head|teeth)"]
    + [
        "take (?:him|her|them|\\w+ (?:officers|police|guards|soldiers|cops|traitors|"
        "politicians|ministers|judges|bankers)) out"
    ]
    + verb("ambush", "mug", "lay into", "set upon", "cave")
    # Not "pull the trigger on the deal": a decision.
    + ["pull (?:the )?trigger(?: myself| ourselves)?(?! on)", "pulls (?:the )?trigger"]
    + ["jump them"]
    # "break every finger they have", "snap both his legs"
    + [
        rf"(?:break|snap|crack|smash|bust) (?:every|each|all|both|all of) (?:\w+ )?"
        rf"(?:of )?(?:his |her |their |your |ur )?{BODY_PARTS}"
    ]
    + ["rough (?:him|her|them|you|u|\\w+) up", "rough up", "roughs up", "roughed up"]
    + ["lamp (?:him|her|them|you|u|the|that|this|their|his)"]
    + ["tear (?:him|her|them|you|the place|it) apart", "rip (?:him|her|them) apart"]
)
# The harm done, as a state or an event: "gets hit by a bus", "drops dead".
HARM_EVENTS = alt(
    terms(
        r"""
    die; dies; slow (?:and )?painful; (?:a |an )?fatal (?:accident|crash|fall|heart
    attack|illness|dose); a (?:car |plane |helicopter )?(?:crash|accident);
    (?:cancer|disease|virus|plague|fire|flood|sea|rats|wolves|dogs)
    (?:eats|eat|kills|kill|consumes|finishes|devours); a (?:good |proper |real
    )?(?:beating|kicking|hiding|thrashing|slap|smack|punch|bullet|bullet in the
    head); (?:burning|burned|burnt|boiled|skinned|buried) alive; burning;
    (?:into|onto|over) a (?:minefield|mine|ravine|cliff|river|volcano); off a
    (?:cliff|bridge|roof|balcony); under a (?:train|bus|lorry|truck|tram|tank);
    swinging from; painful death;
    (?:flood|fire|storm|bomb|cancer|virus|plague|tsunami|earthquake|sea|river|avalanche|tornado|hurricane|landslide|wave|lightning|disease|covid|ebola|stroke|heart\sattack)
    (?:takes|take|took|gets|get|got|claims|claim|swallows|swallow|wipes out|wipe
    out|finishes off|sweeps away|strikes|strike|hits|hit); with (?:him|her|them)
    (?:still )?inside; los(?:es|e|ing)
    (?:\w+ ){0,4}?(?:health|kids|children|life|lives|family|legs|eyes|sight);
    breaks? (?:both |his |her |their )?(?:legs?|necks?|backs?|arms?|skulls?);
    (?:snaps?|snapped|broke|shatters?|shattered|fractures?|fractured|smashes|smashed)
    (?:both |his |her |their |a |an )?(?:legs?|necks?|backs?|arms?|skulls?|spines?|
    knees?|ankles?|kneecaps?); (?:catch|catches|caught|contract|contracts|gets?|
    develops?) (?:something|a disease|an illness|a virus) (?:\w+ )?(?:incurable|
    terminal|fatal|painful|nasty|horrible|agonising|agonizing); (?:catch|catches)
    something incurable; (?:a |an )?(?:long |slow |lingering )?(?:and )?(?:painful|
    slow|lingering|agonising|agonizing|terminal|incurable|horrible) (?:illness|
    disease|death|end|cancer); suffer for (?:years|months|decades|the rest|ever|a
    long time); (?:lungs?|heart|liver|kidneys|throat|brain|body) (?:fill|fills|
    filled) (?:up )?with; (?:lungs?|heart|liver|kidneys|body|brain) (?:gives? out|
    fails?|bursts?|rots?|explodes?); died;
    dying(?! (?:to|for|of laughter|laughing)); dead(?! (?:on
    arrival|set|end|heat|line|cert|easy|right|serious|wrong|certain|ahead|duck|weight|loss|loss));
    death(?! (?:penalty|toll|rate|threats?|row|certificate|knell|of|notice)); rots;
    rotting; burn; burns; perish; perishes;
    suffer(?! (?:the (?!way)|for|from|a|an|in|no));
    suffers(?! (?:the (?!way)|for|from|a|an|in|no));
    starve; starves; choke(?! (?:in|at|under|again|on the (?:big|biggest))\b);
    chokes(?! (?:in|at|under|again|on the (?:big|biggest))\b); drown;
    drowns; croak; croaks; drops dead; drop dead; dropped dead;
    (?:be|get|gets|got|getting|is|are) (?:\w+
    )?(?:killed|shot|hanged|hung|lynched|murdered|stabbed|beaten|burned|burnt|executed|run
    over|blown
    up|bombed|raped|strangled|knifed|maimed|tortured|gassed|crushed|mauled);
    (?:be|get|gets|got|getting) hit by an? (?:\w+
    )?(?:bus|car|train|truck|lorry|tram|van|meteor|asteroid|missile|bomb|bullet);
    hit by an? (?:bus|car|train|truck|lorry|tram|van);
    (?:plane|jet|helicopter|boat|ferry|car) (?:goes|go|went|going|to go) down;
    (?:goes|go|went|going) down with the (?:ship|plane|boat); rot in (?:hell|agony);
    rots in (?:hell|agony); burn in hell; burns in hell; die in agony;
    head on a (?:spike|pike|stick|plate|platter);
    (?:knee|knees|leg|legs|neck|back|arm|arms|spine|ankle|skull|jaw|heart|liver)
    (?:snaps|snap|snapped|breaks|break|shatters|shatter|gives out|give out|explodes|
    bursts|fails|stops);
    (?:heart|hamstrings?|acl|achilles|cruciate|knees?)
    (?:packs in|packs up|gives up|ruptures|tears|snaps|snapped);
    (?:does|do|did|doing) (?:his|her|their|your|ur)
    (?:knee|knees|acl|hamstring|achilles|cruciate|ankle|back|neck) in;
    (?:does|do|did|doing) (?:his|her|their|your|ur)
    (?:knee|knees|acl|hamstring|achilles|cruciate|ankle);
    (?:goes|go|went|going|to go|drives?|drove|veers?|veered) off the road;
    (?:house|home|flat|houses|homes|flats)
    (?:floods|flood|burns down|burn down|burns|catches fire|catch fire|goes up|go
    up|collapses|collapse);
    (?:gets?|got|getting|falls?|fell) (?:really |very |seriously |properly |badly
    )?(?:sick|ill)(?! (?:of|and tired|note|pay|leave|with worry));
    (?:has|have|had) an? (?:nasty |bad |serious |horrible |terrible |freak |little
    |tragic |fatal )(?:car |plane |bike |road )?(?:crash|accident);
    (?:suffers|suffered|suffering) for (?:years|months|weeks|decades|the rest|ever|a
    long time);
    (?:plane|jet|helicopter|car) (?:crashes|crash|crashed|to crash);
    (?:plane|jet|helicopter|car|boat|ferry|yacht|brakes|parachute|lift)
    (?:has|have|had|gets|get|to have) (?:a |an )?(?:very |really )?(?:bad
    day|accident|mishap|malfunction|failure|unfortunate \w+); (?:brakes|parachute|
    engine|engines) (?:fail|fails|failed|give out|to fail);
    (?:falls?|fell|falling|drops?|dropped) out of
    the sky; (?:plane|jet|helicopter|boat|ferry|yacht|ship) (?:\w+ )?(?:disappeared|
    disappears?|vanish(?:es|ed)?|sinks?|sank|exploded|explodes?|blows? up|blew up|
    goes missing|went missing); (?:gets?|got|getting|has|have|develops?)
    (?:cancer|a tumou?r|a heart
    attack|a stroke|ebola|the plague|aids); heart attack; in a (?:fire|car
    crash|plane crash|crash|ditch|coffin|body bag|box); six feet under; in an
    ambulance; in a wheelchair; break (?:his|her|their|your)
    (?:neck|back|legs?|skull); breaks (?:his|her|their|your)
    (?:neck|back|legs?|skull); to death; roll(?:s)? over a mine; (?:steps?|stepped)
    on a mine; finish(?:es|ed)? (?:off|him off|her off|them off); wiped out; wiped
    off the (?:map|face of the earth); go up in flames; goes up in flames; went up
    in flames; never (?:wakes?|wake|waking|woke) up;
    (?:does|do|did) (?:\w+ )?(?:him|her|them|you|\w+) in(?= *$); (?:goes|go|went)
    (?:off|over) a (?:cliff|bridge|ravine|road); in a (?:ditch|river|canal); six
    feet under; (?:stops?|stop) breathing; the firing
    squad; the gallows; the noose; the guillotine; a bullet; a rope
    """
    )
    # Issue 17, casual registers: harm said with the body, a vehicle, a fall, a
    # disaster that lands on someone; "didn't make it" at a sentence's end.
    + [
        rf"(?:gets?|got|getting|have|has|having) (?:his|her|their|your|ur|its) "
        rf"(?:\w+ )?{BODY_PARTS} (?:\w+ )?{BROKEN}",
        r"(?:did|does|do|will) not make it(?=\s*$)",
        rf"(?:breaks?|broke|snaps?|snapped|smashes|smashed|shatters?|shattered) "
        rf"(?:both |all |every |one of )?(?:his|her|their|your|ur) {BODY_PARTS}",
        r"never (?:made|makes?) it(?=\s*$)",
        r"(?:gets?|got|getting|be|is|are) (?:\w+ )?(?:mangled|flattened|trampled|"
        r"electrocuted|impaled|paraly[sz]ed|disfigured|savaged|crippled)",
        r"(?:bus|coach|train|car|van|plane|jet|boat|yacht|ferry|ship|lorry|truck|"
        r"limo|motorcade|helicopter|taxi|cab|bike|motorbike) (?:(?:full of|carrying|"
        r"packed with) (?:\w+ ){1,3}?)?(?:flips|flipped|flip|crashes|crashed|"
        r"overturns|overturned|derails|derailed|capsizes|capsized|sinks|sank|"
        r"rolls over|rolled over|explodes|exploded|catches fire|caught fire|"
        r"blows up|blew up|goes off a|went off a|ploughs into|ploughed into)",
        r"(?:falls?|fell|falling|topples?|toppled|slips?|slipped|tumbles?|tumbled|"
        r"trips?|tripped) "
        r"(?:off|overboard from|from|down) (?:the |his |her |their |your |ur |a |an )?"
        r"(?:\w+ )?(?:yacht|boat|ship|roof|balcony|stage|cliff|ladder|wall|bridge|"
        r"horse|scaffolding|platform|pier|stairs|staircase|tower|window|crane|"
        r"lift shaft|shaft|stairwell|manhole|well|mineshaft)",
        r"(?:stuck|trapped|swept away) in (?:the |a )?(?:\w+ )?(?:floodwaters?|flood|"
        r"fire|blaze|rubble|wreckage|flames|inferno|burning \w+|sinking \w+)",
        # "hope someone runs him over", "...until someone finally shoots him"
        r"(?:someone|somebody|a car|a bus|a lorry|a truck|a train|a van|karma|a "
        r"shark|a drunk driver|a drunk) (?:\w+ )?(?:runs|run|ran|hits|hit|knocks|"
        r"knocked|shoots|shot|stabs|stabbed|kills|killed|mows|mowed|flattens|"
        r"flattened|finishes|finished|punches|punched|batters|battered|drowns|"
        r"drowned|strangles|strangled|poisons|poisoned|bites|bit|eats|ate) (?:him|"
        r"her|them|you|u)\b",
        r"(?:tumou?rs?|cancer|illness|disease|virus|covid) (?:wins|finally wins|"
        r"spreads|comes back|returns|gets (?:him|her|them))",
        r"(?:ice|floor|ground|bridge|stage|roof|ladder|rope|harness|scaffolding|"
        r"balcony) (?:cracks|gives way|gives out|collapses|breaks|snaps) (?:under|"
        r"beneath) (?:him|her|them|you)",
        r"(?:caves?|caved|collapses?|collapsed|lands?|landed|comes down|came down) "
        r"(?:in )?on (?:him|her|them|you|his head|her head|their heads|your head)",
    ]
)
# What one brings to violence: "we'll be waiting with baseball bats".
WEAPONS = alt(
    terms(
        r"""
    baseball bats?; bats; clubs; petrol; gasoline; molotovs?; knives; a knife;
    machetes?; guns; a gun; rifles?; pitchforks; torches; lighters; matches; bricks;
    crowbars; a torch; rope; a rope; nooses?; acid; hammers; axes; a (?:cricket
    |baseball )?bat; a crowbar; a hammer; an axe; a brick; a machete; masks and \w+
    """
    )
)

# --- Targets ----------------------------------------------------------------

PRONOUN_OBJECTS = alt(
    terms(
        """
    you; him; her; them; us; yourself; themselves
    """
    )
)
ROLES = alt(
    terms(
        """
    writer; author; columnist; journalist; reporter; editor; hack; minister; prime
    minister; mayor; referee; ref; linesman; umpire; judge; president; premier;
    chancellor; governor; senator; councillor; councillors; spokesman; spokeswoman;
    spokesperson; manager; coach; chairman; chairwoman; chair; commander; general;
    mp; mps; leader; official; officials; officer; presenter; host; pundit;
    candidate; banker; bankers; boss; ceo; prosecutor; lawyer; politician;
    politicians; ministers; man; woman; guy; bloke; lady; fella; person; keeper;
    striker; player; players; governor
    """
    )
)

# --- Frames -----------------------------------------------------------------

# Someone other than the writer, called on to act.
AGENTS = alt(
    terms(
        """
    real men; real patriots; true patriots; someone; somebody; anyone; anybody;
    the town; the village; the whole town; the nation; the country; the community;
    the fans; the mob; citizens; one of us; one of you; some of us; some brave soul;
    people; the people; the public; the crowd; the locals; locals; residents; we
    all; you all; you lot; all of us; all of you; everyone; everybody; the lads;
    lads; real patriots; patriots; decent people
    """
    )
)
MODALS = alt(
    terms(
        """
    should; would; would already have; ought to; needs to; need to; must; has to;
    have to; had better; better; has got to; have got to; got to; could; is going
    to; will
    """
    )
)
# Wishing: the frame before the harm ("I hope ... gets hit by a bus").
WISHES = alt(
    terms(
        r"""
    hope; hopes; nothing would make me happier than; would make my day; love to see;
    love seeing; here is to the day; here is to; roll on the day; would be
    (?:lovely|nice|great|wonderful|brilliant|fantastic|grand|ideal|amazing|funny|
    hilarious|a treat|a blessing|a gift|poetic) if; would it not be (?:nice|lovely|
    great) if; imagine if; i would pay (?:good money|to see|to watch); pay good money
    to (?:see|watch); would love to watch; love to watch; want to watch; i want;
    preferably; praying for; pray
    for; would love to hear; would like to hear; want to hear; love to read; if god
    is (?:just|real|good); if there is a god; god willing; please god; if there is
    any justice; want to see; i want; i would like; with any (?:luck|justice);
    fingers crossed; here is hoping; one can (?:only )?hope; please let; karma will;
    hoping; hopefully; wish; wishing; pray; praying; may; let; cannot wait
    (?:for|till|until|to see); can not wait (?:for|till|until|to see); looking
    forward to; would love to see; would like to see; would be
    (?:happy|glad|pleased|delighted|thrilled) (?:if|when|to see); would (?:be|serve
    (?:him|her|them|you)) (?:\w+ ){0,2}?(?:justice|karma|fitting|right|deserved|just
    desserts) (?:if|when); would (?:throw a
    party|celebrate|cheer|dance|laugh|smile|drink|party) (?:if|when); would not
    (?:lose (?:a minute of |any |one minute of |a wink of )?sleep|shed a
    tear|mourn|cry|miss (?:him|her|them)) (?:if|when); (?:nobody|no one) would
    (?:miss|mourn|cry); would not mind if; would not care if; would not be sorry if;
    would not complain if; would not object if; (?:glad|happy|pleased|delighted)
    (?:if|when|to see); good
    riddance; deserves? to; deserved to; ought to; should all; should just; should
    """
    )
    # "the world would be better if he never woke up"
    + [
        r"would be (?:a )?(?:better|safer|nicer|happier|brighter|quieter) "
        r"(?:place )?(?:off )?(?:if|when|once)",
        # "karma would be him falling down a lift shaft"
        r"(?:karma|(?:poetic )?justice) (?:would be|will be|is|for (?:him|her|them) "
        r"would be)",
        r"would be (?:karma|justice|poetic justice) if",
        # "the sooner he's six feet under the better", "counting the days until"
        r"the sooner",
        r"(?:count|counting) (?:the days|down the days|down) (?:until|till|to)",
    ]
)
# Regret that harm did not happen: "pity the gunman missed".
MISSED = alt(
    terms(
        """
    missed; did not finish; did not get; did not kill; did not take; failed;
    survived; lived; was not (?:on|in) it; aim was (?:so |that |too
    )?(?:bad|off|poor|rubbish); (?:only|just) (?:wounded|injured|grazed); were not
    (?:on|in) it
    """
    )
    # "pity the stage collapse didn't land on him"
    + [
        r"did not (?:land|fall|come down) on (?:him|her|them|his head|her head)",
        r"did not (?:hit|crush|get|reach|catch) (?:him|her|them)",
    ]
)
REGRETS = alt(
    terms(
        """
    pity; shame; too bad; a pity; a shame; what a shame; such a shame
    """
    )
)

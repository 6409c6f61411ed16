"""Word classes for the standards' grammar (``grammar.py``), as regex pieces.

Each class is a broad set of words that play one part in a construction: a harm
predicate, a target, a frame that wishes or calls for something, a
dehumanising noun, a protected group, an insult. The grammar combines classes;
no sentence is listed here. Text reaching the grammar is folded, contractions
expanded and disguises undone (``grammar.normalise``), so the classes list
plain lower-case forms. Verbs are given with their inflections.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Protocol

# Digits and signs written for letters ("k1ll", "$cum"), read back as letters by
# the slur check (standards.py) and the grammar's normalisation (grammar.py).
LEET = str.maketrans(
    {
        "0": "o",
        "1": "i",
        "3": "e",
        "4": "a",
        "5": "s",
        "6": "g",
        "7": "t",
        "8": "b",
        "9": "g",
        "@": "a",
        "$": "s",
    }
)


def alt(words: Iterable[str]) -> str:
    """Return a non-capturing alternation, longest words first.

    Python's ``re`` tries an alternation's branches one after the other;
    runs of branches that begin with a plain letter are grouped under that
    letter ("(?:a(?:ttack|ssault)|b(?:eat|urn))"), so that a word skips every
    other letter's group at one comparison. At any place only branches
    starting with the letter there can match, and their order is kept, so
    every pattern matches exactly what the plain alternation (``plain``)
    matches, with the same groups.
    """
    ordered = sorted(set(words), key=len, reverse=True)
    grouped = "(?:" + "|".join(_grouped(ordered)) + ")"
    _PLAIN[grouped] = "(?:" + "|".join(ordered) + ")"
    return grouped


# Each grouped alternation's plain form, for tests and for reading its words.
_PLAIN: dict[str, str] = {}


def plain(pattern: str) -> str:
    """Return the plain alternation ``alt`` grouped into ``pattern``."""
    return _PLAIN.get(pattern, pattern)


def top_level_alternatives(pattern: str) -> list[str]:
    """Split ``pattern`` at its top-level ``|`` (not inside a group or a set)."""
    parts, depth, start, i, in_set = [], 0, 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_set:
            in_set = char != "]"
        elif char == "[":
            in_set = True
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _groupable(entry: str) -> bool:
    return (
        entry[:1].isalnum()
        and entry[1:2] not in ("?", "*", "+", "{")
        and len(top_level_alternatives(entry)) == 1
    )


def _grouped(ordered: list[str]) -> list[str]:
    branches: list[str] = []
    run: dict[str, list[str]] = {}

    def close() -> None:
        for first, rests in run.items():
            if len(rests) == 1:
                branches.append(first + rests[0])
            else:
                branches.append(f"{first}(?:{'|'.join(rests)})")
        run.clear()

    for entry in ordered:
        if _groupable(entry):
            run.setdefault(entry[0], []).append(entry[1:])
        else:
            close()
            branches.append(entry)
    close()
    return branches


def terms(text: str) -> list[str]:
    """Return the ``;``-separated terms of ``text``, each on one line of spaces."""
    return [" ".join(term.split()) for term in text.split(";") if term.strip()]


def words(text: str) -> frozenset[str]:
    """Return the set of whitespace-separated words in ``text``."""
    return frozenset(text.split())


def verb(*forms: str) -> list[str]:
    """Return a regular verb's forms: ``verb("kill")`` -> kill, kills, killed..."""
    result = []
    for base in forms:
        stem = base[:-1] if base.endswith("e") else base
        result += [base, base + "s", stem + "ed", stem + "ing"]
    return result


class Searchable(Protocol):
    """A compiled pattern, or a pattern behind a gate: what the grammar searches."""

    def search(self, text: str, /) -> re.Match[str] | None: ...


class Gated:
    """A pattern searched only where a cheaper one finds what it cannot match without.

    ``gate`` must find something in every text where ``pattern`` matches (a
    word each of its matches contains), so skipping ``pattern`` where the gate
    finds nothing changes no result, only the time: most sentences of a long
    comment hold no disease, no group, no "like".
    """

    def __init__(self, gate: re.Pattern[str], pattern: re.Pattern[str]) -> None:
        self.gate = gate
        self.pattern = pattern

    def search(self, text: str) -> re.Match[str] | None:
        """Return ``pattern.search(text)``, or None at once where the gate fails."""
        return self.pattern.search(text) if self.gate.search(text) else None


class Narrowed:
    """A pattern with a narrower form for texts where ``gate`` finds nothing.

    ``narrow`` is ``full`` with every alternative that needs what the gate
    finds made impossible, in the same order; where the gate finds nothing,
    those alternatives cannot match, so both return the same match.
    """

    def __init__(
        self, gate: re.Pattern[str], full: re.Pattern[str], narrow: re.Pattern[str]
    ) -> None:
        self.gate = gate
        self.full = full
        self.narrow = narrow

    def search(self, text: str) -> re.Match[str] | None:
        """Return ``full.search(text)``, computed the cheaper way where it can."""
        return (self.full if self.gate.search(text) else self.narrow).search(text)


# --- Harm -------------------------------------------------------------------

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
    + ["give (?:him|her|them|\\w+) a (?:good )?(?:kicking|beating|hiding|slap|smack)"]
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
    starve; starves; choke; chokes; drown;
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
)
REGRETS = alt(
    terms(
        """
    pity; shame; too bad; a pity; a shame; what a shame; such a shame
    """
    )
)

# --- Dehumanisation -----------------------------------------------------------

# Animals and pests: dehumanising of any person or group.
BEASTS = alt(
    terms(
        """
    animals; vermin; rats?; cockroach(?:es)?; roaches; parasites?; leeches; leech;
    locusts?; lice; louse; maggots?; insects?; bugs; termites; fleas; ticks; cattle;
    livestock; dogs; mutts; curs; pigs; swine; apes; monkeys; baboons; gorillas;
    savages; mongrels; brood mares; mares; breeders; sows; heifers; beasts; hyenas;
    jackals; snakes; vipers; worms; slugs; pests; a pest; filth; subhumans?; sub
    humans?; untermenschen; rodents?; scavengers; vultures; sheep; zombies; orcs;
    barbarians; degenerates; pigeons; seagulls; gulls; flies; mosquitoes;
    mosquitos; wasps; mice; hogs; goats; mules; parasitic scum
    """
    )
)
# Disease: dehumanising when said of people ("they are a virus").
DISEASES = alt(
    terms(
        """
    virus; sickness; a sickness; mental illness; illness; viruses; cancer; disease;
    plague; pestilence; infection; tumou?r; blight; poison; contagion; pox; scourge;
    infestation; rot
    """
    )
)
SWARMS = alt(
    terms(
        """
    swarm; horde; hordes; herd; pack; plague; infestation; nest; flood; invasion;
    tide
    """
    )
)

# --- Groups -----------------------------------------------------------------

# Protected grounds of rule 2 (nationality is found by shape, in grammar.py).
PROTECTED_GROUPS = alt(
    terms(
        """
    muslims?; moslems?; islam; islamic; jews; jewish; jew; christians?; catholics?;
    protestants?; hindus?; sikhs?; buddhists?; mormons?; atheists?; religious
    people; blacks; black people; black men; whites; white people; asians?;
    africans?; arabs?; roma; romani; gypsies; gipsies; travellers; travelers;
    latinos?; hispanics?; immigrants?; migrants?; refugees?; asylum seekers?;
    foreigners?; newcomers; expats; minorities; natives; women; woman; girls;
    females?; men; males; trans people; trans women; trans men; transgender people;
    transgenders?; trans; gays; gay people; gay men; lesbians?; homosexuals?;
    bisexuals?; queers; feminists; disabled people; the disabled; disabled;
    cripples; wheelchair users; the deaf; the blind; autistic people; autistics; the
    mentally ill; old people; older people; the old; the elderly; elderly people;
    pensioners; retirees; boomers; oldies; old folk; young people; the young;
    millennials; teenagers; zoomers; gen z
    """
    )
)
# Groups named without a protected ground: dehumanising them is rule 3.
OTHER_GROUPS = alt(
    terms(
        """
    these people; those people; that lot; their kind; his kind; her kind; your kind;
    the lot of them; every last one; supporters; voters; protesters; soldiers;
    troops; claimants; strikers; nurses; teachers; students; unions?; leftists;
    lefties; liberals; tories; conservatives; socialists; fans
    """
    )
)
# Words after a nationality that make it a state, not a people.
STATE_NOUNS = alt(
    terms(
        """
    government; governments; army; armies; ministry; ministers?; parliament;
    assembly; president; prime; leaders?; leadership; officials; authorities; state;
    regime; police; forces; navy; air force; team; squad; side; economy; bank;
    banks; central bank; currency; companies; company; press; media; embassy;
    border; coast; league; cup; election; policy; law; courts?; food; wine; cheese;
    beer; language; history
    """
    )
)
# Contempt said of a whole group: "are lazy", "cannot be trusted".
GROUP_CONTEMPT = alt(
    terms(
        """
    lazy; dirty; filthy; stupid; dumb; thick; greedy; violent; criminals?; criminal;
    thieves; thieving; liars; lying; cheats; rapists; terrorists; paedophiles;
    pedophiles; groomers; perverts; perverted; hysterical; too emotional; emotional;
    weak; inferior; backward; primitive; savage; selfish; useless; worthless;
    disgusting; evil; dangerous; mentally ill; mental; sick; diseased; a drain; a
    burden; a problem; the problem; a menace; a danger; dangers; a risk; a plague; a
    curse; a threat; untrustworthy; disloyal; traitors; treacherous; sneaky; ugly;
    smelly; brainwashed; barbaric; uncivilised; uncivilized; degenerate;
    degenerates; unnatural; an abomination; freaks; all the same; the worst;
    scroungers; spongers; freeloaders; a waste; inbred; incapable; not capable;
    unfit; ruining; destroying; taking over; invading; breeding; fanatics;
    extremists; bigots; hormones; hormonal; gold diggers; stingy; tight; cheap;
    arrogant; rude; ignorant; idiots; morons; useless eaters; full of
    (?:criminals|thieves|rapists|terrorists|drugs|crime|gangs|dealers|scroungers);
    dishonest; corrupt; dishonest by nature; incompatible; alien to; a fifth column;
    cheats by nature; doped; liars by nature; a joke; confused; deluded; delusional;
    sick in the head; attention seekers; attention seeking; unintelligent; less
    intelligent; less capable; less human; simple minded; parasites; leeches;
    a disease; a cancer; abnormal; freaks of nature; defective; good for nothing;
    only good for; not fit; not real (?:women|men|people); vile; creepy; predators;
    wife beaters; abusers; misogynists; oppressors; only loyal to; loyal only to;
    never loyal; ungrateful; savages; animals; beneath us; a lower class
    """
    )
)

# --- Insults ----------------------------------------------------------------

# Names for a person that are insults in every ordinary use.
INSULT_NOUNS = alt(
    terms(
        """
    idiots?; morons?; morans?; moronz; imbeciles?; cretins?; halfwits?; half wits?;
    dimwits?; nitwits?; dunces?; fools?; buffoons?; clowns?; muppets?; gits?;
    bimbos?; old goats?; amoebas?; dopes?; planks?; wazzocks?; plebs?; chavs?;
    donkeys?; cabbages?; vegetables?; neanderthals?; plonkers?; prats?; pillocks?;
    numpties; numpty; twits?; tossers?; wankers?; twats?; pricks?; dickheads?;
    dicks; knobheads?; knobs; bellends?; arseholes?; assholes?; jackass(?:es)?;
    dumbass(?:es)?; douche(?:bag)?s?; scumbags?; scum; losers?; creeps?;
    sleazebags?; slimeballs?; weasels?; cowards?; hypocrites?; liars?; frauds?;
    crooks?; charlatans?; con ?men; con ?man; hacks?; shills?; stooges?; puppets?;
    lapdogs?; bootlickers?; witch(?:es)?; hags?; old cow; silly cow; stupid cow;
    bitch(?:es)?; bastards?; cunts?; slags?; sluts?; whores?; trolls?; simpletons?;
    oafs?; louts?; yobs?; slobs?; windbags?; gasbags?; blowhards?; tosspots?;
    wallies; wally; berks?; nincompoops?; clots?; fatheads?; cockwombles?;
    scrotes?; toerags?; numbnuts; wastrels?; layabouts?; degenerates?; perverts?;
    nonces?; freaks?; weirdos?;
    nutters?; nutcases?; lunatics?; psychos?; maniacs?; gobshites?; shitbags?;
    shitheads?; dipshits?; bozos?; chumps?; grifters?; ghouls?; turds?; numbskulls?;
    boneheads?; airheads?; meatheads?; pinheads?; blockheads?; dolts?;
    ignoramus(?:es)?; sociopaths?; psychopaths?; traitors?; snakes?; toads?; rats?;
    pigs?; swine; sheep; goons?; thugs?; vultures?; parasites?; leeches; waste of
    (?:space|oxygen|skin|air|a (?:seat|salary|uniform)); piece of
    (?:shit|garbage|crap|trash|work|filth); sack of (?:shit|crap); pos; joke of a
    (?:man|woman|person|minister|mayor|writer|journalist|referee); excuse for a
    (?:man|woman|human|journalist|writer|referee|minister)
    """
    )
)
# Words before an insult noun that aim it ("what a", "you", "that blind").
INSULT_LEADS = alt(
    terms(
        """
    a; an; the; that; this; these; those; you; ya; such; what; total; complete;
    absolute; utter; typical; bunch of; pack of; load of; lot of; gang of; nest of;
    is; are; was; were; like; bloody; fucking; fking; effing
    """
    )
)
INSULT_ADJECTIVES = alt(
    terms(
        """
    stupid; thick; dense; dim; dumb; brainless; brain dead; senile; retarded; ugly;
    fat; pathetic; spineless; gutless; vile; repulsive; disgusting; deranged;
    demented; unhinged; moronic; idiotic; imbecilic; cretinous; gormless; witless;
    halfwitted; sad; sorry; worthless; useless; lying; smug; little; old; blind;
    clueless; lazy; ignorant; bent; corrupt; bald; fat; greasy; creepy; sleazy;
    slimy; pompous; arrogant; miserable; bitter; nasty; evil; twisted; sick; filthy;
    dirty; cowardly; incompetent; fucking; bloody; effing; damn; total; complete;
    absolute; utter; real; right; proper; massive; huge; big; raging; self serving;
    overpaid; washed up; jumped up
    """
    )
)
# Attacks on a person's mind, looks or character (adjectives said of them).
PERSON_ATTACKS = alt(
    terms(
        r"""
    stupid; thick; dense; dim; dumb; brainless; brain dead; senile; retarded; ugly;
    pathetic; spineless; gutless; repulsive; deranged; demented; moronic; idiotic;
    gormless; witless; a disgrace to (?:the|this|his|her) \w+; mentally
    (?:ill|deficient|unstable); not (?:all|quite) there; off (?:his|her|your)
    (?:head|rocker|meds)
    """
    )
)
SUPERLATIVE_ATTACKS = alt(
    terms(
        """
    dumbest; stupidest; thickest; ugliest; dimmest; densest; most stupid; most
    idiotic; most useless; most pathetic; most brainless
    """
    )
)
# Words for someone who is a person, after a superlative ("dumbest man").
PEOPLE_WORDS = alt(
    terms(
        """
    man; woman; person; human; human being; politician; minister; mayor; president;
    writer; journalist; columnist; reporter; referee; ref; leader; manager; player;
    guy; bloke; individual; creature; commenter; poster
    """
    )
)

# --- Reported speech and narration -------------------------------------------

REPORTING = alt(
    terms(
        """
    said; police say; they say; say they; says they; officials say; witnesses say;
    reports say; sources say; says; told; tells; heard; chanted; chanting; shouted;
    shouting; yelled; screamed; posted; wrote; written; tweeted; claimed; claims;
    alleged; allegedly; accused; convicted; charged; jailed; sentenced; arrested;
    threatening; threatened; according to; reports; reported; testified; admitted;
    quoted; filmed; recorded; warned that; the court; police said; graffiti; sign
    reading; banner; slogan
    """
    )
)
NEGATIONS = alt(
    terms(
        """
    not; never; no one; nobody; noone; none; nothing; no; neither; nor; without;
    against; condemn; condemns; wrong to
    """
    )
)

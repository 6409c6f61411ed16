"""The standards' grammar: who is targeted, and what is wished or called for.

Pure: folded text in (``standards.fold``), a list of ``Match`` out. Each
construction combines word classes from ``lexicons.py`` (a frame, a harm
predicate, a target...) rather than listing sentences, so that other names,
places, groups and verbs are caught too:

- threats: the writer promises violence ("we'll be waiting ... with bats"), a
  veiled warning ("I know where you live"), a call on someone to harm
  ("somebody ought to shoot..."), a wish that someone be executed;
- wishes of harm: a wish frame before a harm event ("hope ... gets hit by a
  bus"), regret that harm missed ("pity the gunman missed");
- incitement: an imperative to a crowd ("burn...", "round up..."), mob justice;
- dehumanisation: people as animals, pests or disease;
- identity attacks: contempt for a whole protected group;
- insults aimed at people, harassment of commenters, personal data, spam.

Quoted words and sentences that report what others said or did ("the court
heard he shouted...") are left out of the violent constructions, so news
discussion stays published; a negation between the frame and the harm
("I hope nobody gets hurt") cancels it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from gazette.discussion import lexicons as lx


@dataclass(frozen=True)
class Match:
    """One construction found in a comment."""

    kind: str  # threat, wish_harm, incitement, dehumanisation, identity_attack...
    rule: str  # the code of the rule it breaks
    detail: str  # what matched, for moderators


RULE_OF_KIND = {
    "threat": "threats",
    "wish_harm": "threats",
    "incitement": "threats",
    "dehumanisation": "hate-speech",  # rule 3 when no protected group is named
    "identity_attack": "hate-speech",
    "insult": "personal-attacks",
    "harassment": "personal-attacks",
    "personal_data": "personal-data",
    "spam": "spam",
}

# --- Normalising ------------------------------------------------------------

_QUOTED = re.compile(
    r"(?:(?<=^)|(?<=[\s:(,\-]))(?:\"[^\"]{2,}?\"|'[^\s'](?:[^'\n]|'(?=[a-z]))*?"
    r"[^\s']')"
    r"(?=[\s.,;:!?)\-]|$)"
)
_SPACED = re.compile(r"(?<![\w*@$])(?:[a-z0-9*@$][ ._\-]){2,}[a-z0-9*@$](?![\w*@$])")
_LEET = str.maketrans(
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
_MIXED = re.compile(r"\b(?=[a-z0-9@$]*[a-z])(?=[a-z0-9@$]*[0-9@$])[a-z0-9@$]+\b")
_CONTRACTIONS = (
    (re.compile(r"\bcan'?t\b"), "cannot"),
    (re.compile(r"\bwon'?t\b"), "will not"),
    (re.compile(r"\bain'?t\b"), "is not"),
    (re.compile(r"\bshan'?t\b"), "shall not"),
    (re.compile(r"n't\b"), " not"),
    (
        re.compile(
            r"\b(do|does|did|is|are|was|were|should|would|could|must|have|has|had)"
            r"nt\b"
        ),
        r"\1 not",
    ),
    (re.compile(r"\b(i|you|he|she|we|they|it|that)'ll\b"), r"\1 will"),
    (re.compile(r"\b(you|we|they)ll\b"), r"\1 will"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"\b(you|they)re\b"), r"\1 are"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"\b(i|you|we|they)ve\b"), r"\1 have"),
    (re.compile(r"\bi'?m\b"), "i am"),
    (re.compile(r"\bimm?a\b"), "i am going to"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"\b(he|she|it|that|what|there|who|here)'s\b"), r"\1 is"),
    (re.compile(r"\b(thats|whats|theres)\b"), lambda m: m.group(1)[:-1] + " is"),
    (
        re.compile(
            r"'s (?=(?:a|an|the|such|so|just|nothing|never|always|not|been|got|"
            r"going|gonna|clearly|obviously|totally|completely|utterly)\b)"
        ),
        " is ",
    ),
    (re.compile(r"'s\b|s'(?=\s|$)"), ""),
    (re.compile(r"\bgonna\b"), "going to"),
    (re.compile(r"\bwanna\b"), "want to"),
    (re.compile(r"\bgotta\b"), "got to"),
    (re.compile(r"\bu\b"), "you"),
    (re.compile(r"\bur\b"), "your"),
    (re.compile(r"\bya\b"), "you"),
    (re.compile(r"\blet us\b|\blets\b"), "let us"),
)
_SENTENCES = re.compile(r"[.!?;:\n]+|\s[-\u2013\u2014]+\s")
_WORDS = re.compile(r"[a-z0-9*]+")


_SEPARATORS = re.compile(r"[ ._\-]")
_REPEATED = re.compile(r"([a-z])\1{2,}")


def _undisguise(text: str) -> str:
    text = _SPACED.sub(lambda m: _SEPARATORS.sub("", m.group(0)), text)
    text = _MIXED.sub(lambda m: m.group(0).translate(_LEET), text)
    # Letters repeated for effect ("kiiiill", "sooo"): three or more become one.
    return _REPEATED.sub(r"\1", text)


def normalise(folded: str) -> tuple[list[str], list[str]]:
    """Return (sentences, clauses) of the text without quotations, normalised.

    Each sentence is lower-case words separated by single spaces, contractions
    expanded ("you'll" -> "you will"), disguises undone ("k1ll", "k i l l").
    Quoted words become the word ``quote``. Clauses are sentences cut at
    commas too, where an imperative may start ("Don't just march, burn...").
    """
    text = folded.replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("let's", "let us")
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = _undisguise(text)
    unquoted = _QUOTED.sub(" quote ", text)
    return _split(unquoted), _split(unquoted.replace(",", "."))


def _split(text: str) -> list[str]:
    sentences = []
    for part in _SENTENCES.split(text):
        words = _WORDS.findall(part.replace("-", " "))
        if words:
            sentences.append(" ".join(words))
    return sentences


# Demonyms: "Vesperlanders", "Halvani", "Brennish" (by shape, as written).
_DEMONYM = re.compile(
    r"\b[A-Z][a-z]{2,}(?:landers?|markers?|ians?|eans?|ans|ese|ish|ani|is|i|ites|"
    r"ards|ots|ers|ics)\b"
)
_NOT_DEMONYMS = lx.words(
    """
    this his is thesis analysis crisis basis others members players voters readers
    ministers politicians christians leaders teachers workers owners managers officers
    supporters fans brothers sisters mothers fathers users numbers figures
    parliamentarians historians librarians musicians physicians technicians guardians
    veterans republicans americans? partisans pedestrians civilians vegetarians
    comedians politics economics ethics tactics critics mechanics finish parish
    rubbish polish publish establish british english irish scottish danish spanish
    turkish jewish swedish finnish kurdish taxi hi hmm wasabi lots bots plots riots
    ots hers yours ours papers others whites blacks asians africans arabs indians
    """
)
_LOWER_DEMONYMS = re.compile(
    r"\b[a-z]+(?:landers?|markers)\b|\b(?:americans|germans|french|poles|russians|"
    r"chinese|indians|pakistanis|nigerians|mexicans|irish|scots|english|welsh|"
    r"italians|romanians|bulgarians|albanians|turks|kurds|somalis|afghans|syrians|"
    r"iraqis|iranians|ukrainians|serbs|croats|greeks|brits|yanks|japanese|"
    r"koreans|vietnamese|filipinos|palestinians|israelis|lebanese|moroccans|"
    r"algerians|egyptians|ethiopians|eritreans|sudanese|bangladeshis|"
    r"jamaicans|haitians|cubans|venezuelans|colombians|brazilians|latvians|"
    r"lithuanians|estonians|hungarians|czechs|slovaks|dutch|belgians|swedes|"
    r"norwegians|danes|finns)\b"
)


def demonyms(text: str) -> list[str]:
    """Return words of ``text`` shaped like a people's name ("Vesperlanders")."""
    found = [
        word.casefold()
        for word in _DEMONYM.findall(text)
        if word.casefold() not in _NOT_DEMONYMS
    ]
    found += _LOWER_DEMONYMS.findall(text.casefold())
    return found


# --- Constructions ------------------------------------------------------------

_W = r"(?:[a-z0-9*]+ )"  # one word and its space
_SUBJECT_1 = r"\b(?:i|we|me and the lads|me and my mates|my mates and i)"
_FUTURE = (
    r"(?:will|would|shall|am going to|are going to|am|are|want to|plan to|intend to|"
    r"am about to|are about to|got to|have to|need to|going to|swear|promise|"
    r"will personally|would happily|would gladly|would love to|would like to)"
)
_ABSTRACT = (
    r"(?:mood|vibe|competition|game|match|exam|test|race|deal|lights|engine|bill|"
    r"idea|plan|motion|opposition|record|budget|argument|arguments|show|case|"
    r"chances?|career|reputation|point|theory|scheme|project|campaign|policy|"
    r"policies|hopes?|dreams?|vote|votes|tax|taxes|costs?|prices?|rates?|"
    r"funding|spending|deficit|debt|story|stories|rumou?r|myth|lie|lies|"
    r"narrative|momentum|traffic|noise|power|heating|queue|line|losses|"
    r"numbers|figures|jobs|services|budgets|benefits|links|ties|grass|hedge)"
)
_NOT_HARM_AFTER = (
    r"(?! (?:for\b|it\b|myself\b|ourselves\b|me an?\b|time\b|some (?:time|"
    r"calories|fat)\b|the breeze|a line|an email|you an|him an|her an|them an|"
    r"a message|a text|a look|(?:the|your|his|her|their|this|that|our|its|a|an|"
    r"any|every) (?:\w+ )?" + _ABSTRACT + r"\b))"
)
_THREAT_OWN = re.compile(
    rf"{_SUBJECT_1} (?:{_W}{{0,2}}?){_FUTURE} (?:{_W}{{0,4}}?)"
    rf"(?P<harm>{lx.HARM_VERBS}){_NOT_HARM_AFTER}\b"
)
_INSTRUMENTS = (
    r"(?:the firing squad|the gallows|the noose|a bullet|in an ambulance|in a body "
    r"bag|in a coffin|in a box|in a wheelchair|on a stretcher|in hospital|in pieces)"
)
_THREAT_INSTRUMENT = re.compile(
    rf"{_SUBJECT_1} (?:{_W}{{0,3}}?)(?:will|would|shall|am going to|are going to|"
    rf"make sure|see to it|ensure|volunteer)\b (?:{_W}{{0,6}}?)"
    rf"(?P<harm>{_INSTRUMENTS})"
)
_THREAT_ARMED = re.compile(
    rf"{_SUBJECT_1} (?:{_W}{{0,8}}?)(?:with|bring|bringing|brought|grab|carry|"
    rf"carrying|bring out|get out) (?:the |our |my |some |a few )?"
    rf"(?P<harm>{lx.WEAPONS})\b"
)
_VEILED = re.compile(
    "|".join(
        [
            r"\bwatch (?:your|his|her|their) (?:back|step)\b",
            r"\bwatch yourself\b",
            r"\b(?:i|we|they|people|everyone) (?:all )?know (?:where|which|what) "
            rf"(?:{_W}{{0,3}}?)(?:lives?|works?|sleeps?|parks?|car|house|school|"
            r"door|street|drives?)\b",
            r"\b(?:shame|pity|sad|terrible|awful) if something (?:bad )?(?:happened|"
            r"happens|were to happen|was to happen|should happen)\b",
            r"\bwould be a (?:shame|pity) if (?:something|anything|your|his|her)\b",
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
            r"\b(?:a brick|bricks|a rock|rocks|a stone|petrol|a firework|acid) "
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
            r"\byou will be (?:\w+ ){0,2}?(?:swinging|eating through a straw|limping|"
            r"crawling|bleeding|dead|next|sorry|in (?:hospital|a wheelchair|a coffin|"
            r"pieces|the river|a ditch|traction|intensive care))\b",
            r"\b(?:i|we|my \w+|our \w+|the lads|my mates) (?:has|have|got|has got|"
            r"have got|own|keep|carry|carries) (?:a |an |some )?(?:loaded |sharp )?"
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
            r"\b(?:again|one more time|once more) and (?:you will|i will|we will|you "
            r"are|it will)\b",
            r"\b(?:be a|would be a|it would be a|what a) (?:shame|pity) if (?:they|he|"
            r"she|you|your|his|her|their|something|anything|someone)\b",
            r"\b(?:i|we) (?:will|would|am going to|are going to) (?:come round|come "
            r"over|come to your|find you|track you down|hunt you down|be round|be "
            r"over)\b",
        ]
    )
)
_CONDITIONAL = re.compile(
    r"\bif (?:i|we) (?:ever )?(?:see|catch|meet|find|get hold of|run into)\b"
    r"|\bif (?:he|she|they|you|\w+) (?:ever |dares? to |so much as )?(?:shows?|sets?|"
    r"turns? up|comes?|dares?|steps?|tries|try)\b"
)
_CONDITIONAL_HARM = re.compile(
    rf"\b(?:{lx.HARM_VERBS}|{_INSTRUMENTS}|{lx.WEAPONS})\b"
    r"|\bnot be walking\b|\bleaves? in\b"
)
_INSIDE = re.compile(r"\bwith (?:him|her|them) (?:still )?inside\b")
_WISH_FRAME = re.compile(rf"\b{lx.WISHES}\b")
_FORCED = re.compile(
    r"\b(?:make|force|get|drive) (?:them|\w+) (?:to )?(?:leave|go|out)\b.{0,40}\bby "
    r"force\b"
)
_RALLY = re.compile(
    r"\bwho is (?:with me|in|coming|up for it)\b|\bare you with me\b|"
    r"\blet us do (?:this|it)\b|\bwho will join\b"
)
_CALL_TO_HARM = re.compile(
    rf"\b(?P<who>{lx.AGENTS}|every (?:real |true |decent )?\w+|all (?:real |true )"
    rf"\w+) (?:{_W}{{0,1}}?){lx.MODALS} (?:{_W}{{0,6}}?)"
    rf"(?P<harm>{lx.HARM_VERBS}){_NOT_HARM_AFTER}\b"
)
_PASSIVE_HARM = (
    r"(?:shot|hanged|hung|lynched|killed|executed|strung up|put down|put against a "
    r"wall|lined up and shot|taken out|taken out back|gassed|burned|burnt|torched|"
    r"beaten|stabbed|strangled|drowned|flogged|culled|exterminated|wiped out|"
    r"shot dead|burned alive|burnt alive|hunted down|run over|blown up|bombed|"
    r"tortured|castrated|beheaded|guillotined|publicly hanged|set on fire|set alight|"
    r"razed|burned to the ground|burnt to the ground)"
)
_SHOULD_BE_HARMED = re.compile(
    r"\b(?:should|ought to|needs? to|must|deserves? to|deserved to|has to|have to|"
    r"wants? to|want to see|would like to see|would love to see|hope to see)"
    rf" (?:all |just |simply |really |be |get |see )*(?:{_W}{{0,3}}?)"
    rf"(?:be |get |being |getting )(?:{_W}{{0,3}}?)(?P<harm>{_PASSIVE_HARM})\b"
)
_SHOULD_BURN = re.compile(
    r"\b(?:should|ought to|needs? to|must|deserves? to) (?:all |just )?"
    r"(?P<harm>go up in flames|burn(?: down| to the ground)?|die|hang|swing|"
    r"be wiped out)\b"
)
_GRAVE = re.compile(
    r"\b(?:dance|piss|spit|party|celebrate) (?:on|at|over) (?:his|her|their|your) "
    r"graves?\b|\b(?:deserves?|needs?|could (?:do with|use)) a (?:good |proper )?"
    r"(?:beating|kicking|hiding|thrashing|bullet|slap)\b"
)
_WISH = re.compile(
    rf"\b(?P<frame>{lx.WISHES}) (?P<between>{_W}{{0,9}}?)(?P<harm>{lx.HARM_EVENTS})\b"
    r"(?! (?:of laughter|laughing|of boredom|penalty|metal)\b)"
)
_REGRET = re.compile(
    rf"\b(?P<frame>{lx.REGRETS}) (?:that )?(?P<between>{_W}{{0,7}}?)"
    rf"(?P<harm>{lx.MISSED})\b"
)
_CALL_ARMED = re.compile(
    rf"\b(?:{lx.AGENTS}) (?:{_W}{{0,1}}?){lx.MODALS} (?:{_W}{{0,10}}?)(?:with|using) "
    rf"(?P<harm>{lx.WEAPONS})\b"
)
_NOBODY_DID = re.compile(
    r"\b(?:pity|shame|too bad|a pity|a shame|sad) (?:that )?(?:nobody|no one|noone) "
    r"(?:has |had )?(?:\w+ ){0,2}?(?:took a shot|taken a shot|shot|killed|stabbed|"
    r"hanged|finished|pushed|ran|run|blew|bombed|got to)\b"
)
_HARM_AGENTS = re.compile(
    r"\b(?:gunman|gunmen|shooter|sniper|bomb|bomber|bombers|assassin|bullet|bullets|"
    r"attacker|knife|car|bus|train|flood|fire|storm|earthquake|tsunami|missile|"
    r"missiles|virus|cancer|crash|avalanche|tornado|hurricane|shark|mob|rocket|"
    r"rockets|tank|tanks|mine|grenade|blast|explosion|finish)"
)
_INCITE_LEAD = (
    r"(?:(?:so|now|just|come on|right|ok|okay|then|everyone|everybody|lads|people|"
    r"folks|all of you|you lot|citizens|patriots|brothers|go|go and|let us|let us all|"
    r"let us go|and|time to|it is time to|we need to|we must|we should|we have to|"
    r"we got to|we ought to|who is up for|who is with me|tonight|tomorrow|next "
    r"week|somebody|someone|please) )*"
)
_INCITE_VERBS = (
    rf"(?:{lx.HARM_VERBS}|storm|raid|loot|ransack|torch|burn|firebomb|lynch|drag|"
    r"round up|rounding up|drive out|chase out|run out|kick out|throw out|smoke out|"
    r"hunt|hunt down|string up|bring back (?:the )?(?:gallows|hanging|noose|rope|"
    r"firing squad|stocks|guillotine)|take up arms|grab|arm yourselves|attack|"
    r"smash|wreck|trash|destroy|tear down|pull down|kill|shoot|hang|beat)"
)
_INCITE_TARGET = (
    r"(?:the|them|him|her|every|each|all|any|those|these|their|his|its|that|this|"
    r"a|an|some|em|down|up|it|out|your|whoever|anyone|everyone)\b"
)
_INCITE = re.compile(
    rf"^{_INCITE_LEAD}(?P<harm>{_INCITE_VERBS})(?: {_INCITE_TARGET}| and\b| "
    r"tonight\b| now\b| lads\b)"
    r"|^(?:\w+ )?(?P<harm4>string|hang) (?:\w+ ){1,3}?up\b"
    rf"|^{_INCITE_LEAD}(?:find|get|go to|go down to|visit|grab|catch|meet|march on|"
    rf"march to|head to|head down to|block|surround|storm|stop) (?:\w+ ){{1,6}}?and "
    rf"(?P<harm2>{_INCITE_VERBS})\b"
    r"|^(?:so |now |just |then )?(?P<harm3>hang|lynch|shoot|kill|stab|behead|execute|"
    r"torch|string up|burn|gas) (?!on\b|in\b|out\b|around\b|about\b|up\b|tight\b|"
    r"fire\b|me\b|it\b|i\b|we\b|my\b|what\b|oh\b|sorry\b|yes\b|"
    r"no\b|that\b|this\b|off\b|away\b)[a-z]+"
)
_INCITE_ANYWHERE = re.compile(
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
            r"\bjustice the old (?:fashioned )?way\b|\bmob justice\b|"
            r"\bstreet justice\b|\bvigilante\b",
            r"\b(?:leak|post|publish|share|find out|spread) where (?:\w+ ){0,4}?"
            r"(?:lives?|sleeps?|works?)\b",
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
            r"\b(?:go |going )?hunting for\b|\bhunt (?:for|them|every)\b",
            rf"\bbring (?:\w+ (?:and )?){{0,3}}?{lx.WEAPONS}\b",
            r"\bround (?:them|em|\w+ \w+|every \w+|all \w+)? ?up\b(?! (?:the "
            r"(?:figures|numbers|total|price)|to)\b)",
            r"\b(?:drive|chase|burn|smoke|hound|run) (?:them|\w+ \w+|every \w+|"
            r"the lot) out\b",
            r"\b(?:grab|get|bring|fetch) (?:your |the |some )?"
            rf"{lx.WEAPONS}(?: and| lads| everyone|$| tonight| tomorrow| we)",
            r"\b(?:should|must|ought to|need to|will) (?:all )?(?:go up in flames|"
            r"be (?:torched|burned down|burnt down|razed|firebombed|set alight|"
            r"set on fire|blown up))\b",
        ]
    )
)

# Dehumanisation.
_BEAST_ADJ = (
    r"(?:all|just|nothing but|basically|simply|literally|no better than|worse than|"
    r"like|a|an|the|bunch of|pack of|swarm of|horde of|nest of|herd of|filthy|dirty|"
    r"disgusting|stinking|diseased|inbred|feral|wild|rabid|greedy|lazy|parasitic|"
    r"thieving|blood sucking|bloodsucking|subhuman|little|foreign|real|total|"
    r"complete|absolute|utter|mere|vicious|dumb|mindless|always|have always been|"
    r"barely more than|little more than|no more than|not much more than|wild|"
    r"stray|mangy|nothing more than)"
)
_DEHUMANISE = re.compile(
    "|".join(
        [
            rf"\b(?<!treated )(?<!treat them )(?<!living )(?:are|is|were|was|being|"
            rf"become|becoming|you|these|those|filthy|dirty|stinking|bloody|breed "
            rf"like|behave like|act like) (?:{_BEAST_ADJ} )*(?P<beast>{lx.BEASTS})\b",
            r"\b(?P<word>sub ?humans?|untermensch\w*|vermin|cockroaches|mongrels|"
            r"inbred|infest\w*|overrun by|swarm of|swarms of|hordes? of|"
            r"(?:not|less than|barely|hardly) human|consider \w+ (?:\w+ ){0,4}human|"
            r"breed like|how they breed|they breed|multiply like|multiplying like|"
            r"spread like|feed off|feeding off|sucking (?:\w+ ){0,3}dry|fumigate|"
            r"cure the country|cleanse|purge "
            r"(?:them|the country)|exterminat\w+|pest control|cage them|put them "
            r"down)\b",
        ]
    )
)
_PEOPLE_SUBJECT = (
    rf"(?:they|these|those|them|{lx.PROTECTED_GROUPS}|{lx.OTHER_GROUPS}|xgroupx|"
    r"[a-z]+s)"
)
_DISEASED = re.compile(
    rf"(?:\b{_PEOPLE_SUBJECT} (?:all |just |simply |basically )?(?:are|were)|\b(?:"
    rf"{lx.PROTECTED_GROUPS}|{lx.OTHER_GROUPS}|xgroupx|he|she|you) (?:is|was)) "
    rf"(?:{_BEAST_ADJ} )*(?:\w+ )?(?P<beast>{lx.DISEASES})\b"
    r"(?! (?:survivors?|patients?|research|ward|treatment|drugs?|cases)\b)"
)
_LIKE_BEAST = re.compile(
    rf"\b(?P<verb>\w+ )?(?:\w+ )?like (?:{_BEAST_ADJ} )*(?P<beast>{lx.BEASTS})\b"
)
_VICTIM_VERBS = lx.words(
    "treated treat treating herded packed crammed kept held used transported "
    "shipped caged living live lived sold slaughtered killed hunted dying died "
    "sick work worked working eat ate eating"
)
_SWARMED = re.compile(rf"\b(?:a|an) {lx.SWARMS} of (?:\w+ )?(?:{lx.BEASTS})\b")

# Identity attacks: contempt for a whole group.
_GROUP = (
    rf"(?:(?:gay|black|muslim|jewish|trans|disabled|foreign|immigrant|migrant|asian|"
    rf"african|arab|female|women|catholic|christian|hindu|sikh|old|elderly|deaf|"
    rf"blind|autistic|lesbian|white|brown|polish|romanian) (?:[a-z]+s|people|folk|"
    rf"men|women|children|kids)|"
    rf"{lx.PROTECTED_GROUPS}|xgroupx|foreigner|immigrant|migrant)"
)
_HAS_GROUP = re.compile(rf"\b{_GROUP}\b")
_GROUP_CONTEMPT = re.compile(
    rf"\b(?P<group>{_GROUP}|they|them|these people|those people|most of them|"
    rf"every one of them|all of them)(?: \w+){{0,2}}? (?:are|is|were|have always "
    rf"been)(?: (?:all|just|so|too|always|mostly|basically|naturally|inherently|"
    rf"genetically|nothing but|such|really|simply|clearly|obviously|completely|"
    rf"born|a bunch of|a load of|a|an))* (?P<what>{lx.GROUP_CONTEMPT})\b"
)
_GROUP_VERDICT = re.compile(
    "|".join(
        [
            rf"\b(?P<g1>{_GROUP}|they) (?:\w+ ){{0,2}}?(?:cannot|can not|could never|"
            r"will never|should not|must not|should never|must never|do not|does not)"
            r" (?:ever )?(?:be (?:trusted|loyal|integrated|reasoned with|relied on|"
            r"allowed|let|given|employed|hired)|belong|have (?:the vote|rights|a say|"
            r"children)|vote|be near|integrate|assimilate)\b",
            rf"\b(?P<g2>{_GROUP}) (?:\w+ ){{0,2}}?(?:should|must|need to|ought to) "
            r"(?:all )?(?:lose|be stripped of|be banned|be barred|not be allowed|not"
            r" have|not get|go back|be sent back|be deported|be kicked out|get out|"
            r"be kept out|be kept away|be locked up|stay in|be sterili[sz]ed|be "
            r"segregated|be registered|wear|leave|know their place|stick to|be in "
            r"separate|be separated|be kept apart|stay (?:at"
            r" home|in the kitchen|out of)|keep quiet|shut up|be seen and not heard)\b",
            rf"\bno (?:more )?(?P<g14>{_GROUP}) (?:should|must|ought to|will) be "
            r"(?:allowed|let|given|employed|hired)\b",
            rf"\b(?:ban|deport|expel|remove|sack|kick out) (?:all |every |the )?"
            rf"(?P<g15>{_GROUP})\b",
            rf"\b(?P<g17>{_GROUP}) (?:cannot|can not|are unable to|could never) "
            r"(?:\w+ ){0,4}?without (?:stealing|lying|cheating|crying|complaining|"
            r"bribing|fighting)\b",
            rf"\b(?P<g18>{_GROUP}) (?:cannot|can not|are unable to|could never) "
            r"(?:run|lead|govern|manage|think|drive|handle|be trusted|do maths|"
            r"reason|work|raise)\b",
            rf"\b(?P<g19>{_GROUP}) (?:\w+ ){{0,1}}?(?:hold|holds|drag|drags) "
            r"(?:\w+ ){0,3}?(?:back|down)\b",
            rf"\bevery (?P<g20>{_GROUP}) (?:\w+ ){{0,7}}?(?:cheat|cheated|cheats|lied|"
            r"lies|stole|steals|robbed|scammed|a liar|a thief|a fraud|a crook)\b",
            rf"\b(?P<g16>{_GROUP}) (?:breed|produce|spawn|raise|become|turn into|are "
            r"born) (?:\w+ )?(?:terrorists|criminals|thieves|rapists|extremists|"
            r"fanatics|liars)\b",
            r"\bso expect\b|\bexpect (?:more )?(?:crime|abuse|child abuse|trouble|"
            r"fraud|corruption|violence|theft|bombs)\b",
            rf"\b(?P<g3>{_GROUP}) (?:\w+ ){{0,2}}?have no (?:business|place|right)\b",
            rf"\bthe only good (?:\w+ )?(?P<g4>{_GROUP}) is\b",
            rf"\b(?:typical|bloody|filthy|dirty|stinking) (?P<g5>{_GROUP})\b",
            r"\blook after their own\b",
            rf"\b(?:before|since|after) (?:we|they) let (?:\w+ ){{0,2}}?"
            rf"(?P<g6>{_GROUP})\b",
            rf"\bnever (?:trust|hire|employ|rent to|vote for|marry|believe|promote) "
            rf"(?:an? |any |the )?(?:\w+ )?(?P<g7>{_GROUP})\b",
            rf"\b(?:all|every) (?P<g8>{_GROUP}) (?:are|is|i have (?:ever )?met)\b",
            rf"\b(?P<g9>{_GROUP}) (?:\w+ ){{0,1}}?(?:are all|have ruined|ruined|"
            r"ruin|destroyed|destroy|are ruining|are destroying|are taking over|"
            r"control|run|own) (?:all |the |this |our )*(?:country|banks|media|"
            r"papers|press|world|money|everything|town|city|jobs|schools)\b",
            rf"\bof course (?:the )?(?:\w+ ){{0,4}}?(?:is|was|would be) (?:a |an )?"
            rf"(?P<g10>{_GROUP})\b",
            r"\bwhat (?:did|do|would) (?:anyone|you|we|people) expect\b",
            r"\b(?:go|send them|get|shipped|ship them) back (?:to )?(?:where|your|"
            r"their|the (?:jungle|desert|cave))\b",
            r"\b(?:stealing|steal|take|taking|took) (?:our|all the) (?:jobs|houses|"
            r"homes|women|benefits)\b",
            rf"\b(?P<g11>{_GROUP}) (?:\w+ ){{0,2}}?(?:come|came|are) (?:here |over )?"
            r"(?:only |just )?(?:to|for) (?:steal|rob|sponge|scrounge|live off|take|"
            r"rape|cause|the benefits|benefits|our)\b",
            r"\blive off (?:benefits|the state|handouts|us|our taxes)\b",
            r"\b(?:have not|has not|do not have|does not have|lack|lacks) (?:got )?"
            r"(?:the )?(?:brains|intelligence|morals|loyalty|decency|capacity|"
            r"character|temperament)\b",
            r"\b(?:not|never) (?:smart|intelligent|clever|bright|strong|rational) "
            r"enough\b",
            rf"\b(?P<g12>{_GROUP}) (?:\w+ ){{0,1}}?have no (?:morals|shame|loyalty|"
            r"culture|brains|manners|values|decency|conscience|soul)\b",
            r"\b(?:whole|entire) (?:nation|race|people|country|religion|lot|tribe|"
            r"culture) (?:is|are) (?:\w+ )?(?:dishonest|corrupt|liars|thieves|"
            r"cheats|evil|lazy|violent|stupid|backward|rotten|savages|primitive)\b",
            r"\bby nature\b|\bin their (?:blood|genes|dna)\b|\bgenetically\b",
            r"\b(?:the rest|the others|all the others|foreigners|outsiders) (?:can|"
            r"should|must|need to|will) (?:leave|go|get out|go home|clear off|piss "
            r"off|be sent)\b",
            r"\b(?:another|yet another|one more) (?:foreigner|immigrant|migrant|"
            r"outsider|muslim|jew)\b",
            rf"\b(?P<g13>{_GROUP}) (?:\w+ ){{0,2}}?(?:should|must) be (?:\w+ )?"
            r"(?:banned|barred|removed|sacked|fired|excluded|kept away|kept out)\b",
        ]
    )
)

_GROUP_SELF = re.compile(
    r"\b(?:whole|entire|that|this) (?:nation|race|people|religion|tribe|ethnicity)"
    r" (?:is|are) (?:\w+ ){0,2}?(?:dishonest|corrupt|liars|thieves|cheats|evil|lazy|"
    r"violent|stupid|backward|rotten|savages|primitive|inferior|filthy|dirty|"
    r"criminal|worthless|subhuman)\b"
)

# Insults aimed at people.
_SOFT_NOUNS = (
    r"(?:hacks?|trolls?|puppets?|thugs?|rats?|pigs?|snakes?|toads?|sheep|vultures?|"
    r"parasites?|leeches|fools?|traitors?|goons?|crooks?|frauds?|liars?|cowards?|"
    r"hypocrites?|freaks?|knobs|dicks|witch(?:es)?|clowns?|creeps?|cows?|"
    r"stooges?|shills?|lapdogs?|genius|einstein|dinosaurs?|relics?|has beens?|"
    r"fossils?|maggots?)"
)
_STRONG_LEADS = (
    r"(?:is|are|was|were|you|you are|what an?|such an?|total|complete|absolute|"
    r"utter|typical|bunch of|pack of|load of|gang of|nest of|shower of|is an?|are "
    r"an?|was an?|you are an?|you|that|this|these|those)"
)
_COMPOUND = (
    r"(?! (?:investigation|case|charges?|trial|squad|scandal|inquiry|allegations?|"
    r"show|car|job|story|act|fish|oil|race|poison|farm|farmer|farming|in the grass|"
    r"costume|nose|school|world|shop|family|flu|pen|cage|breed|meat|run|fever|"
    r"catcher|hunt|hunter|prices?|market|trade|tax|food|droppings|bite|attack|"
    r"fishing|ring)\b)"
)
_INSULT = re.compile(
    "|".join(
        [
            rf"\b(?P<lead>{lx.INSULT_LEADS})(?: {lx.INSULT_ADJECTIVES}){{0,3}}"
            rf" (?P<noun>{lx.INSULT_NOUNS}){_COMPOUND}\b",
            rf"\b(?P<lead2>{_STRONG_LEADS})(?: \w+){{0,3}} (?P<noun2>{_SOFT_NOUNS})"
            rf"{_COMPOUND}\b",
            rf"^(?:{lx.INSULT_ADJECTIVES} |[a-z]+ ){{0,3}}(?P<noun3>{lx.INSULT_NOUNS})"
            rf"{_COMPOUND}\b",
            rf"\b(?:a|an|you|what a|such a|total|complete|absolute|utter) "
            rf"(?:[a-z]+ ){{0,2}}(?P<noun4>{lx.INSULT_NOUNS}){_COMPOUND}\b",
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
            r"\b(?:sad|pathetic|angry|bitter|nasty|miserable|jumped up|smug|silly|"
            r"stupid|ugly|fat|creepy|tiny) (?:little |old )?(?:man|woman|boy|girl|"
            r"person|creature|troll|twerp)\b",
        ]
    )
)
_PERSON = (
    rf"(?:you|he|she|they|this guy|that guy|this man|that man|this woman|that woman|"
    rf"the {lx.ROLES}|this {lx.ROLES}|that {lx.ROLES}|our {lx.ROLES}|your "
    rf"{lx.ROLES})"
)
_PERSON_ATTACK = re.compile(
    "|".join(
        [
            rf"\b(?P<who>{_PERSON}) (?:is|are|was|were|seems|looks|sounds)(?: (?:so|"
            rf"this|that|too|such a|really|completely|totally|utterly|clearly|"
            rf"obviously|just|plain|being|a bit|quite|incredibly|absolutely))*"
            rf" (?P<what>{lx.PERSON_ATTACKS})\b",
            rf"\b(?:are|is) (?P<who2>you|he|she) (?:\w+ )?(?P<what2>{lx.PERSON_ATTACKS}"
            r"|blind|insane|mad|serious)\b",
            rf"\b(?P<what3>{lx.SUPERLATIVE_ATTACKS}) (?:\w+ )?{lx.PEOPLE_WORDS}\b",
            r"\b(?:can|could|imagine) be(?:ing)? (?:this|that|so) (?P<what4>dense|"
            r"stupid|thick|dumb|dim|clueless|brainless|ignorant|gormless|slow)\b",
            r"\b(?P<what5>get a life|did you (?:even )?(?:go to|finish) school|learn "
            r"to read|can you (?:even )?read|do you (?:even )?read|are you (?:even )?"
            r"literate|crawl back under|back to your basement|shut (?:up|your "
            r"(?:mouth|trap|face|gob))|stfu|nobody asked you|who asked you|fuck "
            r"(?:you|off)|screw you|up yours|go to hell|sod off|piss off|bugger "
            r"off|eat shit|kiss my|go die|kill yourself|kys|neck yourself|get a "
            r"brain|brain cell|brain cells|the iq of|an iq of|belongs? in a home|"
            r"should be in a home|ugly mug|face for radio)\b",
        ]
    )
)

# Harassment of commenters, and personal data.
_HARASS = re.compile(
    "|".join(
        [
            r"\b(?:everyone|everybody|all of you|folks|people|lads|guys|you all|let "
            r"us all|let us) (?:\w+ ){0,2}?(?:report|flag|downvote|spam|flood|mass "
            r"report|message|email|write to|fill up|bombard|pile on|dox|doxx|find)\b",
            r"\buntil (?:they|she|he|the mods|the moderators) (?:ban|bans|block|"
            r"blocks|leave|leaves|quit|quits|is banned|gets banned|delete)\b",
            r"\bfill (?:up )?(?:her|his|their|your) inbox\b",
            r"\b(?:leave|get off|stay off|fuck off|go away from|log off) (?:this|the)"
            r" (?:site|page|forum|comments|discussion|thread|paper)\b",
            r"\b(?:nobody|no one) (?:here |on here )?wants you\b|\bnot welcome "
            r"here\b",
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
            r"\bsend(?:ing)? me (?:more |some |a few )?(?:photos|pics|pictures|"
            r"selfies|nudes)\b",
            r"\b(?:tell|show) (?:her|him|them) what (?:they|you|we) think (?:\w+ )"
            r"{0,5}?in person\b",
            r"\bdoes not deserve a (?:voice|platform|say)\b",
            r"\b(?:i|we) (?:will|am going to|are going to|shall) (?:\w+ ){0,2}?"
            r"(?:reply to|respond to|follow|answer|comment on|copy|hound|stalk) "
            r"(?:\w+ ){0,2}?(?:every|all|everywhere|wherever)\b",
            r"\bevery (?:comment|post|reply) you (?:make|write|post)\b",
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
_KIN = (
    r"(?:daughter|son|kids|children|child|wife|husband|partner|girlfriend|boyfriend|"
    r"mother|mum|mom|father|dad|family|parents)"
)
_PERSONAL = re.compile(
    "|".join(
        [
            rf"\b(?:your|his|her|their|[a-z]+) {_KIN} (?:\w+ ){{0,3}}?(?:school|goes"
            r" to|go to|attends|works at|works in|gets picked|picked up|walks home|"
            r"is at|studies at|university|uni|studies|apprentice at|"
            r"walk home|nursery|college|classroom|class|lives at|lives on|lives in|"
            r"plays for|trains at|drops off)\b",
            r"\b(?:lives|living|live|stays|sleeps) (?:at|on) (?:number |no )?\d",
            r"\b(?:lives|living|live|stays) (?:at|on|in) (?:\w+ ){1,3}(?:street|st|"
            r"road|rd|lane|avenue|close|drive|crescent|terrace|gardens|grove|mews|"
            r"row|way|estate)\b",
            r"\b(?:home|house|flat) is (?:the|at|on|in|number) (?:\w+ ){0,6}?"
            r"(?:street|road|lane|avenue|close|drive|crescent|terrace|estate|square|"
            r"end of|corner of)\b",
            r"\b(?:his|her|their|your) (?:instagram|facebook|twitter|tiktok|"
            r"linkedin|snapchat|insta)\b",
            r"\b(?:his|her|their|your) (?:home|house|flat|private|personal) "
            r"(?:address|number|email|phone)\b",
            r"\b\d{1,4}[a-z]? (?:[a-z]+ ){1,3}(?:street|st|road|rd|lane|ln|avenue|"
            r"ave|close|drive|crescent|terrace|gardens|grove|mews|row|way)\b",
            r"\b(?:he|she|they|\w+) works? (?:at|in) the (?:\w+ ){0,3}(?:office|shop|"
            r"branch|school|hospital|clinic|bank|depot|warehouse|factory|store) "
            r"(?:on|in|at)\b",
            r"\b(?:red|blue|green|grey|black|navy) uniform\b",
        ]
    )
)

# Spam.
_SPAM_STRONG = re.compile(
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
    r"onlyfans|first (?:callout|call out|lesson|consultation|visit) free|easy "
    r"money|make money|no credit checks?|meet (?:beautiful|sexy|local|lonely|hot) "
    r"(?:women|men|singles|girls|ladies)|win an? (?:free|new)|text \w+ to \d+|"
    r"follow me on|giveaways?|use code|discount code)\b"
)
_SPAM_CUES = re.compile(
    r"\b(?:buy|cheap|discount|offer|deal|deals|sale|prices?|guaranteed|free|"
    r"visit|call|whatsapp|telegram|dm me|message me|text me|contact me|earn|income|"
    r"profit|invest|investment|loans?|dating|weight|order|quality|shipping|"
    r"subscribe|follow me|my channel|my blog|my site|my page|repairs|services|"
    r"best|bonus|win|winner|prize|cash|reliable|affordable|experience|years "
    r"experience|professional|callout|quotes?|book now|booking|vouchers?|looking for"
    r" an?|ltd|sons|exclusive)\b"
)
_LINK = re.compile(
    r"https?://|www\.|\b[a-z0-9\-]+\.(?:com|net|org|biz|info|io|co|"
    r"app|club|shop|xyz|online|site|store|top|win|vip|me|ly|uk)\b"
)
_SELLING = re.compile(
    r"\b(?:buy|cheap|discount|offer|sale|earn|income|profit|invest|loans?|dating|"
    r"singles|join|apply|subscribe|order|shop|deals?|money|casino|bonus|win|prize|"
    r"cash|credit|followers|lonely|meet|quote|free|cheapest|insurance|code)\b"
)
_CONTACT = re.compile(r"https?://|www\.|\.[a-z]{2,5}\b|\d{3}")
_STOP = lx.words(
    """
    a an the and or of to in on at for is are was were it this that i you he she we
    they be by with as not
    """
)


def _repeated(words: list[str]) -> str | None:
    """Return a phrase repeated within the comment (spam), or None."""
    for size, least in ((4, 2), (3, 3), (2, 4)):
        grams = Counter(
            tuple(words[i : i + size]) for i in range(len(words) - size + 1)
        )
        for gram, count in grams.most_common(1):
            if count >= least and sum(w not in _STOP for w in gram) >= 2:
                return " ".join(gram)
    return None


# --- Finding ------------------------------------------------------------------


_NEGATION = re.compile(rf"\b{lx.NEGATIONS}\b")
_NEGATED_BEFORE = re.compile(r"\b(?:not|never|nobody|no one|noone)\s*$")
_REPORTING = re.compile(rf"\b{lx.REPORTING}\b")
_WHO_WROTE = re.compile(r"\b(?:who|whoever|that) (?:\w+ )?$")
_OWN_REPORT = re.compile(r"\b(?:i|we) (?:have )?$")
_STATE_WORDS = frozenset(
    w for w in re.findall(r"[a-z]+", lx.STATE_NOUNS.replace("?:", "")) if len(w) > 2
)


def _mark_peoples(sentence: str, peoples: set[str]) -> str:
    """Return the sentence with each people's name (not its state's) as xgroupx."""
    words = sentence.split()
    for i, word in enumerate(words):
        if word in peoples and (
            i + 1 == len(words) or words[i + 1] not in _STATE_WORDS
        ):
            words[i] = "xgroupx"
    return " ".join(words)


def _negated(sentence: str, start: int, end: int) -> bool:
    """Return True when a negation stands before or inside the span."""
    before = sentence[max(0, start - 24) : start]
    return bool(
        _NEGATION.search(sentence, start, end) or _NEGATED_BEFORE.search(before)
    )


def _reported(sentence: str) -> bool:
    """Return True when the sentence reports what someone else said or did."""
    for found in _REPORTING.finditer(sentence):
        before = sentence[: found.start()]
        if not _OWN_REPORT.search(before) and not _WHO_WROTE.search(before):
            return True
    return False


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def find(folded: str, original: str = "") -> list[Match]:
    """Return every construction found in ``folded`` text (``standards.fold``).

    ``original`` is the text as written, whose capitals show nationalities
    ("Vesperlanders"); without it, only lower-case shapes are recognised.
    """
    sentences, clauses = normalise(folded)
    found: list[Match] = []
    peoples = set(demonyms(original or folded))
    if peoples:
        sentences = [_mark_peoples(s, peoples) for s in sentences]
        clauses = [_mark_peoples(c, peoples) for c in clauses]
    groupish = sentences
    whole = " . ".join(groupish)
    has_group = bool(_HAS_GROUP.search(whole))
    people = sorted(peoples)[0] if peoples else ""

    def name_group(text: str) -> str:
        return text.replace("xgroupx", people or "a people")

    for sentence in groupish:
        reported = _reported(sentence)
        for kind, pattern in (
            ("threat", _THREAT_OWN),
            ("threat", _THREAT_INSTRUMENT),
            ("threat", _THREAT_ARMED),
            ("threat", _CALL_TO_HARM),
            ("threat", _CALL_ARMED),
            ("wish_harm", _SHOULD_BE_HARMED),
            ("wish_harm", _SHOULD_BURN),
        ):
            m = pattern.search(sentence)
            if m and not reported and not _negated(sentence, m.start(), m.end()):
                found.append(Match(kind, RULE_OF_KIND[kind], _detail(kind, m)))
                break
        parts = [c for c in clauses if c in sentence]
        m = next(filter(None, (_INCITE.search(c) for c in parts)), None)
        if m and not reported and not _negated(sentence, 0, 0):
            found.append(Match("incitement", "threats", _detail("incitement", m)))
        m = _VEILED.search(sentence)
        if m and not reported and not _negated(sentence, m.start(), m.start()):
            found.append(
                Match("threat", "threats", f"veiled threat: {_short(m.group(0))!r}")
            )
        m = _INCITE_ANYWHERE.search(sentence)
        if m and not reported and not _negated(sentence, m.start(), m.start()):
            found.append(
                Match("incitement", "threats", f"incitement: {_short(m.group(0))!r}")
            )
        m = _WISH.search(sentence)
        if (
            m
            and not reported
            and not _negated(sentence, m.start("between"), m.start("harm"))
            and not _negated(sentence, m.start(), m.start())
        ):
            found.append(
                Match(
                    "wish_harm",
                    "threats",
                    f"wish of harm: {m.group('frame')!r} ... {m.group('harm')!r}",
                )
            )
        m = _GRAVE.search(sentence) or _NOBODY_DID.search(sentence)
        if m and not reported and not _negated(sentence, m.start(), m.start()):
            found.append(Match("wish_harm", "threats", f"wish of harm: {m.group(0)!r}"))
        m = _REGRET.search(sentence)
        if m and not reported and _HARM_AGENTS.search(sentence):
            found.append(
                Match(
                    "wish_harm",
                    "threats",
                    f"regret that harm missed: {_short(m.group(0))!r}",
                )
            )
        like = _LIKE_BEAST.search(sentence)
        if like and not set(sentence[: like.end()].split()[-6:]) & _VICTIM_VERBS:
            found.append(
                Match(
                    "dehumanisation",
                    "hate-speech" if has_group else "personal-attacks",
                    f"dehumanising: {name_group(_short(like.group(0)))!r}",
                )
            )
        for pattern in (_DEHUMANISE, _DISEASED, _SWARMED):
            m = pattern.search(sentence)
            if m and not reported and not _negated(sentence, m.start(), m.start()):
                rule = "hate-speech" if has_group else "personal-attacks"
                found.append(
                    Match(
                        "dehumanisation",
                        rule,
                        f"dehumanising: {name_group(_short(m.group(0)))!r}",
                    )
                )
                break
        for pattern in (
            (_GROUP_CONTEMPT, _GROUP_VERDICT, _GROUP_SELF)
            if has_group
            else (_GROUP_SELF,)
        ):
            m = pattern.search(sentence)
            if (
                m
                and (has_group or pattern is _GROUP_SELF)
                and not _negated(sentence, m.start(), m.start())
            ):
                if pattern is _GROUP_CONTEMPT and _negated(
                    sentence, m.start(), m.start("what")
                ):
                    continue
                found.append(
                    Match(
                        "identity_attack",
                        "hate-speech",
                        f"contempt for a group: {name_group(_short(m.group(0)))!r}",
                    )
                )
                break
        for pattern in (_INSULT, _PERSON_ATTACK):
            m = pattern.search(sentence) or next(
                filter(None, (pattern.search(c) for c in parts)), None
            )
            if m and not reported and not _negated(sentence, m.start(), m.start()):
                found.append(
                    Match("insult", "personal-attacks", f"insult: {m.group(0)!r}")
                )
                break
        m = _HARASS.search(sentence)
        if m:
            found.append(
                Match(
                    "harassment",
                    "personal-attacks",
                    f"harassment: {_short(m.group(0))!r}",
                )
            )
        m = _PERSONAL.search(sentence)
        if m:
            found.append(
                Match(
                    "personal_data",
                    "personal-data",
                    f"personal details: {_short(m.group(0))!r}",
                )
            )
    found += _whole_comment(sentences, folded)
    return found


def _whole_comment(sentences: list[str], folded: str) -> list[Match]:
    """Return the constructions that span sentences: conditions, spam."""
    found = []
    whole = " . ".join(sentences)
    conditional = _CONDITIONAL.search(whole)
    if conditional and not any(_reported(s) for s in sentences):
        harm = _CONDITIONAL_HARM.search(whole, conditional.end())
        if harm:
            found.append(
                Match(
                    "threat",
                    "threats",
                    f"conditional threat: {conditional.group(0)!r} ... "
                    f"{harm.group(0)!r}",
                )
            )
    inside = _INSIDE.search(whole)
    if inside and _WISH_FRAME.search(whole):
        found.append(
            Match("wish_harm", "threats", f"wish of harm: {inside.group(0)!r}")
        )
    forced = _FORCED.search(whole)
    if forced:
        found.append(Match("incitement", "threats", f"incitement: {forced.group(0)!r}"))
    rally = _RALLY.search(whole)
    if rally and _CONDITIONAL_HARM.search(whole):
        found.append(Match("incitement", "threats", f"rallying: {rally.group(0)!r}"))
    strong = _SPAM_STRONG.search(whole)
    if strong is None and _LINK.search(folded):
        strong = _SELLING.search(whole)
    cues = {m.group(0) for m in _SPAM_CUES.finditer(whole)}
    contact = _CONTACT.search(folded)
    if strong or (len(cues) >= 2 and contact):
        what = strong.group(0) if strong else ", ".join(sorted(cues)[:4])
        found.append(Match("spam", "spam", f"advertising: {_short(what)!r}"))
    words = whole.replace(" . ", " ").split()
    phrase = _repeated(words)
    if phrase:
        found.append(Match("spam", "spam", f"repeated within the comment: {phrase!r}"))
    return found


def _detail(kind: str, m: re.Match) -> str:
    label = {
        "threat": "threat",
        "wish_harm": "wish of harm",
        "incitement": "incitement",
    }[kind]
    named = m.groupdict()
    harm = next((v for k, v in named.items() if k.startswith("harm") and v), "")
    return f"{label}: {_short(m.group(0))!r} (harm: {harm!r})"


def aimed_at_person(folded: str) -> bool:
    """Return True when the text speaks to or about a person (for the classifier)."""
    return bool(_AIMED.search(_QUOTED.sub(" quote ", folded)))


_AIMED = re.compile(
    rf"\b(?:you|your|u|ur|yourself)\b|\b(?:he|she)(?:'s| is| was)\b|\b(?:the|this|"
    rf"that) {lx.ROLES}\b"
)

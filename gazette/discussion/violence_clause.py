"""Who is harmed, and in what mood: a clause-level reading of violent comments.

The grammar's constructions (``violence.py``) name whole phrasings ("hope ...
gets hit by a bus"); a new writer finds other ones. This module reads a
comment the way the labelling rules describe a threat or a wish of harm,
clause by clause:

- a **harm predicate** (``HARM``: kill, hang, stab, beat, burn, drown, choke,
  die, rot, bleed, crash, collapse, catch cancer...), from a broad
  vocabulary of verbs and events, each with its inflections;
- a **person or group** next to it, its object or its subject (``him``,
  ``their``, ``the judge``, ``landlords``, a name written with a capital);
- a **mood** that makes it the writer's will rather than a report: a wish
  ("hope", "may", "can't wait", "would love"), a modal ("should", "deserves",
  "needs"), the writer's intent ("I'll", "we're going to"), an imperative at
  the clause's start, a condition ("if you..."), a rhetorical question ("why
  has nobody..."), regret ("pity", "too bad").

What is not the writer's will is left out: quoted and reported speech
(``grammar_speech.own_words``), narration in the past tense (no mood), negation
between the mood and the harm, idioms ("break a leg", "killed it", "murder a
curry", "shoot me a message", "I'd rather die"), and things that are not
people ("kill the engine", "burn the budget").

``analyse(text)`` returns the first such reading (``Reading``: mood, harm,
target) or None. Pure, no database; ``learned.py`` uses it to open the
violent head's gates (a reading counts as a target and a stance) and
``standards.py`` to hold, under rule 4, a comment the violent head scores
from ``READING_HOLD`` (see docs/moderation.md, "Sixth round").
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from gazette.discussion import lexicons as lx
from gazette.discussion.checks import fold
from gazette.discussion.grammar_speech import own_words, reported
from gazette.discussion.grammar_text import normalise
from gazette.discussion.violence import ABSTRACT


def _inflect(*verbs: str) -> list[str]:
    """Return each verb's forms: "stab" -> stab, stabs, stabbed, stabbing."""
    forms: list[str] = []
    for entry in verbs:
        base, _, irregular = entry.partition(":")
        forms.append(base)
        if irregular:
            forms += irregular.split("/")
            continue
        stem = base
        if re.search(r"[^aeiou][aeiou][bdgmnprt]$", base) and len(base) <= 5:
            stem = base + base[-1]
        if base.endswith("e"):
            forms += [base + "s", base + "d", base[:-1] + "ing"]
        elif base.endswith(("sh", "ch", "ss", "x")):
            forms += [base + "es", base + "ed", base + "ing"]
        elif base.endswith("y") and base[-2:-1] not in "aeiou":
            forms += [base[:-1] + "ies", base[:-1] + "ied", base + "ing"]
        else:
            forms += [base + "s", stem + "ed", stem + "ing"]
    return forms


# Verbs whose object is the victim: "stab him", "drag the judge out".
_TRANSITIVE = _inflect(
    "kill",
    "murder",
    "shoot:shot/shoots/shooting",
    "stab",
    "hang:hanged/hung/hangs/hanging",
    "lynch",
    "beat:beaten/beats/beating",
    "batter",
    "hurt:hurts/hurting",
    "harm",
    "injure",
    "maim",
    "strangle",
    "throttle",
    "choke",
    "drown",
    "burn:burnt/burned/burns/burning",
    "torch",
    "punch",
    "kick",
    "smash",
    "bash",
    "thump",
    "slap",
    "knife",
    "gut",
    "behead",
    "execute",
    "poison",
    "bomb",
    "shank",
    "crush",
    "trample",
    "flog",
    "whip",
    "torture",
    "mutilate",
    "slaughter",
    "butcher",
    "exterminate",
    "eliminate",
    "lynch",
    "hunt",
    "stone",
    "skin",
    "bury",
    "drag",
    "throttle",
    "bleed",
    "break:broke/broken/breaks/breaking",
    "snap",
    "slit:slits/slitting",
    "run over:ran over/runs over/running over",
    "mow down:mowed down/mown down/mows down/mowing down",
    "string up:strung up/strings up/stringing up",
    "blow up:blew up/blown up/blows up/blowing up",
    "set fire to:sets fire to/setting fire to",
    "set alight:sets alight/setting alight",
    "finish off:finished off/finishes off/finishing off",
    "take out:took out/taken out/takes out/taking out",
    "wipe out:wiped out/wipes out/wiping out",
    "put down:puts down/putting down",
    "rough up:roughed up/roughs up/roughing up",
    "beat up:beats up/beaten up/beating up",
)
# Events whose subject is the victim: "the minister dies", "his jet crashes".
_EVENTS = _inflect(
    "die:died/dies/dying",
    "perish",
    "croak",
    "suffer",
    "starve",
    "freeze:froze/frozen/freezes/freezing",
    "drown",
    "choke",
    "burn:burnt/burned/burns/burning",
    "rot",
    "bleed:bled/bleeds/bleeding",
    "crash",
    "explode",
    "collapse",
    "sink:sank/sunk/sinks/sinking",
    "suffocate",
)
_EVENT_PHRASES = [
    r"drops? dead",
    r"(?:catch(?:es)?|caught|gets?|got|develops?) something (?:\w+ ){0,3}?(?:incurable|"
    r"terminal|fatal|nasty|painful|agonising|agonizing)",
    r"an? (?:good |proper |right |real )?(?:hiding|kicking|beating|battering|"
    r"pasting|thrashing)",
    r"(?:gets?|got|getting|have|has|having) (?:his|her|their|your|ur|its) "
    rf"(?:\w+ )?{lx.BODY_PARTS} (?:\w+ )?{lx.BROKEN}",
    r"(?:runs?|ran|running) (?:\w+ ){1,3}?off the road",
    r"(?:has|have|had|gets?|got) (?:an? )?(?:\w+ )?(?:engine|mechanical|brake) "
    r"(?:trouble|failure|problems?)",
    r"dropped dead",
    r"(?:gets?|got|getting|catch(?:es)?|caught|develops?) (?:\w+ )?(?:cancer|"
    r"a tumou?r|a stroke|a heart attack|the plague|ebola|sick|ill)",
    r"(?:heart|lungs?|liver|kidneys?|brakes|engines?|parachute) "
    r"(?:gives? out|gave out|fails?|failed|stops?|stopped|packs? in)",
    r"(?:tears?|tore|torn|ruptures?|ruptured|snaps?|snapped|breaks?|broke) "
    r"(?:his|her|their|your|ur|both|an?) (?:\w+ )?(?:acl|achilles|hamstrings?|"
    rf"cruciate|ligaments?|{lx.BODY_PARTS})",
    r"(?:goes|go|went|going) (?:down|up in flames|under|off a \w+)",
    r"catch(?:es)? fire|caught fire",
    r"never (?:wakes?|woke|waking) up",
    r"(?:ends?|ended|ending) up (?:in (?:a |the )?(?:hospital|coffin|morgue|grave|"
    r"wheelchair|ditch|river|body bag|intensive care)|dead|six feet under)",
    r"(?:be|is|are|was|were|get|gets|got|getting|been) (?:\w+ )?(?:killed|shot|"
    r"hanged|hung|lynched|murdered|stabbed|beaten|battered|burnt|burned|executed|"
    r"run over|blown up|bombed|strangled|knifed|maimed|tortured|crushed|trampled|"
    r"mauled|drowned|poisoned|stoned|flogged|whipped|smashed|kicked|punched|"
    r"thumped|hurt|injured|mangled|flattened|electrocuted|buried|gutted|skinned)",
    r"(?:in|into) (?:a |the )?(?:ground|grave|coffin|morgue|body bag|hospital|"
    r"intensive care|wheelchair)",
    r"six feet under",
    r"(?:a |the )?(?:slow|painful|long|lingering|agonising|agonizing|horrible|"
    r"violent) (?:and \w+ )?(?:death|end|illness|disease)",
    r"to death",
    r"burn(?:s|ed|t)? alive|buried alive",
    r"(?:bus|coach|train|car|plane|jet|boat|yacht|ferry|ship|helicopter|tesla|"
    r"lorry|van|motorcade|bridge|roof|building|house|office|stage|tower|ceiling) "
    r"(?:\w+ ){0,3}?(?:crash(?:es|ed)?|explodes?|exploded|collapses?|collapsed|"
    r"sinks?|sank|blows? up|blew up|burns? down|burnt down|burned down|caves? in|"
    r"caved in|comes? down|came down|flips?|flipped|goes down|went down|"
    r"catch(?:es)? fire|caught fire|finds? a mountain|hits? a mountain)",
]
_HARM_WORDS = sorted(set(_TRANSITIVE) | set(_EVENTS), key=len, reverse=True)
HARM = re.compile(
    r"\b(?:"
    + "|".join(_EVENT_PHRASES)
    + "|"
    + "|".join(w.replace(" ", r" (?:\w+ )?") for w in _HARM_WORDS)
    + r")\b"
)

# --- Who is harmed -------------------------------------------------------------

_PERSON_WORDS = (
    r"him|her|them|you|u|ya|yourself|himself|herself|themselves|he|she|they|"
    r"his|their|your|ur|whoever|anyone who|those who|the lot of them|"
    r"every (?:last )?one of them|all of them|each of them"
)
_ROLE_WORDS = (
    r"landlords?|bailiffs?|bosses|boss|ceos?|chief executive|directors?|board|"
    r"owners?|developers?|judges?|magistrates?|ministers?|mps?|councillors?|"
    r"council|mayor|senators?|governor|president|premier|chancellor|referees?|"
    r"ref|umpires?|linesman|managers?|coach|players?|strikers?|keeper|"
    r"journalists?|reporters?|hacks?|editors?|writers?|columnists?|anchor|"
    r"presenters?|moderators?|mods?|influencers?|streamers?|trolls?|cops?|"
    r"police|officers?|guards?|soldiers?|inspectors?|surveyors?|bankers?|"
    r"politicians?|leaders?|officials?|cabinet|government|chairman|chair|"
    r"commissioner|sheriff|traitors?|scabs?|strikebreakers?|protesters?|"
    r"voters?|fans|neighbou?rs?|driver|family|families|kids|children|wife|"
    r"husband|son|daughter|man|woman|men|women|guy|bloke|lad|lads|girl|"
    r"person|people|cartel|gang|mob|crew|team|squad|staff|tenants?|committee|"
    r"pensioners?|boomers?|immigrants?|migrants?|refugees?|whole lot|"
    r"dev team|devs|poachers?|landowners?|farmers?|teachers?|nurses?|doctors?"
)
PERSON = re.compile(
    rf"\b(?:{_PERSON_WORDS}|{_ROLE_WORDS}|xgroupx)\b|\b{lx.ROLES}\b"
    rf"|\b{lx.PROTECTED_GROUPS}\b|\b{lx.OTHER_GROUPS}\b"
)
# What harm verbs do to things that are not people: "kill the engine", "burn
# the budget", "smash the record".
_THINGS = re.compile(
    r"^(?:off |out |down |up )?(?:the|a|an|this|that|these|those|my|our|his|her|"
    rf"their|your|its|every|any) (?:\w+ )?{ABSTRACT}\b"
)

# --- The mood ------------------------------------------------------------------

_WISH = (
    r"hope|hopes|hoping|hopefully|wish|wishing|pray|praying|^may|let|fingers "
    r"crossed|here is hoping|here is to|would love|love to see|want to see|"
    r"wanna see|cannot wait|can not wait|cant wait|looking forward to|"
    r"would be (?:\w+ ){0,2}?(?:lovely|nice|great|good|funny|hilarious|"
    r"brilliant|fitting|justice|karma|a treat|a shame|a pity) (?:if|to see|"
    r"when)|imagine if|would make my (?:day|week|year|month|life)|"
    r"nothing would (?:make|please|cheer)|would (?:pay|laugh|cheer|celebrate|"
    r"dance|party|drink|smile|pour a drink|crack open)|would not (?:cry|shed|"
    r"mourn|mind|care|lose sleep|complain)|would happily|would gladly|"
    r"if there (?:is|were|was) any justice|with any luck|karma|"
    r"too bad|pity|shame|what a shame|good riddance|the sooner"
)
_MODAL = (
    r"should|ought to|must|needs? to|deserves?|deserved|deserving|"
    # "the ref wants stringing up", "he needs a good kicking"
    r"(?:wants?|needs?) (?:a )?(?:good |proper )?\w+ing|"
    r"had better|better|has got to|have got to|time to|"
    r"it is time|its time|about time|is due|are due|the only (?:answer|way|"
    r"solution|option|language|cure|fix)"
)
_INTENT = (
    r"(?:i|we|me and \w+) (?:\w+ ){0,2}?(?:will|shall|am going to|are going to|"
    r"am gonna|are gonna|gonna|am about to|are about to|would|could|am|are|"
    r"plan to|intend to|swear|promise)"
    r"|(?:is|are|am) (?:going to|gonna|about to) (?:get|be)|will (?:get|be)|"
    r"(?:is|are) getting|(?:is|are) next|turn is coming|is coming|are coming|"
    r"leaves?|wo not|will not (?:walk|get|make it|leave)"
)
_QUESTION = (
    r"why (?:has|have|did|does|do|is|are) (?:no one|nobody|noone|none of you|"
    r"no one yet|not anyone|anyone not)|why (?:has not|have not|did not|does not|"
    r"is not|are not) (?:anyone|anybody|someone|somebody)|who is (?:up for|"
    r"going to|gonna|with me)|who wants to|can (?:someone|somebody|anyone)|"
    r"will (?:someone|somebody|anyone)|is (?:no one|nobody) going to"
)
_CALL = (
    r"(?:someone|somebody|anyone|anybody|everyone|everybody|lads|you lot|"
    r"the town|the people|citizens|patriots) (?:\w+ ){0,2}?"
    r"(?:should|needs? to|must|ought to|has to|have to|got to)"
    r"|(?:someone|somebody) (?:\w+ )?(?:give|put|go|get)"
    r"|let us|lets"
    # an agent told to act: "someone organise a pile on and beat..."
    r"|(?:someone|somebody|everyone|everybody) (?!\w*(?:s|ed)\b)\w+"
)
_CONDITION = r"(?:if|when|once|unless|next time|the day|the moment|one more)"
MOODS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("question", re.compile(rf"\b(?:{_QUESTION})\b")),
    ("wish", re.compile(rf"\b(?:{_WISH})\b")),
    ("call", re.compile(rf"\b(?:{_CALL})\b")),
    ("modal", re.compile(rf"\b(?:{_MODAL})\b")),
    ("intent", re.compile(rf"\b(?:{_INTENT})\b")),
    ("condition", re.compile(rf"\b{_CONDITION}\b")),
)
# An imperative: the harm (or going to do it) begins the clause.
_IMPERATIVE = re.compile(
    r"^(?:now |just |so |then |and |lads |everyone |everybody |people |"
    r"please |go (?:and )?|come on |right |ok |okay |someone |somebody )*$"
)
# Negation between the mood and the harm cancels the reading ("I hope nobody
# gets hurt", "he should never be harmed"); a rhetorical question keeps it.
_NEGATION = re.compile(rf"\b{lx.NEGATIONS}\b|\bnot\b|\bnever\b")
# Idioms in which a harm word harms nobody.
_IDIOMS = re.compile(
    r"\bbreak a leg\b|\bkill(?:s|ed|ing)? it\b|\bkilling (?:me|us)\b|"
    r"\b(?:murder|kill) (?:a|for a) (?:\w+ )?(?:cup|pint|curry|tea|coffee|beer|"
    r"drink|burger|kebab|pizza|sandwich)\b|\b(?:would|had) rather die\b|"
    r"\bdie (?:of|from|laughing) (?:embarrassment|shame|laughter|boredom)\b|"
    r"\bdying (?:to|for|of)\b|\bhung out to dry\b|\b(?:shoot|drop|fire|send) "
    r"(?:me|us) (?:an?|the) \w+|\bkill (?:the|your|my) (?:engine|lights?|"
    r"music|mood|vibe)\b|\bkill time\b|\bbeat (?:the|them|him|her|us|you) "
    r"(?:at|in|to)\b|\bmurdered me\b|\bkilled me\b|\bslay(?:s|ed|ing)?\b|"
    r"\bsmash(?:ed|ing) it\b|\bhang(?:s|ing)? (?:around|about|out|on|up)\b|"
    r"\bhung (?:around|about|out|on|up)\b|\bchok(?:e|es|ed|ing) (?:on the (?:big|"
    r"biggest)|in|at|under)\b|"
    # sport, games and elections: "crush them in the derby"
    r"\b\w+ (?:them|him|her|you|us|\w+) (?:\w+ )?(?:in|at|on) (?:the |this |next "
    r")?(?:derby|match|game|final|semi|semis|league|cup|polls?|election|"
    r"ballot box|next round|tournament|saturday|sunday|weekend|rematch|debate|"
    r"quiz|chess|board)\b|\bdestroy(?:ed|ing)? (?:my|his|her) \w+ at\b|"
    r"\bbury (?:him|her|them) at the (?:ballot|polls|election|next election)\b|"
    r"\bbury (?:him|her|them) (?:at|in) the (?:next )?(?:election|polls|vote)\b|"
    r"\b(?:heart|hearts) (?:goes|go) out\b|\bburn(?:ing|s)? the midnight oil\b|"
    r"\bbleed(?:ing)? (?:us|them|taxpayers|the taxpayer|the country|the town) "
    r"dry\b|\btake (?:out|down) (?:a|the) (?:loan|mortgage|bins?|rubbish|trash|"
    r"title|trophy|cup|league)\b|\bbeaten (?:\w+ ){0,2}?(?:in|at) the\b"
)
# Past narration: the harm as something that happened ("was stabbed", "shot
# three people", "died in 1943") with no mood word before it.
_PAST = re.compile(
    r"\b(?:was|were|had been|has been|have been|got|went|died|killed|shot|"
    r"stabbed|hanged|beaten|broke|crashed|exploded|collapsed|drowned|burned|"
    r"burnt|murdered|last (?:week|month|year|season|night)|yesterday|in \d{4})\b"
)


# A harm told as done, by its first word: "was killed", "had collapsed",
# "stabbed" (not "get your legs broken").
_PAST_HARM = re.compile(
    r"(?:was|were|had|has been|have been|\w+ed|shot|hung|beaten|broke|broken|"
    r"bled|froze|frozen|sank|sunk|ran|blew|blown|took|taken|burnt|strung|mown|"
    r"done)\b"
)
# A condition is a threat when it speaks to the reader or of the writer.
_SECOND = re.compile(r"\b(?:you|your|ur|u|ya|yourself|i|we|me|us|my|our)\b")


@dataclass(frozen=True)
class Reading:
    """A harm predicate with a person by it, in a mood that makes it the writer's."""

    mood: str  # "wish", "modal", "intent", "imperative", "question", "call"...
    harm: str  # the harm predicate as matched
    target: str  # the person or group next to it

    def __str__(self) -> str:
        return f"{self.mood}: {self.harm!r} ({self.target!r})"


_WINDOW = 7  # words on either side of the harm in which its person is looked for


def _words_around(clause: str, start: int, end: int) -> tuple[str, str]:
    before = clause[:start].split()[-_WINDOW:]
    after = clause[end:].split()[:_WINDOW]
    return " ".join(before), " ".join(after)


def _mood(clause_before: str, sentence_before: str) -> str | None:
    """Return the mood the words before the harm put it in, else None."""
    if _IMPERATIVE.match(clause_before):
        return "imperative"
    for name, pattern in MOODS:
        matches = list(pattern.finditer(sentence_before))
        if not matches:
            continue
        found = matches[-1]  # the mood nearest the harm
        between = sentence_before[found.end() :]
        lead = " ".join(sentence_before[: found.start()].split()[-2:])
        if name != "question" and (_NEGATION.search(between) or _NEGATION.search(lead)):
            continue
        return name
    return None


def _reading_of(sentence: str, clauses: list[str]) -> Reading | None:
    """Return the first harm with a person and a mood in ``sentence``."""
    if _IDIOMS.search(sentence):
        sentence = _IDIOMS.sub(" idiom ", sentence)
        clauses = [_IDIOMS.sub(" idiom ", c) for c in clauses]
    for clause in clauses:
        for harm in HARM.finditer(clause):
            before, after = _words_around(clause, harm.start(), harm.end())
            if _THINGS.match(clause[harm.end() :].lstrip()):
                continue
            person = PERSON.search(before) or PERSON.search(after)
            if person is None:
                continue
            at = sentence.find(clause)
            # The mood may end in the harm: "he wants a good kicking".
            sentence_before = sentence[: max(at, 0) + harm.end()]
            mood = _mood(clause[: harm.start()], sentence_before)
            if mood is None:
                continue
            if mood not in ("wish", "modal", "question") and (
                _PAST.search(sentence_before[: -len(harm.group(0))])
                or _PAST_HARM.match(harm.group(0))
            ):
                continue
            if mood == "condition" and not _SECOND.search(f"{before} {after}"):
                continue
            return Reading(mood, harm.group(0), person.group(0))
    return None


@functools.lru_cache(maxsize=16)
def analyse(text: str) -> Reading | None:
    """Return the first clause in which a person is harmed in the writer's mood.

    Only the writer's own words are read (``grammar_speech.own_words``): what a
    comment quotes or reports others saying is not the writer's will.
    """
    own = own_words(text)
    if not own.strip():
        return None
    sentences, clauses = normalise(fold(own))
    for sentence in sentences:
        if reported(sentence):
            continue
        parts = [c for c in clauses if c in sentence]
        reading = _reading_of(sentence, parts or [sentence])
        if reading is not None:
            return reading
    return None

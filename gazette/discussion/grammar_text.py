"""The standards' grammar, its text: normalising a comment, and finding peoples.

``normalise`` gives a comment's sentences and clauses without quotations,
lower case, contractions expanded and disguises undone; ``demonyms`` finds
the words shaped like a people's name ("Vesperlanders", "typical Ostrand
people"); ``addressed_to_reader`` and ``aimed_at_person`` say whom a comment
aims at (for the classifier's thresholds). Read through ``grammar``.
"""

from __future__ import annotations

import functools
import re

from gazette.discussion import lexicons as lx

# --- Normalising ------------------------------------------------------------

QUOTED = re.compile(
    r"(?:(?<=^)|(?<=[\s:(,\-]))(?:\"[^\"]{2,}?\"|'[^\s'](?:[^'\n]|'(?=[a-z]))*?"
    r"[^\s']')"
    r"(?=[\s.,;:!?)\-]|$)"
)
_SPACED = re.compile(r"(?<![\w*@$])(?:[a-z0-9*@$][ ._\-]){2,}[a-z0-9*@$](?![\w*@$])")
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
# The table in one pass (a third of the cost on long comments): one
# alternation in the table's order, so that at each place the entry that
# matches is the one the table lists first; that entry is matched again there
# for its groups. No replacement forms another entry's match, so one pass
# gives what applying the entries one after another gave (a test compares
# both on generated text).
# Its groups are not read (``_expand_contraction`` matches the entry again):
# written uncaptured, the alternatives open on their letters (``lx.spread``).
_CONTRACTION = lx.spread(
    "|".join(
        "(?:" + re.sub(r"(?<!\\)\((?!\?)", "(?:", p.pattern) + ")"
        for p, _ in _CONTRACTIONS
    )
)


def _expand_contraction(found: re.Match) -> str:
    text, at = found.string, found.start()
    for pattern, replacement in _CONTRACTIONS:
        entry = pattern.match(text, at)
        if entry:
            if isinstance(replacement, str):
                return entry.expand(replacement)
            return replacement(entry)
    return found.group(0)


_SENTENCES = re.compile(r"[.!?;:\n]+|\s[-\u2013\u2014]+\s")
_WORDS = re.compile(r"[a-z0-9*]+")


_SEPARATORS = re.compile(r"[ ._\-]")
_REPEATED = re.compile(r"([a-z])\1{2,}")


def _undisguise(text: str) -> str:
    text = _SPACED.sub(lambda m: _SEPARATORS.sub("", m.group(0)), text)
    text = _MIXED.sub(lambda m: m.group(0).translate(lx.LEET), text)
    # Letters repeated for effect ("kiiiill", "sooo"): three or more become one.
    return _REPEATED.sub(r"\1", text)


# The grammar and the learned signal read the same comment one after the
# other: the second reads the first's normalised text.
@functools.lru_cache(maxsize=16)
def normalise(folded: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return (sentences, clauses) of the text without quotations, normalised.

    Each sentence is lower-case words separated by single spaces, contractions
    expanded ("you'll" -> "you will"), disguises undone ("k1ll", "k i l l").
    Quoted words become the word ``quote``. Clauses are sentences cut at
    commas too, where an imperative may start ("Don't just march, burn...").
    """
    text = folded.replace("\u201c", '"').replace("\u201d", '"')
    text = text.replace("let's", "let us")
    # Quotations first: expanding "traitors'" would eat the closing quote.
    text = QUOTED.sub(" quote ", text)
    text = _CONTRACTION.sub(_expand_contraction, text)
    unquoted = _undisguise(text)
    return _split(unquoted), _split(unquoted.replace(",", "."))


def _split(text: str) -> tuple[str, ...]:
    sentences = []
    for part in _SENTENCES.split(text):
        words = _WORDS.findall(part.replace("-", " "))
        if words:
            sentences.append(" ".join(words))
    return tuple(sentences)


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
    humans subhumans christians barbarians vegetarians librarians ruffians
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


# A people named after its place: "typical Ostrand people", "Carvell folk".
# Not at a sentence's start, where any word has a capital ("Unfortunately
# people are...").
_PLACE_PEOPLE = re.compile(
    r"(?<=[a-z,] )([A-Z][a-z]{2,}) (?:people|folk|folks|natives|families|men|women)\b"
)
# ...and "gamers from Corvania", "lads from Ostrand".
_FROM_PLACE = re.compile(
    r"\b(?:people|folk|folks|lads|men|women|gamers|players|fans|drivers|workers|"
    r"kids|families|girls|boys|immigrants|migrants) from ([A-Z][a-z]{2,})\b"
)
_NOT_PLACES = lx.words(
    """
    the these those many most some all any few other such certain ordinary normal
    decent real working poor rich good bad old young local older younger elderly
    white black brown gay trans disabled religious sick vulnerable innocent honest
    sensible smart stupid more less both several which what why when where who how
    and but if so not only just even also very most thinking free lazy hard busy
    tall short thin fat straight married single wise great little big nice kind
    mean evil average everyday common regular modern rural urban city country
    """
)


# At a sentence's start any word has a capital: there, a word ending like a
# common noun ("Fingers crossed", "Rioters set fire") is not taken for a people.
_AT_START = re.compile(r"(?:^|[.!?]\s+|\n)\W*$")
_COMMON_END = re.compile(r"(?<!land)(?<!mark)(?:ers|ots|ards|ics|is|i|ans)$")
# ...unless what follows makes it the subject of a sweeping statement.
_SUBJECT_NEXT = re.compile(
    r"\s+(?:are|were|can|cannot|can't|could|should|shouldn't|must|will|won't|would|"
    r"have|do|don't|never|always|all|just|only|seem|really|simply|deserve|belong|"
    r"breed|steal|lie|cheat|ruin|need|ought|aren't|get|live|come|like)\b",
    re.IGNORECASE,
)


def demonyms(text: str) -> list[str]:
    """Return words of ``text`` shaped like a people's name ("Vesperlanders")."""
    found = [
        m.group(0).casefold()
        for m in _DEMONYM.finditer(text)
        if m.group(0).casefold() not in _NOT_DEMONYMS
        and not (
            _AT_START.search(text, 0, m.start())
            and _COMMON_END.search(m.group(0))
            and not _SUBJECT_NEXT.match(text, m.end())
        )
    ]
    found += [
        word.casefold()
        for word in _PLACE_PEOPLE.findall(text) + _FROM_PLACE.findall(text)
        if word.casefold() not in _NOT_PLACES
    ]
    found += _LOWER_DEMONYMS.findall(text.casefold())
    return list(dict.fromkeys(found))


def mark_peoples(sentence: str, peoples: set[str]) -> str:
    """Return the sentence with each people's name (not its state's) as xgroupx."""
    words = sentence.split()
    for i, word in enumerate(words):
        if word in peoples and (
            i + 1 == len(words) or words[i + 1] not in _STATE_WORDS
        ):
            words[i] = "xgroupx"
    return " ".join(words)


_STATE_WORDS = frozenset(
    w
    for w in re.findall(r"[a-z]+", lx.plain(lx.STATE_NOUNS).replace("?:", ""))
    if len(w) > 2
)


# --- Whom a comment aims at -----------------------------------------------------


@functools.lru_cache(maxsize=16)
def _unquoted(folded: str) -> str:
    return QUOTED.sub(" quote ", folded)


def addressed_to_reader(folded: str) -> bool:
    """Return True when the text speaks to someone ("you"), outside quotations."""
    return bool(_ADDRESSED.search(_unquoted(folded)))


_ADDRESSED = re.compile(r"\b(?:you|your|u|ur|yourself|yourselves|ya)\b")


def aimed_at_person(folded: str) -> bool:
    """Return True when the text speaks to or about a person (for the classifier)."""
    return bool(_AIMED.search(_unquoted(folded)))


_AIMED = re.compile(
    rf"\b(?:you|your|u|ur|yourself)\b|\b(?:he|she)(?:'s| is| was)\b|\b(?:the|this|"
    rf"that) {lx.ROLES}\b"
)

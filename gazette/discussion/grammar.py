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

The constructions themselves live in ``violence.py`` (threats, wishes,
incitement) and ``conduct.py`` (dehumanisation, identity attacks, insults,
harassment, spam); this module normalises the text and applies them.

Quoted words and sentences that report what others said or did ("the court
heard he shouted...") are left out of the violent constructions, so news
discussion stays published; a negation between the frame and the harm
("I hope nobody gets hurt") cancels it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from gazette.discussion import conduct, violence
from gazette.discussion import lexicons as lx
from gazette.discussion.checks import fold


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
_CONTRACTION = re.compile("|".join(f"(?:{p.pattern})" for p, _ in _CONTRACTIONS))


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
    text = _QUOTED.sub(" quote ", text)
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
        for word in _PLACE_PEOPLE.findall(text)
        if word.casefold() not in _NOT_PLACES
    ]
    found += _LOWER_DEMONYMS.findall(text.casefold())
    return list(dict.fromkeys(found))


# --- Finding ------------------------------------------------------------------


# A sentence that may speak of a group named elsewhere in the comment.
_GROUP_GATE = re.compile(
    r"\b(?:they|them|their|these|those|you|your|go|back|expect|every|all|the rest|"
    r"nature|genetically|another|foreigners?|outsiders)\b"
)
_NEGATION = re.compile(rf"\b{lx.NEGATIONS}\b")
_NEGATED_BEFORE = re.compile(r"\b(?:not|never|nobody|no one|noone)\s*$")
_REPORTING = re.compile(rf"\b{lx.REPORTING}\b")
_WHO_WROTE = re.compile(r"\b(?:who|whoever|that) (?:\w+ )?$")
# "The economist quoted here", "the minister named above": a participle
# naming someone, not a report of what they said.
_PARTICIPLE = re.compile(
    r" (?:here|above|below|earlier|today|in (?:this|the) (?:article|piece|story|"
    r"report|column))\b"
)
_OWN_REPORT = re.compile(r"\b(?:i|we) (?:have )?$")
_STATE_WORDS = frozenset(
    w
    for w in re.findall(r"[a-z]+", lx.plain(lx.STATE_NOUNS).replace("?:", ""))
    if len(w) > 2
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
        if _PARTICIPLE.match(sentence, found.end()):
            continue
        if not _OWN_REPORT.search(before) and not _WHO_WROTE.search(before):
            return True
    return False


# --- The writer's own words (for the learned signal) --------------------------

_QUOTED_AS_WRITTEN = re.compile(_QUOTED.pattern, re.IGNORECASE)
_CURLY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u02bc": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
    }
)
# What introduces speech: a reporting word, "of" ("chants of"), a colon or a
# comma just before the quotation.
_SPEECH_BEFORE = re.compile(rf"(?:\b{lx.REPORTING}|\bof|\bsaying|\bwords|[:,])\W*$")
_SENTENCE_ENDS = re.compile(r"(?<=[.!?;\n])\s+")
# A quotation of this many words is speech wherever it stands; shorter ones
# are the writer's own words in quotation marks ("he'll be 'dealt with'")
# unless speech is introduced before them.
SPEECH_WORDS = 5


def _speech(text: str, quote: re.Match) -> bool:
    if len(quote.group(0).split()) >= SPEECH_WORDS:
        return True
    start = text.rfind(".", 0, quote.start()) + 1
    return bool(
        _SPEECH_BEFORE.search(
            text[max(start, quote.start() - 40) : quote.start()].casefold()
        )
    )


def own_words(text: str) -> str:
    """Return the text without what it quotes or reports others saying or doing.

    Quoted speech becomes the word ``quote`` as in ``normalise``: quotations
    of five words or more, and shorter ones introduced by a reporting word, a
    colon or "chants of". A short quotation standing in the writer's own
    sentence ("he will be 'taken care of'") stays: quotation marks do not
    make a threat someone else's. Sentences that report what someone else
    said or did ("police say...", "he told the court...") are left out. The
    capitals are kept (the learned signal reads names by them).
    """
    marks = '"' in text or "'" in text or "\u2019" in text or "\u201c" in text
    if not marks and not _REPORTING.search(text.casefold()):
        return text
    plain = text.translate(_CURLY)
    pieces, at = [], 0
    for quote in _QUOTED_AS_WRITTEN.finditer(plain):
        if _speech(plain, quote):
            pieces += [plain[at : quote.start()], " quote "]
            at = quote.end()
    pieces.append(plain[at:])
    unquoted = "".join(pieces)
    kept = []
    for sentence in _SENTENCE_ENDS.split(unquoted):
        folded = fold(sentence)
        # Only a sentence with a reporting word can report (most have none).
        if _REPORTING.search(folded) and any(map(_reported, normalise(folded)[0])):
            continue
        kept.append(sentence)
    return " ".join(kept).strip()


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
        sentences = tuple(_mark_peoples(s, peoples) for s in sentences)
        clauses = tuple(_mark_peoples(c, peoples) for c in clauses)
    groupish = sentences
    whole = " . ".join(groupish)
    has_group = bool(conduct.HAS_GROUP.search(whole))
    people = sorted(peoples)[0] if peoples else ""

    def name_group(text: str) -> str:
        return text.replace("xgroupx", people or "a people")

    for sentence in groupish:
        reported = _reported(sentence)
        for kind, pattern in (
            ("threat", violence.THREAT_OWN),
            ("threat", violence.THREAT_INSTRUMENT),
            ("threat", violence.THREAT_ARMED),
            ("threat", violence.CALL_TO_HARM),
            ("threat", violence.CALL_ARMED),
            ("wish_harm", violence.SHOULD_BE_HARMED),
            ("wish_harm", violence.SHOULD_BURN),
        ):
            m = pattern.search(sentence)
            if m and not reported and not _negated(sentence, m.start(), m.end()):
                found.append(Match(kind, RULE_OF_KIND[kind], _detail(kind, m)))
                break
        parts = [c for c in clauses if c in sentence]
        m = next(filter(None, (violence.INCITE.search(c) for c in parts)), None)
        if m and not reported and not _negated(sentence, 0, 0):
            found.append(Match("incitement", "threats", _detail("incitement", m)))
        m = violence.VEILED.search(sentence)
        if m and not reported and not _negated(sentence, m.start(), m.start()):
            found.append(
                Match("threat", "threats", f"veiled threat: {_short(m.group(0))!r}")
            )
        m = violence.RETRIBUTION.search(sentence)
        if (
            m
            and not reported
            and not violence.CIVIL_RETRIBUTION.search(sentence)
            and not _negated(sentence, m.start(), m.start())
        ):
            found.append(
                Match("threat", "threats", f"retribution: {_short(m.group(0))!r}")
            )
        m = violence.INCITE_ANYWHERE.search(sentence)
        if m and not reported and not _negated(sentence, m.start(), m.start()):
            found.append(
                Match("incitement", "threats", f"incitement: {_short(m.group(0))!r}")
            )
        m = violence.WISH.search(sentence)
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
        m = violence.GRAVE.search(sentence) or violence.NOBODY_DID.search(sentence)
        if m and not reported and not _negated(sentence, m.start(), m.start()):
            found.append(Match("wish_harm", "threats", f"wish of harm: {m.group(0)!r}"))
        m = violence.REGRET.search(sentence)
        if m and not reported and violence.HARM_AGENTS.search(sentence):
            found.append(
                Match(
                    "wish_harm",
                    "threats",
                    f"regret that harm missed: {_short(m.group(0))!r}",
                )
            )
        like = conduct.LIKE_BEAST.search(sentence)
        if like and not set(sentence[: like.end()].split()[-6:]) & conduct.VICTIM_VERBS:
            found.append(
                Match(
                    "dehumanisation",
                    "hate-speech" if has_group else "personal-attacks",
                    f"dehumanising: {name_group(_short(like.group(0)))!r}",
                )
            )
        dehumanising: tuple[lx.Searchable, ...] = (
            conduct.DEHUMANISE,
            conduct.DISEASED,
            conduct.SWARMED,
        )
        for construction in dehumanising:
            m = construction.search(sentence)
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
        about_group = has_group and (
            conduct.HAS_GROUP.search(sentence) or _GROUP_GATE.search(sentence)
        )
        contempt: tuple[lx.Searchable, ...] = (
            (conduct.GROUP_CONTEMPT, conduct.GROUP_VERDICT, conduct.GROUP_SELF)
            if about_group
            else (conduct.GROUP_SELF,)
        )
        for construction in contempt:
            m = construction.search(sentence)
            if (
                m
                and (has_group or construction is conduct.GROUP_SELF)
                and not _negated(sentence, m.start(), m.start())
            ):
                if construction is conduct.GROUP_CONTEMPT and _negated(
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
        for pattern in (conduct.INSULT, conduct.PERSON_ATTACK):
            m = pattern.search(sentence)
            if m is None and pattern is conduct.INSULT:
                m = next(filter(None, map(conduct.INSULT_START.match, parts)), None)
            if m and not reported and not _negated(sentence, m.start(), m.start()):
                found.append(
                    Match("insult", "personal-attacks", f"insult: {m.group(0)!r}")
                )
                break
        m = conduct.HARASS.search(sentence)
        if m:
            found.append(
                Match(
                    "harassment",
                    "personal-attacks",
                    f"harassment: {_short(m.group(0))!r}",
                )
            )
        m = conduct.PERSONAL.search(sentence)
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


def _whole_comment(sentences: Sequence[str], folded: str) -> list[Match]:
    """Return the constructions that span sentences: conditions, spam."""
    found = []
    whole = " . ".join(sentences)
    conditional = violence.CONDITIONAL.search(whole)
    if conditional and not any(_reported(s) for s in sentences):
        harm = violence.CONDITIONAL_HARM.search(whole, conditional.end())
        if harm:
            found.append(
                Match(
                    "threat",
                    "threats",
                    f"conditional threat: {conditional.group(0)!r} ... "
                    f"{harm.group(0)!r}",
                )
            )
    inside = violence.INSIDE.search(whole)
    if inside and violence.WISH_FRAME.search(whole):
        found.append(
            Match("wish_harm", "threats", f"wish of harm: {inside.group(0)!r}")
        )
    forced = violence.FORCED.search(whole)
    if forced:
        found.append(Match("incitement", "threats", f"incitement: {forced.group(0)!r}"))
    rally = violence.RALLY.search(whole)
    if rally and violence.CONDITIONAL_HARM.search(whole):
        found.append(Match("incitement", "threats", f"rallying: {rally.group(0)!r}"))
    strong = conduct.SPAM_STRONG.search(whole)
    if strong is None and conduct.LINK.search(folded):
        strong = conduct.SELLING.search(whole)
    cues = {m.group(0) for m in conduct.SPAM_CUES.finditer(whole)}
    contact = conduct.CONTACT.search(folded)
    if strong or (len(cues) >= 2 and contact):
        what = strong.group(0) if strong else ", ".join(sorted(cues)[:4])
        found.append(Match("spam", "spam", f"advertising: {_short(what)!r}"))
    words = whole.replace(" . ", " ").split()
    phrase = conduct.repeated(words)
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


@functools.lru_cache(maxsize=16)
def _unquoted(folded: str) -> str:
    return _QUOTED.sub(" quote ", folded)


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

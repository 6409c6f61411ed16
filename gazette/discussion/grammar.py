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

import re
from collections.abc import Sequence
from dataclasses import dataclass

from gazette.discussion import conduct, violence
from gazette.discussion import lexicons as lx
from gazette.discussion.grammar_speech import SPEECH_WORDS, own_words
from gazette.discussion.grammar_speech import negated as _negated
from gazette.discussion.grammar_speech import reported as _reported
from gazette.discussion.grammar_text import (
    addressed_to_reader,
    aimed_at_person,
    demonyms,
    normalise,
)
from gazette.discussion.grammar_text import mark_peoples as _mark_peoples

__all__ = [
    "RULE_OF_KIND",
    "SPEECH_WORDS",
    "Match",
    "addressed_to_reader",
    "aimed_at_person",
    "demonyms",
    "find",
    "normalise",
    "own_words",
]


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


# --- Finding ------------------------------------------------------------------


# A sentence that may speak of a group named elsewhere in the comment.
_GROUP_GATE = re.compile(
    r"\b(?:they|them|their|these|those|you|your|go|back|expect|every|all|the rest|"
    r"nature|genetically|another|foreigners?|outsiders)\b"
)


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
        m = violence.INCITE_ANYWHERE.search(sentence) or violence.CROWD_AT_HOME.search(
            sentence
        )
        if m and not reported and not _negated(sentence, m.start(), m.start()):
            found.append(
                Match("incitement", "threats", f"incitement: {_short(m.group(0))!r}")
            )
        m = violence.WISH.search(sentence)
        if (
            m
            and not reported
            and not violence.PRECAUTION.search(m.group("between"))
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
        m = (
            violence.GRAVE.search(sentence)
            or violence.NOBODY_DID.search(sentence)
            or violence.NOT_THE_VICTIM.search(sentence)
        )
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

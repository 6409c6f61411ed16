"""Word classes for the standards' grammar (``grammar.py``), as regex pieces.

Each class is a broad set of words that play one part in a construction: a harm
predicate, a target, a frame that wishes or calls for something, a
dehumanising noun, a protected group, an insult. The grammar combines classes;
no sentence is listed here. Text reaching the grammar is folded, contractions
expanded and disguises undone (``grammar.normalise``), so the classes list
plain lower-case forms. Verbs are given with their inflections.

The classes are kept in two modules by family, ``lexicons_harm`` (harm verbs
and events, weapons, targets, frames) and ``lexicons_people`` (beasts and
disease, groups, contempt, insults, reporting, negation), and the machinery
that builds them in ``lexicons_base``; this module re-exports all of them, so
``lexicons.HARM_VERBS`` is the one pattern everywhere.
"""

from __future__ import annotations

from gazette.discussion.lexicons_base import (
    LEET,
    Gated,
    Narrowed,
    Searchable,
    alt,
    plain,
    spread,
    terms,
    top_level_alternatives,
    verb,
    words,
)
from gazette.discussion.lexicons_harm import (
    AGENTS,
    BODY_PARTS,
    BROKEN,
    HARM_EVENTS,
    HARM_VERBS,
    MISSED,
    MODALS,
    PRONOUN_OBJECTS,
    REGRETS,
    ROLES,
    WEAPONS,
    WISHES,
)
from gazette.discussion.lexicons_people import (
    BEASTS,
    DISEASES,
    GROUP_CONTEMPT,
    INSULT_ADJECTIVES,
    INSULT_LEADS,
    INSULT_NOUNS,
    NEGATIONS,
    OTHER_GROUPS,
    PEOPLE_WORDS,
    PERSON_ATTACKS,
    PROTECTED_GROUPS,
    REPORTING,
    STATE_NOUNS,
    SUPERLATIVE_ATTACKS,
    SWARMS,
)

__all__ = [
    "AGENTS",
    "BEASTS",
    "BODY_PARTS",
    "BROKEN",
    "DISEASES",
    "GROUP_CONTEMPT",
    "HARM_EVENTS",
    "HARM_VERBS",
    "INSULT_ADJECTIVES",
    "INSULT_LEADS",
    "INSULT_NOUNS",
    "LEET",
    "MISSED",
    "MODALS",
    "NEGATIONS",
    "OTHER_GROUPS",
    "PEOPLE_WORDS",
    "PERSON_ATTACKS",
    "PRONOUN_OBJECTS",
    "PROTECTED_GROUPS",
    "REGRETS",
    "REPORTING",
    "ROLES",
    "STATE_NOUNS",
    "SUPERLATIVE_ATTACKS",
    "SWARMS",
    "WEAPONS",
    "WISHES",
    "Gated",
    "Narrowed",
    "Searchable",
    "alt",
    "plain",
    "spread",
    "terms",
    "top_level_alternatives",
    "verb",
    "words",
]

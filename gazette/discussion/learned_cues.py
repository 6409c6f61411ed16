"""The learned signal's cues: the grammar's word classes read off a comment.

What ``learned.py``'s model reads besides the n-grams: the grammar's partial
cues found anywhere in the comment (``cues``: a target, a harm verb or event,
a weapon, a modal, a wish frame, an agent called on, a group, an epithet, and
their pairs) and the *class n-grams* (``class_grams``: each word of a grammar
class replaced by the class's name, each person or people named by ``NAME`` /
``PEOPLE``). ``learned.py`` re-exports both; see its docstring.
"""

from __future__ import annotations

import functools
import re
from itertools import compress

from gazette.discussion import features, grammar
from gazette.discussion import lexicons as lx
from gazette.discussion.lexicons_base import distributed
from gazette.discussion.standards import fold


def _alternatives(pattern: str) -> list[str]:
    """Return the top-level alternatives of ``pattern`` (a class's ``(?:...)``)."""
    if pattern.startswith("(?:") and pattern.endswith(")"):
        pattern = pattern[3:-1]
    return lx.top_level_alternatives(pattern)


def _word_class(*patterns: str) -> re.Pattern[str]:
    """Return ``\\b(?:class)\\b`` with the alternatives grouped by first letter.

    Python's ``re`` tries an alternation's branches one after the other at
    each word; grouped under their first letter, a word skips all but one
    group at one comparison each. A cue only asks whether the class occurs,
    which no order of the branches changes; the grammar's own constructions,
    whose matched words are reported, keep the lexicon's order.
    """
    groups: dict[str, list[str]] = {}
    others: list[str] = []
    alternatives = (a for p in patterns for a in _alternatives(p))
    for alternative in (d for a in alternatives for d in distributed(a)):
        first, rest = alternative[:1], alternative[1:]
        if first.isalnum() and rest[:1] not in ("?", "*", "+", "{"):
            groups.setdefault(first, []).append(rest)
        else:
            others.append(alternative)
    branches = [
        f"{first}(?:{'|'.join(rests)})" for first, rests in sorted(groups.items())
    ]
    return re.compile(rf"\b(?:{'|'.join(branches + others)})\b")


# The grammar's word classes, found anywhere in the comment (not in a
# construction): the model weighs them and their pairs.
_CUES: dict[str, re.Pattern[str]] = {
    "harm_verb": _word_class(lx.HARM_VERBS),
    "harm_event": _word_class(lx.HARM_EVENTS),
    "weapon": _word_class(lx.WEAPONS),
    "object": _word_class(lx.PRONOUN_OBJECTS),
    "role": _word_class(lx.ROLES),
    "agent": _word_class(lx.AGENTS),
    "modal": _word_class(lx.MODALS),
    "wish": _word_class(lx.WISHES),
    "intent": re.compile(
        r"\b(?:i|we) (?:will|am going to|are going to|shall|intend to|plan to|"
        r"would happily|would gladly)\b"
    ),
    "group": _word_class(lx.PROTECTED_GROUPS, lx.OTHER_GROUPS),
    "beast": _word_class(lx.BEASTS, lx.DISEASES),
    "negation": _word_class(lx.NEGATIONS),
    "reporting": _word_class(lx.REPORTING),
    "quote": re.compile(r"\bquote\b"),
}
# The same, as the lexicon writes them (a test compares the two readings).
PLAIN_CUES: dict[str, re.Pattern[str]] = {
    "harm_verb": re.compile(rf"\b{lx.plain(lx.HARM_VERBS)}\b"),
    "harm_event": re.compile(rf"\b{lx.plain(lx.HARM_EVENTS)}\b"),
    "weapon": re.compile(rf"\b{lx.plain(lx.WEAPONS)}\b"),
    "object": re.compile(rf"\b{lx.plain(lx.PRONOUN_OBJECTS)}\b"),
    "role": re.compile(rf"\b{lx.plain(lx.ROLES)}\b"),
    "agent": re.compile(rf"\b{lx.plain(lx.AGENTS)}\b"),
    "modal": re.compile(rf"\b{lx.plain(lx.MODALS)}\b"),
    "wish": re.compile(rf"\b{lx.plain(lx.WISHES)}\b"),
    "group": re.compile(
        rf"\b(?:{lx.plain(lx.PROTECTED_GROUPS)[3:-1]}|"
        rf"{lx.plain(lx.OTHER_GROUPS)[3:-1]})\b"
    ),
    "beast": re.compile(
        rf"\b(?:{lx.plain(lx.BEASTS)[3:-1]}|{lx.plain(lx.DISEASES)[3:-1]})\b"
    ),
    "negation": re.compile(rf"\b{lx.plain(lx.NEGATIONS)}\b"),
    "reporting": re.compile(rf"\b{lx.plain(lx.REPORTING)}\b"),
}
_FRAMES = ("agent", "modal", "wish", "intent", "object", "role", "group")
_HARMS = ("harm_verb", "harm_event", "weapon")
_PAIRS: tuple[tuple[str, str], ...] = (
    ("group", "beast"),
    ("group", "contempt"),
    ("group", "sweeping"),
)
_PAIRS += (("you", "epithet"), ("role", "epithet"), ("link", "digits"))


def _members(pattern: str) -> frozenset[str]:
    """Return the single words a class's alternation matches whole."""
    whole = re.compile(pattern)
    candidates = re.findall("[a-z]+", lx.plain(pattern))
    return frozenset(w for w in candidates if whole.fullmatch(w))


# Each word of a grammar class read as the class (the first class listed wins).
_CLASS_OF: dict[str, str] = {}
for _name, _pattern in (
    ("HARM", lx.HARM_VERBS),
    ("HARMEV", lx.HARM_EVENTS),
    ("WEAPON", lx.WEAPONS),
    ("BEAST", lx.BEASTS),
    ("BEAST", lx.DISEASES),
    ("BEAST", lx.SWARMS),
    ("GROUP", lx.PROTECTED_GROUPS),
    ("CROWD", lx.OTHER_GROUPS),
    ("ROLE", lx.ROLES),
    ("AGENT", lx.AGENTS),
    ("EPITHET", lx.INSULT_NOUNS),
    ("INSADJ", lx.INSULT_ADJECTIVES),
    ("INSADJ", lx.PERSON_ATTACKS),
    ("CONTEMPT", lx.GROUP_CONTEMPT),
    ("PERSON", lx.PEOPLE_WORDS),
    ("REPORT", lx.REPORTING),
):
    for _word in sorted(_members(_pattern)):
        _CLASS_OF.setdefault(_word, _name)
for _word in ("hope", "hoping", "wish", "pray", "praying"):
    _CLASS_OF[_word] = "WISH"

# Cues read from the sentence's set of words (cheaper than a pattern each).
_WORD_CUES: dict[str, frozenset[str]] = {
    "epithet": _members(lx.INSULT_NOUNS) | _members(lx.PERSON_ATTACKS),
    "contempt": _members(lx.GROUP_CONTEMPT),
    "you": frozenset({"you", "your", "yourself"}),
    "sweeping": frozenset({"all", "every", "always", "never"}),
    "link": lx.words("www http https com net co uk biz shop xyz info"),
}

# A person named mid-sentence ("... and Drolet should ..."), as written, or
# opening a sentence as the subject of a verb ("Drolet should be hanged").
_NAME = re.compile(r"(?<=[a-z,] )[A-Z][a-z]{2,}\b")
_SUBJECT = re.compile(
    r"(?:^|[.!?] +)([A-Z][a-z]{2,}) (?:should|must|will|needs?|deserves?|ought|"
    r"is|was|has|had|can|could|would|gets?|got|better)\b"
)
_NOT_NAMES = lx.words(
    """
    the this that these those there here what who why how when where which
    someone somebody everyone everybody anyone anybody nobody people it its
    they she his her our your their one nothing something everything
    """
)


def _normalised(text: str) -> tuple[str, str]:
    """Return (folded, sentences joined) of the text, as the grammar reads it."""
    folded = fold(text[: features.MAX_CHARS])
    sentences, _ = grammar.normalise(folded)
    return folded, " . ".join(sentences)


@functools.lru_cache(maxsize=16)
def _demonyms(text: str) -> tuple[str, ...]:
    """Return ``grammar.demonyms(text)``, found once per comment.

    The class n-grams and the target gate (``learned.has_target``) both read it.
    """
    return tuple(grammar.demonyms(text))


@functools.lru_cache(maxsize=16)
def cues(text: str) -> frozenset[str]:
    """Return the names of the grammar's word classes (and pairs) found in text."""
    _, plain = _normalised(text)
    found = {name for name, pattern in _CUES.items() if pattern.search(plain)}
    words = set(plain.split())
    found |= {name for name, members in _WORD_CUES.items() if words & members}
    if any(len(word) > 2 and word.isdigit() for word in words):
        found.add("digits")
    found |= {
        f"{frame}+{harm}"
        for frame in _FRAMES
        for harm in _HARMS
        if {frame, harm} <= found
    }
    found |= {f"{a}+{b}" for a, b in _PAIRS if a in found and b in found}
    return frozenset(found)


def _named(text: str) -> frozenset[str]:
    """Return the words (folded) that name a person or a people in ``text``."""
    names = {m.group(0).casefold() for m in _NAME.finditer(text)}
    names |= {
        m.group(1).casefold()
        for m in _SUBJECT.finditer(text)
        if m.group(1).casefold() not in _NOT_NAMES
    }
    return frozenset(names - _NOT_NAMES)


@functools.lru_cache(maxsize=16)
def class_grams(text: str) -> tuple[str, ...]:
    """Return the class n-grams of ``text``: one, two and three tokens.

    Each word is its grammar class where it has one ("AGENT should HARM
    NAME"), a person named ``NAME``, a people ``PEOPLE``, a number ``NUM``;
    only n-grams with a class in them are kept, so the rest of the words are
    the n-gram blocks' business.
    """
    _, plain = _normalised(text)
    names = _named(text)
    peoples = {word.casefold() for word in _demonyms(text)}
    grams: list[str] = []
    for sentence in plain.split(" . "):
        tokens = []
        for word in sentence.split():
            if word in peoples:
                tokens.append("PEOPLE")
            elif word in names:
                tokens.append("NAME")
            elif word.isdigit():
                tokens.append("NUM")
            else:
                tokens.append(_CLASS_OF.get(word, word))
        marked = [token.isupper() for token in tokens]
        if not any(marked):
            continue
        # One, two and three tokens with a class in them, in this order.
        grams += compress(tokens, marked)
        pairs = zip(tokens, tokens[1:], marked, marked[1:], strict=False)
        grams += [f"{a} {b}" for a, b, x, y in pairs if x or y]
        triples = zip(
            tokens, tokens[1:], tokens[2:], marked, marked[1:], marked[2:], strict=False
        )
        grams += [f"{a} {b} {c}" for a, b, c, x, y, z in triples if x or y or z]
    return tuple(grams)
